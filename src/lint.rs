//! Linting one file: parse it, run the rules, and collect the findings in a stable order.

use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::syntax::dockerfile::{self, Dockerfile};

/// The findings for one file, with the parsed tree the renderers quote from.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user named it (or `--stdin-filename`).
    pub path: String,
    pub tree: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn lint_text(path: String, text: &str) -> FileReport {
    let tree = dockerfile::parse(text);
    let mut diagnostics = rules::syn::syn001_parse_error::check(&tree);
    diagnostics.sort_by(|a, b| (a.span.start, a.code, &a.message).cmp(&(b.span.start, b.code, &b.message)));
    FileReport { path, tree, diagnostics }
}
