//! GitLab Code Quality: the JSON array a `codequality` report artifact holds, shown in merge requests.
//!
//! GitLab tells findings apart, and new ones from fixed ones, by `fingerprint`: here a 64-bit FNV-1a hash
//! of the file, code, line and message, in hex, which stays the same from run to run and machine to
//! machine. Identical findings on one line get the occurrence number hashed in too, to stay distinct.

use std::collections::HashSet;

use serde::Serialize;

use super::Located;
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: Location,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info | Severity::Style => "info",
    }
}

pub fn render(findings: &[Located]) -> String {
    let mut seen = HashSet::new();
    let issues: Vec<Issue> = findings
        .iter()
        .map(|f| {
            let d = f.diagnostic;
            let path = portable_path(&f.report.path);
            let key = format!("{path}\0{}\0{}\0{}", d.code, f.line, d.message);
            let mut fingerprint = fnv1a(key.as_bytes());
            let mut occurrence = 1;
            while !seen.insert(fingerprint) {
                occurrence += 1;
                fingerprint = fnv1a(format!("{key}\0{occurrence}").as_bytes());
            }
            Issue {
                description: format!("{}: {}", d.code, super::marked_message(d)),
                check_name: d.code,
                fingerprint: format!("{fingerprint:016x}"),
                severity: severity(d.severity),
                location: Location { path, lines: Lines { begin: f.line } },
            }
        })
        .collect();
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&issues).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// The path as CI services link it: `/` between folders, whatever the platform, and no leading `./`.
pub(super) fn portable_path(path: &str) -> String {
    let path =
        if std::path::MAIN_SEPARATOR == '/' { path.to_string() } else { path.replace(std::path::MAIN_SEPARATOR, "/") };
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped;
    }
    rest.to_string()
}

/// 64-bit FNV-1a.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::{fnv1a, portable_path};

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }

    #[test]
    fn paths_lose_their_leading_dot_and_use_forward_slashes() {
        assert_eq!(portable_path("././svc/api/Dockerfile"), "svc/api/Dockerfile");
        if cfg!(windows) {
            assert_eq!(portable_path(".\\svc\\Dockerfile"), "svc/Dockerfile");
        }
    }
}
