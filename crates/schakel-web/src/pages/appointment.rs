//! Appointments and walk-in slots (ADR 025): the free and taken walk-in slots of a school, the bookings the reader
//! sees, and a form to book. Thin: the rules are in `usecase::appointment`.

use super::form::{Form, number, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, format_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::appointment::{
    self as appointment, AppointmentQuery, BookingInput, StatusInput, WalkInSchedule,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::appointment::{AppointmentKind, AppointmentStatus, ForKind};
use serde::{Deserialize, Serialize};

/// What the page shows: a school's walk-in slots (`school_id`), a slot to book (`slot_id`, `date`, `starts_at`),
/// and a case to link (`case_id`, from the case file).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct PageQuery {
    pub school_id: String,
    pub from: String,
    pub slot_id: String,
    pub date: String,
    pub starts_at: String,
    pub case_id: String,
    /// After a booking: its id, to offer the invitation.
    pub booked: String,
}

/// A booking as typed.
#[derive(Debug, Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct BookingForm {
    pub kind: String,
    pub school_id: String,
    pub slot_id: String,
    pub date: String,
    pub starts_at: String,
    pub ends_at: String,
    pub for_name: String,
    pub for_kind: String,
    pub purpose: String,
    pub case_id: String,
}

impl BookingForm {
    fn input(&self) -> BookingInput {
        BookingInput {
            kind: trim(&self.kind),
            school_id: number(&self.school_id),
            slot_id: number(&self.slot_id),
            date: trim(&self.date),
            starts_at: trim(&self.starts_at),
            ends_at: trim(&self.ends_at),
            worker_id: None,
            for_name: trim(&self.for_name),
            for_kind: trim(&self.for_kind),
            purpose: trim(&self.purpose),
            case_id: number(&self.case_id),
        }
    }
}

/// A new status as typed (or from the button's query).
#[derive(Debug, Deserialize, Serialize, Default)]
#[serde(default)]
pub struct StatusForm {
    pub status: String,
}

fn label<T: Copy>(
    code: &str,
    parse: fn(&str) -> Option<T>,
    l: fn(T, schakel_domain::Lang) -> &'static str,
    ctx: &Ctx,
) -> String {
    parse(code).map_or_else(|| code.to_string(), |k| l(k, ctx.lang).to_string())
}

fn walk_in_table(ctx: &Ctx, w: &WalkInSchedule, case_id: &str) -> Table {
    let t = |k| ctx.lang.t(k);
    let mut rows = Vec::new();
    for h in &w.hours {
        for s in &h.slots {
            let state = if s.taken {
                match s.appointment_id {
                    Some(id) => Cell::link(t("appointments.taken"), format!("#appointment-{id}")),
                    None => Cell::text(t("appointments.taken")),
                }
            } else {
                Cell::link(
                    format!(
                        "{} {} {}",
                        t("appointments.book_this"),
                        format_date(&h.date, ctx.lang),
                        s.starts_at
                    ),
                    format!(
                        "/appointments?school_id={}&slot_id={}&date={}&starts_at={}&case_id={case_id}#booking",
                        w.school_id, h.slot_id, h.date, s.starts_at
                    ),
                )
            };
            rows.push(vec![
                Cell::text(format_date(&h.date, ctx.lang)),
                Cell::text(format!("{}–{}", s.starts_at, s.ends_at)),
                Cell::text(&h.worker_name),
                Cell::text(&h.place),
                state,
            ]);
        }
    }
    Table {
        caption: format!("{} — {}", t("appointments.walk_in"), w.school_name),
        headers: vec![
            t("presence.date").into(),
            t("presence.time").into(),
            t("presence.who").into(),
            t("presence.place").into(),
            t("appointments.free_or_taken").into(),
        ],
        rows,
        pagination: None,
    }
}

