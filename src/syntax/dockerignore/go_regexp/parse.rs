//! Parsing: regexp/syntax's parser, with the same accepted syntax and the same errors, down to a [`Node`]
//! tree.
use super::class::{parse_posix_class, perl_class, CharClass, ClassItem};
use super::unicode::parse_unicode_class;
use super::{Look, Node};

/// regexp/syntax's largest `{n,m}` count.
const MAX_REPEAT: u32 = 1000;

/// Parses the whole expression: its syntax tree, and the character classes the tree's `Class` nodes index.
pub(super) fn parse(expression: &str) -> Result<(Node, Vec<CharClass>), String> {
    let mut parser = Parser { expression, pos: 0, classes: Vec::new() };
    let root = parser.parse_alternation()?;
    if parser.pos < expression.len() {
        return Err(format!("unexpected ): `{expression}`"));
    }
    Ok((root, parser.classes))
}

/// regexp/syntax's `repeatIsValid`: nested `{n,m}` counts may multiply to at most 1000.
fn repeat_is_valid(node: &Node, mut budget: u32) -> bool {
    match node {
        Node::Repeat { sub, min, max, counted } => {
            if *counted {
                let count = match max {
                    Some(0) => return true,
                    Some(max) => *max,
                    None => *min,
                };
                if count > budget {
                    return false;
                }
                if let Some(share) = budget.checked_div(count) {
                    budget = share;
                }
            }
            repeat_is_valid(sub, budget)
        }
        Node::Concat(items) | Node::Alternate(items) => items.iter().all(|item| repeat_is_valid(item, budget)),
        _ => true,
    }
}

struct Parser<'e> {
    expression: &'e str,
    pos: usize,
    classes: Vec<CharClass>,
}

