//! The build context: the folder `docker build` sends, less what its `.dockerignore` excludes.
//!
//! Docker sends everything the ignore rules do not exclude, hidden and git-ignored files included, and
//! sends symbolic links as links. So the walk here turns every standard filter off and follows no link,
//! and each file is judged by the same matcher as `layerlint context --explain`, so the two always agree.
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use std::sync::mpsc::Sender;
use std::sync::{Mutex, OnceLock};

use ignore::{WalkBuilder, WalkState};

use crate::syntax::dockerignore::{locate_ignore_file, Decision, DockerIgnore, IgnoreError, IgnoreErrorKind};

/// Where a Dockerfile is built from: its build context folder, and the Dockerfile's own path (whose
/// `<name>.dockerignore` takes precedence over the context's `.dockerignore`).
#[derive(Debug, Clone)]
pub struct ContextSpec {
    pub dir: std::path::PathBuf,
    pub dockerfile: Option<std::path::PathBuf>,
}

/// How many folders [`ContextSummary::largest`] lists.
const LARGEST_FOLDERS: usize = 10;

/// A build context folder and the ignore rules Docker would apply to it.
#[derive(Debug)]
pub struct BuildContext {
    root: PathBuf,
    ignore_file: Option<PathBuf>,
    ignore: DockerIgnore,
}

/// What `docker build` would send.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ContextSummary {
    /// Files (and symbolic links) sent.
    pub files: u64,
    /// Their total size in bytes (a link counts as the length of its target path).
    pub bytes: u64,
    pub excluded_files: u64,
    pub excluded_bytes: u64,
    /// The folders with the most bytes sent (everything below them counted), largest first.
    pub largest: Vec<FolderSize>,
    /// Entries the walk could not read, each with the reason; Docker would fail on them.
    pub unreadable: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderSize {
    /// Relative to the context, `/`-separated.
    pub path: String,
    pub bytes: u64,
}

#[derive(Debug)]
pub enum ContextError {
    /// The context folder does not exist or is not a folder.
    NotAFolder { path: PathBuf },
    /// The ignore file exists but cannot be read.
    UnreadableIgnoreFile { path: PathBuf, source: io::Error },
    /// Docker rejects the ignore file as a whole.
    InvalidIgnoreFile { path: PathBuf, error: IgnoreError },
    /// Docker's matcher fails for this path (a pattern whose regular expression does not compile).
    PatternFailed { ignore_file: PathBuf, path: String, error: IgnoreError },
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContextError::NotAFolder { path } => write!(f, "{}: no such folder", path.display()),
            ContextError::UnreadableIgnoreFile { path, source } => {
                write!(f, "{}: {source}", path.display())
            }
            ContextError::InvalidIgnoreFile { path, error } => write_located(f, path, error),
            ContextError::PatternFailed { ignore_file, path, error } => {
                write_located(f, ignore_file, error)?;
                write!(f, " (when matching `{path}`)")
            }
        }
    }
}

/// `file:line: Docker's message (Go's reason)`.
fn write_located(f: &mut fmt::Formatter<'_>, file: &Path, error: &IgnoreError) -> fmt::Result {
    write!(f, "{}:{}: {}", file.display(), error.line, error.docker_message())?;
    if let IgnoreErrorKind::BadPattern { reason } = &error.kind {
        write!(f, " ({reason})")?;
    }
    Ok(())
}

impl std::error::Error for ContextError {}

impl ContextError {
    /// A copy (`io::Error` is not `Clone`; its kind and message are kept).
    fn duplicate(&self) -> ContextError {
        match self {
            ContextError::NotAFolder { path } => ContextError::NotAFolder { path: path.clone() },
            ContextError::UnreadableIgnoreFile { path, source } => ContextError::UnreadableIgnoreFile {
                path: path.clone(),
                source: io::Error::new(source.kind(), source.to_string()),
            },
            ContextError::InvalidIgnoreFile { path, error } => {
                ContextError::InvalidIgnoreFile { path: path.clone(), error: error.clone() }
            }
            ContextError::PatternFailed { ignore_file, path, error } => ContextError::PatternFailed {
                ignore_file: ignore_file.clone(),
                path: path.clone(),
                error: error.clone(),
            },
        }
    }

