use super::read::MAX_LINE_BYTES;
use super::*;

/// Docker's answer for `path`: `Some(excluded)`, or `None` when Docker reports an error.
fn docker(ignore: &str, path: &str) -> Option<bool> {
    let parsed = DockerIgnore::parse(ignore).ok()?;
    parsed.decide(path).ok().map(|decision| decision.excluded)
}

fn deciding_line(ignore: &str, path: &str) -> Option<usize> {
    let parsed = DockerIgnore::parse(ignore).ok()?;
    let decision = parsed.decide(path).ok()?;
    decision.deciding.map(Pattern::line)
}

#[test]
fn single_star_stays_in_one_folder_but_parents_match() {
    assert_eq!(docker("*.go", "main.go"), Some(true));
    assert_eq!(docker("*.go", "pkg/main.go"), Some(false));
    assert_eq!(docker("*.go", "main.go/inner"), Some(true));
    assert_eq!(docker("src/*.js", "src/lib/a.js"), Some(false));
}

#[test]
fn question_mark_is_one_character_but_not_a_slash() {
    assert_eq!(docker("a?c", "abc"), Some(true));
    assert_eq!(docker("a?c", "a/c"), Some(false));
    assert_eq!(docker("?", "é"), Some(true));
    assert_eq!(docker("?", "e\u{301}"), Some(false));
}

#[test]
fn double_star_forms() {
    assert_eq!(docker("**", "a/b/c"), Some(true));
    assert_eq!(docker("**/foo", "foo"), Some(true));
    assert_eq!(docker("**/foo", "a/b/foo"), Some(true));
    assert_eq!(docker("**/foo", "afoo"), Some(false));
    assert_eq!(docker("**foo", "a/xfoo"), Some(true));
    assert_eq!(docker("foo/**", "foo"), Some(false));
    assert_eq!(docker("foo/**", "foo/x/y"), Some(true));
    assert_eq!(docker("foo**", "foobar/x"), Some(true));
    assert_eq!(docker("a/**/b", "a/b"), Some(true));
    assert_eq!(docker("a/**/b", "a/x/y/b"), Some(true));
    assert_eq!(docker("a**b", "axb"), Some(false));
    assert_eq!(docker("a**b", "ax/b"), Some(true));
    assert_eq!(docker("***", "a/b"), Some(true));
}

#[test]
fn character_classes_follow_go_regexp() {
    assert_eq!(docker("[a-c]at", "bat"), Some(true));
    assert_eq!(docker("[a-c]at", "dat"), Some(false));
    assert_eq!(docker("[^a]bc", "xbc"), Some(true));
    // `!` does not negate: Go's glob has only `^`.
    assert_eq!(docker("[!a]bc", "!bc"), Some(true));
    assert_eq!(docker("[!a]bc", "xbc"), Some(false));
    // A negated class matches `/`, unlike `?`.
    assert_eq!(docker("x[^a]y", "x/y"), Some(true));
    assert_eq!(docker("[[:digit:]]", "5"), Some(true));
    assert_eq!(docker("[[:digit:]]", "d"), Some(false));
    assert_eq!(docker("[\\]]x", "]x"), Some(true));
}

#[test]
fn malformed_classes_fail_every_path() {
    for bad in ["[", "[a-c", "[]a]", "[a-]", "[]"] {
        let error = DockerIgnore::parse(bad).unwrap_err();
        assert_eq!(error.docker_message(), "syntax error in pattern", "{bad}");
        assert_eq!(error.line, 1);
    }
}

#[test]
fn regexp_errors_are_found_lazily_per_path() {
    // `[z-a]` passes Go's glob check but not its regexp compiler.
    let ignore = DockerIgnore::parse("x\n![z-a]").unwrap();
    let error = ignore.decide("x").unwrap_err();
    assert_eq!((error.line, error.docker_message()), (2, "syntax error in pattern"));
    // `y` is not excluded, so the exception is never tried.
    assert!(!ignore.decide("y").unwrap().excluded);
    assert_eq!(docker("foo\\q", "anything"), None);
}

#[test]
fn backslash_escapes_keep_their_regexp_meaning() {
    assert_eq!(docker("foo\\*bar", "foo*bar"), Some(true));
    assert_eq!(docker("foo\\*bar", "fooXbar"), Some(false));
    assert_eq!(docker("file\\d", "file1"), Some(true));
    assert_eq!(docker("file\\d", "filed"), Some(false));
    assert_eq!(docker("dir\\sub", "dir ub"), Some(true));
    assert_eq!(docker("a\\b", "a"), Some(true));
    assert_eq!(docker("\\#x", "#x"), Some(true));
    assert_eq!(docker("\\x41b", "Ab"), Some(true));
    assert_eq!(docker("a\\Q*", "a[^/]*$"), Some(true));
    // A trailing backslash fails Go's glob check.
    assert_eq!(docker("foo\\", "foo"), None);
    assert_eq!(docker("src\\pkg", "src"), None);
    assert_eq!(docker("src\\pLib", "srcxib"), Some(true));
}

