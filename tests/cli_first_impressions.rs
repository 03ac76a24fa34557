//! What a new user meets first: standard input by name, empty folders, unknown targets, truthful
//! frames, one set of severity words, did-you-means, the `rule`, `context --explain` and `parse`
//! commands, and errors all said the same way. Each is a snapshot of exactly what is printed.

mod common;

use common::{layerlint, root, seen, with_stdin};

fn scratch(name: &str) -> std::path::PathBuf {
    common::scratch("first", name)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn stdin_filename_alone_reads_standard_input() {
    // The folder holds a Dockerfile that must not be linted instead.
    let dir = scratch("stdin");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20\nBAD\n").unwrap();
    let out = with_stdin(
        &["check", "--stdin-filename", "svc/Dockerfile", "--format", "concise"],
        "FROM alpine:3.20\nFOO bar\nUSER 10001\n",
        &dir,
    );
    insta::assert_snapshot!(seen(&out));
}

#[test]
fn a_folder_without_dockerfiles_is_said_and_can_fail() {
    let dir = scratch("empty");
    std::fs::create_dir_all(dir.join("empty")).unwrap();
    let out = layerlint(&["check", "empty"], &dir);
    insta::assert_snapshot!("empty_folder_warns", seen(&out));
    let out = layerlint(&["check", "--error-on-no-files", "empty"], &dir);
    insta::assert_snapshot!("empty_folder_error_flag", seen(&out));
    std::fs::write(dir.join("empty/layerlint.toml"), "error-on-no-files = true\n").unwrap();
    let out = layerlint(&["check", "empty"], &dir);
    assert_eq!(out.status.code(), Some(2), "{}", seen(&out));
}

#[test]
fn the_summary_counts_files_with_problems_and_says_plurals() {
    let dir = scratch("summary");
    std::fs::write(dir.join("a.Dockerfile"), "FROM alpine:3.20\nRUNN x\nRUNN y\nUSER 10001\n").unwrap();
    std::fs::write(dir.join("b.Dockerfile"), "FROM alpine:3.20\nUSER 10001\n").unwrap();
    std::fs::write(dir.join("c.Dockerfile"), "from alpine:3.20\nUSER 10001\n").unwrap();
    let out = layerlint(&["check", "--select", "SYN001,SYN004,SUP001", "."], &dir);
    let stdout = text(&out.stdout);
    let summary = stdout.lines().find(|l| l.starts_with("Found")).unwrap_or_default();
    assert_eq!(summary, "Found 3 problems (2 errors, 1 style) in 2 of 3 files.", "{stdout}");
    let out = layerlint(&["check", "--select", "SYN001,SYN004", "a.Dockerfile", "b.Dockerfile"], &dir);
    assert!(text(&out.stdout).ends_with("Found 2 problems (2 errors) in 1 of 2 files.\n"), "{}", seen(&out));
}

#[test]
fn an_unknown_target_is_an_error_with_the_stages() {
    let dir = scratch("target");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS runtime\nUSER 10001\n")
        .unwrap();
    let out = layerlint(&["check", "--format", "concise", "--target", "runtim", "Dockerfile"], &dir);
    insta::assert_snapshot!("unknown_target_near", seen(&out));
    let out = layerlint(&["check", "--format", "concise", "--target", "nosuch", "Dockerfile"], &dir);
    insta::assert_snapshot!("unknown_target_far", seen(&out));
    let out = layerlint(&["check", "--format", "concise", "--target", "BUILD", "Dockerfile"], &dir);
    assert!(out.stderr.is_empty(), "stage names compare case-insensitively: {}", seen(&out));
}

#[test]
fn undefined_variable_frames_mark_the_variable_and_tell_the_truth() {
    let out = with_stdin(
        &["check", "--select", "SYN009", "--no-color", "-"],
        "FROM scratch\nENV RUNTIME_UID ${UID:-1000}\nENV PATH=/usr/local/bin:/usr/bin:${ORYX_PATHS}:/opt/tools/bin\n",
        &root(),
    );
    insta::assert_snapshot!(seen(&out));
}

#[test]
fn full_format_uses_the_projects_severity_words() {
    let out = with_stdin(
        &["check", "--select", "SYN004,MS008", "-"],
        "FROM alpine:3.20 AS unused\nfrom alpine:3.20\nRUN true\nrun true\n",
        &root(),
    );
    let stdout = text(&out.stdout);
    assert!(stdout.contains("style[SYN004]") && stdout.contains("info[MS008]"), "{stdout}");
    assert!(!stdout.contains("help[") && !stdout.contains("note["), "{stdout}");
}

#[test]
fn near_misses_get_a_did_you_mean() {
    let dir = scratch("typos");
    std::fs::write(dir.join("Dockerfile"), "FROM alpine:3.20\nUSER 10001\n").unwrap();
    std::fs::write(dir.join("keys.toml"), "ignor = [\"SYN004\"]\n").unwrap();
    std::fs::write(dir.join("threshold.toml"), "failure-threshhold = \"error\"\n").unwrap();
    std::fs::write(dir.join("table.toml"), "[[contexts]]\ndockerfile = \"*\"\ncontxt = \".\"\n").unwrap();
    let mut all = String::new();
    for args in [
        &["check", "--config", "keys.toml", "Dockerfile"][..],
        &["check", "--config", "threshold.toml", "Dockerfile"],
        &["check", "--config", "table.toml", "Dockerfile"],
        &["check", "--select", "undefined-vars", "Dockerfile"],
        &["rule", "undefined-vars"],
    ] {
        let out = layerlint(args, &dir);
        all += &format!("$ layerlint {}\n{}\n", args.join(" "), seen(&out));
    }
    let out = with_stdin(&["check", "--format", "concise", "-"], "FROM alpine:3.20\nCOPY --chmd=755 a b\n", &dir);
    all += &format!("$ layerlint check --format concise - (COPY --chmd)\n{}\n", seen(&out));
    insta::assert_snapshot!(all);
}

#[test]
fn rule_lists_without_an_argument_and_by_prefix() {
    let all = layerlint(&["rule"], &root());
    assert_eq!(all.status.code(), Some(0));
    assert_eq!(text(&all.stdout), text(&layerlint(&["rule", "--all"], &root()).stdout));
    let out = layerlint(&["rule", "SYN01"], &root());
    insta::assert_snapshot!(seen(&out));
}

#[test]
fn explain_says_when_a_path_is_not_in_the_context() {
    let dir = scratch("explain");
    std::fs::write(dir.join(".dockerignore"), "*.log\n").unwrap();
    std::fs::write(dir.join("app.log"), "x\n").unwrap();
    let out = layerlint(&["context", ".", "--explain", "app.log", "gone.log", "src/main.rs"], &dir);
    insta::assert_snapshot!(seen(&out));
}

#[test]
fn parse_text_shows_each_instructions_arguments() {
    let out = layerlint(&["parse", "--format", "text", "fixtures/sample/Dockerfile"], &root());
    insta::assert_snapshot!(seen(&out));
}

#[test]
fn every_error_is_said_the_same_way() {
    let dir = scratch("voice");
    std::fs::write(dir.join("bad.toml"), "select = [\"NOPE\"]\n").unwrap();
    std::fs::write(dir.join("binary"), b"FROM a\0\x01").unwrap();
    let mut all = String::new();
    for args in [
        &["check", "nope/Dockerfile"][..],
        &["check", "--failure-threshold", "loud", "."],
        &["check", "--context", "nowhere", "."],
        &["check", "--config", "bad.toml", "."],
        &["check", "binary"],
        &["check", "--build-arg", "=x", "."],
        &["rule", "NOPE999"],
        &["parse", "nope"],
        &["context", "nowhere"],
        &["context", ".", "--explain"],
    ] {
        let out = layerlint(args, &dir);
        let stderr = text(&out.stderr);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(stderr.lines().nth(1).is_some_and(|l| l.starts_with("  help: ")), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        all += &format!("$ layerlint {}\n{stderr}\n", args.join(" "));
    }
    insta::assert_snapshot!(all);
}
