//! PKG005 apk-cache-kept: `apk add` without `--no-cache`. apk keeps the index it fetched (and, with a
//! cache folder set up, the packages) in `/var/cache/apk`; `--no-cache` fetches the index to memory.

use crate::diagnostic::Severity;
use crate::model::packages::moot::{cache_mounted, removed_after};
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::packages::insert_after_head;
use crate::rules::{Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG005",
    name: "apk-cache-kept",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3019"],
    summary: "`apk add` without `--no-cache`.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Where apk keeps its cache.
const CACHE: [&str; 2] = ["/var/cache/apk", "/etc/apk/cache"];

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[Manager::Apk]) {
        if cmd.action != Action::Install
            || cmd.has_option(&["--no-cache", "--no-network"])
            || !model.package_run_ships(run)
            || cache_mounted(model, run, &CACHE)
            || removed_after(model, run, cmd.command, &CACHE)
        {
            continue;
        }
        let finding = Finding::new(cmd.span, "`apk add` keeps the package index in the image")
            .label("writes /var/cache/apk")
            .help("use `apk add --no-cache`");
        findings.push(match insert_after_head(model, run, cmd, cmd.head_end(), " --no-cache") {
            Some(edit) => finding.fix(Fix::safe("Add `--no-cache`", vec![edit])),
            None => finding,
        });
    }
    findings
}
