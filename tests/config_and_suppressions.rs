//! Configuration files and inline suppressions, driven through the binary in scratch folders: which
//! config applies, how the command line overrides it, what a broken config says, and every suppression
//! form (layerlint, hadolint, BuildKit's `# check=` directive, build-arg and per-instruction comments).

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::layerlint;

/// The concise findings (`path:line:col: severity[CODE] message`) and the exit code.
fn concise(args: &[&str], cwd: &Path) -> (String, Option<i32>) {
    let mut all = vec!["check", "--format", "concise"];
    all.extend_from_slice(args);
    let out = layerlint(&all, cwd);
    (String::from_utf8_lossy(&out.stdout).into_owned(), out.status.code())
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A fresh scratch folder holding `files` (path, content), with a `.git` folder so discovery stops
/// here unless the test says otherwise.
fn scratch(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = common::scratch("cfg", name);
    std::fs::create_dir_all(dir.join(".git")).expect("scratch dir");
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folders");
        std::fs::write(path, content).expect("write");
    }
    dir
}

/// `RUNN` is an unknown instruction: one SYN001 finding on line 2.
const BROKEN: &str = "FROM alpine:3.20\nRUNN x\nUSER 10001\n";
/// MAINTAINER fires SYN003 (BuildKit's MaintainerDeprecated), a warning.
const MAINTAINER: &str = "FROM alpine:3.20\nMAINTAINER someone\nUSER 10001\n";

fn codes(output: &str) -> Vec<String> {
    output
        .lines()
        .filter_map(|l| l.split_once('[').and_then(|(_, rest)| rest.split_once(']')).map(|(code, _)| code.to_string()))
        .collect()
}

#[test]
fn the_closest_config_wins_and_discovery_stops_at_the_repository_root() {
    let dir = scratch(
        "closest",
        &[
            ("layerlint.toml", "ignore = [\"SYN001\"]\n"),
            ("Dockerfile", BROKEN),
            ("sub/.layerlint.toml", "failure-threshold = \"error\"\n"),
            ("sub/Dockerfile", BROKEN),
            ("sub/deeper/Dockerfile", BROKEN),
        ],
    );
    let (out, code) = concise(&["."], &dir);
    // The root config ignores SYN001; the closer one in sub/ does not (configs are not merged).
    assert!(!out.lines().any(|l| l.starts_with("Dockerfile:")), "{out}");
    assert!(out.contains("sub/Dockerfile:2:1: error[SYN001]"), "{out}");
    assert!(out.contains("sub/deeper/Dockerfile:2:1: error[SYN001]"), "{out}");
    assert_eq!(code, Some(1));

    // A config above the repository root (the folder with .git) is not used.
    let outer = scratch("outer", &[("layerlint.toml", "ignore = [\"SYN001\"]\n"), ("repo/Dockerfile", BROKEN)]);
    std::fs::remove_dir_all(outer.join(".git")).unwrap();
    std::fs::create_dir_all(outer.join("repo/.git")).unwrap();
    let (out, _) = concise(&["repo/Dockerfile"], &outer);
    assert_eq!(codes(&out), ["SYN001"], "{out}");
    // Without the .git boundary, the walk goes on up and finds it.
    std::fs::remove_dir_all(outer.join("repo/.git")).unwrap();
    let (out, _) = concise(&["repo/Dockerfile"], &outer);
    assert!(codes(&out).is_empty(), "{out}");
}

