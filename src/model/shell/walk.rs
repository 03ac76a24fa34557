//! The only module that sees brush-parser: it parses a text and walks the syntax tree into
//! [`ShellCommand`]s, mapping brush's character positions to bytes and then to the file.

use std::ops::Range;

use brush_parser::ast;
use brush_parser::word::WordPiece;
use brush_parser::{ParserOptions, SourceSpan};

use super::dialect::{is_posix_shell, program_name};
use super::heredoc_markers::Marker;
use super::text_map::TextMap;
use super::words::{align, unquote};
use super::{Assignment, Connector, PipelinePos, Redirect, RedirectOp, ShellCommand, Word};
use crate::syntax::dockerfile::{Arg, Heredoc};
use crate::syntax::source::{clamp_to_char_boundary, Span};

/// Nested scripts (`sh -c`, `$(…)`, heredoc bodies) deeper than this are not parsed.
const MAX_NESTING: u32 = 24;

/// Texts whose syntax nests deeper than this (parentheses, braces, `if`, `case`, loops) are not parsed.
const MAX_SYNTAX_DEPTH: i32 = 40;

/// Texts longer than this are not handed to the parser (BuildKit caps a line at 64 KiB; heredoc bodies
/// have no cap).
const MAX_TEXT: usize = 1 << 20;

/// Collects the commands of one instruction.
pub struct Walker<'f> {
    file: &'f str,
    heredocs: &'f [Heredoc],
    /// The heredoc markers rewritten in the instruction's command text (depth 0 only).
    pub markers: Vec<Marker>,
    pub commands: Vec<ShellCommand>,
    pub parsed: bool,
    next_pipeline: usize,
    options: ParserOptions,
}

/// Where the walk is: the text being walked and how deep.
#[derive(Clone, Copy)]
struct Cx<'t> {
    text: &'t str,
    map: &'t TextMap,
    /// Byte offset of each character, when the text is not ASCII (brush counts characters).
    chars: Option<&'t [usize]>,
    substitution_depth: u32,
    in_subshell: bool,
    script_depth: u32,
    /// The text is the RUN line whose markers were rewritten.
    has_markers: bool,
}

impl Cx<'_> {
    fn byte(&self, char_index: usize) -> usize {
        match self.chars {
            None => char_index.min(self.text.len()),
            Some(chars) => chars.get(char_index).copied().unwrap_or(self.text.len()),
        }
    }

    /// The byte range of a location. brush starts a token that follows a `\`-newline at the blanks
    /// after it, so those are skipped.
    /// The byte range of a location as brush reports it.
    fn raw_range(&self, loc: &SourceSpan) -> Range<usize> {
        let start = self.byte(loc.start.index);
        start..self.byte(loc.end.index).max(start)
    }

    fn range(&self, loc: &SourceSpan) -> Range<usize> {
        let end = self.byte(loc.end.index);
        let mut start = self.byte(loc.start.index).min(end);
        let bytes = self.text.as_bytes();
        while start < end {
            match bytes[start] {
                b' ' | b'\t' | b'\n' => start += 1,
                b'\\' if bytes.get(start + 1) == Some(&b'\n') => start += 2,
                _ => break,
            }
        }
        start.min(end)..end
    }

    fn nesting(&self) -> u32 {
        self.substitution_depth + self.script_depth
    }
}

/// How a shell command gets its script.
enum ShellInput {
    /// `sh -c WORD`: the index of WORD in the arguments.
    Command(usize),
    /// `sh`, `bash -s`, `bash -e`: from standard input.
    Stdin,
}

