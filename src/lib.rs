//! layerlint: a Dockerfile linter that parses exactly as BuildKit does.
//!
//! Data flows one way: `syntax` (lossless parser) → `model` → rules → diagnostics → renderers.

pub mod cli;
pub mod input;
pub mod model;
pub mod syntax;
