//! The stage graph: for every stage, what it builds on, which stages and images it reads files from,
//! whether the target needs it, and (on demand, [`Model::build_tools`]) what build tooling it installs.
//! Computed once per file ([`Model::graph`]).
//!
//! `COPY --from=X` and `RUN --mount=…,from=X` resolve as BuildKit resolves them: a number is a stage
//! index, a name (compared lowercased) is a stage defined anywhere in the file (referring to the
//! current or a later one is an error the rules report), anything else is an image. BuildKit does not
//! expand variables in `--from`; a value with `$` is kept as [`Source::Variable`].

use std::collections::BTreeSet;

use super::image_tag::{classify, TagClass};
use super::knowledge::{glob_match, is_build_package, short_repository};
use super::packages::{package_commands, Action, Manager};
use super::shell::mounts;
use super::{Model, Stage};
use crate::syntax::dockerfile::{Flag, Keyword};
use crate::syntax::image_ref::{ImageRef, ImageRefError};
use crate::syntax::source::Span;

/// What a stage's FROM names, after expanding global ARGs (defaults and `--build-arg`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    Scratch,
    /// An earlier stage.
    Stage(usize),
    /// An image from a registry.
    Image(Box<BaseImage>),
    /// A variable with no value (no default, no `--build-arg`), or an expansion error: unknown.
    Unresolved,
}

/// A registry image a stage builds on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseImage {
    /// The reference after expansion.
    pub reference: String,
    /// Whether expansion changed the text (`FROM ${BASE}`): spans inside `reference` are then not
    /// positions in the file.
    pub expanded: bool,
    pub parsed: Result<ImageRef, ImageRefError>,
}

impl BaseImage {
    /// The repository as the knowledge tables spell it (`golang`, `gcr.io/distroless/static`).
    pub fn repository(&self) -> Option<&str> {
        self.parsed.as_ref().ok().map(|r| short_repository(r.normalized_name()))
    }

    pub fn tag(&self) -> Option<&str> {
        self.parsed.as_ref().ok()?.tag.as_ref().map(|t| t.text.as_str())
    }

    pub fn has_digest(&self) -> bool {
        self.parsed.as_ref().is_ok_and(|r| r.digest.is_some())
    }

    /// The registry (`docker.io` for Docker Hub).
    pub fn registry(&self) -> Option<&str> {
        let parsed = self.parsed.as_ref().ok()?;
        Some(parsed.normalized_name().split('/').next().unwrap_or("docker.io"))
    }

    /// The tag's shape, when there is a tag.
    pub fn tag_class(&self, extra_floating: &[String]) -> Option<TagClass> {
        self.tag().map(|t| classify(t, self.repository().unwrap_or_default(), extra_floating))
    }
}

/// How a stage reads another stage's (or an image's) files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadKind {
    CopyFrom,
    MountFrom,
}

/// What a `--from` names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stage(usize),
    Image(String),
    /// A stage index with no such stage.
    MissingIndex(usize),
    /// A value with a variable, which BuildKit does not expand.
    Variable(String),
}

/// One `COPY --from` or `RUN --mount from=`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    pub kind: ReadKind,
    pub instruction: usize,
    /// The value as written.
    pub value: String,
    /// The value in the file (the whole flag when the value cannot be located in it).
    pub span: Span,
    pub source: Source,
}

/// A build tool a stage installs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildTool {
    pub instruction: usize,
    /// The package or what was downloaded (`gcc`, `rustup`).
    pub name: String,
    pub span: Span,
    /// Removed again in the same stage (`apt-get purge`, `apk del` of its `--virtual` group).
    pub removed: bool,
}

/// Everything the graph knows of one stage.
#[derive(Debug, Clone)]
pub struct StageNode {
    pub base: Base,
    pub reads: Vec<Read>,
    /// The target (`--target`, else the last stage) needs this stage.
    pub reaches_target: bool,
}

/// The stage graph of a file, indexed like `Model::stages`.
#[derive(Debug, Clone, Default)]
pub struct StageGraph {
    pub nodes: Vec<StageNode>,
    /// Stages a `FROM` or `--from` with a variable may name (`FROM platform-${TARGETARCH}`): with other
    /// build arguments or platforms, they are used.
    pub maybe_used: BTreeSet<usize>,
}

