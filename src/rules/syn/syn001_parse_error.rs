//! SYN001 parse-error: the file does not parse as BuildKit would parse it.
//!
//! Every syntax error the parser found becomes one finding on the token at fault: a Dockerfile with one
//! fails `docker build` before anything is built. Errors that a dedicated rule names more precisely
//! (an instruction before FROM, a forbidden ONBUILD trigger, an invalid HEALTHCHECK) are left to that
//! rule.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, syntax_errors, Finding, Fixable, Rule};
use crate::syntax::dockerfile::SyntaxErrorKind;

pub const RULE: Rule = Rule {
    code: "SYN001",
    name: "parse-error",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL1000"],
    summary: "The file does not parse as BuildKit parses it (unknown instruction, bad flag, bad JSON array, unterminated heredoc…).",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    syntax_errors(model, SyntaxErrorKind::General)
        .map(|e| {
            Finding::new(e.span, e.message.clone())
                .label("BuildKit rejects this")
                .note(format!("`docker build` stops here: dockerfile parse error on line {}", e.start_line))
        })
        .collect()
}
