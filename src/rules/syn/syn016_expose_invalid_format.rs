//! SYN016 expose-invalid-format: EXPOSE with an IP address or a host-port mapping, e.g. `8080:80`
//! (BuildKit's ExposeInvalidFormat). EXPOSE documents the container's port; publishing (`-p`) is the
//! runner's choice, and BuildKit ignores the host part.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN016",
    name: "expose-invalid-format",
    severity: Severity::Warning,
    default_enabled: true,
    aliases: &["ExposeInvalidFormat"],
    summary: "EXPOSE with an IP address or host-port mapping.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .exposed_ports()
        .iter()
        .filter(|port| port.spec.contains(':'))
        .map(|port| {
            let container = port.spec.rsplit(':').next().unwrap_or("").to_string();
            Finding::new(
                port.span,
                format!("EXPOSE instruction should not define an IP address or host-port mapping, found '{}'", port.spec),
            )
            .label("host part is ignored")
            .help(format!("expose only the container port: `EXPOSE {container}`; publish with `docker run -p`"))
        })
        .collect()
}
