//! The case file (dossier): one page with the child, household, consent, goals, contacts, tasks,
//! onward referrals, mandate decisions, closure and one timeline of everything.

use super::form::{Form, Values, number, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, SearchSpec, Table, render_admin};
use sections::{Answer, Hx, Section};

mod forms;
mod input;
mod mandate;
mod parts;
pub mod sections;

use super::{FormErrors, format_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
pub use input::{
    ChildForm, ClosureForm, ConsentForm, ContactForm, EditForm, GoalForm, GuardianForm,
    IndirectTimeForm, MandateForm, OnwardForm, OnwardStepForm, ReopenForm, SchoolReportForm,
    ScoreForm, TaskForm, TransferForm,
};
pub use mandate::{allocation_pdf, approve_mandate, refuse_mandate, show_mandate};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct CaseQuery {
    pub q: Option<String>,
    pub all: Option<String>,
}

async fn list_view(state: &AppState, ctx: &Ctx, q: &CaseQuery) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = usecase::case::cases(state, ctx, q.q.clone(), q.all.is_none()).await?;
    let mut v = AdminView {
        title: t("nav.cases").into(),
        page_id: "cases".into(),
        search: Some(SearchSpec {
            action: "/cases".into(),
            fields: vec![
                Field::new(
                    "q",
                    t("cases.search"),
                    "search",
                    q.q.clone().unwrap_or_default(),
                )
                .optional()
                .hint(t("cases.search_hint")),
                Field::new(
                    "all",
                    t("cases.include_closed"),
                    "checkbox",
                    if q.all.is_some() { "on" } else { "" },
                ),
            ],
        }),
        links: vec![("/time".into(), t("time.title").into())],
        ..Default::default()
    };
    v.tables.push(Table {
        caption: format!("{} ({})", t("nav.cases"), list.len()),
        headers: vec![
            t("cases.number").into(),
            t("referrals.child").into(),
            t("field.school").into(),
            t("field.worker").into(),
            t("cases.opened").into(),
            t("cases.review").into(),
            t("referrals.status").into(),
        ],
        rows: list
            .iter()
            .map(|c| {
                vec![
                    Cell::link(&c.case_number, format!("/cases/{}", c.id)),
                    Cell::text(&c.child_name),
                    Cell::text(c.school_name.clone().unwrap_or_default()),
                    Cell::text(c.worker_name.clone().unwrap_or_default()),
                    Cell::text(format_date(&c.opened_on, ctx.lang)),
                    Cell::text(
                        c.review_on
                            .as_deref()
                            .map(|d| format_date(d, ctx.lang))
                            .unwrap_or_default(),
                    ),
                    Cell::text(match c.status.as_str() {
                        "open" => t("cases.open"),
                        "closure_requested" => t("cases.closure_requested"),
                        _ => t("cases.closed"),
                    }),
                ]
            })
            .collect(),
        pagination: None,
    });
    Ok(v)
}

