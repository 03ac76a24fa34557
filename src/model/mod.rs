//! What rules ask about, computed once per file: stages, global ARGs, expansion of FROM lines, and
//! (in submodules) the build context and BuildKit's variable expansion.

pub mod build_context;
pub mod dispatch;
pub mod expand;
pub mod expose;
pub mod final_image;
pub mod ignore_file;
pub mod image_tag;
pub mod knowledge;
pub mod layers;
pub mod packages;
pub mod secret_files;
pub mod shell;
pub mod stage_graph;

use std::collections::BTreeMap;
use std::ops::Range;

use crate::syntax::dockerfile::{Dockerfile, Flag, Instruction, Keyword};
use crate::syntax::source::Span;
use build_context::SharedContext;
use expand::{ExpandError, Expansion, Lexer};

/// The platform ARGs BuildKit predefines in the global scope (usable in FROM without declaring them).
pub const PLATFORM_ARGS: [&str; 11] = [
    "BUILDPLATFORM",
    "BUILDOS",
    "BUILDOSVERSION",
    "BUILDARCH",
    "BUILDVARIANT",
    "TARGETPLATFORM",
    "TARGETOS",
    "TARGETOSVERSION",
    "TARGETARCH",
    "TARGETVARIANT",
    "TARGETSTAGE",
];

/// The values the platform ARGs take for a default (linux/amd64) build.
pub fn platform_arg_default(name: &str) -> Option<&'static str> {
    Some(match name {
        "BUILDPLATFORM" | "TARGETPLATFORM" => "linux/amd64",
        "BUILDOS" | "TARGETOS" => "linux",
        "BUILDARCH" | "TARGETARCH" => "amd64",
        "BUILDVARIANT" | "TARGETVARIANT" | "BUILDOSVERSION" | "TARGETOSVERSION" | "TARGETSTAGE" => "",
        _ => return None,
    })
}

/// An `ARG name[=default]` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgDecl {
    pub name: String,
    /// The default as written (quotes and variables not yet processed).
    pub default: Option<String>,
    /// Index of the ARG instruction in the file.
    pub instruction: usize,
}

/// A build stage: a FROM and the instructions up to the next FROM.
///
/// Instructions before the first FROM that are not global ARGs (a snippet with no FROM at all, a file
/// in progress in an editor) form one *implicit* stage, so that every rule still reads them. BuildKit
/// rejects such a file (SYN018 says so); the implicit stage has no FROM, no base and no name.
#[derive(Debug, Clone)]
pub struct Stage {
    pub index: usize,
    /// Index of the FROM instruction; `None` for the implicit stage.
    pub from: Option<usize>,
    /// The stage name, lowercased as BuildKit stores it.
    pub name: Option<String>,
    /// The base name as written (before ARG expansion).
    pub base: String,
    pub base_span: Span,
    /// Indices of the instructions after the FROM (of the implicit stage: all before the first FROM).
    pub commands: Range<usize>,
    /// The earlier stage this one builds on, if its base names one.
    pub parent: Option<usize>,
}

/// No `[rules.<CODE>]` options: what a model has until `with_rule_options`.
static NO_RULE_OPTIONS: BTreeMap<&str, toml::Table> = BTreeMap::new();

