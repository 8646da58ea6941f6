//! School locations: search, add, change, pupils per school year, CSV import.

use super::admin::{Outcome, Saved, form_outcome};
use super::form::{Form, number, trim, values_of};
use super::staff::assignment_table;
use super::view::{AdminView, Cell, Field, FormSpec, Pagination, SearchSpec, Table, render_admin};
use super::{PageCtx, format_number, page_error, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::{self, school::SchoolUpdate};
use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::org::{RowError, SchoolInput, SchoolType};
use schakel_store::{School, SchoolFilter};
use serde::{Deserialize, Serialize};

const PAGE_SIZE: i64 = 50;

#[derive(Deserialize, Default)]
pub struct SchoolQuery {
    pub q: Option<String>,
    pub municipality_id: Option<String>,
    pub school_type: Option<String>,
    pub page: Option<i64>,
}

fn type_options(ctx: &Ctx, with_any: bool) -> Vec<(String, String)> {
    let mut o = Vec::new();
    if with_any {
        o.push((String::new(), ctx.lang.t("common.all").to_string()));
    }
    o.extend(SchoolType::ALL.iter().map(|t| {
        (
            t.code().to_string(),
            format!("{} – {}", t.code(), t.label(ctx.lang)),
        )
    }));
    o
}

fn school_form(
    ctx: &Ctx,
    action: String,
    s: Option<&School>,
    municipality_code: &str,
    title_key: &str,
) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let get = |f: fn(&School) -> String| s.map(f).unwrap_or_default();
    FormSpec {
        id: "school",
        title: t(title_key).into(),
        action,
        submit: t("common.save").into(),
        version: s.map(|s| s.version),
        fields: vec![
            Field::new(
                "code",
                t("field.school_code"),
                "text",
                get(|s| s.code.clone()),
            )
            .hint(t("hint.school_code")),
            Field::new("name", t("field.name"), "text", get(|s| s.name.clone())),
            Field::new(
                "school_type",
                t("field.school_type"),
                "select",
                get(|s| s.school_type.clone()),
            )
            .options(type_options(ctx, false)),
            Field::new(
                "municipality_code",
                t("field.municipality_code"),
                "text",
                municipality_code,
            )
            .hint(t("hint.cbs_code")),
            Field::new(
                "street_address",
                t("field.street_address"),
                "text",
                get(|s| s.street_address.clone()),
            )
            .optional(),
            Field::new(
                "postcode",
                t("field.postcode"),
                "text",
                get(|s| s.postcode.clone().unwrap_or_default()),
            )
            .optional(),
            Field::new("city", t("field.city"), "text", get(|s| s.city.clone())).optional(),
            Field::new(
                "latitude",
                t("field.latitude"),
                "text",
                get(|s| s.latitude.map(|v| v.to_string()).unwrap_or_default()),
            )
            .optional(),
            Field::new(
                "longitude",
                t("field.longitude"),
                "text",
                get(|s| s.longitude.map(|v| v.to_string()).unwrap_or_default()),
            )
            .optional(),
            Field::new(
                "holiday_region",
                t("field.holiday_region"),
                "select",
                get(|s| s.holiday_region.clone().unwrap_or_default()),
            )
            .optional()
            .options(vec![
                (String::new(), "–".into()),
                ("noord".into(), "noord".into()),
                ("midden".into(), "midden".into()),
                ("zuid".into(), "zuid".into()),
            ]),
        ],
        ..Default::default()
    }
}

/// The school form as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SchoolForm {
    pub code: String,
    pub name: String,
    pub school_type: String,
    pub municipality_code: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub latitude: String,
    pub longitude: String,
    pub holiday_region: String,
    pub version: String,
}

impl SchoolForm {
    fn school(&self) -> SchoolInput {
        SchoolInput {
            code: trim(&self.code),
            name: trim(&self.name),
            school_type: trim(&self.school_type),
            municipality_code: trim(&self.municipality_code),
            street_address: trim(&self.street_address),
            postcode: trim(&self.postcode),
            city: trim(&self.city),
            latitude: trim(&self.latitude),
            longitude: trim(&self.longitude),
            holiday_region: trim(&self.holiday_region),
        }
    }
}

