//! CTX001 whole-context-without-dockerignore: `COPY . …` (or `ADD .`, `COPY *`) while the build context
//! has no `.dockerignore` (nor `<Dockerfile>.dockerignore`). Everything in the folder is sent to the
//! builder and copied into the image: `.git`, `node_modules`, build outputs, local `.env` files.
//! Only checked when the Dockerfile is linted with its context on disk.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::diagnostic::Applicability;
use crate::rules::copies::{context_sources, whole_context_source};
use crate::rules::ign::ign001_dockerignore_missing_common_entries::wanted_entries;
use crate::rules::{Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "CTX001",
    name: "whole-context-without-dockerignore",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &[],
    summary: "The whole build context is copied, and the context has no `.dockerignore`.",
    fixable: Fixable::Unsafe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(Ok(context)) = model.build_context() else { return Vec::new() };
    if context.ignore_file().is_some() {
        return Vec::new();
    }
    let mut findings: Vec<Finding> = Vec::new();
    for inst in &model.tree.instructions {
        let Some(source) = whole_context_source(inst) else { continue };
        let finding = Finding::new(source.span, "The whole build context is copied, and there is no .dockerignore")
            .label("sends and copies everything in the folder")
            .help("add a `.dockerignore` next to the Dockerfile that leaves out `.git`, dependencies, build output and secrets");
        // One fix (on the first finding, computed only then) creates the file; the other whole-context
        // copies are answered by it too.
        let fix = if findings.is_empty() { new_ignore_file(model, context.root()) } else { None };
        findings.push(match fix {
            Some(fix) => finding.fix(fix),
            None => finding,
        });
    }
    findings
}

/// The `.dockerignore` to create: the entries IGN001 asks of one in this context (`.git`, the build
/// output of the ecosystems detected), none of what this Dockerfile copies by name. Unsafe: what the
/// build sends changes, and a COPY of one of those folders would then find nothing. No fix when there
/// is nothing known to leave out.
fn new_ignore_file(model: &Model, dir: &std::path::Path) -> Option<Fix> {
    // Several Dockerfiles in the folder may share the context: what one copies by name another may
    // need, so the file is left for the user to write.
    if crate::discover::dockerfiles_beside(dir).len() > 1 {
        return None;
    }
    let paths: Vec<String> = context_sources(model).into_iter().map(|s| s.path).collect();
    let wanted = wanted_entries(Some(dir), &paths);
    if wanted.is_empty() {
        return None;
    }
    let content: String = wanted.iter().map(|(entry, _)| format!("{}\n", entry.pattern)).collect();
    let list = wanted.iter().map(|(entry, _)| format!("`{}`", entry.pattern)).collect::<Vec<_>>().join(", ");
    let message = format!("Create `.dockerignore` with {list}");
    let path = dir.join(".dockerignore");
    let path = path.strip_prefix("./").map(std::path::Path::to_path_buf).unwrap_or(path);
    Some(Fix::create(Applicability::Unsafe, message, path, content))
}
