//! RES004 runtime-ignores-limits: the image fixes a runtime setting that should follow the container's
//! CPU or memory limit: Node's heap (`NODE_OPTIONS=--max-old-space-size=…`, above `memory-budget-mib`
//! when one is set), Go's `GOMAXPROCS` or `GOMEMLIMIT`, or `ulimit -u unlimited` in the start command.
//! The table is `model::knowledge::LIMIT_OVERRIDES`. Only the image that ships is checked: a build
//! stage's `NODE_OPTIONS` for a large front-end build is fine.

use crate::diagnostic::Severity;
use crate::model::knowledge::LIMIT_OVERRIDES;
use crate::model::shell::{ShellCommand, Word};
use crate::model::Model;
use crate::rules::images::{narrow};
use crate::rules::{Check, Finding, Fixable, OptionKind, Rule, RuleOption};

pub const RULE: Rule = Rule {
    code: "RES004",
    name: "runtime-ignores-limits",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &[],
    summary: "A runtime setting (Node heap, GOMAXPROCS, GOMEMLIMIT, ulimit) overrides the container's limits.",
    fixable: Fixable::No,
    options: &[RuleOption {
        name: "memory-budget-mib",
        kind: OptionKind::Integer,
        default: "0",
        doc: "The memory the container is given, in MiB: a Node heap (`--max-old-space-size`) at or below it is \
              accepted. 0 (the default) means no budget is known, and every fixed Node heap is reported.",
        range: Some((0, 1 << 30)),
    }],
    check: Check::Dockerfile(check),
};

/// `node --max-old-space-size=N …` (also `--max_old_space_size`, behind `exec` or `tini --`): the
/// option and its size, among Node's own options (those before the script).
fn node_heap_option(command: &ShellCommand) -> Option<(&Word, Option<i64>)> {
    let words = command.effective_words();
    if words.first().map(|w| w.rsplit('/').next().unwrap_or(w)) != Some("node") {
        return None;
    }
    let skip = (1 + command.args.len()).saturating_sub(words.len());
    for arg in command.args.iter().skip(skip) {
        let text = arg.as_str();
        if !text.starts_with('-') {
            return None;
        }
        let normalized = text.replace('_', "-");
        if let Some(size) = normalized.strip_prefix("--max-old-space-size=") {
            return Some((arg, size.parse().ok()));
        }
    }
    None
}

fn check(model: &Model) -> Vec<Finding> {
    let budget = model.option("RES004", "memory-budget-mib").and_then(toml::Value::as_integer).unwrap_or(0);
    let mut findings = Vec::new();
    for env in model.final_env(|name| LIMIT_OVERRIDES.iter().any(|o| o.variable == Some(name))) {
        for over in LIMIT_OVERRIDES.iter().filter(|o| o.variable == Some(env.name.as_str())) {
            // Empty (unset again) or `off` leaves the runtime to decide.
            if env.value.trim().is_empty() || env.value.eq_ignore_ascii_case("off") {
                continue;
            }
            let shown = if over.option.is_empty() {
                format!("{}={}", env.name, env.value)
            } else {
                let Some(word) = env.value.split_whitespace().find(|w| w.starts_with(over.option)) else { continue };
                let size = word[over.option.len()..].parse::<i64>().ok();
                if budget > 0 && size.is_some_and(|mib| mib <= budget) {
                    continue;
                }
                word.to_string()
            };
            let needle = if over.option.is_empty() { env.value.as_str() } else { shown.as_str() };
            findings.push(
                Finding::new(narrow(model, env.span, needle), format!("`{shown}` fixes {} whatever the container's limits", over.what))
                    .label("fixed at build time")
                    .help(over.instead.to_string()),
            );
        }
    }
    let node_heap = LIMIT_OVERRIDES.iter().find(|o| o.option == "--max-old-space-size=");
    for &index in model.final_commands() {
        for command in &model.shell_script(index).commands {
            let Some((word, size)) = node_heap_option(command) else { continue };
            if budget > 0 && size.is_some_and(|mib| mib <= budget) {
                continue;
            }
            findings.push(
                Finding::new(word.span, format!("`{}` fixes Node's heap size whatever the container's limits", word.as_str()))
                    .label("fixed at build time")
                    .help(node_heap.map_or("", |o| o.instead).to_string()),
            );
        }
        for command in model.shell_script(index).commands.iter().filter(|c| c.name() == Some("ulimit")) {
            if command.args.iter().any(|a| a.is("unlimited")) {
                findings.push(
                    Finding::new(command.span, "`ulimit … unlimited` lifts a limit the container was given")
                        .label("unlimited")
                        .help("set limits where the container runs (`docker run --ulimit`, Compose `ulimits:`) instead"),
                );
            }
        }
    }
    findings
}
