//! PIN011 apk-unpinned: `apk add pkg` without a version (`pkg=1.2.3-r0`, `pkg~1.2`). A repository tag
//! (`pkg@edge`) picks a repository, not a version.

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN011",
    name: "apk-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3018"],
    summary: "`apk add` of a package without a version.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let pinned = |_: &_, p: &crate::model::packages::Package| p.version.as_deref().is_some_and(|v| !v.starts_with('@'));
    unpinned(model, &[Manager::Apk], pinned, "apk", |p| format!("{}~<version>", p.name))
}