/// Pupils in a school year.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct PupilsForm {
    pub school_year: String,
    pub pupils: String,
}

/// The school's arrangement (kind of hours) in a school year.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ArrangementForm {
    pub kind: String,
    pub school_year: String,
}

fn apply(v: &mut AdminView, form: FormSpec, outcome: Option<Outcome>, ctx: &Ctx) {
    let form = match outcome {
        Some(Outcome::Errors(errors, values)) => {
            form.with_values(&values).with_errors(&errors, ctx.lang)
        }
        Some(Outcome::Conflict(values)) => {
            v.conflict = Some(super::admin::conflict_facts(&form, &values));
            form
        }
        None => form,
    };
    v.forms.push(form);
}

async fn schools_view(
    state: &AppState,
    ctx: &Ctx,
    q: &SchoolQuery,
    outcome: Option<Outcome>,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let page = q.page.unwrap_or(1).max(1);
    let filter = SchoolFilter {
        query: q.q.clone(),
        municipality_id: q.municipality_id.as_deref().and_then(|m| m.parse().ok()),
        school_type: q.school_type.clone().filter(|s| !s.is_empty()),
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
    };
    let (list, total) = usecase::school::schools(state, p, filter.clone()).await?;
    let municipalities = state.store().list_municipalities().await?;
    let mut municipality_options = vec![(String::new(), t("common.all").to_string())];
    municipality_options.extend(
        municipalities
            .iter()
            .map(|m| (m.id.to_string(), m.name.clone())),
    );
    let link = |page: i64| {
        let pairs = [
            ("q", q.q.clone().unwrap_or_default()),
            (
                "municipality_id",
                q.municipality_id.clone().unwrap_or_default(),
            ),
            ("school_type", q.school_type.clone().unwrap_or_default()),
            ("page", page.to_string()),
        ];
        format!(
            "/schools?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    };
    let pages = ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1);
    let mut v = AdminView {
        title: t("nav.schools").into(),
        page_id: "schools".into(),
        search: Some(SearchSpec {
            action: "/schools".into(),
            fields: vec![
                Field::new(
                    "q",
                    t("schools.search"),
                    "search",
                    q.q.clone().unwrap_or_default(),
                )
                .optional()
                .hint(t("schools.search_hint")),
                Field::new(
                    "municipality_id",
                    t("field.municipality"),
                    "select",
                    q.municipality_id.clone().unwrap_or_default(),
                )
                .optional()
                .options(municipality_options),
                Field::new(
                    "school_type",
                    t("field.school_type"),
                    "select",
                    q.school_type.clone().unwrap_or_default(),
                )
                .optional()
                .options(type_options(ctx, true)),
            ],
        }),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: format!(
            "{} ({})",
            t("nav.schools"),
            format_number(total as f64, 0, ctx.lang)
        ),
        headers: vec![
            t("field.school_code").into(),
            t("field.name").into(),
            t("field.school_type").into(),
            t("field.city").into(),
            t("field.municipality").into(),
        ],
        rows: list
            .iter()
            .map(|s| {
                let m = municipalities
                    .iter()
                    .find(|m| m.id == s.municipality_id)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                vec![
                    Cell::text(&s.code),
                    Cell::link(&s.name, format!("/schools/{}", s.id)),
                    Cell::text(&s.school_type),
                    Cell::text(&s.city),
                    Cell::text(m),
                ]
            })
            .collect(),
        pagination: (pages > 1).then(|| Pagination {
            prev: (page > 1).then(|| link(page - 1)),
            next: (page < pages).then(|| link(page + 1)),
            label: format!("{} {page} / {pages}", t("common.page")),
        }),
    });
    if p.role == Role::FunctionalAdmin {
        apply(
            &mut v,
            school_form(ctx, "/schools".into(), None, "", "school.new"),
            outcome,
            ctx,
        );
        v.links
            .push(("/schools/import".into(), t("schools.import.title").into()));
    }
    Ok(v)
}

