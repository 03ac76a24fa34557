//! Go's `regexp` (RE2 syntax with Go's Perl flags), as far as patternmatcher's translated patterns reach it:
//! the same accepted syntax, the same errors, the same matches (an unanchored search, since Go calls
//! `MatchString`). Matching simulates the automaton (no backtracking), so no pattern can take exponential
//! time.
//!
//! One approximation: Go's Unicode tables (`\pL`, `\p{Greek}`) are not embedded. Class names are checked
//! exactly as Go 1.19 does (so the same patterns fail), and membership is exact for ASCII; beyond ASCII
//! the standard library's character properties stand in where one exists (letters, upper and lower case,
//! numbers, controls, spaces), and scripts match no non-ASCII character.
mod class;
mod parse;
mod pike_vm;
mod program;
mod unicode;

use class::CharClass;
use program::{emit, program_size};

/// regexp/syntax's `maxSize` (128 MiB of 40-byte instructions): larger programs are refused with
/// "expression too large". Counted on our own instructions, so the bound is close, not exact.
const MAX_PROGRAM_SIZE: usize = (128 << 20) / 40;

#[derive(Debug)]
pub(super) struct Regexp {
    program: Vec<Inst>,
    classes: Vec<CharClass>,
}

#[derive(Debug)]
enum Inst {
    Char(u32),
    Class(usize),
    AnyButNewline,
    Look(Look),
    Split(usize, usize),
    Jump(usize),
    Match,
}

#[derive(Debug, Clone, Copy)]
enum Look {
    BeginText,
    EndText,
    WordBoundary,
    NotWordBoundary,
}

#[derive(Debug)]
enum Node {
    Empty,
    Char(u32),
    Class(usize),
    AnyButNewline,
    Look(Look),
    Concat(Vec<Node>),
    Alternate(Vec<Node>),
    /// `counted` marks `{n,m}` (Go's OpRepeat), which alone counts towards the nesting limit.
    Repeat {
        sub: Box<Node>,
        min: u32,
        max: Option<u32>,
        counted: bool,
    },
}

impl Regexp {
    /// `regexp.Compile`; the error is Go's reason, e.g. ``invalid escape sequence: `\q` ``.
    pub(super) fn compile(expression: &str) -> Result<Regexp, String> {
        let (root, classes) = parse::parse(expression)?;
        if program_size(&root) > MAX_PROGRAM_SIZE {
            return Err(format!("expression too large: `{expression}`"));
        }
        let mut program = Vec::new();
        emit(&root, &mut program);
        program.push(Inst::Match);
        Ok(Regexp { program, classes })
    }
}
