//! PIN019 cargo-install-unpinned: `cargo install crate` without `--version` (or `crate@version`), or
//! `--git` without `--rev`/`--tag`. `--locked` alone does not pin the crate: it makes its dependencies
//! follow the crate's own lockfile, so the help asks for both.

use crate::diagnostic::Severity;
use crate::model::packages::{Manager, Package, PackageCommand, Source};
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN019",
    name: "cargo-install-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "`cargo install` of a crate without `--version`.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (_, cmd) in model.package_commands_of(&[Manager::Cargo]) {
        for package in cmd.packages.iter().filter(|p| !pinned(cmd, p)) {
            let finding = Finding::new(package.span, format!("`{}` is installed with cargo without a version", package.name))
                .label("no version: a rebuild may install another one");
            findings.push(match package.source {
                Source::Remote => finding.help("pin the commit: `--rev <commit>` or `--tag <tag>`"),
                _ => finding.help(format!("pin the version and its dependencies: `cargo install --locked {}@<version>`", package.name)),
            });
        }
    }
    findings
}

fn pinned(cmd: &PackageCommand, package: &Package) -> bool {
    match package.source {
        Source::Registry => package.version.is_some(),
        Source::Remote => cmd.has_option(&["--rev", "--tag"]),
        Source::Local | Source::Group => true,
    }
}
