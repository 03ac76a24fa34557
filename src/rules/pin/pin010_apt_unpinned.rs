//! PIN010 apt-unpinned: `apt-get install pkg` without `=version`. An unpinned package is whatever the
//! index holds on the day of the build: two builds of the same Dockerfile differ, and a cached layer
//! hides it until the cache is gone.

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN010",
    name: "apt-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3008"],
    summary: "`apt-get install` of a package without `=version`.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    // `pkg/bookworm-backports` picks a release, not a version.
    unpinned(model, &[Manager::Apt], |_, p| p.version.as_deref().is_some_and(|v| v.starts_with('=')), "apt", |p| format!("{}=<version>", p.name))
}
