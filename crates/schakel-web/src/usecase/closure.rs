//! Closing a case: the closure checks, the closure summary and the team lead's approval.

use super::case::{for_change, open_only};
use super::input::{conflict_with, invalid};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::{self as rules, OnwardStatus};
use schakel_domain::input::{Fields, version};
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ClosureInput {
    #[serde(default)]
    /// A code of the closure reasons (`doelen_bereikt`, …).
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::CLOSURE_REASONS)))]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    pub satisfaction_parent: Option<i64>,
    pub satisfaction_child: Option<i64>,
    pub version: Option<i64>,
}

pub async fn close(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ClosureInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let mut f = Fields::new();
    let reason = f.take(rules::ClosureReason::parse(&input.reason).ok_or_else(|| {
        FieldError::new(
            "reason",
            "Kies een reden van afsluiten.",
            "Choose a reason for closing.",
        )
    }));
    for (field, v) in [
        ("satisfaction_parent", input.satisfaction_parent),
        ("satisfaction_child", input.satisfaction_child),
    ] {
        if v.is_some_and(|v| !(1..=10).contains(&v)) {
            f.push(FieldError::new(
                field,
                "Een cijfer ligt tussen 1 en 10.",
                "A mark is between 1 and 10.",
            ));
        }
    }
    let file = state.store().case_file(id).await?;
    let checklist = rules::ClosureChecklist {
        open_onward_referrals: file
            .onward
            .iter()
            .filter(|o| {
                OnwardStatus::parse(&o.status)
                    .is_some_and(|s| s.is_open() && s != OnwardStatus::Started)
            })
            .count(),
        open_tasks: file.tasks.iter().filter(|t| t.done_on.is_none()).count(),
        goals_without_end_score: file.goals.iter().filter(|g| g.gas_end.is_none()).count(),
    };
    for p in checklist.problems_nl() {
        f.push(FieldError::new(
            "checklist",
            &p,
            "The closing checklist is not complete.",
        ));
    }
    let version = f.take(version(input.version));
    let (reason, version) = f
        .finish(reason.zip(version))
        .map_err(AppError::Validation)?;
    let p = ctx.principal()?;
    let settings = state
        .store()
        .organisation_settings(case.organisation_id)
        .await?;
    if *settings.closure_needs_approval && p.role != Role::TeamLead {
        let mut tx = state.store().begin().await?;
        tx.request_closure(
            id,
            version,
            &input.reason,
            input.note.trim(),
            input.satisfaction_parent,
            input.satisfaction_child,
            state.now(),
        )
        .await
        .map_err(conflict_with(&case))?;
        tx.record_event(
            id,
            Some(p.user_id),
            &TimelineEvent::ClosureRequested {
                reason: reason.code().to_string(),
            },
            input.note.trim(),
            state.now(),
        )
        .await?;
        return state
            .commit_logged(
                tx,
                ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
            )
            .await;
    }
    let mut tx = state.store().begin().await?;
    tx.close_case(
        id,
        version,
        &state.now().date_naive().to_string(),
        &input.reason,
        input.note.trim(),
        input.satisfaction_parent,
        input.satisfaction_child,
        state.now(),
    )
    .await
    .map_err(conflict_with(&case))?;
    let p = ctx.principal()?;
    tx.record_event(
        id,
        Some(p.user_id),
        &TimelineEvent::Closed {
            reason: reason.code().to_string(),
        },
        input.note.trim(),
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
        )
        .await
}

/// The team lead approves a requested closure.
pub async fn approve_closure(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let p = ctx.principal()?;
    if p.role != Role::TeamLead {
        return Err(AppError::Forbidden);
    }
    if case.status() != rules::CaseStatus::ClosureRequested {
        return Err(invalid(
            "status",
            "Voor dit dossier is geen afsluiting aangevraagd.",
            "No closure was requested for this case.",
        ));
    }
    let mut tx = state.store().begin().await?;
    tx.approve_closure(id, &state.now().date_naive().to_string(), state.now())
        .await?;
    tx.record_event(
        id,
        Some(p.user_id),
        &TimelineEvent::ClosureApproved {
            by: p.display_name.clone(),
        },
        "",
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
        )
        .await
}

/// Why a closed case is opened again.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ReopenInput {
    /// Required: why the case is opened again (on the timeline).
    #[serde(default)]
    pub reason: String,
}

/// The team lead reopens a closed case, with a reason: logged as a change and on the timeline. Refused while
/// the child has another case that is not closed (one open case per child).
pub async fn reopen(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ReopenInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let p = ctx.principal()?;
    if p.role != Role::TeamLead {
        return Err(AppError::Forbidden);
    }
    if case.status != "closed" {
        return Err(invalid(
            "reason",
            "Alleen een gesloten dossier kan worden heropend.",
            "Only a closed case can be reopened.",
        ));
    }
    let reason = input.reason.trim();
    if reason.is_empty() {
        return Err(invalid(
            "reason",
            "Schrijf waarom het dossier weer opengaat.",
            "Write why the case is opened again.",
        ));
    }
    let other_open = |number: &str| {
        invalid(
            "reason",
            &format!(
                "Dit kind heeft al een lopend dossier ({number}); heropenen kan pas als dat gesloten is."
            ),
            &format!(
                "This child already has an open case ({number}); reopen only after that one is closed."
            ),
        )
    };
    let mut tx = state.store().begin().await?;
    if let Some(open) = tx.open_case_of_child(case.child_id).await? {
        return Err(other_open(&open.case_number));
    }
    match tx.reopen_case(id, state.now()).await {
        Ok(()) => {}
        // A parallel reopen of another file of this child won: the unique index says so.
        Err(schakel_store::StoreError::OpenCaseExists) => return Err(other_open("—")),
        Err(e) => return Err(conflict_with(&case)(e)),
    }
    let reopened = schakel_domain::timeline::TimelineEvent::Reopened {
        by: p.display_name.clone(),
        reason: reason.to_string(),
    };
    tx.record_event(id, Some(p.user_id), &reopened, reason, state.now())
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
        )
        .await
}
