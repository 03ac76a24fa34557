//! BuildKit heredoc markers in a RUN line, rewritten so the shell parser does not look for their bodies.
//!
//! BuildKit reads heredoc bodies itself and leaves `<<EOF` in the command line. A shell parser given
//! that line alone would look for the body on the next lines and fail, so each marker BuildKit
//! recognised (a whole word `[digits]<<[-][blanks]NAME`, checked against the instruction's heredocs in
//! order) becomes a same-length `[digits]< NAME`: a plain input redirect the parser keeps on the right
//! command, which the walker then reports as the heredoc it was.

use crate::syntax::dockerfile::Heredoc;

/// A rewritten marker, in byte offsets of the command text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Where the marker word starts (its fd digits, if any).
    pub start: usize,
    /// Where the delimiter word starts: the redirect target the shell parser reports.
    pub name_start: usize,
    /// Where the marker word ends.
    pub end: usize,
    /// Index in the instruction's heredocs.
    pub heredoc: usize,
}

/// The command text with its heredoc markers rewritten, and where they were.
pub fn rewrite_markers(text: &str, heredocs: &[Heredoc]) -> (String, Vec<Marker>) {
    if heredocs.is_empty() || !text.contains("<<") {
        return (text.to_string(), Vec::new());
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut markers = Vec::new();
    let src = text.as_bytes();
    let mut quote = None;
    let mut i = 0;
    while i < src.len() {
        let b = src[i];
        match (quote, b) {
            (Some(b'\''), b'\'') | (Some(b'"'), b'"') => quote = None,
            (Some(b'\''), _) => {}
            (_, b'\\') => i += 1,
            (Some(_), _) => {}
            (None, b'\'' | b'"') => quote = Some(b),
            (None, b'<') => {
                if let Some(found) = marker_at(src, i, heredocs.get(markers.len())) {
                    // `<<` → `< `, `<<-` → `<  `: same length, blanks before the delimiter.
                    bytes[i + 1] = b' ';
                    if src[i + 2] == b'-' {
                        bytes[i + 2] = b' ';
                    }
                    i = found.end;
                    markers.push(Marker { heredoc: markers.len(), ..found });
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Only ASCII bytes were replaced by ASCII bytes, so the text is still UTF-8.
    let rewritten = String::from_utf8(bytes).unwrap_or_else(|_| text.to_string());
    (rewritten, markers)
}

/// The marker whose `<<` is at `at`, if it opens `expected` (the next heredoc BuildKit read).
fn marker_at(src: &[u8], at: usize, expected: Option<&Heredoc>) -> Option<Marker> {
    let expected = expected?;
    if src.get(at + 1) != Some(&b'<') || src.get(at + 2) == Some(&b'<') || (at > 0 && src[at - 1] == b'<') {
        return None;
    }
    // The marker must be a whole word: only digits between it and the previous blank.
    let start = at - src[..at].iter().rev().take_while(|b| b.is_ascii_digit()).count();
    if start > 0 && !is_space(src[start - 1]) {
        return None;
    }
    let mut name_start = at + 2;
    if src.get(name_start) == Some(&b'-') {
        // `<<- EOF` is not a heredoc for BuildKit: the blanks are not absorbed after a dash.
        name_start += 1;
    } else {
        name_start += src[name_start..].iter().take_while(|b| matches!(b, b' ' | b'\t')).count();
    }
    let end = word_end(src, name_start);
    if end == name_start || unquote(&src[name_start..end]) != expected.name.as_bytes() {
        return None;
    }
    Some(Marker { start, name_start, end, heredoc: 0 })
}

/// The end of the word starting at `from`: the next blank outside quotes (BuildKit splits on blanks only).
fn word_end(src: &[u8], from: usize) -> usize {
    let mut quote = None;
    let mut i = from;
    while i < src.len() {
        let b = src[i];
        match (quote, b) {
            (None, b) if is_space(b) => return i,
            (Some(q), b) if q == b => quote = None,
            (Some(b'\''), _) => {}
            (_, b'\\') => i += 1,
            (None, b'\'' | b'"') => quote = Some(b),
            _ => {}
        }
        i += 1;
    }
    src.len()
}

/// The delimiter with quotes and escapes removed, as BuildKit names the heredoc.
fn unquote(word: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(word.len());
    let mut quote = None;
    let mut i = 0;
    while i < word.len() {
        let b = word[i];
        match (quote, b) {
            (Some(q), b) if q == b => quote = None,
            (Some(b'\''), b) => out.push(b),
            (_, b'\\') if i + 1 < word.len() => {
                i += 1;
                out.push(word[i]);
            }
            (None, b'\'' | b'"') => quote = Some(b),
            (_, b) => out.push(b),
        }
        i += 1;
    }
    out
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::source::Span;

    fn doc(name: &str) -> Heredoc {
        Heredoc {
            name: name.into(),
            content: String::new(),
            expand: true,
            chomp: false,
            fd: 0,
            body_span: Span::default(),
            terminator_span: Span::default(),
        }
    }

    #[test]
    fn markers_become_same_length_redirects() {
        let docs = [doc("EOF"), doc("X")];
        let (text, markers) = rewrite_markers("cat <<-'EOF' > /a && cat 3<< X", &docs);
        assert_eq!(text, "cat <  'EOF' > /a && cat 3<  X");
        assert_eq!(markers.len(), 2);
        assert_eq!(markers[0], Marker { start: 4, name_start: 7, end: 12, heredoc: 0 });
        assert_eq!(markers[1].start, 25);
        assert_eq!(markers[1].heredoc, 1);
    }

    #[test]
    fn quoted_and_glued_markers_are_left_alone() {
        let docs = [doc("EOF")];
        assert!(rewrite_markers("echo '<<EOF' \"<<EOF\" cat<<EOF", &docs).1.is_empty());
        assert!(rewrite_markers("cat <<< EOF", &docs).1.is_empty());
        assert!(rewrite_markers("cat <<OTHER", &docs).1.is_empty());
        assert!(rewrite_markers("cat <<EOF", &[]).1.is_empty());
    }
}
