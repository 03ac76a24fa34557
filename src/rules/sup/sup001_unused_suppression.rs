//! SUP001 unused-suppression: an inline ignore that suppresses nothing, or names no rule.
//!
//! The engine produces these findings (`crate::suppress`), after the other rules ran and their
//! findings were matched against the file's suppression comments: this rule has no check of its own.

use crate::diagnostic::Severity;
use crate::rules::{Check, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SUP001",
    name: "unused-suppression",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL1001"],
    summary:
        "An inline ignore (layerlint, hadolint or `# check=` form) that suppresses nothing, or names an unknown rule.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Engine,
};
