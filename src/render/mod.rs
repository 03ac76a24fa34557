//! Renderers: each formats the same findings for one audience (terminal, editor, CI, machines).

mod checkstyle;
mod concise;
mod full;
mod github;
mod gitlab;
mod json;
mod json_lines;
mod junit;
mod sarif;

use std::borrow::Cow;

use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::lint::FileReport;

/// A finding located for output: 1-based lines, 1-based character columns, exclusive end.
pub struct Located<'a> {
    pub report: &'a FileReport,
    pub diagnostic: &'a Diagnostic,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

/// Every finding of every report, sorted by file, line, column and code.
pub fn located(reports: &[FileReport]) -> Vec<Located<'_>> {
    let mut out: Vec<Located> = reports
        .iter()
        .flat_map(|report| {
            report.diagnostics.iter().map(move |diagnostic| {
                let index = report.line_index();
                let text = report.text();
                let (line, column) = index.line_col(text, diagnostic.span.start);
                let (end_line, end_column) = index.line_col(text, diagnostic.span.end);
                Located { report, diagnostic, line, column, end_line, end_column }
            })
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.report.path, a.line, a.column, a.diagnostic.code).cmp(&(
            &b.report.path,
            b.line,
            b.column,
            b.diagnostic.code,
        ))
    });
    out
}

/// One edit of a fix, located as findings are: 1-based lines and character columns, exclusive end. It
/// serializes as the contract's JSON edit.
#[derive(serde::Serialize)]
pub struct LocatedEdit<'a> {
    /// The file the edit is in when it is not the finding's: a file the fix creates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub content: &'a str,
}

/// A fix's edits, located in the report's file, in file order.
pub fn located_edits<'a>(report: &FileReport, fix: &'a Fix) -> Vec<LocatedEdit<'a>> {
    let (index, text) = (report.line_index(), report.text());
    let mut edits: Vec<&crate::diagnostic::Edit> = fix.edits.iter().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    edits
        .into_iter()
        .map(|e| {
            let (line, column) = index.line_col(text, e.span.start);
            let (end_line, end_column) = index.line_col(text, e.span.end);
            LocatedEdit { file: None, line, column, end_line, end_column, content: &e.content }
        })
        .chain(fix.creates.iter().map(|new| LocatedEdit {
            file: Some(new.path.display().to_string()),
            line: 1,
            column: 1,
            end_line: 1,
            end_column: 1,
            content: &new.content,
        }))
        .collect()
}

/// The message with `[*] ` before it when `--fix` repairs the finding (as Ruff marks them): for the
/// formats that have no field of their own for a fix.
pub fn marked_message(d: &Diagnostic) -> Cow<'_, str> {
    match &d.fix {
        Some(fix) if fix.applicability == Applicability::Safe => Cow::Owned(format!("[*] {}", d.message)),
        _ => Cow::Borrowed(&d.message),
    }
}

/// Output formats of `check` (their command-line names are the kebab-case variant names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Full,
    Concise,
    Json,
    JsonLines,
    Sarif,
    Checkstyle,
    Junit,
    Github,
    Gitlab,
}

pub fn render(reports: &[FileReport], format: Format, color: bool) -> String {
    let findings = located(reports);
    match format {
        Format::Full => full::render(&findings, color),
        Format::Concise => concise::render(&findings),
        Format::Json => json::render(&findings),
        Format::JsonLines => json_lines::render(&findings),
        Format::Sarif => sarif::render(&findings),
        Format::Checkstyle => checkstyle::render(reports, &findings),
        Format::Junit => junit::render(reports, &findings),
        Format::Github => github::render(&findings),
        Format::Gitlab => gitlab::render(&findings),
    }
}
