//! Named participants of a group activity (issue 13, item 1; ADR 026): a child is named — linked to the child's
//! case, whose timeline shows it — only while consent to share with the school is in force; otherwise the child
//! is counted anonymously with the session's attendance. Presence is recorded per session per named participant.
//!
//! Who sees a name: the organisation's social workers and team leads, and the contact of the child's own school,
//! each only while the consent holds (checked again at every read: after a withdrawal the participant shows
//! without name and case). Every name shown is logged as a read of the case, with the activity as its basis.

use super::consent::sharing_basis;
use super::group::{Viewer, activity_for, activity_to_change};
use super::input::invalid;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::consent::RecipientKind;
use schakel_domain::group as rules;
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use schakel_store::{GroupActivity, GroupParticipant, StoreError};
use serde::{Deserialize, Serialize};

/// A child to name as a participant.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ParticipantInput {
    /// The child's case: a pupil of one of the activity's schools, with consent to share with the school.
    #[serde(default)]
    pub case_id: Option<i64>,
}

/// Who of the named participants was present at a session.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct PresenceInput {
    /// The participants (ids) present; the others named and shown to the recorder were absent.
    #[serde(default)]
    pub participant_ids: Vec<i64>,
}

/// A named participant to take off the list, and why.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct RemovalInput {
    /// The participant (id, as listed) to remove.
    #[serde(default)]
    pub participant_id: Option<i64>,
    /// Why: `toestemming_ingetrokken` (consent withdrawn) or `vergissing` (added by mistake).
    #[serde(default)]
    pub reason: String,
}

/// May the case's child be named to this reader today: consent to share with the school in force, and for a
/// school contact the child's own school.
async fn may_name(
    state: &AppState,
    ctx: &Ctx,
    viewer: Viewer,
    p: &GroupParticipant,
) -> Result<bool, AppError> {
    let principal = ctx.principal()?;
    let allowed = match viewer {
        Viewer::Staff => matches!(principal.role, Role::SocialWorker | Role::TeamLead),
        Viewer::School => p.school_id.is_some() && p.school_id == principal.school_id,
    };
    let Some(case_id) = p.case_id.filter(|_| allowed) else {
        return Ok(false);
    };
    let file = state.store().case_file(case_id).await?;
    Ok(sharing_basis(
        &file,
        rules::PARTICIPANT_RECIPIENT,
        RecipientKind::School,
        state.now().date_naive(),
        None,
    )
    .is_ok())
}

/// The participants as this reader may see them; each name shown is logged as a read of the case.
async fn shown(
    state: &AppState,
    ctx: &Ctx,
    activity: &GroupActivity,
    viewer: Viewer,
) -> Result<Vec<GroupParticipant>, AppError> {
    let mut list = state.store().group_participants(activity.id).await?;
    for p in &mut list {
        if !may_name(state, ctx, viewer, p).await? {
            p.case_id = None;
            p.name.clear();
            p.basis.clear();
        }
    }
    for case_id in list.iter().filter_map(|p| p.case_id) {
        let mut event = ctx.event(AuditAction::Read, "case", Some(case_id.to_string()), "ok");
        event.basis = format!(
            "{}; group activity {}; consent (school)",
            event.basis, activity.id
        );
        state.log(event).await?;
    }
    Ok(list)
}

/// The named participants of an activity as the reader may see them (a name only while consent holds).
pub async fn participants(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
) -> Result<Vec<GroupParticipant>, AppError> {
    let (activity, viewer) = activity_for(state, ctx, activity_id).await?;
    state
        .log(ctx.event(
            AuditAction::Read,
            "group_activity",
            Some(activity_id.to_string()),
            "ok",
        ))
        .await?;
    shown(state, ctx, &activity, viewer).await
}

/// The participants for a page that has read the activity already (its reading logged).
pub(crate) async fn participants_of(
    state: &AppState,
    ctx: &Ctx,
    activity: &GroupActivity,
    viewer: Viewer,
) -> Result<Vec<GroupParticipant>, AppError> {
    shown(state, ctx, activity, viewer).await
}

/// The reader's open cases at the activity's schools not named yet: the children that could be named.
pub async fn cases_to_name(
    state: &AppState,
    ctx: &Ctx,
    activity: &GroupActivity,
) -> Result<Vec<schakel_store::Case>, AppError> {
    let named: Vec<i64> = state
        .store()
        .group_participants(activity.id)
        .await?
        .iter()
        .filter_map(|p| p.case_id)
        .collect();
    Ok(super::case::cases(state, ctx, None, true)
        .await?
        .into_iter()
        .filter(|c| {
            !named.contains(&c.id)
                && c.school_id
                    .is_some_and(|s| activity.schools.iter().any(|l| l.id == s))
        })
        .collect())
}