/// The per-file model handed to every rule.
pub struct Model<'a> {
    pub tree: &'a Dockerfile,
    /// The lexer for this file's escape token.
    pub lexer: Lexer,
    /// ARGs declared before the first FROM.
    pub global_args: Vec<ArgDecl>,
    pub stages: Vec<Stage>,
    /// `--build-arg` values (and config `[build-args]`).
    pub build_args: &'a BTreeMap<String, String>,
    /// `[rules.<CODE>]` options (see `option`).
    rule_options: &'a BTreeMap<&'static str, toml::Table>,
    /// `--target`: the name of the stage that is the final one.
    target: Option<String>,
    /// The build context, if the caller gave one (shared by the Dockerfiles built from it).
    context: Option<&'a SharedContext>,
    /// `global_arg_values` without (`[0]`) and with (`[1]`) build-args, computed on first use.
    global_values: [std::cell::OnceCell<Result<BTreeMap<String, String>, ExpandError>>; 2],
    /// EXPOSE ports, computed on first use.
    exposed: std::cell::OnceCell<Vec<expose::ExposedPort>>,
    /// The stage graph, computed on first use.
    graph: std::cell::OnceCell<stage_graph::StageGraph>,
    /// Every RUN, COPY and ADD with what it adds and deletes, computed on first use.
    layers: std::cell::OnceCell<Vec<layers::Layer>>,
    /// Every RUN's package-manager commands, parsed on first use.
    package_runs: std::cell::OnceCell<Vec<packages::PackageRun>>,
    /// The image that ships, its facts computed on first use.
    final_image: std::cell::OnceCell<final_image::FinalImage>,
    /// The dispatch walk (scope before each instruction), computed on first use.
    dispatch: std::cell::OnceCell<dispatch::Dispatch>,
    /// Each instruction's shell script, parsed on first use (`Model::shell_script`).
    shell_cache: shell::ScriptCache,
}

