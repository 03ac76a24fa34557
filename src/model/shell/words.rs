//! Quote removal for shell words, remembering where each output byte came from.
//!
//! The shell parser gives words as written. A rule wants the value (`"apt-get"` → `apt-get`), and a
//! nested body (`sh -c 'a && b'`) needs a map from its bytes back to the word's, so the value and that
//! map are computed together.

/// A word's static value and, for each of its bytes, the byte of the word it came from.
pub struct Unquoted {
    pub value: String,
    pub sources: Vec<usize>,
}

/// Remove quotes and escapes from `word` as bash does; `None` when the word expands to something not
/// known statically: a parameter, a command or arithmetic substitution, a leading tilde, or a brace
/// expansion.
pub fn unquote(word: &str) -> Option<Unquoted> {
    let mut out = Unquoted { value: String::with_capacity(word.len()), sources: Vec::with_capacity(word.len()) };
    let mut unquoted_braces = String::new();
    let mut chars = word.char_indices().peekable();
    if word.starts_with('~') {
        return None;
    }
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some((_, '\n')) => {}
                Some((j, next)) => out.push(next, j),
                None => out.push('\\', i),
            },
            '\'' => {
                for (j, c) in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    out.push(c, j);
                }
            }
            '"' => double_quoted(&mut chars, &mut out)?,
            '`' => return None,
            '$' => match chars.peek().map(|&(_, c)| c) {
                Some('\'') => {
                    chars.next();
                    ansi_c_quoted(&mut chars, &mut out)?;
                }
                Some('"') => {
                    chars.next();
                    double_quoted(&mut chars, &mut out)?;
                }
                Some(c) if starts_expansion(c) => return None,
                _ => out.push('$', i),
            },
            _ => {
                if matches!(c, '{' | '}' | ',' | '.') {
                    unquoted_braces.push(c);
                }
                out.push(c, i);
            }
        }
    }
    if is_brace_expansion(&unquoted_braces) {
        return None;
    }
    Some(out)
}

impl Unquoted {
    fn push(&mut self, c: char, source: usize) {
        let start = self.value.len();
        self.value.push(c);
        self.sources.extend((0..self.value.len() - start).map(|k| source + k));
    }
}

type Chars<'a> = std::iter::Peekable<std::str::CharIndices<'a>>;

/// After `$`, a character that makes it an expansion rather than a literal dollar.
fn starts_expansion(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '{' | '(' | '[' | '@' | '*' | '#' | '?' | '$' | '!' | '-')
}

/// The inside of `"…"`, the opening quote consumed: `\` escapes only `$`, `` ` ``, `"`, `\` and newline.
fn double_quoted(chars: &mut Chars, out: &mut Unquoted) -> Option<()> {
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some(()),
            '\\' => match chars.peek().copied() {
                Some((_, '\n')) => {
                    chars.next();
                }
                Some((j, next @ ('$' | '`' | '"' | '\\'))) => {
                    chars.next();
                    out.push(next, j);
                }
                _ => out.push('\\', i),
            },
            '`' => return None,
            '$' => match chars.peek().map(|&(_, c)| c) {
                Some(c) if starts_expansion(c) => return None,
                _ => out.push('$', i),
            },
            _ => out.push(c, i),
        }
    }
    Some(())
}

/// The inside of `$'…'`, the opening quote consumed: the common backslash escapes; numeric ones give
/// `None` (rare, and their bytes would not map one to one).
fn ansi_c_quoted(chars: &mut Chars, out: &mut Unquoted) -> Option<()> {
    while let Some((i, c)) = chars.next() {
        match c {
            '\'' => return Some(()),
            '\\' => {
                let (j, next) = chars.next()?;
                let decoded = match next {
                    'n' => '\n',
                    't' => '\t',
                    'r' => '\r',
                    'a' => '\u{07}',
                    'b' => '\u{08}',
                    'e' | 'E' => '\u{1b}',
                    'f' => '\u{0c}',
                    'v' => '\u{0b}',
                    '\\' | '\'' | '"' | '?' => next,
                    'x' | 'u' | 'U' | 'c' | '0'..='7' => return None,
                    other => {
                        out.push('\\', i);
                        other
                    }
                };
                out.push(decoded, j);
            }
            _ => out.push(c, i),
        }
    }
    Some(())
}

/// Whether the unquoted `{`, `}`, `,` and `.` of a word form a brace expansion (`{a,b}`, `{1..3}`).
fn is_brace_expansion(marks: &str) -> bool {
    let Some(open) = marks.find('{') else { return false };
    let Some(close) = marks[open..].find('}') else { return false };
    let inside = &marks[open + 1..open + close];
    inside.contains(',') || inside.contains("..")
}

/// For a text derived from `raw` by dropping escapes or decoding them (a backtick body, a JSON
/// string), the byte of `raw` each byte of `derived` most likely came from: each character is looked
/// for a few bytes ahead; when it is not found (a decoded escape), it maps to where the search stood.
pub fn align(raw: &str, derived: &str) -> Vec<usize> {
    const WINDOW: usize = 8;
    let mut sources = Vec::with_capacity(derived.len());
    let mut pos = 0;
    for c in derived.chars() {
        let window_end = crate::syntax::source::clamp_to_char_boundary(raw, (pos + WINDOW).min(raw.len()));
        let found = raw.get(pos..window_end).and_then(|w| w.find(c)).map(|k| pos + k);
        let at = found.unwrap_or(pos.min(raw.len().saturating_sub(1)));
        sources.extend((0..c.len_utf8()).map(|k| if found.is_some() { at + k } else { at }));
        if found.is_some() {
            pos = at + c.len_utf8();
        }
    }
    sources
}

#[cfg(test)]
mod tests {
    use super::*;

    fn value(word: &str) -> Option<String> {
        unquote(word).map(|u| u.value)
    }

    #[test]
    fn quote_removal() {
        assert_eq!(value("apt-get").as_deref(), Some("apt-get"));
        assert_eq!(value("'a b'\"c\"d\\ e").as_deref(), Some("a bcd e"));
        assert_eq!(value("\"a\\\"b\\x\"").as_deref(), Some("a\"b\\x"));
        assert_eq!(value("$'a\\tb'").as_deref(), Some("a\tb"));
        assert_eq!(value("/var/lib/apt/lists/*").as_deref(), Some("/var/lib/apt/lists/*"));
        assert_eq!(value("a$").as_deref(), Some("a$"));
        assert_eq!(value("{}").as_deref(), Some("{}"));
        assert_eq!(value("'{a,b}'").as_deref(), Some("{a,b}"));
    }

    #[test]
    fn expansions_are_not_static() {
        for word in ["$HOME", "\"${A}\"", "a$(b)", "`b`", "\"`b`\"", "~/x", "a{b,c}", "{1..3}", "$1", "$((1+2))"] {
            assert_eq!(value(word), None, "{word}");
        }
    }

    #[test]
    fn sources_point_into_the_word() {
        let u = unquote("'ab'\\c\"d\"").unwrap();
        assert_eq!(u.value, "abcd");
        assert_eq!(u.sources, [1, 2, 5, 7]);
        let u = unquote("'é'").unwrap();
        assert_eq!(u.sources, [1, 2]);
    }

    #[test]
    fn alignment_skips_escapes() {
        assert_eq!(align("a \\`b\\`", "a `b`"), [0, 1, 3, 4, 6]);
        assert_eq!(align("x\\ny", "x\ny"), [0, 1, 3]);
    }
}
