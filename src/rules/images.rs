//! What the base-image rules (PIN, MS002, USR001) share: each stage's registry base with the places in
//! the file to point at. A reference written out in full is underlined part by part (the tag in
//! `FROM python:latest`); one built from ARGs (`FROM ${BASE}`) is underlined as written, with a note
//! saying what it expands to, since its parts are not in the file.

use crate::model::dispatch::Step;
use crate::model::stage_graph::{Base, BaseImage};
use crate::model::{Model, Stage};
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

/// The final stage and the stages it builds on, final first: the filesystem the image ships.
pub fn final_chain<'m>(model: &'m Model) -> Vec<&'m Stage> {
    let graph = model.graph();
    let mut chain: Vec<&Stage> = model.final_stage().into_iter().collect();
    while let Some(Base::Stage(parent)) = chain.last().and_then(|s| graph.nodes.get(s.index)).map(|n| &n.base) {
        match model.stages.get(*parent) {
            Some(stage) if !chain.iter().any(|s| s.index == stage.index) => chain.push(stage),
            _ => break,
        }
    }
    chain
}

/// The last ENTRYPOINT and the last CMD of the final image (the final stage, else the stages it builds
/// on), by instruction index.
pub fn final_commands(model: &Model) -> Vec<usize> {
    let mut found = Vec::new();
    for kind in [Keyword::Entrypoint, Keyword::Cmd] {
        let last = final_chain(model).iter().find_map(|stage| {
            model.commands(stage).filter(|(_, i)| i.kind == kind && !i.has_error).map(|(i, _)| i).last()
        });
        found.extend(last);
    }
    found
}

/// Whether the image's ENTRYPOINT or CMD runs one of `tools`: a program name, optionally with its first
/// argument (`dotnet test`). Such an image is the tool itself (a build or CI image), so what a tool
/// image contains is its purpose, not waste.
pub fn runs_tool(model: &Model, tools: &[&str]) -> bool {
    final_commands(model).into_iter().any(|index| {
        model.shell_script(index).commands.iter().any(|command| {
            let Some(name) = command.name() else { return false };
            let first = command.args.first().map(|a| a.as_str());
            tools.iter().any(|tool| match tool.split_once(' ') {
                Some((program, arg)) => program == name && first == Some(arg),
                None => *tool == name,
            })
        })
    })
}

/// Whether the final image is an application: it copies files from the build context or another
/// stage, or sets what to run. An image that does neither (a CI runner, a base image for others) is an
/// environment, whose tools and packages are its purpose.
pub fn is_application_image(model: &Model) -> bool {
    let chain = final_chain(model);
    let copies =
        chain.iter().any(|stage| model.commands(stage).any(|(_, i)| matches!(i.kind, Keyword::Copy | Keyword::Add)));
    copies || !final_commands(model).is_empty()
}

/// The USER the image runs as: the last USER instruction of the final stage and the stages it builds
/// on, with the scope it is expanded in.
pub fn final_user<'m>(model: &'m Model) -> Option<&'m Step> {
    let chain = final_chain(model);
    model
        .dispatch()
        .steps
        .iter()
        .filter(|s| s.trigger.is_none() && chain.iter().any(|c| c.index == s.stage))
        .filter(|s| model.instruction(s.index).kind == Keyword::User && !model.instruction(s.index).has_error)
        .max_by_key(|s| s.index)
}

/// An `ENV` setting of the image that ships (final stage and the stages it builds on): name and value
/// after expansion, and the value's span.
pub struct EnvSetting {
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// Every ENV setting of the final image, in order.
pub fn final_env(model: &Model) -> Vec<EnvSetting> {
    let chain = final_chain(model);
    let mut out = Vec::new();
    for step in
        model.dispatch().steps.iter().filter(|s| s.trigger.is_none() && chain.iter().any(|c| c.index == s.stage))
    {
        let inst = model.instruction(step.index);
        if inst.kind != Keyword::Env || inst.has_error {
            continue;
        }
        for kv in inst.args.chunks(3) {
            let [key, value, _] = kv else { continue };
            let expand = |w: &str| model.lexer.process_word(w, &|k| step.scope.get(k)).ok().map(|e| e.result);
            if let (Some(name), Some(expanded)) = (expand(&key.value), expand(&value.value)) {
                out.push(EnvSetting { name, value: expanded, span: value.span });
            }
        }
    }
    out
}

/// The span of `needle` inside `span`'s text when it is written there, else `span`.
pub fn narrow(model: &Model, span: Span, needle: &str) -> Span {
    match model.tree.slice(span).find(needle) {
        Some(at) => Span::new(span.start + at, span.start + at + needle.len()),
        None => span,
    }
}
