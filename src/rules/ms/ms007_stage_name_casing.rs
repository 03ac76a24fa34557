//! MS007 stage-name-casing: a stage name with uppercase letters (BuildKit's StageNameCasing).
//!
//! BuildKit lowercases stage names anyway, so `AS Build` and `--from=build` refer to the same stage:
//! writing the name lowercase keeps what you read equal to what runs.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "MS007",
    name: "stage-name-casing",
    severity: Severity::Style,
    default_enabled: true,
    aliases: &["StageNameCasing"],
    summary: "A stage name has uppercase letters.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .stages
        .iter()
        .filter_map(|stage| {
            let from = model.instruction(stage.from);
            let [_, as_kw, name] = from.args.as_slice() else { return None };
            if !as_kw.value.eq_ignore_ascii_case("as") || name.value.to_lowercase() == name.value {
                return None;
            }
            Some(
                Finding::new(name.span, format!("Stage name '{}' should be lowercase", name.value))
                    .label("uppercase letters")
                    .help(format!("write `{}`", name.value.to_lowercase())),
            )
        })
        .collect()
}
