//! One test per syntax feature of `buildkit-reference.md` §2, on small Dockerfiles written here.
//! Each expectation is what BuildKit's parser does (the reference says so, and the corpus test checks
//! the same code paths against BuildKit's own output).

use layerlint::syntax::dockerfile::{parse, Dockerfile, Instruction, TokenKind};

fn errors(text: &str) -> Vec<String> {
    parse(text).errors.into_iter().map(|e| e.message).collect()
}

fn first_error(text: &str) -> String {
    errors(text).into_iter().next().unwrap_or_else(|| panic!("no error for {text:?}"))
}

fn args(inst: &Instruction) -> Vec<&str> {
    inst.args.iter().map(|a| a.value.as_str()).collect()
}

fn flags(inst: &Instruction) -> Vec<&str> {
    inst.flags.iter().map(|f| f.raw.as_str()).collect()
}

fn lines(tree: &Dockerfile) -> Vec<(usize, usize)> {
    tree.instructions.iter().map(|i| (i.start_line, i.end_line)).collect()
}

// §2.1 lines, BOM, directives

#[test]
fn bom_and_crlf() {
    let tree = parse("\u{FEFF}FROM alpine\r\nRUN echo hi\r\n");
    assert!(tree.errors.is_empty());
    assert_eq!(tree.instructions[0].keyword, "FROM");
    assert_eq!(args(&tree.instructions[1]), ["echo hi"]);
    assert_eq!(tree.tokens[0].kind, TokenKind::Bom);
}

#[test]
fn directives_only_at_the_top() {
    let tree = parse("# syntax=docker/dockerfile:1\n#ESCAPE = `\n# check=skip=all\nFROM a\n# escape=\\\n");
    let names: Vec<_> = tree.directives.iter().map(|d| (d.name.as_str(), d.value.as_str(), d.line)).collect();
    assert_eq!(names, [("syntax", "docker/dockerfile:1", 1), ("escape", "`", 2), ("check", "skip=all", 3)]);
    assert_eq!(tree.escape, '`');
}

#[test]
fn a_blank_line_or_comment_or_unknown_directive_ends_directives() {
    for text in ["\n# escape=`\nFROM a\n", "# hello\n# escape=`\nFROM a\n", "# foo=bar\n# escape=`\nFROM a\n"] {
        assert_eq!(parse(text).escape, '\\', "{text:?}");
    }
    // A shebang ends directives in the AST parser too.
    assert_eq!(parse("#!/bin/x\n# escape=`\nFROM a\n").escape, '\\');
    // Leading whitespace before a directive is allowed.
    assert_eq!(parse("   # escape=`\nFROM a\n").escape, '`');
}

#[test]
fn repeated_and_invalid_directives_are_errors() {
    assert_eq!(first_error("# escape=`\n# ESCAPE=\\\nFROM a\n"), "only one escape parser directive can be used");
    assert_eq!(first_error("# escape=x\nFROM a\n"), "invalid escape token 'x' does not match ` or \\");
}

#[test]
fn empty_file_has_no_instructions() {
    assert_eq!(errors(""), ["file with no instructions"]);
    assert_eq!(errors("# syntax=x\n\n# just a comment\n"), ["file with no instructions"]);
}

#[test]
fn long_lines_are_errors() {
    let ok = format!("FROM a\nRUN {}\n", "x".repeat(65535 - 4));
    assert!(parse(&ok).errors.is_empty());
    let long = format!("FROM a\nRUN {}\n", "x".repeat(65536 - 4));
    assert_eq!(errors(&long), ["dockerfile line greater than max allowed size of 65535"]);
}

// §2.2 continuations

#[test]
fn continuation_keeps_leading_whitespace_of_later_lines() {
    let tree = parse("FROM a\nRUN echo a \\\n  b\n");
    assert_eq!(args(&tree.instructions[1]), ["echo a   b"]);
    let tree = parse("FROM a\nRUN echo \"\\\n  hello\\\n  world\"\n");
    assert_eq!(args(&tree.instructions[1]), ["echo \"  hello  world\""]);
}

#[test]
fn comments_and_blank_lines_inside_a_continuation() {
    let tree = parse("FROM a\nRUN a \\\n# comment\n  b \\\n\n  c\n");
    assert_eq!(args(&tree.instructions[1]), ["a   b   c"]);
    assert_eq!(lines(&tree), [(1, 1), (2, 6)]);
    assert_eq!(tree.warnings.len(), 1);
    assert!(tree.warnings[0].message.starts_with("Empty continuation line found in: RUN a"));
    assert_eq!(tree.warnings[0].line, 6);
}

#[test]
fn double_escape_at_end_is_not_a_continuation() {
    let tree = parse("FROM a\nRUN a\\\\\nRUN b\n");
    assert_eq!(tree.instructions.len(), 3);
}

