//! PKG002 apt-install-recommends: `apt-get install` without `--no-install-recommends`. Debian and
//! Ubuntu install every "Recommends" of each package by default: documentation, extra tools, often
//! tens of megabytes nobody asked for.

use crate::diagnostic::Severity;
use crate::model::packages::moot::apt_configured;
use crate::model::packages::{Action, Manager, PackageCommand};
use crate::model::Model;
use crate::rules::packages::insert_after_head;
use crate::rules::pkg::pkg001_apt_missing_yes::head;
use crate::rules::{Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG002",
    name: "apt-install-recommends",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3015", "DS029"],
    summary: "`apt-get install` without `--no-install-recommends`.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[Manager::Apt]) {
        if cmd.action != Action::Install
            || cmd.registry_packages().next().is_none()
            || !model.package_run_ships(run)
            || skips_recommends(cmd)
            || apt_configured(model, run, cmd.command, "install-recommends", false)
        {
            continue;
        }
        let finding = Finding::new(cmd.span, format!("`{}` also installs every recommended package", head(cmd)))
            .label("recommended packages end up in the image")
            .help("add `--no-install-recommends`, and name what you need");
        findings.push(match insert_after_head(model, run, cmd, cmd.head_end(), " --no-install-recommends") {
            Some(edit) => finding.fix(Fix::unsafe_("Add `--no-install-recommends`", vec![edit])),
            None => finding,
        });
    }
    findings
}

/// `--no-install-recommends`, `--install-recommends=false`, `-o APT::Install-Recommends=false`, and
/// aptitude's `-R`/`--without-recommends`.
fn skips_recommends(cmd: &PackageCommand) -> bool {
    let false_value = |v: &str| matches!(v.trim_matches(['"', '\'']).to_ascii_lowercase().as_str(), "false" | "0" | "no" | "off");
    cmd.has_option(&["--no-install-recommends", "--without-recommends"])
        || (cmd.program == "aptitude" && cmd.has_option(&["-R"]))
        || cmd.option_value(&["--install-recommends"]).is_some_and(false_value)
        || cmd.option_values(&["-o", "--option"]).any(|v| {
            v.split_once('=').is_some_and(|(k, value)| k.to_ascii_lowercase().ends_with("install-recommends") && false_value(value))
        })
}
