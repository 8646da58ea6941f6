//! Schakel's domain: the rules of the field, without IO. Time is always passed in.
#![forbid(unsafe_code)]

pub mod access;
pub mod appointment;
pub mod audit;
pub mod care_meeting;
pub mod casework;
pub mod consent;
pub mod figures;
pub mod group;
pub mod input;
pub mod kind_in_kaart;
pub mod lang;
pub mod local_time;
pub mod mandate;
pub mod monitoring;
pub mod org;
pub mod presence;
pub mod role;
pub mod scope;
pub mod text;
pub mod throttle;
pub mod timeline;

pub use access::{Access, RouteRule};
pub use lang::Lang;
pub use role::{Principal, Role};
