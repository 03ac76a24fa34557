//! SYN013 redundant-target-platform: `FROM --platform=$TARGETPLATFORM` (BuildKit's
//! RedundantTargetPlatform). The target platform is already the default for every stage.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN013",
    name: "redundant-target-platform",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3065", "RedundantTargetPlatform"],
    summary: "`FROM --platform=$TARGETPLATFORM` is the default anyway.",
    fixable: Fixable::No,
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Ok(env) = model.global_arg_values(true) else { return Vec::new() };
    let mut findings = Vec::new();
    for stage in &model.stages {
        let from = model.instruction(stage.from);
        for flag in from.flags.iter().filter(|f| f.name() == "platform") {
            let word = flag.value().unwrap_or("");
            let Ok(expansion) = model.expand_with(word, &env) else { continue };
            let only_target = expansion.matched == ["TARGETPLATFORM"] && expansion.unmatched.is_empty();
            if only_target && env.get("TARGETPLATFORM") == Some(&expansion.result) {
                findings.push(
                    Finding::new(flag.span, format!("Setting platform to predefined {word} in FROM is redundant as this is the default behavior"))
                        .label("already the default")
                        .help("remove the --platform flag"),
                );
            }
        }
    }
    findings
}
