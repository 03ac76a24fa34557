//! The parser against BuildKit on every Dockerfile of the dev corpus: the same nodes (keyword, lines,
//! flags, exec form and its arguments, heredocs) and the same verdict on whether the file is broken.

mod common;

use layerlint::syntax::dockerfile::{parse, Instruction};
use serde_json::Value;

/// Build errors that a faithful parser reports too (see the corpus README); the rest depend on ARG
/// values at build time and are lint findings, not syntax errors.
fn is_syntax_build_error(message: &str) -> bool {
    message.starts_with("dockerfile parse error")
        || message.contains("must have two arguments")
        || message.contains("must be a key=value")
}

fn node_of(inst: &Instruction) -> Value {
    serde_json::json!({
        "keyword": inst.keyword,
        "start": inst.start_line,
        "end": inst.end_line,
        "flags": inst.flags.iter().map(|f| f.raw.clone()).collect::<Vec<_>>(),
        "json": inst.json,
        "args": if inst.json { Value::from(inst.args.iter().map(|a| a.value.clone()).collect::<Vec<_>>()) } else { Value::Null },
        "heredocs": inst.heredocs.iter().map(|h| serde_json::json!([h.name, h.content, h.expand, h.chomp])).collect::<Vec<_>>(),
    })
}

fn buildkit_node(n: &Value) -> Value {
    let json = n["json"].as_bool().unwrap_or(false);
    serde_json::json!({
        "keyword": n["instruction"],
        "start": n["start"],
        "end": n["end"],
        "flags": n.get("flags").filter(|f| !f.is_null()).cloned().unwrap_or(Value::from(Vec::<String>::new())),
        "json": json,
        "args": if json { n["args"].clone() } else { Value::Null },
        "heredocs": n.get("heredocs").and_then(Value::as_array).map(|hs| hs.iter().map(|h| serde_json::json!([h["name"], h["content"], h["expand"], h["chomp"]])).collect::<Vec<_>>()).unwrap_or_default(),
    })
}

/// Why the parse of one file differs from BuildKit's, if it does.
fn disagreement(record: &Value, text: &str) -> Option<String> {
    let tree = parse(text);
    if record["parse_error"].is_string() {
        return tree.errors.is_empty().then(|| "BuildKit reports a parse error, layerlint none".into());
    }
    let build_error = record["build_error"]["message"].as_str().unwrap_or("");
    let syntax_error = is_syntax_build_error(build_error);
    if syntax_error && tree.errors.is_empty() {
        return Some(format!("BuildKit rejects the file ({build_error}), layerlint reports no error"));
    }
    if !syntax_error && !tree.errors.is_empty() {
        return Some(format!("layerlint reports errors BuildKit does not: {:?}", tree.errors[0]));
    }
    let want: Vec<Value> = record["nodes"].as_array()?.iter().map(buildkit_node).collect();
    let got: Vec<Value> = tree.instructions.iter().map(node_of).collect();
    if want.len() != got.len() {
        return Some(format!("{} instructions, BuildKit {}", got.len(), want.len()));
    }
    want.iter().zip(&got).find(|(w, g)| w != g).map(|(w, g)| format!("BuildKit {w}\nlayerlint {g}"))
}

#[test]
fn every_dev_dockerfile_parses_as_buildkit_parses_it() {
    let Some(corpus) = common::corpus_dir() else { return };
    let records = std::fs::read_to_string(corpus.join("dev/BUILDKIT.jsonl")).expect("BUILDKIT.jsonl");
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in records.lines() {
        let record: Value = serde_json::from_str(line).expect("valid JSON line");
        if record.get("nodes").is_none() {
            continue;
        }
        let file = record["file"].as_str().expect("file");
        let text = std::fs::read_to_string(corpus.join("dev").join(file)).expect("corpus file is UTF-8");
        checked += 1;
        if let Some(why) = disagreement(&record, &text) {
            failures.push(format!("{file}: {why}"));
        }
    }
    assert!(checked >= 1500, "only {checked} corpus records checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} files differ from BuildKit:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn parsing_is_lossless_on_the_whole_corpus() {
    let Some(corpus) = common::corpus_dir() else { return };
    for (name, path) in common::dev_dockerfiles(&corpus) {
        let text = std::fs::read_to_string(&path).expect("corpus file is UTF-8");
        let tree = parse(&text);
        let mut at = 0;
        for token in &tree.tokens {
            assert_eq!(token.span.start, at, "{name}: gap or overlap before {token:?}");
            at = token.span.end;
        }
        assert_eq!(at, text.len(), "{name}: tokens stop before the end");
        let rebuilt: String = tree.tokens.iter().map(|t| &text[t.span.range()]).collect();
        assert_eq!(rebuilt, text, "{name}: tokens do not give the text back");
    }
}
