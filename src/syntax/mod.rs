//! Parsers: Dockerfiles (lossless, BuildKit semantics), `.dockerignore`, image references.

pub mod dockerignore;
pub mod image_ref;
