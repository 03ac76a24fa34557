//! Lint every Dockerfile of the shared development corpus (`../shared/corpus/dev`) on one thread, with
//! the default rules and with the default rules less the optimization rules of stages, base images,
//! users and resource hints (MS001–MS004, MS008–MS010, PIN, USR, RES): the ratio of the two is what
//! those rules cost, measured in one run.
//!
//! Run with `cargo bench --bench lint_corpus`. Without the corpus it says so and measures nothing.

mod common;

use common::{corpus, corpus_root};
use divan::{black_box, Bencher};
use layerlint::lint::{lint_text, LintOptions};

/// The rules whose cost is measured: the optimization rules of stages, images, users and resources.
const OPTIMIZATION_RULES: &[&str] = &[
    "MS001", "MS002", "MS003", "MS004", "MS008", "MS009", "MS010", "PIN001", "PIN002", "PIN003", "PIN004", "PIN005",
    "PIN008", "USR001", "USR002", "RES001", "RES002", "RES003", "RES004",
];

fn main() {
    if corpus().is_empty() {
        eprintln!("lint_corpus: no Dockerfiles under {}; nothing to benchmark", corpus_root().display());
        return;
    }
    eprintln!("lint_corpus: {} Dockerfiles", corpus().len());
    divan::main();
}

fn lint_all(bencher: Bencher, options: &LintOptions) {
    let corpus = corpus();
    bencher.bench(|| {
        for text in corpus {
            black_box(lint_text(String::new(), black_box(text), options));
        }
    });
}

/// The default rules.
#[divan::bench(sample_count = 20)]
fn default_rules(bencher: Bencher) {
    lint_all(bencher, &LintOptions::default());
}

/// The default rules without the optimization rules: the rule set before they were added.
#[divan::bench(sample_count = 20)]
fn without_optimization_rules(bencher: Bencher) {
    let mut options = LintOptions::default();
    options.rules.retain(|r| !OPTIMIZATION_RULES.contains(&r.code));
    lint_all(bencher, &options);
}
