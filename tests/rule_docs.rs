//! Every rule's documentation is executable: each ```dockerfile (or, for `.dockerignore` rules,
//! ```dockerignore) block of `rules/<CODE>.md` is linted, a `violation` block must fire the rule and a
//! plain block must not. A rule without a doc, or a doc
//! without both kinds of example, fails here (and `build.rs` refuses a rule without a doc at all).

use layerlint::diagnostic::Applicability;
use layerlint::fix::fix_until_stable;
use layerlint::lint::{lint_ignore_file, lint_in_context, lint_text, LintOptions};
use layerlint::model::build_context::{ContextSpec, SharedContext};
use layerlint::model::ignore_file::DockerfileUse;
use layerlint::render::Format;
use layerlint::rules;

/// One ```dockerfile block of a rule doc.
#[derive(Default)]
struct Example {
    /// Marked `violation`: the rule must fire on it.
    violation: bool,
    /// `with { option = value, … }` after the info words: the rule's options for this example.
    options: Option<toml::Table>,
    /// `with-build-args { NAME = "value" }`: the `--build-arg`s.
    build_args: Option<toml::Table>,
    /// `context=fixtures/contexts/NAME`: lint with that folder as the build context.
    context: Option<String>,
    /// A ```dockerignore block: the text is a `.dockerignore`, linted with the context's Dockerfile
    /// (`dockerfile=NAME` in the context folder, default `Dockerfile`) when there is one.
    ignore_file: bool,
    dockerfile: Option<String>,
    text: String,
    /// A ```dockerfile fixed block right after a violation: the text `--fix --unsafe-fixes` makes of
    /// it with this rule alone, byte for byte.
    fixed: Option<String>,
    /// This block is such a `fixed` block.
    is_fixed_block: bool,
    /// A ```dockerignore created block after a violation: the file its fix creates, byte for byte.
    created: Option<String>,
    is_created_block: bool,
}

