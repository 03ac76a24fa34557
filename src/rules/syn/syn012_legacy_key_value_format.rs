//! SYN012 legacy-key-value-format: `ENV key value` / `LABEL key value` (BuildKit's LegacyKeyValueFormat).
//!
//! The legacy form takes the whole rest of the line as one value, which surprises: `ENV A B C` sets A
//! to `B C`. ARG has no legacy form.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::{Instruction, Keyword};

pub const RULE: Rule = Rule {
    code: "SYN012",
    name: "legacy-key-value-format",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["LegacyKeyValueFormat"],
    summary: "ENV or LABEL in the legacy `key value` form.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Whether ENV/LABEL arguments (key, value, separator triples) use the legacy separator-less form.
pub fn is_legacy(inst: &Instruction) -> bool {
    matches!(inst.kind, Keyword::Env | Keyword::Label) && inst.args.len() == 3 && inst.args[2].value.is_empty()
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for stage in &model.stages {
        for (_, inst) in model.commands(stage) {
            if !is_legacy(inst) || inst.has_error {
                continue;
            }
            let name = &inst.keyword;
            let key = &inst.args[0].value;
            findings.push(
                Finding::new(inst.span, format!("\"{name} key=value\" should be used instead of legacy \"{name} key value\" format"))
                    .label("legacy form")
                    .help(format!("write `{name} {key}=…`, quoting the value if it has spaces")),
            );
        }
    }
    findings
}
