//! PIN016 dnf-unpinned: `dnf`/`microdnf`/`tdnf install pkg` without a version (`pkg-1.2.3`).

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN016",
    name: "dnf-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3041"],
    summary: "`dnf install` (or `microdnf`) of a package without a version.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    unpinned(model, &[Manager::Dnf], |_, p| p.version.is_some(), "dnf", |p| format!("{}-<version>", p.name))
}
