//! RES002 invalid-healthcheck: a HEALTHCHECK that `docker build` rejects (a bad `--interval`/
//! `--timeout`/`--start-period`/`--start-interval` duration or one under 1ms, a negative or non-numeric
//! `--retries`, `NONE` with arguments, `CMD` with no command, an unknown type), or one whose options do
//! nothing: flags on `HEALTHCHECK NONE` are silently ignored.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, syntax_errors, Finding, Fixable, Rule};
use crate::syntax::dockerfile::{Keyword, SyntaxErrorKind};

pub const RULE: Rule = Rule {
    code: "RES002",
    name: "invalid-healthcheck",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &[],
    summary: "A HEALTHCHECK has invalid options, arguments or no command.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings: Vec<Finding> = syntax_errors(model, SyntaxErrorKind::InvalidHealthcheck)
        .map(|e| {
            Finding::new(e.span, e.message.clone())
                .label("BuildKit rejects this")
                .note(format!("`docker build` stops here: dockerfile parse error on line {}", e.start_line))
        })
        .collect();
    for inst in model.tree.instructions.iter().filter(|i| i.kind == Keyword::Healthcheck && !i.has_error) {
        let none = inst.args.first().is_some_and(|a| a.value.eq_ignore_ascii_case("none"));
        if let (true, Some(first), Some(last)) = (none, inst.flags.first(), inst.flags.last()) {
            findings.push(
                Finding::new(first.span.cover(last.span), "Options on `HEALTHCHECK NONE` are ignored")
                    .label("no effect")
                    .help("drop the options: `HEALTHCHECK NONE` only turns the base image's check off"),
            );
        }
    }
    findings
}
