//! SYN001 parse-error: the file does not parse as BuildKit would parse it.
//!
//! Every syntax error the parser found becomes one finding on the token at fault; a Dockerfile with
//! one fails `docker build` before anything is built.

use crate::diagnostic::{Diagnostic, Severity};
use crate::syntax::dockerfile::Dockerfile;

pub const CODE: &str = "SYN001";
pub const NAME: &str = "parse-error";

pub fn check(tree: &Dockerfile) -> Vec<Diagnostic> {
    tree.errors
        .iter()
        .map(|error| Diagnostic {
            code: CODE,
            name: NAME,
            severity: Severity::Error,
            message: error.message.clone(),
            span: error.span,
            label: "BuildKit rejects this".into(),
            secondary: Vec::new(),
            notes: vec![format!(
                "`docker build` stops here: dockerfile parse error on line {}",
                error.start_line
            )],
            help: None,
        })
        .collect()
}
