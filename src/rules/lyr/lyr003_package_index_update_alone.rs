//! LYR003 package-index-update-alone: a RUN refreshes the package index (`apt-get update`, `apk
//! update`, `yum`/`dnf makecache`, `zypper refresh`) but installs nothing, and a later RUN of the stage
//! installs with the same manager. The build cache keeps the update's layer: when the install line
//! changes, it runs against an index that may be weeks old (missing packages, old versions), and the
//! index stays in the image as its own layer. Update and install in the same RUN.

use crate::diagnostic::Severity;
use crate::model::packages::{package_commands, Action};
use crate::model::stage_graph::mentions;
use crate::model::Model;
use crate::rules::{Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "LYR003",
    name: "package-index-update-alone",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DS017", "CKV_DOCKER_5"],
    summary: "The package index is refreshed in a RUN that installs nothing; a later RUN installs.",
    fixable: Fixable::No,
    options: &[],
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for stage in &model.stages {
        let runs: Vec<usize> = model
            .commands(stage)
            .filter(|(_, i)| i.kind == Keyword::Run && !i.has_error)
            .filter(|(_, i)| mentions(i, |w| matches!(w, "update" | "makecache" | "refresh" | "ref" | "install" | "add" | "in")))
            .map(|(index, _)| index)
            .collect();
        for (n, &index) in runs.iter().enumerate() {
            let commands = package_commands(model.shell_script(index));
            let Some(refresh) = commands.iter().find(|c| c.action == Action::Refresh) else { continue };
            if commands.iter().any(|c| c.action == Action::Install) {
                continue;
            }
            let later = runs[n + 1..].iter().find(|&&later| {
                package_commands(model.shell_script(later)).iter().any(|c| c.action == Action::Install && c.manager == refresh.manager)
            });
            let Some(&later) = later else { continue };
            let script = model.shell_script(index);
            let Some(command) = script.commands.get(refresh.command) else { continue };
            findings.push(
                Finding::new(command.span, "The package index is refreshed in a RUN that installs nothing")
                    .label("cached on its own: the install below may use a stale index")
                    .secondary(model.instruction(later).keyword_span, "installs here")
                    .help("refresh and install in one RUN: `apt-get update && apt-get install -y …`"),
            );
        }
    }
    findings
}
