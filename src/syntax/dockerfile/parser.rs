//! The line-level parser: a port of BuildKit's `parser.Parse` and `newNodeFromLine`.

use super::heredoc::heredocs_from_line;
use super::json_form::{parse_json_form, JsonForm, ERR_NOT_STRING_ARRAY};
use super::words::{is_go_space, parse_words, split_command, split_token_whitespace, Word};
use super::{
    validate, Arg, Comment, Directive, Dockerfile, Flag, Heredoc, Instruction, Keyword, SourceMap, SyntaxError,
    SyntaxErrorKind, SyntaxWarning, Token, TokenKind,
};
use crate::syntax::source::{LineIndex, Span};

/// bufio.Scanner's limit: a line (without its `\n`) may hold at most 65,535 bytes.
const MAX_LINE_BYTES: usize = 64 * 1024 - 1;
const BOM: &str = "\u{FEFF}";

/// Parse a Dockerfile. Never fails: problems become `errors` and `warnings`.
pub fn parse(text: &str) -> Dockerfile {
    let mut parser = Parser::new(text);
    parser.run();
    let Parser { tokens, directives, comments, instructions, errors, warnings, escape, .. } = parser;
    Dockerfile {
        text: text.to_string(),
        escape,
        directives,
        comments,
        instructions,
        tokens,
        errors,
        warnings,
        line_index: LineIndex::new(text),
    }
}