impl<'f> Walker<'f> {
    pub fn new(file: &'f str, heredocs: &'f [Heredoc]) -> Walker<'f> {
        Walker {
            file,
            heredocs,
            markers: Vec::new(),
            commands: Vec::new(),
            parsed: true,
            next_pipeline: 0,
            options: ParserOptions::default(),
        }
    }

    /// Parse `text` (mapped to the file by `map`) as a script and collect its commands.
    /// `has_markers`: the text is the instruction's command line, whose heredoc markers were rewritten.
    pub fn script(&mut self, text: &str, map: &TextMap, script_depth: u32, has_markers: bool) {
        let cx = Cx { text, map, chars: None, substitution_depth: 0, in_subshell: false, script_depth, has_markers };
        self.parse_and_walk(cx);
    }

    /// Exec form: the argv is one command; a shell with `-c` gets its body parsed.
    pub fn exec_form(&mut self, args: &[Arg]) {
        let [first, rest @ ..] = args else { return };
        let file = self.file;
        let word = |a: &Arg| Word {
            text: file.get(a.span.range()).unwrap_or(&a.value).to_string(),
            value: Some(a.value.clone()),
            span: a.span,
        };
        let last = rest.last().unwrap_or(first);
        let command = ShellCommand {
            program: word(first),
            args: rest.iter().map(word).collect(),
            assignments: Vec::new(),
            redirects: Vec::new(),
            span: Span::new(first.span.start, last.span.end),
            connector: None,
            pipeline: self.pipeline(0, 1, false),
            substitution_depth: 0,
            in_subshell: false,
            script_depth: 0,
        };
        let input = shell_input(&command);
        self.commands.push(command);
        if let Some(ShellInput::Command(k)) = input {
            let arg = &rest[k];
            let raw = self.file.get(arg.span.range()).unwrap_or("");
            let file_map = TextMap::linear(arg.span.start, raw.len());
            let map = file_map.derived(&align(raw, &arg.value), raw.len().saturating_sub(1));
            let cx = Cx {
                text: &arg.value,
                map: &map,
                chars: None,
                substitution_depth: 0,
                in_subshell: false,
                script_depth: 1,
                has_markers: false,
            };
            self.parse_and_walk(cx);
        }
    }

    fn parse_and_walk(&mut self, cx: Cx) {
        if cx.nesting() > MAX_NESTING || cx.text.len() > MAX_TEXT || refused(cx.text) {
            self.parsed = false;
            return;
        }
        let mut parser = brush_parser::Parser::new(cx.text.as_bytes(), &self.options);
        // The texts brush-parser is known to panic on are screened out above (`refused`), because the
        // release profile aborts on panic; in unwinding builds (tests, debug) any other panic in it
        // counts as a text it could not parse rather than taking the linter down.
        let program = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| parser.parse_program()));
        let Ok(Ok(program)) = program else {
            self.parsed = false;
            return;
        };
        let chars: Option<Vec<usize>> = (!cx.text.is_ascii()).then(|| {
            let mut starts: Vec<usize> = cx.text.char_indices().map(|(i, _)| i).collect();
            starts.push(cx.text.len());
            starts
        });
        let cx = Cx { chars: chars.as_deref(), ..cx };
        // Complete commands are separated by newlines: each after the first follows a `;` (or the `&`
        // that ended the one before).
        let mut connector = None;
        for list in &program.complete_commands {
            connector = Some(self.list(list, connector, cx));
        }
    }

    fn pipeline(&mut self, index: usize, len: usize, negated: bool) -> PipelinePos {
        if index == 0 {
            self.next_pipeline += 1;
        }
        PipelinePos { id: self.next_pipeline, index, len, negated }
    }

    /// The commands of a list, the first one chained by `connector`; returns how the list ended.
    fn list(&mut self, list: &ast::CompoundList, mut connector: Option<Connector>, cx: Cx) -> Connector {
        for ast::CompoundListItem(and_or, separator) in &list.0 {
            self.pipeline_of(&and_or.first, connector, cx);
            for next in &and_or.additional {
                match next {
                    ast::AndOr::And(p) => self.pipeline_of(p, Some(Connector::And), cx),
                    ast::AndOr::Or(p) => self.pipeline_of(p, Some(Connector::Or), cx),
                }
            }
            connector = Some(match separator {
                ast::SeparatorOperator::Async => Connector::Background,
                ast::SeparatorOperator::Sequence => Connector::Sequence,
            });
        }
        connector.unwrap_or(Connector::Sequence)
    }

    /// The commands of a nested list (a body, a branch): its first command starts a new chain.
    fn body(&mut self, list: &ast::CompoundList, cx: Cx) {
        self.list(list, None, cx);
    }

    fn pipeline_of(&mut self, pipeline: &ast::Pipeline, connector: Option<Connector>, cx: Cx) {
        let len = pipeline.seq.len();
        for (index, command) in pipeline.seq.iter().enumerate() {
            let pos = self.pipeline(index, len, pipeline.bang);
            let connector = if index == 0 { connector } else { Some(Connector::Pipe) };
            self.command(command, connector, pos, cx);
        }
    }

    fn command(&mut self, command: &ast::Command, connector: Option<Connector>, pos: PipelinePos, cx: Cx) {
        match command {
            ast::Command::Simple(simple) => self.simple(simple, connector, pos, cx),
            ast::Command::Compound(compound, redirects) => {
                self.compound(compound, cx);
                self.redirect_list(redirects.as_ref(), cx);
            }
            ast::Command::Function(function) => {
                self.compound(&function.body.0, cx);
                self.redirect_list(function.body.1.as_ref(), cx);
            }
            ast::Command::ExtendedTest(test, redirects) => {
                self.test_expr(&test.expr, cx);
                self.redirect_list(redirects.as_ref(), cx);
            }
        }
    }

    fn compound(&mut self, compound: &ast::CompoundCommand, cx: Cx) {
        use ast::CompoundCommand as C;
        match compound {
            C::Arithmetic(_) => {}
            C::ArithmeticForClause(f) => self.body(&f.body.list, cx),
            C::BraceGroup(group) => self.body(&group.list, cx),
            C::Subshell(subshell) => self.body(&subshell.list, Cx { in_subshell: true, ..cx }),
            C::ForClause(f) => {
                for value in f.values.iter().flatten() {
                    self.substitutions_in(value, cx);
                }
                self.body(&f.body.list, cx);
            }
            C::CaseClause(case) => {
                self.substitutions_in(&case.value, cx);
                for item in &case.cases {
                    if let Some(body) = &item.cmd {
                        self.body(body, cx);
                    }
                }
            }
            C::IfClause(clause) => {
                self.body(&clause.condition, cx);
                self.body(&clause.then, cx);
                for other in clause.elses.iter().flatten() {
                    if let Some(condition) = &other.condition {
                        self.body(condition, cx);
                    }
                    self.body(&other.body, cx);
                }
            }
            C::WhileClause(w) | C::UntilClause(w) => {
                self.body(&w.0, cx);
                self.body(&w.1.list, cx);
            }
            C::Coprocess(co) => {
                let pos = self.pipeline(0, 1, false);
                self.command(&co.body, None, pos, cx);
            }
        }
    }

    fn test_expr(&mut self, expr: &ast::ExtendedTestExpr, cx: Cx) {
        use ast::ExtendedTestExpr as E;
        match expr {
            E::And(a, b) | E::Or(a, b) => {
                self.test_expr(a, cx);
                self.test_expr(b, cx);
            }
            E::Not(a) | E::Parenthesized(a) => self.test_expr(a, cx),
            E::UnaryTest(_, w) => self.substitutions_in(w, cx),
            E::BinaryTest(_, a, b) => {
                self.substitutions_in(a, cx);
                self.substitutions_in(b, cx);
            }
        }
    }

    /// Redirects of a compound command: only their substitutions matter.
    fn redirect_list(&mut self, redirects: Option<&ast::RedirectList>, cx: Cx) {
        for redirect in redirects.iter().flat_map(|r| &r.0) {
            let mut nested = Vec::new();
            if let Some((_, range)) = self.redirect(redirect, &mut nested, cx) {
                self.substitutions(range, cx);
            }
            // A heredoc body is data here: only a shell reading it makes it a script.
            for job in nested.into_iter().filter(|job| matches!(job, Nested::Subshell(_))) {
                self.nested(job, cx);
            }
        }
    }

    fn simple(&mut self, simple: &ast::SimpleCommand, connector: Option<Connector>, pos: PipelinePos, cx: Cx) {
        let mut assignments = Vec::new();
        let mut program = None;
        let mut args: Vec<(Word, Range<usize>)> = Vec::new();
        let mut redirects = Vec::new();
        let mut extent: Option<Range<usize>> = None;
        // Word ranges to scan for `$(…)`, and bodies to parse, after the command itself is recorded.
        let mut scan: Vec<Range<usize>> = Vec::new();
        let mut nested: Vec<Nested> = Vec::new();
        let mut grow = |range: &Range<usize>| {
            extent = Some(match &extent {
                Some(e) => e.start.min(range.start)..e.end.max(range.end),
                None => range.clone(),
            });
        };
        let prefix = simple.prefix.iter().flat_map(|p| &p.0);
        let suffix = simple.suffix.iter().flat_map(|s| &s.0);
        for (is_prefix, item) in prefix.map(|i| (true, i)).chain(suffix.map(|i| (false, i))) {
            match item {
                ast::CommandPrefixOrSuffixItem::IoRedirect(redirect) => {
                    if let Some((r, range)) = self.redirect(redirect, &mut nested, cx) {
                        grow(&range);
                        scan.push(range);
                        redirects.push(r);
                    }
                }
                ast::CommandPrefixOrSuffixItem::AssignmentWord(assignment, word) if is_prefix => {
                    let Some(range) = word.loc.as_ref().map(|l| cx.range(l)) else { continue };
                    grow(&range);
                    scan.push(range.clone());
                    let text = cx.text.get(range.clone()).unwrap_or("");
                    let value_start = range.start + text.find('=').map_or(text.len(), |i| i + 1);
                    let name = match &assignment.name {
                        ast::AssignmentName::VariableName(name) => name.clone(),
                        ast::AssignmentName::ArrayElementName(name, _) => name.clone(),
                    };
                    assignments.push(Assignment { name, value: self.word_at(value_start..range.end, cx) });
                }
                ast::CommandPrefixOrSuffixItem::Word(word)
                | ast::CommandPrefixOrSuffixItem::AssignmentWord(_, word) => {
                    let Some(range) = word.loc.as_ref().map(|l| cx.range(l)) else { continue };
                    grow(&range);
                    scan.push(range.clone());
                    args.push((self.word_at(range.clone(), cx), range));
                }
                ast::CommandPrefixOrSuffixItem::ProcessSubstitution(_, subshell) => {
                    let range = cx.range(&subshell.loc);
                    // The location starts at the parenthesis; the `<` or `>` is just before it.
                    let range = range.start.saturating_sub(1)..range.end;
                    grow(&range);
                    args.push((
                        Word {
                            text: cx.text.get(range.clone()).unwrap_or("").to_string(),
                            value: None,
                            span: self.span(range.clone(), cx),
                        },
                        range,
                    ));
                    nested.push(Nested::Subshell(subshell));
                }
            }
        }
        if let Some(range) = simple.word_or_name.as_ref().and_then(|w| w.loc.as_ref()).map(|l| cx.range(l)) {
            grow(&range);
            scan.insert(0, range.clone());
            program = Some(self.word_at(range, cx));
        }
        let input = program.as_ref().map(|program| {
            let extent = extent.clone().unwrap_or(0..0);
            let command = ShellCommand {
                program: program.clone(),
                args: args.iter().map(|(w, _)| w.clone()).collect(),
                assignments,
                redirects,
                span: self.span(extent, cx),
                connector,
                pipeline: pos,
                substitution_depth: cx.substitution_depth,
                in_subshell: cx.in_subshell,
                script_depth: cx.script_depth,
            };
            let input = shell_input(&command);
            let heredoc = command
                .redirects
                .iter()
                .find(|r| r.op == RedirectOp::Heredoc && r.fd.unwrap_or(0) == 0)
                .and_then(|r| r.heredoc);
            self.commands.push(command);
            (input, heredoc)
        });
        for range in scan {
            self.substitutions(range, cx);
        }
        for job in std::mem::take(&mut nested) {
            match job {
                Nested::NativeHeredoc(..) if !matches!(input, Some((Some(ShellInput::Stdin), _))) => {}
                job => self.nested(job, cx),
            }
        }
        if let Some((Some(input), heredoc)) = input {
            self.started_script(input, heredoc, &args, cx);
        }
    }

    /// The script a shell command runs, when it is known: a static `sh -c` word, or the BuildKit
    /// heredoc on its standard input.
    fn started_script(&mut self, input: ShellInput, heredoc: Option<usize>, args: &[(Word, Range<usize>)], cx: Cx) {
        let script = |text, map| Cx {
            text,
            map,
            chars: None,
            in_subshell: false,
            script_depth: cx.script_depth + 1,
            has_markers: false,
            ..cx
        };
        match input {
            ShellInput::Command(k) => {
                let Some((_, range)) = args.get(k) else { return };
                let Some(unquoted) = unquote(cx.text.get(range.clone()).unwrap_or("")) else { return };
                let sources: Vec<usize> = unquoted.sources.iter().map(|s| s + range.start).collect();
                let end = sources.last().map_or(range.start, |s| s + 1);
                let map = cx.map.derived(&sources, end);
                self.parse_and_walk(script(&unquoted.value, &map));
            }
            ShellInput::Stdin => {
                let Some(doc) = heredoc.and_then(|i| self.heredocs.get(i)) else { return };
                let map = TextMap::linear(doc.body_span.start, doc.content.len());
                self.parse_and_walk(script(&doc.content, &map));
            }
        }
    }

    /// A redirect and its byte range (operator included); nested parts go to `nested`.
    fn redirect<'a>(
        &self,
        redirect: &'a ast::IoRedirect,
        nested: &mut Vec<Nested<'a>>,
        cx: Cx,
    ) -> Option<(Redirect, Range<usize>)> {
        use ast::IoFileRedirectKind as K;
        let (op, fd, target) = match redirect {
            ast::IoRedirect::File(fd, kind, target) => {
                let op = match kind {
                    K::Read => RedirectOp::Read,
                    K::Write => RedirectOp::Write,
                    K::Append => RedirectOp::Append,
                    K::ReadAndWrite => RedirectOp::ReadWrite,
                    K::Clobber => RedirectOp::Clobber,
                    K::DuplicateInput => RedirectOp::DupInput,
                    K::DuplicateOutput => RedirectOp::DupOutput,
                };
                let word = match target {
                    ast::IoFileRedirectTarget::Filename(w) | ast::IoFileRedirectTarget::Duplicate(w) => w,
                    ast::IoFileRedirectTarget::ProcessSubstitution(_, subshell) => {
                        nested.push(Nested::Subshell(subshell));
                        let range = cx.range(&subshell.loc);
                        let range = range.start.saturating_sub(1)..range.end;
                        let target = Word {
                            text: cx.text.get(range.clone()).unwrap_or("").to_string(),
                            value: None,
                            span: self.span(range.clone(), cx),
                        };
                        let range = operator_start(cx.text, range.start, fd.is_some())..range.end;
                        return Some((
                            Redirect { op, fd: *fd, target, heredoc: None, span: self.span(range.clone(), cx) },
                            range,
                        ));
                    }
                    // `|&` adds `2>&1` with no location.
                    ast::IoFileRedirectTarget::Fd(_) => return None,
                };
                (op, *fd, word)
            }
            ast::IoRedirect::HereDocument(fd, doc) => {
                if let Some(range) = doc.doc.loc.as_ref().map(|l| cx.raw_range(l)) {
                    nested.push(Nested::NativeHeredoc(&doc.doc.value, range));
                }
                (RedirectOp::Heredoc, *fd, &doc.here_end)
            }
            ast::IoRedirect::HereString(fd, word) => (RedirectOp::HereString, *fd, word),
            ast::IoRedirect::OutputAndError(word, append) => {
                let op = if *append { RedirectOp::AppendOutputAndError } else { RedirectOp::OutputAndError };
                (op, None, word)
            }
        };
        let range = cx.range(target.loc.as_ref()?);
        let marker = cx
            .has_markers
            .then(|| self.markers.iter().find(|m| m.name_start == range.start && op == RedirectOp::Read))
            .flatten();
        let (op, heredoc, whole) = match marker {
            Some(m) => (RedirectOp::Heredoc, Some(m.heredoc), m.start..range.end.max(m.end)),
            None => (op, None, operator_start(cx.text, range.start, fd.is_some())..range.end),
        };
        let target = self.word_at(range, cx);
        Some((Redirect { op, fd, target, heredoc, span: self.span(whole.clone(), cx) }, whole))
    }

    fn nested(&mut self, job: Nested, cx: Cx) {
        match job {
            Nested::Subshell(subshell) => {
                let inner = Cx { substitution_depth: cx.substitution_depth + 1, ..cx };
                if inner.nesting() > MAX_NESTING {
                    self.parsed = false;
                    return;
                }
                self.body(&subshell.list, inner);
            }
            Nested::NativeHeredoc(body, range) => {
                // A heredoc inside a script (`bash <<X` … `X` in a heredoc body) fed to a shell.
                // The location runs on over the terminator line; a `<<-` body has lost its tabs.
                let range = range.start..range.start + body.len();
                if cx.text.get(range.clone()) != Some(body) {
                    return;
                }
                let sources: Vec<usize> = range.clone().collect();
                let map = cx.map.derived(&sources, range.end);
                let inner = Cx {
                    text: body,
                    map: &map,
                    chars: None,
                    script_depth: cx.script_depth + 1,
                    has_markers: false,
                    ..cx
                };
                self.parse_and_walk(inner);
            }
        }
    }

    /// Commands inside the `$(…)` and backticks of the word at `range`.
    fn substitutions(&mut self, range: Range<usize>, cx: Cx) {
        let Some(word) = cx.text.get(range.clone()) else { return };
        if !word.contains("$(") && !word.contains('`') {
            return;
        }
        // brush's word parser panics on a directory-stack tilde too large for a `usize` (`~+99…9`).
        let after_tilde = word.strip_prefix('~').map(|w| w.trim_start_matches(['+', '-']));
        if after_tilde.is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit())) {
            self.parsed = false;
            return;
        }
        let options = &self.options;
        let parsed = std::panic::catch_unwind(|| brush_parser::word::parse(word, options));
        match parsed {
            Ok(Ok(pieces)) => self.pieces(&pieces, range.start, cx),
            _ => self.parsed = false,
        }
    }

    fn substitutions_in(&mut self, word: &ast::Word, cx: Cx) {
        if let Some(loc) = &word.loc {
            self.substitutions(cx.range(loc), cx);
        }
    }

    fn pieces(&mut self, pieces: &[brush_parser::word::WordPieceWithSource], base: usize, cx: Cx) {
        for piece in pieces {
            let (start, end) = (base + piece.start_index, base + piece.end_index);
            let (body, sources) = match &piece.piece {
                WordPiece::DoubleQuotedSequence(inner) | WordPiece::GettextDoubleQuotedSequence(inner) => {
                    self.pieces(inner, base, cx);
                    continue;
                }
                WordPiece::CommandSubstitution(body) => {
                    let body_start = start + 2;
                    let sources: Vec<usize> = if cx.text.get(body_start..body_start + body.len()) == Some(body) {
                        (body_start..body_start + body.len()).collect()
                    } else {
                        let raw = cx.text.get(body_start..end.saturating_sub(1)).unwrap_or("");
                        align(raw, body).into_iter().map(|s| s + body_start).collect()
                    };
                    (body, sources)
                }
                WordPiece::BackquotedCommandSubstitution(body) => {
                    let raw = cx.text.get(start + 1..end.saturating_sub(1)).unwrap_or("");
                    (body, align(raw, body).into_iter().map(|s| s + start + 1).collect())
                }
                _ => continue,
            };
            let map = cx.map.derived(&sources, end.saturating_sub(1));
            let inner = Cx {
                text: body,
                map: &map,
                chars: None,
                substitution_depth: cx.substitution_depth + 1,
                has_markers: false,
                ..cx
            };
            self.parse_and_walk(inner);
        }
    }

    /// The word whose text is `range` of the walked text.
    fn word_at(&self, range: Range<usize>, cx: Cx) -> Word {
        let text = cx.text.get(range.clone()).unwrap_or("");
        Word { text: text.to_string(), value: unquote(text).map(|u| u.value), span: self.span(range, cx) }
    }

    /// The file span of a byte range of the walked text, on character boundaries of the file.
    fn span(&self, range: Range<usize>, cx: Cx) -> Span {
        let span = cx.map.span(range);
        let start = clamp_to_char_boundary(self.file, span.start);
        let mut end = span.end.clamp(start, self.file.len());
        while !self.file.is_char_boundary(end) {
            end += 1;
        }
        Span::new(start, end)
    }
}

