//! Heredoc detection, as BuildKit's `heredocsFromLine` and `ParseHeredoc` do it.
//!
//! BuildKit splits the whole logical line into words with its shell lexer in a raw mode (quotes and
//! escapes kept, unset variables left as written, escape always `\`), and every word of the form
//! `[digits]<<[-]rest` whose `rest` lexes to exactly one word opens a heredoc. Because the detection
//! only needs word boundaries with every variable unset, this module carries the lexer in that one
//! mode; the full expander with an environment lives in `syntax::expand`.

/// A heredoc opener found on an instruction line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeredocOpener {
    pub name: String,
    /// `false` when any part of the name was quoted (`<<'EOF'`, `<<E"O"F`): the body is not expanded.
    pub expand: bool,
    /// `<<-`: leading tabs are stripped from body lines and the terminator.
    pub chomp: bool,
    /// The optional file descriptor prefix (`3<<EOF`).
    pub fd: u32,
}

/// The heredocs opened on `line`, in order. An error is one BuildKit reports for the instruction.
pub fn heredocs_from_line(line: &str) -> Result<Vec<HeredocOpener>, String> {
    let lexer = Lexer { raw_quotes: true, raw_escapes: true };
    // BuildKit ignores a lexing error of the whole line: then no word is a heredoc.
    let Ok(words) = lexer.words(line) else { return Ok(Vec::new()) };
    let mut docs = Vec::new();
    for word in words {
        if let Some(doc) = parse_heredoc(&word)? {
            docs.push(doc);
        }
    }
    Ok(docs)
}

/// `ParseHeredoc`: whether one word matches `^(\d*)<<(-?)\s*([^<]*)$` and names a heredoc.
pub fn parse_heredoc(word: &str) -> Result<Option<HeredocOpener>, String> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let Some(after) = word[digits..].strip_prefix("<<") else { return Ok(None) };
    let (chomp, rest) = match after.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    // Go's `\s` is exactly `[\t\n\f\r ]`.
    let rest = rest.trim_start_matches(['\t', '\n', '\u{0C}', '\r', ' ']);
    if rest.is_empty() || rest.contains('<') {
        return Ok(None);
    }
    let fd = word[..digits].parse::<u32>().unwrap_or(0);
    let words = Lexer { raw_quotes: false, raw_escapes: false }.words(rest)?;
    if words.len() != 1 {
        return Ok(None);
    }
    let raw = Lexer { raw_quotes: true, raw_escapes: false }.words(rest)?;
    if raw.len() != words.len() {
        return Err(format!("internal lexing of heredoc produced inconsistent results: {rest}"));
    }
    let count_quotes = |s: &str| s.chars().filter(|c| *c == '\'' || *c == '"').count();
    let name = words.into_iter().next().unwrap_or_default();
    let expand = count_quotes(&name) == count_quotes(&raw[0]);
    Ok(Some(HeredocOpener { name, expand, chomp, fd }))
}

/// BuildKit's shell lexer (`shell/lex.go`) with `SkipUnsetEnv` and an empty environment, escape `\`.
struct Lexer {
    raw_quotes: bool,
    raw_escapes: bool,
}

/// Word accumulation exactly as lex.go's `wordsStruct`.
#[derive(Default)]
struct Words {
    words: Vec<String>,
    word: String,
    in_word: bool,
}

impl Words {
    fn add_char(&mut self, c: char) {
        if c.is_whitespace() && self.in_word {
            if !self.word.is_empty() {
                self.words.push(std::mem::take(&mut self.word));
                self.in_word = false;
            }
        } else if !c.is_whitespace() {
            self.add_raw_char(c);
        }
    }

    fn add_raw_char(&mut self, c: char) {
        self.word.push(c);
        self.in_word = true;
    }

    fn add_string(&mut self, s: &str) {
        s.chars().for_each(|c| self.add_char(c));
    }

    fn add_raw_string(&mut self, s: &str) {
        self.word.push_str(s);
        self.in_word = true;
    }

    fn finish(mut self) -> Vec<String> {
        if !self.word.is_empty() {
            self.words.push(self.word);
        }
        self.words
    }
}

struct Cursor<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    /// How many `${` are open: deeper than `MAX_NESTING` is refused rather than overflowing the stack.
    depth: usize,
}

/// The nesting the lexer follows; the expander in `model::expand` has the same limit.
const MAX_NESTING: usize = 100;

impl Cursor<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().copied()
    }
    fn next(&mut self) -> Option<char> {
        self.chars.next()
    }
}

const ESCAPE: char = '\\';

