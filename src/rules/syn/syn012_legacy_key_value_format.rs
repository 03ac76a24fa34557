//! SYN012 legacy-key-value-format: `ENV key value` / `LABEL key value` (BuildKit's LegacyKeyValueFormat).
//!
//! The legacy form takes the whole rest of the line as one value, which surprises: `ENV A B C` sets A
//! to `B C`. ARG has no legacy form.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{is_written, Check, Edit, Finding, Fix, Fixable, Rule};
use crate::syntax::source::Span;
use crate::syntax::dockerfile::{Instruction, Keyword};

pub const RULE: Rule = Rule {
    code: "SYN012",
    name: "legacy-key-value-format",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["LegacyKeyValueFormat"],
    summary: "ENV or LABEL in the legacy `key value` form.",
    fixable: Fixable::Safe,
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
            let finding =
                Finding::new(inst.span, format!("\"{name} key=value\" should be used instead of legacy \"{name} key value\" format"))
                    .label("legacy form")
                    .help(format!("write `{name} {key}=…`, quoting the value if it has spaces"));
            findings.push(match key_value(model, inst) {
                Some(edit) => finding.fix(Fix::safe(format!("Write `{name} {key}=…`"), vec![edit])),
                None => finding,
            });
        }
    }
    findings
}

/// `ENV key value` as `ENV key=value`. The legacy value is one word however many spaces it holds, so
/// a value with blanks is put in double quotes; a value holding quotes or the escape character already
/// means something as it is and is left for the user (no fix). Only key and value on one line are
/// rewritten; everything around them keeps its bytes.
fn key_value(model: &Model, inst: &Instruction) -> Option<Edit> {
    let (key, value) = (&inst.args[0], &inst.args[1]);
    let between = model.tree.text.get(key.span.end..value.span.start)?;
    let written = is_written(model, key.span, &key.value) && is_written(model, value.span, &value.value);
    if !written || !between.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    let blanks = value.value.contains([' ', '\t']);
    let quoting = value.value.contains(['"', '\'', model.tree.escape]);
    let new_value = match (blanks, quoting) {
        (false, _) => value.value.clone(),
        (true, false) => format!("\"{}\"", value.value),
        (true, true) => return None,
    };
    Some(Edit::replace(Span::new(key.span.start, value.span.end), format!("{}={new_value}", key.value)))
}