/// One physical line: `start..content_end` is the text, `content_end..end` the line break.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    content_end: usize,
    end: usize,
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line>,
    next_line: usize,
    escape: char,
    directives_done: bool,
    directives: Vec<Directive>,
    comments: Vec<Comment>,
    pending_comments: Vec<String>,
    instructions: Vec<Instruction>,
    tokens: Vec<Token>,
    errors: Vec<SyntaxError>,
    warnings: Vec<SyntaxWarning>,
    seen_stage: bool,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        let bytes = text.as_bytes();
        while start < text.len() {
            let end = memchr_newline(bytes, start).map_or(text.len(), |i| i + 1);
            let mut content_end = end;
            while content_end > start && matches!(bytes[content_end - 1], b'\n' | b'\r') {
                content_end -= 1;
            }
            lines.push(Line { start, content_end, end });
            start = end;
        }
        // About three tokens a line (indentation, text, line break): sized once, not grown by copying.
        let token_estimate = lines.len() * 3 + 4;
        Parser {
            text,
            lines,
            next_line: 0,
            escape: '\\',
            directives_done: false,
            directives: Vec::new(),
            comments: Vec::new(),
            pending_comments: Vec::new(),
            instructions: Vec::new(),
            tokens: Vec::with_capacity(token_estimate),
            errors: Vec::new(),
            warnings: Vec::new(),
            seen_stage: false,
        }
    }

    fn token(&mut self, kind: TokenKind, start: usize, end: usize) {
        if end > start {
            self.tokens.push(Token { kind, span: Span::new(start, end) });
        }
    }

    /// Read the next physical line, checking the scanner's length limit.
    fn take_line(&mut self) -> Option<(usize, Line)> {
        let line = *self.lines.get(self.next_line)?;
        self.next_line += 1;
        let number = self.next_line;
        if line.end - line.start - usize::from(self.text.as_bytes().get(line.end - 1) == Some(&b'\n')) > MAX_LINE_BYTES
        {
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::General,
                message: format!("dockerfile line greater than max allowed size of {MAX_LINE_BYTES}"),
                start_line: number,
                end_line: number,
                span: Span::new(line.start, line.content_end),
            });
        }
        Some((number, line))
    }

    fn run(&mut self) {
        if self.text.starts_with(BOM) {
            self.token(TokenKind::Bom, 0, BOM.len());
            if let Some(first) = self.lines.first_mut() {
                first.start = BOM.len().min(first.content_end);
            }
        }
        while let Some((number, line)) = self.take_line() {
            self.top_level_line(number, line);
        }
        if self.instructions.is_empty() {
            let end = self.text.len();
            self.errors.push(SyntaxError {
                kind: SyntaxErrorKind::General,
                message: "file with no instructions".into(),
                start_line: self.lines.len().max(1),
                end_line: self.lines.len().max(1),
                span: Span::new(end, end),
            });
        }
    }

    /// A line outside any instruction: a directive, comment, blank line, or an instruction's first line.
    fn top_level_line(&mut self, number: usize, line: Line) {
        let content = &self.text[line.start..line.content_end];
        let trimmed = content.trim_start_matches(is_go_space);
        let trimmed_start = line.content_end - trimmed.len();
        self.token(TokenKind::Whitespace, line.start, trimmed_start);
        if !self.directives_done && self.try_directive(number, trimmed, trimmed_start) {
            self.token(TokenKind::Directive, trimmed_start, line.content_end);
            self.token(TokenKind::Newline, line.content_end, line.end);
            return;
        }
        if trimmed.starts_with('#') {
            self.comment(number, line, trimmed_start);
            return;
        }
        let continuation = continuation_marker(trimmed, self.escape).map(|i| trimmed_start + i);
        let piece_end = continuation.unwrap_or(line.content_end);
        if continuation.is_none() && trimmed.is_empty() {
            self.token(TokenKind::Newline, line.content_end, line.end);
            return;
        }
        self.token(TokenKind::Text, trimmed_start, piece_end);
        self.token(TokenKind::Continuation, piece_end, line.content_end);
        self.token(TokenKind::Newline, line.content_end, line.end);
        self.instruction(number, line, trimmed_start, piece_end, continuation.is_some());
    }

    /// A comment line: kept for `PrevComment` as BuildKit keeps it (an empty `#` clears the list).
    fn comment(&mut self, number: usize, line: Line, trimmed_start: usize) {
        self.token(TokenKind::Comment, trimmed_start, line.content_end);
        self.token(TokenKind::Newline, line.content_end, line.end);
        let raw = &self.text[line.start..line.end];
        let text = raw.get(1..).unwrap_or("").trim().to_string();
        if text.is_empty() {
            self.pending_comments.clear();
        } else {
            self.pending_comments.push(text.clone());
        }
        self.comments.push(Comment { text, line: number, span: Span::new(trimmed_start, line.content_end) });
    }

    /// BuildKit's `possibleParserDirective`; returns whether the line is a directive.
    fn try_directive(&mut self, number: usize, trimmed: &str, start: usize) -> bool {
        let Some((name, value)) = match_directive(trimmed) else {
            self.directives_done = true;
            return false;
        };
        let key = name.to_ascii_lowercase();
        if !matches!(key.as_str(), "syntax" | "escape" | "check") {
            self.directives_done = true;
            return false;
        }
        let span = Span::new(start, start + trimmed.len());
        if self.directives.iter().any(|d| d.name == key) {
            self.error(format!("only one {key} parser directive can be used"), number, number, span);
            return true;
        }
        if key == "escape" {
            match value {
                "`" => self.escape = '`',
                "\\" => self.escape = '\\',
                _ => self.error(format!("invalid escape token '{value}' does not match ` or \\"), number, number, span),
            }
        }
        self.directives.push(Directive { name: key, value: value.to_string(), line: number, span });
        true
    }

    fn error(&mut self, message: String, start_line: usize, end_line: usize, span: Span) {
        self.errors.push(SyntaxError { kind: SyntaxErrorKind::General, message, start_line, end_line, span });
    }

    /// Collect an instruction's continuation lines and heredoc bodies, then build its node.
    fn instruction(&mut self, start_line: usize, first: Line, piece_start: usize, piece_end: usize, continued: bool) {
        let mut logical = String::from(&self.text[piece_start..piece_end]);
        let mut map = SourceMap::default();
        map.push_piece(piece_start, piece_end - piece_start);
        let mut end_line = start_line;
        let mut end_offset = first.content_end;
        let mut has_empty_continuation = false;
        let mut continued = continued;
        while continued {
            let Some((number, line)) = self.take_line() else { break };
            end_line = number;
            let content = &self.text[line.start..line.content_end];
            let trimmed = content.trim_start_matches(is_go_space);
            let trimmed_start = line.content_end - trimmed.len();
            if trimmed.starts_with('#') {
                self.token(TokenKind::Whitespace, line.start, trimmed_start);
                self.token(TokenKind::Comment, trimmed_start, line.content_end);
                self.token(TokenKind::Newline, line.content_end, line.end);
                continue;
            }
            end_offset = line.content_end;
            if trimmed.is_empty() {
                has_empty_continuation = true;
                self.token(TokenKind::Whitespace, line.start, line.content_end);
                self.token(TokenKind::Newline, line.content_end, line.end);
                continue;
            }
            let marker = continuation_marker(content, self.escape).map(|i| line.start + i);
            continued = marker.is_some();
            let piece_end = marker.unwrap_or(line.content_end);
            logical.push_str(&self.text[line.start..piece_end]);
            map.push_piece(line.start, piece_end - line.start);
            self.token(TokenKind::Text, line.start, piece_end);
            self.token(TokenKind::Continuation, piece_end, line.content_end);
            self.token(TokenKind::Newline, line.content_end, line.end);
        }
        if has_empty_continuation {
            self.warnings.push(SyntaxWarning {
                message: format!("Empty continuation line found in: {logical}"),
                line: end_line,
                span: Span::new(self.lines[end_line - 1].start, self.lines[end_line - 1].content_end),
            });
        }

        let comments = std::mem::take(&mut self.pending_comments);
        let (mut node, node_error) = build_node(&logical, &map, self.escape);
        node.comments = comments;
        node.start_line = start_line;

        let mut heredoc_error = None;
        if node_error.is_none() && node.may_have_heredocs() && logical.contains("<<") {
            match heredocs_from_line(&logical) {
                Ok(openers) => {
                    for opener in openers {
                        let (doc, terminated) = self.read_heredoc_body(opener);
                        end_line = self.next_line;
                        end_offset = end_offset.max(doc.terminator_span.end).max(doc.body_span.end);
                        node.heredocs.push(doc);
                        if !terminated {
                            heredoc_error = Some("unterminated heredoc".to_string());
                            break;
                        }
                    }
                }
                Err(message) => heredoc_error = Some(message),
            }
        }
        node.end_line = end_line;
        node.span = Span::new(piece_start.min(node.keyword_span.start), end_offset);
        if let Some(trigger) = node.trigger.as_mut() {
            trigger.start_line = start_line;
            trigger.end_line = end_line;
        }

        let error = node_error
            .or(heredoc_error)
            .map(|m| (m, node.span, SyntaxErrorKind::General))
            .or_else(|| validate::instruction_error(&node).or_else(|| self.stage_error(&node)));
        if let Some((message, span, kind)) = error {
            // An instruction before the first FROM is well formed, only misplaced: rules still read it,
            // as part of the implicit stage (`Model`), so it is not marked as broken.
            node.has_error = kind != SyntaxErrorKind::InstructionBeforeFrom;
            self.errors.push(SyntaxError { kind, message, start_line, end_line, span });
        }
        self.seen_stage |= node.kind == Keyword::From;
        self.split_keyword_token(node.keyword_span);
        self.instructions.push(node);
    }

    /// `instructions.Parse`: only ARG may come before the first FROM.
    fn stage_error(&self, node: &Instruction) -> Option<(String, Span, SyntaxErrorKind)> {
        (!self.seen_stage && !matches!(node.kind, Keyword::From | Keyword::Arg)).then(|| {
            ("no build stage in current context".to_string(), node.keyword_span, SyntaxErrorKind::InstructionBeforeFrom)
        })
    }

    /// Read one heredoc body up to its terminator line; returns whether the terminator was found.
    fn read_heredoc_body(&mut self, opener: super::heredoc::HeredocOpener) -> (Heredoc, bool) {
        let body_start = self.lines.get(self.next_line).map_or(self.text.len(), |l| l.start);
        let mut content = String::new();
        let mut body_end = body_start;
        while let Some((_, line)) = self.take_line() {
            let mut candidate = &self.text[line.start..line.content_end];
            if opener.chomp {
                candidate = candidate.trim_start_matches('\t');
            }
            if candidate == opener.name {
                self.token(TokenKind::HeredocTerminator, line.start, line.content_end);
                self.token(TokenKind::Newline, line.content_end, line.end);
                let doc = heredoc(opener, content, Span::new(body_start, body_end), line);
                return (doc, true);
            }
            content.push_str(&self.text[line.start..line.end]);
            self.token(TokenKind::HeredocBody, line.start, line.content_end);
            self.token(TokenKind::Newline, line.content_end, line.end);
            body_end = line.end;
        }
        let end = Line { start: body_end, content_end: body_end, end: body_end };
        (heredoc(opener, content, Span::new(body_start, body_end), end), false)
    }

    /// Split the Text token holding the keyword into [text][keyword][text], when the keyword is on one line.
    fn split_keyword_token(&mut self, keyword: Span) {
        if keyword.is_empty() {
            return;
        }
        let Some(idx) = self
            .tokens
            .iter()
            .rposition(|t| t.kind == TokenKind::Text && t.span.start <= keyword.start && keyword.end <= t.span.end)
        else {
            return;
        };
        let whole = self.tokens[idx].span;
        let mut parts = Vec::with_capacity(3);
        if whole.start < keyword.start {
            parts.push(Token { kind: TokenKind::Text, span: Span::new(whole.start, keyword.start) });
        }
        parts.push(Token { kind: TokenKind::Keyword, span: keyword });
        if keyword.end < whole.end {
            parts.push(Token { kind: TokenKind::Text, span: Span::new(keyword.end, whole.end) });
        }
        self.tokens.splice(idx..=idx, parts);
    }
}

