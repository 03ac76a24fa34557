//! `layerlint check`: find the files, lint them in parallel, render the findings, pick the exit code.

use std::io::{IsTerminal, Write};

use rayon::prelude::*;

use super::{CheckArgs, CheckFormat, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::diagnostic::Severity;
use crate::discover::{discover, Found};
use crate::input::{read_text, InputError};
use crate::lint::{lint_text, FileReport, LintOptions};
use crate::render::{self, Format};

pub fn run(args: &CheckArgs) -> u8 {
    let threshold = match args.failure_threshold.as_deref().map(|s| (s, Severity::parse(s))) {
        None => Severity::Info,
        Some((_, Some(severity))) => severity,
        Some((value, None)) => {
            eprintln!("layerlint: --failure-threshold {value:?} is not a severity; use error, warning, info or style");
            return EXIT_ERROR;
        }
    };
    let options = LintOptions::default();
    let found = discover(&args.paths);
    let stdin_name = args.stdin_filename.as_ref().map_or("-".to_string(), |p| p.display().to_string());
    let results: Vec<Result<FileReport, InputError>> = found
        .par_iter()
        .map(|item| match item {
            Found::File(path) => read_text(path).map(|text| lint_text(path.display().to_string(), &text, &options)),
            Found::Stdin => read_text(std::path::Path::new("-")).map(|text| lint_text(stdin_name.clone(), &text, &options)),
            Found::Missing(path, message) => Err(InputError { path: path.clone(), message: message.clone() }),
        })
        .collect();

    let mut reports = Vec::with_capacity(results.len());
    let mut input_failed = false;
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(e) => {
                eprintln!("layerlint: {e}");
                input_failed = true;
            }
        }
    }

    let format = match args.format.unwrap_or(CheckFormat::Full) {
        CheckFormat::Full => Format::Full,
        CheckFormat::Concise => Format::Concise,
        CheckFormat::Json => Format::Json,
    };
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
    let mut output = render::render(&reports, format, color);
    if format == Format::Full {
        output += &summary(&reports);
    }
    // A closed pipe (`| head`) is not an error worth reporting.
    let _ = std::io::stdout().write_all(output.as_bytes());

    let failing = reports.iter().flat_map(|r| &r.diagnostics).any(|d| d.severity.reaches(threshold));
    if input_failed {
        EXIT_ERROR
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// The closing line of the `full` format.
fn summary(reports: &[FileReport]) -> String {
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
