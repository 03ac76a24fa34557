//! Correctness rules (BuildKit parity first).

pub mod syn001_parse_error;
