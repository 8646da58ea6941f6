//! The use cases: one function per thing a user can do — load, check the domain's rule, write, log. The pages
//! and the API are thin front doors that call the same function and get the same answer.

pub mod account;
pub mod allocation;
pub mod appointment;
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
pub mod privacy;
pub mod referral;
pub mod school;
pub mod scope;
pub mod time;
pub mod triage;

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;

/// Logs a list view as one access-log entry per record shown (`kind` and id), written together — so a privacy
/// officer searching for a child finds every list that showed them (ADR 024). An empty list is logged once,
/// without an id: the search or list view happened.
pub(crate) async fn log_list(
    state: &AppState,
    ctx: &Ctx,
    action: AuditAction,
    kind: &str,
    ids: impl IntoIterator<Item = i64>,
) -> Result<(), AppError> {
    let mut events: Vec<_> = ids
        .into_iter()
        .map(|id| ctx.event(action, kind, Some(id.to_string()), "ok"))
        .collect();
    if events.is_empty() {
        events.push(ctx.event(action, kind, None, "ok"));
    }
    state.log_all(events).await
}
