//! Sign-in, sessions, two-factor, CSRF, and the one authorisation layer for pages and API.

use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Texts as _;
use crate::pages::{PageCtx, refusal_page, render};
use crate::routes::rule_for;
use crate::secrets::{constant_time_eq, random_bytes, random_token};
use crate::{AppState, pages};
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use askama::Template;
use axum::Form;
use axum::body::Body;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Path, Query, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use schakel_domain::access::RouteRule;
use schakel_domain::audit::{AuditAction, AuditEvent};
use schakel_domain::throttle::Failures;
use schakel_domain::{Principal, Role};
use schakel_store::{Session, SignedIn, User, timestamp};
use serde::Deserialize;
use std::net::SocketAddr;

mod sign_in;

pub use sign_in::*;

pub const SESSION_COOKIE: &str = "schakel_session";
pub const LANG_COOKIE: &str = "schakel_lang";
const TOTP_STEP: u64 = 30;

/// What the authorisation layer found out about a request; every handler gets it.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub principal: Option<Principal>,
    pub session: Option<Session>,
    pub user: Option<User>,
    pub rule: &'static RouteRule,
    pub client_addr: String,
    pub lang: Lang,
    /// A demo installation shows a banner: all data is invented.
    pub demo: bool,
    /// The signed-in user's worker record, read at most once per request (`casework::own_worker`).
    pub own_worker: std::sync::Arc<tokio::sync::OnceCell<Option<schakel_store::Worker>>>,
}

impl Ctx {
    /// An access-log entry for this request.
    pub fn event(
        &self,
        action: AuditAction,
        subject_kind: &str,
        subject_id: Option<String>,
        outcome: &str,
    ) -> AuditEvent {
        let (user_id, username, role, organisation_id) = match &self.principal {
            Some(p) => (
                Some(p.user_id),
                p.username.clone(),
                p.role.as_str().to_string(),
                p.organisation_id,
            ),
            None => (None, String::new(), String::new(), None),
        };
        AuditEvent {
            at: String::new(),
            user_id,
            username,
            role: role.clone(),
            organisation_id,
            action: action.as_str().to_string(),
            subject_kind: subject_kind.to_string(),
            subject_id,
            route: self.rule.path.to_string(),
            method: self.rule.method.to_string(),
            client_addr: self.client_addr.clone(),
            outcome: outcome.to_string(),
            basis: if role.is_empty() {
                "none".into()
            } else {
                format!("role:{role}")
            },
        }
    }

    pub fn principal(&self) -> Result<&Principal, AppError> {
        self.principal.as_ref().ok_or(AppError::Unauthorized)
    }

    pub fn page(&self, nav: &'static str) -> PageCtx {
        PageCtx {
            lang: self.lang,
            principal: self.principal.clone(),
            csrf: self
                .session
                .as_ref()
                .map(|s| s.csrf_token.clone())
                .unwrap_or_default(),
            nav,
            demo: self.demo,
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::internal("request passed no authorisation layer"))
    }
}

impl AppState {
    /// Writes an access-log entry now; fails the request when the log cannot be written.
    pub async fn log(&self, mut event: AuditEvent) -> Result<(), AppError> {
        event.at = timestamp(self.now());
        if self.audit().record(event).await {
            Ok(())
        } else {
            Err(AppError::internal("the access log could not be written"))
        }
    }

    /// Writes the access-log entries of one request together (a list view: one per record shown); fails the
    /// request when the log cannot be written.
    pub async fn log_all(&self, mut events: Vec<AuditEvent>) -> Result<(), AppError> {
        let at = timestamp(self.now());
        for event in &mut events {
            event.at.clone_from(&at);
        }
        if self.audit().record_all(events).await {
            Ok(())
        } else {
            Err(AppError::internal("the access log could not be written"))
        }
    }

