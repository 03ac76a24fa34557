//! SYN011 multiple-instructions-disallowed: more than one CMD, ENTRYPOINT or HEALTHCHECK in a stage
//! (BuildKit's MultipleInstructionsDisallowed). Only the last one takes effect; the earlier one is
//! reported, with the name of the one that overrides it.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "SYN011",
    name: "multiple-instructions-disallowed",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL4003", "DL4004", "DL3012", "MultipleInstructionsDisallowed"],
    summary: "Several CMD, ENTRYPOINT or HEALTHCHECK instructions in one stage: only the last counts.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for stage in &model.stages {
        let mut last: Vec<(Keyword, usize)> = Vec::new();
        for (index, inst) in model.commands(stage) {
            if !matches!(inst.kind, Keyword::Cmd | Keyword::Entrypoint | Keyword::Healthcheck) || inst.has_error {
                continue;
            }
            if let Some(slot) = last.iter_mut().find(|(k, _)| *k == inst.kind) {
                let earlier = model.instruction(slot.1);
                findings.push(
                    Finding::new(
                        earlier.span,
                        format!("Multiple {} instructions should not be used in the same stage because only the last one will be used", inst.keyword),
                    )
                    .label("overridden later")
                    .secondary(inst.keyword_span, "this one takes effect"),
                );
                slot.1 = index;
            } else {
                last.push((inst.kind, index));
            }
        }
    }
    findings
}
