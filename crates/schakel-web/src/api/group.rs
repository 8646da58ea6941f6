//! The API's group work: group activities, their sessions, and the polls at a session (issue 13).

use super::*;
use crate::usecase::group::{
    ActivityWithSessions, AttendanceInput, GroupActivityInput, SessionInput,
};
use crate::usecase::group_participant::{ParticipantInput, PresenceInput, RemovalInput};
use crate::usecase::poll::{PaperInput, PollInput, PollResults};
use schakel_store::{GroupActivity, GroupParticipant, GroupSession};

pub async fn group_activities(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Items<GroupActivity>>, AppError> {
    Ok(Json(Items {
        items: crate::usecase::group::activities(&state, &ctx).await?,
    }))
}

pub async fn group_activity_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<GroupActivityInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::group::create_activity(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn group_activity(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ActivityWithSessions>, AppError> {
    Ok(Json(
        crate::usecase::group::activity(&state, &ctx, id).await?.0,
    ))
}

pub async fn group_session_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<SessionInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::group::add_session(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn group_session_record(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, session_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<AttendanceInput>,
) -> Result<Json<GroupSession>, AppError> {
    Ok(Json(
        crate::usecase::group::record_session(&state, &ctx, id, session_id, &input).await?,
    ))
}

pub async fn poll_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, session_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<PollInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::poll::create_poll(&state, &ctx, id, session_id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn poll(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PollResults>, AppError> {
    Ok(Json(crate::usecase::poll::results(&state, &ctx, id).await?))
}

pub async fn poll_open(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<PollResults>, AppError> {
    crate::usecase::poll::open_poll(&state, &ctx, id).await?;
    Ok(Json(crate::usecase::poll::results(&state, &ctx, id).await?))
}

pub async fn poll_close(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Done, AppError> {
    crate::usecase::poll::close_poll(&state, &ctx, id).await?;
    Ok(Done)
}

pub async fn poll_paper(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PaperInput>,
) -> Result<Json<PollResults>, AppError> {
    crate::usecase::poll::add_paper(&state, &ctx, id, &input).await?;
    Ok(Json(crate::usecase::poll::results(&state, &ctx, id).await?))
}

pub async fn group_participants(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Items<GroupParticipant>>, AppError> {
    Ok(Json(Items {
        items: crate::usecase::group_participant::participants(&state, &ctx, id).await?,
    }))
}

pub async fn group_participant_add(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ParticipantInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::group_participant::add_participant(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

/// Takes a named participant off the activity, with the reason (the case's timeline shows it).
pub async fn group_participant_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<RemovalInput>,
) -> Result<Done, AppError> {
    crate::usecase::group_participant::remove_participant(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn group_session_presence(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, session_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<PresenceInput>,
) -> Result<Done, AppError> {
    crate::usecase::group_participant::record_presence(&state, &ctx, id, session_id, &input)
        .await?;
    Ok(Done)
}

/// A group-activity kind's code, as it was added.
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
pub struct NewKind {
    pub code: String,
}

pub async fn group_kinds(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Items<schakel_store::TaxonomyTerm>>, AppError> {
    Ok(Json(Items {
        items: crate::usecase::config::group_kinds(&state, &ctx, id).await?,
    }))
}

pub async fn group_kind_add(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::config::GroupKindInput>,
) -> Result<Created<NewKind>, AppError> {
    let code = crate::usecase::config::add_group_kind(&state, &ctx, id, &input).await?;
    Ok(Created(NewKind { code }))
}

pub async fn group_kind_change(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, code)): ApiPath<(i64, String)>,
    ApiJson(input): ApiJson<crate::usecase::config::GroupKindInput>,
) -> Result<Json<schakel_store::TaxonomyTerm>, AppError> {
    Ok(Json(
        crate::usecase::config::change_group_kind(&state, &ctx, id, &code, &input).await?,
    ))
}
