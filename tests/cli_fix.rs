//! `--fix`, `--unsafe-fixes` and `--diff` as users run them: what is written, what is printed, exit codes,
//! standard input, files that must not be touched, line endings, and two runs at once.

mod common;

use std::process::{Command, Stdio};

use common::{layerlint, seen, with_stdin};

fn scratch(name: &str) -> std::path::PathBuf {
    common::scratch("fix", name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

const FIXABLE: &str =
    "FROM alpine:3.20 as Build\nMAINTAINER Jane <jane@example.com>\nENV APP_HOME /srv/app\nWORKDIR app\n\
run echo hi\nFROM alpine:3.20\nCOPY --from=Build /srv /srv\nADD app.py /app/\nEXPOSE 8080/TCP\nUSER 10001\n";

#[test]
fn fix_writes_the_safe_fixes_and_reports_what_remains() {
    let dir = scratch("safe");
    std::fs::write(dir.join("Dockerfile"), FIXABLE).unwrap();
    let out = layerlint(&["check", "--fix", "--no-color", "Dockerfile"], &dir);
    insta::assert_snapshot!("fix_output", seen(&out));
    insta::assert_snapshot!("fix_result", std::fs::read_to_string(dir.join("Dockerfile")).unwrap());
    // The unsafe WORKDIR fix waits for --unsafe-fixes.
    let again = layerlint(&["check", "--fix", "--unsafe-fixes", "--format", "concise", "Dockerfile"], &dir);
    assert!(text(&again.stdout).is_empty(), "{}", seen(&again));
    let fixed = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert!(fixed.contains("WORKDIR /app\n"), "{fixed}");
    // A third run has nothing left to do.
    let third = layerlint(&["check", "--diff", "--unsafe-fixes", "Dockerfile"], &dir);
    assert_eq!((third.status.code(), third.stdout.len()), (Some(0), 0), "{}", seen(&third));
}

#[test]
fn diff_prints_and_changes_nothing() {
    let dir = scratch("diff");
    std::fs::write(dir.join("Dockerfile"), FIXABLE).unwrap();
    let out = layerlint(&["check", "--diff", "Dockerfile"], &dir);
    insta::assert_snapshot!(seen(&out));
    assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).unwrap(), FIXABLE);
    std::fs::write(dir.join("clean.Dockerfile"), "FROM alpine:3.20\nUSER 10001\n").unwrap();
    let clean = layerlint(&["check", "--diff", "clean.Dockerfile"], &dir);
    assert_eq!((clean.status.code(), clean.stdout.len()), (Some(0), 0), "{}", seen(&clean));
}

#[test]
fn standard_input_gets_the_fixed_text_on_stdout() {
    let dir = scratch("stdin");
    let out =
        with_stdin(&["check", "--fix", "--format", "concise", "-"], "FROM alpine:3.20\nrun true\nUSER 10001\n", &dir);
    assert_eq!(text(&out.stdout), "FROM alpine:3.20\nRUN true\nUSER 10001\n", "{}", seen(&out));
    assert_eq!(out.status.code(), Some(0), "{}", seen(&out));
}

#[test]
fn files_that_do_not_parse_are_left_alone() {
    let dir = scratch("broken");
    let broken = "FROM alpine:3.20\nrun true\nRUNN x\n";
    std::fs::write(dir.join("Dockerfile"), broken).unwrap();
    let out = layerlint(&["check", "--fix", "--format", "concise", "Dockerfile"], &dir);
    assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).unwrap(), broken);
    assert!(text(&out.stderr).contains("not fixed: the file has parse errors"), "{}", seen(&out));
}

#[test]
fn line_endings_and_untouched_bytes_are_kept() {
    let dir = scratch("crlf");
    let original = "FROM alpine:3.20 as b\r\n# a comment \\\r\nRUN echo a \\\r\n    && echo b\r\nUSER 10001\r\n";
    std::fs::write(dir.join("Dockerfile"), original).unwrap();
    layerlint(&["check", "--fix", "Dockerfile"], &dir);
    let fixed = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    assert_eq!(fixed, original.replacen(" as b", " AS b", 1));
}

#[test]
fn two_runs_at_once_never_leave_a_half_written_file() {
    let dir = scratch("race");
    let big: String = std::iter::once("FROM alpine:3.20\n".to_string())
        .chain((0..2000).map(|i| format!("ENV KEY_{i} value_{i}\n")))
        .chain(std::iter::once("USER 10001\n".to_string()))
        .collect();
    std::fs::write(dir.join("Dockerfile"), &big).unwrap();
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_layerlint"))
            .args(["check", "--fix", "--exit-zero", "--format", "concise", "Dockerfile"])
            .current_dir(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn")
    };
    let (mut a, mut b) = (spawn(), spawn());
    a.wait().unwrap();
    b.wait().unwrap();
    let expected: String = std::iter::once("FROM alpine:3.20\n".to_string())
        .chain((0..2000).map(|i| format!("ENV KEY_{i}=value_{i}\n")))
        .chain(std::iter::once("USER 10001\n".to_string()))
        .collect();
    assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).unwrap(), expected);
    let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.file_name()).collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn dockerignore_fixes_are_written_to_the_dockerignore() {
    let dir = scratch("ignore");
    std::fs::write(dir.join("package.json"), "{}\n").unwrap();
    std::fs::write(dir.join(".dockerignore"), "*.log").unwrap();
    std::fs::write(dir.join("Dockerfile"), "FROM node:20.11-slim\nWORKDIR /app\nCOPY . .\nUSER node\n").unwrap();
    let safe = layerlint(&["check", "--fix", "--format", "concise", "."], &dir);
    assert_eq!(std::fs::read_to_string(dir.join(".dockerignore")).unwrap(), "*.log", "{}", seen(&safe));
    let out = layerlint(&["check", "--fix", "--unsafe-fixes", "--format", "concise", "."], &dir);
    assert_eq!(std::fs::read_to_string(dir.join(".dockerignore")).unwrap(), "*.log\nnode_modules\n", "{}", seen(&out));
}

#[test]
fn a_missing_dockerignore_is_created_once_never_replaced() {
    let dir = scratch("create");
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join("package.json"), "{}\n").unwrap();
    let dockerfile = "FROM node:20.11-slim\nWORKDIR /app\nCOPY . .\nUSER node\n";
    std::fs::write(dir.join("Dockerfile"), dockerfile).unwrap();
    let diff = layerlint(&["check", "--diff", "--unsafe-fixes", "--isolated", "Dockerfile"], &dir);
    insta::assert_snapshot!(seen(&diff));
    assert!(!dir.join(".dockerignore").exists(), "--diff creates nothing");
    let safe = layerlint(&["check", "--fix", "--isolated", "Dockerfile"], &dir);
    assert!(!dir.join(".dockerignore").exists(), "unsafe: not without --unsafe-fixes: {}", seen(&safe));
    let out = layerlint(
        &["check", "--fix", "--unsafe-fixes", "--isolated", "--format", "concise", "Dockerfile", "api.Dockerfile"],
        &dir,
    );
    assert_eq!(std::fs::read_to_string(dir.join(".dockerignore")).unwrap(), ".git\nnode_modules\n", "{}", seen(&out));
    assert!(!text(&out.stdout).contains("CTX001"), "{}", seen(&out));
    assert_eq!(std::fs::read_to_string(dir.join("Dockerfile")).unwrap(), dockerfile);
}
