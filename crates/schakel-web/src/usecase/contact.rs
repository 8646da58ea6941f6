//! Contacts on a case file: a conversation, call or home visit with its minutes, dated within the file.

use super::case::{finish, for_change, open_only};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::casework::{self as rules, ContactDraft, NewContact};
use schakel_domain::timeline::TimelineEvent;
use schakel_store::Case;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ContactInput {
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub held_on: String,
    /// A code of the contact kinds (`gesprek_kind`, `huisbezoek`, …).
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::CONTACT_KINDS)))]
    pub kind: String,
    #[serde(default)]
    pub participants: String,
    /// Required: a missing number is refused, not read as 0 (the page and the API alike).
    #[serde(default)]
    pub minutes: Option<i64>,
    #[serde(default)]
    pub note: String,
}

/// The first day a contact on `held_on` may be dated in this case file (the domain's rule). The
/// referral is read only for a date before the opening: a contact write is a hot path, and the
/// referral can only move the start earlier.
async fn case_file_start(
    state: &AppState,
    case: &Case,
    held_on: NaiveDate,
) -> Result<NaiveDate, AppError> {
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let opened = date(&case.opened_on).unwrap_or(NaiveDate::MIN);
    let born = date(&case.date_of_birth);
    let without_referral = rules::case_file_start(None, opened, born);
    let received = match case.referral_id {
        Some(rid) if held_on < without_referral => {
            date(&state.store().referral(rid).await?.received_on)
        }
        _ => None,
    };
    Ok(rules::case_file_start(received, opened, born))
}

pub async fn add_contact(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ContactInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let draft = ContactDraft {
        held_on: &input.held_on,
        kind: &input.kind,
        participants: &input.participants,
        minutes: input.minutes,
        note: &input.note,
    };
    // The file's start matters only for a date that parses; a date that does not is named by the parse.
    let start = match NewContact::date_of(&draft) {
        Some(held_on) => case_file_start(state, &case, held_on).await?,
        None => NaiveDate::MIN,
    };
    let contact =
        NewContact::parse(&draft, start, state.now().date_naive()).map_err(AppError::Validation)?;
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let cid = tx
        .insert_contact(
            id,
            &contact.held_on.to_string(),
            &contact.kind,
            &contact.participants,
            contact.minutes,
            &contact.note,
            Some(p.user_id),
            state.now(),
        )
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::Contact {
            kind: contact.kind,
            minutes: contact.minutes,
        },
        "",
    )
    .await?;
    Ok(cid)
}
