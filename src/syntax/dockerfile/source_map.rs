//! Maps offsets in an instruction's logical line back to byte offsets in the file.
//!
//! A logical line is physical pieces glued together (continuation markers and comment lines dropped),
//! so an offset in it belongs to one piece, and each piece starts at a known file offset.

use crate::syntax::source::Span;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// (offset in the logical line, offset in the file) where each piece starts, in order.
    pieces: Vec<(usize, usize)>,
    logical_len: usize,
}

impl SourceMap {
    pub fn push_piece(&mut self, file_offset: usize, len: usize) {
        self.pieces.push((self.logical_len, file_offset));
        self.logical_len += len;
    }

    /// The file offset of the character at `logical` (an offset at a piece boundary maps to the start
    /// of the next piece).
    pub fn to_file(&self, logical: usize) -> usize {
        let idx = self.pieces.partition_point(|&(start, _)| start <= logical).saturating_sub(1);
        self.pieces.get(idx).map_or(logical, |&(start, file)| file + (logical - start))
    }

    /// The file offset just after the character before `logical` (an end offset at a piece boundary
    /// maps to the end of the previous piece, not the start of the next).
    pub fn to_file_end(&self, logical: usize) -> usize {
        if logical == 0 {
            return self.to_file(0);
        }
        self.to_file(logical - 1) + 1
    }

    /// The file span of a logical range.
    pub fn span(&self, range: std::ops::Range<usize>) -> Span {
        if range.is_empty() {
            let at = self.to_file(range.start);
            return Span::new(at, at);
        }
        Span::new(self.to_file(range.start), self.to_file_end(range.end))
    }

    /// A map for a sub-range of this logical line (used for ONBUILD triggers).
    pub fn shifted(&self, offset: usize) -> SourceMap {
        let mut map = SourceMap::default();
        for (i, &(start, file)) in self.pieces.iter().enumerate() {
            let end = self.pieces.get(i + 1).map_or(self.logical_len, |p| p.0);
            if end <= offset {
                continue;
            }
            let skip = offset.saturating_sub(start);
            map.push_piece(file + skip, end - start - skip);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_across_pieces() {
        // "RUN a \\\n  b" → logical "RUN a   b": pieces at file 0 (len 6) and file 8 (len 3).
        let mut map = SourceMap::default();
        map.push_piece(0, 6);
        map.push_piece(8, 3);
        assert_eq!(map.to_file(4), 4);
        assert_eq!(map.to_file(6), 8);
        assert_eq!(map.to_file(8), 10);
        assert_eq!(map.span(4..9), Span::new(4, 11));
        assert_eq!(map.span(4..6), Span::new(4, 6));
        let shifted = map.shifted(4);
        assert_eq!(shifted.to_file(0), 4);
        assert_eq!(shifted.to_file(2), 8);
    }
}
