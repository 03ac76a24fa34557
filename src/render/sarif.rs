//! SARIF 2.1.0: one run of layerlint, for code-scanning services (GitHub, Azure DevOps, IDE viewers).
//!
//! The driver's `rules` are the rules that appear in the results, in code order; each result points at
//! its rule by `ruleId` and `ruleIndex`. Columns count Unicode code points (`columnKind`), as the
//! contract's do, and `endColumn` is exclusive, as SARIF defines it.

use serde::Serialize;

use super::Located;
use crate::diagnostic::Severity;
use crate::rules;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/layerlint/layerlint";

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: Vec<SarifResult<'a>>,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_description: Option<Text<'a>>,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text<'a>,
    locations: [Location; 1],
    /// The finding's fix, as SARIF's `fix` objects: one artifact change of replacements.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    description: Text<'a>,
    artifact_changes: [ArtifactChange<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

pub fn render(findings: &[Located]) -> String {
    let mut codes: Vec<&str> = findings.iter().map(|f| f.diagnostic.code).collect();
    codes.sort_unstable();
    codes.dedup();
    let descriptors = codes
        .iter()
        .map(|&code| {
            let first = findings.iter().map(|f| f.diagnostic).find(|d| d.code == code);
            // Every finding's code is a registered rule's; should one not be, its finding stands in.
            let rule = rules::find(code).filter(|r| r.code == code);
            let default_severity = rule.map(|r| r.severity).or(first.map(|d| d.severity));
            RuleDescriptor {
                id: code,
                name: first.map_or("", |d| d.name),
                short_description: rule.map(|r| Text { text: r.summary }),
                help_uri: first.map(|d| d.url()).unwrap_or_default(),
                default_configuration: Configuration { level: level(default_severity.unwrap_or(Severity::Warning)) },
            }
        })
        .collect();
    let results = findings
        .iter()
        .map(|f| SarifResult {
            rule_id: f.diagnostic.code,
            rule_index: codes.binary_search(&f.diagnostic.code).unwrap_or_default(),
            level: level(f.diagnostic.severity),
            message: Text { text: &f.diagnostic.message },
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: ArtifactLocation { uri: uri(&f.report.path) },
                    region: Region {
                        start_line: f.line,
                        start_column: f.column,
                        end_line: f.end_line,
                        end_column: f.end_column,
                    },
                },
            }],
            fixes: f.diagnostic.fix.iter().map(|fix| sarif_fix(f, fix)).collect(),
        })
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "layerlint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    // Serializing plain strings and numbers cannot fail.
    serde_json::to_string_pretty(&log).unwrap_or_default() + "\n"
}

fn sarif_fix<'a>(f: &Located<'a>, fix: &'a crate::diagnostic::Fix) -> SarifFix<'a> {
    let edits = super::located_edits(f.report, fix);
    // A fix that creates a file changes that file, not the finding's.
    let target = edits.iter().find_map(|e| e.file.clone()).unwrap_or_else(|| f.report.path.clone());
    let replacements = edits
        .into_iter()
        .map(|e| Replacement {
            deleted_region: Region {
                start_line: e.line,
                start_column: e.column,
                end_line: e.end_line,
                end_column: e.end_column,
            },
            inserted_content: Text { text: e.content },
        })
        .collect();
    SarifFix {
        description: Text { text: &fix.message },
        artifact_changes: [ArtifactChange { artifact_location: ArtifactLocation { uri: uri(&target) }, replacements }],
    }
}

/// The path as a URI reference: relative paths stay relative (forward slashes, no leading `./`),
/// absolute ones become `file:` URIs; anything but unreserved characters and `/` is percent-encoded.
fn uri(path: &str) -> String {
    let path = super::gitlab::portable_path(path);
    let mut path = path.as_str();
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    } else if let [drive, b':', b'/', ..] = path.as_bytes() {
        if drive.is_ascii_alphabetic() {
            // A Windows drive path, `C:/…`.
            out.push_str(&format!("file:///{}:", *drive as char));
            path = &path[2..];
        }
    }
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::uri;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(uri("services/api/Dockerfile"), "services/api/Dockerfile");
        assert_eq!(uri("./a/./Dockerfile"), "a/./Dockerfile");
        if cfg!(windows) {
            assert_eq!(uri("a\\b\\Dockerfile"), "a/b/Dockerfile");
            assert_eq!(uri("C:\\src\\Dockerfile"), "file:///C:/src/Dockerfile");
        } else {
            assert_eq!(uri("a\\b.Dockerfile"), "a%5Cb.Dockerfile");
            assert_eq!(uri("C:/src/Dockerfile"), "file:///C:/src/Dockerfile");
        }
        assert_eq!(uri("my app/50%:#?.Dockerfile"), "my%20app/50%25%3A%23%3F.Dockerfile");
        assert_eq!(uri("/srv/é/Dockerfile"), "file:///srv/%C3%A9/Dockerfile");
    }
}
