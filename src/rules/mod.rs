//! The rules: each a small pure function over a parsed file that emits diagnostics.

pub mod syn;
