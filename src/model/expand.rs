//! Variable expansion in Dockerfile words, exactly as BuildKit's frontend does it.
//!
//! The linter needs to know what a word of `ENV`, `LABEL`, `ARG`, `COPY`, `WORKDIR`, `FROM`, `EXPOSE`…
//! becomes, and which variables it reads (rule UndefinedVar). Shells differ from BuildKit here (BuildKit
//! has no command substitution, its own quote and escape rules, and some odd corners), so this is a port
//! of BuildKit's own lexer, `frontend/dockerfile/shell/lex.go` (moby/buildkit), function by function and in
//! the same order, so the two can be read side by side:
//!
//! | lex.go                         | here                                             |
//! |--------------------------------|--------------------------------------------------|
//! | `Lex`, `ProcessWordWithMatches`, `ProcessWords` | [`Lexer`], [`Lexer::process_word`], [`Lexer::process_words`] |
//! | `shellWord`, `wordsStruct`     | `ShellWord`, `Words`                             |
//! | `processStopOn`                | `ShellWord::process_stop_on`                     |
//! | `processSingleQuote`, `processDoubleQuote` | `ShellWord::process_single_quote`, `…_double_quote` |
//! | `processDollar`                | `ShellWord::process_dollar`, with its two long cases in `process_modifier` and `process_replace` |
//! | `processName`, `isSpecialParam`, `getEnv` | `ShellWord::process_name`, `is_special_param`, `ShellWord::get_env` |
//! | `convertShellPatternToRegex` + Go `regexp` | `Pattern::compile`, `Pattern::find`, `Pattern::replace_all` |
//! | `trimPrefix`, `reversePattern`, `reverseString`, `trimSuffix` | same names in snake case |
//!
//! The revision ported is the newest one available when this was written, recognisable by the
//! `EnvGetter` interface, a `capture` flag, one words buffer shared by nested calls, and `${v:#p}` /
//! `${v:%p}` being rejected. Where Go leans on its standard library, the port does the equivalent by hand:
//! - `text/scanner` → `Scanner` (characters, not tokens; like `text/scanner` it skips a byte-order mark
//!   at the very start of its input);
//! - Go `regexp` → a small Thompson-NFA matcher, `Pattern`, since the regexps built from shell patterns only
//!   ever contain literals, `.`, `.*` and `.*?`. It has Go's leftmost-first semantics (the match Go's
//!   `regexp` finds is the one found here), and Go's `.` never matches `\n`, so neither `?` nor `*` do;
//! - `ReplaceAllString` expands `$0`, `${0}` and `$$` in the replacement of `${v//p/r}`, as Go does.
//!
//! Deviations, all in corners no real Dockerfile reaches:
//! - `unicode.IsLetter`/`IsDigit` (categories L and Nd) are `char::is_alphabetic`/`is_numeric` outside
//!   ASCII: the standard library has no general-category query, and they agree on the letters and digits
//!   of real scripts, differing on marks, letter-numbers and other-numbers (`$²` is a name here, not in Go);
//! - `${name` at the end of the word reports "missing '}'" where Go reports the nonsensical
//!   "unsupported modifier (\u{FFFD})"; an invalid `%` pattern reports the pattern as written, where Go
//!   reports it reversed; a pattern ending in a lone `\` says so, where Go prints `'\\\u{FFFD}'`;
//! - errors are not wrapped in Go's `failed to process "<word>": …` (the caller knows the word);
//! - `${…}` nested more than [`MAX_NESTING`] deep is an error: Go's stacks grow, Rust's do not, and a
//!   64 KiB line could otherwise nest deep enough to overflow the stack;
//! - `SkipProcessQuotes` and `SkipUnsetEnv`, which only BuildKit's internals use (heredoc detection, build
//!   step names), are not ported.

use std::collections::HashSet;
use std::fmt;

/// How deeply `${…}` may nest (`${a:-${b:-…}}`). Real Dockerfiles nest two or three levels; each level
/// costs a few KiB of stack in debug builds, and this keeps the worst case far below a thread's 2 MiB.
pub const MAX_NESTING: usize = 100;

/// BuildKit's `Lex`: how words are expanded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lexer {
    /// The escape token of the Dockerfile (`\`, or `` ` `` after `# escape=``).
    pub escape: char,
    /// Keep quote characters in the result (BuildKit's `RawQuotes`; BuildKit sets both raw flags to expand
    /// COPY/ADD heredoc bodies).
    pub raw_quotes: bool,
    /// Keep escape tokens in the result (BuildKit's `RawEscapes`).
    pub raw_escapes: bool,
}

/// What a word expanded to and the variables it read (lex.go's `ProcessWordResult`).
///
/// lex.go keeps the variable names in Go maps, which have no order; here each list is in order of first
/// appearance in the word and has no duplicates, so diagnostics come out in a stable, readable order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expansion {
    pub result: String,
    /// Variables that were referenced and set (possibly to the empty string).
    pub matched: Vec<String>,
    /// Variables that were referenced but unset, including positional (`$1`) and special (`$@`) ones,
    /// which a Dockerfile never sets.
    pub unmatched: Vec<String>,
}

/// Why a word cannot be expanded. `Display` gives BuildKit's message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExpandError {
    /// `'` without its closing quote.
    UnterminatedSingleQuote,
    /// `"` without its closing quote.
    UnterminatedDoubleQuote,
    /// `${` … without `}`.
    MissingClosingBrace,
    /// `${v/pattern` without the `/` that starts the replacement.
    MissingSlash,
    /// `${}`, `${:…}`, `${{…}`.
    BadSubstitution,
    /// `${v=w}`, `${v:x}`, `${v:#p}`, `${.}`…: the text after the name, as written.
    UnsupportedModifier(String),
    /// `${v?message}` with `v` unset, or `${v:?message}` with `v` unset or empty.
    Required { name: String, message: String },
    /// A `#`, `%` or `/` pattern with an escape other than `\*`, `\?`, `\\`, `\}`, `\/`.
    InvalidPattern { pattern: String, reason: String },
    /// `${…}` nested more than [`MAX_NESTING`] deep (a limit of this port, not of BuildKit).
    TooDeeplyNested,
}

