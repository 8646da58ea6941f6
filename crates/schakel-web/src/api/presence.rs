//! The API's presence at schools and holiday cover (issue 13, items 4 and 5): weekly patterns and exceptions,
//! school holidays, the cover roster, a school's "wie is er wanneer" and the own calendar feed.

use super::*;
use crate::usecase::presence::{
    self as presence, CoverInput, ExceptionInput, HolidayInput, NewFeed, SchoolSchedule, SlotInput,
};
use schakel_store::{Cover, SchoolHoliday};

/// Which period a schedule covers.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct ScheduleQuery {
    /// YYYY-MM-DD; default today.
    pub from: Option<String>,
    /// Weeks from `from` (1–53); default 6.
    pub weeks: Option<i64>,
}

pub async fn school_presence(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<ScheduleQuery>,
) -> Result<Json<SchoolSchedule>, AppError> {
    Ok(Json(
        presence::school_schedule(&state, &ctx, id, q.from.as_deref(), q.weeks).await?,
    ))
}

pub async fn presence_slot_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<SlotInput>,
) -> Result<Created<NewId>, AppError> {
    let id = presence::add_slot(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn presence_slot_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Done, AppError> {
    presence::remove_slot(&state, &ctx, id).await?;
    Ok(Done)
}

pub async fn presence_exception_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<ExceptionInput>,
) -> Result<Created<NewId>, AppError> {
    let id = presence::add_exception(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn holidays(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Items<SchoolHoliday>>, AppError> {
    Ok(Json(Items {
        items: presence::holidays(&state, &ctx).await?,
    }))
}

pub async fn holiday_set(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<HolidayInput>,
) -> Result<Created<NewId>, AppError> {
    let id = presence::set_holiday(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn covers(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Items<Cover>>, AppError> {
    Ok(Json(Items {
        items: presence::covers(&state, &ctx).await?,
    }))
}

pub async fn cover_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CoverInput>,
) -> Result<Created<NewId>, AppError> {
    let id = presence::add_cover(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn cover_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Done, AppError> {
    presence::remove_cover(&state, &ctx, id).await?;
    Ok(Done)
}

pub async fn calendar_feed_renew(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Created<NewFeed>, AppError> {
    Ok(Created(presence::renew_feed(&state, &ctx).await?))
}

pub async fn calendar_feed_revoke(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Done, AppError> {
    presence::revoke_feed(&state, &ctx).await?;
    Ok(Done)
}
