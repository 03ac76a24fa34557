//! SYN019 invalid-onbuild-trigger: `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`, which
//! BuildKit rejects.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, syntax_errors, Finding, Fixable, Rule};
use crate::syntax::dockerfile::SyntaxErrorKind;

pub const RULE: Rule = Rule {
    code: "SYN019",
    name: "invalid-onbuild-trigger",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL3043"],
    summary: "ONBUILD wraps ONBUILD, FROM or MAINTAINER.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    syntax_errors(model, SyntaxErrorKind::InvalidOnbuildTrigger)
        .map(|e| Finding::new(e.span, e.message.clone()).label("not allowed as an ONBUILD trigger"))
        .collect()
}
