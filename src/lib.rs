//! The `schakel` binary's library part: synthetic worlds and loading them, shared with the tests.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod casework_seed;
pub mod load;
pub mod social_map_seed;
pub mod world;
