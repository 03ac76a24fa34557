//! A walk over the stages in BuildKit's dispatch order, keeping the state BuildKit keeps: the stage's
//! environment (base image env, ENV, ARGs with values), the ARGs declared in the stage, and whether a
//! SHELL is in effect. Rules that depend on that state (undefined variables, shell form, secrets in ARG
//! names) read it from here instead of each re-deriving it.

use std::collections::{BTreeMap, BTreeSet};

use super::{arg_decls, Model, Stage};
use crate::syntax::dockerfile::{Instruction, Keyword};

/// `PATH` as BuildKit sets it for scratch and as the corpus's stand-in base images have it.
pub const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The dispatch state before one instruction.
#[derive(Debug, Clone, Default)]
pub struct Scope {
    /// Variables set in the stage: inherited from the base (stage or image), ENV, and ARGs with a value.
    pub env: BTreeMap<String, String>,
    /// ARG names declared in this stage (with or without a value).
    pub declared_args: BTreeSet<String>,
    /// A SHELL instruction ran in this stage or one it builds on.
    pub shell_set: bool,
    /// A WORKDIR ran in this stage or one it builds on (BuildKit's `workdirSet`, inherited from a parent
    /// stage): only a relative WORKDIR before any is reported.
    pub workdir_set: bool,
    /// The stage builds on an image from a registry (not `scratch`, not an earlier stage): its
    /// environment is unknown to a static linter beyond `PATH`.
    pub external_base: bool,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }
}

/// Visit every instruction after a FROM, stage by stage, with the scope in effect before it.
pub fn dispatch(model: &Model, mut visit: impl FnMut(&Stage, usize, &Instruction, &Scope)) {
    let globals = model.global_arg_values(true).unwrap_or_default();
    let mut finals: Vec<Scope> = Vec::with_capacity(model.stages.len());
    for stage in &model.stages {
        let mut scope = match stage.parent.and_then(|p| finals.get(p)) {
            Some(parent) => Scope {
                env: parent.env.clone(),
                declared_args: BTreeSet::new(),
                shell_set: parent.shell_set,
                workdir_set: parent.workdir_set,
                external_base: parent.external_base,
            },
            None => Scope {
                env: BTreeMap::from([("PATH".to_string(), DEFAULT_PATH.to_string())]),
                declared_args: BTreeSet::new(),
                shell_set: false,
                workdir_set: false,
                external_base: !stage.base.eq_ignore_ascii_case("scratch"),
            },
        };
        // A parent stage's ONBUILD triggers run first, located at this stage's FROM (as BuildKit reports them).
        for trigger in stage
            .parent
            .and_then(|p| model.stages.get(p))
            .map(|p| onbuild_triggers(model, p, stage))
            .unwrap_or_default()
        {
            visit(stage, stage.from, &trigger, &scope);
            apply(model, &globals, &trigger, stage.from, &mut scope);
        }
        for (index, inst) in model.commands(stage) {
            visit(stage, index, inst, &scope);
            apply(model, &globals, inst, index, &mut scope);
        }
        finals.push(scope);
    }
}

/// The ONBUILD triggers of `parent`, as instructions of `child`: every span moved to the child's FROM line,
/// since that is where BuildKit runs and reports them.
fn onbuild_triggers(model: &Model, parent: &Stage, child: &Stage) -> Vec<Instruction> {
    let from = model.instruction(child.from);
    model
        .commands(parent)
        .filter(|(_, inst)| inst.kind == Keyword::Onbuild && !inst.has_error)
        .filter_map(|(_, inst)| inst.trigger.as_deref())
        .map(|trigger| {
            let mut moved = trigger.clone();
            moved.span = from.span;
            moved.keyword_span = from.keyword_span;
            moved.args.iter_mut().for_each(|a| a.span = from.span);
            moved.flags.iter_mut().for_each(|f| f.span = from.span);
            moved.heredocs.clear();
            moved
        })
        .collect()
}

/// How one instruction changes the scope.
fn apply(model: &Model, globals: &BTreeMap<String, String>, inst: &Instruction, index: usize, scope: &mut Scope) {
    match inst.kind {
        Keyword::Env => {
            let before = scope.clone();
            for kv in inst.args.chunks(3) {
                let [key, value, _] = kv else { continue };
                let expand = |w: &str| model.lexer.process_word(w, &|k| before.get(k)).map(|e| e.result);
                if let (Ok(key), Ok(value)) = (expand(&key.value), expand(&value.value)) {
                    scope.env.insert(key, value);
                }
            }
        }
        Keyword::Arg => {
            for decl in arg_decls(inst, index) {
                let value = match (model.build_args.get(&decl.name), &decl.default) {
                    (Some(given), _) => Some(given.clone()),
                    (None, Some(default)) => {
                        model.lexer.process_word(default, &|k| scope.get(k)).ok().map(|e| e.result)
                    }
                    (None, None) => globals.get(&decl.name).cloned(),
                };
                if let Some(value) = value {
                    scope.env.insert(decl.name.clone(), value);
                }
                scope.declared_args.insert(decl.name);
            }
        }
        Keyword::Shell if inst.json && !inst.args.is_empty() => scope.shell_set = true,
        Keyword::Workdir => scope.workdir_set = true,
        _ => {}
    }
}