#[test]
fn config_flag_replaces_discovery_and_isolated_uses_none() {
    let dir = scratch(
        "explicit",
        &[
            ("layerlint.toml", "select = [\"SYN003\"]\n"),
            ("other.toml", "ignore = [\"SYN003\"]\n"),
            ("Dockerfile", &format!("{MAINTAINER}RUNN x\n")),
        ],
    );
    let (out, _) = concise(&["Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003"], "discovered config: {out}");
    let (out, _) = concise(&["--config", "other.toml", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN001"], "--config: {out}");
    let (out, _) = concise(&["--isolated", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003", "SYN001"], "--isolated: {out}");
    let missing = layerlint(&["check", "--config", "nope.toml", "Dockerfile"], &dir);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("nope.toml"), "{}", stderr(&missing));
}

#[test]
fn config_mistakes_exit_2_naming_file_line_and_key() {
    let dir = scratch(
        "badkey",
        &[("layerlint.toml", "select = [\"SYN001\"]\nselekt = [\"SYN003\"]\n"), ("Dockerfile", BROKEN)],
    );
    let out = layerlint(&["check", "--format", "concise", "Dockerfile"], &dir);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("layerlint.toml:2:1"), "{err}");
    assert!(err.contains("selekt"), "{err}");
    assert!(err.contains("help:"), "{err}");
    assert!(out.stdout.is_empty(), "a file under a broken config is not linted");

    let dir = scratch("badrule", &[("layerlint.toml", "[severity]\nSYN999 = \"error\"\n"), ("Dockerfile", BROKEN)]);
    let out = layerlint(&["check", "Dockerfile"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("layerlint.toml:2:1: key `severity.SYN999`"), "{}", stderr(&out));

    let dir = scratch("badtype", &[("layerlint.toml", "ignore = \"SYN001\"\n"), ("Dockerfile", BROKEN)]);
    let out = layerlint(&["check", "Dockerfile"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("layerlint.toml:1:10: key `ignore`"), "{}", stderr(&out));

    // Files under a good config are still linted and reported.
    let dir = scratch(
        "mixed",
        &[("bad/layerlint.toml", "nope = 1\n"), ("bad/Dockerfile", BROKEN), ("good/Dockerfile", BROKEN)],
    );
    let out = layerlint(&["check", "--format", "concise", "."], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("good/Dockerfile:2:1"));
}

#[test]
fn command_line_selection() {
    let dir = scratch("select", &[("Dockerfile", &format!("{MAINTAINER}RUNN x\n"))]);
    let (out, _) = concise(&["--select", "DL1000", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN001"], "an alias selects its rule: {out}");
    let (out, _) = concise(&["--select", "parse-error", "--extend-select", "MaintainerDeprecated", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003", "SYN001"], "{out}");
    let (out, _) = concise(&["--ignore", "SYN", "Dockerfile"], &dir);
    assert!(codes(&out).is_empty(), "a prefix ignores a family: {out}");
    let (out, _) = concise(&["--select", "SYN", "--ignore", "SYN003,SUP", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN001"], "{out}");

    let bad = layerlint(&["check", "--select", "FOO", "Dockerfile"], &dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("FOO"), "{}", stderr(&bad));
    let both = layerlint(&["check", "--isolated", "--config", "x.toml", "Dockerfile"], &dir);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn command_line_overrides_the_config() {
    let dir = scratch(
        "override",
        &[
            ("layerlint.toml", "select = [\"SYN003\"]\nfailure-threshold = \"error\"\n"),
            ("Dockerfile", &format!("{MAINTAINER}RUNN x\n")),
        ],
    );
    // The config's threshold: a warning alone does not fail.
    let (out, code) = concise(&["Dockerfile"], &dir);
    assert_eq!((codes(&out), code), (vec!["SYN003".to_string()], Some(0)));
    // --failure-threshold wins over it; --select replaces its selection.
    assert_eq!(concise(&["--failure-threshold", "warning", "Dockerfile"], &dir).1, Some(1));
    let (out, _) = concise(&["--select", "SYN001", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN001"], "{out}");
    let (out, _) = concise(&["--extend-select", "SYN001", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003", "SYN001"], "{out}");
}

#[test]
fn severity_override_and_per_file_ignores() {
    let dir = scratch(
        "perfile",
        &[
            ("layerlint.toml", "[severity]\nMaintainerDeprecated = \"error\"\n\n[per-file-ignores]\n\"legacy/**\" = [\"SYN001\"]\n\"*.dev.Dockerfile\" = [\"SYN\"]\n"),
            ("Dockerfile", &format!("{MAINTAINER}RUNN x\n")),
            ("legacy/old/Dockerfile", &format!("{MAINTAINER}RUNN x\n")),
            ("svc/app.dev.Dockerfile", &format!("{MAINTAINER}RUNN x\n")),
        ],
    );
    let (out, _) = concise(&["."], &dir);
    assert!(out.lines().any(|l| l.starts_with("Dockerfile:2:1: error[SYN003]")), "severity override: {out}");
    assert!(out.lines().any(|l| l.starts_with("Dockerfile:4:1: error[SYN001]")), "{out}");
    assert!(out.contains("legacy/old/Dockerfile:2:1: error[SYN003]"), "{out}");
    assert!(!out.contains("legacy/old/Dockerfile:4"), "per-file ignore: {out}");
    assert!(!out.contains("app.dev.Dockerfile"), "a pattern without / matches file names anywhere: {out}");
}

#[test]
fn layerlint_and_hadolint_ignores() {
    let dir = scratch(
        "pragmas",
        &[
            ("own.Dockerfile", "FROM alpine:3.20\n# layerlint ignore=SYN001\nRUNN x\nRUNN y\nUSER 10001\n"),
            (
                "alias.Dockerfile",
                "FROM alpine:3.20\n# a note\n# hadolint ignore=DL1000\nRUNN x \\\n  continued\nUSER 10001\n",
            ),
            (
                "global.Dockerfile",
                "FROM alpine:3.20\nRUNN x\nRUNN y\n# layerlint global ignore=parse-error\nUSER 10001\n",
            ),
            (
                "hglobal.Dockerfile",
                "# hadolint global ignore=DL1000,DL4000\nFROM alpine:3.20\nMAINTAINER me\nRUNN y\nUSER 10001\n",
            ),
        ],
    );
    let (out, _) = concise(&["own.Dockerfile"], &dir);
    assert_eq!(
        out.trim(),
        "own.Dockerfile:4:1: error[SYN001] unknown instruction: RUNN (did you mean RUN?)",
        "only the next instruction"
    );
    let (out, code) = concise(&["alias.Dockerfile", "global.Dockerfile", "hglobal.Dockerfile"], &dir);
    assert_eq!(out, "", "{out}");
    assert_eq!(code, Some(0));
}

#[test]
fn unused_suppressions_are_reported() {
    let dir = scratch(
        "unused",
        &[(
            "Dockerfile",
            "FROM alpine:3.20\n# layerlint ignore=SYN001\nRUN true\n# layerlint ignore=NOPE1\nRUN true\n# hadolint ignore=DL3025\nRUN true\n# hadolint ignore=DL4006\nRUN true\nUSER 10001\n",
        )],
    );
    // The four consecutive RUNs are LYR001's business, not this test's.
    let (out, code) = concise(&["--ignore", "LYR001", "Dockerfile"], &dir);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(lines[0].starts_with("Dockerfile:2:20: info[SUP001] [*] `SYN001` suppresses nothing"), "{out}");
    assert!(lines[1].starts_with("Dockerfile:4:20: info[SUP001] [*] `NOPE1` names no layerlint rule"), "{out}");
    // DL3025 is SYN002's alias: reported. DL4006 has no layerlint rule yet: left to hadolint.
    assert!(lines[2].starts_with("Dockerfile:6:19: info[SUP001] `DL3025`"), "{out}");
    assert_eq!(code, Some(1));
    // Not reported when the rule it names is not selected, nor when SUP001 is ignored.
    let (out, _) = concise(&["--ignore", "SYN001,LYR001", "Dockerfile"], &dir);
    assert_eq!(out.lines().count(), 2, "{out}");
    let (out, _) = concise(&["--ignore", "SUP001,LYR001", "Dockerfile"], &dir);
    assert_eq!(out, "");
    // A file-wide ignore of SUP001 silences them (and is itself used).
    let text = std::fs::read_to_string(dir.join("Dockerfile")).unwrap();
    std::fs::write(dir.join("Dockerfile"), format!("{text}# layerlint global ignore=SUP001\n")).unwrap();
    let (out, _) = concise(&["--ignore", "LYR001", "Dockerfile"], &dir);
    assert_eq!(out, "", "{out}");
}

#[test]
fn buildkit_check_directive() {
    let dir = scratch(
        "check",
        &[
            ("skipall.Dockerfile", &format!("# check=skip=all\n{MAINTAINER}RUNN x\n")),
            (
                "skipone.Dockerfile",
                &format!("#!/usr/bin/env docker-build\n# check=skip=MaintainerDeprecated // why\n{MAINTAINER}"),
            ),
            ("case.Dockerfile", &format!("# check=skip=maintainerdeprecated\n{MAINTAINER}")),
            ("error.Dockerfile", &format!("# check=error=true\n{MAINTAINER}")),
            ("bad.Dockerfile", &format!("# check=skip=A;foo=bar\n{MAINTAINER}")),
        ],
    );
    // skip=all reaches BuildKit's checks only: SYN001 is layerlint's own.
    let (out, _) = concise(&["skipall.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN001"], "{out}");
    // After a shebang the directive still counts (BuildKit's ParseDirective skips it).
    let (out, _) = concise(&["skipone.Dockerfile"], &dir);
    assert_eq!(out, "", "{out}");
    // Names are case-sensitive: nothing skipped, and the entry is reported.
    let (out, _) = concise(&["case.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SUP001", "SYN003"], "{out}");
    assert!(out.contains("did you mean MaintainerDeprecated?"), "{out}");
    // error=true: the build fails on the finding, so it is an error.
    let (out, _) = concise(&["error.Dockerfile"], &dir);
    assert!(out.contains("error.Dockerfile:3:1: error[SYN003]"), "{out}");
    // A directive BuildKit cannot parse fails the build: SYN001 on it, and nothing is skipped.
    let (out, _) = concise(&["bad.Dockerfile"], &dir);
    assert!(
        out.contains("bad.Dockerfile:1:1: error[SYN001] failed to parse check options: invalid check option \"foo\""),
        "{out}"
    );
    assert!(out.contains("warning[SYN003]"), "{out}");
}

#[test]
fn buildkit_dockerfile_check_build_arg_replaces_the_directive() {
    let dir = scratch("buildarg", &[("Dockerfile", &format!("# check=skip=all\n{MAINTAINER}"))]);
    let (out, _) = concise(&["--build-arg", "BUILDKIT_DOCKERFILE_CHECK=experimental=all", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003"], "{out}");
    let (out, _) = concise(&["--build-arg", "BUILDKIT_DOCKERFILE_CHECK=skip=MaintainerDeprecated", "Dockerfile"], &dir);
    assert_eq!(out, "", "{out}");
    let bad = layerlint(&["check", "--build-arg", "BUILDKIT_DOCKERFILE_CHECK=foo", "Dockerfile"], &dir);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("invalid check option \"foo\""), "{}", stderr(&bad));
}

#[test]
fn per_instruction_check_comments() {
    let dir = scratch(
        "perinst",
        &[
            (
                "ok.Dockerfile",
                "FROM alpine:3.20\n# check=skip=MaintainerDeprecated\nMAINTAINER me\nMAINTAINER you\nUSER 10001\n",
            ),
            // Above FROM it reaches only the FROM line's own checks.
            (
                "from.Dockerfile",
                "FROM alpine:3.20 AS base\n# check=skip=MaintainerDeprecated\nFROM base\nMAINTAINER me\nUSER 10001\n",
            ),
            // Indented: BuildKit keeps the `#` in the comment text, so it is not recognised.
            (
                "indented.Dockerfile",
                "FROM alpine:3.20\n  # check=skip=MaintainerDeprecated\nMAINTAINER me\nUSER 10001\n",
            ),
            // A blank line does not end BuildKit's PrevComment (an empty `#` does).
            ("blank.Dockerfile", "FROM alpine:3.20\n# check=skip=MaintainerDeprecated\n\nMAINTAINER me\nUSER 10001\n"),
            ("reset.Dockerfile", "FROM alpine:3.20\n# check=skip=MaintainerDeprecated\n#\nMAINTAINER me\nUSER 10001\n"),
        ],
    );
    let (out, _) = concise(&["ok.Dockerfile"], &dir);
    assert_eq!(
        out.trim(),
        "ok.Dockerfile:4:1: warning[SYN003] [*] Maintainer instruction is deprecated in favor of using label"
    );
    let (out, _) = concise(&["from.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SUP001", "SYN003"], "{out}");
    assert!(out.contains("only to the FROM line's own checks"), "{out}");
    let (out, _) = concise(&["indented.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003"], "{out}");
    let (out, _) = concise(&["blank.Dockerfile"], &dir);
    assert_eq!(out, "", "{out}");
    let (out, _) = concise(&["reset.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003"], "{out}");
}

#[test]
fn statistics_count_per_rule() {
    let dir = scratch(
        "stats",
        &[
            ("a.Dockerfile", &format!("{MAINTAINER}RUNN x\nRUNN y\n")),
            ("b.Dockerfile", "FROM alpine:3.20\nRUNN x\nUSER 10001\n"),
        ],
    );
    let out = layerlint(&["check", "--statistics", "a.Dockerfile", "b.Dockerfile"], &dir);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("3  SYN001  parse-error\n1  SYN003  maintainer-deprecated\n"), "{text}");
    assert_eq!(out.status.code(), Some(1));
    let out = layerlint(&["check", "--statistics", "--format", "json", "a.Dockerfile", "b.Dockerfile"], &dir);
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(rows[0], serde_json::json!({"code": "SYN001", "name": "parse-error", "count": 3}));
}

#[test]
fn build_args_from_config_and_command_line() {
    // A config [build-args] BUILDKIT_DOCKERFILE_CHECK acts like --build-arg; the command line wins.
    let dir = scratch(
        "cfgargs",
        &[
            ("layerlint.toml", "[build-args]\nBUILDKIT_DOCKERFILE_CHECK = \"skip=MaintainerDeprecated\"\n"),
            ("Dockerfile", MAINTAINER),
        ],
    );
    let (out, _) = concise(&["Dockerfile"], &dir);
    assert_eq!(out, "", "{out}");
    let (out, _) = concise(&["--build-arg", "BUILDKIT_DOCKERFILE_CHECK=", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN003"], "{out}");
}

#[test]
fn experimental_checks_follow_buildkit() {
    // SYN024 is BuildKit's experimental InvalidDefinitionDescription: off by default, and a prefix
    // selection does not turn it on.
    const STAGES: &str =
        "FROM alpine:3.20 AS base\n# The compiler stage\nFROM base AS build\n# Another\nFROM build AS other\nUSER 10001\n";
    let dir = scratch(
        "experimental",
        &[
            ("off.Dockerfile", STAGES),
            ("file.Dockerfile", &format!("# check=experimental=InvalidDefinitionDescription\n{STAGES}")),
            ("one.Dockerfile", &STAGES.replace("# The compiler", "# check=experimental=all\n# The compiler")),
            ("skip.Dockerfile", &format!("# check=skip=InvalidDefinitionDescription\n{STAGES}")),
        ],
    );
    assert_eq!(concise(&["off.Dockerfile"], &dir).0, "");
    assert_eq!(concise(&["--select", "SYN", "off.Dockerfile"], &dir).0, "");
    let all = codes(&concise(&["--select", "ALL", "off.Dockerfile"], &dir).0);
    assert_eq!(all.iter().filter(|c| c.starts_with("SYN")).collect::<Vec<_>>(), ["SYN024", "SYN024"], "{all:?}");
    assert_eq!(codes(&concise(&["--select", "SYN024", "off.Dockerfile"], &dir).0), ["SYN024", "SYN024"]);
    // experimental= turns it on: for the file, or (in a comment) for that instruction only.
    assert_eq!(codes(&concise(&["file.Dockerfile"], &dir).0), ["SYN024", "SYN024"]);
    let (out, _) = concise(&["one.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN024"], "{out}");
    assert!(out.starts_with("one.Dockerfile:4:1:"), "{out}");
    // ... unless the configuration or command line ignores it.
    assert_eq!(concise(&["--ignore", "SYN024", "file.Dockerfile"], &dir).0, "");
    // skip= never turns an experimental check off, and says so.
    let (out, _) = concise(&["--extend-select", "SYN024", "skip.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SUP001", "SYN024", "SYN024"], "{out}");
    assert!(out.contains("never turns off the experimental check"), "{out}");
}

#[test]
fn buildkit_names_reach_their_rules() {
    let dir = scratch(
        "bknames",
        &[
            ("cmd.Dockerfile", "# check=skip=JSONArgsRecommended\nFROM alpine:3.20\nCMD echo hi\nUSER 10001\n"),
            ("hadolint.Dockerfile", "FROM alpine:3.20\n# hadolint ignore=DL3025\nCMD echo hi\nUSER 10001\n"),
            ("unused.Dockerfile", "# check=skip=JSONArgsRecommended,MaintainerDeprecated\nFROM alpine:3.20\nCMD [\"x\"]\nMAINTAINER me\n"),
            ("perinst.Dockerfile", "FROM alpine:3.20\n# check=skip=JSONArgsRecommended // shell form on purpose\nCMD echo hi\nCMD echo again\nUSER 10001\n"),
        ],
    );
    assert_eq!(concise(&["--select", "SYN002,SUP001", "cmd.Dockerfile"], &dir).0, "");
    assert_eq!(concise(&["--select", "SYN002,SUP001", "hadolint.Dockerfile"], &dir).0, "");
    let (out, _) = concise(&["--select", "SYN002,SYN003,SUP001", "unused.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SUP001"], "{out}");
    assert!(out.starts_with("unused.Dockerfile:1:14: info[SUP001] `JSONArgsRecommended` suppresses nothing"), "{out}");
    let (out, _) = concise(&["--select", "SYN002,SUP001", "perinst.Dockerfile"], &dir);
    assert_eq!(codes(&out), ["SYN002"], "{out}");
    assert!(out.starts_with("perinst.Dockerfile:4:"), "{out}");
}

#[test]
fn rule_options_are_checked_and_applied() {
    let cuda =
        "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH\nUSER 10001\n";
    let dir = scratch(
        "options",
        &[
            ("Dockerfile", cuda),
            ("layerlint.toml", "[rules.SYN009]\nassume-base-image-env = false\n"),
            ("typo/layerlint.toml", "[rules.undefined-var]\nassume-base-env = false\n"),
            ("typo/Dockerfile", cuda),
            ("type/layerlint.toml", "[rules.SYN009]\nassume-base-image-env = \"no\"\n"),
            ("type/Dockerfile", cuda),
        ],
    );
    let (out, code) = concise(&["Dockerfile"], &dir);
    assert!(
        out.starts_with("Dockerfile:2:30: warning[SYN009] Usage of undefined variable '$LD_LIBRARY_PATH'"),
        "{out}"
    );
    assert_eq!(code, Some(1));
    let out = layerlint(&["check", "typo/Dockerfile"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("rules.undefined-var.assume-base-env"), "{}", stderr(&out));
    assert!(stderr(&out).contains("SYN009 takes: assume-base-image-env"), "{}", stderr(&out));
    assert!(stderr(&out).contains("typo/layerlint.toml:2:1:"), "the option's own line: {}", stderr(&out));
    let out = layerlint(&["check", "type/Dockerfile"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("must be a boolean, not string"), "{}", stderr(&out));
    assert!(stderr(&out).contains("type/layerlint.toml:2:25:"), "the value's position: {}", stderr(&out));
}

/// `--target` names the final stage: the rules about the image that ships look at that one.
#[test]
fn target_names_the_final_stage() {
    let dir = scratch("target", &[("Dockerfile", "FROM alpine:3.20 AS build\nFROM alpine:3.20 AS app\nUSER 10001\n")]);
    let (out, _) = concise(&["Dockerfile"], &dir);
    assert_eq!(codes(&out), ["MS008"], "{out}");
    let (out, _) = concise(&["--target", "build", "Dockerfile"], &dir);
    assert_eq!(codes(&out), ["USR001", "MS008"], "{out}");
    assert!(out.starts_with("Dockerfile:1:1: warning[USR001]"), "{out}");
}

/// The wave of optimization rules: a bad option value is a config error at its key; the top-level
/// `trusted-registries` reaches PIN007.
#[test]
fn policy_options_are_checked_and_reach_their_rules() {
    let dir = scratch(
        "policy",
        &[
            ("range/layerlint.toml", "[rules.PIN004]\nmin-version-precision = 5\n"),
            ("range/Dockerfile", "FROM python:3\nUSER 10001\n"),
            ("trusted/layerlint.toml", "extend-select = [\"PIN007\"]\ntrusted-registries = [\"*.dkr.ecr.*.amazonaws.com\"]\n"),
            ("trusted/Dockerfile", "FROM 1234.dkr.ecr.eu-west-1.amazonaws.com/base:1.2\nCOPY --from=ghcr.io/acme/tool:1.0 /t /t\nUSER 10001\n"),
            ("precise/layerlint.toml", "[rules.PIN004]\nmin-version-precision = 3\n"),
            ("precise/Dockerfile", "FROM python:3.12-slim\nUSER 10001\n"),
        ],
    );
    let out = layerlint(&["check", "range/Dockerfile"], &dir);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("range/layerlint.toml:2:25:"), "{}", stderr(&out));
    assert!(stderr(&out).contains("rules.PIN004.min-version-precision"), "{}", stderr(&out));
    assert!(stderr(&out).contains("must be between 1 and 3, not 5"), "{}", stderr(&out));
    let (out, _) = concise(&["trusted/Dockerfile"], &dir);
    assert_eq!(codes(&out), ["PIN007"], "{out}");
    assert!(
        out.contains("trusted/Dockerfile:2:13: warning[PIN007] Image `ghcr.io/acme/tool:1.0` comes from `ghcr.io`"),
        "{out}"
    );
    let (out, _) = concise(&["precise/Dockerfile"], &dir);
    assert_eq!(codes(&out), ["PIN004"], "{out}");
}
