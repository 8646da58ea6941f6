//! Named participants of a group activity on its pages (ADR 026): the list with presence, a form to name a
//! child and one per participant to take them off on the activity's page, and who was present on a session's
//! page. Thin: the rules are in
//! `usecase::group_participant`.

use super::form::{Form, number, numbers, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table};
use super::{FormErrors, format_short_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::group::{self, Viewer};
use crate::usecase::group_participant::{
    self as usecase, ParticipantInput, PresenceInput, RemovalInput,
};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::group::ParticipantRemoval;
use schakel_store::{GroupActivity, GroupParticipant, GroupSession};
use serde::{Deserialize, Serialize};

/// A child to name, as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ParticipantForm {
    pub case_id: String,
}

/// A participant to take off, and why, as sent.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct RemovalForm {
    pub participant_id: String,
    pub reason: String,
}

/// Who was present, as ticked.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct PresenceForm {
    pub participant_ids: Vec<String>,
}

fn may_plan(ctx: &Ctx) -> bool {
    ctx.principal
        .as_ref()
        .is_some_and(|p| matches!(p.role, Role::SocialWorker | Role::TeamLead))
}

async fn participant_form(
    state: &AppState,
    ctx: &Ctx,
    a: &GroupActivity,
) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let mut options = vec![(String::new(), t("form.choose").to_string())];
    options.extend(
        usecase::cases_to_name(state, ctx, a)
            .await?
            .into_iter()
            .map(|c| {
                (
                    c.id.to_string(),
                    format!("{} ({})", c.child_name, c.case_number),
                )
            }),
    );
    Ok(FormSpec {
        id: "group-participant",
        title: t("group.add_participant").into(),
        action: format!("/group-activities/{}/participants", a.id),
        submit: t("group.add_participant").into(),
        fields: vec![
            Field::new("case_id", t("group.participant_case"), "select", "")
                .options(options)
                .hint(t("group.participant_case_hint")),
        ],
        ..Default::default()
    }
    .scoped())
}

/// The form to take one participant off, with the reason (kept apart from the others' forms by the id).
fn removal_form(ctx: &Ctx, activity_id: i64, p: &GroupParticipant) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let who = if p.name.is_empty() {
        format!("{} {}", t("group.participant"), p.id)
    } else {
        p.name.clone()
    };
    let mut reasons = vec![(String::new(), t("form.choose").to_string())];
    reasons.extend(
        ParticipantRemoval::ALL
            .iter()
            .map(|r| (r.code().to_string(), r.label(ctx.lang).to_string())),
    );
    FormSpec {
        id: "group-participant-remove",
        key: p.id.to_string(),
        title: format!("{}: {who}", t("group.remove_participant")),
        action: format!("/group-activities/{activity_id}/participants/remove"),
        submit: t("group.remove_participant").into(),
        danger: true,
        fields: vec![
            Field {
                name: "participant_id",
                kind: "hidden",
                value: p.id.to_string(),
                ..Default::default()
            },
            Field::new("reason", t("group.remove_reason"), "select", "")
                .options(reasons)
                .hint(t("group.remove_hint")),
        ],
        ..Default::default()
    }
    .scoped()
}

/// The named participants on the activity's page (and, for those who plan, the form to name one and one per
/// participant to take them off), after the sessions. `form`: a participant form sent back with its errors.
pub(super) async fn activity_part(
    state: &AppState,
    ctx: &Ctx,
    (a, sessions, viewer): (&GroupActivity, &[GroupSession], Viewer),
    v: &mut AdminView,
    form: Option<FormSpec>,
) -> Result<(), AppError> {
    let t = |k| ctx.lang.t(k);
    let list = usecase::participants_of(state, ctx, a, viewer).await?;
    let date_of = |id: &i64| {
        sessions
            .iter()
            .find(|s| s.id == *id)
            .map(|s| format_short_date(&s.held_on, ctx.lang))
            .unwrap_or_default()
    };
    if !list.is_empty() || viewer == Viewer::Staff {
        v.tables.push(Table {
            caption: t("group.participants").into(),
            headers: vec![t("group.participant").into(), t("group.present_at").into()],
            rows: list
                .iter()
                .map(|p| {
                    let who = match p.case_id {
                        Some(case) if viewer == Viewer::Staff => {
                            Cell::link(&p.name, format!("/cases/{case}"))
                        }
                        Some(_) => Cell::text(&p.name),
                        None => Cell::text(t("group.participant_hidden")),
                    };
                    let present: Vec<String> = p.present_at.iter().map(date_of).collect();
                    vec![who, Cell::text(present.join(", "))]
                })
                .collect(),
            pagination: None,
        });
    }
    if viewer == Viewer::Staff && may_plan(ctx) {
        let sent = form.map(|f| (f.dom_id(), f));
        let take = |spec: FormSpec| match &sent {
            Some((id, f)) if *id == spec.dom_id() => f.clone(),
            _ => spec,
        };
        v.forms.push(take(participant_form(state, ctx, a).await?));
        for p in &list {
            v.forms.push(take(removal_form(ctx, a.id, p)));
        }
    }
    Ok(())
}

