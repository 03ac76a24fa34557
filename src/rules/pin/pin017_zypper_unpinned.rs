//! PIN017 zypper-unpinned: `zypper install pkg` without a version (`pkg=1.2`, `pkg>=1.2`, `pkg-1.2`).

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN017",
    name: "zypper-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3037"],
    summary: "`zypper install` of a package without a version.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    unpinned(model, &[Manager::Zypper], |_, p| p.version.is_some(), "zypper", |p| format!("{}=<version>", p.name))
}
