//! CTX010 large-build-context: a COPY of the whole context sends more than a budget (default 100 MiB or
//! 10,000 files) to the builder. Every build transfers it and every change in it misses the cache of
//! that COPY. The finding names the biggest folders, which usually belong in `.dockerignore`. Only
//! checked with the build context on disk, counting exactly what Docker sends.

use crate::diagnostic::Severity;
use crate::model::build_context::human_bytes;
use crate::model::Model;
use crate::rules::copies::whole_context_source;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};

pub const RULE: Rule = Rule {
    code: "CTX010",
    name: "large-build-context",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "A whole-context COPY sends more than the size or file budget.",
    fixable: Fixable::No,
    options: &[
        RuleOption {
            name: "max-size-mb",
            kind: OptionKind::Integer,
            default: "100",
            doc: "mebibytes (MiB, as `du -h` counts) a whole-context COPY may send",
            range: Some((0, 1_000_000)),
        },
        RuleOption {
            name: "max-files",
            kind: OptionKind::Integer,
            default: "10000",
            doc: "files a whole-context COPY may send",
            range: Some((0, 100_000_000)),
        },
    ],
    check: Check::Dockerfile(check),
};

/// How many folders the finding names.
const NAMED_FOLDERS: usize = 3;

fn check(model: &Model) -> Vec<Finding> {
    let Some(source) = model.tree.instructions.iter().find_map(whole_context_source) else { return Vec::new() };
    let Some(Ok(files)) = model.context_files() else { return Vec::new() };
    let limit = |name: &str, default: i64| model.option(RULE.code, name).and_then(toml::Value::as_integer).unwrap_or(default);
    let max_bytes = u64::try_from(limit("max-size-mb", 100)).unwrap_or(0).saturating_mul(1024 * 1024);
    let max_files = u64::try_from(limit("max-files", 10_000)).unwrap_or(0);
    let summary = files.summary();
    if summary.bytes <= max_bytes && summary.files <= max_files {
        return Vec::new();
    }
    // The biggest top-level folders (nested ones repeat their parent's bytes).
    let folders: Vec<String> = summary
        .largest
        .iter()
        .filter(|f| !f.path.contains('/'))
        .take(NAMED_FOLDERS)
        .map(|f| format!("{} ({})", f.path, human_bytes(f.bytes)))
        .collect();
    let mut finding = Finding::new(
        source.span,
        format!("this sends {} files, {} to the builder", summary.files, human_bytes(summary.bytes)),
    )
    .label("copies the whole context")
    .note(format!("the budget is {max_files} files, {}", human_bytes(max_bytes)))
    .help("exclude what the image does not need in `.dockerignore`, or copy only the folders it needs");
    if !folders.is_empty() {
        finding = finding.note(format!("biggest folders: {}", folders.join(", ")));
    }
    vec![finding]
}
