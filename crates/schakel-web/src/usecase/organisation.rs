//! The organisation model: municipalities, organisations, teams and workers — parse the input, check the scope,
//! write, log.

use super::input::{admin_organisation, done, require_text, staff_scope, stale, version_of};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::org::{CbsCode, FieldError};
use schakel_domain::{Principal, Role};
use schakel_store::{Municipality, NewWorker, Organisation, Team, Worker};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct MunicipalityInput {
    #[serde(default)]
    pub cbs_code: String,
    #[serde(default)]
    pub name: String,
    pub version: Option<i64>,
}

impl MunicipalityInput {
    fn parse(&self) -> Result<(CbsCode, String), AppError> {
        let mut errors = Vec::new();
        let code = CbsCode::parse(&self.cbs_code)
            .map_err(|e| errors.push(e))
            .ok();
        let name = require_text("name", &self.name, 120, &mut errors);
        done(errors)?;
        code.map(|c| (c, name))
            .ok_or(AppError::Validation(Vec::new()))
    }
}

/// Municipalities the user may see: all for admins, their own for a municipality account.
pub async fn municipalities(
    state: &AppState,
    p: &Principal,
) -> Result<Vec<Municipality>, AppError> {
    let all = state.store().list_municipalities().await?;
    Ok(match p.role {
        Role::Municipality => all
            .into_iter()
            .filter(|m| Some(m.id) == p.municipality_id)
            .collect(),
        _ => all,
    })
}

pub async fn municipality(
    state: &AppState,
    p: &Principal,
    id: i64,
) -> Result<Municipality, AppError> {
    if p.role == Role::Municipality && p.municipality_id != Some(id) {
        return Err(AppError::NotFound);
    }
    Ok(state.store().municipality(id).await?)
}

pub async fn create_municipality(
    state: &AppState,
    ctx: &Ctx,
    input: &MunicipalityInput,
) -> Result<Municipality, AppError> {
    let (code, name) = input.parse()?;
    let mut tx = state.store().begin().await?;
    let m = tx
        .insert_municipality(code.as_str(), &name, state.now())
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "municipality",
                Some(m.id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(m)
}

pub async fn update_municipality(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &MunicipalityInput,
) -> Result<Municipality, AppError> {
    let (code, name) = input.parse()?;
    let version = version_of(input.version)?;
    let mut tx = state.store().begin().await?;
    let result = tx
        .update_municipality(id, version, code.as_str(), &name, state.now())
        .await;
    let m = match result {
        Ok(m) => m,
        Err(schakel_store::StoreError::Conflict { .. }) => {
            drop(tx);
            return Err(stale(state.store().municipality(id)).await);
        }
        Err(e) => return Err(e.into()),
    };
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "municipality",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(m)
}

// ---------- organisations ----------

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct OrganisationInput {
    #[serde(default)]
    pub name: String,
    /// CBS code of the main municipality, optional.
    #[serde(default)]
    pub municipality_code: Option<String>,
    #[serde(default)]
    pub smw_plus: bool,
    pub version: Option<i64>,
}

async fn parse_organisation(
    state: &AppState,
    input: &OrganisationInput,
) -> Result<(String, Option<i64>), AppError> {
    let mut errors = Vec::new();
    let name = require_text("name", &input.name, 160, &mut errors);
    let mut municipality_id = None;
    if let Some(code) = input
        .municipality_code
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        match CbsCode::parse(code) {
            Ok(c) => match state.store().municipality_by_code(c.as_str()).await {
                Ok(m) => municipality_id = Some(m.id),
                Err(schakel_store::StoreError::NotFound) => errors.push(FieldError::new(
                    "municipality_code",
                    "Deze gemeente is onbekend; voeg haar eerst toe.",
                    "This municipality is unknown; add it first.",
                )),
                Err(e) => return Err(e.into()),
            },
            Err(mut e) => {
                e.field = "municipality_code".into();
                errors.push(e)
            }
        }
    }
    done(errors)?;
    Ok((name, municipality_id))
}

