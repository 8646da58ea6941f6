//! The JSON API under `/api/v1`: thin handlers that call the same use-case functions as the pages (`usecase`).

mod appointment;
mod care_meeting;
mod casework;
mod group;
mod kind_in_kaart;
mod monitoring;
mod presence;

pub use appointment::*;
pub use care_meeting::*;
pub use casework::*;
pub use group::*;
pub use kind_in_kaart::*;
pub use monitoring::*;
pub use presence::*;

use crate::AppState;
use crate::auth::{Ctx, PasswordCheck, check_password, start_session};
use crate::contract::{
    ApiJson, ApiPath, ApiQuery, CalendarDownload, Created, CsvFile, Done, Download, FileBody,
    Imported, Items, NewId,
};
use crate::error::AppError;
use crate::pages::audit::{AuditQuery, audit_filter_for};
use crate::usecase::config::{CaseworkConfig, CaseworkConfigInput};
use crate::usecase::kind_in_kaart::{class, plan};
use crate::usecase::{
    self, organisation::MunicipalityInput, organisation::OrganisationInput,
    organisation::TeamInput, organisation::WorkerInput, school::AssignmentInput,
    school::SchoolUpdate,
};
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schakel_domain::Principal;
use schakel_domain::audit::{AuditAction, AuditEntry};
use schakel_domain::org::SchoolInput;
use schakel_store::{
    Assignment, Case, CaseFile, Child, Consultation, Municipality, Organisation, School,
    SchoolFilter, SchoolTime, Team, Worker,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, schemars::JsonSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
    totp: Option<String>,
}

/// A new API session.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct LoginReply {
    /// The bearer token for the `Authorization` header.
    pub token: String,
    pub expires_at: String,
}

/// The answer to a sign-in: the new session, or a problem (401 wrong, 429 throttled with the wait).
pub struct SignedIn(LoginReply);

impl IntoResponse for SignedIn {
    fn into_response(self) -> Response {
        Json(self.0).into_response()
    }
}

impl crate::contract::DescribeOutput for SignedIn {
    fn describe(
        generators: &mut crate::contract::Generators,
        doc: &mut crate::contract::OperationDoc,
    ) {
        <Json<LoginReply> as crate::contract::DescribeOutput>::describe(generators, doc);
        doc.problem(
            StatusCode::UNAUTHORIZED,
            "Wrong username, password or second-factor code",
            generators,
        );
        doc.problem(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many failed attempts; `retry_after_seconds` says how long to wait",
            generators,
        );
    }
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiJson(req): ApiJson<LoginRequest>,
) -> Result<SignedIn, AppError> {
    let (user, attempt) = match check_password(&state, &ctx, &req.username, &req.password).await? {
        PasswordCheck::Ok(u, attempt) => (u, attempt),
        PasswordCheck::Wrong => return Err(AppError::Unauthorized),
        PasswordCheck::Throttled(wait) => {
            return Err(AppError::TooManyAttempts {
                retry_after_seconds: wait,
            });
        }
    };
    // The second factor is counted and throttled like the web step; `sign_in` is logged only
    // when both factors are right.
    if *user.totp_enabled {
        let Some(code) = req.totp.as_deref() else {
            attempt.forgive(&state);
            return Err(AppError::BadRequest(
                "this account uses two-factor sign-in: send \"totp\"".into(),
            ));
        };
        if !attempt.second_factor(&state, &ctx, &user, code).await? {
            return Err(AppError::Unauthorized);
        }
    } else if schakel_domain::Role::parse(&user.role).is_some_and(|r| r.requires_two_factor())
        && !state.config().demo_mode
    {
        attempt.forgive(&state);
        return Err(AppError::BadRequest(
            "enrol in two-factor sign-in on the web page first".into(),
        ));
    }
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let (token, session) = start_session(&state, &ctx, &user, "api", ua).await?;
    if !*session.second_factor_done {
        let mut tx = state.store().begin().await?;
        tx.complete_second_factor(session.id).await?;
        tx.commit().await?;
    }
    attempt.finish(&state, &ctx, &user).await?;
    Ok(SignedIn(LoginReply {
        token,
        expires_at: session.expires_at,
    }))
}

/// Ends the bearer token's session.
pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Result<Done, AppError> {
    if let Some(s) = &ctx.session {
        let mut tx = state.store().begin().await?;
        tx.delete_session(s.id).await?;
        state
            .commit_logged(
                tx,
                ctx.event(
                    AuditAction::SignOut,
                    "user",
                    Some(s.user_id.to_string()),
                    "ok",
                ),
            )
            .await?;
    }
    Ok(Done)
}

