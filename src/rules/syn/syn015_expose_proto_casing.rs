//! SYN015 expose-proto-casing: an EXPOSE protocol that is not lowercase, e.g. `8080/TCP` (BuildKit's
//! ExposeProtoCasing).

use crate::diagnostic::Severity;
use crate::model::Model;
use crate::rules::{replace_written, Check, Finding, Fix, Fixable, Rule};

pub const RULE: Rule = Rule {
    code: "SYN015",
    name: "expose-proto-casing",
    severity: Severity::Style,
    default_enabled: true,
    aliases: &["ExposeProtoCasing"],
    summary: "An EXPOSE protocol is not lowercase.",
    fixable: Fixable::Safe,
    options: &[],
    check: Check::Dockerfile(check),
};

fn check(model: &Model) -> Vec<Finding> {
    model
        .exposed_ports()
        .iter()
        .filter_map(|port| {
            let (_, proto) = port.spec.rsplit_once('/')?;
            (proto.to_lowercase() != proto).then(|| {
                let fixed = port.spec.to_lowercase();
                let finding =
                    Finding::new(port.span, format!("Defined protocol '{}' in EXPOSE instruction should be lowercase", port.spec))
                        .label("uppercase protocol")
                        .help(format!("write `{fixed}`"));
                match replace_written(model, port.span, &port.spec, fixed.clone()) {
                    Some(edit) => finding.fix(Fix::safe(format!("Write `{fixed}`"), vec![edit])),
                    None => finding,
                }
            })
        })
        .collect()
}