fn heredoc(opener: super::heredoc::HeredocOpener, content: String, body_span: Span, terminator: Line) -> Heredoc {
    Heredoc {
        name: opener.name,
        content,
        expand: opener.expand,
        chomp: opener.chomp,
        fd: opener.fd,
        body_span,
        terminator_span: Span::new(terminator.start, terminator.content_end),
    }
}

fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..].iter().position(|&b| b == b'\n').map(|i| i + from)
}

/// Go's RE2 `\s`: `[\t\n\f\r ]` (no vertical tab).
fn is_re2_space(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{0C}' | '\r' | ' ')
}

/// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` on a left-trimmed line: (name, value).
fn match_directive(line: &str) -> Option<(&str, &str)> {
    let body = line.strip_prefix('#')?.trim_start_matches(is_re2_space);
    let name_len = body.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(body.len());
    let name = &body[..name_len];
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let value = body[name_len..].trim_start_matches(is_re2_space).strip_prefix('=')?;
    let value = value.trim_start_matches(is_re2_space).trim_end_matches(is_re2_space);
    (!value.is_empty()).then_some((name, value))
}

/// BuildKit's continuation regex ``([^E])E[ \t]*$|^E[ \t]*$``: the offset of the escape token that
/// continues the line, if it does. A run of two or more escapes at the end is not a continuation.
fn continuation_marker(line: &str, escape: char) -> Option<usize> {
    let body = line.trim_end_matches([' ', '\t']);
    let before = body.strip_suffix(escape)?;
    if before.ends_with(escape) {
        return None;
    }
    Some(before.len())
}

