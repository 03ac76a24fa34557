//! Applying fixes: `--fix` and `--diff`.
//!
//! Each pass lints the text, applies every allowed fix whose edits overlap no fix applied before it in the
//! pass (the others wait for the next pass, when they are computed again on the new text), and lints
//! again, until nothing changes. A pass whose result BuildKit would not parse is undone and the file is
//! left as the pass before left it: no fix may break a file. Files that do not parse are never touched.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Applicability, Edit, Fix, NewFile};
use crate::lint::FileReport;

/// More passes than this means two fixes undo each other: a bug, reported rather than looped on.
pub const MAX_PASSES: usize = 10;

/// What fixing one file did.
#[derive(Debug)]
pub struct Fixed {
    /// The text after the fixes (the original when nothing applied).
    pub text: String,
    /// Fixes applied, over all passes.
    pub applied: usize,
    /// The lint of `text`: what remains.
    pub report: FileReport,
    /// Why fixing stopped early, when it did (parse errors, a pass that broke the file, no settling).
    pub stopped: Option<String>,
    /// Files the fixes create (each where none exists); their findings are taken out of `report`.
    pub created: Vec<NewFile>,
}

/// Lint `text` with `lint`, apply the fixes `allowed` permits, and repeat until nothing changes.
pub fn fix_until_stable(text: &str, allowed: Applicability, lint: impl Fn(&str) -> FileReport) -> Fixed {
    let mut report = lint(text);
    if has_parse_errors(&report) {
        let stopped = Some("not fixed: the file has parse errors; fix those first".to_string());
        return Fixed { text: text.to_string(), applied: 0, report, stopped, created: Vec::new() };
    }
    let mut current = text.to_string();
    let mut applied = 0;
    for _ in 0..MAX_PASSES {
        let fixes: Vec<&Fix> = applicable(&report, allowed).collect();
        if fixes.is_empty() {
            return with_created(current, applied, report, None, allowed);
        }
        let (next, count) = apply(&current, &fixes);
        if count == 0 || next == current {
            return with_created(current, applied, report, None, allowed);
        }
        let next_report = lint(&next);
        if has_parse_errors(&next_report) {
            let codes: Vec<&str> = report.diagnostics.iter().filter(|d| d.fix.is_some()).map(|d| d.code).collect();
            let stopped = Some(format!(
                "a fix would make the file unparsable and was not applied (rules {}); please report this",
                codes.join(", ")
            ));
            return with_created(current, applied, report, stopped, allowed);
        }
        current = next;
        applied += count;
        report = next_report;
    }
    let stopped = Some(format!("fixes did not settle after {MAX_PASSES} passes; please report this"));
    with_created(current, applied, report, stopped, allowed)
}

/// The result, with the files the remaining findings' fixes create (once each) taken out of the report.
fn with_created(
    text: String,
    applied: usize,
    mut report: FileReport,
    stopped: Option<String>,
    allowed: Applicability,
) -> Fixed {
    let mut created: Vec<NewFile> = Vec::new();
    report.diagnostics.retain(|d| {
        match d.fix.as_ref().filter(|f| f.applicability <= allowed).and_then(|f| f.creates.as_ref()) {
            Some(file) => {
                if !created.iter().any(|c| c.path == file.path) {
                    created.push(file.clone());
                }
                false
            }
            None => true,
        }
    });
    Fixed { text, applied: applied + created.len(), report, stopped, created }
}

/// A unified diff that creates a file, from `/dev/null`.
pub fn creation_diff(path: &str, content: &str) -> String {
    diff_with_headers("/dev/null", &diff_header("b/", path), "", content)
}

/// Create a file the fixes made, never replacing one: a file that exists already (another Dockerfile
/// of the same context created it in this run, or it appeared meanwhile) is left as it is.
pub fn create_new_file(file: &NewFile) -> std::io::Result<()> {
    match std::fs::OpenOptions::new().write(true).create_new(true).open(&file.path) {
        Ok(mut handle) => handle.write_all(file.content.as_bytes()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(e),
    }
}

/// The fixes of a report that `allowed` permits (`Unsafe` permits both kinds).
pub fn applicable(report: &FileReport, allowed: Applicability) -> impl Iterator<Item = &Fix> {
    report.diagnostics.iter().filter_map(|d| d.fix.as_ref()).filter(move |f| f.applicability <= allowed)
}

fn has_parse_errors(report: &FileReport) -> bool {
    report.tree().is_some_and(|tree| !tree.errors.is_empty())
}

/// Apply the fixes that do not overlap one applied before them (in order of position); returns the new
/// text and how many fixes applied. Inserted line breaks follow the file's: `\r\n` in a CRLF file.
pub fn apply(text: &str, fixes: &[&Fix]) -> (String, usize) {
    let mut ordered: Vec<&Fix> = fixes.iter().copied().filter(|f| f.extent().is_some()).collect();
    ordered.sort_by_key(|f| f.extent().map(|s| (s.start, s.end)));
    let mut taken: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for fix in ordered {
        let valid = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && e.span.end <= text.len()
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        });
        let clashes = fix.edits.iter().any(|e| taken.iter().any(|t| overlap(e, t)))
            || fix.edits.iter().enumerate().any(|(i, e)| fix.edits[..i].iter().any(|o| overlap(e, o)));
        if valid && !clashes {
            taken.extend(&fix.edits);
            count += 1;
        }
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let crlf = text.contains("\r\n");
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in taken {
        out += &text[at..edit.span.start];
        if crlf {
            out += &edit.content.replace("\r\n", "\n").replace('\n', "\r\n");
        } else {
            out += &edit.content;
        }
        at = edit.span.end;
    }
    out += &text[at..];
    (out, count)
}

