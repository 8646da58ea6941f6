//! Goals on a case file and their GAS scores (goal attainment scaling) at the agreed moments.

use super::case::{finish, for_change, open_only};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::casework::{self as rules, GasScale};
use schakel_domain::input::{Fields, text};
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct GoalInput {
    #[serde(default)]
    pub description: String,
    /// Code of one of the organisation's goal themes; empty for none.
    #[serde(default)]
    #[schemars(extend("examples" = crate::contract::codes(&schakel_domain::casework::DEFAULT_GOAL_THEMES)))]
    pub theme: String,
    /// The GAS start score, from the organisation's lowest (−2 or −3) to +2. Required: a missing score is
    /// refused, not read as 0.
    #[serde(default)]
    pub gas_start: Option<i64>,
}

async fn gas_scale(state: &AppState, organisation_id: i64) -> Result<GasScale, AppError> {
    Ok(GasScale {
        min: state
            .store()
            .organisation_settings(organisation_id)
            .await?
            .gas_min,
        max: 2,
    })
}

pub async fn add_goal(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &GoalInput,
) -> Result<i64, AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let mut f = Fields::new();
    let description = f.take(text("description", &input.description, 1000, true));
    let score = f.take(
        gas_scale(state, case.organisation_id)
            .await?
            .check_given(input.gas_start)
            .map_err(|m| FieldError::new("gas_start", &m, "A GAS score is out of range.")),
    );
    let theme = input.theme.trim();
    if !theme.is_empty() {
        let themes =
            crate::usecase::config::terms(state, case.organisation_id, rules::Taxonomy::GoalThemes)
                .await?;
        if !themes.iter().any(|t| *t.active && t.code == theme) {
            f.push(FieldError::new(
                "theme",
                "Kies een thema uit de lijst van uw organisatie.",
                "Choose a theme from your organisation's list.",
            ));
        }
    }
    let (description, score) = f
        .finish(description.zip(score))
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let gid = tx
        .insert_goal(id, &description, theme, score, state.now())
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::GoalSet {
            description: description.clone(),
            score,
        },
        "",
    )
    .await?;
    Ok(gid)
}

pub async fn score_goal(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    goal_id: i64,
    moment: &str,
    score: Option<i64>,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let mut f = Fields::new();
    let score = f.take(
        gas_scale(state, case.organisation_id)
            .await?
            .check_given(score)
            .map_err(|m| FieldError::new("score", &m, "A GAS score is out of range.")),
    );
    let moment = f.take(match moment {
        "end" => Ok("end"),
        "review" | "" => Ok("review"),
        _ => Err(FieldError::new(
            "moment",
            "Kies tussenscore of eindscore.",
            "Choose review or end.",
        )),
    });
    let (score, moment) = f.finish(score.zip(moment)).map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    tx.score_goal(id, goal_id, moment, score).await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::GoalScored {
            goal_id,
            end: moment == "end",
            score,
        },
        "",
    )
    .await
}
