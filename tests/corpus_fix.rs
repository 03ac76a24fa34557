//! `--fix --unsafe-fixes` over every Dockerfile of the dev corpus (in memory, as the CLI's fixer does it,
//! nothing written): no file stops parsing, a second run changes nothing, no fixable finding remains,
//! files without fixable findings stay byte-identical, and every instruction the fixes did not touch
//! parses to the same node as before.

mod common;

use layerlint::diagnostic::Applicability;
use layerlint::fix::fix_until_stable;
use layerlint::lint::{lint_text, LintOptions};
use layerlint::syntax::dockerfile::{self, Instruction};

/// What BuildKit's AST holds of an instruction, for comparing before and after.
fn node(inst: &Instruction) -> (String, Vec<String>, Vec<String>, bool, Vec<String>) {
    (
        inst.keyword.clone(),
        inst.flags.iter().map(|f| f.raw.clone()).collect(),
        inst.args.iter().map(|a| a.value.clone()).collect(),
        inst.json,
        inst.heredocs.iter().map(|h| format!("{}\0{}", h.name, h.content)).collect(),
    )
}

#[test]
fn fixing_the_corpus_is_safe_idempotent_and_complete() {
    let Some(corpus) = common::corpus_dir() else { return };
    let options = LintOptions::default();
    let (mut changed, mut identical, mut applied) = (0, 0, 0);
    let mut failures = Vec::new();
    for (name, path) in common::dev_dockerfiles(&corpus) {
        let Ok(text) = std::fs::read_to_string(&path) else { continue };
        let lint = |t: &str| lint_text(name.clone(), t, &options);
        let before = lint(&text);
        let had_fixes = before.diagnostics.iter().any(|d| d.fix.is_some());
        let fixed = fix_until_stable(&text, Applicability::Unsafe, lint);
        applied += fixed.applied;
        let original_tree = dockerfile::parse(&text);
        if original_tree.errors.is_empty() {
            if let Some(why) = &fixed.stopped {
                failures.push(format!("{name}: {why}"));
            }
        } else if fixed.text != text {
            failures.push(format!("{name}: a file with parse errors was changed"));
        }
        if !had_fixes && fixed.text != text {
            failures.push(format!("{name}: changed without a fixable finding"));
        }
        if fixed.text == text {
            identical += 1;
            continue;
        }
        changed += 1;
        let new_tree = dockerfile::parse(&fixed.text);
        if !new_tree.errors.is_empty() {
            failures.push(format!("{name}: no longer parses: {:?}", new_tree.errors.first().map(|e| &e.message)));
        }
        let again =
            fix_until_stable(&fixed.text, Applicability::Unsafe, |t: &str| lint_text(name.clone(), t, &options));
        if again.text != fixed.text {
            failures.push(format!("{name}: a second --fix changes it again"));
        }
        if let Some(left) = fixed.report.diagnostics.iter().find(|d| d.fix.is_some()) {
            failures.push(format!("{name}: a fixable {} finding remains at byte {}", left.code, left.span.start));
        }
        // Every instruction no fix touched is still there, in order, parsing to the same node (fixes may
        // rewrite or merge the others).
        let touched = |inst: &Instruction| {
            before
                .diagnostics
                .iter()
                .filter_map(|d| d.fix.as_ref().and_then(|f| f.extent()))
                .any(|s| s.start <= inst.span.end && inst.span.start <= s.end)
        };
        let mut next = new_tree.instructions.iter();
        for old in original_tree.instructions.iter().filter(|i| !touched(i)) {
            let old_text = &text[old.span.start..old.span.end];
            match next.by_ref().find(|new| &fixed.text[new.span.start..new.span.end] == old_text) {
                Some(new) if node(old) != node(new) => {
                    failures.push(format!("{name}: line {}: untouched but parses differently", old.start_line))
                }
                Some(_) => {}
                None => failures.push(format!("{name}: line {} changed without a fix of its own", old.start_line)),
            }
        }
    }
    eprintln!("--fix --unsafe-fixes: {changed} files changed, {identical} identical, {applied} fixes applied");
    assert!(changed > 0, "the corpus has fixable findings");
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.iter().take(20).cloned().collect::<Vec<_>>().join("\n")
    );
}
