//! RES005 resource-hint-labels (policy, off by default): the image lacks the labels that document the
//! CPU and memory it needs (`required-labels`), so whoever runs it (Compose files, Kubernetes manifests,
//! the platform team) has to guess its limits.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "RES005",
    name: "resource-hint-labels",
    severity: Severity::Info,
    default_enabled: false,
    aliases: &[],
    summary: "Policy: the image lacks the labels that document its CPU and memory needs.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "required-labels",
        kind: OptionKind::StringList,
        default: "[\"resources.cpu\", \"resources.memory\"]",
        doc: "The label names the final image must set.",
        range: None,
    }],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(last) = model.final_stage() else { return Vec::new() };
    let required = match model.option("RES005", "required-labels") {
        Some(_) => model.string_list_option("RES005", "required-labels"),
        None => vec!["resources.cpu".to_string(), "resources.memory".to_string()],
    };
    let chain = model.final_chain();
    let mut present = Vec::new();
    for step in model.dispatch().steps.iter().filter(|s| s.trigger.is_none() && chain.iter().any(|c| c.index == s.stage)) {
        let inst = model.instruction(step.index);
        if inst.kind != Keyword::Label {
            continue;
        }
        for kv in inst.args.chunks(3) {
            if let Ok(key) = model.lexer.process_word(&kv[0].value, &|k| step.scope.get(k)) {
                present.push(key.result);
            }
        }
    }
    let missing: Vec<&str> = required.iter().filter(|r| !present.contains(r)).map(String::as_str).collect();
    if missing.is_empty() {
        return Vec::new();
    }
    let Some(from) = model.from_instruction(last) else { return Vec::new() };
    let example = missing.iter().map(|m| format!("{m}=\"…\"")).collect::<Vec<_>>().join(" ");
    vec![Finding::new(from.keyword_span.cover(last.base_span), format!("The image does not document its resource needs: missing {}", missing.join(", ")))
        .label("final stage")
        .help(format!("add `LABEL {example}` with the CPU and memory the service needs"))]
}
