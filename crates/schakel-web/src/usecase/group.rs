//! Group activities (issue 13, item 1): a parent discussion group, a course, a class workshop, a theme meeting —
//! planned as a series of sessions at the organisation's schools, attendance counted anonymously, an evaluation
//! per session and the hours (preparation and session) booked to the school.
//!
//! Who sees what: the organisation's social workers, team leads and functional admins see all its activities;
//! workers and team leads plan and record them. A school contact sees the activities at their own school — what,
//! when, where, the theme and how many came — but not the evaluation notes or the hours: those are the team's
//! working notes. Anyone else gets "not found".

use super::input::{invalid, text};
use super::scope::own_worker;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::Taxonomy;
use schakel_domain::group as rules;
use schakel_domain::input::{Fields, date as field_date, text as field_text};
use schakel_domain::org::FieldError;
use schakel_store::{GroupActivity, GroupSession, StoreError};
use serde::{Deserialize, Serialize};

/// How the reader sees an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A worker, team lead or functional admin of the organisation: everything.
    Staff,
    /// A school contact of one of its schools: without evaluations and hours.
    School,
}

/// A new group activity.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct GroupActivityInput {
    /// A code of the organisation's active kinds (its functional admin keeps the list, planners read it at
    /// `/api/v1/organisations/{id}/group-activity-kinds`; at first `oudergespreksgroep`, `opvoedcursus`,
    /// `kindertraining`, `klassenworkshop`, `themabijeenkomst`, `informatieavond`). Unknown or retired: 422.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Organisers from outside the organisation (partner professionals), as named; they get no account.
    #[serde(default)]
    pub partner_organisers: String,
    /// The schools (ids) it is for: schools where the organisation works.
    #[serde(default)]
    pub school_ids: Vec<i64>,
    /// The organisation's workers who organise it; empty means the one who records it.
    #[serde(default)]
    pub organiser_ids: Vec<i64>,
}

/// A session to plan.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct SessionInput {
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub held_on: String,
    /// HH:MM.
    #[serde(default)]
    pub starts_at: String,
    /// HH:MM.
    #[serde(default)]
    pub ends_at: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub theme: String,
    /// What to bring or prepare.
    #[serde(default)]
    pub materials: String,
    /// The school it is held at and whose hours it books; default the activity's first school.
    #[serde(default)]
    pub school_id: Option<i64>,
}

/// What is recorded after a session.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct AttendanceInput {
    /// Parents present (a number; nobody is named).
    #[serde(default)]
    pub parents: i64,
    /// Children present (a number; nobody is named).
    #[serde(default)]
    pub children: i64,
    /// How it went, what to take along to the next session.
    #[serde(default)]
    pub evaluation: String,
    /// Minutes of preparation (0–720), booked to the school.
    #[serde(default)]
    pub preparation_minutes: i64,
    /// Minutes of the session itself (0–720), booked to the school.
    #[serde(default)]
    pub session_minutes: i64,
    /// Fields the page could not read (a count that is no number), refused with the rest; never in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// An activity with its sessions as its reader may see it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ActivityWithSessions {
    #[serde(flatten)]
    pub activity: GroupActivity,
    /// For a school contact the evaluations are empty and the minutes 0.
    pub session_list: Vec<GroupSession>,
    /// The polls of its sessions (not for a school contact).
    pub polls: Vec<schakel_store::Poll>,
}

/// The schools an organisation works at (a current or past assignment of one of its workers).
pub(crate) async fn organisation_schools(
    state: &AppState,
    organisation_id: i64,
) -> Result<Vec<(i64, String)>, AppError> {
    let mut schools: Vec<(i64, String)> = state
        .store()
        .list_assignments(Some(organisation_id), None, None)
        .await?
        .into_iter()
        .map(|a| (a.school_id, a.school_name))
        .collect();
    schools.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    schools.dedup_by_key(|s| s.0);
    Ok(schools)
}

fn staff_role(role: Role) -> bool {
    matches!(
        role,
        Role::SocialWorker | Role::TeamLead | Role::FunctionalAdmin
    )
}

/// The activities the reader sees: the organisation's for its staff, the own school's for a school contact.
pub async fn activities(state: &AppState, ctx: &Ctx) -> Result<Vec<GroupActivity>, AppError> {
    let p = ctx.principal()?;
    let filter = match p.role {
        Role::SchoolContact => schakel_store::GroupActivityFilter {
            organisation_id: None,
            school_id: Some(p.school_id.ok_or(AppError::NotFound)?),
        },
        r if staff_role(r) => schakel_store::GroupActivityFilter {
            organisation_id: Some(p.organisation_id.ok_or(AppError::NotFound)?),
            school_id: None,
        },
        _ => return Err(AppError::Forbidden),
    };
    let list = state.store().group_activities(&filter).await?;
    state
        .log(ctx.event(AuditAction::Read, "group_activity", None, "ok"))
        .await?;
    Ok(list)
}

