//! SYN007 undefined-arg-in-from: a FROM line (image or `--platform`) uses a variable that is neither a
//! global ARG (declared before the first FROM) nor a predefined platform ARG (BuildKit's
//! UndefinedArgInFrom). Such a variable expands to the empty string.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::model::PLATFORM_ARGS;
use crate::syntax::dockerfile::Instruction;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "SYN007",
    name: "undefined-arg-in-from",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["UndefinedArgInFrom"],
    summary: "FROM uses a variable that is not declared as a global ARG.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// The words of a FROM that BuildKit expands with the global ARGs: the base name and `--platform`.
pub fn from_words(from: &Instruction) -> Vec<(String, Span)> {
    let mut words: Vec<(String, Span)> = from.args.first().map(|a| (a.value.clone(), a.span)).into_iter().collect();
    for flag in &from.flags {
        if flag.name() == "platform" {
            words.push((flag.value().unwrap_or("").to_string(), flag.span));
        }
    }
    words
}

fn check(model: &Model) -> Vec<Finding> {
    let Ok(env) = model.global_arg_values(true) else { return Vec::new() };
    let declared: Vec<&str> = model
        .global_args
        .iter()
        .map(|a| a.name.as_str())
        .chain(PLATFORM_ARGS)
        .chain(env.keys().map(String::as_str))
        .collect();
    let mut findings = Vec::new();
    for stage in &model.stages {
        let Some(from) = model.from_instruction(stage) else { continue };
        for (word, span) in from_words(from) {
            let Ok(expansion) = model.expand_with(&word, env) else { continue };
            for name in expansion.unmatched.iter().filter(|n| !declared.contains(&n.as_str())) {
                let suggestion = crate::suggest::closest(name, declared.iter().copied(), true);
                let message = match suggestion {
                    Some(s) => format!("FROM argument '{name}' is not declared (did you mean {s}?)"),
                    None => format!("FROM argument '{name}' is not declared"),
                };
                findings.push(
                    Finding::new(span, message)
                        .label("expands to an empty string")
                        .help(format!("declare it before the first FROM: `ARG {name}=…`")),
                );
            }
        }
    }
    findings
}
