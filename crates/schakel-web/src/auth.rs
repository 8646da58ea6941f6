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

// ---------- sign-in ----------

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    page: PageCtx,
    username: String,
    error: Option<String>,
    notice: Option<String>,
}

/// After "sign out everywhere": how many sessions and tokens were ended.
#[derive(Deserialize)]
pub struct LoginNotice {
    ended_sessions: Option<String>,
    ended_tokens: Option<String>,
}

pub async fn login_page(ctx: Ctx, Query(q): Query<LoginNotice>) -> Response {
    if ctx.principal.is_some() && ctx.session.as_ref().is_some_and(|s| *s.second_factor_done) {
        return Redirect::to("/").into_response();
    }
    let count = |v: Option<String>| v.and_then(|v| v.parse::<u64>().ok());
    let notice = match (count(q.ended_sessions), count(q.ended_tokens)) {
        (Some(sessions), Some(tokens)) => Some(
            ctx.lang
                .t("login.signed_out_everywhere")
                .replace("{sessions}", &sessions.to_string())
                .replace("{tokens}", &tokens.to_string()),
        ),
        _ => None,
    };
    render(&LoginPage {
        page: ctx.page("login"),
        username: String::new(),
        error: None,
        notice,
    })
}

/// The throttling keys of a sign-in attempt: the account and the client address.
fn attempt_keys(username: &str, client_addr: &str) -> [String; 2] {
    [
        format!("account:{}", username.trim().to_lowercase()),
        format!("address:{client_addr}"),
    ]
}

fn throttle_map(
    state: &AppState,
) -> std::sync::MutexGuard<'_, std::collections::HashMap<String, Failures>> {
    // A poisoned lock still holds valid counters; throttling must not fail open.
    state
        .throttle()
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Takes one sign-in attempt (password or second factor) for the account and the address:
/// `Err(wait seconds)` when blocked. The attempt counts as a failure from here on — it is checked
/// and counted under one lock, before the slow check, so parallel attempts cannot all pass the
/// gate — until the check succeeds and [`forgive_attempt`] or [`signed_in`] takes it back.
fn take_attempt(state: &AppState, keys: &[String], now: DateTime<Utc>) -> Result<(), i64> {
    let mut map = throttle_map(state);
    map.retain(|_, f| !f.expired(now));
    for k in keys {
        if let Some(until) = map.get(k).and_then(|f| f.blocked_until(now)) {
            return Err((until - now).num_seconds().max(1));
        }
    }
    for k in keys {
        map.entry(k.clone()).or_default().record(now);
    }
    Ok(())
}

/// The password was right and the second factor comes next: the attempt does not count, but the
/// account's earlier failures stay until the whole sign-in succeeds.
fn forgive_attempt(state: &AppState, keys: &[String]) {
    let mut map = throttle_map(state);
    for k in keys {
        if let Some(f) = map.get_mut(k) {
            f.forgive();
        }
    }
}

/// The whole sign-in succeeded: the account's failures are forgotten, the address's attempt forgiven.
fn signed_in(state: &AppState, keys: &[String; 2]) {
    let mut map = throttle_map(state);
    map.remove(&keys[0]);
    if let Some(f) = map.get_mut(&keys[1]) {
        f.forgive();
    }
}

/// The outcome of checking a username and password.
pub enum PasswordCheck {
    /// The password is right. The sign-in is not complete: the caller either checks the second
    /// factor ([`SignInAttempt::second_factor`]) or finishes it ([`SignInAttempt::finish`]).
    Ok(Box<User>, SignInAttempt),
    Wrong,
    Throttled(i64),
}

/// One sign-in in progress, after a right password; the attempt still counts as a failure.
pub struct SignInAttempt {
    keys: [String; 2],
}

