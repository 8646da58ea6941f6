//! Schakel's web layer: server-rendered pages (askama) and the JSON API under `/api/v1`, behind one
//! authorisation layer that reads the access table of `schakel-domain`.
#![forbid(unsafe_code)]
#![deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod api;
mod audit_log;
mod auth;
mod contract;
mod error;
pub mod i18n;
mod openapi;
mod pages;
mod secrets;
mod usecase;

pub use audit_log::AuditLog;
pub use auth::hash_password;
pub use error::AppError;

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
use axum::routing::{MethodRouter, get, post, put};
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

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that tests can set and advance.
#[derive(Default)]
pub struct ManualClock(Mutex<Option<DateTime<Utc>>>);

impl ManualClock {
    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut t) = self.0.lock() {
            let base = t.unwrap_or_else(Utc::now);
            *t = Some(base + by);
        }
    }
}

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

/// Builds the router and records every route it registers, so a test can hold them against the
/// access table.
struct Routes {
    router: Router<AppState>,
    registered: Vec<(&'static str, &'static str)>,
    /// The API routes whose handlers describe themselves in the OpenAPI document (by their types).
    documented: Vec<openapi::DocumentedRoute>,
}

impl Routes {
    fn add(
        mut self,
        method: &'static str,
        path: &'static str,
        route: MethodRouter<AppState>,
    ) -> Self {
        self.registered.push((method, path));
        self.router = self.router.route(path, route);
        self
    }

    fn document<H, A>(mut self, method: &'static str, path: &'static str) -> Self
    where
        H: contract::Documented<A>,
    {
        self.documented.push(openapi::DocumentedRoute {
            method,
            path,
            describe: <H as contract::Documented<A>>::describe,
        });
        self
    }

