//! The image that ships: the final stage (`--target`, else the last) and the stages it builds on, with
//! what several rules ask of it: the command it starts, the environment in effect, and what the image
//! is for. Computed once per file ([`Model::final_image`]).

use std::cell::OnceCell;

use super::shell::{ShellCommand, Word};
use super::stage_graph::Base;
use super::{Model, Stage};
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

/// The final image's facts, each computed on first use.
#[derive(Debug, Default)]
pub struct FinalImage {
    chain: OnceCell<Vec<usize>>,
    commands: OnceCell<Vec<usize>>,
    purpose: OnceCell<ImagePurpose>,
}

/// An `ENV` setting in effect in the image: name and value after expansion, and the value's span.
#[derive(Debug, Clone)]
pub struct EnvSetting {
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// What the image that ships is for, as far as the Dockerfile tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImagePurpose {
    /// Runs something of its own: a CMD or ENTRYPOINT that is not a bare interpreter, or an EXPOSE.
    Application,
    /// A base for other images: its CMD is a bare interpreter or shell (`CMD ["python3"]`).
    Base,
    /// Sets nothing to run and exposes nothing: a CI or build environment, a base for others.
    Environment,
    /// Built `FROM scratch` with nothing to run: files to copy from or export.
    Data,
}

/// Interpreters and shells: an image whose CMD is one of them alone (`CMD ["python3"]`) is a base
/// image for others to build on, not an application.
#[rustfmt::skip]
const BARE_INTERPRETERS: &[&str] = &[
    "python", "python2", "python3", "node", "irb", "ruby", "bash", "sh", "ash", "zsh", "pwsh", "powershell", "jshell",
    "php", "ghci", "iex", "erl", "R", "julia", "lua", "perl", "scala", "groovysh", "deno", "bun",
];

/// An interpreter or shell, by path or name (`/bin/bash`, `python3`).
fn is_bare_interpreter(program: &str) -> bool {
    BARE_INTERPRETERS.contains(&program.rsplit('/').next().unwrap_or(program))
}

impl<'a> Model<'a> {
    /// The final image's facts.
    pub fn final_image(&self) -> &FinalImage {
        self.final_image.get_or_init(FinalImage::default)
    }

    /// The final stage and the stages it builds on, final first: the filesystem the image ships.
    pub fn final_chain(&self) -> Vec<&Stage> {
        let chain = self
            .final_image()
            .chain
            .get_or_init(|| self.final_stage().map(|s| self.chain_of(s.index)).unwrap_or_default());
        chain.iter().filter_map(|&i| self.stages.get(i)).collect()
    }

    /// A stage and the stages it builds on (`FROM <stage>`), by index, the stage first.
    pub fn chain_of(&self, stage: usize) -> Vec<usize> {
        let graph = self.graph();
        let mut chain = vec![stage];
        while let Some(Base::Stage(parent)) = chain.last().and_then(|&s| graph.nodes.get(s)).map(|n| &n.base) {
            if chain.contains(parent) {
                break;
            }
            chain.push(*parent);
        }
        chain
    }

    /// Whether a stage is part of the image that ships.
    pub fn in_final_image(&self, stage: usize) -> bool {
        self.final_chain().iter().any(|s| s.index == stage)
    }

    /// The last ENTRYPOINT and the last CMD of the final image (the final stage, else the stages it
    /// builds on), by instruction index.
    pub fn final_commands(&self) -> &[usize] {
        self.final_image().commands.get_or_init(|| {
            let chain = self.final_chain();
            let mut found = Vec::new();
            for kind in [Keyword::Entrypoint, Keyword::Cmd] {
                let last = chain.iter().find_map(|stage| {
                    self.commands(stage).filter(|(_, i)| i.kind == kind && !i.has_error).map(|(i, _)| i).last()
                });
                found.extend(last);
            }
            found
        })
    }

