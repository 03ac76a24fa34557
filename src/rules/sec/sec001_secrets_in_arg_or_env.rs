//! SEC001 secrets-in-arg-or-env: an ARG or ENV whose name looks like a secret (BuildKit's
//! SecretsUsedInArgOrEnv). ARG and ENV values end up in the image's history and metadata, readable by
//! anyone who pulls it; pass secrets with `RUN --mount=type=secret` instead.
//!
//! The name is split on `_`: a segment `apikey`, `auth`, `credential(s)`, `key`, `password`, `pword`,
//! `passwd`, `secret` or `token` flags it, unless a segment `public`, `file` or `version` says it is not
//! the secret itself (`API_KEY_FILE`, `GPG_KEY_VERSION`). Values are not inspected.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::model::dispatch::dispatch;
use crate::model::arg_decls;
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "SEC001",
    name: "secrets-in-arg-or-env",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3064", "DS031", "SecretsUsedInArgOrEnv"],
    summary: "An ARG or ENV name looks like a secret; its value would be kept in the image.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// BuildKit's secret-name test: `(?i)(?:_|^)(?:apikey|…|token)(?:_|$)` and not the allow pattern.
pub fn looks_like_secret(name: &str) -> bool {
    const DENY: [&str; 9] = ["apikey", "auth", "credential", "credentials", "key", "password", "pword", "passwd", "secret"];
    const ALLOW: [&str; 3] = ["public", "file", "version"];
    let segments: Vec<String> = name.split('_').map(str::to_lowercase).collect();
    let denied = segments.iter().any(|s| DENY.contains(&s.as_str()) || s == "token");
    denied && !segments.iter().any(|s| ALLOW.contains(&s.as_str()))
}

fn finding(instruction: &str, name: &str, span: Span) -> Finding {
    Finding::new(span, format!("Do not use ARG or ENV instructions for sensitive data ({instruction} {name:?})"))
        .label("kept in the image's history")
        .help("pass it with `RUN --mount=type=secret,id=…` instead")
}

fn check(model: &Model) -> Vec<Finding> {
    // Global ARGs (before the first FROM) are not checked, as in BuildKit: only `dispatchArg`, which runs
    // ARGs inside stages, looks at names; a global ARG re-declared in a stage is checked there.
    let mut findings = Vec::new();
    dispatch(model, |_, index, inst, scope| match inst.kind {
        Keyword::Arg => {
            for decl in arg_decls(inst, index).iter().filter(|d| looks_like_secret(&d.name)) {
                findings.push(finding("ARG", &decl.name, inst.span));
            }
        }
        Keyword::Env if !inst.has_error => {
            for kv in inst.args.chunks(3) {
                let Ok(key) = model.lexer.process_word(&kv[0].value, &|k| scope.get(k)) else { continue };
                if looks_like_secret(&key.result) {
                    findings.push(finding("ENV", &key.result, inst.span));
                }
            }
        }
        _ => {}
    });
    findings
}
