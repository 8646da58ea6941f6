//! Own account: password, two-factor enrolment with QR code and recovery codes, sessions, API tokens.

use super::form::Form;
use super::{FormErrors, PageCtx, format_timestamp, page_error, render};
use crate::AppState;
use crate::auth::{Ctx, hash_password, new_totp_secret, totp_matching_step};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Texts as _;
use crate::secrets::random_token;
use crate::usecase::{self, account::Ended, account::TokenRequest};
use askama::Template;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::audit::AuditAction;
use schakel_domain::org::FieldError;
use schakel_store::{ApiToken, Session};
use serde::Deserialize;

pub struct SessionLine {
    pub current: bool,
    pub kind: String,
    pub client_addr: String,
    pub user_agent: String,
    pub last_seen: String,
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    page: PageCtx,
    username: String,
    two_factor_enabled: bool,
    two_factor_required: bool,
    recovery_codes_left: i64,
    sessions: Vec<SessionLine>,
    tokens: Vec<ApiToken>,
    new_token: Option<String>,
    message: Option<String>,
    errors: FormErrors,
    /// When the live calendar feed was made (none: no feed).
    feed_since: Option<String>,
    /// The feed path just made: shown once.
    new_feed: Option<String>,
}

async fn account_page(
    state: &AppState,
    ctx: &Ctx,
    new_token: Option<String>,
    message: Option<String>,
    errors: FormErrors,
) -> Result<AccountPage, AppError> {
    let p = ctx.principal()?;
    let user = state.store().user(p.user_id).await?;
    let current_id = ctx.session.as_ref().map(|s| s.id);
    let sessions = state
        .store()
        .sessions_of_user(p.user_id)
        .await?
        .into_iter()
        .map(|s: Session| SessionLine {
            current: Some(s.id) == current_id,
            kind: match s.kind.as_str() {
                "web" => ctx.lang.t("account.sessions.kind_web").to_string(),
                "api" => ctx.lang.t("account.sessions.kind_api").to_string(),
                _ => s.kind,
            },
            client_addr: s.client_addr,
            user_agent: s.user_agent.chars().take(80).collect(),
            last_seen: format_timestamp(&s.last_seen_at, ctx.lang),
        })
        .collect();
    state
        .log(ctx.event(AuditAction::Read, "user", Some(p.user_id.to_string()), "ok"))
        .await?;
    Ok(AccountPage {
        page: ctx.page("account"),
        username: user.username,
        two_factor_enabled: *user.totp_enabled,
        two_factor_required: p.role.requires_two_factor() && !state.config().demo_mode,
        recovery_codes_left: state.store().unused_recovery_codes(p.user_id).await?,
        sessions,
        tokens: state.store().api_tokens_of_user(p.user_id).await?,
        new_token,
        message,
        errors,
        feed_since: state
            .store()
            .calendar_feed_of_user(p.user_id)
            .await?
            .map(|t| format_timestamp(&t, ctx.lang)),
        new_feed: None,
    })
}

