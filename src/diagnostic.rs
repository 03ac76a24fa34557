//! Findings as plain data: what renderers, the fixer and the language server all consume alike.

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
}

/// Where each rule's documentation is published: its `rules/<CODE>.md`.
pub const DOCS_BASE_URL: &str = "https://github.com/layerlint/layerlint/blob/main/rules/";

impl Diagnostic {
    pub fn url(&self) -> String {
        format!("{DOCS_BASE_URL}{}.md", self.code)
    }
}
