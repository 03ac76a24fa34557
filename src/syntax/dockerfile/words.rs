//! BuildKit's word-level splitters, ported one for one from `frontend/dockerfile/parser`
//! (`splitCommand`, `extractBuilderFlags`, `parseWords`, the `[\t\v\f\r ]+` splitter).
//!
//! Every splitter returns the byte range of each word inside its input, so diagnostics can
//! underline the exact word in the Dockerfile.

use std::ops::Range;

/// A word as BuildKit's splitter produced it, with its extent in the split text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub range: Range<usize>,
}

/// Go's `unicode.IsSpace`, which is Unicode White_Space: the same set as Rust's `char::is_whitespace`.
pub fn is_go_space(c: char) -> bool {
    c.is_whitespace()
}

/// BuildKit's `reWhitespace`/`tokenWhitespace` class: `[\t\v\f\r ]`.
pub fn is_token_whitespace(c: char) -> bool {
    matches!(c, '\t' | '\u{0B}' | '\u{0C}' | '\r' | ' ')
}

/// `strings.TrimSpace` as a range of `s`.
pub fn trim_space_range(s: &str) -> Range<usize> {
    let start = s.len() - s.trim_start_matches(is_go_space).len();
    let end = s.trim_end_matches(is_go_space).len().max(start);
    start..end
}

/// `reWhitespace.Split(s, n)` (n < 0: no limit) with each piece's range.
pub fn split_token_whitespace(s: &str, limit: Option<usize>) -> Vec<Word> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if limit.is_some_and(|n| words.len() + 1 >= n) {
            break;
        }
        if is_token_whitespace(c) {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !is_token_whitespace(d) {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            words.push(Word { text: s[start..i].to_string(), range: start..i });
            start = end;
        }
    }
    words.push(Word { text: s[start..].to_string(), range: start..s.len() });
    words
}

/// The result of `splitCommand`: the keyword as written, the flag words, and the trimmed rest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitCommand {
    pub keyword: Word,
    pub flags: Vec<Word>,
    /// The arguments after the flags, trimmed; its range is within the split line.
    pub rest: Range<usize>,
}

/// `splitCommand`: trim, split off the first word, then extract the builder flags.
pub fn split_command(line: &str) -> SplitCommand {
    let trimmed = trim_space_range(line);
    let body = &line[trimmed.clone()];
    let keyword_end = body.find(is_token_whitespace).unwrap_or(body.len());
    let keyword = Word { text: body[..keyword_end].to_string(), range: trimmed.start..trimmed.start + keyword_end };
    if keyword_end == body.len() {
        let end = trimmed.end;
        return SplitCommand { keyword, flags: Vec::new(), rest: end..end };
    }
    let args_start = trimmed.start + keyword_end + body[keyword_end..].len()
        - body[keyword_end..].trim_start_matches(is_token_whitespace).len();
    let args = &line[args_start..trimmed.end];
    let (rest_offset, flags) = extract_builder_flags(args);
    let rest = &args[rest_offset..];
    let rest_trim = trim_space_range(rest);
    let flags = flags
        .into_iter()
        .map(|w| Word { text: w.text, range: w.range.start + args_start..w.range.end + args_start })
        .collect();
    SplitCommand {
        keyword,
        flags,
        rest: args_start + rest_offset + rest_trim.start..args_start + rest_offset + rest_trim.end,
    }
}

/// `extractBuilderFlags`: leading `--words` are flags (quotes removed, `\` escapes the next byte);
/// returns the offset where the arguments start, and the flags.
///
/// BuildKit walks bytes, not characters, and appends each byte as a rune; that mangles non-ASCII
/// flag values into Latin-1 look-alikes. It is reproduced so flags compare equal to BuildKit's.
pub fn extract_builder_flags(line: &str) -> (usize, Vec<Word>) {
    #[derive(PartialEq)]
    enum Phase {
        BetweenWords,
        Word,
        Quoted,
    }
    let bytes = line.as_bytes();
    let boundary = |pos: usize| crate::syntax::source::clamp_to_char_boundary(line, pos);
    // A byte BuildKit takes for a space may be the tail of a multi-byte character: a flag's range then
    // extends to the end of that character, so spans never split one.
    let word_end = |pos: usize| (pos..=line.len()).find(|&p| line.is_char_boundary(p)).unwrap_or(line.len());
    let mut words: Vec<Word> = Vec::new();
    let mut phase = Phase::BetweenWords;
    let mut word = String::new();
    let mut word_start = 0;
    let mut quote = 0u8;
    let mut blank_ok = false;
    let mut pos = 0;
    while pos <= bytes.len() {
        let ch = bytes.get(pos).copied().unwrap_or(0);
        let at_end = pos == bytes.len();
        if phase == Phase::BetweenWords {
            if at_end {
                break;
            }
            if is_go_space(char::from(ch)) {
                pos += 1;
                continue;
            }
            if ch != b'-' || bytes.get(pos + 1) != Some(&b'-') {
                return (boundary(pos), words);
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if word != "--" && (blank_ok || !word.is_empty()) {
                words.push(Word { text: word, range: word_start..word_end(pos) });
            }
            break;
        }
        if phase == Phase::Word {
            if is_go_space(char::from(ch)) {
                phase = Phase::BetweenWords;
                if word == "--" {
                    return (boundary(pos), words);
                }
                if blank_ok || !word.is_empty() {
                    words.push(Word { text: std::mem::take(&mut word), range: word_start..word_end(pos) });
                }
                word.clear();
                blank_ok = false;
                pos += 1;
                continue;
            }
            if ch == b'\'' || ch == b'"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quoted;
                pos += 1;
                continue;
            }
            let mut c = ch;
            if ch == b'\\' {
                if pos + 1 == bytes.len() {
                    pos += 1;
                    continue;
                }
                pos += 1;
                c = bytes[pos];
            }
            word.push(char::from(c));
            pos += 1;
            continue;
        }
        // In a quote.
        if ch == quote {
            phase = Phase::Word;
            pos += 1;
            continue;
        }
        let mut c = ch;
        if ch == b'\\' {
            if pos + 1 == bytes.len() {
                phase = Phase::Word;
                pos += 1;
                continue;
            }
            pos += 1;
            c = bytes[pos];
        }
        word.push(char::from(c));
        pos += 1;
    }
    (line.len(), words)
}

