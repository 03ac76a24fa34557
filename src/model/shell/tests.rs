//! The facade on small Dockerfiles: argv, chaining, nesting, heredocs, dialects, and that every span
//! points at the right bytes of the file.

use std::collections::BTreeMap;

use super::*;
use crate::syntax::dockerfile::parse;

/// The script of instruction `index` of `text`, with each command rendered as its file slices.
fn script(text: &str, index: usize) -> ShellScript {
    let tree = parse(text);
    let args = BTreeMap::new();
    let model = Model::new(&tree, &args);
    let script = model.shell_script(index).clone();
    for cmd in &script.commands {
        for word in std::iter::once(&cmd.program).chain(&cmd.args) {
            assert!(text.get(word.span.range()).is_some(), "span {:?} of {word:?} is not in the file", word.span);
        }
    }
    script
}

/// Each command as `program arg arg` (values, or text when not static).
fn argvs(script: &ShellScript) -> Vec<String> {
    script
        .commands
        .iter()
        .map(|c| std::iter::once(&c.program).chain(&c.args).map(Word::as_str).collect::<Vec<_>>().join(" "))
        .collect()
}

fn slice(text: &str, span: Span) -> &str {
    &text[span.range()]
}

#[test]
fn quoting_gives_values_and_keeps_text() {
    let text = "FROM alpine\nRUN echo 'a b' \"c $HOME\" d\\ e\n";
    let s = script(text, 1);
    assert!(s.parsed);
    let cmd = &s.commands[0];
    assert_eq!(cmd.name(), Some("echo"));
    assert_eq!(cmd.args[0].value.as_deref(), Some("a b"));
    assert_eq!(cmd.args[0].text, "'a b'");
    assert_eq!(cmd.args[1].value, None);
    assert_eq!(cmd.args[1].text, "\"c $HOME\"");
    assert_eq!(cmd.args[2].value.as_deref(), Some("d e"));
    assert_eq!(slice(text, cmd.args[1].span), "\"c $HOME\"");
    assert_eq!(slice(text, cmd.span), "echo 'a b' \"c $HOME\" d\\ e");
}

#[test]
fn connectors_and_pipelines() {
    let s = script("FROM a\nRUN a && b || c; d & e | f | g\n", 1);
    let connectors: Vec<_> = s.commands.iter().map(|c| c.connector).collect();
    use Connector::*;
    assert_eq!(connectors, [None, Some(And), Some(Or), Some(Sequence), Some(Background), Some(Pipe), Some(Pipe)]);
    let e = &s.commands[4];
    assert_eq!((e.pipeline.index, e.pipeline.len), (0, 3));
    assert!(e.in_pipeline() && !s.commands[0].in_pipeline());
    assert_eq!(s.commands[6].pipeline.id, e.pipeline.id);
    assert_ne!(s.commands[3].pipeline.id, e.pipeline.id);
    let s = script("FROM a\nRUN ! grep x y\n", 1);
    assert!(s.commands[0].pipeline.negated);
}

#[test]
fn spans_across_continuations() {
    let text = "FROM alpine\nRUN apt-get update \\\n    && apt-get install -y \\\n        curl \\\n  # a comment\n        git\n";
    let s = script(text, 1);
    assert_eq!(argvs(&s), ["apt-get update", "apt-get install -y curl git"]);
    let install = &s.commands[1];
    assert_eq!(install.connector, Some(Connector::And));
    assert_eq!(slice(text, install.program.span), "apt-get");
    assert_eq!(slice(text, install.args[2].span), "curl");
    assert_eq!(slice(text, install.args[3].span), "git");
    assert_eq!(text[..install.args[3].span.start].lines().count(), 6);
    assert!(slice(text, install.span).starts_with("apt-get install") && slice(text, install.span).ends_with("git"));
    // A word broken by a continuation spans both pieces.
    let text = "FROM a\nRUN ec\\\nho hi\n";
    let s = script(text, 1);
    assert_eq!(s.commands[0].program.value.as_deref(), Some("echo"));
    assert_eq!(slice(text, s.commands[0].program.span), "ec\\\nho");
}

#[test]
fn non_ascii_text_maps_to_bytes() {
    let text = "FROM a\nRUN echo «héllo» && touch /tmp/é\n";
    let s = script(text, 1);
    assert_eq!(slice(text, s.commands[0].args[0].span), "«héllo»");
    assert_eq!(slice(text, s.commands[1].program.span), "touch");
    assert_eq!(slice(text, s.commands[1].args[0].span), "/tmp/é");
}

