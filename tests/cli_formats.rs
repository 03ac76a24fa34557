//! The machine and CI formats of `check`: snapshots of exactly what is printed, then each checked against
//! the `json` output it must agree with, and against what its consumers parse: XML that is well-formed
//! and says the same thing once unescaped, SARIF that Microsoft's SARIF Multitool validates, GitHub
//! commands escaped as the Actions toolkit expects, GitLab fingerprints that are unique and stable.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{layerlint, root};
use serde_json::Value;

/// A broken file, one whose messages need escaping in every format, a clean one, and a `.dockerignore`
/// (its findings are reported at its own path, line and column).
const FILES: [&str; 4] = [
    "fixtures/check/broken.Dockerfile",
    "fixtures/formats/escaping.Dockerfile",
    "fixtures/formats/clean.Dockerfile",
    "fixtures/formats/ignore/.dockerignore",
];

fn scratch(name: &str) -> PathBuf {
    common::scratch("formats", name)
}

/// `check --format FORMAT` on the three fixtures: its standard output, after checking the exit code.
fn check(format: &str) -> String {
    let mut args = vec!["check", "--format", format];
    args.extend(FILES);
    let out = layerlint(&args, &root());
    assert_eq!(out.status.code(), Some(1), "{format}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

/// The findings as the contract's `json` format gives them: the reference the other formats must match.
fn json_findings() -> Vec<Value> {
    match serde_json::from_str(&check("json")).expect("valid JSON") {
        Value::Array(items) => items,
        other => panic!("not an array: {other}"),
    }
}

fn str_of<'a>(finding: &'a Value, key: &str) -> &'a str {
    finding[key].as_str().unwrap_or_else(|| panic!("{key} of {finding}"))
}

/// The message as the XML and annotation formats print it: `[*] ` first when `--fix` repairs it.
fn marked_message(finding: &Value) -> String {
    let safe = finding["fix"]["applicability"].as_str() == Some("safe");
    format!("{}{}", if safe { "[*] " } else { "" }, str_of(finding, "message"))
}

fn num_of(finding: &Value, key: &str) -> u64 {
    finding[key].as_u64().unwrap_or_else(|| panic!("{key} of {finding}"))
}

#[test]
fn json_lines_format() {
    insta::assert_snapshot!(check("json-lines"));
}

#[test]
fn sarif_format() {
    // The driver's version is the crate's: keep it out of the snapshot.
    let version = format!("          \"version\": \"{}\",", env!("CARGO_PKG_VERSION"));
    let sarif = check("sarif");
    assert!(sarif.contains(&version), "the driver's version is the crate's");
    insta::assert_snapshot!(sarif.replace(&version, "          \"version\": \"[VERSION]\","));
}

#[test]
fn checkstyle_format() {
    insta::assert_snapshot!(check("checkstyle"));
}

#[test]
fn junit_format() {
    insta::assert_snapshot!(check("junit"));
}

#[test]
fn github_format() {
    insta::assert_snapshot!(check("github"));
}

#[test]
fn gitlab_format() {
    insta::assert_snapshot!(check("gitlab"));
}

#[test]
fn json_lines_are_the_json_findings_one_per_line() {
    let lines: Vec<Value> =
        check("json-lines").lines().map(|line| serde_json::from_str(line).expect("each line is JSON")).collect();
    assert_eq!(lines, json_findings());
}