/// The ```dockerfile blocks of a Markdown text.
fn examples(doc: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut current: Option<Example> = None;
    for line in doc.lines() {
        match &mut current {
            None => {
                let (info, ignore_file) = match line.strip_prefix("```dockerignore") {
                    Some(info) => (Some(info), true),
                    None => (line.strip_prefix("```dockerfile"), false),
                };
                if let Some(info) = info {
                    let table = |keyword: &str| {
                        let rest = info.split_once(keyword)?.1.trim_start();
                        let body = rest.strip_prefix('{')?.split('}').next()?;
                        let parsed: toml::Table = toml::from_str(&format!("t = {{{body}}}")).expect("options are TOML");
                        parsed.get("t").and_then(|t| t.as_table()).cloned()
                    };
                    current = Some(Example {
                        violation: info.split_whitespace().any(|w| w == "violation"),
                        options: table(" with "),
                        build_args: table(" with-build-args "),
                        context: info.split_whitespace().find_map(|w| w.strip_prefix("context=")).map(str::to_string),
                        ignore_file,
                        dockerfile: info
                            .split_whitespace()
                            .find_map(|w| w.strip_prefix("dockerfile="))
                            .map(str::to_string),
                        text: String::new(),
                        fixed: None,
                        is_fixed_block: info.split_whitespace().any(|w| w == "fixed"),
                        created: None,
                        is_created_block: info.split_whitespace().any(|w| w == "created"),
                    });
                }
            }
            Some(_) if line.trim_end() == "```" => match (current.take(), out.last_mut()) {
                (Some(block), Some(last)) if block.is_fixed_block => last.fixed = Some(block.text),
                (Some(block), Some(last)) if block.is_created_block => last.created = Some(block.text),
                (block, _) => out.extend(block),
            },
            Some(example) => {
                example.text.push_str(line);
                example.text.push('\n');
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
        assert!(examples.iter().any(|e| e.violation), "{}: no `violation` example", rule.code);
        let fixable = match rule.fixable {
            rules::Fixable::No => "no",
            rules::Fixable::Safe => "safe",
            rules::Fixable::Unsafe => "unsafe",
        };
        assert!(
            doc.lines().nth(2).is_some_and(|l| l.split(" · ").any(|part| part == format!("Fixable: {fixable}"))),
            "{}: the doc's header says `Fixable: {fixable}`",
            rule.code
        );
        let shows_fix = examples.iter().any(|e| e.fixed.is_some());
        assert_eq!(
            shows_fix,
            rule.fixable != rules::Fixable::No,
            "{}: a fixable rule's doc shows the fixed text (a ```dockerfile fixed block after a violation), and only a fixable one's",
            rule.code
        );
        assert!(examples.iter().any(|e| !e.violation), "{}: no example that does not fire", rule.code);
    }
}

#[test]
fn every_doc_example_behaves_as_documented() {
    let mut failures = Vec::new();
    // The full-format frame of each rule's first firing example: what users see, snapshotted.
    let mut framed: Vec<&str> = Vec::new();
    let mut frames = String::new();
    for rule in rules::ALL {
        for example in examples(rules::doc(rule.code).unwrap_or_default()) {
            let mut options = LintOptions { rules: vec![rule], ..LintOptions::default() };
            if let Some(table) = example.options.clone() {
                for (name, value) in &table {
                    let option = rule.options.iter().find(|o| o.name == name);
                    let valid = option.is_some_and(|o| o.check(value).is_ok());
                    assert!(valid, "{}: the doc sets `{name}`, which is not a valid option value", rule.code);
                }
                options.rule_options.insert(rule.code, table);
            }
            for (name, value) in example.build_args.iter().flatten() {
                options.build_args.insert(name.clone(), value.as_str().unwrap_or_default().to_string());
            }
            let dir = example.context.as_ref().map(std::path::PathBuf::from);
            let dockerfile = dir.as_ref().map(|dir| dir.join(example.dockerfile.as_deref().unwrap_or("Dockerfile")));
            let context =
                dir.clone().map(|dir| SharedContext::new(ContextSpec { dockerfile: dockerfile.clone(), dir }));
            let name = format!("rules/{}.md", rule.code);
            let report = if example.ignore_file {
                let used: Vec<DockerfileUse> = dockerfile.iter().filter_map(|p| DockerfileUse::read(p)).collect();
                lint_ignore_file(name, &example.text, &options, context.as_ref(), &used)
            } else {
                lint_in_context(name, &example.text, &options, context.as_ref())
            };
            let fired = report.diagnostics.iter().any(|d| d.code == rule.code);
            for fix in report.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
                let declared = match rule.fixable {
                    rules::Fixable::No => None,
                    rules::Fixable::Safe => Some(Applicability::Safe),
                    rules::Fixable::Unsafe => Some(Applicability::Unsafe),
                };
                if declared.is_none_or(|d| fix.applicability > d) {
                    failures.push(format!(
                        "{}: a {:?} fix from a rule declared {:?}",
                        rule.code, fix.applicability, rule.fixable
                    ));
                }
            }
            if let Some(expected) = &example.fixed {
                let lint = |text: &str| {
                    if example.ignore_file {
                        let used: Vec<DockerfileUse> =
                            dockerfile.iter().filter_map(|p| DockerfileUse::read(p)).collect();
                        lint_ignore_file(format!("rules/{}.md", rule.code), text, &options, context.as_ref(), &used)
                    } else {
                        lint_in_context(format!("rules/{}.md", rule.code), text, &options, context.as_ref())
                    }
                };
                let fixed = fix_until_stable(&example.text, Applicability::Unsafe, lint);
                if &fixed.text != expected {
                    failures.push(format!(
                        "{}: the fix gives\n{}\ninstead of\n{}\n({:?})",
                        rule.code, fixed.text, expected, fixed.stopped
                    ));
                }
                let created = fixed.created.first().map(|f| f.content.as_str());
                if created != example.created.as_deref() {
                    failures.push(format!(
                        "{}: the fix creates {created:?}, the doc says {:?}",
                        rule.code, example.created
                    ));
                }
                if fixed.report.diagnostics.iter().any(|d| d.code == rule.code && d.fix.is_some()) {
                    failures.push(format!("{}: a fixable finding remains after --fix", rule.code));
                }
            }
            if fired && example.violation && !framed.contains(&rule.code) {
                framed.push(rule.code);
                for color in [false, true] {
                    let frame = layerlint::render::render(std::slice::from_ref(&report), Format::Full, color);
                    if let Some(line) = frame.lines().find(|l| ends_in_blanks(l)) {
                        failures.push(format!("{}: a frame line ends in blanks: {line:?}", rule.code));
                    }
                    if !color {
                        frames += &frame;
                    }
                }
            }
            if fired != example.violation {
                let verb = if example.violation { "does not fire" } else { "fires" };
                failures.push(format!("{} {verb} on:\n{}", rule.code, example.text));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    insta::assert_snapshot!("first_frame_of_every_rule", frames);
}

/// Whether a rendered line ends in spaces or tabs (colour codes at its end aside).
fn ends_in_blanks(line: &str) -> bool {
    let mut body = line;
    while let Some(esc) = body.rfind('\u{1b}') {
        if body[esc..].ends_with('m') && !body[esc..].contains(' ') {
            body = &body[..esc];
        } else {
            break;
        }
    }
    body.ends_with([' ', '\t'])
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
