//! The `check` command as users meet it: formats (snapshots of exactly what is printed), exit codes,
//! standard input, folders, and bad input that must not stop the other files.

mod common;

use std::process::{Command, Output, Stdio};

use common::{layerlint, root};

fn scratch(name: &str) -> std::path::PathBuf {
    common::scratch("cli", name)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn full_format_shows_code_frames() {
    let out = layerlint(&["check", "fixtures/check/broken.Dockerfile"], &root());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn concise_format() {
    let out = layerlint(&["check", "--format", "concise", "fixtures/check/broken.Dockerfile"], &root());
    insta::assert_snapshot!(stdout(&out));
}

#[test]
fn json_format() {
    let out = layerlint(&["check", "--format", "json", "fixtures/check/broken.Dockerfile"], &root());
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    insta::assert_json_snapshot!(findings);
}

#[test]
fn colour_only_when_asked_for_a_terminal() {
    let out = layerlint(&["check", "fixtures/check/broken.Dockerfile"], &root());
    assert!(!stdout(&out).contains('\u{1b}'), "no escape codes when stdout is not a terminal");
}

#[test]
fn clean_file_exits_zero_and_threshold_and_exit_zero_work() {
    let dir = scratch("clean");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20\nRUN true\nUSER 10001\n").unwrap();
    assert_eq!(layerlint(&["check", "Dockerfile"], &dir).status.code(), Some(0));
    let broken = root().join("fixtures/check/broken.Dockerfile");
    let broken = broken.to_str().unwrap();
    assert_eq!(layerlint(&["check", "--exit-zero", broken], &dir).status.code(), Some(0));
    assert_eq!(layerlint(&["check", "--failure-threshold", "error", broken], &dir).status.code(), Some(1));
    let bad = layerlint(&["check", "--failure-threshold", "loud", broken], &dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("loud"));
}

#[test]
fn standard_input_with_a_name() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlint"))
        .args(["check", "-", "--stdin-filename", "svc/Dockerfile", "--format", "concise"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"FROM alpine:3.20\nFOO bar\nUSER 10001\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(stdout(&out), "svc/Dockerfile:2:1: error[SYN001] unknown instruction: FOO (did you mean FROM?)\n");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn folders_are_searched_by_name_honouring_gitignore() {
    let dir = scratch("walk");
    std::fs::create_dir_all(dir.join("api")).unwrap();
    std::fs::create_dir_all(dir.join("build")).unwrap();
    std::fs::write(dir.join("api/Dockerfile.prod"), "FROM a\nBAD\n").unwrap();
    std::fs::write(dir.join("web.dockerfile"), "FROM a\nBAD\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "BAD\n").unwrap();
    std::fs::write(dir.join("build/Dockerfile"), "FROM a\nBAD\n").unwrap();
    std::fs::write(dir.join(".gitignore"), "build/\n").unwrap();
    let out = layerlint(&["check", "--format", "concise", "."], &dir);
    let text = stdout(&out);
    let mut files: Vec<&str> = text.lines().filter_map(|l| l.split(':').next()).collect();
    files.dedup();
    assert_eq!(files, ["api/Dockerfile.prod", "web.dockerfile"]);
}

#[test]
fn unreadable_files_are_reported_and_the_others_still_linted() {
    let dir = scratch("bad-input");
    std::fs::write(dir.join("good.Dockerfile"), "FROM alpine:3.20\nBAD\nUSER 10001\n").unwrap();
    std::fs::write(dir.join("latin1.Dockerfile"), b"FROM a\nRUN echo \xe9\n").unwrap();
    std::fs::write(dir.join("binary.Dockerfile"), b"\x7fELF\x00\x01").unwrap();
    let out = layerlint(
        &["check", "--format", "concise", "good.Dockerfile", "latin1.Dockerfile", "binary.Dockerfile", "missing"],
        &dir,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).starts_with("good.Dockerfile:2:1: error[SYN001]"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("latin1.Dockerfile: is not valid UTF-8 (line 2"), "{stderr}");
    assert!(stderr.contains("binary.Dockerfile: looks like a binary file"), "{stderr}");
    assert!(stderr.contains("missing: no such file or folder"), "{stderr}");
}

#[test]
fn unknown_option_is_a_usage_error() {
    let out = layerlint(&["check", "--frobnicate"], &root());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--frobnicate"));
}

#[test]
fn parse_prints_the_syntax_tree() {
    let out = layerlint(&["parse", "--format", "json", "fixtures/sample/Dockerfile"], &root());
    let tree: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    insta::assert_json_snapshot!(tree);
}

#[test]
fn rule_listing_names_every_rule_with_its_aliases() {
    let out = layerlint(&["rule", "--all"], &root());
    let text = stdout(&out);
    for code in [
        "MS001", "MS002", "MS003", "MS004", "MS008", "MS009", "MS010", "PIN001", "PIN002", "PIN003", "PIN004",
        "PIN005", "PIN006", "PIN007", "PIN008", "USR001", "USR002", "RES001", "RES002", "RES003", "RES004", "RES005",
    ] {
        assert!(text.lines().any(|l| l.starts_with(code)), "{code} missing from `rule --all`");
    }
    let usr001 = text.lines().find(|l| l.starts_with("USR001")).unwrap_or_default();
    assert!(usr001.contains("[aliases: DL3002, DS002, CKV_DOCKER_3, CKV_DOCKER_8]"), "{usr001}");
    let pin006 = text.lines().find(|l| l.starts_with("PIN006")).unwrap_or_default();
    assert!(pin006.contains("(off by default)"), "{pin006}");
    insta::assert_snapshot!(text);
}

/// The optimization rules as a user meets them: code frames at the tag, the package, the `--from`
/// value, the USER argument.
#[test]
fn optimization_findings_in_full_format() {
    let out = layerlint(&["check", "fixtures/check/optimization.Dockerfile"], &root());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&out));
}

/// A `.dockerignore` named on the command line is linted by the IGN rules, with code frames from its
/// own text, and its suppression comments apply to the pattern below them.
#[test]
fn dockerignore_findings_in_full_and_concise_formats() {
    let out = layerlint(&["check", "fixtures/formats/ignore/.dockerignore"], &root());
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("dockerignore_full", stdout(&out));
    let concise = layerlint(&["check", "--format", "concise", "fixtures/formats/ignore/.dockerignore"], &root());
    insta::assert_snapshot!("dockerignore_concise", stdout(&concise));
}

/// Linting a Dockerfile lints its context's `.dockerignore` once, and the context rules see the real
/// files: the node-app fixture sends a `.env` and a private key with `COPY . .`.
#[test]
fn a_folder_lints_each_dockerfile_with_its_context_and_ignore_file() {
    let out = layerlint(
        &["check", "--format", "concise", "fixtures/contexts/node-app", "fixtures/contexts/node-app/Dockerfile"],
        &root(),
    );
    let text = stdout(&out);
    assert_eq!(text.matches("CTX009").count(), 1, "{text}");
    assert!(text.contains("fixtures/contexts/node-app/Dockerfile:5:6: error[CTX009]"), "{text}");
    let bad = scratch("bad-ignore");
    std::fs::write(bad.join("Dockerfile"), "FROM alpine:3.20\nCOPY app /app\n").unwrap();
    std::fs::write(bad.join(".dockerignore"), "app\n[x\n").unwrap();
    let out = layerlint(&["check", "--format", "concise", "."], &bad);
    let text = stdout(&out);
    assert!(text.contains(".dockerignore:1:1: warning[IGN004]"), "{text}");
    assert!(text.contains(".dockerignore:2:1: error[IGN002]"), "{text}");
    assert!(text.contains("Dockerfile:1:1: warning[USR001]"), "the Dockerfile's other rules still run: {text}");
}

/// A build context that cannot be read is reported once, however many Dockerfiles use it, with what to
/// do; exit 2; and the files' other rules still run.
#[test]
fn an_unreadable_context_is_reported_once_and_the_other_rules_still_run() {
    let dir = scratch("missing-context");
    std::fs::write(dir.join("layerlint.toml"), "[[contexts]]\ndockerfile = \"*.Dockerfile\"\ncontext = \"gone\"\n")
        .unwrap();
    for name in ["a.Dockerfile", "b.Dockerfile"] {
        std::fs::write(dir.join(name), "FROM alpine:3.20\nCOPY . /app\n").unwrap();
    }
    let out = layerlint(&["check", "--format", "concise", "a.Dockerfile", "b.Dockerfile"], &dir);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("build context").count(), 1, "{stderr}");
    assert!(stderr.contains("gone: no such folder") && stderr.contains("[[contexts]]"), "{stderr}");
    assert_eq!(out.status.code(), Some(2));
    let text = stdout(&out);
    assert!(
        text.contains("a.Dockerfile:1:1: warning[USR001]") && text.contains("b.Dockerfile:1:1: warning[USR001]"),
        "{text}"
    );
}
