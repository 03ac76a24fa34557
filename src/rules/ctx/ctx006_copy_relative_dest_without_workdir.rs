//! CTX006 copy-relative-dest-without-workdir: COPY or ADD to a relative destination (`.`, `app/`)
//! while no WORKDIR is set in the stage or the stages it builds on. The files land in the base image's
//! working directory, which the Dockerfile does not say and a new base version may change: often `/`.
//! Destinations that hold a variable are judged once expanded (one that starts with an unset variable is
//! not judged); Windows drive paths are absolute; on `scratch` the directory is `/` and not reported.

use crate::diagnostic::Severity;
use crate::model::dispatch::dispatch;
use crate::model::Model;
use crate::rules::copies::copy_parts;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "CTX006",
    name: "copy-relative-dest-without-workdir",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3045"],
    summary: "COPY or ADD to a relative destination with no WORKDIR set.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// `/x`, `C:\x`, `c:/x`, `\x`.
fn is_absolute(path: &str) -> bool {
    let drive = path.len() >= 2 && path.as_bytes()[0].is_ascii_alphabetic() && path.as_bytes()[1] == b':';
    path.starts_with('/') || path.starts_with('\\') || drive
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        let Some((_, dest)) = copy_parts(inst) else { return };
        // On `scratch` the working directory is `/`, and nothing can change it but a WORKDIR.
        if scope.workdir_set || !scope.external_base {
            return;
        }
        let Ok(expanded) = model.lexer.process_word(&dest.value, &|k| scope.get(k)) else { return };
        // An unset variable at the start could make it absolute; one further in cannot.
        let shown = if expanded.unmatched.is_empty() { expanded.result } else { dest.value.clone() };
        if shown.is_empty() || shown.starts_with('$') || is_absolute(&shown) {
            return;
        }
        findings.push(
            Finding::new(dest.span, format!("`{shown}` is relative, and no WORKDIR is set"))
                .label("relative to the base image's working directory")
                .help("set the directory first (`WORKDIR /app`), or give an absolute destination"),
        );
    });
    findings
}
