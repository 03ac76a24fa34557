//! The shell facade: what a RUN (or shell-form CMD/ENTRYPOINT) runs, as small types rules can read.
//!
//! Rules never see the shell parser (brush-parser); they see a [`ShellScript`]: a flat list of
//! [`ShellCommand`]s, each with its program and arguments as [`Word`]s (text as written, value with quotes
//! removed when static), its redirects, how it is chained to the command before it, and byte spans in
//! the Dockerfile, even across `\` continuations, inside heredoc bodies and inside `sh -c '…'` bodies.
//!
//! How a RUN is read:
//! 1. The shell is decided first ([`shell_in_effect`]): the stage's SHELL (or its parent stage's), else
//!    `/bin/sh -c`, or `cmd /S /C` when the stage builds on a Windows image. Only POSIX shells are
//!    analysed; PowerShell and cmd scripts come back with `parsed = false` and no commands.
//! 2. Exec form (`RUN ["a", "b"]`) is one command with no shell, unless it is `["sh", "-c", "…"]`-like,
//!    whose body is parsed too.
//! 3. Shell form: BuildKit keeps `<<EOF` markers in the command line and hands the bodies separately, so
//!    each marker BuildKit recognised is rewritten in place (same length) into a plain `< EOF` redirect
//!    before brush sees the line, and reported as a [`RedirectOp::Heredoc`]. A lone `RUN <<EOF` runs its
//!    body as the script (or through its `#!` interpreter); a body fed to a shell (`bash <<EOF`) is
//!    parsed as a nested script; any other body (`python3 <<EOF`) is data.
//! 4. Words holding `$(…)` or backticks are re-parsed, so `x=$(curl … | sh)` yields commands too, and so
//!    do static `sh -c '…'` bodies and `<(…)` process substitutions.

mod dialect;
mod heredoc_markers;
mod mounts;
mod text_map;
mod walk;
mod words;

use std::sync::OnceLock;

pub use dialect::{is_windows_stage, shell_in_effect, Dialect, Shell};

use dialect::ShellTable;
pub use mounts::{mounts, Mount, MountType};

use super::{Model, Stage};
use crate::syntax::dockerfile::{Heredoc, Instruction, Keyword};
use crate::syntax::source::Span;
use heredoc_markers::rewrite_markers;
use text_map::TextMap;
use walk::Walker;

/// The commands of one RUN (or shell-form CMD/ENTRYPOINT).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellScript {
    /// Every command, in source order; a command comes before the ones nested in it (its `$(…)`, its
    /// `sh -c` body, the heredoc a shell reads).
    pub commands: Vec<ShellCommand>,
    /// Whether the whole script was understood. `false` when brush rejects the text (or a body nested
    /// in it), when the shell is not a POSIX one, or when a heredoc script runs another interpreter:
    /// rules that fire on something *missing* must then stay silent.
    pub parsed: bool,
    /// What the script was analysed as: [`Dialect::Exec`] for exec form, else the shell's dialect (or
    /// that of a heredoc script's `#!` line).
    pub dialect: Dialect,
    /// The shell in effect for the instruction (even for exec form, which does not use it).
    pub shell: Shell,
}

/// One simple command: a program with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellCommand {
    pub program: Word,
    pub args: Vec<Word>,
    /// `NAME=value` words before the program (`DEBIAN_FRONTEND=noninteractive apt-get …`).
    pub assignments: Vec<Assignment>,
    pub redirects: Vec<Redirect>,
    /// From the first assignment, program or redirect to the last argument or redirect, in the file.
    pub span: Span,
    /// How this command is chained to the one before it in the same list; `None` for the first
    /// command of a list (of the script, of a `{ … }`, `( … )`, loop body or `$(…)`).
    pub connector: Option<Connector>,
    pub pipeline: PipelinePos,
    /// How many `$(…)`, backtick or `<(…)` substitutions enclose the command.
    pub substitution_depth: u32,
    /// Inside a `( … )` subshell (at any depth).
    pub in_subshell: bool,
    /// How many shells were started to run it: 0 for the RUN's own script, 1 inside a `sh -c '…'` body
    /// or a heredoc fed to `bash`, and so on.
    pub script_depth: u32,
}

