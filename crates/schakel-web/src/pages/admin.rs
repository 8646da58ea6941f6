//! Configuration pages: municipalities, organisations, teams, workers, assignments.

use super::form::{Form, number, ticked, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::{self, organisation::MunicipalityInput, organisation::OrganisationInput};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::{Lang, Role};
use serde::{Deserialize, Serialize};

use super::form::Values;

#[derive(Deserialize, Default)]
pub struct Saved {
    pub saved: Option<String>,
}

/// What an edit that failed should show: field errors, or the conflict with the user's own values.
pub enum Outcome {
    Errors(FormErrors, Values),
    Conflict(Values),
}

/// Splits an error of a form submission into what the page shows and what becomes an error page.
pub fn form_outcome(e: AppError, values: Values) -> Result<Outcome, AppError> {
    match e {
        AppError::Validation(errors) => Ok(Outcome::Errors(FormErrors(errors), values)),
        AppError::Conflict { .. } => Ok(Outcome::Conflict(values)),
        other => Err(other),
    }
}

/// The user's values as label/value pairs, for the conflict message.
pub fn conflict_facts(form: &FormSpec, values: &Values) -> Vec<(String, String)> {
    let sent = |name: &str| {
        values
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
    };
    form.fields
        .iter()
        .filter(|f| f.kind != "hidden")
        .map(|f| {
            let shown = if f.kind == "checkbox" {
                if matches!(sent(f.name), Some("on" | "true")) {
                    "✓".into()
                } else {
                    "–".into()
                }
            } else {
                sent(f.name).unwrap_or_default().to_string()
            };
            (f.label.clone(), shown)
        })
        .collect()
}

pub(super) fn apply(view: &mut AdminView, form: FormSpec, outcome: Option<Outcome>, ctx: &Ctx) {
    let form = match outcome {
        Some(Outcome::Errors(errors, values)) => {
            form.with_values(&values).with_errors(&errors, ctx.lang)
        }
        Some(Outcome::Conflict(values)) => {
            view.conflict = Some(conflict_facts(&form, &values));
            form
        }
        None => form,
    };
    view.forms.push(form);
}

pub(super) fn respond(ctx: &Ctx, r: Result<AdminView, AppError>) -> Response {
    match r {
        Ok(v) => render_admin(ctx.page(nav_of(&v.page_id)), &v),
        Err(e) => page_error(ctx, e),
    }
}

pub(super) fn nav_of(page_id: &str) -> &'static str {
    for key in [
        "municipalit",
        "organisation",
        "team",
        "worker",
        "assignment",
        "school",
    ] {
        if page_id.starts_with(key) {
            return match key {
                "municipalit" => "municipalities",
                "organisation" => "organisations",
                "team" => "teams",
                "worker" => "workers",
                "assignment" => "assignments",
                _ => "schools",
            };
        }
    }
    ""
}

// ---------- municipalities ----------

fn municipality_form(
    ctx: &Ctx,
    action: String,
    cbs: &str,
    name: &str,
    version: Option<i64>,
    title_key: &str,
) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "municipality",
        title: t(title_key).into(),
        action,
        submit: t("common.save").into(),
        version,
        fields: vec![
            Field::new("cbs_code", t("field.cbs_code"), "text", cbs).hint(t("hint.cbs_code")),
            Field::new("name", t("field.name"), "text", name),
        ],
        ..Default::default()
    }
}

async fn municipalities_view(
    state: &AppState,
    ctx: &Ctx,
    outcome: Option<Outcome>,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let list = usecase::organisation::municipalities(state, p).await?;
    let mut v = AdminView {
        title: t("nav.municipalities").into(),
        page_id: "municipalities".into(),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.municipalities").into(),
        headers: vec![t("field.cbs_code").into(), t("field.name").into()],
        rows: list
            .iter()
            .map(|m| {
                vec![
                    Cell::text(&m.cbs_code),
                    Cell::link(&m.name, format!("/municipalities/{}", m.id)),
                ]
            })
            .collect(),
        pagination: None,
    });
    if p.role == Role::FunctionalAdmin {
        apply(
            &mut v,
            municipality_form(
                ctx,
                "/municipalities".into(),
                "",
                "",
                None,
                "municipality.new",
            ),
            outcome,
            ctx,
        );
    }
    Ok(v)
}

