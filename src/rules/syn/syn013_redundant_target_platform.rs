//! SYN013 redundant-target-platform: `FROM --platform=$TARGETPLATFORM` (BuildKit's
//! RedundantTargetPlatform). The target platform is already the default for every stage.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN013",
    name: "redundant-target-platform",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3065", "RedundantTargetPlatform"],
    summary: "`FROM --platform=$TARGETPLATFORM` is the default anyway.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let target = model.global_platform_value("TARGETPLATFORM");
    model
        .from_platforms()
        .into_iter()
        .filter(|(_, _, expansion)| {
            expansion.matched == ["TARGETPLATFORM"]
                && expansion.unmatched.is_empty()
                && target.as_ref() == Some(&expansion.result)
        })
        .map(|(_, flag, _)| {
            let word = flag.value().unwrap_or("");
            Finding::new(
                flag.span,
                format!("Setting platform to predefined {word} in FROM is redundant as this is the default behavior"),
            )
            .label("already the default")
            .help("remove the --platform flag")
        })
        .collect()
}
