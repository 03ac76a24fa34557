//! What the base-image rules (PIN, MS002, USR001) share: each stage's registry base with the places in
//! the file to point at. A reference written out in full is underlined part by part (the tag in
//! `FROM python:latest`); one built from ARGs (`FROM ${BASE}`) is underlined as written, with a note
//! saying what it expands to, since its parts are not in the file.

use crate::model::dispatch::Step;
use crate::model::knowledge::{is_dev_environment_base, is_runtime_compiler_package};
use crate::model::stage_graph::mentions;
use crate::model::stage_graph::{Base, BaseImage};
use crate::model::{Model, Stage};
use crate::rules::Finding;
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

/// A stage whose FROM names a registry image that parses.
pub struct FromImage<'m> {
    pub stage: &'m Stage,
    pub image: &'m BaseImage,
}

impl FromImage<'_> {
    /// The span in the file of a byte range of the reference, or the whole base word when the
    /// reference came from expanding ARGs.
    pub fn span_of(&self, range: std::ops::Range<usize>) -> Span {
        if self.image.expanded {
            return self.stage.base_span;
        }
        let start = self.stage.base_span.start + range.start;
        Span::new(start, (self.stage.base_span.start + range.end).min(self.stage.base_span.end))
    }

    /// The tag's span (the whole reference when there is no tag).
    pub fn tag_span(&self) -> Span {
        match self.image.parsed.as_ref().ok().and_then(|r| r.tag.as_ref()) {
            Some(tag) => self.span_of(tag.span.clone()),
            None => self.span_of(0..self.image.reference.len()),
        }
    }

    /// The repository's span (registry and path as written).
    pub fn name_span(&self) -> Span {
        let end = self.image.parsed.as_ref().map_or(self.image.reference.len(), |r| r.path.span.end);
        self.span_of(0..end)
    }

    /// "`${BASE}` expands to `golang:latest`", for references built from ARGs.
    pub fn expansion_note(&self) -> Option<String> {
        self.image.expanded.then(|| format!("`{}` expands to `{}`", self.stage.base, self.image.reference))
    }

    /// A finding about this image, with the expansion note when the reference came from ARGs.
    pub fn finding(&self, span: Span, message: impl Into<String>) -> Finding {
        let finding = Finding::new(span, message);
        match self.expansion_note() {
            Some(note) => finding.note(note),
            None => finding,
        }
    }
}

/// Every stage built on a registry image whose reference parses, in file order.
pub fn from_images<'m>(model: &'m Model) -> Vec<FromImage<'m>> {
    let graph = model.graph();
    model
        .stages
        .iter()
        .filter_map(|stage| match graph.nodes.get(stage.index).map(|n| &n.base) {
            Some(Base::Image(image)) if image.parsed.is_ok() => Some(FromImage { stage, image }),
            _ => None,
        })
        .collect()
}

/// The registry image the final stage's filesystem starts from, following earlier stages back to it.
pub fn final_root_image<'m>(model: &'m Model) -> Option<FromImage<'m>> {
    let graph = model.graph();
    let mut stage = model.final_stage()?;
    for _ in 0..model.stages.len() {
        match &graph.nodes.get(stage.index)?.base {
            Base::Stage(parent) => stage = model.stages.get(*parent)?,
            Base::Image(image) if image.parsed.is_ok() => return Some(FromImage { stage, image }),
            _ => return None,
        }
    }
    None
}

/// Whether a command matches a spec: a program name, then the arguments it must start with
/// (`dotnet test`, `vault server`); a trailing `$` means nothing may follow (`yarn $`: a bare `yarn`
/// entrypoint that takes its subcommand at run time).
fn matches_spec(words: &[&str], spec: &str) -> bool {
    let mut want: Vec<&str> = spec.split(' ').collect();
    let alone = want.last() == Some(&"$");
    if alone {
        want.pop();
    }
    let Some((program, args)) = want.split_first() else { return false };
    let Some(first) = words.first() else { return false };
    let name = first.rsplit('/').next().unwrap_or(first);
    let prefix = name == *program && args.iter().enumerate().all(|(i, w)| words.get(i + 1) == Some(w));
    prefix && (!alone || words.len() == args.len() + 1)
}

