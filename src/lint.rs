//! Linting one file: parse it, build the model, run the selected rules, and collect the findings in a
//! stable order. Dockerfiles and `.dockerignore` files are both linted here, each by the rules that read
//! its kind (`rules::Check`).

use crate::diagnostic::Diagnostic;
use crate::model::build_context::SharedContext;
use crate::model::ignore_file::{DockerfileUse, IgnoreModel};
use crate::model::Model;
pub use crate::options::LintOptions;
use crate::problem::Problem;
use crate::rules::{Check, Finding, Rule};
use crate::syntax::dockerfile::{self, Dockerfile};
use crate::syntax::dockerignore::IgnoreFile;
use crate::syntax::source::LineIndex;

/// The findings for one file, with the parsed file the renderers quote from.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user named it (or `--stdin-filename`).
    pub path: String,
    pub parsed: Parsed,
    pub diagnostics: Vec<Diagnostic>,
    /// What stopped the file from being linted as asked (a `--target` it has no stage for): reported as
    /// errors, exit 2, beside its findings.
    pub problems: Vec<Problem>,
}

/// A linted file, parsed.
#[derive(Debug)]
pub enum Parsed {
    Dockerfile(Dockerfile),
    Dockerignore(IgnoreFile),
}

impl FileReport {
    pub fn text(&self) -> &str {
        match &self.parsed {
            Parsed::Dockerfile(tree) => &tree.text,
            Parsed::Dockerignore(file) => &file.text,
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        match &self.parsed {
            Parsed::Dockerfile(tree) => &tree.line_index,
            Parsed::Dockerignore(file) => &file.line_index,
        }
    }

    /// The Dockerfile's syntax tree (`None` for a `.dockerignore`).
    pub fn tree(&self) -> Option<&Dockerfile> {
        match &self.parsed {
            Parsed::Dockerfile(tree) => Some(tree),
            Parsed::Dockerignore(_) => None,
        }
    }
}

/// Lint a Dockerfile's text with no build context (nothing on disk is read).
pub fn lint_text(path: String, text: &str, options: &LintOptions) -> FileReport {
    lint_in_context(path, text, options, None)
}

/// Lint a Dockerfile's text; rules that need the build context get it from `context`.
pub fn lint_in_context(path: String, text: &str, options: &LintOptions, context: Option<&SharedContext>) -> FileReport {
    let tree = dockerfile::parse(text);
    let mut inline = crate::suppress::Inline::read(&tree, options);
    let mut diagnostics = Vec::new();
    let mut problems = Vec::new();
    {
        let model = Model::new(&tree, &options.build_args)
            .with_rule_options(&options.rule_options)
            .with_target(options.target.as_deref())
            .with_build_context(context);
        problems.extend(unknown_target(&model, options.target.as_deref()).map(|p| p.about(&path)));
        for rule in inline.rules_to_run(options) {
            if let Check::Dockerfile(check) = rule.check {
                diagnostics.extend(diagnose(rule, options, check(&model)));
            }
        }
    }
    inline.apply(&tree, options, &mut diagnostics);
    sort(&mut diagnostics);
    FileReport { path, parsed: Parsed::Dockerfile(tree), diagnostics, problems }
}

/// Lint a `.dockerignore`'s text. `context` is the build context it belongs to (its folder) and
/// `dockerfiles` the Dockerfiles built from it that use this file, when they are known.
pub fn lint_ignore_file(
    path: String,
    text: &str,
    options: &LintOptions,
    context: Option<&SharedContext>,
    dockerfiles: &[DockerfileUse],
) -> FileReport {
    let file = IgnoreFile::parse(text.to_owned());
    let mut inline = crate::suppress::Inline::read_ignore_file(&file);
    let mut diagnostics = Vec::new();
    {
        let model = IgnoreModel::new(&file, &options.build_args)
            .with_rule_options(&options.rule_options)
            .with_context(context, dockerfiles);
        for rule in inline.rules_to_run(options) {
            if let Check::Dockerignore(check) = rule.check {
                diagnostics.extend(diagnose(rule, options, check(&model)));
            }
        }
    }
    inline.apply_to_ignore_file(&file, options, &mut diagnostics);
    sort(&mut diagnostics);
    FileReport { path, parsed: Parsed::Dockerignore(file), diagnostics, problems: Vec::new() }
}

/// `--target NAME` for a file with no stage of that name, which `docker build --target` refuses: the
/// stages there are, and the closest one.
fn unknown_target(model: &Model, target: Option<&str>) -> Option<Problem> {
    let target = target?;
    if model.stages.is_empty() || model.final_stage().is_some() {
        return None;
    }
    let names: Vec<&str> = model.stages.iter().filter_map(|s| s.name.as_deref()).collect();
    let listed = names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ");
    let help = match (crate::suggest::closest(target, names.iter().copied(), false), names.is_empty()) {
        (_, true) => "no stage has a name (`FROM image AS name`); drop --target to build the last stage".to_string(),
        (Some(near), _) => format!("did you mean `{near}`? The stages are {listed}"),
        (None, _) => format!("the stages are {listed}"),
    };
    Some(Problem::new(format!("--target {target}: no stage is called `{target}`"), help))
}

/// A rule's findings as diagnostics, with its code, name and configured severity.
fn diagnose(rule: &'static Rule, options: &LintOptions, findings: Vec<Finding>) -> impl Iterator<Item = Diagnostic> {
    let severity = options.severity_of(rule);
    findings.into_iter().map(move |f| Diagnostic {
        code: rule.code,
        name: rule.name,
        severity,
        message: f.message,
        span: f.span,
        label: f.label,
        secondary: f.secondary,
        notes: f.notes,
        help: f.help,
        fix: f.fix,
    })
}

fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| (a.span.start, a.code, &a.message).cmp(&(b.span.start, b.code, &b.message)));
    diagnostics.dedup();
}
