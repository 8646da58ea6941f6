//! Consultations (consultatie): a school asks the social worker's advice about a pupil, named or anonymous; the
//! worker answers and closes it, or records one that came in by phone.

use super::input::{collect, invalid, parse_date, text};
use super::scope::own_worker;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::org::FieldError;
use schakel_domain::{Principal, Role};
use schakel_store::StoreError;
use serde::{Deserialize, Serialize};

/// A school's question for its social worker, without a pupil's name (asked before there is a referral).
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsultationRequest {
    /// What the question is about (1–200 characters).
    #[serde(default)]
    pub theme: String,
    /// The question, without the pupil's name (1–4000 characters).
    #[serde(default)]
    pub question: String,
}

/// A school contact asks its school's social worker for a consultation; the request waits for the worker's
/// answer (`answer_consultation`). Only a school contact asks: a worker records a consultation
/// (`record_consultation`), so anyone else is refused (403) before the input is read. Every wrong field at once.
pub async fn request_consultation(
    state: &AppState,
    ctx: &Ctx,
    input: &ConsultationRequest,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    let school_id = match (p.role, p.school_id) {
        (Role::SchoolContact, Some(school_id)) => school_id,
        _ => {
            state
                .log(ctx.event(AuditAction::Create, "consultation", None, "denied"))
                .await?;
            return Err(AppError::Forbidden);
        }
    };
    let mut errors = Vec::new();
    let theme = text("theme", &input.theme, 200, true).map_err(|e| collect(&mut errors, e));
    let question =
        text("question", &input.question, 4000, true).map_err(|e| collect(&mut errors, e));
    let (Ok(theme), Ok(question), true) = (theme, question, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let assignment = state
        .store()
        .list_assignments(None, None, Some(school_id))
        .await?
        .into_iter()
        .find(|a| a.ends_on.is_none())
        .ok_or_else(|| {
            invalid(
                "theme",
                "Aan deze school is nog geen schoolmaatschappelijk werker gekoppeld.",
                "No school social worker is linked to this school yet.",
            )
        })?;
    let now = state.now();
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_consultation_request(
            assignment.organisation_id,
            school_id,
            Some(assignment.worker_id),
            &p.display_name,
            &theme,
            &question,
            &now.date_naive().to_string(),
            now,
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "consultation",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsultationInput {
    #[serde(default)]
    pub school_code: String,
    #[serde(default)]
    pub asked_by: String,
    #[serde(default)]
    pub child_label: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub advice: String,
    /// Minutes spent (0–600); required.
    #[serde(default)]
    pub minutes: Option<i64>,
    #[serde(default)]
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub held_on: String,
}

/// The organisation's consultations, newest first (at most 300); named ones hold personal data, so the
/// reading is logged. A school contact gets the requests its school sent, with the answers.
pub async fn consultations(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Vec<schakel_store::Consultation>, AppError> {
    let p = ctx.principal()?;
    let list = match p.role {
        Role::SchoolContact => {
            state
                .store()
                .consultation_requests_of_school(p.school_id.ok_or(AppError::Forbidden)?, 300)
                .await?
        }
        _ => {
            state
                .store()
                .list_consultations(p.organisation_id.ok_or(AppError::Forbidden)?, 300)
                .await?
        }
    };
    state
        .log(ctx.event(AuditAction::Read, "consultation", None, "ok"))
        .await?;
    Ok(list)
}

/// Schools whose consultation requests a social worker answers: those of their current assignments.
async fn consultation_schools(state: &AppState, ctx: &Ctx) -> Result<Option<Vec<i64>>, AppError> {
    let p = ctx.principal()?;
    match p.role {
        Role::TeamLead => Ok(None),
        Role::SocialWorker => Ok(Some(match own_worker(state, ctx).await? {
            Some(w) => state
                .store()
                .list_assignments(None, Some(w.id), None)
                .await?
                .into_iter()
                .filter(|a| a.ends_on.is_none())
                .map(|a| a.school_id)
                .collect(),
            None => Vec::new(),
        })),
        _ => Err(AppError::Forbidden),
    }
}

fn may_answer(
    p: &Principal,
    c: &schakel_store::Consultation,
    schools: &Option<Vec<i64>>,
    own_worker: Option<i64>,
) -> bool {
    p.organisation_id == Some(c.organisation_id)
        && match schools {
            None => true,
            Some(ids) => {
                c.school_id.is_some_and(|s| ids.contains(&s))
                    || (own_worker.is_some() && c.worker_id == own_worker)
            }
        }
}

/// The schools' consultation requests waiting for an answer: a social worker's for their own schools, a team
/// lead's for the organisation; oldest first.
pub async fn open_consultations(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Vec<schakel_store::Consultation>, AppError> {
    let p = ctx.principal()?;
    let org = p.organisation_id.ok_or(AppError::Forbidden)?;
    let schools = consultation_schools(state, ctx).await?;
    let own = own_worker(state, ctx).await?.map(|w| w.id);
    let list: Vec<_> = state
        .store()
        .open_consultation_requests(org)
        .await?
        .into_iter()
        .filter(|c| may_answer(p, c, &schools, own))
        .collect();
    state
        .log(ctx.event(AuditAction::Read, "consultation", None, "ok"))
        .await?;
    Ok(list)
}

/// A worker's answer to a school's consultation request; answering closes it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsultationAnswer {
    /// The advice for the school (1–4000 characters).
    #[serde(default)]
    pub advice: String,
    /// Minutes spent (0–600), counted as consultation time of the school; required.
    #[serde(default)]
    pub minutes: Option<i64>,
}

/// The social worker of the school (or a team lead) answers an open consultation request and closes it.
/// A request of another worker's school is "not found"; an answered one is refused (422).
pub async fn answer_consultation(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ConsultationAnswer,
) -> Result<schakel_store::Consultation, AppError> {
    let p = ctx.principal()?;
    let schools = consultation_schools(state, ctx).await?;
    let own = own_worker(state, ctx).await?.map(|w| w.id);
    let c = match state.store().consultation(id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if !may_answer(p, &c, &schools, own) {
        state
            .log(ctx.event(
                AuditAction::Change,
                "consultation",
                Some(id.to_string()),
                "denied",
            ))
            .await?;
        return Err(AppError::NotFound);
    }
    if c.question.is_empty() || c.closed_on.is_some() {
        return Err(invalid(
            "advice",
            "Deze consultatievraag is al beantwoord en gesloten.",
            "This consultation request has already been answered and closed.",
        ));
    }
    let mut errors = Vec::new();
    let advice = text("advice", &input.advice, 4000, true).map_err(|e| collect(&mut errors, e));
    let minutes = minutes_of(input.minutes, &mut errors);
    let (Ok(advice), Some(minutes), true) = (advice, minutes, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let today = state.now().date_naive().to_string();
    let mut tx = state.store().begin().await?;
    match tx
        .answer_consultation(id, own, &advice, minutes, &today)
        .await
    {
        Ok(()) => {}
        Err(StoreError::Conflict { .. }) => {
            return Err(AppError::Conflict {
                current: serde_json::to_value(&c).unwrap_or_default(),
            });
        }
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "consultation",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(state.store().consultation(id).await?)
}

/// Minutes spent on a consultation: required, 0–600; the field's error otherwise.
fn minutes_of(minutes: Option<i64>, errors: &mut Vec<FieldError>) -> Option<i64> {
    let m = minutes.filter(|m| (0..=600).contains(m));
    if m.is_none() {
        errors.push(FieldError::new(
            "minutes",
            "Minuten liggen tussen 0 en 600.",
            "Minutes are between 0 and 600.",
        ));
    }
    m
}

/// A worker records advice given to a teacher or care coordinator, without a case file.
pub async fn record_consultation(
    state: &AppState,
    ctx: &Ctx,
    input: &ConsultationInput,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    let org = p.organisation_id.ok_or(AppError::Forbidden)?;
    // Every wrong field at once.
    let mut errors = Vec::new();
    let theme = text("theme", &input.theme, 200, true).map_err(|e| collect(&mut errors, e));
    let advice = text("advice", &input.advice, 4000, false).map_err(|e| collect(&mut errors, e));
    let held_on = parse_date("held_on", &input.held_on).map_err(|e| collect(&mut errors, e));
    let minutes = minutes_of(input.minutes, &mut errors);
    let school_id = if input.school_code.trim().is_empty() {
        None
    } else {
        match state
            .store()
            .school_by_code(&input.school_code.trim().to_ascii_uppercase())
            .await
        {
            Ok(s) => Some(s.id),
            Err(StoreError::NotFound) => {
                errors.push(FieldError::new(
                    "school_code",
                    "Geen school met deze code.",
                    "No school has this code.",
                ));
                None
            }
            Err(e) => return Err(e.into()),
        }
    };
    let (Ok(theme), Ok(advice), Ok(held_on), Some(minutes), true) =
        (theme, advice, held_on, minutes, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let now = state.now();
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_consultation(
            org,
            school_id,
            worker,
            input.asked_by.trim(),
            input.child_label.trim(),
            &theme,
            &advice,
            minutes,
            &held_on.to_string(),
            now,
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "consultation",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}
