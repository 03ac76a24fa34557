//! PIN014 gem-unpinned: `gem install gem` without `-v VERSION` or `gem:VERSION`.

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN014",
    name: "gem-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3028"],
    summary: "`gem install` of a gem without a version.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    unpinned(model, &[Manager::Gem], |_, p| p.version.is_some(), "gem", |p| format!("{}:<version>", p.name))
}
