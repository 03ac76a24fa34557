//! IGN003 dockerignore-ineffective-pattern: a line that cannot do what it seems to. Docker only treats a
//! `#` in the first column as a comment, so `node_modules # deps` is one pattern that matches nothing;
//! a pattern that climbs out of the context (`../x`) matches nothing; an exception (`!x`) with no
//! earlier exclusion that could have left `x` out re-includes nothing; and an exclusion already made by
//! an earlier line (with no exception between them) changes nothing.

use crate::diagnostic::Severity;
use crate::model::ignore_file::IgnoreModel;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerignore::Pattern;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "IGN003",
    name: "dockerignore-ineffective-pattern",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "A `.dockerignore` pattern that cannot do what it seems to.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerignore(check),
};

fn check(model: &IgnoreModel) -> Vec<Finding> {
    let patterns = model.file.ignore.patterns();
    let mut findings = Vec::new();
    for (index, pattern) in patterns.iter().enumerate() {
        let span = Span::new(pattern.span().start, pattern.span().end);
        let text = pattern.text();
        if let Some(hash) = trailing_comment(text) {
            let at = Span::new(span.start + hash, span.end);
            findings.push(
                Finding::new(at, format!("`{}` is part of the pattern: only a `#` at the start of a line is a comment", &text[hash..]))
                    .label("not a comment")
                    .help("move the comment to a line of its own"),
            );
            continue;
        }
        if pattern.cleaned() == ".." || pattern.cleaned().starts_with("../") {
            findings.push(
                Finding::new(span, format!("`{text}` points outside the build context, so it matches nothing"))
                    .label("matches nothing")
                    .help("patterns are relative to the context root; remove the `../`"),
            );
            continue;
        }
        let earlier = &patterns[..index];
        if pattern.is_exception() {
            if !earlier.iter().any(|x| !x.is_exception() && may_overlap(x, pattern)) {
                findings.push(
                    Finding::new(span, format!("`{text}` re-includes nothing: no earlier line excludes `{}` or anything in it", pattern.cleaned()))
                        .label("nothing to re-include")
                        .help("an exception only undoes exclusions above it: move it below the line it is meant to undo, or remove it"),
                );
            }
            continue;
        }
        let shadowing = earlier.iter().enumerate().rev().find(|(at, x)| {
            !x.is_exception() && !earlier[*at + 1..].iter().any(Pattern::is_exception) && covers(x, pattern)
        });
        if let Some((_, earlier)) = shadowing {
            let earlier_span = Span::new(earlier.span().start, earlier.span().end);
            findings.push(
                Finding::new(span, format!("`{text}` excludes nothing new: line {} (`{}`) already excludes it", earlier.line(), earlier.text()))
                    .label("already excluded")
                    .secondary(earlier_span, "excluded here")
                    .help("remove the redundant line"),
            );
        }
    }
    findings
}

/// Where a ` #` (or tab `#`) starts trailing text meant as a comment, if the pattern has some before it.
fn trailing_comment(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let hash = (1..bytes.len()).find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t'))?;
    (!text[..hash].trim().is_empty()).then_some(hash)
}

/// Whether the exclusion `x` could leave out `e` (an exception's path), a folder above it, or
/// something inside it, so that `e` has something to re-include.
fn may_overlap(x: &Pattern, e: &Pattern) -> bool {
    if !e.is_literal() {
        return true;
    }
    let path = e.cleaned();
    if x.matches_or_parent(path) {
        return true;
    }
    let prefix = literal_prefix(x.cleaned());
    let inside = format!("{path}/");
    prefix.starts_with(&inside) || (!x.is_literal() && inside.starts_with(prefix))
}

/// Whether the exclusion `x` already excludes everything `p` does.
fn covers(x: &Pattern, p: &Pattern) -> bool {
    if x.cleaned() == p.cleaned() {
        return true;
    }
    if p.is_literal() {
        return x.matches_or_parent(p.cleaned());
    }
    // `node_modules` then `node_modules/**`: everything `p` can match is inside a folder `x` excludes.
    let prefix = literal_prefix(p.cleaned());
    x.is_literal() && prefix.starts_with(&format!("{}/", x.cleaned()))
}

/// The part of a cleaned pattern before its first wildcard or escape.
fn literal_prefix(cleaned: &str) -> &str {
    &cleaned[..cleaned.find(['*', '?', '[', '\\']).unwrap_or(cleaned.len())]
}
