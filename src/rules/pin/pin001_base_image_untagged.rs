//! PIN001 base-image-untagged: `FROM image` with neither tag nor digest means `image:latest`, whatever
//! that is on the day of the build. References built from ARGs are checked as they expand (defaults,
//! then `--build-arg`); one that does not resolve is not reported. `scratch` and earlier stages have no
//! tag to give.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::images::from_images;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN001",
    name: "base-image-untagged",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3006", "DS001", "missing_tag"],
    summary: "A base image has no tag or digest: it means `latest`, which changes under you.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for from in from_images(model) {
        let Ok(reference) = &from.image.parsed else { continue };
        if reference.tag.is_some() || reference.digest.is_some() {
            continue;
        }
        let name = &from.image.reference;
        let finding = from.finding(from.name_span(), format!("Base image `{name}` has no tag: it pulls `{name}:latest`"))
            .label("no tag: means `latest`")
            .help(format!("name the version you tested with, e.g. `{name}:<version>` (or pin `@sha256:…`)"));
        findings.push(finding);
    }
    findings
}
