//! The shell facade over every RUN of the dev corpus: no panic, every span inside the file and on
//! character boundaries, words at the top level spanning exactly their text, and the share of POSIX
//! RUN texts the parser accepts (the architecture doc measured brush-parser on all of them).

mod common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use layerlint::model::shell::{shell_in_effect, Dialect, ShellScript};
use layerlint::model::Model;
use layerlint::syntax::dockerfile::{parse, Instruction, Keyword};
use layerlint::syntax::source::Span;

#[derive(Default)]
struct Tally {
    runs: usize,
    posix: usize,
    posix_parsed: usize,
    exec: usize,
    other_dialect: BTreeMap<String, usize>,
    commands: usize,
    nested: usize,
    words_checked: usize,
    elapsed: Duration,
    failures: Vec<String>,
    unparsed: Vec<String>,
}

fn is_run(inst: &Instruction) -> bool {
    inst.kind == Keyword::Run || inst.trigger.as_deref().is_some_and(|t| t.kind == Keyword::Run)
}

/// Problems with the spans of one script.
fn check_spans(text: &str, script: &ShellScript, tally: &mut Tally) -> Vec<String> {
    let mut problems = Vec::new();
    let check = |problems: &mut Vec<String>, what: &str, span: Span| {
        let ok = span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end);
        if !ok {
            problems.push(format!("{what} span {span:?} outside the file or not on char boundaries"));
        }
    };
    for cmd in &script.commands {
        check(&mut problems, "command", cmd.span);
        let words = std::iter::once(&cmd.program)
            .chain(&cmd.args)
            .chain(cmd.assignments.iter().map(|a| &a.value))
            .chain(cmd.redirects.iter().map(|r| &r.target));
        for word in words {
            check(&mut problems, "word", word.span);
            if word.text.starts_with(char::is_whitespace) || word.text.ends_with([' ', '\t', '\n']) {
                problems.push(format!("word {:?} starts or ends with a blank", word.text));
            }
            // Top-level words come from the text itself: where the file has no continuation inside
            // the word, it spans exactly the text.
            let top = cmd.script_depth == 0 && cmd.substitution_depth == 0 && script.dialect == Dialect::Posix;
            if let Some(slice) = text.get(word.span.range()).filter(|s| top && !s.contains('\n')) {
                tally.words_checked += 1;
                if slice != word.text {
                    problems.push(format!("word {:?} spans {slice:?}", word.text));
                }
            }
        }
        for redirect in &cmd.redirects {
            check(&mut problems, "redirect", redirect.span);
        }
    }
    problems
}

#[test]
fn facade_over_every_run_of_the_dev_corpus() {
    let Some(corpus) = common::corpus_dir() else { return };
    let build_args = BTreeMap::new();
    let mut tally = Tally::default();
    for (name, path) in common::dev_dockerfiles(&corpus) {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let Ok(text) = layerlint::input::decode(bytes) else { continue };
        let tree = parse(&text);
        let model = Model::new(&tree, &build_args);
        for (index, inst) in tree.instructions.iter().enumerate() {
            if !is_run(inst) || model.stage_of(index).is_none_or(|s| s.from == Some(index)) {
                continue;
            }
            let started = Instant::now();
            let script = model.shell_script(index);
            tally.elapsed += started.elapsed();
            tally.runs += 1;
            tally.commands += script.commands.len();
            tally.nested += script.commands.iter().filter(|c| c.script_depth > 0 || c.substitution_depth > 0).count();
            if let Some(stage) = model.stage_of(index) {
                if shell_in_effect(&model, stage, index) != script.shell {
                    tally.failures.push(format!("{name}:{}: the cached shell differs", inst.start_line));
                }
            }
            let run = inst.trigger.as_deref().unwrap_or(inst);
            match (run.json, script.shell.dialect, script.dialect) {
                (true, _, _) => tally.exec += 1,
                (false, Dialect::Posix, Dialect::Posix) => {
                    tally.posix += 1;
                    if script.parsed {
                        tally.posix_parsed += 1;
                    } else {
                        tally.unparsed.push(format!("{name}:{}", inst.start_line));
                    }
                }
                (false, shell, script) => {
                    *tally.other_dialect.entry(format!("{shell:?}/{script:?}")).or_default() += 1;
                }
            }
            for problem in check_spans(&text, script, &mut tally) {
                tally.failures.push(format!("{name}:{}: {problem}", inst.start_line));
            }
        }
    }
    let rate = tally.posix_parsed as f64 / tally.posix.max(1) as f64;
    eprintln!(
        "{} RUNs: {} POSIX shell form, {} parsed ({:.2}%); {} exec form; other shells/scripts {:?}",
        tally.runs,
        tally.posix,
        tally.posix_parsed,
        rate * 100.0,
        tally.exec,
        tally.other_dialect
    );
    eprintln!(
        "{} commands ({} nested in sh -c, heredocs or substitutions); {} top-level word spans checked; facade time {:?}",
        tally.commands, tally.nested, tally.words_checked, tally.elapsed
    );
    for unparsed in tally.unparsed.iter().take(20) {
        eprintln!("not parsed: {unparsed}");
    }
    assert!(
        tally.failures.is_empty(),
        "{} span problems, e.g.:\n{}",
        tally.failures.len(),
        tally.failures[..tally.failures.len().min(20)].join("\n")
    );
    assert!(rate >= 0.99, "only {:.2}% of POSIX RUN texts parse", rate * 100.0);
}
