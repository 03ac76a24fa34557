//! `.dockerignore`: reading the file and deciding, path by path, what Docker leaves out of the build context.
//!
//! Docker's own answer is the reference, so this is a faithful port of what `docker build` runs:
//! github.com/moby/patternmatcher v0.6.1 (`ignorefile.ReadAll`, `New`, `MatchesOrParentMatches`) on Linux,
//! built with Go 1.19. Its quirks are kept on purpose, because a linter that "fixes" them would tell users
//! something Docker does not do:
//!
//! - lines are read by a `bufio.Scanner` (a line of 64 KiB or more fails the whole file), a UTF-8 BOM is
//!   dropped from the first line only, and only a `#` in the very first column starts a comment;
//! - every pattern goes through `filepath.Clean` (twice: once when read, once when compiled), so `a/../b` is
//!   `b`, `/x` is `x`, and `foo/` is `foo`;
//! - a pattern is first checked with Go's `filepath.Match` (errors found there fail every path), then
//!   translated to a Go regular expression that is compiled lazily, so some errors only show up for the
//!   paths that reach the bad pattern; and the translation escapes only `.+()$`, so `|`, `{n}`, `^` and
//!   `\d`-style escapes keep their regular-expression meaning;
//! - a path is excluded by the last pattern that matches it or one of its parent folders, and a pattern is
//!   only tried when it could change the answer (an exception when the path is excluded, an exclusion
//!   when it is not).
//!
//! The file is parsed once ([`DockerIgnore::parse`]) and keeps, for every pattern, its line, its text and
//! its byte span, so callers can say which line decided ([`DockerIgnore::decide`]).
mod compile;
mod file;
mod go_glob;
mod go_path;
mod go_regexp;
mod read;
#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub use file::IgnoreFile;
use read::{compile_line, scan_lines};

/// The name Docker looks for at the root of the build context.
pub const IGNORE_FILE_NAME: &str = ".dockerignore";

/// A parsed `.dockerignore`: the patterns Docker's matcher keeps, in file order.
#[derive(Debug, Default)]
pub struct DockerIgnore {
    patterns: Vec<Pattern>,
}

/// One pattern line: where it is, what the user wrote, and what Docker's matcher makes of it.
#[derive(Debug)]
pub struct Pattern {
    line: usize,
    span: Range<usize>,
    text: String,
    cleaned: String,
    is_exception: bool,
    matcher: Matcher,
}

/// How a pattern compares paths, as patternmatcher's `matchType` decides it.
#[derive(Debug)]
enum Matcher {
    /// No wildcard: the path must equal the cleaned pattern.
    Exact,
    /// Literal text then a final `**`: the path must start with the text.
    Prefix,
    /// A leading `**` and otherwise literal text: the path must end with the text.
    Suffix,
    /// Anything else: the translated Go regular expression.
    Regexp(go_regexp::Regexp),
    /// The translated regular expression does not compile; Docker reports it for every path that reaches
    /// the pattern. Holds Go's reason.
    Invalid(String),
}

/// Docker's answer for one path.
#[derive(Debug, Clone, Copy)]
pub struct Decision<'a> {
    /// Whether `docker build` leaves the path out of the context.
    pub excluded: bool,
    /// The last pattern that matched the path (or one of its parents), which is the one that decided;
    /// `None` when no pattern matched, so the path is sent.
    pub deciding: Option<&'a Pattern>,
}

/// Why Docker rejects a `.dockerignore` (or fails on it for one path), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreError {
    /// 1-based line of the file.
    pub line: usize,
    /// Byte range of the offending text in the file (the whole line when it is too long).
    pub span: Range<usize>,
    pub kind: IgnoreErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IgnoreErrorKind {
    /// The line is 64 KiB or longer; Docker cannot read the file at all.
    LineTooLong,
    /// A `!` with no pattern after it.
    IllegalExclusion,
    /// A pattern Go cannot use; `reason` says what Go's glob or regular-expression parser objected to.
    BadPattern { reason: String },
}