impl StageGraph {
    /// The stages a stage depends on directly: its base stage and the stages it reads from.
    pub fn dependencies(&self, stage: usize) -> BTreeSet<usize> {
        let Some(node) = self.nodes.get(stage) else { return BTreeSet::new() };
        let base = match node.base {
            Base::Stage(i) => Some(i),
            _ => None,
        };
        let reads = node.reads.iter().filter_map(|r| match r.source {
            Source::Stage(i) => Some(i),
            _ => None,
        });
        base.into_iter().chain(reads).filter(|&i| i != stage).collect()
    }

    /// Whether any other stage depends on `stage`, or may with other build arguments.
    pub fn is_used(&self, stage: usize) -> bool {
        self.maybe_used.contains(&stage)
            || (0..self.nodes.len()).any(|other| other != stage && self.dependencies(other).contains(&stage))
    }
}

/// Build the graph of `model`.
pub fn compute(model: &Model) -> StageGraph {
    let globals = model.global_arg_values(true).ok();
    let mut nodes: Vec<StageNode> = model
        .stages
        .iter()
        .map(|stage| StageNode {
            base: base_of(model, stage, globals),
            reads: reads_of(model, stage),
            reaches_target: false,
        })
        .collect();
    // A pattern that is only a variable (`FROM ${BASE}`) is far more often an image than a stage.
    let patterns: Vec<String> = model
        .stages
        .iter()
        .filter(|s| s.base.contains('$'))
        .map(|s| variable_pattern(&s.base))
        .filter(|p| p.chars().any(|c| c != '*'))
        .collect();
    let mut maybe_used: BTreeSet<usize> = model
        .stages
        .iter()
        .filter(|s| s.name.as_deref().is_some_and(|name| patterns.iter().any(|p| glob_match(p, name))))
        .map(|s| s.index)
        .collect();
    // `--from=$SRC`: any earlier stage may be the one (BuildKit refuses it, MS003 says so; other
    // builders expand it).
    for (reader, node) in nodes.iter().enumerate() {
        for read in node.reads.iter().filter(|r| matches!(r.source, Source::Variable(_))) {
            let pattern = variable_pattern(&read.value);
            maybe_used.extend(
                model.stages[..reader.min(model.stages.len())]
                    .iter()
                    .filter(|s| s.name.as_deref().is_some_and(|n| glob_match(&pattern, n)) || pattern == "*")
                    .map(|s| s.index),
            );
        }
    }
    let graph = StageGraph { nodes: nodes.clone(), maybe_used: BTreeSet::new() };
    if let Some(target) = model.final_stage().map(|s| s.index) {
        let mut stack = vec![target];
        while let Some(i) = stack.pop() {
            match nodes.get_mut(i) {
                Some(node) if !node.reaches_target => node.reaches_target = true,
                _ => continue,
            }
            stack.extend(graph.dependencies(i));
        }
    }
    StageGraph { nodes, maybe_used }
}

/// A word with its variables as `*` wildcards, lowercased: `platform-${TARGETARCH}` → `platform-*`.
fn variable_pattern(word: &str) -> String {
    let mut out = String::new();
    let mut chars = word.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '$' {
            out.extend(c.to_lowercase());
            continue;
        }
        if chars.peek() == Some(&'{') {
            let mut depth = 0;
            for c in chars.by_ref() {
                match c {
                    '{' => depth += 1,
                    '}' if depth <= 1 => break,
                    '}' => depth -= 1,
                    _ => {}
                }
            }
        } else {
            while chars.peek().is_some_and(|c| c.is_ascii_alphanumeric() || *c == '_') {
                chars.next();
            }
        }
        out.push('*');
    }
    out
}

