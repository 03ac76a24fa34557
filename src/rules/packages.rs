//! What the package-manager rules share: finding unpinned packages, missing options and caches left
//! behind, and the fixes that add an option or a cleaning command. Each rule says which manager,
//! which option or which cache; the moot cases (`model::packages::moot`) are respected here, once.

use crate::model::packages::moot::{cache_mounted, later_command, removed_after};
use crate::model::packages::{Action, Manager, Package, PackageCommand, PackageRun};
use crate::model::shell::{Dialect, ShellScript};
use crate::model::Model;
use crate::rules::{is_written, Edit, Finding, Fix};

/// One finding per command that installs registry packages `pinned` rejects: at the first such
/// package, the others as secondary labels. `what` names the manager in the message (`apt`).
pub fn unpinned(
    model: &Model,
    managers: &[Manager],
    pinned: impl Fn(&PackageCommand, &Package) -> bool,
    what: &str,
    instead: impl Fn(&Package) -> String,
) -> Vec<Finding> {
    unpinned_in(model, managers, |_, cmd, p| pinned(cmd, p), what, instead)
}

/// [`unpinned`], for a rule whose notion of a pin depends on the RUN too (PIN018's module mode).
pub fn unpinned_in(
    model: &Model,
    managers: &[Manager],
    pinned: impl Fn(&PackageRun, &PackageCommand, &Package) -> bool,
    what: &str,
    instead: impl Fn(&Package) -> String,
) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(managers).filter(|(_, c)| c.action == Action::Install) {
        let loose: Vec<&Package> = cmd.registry_packages().filter(|p| !pinned(run, cmd, p)).collect();
        let Some((first, rest)) = loose.split_first() else { continue };
        let message = match rest.len() {
            0 => format!("`{}` is installed with {what} without a version", first.name),
            n => format!(
                "`{}` and {n} more {} are installed with {what} without a version",
                first.name,
                plural(n, "package")
            ),
        };
        let mut finding = Finding::new(first.span, message)
            .label("no version: a rebuild may install another one")
            .help(format!("pin the version: `{}`", instead(first)));
        for package in rest {
            finding = finding.secondary(package.span, "no version either");
        }
        findings.push(finding);
    }
    findings
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        word.to_string()
    } else {
        format!("{word}s")
    }
}

/// The script of a package command's RUN.
pub fn script_of<'m>(model: &'m Model, run: &PackageRun) -> &'m ShellScript {
    model.shell_script(run.instruction)
}

/// Whether the command reads its answers from a pipe (`yes | apt-get install …`).
pub fn answered_by_pipe(model: &Model, run: &PackageRun, cmd: &PackageCommand) -> bool {
    let script = script_of(model, run);
    let Some(own) = script.commands.get(cmd.command) else { return false };
    own.pipeline.index > 0
        && script.commands[..cmd.command]
            .iter()
            .rev()
            .find(|c| c.pipeline.id == own.pipeline.id && c.pipeline.index == 0)
            .is_some_and(|c| matches!(c.name(), Some("yes" | "echo" | "printf")))
}

/// A fix that inserts `text` (` -y`) right after `at` (the end of the command's subcommand or
/// program word), when the RUN is a shell script written out in the Dockerfile and the word there is
/// as written.
pub fn insert_after_head(model: &Model, run: &PackageRun, cmd: &PackageCommand, at: usize, text: &str) -> Option<Edit> {
    let script = script_of(model, run);
    if script.dialect != Dialect::Posix {
        return None;
    }
    let word = match &cmd.subcommand {
        Some(sub) if sub.span.end == at => sub,
        _ => script.commands.get(cmd.command).map(|c| &c.program).filter(|p| p.span.end == at)?,
    };
    is_written(model, word.span, &word.text).then(|| Edit::insert(at, text))
}

/// An edit that adds `&& <command>` after the last command of the RUN's script, when that is a plain
/// command of the RUN's own shell (not piped, backgrounded, in a subshell, loop or substitution) and
/// the script is written out.
pub fn append_command(model: &Model, run: &PackageRun, command: &str) -> Option<Edit> {
    let script = script_of(model, run);
    if script.dialect != Dialect::Posix || !script.parsed {
        return None;
    }
    let last = script.commands.iter().rev().find(|c| c.script_depth == 0 && c.substitution_depth == 0)?;
    if last.in_subshell || last.pipeline.len > 1 || last.span.end <= last.span.start {
        return None;
    }
    // The last command must end the script: nothing but blanks, `;` and comments after it in its RUN.
    let inst = model.instruction(run.instruction);
    let rest = model.tree.text.get(last.span.end..inst.span.end)?;
    let heredoc_body =
        inst.heredocs.iter().any(|h| h.body_span.start <= last.span.start && last.span.end <= h.body_span.end);
    let tail_ok = if heredoc_body {
        inst.heredocs.iter().any(|h| {
            last.span.end <= h.body_span.end
                && model.tree.text.get(last.span.end..h.body_span.end).is_some_and(|t| t.trim().is_empty())
        })
    } else {
        rest.trim().is_empty()
    };
    tail_ok.then(|| Edit::insert(last.span.end, format!(" && {command}")))
}

/// The cleaning command a cache rule's fix appends, and whether that is safe.
pub type CleaningCommand = dyn Fn(&PackageCommand) -> (String, bool);

