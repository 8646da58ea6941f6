//! Care meetings (zorgoverleg / ZAT / MDO) and pre-school group reviews (issue 13, item 3): the meetings of a
//! school, their participants, the pupils discussed (named through a case, or anonymous), the agreed actions with
//! their owners, and the figures per school and school year for the monitoring.

use crate::{Result, Store, StoreError, WriteTx, timestamp};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A user of the organisation taking part in a meeting (or owning an action).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MeetingUser {
    pub user_id: i64,
    pub name: String,
}

/// A care meeting or a group review.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct CareMeeting {
    pub id: i64,
    pub organisation_id: i64,
    pub school_id: i64,
    pub school_name: String,
    /// `zorgoverleg`, `zat`, `mdo` or `groepsbespreking`.
    pub kind: String,
    /// For a group review: the pre-school group (e.g. "Peuters de Vlinders").
    pub group_name: String,
    /// YYYY-MM-DD.
    pub held_on: String,
    /// HH:MM.
    pub starts_at: String,
    /// HH:MM.
    pub ends_at: String,
    pub agenda: String,
    /// Outside people (school staff, partners) as named; they have no account and no access.
    pub outside_participants: String,
    pub participants: Vec<MeetingUser>,
    /// Short minutes; empty while planned.
    pub minutes: String,
    /// For a group review: how many children were discussed (counted, not named).
    pub children_discussed: i64,
    /// For a group review: what follows.
    pub follow_up: String,
    /// When the minutes were recorded: the meeting is held. None: planned.
    pub recorded_at: Option<String>,
    /// Pupils discussed, named and anonymous.
    pub pupils: i64,
}

impl CareMeeting {
    pub fn is_held(&self) -> bool {
        self.recorded_at.is_some()
    }
}

/// A pupil discussed at a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MeetingPupil {
    pub id: i64,
    /// The case of a pupil discussed by name; none for an anonymous pupil.
    pub case_id: Option<i64>,
    /// The child's name (named pupils only; empty when the reader may not see it).
    pub name: String,
    /// What is discussed ("leerling groep 5, vraag over ...").
    pub description: String,
    /// The basis of a named discussion when it was added (`consent`).
    pub basis: String,
}

/// An agreed action.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MeetingAction {
    pub id: i64,
    pub meeting_id: i64,
    pub description: String,
    pub owner_user_id: i64,
    pub owner_name: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// YYYY-MM-DD when done.
    pub done_on: Option<String>,
    /// The meeting's kind, school and date, for a task list.
    pub meeting_kind: String,
    pub school_name: String,
    pub meeting_on: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewCareMeeting {
    pub organisation_id: i64,
    pub school_id: i64,
    pub kind: String,
    pub group_name: String,
    pub held_on: String,
    pub starts_at: String,
    pub ends_at: String,
    pub agenda: String,
    pub outside_participants: String,
    pub participant_ids: Vec<i64>,
    pub created_by: Option<i64>,
}

/// What is recorded after a meeting: the minutes (and for a group review the count and what follows).
#[derive(Debug, Clone, Default)]
pub struct MeetingRecord {
    pub minutes: String,
    pub children_discussed: i64,
    pub follow_up: String,
}

/// Which meetings a list holds.
#[derive(Debug, Clone, Default)]
pub struct CareMeetingFilter {
    pub organisation_id: Option<i64>,
    pub school_id: Option<i64>,
    pub municipality_id: Option<i64>,
}

/// Care meetings at one school in one school year (the monitoring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CareMeetingFigure {
    pub school_id: i64,
    pub school_name: String,
    pub municipality_id: i64,
    /// `2026-2027`: from 1 August.
    pub school_year: String,
    /// Care meetings (zorgoverleg, ZAT, MDO) with minutes recorded.
    pub meetings_held: i64,
    /// Care meetings without minutes yet (planned, or past and not recorded).
    pub meetings_planned: i64,
    /// Pupils discussed by name at held care meetings and group reviews.
    pub pupils_named: i64,
    /// Pupils discussed anonymously at held meetings, plus the children counted at held group reviews.
    pub pupils_anonymous: i64,
    /// Group reviews (pre-school) with minutes recorded.
    pub group_reviews_held: i64,
    /// Group reviews without minutes yet.
    pub group_reviews_planned: i64,
}

