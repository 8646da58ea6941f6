//! Appointments and walk-in slots (issue 13, items 6 and 7; ADR 025). The worker of a school (or the worker who
//! covers it), the team lead and the school's contact book a slot of a walk-in hour, or a separate appointment at a
//! time the worker is at the school, for a parent or a pupil. A slot is taken once: the store's unique index
//! decides a race, the loser gets a 422 on `starts_at`; a booking that overlaps another with the same worker is
//! refused the same way (checked under a lock of the worker's row). No walk-in slots in a school holiday.
//!
//! Who sees what: a school contact only what it booked itself (and which slots of its school are free or taken,
//! without names); a social worker the bookings at the schools they work at or cover and those with them; a team
//! lead the organisation's. Anyone else, or another school's booking, gets "not found" (logged). Every read of
//! named bookings is logged.

use super::presence::{SchoolSchedule, schedules};
use super::scope::own_worker;
use crate::AppState;
use crate::auth::Ctx;
use crate::contract::Download;
use crate::error::AppError;
use chrono::{Duration, NaiveDate, NaiveTime};
use schakel_domain::Role;
use schakel_domain::appointment::{
    self as rules, AppointmentKind, AppointmentStatus, ForKind, MAX_PURPOSE,
};
use schakel_domain::audit::AuditAction;
use schakel_domain::input::{Fields, date as field_date, text as field_text};
use schakel_domain::org::FieldError;
use schakel_domain::presence::{Occurrence, SlotKind};
use schakel_store::{Appointment, AppointmentFilter, BookedTime, NewAppointment, StoreError};
use serde::{Deserialize, Serialize};

/// The most weeks the walk-in slots are shown ahead.
pub const MAX_WALK_IN_WEEKS: i64 = 8;
/// The days ahead the home page reminds a worker of (today included).
pub const REMINDER_DAYS: i64 = 7;

/// A booking: a walk-in slot (`kind` = `inloop`, with `slot_id`, `date` and `starts_at`) or a separate
/// appointment (`afspraak`, with `date`, `starts_at` and `ends_at` inside a time the worker is at the school).
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct BookingInput {
    /// `inloop` (a walk-in slot) or `afspraak` (a separate appointment).
    #[serde(default)]
    #[schemars(extend("enum" = AppointmentKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()))]
    pub kind: String,
    /// Required: the school.
    #[serde(default)]
    pub school_id: Option<i64>,
    /// Walk-in slots: the walk-in hour of the weekly pattern (see `GET /api/v1/appointments/walk-in`).
    #[serde(default)]
    pub slot_id: Option<i64>,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub date: String,
    /// HH:MM; for a walk-in slot the start of a free slot.
    #[serde(default)]
    pub starts_at: String,
    /// HH:MM; separate appointments only (a walk-in slot lasts 15 minutes).
    #[serde(default)]
    pub ends_at: String,
    /// Separate appointments: the worker (none: the reader's own time at the school, or whoever is there).
    #[serde(default)]
    pub worker_id: Option<i64>,
    /// Who the booking is for, as the booker types the name.
    #[serde(default)]
    pub for_name: String,
    /// `ouder` (parent) or `leerling` (pupil).
    #[serde(default)]
    #[schemars(extend("enum" = ForKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()))]
    pub for_kind: String,
    /// A few words (at most 120 characters); no case content.
    #[serde(default)]
    pub purpose: String,
    /// The child's case, when the worker books from the case (staff only).
    #[serde(default)]
    pub case_id: Option<i64>,
}

/// A new status of a booking.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct StatusInput {
    /// `verschenen` (attended) or `niet_verschenen` (not shown); cancel with the cancel route.
    #[serde(default)]
    #[schemars(extend("enum" = ["verschenen", "niet_verschenen"]))]
    pub status: String,
}

