//! RES003 jvm-fixed-heap: the image fixes the JVM heap (`-Xmx`, `-Xms`, `-XX:MaxHeapSize=`) in an ENV
//! the JVM reads (`JAVA_OPTS`, `JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS`, `CATALINA_OPTS`…) or in its start
//! command. A fixed heap ignores the container's memory limit: above the limit the container is
//! OOM-killed, below it memory is wasted. Since JDK 10 the JVM sizes the heap from the limit:
//! `-XX:MaxRAMPercentage=75` keeps that working.
//!
//! Only the image that ships is checked: build stages (a `MAVEN_OPTS=-Xmx2g` for the build) are fine.

use crate::diagnostic::Severity;
use crate::model::knowledge::{JVM_FIXED_HEAP_OPTIONS, JVM_OPTION_VARIABLES};
use crate::model::Model;
use crate::rules::images::{final_commands, final_env, narrow};
use crate::rules::{Finding, Fixable, Rule};
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "RES003",
    name: "jvm-fixed-heap",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "A fixed JVM heap (`-Xmx`/`-Xms`) ignores the container's memory limit.",
    fixable: Fixable::No,
    options: &[],
    check: Some(check),
};

/// The first fixed-heap option in a text (`-Xmx512m`), if any.
fn fixed_heap(text: &str) -> Option<&str> {
    text.split_whitespace()
        .map(|w| w.trim_matches(['"', '\'']))
        .find(|w| JVM_FIXED_HEAP_OPTIONS.iter().any(|o| w.starts_with(o) && w.len() > o.len()))
}

fn finding(span: Span, option: &str, place: &str) -> Finding {
    Finding::new(span, format!("`{option}` in {place} fixes the JVM heap whatever the container's memory limit"))
        .label("fixed heap size")
        .help("let the JVM size the heap from the limit: `-XX:MaxRAMPercentage=75` (and `-XX:InitialRAMPercentage=50`)")
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for env in final_env(model) {
        if !JVM_OPTION_VARIABLES.contains(&env.name.as_str()) {
            continue;
        }
        if let Some(option) = fixed_heap(&env.value) {
            findings.push(finding(narrow(model, env.span, option), option, &format!("`{}`", env.name)));
        }
    }
    for index in final_commands(model) {
        for command in &model.shell_script(index).commands {
            if command.name() != Some("java") {
                continue;
            }
            let Some(word) = command.args.iter().find(|a| fixed_heap(a.as_str()).is_some()) else { continue };
            let keyword = &model.instruction(index).keyword;
            findings.push(finding(word.span, word.as_str(), &format!("the {keyword} command")));
        }
    }
    findings
}