/// `parseWords`: quote-aware words for ENV, LABEL and ARG. Quotes and escapes stay in the words
/// (the shell lexer removes them at dispatch).
pub fn parse_words(rest: &str, escape: char) -> Vec<Word> {
    #[derive(PartialEq)]
    enum Phase {
        BetweenWords,
        Word,
        Quoted,
    }
    let mut words = Vec::new();
    let mut phase = Phase::BetweenWords;
    let mut quote = '\0';
    let mut blank_ok = false;
    let mut word = String::new();
    let mut word_start = 0;
    let chars: Vec<(usize, char)> = rest.char_indices().collect();
    let mut i = 0;
    loop {
        let at_end = i >= chars.len();
        let (pos, mut ch) = chars.get(i).copied().unwrap_or((rest.len(), '\0'));
        if phase == Phase::BetweenWords {
            if at_end {
                break;
            }
            if is_go_space(ch) {
                i += 1;
                continue;
            }
            phase = Phase::Word;
            word_start = pos;
        }
        if at_end {
            if blank_ok || !word.is_empty() {
                words.push(Word { text: word, range: word_start..rest.len() });
            }
            break;
        }
        if phase == Phase::Word {
            if is_go_space(ch) {
                phase = Phase::BetweenWords;
                if blank_ok || !word.is_empty() {
                    words.push(Word { text: std::mem::take(&mut word), range: word_start..pos });
                }
                blank_ok = false;
                i += 1;
                continue;
            }
            if ch == '\'' || ch == '"' {
                quote = ch;
                blank_ok = true;
                phase = Phase::Quoted;
            }
            if ch == escape {
                if i + 1 == chars.len() {
                    i += 1;
                    continue;
                }
                word.push(ch);
                i += 1;
                ch = chars[i].1;
            }
            word.push(ch);
            i += 1;
            continue;
        }
        // In a quote.
        if ch == quote {
            phase = Phase::Word;
        }
        if ch == escape && quote != '\'' {
            if i + 1 == chars.len() {
                phase = Phase::Word;
                i += 1;
                continue;
            }
            i += 1;
            word.push(ch);
            ch = chars[i].1;
        }
        word.push(ch);
        i += 1;
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(words: &[Word]) -> Vec<&str> {
        words.iter().map(|w| w.text.as_str()).collect()
    }

    #[test]
    fn split_command_separates_keyword_flags_and_rest() {
        let line = "  COPY --from=build --chown=\"a b\" src dst  ";
        let split = split_command(line);
        assert_eq!(split.keyword.text, "COPY");
        assert_eq!(texts(&split.flags), ["--from=build", "--chown=a b"]);
        assert_eq!(&line[split.flags[1].range.clone()], "--chown=\"a b\"");
        assert_eq!(&line[split.rest], "src dst");
    }

    #[test]
    fn bare_double_dash_ends_flags_and_is_dropped() {
        let line = "RUN -- --x";
        let split = split_command(line);
        assert!(split.flags.is_empty());
        assert_eq!(&line[split.rest], "--x");
    }

    #[test]
    fn single_dash_word_is_an_argument() {
        let split = split_command("RUN -x --y");
        assert!(split.flags.is_empty());
    }

    #[test]
    fn keyword_alone_has_no_rest() {
        let split = split_command("RUN");
        assert_eq!(split.keyword.text, "RUN");
        assert!(split.rest.is_empty());
    }

    #[test]
    fn flag_ranges_never_split_a_character() {
        // U+05C5 is d7 85: BuildKit takes the 0x85 byte for a space, ending the flag inside the character.
        let line = "--\u{5C5} x";
        let (_, flags) = extract_builder_flags(line);
        assert!(flags.iter().all(|f| line.is_char_boundary(f.range.end)), "{flags:?}");
    }

    #[test]
    fn backslash_escapes_in_flags() {
        let (_, flags) = extract_builder_flags("--a=x\\ y z");
        assert_eq!(texts(&flags), ["--a=x y"]);
    }

    #[test]
    fn parse_words_keeps_quotes_and_escapes() {
        let words = parse_words("a=\"b c\" d='e f' g\\ h", '\\');
        assert_eq!(texts(&words), ["a=\"b c\"", "d='e f'", "g\\ h"]);
    }

    #[test]
    fn parse_words_with_backtick_escape() {
        let words = parse_words("a=b` c d", '`');
        assert_eq!(texts(&words), ["a=b` c", "d"]);
    }

    #[test]
    fn token_whitespace_split_with_limit() {
        let words = split_token_whitespace("A B  C  D", Some(2));
        assert_eq!(texts(&words), ["A", "B  C  D"]);
        let words = split_token_whitespace("a\tb", None);
        assert_eq!(texts(&words), ["a", "b"]);
    }
}
