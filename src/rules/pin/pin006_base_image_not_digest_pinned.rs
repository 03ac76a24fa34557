//! PIN006 base-image-not-digest-pinned (policy, off by default): every base image must be pinned by
//! digest (`image:tag@sha256:…`). A tag can be re-pushed; a digest names one image forever, which is
//! what reproducible and signed builds need. `require-digest` narrows the policy to some images.

use crate::diagnostic::Severity;
use crate::model::knowledge::glob_match;
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};

pub const RULE: Rule = Rule {
    code: "PIN006",
    name: "base-image-not-digest-pinned",
    severity: Severity::Warning,
    default_enabled: false,
    aliases: &[],
    summary: "Policy: a base image is not pinned by digest.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "require-digest",
        kind: OptionKind::StringList,
        default: "[\"*\"]",
        doc: "The images that must be digest-pinned, as patterns of the full repository name (`*` any run): \
              `[\"*\"]` (the default) means all, `[\"docker.io/*\"]` only Docker Hub images.",
        range: None,
    }],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let patterns = match model.option("PIN006", "require-digest") {
        Some(_) => model.string_list_option("PIN006", "require-digest"),
        None => vec!["*".to_string()],
    };
    let mut findings = Vec::new();
    for from in from_images(model) {
        let Ok(reference) = &from.image.parsed else { continue };
        if reference.digest.is_some() || !patterns.iter().any(|p| glob_match(p, reference.normalized_name())) {
            continue;
        }
        let finding =
            from.finding(from.span_of(0..from.image.reference.len()), format!("Base image `{}` is not pinned by digest", from.image.reference))
                .label("no `@sha256:` digest")
                .help("append the digest you tested with: `docker buildx imagetools inspect <image>` prints it");
        findings.push(finding);
    }
    findings
}
