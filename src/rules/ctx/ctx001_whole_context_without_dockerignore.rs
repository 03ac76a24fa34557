//! CTX001 whole-context-without-dockerignore: `COPY . …` (or `ADD .`, `COPY *`) while the build context
//! has no `.dockerignore` (nor `<Dockerfile>.dockerignore`). Everything in the folder is sent to the
//! builder and copied into the image: `.git`, `node_modules`, build outputs, local `.env` files.
//! Only checked when the Dockerfile is linted with its context on disk.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::copies::whole_context_source;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "CTX001",
    name: "whole-context-without-dockerignore",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "The whole build context is copied, and the context has no `.dockerignore`.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(Ok(context)) = model.build_context() else { return Vec::new() };
    if context.ignore_file().is_some() {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for inst in &model.tree.instructions {
        let Some(source) = whole_context_source(inst) else { continue };
        findings.push(
            Finding::new(source.span, "The whole build context is copied, and there is no .dockerignore")
                .label("sends and copies everything in the folder")
                .help("add a `.dockerignore` next to the Dockerfile that leaves out `.git`, dependencies, build output and secrets"),
        );
    }
    findings
}
