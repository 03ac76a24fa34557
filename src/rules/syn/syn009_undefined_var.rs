//! SYN009 undefined-var: a variable used in a word BuildKit expands (ENV, LABEL, ARG defaults, COPY/ADD
//! paths and `--chown`/`--chmod`/`--checksum`, WORKDIR, USER, VOLUME, STOPSIGNAL, `RUN --mount` values,
//! expanding COPY/ADD heredocs) is not set in the stage (BuildKit's UndefinedVar). It expands to the
//! empty string, which is rarely what was meant: usually a typo, or a global ARG not re-declared in the
//! stage.
//!
//! Base images: BuildKit knows the base image's environment, a static linter does not. When a stage
//! builds on an image from a registry, a variable that such images commonly define (see
//! [`likely_from_base_image`]: `HOME`, `JAVA_HOME`, `*_VERSION`, `LD_LIBRARY_PATH`, `NVIDIA_*`, .NET's
//! `APP_UID`, Windows' `ProgramFiles`…) is
//! assumed to come from the image and is reported only when it looks like a typo of a variable the
//! Dockerfile does define (a did-you-mean exists). Everything else is reported as BuildKit reports it.
//! Stages on `scratch` or on earlier stages are checked exactly.

use crate::diagnostic::Severity;
use crate::model::dispatch::{dispatch, Scope};
use crate::model::expand::Lexer;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};
use crate::syntax::dockerfile::{Instruction, Keyword};
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "SYN009",
    name: "undefined-var",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["UndefinedVar"],
    summary: "A variable used in an expanded word is not defined in the stage.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "assume-base-image-env",
        kind: OptionKind::Bool,
        default: "true",
        doc: "In stages built on a registry image, take variables such images commonly set as defined \
              (unless they look like a typo). `false` checks as `docker build --check` does with a base \
              image whose only variable is PATH.",
        range: None,
    }],
    check: Check::Dockerfile(check),
};

/// Variables BuildKit never reports (its `nonEnvArgs`).
const NON_ENV_ARGS: [&str; 2] = ["BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"];

/// Names base images commonly set in their environment.
pub fn likely_from_base_image(name: &str) -> bool {
    const EXACT: [&str; 33] = [
        "HOME", "HOSTNAME", "USER", "SHELL", "TERM", "LANG", "LANGUAGE", "LC_ALL", "TZ", "JAVA_HOME", "GOPATH",
        "GOROOT", "GOTOOLCHAIN", "CARGO_HOME", "RUSTUP_HOME", "GEM_HOME", "PHP_INI_DIR", "PYTHONPATH",
        "LD_LIBRARY_PATH", "LIBRARY_PATH", "PKG_CONFIG_PATH", "CONDA_DIR",
        // .NET 8+ images run as this user id.
        "APP_UID",
        // Windows base images.
        "ProgramFiles", "ProgramData", "SystemRoot", "windir", "USERPROFILE", "APPDATA", "LOCALAPPDATA",
        "TEMP", "TMP", "ComputerName",
    ];
    const PREFIXES: [&str; 8] = ["NVIDIA_", "CUDA_", "NV_", "CUDNN_", "NCCL_", "DOTNET_", "ASPNETCORE_", "NPM_CONFIG_"];
    const SUFFIXES: [&str; 4] = ["_VERSION", "_HOME", "_SHA256", "_PATH"];
    EXACT.contains(&name)
        || PREFIXES.iter().any(|p| name.starts_with(p))
        || SUFFIXES.iter().any(|s| name.ends_with(s))
}

/// The words of an instruction that BuildKit expands with UndefinedVar reporting, and the lexer each uses.
fn expanded_words(inst: &Instruction, lexer: Lexer) -> Vec<(String, Span, Lexer)> {
    let mut words: Vec<(String, Span, Lexer)> = Vec::new();
    let plain = |s: &str, span: Span| (s.to_string(), span, lexer);
    match inst.kind {
        Keyword::Env | Keyword::Label => {
            for kv in inst.args.chunks(3) {
                if let [key, value, _] = kv {
                    words.push(plain(&key.value, key.span));
                    words.push(plain(&value.value, value.span));
                }
            }
        }
        Keyword::Arg => {
            for arg in &inst.args {
                if let Some((_, default)) = arg.value.split_once('=') {
                    words.push(plain(default, arg.span));
                }
            }
        }
        Keyword::Add | Keyword::Copy => {
            for arg in &inst.args {
                if !arg.value.contains("<<") {
                    words.push(plain(&arg.value, arg.span));
                }
            }
            for flag in &inst.flags {
                if matches!(flag.name(), "chown" | "chmod") || (inst.kind == Keyword::Add && flag.name() == "checksum") {
                    words.push(plain(flag.value().unwrap_or(""), flag.span));
                }
            }
            let raw = Lexer { raw_quotes: true, ..lexer };
            for doc in inst.heredocs.iter().filter(|d| d.expand) {
                words.push((doc.content.clone(), doc.body_span, raw));
            }
        }
        Keyword::Workdir | Keyword::User | Keyword::Stopsignal | Keyword::Volume => {
            words.extend(inst.args.iter().map(|a| plain(&a.value, a.span)));
        }
        Keyword::Run => {
            for flag in inst.flags.iter().filter(|f| f.name() == "mount") {
                for field in flag.value().unwrap_or("").split(',') {
                    if let Some((_, value)) = field.split_once('=') {
                        words.push(plain(value, flag.span));
                    }
                }
            }
        }
        _ => {}
    }
    words
}