#[test]
fn flags_and_positionals() {
    let s = script("FROM a\nRUN apt-get -qy --no-install-recommends --opt=v install curl -- -x\n", 1);
    let cmd = &s.commands[0];
    let flags = cmd.flags();
    let names: Vec<_> = flags.iter().map(|f| f.name).collect();
    assert_eq!(names, ["-qy", "--no-install-recommends", "--opt"]);
    assert_eq!(flags[2].value, Some("v"));
    assert!(cmd.has_flag(&["-y", "--yes"]));
    assert!(cmd.has_flag(&["--no-install-recommends"]));
    assert!(!cmd.has_flag(&["-x"]));
    let positional: Vec<_> = cmd.positional().iter().map(|w| w.as_str()).collect();
    assert_eq!(positional, ["install", "curl", "-x"]);
}

#[test]
fn assignments_and_redirects() {
    let text = "FROM a\nRUN DEBIAN_FRONTEND=noninteractive apt-get install x >/dev/null 2>&1\n";
    let s = script(text, 1);
    let cmd = &s.commands[0];
    assert_eq!(cmd.assignments[0].name, "DEBIAN_FRONTEND");
    assert_eq!(cmd.assignments[0].value.value.as_deref(), Some("noninteractive"));
    assert_eq!(slice(text, cmd.assignments[0].value.span), "noninteractive");
    assert_eq!(cmd.redirects.len(), 2);
    assert_eq!((cmd.redirects[0].op, cmd.redirects[0].target.as_str()), (RedirectOp::Write, "/dev/null"));
    assert_eq!(slice(text, cmd.redirects[0].span), ">/dev/null");
    assert_eq!((cmd.redirects[1].op, cmd.redirects[1].fd), (RedirectOp::DupOutput, Some(2)));
    assert_eq!(slice(text, cmd.redirects[1].span), "2>&1");
    assert!(slice(text, cmd.span).starts_with("DEBIAN_FRONTEND=") && slice(text, cmd.span).ends_with("2>&1"));
}

#[test]
fn sh_c_bodies_are_parsed_with_spans() {
    let text =
        "FROM a\nRUN sh -c 'apt-get update && apt-get install -y \"x y\"' && bash -eo pipefail -c \"curl -s u | sh\"\n";
    let s = script(text, 1);
    assert_eq!(
        argvs(&s),
        [
            "sh -c apt-get update && apt-get install -y \"x y\"",
            "apt-get update",
            "apt-get install -y x y",
            "bash -eo pipefail -c curl -s u | sh",
            "curl -s u",
            "sh",
        ]
    );
    assert_eq!(s.commands[2].script_depth, 1);
    assert_eq!(slice(text, s.commands[2].args[2].span), "\"x y\"");
    assert_eq!(slice(text, s.commands[4].span), "curl -s u");
    assert_eq!(slice(text, s.commands[5].program.span), "sh");
    // A body with a variable is not known statically: only the outer command.
    let s = script("FROM a\nRUN sh -c \"$CMD\"\n", 1);
    assert_eq!(s.commands.len(), 1);
    // `sh script.sh` runs a file.
    assert_eq!(script("FROM a\nRUN sh ./install.sh -c x\n", 1).commands.len(), 1);
}

#[test]
fn double_quoted_body_escapes_map_back() {
    let text = "FROM a\nRUN sh -c \"echo \\\"hi\\\" && touch /x\"\n";
    let s = script(text, 1);
    assert_eq!(argvs(&s)[1..], ["echo hi", "touch /x"]);
    // The span starts at the character the word starts with (the quote after the backslash).
    assert_eq!(slice(text, s.commands[1].args[0].span), "\"hi\\\"");
    assert_eq!(slice(text, s.commands[2].args[0].span), "/x");
}

