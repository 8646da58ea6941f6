//! Triage of a referral by the team lead: accept (open or join the child's case), forward or decline — with the
//! version check against a parallel triage.

use super::input::{based_on, collect, invalid, text};
use super::referral::referral;
use super::scope::own_worker;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::{self as rules, ReferralStatus};
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use schakel_store::{NewCase, Referral, StoreError};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct TriageInput {
    /// `accepted`, `advice_only`, `forwarded`, `declined`.
    #[serde(default)]
    #[schemars(extend("examples" = ["accepted", "advice_only", "forwarded", "declined"]))]
    pub decision: String,
    #[serde(default)]
    pub note: String,
    /// Worker to assign when accepting; a social worker accepting assigns themself by default.
    pub worker_id: Option<i64>,
    /// The version the decision is based on (required; 409 when stale).
    pub version: Option<i64>,
    /// What the page could not read (a worker that is no number), refused with the other fields.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// The refusal of a worker that cannot be assigned (not a worker of this organisation, or not one at all).
pub fn worker_refused() -> FieldError {
    FieldError::new(
        "worker_id",
        "Kies een actieve medewerker van deze organisatie.",
        "Choose an active worker of this organisation.",
    )
}

/// Triage: accept as a case (assigning a worker), advice only, forward, or decline with a reason.
pub async fn triage(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &TriageInput,
) -> Result<Option<i64>, AppError> {
    let r = referral(state, ctx, id).await?;
    let current = ReferralStatus::parse(&r.status)
        .ok_or_else(|| AppError::internal("unknown referral status"))?;
    // Every wrong field at once: the decision, the note it needs, the worker, the version.
    let mut errors = input.unreadable.clone();
    let next = match ReferralStatus::parse(&input.decision) {
        None => {
            errors.push(FieldError::new(
                "decision",
                "Kies een beslissing.",
                "Choose a decision.",
            ));
            None
        }
        Some(decision) => match rules::triage(current, decision) {
            Ok(next) => Some(next),
            Err(m) => {
                errors.push(FieldError::new(
                    "decision",
                    m,
                    "This referral cannot be decided (again).",
                ));
                None
            }
        },
    };
    let note = text(
        "note",
        &input.note,
        2000,
        matches!(
            next,
            Some(ReferralStatus::Declined | ReferralStatus::Forwarded)
        ),
    )
    .map_err(|e| collect(&mut errors, e))
    .ok();
    let version = based_on(input.version)
        .map_err(|e| collect(&mut errors, e))
        .ok();
    // The worker matters only when the referral is accepted.
    if let (Some(w), Some(ReferralStatus::Accepted)) = (input.worker_id, next) {
        match state.store().worker(w).await {
            Ok(worker) if worker.organisation_id == r.organisation_id && *worker.active => {}
            Ok(_) | Err(StoreError::NotFound) => errors.push(worker_refused()),
            Err(e) => return Err(e.into()),
        }
    }
    let (Some(next), Some(note), Some(version), true) = (next, note, version, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let org = state.store().organisation(r.organisation_id).await?;
    let settings = state
        .store()
        .organisation_settings(r.organisation_id)
        .await?;
    let triage = Triage {
        referral: &r,
        next,
        note: &note,
        version,
        worker_id: input.worker_id,
        organisation: &org,
        settings: &settings,
    };
    // One child, one file: the database refuses a second open file. When a triage of another referral of the
    // child opened one at the same moment, that file is committed by now, so a second attempt joins it as any
    // later referral of the child does.
    for _attempt in 0..2 {
        if let Triaged::Decided(case_id) = write_triage(state, ctx, &triage).await? {
            return Ok(case_id);
        }
    }
    Err(AppError::Conflict {
        current: serde_json::json!({"status": r.status, "version": r.version, "child_has_open_case": true}),
    })
}

/// A triage decision, checked and ready to write.
struct Triage<'a> {
    referral: &'a Referral,
    next: ReferralStatus,
    note: &'a str,
    version: i64,
    worker_id: Option<i64>,
    organisation: &'a schakel_store::Organisation,
    settings: &'a schakel_store::OrganisationSettings,
}

pub(crate) enum Triaged {
    /// Written, with the case the referral now belongs to.
    Decided(Option<i64>),
    /// Nothing written: another triage opened a case file for the child after this one looked.
    ChildGotOpenCase,
}

/// Writes a triage decision in one transaction: the look for the child's open case, the new case file (with a
/// number from the organisation's counter) or the joining of the open one, and the referral's decision.
async fn write_triage(state: &AppState, ctx: &Ctx, t: &Triage<'_>) -> Result<Triaged, AppError> {
    let p = ctx.principal()?;
    let r = t.referral;
    let org = t.organisation;
    let now = state.now();
    let today = now.date_naive();
    let mut tx = state.store().begin().await?;
    let mut case_id = None;
    let open_case = if t.next == ReferralStatus::Accepted {
        tx.open_case_of_child(r.child_id).await?
    } else {
        None
    };
    if let Some(open) = open_case {
        // One child, one file: a referral of a child with an open case joins that case; its worker stays.
        let joined = TimelineEvent::ReferralJoined {
            received_on: r.received_on.clone(),
        };
        tx.record_event(open.id, Some(p.user_id), &joined, &r.reason, now)
            .await?;
        case_id = Some(open.id);
    } else if t.next == ReferralStatus::Accepted {
        // Without a choice, the worker who covers the school today takes it (ADR 021); else a social worker
        // takes it themself.
        let covering = match t.worker_id {
            Some(_) => None,
            None => {
                let today = schakel_domain::local_time::amsterdam_date(now);
                super::presence::covering_worker(state, r.school_id, today).await?
            }
        };
        let worker =
            match (t.worker_id.or(covering), p.role) {
                (Some(w), _) => state.store().worker(w).await.map_err(|_| {
                    invalid("worker_id", "Kies een medewerker.", "Choose a worker.")
                })?,
                (None, Role::SocialWorker) => own_worker(state, ctx).await?.ok_or_else(|| {
                    invalid("worker_id", "Kies een medewerker.", "Choose a worker.")
                })?,
                _ => {
                    return Err(invalid(
                        "worker_id",
                        "Kies een medewerker.",
                        "Choose a worker.",
                    ));
                }
            };
        if worker.organisation_id != org.id || !*worker.active {
            return Err(invalid(
                "worker_id",
                "Kies een actieve medewerker van deze organisatie.",
                "Choose an active worker of this organisation.",
            ));
        }
        let previous = state
            .store()
            .last_closed_case_of_child(r.child_id)
            .await?
            .filter(|c| {
                c.closed_on
                    .as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                    .is_some_and(|closed| rules::links_to_previous(closed, today))
            });
        let year = today.year();
        let seq = tx.next_case_sequence(org.id, year).await?;
        let number = rules::case_number(&t.settings.case_prefix, year, seq);
        let inserted = tx
            .insert_case(
                &NewCase {
                    organisation_id: org.id,
                    case_number: number.clone(),
                    child_id: r.child_id,
                    school_id: Some(r.school_id),
                    worker_id: Some(worker.id),
                    team_id: worker.team_id,
                    referral_id: Some(r.id),
                    previous_case_id: previous.as_ref().map(|c| c.id),
                    opened_on: today.to_string(),
                    review_on: Some(
                        rules::first_review(today, t.settings.review_weeks).to_string(),
                    ),
                },
                now,
            )
            .await;
        let new_case = match inserted {
            Ok(new_case) => new_case,
            Err(StoreError::OpenCaseExists) => return Ok(Triaged::ChildGotOpenCase),
            Err(e) => return Err(e.into()),
        };
        let opened = TimelineEvent::Opened {
            case_number: number.clone(),
            worker: worker.name.clone(),
            previous: previous.as_ref().map(|c| c.case_number.clone()),
        };
        tx.record_event(new_case, Some(p.user_id), &opened, &r.reason, now)
            .await?;
        case_id = Some(new_case);
    }
    match tx
        .decide_referral(
            r.id,
            t.version,
            t.next.as_str(),
            t.note,
            &today.to_string(),
            case_id,
            now,
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let current = state.store().referral(r.id).await?;
            return Err(AppError::Conflict {
                current: serde_json::json!({"status": current.status, "version": current.version}),
            });
        }
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "referral",
                Some(r.id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(Triaged::Decided(case_id))
}

use chrono::Datelike;