fn base_of(model: &Model, stage: &Stage, globals: Option<&std::collections::BTreeMap<String, String>>) -> Base {
    if let Some(parent) = stage.parent.filter(|&p| p < stage.index) {
        return Base::Stage(parent);
    }
    let Some(globals) = globals else { return Base::Unresolved };
    let Ok(expansion) = model.expand_with(&stage.base, globals) else { return Base::Unresolved };
    let unknown = expansion.unmatched.iter().any(|name| !only_with_default(&stage.base, name));
    if unknown || expansion.result.is_empty() {
        return Base::Unresolved;
    }
    let reference = expansion.result;
    if reference == "scratch" {
        return Base::Scratch;
    }
    // A base that expands to a stage name is that stage (BuildKit resolves names after expansion).
    let lower = reference.to_lowercase();
    if let Some(s) = model.stages.iter().find(|s| s.index < stage.index && s.name.as_deref() == Some(lower.as_str())) {
        return Base::Stage(s.index);
    }
    let parsed = ImageRef::parse(&reference);
    Base::Image(Box::new(BaseImage { expanded: reference != stage.base, reference, parsed }))
}

/// Whether every use of variable `name` in `word` gives a default for it (`${NAME:-alpine:3.20}`,
/// `${NAME-…}`), so that its being unset still gives a known value.
fn only_with_default(word: &str, name: &str) -> bool {
    let braced = format!("${{{name}");
    let bare = format!("${name}");
    let bare_uses = word.match_indices(&bare).filter(|(at, _)| {
        let rest = &word[at + 1 + name.len()..];
        !rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    });
    let braced_uses: Vec<&str> = word.match_indices(&braced).map(|(at, _)| &word[at + braced.len()..]).collect();
    bare_uses.count() == 0
        && !braced_uses.is_empty()
        && braced_uses.iter().all(|rest| rest.starts_with(":-") || rest.starts_with('-'))
}

/// The span of a flag's value in the file, when the flag's text ends with it.
pub fn flag_value_span(model: &Model, flag: &Flag, value: &str) -> Span {
    let text = model.tree.slice(flag.span);
    match text.strip_suffix(value) {
        Some(_) if !value.is_empty() => Span::new(flag.span.end - value.len(), flag.span.end),
        _ => flag.span,
    }
}

fn resolve(model: &Model, value: &str) -> Source {
    if value.contains('$') {
        return Source::Variable(value.to_string());
    }
    resolve_name(model, value)
}

/// A `--from` value without variables: a stage index, a stage name, or an image.
fn resolve_name(model: &Model, value: &str) -> Source {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return match value.parse::<usize>() {
            Ok(i) if i < model.stages.len() => Source::Stage(i),
            Ok(i) => Source::MissingIndex(i),
            Err(_) => Source::MissingIndex(usize::MAX),
        };
    }
    let lower = value.to_lowercase();
    match model.stages.iter().find(|s| s.name.as_deref() == Some(lower.as_str())) {
        Some(s) => Source::Stage(s.index),
        None => Source::Image(value.to_string()),
    }
}

fn reads_of(model: &Model, stage: &Stage) -> Vec<Read> {
    let mut reads = Vec::new();
    for (index, inst) in model.commands(stage) {
        if inst.trigger.is_some() || inst.has_error {
            continue;
        }
        match inst.kind {
            Keyword::Copy | Keyword::Add => {
                for flag in inst.flags.iter().filter(|f| f.name() == "from") {
                    let value = flag.value().unwrap_or("").to_string();
                    let span = flag_value_span(model, flag, &value);
                    reads.push(Read {
                        kind: ReadKind::CopyFrom,
                        instruction: index,
                        source: resolve(model, &value),
                        value,
                        span,
                    });
                }
            }
            Keyword::Run => {
                for mount in mounts(inst) {
                    let Some(value) = mount.from.clone() else { continue };
                    let flag = inst.flags.iter().find(|f| f.span == mount.span);
                    let span = match flag {
                        Some(flag) => {
                            let text = model.tree.slice(flag.span);
                            let needle = format!("from={value}");
                            text.find(&needle).map_or(flag.span, |at| {
                                let start = flag.span.start + at + "from=".len();
                                Span::new(start, start + value.len())
                            })
                        }
                        None => mount.span,
                    };
                    // `from=` may end in `$` (BuildKit allows a trailing `$`); any other `$` is a variable.
                    let source = match value.strip_suffix('$') {
                        Some(rest) if !rest.contains('$') => resolve_name(model, &value),
                        _ => resolve(model, &value),
                    };
                    reads.push(Read { kind: ReadKind::MountFrom, instruction: index, source, value, span });
                }
            }
            _ => {}
        }
    }
    reads
}

