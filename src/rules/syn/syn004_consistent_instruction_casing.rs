//! SYN004 consistent-instruction-casing (BuildKit's ConsistentInstructionCasing).
//!
//! BuildKit counts FROM and every command inside stages whose keyword is all-lowercase or all-uppercase;
//! lowercase is the majority only if strictly more keywords use it. Mixed-case keywords are always
//! reported; global ARGs and ONBUILD triggers are neither counted nor checked.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};
use crate::syntax::dockerfile::Instruction;

pub const RULE: Rule = Rule {
    code: "SYN004",
    name: "consistent-instruction-casing",
    severity: Severity::Style,
    default_enabled: true,
    aliases: &["ConsistentInstructionCasing"],
    summary: "An instruction keyword's case differs from the majority, or is mixed.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let staged: Vec<&Instruction> = model
        .stages
        .iter()
        .flat_map(|s| model.from_instruction(s).into_iter().chain(model.commands(s).map(|(_, i)| i)))
        .collect();
    let is_lower = |s: &str| s.to_lowercase() == s;
    let is_upper = |s: &str| s.to_uppercase() == s;
    let lower = staged.iter().filter(|i| is_lower(&i.keyword)).count();
    let upper = staged.iter().filter(|i| !is_lower(&i.keyword) && is_upper(&i.keyword)).count();
    let majority_lower = lower > upper;
    let case = if majority_lower { "lowercase" } else { "uppercase" };
    staged
        .into_iter()
        .filter(|i| if majority_lower { !is_lower(&i.keyword) } else { !is_upper(&i.keyword) })
        .map(|i| {
            let fixed = if majority_lower { i.keyword.to_lowercase() } else { i.keyword.to_uppercase() };
            let finding =
                Finding::new(i.keyword_span, format!("Command '{}' should match the case of the command majority ({case})", i.keyword))
                    .label(format!("most instructions are {case}"))
                    .help(format!("write `{fixed}`"));
            match replace_written(model, i.keyword_span, &i.keyword, fixed.clone()) {
                Some(edit) => finding.fix(Fix::safe(format!("Write `{fixed}`"), vec![edit])),
                None => finding,
            }
        })
        .collect()
}
