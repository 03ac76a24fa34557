//! SYN005 from-as-casing: `FROM … as name` with `AS` cased differently from `FROM` (BuildKit's
//! FromAsCasing). Only checked when FROM itself is all-lowercase or all-uppercase; `From x as y` is
//! left to SYN004.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN005",
    name: "from-as-casing",
    severity: Severity::Style,
    default_enabled: true,
    aliases: &["FromAsCasing"],
    summary: "The `AS` keyword's case differs from `FROM`'s.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let is_lower = |s: &str| s.to_lowercase() == s;
    let is_upper = |s: &str| s.to_uppercase() == s;
    model
        .stages
        .iter()
        .filter_map(|stage| {
            let from = model.from_instruction(stage)?;
            let [_, as_kw, _] = from.args.as_slice() else { return None };
            if !as_kw.value.eq_ignore_ascii_case("as") {
                return None;
            }
            let mismatch = (is_upper(&from.keyword) && !is_upper(&as_kw.value))
                || (is_lower(&from.keyword) && !is_lower(&as_kw.value));
            mismatch.then(|| {
                let fixed = if is_lower(&from.keyword) { "as" } else { "AS" };
                let finding =
                    Finding::new(as_kw.span, format!("'{}' and '{}' keywords' casing do not match", as_kw.value, from.keyword))
                        .label(format!("`{}` is written differently", as_kw.value))
                        .secondary(from.keyword_span, "compared with this keyword");
                match replace_written(model, as_kw.span, &as_kw.value, fixed) {
                    Some(edit) => finding.fix(Fix::safe(format!("Write `{fixed}`"), vec![edit])),
                    None => finding,
                }
            })
        })
        .collect()
}