/// Which bookings a list holds.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct AppointmentQuery {
    #[serde(default, deserialize_with = "crate::usecase::input::empty_as_none")]
    pub school_id: Option<i64>,
    /// YYYY-MM-DD; default today.
    #[serde(default)]
    pub from: Option<String>,
    /// YYYY-MM-DD; default four weeks after `from`.
    #[serde(default)]
    pub until: Option<String>,
    /// `geboekt`, `geannuleerd`, `verschenen` or `niet_verschenen`.
    #[serde(default)]
    pub status: Option<String>,
}

/// One walk-in slot: free or taken (whose booking it is only when the reader may see it).
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WalkInSlot {
    pub starts_at: String,
    pub ends_at: String,
    pub taken: bool,
    /// The booking, when the reader may open it (staff: every one; a school contact: its own).
    pub appointment_id: Option<i64>,
}

/// One walk-in hour on a date with its slots.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WalkInHour {
    pub slot_id: i64,
    pub date: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    /// Who holds it (the covering worker during a cover).
    pub worker_name: String,
    pub slots: Vec<WalkInSlot>,
}

/// The walk-in hours of a school in a period, with free and taken slots; none in a school holiday.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct WalkInSchedule {
    pub school_id: i64,
    pub school_name: String,
    pub from: String,
    pub until: String,
    pub hours: Vec<WalkInHour>,
}

fn field(p: schakel_domain::group::Problem) -> FieldError {
    FieldError::new(p.0, p.1, p.2)
}

fn today(state: &AppState) -> NaiveDate {
    schakel_domain::local_time::amsterdam_date(state.now())
}

fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

fn time_field(name: &str, s: &str) -> Result<NaiveTime, FieldError> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| FieldError::new(name, "Vul een tijd in als uu:mm.", "Give a time as hh:mm."))
}

/// The schools the reader books at and sees bookings of: a school contact's school; a social worker's schools
/// and those they cover from today on; a team lead's organisation's.
async fn schools_of(state: &AppState, ctx: &Ctx) -> Result<Vec<i64>, AppError> {
    let p = ctx.principal()?;
    Ok(match (p.role, p.organisation_id, p.school_id) {
        (Role::SchoolContact, _, Some(s)) => vec![s],
        (Role::TeamLead, Some(org), _) => super::group::organisation_schools(state, org)
            .await?
            .into_iter()
            .map(|s| s.0)
            .collect(),
        (Role::SocialWorker, _, _) => {
            let Some(w) = own_worker(state, ctx).await? else {
                return Ok(Vec::new());
            };
            let day = today(state);
            let mut schools: Vec<i64> = state
                .store()
                .list_assignments(None, Some(w.id), None)
                .await?
                .into_iter()
                .filter(|a| a.ends_on.is_none())
                .map(|a| a.school_id)
                .collect();
            schools.extend(
                super::presence::covered_schools(state, w.id, day, Some(day + Duration::days(366)))
                    .await?,
            );
            schools.sort_unstable();
            schools.dedup();
            schools
        }
        _ => Vec::new(),
    })
}

