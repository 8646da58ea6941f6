//! The social map's pages: the list of activities and funds, import (CSV or GeoJSON) and export, and editing one
//! activity; also its API reads and import (the social map is not personal data).
use super::form::{Form, Values, number, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, PageCtx, format_euro, page_error, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase;
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::audit::AuditAction;
use schakel_domain::kind_in_kaart::ActivityCategory;
use schakel_domain::org::RowError;
use serde::{Deserialize, Serialize};

async fn social_map_view(state: &AppState, ctx: &Ctx) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let activities = state.store().activities(None).await?;
    let funds = state.store().funds().await?;
    let mut v = AdminView {
        title: t("nav.social_map").into(),
        page_id: "social-map".into(),
        lead: t("kik.map_lead").into(),
        ..Default::default()
    };
    v.links
        .push(("/social-map/import".into(), t("kik.import_title").into()));
    v.tables.push(Table {
        caption: format!("{} ({})", t("kik.activities"), activities.len()),
        headers: vec![
            t("field.name").into(),
            t("kik.category").into(),
            t("kik.provider").into(),
            t("kik.ages").into(),
            t("kik.when").into(),
            t("kik.cost").into(),
            t("field.city").into(),
        ],
        rows: activities
            .iter()
            .map(|a| {
                vec![
                    Cell::text(&a.name),
                    Cell::text(
                        ActivityCategory::parse(&a.category)
                            .map(|c| c.label(ctx.lang))
                            .unwrap_or(""),
                    ),
                    Cell::text(&a.provider_name),
                    Cell::text(format!("{}–{}", a.min_age, a.max_age)),
                    Cell::text(&a.sessions),
                    Cell::text(format_euro(a.cost_per_season_cents, ctx.lang)),
                    Cell::text(&a.city),
                ]
            })
            .collect(),
        pagination: None,
    });
    v.tables.push(Table {
        caption: t("kik.funds").into(),
        headers: vec![
            t("field.name").into(),
            t("kik.ages").into(),
            t("kik.income").into(),
            t("kik.max").into(),
            t("kik.pays_for").into(),
        ],
        rows: funds
            .iter()
            .map(|f| {
                vec![
                    Cell::text(&f.name),
                    Cell::text(format!("{}–{}", f.min_age, f.max_age)),
                    Cell::text(
                        f.income_criterion_percent
                            .map(|p| format!("≤ {p}% {}", t("kik.social_minimum")))
                            .unwrap_or_else(|| "–".into()),
                    ),
                    Cell::text(format_euro(f.max_cents_per_year, ctx.lang)),
                    Cell::text(
                        f.categories
                            .split(',')
                            .filter_map(|c| ActivityCategory::parse(c).ok())
                            .map(|c| c.label(ctx.lang))
                            .collect::<Vec<_>>()
                            .join(", "),
                    ),
                ]
            })
            .collect(),
        pagination: None,
    });
    Ok(v)
}

