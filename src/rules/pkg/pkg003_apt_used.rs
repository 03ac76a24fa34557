//! PKG003 apt-used: `apt` instead of `apt-get` in a RUN. `apt` is the interactive front end: its
//! output and behaviour may change between releases and it warns "apt does not have a stable CLI
//! interface. Use with caution in scripts."

use crate::diagnostic::Severity;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG003",
    name: "apt-used",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3027"],
    summary: "`apt` is meant for terminals; scripts use `apt-get`.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Subcommands `apt-get` runs the same way `apt` does.
const SAME_IN_APT_GET: [&str; 9] = ["install", "reinstall", "remove", "purge", "autoremove", "update", "clean", "autoclean", "dist-upgrade"];

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[Manager::Apt]) {
        if cmd.program != "apt" || cmd.action == Action::Other {
            continue;
        }
        let finding = Finding::new(cmd.program_span, "`apt` is for terminals: use `apt-get` in a Dockerfile")
            .label("no stable command-line interface")
            .help("write `apt-get`");
        let written = model.shell_script(run.instruction).commands.get(cmd.command).map(|c| c.program.text.as_str());
        let edit = written
            .filter(|_| cmd.subcommand_is(&SAME_IN_APT_GET))
            .and_then(|w| w.strip_suffix("apt").and_then(|dir| replace_written(model, cmd.program_span, w, format!("{dir}apt-get"))));
        findings.push(match edit {
            Some(edit) => finding.fix(Fix::safe("Use `apt-get`", vec![edit])),
            None => finding,
        });
    }
    findings
}
