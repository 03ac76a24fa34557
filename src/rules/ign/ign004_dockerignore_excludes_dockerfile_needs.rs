//! IGN004 dockerignore-excludes-dockerfile-needs: a pattern leaves out a path that a COPY or ADD of a
//! Dockerfile built from this context needs, so that build fails with "not found" or copies less than
//! it seems to. The twin of CTX002, reported on the pattern (where the fix usually is) rather than on
//! the COPY. Judged with Docker's matcher, `!` exceptions included; only the Dockerfiles known to use
//! this file are read (those linted with it, or beside it).

use std::collections::BTreeMap;

use crate::diagnostic::Severity;
use crate::model::ignore_file::IgnoreModel;
use crate::rules::copies::{context_sources, excluded_by};
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "IGN004",
    name: "dockerignore-excludes-dockerfile-needs",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "A `.dockerignore` pattern excludes a path a Dockerfile copies.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerignore(check),
};

fn check(model: &IgnoreModel) -> Vec<Finding> {
    let ignore = &model.file.ignore;
    // Per pattern (by line): the copies it breaks, as `Dockerfile:line copies path`.
    let mut broken: BTreeMap<usize, (Span, String, Vec<String>)> = BTreeMap::new();
    for (used, dockerfile) in model.dockerfile_models() {
        for copied in context_sources(&dockerfile) {
            let Some(pattern) = excluded_by(ignore, &copied.path) else { continue };
            let line = used.tree.line_index.line_of(copied.source.span.start);
            let verb = copied.instruction.kind.as_str();
            let entry = broken.entry(pattern.line()).or_insert_with(|| {
                (Span::new(pattern.span().start, pattern.span().end), pattern.text().to_owned(), Vec::new())
            });
            entry.2.push(format!("{}:{line} {verb} `{}`", used.path.display(), copied.expanded));
        }
    }
    broken
        .into_values()
        .map(|(span, text, uses)| {
            let first = uses.first().cloned().unwrap_or_default();
            let mut finding = Finding::new(span, format!("`{text}` excludes what a Dockerfile copies: {first}"))
                .label("Docker does not send what this matches")
                .help("narrow the pattern, or re-include the copied path with a `!` line below it");
            for more in uses.iter().skip(1) {
                finding = finding.note(format!("also needed by {more}"));
            }
            finding
        })
        .collect()
}
