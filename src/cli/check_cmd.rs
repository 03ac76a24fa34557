//! `layerlint check`: find the files, lint them in parallel, render the findings, pick the exit code.

use std::collections::HashMap;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{CheckArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::config::{ConfigSource, FileSettings, Overrides, Resolver, RuleSelection};
use crate::diagnostic::{Applicability, Severity};
use crate::discover::{discover, dockerfiles_beside, is_ignore_file_name, Found, SEARCHED_NAMES};
use crate::input::{read_text, InputError};
use crate::lint::{lint_ignore_file, lint_in_context, FileReport};
use crate::model::build_context::{ContextSpec, SharedContext};
use crate::model::ignore_file::DockerfileUse;
use crate::problem::Problem;
use crate::render::{self, Format};
use crate::syntax::dockerignore::locate_ignore_file;

pub fn run(args: &CheckArgs) -> u8 {
    let threshold = match args.failure_threshold.as_deref().map(|s| (s, Severity::parse(s))) {
        None => None,
        Some((_, Some(severity))) => Some(severity),
        Some((value, None)) => {
            Problem::new(format!("--failure-threshold {value:?}: not a severity"), "use error, warning, info or style")
                .print();
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
        Resolver::new(source, overrides).map_err(|e| e.problem())
    });
    let mut resolver = match resolver {
        Ok(resolver) => resolver,
        Err(problem) => {
            problem.print();
            return EXIT_ERROR;
        }
    };
    if let Some(dir) = args.context.as_ref().filter(|d| !d.is_dir()) {
        Problem::new(format!("--context {}: no such folder", dir.display()), "name the build context folder").print();
        return EXIT_ERROR;
    }
    // `--stdin-filename NAME` alone means "read standard input and call it NAME", as in Ruff.
    let stdin_only = [PathBuf::from("-")];
    let paths = if args.paths.is_empty() && args.stdin_filename.is_some() { &stdin_only[..] } else { &args.paths };
    let found = discover(paths);
    let mut no_files_failed = false;
    let stdin_name = args.stdin_filename.as_ref().map_or("-".to_string(), |p| p.display().to_string());
    // Each file's settings first, in order (config discovery is cached per folder), then the linting in parallel.
    let mut contexts = Contexts::default();
    let mut jobs: Vec<Job> = Vec::new();
    for item in &found {
        match item {
            Found::File(path) if is_ignore_file(path) => contexts.name_ignore_file(path),
            Found::File(path) => {
                let Some(settings) = resolver.for_file(path) else { continue };
                // The Dockerfile's own folder as the user wrote it, so its `.dockerignore` is reported
                // under the path they know.
                let dir = match path.parent() {
                    _ if settings.context_named => settings.context_dir.clone(),
                    Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
                    _ => PathBuf::from("."),
                };
                let context = contexts.for_dockerfile(&dir, Some(path));
                jobs.push(Job::Dockerfile { input: Input::File(path.clone()), settings, context: Some(context) });
            }
            Found::Stdin => {
                let Some(settings) = resolver.for_file(Path::new(&stdin_name)) else { continue };
                let context = settings.context_named.then(|| contexts.for_dockerfile(&settings.context_dir, None));
                jobs.push(Job::Dockerfile { input: Input::Stdin(stdin_name.clone()), settings, context });
            }
            Found::Missing(path) => jobs.push(Job::Missing(path.clone())),
            Found::Empty(dir) => {
                let wanted = args.error_on_no_files
                    || resolver.for_file(&dir.join("Dockerfile")).is_some_and(|s| s.error_on_no_files());
                let word = if wanted { "error" } else { "warning" };
                eprintln!("{word}: {}: no Dockerfile found in this folder", dir.display());
                eprintln!(
                    "  help: folders are searched for {SEARCHED_NAMES}; name a file to lint it whatever its name"
                );
                no_files_failed |= wanted;
            }
        }
    }
    for ignore in contexts.ignore_files() {
        if let Some(settings) = resolver.for_file(&ignore.path) {
            jobs.push(Job::IgnoreFile { ignore, settings });
        }
    }
    for error in resolver.errors() {
        error.problem().print();
    }
    let mode = FixMode::from_args(args);
    let results: Vec<Result<Linted, InputError>> = jobs.par_iter().map(|job| job.run(mode)).collect();
    let mut input_failed = !resolver.errors().is_empty() || no_files_failed;
    for problem in contexts.problems() {
        Problem::new(problem, "check the folder's permissions, or exclude the path in .dockerignore").print();
        input_failed = true;
    }

    let mut reports = Vec::with_capacity(results.len());
    let mut thresholds = Vec::with_capacity(results.len());
    let mut changes = Vec::new();
    for result in results {
        match result {
            Ok(Linted { report, threshold, change }) => {
                for problem in &report.problems {
                    problem.print();
                    input_failed = true;
                }
                if let Some(change) = change {
                    changes.push(change);
                }
                reports.push(report);
                thresholds.push(threshold);
            }
            Err(e) => {
                e.problem().print();
                input_failed = true;
            }
        }
    }

    let outcome = settle_changes(&changes, mode);
    input_failed |= outcome.failed;
    if let FixMode::Diff(_) = mode {
        // The diff is the output; the findings are not repeated.
        let _ = std::io::stdout().write_all(outcome.diff.as_bytes());
        let (fixes, files) = fix_counts(&changes);
        if files > 0 {
            eprintln!("Would fix {} in {}.", counted(fixes, "problem", "problems"), counted(files, "file", "files"));
        }
        return if input_failed {
            EXIT_ERROR
        } else if files > 0 && !args.exit_zero {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        };
    }

    let format = args.format.unwrap_or(Format::Full);
    // Standard input fixed: its fixed text is the output, the findings go to standard error.
    let to_stderr = changes.iter().any(|c| c.path.is_none());
    let terminal = if to_stderr { std::io::stderr().is_terminal() } else { std::io::stdout().is_terminal() };
    let color = !args.no_color && std::env::var_os("NO_COLOR").is_none() && terminal;
    let mut output =
        if args.statistics { statistics(&reports, format) } else { render::render(&reports, format, color) };
    if format == Format::Full {
        output += &fixed_summary(&changes);
        output += &summary(&reports);
    }
    // A closed pipe (`| head`) is not an error worth reporting.
    if to_stderr {
        let _ = std::io::stdout().write_all(outcome.stdin_text.as_bytes());
        let _ = std::io::stderr().write_all(output.as_bytes());
    } else {
        let _ = std::io::stdout().write_all(output.as_bytes());
    }

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

/// The closing line of the `full` format (nothing when no file could be linted: the errors said why),
/// and how many of the findings `--fix` (and `--unsafe-fixes`) would repair.
fn summary(reports: &[FileReport]) -> String {
    let mut out = problem_summary(reports);
    let fixes = reports.iter().flat_map(|r| &r.diagnostics).filter_map(|d| d.fix.as_ref());
    let (safe, unsafe_): (Vec<_>, Vec<_>) = fixes.partition(|f| f.applicability == Applicability::Safe);
    match (safe.len(), unsafe_.len()) {
        (0, 0) => {}
        (0, u) => out += &format!("{} fixable with `--fix --unsafe-fixes`.\n", thousands(u)),
        (n, 0) => out += &format!("[*] {} fixable with `--fix`.\n", thousands(n)),
        (n, u) => {
            out += &format!("[*] {} fixable with `--fix`, {} more with `--unsafe-fixes`.\n", thousands(n), thousands(u))
        }
    }
    out
}

/// `Fixed 3 problems in 2 files.` after `--fix`.
fn fixed_summary(changes: &[Change]) -> String {
    let (fixes, files) = fix_counts(changes);
    if files == 0 {
        return String::new();
    }
    format!("Fixed {} in {}.\n", counted(fixes, "problem", "problems"), counted(files, "file", "files"))
}

/// How many fixes the changes hold, and in how many files.
fn fix_counts(changes: &[Change]) -> (usize, usize) {
    (changes.iter().map(|c| c.applied).sum(), changes.iter().filter(|c| c.changed()).count())
}

/// The findings counted by severity, and in how many files.
fn problem_summary(reports: &[FileReport]) -> String {
    if reports.is_empty() {
        return String::new();
    }
    let count = |s: Severity| reports.iter().flat_map(|r| &r.diagnostics).filter(|d| d.severity == s).count();
    let total: usize = reports.iter().map(|r| r.diagnostics.len()).sum();
    let files = reports.len();
    if total == 0 {
        return format!("No problems found in {}.\n", counted(files, "file", "files"));
    }
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info, Severity::Style]
        .into_iter()
        .filter(|s| count(*s) > 0)
        .map(|s| match s {
            Severity::Error => counted(count(s), "error", "errors"),
            Severity::Warning => counted(count(s), "warning", "warnings"),
            Severity::Info | Severity::Style => format!("{} {}", thousands(count(s)), s.as_str()),
        })
        .collect();
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let place = if files == 1 {
        "in 1 file".to_string()
    } else {
        format!("in {} of {}", thousands(with_findings), counted(files, "file", "files"))
    };
    format!("Found {} ({}) {place}.\n", counted(total, "problem", "problems"), parts.join(", "))
}

/// `1 file`, `1,022 files`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// A count with thousands separators: `1,022`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What `--fix`, `--unsafe-fixes` and `--diff` ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FixMode {
    Off,
    /// Write the fixes (standard input: print the fixed text).
    Apply(Applicability),
    /// Print the fixes as a diff.
    Diff(Applicability),
}

