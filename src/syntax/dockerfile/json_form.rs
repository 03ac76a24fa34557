//! Exec-form detection: BuildKit's `parseJSON`, which decodes with Go's `encoding/json`.
//!
//! The arguments are exec form only when, after left-trimming, they start with `[` and the entire rest
//! is one valid JSON array. A valid array holding a non-string is an error; anything else that is not
//! valid JSON silently falls back to shell form. This scanner records each string's byte range so
//! diagnostics can point at one exec-form argument.

use std::ops::Range;

use super::words::Word;

/// What the arguments of an instruction are, seen as a possible JSON array.
#[derive(Debug, PartialEq, Eq)]
pub enum JsonForm {
    /// A valid array of strings: exec form.
    Strings(Vec<Word>),
    /// A valid JSON array with a non-string element: BuildKit rejects the instruction.
    NotAllStrings,
    /// Not a JSON array at all: shell form.
    NotJson,
}

pub const ERR_NOT_STRING_ARRAY: &str = "when using JSON array syntax, arrays must be comprised of strings only";

/// Decide whether `rest` (the arguments after the flags) is exec form.
pub fn parse_json_form(rest: &str) -> JsonForm {
    let start = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
    let text = &rest[start..];
    if !text.starts_with('[') {
        return JsonForm::NotJson;
    }
    let mut scanner = Scanner { text, bytes: text.as_bytes(), pos: 0 };
    match scanner.array() {
        Some(elements) => {
            scanner.skip_ws();
            if scanner.pos != text.len() {
                return JsonForm::NotJson;
            }
            let mut words = Vec::with_capacity(elements.len());
            for element in elements {
                match element {
                    Element::String(s, range) => {
                        words.push(Word { text: s, range: range.start + start..range.end + start })
                    }
                    Element::Other => return JsonForm::NotAllStrings,
                }
            }
            JsonForm::Strings(words)
        }
        None => JsonForm::NotJson,
    }
}

enum Element {
    String(String, Range<usize>),
    Other,
}