/// A part of a command parsed after the command is recorded.
enum Nested<'a> {
    /// `<(…)` / `>(…)`.
    Subshell(&'a ast::SubshellCommand),
    /// The body of a heredoc written in the script itself, with its range in the text.
    NativeHeredoc(&'a str, Range<usize>),
}

/// The start of a redirect whose target starts at `target`: back over blanks, the operator and, when
/// the redirect names one, the descriptor digits.
fn operator_start(text: &str, target: usize, has_fd: bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = target.min(bytes.len());
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    while i > 0 && matches!(bytes[i - 1], b'<' | b'>' | b'&' | b'|' | b'-') {
        i -= 1;
    }
    if has_fd {
        while i > 0 && bytes[i - 1].is_ascii_digit() {
            i -= 1;
        }
    }
    i
}

/// How a command that starts a shell gets its script, looking through `env`, `exec`, `sudo`, `nohup`,
/// `time` and `busybox sh`.
fn shell_input(command: &ShellCommand) -> Option<ShellInput> {
    let mut name = program_name(command.program.value.as_deref()?);
    let mut i = 0;
    let args = &command.args;
    loop {
        let value_of = |k: usize| args.get(k).and_then(|w| w.value.as_deref());
        match name.as_str() {
            "env" | "exec" | "nohup" | "time" | "sudo" | "busybox" => {
                let takes_value =
                    |flag: &str| name == "sudo" && matches!(flag, "-u" | "-g" | "-C" | "-D" | "-h" | "-p" | "-U");
                while let Some(arg) = value_of(i) {
                    if arg.starts_with('-') {
                        i += if takes_value(arg) { 2 } else { 1 };
                    } else if name == "env" && arg.contains('=') {
                        i += 1;
                    } else {
                        break;
                    }
                }
                name = program_name(value_of(i)?);
                i += 1;
            }
            _ => break,
        }
    }
    if !is_posix_shell(&name) {
        return None;
    }
    let (mut has_c, mut has_s) = (false, false);
    while let Some(word) = args.get(i) {
        let Some(arg) = word.value.as_deref() else {
            return if has_c { Some(ShellInput::Command(i)) } else { None };
        };
        match arg {
            "--" | "-" => {
                i += 1;
                break;
            }
            "--rcfile" | "--init-file" => i += 2,
            _ if arg.starts_with("--") => i += 1,
            _ if arg.len() > 1 && (arg.starts_with('-') || arg.starts_with('+')) => {
                has_c |= arg.starts_with('-') && arg.contains('c');
                has_s |= arg.starts_with('-') && arg.contains('s');
                // `-o pipefail`, `-eo pipefail`, `-O extglob`: the option name is the next word.
                i += if arg.contains(['o', 'O']) { 2 } else { 1 };
            }
            _ => break,
        }
    }
    match (has_c, has_s || i >= args.len()) {
        (true, _) => (i < args.len()).then_some(ShellInput::Command(i)),
        (false, true) => Some(ShellInput::Stdin),
        // `sh script.sh`: the script is a file.
        (false, false) => None,
    }
}

/// Texts brush-parser is not given: ones it is known to panic on (a descriptor number too large for an
/// `i32`: `99999999999>x`) or to allocate without end on (a heredoc delimiter holding `$(`, as in
/// `<<E$(\t(1)) `), and ones nested deeper than [`MAX_SYNTAX_DEPTH`], whose recursive descent could
/// overflow a thread's stack (it does past ~100 levels of `if` on a 2 MiB stack in a debug build).
fn refused(text: &str) -> bool {
    if odd_heredoc_delimiter(text) {
        return true;
    }
    let bytes = text.as_bytes();
    let (mut digits, mut depth, mut max_depth) = (0, 0i32, 0i32);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            digits += 1;
            i += 1;
            continue;
        }
        if digits >= 10 && matches!(b, b'<' | b'>') {
            return true;
        }
        digits = 0;
        match b {
            b'\\' => i += 1,
            b'(' | b'{' => depth += 1,
            // Quotes are not tracked: a quoted `(` only over-counts, and a quoted `)` cannot hide depth.
            b')' | b'}' => depth = (depth - 1).max(0),
            b'a'..=b'z' if i == 0 || !bytes[i - 1].is_ascii_alphanumeric() && bytes[i - 1] != b'_' => {
                let len = bytes[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
                match &text[i..i + len] {
                    "if" | "case" | "do" => depth += 1,
                    "fi" | "esac" | "done" => depth = (depth - 1).max(0),
                    _ => {}
                }
                i += len;
                max_depth = max_depth.max(depth);
                continue;
            }
            _ => {}
        }
        max_depth = max_depth.max(depth);
        i += 1;
    }
    max_depth > MAX_SYNTAX_DEPTH
}

/// Whether a `<<` delimiter word holds `$`, a backtick or `(` (no real script does).
fn odd_heredoc_delimiter(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("<<") {
        let after = rest[at + 2..].trim_start_matches('<').trim_start_matches('-').trim_start_matches([' ', '\t']);
        let word = after.split([' ', '\t', '\n']).next().unwrap_or("");
        if word.contains(['$', '`', '(']) {
            return true;
        }
        rest = &rest[at + 2..];
    }
    false
}
