//! MS010 copy-from-stage-index: `COPY --from=0` refers to a stage by its position. Adding a stage
//! above it silently changes what is copied; a name (`FROM … AS build`, `--from=build`) does not move.

use crate::diagnostic::Severity;
use crate::model::stage_graph::Source;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS010",
    name: "copy-from-stage-index",
    severity: Severity::Style,
    default_enabled: true,
    aliases: &[],
    summary: "`COPY --from` refers to a stage by number; name the stage.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for node in &model.graph().nodes {
        for read in &node.reads {
            let Source::Stage(index) = read.source else { continue };
            if !read.value.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            let help = match model.stages.get(index).and_then(|s| s.name.as_deref()) {
                Some(name) => format!("write `--from={name}`"),
                None => format!("name stage {index} (`FROM … AS build`) and write `--from=build`"),
            };
            findings.push(
                Finding::new(read.span, format!("`--from={}` refers to a stage by its position", read.value))
                    .label("changes meaning when a stage is added above")
                    .help(help),
            );
        }
    }
    findings
}
