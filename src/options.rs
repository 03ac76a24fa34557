//! What the engine runs on a file and how: the rules selected, severity overrides, rule options, build
//! arguments and the target stage. Config and the command line build it; the engine, suppressions and
//! the language server read it.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::Severity;
use crate::rules::{self, Rule};

/// What to run and how: the rules selected, severity overrides and build arguments.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub rules: Vec<&'static Rule>,
    pub severities: HashMap<&'static str, Severity>,
    pub build_args: BTreeMap<String, String>,
    /// Codes the configuration or command line turned off explicitly (`ignore`, per-file ignores): a
    /// file's `# check=experimental=` does not turn these back on.
    pub ignored: Vec<&'static str>,
    /// `[rules.<CODE>]` option tables, validated against each rule's declared options.
    pub rule_options: BTreeMap<&'static str, toml::Table>,
    /// `--target`: the stage that is the final one (default: the last).
    pub target: Option<String>,
}

impl Default for LintOptions {
    /// Every rule that is on by default, at its default severity.
    fn default() -> Self {
        LintOptions {
            rules: rules::ALL.iter().copied().filter(|r| r.default_enabled).collect(),
            severities: HashMap::new(),
            build_args: BTreeMap::new(),
            ignored: Vec::new(),
            rule_options: BTreeMap::new(),
            target: None,
        }
    }
}

impl LintOptions {
    pub fn severity_of(&self, rule: &Rule) -> Severity {
        self.severities.get(rule.code).copied().unwrap_or(rule.severity)
    }
}
