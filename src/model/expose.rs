//! EXPOSE ports as BuildKit sees them at dispatch: each argument expanded (and split into words) with the
//! stage's environment, without undefined-variable reporting.

use super::dispatch::dispatch;
use super::Model;
use crate::syntax::dockerfile::Keyword;
use crate::syntax::source::Span;

/// One port spec after expansion (`8080/tcp`, `127.0.0.1:80:80`) and the argument it came from.
pub struct ExposedPort {
    pub spec: String,
    pub span: Span,
    /// Whether the argument contained a variable (its value may not be what the build sees).
    pub from_variable: bool,
}

/// Every exposed port of every stage, in file order (rules read it through `Model::exposed_ports`).
pub(super) fn exposed_ports(model: &Model) -> Vec<ExposedPort> {
    let mut ports = Vec::new();
    dispatch(model, |_, _, inst, scope| {
        if inst.kind != Keyword::Expose || inst.has_error {
            return;
        }
        for arg in &inst.args {
            let Ok(words) = model.lexer.process_words(&arg.value, &|k| scope.get(k)) else { continue };
            let from_variable = arg.value.contains('$');
            ports.extend(words.into_iter().map(|spec| ExposedPort { spec, span: arg.span, from_variable }));
        }
    });
    ports
}
