//! Consultations: advice without a case file, and the school's consultation requests answered by the worker.

use super::super::form::{Form, number, trim, values_of};
use super::super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::super::{FormErrors, format_short_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::{self, consultation::ConsultationInput};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

/// The worker's answer to a consultation request as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct AnswerForm {
    pub advice: String,
    pub minutes: String,
}

/// A consultation as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ConsultationForm {
    pub held_on: String,
    pub school_code: String,
    pub asked_by: String,
    pub child_label: String,
    pub theme: String,
    pub advice: String,
    pub minutes: String,
}

impl ConsultationForm {
    fn input(&self) -> ConsultationInput {
        ConsultationInput {
            school_code: trim(&self.school_code),
            asked_by: trim(&self.asked_by),
            child_label: trim(&self.child_label),
            theme: trim(&self.theme),
            advice: trim(&self.advice),
            minutes: number(&self.minutes),
            held_on: trim(&self.held_on),
        }
    }
}

/// The worker answers a school's consultation request from the home page; answering closes it.
pub async fn consultation_answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let input = usecase::consultation::ConsultationAnswer {
        advice: trim(&form.advice),
        minutes: number(&form.minutes),
    };
    match usecase::consultation::answer_consultation(&state, &ctx, id, &input).await {
        Ok(_) => Redirect::to("/#consultations").into_response(),
        Err(AppError::Validation(e)) => {
            let t = |k| ctx.lang.t(k);
            let form = FormSpec {
                id: "answer",
                title: t("consultations.answer").into(),
                action: format!("/consultations/{id}/answer"),
                submit: t("consultations.answer").into(),
                fields: vec![
                    Field::new("advice", t("consultations.advice"), "textarea", ""),
                    Field::new("minutes", t("consultations.minutes"), "number", "15"),
                ],
                ..Default::default()
            }
            .with_values(&values_of(&form))
            .with_errors(&FormErrors(e), ctx.lang);
            let v = AdminView {
                title: t("consultations.answer").into(),
                page_id: "consultation-answer".into(),
                breadcrumbs: vec![("/".into(), t("home.title").into())],
                forms: vec![form],
                ..Default::default()
            };
            let mut res = render_admin(ctx.page("home"), &v);
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(&ctx, e),
    }
}

fn consultation_form(ctx: &Ctx, today: &str) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "consultation",
        title: t("consultations.new").into(),
        action: "/consultations".into(),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("held_on", t("consultations.held_on"), "date", today),
            Field::new("school_code", t("field.school_code"), "text", "").optional(),
            Field::new("asked_by", t("consultations.asked_by"), "text", "")
                .optional()
                .hint(t("consultations.asked_by_hint")),
            Field::new("child_label", t("consultations.child_label"), "text", "")
                .optional()
                .hint(t("consultations.child_label_hint")),
            Field::new("theme", t("consultations.theme"), "text", ""),
            Field::new("advice", t("consultations.advice"), "textarea", "").optional(),
            Field::new("minutes", t("consultations.minutes"), "number", "30"),
        ],
        ..Default::default()
    }
}

async fn consultations_view(
    state: &AppState,
    ctx: &Ctx,
    form: Option<FormSpec>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = usecase::consultation::consultations(state, ctx).await?;
    let mut v = AdminView {
        title: t("nav.consultations").into(),
        page_id: "consultations".into(),
        lead: t("consultations.lead").into(),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.consultations").into(),
        headers: vec![
            t("consultations.held_on").into(),
            t("field.school").into(),
            t("consultations.asked_by").into(),
            t("consultations.theme").into(),
            t("consultations.question").into(),
            t("consultations.minutes").into(),
        ],
        rows: list
            .iter()
            .map(|c| {
                let question = match (c.question.is_empty(), c.closed_on.is_some()) {
                    (true, _) => String::new(),
                    (false, true) => format!("{} ({})", c.question, t("consultations.answered")),
                    (false, false) => format!("{} ({})", c.question, t("consultations.open")),
                };
                vec![
                    Cell::text(format_short_date(&c.held_on, ctx.lang)),
                    Cell::text(c.school_name.clone().unwrap_or_default()),
                    Cell::text(&c.asked_by),
                    Cell::text(&c.theme),
                    Cell::text(question),
                    Cell::text(c.minutes.to_string()),
                ]
            })
            .collect(),
        pagination: None,
    });
    v.forms.push(
        form.unwrap_or_else(|| consultation_form(ctx, &state.now().date_naive().to_string())),
    );
    Ok(v)
}

pub async fn consultations(State(state): State<AppState>, ctx: Ctx) -> Response {
    match consultations_view(&state, &ctx, None).await {
        Ok(v) => render_admin(ctx.page("consultations"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn consultation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ConsultationForm>,
) -> Response {
    match usecase::consultation::record_consultation(&state, &ctx, &form.input()).await {
        Ok(_) => Redirect::to("/consultations").into_response(),
        Err(AppError::Validation(e)) => {
            let shown = consultation_form(&ctx, "")
                .with_values(&values_of(&form))
                .with_errors(&FormErrors(e), ctx.lang);
            match consultations_view(&state, &ctx, Some(shown)).await {
                Ok(v) => {
                    let mut res = render_admin(ctx.page("consultations"), &v);
                    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}