impl SignInAttempt {
    /// The right password does not count as a failure, but the sign-in is not complete: the
    /// second factor follows on another request (the web step), or the sign-in stops without a
    /// new failure (the API without a code). Earlier failures stay counted.
    pub fn forgive(self, state: &AppState) {
        forgive_attempt(state, &self.keys);
    }

    /// Checks the second factor given with the password (the API): a wrong code stays counted and
    /// is logged as a failed sign-in.
    pub async fn second_factor(
        &self,
        state: &AppState,
        ctx: &Ctx,
        user: &User,
        code: &str,
    ) -> Result<bool, AppError> {
        let right = check_second_factor(state, user, code).await?;
        if !right {
            state.log(sign_in_event(ctx, user, false)).await?;
        }
        Ok(right)
    }

    /// The sign-in is complete: failures forgotten, `sign_in` logged.
    pub async fn finish(self, state: &AppState, ctx: &Ctx, user: &User) -> Result<(), AppError> {
        signed_in(state, &self.keys);
        state.log(sign_in_event(ctx, user, true)).await
    }
}

/// The access-log entry of a sign-in by `user`, complete (`sign_in ok`) or not (`sign_in_failed`).
fn sign_in_event(ctx: &Ctx, user: &User, complete: bool) -> AuditEvent {
    let (action, outcome) = if complete {
        (AuditAction::SignIn, "ok")
    } else {
        (AuditAction::SignInFailed, "failed")
    };
    let mut event = ctx.event(action, "user", Some(user.id.to_string()), outcome);
    event.user_id = Some(user.id);
    event.username = user.username.clone();
    event.role = user.role.clone();
    event.organisation_id = user.organisation_id;
    event.basis = format!("role:{}", user.role);
    event
}

/// Shared by the sign-in page and the API: throttling and the password check. A wrong password is
/// logged as `sign_in_failed`; a right one is not yet a sign-in (see [`PasswordCheck::Ok`]).
pub async fn check_password(
    state: &AppState,
    ctx: &Ctx,
    username: &str,
    password: &str,
) -> Result<PasswordCheck, AppError> {
    let now = state.now();
    let username = username.trim().to_lowercase();
    let keys = attempt_keys(&username, &ctx.client_addr);
    if let Err(wait) = take_attempt(state, &keys, now) {
        return Ok(PasswordCheck::Throttled(wait));
    }
    let user = state.store().user_by_username(&username).await?;
    let ok = match &user {
        Some(u) if !*u.disabled => verify_password(password, &u.password_hash),
        _ => {
            dummy_verify(password);
            false
        }
    };
    match user {
        Some(u) if ok => Ok(PasswordCheck::Ok(Box::new(u), SignInAttempt { keys })),
        user => {
            let mut event = ctx.event(
                AuditAction::SignInFailed,
                "user",
                user.as_ref().map(|u| u.id.to_string()),
                "failed",
            );
            event.username = username;
            state.log(event).await?;
            Ok(PasswordCheck::Wrong)
        }
    }
}

/// Creates a session; returns the token (shown once, stored only as a hash).
pub async fn start_session(
    state: &AppState,
    ctx: &Ctx,
    user: &User,
    kind: &str,
    user_agent: &str,
) -> Result<(String, Session), AppError> {
    let now = state.now();
    let token = random_token();
    let second_factor_done = !*user.totp_enabled;
    let lifetime =
        Duration::from_std(state.config().session_lifetime).unwrap_or(Duration::hours(12));
    let mut tx = state.store().begin().await?;
    tx.delete_expired_sessions(now).await?;
    let session = tx
        .insert_session(
            &state.token_hash(&token),
            user.id,
            kind,
            &random_token(),
            second_factor_done,
            &ctx.client_addr,
            user_agent,
            now,
            now + lifetime,
        )
        .await?;
    tx.commit().await?;
    Ok((token, session))
}

