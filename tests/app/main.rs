//! Integration tests against the real application on SQLite and PostgreSQL, one module per area.
// Tests may unwrap, index and read the wall clock: a panic is a failed test (lints: Cargo.toml, clippy.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_methods
)]

mod access;
mod api;
mod appointments;
mod audit;
mod auth;
mod both_doors;
mod care_meetings;
mod case_page;
mod casework;
mod casework_api;
mod contract_hours;
mod demo_data;
mod english;
mod forms;
mod group_kinds;
mod group_participants;
mod group_work;
mod kind_in_kaart;
mod mandates;
mod monitoring;
mod monitoring_recount;
mod organisation;
mod paging;
mod presence;
mod privacy;
mod races;
mod school_day;
mod security;
mod storage;
mod structure;
mod support;
mod worker_day;
