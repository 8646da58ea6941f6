//! The JSON API under `/api/v1`. Same rules as the pages: the handlers call the same service functions.

use crate::AppState;
use crate::auth::{Ctx, PasswordCheck, check_password, start_session};
use crate::contract::{
    ApiJson, ApiPath, ApiQuery, Created, CsvFile, Done, Download, FileBody, Imported, Items, NewId,
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
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schakel_domain::Principal;
use schakel_domain::audit::{AuditAction, AuditEntry};
use schakel_domain::org::SchoolInput;
use schakel_store::{
    Assignment, Case, CaseFile, Child, Consultation, Municipality, Organisation, Referral, School,
    SchoolFilter, SchoolTime, Team, Worker,
};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::json;

type ApiResult = Result<Response, AppError>;

fn ok(v: impl serde::Serialize) -> ApiResult {
    Ok(Json(v).into_response())
}

/// Parses a JSON body into `T`, answering a 400 whose `errors` name each field that is missing or of the wrong
/// type and what was expected (in JSON terms).
fn parse<T: serde::de::DeserializeOwned + schemars::JsonSchema + 'static>(
    body: &Bytes,
) -> Result<T, AppError> {
    crate::contract::parse(body)
}

#[derive(Deserialize, schemars::JsonSchema)]
pub struct LoginRequest {
    username: String,
    password: String,
    totp: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult {
    let req: LoginRequest = parse(&body)?;
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
    ok(json!({ "token": token, "expires_at": session.expires_at }))
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
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
    Ok(StatusCode::NO_CONTENT.into_response())
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

// ---------- casework ----------

/// A referral as its reader may see it: in full for the social workers, the status only for the school.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ReferralView {
    Full(Box<Referral>),
    ForSchool(ReferralForSchool),
}

/// What a school contact sees of a referral: the status, never the content; on one referral also the
/// reports the social worker shared with the school.
#[derive(Serialize, JsonSchema)]
pub struct ReferralForSchool {
    id: i64,
    child_name: String,
    received_on: String,
    status: schakel_domain::casework::SchoolView,
    /// The social worker who picked it up, once a worker is assigned.
    picked_up_by: Option<String>,
    /// The school may still withdraw it (not yet triaged).
    can_withdraw: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reports: Option<Vec<SharedReport>>,
}

/// A report the social worker shared with the school.
#[derive(Serialize, JsonSchema)]
pub struct SharedReport {
    shared_on: String,
    body: String,
}

/// What a school contact may see of a referral: the status, never the content.
fn referral_for(role: schakel_domain::Role, r: Referral) -> ReferralView {
    use schakel_domain::casework::ReferralStatus;
    if role == schakel_domain::Role::SchoolContact {
        let status = ReferralStatus::parse(&r.status).unwrap_or(ReferralStatus::Received);
        ReferralView::ForSchool(ReferralForSchool {
            id: r.id,
            status: r.school_view(),
            picked_up_by: r.worker_name,
            can_withdraw: status == ReferralStatus::Received,
            child_name: r.child_name,
            received_on: r.received_on,
            reports: None,
        })
    } else {
        ReferralView::Full(Box::new(r))
    }
}

#[derive(Deserialize, JsonSchema)]
pub struct ReferralsQuery {
    /// Only referrals with this status (`received`, `accepted`, …).
    status: Option<String>,
}

pub async fn referrals(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<ReferralsQuery>,
) -> Result<Json<Items<ReferralView>>, AppError> {
    let role = ctx.principal()?.role;
    let list = crate::usecase::referral::referrals(&state, &ctx, q.status).await?;
    Ok(Json(Items {
        items: list.into_iter().map(|r| referral_for(role, r)).collect(),
    }))
}

/// One referral; a school contact also gets the reports the social worker shared with the school.
pub async fn referral(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ReferralView>, AppError> {
    let role = ctx.principal()?.role;
    let r = crate::usecase::referral::referral(&state, &ctx, id).await?;
    let reports = if role == schakel_domain::Role::SchoolContact {
        Some(
            crate::usecase::onward::school_reports_for(&state, &r)
                .await?
                .into_iter()
                .map(|k| SharedReport {
                    shared_on: k.shared_on,
                    body: k.body,
                })
                .collect(),
        )
    } else {
        None
    };
    let mut view = referral_for(role, r);
    if let ReferralView::ForSchool(v) = &mut view {
        v.reports = reports;
    }
    Ok(Json(view))
}

pub async fn referral_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<crate::usecase::referral::ReferralInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::referral::create_referral(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

/// The school withdraws its referral before triage, with a short reason.
pub async fn referral_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::referral::WithdrawInput>,
) -> Result<Done, AppError> {
    crate::usecase::referral::withdraw_referral(&state, &ctx, id, &input).await?;
    Ok(Done)
}

/// The case file a triage opened (none for advice only, forwarding or declining).
#[derive(Serialize, JsonSchema)]
pub struct Triaged {
    case_id: Option<i64>,
}

pub async fn referral_triage(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::triage::TriageInput>,
) -> Result<Json<Triaged>, AppError> {
    let case_id = crate::usecase::triage::triage(&state, &ctx, id, &input).await?;
    Ok(Json(Triaged { case_id }))
}

#[derive(Deserialize, JsonSchema)]
pub struct CasesQuery {
    /// Name (diacritics-insensitive), date of birth (YYYY-MM-DD) or case number.
    q: Option<String>,
    /// Present (any value): closed case files too.
    all: Option<String>,
}

pub async fn cases(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<CasesQuery>,
) -> Result<Json<Items<Case>>, AppError> {
    let items = crate::usecase::case::cases(&state, &ctx, q.q, q.all.is_none()).await?;
    Ok(Json(Items { items }))
}

pub async fn case(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<CaseFile>, AppError> {
    let mut file = crate::usecase::case::open_case(&state, &ctx, id).await?;
    // Each timeline entry comes with its kind and parameters and its sentence in the reader's language.
    for event in &mut file.events {
        event.text = event.text_in(ctx.lang);
    }
    Ok(Json(file))
}

pub async fn case_update(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::case::CaseEdit>,
) -> Result<Json<Case>, AppError> {
    Ok(Json(
        crate::usecase::case::edit_case(&state, &ctx, id, &input).await?,
    ))
}

pub async fn case_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::contact::ContactInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::contact::add_contact(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn case_time(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::time::IndirectTimeInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::time::add_indirect_time(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

/// Time per school in a period (dates as YYYY-MM-DD).
#[derive(Serialize, JsonSchema)]
pub struct TimePerSchool {
    from: String,
    until: String,
    schools: Vec<SchoolTime>,
}

pub async fn time_per_school(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(period): ApiQuery<crate::usecase::time::PeriodQuery>,
) -> Result<Json<TimePerSchool>, AppError> {
    let (from, until, schools) =
        crate::usecase::time::time_per_school(&state, &ctx, &period).await?;
    Ok(Json(TimePerSchool {
        from: from.to_string(),
        until: until.to_string(),
        schools,
    }))
}

pub async fn mandate_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<crate::usecase::mandate::MandateRecord>, AppError> {
    Ok(Json(
        crate::usecase::mandate::mandate_record(&state, &ctx, id).await?,
    ))
}

// Casework steps after the case is opened: the same service functions as the case page's forms, so the same
// checks (who may change the case, consent before sharing, versions) govern both.

#[derive(Deserialize, JsonSchema)]
pub struct ConsultationsQuery {
    /// Present (any value): only the schools' requests still waiting for an answer (social workers, team
    /// leads).
    open: Option<String>,
}

pub async fn consultations(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(q): ApiQuery<ConsultationsQuery>,
) -> Result<Json<Items<Consultation>>, AppError> {
    Ok(Json(Items {
        items: match q.open {
            Some(_) => crate::usecase::consultation::open_consultations(&state, &ctx).await?,
            None => crate::usecase::consultation::consultations(&state, &ctx).await?,
        },
    }))
}

/// The social worker answers a school's consultation request, which closes it.
pub async fn consultation_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::consultation::ConsultationAnswer>,
) -> Result<Json<Consultation>, AppError> {
    Ok(Json(
        crate::usecase::consultation::answer_consultation(&state, &ctx, id, &input).await?,
    ))
}

pub async fn consultation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(input): ApiJson<crate::usecase::consultation::ConsultationInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::consultation::record_consultation(&state, &ctx, &input).await?;
    Ok(Created(NewId { id }))
}

pub async fn case_guardian(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::referral::GuardianInput>,
) -> Result<Done, AppError> {
    crate::usecase::child::add_guardian(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::goal::GoalInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::goal::add_goal(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

#[derive(Deserialize, JsonSchema)]
pub struct ScoreInput {
    /// `review` or `end`.
    #[schemars(extend("examples" = ["review", "end"]))]
    moment: String,
    /// The GAS score, from the organisation's lowest (−2 or −3) to +2.
    score: i64,
}

pub async fn case_goal_score(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, goal_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<ScoreInput>,
) -> Result<Done, AppError> {
    crate::usecase::goal::score_goal(&state, &ctx, id, goal_id, &input.moment, input.score).await?;
    Ok(Done)
}

#[derive(Deserialize, JsonSchema)]
pub struct TaskInput {
    #[serde(default)]
    description: String,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    due_on: String,
}

pub async fn case_task(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<TaskInput>,
) -> Result<Done, AppError> {
    crate::usecase::case::add_task(&state, &ctx, id, &input.description, &input.due_on).await?;
    Ok(Done)
}

pub async fn case_task_done(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, task_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    crate::usecase::case::complete_task(&state, &ctx, id, task_id).await?;
    Ok(Done)
}

pub async fn case_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::consent::ConsentInput>,
) -> Result<Done, AppError> {
    crate::usecase::consent::add_consent(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_consent_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, consent_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    crate::usecase::consent::withdraw_consent(&state, &ctx, id, consent_id).await?;
    Ok(Done)
}

#[derive(Deserialize, JsonSchema)]
pub struct OnwardInput {
    /// A target of the directory (referral_targets).
    target_id: i64,
    #[serde(default)]
    handover_note: String,
}

pub async fn case_onward(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<OnwardInput>,
) -> Result<Done, AppError> {
    crate::usecase::onward::propose_onward(&state, &ctx, id, input.target_id, &input.handover_note)
        .await?;
    Ok(Done)
}

#[derive(Deserialize, JsonSchema)]
pub struct OnwardStepInput {
    /// `consented`, `sent`, `accepted`, `declined`, `started` or `completed`.
    #[schemars(extend("examples" = ["consented", "sent", "accepted", "declined", "started", "completed"]))]
    status: String,
    #[serde(default)]
    feedback: String,
    /// `meldcode` or `acute_safety`: sending without consent on that ground.
    #[serde(default)]
    legal_ground: String,
}

pub async fn case_onward_status(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, onward_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<OnwardStepInput>,
) -> Result<Done, AppError> {
    crate::usecase::onward::advance_onward(
        &state,
        &ctx,
        id,
        onward_id,
        &input.status,
        &input.feedback,
        &input.legal_ground,
    )
    .await?;
    Ok(Done)
}

pub async fn case_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::mandate::MandateInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::mandate::decide_mandate(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

/// The team lead's refusal of a waiting SMW-plus decision.
#[derive(Deserialize, JsonSchema)]
pub struct RefusalInput {
    /// Why the decision is refused (1–2,000 characters); the worker sees it on the case.
    #[serde(default)]
    reason: String,
}

pub async fn case_mandate_refuse(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, decision_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<RefusalInput>,
) -> Result<Done, AppError> {
    crate::usecase::mandate::refuse_mandate(&state, &ctx, id, decision_id, &input.reason).await?;
    Ok(Done)
}

pub async fn case_mandate_approve(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, decision_id)): ApiPath<(i64, i64)>,
) -> Result<Done, AppError> {
    crate::usecase::mandate::approve_mandate(&state, &ctx, id, decision_id).await?;
    Ok(Done)
}

pub async fn case_transfer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::onward::TransferInput>,
) -> Result<Done, AppError> {
    crate::usecase::onward::transfer(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_close(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::closure::ClosureInput>,
) -> Result<Done, AppError> {
    crate::usecase::closure::close(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_close_approve(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
) -> Result<Done, AppError> {
    crate::usecase::closure::approve_closure(&state, &ctx, id).await?;
    Ok(Done)
}

/// The team lead reopens a closed case with a reason (422 naming `reason` without one, or while the child has
/// another open case).
pub async fn case_reopen(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::closure::ReopenInput>,
) -> Result<Done, AppError> {
    crate::usecase::closure::reopen(&state, &ctx, id, &input).await?;
    Ok(Done)
}

pub async fn case_child(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::child::ChildEdit>,
) -> Result<Json<Child>, AppError> {
    Ok(Json(
        crate::usecase::child::edit_child(&state, &ctx, id, &input).await?,
    ))
}

pub async fn case_school_report(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<crate::usecase::onward::SchoolReportInput>,
) -> Result<Created<NewId>, AppError> {
    let id = crate::usecase::onward::report_to_school(&state, &ctx, id, &input).await?;
    Ok(Created(NewId { id }))
}

/// The pupils of a school in a school year (the denominator of "referrals per 100 pupils").
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

/// The name and description of an uploaded document (the file itself is the body).
#[derive(Deserialize, JsonSchema)]
pub struct DocumentQuery {
    /// The file's name, e.g. `verslag.pdf`; stored under the extension of the detected type.
    pub filename: String,
    #[serde(default)]
    pub description: String,
}

pub async fn case_document_upload(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<DocumentQuery>,
    FileBody(bytes): FileBody,
) -> Result<Created<NewId>, AppError> {
    let id = usecase::document::add_document(
        &state,
        &ctx,
        id,
        &query.filename,
        &bytes,
        &query.description,
    )
    .await?;
    Ok(Created(NewId { id }))
}

pub async fn case_document(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((id, document_id)): ApiPath<(i64, i64)>,
) -> Result<Download, AppError> {
    usecase::document::download(&state, &ctx, id, document_id).await
}

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
