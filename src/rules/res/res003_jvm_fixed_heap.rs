//! RES003 jvm-fixed-heap: the image fixes the JVM heap (`-Xmx`, `-Xms`, `-XX:MaxHeapSize=`) in an ENV
//! the JVM reads (`JAVA_OPTS`, `JAVA_TOOL_OPTIONS`, `JDK_JAVA_OPTIONS`, `CATALINA_OPTS`…) or in its start
//! command. A fixed heap ignores the container's memory limit: above the limit the container is
//! OOM-killed, below it memory is wasted. Since JDK 10 the JVM sizes the heap from the limit:
//! `-XX:MaxRAMPercentage=75` keeps that working.
//!
//! Only the image that ships is checked (the ENV values in effect in it): build stages (a
//! `MAVEN_OPTS=-Xmx2g` for the build) are fine. In a `java` command only the JVM's own options count,
//! not the program's arguments after `-jar file` or the main class.

use crate::diagnostic::Severity;
use crate::model::knowledge::{JVM_FIXED_HEAP_OPTIONS, JVM_OPTION_VARIABLES};
use crate::model::shell::{ShellCommand, Word};
use crate::model::Model;
use crate::rules::images::{narrow};
use crate::rules::{Check, Finding, Fixable, Rule};
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
    check: Check::Dockerfile(check),
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

/// JVM options that take the next word as their value.
const JVM_VALUED_OPTIONS: &[&str] = &["-cp", "-classpath", "--class-path", "-p", "--module-path", "--add-modules"];

/// The fixed-heap option of a `java` command (behind `exec`, `tini --`…), among the JVM's own options:
/// those before `-jar file`, `-m module` or the main class.
fn jvm_heap_option(command: &ShellCommand) -> Option<&Word> {
    let words = command.effective_words();
    if words.first().map(|w| w.rsplit('/').next().unwrap_or(w)) != Some("java") {
        return None;
    }
    // The words after `java` among the command's own arguments: wrappers come first.
    let skip = (1 + command.args.len()).saturating_sub(words.len());
    let mut args = command.args.iter().skip(skip);
    while let Some(arg) = args.next() {
        let text = arg.as_str();
        if matches!(text, "-jar" | "-m" | "--module") || !text.starts_with('-') {
            return None;
        }
        if JVM_VALUED_OPTIONS.contains(&text) {
            args.next();
        } else if fixed_heap(text).is_some() {
            return Some(arg);
        }
    }
    None
}

fn check(model: &Model) -> Vec<Finding> {
    let mut findings = Vec::new();
    for env in model.final_env(|name| JVM_OPTION_VARIABLES.contains(&name)) {
        if let Some(option) = fixed_heap(&env.value) {
            findings.push(finding(narrow(model, env.span, option), option, &format!("`{}`", env.name)));
        }
    }
    for &index in model.final_commands() {
        for command in &model.shell_script(index).commands {
            let Some(word) = jvm_heap_option(command) else { continue };
            let keyword = &model.instruction(index).keyword;
            findings.push(finding(word.span, word.as_str(), &format!("the {keyword} command")));
        }
    }
    findings
}