/// The schools the reader books at, with their names (by name).
pub async fn school_names(state: &AppState, ctx: &Ctx) -> Result<Vec<(i64, String)>, AppError> {
    let ids = schools_of(state, ctx).await?;
    let mut out = Vec::new();
    for id in ids {
        out.push((id, state.store().school(id).await?.name));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// May the reader see this booking (and its name)?
async fn may_see(state: &AppState, ctx: &Ctx, a: &Appointment) -> Result<bool, AppError> {
    let p = ctx.principal()?;
    Ok(match p.role {
        Role::SchoolContact => p.school_id == Some(a.school_id) && a.booked_by == p.user_id,
        Role::TeamLead => p.organisation_id == Some(a.organisation_id),
        Role::SocialWorker => {
            let own = own_worker(state, ctx).await?;
            own.as_ref().is_some_and(|w| w.id == a.worker_id)
                || (own.is_some_and(|w| w.organisation_id == a.organisation_id)
                    && schools_of(state, ctx).await?.contains(&a.school_id))
        }
        _ => false,
    })
}

/// A booking the reader may see; "not found" (logged) otherwise.
async fn visible(state: &AppState, ctx: &Ctx, id: i64) -> Result<Appointment, AppError> {
    let found = state.store().appointment(id).await?;
    if let Some(a) = found
        && may_see(state, ctx, &a).await?
    {
        return Ok(a);
    }
    state
        .log(ctx.event(
            AuditAction::Read,
            "appointment",
            Some(id.to_string()),
            "denied",
        ))
        .await?;
    Err(AppError::NotFound)
}

/// The domain's times of a schedule (as `presence::occurrences` made them).
fn occurrences(s: &SchoolSchedule) -> Vec<Occurrence> {
    s.times
        .iter()
        .filter_map(|t| {
            Some(Occurrence {
                slot_id: t.slot_id,
                school_id: t.school_id,
                date: NaiveDate::parse_from_str(&t.date, "%Y-%m-%d").ok()?,
                starts: NaiveTime::parse_from_str(&t.starts_at, "%H:%M").ok()?,
                ends: NaiveTime::parse_from_str(&t.ends_at, "%H:%M").ok()?,
                kind: SlotKind::parse(&t.kind)?,
                worker_id: t.worker_id,
                covered_by: t.covered_by_id,
                moved: t.moved,
                cancelled: t.cancelled,
            })
        })
        .collect()
}

/// The time a booking takes.
fn booked_span(b: &BookedTime) -> Option<(NaiveTime, NaiveTime)> {
    let time = |s: &str| NaiveTime::parse_from_str(s, "%H:%M").ok();
    Some((time(&b.starts_at)?, time(&b.ends_at)?))
}

fn in_holiday(s: &SchoolSchedule, d: NaiveDate) -> bool {
    let d = d.to_string();
    s.holidays
        .iter()
        .any(|h| h.starts_on <= d && d <= h.ends_on)
}

/// The walk-in hours of a school from `from` (default today) for `weeks` weeks (default 2), free and taken
/// slots; names are not in it. A school the reader does not book at is "not found".
pub async fn walk_in(
    state: &AppState,
    ctx: &Ctx,
    school_id: i64,
    from: Option<&str>,
    weeks: Option<i64>,
) -> Result<WalkInSchedule, AppError> {
    let p = ctx.principal()?.clone();
    if !schools_of(state, ctx).await?.contains(&school_id) {
        state
            .log(ctx.event(
                AuditAction::Read,
                "appointment",
                Some(format!("school:{school_id}")),
                "denied",
            ))
            .await?;
        return Err(AppError::NotFound);
    }
    let from = match from.filter(|f| !f.trim().is_empty()) {
        Some(f) => super::input::parse_date("from", f)?,
        None => today(state),
    };
    let until = from + Duration::days(weeks.unwrap_or(2).clamp(1, MAX_WALK_IN_WEEKS) * 7 - 1);
    let schedule = schedules(state, &[school_id], from, until)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    // A slot is taken by its own booking, or by any booking with the hour's worker (or of the hour) whose time
    // overlaps it: a separate appointment in the walk-in hour takes the slots it covers.
    let mut workers: Vec<i64> = schedule
        .times
        .iter()
        .map(|t| t.covered_by_id.unwrap_or(t.worker_id))
        .collect();
    workers.sort_unstable();
    workers.dedup();
    let booked = state
        .store()
        .booked_times(
            &[school_id],
            &workers,
            &from.to_string(),
            &until.to_string(),
        )
        .await?;
    let staff = p.role != Role::SchoolContact;
    let hours = schedule
        .times
        .iter()
        .filter(|t| t.kind == SlotKind::WalkIn.code() && !t.cancelled)
        .filter_map(|t| {
            let starts = NaiveTime::parse_from_str(&t.starts_at, "%H:%M").ok()?;
            let ends = NaiveTime::parse_from_str(&t.ends_at, "%H:%M").ok()?;
            let slots = rules::walk_in_slots(starts, ends)
                .into_iter()
                .map(|(a, b)| {
                    let worker = t.covered_by_id.unwrap_or(t.worker_id);
                    let own = |x: &&BookedTime| {
                        x.slot_id == Some(t.slot_id) && x.on_date == t.date && x.starts_at == hm(a)
                    };
                    let overlapping = |x: &&BookedTime| {
                        x.on_date == t.date
                            && (x.worker_id == worker || x.slot_id == Some(t.slot_id))
                            && booked_span(x).is_some_and(|span| rules::overlaps(span, (a, b)))
                    };
                    let booking = booked
                        .iter()
                        .find(own)
                        .or_else(|| booked.iter().find(overlapping));
                    WalkInSlot {
                        starts_at: hm(a),
                        ends_at: hm(b),
                        taken: booking.is_some(),
                        appointment_id: booking
                            .filter(|x| {
                                x.school_id == school_id && (staff || x.booked_by == p.user_id)
                            })
                            .map(|x| x.appointment_id),
                    }
                })
                .collect();
            Some(WalkInHour {
                slot_id: t.slot_id,
                date: t.date.clone(),
                starts_at: t.starts_at.clone(),
                ends_at: t.ends_at.clone(),
                place: t.place.clone(),
                worker_name: t
                    .covered_by_name
                    .clone()
                    .unwrap_or_else(|| t.worker_name.clone()),
                slots,
            })
        })
        .collect();
    Ok(WalkInSchedule {
        school_id,
        school_name: schedule.school_name,
        from: from.to_string(),
        until: until.to_string(),
        hours,
    })
}

/// The bookings the reader sees, by filter (default from today, four weeks); the reading is logged.
pub async fn list(
    state: &AppState,
    ctx: &Ctx,
    q: &AppointmentQuery,
) -> Result<Vec<Appointment>, AppError> {
    let p = ctx.principal()?.clone();
    let from = match q.from.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(f) => super::input::parse_date("from", f)?,
        None => today(state),
    };
    let until = match q.until.as_deref().filter(|f| !f.trim().is_empty()) {
        Some(f) => super::input::parse_date("until", f)?,
        None => from + Duration::days(27),
    };
    let status = match q.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => Some(
            AppointmentStatus::parse(s)
                .ok_or_else(|| {
                    AppError::Validation(vec![FieldError::new(
                        "status",
                        "Kies een bestaande status.",
                        "Choose an existing status.",
                    )])
                })?
                .code()
                .to_string(),
        ),
        None => None,
    };
    let mut schools = schools_of(state, ctx).await?;
    if let Some(s) = q.school_id {
        schools.retain(|x| *x == s);
    }
    let mut filter = AppointmentFilter {
        school_ids: Some(schools),
        status,
        from: Some(from.to_string()),
        until: Some(until.to_string()),
        ..Default::default()
    };
    match p.role {
        Role::SchoolContact => filter.booked_by = Some(p.user_id),
        Role::TeamLead | Role::SocialWorker => filter.organisation_id = p.organisation_id,
        _ => return Err(AppError::Forbidden),
    }
    let list = state.store().appointments(&filter).await?;
    state
        .log(ctx.event(AuditAction::Read, "appointment", None, "ok"))
        .await?;
    Ok(list)
}