impl FixMode {
    fn from_args(args: &CheckArgs) -> FixMode {
        let allowed = if args.unsafe_fixes { Applicability::Unsafe } else { Applicability::Safe };
        match (args.diff, args.fix) {
            (true, _) => FixMode::Diff(allowed),
            (false, true) => FixMode::Apply(allowed),
            (false, false) => FixMode::Off,
        }
    }

    fn allowed(self) -> Option<Applicability> {
        match self {
            FixMode::Off => None,
            FixMode::Apply(a) | FixMode::Diff(a) => Some(a),
        }
    }
}

/// A linted file: what remains to report, the threshold it is judged by, and what fixing changed.
struct Linted {
    report: FileReport,
    threshold: Severity,
    change: Option<Change>,
}

/// One file's fixes: where it goes (`None`: standard input), before and after.
struct Change {
    path: Option<PathBuf>,
    name: String,
    original: String,
    fixed: String,
    applied: usize,
    stopped: Option<String>,
    /// Files the fixes create (a context's missing `.dockerignore`).
    created: Vec<crate::diagnostic::NewFile>,
}

impl Change {
    fn changed(&self) -> bool {
        self.original != self.fixed || !self.created.is_empty()
    }
}

/// What settling the changes gave: the diff (`--diff`), standard input's fixed text, whether a write failed.
struct Settled {
    diff: String,
    stdin_text: String,
    failed: bool,
}