pub async fn organisations(state: &AppState, p: &Principal) -> Result<Vec<Organisation>, AppError> {
    let all = state.store().list_organisations().await?;
    Ok(match p.role {
        Role::FunctionalAdmin => all,
        _ => all
            .into_iter()
            .filter(|o| Some(o.id) == p.organisation_id)
            .collect(),
    })
}

pub async fn organisation(
    state: &AppState,
    p: &Principal,
    id: i64,
) -> Result<Organisation, AppError> {
    if p.role != Role::FunctionalAdmin && p.organisation_id != Some(id) {
        return Err(AppError::NotFound);
    }
    Ok(state.store().organisation(id).await?)
}

pub async fn create_organisation(
    state: &AppState,
    ctx: &Ctx,
    input: &OrganisationInput,
) -> Result<Organisation, AppError> {
    let (name, municipality_id) = parse_organisation(state, input).await?;
    let mut tx = state.store().begin().await?;
    let o = tx
        .insert_organisation(&name, municipality_id, input.smw_plus, state.now())
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "organisation",
                Some(o.id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(o)
}

pub async fn update_organisation(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &OrganisationInput,
) -> Result<Organisation, AppError> {
    let p = ctx.principal()?;
    if admin_organisation(p)? != id {
        return Err(AppError::Forbidden);
    }
    let (name, municipality_id) = parse_organisation(state, input).await?;
    let version = version_of(input.version)?;
    let mut tx = state.store().begin().await?;
    let o = match tx
        .update_organisation(
            id,
            version,
            &name,
            municipality_id,
            input.smw_plus,
            state.now(),
        )
        .await
    {
        Ok(o) => o,
        Err(schakel_store::StoreError::Conflict { .. }) => {
            drop(tx);
            return Err(stale(state.store().organisation(id)).await);
        }
        Err(e) => return Err(e.into()),
    };
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "organisation",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(o)
}

// ---------- teams ----------

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct TeamInput {
    #[serde(default)]
    pub name: String,
    pub version: Option<i64>,
}

pub async fn teams(state: &AppState, p: &Principal) -> Result<Vec<Team>, AppError> {
    Ok(state.store().list_teams(Some(staff_scope(p)?)).await?)
}

pub async fn team(state: &AppState, p: &Principal, id: i64) -> Result<Team, AppError> {
    let team = state.store().team(id).await?;
    if Some(team.organisation_id) != p.organisation_id || staff_scope(p).is_err() {
        return Err(AppError::NotFound);
    }
    Ok(team)
}

pub async fn create_team(state: &AppState, ctx: &Ctx, input: &TeamInput) -> Result<Team, AppError> {
    let org = admin_organisation(ctx.principal()?)?;
    let mut errors = Vec::new();
    let name = require_text("name", &input.name, 120, &mut errors);
    done(errors)?;
    let mut tx = state.store().begin().await?;
    let t = tx.insert_team(org, &name, state.now()).await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Create, "team", Some(t.id.to_string()), "ok"),
        )
        .await?;
    Ok(t)
}

