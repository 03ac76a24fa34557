//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request's diff.
//!
//! `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=CODE name::message`, with `warning` and
//! `notice` for the lower severities. Values are escaped as the Actions toolkit escapes them. GitHub
//! accepts columns only when an annotation starts and ends on the same line, so a finding spanning lines
//! gives only its lines.

use super::Located;
use crate::diagnostic::Severity;

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "notice",
    }
}

pub fn render(findings: &[Located]) -> String {
    findings
        .iter()
        .map(|f| {
            let d = f.diagnostic;
            let path = super::gitlab::portable_path(&f.report.path);
            let mut properties = format!("file={},line={}", escape_property(&path), f.line);
            if f.end_line == f.line {
                properties += &format!(",col={},endLine={},endColumn={}", f.column, f.end_line, f.end_column);
            } else {
                properties += &format!(",endLine={}", f.end_line);
            }
            let title = escape_property(&format!("{} {}", d.code, d.name));
            format!(
                "::{} {properties},title={title}::{}\n",
                command(d.severity),
                escape_data(&super::marked_message(d))
            )
        })
        .collect()
}

/// The message of a command: `%`, carriage return and newline are percent-encoded.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: as the message, and also `:` and `,`, which separate properties.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{escape_data, escape_property};

    #[test]
    fn escapes_as_the_actions_toolkit_does() {
        assert_eq!(escape_data("50% of a:b,c\r\nnext"), "50%25 of a:b,c%0D%0Anext");
        assert_eq!(escape_property("dir,x/a:b%\n.Dockerfile"), "dir%2Cx/a%3Ab%25%0A.Dockerfile");
    }
}
