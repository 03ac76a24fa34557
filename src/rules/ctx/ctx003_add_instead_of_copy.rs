//! CTX003 add-instead-of-copy: ADD of local files or folders that are not archives. ADD also unpacks
//! local tar archives and fetches URLs; for plain files that magic only surprises (a `.tar.gz` someone
//! meant to copy as is gets unpacked), and COPY says what happens. Sources that hold a variable are
//! not judged.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::copies::{copy_parts, source_kind, SourceKind};
use crate::rules::{Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX003",
    name: "add-instead-of-copy",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3020", "DS005", "CKV_DOCKER_4"],
    summary: "ADD of local files that are not archives; use COPY.",
    fixable: Fixable::No,
    options: &[],
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for inst in model.tree.instructions.iter().filter(|i| i.kind == Keyword::Add) {
        let Some((sources, _)) = copy_parts(inst) else { continue };
        let kinds: Vec<SourceKind> = sources.iter().map(|s| source_kind(&s.value)).collect();
        let Some(local) = sources.iter().zip(&kinds).find(|(_, k)| matches!(k, SourceKind::Local | SourceKind::Heredoc)) else {
            continue;
        };
        findings.push(
            Finding::new(inst.keyword_span, "Use COPY instead of ADD for files and folders")
                .label("ADD also unpacks archives and fetches URLs")
                .secondary(local.0.span, "a local file or folder")
                .help("write `COPY`: it copies exactly what it is given; keep ADD for URLs and for archives you want unpacked"),
        );
    }
    findings
}
