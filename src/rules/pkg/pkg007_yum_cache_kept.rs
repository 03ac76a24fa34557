//! PKG007 yum-cache-kept: `yum install` in a RUN that does not end with `yum clean all` (or delete
//! `/var/cache/yum`): metadata and downloaded packages stay in the layer.

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::rpm_cache_kept;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG007",
    name: "yum-cache-kept",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3032"],
    summary: "`yum install` without `yum clean all` in the same RUN.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    rpm_cache_kept(model, Manager::Yum)
}
