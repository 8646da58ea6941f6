//! The JSON API under `/api/v1`. Same rules as the pages: the handlers call the same service functions.

use crate::AppState;
use crate::auth::{Ctx, PasswordCheck, check_password, start_session};
use crate::error::AppError;
use crate::pages::audit::{AuditQuery, audit_filter_for};
use crate::secrets::random_token;
use crate::service::{
    self, AssignmentInput, MunicipalityInput, OrganisationInput, SchoolUpdate, TeamInput,
    WorkerInput,
};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use schakel_domain::audit::AuditAction;
use schakel_domain::org::SchoolInput;
use schakel_store::SchoolFilter;
use serde::Deserialize;
use serde_json::{Value, json};

type ApiResult = Result<Response, AppError>;

fn ok(v: impl serde::Serialize) -> ApiResult {
    Ok(Json(v).into_response())
}

fn created(v: impl serde::Serialize) -> ApiResult {
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// Parses a JSON body into `T`, answering a structured 400 for malformed JSON or wrong types.
fn parse<T: serde::de::DeserializeOwned>(body: &Bytes) -> Result<T, AppError> {
    serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("invalid JSON body: {e}")))
}

#[derive(Deserialize)]
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
            attempt.abandon(&state);
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
        attempt.abandon(&state);
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

pub async fn me(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    let p = ctx.principal()?;
    state
        .log(ctx.event(AuditAction::Read, "user", Some(p.user_id.to_string()), "ok"))
        .await?;
    ok(p)
}

#[derive(Deserialize)]
pub struct TokenRequest {
    name: String,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    days: Option<i64>,
}

pub async fn create_token(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    let req: TokenRequest = parse(&body)?;
    let p = ctx.principal()?;
    let name = req.name.trim();
    if name.is_empty() || name.len() > 100 {
        return Err(AppError::Validation(vec![
            schakel_domain::org::FieldError::new(
                "name",
                "Geef het token een naam.",
                "Give the token a name.",
            ),
        ]));
    }
    let scope = match req.scope.as_deref() {
        None | Some("read") => "read",
        Some("write") => "write",
        Some(_) => {
            return Err(AppError::BadRequest(
                "scope is \"read\" or \"write\"".into(),
            ));
        }
    };
    let days = req.days.unwrap_or(90).clamp(1, 365);
    let token = format!("sk_{}", random_token());
    let now = state.now();
    let expires = now + chrono::Duration::days(days);
    let mut tx = state.store().begin().await?;
    let t = tx
        .insert_api_token(
            p.user_id,
            name,
            &state.token_hash(&token),
            scope,
            now,
            expires,
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "api_token",
                Some(t.id.to_string()),
                "ok",
            ),
        )
        .await?;
    created(json!({ "id": t.id, "token": token, "scope": scope, "expires_at": t.expires_at }))
}

pub async fn municipalities(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    ok(service::municipalities(&state, ctx.principal()?).await?)
}
pub async fn municipality(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> ApiResult {
    ok(service::municipality(&state, ctx.principal()?, id).await?)
}
pub async fn municipality_create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    created(service::create_municipality(&state, &ctx, &parse::<MunicipalityInput>(&body)?).await?)
}
pub async fn municipality_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    ok(service::update_municipality(&state, &ctx, id, &parse::<MunicipalityInput>(&body)?).await?)
}

pub async fn organisations(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    ok(service::organisations(&state, ctx.principal()?).await?)
}
pub async fn organisation(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> ApiResult {
    ok(service::organisation(&state, ctx.principal()?, id).await?)
}
pub async fn organisation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    created(service::create_organisation(&state, &ctx, &parse::<OrganisationInput>(&body)?).await?)
}
pub async fn organisation_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    ok(service::update_organisation(&state, &ctx, id, &parse::<OrganisationInput>(&body)?).await?)
}

pub async fn casework_config(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> ApiResult {
    ok(crate::config::casework_config(&state, &ctx, id).await?)
}
pub async fn casework_config_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input = parse::<crate::config::CaseworkConfigInput>(&body)?;
    ok(crate::config::update_casework_config(&state, &ctx, id, &input).await?)
}

pub async fn teams(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    ok(service::teams(&state, ctx.principal()?).await?)
}
pub async fn team(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> ApiResult {
    ok(service::team(&state, ctx.principal()?, id).await?)
}
pub async fn team_create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    created(service::create_team(&state, &ctx, &parse::<TeamInput>(&body)?).await?)
}
pub async fn team_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    ok(service::update_team(&state, &ctx, id, &parse::<TeamInput>(&body)?).await?)
}

pub async fn workers(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    ok(service::workers(&state, &ctx).await?)
}
pub async fn worker(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> ApiResult {
    ok(service::worker(&state, &ctx, id).await?)
}
pub async fn worker_create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    created(service::create_worker(&state, &ctx, &parse::<WorkerInput>(&body)?).await?)
}
pub async fn worker_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    ok(service::update_worker(&state, &ctx, id, &parse::<WorkerInput>(&body)?).await?)
}