/// `newNodeFromLine`: split the keyword and flags, then parse the arguments the way the instruction's
/// line parser does. Returns the node and an AST-level error, if any.
fn build_node(line: &str, map: &SourceMap, escape: char) -> (Instruction, Option<String>) {
    build_node_at(line, map, escape, 0)
}

/// `build_node` for a node nested `depth` ONBUILDs deep. A trigger that is itself ONBUILD is an error
/// whatever follows it (`ONBUILD ONBUILD` is never allowed), so its own trigger is not parsed: that keeps
/// 10,000 nested ONBUILDs from costing quadratic time or overflowing the stack.
fn build_node_at(line: &str, map: &SourceMap, escape: char, depth: usize) -> (Instruction, Option<String>) {
    let split = split_command(line);
    let kind = Keyword::from_word(&split.keyword.text);
    let rest = &line[split.rest.clone()];
    let offset = split.rest.start;
    let arg = |w: Word| Arg { value: w.text, span: map.span(w.range.start + offset..w.range.end + offset) };
    let whole_rest = || Arg { value: rest.to_string(), span: map.span(split.rest.clone()) };
    let mut node = Instruction {
        keyword: split.keyword.text.clone(),
        kind,
        keyword_span: map.span(split.keyword.range.clone()),
        span: Span::default(),
        start_line: 0,
        end_line: 0,
        original: line.to_string(),
        flags: split.flags.iter().map(|f| Flag { raw: f.text.clone(), span: map.span(f.range.clone()) }).collect(),
        args: Vec::new(),
        json: false,
        heredocs: Vec::new(),
        comments: Vec::new(),
        trigger: None,
        has_error: false,
        source_map: map.clone(),
    };
    let mut error = None;
    match kind {
        Keyword::Add | Keyword::Copy | Keyword::Volume => match parse_json_form(rest) {
            JsonForm::Strings(words) => {
                node.json = true;
                node.args = words.into_iter().map(arg).collect();
            }
            JsonForm::NotAllStrings => error = Some(ERR_NOT_STRING_ARRAY.to_string()),
            JsonForm::NotJson if rest.is_empty() => {}
            JsonForm::NotJson => node.args = split_token_whitespace(rest, None).into_iter().map(arg).collect(),
        },
        Keyword::Run | Keyword::Cmd | Keyword::Entrypoint | Keyword::Shell if !rest.is_empty() => {
            match parse_json_form(rest) {
                JsonForm::Strings(words) => {
                    node.json = true;
                    node.args = words.into_iter().map(arg).collect();
                }
                JsonForm::NotAllStrings => error = Some(ERR_NOT_STRING_ARRAY.to_string()),
                JsonForm::NotJson => node.args = vec![whole_rest()],
            }
        }
        Keyword::From | Keyword::Expose if !rest.is_empty() => {
            node.args = split_token_whitespace(rest, None).into_iter().map(arg).collect();
        }
        Keyword::Maintainer | Keyword::Stopsignal | Keyword::User | Keyword::Workdir if !rest.is_empty() => {
            node.args = vec![whole_rest()];
        }
        Keyword::Arg => node.args = parse_words(rest, escape).into_iter().map(arg).collect(),
        Keyword::Env | Keyword::Label => match name_values(rest, escape, kind) {
            Ok(words) => node.args = words.into_iter().map(arg).collect(),
            Err(message) => error = Some(message),
        },
        Keyword::Healthcheck => error = health_config(&mut node, rest, offset, map),
        Keyword::Onbuild if !rest.is_empty() && depth == 0 => {
            let (mut trigger, trigger_error) = build_node_at(rest, &map.shifted(offset), escape, depth + 1);
            trigger.span = map.span(split.rest.clone());
            node.trigger = Some(Box::new(trigger));
            error = trigger_error;
        }
        _ => {}
    }
    (node, error)
}

