//! SYN003 maintainer-deprecated: the MAINTAINER instruction (BuildKit's MaintainerDeprecated).

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Edit, Finding, Fix, Fixable, Rule};
use crate::syntax::dockerfile::Instruction;
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "SYN003",
    name: "maintainer-deprecated",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["DL4000", "MaintainerDeprecated"],
    summary: "MAINTAINER is deprecated; use a label.",
    fixable: Fixable::Safe,
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
            let finding = Finding::new(i.span, "Maintainer instruction is deprecated in favor of using label")
                .label("deprecated")
                .help("use `LABEL org.opencontainers.image.authors=\"…\"`");
            match as_label(model, i) {
                Some(edit) => finding.fix(Fix::safe("Write it as the `org.opencontainers.image.authors` label", vec![edit])),
                None => finding,
            }
        })
        .collect()
}

/// `MAINTAINER Jane <jane@example.com>` as `LABEL org.opencontainers.image.authors="Jane <jane@example.com>"`:
/// the value quoted, with `"`, `$` and the escape character escaped (LABEL expands variables,
/// MAINTAINER does not). Only a one-line MAINTAINER is rewritten.
fn as_label(model: &Model, inst: &Instruction) -> Option<Edit> {
    let value = inst.args.first()?.value.as_str();
    if inst.start_line != inst.end_line || value.is_empty() || value.contains(['\n', '\r']) {
        return None;
    }
    let escape = model.tree.escape;
    let mut quoted = String::with_capacity(value.len() + 2);
    for c in value.chars() {
        if c == '"' || c == '$' || c == escape {
            quoted.push(escape);
        }
        quoted.push(c);
    }
    let keyword = if inst.keyword.chars().all(|c| c.is_ascii_lowercase()) { "label" } else { "LABEL" };
    Some(Edit::replace(inst.span, format!("{keyword} org.opencontainers.image.authors=\"{quoted}\"")))
}
