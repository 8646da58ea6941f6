//! What users can do with the organisation model, shared by the pages and the API: parse the input,
//! check the scope, write, log. Both front doors call these, so one set of rules governs both.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::org::{CbsCode, FieldError, SchoolInput, parse_school_year};
use schakel_domain::{Principal, Role};
use schakel_store::{
    Assignment, Municipality, NewSchool, NewWorker, Organisation, School, SchoolFilter, Team,
    Worker,
};
use serde::{Deserialize, Serialize};

fn require_text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) -> String {
    let v = value.trim().to_string();
    if v.is_empty() || v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            &format!("Vul dit veld in (hoogstens {max} tekens)."),
            &format!("Fill in this field (at most {max} characters)."),
        ));
    }
    v
}

/// A stale edit: the answer carries the record as it is now, so nothing typed is lost.
pub async fn stale<T: Serialize>(
    current: impl std::future::Future<Output = Result<T, schakel_store::StoreError>>,
) -> AppError {
    match current.await {
        Ok(c) => AppError::Conflict {
            current: serde_json::to_value(c).unwrap_or_default(),
        },
        Err(e) => e.into(),
    }
}

fn done(errors: Vec<FieldError>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

fn version_of(v: Option<i64>) -> Result<i64, AppError> {
    v.ok_or_else(|| {
        AppError::Validation(vec![FieldError::new(
            "version",
            "De versie ontbreekt; laad de pagina opnieuw.",
            "The version is missing; reload the page.",
        )])
    })
}

/// The organisation a functional admin manages; refused for anyone else.
fn admin_organisation(p: &Principal) -> Result<i64, AppError> {
    match (p.role, p.organisation_id) {
        (Role::FunctionalAdmin, Some(org)) => Ok(org),
        _ => Err(AppError::Forbidden),
    }
}

/// Organisation whose staff the user may see (admins, team leads, privacy officers, workers: their own).
pub fn staff_scope(p: &Principal) -> Result<i64, AppError> {
    match p.organisation_id {
        Some(org) if p.sees_staff_of(org) => Ok(org),
        _ => Err(AppError::Forbidden),
    }
}

// ---------- municipalities ----------

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
    pub version: Option<i64>,
}

async fn parse_worker(
    state: &AppState,
    org: i64,
    input: &WorkerInput,
) -> Result<NewWorker, AppError> {
    let mut errors = Vec::new();
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

/// Schools are reference data, visible to the roles the access table allows; a municipality account sees
/// its own municipality's schools.
pub async fn schools(
    state: &AppState,
    p: &Principal,
    mut filter: SchoolFilter,
) -> Result<(Vec<School>, i64), AppError> {
    if p.role == Role::Municipality {
        filter.municipality_id = p.municipality_id.or(Some(-1));
    }
    Ok(state.store().list_schools(&filter).await?)
}

pub async fn school(state: &AppState, p: &Principal, id: i64) -> Result<School, AppError> {
    let s = state.store().school(id).await?;
    if p.role == Role::Municipality && p.municipality_id != Some(s.municipality_id) {
        return Err(AppError::NotFound);
    }
    Ok(s)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct SchoolUpdate {
    #[serde(flatten)]
    pub school: SchoolInput,
    pub version: Option<i64>,
}

async fn resolve_school(
    state: &AppState,
    input: &SchoolInput,
) -> Result<NewSchool, Vec<FieldError>> {
    let school = input.validate()?;
    match state
        .store()
        .municipality_by_code(school.municipality_code.as_str())
        .await
    {
        Ok(m) => Ok(NewSchool {
            school,
            municipality_id: m.id,
        }),
        Err(_) => Err(vec![FieldError::new(
            "municipality_code",
            "Deze gemeente is onbekend; voeg haar eerst toe.",
            "This municipality is unknown; add it first.",
        )]),
    }
}

pub async fn create_school(
    state: &AppState,
    ctx: &Ctx,
    input: &SchoolInput,
) -> Result<School, AppError> {
    let new = resolve_school(state, input)
        .await
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let s = tx.insert_school(&new, state.now()).await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Create, "school", Some(s.id.to_string()), "ok"),
        )
        .await?;
    Ok(s)
}

