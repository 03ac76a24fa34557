//! SYN002 json-args-recommended: CMD or ENTRYPOINT in shell form while no SHELL is in effect
//! (BuildKit's JSONArgsRecommended).
//!
//! Shell form runs the command under `/bin/sh -c`, so the process does not get PID 1 and never sees
//! SIGTERM: `docker stop` waits its timeout, then kills. A SHELL instruction (in this stage or a stage it
//! builds on) says the shell is intended, so BuildKit stays silent then, and so does this rule.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::model::dispatch::dispatch;
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "SYN002",
    name: "json-args-recommended",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3025", "JSONArgsRecommended"],
    summary: "CMD or ENTRYPOINT in shell form: the process will not receive signals.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if !matches!(inst.kind, Keyword::Cmd | Keyword::Entrypoint) || inst.json || inst.has_error || scope.shell_set {
            return;
        }
        let Some(command) = inst.args.first() else { return };
        findings.push(
            Finding::new(
                command.span,
                format!("JSON arguments recommended for {} to prevent unintended behavior related to OS signals", inst.keyword),
            )
            .label("shell form: runs as a child of /bin/sh -c")
            .help(format!("write it in exec form, e.g. `{} [\"executable\", \"arg\"]`", inst.keyword)),
        );
    });
    findings
}