impl<'e> Parser<'e> {
    fn rest(&self) -> &'e str {
        &self.expression[self.pos..]
    }

    fn parse_alternation(&mut self) -> Result<Node, String> {
        let mut branches = vec![self.parse_concat()?];
        while self.rest().starts_with('|') {
            self.pos += 1;
            branches.push(self.parse_concat()?);
        }
        Ok(if branches.len() == 1 { branches.swap_remove(0) } else { Node::Alternate(branches) })
    }

    /// A sequence up to `|`, `)` or the end. Mirrors Go's checks: a repetition needs something before
    /// it in the same sequence, and may not directly follow another repetition (`a**`).
    fn parse_concat(&mut self) -> Result<Node, String> {
        let mut items: Vec<Node> = Vec::new();
        let mut last_was_repeat = false;
        while let Some(c) = self.rest().chars().next() {
            let mut is_repeat = false;
            match c {
                '|' | ')' => break,
                '(' => {
                    if self.rest().starts_with("(?") {
                        // Flags and named groups cannot come out of the translation, which escapes `(`.
                        return Err(format!("unsupported group syntax: `{}`", self.rest()));
                    }
                    self.pos += 1;
                    let inner = self.parse_alternation()?;
                    if !self.rest().starts_with(')') {
                        return Err(format!("missing closing ): `{}`", self.expression));
                    }
                    self.pos += 1;
                    items.push(inner);
                }
                '^' => self.push_simple(&mut items, Node::Look(Look::BeginText)),
                '$' => self.push_simple(&mut items, Node::Look(Look::EndText)),
                '.' => self.push_simple(&mut items, Node::AnyButNewline),
                '[' => {
                    let class = self.parse_class()?;
                    items.push(class);
                }
                '*' | '+' | '?' => {
                    let (min, max) = match c {
                        '*' => (0, None),
                        '+' => (1, None),
                        _ => (0, Some(1)),
                    };
                    let operator_start = self.pos;
                    self.pos += 1;
                    self.repeat(&mut items, min, max, false, last_was_repeat, operator_start)?;
                    is_repeat = true;
                }
                '{' => match parse_repeat_count(self.rest()) {
                    None => {
                        // Not a valid `{n}`, `{n,}` or `{n,m}`: a literal brace.
                        self.push_simple(&mut items, Node::Char('{' as u32));
                    }
                    Some(count) => {
                        let operator_start = self.pos;
                        let text = &self.rest()[..count.length];
                        let (Some(min), max) = (count.min, count.max) else {
                            return Err(format!("invalid repeat count: `{text}`"));
                        };
                        if min > MAX_REPEAT || max.is_some_and(|max| max > MAX_REPEAT || min > max) {
                            return Err(format!("invalid repeat count: `{text}`"));
                        }
                        self.pos += count.length;
                        self.repeat(&mut items, min, max, true, last_was_repeat, operator_start)?;
                        is_repeat = true;
                    }
                },
                '\\' => self.parse_escape_atom(&mut items)?,
                _ => {
                    self.pos += c.len_utf8();
                    items.push(Node::Char(c as u32));
                }
            }
            last_was_repeat = is_repeat;
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.swap_remove(0),
            _ => Node::Concat(items),
        })
    }

    /// Pushes a one-character token and moves past it.
    fn push_simple(&mut self, items: &mut Vec<Node>, node: Node) {
        self.pos += 1;
        items.push(node);
    }

    fn repeat(
        &mut self,
        items: &mut Vec<Node>,
        min: u32,
        max: Option<u32>,
        counted: bool,
        last_was_repeat: bool,
        operator_start: usize,
    ) -> Result<(), String> {
        // A `?` right after a repetition makes it non-greedy, which changes nothing for a yes/no match.
        if self.rest().starts_with('?') {
            self.pos += 1;
        }
        let operator = &self.expression[operator_start..self.pos];
        if last_was_repeat {
            return Err(format!("invalid nested repetition operator: `{operator}`"));
        }
        let Some(sub) = items.pop() else {
            return Err(format!("missing argument to repetition operator: `{operator}`"));
        };
        let node = Node::Repeat { sub: Box::new(sub), min, max, counted };
        if counted && (min >= 2 || max.is_some_and(|max| max >= 2)) && !repeat_is_valid(&node, MAX_REPEAT) {
            return Err(format!("invalid repeat count: `{operator}`"));
        }
        items.push(node);
        Ok(())
    }

    /// A `\` outside a class: Perl assertions and `\Q…\E`, Unicode and Perl classes, or one escaped
    /// character, in Go's order.
    fn parse_escape_atom(&mut self, items: &mut Vec<Node>) -> Result<(), String> {
        let rest = self.rest();
        let look = match rest.as_bytes().get(1) {
            Some(b'A') => Some(Look::BeginText),
            Some(b'b') => Some(Look::WordBoundary),
            Some(b'B') => Some(Look::NotWordBoundary),
            Some(b'z') => Some(Look::EndText),
            Some(b'C') => return Err("invalid escape sequence: `\\C`".to_owned()),
            Some(b'Q') => {
                // Everything up to `\E` (or the end) is literal.
                let body = &rest[2..];
                let (literal, consumed) = match body.find("\\E") {
                    Some(end) => (&body[..end], 2 + end + 2),
                    None => (body, rest.len()),
                };
                items.extend(literal.chars().map(|c| Node::Char(c as u32)));
                self.pos += consumed;
                return Ok(());
            }
            _ => None,
        };
        if let Some(look) = look {
            self.pos += 2;
            items.push(Node::Look(look));
            return Ok(());
        }
        if let Some((item, consumed)) = parse_unicode_class(rest)? {
            self.pos += consumed;
            items.push(self.add_class(vec![item], false));
            return Ok(());
        }
        if let Some(item) = perl_class(rest) {
            self.pos += 2;
            items.push(self.add_class(vec![item], false));
            return Ok(());
        }
        let (c, consumed) = parse_escape(rest)?;
        self.pos += consumed;
        items.push(Node::Char(c));
        Ok(())
    }

    fn add_class(&mut self, items: Vec<ClassItem>, negated: bool) -> Node {
        self.classes.push(CharClass { items, negated });
        Node::Class(self.classes.len() - 1)
    }

    /// regexp/syntax's `parseClass`, from `[` to its `]`.
    fn parse_class(&mut self) -> Result<Node, String> {
        let whole = self.rest();
        let mut t = &whole[1..];
        let mut negated = false;
        if let Some(after) = t.strip_prefix('^') {
            negated = true;
            t = after;
        }
        let mut items = Vec::new();
        // `]` right after `[` or `[^` is a literal.
        let mut first = true;
        while t.is_empty() || !t.starts_with(']') || first {
            first = false;
            if t.len() > 2 && t.starts_with("[:") {
                if let Some((item, consumed)) = parse_posix_class(t)? {
                    items.push(item);
                    t = &t[consumed..];
                    continue;
                }
            }
            if let Some((item, consumed)) = parse_unicode_class(t)? {
                items.push(item);
                t = &t[consumed..];
                continue;
            }
            if let Some(item) = perl_class(t) {
                items.push(item);
                t = &t[2..];
                continue;
            }
            let range_start = t;
            let (lo, consumed) = parse_class_char(t, whole)?;
            t = &t[consumed..];
            let mut hi = lo;
            // `[a-]` is `a` or `-`.
            if t.len() >= 2 && t.starts_with('-') && !t[1..].starts_with(']') {
                let (end, consumed) = parse_class_char(&t[1..], whole)?;
                t = &t[1 + consumed..];
                hi = end;
                if hi < lo {
                    let text = &range_start[..range_start.len() - t.len()];
                    return Err(format!("invalid character class range: `{text}`"));
                }
            }
            items.push(ClassItem::Range(lo, hi));
        }
        t = &t[1..];
        self.pos += whole.len() - t.len();
        Ok(self.add_class(items, negated))
    }
}

struct RepeatCount {
    /// `None` when a number is too large for Go (which then reports an invalid count).
    min: Option<u32>,
    max: Option<u32>,
    length: usize,
}

