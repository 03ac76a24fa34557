//! MS008 unused-stage: a stage that is not the final one and that no other stage uses (as a base, by
//! `COPY --from` or by `--mount from=`). A default `docker build` skips it entirely: it is dead code, or
//! a target built with `--target` that the file does not say it is.
//!
//! Not reported, as they are targets or may be used: stages named by `--target` or by the
//! `build-targets` option; stages a `FROM` or `--from` with a variable may name
//! (`FROM platform-${TARGETARCH}`); stages with their own CMD or ENTRYPOINT (built to be run); and
//! `FROM scratch` stages that only collect files (built with `--target` to export them); check stages
//! whose every RUN bind-mounts the build context (lint, vet, validate); stages named as development
//! environments (`dev`, `dev-env`). Files with a FROM, COPY, ADD or RUN that BuildKit rejects are not
//! judged.

use crate::diagnostic::Severity;
use crate::model::shell::{mounts, MountType};
use crate::model::stage_graph::Base;
use crate::rules::images::DEV_STAGE_NAMES;
use crate::model::{Model, Stage};
use crate::syntax::dockerfile::Keyword;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};

pub const RULE: Rule = Rule {
    code: "MS008",
    name: "unused-stage",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "A stage that is not the final one and that no other stage uses.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "build-targets",
        kind: OptionKind::StringList,
        default: "[]",
        doc: "Names of stages that are built on their own with `--target` (`[\"test\", \"dev\"]`): never reported.",
        range: None,
    }],
    check: Check::Dockerfile(check),
};

/// A stage built on its own with `--target`, by its shape: it has its own CMD/ENTRYPOINT (meant to be
/// run); it is a `FROM scratch` stage that runs nothing (files to export with `--output`); every RUN of
/// it bind-mounts the build context (a check: lint, vet, validate); or it is named as a development
/// environment (`dev`, `dev-env`).
fn is_target_by_shape(model: &Model, stage: &Stage) -> bool {
    let kinds: Vec<Keyword> = model.commands(stage).map(|(_, i)| i.kind).collect();
    let runnable = kinds.iter().any(|k| matches!(k, Keyword::Cmd | Keyword::Entrypoint));
    let scratch = model.graph().nodes.get(stage.index).is_some_and(|n| n.base == Base::Scratch);
    let runs: Vec<&crate::syntax::dockerfile::Instruction> =
        model.commands(stage).map(|(_, i)| i).filter(|i| i.kind == Keyword::Run).collect();
    let check = !runs.is_empty()
        && runs.iter().all(|i| mounts(i).iter().any(|m| m.kind == MountType::Bind && m.from.is_none()));
    let dev = stage.name.as_deref().is_some_and(|n| DEV_STAGE_NAMES.contains(&n));
    runnable || (scratch && runs.is_empty()) || check || dev
}

fn check(model: &Model) -> Vec<Finding> {
    let targets: Vec<String> = model.string_list_option("MS008", "build-targets").iter().map(|t| t.to_lowercase()).collect();
    let Some(last) = model.final_stage() else { return Vec::new() };
    // With a FROM, COPY, ADD or RUN that BuildKit rejects, which stage reads which is not known.
    let broken = model.tree.instructions.iter().any(|i| i.has_error && matches!(i.kind, Keyword::From | Keyword::Copy | Keyword::Add | Keyword::Run));
    if broken {
        return Vec::new();
    }
    let graph = model.graph();
    let mut findings = Vec::new();
    for stage in &model.stages {
        if stage.index == last.index || graph.is_used(stage.index) {
            continue;
        }
        if stage.name.as_ref().is_some_and(|n| targets.contains(n)) || is_target_by_shape(model, stage) {
            continue;
        }
        let Some(from) = model.from_instruction(stage) else { continue };
        let (span, what) = match (&stage.name, from.args.get(2)) {
            (Some(name), Some(arg)) => (arg.span, format!("Stage `{name}` is not used by any other stage")),
            _ => (from.keyword_span, format!("Stage {} is not used by any other stage", stage.index)),
        };
        findings.push(
            Finding::new(span, what)
                .label("skipped by `docker build`")
                .help("remove it, copy from it, or, if it is built with `--target`, list it in `[rules.MS008] build-targets`"),
        );
    }
    findings
}
