//! `path:line:col: severity[CODE] message`, one line per finding: for editors and grep (`[*] ` before the
//! message when `--fix` repairs it).

use super::Located;

pub fn render(findings: &[Located]) -> String {
    findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}: {}[{}] {}\n",
                f.report.path,
                f.line,
                f.column,
                f.diagnostic.severity.as_str(),
                f.diagnostic.code,
                super::marked_message(f.diagnostic)
            )
        })
        .collect()
}