impl fmt::Display for ExpandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExpandError::UnterminatedSingleQuote => {
                f.write_str("unexpected end of statement while looking for matching single-quote")
            }
            ExpandError::UnterminatedDoubleQuote => {
                f.write_str("unexpected end of statement while looking for matching double-quote")
            }
            ExpandError::MissingClosingBrace => f.write_str("syntax error: missing '}'"),
            ExpandError::MissingSlash => f.write_str("syntax error: missing '/' in ${}"),
            ExpandError::BadSubstitution => f.write_str("syntax error: bad substitution"),
            ExpandError::UnsupportedModifier(modifier) => {
                write!(f, "unsupported modifier ({modifier}) in substitution")
            }
            ExpandError::Required { name, message } => write!(f, "{name}: {message}"),
            ExpandError::InvalidPattern { pattern, reason } => {
                write!(f, "invalid pattern ({pattern}) in substitution: {reason}")
            }
            ExpandError::TooDeeplyNested => {
                write!(f, "variable substitutions are nested more than {MAX_NESTING} levels deep")
            }
        }
    }
}

impl std::error::Error for ExpandError {}

impl Lexer {
    /// A lexer for a Dockerfile whose escape token is `escape` (lex.go's `NewLex`).
    pub fn new(escape: char) -> Lexer {
        Lexer { escape, raw_quotes: false, raw_escapes: false }
    }

    /// Expands `word` as one word (lex.go's `ProcessWordWithMatches`): what ENV, COPY, WORKDIR… get.
    /// `env` returns a variable's value, or `None` if it is unset; it decides case sensitivity (BuildKit
    /// compares names case-insensitively on Windows only).
    pub fn process_word(&self, word: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Expansion, ExpandError> {
        // Nothing to expand, unquote or unescape: the word is its own value (the common case).
        let special = |c: char| c == '$' || c == '\'' || c == '"' || c == self.escape || c == '\u{feff}';
        if !word.contains(special) {
            return Ok(Expansion { result: word.to_string(), matched: Vec::new(), unmatched: Vec::new() });
        }
        let mut shell_word = ShellWord::new(self, word, env);
        let (result, _) = shell_word.process()?;
        Ok(shell_word.into_expansion(result))
    }

    /// Expands `word` and splits the result into words at unquoted whitespace, including whitespace
    /// that came from variable values (lex.go's `ProcessWords`): what EXPOSE gets.
    pub fn process_words(&self, word: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<Vec<String>, ExpandError> {
        let (_, words) = ShellWord::new(self, word, env).process()?;
        Ok(words)
    }
}

/// The characters of a string, one at a time, as lex.go reads them with Go's `text/scanner`.
struct Scanner<'a> {
    src: &'a str,
    /// Byte offset of the next character; always on a character boundary.
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        // `text/scanner` ignores a byte-order mark at the very start, and so does BuildKit.
        let pos = if src.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
        Scanner { src, pos }
    }

    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|rest| rest.chars().next())
    }

    fn next(&mut self) -> Option<char> {
        let ch = self.peek()?;
        self.pos += ch.len_utf8();
        Some(ch)
    }

    fn at_eof(&self) -> bool {
        self.peek().is_none()
    }
}

/// One variable lookup, remembered for [`Expansion::matched`] / [`Expansion::unmatched`].
struct Lookup {
    /// Byte offset of the `$` that referenced it, to report variables in order of appearance.
    at: usize,
    name: String,
    found: bool,
}

/// The state of one expansion (lex.go's `shellWord`).
struct ShellWord<'a> {
    lexer: &'a Lexer,
    scanner: Scanner<'a>,
    env: &'a dyn Fn(&str) -> Option<String>,
    /// Whether escape tokens are kept; `${v#p}`, `${v%p}` and `${v/p/r}` turn it on for their pattern.
    raw_escapes: bool,
    /// The word being split, shared by every `process_stop_on` call as in lex.go. A nested call (the
    /// `w` of `${v:-w}`) clears it, so `process_words("a${v:-b}")` gives `["b"]`, not `["ab"]`: that is
    /// what BuildKit does, so EXPOSE sees the same.
    words_buffer: String,
    lookups: Vec<Lookup>,
    /// How many `${…}` enclose the current position.
    depth: usize,
}

/// Word splitting state of one `process_stop_on` call (lex.go's `wordsStruct`); its buffer is
/// [`ShellWord::words_buffer`].
#[derive(Default)]
struct Words {
    words: Vec<String>,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, buf: &mut String, ch: char) {
        if ch.is_whitespace() && self.in_word {
            if !buf.is_empty() {
                self.words.push(std::mem::take(buf));
                self.in_word = false;
            }
        } else if !ch.is_whitespace() {
            self.add_raw_char(buf, ch);
        }
    }

    fn add_raw_char(&mut self, buf: &mut String, ch: char) {
        buf.push(ch);
        self.in_word = true;
    }

    fn add_string(&mut self, buf: &mut String, s: &str) {
        for ch in s.chars() {
            self.add_char(buf, ch);
        }
    }

    fn add_raw_string(&mut self, buf: &mut String, s: &str) {
        buf.push_str(s);
        self.in_word = true;
    }

    fn get_words(mut self, buf: &mut String) -> Vec<String> {
        if !buf.is_empty() {
            self.words.push(std::mem::take(buf));
        }
        self.words
    }
}

