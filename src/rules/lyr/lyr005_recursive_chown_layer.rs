//! LYR005 recursive-chown-layer: `RUN chown -R` or `chmod -R` over files an earlier COPY or ADD of the
//! stage added. Changing a file's owner or mode copies it whole into the new layer: the files are in
//! the image twice. `COPY --chown=user:group` and `COPY --chmod=mode` set them as they are copied.

use crate::diagnostic::Severity;
use crate::model::layers::{earlier_layers, is_within};
use crate::model::Model;
use crate::model::layers::Layer;
use crate::rules::{Check, Edit, Finding, Fix, Fixable, Rule};
use crate::syntax::source::Span;
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "LYR005",
    name: "recursive-chown-layer",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "`RUN chown -R`/`chmod -R` on copied files duplicates them in a new layer.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let layers = model.layers();
    let mut findings = Vec::new();
    let mut reported: Vec<&str> = Vec::new();
    for (n, layer) in layers.iter().enumerate().filter(|(_, l)| model.in_final_image(l.stage)) {
        for changed in &layer.recursive_owner_changes {
            if reported.contains(&changed.path.as_str()) {
                continue;
            }
            // A COPY that already set the owner (`--chown`) is the user's fix in progress, not the waste.
            let copies: Vec<(&Layer, &crate::model::layers::PathUse)> = earlier_layers(model, layers, n)
                .filter(|l| matches!(l.kind, Keyword::Copy | Keyword::Add))
                .filter(|l| !model.instruction(l.instruction).flags.iter().any(|f| f.name() == "chown"))
                .filter_map(|l| l.adds.iter().find(|a| is_within(&a.path, &changed.path)).map(|a| (l, a)))
                .collect();
            let Some(&(copy_layer, copied)) = copies.first() else { continue };
            reported.push(&changed.path);
            let finding =
                Finding::new(changed.span, format!("Changing `{}` recursively copies the files COPY added into a new layer", changed.path))
                    .label("these files are now in the image twice")
                    .secondary(copied.span, "copied here")
                    .help("set owner and mode while copying: `COPY --chown=app:app --chmod=755 …`");
            let fix = (copies.len() == 1 && copy_layer.stage == layer.stage && copied.path == changed.path)
                .then(|| move_to_copy(model, layer.instruction, copy_layer.instruction))
                .flatten();
            findings.push(match fix {
                Some(fix) => finding.fix(fix),
                None => finding,
            });
        }
    }
    findings
}

/// `COPY src /app` then a RUN that is only `chown -R app:app /app` (or `chmod -R 755 /app`): the flag
/// goes on the COPY and the RUN goes. Unsafe: the RUN also changed what was in `/app` before the COPY
/// (from the base image), and a `$USER` in it was the shell's, where COPY's is the stage's.
fn move_to_copy(model: &Model, run: usize, copy: usize) -> Option<Fix> {
    let run_inst = model.instruction(run);
    let copy_inst = model.instruction(copy);
    let script = model.shell_script(run);
    let [command] = script.commands.as_slice() else { return None };
    if !run_inst.flags.is_empty() || !run_inst.heredocs.is_empty() || !command.redirects.is_empty() || !command.assignments.is_empty() {
        return None;
    }
    let words: Vec<&str> = command.args.iter().map(|w| w.text.as_str()).collect();
    let (flag, value) = match (command.program.text.as_str(), words.as_slice()) {
        ("chown", ["-R", owner, _] | [owner, "-R", _]) if is_plain_owner(owner) => ("chown", *owner),
        ("chmod", ["-R", mode, _] | [mode, "-R", _]) if is_octal(mode) => ("chmod", *mode),
        _ => return None,
    };
    if copy_inst.flags.iter().any(|f| f.name() == flag) {
        return None;
    }
    // The RUN's lines go whole, with their line break.
    let text = &model.tree.text;
    let line_start = text[..run_inst.span.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..run_inst.span.start].trim().is_empty() {
        return None;
    }
    let line_end = text[run_inst.span.end..].find('\n').map_or(text.len(), |i| run_inst.span.end + i + 1);
    let edits = vec![
        Edit::insert(copy_inst.keyword_span.end, format!(" --{flag}={value}")),
        Edit::delete(Span::new(line_start, line_end)),
    ];
    Some(Fix::unsafe_(format!("Copy with `--{flag}={value}` and drop the RUN"), edits))
}

/// `user` or `user:group` in names or ids: what `COPY --chown` takes as chown does (not chown's old
/// `user.group`, nor a missing side).
fn is_plain_owner(owner: &str) -> bool {
    let plain = |part: &str| !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || "_-".contains(c));
    match owner.split_once(':') {
        Some((user, group)) => plain(user) && plain(group),
        None => plain(owner),
    }
}

fn is_octal(mode: &str) -> bool {
    (3..=4).contains(&mode.len()) && mode.chars().all(|c| ('0'..='7').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::{is_octal, is_plain_owner};

    #[test]
    fn owners_copy_takes() {
        assert!(is_plain_owner("node:node") && is_plain_owner("1000:1000") && is_plain_owner("www-data"));
        assert!(!is_plain_owner("www-data.www-data") && !is_plain_owner(":app") && !is_plain_owner("app:"));
        assert!(!is_plain_owner("$USER"));
        assert!(is_octal("755") && is_octal("0644") && !is_octal("u+x") && !is_octal("8"));
    }
}
