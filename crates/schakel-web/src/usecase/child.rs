//! The child on a case file: editing the child's details and adding a guardian (with or without gezag).

use super::case::{finish, for_change};
use super::input::text;
use super::referral::GuardianInput;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::input::{Fields, text as field_text, version};
use schakel_domain::timeline::TimelineEvent;
use schakel_store::StoreError;
use serde::{Deserialize, Serialize};

pub async fn add_guardian(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &GuardianInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let name = text("name", &input.name, 120, true)?;
    let mut tx = state.store().begin().await?;
    tx.insert_guardian(
        case.child_id,
        &name,
        input.relation.trim(),
        input.has_gezag,
        input.phone.trim(),
        input.email.trim(),
        state.now(),
    )
    .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::GuardianRecorded {
            name: name.clone(),
            gezag: input.has_gezag,
        },
        "",
    )
    .await
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ChildEdit {
    #[serde(default)]
    pub class_name: String,
    #[serde(default)]
    pub home_language: String,
    #[serde(default)]
    pub interpreter_needed: bool,
    /// The child record's version the edit was based on.
    pub version: Option<i64>,
}

/// Changes the child's class, home language and whether an interpreter is needed — refused with the newer
/// record when stale. Recorded on the case's timeline.
pub async fn edit_child(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ChildEdit,
) -> Result<schakel_store::Child, AppError> {
    let case = for_change(state, ctx, id).await?;
    let mut f = Fields::new();
    let class_name = f.take(field_text("class_name", &input.class_name, 40, false));
    let home_language = f.take(field_text("home_language", &input.home_language, 60, false));
    let version = f.take(version(input.version));
    let (class_name, (home_language, version)) = f
        .finish((|| Some((class_name?, (home_language?, version?))))())
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let child = match tx
        .update_child(
            case.child_id,
            version,
            &class_name,
            &home_language,
            input.interpreter_needed,
            state.now(),
        )
        .await
    {
        Ok(child) => child,
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let current = state.store().child(case.child_id).await?;
            return Err(AppError::Conflict {
                current: serde_json::to_value(&current).unwrap_or_default(),
            });
        }
        Err(e) => return Err(e.into()),
    };
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::ChildDetails {
            class_name: class_name.to_string(),
            home_language: home_language.to_string(),
            interpreter: input.interpreter_needed,
        },
        "",
    )
    .await?;
    Ok(child)
}
