//! Accounts, sessions, personal API tokens and recovery codes. Secrets are stored only as hashes.

use crate::{
    ApiToken, Backend, Result, Session, Store, StoreError, User, Worker, WriteTx, flag, json_array,
    json_rows, timestamp,
};
use chrono::{DateTime, Utc};
use sqlx::Row;

/// Who a session token belongs to.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub session: Session,
    pub user: User,
    /// The user's worker record; a social worker has one.
    pub worker: Option<Worker>,
}

const USER_COLS: &str = "id, username, display_name, password_hash, role, organisation_id, team_id, school_id, \
     municipality_id, totp_secret, totp_enabled, totp_last_step, disabled, version";
const SESSION_COLS: &str = "id, token_hash, user_id, kind, csrf_token, second_factor_done, client_addr, user_agent, \
     created_at, last_seen_at, expires_at";
const USER_FIELDS: &[&str] = &[
    "id",
    "username",
    "display_name",
    "password_hash",
    "role",
    "organisation_id",
    "team_id",
    "school_id",
    "municipality_id",
    "totp_secret",
    "totp_enabled",
    "totp_last_step",
    "disabled",
    "version",
];
const WORKER_FIELDS: &[&str] = &[
    "id",
    "organisation_id",
    "team_id",
    "user_id",
    "name",
    "email",
    "registration_number",
    "may_authorise_youth_care",
    "active",
    "contract_hours",
    "version",
];
const TOKEN_COLS: &str = "id, user_id, name, scope, created_at, expires_at, revoked_at";

#[derive(Debug, Clone, Default)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub team_id: Option<i64>,
    pub school_id: Option<i64>,
    pub municipality_id: Option<i64>,
}

impl Store {
    pub async fn user(&self, id: i64) -> Result<User> {
        sqlx::query_as(sql!("SELECT ", USER_COLS, " FROM users WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn user_by_username(&self, username: &str) -> Result<Option<User>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            USER_COLS,
            " FROM users WHERE username = $1"
        ))
        .bind(username)
        .fetch_optional(self.reader())
        .await?)
    }

    pub async fn list_users(&self, organisation_id: Option<i64>) -> Result<Vec<User>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            USER_COLS,
            " FROM users WHERE ($1 IS NULL OR organisation_id = $1) ORDER BY username"
        ))
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// The session and its user for a token hash, when the session has not expired.
    /// The session of a token, its user and the user's worker record (if any) in one statement: every signed-in
    /// request starts with it (ADR 006).
    pub async fn signed_in(&self, token_hash: &str) -> Result<Option<SignedIn>> {
        fn build(backend: Backend) -> String {
            let user = json_array(
                backend,
                USER_FIELDS,
                &format!("SELECT {USER_COLS} FROM users WHERE id = s.user_id"),
                "id",
            );
            let worker = json_array(
                backend,
                WORKER_FIELDS,
                &format!(
                    "SELECT {} FROM workers WHERE user_id = s.user_id",
                    WORKER_FIELDS.join(", ")
                ),
                "id",
            );
            format!(
                "SELECT {SESSION_COLS}, {user} AS user_rows, {worker} AS worker_rows FROM sessions s WHERE s.token_hash = $1"
            )
        }
        let Some(row) = sqlx::query(per_backend!(self.backend(), build))
            .bind(token_hash)
            .fetch_optional(self.reader())
            .await?
        else {
            return Ok(None);
        };
        let session: Session = sqlx::FromRow::from_row(&row)?;
        let Some(user) = json_rows::<User>(&row.try_get::<String, _>("user_rows")?)?.pop() else {
            return Ok(None);
        };
        let worker = json_rows::<Worker>(&row.try_get::<String, _>("worker_rows")?)?
            .into_iter()
            .next();
        Ok(Some(SignedIn {
            session,
            user,
            worker,
        }))
    }

    pub async fn sessions_of_user(&self, user_id: i64) -> Result<Vec<Session>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            SESSION_COLS,
            " FROM sessions WHERE user_id = $1 ORDER BY last_seen_at DESC"
        ))
        .bind(user_id)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn api_token_by_hash(&self, token_hash: &str) -> Result<Option<ApiToken>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            TOKEN_COLS,
            " FROM api_tokens WHERE token_hash = $1"
        ))
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?)
    }

    pub async fn api_tokens_of_user(&self, user_id: i64) -> Result<Vec<ApiToken>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            TOKEN_COLS,
            " FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC"
        ))
        .bind(user_id)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn unused_recovery_codes(&self, user_id: i64) -> Result<i64> {
        Ok(sqlx::query(
            "SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(self.reader())
        .await?
        .try_get(0)?)
    }
}

impl WriteTx {
    pub async fn insert_user(&mut self, u: &NewUser, now: DateTime<Utc>) -> Result<User> {
        sqlx::query_as(sql!(
            "INSERT INTO users (username, display_name, password_hash, role, organisation_id, team_id, school_id, \
             municipality_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ",
            USER_COLS
        ))
        .bind(&u.username)
        .bind(&u.display_name)
        .bind(&u.password_hash)
        .bind(&u.role)
        .bind(u.organisation_id)
        .bind(u.team_id)
        .bind(u.school_id)
        .bind(u.municipality_id)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await
        .map_err(StoreError::unique("username"))
    }