#[test]
fn backtick_escape_continues_lines() {
    let tree = parse("# escape=`\nFROM a\nRUN dir c:\\ `\n  /s\n");
    assert_eq!(args(&tree.instructions[1]), ["dir c:\\   /s"]);
    assert_eq!(lines(&tree), [(2, 2), (3, 4)]);
}

#[test]
fn a_lone_escape_line_starts_the_instruction_early() {
    let tree = parse("FROM a\n\\\nRUN b\n");
    assert_eq!(lines(&tree), [(1, 1), (2, 3)]);
    assert_eq!(tree.instructions[1].keyword, "RUN");
}

#[test]
fn hash_mid_line_is_not_a_comment() {
    let tree = parse("FROM a\nRUN echo hi # x\n");
    assert_eq!(args(&tree.instructions[1]), ["echo hi # x"]);
}

// §2.3 comments

#[test]
fn prev_comments_are_kept_and_an_empty_comment_clears_them() {
    let tree = parse("# a\n\n# b\nFROM x\n# c\n#\n# d\nRUN y\n");
    assert_eq!(tree.instructions[0].comments, ["a", "b"]);
    assert_eq!(tree.instructions[1].comments, ["d"]);
    let tree = parse("FROM x\n   # indented\nRUN y\n");
    assert_eq!(tree.instructions[1].comments, ["# indented"]);
}

// §2.4 keywords, flags, exec form

#[test]
fn keyword_is_kept_as_written() {
    let tree = parse("from a\nRun b\n");
    assert_eq!(tree.instructions[0].keyword, "from");
    assert_eq!(tree.instructions[1].keyword, "Run");
}

#[test]
fn unknown_instruction_with_suggestion() {
    assert_eq!(first_error("FROM a\nRUNN b\n"), "unknown instruction: RUNN (did you mean RUN?)");
    assert_eq!(first_error("FROM a\nBOGUS b\n"), "unknown instruction: BOGUS");
}

#[test]
fn flags_are_words_starting_with_double_dash() {
    let inst = &parse("FROM a\nCOPY --from=build --chown='a b' --link src dst\n").instructions[1];
    assert_eq!(flags(inst), ["--from=build", "--chown=a b", "--link"]);
    assert_eq!(args(inst), ["src", "dst"]);
    let inst = &parse("FROM a\nRUN -- --x\n").instructions[1];
    assert!(inst.flags.is_empty());
    assert_eq!(args(inst), ["--x"]);
}

#[test]
fn exec_form_detection() {
    let tree = parse("FROM a\nCMD [\"a\" , \"b\"]\nCMD ['a']\nCMD [ \"x\" ] y\nENTRYPOINT [\"a\"\nCMD []\n");
    let forms: Vec<_> = tree.instructions[1..].iter().map(|i| (i.json, args(i))).collect();
    assert_eq!(forms[0], (true, vec!["a", "b"]));
    assert_eq!(forms[1], (false, vec!["['a']"]));
    assert_eq!(forms[2], (false, vec!["[ \"x\" ] y"]));
    assert_eq!(forms[3], (false, vec!["[\"a\""]));
    assert_eq!(forms[4], (true, vec![]));
    assert_eq!(
        first_error("FROM a\nCMD [\"a\", 1]\n"),
        "when using JSON array syntax, arrays must be comprised of strings only"
    );
}

#[test]
fn shell_requires_json() {
    assert_eq!(first_error("FROM a\nSHELL []\n"), "SHELL requires at least one argument");
    assert_eq!(first_error("FROM a\nSHELL bash -c\n"), "SHELL requires the arguments to be in JSON form");
    assert!(errors("FROM a\nSHELL [\"bash\", \"-c\"]\n").is_empty());
}

#[test]
fn copy_and_volume_split_on_whitespace_and_keep_quotes() {
    let inst = &parse("FROM a\nCOPY \"a b\" c\n").instructions[1];
    assert_eq!(args(inst), ["\"a", "b\"", "c"]);
    let inst = &parse("FROM a\nWORKDIR a b\n").instructions[1];
    assert_eq!(args(inst), ["a b"]);
}

// §2.5 heredocs

#[test]
fn heredoc_forms() {
    let tree = parse("FROM a\nRUN <<EOF\necho hi\n# not a comment\n\nEOF\nCOPY <<-'X' /dst\n\tbody\n\tX\n");
    let run = &tree.instructions[1];
    assert_eq!((run.start_line, run.end_line), (2, 6));
    assert_eq!(run.heredocs[0].name, "EOF");
    assert_eq!(run.heredocs[0].content, "echo hi\n# not a comment\n\n");
    assert!(run.heredocs[0].expand && !run.heredocs[0].chomp);
    let copy = &tree.instructions[2];
    assert_eq!(copy.heredocs[0].content, "\tbody\n");
    assert!(!copy.heredocs[0].expand && copy.heredocs[0].chomp);
    assert_eq!(copy.end_line, 9);
}

