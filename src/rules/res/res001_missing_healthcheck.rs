//! RES001 missing-healthcheck: a service image (its final stage EXPOSEs a port, or its start command
//! is a server such as `nginx` or `gunicorn`) has no HEALTHCHECK. Docker, Compose and Swarm then see
//! a process that is running as healthy even when it no longer answers, so `depends_on:
//! condition: service_healthy` and rolling updates cannot tell. `HEALTHCHECK NONE` is a decision and is
//! respected; so is a HEALTHCHECK in a stage the final one builds on.

use crate::diagnostic::Severity;
use crate::model::knowledge::SERVER_PROGRAMS;
use crate::model::Model;
use crate::rules::images::{final_chain, runs_tool};
use crate::rules::{Finding, Fixable, Rule};
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
    check: Some(check),
};

fn check(model: &Model) -> Vec<Finding> {
    let Some(last) = model.final_stage() else { return Vec::new() };
    let chain = final_chain(model);
    let has = |kind: Keyword| chain.iter().any(|s| model.commands(s).any(|(_, i)| i.kind == kind));
    if has(Keyword::Healthcheck) {
        return Vec::new();
    }
    let exposes = has(Keyword::Expose);
    if !exposes && !runs_tool(model, SERVER_PROGRAMS) {
        return Vec::new();
    }
    let from = model.instruction(last.from);
    let why = if exposes { "it EXPOSEs a port" } else { "it starts a server" };
    vec![Finding::new(from.keyword_span.cover(last.base_span), format!("The image is a service ({why}) but has no HEALTHCHECK"))
        .label("final stage")
        .help("add a probe the service answers, e.g. `HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://localhost:8080/health || exit 1`, or `HEALTHCHECK NONE` to say there is none")]
}
