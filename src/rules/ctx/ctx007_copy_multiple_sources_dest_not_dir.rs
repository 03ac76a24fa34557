//! CTX007 copy-multiple-sources-dest-not-dir: COPY or ADD with several sources to a destination that
//! does not end in `/`. The classic builder, Podman and buildah refuse it ("When using COPY with more
//! than one source file, the destination must be a directory and end with a /"); BuildKit guesses a
//! folder. Only sources written out without wildcards are counted: whether a wildcard matches several
//! files only the build context can tell.

use crate::diagnostic::Severity;
use crate::model::dispatch::dispatch;
use crate::model::Model;
use crate::rules::copies::copy_parts;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "CTX007",
    name: "copy-multiple-sources-dest-not-dir",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL3021"],
    summary: "COPY or ADD with several sources needs a destination ending in `/`.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        let Some((sources, dest)) = copy_parts(inst) else { return };
        let literal = sources.iter().filter(|s| !s.value.contains(['*', '?', '['])).count();
        if literal < 2 {
            return;
        }
        let Ok(expanded) = model.lexer.process_word(&dest.value, &|k| scope.get(k)) else { return };
        if !expanded.unmatched.is_empty() || expanded.result.ends_with('/') || expanded.result.ends_with('\\') {
            return;
        }
        findings.push(
            Finding::new(dest.span, format!("{literal} sources are copied to `{}`, which does not end in `/`", expanded.result))
                .label("must be a folder ending in `/`")
                .help(format!("write `{}/`", expanded.result)),
        );
    });
    findings
}