    /// An API route answering GET, documented by its handler's types.
    fn api_get<H, T, A>(self, path: &'static str, handler: H) -> Self
    where
        H: axum::handler::Handler<T, AppState> + contract::Documented<A>,
        T: 'static,
    {
        self.document::<H, A>("GET", path)
            .add("GET", path, get(handler))
    }

    /// An API route answering POST, documented by its handler's types.
    fn api_post<H, T, A>(self, path: &'static str, handler: H) -> Self
    where
        H: axum::handler::Handler<T, AppState> + contract::Documented<A>,
        T: 'static,
    {
        self.document::<H, A>("POST", path)
            .add("POST", path, post(handler))
    }

    /// An API route answering PUT, documented by its handler's types.
    fn api_put<H, T, A>(self, path: &'static str, handler: H) -> Self
    where
        H: axum::handler::Handler<T, AppState> + contract::Documented<A>,
        T: 'static,
    {
        self.document::<H, A>("PUT", path)
            .add("PUT", path, put(handler))
    }
}

/// Every (method, path) the application serves.
pub fn registered_routes() -> Vec<(&'static str, &'static str)> {
    routes().registered
}

fn routes() -> Routes {
    use pages::*;
    let r = Routes {
        router: Router::new(),
        registered: Vec::new(),
        documented: Vec::new(),
    };
    r.add("GET", "/healthz", get(healthz))
        .add("GET", "/static/{*file}", get(static_file))
        .add("GET", "/lang/{code}", get(auth::switch_language))
        .add("GET", "/login", get(auth::login_page))
        .add("POST", "/login", post(auth::login_submit))
        .add("GET", "/login/two-factor", get(auth::two_factor_page))
        .add("POST", "/login/two-factor", post(auth::two_factor_submit))
        .add("GET", "/", get(home::home))
        .add("POST", "/logout", post(auth::logout))
        .add("GET", "/account", get(account::account))
        .add("POST", "/account/password", post(account::change_password))
        .add(
            "POST",
            "/account/sign-out-everywhere",
            post(account::sign_out_everywhere),
        )
        .add("GET", "/account/two-factor", get(account::two_factor_setup))
        .add(
            "POST",
            "/account/two-factor",
            post(account::two_factor_confirm),
        )
        .add("POST", "/account/tokens", post(account::create_token))
        .add(
            "POST",
            "/account/tokens/{id}/revoke",
            post(account::revoke_token),
        )
        .add("GET", "/municipalities", get(admin::municipalities))
        .add("POST", "/municipalities", post(admin::municipality_create))
        .add("GET", "/municipalities/{id}", get(admin::municipality_show))
        .add(
            "POST",
            "/municipalities/{id}",
            post(admin::municipality_update),
        )
        .add("GET", "/organisations", get(admin::organisations))
        .add("POST", "/organisations", post(admin::organisation_create))
        .add("GET", "/organisations/{id}", get(admin::organisation_show))
        .add(
            "POST",
            "/organisations/{id}",
            post(admin::organisation_update),
        )
        .add(
            "GET",
            "/organisations/{id}/casework",
            get(admin::casework_config_show),
        )
        .add(
            "POST",
            "/organisations/{id}/casework",
            post(admin::casework_config_update),
        )
        .add("GET", "/teams", get(admin::teams))
        .add("POST", "/teams", post(admin::team_create))
        .add("GET", "/teams/{id}", get(admin::team_show))
        .add("POST", "/teams/{id}", post(admin::team_update))
        .add("GET", "/workers", get(admin::workers))
        .add("POST", "/workers", post(admin::worker_create))
        .add("GET", "/workers/{id}", get(admin::worker_show))
        .add("POST", "/workers/{id}", post(admin::worker_update))
        .add("GET", "/schools", get(schools::schools))
        .add("POST", "/schools", post(schools::school_create))
        .add("GET", "/schools/import", get(schools::import_form))
        .add("POST", "/schools/import", post(schools::import_submit))
        .add("GET", "/schools/{id}", get(schools::school_show))
        .add("POST", "/schools/{id}", post(schools::school_update))
        .add("POST", "/schools/{id}/pupils", post(schools::pupils_set))
        .add("GET", "/assignments", get(admin::assignments))
        .add("POST", "/assignments", post(admin::assignment_create))
        .add("POST", "/assignments/{id}/end", post(admin::assignment_end))
        .add("GET", "/audit", get(audit::audit_search))
        .add("GET", "/referrals", get(referrals::referrals))
        .add("GET", "/referrals/new", get(referrals::new_form))
        .add("POST", "/referrals", post(referrals::create))
        .add("GET", "/referrals/{id}", get(referrals::show))
        .add("POST", "/referrals/{id}/triage", post(referrals::triage))
        .add(
            "POST",
            "/referrals/{id}/withdraw",
            post(referrals::withdraw),
        )
        .add("GET", "/consultations", get(referrals::consultations))
        .add(
            "POST",
            "/consultations",
            post(referrals::consultation_create),
        )
        .add(
            "POST",
            "/consultations/{id}/answer",
            post(referrals::consultation_answer),
        )
        .add("GET", "/cases", get(cases::cases))
        .add("GET", "/cases/{id}", get(cases::show))
        .add("POST", "/cases/{id}", post(cases::edit))
        .add("POST", "/cases/{id}/child", post(cases::edit_child))
        .add(
            "POST",
            "/cases/{id}/school-reports",
            post(cases::school_report),
        )
        .add("POST", "/cases/{id}/guardians", post(cases::add_guardian))
        .add("POST", "/cases/{id}/contacts", post(cases::add_contact))
        .add("POST", "/cases/{id}/time", post(cases::add_indirect_time))
        .add("GET", "/time", get(cases::time_page))
        .add("POST", "/cases/{id}/goals", post(cases::add_goal))
        .add(
            "POST",
            "/cases/{id}/goals/{goal_id}/score",
            post(cases::score_goal),
        )
        .add("POST", "/cases/{id}/tasks", post(cases::add_task))
        .add(
            "POST",
            "/cases/{id}/tasks/{task_id}/done",
            post(cases::complete_task),
        )
        .add("POST", "/cases/{id}/consents", post(cases::add_consent))
        .add(
            "POST",
            "/cases/{id}/consents/{consent_id}/withdraw",
            post(cases::withdraw_consent),
        )
        .add("POST", "/cases/{id}/onward", post(cases::propose_onward))
        .add(
            "POST",
            "/cases/{id}/onward/{onward_id}/status",
            post(cases::advance_onward),
        )
        .add("POST", "/cases/{id}/mandate", post(cases::mandate))
        .add(
            "GET",
            "/cases/{id}/mandate/{decision_id}",
            get(cases::show_mandate),
        )
        .add(
            "POST",
            "/cases/{id}/mandate/{decision_id}/approve",
            post(cases::approve_mandate),
        )
        .add(
            "POST",
            "/cases/{id}/mandate/{decision_id}/refuse",
            post(cases::refuse_mandate),
        )
        .add("POST", "/cases/{id}/transfer", post(cases::transfer))
        .add("POST", "/cases/{id}/close", post(cases::close))
        .add("POST", "/cases/{id}/reopen", post(cases::reopen))
        .add(
            "POST",
            "/cases/{id}/close/approve",
            post(cases::approve_closure),
        )
        .add(
            "POST",
            "/cases/{id}/documents",
            post(cases::upload_document),
        )
        .add(
            "GET",
            "/cases/{id}/documents/{document_id}",
            get(cases::download_document),
        )
        .add("GET", "/cases/{id}/kind-in-kaart", get(kik::show))
        .add("POST", "/cases/{id}/kind-in-kaart", post(kik::save_profile))
        .add("POST", "/cases/{id}/kind-in-kaart/plans", post(kik::choose))
        .add(
            "POST",
            "/cases/{id}/kind-in-kaart/plans/{plan_id}/start",
            post(kik::start),
        )
        .add(
            "POST",
            "/cases/{id}/kind-in-kaart/plans/{plan_id}/check",
            post(kik::check),
        )
        .add("GET", "/social-map", get(kik::social_map))
        .add("GET", "/social-map/import", get(kik::import_form))
        .add("POST", "/social-map/import", post(kik::import_submit))
        .add("GET", "/figures", get(kik::figures))
        .add("GET", "/kind-in-kaart/class", get(kik::class_form_page))
        .add("POST", "/kind-in-kaart/class", post(kik::class_session))
        .add("GET", "/social-map/export.csv", get(kik::export))
        .add(
            "GET",
            "/social-map/activities/{id}",
            get(kik::activity_show),
        )
        .add(
            "POST",
            "/social-map/activities/{id}",
            post(kik::activity_update),
        )
        .add("GET", "/api/v1/openapi.json", get(openapi::document))
        .add("POST", "/api/v1/auth/login", post(api::login))
        .add("POST", "/api/v1/auth/logout", post(api::logout))
        .api_get("/api/v1/me", api::me)
        .api_post("/api/v1/tokens", api::create_token)
        .api_get("/api/v1/municipalities", api::municipalities)
        .api_post("/api/v1/municipalities", api::municipality_create)
        .api_get("/api/v1/municipalities/{id}", api::municipality)
        .api_put("/api/v1/municipalities/{id}", api::municipality_update)
        .api_get("/api/v1/organisations", api::organisations)
        .api_post("/api/v1/organisations", api::organisation_create)
        .api_get("/api/v1/organisations/{id}", api::organisation)
        .api_put("/api/v1/organisations/{id}", api::organisation_update)
        .api_get("/api/v1/organisations/{id}/casework", api::casework_config)
        .api_put(
            "/api/v1/organisations/{id}/casework",
            api::casework_config_update,
        )
        .api_get("/api/v1/teams", api::teams)
        .api_post("/api/v1/teams", api::team_create)
        .api_get("/api/v1/teams/{id}", api::team)
        .api_put("/api/v1/teams/{id}", api::team_update)
        .api_get("/api/v1/workers", api::workers)
        .api_post("/api/v1/workers", api::worker_create)
        .api_get("/api/v1/workers/{id}", api::worker)
        .api_put("/api/v1/workers/{id}", api::worker_update)
        .api_get("/api/v1/schools", api::schools)
        .api_post("/api/v1/schools", api::school_create)
        .api_post("/api/v1/schools/import", api::schools_import)
        .api_get("/api/v1/schools/{id}", api::school)
        .api_put("/api/v1/schools/{id}", api::school_update)
        .api_get("/api/v1/assignments", api::assignments)
        .api_post("/api/v1/assignments", api::assignment_create)
        .api_get("/api/v1/audit", api::audit)
        .api_get("/api/v1/social-map", kik::api_social_map)
        .api_post("/api/v1/social-map/import", kik::api_import)
        .api_get("/api/v1/referrals", api::referrals)
        .api_post("/api/v1/referrals", api::referral_create)
        .api_get("/api/v1/referrals/{id}", api::referral)
        .api_post("/api/v1/referrals/{id}/triage", api::referral_triage)
        .api_post("/api/v1/referrals/{id}/withdraw", api::referral_withdraw)
        .api_get("/api/v1/cases", api::cases)
        .api_get("/api/v1/cases/{id}", api::case)
        .api_put("/api/v1/cases/{id}", api::case_update)
        .api_post("/api/v1/cases/{id}/contacts", api::case_contact)
        .api_get("/api/v1/consultations", api::consultations)
        .api_post("/api/v1/consultations", api::consultation_create)
        .api_post(
            "/api/v1/consultations/{id}/answer",
            api::consultation_answer,
        )
        .api_post("/api/v1/cases/{id}/time", api::case_time)
        .api_put("/api/v1/cases/{id}/child", api::case_child)
        .api_post("/api/v1/cases/{id}/school-reports", api::case_school_report)
        .api_post("/api/v1/cases/{id}/guardians", api::case_guardian)
        .api_post("/api/v1/cases/{id}/goals", api::case_goal)
        .api_post(
            "/api/v1/cases/{id}/goals/{goal_id}/scores",
            api::case_goal_score,
        )
        .api_post("/api/v1/cases/{id}/tasks", api::case_task)
        .api_post(
            "/api/v1/cases/{id}/tasks/{task_id}/done",
            api::case_task_done,
        )
        .api_post("/api/v1/cases/{id}/consents", api::case_consent)
        .api_post(
            "/api/v1/cases/{id}/consents/{consent_id}/withdraw",
            api::case_consent_withdraw,
        )
        .api_post("/api/v1/cases/{id}/onward", api::case_onward)
        .api_post(
            "/api/v1/cases/{id}/onward/{onward_id}/status",
            api::case_onward_status,
        )
        .api_post("/api/v1/cases/{id}/mandate-decisions", api::case_mandate)
        .api_post(
            "/api/v1/cases/{id}/mandate-decisions/{decision_id}/approve",
            api::case_mandate_approve,
        )
        .api_post(
            "/api/v1/cases/{id}/mandate-decisions/{decision_id}/refuse",
            api::case_mandate_refuse,
        )
        .api_post("/api/v1/cases/{id}/transfer", api::case_transfer)
        .api_post("/api/v1/cases/{id}/close", api::case_close)
        .api_post("/api/v1/cases/{id}/close/approve", api::case_close_approve)
        .api_post("/api/v1/cases/{id}/reopen", api::case_reopen)
        .api_get("/api/v1/time-per-school", api::time_per_school)
        .api_get("/api/v1/mandate-decisions/{id}", api::mandate_decision)
}

/// The whole application: routes, the authorisation layer, security headers, body limit.
pub fn app(state: AppState) -> Router {
    routes()
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

async fn healthz(State(state): State<AppState>) -> Response {
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

async fn static_file(axum::extract::Path(file): axum::extract::Path<String>) -> Response {
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