#[derive(Deserialize)]
pub struct SchoolsQuery {
    q: Option<String>,
    municipality_id: Option<i64>,
    school_type: Option<String>,
    limit: Option<i64>,
    offset: Option<i64>,
}

pub async fn schools(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SchoolsQuery>,
) -> ApiResult {
    let filter = SchoolFilter {
        query: q.q,
        municipality_id: q.municipality_id,
        school_type: q.school_type,
        limit: q.limit.unwrap_or(100),
        offset: q.offset.unwrap_or(0),
    };
    let (items, total) = service::schools(&state, ctx.principal()?, filter).await?;
    ok(json!({ "items": items, "total": total }))
}
pub async fn school(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> ApiResult {
    ok(service::school(&state, ctx.principal()?, id).await?)
}
pub async fn school_create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    created(service::create_school(&state, &ctx, &parse::<SchoolInput>(&body)?).await?)
}
pub async fn school_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    ok(service::update_school(&state, &ctx, id, &parse::<SchoolUpdate>(&body)?).await?)
}

/// `text/csv` body; all rows or none; errors per row and field.
pub async fn schools_import(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    match service::import_schools(&state, &ctx, &body).await {
        Ok(n) => created(json!({ "imported": n })),
        Err(errors) => {
            let mut res = AppError::Validation(Vec::new()).into_response();
            let body = json!({
                "type": "https://schakel.invalid/problems/import",
                "title": "Unprocessable Entity",
                "status": 422,
                "detail": "The file has errors; nothing was imported.",
                "errors": errors,
            });
            *res.body_mut() = axum::body::Body::from(body.to_string());
            Ok(res)
        }
    }
}

pub async fn assignments(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    ok(service::assignments(&state, &ctx).await?)
}
pub async fn assignment_create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    created(service::create_assignment(&state, &ctx, &parse::<AssignmentInput>(&body)?).await?)
}

pub async fn audit(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<AuditQuery>,
) -> ApiResult {
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
    let v: Vec<Value> = entries
        .iter()
        .map(|e| serde_json::to_value(e).unwrap_or_default())
        .collect();
    ok(json!({ "items": v }))
}

// ---------- casework ----------

/// What a school contact may see of a referral: the status, never the content.
fn referral_for(role: schakel_domain::Role, r: &schakel_store::Referral) -> Value {
    use schakel_domain::casework::{ReferralStatus, SchoolView};
    if role == schakel_domain::Role::SchoolContact {
        let status = ReferralStatus::parse(&r.status).unwrap_or(ReferralStatus::Received);
        json!({
            "id": r.id,
            "child_name": r.child_name,
            "received_on": r.received_on,
            "status": SchoolView::of(status, r.case_status.as_deref().map(|s| s == "closed")),
        })
    } else {
        serde_json::to_value(r).unwrap_or_default()
    }
}

pub async fn referrals(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> ApiResult {
    let role = ctx.principal()?.role;
    let list = crate::casework::referrals(&state, &ctx, q.get("status").cloned()).await?;
    ok(json!({ "items": list.iter().map(|r| referral_for(role, r)).collect::<Vec<_>>() }))
}

/// One referral; a school contact also gets the reports the social worker shared with the school.
pub async fn referral(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> ApiResult {
    let role = ctx.principal()?.role;
    let r = crate::casework::referral(&state, &ctx, id).await?;
    let mut v = referral_for(role, &r);
    if role == schakel_domain::Role::SchoolContact {
        v["reports"] = json!(
            crate::casework::school_reports_for(&state, &r)
                .await?
                .iter()
                .map(|k| json!({"shared_on": k.shared_on, "body": k.body}))
                .collect::<Vec<_>>()
        );
    }
    ok(v)
}

pub async fn referral_create(State(state): State<AppState>, ctx: Ctx, body: Bytes) -> ApiResult {
    let input: crate::casework::ReferralInput = parse(&body)?;
    let id = crate::casework::create_referral(&state, &ctx, &input).await?;
    created(json!({ "id": id }))
}

pub async fn referral_triage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::TriageInput = parse(&body)?;
    let case_id = crate::casework::triage(&state, &ctx, id, &input).await?;
    ok(json!({ "case_id": case_id }))
}

pub async fn cases(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<std::collections::HashMap<String, String>>,
) -> ApiResult {
    let list =
        crate::casework::cases(&state, &ctx, q.get("q").cloned(), !q.contains_key("all")).await?;
    ok(json!({ "items": list }))
}

pub async fn case(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> ApiResult {
    ok(crate::casework::open_case(&state, &ctx, id).await?)
}

pub async fn case_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::CaseEdit = parse(&body)?;
    ok(crate::casework::edit_case(&state, &ctx, id, &input).await?)
}

pub async fn case_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::ContactInput = parse(&body)?;
    let cid = crate::casework::add_contact(&state, &ctx, id, &input).await?;
    created(json!({ "id": cid }))
}

