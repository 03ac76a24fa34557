//! `layerlint parse FILE`: the syntax tree as JSON (the contract's schema) or as readable text.

use std::io::Write;

use serde::Serialize;

use super::{DataFormat, ParseArgs, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::input::read_text;
use crate::problem::Problem;
use crate::syntax::dockerfile::{self, Dockerfile, Instruction};

#[derive(Serialize)]
struct TreeJson<'a> {
    file: String,
    escape: String,
    directives: Vec<DirectiveJson<'a>>,
    instructions: Vec<InstructionJson<'a>>,
    errors: Vec<MessageJson<'a>>,
    warnings: Vec<MessageJson<'a>>,
}

#[derive(Serialize)]
struct DirectiveJson<'a> {
    name: &'a str,
    value: &'a str,
    line: usize,
}

#[derive(Serialize)]
struct InstructionJson<'a> {
    keyword: &'a str,
    start_line: usize,
    end_line: usize,
    flags: Vec<&'a str>,
    json: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    args: Option<Vec<&'a str>>,
    /// Shell form only: the arguments after the flags, continuations joined and comment lines dropped;
    /// for RUN, CMD and ENTRYPOINT, the text BuildKit passes to the shell.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<&'a str>,
    heredocs: Vec<HeredocJson<'a>>,
    onbuild: Option<Box<InstructionJson<'a>>>,
}

#[derive(Serialize)]
struct HeredocJson<'a> {
    name: &'a str,
    content: &'a str,
    expand: bool,
    chomp: bool,
}

#[derive(Serialize)]
struct MessageJson<'a> {
    message: &'a str,
    line: usize,
}

fn instruction_json(inst: &Instruction) -> InstructionJson<'_> {
    InstructionJson {
        keyword: &inst.keyword,
        start_line: inst.start_line,
        end_line: inst.end_line,
        flags: inst.flags.iter().map(|f| f.raw.as_str()).collect(),
        json: inst.json,
        args: inst.json.then(|| inst.args.iter().map(|a| a.value.as_str()).collect()),
        text: (!inst.json).then(|| shell_form_text(inst)),
        heredocs: inst
            .heredocs
            .iter()
            .map(|h| HeredocJson { name: &h.name, content: &h.content, expand: h.expand, chomp: h.chomp })
            .collect(),
        onbuild: inst.trigger.as_deref().map(|t| Box::new(instruction_json(t))),
    }
}

/// The arguments of a shell-form instruction as the logical line has them, after keyword and flags.
fn shell_form_text(inst: &Instruction) -> &str {
    let rest = dockerfile::words::split_command(&inst.original).rest;
    inst.original.get(rest).unwrap_or_default()
}

fn tree_json<'a>(file: &str, tree: &'a Dockerfile) -> TreeJson<'a> {
    TreeJson {
        file: file.to_string(),
        escape: tree.escape.to_string(),
        directives: tree
            .directives
            .iter()
            .map(|d| DirectiveJson { name: &d.name, value: &d.value, line: d.line })
            .collect(),
        instructions: tree.instructions.iter().map(instruction_json).collect(),
        errors: tree.errors.iter().map(|e| MessageJson { message: &e.message, line: e.start_line }).collect(),
        warnings: tree.warnings.iter().map(|w| MessageJson { message: &w.message, line: w.line }).collect(),
    }
}

/// Readable text: one line per instruction, then the errors and warnings.
fn tree_text(file: &str, tree: &Dockerfile) -> String {
    let mut out = format!("{file} (escape {})\n", tree.escape);
    for d in &tree.directives {
        out += &format!("{:>5}  # {}={}\n", d.line, d.name, d.value);
    }
    for inst in &tree.instructions {
        let lines = if inst.start_line == inst.end_line {
            inst.start_line.to_string()
        } else {
            format!("{}-{}", inst.start_line, inst.end_line)
        };
        out += &format!("{lines:>5}  {}", inst.keyword);
        for flag in &inst.flags {
            out += &format!(" {}", flag.raw);
        }
        if inst.json {
            out += &format!(" (exec form) {:?}", inst.args.iter().map(|a| &a.value).collect::<Vec<_>>());
        } else if !shell_form_text(inst).is_empty() {
            out += &format!(" {}", shell_form_text(inst));
        }
        for doc in &inst.heredocs {
            out += &format!(" <<{} ({} bytes)", doc.name, doc.content.len());
        }
        out.push('\n');
    }
    for e in &tree.errors {
        out += &format!("error: line {}: {}\n", e.start_line, e.message);
    }
    for w in &tree.warnings {
        out += &format!("warning: line {}: {}\n", w.line, w.message);
    }
    out
}

pub fn run(args: &ParseArgs) -> u8 {
    let text = match read_text(&args.file) {
        Ok(text) => text,
        Err(e) => {
            e.problem().print();
            return EXIT_ERROR;
        }
    };
    let tree = dockerfile::parse(&text);
    let file = args.file.display().to_string();
    let rendered = match args.format {
        DataFormat::Json => match serde_json::to_string_pretty(&tree_json(&file, &tree)) {
            Ok(json) => json + "\n",
            Err(e) => {
                Problem::new(format!("{file}: cannot encode the syntax tree: {e}"), "report this as a bug").print();
                return EXIT_ERROR;
            }
        },
        DataFormat::Text => tree_text(&file, &tree),
    };
    if std::io::stdout().write_all(rendered.as_bytes()).is_err() {
        return EXIT_ERROR;
    }
    if tree.errors.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}
