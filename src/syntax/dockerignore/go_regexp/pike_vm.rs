//! Matching: a Pike-VM simulation of the compiled program, so no pattern can take exponential time.
use super::{Inst, Look, Regexp};

impl Regexp {
    /// `MatchString`: does the expression match anywhere in `text`? A Pike-VM simulation: every
    /// position starts a new thread, and threads advance together one character at a time.
    pub(in crate::syntax::dockerignore) fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        let mut current = ThreadSet::new(self.program.len());
        let mut next = ThreadSet::new(self.program.len());
        let mut stack = Vec::new();
        for pos in 0..=chars.len() {
            let here = Position::at(&chars, pos);
            if self.add_thread(&mut current, 0, here, &mut stack) {
                return true;
            }
            let Some(&c) = chars.get(pos) else { break };
            let after = Position::at(&chars, pos + 1);
            next.clear();
            for &pc in &current.dense {
                let advances = match self.program[pc] {
                    Inst::Char(expected) => expected == c as u32,
                    Inst::Class(index) => self.classes[index].contains(c),
                    Inst::AnyButNewline => c != '\n',
                    _ => false,
                };
                if advances && self.add_thread(&mut next, pc + 1, after, &mut stack) {
                    return true;
                }
            }
            std::mem::swap(&mut current, &mut next);
        }
        false
    }

    /// Adds `pc` and everything reachable from it without consuming a character; true when that
    /// reaches `Match`.
    fn add_thread(&self, set: &mut ThreadSet, pc: usize, here: Position, stack: &mut Vec<usize>) -> bool {
        stack.clear();
        stack.push(pc);
        while let Some(pc) = stack.pop() {
            if !set.insert(pc) {
                continue;
            }
            match self.program[pc] {
                Inst::Jump(target) => stack.push(target),
                Inst::Split(first, second) => {
                    stack.push(second);
                    stack.push(first);
                }
                Inst::Look(look) => {
                    if here.satisfies(look) {
                        stack.push(pc + 1);
                    }
                }
                Inst::Match => return true,
                Inst::Char(_) | Inst::Class(_) | Inst::AnyButNewline => {}
            }
        }
        false
    }
}

/// The characters around a position, for `^`, `$`, `\b` and `\B`.
#[derive(Clone, Copy)]
struct Position {
    before: Option<char>,
    after: Option<char>,
}

impl Position {
    fn at(chars: &[char], pos: usize) -> Position {
        Position { before: pos.checked_sub(1).and_then(|i| chars.get(i).copied()), after: chars.get(pos).copied() }
    }

    fn satisfies(self, look: Look) -> bool {
        // Go's `\b` uses ASCII word characters only.
        let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        match look {
            Look::BeginText => self.before.is_none(),
            Look::EndText => self.after.is_none(),
            Look::WordBoundary => is_word(self.before) != is_word(self.after),
            Look::NotWordBoundary => is_word(self.before) == is_word(self.after),
        }
    }
}

/// A set of program counters with O(1) insert and clear (the classic sparse set).
struct ThreadSet {
    dense: Vec<usize>,
    sparse: Vec<usize>,
}

impl ThreadSet {
    fn new(capacity: usize) -> ThreadSet {
        ThreadSet { dense: Vec::new(), sparse: vec![0; capacity] }
    }

    fn insert(&mut self, pc: usize) -> bool {
        let slot = self.sparse[pc];
        if slot < self.dense.len() && self.dense[slot] == pc {
            return false;
        }
        self.sparse[pc] = self.dense.len();
        self.dense.push(pc);
        true
    }

    fn clear(&mut self) {
        self.dense.clear();
    }
}
