//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The shared real-world corpus beside the project (`../shared/corpus`), if present.
///
/// A fresh clone elsewhere has no `../shared`: the corpus tests then skip with a notice, unless
/// `LAYERLINT_REQUIRE_CORPUS=1` (set by `.ci/run`) makes its absence a failure.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.join("dev/BUILDKIT.jsonl").is_file() {
        return Some(dir);
    }
    if std::env::var("LAYERLINT_REQUIRE_CORPUS").is_ok_and(|v| v == "1") {
        panic!("LAYERLINT_REQUIRE_CORPUS=1 but {} is absent", dir.display());
    }
    eprintln!("corpus absent at {}: skipping", dir.display());
    None
}

/// Every Dockerfile of the dev corpus: (path relative to `dev/`, absolute path).
pub fn dev_dockerfiles(corpus: &std::path::Path) -> Vec<(String, PathBuf)> {
    let index = std::fs::read_to_string(corpus.join("dev/INDEX.tsv")).expect("INDEX.tsv is readable");
    index
        .lines()
        .skip(1)
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            (cols.get(3) == Some(&"dockerfile")).then(|| (cols[0].to_string(), corpus.join("dev").join(cols[0])))
        })
        .collect()
}

/// The project folder (where `fixtures/` is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Run the built binary in `cwd`, with colours left to the binary's own terminal detection.
pub fn layerlint(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_layerlint"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .output()
        .expect("the binary runs")
}

/// A fresh, empty scratch folder for one test (`group` keeps test files apart).
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("layerlint-{group}-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Run the built binary in `cwd` with `input` on its standard input.
pub fn with_stdin(args: &[&str], input: &str, cwd: &Path) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_layerlint"))
        .args(args)
        .current_dir(cwd)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait")
}

/// stdout, then stderr under a marker, then the exit code: the whole of what a user sees.
pub fn seen(out: &Output) -> String {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    format!("{}--- stderr ---\n{}--- exit {:?}", text(&out.stdout), text(&out.stderr), out.status.code())
}
