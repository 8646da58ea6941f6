//! Schakel's demo world and synthetic generator, built through the same rules and the same Store as the
//! users' own work.
//!
//! - [`world`]: invented municipalities, organisations, teams, workers, schools and accounts — the demo
//!   world (`schakel demo`) and generated worlds of realistic size (`schakel generate`).
//! - [`load`]: writes a world through the Store.
//! - [`seed`]: casework (referrals, cases, consent, mandates, consultations) and the social map on top
//!   of a loaded world; consent comes from the parties the domain requires.
//!
//! Everything is invented, and deterministic: one random generator (SplitMix64), seeded, so the same
//! seed and day give the same data.
#![forbid(unsafe_code)]

pub mod load;
mod rng;
pub mod seed;
pub mod world;