pub async fn login_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> Response {
    let failed = |error: String, status: StatusCode| {
        let mut res = render(&LoginPage {
            page: ctx.page("login"),
            username: form.username.clone(),
            error: Some(error),
            notice: None,
        });
        *res.status_mut() = status;
        res
    };
    match check_password(&state, &ctx, &form.username, &form.password).await {
        Ok(PasswordCheck::Ok(user, attempt)) => {
            let ua = headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            let started = async {
                let (token, session) = start_session(&state, &ctx, &user, "web", ua).await?;
                if *session.second_factor_done {
                    attempt.finish(&state, &ctx, &user).await?;
                } else {
                    attempt.forgive(&state);
                }
                Ok::<_, AppError>((token, session))
            };
            match started.await {
                Ok((token, session)) => {
                    let to = if *session.second_factor_done {
                        "/"
                    } else {
                        "/login/two-factor"
                    };
                    let mut res = Redirect::to(to).into_response();
                    res.headers_mut()
                        .append(header::SET_COOKIE, session_cookie(&state, &token, None));
                    res
                }
                Err(e) => pages::plain_error_page(e.status(), ctx.lang),
            }
        }
        Ok(PasswordCheck::Wrong) => failed(
            ctx.lang.t("login.wrong").to_string(),
            StatusCode::UNAUTHORIZED,
        ),
        Ok(PasswordCheck::Throttled(wait)) => failed(
            ctx.lang
                .t("login.throttled")
                .replace("{minutes}", &((wait + 59) / 60).to_string()),
            StatusCode::TOO_MANY_REQUESTS,
        ),
        Err(e) => pages::plain_error_page(e.status(), ctx.lang),
    }
}

#[derive(Template)]
#[template(path = "two_factor.html")]
struct TwoFactorPage {
    page: PageCtx,
    error: Option<String>,
}

pub async fn two_factor_page(ctx: Ctx) -> Response {
    if ctx.session.is_none() {
        return Redirect::to("/login").into_response();
    }
    let mut page = ctx.page("login");
    page.principal = None;
    render(&TwoFactorPage { page, error: None })
}

#[derive(Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    pub code: String,
}

/// Checks a TOTP code (±1 step, no replay) or an unused recovery code.
pub async fn check_second_factor(
    state: &AppState,
    user: &User,
    code: &str,
) -> Result<bool, AppError> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let now = state.now();
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        let Some(secret) = user.totp_secret.as_deref() else {
            return Ok(false);
        };
        let Some(step) = totp_matching_step(secret, &code, now) else {
            return Ok(false);
        };
        let mut tx = state.store().begin().await?;
        let fresh = tx.claim_totp_step(user.id, step).await?;
        tx.commit().await?;
        return Ok(fresh);
    }
    let mut tx = state.store().begin().await?;
    let used = tx
        .use_recovery_code(user.id, &state.token_hash(&code.to_lowercase()), now)
        .await?;
    tx.commit().await?;
    Ok(used)
}

pub(crate) fn totp_for(secret_base32: &str) -> Option<totp_rs::TOTP> {
    let bytes = totp_rs::Secret::Encoded(secret_base32.to_string())
        .to_bytes()
        .ok()?;
    totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, TOTP_STEP, bytes).ok()
}

