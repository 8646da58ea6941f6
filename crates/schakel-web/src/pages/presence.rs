//! Presence at schools and holiday cover (issue 13, items 4 and 5): "wie is er wanneer" of a school, the weekly
//! patterns with their exceptions, the school holidays and the cover roster. Thin: the rules are in
//! `usecase::presence`.

use super::form::{Form, number, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, format_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::presence::{
    self as presence, CoverInput, ExceptionInput, HolidayInput, SlotInput,
};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::presence::{CoverReason, HolidayName, SlotKind, weekday_label};
use schakel_store::PresenceFilter;
use serde::{Deserialize, Serialize};

fn kind_label(code: &str, ctx: &Ctx) -> String {
    SlotKind::parse(code).map_or_else(|| code.to_string(), |k| k.label(ctx.lang).to_string())
}

fn day_label(n: i64, ctx: &Ctx) -> String {
    weekday_label(u32::try_from(n).unwrap_or(0), ctx.lang).to_string()
}

fn role(ctx: &Ctx) -> Option<Role> {
    ctx.principal.as_ref().map(|p| p.role)
}

/// Re-shows a page with a form's errors (422), or the error page.
fn refused(ctx: &Ctx, view: Result<AdminView, AppError>) -> Response {
    match view {
        Ok(v) => {
            let mut res = render_admin(ctx.page("presence"), &v);
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(ctx, e),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ScheduleQuery {
    #[serde(default)]
    from: String,
    #[serde(default)]
    weeks: Option<i64>,
}

/// "Wie is er wanneer": the times someone is at the school in the coming weeks, the holidays and who covers.
pub async fn school(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ScheduleQuery>,
) -> Response {
    let s = match presence::school_schedule(&state, &ctx, id, Some(&q.from), q.weeks).await {
        Ok(s) => s,
        Err(e) => return page_error(&ctx, e),
    };
    let t = |k| ctx.lang.t(k);
    let mut v = AdminView {
        title: format!("{} — {}", t("presence.title"), s.school_name),
        page_id: "presence-school".into(),
        lead: t("presence.lead").into(),
        ..Default::default()
    };
    v.facts.push((
        t("presence.period").into(),
        format!(
            "{} – {}",
            format_date(&s.from, ctx.lang),
            format_date(&s.until, ctx.lang)
        ),
    ));
    if let Some(r) = &s.region {
        v.facts.push((t("presence.region").into(), r.clone()));
    }
    v.tables.push(Table {
        caption: t("presence.times").into(),
        headers: vec![
            t("presence.date").into(),
            t("presence.time").into(),
            t("presence.kind").into(),
            t("presence.who").into(),
            t("presence.place").into(),
            t("presence.note").into(),
        ],
        rows: s
            .times
            .iter()
            .map(|o| {
                let who = match &o.covered_by_name {
                    Some(c) => format!("{c} ({} {})", t("presence.instead_of"), o.worker_name),
                    None => o.worker_name.clone(),
                };
                let note = if o.cancelled {
                    t("presence.cancelled")
                } else if o.moved {
                    t("presence.moved")
                } else {
                    ""
                };
                vec![
                    Cell::text(format_date(&o.date, ctx.lang)),
                    Cell::text(format!("{}–{}", o.starts_at, o.ends_at)),
                    Cell::text(kind_label(&o.kind, &ctx)),
                    Cell::text(who),
                    Cell::text(&o.place),
                    Cell::text(note),
                ]
            })
            .collect(),
        pagination: None,
    });
    v.tables.push(holiday_table(&ctx, &s.holidays));
    v.tables.push(cover_table(&ctx, &s.covers, false));
    v.links.push((
        format!(
            "/schools/{id}/presence?from={}&weeks=6",
            next_from(&s.until)
        ),
        t("presence.later").into(),
    ));
    v.links.push((
        "/account#calendar-feed".into(),
        t("presence.feed_link").into(),
    ));
    render_admin(ctx.page("presence"), &v)
}

fn next_from(until: &str) -> String {
    chrono::NaiveDate::parse_from_str(until, "%Y-%m-%d")
        .map(|d| (d + chrono::Duration::days(1)).to_string())
        .unwrap_or_default()
}

fn holiday_table(ctx: &Ctx, list: &[schakel_store::SchoolHoliday]) -> Table {
    let t = |k| ctx.lang.t(k);
    Table {
        caption: t("presence.holidays").into(),
        headers: vec![
            t("presence.holiday").into(),
            t("presence.region").into(),
            t("presence.from").into(),
            t("presence.until").into(),
        ],
        rows: list
            .iter()
            .map(|h| {
                vec![
                    Cell::text(
                        HolidayName::parse(&h.name)
                            .map_or_else(|| h.name.clone(), |n| n.label(ctx.lang).to_string()),
                    ),
                    Cell::text(&h.region),
                    Cell::text(format_date(&h.starts_on, ctx.lang)),
                    Cell::text(format_date(&h.ends_on, ctx.lang)),
                ]
            })
            .collect(),
        pagination: None,
    }
}

fn cover_table(ctx: &Ctx, list: &[schakel_store::Cover], actions: bool) -> Table {
    let t = |k| ctx.lang.t(k);
    let mut headers = vec![
        t("presence.covering").into(),
        t("field.school").into(),
        t("presence.absent").into(),
        t("presence.from").into(),
        t("presence.until").into(),
        t("presence.reason").into(),
    ];
    if actions {
        headers.push(t("common.actions").into());
    }
    Table {
        caption: t("presence.covers").into(),
        headers,
        rows: list
            .iter()
            .map(|c| {
                let mut row = vec![
                    Cell::text(&c.worker_name),
                    Cell::link(&c.school_name, format!("/schools/{}/presence", c.school_id)),
                    Cell::text(
                        c.absent_worker_name
                            .clone()
                            .unwrap_or_else(|| t("presence.everyone").into()),
                    ),
                    Cell::text(format_date(&c.starts_on, ctx.lang)),
                    Cell::text(format_date(&c.ends_on, ctx.lang)),
                    Cell::text(
                        CoverReason::parse(&c.reason)
                            .map_or_else(|| c.reason.clone(), |r| r.label(ctx.lang).to_string()),
                    ),
                ];
                if actions {
                    row.push(Cell::action(
                        t("presence.remove"),
                        format!("/covers/{}/remove", c.id),
                    ));
                }
                row
            })
            .collect(),
        pagination: None,
    }
}

/// The weekly patterns the reader may change, a form to add a time, and one to cancel or move a date.
async fn pattern_view(
    state: &AppState,
    ctx: &Ctx,
    forms: Option<(FormSpec, bool)>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let p = ctx.principal()?;
    let (assignments, filter) = if p.role == Role::SocialWorker {
        let w = crate::usecase::scope::own_worker(state, ctx)
            .await?
            .ok_or(AppError::NotFound)?;
        (
            state
                .store()
                .list_assignments(None, Some(w.id), None)
                .await?,
            PresenceFilter {
                worker_id: Some(w.id),
                ..Default::default()
            },
        )
    } else {
        let org = p.organisation_id.ok_or(AppError::NotFound)?;
        (
            state
                .store()
                .list_assignments(Some(org), None, None)
                .await?,
            PresenceFilter {
                organisation_id: Some(org),
                ..Default::default()
            },
        )
    };
    let slots = state.store().presence_slots(&filter).await?;
    let mut v = AdminView {
        title: t("presence.pattern_title").into(),
        page_id: "presence".into(),
        lead: t("presence.pattern_lead").into(),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("presence.pattern_title").into(),
        headers: vec![
            t("field.school").into(),
            t("presence.who").into(),
            t("presence.day").into(),
            t("presence.time").into(),
            t("presence.kind").into(),
            t("presence.place").into(),
            t("common.actions").into(),
        ],
        rows: slots
            .iter()
            .map(|s| {
                vec![
                    Cell::link(&s.school_name, format!("/schools/{}/presence", s.school_id)),
                    Cell::text(&s.worker_name),
                    Cell::text(day_label(s.weekday, ctx)),
                    Cell::text(format!("{}–{}", s.starts_at, s.ends_at)),
                    Cell::text(kind_label(&s.kind, ctx)),
                    Cell::text(&s.place),
                    Cell::action(
                        t("presence.remove"),
                        format!("/presence/slots/{}/remove", s.id),
                    ),
                ]
            })
            .collect(),
        pagination: None,
    });
    let (slot_form, exception_form) = match forms {
        Some((f, true)) => (f, exception_form(ctx, &slots)),
        Some((f, false)) => (slot_form(ctx, &assignments), f),
        None => (slot_form(ctx, &assignments), exception_form(ctx, &slots)),
    };
    v.forms.push(slot_form);
    if !slots.is_empty() {
        v.forms.push(exception_form);
    }
    Ok(v)
}

fn slot_form(ctx: &Ctx, assignments: &[schakel_store::Assignment]) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "presence-slot",
        title: t("presence.add").into(),
        action: "/presence/slots".into(),
        submit: t("presence.add").into(),
        fields: vec![
            Field::new("assignment_id", t("presence.assignment"), "select", "").options(
                assignments
                    .iter()
                    .filter(|a| a.ends_on.is_none())
                    .map(|a| {
                        (
                            a.id.to_string(),
                            format!("{} — {}", a.school_name, a.worker_name),
                        )
                    })
                    .collect(),
            ),
            Field::new("kind", t("presence.kind"), "select", "aanwezig").options(
                SlotKind::ALL
                    .iter()
                    .map(|k| (k.code().to_string(), k.label(ctx.lang).to_string()))
                    .collect(),
            ),
            Field::new("weekday", t("presence.day"), "select", "1").options(
                (1..=5)
                    .map(|d| (d.to_string(), day_label(d, ctx)))
                    .collect(),
            ),
            Field::new("starts_at", t("group.starts_at"), "time", "08:30"),
            Field::new("ends_at", t("group.ends_at"), "time", "12:00"),
            Field::new("place", t("presence.place"), "text", "").optional(),
        ],
        ..Default::default()
    }
}

fn exception_form(ctx: &Ctx, slots: &[schakel_store::PresenceSlot]) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "presence-exception",
        title: t("presence.exception").into(),
        action: "/presence/exceptions".into(),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("slot_id", t("presence.slot"), "select", "").options(
                slots
                    .iter()
                    .map(|s| {
                        (
                            s.id.to_string(),
                            format!(
                                "{} — {} {}–{} ({})",
                                s.school_name,
                                day_label(s.weekday, ctx),
                                s.starts_at,
                                s.ends_at,
                                kind_label(&s.kind, ctx)
                            ),
                        )
                    })
                    .collect(),
            ),
            Field::new("on_date", t("presence.date"), "date", ""),
            Field::new("moved_to_date", t("presence.moved_to"), "date", "")
                .optional()
                .hint(t("presence.moved_hint")),
            Field::new("moved_starts_at", t("group.starts_at"), "time", "").optional(),
            Field::new("moved_ends_at", t("group.ends_at"), "time", "").optional(),
            Field::new("note", t("presence.note"), "text", "").optional(),
        ],
        ..Default::default()
    }
}

