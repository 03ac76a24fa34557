//! BuildKit's own regression cases for its word expansion (`frontend/dockerfile/shell` in moby/buildkit),
//! run against `layerlint::model::expand` the way BuildKit's `lex_test.go` runs them.
//!
//! The data files under `tests/data/` and the tables below are BuildKit's (Copyright The BuildKit
//! Authors, Apache License 2.0); the tables are transcribed from `lex_test.go`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use layerlint::model::expand::{ExpandError, Lexer};

/// A variable lookup, as `Lexer::process_word` takes it.
type Env<'a> = &'a dyn Fn(&str) -> Option<String>;
/// Variables of one case: (name, value).
type Vars = &'static [(&'static str, &'static str)];

fn read_data(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// `TestShellParser4EnvVars`: `platform|source|expected` lines; `U` lines are for Unix, where variable
/// names are case-sensitive, `W` lines for Windows, where BuildKit compares them case-insensitively. The
/// lexer leaves that choice to the `env` function, so both sets are run.
#[test]
fn envvartest() {
    let envs = [("PWD", "/home"), ("SHELL", "bash"), ("KOREAN", "한국어"), ("NULL", "")];
    let unix = |name: &str| envs.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
    let windows = |name: &str| {
        envs.iter().find(|(key, _)| key.to_uppercase() == name.to_uppercase()).map(|(_, value)| value.to_string())
    };
    let lexer = Lexer::new('\\');

    let data = read_data("buildkit_envVarTest.txt");
    let mut cases = 0;
    let mut failures = Vec::new();
    for (index, line) in data.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.trim().split('|').map(str::trim).collect();
        let [platform, source, expected] = fields[..] else {
            panic!("line {}: expected 3 fields: {line:?}", index + 1);
        };
        cases += 1;
        let envs: Vec<(&str, Env)> = match platform {
            "A" => vec![("unix", &unix), ("windows", &windows)],
            "U" => vec![("unix", &unix)],
            "W" => vec![("windows", &windows)],
            other => panic!("line {}: invalid platform {other:?}", index + 1),
        };
        for (os, env) in envs {
            let got = lexer.process_word(source, env).map(|e| e.result);
            let ok = match &got {
                Ok(result) => expected != "error" && result == expected,
                Err(_) => expected == "error",
            };
            if !ok {
                failures.push(format!("line {} ({os}): {source:?} expected {expected:?}, got {got:?}", index + 1));
            }
        }
    }
    assert_eq!(cases, 230, "the data file lost lines");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `TestShellParser4Words`: `ENV k=v` lines extend the environment; `source | w1,w2` lines give the
/// words `process_words` must return (`error` for an error).
#[test]
fn wordstest() {
    let data = read_data("buildkit_wordsTest.txt");
    assert!(
        data.contains("ENV trailing=ab c   \n"),
        "trailing spaces in buildkit_wordsTest.txt were stripped; the cases depend on them"
    );
    let lexer = Lexer::new('\\');
    let mut envs: HashMap<String, String> = HashMap::new();
    let mut cases = 0;
    let mut failures = Vec::new();
    for (index, line) in data.lines().enumerate() {
        if line.starts_with('#') {
            continue;
        }
        if let Some(assignment) = line.strip_prefix("ENV ") {
            let assignment = assignment.trim_start_matches(' ');
            let (key, value) = assignment.split_once('=').unwrap_or((assignment, ""));
            envs.insert(key.to_owned(), value.to_owned());
            continue;
        }
        let fields: Vec<&str> = line.split('|').collect();
        let [source, expected] = fields[..] else {
            panic!("line {}: expected exactly one |: {line:?}", index + 1);
        };
        cases += 1;
        let source = source.trim();
        let expected: Vec<&str> = expected.trim_start_matches(' ').split(',').collect();
        let env = |name: &str| envs.get(name).cloned();
        let got = lexer.process_words(source, &env).unwrap_or_else(|_| vec!["error".to_owned()]);
        if got != expected {
            failures.push(format!("line {}: {source:?} expected {expected:?}, got {got:?}", index + 1));
        }
    }
    assert_eq!(cases, 24, "the data file lost lines");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What a `TestProcessWithMatches` case expects.
enum Expect {
    Ok { result: &'static str, matched: &'static [&'static str], unmatched: &'static [&'static str] },
    Error,
}

fn ok(result: &'static str, matched: &'static [&'static str], unmatched: &'static [&'static str]) -> Expect {
    Expect::Ok { result, matched, unmatched }
}

/// `TestProcessWithMatches`: the result and the sets of set / unset variables read.
#[test]
fn process_with_matches() {
    let foo_bar: Vars = &[("FOO", "xxx"), ("BAR", "")];
    let xxyy: Vars = &[("FOO", "xxyy")];
    let cases: Vec<(&str, Vars, Expect)> = vec![
        ("x", &[("DUMMY", "dummy")], ok("x", &[], &[])),
        ("x ${UNUSED}", &[("DUMMY", "dummy")], ok("x ", &[], &["UNUSED"])),
        ("x ${FOO}", &[("FOO", "y")], ok("x y", &["FOO"], &[])),
        ("${FOO-aaa} ${BAR-bbb} ${BAZ-ccc}", foo_bar, ok("xxx  ccc", &["FOO", "BAR"], &["BAZ"])),
        ("${FOO:-aaa} ${BAR:-bbb} ${BAZ:-ccc}", foo_bar, ok("xxx bbb ccc", &["FOO", "BAR"], &["BAZ"])),
        ("${FOO:-}", foo_bar, ok("xxx", &["FOO"], &[])),
        ("${FOO:-}", &[], ok("", &[], &["FOO"])),
        ("${FOO+aaa} ${BAR+bbb} ${BAZ+ccc}", foo_bar, ok("aaa bbb ", &["FOO", "BAR"], &["BAZ"])),
        ("${FOO:+aaa} ${BAR:+bbb} ${BAZ:+ccc}", foo_bar, ok("aaa  ", &["FOO", "BAR"], &["BAZ"])),
        ("${FOO?aaa}", foo_bar, ok("xxx", &["FOO"], &[])),
        ("${BAR?bbb}", foo_bar, ok("", &["BAR"], &[])),
        ("${BAZ?ccc}", foo_bar, Expect::Error),
        ("${FOO:?aaa}", foo_bar, ok("xxx", &["FOO"], &[])),
        ("${BAR:?bbb}", foo_bar, Expect::Error),
        ("${BAZ:?ccc}", foo_bar, Expect::Error),
        ("${BAZ:?}", foo_bar, Expect::Error),
        ("${FOO=aaa}", foo_bar, Expect::Error),
        ("${FOO=:aaa}", foo_bar, Expect::Error),
        ("${FOO=}", &[], Expect::Error),
        // special characters in regular expressions; } needs to be escaped so it doesn't match the
        // closing brace of ${}
        ("${FOO#()[]{\\}^$.\\*\\?|\\\\}", &[("FOO", "()[]{}^$.*?|\\x")], ok("x", &["FOO"], &[])),
        ("${FOO%%\\**}", &[("FOO", "xx**")], ok("xx", &["FOO"], &[])),
        ("${FOO#*x*y}", xxyy, ok("y", &["FOO"], &[])),
        ("${FOO#*}", xxyy, ok("xxyy", &["FOO"], &[])),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "x")], ok("xyy", &["FOO", "BAR"], &[])),
        ("${FOO#$BAR}", &[("FOO", "xxyy"), ("BAR", "")], ok("xxyy", &["FOO", "BAR"], &[])),
        ("${FOO#}", xxyy, ok("xxyy", &["FOO"], &[])),
        ("${FOO##*x}", xxyy, ok("yy", &["FOO"], &[])),
        ("${FOO##}", xxyy, ok("xxyy", &["FOO"], &[])),
        ("${FOO#?\\?}", &[("FOO", "???y")], ok("?y", &["FOO"], &[])),
        ("${ABC:-.}${FOO%x}${ABC:-.}", xxyy, ok(".xxyy.", &["FOO"], &["ABC"])),
        ("${FOO%%\\**\\*}", &[("FOO", "a***yy*")], ok("a", &["FOO"], &[])),
        ("${FOO%}", xxyy, ok("xxyy", &["FOO"], &[])),
        ("${FOO%%$BAR}", &[("FOO", "xxyy"), ("BAR", "")], ok("xxyy", &["FOO", "BAR"], &[])),
        // wildcards
        (
            "${FOO/$NEEDLE/.} - ${FOO//$NEEDLE/.}",
            &[("FOO", "/foo*/*/*.txt"), ("NEEDLE", "\\*/")],
            ok("/foo.*/*.txt - /foo..*.txt", &["FOO", "NEEDLE"], &[]),
        ),
        // / in patterns
        (
            "${FOO/$NEEDLE/} - ${FOO//$NEEDLE/}",
            &[("FOO", "/tmp/tmp/bar.txt"), ("NEEDLE", "/tmp")],
            ok("/tmp/bar.txt - /bar.txt", &["FOO", "NEEDLE"], &[]),
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT} - ${FOO//$NEEDLE/$REPLACEMENT}",
            &[("FOO", "/a/foo/b/c.txt"), ("NEEDLE", "/?/"), ("REPLACEMENT", "/")],
            ok("/foo/b/c.txt - /foo/c.txt", &["FOO", "NEEDLE", "REPLACEMENT"], &[]),
        ),
        (
            "${FOO/$NEEDLE/$REPLACEMENT}",
            &[("FOO", "http://google.de"), ("NEEDLE", "http://"), ("REPLACEMENT", "https://")],
            ok("https://google.de", &["FOO", "NEEDLE", "REPLACEMENT"], &[]),
        ),
        // substitute escaped separator characters
        ("${FOO//\\//\\/}", &[("FOO", "/tmp/foo.txt")], ok("\\/tmp\\/foo.txt", &["FOO"], &[])),
        // "Following cases with empty/partial values are currently not guaranteed behavior. Tests are
        // provided to make sure partial input does not cause runtime error."
        ("${FOO/$BAR/ww}", &[("FOO", "xxyy"), ("BAR", "")], ok("wwxxyy", &["FOO", "BAR"], &[])),
        ("${FOO//ww}", xxyy, Expect::Error),
        ("${FOO//}", xxyy, Expect::Error),
        ("${FOO///}", xxyy, ok("xxyy", &["FOO"], &[])),
        ("${FOO///}", &[], ok("", &[], &["FOO"])),
    ];
    let lexer = Lexer::new('\\');
    let set = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<BTreeSet<_>>();
    for (input, vars, expect) in cases {
        let env = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        let got = lexer.process_word(input, &env);
        match (expect, got) {
            (Expect::Error, Err(_)) => {}
            (Expect::Error, Ok(expansion)) => {
                panic!("{input:?}: expected an error, got {expansion:?}")
            }
            (Expect::Ok { .. }, Err(err)) => panic!("{input:?}: unexpected error {err}"),
            (Expect::Ok { result, matched, unmatched }, Ok(expansion)) => {
                assert_eq!(expansion.result, result, "{input:?}");
                assert_eq!(set(matched), expansion.matched.iter().cloned().collect(), "{input:?}");
                assert_eq!(set(unmatched), expansion.unmatched.iter().cloned().collect(), "{input:?}");
            }
        }
    }
}

/// `TestProcessWithMatchesPlatform`: BuildKit's own release file naming, with `${V:+-${V}}`.
#[test]
fn process_with_matches_platform() {
    let release = "something-${VERSION}.${TARGETOS}-${TARGETARCH}${TARGETVARIANT:+-${TARGETVARIANT}}.tar.gz";
    let lexer = Lexer::new('\\');
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "arm"), ("TARGETVARIANT", "v7")],
            "something-v1.2.3.linux-arm-v7.tar.gz",
        ),
        (
            &[("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "arm64"), ("TARGETVARIANT", "")],
            "something-v1.2.3.linux-arm64.tar.gz",
        ),
        (
            &[("VERSION", "v1.2.3"), ("TARGETOS", "linux"), ("TARGETARCH", "arm64")],
            "something-v1.2.3.linux-arm64.tar.gz",
        ),
    ];
    for (vars, expected) in cases {
        let env = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        assert_eq!(lexer.process_word(release, &env).map(|e| e.result), Ok(expected.to_owned()));
    }
}

/// `TestShellParserMandatoryEnvVars`: `${VAR:?message}` and `${VAR?message}`, the message expanded.
#[test]
fn mandatory_env_vars() {
    let lexer = Lexer::new('\\');
    let run = |word: &str, vars: &[(&str, &str)]| {
        let env = |name: &str| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string());
        lexer.process_word(word, &env).map(|e| e.result)
    };
    let set: &[(&str, &str)] = &[("VAR", "plain"), ("ARG", "x")];
    let empty: &[(&str, &str)] = &[("VAR", ""), ("ARG", "x")];
    let unset: &[(&str, &str)] = &[("ARG", "x")];
    let required = || Err(ExpandError::Required { name: "VAR".into(), message: "message herex".into() });

    let no_empty = "${VAR:?message here$ARG}";
    assert_eq!(run(no_empty, set), Ok("plain".to_owned()));
    assert_eq!(run(no_empty, empty), required());
    assert_eq!(run(no_empty, unset), required());

    let no_unset = "${VAR?message here$ARG}";
    assert_eq!(run(no_unset, set), Ok("plain".to_owned()));
    assert_eq!(run(no_unset, empty), Ok(String::new()));
    assert_eq!(run(no_unset, unset), required());
}