pub async fn cases(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CaseQuery>,
) -> Response {
    match list_view(&state, &ctx, &q).await {
        Ok(v) => render_admin(ctx.page("cases"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// A form that failed: which one, with what errors and values, or with what values it came too late.
pub enum Failed {
    Errors(&'static str, FormErrors, Values),
    Conflict(&'static str, Values),
}

/// How many of the newest timeline entries the timeline section shows before "show all".
const RECENT: i64 = 50;

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    pub all: Option<String>,
    /// Which section: `overview` (default), `contacts`, `goals`, …
    pub section: Option<String>,
    /// The form just saved, for the success message.
    pub saved: Option<String>,
}

/// The case file: the whole page, or for htmx only the section asked for.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Query(q): Query<ShowQuery>,
) -> Response {
    let section = q
        .section
        .as_deref()
        .and_then(Section::parse)
        .unwrap_or(Section::Overview);
    let answer = Answer {
        section,
        failed: None,
        saved: q.saved,
        all: q.all.is_some(),
        hx,
        confirm: None,
    };
    sections::answer(&state, &ctx, id, answer).await
}

/// After a change: back to the form's section with a success message (Post/Redirect/Get; htmx follows the
/// redirect and swaps the section in place); the section with the form's errors otherwise.
async fn after(
    state: &AppState,
    ctx: &Ctx,
    (id, hx): (i64, bool),
    form_id: &'static str,
    values: Values,
    result: Result<(), AppError>,
) -> Response {
    let section = Section::of_form(form_id);
    let failed = match result {
        Ok(()) => {
            return Redirect::to(&format!("{}&saved={form_id}", section.href(id))).into_response();
        }
        Err(AppError::Validation(e)) => Failed::Errors(form_id, FormErrors(e), values),
        Err(AppError::Conflict { .. }) => Failed::Conflict(form_id, values),
        Err(e) => return page_error(ctx, e),
    };
    let answer = Answer {
        section,
        failed: Some(failed),
        saved: None,
        all: false,
        hx,
        confirm: None,
    };
    sections::answer(state, ctx, id, answer).await
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<EditForm>,
) -> Response {
    let r = usecase::case::edit_case(&state, &ctx, id, &form.input())
        .await
        .map(|_| ());
    after(&state, &ctx, (id, hx), "edit", values_of(&form), r).await
}

pub async fn school_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<SchoolReportForm>,
) -> Response {
    let r = usecase::onward::report_to_school(&state, &ctx, id, &form.input())
        .await
        .map(|_| ());
    after(&state, &ctx, (id, hx), "school-report", values_of(&form), r).await
}

pub async fn edit_child(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<ChildForm>,
) -> Response {
    let r = usecase::child::edit_child(&state, &ctx, id, &form.input())
        .await
        .map(|_| ());
    after(&state, &ctx, (id, hx), "child", values_of(&form), r).await
}

pub async fn add_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<ContactForm>,
) -> Response {
    let r = usecase::contact::add_contact(&state, &ctx, id, &form.input())
        .await
        .map(|_| ());
    after(&state, &ctx, (id, hx), "contact", values_of(&form), r).await
}

pub async fn add_indirect_time(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<IndirectTimeForm>,
) -> Response {
    let r = usecase::time::add_indirect_time(&state, &ctx, id, &form.input())
        .await
        .map(|_| ());
    after(&state, &ctx, (id, hx), "time", values_of(&form), r).await
}

/// Time per school: what the work took, per school, in a period (the school year by default).
pub async fn time_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(period): Query<usecase::time::PeriodQuery>,
) -> Response {
    let saved = period.saved.is_some();
    super::admin::respond(&ctx, time_view(&state, &ctx, &period, None, saved).await)
}

/// Time at a school outside any case file, as typed.
#[derive(Deserialize, serde::Serialize, Default)]
#[serde(default)]
pub struct SchoolTimeForm {
    pub school_id: String,
    pub spent_on: String,
    pub minutes: String,
    pub activity: String,
    pub note: String,
}

impl SchoolTimeForm {
    fn input(&self) -> usecase::time::SchoolTimeInput {
        // Minutes that are no number are missing minutes, which the use case refuses on the field.
        usecase::time::SchoolTimeInput {
            school_id: number(&self.school_id),
            spent_on: self.spent_on.trim().to_string(),
            minutes: number(&self.minutes),
            activity: self.activity.trim().to_string(),
            note: self.note.clone(),
        }
    }
}

pub async fn book_school_time(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<SchoolTimeForm>,
) -> Response {
    match usecase::time::book_school_time(&state, &ctx, &form.input()).await {
        Ok(_) => Redirect::to("/time?saved=1").into_response(),
        Err(e) => match super::admin::form_outcome(e, values_of(&form)) {
            Ok(o) => super::admin::respond(
                &ctx,
                time_view(&state, &ctx, &Default::default(), Some(o), false).await,
            ),
            Err(e) => page_error(&ctx, e),
        },
    }
}

/// The form to book time at one of the worker's schools (none for a user who is no worker).
async fn school_time_form(state: &AppState, ctx: &Ctx) -> Result<Option<FormSpec>, AppError> {
    let t = |k| ctx.lang.t(k);
    let Some(worker) = usecase::scope::own_worker(state, ctx).await? else {
        return Ok(None);
    };
    let mut schools: Vec<(String, String)> = Vec::new();
    for a in state
        .store()
        .list_assignments(None, Some(worker.id), None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
    {
        if !schools.iter().any(|(id, _)| *id == a.school_id.to_string()) {
            schools.push((a.school_id.to_string(), a.school_name));
        }
    }
    let activities = schakel_domain::casework::SchoolActivity::ALL
        .iter()
        .map(|a| (a.code().to_string(), a.label(ctx.lang).to_string()))
        .collect();
    let first = schools
        .first()
        .map(|(id, _)| id.clone())
        .unwrap_or_default();
    Ok(Some(FormSpec {
        id: "school-time",
        title: t("time.book_school").into(),
        action: "/time/school".into(),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("school_id", t("field.school"), "select", first).options(schools),
            Field::new(
                "spent_on",
                t("time.spent_on"),
                "date",
                state.now().date_naive().to_string(),
            ),
            Field::new("minutes", t("time.minutes"), "number", "").range("1", "480", "5"),
            Field::new("activity", t("time.activity"), "radios", "aanwezig").options(activities),
            Field::new("note", t("time.note"), "text", "").optional(),
        ],
        ..Default::default()
    }))
}

async fn time_view(
    state: &AppState,
    ctx: &Ctx,
    period: &usecase::time::PeriodQuery,
    outcome: Option<super::admin::Outcome>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let (from, until, schools) = usecase::time::time_per_school(state, ctx, period).await?;
    let hours = |m: i64| super::format_number(m as f64 / 60.0, 1, ctx.lang);
    let mut rows: Vec<Vec<Cell>> = schools
        .iter()
        .map(|s| {
            vec![
                Cell::text(&s.school_name),
                Cell::text(s.cases.to_string()),
                Cell::text(hours(s.direct_minutes)),
                Cell::text(hours(s.indirect_minutes)),
                Cell::text(hours(s.school_minutes)),
                Cell::text(hours(s.consultation_minutes)),
                Cell::text(hours(s.group_minutes)),
                Cell::text(hours(
                    s.direct_minutes
                        + s.indirect_minutes
                        + s.school_minutes
                        + s.consultation_minutes
                        + s.group_minutes,
                )),
            ]
        })
        .collect();
    let sum = |f: fn(&schakel_store::SchoolTime) -> i64| schools.iter().map(f).sum::<i64>();
    let (direct, indirect, at_school, consult, group) = (
        sum(|s| s.direct_minutes),
        sum(|s| s.indirect_minutes),
        sum(|s| s.school_minutes),
        sum(|s| s.consultation_minutes),
        sum(|s| s.group_minutes),
    );
    rows.push(vec![
        Cell::text(t("time.total")),
        Cell::text(sum(|s| s.cases).to_string()),
        Cell::text(hours(direct)),
        Cell::text(hours(indirect)),
        Cell::text(hours(at_school)),
        Cell::text(hours(consult)),
        Cell::text(hours(group)),
        Cell::text(hours(direct + indirect + at_school + consult + group)),
    ]);
    let mut v = AdminView {
        success: saved.then(|| t("common.saved").into()),
        title: t("time.title").into(),
        page_id: "time".into(),
        lead: format!(
            "{} {} – {}.",
            t("time.lead"),
            format_date(&from.to_string(), ctx.lang),
            format_date(&until.to_string(), ctx.lang)
        ),
        breadcrumbs: vec![("/cases".into(), t("nav.cases").into())],
        search: Some(SearchSpec {
            action: "/time".into(),
            fields: vec![
                Field::new("from", t("time.from"), "date", from.to_string()),
                Field::new("until", t("time.until"), "date", until.to_string()),
            ],
        }),
        tables: vec![Table {
            caption: t("time.per_school").into(),
            headers: vec![
                t("field.school").into(),
                t("time.cases").into(),
                t("time.direct_hours").into(),
                t("time.indirect_hours").into(),
                t("time.school_hours").into(),
                t("time.consultation_hours").into(),
                t("time.group_hours").into(),
                t("time.total_hours").into(),
            ],
            rows,
            pagination: None,
        }],
        ..Default::default()
    };
    if let Some(form) = school_time_form(state, ctx).await? {
        super::admin::apply(&mut v, form, outcome, ctx);
    }
    Ok(v)
}

pub async fn add_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<GoalForm>,
) -> Response {
    let r = usecase::goal::add_goal(&state, &ctx, id, &form.input())
        .await
        .map(|_| ());
    after(&state, &ctx, (id, hx), "goal", values_of(&form), r).await
}

