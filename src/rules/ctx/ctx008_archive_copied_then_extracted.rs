//! CTX008 archive-copied-then-extracted: a local tar archive is COPYed into the image and a later RUN
//! of the stage unpacks it. The archive stays in the COPY layer and its contents land in another: the
//! image holds both. `ADD archive.tar.gz /dest/` unpacks it in one layer (ADD unpacks local tar
//! archives; it does not unpack zip files, so those are not reported).

use crate::diagnostic::Severity;
use crate::model::shell::ShellCommand;
use crate::model::Model;
use crate::rules::copies::{copy_parts, source_kind, SourceKind};
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "CTX008",
    name: "archive-copied-then-extracted",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3010"],
    summary: "A local archive is COPYed and later extracted by RUN; ADD would unpack it in one layer.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// `tar -x…`/`tar x…` naming a file whose name ends with `name`.
fn extracts(command: &ShellCommand, name: &str) -> bool {
    let bundle = command.args.first().and_then(|a| a.value.as_deref()).is_some_and(|v| !v.starts_with('-') && v.starts_with('x'));
    command.name() == Some("tar")
        && (bundle || command.has_flag(&["-x", "--extract"]))
        && command.args.iter().filter_map(|a| a.value.as_deref()).any(|v| v.rsplit('/').next() == Some(name))
}

fn check(model: &Model) -> Vec<Finding> {
    let layers = model.layers();
    let mut findings = Vec::new();
    // Only the image that ships: a build stage's archive is not pulled.
    for (n, layer) in layers.iter().enumerate().filter(|(_, l)| l.kind == Keyword::Copy && model.in_final_image(l.stage)) {
        let inst = model.instruction(layer.instruction);
        if inst.flags.iter().any(|f| f.name() == "from") {
            continue;
        }
        let Some((sources, _)) = copy_parts(inst) else { continue };
        for source in sources.iter().filter(|s| source_kind(&s.value) == SourceKind::Archive) {
            let lower = source.value.to_ascii_lowercase();
            // Only tar archives: ADD leaves a compressed single file (`.gz` alone) or a zip as it is.
            if !lower.contains(".tar") && !lower.ends_with(".tgz") && !lower.ends_with(".tbz2") && !lower.ends_with(".txz") {
                continue;
            }
            let Some(name) = source.value.rsplit('/').next().filter(|n| !n.contains('*')) else { continue };
            let later = layers[n + 1..]
                .iter()
                .filter(|l| l.stage == layer.stage && l.kind == Keyword::Run)
                .find(|l| model.shell_script(l.instruction).commands.iter().any(|c| extracts(c, name)));
            let Some(later) = later else { continue };
            findings.push(
                Finding::new(source.span, format!("`{}` is copied, then unpacked by a RUN: the image holds both", source.value))
                    .label("the archive stays in this layer")
                    .secondary(model.instruction(later.instruction).keyword_span, "unpacked here")
                    .help(format!("`ADD {} <folder>/` unpacks it in one layer", source.value)),
            );
        }
    }
    findings
}
