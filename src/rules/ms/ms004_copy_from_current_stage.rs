//! MS004 copy-from-current-stage: `COPY --from` (or `--mount from=`) names the stage it is in, or one
//! defined later. BuildKit fails: `circular dependency detected on stage` or `cannot copy from stage …,
//! it needs to be defined before current stage`.

use crate::diagnostic::Severity;
use crate::model::stage_graph::Source;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS004",
    name: "copy-from-current-stage",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL3023"],
    summary: "`COPY --from` names its own stage or a later one: the build fails.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (stage, node) in model.stages.iter().zip(&model.graph().nodes) {
        for read in &node.reads {
            let Source::Stage(target) = read.source else { continue };
            let finding = if target == stage.index {
                Finding::new(read.span, format!("`--from={}` names the stage it is in", read.value))
                    .label("circular dependency")
                    .help("copy from an earlier stage, or use a plain `COPY`/`RUN cp` within the stage")
            } else if target > stage.index {
                let Some(later) = model.stages.get(target).and_then(|s| model.from_instruction(s)) else { continue };
                Finding::new(read.span, format!("`--from={}` names a stage defined later in the file", read.value))
                    .label("not built yet")
                    .secondary(later.span, "defined here")
                    .help("move that stage above this one")
            } else {
                continue;
            };
            findings.push(finding);
        }
    }
    findings
}