fn check(model: &Model) -> Vec<Finding> {
    let assume_base_env = model.option("SYN009", "assume-base-image-env").and_then(toml::Value::as_bool).unwrap_or(true);
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if inst.has_error {
            return;
        }
        for (word, span, lexer) in expanded_words(inst, model.lexer) {
            let Ok(expansion) = lexer.process_word(&word, &|k| scope.get(k)) else { continue };
            for name in &expansion.unmatched {
                if let Some(finding) = undefined(model, name, span, scope, assume_base_env) {
                    findings.push(finding);
                }
            }
        }
    });
    findings
}

/// The finding for one unset variable, unless BuildKit or the base-image policy stays silent.
fn undefined(model: &Model, name: &str, word: Span, scope: &Scope, assume_base_env: bool) -> Option<Finding> {
    if scope.declared_args.contains(name) || NON_ENV_ARGS.contains(&name) {
        return None;
    }
    let suggestion = crate::suggest::closest(name, scope.env.keys().map(String::as_str), true);
    if assume_base_env && scope.external_base && suggestion.is_none() && likely_from_base_image(name) {
        return None;
    }
    let message = match suggestion {
        Some(s) => format!("Usage of undefined variable '${name}' (did you mean ${s}?)"),
        None => format!("Usage of undefined variable '${name}'"),
    };
    let (span, label) = match reference_in(&model.tree.text, word, name, model.tree.escape) {
        Some(reference) => (reference.span, reference.outcome()),
        None => (word, "unset: expands to an empty string".to_string()),
    };
    Some(
        Finding::new(span, message)
            .label(label)
            .help(format!("set it with `ENV {name}=…` or declare it with `ARG {name}` in this stage (global ARGs must be re-declared)")),
    )
}

/// Where a word refers to a variable: `$NAME` or `${NAME…}`, and the modifier it is used with.
struct Reference<'t> {
    span: Span,
    /// `:-`, `-`, `:+`, `+`, `:?`, `?`, `#`, `%`… and the word after it; `None` for a plain reference.
    modifier: Option<(&'t str, &'t str)>,
}

impl Reference<'_> {
    /// What the reference expands to with the variable unset, as BuildKit's lexer expands it.
    fn outcome(&self) -> String {
        match self.modifier {
            Some((":-" | "-", default)) if !default.is_empty() => format!("unset: its default `{default}` is used"),
            Some((":?" | "?", _)) => "unset: the build fails here".to_string(),
            _ => "unset: expands to an empty string".to_string(),
        }
    }
}

/// The first reference to `name` in the file's text within `word` (escaped `\$` excluded).
fn reference_in<'t>(text: &'t str, word: Span, name: &str, escape: char) -> Option<Reference<'t>> {
    let slice = text.get(word.start..word.end)?;
    let is_name_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(found) = slice[from..].find('$') {
        let dollar = from + found;
        from = dollar + 1;
        if slice[..dollar].ends_with(escape) {
            continue;
        }
        let after = &slice[dollar + 1..];
        let start = word.start + dollar;
        if let Some(braced) = after.strip_prefix('{') {
            let Some(rest) = braced.strip_prefix(name) else { continue };
            if rest.starts_with(is_name_char) {
                continue;
            }
            let close = matching_brace(rest)?;
            let end = start + 2 + name.len() + close + 1;
            let inner = &rest[..close];
            let modifier_len = [":-", ":+", ":?", "##", "%%"]
                .iter()
                .find(|m| inner.starts_with(*m))
                .map_or(usize::from(!inner.is_empty()), |m| m.len());
            let modifier = (!inner.is_empty()).then(|| (&inner[..modifier_len], &inner[modifier_len..]));
            return Some(Reference { span: Span::new(start, end), modifier });
        }
        if after.strip_prefix(name).is_some_and(|rest| !rest.starts_with(is_name_char)) {
            return Some(Reference { span: Span::new(start, start + 1 + name.len()), modifier: None });
        }
    }
    None
}

/// The offset of the `}` closing a `${…` whose body starts `text`, nested `${…}` included.
fn matching_brace(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(text: &str, name: &str) -> Option<(String, String)> {
        let r = reference_in(text, Span::new(0, text.len()), name, '\\')?;
        Some((text[r.span.start..r.span.end].to_string(), r.outcome()))
    }

    #[test]
    fn the_reference_is_marked_and_its_outcome_told() {
        assert_eq!(
            reference("${UID:-1000}", "UID"),
            Some(("${UID:-1000}".into(), "unset: its default `1000` is used".into()))
        );
        assert_eq!(
            reference("/a:${ORYX_PATHS}:/b", "ORYX_PATHS"),
            Some(("${ORYX_PATHS}".into(), "unset: expands to an empty string".into()))
        );
        assert_eq!(reference("$HOMEDIR/$HOME/x", "HOME"), Some(("$HOME".into(), "unset: expands to an empty string".into())));
        assert_eq!(reference("${A:+x}", "A"), Some(("${A:+x}".into(), "unset: expands to an empty string".into())));
        assert_eq!(reference("${A:?no}", "A"), Some(("${A:?no}".into(), "unset: the build fails here".into())));
        assert_eq!(reference("\\$A ${A}", "A").map(|r| r.0), Some("${A}".into()));
        assert_eq!(reference("${A:-${B}}", "A").map(|r| r.0), Some("${A:-${B}}".into()));
        assert_eq!(reference("nothing", "A"), None);
    }
}