impl Lexer {
    fn words(&self, text: &str) -> Result<Vec<String>, String> {
        let mut cursor = Cursor { chars: text.chars().peekable(), depth: 0 };
        let (_, words) = self.process_stop_on(&mut cursor, None, self.raw_escapes)?;
        Ok(words)
    }

    fn process_stop_on(
        &self,
        cur: &mut Cursor,
        stop: Option<char>,
        raw_escapes: bool,
    ) -> Result<(String, Vec<String>), String> {
        let mut result = String::new();
        let mut words = Words::default();
        while let Some(ch) = cur.peek() {
            if Some(ch) == stop {
                cur.next();
                return Ok((result, words.finish()));
            }
            match ch {
                '\'' => {
                    let s = self.single_quote(cur)?;
                    result.push_str(&s);
                    words.add_raw_string(&s);
                }
                '"' => {
                    let s = self.double_quote(cur)?;
                    result.push_str(&s);
                    words.add_raw_string(&s);
                }
                '$' => {
                    let s = self.dollar(cur)?;
                    result.push_str(&s);
                    words.add_string(&s);
                }
                '<' => {
                    let s = Self::possible_heredoc(cur);
                    result.push_str(&s);
                    words.add_raw_string(&s);
                }
                _ => {
                    cur.next();
                    let mut c = ch;
                    if ch == ESCAPE {
                        if raw_escapes {
                            words.add_raw_char(ch);
                            result.push(ch);
                        }
                        match cur.next() {
                            Some(next) => c = next,
                            None => break,
                        }
                        words.add_raw_char(c);
                    } else {
                        words.add_char(c);
                    }
                    result.push(c);
                }
            }
        }
        if let Some(stop) = stop {
            return Err(format!("unexpected end of statement while looking for matching {stop}"));
        }
        Ok((result, words.finish()))
    }

    /// `processPossibleHeredoc`: `<<` keeps the blanks after it in the same word, so `<< EOF` is one
    /// word (and `<<- EOF` is not: the dash stops the blanks from being absorbed).
    fn possible_heredoc(cur: &mut Cursor) -> String {
        cur.next();
        if cur.peek() != Some('<') {
            return "<".into();
        }
        cur.next();
        let mut out = String::from("<<");
        while let Some(c) = cur.peek().filter(|c| *c == ' ' || *c == '\t') {
            out.push(c);
            cur.next();
        }
        out
    }