#[test]
fn checkstyle_is_well_formed_and_says_what_json_says() {
    let xml = check("checkstyle");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!((root.tag_name().name(), root.attribute("version")), ("checkstyle", Some("4.3")));
    let files: Vec<&str> = root.children().filter(|n| n.is_element()).filter_map(|n| n.attribute("name")).collect();
    let mut sorted = FILES.to_vec();
    sorted.sort_unstable();
    assert_eq!(files, sorted, "every file linted, clean ones too, in path order");
    let errors: Vec<(String, String, String, String, String)> = root
        .descendants()
        .filter(|n| n.has_tag_name("error"))
        .map(|n| {
            let attr = |name: &str| n.attribute(name).unwrap_or_else(|| panic!("{name} missing")).to_string();
            let file = n.parent().and_then(|p| p.attribute("name")).expect("inside a <file>").to_string();
            (file, attr("line"), attr("column"), attr("message"), attr("source"))
        })
        .collect();
    let expected: Vec<(String, String, String, String, String)> = json_findings()
        .iter()
        .map(|f| {
            (
                str_of(f, "file").to_string(),
                num_of(f, "line").to_string(),
                num_of(f, "column").to_string(),
                // XML 1.0 cannot carry control characters: they are written as `\u{…}`.
                escape_controls(&marked_message(f)),
                format!("layerlint.{}", str_of(f, "code")),
            )
        })
        .collect();
    assert_eq!(errors, expected);
    assert!(errors.iter().any(|e| e.3.contains(r#"R&D<"Q'%S>"#)), "markup characters survive the round trip");
}

#[test]
fn junit_is_well_formed_with_a_failure_per_finding_and_a_pass_per_clean_file() {
    let xml = check("junit");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    let findings = json_findings();
    assert_eq!(root.tag_name().name(), "testsuites");
    assert_eq!(root.attribute("failures"), Some(findings.len().to_string().as_str()));
    let suites: Vec<roxmltree::Node> = root.children().filter(|n| n.has_tag_name("testsuite")).collect();
    assert_eq!(suites.len(), FILES.len(), "one testsuite per file");
    let mut cases = 0;
    for suite in &suites {
        let name = suite.attribute("name").expect("suite name");
        let testcases: Vec<roxmltree::Node> = suite.children().filter(|n| n.has_tag_name("testcase")).collect();
        let failures: Vec<&str> = testcases
            .iter()
            .flat_map(|c| c.children().filter(|n| n.has_tag_name("failure")))
            .map(|f| f.attribute("message").expect("failure message"))
            .collect();
        let expected: Vec<String> = findings
            .iter()
            .filter(|f| str_of(f, "file") == name)
            .map(|f| escape_controls(&marked_message(f)))
            .collect();
        assert_eq!(failures, expected, "{name}");
        assert_eq!(suite.attribute("failures"), Some(expected.len().to_string().as_str()));
        assert_eq!(suite.attribute("tests"), Some(testcases.len().to_string().as_str()));
        if expected.is_empty() {
            assert_eq!(testcases.len(), 1, "a clean file is one passing testcase");
        }
        cases += testcases.len();
    }
    assert_eq!(root.attribute("tests"), Some(cases.to_string().as_str()));
}

#[test]
fn sarif_results_point_at_their_rules_and_places() {
    let sarif: Value = serde_json::from_str(&check("sarif")).expect("valid JSON");
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "layerlint");
    assert_eq!(run["tool"]["driver"]["version"], env!("CARGO_PKG_VERSION"));
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    let results = run["results"].as_array().expect("results");
    let findings = json_findings();
    assert_eq!(results.len(), findings.len());
    let mut codes: Vec<&str> = findings.iter().map(|f| str_of(f, "code")).collect();
    codes.sort_unstable();
    codes.dedup();
    let ids: Vec<&str> = rules.iter().map(|r| str_of(r, "id")).collect();
    assert_eq!(ids, codes, "the rules are those in the results");
    for (result, finding) in results.iter().zip(&findings) {
        let index = num_of(result, "ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert_eq!(result["ruleId"], finding["code"]);
        assert_eq!(result["message"]["text"], finding["message"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding["file"]);
        let region = &location["region"];
        for (sarif_key, json_key) in
            [("startLine", "line"), ("startColumn", "column"), ("endLine", "end_line"), ("endColumn", "end_column")]
        {
            assert_eq!(region[sarif_key], finding[json_key], "{sarif_key}");
        }
    }
}

/// Validates with Microsoft's SARIF Multitool when `LAYERLINT_SARIF_MULTITOOL` names its binary (`.ci/run`
/// installs it from the npm registry and sets it): its schema checks and its SARIF rules, failing on any
/// error or warning. Without it the test says so and skips. (The Multitool passes, silently, a log it
/// cannot read, one with an unknown `level` for instance: the JSON-schema test below covers that.)
#[test]
fn sarif_validates_with_the_sarif_multitool() {
    let Some(tool) = std::env::var_os("LAYERLINT_SARIF_MULTITOOL").filter(|v| !v.is_empty()) else {
        eprintln!(
            "LAYERLINT_SARIF_MULTITOOL is not set: skipping SARIF validation \
             (`npm install --prefix DIR @microsoft/sarif-multitool`, then point it at \
             DIR/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool)"
        );
        return;
    };
    let dir = scratch("sarif");
    let ours = dir.join("layerlint.sarif");
    std::fs::write(&ours, check("sarif")).unwrap();
    let problems = multitool_problems(Path::new(&tool), &ours);
    assert!(problems.is_empty(), "the SARIF Multitool found problems:\n{}", problems.join("\n"));

    // The validator must be able to fail: a log with a property the schema does not allow.
    let bad = dir.join("bad.sarif");
    std::fs::write(&bad, r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "bogus": 1}}}]}"#).unwrap();
    let problems = multitool_problems(Path::new(&tool), &bad);
    assert!(problems.iter().any(|p| p.contains("bogus")), "a schema violation is caught: {problems:?}");
}