/// Write each changed file (or, with `--diff`, describe it), and say why a file was left alone.
fn settle_changes(changes: &[Change], mode: FixMode) -> Settled {
    let mut settled = Settled { diff: String::new(), stdin_text: String::new(), failed: false };
    let mut created: Vec<&std::path::Path> = Vec::new();
    for change in changes {
        for file in &change.created {
            if created.contains(&file.path.as_path()) {
                continue;
            }
            if change.path.is_none() && matches!(mode, FixMode::Apply(_)) {
                // Standard input's fixes go to standard output only: nothing is written to disk.
                eprintln!("warning: {}: not created: fixing standard input writes no file", file.path.display());
                continue;
            }
            created.push(&file.path);
            let shown = file.path.display().to_string();
            match mode {
                FixMode::Diff(_) => settled.diff += &crate::fix::creation_diff(&shown, &file.content),
                FixMode::Apply(_) => {
                    if let Err(e) = crate::fix::create_new_file(file) {
                        Problem::new(format!("{shown}: cannot create it: {e}"), "check the folder's permissions")
                            .print();
                        settled.failed = true;
                    }
                }
                FixMode::Off => {}
            }
        }
        if let Some(why) = &change.stopped {
            eprintln!("warning: {}: {why}", change.name);
        }
        match (mode, &change.path) {
            (FixMode::Diff(_), _) if change.original != change.fixed => {
                settled.diff += &crate::fix::unified_diff(&change.name, &change.original, &change.fixed);
            }
            (FixMode::Apply(_), None) => settled.stdin_text = change.fixed.clone(),
            (FixMode::Apply(_), Some(path)) if change.original != change.fixed => {
                if let Err(e) = crate::fix::write_atomically(path, &change.fixed) {
                    Problem::new(
                        format!("{}: cannot write the fixes: {e}", path.display()),
                        "check the file's permissions",
                    )
                    .print();
                    settled.failed = true;
                }
            }
            _ => {}
        }
    }
    settled
}

