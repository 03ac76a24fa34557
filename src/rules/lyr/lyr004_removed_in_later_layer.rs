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
            // Deletions made by the layers in between, nearest first: what they deleted is gone already.
            let mut deleted_between: Vec<&str> = Vec::new();
            let earlier = earlier_layers(model, layers, n).find_map(|l| {
                let gone = |path: &str| deleted_between.iter().any(|r| deletes(r, path) || *r == path);
                // Deleting what was copied, all of it (`rm -rf /src`) or part of a copied folder (`rm -rf /src/tests`).
                let copied = l
                    .adds
                    .iter()
                    .filter(|a| !gone(&a.path))
                    .find(|a| deletes(&removed.path, &a.path) || is_within(&removed.path, &a.path));
                let downloaded = l
                    .downloads
                    .iter()
                    .filter(|d| !d.removed && !gone(&d.file.path))
                    .map(|d| &d.file)
                    .find(|f| deletes(&removed.path, &f.path));
                let found = copied.or(downloaded).map(|p| (l, p));
                deleted_between.extend(l.removes.iter().map(|r| r.path.as_str()));
                found
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

#[cfg(test)]
mod tests {
    use crate::lint::{lint_text, LintOptions};

    fn lines_reported(text: &str) -> Vec<usize> {
        let options = LintOptions { rules: vec![&super::RULE], ..LintOptions::default() };
        let report = lint_text("Dockerfile".into(), text, &options);
        report.diagnostics.iter().map(|d| report.line_index().line_of(d.span.start)).collect()
    }

    #[test]
    fn a_path_deleted_once_is_not_reported_again_by_a_wildcard() {
        let text = "FROM alpine:3.20\nCOPY setup.sh /tmp/setup.sh\nRUN sh /tmp/setup.sh && rm /tmp/setup.sh\nRUN rm -rf /tmp/*\n";
        assert_eq!(lines_reported(text), [3]);
    }

    #[test]
    fn a_wildcard_still_reaches_what_is_left() {
        let text = "FROM alpine:3.20\nCOPY a.sh /tmp/a.sh\nCOPY b.sh /tmp/b.sh\nRUN rm /tmp/a.sh\nRUN rm -rf /tmp/*\n";
        assert_eq!(lines_reported(text), [4, 5]);
    }
}
