//! The API's appointments and walk-in slots (issue 13, items 6 and 7; ADR 025): the walk-in slots of a school,
//! the bookings the reader sees, booking, cancelling, attended or not shown, and the `.ics` invitation.

use super::*;
use crate::usecase::appointment::{
    self as appointment, AppointmentQuery, BookingInput, StatusInput, WalkInSchedule,
};
use schakel_store::Appointment;

/// Which school and period the walk-in slots cover.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct WalkInQuery {
    /// Required: the school.
    pub school_id: i64,
    /// YYYY-MM-DD; default today.
    pub from: Option<String>,
    /// Weeks from `from` (1–8); default 2.
    pub weeks: Option<i64>,
}

pub async fn walk_in_slots(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<WalkInQuery>,
) -> Result<Json<WalkInSchedule>, AppError> {
    Ok(Json(
        appointment::walk_in(&state, &ctx, q.school_id, q.from.as_deref(), q.weeks).await?,
    ))
}

pub async fn appointments(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AppointmentQuery>,
) -> Result<Json<Items<Appointment>>, AppError> {
    Ok(Json(Items {
        items: appointment::list(&state, &ctx, &q).await?,
    }))
}

pub async fn appointment_one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Appointment>, AppError> {
    Ok(Json(appointment::get(&state, &ctx, id).await?))
}

pub async fn appointment_book(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<BookingInput>,
) -> Result<Created<NewId>, AppError> {
    let id = appointment::book(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn appointment_cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Done, AppError> {
    appointment::cancel(&state, &ctx, id).await?;
    Ok(Done)
}

pub async fn appointment_status(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<StatusInput>,
) -> Result<Done, AppError> {
    appointment::set_status(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn appointment_invitation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<CalendarDownload, AppError> {
    appointment::invitation(&state, &ctx, id)
        .await
        .map(CalendarDownload)
}