pub async fn score_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
    Hx(hx): Hx,
    Form(form): Form<ScoreForm>,
) -> Response {
    let goal = number(&form.goal_id).unwrap_or(goal_id);
    let r = usecase::goal::score_goal(
        &state,
        &ctx,
        id,
        goal,
        form.moment.trim(),
        number(&form.score),
    )
    .await;
    after(&state, &ctx, (id, hx), "score", values_of(&form), r).await
}

pub async fn add_guardian(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<GuardianForm>,
) -> Response {
    let r = usecase::child::add_guardian(&state, &ctx, id, &form.input()).await;
    after(&state, &ctx, (id, hx), "guardian", values_of(&form), r).await
}

pub async fn add_task(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<TaskForm>,
) -> Response {
    let r = usecase::case::add_task(
        &state,
        &ctx,
        id,
        form.description.trim(),
        form.due_on.trim(),
    )
    .await;
    after(&state, &ctx, (id, hx), "task", values_of(&form), r).await
}

pub async fn complete_task(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, task_id)): Path<(i64, i64)>,
    Hx(hx): Hx,
) -> Response {
    let r = usecase::case::complete_task(&state, &ctx, id, task_id).await;
    after(&state, &ctx, (id, hx), "task", Vec::new(), r).await
}

pub async fn add_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<ConsentForm>,
) -> Response {
    let r = usecase::consent::add_consent(&state, &ctx, id, &form.input()).await;
    after(&state, &ctx, (id, hx), "consent", values_of(&form), r).await
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, consent_id)): Path<(i64, i64)>,
    Hx(hx): Hx,
) -> Response {
    let r = usecase::consent::withdraw_consent(&state, &ctx, id, consent_id).await;
    after(&state, &ctx, (id, hx), "consent", Vec::new(), r).await
}

