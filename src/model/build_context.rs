//! The build context: the folder `docker build` sends, less what its `.dockerignore` excludes.
//!
//! Docker sends everything the ignore rules do not exclude, hidden and git-ignored files included, and
//! sends symbolic links as links. So the walk here turns every standard filter off and follows no link,
//! and each file is judged by the same matcher as `layerlint context --explain`, so the two always agree.
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

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
    ///
    /// An excluded folder that no exception could reach into is not matched file by file (as Docker skips
    /// it), but still walked so that its files count as excluded. Fails where Docker's matcher fails.
    pub fn summarize(&self) -> Result<ContextSummary, ContextError> {
        let mut summary = ContextSummary::default();
        let mut folder_bytes: HashMap<String, u64> = HashMap::new();
        // The walk is depth first, so the folder being skipped, if any, contains every following entry
        // until one falls outside it.
        let mut skipped_folder: Option<String> = None;
        let walk = WalkBuilder::new(&self.root)
            .standard_filters(false)
            .follow_links(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    summary.unreadable.push(error.to_string());
                    continue;
                }
            };
            if entry.depth() == 0 {
                continue;
            }
            let relative = relative_path(&self.root, entry.path());
            let is_folder = entry.file_type().is_some_and(|kind| kind.is_dir());
            let inside_skipped = skipped_folder.as_deref().is_some_and(|folder| is_inside(&relative, folder));
            if !inside_skipped {
                skipped_folder = None;
            }
            if is_folder {
                if !inside_skipped && self.decide(&relative)?.excluded && !self.ignore.may_reinclude_inside(&relative) {
                    skipped_folder = Some(relative);
                }
                continue;
            }
            let size = match entry.metadata() {
                Ok(metadata) => metadata.len(),
                Err(error) => {
                    summary.unreadable.push(format!("{}: {error}", entry.path().display()));
                    continue;
                }
            };
            if inside_skipped || self.decide(&relative)?.excluded {
                summary.excluded_files += 1;
                summary.excluded_bytes += size;
            } else {
                summary.files += 1;
                summary.bytes += size;
                for (slash, _) in relative.match_indices('/') {
                    *folder_bytes.entry(relative[..slash].to_owned()).or_default() += size;
                }
            }
        }
        summary.largest = largest_folders(folder_bytes);
        Ok(summary)
    }
}

/// The path Docker's matcher sees: relative to the context, `/`-separated.
fn relative_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = relative.components().map(|part| part.as_os_str().to_string_lossy()).collect();
    parts.join("/")
}

fn is_inside(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}

fn largest_folders(folder_bytes: HashMap<String, u64>) -> Vec<FolderSize> {
    let mut folders: Vec<FolderSize> = folder_bytes
        .into_iter()
        .filter(|(_, bytes)| *bytes > 0)
        .map(|(path, bytes)| FolderSize { path, bytes })
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
