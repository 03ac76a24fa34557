//! `layerlint check`: find the files, lint them in parallel, render the findings, pick the exit code.

use std::io::{IsTerminal, Write};

use rayon::prelude::*;

use super::{CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::config::{ConfigSource, FileSettings, Overrides, Resolver, RuleSelection};
use crate::diagnostic::Severity;
use crate::discover::{discover, Found};
use crate::input::{read_text, InputError};
use crate::lint::{lint_in_context, FileReport};
use crate::model::build_context::ContextSpec;
use crate::render::{self, Format};

pub fn run(args: &CheckArgs) -> u8 {
    let threshold = match args.failure_threshold.as_deref().map(|s| (s, Severity::parse(s))) {
        None => None,
        Some((_, Some(severity))) => Some(severity),
        Some((value, None)) => {
            eprintln!("layerlint: --failure-threshold {value:?} is not a severity; use error, warning, info or style");
            return EXIT_ERROR;
        }
    };
    let selection = RuleSelection {
        select: args.select.clone(),
        extend_select: args.extend_select.clone(),
        ignore: args.ignore.clone(),
    };
    let source = match (&args.config, args.isolated) {
        (Some(path), _) => ConfigSource::File(path.clone()),
        (None, true) => ConfigSource::None,
        (None, false) => ConfigSource::Discover,
    };
    let resolver = Overrides::from_command_line(selection, threshold, &args.build_args).and_then(|overrides| {
        let overrides = Overrides { target: args.target.clone(), context: args.context.clone(), ..overrides };
        Resolver::new(source, overrides).map_err(|e| e.to_string())
    });
    let mut resolver = match resolver {
        Ok(resolver) => resolver,
        Err(message) => {
            eprintln!("layerlint: {message}");
            return EXIT_ERROR;
        }
    };
    if let Some(dir) = args.context.as_ref().filter(|d| !d.is_dir()) {
        eprintln!("layerlint: --context {}: no such folder; name the build context folder", dir.display());
        return EXIT_ERROR;
    }
    let found = discover(&args.paths);
    let stdin_name = args.stdin_filename.as_ref().map_or("-".to_string(), |p| p.display().to_string());
    // Each file's settings first, in order (config discovery is cached per folder), then the linting in parallel.
    let jobs: Vec<(&Found, Option<FileSettings>)> = found
        .iter()
        .map(|item| match item {
            Found::File(path) => (item, resolver.for_file(path)),
            Found::Stdin => (item, resolver.for_file(std::path::Path::new(&stdin_name))),
            Found::Missing(..) => (item, None),
        })
        .collect();
    for error in resolver.errors() {
        eprintln!("layerlint: {error}");
    }
    let results: Vec<Result<(FileReport, Severity), InputError>> = jobs
        .par_iter()
        .filter_map(|(item, settings)| {
            let lint = |name: String, text: String, s: &FileSettings| {
                let dockerfile = (name != "-").then(|| std::path::PathBuf::from(&name));
                let context = ContextSpec { dir: s.context_dir.clone(), dockerfile };
                (lint_in_context(name, &text, &s.options, Some(&context)), s.failure_threshold)
            };
            match (item, settings) {
                (Found::Missing(path, message), _) => {
                    Some(Err(InputError { path: path.clone(), message: message.clone() }))
                }
                // Its config file is broken: reported above.
                (_, None) => None,
                (Found::File(path), Some(s)) => {
                    Some(read_text(path).map(|text| lint(path.display().to_string(), text, s)))
                }
                (Found::Stdin, Some(s)) => {
                    Some(read_text(std::path::Path::new("-")).map(|text| lint(stdin_name.clone(), text, s)))
                }
            }
        })
        .collect();

    let mut reports = Vec::with_capacity(results.len());
    let mut thresholds = Vec::with_capacity(results.len());
    let mut input_failed = !resolver.errors().is_empty();
    for result in results {
        match result {
            Ok((report, threshold)) => {
                reports.push(report);
                thresholds.push(threshold);
            }
            Err(e) => {
                eprintln!("layerlint: {e}");
                input_failed = true;
            }
        }
    }

    let format = args.format.unwrap_or(Format::Full);
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let mut output =
        if args.statistics { statistics(&reports, format) } else { render::render(&reports, format, color) };
    if format == Format::Full {
        output += &summary(&reports);
    }
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = std::io::stdout().write_all(output.as_bytes());

    let failing = reports.iter().zip(&thresholds).any(|(r, t)| r.diagnostics.iter().any(|d| d.severity.reaches(*t)));
    if input_failed {
        EXIT_ERROR
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// `--statistics`: the number of findings of each rule, most frequent first, then by code.
fn statistics(reports: &[FileReport], format: Format) -> String {
    let mut counts: std::collections::BTreeMap<(&str, &str), usize> = std::collections::BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        *counts.entry((d.code, d.name)).or_default() += 1;
    }
    let mut rows: Vec<((&str, &str), usize)> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if format == Format::Json {
        let rows: Vec<serde_json::Value> = rows
            .iter()
            .map(|((code, name), count)| serde_json::json!({"code": code, "name": name, "count": count}))
            .collect();
        return serde_json::to_string_pretty(&rows).unwrap_or_default() + "\n";
    }
    let width = rows.iter().map(|(_, n)| n.to_string().len()).max().unwrap_or(1);
    rows.iter().map(|((code, name), count)| format!("{count:>width$}  {code:<7} {name}\n")).collect()
}

/// The closing line of the `full` format (nothing when no file could be linted: the errors said why).
fn summary(reports: &[FileReport]) -> String {
    if reports.is_empty() {
        return String::new();
    }
    let count = |s: Severity| reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.severity == s).count();
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let files = reports.len();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if total == 0 {
        return format!("No problems found in {}.\n", plural(files, "file"));
    }
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style]
        .into_iter()
        .filter(|s| count(*s) > 0)
        .map(|s| format!("{} {}", count(s), s.as_str()))
        .collect();
    format!("Found {} ({}) in {}.\n", plural(total, "problem"), parts.join(", "), plural(files, "file"))
}