/// A `NAME=value` (or `NAME+=value`) assignment before a program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub name: String,
    pub value: Word,
}

/// One word as the shell sees it before expansion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    /// The text as written, quotes and escapes included.
    pub text: String,
    /// The text with quotes removed, when it is fully static; `None` when it holds a variable, a
    /// command substitution, a tilde or a brace expansion (globs such as `*` count as static).
    pub value: Option<String>,
    pub span: Span,
}

/// A redirect such as `> /dev/null`, `2>&1` or a heredoc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub op: RedirectOp,
    /// The explicit file descriptor (`2` in `2>&1`).
    pub fd: Option<i32>,
    /// The file, the descriptor duplicated (`1` in `2>&1`), the here-string, or the heredoc delimiter.
    pub target: Word,
    /// For a heredoc BuildKit reads (a `<<EOF` on the RUN line): its index in the instruction's
    /// `heredocs`.
    pub heredoc: Option<usize>,
    /// Operator and target, in the file.
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RedirectOp {
    /// `<`
    Read,
    /// `>`
    Write,
    /// `>>`
    Append,
    /// `<>`
    ReadWrite,
    /// `>|`
    Clobber,
    /// `<&`
    DupInput,
    /// `>&`
    DupOutput,
    /// `&>` (both stdout and stderr)
    OutputAndError,
    /// `&>>`
    AppendOutputAndError,
    /// `<<<`
    HereString,
    /// `<<` / `<<-`
    Heredoc,
}

/// The operator between a command and the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Connector {
    /// `;` or a newline.
    Sequence,
    /// `&`: the previous command runs in the background.
    Background,
    /// `&&`
    And,
    /// `||`
    Or,
    /// `|`
    Pipe,
}

/// Where a command sits in its pipeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PipelinePos {
    /// Identifies the pipeline within the script: commands with the same id are piped together.
    pub id: usize,
    /// 0-based position in the pipeline.
    pub index: usize,
    /// Number of commands in the pipeline (1 when not piped).
    pub len: usize,
    /// The pipeline starts with `!`.
    pub negated: bool,
}

/// A word starting with `-` among a command's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandFlag<'a> {
    /// `-y`, `-qy`, `--yes`: the word up to `=`.
    pub name: &'a str,
    /// For `--opt=value`: `value`.
    pub value: Option<&'a str>,
    /// Index in `args`.
    pub index: usize,
}

impl Word {
    /// The value when static, else the text as written.
    pub fn as_str(&self) -> &str {
        self.value.as_deref().unwrap_or(&self.text)
    }

    /// Whether the word is static and equals `s`.
    pub fn is(&self, s: &str) -> bool {
        self.value.as_deref() == Some(s)
    }
}

impl ShellCommand {
    /// The program's name without its directory (`apt-get` for `/usr/bin/apt-get`), when static.
    pub fn name(&self) -> Option<&str> {
        let value = self.program.value.as_deref()?;
        Some(value.rsplit('/').next().unwrap_or(value))
    }