/// Build tools the stage's RUNs install: compiler and header packages, and toolchain installers
/// (rustup, Go release tarballs). It reads every RUN's script, so it is computed only for the stages
/// a rule asks about ([`Model::build_tools`]).
pub fn build_tools_of(model: &Model, stage: &Stage) -> Vec<BuildTool> {
    let mut tools: Vec<BuildTool> = Vec::new();
    // Removals in the stage: (manager, package or virtual group name).
    let mut removed: Vec<(Manager, String)> = Vec::new();
    let mut groups: Vec<(usize, Option<String>)> = Vec::new();
    for (index, inst) in model.commands(stage) {
        if inst.kind != Keyword::Run || inst.has_error {
            continue;
        }
        // Parsing the script is the expensive part: a RUN that downloads no toolchain and does not name
        // both a package manager and a build package installs no build tool.
        let installs = mentions(inst, is_package_manager) && mentions(inst, is_build_package);
        if !installs && !mentions(inst, is_toolchain_download) {
            continue;
        }
        let script = model.shell_script(index);
        let first_of_run = tools.len();
        for cmd in package_commands(script).into_iter().filter(|c| c.manager.is_distribution()) {
            match cmd.action {
                Action::Install => {
                    for package in cmd.packages.iter().filter(|p| is_build_package(&p.name)) {
                        groups.push((tools.len(), cmd.virtual_name.clone().map(|g| format!("{:?}:{g}", cmd.manager))));
                        tools.push(BuildTool {
                            instruction: index,
                            name: package.name.clone(),
                            span: package.span,
                            removed: false,
                        });
                    }
                }
                Action::Remove => {
                    removed.extend(cmd.packages.iter().map(|p| (cmd.manager, p.name.clone())));
                }
                _ => {}
            }
        }
        for command in &script.commands {
            for word in std::iter::once(&command.program).chain(&command.args) {
                let text = word.as_str();
                let toolchain = match is_toolchain_download(text) {
                    true if text.contains("rust") => Some("rustup"),
                    true => Some("the Go toolchain"),
                    false => None,
                };
                if let Some(name) = toolchain {
                    if !tools.iter().any(|t| t.instruction == index && t.name == name) {
                        groups.push((tools.len(), None));
                        tools.push(BuildTool {
                            instruction: index,
                            name: name.to_string(),
                            span: word.span,
                            removed: false,
                        });
                    }
                }
            }
        }
        if let Some(run_tools) = tools.get_mut(first_of_run..) {
            mark_removed_in_same_run(script, run_tools);
        }
    }
    for (i, group) in groups {
        let Some(tool) = tools.get_mut(i) else { continue };
        let by_name = removed.iter().any(|(_, name)| name == &tool.name);
        let by_group = group.is_some_and(|g| removed.iter().any(|(m, name)| format!("{m:?}:{name}") == g));
        tool.removed |= by_name || by_group;
    }
    tools
}

/// The programs [`package_commands`] reads.
fn is_package_manager(word: &str) -> bool {
    let name = word.rsplit('/').next().unwrap_or(word);
    matches!(name, "apt-get" | "apt" | "aptitude" | "apk" | "yum" | "dnf" | "microdnf" | "tdnf" | "zypper")
}

/// A word that fetches a toolchain installer: rustup's (`sh.rustup.rs`, `rustup-init`) or a Go release
/// tarball.
fn is_toolchain_download(word: &str) -> bool {
    let go_release = ["go.dev/dl/", "golang.org/dl/", "dl.google.com/go/"].iter().any(|u| word.contains(u))
        && word.contains(".tar.gz");
    word.contains("sh.rustup.rs") || word.contains("rustup-init") || go_release
}

