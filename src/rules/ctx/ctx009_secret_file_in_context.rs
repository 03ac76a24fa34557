//! CTX009 secret-file-in-context: files that look like secrets (`.env`, private keys, `id_rsa`, tokens
//! in `.npmrc`/`.pypirc`, `.aws/credentials`, `*.tfstate`…) are sent to the builder by a COPY/ADD of the
//! whole context or of a folder that holds them, because `.dockerignore` does not exclude them. They land
//! in a layer (and the build cache) where anyone with the image can read them, even if a later step
//! deletes them. Only checked with the build context on disk; see `model::secret_files` for what counts.

use crate::diagnostic::Severity;
use crate::model::secret_files::secret_reason;
use crate::model::Model;
use crate::rules::copies::{context_sources, whole_context_source};
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "CTX009",
    name: "secret-file-in-context",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &[],
    summary: "Files that look like secrets are sent by a COPY of the context.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// How many secret files a finding names before "and N more".
const LISTED: usize = 5;

fn check(model: &Model) -> Vec<Finding> {
    let Some(Ok(context)) = model.build_context() else { return Vec::new() };
    let mut copies: Vec<(crate::syntax::source::Span, String)> = model
        .tree
        .instructions
        .iter()
        .filter_map(whole_context_source)
        .map(|source| (source.span, String::new()))
        .collect();
    copies.extend(context_sources(model).into_iter().map(|c| (c.source.span, c.path)));
    copies.sort_by_key(|(span, _)| span.start);
    copies.dedup_by_key(|(span, _)| span.start);
    // Walk the context only when something copies a folder of it (a file named alone is not judged).
    copies.retain(|(_, path)| path.is_empty() || !path.rsplit('/').next().unwrap_or_default().contains('.'));
    if copies.is_empty() {
        return Vec::new();
    }
    let Some(Ok(files)) = model.context_files() else { return Vec::new() };
    let mut reported: Vec<String> = Vec::new();
    let mut findings = Vec::new();
    for (span, folder) in copies {
        let sent = files.under(&folder);
        // A single file copied by name is the user's choice (SEC rules judge key files by name).
        if sent.len() == 1 && sent[0].path == folder {
            continue;
        }
        let secrets: Vec<(String, &str)> = sent
            .iter()
            .filter(|f| !reported.contains(&f.path))
            .filter_map(|f| secret_reason(context.root(), &f.path).map(|why| (f.path.clone(), why)))
            .collect();
        if secrets.is_empty() {
            continue;
        }
        let names: Vec<&str> = secrets.iter().take(LISTED).map(|(p, _)| p.as_str()).collect();
        let more = secrets.len().saturating_sub(LISTED);
        let list = if more > 0 { format!("{} and {more} more", names.join(", ")) } else { names.join(", ") };
        let mut finding = Finding::new(span, format!("this copies files that look like secrets into the image: {list}"))
            .label("sends secrets to the builder")
            .help("exclude them in `.dockerignore`, and pass secrets with `RUN --mount=type=secret` instead");
        for (path, why) in secrets.iter().take(LISTED) {
            finding = finding.note(format!("`{path}`: {why}"));
        }
        reported.extend(secrets.into_iter().map(|(p, _)| p));
        findings.push(finding);
    }
    findings
}
