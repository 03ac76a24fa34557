//! LYR002 too-many-layers: a stage makes more filesystem layers (RUN, COPY, ADD) than the budget
//! (`max-layers`, default 30; Docker's hard limit is 127 for the whole image), counting the layers of
//! the stages it builds on. Every layer is a separate download and unpack, adds metadata, and keeps
//! whatever later layers delete. A chain over budget is reported once, at its last stage.

use crate::diagnostic::Severity;
use crate::model::stage_graph::Base;
use crate::model::{Model, Stage};
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "LYR002",
    name: "too-many-layers",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "A stage makes more layers (RUN/COPY/ADD) than the budget (default 30).",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "max-layers",
        kind: OptionKind::Integer,
        default: "30",
        doc: "How many RUN, COPY and ADD instructions a stage may have (1 to 127).",
        range: Some((1, 127)),
    }],
    check: Check::Dockerfile(check),
};

/// The layers of a stage and of the stages it builds on (`FROM build AS final` ships build's layers too),
/// earliest first.
fn layers_of(model: &Model, stage: &Stage) -> Vec<usize> {
    let graph = model.graph();
    let mut chain = vec![stage.index];
    while let Some(Base::Stage(parent)) = chain.last().and_then(|&s| graph.nodes.get(s)).map(|n| &n.base) {
        if chain.contains(parent) {
            break;
        }
        chain.push(*parent);
    }
    chain
        .iter()
        .rev()
        .filter_map(|&s| model.stages.get(s))
        .flat_map(|s| model.commands(s))
        .filter(|(_, i)| matches!(i.kind, Keyword::Run | Keyword::Copy | Keyword::Add) && !i.has_error)
        .map(|(index, _)| index)
        .collect()
}

fn check(model: &Model) -> Vec<Finding> {
    let budget = model.option("LYR002", "max-layers").and_then(toml::Value::as_integer).unwrap_or(30);
    let budget = usize::try_from(budget).unwrap_or(30);
    let graph = model.graph();
    let counts: Vec<Vec<usize>> = model.stages.iter().map(|s| layers_of(model, s)).collect();
    let mut findings = Vec::new();
    for stage in &model.stages {
        let layers = &counts[stage.index];
        if layers.len() <= budget {
            continue;
        }
        // Reported once, at the last stage of a chain that is over: a stage built on this one holds its layers.
        let child_over = model.stages.iter().any(|child| {
            graph.nodes.get(child.index).is_some_and(|n| n.base == Base::Stage(stage.index)) && counts[child.index].len() > budget
        });
        if child_over {
            continue;
        }
        let Some(from) = model.from_instruction(stage) else { continue };
        let first_over = model.instruction(layers[budget]);
        findings.push(
            Finding::new(from.keyword_span.cover(stage.base_span), format!("This stage makes {} layers; the budget is {budget}", layers.len()))
                .label("stage starts here")
                .secondary(first_over.keyword_span, format!("layer {} is over the budget", budget + 1))
                .help("merge consecutive RUNs, copy folders rather than single files, and move build steps to a build stage"),
        );
    }
    findings
}
