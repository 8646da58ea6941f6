//! Schakel's web layer: server-rendered pages (askama) and the JSON API under `/api/v1`, behind one
//! authorisation layer that reads the access table of `schakel-domain`.
#![forbid(unsafe_code)]

mod api;
mod audit_log;
mod auth;
mod contract;
mod error;
pub mod i18n;
mod openapi;
mod pages;
mod routes;
mod secrets;
mod usecase;

pub use audit_log::AuditLog;
pub use auth::hash_password;
pub use error::AppError;
pub use routes::{access_table, methods_for, rule_for};

/// The OpenAPI document the app serves.
pub fn openapi_document() -> serde_json::Value {
    openapi::openapi()
}

/// Schema names the OpenAPI document's request and response schemas define differently (must be none).
pub fn openapi_schema_conflicts() -> Vec<String> {
    openapi::schema_conflicts()
}

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use schakel_domain::throttle::Failures;
use schakel_store::Store;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The current time, injected so tests can move it (idle timeout, throttling).
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock.
pub struct SystemClock;

#[expect(
    clippy::disallowed_methods,
    reason = "the one place that reads the wall clock"
)]
impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that tests can set and advance.
#[derive(Default)]
pub struct ManualClock(Mutex<Option<DateTime<Utc>>>);

#[expect(
    clippy::disallowed_methods,
    reason = "an unset test clock starts at the wall clock"
)]
impl ManualClock {
    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut t) = self.0.lock() {
            let base = t.unwrap_or_else(Utc::now);
            *t = Some(base + by);
        }
    }
}

#[expect(
    clippy::disallowed_methods,
    reason = "an unset test clock starts at the wall clock"
)]
impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().ok().and_then(|t| *t).unwrap_or_else(Utc::now)
    }
}

/// Settings of a running Schakel.
#[derive(Debug, Clone)]
pub struct AppConfig {
    /// Demo installations do not enforce two-factor sign-in.
    pub demo_mode: bool,
    /// Served behind TLS: cookies get `Secure`, responses get HSTS.
    pub behind_tls: bool,
    /// A web session ends after this long without requests.
    pub idle_timeout: Duration,
    /// A session ends after this long whatever happens.
    pub session_lifetime: Duration,
    /// Proxy addresses whose `X-Forwarded-For` is trusted for the client address.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The installation's secret key (from SCHAKEL_SECRET_KEY or the data directory); keys the token hashes.
    pub secret_key: Vec<u8>,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            demo_mode: false,
            behind_tls: false,
            idle_timeout: Duration::from_secs(30 * 60),
            session_lifetime: Duration::from_secs(12 * 60 * 60),
            trusted_proxies: Vec::new(),
            secret_key: secrets::random_bytes::<32>().to_vec(),
        }
    }
}

struct Inner {
    store: Store,
    config: AppConfig,
    clock: Arc<dyn Clock>,
    audit: AuditLog,
    throttle: Mutex<HashMap<String, Failures>>,
}

/// Shared by every request.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(store: Store, config: AppConfig, clock: Arc<dyn Clock>) -> AppState {
        let audit = AuditLog::start(store.clone());
        AppState(Arc::new(Inner {
            store,
            config,
            clock,
            audit,
            throttle: Mutex::new(HashMap::new()),
        }))
    }
    pub fn store(&self) -> &Store {
        &self.0.store
    }
    pub fn config(&self) -> &AppConfig {
        &self.0.config
    }
    pub fn now(&self) -> DateTime<Utc> {
        self.0.clock.now()
    }
    /// The stored form of a token (session, API token, recovery code).
    pub fn token_hash(&self, token: &str) -> String {
        secrets::token_hash(&self.0.config.secret_key, token)
    }
    pub fn audit(&self) -> &AuditLog {
        &self.0.audit
    }
    pub(crate) fn throttle(&self) -> &Mutex<HashMap<String, Failures>> {
        &self.0.throttle
    }
}

/// The whole application: routes, the authorisation layer, security headers, body limit.
pub fn app(state: AppState) -> Router {
    routes::routes()
        .router
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::authorise,
        ))
        .fallback(error::not_found)
        .layer(axum::extract::DefaultBodyLimit::max(12 * 1024 * 1024))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            security_headers,
        ))
        .with_state(state)
}

pub(crate) async fn healthz(State(state): State<AppState>) -> Response {
    match state.store().ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!("health check failed: {e}");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

static STYLESHEET: &[u8] = include_bytes!("../static/schakel.css");
static HTMX: &[u8] = include_bytes!("../static/vendor/htmx.min.js");
static FAVICON: &[u8] = include_bytes!("../static/favicon.svg");
static APP_JS: &[u8] = include_bytes!("../static/schakel.js");

pub(crate) async fn static_file(
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let (body, content_type) = match file.as_str() {
        "schakel.css" => (STYLESHEET, "text/css; charset=utf-8"),
        "vendor/htmx.min.js" => (HTMX, "text/javascript; charset=utf-8"),
        "schakel.js" => (APP_JS, "text/javascript; charset=utf-8"),
        "favicon.svg" => (FAVICON, "image/svg+xml"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

async fn security_headers(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if state.config().behind_tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}
