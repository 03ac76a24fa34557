//! PKG015 npm-install-not-ci: `npm install` with no package named, in a stage that copied a lockfile
//! (`package-lock.json`, `npm-shrinkwrap.json`). `npm install` may update the lockfile and install
//! other versions than it lists; `npm ci` installs exactly what it lists, or fails.

use crate::diagnostic::Severity;
use crate::model::knowledge::glob_match;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "PKG015",
    name: "npm-install-not-ci",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "`npm install` with a lockfile copied in: use `npm ci`.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

const LOCKFILES: [&str; 2] = ["package-lock.json", "npm-shrinkwrap.json"];

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[Manager::Npm]) {
        // Only a project install: named packages and global installs do not read the lockfile.
        if cmd.action != Action::Install || !cmd.operands.is_empty() || cmd.has_option(&["-g", "--global"]) {
            continue;
        }
        let Some(stage) = model.stages.get(run.stage) else { continue };
        let copied = model.commands(stage).take_while(|(i, _)| *i < run.instruction).find_map(|(_, inst)| {
            if !matches!(inst.kind, Keyword::Copy | Keyword::Add) || inst.flags.iter().any(|f| f.name() == "from") {
                return None;
            }
            let sources = inst.args.split_last().map_or(&[][..], |(_, s)| s);
            sources.iter().find(|s| names_lockfile(&s.value)).map(|s| s.span)
        });
        let Some(lockfile) = copied else { continue };
        let Some(sub) = &cmd.subcommand else { continue };
        let finding = Finding::new(sub.span, "`npm install` may change the lockfile it was given")
            .label("installs what package.json allows, not what the lockfile lists")
            .secondary(lockfile, "the lockfile is copied here")
            .help("use `npm ci`: it installs exactly the lockfile's versions");
        findings.push(match replace_written(model, sub.span, &sub.text, "ci") {
            Some(edit) => finding.fix(Fix::unsafe_("Use `npm ci`", vec![edit])),
            None => finding,
        });
    }
    findings
}

/// Whether a COPY source names a lockfile, itself or by a pattern (`package*.json`).
fn names_lockfile(source: &str) -> bool {
    let base = source.trim_end_matches('/').rsplit('/').next().unwrap_or(source);
    LOCKFILES.iter().any(|lock| base == *lock || (base.contains(['*', '?', '[']) && glob_match(base, lock)))
}
