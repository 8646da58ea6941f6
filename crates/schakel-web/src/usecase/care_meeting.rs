//! Care meetings at school (zorgoverleg / ZAT / MDO) and pre-school group reviews (issue 13, item 3, ADR 020):
//! planned per school (one or a series), participants, pupils discussed — by name only with consent to share
//! with the school (`schakel_domain::care_meeting`), otherwise anonymously — agreed actions that appear in their
//! owners' task lists, and short minutes.
//!
//! Who sees what: the organisation's social workers and team leads see and change its meetings. A school contact
//! sees the meetings at their own school — date, kind, agenda, participants, minutes and actions — and a named
//! pupil's name only while consent to share with the school is in force (checked again at every read); anyone
//! else gets "not found" (the refusal is logged). Every read of a meeting is logged, and each named pupil shown
//! is logged as a read of that case with the meeting as its basis.

use super::consent::sharing_basis;
use super::input::{invalid, parse_date, text};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::care_meeting::{self as rules, CareMeetingKind, Problem};
use schakel_domain::consent::RecipientKind;
use schakel_domain::input::{Fields, date as field_date, text as field_text};
use schakel_domain::org::FieldError;
use schakel_store::{CareMeeting, MeetingAction, MeetingPupil, StoreError};
use serde::{Deserialize, Serialize};

fn problem(p: Problem) -> AppError {
    invalid(p.0, p.1, p.2)
}

/// How the reader sees a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// A social worker or team lead of the organisation: everything, and may change it.
    Staff,
    /// A school contact of the meeting's school: named pupils only with consent to share with the school.
    School,
}

/// A meeting to plan, or a series of them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct CareMeetingInput {
    /// `zorgoverleg`, `zat`, `mdo` or `groepsbespreking` (a pre-school group review).
    #[serde(default)]
    #[schemars(extend("enum" = CareMeetingKind::ALL.iter().map(|k| k.code()).collect::<Vec<_>>()))]
    pub kind: String,
    /// The school or pre-school location (a school where the organisation works).
    #[serde(default)]
    pub school_id: Option<i64>,
    /// For a group review: the group (required there).
    #[serde(default)]
    pub group_name: String,
    /// The (first) date, YYYY-MM-DD.
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
    pub agenda: String,
    /// The organisation's social workers and team leads (user ids) taking part; empty: the one who plans.
    #[serde(default)]
    pub participant_ids: Vec<i64>,
    /// School staff and partners as named (no account, no access).
    #[serde(default)]
    pub outside_participants: String,
    /// How many meetings to plan (a series); default 1.
    #[serde(default)]
    pub count: Option<u32>,
    /// Every how many weeks (for a series).
    #[serde(default)]
    pub every_weeks: Option<u32>,
    /// Fields the page could not read (a count that is no number), refused with the rest; never in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// The minutes of a held meeting.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct MinutesInput {
    #[serde(default)]
    pub minutes: String,
    /// For a group review: how many children were discussed (counted, not named).
    #[serde(default)]
    pub children_discussed: i64,
    /// For a group review: what follows.
    #[serde(default)]
    pub follow_up: String,
    /// Fields the page could not read (a number of children that is no number), refused with the rest; never in
    /// a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// A pupil discussed: by name (`case_id`, only with consent to share with the school) or anonymously.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct PupilInput {
    /// The case of the pupil to discuss by name; none: anonymous.
    #[serde(default)]
    pub case_id: Option<i64>,
    /// What is discussed; for an anonymous pupil no name ("leerling groep 5, vraag over ...").
    #[serde(default)]
    pub description: String,
}

/// An agreed action.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ActionInput {
    #[serde(default)]
    pub description: String,
    /// The user (a social worker or team lead of the organisation) who owns it; default the one who records it.
    #[serde(default)]
    pub owner_user_id: Option<i64>,
    /// YYYY-MM-DD.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub due_on: String,
}

/// A meeting with its pupils and actions as its reader may see them.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct MeetingDetail {
    #[serde(flatten)]
    pub meeting: CareMeeting,
    /// For a school contact a named pupil without consent in force shows without name and case.
    pub pupil_list: Vec<MeetingPupil>,
    pub actions: Vec<MeetingAction>,
}

fn staff_role(role: Role) -> bool {
    matches!(role, Role::SocialWorker | Role::TeamLead)
}

