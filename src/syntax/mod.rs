//! Parsers: Dockerfiles (lossless, BuildKit semantics), `.dockerignore`, image references.

pub mod dockerfile;
pub mod dockerignore;
pub mod image_ref;
pub mod source;