/// The errors and warnings `Sarif.Multitool validate` reports for a file (its notes are advice, such as
/// "add code snippets", and are not counted).
fn multitool_problems(tool: &Path, sarif: &Path) -> Vec<String> {
    let report = sarif.with_extension("validation.sarif");
    let _ = std::fs::remove_file(&report);
    let out = Command::new(tool)
        .arg("validate")
        .arg(sarif)
        .arg("--output")
        .arg(&report)
        .args(["--log", "ForceOverwrite"])
        .output()
        .unwrap_or_else(|e| panic!("{} does not run: {e}", tool.display()));
    let console = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "the SARIF Multitool failed:\n{console}{}", String::from_utf8_lossy(&out.stderr));
    let report: Value = serde_json::from_slice(&std::fs::read(&report).expect("the validation report is written"))
        .expect("the validation report is JSON");
    let results = report["runs"][0]["results"].as_array().cloned().unwrap_or_default();
    results
        .iter()
        // A result without a level is a warning (SARIF 2.1.0 §3.27.10).
        .filter(|r| !matches!(r["level"].as_str(), Some("note" | "none")))
        .map(|r| {
            let lines: Vec<&str> = console.lines().filter(|l| l.contains(str_of(r, "ruleId"))).collect();
            format!("{}: {}", r["ruleId"], if lines.is_empty() { r["message"].to_string() } else { lines.join("\n") })
        })
        .collect()
}

#[test]
fn github_commands_escape_percent_and_property_separators() {
    let dir = scratch("github");
    std::fs::write(dir.join("a,b:c%d.Dockerfile"), "FROM alpine:3.20\nBAD%X\nUSER 10001\n").unwrap();
    let out = layerlint(&["check", "--format", "github", "a,b:c%d.Dockerfile"], &dir);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "::error file=a%2Cb%3Ac%25d.Dockerfile,line=2,col=1,endLine=2,endColumn=6,title=SYN001 parse-error\
         ::unknown instruction: BAD%25X\n"
    );
}

#[test]
fn gitlab_fingerprints_are_unique_and_do_not_depend_on_how_the_path_was_written() {
    let fingerprints = |prefix: &str| -> Vec<String> {
        let paths: Vec<String> = FILES.iter().map(|f| format!("{prefix}{f}")).collect();
        let mut args = vec!["check", "--format", "gitlab"];
        args.extend(paths.iter().map(String::as_str));
        let issues: Value = serde_json::from_slice(&layerlint(&args, &root()).stdout).expect("valid JSON");
        issues.as_array().expect("an array").iter().map(|i| str_of(i, "fingerprint").to_string()).collect()
    };
    let plain = fingerprints("");
    assert_eq!(plain.len(), json_findings().len());
    assert!(plain.iter().all(|f| f.len() == 16 && f.bytes().all(|b| b.is_ascii_hexdigit())), "{plain:?}");
    let mut unique = plain.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), plain.len(), "fingerprints are unique");
    assert_eq!(fingerprints("./"), plain);
}

