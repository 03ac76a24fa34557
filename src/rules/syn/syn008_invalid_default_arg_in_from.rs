//! SYN008 invalid-default-arg-in-from: with only the default values of the global ARGs (no
//! `--build-arg`), a FROM's image reference is empty or invalid (BuildKit's InvalidDefaultArgInFrom).
//! A plain `docker build` then fails; give the ARG a default that makes a valid reference. A reference
//! written without variables is PIN008's (invalid-image-reference), which underlines the part at fault.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::image_ref::ImageRef;

pub const RULE: Rule = Rule {
    code: "SYN008",
    name: "invalid-default-arg-in-from",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["InvalidDefaultArgInFrom"],
    summary: "With default ARG values, a FROM's image reference is empty or invalid.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    // BuildKit abandons the check when a default does not expand: the build fails elsewhere first.
    let Ok(defaults) = model.global_arg_values(false) else { return Vec::new() };
    let mut findings = Vec::new();
    for stage in &model.stages {
        let Ok(expansion) = model.expand_with(&stage.base, defaults) else { return findings };
        if expansion.matched.is_empty() && expansion.unmatched.is_empty() {
            continue;
        }
        if let Err(error) = ImageRef::parse(&expansion.result) {
            let shown = if expansion.result.is_empty() { "an empty name".to_string() } else { format!("`{}`", expansion.result) };
            findings.push(
                Finding::new(stage.base_span, format!("Default value for ARG {} results in empty or invalid base image name", stage.base))
                    .label(format!("with default ARG values this is {shown}"))
                    .note(error.message)
                    .help("give the ARG a default that makes a valid image reference"),
            );
        }
    }
    findings
}
