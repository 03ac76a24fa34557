//! LYR003 package-index-update-alone: a RUN refreshes the package index (`apt-get update`, `apk
//! update`, `yum`/`dnf makecache`, `zypper refresh`) but installs nothing, and a later RUN of the stage
//! installs with the same manager. The build cache keeps the update's layer: when the install line
//! changes, it runs against an index that may be weeks old (missing packages, old versions), and the
//! index stays in the image as its own layer. Update and install in the same RUN.

use crate::diagnostic::Severity;
use crate::model::packages::{package_commands, Action, Manager, PackageCommand};
use crate::model::stage_graph::mentions;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
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
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for stage in &model.stages {
        let runs: Vec<usize> = model
            .commands(stage)
            .filter(|(_, i)| i.kind == Keyword::Run && !i.has_error)
            .filter(|(_, i)| {
                mentions(i, |w| matches!(w, "update" | "makecache" | "refresh" | "ref" | "install" | "add" | "in" | "upgrade" | "dist-upgrade" | "up" | "dup"))
            })
            .map(|(index, _)| index)
            .collect();
        for (n, &index) in runs.iter().enumerate() {
            let commands = package_commands(model.shell_script(index));
            let Some(refresh) = commands.iter().find(|c| c.action == Action::Refresh) else { continue };
            // An install or upgrade in the same RUN uses the fresh index.
            if commands.iter().any(|c| matches!(c.action, Action::Install | Action::Upgrade | Action::DistUpgrade)) {
                continue;
            }
            let uses_index = |c: &PackageCommand| matches!(c.action, Action::Install | Action::Upgrade | Action::DistUpgrade) && c.manager == refresh.manager;
            let later = runs[n + 1..]
                .iter()
                .find_map(|&later| package_commands(model.shell_script(later)).into_iter().find(uses_index).map(|c| (later, c)));
            let Some((later, install)) = later else { continue };
            let script = model.shell_script(index);
            let Some(command) = script.commands.get(refresh.command) else { continue };
            // `apk add --no-cache` / `--update` fetches the index itself: the refresh is only dead weight.
            let fetches_itself = install.manager == Manager::Apk
                && model.shell_script(later).commands.get(install.command).is_some_and(|c| c.has_flag(&["--no-cache", "--update", "-U"]));
            let finding = if fetches_itself {
                Finding::new(command.span, "This `apk update` is useless: the `apk add` below fetches the index itself")
                    .label("its layer keeps a copy of the index")
                    .secondary(model.instruction(later).keyword_span, "fetches the index here")
                    .help("drop this RUN")
            } else {
                Finding::new(command.span, "The package index is refreshed in a RUN that installs nothing")
                    .label("cached on its own: the install below may use a stale index")
                    .secondary(model.instruction(later).keyword_span, "installs here")
                    .help("refresh and install in one RUN: `apt-get update && apt-get install -y …`")
            };
            findings.push(finding);
        }
    }
    findings
}
