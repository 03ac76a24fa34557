//! SYN006 no-empty-continuation: a blank line inside a continued instruction (BuildKit's
//! NoEmptyContinuation). BuildKit drops the line today and has announced it will become an error.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN006",
    name: "no-empty-continuation",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["NoEmptyContinuation"],
    summary: "A blank line inside a continuation.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .tree
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("Empty continuation line"))
        .map(|w| {
            Finding::new(w.span, "Empty continuation line")
                .label("this instruction has a blank line inside its continuation")
                .note("empty continuation lines will become errors in a future BuildKit release")
                .help("delete the blank line, or end the instruction before it")
        })
        .collect()
}