/// The time step (−1, 0, +1 around now) whose code matches.
pub(crate) fn totp_matching_step(
    secret_base32: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Option<i64> {
    let totp = totp_for(secret_base32)?;
    let t = u64::try_from(now.timestamp()).ok()?;
    let current = t / TOTP_STEP;
    [current.saturating_sub(1), current, current + 1]
        .into_iter()
        .find(|step| constant_time_eq(&totp.generate(step * TOTP_STEP), code))
        .and_then(|s| i64::try_from(s).ok())
}

/// A new TOTP secret (160 bits) in base32.
pub(crate) fn new_totp_secret() -> String {
    totp_rs::Secret::Raw(random_bytes::<20>().to_vec())
        .to_encoded()
        .to_string()
}

pub async fn two_factor_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<CodeForm>,
) -> Response {
    let (Some(session), Some(user)) = (ctx.session.clone(), ctx.user.clone()) else {
        return Redirect::to("/login").into_response();
    };
    let keys = attempt_keys(&user.username, &ctx.client_addr);
    let fail = |msg: String, status: StatusCode| {
        let mut page = ctx.page("login");
        page.principal = None;
        let mut res = render(&TwoFactorPage {
            page,
            error: Some(msg),
        });
        *res.status_mut() = status;
        res
    };
    if let Err(wait) = take_attempt(&state, &keys, state.now()) {
        return fail(
            ctx.lang
                .t("login.throttled")
                .replace("{minutes}", &((wait + 59) / 60).to_string()),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let attempt = SignInAttempt { keys };
    match check_second_factor(&state, &user, &form.code).await {
        Ok(true) => {
            let done = async {
                let mut tx = state.store().begin().await?;
                tx.complete_second_factor(session.id).await?;
                tx.commit().await?;
                attempt.finish(&state, &ctx, &user).await
            }
            .await;
            match done {
                Ok(()) => Redirect::to("/").into_response(),
                Err(e) => pages::plain_error_page(e.status(), ctx.lang),
            }
        }
        Ok(false) => {
            if let Err(e) = state.log(sign_in_event(&ctx, &user, false)).await {
                return pages::plain_error_page(e.status(), ctx.lang);
            }
            fail(
                ctx.lang.t("twofactor.wrong").to_string(),
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(e) => pages::plain_error_page(e.status(), ctx.lang),
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> Response {
    if let Some(session) = &ctx.session {
        let result = async {
            let mut tx = state.store().begin().await?;
            tx.delete_session(session.id).await?;
            state
                .commit_logged(
                    tx,
                    ctx.event(
                        AuditAction::SignOut,
                        "user",
                        ctx.principal.as_ref().map(|p| p.user_id.to_string()),
                        "ok",
                    ),
                )
                .await
        }
        .await;
        if let Err(e) = result {
            return pages::plain_error_page(e.status(), ctx.lang);
        }
    }
    let mut res = Redirect::to("/login").into_response();
    res.headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, "", Some(0)));
    res
}

/// A path on this site that a browser cannot read as another origin: one `/` first, then no
/// second `/` or `\\`; no control characters, whitespace or backslashes anywhere (browsers drop tabs
/// and newlines, so `/\t/evil.example` would become `//evil.example`); and it parses as a path.
pub fn is_local_path(path: &str) -> bool {
    let mut chars = path.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !path
            .chars()
            .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
        && path.parse::<axum::http::uri::PathAndQuery>().is_ok()
}

#[derive(Deserialize)]
pub struct BackTo {
    pub back: Option<String>,
}

pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<BackTo>,
) -> Response {
    let lang = if code == "en" { "en" } else { "nl" };
    let back = q
        .back
        .filter(|b| is_local_path(b))
        .unwrap_or_else(|| "/".into());
    let cookie = cookie::Cookie::build((LANG_COOKIE, lang))
        .path("/")
        .same_site(cookie::SameSite::Lax)
        .secure(state.config().behind_tls)
        .max_age(cookie::time::Duration::days(365))
        .build();
    let mut res = Redirect::to(&back).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie.to_string()) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::is_local_path;

    #[test]
    fn only_same_origin_paths_are_local() {
        for ok in ["/", "/cases/12", "/cases?q=jan&page=2", "/social-map#kaart"] {
            assert!(is_local_path(ok), "{ok}");
        }
        for bad in [
            "",
            "cases",
            "//evil.example/",
            "/\\evil.example/",
            "/\t/evil.example/",
            "/\r/x",
            "/\n/evil.example",
            "/ /evil.example",
            "\\\\evil.example",
            "https://evil.example/",
            "/\u{85}/x",
        ] {
            assert!(!is_local_path(bad), "{bad:?}");
        }
    }
}
