//! PKG001 apt-missing-yes: `apt-get install` (or `remove`, `upgrade`, `dist-upgrade`) without `-y`.
//! A build has no terminal: apt asks "Do you want to continue? [Y/n]", reads end of input and aborts,
//! and the build fails.

use crate::diagnostic::Severity;
use crate::model::packages::moot::apt_configured;
use crate::model::packages::{Action, Manager, PackageCommand};
use crate::model::Model;
use crate::rules::packages::{answered_by_pipe, insert_after_head};
use crate::rules::{Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG001",
    name: "apt-missing-yes",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3014"],
    summary: "`apt-get install` without `-y`: the build stops at the prompt.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[Manager::Apt]) {
        if !matches!(cmd.action, Action::Install | Action::Remove | Action::Upgrade | Action::DistUpgrade)
            || assumes_yes(cmd)
            || answered_by_pipe(model, run, cmd)
            || apt_configured(model, run, cmd.command, "assume-yes", true)
        {
            continue;
        }
        let finding = Finding::new(cmd.span, format!("`{}` runs without `-y`", head(cmd)))
            .label("waits for an answer the build cannot give")
            .help(format!("add `-y`: `{} -y`", head(cmd)));
        findings.push(match insert_after_head(model, run, cmd, cmd.head_end(), " -y") {
            Some(edit) => finding.fix(Fix::safe("Add `-y`", vec![edit])),
            None => finding,
        });
    }
    findings
}

/// `-y`, `--yes`, `--assume-yes`, quiet level 2 (`-qq`, `-q=2`, `-q -q`), `-o APT::Get::Assume-Yes=true`.
fn assumes_yes(cmd: &PackageCommand) -> bool {
    let quiet = cmd.options.iter().map(|o| match (o.name.as_str(), o.value.as_deref()) {
        ("--quiet" | "-q", Some(level)) => level.parse::<usize>().unwrap_or(1),
        ("--quiet", None) => 1,
        (name, None) if name.starts_with("-q=") => name[3..].parse::<usize>().unwrap_or(1),
        (name, None) if name.starts_with('-') && !name.starts_with("--") => name.matches('q').count(),
        _ => 0,
    });
    cmd.has_option(&["-y", "--yes", "--assume-yes"])
        || quiet.sum::<usize>() >= 2
        || cmd.option_values(&["-o", "--option"]).any(|v| {
            let v = v.to_ascii_lowercase();
            v.starts_with("apt::get::assume-yes=") && matches!(v.rsplit('=').next(), Some("true" | "1" | "yes"))
        })
        || cmd.program == "aptitude" && cmd.has_option(&["--assume-yes"])
}

/// `apt-get install`, as written.
pub fn head(cmd: &PackageCommand) -> String {
    match &cmd.subcommand {
        Some(sub) => format!("{} {}", cmd.program, sub.as_str()),
        None => cmd.program.clone(),
    }
}
