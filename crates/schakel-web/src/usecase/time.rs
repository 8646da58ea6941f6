//! Time: indirect time booked to a school and the hours per school against the contract.

use super::case::{finish, for_change};
use super::input::{invalid, parse_date};
use super::scope::own_worker;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::{self as rules};
use schakel_domain::input::{Fields, date, text};
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct IndirectTimeInput {
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub spent_on: String,
    /// Required, 1–480: a missing number is refused, not read as 0 (the page and the API alike).
    #[serde(default)]
    pub minutes: Option<i64>,
    /// A code of the indirect activities (`verslaglegging`, …).
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::INDIRECT_ACTIVITIES)))]
    pub activity: String,
    #[serde(default)]
    pub note: String,
}

/// Records indirect time for a case; it counts for the case's school.
pub async fn add_indirect_time(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &IndirectTimeInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    // Also after closure (writing the closing report is indirect time), never before the case was opened.
    let today = state.now().date_naive();
    let mut f = Fields::new();
    let spent_on = f.take(date("spent_on", &input.spent_on).and_then(|d| {
        if d.to_string() < case.opened_on {
            Err(FieldError::new(
                "spent_on",
                "Deze datum ligt voor de opening van het dossier.",
                "This date is before the case was opened.",
            ))
        } else if d > today {
            Err(FieldError::new(
                "spent_on",
                "Tijd kan niet in de toekomst liggen.",
                "Time cannot be in the future.",
            ))
        } else {
            Ok(d)
        }
    }));
    if rules::IndirectActivity::parse(&input.activity).is_none() {
        f.push(FieldError::new(
            "activity",
            "Kies een soort werk.",
            "Choose a kind of work.",
        ));
    }
    let minutes = f.take(
        input
            .minutes
            .filter(|m| (1..=480).contains(m))
            .ok_or_else(|| {
                FieldError::new(
                    "minutes",
                    "Minuten liggen tussen 1 en 480.",
                    "Minutes are between 1 and 480.",
                )
            }),
    );
    let note = f.take(text("note", &input.note, 2000, false));
    let (spent_on, minutes, note) = f
        .finish((|| Some((spent_on?, minutes?, note?)))())
        .map_err(AppError::Validation)?;
    let p = ctx.principal()?;
    // The time is the recorder's own: a team lead without a worker record books it to no worker.
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    let mut tx = state.store().begin().await?;
    let entry = tx
        .insert_time_entry(
            &schakel_store::NewTimeEntry {
                organisation_id: case.organisation_id,
                case_id: Some(id),
                school_id: case.school_id,
                worker_id: worker,
                spent_on: spent_on.to_string(),
                minutes,
                activity: input.activity.clone(),
                note,
                created_by: Some(p.user_id),
            },
            state.now(),
        )
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::IndirectTime {
            activity: input.activity.clone(),
            minutes,
        },
        "",
    )
    .await?;
    Ok(entry)
}

/// A period asked for in a query string (`from`, `until`: dates; empty means the default).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct PeriodQuery {
    /// YYYY-MM-DD; default the start of the school year.
    #[schemars(extend("format" = "date"))]
    pub from: Option<String>,
    /// YYYY-MM-DD; default today.
    #[schemars(extend("format" = "date"))]
    pub until: Option<String>,
    /// Set after a booking was saved (the page shows "saved").
    #[serde(default)]
    #[schemars(skip)]
    pub saved: Option<String>,
}

/// Direct, indirect and consultation time per school in a period: a social worker's own, a team lead's
/// organisation. Figures about the work, not about children.
pub async fn time_per_school(
    state: &AppState,
    ctx: &Ctx,
    period: &PeriodQuery,
) -> Result<(NaiveDate, NaiveDate, Vec<schakel_store::SchoolTime>), AppError> {
    let p = ctx.principal()?;
    let today = state.now().date_naive();
    let until = match period.until.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(d) => parse_date("until", d)?,
        None => today,
    };
    let from = match period.from.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(d) => parse_date("from", d)?,
        None => rules::school_year_start(until),
    };
    if from > until {
        return Err(invalid(
            "from",
            "De begindatum ligt na de einddatum.",
            "The start date is after the end date.",
        ));
    }
    let organisation_id = p.organisation_id.ok_or(AppError::Forbidden)?;
    let worker_id = match p.role {
        Role::SocialWorker => Some(own_worker(state, ctx).await?.map(|w| w.id).unwrap_or(-1)),
        Role::TeamLead => None,
        _ => return Err(AppError::Forbidden),
    };
    let rows = state
        .store()
        .time_per_school(&schakel_store::TimeFilter {
            organisation_id,
            worker_id,
            from: from.to_string(),
            until: until.to_string(),
        })
        .await?;
    Ok((from, until, rows))
}

