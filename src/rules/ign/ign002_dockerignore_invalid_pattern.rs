//! IGN002 dockerignore-invalid-pattern: a line Docker refuses. A lone `!` or a pattern Go's
//! `filepath.Match` rejects (an unclosed `[`) fails every `docker build` with this context; a pattern
//! whose translated regular expression does not compile fails the builds whose files reach it; a line of
//! 64 KiB or more makes the whole file unreadable.

use crate::diagnostic::Severity;
use crate::model::ignore_file::IgnoreModel;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerignore::IgnoreErrorKind;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "IGN002",
    name: "dockerignore-invalid-pattern",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &[],
    summary: "A `.dockerignore` line that Docker refuses.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerignore(check),
};

fn check(model: &IgnoreModel) -> Vec<Finding> {
    model
        .file
        .errors
        .iter()
        .map(|error| {
            let span = Span::new(error.span.start, error.span.end);
            let (label, help) = match &error.kind {
                IgnoreErrorKind::LineTooLong => ("Docker cannot read a line this long", "split or shorten the line (under 64 KiB)"),
                IgnoreErrorKind::IllegalExclusion => ("`!` needs a pattern after it", "write the path to re-include after the `!`, or remove the line"),
                IgnoreErrorKind::BadPattern { reason } if reason.contains('[') || reason.contains("range") => {
                    ("Docker rejects this pattern", "close the `[…]` class (ranges go low to high), or escape a literal `[` as `\\[`")
                }
                IgnoreErrorKind::BadPattern { .. } => {
                    ("Docker rejects this pattern", "`\\` escapes the next character: separate folders with `/`, and do not end a pattern with `\\`")
                }
            };
            let mut finding = Finding::new(span, format!("Docker refuses this pattern: {}", error.docker_message()))
                .label(label)
                .help(help);
            if let IgnoreErrorKind::BadPattern { reason } = &error.kind {
                finding = finding.note(format!("Go's matcher says: {reason}"));
            }
            finding.note("`docker build` fails with this context until the line is fixed")
        })
        .collect()
}
