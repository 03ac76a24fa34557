//! USR002 user-by-name: the image's user is given by name (`USER app`), not by numeric UID. Kubernetes'
//! `runAsNonRoot` can only verify a numeric user: with a name the pod is refused ("image has non-numeric
//! user, cannot verify user is non-root"), and a name means nothing to the host or to volume ownership.
//!
//! Only the USER the image runs as is checked (the last in the final stage and the stages it builds
//! on): a USER in a build stage is gone once the stage is copied from. Root is USR001's; a value only
//! known at build time (`USER $APP_UID`) is not reported.

use crate::diagnostic::Severity;
use crate::model::shell::is_windows_stage;
use crate::model::Model;
use crate::rules::images::final_user;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "USR002",
    name: "user-by-name",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3066"],
    summary: "The image's USER is a name, not a numeric UID.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(last) = model.final_stage() else { return Vec::new() };
    if is_windows_stage(model, last) {
        return Vec::new();
    }
    let Some(step) = final_user(model) else { return Vec::new() };
    let inst = model.instruction(step.index);
    let Some(arg) = inst.args.first() else { return Vec::new() };
    let Ok(expansion) = model.lexer.process_word(&arg.value, &|k| step.scope.get(k)) else { return Vec::new() };
    let user = expansion.result.split(':').next().unwrap_or_default();
    if !expansion.unmatched.is_empty() || user.is_empty() || user == "root" || user.bytes().all(|b| b.is_ascii_digit()) {
        return Vec::new();
    }
    vec![Finding::new(arg.span, format!("USER `{user}` is a name: Kubernetes cannot verify it is not root"))
        .label("not a numeric UID")
        .help(format!("use the user's numeric UID (and GID), e.g. `USER 10001:10001` for `{user}` created with `useradd --uid 10001`"))]
}
