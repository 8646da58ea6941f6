//! Casework on top of a loaded synthetic world: referrals, case files with contacts, goals (GAS),
//! consent, onward referrals, SMW-plus mandate decisions, consultations and the case timeline.
//!
//! - [`seed_demo`] adds the storylines of `shared/domain/DEMO.md` to the demo world, with a school
//!   year of referrals around them so that figures mean something — all in one transaction.
//! - [`seed_generated`] adds cases at volume to a generated world (`schakel generate`), in batches,
//!   plus two open cases for benchmarks (200 and 2,000 contacts); with `--years` (default 5 for city and country) also
//!   the school years before, closed, with Kind in Kaart started at some schools and an effect planted.
//!
//! Everything is invented. Dates are relative to `today`, so the ages — and with them the consent
//! rules of RULES.md §1 — hold whenever the demo starts: consent is recorded from the parties the
//! child's age requires, before anything is shared; closed cases carry a reason and end scores.
//! Deterministic: the same world, seed and day give the same data.

mod acts;
mod course;
mod dates;
mod demo;
mod generated;
mod history;
mod people;
mod plan;
mod stories;
mod story_plans;
mod targets;
mod vocabulary;
mod write;

pub use demo::seed_demo;
pub use generated::{MAX_YEARS as MAX_GENERATED_YEARS, seed_generated};
