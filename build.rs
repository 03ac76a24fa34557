//! Collects the rules: every `src/rules/<category>/<code>_<name>.rs` becomes a module and an entry of
//! the registry, and its `rules/<CODE>.md` is embedded as its documentation. Adding a rule is one `.rs`
//! and one `.md`; a rule without its doc fails the build.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let rules_src = root.join("src/rules");
    let docs = root.join("rules");
    println!("cargo:rerun-if-changed=src/rules");
    println!("cargo:rerun-if-changed=rules");

    let mut categories: Vec<PathBuf> = read_dir(&rules_src).into_iter().filter(|p| p.is_dir()).collect();
    categories.sort();
    let mut modules = String::new();
    let mut entries = Vec::new();
    for category in categories {
        let cat = file_name(&category);
        println!("cargo:rerun-if-changed={}", category.display());
        let mut files: Vec<PathBuf> =
            read_dir(&category).into_iter().filter(|p| p.extension().is_some_and(|e| e == "rs")).collect();
        files.sort();
        writeln!(modules, "pub mod {cat} {{").unwrap();
        for file in files {
            let module = file_name(&file).trim_end_matches(".rs").to_string();
            let code = module.split('_').next().unwrap_or_default().to_uppercase();
            let doc = docs.join(format!("{code}.md"));
            if !doc.is_file() {
                panic!("rule {code} ({}) has no documentation: write {}", file.display(), doc.display());
            }
            writeln!(modules, "    #[path = {:?}]\n    pub mod {module};", file.display().to_string()).unwrap();
            entries.push((code, format!("{cat}::{module}"), doc));
        }
        writeln!(modules, "}}").unwrap();
    }

    let mut out = modules;
    out.push_str("\n/// Every rule, in code order.\npub static ALL: &[&crate::rules::Rule] = &[\n");
    entries.sort();
    for (_, path, _) in &entries {
        writeln!(out, "    &{path}::RULE,").unwrap();
    }
    out.push_str("];\n\n/// The user documentation of a rule (`rules/<CODE>.md`), by code.\npub fn doc(code: &str) -> Option<&'static str> {\n    match code {\n");
    for (code, _, doc) in &entries {
        writeln!(out, "        {code:?} => Some(include_str!({:?})),", doc.display().to_string()).unwrap();
    }
    out.push_str("        _ => None,\n    }\n}\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("registry.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

fn read_dir(dir: &Path) -> Vec<PathBuf> {
    std::fs::read_dir(dir).map(|it| it.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default()
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}
