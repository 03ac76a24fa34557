//! JUnit XML, for CI test-report views: one `<testsuite>` per linted file, one failing `<testcase>` per
//! finding, and a single passing `<testcase>` for a file without findings.

use super::checkstyle::{by_file, escape};
use super::Located;
use crate::lint::FileReport;

pub fn render(reports: &[FileReport], findings: &[Located]) -> String {
    let files = by_file(reports, findings);
    let tests: usize = files.values().map(|f| f.len().max(1)).sum();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out += &format!("<testsuites name=\"layerlint\" tests=\"{tests}\" failures=\"{}\" errors=\"0\">\n", findings.len());
    for (path, findings) in files {
        let path = escape(path);
        out += &format!(
            "  <testsuite name=\"{path}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
            findings.len().max(1),
            findings.len()
        );
        if findings.is_empty() {
            out += &format!("    <testcase name=\"layerlint\" classname=\"{path}\" file=\"{path}\"/>\n");
        }
        for f in findings {
            let d = f.diagnostic;
            out += &format!(
                "    <testcase name=\"{} {} at {}:{}\" classname=\"{path}\" file=\"{path}\" line=\"{}\">\n",
                escape(d.code),
                escape(d.name),
                f.line,
                f.column,
                f.line
            );
            out += &format!(
                "      <failure message=\"{}\" type=\"{}\">{path}:{}:{}: {}[{}] {}\n{}</failure>\n",
                escape(&super::marked_message(d)),
                d.severity.as_str(),
                f.line,
                f.column,
                d.severity.as_str(),
                escape(d.code),
                escape(&super::marked_message(d)),
                escape(&d.url())
            );
            out += "    </testcase>\n";
        }
        out += "  </testsuite>\n";
    }
    out + "</testsuites>\n"
}
