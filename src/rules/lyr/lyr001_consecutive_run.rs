//! LYR001 consecutive-run: a RUN right after another RUN with the same flags (comments between them
//! do not count), where both run a single command. Each RUN is a layer: merging them with `&&` makes
//! one. RUNs of several commands (`&&`, `;`, `|`, `$(…)`) are left alone, as hadolint mostly leaves them:
//! splitting a long install into steps is usually deliberate, for the build cache. RUNs whose flags or
//! mounts differ cannot be merged.

use crate::diagnostic::Severity;
use crate::model::shell::Dialect;
use crate::model::{Model, Stage};
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::{Instruction, Keyword};

pub const RULE: Rule = Rule {
    code: "LYR001",
    name: "consecutive-run",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3059"],
    summary: "Consecutive RUN instructions with the same flags could be one layer.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Whether a RUN runs more than one command, counting those in pipes, lists and substitutions. With no
/// separator, substitution or heredoc in the text there is one; otherwise the script is parsed.
fn is_long(model: &Model, stage: &Stage, index: usize, inst: &Instruction) -> bool {
    if inst.json {
        return false;
    }
    // PowerShell and cmd scripts are not read: taken as long, as their `;`-separated statements are.
    if model.shell_at(stage, index).dialect != Dialect::Posix {
        return true;
    }
    let text = inst.args.first().map_or("", |a| a.value.as_str());
    let simple = !text.contains(['&', ';', '|', '\n', '`']) && !text.contains("$(");
    if simple && inst.heredocs.is_empty() {
        return false;
    }
    let script = model.shell_script(index);
    // `powershell -Command "a; b"`: statements inside a PowerShell or cmd argument count too.
    let nested = script.commands.iter().any(|c| {
        c.name().is_some_and(|n| matches!(n, "powershell" | "pwsh" | "powershell.exe" | "pwsh.exe" | "cmd" | "cmd.exe"))
            && c.args.iter().any(|a| a.as_str().contains([';', '\n', '|', '&']))
    });
    nested || script.commands.len() > 1
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for stage in &model.stages {
        // Each RUN's length is judged only when it has a RUN with the same flags beside it, and once.
        let mut previous: Option<(usize, &Instruction, Option<bool>)> = None;
        for (index, inst) in model.commands(stage) {
            if inst.kind != Keyword::Run || inst.has_error {
                previous = None;
                continue;
            }
            let mut long = None;
            if let Some((before_index, before, mut before_long)) = previous {
                let flags = |i: &Instruction| i.flags.iter().map(|f| model.tree.slice(f.span)).collect::<Vec<_>>();
                let pair = flags(before) == flags(inst)
                    && !*before_long.get_or_insert_with(|| is_long(model, stage, before_index, before))
                    && !*long.get_or_insert_with(|| is_long(model, stage, index, inst));
                if pair {
                    findings.push(
                        Finding::new(inst.keyword_span, "Consecutive RUN instructions: merge them into one layer")
                            .label("a second layer")
                            .secondary(before.keyword_span, "the RUN before it")
                            .help("join the commands with `&&` in one RUN (a `\\` continuation keeps them on their own lines)"),
                    );
                }
            }
            previous = Some((index, inst, long));
        }
    }
    findings
}
