//! PIN007 untrusted-registry (policy, off by default): an image in `FROM`, `COPY --from` or
//! `RUN --mount=…,from=` comes from a registry the policy does not trust. The trusted registries are
//! glob patterns (`*` any run) from `[rules.PIN007] trusted-registries` and the top-level
//! `trusted-registries` key; a pattern without `/` is matched against the registry host (`docker.io`
//! for Docker Hub images), one with `/` against the full repository name (`docker.io/library/*`).
//! With no pattern configured there is nothing to check against, and the rule reports nothing.

use crate::diagnostic::Severity;
use crate::model::knowledge::glob_match;
use crate::model::stage_graph::Source;
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};
use crate::syntax::image_ref::ImageRef;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "PIN007",
    name: "untrusted-registry",
    severity: Severity::Warning,
    default_enabled: false,
    aliases: &["DL3026"],
    summary: "Policy: an image comes from a registry that is not trusted.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "trusted-registries",
        kind: OptionKind::StringList,
        default: "[]",
        doc: "Registry patterns to trust, e.g. `[\"*.dkr.ecr.*.amazonaws.com\", \"docker.io\"]`; the top-level \
              `trusted-registries` key adds to them.",
        range: None,
    }],
    check: Check::Dockerfile(check),
};

/// Whether an image reference is from a trusted registry.
fn trusted(reference: &ImageRef, patterns: &[String]) -> bool {
    let name = reference.normalized_name();
    let registry = name.split('/').next().unwrap_or("docker.io");
    patterns.iter().any(|p| if p.contains('/') { glob_match(p, name) } else { glob_match(p, registry) })
}

fn finding(span: Span, reference: &ImageRef, shown: &str) -> Finding {
    let registry = reference.normalized_name().split('/').next().unwrap_or("docker.io").to_string();
    Finding::new(span, format!("Image `{shown}` comes from `{registry}`, which is not a trusted registry"))
        .label("untrusted registry")
        .help("pull it through a trusted registry (a mirror or your own), or add the registry to `trusted-registries`")
}

fn check(model: &Model) -> Vec<Finding> {
    let patterns = model.string_list_option("PIN007", "trusted-registries");
    if patterns.is_empty() {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for from in from_images(model) {
        let Ok(reference) = &from.image.parsed else { continue };
        if !trusted(reference, &patterns) {
            findings.push(finding(from.name_span(), reference, &from.image.reference));
        }
    }
    for node in &model.graph().nodes {
        for read in &node.reads {
            let Source::Image(image) = &read.source else { continue };
            let Ok(reference) = ImageRef::parse(image) else { continue };
            if !trusted(&reference, &patterns) {
                findings.push(finding(read.span, &reference, image));
            }
        }
    }
    findings
}