/// A strict JSON scanner with Go's acceptance rules (RFC 8259 plus Go's handling of bad surrogates).
struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// JSON whitespace is exactly space, tab, newline and carriage return.
    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn array(&mut self) -> Option<Vec<Element>> {
        if !self.eat(b'[') {
            return None;
        }
        let mut out = Vec::new();
        self.skip_ws();
        if self.eat(b']') {
            return Some(out);
        }
        loop {
            self.skip_ws();
            out.push(self.value()?);
            self.skip_ws();
            if self.eat(b',') {
                continue;
            }
            if self.eat(b']') {
                return Some(out);
            }
            return None;
        }
    }

    /// One array element: a string keeps its value and range; anything else is only validated.
    fn value(&mut self) -> Option<Element> {
        if self.peek()? == b'"' {
            let start = self.pos;
            let s = self.string()?;
            return Some(Element::String(s, start..self.pos));
        }
        self.skip_value().map(|()| Element::Other)
    }

    /// Validate one JSON value without recursion: a line of 60,000 `[` must not overflow the stack. Like
    /// Go's decoder, nesting deeper than 10,000 levels (counting the outer array) is invalid JSON.
    fn skip_value(&mut self) -> Option<()> {
        const MAX_DEPTH: usize = 10_000;
        let mut closers: Vec<u8> = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b'[' => {
                    self.pos += 1;
                    self.skip_ws();
                    if !self.eat(b']') {
                        closers.push(b']');
                        if closers.len() + 1 > MAX_DEPTH {
                            return None;
                        }
                        continue;
                    }
                }
                b'{' => {
                    self.pos += 1;
                    self.skip_ws();
                    if !self.eat(b'}') {
                        closers.push(b'}');
                        if closers.len() + 1 > MAX_DEPTH {
                            return None;
                        }
                        self.object_key()?;
                        continue;
                    }
                }
                b'"' => {
                    self.string()?;
                }
                b't' => self.literal(b"true")?,
                b'f' => self.literal(b"false")?,
                b'n' => self.literal(b"null")?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return None,
            }
            // A value is complete: close finished containers, or move to the next element.
            loop {
                let Some(&closer) = closers.last() else { return Some(()) };
                self.skip_ws();
                if self.eat(b',') {
                    if closer == b'}' {
                        self.skip_ws();
                        self.object_key()?;
                    }
                    break;
                }
                if !self.eat(closer) {
                    return None;
                }
                closers.pop();
            }
        }
    }

    /// `"key":` inside an object.
    fn object_key(&mut self) -> Option<()> {
        if self.peek()? != b'"' {
            return None;
        }
        self.string()?;
        self.skip_ws();
        self.eat(b':').then_some(())
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        if self.bytes[self.pos..].starts_with(word) {
            self.pos += word.len();
            Some(())
        } else {
            None
        }
    }

    fn number(&mut self) -> Option<()> {
        self.eat(b'-');
        match self.peek()? {
            b'0' => self.pos += 1,
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.eat(b'.') {
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !self.peek()?.is_ascii_digit() {
                return None;
            }
            self.digits();
        }
        Some(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let s = std::str::from_utf8(digits).ok()?;
        let v = u32::from_str_radix(s, 16).ok()?;
        if !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        self.pos += 4;
        Some(v)
    }

    fn string(&mut self) -> Option<String> {
        self.eat(b'"');
        let mut out = String::new();
        loop {
            let b = self.peek()?;
            match b {
                b'"' => {
                    self.pos += 1;
                    return Some(out);
                }
                b'\\' => {
                    self.pos += 1;
                    let e = self.peek()?;
                    self.pos += 1;
                    match e {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{08}'),
                        b'f' => out.push('\u{0C}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            out.push(self.surrogate_aware(first));
                        }
                        _ => return None,
                    }
                }
                0x00..=0x1F => return None,
                _ => {
                    // Copy one whole UTF-8 character (the position is always on a character boundary here).
                    let c = self.text.get(self.pos..)?.chars().next()?;
                    out.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// Go decodes a `\uD800`-style high surrogate followed by `\uDC00`-style low one as one character,
    /// and replaces any unpaired surrogate with U+FFFD instead of failing.
    fn surrogate_aware(&mut self, first: u32) -> char {
        if (0xD800..0xDC00).contains(&first) && self.bytes[self.pos..].starts_with(b"\\u") {
            let save = self.pos;
            self.pos += 2;
            if let Some(second) = self.hex4() {
                if (0xDC00..0xE000).contains(&second) {
                    let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    return char::from_u32(c).unwrap_or('\u{FFFD}');
                }
            }
            self.pos = save;
        }
        char::from_u32(first).unwrap_or('\u{FFFD}')
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(s: &str) -> Vec<String> {
        match parse_json_form(s) {
            JsonForm::Strings(w) => w.into_iter().map(|w| w.text).collect(),
            other => panic!("{s:?} gave {other:?}"),
        }
    }

    #[test]
    fn exec_form_with_spaces_around_commas() {
        assert_eq!(strings(r#" ["a" , "b"] "#), ["a", "b"]);
        assert_eq!(strings("[]"), Vec::<String>::new());
        assert_eq!(strings(r#"["\u00e9\n", "\ud83d\ude00"]"#), ["é\n", "😀"]);
        assert_eq!(strings(r#"["\ud800"]"#), ["\u{FFFD}"]);
    }

    #[test]
    fn non_string_element_is_an_error() {
        assert_eq!(parse_json_form(r#"["a", 1]"#), JsonForm::NotAllStrings);
        assert_eq!(parse_json_form(r#"["a", {"b": [true, null, -1.5e3]}]"#), JsonForm::NotAllStrings);
    }

    #[test]
    fn invalid_json_falls_back_to_shell_form() {
        for s in ["['a']", r#"[ "x" ] y"#, r#"["a""#, "echo [x]", r#"["a",]"#, r#"["\x"]"#, "[01]", "[\"a\tb\"]"] {
            assert_eq!(parse_json_form(s), JsonForm::NotJson, "{s}");
        }
    }

    #[test]
    fn ranges_point_at_the_quoted_strings() {
        let s = r#"  ["ab", "c"]"#;
        let JsonForm::Strings(words) = parse_json_form(s) else { panic!() };
        assert_eq!(&s[words[0].range.clone()], "\"ab\"");
        assert_eq!(&s[words[1].range.clone()], "\"c\"");
    }
}