pub async fn municipalities(State(state): State<AppState>, ctx: Ctx) -> Response {
    respond(&ctx, municipalities_view(&state, &ctx, None).await)
}

/// The municipality form as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct MunicipalityForm {
    pub cbs_code: String,
    pub name: String,
    pub version: String,
}

impl MunicipalityForm {
    fn input(&self) -> MunicipalityInput {
        MunicipalityInput {
            cbs_code: trim(&self.cbs_code),
            name: trim(&self.name),
            version: number(&self.version),
        }
    }
}

pub async fn municipality_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<MunicipalityForm>,
) -> Response {
    let input = MunicipalityInput {
        version: None,
        ..form.input()
    };
    match usecase::organisation::create_municipality(&state, &ctx, &input).await {
        Ok(m) => Redirect::to(&format!("/municipalities/{}?saved=1", m.id)).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => respond(&ctx, municipalities_view(&state, &ctx, Some(o)).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

async fn municipality_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    outcome: Option<Outcome>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let m = usecase::organisation::municipality(state, p, id).await?;
    let (schools, total) = usecase::school::schools(
        state,
        p,
        schakel_store::SchoolFilter {
            municipality_id: Some(id),
            limit: 1,
            ..Default::default()
        },
    )
    .await?;
    drop(schools);
    let mut v = AdminView {
        title: m.name.clone(),
        page_id: "municipality".into(),
        breadcrumbs: vec![("/municipalities".into(), t("nav.municipalities").into())],
        facts: vec![
            (t("field.cbs_code").into(), m.cbs_code.clone()),
            (t("count.schools").into(), total.to_string()),
        ],
        links: vec![(
            format!("/schools?municipality_id={id}"),
            t("municipality.schools_link").into(),
        )],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    if p.role == Role::FunctionalAdmin {
        apply(
            &mut v,
            municipality_form(
                ctx,
                format!("/municipalities/{id}"),
                &m.cbs_code,
                &m.name,
                Some(m.version),
                "common.edit",
            ),
            outcome,
            ctx,
        );
    }
    Ok(v)
}

pub async fn municipality_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Response {
    respond(
        &ctx,
        municipality_view(&state, &ctx, id, None, q.saved.is_some()).await,
    )
}

pub async fn municipality_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<MunicipalityForm>,
) -> Response {
    match usecase::organisation::update_municipality(&state, &ctx, id, &form.input()).await {
        Ok(_) => Redirect::to(&format!("/municipalities/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => respond(
                &ctx,
                municipality_view(&state, &ctx, id, Some(o), false).await,
            ),
            Err(e) => page_error(&ctx, e),
        },
    }
}

// ---------- organisations ----------

fn organisation_form(
    ctx: &Ctx,
    action: String,
    o: Option<&schakel_store::Organisation>,
    municipality_code: &str,
    title_key: &str,
) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "organisation",
        title: t(title_key).into(),
        action,
        submit: t("common.save").into(),
        version: o.map(|o| o.version),
        fields: vec![
            Field::new(
                "name",
                t("field.name"),
                "text",
                o.map(|o| o.name.clone()).unwrap_or_default(),
            ),
            Field::new(
                "municipality_code",
                t("field.municipality_code"),
                "text",
                municipality_code,
            )
            .optional()
            .hint(t("hint.cbs_code")),
            Field::new(
                "smw_plus",
                t("field.smw_plus"),
                "checkbox",
                if o.is_some_and(|o| *o.smw_plus) {
                    "on"
                } else {
                    ""
                },
            ),
        ],
        ..Default::default()
    }
}