/// Whether two edits touch the same bytes; two insertions at one place clash too (their order would be
/// arbitrary), an insertion at the edge of a replacement does not.
fn overlap(a: &Edit, b: &Edit) -> bool {
    if a.span.start == a.span.end && b.span.start == b.span.end {
        return a.span.start == b.span.start;
    }
    a.span.start < b.span.end && b.span.start < a.span.end
}

/// A unified diff of a file's change, with `a/` and `b/` headers as `git diff` prints them (an absolute
/// path as it is).
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    diff_with_headers(&diff_header("a/", path), &diff_header("b/", path), before, after)
}

/// `a/path` or `b/path`, as `git diff` names a relative path; an absolute one (or `-`) as it is.
fn diff_header(side: &str, path: &str) -> String {
    if path.starts_with('/') || path == "-" {
        path.to_string()
    } else {
        format!("{side}{path}")
    }
}

/// The unified diff (three lines of context) from `before` to `after`, ending in a line break.
fn diff_with_headers(old: &str, new: &str, before: &str, after: &str) -> String {
    let mut out =
        similar::TextDiff::from_lines(before, after).unified_diff().context_radius(3).header(old, new).to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Replace a file's content so that no reader ever sees it half-written: the new text goes to a
/// temporary file in the same folder, with the original's permissions, which is then renamed over it.
/// Two runs fixing one file at once each rename a complete file; the last one wins.
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    // Through a symbolic link, the file it points at is the one replaced (the link stays a link).
    let resolved = std::fs::canonicalize(path)?;
    let path = resolved.as_path();
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let permissions = std::fs::metadata(path)?.permissions();
    let mut attempt = 0u32;
    let (temp_path, mut file) = loop {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
        let candidate = dir.join(format!(".{name}.layerlint-{}-{nanos}-{attempt}.tmp", std::process::id()));
        match std::fs::OpenOptions::new().write(true).create_new(true).open(&candidate) {
            Ok(file) => break (candidate, file),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && attempt < 100 => attempt += 1,
            Err(e) => return Err(e),
        }
    };
    // No fsync: the rename is what makes the replacement atomic for other processes, and syncing each
    // of hundreds of files made `--fix` over a large tree 1.5x slower.
    let written = file
        .write_all(text.as_bytes())
        .and_then(|()| std::fs::set_permissions(&temp_path, permissions))
        .and_then(|()| std::fs::rename(&temp_path, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temp_path);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::source::Span;

    fn fix(edits: Vec<Edit>) -> Fix {
        Fix::safe("test", edits)
    }

    #[test]
    fn applies_non_overlapping_fixes_and_defers_the_rest() {
        let text = "abcdef";
        let a = fix(vec![Edit::replace(Span::new(0, 2), "AB")]);
        let b = fix(vec![Edit::replace(Span::new(1, 3), "xx")]);
        let c = fix(vec![Edit::insert(6, "!"), Edit::delete(Span::new(3, 4))]);
        let (out, count) = apply(text, &[&b, &c, &a]);
        assert_eq!((out.as_str(), count), ("ABcef!", 2));
    }

    #[test]
    fn insertions_at_one_place_clash_but_touching_a_replacement_does_not() {
        let a = fix(vec![Edit::insert(2, "1")]);
        let b = fix(vec![Edit::insert(2, "2")]);
        let c = fix(vec![Edit::replace(Span::new(0, 2), "XY")]);
        let (out, count) = apply("abcd", &[&a, &b, &c]);
        assert_eq!((out.as_str(), count), ("XY1cd", 2));
    }

    #[test]
    fn line_breaks_follow_the_files() {
        let a = fix(vec![Edit::insert(1, "\nRUN b")]);
        assert_eq!(apply("a\r\nb", &[&a]).0, "a\r\nRUN b\r\nb");
        assert_eq!(apply("a\nb", &[&a]).0, "a\nRUN b\nb");
    }

    #[test]
    fn out_of_range_edits_are_skipped() {
        let a = fix(vec![Edit::replace(Span::new(2, 9), "x")]);
        assert_eq!(apply("abc", &[&a]), ("abc".to_string(), 0));
    }

    #[test]
    fn atomic_write_keeps_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("layerlint-fix-write-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("Dockerfile");
        std::fs::write(&path, "FROM a\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, "FROM b\n").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "FROM b\n");
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
        let leftovers = std::fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
