//! The contract's JSON array: one object per finding, sorted by file, line, column, code.

use serde::Serialize;

use super::Located;

#[derive(Serialize)]
struct FindingJson<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    url: String,
    fix: Option<FixJson<'a>>,
}

/// The contract's `fix` object.
#[derive(Serialize)]
struct FixJson<'a> {
    applicability: &'static str,
    message: &'a str,
    edits: Vec<super::LocatedEdit<'a>>,
}

pub fn render(findings: &[Located]) -> String {
    let items: Vec<FindingJson> = findings
        .iter()
        .map(|f| FindingJson {
            code: f.diagnostic.code,
            name: f.diagnostic.name,
            severity: f.diagnostic.severity.as_str(),
            message: &f.diagnostic.message,
            file: &f.report.path,
            line: f.line,
            column: f.column,
            end_line: f.end_line,
            end_column: f.end_column,
            url: f.diagnostic.url(),
            fix: f.diagnostic.fix.as_ref().map(|fix| FixJson {
                applicability: fix.applicability.as_str(),
                message: &fix.message,
                edits: super::located_edits(f.report, fix),
            }),
        })
        .collect();
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into()) + "\n"
}
