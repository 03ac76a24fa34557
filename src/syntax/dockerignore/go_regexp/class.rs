//! Character classes: what they hold and contain, and the Perl (`\d`) and POSIX (`[:alpha:]`) classes.
use super::unicode::UnicodeTable;

/// A character class: the union of its items, complemented when `negated`.
#[derive(Debug)]
pub(super) struct CharClass {
    pub(super) items: Vec<ClassItem>,
    pub(super) negated: bool,
}

#[derive(Debug)]
pub(super) enum ClassItem {
    Range(u32, u32),
    Ascii { ranges: &'static [(u32, u32)], negated: bool },
    Unicode { table: UnicodeTable, negated: bool },
}

impl CharClass {
    pub(super) fn contains(&self, c: char) -> bool {
        self.items.iter().any(|item| item.contains(c)) != self.negated
    }
}

impl ClassItem {
    fn contains(&self, c: char) -> bool {
        let code = c as u32;
        match self {
            ClassItem::Range(lo, hi) => (*lo..=*hi).contains(&code),
            ClassItem::Ascii { ranges, negated } => {
                ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&code)) != *negated
            }
            ClassItem::Unicode { table, negated } => table.contains(c) != *negated,
        }
    }
}

const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
const SPACE_PERL: &[(u32, u32)] = &[(0x09, 0x0A), (0x0C, 0x0D), (0x20, 0x20)];
const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];

/// `\d`, `\s`, `\w` and their negations (ASCII only in Go).
pub(super) fn perl_class(s: &str) -> Option<ClassItem> {
    let (ranges, negated) = match s.as_bytes() {
        [b'\\', b'd', ..] => (DIGIT, false),
        [b'\\', b'D', ..] => (DIGIT, true),
        [b'\\', b's', ..] => (SPACE_PERL, false),
        [b'\\', b'S', ..] => (SPACE_PERL, true),
        [b'\\', b'w', ..] => (WORD, false),
        [b'\\', b'W', ..] => (WORD, true),
        _ => return None,
    };
    Some(ClassItem::Ascii { ranges, negated })
}

/// regexp/syntax's `parseNamedClass`: `[:alpha:]` and friends. Go looks for the closing `:]` anywhere
/// further on and fails when the name between is unknown.
pub(super) fn parse_posix_class(s: &str) -> Result<Option<(ClassItem, usize)>, String> {
    let Some(end) = s[2..].find(":]") else {
        return Ok(None);
    };
    let length = end + 4;
    let name = &s[..length];
    let (plain, negated) = match name.strip_prefix("[:^") {
        Some(rest) => (rest, true),
        None => (&name[2..], false),
    };
    let ranges: &'static [(u32, u32)] = match plain.strip_suffix(":]").unwrap_or_default() {
        "alnum" => &[(0x30, 0x39), (0x41, 0x5A), (0x61, 0x7A)],
        "alpha" => &[(0x41, 0x5A), (0x61, 0x7A)],
        "ascii" => &[(0x00, 0x7F)],
        "blank" => &[(0x09, 0x09), (0x20, 0x20)],
        "cntrl" => &[(0x00, 0x1F), (0x7F, 0x7F)],
        "digit" => DIGIT,
        "graph" => &[(0x21, 0x7E)],
        "lower" => &[(0x61, 0x7A)],
        "print" => &[(0x20, 0x7E)],
        "punct" => &[(0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E)],
        "space" => &[(0x09, 0x0D), (0x20, 0x20)],
        "upper" => &[(0x41, 0x5A)],
        "word" => WORD,
        "xdigit" => &[(0x30, 0x39), (0x41, 0x46), (0x61, 0x66)],
        _ => return Err(format!("invalid character class range: `{name}`")),
    };
    Ok(Some((ClassItem::Ascii { ranges, negated }, length)))
}
