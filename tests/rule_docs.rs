//! Every rule's documentation is executable: each ```dockerfile block of `rules/<CODE>.md` is linted,
//! a `violation` block must fire the rule and a plain block must not. A rule without a doc, or a doc
//! without both kinds of example, fails here (and `build.rs` refuses a rule without a doc at all).

use layerlint::lint::{lint_text, LintOptions};
use layerlint::rules;

/// The ```dockerfile blocks of a Markdown text: (is a violation example, the Dockerfile).
fn examples(doc: &str) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    let mut current: Option<(bool, String)> = None;
    for line in doc.lines() {
        match &mut current {
            None => {
                if let Some(info) = line.strip_prefix("```dockerfile") {
                    current = Some((info.split_whitespace().any(|w| w == "violation"), String::new()));
                }
            }
            Some((_, body)) if line.trim_end() == "```" => {
                let body = std::mem::take(body);
                let (violation, _) = current.take().unwrap_or_default();
                out.push((violation, body));
            }
            Some((_, body)) => {
                body.push_str(line);
                body.push('\n');
            }
        }
    }
    out
}

#[test]
fn every_rule_has_a_doc_with_both_kinds_of_example() {
    for rule in rules::ALL {
        let doc = rules::doc(rule.code).unwrap_or_else(|| panic!("{} has no doc", rule.code));
        assert!(
            doc.starts_with(&format!("# {} {}\n", rule.code, rule.name)),
            "{}: doc title must be `# CODE name`",
            rule.code
        );
        let examples = examples(doc);
        assert!(examples.iter().any(|(v, _)| *v), "{}: no `violation` example", rule.code);
        assert!(examples.iter().any(|(v, _)| !*v), "{}: no example that does not fire", rule.code);
    }
}

#[test]
fn every_doc_example_behaves_as_documented() {
    let mut failures = Vec::new();
    for rule in rules::ALL {
        let options = LintOptions { rules: vec![rule], ..LintOptions::default() };
        for (violation, text) in examples(rules::doc(rule.code).unwrap_or_default()) {
            let report = lint_text(format!("rules/{}.md", rule.code), &text, &options);
            let fired = report.diagnostics.iter().any(|d| d.code == rule.code);
            if fired != violation {
                let verb = if violation { "does not fire" } else { "fires" };
                failures.push(format!("{} {verb} on:\n{text}", rule.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn codes_names_and_aliases_are_unique() {
    let mut seen = std::collections::HashMap::new();
    for rule in rules::ALL {
        for key in [rule.code, rule.name] {
            if let Some(other) = seen.insert(key.to_lowercase(), rule.code) {
                panic!("{key} is used by both {other} and {}", rule.code);
            }
        }
    }
}

#[test]
fn the_buildkit_name_is_the_last_alias() {
    for rule in rules::ALL {
        if let Some(name) = rule.buildkit_name() {
            assert_eq!(rule.aliases.last(), Some(&name), "{}: put {name} last in its aliases", rule.code);
        }
    }
}

#[test]
fn every_option_is_documented_in_its_rule_doc() {
    for rule in rules::ALL {
        let doc = rules::doc(rule.code).unwrap_or_default();
        let options = doc.split("## Options").nth(1).unwrap_or_default();
        for option in rule.options {
            assert!(
                options.contains(option.name),
                "{}: option `{}` is not in the doc's Options section",
                rule.code,
                option.name
            );
        }
    }
}

#[test]
fn rule_options_reach_the_rules() {
    // The CUDA image defines LD_LIBRARY_PATH: assumed by default, reported when told to check as BuildKit does.
    let text = "FROM nvidia/cuda:12.4.1-runtime-ubuntu22.04\nENV LD_LIBRARY_PATH=/opt/lib:$LD_LIBRARY_PATH\n";
    let rule = rules::find("SYN009").expect("SYN009");
    let mut options = LintOptions { rules: vec![rule], ..LintOptions::default() };
    assert!(lint_text("Dockerfile".into(), text, &options).diagnostics.is_empty());
    let table: toml::Table = toml::from_str("assume-base-image-env = false").expect("TOML");
    options.rule_options.insert("SYN009", table);
    assert_eq!(lint_text("Dockerfile".into(), text, &options).diagnostics.len(), 1);
}
