//! CTX002 copy-ignored-file: a COPY or ADD source is excluded by the context's `.dockerignore`
//! (BuildKit's CopyIgnoredFile): Docker does not send it, and the build fails with "not found" or
//! copies less than it seems to. Judged with Docker's own matcher, `!` exceptions included (BuildKit's
//! check skips ignore files that have any `!` line; Docker's send does not, and neither does this
//! rule). `.` and `/` are reported only when the file excludes everything (`*`, `**`, `**/*`, and no
//! `!` line).
//! A folder with something re-included inside it is sent in part, and not reported. Sources with
//! wildcards are not judged yet; sources that hold variables are judged as they expand.
//! Only checked when the Dockerfile is linted with its context on disk.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::copies::{context_sources, excluded_by};
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX002",
    name: "copy-ignored-file",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["CopyIgnoredFile"],
    summary: "A COPY or ADD source is excluded by `.dockerignore`.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(Ok(context)) = model.build_context() else { return Vec::new() };
    let Some(ignore_file) = context.ignore_file() else { return Vec::new() };
    let mut findings = Vec::new();
    for copied in context_sources(model) {
        let Some(pattern) = excluded_by(context.ignore(), &copied.path) else { continue };
        let verb = if copied.instruction.kind == Keyword::Add { "Add" } else { "Copy" };
        findings.push(
            Finding::new(copied.source.span, format!("Attempting to {verb} file {:?} that is excluded by .dockerignore", copied.expanded))
                .label("Docker does not send this")
                .note(format!("excluded by `{}` on line {} of {}", pattern.text(), pattern.line(), ignore_file.display()))
                .help("copy something the context sends, or re-include it in `.dockerignore` with a `!` line"),
        );
    }
    findings
}
