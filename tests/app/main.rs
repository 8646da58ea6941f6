//! Integration tests against the real application on SQLite and PostgreSQL, one module per area.

mod access;
mod api;
mod audit;
mod auth;
mod casework;
mod casework_api;
mod kind_in_kaart;
mod mandates;
mod organisation;
mod races;
mod school_day;
mod security;
mod storage;
mod support;
mod worker_day;