async fn organisations_view(
    state: &AppState,
    ctx: &Ctx,
    outcome: Option<Outcome>,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let list = usecase::organisation::organisations(state, p).await?;
    let municipalities = state.store().list_municipalities().await?;
    let mut v = AdminView {
        title: t("nav.organisations").into(),
        page_id: "organisations".into(),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.organisations").into(),
        headers: vec![
            t("field.name").into(),
            t("field.municipality").into(),
            t("field.smw_plus").into(),
        ],
        rows: list
            .iter()
            .map(|o| {
                let m = municipalities
                    .iter()
                    .find(|m| Some(m.id) == o.municipality_id)
                    .map(|m| m.name.clone())
                    .unwrap_or_default();
                vec![
                    Cell::link(&o.name, format!("/organisations/{}", o.id)),
                    Cell::text(m),
                    Cell::text(if *o.smw_plus {
                        t("common.yes")
                    } else {
                        t("common.no")
                    }),
                ]
            })
            .collect(),
        pagination: None,
    });
    if p.role == Role::FunctionalAdmin {
        apply(
            &mut v,
            organisation_form(ctx, "/organisations".into(), None, "", "organisation.new"),
            outcome,
            ctx,
        );
    }
    Ok(v)
}

pub async fn organisations(State(state): State<AppState>, ctx: Ctx) -> Response {
    respond(&ctx, organisations_view(&state, &ctx, None).await)
}

/// The organisation form as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct OrganisationForm {
    pub name: String,
    pub municipality_code: String,
    pub smw_plus: Option<String>,
    pub version: String,
}

impl OrganisationForm {
    fn input(&self) -> OrganisationInput {
        OrganisationInput {
            name: trim(&self.name),
            municipality_code: Some(trim(&self.municipality_code)),
            smw_plus: ticked(&self.smw_plus),
            version: number(&self.version),
        }
    }
}

