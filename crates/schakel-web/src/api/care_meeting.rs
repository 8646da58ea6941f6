//! The API's care meetings and group reviews (issue 13, item 3): plan (one or a series), read, minutes, pupils
//! discussed (named only with consent to share with the school; 422 otherwise), actions and the own open actions.

use super::*;
use crate::usecase::care_meeting::{
    self as meetings, ActionInput, CareMeetingInput, MeetingDetail, MinutesInput, PupilInput,
};
use schakel_store::{CareMeeting, MeetingAction};

/// The meetings a plan made, in date order.
#[derive(Debug, Clone, serde::Serialize, schemars::JsonSchema)]
pub struct PlannedMeetings {
    pub ids: Vec<i64>,
}

pub async fn care_meetings(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Items<CareMeeting>>, AppError> {
    Ok(Json(Items {
        items: meetings::meetings(&state, &ctx).await?,
    }))
}

pub async fn care_meeting_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<CareMeetingInput>,
) -> Result<Created<PlannedMeetings>, AppError> {
    let ids = meetings::plan(&state, &ctx, &input).await?;
    Ok(Created(PlannedMeetings { ids }))
}

pub async fn care_meeting(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<MeetingDetail>, AppError> {
    Ok(Json(meetings::meeting(&state, &ctx, id).await?.0))
}

pub async fn care_meeting_minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MinutesInput>,
) -> Result<Json<CareMeeting>, AppError> {
    Ok(Json(
        meetings::record_minutes(&state, &ctx, id, &input).await?,
    ))
}

pub async fn care_meeting_pupil(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PupilInput>,
) -> Result<Created<NewId>, AppError> {
    let id = meetings::add_pupil(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn care_meeting_action(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ActionInput>,
) -> Result<Created<NewId>, AppError> {
    let id = meetings::add_action(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn care_meeting_action_done(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, action_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    meetings::complete_action(&state, &ctx, id, action_id).await?;
    Ok(Done)
}

pub async fn my_actions(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Items<MeetingAction>>, AppError> {
    Ok(Json(Items {
        items: meetings::my_actions(&state, &ctx).await?,
    }))
}
