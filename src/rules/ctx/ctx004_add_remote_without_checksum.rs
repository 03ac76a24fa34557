//! CTX004 add-remote-without-checksum: `ADD https://…` without `--checksum`, or `ADD` of a git
//! repository at a branch or tag rather than a commit. What the URL serves can change between builds
//! (or be replaced by an attacker), and the build would not notice: `--checksum=sha256:…` makes BuildKit
//! verify the download, and a commit hash pins a repository.

use crate::diagnostic::Severity;
use crate::model::dispatch::dispatch;
use crate::model::Model;
use crate::rules::copies::{copy_parts, source_kind, SourceKind};
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX004",
    name: "add-remote-without-checksum",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "ADD of a URL without `--checksum`, or of a git repository not pinned to a commit.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// A git source pinned to a commit: `…#<40 or 64 hex digits>` (optionally `:subdir`).
fn pinned_to_commit(source: &str) -> bool {
    let Some((_, reference)) = source.split_once('#') else { return false };
    let commit = reference.split(':').next().unwrap_or(reference);
    matches!(commit.len(), 40 | 64) && commit.bytes().all(|b| b.is_ascii_hexdigit())
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if inst.kind != Keyword::Add || inst.flags.iter().any(|f| f.name() == "checksum") {
            return;
        }
        let Some((sources, _)) = copy_parts(inst) else { return };
        for source in sources {
            // Judged as it expands (`ARG PACKAGE_URL=https://…`); a git ref that does not expand is
            // not judged.
            let expanded = match model.lexer.process_word(&source.value, &|k| scope.get(k)) {
                Ok(e) if e.unmatched.is_empty() => e.result,
                _ => source.value.clone(),
            };
            let finding = match source_kind(&expanded) {
                SourceKind::Url => Finding::new(source.span, "ADD of a URL without `--checksum`: the download is not verified")
                    .label("what this serves can change")
                    .help("add `--checksum=sha256:<digest of the file>`, or download in a RUN and check it there"),
                SourceKind::Git if !pinned_to_commit(&expanded) && !expanded.contains('$') => {
                    Finding::new(source.span, "ADD of a git repository at a branch or tag, not a commit")
                        .label("a branch or tag can move")
                        .help("pin the commit: `ADD https://github.com/org/repo.git#<commit sha> /src`")
                }
                _ => continue,
            };
            findings.push(finding);
        }
    });
    findings
}