impl<'a> ShellWord<'a> {
    fn new(lexer: &'a Lexer, word: &'a str, env: &'a dyn Fn(&str) -> Option<String>) -> Self {
        ShellWord {
            lexer,
            scanner: Scanner::new(word),
            env,
            raw_escapes: lexer.raw_escapes,
            words_buffer: String::new(),
            lookups: Vec::new(),
            depth: 0,
        }
    }

    /// The whole word: its expansion and its words.
    fn process(&mut self) -> Result<(String, Vec<String>), ExpandError> {
        self.process_stop_on(None, self.raw_escapes)
    }

    /// Processes up to the end of the word, or up to and including `stop`. lex.go sets `rawEscapes`
    /// for the duration and restores it on every exit, errors included.
    fn process_stop_on(&mut self, stop: Option<char>, raw_escapes: bool) -> Result<(String, Vec<String>), ExpandError> {
        let saved = std::mem::replace(&mut self.raw_escapes, raw_escapes);
        let outcome = self.process_until(stop);
        self.raw_escapes = saved;
        outcome
    }

    /// `process_stop_on` for the inside of a `${…}`, the only place where processing nests.
    fn process_nested(&mut self, stop: char, raw_escapes: bool) -> Result<(String, Vec<String>), ExpandError> {
        if self.depth >= MAX_NESTING {
            return Err(ExpandError::TooDeeplyNested);
        }
        self.depth += 1;
        let outcome = self.process_stop_on(Some(stop), raw_escapes);
        self.depth -= 1;
        outcome
    }

    /// The loop of lex.go's `processStopOn`.
    fn process_until(&mut self, stop: Option<char>) -> Result<(String, Vec<String>), ExpandError> {
        let mut result = String::new();
        self.words_buffer.clear();
        let mut words = Words::default();

        while let Some(ch) = self.scanner.peek() {
            if stop == Some(ch) {
                self.scanner.next();
                return Ok((result, words.get_words(&mut self.words_buffer)));
            }
            if matches!(ch, '$' | '\'' | '"') {
                // Call special processing func for certain chars
                let tmp = match ch {
                    '$' => self.process_dollar()?,
                    '\'' => self.process_single_quote()?,
                    _ => self.process_double_quote()?,
                };
                result.push_str(&tmp);
                if ch == '$' {
                    words.add_string(&mut self.words_buffer, &tmp);
                } else {
                    words.add_raw_string(&mut self.words_buffer, &tmp);
                }
                continue;
            }
            // Not special, just add it to the result
            self.scanner.next();
            let mut ch = ch;
            if ch == self.lexer.escape {
                if self.raw_escapes {
                    words.add_raw_char(&mut self.words_buffer, ch);
                    result.push(ch);
                }
                // The escape token escapes the next character, except at the end of the word.
                match self.scanner.next() {
                    Some(escaped) => ch = escaped,
                    None => break,
                }
                words.add_raw_char(&mut self.words_buffer, ch);
            } else {
                words.add_char(&mut self.words_buffer, ch);
            }
            result.push(ch);
        }
        match stop {
            // Every caller turns this into its own "missing '}'" / "missing '/'" message.
            Some('/') => Err(ExpandError::MissingSlash),
            Some(_) => Err(ExpandError::MissingClosingBrace),
            None => Ok((result, words.get_words(&mut self.words_buffer))),
        }
    }

    /// `'…'`: everything is literal, the escape token too, and a `'` cannot be escaped.
    fn process_single_quote(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        let quote = self.scanner.next();
        if self.lexer.raw_quotes {
            result.extend(quote);
        }
        loop {
            match self.scanner.next() {
                None => return Err(ExpandError::UnterminatedSingleQuote),
                Some('\'') => {
                    if self.lexer.raw_quotes {
                        result.push('\'');
                    }
                    return Ok(result);
                }
                Some(ch) => result.push(ch),
            }
        }
    }

    /// `"…"`: `$` expands; the escape token escapes only `"`, `$` and itself, and is kept before
    /// anything else.
    fn process_double_quote(&mut self) -> Result<String, ExpandError> {
        let mut result = String::new();
        let quote = self.scanner.next();
        if self.lexer.raw_quotes {
            result.extend(quote);
        }
        loop {
            match self.scanner.peek() {
                None => return Err(ExpandError::UnterminatedDoubleQuote),
                Some('"') => {
                    self.scanner.next();
                    if self.lexer.raw_quotes {
                        result.push('"');
                    }
                    return Ok(result);
                }
                Some('$') => {
                    let value = self.process_dollar()?;
                    result.push_str(&value);
                }
                Some(mut ch) => {
                    self.scanner.next();
                    if ch == self.lexer.escape {
                        if self.raw_escapes {
                            result.push(ch);
                        }
                        match self.scanner.peek() {
                            // An escape token at the end of the word is dropped (the missing `"`
                            // is reported next).
                            None => continue,
                            Some(next) if next == '"' || next == '$' || next == self.lexer.escape => {
                                self.scanner.next();
                                ch = next;
                            }
                            Some(_) => {}
                        }
                    }
                    result.push(ch);
                }
            }
        }
    }