const MEETING_COLUMNS: &str = "m.id, m.organisation_id, m.school_id, s.name, m.kind, m.group_name, m.held_on, \
     m.starts_at, m.ends_at, m.agenda, m.outside_participants, m.minutes, m.children_discussed, m.follow_up, \
     m.recorded_at, (SELECT COUNT(*) FROM care_meeting_pupils p WHERE p.meeting_id = m.id) \
     FROM care_meetings m JOIN schools s ON s.id = m.school_id";

fn meeting_of(r: &sqlx::any::AnyRow) -> Result<CareMeeting> {
    Ok(CareMeeting {
        id: r.try_get(0)?,
        organisation_id: r.try_get(1)?,
        school_id: r.try_get(2)?,
        school_name: r.try_get(3)?,
        kind: r.try_get(4)?,
        group_name: r.try_get(5)?,
        held_on: r.try_get(6)?,
        starts_at: r.try_get(7)?,
        ends_at: r.try_get(8)?,
        agenda: r.try_get(9)?,
        outside_participants: r.try_get(10)?,
        minutes: r.try_get(11)?,
        children_discussed: r.try_get(12)?,
        follow_up: r.try_get(13)?,
        recorded_at: r.try_get(14)?,
        pupils: r.try_get(15)?,
        participants: Vec::new(),
    })
}

const ACTION_COLUMNS: &str = "a.id, a.meeting_id, a.description, a.owner_user_id, u.display_name, a.due_on, \
     a.done_on, m.kind, s.name, m.held_on FROM care_meeting_actions a JOIN users u ON u.id = a.owner_user_id \
     JOIN care_meetings m ON m.id = a.meeting_id JOIN schools s ON s.id = m.school_id";

fn action_of(r: &sqlx::any::AnyRow) -> Result<MeetingAction> {
    Ok(MeetingAction {
        id: r.try_get(0)?,
        meeting_id: r.try_get(1)?,
        description: r.try_get(2)?,
        owner_user_id: r.try_get(3)?,
        owner_name: r.try_get(4)?,
        due_on: r.try_get(5)?,
        done_on: r.try_get(6)?,
        meeting_kind: r.try_get(7)?,
        school_name: r.try_get(8)?,
        meeting_on: r.try_get(9)?,
    })
}

/// The school year (`2026-2027`, from 1 August) of a date.
fn school_year(day: NaiveDate) -> String {
    use chrono::Datelike;
    let start = schakel_domain::casework::school_year_start(day);
    format!("{}-{}", start.year(), start.year() + 1)
}

