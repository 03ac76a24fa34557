//! PIN018 go-install-unpinned: `go install`, `go get` or `go run` of a remote package without
//! `@version`, or with `@latest` (the newest release on the day of the build). In module mode (the
//! stage copied or mounted a `go.mod`) a path without `@version` takes its version from `go.mod`, so
//! only `@latest` and its kin are reported there.

use crate::diagnostic::Severity;
use crate::model::packages::{Manager, Package, PackageCommand, PackageRun};
use crate::model::shell::mounts;
use crate::model::Model;
use crate::rules::packages::unpinned_in;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "PIN018",
    name: "go-install-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3062"],
    summary: "`go install`/`get`/`run` of a module without `@version`, or with `@latest`.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Versions that move with every release or commit.
const FLOATING: [&str; 5] = ["@", "@latest", "@master", "@main", "@HEAD"];

fn check(model: &Model) -> Vec<Finding> {
    let pinned = |run: &PackageRun, cmd: &PackageCommand, p: &Package| match p.version.as_deref() {
        Some(v) => !FLOATING.contains(&v),
        None => module_mode(model, run, cmd),
    };
    unpinned_in(model, &[Manager::Go], pinned, "go", |p| format!("{}@v<version>", p.name))
}

/// Whether the command runs in a module: `go install tool …` (the tools `go.mod` declares), a
/// `go.mod` bind-mounted into the RUN, or copied by an earlier COPY or ADD of the stage.
fn module_mode(model: &Model, run: &PackageRun, cmd: &PackageCommand) -> bool {
    let names_go_mod = |s: &str| s.trim_end_matches('/').rsplit('/').next() == Some("go.mod");
    if cmd.operands.iter().any(|w| w.is("tool")) {
        return true;
    }
    let mounted = mounts(model.instruction(run.instruction))
        .iter()
        .any(|m| m.source.as_deref().is_some_and(names_go_mod) || m.target.as_deref().is_some_and(names_go_mod));
    mounted
        || model.stages.get(run.stage).is_some_and(|stage| {
            model.commands(stage).take_while(|(i, _)| *i < run.instruction).any(|(_, inst)| {
                matches!(inst.kind, Keyword::Copy | Keyword::Add)
                    && inst.args.split_last().is_some_and(|(_, sources)| sources.iter().any(|s| names_go_mod(&s.value)))
            })
        })
}
