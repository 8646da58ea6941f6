//! Input rules shared by the use cases: field errors in both languages, dates, text lengths, versions for
//! conflict detection, and the scope of a staff member.

use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::org::FieldError;
use schakel_domain::{Principal, Role};
use schakel_store::{Case, StoreError};
use serde::Serialize;

pub(crate) fn invalid(field: &str, nl: &str, en: &str) -> AppError {
    AppError::Validation(vec![FieldError::new(field, nl, en)])
}

pub fn parse_date(field: &str, s: &str) -> Result<NaiveDate, AppError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        invalid(
            field,
            "Geef een datum als jjjj-mm-dd.",
            "Give a date as yyyy-mm-dd.",
        )
    })
}

pub(crate) fn text(field: &str, s: &str, max: usize, required: bool) -> Result<String, AppError> {
    schakel_domain::input::text(field, s, max, required).map_err(|e| AppError::Validation(vec![e]))
}

/// The version an edit was based on: required, so that a stale edit is refused instead of overwriting.
pub(crate) fn based_on(version: Option<i64>) -> Result<i64, AppError> {
    version.ok_or_else(|| {
        invalid(
            "version",
            "De versie ontbreekt; laad de pagina opnieuw.",
            "The version is missing; reload the page.",
        )
    })
}

/// A stale change of `case` (read at the start of the change, so it is the newer content) is a conflict that
/// shows it; any other error stays what it is.
pub(crate) fn conflict_with(case: &Case) -> impl FnOnce(StoreError) -> AppError + '_ {
    move |e| match e {
        StoreError::Conflict { .. } => AppError::Conflict {
            current: serde_json::to_value(case).unwrap_or_default(),
        },
        e => e.into(),
    }
}

pub(crate) fn collect(errors: &mut Vec<FieldError>, e: AppError) {
    if let AppError::Validation(e) = e {
        errors.extend(e);
    }
}

pub(crate) fn require_text(
    field: &str,
    value: &str,
    max: usize,
    errors: &mut Vec<FieldError>,
) -> String {
    match schakel_domain::input::text(field, value, max, true) {
        Ok(v) => v,
        Err(e) => {
            errors.push(e);
            value.trim().to_string()
        }
    }
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

pub(crate) fn done(errors: Vec<FieldError>) -> Result<(), AppError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Validation(errors))
    }
}

pub(crate) fn version_of(v: Option<i64>) -> Result<i64, AppError> {
    v.ok_or_else(|| {
        AppError::Validation(vec![FieldError::new(
            "version",
            "De versie ontbreekt; laad de pagina opnieuw.",
            "The version is missing; reload the page.",
        )])
    })
}

/// The organisation a functional admin manages; refused for anyone else.
pub(crate) fn admin_organisation(p: &Principal) -> Result<i64, AppError> {
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

/// A query parameter that a form sends empty when "all" is chosen: empty is `None`, anything else must parse.
/// The page's form sends text; the API's query reader (`contract::ApiQuery`) has already made a number of an
/// integer parameter, so a number is taken as well.
pub fn empty_as_none<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr,
{
    use serde::Deserialize as _;
    use serde::de::Error as _;
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Given {
        Number(i64),
        Text(String),
    }
    let s: Option<String> = Option::<Given>::deserialize(d)?.map(|g| match g {
        Given::Number(n) => n.to_string(),
        Given::Text(s) => s,
    });
    match s.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("not a number: {v}"))),
    }
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Q {
        #[serde(default, deserialize_with = "super::empty_as_none")]
        school: Option<i64>,
    }

    #[test]
    fn an_optional_number_comes_as_text_or_as_a_number() {
        let q = |v: serde_json::Value| serde_json::from_value::<Q>(v).map(|q| q.school).ok();
        assert_eq!(q(serde_json::json!({"school": "12"})), Some(Some(12)));
        assert_eq!(q(serde_json::json!({"school": 12})), Some(Some(12)));
        assert_eq!(q(serde_json::json!({"school": ""})), Some(None));
        assert_eq!(q(serde_json::json!({})), Some(None));
        assert_eq!(q(serde_json::json!({"school": "x"})), None);
    }
}
