//! `schakel user`: add an account, disable one, reset a password.

use anyhow::{Result, anyhow, bail};
use chrono::Utc;
use schakel_domain::Role;
use schakel_store::{NewUser, Store};

#[derive(clap::Subcommand)]
pub enum UserAction {
    /// Add an account; the password is read from SCHAKEL_PASSWORD or generated and printed once.
    Add {
        username: String,
        #[arg(long)]
        display_name: String,
        /// social_worker, team_lead, school_contact, municipality, functional_admin, privacy_officer
        #[arg(long)]
        role: String,
        /// Organisation name (for workers, team leads, admins, privacy officers).
        #[arg(long)]
        organisation: Option<String>,
        /// School code (for school contacts).
        #[arg(long)]
        school: Option<String>,
        /// CBS code (for municipality accounts).
        #[arg(long)]
        municipality: Option<String>,
    },
    /// Disable an account and end its sessions.
    Disable { username: String },
    /// Set a new password (from SCHAKEL_PASSWORD or generated and printed once) and end all sessions.
    ResetPassword { username: String },
}

fn password_from_env_or_new() -> (String, bool) {
    match std::env::var("SCHAKEL_PASSWORD") {
        Ok(p) if p.chars().count() >= 12 => (p, false),
        _ => {
            let mut bytes = [0_u8; 12];
            rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
            (bytes.iter().map(|b| format!("{b:02x}")).collect(), true)
        }
    }
}

#[expect(
    clippy::disallowed_methods,
    reason = "a command-line user change happens now"
)]
pub async fn user_command(store: &Store, action: UserAction) -> Result<()> {
    let now = Utc::now();
    match action {
        UserAction::Add {
            username,
            display_name,
            role,
            organisation,
            school,
            municipality,
        } => {
            let role = Role::parse(&role).ok_or_else(|| anyhow!("unknown role {role}"))?;
            let username = username.trim().to_lowercase();
            if username.is_empty()
                || !username
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
            {
                bail!("a username has only a-z, 0-9, '.', '_' and '-'");
            }
            let organisation_id = match organisation {
                Some(name) => Some(
                    store
                        .list_organisations()
                        .await?
                        .into_iter()
                        .find(|o| o.name == name)
                        .map(|o| o.id)
                        .ok_or_else(|| anyhow!("no organisation named {name}"))?,
                ),
                None => None,
            };
            let school_id = match school {
                Some(code) => Some(
                    store
                        .school_by_code(&code.to_ascii_uppercase())
                        .await
                        .map_err(|_| anyhow!("no school with code {code}"))?
                        .id,
                ),
                None => None,
            };
            let municipality_id = match municipality {
                Some(code) => Some(
                    store
                        .municipality_by_code(&code.to_ascii_uppercase())
                        .await
                        .map_err(|_| anyhow!("no municipality {code}"))?
                        .id,
                ),
                None => None,
            };
            match role {
                Role::SchoolContact if school_id.is_none() => {
                    bail!("a school contact needs --school")
                }
                Role::Municipality if municipality_id.is_none() => {
                    bail!("a municipality account needs --municipality")
                }
                Role::SocialWorker
                | Role::TeamLead
                | Role::FunctionalAdmin
                | Role::PrivacyOfficer
                    if organisation_id.is_none() =>
                {
                    bail!("this role needs --organisation")
                }
                _ => {}
            }
            let (password, generated) = password_from_env_or_new();
            let hash = schakel_web::hash_password(&password).map_err(|e| anyhow!("{e}"))?;
            let mut tx = store.begin().await?;
            tx.insert_user(
                &NewUser {
                    username: username.clone(),
                    display_name,
                    password_hash: hash,
                    role: role.as_str().into(),
                    organisation_id,
                    team_id: None,
                    school_id,
                    municipality_id,
                },
                now,
            )
            .await?;
            tx.commit().await?;
            println!("account {username} added ({role})");
            if generated {
                println!("password (shown once): {password}");
            }
        }
        UserAction::Disable { username } => {
            let user = store
                .user_by_username(&username)
                .await?
                .ok_or_else(|| anyhow!("no account {username}"))?;
            let mut tx = store.begin().await?;
            tx.set_disabled(user.id, true, now).await?;
            let ended = tx.delete_sessions_of_user(user.id).await?;
            tx.commit().await?;
            println!("account {username} disabled; {ended} session(s) ended");
        }
        UserAction::ResetPassword { username } => {
            let user = store
                .user_by_username(&username)
                .await?
                .ok_or_else(|| anyhow!("no account {username}"))?;
            let (password, generated) = password_from_env_or_new();
            let hash = schakel_web::hash_password(&password).map_err(|e| anyhow!("{e}"))?;
            let mut tx = store.begin().await?;
            tx.set_password(user.id, &hash, now).await?;
            tx.delete_sessions_of_user(user.id).await?;
            tx.commit().await?;
            println!("password of {username} reset; all sessions ended");
            if generated {
                println!("new password (shown once): {password}");
            }
        }
    }
    Ok(())
}
