//! Which shell runs a RUN, decided before any parsing: the stage's SHELL (or one inherited from the
//! stage it builds on), else BuildKit's default for the platform: `/bin/sh -c` on Linux, `cmd /S /C` on
//! Windows. Parsing PowerShell or cmd text as POSIX shell "succeeds" for most of it and gives nonsense,
//! so those are recognised and left alone.

use std::collections::BTreeMap;

use crate::model::{Model, Stage};
use crate::syntax::dockerfile::Keyword;

/// The language a script is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// sh, bash, ash, dash, zsh, ksh: analysed.
    Posix,
    /// powershell, pwsh: not analysed.
    PowerShell,
    /// cmd.exe: not analysed.
    Cmd,
    /// Exec form: the argv runs without a shell.
    Exec,
    /// Another interpreter (an unknown SHELL program, a heredoc script with a `#!/usr/bin/python3`
    /// line): not analysed.
    Other,
}

/// The shell in effect for an instruction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shell {
    /// The SHELL argv, or the default (`/bin/sh -c`, `cmd /S /C`).
    pub argv: Vec<String>,
    pub dialect: Dialect,
    /// The index of the SHELL instruction that set it (`None` for the default).
    pub set_by: Option<usize>,
}

impl Shell {
    pub fn default_posix() -> Shell {
        Shell { argv: vec!["/bin/sh".into(), "-c".into()], dialect: Dialect::Posix, set_by: None }
    }

    fn default_windows() -> Shell {
        Shell { argv: vec!["cmd".into(), "/S".into(), "/C".into()], dialect: Dialect::Cmd, set_by: None }
    }

    /// Whether the shell runs with `-o pipefail` (bash `-o pipefail`, `-eo pipefail`, …).
    pub fn has_pipefail(&self) -> bool {
        self.argv.windows(2).any(|w| w[0].starts_with('-') && w[0].ends_with('o') && w[1] == "pipefail")
    }
}

/// The shell for instruction `before` of `stage`: the last SHELL before it in the stage, else the one
/// the stage's parent ended with, else the platform default.
pub fn shell_in_effect(model: &Model, stage: &Stage, before: usize) -> Shell {
    let mut current = stage;
    let mut limit = before.min(stage.commands.end);
    loop {
        let start = current.commands.start.min(limit);
        if let Some(index) = (start..limit).rev().find(|&i| is_shell_instruction(model, i)) {
            return shell_set_by(model, index);
        }
        match parent_of(model, current) {
            Some(parent) => {
                current = parent;
                limit = parent.commands.end;
            }
            None => break,
        }
    }
    default_shell(is_windows_stage(model, stage))
}

/// The shells of a whole file, computed in one pass (for the per-file cache).
pub struct ShellTable {
    /// For each instruction, the SHELL instruction in effect before it.
    set_by: Vec<Option<usize>>,
    /// For each stage, whether it builds on a Windows image.
    windows: Vec<bool>,
}

impl ShellTable {
    pub fn new(model: &Model) -> ShellTable {
        let mut set_by = vec![None; model.tree.instructions.len()];
        let mut stage_end: Vec<Option<usize>> = Vec::with_capacity(model.stages.len());
        let env = model.global_args_or_empty();
        let mut windows = Vec::with_capacity(model.stages.len());
        for stage in &model.stages {
            let mut current =
                stage.parent.filter(|&p| p < stage.index).and_then(|p| stage_end.get(p).copied().flatten());
            for index in stage.commands.clone() {
                set_by[index] = current;
                if is_shell_instruction(model, index) {
                    current = Some(index);
                }
            }
            stage_end.push(current);
            windows.push(windows_with(model, stage, env));
        }
        ShellTable { set_by, windows }
    }

    /// The shell for instruction `index` of `stage`.
    pub fn shell(&self, model: &Model, stage: &Stage, index: usize) -> Shell {
        match self.set_by.get(index).copied().flatten() {
            Some(shell) => shell_set_by(model, shell),
            None => default_shell(self.windows.get(stage.index).copied().unwrap_or(false)),
        }
    }
}

