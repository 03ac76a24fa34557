//! Where each byte of a parsed text sits in the Dockerfile.
//!
//! A text handed to the shell parser is a slice of an instruction's logical line (continuations
//! removed), a heredoc body, or a body derived from a word (`sh -c '…'`, `$(…)`), whose quotes and
//! escapes make it shorter than its source. One table of file offsets per byte covers all cases and
//! composes by indexing.

use crate::syntax::dockerfile::SourceMap;
use crate::syntax::source::Span;

#[derive(Debug, Clone)]
pub struct TextMap {
    /// The file offset of each byte of the text.
    offsets: Vec<usize>,
    /// The file offset just after the text (for empty spans at its end).
    end: usize,
}

impl TextMap {
    /// `len` bytes of a logical line, starting at `start`.
    pub fn logical(map: &SourceMap, start: usize, len: usize) -> TextMap {
        let offsets = (start..start + len).map(|i| map.to_file(i)).collect();
        TextMap { offsets, end: map.to_file_end(start + len) }
    }

    /// `len` bytes copied verbatim from the file at `start`.
    pub fn linear(start: usize, len: usize) -> TextMap {
        TextMap { offsets: (start..start + len).collect(), end: start + len }
    }

    /// The map of a text derived from this one: byte `i` of it comes from byte `sources[i]` here.
    pub fn derived(&self, sources: &[usize], end: usize) -> TextMap {
        TextMap { offsets: sources.iter().map(|&s| self.at(s)).collect(), end: self.at_end(end) }
    }

    /// The file offset of byte `i`.
    pub fn at(&self, i: usize) -> usize {
        self.offsets.get(i).copied().unwrap_or(self.end)
    }

    /// The file offset just after byte `i - 1`.
    fn at_end(&self, i: usize) -> usize {
        match i {
            0 => self.at(0),
            i if i >= self.offsets.len() => self.end,
            i => self.offsets[i - 1] + 1,
        }
    }

    /// The file span of a byte range of the text (an end at a continuation maps to the end of the
    /// line it is on, not the start of the next).
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        if range.start >= range.end {
            let at = self.at(range.start);
            return Span::new(at, at);
        }
        let start = self.at(range.start);
        Span::new(start, self.at_end(range.end).max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_maps_compose() {
        // "'ab'" verbatim at file offset 10; its value "ab" comes from bytes 1 and 2.
        let outer = TextMap::linear(10, 4);
        let inner = outer.derived(&[1, 2], 3);
        assert_eq!(inner.span(0..2), Span::new(11, 13));
        assert_eq!(inner.span(2..2), Span::new(13, 13));
    }

    #[test]
    fn spans_across_continuations() {
        // "RUN a \\\n  b": pieces at file 0 (len 6) and 8 (len 3); the text "a   b" starts at logical 4.
        let mut map = SourceMap::default();
        map.push_piece(0, 6);
        map.push_piece(8, 3);
        let text = TextMap::logical(&map, 4, 5);
        assert_eq!(text.span(0..1), Span::new(4, 5));
        assert_eq!(text.span(0..2), Span::new(4, 6));
        assert_eq!(text.span(4..5), Span::new(10, 11));
        assert_eq!(text.span(0..5), Span::new(4, 11));
    }
}