/// Names a child as a participant: only when the worker may open the case, the child is a pupil of one of the
/// activity's schools and consent to share with the school is in force; otherwise 422 on `case_id` saying why
/// and suggesting to count the child anonymously (the refusal is logged). The case's timeline shows it.
pub async fn add_participant(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
    input: &ParticipantInput,
) -> Result<i64, AppError> {
    let activity = activity_to_change(state, ctx, activity_id).await?;
    let not_found = || {
        invalid(
            "case_id",
            "Kies een dossier van een leerling van een school van deze activiteit.",
            "Choose a case of a pupil of a school of this activity.",
        )
    };
    let case_id = input.case_id.ok_or_else(not_found)?;
    let file = match super::case::open_case(state, ctx, case_id).await {
        Ok(f) => f,
        Err(AppError::NotFound) => return Err(not_found()),
        Err(e) => return Err(e),
    };
    if !file
        .case
        .school_id
        .is_some_and(|s| activity.schools.iter().any(|l| l.id == s))
    {
        return Err(not_found());
    }
    let basis = match sharing_basis(
        &file,
        rules::PARTICIPANT_RECIPIENT,
        RecipientKind::School,
        state.now().date_naive(),
        None,
    ) {
        Ok(basis) => basis,
        Err(gap) => {
            state
                .log(ctx.event(
                    AuditAction::Change,
                    "group_activity",
                    Some(activity_id.to_string()),
                    "denied",
                ))
                .await?;
            let (nl, en) = rules::participant_not_by_name(&gap);
            return Err(invalid("case_id", &nl, &en));
        }
    };
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let id = match tx
        .insert_group_participant(activity_id, case_id, basis, Some(p.user_id), state.now())
        .await
    {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => {
            return Err(invalid(
                "case_id",
                "Dit kind staat al bij de deelnemers.",
                "This child is a participant already.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    tx.record_event(
        case_id,
        Some(p.user_id),
        &TimelineEvent::GroupParticipant {
            activity: activity.title.clone(),
        },
        "",
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "group_activity",
                Some(activity_id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

/// Takes a named participant off the activity, with a reason from the fixed list (consent withdrawn, added by
/// mistake); every wrong field at once (422). The row goes, and with it the child's presence per session (it
/// names the child; the sessions' counts stay, so the figures do not change). The case's timeline says so, with
/// the reason, and the access log records the change. Those who may add a participant may remove one — also one
/// whose name they no longer see (consent withdrawn), which is the point of the first reason.
pub async fn remove_participant(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
    input: &RemovalInput,
) -> Result<(), AppError> {
    let activity = activity_to_change(state, ctx, activity_id).await?;
    let mut errors = Vec::new();
    let reason = rules::ParticipantRemoval::parse(input.reason.trim());
    if reason.is_none() {
        errors.push(FieldError::new(
            "reason",
            "Kies waarom het kind van de deelnemers af gaat: toestemming ingetrokken of per vergissing toegevoegd.",
            "Choose why the child is removed: consent withdrawn or added by mistake.",
        ));
    }
    let participant = match input.participant_id {
        Some(id) => state
            .store()
            .group_participants(activity_id)
            .await?
            .into_iter()
            .find(|p| p.id == id),
        None => None,
    };
    let not_listed = || {
        FieldError::new(
            "participant_id",
            "Kies een deelnemer met naam van deze activiteit.",
            "Choose a named participant of this activity.",
        )
    };
    if participant.is_none() {
        errors.push(not_listed());
    }
    let (Some(reason), Some(participant), true) = (reason, participant, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    // The store names every participant by a case; the removal is logged as a change of that case.
    let case_id = participant.case_id.ok_or(AppError::NotFound)?;
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    match tx
        .delete_group_participant(activity_id, participant.id)
        .await
    {
        Ok(()) => {}
        // Removed by someone else meanwhile.
        Err(StoreError::NotFound) => return Err(AppError::Validation(vec![not_listed()])),
        Err(e) => return Err(e.into()),
    }
    tx.record_event(
        case_id,
        Some(p.user_id),
        &TimelineEvent::GroupParticipantRemoved {
            activity: activity.title.clone(),
            reason: reason.code().to_string(),
        },
        "",
        state.now(),
    )
    .await?;
    let mut event = ctx.event(AuditAction::Change, "case", Some(case_id.to_string()), "ok");
    event.basis = format!(
        "{}; group activity {activity_id}: participant {} removed ({})",
        event.basis,
        participant.id,
        reason.code()
    );
    state.commit_logged(tx, event).await?;
    Ok(())
}

/// Records who of the named participants was present at a held session (not before its day), replacing what
/// was recorded for them; a participant whose name the recorder may no longer see (consent withdrawn) is
/// refused and keeps what was recorded.
pub async fn record_presence(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
    session_id: i64,
    input: &PresenceInput,
) -> Result<(), AppError> {
    let activity = activity_to_change(state, ctx, activity_id).await?;
    let session = match state.store().group_session(session_id).await {
        Ok(s) if s.activity_id == activity_id => s,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if session.held_on > state.now().date_naive().to_string() {
        return Err(invalid(
            "participant_ids",
            "Deze bijeenkomst is nog niet geweest.",
            "This session has not taken place yet.",
        ));
    }
    let named: Vec<i64> = shown(state, ctx, &activity, Viewer::Staff)
        .await?
        .iter()
        .filter(|p| p.case_id.is_some())
        .map(|p| p.id)
        .collect();
    let mut present = input.participant_ids.clone();
    present.sort_unstable();
    present.dedup();
    if present.iter().any(|p| !named.contains(p)) {
        return Err(invalid(
            "participant_ids",
            "Kies aanwezigen uit de deelnemers met naam.",
            "Choose those present among the named participants.",
        ));
    }
    let mut tx = state.store().begin().await?;
    tx.set_session_presence(session_id, &named, &present)
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "group_session",
                Some(session_id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(())
}
