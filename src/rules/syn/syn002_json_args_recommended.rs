//! SYN002 json-args-recommended: CMD or ENTRYPOINT in shell form while no SHELL is in effect
//! (BuildKit's JSONArgsRecommended).
//!
//! Shell form runs the command under `/bin/sh -c`, so the process does not get PID 1 and never sees
//! SIGTERM: `docker stop` waits its timeout, then kills. A SHELL instruction (in this stage or a stage it
//! builds on) says the shell is intended, so BuildKit stays silent then, and so does this rule.

use crate::diagnostic::Severity;
use crate::model::shell::is_windows_stage;
use crate::model::Model;
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};
use crate::model::dispatch::dispatch;
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "SYN002",
    name: "json-args-recommended",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3025", "JSONArgsRecommended"],
    summary: "CMD or ENTRYPOINT in shell form: the process will not receive signals.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |stage, _, inst, scope| {
        if !matches!(inst.kind, Keyword::Cmd | Keyword::Entrypoint) || inst.json || inst.has_error || scope.shell_set {
            return;
        }
        let Some(command) = inst.args.first() else { return };
        let finding = Finding::new(
            command.span,
            format!("JSON arguments recommended for {} to prevent unintended behavior related to OS signals", inst.keyword),
        )
        .label("shell form: runs as a child of /bin/sh -c")
        .help(format!("write it in exec form, e.g. `{} [\"executable\", \"arg\"]`", inst.keyword));
        // A Windows stage's shell form goes to cmd, whose quoting rules differ: no rewrite there.
        let fix = exec_form(&command.value).filter(|_| !is_windows_stage(model, stage)).and_then(|json| {
            let edit = replace_written(model, command.span, &command.value, json.clone())?;
            // Unsafe: no shell runs it any more, and an exec-form ENTRYPOINT takes CMD as its arguments.
            Some(Fix::unsafe_(format!("Write `{} {json}`", inst.keyword), vec![edit]))
        });
        findings.push(match fix {
            Some(fix) => finding.fix(fix),
            None => finding,
        });
    });
    findings
}

/// The exec form of a shell-form command that has no shell syntax at all: plain words (letters, digits,
/// `_ . / : = @ % + , -`) separated by blanks, the first no variable assignment or shell builtin; a
/// leading `exec` is dropped, as the shell would have done. `None` for anything the shell would read
/// differently from a split on blanks.
fn exec_form(command: &str) -> Option<String> {
    const BUILTINS: [&str; 27] = [
        "cd", "source", ".", "export", "set", "eval", "trap", "ulimit", "umask", "wait", "read", "alias", ":", "exit",
        "exec", "command", "builtin", "return", "shift", "break", "continue", "times", "getopts", "hash", "type",
        "unset", "readonly",
    ];
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:=@%+,- \t".contains(c);
    if command.trim().is_empty() || !command.chars().all(plain) {
        return None;
    }
    let mut words: Vec<&str> = command.split_whitespace().collect();
    if words.first() == Some(&"exec") {
        words.remove(0);
    }
    let first = *words.first()?;
    if first.contains('=') || first.starts_with('-') || BUILTINS.contains(&first) {
        return None;
    }
    serde_json::to_string(&words).ok().map(|json| json.replace("\",\"", "\", \""))
}

#[cfg(test)]
mod tests {
    use super::exec_form;

    #[test]
    fn only_plain_commands_get_an_exec_form() {
        assert_eq!(exec_form("node server.js --port=8080").as_deref(), Some(r#"["node", "server.js", "--port=8080"]"#));
        assert_eq!(exec_form("exec ./server").as_deref(), Some(r#"["./server"]"#));
        for shell in [
            "echo $HOME", "a && b", "run > log", "FOO=1 app", "cd /x", "a 'b c'", "x*", "exec", "a \\\n b",
            "exec -a x ./srv", "exec exec x", ":", "exit", "command -v x",
        ] {
            assert_eq!(exec_form(shell), None, "{shell}");
        }
    }
}
