//! Checkstyle XML, which CI report plugins and reviewdog read: one `<file>` per linted file (clean files
//! too, as Checkstyle lists every file it audited), one `<error>` per finding.

use std::collections::BTreeMap;

use super::Located;
use crate::diagnostic::Severity;
use crate::lint::FileReport;

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "info",
    }
}

pub fn render(reports: &[FileReport], findings: &[Located]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<checkstyle version=\"4.3\">\n");
    for (path, findings) in by_file(reports, findings) {
        if findings.is_empty() {
            out += &format!("  <file name=\"{}\"/>\n", escape(path));
            continue;
        }
        out += &format!("  <file name=\"{}\">\n", escape(path));
        for f in findings {
            out += &format!(
                "    <error line=\"{}\" column=\"{}\" severity=\"{}\" message=\"{}\" source=\"layerlint.{}\"/>\n",
                f.line,
                f.column,
                severity(f.diagnostic.severity),
                escape(&super::marked_message(f.diagnostic)),
                escape(f.diagnostic.code)
            );
        }
        out += "  </file>\n";
    }
    out + "</checkstyle>\n"
}

/// Every linted file by path, each with its findings in order (none for a clean file).
pub(super) fn by_file<'a>(
    reports: &'a [FileReport],
    findings: &'a [Located<'a>],
) -> BTreeMap<&'a str, Vec<&'a Located<'a>>> {
    let mut files: BTreeMap<&str, Vec<&Located>> = reports.iter().map(|r| (r.path.as_str(), Vec::new())).collect();
    for f in findings {
        files.entry(f.report.path.as_str()).or_default().push(f);
    }
    files
}

/// Text escaped for XML 1.0 character data and attribute values alike.
///
/// The five markup characters become entities; tab, newline and carriage return become character
/// references, so attribute-value normalisation keeps them; the other control characters, which XML 1.0
/// cannot carry at all, even as references, are written as `\u{…}` text.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_quotes_and_control_characters_are_escaped() {
        assert_eq!(escape(r#"a&b<c>d"e'f"#), "a&amp;b&lt;c&gt;d&quot;e&apos;f");
        assert_eq!(escape("tab\tnl\ncr\r"), "tab&#9;nl&#10;cr&#13;");
        assert_eq!(escape("bell\u{7}esc\u{1b}nul\0"), "bell\\u{7}esc\\u{1b}nul\\u{0}");
        assert_eq!(escape("\u{FFFF}é€"), "\\u{ffff}é€");
    }
}
