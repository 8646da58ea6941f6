//! Signing in: the password step (throttled per account and per address), the second factor (TOTP or a
//! recovery code), signing out, and the language switch.

use super::*;

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
