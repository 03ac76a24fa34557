//! Compiling a cleaned pattern: patternmatcher's choice of match type and its translation to a Go
//! regular expression.
use super::{go_regexp, Matcher};

/// patternmatcher's `Pattern.compile`: choose the match type and, when it is a regular expression,
/// translate the pattern the way Go does and compile it.
pub(super) fn compile_matcher(cleaned: &str) -> Matcher {
    let (kind, expression) = translate(cleaned);
    match kind {
        MatchKind::Exact => Matcher::Exact,
        MatchKind::Prefix => Matcher::Prefix,
        MatchKind::Suffix => Matcher::Suffix,
        MatchKind::Regexp => match go_regexp::Regexp::compile(&expression) {
            Ok(regexp) => Matcher::Regexp(regexp),
            Err(reason) => Matcher::Invalid(reason),
        },
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchKind {
    Exact,
    Prefix,
    Suffix,
    Regexp,
}

/// The translation loop of `Pattern.compile`, character for character (Go reads the pattern with a
/// `text/scanner`, which skips a BOM at the very start).
fn translate(cleaned: &str) -> (MatchKind, String) {
    let mut expression = String::from("^");
    let mut kind = MatchKind::Exact;
    let mut chars = cleaned.chars().peekable();
    if chars.peek() == Some(&'\u{FEFF}') {
        chars.next();
    }
    let mut index = 0;
    while let Some(ch) = chars.next() {
        match ch {
            '*' if chars.peek() == Some(&'*') => {
                chars.next();
                // `**/` is `**`.
                if chars.peek() == Some(&'/') {
                    chars.next();
                }
                if chars.peek().is_none() {
                    // A final `**` accepts everything below, as in .gitignore.
                    if kind == MatchKind::Exact {
                        kind = MatchKind::Prefix;
                    } else {
                        expression.push_str(".*");
                        kind = MatchKind::Regexp;
                    }
                } else {
                    // Any number of folders, even none.
                    expression.push_str("(.*/)?");
                    kind = MatchKind::Regexp;
                }
                if index == 0 {
                    kind = MatchKind::Suffix;
                }
            }
            '*' => {
                expression.push_str("[^/]*");
                kind = MatchKind::Regexp;
            }
            '?' => {
                expression.push_str("[^/]");
                kind = MatchKind::Regexp;
            }
            // Go marks these in an 8-byte bitmap with `1 << (b / 8)`, which only has room for characters
            // below 64: `|`, `{` and `}` were meant to be escaped too but are not.
            '.' | '+' | '(' | ')' | '$' => {
                expression.push('\\');
                expression.push(ch);
            }
            '\\' => match chars.next() {
                Some(escaped) => {
                    expression.push('\\');
                    expression.push(escaped);
                    kind = MatchKind::Regexp;
                }
                None => expression.push('\\'),
            },
            '[' | ']' => {
                expression.push(ch);
                kind = MatchKind::Regexp;
            }
            _ => expression.push(ch),
        }
        index += 1;
    }
    if kind == MatchKind::Regexp {
        expression.push('$');
    }
    (kind, expression)
}
