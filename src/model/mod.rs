//! What rules ask about, computed once per file.

pub mod build_context;
