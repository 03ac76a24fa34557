//! PKG016 distro-upgrade: upgrading every installed package during the build (`apt-get upgrade`,
//! `apk upgrade`, `yum update`, `dnf upgrade`, `zypper update`). The result depends on the day of the
//! build, not on the Dockerfile, and the upgrade adds a layer of changed files on top of the base:
//! a newer base image tag gives the same fixes reproducibly. `zypper dist-upgrade` is PKG011's.

use crate::diagnostic::Severity;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG016",
    name: "distro-upgrade",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "`apt-get upgrade`, `apk upgrade`, `yum update`… of the whole system in an image build.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let managers = [Manager::Apt, Manager::Apk, Manager::Yum, Manager::Dnf, Manager::Zypper];
    model
        .package_commands_of(&managers)
        .filter(|(_, cmd)| match cmd.action {
            // `yum update curl` upgrades one package: that is an install.
            Action::Upgrade => cmd.operands.is_empty(),
            Action::DistUpgrade => cmd.manager != Manager::Zypper,
            _ => false,
        })
        .map(|(_, cmd)| {
            let head = cmd.subcommand.as_ref().map_or(cmd.program.clone(), |s| format!("{} {}", cmd.program, s.as_str()));
            Finding::new(cmd.span, format!("`{head}` upgrades the whole system during the build"))
                .label("the image depends on the day it was built")
                .help("use a newer base image tag instead, or upgrade only the packages that need it")
        })
        .collect()
}
