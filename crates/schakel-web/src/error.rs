//! Errors: `application/problem+json` (RFC 9457) for the API, a Dutch/English page for the UI.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use schakel_domain::org::{FieldError, RowError};
use schakel_store::StoreError;
use serde::Serialize;
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("invalid input")]
    Validation(Vec<FieldError>),
    /// Someone else changed the record; `current` is the newer content.
    #[error("conflict")]
    Conflict { current: serde_json::Value },
    #[error("not found")]
    NotFound,
    #[error("forbidden")]
    Forbidden,
    /// The route exists, not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    #[error("unauthorized")]
    Unauthorized,
    #[error("too many attempts")]
    TooManyAttempts { retry_after_seconds: i64 },
    #[error("{0}")]
    BadRequest(String),
    /// A request body or query that does not have the documented form; each error names a field.
    #[error("malformed request")]
    Malformed(Vec<FieldError>),
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::TooManyAttempts { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadRequest(_) | AppError::Malformed(_) => StatusCode::BAD_REQUEST,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            AppError::Validation(_) => "validation",
            AppError::Conflict { .. } => "conflict",
            AppError::NotFound => "not-found",
            AppError::Forbidden => "forbidden",
            AppError::MethodNotAllowed => "method-not-allowed",
            AppError::Unauthorized => "unauthorized",
            AppError::TooManyAttempts { .. } => "too-many-attempts",
            AppError::BadRequest(_) | AppError::Malformed(_) => "bad-request",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn internal(e: impl std::fmt::Display) -> AppError {
        AppError::Internal(e.to_string())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Conflict { current_version } => AppError::Conflict {
                current: json!({ "version": current_version }),
            },
            StoreError::Duplicate(field) => AppError::Validation(vec![FieldError::new(
                &field,
                "Deze waarde bestaat al.",
                "This value already exists.",
            )]),
            StoreError::OpenCaseExists => AppError::Conflict {
                current: json!({ "child_has_open_case": true }),
            },
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// An API problem (RFC 9457 problem details), as every error of the API answers it.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Problem {
    /// A URI naming the kind of problem, e.g. `https://schakel.invalid/problems/validation`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// Each field that is wrong (and, for an import, in which row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
    /// On 409: the newer record (or its version).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current: Option<serde_json::Value>,
    /// On 429: how long to wait before trying again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<i64>,
}

/// One wrong field of a problem, in Dutch and English.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct ProblemField {
    /// The field's name; nested fields as `guardians[0].name`; `body`, `path` or `query` for the whole.
    pub field: String,
    pub message_nl: String,
    pub message_en: String,
    /// For an import: the row of the file (row 1 is the header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
}

impl From<FieldError> for ProblemField {
    fn from(e: FieldError) -> Self {
        ProblemField {
            field: e.field,
            message_nl: e.message_nl,
            message_en: e.message_en,
            row: None,
        }
    }
}

impl From<RowError> for ProblemField {
    fn from(e: RowError) -> Self {
        ProblemField {
            field: e.field,
            message_nl: e.message_nl,
            message_en: e.message_en,
            row: Some(e.row),
        }
    }
}

impl Problem {
    fn new(slug: &str, status: StatusCode) -> Problem {
        Problem {
            kind: format!("https://schakel.invalid/problems/{slug}"),
            title: status.canonical_reason().unwrap_or("error").to_string(),
            status: status.as_u16(),
            detail: None,
            errors: None,
            current: None,
            retry_after_seconds: None,
        }
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut res = (status, Json(self)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        res
    }
}

/// The answer to an import with errors: every row's problems, nothing stored.
pub fn import_problem(errors: Vec<RowError>) -> Response {
    let mut problem = Problem::new("import", StatusCode::UNPROCESSABLE_ENTITY);
    problem.detail = Some("The file has errors; nothing was imported.".into());
    problem.errors = Some(errors.into_iter().map(ProblemField::from).collect());
    problem.into_response()
}

/// API responses: problem details.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Internal(msg) = &self {
            tracing::error!("internal error: {msg}");
        }
        let mut problem = Problem::new(self.slug(), status);
        match self {
            AppError::Validation(errors) => {
                problem.detail = Some("One or more fields are invalid.".into());
                problem.errors = Some(errors.into_iter().map(ProblemField::from).collect());
            }
            AppError::Malformed(errors) => {
                problem.detail = Some(
                    "The request does not have the documented form (see /api/v1/openapi.json); `errors` names each field."
                        .into(),
                );
                problem.errors = Some(errors.into_iter().map(ProblemField::from).collect());
            }
            AppError::Conflict { current } => {
                problem.detail = Some(
                    "The record was changed by someone else since the version you sent. Nothing was saved; reload and apply your change to the current version.".into(),
                );
                problem.current = Some(current);
            }
            AppError::TooManyAttempts {
                retry_after_seconds,
            } => {
                problem.detail =
                    Some("Too many failed sign-in attempts; wait before trying again.".into());
                problem.retry_after_seconds = Some(retry_after_seconds);
            }
            AppError::BadRequest(msg) => problem.detail = Some(msg),
            AppError::Internal(_) => {
                problem.detail = Some("Something went wrong on our side.".into())
            }
            _ => {}
        }
        problem.into_response()
    }
}

/// A route that does not exist.
pub async fn not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        AppError::NotFound.into_response()
    } else {
        crate::pages::plain_error_page(StatusCode::NOT_FOUND, crate::i18n::Lang::Nl)
    }
}