    /// Commits a change together with its access-log entry (ADR 008): the entry is staged in the change's own
    /// transaction, so no crash can leave the change without it, and is then appended to the chain. When the
    /// append fails the change still stands, its entry staged, and the log writer or the next start appends
    /// it: the change is answered as done, not as an error that invites doing it twice.
    pub async fn commit_logged(
        &self,
        mut tx: schakel_store::WriteTx,
        mut event: AuditEvent,
    ) -> Result<(), AppError> {
        event.at = timestamp(self.now());
        tx.stage_audit(&event).await?;
        tx.commit().await?;
        if !self.audit().append_staged().await {
            tracing::error!(
                "a change is saved with its access-log entry staged; the entry is appended once the log can be written"
            );
        }
        Ok(())
    }
}

pub fn hash_password(password: &str) -> Result<String, AppError> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()).map_err(AppError::internal)?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(AppError::internal)
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a password nobody has, verified for unknown users so timing does not reveal accounts.
fn dummy_verify(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = DUMMY.get_or_init(|| hash_password("schakel-dummy-password").unwrap_or_default());
    let _ = verify_password(password, hash);
}

pub fn principal_of(user: &User) -> Option<Principal> {
    Some(Principal {
        user_id: user.id,
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        role: Role::parse(&user.role)?,
        organisation_id: user.organisation_id,
        team_id: user.team_id,
        school_id: user.school_id,
        municipality_id: user.municipality_id,
    })
}

fn client_addr(state: &AppState, req: &Request) -> String {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    if let Some(ip) = peer {
        if state.config().trusted_proxies.contains(&ip)
            && let Some(fwd) = req
                .headers()
                .get("x-forwarded-for")
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.split(',').next_back())
        {
            return fwd.trim().to_string();
        }
        return ip.to_string();
    }
    "unknown".into()
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
}

pub fn lang_of(headers: &HeaderMap) -> Lang {
    match cookie_value(headers, LANG_COOKIE).as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Nl,
    }
}