    pub async fn set_password(
        &mut self,
        user_id: i64,
        password_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let r = sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2, version = version + 1 WHERE id = $3")
            .bind(password_hash)
            .bind(timestamp(now))
            .bind(user_id)
            .execute(self.conn())
            .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn set_disabled(
        &mut self,
        user_id: i64,
        disabled: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let r = sqlx::query(
            "UPDATE users SET disabled = $1, updated_at = $2, version = version + 1 WHERE id = $3",
        )
        .bind(flag(disabled))
        .bind(timestamp(now))
        .bind(user_id)
        .execute(self.conn())
        .await?;
        if r.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Stores a TOTP secret; `enabled` is false while the user has not yet confirmed a code from it.
    pub async fn set_totp(
        &mut self,
        user_id: i64,
        secret: Option<&str>,
        enabled: bool,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE users SET totp_secret = $1, totp_enabled = $2, totp_last_step = NULL, updated_at = $3, version = version + 1 WHERE id = $4",
        )
        .bind(secret)
        .bind(flag(enabled))
        .bind(timestamp(now))
        .bind(user_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Records the TOTP time step just used; refuses (returns false) a step not newer than the last one,
    /// so a code cannot be replayed.
    pub async fn claim_totp_step(&mut self, user_id: i64, step: i64) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(user_id)
        .execute(self.conn())
        .await?;
        Ok(r.rows_affected() == 1)
    }

    pub async fn replace_recovery_codes(
        &mut self,
        user_id: i64,
        code_hashes: &[String],
    ) -> Result<()> {
        sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
            .bind(user_id)
            .execute(self.conn())
            .await?;
        for h in code_hashes {
            sqlx::query("INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)")
                .bind(user_id)
                .bind(h)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// Marks a recovery code used; false when no unused code has this hash.
    pub async fn use_recovery_code(
        &mut self,
        user_id: i64,
        code_hash: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let r = sqlx::query(
            "UPDATE recovery_codes SET used_at = $1 WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
        )
        .bind(timestamp(now))
        .bind(user_id)
        .bind(code_hash)
        .execute(self.conn())
        .await?;
        Ok(r.rows_affected() > 0)
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_session(
        &mut self,
        token_hash: &str,
        user_id: i64,
        kind: &str,
        csrf_token: &str,
        second_factor_done: bool,
        client_addr: &str,
        user_agent: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<Session> {
        Ok(sqlx::query_as(sql!(
            "INSERT INTO sessions (token_hash, user_id, kind, csrf_token, second_factor_done, client_addr, user_agent, \
             created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING ",
            SESSION_COLS
        ))
        .bind(token_hash)
        .bind(user_id)
        .bind(kind)
        .bind(csrf_token)
        .bind(flag(second_factor_done))
        .bind(client_addr)
        .bind(user_agent)
        .bind(timestamp(now))
        .bind(timestamp(expires_at))
        .fetch_one(self.conn())
        .await?)
    }

    pub async fn complete_second_factor(&mut self, session_id: i64) -> Result<()> {
        sqlx::query("UPDATE sessions SET second_factor_done = 1 WHERE id = $1")
            .bind(session_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn touch_session(&mut self, session_id: i64, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(session_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&mut self, session_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(session_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn delete_sessions_of_user(&mut self, user_id: i64) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(self.conn())
            .await?
            .rows_affected())
    }

    /// Ends every session of the user but `keep` (the one making the change); returns how many.
    pub async fn delete_other_sessions_of_user(&mut self, user_id: i64, keep: i64) -> Result<u64> {
        Ok(
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
                .bind(user_id)
                .bind(keep)
                .execute(self.conn())
                .await?
                .rows_affected(),
        )
    }

    /// Revokes every personal API token of the user still in force; returns how many.
    pub async fn revoke_api_tokens_of_user(
        &mut self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<u64> {
        Ok(sqlx::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(timestamp(now))
        .bind(user_id)
        .execute(self.conn())
        .await?
        .rows_affected())
    }

    pub async fn delete_expired_sessions(&mut self, now: DateTime<Utc>) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(timestamp(now))
            .execute(self.conn())
            .await?
            .rows_affected())
    }

    pub async fn insert_api_token(
        &mut self,
        user_id: i64,
        name: &str,
        token_hash: &str,
        scope: &str,
        now: DateTime<Utc>,
        expires_at: DateTime<Utc>,
    ) -> Result<ApiToken> {
        Ok(sqlx::query_as(sql!(
            "INSERT INTO api_tokens (user_id, name, token_hash, scope, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING ",
            TOKEN_COLS
        ))
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(scope)
        .bind(timestamp(now))
        .bind(timestamp(expires_at))
        .fetch_one(self.conn())
        .await?)
    }

    pub async fn revoke_api_token(
        &mut self,
        user_id: i64,
        token_id: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        Ok(sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
            .bind(timestamp(now))
            .bind(token_id)
            .bind(user_id)
            .execute(self.conn())
            .await?
            .rows_affected()
            > 0)
    }
}
