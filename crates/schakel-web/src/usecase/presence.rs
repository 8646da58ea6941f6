//! Presence at schools and holiday cover (issue 13, items 4 and 5): the weekly pattern of each assignment
//! (presence times and walk-in hours) with its exceptions, school holidays per region and school year, the cover
//! roster, the "wie is er wanneer" schedule of a school and the calendar feed (ADR 021).
//!
//! Who may do what: the worker of an assignment, and the team lead and functional admin of its organisation, set
//! its pattern and exceptions. The team lead and functional admin keep the cover roster. The functional admin sets
//! the holidays. A school contact sees the schedule of their own school, staff of an organisation the schedules of
//! the schools it works at; anyone else gets "not found".

use super::input::parse_date;
use super::scope::own_worker;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::{Duration, NaiveDate, NaiveTime};
use schakel_domain::audit::AuditAction;
use schakel_domain::group::session_times;
use schakel_domain::input::{Fields, date as field_date, text as field_text};
use schakel_domain::org::FieldError;
use schakel_domain::presence::{self as rules, CoverReason, HolidayName, SlotKind};
use schakel_domain::{Lang, Role};
use schakel_store::{Cover, PresenceFilter, PresenceSlot, SchoolHoliday};
use serde::{Deserialize, Serialize};

/// A domain rule's refusal of one field, to collect with the others.
fn field(p: schakel_domain::group::Problem) -> FieldError {
    FieldError::new(p.0, p.1, p.2)
}

/// A slot to add to an assignment's weekly pattern.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct SlotInput {
    /// Required: a missing assignment is refused on this field.
    #[serde(default)]
    pub assignment_id: Option<i64>,
    /// `aanwezig` (present at school) or `inloopspreekuur` (walk-in hour).
    #[serde(default)]
    #[schemars(extend("enum" = SlotKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()))]
    pub kind: String,
    /// Monday 1 … Friday 5.
    #[serde(default)]
    pub weekday: Option<i64>,
    /// HH:MM.
    #[serde(default)]
    pub starts_at: String,
    /// HH:MM.
    #[serde(default)]
    pub ends_at: String,
    /// Where at school (a room), for the walk-in hour.
    #[serde(default)]
    pub place: String,
}

/// A date of a slot that is cancelled, or moved (give all three `moved_*` fields).
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ExceptionInput {
    /// The time (slot) of the weekly pattern; required.
    #[serde(default)]
    pub slot_id: Option<i64>,
    /// YYYY-MM-DD: a date of the slot's weekday.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub on_date: String,
    /// YYYY-MM-DD; empty: the date is cancelled.
    #[serde(default)]
    pub moved_to_date: String,
    #[serde(default)]
    pub moved_starts_at: String,
    #[serde(default)]
    pub moved_ends_at: String,
    #[serde(default)]
    pub note: String,
}

/// A school holiday of one region (set again to change its dates).
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct HolidayInput {
    /// `2026-2027`.
    #[serde(default)]
    pub school_year: String,
    /// `noord`, `midden` or `zuid`.
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    #[schemars(extend("enum" = HolidayName::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()))]
    pub name: String,
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub starts_on: String,
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub ends_on: String,
}

/// A roster line: who covers a school when.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct CoverInput {
    #[serde(default)]
    pub school_id: Option<i64>,
    /// The covering worker (of the organisation).
    #[serde(default)]
    pub worker_id: Option<i64>,
    /// The worker who is away; none: every worker of the school (a school holiday).
    #[serde(default)]
    pub absent_worker_id: Option<i64>,
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub starts_on: String,
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub ends_on: String,
    /// `vakantie` (school holiday) or `afwezigheid` (absence).
    #[serde(default)]
    #[schemars(extend("enum" = CoverReason::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()))]
    pub reason: String,
    #[serde(default)]
    pub note: String,
}

/// One time someone is at the school.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct ScheduledTime {
    pub slot_id: i64,
    pub school_id: i64,
    /// YYYY-MM-DD.
    pub date: String,
    pub starts_at: String,
    pub ends_at: String,
    /// `aanwezig` or `inloopspreekuur`.
    pub kind: String,
    pub place: String,
    /// The worker of the pattern.
    pub worker_id: i64,
    pub worker_name: String,
    /// Who is there instead, during a cover.
    pub covered_by_id: Option<i64>,
    pub covered_by_name: Option<String>,
    pub moved: bool,
    pub cancelled: bool,
}

