//! `layerlint context`: what `docker build DIR` would send, or (`--explain`) why given paths are sent or
//! excluded, naming the `.dockerignore` line that decided.
//!
//! The answers are Docker's own (see `syntax::dockerignore`); where Docker's matcher fails, so does this
//! command, with exit code 2 and a message naming the file, the line and what to do.
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{ContextArgs, DataFormat, EXIT_CLEAN, EXIT_ERROR};
use crate::model::build_context::{human_bytes, BuildContext, ContextError, ContextFiles, ContextSummary};
use crate::model::secret_files::secret_reason;
use crate::problem::Problem;
use crate::syntax::dockerignore::IgnoreErrorKind;

pub fn run(args: &ContextArgs) -> u8 {
    let (dir, paths) = match args.args.split_first() {
        Some((dir, paths)) => (dir.as_str(), paths),
        None => (".", &[][..]),
    };
    if args.explain && paths.is_empty() {
        return usage_error("--explain: no path to explain", "name them: layerlint context DIR --explain PATH…");
    }
    if !args.explain && !paths.is_empty() {
        return usage_error(
            &format!("unexpected argument `{}`: `layerlint context` takes one folder", paths[0]),
            "to ask about paths, use `layerlint context DIR --explain PATH…`",
        );
    }
    let context = match BuildContext::open(Path::new(dir), args.dockerfile.as_deref()) {
        Ok(context) => context,
        Err(error) => {
            report(&error);
            return EXIT_ERROR;
        }
    };
    if args.explain {
        explain(&context, paths, args.format)
    } else {
        summarize(&context, dir, args.format)
    }
}

/// One `--explain` answer, in the contract's field order.
#[derive(Serialize)]
struct Explanation<'a> {
    path: &'a str,
    /// `null` when Docker's matcher fails for this path.
    excluded: Option<bool>,
    /// The deciding line as written (or the failing one), `null` when no line matched.
    pattern: Option<&'a str>,
    line: Option<usize>,
    /// Whether the path is in the context folder: Docker's answer holds for a path that is not, but
    /// nothing would be sent.
    exists: bool,
    /// Docker's error message, only when its matcher fails for this path.
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'static str>,
}

fn explain(context: &BuildContext, paths: &[String], format: DataFormat) -> u8 {
    let mut failed = false;
    let in_context = |path: &str| context.root().join(path).symlink_metadata().is_ok();
    let explanations: Vec<Explanation<'_>> = paths
        .iter()
        .map(|path| match context.decide(path) {
            Ok(decision) => Explanation {
                path,
                excluded: Some(decision.excluded),
                pattern: decision.deciding.map(|pattern| pattern.text()),
                line: decision.deciding.map(|pattern| pattern.line()),
                exists: in_context(path),
                error: None,
            },
            Err(error) => {
                report(&error);
                failed = true;
                let ContextError::PatternFailed { error, .. } = error else {
                    let exists = in_context(path);
                    return Explanation { path, excluded: None, pattern: None, line: None, exists, error: None };
                };
                let failing = context.ignore().patterns().iter().find(|pattern| pattern.line() == error.line);
                Explanation {
                    path,
                    excluded: None,
                    pattern: failing.map(|pattern| pattern.text()),
                    line: Some(error.line),
                    exists: in_context(path),
                    error: Some(error.docker_message()),
                }
            }
        })
        .collect();
    let output = match format {
        DataFormat::Json => explanations_json(&explanations),
        DataFormat::Text => explanations_text(context, &explanations),
    };
    match (print(&output), failed) {
        (true, false) => EXIT_CLEAN,
        _ => EXIT_ERROR,
    }
}

