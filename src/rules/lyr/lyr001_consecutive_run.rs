//! LYR001 consecutive-run: a RUN right after another RUN with the same flags (comments between them
//! do not count), where both run a single command. Each RUN is a layer: merging them with `&&` makes
//! one. RUNs of several commands (`&&`, `;`, `|`, `$(…)`) are left alone, as hadolint mostly leaves them:
//! splitting a long install into steps is usually deliberate, for the build cache. RUNs whose flags or
//! mounts differ cannot be merged.

use crate::diagnostic::Severity;
use crate::model::shell::Dialect;
use crate::model::{Model, Stage};
use crate::rules::{Check, Edit, Finding, Fix, Fixable, Rule};
use crate::syntax::source::Span;
use crate::syntax::dockerfile::{Instruction, Keyword};

pub const RULE: Rule = Rule {
    code: "LYR001",
    name: "consecutive-run",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3059"],
    summary: "Consecutive RUN instructions with the same flags could be one layer.",
    fixable: Fixable::Safe,
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
                    let finding = Finding::new(inst.keyword_span, "Consecutive RUN instructions: merge them into one layer")
                        .label("a second layer")
                        .secondary(before.keyword_span, "the RUN before it")
                        .help("join the commands with `&&` in one RUN (a `\\` continuation keeps them on their own lines)");
                    findings.push(match merge(model, before_index, before, inst) {
                        Some(edit) => finding.fix(Fix::safe("Merge it into the RUN before it with `&&`", vec![edit])),
                        None => finding,
                    });
                }
            }
            previous = Some((index, inst, long));
        }
    }
    findings
}

/// Builtins whose effect outlives their command: merged, they would change what the next command sees
/// (`cd`, `export`…) or whether it runs at all (`exec`, `exit`).
const STATEFUL: [&str; 22] = [
    "cd", "pushd", "popd", "export", "unset", "set", "source", ".", "umask", "ulimit", "alias", "exec", "exit",
    "eval", "command", "builtin", "readonly", "trap", "shopt", "declare", "typeset", "local",
];

/// The edit that makes `second` part of `first`: `first && \` then, on the next line (indented as
/// `first`'s own continuation lines, else by four spaces), the second command. Comment lines between
/// them are kept; blank lines, the second keyword and its flags (the same as the first's) go. Only
/// shell-form RUNs without heredocs, and a first command that leaves no state behind and has no `#`
/// (a shell comment would swallow the `&&`).
fn merge(model: &Model, first_index: usize, first: &Instruction, second: &Instruction) -> Option<Edit> {
    if first.json || second.json || !first.heredocs.is_empty() || !second.heredocs.is_empty() {
        return None;
    }
    let first_command = first.args.first()?;
    let second_command = second.args.first()?;
    // A `#` would make the `&&` part of a shell comment; a trailing `;`, `&` or `|` would give `; &&`.
    if first_command.value.contains('#') || first_command.value.trim_end().ends_with([';', '&', '|']) {
        return None;
    }
    let script = model.shell_script(first_index);
    if !script.parsed || script.commands.iter().any(|c| c.name().is_none_or(|n| STATEFUL.contains(&n))) {
        return None;
    }
    // The runtime mounts /etc/hosts, /etc/resolv.conf and /etc/hostname afresh for each RUN: a command
    // that moves or removes them changes what the next one sees once they share a RUN.
    let runtime_managed = |w: &str| matches!(w.trim_end_matches('/'), "/etc" | "/etc/hosts" | "/etc/resolv.conf" | "/etc/hostname");
    if script.commands.iter().any(|c| {
        c.args.iter().any(|a| runtime_managed(&a.text)) || c.redirects.iter().any(|r| runtime_managed(&r.target.text))
    }) {
        return None;
    }
    let text = &model.tree.text;
    let gap = text.get(first.span.end..second_command.span.start)?;
    // The gap is a line break, comment or blank lines, then `RUN` and the flags: nothing else.
    let mut lines = gap.split('\n');
    if lines.next().is_some_and(|rest| !rest.trim().is_empty()) {
        return None;
    }
    let mut kept = String::new();
    for line in lines {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') {
            kept.push_str(line.trim_end_matches('\r'));
            kept.push('\n');
        } else if !trimmed.trim().is_empty() && !trimmed.get(..3).is_some_and(|k| k.eq_ignore_ascii_case("RUN")) {
            return None;
        }
    }
    let indent = text
        .get(first.span.start..first.span.end)
        .and_then(|body| body.split('\n').nth(1))
        .map(|line| &line[..line.len() - line.trim_start().len()])
        .filter(|indent| !indent.is_empty())
        .unwrap_or("    ");
    let escape = model.tree.escape;
    Some(Edit::replace(Span::new(first.span.end, second_command.span.start), format!(" && {escape}\n{kept}{indent}")))
}

#[cfg(test)]
mod tests {
    use crate::lint::{lint_text, LintOptions};
    use crate::rules;

    /// Whether LYR001's finding on `text` carries a fix.
    fn merges(text: &str) -> bool {
        let options = LintOptions { rules: rules::ALL.iter().copied().filter(|r| r.code == "LYR001").collect(), ..LintOptions::default() };
        let report = lint_text("Dockerfile".into(), text, &options);
        assert!(!report.diagnostics.is_empty(), "LYR001 fires on {text}");
        report.diagnostics.iter().any(|d| d.fix.is_some())
    }

    #[test]
    fn merges_only_what_keeps_its_meaning() {
        assert!(merges("FROM a\nRUN echo a\nRUN echo b\n"));
        assert!(!merges("FROM a\nRUN apk add git;\nRUN git --version\n"), "`; &&` would not parse");
        assert!(!merges("FROM a\nRUN cd /tmp\nRUN ls\n"), "cd is seen by the next command");
        assert!(!merges("FROM a\nRUN eval cd /tmp\nRUN ls\n"));
        assert!(!merges("FROM a\nRUN echo x >> /etc/hosts\nRUN curl http://x\n"), "the runtime rewrites /etc/hosts per RUN");
        assert!(!merges("FROM a\nRUN mv /etc /usr/\nRUN ls /etc\n"));
        assert!(!merges("FROM a\nRUN make # build\nRUN make install\n"), "the # would swallow the &&");
    }
}
