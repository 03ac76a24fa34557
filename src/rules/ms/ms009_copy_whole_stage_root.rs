//! MS009 copy-whole-stage-root: `COPY --from=X / …` copies X's whole filesystem (an operating system,
//! package caches and build tools included), which defeats the multi-stage build. Copying the root of
//! a stage built `FROM scratch` is the artifact-export pattern (the stage holds only the results) and
//! is not reported.

use crate::diagnostic::Severity;
use crate::model::stage_graph::{Base, ReadKind, Source};
use crate::model::Model;
use crate::rules::{Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS009",
    name: "copy-whole-stage-root",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3067"],
    summary: "`COPY --from=X / …` copies a whole filesystem from another stage or image.",
    fixable: Fixable::No,
    options: &[],
    check: Some(check),
};

/// Whether a stage's filesystem starts from `scratch` (through the stages it builds on).
fn built_from_scratch(model: &Model, mut stage: usize) -> bool {
    let graph = model.graph();
    for _ in 0..model.stages.len() {
        match graph.nodes.get(stage).map(|n| &n.base) {
            Some(Base::Stage(parent)) => stage = *parent,
            Some(Base::Scratch) => return true,
            _ => return false,
        }
    }
    false
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for node in &model.graph().nodes {
        for read in node.reads.iter().filter(|r| r.kind == ReadKind::CopyFrom) {
            if matches!(read.source, Source::Stage(s) if built_from_scratch(model, s)) {
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
