//! Group activities (issue 13): the list with a form to plan one, an activity with its sessions, and a session
//! with its attendance, evaluation, hours and polls. Thin: the rules are in `usecase::group`.

use super::admin::Saved;
use super::form::{Form, number, numbers, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, format_date, format_short_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::group::{self, AttendanceInput, GroupActivityInput, SessionInput, Viewer};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::casework::Taxonomy;
use schakel_domain::group::{Problem, count_refused, minutes_refused};
use schakel_domain::org::FieldError;
use schakel_store::{GroupActivity, GroupSession};
use serde::{Deserialize, Serialize};

/// A count as typed for a session's record: empty is 0; a count that is not a number is 0 with the field's
/// refusal, for the use case to report with the other fields.
fn count(s: &str, refused: Problem, unreadable: &mut Vec<FieldError>) -> i64 {
    let s = s.trim();
    if s.is_empty() {
        return 0;
    }
    number(s).unwrap_or_else(|| {
        unreadable.push(FieldError::new(refused.0, refused.1, refused.2));
        0
    })
}

/// A new activity as typed; schools and organisers lists of checkboxes.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ActivityForm {
    pub kind: String,
    pub title: String,
    pub description: String,
    pub partner_organisers: String,
    pub school_ids: Vec<String>,
    pub organiser_ids: Vec<String>,
}

/// A session as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct SessionForm {
    pub held_on: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub theme: String,
    pub materials: String,
    pub school_id: String,
}

/// A held session's record as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct RecordForm {
    pub parents: String,
    pub children: String,
    pub evaluation: String,
    pub preparation_minutes: String,
    pub session_minutes: String,
}

impl RecordForm {
    fn input(&self) -> AttendanceInput {
        let mut unreadable = Vec::new();
        AttendanceInput {
            parents: count(&self.parents, count_refused("parents"), &mut unreadable),
            children: count(&self.children, count_refused("children"), &mut unreadable),
            evaluation: trim(&self.evaluation),
            preparation_minutes: count(
                &self.preparation_minutes,
                minutes_refused("preparation_minutes"),
                &mut unreadable,
            ),
            session_minutes: count(
                &self.session_minutes,
                minutes_refused("session_minutes"),
                &mut unreadable,
            ),
            unreadable,
        }
    }
}

/// A poll as typed: a title and one statement a line.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct PollForm {
    pub title: String,
    pub statements: String,
}

fn may_plan(ctx: &Ctx) -> bool {
    ctx.principal
        .as_ref()
        .is_some_and(|p| matches!(p.role, Role::SocialWorker | Role::TeamLead))
}

/// The labels of the kinds of the activities shown: each organisation's own list (retired kinds too).
async fn kind_labels(
    state: &AppState,
    ctx: &Ctx,
    activities: &[&GroupActivity],
) -> Result<std::collections::HashMap<i64, String>, AppError> {
    let mut organisations: Vec<i64> = activities.iter().map(|a| a.organisation_id).collect();
    organisations.sort_unstable();
    organisations.dedup();
    let mut lists = std::collections::HashMap::new();
    for organisation_id in organisations {
        let kinds =
            crate::usecase::config::terms(state, organisation_id, Taxonomy::GroupActivityKinds)
                .await?;
        lists.insert(organisation_id, kinds);
    }
    let labels = activities
        .iter()
        .map(|a| {
            let kinds = lists.get(&a.organisation_id).map_or(&[][..], Vec::as_slice);
            (
                a.id,
                crate::usecase::config::group_kind_label(kinds, &a.kind, ctx.lang),
            )
        })
        .collect();
    Ok(labels)
}

fn names(list: impl Iterator<Item = String>) -> String {
    list.collect::<Vec<_>>().join(", ")
}

