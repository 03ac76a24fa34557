//! PKG006 yum-missing-yes: `yum install` (or `remove`, `update`) without `-y`: yum asks "Is this ok
//! [y/N]", reads end of input and the build fails.

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::missing_yes;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG006",
    name: "yum-missing-yes",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3030"],
    summary: "`yum install` without `-y`: the build stops at the prompt.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    missing_yes(model, Manager::Yum)
}
