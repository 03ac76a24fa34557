//! LYR004 removed-in-later-layer: a RUN deletes files that an earlier layer of the stage put there (a
//! COPY/ADD destination, or a file an earlier RUN downloaded). Layers only add: the deleted bytes are
//! still in the earlier layer, pulled with the image, and the delete adds a layer of its own. Delete in
//! the layer that created them, or do not add them (`.dockerignore`, a build stage).

use crate::diagnostic::Severity;
use crate::model::layers::{deletes, earlier_layers, is_within};
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "LYR004",
    name: "removed-in-later-layer",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "A RUN deletes files an earlier layer added: the bytes stay in the image.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let layers = model.layers();
    let mut findings = Vec::new();
    // Only the image that ships: a build stage's layers are not pulled.
    for (n, layer) in layers.iter().enumerate().filter(|(_, l)| model.in_final_image(l.stage)) {
        for removed in &layer.removes {
            // The nearest earlier layer (of this stage or those it builds on) that added what is
            // removed, inside it or all of it; none when a layer in between already deleted it.
            let mut already_deleted = false;
            let earlier = earlier_layers(model, layers, n).find_map(|l| {
                if already_deleted {
                    return None;
                }
                if l.removes.iter().any(|r| deletes(&r.path, &removed.path) || r.path == removed.path) {
                    already_deleted = true;
                    return None;
                }
                // Deleting what was copied, all of it (`rm -rf /src`) or part of a copied folder (`rm -rf /src/tests`).
                let copied = l.adds.iter().find(|a| deletes(&removed.path, &a.path) || is_within(&removed.path, &a.path));
                let downloaded = l.downloads.iter().filter(|d| !d.removed).map(|d| &d.file).find(|f| deletes(&removed.path, &f.path));
                copied.or(downloaded).map(|p| (l, p))
            });
            let Some((earlier, added)) = earlier else { continue };
            let how = if earlier.kind == Keyword::Run { "downloaded" } else { "added" };
            findings.push(
                Finding::new(removed.span, format!("`{}` was {how} by an earlier layer: deleting it here does not make the image smaller", removed.path))
                    .label("the bytes stay in the earlier layer")
                    .secondary(added.span, format!("{how} here"))
                    .help(if earlier.kind == Keyword::Run {
                        "delete it in the same RUN that downloaded it"
                    } else {
                        "keep it out of the image: for a script run once, `RUN --mount=type=bind,source=…,target=…` runs it without adding it; otherwise `.dockerignore` or a build stage"
                    }),
            );
        }
    }
    findings
}