async fn activity_form(state: &AppState, ctx: &Ctx) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let org = ctx
        .principal()?
        .organisation_id
        .ok_or(AppError::Forbidden)?;
    let schools = group::organisation_schools(state, org).await?;
    let workers = state.store().list_workers(Some(org)).await?;
    let mut kinds = vec![(String::new(), t("form.choose").to_string())];
    kinds.extend(
        crate::usecase::config::terms(state, org, Taxonomy::GroupActivityKinds)
            .await?
            .iter()
            .filter(|k| *k.active)
            .map(|k| {
                (
                    k.code.clone(),
                    crate::usecase::config::group_kind_label(
                        std::slice::from_ref(k),
                        &k.code,
                        ctx.lang,
                    ),
                )
            }),
    );
    Ok(FormSpec {
        id: "group-activity",
        title: t("group.new").into(),
        action: "/group-activities".into(),
        submit: t("group.plan").into(),
        fields: vec![
            Field::new("kind", t("group.kind"), "select", "").options(kinds),
            Field::new("title", t("group.title_field"), "text", ""),
            Field::new("description", t("group.description"), "textarea", "").optional(),
            Field::new("school_ids", t("group.schools"), "checkboxes", "").options(
                schools
                    .into_iter()
                    .map(|(id, n)| (id.to_string(), n))
                    .collect(),
            ),
            Field::new("organiser_ids", t("group.organisers"), "checkboxes", "")
                .optional()
                .options(
                    workers
                        .into_iter()
                        .filter(|w| *w.active)
                        .map(|w| (w.id.to_string(), w.name))
                        .collect(),
                ),
            Field::new("partner_organisers", t("group.partners"), "text", "")
                .optional()
                .hint(t("group.partners_hint")),
        ],
        ..Default::default()
    })
}

async fn activities_view(
    state: &AppState,
    ctx: &Ctx,
    form: Option<FormSpec>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = group::activities(state, ctx).await?;
    let labels = kind_labels(state, ctx, &list.iter().collect::<Vec<_>>()).await?;
    let mut v = AdminView {
        title: t("nav.group_activities").into(),
        page_id: "group-activities".into(),
        lead: t("group.lead").into(),
        ..Default::default()
    };
    v.tables.push(Table {
        caption: t("nav.group_activities").into(),
        headers: vec![
            t("group.title_field").into(),
            t("group.kind").into(),
            t("group.schools").into(),
            t("group.sessions_held").into(),
        ],
        rows: list
            .iter()
            .map(|a| {
                vec![
                    Cell::link(&a.title, format!("/group-activities/{}", a.id)),
                    Cell::text(labels.get(&a.id).cloned().unwrap_or_default()),
                    Cell::text(names(a.schools.iter().map(|s| s.name.clone()))),
                    Cell::text(format!("{} / {}", a.sessions_held, a.sessions)),
                ]
            })
            .collect(),
        pagination: None,
    });
    if may_plan(ctx) {
        v.forms.push(match form {
            Some(f) => f,
            None => activity_form(state, ctx).await?,
        });
    }
    Ok(v)
}

