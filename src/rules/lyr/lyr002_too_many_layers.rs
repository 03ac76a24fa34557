//! LYR002 too-many-layers: a stage makes more filesystem layers (RUN, COPY, ADD) than the budget
//! (`max-layers`, default 30; Docker's hard limit is 127 for the whole image). Every layer is a
//! separate download and unpack, adds metadata, and keeps whatever later layers delete.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Finding, Fixable, OptionKind, Rule, RuleOption};
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
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let budget = model.option("LYR002", "max-layers").and_then(toml::Value::as_integer).unwrap_or(30);
    let budget = usize::try_from(budget).unwrap_or(30);
    let mut findings = Vec::new();
    for stage in &model.stages {
        let layers: Vec<usize> = model
            .commands(stage)
            .filter(|(_, i)| matches!(i.kind, Keyword::Run | Keyword::Copy | Keyword::Add) && !i.has_error)
            .map(|(index, _)| index)
            .collect();
        if layers.len() <= budget {
            continue;
        }
        let from = model.instruction(stage.from);
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