#[test]
fn unescaped_regexp_syntax_leaks_through() {
    // Go's escape bitmap misses `|`, `{` and `}`.
    assert_eq!(docker("a|b*", "xb"), Some(true));
    assert_eq!(docker("a|b*", "c"), Some(false));
    assert_eq!(docker("|x*", "anything"), Some(true));
    assert_eq!(docker("a{2}*", "aab"), Some(true));
    assert_eq!(docker("a{2}*", "a{2}"), Some(false));
    assert_eq!(docker("*.{js,ts}", "a.{js,ts}"), Some(true));
    assert_eq!(docker("a^b*", "a^b"), Some(false));
    // Without a wildcard the pattern is compared literally.
    assert_eq!(docker("a|b", "a|b"), Some(true));
    assert_eq!(docker("a+b*", "a+b"), Some(true));
    assert_eq!(docker("a.b*", "axb"), Some(false));
    assert_eq!(docker("*{2}", "x"), None);
}

#[test]
fn exceptions_and_last_match_wins() {
    let ignore = "*.md\n!README*.md\nREADME-secret.md";
    assert_eq!(docker(ignore, "README.md"), Some(false));
    assert_eq!(deciding_line(ignore, "README.md"), Some(2));
    assert_eq!(docker(ignore, "README-secret.md"), Some(true));
    assert_eq!(deciding_line(ignore, "README-secret.md"), Some(3));
    assert_eq!(deciding_line(ignore, "main.go"), None);
    assert_eq!(docker("docs\n!docs/keep.md", "docs/keep.md"), Some(false));
    assert_eq!(docker("docs\n!docs/keep.md", "docs"), Some(true));
    assert_eq!(docker("a/b\n!a", "a/b/c"), Some(false));
    assert_eq!(docker("!keep.md\n*", "keep.md"), Some(true));
}

#[test]
fn illegal_exclusions() {
    for ignore in ["!", "! ", "*\n!", "*\n!/"] {
        let error = DockerIgnore::parse(ignore).unwrap_err();
        assert_eq!(error.docker_message(), "illegal exclusion pattern: \"!\"", "{ignore:?}");
    }
    assert_eq!(docker("*\n!!foo", "!foo"), Some(false));
    assert_eq!(docker("*\n! foo", "foo"), Some(false));
}

#[test]
fn patterns_are_cleaned_and_rooted() {
    assert_eq!(docker("/build", "build/out"), Some(true));
    assert_eq!(docker("./tmp", "tmp"), Some(true));
    assert_eq!(docker("foo/", "foo/x"), Some(true));
    assert_eq!(docker("a/../b", "b"), Some(true));
    assert_eq!(docker("/../foo", "foo"), Some(true));
    assert_eq!(docker("a//b", "a/b"), Some(true));
    assert_eq!(docker("/", "/"), Some(true));
    assert_eq!(docker(".", "."), Some(true));
    assert_eq!(docker("..", "../x"), Some(true));
    assert_eq!(docker("foo/..", "foo"), Some(false));
}

#[test]
fn paths_are_not_cleaned() {
    assert_eq!(docker("foo", "./foo"), Some(false));
    assert_eq!(docker("foo", "foo/"), Some(true));
    assert_eq!(docker("foo", "a//foo"), Some(false));
}

#[test]
fn lines_comments_and_white_space() {
    assert_eq!(docker("# *.md\n   *.txt   ", "a.txt"), Some(true));
    assert_eq!(docker("# *.md\n   *.txt   ", "a.md"), Some(false));
    assert_eq!(docker(" # x", "# x"), Some(true));
    assert_eq!(docker("foo # comment", "foo # comment"), Some(true));
    assert_eq!(docker("*.log \r\n*.tmp\r\n", "a.tmp"), Some(true));
    assert_eq!(docker("foo\rbar", "foo\rbar"), Some(true));
    assert_eq!(docker("\u{a0}foo\u{a0}", "foo"), Some(true));
}

