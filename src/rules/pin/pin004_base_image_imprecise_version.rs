//! PIN004 base-image-imprecise-version: a version tag with fewer numeric parts than the policy asks
//! (`min-version-precision`, default 2: major.minor). `python:3` follows every 3.x release, so a
//! rebuild can jump from 3.12 to 3.13; `python:3.12-slim` only takes patch releases. Dates and digests
//! count as precise; a codename on a distribution's image counts as its version (`debian:bookworm` is
//! 12); images whose whole version is one number (Fedora, Windows release IDs) are not judged.

use crate::diagnostic::Severity;
use crate::model::image_tag::TagClass;
use crate::model::knowledge::{glob_match, SINGLE_NUMBER_VERSIONS};
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};

pub const RULE: Rule = Rule {
    code: "PIN004",
    name: "base-image-imprecise-version",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "A base image version tag is less precise than the policy asks (default: major.minor).",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "min-version-precision",
        kind: OptionKind::Integer,
        default: "2",
        doc: "How many version parts a tag must have: 1 (`3`), 2 (`3.12`, the default) or 3 (`3.12.4`).",
        range: Some((1, 3)),
    }],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let wanted = model.option("PIN004", "min-version-precision").and_then(toml::Value::as_integer).unwrap_or(2);
    let wanted = usize::try_from(wanted).unwrap_or(2);
    let example = ["3", "3.12", "3.12.4"].get(wanted.saturating_sub(1)).copied().unwrap_or("3.12");
    let mut findings = Vec::new();
    for from in from_images(model) {
        let Some(TagClass::Version { parts, version }) = from.image.tag_class(&[]) else { continue };
        let single_number = from.image.repository().is_some_and(|r| SINGLE_NUMBER_VERSIONS.iter().any(|p| glob_match(p, r)));
        if from.image.has_digest() || parts >= wanted || single_number {
            continue;
        }
        let finding = from.finding(
            from.tag_span(),
            format!("Base image `{}` is pinned to `{version}` only: {wanted} version parts wanted", from.image.reference),
        )
        .label(format!("{parts} version part{}", if parts == 1 { "" } else { "s" }))
        .help(format!("name a version with {wanted} parts (`python:{example}-slim`, not `python:3`)"));
        findings.push(finding);
    }
    findings
}
