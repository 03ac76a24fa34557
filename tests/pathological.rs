//! Pathological inputs: the parser must never panic, must stay lossless, and must report the errors
//! BuildKit reports for them (and none where BuildKit has none).
//!
//! No timing is asserted here; linear scaling is measured by `benches/pathological.rs`.

use std::process::Command;

use layerlint::syntax::dockerfile::{parse, Dockerfile, Instruction};
use layerlint::syntax::source::Span;

const LINE_TOO_LONG: &str = "dockerfile line greater than max allowed size of 65535";

/// Parse, then check what must hold for any input: tokens tile the text, spans are in bounds.
fn parse_checked(text: &str) -> Dockerfile {
    let tree = parse(text);
    assert_eq!(tree.text, text);
    let mut at = 0;
    for token in &tree.tokens {
        assert_eq!(token.span.start, at, "tokens must be consecutive: {token:?}");
        assert_in_text(text, token.span);
        at = token.span.end;
    }
    assert_eq!(at, text.len(), "tokens must cover the whole text");
    let rebuilt: String = tree.tokens.iter().map(|t| &text[t.span.range()]).collect();
    assert!(rebuilt == text, "concatenated tokens must give the text back");
    for span in tree.directives.iter().map(|d| d.span).chain(tree.comments.iter().map(|c| c.span)) {
        assert_in_text(text, span);
    }
    for span in tree.errors.iter().map(|e| e.span).chain(tree.warnings.iter().map(|w| w.span)) {
        assert_in_text(text, span);
    }
    for inst in &tree.instructions {
        assert!(inst.start_line >= 1 && inst.start_line <= inst.end_line);
        assert_instruction_spans(text, inst);
    }
    tree
}

fn assert_instruction_spans(text: &str, inst: &Instruction) {
    assert_in_text(text, inst.span);
    assert_in_text(text, inst.keyword_span);
    inst.flags.iter().for_each(|f| assert_in_text(text, f.span));
    inst.args.iter().for_each(|a| assert_in_text(text, a.span));
    for doc in &inst.heredocs {
        assert_in_text(text, doc.body_span);
        assert_in_text(text, doc.terminator_span);
    }
    if let Some(trigger) = &inst.trigger {
        assert_instruction_spans(text, trigger);
    }
}

fn assert_in_text(text: &str, span: Span) {
    assert!(span.start <= span.end && span.end <= text.len(), "span {span:?} outside 0..{}", text.len());
    assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end), "span {span:?} splits a character");
}

fn messages(tree: &Dockerfile) -> Vec<&str> {
    tree.errors.iter().map(|e| e.message.as_str()).collect()
}

fn has_error(tree: &Dockerfile, message: &str) -> bool {
    tree.errors.iter().any(|e| e.message.contains(message))
}

#[test]
fn empty_file_has_no_instructions() {
    for text in ["", "\n", "\n\n\r\n", "   \t\n", "# just a comment\n", "\u{FEFF}"] {
        let tree = parse_checked(text);
        assert!(tree.instructions.is_empty(), "{text:?}");
        assert_eq!(messages(&tree), ["file with no instructions"], "{text:?}");
    }
}

#[test]
fn only_directives_have_no_instructions() {
    let text = "# syntax=docker/dockerfile:1\n# escape=`\n# check=skip=all\n";
    let tree = parse_checked(text);
    assert_eq!(tree.directives.len(), 3);
    assert_eq!(tree.escape, '`');
    assert_eq!(messages(&tree), ["file with no instructions"]);

    // Thousands of directive lines: the repeats are errors, and there is still no instruction.
    let text = "# syntax=x\n".repeat(10_000);
    let tree = parse_checked(&text);
    assert_eq!(tree.directives.len(), 1);
    assert!(has_error(&tree, "only one syntax parser directive can be used"));
    assert!(has_error(&tree, "file with no instructions"));
}

#[test]
fn one_megabyte_line_is_too_long() {
    let text = format!("FROM alpine\nRUN echo {}\n", "a".repeat(1 << 20));
    let tree = parse_checked(&text);
    let error = tree.errors.iter().find(|e| e.message == LINE_TOO_LONG).expect("a line-length error");
    assert_eq!((error.start_line, error.end_line), (2, 2));
    assert_eq!(tree.instructions.len(), 2);

    // Without a final line break, and made of blanks and multi-byte characters.
    let text = format!("FROM alpine\nRUN {}", "é ".repeat(1 << 19));
    let tree = parse_checked(&text);
    assert!(has_error(&tree, LINE_TOO_LONG));
}