    /// `$name`, `${name}` and `${name<modifier>…}`, the scanner being on the `$`.
    fn process_dollar(&mut self) -> Result<String, ExpandError> {
        let at = self.scanner.pos;
        self.scanner.next();

        // $xxx case
        if self.scanner.peek() != Some('{') {
            let name = self.process_name();
            if name.is_empty() {
                return Ok("$".to_owned());
            }
            return Ok(self.get_env(at, &name).unwrap_or_default());
        }

        self.scanner.next();
        match self.scanner.peek() {
            None => return Err(ExpandError::MissingClosingBrace),
            // Invalid ${{xx}, ${:xx}, ${:}. ${} case
            Some('{' | '}' | ':') => return Err(ExpandError::BadSubstitution),
            Some(_) => {}
        }
        let name = self.process_name();
        let Some(ch) = self.scanner.next() else {
            // lex.go formats Go's end-of-input rune here: "unsupported modifier (\u{FFFD})".
            return Err(ExpandError::MissingClosingBrace);
        };
        match ch {
            // Normal ${xx} case
            '}' => Ok(self.get_env(at, &name).unwrap_or_default()),
            ':' | '+' | '-' | '?' | '#' | '%' => self.process_modifier(at, &name, ch),
            '/' => self.process_replace(at, &name),
            _ => Err(ExpandError::UnsupportedModifier(ch.to_string())),
        }
    }

    /// `${v:-w}`, `${v-w}`, `${v:+w}`, `${v+w}`, `${v:?m}`, `${v?m}`, `${v#p}`, `${v##p}`, `${v%p}`,
    /// `${v%%p}` (the `':' … fallthrough` case of lex.go's `processDollar`), after the first modifier
    /// character `first`.
    fn process_modifier(&mut self, at: usize, name: &str, first: char) -> Result<String, ExpandError> {
        let mut modifier = first.to_string();
        let mut ch = first;
        let null_is_unset = first == ':';
        if null_is_unset {
            // At the end of the word lex.go goes on and fails with "missing '}'"; so does this.
            let Some(next) = self.scanner.next() else {
                return Err(ExpandError::MissingClosingBrace);
            };
            ch = next;
            modifier.push(next);
        }
        // Patterns keep their escapes, so `\*` reaches the pattern compiler as a literal star.
        let raw_escapes = ch == '#' || ch == '%';
        if null_is_unset && raw_escapes {
            return Err(ExpandError::UnsupportedModifier(modifier));
        }
        let processed = self.process_nested('}', raw_escapes);
        let (word, _) = processed.map_err(|err| self.missing_at_eof(err, ExpandError::MissingClosingBrace))?;

        // Grab the current value of the variable in question so we
        // can use it to determine what to do based on the modifier
        let value = self.get_env(at, name);
        let set_and_not_null = |v: &String| !(null_is_unset && v.is_empty());
        match ch {
            '-' => Ok(match value {
                Some(v) if set_and_not_null(&v) => v,
                _ => word,
            }),
            '+' => Ok(match value {
                Some(v) if set_and_not_null(&v) => word,
                _ => String::new(),
            }),
            '?' => match value {
                None => Err(required(name, word, "is not allowed to be unset")),
                Some(v) if !set_and_not_null(&v) => Err(required(name, word, "is not allowed to be empty")),
                Some(v) => Ok(v),
            },
            '%' | '#' => {
                // %/# matches the shortest pattern expansion, %%/## the longest
                let (greedy, pattern) = match word.strip_prefix(ch) {
                    Some(rest) => (true, rest),
                    None => (false, word.as_str()),
                };
                let value = value.unwrap_or_default();
                if ch == '%' {
                    trim_suffix(pattern, &value, greedy)
                } else {
                    trim_prefix(pattern, &value, greedy)
                }
            }
            _ => Err(ExpandError::UnsupportedModifier(modifier)),
        }
    }

    /// `${v/pattern/replacement}` and `${v//pattern/replacement}`, after the first `/`.
    fn process_replace(&mut self, at: usize, name: &str) -> Result<String, ExpandError> {
        let replace_all = self.scanner.peek() == Some('/');
        if replace_all {
            self.scanner.next();
        }
        let processed = self.process_nested('/', true);
        let (pattern, _) = processed.map_err(|err| self.missing_at_eof(err, ExpandError::MissingSlash))?;
        let processed = self.process_nested('}', true);
        let (replacement, _) = processed.map_err(|err| self.missing_at_eof(err, ExpandError::MissingClosingBrace))?;

        let value = self.get_env(at, name).unwrap_or_default();
        let compiled = Pattern::compile(&pattern, true)
            .map_err(|reason| ExpandError::InvalidPattern { pattern: pattern.clone(), reason })?;
        let text: Vec<char> = value.chars().collect();
        if replace_all {
            return Ok(compiled.replace_all(&text, &replacement));
        }
        Ok(match compiled.find(&text, 0, false) {
            // The first replacement is literal: only ReplaceAllString expands `$0` and `$$`.
            Some((start, end)) => {
                let mut out: String = text[..start].iter().collect();
                out.push_str(&replacement);
                out.extend(&text[end..]);
                out
            }
            None => value,
        })
    }

    /// lex.go reports any error of a nested part that ran to the end of the word as the missing
    /// delimiter (`${a:-'x}` is "missing '}'", not an unterminated quote).
    fn missing_at_eof(&self, err: ExpandError, missing: ExpandError) -> ExpandError {
        if self.scanner.at_eof() {
            missing
        } else {
            err
        }
    }

    /// A variable name: a run of letters, digits and `_`; or a run of digits (positional, `$10x` is
    /// `$10` then `x`); or one special parameter character.
    fn process_name(&mut self) -> String {
        let mut name = String::new();
        while let Some(ch) = self.scanner.peek() {
            if name.is_empty() && is_go_digit(ch) {
                while let Some(digit) = self.scanner.peek().filter(|&c| is_go_digit(c)) {
                    self.scanner.next();
                    name.push(digit);
                }
                return name;
            }
            if name.is_empty() && is_special_param(ch) {
                self.scanner.next();
                return ch.to_string();
            }
            if !is_go_letter(ch) && !is_go_digit(ch) && ch != '_' {
                break;
            }
            self.scanner.next();
            name.push(ch);
        }
        name
    }

