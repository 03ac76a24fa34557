//! CTX003 add-instead-of-copy: ADD of local files or folders that are not archives. ADD also unpacks
//! local tar archives and fetches URLs; for plain files that magic only surprises (a `.tar.gz` someone
//! meant to copy as is gets unpacked), and COPY says what happens. Sources are judged as they expand;
//! one that cannot be expanded is not judged.

use crate::diagnostic::Severity;
use crate::model::dispatch::dispatch;
use crate::model::Model;
use crate::rules::copies::{copy_parts, source_kind, SourceKind};
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX003",
    name: "add-instead-of-copy",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3020", "DS005", "CKV_DOCKER_4"],
    summary: "ADD of local files that are not archives; use COPY.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

/// The flags ADD and COPY share, with the same meaning.
const COPY_FLAGS: [&str; 5] = ["chown", "chmod", "link", "exclude", "parents"];

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if inst.kind != Keyword::Add {
            return;
        }
        let Some((sources, _)) = copy_parts(inst) else { return };
        // Sources are judged as they expand (`ADD ${PACKAGE_URL} /tmp/` with a URL default is remote).
        let expand = |w: &str| match model.lexer.process_word(w, &|k| scope.get(k)) {
            Ok(e) if e.unmatched.is_empty() => e.result,
            _ => w.to_string(),
        };
        let kinds: Vec<SourceKind> = sources.iter().map(|s| source_kind(&expand(&s.value))).collect();
        // With an archive (or a source that may be one) among the sources, ADD is doing its job.
        if kinds.iter().any(|k| matches!(k, SourceKind::Archive | SourceKind::Unknown)) {
            return;
        }
        let Some((local, kind)) = sources.iter().zip(&kinds).find(|(_, k)| matches!(k, SourceKind::Local | SourceKind::Heredoc)) else {
            return;
        };
        let what = if *kind == SourceKind::Heredoc { "a heredoc" } else { "a local file or folder" };
        let finding = Finding::new(inst.keyword_span, "Use COPY instead of ADD for files and folders")
            .label("ADD also unpacks archives and fetches URLs")
            .secondary(local.span, what)
            .help("write `COPY`: it copies exactly what it is given; keep ADD for URLs and for archives you want unpacked");
        // COPY does the same only when every source is local and every flag is one COPY takes.
        let all_local = kinds.iter().all(|k| matches!(k, SourceKind::Local | SourceKind::Heredoc));
        let copy_flags = inst.flags.iter().all(|f| COPY_FLAGS.contains(&f.name()));
        let copy = if inst.keyword.chars().all(|c| c.is_ascii_lowercase()) { "copy" } else { "COPY" };
        match replace_written(model, inst.keyword_span, &inst.keyword, copy).filter(|_| all_local && copy_flags) {
            Some(edit) => findings.push(finding.fix(Fix::safe(format!("Write `{copy}`"), vec![edit]))),
            None => findings.push(finding),
        }
    });
    findings
}
