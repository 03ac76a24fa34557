//! PIN003 base-image-floating-tag: a tag that names a channel, not a version: it starts with `edge`,
//! `stable`, `lts`, `current`, `mainline`, `rolling`, `nightly`, `testing`… (`lts-alpine3.20`), or is made
//! only of a distribution codename and variants on an image whose version is not the distribution's
//! (`python:bookworm`, `node:alpine`, `nonroot`). Like `latest` (PIN002), it moves. On the
//! distribution's own images a released codename names a release (`debian:bookworm` is 12) and is
//! PIN004's to judge. Tags with a digest are fixed and not reported; tags of unknown words
//! (`mybranch`) are left alone unless `floating-tags` lists them.

use crate::diagnostic::Severity;
use crate::model::image_tag::TagClass;
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};

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
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let extra = model.string_list_option("PIN003", "floating-tags");
    let mut findings = Vec::new();
    for from in from_images(model) {
        let Some(TagClass::Floating { word }) = from.image.tag_class(&extra) else { continue };
        let tag = from.image.tag().unwrap_or_default();
        if from.image.has_digest() || tag.eq_ignore_ascii_case("latest") {
            continue;
        }
        let which = if word.eq_ignore_ascii_case(tag) { String::new() } else { format!(" (`{word}`)") };
        let finding = from.finding(from.tag_span(), format!("Base image `{}` uses the moving tag `{tag}`{which}", from.image.reference))
            .label("names a channel, not a version")
            .help("name a specific version (`3.20-alpine`, `1.27-bookworm`), or pin a digest (`@sha256:…`)");
        findings.push(finding);
    }
    findings
}