fn is_shell_instruction(model: &Model, index: usize) -> bool {
    let inst = model.instruction(index);
    inst.kind == Keyword::Shell && inst.json && !inst.args.is_empty()
}

fn shell_set_by(model: &Model, index: usize) -> Shell {
    let argv: Vec<String> = model.instruction(index).args.iter().map(|a| a.value.clone()).collect();
    let dialect = program_dialect(&argv);
    Shell { argv, dialect, set_by: Some(index) }
}

fn default_shell(windows: bool) -> Shell {
    if windows {
        Shell::default_windows()
    } else {
        Shell::default_posix()
    }
}

/// The earlier stage `stage` builds on.
fn parent_of<'m>(model: &'m Model, stage: &Stage) -> Option<&'m Stage> {
    stage.parent.and_then(|p| model.stages.get(p)).filter(|p| p.index < stage.index)
}

/// Whether the stage (through the stages it builds on) starts from a Windows image: a Windows base name
/// (`…/windows/servercore`, `nanoserver`, `…-windowsservercore-ltsc2022`, `dotnet/framework`) or
/// `--platform=windows/…`; with the `` ` `` escape directive (a Windows habit) also a weaker hint
/// (`windows` or `ltsc` in the name, any `mcr.microsoft.com/` image, or a base that does not expand).
pub fn is_windows_stage(model: &Model, stage: &Stage) -> bool {
    windows_with(model, stage, model.global_args_or_empty())
}

fn windows_with(model: &Model, stage: &Stage, env: &BTreeMap<String, String>) -> bool {
    let mut root = stage;
    while let Some(parent) = parent_of(model, root) {
        root = parent;
    }
    let Some(from) = model.from_instruction(root) else { return false };
    let platform_windows = from.flags.iter().any(|f| {
        f.name() == "platform"
            && f.value().and_then(|v| model.expand_with(v, env).ok()).is_some_and(|v| v.result.starts_with("windows"))
    });
    if platform_windows {
        return true;
    }
    let expanded = model.expand_with(&root.base, env).ok().map(|e| e.result.to_ascii_lowercase());
    let base = expanded.clone().unwrap_or_else(|| root.base.to_ascii_lowercase());
    const STRONG: [&str; 5] =
        ["mcr.microsoft.com/windows", "nanoserver", "servercore", "/dotnet/framework/", "microsoft/windows"];
    if STRONG.iter().any(|s| base.contains(s)) {
        return true;
    }
    let unresolved = expanded.as_ref().is_none_or(|b| b.is_empty() || b.contains('$'));
    model.tree.escape == '`'
        && (unresolved || base.contains("windows") || base.contains("ltsc") || base.starts_with("mcr.microsoft.com/"))
}

/// The dialect of an argv's program (`/bin/bash -c` → POSIX, `powershell -Command` → PowerShell),
/// looking through `env`.
pub fn program_dialect(argv: &[String]) -> Dialect {
    let mut words = argv.iter().map(|s| program_name(s));
    let mut name = words.next().unwrap_or_default();
    if name == "env" {
        name = words.find(|w| !w.starts_with('-') && !w.contains('=')).unwrap_or_default();
    }
    name_dialect(&name)
}

fn name_dialect(name: &str) -> Dialect {
    match name {
        _ if is_posix_shell(name) => Dialect::Posix,
        "powershell" | "pwsh" => Dialect::PowerShell,
        "cmd" => Dialect::Cmd,
        _ => Dialect::Other,
    }
}