/// One booking; the reading is logged.
pub async fn get(state: &AppState, ctx: &Ctx, id: i64) -> Result<Appointment, AppError> {
    let a = visible(state, ctx, id).await?;
    state
        .log(ctx.event(AuditAction::Read, "appointment", Some(id.to_string()), "ok"))
        .await?;
    Ok(a)
}

/// The checked fields of a booking, before the time at school is looked up.
struct Typed {
    kind: AppointmentKind,
    school_id: i64,
    date: NaiveDate,
    starts: NaiveTime,
    ends: Option<NaiveTime>,
    for_name: String,
    for_kind: ForKind,
    purpose: String,
    case_id: Option<i64>,
}

/// Checks every field of a booking at once (what needs no schedule).
async fn typed(state: &AppState, ctx: &Ctx, input: &BookingInput) -> Result<Typed, AppError> {
    let p = ctx.principal()?.clone();
    let mut f = Fields::new();
    let kind = f.take(AppointmentKind::parse(&input.kind).ok_or_else(|| {
        FieldError::new(
            "kind",
            "Kies inloopspreekuur of afspraak.",
            "Choose walk-in slot or appointment.",
        )
    }));
    let schools = schools_of(state, ctx).await?;
    let school_id = f.take(
        input
            .school_id
            .filter(|s| schools.contains(s))
            .ok_or_else(|| {
                FieldError::new(
                    "school_id",
                    "Kies een school waar u afspraken maakt.",
                    "Choose a school where you make appointments.",
                )
            }),
    );
    let date = f.take(field_date("date", &input.date).and_then(|d| {
        if d < today(state) {
            Err(FieldError::new(
                "date",
                "Kies vandaag of een latere datum.",
                "Choose today or a later date.",
            ))
        } else {
            Ok(d)
        }
    }));
    let starts = f.take(time_field("starts_at", &input.starts_at));
    let ends = match kind {
        Some(AppointmentKind::Appointment) => f
            .take(
                time_field("ends_at", &input.ends_at).and_then(|e| match starts {
                    Some(s) => rules::appointment_times(s, e).map(|()| e),
                    None => Ok(e),
                }),
            )
            .map(Some),
        _ => Some(None),
    };
    if kind == Some(AppointmentKind::WalkIn) && input.slot_id.is_none() {
        f.push(FieldError::new(
            "slot_id",
            "Kies een inloopspreekuur.",
            "Choose a walk-in hour.",
        ));
    }
    let for_name = f.take(field_text("for_name", &input.for_name, 200, true));
    let for_kind = f.take(ForKind::parse(&input.for_kind).ok_or_else(|| {
        FieldError::new(
            "for_kind",
            "Kies ouder of leerling.",
            "Choose parent or pupil.",
        )
    }));
    let purpose = f.take(field_text("purpose", &input.purpose, MAX_PURPOSE, false));
    let case_id = match input.case_id {
        None => Some(None),
        Some(id) => {
            let case = match state.store().case(id).await {
                Ok(c) => Some(c),
                Err(StoreError::NotFound) => None,
                Err(e) => return Err(e.into()),
            };
            let ok = match (&case, p.role) {
                (Some(c), Role::SocialWorker | Role::TeamLead) => {
                    super::scope::may_open(state, ctx, c).await?
                }
                _ => false,
            };
            f.take(if ok {
                Ok(Some(id))
            } else {
                Err(FieldError::new(
                    "case_id",
                    "Kies een dossier dat u mag openen.",
                    "Choose a case file you may open.",
                ))
            })
        }
    };
    let ((kind, school_id), ((date, starts), (ends, ((for_name, for_kind), (purpose, case_id))))) =
        f.finish((|| {
            Some((
                (kind?, school_id?),
                (
                    (date?, starts?),
                    (ends?, ((for_name?, for_kind?), (purpose?, case_id?))),
                ),
            ))
        })())
        .map_err(AppError::Validation)?;
    Ok(Typed {
        kind,
        school_id,
        date,
        starts,
        ends,
        for_name,
        for_kind,
        purpose,
        case_id,
    })
}