/// Whether an instruction's text (its line and heredoc bodies) has a word for which `test` holds: a
/// cheap look before parsing its script. Words are split at blanks, quotes and shell operators; a
/// version pin (`gcc=12.2`, `gcc~=12`) is cut off.
pub fn mentions(inst: &crate::syntax::dockerfile::Instruction, test: impl Fn(&str) -> bool) -> bool {
    let texts = std::iter::once(inst.original.as_str()).chain(inst.heredocs.iter().map(|h| h.content.as_str()));
    texts.into_iter().any(|text| {
        text.split(|c: char| c.is_whitespace() || "'\"`;&|()<>$\\".contains(c))
            .map(|w| w.split(['=', '~']).next().unwrap_or(w))
            .any(|w| !w.is_empty() && test(w))
    })
}

/// Build tools the same RUN removes again after installing them: Debian's idiom (`apt-mark auto '.*'`,
/// or `apt-mark showmanual | xargs apt-mark auto`, then `apt-get purge --auto-remove`, which removes all
/// that was installed but what `apt-mark manual` names), and toolchains downloaded and deleted again
/// (`rm -rf /tmp/rust`).
fn mark_removed_in_same_run(script: &super::shell::ShellScript, tools: &mut [BuildTool]) {
    let mut marked_auto = false;
    let mut kept_manual: Vec<String> = Vec::new();
    for command in &script.commands {
        let words: Vec<&str> = std::iter::once(&command.program).chain(&command.args).map(|w| w.as_str()).collect();
        marked_auto |= words.windows(2).any(|w| w[0].ends_with("apt-mark") && w[1] == "auto");
        if let Some(at) = words.windows(2).position(|w| w[0].ends_with("apt-mark") && w[1] == "manual") {
            kept_manual.extend(words.iter().skip(at + 2).map(|w| w.to_string()));
        }
        let apt = command.name().is_some_and(|n| n == "apt-get" || n == "apt");
        let auto_remove = apt
            && (command.args.iter().any(|a| a.is("autoremove"))
                || (command.args.iter().any(|a| a.is("purge") || a.is("remove"))
                    && command.args.iter().any(|a| a.is("--auto-remove"))));
        let earlier = |tool: &BuildTool| tool.span.start < command.span.start;
        // `apt-get purge $(…)` / `apk del $(…)` of a computed list (a snapshot of what was installed).
        let removes_computed = command.name().is_some_and(|n| matches!(n, "apt-get" | "apt" | "apk" | "yum" | "dnf"))
            && command.args.iter().any(|a| a.is("purge") || a.is("remove") || a.is("del"))
            && command.args.iter().any(|a| a.text.contains("$("));
        if (marked_auto && auto_remove) || removes_computed {
            for tool in tools.iter_mut().filter(|t| earlier(t) && !kept_manual.contains(&t.name)) {
                tool.removed = true;
            }
        }
        if command.name() == Some("rm") {
            for tool in tools.iter_mut().filter(|t| earlier(t)) {
                let hints: &[&str] = match tool.name.as_str() {
                    "rustup" => &["rust", "cargo"],
                    "the Go toolchain" => &["go"],
                    _ => continue,
                };
                // Deleting the downloaded archive (`go1.22.4.linux-amd64.tar.gz`) keeps what it unpacked.
                let removes = command.positional().iter().any(|w| {
                    let path = w.as_str().to_ascii_lowercase();
                    let archive = [".tar.gz", ".tgz", ".zip", ".tar.xz"].iter().any(|e| path.ends_with(e));
                    !archive && path.rsplit('/').any(|part| hints.iter().any(|h| part.contains(h)))
                });
                tool.removed |= removes;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;
    use std::collections::BTreeMap;

    fn graph(text: &str, target: Option<&str>) -> StageGraph {
        let tree = parse(text);
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args).with_target(target);
        compute(&model)
    }

    #[test]
    fn bases_reads_and_reachability() {
        let text = "ARG BASE=golang:1.22\nFROM ${BASE} AS build\nRUN go build\n\
                    FROM scratch AS unused\n\
                    FROM alpine:3.20 AS app\nCOPY --from=build /app /app\nCOPY --from=nginx:1.25 /etc/nginx /etc/nginx\n\
                    RUN --mount=type=bind,from=0,target=/src true\nCOPY --from=$X /a /b\n";
        let g = graph(text, None);
        assert!(matches!(&g.nodes[0].base, Base::Image(b) if b.reference == "golang:1.22" && b.expanded));
        assert_eq!(g.nodes[1].base, Base::Scratch);
        let sources: Vec<&Source> = g.nodes[2].reads.iter().map(|r| &r.source).collect();
        assert_eq!(
            sources,
            [&Source::Stage(0), &Source::Image("nginx:1.25".into()), &Source::Stage(0), &Source::Variable("$X".into())]
        );
        assert_eq!(g.nodes.iter().map(|n| n.reaches_target).collect::<Vec<_>>(), [true, false, true]);
        // `--from=$X` may name any earlier stage.
        assert!(g.is_used(0) && g.is_used(1));
        let g = graph("FROM alpine:3.20 AS a\nFROM alpine:3.20 AS b\nCOPY --from=a /x /x\nFROM alpine:3.20\n", None);
        assert!(g.is_used(0) && !g.is_used(1) && !g.is_used(2));
        let g = graph("ARG TARGETARCH\nFROM alpine:3.20 AS platform-amd64\nFROM alpine:3.20 AS platform-arm64\nFROM platform-${TARGETARCH}\n", None);
        assert!(g.is_used(0) && g.is_used(1));
        let g = graph(text, Some("unused"));
        assert_eq!(g.nodes.iter().map(|n| n.reaches_target).collect::<Vec<_>>(), [false, true, false]);
    }

    #[test]
    fn unresolved_and_stage_bases() {
        let g = graph("ARG BASE\nFROM ${BASE:-alpine:3.20} AS d\n", None);
        assert!(matches!(&g.nodes[0].base, Base::Image(b) if b.reference == "alpine:3.20"));
        let g = graph("ARG BASE\nFROM $BASE AS a\nFROM a\nFROM A\n", None);
        assert_eq!(g.nodes[0].base, Base::Unresolved);
        assert_eq!(g.nodes[1].base, Base::Stage(0));
        assert_eq!(g.nodes[2].base, Base::Stage(0));
    }

    #[test]
    fn build_tools_and_their_removal() {
        let tree = parse(
            "FROM python:3.12-slim\n\
             RUN apt-get update && apt-get install -y gcc libpq-dev curl\n\
             RUN apk add --virtual .deps musl-dev && pip install x && apk del .deps\n\
             RUN curl https://sh.rustup.rs -sSf | sh -s -- -y\n\
             RUN apt-get purge -y gcc\n",
        );
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args);
        let found = build_tools_of(&model, &model.stages[0]);
        let tools: Vec<(&str, bool)> = found.iter().map(|t| (t.name.as_str(), t.removed)).collect();
        assert_eq!(tools, [("gcc", true), ("libpq-dev", false), ("musl-dev", true), ("rustup", false)]);
    }

    #[test]
    fn debians_apt_mark_idiom_and_deleted_toolchains_count_as_removed() {
        let tree = parse(
            "FROM debian:12-slim\n\
             RUN savedAptMark=\"$(apt-mark showmanual)\"; apt-get install -y gcc make libssl-dev; ./build; \
             apt-mark auto '.*' > /dev/null; apt-mark manual $savedAptMark libssl-dev; \
             apt-get purge -y --auto-remove -o APT::AutoRemove::RecommendsImportant=false\n\
             RUN curl -sSf https://sh.rustup.rs -o /tmp/rust/rustup-init && /tmp/rust/rustup-init -y && rm -rf /tmp/rust\n",
        );
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args);
        let found = build_tools_of(&model, &model.stages[0]);
        let tools: Vec<(&str, bool)> = found.iter().map(|t| (t.name.as_str(), t.removed)).collect();
        assert_eq!(tools, [("gcc", true), ("make", true), ("libssl-dev", false), ("rustup", true)]);
    }
}
