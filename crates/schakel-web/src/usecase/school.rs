//! Schools and assignments: the school register (also imported from CSV), pupil counts per school year, and
//! which worker is assigned to which school for how many hours.

use super::input::{admin_organisation, done, staff_scope, stale, version_of};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::org::{FieldError, SchoolInput, parse_school_year};
use schakel_domain::{Principal, Role};
use schakel_store::{Assignment, NewSchool, School, SchoolFilter};
use serde::{Deserialize, Serialize};

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
    /// Fields the page could not read (hours that are no number), refused together with the rest; never in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

fn assignment_date(field: &str, s: &str, errors: &mut Vec<FieldError>) -> Option<String> {
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
    let mut errors = input.unreadable.clone();
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
    let starts = assignment_date("starts_on", &input.starts_on, &mut errors);
    let ends = match input.ends_on.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(e) => assignment_date("ends_on", e, &mut errors),
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
    let ends = assignment_date("ends_on", ends_on, &mut errors);
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

/// Records that a school started an arrangement (Kind in Kaart, SMW plus, more hours) in a school year: the
/// effect estimate compares schools that started with those that did not.
pub async fn set_arrangement(
    state: &AppState,
    ctx: &Ctx,
    school_id: i64,
    kind: &str,
    school_year: &str,
) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let year = parse_school_year(school_year)
        .map_err(|e| errors.push(e))
        .ok();
    let kind = schakel_domain::monitoring::ArrangementKind::parse(kind);
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Kies een aanpak.",
            "Choose an arrangement.",
        ));
    }
    done(errors)?;
    state.store().school(school_id).await?;
    let (Some(year), Some(kind)) = (year, kind) else {
        return Err(AppError::Validation(Vec::new()));
    };
    let mut tx = state.store().begin().await?;
    tx.set_arrangement(
        &schakel_store::Arrangement {
            school_id,
            kind: kind.code().to_owned(),
            school_year: year,
        },
        state.now(),
    )
    .await?;
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
