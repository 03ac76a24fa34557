//! LYR005 recursive-chown-layer: `RUN chown -R` or `chmod -R` over files an earlier COPY or ADD of the
//! stage added. Changing a file's owner or mode copies it whole into the new layer: the files are in
//! the image twice. `COPY --chown=user:group` and `COPY --chmod=mode` set them as they are copied.

use crate::diagnostic::Severity;
use crate::model::layers::{earlier_layers, is_within};
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "LYR005",
    name: "recursive-chown-layer",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "`RUN chown -R`/`chmod -R` on copied files duplicates them in a new layer.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let layers = model.layers();
    let mut findings = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    for (n, layer) in layers.iter().enumerate().filter(|(_, l)| model.in_final_image(l.stage)) {
        for changed in &layer.recursive_owner_changes {
            if reported.contains(&changed.path.as_str()) {
                continue;
            }
            // A COPY that already set the owner (`--chown`) is the user's fix in progress, not the waste.
            let copied = earlier_layers(model, layers, n)
                .filter(|l| matches!(l.kind, Keyword::Copy | Keyword::Add))
                .filter(|l| !model.instruction(l.instruction).flags.iter().any(|f| f.name() == "chown"))
                .find_map(|l| l.adds.iter().find(|a| is_within(&a.path, &changed.path)));
            let Some(copied) = copied else { continue };
            reported.push(&changed.path);
            findings.push(
                Finding::new(changed.span, format!("Changing `{}` recursively copies the files COPY added into a new layer", changed.path))
                    .label("these files are now in the image twice")
                    .secondary(copied.span, "copied here")
                    .help("set owner and mode while copying: `COPY --chown=app:app --chmod=755 …`"),
            );
        }
    }
    findings
}
