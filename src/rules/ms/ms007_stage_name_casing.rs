//! MS007 stage-name-casing: a stage name with uppercase letters (BuildKit's StageNameCasing).
//!
//! BuildKit lowercases stage names anyway, so `AS Build` and `--from=build` refer to the same stage:
//! writing the name lowercase keeps what you read equal to what runs.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{is_written, Check, Edit, Finding, Fix, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

pub const RULE: Rule = Rule {
    code: "MS007",
    name: "stage-name-casing",
    severity: Severity::Style,
    default_enabled: true,
    aliases: &["StageNameCasing"],
    summary: "A stage name has uppercase letters.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .stages
        .iter()
        .filter_map(|stage| {
            let from = model.from_instruction(stage)?;
            let [_, as_kw, name] = from.args.as_slice() else { return None };
            if !as_kw.value.eq_ignore_ascii_case("as") || name.value.to_lowercase() == name.value {
                return None;
            }
            let lower = name.value.to_lowercase();
            let finding = Finding::new(name.span, format!("Stage name '{}' should be lowercase", name.value))
                .label("uppercase letters")
                .help(format!("write `{lower}`"));
            Some(match renaming(model, stage.index, &name.value, name.span) {
                Some(edits) => finding.fix(Fix::safe(format!("Rename the stage `{lower}`, with every reference to it"), edits)),
                None => finding,
            })
        })
        .collect()
}

/// The edits that lowercase a stage's name where it is declared and wherever later instructions name it
/// (`FROM name`, `COPY --from=name`, `RUN --mount=…,from=name`); BuildKit compares stage names
/// lowercased, so the build is unchanged. `None` when a reference is not written as a plain token.
fn renaming(model: &Model, stage: usize, name: &str, declared: Span) -> Option<Vec<Edit>> {
    let lower = name.to_lowercase();
    if !is_written(model, declared, name) {
        return None;
    }
    let mut edits = vec![Edit::replace(declared, lower.clone())];
    let is_name = |value: &str| value.eq_ignore_ascii_case(name) && value != lower;
    for later in model.stages.iter().filter(|s| s.index > stage) {
        if let Some(base) = model.from_instruction(later).and_then(|from| from.args.first()).filter(|a| is_name(&a.value)) {
            is_written(model, base.span, &base.value).then_some(())?;
            edits.push(Edit::replace(base.span, lower.clone()));
        }
        for (_, inst) in model.commands(later) {
            for flag in &inst.flags {
                let value_in = match (inst.kind, flag.name()) {
                    (Keyword::Copy | Keyword::Add, "from") => flag.value().filter(|v| is_name(v)).map(|_| "--from=".len()),
                    (Keyword::Run, "mount") => mount_from_offset(flag.value().unwrap_or(""), name).map(|o| "--mount=".len() + o),
                    _ => None,
                };
                let Some(offset) = value_in else { continue };
                // Only a flag written as BuildKit keeps it (no quotes or escapes) maps offset to offset.
                is_written(model, flag.span, &flag.raw).then_some(())?;
                let start = flag.span.start + offset;
                edits.push(Edit::replace(Span::new(start, start + name.len()), lower.clone()));
            }
        }
    }
    Some(edits)
}

/// Where the value of a `from=NAME` field naming the stage starts in a `--mount` value.
fn mount_from_offset(mount: &str, name: &str) -> Option<usize> {
    let mut offset = 0;
    for field in mount.split(',') {
        if let Some(value) = field.strip_prefix("from=") {
            if value.eq_ignore_ascii_case(name) && value != name.to_lowercase() {
                return Some(offset + "from=".len());
            }
        }
        offset += field.len() + 1;
    }
    None
}
