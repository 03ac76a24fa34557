//! What the corpus benchmarks share: the shared development corpus (`../shared/corpus/dev`), read
//! once.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const CORPUS_DIR: &str = "../shared/corpus/dev";

pub fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(CORPUS_DIR)
}

/// The texts of the Dockerfiles its `INDEX.tsv` lists with kind `dockerfile`, read once. Files that
/// are missing or not UTF-8 are skipped: the CLI refuses non-UTF-8 files before they reach the parser.
pub fn corpus() -> &'static [String] {
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
