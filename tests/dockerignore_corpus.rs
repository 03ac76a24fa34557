//! `.dockerignore` matching against Docker's own answers (the shared corpus made with moby/patternmatcher),
//! and `layerlint context --explain` run as a user runs it.
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use layerlint::syntax::dockerignore::DockerIgnore;
use serde_json::Value;

const CORPUS_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dockerignore");

/// The corpus lives beside the repository, not in it: without it the test passes with a notice, unless
/// `LAYERLINT_REQUIRE_CORPUS=1` says it must be there (CI).
fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(CORPUS_DIR);
    if dir.join("cases.jsonl").is_file() && dir.join("ignores.jsonl").is_file() {
        return Some(dir);
    }
    assert!(
        std::env::var("LAYERLINT_REQUIRE_CORPUS").as_deref() != Ok("1"),
        "LAYERLINT_REQUIRE_CORPUS=1 but the corpus is missing at {CORPUS_DIR}"
    );
    eprintln!("corpus absent: skipping");
    None
}

fn read_jsonl(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{}: {error}: {line}", path.display())))
        .collect()
}

fn string_field<'v>(value: &'v Value, key: &str) -> &'v str {
    value[key].as_str().unwrap_or_else(|| panic!("no string `{key}` in {value}"))
}

#[test]
fn every_corpus_case_gets_dockers_answer() {
    let Some(dir) = corpus_dir() else { return };
    let ignores: HashMap<String, String> = read_jsonl(&dir.join("ignores.jsonl"))
        .iter()
        .map(|ignore| (string_field(ignore, "ignore_id").to_owned(), string_field(ignore, "text").to_owned()))
        .collect();
    let cases = read_jsonl(&dir.join("cases.jsonl"));
    assert!(cases.len() >= 4116, "expected at least 4,116 cases, found {}", cases.len());

    let mut disagreements = Vec::new();
    for case in &cases {
        let id = string_field(case, "ignore_id");
        let path = string_field(case, "path");
        let text = ignores.get(id).unwrap_or_else(|| panic!("case names unknown ignore {id}"));
        let ours = DockerIgnore::parse(text).and_then(|ignore| ignore.decide(path).map(|decision| decision.excluded));
        let agrees = match (case.get("error"), &ours) {
            (Some(Value::String(message)), Err(error)) => error.docker_message() == message,
            (Some(_), _) => false,
            (None, Ok(excluded)) => case["excluded"].as_bool() == Some(*excluded),
            (None, Err(_)) => false,
        };
        if !agrees {
            disagreements.push(format!("{id} {path:?}: docker {case} / layerlint {ours:?}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree with Docker:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
}

/// A fresh folder under the system temp folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let dir = std::env::temp_dir().join(format!("layerlint-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn layerlint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_layerlint")).args(args).output().expect("run layerlint")
}

#[test]
fn explain_prints_the_deciding_line_per_path_as_json() {
    let context = TempDir::new("explain-json");
    std::fs::write(context.0.join(".dockerignore"), "# build output\nbuild/\n*.md\n!README.md\n").unwrap();
    std::fs::write(context.0.join("README.md"), "# hi\n").unwrap();
    let dir = context.0.to_str().expect("UTF-8 temp dir");
    let output = layerlint(&["context", dir, "--explain", "--format", "json", "build/x.o", "README.md", "src/a.rs"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let answers: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let expected = serde_json::json!([
        {"path": "build/x.o", "excluded": true, "pattern": "build/", "line": 2, "exists": false},
        {"path": "README.md", "excluded": false, "pattern": "!README.md", "line": 4, "exists": true},
        {"path": "src/a.rs", "excluded": false, "pattern": null, "line": null, "exists": false},
    ]);
    assert_eq!(answers, expected);
}

#[test]
fn explain_exits_2_where_docker_fails() {
    let context = TempDir::new("explain-error");
    std::fs::write(context.0.join(".dockerignore"), "x\n!foo\\q\n").unwrap();
    let dir = context.0.to_str().expect("UTF-8 temp dir");
    let fails = layerlint(&["context", dir, "--explain", "--format", "json", "x"]);
    assert_eq!(fails.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&fails.stderr);
    assert!(stderr.contains(".dockerignore:2"), "stderr names the file and line: {stderr}");
    // Docker only tries the broken exception for excluded paths.
    let answers = layerlint(&["context", dir, "--explain", "--format", "json", "y"]);
    assert_eq!(answers.status.code(), Some(0));
}

#[test]
fn summary_counts_sent_and_excluded_files() {
    let context = TempDir::new("summary");
    let root = &context.0;
    std::fs::create_dir_all(root.join("node_modules/pkg")).unwrap();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join(".dockerignore"), "node_modules\n").unwrap();
    std::fs::write(root.join("node_modules/pkg/index.js"), "x".repeat(100)).unwrap();
    std::fs::write(root.join("src/main.rs"), "y".repeat(10)).unwrap();
    std::fs::write(root.join(".hidden"), "z".repeat(5)).unwrap();
    let dir = root.to_str().expect("UTF-8 temp dir");
    let output = layerlint(&["context", dir, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "stderr: {}", String::from_utf8_lossy(&output.stderr));
    let summary: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    assert_eq!(summary["files"], 3, "{summary}");
    assert_eq!(summary["bytes"], 10 + 5 + "node_modules\n".len(), "{summary}");
    assert_eq!(summary["excluded_files"], 1);
    assert_eq!(summary["excluded_bytes"], 100);
    assert_eq!(summary["largest"], serde_json::json!([{"path": "src", "bytes": 10}]));
}

#[test]
fn missing_context_folder_is_an_error() {
    let output = layerlint(&["context", "/nonexistent/layerlint-context", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/layerlint-context"));
}
