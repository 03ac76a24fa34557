//! PKG013 pip-cache-kept: `pip install` without `--no-cache-dir`. pip keeps every wheel it downloaded
//! or built in `~/.cache/pip`, in the layer; the image never reads it again.

use crate::diagnostic::Severity;
use crate::model::packages::moot::{cache_mounted, later_command, removed_after, variable};
use crate::model::packages::{Action, Manager, PackageCommand, PackageRun};
use crate::model::Model;
use crate::rules::packages::insert_after_head;
use crate::rules::{Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG013",
    name: "pip-cache-kept",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3042"],
    summary: "`pip install` without `--no-cache-dir`.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[Manager::Pip]) {
        if cmd.action != Action::Install || !model.package_run_ships(run) {
            continue;
        }
        let uv = cmd.program == "uv pip";
        let (option, variables, dirs): (&str, &[&str], &[&str]) = if uv {
            ("--no-cache", &["UV_NO_CACHE"], &["/root/.cache/uv"])
        } else {
            ("--no-cache-dir", &["PIP_NO_CACHE_DIR"], &["/root/.cache/pip"])
        };
        // pip's option parser takes the unambiguous prefix `--no-cache`; uv takes pip's `--no-cache-dir` too.
        if cmd.has_option(&["--no-cache-dir", "--no-cache"]) || (uv && cmd.has_option(&["-n"]))
            || variables.iter().any(|v| variable(model, run, cmd.command, v).is_some())
            || cache_mounted(model, run, dirs)
            || removed_after(model, run, cmd.command, dirs)
            || later_command(run, cmd.command, |c| c.manager == Manager::Pip && c.action == Action::Clean)
            || cache_elsewhere(cmd)
            || (uv && uv_cache_cleaned(model, run, cmd.command))
        {
            continue;
        }
        let finding = Finding::new(cmd.span, format!("`{} install` keeps its download cache in the image", cmd.program))
            .label("writes ~/.cache")
            .help(format!("add `{option}`, or set `ENV {}=1`", variables[0]));
        findings.push(match insert_after_head(model, run, cmd, cmd.head_end(), &format!(" {option}")) {
            Some(edit) => finding.fix(Fix::safe(format!("Add `{option}`"), vec![edit])),
            None => finding,
        });
    }
    findings
}

/// `uv cache clean` or `uv cache prune` later in the RUN.
fn uv_cache_cleaned(model: &Model, run: &PackageRun, command: usize) -> bool {
    model.shell_script(run.instruction).commands.iter().skip(command + 1).any(|c| {
        c.name() == Some("uv") && c.args.first().is_some_and(|a| a.is("cache")) && c.args.get(1).is_some_and(|a| a.is("clean") || a.is("prune"))
    })
}

/// `--cache-dir` elsewhere (a mount, `/tmp`): where it goes is the author's decision.
fn cache_elsewhere(cmd: &PackageCommand) -> bool {
    cmd.option_value(&["--cache-dir"]).is_some()
}
