//! PKG012 zypper-cache-kept: `zypper install` in a RUN that does not end with `zypper clean` (or delete
//! `/var/cache/zypp`): metadata and packages stay in the layer.

use crate::diagnostic::Severity;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::packages::CacheRule;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG012",
    name: "zypper-cache-kept",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3036"],
    summary: "`zypper install` without `zypper clean` in the same RUN.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    CacheRule {
        managers: &[Manager::Zypper],
        installs: &|cmd| cmd.action == Action::Install,
        dirs: &["/var/cache/zypp"],
        cleans: &|_, later| later.action == Action::Clean,
        finding: &|cmd| {
            Finding::new(cmd.span, "`zypper install` leaves its cache in the image")
                .label("metadata and packages stay in this layer")
                .help("end the RUN with `&& zypper clean --all`")
        },
        fix: Some(&|_| ("zypper clean --all".to_string(), true)),
    }
    .check(model)
}
