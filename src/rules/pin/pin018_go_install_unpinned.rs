//! PIN018 go-install-unpinned: `go install`, `go get` or `go run` of a remote package without
//! `@version`, or with `@latest` (the newest release on the day of the build).

use crate::diagnostic::Severity;
use crate::model::packages::Manager;
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

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

fn check(model: &Model) -> Vec<Finding> {
    let pinned = |_: &_, p: &crate::model::packages::Package| {
        p.version.as_deref().is_some_and(|v| !matches!(v, "@" | "@latest" | "@master" | "@main" | "@HEAD"))
    };
    unpinned(model, &[Manager::Go], pinned, "go", |p| format!("{}@v<version>", p.name))
}
