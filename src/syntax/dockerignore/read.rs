//! Reading the file as `ignorefile.ReadAll` does, then turning each line into a [`Pattern`] as
//! `patternmatcher.New` does.
use super::compile::compile_matcher;
use super::{go_glob, go_path, IgnoreError, IgnoreErrorKind, Pattern};

/// Go's `bufio.MaxScanTokenSize`: `ignorefile.ReadAll` cannot read a line this long or longer.
pub(super) const MAX_LINE_BYTES: usize = 64 * 1024;

/// One line as `bufio.Scanner` hands it to `ReadAll`: without its `\n`, one trailing `\r`, and (first
/// line only) a UTF-8 BOM.
pub(super) struct ScannedLine<'t> {
    pub(super) number: usize,
    /// Byte offset of `content` in the file.
    pub(super) start: usize,
    pub(super) content: &'t str,
}

pub(super) fn scan_lines(text: &str) -> Result<Vec<ScannedLine<'_>>, IgnoreError> {
    let mut lines = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let end = text[start..].find('\n').map_or(text.len(), |offset| start + offset);
        let number = lines.len() + 1;
        // The scanner's buffer stops growing at 64 KiB and must hold the line plus its `\n`.
        if end - start >= MAX_LINE_BYTES {
            return Err(IgnoreError { line: number, span: start..end, kind: IgnoreErrorKind::LineTooLong });
        }
        let mut content = &text[start..end];
        let mut content_start = start;
        if let Some(without_cr) = content.strip_suffix('\r') {
            content = without_cr;
        }
        if number == 1 {
            if let Some(without_bom) = content.strip_prefix('\u{FEFF}') {
                content = without_bom;
                content_start += '\u{FEFF}'.len_utf8();
            }
        }
        lines.push(ScannedLine { number, start: content_start, content });
        start = end + 1;
    }
    Ok(lines)
}

/// `ReadAll`'s treatment of one line, then `New`'s: `None` for comments and lines that end up empty.
pub(super) fn compile_line(line: &ScannedLine<'_>) -> Result<Option<Pattern>, IgnoreError> {
    // Only a `#` in the first column is a comment: ` # x` is the pattern `# x`.
    if line.content.starts_with('#') {
        return Ok(None);
    }
    // Go's strings.TrimSpace and Rust's trim agree: both strip Unicode White_Space.
    let text = line.content.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let leading = line.content.len() - line.content.trim_start().len();
    let span = line.start + leading..line.start + leading + text.len();

    // ReadAll: clean the pattern (keeping its `!`) and drop a leading `/`.
    let read = match text.strip_prefix('!') {
        Some(rest) => format!("!{}", read_all_clean(rest.trim())),
        None => read_all_clean(text),
    };

    // New: trim and clean again (the `!` included), then split off the `!`.
    let renewed = read.trim();
    if renewed.is_empty() {
        return Ok(None);
    }
    let renewed = go_path::clean(renewed);
    let error = |kind| IgnoreError { line: line.number, span: span.clone(), kind };
    let (is_exception, cleaned) = match renewed.strip_prefix('!') {
        Some("") => return Err(error(IgnoreErrorKind::IllegalExclusion)),
        Some(rest) => (true, rest.to_owned()),
        None => (false, renewed),
    };
    if let Err(reason) = go_glob::check(&cleaned) {
        return Err(error(IgnoreErrorKind::BadPattern { reason: reason.to_owned() }));
    }
    let matcher = compile_matcher(&cleaned);
    Ok(Some(Pattern { line: line.number, span, text: text.to_owned(), cleaned, is_exception, matcher }))
}

/// ReadAll's normalisation of a pattern without its `!`: `filepath.Clean`, then no leading `/` (unless the
/// pattern is `/` itself).
fn read_all_clean(pattern: &str) -> String {
    if pattern.is_empty() {
        return String::new();
    }
    let cleaned = go_path::clean(pattern);
    match cleaned.strip_prefix('/') {
        Some(rest) if !rest.is_empty() => rest.to_owned(),
        _ => cleaned,
    }
}