pub async fn schools(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SchoolQuery>,
) -> Response {
    match schools_view(&state, &ctx, &q, None).await {
        Ok(v) => render_admin(ctx.page("schools"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn school_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SchoolForm>,
) -> Response {
    match usecase::school::create_school(&state, &ctx, &form.school()).await {
        Ok(s) => Redirect::to(&format!("/schools/{}?saved=1", s.id)).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => match schools_view(&state, &ctx, &SchoolQuery::default(), Some(o)).await {
                Ok(v) => render_admin(ctx.page("schools"), &v),
                Err(e) => page_error(&ctx, e),
            },
            Err(e) => page_error(&ctx, e),
        },
    }
}

async fn school_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    outcome: Option<Outcome>,
    pupils_outcome: Option<Outcome>,
    arrangement_outcome: Option<Outcome>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let s = usecase::school::school(state, p, id).await?;
    let m = state.store().municipality(s.municipality_id).await?;
    let pupils = state.store().school_pupils(id).await?;
    let assignments = state.store().list_assignments(None, None, Some(id)).await?;
    let type_label = SchoolType::parse(&s.school_type)
        .map(|t| t.label(ctx.lang))
        .unwrap_or("");
    let mut v = AdminView {
        title: s.name.clone(),
        page_id: "school".into(),
        breadcrumbs: vec![("/schools".into(), t("nav.schools").into())],
        facts: vec![
            (t("field.school_code").into(), s.code.clone()),
            (
                t("field.school_type").into(),
                format!("{} – {}", s.school_type, type_label),
            ),
            (
                t("field.municipality").into(),
                format!("{} ({})", m.name, m.cbs_code),
            ),
            (
                t("field.address").into(),
                format!(
                    "{}, {} {}",
                    s.street_address,
                    s.postcode.clone().unwrap_or_default(),
                    s.city
                ),
            ),
            (
                t("field.holiday_region").into(),
                s.holiday_region.clone().unwrap_or_default(),
            ),
        ],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("school.pupils").into(),
        headers: vec![t("field.school_year").into(), t("field.pupils").into()],
        rows: pupils
            .iter()
            .map(|p| {
                vec![
                    Cell::text(&p.school_year),
                    Cell::text(format_number(p.pupils as f64, 0, ctx.lang)),
                ]
            })
            .collect(),
        pagination: None,
    });
    if p.role != Role::Municipality {
        v.tables.push(assignment_table(ctx, &assignments, true));
    }
    let arrangements: Vec<schakel_store::Arrangement> = state
        .store()
        .arrangements()
        .await?
        .into_iter()
        .filter(|a| a.school_id == id)
        .collect();
    v.tables.push(Table {
        caption: t("school.arrangements").into(),
        headers: vec![
            t("monitoring.arrangement").into(),
            t("field.school_year").into(),
        ],
        rows: arrangements
            .iter()
            .map(|a| {
                vec![
                    Cell::text(
                        schakel_domain::monitoring::ArrangementKind::parse(&a.kind)
                            .map_or(a.kind.as_str(), |k| k.label(ctx.lang)),
                    ),
                    Cell::text(&a.school_year),
                ]
            })
            .collect(),
        pagination: None,
    });
    if p.role == Role::FunctionalAdmin {
        apply(
            &mut v,
            school_form(
                ctx,
                format!("/schools/{id}"),
                Some(&s),
                &m.cbs_code,
                "common.edit",
            ),
            outcome,
            ctx,
        );
        let pupils_form = FormSpec {
            id: "pupils",
            title: t("school.pupils_set").into(),
            action: format!("/schools/{id}/pupils"),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("school_year", t("field.school_year"), "text", "")
                    .hint(t("hint.school_year")),
                Field::new("pupils", t("field.pupils"), "number", ""),
            ],
            ..Default::default()
        };
        apply(&mut v, pupils_form, pupils_outcome, ctx);
        let arrangement_form = FormSpec {
            id: "arrangement",
            title: t("school.arrangement_set").into(),
            action: format!("/schools/{id}/arrangements"),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("kind", t("monitoring.arrangement"), "select", "").options(
                    schakel_domain::monitoring::ArrangementKind::ALL
                        .iter()
                        .map(|k| (k.code().to_owned(), k.label(ctx.lang).to_owned()))
                        .collect(),
                ),
                Field::new("school_year", t("field.school_year"), "text", "")
                    .hint(t("hint.school_year")),
            ],
            ..Default::default()
        }
        .scoped();
        apply(&mut v, arrangement_form, arrangement_outcome, ctx);
    }
    Ok(v)
}