/// The POSIX-family shells whose scripts are analysed.
pub fn is_posix_shell(name: &str) -> bool {
    matches!(name, "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "yash" | "posh")
}

/// A program path's base name, lowercased, without `.exe` (`C:\…\powershell.exe` → `powershell`).
pub fn program_name(path: &str) -> String {
    let base = path.rsplit(['/', '\\']).next().unwrap_or(path).to_ascii_lowercase();
    base.strip_suffix(".exe").map(str::to_string).unwrap_or(base)
}

/// The dialect a heredoc script's `#!` line names, if it has one (`#!/usr/bin/env bash` → POSIX).
pub fn shebang(body: &str) -> Option<Dialect> {
    let line = body.strip_prefix("#!")?.lines().next().unwrap_or("");
    let argv: Vec<String> = line.split_whitespace().map(str::to_string).collect();
    Some(program_dialect(&argv))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;
    use std::collections::BTreeMap;

    fn shell_at(text: &str, stage: usize, index: usize) -> Shell {
        let tree = parse(text);
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args);
        shell_in_effect(&model, &model.stages[stage], index)
    }

    #[test]
    fn shell_instruction_and_inheritance() {
        let text = "FROM alpine AS a\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nRUN x\nFROM a\nRUN y\n\
                    FROM alpine\nRUN z\n";
        let shell = shell_at(text, 0, 2);
        assert_eq!((shell.dialect, shell.set_by, shell.has_pipefail()), (Dialect::Posix, Some(1), true));
        assert_eq!(shell_at(text, 0, 1).set_by, None);
        assert_eq!(shell_at(text, 1, 4).set_by, Some(1));
        assert_eq!(shell_at(text, 2, 6), Shell::default_posix());
    }

    #[test]
    fn powershell_and_cmd_shells() {
        let text = "FROM alpine\nSHELL [\"powershell\", \"-Command\"]\nRUN x\n\
                    SHELL [\"C:\\\\Windows\\\\System32\\\\cmd.exe\", \"/S\", \"/C\"]\nRUN y\n";
        assert_eq!(shell_at(text, 0, 2).dialect, Dialect::PowerShell);
        assert_eq!(shell_at(text, 0, 4).dialect, Dialect::Cmd);
    }

    #[test]
    fn windows_bases_default_to_cmd() {
        for base in [
            "mcr.microsoft.com/windows/servercore:ltsc2022",
            "mcr.microsoft.com/windows/nanoserver:1809",
            "mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022",
            "mcr.microsoft.com/dotnet/framework/sdk:4.8",
            "--platform=windows/amd64 foo",
        ] {
            assert_eq!(shell_at(&format!("FROM {base}\nRUN x\n"), 0, 1).dialect, Dialect::Cmd, "{base}");
        }
        let expanded = "ARG REPO=mcr.microsoft.com/dotnet/runtime\nFROM $REPO:8.0-nanoserver-ltsc2022\nRUN x\n";
        assert_eq!(shell_at(expanded, 0, 2).dialect, Dialect::Cmd);
        for base in ["mcr.microsoft.com/dotnet/sdk:8.0", "alpine", "mcr.microsoft.com/azurelinux/base/core:3.0"] {
            assert_eq!(shell_at(&format!("FROM {base}\nRUN x\n"), 0, 1).dialect, Dialect::Posix, "{base}");
        }
        // The backtick escape makes weaker hints count.
        assert_eq!(shell_at("# escape=`\nFROM mcr.microsoft.com/powershell:lts\nRUN x\n", 0, 1).dialect, Dialect::Cmd);
        assert_eq!(shell_at("# escape=`\nFROM $UNSET\nRUN x\n", 0, 1).dialect, Dialect::Cmd);
        assert_eq!(shell_at("# escape=`\nFROM alpine\nRUN x\n", 0, 1).dialect, Dialect::Posix);
        // A stage built on a Windows stage is Windows too.
        let child = "FROM mcr.microsoft.com/windows/servercore:ltsc2022 AS w\nFROM w\nRUN x\n";
        assert_eq!(shell_at(child, 1, 2).dialect, Dialect::Cmd);
    }

    #[test]
    fn shebangs() {
        assert_eq!(shebang("#!/usr/bin/env bash\nx"), Some(Dialect::Posix));
        assert_eq!(shebang("#!/bin/sh -e\n"), Some(Dialect::Posix));
        assert_eq!(shebang("#!/usr/bin/python3\n"), Some(Dialect::Other));
        assert_eq!(shebang("echo hi\n"), None);
    }
}