pub async fn account(State(state): State<AppState>, ctx: Ctx) -> Response {
    match account_page(&state, &ctx, None, None, FormErrors::default()).await {
        Ok(p) => render(&p),
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PasswordForm>,
) -> Response {
    let result = async {
        let p = ctx.principal()?;
        let user = state.store().user(p.user_id).await?;
        let ok = argon2::PasswordHash::new(&user.password_hash)
            .map(|h| {
                argon2::PasswordVerifier::verify_password(
                    &argon2::Argon2::default(),
                    form.current.as_bytes(),
                    &h,
                )
                .is_ok()
            })
            .unwrap_or(false);
        if !ok {
            return Err(AppError::Validation(vec![FieldError::new(
                "current",
                "Het huidige wachtwoord klopt niet.",
                "The current password is wrong.",
            )]));
        }
        if form.new_password.chars().count() < 12 {
            return Err(AppError::Validation(vec![FieldError::new(
                "new_password",
                "Kies een wachtwoord van minstens 12 tekens.",
                "Choose a password of at least 12 characters.",
            )]));
        }
        let hash = hash_password(&form.new_password)?;
        let now = state.now();
        // Whoever knew the old password may hold a session or a token: both end with it.
        let keep = ctx.session.as_ref().map_or(0, |s| s.id);
        let mut tx = state.store().begin().await?;
        tx.set_password(p.user_id, &hash, now).await?;
        let sessions = tx.delete_other_sessions_of_user(p.user_id, keep).await?;
        let tokens = tx.revoke_api_tokens_of_user(p.user_id, now).await?;
        state
            .commit_logged(
                tx,
                ctx.event(
                    AuditAction::Change,
                    "user",
                    Some(p.user_id.to_string()),
                    "ok",
                ),
            )
            .await?;
        Ok(Ended { sessions, tokens })
    }
    .await;
    let (message, errors) = match result {
        Ok(ended) => (
            Some(format!(
                "{} {}",
                ctx.lang.t("account.password.changed"),
                describe(ended, ctx.lang)
            )),
            FormErrors::default(),
        ),
        Err(AppError::Validation(e)) => (None, FormErrors(e)),
        Err(e) => return page_error(&ctx, e),
    };
    match account_page(&state, &ctx, None, message, errors).await {
        Ok(p) => render(&p),
        Err(e) => page_error(&ctx, e),
    }
}

/// What a password change or "sign out everywhere" ended, as the page says it.
fn describe(ended: Ended, lang: Lang) -> String {
    lang.t("account.ended")
        .replace("{sessions}", &ended.sessions.to_string())
        .replace("{tokens}", &ended.tokens.to_string())
}

/// Ends every session of the user (this one too) and revokes every personal API token.
pub async fn sign_out_everywhere(State(state): State<AppState>, ctx: Ctx) -> Response {
    let result = usecase::account::sign_out_everywhere(&state, &ctx).await;
    match result {
        Ok(ended) => Redirect::to(&format!(
            "/login?ended_sessions={}&ended_tokens={}",
            ended.sessions, ended.tokens
        ))
        .into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Template)]
#[template(path = "two_factor_setup.html")]
struct TwoFactorSetupPage {
    page: PageCtx,
    secret: String,
    qr_svg: String,
    already_enabled: bool,
    error: Option<String>,
    recovery_codes: Vec<String>,
}

fn otpauth_url(secret: &str, username: &str) -> String {
    // Usernames are restricted to [a-z0-9._-], so they need no escaping.
    format!(
        "otpauth://totp/Schakel:{username}?secret={secret}&issuer=Schakel&algorithm=SHA1&digits=6&period=30"
    )
}

pub(crate) fn qr_svg(data: &str) -> String {
    match qrcode::QrCode::new(data.as_bytes()) {
        Ok(code) => code
            .render::<qrcode::render::svg::Color>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
        Err(_) => String::new(),
    }
}

/// Shows a QR code for a fresh secret; the secret is stored, unconfirmed, until a code from it is entered.
pub async fn two_factor_setup(State(state): State<AppState>, ctx: Ctx) -> Response {
    let result = async {
        let p = ctx.principal()?;
        let user = state.store().user(p.user_id).await?;
        if *user.totp_enabled {
            return Ok(TwoFactorSetupPage {
                page: ctx.page("account"),
                secret: String::new(),
                qr_svg: String::new(),
                already_enabled: true,
                error: None,
                recovery_codes: Vec::new(),
            });
        }
        let secret = match user.totp_secret {
            Some(s) => s,
            None => {
                let s = new_totp_secret();
                let mut tx = state.store().begin().await?;
                tx.set_totp(p.user_id, Some(&s), false, state.now()).await?;
                tx.commit().await?;
                s
            }
        };
        Ok(TwoFactorSetupPage {
            page: ctx.page("account"),
            qr_svg: qr_svg(&otpauth_url(&secret, &user.username)),
            secret,
            already_enabled: false,
            error: None,
            recovery_codes: Vec::new(),
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    code: String,
}

pub async fn two_factor_confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ConfirmForm>,
) -> Response {
    let result = async {
        let p = ctx.principal()?;
        let user = state.store().user(p.user_id).await?;
        let Some(secret) = user.totp_secret.clone().filter(|_| !*user.totp_enabled) else {
            return Err(AppError::BadRequest("no enrolment in progress".into()));
        };
        let code: String = form.code.chars().filter(|c| c.is_ascii_digit()).collect();
        let now = state.now();
        let Some(step) = totp_matching_step(&secret, &code, now) else {
            return Ok(TwoFactorSetupPage {
                page: ctx.page("account"),
                qr_svg: qr_svg(&otpauth_url(&secret, &user.username)),
                secret,
                already_enabled: false,
                error: Some(ctx.lang.t("twofactor.wrong").to_string()),
                recovery_codes: Vec::new(),
            });
        };
        let codes: Vec<String> = (0..10)
            .map(|_| {
                let t = random_token();
                format!("{}-{}", &t[..5], &t[5..10])
            })
            .collect();
        let hashes: Vec<String> = codes.iter().map(|c| state.token_hash(c)).collect();
        let mut tx = state.store().begin().await?;
        tx.set_totp(p.user_id, Some(&secret), true, now).await?;
        tx.claim_totp_step(p.user_id, step).await?;
        tx.replace_recovery_codes(p.user_id, &hashes).await?;
        state
            .commit_logged(
                tx,
                ctx.event(
                    AuditAction::Change,
                    "user",
                    Some(p.user_id.to_string()),
                    "ok",
                ),
            )
            .await?;
        Ok(TwoFactorSetupPage {
            page: ctx.page("account"),
            secret: String::new(),
            qr_svg: String::new(),
            already_enabled: true,
            error: None,
            recovery_codes: codes,
        })
    }
    .await;
    match result {
        Ok(p) => render(&p),
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    scope: String,
}

/// Creates a personal API token (90 days); the token is shown once.
pub async fn create_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<TokenForm>,
) -> Response {
    let request = TokenRequest {
        name: form.name,
        scope: Some(form.scope),
        days: None,
    };
    let result = usecase::account::create_token(&state, &ctx, &request)
        .await
        .map(|t| t.token);
    let (token, errors) = match result {
        Ok(t) => (Some(t), FormErrors::default()),
        Err(AppError::Validation(e)) => (None, FormErrors(e)),
        Err(e) => return page_error(&ctx, e),
    };
    match account_page(&state, &ctx, token, None, errors).await {
        Ok(p) => render(&p),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Response {
    let result = usecase::account::revoke_token(&state, &ctx, id).await;
    match result {
        Ok(()) => Redirect::to("/account").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

/// Makes or renews the own calendar feed; its secret URL is shown once (an earlier URL stops working).
pub async fn calendar_feed_renew(State(state): State<AppState>, ctx: Ctx) -> Response {
    let feed = match usecase::presence::renew_feed(&state, &ctx).await {
        Ok(f) => f,
        Err(e) => return page_error(&ctx, e),
    };
    match account_page(&state, &ctx, None, None, FormErrors::default()).await {
        Ok(mut p) => {
            p.new_feed = Some(feed.path);
            render(&p)
        }
        Err(e) => page_error(&ctx, e),
    }
}

/// Stops the own calendar feed.
pub async fn calendar_feed_revoke(State(state): State<AppState>, ctx: Ctx) -> Response {
    match usecase::presence::revoke_feed(&state, &ctx).await {
        Ok(_) => Redirect::to("/account").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}