pub async fn social_map(State(state): State<AppState>, ctx: Ctx) -> Response {
    match social_map_view(&state, &ctx).await {
        Ok(v) => render_admin(ctx.page("social-map"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Template)]
#[template(path = "social_map_import.html")]
struct ImportPage {
    page: PageCtx,
    errors: Vec<RowError>,
    imported: Option<usize>,
}

impl ImportPage {
    fn message(&self, e: &RowError) -> String {
        if self.page.lang == crate::i18n::Lang::En {
            e.message_en.clone()
        } else {
            e.message_nl.clone()
        }
    }
}

pub async fn import_form(ctx: Ctx) -> Response {
    render(&ImportPage {
        page: ctx.page("social-map"),
        errors: Vec::new(),
        imported: None,
    })
}

pub async fn import_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Response {
    let mut bytes = None;
    while let Ok(Some(field)) = multipart.next_field().await {
        if field.name() == Some("file") {
            bytes = field.bytes().await.ok();
        }
    }
    let bytes = bytes.unwrap_or_default();
    match usecase::kind_in_kaart::import_social_map(&state, &ctx, &bytes).await {
        Ok(n) => render(&ImportPage {
            page: ctx.page("social-map"),
            errors: Vec::new(),
            imported: Some(n),
        }),
        Err(errors) => {
            let mut res = render(&ImportPage {
                page: ctx.page("social-map"),
                errors,
                imported: None,
            });
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
    }
}

/// The social map: activities and funds.
#[derive(serde::Serialize, schemars::JsonSchema)]
pub struct SocialMap {
    activities: Vec<schakel_store::ActivityRow>,
    funds: Vec<schakel_store::FundRow>,
}

/// The social map as JSON (activities and funds).
pub async fn api_social_map(
    State(state): State<AppState>,
) -> Result<axum::Json<SocialMap>, AppError> {
    let activities = state.store().activities(None).await?;
    let funds = state.store().funds().await?;
    Ok(axum::Json(SocialMap { activities, funds }))
}

/// CSV or GeoJSON body; all rows or none.
pub async fn api_import(
    State(state): State<AppState>,
    ctx: Ctx,
    crate::contract::CsvOrGeoJson(body): crate::contract::CsvOrGeoJson,
) -> crate::contract::Imported {
    match usecase::kind_in_kaart::import_social_map(&state, &ctx, &body).await {
        Ok(n) => crate::contract::Imported::Stored(n),
        Err(errors) => crate::contract::Imported::Refused(errors),
    }
}

/// The social map as CSV, in the import format (cells starting with = + - @ are neutralised).
pub async fn export(State(state): State<AppState>, ctx: Ctx) -> Response {
    let result = async {
        let rows = state.store().activities(None).await?;
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(Vec::new());
        let safe = |s: &str| {
            if s.starts_with(['=', '+', '-', '@']) {
                format!("'{s}")
            } else {
                s.to_string()
            }
        };
        w.write_record([
            "name",
            "provider",
            "category",
            "interests",
            "address",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "min_age",
            "max_age",
            "sessions",
            "cost_per_season",
            "accessible",
            "languages",
            "capacity",
            "contact",
        ])
        .map_err(AppError::internal)?;
        for a in &rows {
            w.write_record([
                safe(&a.name),
                safe(&a.provider_name),
                a.category.clone(),
                safe(&a.interests),
                safe(&a.street_address),
                a.postcode.clone(),
                safe(&a.city),
                a.latitude.to_string(),
                a.longitude.to_string(),
                a.min_age.to_string(),
                a.max_age.to_string(),
                safe(&a.sessions),
                format!(
                    "{},{:02}",
                    a.cost_per_season_cents / 100,
                    a.cost_per_season_cents % 100
                ),
                if *a.accessible {
                    "ja".into()
                } else {
                    "nee".into()
                },
                safe(&a.languages),
                a.capacity_left.map(|c| c.to_string()).unwrap_or_default(),
                safe(&a.contact),
            ])
            .map_err(AppError::internal)?;
        }
        state
            .log(ctx.event(AuditAction::Export, "social_map", None, "ok"))
            .await?;
        w.into_inner().map_err(AppError::internal)
    }
    .await;
    match result {
        Ok(bytes) => (
            [
                (axum::http::header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    "attachment; filename=\"sociale-kaart.csv\"",
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

fn activity_form(ctx: &Ctx, a: &schakel_store::ActivityRow) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let euros = format!(
        "{},{:02}",
        a.cost_per_season_cents / 100,
        a.cost_per_season_cents % 100
    );
    FormSpec {
        id: "activity",
        title: t("common.edit").into(),
        action: format!("/social-map/activities/{}", a.id),
        submit: t("common.save").into(),
        version: Some(a.version),
        fields: vec![
            Field::new("name", t("field.name"), "text", a.name.clone()),
            Field::new(
                "provider",
                t("kik.provider"),
                "text",
                a.provider_name.clone(),
            ),
            Field::new("category", t("kik.category"), "select", a.category.clone()).options(
                ActivityCategory::ALL
                    .iter()
                    .map(|c| (c.code().to_string(), c.label(ctx.lang).to_string()))
                    .collect(),
            ),
            Field::new("interests", t("kik.interests"), "text", a.interests.clone())
                .optional()
                .hint(t("kik.tags_hint")),
            Field::new("sessions", t("kik.when"), "text", a.sessions.clone())
                .optional()
                .hint(t("kik.free_times_hint")),
            Field::new("min_age", t("kik.min_age"), "number", a.min_age.to_string()),
            Field::new("max_age", t("kik.max_age"), "number", a.max_age.to_string()),
            Field::new("cost_per_season", t("kik.cost"), "text", euros),
            Field::new(
                "capacity",
                t("kik.capacity"),
                "number",
                a.capacity_left.map(|c| c.to_string()).unwrap_or_default(),
            )
            .optional(),
            Field::new(
                "accessible",
                t("kik.accessible_activity"),
                "checkbox",
                if *a.accessible { "on" } else { "" },
            ),
            Field::new("languages", t("kik.languages"), "text", a.languages.clone()).optional(),
            Field::new(
                "address",
                t("field.street_address"),
                "text",
                a.street_address.clone(),
            )
            .optional(),
            Field::new("postcode", t("field.postcode"), "text", a.postcode.clone()).optional(),
            Field::new("city", t("field.city"), "text", a.city.clone()).optional(),
            Field::new(
                "latitude",
                t("field.latitude"),
                "text",
                a.latitude.to_string(),
            ),
            Field::new(
                "longitude",
                t("field.longitude"),
                "text",
                a.longitude.to_string(),
            ),
            Field::new("contact", t("kik.contact"), "text", a.contact.clone()).optional(),
        ],
        ..Default::default()
    }
}

async fn activity_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    failed: Option<(FormErrors, Values, bool)>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let a = state.store().activity(id).await?;
    let mut v = AdminView {
        title: a.name.clone(),
        page_id: "activity".into(),
        breadcrumbs: vec![("/social-map".into(), t("nav.social_map").into())],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    let mut form = activity_form(ctx, &a);
    match failed {
        Some((errors, values, false)) => {
            form = form.with_values(&values).with_errors(&errors, ctx.lang)
        }
        Some((_, values, true)) => v.conflict = Some(super::admin::conflict_facts(&form, &values)),
        None => {}
    }
    v.forms.push(form);
    Ok(v)
}

pub async fn activity_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<super::admin::Saved>,
) -> Response {
    match activity_view(&state, &ctx, id, None, q.saved.is_some()).await {
        Ok(v) => render_admin(ctx.page("social-map"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// The activity form as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ActivityForm {
    pub name: String,
    pub provider: String,
    pub category: String,
    pub interests: String,
    pub sessions: String,
    pub min_age: String,
    pub max_age: String,
    pub cost_per_season: String,
    pub capacity: String,
    pub accessible: String,
    pub languages: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub latitude: String,
    pub longitude: String,
    pub contact: String,
    pub version: String,
}

impl ActivityForm {
    fn input(&self) -> usecase::kind_in_kaart::ActivityInput {
        usecase::kind_in_kaart::ActivityInput {
            name: trim(&self.name),
            provider: trim(&self.provider),
            category: trim(&self.category),
            interests: trim(&self.interests),
            sessions: trim(&self.sessions),
            min_age: trim(&self.min_age),
            max_age: trim(&self.max_age),
            cost_per_season: trim(&self.cost_per_season),
            capacity: trim(&self.capacity),
            accessible: trim(&self.accessible),
            languages: trim(&self.languages),
            address: trim(&self.address),
            postcode: trim(&self.postcode),
            city: trim(&self.city),
            latitude: trim(&self.latitude),
            longitude: trim(&self.longitude),
            contact: trim(&self.contact),
            ..Default::default()
        }
    }
}

/// Changes one activity, with the version it was based on (a stale edit is refused, nothing lost).
pub async fn activity_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ActivityForm>,
) -> Response {
    let result = match number(&form.version) {
        Some(version) => {
            usecase::kind_in_kaart::update_activity(&state, &ctx, id, version, &form.input()).await
        }
        None => Err(AppError::BadRequest("version missing".into())),
    };
    let values = values_of(&form);
    match result {
        Ok(()) => Redirect::to(&format!("/social-map/activities/{id}?saved=1")).into_response(),
        Err(AppError::Validation(e)) => match activity_view(
            &state,
            &ctx,
            id,
            Some((FormErrors(e), values, false)),
            false,
        )
        .await
        {
            Ok(v) => {
                let mut res = render_admin(ctx.page("social-map"), &v);
                *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                res
            }
            Err(e) => page_error(&ctx, e),
        },
        Err(AppError::Conflict { .. }) => match activity_view(
            &state,
            &ctx,
            id,
            Some((FormErrors::default(), values, true)),
            false,
        )
        .await
        {
            Ok(v) => {
                let mut res = render_admin(ctx.page("social-map"), &v);
                *res.status_mut() = StatusCode::CONFLICT;
                res
            }
            Err(e) => page_error(&ctx, e),
        },
        Err(e) => page_error(&ctx, e),
    }
}
