//! PKG004 apt-lists-not-removed: `apt-get update` in a RUN that does not delete `/var/lib/apt/lists`
//! afterwards. The package index (tens of megabytes) stays in the layer; deleting it in a later RUN
//! does not shrink the image.

use crate::diagnostic::Severity;
use crate::model::packages::{Action, Manager};
use crate::model::Model;
use crate::rules::packages::CacheRule;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "PKG004",
    name: "apt-lists-not-removed",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3009"],
    summary: "`apt-get update` without `rm -rf /var/lib/apt/lists/*` in the same RUN.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    CacheRule {
        managers: &[Manager::Apt],
        installs: &|cmd| cmd.action == Action::Refresh,
        dirs: &["/var/lib/apt/lists"],
        // `apt-get distclean` (apt 2.7) deletes the lists too.
        cleans: &|_, later| later.action == Action::Clean && later.subcommand_is(&["distclean", "dist-clean"]),
        finding: &|cmd| {
            Finding::new(cmd.span, "The package lists stay in the image: this RUN does not delete them")
                .label("downloads /var/lib/apt/lists")
                .help("end the RUN with `&& rm -rf /var/lib/apt/lists/*`")
        },
        // Unsafe: an `apt-get install` in a later RUN without its own update then finds no lists.
        fix: Some(&|_| ("rm -rf /var/lib/apt/lists/*".to_string(), false)),
    }
    .check(model)
}