/// "Wie is er wanneer": a school's weekly pattern, its times in a period, holidays and who covers.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SchoolSchedule {
    pub school_id: i64,
    pub school_name: String,
    /// `noord`, `midden` or `zuid` (none: no holidays known).
    pub region: Option<String>,
    pub from: String,
    pub until: String,
    pub pattern: Vec<PresenceSlot>,
    pub times: Vec<ScheduledTime>,
    /// Holidays of the school's region that end on or after `from` and start by `until`.
    pub holidays: Vec<SchoolHoliday>,
    /// Roster lines for the school that end on or after `from` (also after `until`: the roster ahead).
    pub covers: Vec<Cover>,
}

fn time(s: &str) -> Result<NaiveTime, AppError> {
    NaiveTime::parse_from_str(s, "%H:%M").map_err(|_| AppError::internal("stored time"))
}

fn date(s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| AppError::internal("stored date"))
}

fn staff(role: Role) -> bool {
    matches!(
        role,
        Role::SocialWorker | Role::TeamLead | Role::FunctionalAdmin
    )
}

/// The schools whose schedule the reader sees: their own school (school contact), the schools their
/// organisation works at (staff); none for anyone else.
pub(crate) async fn visible_schools(state: &AppState, ctx: &Ctx) -> Result<Vec<i64>, AppError> {
    let p = ctx.principal()?;
    Ok(match (p.role, p.organisation_id, p.school_id) {
        (Role::SchoolContact, _, Some(s)) => vec![s],
        (r, Some(org), _) if staff(r) => super::group::organisation_schools(state, org)
            .await?
            .into_iter()
            .map(|s| s.0)
            .collect(),
        _ => Vec::new(),
    })
}