pub async fn me(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Principal>, AppError> {
    let p = ctx.principal()?;
    state
        .log(ctx.event(AuditAction::Read, "user", Some(p.user_id.to_string()), "ok"))
        .await?;
    Ok(Json(p.clone()))
}

pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(req): ApiJson<usecase::account::TokenRequest>,
) -> Result<Created<usecase::account::NewToken>, AppError> {
    Ok(Created(
        usecase::account::create_token(&state, &ctx, &req).await?,
    ))
}

pub async fn token_revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Done, AppError> {
    usecase::account::revoke_token(&state, &ctx, id).await?;
    Ok(Done)
}

/// Ends every session and revokes every personal token of the caller — the token of this request too.
pub async fn sign_out_everywhere(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<usecase::account::Ended>, AppError> {
    Ok(Json(
        usecase::account::sign_out_everywhere(&state, &ctx).await?,
    ))
}

pub async fn municipalities(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<Municipality>>, AppError> {
    Ok(Json(
        usecase::organisation::municipalities(&state, ctx.principal()?).await?,
    ))
}
pub async fn municipality(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Municipality>, AppError> {
    Ok(Json(
        usecase::organisation::municipality(&state, ctx.principal()?, id).await?,
    ))
}
pub async fn municipality_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<MunicipalityInput>,
) -> Result<Created<Municipality>, AppError> {
    Ok(Created(
        usecase::organisation::create_municipality(&state, &ctx, &input).await?,
    ))
}
pub async fn municipality_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<MunicipalityInput>,
) -> Result<Json<Municipality>, AppError> {
    Ok(Json(
        usecase::organisation::update_municipality(&state, &ctx, id, &input).await?,
    ))
}

pub async fn organisations(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<Organisation>>, AppError> {
    Ok(Json(
        usecase::organisation::organisations(&state, ctx.principal()?).await?,
    ))
}
pub async fn organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Organisation>, AppError> {
    Ok(Json(
        usecase::organisation::organisation(&state, ctx.principal()?, id).await?,
    ))
}
pub async fn organisation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<Created<Organisation>, AppError> {
    Ok(Created(
        usecase::organisation::create_organisation(&state, &ctx, &input).await?,
    ))
}
pub async fn organisation_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<OrganisationInput>,
) -> Result<Json<Organisation>, AppError> {
    Ok(Json(
        usecase::organisation::update_organisation(&state, &ctx, id, &input).await?,
    ))
}

pub async fn casework_config(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CaseworkConfig>, AppError> {
    Ok(Json(
        crate::usecase::config::casework_config(&state, &ctx, id).await?,
    ))
}
pub async fn casework_config_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CaseworkConfigInput>,
) -> Result<Json<CaseworkConfig>, AppError> {
    Ok(Json(
        crate::usecase::config::update_casework_config(&state, &ctx, id, &input).await?,
    ))
}

pub async fn teams(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<Team>>, AppError> {
    Ok(Json(
        usecase::organisation::teams(&state, ctx.principal()?).await?,
    ))
}
pub async fn team(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Team>, AppError> {
    Ok(Json(
        usecase::organisation::team(&state, ctx.principal()?, id).await?,
    ))
}
pub async fn team_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<TeamInput>,
) -> Result<Created<Team>, AppError> {
    Ok(Created(
        usecase::organisation::create_team(&state, &ctx, &input).await?,
    ))
}
pub async fn team_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TeamInput>,
) -> Result<Json<Team>, AppError> {
    Ok(Json(
        usecase::organisation::update_team(&state, &ctx, id, &input).await?,
    ))
}

pub async fn workers(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<Worker>>, AppError> {
    Ok(Json(usecase::organisation::workers(&state, &ctx).await?))
}
pub async fn worker(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<Worker>, AppError> {
    Ok(Json(usecase::organisation::worker(&state, &ctx, id).await?))
}
pub async fn worker_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<WorkerInput>,
) -> Result<Created<Worker>, AppError> {
    Ok(Created(
        usecase::organisation::create_worker(&state, &ctx, &input).await?,
    ))
}
pub async fn worker_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<WorkerInput>,
) -> Result<Json<Worker>, AppError> {
    Ok(Json(
        usecase::organisation::update_worker(&state, &ctx, id, &input).await?,
    ))
}

#[derive(Deserialize, JsonSchema)]
pub struct SchoolsQuery {
    /// Name, code or town.
    q: Option<String>,
    municipality_id: Option<i64>,
    school_type: Option<String>,
    /// At most this many (default 100).
    limit: Option<i64>,
    offset: Option<i64>,
}

/// A page of schools and how many match in all.
#[derive(Serialize, JsonSchema)]
pub struct SchoolPage {
    items: Vec<School>,
    total: i64,
}

pub async fn schools(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<SchoolsQuery>,
) -> Result<Json<SchoolPage>, AppError> {
    let filter = SchoolFilter {
        query: q.q,
        municipality_id: q.municipality_id,
        school_type: q.school_type,
        limit: q.limit.unwrap_or(100),
        offset: q.offset.unwrap_or(0),
    };
    let (items, total) = usecase::school::schools(&state, ctx.principal()?, filter).await?;
    Ok(Json(SchoolPage { items, total }))
}
pub async fn school(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<School>, AppError> {
    Ok(Json(
        usecase::school::school(&state, ctx.principal()?, id).await?,
    ))
}
pub async fn school_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<SchoolInput>,
) -> Result<Created<School>, AppError> {
    Ok(Created(
        usecase::school::create_school(&state, &ctx, &input).await?,
    ))
}
pub async fn school_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<SchoolUpdate>,
) -> Result<Json<School>, AppError> {
    Ok(Json(
        usecase::school::update_school(&state, &ctx, id, &input).await?,
    ))
}