    /// Whether linting the ignore file itself reports this (IGN002), so it needs no message of its own.
    pub fn is_in_ignore_file(&self) -> bool {
        matches!(self, ContextError::InvalidIgnoreFile { .. } | ContextError::PatternFailed { .. })
    }
}

impl BuildContext {
    /// Opens the context at `root`, reading the ignore file Docker would use (see [`locate_ignore_file`];
    /// `dockerfile` is the `-f` file, by default `<root>/Dockerfile`).
    pub fn open(root: &Path, dockerfile: Option<&Path>) -> Result<BuildContext, ContextError> {
        if !root.is_dir() {
            return Err(ContextError::NotAFolder { path: root.to_path_buf() });
        }
        let ignore_file = locate_ignore_file(root, dockerfile);
        let ignore = match &ignore_file {
            None => DockerIgnore::default(),
            Some(path) => {
                let bytes = std::fs::read(path)
                    .map_err(|source| ContextError::UnreadableIgnoreFile { path: path.clone(), source })?;
                // Go keeps invalid UTF-8 bytes as they are; paths here are Unicode, so a replacement
                // character loses nothing a path could match.
                let text = String::from_utf8_lossy(&bytes);
                DockerIgnore::parse(&text)
                    .map_err(|error| ContextError::InvalidIgnoreFile { path: path.clone(), error })?
            }
        };
        Ok(BuildContext { root: root.to_path_buf(), ignore_file, ignore })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The ignore file in effect, if any.
    pub fn ignore_file(&self) -> Option<&Path> {
        self.ignore_file.as_deref()
    }

    pub fn ignore(&self) -> &DockerIgnore {
        &self.ignore
    }

    /// Docker's decision for a context-relative, `/`-separated path (which need not exist).
    pub fn decide(&self, path: &str) -> Result<Decision<'_>, ContextError> {
        self.ignore.decide(path).map_err(|error| self.pattern_failed(path, error))
    }

    fn pattern_failed(&self, path: &str, error: IgnoreError) -> ContextError {
        let ignore_file = self.ignore_file.clone().unwrap_or_default();
        ContextError::PatternFailed { ignore_file, path: path.to_owned(), error }
    }

    /// Walks the context and counts what is sent and what is excluded.
    pub fn summarize(&self) -> Result<ContextSummary, ContextError> {
        Ok(self.walk()?.summary())
    }

    /// Walks the context in parallel and lists every file sent, with its size, and what was excluded by
    /// which line.
    ///
    /// An excluded folder that no exception could reach into is not matched file by file (as Docker skips
    /// it), but still walked so that its files count as excluded. Fails where Docker's matcher fails.
    pub fn walk(&self) -> Result<ContextFiles, ContextError> {
        self.walk_with(true)
    }