fn list_table(ctx: &Ctx, list: &[schakel_store::Appointment]) -> Table {
    let t = |k| ctx.lang.t(k);
    let staff = ctx
        .principal
        .as_ref()
        .is_some_and(|p| p.role != Role::SchoolContact);
    let mut headers = vec![
        t("presence.date").into(),
        t("presence.time").into(),
        t("appointments.kind").into(),
        t("appointments.for").into(),
        t("appointments.purpose").into(),
        t("presence.who").into(),
        t("field.school").into(),
        t("appointments.status").into(),
        t("appointments.invitation").into(),
        t("appointments.cancel").into(),
    ];
    if staff {
        headers.push(t("appointments.came").into());
        headers.push(t("appointments.not_shown").into());
    }
    let rows = list
        .iter()
        .map(|a| {
            let booked = a.status == AppointmentStatus::Booked.code();
            let action = |label: &str, url: String| {
                if booked {
                    Cell::action(label.to_string(), url)
                } else {
                    Cell::text("")
                }
            };
            let mut row = vec![
                Cell {
                    text: format_date(&a.on_date, ctx.lang),
                    href: Some(format!("#appointment-{}", a.id)),
                    action: None,
                },
                Cell::text(format!("{}–{}", a.starts_at, a.ends_at)),
                Cell::text(label(
                    &a.kind,
                    AppointmentKind::parse,
                    AppointmentKind::label,
                    ctx,
                )),
                Cell::text(format!(
                    "{} ({})",
                    a.for_name,
                    label(&a.for_kind, ForKind::parse, ForKind::label, ctx)
                )),
                Cell::text(&a.purpose),
                Cell::text(&a.worker_name),
                Cell::text(&a.school_name),
                Cell::text(label(
                    &a.status,
                    AppointmentStatus::parse,
                    AppointmentStatus::label,
                    ctx,
                )),
                Cell::link(
                    format!("{} {}", t("appointments.ics"), a.for_name),
                    format!("/appointments/{}/invite.ics", a.id),
                ),
                action(
                    t("appointments.cancel"),
                    format!("/appointments/{}/cancel", a.id),
                ),
            ];
            if staff {
                row.push(action(
                    t("appointments.came"),
                    format!("/appointments/{}/status?status=verschenen", a.id),
                ));
                row.push(action(
                    t("appointments.not_shown"),
                    format!("/appointments/{}/status?status=niet_verschenen", a.id),
                ));
            }
            row
        })
        .collect();
    Table {
        caption: t("appointments.list").into(),
        headers,
        rows,
        pagination: None,
    }
}

fn booking_form(
    ctx: &Ctx,
    schools: &[(i64, String)],
    w: Option<&WalkInSchedule>,
    q: &PageQuery,
) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let staff = ctx
        .principal
        .as_ref()
        .is_some_and(|p| p.role != Role::SchoolContact);
    let mut hours: Vec<(String, String)> =
        vec![(String::new(), t("appointments.no_walk_in").into())];
    if let Some(w) = w {
        for h in &w.hours {
            let v = h.slot_id.to_string();
            if !hours.iter().any(|x| x.0 == v) {
                hours.push((
                    v,
                    format!(
                        "{} {}–{} ({})",
                        t("appointments.walk_in"),
                        h.starts_at,
                        h.ends_at,
                        h.worker_name
                    ),
                ));
            }
        }
    }
    let kind = if q.slot_id.is_empty() {
        "afspraak"
    } else {
        "inloop"
    };
    let mut fields = vec![
        Field::new("kind", t("appointments.kind"), "radios", kind).options(
            AppointmentKind::ALL
                .iter()
                .map(|k| (k.code().to_string(), k.label(ctx.lang).to_string()))
                .collect(),
        ),
        Field::new("school_id", t("field.school"), "select", &q.school_id).options(
            schools
                .iter()
                .map(|(id, n)| (id.to_string(), n.clone()))
                .collect(),
        ),
        Field::new(
            "slot_id",
            t("appointments.walk_in_hour"),
            "select",
            &q.slot_id,
        )
        .options(hours)
        .optional()
        .hint(t("appointments.walk_in_hint")),
        Field::new("date", t("presence.date"), "date", &q.date),
        Field::new("starts_at", t("group.starts_at"), "time", &q.starts_at),
        Field::new("ends_at", t("group.ends_at"), "time", "")
            .optional()
            .hint(t("appointments.ends_hint")),
        Field::new("for_name", t("appointments.for_name"), "text", ""),
        Field::new("for_kind", t("appointments.for_kind"), "radios", "ouder").options(
            ForKind::ALL
                .iter()
                .map(|k| (k.code().to_string(), k.label(ctx.lang).to_string()))
                .collect(),
        ),
        Field::new("purpose", t("appointments.purpose"), "text", "")
            .optional()
            .hint(t("appointments.purpose_hint")),
    ];
    if staff && !q.case_id.is_empty() {
        fields.push(Field::new("case_id", "", "hidden", &q.case_id));
    }
    FormSpec {
        id: "booking",
        title: t("appointments.book").into(),
        action: "/appointments".into(),
        submit: t("appointments.book").into(),
        fields,
        ..Default::default()
    }
}