/// Time at a school outside any case file, as the page and the API send it.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct SchoolTimeInput {
    /// A school the worker is assigned to (or covers) on that day; required.
    #[serde(default)]
    pub school_id: Option<i64>,
    /// YYYY-MM-DD, not in the future.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub spent_on: String,
    /// Required, 1–480.
    #[serde(default)]
    pub minutes: Option<i64>,
    /// A code of the school activities (`aanwezig`, `overleg_school`, …).
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&school_activity_codes())))]
    pub activity: String,
    #[serde(default)]
    pub note: String,
}

/// The school activities as (code, Dutch label) pairs, for the documented examples.
pub fn school_activity_codes() -> Vec<(&'static str, &'static str)> {
    rules::SchoolActivity::ALL
        .iter()
        .map(|a| (a.code(), a.label(schakel_domain::Lang::Nl)))
        .collect()
}

/// Books time at a school outside any case file, for the worker's own work at a school they are assigned to
/// or cover that day. Every wrong field at once; returns the entry's id.
pub async fn book_school_time(
    state: &AppState,
    ctx: &Ctx,
    input: &SchoolTimeInput,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    // A team lead without a caseload works at no school: the school is refused with the other fields.
    let worker = own_worker(state, ctx).await?;
    let today = state.now().date_naive();
    let parsed = rules::NewSchoolTime::parse(
        rules::SchoolTimeDraft {
            spent_on: &input.spent_on,
            minutes: input.minutes,
            activity: &input.activity,
            note: &input.note,
        },
        today,
    );
    let mut errors = Vec::new();
    let day = match &parsed {
        Ok(t) => Some(t.spent_on),
        Err(e) => {
            errors.extend(e.iter().cloned());
            date("spent_on", &input.spent_on).ok()
        }
    };
    let works_there = match (&worker, input.school_id, day) {
        (Some(w), Some(school), Some(day)) => works_at(state, w.id, school, day).await?,
        (Some(_), Some(_), None) => true, // the date is named already
        _ => false,
    };
    if !works_there && !errors.iter().any(|e| e.field == "school_id") {
        errors.push(FieldError::new(
            "school_id",
            "Kies een school waar u op die dag werkt.",
            "Choose a school you work at on that day.",
        ));
    }
    let (Ok(time), Some(school_id), Some(worker), true) =
        (parsed, input.school_id, worker, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_time_entry(
            &schakel_store::NewTimeEntry {
                organisation_id: worker.organisation_id,
                case_id: None,
                school_id: Some(school_id),
                worker_id: Some(worker.id),
                spent_on: time.spent_on.to_string(),
                minutes: time.minutes,
                activity: time.activity.code().into(),
                note: time.note,
                created_by: Some(p.user_id),
            },
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "school_time",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

/// Whether a worker is assigned to a school on a day, or covers it then.
async fn works_at(
    state: &AppState,
    worker_id: i64,
    school_id: i64,
    day: NaiveDate,
) -> Result<bool, AppError> {
    let on = day.to_string();
    let assigned = state
        .store()
        .list_assignments(None, Some(worker_id), Some(school_id))
        .await?
        .iter()
        .any(|a| a.starts_on <= on && a.ends_on.as_ref().is_none_or(|e| *e >= on));
    if assigned {
        return Ok(true);
    }
    let covers = state
        .store()
        .covers(&schakel_store::PresenceFilter {
            school_ids: Some(vec![school_id]),
            worker_id: Some(worker_id),
            from: Some(on.clone()),
            until: Some(on.clone()),
            ..Default::default()
        })
        .await?;
    Ok(covers
        .iter()
        .any(|c| c.worker_id == worker_id && c.starts_on <= on && c.ends_on >= on))
}