    /// Looks `name` up and remembers whether it was set.
    fn get_env(&mut self, at: usize, name: &str) -> Option<String> {
        let value = (self.env)(name);
        self.lookups.push(Lookup { at, name: name.to_owned(), found: value.is_some() });
        value
    }

    fn into_expansion(mut self, result: String) -> Expansion {
        // Nested lookups happen before the enclosing one (`${a:-$b}` reads `b` first); report by position.
        self.lookups.sort_by_key(|lookup| lookup.at);
        let mut seen = HashSet::new();
        let mut expansion = Expansion { result, ..Expansion::default() };
        for lookup in self.lookups {
            if seen.insert(lookup.name.clone()) {
                if lookup.found {
                    expansion.matched.push(lookup.name);
                } else {
                    expansion.unmatched.push(lookup.name);
                }
            }
        }
        expansion
    }
}

fn required(name: &str, word: String, default_message: &str) -> ExpandError {
    ExpandError::Required {
        name: name.to_owned(),
        message: if word.is_empty() { default_message.to_owned() } else { word },
    }
}

/// The special parameters of POSIX sh (`$@ $* $# $? $- $$ $! $0`); a Dockerfile never sets them.
fn is_special_param(ch: char) -> bool {
    matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0')
}

/// Go's `unicode.IsLetter` (exact for ASCII; see the module docs for other characters).
fn is_go_letter(ch: char) -> bool {
    if ch.is_ascii() {
        ch.is_ascii_alphabetic()
    } else {
        ch.is_alphabetic()
    }
}

/// Go's `unicode.IsDigit` (exact for ASCII; see the module docs for other characters).
fn is_go_digit(ch: char) -> bool {
    if ch.is_ascii() {
        ch.is_ascii_digit()
    } else {
        ch.is_numeric()
    }
}

/// One instruction of a compiled [`Pattern`]; the `usize`s are the next instruction(s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Inst {
    /// This character.
    Char(char, usize),
    /// Any character but `\n` (Go's `.`).
    AnyChar(usize),
    /// Try the first branch, then the second (lower priority).
    Split(usize, usize),
    Match,
}

/// A shell pattern of `${v#p}`, `${v%p}` or `${v/p/r}`, compiled as lex.go's
/// `convertShellPatternToRegex` compiles it to a Go regexp: `*` is `.*` (`.*?` when not greedy), `?` is
/// `.`, `\*` `\?` `\\` are literal, in `\}` and `\/` the backslash is dropped, and every other character is
/// literal. (The backslash is the pattern escape whatever the Dockerfile's escape token is.)
#[derive(Debug)]
struct Pattern {
    prog: Vec<Inst>,
}

impl Pattern {
    fn compile(pattern: &str, greedy: bool) -> Result<Pattern, String> {
        let mut prog = Vec::new();
        let mut s = Scanner::new(pattern);
        while let Some(tok) = s.next() {
            let literal = match tok {
                '*' => {
                    let (split, body, after) = (prog.len(), prog.len() + 1, prog.len() + 2);
                    prog.push(if greedy { Inst::Split(body, after) } else { Inst::Split(after, body) });
                    prog.push(Inst::AnyChar(split));
                    continue;
                }
                '?' => {
                    prog.push(Inst::AnyChar(prog.len() + 1));
                    continue;
                }
                '\\' => {
                    // } and / as part of ${} need to be escaped, but the escape isn't part
                    // of the pattern
                    if matches!(s.peek(), Some('}' | '/')) {
                        continue;
                    }
                    match s.next() {
                        Some(escaped @ ('*' | '?' | '\\')) => escaped,
                        Some(other) => return Err(format!("invalid escape '\\{other}'")),
                        None => return Err("invalid escape '\\' at the end of the pattern".to_owned()),
                    }
                }
                other => other,
            };
            prog.push(Inst::Char(literal, prog.len() + 1));
        }
        prog.push(Inst::Match);
        Ok(Pattern { prog })
    }

    /// The match Go's `regexp.FindStringIndex` finds, as character indices, among matches starting at
    /// `from` or later (only at `from` if `anchored`, which is the `^` lex.go adds for `#` and `%`).
    ///
    /// A Pike VM: all threads advance together through the text in priority order, so the answer is
    /// Go's leftmost-first match, found in time proportional to text × pattern length with no recursion.
    fn find(&self, text: &[char], from: usize, anchored: bool) -> Option<(usize, usize)> {
        // Threads as (instruction, start of its match), highest priority first.
        let mut current: Vec<(usize, usize)> = Vec::new();
        let mut next: Vec<(usize, usize)> = Vec::new();
        // For each instruction, the text position whose thread list it was last added to.
        let mut added_at = vec![usize::MAX; self.prog.len()];
        let mut found = None;
        for pos in from..=text.len() {
            if found.is_none() && (!anchored || pos == from) {
                // A match starting here has the lowest priority: any earlier start wins.
                self.add_thread(&mut current, &mut added_at, pos, 0, pos);
            }
            if current.is_empty() {
                break;
            }
            for &(pc, start) in &current {
                let advance_to = match self.prog[pc] {
                    Inst::Match => {
                        found = Some((start, pos));
                        // Lower-priority threads can no longer win.
                        break;
                    }
                    Inst::Char(c, target) => (text.get(pos) == Some(&c)).then_some(target),
                    Inst::AnyChar(target) => text.get(pos).filter(|&&c| c != '\n').map(|_| target),
                    Inst::Split(..) => None,
                };
                if let Some(target) = advance_to {
                    self.add_thread(&mut next, &mut added_at, pos + 1, target, start);
                }
            }
            std::mem::swap(&mut current, &mut next);
            next.clear();
        }
        found
    }