/// One file to lint, with what it needs.
enum Job {
    Dockerfile { input: Input, settings: FileSettings, context: Option<Arc<SharedContext>> },
    IgnoreFile { ignore: IgnoreJob, settings: FileSettings },
    Missing(PathBuf),
}

enum Input {
    File(PathBuf),
    /// Standard input, under this name.
    Stdin(String),
}

impl Job {
    fn run(&self, mode: FixMode) -> Result<Linted, InputError> {
        match self {
            Job::Missing(path) => Err(InputError {
                path: path.clone(),
                message: "no such file or folder".into(),
                help: "check the path".into(),
            }),
            Job::Dockerfile { input, settings, context } => {
                let (name, text, path) = match input {
                    Input::File(path) => (path.display().to_string(), read_text(path)?, Some(path.clone())),
                    Input::Stdin(name) => (name.clone(), read_text(Path::new("-"))?, None),
                };
                let lint = |text: &str| lint_in_context(name.clone(), text, &settings.options, context.as_deref());
                Ok(linted(name.clone(), path, text, mode, settings.failure_threshold, lint))
            }
            Job::IgnoreFile { ignore, settings } => {
                let text = read_text(&ignore.path)?;
                let dockerfiles: Vec<DockerfileUse> =
                    ignore.dockerfiles.iter().filter_map(|path| DockerfileUse::read(path)).collect();
                let name = ignore.path.display().to_string();
                let lint = |text: &str| {
                    lint_ignore_file(name.clone(), text, &settings.options, Some(&ignore.context), &dockerfiles)
                };
                Ok(linted(name.clone(), Some(ignore.path.clone()), text, mode, settings.failure_threshold, lint))
            }
        }
    }
}

/// Lint a file's text, fixing it first when asked.
fn linted(
    name: String,
    path: Option<PathBuf>,
    text: String,
    mode: FixMode,
    threshold: Severity,
    lint: impl Fn(&str) -> FileReport,
) -> Linted {
    let Some(allowed) = mode.allowed() else {
        return Linted { report: lint(&text), threshold, change: None };
    };
    let fixed = crate::fix::fix_until_stable(&text, allowed, lint);
    // A file with parse errors but nothing to fix needs no word.
    let stopped = fixed.stopped.filter(|_| fixed.report.diagnostics.iter().any(|d| d.fix.is_some()));
    let change = Change {
        path,
        name,
        original: text,
        fixed: fixed.text,
        applied: fixed.applied,
        stopped,
        created: fixed.created,
    };
    Linted { report: fixed.report, threshold, change: Some(change) }
}

/// A `.dockerignore` to lint: its path, the context it belongs to, and the Dockerfiles that use it.
struct IgnoreJob {
    path: PathBuf,
    context: Arc<SharedContext>,
    dockerfiles: Vec<PathBuf>,
}

/// The build contexts of one run: each opened and walked at most once, however many files share it, and
/// the ignore files to lint (each once).
#[derive(Default)]
struct Contexts {
    /// By context folder and the ignore file in effect.
    shared: HashMap<(PathBuf, Option<PathBuf>), Arc<SharedContext>>,
    /// Ignore files to lint, in the order met, with the Dockerfiles using each.
    ignore_files: Vec<(PathBuf, Arc<SharedContext>, Vec<PathBuf>)>,
    /// Where each ignore file (by its normalized path) is in `ignore_files`.
    ignore_file_index: HashMap<PathBuf, usize>,
}

