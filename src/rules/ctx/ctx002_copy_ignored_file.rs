//! CTX002 copy-ignored-file: a COPY or ADD source is excluded by the context's `.dockerignore`
//! (BuildKit's CopyIgnoredFile): Docker does not send it, and the build fails with "not found" or
//! copies less than it seems to. Judged with Docker's own matcher, `!` exceptions included (BuildKit's
//! check skips ignore files that have any `!` line; Docker's send does not, and neither does this
//! rule). `.` and `/` are reported only when the file excludes everything (`*`, `**`, `**/*`, and no
//! `!` line).
//! A folder with something re-included inside it is sent in part, and not reported. Sources with
//! wildcards are not judged yet; sources that hold variables are judged as they expand.
//! Only checked when the Dockerfile is linted with its context on disk.

use crate::diagnostic::Severity;
use crate::model::dispatch::dispatch;
use crate::model::layers::absolute;
use crate::model::Model;
use crate::rules::copies::{copy_parts, source_kind, SourceKind};
use crate::rules::{Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX002",
    name: "copy-ignored-file",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["CopyIgnoredFile"],
    summary: "A COPY or ADD source is excluded by `.dockerignore`.",
    fixable: Fixable::No,
    options: &[],
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(Ok(context)) = model.build_context() else { return Vec::new() };
    if context.ignore_file().is_none() {
        return Vec::new();
    }
    let patterns = context.ignore().patterns();
    let excludes_everything = patterns.iter().any(|p| !p.is_exception() && matches!(p.cleaned(), "*" | "**" | "**/*"))
        && !patterns.iter().any(|p| p.is_exception());
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if inst.flags.iter().any(|f| f.name() == "from") {
            return;
        }
        let Some((sources, _)) = copy_parts(inst) else { return };
        for source in sources {
            let Ok(expanded) = model.lexer.process_word(&source.value, &|k| scope.get(k)) else { continue };
            if !expanded.unmatched.is_empty() || !matches!(source_kind(&expanded.result), SourceKind::Local | SourceKind::Archive) {
                continue;
            }
            if expanded.result.contains(['*', '?', '[']) {
                continue;
            }
            let path = absolute(None, &expanded.result).trim_start_matches('/').to_string();
            // An excluded folder with something re-included inside (`**` then `!folder/file`) still
            // sends that: copying the folder copies it.
            let excluded = if path.is_empty() {
                excludes_everything
            } else {
                context.decide(&path).is_ok_and(|d| d.excluded) && !context.ignore().may_reinclude_inside(&path)
            };
            if !excluded {
                continue;
            }
            let verb = if inst.kind == Keyword::Add { "Add" } else { "Copy" };
            let deciding = context.decide(&path).ok().and_then(|d| d.deciding.map(|p| (p.line(), p.text().to_string())));
            let mut finding = Finding::new(source.span, format!("Attempting to {verb} file {:?} that is excluded by .dockerignore", expanded.result))
                .label("Docker does not send this")
                .help("copy something the context sends, or re-include it in `.dockerignore` with a `!` line");
            if let Some((line, text)) = deciding {
                finding = finding.note(format!("excluded by `{text}` on line {line} of {}", context.ignore_file().map_or(String::new(), |p| p.display().to_string())));
            }
            findings.push(finding);
        }
    });
    findings
}
