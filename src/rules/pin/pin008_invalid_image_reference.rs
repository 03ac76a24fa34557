//! PIN008 invalid-image-reference: an image reference Docker refuses (`invalid reference format`):
//! an uppercase repository, an empty or over-long tag, a `+` in a tag (SemVer build metadata cannot be
//! a Docker tag), a malformed digest. Checked in `FROM` and in `COPY --from`/`--mount from=` images;
//! the finding underlines the part that is wrong. References built from ARGs are SYN008's
//! (`invalid-default-arg-in-from`), which reports them with the defaults BuildKit checks.

use crate::diagnostic::Severity;
use crate::model::stage_graph::{Base, Source};
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::image_ref::{ImageRef, ImageRefError, ImageRefErrorKind};
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "PIN008",
    name: "invalid-image-reference",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &[],
    summary: "An image reference breaks Docker's reference grammar: the build fails.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// `whole` is where the reference is written; when it holds exactly the reference, the part at fault
/// is underlined.
fn finding(error: &ImageRefError, reference: &str, whole: Span) -> Finding {
    let span = if error.span.is_empty() || whole.len() != reference.len() {
        whole
    } else {
        Span::new(whole.start + error.span.start, whole.start + error.span.end)
    };
    let mut finding = Finding::new(span, format!("Invalid image reference `{reference}`: {error}")).label("Docker refuses this");
    if matches!(error.kind, ImageRefErrorKind::InvalidTag) && reference.contains('+') {
        finding = finding.help("Docker tags cannot hold `+`: write SemVer build metadata with `_` or `-` instead (`1.2.3_build.7`)");
    } else if error.kind == ImageRefErrorKind::UppercasePath {
        finding = finding.help(format!("write the repository in lowercase: `{}`", reference.to_lowercase()));
    }
    finding
}

fn check(model: &Model) -> Vec<Finding> {
    let graph = model.graph();
    let mut findings = Vec::new();
    for (stage, node) in model.stages.iter().zip(&graph.nodes) {
        if let Base::Image(image) = &node.base {
            if let (Err(error), false) = (&image.parsed, image.expanded) {
                findings.push(finding(error, &image.reference, stage.base_span));
            }
        }
        for read in &node.reads {
            let Source::Image(value) = &read.source else { continue };
            if let Err(error) = ImageRef::parse(value) {
                findings.push(finding(&error, value, read.span));
            }
        }
    }
    findings
}