#[test]
fn without_findings_each_format_says_so_in_its_own_way() {
    let run = |format: &str| {
        let out = layerlint(&["check", "--format", format, "fixtures/formats/clean.Dockerfile"], &root());
        assert_eq!(out.status.code(), Some(0), "{format}");
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    assert_eq!(run("json-lines"), "");
    assert_eq!(run("github"), "");
    assert_eq!(run("gitlab"), "[]\n");
    let sarif: Value = serde_json::from_str(&run("sarif")).expect("valid JSON");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(sarif["runs"][0]["tool"]["driver"]["rules"], serde_json::json!([]));
    let checkstyle = run("checkstyle");
    assert!(checkstyle.contains("<file name=\"fixtures/formats/clean.Dockerfile\"/>"), "{checkstyle}");
    let junit = run("junit");
    let doc = roxmltree::Document::parse(&junit).expect("well-formed XML");
    assert_eq!(doc.root_element().attribute("failures"), Some("0"));
    assert_eq!(doc.descendants().filter(|n| n.has_tag_name("testcase")).count(), 1);
}

/// What the XML formats write for the control characters XML 1.0 cannot hold.
fn escape_controls(text: &str) -> String {
    text.chars()
        .map(
            |c| {
                if c < ' ' && !matches!(c, '\t' | '\n' | '\r') {
                    format!("\\u{{{:x}}}", c as u32)
                } else {
                    c.to_string()
                }
            },
        )
        .collect()
}

/// Validates against the SARIF 2.1.0 JSON schema, with Python's `jsonschema`, when
/// `LAYERLINT_SARIF_SCHEMA` names the schema file (`.ci/run` takes it from the npm package
/// `@microsoft/jest-sarif`, which ships it as `lib/schemas/sarif-2.1.0-rtm.5.json`). Skips otherwise.
#[test]
fn sarif_matches_the_sarif_2_1_0_json_schema() {
    let Some(schema) = std::env::var_os("LAYERLINT_SARIF_SCHEMA").filter(|v| !v.is_empty()) else {
        eprintln!(
            "LAYERLINT_SARIF_SCHEMA is not set: skipping SARIF schema validation \
             (`npm install --prefix DIR @microsoft/jest-sarif`, then point it at \
             DIR/node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json)"
        );
        return;
    };
    let dir = scratch("sarif-schema");
    let ours = dir.join("layerlint.sarif");
    std::fs::write(&ours, check("sarif")).unwrap();
    let errors = schema_errors(Path::new(&schema), &ours);
    assert!(errors.is_empty(), "not valid SARIF 2.1.0:\n{}", errors.join("\n"));

    // The validator must be able to fail: what the Multitool lets through.
    let bad = dir.join("bad.sarif");
    std::fs::write(&bad, check("sarif").replacen("\"level\": \"error\"", "\"level\": \"fatal\"", 1)).unwrap();
    let errors = schema_errors(Path::new(&schema), &bad);
    assert!(errors.iter().any(|e| e.contains("'fatal' is not one of")), "{errors:?}");
}

/// Every way `instance` breaks the JSON schema (a draft-04 schema, as SARIF's is), one line each.
fn schema_errors(schema: &Path, instance: &Path) -> Vec<String> {
    const SCRIPT: &str = "import json, sys, jsonschema
schema, instance = (json.load(open(p, encoding='utf-8')) for p in sys.argv[1:3])
for e in jsonschema.Draft4Validator(schema).iter_errors(instance):
    print('/'.join(map(str, e.absolute_path)) + ': ' + e.message)
";
    let out = Command::new("python3").args(["-c", SCRIPT]).arg(schema).arg(instance).output().expect("python3 runs");
    assert!(
        out.status.success(),
        "python3 with jsonschema failed (`pip install jsonschema`): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect()
}
