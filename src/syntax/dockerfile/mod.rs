//! The Dockerfile syntax tree, built by a lossless parser with BuildKit's exact semantics.
//!
//! Two layers live side by side:
//! - `tokens`: every byte of the input belongs to exactly one token, so concatenating the tokens gives
//!   the input back (fixes and formatters rely on it);
//! - `instructions`: what BuildKit's parser makes of the text (its AST `Node`s), each field with the
//!   byte span it came from, plus the syntax errors BuildKit's `instructions.Parse` would raise.
//!
//! The parser never stops at the first error: a broken instruction gets an error and parsing resumes
//! at the next one, so the rest of the file is still linted.

mod duration;
mod heredoc;
mod json_form;
mod keyword;
mod parser;
mod source_map;
mod validate;
pub mod words;

pub use keyword::Keyword;
pub use parser::parse;
pub use source_map::SourceMap;

use crate::syntax::source::{LineIndex, Span};

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    pub text: String,
    /// The escape token in effect: `\` or `` ` `` (from the `escape` directive).
    pub escape: char,
    pub directives: Vec<Directive>,
    /// Top-level comment lines (not those inside continuations or heredoc bodies).
    pub comments: Vec<Comment>,
    pub instructions: Vec<Instruction>,
    pub tokens: Vec<Token>,
    pub errors: Vec<SyntaxError>,
    pub warnings: Vec<SyntaxWarning>,
    pub line_index: LineIndex,
}

/// A parser directive at the top of the file (`# syntax=…`, `# escape=…`, `# check=…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lowercased name.
    pub name: String,
    pub value: String,
    pub line: usize,
    pub span: Span,
}

/// A comment line. `text` is what BuildKit keeps: `TrimSpace(line[1:])` of the untrimmed line, so an
/// indented `  # x` keeps its `#` (a BuildKit quirk that rules reading comments must see too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    pub text: String,
    pub line: usize,
    pub span: Span,
}

/// One instruction: BuildKit's AST node plus spans.
#[derive(Debug, Clone)]
pub struct Instruction {
    /// The keyword as written (`run`, `Run`, `RUN`).
    pub keyword: String,
    pub kind: Keyword,
    pub keyword_span: Span,
    /// From the first byte of the instruction to the end of its last line (heredoc terminator included),
    /// without the final line break.
    pub span: Span,
    /// 1-based, inclusive; `end_line` covers heredoc bodies and terminators.
    pub start_line: usize,
    pub end_line: usize,
    /// The logical line: physical lines joined with continuations and comment lines removed.
    pub original: String,
    pub flags: Vec<Flag>,
    /// The node's argument values as BuildKit's line parser produced them (for ENV/LABEL: key, value
    /// and separator triples; for HEALTHCHECK: the type, then the command).
    pub args: Vec<Arg>,
    /// Exec (JSON array) form.
    pub json: bool,
    pub heredocs: Vec<Heredoc>,
    /// The comment lines directly above (BuildKit's `PrevComment`).
    pub comments: Vec<String>,
    /// For ONBUILD: the trigger instruction (its lines are the ONBUILD's).
    pub trigger: Option<Box<Instruction>>,
    /// Whether BuildKit rejects this instruction itself (an entry in `Dockerfile::errors` names why); not
    /// set for a well-formed instruction that only comes before the first FROM.
    pub has_error: bool,
    /// Maps offsets in `original` back to the file.
    pub source_map: SourceMap,
}

/// A builder flag such as `--mount=type=cache,target=/root/.cache`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The flag word as BuildKit keeps it: quotes removed, escapes applied.
    pub raw: String,
    pub span: Span,
}

impl Flag {
    /// The name without the leading `--` (`mount` for `--mount=…`).
    pub fn name(&self) -> &str {
        let body = self.raw.strip_prefix("--").unwrap_or(&self.raw);
        body.split_once('=').map_or(body, |(name, _)| name)
    }

    /// The value after `=`, if there is an `=`.
    pub fn value(&self) -> Option<&str> {
        self.raw.split_once('=').map(|(_, value)| value)
    }
}

/// An argument value with the span of the text it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arg {
    pub value: String,
    pub span: Span,
}

/// A heredoc attached to an instruction (`RUN <<EOF`, `COPY <<EOF /dst`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub name: String,
    /// The raw body, line breaks included; for `<<-` the tabs are still there (see `chomp`).
    pub content: String,
    pub expand: bool,
    pub chomp: bool,
    pub fd: u32,
    pub body_span: Span,
    /// The terminator line (empty at the end of an unterminated heredoc).
    pub terminator_span: Span,
}

/// A syntax error, with BuildKit's message (without its `dockerfile parse error on line N:` prefix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub message: String,
    pub start_line: usize,
    pub end_line: usize,
    /// The token at fault (an unknown flag, a keyword) or the whole instruction.
    pub span: Span,
}

/// Which family an error belongs to, so a rule can own the errors it names precisely.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    General,
    /// An instruction other than ARG before the first FROM.
    InstructionBeforeFrom,
    /// `ONBUILD ONBUILD`, `ONBUILD FROM`, `ONBUILD MAINTAINER`.
    InvalidOnbuildTrigger,
    /// A HEALTHCHECK BuildKit rejects: bad duration or retries, `NONE` with arguments, no command, an
    /// unknown type (flag errors stay `General`).
    InvalidHealthcheck,
}

/// A parser warning (BuildKit's: an empty line inside a continuation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxWarning {
    pub message: String,
    pub line: usize,
    pub span: Span,
}

/// A lexical token; tokens tile the input exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// A UTF-8 byte order mark at the very start.
    Bom,
    Whitespace,
    /// `\n`, `\r\n`, or any run of `\r` before it.
    Newline,
    Directive,
    Comment,
    Keyword,
    /// Instruction text: flags and arguments.
    Text,
    /// The escape token ending a continued line, with the blanks after it.
    Continuation,
    HeredocBody,
    HeredocTerminator,
}

impl Dockerfile {
    /// The source text of a span.
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }

    /// The directive with this (lowercase) name, as BuildKit's AST parser sees it.
    pub fn directive(&self, name: &str) -> Option<&Directive> {
        self.directives.iter().find(|d| d.name == name)
    }
}
