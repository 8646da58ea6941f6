//! Care meetings (zorgoverleg / ZAT / MDO) and pre-school group reviews (issue 13): the list with a form to plan
//! one or a series, and a meeting with its pupils, actions and minutes. Thin: the rules are in
//! `usecase::care_meeting`.

use super::admin::Saved;
use super::form::{Form, Values, number, numbers, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, format_date, format_short_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::care_meeting::{
    self as meetings, ActionInput, CareMeetingInput, MinutesInput, PupilInput, Viewer,
};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::care_meeting::CareMeetingKind;
use schakel_domain::org::FieldError;
use schakel_store::CareMeeting;
use serde::{Deserialize, Serialize};

fn may_plan(ctx: &Ctx) -> bool {
    ctx.principal
        .as_ref()
        .is_some_and(|p| matches!(p.role, Role::SocialWorker | Role::TeamLead))
}

fn kind_label(code: &str, ctx: &Ctx) -> String {
    CareMeetingKind::parse(code).map_or_else(|| code.to_string(), |k| k.label(ctx.lang).to_string())
}

fn with_status(mut res: Response, status: StatusCode) -> Response {
    *res.status_mut() = status;
    res
}

async fn plan_form(state: &AppState, ctx: &Ctx) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let org = ctx
        .principal()?
        .organisation_id
        .ok_or(AppError::Forbidden)?;
    let schools = crate::usecase::group::organisation_schools(state, org).await?;
    let staff = meetings::staff(state, ctx).await?;
    let mut kinds = vec![(String::new(), t("form.choose").to_string())];
    kinds.extend(
        CareMeetingKind::ALL
            .iter()
            .map(|k| (k.code().to_string(), k.label(ctx.lang).to_string())),
    );
    let mut school_options = vec![(String::new(), t("form.choose").to_string())];
    school_options.extend(schools.into_iter().map(|(id, n)| (id.to_string(), n)));
    Ok(FormSpec {
        id: "care-meeting",
        title: t("care.new").into(),
        action: "/care-meetings".into(),
        submit: t("care.plan").into(),
        fields: vec![
            Field::new("kind", t("care.kind"), "select", "").options(kinds),
            Field::new("school_id", t("care.school"), "select", "").options(school_options),
            Field::new("group_name", t("care.group_name"), "text", "")
                .optional()
                .hint(t("care.group_name_hint")),
            Field::new("held_on", t("care.held_on"), "date", ""),
            Field::new("starts_at", t("group.starts_at"), "time", "13:00"),
            Field::new("ends_at", t("group.ends_at"), "time", "14:30"),
            Field::new("agenda", t("care.agenda"), "textarea", "").optional(),
            Field::new("participant_ids", t("care.participants"), "checkboxes", "")
                .optional()
                .options(
                    staff
                        .into_iter()
                        .map(|s| (s.user_id.to_string(), s.name))
                        .collect(),
                ),
            Field::new("outside_participants", t("care.outside"), "text", "")
                .optional()
                .hint(t("care.outside_hint")),
            Field::new("count", t("care.count"), "number", "1")
                .range("1", "40", "1")
                .hint(t("care.count_hint")),
            Field::new("every_weeks", t("care.every_weeks"), "number", "6")
                .optional()
                .range("1", "26", "1"),
        ],
        ..Default::default()
    })
}

fn status_text(m: &CareMeeting, today: &str, ctx: &Ctx) -> &'static str {
    let t = |k| ctx.lang.t(k);
    if m.is_held() {
        t("care.held")
    } else if m.held_on.as_str() < today {
        t("care.to_record")
    } else {
        t("care.planned")
    }
}

async fn list_view(
    state: &AppState,
    ctx: &Ctx,
    form: Option<FormSpec>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = meetings::meetings(state, ctx).await?;
    let today = state.now().date_naive().to_string();
    let held = list.iter().filter(|m| m.is_held()).count();
    let mut v = AdminView {
        title: t("nav.care_meetings").into(),
        page_id: "care-meetings".into(),
        lead: t("care.lead").into(),
        facts: vec![(
            t("care.held_vs_planned").into(),
            format!("{held} / {}", list.len()),
        )],
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.care_meetings").into(),
        headers: vec![
            t("care.held_on").into(),
            t("care.kind").into(),
            t("care.school").into(),
            t("care.group_name").into(),
            t("care.pupils").into(),
            t("care.status").into(),
        ],
        rows: list
            .iter()
            .map(|m| {
                vec![
                    Cell::link(
                        format_short_date(&m.held_on, ctx.lang),
                        format!("/care-meetings/{}", m.id),
                    ),
                    Cell::text(kind_label(&m.kind, ctx)),
                    Cell::text(&m.school_name),
                    Cell::text(&m.group_name),
                    Cell::text(m.pupils.to_string()),
                    Cell::text(status_text(m, &today, ctx)),
                ]
            })
            .collect(),
        pagination: None,
    });
    if may_plan(ctx) {
        v.forms.push(match form {
            Some(f) => f,
            None => plan_form(state, ctx).await?,
        });
    }
    Ok(v)
}

