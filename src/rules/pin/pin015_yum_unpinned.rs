//! PIN015 yum-unpinned: `yum install pkg` without a version (`pkg-1.2.3`, `pkg-1.2.3-1.el7`).

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN015",
    name: "yum-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3033"],
    summary: "`yum install` of a package without a version.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    unpinned(model, &[Manager::Yum], |_, p| p.version.is_some(), "yum", |p| format!("{}-<version>", p.name))
}