/// An activity the reader may see, and how; "not found" otherwise (the refusal is logged).
pub(crate) async fn activity_for(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(GroupActivity, Viewer), AppError> {
    let p = ctx.principal()?;
    let activity = match state.store().group_activity(id).await {
        Ok(a) => a,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let viewer = match p.role {
        r if staff_role(r) && p.organisation_id == Some(activity.organisation_id) => {
            Some(Viewer::Staff)
        }
        Role::SchoolContact
            if p.school_id
                .is_some_and(|s| activity.schools.iter().any(|l| l.id == s)) =>
        {
            Some(Viewer::School)
        }
        _ => None,
    };
    match viewer {
        Some(v) => Ok((activity, v)),
        None => {
            state
                .log(ctx.event(
                    AuditAction::Read,
                    "group_activity",
                    Some(id.to_string()),
                    "denied",
                ))
                .await?;
            Err(AppError::NotFound)
        }
    }
}

/// An activity the reader may change: a worker or team lead of its organisation.
pub(crate) async fn activity_to_change(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<GroupActivity, AppError> {
    let (activity, viewer) = activity_for(state, ctx, id).await?;
    let role = ctx.principal()?.role;
    if viewer != Viewer::Staff || !matches!(role, Role::SocialWorker | Role::TeamLead) {
        return Err(AppError::NotFound);
    }
    Ok(activity)
}

/// One activity with its sessions (and polls for the staff); the reading is logged.
pub async fn activity(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(ActivityWithSessions, Viewer), AppError> {
    let (activity, viewer) = activity_for(state, ctx, id).await?;
    let mut sessions = state.store().group_sessions(id).await?;
    let polls = match viewer {
        Viewer::Staff => state.store().polls_of_activity(id).await?,
        Viewer::School => {
            for s in &mut sessions {
                s.evaluation.clear();
                s.preparation_minutes = 0;
                s.session_minutes = 0;
            }
            Vec::new()
        }
    };
    state
        .log(ctx.event(
            AuditAction::Read,
            "group_activity",
            Some(id.to_string()),
            "ok",
        ))
        .await?;
    Ok((
        ActivityWithSessions {
            activity,
            session_list: sessions,
            polls,
        },
        viewer,
    ))
}

/// A worker or team lead plans a group activity for one or more of the organisation's schools.
pub async fn create_activity(
    state: &AppState,
    ctx: &Ctx,
    input: &GroupActivityInput,
) -> Result<i64, AppError> {
    let p = ctx.principal()?;
    let organisation_id = p.organisation_id.ok_or(AppError::Forbidden)?;
    let mut errors: Vec<FieldError> = Vec::new();
    let mut check = |r: Result<String, AppError>| match r {
        Ok(v) => v,
        Err(e) => {
            super::input::collect(&mut errors, e);
            String::new()
        }
    };
    let kinds = super::config::terms(state, organisation_id, Taxonomy::GroupActivityKinds).await?;
    let kind = check(
        kinds
            .iter()
            .find(|t| *t.active && t.code == input.kind.trim())
            .map(|t| t.code.clone())
            .ok_or_else(|| {
                invalid(
                    "kind",
                    "Kies een soort activiteit die de organisatie aanbiedt.",
                    "Choose a kind of activity the organisation offers.",
                )
            }),
    );
    let title = check(text("title", &input.title, 200, true));
    let description = check(text("description", &input.description, 4000, false));
    let partners = check(text(
        "partner_organisers",
        &input.partner_organisers,
        500,
        false,
    ));
    let allowed = organisation_schools(state, organisation_id).await?;
    let mut school_ids = input.school_ids.clone();
    school_ids.sort_unstable();
    school_ids.dedup();
    if school_ids.is_empty()
        || school_ids
            .iter()
            .any(|s| !allowed.iter().any(|a| a.0 == *s))
    {
        check(Err(invalid(
            "school_ids",
            "Kies een of meer scholen waar de organisatie werkt.",
            "Choose one or more schools where the organisation works.",
        )));
    }
    let workers = state.store().list_workers(Some(organisation_id)).await?;
    let mut organiser_ids = input.organiser_ids.clone();
    organiser_ids.sort_unstable();
    organiser_ids.dedup();
    if organiser_ids
        .iter()
        .any(|o| !workers.iter().any(|w| w.id == *o))
    {
        check(Err(invalid(
            "organiser_ids",
            "Kies organisatoren uit de medewerkers van de organisatie.",
            "Choose organisers among the organisation's workers.",
        )));
    }
    if organiser_ids.is_empty() {
        match own_worker(state, ctx).await? {
            Some(w) => organiser_ids.push(w.id),
            None if !partners.is_empty() => {}
            None => {
                check(Err(invalid(
                    "organiser_ids",
                    "Kies wie de activiteit organiseert.",
                    "Choose who organises the activity.",
                )));
            }
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_group_activity(
            &schakel_store::NewGroupActivity {
                organisation_id,
                kind,
                title,
                description,
                partner_organisers: partners,
                school_ids,
                organiser_ids,
                created_by: Some(p.user_id),
            },
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "group_activity",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

/// Plans a session of an activity.
pub async fn add_session(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
    input: &SessionInput,
) -> Result<i64, AppError> {
    let activity = activity_to_change(state, ctx, activity_id).await?;
    let mut f = Fields::new();
    let held_on = f.take(field_date("held_on", &input.held_on));
    let times = f.take(
        rules::session_times(&input.starts_at, &input.ends_at)
            .map_err(|(field, nl, en)| FieldError::new(field, nl, en)),
    );
    let place = f.take(field_text("place", &input.place, 200, false));
    let theme = f.take(field_text("theme", &input.theme, 200, false));
    let materials = f.take(field_text("materials", &input.materials, 2000, false));
    let school_id = match input.school_id {
        Some(s) if activity.schools.iter().any(|l| l.id == s) => Some(s),
        Some(_) => {
            f.push(FieldError::new(
                "school_id",
                "Kies een school van deze activiteit.",
                "Choose a school of this activity.",
            ));
            None
        }
        None => Some(
            activity
                .schools
                .first()
                .map(|l| l.id)
                .ok_or(AppError::NotFound)?,
        ),
    };
    let (((held_on, (starts, ends)), (place, theme)), (materials, school_id)) = f
        .finish((|| {
            Some((
                ((held_on?, times?), (place?, theme?)),
                (materials?, school_id?),
            ))
        })())
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_group_session(
            &schakel_store::NewGroupSession {
                activity_id,
                school_id,
                held_on: held_on.to_string(),
                starts_at: starts.format("%H:%M").to_string(),
                ends_at: ends.format("%H:%M").to_string(),
                place,
                theme,
                materials,
            },
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "group_session",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(id)
}

/// A session of an activity the reader may see.
pub async fn session(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
    session_id: i64,
) -> Result<(GroupActivity, GroupSession, Viewer), AppError> {
    let (activity, viewer) = activity_for(state, ctx, activity_id).await?;
    let mut session = match state.store().group_session(session_id).await {
        Ok(s) if s.activity_id == activity_id => s,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if viewer == Viewer::School {
        session.evaluation.clear();
        session.preparation_minutes = 0;
        session.session_minutes = 0;
    }
    state
        .log(ctx.event(
            AuditAction::Read,
            "group_session",
            Some(session_id.to_string()),
            "ok",
        ))
        .await?;
    Ok((activity, session, viewer))
}

/// Records a session's attendance (counted), evaluation and hours; the hours are booked to the session's school
/// as the recorder's time (recording again replaces them). Not before the session's day.
pub async fn record_session(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
    session_id: i64,
    input: &AttendanceInput,
) -> Result<GroupSession, AppError> {
    let activity = activity_to_change(state, ctx, activity_id).await?;
    let session = match state.store().group_session(session_id).await {
        Ok(s) if s.activity_id == activity_id => s,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let mut f = Fields::new();
    for e in &input.unreadable {
        f.push(e.clone());
    }
    if session.held_on > state.now().date_naive().to_string() {
        f.push(FieldError::new(
            "parents",
            "Deze bijeenkomst is nog niet geweest.",
            "This session has not taken place yet.",
        ));
    } else {
        // A field the page could not read is named once, by the page.
        for (field, nl, en) in rules::session_record(
            input.parents,
            input.children,
            input.preparation_minutes,
            input.session_minutes,
        ) {
            if !input.unreadable.iter().any(|e| e.field == field) {
                f.push(FieldError::new(field, nl, en));
            }
        }
    }
    let evaluation = f.take(field_text("evaluation", &input.evaluation, 4000, false));
    let evaluation = f.finish(evaluation).map_err(AppError::Validation)?;
    let p = ctx.principal()?;
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    let mut tx = state.store().begin().await?;
    tx.record_group_session(
        session_id,
        &schakel_store::SessionRecord {
            parents: input.parents,
            children: input.children,
            evaluation,
            preparation_minutes: input.preparation_minutes,
            session_minutes: input.session_minutes,
            organisation_id: activity.organisation_id,
            worker_id: worker,
            recorded_by: Some(p.user_id),
        },
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "group_session",
                Some(session_id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(state.store().group_session(session_id).await?)
}