pub async fn update_school(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &SchoolUpdate,
) -> Result<School, AppError> {
    let new = resolve_school(state, &input.school)
        .await
        .map_err(AppError::Validation)?;
    let version = version_of(input.version)?;
    let mut tx = state.store().begin().await?;
    let s = match tx.update_school(id, version, &new, state.now()).await {
        Ok(s) => s,
        Err(schakel_store::StoreError::Conflict { .. }) => {
            drop(tx);
            return Err(stale(state.store().school(id)).await);
        }
        Err(e) => return Err(e.into()),
    };
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "school", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(s)
}

pub async fn set_pupils(
    state: &AppState,
    ctx: &Ctx,
    school_id: i64,
    school_year: &str,
    pupils: &str,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let year = parse_school_year(school_year)
        .map_err(|e| errors.push(e))
        .ok();
    let n = pupils
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|n| (0..=100_000).contains(n));
    if n.is_none() {
        errors.push(FieldError::new(
            "pupils",
            "Geef het aantal leerlingen als heel getal.",
            "Give the number of pupils as a whole number.",
        ));
    }
    done(errors)?;
    state.store().school(school_id).await?;
    let (Some(year), Some(n)) = (year, n) else {
        return Err(AppError::Validation(Vec::new()));
    };
    let mut tx = state.store().begin().await?;
    tx.set_school_pupils(school_id, &year, n).await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "school",
                Some(school_id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(())
}

