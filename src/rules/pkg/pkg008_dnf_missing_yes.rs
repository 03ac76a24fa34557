//! PKG008 dnf-missing-yes: `dnf install` (or `tdnf`, `remove`, `upgrade`) without `-y`: dnf asks "Is
//! this ok [y/N]" and the build fails. `microdnf` never asks, so it is not reported.

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::missing_yes;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG008",
    name: "dnf-missing-yes",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3038"],
    summary: "`dnf install` without `-y`: the build stops at the prompt.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    missing_yes(model, Manager::Dnf)
}