/// The page: a school's walk-in slots, the bookings the reader sees and the booking form.
async fn view(
    state: &AppState,
    ctx: &Ctx,
    q: &PageQuery,
    form: Option<FormSpec>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = appointment::list(state, ctx, &AppointmentQuery::default()).await?;
    let schools = appointment::school_names(state, ctx).await?;
    let school_id = number::<i64>(&q.school_id).or_else(|| schools.first().map(|s| s.0));
    let walk_in = match school_id {
        Some(id) => Some(appointment::walk_in(state, ctx, id, Some(&q.from), Some(2)).await?),
        None => None,
    };
    let mut v = AdminView {
        title: t("appointments.title").into(),
        page_id: "appointments".into(),
        lead: t("appointments.lead").into(),
        ..Default::default()
    };
    if let Some(id) = number::<i64>(&q.booked) {
        v.success = Some(t("appointments.booked").into());
        v.links.push((
            format!("/appointments/{id}/invite.ics"),
            t("appointments.download").into(),
        ));
    }
    if let Some(w) = &walk_in {
        v.tables.push(walk_in_table(ctx, w, &q.case_id));
    }
    v.tables.push(list_table(ctx, &list));
    let mut q = q.clone();
    if q.school_id.is_empty() {
        q.school_id = school_id.map(|s| s.to_string()).unwrap_or_default();
    }
    v.forms
        .push(form.unwrap_or_else(|| booking_form(ctx, &schools, walk_in.as_ref(), &q)));
    for (id, name) in &schools {
        if Some(*id) != school_id {
            v.links.push((
                format!("/appointments?school_id={id}"),
                format!("{} {name}", t("appointments.walk_in_of")),
            ));
        }
    }
    Ok(v)
}

pub async fn index(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<PageQuery>,
) -> Response {
    match view(&state, &ctx, &q, None).await {
        Ok(v) => render_admin(ctx.page("appointments"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn book(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<BookingForm>,
) -> Response {
    match appointment::book(&state, &ctx, &form.input()).await {
        Ok(id) => Redirect::to(&format!(
            "/appointments?school_id={}&booked={id}",
            trim(&form.school_id)
        ))
        .into_response(),
        Err(AppError::Validation(e)) => {
            let q = PageQuery {
                school_id: number::<i64>(&form.school_id)
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                slot_id: form.slot_id.clone(),
                date: form.date.clone(),
                starts_at: form.starts_at.clone(),
                case_id: form.case_id.clone(),
                ..Default::default()
            };
            let values = values_of(&form);
            let schools = match appointment::school_names(&state, &ctx).await {
                Ok(s) => s,
                Err(e) => return page_error(&ctx, e),
            };
            let walk_in = match number::<i64>(&q.school_id) {
                Some(id) => appointment::walk_in(&state, &ctx, id, None, Some(2))
                    .await
                    .ok(),
                None => None,
            };
            let spec = booking_form(&ctx, &schools, walk_in.as_ref(), &q)
                .with_values(&values)
                .with_errors(&FormErrors(e), ctx.lang);
            match view(&state, &ctx, &q, Some(spec)).await {
                Ok(v) => {
                    let mut res = render_admin(ctx.page("appointments"), &v);
                    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn cancel(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    match appointment::cancel(&state, &ctx, id).await {
        Ok(()) => Redirect::to("/appointments").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<StatusForm>,
    Form(form): Form<StatusForm>,
) -> Response {
    let status = if form.status.trim().is_empty() {
        q.status
    } else {
        form.status
    };
    match appointment::set_status(
        &state,
        &ctx,
        id,
        &StatusInput {
            status: trim(&status),
        },
    )
    .await
    {
        Ok(()) => Redirect::to("/appointments").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn invitation(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    match appointment::invitation(&state, &ctx, id).await {
        Ok(d) => d.into_response(),
        Err(e) => page_error(&ctx, e),
    }
}