/// A CSV import: every row is checked first; if any row fails, nothing is stored and every problem is
/// reported with its row and field.
pub async fn import_schools(
    state: &AppState,
    ctx: &Ctx,
    csv_bytes: &[u8],
) -> Result<usize, Vec<schakel_domain::org::RowError>> {
    use schakel_domain::org::{RowError, SchoolCsvColumns};
    let internal = |e: &dyn std::fmt::Display| {
        vec![RowError {
            row: 0,
            field: String::new(),
            message_nl: format!("Er ging iets mis bij het opslaan: {e}"),
            message_en: format!("Saving failed: {e}"),
        }]
    };
    let delimiter = {
        let first_line = csv_bytes.split(|b| *b == b'\n').next().unwrap_or(&[]);
        if first_line.iter().filter(|b| **b == b';').count()
            > first_line.iter().filter(|b| **b == b',').count()
        {
            b';'
        } else {
            b','
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(csv_bytes);
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_string).collect(),
        Err(e) => {
            return Err(vec![RowError {
                row: 1,
                field: String::new(),
                message_nl: format!("De kopregel is niet te lezen: {e}"),
                message_en: format!("The header row cannot be read: {e}"),
            }]);
        }
    };
    let columns = SchoolCsvColumns::from_headers(&headers).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record: Vec<String> = match record {
            Ok(r) => r.iter().map(str::to_string).collect(),
            Err(e) => {
                errors.push(RowError {
                    row,
                    field: String::new(),
                    message_nl: format!("Deze regel is niet te lezen: {e}"),
                    message_en: format!("This row cannot be read: {e}"),
                });
                continue;
            }
        };
        match resolve_school(state, &columns.input(&record)).await {
            Ok(new) => {
                if !seen.insert(new.school.code.as_str().to_string()) {
                    errors.push(RowError {
                        row,
                        field: "code".into(),
                        message_nl: "Deze code staat al eerder in het bestand.".into(),
                        message_en: "This code appears earlier in the file.".into(),
                    });
                }
                rows.push((row, new))
            }
            Err(field_errors) => errors.extend(field_errors.into_iter().map(|e| RowError {
                row,
                field: e.field,
                message_nl: e.message_nl,
                message_en: e.message_en,
            })),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(RowError {
            row: 2,
            field: String::new(),
            message_nl: "Het bestand bevat geen scholen.".into(),
            message_en: "The file contains no schools.".into(),
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let now = state.now();
    let mut tx = state.store().begin().await.map_err(|e| internal(&e))?;
    for (row, new) in &rows {
        if let Err(e) = tx.insert_school(new, now).await {
            return Err(match e {
                schakel_store::StoreError::Duplicate(_) => vec![RowError {
                    row: *row,
                    field: "code".into(),
                    message_nl: format!(
                        "Een school met code {} bestaat al.",
                        new.school.code.as_str()
                    ),
                    message_en: format!(
                        "A school with code {} already exists.",
                        new.school.code.as_str()
                    ),
                }],
                other => internal(&other),
            });
        }
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "school_import",
                Some(rows.len().to_string()),
                "ok",
            ),
        )
        .await
        .map_err(|e| internal(&e))?;
    Ok(rows.len())
}

// ---------- assignments ----------

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct AssignmentInput {
    pub worker_id: Option<i64>,
    #[serde(default)]
    pub school_code: String,
    /// Empty or absent: "as needed".
    #[serde(default)]
    pub hours_per_week: Option<f64>,
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub starts_on: String,
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub ends_on: Option<String>,
}

fn parse_date(field: &str, s: &str, errors: &mut Vec<FieldError>) -> Option<String> {
    match chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        Ok(d) => Some(d.to_string()),
        Err(_) => {
            errors.push(FieldError::new(
                field,
                "Geef een datum als jjjj-mm-dd.",
                "Give a date as yyyy-mm-dd.",
            ));
            None
        }
    }
}

pub async fn assignments(state: &AppState, ctx: &Ctx) -> Result<Vec<Assignment>, AppError> {
    let org = staff_scope(ctx.principal()?)?;
    let list = state
        .store()
        .list_assignments(Some(org), None, None)
        .await?;
    state
        .log(ctx.event(AuditAction::Read, "assignment", None, "ok"))
        .await?;
    Ok(list)
}

pub async fn create_assignment(
    state: &AppState,
    ctx: &Ctx,
    input: &AssignmentInput,
) -> Result<Assignment, AppError> {
    let org = admin_organisation(ctx.principal()?)?;
    let mut errors = Vec::new();
    let worker = match input.worker_id {
        Some(id) => match state.store().worker(id).await {
            Ok(w) if w.organisation_id == org => Some(w),
            _ => None,
        },
        None => None,
    };
    if worker.is_none() {
        errors.push(FieldError::new(
            "worker_id",
            "Kies een medewerker van uw organisatie.",
            "Choose a worker of your organisation.",
        ));
    }
    let school = match state
        .store()
        .school_by_code(input.school_code.trim().to_ascii_uppercase().as_str())
        .await
    {
        Ok(s) => Some(s),
        Err(schakel_store::StoreError::NotFound) => {
            errors.push(FieldError::new(
                "school_code",
                "Geen school met deze code.",
                "No school has this code.",
            ));
            None
        }
        Err(e) => return Err(e.into()),
    };
    if input
        .hours_per_week
        .is_some_and(|h| !(0.0..=40.0).contains(&h))
    {
        errors.push(FieldError::new(
            "hours_per_week",
            "Uren per week liggen tussen 0 en 40; laat leeg voor 'op afroep'.",
            "Hours per week are between 0 and 40; leave empty for 'as needed'.",
        ));
    }
    let starts = parse_date("starts_on", &input.starts_on, &mut errors);
    let ends = match input.ends_on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(e) => parse_date("ends_on", e, &mut errors),
        None => None,
    };
    if let (Some(s), Some(e)) = (&starts, &ends)
        && e < s
    {
        errors.push(FieldError::new(
            "ends_on",
            "De einddatum ligt voor de begindatum.",
            "The end date is before the start date.",
        ));
    }
    done(errors)?;
    let (Some(worker), Some(school), Some(starts)) = (worker, school, starts) else {
        return Err(AppError::Validation(Vec::new()));
    };
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_assignment(
            worker.id,
            school.id,
            input.hours_per_week,
            &starts,
            ends.as_deref(),
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "assignment",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(state.store().assignment(id).await?)
}

pub async fn end_assignment(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    version: Option<i64>,
    ends_on: &str,
) -> Result<(), AppError> {
    let org = admin_organisation(ctx.principal()?)?;
    let a = state.store().assignment(id).await?;
    if a.organisation_id != org {
        return Err(AppError::NotFound);
    }
    let mut errors = Vec::new();
    let ends = parse_date("ends_on", ends_on, &mut errors);
    if ends.as_deref().is_some_and(|e| e < a.starts_on.as_str()) {
        errors.push(FieldError::new(
            "ends_on",
            "De einddatum ligt voor de begindatum.",
            "The end date is before the start date.",
        ));
    }
    done(errors)?;
    let version = version_of(version)?;
    let Some(ends) = ends else {
        return Err(AppError::Validation(Vec::new()));
    };
    let mut tx = state.store().begin().await?;
    tx.end_assignment(id, version, &ends, state.now()).await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "assignment",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(())
}
