//! PKG010 zypper-non-interactive: `zypper install` (or `remove`, `update`, `patch`, `dist-upgrade`)
//! without `-n`/`--non-interactive` or `-y`: zypper asks "Continue? [y/n/v/...? shows all options]"
//! and the build fails.

use crate::diagnostic::Severity;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::packages::{answered_by_pipe, insert_after_head};
use crate::rules::{Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG010",
    name: "zypper-non-interactive",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3034"],
    summary: "`zypper install` without `-n` (`--non-interactive`) or `-y`.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[Manager::Zypper]) {
        if !matches!(cmd.action, Action::Install | Action::Remove | Action::Upgrade | Action::DistUpgrade)
            || cmd.has_option(&["-n", "--non-interactive", "-y", "--no-confirm"])
            || answered_by_pipe(model, run, cmd)
        {
            continue;
        }
        let finding = Finding::new(cmd.span, "`zypper` runs without `--non-interactive`")
            .label("waits for an answer the build cannot give")
            .help("add `-n`: `zypper -n install …`");
        // `-n` is a global option: it goes right after `zypper`.
        findings.push(match insert_after_head(model, run, cmd, cmd.program_span.end, " -n") {
            Some(edit) => finding.fix(Fix::safe("Add `-n`", vec![edit])),
            None => finding,
        });
    }
    findings
}
