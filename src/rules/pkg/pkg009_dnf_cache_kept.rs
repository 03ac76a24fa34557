//! PKG009 dnf-cache-kept: `dnf install` (or `microdnf`, `tdnf`) in a RUN that does not end with
//! `dnf clean all` (or delete `/var/cache/dnf`): metadata and packages stay in the layer.

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::rpm_cache_kept;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG009",
    name: "dnf-cache-kept",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3040"],
    summary: "`dnf install` without `dnf clean all` in the same RUN.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    rpm_cache_kept(model, Manager::Dnf)
}