fn session_cookie(state: &AppState, token: &str, max_age: Option<i64>) -> HeaderValue {
    let mut c = cookie::Cookie::build((SESSION_COOKIE, token.to_string()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(state.config().behind_tls);
    if let Some(secs) = max_age {
        c = c.max_age(cookie::time::Duration::seconds(secs));
    }
    HeaderValue::from_str(&c.build().to_string()).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Who is calling: a web session (cookie) for pages, a bearer token (session or personal token) for the API.
struct Identity {
    session: Option<Session>,
    user: User,
    /// The user's worker record when the session lookup already read it.
    worker: Option<Option<schakel_store::Worker>>,
    /// A personal API token limited to reading.
    read_only: bool,
    second_factor_done: bool,
}

async fn resolve_identity(
    state: &AppState,
    headers: &HeaderMap,
    api: bool,
    now: DateTime<Utc>,
) -> Result<Option<Identity>, AppError> {
    let store = state.store();
    if api {
        let Some(token) = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
        else {
            return Ok(None);
        };
        let hash = state.token_hash(token.trim());
        if let Some(SignedIn {
            session,
            user,
            worker,
        }) = store.signed_in(&hash).await?
        {
            if session.kind != "api" || expired(&session.expires_at, now) {
                return Ok(None);
            }
            return Ok(Some(Identity {
                worker: Some(worker),
                second_factor_done: *session.second_factor_done,
                session: Some(session),
                user,
                read_only: false,
            }));
        }
        if let Some(t) = store.api_token_by_hash(&hash).await? {
            if t.revoked_at.is_some() || expired(&t.expires_at, now) {
                return Ok(None);
            }
            let user = store.user(t.user_id).await?;
            return Ok(Some(Identity {
                session: None,
                user,
                worker: None, // read when needed
                read_only: t.scope != "write",
                second_factor_done: true,
            }));
        }
        return Ok(None);
    }
    let Some(token) = cookie_value(headers, SESSION_COOKIE) else {
        return Ok(None);
    };
    let Some(SignedIn {
        session,
        user,
        worker,
    }) = store.signed_in(&state.token_hash(&token)).await?
    else {
        return Ok(None);
    };
    let idle = Duration::from_std(state.config().idle_timeout).unwrap_or(Duration::minutes(30));
    let last_seen = schakel_store::parse_timestamp(&session.last_seen_at).unwrap_or(now);
    if session.kind != "web" || expired(&session.expires_at, now) || now - last_seen > idle {
        let mut tx = store.begin().await?;
        tx.delete_session(session.id).await?;
        tx.commit().await?;
        return Ok(None);
    }
    if now - last_seen > Duration::seconds(60) {
        let mut tx = store.begin().await?;
        tx.touch_session(session.id, now).await?;
        tx.commit().await?;
    }
    Ok(Some(Identity {
        worker: Some(worker),
        second_factor_done: *session.second_factor_done,
        session: Some(session),
        user,
        read_only: false,
    }))
}

fn expired(at: &str, now: DateTime<Utc>) -> bool {
    schakel_store::parse_timestamp(at).is_none_or(|t| t <= now)
}

/// Cross-site request checks that work without JavaScript: the browser's Sec-Fetch-Site and Origin.
fn same_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && site != "same-origin"
        && site != "none"
    {
        return false;
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split("://").nth(1).unwrap_or("");
        return origin != "null" && origin_host == host;
    }
    true
}

/// Reads the CSRF token from the query (`?csrf=`) or, for form posts, from the body; gives the body back.
async fn csrf_token_of(req: Request) -> Result<(Option<String>, Request), AppError> {
    let from_query = req.uri().query().and_then(|q| {
        serde_urlencoded::from_str::<Vec<(String, String)>>(q)
            .ok()?
            .into_iter()
            .find(|(k, _)| k == "csrf")
            .map(|(_, v)| v)
    });
    if from_query.is_some() {
        return Ok((from_query, req));
    }
    let is_form = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((None, req));
    }
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 10 * 1024 * 1024)
        .await
        .map_err(|_| AppError::BadRequest("request body too large or unreadable".into()))?;
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == "csrf").map(|(_, v)| v));
    Ok((token, Request::from_parts(parts, Body::from(bytes))))
}

/// Paths a signed-in user may use before finishing two-factor sign-in or enrolment.
fn allowed_before_second_factor(path: &str) -> bool {
    matches!(
        path,
        "/login/two-factor" | "/logout" | "/static/{*file}" | "/lang/{code}" | "/healthz"
    )
}
fn allowed_before_enrolment(path: &str) -> bool {
    matches!(
        path,
        "/account/two-factor"
            | "/account"
            | "/logout"
            | "/account/sign-out-everywhere"
            | "/static/{*file}"
            | "/lang/{code}"
            | "/healthz"
    )
}

