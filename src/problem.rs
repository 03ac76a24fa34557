//! Problems a user must act on (a bad path, flag or file), said the one way every command says them:
//! `error: <what>: <why>`, then a `help:` line with what to do.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What is wrong, and with what.
    pub message: String,
    /// What to do about it (empty when there is nothing to add).
    pub help: String,
}

impl Problem {
    pub fn new(message: impl Into<String>, help: impl Into<String>) -> Problem {
        Problem { message: message.into(), help: help.into() }
    }

    /// The same problem, about `subject` (`path: message`).
    pub fn about(self, subject: impl fmt::Display) -> Problem {
        Problem { message: format!("{subject}: {}", self.message), help: self.help }
    }

    /// Print it on standard error.
    pub fn print(&self) {
        eprintln!("{self}");
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: {}", self.message)?;
        if !self.help.is_empty() {
            write!(f, "\n  help: {}", self.help)?;
        }
        Ok(())
    }
}