/// A JSON array with one object per line, so it reads well and diffs well.
fn explanations_json(explanations: &[Explanation<'_>]) -> String {
    let objects: Vec<String> = explanations
        .iter()
        .map(|explanation| serde_json::to_string(explanation).unwrap_or_else(|_| "null".to_owned()))
        .collect();
    format!("[\n  {}\n]", objects.join(",\n  "))
}

/// `excluded  build/x.o  .dockerignore:2: build/`, aligned on the path column.
fn explanations_text(context: &BuildContext, explanations: &[Explanation<'_>]) -> String {
    let file = context.ignore_file().map(|path| path.strip_prefix("./").unwrap_or(path).display().to_string());
    let width = explanations.iter().map(|explanation| explanation.path.chars().count()).max().unwrap_or(0);
    let lines: Vec<String> = explanations
        .iter()
        .map(|explanation| {
            let verdict = match (explanation.excluded, explanation.error) {
                (Some(true), _) => "excluded",
                (Some(false), _) => "sent",
                (None, _) => "error",
            };
            let reason = match (&file, explanation.line, explanation.pattern) {
                (None, _, _) => "no ignore file".to_owned(),
                (Some(_), None, _) => "no line matches".to_owned(),
                (Some(file), Some(line), pattern) => {
                    let what = explanation.error.or(pattern).unwrap_or_default();
                    format!("{file}:{line}: {what}")
                }
            };
            let absent = if explanation.exists { "" } else { " (not in the context: no such file or folder)" };
            format!("{verdict:<8}  {:<width$}  {reason}{absent}", explanation.path)
        })
        .collect();
    lines.join("\n")
}

/// The summary of the contract, in its field order.
#[derive(Serialize)]
struct SummaryJson<'a> {
    context: &'a str,
    ignore_file: Option<String>,
    files: u64,
    bytes: u64,
    excluded_files: u64,
    excluded_bytes: u64,
    largest: Vec<FolderJson<'a>>,
    /// What each `.dockerignore` line left out, in line order.
    excluded_by: Vec<ExcludedJson<'a>>,
    /// Files sent that look like secrets.
    secrets: Vec<SecretJson<'a>>,
}

#[derive(Serialize, Clone, Copy)]
struct ExcludedJson<'a> {
    line: usize,
    pattern: &'a str,
    files: u64,
    bytes: u64,
}

#[derive(Serialize, Clone, Copy)]
struct SecretJson<'a> {
    path: &'a str,
    reason: &'static str,
}

/// The facts `layerlint context` prints, the same ones the CTX rules read.
struct Facts<'a> {
    summary: ContextSummary,
    excluded_by: Vec<ExcludedJson<'a>>,
    secrets: Vec<SecretJson<'a>>,
}

