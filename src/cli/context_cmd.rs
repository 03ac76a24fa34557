//! `layerlint context`: what `docker build DIR` would send.
use super::{ContextArgs, EXIT_ERROR};

pub fn run(_args: &ContextArgs) -> u8 {
    EXIT_ERROR
}
