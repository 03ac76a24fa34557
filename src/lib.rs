//! layerlint: a Dockerfile linter that parses exactly as BuildKit does.
//!
//! Data flows one way: `syntax` (lossless parser) → `model` → rules → diagnostics → renderers.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod fix;
pub mod input;
pub mod lint;
pub mod model;
pub mod options;
pub mod problem;
pub mod render;
pub mod rules;
pub mod server;
pub mod suggest;
pub mod suppress;
pub mod syntax;
