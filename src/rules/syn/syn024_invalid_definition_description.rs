//! SYN024 invalid-definition-description: the comment right above `FROM … AS name` or `ARG key` does not
//! start with the stage name or ARG key (BuildKit's experimental InvalidDefinitionDescription).
//!
//! Off by default, as in BuildKit. Tools that document build stages and arguments read these comments.
//! As in BuildKit, a blank line between the comment and the instruction does not separate them.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::model::arg_decls;
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "SYN024",
    name: "invalid-definition-description",
    severity: Severity::Info,
    default_enabled: false,
    aliases: &["InvalidDefinitionDescription"],
    summary: "The comment above a named stage or ARG does not start with its name.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (index, inst) in model.tree.instructions.iter().enumerate() {
        let (instruction, keys): (&str, Vec<String>) = match inst.kind {
            Keyword::From => match model.stages.iter().find(|s| s.from == Some(index)).and_then(|s| s.name.clone()) {
                Some(name) => ("FROM", vec![name]),
                None => continue,
            },
            Keyword::Arg => ("ARG", arg_decls(inst, index).into_iter().map(|a| a.name).collect()),
            _ => continue,
        };
        let (Some(last), Some(first_key)) = (inst.comments.last(), keys.first()) else { continue };
        let first_word = last.split(' ').next().unwrap_or("");
        if keys.iter().any(|k| k == first_word) {
            continue;
        }
        let example = if keys.len() > 1 { "<arg_key>" } else { first_key.as_str() };
        findings.push(
            Finding::new(inst.span, format!("Comment for {instruction} should follow the format: `# {example} <description>`"))
                .label("the comment above does not start with the name"),
        );
    }
    findings
}
