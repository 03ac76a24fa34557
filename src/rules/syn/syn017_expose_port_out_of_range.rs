//! SYN017 expose-port-out-of-range: an EXPOSE port outside 0–65535, or not a port at all.

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{Check, Finding, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN017",
    name: "expose-port-out-of-range",
    severity: Severity::Error,
    default_enabled: true,
    aliases: &["DL3011"],
    summary: "An EXPOSE port is outside 0–65535.",
    fixable: Fixable::No,
    options: &[],
    check: Check::Dockerfile(check),
};

/// Whether a container port (`80`, `8000-8010`) is made of valid port numbers.
fn valid_port(container: &str) -> bool {
    let mut parts = container.splitn(2, '-');
    parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) && p.parse::<u32>().is_ok_and(|n| n <= 65535))
}

fn check(model: &Model) -> Vec<Finding> {
    model
        .exposed_ports()
        .iter()
        .filter(|port| !port.from_variable)
        .filter_map(|port| {
            let without_proto = port.spec.split('/').next().unwrap_or("");
            let container = without_proto.rsplit(':').next().unwrap_or("");
            (!valid_port(container)).then(|| {
                Finding::new(port.span, format!("EXPOSE port '{}' is not a valid port: ports range from 0 to 65535", port.spec))
                    .label("not a port number")
            })
        })
        .collect()
}