impl<'a> Facts<'a> {
    fn gather(context: &'a BuildContext, files: &'a ContextFiles) -> Facts<'a> {
        let pattern_at =
            |line: usize| context.ignore().patterns().iter().find(|p| p.line() == line).map_or("", |p| p.text());
        Facts {
            summary: files.summary(),
            excluded_by: files
                .excluded_by
                .iter()
                .map(|e| ExcludedJson { line: e.line, pattern: pattern_at(e.line), files: e.files, bytes: e.bytes })
                .collect(),
            secrets: files
                .sent
                .iter()
                .filter_map(|f| {
                    secret_reason(context.root(), &f.path).map(|reason| SecretJson { path: &f.path, reason })
                })
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct FolderJson<'a> {
    path: &'a str,
    bytes: u64,
}

fn summarize(context: &BuildContext, dir: &str, format: DataFormat) -> u8 {
    let files = match context.walk() {
        Ok(files) => files,
        Err(error) => {
            report(&error);
            return EXIT_ERROR;
        }
    };
    let facts = Facts::gather(context, &files);
    let summary = &facts.summary;
    let ignore_file = context.ignore_file().map(|path| path.display().to_string());
    let output = match format {
        DataFormat::Json => summary_json(dir, ignore_file, &facts),
        DataFormat::Text => summary_text(dir, ignore_file, &facts),
    };
    for unreadable in &summary.unreadable {
        Problem::new(
            format!("{unreadable}: cannot read it, so Docker would fail to send it"),
            "fix its permissions, or exclude it in .dockerignore",
        )
        .print();
    }
    match (print(&output), summary.unreadable.is_empty()) {
        (true, true) => EXIT_CLEAN,
        _ => EXIT_ERROR,
    }
}

fn summary_json(dir: &str, ignore_file: Option<String>, facts: &Facts<'_>) -> String {
    let summary = &facts.summary;
    let json = SummaryJson {
        context: dir,
        ignore_file,
        files: summary.files,
        bytes: summary.bytes,
        excluded_files: summary.excluded_files,
        excluded_bytes: summary.excluded_bytes,
        largest: summary.largest.iter().map(|folder| FolderJson { path: &folder.path, bytes: folder.bytes }).collect(),
        excluded_by: facts.excluded_by.clone(),
        secrets: facts.secrets.clone(),
    };
    serde_json::to_string_pretty(&json).unwrap_or_else(|_| "null".to_owned())
}

fn summary_text(dir: &str, ignore_file: Option<String>, facts: &Facts<'_>) -> String {
    let summary = &facts.summary;
    let mut text = format!(
        "context      {dir}\nignore file  {}\nsent         {} ({})\nexcluded     {} ({})",
        ignore_file.as_deref().unwrap_or("none"),
        count(summary.files, "file"),
        human_bytes(summary.bytes),
        count(summary.excluded_files, "file"),
        human_bytes(summary.excluded_bytes),
    );
    if !summary.largest.is_empty() {
        text.push_str("\nlargest folders sent:");
        for folder in &summary.largest {
            text.push_str(&format!("\n  {:>10}  {}", human_bytes(folder.bytes), folder.path));
        }
    }
    if !facts.excluded_by.is_empty() {
        text.push_str("\nexcluded by:");
        for e in &facts.excluded_by {
            text.push_str(&format!(
                "\n  line {:<4} {:<24} {} ({})",
                e.line,
                e.pattern,
                count(e.files, "file"),
                human_bytes(e.bytes)
            ));
        }
    }
    if !facts.secrets.is_empty() {
        text.push_str("\nsent, and look like secrets:");
        for secret in &facts.secrets {
            text.push_str(&format!("\n  {}  ({})", secret.path, secret.reason));
        }
    }
    text
}

fn count(n: u64, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Prints to standard output; false when it cannot be written (a closed pipe).
fn print(text: &str) -> bool {
    writeln!(std::io::stdout().lock(), "{text}").is_ok()
}

fn usage_error(message: &str, help: &str) -> u8 {
    Problem::new(message, help).print();
    EXIT_ERROR
}

/// The error, then what to do about it.
fn report(error: &ContextError) {
    let advice = match error {
        ContextError::NotAFolder { .. } => {
            "pass the folder you would give `docker build` (by default the current folder)".to_owned()
        }
        ContextError::UnreadableIgnoreFile { .. } => {
            "Docker could not read it either: fix its permissions, or remove it".to_owned()
        }
        ContextError::InvalidIgnoreFile { error, .. } | ContextError::PatternFailed { error, .. } => {
            match &error.kind {
                IgnoreErrorKind::LineTooLong => format!(
                    "Docker cannot read a line of 64 KiB or more and rejects the whole file: shorten line {}",
                    error.line
                ),
                IgnoreErrorKind::IllegalExclusion => {
                    format!("a `!` needs a pattern after it (`!keep.txt`): complete or remove line {}", error.line)
                }
                IgnoreErrorKind::BadPattern { .. } => format!(
                    "`docker build` fails on this pattern: fix line {}; a `[…]` class must be closed, and `\\` \
                     escapes the next character (separate folders with `/`)",
                    error.line
                ),
            }
        }
    };
    Problem::new(error.to_string(), advice).print();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explain_json_is_one_object_per_line_in_contract_order() {
        let explanations = [
            Explanation {
                path: "a/b",
                excluded: Some(true),
                pattern: Some("a/"),
                line: Some(3),
                exists: true,
                error: None,
            },
            Explanation { path: "c", excluded: Some(false), pattern: None, line: None, exists: false, error: None },
        ];
        assert_eq!(
            explanations_json(&explanations),
            "[\n  {\"path\":\"a/b\",\"excluded\":true,\"pattern\":\"a/\",\"line\":3,\"exists\":true},\n  \
             {\"path\":\"c\",\"excluded\":false,\"pattern\":null,\"line\":null,\"exists\":false}\n]"
        );
    }
}
