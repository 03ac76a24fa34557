//! CTX006 copy-relative-dest-without-workdir: COPY or ADD to a relative destination (`.`, `app/`)
//! while no WORKDIR is set in the stage or the stages it builds on. The files land in the base image's
//! working directory, which the Dockerfile does not say and a new base version may change: often `/`.
//! Destinations that hold a variable are judged once expanded; Windows drive paths are absolute.

use crate::diagnostic::Severity;
use crate::model::dispatch::dispatch;
use crate::model::Model;
use crate::rules::copies::copy_parts;
use crate::rules::{Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "CTX006",
    name: "copy-relative-dest-without-workdir",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3045"],
    summary: "COPY or ADD to a relative destination with no WORKDIR set.",
    fixable: Fixable::No,
    options: &[],
    check: Some(check),
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
        if scope.workdir_set {
            return;
        }
        let Ok(expanded) = model.lexer.process_word(&dest.value, &|k| scope.get(k)) else { return };
        if !expanded.unmatched.is_empty() || expanded.result.is_empty() || is_absolute(&expanded.result) {
            return;
        }
        findings.push(
            Finding::new(dest.span, format!("`{}` is relative, and no WORKDIR is set", expanded.result))
                .label("relative to the base image's working directory")
                .help("set the directory first (`WORKDIR /app`), or give an absolute destination"),
        );
    });
    findings
}