impl Contexts {
    /// The context a Dockerfile (`None`: standard input) is built from.
    fn for_dockerfile(&mut self, dir: &Path, dockerfile: Option<&Path>) -> Arc<SharedContext> {
        let ignore_file = locate_ignore_file(dir, dockerfile.or(Some(Path::new("-"))));
        let context = self.shared_context(dir, dockerfile, ignore_file.clone());
        if let Some(path) = ignore_file.filter(|p| p.is_file()) {
            let uses = self.ignore_file_entry(&path, &context);
            if let Some(dockerfile) = dockerfile {
                uses.push(dockerfile.to_path_buf());
            }
        }
        context
    }

    /// A `.dockerignore` named on the command line (or found in a folder): its context is its folder,
    /// and its Dockerfiles are those beside it that Docker would pair it with.
    fn name_ignore_file(&mut self, path: &Path) {
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // `api.Dockerfile.dockerignore` belongs to `api.Dockerfile`; `.dockerignore` to the Dockerfiles
        // beside it that have no ignore file of their own.
        let dockerfiles: Vec<PathBuf> = match name.strip_suffix(".dockerignore").filter(|n| !n.is_empty()) {
            Some(own) => vec![dir.join(own)].into_iter().filter(|p| p.is_file()).collect(),
            None => dockerfiles_beside(dir)
                .into_iter()
                .filter(|d| locate_ignore_file(dir, Some(d)).as_deref() == Some(path))
                .collect(),
        };
        let own = dockerfiles.first().cloned();
        let context = self.shared_context(dir, own.as_deref(), Some(path.to_path_buf()));
        let uses = self.ignore_file_entry(path, &context);
        for dockerfile in dockerfiles {
            if !uses.contains(&dockerfile) {
                uses.push(dockerfile);
            }
        }
    }

    fn shared_context(&mut self, dir: &Path, dockerfile: Option<&Path>, ignore: Option<PathBuf>) -> Arc<SharedContext> {
        let key = (normalize(dir), ignore.as_deref().map(normalize));
        let spec = ContextSpec { dir: dir.to_path_buf(), dockerfile: dockerfile.map(Path::to_path_buf) };
        // Contexts are walked on the linting threads; only the first one may use threads of its own
        // (a run with one context), the others would only pay for spawning them.
        let first = self.shared.is_empty();
        Arc::clone(self.shared.entry(key).or_insert_with(|| {
            let shared = SharedContext::new(spec);
            Arc::new(if first { shared } else { shared.walking_on_one_thread() })
        }))
    }

    fn ignore_file_entry(&mut self, path: &Path, context: &Arc<SharedContext>) -> &mut Vec<PathBuf> {
        let index = *self.ignore_file_index.entry(normalize(path)).or_insert_with(|| {
            self.ignore_files.push((path.to_path_buf(), Arc::clone(context), Vec::new()));
            self.ignore_files.len() - 1
        });
        &mut self.ignore_files[index].2
    }

    fn ignore_files(&self) -> Vec<IgnoreJob> {
        self.ignore_files
            .iter()
            .map(|(path, context, dockerfiles)| IgnoreJob {
                path: path.strip_prefix("./").map(Path::to_path_buf).unwrap_or_else(|_| path.clone()),
                context: Arc::clone(context),
                dockerfiles: dockerfiles.clone(),
            })
            .collect()
    }

    /// What could not be read, once per context.
    fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = self.shared.values().flat_map(|c| c.problems()).collect();
        problems.sort();
        problems.dedup();
        problems
    }
}

fn is_ignore_file(path: &Path) -> bool {
    path.file_name().and_then(|n| n.to_str()).is_some_and(is_ignore_file_name)
}

/// A path compared for identity: absolute, with `.` and `..` folded (lexically: no file-system calls,
/// as this runs for every Dockerfile).
fn normalize(path: &Path) -> PathBuf {
    let absolute = std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn counts_get_thousands_separators() {
        let shown: Vec<String> = [0, 7, 999, 1000, 1022, 123456, 1234567].into_iter().map(thousands).collect();
        assert_eq!(shown, ["0", "7", "999", "1,000", "1,022", "123,456", "1,234,567"]);
    }
}
