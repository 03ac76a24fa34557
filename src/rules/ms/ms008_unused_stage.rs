//! MS008 unused-stage: a stage that is not the final one and that no other stage uses (as a base, by
//! `COPY --from` or by `--mount from=`). A default `docker build` skips it entirely: it is dead code, or
//! a target built with `--target` that the file does not say it is.
//!
//! Stages named by `--target` or by the `build-targets` option are targets and not reported (the
//! final stage is the `--target` one when given).

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Finding, Fixable, OptionKind, Rule, RuleOption};

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
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let targets: Vec<String> = model.string_list_option("MS008", "build-targets").iter().map(|t| t.to_lowercase()).collect();
    let Some(last) = model.final_stage() else { return Vec::new() };
    let graph = model.graph();
    let mut findings = Vec::new();
    for stage in &model.stages {
        if stage.index == last.index || graph.is_used(stage.index) {
            continue;
        }
        if stage.name.as_ref().is_some_and(|n| targets.contains(n)) {
            continue;
        }
        let from = model.instruction(stage.from);
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