impl Store {
    /// Meetings of an organisation or at a school, by date; at most 500.
    pub async fn care_meetings(&self, f: &CareMeetingFilter) -> Result<Vec<CareMeeting>> {
        sqlx::query(sql!(
            "SELECT ",
            MEETING_COLUMNS,
            " WHERE ($1 IS NULL OR m.organisation_id = $1) AND ($2 IS NULL OR m.school_id = $2) \
             ORDER BY m.held_on, m.starts_at, m.id LIMIT 500"
        ))
        .bind(f.organisation_id)
        .bind(f.school_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(meeting_of)
        .collect()
    }

    /// One meeting with its participants.
    pub async fn care_meeting(&self, id: i64) -> Result<CareMeeting> {
        let row = sqlx::query(sql!("SELECT ", MEETING_COLUMNS, " WHERE m.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        let mut meeting = meeting_of(&row)?;
        meeting.participants = sqlx::query(
            "SELECT u.id, u.display_name FROM care_meeting_participants p JOIN users u ON u.id = p.user_id \
             WHERE p.meeting_id = $1 ORDER BY u.display_name, u.id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(MeetingUser {
                user_id: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(meeting)
    }

    /// The pupils discussed at a meeting, in the order added; named ones with the child's name.
    pub async fn meeting_pupils(&self, meeting_id: i64) -> Result<Vec<MeetingPupil>> {
        sqlx::query(
            "SELECT p.id, p.case_id, COALESCE(ch.given_name || ' ' || ch.family_name, ''), p.description, p.basis \
             FROM care_meeting_pupils p LEFT JOIN cases c ON c.id = p.case_id \
             LEFT JOIN children ch ON ch.id = c.child_id WHERE p.meeting_id = $1 ORDER BY p.id",
        )
        .bind(meeting_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(MeetingPupil {
                id: r.try_get(0)?,
                case_id: r.try_get(1)?,
                name: r.try_get(2)?,
                description: r.try_get(3)?,
                basis: r.try_get(4)?,
            })
        })
        .collect()
    }

    /// The agreed actions of a meeting, by due date.
    pub async fn meeting_actions(&self, meeting_id: i64) -> Result<Vec<MeetingAction>> {
        sqlx::query(sql!(
            "SELECT ",
            ACTION_COLUMNS,
            " WHERE a.meeting_id = $1 ORDER BY a.due_on, a.id"
        ))
        .bind(meeting_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(action_of)
        .collect()
    }

    /// A user's open actions from meetings, by due date (the task list on the home page).
    pub async fn open_actions_of(&self, user_id: i64) -> Result<Vec<MeetingAction>> {
        sqlx::query(sql!(
            "SELECT ",
            ACTION_COLUMNS,
            " WHERE a.owner_user_id = $1 AND a.done_on IS NULL ORDER BY a.due_on, a.id LIMIT 200"
        ))
        .bind(user_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(action_of)
        .collect()
    }

    /// The active social workers and team leads of an organisation: who can take part and own actions.
    pub async fn meeting_staff(&self, organisation_id: i64) -> Result<Vec<MeetingUser>> {
        sqlx::query(
            "SELECT id, display_name FROM users WHERE organisation_id = $1 AND disabled = 0 \
             AND role IN ('social_worker', 'team_lead') ORDER BY display_name, id",
        )
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(MeetingUser {
                user_id: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect()
    }

    /// Care meetings and group reviews per school and school year: held and planned, pupils discussed by name
    /// and anonymously (group reviews' counted children included in the anonymous). The hook for the monitoring
    /// dashboard; sorted by school year, then school name. Small numbers are not suppressed here.
    pub async fn care_meetings_per_school_year(
        &self,
        f: &CareMeetingFilter,
    ) -> Result<Vec<CareMeetingFigure>> {
        let rows = sqlx::query(
            "SELECT m.school_id, s.name, s.municipality_id, m.held_on, m.kind, \
             CASE WHEN m.recorded_at IS NULL THEN 0 ELSE 1 END, m.children_discussed, \
             (SELECT COUNT(*) FROM care_meeting_pupils p WHERE p.meeting_id = m.id AND p.case_id IS NOT NULL), \
             (SELECT COUNT(*) FROM care_meeting_pupils p WHERE p.meeting_id = m.id AND p.case_id IS NULL) \
             FROM care_meetings m JOIN schools s ON s.id = m.school_id \
             WHERE ($1 IS NULL OR m.organisation_id = $1) AND ($2 IS NULL OR m.school_id = $2) \
             AND ($3 IS NULL OR s.municipality_id = $3)",
        )
        .bind(f.organisation_id)
        .bind(f.school_id)
        .bind(f.municipality_id)
        .fetch_all(self.reader())
        .await?;
        let mut out: std::collections::BTreeMap<(String, String, i64), CareMeetingFigure> =
            std::collections::BTreeMap::new();
        for r in rows {
            let school_id: i64 = r.try_get(0)?;
            let school_name: String = r.try_get(1)?;
            let held_on: String = r.try_get(3)?;
            let Ok(day) = held_on.parse::<NaiveDate>() else {
                continue;
            };
            let year = school_year(day);
            let fig = out
                .entry((year.clone(), school_name.clone(), school_id))
                .or_insert_with(|| CareMeetingFigure {
                    school_id,
                    school_name,
                    municipality_id: 0,
                    school_year: year,
                    meetings_held: 0,
                    meetings_planned: 0,
                    pupils_named: 0,
                    pupils_anonymous: 0,
                    group_reviews_held: 0,
                    group_reviews_planned: 0,
                });
            fig.municipality_id = r.try_get(2)?;
            let kind: String = r.try_get(4)?;
            let held = r.try_get::<i64, _>(5)? == 1;
            let review = kind == schakel_domain::care_meeting::CareMeetingKind::GroupReview.code();
            match (review, held) {
                (true, true) => fig.group_reviews_held += 1,
                (true, false) => fig.group_reviews_planned += 1,
                (false, true) => fig.meetings_held += 1,
                (false, false) => fig.meetings_planned += 1,
            }
            if held {
                fig.pupils_named += r.try_get::<i64, _>(7)?;
                fig.pupils_anonymous += r.try_get::<i64, _>(8)? + r.try_get::<i64, _>(6)?;
            }
        }
        Ok(out.into_values().collect())
    }
}

impl WriteTx {
    pub async fn insert_care_meeting(
        &mut self,
        m: &NewCareMeeting,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO care_meetings (organisation_id, school_id, kind, group_name, held_on, starts_at, ends_at, \
             agenda, outside_participants, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(m.organisation_id)
        .bind(m.school_id)
        .bind(&m.kind)
        .bind(&m.group_name)
        .bind(&m.held_on)
        .bind(&m.starts_at)
        .bind(&m.ends_at)
        .bind(&m.agenda)
        .bind(&m.outside_participants)
        .bind(m.created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        let id: i64 = row.try_get(0)?;
        for user in &m.participant_ids {
            sqlx::query(
                "INSERT INTO care_meeting_participants (meeting_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(user)
            .execute(self.conn())
            .await?;
        }
        Ok(id)
    }

    /// Records the minutes: the meeting is held (recording again replaces them).
    pub async fn record_care_meeting(
        &mut self,
        id: i64,
        r: &MeetingRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE care_meetings SET minutes = $2, children_discussed = $3, follow_up = $4, recorded_at = $5 \
             WHERE id = $1",
        )
        .bind(id)
        .bind(&r.minutes)
        .bind(r.children_discussed)
        .bind(&r.follow_up)
        .bind(timestamp(now))
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Adds a pupil discussed: named (`case_id`, with the basis) or anonymous (description only).
    pub async fn insert_meeting_pupil(
        &mut self,
        meeting_id: i64,
        case_id: Option<i64>,
        description: &str,
        basis: &str,
        created_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO care_meeting_pupils (meeting_id, case_id, description, basis, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(meeting_id)
        .bind(case_id)
        .bind(description)
        .bind(basis)
        .bind(created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_meeting_action(
        &mut self,
        meeting_id: i64,
        description: &str,
        owner_user_id: i64,
        due_on: &str,
        created_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO care_meeting_actions (meeting_id, description, owner_user_id, due_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(meeting_id)
        .bind(description)
        .bind(owner_user_id)
        .bind(due_on)
        .bind(created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Marks an action of a meeting done (once; a second time keeps the first date).
    pub async fn complete_meeting_action(
        &mut self,
        meeting_id: i64,
        action_id: i64,
        done_on: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE care_meeting_actions SET done_on = COALESCE(done_on, $3) WHERE id = $1 AND meeting_id = $2",
        )
        .bind(action_id)
        .bind(meeting_id)
        .bind(done_on)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }
}