/// `text/csv` body; all rows or none; errors per row and field.
pub async fn schools_import(
    State(state): State<AppState>,
    ctx: Ctx,
    CsvFile(body): CsvFile,
) -> Imported {
    match usecase::school::import_schools(&state, &ctx, &body).await {
        Ok(n) => Imported::Stored(n),
        Err(errors) => Imported::Refused(errors),
    }
}

pub async fn assignments(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<Assignment>>, AppError> {
    Ok(Json(usecase::school::assignments(&state, &ctx).await?))
}
pub async fn assignment_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<AssignmentInput>,
) -> Result<Created<Assignment>, AppError> {
    Ok(Created(
        usecase::school::create_assignment(&state, &ctx, &input).await?,
    ))
}

pub async fn audit(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<Items<AuditEntry>>, AppError> {
    let entries = state
        .store()
        .search_audit(&audit_filter_for(&state, &ctx, &q).await?)
        .await?;
    state
        .log(ctx.event(
            AuditAction::Search,
            "access_log",
            q.subject_id.clone(),
            "ok",
        ))
        .await?;
    Ok(Json(Items { items: entries }))
}

/// The privacy officer's overview of consents, with the shares made under each (filters: `status`,
/// `case_number`).
pub async fn consents(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<crate::usecase::privacy::ConsentQuery>,
) -> Result<Json<crate::usecase::privacy::ConsentOverview>, AppError> {
    Ok(Json(
        crate::usecase::privacy::consent_overview(&state, &ctx, &q).await?,
    ))
}

#[derive(Deserialize, JsonSchema)]
pub struct PupilsInput {
    /// The school year, e.g. `2026-2027`.
    pub school_year: String,
    pub pupils: i64,
}

pub async fn school_pupils(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<PupilsInput>,
) -> Result<Done, AppError> {
    usecase::school::set_pupils(
        &state,
        &ctx,
        id,
        &input.school_year,
        &input.pupils.to_string(),
    )
    .await?;
    Ok(Done)
}

#[derive(Deserialize, JsonSchema)]
pub struct ArrangementInput {
    /// `kind_in_kaart`, `smw_plus` or `more_hours`.
    pub kind: String,
    /// The school year it started, e.g. `2024-2025`.
    pub school_year: String,
}

pub async fn school_arrangement(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ArrangementInput>,
) -> Result<Done, AppError> {
    usecase::school::set_arrangement(&state, &ctx, id, &input.kind, &input.school_year).await?;
    Ok(Done)
}

/// The last day of an assignment; `version` guards against a parallel change (409).
#[derive(Deserialize, JsonSchema)]
pub struct AssignmentEnd {
    #[serde(default)]
    pub version: Option<i64>,
    /// `YYYY-MM-DD`.
    #[schemars(example = &"2027-07-31")]
    pub ends_on: String,
}

pub async fn assignment_end(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<AssignmentEnd>,
) -> Result<Done, AppError> {
    usecase::school::end_assignment(&state, &ctx, id, input.version, &input.ends_on).await?;
    Ok(Done)
}