impl<'a> Model<'a> {
    pub fn new(tree: &'a Dockerfile, build_args: &'a BTreeMap<String, String>) -> Model<'a> {
        let lexer = Lexer::new(tree.escape);
        let mut global_args = Vec::new();
        let mut stages: Vec<Stage> = implicit_stage(tree).into_iter().collect();
        for (i, inst) in tree.instructions.iter().enumerate() {
            match inst.kind {
                Keyword::From => {
                    if let Some(last) = stages.last_mut() {
                        last.commands.end = i;
                    }
                    let name = stage_name(inst);
                    let base = inst.args.first();
                    let base_name = base.map_or(String::new(), |a| a.value.clone());
                    let parent =
                        stages.iter().position(|s| s.name.as_deref() == Some(base_name.to_lowercase().as_str()));
                    stages.push(Stage {
                        index: stages.len(),
                        from: Some(i),
                        name,
                        base: base_name,
                        base_span: base.map_or(inst.keyword_span, |a| a.span),
                        commands: i + 1..tree.instructions.len(),
                        parent,
                    });
                }
                Keyword::Arg if stages.iter().all(Stage::is_implicit) => global_args.extend(arg_decls(inst, i)),
                _ => {}
            }
        }
        let shell_cache = shell::ScriptCache::new(tree.instructions.len());
        Model {
            tree,
            lexer,
            global_args,
            stages,
            build_args,
            rule_options: &NO_RULE_OPTIONS,
            target: None,
            context: None,
            global_values: Default::default(),
            exposed: std::cell::OnceCell::new(),
            dispatch: std::cell::OnceCell::new(),
            graph: std::cell::OnceCell::new(),
            final_image: std::cell::OnceCell::new(),
            layers: std::cell::OnceCell::new(),
            package_runs: std::cell::OnceCell::new(),
            shell_cache,
        }
    }

    pub fn instruction(&self, index: usize) -> &'a Instruction {
        &self.tree.instructions[index]
    }

    /// The stage's FROM instruction; `None` for the implicit stage.
    pub fn from_instruction(&self, stage: &Stage) -> Option<&'a Instruction> {
        stage.from.map(|i| self.instruction(i))
    }

    /// The stages that start with a FROM (all but the implicit one).
    pub fn from_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages.iter().filter(|s| !s.is_implicit())
    }

    /// The stage's instructions after its FROM, with their indices.
    pub fn commands(&self, stage: &Stage) -> impl Iterator<Item = (usize, &'a Instruction)> {
        let tree = self.tree;
        stage.commands.clone().map(move |i| (i, &tree.instructions[i]))
    }

    /// The final stage: the `--target` stage if one was named (and exists), else the last one.
    pub fn final_stage(&self) -> Option<&Stage> {
        match &self.target {
            Some(target) => self.stages.iter().find(|s| s.name.as_deref() == Some(target.as_str())),
            None => self.stages.last(),
        }
    }

    /// Set the `[rules.<CODE>]` options rules read through `option`.
    pub fn with_rule_options(mut self, options: &'a BTreeMap<&'static str, toml::Table>) -> Self {
        self.rule_options = options;
        self
    }

    /// Name the stage that is the final one (`--target`); names compare lowercased, as BuildKit's.
    pub fn with_target(mut self, target: Option<&str>) -> Self {
        self.target = target.map(str::to_lowercase);
        self
    }

    /// Say where the build context is (`--context`, `[[contexts]]`, or the Dockerfile's folder).
    pub fn with_build_context(mut self, context: Option<&'a SharedContext>) -> Self {
        self.context = context;
        self
    }

    /// The build context with its `.dockerignore` (`<Dockerfile>.dockerignore` first), opened on first use;
    /// `None` when the file was linted without one (standard input, library callers), `Some(Err)` when the
    /// folder or its ignore file cannot be read.
    pub fn build_context(&self) -> Option<Result<&build_context::BuildContext, &build_context::ContextError>> {
        Some(self.context?.context())
    }

    /// The files the build context sends, walked on first use (once per context, however many
    /// Dockerfiles share it); `None` without a context on disk.
    pub fn context_files(&self) -> Option<Result<&build_context::ContextFiles, &build_context::ContextError>> {
        Some(self.context?.files())
    }

    /// A rule's option from `[rules.<CODE>]`, if the config sets it (config loading checked its type).
    pub fn option(&self, code: &str, name: &str) -> Option<&toml::Value> {
        self.rule_options.get(code)?.get(name)
    }

    /// The values of global ARGs as BuildKit computes them for FROM lines (`buildMetaArgs`): platform
    /// ARGs, then each declaration in order, its default expanded with what came before; a build-arg
    /// replaces the default when `with_build_args` is set. `Err` when a default does not expand.
    pub fn global_arg_values(&self, with_build_args: bool) -> Result<&BTreeMap<String, String>, ExpandError> {
        // Several rules ask, with and without build-args: computed once per file for each.
        self.global_values[usize::from(with_build_args)]
            .get_or_init(|| self.compute_global_arg_values(with_build_args))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// The global ARG values with build-args applied, or none when a default does not expand.
    pub fn global_args_or_empty(&self) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.global_arg_values(true).unwrap_or(&EMPTY)
    }

    fn compute_global_arg_values(&self, with_build_args: bool) -> Result<BTreeMap<String, String>, ExpandError> {
        let mut env: BTreeMap<String, String> =
            PLATFORM_ARGS.iter().filter_map(|n| Some((n.to_string(), platform_arg_default(n)?.to_string()))).collect();
        for arg in &self.global_args {
            let given = with_build_args.then(|| self.build_args.get(&arg.name)).flatten();
            let value = match (given, &arg.default) {
                (Some(v), _) => Some(v.clone()),
                (None, Some(default)) => Some(self.lexer.process_word(default, &|k| env.get(k).cloned())?.result),
                (None, None) => None,
            };
            if let Some(value) = value {
                env.insert(arg.name.clone(), value);
            }
        }
        Ok(env)
    }

    /// The dispatch walk of the file, computed once: the scope (ARG/ENV values, USER, WORKDIR, SHELL in
    /// effect) before every instruction, and each stage's scope at its end.
    pub fn dispatch(&self) -> &dispatch::Dispatch {
        self.dispatch.get_or_init(|| dispatch::compute(self))
    }

    /// The stage graph: each stage's base, what it reads from, whether the target needs it, and the
    /// build tools it installs.
    pub fn graph(&self) -> &stage_graph::StageGraph {
        self.graph.get_or_init(|| stage_graph::compute(self))
    }

    /// A string-list option of a rule (`[rules.<CODE>]`), empty when unset.
    pub fn string_list_option(&self, code: &str, name: &str) -> Vec<String> {
        self.option(code, name)
            .and_then(toml::Value::as_array)
            .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    /// Every EXPOSE port after expansion, computed once per file for the EXPOSE rules.
    pub fn exposed_ports(&self) -> &[expose::ExposedPort] {
        self.exposed.get_or_init(|| expose::exposed_ports(self))
    }

    /// Expand a FROM word (base name or `--platform`) with the global ARGs.
    pub fn expand_with(&self, word: &str, env: &BTreeMap<String, String>) -> Result<Expansion, ExpandError> {
        self.lexer.process_word(word, &|k| env.get(k).cloned())
    }

    /// Every `FROM --platform=…` with its stage and its value expanded with the global ARGs (build-args
    /// applied), as BuildKit expands it before dispatch. Values that do not expand are left out.
    pub fn from_platforms(&self) -> Vec<(&Stage, &'a Flag, Expansion)> {
        let Ok(env) = self.global_arg_values(true) else { return Vec::new() };
        let mut out = Vec::new();
        for stage in &self.stages {
            let Some(from) = self.from_instruction(stage) else { continue };
            for flag in from.flags.iter().filter(|f| f.name() == "platform") {
                if let Ok(expansion) = self.expand_with(flag.value().unwrap_or(""), env) {
                    out.push((stage, flag, expansion));
                }
            }
        }
        out
    }

    /// The value a predefined platform ARG has in the global scope.
    pub fn global_platform_value(&self, name: &str) -> Option<String> {
        self.global_arg_values(true).ok()?.get(name).cloned()
    }

    /// A stage's base as BuildKit resolves it: expanded with the global ARGs, build-args applied.
    pub fn expanded_base(&self, stage: &Stage) -> Option<String> {
        let env = self.global_arg_values(true).ok()?;
        self.expand_with(&stage.base, env).ok().map(|e| e.result)
    }

    /// The stages this one builds on, nearest first.
    pub fn ancestors(&self, stage: &Stage) -> Vec<&Stage> {
        let mut out = Vec::new();
        let mut next = stage.parent;
        while let Some(i) = next {
            let Some(parent) = self.stages.get(i) else { break };
            if out.iter().any(|s: &&Stage| s.index == i) {
                break;
            }
            out.push(parent);
            next = parent.parent;
        }
        out
    }

    /// The stage an instruction belongs to (a FROM belongs to the stage it starts).
    pub fn stage_of(&self, instruction: usize) -> Option<&Stage> {
        self.stages.iter().rev().find(|s| s.from == Some(instruction) || s.commands.contains(&instruction))
    }
}