/// The one authorisation layer: the access table decides by route and role; everything else is refused.
pub async fn authorise(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let now = state.now();
    let lang = lang_of(req.headers());
    let method = req.method().as_str().to_string();
    let path = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_default();
    let client_addr = client_addr(&state, &req);
    let Some(rule) = rule_for(&method, &path) else {
        return not_in_the_access_table(&method, &path, lang);
    };
    let api = rule.is_api();
    let headers = req.headers().clone();
    let identity = match resolve_identity(&state, &headers, api, now).await {
        Ok(i) => i,
        Err(e) => return respond_error(api, e, lang),
    };
    let identity = identity.filter(|i| !*i.user.disabled);
    let principal = identity.as_ref().and_then(|i| principal_of(&i.user));
    let mut ctx = Ctx {
        principal: principal.clone(),
        session: identity.as_ref().and_then(|i| i.session.clone()),
        user: identity.as_ref().map(|i| i.user.clone()),
        rule,
        client_addr,
        lang,
        demo: state.config().demo_mode,
        own_worker: std::sync::Arc::new(tokio::sync::OnceCell::new_with(
            identity.as_ref().and_then(|i| i.worker.clone()),
        )),
    };

    if let Some(identity) = &identity {
        if !identity.second_factor_done {
            // Password accepted, second factor not yet: only the second step counts.
            if !allowed_before_second_factor(rule.path) {
                ctx.principal = None;
                return if api {
                    AppError::Unauthorized.into_response()
                } else {
                    Redirect::to("/login/two-factor").into_response()
                };
            }
        } else if let Some(p) = &principal {
            let must_enrol = p.role.requires_two_factor()
                && !*identity.user.totp_enabled
                && !state.config().demo_mode;
            if must_enrol && !allowed_before_enrolment(rule.path) {
                return if api {
                    AppError::Forbidden.into_response()
                } else {
                    Redirect::to("/account/two-factor").into_response()
                };
            }
        }
        if identity.read_only && !is_safe(req.method()) {
            let _ = state
                .log(ctx.event(AuditAction::Denied, "route", None, "denied"))
                .await;
            return AppError::Forbidden.into_response();
        }
    }
    let fully_signed_in = identity.as_ref().is_some_and(|i| i.second_factor_done);
    let role = if fully_signed_in {
        principal.as_ref().map(|p| p.role)
    } else {
        None
    };

    if !rule.permits(role) {
        if role.is_none() {
            return if api {
                AppError::Unauthorized.into_response()
            } else {
                Redirect::to("/login").into_response()
            };
        }
        if state
            .log(ctx.event(AuditAction::Denied, "route", None, "denied"))
            .await
            .is_err()
        {
            return respond_error(api, AppError::internal("access log unavailable"), lang);
        }
        return if api {
            AppError::Forbidden.into_response()
        } else {
            refusal_page(&ctx)
        };
    }

    // CSRF: every state-changing page request must come from our own pages and carry the session's token.
    let mut req = req;
    if !api && !is_safe(req.method()) {
        if !same_origin(req.headers()) {
            let _ = state
                .log(ctx.event(AuditAction::Denied, "csrf", None, "denied"))
                .await;
            return pages::plain_error_page(StatusCode::FORBIDDEN, lang);
        }
        // Signing in starts a new session; it is guarded by the origin check above.
        if let Some(session) = ctx.session.as_ref().filter(|_| rule.path != "/login") {
            let (token, rebuilt) = match csrf_token_of(req).await {
                Ok(x) => x,
                Err(e) => return respond_error(api, e, lang),
            };
            req = rebuilt;
            if !token.is_some_and(|t| constant_time_eq(&t, &session.csrf_token)) {
                let _ = state
                    .log(ctx.event(AuditAction::Denied, "csrf", None, "denied"))
                    .await;
                return pages::plain_error_page(StatusCode::FORBIDDEN, lang);
            }
        }
    }
    req.extensions_mut().insert(ctx);
    next.run(req).await
}

/// GET and HEAD change nothing: no CSRF check, allowed with a read-only token.
fn is_safe(method: &Method) -> bool {
    *method == Method::GET || *method == Method::HEAD
}

/// A request the access table has no rule for: an unknown route is 404, a known route with
/// another method 405 (with `Allow`). Nothing reaches a handler.
fn not_in_the_access_table(method: &str, path: &str, lang: Lang) -> Response {
    tracing::warn!("refused {method} {path}: not in the access table");
    let api = path.starts_with("/api/");
    let allowed = crate::routes::methods_for(path);
    if allowed.is_empty() {
        return respond_error(api, AppError::NotFound, lang);
    }
    let mut res = respond_error(api, AppError::MethodNotAllowed, lang);
    if let Ok(v) = HeaderValue::from_str(&allowed.join(", ")) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    res
}

fn respond_error(api: bool, e: AppError, lang: Lang) -> Response {
    if api {
        e.into_response()
    } else {
        pages::plain_error_page(e.status(), lang)
    }
}