#[test]
fn line_length_limit_is_exactly_65535_bytes() {
    let line = |len: usize| format!("FROM alpine\nRUN {}\n", "x".repeat(len - 4));
    assert!(!has_error(&parse_checked(&line(65_535)), LINE_TOO_LONG));
    assert!(has_error(&parse_checked(&line(65_536)), LINE_TOO_LONG));
    // bufio.Scanner counts the `\r` of a CRLF line break (it drops it only after the length check).
    let crlf = |len: usize| format!("FROM alpine\r\nRUN {}\r\n", "x".repeat(len - 5));
    assert!(!has_error(&parse_checked(&crlf(65_535)), LINE_TOO_LONG));
    assert!(has_error(&parse_checked(&crlf(65_536)), LINE_TOO_LONG));
    // The last line, without a line break.
    let last = |len: usize| format!("FROM alpine\nRUN {}", "x".repeat(len - 4));
    assert!(!has_error(&parse_checked(&last(65_535)), LINE_TOO_LONG));
    assert!(has_error(&parse_checked(&last(65_536)), LINE_TOO_LONG));
}

#[test]
fn hundred_thousand_continuation_lines() {
    let text = format!("FROM alpine\nRUN true \\\n{} && true\n", " && echo x \\\n".repeat(100_000));
    let tree = parse_checked(&text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert_eq!(tree.instructions.len(), 2);
    let run = &tree.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 100_003));
    assert_eq!(run.original.matches("echo x").count(), 100_000);
}