pub async fn propose_onward(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<OnwardForm>,
) -> Response {
    let r = usecase::onward::propose_onward(
        &state,
        &ctx,
        id,
        number(&form.target_id),
        form.handover_note.trim(),
    )
    .await;
    after(&state, &ctx, (id, hx), "onward", values_of(&form), r).await
}

/// The step comes as `<onward id>:<status>` from the form, or the path names the onward referral.
pub async fn advance_onward(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, onward_id)): Path<(i64, i64)>,
    Hx(hx): Hx,
    Form(form): Form<OnwardStepForm>,
) -> Response {
    let (oid, status) = form.target(onward_id);
    let r = usecase::onward::advance_onward(
        &state,
        &ctx,
        id,
        oid,
        &status,
        form.feedback.trim(),
        form.legal_ground.trim(),
    )
    .await;
    after(&state, &ctx, (id, hx), "onward-status", values_of(&form), r).await
}

pub async fn mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<MandateForm>,
) -> Response {
    let r = usecase::mandate::decide_mandate(&state, &ctx, id, &form.input())
        .await
        .map(|_| ());
    after(&state, &ctx, (id, hx), "mandate", values_of(&form), r).await
}

pub async fn transfer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<TransferForm>,
) -> Response {
    let r = usecase::onward::transfer(&state, &ctx, id, &form.input()).await;
    match r {
        // After a transfer the former worker may no longer open the file.
        Ok(()) => Redirect::to("/cases").into_response(),
        Err(e) => after(&state, &ctx, (id, hx), "transfer", values_of(&form), Err(e)).await,
    }
}

pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<ClosureForm>,
) -> Response {
    // The first step only shows what closing will record, and asks to confirm.
    if form.step.trim() == "confirm" {
        let answer = Answer {
            section: Section::Closure,
            failed: None,
            saved: None,
            all: false,
            hx,
            confirm: Some(values_of(&form)),
        };
        return sections::answer(&state, &ctx, id, answer).await;
    }
    let r = usecase::closure::close(&state, &ctx, id, &form.input()).await;
    // Shown again with errors, the closing form asks to confirm again (the confirming form sent no step).
    let mut values = values_of(&form);
    values.retain(|(k, _)| k != "step");
    values.push(("step".into(), "confirm".into()));
    after(&state, &ctx, (id, hx), "close", values, r).await
}

/// Upload: multipart with `file` and `description`; the CSRF token travels in the query.
pub async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let mut filename = String::new();
    let mut bytes = Vec::new();
    let mut description = String::new();
    let mut too_big = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("file") => {
                    filename = field.file_name().unwrap_or("").to_string();
                    match field.bytes().await {
                        Ok(b) => bytes = b.to_vec(),
                        Err(_) => too_big = true,
                    }
                }
                Some("description") => description = field.text().await.unwrap_or_default(),
                _ => {}
            },
            Ok(None) => break,
            Err(_) => {
                too_big = true;
                break;
            }
        }
    }
    let r = if too_big {
        Err(AppError::Validation(vec![
            schakel_domain::org::FieldError::new(
                "file",
                "Het bestand kon niet worden gelezen of is te groot (hoogstens 10 MB).",
                "The file could not be read or is too large (10 MB at most).",
            ),
        ]))
    } else {
        usecase::document::add_document(&state, &ctx, id, &filename, &bytes, &description)
            .await
            .map(|_| ())
    };
    after(
        &state,
        &ctx,
        (id, hx),
        "document",
        vec![("description".into(), description)],
        r,
    )
    .await
}

/// Download: as an attachment, never rendered inline, and logged.
pub async fn download_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, document_id)): Path<(i64, i64)>,
) -> Response {
    match usecase::document::download(&state, &ctx, id, document_id).await {
        Ok(file) => file.into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn approve_closure(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
) -> Response {
    let r = usecase::closure::approve_closure(&state, &ctx, id).await;
    after(&state, &ctx, (id, hx), "approve-closure", Vec::new(), r).await
}

pub async fn reopen(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Hx(hx): Hx,
    Form(form): Form<ReopenForm>,
) -> Response {
    let r = usecase::closure::reopen(&state, &ctx, id, &form.input()).await;
    after(&state, &ctx, (id, hx), "reopen", values_of(&form), r).await
}
