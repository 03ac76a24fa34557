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
    /// The working directory in effect, once a WORKDIR set it (expanded, relative ones resolved against the
    /// previous one); `None` means the base image's.
    pub workdir: Option<String>,
    /// The USER in effect (expanded), once a USER set it; `None` means the base image's.
    pub user: Option<String>,
    /// The stage builds on an image from a registry (not `scratch`, not an earlier stage): its
    /// environment is unknown to a static linter beyond `PATH`.
    pub external_base: bool,
}

impl Scope {
    pub fn get(&self, name: &str) -> Option<String> {
        self.env.get(name).cloned()
    }
}

/// One instruction in dispatch order, with the scope in effect before it.
#[derive(Debug, Clone)]
pub struct Step {
    /// The stage's index in `Model::stages`.
    pub stage: usize,
    /// The instruction's index in the file (for an ONBUILD trigger of the parent stage: the child's FROM).
    pub index: usize,
    /// For a parent stage's ONBUILD trigger: the trigger, moved to the child's FROM line.
    pub trigger: Option<Instruction>,
    pub scope: Scope,
}

/// The whole dispatch of a file: every step, and each stage's scope after its last instruction.
#[derive(Debug, Clone, Default)]
pub struct Dispatch {
    pub steps: Vec<Step>,
    /// Per stage (by index): the scope once the stage's last instruction ran.
    pub final_scopes: Vec<Scope>,
}

impl Step {
    /// The instruction this step runs: the trigger, or the file's instruction.
    pub fn instruction<'m>(&'m self, model: &Model<'m>) -> &'m Instruction {
        self.trigger.as_ref().unwrap_or_else(|| model.instruction(self.index))
    }
}

/// Visit every instruction after a FROM, stage by stage, with the scope in effect before it. The walk
/// itself runs once per file ([`Model::dispatch`]); this only replays it.
pub fn dispatch<'m>(model: &'m Model<'m>, mut visit: impl FnMut(&'m Stage, usize, &'m Instruction, &'m Scope)) {
    for step in &model.dispatch().steps {
        let Some(stage) = model.stages.get(step.stage) else { continue };
        visit(stage, step.index, step.instruction(model), &step.scope);
    }
}

/// Walk the file in BuildKit's dispatch order, recording the scope before every instruction.
pub fn compute(model: &Model) -> Dispatch {
    let globals = model.global_args_or_empty();
    let mut out = Dispatch { steps: Vec::with_capacity(model.tree.instructions.len()), final_scopes: Vec::new() };
    for stage in &model.stages {
        let mut scope = match stage.parent.and_then(|p| out.final_scopes.get(p)) {
            Some(parent) => Scope { declared_args: BTreeSet::new(), ..parent.clone() },
            None => Scope {
                env: BTreeMap::from([("PATH".to_string(), DEFAULT_PATH.to_string())]),
                declared_args: BTreeSet::new(),
                shell_set: false,
                workdir_set: false,
                workdir: None,
                user: None,
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
            let before = scope.clone();
            apply(model, globals, &trigger, stage.start(), &mut scope);
            out.steps.push(Step { stage: stage.index, index: stage.start(), trigger: Some(trigger), scope: before });
        }
        for (index, inst) in model.commands(stage) {
            let before = scope.clone();
            apply(model, globals, inst, index, &mut scope);
            out.steps.push(Step { stage: stage.index, index, trigger: None, scope: before });
        }
        out.final_scopes.push(scope);
    }
    out
}

/// The ONBUILD triggers of `parent`, as instructions of `child`: every span moved to the child's FROM line,
/// since that is where BuildKit runs and reports them.
fn onbuild_triggers(model: &Model, parent: &Stage, child: &Stage) -> Vec<Instruction> {
    let Some(from) = model.from_instruction(child) else { return Vec::new() };
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
            // Every pair sees the environment from before the instruction: expand all, then set.
            let expand = |w: &str| model.lexer.process_word(w, &|k| scope.get(k)).map(|e| e.result);
            let pairs: Vec<(String, String)> = inst
                .args
                .chunks(3)
                .filter_map(|kv| match kv {
                    [key, value, _] => Some((expand(&key.value).ok()?, expand(&value.value).ok()?)),
                    _ => None,
                })
                .collect();
            scope.env.extend(pairs);
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
        Keyword::Workdir => {
            scope.workdir_set = true;
            let expanded = inst.args.first().and_then(|a| model.lexer.process_word(&a.value, &|k| scope.get(k)).ok());
            if let Some(path) = expanded.map(|e| e.result) {
                scope.workdir = Some(join_workdir(scope.workdir.as_deref(), &path));
            }
        }
        Keyword::User => {
            let expanded = inst.args.first().and_then(|a| model.lexer.process_word(&a.value, &|k| scope.get(k)).ok());
            scope.user = expanded.map(|e| e.result);
        }
        _ => {}
    }
}

/// A WORKDIR path resolved against the previous one, as Docker does (`/app` then `src` is `/app/src`;
/// the base image's directory counts as `/`).
pub fn join_workdir(previous: Option<&str>, path: &str) -> String {
    if path.starts_with('/') {
        return path.to_string();
    }
    let base = previous.unwrap_or("/").trim_end_matches('/');
    format!("{base}/{path}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::dockerfile::parse;

    /// The scope before the last instruction of `text`.
    fn scope_at_end(text: &str) -> Scope {
        let tree = parse(text);
        let args = BTreeMap::new();
        let model = Model::new(&tree, &args);
        let last = model.dispatch().steps.last().map(|s| s.scope.clone());
        last.unwrap_or_default()
    }

    #[test]
    fn user_workdir_and_shell_in_effect() {
        let scope = scope_at_end(
            "FROM alpine AS base\nENV HOME_DIR=/srv\nWORKDIR $HOME_DIR\nUSER app\nSHELL [\"/bin/bash\", \"-c\"]\n\
             FROM base\nWORKDIR data\nRUN true\n",
        );
        assert_eq!(scope.workdir.as_deref(), Some("/srv/data"));
        assert_eq!(scope.user.as_deref(), Some("app"));
        assert!(scope.shell_set && scope.workdir_set);
        assert_eq!(scope.get("HOME_DIR").as_deref(), Some("/srv"));
    }

    #[test]
    fn stage_args_and_env() {
        let scope = scope_at_end("ARG V=1\nFROM alpine\nARG V\nARG W\nENV X=$V\nRUN true\n");
        assert_eq!(scope.get("V").as_deref(), Some("1"));
        assert_eq!(scope.get("X").as_deref(), Some("1"));
        assert!(scope.declared_args.contains("W") && scope.get("W").is_none());
        assert!(scope.external_base && scope.user.is_none() && scope.workdir.is_none());
    }

    #[test]
    fn workdirs_join() {
        assert_eq!(join_workdir(None, "app"), "/app");
        assert_eq!(join_workdir(Some("/app/"), "src"), "/app/src");
        assert_eq!(join_workdir(Some("/app"), "/opt"), "/opt");
    }
}