/// Whether the image's ENTRYPOINT or CMD runs one of `tools` (see [`matches_spec`]). An exec-form
/// ENTRYPOINT is read with the CMD appended, as Docker runs them (`ENTRYPOINT ["yarn"]` + `CMD ["test"]`
/// is `yarn test`). An image that runs a build tool is the tool itself (a build or CI image), so what it
/// contains is its purpose.
pub fn runs_tool(model: &Model, tools: &[&str]) -> bool {
    let commands = model.final_commands();
    let cmd_args: Vec<&str> = commands
        .iter()
        .map(|&i| model.instruction(i))
        .filter(|i| i.kind == Keyword::Cmd && i.json)
        .flat_map(|i| i.args.iter().map(|a| a.value.as_str()))
        .collect();
    commands.iter().any(|&index| {
        let exec_entrypoint = model.instruction(index).kind == Keyword::Entrypoint && model.instruction(index).json;
        model.shell_script(index).commands.iter().any(|command| {
            let mut words = command.effective_words();
            if exec_entrypoint {
                words.extend(cmd_args.iter().copied());
            }
            tools.iter().any(|tool| matches_spec(&words, tool))
        })
    })
}

/// Whether the image starts a build script (`/bin/run_build`, `bash ci/test.sh`, `./compile`): a build
/// or CI image, run to build something else.
pub fn runs_build_script(model: &Model) -> bool {
    model.final_commands().iter().any(|&index| {
        model.shell_script(index).commands.iter().any(|command| {
            let words = command.effective_words();
            let script = match words.first() {
                Some(p) if matches!(p.rsplit('/').next(), Some("bash" | "sh")) => {
                    words.iter().skip(1).find(|a| !a.starts_with('-'))
                }
                first => first,
            };
            // Whole words of the file name: `run_build`, `ci-test.sh`; not `pylint` or `buildkite-agent`.
            let name = script.map(|s| s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase()).unwrap_or_default();
            name.split(['-', '_', '.']).any(|w| matches!(w, "build" | "compile" | "lint" | "test" | "tests" | "ci"))
        })
    })
}

/// The USER the image runs as: the last USER instruction of the final stage and the stages it builds
/// on, with the scope it is expanded in.
pub fn final_user<'m>(model: &'m Model) -> Option<&'m Step> {
    model
        .dispatch()
        .steps
        .iter()
        .filter(|s| s.trigger.is_none() && model.in_final_image(s.stage))
        .filter(|s| model.instruction(s.index).kind == Keyword::User && !model.instruction(s.index).has_error)
        .max_by_key(|s| s.index)
}

/// The span of `needle` inside `span`'s text when it is written there, else `span`.
pub fn narrow(model: &Model, span: Span, needle: &str) -> Span {
    match model.tree.slice(span).find(needle) {
        Some(at) => Span::new(span.start + at, span.start + at + needle.len()),
        None => span,
    }
}

/// Final stages that are development environments by name.
pub const DEV_STAGE_NAMES: &[&str] = &["dev", "devel", "development", "devcontainer", "dev-env", "dev-envs"];

/// A development image, where compilers and SDKs are the point: a dev container base, a `devel`
/// variant (`nvidia/cuda:…-devel`), a final stage named as one, or an image that compiles at run time
/// (it installs the CUDA compiler, or configures a toolchain for its users: `CC`, `CXX`, `GOPATH`,
/// `GOROOT`, `CARGO_HOME`, `RUSTUP_HOME`).
pub fn is_dev_image(model: &Model) -> bool {
    let root = final_root_image(model);
    let dev_base = root.as_ref().is_some_and(|from| {
        from.image.repository().is_some_and(is_dev_environment_base)
            || from.image.tag().is_some_and(|t| t.split(['-', '.', '_']).any(|w| w == "devel"))
    });
    let dev_name = model.final_stage().and_then(|s| s.name.as_deref()).is_some_and(|n| DEV_STAGE_NAMES.contains(&n));
    // A compiler or toolchain configured for the image's users: `CC`, `CXX`, `GOPATH`, `CARGO_HOME`…
    let toolchain_env = !model
        .final_env(|name| matches!(name, "CC" | "CXX" | "GOPATH" | "GOROOT" | "CARGO_HOME" | "RUSTUP_HOME"))
        .is_empty();
    let runtime_compiler = model.final_chain().iter().any(|stage| {
        model
            .commands(stage)
            .filter(|(_, i)| i.kind == Keyword::Run)
            .any(|(_, i)| mentions(i, is_runtime_compiler_package))
    });
    dev_base || dev_name || toolchain_env || runtime_compiler
}
