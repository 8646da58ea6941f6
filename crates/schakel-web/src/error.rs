//! Errors: `application/problem+json` (RFC 9457) for the API, a Dutch/English page for the UI.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use schakel_domain::org::FieldError;
use schakel_store::StoreError;
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
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
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
            AppError::BadRequest(_) => "bad-request",
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

/// API responses: problem details.
impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if let AppError::Internal(msg) = &self {
            tracing::error!("internal error: {msg}");
        }
        let mut body = json!({
            "type": format!("https://schakel.invalid/problems/{}", self.slug()),
            "title": status.canonical_reason().unwrap_or("error"),
            "status": status.as_u16(),
        });
        match self {
            AppError::Validation(errors) => {
                body["detail"] = json!("One or more fields are invalid.");
                body["errors"] = json!(errors);
            }
            AppError::Conflict { current } => {
                body["detail"] = json!(
                    "The record was changed by someone else since the version you sent. Nothing was saved; reload and apply your change to the current version."
                );
                body["current"] = current;
            }
            AppError::TooManyAttempts {
                retry_after_seconds,
            } => {
                body["detail"] =
                    json!("Too many failed sign-in attempts; wait before trying again.");
                body["retry_after_seconds"] = json!(retry_after_seconds);
            }
            AppError::BadRequest(msg) => body["detail"] = json!(msg),
            AppError::Internal(_) => body["detail"] = json!("Something went wrong on our side."),
            _ => {}
        }
        let mut res = (status, Json(body)).into_response();
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        res
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
