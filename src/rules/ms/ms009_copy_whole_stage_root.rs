//! MS009 copy-whole-stage-root: `COPY --from=X / …` copies X's whole filesystem (an operating system,
//! package caches and build tools included), which defeats the multi-stage build.
//!
//! Reported when X is an operating-system or SDK image (`alpine`, `debian`, `golang`…), or a stage
//! that starts from one or runs commands. Not reported: stages built `FROM scratch` (the
//! artifact-export pattern: they hold only results), and images or stage aliases of images that are
//! only files to copy (`tonistiigi/xx`, a CLI-binaries image), whose documented use is a whole-root copy.

use crate::diagnostic::Severity;
use crate::model::stage_graph::{Base, ReadKind, Source};
use crate::model::knowledge::{is_os_image, sdk_image, short_repository};
use crate::model::Model;
use crate::syntax::dockerfile::Keyword;
use crate::syntax::image_ref::ImageRef;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS009",
    name: "copy-whole-stage-root",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3067"],
    summary: "`COPY --from=X / …` copies a whole filesystem from another stage or image.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Whether an image is an operating system or an SDK (`alpine:3.20`, `golang:1.22`).
fn is_system_image(reference: &str) -> bool {
    let Ok(parsed) = ImageRef::parse(reference) else { return false };
    let repository = short_repository(parsed.normalized_name());
    let tag = parsed.tag.as_ref().map(|t| t.text.as_str());
    is_os_image(repository) || sdk_image(repository, tag).is_some()
}

/// Whether a stage holds a system: it (or a stage it builds on) runs commands, or starts from an
/// operating-system or SDK image. A stage on `scratch` that runs nothing holds only files.
fn holds_a_system(model: &Model, mut stage: usize) -> bool {
    let graph = model.graph();
    for _ in 0..model.stages.len() {
        let Some(current) = model.stages.get(stage) else { return false };
        if model.commands(current).any(|(_, i)| i.kind == Keyword::Run) {
            return true;
        }
        match graph.nodes.get(stage).map(|n| &n.base) {
            Some(Base::Stage(parent)) => stage = *parent,
            Some(Base::Image(image)) => return is_system_image(&image.reference),
            _ => return false,
        }
    }
    false
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for node in &model.graph().nodes {
        for read in node.reads.iter().filter(|r| r.kind == ReadKind::CopyFrom) {
            let whole_system = match &read.source {
                Source::Stage(s) => holds_a_system(model, *s),
                Source::Image(image) => is_system_image(image),
                _ => false,
            };
            if !whole_system {
                continue;
            }
            let inst = model.instruction(read.instruction);
            let sources = inst.args.split_last().map_or(&[][..], |(_, sources)| sources);
            for source in sources.iter().filter(|a| matches!(a.value.as_str(), "/" | "/." | "/*" | "./" | ".")) {
                findings.push(
                    Finding::new(source.span, format!("`COPY --from={}` copies the whole filesystem", read.value))
                        .label("everything, operating system included")
                        .help("copy only the paths the final image needs (`/app/bin`, `/usr/local/lib/…`)"),
                );
            }
        }
    }
    findings
}
