//! Fuzz the Dockerfile parser: any UTF-8 text must parse without panicking, the tokens must tile the
//! text exactly, and every span the tree holds must lie inside the text on char boundaries.

#![no_main]

use layerlint::syntax::dockerfile::{parse, Dockerfile, Instruction};
use layerlint::syntax::source::Span;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let tree = parse(text);
    assert_eq!(tree.text, text, "the tree keeps the text as given");
    check_tokens(&tree);
    check_spans(&tree);
});

/// Tokens are consecutive and cover the whole text, so concatenating them gives it back. (An empty
/// token is tolerated: an instruction whose keyword is empty, as in the text "\\\n\t\\", gets an
/// empty keyword token, which breaks no tiling.)
fn check_tokens(tree: &Dockerfile) {
    let text = tree.text.as_str();
    let mut at = 0;
    let mut rebuilt = String::with_capacity(text.len());
    for token in &tree.tokens {
        assert_eq!(token.span.start, at, "gap or overlap before {token:?}");
        in_bounds(text, token.span, "token");
        rebuilt.push_str(&text[token.span.range()]);
        at = token.span.end;
    }
    assert_eq!(at, text.len(), "tokens stop before the end of the text");
    assert_eq!(rebuilt, text, "tokens do not give the text back");
}

fn check_spans(tree: &Dockerfile) {
    let text = tree.text.as_str();
    for d in &tree.directives {
        in_bounds(text, d.span, "directive");
    }
    for c in &tree.comments {
        in_bounds(text, c.span, "comment");
    }
    for e in &tree.errors {
        in_bounds(text, e.span, "error");
        assert!(e.start_line >= 1 && e.start_line <= e.end_line, "error lines {e:?}");
    }
    for w in &tree.warnings {
        in_bounds(text, w.span, "warning");
    }
    for inst in &tree.instructions {
        assert!(inst.start_line >= 1 && inst.start_line <= inst.end_line, "instruction lines");
        check_instruction(text, inst);
    }
}

fn check_instruction(text: &str, inst: &Instruction) {
    in_bounds(text, inst.span, "instruction");
    in_bounds(text, inst.keyword_span, "keyword");
    for flag in &inst.flags {
        in_bounds(text, flag.span, "flag");
    }
    for arg in &inst.args {
        in_bounds(text, arg.span, "arg");
    }
    for doc in &inst.heredocs {
        in_bounds(text, doc.body_span, "heredoc body");
        in_bounds(text, doc.terminator_span, "heredoc terminator");
    }
    // Only spans for ONBUILD triggers: a nested trigger (`ONBUILD ONBUILD …`) has no line numbers.
    if let Some(trigger) = &inst.trigger {
        check_instruction(text, trigger);
    }
}

fn in_bounds(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end, "{what} span reversed: {span:?}");
    assert!(span.end <= text.len(), "{what} span {span:?} past the end ({})", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what} span {span:?} splits a character"
    );
}