/// regexp/syntax's `parseRepeat`: `{n}`, `{n,}` or `{n,m}` at the start of `s`, with Go's quirks
/// (no leading zeros, numbers from 10^8 up are "too large").
fn parse_repeat_count(s: &str) -> Option<RepeatCount> {
    let after_brace = s.strip_prefix('{')?;
    let (min, mut t) = parse_int(after_brace)?;
    let max;
    if let Some(after_comma) = t.strip_prefix(',') {
        if after_comma.starts_with('}') {
            max = None;
            t = after_comma;
        } else {
            let (parsed, rest) = parse_int(after_comma)?;
            // An over-large max makes Go set min to -1, i.e. an invalid count.
            let Some(parsed) = parsed else {
                let rest = rest.strip_prefix('}')?;
                return Some(RepeatCount { min: None, max: None, length: s.len() - rest.len() });
            };
            max = Some(parsed);
            t = rest;
        }
    } else {
        max = min;
    }
    let rest = t.strip_prefix('}')?;
    Some(RepeatCount { min, max, length: s.len() - rest.len() })
}

/// regexp/syntax's `parseInt`: `Some((value, rest))` when digits start `s`; value `None` when too large.
fn parse_int(s: &str) -> Option<(Option<u32>, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (digits >= 2 && s.starts_with('0')) {
        return None;
    }
    let mut value: u32 = 0;
    for digit in s[..digits].bytes() {
        if value >= 100_000_000 {
            return Some((None, &s[digits..]));
        }
        value = value * 10 + u32::from(digit - b'0');
    }
    Some((Some(value), &s[digits..]))
}

/// regexp/syntax's `parseEscape` for `s` starting at `\`: the character and the bytes consumed.
fn parse_escape(s: &str) -> Result<(u32, usize), String> {
    let invalid = |end: usize| Err(format!("invalid escape sequence: `{}`", &s[..end.min(s.len())]));
    let t = &s[1..];
    let Some(c) = t.chars().next() else {
        return Err("trailing backslash at end of expression".to_owned());
    };
    let after = 1 + c.len_utf8();
    let is_octal = |b: Option<&u8>| b.is_some_and(|b| (b'0'..=b'7').contains(b));
    match c {
        // `\1`–`\7` alone would be backreferences, which Go does not support.
        '1'..='7' if !is_octal(s.as_bytes().get(after)) => invalid(after),
        '0'..='7' => {
            let mut value = c as u32 - '0' as u32;
            let mut end = after;
            while end < after + 2 && is_octal(s.as_bytes().get(end)) {
                value = value * 8 + u32::from(s.as_bytes()[end] - b'0');
                end += 1;
            }
            Ok((value, end))
        }
        'x' => parse_hex_escape(s, after),
        'a' => Ok((0x07, after)),
        'f' => Ok((0x0C, after)),
        'n' => Ok((0x0A, after)),
        'r' => Ok((0x0D, after)),
        't' => Ok((0x09, after)),
        'v' => Ok((0x0B, after)),
        // Escaped punctuation is itself; escaped letters, digits and non-ASCII are errors.
        c if c.is_ascii() && !c.is_ascii_alphanumeric() => Ok((c as u32, after)),
        _ => invalid(after),
    }
}

/// `\xHH` or `\x{H…}` (at most U+10FFFF), after the `x` at `start`.
fn parse_hex_escape(s: &str, start: usize) -> Result<(u32, usize), String> {
    let invalid = |end: usize| Err(format!("invalid escape sequence: `{}`", &s[..end.min(s.len())]));
    let hex = |c: Option<char>| c.and_then(|c| c.to_digit(16));
    let mut chars = s[start..].char_indices().map(|(offset, c)| (start + offset, c));
    match chars.next() {
        Some((_, '{')) => {
            let mut value: u32 = 0;
            for (digits, (offset, c)) in chars.enumerate() {
                if c == '}' {
                    return if digits == 0 { invalid(offset + 1) } else { Ok((value, offset + 1)) };
                }
                let Some(digit) = hex(Some(c)) else {
                    return invalid(offset + c.len_utf8());
                };
                value = value * 16 + digit;
                if value > 0x10FFFF {
                    return invalid(offset + 1);
                }
            }
            invalid(s.len())
        }
        Some((offset, first)) => {
            let second = chars.next();
            match (hex(Some(first)), hex(second.map(|(_, c)| c))) {
                (Some(high), Some(low)) => Ok((high * 16 + low, offset + 2)),
                _ => invalid(second.map_or(offset + first.len_utf8(), |(o, c)| o + c.len_utf8())),
            }
        }
        None => invalid(start),
    }
}

/// regexp/syntax's `parseClassChar`: one character inside `[...]`, escapes allowed.
fn parse_class_char(s: &str, whole_class: &str) -> Result<(u32, usize), String> {
    match s.chars().next() {
        None => Err(format!("missing closing ]: `{whole_class}`")),
        Some('\\') => parse_escape(s),
        Some(c) => Ok((c as u32, c.len_utf8())),
    }
}