pub async fn patterns(State(state): State<AppState>, ctx: Ctx) -> Response {
    match pattern_view(&state, &ctx, None).await {
        Ok(v) => render_admin(ctx.page("presence"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// A time of the weekly pattern as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SlotForm {
    pub assignment_id: String,
    pub kind: String,
    pub weekday: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
}

/// A date cancelled or moved, as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ExceptionForm {
    pub slot_id: String,
    pub on_date: String,
    pub moved_to_date: String,
    pub moved_starts_at: String,
    pub moved_ends_at: String,
    pub note: String,
}

/// A school holiday as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct HolidayForm {
    pub school_year: String,
    pub region: String,
    pub name: String,
    pub starts_on: String,
    pub ends_on: String,
}

/// A cover on the roster as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct CoverForm {
    pub school_id: String,
    pub worker_id: String,
    pub absent_worker_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub reason: String,
    pub note: String,
}

pub async fn slot_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SlotForm>,
) -> Response {
    let input = SlotInput {
        assignment_id: number(&form.assignment_id),
        kind: trim(&form.kind),
        weekday: number(&form.weekday),
        starts_at: trim(&form.starts_at),
        ends_at: trim(&form.ends_at),
        place: trim(&form.place),
    };
    let values = values_of(&form);
    match presence::add_slot(&state, &ctx, &input).await {
        Ok(_) => Redirect::to("/presence").into_response(),
        Err(AppError::Validation(e)) => {
            let view = match pattern_view(&state, &ctx, None).await {
                Ok(mut v) => {
                    if let Some(f) = v.forms.first_mut() {
                        *f = f
                            .clone()
                            .with_values(&values)
                            .with_errors(&FormErrors(e), ctx.lang);
                    }
                    Ok(v)
                }
                Err(e) => Err(e),
            };
            refused(&ctx, view)
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn slot_remove(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    match presence::remove_slot(&state, &ctx, id).await {
        Ok(()) => Redirect::to("/presence").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

/// Cancels or moves one date of a time (the time is a field of the form).
pub async fn exception_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ExceptionForm>,
) -> Response {
    let input = ExceptionInput {
        slot_id: number(&form.slot_id),
        on_date: trim(&form.on_date),
        moved_to_date: trim(&form.moved_to_date),
        moved_starts_at: trim(&form.moved_starts_at),
        moved_ends_at: trim(&form.moved_ends_at),
        note: trim(&form.note),
    };
    let values = values_of(&form);
    match presence::add_exception(&state, &ctx, &input).await {
        Ok(_) => Redirect::to("/presence").into_response(),
        Err(AppError::Validation(e)) => {
            let view = match pattern_view(&state, &ctx, None).await {
                Ok(mut v) => {
                    if let Some(f) = v.forms.get_mut(1) {
                        *f = f
                            .clone()
                            .with_values(&values)
                            .with_errors(&FormErrors(e), ctx.lang);
                    }
                    Ok(v)
                }
                Err(e) => Err(e),
            };
            refused(&ctx, view)
        }
        Err(e) => page_error(&ctx, e),
    }
}

fn holiday_form(ctx: &Ctx) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "holiday",
        title: t("presence.holiday_set").into(),
        action: "/holidays".into(),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("school_year", t("field.school_year"), "text", "2026-2027"),
            Field::new("region", t("presence.region"), "select", "midden").options(
                ["noord", "midden", "zuid"]
                    .iter()
                    .map(|r| ((*r).to_string(), (*r).to_string()))
                    .collect(),
            ),
            Field::new("name", t("presence.holiday"), "select", "").options(
                HolidayName::ALL
                    .iter()
                    .map(|h| (h.code().to_string(), h.label(ctx.lang).to_string()))
                    .collect(),
            ),
            Field::new("starts_on", t("presence.from"), "date", ""),
            Field::new("ends_on", t("presence.until"), "date", ""),
        ],
        ..Default::default()
    }
}

async fn holidays_view(
    state: &AppState,
    ctx: &Ctx,
    form: Option<FormSpec>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = presence::holidays(state, ctx).await?;
    let mut v = AdminView {
        title: t("presence.holidays").into(),
        page_id: "holidays".into(),
        lead: t("presence.holidays_lead").into(),
        ..Default::default()
    };
    v.tables.push(holiday_table(ctx, &list));
    if role(ctx) == Some(Role::FunctionalAdmin) {
        v.forms.push(form.unwrap_or_else(|| holiday_form(ctx)));
    }
    Ok(v)
}

pub async fn holidays(State(state): State<AppState>, ctx: Ctx) -> Response {
    match holidays_view(&state, &ctx, None).await {
        Ok(v) => render_admin(ctx.page("presence"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn holiday_set(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<HolidayForm>,
) -> Response {
    let input = HolidayInput {
        school_year: trim(&form.school_year),
        region: trim(&form.region),
        name: trim(&form.name),
        starts_on: trim(&form.starts_on),
        ends_on: trim(&form.ends_on),
    };
    let values = values_of(&form);
    match presence::set_holiday(&state, &ctx, &input).await {
        Ok(_) => Redirect::to("/holidays").into_response(),
        Err(AppError::Validation(e)) => {
            let form = holiday_form(&ctx)
                .with_values(&values)
                .with_errors(&FormErrors(e), ctx.lang);
            refused(&ctx, holidays_view(&state, &ctx, Some(form)).await)
        }
        Err(e) => page_error(&ctx, e),
    }
}

async fn cover_form(state: &AppState, ctx: &Ctx) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let org = ctx
        .principal()?
        .organisation_id
        .ok_or(AppError::Forbidden)?;
    let schools = crate::usecase::group::organisation_schools(state, org).await?;
    let workers: Vec<(String, String)> = state
        .store()
        .list_workers(Some(org))
        .await?
        .into_iter()
        .filter(|w| *w.active)
        .map(|w| (w.id.to_string(), w.name))
        .collect();
    let mut absent = vec![(String::new(), t("presence.everyone").to_string())];
    absent.extend(workers.iter().cloned());
    Ok(FormSpec {
        id: "cover",
        title: t("presence.cover_add").into(),
        action: "/covers".into(),
        submit: t("presence.cover_add").into(),
        fields: vec![
            Field::new("school_id", t("field.school"), "select", "").options(
                schools
                    .into_iter()
                    .map(|(id, n)| (id.to_string(), n))
                    .collect(),
            ),
            Field::new("worker_id", t("presence.covering"), "select", "").options(workers),
            Field::new("absent_worker_id", t("presence.absent"), "select", "")
                .optional()
                .options(absent),
            Field::new("starts_on", t("presence.from"), "date", ""),
            Field::new("ends_on", t("presence.until"), "date", ""),
            Field::new("reason", t("presence.reason"), "select", "vakantie").options(
                CoverReason::ALL
                    .iter()
                    .map(|r| (r.code().to_string(), r.label(ctx.lang).to_string()))
                    .collect(),
            ),
            Field::new("note", t("presence.note"), "text", "").optional(),
        ],
        ..Default::default()
    })
}

async fn covers_view(
    state: &AppState,
    ctx: &Ctx,
    form: Option<FormSpec>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = presence::covers(state, ctx).await?;
    let editor = matches!(role(ctx), Some(Role::TeamLead | Role::FunctionalAdmin));
    let mut v = AdminView {
        title: t("presence.covers").into(),
        page_id: "covers".into(),
        lead: t("presence.covers_lead").into(),
        ..Default::default()
    };
    v.tables.push(cover_table(ctx, &list, editor));
    if editor {
        v.forms.push(match form {
            Some(f) => f,
            None => cover_form(state, ctx).await?,
        });
    }
    Ok(v)
}

pub async fn covers(State(state): State<AppState>, ctx: Ctx) -> Response {
    match covers_view(&state, &ctx, None).await {
        Ok(v) => render_admin(ctx.page("covers"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn cover_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CoverForm>,
) -> Response {
    let input = CoverInput {
        school_id: number(&form.school_id),
        worker_id: number(&form.worker_id),
        absent_worker_id: number(&form.absent_worker_id),
        starts_on: trim(&form.starts_on),
        ends_on: trim(&form.ends_on),
        reason: trim(&form.reason),
        note: trim(&form.note),
    };
    let values = values_of(&form);
    match presence::add_cover(&state, &ctx, &input).await {
        Ok(_) => Redirect::to("/covers").into_response(),
        Err(AppError::Validation(e)) => {
            let form = match cover_form(&state, &ctx).await {
                Ok(f) => f.with_values(&values).with_errors(&FormErrors(e), ctx.lang),
                Err(e) => return page_error(&ctx, e),
            };
            refused(&ctx, covers_view(&state, &ctx, Some(form)).await)
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn cover_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Response {
    match presence::remove_cover(&state, &ctx, id).await {
        Ok(()) => Redirect::to("/covers").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

/// The calendar feed behind a secret token: no session, the token is the credential. An unknown or revoked
/// token gets a bare 404 (nothing else: no page, no hint).
pub async fn feed(State(state): State<AppState>, ctx: Ctx, Path(token): Path<String>) -> Response {
    match presence::feed(&state, &ctx, &token).await {
        Ok(ics) => (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/calendar; charset=utf-8"),
                ),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("private, no-store"),
                ),
            ],
            ics,
        )
            .into_response(),
        Err(AppError::NotFound) => (StatusCode::NOT_FOUND, "").into_response(),
        Err(e) => e.into_response(),
    }
}
