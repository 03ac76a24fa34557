//! PIN003 base-image-floating-tag: a tag that names a channel, not a version: `edge`, `stable`, `lts`,
//! `current`, `mainline`, `rolling`, `nightly`, `testing`…, a bare distribution codename (`bookworm`,
//! `jammy`) or variant (`slim`, `alpine`, `nonroot`), or a mix of those (`lts-alpine`,
//! `bookworm-slim`). Like `latest` (PIN002), it moves. Tags with a digest are fixed and not reported;
//! tags of unknown words (`mybranch`) are left alone unless `floating-tags` lists them.

use crate::diagnostic::Severity;
use crate::model::image_tag::TagClass;
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Finding, Fixable, OptionKind, Rule, RuleOption};

pub const RULE: Rule = Rule {
    code: "PIN003",
    name: "base-image-floating-tag",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "A base image tag names a moving channel or variant, not a version.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "floating-tags",
        kind: OptionKind::StringList,
        default: "[]",
        doc: "More tag words that move (your registry's channel tags, e.g. `[\"dev\", \"qa\"]`), added to the built-in list.",
        range: None,
    }],
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let extra = model.string_list_option("PIN003", "floating-tags");
    let mut findings = Vec::new();
    for from in from_images(model) {
        let Some(TagClass::Floating { word }) = from.image.tag_class(&extra) else { continue };
        if from.image.has_digest() || word == "latest" && from.image.tag() == Some("latest") {
            continue;
        }
        let tag = from.image.tag().unwrap_or_default();
        let mut finding = Finding::new(from.tag_span(), format!("Base image `{}` uses the moving tag `{tag}`", from.image.reference))
            .label("names a channel, not a version")
            .help("name a specific version (`3.20-alpine`, `1.27-bookworm`), or pin a digest (`@sha256:…`)");
        if let Some(note) = from.expansion_note() {
            finding = finding.note(note);
        }
        findings.push(finding);
    }
    findings
}