    /// [`BuildContext::walk`], on one thread when `parallel` is false (when many contexts are walked at
    /// once, from threads that already lint in parallel, threads of its own would only cost).
    pub fn walk_with(&self, parallel: bool) -> Result<ContextFiles, ContextError> {
        let (sender, receiver) = std::sync::mpsc::channel::<Walked>();
        let failure: Mutex<Option<ContextError>> = Mutex::new(None);
        // One entry below the root: its path, whether it is a folder, and its size when asked.
        let visit = |path: &Path, is_dir: bool, size: &dyn Fn() -> Result<u64, String>, sender: &Sender<Walked>| {
            let relative = relative_path(&self.root, path);
            let decision = match self.decide(&relative) {
                Ok(decision) => decision,
                Err(error) => {
                    if let Ok(mut slot) = failure.lock() {
                        slot.get_or_insert(error);
                    }
                    return WalkState::Quit;
                }
            };
            // An excluded path always has the line that excluded it.
            let excluded_by = decision.deciding.filter(|_| decision.excluded).map(|p| p.line());
            if is_dir {
                if let Some(line) = excluded_by.filter(|_| !self.ignore.may_reinclude_inside(&relative)) {
                    let (files, bytes) = count_folder(path);
                    let _ = sender.send(Walked::Excluded { line, files, bytes });
                    return WalkState::Skip;
                }
                return WalkState::Continue;
            }
            let walked = match (size(), excluded_by) {
                (Err(error), _) => Walked::Unreadable(format!("{}: {error}", path.display())),
                (Ok(bytes), Some(line)) => Walked::Excluded { line, files: 1, bytes },
                (Ok(bytes), None) => Walked::Sent(SentFile { path: relative, size: bytes }),
            };
            let _ = sender.send(walked);
            WalkState::Continue
        };
        if parallel {
            WalkBuilder::new(&self.root).standard_filters(false).follow_links(false).build_parallel().run(|| {
                let sender = sender.clone();
                let visit = &visit;
                Box::new(move |entry| match entry {
                    Err(error) => {
                        let _ = sender.send(Walked::Unreadable(error.to_string()));
                        WalkState::Continue
                    }
                    Ok(entry) if entry.depth() == 0 => WalkState::Continue,
                    Ok(entry) => {
                        let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
                        let size = || entry.metadata().map(|m| m.len()).map_err(|e| e.to_string());
                        visit(entry.path(), is_dir, &size, &sender)
                    }
                })
            });
        } else {
            let mut walk = walkdir::WalkDir::new(&self.root).follow_links(false).min_depth(1).into_iter();
            while let Some(entry) = walk.next() {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(error) => {
                        let _ = sender.send(Walked::Unreadable(error.to_string()));
                        continue;
                    }
                };
                let is_dir = entry.file_type().is_dir();
                let size = || entry.metadata().map(|m| m.len()).map_err(|e| e.to_string());
                match visit(entry.path(), is_dir, &size, &sender) {
                    WalkState::Quit => break,
                    WalkState::Skip => walk.skip_current_dir(),
                    _ => {}
                }
            }
        }
        drop(sender);
        if let Some(error) = failure.into_inner().ok().flatten() {
            return Err(error);
        }
        let mut files = ContextFiles::default();
        let mut by_line: HashMap<usize, (u64, u64)> = HashMap::new();
        for walked in receiver {
            match walked {
                Walked::Sent(file) => files.sent.push(file),
                Walked::Excluded { line, files: count, bytes } => {
                    let entry = by_line.entry(line).or_default();
                    entry.0 += count;
                    entry.1 += bytes;
                }
                Walked::Unreadable(message) => files.unreadable.push(message),
            }
        }
        files.sent.sort_unstable_by(|a, b| a.path.cmp(&b.path));
        files.unreadable.sort();
        files.excluded_by =
            by_line.into_iter().map(|(line, (count, bytes))| ExcludedBy { line, files: count, bytes }).collect();
        files.excluded_by.sort_by_key(|e| e.line);
        Ok(files)
    }
}

/// One entry's outcome, sent from the walker's threads.
enum Walked {
    Sent(SentFile),
    /// Files left out, and the line that left them out.
    Excluded {
        line: usize,
        files: u64,
        bytes: u64,
    },
    Unreadable(String),
}

/// The files and bytes below a folder Docker skips whole (links are not followed; unreadable entries are
/// not counted: Docker never opens them either).
fn count_folder(folder: &Path) -> (u64, u64) {
    let mut totals = (0, 0);
    for entry in walkdir::WalkDir::new(folder).follow_links(false).into_iter().flatten() {
        if !entry.file_type().is_dir() {
            totals.0 += 1;
            totals.1 += entry.metadata().map_or(0, |m| m.len());
        }
    }
    totals
}

/// A file `docker build` sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentFile {
    /// Relative to the context, `/`-separated.
    pub path: String,
    pub size: u64,
}

/// How much one `.dockerignore` line left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcludedBy {
    pub line: usize,
    pub files: u64,
    pub bytes: u64,
}

/// Everything the walk of a context found.
#[derive(Debug, Default, Clone)]
pub struct ContextFiles {
    /// Sorted by path.
    pub sent: Vec<SentFile>,
    /// By the deciding line, in line order.
    pub excluded_by: Vec<ExcludedBy>,
    pub unreadable: Vec<String>,
}

impl ContextFiles {
    /// The files sent at or below a context-relative folder (`""` for the whole context).
    pub fn under(&self, folder: &str) -> &[SentFile] {
        let folder = folder.trim_matches('/');
        if folder.is_empty() {
            return &self.sent;
        }
        let prefix = format!("{folder}/");
        let start = self.sent.partition_point(|f| f.path.as_str() < folder);
        let end = start + self.sent[start..].partition_point(|f| f.path == folder || f.path.starts_with(&prefix));
        &self.sent[start..end]
    }