#[test]
fn command_substitutions_are_reparsed() {
    let text = "FROM a\nRUN x=\"$(curl -fsSL https://e.com/i | sh)\" && echo `uname -m` $(a $(b))\n";
    let s = script(text, 1);
    // `x=…` alone is no command, but its substitution is.
    assert_eq!(argvs(&s), ["curl -fsSL https://e.com/i", "sh", "echo `uname -m` $(a $(b))", "uname -m", "a $(b)", "b"]);
    assert_eq!(s.commands[0].substitution_depth, 1);
    assert_eq!(s.commands[5].substitution_depth, 2);
    assert_eq!(slice(text, s.commands[0].span), "curl -fsSL https://e.com/i");
    assert_eq!(slice(text, s.commands[3].span), "uname -m");
    assert_eq!(slice(text, s.commands[5].span), "b");
    assert_eq!(s.commands[1].pipeline.len, 2);
    assert_eq!(s.commands[2].connector, Some(Connector::And));
    // Process substitution.
    let s = script("FROM a\nRUN bash <(curl -s u)\n", 1);
    assert_eq!(argvs(&s), ["bash <(curl -s u)", "curl -s u"]);
}

#[test]
fn compound_commands_are_walked() {
    let text = "FROM a\nRUN if [ -f x ]; then (cd y && make); else for i in 1 2; do echo $i; done; fi; f() { g; }\n";
    let s = script(text, 1);
    assert_eq!(argvs(&s), ["[ -f x ]", "cd y", "make", "echo $i", "g"]);
    assert!(s.commands[1].in_subshell && !s.commands[0].in_subshell);
}

#[test]
fn lone_heredoc_is_the_script() {
    let text = "FROM a\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n";
    let s = script(text, 1);
    assert!(s.parsed);
    assert_eq!(argvs(&s), ["apt-get update", "apt-get install -y curl"]);
    assert_eq!(slice(text, s.commands[1].args[2].span), "curl");
    assert_eq!(s.commands[1].script_depth, 0);
    // Through its interpreter: a shell is parsed, anything else is not shell.
    let s = script("FROM a\nRUN <<EOF\n#!/usr/bin/env bash\nset -e\necho hi\nEOF\n", 1);
    assert_eq!(argvs(&s), ["set -e", "echo hi"]);
    let s = script("FROM a\nRUN <<EOF\n#!/usr/bin/python3\nprint('hi')\nEOF\n", 1);
    assert!(!s.parsed && s.commands.is_empty());
    assert_eq!(s.dialect, Dialect::Other);
}

#[test]
fn continuations_inside_heredoc_bodies() {
    let text = "FROM a\nRUN <<EOF\ngo run gen.go \\\n  bin/a \\\n  bin/b\necho done &\nwait\nEOF\n";
    let s = script(text, 1);
    assert_eq!(argvs(&s), ["go run gen.go bin/a bin/b", "echo done", "wait"]);
    assert_eq!(slice(text, s.commands[0].args[3].span), "bin/b");
    // Lines are chained like `;`, and `&` carries over to the next line.
    assert_eq!(s.commands[1].connector, Some(Connector::Sequence));
    assert_eq!(s.commands[2].connector, Some(Connector::Background));
}

#[test]
fn heredoc_markers_become_redirects() {
    let text =
        "FROM a\nRUN --mount=type=cache,target=/c python3 <<'EOF' && cat <<-X > /out\nimport os\nEOF\n\tdata\nX\n";
    let s = script(text, 1);
    assert!(s.parsed);
    assert_eq!(argvs(&s), ["python3", "cat"]);
    let py = &s.commands[0].redirects[0];
    assert_eq!((py.op, py.heredoc, py.target.as_str()), (RedirectOp::Heredoc, Some(0), "EOF"));
    assert_eq!(slice(text, py.span), "<<'EOF'");
    let cat = &s.commands[1];
    assert_eq!((cat.redirects[0].op, cat.redirects[0].heredoc), (RedirectOp::Heredoc, Some(1)));
    assert_eq!(slice(text, cat.redirects[0].span), "<<-X");
    assert_eq!((cat.redirects[1].op, cat.redirects[1].target.as_str()), (RedirectOp::Write, "/out"));
}

#[test]
fn heredoc_fed_to_a_shell_is_parsed() {
    let text = "FROM a\nRUN bash -e <<EOF && echo done\nset -x\ncurl -s u | sh\nEOF\n";
    let s = script(text, 1);
    assert_eq!(argvs(&s), ["bash -e", "set -x", "curl -s u", "sh", "echo done"]);
    assert_eq!(s.commands[2].script_depth, 1);
    assert_eq!(slice(text, s.commands[2].span), "curl -s u");
    // A heredoc written inside a heredoc script, fed to a shell, is parsed; one fed to cat is data.
    let text = "FROM a\nRUN <<EOF\nsh <<X\necho in\nX\ncat <<Y\nnot a command\nY\nEOF\n";
    let s = script(text, 1);
    assert_eq!(argvs(&s), ["sh", "echo in", "cat"]);
    assert_eq!(slice(text, s.commands[1].span), "echo in");
}

