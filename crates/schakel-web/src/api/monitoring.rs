//! Monitoring through the API, for municipal BI tools: the same figures as the pages, under the same rules.

use crate::AppState;
use crate::auth::Ctx;
use crate::contract::ApiQuery;
use crate::error::AppError;
use crate::usecase::monitoring::{
    self, DashboardQuery, EffectFigures, MunicipalityFigures, TeamFigures,
};
use axum::Json;
use axum::extract::State;

pub async fn figures_municipality(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<Json<MunicipalityFigures>, AppError> {
    Ok(Json(
        monitoring::municipality_figures(&state, &ctx, &q).await?,
    ))
}

pub async fn figures_effect(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<DashboardQuery>,
) -> Result<Json<EffectFigures>, AppError> {
    Ok(Json(monitoring::effect_figures(&state, &ctx, &q).await?))
}

pub async fn figures_team(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<TeamFigures>, AppError> {
    Ok(Json(monitoring::team_figures(&state, &ctx).await?))
}
