//! SYN003 maintainer-deprecated: the MAINTAINER instruction (BuildKit's MaintainerDeprecated).

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "SYN003",
    name: "maintainer-deprecated",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL4000", "MaintainerDeprecated"],
    summary: "MAINTAINER is deprecated; use a label.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .tree
        .instructions
        .iter()
        .filter(|i| i.kind == Keyword::Maintainer)
        .map(|i| {
            Finding::new(i.span, "Maintainer instruction is deprecated in favor of using label")
                .label("deprecated")
                .help("use `LABEL org.opencontainers.image.authors=\"…\"`")
        })
        .collect()
}
