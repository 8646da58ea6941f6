//! The use cases: one function per thing a user can do — load, check the domain's rule, write, log. The pages
//! and the API are thin front doors that call the same function and get the same answer.

pub mod account;
pub mod calendar;
pub mod care_meeting;
pub mod case;
pub mod child;
pub mod closure;
pub mod config;
pub mod consent;
pub mod consultation;
pub mod contact;
pub mod document;
pub mod goal;
pub mod group;
pub mod group_participant;
pub mod input;
pub mod kind_in_kaart;
pub mod mandate;
pub mod monitoring;
pub mod onward;
pub mod organisation;
pub mod poll;
pub mod presence;
pub mod referral;
pub mod school;
pub mod scope;
pub mod time;
pub mod triage;