    /// Adds the thread at `pc`, following splits in priority order, to the list for text position `pos`.
    fn add_thread(&self, list: &mut Vec<(usize, usize)>, added_at: &mut [usize], pos: usize, pc: usize, start: usize) {
        let mut stack = vec![pc];
        while let Some(pc) = stack.pop() {
            if added_at[pc] == pos {
                continue;
            }
            added_at[pc] = pos;
            match self.prog[pc] {
                Inst::Split(first, second) => {
                    stack.push(second);
                    stack.push(first);
                }
                _ => list.push((pc, start)),
            }
        }
    }

    /// Go's `regexp.ReplaceAllString`: every match is replaced, `$0`/`${0}` in the replacement stand for
    /// the matched text, `$$` for `$`, other `$name`s for nothing (the regexp has no other groups).
    fn replace_all(&self, text: &[char], replacement: &str) -> String {
        let mut out = String::new();
        let mut last_match_end = 0;
        let mut search_pos = 0;
        while search_pos <= text.len() {
            let Some((start, end)) = self.find(text, search_pos, false) else {
                break;
            };
            out.extend(&text[last_match_end..start]);
            // Not for an empty match right after the previous match.
            if end > last_match_end || start == 0 {
                expand_template(&mut out, replacement, &text[start..end]);
            }
            last_match_end = end;
            // Advance past this match; always advance at least one character.
            search_pos = if search_pos + 1 > end { search_pos + 1 } else { end };
        }
        out.extend(&text[last_match_end..]);
        out
    }
}

/// Go's `Regexp.expand` for a regexp whose only group is the whole match.
fn expand_template(out: &mut String, template: &str, matched: &[char]) {
    let mut rest = template;
    while let Some(dollar) = rest.find('$') {
        out.push_str(&rest[..dollar]);
        rest = &rest[dollar + 1..];
        if let Some(after) = rest.strip_prefix('$') {
            out.push('$');
            rest = after;
            continue;
        }
        match extract_group_name(rest) {
            Some((name, after)) => {
                if name == "0" {
                    out.extend(matched);
                }
                rest = after;
            }
            // Malformed; treat $ as raw text.
            None => out.push('$'),
        }
    }
    out.push_str(rest);
}

/// Go's `regexp.extract`: a leading `name` or `{name}` of letters, digits and `_`, and what follows.
fn extract_group_name(s: &str) -> Option<(&str, &str)> {
    let (braced, body) = match s.strip_prefix('{') {
        Some(body) => (true, body),
        None => (false, s),
    };
    let len = body
        .char_indices()
        .find(|&(_, c)| !is_go_letter(c) && !is_go_digit(c) && c != '_')
        .map_or(body.len(), |(i, _)| i);
    if len == 0 {
        return None;
    }
    let (name, after) = body.split_at(len);
    if braced {
        return after.strip_prefix('}').map(|after| (name, after));
    }
    Some((name, after))
}

/// `${v#p}` / `${v##p}`: removes the shortest / longest prefix matching `pattern`.
fn trim_prefix(pattern: &str, value: &str, greedy: bool) -> Result<String, ExpandError> {
    let compiled = Pattern::compile(pattern, greedy)
        .map_err(|reason| ExpandError::InvalidPattern { pattern: pattern.to_owned(), reason })?;
    let text: Vec<char> = value.chars().collect();
    Ok(match compiled.find(&text, 0, true) {
        Some((_, end)) => text[end..].iter().collect(),
        None => value.to_owned(),
    })
}

/// Reverses a pattern but keeps each `\x` escape in order: `a\*c` → `c\*a`.
fn reverse_pattern(pattern: &str) -> String {
    let mut units: Vec<String> = Vec::new();
    let mut chars = pattern.chars();
    while let Some(ch) = chars.next() {
        let mut unit = ch.to_string();
        if ch == '\\' {
            // the pattern is taken from a ${var#pattern}, so the last
            // character can't be an escape character
            unit.extend(chars.next());
        }
        units.push(unit);
    }
    units.into_iter().rev().collect()
}

fn reverse_string(s: &str) -> String {
    s.chars().rev().collect()
}

