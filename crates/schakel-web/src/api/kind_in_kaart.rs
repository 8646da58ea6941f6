//! The API's Kind in Kaart: a child's profile, suggestions, plans and checks; the whole-class session; the
//! social map's activities.

use super::*;

pub async fn case_kind_in_kaart(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<plan::KindInKaart>, AppError> {
    Ok(Json(plan::of_case(&state, &ctx, id).await?))
}

pub async fn case_kind_in_kaart_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<plan::ProfileInput>,
) -> Result<Created<NewId>, AppError> {
    let id = plan::save_profile(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn case_kind_in_kaart_plan(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<plan::ChooseInput>,
) -> Result<Created<NewId>, AppError> {
    let id = plan::choose(&state, &ctx, id, input.activity_id).await?;
    Ok(Created(NewId { id }))
}

pub async fn case_kind_in_kaart_start(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, plan_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    plan::start(&state, &ctx, id, plan_id).await?;
    Ok(Done)
}

pub async fn case_kind_in_kaart_check(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, plan_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<plan::CheckInput>,
) -> Result<Done, AppError> {
    plan::check(&state, &ctx, id, plan_id, &input).await?;
    Ok(Done)
}

pub async fn kind_in_kaart_class(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<class::ClassInput>,
) -> Result<Json<class::ClassSession>, AppError> {
    Ok(Json(class::class_session(&state, &ctx, &input).await?))
}

pub async fn social_map_activity_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<usecase::kind_in_kaart::ActivityUpdate>,
) -> Result<Done, AppError> {
    usecase::kind_in_kaart::update_activity(&state, &ctx, id, input.version, &input.activity)
        .await?;
    Ok(Done)
}