/// The schools of the reader's own calendar feed: a school contact's school; a social worker's schools and the
/// ones they cover; a team lead's or functional admin's organisation.
async fn feed_schools(state: &AppState, ctx: &Ctx, today: NaiveDate) -> Result<Vec<i64>, AppError> {
    let p = ctx.principal()?;
    if p.role != Role::SocialWorker {
        return visible_schools(state, ctx).await;
    }
    let Some(w) = own_worker(state, ctx).await? else {
        return Ok(Vec::new());
    };
    let mut schools: Vec<i64> = state
        .store()
        .list_assignments(None, Some(w.id), None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .map(|a| a.school_id)
        .collect();
    schools.extend(covered_schools(state, w.id, today, None).await?);
    schools.sort_unstable();
    schools.dedup();
    Ok(schools)
}

/// The schools a worker covers on `day` (or in the period up to `until`).
pub(crate) async fn covered_schools(
    state: &AppState,
    worker_id: i64,
    day: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Vec<i64>, AppError> {
    let covers = state
        .store()
        .covers(&PresenceFilter {
            worker_id: Some(worker_id),
            from: Some(day.to_string()),
            until: Some(until.unwrap_or(day).to_string()),
            ..Default::default()
        })
        .await?;
    Ok(covers.into_iter().map(|c| c.school_id).collect())
}

/// The worker who covers a school on a day, if any (for triage's default assignee).
pub(crate) async fn covering_worker(
    state: &AppState,
    school_id: i64,
    day: NaiveDate,
) -> Result<Option<i64>, AppError> {
    let covers = state
        .store()
        .covers(&PresenceFilter {
            school_ids: Some(vec![school_id]),
            from: Some(day.to_string()),
            until: Some(day.to_string()),
            ..Default::default()
        })
        .await?;
    let domain = domain_covers(&covers)?;
    Ok(rules::default_assignee(&domain, school_id, day, None))
}

fn domain_covers(covers: &[Cover]) -> Result<Vec<rules::Cover>, AppError> {
    covers
        .iter()
        .map(|c| {
            Ok(rules::Cover {
                id: c.id,
                school_id: c.school_id,
                worker_id: c.worker_id,
                absent_worker_id: c.absent_worker_id,
                starts_on: date(&c.starts_on)?,
                ends_on: date(&c.ends_on)?,
            })
        })
        .collect()
}

/// The schedules of these schools from `from` to `until`, read in a few queries.
pub(crate) async fn schedules(
    state: &AppState,
    school_ids: &[i64],
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<SchoolSchedule>, AppError> {
    let store = state.store();
    let filter = PresenceFilter {
        school_ids: Some(school_ids.to_vec()),
        ..Default::default()
    };
    let slots = store.presence_slots(&filter).await?;
    let slot_ids: Vec<i64> = slots.iter().map(|s| s.id).collect();
    let exceptions = store
        .presence_exceptions(&slot_ids, &from.to_string())
        .await?;
    let holidays = store.school_holidays(None, &from.to_string()).await?;
    let covers = store
        .covers(&PresenceFilter {
            school_ids: Some(school_ids.to_vec()),
            from: Some(from.to_string()),
            ..Default::default()
        })
        .await?;
    let domain_exceptions = exceptions
        .iter()
        .map(|e| {
            let moved_to = match (&e.moved_to_date, &e.moved_starts_at, &e.moved_ends_at) {
                (Some(d), Some(a), Some(b)) => Some((date(d)?, time(a)?, time(b)?)),
                _ => None,
            };
            Ok(rules::Exception {
                slot_id: e.slot_id,
                on: date(&e.on_date)?,
                moved_to,
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    let domain_covers = domain_covers(&covers)?;
    let mut out = Vec::new();
    for &school_id in school_ids {
        let school = store.school(school_id).await?;
        let region = school.holiday_region.clone();
        let own_holidays: Vec<SchoolHoliday> = holidays
            .iter()
            .filter(|h| Some(&h.region) == region.as_ref() && h.starts_on <= until.to_string())
            .cloned()
            .collect();
        let domain_holidays = own_holidays
            .iter()
            .filter_map(|h| {
                Some(rules::Holiday {
                    region: h.region.clone(),
                    name: HolidayName::parse(&h.name)?,
                    starts_on: date(&h.starts_on).ok()?,
                    ends_on: date(&h.ends_on).ok()?,
                })
            })
            .collect::<Vec<_>>();
        let pattern: Vec<PresenceSlot> = slots
            .iter()
            .filter(|s| s.school_id == school_id)
            .cloned()
            .collect();
        let domain_slots = pattern
            .iter()
            .map(|s| {
                Ok(rules::Slot {
                    id: s.id,
                    worker_id: s.worker_id,
                    school_id: s.school_id,
                    weekday: u32::try_from(s.weekday).unwrap_or(0),
                    starts: time(&s.starts_at)?,
                    ends: time(&s.ends_at)?,
                    kind: SlotKind::parse(&s.kind).unwrap_or(SlotKind::Presence),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        let occurrences = rules::occurrences(
            &domain_slots,
            &domain_exceptions,
            &domain_holidays,
            &domain_covers,
            from,
            until,
        );
        let school_covers: Vec<Cover> = covers
            .iter()
            .filter(|c| c.school_id == school_id)
            .cloned()
            .collect();
        let times = occurrences
            .iter()
            .filter_map(|o| {
                let slot = pattern.iter().find(|s| s.id == o.slot_id)?;
                let covered_by_name = o.covered_by.and_then(|w| {
                    school_covers
                        .iter()
                        .find(|c| c.worker_id == w)
                        .map(|c| c.worker_name.clone())
                });
                Some(ScheduledTime {
                    slot_id: o.slot_id,
                    school_id,
                    date: o.date.to_string(),
                    starts_at: o.starts.format("%H:%M").to_string(),
                    ends_at: o.ends.format("%H:%M").to_string(),
                    kind: o.kind.code().to_string(),
                    place: slot.place.clone(),
                    worker_id: o.worker_id,
                    worker_name: slot.worker_name.clone(),
                    covered_by_id: o.covered_by,
                    covered_by_name,
                    moved: o.moved,
                    cancelled: o.cancelled,
                })
            })
            .collect();
        out.push(SchoolSchedule {
            school_id,
            school_name: school.name,
            region,
            from: from.to_string(),
            until: until.to_string(),
            pattern,
            times,
            holidays: own_holidays,
            covers: school_covers,
        });
    }
    Ok(out)
}

/// "Wie is er wanneer" of a school for `weeks` weeks from `from` (default today); the reading is logged.
pub async fn school_schedule(
    state: &AppState,
    ctx: &Ctx,
    school_id: i64,
    from: Option<&str>,
    weeks: Option<i64>,
) -> Result<SchoolSchedule, AppError> {
    if !visible_schools(state, ctx).await?.contains(&school_id) {
        state
            .log(ctx.event(
                AuditAction::Read,
                "presence",
                Some(school_id.to_string()),
                "denied",
            ))
            .await?;
        return Err(AppError::NotFound);
    }
    let from = match from.filter(|f| !f.is_empty()) {
        Some(f) => parse_date("from", f)?,
        None => schakel_domain::local_time::amsterdam_date(state.now()),
    };
    let weeks = weeks.unwrap_or(6).clamp(1, rules::MAX_WEEKS);
    let until = from + Duration::days(weeks * 7 - 1);
    let mut list = schedules(state, &[school_id], from, until).await?;
    state
        .log(ctx.event(
            AuditAction::Read,
            "presence",
            Some(school_id.to_string()),
            "ok",
        ))
        .await?;
    list.pop().ok_or(AppError::NotFound)
}

/// A slot the reader may change: of their own current assignment (social worker), or of their organisation
/// (team lead, functional admin).
async fn slot_to_change(state: &AppState, ctx: &Ctx, id: i64) -> Result<PresenceSlot, AppError> {
    let slot = state
        .store()
        .presence_slot(id)
        .await?
        .ok_or(AppError::NotFound)?;
    may_change_assignment(state, ctx, slot.worker_id, slot.organisation_id).await?;
    Ok(slot)
}

async fn may_change_assignment(
    state: &AppState,
    ctx: &Ctx,
    worker_id: i64,
    organisation_id: i64,
) -> Result<(), AppError> {
    let p = ctx.principal()?;
    let allowed = match p.role {
        Role::SocialWorker => own_worker(state, ctx)
            .await?
            .is_some_and(|w| w.id == worker_id),
        Role::TeamLead | Role::FunctionalAdmin => p.organisation_id == Some(organisation_id),
        _ => false,
    };
    if allowed {
        Ok(())
    } else {
        state
            .log(ctx.event(AuditAction::Change, "presence", None, "denied"))
            .await?;
        Err(AppError::NotFound)
    }
}

/// Adds a time to an assignment's weekly pattern.
pub async fn add_slot(state: &AppState, ctx: &Ctx, input: &SlotInput) -> Result<i64, AppError> {
    let not_current = || {
        FieldError::new(
            "assignment_id",
            "Kies een lopende toewijzing.",
            "Choose a current assignment.",
        )
    };
    let mut f = Fields::new();
    let assignment = state
        .store()
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .find(|a| Some(a.id) == input.assignment_id && a.ends_on.is_none());
    // Another worker's assignment is refused like an unknown one: the id came in the body, so it is the field that
    // is wrong (422), and nothing tells whether it exists.
    let assignment = match assignment {
        Some(a) => match may_change_assignment(state, ctx, a.worker_id, a.organisation_id).await {
            Ok(()) => Some(a),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let assignment = f.take(assignment.ok_or_else(not_current));
    let kind = f.take(SlotKind::parse(&input.kind).ok_or_else(|| {
        FieldError::new(
            "kind",
            "Kies aanwezig of inloopspreekuur.",
            "Choose present or walk-in hour.",
        )
    }));
    let weekday = f.take(rules::weekday_given(input.weekday).map_err(field));
    let times = f.take(session_times(&input.starts_at, &input.ends_at).map_err(field));
    let place = f.take(field_text("place", &input.place, 200, false));
    let ((assignment, kind), (weekday, ((starts, ends), place))) = f
        .finish((|| {
            Some(((assignment?, kind?), (weekday?, (times?, place?))))
        })())
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_presence_slot(
            &schakel_store::NewPresenceSlot {
                assignment_id: assignment.id,
                kind: kind.code().into(),
                weekday: i64::from(weekday),
                starts_at: starts.format("%H:%M").to_string(),
                ends_at: ends.format("%H:%M").to_string(),
                place,
                created_by: Some(ctx.principal()?.user_id),
            },
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "presence_slot",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

/// Removes a time from a weekly pattern.
pub async fn remove_slot(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let slot = slot_to_change(state, ctx, id).await?;
    let mut tx = state.store().begin().await?;
    tx.delete_presence_slot(slot.id).await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Delete,
                "presence_slot",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await
}

/// Cancels one date of a slot, or moves it to another date and time.
pub async fn add_exception(
    state: &AppState,
    ctx: &Ctx,
    input: &ExceptionInput,
) -> Result<i64, AppError> {
    // An unknown time, or one the reader may not change, is a wrong field in the body (422), not a missing page.
    let slot = match input.slot_id {
        Some(id) => match slot_to_change(state, ctx, id).await {
            Ok(s) => Some(s),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    };
    let mut f = Fields::new();
    let slot = f.take(slot.ok_or_else(|| {
        FieldError::new(
            "slot_id",
            "Kies een van de tijden die u mag wijzigen.",
            "Choose one of the times you may change.",
        )
    }));
    let on = f.take(
        field_date("on_date", &input.on_date).and_then(|on| match &slot {
            Some(slot)
                if i64::from(chrono::Datelike::weekday(&on).number_from_monday())
                    != slot.weekday =>
            {
                Err(FieldError::new(
                    "on_date",
                    "Kies een datum op de dag van deze tijd.",
                    "Choose a date on this time's weekday.",
                ))
            }
            _ => Ok(on),
        }),
    );
    let note = f.take(field_text("note", &input.note, 500, false));
    let moved = if input.moved_to_date.trim().is_empty() {
        Some(None)
    } else {
        let to = f.take(field_date("moved_to_date", &input.moved_to_date));
        let times = f.take(
            session_times(&input.moved_starts_at, &input.moved_ends_at).map_err(|p| {
                let name = if p.0 == "starts_at" {
                    "moved_starts_at"
                } else {
                    "moved_ends_at"
                };
                FieldError::new(name, p.1, p.2)
            }),
        );
        to.zip(times).map(|(to, (a, b))| {
            Some((
                to.to_string(),
                a.format("%H:%M").to_string(),
                b.format("%H:%M").to_string(),
            ))
        })
    };
    let ((slot, on), (note, moved)) = f
        .finish((|| Some(((slot?, on?), (note?, moved?))))())
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let id = tx
        .set_presence_exception(
            slot.id,
            &on.to_string(),
            moved
                .as_ref()
                .map(|m| (m.0.as_str(), m.1.as_str(), m.2.as_str())),
            &note,
            Some(ctx.principal()?.user_id),
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "presence_slot",
                Some(slot.id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

/// The holidays from the start of the current school year on (all regions).
pub async fn holidays(state: &AppState, ctx: &Ctx) -> Result<Vec<SchoolHoliday>, AppError> {
    ctx.principal()?;
    let today = schakel_domain::local_time::amsterdam_date(state.now());
    let year = rules::school_year_of(today);
    let start = year.get(..4).unwrap_or("2000");
    Ok(state
        .store()
        .school_holidays(None, &format!("{start}-08-01"))
        .await?)
}

/// The functional admin sets a region's holiday of a school year.
pub async fn set_holiday(
    state: &AppState,
    ctx: &Ctx,
    input: &HolidayInput,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    if p.role != Role::FunctionalAdmin {
        return Err(AppError::Forbidden);
    }
    let mut f = Fields::new();
    let year = f.take(schakel_domain::org::parse_school_year(&input.school_year));
    let region = f.take(schakel_domain::org::parse_holiday_region(&input.region));
    let name = f.take(
        HolidayName::parse(&input.name)
            .ok_or_else(|| FieldError::new("name", "Kies een vakantie.", "Choose a holiday.")),
    );
    let starts = f.take(field_date("starts_on", &input.starts_on));
    let ends = f.take(field_date("ends_on", &input.ends_on));
    if let (Some(starts), Some(ends)) = (starts, ends) {
        match rules::date_range(starts, ends, 70) {
            Err(p) => f.push(field(p)),
            Ok(_) => {
                if let Some(Err(p)) = year.as_deref().map(|y| rules::holiday_in_year(y, starts)) {
                    f.push(field(p));
                }
            }
        }
    }
    let ((year, region), (name, (starts, ends))) = f
        .finish((|| Some(((year?, region?), (name?, (starts?, ends?)))))())
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let id = tx
        .set_school_holiday(
            &SchoolHoliday {
                id: 0,
                school_year: year,
                region,
                name: name.code().into(),
                starts_on: starts.to_string(),
                ends_on: ends.to_string(),
            },
            Some(p.user_id),
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "school_holiday",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

/// The cover roster the reader sees (ending today or later): their organisation's (staff), their school's
/// (school contact).
pub async fn covers(state: &AppState, ctx: &Ctx) -> Result<Vec<Cover>, AppError> {
    let p = ctx.principal()?;
    let today = schakel_domain::local_time::amsterdam_date(state.now());
    let mut filter = PresenceFilter {
        from: Some(today.to_string()),
        ..Default::default()
    };
    match (p.role, p.organisation_id, p.school_id) {
        (Role::SchoolContact, _, Some(s)) => filter.school_ids = Some(vec![s]),
        (r, Some(org), _) if staff(r) => filter.organisation_id = Some(org),
        _ => return Err(AppError::Forbidden),
    }
    let list = state.store().covers(&filter).await?;
    state
        .log(ctx.event(AuditAction::Read, "cover", None, "ok"))
        .await?;
    Ok(list)
}

/// The team lead or functional admin puts a worker on the roster for a school.
pub async fn add_cover(state: &AppState, ctx: &Ctx, input: &CoverInput) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    let org = match (p.role, p.organisation_id) {
        (Role::TeamLead | Role::FunctionalAdmin, Some(org)) => org,
        _ => return Err(AppError::Forbidden),
    };
    let mut f = Fields::new();
    let schools = super::group::organisation_schools(state, org).await?;
    let school_id = f.take(
        input
            .school_id
            .filter(|id| schools.iter().any(|s| s.0 == *id))
            .ok_or_else(|| {
                FieldError::new(
                    "school_id",
                    "Kies een school waar de organisatie werkt.",
                    "Choose a school where the organisation works.",
                )
            }),
    );
    let workers = state.store().list_workers(Some(org)).await?;
    let worker_id = f.take(
        input
            .worker_id
            .filter(|id| workers.iter().any(|w| w.id == *id && *w.active))
            .ok_or_else(|| {
                FieldError::new(
                    "worker_id",
                    "Kies een actieve medewerker van de organisatie.",
                    "Choose an active worker of the organisation.",
                )
            }),
    );
    if let Some(a) = input.absent_worker_id
        && (Some(a) == input.worker_id || !workers.iter().any(|w| w.id == a))
    {
        f.push(FieldError::new(
            "absent_worker_id",
            "Kies een andere medewerker van de organisatie.",
            "Choose another worker of the organisation.",
        ));
    }
    let reason = f.take(CoverReason::parse(&input.reason).ok_or_else(|| {
        FieldError::new(
            "reason",
            "Kies schoolvakantie of afwezigheid.",
            "Choose school holiday or absence.",
        )
    }));
    let starts = f.take(field_date("starts_on", &input.starts_on));
    let ends = f.take(field_date("ends_on", &input.ends_on));
    if let (Some(starts), Some(ends)) = (starts, ends)
        && let Err(p) = rules::date_range(starts, ends, rules::MAX_COVER_DAYS)
    {
        f.push(field(p));
    }
    let note = f.take(field_text("note", &input.note, 500, false));
    let ((school_id, worker_id), (reason, ((starts, ends), note))) = f
        .finish((|| {
            Some((
                (school_id?, worker_id?),
                (reason?, ((starts?, ends?), note?)),
            ))
        })())
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_cover(
            &schakel_store::NewCover {
                organisation_id: org,
                school_id,
                worker_id,
                absent_worker_id: input.absent_worker_id,
                starts_on: starts.to_string(),
                ends_on: ends.to_string(),
                reason: reason.code().into(),
                note,
                created_by: Some(p.user_id),
            },
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Create, "cover", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(id)
}

/// Takes a line off the roster.
pub async fn remove_cover(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let p = ctx.principal()?;
    let cover = state.store().cover(id).await?.ok_or(AppError::NotFound)?;
    let allowed = matches!(p.role, Role::TeamLead | Role::FunctionalAdmin)
        && p.organisation_id == Some(cover.organisation_id);
    if !allowed {
        return Err(AppError::NotFound);
    }
    let mut tx = state.store().begin().await?;
    tx.delete_cover(id).await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Delete, "cover", Some(id.to_string()), "ok"),
        )
        .await
}

/// The user's calendar feed: a new secret URL path (shown once; an earlier one stops working).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct NewFeed {
    /// The path of the feed, `/calendar/{token}`: anyone with it reads the feed, so keep it secret.
    pub path: String,
}

/// Makes (or renews) the user's calendar feed; only the token's keyed hash is stored.
pub async fn renew_feed(state: &AppState, ctx: &Ctx) -> Result<NewFeed, AppError> {
    let p = ctx.principal()?;
    let token = format!("cal_{}", crate::secrets::random_token());
    let mut tx = state.store().begin().await?;
    // The feed is fetched without a session, so it keeps the language the user reads Schakel in now.
    tx.renew_calendar_feed(
        p.user_id,
        &state.token_hash(&token),
        ctx.lang.code(),
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "calendar_feed",
                Some(p.user_id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(NewFeed {
        path: format!("/calendar/{token}"),
    })
}

/// Stops the user's calendar feed.
pub async fn revoke_feed(state: &AppState, ctx: &Ctx) -> Result<u64, AppError> {
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let n = tx.revoke_calendar_feeds(p.user_id, state.now()).await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Delete,
                "calendar_feed",
                Some(p.user_id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(n)
}

/// The feed behind a token: the owner's schools from two weeks back to 26 weeks ahead, as iCalendar text.
/// An unknown or revoked token, or a disabled owner, is "not found"; every fetch is logged as the owner's. The
/// texts are in the language kept with the feed (the owner's when they made it; Dutch by default).
pub async fn feed(state: &AppState, ctx: &Ctx, token: &str) -> Result<String, AppError> {
    let owner = if token.starts_with("cal_") && token.len() <= 100 {
        state
            .store()
            .calendar_feed_owner(&state.token_hash(token))
            .await?
    } else {
        None
    };
    let lang = owner
        .as_ref()
        .and_then(|o| Lang::parse(&o.lang))
        .unwrap_or(Lang::Nl);
    let user = match owner {
        Some(o) => Some(state.store().user(o.user_id).await?).filter(|u| !*u.disabled),
        None => None,
    };
    let Some(principal) = user.as_ref().and_then(crate::auth::principal_of) else {
        state
            .log(ctx.event(AuditAction::Read, "calendar_feed", None, "denied"))
            .await?;
        return Err(AppError::NotFound);
    };
    let owner_ctx = Ctx {
        principal: Some(principal.clone()),
        own_worker: std::sync::Arc::default(),
        ..ctx.clone()
    };
    let today = schakel_domain::local_time::amsterdam_date(state.now());
    let schools = feed_schools(state, &owner_ctx, today).await?;
    let from = today - Duration::days(14);
    let until = today + Duration::weeks(26);
    let list = schedules(state, &schools, from, until).await?;
    let mut event = owner_ctx.event(
        AuditAction::Read,
        "calendar_feed",
        Some(principal.user_id.to_string()),
        "ok",
    );
    event.basis = "calendar_feed_token".into();
    state.log(event).await?;
    // A social worker's own bookings (appointments and walk-in slots) are in their feed too (ADR 025).
    let appointments = match own_worker(state, &owner_ctx).await? {
        Some(w) if principal.role == Role::SocialWorker => {
            super::appointment::for_feed(state, w.id, from, until).await?
        }
        _ => Vec::new(),
    };
    Ok(super::calendar::presence_calendar(
        &list,
        &appointments,
        lang,
        state.now(),
    ))
}
