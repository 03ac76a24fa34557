//! LYR006 download-not-cleaned: a RUN downloads an archive (`curl -o`, `wget`), unpacks it, and leaves
//! the archive in the layer. The packed copy stays in the image next to what it unpacked. Delete it in
//! the same RUN, or stream it (`curl -fsSL … | tar -xz`).

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "LYR006",
    name: "download-not-cleaned",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "A RUN downloads and unpacks an archive but leaves the archive in the layer.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    // Only the image that ships: what a build stage leaves behind is not pulled.
    for layer in model.layers().iter().filter(|l| model.in_final_image(l.stage)) {
        for download in layer.downloads.iter().filter(|d| d.extracted && !d.removed) {
            findings.push(
                Finding::new(download.file.span, format!("`{}` is unpacked but not deleted: the archive stays in the layer", download.file.path))
                    .label("downloaded here")
                    .help(format!("add `&& rm {}` to this RUN, or stream it: `curl -fsSL <url> | tar -xz`", download.file.path)),
            );
        }
    }
    findings
}