pub async fn activities(State(state): State<AppState>, ctx: Ctx) -> Response {
    match activities_view(&state, &ctx, None).await {
        Ok(v) => render_admin(ctx.page("group-activities"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn activity_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ActivityForm>,
) -> Response {
    let input = GroupActivityInput {
        kind: trim(&form.kind),
        title: trim(&form.title),
        description: trim(&form.description),
        partner_organisers: trim(&form.partner_organisers),
        school_ids: numbers(&form.school_ids),
        organiser_ids: numbers(&form.organiser_ids),
    };
    let values = values_of(&form);
    match group::create_activity(&state, &ctx, &input).await {
        Ok(id) => Redirect::to(&format!("/group-activities/{id}")).into_response(),
        Err(AppError::Validation(e)) => {
            let form = match activity_form(&state, &ctx).await {
                Ok(f) => f.with_values(&values).with_errors(&FormErrors(e), ctx.lang),
                Err(e) => return page_error(&ctx, e),
            };
            match activities_view(&state, &ctx, Some(form)).await {
                Ok(v) => {
                    let mut res = render_admin(ctx.page("group-activities"), &v);
                    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}

fn session_form(ctx: &Ctx, a: &GroupActivity) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let mut fields = vec![
        Field::new("held_on", t("group.held_on"), "date", ""),
        Field::new("starts_at", t("group.starts_at"), "time", "19:30"),
        Field::new("ends_at", t("group.ends_at"), "time", "21:30"),
        Field::new("place", t("group.place"), "text", "").optional(),
        Field::new("theme", t("group.theme"), "text", "").optional(),
        Field::new("materials", t("group.materials"), "textarea", "").optional(),
    ];
    if a.schools.len() > 1 {
        fields.push(
            Field::new("school_id", t("field.school"), "select", "").options(
                a.schools
                    .iter()
                    .map(|s| (s.id.to_string(), s.name.clone()))
                    .collect(),
            ),
        );
    }
    FormSpec {
        id: "group-session",
        title: t("group.add_session").into(),
        action: format!("/group-activities/{}/sessions", a.id),
        submit: t("group.add_session").into(),
        fields,
        ..Default::default()
    }
}

/// Parents and children counted at a held session; empty while it is not recorded.
fn attendance_text(s: &GroupSession) -> (String, String) {
    match (s.parents, s.children) {
        (Some(p), Some(c)) if s.is_held() => (p.to_string(), c.to_string()),
        _ => (String::new(), String::new()),
    }
}

async fn activity_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: Option<FormSpec>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let (a, viewer) = group::activity(state, ctx, id).await?;
    let kind = kind_labels(state, ctx, &[&a.activity])
        .await?
        .remove(&a.activity.id)
        .unwrap_or_default();
    let (participant_form, form) = match form {
        Some(f) if f.id.starts_with("group-participant") => (Some(f), None),
        other => (None, other),
    };
    let mut v =
        AdminView {
            title: a.activity.title.clone(),
            page_id: "group-activity".into(),
            breadcrumbs: vec![("/group-activities".into(), t("nav.group_activities").into())],
            facts: vec![
                (t("group.kind").into(), kind),
                (
                    t("group.schools").into(),
                    names(a.activity.schools.iter().map(|s| s.name.clone())),
                ),
                (
                    t("group.organisers").into(),
                    names(a.activity.organisers.iter().map(|o| o.name.clone()).chain(
                        Some(a.activity.partner_organisers.clone()).filter(|p| !p.is_empty()),
                    )),
                ),
            ],
            ..Default::default()
        };
    if !a.activity.description.is_empty() {
        v.facts.push((
            t("group.description").into(),
            a.activity.description.clone(),
        ));
    }
    let today = state.now().date_naive().to_string();
    v.tables.push(Table {
        caption: t("group.sessions").into(),
        headers: vec![
            t("group.held_on").into(),
            t("group.time").into(),
            t("group.theme").into(),
            t("group.place").into(),
            t("group.parents").into(),
            t("group.children").into(),
            t("group.status").into(),
        ],
        rows: a
            .session_list
            .iter()
            .map(|s| {
                let (parents, children) = attendance_text(s);
                let status = if s.is_held() {
                    t("group.held")
                } else if s.held_on < today {
                    t("group.to_record")
                } else {
                    t("group.planned")
                };
                vec![
                    Cell::link(
                        format_short_date(&s.held_on, ctx.lang),
                        format!("/group-activities/{id}/sessions/{}", s.id),
                    ),
                    Cell::text(format!("{}–{}", s.starts_at, s.ends_at)),
                    Cell::text(&s.theme),
                    Cell::text(&s.place),
                    Cell::text(parents),
                    Cell::text(children),
                    Cell::text(status),
                ]
            })
            .collect(),
        pagination: None,
    });
    if viewer == Viewer::Staff {
        v.tables.push(Table {
            caption: t("poll.polls").into(),
            headers: vec![t("poll.title_field").into(), t("poll.state").into()],
            rows: a
                .polls
                .iter()
                .map(|p| {
                    let at =
                        |s: &Option<String>| s.as_deref().and_then(schakel_store::parse_timestamp);
                    let state = schakel_domain::group::poll_state(
                        at(&p.opened_at),
                        at(&p.closed_at),
                        state.now(),
                    );
                    vec![
                        Cell::link(&p.title, format!("/polls/{}", p.id)),
                        Cell::text(state.label(ctx.lang)),
                    ]
                })
                .collect(),
            pagination: None,
        });
        if may_plan(ctx) {
            v.forms
                .push(form.unwrap_or_else(|| session_form(ctx, &a.activity)));
        }
    }
    super::group_participant::activity_part(
        state,
        ctx,
        (&a.activity, &a.session_list, viewer),
        &mut v,
        participant_form,
    )
    .await?;
    Ok(v)
}

/// The activity's page with a form sent back with its errors (422).
pub(super) async fn activity_page_with(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: FormSpec,
) -> Response {
    match activity_view(state, ctx, id, Some(form)).await {
        Ok(v) => {
            let mut res = render_admin(ctx.page("group-activities"), &v);
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(ctx, e),
    }
}

pub async fn activity_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Response {
    match activity_view(&state, &ctx, id, None).await {
        Ok(v) => render_admin(ctx.page("group-activities"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn session_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<SessionForm>,
) -> Response {
    let input = SessionInput {
        held_on: trim(&form.held_on),
        starts_at: trim(&form.starts_at),
        ends_at: trim(&form.ends_at),
        place: trim(&form.place),
        theme: trim(&form.theme),
        materials: trim(&form.materials),
        school_id: number(&form.school_id),
    };
    let values = values_of(&form);
    match group::add_session(&state, &ctx, id, &input).await {
        Ok(_) => Redirect::to(&format!("/group-activities/{id}")).into_response(),
        Err(AppError::Validation(e)) => {
            let activity = match group::activity(&state, &ctx, id).await {
                Ok((a, _)) => a.activity,
                Err(e) => return page_error(&ctx, e),
            };
            let form = session_form(&ctx, &activity)
                .with_values(&values)
                .with_errors(&FormErrors(e), ctx.lang);
            activity_page_with(&state, &ctx, id, form).await
        }
        Err(e) => page_error(&ctx, e),
    }
}

fn record_form(ctx: &Ctx, id: i64, s: &GroupSession) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let or_empty = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
    FormSpec {
        id: "attendance",
        title: t("group.record").into(),
        action: format!("/group-activities/{id}/sessions/{}", s.id),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("parents", t("group.parents"), "number", or_empty(s.parents))
                .range("0", "1000", "1")
                .hint(t("group.count_hint")),
            Field::new(
                "children",
                t("group.children"),
                "number",
                or_empty(s.children),
            )
            .range("0", "1000", "1"),
            Field::new(
                "evaluation",
                t("group.evaluation"),
                "textarea",
                &s.evaluation,
            )
            .optional(),
            Field::new(
                "preparation_minutes",
                t("group.preparation_minutes"),
                "number",
                s.preparation_minutes.to_string(),
            )
            .range("0", "720", "1"),
            Field::new(
                "session_minutes",
                t("group.session_minutes"),
                "number",
                s.session_minutes.to_string(),
            )
            .range("0", "720", "1")
            .hint(t("group.hours_hint")),
        ],
        ..Default::default()
    }
}

fn poll_form(ctx: &Ctx, id: i64, session_id: i64) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "poll",
        title: t("poll.new").into(),
        action: format!("/group-activities/{id}/sessions/{session_id}/polls"),
        submit: t("poll.create").into(),
        fields: vec![
            Field::new("title", t("poll.title_field"), "text", ""),
            Field::new("statements", t("poll.statements"), "textarea", "")
                .hint(t("poll.statements_hint")),
        ],
        ..Default::default()
    }
}

async fn session_view(
    state: &AppState,
    ctx: &Ctx,
    (id, session_id): (i64, i64),
    forms: Vec<FormSpec>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let (a, s, viewer) = group::session(state, ctx, id, session_id).await?;
    let (parents, children) = attendance_text(&s);
    let mut v = AdminView {
        title: format!("{} · {}", a.title, format_date(&s.held_on, ctx.lang)),
        page_id: "group-session".into(),
        breadcrumbs: vec![
            ("/group-activities".into(), t("nav.group_activities").into()),
            (format!("/group-activities/{id}"), a.title.clone()),
        ],
        success: saved.then(|| t("common.saved").into()),
        facts: vec![
            (t("group.held_on").into(), format_date(&s.held_on, ctx.lang)),
            (
                t("group.time").into(),
                format!("{}–{}", s.starts_at, s.ends_at),
            ),
            (t("field.school").into(), s.school_name.clone()),
            (t("group.place").into(), s.place.clone()),
            (t("group.theme").into(), s.theme.clone()),
            (t("group.materials").into(), s.materials.clone()),
            (t("group.parents").into(), parents),
            (t("group.children").into(), children),
        ],
        ..Default::default()
    };
    if viewer == Viewer::Staff {
        let polls: Vec<_> = state
            .store()
            .polls_of_activity(id)
            .await?
            .into_iter()
            .filter(|p| p.session_id == session_id)
            .collect();
        v.links = polls
            .iter()
            .map(|p| {
                (
                    format!("/polls/{}", p.id),
                    format!("{}: {}", t("poll.poll"), p.title),
                )
            })
            .collect();
        if may_plan(ctx) {
            let mut forms = forms;
            if !forms.iter().any(|f| f.id == "attendance") {
                forms.insert(0, record_form(ctx, id, &s));
            }
            super::group_participant::session_part(state, ctx, (&a, &s), &mut forms).await?;
            if !forms.iter().any(|f| f.id == "poll") {
                forms.push(poll_form(ctx, id, session_id));
            }
            v.forms = forms;
        } else {
            v.facts
                .push((t("group.evaluation").into(), s.evaluation.clone()));
        }
    }
    Ok(v)
}

pub async fn session_show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(ids): Path<(i64, i64)>,
    Query(saved): Query<Saved>,
) -> Response {
    match session_view(&state, &ctx, ids, Vec::new(), saved.saved.is_some()).await {
        Ok(v) => render_admin(ctx.page("group-activities"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// The session's page with a form sent back with its errors (422).
pub(super) async fn session_page_with(
    state: &AppState,
    ctx: &Ctx,
    ids: (i64, i64),
    form: FormSpec,
) -> Response {
    match session_view(state, ctx, ids, vec![form], false).await {
        Ok(v) => {
            let mut res = render_admin(ctx.page("group-activities"), &v);
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(ctx, e),
    }
}

pub async fn session_record(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    Form(form): Form<RecordForm>,
) -> Response {
    let input = form.input();
    let values = values_of(&form);
    match group::record_session(&state, &ctx, id, session_id, &input).await {
        Ok(_) => Redirect::to(&format!(
            "/group-activities/{id}/sessions/{session_id}?saved=1"
        ))
        .into_response(),
        Err(AppError::Validation(e)) => {
            let s = match state.store().group_session(session_id).await {
                Ok(s) => s,
                Err(e) => return page_error(&ctx, e.into()),
            };
            let form = record_form(&ctx, id, &s)
                .with_values(&values)
                .with_errors(&FormErrors(e), ctx.lang);
            session_page_with(&state, &ctx, (id, session_id), form).await
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn poll_create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, session_id)): Path<(i64, i64)>,
    Form(form): Form<PollForm>,
) -> Response {
    let input = crate::usecase::poll::PollInput {
        title: trim(&form.title),
        statements: form.statements.trim().lines().map(str::to_string).collect(),
    };
    let values = values_of(&form);
    match crate::usecase::poll::create_poll(&state, &ctx, id, session_id, &input).await {
        Ok(poll) => Redirect::to(&format!("/polls/{poll}")).into_response(),
        Err(AppError::Validation(e)) => {
            let form = poll_form(&ctx, id, session_id)
                .with_values(&values)
                .with_errors(&FormErrors(e), ctx.lang);
            session_page_with(&state, &ctx, (id, session_id), form).await
        }
        Err(e) => page_error(&ctx, e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use schakel_domain::group::PollState;

    #[test]
    fn repeated_fields_are_all_read() {
        let form: ActivityForm =
            serde_html_form::from_str("school_ids=3&school_ids=7&title=x").unwrap();
        assert_eq!(numbers(&form.school_ids), vec![3, 7]);
        let record: RecordForm = serde_html_form::from_str("parents=&children=drie").unwrap();
        let input = record.input();
        assert_eq!((input.parents, input.children), (0, 0));
        assert_eq!(
            input.unreadable.first().map(|e| e.field.as_str()),
            Some("children")
        );
        assert_eq!(PollState::Open.code(), "open");
    }
}