#[test]
fn hundred_thousand_empty_and_comment_continuation_lines() {
    let text = format!("FROM alpine\nRUN true \\\n{} && true\n", "\n# note\n".repeat(50_000));
    let tree = parse_checked(&text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert_eq!(tree.instructions.len(), 2);
    assert_eq!(tree.instructions[1].end_line, 100_003);
    assert_eq!(tree.warnings.len(), 1);
    assert!(tree.warnings[0].message.starts_with("Empty continuation line found in: RUN true"));

    // A file that ends inside a continuation.
    let text = format!("FROM alpine\nRUN true \\\n{}", "  \\\n".repeat(100_000));
    let tree = parse_checked(&text);
    assert_eq!(tree.instructions.len(), 2);
}

#[test]
fn ten_thousand_heredoc_instructions() {
    let text = format!("FROM alpine\n{}", "RUN <<EOF\necho hi\nEOF\n".repeat(10_000));
    let tree = parse_checked(&text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert_eq!(tree.instructions.len(), 10_001);
    assert!(tree.instructions[1..].iter().all(|i| i.heredocs.len() == 1 && i.heredocs[0].content == "echo hi\n"));
    assert_eq!(tree.instructions[10_000].end_line, 30_001);
}

#[test]
fn ten_thousand_heredocs_on_one_instruction() {
    let mut text = String::from("FROM alpine\nRUN cat \\\n");
    for i in 0..10_000 {
        text += &format!(" <<E{i} \\\n");
    }
    text += " > /all\n";
    for i in 0..10_000 {
        text += &format!("body {i}\nE{i}\n");
    }
    let tree = parse_checked(&text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    let run = &tree.instructions[1];
    assert_eq!(run.heredocs.len(), 10_000);
    assert_eq!(run.heredocs[9_999].name, "E9999");
    assert_eq!(run.heredocs[9_999].content, "body 9999\n");
}

#[test]
fn nul_bytes_are_ordinary_characters() {
    let text = "FROM alpine\nRUN echo \0\0\0\nLABEL a=\0b\n";
    let tree = parse_checked(text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert_eq!(tree.instructions[1].args[0].value, "echo \0\0\0");

    // A NUL where the keyword goes is an unknown instruction, as it is for BuildKit.
    let text = "FROM alpine\n\0\nRUN x\0\n";
    let tree = parse_checked(text);
    assert_eq!(messages(&tree), ["unknown instruction: \0"]);

    let text = "\0".repeat(100_000);
    let tree = parse_checked(&text);
    assert!(has_error(&tree, LINE_TOO_LONG));
    assert!(has_error(&tree, "unknown instruction"));
}

#[test]
fn very_long_flags() {
    // One flag value of 60,000 bytes: under the line limit, kept whole.
    let value = "a".repeat(60_000);
    let text = format!("FROM alpine\nRUN --mount=type=cache,target=/{value} true\n");
    let tree = parse_checked(&text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    let flag = &tree.instructions[1].flags[0];
    assert_eq!(flag.raw.len(), "--mount=type=cache,target=/".len() + value.len());
    assert_eq!(tree.slice(flag.span), flag.raw);

    // Past the line limit.
    let text = format!("FROM alpine\nRUN --mount=type=cache,target=/{} true\n", "a".repeat(1 << 20));
    assert!(has_error(&parse_checked(&text), LINE_TOO_LONG));

    // A flag name of 60,000 bytes: an unknown flag.
    let text = format!("FROM alpine\nRUN --{}=1 true\n", "x".repeat(60_000));
    let tree = parse_checked(&text);
    assert!(has_error(&tree, "unknown flag: --xxxx"));

    // A flag with an unterminated quote runs to the end of the line.
    let tree = parse_checked("FROM alpine\nCOPY --chown=\"1000 a b\n");
    assert_eq!(tree.instructions[1].flags[0].raw, "--chown=1000 a b");
    assert!(has_error(&tree, "COPY requires at least two arguments"));
}

#[test]
fn ten_thousand_flags() {
    let text = format!("FROM alpine\nRUN {}true\n", "--mount=type=tmpfs,target=/t \\\n".repeat(10_000));
    let tree = parse_checked(&text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert_eq!(tree.instructions[1].flags.len(), 10_000);

    let text = format!("FROM alpine\nRUN {}true\n", "--network=none \\\n".repeat(10_000));
    assert_eq!(messages(&parse_checked(&text)), ["duplicate flag specified: --network"]);

    let text = format!("FROM alpine\nRUN {}true\n", "--bogus \\\n".repeat(10_000));
    assert_eq!(messages(&parse_checked(&text)), ["unknown flag: --bogus"]);
}

#[test]
fn repeated_onbuild_is_rejected() {
    let text = format!("FROM alpine\n{}RUN x\n", "ONBUILD ".repeat(20));
    let tree = parse_checked(&text);
    assert_eq!(messages(&tree), ["Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"]);
    // The trigger is itself ONBUILD, an error whatever follows, so its own trigger is not parsed.
    let trigger = tree.instructions[1].trigger.as_ref().expect("a trigger");
    assert_eq!(trigger.keyword, "ONBUILD");
    assert!(trigger.trigger.is_none());

    // Many ONBUILD lines, each valid.
    let text = format!("FROM alpine\n{}", "ONBUILD RUN x\n".repeat(10_000));
    let tree = parse_checked(&text);
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert_eq!(tree.instructions.len(), 10_001);
}

/// Thousands of nested `ONBUILD`s: only the first level is parsed (the chaining error is decided there),
/// so this neither overflows the stack nor costs quadratic time. BuildKit reports the chaining error.
#[test]
fn thousands_of_repeated_onbuild() {
    let text = format!("FROM alpine\n{}RUN x\n", "ONBUILD ".repeat(5_000));
    let tree = parse_checked(&text);
    assert!(has_error(&tree, "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed"));
}

/// `[[[[…` is not a JSON array of strings: shell form for BuildKit (Go's decoder gives up past a
/// nesting depth of 10,000). The JSON scanner validates nesting without recursion.
#[test]
fn deeply_nested_json_brackets() {
    let text = format!("FROM alpine\nCMD {}\n", "[".repeat(60_000));
    let tree = parse_checked(&text);
    assert!(!tree.instructions[1].json);
}

/// Nested `${a:-${a:-…` on a heredoc line, never closed: BuildKit's lexer fails on the line, so it finds no
/// heredoc and the `EOF` line is an instruction of its own (an unknown one). The nesting must not overflow
/// the stack on the way.
#[test]
fn deeply_nested_variables_on_a_heredoc_line() {
    let text = format!("FROM alpine\nRUN <<EOF {}\nEOF\n", "${a:-".repeat(12_000));
    let tree = parse_checked(&text);
    assert_eq!(tree.instructions.len(), 3);
    assert!(tree.instructions[1].heredocs.is_empty());
    // Closed and shallow, the same line does open a heredoc.
    let tree = parse_checked("FROM alpine\nRUN <<EOF ${a:-${b:-x}}\nbody\nEOF\n");
    assert_eq!(tree.instructions[1].heredocs.len(), 1);
}

/// Found by fuzzing. BuildKit's flag splitter walks bytes and asks `unicode.IsSpace(rune(byte))`, so
/// the second byte of a UTF-8 character can read as a space (0x85 NEL, 0xA0 NBSP) and end a flag
/// inside the character. The flag text may keep that quirk, but its span must not split the character.
#[test]
fn flag_ended_by_a_continuation_byte() {
    parse_checked("F --\u{5C5}");
    parse_checked("FROM alpine\nRUN --network=none\u{A0}x true\n");
}

#[test]
fn unterminated_heredocs() {
    let tree = parse_checked("FROM alpine\nRUN <<EOF\necho hi\n");
    assert_eq!(messages(&tree), ["unterminated heredoc"]);
    assert_eq!(tree.instructions[1].heredocs[0].content, "echo hi\n");

    // The terminator must be the whole line; `<<-` strips tabs only.
    let tree = parse_checked("FROM alpine\nRUN <<-EOF\n\techo\n  EOF\n EOF \n");
    assert_eq!(messages(&tree), ["unterminated heredoc"]);

    // The second of two heredocs never ends.
    let tree = parse_checked("FROM alpine\nCOPY <<A <<B /dst/\na\nA\nb\n");
    assert_eq!(messages(&tree), ["unterminated heredoc"]);

    // A heredoc opened on the last line, with nothing after it.
    let tree = parse_checked("FROM alpine\nRUN cat <<EOF");
    assert_eq!(messages(&tree), ["unterminated heredoc"]);

    // A huge unterminated body.
    let text = format!("FROM alpine\nRUN <<EOF\n{}", "line\n".repeat(100_000));
    let tree = parse_checked(&text);
    assert_eq!(messages(&tree), ["unterminated heredoc"]);
    assert_eq!(tree.instructions[1].end_line, 100_002);
}

#[test]
fn unterminated_quotes() {
    // BuildKit's parser keeps shell-form text as it is: the shell sees the quote at build time.
    let tree = parse_checked("FROM alpine\nRUN echo \"never closed\nCMD echo 'nor this\n");
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));

    // An unterminated JSON array is shell form, not an error.
    let tree = parse_checked("FROM alpine\nCMD [\"a\", \"b\n");
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert!(!tree.instructions[1].json);

    // A heredoc name with an open quote: the line does not lex, so nothing is a heredoc.
    let tree = parse_checked("FROM alpine\nRUN <<'EOF\nEOF\n");
    assert!(tree.instructions[1].heredocs.is_empty());

    // ENV and LABEL words keep the open quote to the end of the line.
    let tree = parse_checked("FROM alpine\nENV A=\"x y\nLABEL b='z\n");
    assert!(tree.errors.is_empty(), "{:?}", messages(&tree));
    assert_eq!(tree.instructions[1].args[1].value, "\"x y");

    // A quote left open across 100,000 continuation lines.
    let text = format!("FROM alpine\nENV A=\"{}\n", "x \\\n".repeat(100_000));
    let tree = parse_checked(&text);
    assert_eq!(tree.instructions.len(), 2);
}

#[test]
fn random_garbage_never_panics() {
    // A deterministic byte soup of Dockerfile punctuation, checked in many prefixes.
    let alphabet = b"RUN FROM ONBUILD COPY <<EOF\n\\`\"'[]{}$#=-- \t\r\n\0";
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut text = String::new();
    for _ in 0..20_000 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        text.push(char::from(alphabet[(state % alphabet.len() as u64) as usize]));
    }
    for len in (0..text.len()).step_by(997) {
        parse_checked(&text[..len]);
    }
    parse_checked(&text);
}

fn run_parse_cli(name: &str, bytes: &[u8]) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("layerlint-pathological-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("Dockerfile");
    std::fs::write(&file, bytes).unwrap();
    let output =
        Command::new(env!("CARGO_BIN_EXE_layerlint")).args(["parse", "--format", "json"]).arg(&file).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    output
}

#[test]
fn cli_refuses_invalid_utf8_naming_the_file() {
    let output = run_parse_cli("utf8", b"FROM alpine\nRUN echo \xff\xfe caf\xe9\n");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Dockerfile"), "{stderr}");
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
    assert!(output.stdout.is_empty());
}

#[test]
fn cli_refuses_nul_bytes_naming_the_file() {
    let output = run_parse_cli("nul", b"FROM alpine\nRUN echo \0\n");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Dockerfile"), "{stderr}");
    assert!(stderr.contains("binary"), "{stderr}");
}

#[test]
fn cli_reports_the_long_line() {
    let mut text = b"FROM alpine\nRUN echo ".to_vec();
    text.extend(vec![b'a'; 1 << 20]);
    let output = run_parse_cli("long", &text);
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["errors"][0]["message"], LINE_TOO_LONG);
    assert_eq!(json["errors"][0]["line"], 2);
}