/// A cache-kept finding for every command `installs` picks that writes a cache in a stage of the image
/// that ships, unless the cache is mounted, removed later in the RUN (`dirs`), or emptied by a later
/// command `cleans` picks. `finding` makes the finding, `fix` the cleaning command to append.
pub struct CacheRule<'a> {
    pub managers: &'a [Manager],
    pub installs: &'a dyn Fn(&PackageCommand) -> bool,
    pub dirs: &'a [&'a str],
    pub cleans: &'a dyn Fn(&PackageCommand, &PackageCommand) -> bool,
    pub finding: &'a dyn Fn(&PackageCommand) -> Finding,
    /// The command a fix appends to the RUN (`yum clean all`), with the fix's applicability.
    pub fix: Option<&'a CleaningCommand>,
}

impl CacheRule<'_> {
    pub fn check(&self, model: &Model) -> Vec<Finding> {
        let mut findings = Vec::new();
        let mut fixed_runs = Vec::new();
        for (run, cmd) in model.package_commands_of(self.managers) {
            if !(self.installs)(cmd) || !model.package_run_ships(run) {
                continue;
            }
            if cache_mounted(model, run, self.dirs)
                || removed_after(model, run, cmd.command, self.dirs)
                || later_command(run, cmd.command, |later| (self.cleans)(cmd, later))
            {
                continue;
            }
            let mut finding = (self.finding)(cmd);
            // One cleaning command per RUN, however many installs it holds.
            if let Some(fix) = self.fix.filter(|_| !fixed_runs.contains(&run.instruction)) {
                let (command, safe) = fix(cmd);
                if let Some(edit) = append_command(model, run, &command) {
                    let message = format!("Add `{command}` at the end of the RUN");
                    finding = finding.fix(if safe {
                        Fix::safe(message, vec![edit])
                    } else {
                        Fix::unsafe_(message, vec![edit])
                    });
                    fixed_runs.push(run.instruction);
                }
            }
            findings.push(finding);
        }
        findings
    }
}

/// PKG006/PKG008: a yum or dnf command that asks for confirmation, without `-y`. `microdnf` never asks.
pub fn missing_yes(model: &Model, manager: Manager) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (run, cmd) in model.package_commands_of(&[manager]) {
        if !matches!(cmd.action, Action::Install | Action::Remove | Action::Upgrade | Action::DistUpgrade)
            || cmd.program == "microdnf"
            || cmd.has_option(&["-y", "--assumeyes"])
            || cmd
                .option_values(&["--setopt"])
                .any(|v| v.replace(' ', "").to_ascii_lowercase().starts_with("assumeyes=1"))
            || answered_by_pipe(model, run, cmd)
            || configured_earlier(model, run, cmd, "assumeyes=1")
            || configured_earlier(model, run, cmd, "assumeyes=true")
        {
            continue;
        }
        let head = match &cmd.subcommand {
            Some(sub) => format!("{} {}", cmd.program, sub.as_str()),
            None => cmd.program.clone(),
        };
        let finding = Finding::new(cmd.span, format!("`{head}` runs without `-y`"))
            .label("waits for an answer the build cannot give")
            .help(format!("add `-y`: `{head} -y`"));
        findings.push(match insert_after_head(model, run, cmd, cmd.head_end(), " -y") {
            Some(edit) => finding.fix(Fix::safe("Add `-y`", vec![edit])),
            None => finding,
        });
    }
    findings
}

/// Whether `setting` (lowercase, blanks removed) is written before the command: earlier in its RUN or
/// in an earlier RUN of the stage (`echo assumeyes=1 >> /etc/yum.conf`).
fn configured_earlier(model: &Model, run: &PackageRun, cmd: &PackageCommand, setting: &str) -> bool {
    let has = |text: &str| text.to_ascii_lowercase().replace(' ', "").contains(setting);
    let inst = model.instruction(run.instruction);
    let before = model.tree.text.get(inst.span.start..cmd.span.start.max(inst.span.start)).unwrap_or("");
    has(before)
        || model.stages.get(run.stage).is_some_and(|stage| {
            model
                .commands(stage)
                .take_while(|(i, _)| *i < run.instruction)
                .any(|(_, i)| i.kind == crate::syntax::dockerfile::Keyword::Run && has(&i.original))
        })
}

/// PKG007/PKG009: a yum or dnf install in the image that ships, with no `clean all` after it in the
/// same RUN and no cache mount or removal of the cache folder.
pub fn rpm_cache_kept(model: &Model, manager: Manager) -> Vec<Finding> {
    // yum on RHEL 8 and later is dnf, and microdnf keeps its cache under yum's folder; dnf5 and tdnf
    // have their own.
    let dirs: &[&str] = match manager {
        Manager::Yum => &["/var/cache/yum", "/var/cache/dnf"],
        _ => &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5", "/var/cache/tdnf"],
    };
    CacheRule {
        managers: &[manager],
        installs: &|cmd| cmd.action == Action::Install,
        dirs,
        cleans: &|_, later| {
            matches!(later.manager, Manager::Yum | Manager::Dnf)
                && later.action == Action::Clean
                && later.operands.iter().any(|w| w.is("all"))
        },
        finding: &|cmd| {
            Finding::new(cmd.span, format!("`{} install` leaves its cache in the image", cmd.program))
                .label("metadata and packages stay in this layer")
                .help(format!("end the RUN with `&& {} clean all`", cmd.program))
        },
        fix: Some(&|cmd| (format!("{} clean all", cmd.program), true)),
    }
    .check(model)
}