#[test]
fn several_heredocs_per_line_are_read_in_order() {
    let tree = parse("FROM a\nCOPY <<X <<Y /dest\nY\nX\nX\nY\n");
    let docs: Vec<_> = tree.instructions[1].heredocs.iter().map(|h| (h.name.as_str(), h.content.as_str())).collect();
    assert_eq!(docs, [("X", "Y\n"), ("Y", "X\n")]);
}

#[test]
fn fd_prefix_and_space_after_opener() {
    let tree = parse("FROM a\nRUN 3<<EOF cat /dev/fd/3\nx\nEOF\nRUN cat << EOF\ny\nEOF\n");
    assert_eq!(tree.instructions[1].heredocs[0].fd, 3);
    assert_eq!(tree.instructions[2].heredocs[0].content, "y\n");
}

#[test]
fn not_heredocs() {
    for text in
        ["FROM a\nRUN echo \"<<EOF\"\n", "FROM a\nRUN [\"<<EOF\"]\n", "FROM a\nRUN <<- EOF\n", "FROM a\nCMD <<EOF\n"]
    {
        assert!(parse(text).instructions[1].heredocs.is_empty(), "{text:?}");
    }
}

#[test]
fn heredoc_terminator_must_match_exactly() {
    let tree = parse("FROM a\nRUN <<EOF\n  EOF\nEOF\n");
    assert_eq!(tree.instructions[1].heredocs[0].content, "  EOF\n");
    let tree = parse("FROM a\nRUN <<EOF\r\nx\r\nEOF\r\n");
    assert_eq!(tree.instructions[1].heredocs[0].content, "x\r\n");
}

#[test]
fn unterminated_heredoc() {
    let tree = parse("FROM a\nRUN <<EOF\nx\n");
    assert_eq!(tree.errors[0].message, "unterminated heredoc");
    assert_eq!((tree.errors[0].start_line, tree.errors[0].end_line), (2, 3));
}

#[test]
fn heredoc_as_copy_destination() {
    assert_eq!(first_error("FROM a\nCOPY x <<EOF\nEOF\n"), "COPY cannot accept a heredoc as a destination");
}

#[test]
fn onbuild_heredoc_attaches_to_onbuild() {
    let tree = parse("FROM a\nONBUILD RUN <<EOF\nx\nEOF\n");
    let inst = &tree.instructions[1];
    assert_eq!(inst.heredocs.len(), 1);
    assert_eq!(inst.trigger.as_ref().unwrap().keyword, "RUN");
    assert_eq!(inst.end_line, 4);
}

// §2.6 FROM, stages, ONBUILD

#[test]
fn from_argument_counts_and_stage_names() {
    assert_eq!(first_error("FROM a b\n"), "FROM requires either one or three arguments");
    assert_eq!(
        first_error("FROM a AS 1abc\n"),
        "invalid name for build stage: \"1abc\", name can't start with a number or contain symbols"
    );
    assert!(errors("FROM a as Build-1.x_y\n").is_empty());
}

#[test]
fn only_arg_before_the_first_from() {
    assert!(errors("ARG X=1\nFROM a\n").is_empty());
    assert_eq!(first_error("RUN x\nFROM a\n"), "no build stage in current context");
}