    /// The arguments starting with `-` (not `-` alone), up to a `--`; `--opt=value` is split. Which
    /// options take a separate value is program-specific, so `-o file` gives `-o` here and `file` in
    /// [`positional`](Self::positional).
    pub fn flags(&self) -> Vec<CommandFlag<'_>> {
        let mut out = Vec::new();
        for (index, arg) in self.args.iter().enumerate() {
            let s = arg.as_str();
            if s == "--" {
                break;
            }
            if s.len() < 2 || !s.starts_with('-') {
                continue;
            }
            let (name, value) = match s.split_once('=').filter(|_| s.starts_with("--")) {
                Some((name, value)) => (name, Some(value)),
                None => (s, None),
            };
            out.push(CommandFlag { name, value, index });
        }
        out
    }

    /// Whether any of `names` is given: a long name (`--yes`) matches `--yes` and `--yes=…`; a short
    /// one (`-y`) also matches inside a bundle of letters (`-qy`).
    pub fn has_flag(&self, names: &[&str]) -> bool {
        self.flags().iter().any(|flag| {
            names.iter().any(|&want| {
                if flag.name == want {
                    return true;
                }
                let (Some(letter), true) = (want.strip_prefix('-'), want.len() == 2) else { return false };
                let Some(bundle) = flag.name.strip_prefix('-') else { return false };
                !bundle.starts_with('-') && bundle.chars().all(|c| c.is_ascii_alphabetic()) && bundle.contains(letter)
            })
        })
    }

    /// The arguments that are not flags (everything after a `--`).
    pub fn positional(&self) -> Vec<&Word> {
        let mut out = Vec::new();
        let mut options_done = false;
        for arg in &self.args {
            let s = arg.as_str();
            if !options_done && s == "--" {
                options_done = true;
                continue;
            }
            if options_done || s.len() < 2 || !s.starts_with('-') {
                out.push(arg);
            }
        }
        out
    }

    /// Whether the command is piped to or from another one.
    pub fn in_pipeline(&self) -> bool {
        self.pipeline.len > 1
    }
}

/// Parse the shell text of a RUN (or shell-form CMD/ENTRYPOINT) of `stage`.
///
/// `inst` is one of the stage's instructions or the trigger of one of its ONBUILDs. Other instructions
/// give an empty script with `parsed = false`. Prefer the cached [`Model::shell_script`].
pub fn run_script(model: &Model, stage: &Stage, inst: &Instruction) -> ShellScript {
    let found = model
        .commands(stage)
        .find(|(_, i)| std::ptr::eq(*i, inst) || i.trigger.as_deref().is_some_and(|t| std::ptr::eq(t, inst)));
    // Heredocs attach to the ONBUILD node, not to its trigger.
    let (index, heredocs) = match found {
        Some((index, outer)) => (index, outer.heredocs.as_slice()),
        None => (stage.commands.end, inst.heredocs.as_slice()),
    };
    let shell = shell_in_effect(model, stage, index);
    script_of(&model.tree.text, inst, heredocs, shell)
}

/// The script of one instruction, with the shell decided.
fn script_of(file: &str, inst: &Instruction, heredocs: &[Heredoc], shell: Shell) -> ShellScript {
    let mut script = ShellScript { commands: Vec::new(), parsed: false, dialect: shell.dialect, shell };
    if !matches!(inst.kind, Keyword::Run | Keyword::Cmd | Keyword::Entrypoint) {
        return script;
    }
    if inst.json {
        script.dialect = Dialect::Exec;
        let mut walker = Walker::new(file, heredocs);
        walker.exec_form(&inst.args);
        script.parsed = walker.parsed;
        script.commands = walker.commands;
        return script;
    }
    if script.dialect != Dialect::Posix {
        return script;
    }
    let Some(arg) = inst.args.first() else {
        script.parsed = true;
        return script;
    };
    let start = crate::syntax::dockerfile::words::split_command(&inst.original).rest.start;
    let command = inst.original.get(start..start + arg.value.len()).filter(|c| *c == arg.value);
    let map = match command {
        Some(_) => TextMap::logical(&inst.source_map, start, arg.value.len()),
        // Not expected: the command text is always a slice of the logical line. Map it to its span.
        None => TextMap::linear(arg.span.start, arg.value.len()),
    };
    let (text, markers) = rewrite_markers(&arg.value, heredocs);
    let mut walker = Walker::new(file, heredocs);
    walker.markers = markers;
    match lone_heredoc(&walker.markers, &text, heredocs) {
        Some(doc) => {
            script.dialect = dialect::shebang(&doc.content).unwrap_or(Dialect::Posix);
            if script.dialect == Dialect::Posix {
                walker.script(&doc.content, &TextMap::linear(doc.body_span.start, doc.content.len()), 0, false);
            } else {
                walker.parsed = false;
            }
        }
        None => walker.script(&text, &map, 0, true),
    }
    script.parsed = walker.parsed;
    script.commands = walker.commands;
    script
}