pub async fn school_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Response {
    match school_view(&state, &ctx, id, None, None, None, q.saved.is_some()).await {
        Ok(v) => render_admin(ctx.page("schools"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn school_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<SchoolForm>,
) -> Response {
    let input = SchoolUpdate {
        school: form.school(),
        version: number(&form.version),
    };
    match usecase::school::update_school(&state, &ctx, id, &input).await {
        Ok(_) => Redirect::to(&format!("/schools/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => match school_view(&state, &ctx, id, Some(o), None, None, false).await {
                Ok(v) => render_admin(ctx.page("schools"), &v),
                Err(e) => page_error(&ctx, e),
            },
            Err(e) => page_error(&ctx, e),
        },
    }
}

pub async fn pupils_set(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<PupilsForm>,
) -> Response {
    match usecase::school::set_pupils(
        &state,
        &ctx,
        id,
        form.school_year.trim(),
        form.pupils.trim(),
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("/schools/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => match school_view(&state, &ctx, id, None, Some(o), None, false).await {
                Ok(v) => render_admin(ctx.page("schools"), &v),
                Err(e) => page_error(&ctx, e),
            },
            Err(e) => page_error(&ctx, e),
        },
    }
}

#[derive(Template)]
#[template(path = "schools_import.html")]
struct ImportPage {
    page: PageCtx,
    errors: Vec<RowError>,
    imported: Option<usize>,
}

impl ImportPage {
    fn message(&self, e: &RowError) -> String {
        match self.page.lang {
            crate::i18n::Lang::Nl => e.message_nl.clone(),
            crate::i18n::Lang::En => e.message_en.clone(),
        }
    }
}

pub async fn import_form(ctx: Ctx) -> Response {
    render(&ImportPage {
        page: ctx.page("schools"),
        errors: Vec::new(),
        imported: None,
    })
}

/// Reads the uploaded CSV and imports all rows or none.
pub async fn import_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    mut multipart: Multipart,
) -> Response {
    let mut bytes = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) if field.name() == Some("file") => match field.bytes().await {
                Ok(b) => bytes = Some(b),
                Err(_) => {
                    return page_error(&ctx, AppError::BadRequest("upload unreadable".into()));
                }
            },
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => return page_error(&ctx, AppError::BadRequest("upload unreadable".into())),
        }
    }
    let Some(bytes) = bytes.filter(|b| !b.is_empty()) else {
        let mut res = render(&ImportPage {
            page: ctx.page("schools"),
            errors: vec![RowError {
                row: 0,
                field: "file".into(),
                message_nl: "Kies een CSV-bestand.".into(),
                message_en: "Choose a CSV file.".into(),
            }],
            imported: None,
        });
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return res;
    };
    match usecase::school::import_schools(&state, &ctx, &bytes).await {
        Ok(n) => render(&ImportPage {
            page: ctx.page("schools"),
            errors: Vec::new(),
            imported: Some(n),
        }),
        Err(errors) => {
            let mut res = render(&ImportPage {
                page: ctx.page("schools"),
                errors,
                imported: None,
            });
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
    }
}

pub async fn arrangement_set(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ArrangementForm>,
) -> Response {
    match usecase::school::set_arrangement(
        &state,
        &ctx,
        id,
        form.kind.trim(),
        form.school_year.trim(),
    )
    .await
    {
        Ok(()) => Redirect::to(&format!("/schools/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => match school_view(&state, &ctx, id, None, None, Some(o), false).await {
                Ok(v) => render_admin(ctx.page("schools"), &v),
                Err(e) => page_error(&ctx, e),
            },
            Err(e) => page_error(&ctx, e),
        },
    }
}