#[test]
fn byte_order_marks() {
    assert_eq!(docker("\u{feff}*.md", "a.md"), Some(true));
    assert_eq!(docker("\u{feff}#comment\nx", "#comment"), Some(false));
    // On later lines the BOM stays: part of an exact pattern, skipped when translating a glob.
    assert_eq!(docker("x\n\u{feff}y", "\u{feff}y"), Some(true));
    assert_eq!(docker("x\n\u{feff}y*", "y1"), Some(true));
    assert_eq!(docker("x\n\u{feff}y*", "\u{feff}y1"), Some(false));
}

#[test]
fn a_line_of_64_kib_fails_the_file() {
    let fits = format!("{}\n", "a".repeat(MAX_LINE_BYTES - 1));
    assert!(DockerIgnore::parse(&fits).is_ok());
    let too_long = format!("x\n{}", "a".repeat(MAX_LINE_BYTES));
    let error = DockerIgnore::parse(&too_long).unwrap_err();
    assert_eq!((error.line, error.docker_message()), (2, "bufio.Scanner: token too long"));
    // It wins over a bad pattern on an earlier line, since the whole file is read first.
    let error = DockerIgnore::parse(&format!("!\n{}", "a".repeat(MAX_LINE_BYTES))).unwrap_err();
    assert_eq!(error.kind, IgnoreErrorKind::LineTooLong);
}

#[test]
fn patterns_keep_line_text_and_span() {
    let text = "# comment\n\n  !docs/keep.md  \r\n/build/\n";
    let ignore = DockerIgnore::parse(text).unwrap();
    let lines: Vec<_> = ignore.patterns().iter().map(|p| (p.line(), p.text(), p.cleaned())).collect();
    assert_eq!(lines, [(3, "!docs/keep.md", "docs/keep.md"), (4, "/build/", "build")]);
    for pattern in ignore.patterns() {
        assert_eq!(&text[pattern.span()], pattern.text());
    }
    assert!(ignore.patterns()[0].is_exception());
}

#[test]
fn go_clean_matches_go() {
    let cases = [
        ("", "."),
        ("a/b", "a/b"),
        ("a//b/", "a/b"),
        ("/../a", "/a"),
        ("../../a", "../../a"),
        ("a/../..", ".."),
        ("a/b/../../c", "c"),
        ("/", "/"),
        ("./", "."),
        ("!../..", "."),
        ("abc/def/../../..", ".."),
    ];
    for (input, expected) in cases {
        assert_eq!(go_path::clean(input), expected, "{input}");
    }
}

#[test]
fn excluded_folder_skipping_is_conservative() {
    let ignore = DockerIgnore::parse("node_modules\n!node_modules/keep/**\nbuild\n!**/*.keep").unwrap();
    assert!(ignore.may_reinclude_inside("node_modules"));
    assert!(ignore.may_reinclude_inside("build"));
    let ignore = DockerIgnore::parse("node_modules\n!src/keep").unwrap();
    assert!(!ignore.may_reinclude_inside("node_modules"));
}

#[test]
fn never_panics_on_odd_input() {
    let patterns = [
        "\\",
        "[",
        "[\\",
        "[^",
        "**\\",
        "\\p",
        "\\p{",
        "\\x",
        "\\x{",
        "\\x{110000}",
        "{1001}",
        "a{2}{3}",
        "a{99999999999}",
        "[[:foo:]]",
        "[a-\\",
        "\\Q",
        "\u{feff}**",
        "\u{feff}**/x",
        "\0*",
    ];
    for pattern in patterns {
        if let Ok(ignore) = DockerIgnore::parse(pattern) {
            for path in ["", "a", "/", "¿**/x", "\u{feff}"] {
                let _ = ignore.decide(path);
            }
        }
    }
}

#[test]
fn nested_stars_do_not_blow_up() {
    let ignore = DockerIgnore::parse(&"**/".repeat(200)).unwrap();
    let path = "a/".repeat(2000) + "b";
    assert_eq!(ignore.decide(&path).map(|d| d.excluded), Ok(true));
}

#[test]
fn locates_the_dockerfile_specific_ignore_file_first() {
    let dir = std::env::temp_dir().join(format!("layerlint-locate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    assert_eq!(locate_ignore_file(&dir, None), None);
    std::fs::write(dir.join(".dockerignore"), "x").unwrap();
    assert_eq!(locate_ignore_file(&dir, None), Some(dir.join(".dockerignore")));
    std::fs::write(dir.join("app.Dockerfile.dockerignore"), "y").unwrap();
    let dockerfile = dir.join("app.Dockerfile");
    assert_eq!(locate_ignore_file(&dir, Some(&dockerfile)), Some(dir.join("app.Dockerfile.dockerignore")));
    assert_eq!(locate_ignore_file(&dir, Some(Path::new("-"))), Some(dir.join(".dockerignore")));
    std::fs::remove_dir_all(&dir).unwrap();
}
