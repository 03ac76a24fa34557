//! Parse every Dockerfile of the shared development corpus (`../shared/corpus/dev`, the files its
//! `INDEX.tsv` lists with kind `dockerfile`), one after the other on one thread.
//!
//! Run with `cargo bench --bench parse_corpus`. Without the corpus it says so and measures nothing.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use divan::{black_box, Bencher};
use layerlint::syntax::dockerfile::parse;

const CORPUS_DIR: &str = "../shared/corpus/dev";

fn main() {
    let corpus = corpus();
    if corpus.is_empty() {
        eprintln!(
            "parse_corpus: no Dockerfiles found under {} (looked for {}/INDEX.tsv); nothing to benchmark",
            corpus_root().display(),
            CORPUS_DIR
        );
        return;
    }
    let bytes: usize = corpus.iter().map(String::len).sum();
    eprintln!("parse_corpus: {} Dockerfiles, {bytes} bytes", corpus.len());
    divan::main();
}

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS_DIR)
}

/// The corpus texts, read once. Files that are missing or not UTF-8 are skipped: the benchmark is
/// about parsing, and the CLI refuses non-UTF-8 files before they reach the parser.
fn corpus() -> &'static [String] {
    static CORPUS: OnceLock<Vec<String>> = OnceLock::new();
    CORPUS.get_or_init(|| {
        let root = corpus_root();
        let Ok(index) = std::fs::read_to_string(root.join("INDEX.tsv")) else { return Vec::new() };
        let mut lines = index.lines();
        let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
        let column = |name: &str| header.iter().position(|h| *h == name);
        let (Some(file_col), Some(kind_col)) = (column("file"), column("kind")) else { return Vec::new() };
        lines
            .map(|line| line.split('\t').collect::<Vec<_>>())
            .filter(|fields| fields.get(kind_col) == Some(&"dockerfile"))
            .filter_map(|fields| std::fs::read_to_string(root.join(fields.get(file_col)?)).ok())
            .collect()
    })
}

/// All corpus Dockerfiles, parsed in sequence: one iteration is the whole corpus.
#[divan::bench(sample_count = 30)]
fn parse_all(bencher: Bencher) {
    let corpus = corpus();
    let bytes: usize = corpus.iter().map(String::len).sum();
    bencher.counter(divan::counter::BytesCount::new(bytes)).bench(|| {
        for text in corpus {
            black_box(parse(black_box(text)));
        }
    });
}
