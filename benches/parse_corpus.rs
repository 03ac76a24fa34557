//! Parse every Dockerfile of the shared development corpus (`../shared/corpus/dev`, the files its
//! `INDEX.tsv` lists with kind `dockerfile`), one after the other on one thread.
//!
//! Run with `cargo bench --bench parse_corpus`. Without the corpus it says so and measures nothing.

mod common;

use common::{corpus, corpus_root};
use divan::{black_box, Bencher};
use layerlint::syntax::dockerfile::parse;

fn main() {
    let corpus = corpus();
    if corpus.is_empty() {
        eprintln!(
            "parse_corpus: no Dockerfiles found under {} (looked for its INDEX.tsv); nothing to benchmark",
            corpus_root().display()
        );
        return;
    }
    let bytes: usize = corpus.iter().map(String::len).sum();
    eprintln!("parse_corpus: {} Dockerfiles, {bytes} bytes", corpus.len());
    divan::main();
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