/// `parseNameVal` for ENV and LABEL: key/value/separator triples, legacy `KEY value` or `k=v …`.
fn name_values(rest: &str, escape: char, kind: Keyword) -> Result<Vec<Word>, String> {
    let words = parse_words(rest, escape);
    let Some(first) = words.first() else { return Ok(Vec::new()) };
    let empty = |at: usize| Word { text: String::new(), range: at..at };
    if !first.text.contains('=') {
        let parts = split_token_whitespace(rest, Some(2));
        let [key, value] =
            <[Word; 2]>::try_from(parts).map_err(|_| format!("{} must have two arguments", kind.as_str()))?;
        let end = value.range.end;
        return Ok(vec![key, value, empty(end)]);
    }
    let mut out = Vec::with_capacity(words.len() * 3);
    for word in words {
        let Some((key, value)) = word.text.split_once('=') else {
            return Err(format!("Syntax error - can't find = in {:?}. Must be of the form: name=value", word.text));
        };
        let eq = word.range.start + key.len();
        out.push(Word { text: key.to_string(), range: word.range.start..eq });
        out.push(Word { text: value.to_string(), range: (eq + 1).min(word.range.end)..word.range.end });
        out.push(Word { text: "=".into(), range: eq..(eq + 1).min(word.range.end) });
    }
    Ok(out)
}