impl Stage {
    /// Whether this is the implicit stage of the instructions before the first FROM.
    pub fn is_implicit(&self) -> bool {
        self.from.is_none()
    }

    /// Where the stage starts in the file: its FROM, or the implicit stage's first instruction.
    pub fn start(&self) -> usize {
        self.from.unwrap_or(self.commands.start)
    }
}

/// The implicit stage: the instructions before the first FROM, when one of them is not an ARG (or a
/// parse error, which SYN001 reports).
fn implicit_stage(tree: &Dockerfile) -> Option<Stage> {
    let first_from = tree.instructions.iter().position(|i| i.kind == Keyword::From).unwrap_or(tree.instructions.len());
    let before = &tree.instructions[..first_from];
    let first = before.iter().find(|i| i.kind != Keyword::Arg && !i.has_error)?;
    Some(Stage {
        index: 0,
        from: None,
        name: None,
        base: String::new(),
        base_span: first.keyword_span,
        commands: 0..first_from,
        parent: None,
    })
}

/// The `AS name` of a FROM, lowercased.
fn stage_name(from: &Instruction) -> Option<String> {
    match from.args.as_slice() {
        [_, as_kw, name] if as_kw.value.eq_ignore_ascii_case("as") => Some(name.value.to_lowercase()),
        _ => None,
    }
}