    /// The totals, and the folders with the most bytes sent.
    pub fn summary(&self) -> ContextSummary {
        let mut folder_bytes: HashMap<&str, u64> = HashMap::new();
        for file in &self.sent {
            for (slash, _) in file.path.match_indices('/') {
                *folder_bytes.entry(&file.path[..slash]).or_default() += file.size;
            }
        }
        let (excluded_files, excluded_bytes) = self.excluded_by_total();
        ContextSummary {
            files: self.sent.len() as u64,
            bytes: self.sent.iter().map(|f| f.size).sum(),
            excluded_files,
            excluded_bytes,
            largest: largest_folders(folder_bytes),
            unreadable: self.unreadable.clone(),
        }
    }

    fn excluded_by_total(&self) -> (u64, u64) {
        self.excluded_by.iter().fold((0, 0), |(f, b), e| (f + e.files, b + e.bytes))
    }
}

/// A build context shared by every Dockerfile built from it: opened, and walked, at most once, and only
/// when a rule asks. Safe to share between the threads that lint those Dockerfiles.
#[derive(Debug)]
pub struct SharedContext {
    spec: ContextSpec,
    /// Walk with threads of its own (one context linted alone) or on the calling thread.
    parallel_walk: bool,
    opened: OnceLock<Result<BuildContext, ContextError>>,
    walked: OnceLock<Result<ContextFiles, ContextError>>,
}

impl SharedContext {
    pub fn new(spec: ContextSpec) -> SharedContext {
        SharedContext { spec, parallel_walk: true, opened: OnceLock::new(), walked: OnceLock::new() }
    }

    /// Walk on the calling thread: for runs that lint many contexts at once, already in parallel.
    pub fn walking_on_one_thread(mut self) -> SharedContext {
        self.parallel_walk = false;
        self
    }

    pub fn spec(&self) -> &ContextSpec {
        &self.spec
    }

    /// The context with its ignore rules, read on first use.
    pub fn context(&self) -> Result<&BuildContext, &ContextError> {
        self.opened.get_or_init(|| BuildContext::open(&self.spec.dir, self.spec.dockerfile.as_deref())).as_ref()
    }

    /// The files sent, walked on first use.
    pub fn files(&self) -> Result<&ContextFiles, &ContextError> {
        self.walked
            .get_or_init(|| match self.context() {
                Ok(context) => context.walk_with(self.parallel_walk),
                Err(error) => Err(error.duplicate()),
            })
            .as_ref()
    }

    /// What went wrong reading the context, if a rule asked for it: reported once per context by the
    /// caller, each with what to do. Errors in the ignore file itself are left to its own lint (IGN002).
    pub fn problems(&self) -> Vec<String> {
        let failed = match (self.opened.get(), self.walked.get()) {
            (Some(Err(error)), _) | (_, Some(Err(error))) => Some(error),
            _ => None,
        };
        if let Some(error) = failed.filter(|e| !e.is_in_ignore_file()) {
            let what_to_do = match error {
                ContextError::NotAFolder { .. } => "name an existing folder with --context or [[contexts]]",
                _ => "make it readable, or the context rules cannot judge this context",
            };
            return vec![format!("build context: {error}; {what_to_do}")];
        }
        let unreadable = self.walked.get().and_then(|w| w.as_ref().ok()).map_or(&[][..], |f| &f.unreadable[..]);
        unreadable
            .iter()
            .map(|entry| {
                format!(
                    "build context {}: cannot read {entry}; `docker build` fails on it too: make it readable or exclude it in .dockerignore",
                    self.spec.dir.display()
                )
            })
            .collect()
    }
}

/// `512 B`, `1.5 KiB`, `12.0 MiB`: what `du -h` users read at a glance.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// The path Docker's matcher sees: relative to the context, `/`-separated.
fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect();
    parts.join("/")
}

fn largest_folders(folder_bytes: HashMap<&str, u64>) -> Vec<FolderSize> {
    let mut folders: Vec<FolderSize> = folder_bytes
        .into_iter()
        .filter(|(_, bytes)| *bytes > 0)
        .map(|(path, bytes)| FolderSize { path: path.to_owned(), bytes })
        .collect();
    folders.sort_by(|a, b| b.bytes.cmp(&a.bytes).then_with(|| a.path.cmp(&b.path)));
    folders.truncate(LARGEST_FOLDERS);
    folders
}

