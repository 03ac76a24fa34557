//! Findings as plain data: what renderers, the fixer and the language server all consume alike.

use std::path::PathBuf;

use serde::Serialize;

use crate::syntax::source::Span;

/// How bad a finding is, most severe first (so sorting puts errors before warnings).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Style => "style",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        [Severity::Error, Severity::Warning, Severity::Info, Severity::Style].into_iter().find(|v| v.as_str() == s)
    }

    /// Whether a finding of this severity reaches a failure threshold.
    pub fn reaches(self, threshold: Severity) -> bool {
        self <= threshold
    }
}

/// A secondary label: another place in the file that explains the finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// Whether a fix may be applied by `--fix` alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// The image builds to the same result, or a strictly better one.
    Safe,
    /// Behaviour may change: applied only with `--unsafe-fixes`.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement of a byte range of the linted file (an insertion when the range is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit { span, content: content.into() }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Edit {
        Edit { span: Span::new(at, at), content: content.into() }
    }

    pub fn delete(span: Span) -> Edit {
        Edit { span, content: String::new() }
    }
}

/// How to repair a finding: edits built from the syntax tree's spans, so that everything else in the
/// file (comments, continuations, the escape character, spacing) keeps its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, as a user reads it (`Write COPY`).
    pub message: String,
    /// Non-overlapping, in any order.
    pub edits: Vec<Edit>,
    /// A file the fix creates instead (only where none exists): the `.dockerignore` a context lacks.
    pub creates: Option<NewFile>,
}

/// A file a fix writes from nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub path: PathBuf,
    pub content: String,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { applicability: Applicability::Safe, message: message.into(), edits, creates: None }
    }

    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix { applicability: Applicability::Unsafe, message: message.into(), edits, creates: None }
    }

    /// A fix that creates `path` with `content` (and edits nothing).
    pub fn create(applicability: Applicability, message: impl Into<String>, path: PathBuf, content: String) -> Fix {
        Fix { applicability, message: message.into(), edits: Vec::new(), creates: Some(NewFile { path, content }) }
    }

    /// The smallest span holding every edit.
    pub fn extent(&self) -> Option<Span> {
        self.edits.iter().map(|e| e.span).reduce(Span::cover)
    }
}

/// One finding of one rule in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    /// The exact tokens at fault.
    pub span: Span,
    /// What to write under the primary span.
    pub label: String,
    pub secondary: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
    pub fix: Option<Fix>,
}

/// Where each rule's documentation is published: its `rules/<CODE>.md`.
pub const DOCS_BASE_URL: &str = "https://github.com/layerlint/layerlint/blob/main/rules/";

impl Diagnostic {
    pub fn url(&self) -> String {
        format!("{DOCS_BASE_URL}{}.md", self.code)
    }
}
