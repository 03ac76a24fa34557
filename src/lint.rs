//! Linting one file: parse it, build the model, run the selected rules, and collect the findings in a
//! stable order.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::rules::{self, Rule};
use crate::syntax::dockerfile::{self, Dockerfile};

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

/// The findings for one file, with the parsed tree the renderers quote from.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user named it (or `--stdin-filename`).
    pub path: String,
    pub tree: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
}

/// Where a Dockerfile is built from: its build context folder, and the Dockerfile's own path (whose
/// `<name>.dockerignore` takes precedence over the context's `.dockerignore`).
#[derive(Debug, Clone)]
pub struct ContextSpec {
    pub dir: std::path::PathBuf,
    pub dockerfile: Option<std::path::PathBuf>,
}

/// Lint a Dockerfile's text with no build context (nothing on disk is read).
pub fn lint_text(path: String, text: &str, options: &LintOptions) -> FileReport {
    lint_in_context(path, text, options, None)
}

/// Lint a Dockerfile's text; rules that need the build context get it from `context`.
pub fn lint_in_context(path: String, text: &str, options: &LintOptions, context: Option<&ContextSpec>) -> FileReport {
    let tree = dockerfile::parse(text);
    let mut inline = crate::suppress::Inline::read(&tree, options);
    let mut diagnostics = Vec::new();
    {
        let model = Model::new(&tree, &options.build_args)
            .with_rule_options(&options.rule_options)
            .with_target(options.target.as_deref())
            .with_build_context(context);
        for rule in inline.rules_to_run(options) {
            let Some(check) = rule.check else { continue };
            let severity = options.severity_of(rule);
            diagnostics.extend(check(&model).into_iter().map(|f| Diagnostic {
                code: rule.code,
                name: rule.name,
                severity,
                message: f.message,
                span: f.span,
                label: f.label,
                secondary: f.secondary,
                notes: f.notes,
                help: f.help,
            }));
        }
    }
    inline.apply(&tree, options, &mut diagnostics);
    diagnostics.sort_by(|a, b| (a.span.start, a.code, &a.message).cmp(&(b.span.start, b.code, &b.message)));
    diagnostics.dedup();
    FileReport { path, tree, diagnostics }
}
