//! Staff pages of the functional admin: teams, workers and their assignments to schools.
use super::form::{Form, decimal, number, ticked, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table};
use super::{format_number, format_short_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::{
    self, organisation::TeamInput, organisation::WorkerInput, school::AssignmentInput,
};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::org::FieldError;
use serde::{Deserialize, Serialize};

use super::admin::*;

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
    Form(form): Form<TeamForm>,
) -> Response {
    let input = TeamInput {
        version: None,
        ..form.input()
    };
    match usecase::organisation::create_team(&state, &ctx, &input).await {
        Ok(tm) => Redirect::to(&format!("/teams/{}?saved=1", tm.id)).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
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
    Form(form): Form<TeamForm>,
) -> Response {
    match usecase::organisation::update_team(&state, &ctx, id, &form.input()).await {
        Ok(_) => Redirect::to(&format!("/teams/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
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
                "contract_hours",
                t("field.contract_hours"),
                "number",
                w.and_then(|w| w.contract_hours)
                    .map(|h| h.to_string())
                    .unwrap_or_default(),
            )
            .optional()
            .range("0", "40", "0.5")
            .hint(t("hint.contract_hours")),
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

/// The worker form as typed; contract hours that are not a number are refused with the other fields.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct WorkerForm {
    pub name: String,
    pub email: String,
    pub team_id: String,
    pub registration_number: String,
    pub may_authorise_youth_care: Option<String>,
    pub active: Option<String>,
    pub contract_hours: String,
    pub version: String,
}

impl WorkerForm {
    fn input(&self) -> WorkerInput {
        let (contract_hours, unreadable) = decimal(
            &self.contract_hours,
            FieldError::new(
                "contract_hours",
                "Geef contracturen per week als getal, bijvoorbeeld 32 of 28,5.",
                "Give contract hours a week as a number, e.g. 32 or 28.5.",
            ),
        );
        WorkerInput {
            name: trim(&self.name),
            email: trim(&self.email),
            team_id: number(&self.team_id),
            registration_number: Some(trim(&self.registration_number)),
            may_authorise_youth_care: ticked(&self.may_authorise_youth_care),
            active: ticked(&self.active),
            contract_hours,
            version: number(&self.version),
            unreadable,
        }
    }
}

/// The team form as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct TeamForm {
    pub name: String,
    pub version: String,
}

impl TeamForm {
    fn input(&self) -> TeamInput {
        TeamInput {
            name: trim(&self.name),
            version: number(&self.version),
        }
    }
}

/// A new assignment as typed; hours that are not a number are refused with the other fields.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct AssignmentForm {
    pub worker_id: String,
    pub school_code: String,
    pub hours_per_week: String,
    pub starts_on: String,
    pub ends_on: String,
}

impl AssignmentForm {
    fn input(&self) -> AssignmentInput {
        let (hours_per_week, unreadable) = decimal(
            &self.hours_per_week,
            FieldError::new(
                "hours_per_week",
                "Geef uren per week als getal, bijvoorbeeld 2,5.",
                "Give hours per week as a number, e.g. 2.5.",
            ),
        );
        AssignmentInput {
            worker_id: number(&self.worker_id),
            school_code: trim(&self.school_code),
            hours_per_week,
            starts_on: trim(&self.starts_on),
            ends_on: Some(trim(&self.ends_on)),
            unreadable,
        }
    }
}

/// Ending an assignment: the version it was based on and the last day.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct AssignmentEndForm {
    pub version: String,
    pub ends_on: String,
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
    Form(form): Form<WorkerForm>,
) -> Response {
    match usecase::organisation::create_worker(&state, &ctx, &form.input()).await {
        Ok(w) => Redirect::to(&format!("/workers/{}?saved=1", w.id)).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
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
    // Fixed hours of the current assignments against the contract, as the team lead's home shows them.
    let fixed: f64 = assignments
        .iter()
        .filter(|a| a.ends_on.is_none())
        .filter_map(|a| a.hours_per_week)
        .sum();
    let contract = match w.contract_hours {
        None => String::new(),
        Some(c) => {
            let c = super::home::format_hours(c, ctx.lang);
            match super::home::over_contract_text(fixed, w.contract_hours, ctx.lang) {
                Some(over) => format!("{c} ({over})"),
                None => c,
            }
        }
    };
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
            (t("field.contract_hours").into(), contract),
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
    Form(form): Form<WorkerForm>,
) -> Response {
    match usecase::organisation::update_worker(&state, &ctx, id, &form.input()).await {
        Ok(_) => Redirect::to(&format!("/workers/{id}?saved=1")).into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
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
    Form(form): Form<AssignmentForm>,
) -> Response {
    let result = usecase::school::create_assignment(&state, &ctx, &form.input()).await;
    match result {
        Ok(_) => Redirect::to("/assignments").into_response(),
        Err(e) => match form_outcome(e, values_of(&form)) {
            Ok(o) => respond(&ctx, assignments_view(&state, &ctx, Some(o)).await),
            Err(e) => page_error(&ctx, e),
        },
    }
}

pub async fn assignment_end(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<AssignmentEndForm>,
) -> Response {
    match usecase::school::end_assignment(
        &state,
        &ctx,
        id,
        number(&form.version),
        form.ends_on.trim(),
    )
    .await
    {
        Ok(()) => Redirect::to("/assignments").into_response(),
        Err(e) => page_error(&ctx, e),
    }
}
