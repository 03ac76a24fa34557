//! RES001 missing-healthcheck: a service image (its final stage EXPOSEs a port, or its start command
//! is a server such as `nginx` or `gunicorn`) has no HEALTHCHECK. `EXPOSE 22` alone (SSH for MPI
//! workers), start commands that do nothing lasting (`echo`), and an EXPOSE on a bare operating-system
//! image that starts nothing of its own do not make a service. Docker, Compose and Swarm then see
//! a process that is running as healthy even when it no longer answers, so `depends_on:
//! condition: service_healthy` and rolling updates cannot tell. `HEALTHCHECK NONE` is a decision and is
//! respected; so is a HEALTHCHECK in a stage the final one builds on.

use crate::diagnostic::Severity;
use crate::model::knowledge::{is_os_image, SERVER_PROGRAMS};
use crate::model::shell::ShellCommand;
use crate::model::Model;
use crate::rules::images::{final_root_image, runs_tool};
use crate::rules::{Check, Finding, Fixable, Rule};
use crate::syntax::dockerfile::Keyword;

pub const RULE: Rule = Rule {
    code: "RES001",
    name: "missing-healthcheck",
    severity: Severity::Info,
    default_enabled: true,
    aliases: &["DL3057", "DS026", "CKV_DOCKER_2"],
    summary: "A service image has no HEALTHCHECK.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Start commands that do nothing lasting (test fixtures, placeholders): nothing to probe.
const TRIVIAL_COMMANDS: &[&str] =
    &["echo", "true", "printf", "ls", "cat", "env", "wc", "head", "tail", "date", "uname", "id", "whoami", "hostname"];

/// Every command the image starts with is trivial (`echo`, `true`…): nothing keeps running.
fn only_trivial_commands(model: &Model) -> bool {
    let commands: Vec<&ShellCommand> =
        model.final_commands().iter().flat_map(|&i| &model.shell_script(i).commands).collect();
    !commands.is_empty() && commands.iter().all(|c| c.name().is_some_and(|n| TRIVIAL_COMMANDS.contains(&n)))
}

/// No start command of its own on an operating-system image: it runs the distribution's shell, whatever
/// it EXPOSEs (the platform that runs it supplies the command).
fn bare_system(model: &Model) -> bool {
    model.final_commands().is_empty()
        && final_root_image(model).is_some_and(|from| from.image.repository().is_some_and(is_os_image))
}

fn check(model: &Model) -> Vec<Finding> {
    let Some(last) = model.final_stage() else { return Vec::new() };
    let chain = model.final_chain();
    let has = |kind: Keyword| chain.iter().any(|s| model.commands(s).any(|(_, i)| i.kind == kind));
    if has(Keyword::Healthcheck) {
        return Vec::new();
    }
    // SSH alone (`EXPOSE 22`, for MPI workers and the like) is not a service to probe.
    let exposes = chain.iter().any(|s| {
        model.commands(s).filter(|(_, i)| i.kind == Keyword::Expose).any(|(_, i)| {
            i.args.iter().any(|a| a.value.split('/').next() != Some("22"))
        })
    });
    if (!exposes && !runs_tool(model, SERVER_PROGRAMS)) || only_trivial_commands(model) || bare_system(model) {
        return Vec::new();
    }
    let Some(from) = model.from_instruction(last) else { return Vec::new() };
    let why = if exposes { "it EXPOSEs a port" } else { "it starts a server" };
    vec![Finding::new(from.keyword_span.cover(last.base_span), format!("The image is a service ({why}) but has no HEALTHCHECK"))
        .label("final stage")
        .help("add a probe the service answers, e.g. `HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1`, or `HEALTHCHECK NONE` to say there is none")]
}
