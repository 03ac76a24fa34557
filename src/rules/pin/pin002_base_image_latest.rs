//! PIN002 base-image-latest: `FROM image:latest` without a digest. `latest` is whatever was pushed
//! last: two builds of the same Dockerfile can get different images, and a major upgrade arrives
//! unannounced. With a digest (`image:latest@sha256:…`) the image is fixed and the rule is silent.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN002",
    name: "base-image-latest",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3007", "CKV_DOCKER_7"],
    summary: "A base image uses the `latest` tag.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for from in from_images(model) {
        if from.image.has_digest() || !from.image.tag().is_some_and(|t| t.eq_ignore_ascii_case("latest")) {
            continue;
        }
        let finding = from.finding(from.tag_span(), format!("Base image `{}` uses the `latest` tag", from.image.reference))
            .label("moves with every release")
            .help("name a specific version (`3.20`, `1.27.1`), or pin a digest (`@sha256:…`)");
        findings.push(finding);
    }
    findings
}