/// `parseHealthConfig`: the first word is the type (`CMD`/`NONE`), the rest is JSON-or-string.
fn health_config(node: &mut Instruction, rest: &str, offset: usize, map: &SourceMap) -> Option<String> {
    let bytes = rest.as_bytes();
    let sep = bytes.iter().position(|&b| is_go_space(char::from(b))).unwrap_or(bytes.len());
    if sep == 0 {
        return None;
    }
    let next = bytes[sep..].iter().position(|&b| !is_go_space(char::from(b))).map_or(bytes.len(), |i| i + sep);
    let sep = crate::syntax::source::clamp_to_char_boundary(rest, sep);
    let next = crate::syntax::source::clamp_to_char_boundary(rest, next).max(sep);
    node.args.push(Arg { value: rest[..sep].to_string(), span: map.span(offset..offset + sep) });
    let command = &rest[next..];
    if command.is_empty() {
        return None;
    }
    let base = offset + next;
    match parse_json_form(command) {
        JsonForm::Strings(words) => {
            node.json = true;
            node.args.extend(
                words
                    .into_iter()
                    .map(|w| Arg { value: w.text, span: map.span(w.range.start + base..w.range.end + base) }),
            );
            None
        }
        JsonForm::NotAllStrings => Some(ERR_NOT_STRING_ARRAY.to_string()),
        JsonForm::NotJson => {
            node.args.push(Arg { value: command.to_string(), span: map.span(base..offset + rest.len()) });
            None
        }
    }
}

impl Instruction {
    /// `canContainHeredoc`: RUN/COPY/ADD (or ONBUILD of one) in shell form.
    fn may_have_heredocs(&self) -> bool {
        let target = match (&self.trigger, self.kind) {
            (Some(trigger), Keyword::Onbuild) => trigger.as_ref(),
            _ => self,
        };
        target.kind.can_have_heredocs() && !target.json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directive_syntax() {
        assert_eq!(match_directive("# escape=`"), Some(("escape", "`")));
        assert_eq!(match_directive("#directive=value"), Some(("directive", "value")));
        assert_eq!(match_directive("# directive = value "), Some(("directive", "value")));
        assert_eq!(match_directive("#\t dIrEcTiVe=value"), Some(("dIrEcTiVe", "value")));
        assert_eq!(match_directive("# escape="), None);
        assert_eq!(match_directive("# 1x=y"), None);
        assert_eq!(match_directive("# a b=c"), None);
    }

    #[test]
    fn continuation_marker_rules() {
        assert_eq!(continuation_marker("RUN a \\", '\\'), Some(6));
        assert_eq!(continuation_marker("RUN a \\  \t", '\\'), Some(6));
        assert_eq!(continuation_marker("\\", '\\'), Some(0));
        assert_eq!(continuation_marker("RUN a\\\\", '\\'), None);
        assert_eq!(continuation_marker("RUN a\\\\\\", '\\'), None);
        assert_eq!(continuation_marker("RUN a `", '`'), Some(6));
        assert_eq!(continuation_marker("RUN a \\", '`'), None);
    }
}