    /// The ENV settings in effect in the final image for the names `wanted` accepts: the last value set
    /// for each name. Only those values are expanded.
    pub fn final_env(&self, wanted: impl Fn(&str) -> bool) -> Vec<EnvSetting> {
        let mut out: Vec<EnvSetting> = Vec::new();
        for step in self.dispatch().steps.iter().filter(|s| s.trigger.is_none() && self.in_final_image(s.stage)) {
            let inst = self.instruction(step.index);
            if inst.kind != Keyword::Env || inst.has_error {
                continue;
            }
            let expand = |w: &str| self.lexer.process_word(w, &|k| step.scope.get(k)).ok().map(|e| e.result);
            for kv in inst.args.chunks(3) {
                let [key, value, _] = kv else { continue };
                let Some(name) = expand(&key.value).filter(|n| wanted(n)) else { continue };
                if let Some(expanded) = expand(&value.value) {
                    out.retain(|e| e.name != name);
                    out.push(EnvSetting { name, value: expanded, span: value.span });
                }
            }
        }
        out
    }

    /// What the final image is for (see [`ImagePurpose`]).
    pub fn image_purpose(&self) -> ImagePurpose {
        *self.final_image().purpose.get_or_init(|| self.compute_purpose())
    }

    fn compute_purpose(&self) -> ImagePurpose {
        let chain = self.final_chain();
        let commands = self.final_commands();
        let root_is_scratch =
            chain.last().and_then(|s| self.graph().nodes.get(s.index)).is_some_and(|n| n.base == Base::Scratch);
        // On scratch, a start command that is not a program (an `.apk`, a `.jar`) never runs either.
        let runs_a_file = commands.iter().all(|&i| {
            self.shell_script(i).commands.first().and_then(ShellCommand::name).is_some_and(|n| {
                [".apk", ".jar", ".zip", ".war", ".tar", ".gz", ".txt", ".json"].iter().any(|e| n.ends_with(e))
            })
        });
        if root_is_scratch && (commands.is_empty() || runs_a_file) {
            return ImagePurpose::Data;
        }
        // SSH alone (`EXPOSE 22`, for MPI workers and the like) serves no application.
        let exposes = chain.iter().any(|s| {
            self.commands(s)
                .filter(|(_, i)| i.kind == Keyword::Expose)
                .any(|(_, i)| i.args.iter().any(|a| a.value.split('/').next() != Some("22")))
        });
        // A start command that only prints a version (`pulumi version`) is a placeholder: the image is
        // run with commands of the user's.
        let version_probe = !commands.is_empty()
            && commands.iter().all(|&i| {
                self.shell_script(i).commands.iter().all(|c| {
                    let words = c.effective_words();
                    words.len() == 2 && matches!(words[1], "version" | "--version" | "-v" | "-V")
                })
            });
        if (commands.is_empty() || version_probe) && !exposes {
            return ImagePurpose::Environment;
        }
        let of_kind = |kind: Keyword| commands.iter().copied().find(|&i| self.instruction(i).kind == kind);
        let entrypoint = of_kind(Keyword::Entrypoint).map(|i| self.shell_script(i));
        let entrypoint_words = entrypoint.and_then(|s| s.commands.first()).map(|c| c.effective_words());
        // An ENTRYPOINT that is a shell (`bash`, `bash -i -c`) waits for what it is given: an environment.
        let shell_entrypoint = entrypoint_words.as_ref().is_some_and(|w| {
            w.first().is_some_and(|p| is_bare_interpreter(p)) && w.iter().skip(1).all(|a| a.starts_with('-'))
        });
        if shell_entrypoint && !exposes {
            return ImagePurpose::Environment;
        }
        // An entrypoint script (`docker-entrypoint.sh`, `bash /entrypoint.sh`) passes the CMD on; any
        // other entrypoint runs itself.
        let entrypoint_passes_cmd = entrypoint_words.as_ref().is_none_or(|w| {
            // `bash -m /entrypoint.sh`: the script is the interpreter's first non-option argument.
            let script = match w.first() {
                Some(p) if is_bare_interpreter(p) => w.iter().skip(1).find(|a| !a.starts_with('-')).copied(),
                first => first.copied(),
            };
            script.is_some_and(|n| n.ends_with(".sh") || n.contains("entrypoint"))
        });
        let bare = of_kind(Keyword::Cmd).is_some_and(|i| {
            let script = self.shell_script(i);
            let [command] = script.commands.as_slice() else { return false };
            let words = command.effective_words();
            let php_shell = words.len() == 2 && words[0] == "php" && words[1] == "-a";
            (words.len() == 1 && is_bare_interpreter(words[0])) || php_shell
        });
        if bare && entrypoint_passes_cmd && !exposes {
            ImagePurpose::Base
        } else {
            ImagePurpose::Application
        }
    }
}

