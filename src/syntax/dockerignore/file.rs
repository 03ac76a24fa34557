//! A `.dockerignore` read for linting: every pattern Docker keeps, every line Docker would refuse (all of
//! them, not just the first as `docker build` reports), and the comment lines, each with its place in the
//! text, so findings and suppressions can point into the file.
use std::ops::Range;

use super::read::{compile_line, scan_lines};
use super::{DockerIgnore, IgnoreError, IgnoreErrorKind};
use crate::syntax::source::LineIndex;

/// A `.dockerignore` as a linter sees it.
#[derive(Debug)]
pub struct IgnoreFile {
    pub text: String,
    pub line_index: LineIndex,
    /// The patterns Docker's matcher would use, the refused lines left out.
    pub ignore: DockerIgnore,
    /// Lines Docker refuses, in file order: a lone `!`, a pattern `filepath.Match` rejects, a pattern
    /// whose regular expression does not compile, or (alone, since nothing else can be read) a line of
    /// 64 KiB or more.
    pub errors: Vec<IgnoreError>,
    /// The `#` lines (only a `#` in the first column starts a comment): 1-based line and byte range.
    pub comments: Vec<(usize, Range<usize>)>,
}

impl IgnoreFile {
    pub fn parse(text: String) -> IgnoreFile {
        let line_index = LineIndex::new(&text);
        let mut ignore = DockerIgnore::default();
        let mut errors = Vec::new();
        let mut comments = Vec::new();
        match scan_lines(&text) {
            Err(error) => errors.push(error),
            Ok(lines) => {
                for line in &lines {
                    if line.content.starts_with('#') {
                        comments.push((line.number, line.start..line.start + line.content.len()));
                    }
                    match compile_line(line) {
                        Ok(Some(pattern)) => {
                            if let Some(reason) = pattern.regexp_error() {
                                let kind = IgnoreErrorKind::BadPattern { reason: reason.to_owned() };
                                errors.push(IgnoreError { line: pattern.line(), span: pattern.span(), kind });
                            }
                            ignore.patterns.push(pattern);
                        }
                        Ok(None) => {}
                        Err(error) => errors.push(error),
                    }
                }
            }
        }
        IgnoreFile { text, line_index, ignore, errors, comments }
    }

    /// Whether Docker reads the file without complaint (some regular-expression errors only fail the
    /// paths that reach them, but they are errors all the same).
    pub fn is_valid(&self) -> bool {
        self.errors.is_empty()
    }
}
