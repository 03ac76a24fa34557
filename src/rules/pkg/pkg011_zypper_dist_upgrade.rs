//! PKG011 zypper-dist-upgrade: `zypper dist-upgrade` (`dup`) in a build moves the image to whatever
//! the repositories hold that day, possibly a new distribution release: the base image's tag no longer
//! says what the image is.

use crate::diagnostic::Severity;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG011",
    name: "zypper-dist-upgrade",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3035"],
    summary: "`zypper dist-upgrade` in a Dockerfile.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .package_commands_of(&[Manager::Zypper])
        .filter(|(_, cmd)| cmd.action == Action::DistUpgrade)
        .map(|(_, cmd)| {
            Finding::new(cmd.span, "`zypper dist-upgrade` upgrades the whole distribution during the build")
                .label("the image no longer matches its base tag")
                .help("use a newer base image tag, or `zypper patch` for security fixes")
        })
        .collect()
}