impl IgnoreError {
    /// The error text Docker prints (Go's error string), e.g. `syntax error in pattern`.
    pub fn docker_message(&self) -> &'static str {
        match self.kind {
            IgnoreErrorKind::LineTooLong => "bufio.Scanner: token too long",
            IgnoreErrorKind::IllegalExclusion => "illegal exclusion pattern: \"!\"",
            IgnoreErrorKind::BadPattern { .. } => "syntax error in pattern",
        }
    }
}

impl fmt::Display for IgnoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.docker_message())?;
        if let IgnoreErrorKind::BadPattern { reason } = &self.kind {
            write!(f, " ({reason})")?;
        }
        Ok(())
    }
}

impl std::error::Error for IgnoreError {}

impl Pattern {
    /// 1-based line in the file.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Byte range of [`Pattern::text`] in the file.
    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    /// The line as written, without surrounding white space (with its `!` if it is an exception).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// What Docker's matcher compares paths with: cleaned, without leading `/` or `!`.
    pub fn cleaned(&self) -> &str {
        &self.cleaned
    }

    /// A `!` line: it re-includes what earlier lines excluded.
    pub fn is_exception(&self) -> bool {
        self.is_exception
    }

    /// Go's reason when the pattern's regular expression does not compile (Docker fails every path that
    /// reaches the pattern).
    pub fn regexp_error(&self) -> Option<&str> {
        match &self.matcher {
            Matcher::Invalid(reason) => Some(reason),
            _ => None,
        }
    }

    /// Whether the pattern holds a wildcard (`*`, `?`, `[`) or anything else that makes it more than a
    /// literal path.
    pub fn is_literal(&self) -> bool {
        matches!(self.matcher, Matcher::Exact)
    }

    /// Does the pattern match this exact path or one of its parent folders, as `MatchesOrParentMatches`
    /// tries them? A pattern whose expression does not compile matches nothing.
    pub fn matches_or_parent(&self, path: &str) -> bool {
        if self.matches(path).unwrap_or(false) {
            return true;
        }
        let parent = go_path::dir(path);
        parent != "." && parent_prefixes(&parent).any(|folder| self.matches(folder).unwrap_or(false))
    }

    /// patternmatcher's `Pattern.match`: does the pattern match this exact path (no parent folders)?
    /// `Err` carries Go's reason when the pattern's regular expression does not compile.
    fn matches(&self, path: &str) -> Result<bool, &str> {
        let bytes = path.as_bytes();
        let cleaned = self.cleaned.as_bytes();
        match &self.matcher {
            Matcher::Exact => Ok(bytes == cleaned),
            Matcher::Prefix => {
                // Go slices bytes here (`cleanedPattern[:len-2]`), so do we.
                let prefix = cleaned.get(..cleaned.len().saturating_sub(2)).unwrap_or_default();
                Ok(bytes.starts_with(prefix))
            }
            Matcher::Suffix => {
                let suffix = cleaned.get(2..).unwrap_or_default();
                if bytes.ends_with(suffix) {
                    return Ok(true);
                }
                // `**/foo` also matches `foo` itself.
                Ok(suffix.first() == Some(&b'/') && bytes == suffix.get(1..).unwrap_or_default())
            }
            Matcher::Regexp(regexp) => Ok(regexp.is_match(path)),
            Matcher::Invalid(reason) => Err(reason),
        }
    }

    fn error(&self, kind: IgnoreErrorKind) -> IgnoreError {
        IgnoreError { line: self.line, span: self.span(), kind }
    }
}

impl DockerIgnore {
    /// Reads a `.dockerignore` as Docker does (`ignorefile.ReadAll`, then `patternmatcher.New`).
    ///
    /// Fails where Docker fails for every path: a line of 64 KiB or more, a lone `!`, or a pattern that
    /// Go's `filepath.Match` rejects. Patterns whose regular expression does not compile are kept: Docker
    /// only fails when a path reaches them, which [`DockerIgnore::decide`] reports.
    pub fn parse(text: &str) -> Result<DockerIgnore, IgnoreError> {
        // ReadAll reads the whole file before New looks at any pattern, so a long line anywhere wins
        // over a bad pattern before it.
        let lines = scan_lines(text)?;
        let mut patterns = Vec::new();
        for line in lines {
            if let Some(pattern) = compile_line(&line)? {
                patterns.push(pattern);
            }
        }
        Ok(DockerIgnore { patterns })
    }

