//! MS003 copy-from-unknown-stage: `COPY --from=X` or `RUN --mount=…,from=X` where X is no stage of the
//! file. BuildKit then pulls X as an image: a plain name (`--from=biuld`) is usually a typo of a stage
//! name, and if it is meant as an image it pulls `X:latest`. A stage index with no such stage, and a
//! variable (BuildKit does not expand `--from`), fail the build.
//!
//! Values that look like image references (with a registry, a path, a tag or a digest:
//! `nginx:1.27`, `ghcr.io/org/tool`) are images and not reported.

use crate::diagnostic::Severity;
use crate::model::stage_graph::Source;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS003",
    name: "copy-from-unknown-stage",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3022"],
    summary: "`COPY --from` or `--mount from=` names no stage and does not look like an image.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    // A FROM BuildKit rejects (a stage name with a variable, say) leaves the stage names unknown.
    if model.stages.iter().any(|s| model.from_instruction(s).is_some_and(|f| f.has_error)) {
        return Vec::new();
    }
    let names: Vec<&str> = model.stages.iter().filter_map(|s| s.name.as_deref()).collect();
    let mut findings = Vec::new();
    for node in &model.graph().nodes {
        for read in &node.reads {
            let finding = match &read.source {
                Source::Image(value) if !value.contains(['/', ':', '@', '.']) => {
                    let suggestion = crate::suggest::closest(&value.to_lowercase(), names.iter().copied(), false);
                    let message = match suggestion {
                        Some(s) => format!("`{value}` is not a stage of this Dockerfile (did you mean `{s}`?)"),
                        None => format!("`{value}` is not a stage of this Dockerfile: it is pulled as the image `{value}:latest`"),
                    };
                    Finding::new(read.span, message)
                        .label("no stage has this name")
                        .help("name a stage defined above (`FROM … AS name`), or a tagged image (`busybox:1.36`)")
                }
                Source::MissingIndex(index) => Finding::new(read.span, format!("There is no stage {index}: the file has {} stage(s)", model.stages.len()))
                    .label("no such stage")
                    .help("refer to the stage by its name"),
                Source::Variable(value) => Finding::new(read.span, format!("`{value}`: BuildKit does not expand variables in `from`, the build fails"))
                    .label("not expanded")
                    .help("name the stage or image literally; to choose between stages, make the choice a stage (`FROM ${VARIANT} AS chosen`) and copy from it"),
                _ => continue,
            };
            findings.push(finding);
        }
    }
    findings
}