pub async fn organisation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<OrganisationForm>,
) -> Response {
    match usecase::organisation::create_organisation(&state, &ctx, &form.input()).await {
        Ok(o) => Redirect::to(&format!("/organisations/{}?saved=1", o.id)).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => respond(&ctx, organisations_view(&state, &ctx, Some(o)).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

async fn organisation_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    outcome: Option<Outcome>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let o = usecase::organisation::organisation(state, p, id).await?;
    let code = match o.municipality_id {
        Some(mid) => state.store().municipality(mid).await?.cbs_code,
        None => String::new(),
    };
    let teams = state.store().list_teams(Some(id)).await?;
    let mut v = AdminView {
        title: o.name.clone(),
        page_id: "organisation".into(),
        breadcrumbs: vec![("/organisations".into(), t("nav.organisations").into())],
        facts: vec![
            (t("field.municipality_code").into(), code.clone()),
            (
                t("field.smw_plus").into(),
                if *o.smw_plus {
                    t("common.yes")
                } else {
                    t("common.no")
                }
                .into(),
            ),
            (
                t("nav.teams").into(),
                teams
                    .iter()
                    .map(|t| t.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    if p.administers_organisation(id) {
        v.links.push((
            format!("/organisations/{id}/casework"),
            t("casework_config.title").into(),
        ));
        v.links.push((
            format!("/organisations/{id}/group-activity-kinds"),
            t("group_kinds.title").into(),
        ));
        apply(
            &mut v,
            organisation_form(
                ctx,
                format!("/organisations/{id}"),
                Some(&o),
                &code,
                "common.edit",
            ),
            outcome,
            ctx,
        );
    }
    Ok(v)
}

pub async fn organisation_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Response {
    respond(
        &ctx,
        organisation_view(&state, &ctx, id, None, q.saved.is_some()).await,
    )
}

pub async fn organisation_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<OrganisationForm>,
) -> Response {
    match usecase::organisation::update_organisation(&state, &ctx, id, &form.input()).await {
        Ok(_) => Redirect::to(&format!("/organisations/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => respond(
                &ctx,
                organisation_view(&state, &ctx, id, Some(o), false).await,
            ),
            Err(e) => page_error(&ctx, e),
        },
    }
}

// ---------- casework configuration ----------

/// The casework settings as typed; the lists one term a line.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct CaseworkConfigForm {
    pub version: String,
    pub case_prefix: String,
    pub review_weeks: String,
    pub closure_needs_approval: Option<String>,
    pub mandate_needs_approval: Option<String>,
    /// Left out of an older form: the default; given but not a number: refused by the check.
    #[serde(default = "default_max_months")]
    pub mandate_max_months: String,
    pub gas_min: String,
    /// Left out of an older form: unchanged.
    pub figures_threshold: Option<String>,
    pub case_norm_weeks: Option<String>,
    pub onward_norm_weeks: Option<String>,
    pub signals: String,
    pub goal_themes: String,
}

fn default_max_months() -> String {
    schakel_domain::mandate::DEFAULT_MAX_MONTHS.to_string()
}

/// A whole number the form asks for: `None` when the field was not on the form (unchanged); a text that is no
/// number is named in `unreadable`.
fn setting_number(
    field: &str,
    typed: &Option<String>,
    unreadable: &mut Vec<schakel_domain::org::FieldError>,
) -> Option<i64> {
    let typed = typed.as_deref()?;
    let n = number(typed);
    if n.is_none() {
        unreadable.push(schakel_domain::org::FieldError::new(
            field,
            "Vul een heel getal in.",
            "Enter a whole number.",
        ));
    }
    n
}

/// The monitoring settings of the casework form: the funders' threshold and the team dashboard's norms.
fn monitoring_fields(s: &schakel_store::OrganisationSettings, lang: Lang) -> Vec<Field> {
    let t = |k| lang.t(k);
    vec![
        Field::new(
            "figures_threshold",
            t("casework_config.figures_threshold"),
            "number",
            s.figures_threshold.to_string(),
        )
        .range("5", "50", "1")
        .hint(t("casework_config.figures_threshold_hint")),
        Field::new(
            "case_norm_weeks",
            t("casework_config.case_norm_weeks"),
            "number",
            s.case_norm_weeks.to_string(),
        )
        .range("1", "104", "1")
        .hint(t("casework_config.case_norm_weeks_hint")),
        Field::new(
            "onward_norm_weeks",
            t("casework_config.onward_norm_weeks"),
            "number",
            s.onward_norm_weeks.to_string(),
        )
        .range("1", "104", "1")
        .hint(t("casework_config.onward_norm_weeks_hint")),
    ]
}

impl CaseworkConfigForm {
    fn input(&self) -> crate::usecase::config::CaseworkConfigInput {
        let lines = |s: &str| -> Vec<String> { s.trim().lines().map(str::to_string).collect() };
        let mut unreadable = Vec::new();
        crate::usecase::config::CaseworkConfigInput {
            version: number(&self.version),
            case_prefix: trim(&self.case_prefix),
            review_weeks: number(&self.review_weeks),
            closure_needs_approval: ticked(&self.closure_needs_approval),
            mandate_needs_approval: ticked(&self.mandate_needs_approval),
            mandate_max_months: number(&self.mandate_max_months),
            gas_min: number(&self.gas_min),
            figures_threshold: setting_number(
                "figures_threshold",
                &self.figures_threshold,
                &mut unreadable,
            ),
            case_norm_weeks: setting_number(
                "case_norm_weeks",
                &self.case_norm_weeks,
                &mut unreadable,
            ),
            onward_norm_weeks: setting_number(
                "onward_norm_weeks",
                &self.onward_norm_weeks,
                &mut unreadable,
            ),
            signals: lines(&self.signals),
            goal_themes: lines(&self.goal_themes),
            unreadable,
        }
    }
}

async fn casework_config_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    outcome: Option<Outcome>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let c = crate::usecase::config::casework_config(state, ctx, id).await?;
    let active = |terms: &[schakel_store::TaxonomyTerm]| -> String {
        terms
            .iter()
            .filter(|t| *t.active)
            .map(|t| t.label.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let retired = |terms: &[schakel_store::TaxonomyTerm]| -> String {
        terms
            .iter()
            .filter(|t| !*t.active)
            .map(|t| t.label.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut v = AdminView {
        title: t("casework_config.title").into(),
        page_id: "organisation-casework".into(),
        breadcrumbs: vec![
            ("/organisations".into(), t("nav.organisations").into()),
            (format!("/organisations/{id}"), t("nav.organisation").into()),
        ],
        lead: t("casework_config.intro").into(),
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    for (label, terms) in [
        (t("casework_config.retired_signals"), &c.signals),
        (t("casework_config.retired_goal_themes"), &c.goal_themes),
    ] {
        let r = retired(terms);
        if !r.is_empty() {
            v.facts.push((label.into(), r));
        }
    }
    let s = &c.settings;
    let flag = |b: bool| if b { "on" } else { "" };
    let form = FormSpec {
        id: "casework",
        title: t("casework_config.title").into(),
        action: format!("/organisations/{id}/casework"),
        submit: t("common.save").into(),
        version: Some(c.version),
        fields: vec![
            Field::new(
                "case_prefix",
                t("casework_config.case_prefix"),
                "text",
                s.case_prefix.clone(),
            )
            .hint(t("casework_config.case_prefix_hint")),
            Field::new(
                "review_weeks",
                t("casework_config.review_weeks"),
                "number",
                s.review_weeks.to_string(),
            )
            .hint(t("casework_config.review_weeks_hint")),
            Field::new(
                "closure_needs_approval",
                t("casework_config.closure_needs_approval"),
                "checkbox",
                flag(*s.closure_needs_approval),
            ),
            Field::new(
                "mandate_needs_approval",
                t("casework_config.mandate_needs_approval"),
                "checkbox",
                flag(*s.mandate_needs_approval),
            ),
            Field::new(
                "mandate_max_months",
                t("casework_config.mandate_max_months"),
                "number",
                s.mandate_max_months.to_string(),
            )
            .hint(t("casework_config.mandate_max_months_hint")),
            Field::new(
                "gas_min",
                t("casework_config.gas_min"),
                "select",
                s.gas_min.to_string(),
            )
            .options(vec![
                ("-2".into(), "−2 … +2".into()),
                ("-3".into(), "−3 … +2".into()),
            ]),
            Field::new(
                "signals",
                t("referrals.signals"),
                "textarea",
                active(&c.signals),
            )
            .hint(t("casework_config.list_hint")),
            Field::new(
                "goal_themes",
                t("casework_config.goal_themes"),
                "textarea",
                active(&c.goal_themes),
            )
            .hint(t("casework_config.list_hint")),
        ],
        ..Default::default()
    };
    let mut form = form;
    let lists = form.fields.split_off(form.fields.len().saturating_sub(2));
    form.fields.extend(monitoring_fields(s, ctx.lang));
    form.fields.extend(lists);
    apply(&mut v, form, outcome, ctx);
    Ok(v)
}

pub async fn casework_config_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Response {
    respond(
        &ctx,
        casework_config_view(&state, &ctx, id, None, q.saved.is_some()).await,
    )
}

pub async fn casework_config_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<CaseworkConfigForm>,
) -> Response {
    match crate::usecase::config::update_casework_config(&state, &ctx, id, &form.input()).await {
        Ok(_) => Redirect::to(&format!("/organisations/{id}/casework?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => respond(
                &ctx,
                casework_config_view(&state, &ctx, id, Some(o), false).await,
            ),
            Err(e) => page_error(&ctx, e),
        },
    }
}
