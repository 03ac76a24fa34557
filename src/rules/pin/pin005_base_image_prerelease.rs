//! PIN005 base-image-prerelease: a base image tag that names a pre-release (`1.2.3-rc.4`, `3.13.0rc1`,
//! `9.0-preview`, `22-ea`) or a feature-branch build (`{service}-{branch}-{short-hash}`, the versioning
//! policy's branch tags). Such images are for testing; the registry's lifecycle policy deletes them
//! (90 days), so a rebuild later fails, and they carry unreleased code.

use crate::diagnostic::Severity;
use crate::model::image_tag::TagClass;
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN005",
    name: "base-image-prerelease",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "A base image tag is a pre-release or a branch build.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for from in from_images(model) {
        let what = match from.image.tag_class(&[]) {
            Some(TagClass::Prerelease { marker }) => format!("a pre-release (`{marker}`)"),
            Some(TagClass::BranchBuild) => "a branch build (`{service}-{branch}-{hash}`)".to_string(),
            _ => continue,
        };
        let tag = from.image.tag().unwrap_or_default();
        let finding = from.finding(from.tag_span(), format!("Base image tag `{tag}` is {what}"))
            .label("not a release")
            .help("build on a released version; pre-release and branch images are for testing and are deleted after a while");
        findings.push(finding);
    }
    findings
}
