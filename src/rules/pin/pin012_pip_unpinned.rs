//! PIN012 pip-unpinned: `pip install pkg` without a version specifier, a constraints file or a
//! requirements file. Any specifier counts (`==`, `>=`, `~=`, `<`): a bound is a decision the author
//! made; only a bare name floats to whatever PyPI has that day.

use crate::diagnostic::Severity;
use crate::model::packages::{Manager, Package, PackageCommand};
use crate::model::Model;
use crate::rules::packages::unpinned;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PIN012",
    name: "pip-unpinned",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL3013"],
    summary: "`pip install` of a package without a version, constraints or requirements file.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let pinned = |cmd: &PackageCommand, p: &Package| {
        p.version.as_deref().is_some_and(|v| v.trim_start().starts_with(['=', '<', '>', '!', '~']) || v.contains('$'))
            // A constraints file pins what it names; `--upgrade pip` keeps the installer current (a
            // version of pip itself decides nothing about the image).
            || cmd.has_option(&["-c", "--constraint"])
            || (p.name.eq_ignore_ascii_case("pip") && cmd.has_option(&["-U", "--upgrade"]))
    };
    unpinned(model, &[Manager::Pip], pinned, "pip", |p| format!("{}==<version>", p.name))
}