pub async fn update_team(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &TeamInput,
) -> Result<Team, AppError> {
    let p = ctx.principal()?;
    let org = admin_organisation(p)?;
    let existing = team(state, p, id).await?;
    if existing.organisation_id != org {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    let name = require_text("name", &input.name, 120, &mut errors);
    done(errors)?;
    let version = version_of(input.version)?;
    let mut tx = state.store().begin().await?;
    let t = match tx.update_team(id, version, &name, state.now()).await {
        Ok(t) => t,
        Err(schakel_store::StoreError::Conflict { .. }) => {
            drop(tx);
            return Err(stale(state.store().team(id)).await);
        }
        Err(e) => return Err(e.into()),
    };
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "team", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(t)
}

// ---------- workers ----------

fn default_true() -> bool {
    true
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct WorkerInput {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub team_id: Option<i64>,
    #[serde(default)]
    pub registration_number: Option<String>,
    #[serde(default)]
    pub may_authorise_youth_care: bool,
    #[serde(default = "default_true")]
    pub active: bool,
    /// Hours a week in the worker's contract (0–40); empty when not recorded.
    #[serde(default)]
    pub contract_hours: Option<f64>,
    pub version: Option<i64>,
    /// Fields the page could not read (hours that are no number), refused together with the rest; never in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

async fn parse_worker(
    state: &AppState,
    org: i64,
    input: &WorkerInput,
) -> Result<NewWorker, AppError> {
    let mut errors = input.unreadable.clone();
    let name = require_text("name", &input.name, 160, &mut errors);
    let email = input.email.trim().to_string();
    if !email.is_empty()
        && (!email.contains('@') || email.len() > 200 || email.contains(char::is_whitespace))
    {
        errors.push(FieldError::new(
            "email",
            "Dit lijkt geen e-mailadres.",
            "This does not look like an e-mail address.",
        ));
    }
    if let Some(team_id) = input.team_id {
        match state.store().team(team_id).await {
            Ok(t) if t.organisation_id == org => {}
            Ok(_) | Err(schakel_store::StoreError::NotFound) => errors.push(FieldError::new(
                "team_id",
                "Kies een team van uw organisatie.",
                "Choose a team of your organisation.",
            )),
            Err(e) => return Err(e.into()),
        }
    }
    let registration_number = input
        .registration_number
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string);
    if registration_number.as_ref().is_some_and(|r| r.len() > 40) {
        errors.push(FieldError::new(
            "registration_number",
            "Het registratienummer is te lang.",
            "The registration number is too long.",
        ));
    }
    let contract_hours = schakel_domain::org::parse_contract_hours(input.contract_hours)
        .unwrap_or_else(|e| {
            errors.push(e);
            None
        });
    done(errors)?;
    Ok(NewWorker {
        organisation_id: org,
        team_id: input.team_id,
        user_id: None,
        name,
        email,
        registration_number,
        may_authorise_youth_care: input.may_authorise_youth_care,
        active: input.active,
        contract_hours,
    })
}

pub async fn workers(state: &AppState, ctx: &Ctx) -> Result<Vec<Worker>, AppError> {
    let p = ctx.principal()?;
    let org = staff_scope(p)?;
    let list = state.store().list_workers(Some(org)).await?;
    state
        .log(ctx.event(AuditAction::Read, "worker", None, "ok"))
        .await?;
    Ok(list)
}

pub async fn worker(state: &AppState, ctx: &Ctx, id: i64) -> Result<Worker, AppError> {
    let p = ctx.principal()?;
    let org = staff_scope(p)?;
    let w = state.store().worker(id).await?;
    if w.organisation_id != org {
        state
            .log(ctx.event(AuditAction::Read, "worker", Some(id.to_string()), "denied"))
            .await?;
        return Err(AppError::NotFound);
    }
    state
        .log(ctx.event(AuditAction::Read, "worker", Some(id.to_string()), "ok"))
        .await?;
    Ok(w)
}

pub async fn create_worker(
    state: &AppState,
    ctx: &Ctx,
    input: &WorkerInput,
) -> Result<Worker, AppError> {
    let org = admin_organisation(ctx.principal()?)?;
    let new = parse_worker(state, org, input).await?;
    let mut tx = state.store().begin().await?;
    let w = tx.insert_worker(&new, state.now()).await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Create, "worker", Some(w.id.to_string()), "ok"),
        )
        .await?;
    Ok(w)
}

pub async fn update_worker(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &WorkerInput,
) -> Result<Worker, AppError> {
    let org = admin_organisation(ctx.principal()?)?;
    let existing = state.store().worker(id).await?;
    if existing.organisation_id != org {
        return Err(AppError::NotFound);
    }
    let new = parse_worker(state, org, input).await?;
    let version = version_of(input.version)?;
    let mut tx = state.store().begin().await?;
    let w = match tx.update_worker(id, version, &new, state.now()).await {
        Ok(w) => w,
        Err(schakel_store::StoreError::Conflict { .. }) => {
            drop(tx);
            return Err(stale(state.store().worker(id)).await);
        }
        Err(e) => return Err(e.into()),
    };
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "worker", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(w)
}

// ---------- schools ----------
