//! Configuration pages: municipalities, organisations, teams, workers, assignments.

use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, format_number, format_short_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::{
    self, organisation::MunicipalityInput, organisation::OrganisationInput,
    organisation::TeamInput, organisation::WorkerInput, school::AssignmentInput,
};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use serde::Deserialize;

pub type Values = Vec<(String, String)>;

pub fn val(values: &Values, name: &str) -> String {
    values
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_default()
}
fn opt_i64(values: &Values, name: &str) -> Option<i64> {
    val(values, name).parse().ok()
}
fn checked(values: &Values, name: &str) -> bool {
    values
        .iter()
        .any(|(k, v)| k == name && (v == "on" || v == "true"))
}

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
    form.fields
        .iter()
        .map(|f| {
            (
                f.label.clone(),
                if f.kind == "checkbox" {
                    if checked(values, f.name) {
                        "✓".into()
                    } else {
                        "–".into()
                    }
                } else {
                    val(values, f.name)
                },
            )
        })
        .collect()
}

fn apply(view: &mut AdminView, form: FormSpec, outcome: Option<Outcome>, ctx: &Ctx) {
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

fn respond(ctx: &Ctx, r: Result<AdminView, AppError>) -> Response {
    match r {
        Ok(v) => render_admin(ctx.page(nav_of(&v.page_id)), &v),
        Err(e) => page_error(ctx, e),
    }
}

fn nav_of(page_id: &str) -> &'static str {
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

pub async fn municipality_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(values): Form<Values>,
) -> Response {
    let input = MunicipalityInput {
        cbs_code: val(&values, "cbs_code"),
        name: val(&values, "name"),
        version: None,
    };
    match usecase::organisation::create_municipality(&state, &ctx, &input).await {
        Ok(m) => Redirect::to(&format!("/municipalities/{}?saved=1", m.id)).into_response(),
        Err(e) => match form_outcome(e, values) {
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
    Form(values): Form<Values>,
) -> Response {
    let input = MunicipalityInput {
        cbs_code: val(&values, "cbs_code"),
        name: val(&values, "name"),
        version: opt_i64(&values, "version"),
    };
    match usecase::organisation::update_municipality(&state, &ctx, id, &input).await {
        Ok(_) => Redirect::to(&format!("/municipalities/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values) {
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

fn organisation_input(values: &Values) -> OrganisationInput {
    OrganisationInput {
        name: val(values, "name"),
        municipality_code: Some(val(values, "municipality_code")),
        smw_plus: checked(values, "smw_plus"),
        version: opt_i64(values, "version"),
    }
}

pub async fn organisation_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(values): Form<Values>,
) -> Response {
    match usecase::organisation::create_organisation(&state, &ctx, &organisation_input(&values))
        .await
    {
        Ok(o) => Redirect::to(&format!("/organisations/{}?saved=1", o.id)).into_response(),
        Err(e) => match form_outcome(e, values) {
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
    Form(values): Form<Values>,
) -> Response {
    match usecase::organisation::update_organisation(&state, &ctx, id, &organisation_input(&values))
        .await
    {
        Ok(_) => Redirect::to(&format!("/organisations/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values) {
            Ok(o) => respond(
                &ctx,
                organisation_view(&state, &ctx, id, Some(o), false).await,
            ),
            Err(e) => page_error(&ctx, e),
        },
    }
}

// ---------- casework configuration ----------

fn casework_config_input(values: &Values) -> crate::usecase::config::CaseworkConfigInput {
    let lines =
        |name: &str| -> Vec<String> { val(values, name).lines().map(str::to_string).collect() };
    crate::usecase::config::CaseworkConfigInput {
        version: opt_i64(values, "version"),
        case_prefix: val(values, "case_prefix"),
        review_weeks: val(values, "review_weeks").parse().unwrap_or(0),
        closure_needs_approval: checked(values, "closure_needs_approval"),
        mandate_needs_approval: checked(values, "mandate_needs_approval"),
        // Left out of an older form: the default; given but not a number: refused by the check.
        mandate_max_months: if values.iter().any(|(k, _)| k == "mandate_max_months") {
            val(values, "mandate_max_months")
                .trim()
                .parse()
                .unwrap_or(0)
        } else {
            schakel_domain::mandate::DEFAULT_MAX_MONTHS
        },
        gas_min: val(values, "gas_min").parse().unwrap_or(0),
        signals: lines("signals"),
        goal_themes: lines("goal_themes"),
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
    Form(values): Form<Values>,
) -> Response {
    match crate::usecase::config::update_casework_config(
        &state,
        &ctx,
        id,
        &casework_config_input(&values),
    )
    .await
    {
        Ok(_) => Redirect::to(&format!("/organisations/{id}/casework?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values) {
            Ok(o) => respond(
                &ctx,
                casework_config_view(&state, &ctx, id, Some(o), false).await,
            ),
            Err(e) => page_error(&ctx, e),
        },
    }
}

// ---------- teams ----------

fn team_form(
    ctx: &Ctx,
    action: String,
    name: &str,
    version: Option<i64>,
    title_key: &str,
) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "team",
        title: t(title_key).into(),
        action,
        submit: t("common.save").into(),
        version,
        fields: vec![Field::new("name", t("field.name"), "text", name)],
        ..Default::default()
    }
}

async fn teams_view(
    state: &AppState,
    ctx: &Ctx,
    outcome: Option<Outcome>,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let list = usecase::organisation::teams(state, p).await?;
    let mut v = AdminView {
        title: t("nav.teams").into(),
        page_id: "teams".into(),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.teams").into(),
        headers: vec![t("field.name").into()],
        rows: list
            .iter()
            .map(|tm| vec![Cell::link(&tm.name, format!("/teams/{}", tm.id))])
            .collect(),
        pagination: None,
    });
    if p.role == Role::FunctionalAdmin {
        apply(
            &mut v,
            team_form(ctx, "/teams".into(), "", None, "team.new"),
            outcome,
            ctx,
        );
    }
    Ok(v)
}

pub async fn teams(State(state): State<AppState>, ctx: Ctx) -> Response {
    respond(&ctx, teams_view(&state, &ctx, None).await)
}

pub async fn team_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(values): Form<Values>,
) -> Response {
    match usecase::organisation::create_team(
        &state,
        &ctx,
        &TeamInput {
            name: val(&values, "name"),
            version: None,
        },
    )
    .await
    {
        Ok(tm) => Redirect::to(&format!("/teams/{}?saved=1", tm.id)).into_response(),
        Err(e) => match form_outcome(e, values) {
            Ok(o) => respond(&ctx, teams_view(&state, &ctx, Some(o)).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

async fn team_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    outcome: Option<Outcome>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let team = usecase::organisation::team(state, p, id).await?;
    let workers = state.store().workers_of_team(id).await?;
    state
        .log(ctx.event(
            schakel_domain::audit::AuditAction::Read,
            "team",
            Some(id.to_string()),
            "ok",
        ))
        .await?;
    let mut v = AdminView {
        title: team.name.clone(),
        page_id: "team".into(),
        breadcrumbs: vec![("/teams".into(), t("nav.teams").into())],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.workers").into(),
        headers: vec![
            t("field.name").into(),
            t("field.email").into(),
            t("field.mandate").into(),
        ],
        rows: workers
            .iter()
            .map(|w| {
                vec![
                    Cell::link(&w.name, format!("/workers/{}", w.id)),
                    Cell::text(&w.email),
                    Cell::text(if *w.may_authorise_youth_care {
                        t("common.yes")
                    } else {
                        t("common.no")
                    }),
                ]
            })
            .collect(),
        pagination: None,
    });
    if p.administers_organisation(team.organisation_id) {
        apply(
            &mut v,
            team_form(
                ctx,
                format!("/teams/{id}"),
                &team.name,
                Some(team.version),
                "common.edit",
            ),
            outcome,
            ctx,
        );
    }
    Ok(v)
}

pub async fn team_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Response {
    respond(
        &ctx,
        team_view(&state, &ctx, id, None, q.saved.is_some()).await,
    )
}

pub async fn team_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = TeamInput {
        name: val(&values, "name"),
        version: opt_i64(&values, "version"),
    };
    match usecase::organisation::update_team(&state, &ctx, id, &input).await {
        Ok(_) => Redirect::to(&format!("/teams/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values) {
            Ok(o) => respond(&ctx, team_view(&state, &ctx, id, Some(o), false).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

// ---------- workers ----------

async fn worker_form(
    state: &AppState,
    ctx: &Ctx,
    action: String,
    w: Option<&schakel_store::Worker>,
    title_key: &str,
) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let org = usecase::input::staff_scope(ctx.principal()?)?;
    let mut team_options = vec![(String::new(), t("common.none_selected").to_string())];
    team_options.extend(
        state
            .store()
            .list_teams(Some(org))
            .await?
            .into_iter()
            .map(|tm| (tm.id.to_string(), tm.name)),
    );
    Ok(FormSpec {
        id: "worker",
        title: t(title_key).into(),
        action,
        submit: t("common.save").into(),
        version: w.map(|w| w.version),
        fields: vec![
            Field::new(
                "name",
                t("field.name"),
                "text",
                w.map(|w| w.name.clone()).unwrap_or_default(),
            ),
            Field::new(
                "email",
                t("field.email"),
                "email",
                w.map(|w| w.email.clone()).unwrap_or_default(),
            )
            .optional(),
            Field::new(
                "team_id",
                t("field.team"),
                "select",
                w.and_then(|w| w.team_id)
                    .map(|i| i.to_string())
                    .unwrap_or_default(),
            )
            .optional()
            .options(team_options),
            Field::new(
                "registration_number",
                t("field.registration_number"),
                "text",
                w.and_then(|w| w.registration_number.clone())
                    .unwrap_or_default(),
            )
            .optional()
            .hint(t("hint.registration_number")),
            Field::new(
                "may_authorise_youth_care",
                t("field.mandate"),
                "checkbox",
                if w.is_some_and(|w| *w.may_authorise_youth_care) {
                    "on"
                } else {
                    ""
                },
            ),
            Field::new(
                "active",
                t("field.active"),
                "checkbox",
                if w.is_none_or(|w| *w.active) {
                    "on"
                } else {
                    ""
                },
            ),
        ],
        ..Default::default()
    })
}

fn worker_input(values: &Values) -> WorkerInput {
    WorkerInput {
        name: val(values, "name"),
        email: val(values, "email"),
        team_id: opt_i64(values, "team_id"),
        registration_number: Some(val(values, "registration_number")),
        may_authorise_youth_care: checked(values, "may_authorise_youth_care"),
        active: checked(values, "active"),
        version: opt_i64(values, "version"),
    }
}

async fn workers_view(
    state: &AppState,
    ctx: &Ctx,
    outcome: Option<Outcome>,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let list = usecase::organisation::workers(state, ctx).await?;
    let teams = state.store().list_teams(p.organisation_id).await?;
    let mut v = AdminView {
        title: t("nav.workers").into(),
        page_id: "workers".into(),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.workers").into(),
        headers: vec![
            t("field.name").into(),
            t("field.team").into(),
            t("field.email").into(),
            t("field.mandate").into(),
            t("field.active").into(),
        ],
        rows: list
            .iter()
            .map(|w| {
                let team = teams
                    .iter()
                    .find(|tm| Some(tm.id) == w.team_id)
                    .map(|tm| tm.name.clone())
                    .unwrap_or_default();
                vec![
                    Cell::link(&w.name, format!("/workers/{}", w.id)),
                    Cell::text(team),
                    Cell::text(&w.email),
                    Cell::text(if *w.may_authorise_youth_care {
                        t("common.yes")
                    } else {
                        t("common.no")
                    }),
                    Cell::text(if *w.active {
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
        let form = worker_form(state, ctx, "/workers".into(), None, "worker.new").await?;
        apply(&mut v, form, outcome, ctx);
    }
    Ok(v)
}

pub async fn workers(State(state): State<AppState>, ctx: Ctx) -> Response {
    respond(&ctx, workers_view(&state, &ctx, None).await)
}

pub async fn worker_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(values): Form<Values>,
) -> Response {
    match usecase::organisation::create_worker(&state, &ctx, &worker_input(&values)).await {
        Ok(w) => Redirect::to(&format!("/workers/{}?saved=1", w.id)).into_response(),
        Err(e) => match form_outcome(e, values) {
            Ok(o) => respond(&ctx, workers_view(&state, &ctx, Some(o)).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

async fn worker_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    outcome: Option<Outcome>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let w = usecase::organisation::worker(state, ctx, id).await?;
    let assignments = state.store().list_assignments(None, Some(id), None).await?;
    let mut v = AdminView {
        title: w.name.clone(),
        page_id: "worker".into(),
        breadcrumbs: vec![("/workers".into(), t("nav.workers").into())],
        facts: vec![
            (t("field.email").into(), w.email.clone()),
            (
                t("field.registration_number").into(),
                w.registration_number.clone().unwrap_or_default(),
            ),
            (
                t("field.mandate").into(),
                if *w.may_authorise_youth_care {
                    t("common.yes")
                } else {
                    t("common.no")
                }
                .into(),
            ),
        ],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    v.tables.push(assignment_table(ctx, &assignments, false));
    if p.administers_organisation(w.organisation_id) {
        let form = worker_form(
            state,
            ctx,
            format!("/workers/{id}"),
            Some(&w),
            "common.edit",
        )
        .await?;
        apply(&mut v, form, outcome, ctx);
    }
    Ok(v)
}

pub async fn worker_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> Response {
    respond(
        &ctx,
        worker_view(&state, &ctx, id, None, q.saved.is_some()).await,
    )
}

pub async fn worker_update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    match usecase::organisation::update_worker(&state, &ctx, id, &worker_input(&values)).await {
        Ok(_) => Redirect::to(&format!("/workers/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values) {
            Ok(o) => respond(&ctx, worker_view(&state, &ctx, id, Some(o), false).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

// ---------- assignments ----------

pub fn assignment_table(ctx: &Ctx, list: &[schakel_store::Assignment], with_worker: bool) -> Table {
    let t = |k| ctx.lang.t(k);
    let mut headers = vec![t("field.school").to_string()];
    if with_worker {
        headers.push(t("field.worker").into());
    }
    headers.extend([
        t("field.hours_per_week").into(),
        t("field.starts_on").into(),
        t("field.ends_on").into(),
    ]);
    Table {
        caption: t("nav.assignments").into(),
        headers,
        rows: list
            .iter()
            .map(|a| {
                let mut row = vec![Cell::link(
                    format!("{} ({})", a.school_name, a.school_code),
                    format!("/schools/{}", a.school_id),
                )];
                if with_worker {
                    row.push(Cell::link(
                        &a.worker_name,
                        format!("/workers/{}", a.worker_id),
                    ));
                }
                row.push(Cell::text(match a.hours_per_week {
                    Some(h) => format_number(h, 2, ctx.lang),
                    None => t("home.as_needed").into(),
                }));
                row.push(Cell::text(format_short_date(&a.starts_on, ctx.lang)));
                row.push(Cell::text(
                    a.ends_on
                        .as_deref()
                        .map(|d| format_short_date(d, ctx.lang))
                        .unwrap_or_default(),
                ));
                row
            })
            .collect(),
        pagination: None,
    }
}

async fn assignments_view(
    state: &AppState,
    ctx: &Ctx,
    outcome: Option<Outcome>,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let list = usecase::school::assignments(state, ctx).await?;
    let mut v = AdminView {
        title: t("nav.assignments").into(),
        page_id: "assignments".into(),
        lead: t("assignment.lead").into(),
        ..Default::default()
    };
    v.tables.push(assignment_table(ctx, &list, true));
    if p.role == Role::FunctionalAdmin {
        let workers = state.store().list_workers(p.organisation_id).await?;
        let form = FormSpec {
            id: "assignment",
            title: t("assignment.new").into(),
            action: "/assignments".into(),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("worker_id", t("field.worker"), "select", "").options(
                    workers
                        .into_iter()
                        .map(|w| (w.id.to_string(), w.name))
                        .collect(),
                ),
                Field::new("school_code", t("field.school_code"), "text", "")
                    .hint(t("hint.school_code")),
                Field::new("hours_per_week", t("field.hours_per_week"), "text", "")
                    .optional()
                    .hint(t("hint.hours_per_week")),
                Field::new("starts_on", t("field.starts_on"), "date", ""),
                Field::new("ends_on", t("field.ends_on"), "date", "").optional(),
            ],
            ..Default::default()
        };
        apply(&mut v, form, outcome, ctx);
    }
    Ok(v)
}

pub async fn assignments(State(state): State<AppState>, ctx: Ctx) -> Response {
    respond(&ctx, assignments_view(&state, &ctx, None).await)
}

pub async fn assignment_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(values): Form<Values>,
) -> Response {
    let hours = val(&values, "hours_per_week");
    let hours_parsed = if hours.is_empty() {
        Ok(None)
    } else {
        hours.replace(',', ".").parse::<f64>().map(Some)
    };
    let result = match hours_parsed {
        Err(_) => Err(AppError::Validation(vec![
            schakel_domain::org::FieldError::new(
                "hours_per_week",
                "Geef uren per week als getal, bijvoorbeeld 2,5.",
                "Give hours per week as a number, e.g. 2.5.",
            ),
        ])),
        Ok(hours_per_week) => {
            let input = AssignmentInput {
                worker_id: opt_i64(&values, "worker_id"),
                school_code: val(&values, "school_code"),
                hours_per_week,
                starts_on: val(&values, "starts_on"),
                ends_on: Some(val(&values, "ends_on")),
            };
            usecase::school::create_assignment(&state, &ctx, &input).await
        }
    };
    match result {
        Ok(_) => Redirect::to("/assignments").into_response(),
        Err(e) => match form_outcome(e, values) {
            Ok(o) => respond(&ctx, assignments_view(&state, &ctx, Some(o)).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

pub async fn assignment_end(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    match usecase::school::end_assignment(
        &state,
        &ctx,
        id,
        opt_i64(&values, "version"),
        &val(&values, "ends_on"),
    )
    .await
    {
        Ok(()) => Redirect::to("/assignments").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}