    /// The patterns Docker's matcher uses, in file order (comments and blank lines are not patterns).
    pub fn patterns(&self) -> &[Pattern] {
        &self.patterns
    }

    /// `MatchesOrParentMatches(path)`: is the path excluded, and which line decided?
    ///
    /// The path is used exactly as given, relative to the context and `/`-separated (Docker does not clean
    /// it: `./foo` is not `foo`). Fails where Docker fails: when a pattern whose regular expression does not
    /// compile is tried for this path.
    pub fn decide(&self, path: &str) -> Result<Decision<'_>, IgnoreError> {
        let parent = go_path::dir(path);
        let mut decision = Decision { excluded: false, deciding: None };
        for pattern in &self.patterns {
            // An exclusion cannot change an excluded path, nor an exception a sent one: Docker skips them
            // (and so never hits their errors).
            if pattern.is_exception != decision.excluded {
                continue;
            }
            let mut matched = pattern
                .matches(path)
                .map_err(|reason| pattern.error(IgnoreErrorKind::BadPattern { reason: reason.to_owned() }))?;
            if !matched && parent != "." {
                matched = parent_prefixes(&parent).any(|folder| pattern.matches(folder).unwrap_or(false));
            }
            if matched {
                decision = Decision { excluded: !pattern.is_exception, deciding: Some(pattern) };
            }
        }
        Ok(decision)
    }

    /// Whether some exception (`!` line) might re-include a path strictly inside `folder` (a context-relative,
    /// `/`-separated folder). When it cannot, an excluded folder can be skipped whole: everything in it is
    /// excluded too. Errs on the side of `true` for patterns with wildcards.
    pub fn may_reinclude_inside(&self, folder: &str) -> bool {
        let inside = format!("{folder}/");
        self.patterns.iter().filter(|pattern| pattern.is_exception).any(|pattern| match pattern.matcher {
            Matcher::Exact => pattern.cleaned.starts_with(&inside),
            Matcher::Prefix => {
                let prefix = pattern.cleaned.get(..pattern.cleaned.len().saturating_sub(2)).unwrap_or_default();
                prefix.starts_with(&inside) || inside.starts_with(prefix)
            }
            Matcher::Suffix | Matcher::Regexp(_) | Matcher::Invalid(_) => true,
        })
    }
}

/// Where Docker reads the ignore rules for a build: `<Dockerfile>.dockerignore` beside the Dockerfile wins
/// over `<context>/.dockerignore`. Without `dockerfile`, the Dockerfile is `<context>/Dockerfile` as for
/// `docker build`; `-` (Dockerfile on standard input) has no file of its own. `None` when neither exists.
/// An existing but unreadable file is still returned, so the caller reports it instead of silently
/// ignoring rules Docker would apply.
pub fn locate_ignore_file(context_dir: &Path, dockerfile: Option<&Path>) -> Option<PathBuf> {
    let dockerfile = match dockerfile {
        Some(path) if path == Path::new("-") => None,
        Some(path) => Some(path.to_path_buf()),
        None => Some(context_dir.join("Dockerfile")),
    };
    if let Some(dockerfile) = dockerfile {
        let mut specific = dockerfile.into_os_string();
        specific.push(IGNORE_FILE_NAME);
        let specific = PathBuf::from(specific);
        if specific.symlink_metadata().is_ok() {
            return Some(specific);
        }
    }
    let general = context_dir.join(IGNORE_FILE_NAME);
    general.symlink_metadata().is_ok().then_some(general)
}

/// The folders `MatchesOrParentMatches` also tries: `a`, `a/b`, `a/b/c` for the parent `a/b/c` (what Go
/// gets by joining the first 1, 2, 3… elements of the parent split on `/`).
fn parent_prefixes(parent: &str) -> impl Iterator<Item = &str> {
    parent.match_indices('/').map(move |(slash, _)| &parent[..slash]).chain(std::iter::once(parent))
}