pub async fn case_time(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::IndirectTimeInput = parse(&body)?;
    let entry = crate::casework::add_indirect_time(&state, &ctx, id, &input).await?;
    created(json!({ "id": entry }))
}

pub async fn time_per_school(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(period): Query<crate::casework::PeriodQuery>,
) -> ApiResult {
    let (from, until, schools) = crate::casework::time_per_school(&state, &ctx, &period).await?;
    ok(json!({ "from": from.to_string(), "until": until.to_string(), "schools": schools }))
}

pub async fn mandate_decision(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> ApiResult {
    ok(crate::casework::mandate_record(&state, &ctx, id).await?)
}

// Casework steps after the case is opened: the same service functions as the case page's forms, so the same
// checks (who may change the case, consent before sharing, versions) govern both.

fn done() -> ApiResult {
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn consultations(State(state): State<AppState>, ctx: Ctx) -> ApiResult {
    ok(json!({ "items": crate::casework::consultations(&state, &ctx).await? }))
}

pub async fn consultation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::ConsultationInput = parse(&body)?;
    created(json!({ "id": crate::casework::record_consultation(&state, &ctx, &input).await? }))
}

pub async fn case_guardian(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::GuardianInput = parse(&body)?;
    crate::casework::add_guardian(&state, &ctx, id, &input).await?;
    done()
}

pub async fn case_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::GoalInput = parse(&body)?;
    created(json!({ "id": crate::casework::add_goal(&state, &ctx, id, &input).await? }))
}

#[derive(Deserialize)]
pub struct ScoreInput {
    /// `review` or `end`.
    moment: String,
    score: i64,
}

pub async fn case_goal_score(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
    body: Bytes,
) -> ApiResult {
    let input: ScoreInput = parse(&body)?;
    crate::casework::score_goal(&state, &ctx, id, goal_id, &input.moment, input.score).await?;
    done()
}

#[derive(Deserialize)]
pub struct TaskInput {
    #[serde(default)]
    description: String,
    #[serde(default)]
    due_on: String,
}

pub async fn case_task(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: TaskInput = parse(&body)?;
    crate::casework::add_task(&state, &ctx, id, &input.description, &input.due_on).await?;
    done()
}

pub async fn case_task_done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, task_id)): Path<(i64, i64)>,
) -> ApiResult {
    crate::casework::complete_task(&state, &ctx, id, task_id).await?;
    done()
}

pub async fn case_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::ConsentInput = parse(&body)?;
    crate::casework::add_consent(&state, &ctx, id, &input).await?;
    done()
}

pub async fn case_consent_withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, consent_id)): Path<(i64, i64)>,
) -> ApiResult {
    crate::casework::withdraw_consent(&state, &ctx, id, consent_id).await?;
    done()
}

#[derive(Deserialize)]
pub struct OnwardInput {
    target_id: i64,
    #[serde(default)]
    handover_note: String,
}

pub async fn case_onward(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: OnwardInput = parse(&body)?;
    crate::casework::propose_onward(&state, &ctx, id, input.target_id, &input.handover_note)
        .await?;
    done()
}

#[derive(Deserialize)]
pub struct OnwardStepInput {
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
    Path((id, onward_id)): Path<(i64, i64)>,
    body: Bytes,
) -> ApiResult {
    let input: OnwardStepInput = parse(&body)?;
    crate::casework::advance_onward(
        &state,
        &ctx,
        id,
        onward_id,
        &input.status,
        &input.feedback,
        &input.legal_ground,
    )
    .await?;
    done()
}

pub async fn case_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::MandateInput = parse(&body)?;
    created(json!({ "id": crate::casework::decide_mandate(&state, &ctx, id, &input).await? }))
}

#[derive(Deserialize)]
pub struct RefusalInput {
    #[serde(default)]
    reason: String,
}

pub async fn case_mandate_refuse(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
    body: Bytes,
) -> ApiResult {
    let input: RefusalInput = parse(&body)?;
    crate::casework::refuse_mandate(&state, &ctx, id, decision_id, &input.reason).await?;
    done()
}

pub async fn case_mandate_approve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
) -> ApiResult {
    crate::casework::approve_mandate(&state, &ctx, id, decision_id).await?;
    done()
}

pub async fn case_transfer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::TransferInput = parse(&body)?;
    crate::casework::transfer(&state, &ctx, id, &input).await?;
    done()
}

pub async fn case_close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::ClosureInput = parse(&body)?;
    crate::casework::close(&state, &ctx, id, &input).await?;
    done()
}

pub async fn case_close_approve(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> ApiResult {
    crate::casework::approve_closure(&state, &ctx, id).await?;
    done()
}

pub async fn case_child(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::ChildEdit = parse(&body)?;
    ok(crate::casework::edit_child(&state, &ctx, id, &input).await?)
}

pub async fn case_school_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    body: Bytes,
) -> ApiResult {
    let input: crate::casework::SchoolReportInput = parse(&body)?;
    created(json!({ "id": crate::casework::report_to_school(&state, &ctx, id, &input).await? }))
}