/// Books a walk-in slot or a separate appointment; the new booking's id.
pub async fn book(state: &AppState, ctx: &Ctx, input: &BookingInput) -> Result<i64, AppError> {
    let p = ctx.principal()?.clone();
    let t = typed(state, ctx, input).await?;
    let schedule = schedules(state, &[t.school_id], t.date, t.date)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    let times = occurrences(&schedule);
    let refuse =
        |name: &str, nl: &str, en: &str| AppError::Validation(vec![FieldError::new(name, nl, en)]);
    if in_holiday(&schedule, t.date) {
        return Err(refuse(
            "date",
            "In de schoolvakantie zijn er geen inloopspreekuren of afspraken op school.",
            "There are no walk-in hours or appointments at school in the school holidays.",
        ));
    }
    let (occurrence, ends) = match t.kind {
        AppointmentKind::WalkIn => {
            let slot_id = input.slot_id.unwrap_or_default();
            rules::walk_in_slot_of(&times, slot_id, t.date, t.starts).ok_or_else(|| {
                refuse(
                    "starts_at",
                    "Kies een tijdvak van een inloopspreekuur op die dag.",
                    "Choose a slot of a walk-in hour on that day.",
                )
            })?
        }
        AppointmentKind::Appointment => {
            let ends = t.ends.unwrap_or(t.starts);
            let worker = match (input.worker_id, p.role) {
                (Some(w), _) => Some(w),
                (None, Role::SocialWorker) => own_worker(state, ctx).await?.map(|w| w.id),
                (None, _) => None,
            };
            let o = rules::presence_holding(&times, t.date, t.starts, ends, worker).ok_or_else(
                || {
                    refuse(
                        "starts_at",
                        "Op dat moment is de medewerker niet op deze school; kies een tijd uit 'wie is er wanneer'.",
                        "The worker is not at this school then; choose a time from 'who is there when'.",
                    )
                },
            )?;
            (o, ends)
        }
    };
    let organisation_id = schedule
        .pattern
        .iter()
        .find(|s| s.id == occurrence.slot_id)
        .map(|s| s.organisation_id)
        .ok_or(AppError::NotFound)?;
    if p.role != Role::SchoolContact && p.organisation_id != Some(organisation_id) {
        return Err(refuse(
            "school_id",
            "Kies een school waar u afspraken maakt.",
            "Choose a school where you make appointments.",
        ));
    }
    let worker_id = occurrence.present_worker();
    let slot_id = (t.kind == AppointmentKind::WalkIn).then_some(occurrence.slot_id);
    // No overlap with the worker's other bookings (or another of the walk-in hour): checked and inserted under
    // a lock of the worker's row, so two bookings at the same moment cannot both pass the check.
    let mut tx = state.store().begin().await?;
    tx.lock_worker(worker_id).await?;
    if tx
        .overlapping_booking(
            worker_id,
            slot_id,
            &t.date.to_string(),
            &hm(t.starts),
            &hm(ends),
        )
        .await?
        .is_some()
    {
        return Err(AppError::Validation(vec![rules::overlap_refused(t.kind)]));
    }
    let inserted = tx
        .insert_appointment(
            &NewAppointment {
                organisation_id,
                school_id: t.school_id,
                worker_id,
                kind: t.kind.code().into(),
                slot_id,
                on_date: t.date.to_string(),
                starts_at: hm(t.starts),
                ends_at: hm(ends),
                for_name: t.for_name,
                for_kind: t.for_kind.code().into(),
                purpose: t.purpose,
                case_id: t.case_id,
                booked_by: p.user_id,
            },
            state.now(),
        )
        .await;
    let id = match inserted {
        Ok(id) => id,
        Err(StoreError::Duplicate(_)) => {
            return Err(refuse(
                "starts_at",
                "Dit tijdvak is al geboekt; kies een ander tijdvak.",
                "This slot is already taken; choose another slot.",
            ));
        }
        Err(e) => return Err(e.into()),
    };
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "appointment",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

async fn change(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    to: AppointmentStatus,
) -> Result<(), AppError> {
    let a = visible(state, ctx, id).await?;
    let p = ctx.principal()?;
    if p.role == Role::SchoolContact && to != AppointmentStatus::Cancelled {
        return Err(AppError::Forbidden);
    }
    let from = AppointmentStatus::parse(&a.status).ok_or_else(|| AppError::internal("status"))?;
    let on = NaiveDate::parse_from_str(&a.on_date, "%Y-%m-%d")
        .map_err(|_| AppError::internal("stored date"))?;
    rules::change_status(from, to, on, today(state)).map_err(|e| AppError::Validation(vec![e]))?;
    let mut tx = state.store().begin().await?;
    tx.set_appointment_status(id, from.code(), to.code(), state.now())
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "appointment",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await
}

/// Cancels a booking (before or on its day); the slot is free again.
pub async fn cancel(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    change(state, ctx, id, AppointmentStatus::Cancelled).await
}

/// Records that the person came, or did not (staff, on or after the day).
pub async fn set_status(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &StatusInput,
) -> Result<(), AppError> {
    let to = AppointmentStatus::parse(&input.status)
        .filter(|s| matches!(s, AppointmentStatus::Attended | AppointmentStatus::NotShown))
        .ok_or_else(|| {
            AppError::Validation(vec![field((
                "status",
                "Kies verschenen of niet verschenen.",
                "Choose attended or not shown.",
            ))])
        })?;
    change(state, ctx, id, to).await
}

/// The invitation of a booking as an `.ics` file (logged as an export).
pub async fn invitation(state: &AppState, ctx: &Ctx, id: i64) -> Result<Download, AppError> {
    let a = visible(state, ctx, id).await?;
    let worker = state.store().worker(a.worker_id).await?;
    let place = state
        .store()
        .presence_slot(a.slot_id.unwrap_or(0))
        .await?
        .map(|s| s.place)
        .unwrap_or_default();
    let school = state.store().school(a.school_id).await?;
    let address = [
        school.street_address.clone(),
        format!(
            "{} {}",
            school.postcode.clone().unwrap_or_default(),
            school.city
        )
        .trim()
        .to_string(),
    ]
    .into_iter()
    .filter(|x| !x.is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    let text = super::calendar::invitation(
        &a,
        &super::calendar::Where {
            school: &school.name,
            address: &address,
            place: &place,
            organiser_email: &worker.email,
        },
        ctx.lang,
        state.now(),
    );
    state
        .log(ctx.event(
            AuditAction::Export,
            "appointment",
            Some(id.to_string()),
            "ok",
        ))
        .await?;
    Ok(Download {
        filename: format!("afspraak-{id}.ics"),
        content_type: "text/calendar; charset=utf-8; method=REQUEST".into(),
        bytes: text.into_bytes(),
    })
}

/// The reader's own booked appointments and walk-in slots from today for [`REMINDER_DAYS`] days (one query), for
/// the home page of a worker; logged when there are any.
pub async fn reminders(state: &AppState, ctx: &Ctx) -> Result<Vec<Appointment>, AppError> {
    let Some(w) = own_worker(state, ctx).await? else {
        return Ok(Vec::new());
    };
    let day = today(state);
    let list = state
        .store()
        .appointments(&AppointmentFilter {
            worker_id: Some(w.id),
            status: Some(AppointmentStatus::Booked.code().into()),
            from: Some(day.to_string()),
            until: Some((day + Duration::days(REMINDER_DAYS - 1)).to_string()),
            ..Default::default()
        })
        .await?;
    if !list.is_empty() {
        state
            .log(ctx.event(AuditAction::Read, "appointment", None, "ok"))
            .await?;
    }
    Ok(list)
}

/// A worker's bookings for their calendar feed (not cancelled ones), from `from` to `until`.
pub(crate) async fn for_feed(
    state: &AppState,
    worker_id: i64,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<Appointment>, AppError> {
    Ok(state
        .store()
        .appointments(&AppointmentFilter {
            worker_id: Some(worker_id),
            from: Some(from.to_string()),
            until: Some(until.to_string()),
            ..Default::default()
        })
        .await?
        .into_iter()
        .filter(|a| a.status != AppointmentStatus::Cancelled.code())
        .collect())
}