/// `RUN <<EOF` with nothing else: BuildKit runs the body itself as the script.
fn lone_heredoc<'h>(markers: &[heredoc_markers::Marker], text: &str, heredocs: &'h [Heredoc]) -> Option<&'h Heredoc> {
    let [marker] = markers else { return None };
    let rest_blank = text[..marker.start].trim().is_empty() && text[marker.end..].trim().is_empty();
    rest_blank.then(|| heredocs.get(marker.heredoc)).flatten()
}

/// The POSIX script of `text` alone, spans relative to `text`: for rules' unit tests and for text that
/// is not an instruction's.
pub fn parse_posix(text: &str) -> ShellScript {
    let mut walker = Walker::new(text, &[]);
    walker.script(text, &TextMap::linear(0, text.len()), 0, false);
    ShellScript {
        commands: walker.commands,
        parsed: walker.parsed,
        dialect: Dialect::Posix,
        shell: Shell::default_posix(),
    }
}

/// Per-file cache of scripts, held by the [`Model`]; filled on first use.
pub struct ScriptCache {
    instructions: usize,
    shells: OnceLock<ShellTable>,
    /// Boxed so that a file of many instructions costs little until its scripts are asked for.
    scripts: OnceLock<Vec<OnceLock<Box<ShellScript>>>>,
}

impl ScriptCache {
    pub fn new(instructions: usize) -> ScriptCache {
        ScriptCache { instructions, shells: OnceLock::new(), scripts: OnceLock::new() }
    }
}

impl Model<'_> {
    /// The script of instruction `index` (a RUN, CMD or ENTRYPOINT, or an ONBUILD wrapping one), parsed
    /// once per file. Instructions before the first FROM or of other kinds give an empty, unparsed script.
    /// The shell a RUN at `index` of `stage` runs with (SHELL instructions, inherited through FROM, and
    /// the platform's default), from the table computed once per file.
    pub fn shell_at(&self, stage: &Stage, index: usize) -> Shell {
        self.shell_cache.shells.get_or_init(|| ShellTable::new(self)).shell(self, stage, index)
    }

    pub fn shell_script(&self, index: usize) -> &ShellScript {
        static EMPTY: OnceLock<ShellScript> = OnceLock::new();
        let empty = || {
            EMPTY.get_or_init(|| ShellScript {
                commands: Vec::new(),
                parsed: false,
                dialect: Dialect::Other,
                shell: Shell::default_posix(),
            })
        };
        let cache = &self.shell_cache;
        let scripts = cache.scripts.get_or_init(|| (0..cache.instructions).map(|_| OnceLock::new()).collect());
        // Stages are in file order: the last one whose FROM comes before the instruction holds it.
        let stage = self.stages.partition_point(|s| s.start() <= index).checked_sub(1).and_then(|i| self.stages.get(i));
        let (Some(cell), Some(stage)) = (scripts.get(index), stage) else { return empty() };
        if stage.from == Some(index) {
            return empty();
        }
        cell.get_or_init(|| {
            let shell = cache.shells.get_or_init(|| ShellTable::new(self)).shell(self, stage, index);
            let inst = self.instruction(index);
            let run = inst.trigger.as_deref().unwrap_or(inst);
            Box::new(script_of(&self.tree.text, run, &inst.heredocs, shell))
        })
    }
}

#[cfg(test)]
mod tests;