/// The meetings the reader sees: the organisation's for its staff, the own school's for a school contact.
pub async fn meetings(state: &AppState, ctx: &Ctx) -> Result<Vec<CareMeeting>, AppError> {
    let p = ctx.principal()?;
    let filter = match p.role {
        Role::SchoolContact => schakel_store::CareMeetingFilter {
            school_id: Some(p.school_id.ok_or(AppError::NotFound)?),
            ..Default::default()
        },
        r if staff_role(r) => schakel_store::CareMeetingFilter {
            organisation_id: Some(p.organisation_id.ok_or(AppError::NotFound)?),
            ..Default::default()
        },
        _ => return Err(AppError::Forbidden),
    };
    let list = state.store().care_meetings(&filter).await?;
    state
        .log(ctx.event(AuditAction::Read, "care_meeting", None, "ok"))
        .await?;
    Ok(list)
}

/// A meeting the reader may see, and how; "not found" otherwise (the refusal is logged).
async fn meeting_for(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(CareMeeting, Viewer), AppError> {
    let p = ctx.principal()?;
    let meeting = match state.store().care_meeting(id).await {
        Ok(m) => m,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let viewer = match p.role {
        r if staff_role(r) && p.organisation_id == Some(meeting.organisation_id) => {
            Some(Viewer::Staff)
        }
        Role::SchoolContact if p.school_id == Some(meeting.school_id) => Some(Viewer::School),
        _ => None,
    };
    match viewer {
        Some(v) => Ok((meeting, v)),
        None => {
            state
                .log(ctx.event(
                    AuditAction::Read,
                    "care_meeting",
                    Some(id.to_string()),
                    "denied",
                ))
                .await?;
            Err(AppError::NotFound)
        }
    }
}

/// A meeting the reader may change: a social worker or team lead of its organisation.
async fn meeting_to_change(state: &AppState, ctx: &Ctx, id: i64) -> Result<CareMeeting, AppError> {
    match meeting_for(state, ctx, id).await? {
        (m, Viewer::Staff) => Ok(m),
        (_, Viewer::School) => Err(AppError::NotFound),
    }
}

/// May the case's information go to the school today (consent in force for the recipient `school`)?
async fn school_may_know(state: &AppState, case_id: i64) -> Result<Result<(), String>, AppError> {
    let file = state.store().case_file(case_id).await?;
    Ok(sharing_basis(
        &file,
        rules::SHARE_RECIPIENT,
        RecipientKind::School,
        state.now().date_naive(),
        None,
    )
    .map(|_| ()))
}

/// One meeting with its pupils and actions; the reading is logged, and each named pupil shown as a read of the
/// case with the meeting as its basis.
pub async fn meeting(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(MeetingDetail, Viewer), AppError> {
    let (meeting, viewer) = meeting_for(state, ctx, id).await?;
    let mut pupils = state.store().meeting_pupils(id).await?;
    if viewer == Viewer::School {
        for pupil in &mut pupils {
            if let Some(case_id) = pupil.case_id
                && school_may_know(state, case_id).await?.is_err()
            {
                pupil.case_id = None;
                pupil.name.clear();
                pupil.basis.clear();
            }
        }
    }
    let actions = state.store().meeting_actions(id).await?;
    state
        .log(ctx.event(
            AuditAction::Read,
            "care_meeting",
            Some(id.to_string()),
            "ok",
        ))
        .await?;
    for case_id in pupils.iter().filter_map(|p| p.case_id) {
        let mut event = ctx.event(AuditAction::Read, "case", Some(case_id.to_string()), "ok");
        event.basis = format!("{}; care meeting {id}; consent (school)", event.basis);
        state.log(event).await?;
    }
    Ok((
        MeetingDetail {
            meeting,
            pupil_list: pupils,
            actions,
        },
        viewer,
    ))
}

/// The organisation's social workers and team leads (who take part and own actions).
pub async fn staff(
    state: &AppState,
    ctx: &Ctx,
) -> Result<Vec<schakel_store::MeetingUser>, AppError> {
    let org = ctx
        .principal()?
        .organisation_id
        .ok_or(AppError::Forbidden)?;
    Ok(state.store().meeting_staff(org).await?)
}

/// Plans a meeting, or a series (`count` meetings every `every_weeks` weeks), at a school of the organisation.
pub async fn plan(
    state: &AppState,
    ctx: &Ctx,
    input: &CareMeetingInput,
) -> Result<Vec<i64>, AppError> {
    let p = ctx.principal()?;
    if !staff_role(p.role) {
        return Err(AppError::Forbidden);
    }
    let organisation_id = p.organisation_id.ok_or(AppError::Forbidden)?;
    let mut errors: Vec<FieldError> = input.unreadable.clone();
    let mut check = |r: Result<String, AppError>| match r {
        Ok(v) => v,
        Err(e) => {
            super::input::collect(&mut errors, e);
            String::new()
        }
    };
    let kind = CareMeetingKind::parse(&input.kind);
    if kind.is_none() {
        check(Err(invalid(
            "kind",
            "Kies een soort overleg.",
            "Choose a kind of meeting.",
        )));
    }
    let schools = super::group::organisation_schools(state, organisation_id).await?;
    let school_id = input
        .school_id
        .filter(|id| schools.iter().any(|s| s.0 == *id));
    if school_id.is_none() {
        check(Err(invalid(
            "school_id",
            "Kies een school of locatie waar de organisatie werkt.",
            "Choose a school or location where the organisation works.",
        )));
    }
    let group_name = check(text(
        "group_name",
        &input.group_name,
        200,
        kind == Some(CareMeetingKind::GroupReview),
    ));
    let agenda = check(text("agenda", &input.agenda, 4000, false));
    let outside = check(text(
        "outside_participants",
        &input.outside_participants,
        1000,
        false,
    ));
    let first = match parse_date("held_on", &input.held_on) {
        Ok(d) => Some(d),
        Err(e) => {
            check(Err(e));
            None
        }
    };
    let times = match schakel_domain::group::session_times(&input.starts_at, &input.ends_at) {
        Ok(t) => Some(t),
        Err(p) => {
            check(Err(invalid(p.0, p.1, p.2)));
            None
        }
    };
    let dates = first
        .map(|d| rules::series_dates(d, input.count.unwrap_or(1), input.every_weeks.unwrap_or(0)));
    if let Some(Err(p)) = &dates {
        check(Err(problem(*p)));
    }
    let staff = state.store().meeting_staff(organisation_id).await?;
    let mut participant_ids = input.participant_ids.clone();
    participant_ids.sort_unstable();
    participant_ids.dedup();
    if participant_ids
        .iter()
        .any(|u| !staff.iter().any(|s| s.user_id == *u))
    {
        check(Err(invalid(
            "participant_ids",
            "Kies deelnemers uit de medewerkers van de organisatie.",
            "Choose participants among the organisation's staff.",
        )));
    }
    if participant_ids.is_empty() {
        participant_ids.push(p.user_id);
    }
    let (Some(kind), Some(school_id), Some(Ok(dates)), Some((starts, ends)), true) =
        (kind, school_id, dates, times, errors.is_empty())
    else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = state.store().begin().await?;
    let mut ids = Vec::with_capacity(dates.len());
    for day in dates {
        ids.push(
            tx.insert_care_meeting(
                &schakel_store::NewCareMeeting {
                    organisation_id,
                    school_id,
                    kind: kind.code().to_string(),
                    group_name: group_name.clone(),
                    held_on: day.to_string(),
                    starts_at: starts.format("%H:%M").to_string(),
                    ends_at: ends.format("%H:%M").to_string(),
                    agenda: agenda.clone(),
                    outside_participants: outside.clone(),
                    participant_ids: participant_ids.clone(),
                    created_by: Some(p.user_id),
                },
                state.now(),
            )
            .await?,
        );
    }
    let subject = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Create, "care_meeting", Some(subject), "ok"),
        )
        .await?;
    Ok(ids)
}

/// Records the minutes (and for a group review the children counted and what follows): the meeting is held.
/// Not before its day.
pub async fn record_minutes(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &MinutesInput,
) -> Result<CareMeeting, AppError> {
    let meeting = meeting_to_change(state, ctx, id).await?;
    let mut f = Fields::new();
    for e in &input.unreadable {
        f.push(e.clone());
    }
    if meeting.held_on > state.now().date_naive().to_string() {
        f.push(FieldError::new(
            "minutes",
            "Dit overleg is nog niet geweest.",
            "This meeting has not taken place yet.",
        ));
    }
    let minutes = f.take(field_text("minutes", &input.minutes, 8000, true));
    if let Err(p) = rules::children_discussed(input.children_discussed) {
        f.push(FieldError::new(p.0, p.1, p.2));
    }
    let follow_up = f.take(field_text("follow_up", &input.follow_up, 4000, false));
    let (minutes, follow_up) = f
        .finish(minutes.zip(follow_up))
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    tx.record_care_meeting(
        id,
        &schakel_store::MeetingRecord {
            minutes,
            children_discussed: input.children_discussed,
            follow_up,
        },
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "care_meeting",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(state.store().care_meeting(id).await?)
}

/// The reader's open cases at the meeting's school: the pupils that could be discussed by name.
pub async fn cases_at_school(
    state: &AppState,
    ctx: &Ctx,
    meeting: &CareMeeting,
) -> Result<Vec<schakel_store::Case>, AppError> {
    let list: Vec<schakel_store::Case> = super::case::cases_in_scope(state, ctx, None, true)
        .await?
        .into_iter()
        .filter(|c| c.school_id == Some(meeting.school_id))
        .collect();
    super::log_list(
        state,
        ctx,
        AuditAction::Read,
        "case",
        list.iter().map(|c| c.id),
    )
    .await?;
    Ok(list)
}

/// Adds a pupil discussed. By name only when the reader may open the case, the case is at the meeting's school,
/// and consent to share with the school is in force; otherwise 422 naming why and suggesting anonymity.
pub async fn add_pupil(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &PupilInput,
) -> Result<i64, AppError> {
    let meeting = meeting_to_change(state, ctx, id).await?;
    let description = text(
        "description",
        &input.description,
        500,
        input.case_id.is_none(),
    )?;
    let basis = match input.case_id {
        None => String::new(),
        Some(case_id) => {
            let not_found = || {
                invalid(
                    "case_id",
                    "Kies een dossier van een leerling van deze school.",
                    "Choose a case of a pupil of this school.",
                )
            };
            let file = match super::case::open_case(state, ctx, case_id).await {
                Ok(f) => f,
                Err(AppError::NotFound) => return Err(not_found()),
                Err(e) => return Err(e),
            };
            if file.case.school_id != Some(meeting.school_id) {
                return Err(not_found());
            }
            match sharing_basis(
                &file,
                rules::SHARE_RECIPIENT,
                RecipientKind::School,
                state.now().date_naive(),
                None,
            ) {
                Ok(basis) => basis.to_string(),
                Err(gap) => {
                    state
                        .log(ctx.event(
                            AuditAction::Change,
                            "care_meeting",
                            Some(id.to_string()),
                            "denied",
                        ))
                        .await?;
                    let (nl, en) = rules::not_by_name(&gap);
                    return Err(invalid("case_id", &nl, &en));
                }
            }
        }
    };
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    let pupil = tx
        .insert_meeting_pupil(
            id,
            input.case_id,
            &description,
            &basis,
            Some(p.user_id),
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "care_meeting",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(pupil)
}

/// Adds an agreed action with its owner (a social worker or team lead of the organisation) and due date.
pub async fn add_action(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ActionInput,
) -> Result<i64, AppError> {
    let meeting = meeting_to_change(state, ctx, id).await?;
    let mut f = Fields::new();
    let description = f.take(field_text("description", &input.description, 500, true));
    let due_on = f.take(field_date("due_on", &input.due_on));
    let p = ctx.principal()?;
    let owner = input.owner_user_id.unwrap_or(p.user_id);
    let staff = state.store().meeting_staff(meeting.organisation_id).await?;
    if !staff.iter().any(|s| s.user_id == owner) {
        f.push(FieldError::new(
            "owner_user_id",
            "Kies een eigenaar uit de medewerkers van de organisatie.",
            "Choose an owner among the organisation's staff.",
        ));
    }
    let (description, due_on) = f
        .finish(description.zip(due_on))
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let action = tx
        .insert_meeting_action(
            id,
            &description,
            owner,
            &due_on.to_string(),
            Some(p.user_id),
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "care_meeting",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(action)
}

/// Marks an action done.
pub async fn complete_action(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    action_id: i64,
) -> Result<(), AppError> {
    meeting_to_change(state, ctx, id).await?;
    let mut tx = state.store().begin().await?;
    match tx
        .complete_meeting_action(id, action_id, &state.now().date_naive().to_string())
        .await
    {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "care_meeting",
                Some(id.to_string()),
                "ok",
            ),
        )
        .await?;
    Ok(())
}

/// The reader's own open actions from meetings (the task list on the home page).
pub async fn my_actions(state: &AppState, ctx: &Ctx) -> Result<Vec<MeetingAction>, AppError> {
    let p = ctx.principal()?;
    Ok(state.store().open_actions_of(p.user_id).await?)
}