pub async fn meetings_page(State(state): State<AppState>, ctx: Ctx) -> Response {
    match list_view(&state, &ctx, None).await {
        Ok(v) => render_admin(ctx.page("care-meetings"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// The plan form as typed; participants a list of checkboxes.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct PlanForm {
    pub kind: String,
    pub school_id: String,
    pub group_name: String,
    pub held_on: String,
    pub starts_at: String,
    pub ends_at: String,
    pub agenda: String,
    pub participant_ids: Vec<String>,
    pub outside_participants: String,
    pub count: String,
    pub every_weeks: String,
}

impl PlanForm {
    fn input(&self) -> CareMeetingInput {
        let count = number(&self.count);
        let (p, nl, en) = schakel_domain::care_meeting::COUNT_REFUSED;
        CareMeetingInput {
            kind: trim(&self.kind),
            school_id: number(&self.school_id),
            group_name: trim(&self.group_name),
            held_on: trim(&self.held_on),
            starts_at: trim(&self.starts_at),
            ends_at: trim(&self.ends_at),
            agenda: trim(&self.agenda),
            participant_ids: numbers(&self.participant_ids),
            outside_participants: trim(&self.outside_participants),
            count,
            every_weeks: number(&self.every_weeks),
            unreadable: if count.is_none() {
                vec![FieldError::new(p, nl, en)]
            } else {
                Vec::new()
            },
        }
    }
}

pub async fn meeting_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<PlanForm>,
) -> Response {
    let input = form.input();
    let values = values_of(&form);
    match meetings::plan(&state, &ctx, &input).await {
        Ok(ids) => match ids.as_slice() {
            [one] => Redirect::to(&format!("/care-meetings/{one}")).into_response(),
            _ => Redirect::to("/care-meetings").into_response(),
        },
        Err(AppError::Validation(e)) => {
            let form = match plan_form(&state, &ctx).await {
                Ok(f) => f.with_values(&values).with_errors(&FormErrors(e), ctx.lang),
                Err(e) => return page_error(&ctx, e),
            };
            match list_view(&state, &ctx, Some(form)).await {
                Ok(v) => with_status(
                    render_admin(ctx.page("care-meetings"), &v),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}

async fn pupil_form(state: &AppState, ctx: &Ctx, m: &CareMeeting) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let mut options = vec![(String::new(), t("care.anonymous").to_string())];
    options.extend(
        meetings::cases_at_school(state, ctx, m)
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
        id: "care-pupil",
        title: t("care.add_pupil").into(),
        action: format!("/care-meetings/{}/pupils", m.id),
        submit: t("care.add_pupil").into(),
        fields: vec![
            Field::new("case_id", t("care.pupil_case"), "select", "")
                .optional()
                .options(options)
                .hint(t("care.pupil_case_hint")),
            Field::new("description", t("care.pupil_description"), "text", "")
                .optional()
                .hint(t("care.pupil_description_hint")),
        ],
        ..Default::default()
    }
    .scoped())
}

async fn action_form(state: &AppState, ctx: &Ctx, m: &CareMeeting) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let me = ctx.principal()?.user_id.to_string();
    let staff = meetings::staff(state, ctx).await?;
    Ok(FormSpec {
        id: "care-action",
        title: t("care.add_action").into(),
        action: format!("/care-meetings/{}/actions", m.id),
        submit: t("care.add_action").into(),
        fields: vec![
            Field::new("description", t("care.action"), "text", ""),
            Field::new("owner_user_id", t("care.owner"), "select", me).options(
                staff
                    .into_iter()
                    .map(|s| (s.user_id.to_string(), s.name))
                    .collect(),
            ),
            Field::new("due_on", t("care.due_on"), "date", ""),
        ],
        ..Default::default()
    }
    .scoped())
}

fn minutes_form(ctx: &Ctx, m: &CareMeeting) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let mut fields = vec![
        Field::new("minutes", t("care.minutes"), "textarea", &m.minutes)
            .hint(t("care.minutes_hint")),
    ];
    if m.kind == CareMeetingKind::GroupReview.code() {
        fields.push(
            Field::new(
                "children_discussed",
                t("care.children_discussed"),
                "number",
                m.children_discussed.to_string(),
            )
            .range("0", "200", "1"),
        );
        fields.push(
            Field::new("follow_up", t("care.follow_up"), "textarea", &m.follow_up).optional(),
        );
    }
    FormSpec {
        id: "care-minutes",
        title: t("care.record").into(),
        action: format!("/care-meetings/{}/minutes", m.id),
        submit: t("common.save").into(),
        fields,
        ..Default::default()
    }
    .scoped()
}

async fn meeting_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    forms: Vec<FormSpec>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let (d, viewer) = meetings::meeting(state, ctx, id).await?;
    let m = &d.meeting;
    let today = state.now().date_naive().to_string();
    let mut v = AdminView {
        title: format!(
            "{} · {} · {}",
            kind_label(&m.kind, ctx),
            m.school_name,
            format_date(&m.held_on, ctx.lang)
        ),
        page_id: "care-meeting".into(),
        breadcrumbs: vec![("/care-meetings".into(), t("nav.care_meetings").into())],
        success: saved.then(|| t("common.saved").into()),
        facts: vec![
            (t("care.kind").into(), kind_label(&m.kind, ctx)),
            (t("care.school").into(), m.school_name.clone()),
            (t("care.held_on").into(), format_date(&m.held_on, ctx.lang)),
            (
                t("group.time").into(),
                format!("{}–{}", m.starts_at, m.ends_at),
            ),
            (t("care.status").into(), status_text(m, &today, ctx).into()),
            (
                t("care.participants").into(),
                m.participants
                    .iter()
                    .map(|p| p.name.clone())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (t("care.outside").into(), m.outside_participants.clone()),
            (t("care.agenda").into(), m.agenda.clone()),
            (t("care.minutes").into(), m.minutes.clone()),
        ],
        ..Default::default()
    };
    if m.kind == CareMeetingKind::GroupReview.code() {
        v.facts
            .insert(2, (t("care.group_name").into(), m.group_name.clone()));
        v.facts.push((
            t("care.children_discussed").into(),
            m.children_discussed.to_string(),
        ));
        v.facts
            .push((t("care.follow_up").into(), m.follow_up.clone()));
    }
    v.tables.push(Table {
        caption: t("care.pupils").into(),
        headers: vec![t("care.pupil").into(), t("care.pupil_description").into()],
        rows: d
            .pupil_list
            .iter()
            .map(|p| {
                let who = match (p.case_id, viewer) {
                    (Some(case), Viewer::Staff) => Cell::link(&p.name, format!("/cases/{case}")),
                    (Some(_), Viewer::School) => Cell::text(&p.name),
                    (None, _) => Cell::text(t("care.anonymous")),
                };
                vec![who, Cell::text(&p.description)]
            })
            .collect(),
        pagination: None,
    });
    v.tables.push(Table {
        caption: t("care.actions").into(),
        headers: vec![
            t("care.action").into(),
            t("care.owner").into(),
            t("care.due_on").into(),
            t("care.done_on").into(),
        ],
        rows: d
            .actions
            .iter()
            .map(|a| {
                let done = match (&a.done_on, viewer) {
                    (Some(on), _) => Cell::text(format_short_date(on, ctx.lang)),
                    (None, Viewer::Staff) => Cell::action(
                        t("care.mark_done"),
                        format!("/care-meetings/{id}/actions/{}/done", a.id),
                    ),
                    (None, Viewer::School) => Cell::text(""),
                };
                vec![
                    Cell::text(&a.description),
                    Cell::text(&a.owner_name),
                    Cell::text(format_short_date(&a.due_on, ctx.lang)),
                    done,
                ]
            })
            .collect(),
        pagination: None,
    });
    if viewer == Viewer::Staff && may_plan(ctx) {
        let mut all_forms = Vec::new();
        for kind in ["care-pupil", "care-action", "care-minutes"] {
            if let Some(f) = forms.iter().find(|f| f.id == kind) {
                all_forms.push(f.clone());
                continue;
            }
            all_forms.push(match kind {
                "care-pupil" => pupil_form(state, ctx, m).await?,
                "care-action" => action_form(state, ctx, m).await?,
                _ => minutes_form(ctx, m),
            });
        }
        v.forms = all_forms;
    }
    Ok(v)
}

pub async fn meeting_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(saved): Query<Saved>,
) -> Response {
    match meeting_view(&state, &ctx, id, Vec::new(), saved.saved.is_some()).await {
        Ok(v) => render_admin(ctx.page("care-meetings"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// After a write: back to the meeting, or the meeting again with the form's errors (422).
async fn after<T>(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    result: Result<T, AppError>,
    form: Result<FormSpec, AppError>,
    values: &Values,
) -> Response {
    match result {
        Ok(_) => Redirect::to(&format!("/care-meetings/{id}?saved=1")).into_response(),
        Err(AppError::Validation(e)) => {
            let form = match form {
                Ok(f) => f.with_values(values).with_errors(&FormErrors(e), ctx.lang),
                Err(e) => return page_error(ctx, e),
            };
            match meeting_view(state, ctx, id, vec![form], false).await {
                Ok(v) => with_status(
                    render_admin(ctx.page("care-meetings"), &v),
                    StatusCode::UNPROCESSABLE_ENTITY,
                ),
                Err(e) => page_error(ctx, e),
            }
        }
        Err(e) => page_error(ctx, e),
    }
}

async fn meeting_of(state: &AppState, ctx: &Ctx, id: i64) -> Result<CareMeeting, AppError> {
    Ok(meetings::meeting(state, ctx, id).await?.0.meeting)
}

/// The minutes as typed; the number of children empty for none.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct MinutesForm {
    pub minutes: String,
    pub children_discussed: String,
    pub follow_up: String,
}

impl MinutesForm {
    fn input(&self) -> MinutesInput {
        let typed = self.children_discussed.trim();
        let counted = if typed.is_empty() {
            Some(0)
        } else {
            number(typed)
        };
        let (p, nl, en) = schakel_domain::care_meeting::CHILDREN_REFUSED;
        MinutesInput {
            minutes: trim(&self.minutes),
            children_discussed: counted.unwrap_or_default(),
            follow_up: trim(&self.follow_up),
            unreadable: if counted.is_none() {
                vec![FieldError::new(p, nl, en)]
            } else {
                Vec::new()
            },
        }
    }
}

pub async fn minutes(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<MinutesForm>,
) -> Response {
    let result = meetings::record_minutes(&state, &ctx, id, &form.input()).await;
    let form_spec = if matches!(result, Err(AppError::Validation(_))) {
        meeting_of(&state, &ctx, id)
            .await
            .map(|m| minutes_form(&ctx, &m))
    } else {
        Ok(FormSpec::default())
    };
    after(&state, &ctx, id, result, form_spec, &values_of(&form)).await
}

/// A pupil discussed: a case (by name) or none (anonymous).
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct PupilForm {
    pub case_id: String,
    pub description: String,
}

pub async fn pupil_add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<PupilForm>,
) -> Response {
    let input = PupilInput {
        case_id: number(&form.case_id),
        description: trim(&form.description),
    };
    let result = meetings::add_pupil(&state, &ctx, id, &input).await;
    let form_spec = if matches!(result, Err(AppError::Validation(_))) {
        match meeting_of(&state, &ctx, id).await {
            Ok(m) => pupil_form(&state, &ctx, &m).await,
            Err(e) => Err(e),
        }
    } else {
        Ok(FormSpec::default())
    };
    after(&state, &ctx, id, result, form_spec, &values_of(&form)).await
}

/// An agreed action as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ActionForm {
    pub description: String,
    pub owner_user_id: String,
    pub due_on: String,
}

pub async fn action_add(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ActionForm>,
) -> Response {
    let input = ActionInput {
        description: trim(&form.description),
        owner_user_id: number(&form.owner_user_id),
        due_on: trim(&form.due_on),
    };
    let result = meetings::add_action(&state, &ctx, id, &input).await;
    let form_spec = if matches!(result, Err(AppError::Validation(_))) {
        match meeting_of(&state, &ctx, id).await {
            Ok(m) => action_form(&state, &ctx, &m).await,
            Err(e) => Err(e),
        }
    } else {
        Ok(FormSpec::default())
    };
    after(&state, &ctx, id, result, form_spec, &values_of(&form)).await
}

pub async fn action_done(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, action_id)): Path<(i64, i64)>,
) -> Response {
    match meetings::complete_action(&state, &ctx, id, action_id).await {
        Ok(()) => Redirect::to(&format!("/care-meetings/{id}?saved=1")).into_response(),
        Err(e) => page_error(&ctx, e),
    }
}
