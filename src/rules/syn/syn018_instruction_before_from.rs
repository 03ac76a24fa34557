//! SYN018 instruction-before-from: only ARG may come before the first FROM.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, syntax_errors, Finding, Fixable, Rule};
use crate::syntax::dockerfile::SyntaxErrorKind;

pub const RULE: Rule = Rule {
    code: "SYN018",
    name: "instruction-before-from",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL3061"],
    summary: "An instruction other than ARG comes before the first FROM.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    syntax_errors(model, SyntaxErrorKind::InstructionBeforeFrom)
        .map(|e| {
            Finding::new(e.span, "no build stage in current context")
                .label("no FROM before this instruction")
                .help("start the file with `FROM` (only `ARG` may come before it)")
        })
        .collect()
}
