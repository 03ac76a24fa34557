//! PIN013 npm-unpinned: `npm install pkg` (and `yarn add`, `pnpm add`) without `@version`. A dist-tag
//! (`@latest`, `@next`) moves with every release, so it is no pin.

use crate::diagnostic::Severity;
use crate::model::packages::{Manager, Package, PackageCommand};
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN013",
    name: "npm-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3016"],
    summary: "`npm install` of a package without `@version`.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// npm's own dist-tags; any other word after `@` is taken as a version or range.
const TAGS: [&str; 6] = ["latest", "next", "beta", "canary", "rc", "alpha"];

fn check(model: &Model) -> Vec<Finding> {
    let pinned = |_: &PackageCommand, p: &Package| {
        p.version.as_deref().and_then(|v| v.strip_prefix('@')).is_some_and(|v| !v.is_empty() && !TAGS.contains(&v))
    };
    unpinned(model, &[Manager::Npm, Manager::Yarn, Manager::Pnpm], pinned, "npm", |p| format!("{}@<version>", p.name))
}
