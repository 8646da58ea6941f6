//! The functional admin's list of group-activity kinds (ADR 019 addendum): add a kind, rename it (Dutch and
//! English), retire or restore it. Thin: the rules are in `usecase::config`.

use super::admin::{Outcome, Saved, form_outcome, respond};
use super::form::{Form, ticked, trim, values_of};
use super::page_error;
use super::view::{AdminView, Cell, Field, FormSpec, Table};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::config::{self, GroupKindInput};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};

/// A kind as typed: both labels, and (when changing) whether it is still offered.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct KindForm {
    pub label: String,
    pub label_en: String,
    pub active: Option<String>,
}

fn add_form(ctx: &Ctx, id: i64) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "group-kind",
        title: t("group_kinds.add").into(),
        action: format!("/organisations/{id}/group-activity-kinds"),
        submit: t("group_kinds.add").into(),
        fields: vec![
            Field::new("label", t("group_kinds.label"), "text", ""),
            Field::new("label_en", t("group_kinds.label_en"), "text", "")
                .optional()
                .hint(t("group_kinds.label_en_hint")),
        ],
        ..Default::default()
    }
}

fn change_form(ctx: &Ctx, id: i64, k: &schakel_store::TaxonomyTerm) -> FormSpec {
    let t = |key| ctx.lang.t(key);
    FormSpec {
        id: "group-kind-change",
        key: k.code.clone(),
        title: format!(
            "{}: {}",
            t("group_kinds.change"),
            config::group_kind_label(std::slice::from_ref(k), &k.code, ctx.lang)
        ),
        action: format!("/organisations/{id}/group-activity-kinds/{}", k.code),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("label", t("group_kinds.label"), "text", k.label.clone()),
            Field::new(
                "label_en",
                t("group_kinds.label_en"),
                "text",
                k.label_en.clone(),
            )
            .optional()
            .hint(t("group_kinds.label_en_hint")),
            Field::new(
                "active",
                t("group_kinds.active"),
                "checkbox",
                if *k.active { "on" } else { "" },
            ),
        ],
        ..Default::default()
    }
    .scoped()
}

/// The page; `failed` is the form that came back (its code, `None` for the add form) with what went wrong.
async fn kinds_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    failed: Option<(Option<String>, Outcome)>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let kinds = config::group_kinds(state, ctx, id).await?;
    let mut v = AdminView {
        title: t("group_kinds.title").into(),
        page_id: "organisation-group-kinds".into(),
        breadcrumbs: vec![
            ("/organisations".into(), t("nav.organisations").into()),
            (format!("/organisations/{id}"), t("nav.organisation").into()),
        ],
        lead: t("group_kinds.intro").into(),
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("group_kinds.title").into(),
        headers: vec![
            t("group_kinds.label").into(),
            t("group_kinds.label_en").into(),
            t("group_kinds.code").into(),
            t("group_kinds.active").into(),
        ],
        rows: kinds
            .iter()
            .map(|k| {
                vec![
                    Cell::text(&k.label),
                    Cell::text(config::group_kind_label(
                        std::slice::from_ref(k),
                        &k.code,
                        schakel_domain::Lang::En,
                    )),
                    Cell::text(&k.code),
                    Cell::text(if *k.active {
                        t("group_kinds.offered")
                    } else {
                        t("group_kinds.retired")
                    }),
                ]
            })
            .collect(),
        pagination: None,
    });
    let (failed_code, outcome) = match failed {
        Some((code, o)) => (code, Some(o)),
        None => (None, None),
    };
    let mut outcome = outcome;
    let mut with = |form: FormSpec, mine: bool| match (mine, outcome.take()) {
        (true, Some(Outcome::Errors(errors, values))) => {
            form.with_values(&values).with_errors(&errors, ctx.lang)
        }
        (_, o) => {
            outcome = o;
            form
        }
    };
    let add = with(add_form(ctx, id), failed_code.is_none());
    v.forms.push(add);
    for k in &kinds {
        let form = with(
            change_form(ctx, id, k),
            failed_code.as_deref() == Some(k.code.as_str()),
        );
        v.forms.push(form);
    }
    Ok(v)
}

pub async fn kinds_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Response {
    respond(
        &ctx,
        kinds_view(&state, &ctx, id, None, q.saved.is_some()).await,
    )
}

async fn after(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    code: Option<String>,
    result: Result<(), AppError>,
    form: &KindForm,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/organisations/{id}/group-activity-kinds?saved=1"))
            .into_response(),
        Err(e) => match form_outcome(e, values_of(form)) {
            Ok(o) => respond(
                ctx,
                kinds_view(state, ctx, id, Some((code, o)), false).await,
            ),
            Err(e) => page_error(ctx, e),
        },
    }
}

pub async fn kind_add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<KindForm>,
) -> Response {
    let input = GroupKindInput {
        label: trim(&form.label),
        label_en: trim(&form.label_en),
        active: true,
    };
    let result = config::add_group_kind(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, None, result, &form).await
}

pub async fn kind_change(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, code)): Path<(i64, String)>,
    Form(form): Form<KindForm>,
) -> Response {
    let input = GroupKindInput {
        label: trim(&form.label),
        label_en: trim(&form.label_en),
        active: ticked(&form.active),
    };
    let result = config::change_group_kind(&state, &ctx, id, &code, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, Some(code), result, &form).await
}
