//! A user's own account: personal API tokens and ending every session. The account page and the API call the same
//! functions, so a token made on either door has the same name rule, scope, lifetime and log entry.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::secrets::random_token;
use schakel_domain::audit::AuditAction;
use schakel_domain::org::FieldError;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What a new personal API token may do and how long it lives.
#[derive(Debug, Default, Deserialize, JsonSchema)]
pub struct TokenRequest {
    #[serde(default)]
    pub name: String,
    /// `read` (the default) or `write`.
    #[serde(default)]
    pub scope: Option<String>,
    /// Days until the token expires: 1 to 365, default 90.
    #[serde(default)]
    pub days: Option<i64>,
}

/// A new personal API token: shown once.
#[derive(Debug, Serialize, JsonSchema)]
pub struct NewToken {
    pub id: i64,
    pub token: String,
    pub scope: String,
    pub expires_at: String,
}

/// Creates a personal API token for the signed-in user; only its keyed hash is stored.
pub async fn create_token(
    state: &AppState,
    ctx: &Ctx,
    req: &TokenRequest,
) -> Result<NewToken, AppError> {
    let p = ctx.principal()?;
    let mut errors = Vec::new();
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        errors.push(FieldError::new(
            "name",
            "Geef het token een naam (hoogstens 100 tekens).",
            "Give the token a name (at most 100 characters).",
        ));
    }
    let scope = match req.scope.as_deref().map(str::trim) {
        None | Some("" | "read") => "read",
        Some("write") => "write",
        Some(_) => {
            errors.push(FieldError::new(
                "scope",
                "Kies \"read\" of \"write\".",
                "Choose \"read\" or \"write\".",
            ));
            "read"
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let days = req.days.unwrap_or(90).clamp(1, 365);
    let token = format!("sk_{}", random_token());
    let now = state.now();
    let mut tx = state.store().begin().await?;
    let t = tx
        .insert_api_token(
            p.user_id,
            name,
            &state.token_hash(&token),
            scope,
            now,
            now + chrono::Duration::days(days),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "api_token",
                Some(t.id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(NewToken {
        id: t.id,
        token,
        scope: scope.to_string(),
        expires_at: t.expires_at,
    })
}

/// Revokes one of the user's own tokens; someone else's token is "not found".
pub async fn revoke_token(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    if !tx.revoke_api_token(p.user_id, id, state.now()).await? {
        return Err(AppError::NotFound);
    }
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "api_token", Some(id.to_string()), "ok"),
        )
        .await
}

/// How many sessions and tokens "sign out everywhere" ended.
#[derive(Debug, Clone, Copy, Serialize, JsonSchema)]
pub struct Ended {
    pub sessions: u64,
    pub tokens: u64,
}

/// Ends every session of the user (this one too) and revokes every personal token.
pub async fn sign_out_everywhere(state: &AppState, ctx: &Ctx) -> Result<Ended, AppError> {
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let sessions = tx.delete_sessions_of_user(p.user_id).await?;
    let tokens = tx.revoke_api_tokens_of_user(p.user_id, state.now()).await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::SignOut,
                "user",
                Some(p.user_id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(Ended { sessions, tokens })
}