fn presence_form(ctx: &Ctx, (id, session_id): (i64, i64), named: &[GroupParticipant]) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let ticked: Vec<String> = named
        .iter()
        .filter(|p| p.present_at.contains(&session_id))
        .map(|p| p.id.to_string())
        .collect();
    FormSpec {
        id: "group-presence",
        title: t("group.presence").into(),
        action: format!("/group-activities/{id}/sessions/{session_id}/presence"),
        submit: t("group.presence_save").into(),
        fields: vec![
            Field::new(
                "participant_ids",
                t("group.presence"),
                "checkboxes",
                ticked.join(","),
            )
            .optional()
            .options(
                named
                    .iter()
                    .map(|p| (p.id.to_string(), p.name.clone()))
                    .collect(),
            ),
        ],
        ..Default::default()
    }
}

/// Who of the named participants was present, on a held session's page (for those who plan).
pub(super) async fn session_part(
    state: &AppState,
    ctx: &Ctx,
    (a, s): (&GroupActivity, &GroupSession),
    forms: &mut Vec<FormSpec>,
) -> Result<(), AppError> {
    if !may_plan(ctx) || forms.iter().any(|f| f.id == "group-presence") {
        return Ok(());
    }
    let named: Vec<GroupParticipant> = usecase::participants_of(state, ctx, a, Viewer::Staff)
        .await?
        .into_iter()
        .filter(|p| p.case_id.is_some())
        .collect();
    if !named.is_empty() && s.held_on <= state.now().date_naive().to_string() {
        forms.push(presence_form(ctx, (a.id, s.id), &named));
    }
    Ok(())
}

async fn activity_with_errors(state: &AppState, ctx: &Ctx, id: i64, form: FormSpec) -> Response {
    super::group::activity_page_with(state, ctx, id, form).await
}

pub async fn participant_add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ParticipantForm>,
) -> Response {
    let input = ParticipantInput {
        case_id: number(&form.case_id),
    };
    match usecase::add_participant(&state, &ctx, id, &input).await {
        Ok(_) => Redirect::to(&format!("/group-activities/{id}")).into_response(),
        Err(AppError::Validation(e)) => {
            let activity = match group::activity_to_change(&state, &ctx, id).await {
                Ok(a) => a,
                Err(e) => return page_error(&ctx, e),
            };
            let spec = match participant_form(&state, &ctx, &activity).await {
                Ok(f) => f
                    .with_values(&values_of(&form))
                    .with_errors(&FormErrors(e), ctx.lang),
                Err(e) => return page_error(&ctx, e),
            };
            activity_with_errors(&state, &ctx, id, spec).await
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn participant_remove(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<RemovalForm>,
) -> Response {
    let input = RemovalInput {
        participant_id: number(&form.participant_id),
        reason: form.reason.trim().to_string(),
    };
    match usecase::remove_participant(&state, &ctx, id, &input).await {
        Ok(()) => Redirect::to(&format!("/group-activities/{id}")).into_response(),
        Err(AppError::Validation(e)) => {
            let listed = match group::activity_to_change(&state, &ctx, id).await {
                Ok(a) => usecase::participants_of(&state, &ctx, &a, Viewer::Staff).await,
                Err(e) => Err(e),
            };
            let participant = match listed {
                // The form of the participant as sent; one no longer listed (removed meanwhile) gets a form of
                // its own, so the error shows.
                Ok(list) => list
                    .into_iter()
                    .find(|p| Some(p.id) == input.participant_id)
                    .unwrap_or_else(|| GroupParticipant {
                        id: input.participant_id.unwrap_or_default(),
                        case_id: None,
                        name: String::new(),
                        school_id: None,
                        basis: String::new(),
                        present_at: Vec::new(),
                    }),
                Err(e) => return page_error(&ctx, e),
            };
            let spec = removal_form(&ctx, id, &participant)
                .with_values(&values_of(&form))
                .with_errors(&FormErrors(e), ctx.lang);
            activity_with_errors(&state, &ctx, id, spec).await
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn presence_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    Form(form): Form<PresenceForm>,
) -> Response {
    let input = PresenceInput {
        participant_ids: numbers(&form.participant_ids),
    };
    match usecase::record_presence(&state, &ctx, id, session_id, &input).await {
        Ok(()) => Redirect::to(&format!(
            "/group-activities/{id}/sessions/{session_id}?saved=1"
        ))
        .into_response(),
        Err(AppError::Validation(e)) => {
            let named = match group::activity_to_change(&state, &ctx, id).await {
                Ok(a) => usecase::participants_of(&state, &ctx, &a, Viewer::Staff).await,
                Err(e) => Err(e),
            };
            let named: Vec<GroupParticipant> = match named {
                Ok(list) => list.into_iter().filter(|p| p.case_id.is_some()).collect(),
                Err(e) => return page_error(&ctx, e),
            };
            let spec = presence_form(&ctx, (id, session_id), &named)
                .with_values(&values_of(&form))
                .with_errors(&FormErrors(e), ctx.lang);
            super::group::session_page_with(&state, &ctx, (id, session_id), spec).await
        }
        Err(e) => page_error(&ctx, e),
    }
}
