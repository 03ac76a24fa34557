//! Linting one file: parse it, build the model, run the selected rules, and collect the findings in a
//! stable order.

use crate::diagnostic::Diagnostic;
use crate::model::build_context::ContextSpec;
use crate::model::Model;
pub use crate::options::LintOptions;
use crate::syntax::dockerfile::{self, Dockerfile};

/// The findings for one file, with the parsed tree the renderers quote from.
#[derive(Debug)]
pub struct FileReport {
    /// The path as the user named it (or `--stdin-filename`).
    pub path: String,
    pub tree: Dockerfile,
    pub diagnostics: Vec<Diagnostic>,
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