#[test]
fn exec_form() {
    let text =
        "FROM a\nRUN [\"apt-get\", \"install\", \"-y\", \"x\"]\nRUN [\"/bin/sh\", \"-c\", \"a && b \\\"c\\\"\"]\n";
    let s = script(text, 1);
    assert_eq!((s.dialect, s.parsed), (Dialect::Exec, true));
    assert_eq!(argvs(&s), ["apt-get install -y x"]);
    assert_eq!(slice(text, s.commands[0].args[1].span), "\"-y\"");
    let s = script(text, 2);
    assert_eq!(argvs(&s), ["/bin/sh -c a && b \"c\"", "a", "b c"]);
    assert_eq!(slice(text, s.commands[2].program.span), "b");
    assert_eq!(slice(text, s.commands[2].args[0].span), "\"c\\\"");
}

#[test]
fn windows_and_powershell_are_not_analysed() {
    let s = script("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir && echo hi\n", 1);
    assert_eq!((s.dialect, s.parsed, s.commands.len()), (Dialect::Cmd, false, 0));
    let text = "FROM alpine\nSHELL [\"pwsh\", \"-Command\"]\nRUN Get-Item x | Remove-Item\n\
                SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN a | b\n";
    let s = script(text, 2);
    assert_eq!((s.dialect, s.parsed), (Dialect::PowerShell, false));
    let s = script(text, 4);
    assert_eq!((s.dialect, s.parsed, s.commands.len()), (Dialect::Posix, true, 2));
    assert!(s.shell.has_pipefail());
}

#[test]
fn rejected_text_is_not_parsed() {
    let s = script("FROM a\nRUN echo 'unterminated\n", 1);
    assert!(!s.parsed);
    let s = script("FROM a\nRUN if true; then x\n", 1);
    assert!(!s.parsed);
    // Inputs brush-parser panics on are not given to it.
    for text in ["echo 99999999999>x", "echo 4294967295<&0", "echo ~+99999999999999999999999$(x)", "<<E$(\t(9)) "] {
        assert!(!parse_posix(text).parsed, "{text}");
    }
}

#[test]
fn deep_nesting_is_refused_not_overflowed() {
    for text in [
        format!("FROM a\nRUN {}x{}\n", "{ ".repeat(3000), "; }".repeat(3000)),
        format!("FROM a\nRUN echo {}x{}\n", "$(".repeat(3000), ")".repeat(3000)),
        format!("FROM a\nRUN {}x{}\n", "if true; then ".repeat(3000), "; fi".repeat(3000)),
        format!("FROM a\nRUN echo \"{}\"\n", "$(echo \"".repeat(3000)),
    ] {
        assert!(!script(&text, 1).parsed);
    }
    // Ordinary nesting is fine; closing parentheses in quotes do not hide depth.
    let text = format!("FROM a\nRUN {}x{} && echo '((('\n", "{ ".repeat(20), "; }".repeat(20));
    assert!(script(&text, 1).parsed);
    let text = format!("FROM a\nRUN echo '{}' {}x{}\n", ")".repeat(100), "{ ".repeat(50), "; }".repeat(50));
    assert!(!script(&text, 1).parsed);
}

#[test]
fn onbuild_and_cmd() {
    let text = "FROM a\nONBUILD RUN apt-get install x \\\n  y\nCMD exec nginx -g 'daemon off;'\nCOPY a b\n";
    let s = script(text, 1);
    assert_eq!(argvs(&s), ["apt-get install x y"]);
    assert_eq!(slice(text, s.commands[0].args[2].span), "y");
    let s = script(text, 2);
    assert_eq!(argvs(&s), ["exec nginx -g daemon off;"]);
    let s = script(text, 3);
    assert!(!s.parsed && s.commands.is_empty());
    assert!(!script(text, 0).parsed);
}

#[test]
fn parse_posix_spans_are_text_offsets() {
    let s = parse_posix("a | b");
    assert_eq!(s.commands[1].span, Span::new(4, 5));
}