/// `${v%p}` / `${v%%p}`: removes the shortest / longest suffix matching `pattern`.
fn trim_suffix(pattern: &str, value: &str, greedy: bool) -> Result<String, ExpandError> {
    // regular expressions can't handle finding the shortest rightmost
    // string so we reverse both search space and pattern to convert it
    // to a leftmost search in both cases
    let trimmed = trim_prefix(&reverse_pattern(pattern), &reverse_string(value), greedy).map_err(|err| match err {
        ExpandError::InvalidPattern { reason, .. } => {
            ExpandError::InvalidPattern { pattern: pattern.to_owned(), reason }
        }
        other => other,
    })?;
    Ok(reverse_string(&trimmed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string())
    }

    fn expand(lexer: &Lexer, word: &str, vars: &[(&str, &str)]) -> Result<String, ExpandError> {
        lexer.process_word(word, &env_of(vars)).map(|e| e.result)
    }

    #[test]
    fn backtick_escape_token() {
        let lexer = Lexer::new('`');
        let vars = [("X", "x")];
        assert_eq!(expand(&lexer, "a`$X", &vars).unwrap(), "a$X");
        assert_eq!(expand(&lexer, "a``b", &vars).unwrap(), "a`b");
        // `\` is an ordinary character, which matters for Windows paths.
        assert_eq!(expand(&lexer, r"C:\Program Files\$X", &vars).unwrap(), r"C:\Program Files\x");
        assert_eq!(expand(&lexer, r#""a\"b"#, &vars).unwrap(), r"a\b");
        assert_eq!(expand(&lexer, r#""a\"b""#, &vars), Err(ExpandError::UnterminatedDoubleQuote));
        assert_eq!(expand(&lexer, r#""a`"b""#, &vars).unwrap(), r#"a"b"#);
        assert_eq!(expand(&lexer, "\"a`$X`b\"", &vars).unwrap(), "a$X`b");
        assert_eq!(expand(&lexer, "'`$X'", &vars).unwrap(), "`$X");
        assert_eq!(expand(&lexer, "a`", &vars).unwrap(), "a");
        // Patterns keep `\` as their own escape whatever the token.
        assert_eq!(expand(&lexer, r"${X#\x}", &vars), Err(invalid(r"\x", r"invalid escape '\x'")));
        assert_eq!(expand(&lexer, "${X#`x}", &[("X", "`xy")]).unwrap(), "y");
    }

    #[test]
    fn backslash_escape_token() {
        let lexer = Lexer::new('\\');
        let vars = [("X", "x")];
        assert_eq!(expand(&lexer, r"a\$X", &vars).unwrap(), "a$X");
        assert_eq!(expand(&lexer, r"a\`b", &vars).unwrap(), "a`b");
        assert_eq!(expand(&lexer, r#""a\tb\\c\$X\"""#, &vars).unwrap(), r#"a\tb\c$X""#);
        assert_eq!(expand(&lexer, r"a\ b", &vars).unwrap(), "a b");
    }

    #[test]
    fn raw_quotes_and_raw_escapes() {
        let lexer = Lexer { raw_quotes: true, ..Lexer::new('\\') };
        let vars = [("X", "x")];
        assert_eq!(expand(&lexer, r#"'a$X' "b$X""#, &vars).unwrap(), r#"'a$X' "bx""#);
        let lexer = Lexer { raw_escapes: true, ..Lexer::new('\\') };
        assert_eq!(expand(&lexer, r"a\$X \b", &vars).unwrap(), r"a\$X \b");
        // lex.go keeps the escape and then, for a character it does not escape, the escape again.
        assert_eq!(expand(&lexer, r#""\t\$X""#, &vars).unwrap(), r#"\\t\$X"#);
    }

    #[test]
    fn error_messages_are_buildkits() {
        let lexer = Lexer::new('\\');
        let cases = [
            ("'abc", "unexpected end of statement while looking for matching single-quote"),
            ("\"abc", "unexpected end of statement while looking for matching double-quote"),
            ("${abc", "syntax error: missing '}'"),
            ("${abc:-x", "syntax error: missing '}'"),
            ("${abc:-'x}", "syntax error: missing '}'"),
            ("${", "syntax error: missing '}'"),
            ("${}", "syntax error: bad substitution"),
            ("${:-x}", "syntax error: bad substitution"),
            ("${{x}", "syntax error: bad substitution"),
            ("${x/a", "syntax error: missing '/' in ${}"),
            ("${x/a/b", "syntax error: missing '}'"),
            ("${x=y}", "unsupported modifier (=) in substitution"),
            ("${x:y}", "unsupported modifier (:y) in substitution"),
            ("${x:#y}", "unsupported modifier (:#) in substitution"),
            ("${x:%y}", "unsupported modifier (:%) in substitution"),
            ("${x:/a/b}", "unsupported modifier (:/) in substitution"),
            ("${.}", "unsupported modifier (.) in substitution"),
            ("${#x}", "unsupported modifier (x) in substitution"),
            ("${x?}", "x: is not allowed to be unset"),
            ("${x:?}", "x: is not allowed to be unset"),
            ("${E:?}", "E: is not allowed to be empty"),
            ("${x?set $E it}", "x: set  it"),
            ("${x#\\a}", "invalid pattern (\\a) in substitution: invalid escape '\\a'"),
            ("${x%ab\\c}", "invalid pattern (ab\\c) in substitution: invalid escape '\\c'"),
        ];
        for (word, message) in cases {
            let err = expand(&lexer, word, &[("E", "")]).expect_err(word);
            assert_eq!(err.to_string(), message, "{word}");
        }
        // An error inside a complete `${…}` is reported as is.
        assert_eq!(
            expand(&lexer, "${a:-${b?gone}}", &[]),
            Err(ExpandError::Required { name: "b".into(), message: "gone".into() })
        );
    }

    #[test]
    fn matched_and_unmatched_in_order_of_appearance() {
        let lexer = Lexer::new('\\');
        let e = lexer.process_word("$B${A:-$C}${B}$1 ${D+x}$A", &env_of(&[("A", "a"), ("D", "")])).unwrap();
        assert_eq!(e.result, "a xa");
        assert_eq!(e.matched, ["A", "D"]);
        assert_eq!(e.unmatched, ["B", "C", "1"]);
    }

    #[test]
    fn patterns() {
        let lexer = Lexer::new('\\');
        let vars = [("V", "a/b/c.tar.gz"), ("N", "x\ny"), ("S", "aXbXc"), ("R", "<$0|$$|${0}|$1|${x>")];
        let cases = [
            ("${V#*/}", "b/c.tar.gz"),
            ("${V##*/}", "c.tar.gz"),
            ("${V%.*}", "a/b/c.tar"),
            ("${V%%.*}", "a/b/c"),
            ("${V#?}", "/b/c.tar.gz"),
            ("${V#nomatch}", "a/b/c.tar.gz"),
            ("${V/\\//-}", "a-b/c.tar.gz"),
            ("${V//\\//-}", "a-b-c.tar.gz"),
            // Go's `.` does not match a newline, so neither do `*` and `?`.
            ("${N#*}", "x\ny"),
            ("${N##*y}", "x\ny"),
            ("${N#x?}", "x\ny"),
            // ReplaceAllString expands `$0`/`${0}` (the match), `$$`, other groups (none); the single
            // replacement is literal.
            ("${S//X/$R}", "a<X|$|X||${x>b<X|$|X||${x>c"),
            ("${S/X/$R}", "a<$0|$$|${0}|$1|${x>bXc"),
            ("${S//X/[\\$0]}", "a[\\X]b[\\X]c"),
            ("${S/X/\\$0}", "a\\$0bXc"),
            // Empty matches: one replacement between characters, not two.
            ("${S//*/-}", "-"),
            ("${S//Q*/-}", "aXbXc"),
        ];
        for (word, expected) in cases {
            assert_eq!(expand(&lexer, word, &vars).unwrap(), expected, "{word}");
        }
    }

    #[test]
    fn lazy_and_greedy_star_follow_go_regexp() {
        let compile = |p, greedy| Pattern::compile(p, greedy).unwrap();
        let text: Vec<char> = "xaxbxb".chars().collect();
        assert_eq!(compile("*x", false).find(&text, 0, true), Some((0, 1)));
        assert_eq!(compile("*x", true).find(&text, 0, true), Some((0, 5)));
        assert_eq!(compile("x*b", true).find(&text, 1, false), Some((2, 6)));
        assert_eq!(compile("x*b", false).find(&text, 1, false), Some((2, 4)));
        assert_eq!(compile("b", true).find(&text, 0, true), None);
        assert_eq!(compile("", true).find(&text, 3, false), Some((3, 3)));
    }

    #[test]
    fn pattern_escapes_as_in_lex_test() {
        // TestConvertShellPatternToRegex: valid and invalid patterns.
        for pattern in ["*", "?", "\\*", "(()[]{\\}^$.\\*\\?|\\\\"] {
            assert!(Pattern::compile(pattern, true).is_ok(), "{pattern}");
        }
        for pattern in ["\\", "\\x", "\\\\\\"] {
            assert!(Pattern::compile(pattern, true).is_err(), "{pattern}");
        }
    }

    #[test]
    fn reverse_pattern_keeps_escapes() {
        // TestReversePattern and TestReverseString of lex_test.go.
        let cases = [
            ("a\\*c", "c\\*a"),
            ("\\\\\\ab", "b\\a\\\\"),
            ("ab\\", "\\ba"),
            ("👽\\🚀🖖", "🖖\\🚀👽"),
            ("\\\\b", "b\\\\"),
        ];
        for (pattern, expected) in cases {
            assert_eq!(reverse_pattern(pattern), expected, "{pattern}");
        }
        assert_eq!(reverse_string("🖖🚀👽"), "👽🚀🖖");
    }

    #[test]
    fn words_split_after_expansion() {
        let lexer = Lexer::new('\\');
        let vars = [("P", "80 443/udp"), ("E", "")];
        let words = |w: &str| lexer.process_words(w, &env_of(&vars)).unwrap();
        assert_eq!(words("$P 8080"), ["80", "443/udp", "8080"]);
        assert_eq!(words("\"$P\" 8080"), ["80 443/udp", "8080"]);
        assert_eq!(words("'' $E  x"), ["x"]);
        assert_eq!(words("a\\ b c"), ["a b", "c"]);
        // BuildKit's shared words buffer: a nested `${…:…}` drops the text before it from the word.
        assert_eq!(words("80/${PROTO:-tcp}"), ["tcp"]);
        assert_eq!(words("a\"b${E:-c}\" d"), ["bc", "d"]);
        assert_eq!(words("x ${PROTO:-tcp}"), ["x", "tcp"]);
    }

    #[test]
    fn byte_order_mark_at_start_is_skipped() {
        let lexer = Lexer::new('\\');
        assert_eq!(expand(&lexer, "\u{feff}a\u{feff}", &[]).unwrap(), "a\u{feff}");
        assert_eq!(expand(&lexer, "${X#\u{feff}a}", &[("X", "ab")]).unwrap(), "b");
    }

    #[test]
    fn never_panics() {
        let lexer = Lexer::new('\\');
        let samples = [
            "${a:-${b#*\\}}x}${c//\\//ü}$é'\"\\",
            "\"${x%%\\*?}\"'${'${y/\\\\/$0}",
            "$1$@${#}${?:-🖖}${-}${$}${!}${0:+x}",
        ];
        let vars = [("a", "🖖/x\ny"), ("x", "**"), ("y", "\\\\")];
        for sample in samples {
            for (i, _) in sample.char_indices() {
                for piece in [&sample[..i], &sample[i..]] {
                    let _ = lexer.process_word(piece, &env_of(&vars));
                    let _ = lexer.process_words(piece, &env_of(&vars));
                }
            }
        }
    }

    #[test]
    fn nesting_is_capped_instead_of_overflowing_the_stack() {
        let lexer = Lexer::new('\\');
        let nested = |depth: usize| {
            let word = format!("{}x{}", "${a:-\"".repeat(depth), "\"}".repeat(depth));
            lexer.process_word(&word, &|_| None).map(|e| e.result)
        };
        assert_eq!(nested(MAX_NESTING), Ok("x".to_owned()));
        assert_eq!(nested(MAX_NESTING + 1), Err(ExpandError::TooDeeplyNested));
        assert_eq!(nested(20_000), Err(ExpandError::TooDeeplyNested));
    }

    fn invalid(pattern: &str, reason: &str) -> ExpandError {
        ExpandError::InvalidPattern { pattern: pattern.to_owned(), reason: reason.to_owned() }
    }
}