#[cfg(test)]
mod tests {
    use super::*;

    struct TempContext(PathBuf);

    impl TempContext {
        fn new(name: &str, files: &[(&str, usize)]) -> TempContext {
            let root = std::env::temp_dir().join(format!("layerlint-build-context-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&root);
            for (path, size) in files {
                let path = root.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, "x".repeat(*size)).unwrap();
            }
            TempContext(root)
        }
    }

    impl Drop for TempContext {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn sizes_read_like_du() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(1023), "1023 B");
        assert_eq!(human_bytes(1536), "1.5 KiB");
        assert_eq!(human_bytes(5 * 1024 * 1024), "5.0 MiB");
    }

    #[test]
    fn hidden_and_git_ignored_files_are_sent() {
        let context =
            TempContext::new("hidden", &[(".gitignore", 5), ("secret.txt", 7), (".env", 3), (".git/HEAD", 10)]);
        std::fs::write(context.0.join(".gitignore"), "secret.txt").unwrap();
        let summary = BuildContext::open(&context.0, None).unwrap().summarize().unwrap();
        assert_eq!((summary.files, summary.bytes), (4, 10 + 7 + 3 + 10));
        assert_eq!(summary.largest, [FolderSize { path: ".git".into(), bytes: 10 }]);
    }

    #[test]
    fn excluded_folders_count_as_excluded_and_exceptions_reach_inside() {
        let context = TempContext::new(
            "exceptions",
            &[("node_modules/a/index.js", 100), ("docs/keep.md", 4), ("docs/drop.md", 6), ("src/lib/a.rs", 20)],
        );
        std::fs::write(context.0.join(".dockerignore"), "node_modules\ndocs\n!docs/keep.md\n").unwrap();
        let built = BuildContext::open(&context.0, None).unwrap();
        let summary = built.summarize().unwrap();
        let dockerignore_size = "node_modules\ndocs\n!docs/keep.md\n".len() as u64;
        assert_eq!((summary.files, summary.bytes), (3, 4 + 20 + dockerignore_size));
        assert_eq!((summary.excluded_files, summary.excluded_bytes), (2, 106));
        let largest: Vec<_> = summary.largest.iter().map(|f| (f.path.as_str(), f.bytes)).collect();
        assert_eq!(largest, [("src", 20), ("src/lib", 20), ("docs", 4)]);
        assert_eq!(built.ignore_file(), Some(context.0.join(".dockerignore").as_path()));
    }

    #[test]
    fn a_pattern_error_names_the_path() {
        let context = TempContext::new("pattern-error", &[("x", 1)]);
        std::fs::write(context.0.join(".dockerignore"), "x\n![z-a]\n").unwrap();
        let error = BuildContext::open(&context.0, None).unwrap().summarize().unwrap_err();
        assert!(matches!(&error, ContextError::PatternFailed { path, error, .. } if path == "x" && error.line == 2));
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_sent_as_links() {
        let context = TempContext::new("symlink", &[("real/file", 50)]);
        std::os::unix::fs::symlink(context.0.join("real"), context.0.join("link")).unwrap();
        std::fs::write(context.0.join(".dockerignore"), "real").unwrap();
        let summary = BuildContext::open(&context.0, None).unwrap().summarize().unwrap();
        assert_eq!(summary.excluded_bytes, 50);
        // The link is not followed: the link itself is sent, beside the .dockerignore.
        assert_eq!(summary.files, 2);
    }

    #[test]
    fn missing_folder_and_bad_ignore_file_are_errors() {
        assert!(matches!(
            BuildContext::open(Path::new("/nonexistent/layerlint"), None),
            Err(ContextError::NotAFolder { .. })
        ));
        let context = TempContext::new("bad-ignore", &[("a", 1)]);
        std::fs::write(context.0.join(".dockerignore"), "a\n!\n").unwrap();
        let error = BuildContext::open(&context.0, None).unwrap_err();
        assert!(error.to_string().ends_with(".dockerignore:2: illegal exclusion pattern: \"!\""), "{error}");
    }
}