/// The declarations of one ARG instruction.
pub fn arg_decls(inst: &Instruction, index: usize) -> Vec<ArgDecl> {
    inst.args
        .iter()
        .map(|a| match a.value.split_once('=') {
            Some((name, default)) => {
                ArgDecl { name: name.to_string(), default: Some(default.to_string()), instruction: index }
            }
            None => ArgDecl { name: a.value.clone(), default: None, instruction: index },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;
    use build_context::ContextSpec;

    #[test]
    fn stages_and_global_args() {
        let tree = parse("ARG V=3.20\nARG BASE=alpine:${V}\nFROM ${BASE} AS Build\nRUN x\nFROM build\nCOPY a b\n");
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args);
        assert_eq!(model.global_args.len(), 2);
        assert_eq!(model.stages.len(), 2);
        assert_eq!(model.stages[0].name.as_deref(), Some("build"));
        assert_eq!(model.stages[0].commands, 3..4);
        assert_eq!(model.stages[1].parent, Some(0));
        let env = model.global_arg_values(false).unwrap();
        assert_eq!(model.expand_with("${BASE}", env).unwrap().result, "alpine:3.20");
    }

    #[test]
    fn instructions_before_the_first_from_form_an_implicit_stage() {
        let tree = parse("ARG V=1\nRUN apt-get install python\nWORKDIR app\nFROM alpine AS run\nRUN x\n");
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args);
        assert_eq!(model.stages.len(), 2);
        assert!(model.stages[0].is_implicit() && !model.stages[1].is_implicit());
        assert_eq!(model.stages[0].commands, 0..3);
        assert_eq!(model.stage_of(1).map(|s| s.index), Some(0));
        assert_eq!(model.stage_of(3).map(|s| s.index), Some(1));
        assert_eq!(model.global_args.len(), 1);
        assert_eq!(model.from_stages().count(), 1);
        assert!(!model.shell_script(1).commands.is_empty(), "the RUN's script is read");
        // Only global ARGs before the first FROM: no implicit stage.
        let tree = parse("ARG V=1\nFROM alpine\n");
        assert!(Model::new(&tree, &args).stages.iter().all(|s| !s.is_implicit()));
    }

    #[test]
    fn the_build_context_opens_on_first_use_with_the_dockerfiles_own_ignore_file() {
        let dir = std::env::temp_dir().join(format!("layerlint-model-context-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(".dockerignore"), "*.log\n").unwrap();
        std::fs::write(dir.join("api.Dockerfile.dockerignore"), "secrets/\n").unwrap();
        let tree = parse("FROM alpine\n");
        let args = BTreeMap::new();
        let spec = SharedContext::new(ContextSpec { dir: dir.clone(), dockerfile: Some(dir.join("api.Dockerfile")) });
        let model = Model::new(&tree, &args).with_build_context(Some(&spec));
        let context = model.build_context().expect("a context").expect("readable");
        assert_eq!(context.ignore_file(), Some(dir.join("api.Dockerfile.dockerignore").as_path()));
        assert!(context.decide("secrets/key").expect("decides").excluded);
        assert!(Model::new(&tree, &args).build_context().is_none());
        let missing = SharedContext::new(ContextSpec { dir: dir.join("nope"), dockerfile: None });
        assert!(Model::new(&tree, &args).with_build_context(Some(&missing)).build_context().expect("asked").is_err());
    }

    #[test]
    fn base_images_expand_with_build_args() {
        let tree = parse("ARG TAG=3.20\nFROM alpine:${TAG}\n");
        let args = BTreeMap::from([("TAG".to_string(), "3.21".to_string())]);
        let model = Model::new(&tree, &args);
        assert_eq!(model.expanded_base(&model.stages[0]).as_deref(), Some("alpine:3.21"));
        let none = BTreeMap::new();
        let model = Model::new(&tree, &none);
        assert_eq!(model.expanded_base(&model.stages[0]).as_deref(), Some("alpine:3.20"));
    }

    #[test]
    fn the_final_stage_is_the_last_or_the_target() {
        let tree = parse("FROM alpine:3.20 AS build\nFROM alpine:3.20 AS app\n");
        let args = BTreeMap::new();
        let last = Model::new(&tree, &args);
        assert_eq!(last.final_stage().and_then(|s| s.name.as_deref()), Some("app"));
        let target = Model::new(&tree, &args).with_target(Some("Build"));
        assert_eq!(target.final_stage().and_then(|s| s.name.as_deref()), Some("build"));
        assert!(Model::new(&tree, &args).with_target(Some("nope")).final_stage().is_none());
    }
}