    fn single_quote(&self, cur: &mut Cursor) -> Result<String, String> {
        let mut out = String::new();
        let open = cur.next().unwrap_or('\'');
        if self.raw_quotes {
            out.push(open);
        }
        loop {
            match cur.next() {
                None => return Err("unexpected end of statement while looking for matching single-quote".into()),
                Some('\'') => {
                    if self.raw_quotes {
                        out.push('\'');
                    }
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
        }
    }

    fn double_quote(&self, cur: &mut Cursor) -> Result<String, String> {
        let mut out = String::new();
        let open = cur.next().unwrap_or('"');
        if self.raw_quotes {
            out.push(open);
        }
        loop {
            let Some(ch) = cur.peek() else {
                return Err("unexpected end of statement while looking for matching double-quote".into());
            };
            if ch == '"' {
                cur.next();
                if self.raw_quotes {
                    out.push(ch);
                }
                return Ok(out);
            }
            if ch == '$' {
                out.push_str(&self.dollar(cur)?);
                continue;
            }
            cur.next();
            let mut c = ch;
            if ch == ESCAPE {
                if self.raw_escapes {
                    out.push(ch);
                }
                match cur.peek() {
                    None => continue,
                    Some(n) if n == '"' || n == '$' || n == ESCAPE => {
                        c = n;
                        cur.next();
                    }
                    Some(_) => {}
                }
            }
            out.push(c);
        }
    }

    /// `processDollar` with every variable unset and `SkipUnsetEnv`: references come back as written.
    fn dollar(&self, cur: &mut Cursor) -> Result<String, String> {
        if cur.depth >= MAX_NESTING {
            return Err("variables nested too deeply".into());
        }
        cur.depth += 1;
        let result = self.dollar_body(cur);
        cur.depth -= 1;
        result
    }

    fn dollar_body(&self, cur: &mut Cursor) -> Result<String, String> {
        cur.next();
        if cur.peek() != Some('{') {
            let name = Self::name(cur);
            return Ok(format!("${name}"));
        }
        cur.next();
        match cur.peek() {
            None => return Err("syntax error: missing '}'".into()),
            Some('{' | '}' | ':') => return Err("syntax error: bad substitution".into()),
            _ => {}
        }
        let name = Self::name(cur);
        let Some(ch) = cur.next() else { return Err("syntax error: missing '}'".into()) };
        let mut modifier = ch.to_string();
        let mut op = ch;
        match ch {
            '}' => return Ok(format!("${{{name}}}")),
            ':' => {
                let Some(next) = cur.next() else { return Err("syntax error: missing '}'".into()) };
                modifier.push(next);
                op = next;
                if op == '#' || op == '%' {
                    return Err(format!("unsupported modifier ({modifier}) in substitution"));
                }
                if !matches!(op, '+' | '-' | '?') {
                    return Err(format!("unsupported modifier ({modifier}) in substitution"));
                }
            }
            '+' | '-' | '?' | '#' | '%' => {}
            '/' => {
                if cur.peek() == Some('/') {
                    cur.next();
                }
                let (pattern, _) = self.process_stop_on(cur, Some('/'), true).map_err(|e| {
                    if cur.peek().is_none() {
                        "syntax error: missing '/' in ${}".into()
                    } else {
                        e
                    }
                })?;
                let (replacement, _) = self.stop_at_brace(cur, true)?;
                return Ok(format!("${{{name}/{pattern}/{replacement}}}"));
            }
            _ => return Err(format!("unsupported modifier ({modifier}) in substitution")),
        }
        let (word, _) = self.stop_at_brace(cur, op == '#' || op == '%')?;
        Ok(format!("${{{name}{modifier}{word}}}"))
    }

    fn stop_at_brace(&self, cur: &mut Cursor, raw_escapes: bool) -> Result<(String, Vec<String>), String> {
        self.process_stop_on(cur, Some('}'), raw_escapes).map_err(|e| {
            if cur.peek().is_none() {
                "syntax error: missing '}'".into()
            } else {
                e
            }
        })
    }

    /// `processName`: a digit run, one special parameter, or letters, digits and `_`.
    fn name(cur: &mut Cursor) -> String {
        let mut name = String::new();
        while let Some(ch) = cur.peek() {
            if name.is_empty() && ch.is_ascii_digit() {
                while let Some(d) = cur.peek().filter(char::is_ascii_digit) {
                    name.push(d);
                    cur.next();
                }
                return name;
            }
            if name.is_empty() && matches!(ch, '@' | '*' | '#' | '?' | '-' | '$' | '!' | '0') {
                cur.next();
                return ch.to_string();
            }
            if !ch.is_alphanumeric() && ch != '_' {
                break;
            }
            name.push(ch);
            cur.next();
        }
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(line: &str) -> Vec<(String, bool, bool)> {
        heredocs_from_line(line).unwrap().into_iter().map(|h| (h.name, h.expand, h.chomp)).collect()
    }

    #[test]
    fn plain_quoted_and_chomped_heredocs() {
        assert_eq!(names("RUN <<EOF"), [("EOF".into(), true, false)]);
        assert_eq!(names("RUN <<-EOF"), [("EOF".into(), true, true)]);
        assert_eq!(names("COPY <<'EOF' /x"), [("EOF".into(), false, false)]);
        assert_eq!(names("COPY <<\"EOF\" /x"), [("EOF".into(), false, false)]);
        assert_eq!(names("COPY <<E\"O\"F /x"), [("EOF".into(), false, false)]);
    }

    #[test]
    fn several_heredocs_and_fd_prefix() {
        let docs = heredocs_from_line("RUN 3<<A cat /dev/fd/3 <<B").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].fd, 3);
        assert_eq!(docs[1].name, "B");
    }

    #[test]
    fn words_that_are_not_heredocs() {
        assert!(names("RUN echo \"<<EOF\"").is_empty());
        assert!(names("RUN echo ${X:-<<EOF}").is_empty());
        assert!(names("RUN <<- EOF").is_empty());
        assert!(names("RUN echo a<<EOF").is_empty());
        assert!(names("RUN cat <<<x").is_empty());
        assert!(names("RUN 'unterminated <<EOF").is_empty());
    }

    #[test]
    fn name_keeps_redirect_glued_to_it() {
        assert_eq!(names("RUN cat <<EOF>/out"), [("EOF>/out".into(), true, false)]);
    }

    #[test]
    fn blanks_after_double_angle_belong_to_the_opener() {
        assert_eq!(names("RUN cat << EOF"), [("EOF".into(), true, false)]);
        assert_eq!(names("RUN cat <<  'EOF'"), [("EOF".into(), false, false)]);
    }
}