impl ShellCommand {
    /// The program and arguments, looking through wrappers that run the rest of their arguments:
    /// `exec`, `nohup`, `nice`, `env NAME=v`, `tini --`, `dumb-init`, `gosu USER`, `su-exec USER`.
    pub fn effective_words(&self) -> Vec<&str> {
        let mut words: Vec<&str> = std::iter::once(&self.program).chain(&self.args).map(Word::as_str).collect();
        for _ in 0..8 {
            let Some(first) = words.first() else { break };
            let name = first.rsplit('/').next().unwrap_or(first);
            let skip = match name {
                "exec" | "nohup" | "nice" | "time" | "command" | "tini" | "dumb-init" | "catatonit" | "env" => 1,
                "gosu" | "su-exec" | "setuidgid" => 2,
                _ => break,
            };
            words.drain(..skip.min(words.len()));
            // Their own options, `--`, and `env`'s assignments.
            while words.first().is_some_and(|w| w.starts_with('-') || (name == "env" && w.contains('='))) {
                let done = words.first() == Some(&"--");
                words.remove(0);
                if done {
                    break;
                }
            }
        }
        words
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;
    use std::collections::BTreeMap;

    fn purpose(text: &str) -> ImagePurpose {
        let tree = parse(text);
        let args = BTreeMap::new();
        Model::new(&tree, &args).image_purpose()
    }

    #[test]
    fn what_the_image_is_for() {
        assert_eq!(purpose("FROM python:3.12\nCMD [\"python3\"]\n"), ImagePurpose::Base);
        assert_eq!(
            purpose("FROM node:20\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD [\"node\"]\n"),
            ImagePurpose::Base
        );
        assert_eq!(purpose("FROM python:3.12\nCMD [\"python3\", \"app.py\"]\n"), ImagePurpose::Application);
        assert_eq!(purpose("FROM nginx:1.27\nEXPOSE 80\n"), ImagePurpose::Application);
        assert_eq!(purpose("FROM ubuntu:24.04\nRUN apt-get update\n"), ImagePurpose::Environment);
        assert_eq!(purpose("FROM node:20\nCMD [\"pulumi\", \"version\"]\n"), ImagePurpose::Environment);
        assert_eq!(purpose("FROM alpine:3.20 AS b\nFROM scratch\nCOPY --from=b /a /a\n"), ImagePurpose::Data);
        assert_eq!(purpose("FROM ubuntu:24.04\nEXPOSE 22\nCMD [\"/bin/bash\"]\n"), ImagePurpose::Base);
        assert_eq!(purpose("FROM ubuntu:24.04\nENTRYPOINT [\"bash\", \"-i\", \"-c\"]\n"), ImagePurpose::Environment);
        assert_eq!(
            purpose("FROM ubuntu:24.04\nENTRYPOINT [\"bash\", \"/entrypoint.sh\"]\nCMD [\"bash\"]\n"),
            ImagePurpose::Base
        );
    }

    #[test]
    fn the_environment_in_effect_and_wrappers() {
        let tree = parse(
            "FROM alpine:3.20 AS base\nENV A=1 B=2\nFROM base\nENV A=3\nCMD exec tini -- gosu app ./server --port 80\n",
        );
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args);
        let env = model.final_env(|_| true);
        let env: Vec<(&str, &str)> = env.iter().map(|e| (e.name.as_str(), e.value.as_str())).collect();
        assert_eq!(env, [("B", "2"), ("A", "3")]);
        let index = model.final_commands()[0];
        let words = model.shell_script(index).commands[0].effective_words();
        assert_eq!(words, ["./server", "--port", "80"]);
    }
}