#[test]
fn onbuild_rules() {
    assert_eq!(first_error("FROM a\nONBUILD ONBUILD RUN x\n"), "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
    assert_eq!(first_error("FROM a\nONBUILD FROM b\n"), "FROM isn't allowed as an ONBUILD trigger");
    assert_eq!(first_error("FROM a\nONBUILD\n"), "ONBUILD requires at least one argument");
    assert_eq!(first_error("FROM a\nONBUILD --x RUN y\n"), "unknown flag: --x");
    // The trigger is only parsed when a child image builds: an unknown trigger is not an error here.
    assert!(errors("FROM a\nONBUILD RUNN y\n").is_empty());
}

// §2.7 ENV / LABEL / ARG

#[test]
fn env_forms() {
    let inst = &parse("FROM a\nENV A B  C  D\n").instructions[1];
    assert_eq!(args(inst), ["A", "B  C  D", ""]);
    let inst = &parse("FROM a\nENV a=1 b=\"x y\"\n").instructions[1];
    assert_eq!(args(inst), ["a", "1", "=", "b", "\"x y\"", "="]);
    assert_eq!(first_error("FROM a\nENV A\n"), "ENV must have two arguments");
    assert_eq!(
        first_error("FROM a\nENV a=1 B\n"),
        "Syntax error - can't find = in \"B\". Must be of the form: name=value"
    );
    assert_eq!(first_error("FROM a\nENV\n"), "ENV requires at least one argument");
    assert_eq!(first_error("FROM a\nLABEL =x\n"), "LABEL names can not be blank");
}

#[test]
fn arg_forms() {
    let inst = &parse("ARG a b=2 \"c=3 4\"\nFROM x\n").instructions[0];
    assert_eq!(args(inst), ["a", "b=2", "\"c=3 4\""]);
    assert_eq!(first_error("ARG =x\nFROM a\n"), "ARG names can not be blank");
}

// §2.8 flags

#[test]
fn flag_misuse() {
    assert_eq!(first_error("FROM a\nCOPY --link= a b\n"), "missing a value on flag: --link");
    assert_eq!(first_error("FROM a\nCOPY --link=maybe a b\n"), "expecting boolean value for flag --link, not: maybe");
    assert_eq!(first_error("FROM a\nCOPY --chown a b\n"), "missing a value on flag: --chown");
    assert_eq!(first_error("FROM a\nCOPY --from=x --from=y a b\n"), "duplicate flag specified: --from");
    assert_eq!(first_error("FROM a\nCOPY --user=x a b\n"), "unknown flag: --user");
    assert_eq!(first_error("FROM a\nCOPY --chmd=1 a b\n"), "unknown flag: --chmd (did you mean --chmod?)");
    assert!(errors("FROM a\nCOPY --exclude=a --exclude=b --link=TRUE a b\n").is_empty());
    assert!(errors("FROM a\nRUN --mount=type=cache,target=/x --mount=type=tmpfs,target=/y x\n").is_empty());
    assert_eq!(first_error("FROM a\nRUN --network=bridge x\n"), "invalid network mode \"bridge\"");
    assert_eq!(
        first_error("FROM a\nRUN --mount=type=bind,target=/t,z x\n"),
        "invalid field 'z' must be a key=value pair"
    );
}

#[test]
fn flag_quirks() {
    assert!(errors("FROM a\nSTOPSIGNAL --anything SIGTERM\n").is_empty());
    assert!(errors("FROM a\nHEALTHCHECK --interval=5s NONE\n").is_empty());
    assert_eq!(first_error("FROM a\nHEALTHCHECK NONE x\n"), "HEALTHCHECK NONE takes no arguments");
    assert_eq!(first_error("FROM a\nHEALTHCHECK FOO x\n"), "Unknown type \"FOO\" in HEALTHCHECK (try CMD)");
    assert_eq!(first_error("FROM a\nHEALTHCHECK CMD\n"), "Missing command after HEALTHCHECK CMD");
    assert_eq!(
        first_error("FROM a\nHEALTHCHECK --interval=1us CMD x\n"),
        "Interval \"interval\" cannot be less than 1ms"
    );
    assert_eq!(first_error("FROM a\nHEALTHCHECK --retries=-1 CMD x\n"), "--retries cannot be negative (-1)");
    assert!(errors("FROM a\nHEALTHCHECK --interval=30s --retries=3 CMD [\"curl\", \"x\"]\n").is_empty());
}

// §2.9 argument counts

#[test]
fn argument_counts() {
    assert_eq!(
        first_error("FROM a\nCOPY x\n"),
        "COPY requires at least two arguments, but only one was provided. Destination could not be determined"
    );
    assert_eq!(first_error("FROM a\nEXPOSE\n"), "EXPOSE requires at least one argument");
    assert_eq!(first_error("FROM a\nUSER\n"), "USER requires exactly one argument");
    assert_eq!(first_error("FROM a\nVOLUME [\"\"]\n"), "VOLUME specified can not be an empty string");
    assert!(errors("FROM a\nMAINTAINER a b\n").is_empty());
}

// Robustness: errors never stop the parse.

#[test]
fn parsing_resumes_after_a_broken_instruction() {
    let tree = parse("FROM a\nBOGUS x\nCOPY --nope=1 a b\nRUN ok\n");
    assert_eq!(tree.instructions.len(), 4);
    assert_eq!(tree.errors.len(), 2);
    assert_eq!(tree.errors[0].start_line, 2);
    assert_eq!(tree.errors[1].start_line, 3);
    assert!(!tree.instructions[3].has_error);
}

#[test]
fn error_spans_point_at_the_token_at_fault() {
    let text = "FROM a\nCOPY --nope=1 a b\n";
    let tree = parse(text);
    assert_eq!(&text[tree.errors[0].span.range()], "--nope=1");
}

#[test]
fn spans_map_back_across_continuations() {
    let text = "FROM a\nCOPY --from=x \\\n   src \\\n   /dst\n";
    let tree = parse(text);
    let copy = &tree.instructions[1];
    assert_eq!(&text[copy.args[0].span.range()], "src");
    assert_eq!(&text[copy.args[1].span.range()], "/dst");
    assert_eq!(&text[copy.flags[0].span.range()], "--from=x");
    assert_eq!(&text[copy.keyword_span.range()], "COPY");
}
