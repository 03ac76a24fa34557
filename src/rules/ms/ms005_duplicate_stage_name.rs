//! MS005 duplicate-stage-name: two stages share a name (BuildKit's DuplicateStageName).
//!
//! Names are compared lowercased, as BuildKit stores them; the later FROM is reported, since it is the
//! one that makes `--target` and `COPY --from` ambiguous.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS005",
    name: "duplicate-stage-name",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL3024", "DuplicateStageName"],
    summary: "Two stages share a name.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (i, stage) in model.stages.iter().enumerate() {
        let Some(name) = &stage.name else { continue };
        let Some(first) = model.stages[..i].iter().find(|s| s.name.as_ref() == Some(name)) else { continue };
        let (Some(from), Some(earlier)) = (model.from_instruction(stage), model.from_instruction(first)) else { continue };
        let span = from.args.get(2).map_or(from.span, |a| a.span);
        findings.push(
            Finding::new(span, format!("Duplicate stage name {name:?}, stage names should be unique"))
                .label("this name is already taken")
                .secondary(earlier.args.get(2).map_or(earlier.span, |a| a.span), "first used here"),
        );
    }
    findings
}
