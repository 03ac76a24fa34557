//! MS006 reserved-stage-name: a stage named `scratch` or `context` (BuildKit's ReservedStageName).
//!
//! `scratch` is the empty base image and `context` names the build context in `COPY --from`; a stage
//! with either name shadows them.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS006",
    name: "reserved-stage-name",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL3063", "ReservedStageName"],
    summary: "A stage is named `scratch` or `context`, names Docker reserves.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .stages
        .iter()
        .filter_map(|stage| {
            let name = stage.name.as_deref().filter(|n| matches!(*n, "scratch" | "context"))?;
            let from = model.from_instruction(stage)?;
            let span = from.args.get(2).map_or(from.span, |a| a.span);
            Some(
                Finding::new(span, format!("Stage name should not use the same name as reserved stage {name:?}"))
                    .label("reserved name")
                    .help("rename the stage, e.g. `builder`"),
            )
        })
        .collect()
}
