//! Group work (issue 13): group activities, their sessions with anonymous attendance and booked hours, and the
//! figures per school and school year for the monitoring.

use crate::{Result, Store, StoreError, WriteTx, timestamp};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A school an activity is linked to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct LinkedSchool {
    pub id: i64,
    pub name: String,
}

/// A worker of the organisation who organises an activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Organiser {
    pub worker_id: i64,
    pub name: String,
}

/// A group activity: a parent discussion group, a course, a class workshop, a theme meeting, …
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupActivity {
    pub id: i64,
    pub organisation_id: i64,
    /// A code of the kinds (`oudergespreksgroep`, `klassenworkshop`, `themabijeenkomst`, …).
    pub kind: String,
    pub title: String,
    pub description: String,
    /// Organisers from outside the organisation, as named (they have no account).
    pub partner_organisers: String,
    pub schools: Vec<LinkedSchool>,
    pub organisers: Vec<Organiser>,
    /// Sessions planned in all (held or not).
    pub sessions: i64,
    /// Sessions whose attendance is recorded.
    pub sessions_held: i64,
    pub created_at: String,
}

/// One session of a group activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupSession {
    pub id: i64,
    pub activity_id: i64,
    /// The school where it is held and its hours are booked.
    pub school_id: i64,
    pub school_name: String,
    /// YYYY-MM-DD.
    pub held_on: String,
    /// HH:MM.
    pub starts_at: String,
    /// HH:MM.
    pub ends_at: String,
    pub place: String,
    pub theme: String,
    pub materials: String,
    /// Parents present (counted, not named); none until recorded.
    pub parents: Option<i64>,
    /// Children present (counted, not named); none until recorded.
    pub children: Option<i64>,
    pub evaluation: String,
    pub preparation_minutes: i64,
    pub session_minutes: i64,
    /// When attendance was recorded: the session is held.
    pub recorded_at: Option<String>,
}

/// A participant of a group activity named by the case of the child (ADR 026).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GroupParticipant {
    pub id: i64,
    /// The child's case (empty in an answer when the reader may not see who it is).
    pub case_id: Option<i64>,
    /// The child's name (empty when the reader may not see it: consent no longer in force, another school).
    pub name: String,
    /// The school of the child's case.
    #[serde(skip)]
    pub school_id: Option<i64>,
    /// The basis on which the child was named when added (`consent`).
    pub basis: String,
    /// The sessions (ids) the child was present at.
    pub present_at: Vec<i64>,
}

impl GroupSession {
    pub fn is_held(&self) -> bool {
        self.recorded_at.is_some()
    }
}

#[derive(Debug, Clone, Default)]
pub struct NewGroupActivity {
    pub organisation_id: i64,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub partner_organisers: String,
    pub school_ids: Vec<i64>,
    pub organiser_ids: Vec<i64>,
    pub created_by: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct NewGroupSession {
    pub activity_id: i64,
    pub school_id: i64,
    pub held_on: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub theme: String,
    pub materials: String,
}

/// What is recorded after a session: attendance, evaluation and hours (booked to the session's school).
#[derive(Debug, Clone, Default)]
pub struct SessionRecord {
    pub parents: i64,
    pub children: i64,
    pub evaluation: String,
    pub preparation_minutes: i64,
    pub session_minutes: i64,
    /// The organisation and worker the hours are booked to.
    pub organisation_id: i64,
    pub worker_id: Option<i64>,
    pub recorded_by: Option<i64>,
}

/// Which activities a list holds.
#[derive(Debug, Clone, Default)]
pub struct GroupActivityFilter {
    pub organisation_id: Option<i64>,
    /// Only activities linked to this school.
    pub school_id: Option<i64>,
}

/// Which sessions the figures count.
#[derive(Debug, Clone, Default)]
pub struct GroupWorkFilter {
    pub organisation_id: Option<i64>,
    pub municipality_id: Option<i64>,
}

/// Group work at one school in one school year: held sessions, people reached and hours (the monitoring).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct GroupWorkFigure {
    pub school_id: i64,
    pub school_name: String,
    pub municipality_id: i64,
    /// `2026-2027`: from 1 August.
    pub school_year: String,
    pub sessions_held: i64,
    /// Parents counted at the held sessions (attendances: a parent at four evenings counts four times).
    pub parents_reached: i64,
    /// Children counted at the held sessions (attendances).
    pub children_reached: i64,
    /// Preparation and session minutes booked.
    pub minutes: i64,
}

/// The activity code of booked preparation time.
pub const GROUP_PREPARATION: &str = "groep_voorbereiding";
/// The activity code of booked session time.
pub const GROUP_SESSION: &str = "groep_bijeenkomst";

const SESSION_COLUMNS: &str = "g.id, g.activity_id, g.school_id, s.name, g.held_on, g.starts_at, g.ends_at, \
     g.place, g.theme, g.materials, g.parents, g.children, g.evaluation, g.preparation_minutes, g.session_minutes, \
     g.recorded_at FROM group_sessions g JOIN schools s ON s.id = g.school_id";

fn session_of(r: &sqlx::any::AnyRow) -> Result<GroupSession> {
    Ok(GroupSession {
        id: r.try_get(0)?,
        activity_id: r.try_get(1)?,
        school_id: r.try_get(2)?,
        school_name: r.try_get(3)?,
        held_on: r.try_get(4)?,
        starts_at: r.try_get(5)?,
        ends_at: r.try_get(6)?,
        place: r.try_get(7)?,
        theme: r.try_get(8)?,
        materials: r.try_get(9)?,
        parents: r.try_get(10)?,
        children: r.try_get(11)?,
        evaluation: r.try_get(12)?,
        preparation_minutes: r.try_get(13)?,
        session_minutes: r.try_get(14)?,
        recorded_at: r.try_get(15)?,
    })
}

impl Store {
    /// Activities of an organisation (or at a school), newest first; at most 300.
    pub async fn group_activities(&self, f: &GroupActivityFilter) -> Result<Vec<GroupActivity>> {
        let rows = sqlx::query(
            "SELECT a.id FROM group_activities a WHERE ($1 IS NULL OR a.organisation_id = $1) \
             AND ($2 IS NULL OR a.id IN (SELECT l.activity_id FROM group_activity_schools l WHERE l.school_id = $2)) \
             ORDER BY a.created_at DESC, a.id DESC LIMIT 300",
        )
        .bind(f.organisation_id)
        .bind(f.school_id)
        .fetch_all(self.reader())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.group_activity(r.try_get(0)?).await?);
        }
        Ok(out)
    }

    /// One activity with its schools and organisers.
    pub async fn group_activity(&self, id: i64) -> Result<GroupActivity> {
        let row = sqlx::query(
            "SELECT a.id, a.organisation_id, a.kind, a.title, a.description, a.partner_organisers, a.created_at, \
             (SELECT COUNT(*) FROM group_sessions g WHERE g.activity_id = a.id), \
             (SELECT COUNT(*) FROM group_sessions g WHERE g.activity_id = a.id AND g.recorded_at IS NOT NULL) \
             FROM group_activities a WHERE a.id = $1",
        )
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let schools = sqlx::query(
            "SELECT s.id, s.name FROM group_activity_schools l JOIN schools s ON s.id = l.school_id \
             WHERE l.activity_id = $1 ORDER BY s.name, s.id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(LinkedSchool {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        let organisers = sqlx::query(
            "SELECT w.id, w.name FROM group_activity_organisers o JOIN workers w ON w.id = o.worker_id \
             WHERE o.activity_id = $1 ORDER BY w.name, w.id",
        )
        .bind(id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(Organiser {
                worker_id: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
        Ok(GroupActivity {
            id: row.try_get(0)?,
            organisation_id: row.try_get(1)?,
            kind: row.try_get(2)?,
            title: row.try_get(3)?,
            description: row.try_get(4)?,
            partner_organisers: row.try_get(5)?,
            created_at: row.try_get(6)?,
            sessions: row.try_get(7)?,
            sessions_held: row.try_get(8)?,
            schools,
            organisers,
        })
    }

    /// The sessions of an activity in date order.
    pub async fn group_sessions(&self, activity_id: i64) -> Result<Vec<GroupSession>> {
        sqlx::query(sql!(
            "SELECT ",
            SESSION_COLUMNS,
            " WHERE g.activity_id = $1 ORDER BY g.held_on, g.starts_at, g.id"
        ))
        .bind(activity_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(session_of)
        .collect()
    }

    pub async fn group_session(&self, id: i64) -> Result<GroupSession> {
        let row = sqlx::query(sql!("SELECT ", SESSION_COLUMNS, " WHERE g.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        session_of(&row)
    }

    /// Group work per school and school year: held sessions, parents and children counted, minutes booked.
    /// The hook for the monitoring dashboard; sorted by school year, then school.
    pub async fn group_work_per_school_year(
        &self,
        f: &GroupWorkFilter,
    ) -> Result<Vec<GroupWorkFigure>> {
        let rows = sqlx::query(
            "SELECT g.school_id, s.name, s.municipality_id, g.held_on, COALESCE(g.parents, 0), COALESCE(g.children, 0), \
             g.preparation_minutes + g.session_minutes \
             FROM group_sessions g JOIN schools s ON s.id = g.school_id JOIN group_activities a ON a.id = g.activity_id \
             WHERE g.recorded_at IS NOT NULL AND ($1 IS NULL OR a.organisation_id = $1) \
             AND ($2 IS NULL OR s.municipality_id = $2)",
        )
        .bind(f.organisation_id)
        .bind(f.municipality_id)
        .fetch_all(self.reader())
        .await?;
        let mut out: std::collections::BTreeMap<(String, String, i64), GroupWorkFigure> =
            std::collections::BTreeMap::new();
        for r in rows {
            let school_id: i64 = r.try_get(0)?;
            let school_name: String = r.try_get(1)?;
            let held_on: String = r.try_get(3)?;
            let Ok(day) = held_on.parse::<NaiveDate>() else {
                continue;
            };
            let start = schakel_domain::casework::school_year_start(day);
            let year = {
                use chrono::Datelike;
                format!("{}-{}", start.year(), start.year() + 1)
            };
            let fig = out
                .entry((year.clone(), school_name.clone(), school_id))
                .or_insert_with(|| GroupWorkFigure {
                    school_id,
                    school_name,
                    municipality_id: 0,
                    school_year: year,
                    sessions_held: 0,
                    parents_reached: 0,
                    children_reached: 0,
                    minutes: 0,
                });
            fig.municipality_id = r.try_get(2)?;
            fig.sessions_held += 1;
            fig.parents_reached += r.try_get::<i64, _>(4)?;
            fig.children_reached += r.try_get::<i64, _>(5)?;
            fig.minutes += r.try_get::<i64, _>(6)?;
        }
        Ok(out.into_values().collect())
    }
}

impl Store {
    /// The named participants of an activity, in the order they were added, with their presence per session.
    pub async fn group_participants(&self, activity_id: i64) -> Result<Vec<GroupParticipant>> {
        let mut out: Vec<GroupParticipant> = sqlx::query(
            "SELECT p.id, p.case_id, ch.given_name || ' ' || ch.family_name, c.school_id, p.basis \
             FROM group_participants p JOIN cases c ON c.id = p.case_id JOIN children ch ON ch.id = c.child_id \
             WHERE p.activity_id = $1 ORDER BY p.id",
        )
        .bind(activity_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(GroupParticipant {
                id: r.try_get(0)?,
                case_id: Some(r.try_get(1)?),
                name: r.try_get(2)?,
                school_id: r.try_get(3)?,
                basis: r.try_get(4)?,
                present_at: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
        let presence = sqlx::query(
            "SELECT x.participant_id, x.session_id FROM group_session_presence x \
             JOIN group_participants p ON p.id = x.participant_id WHERE p.activity_id = $1 \
             ORDER BY x.session_id",
        )
        .bind(activity_id)
        .fetch_all(self.reader())
        .await?;
        for r in &presence {
            let participant: i64 = r.try_get(0)?;
            if let Some(p) = out.iter_mut().find(|p| p.id == participant) {
                p.present_at.push(r.try_get(1)?);
            }
        }
        Ok(out)
    }
}

impl WriteTx {
    /// Names a child (by the case) as a participant; `Duplicate("case_id")` when the child is named already.
    pub async fn insert_group_participant(
        &mut self,
        activity_id: i64,
        case_id: i64,
        basis: &str,
        added_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO group_participants (activity_id, case_id, basis, added_by, added_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (activity_id, case_id) DO NOTHING RETURNING id",
        )
        .bind(activity_id)
        .bind(case_id)
        .bind(basis)
        .bind(added_by)
        .bind(timestamp(now))
        .fetch_optional(self.conn())
        .await?;
        match row {
            Some(r) => Ok(r.try_get(0)?),
            None => Err(StoreError::Duplicate("case_id".into())),
        }
    }

    /// Takes a named participant off its activity, with their presence per session (which names them); the
    /// sessions' counts stay. `NotFound` when the participant is not (or no longer) on this activity.
    pub async fn delete_group_participant(
        &mut self,
        activity_id: i64,
        participant_id: i64,
    ) -> Result<()> {
        sqlx::query(
            "DELETE FROM group_session_presence WHERE participant_id IN \
             (SELECT id FROM group_participants WHERE id = $1 AND activity_id = $2)",
        )
        .bind(participant_id)
        .bind(activity_id)
        .execute(self.conn())
        .await?;
        let done = sqlx::query("DELETE FROM group_participants WHERE id = $1 AND activity_id = $2")
            .bind(participant_id)
            .bind(activity_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Who of the participants `among` was present at a session (replacing what was recorded for them; the
    /// others keep theirs).
    pub async fn set_session_presence(
        &mut self,
        session_id: i64,
        among: &[i64],
        present: &[i64],
    ) -> Result<()> {
        for p in among {
            sqlx::query(
                "DELETE FROM group_session_presence WHERE session_id = $1 AND participant_id = $2",
            )
            .bind(session_id)
            .bind(p)
            .execute(self.conn())
            .await?;
        }
        for p in present.iter().filter(|p| among.contains(p)) {
            sqlx::query(
                "INSERT INTO group_session_presence (session_id, participant_id) VALUES ($1, $2)",
            )
            .bind(session_id)
            .bind(p)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    pub async fn insert_group_activity(
        &mut self,
        a: &NewGroupActivity,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO group_activities (organisation_id, kind, title, description, partner_organisers, created_by, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(a.organisation_id)
        .bind(&a.kind)
        .bind(&a.title)
        .bind(&a.description)
        .bind(&a.partner_organisers)
        .bind(a.created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        let id: i64 = row.try_get(0)?;
        for school in &a.school_ids {
            sqlx::query(
                "INSERT INTO group_activity_schools (activity_id, school_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(school)
            .execute(self.conn())
            .await?;
        }
        for worker in &a.organiser_ids {
            sqlx::query(
                "INSERT INTO group_activity_organisers (activity_id, worker_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(id)
            .bind(worker)
            .execute(self.conn())
            .await?;
        }
        Ok(id)
    }

    pub async fn insert_group_session(
        &mut self,
        s: &NewGroupSession,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO group_sessions (activity_id, school_id, held_on, starts_at, ends_at, place, theme, materials, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(s.activity_id)
        .bind(s.school_id)
        .bind(&s.held_on)
        .bind(&s.starts_at)
        .bind(&s.ends_at)
        .bind(&s.place)
        .bind(&s.theme)
        .bind(&s.materials)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Records a session's attendance, evaluation and hours; the hours replace those booked for it before, as
    /// time entries of the session's school (preparation and session apart).
    pub async fn record_group_session(
        &mut self,
        id: i64,
        r: &SessionRecord,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let session = sqlx::query(
            "UPDATE group_sessions SET parents = $2, children = $3, evaluation = $4, preparation_minutes = $5, \
             session_minutes = $6, recorded_at = $7 WHERE id = $1 RETURNING school_id, held_on",
        )
        .bind(id)
        .bind(r.parents)
        .bind(r.children)
        .bind(&r.evaluation)
        .bind(r.preparation_minutes)
        .bind(r.session_minutes)
        .bind(timestamp(now))
        .fetch_optional(self.conn())
        .await?
        .ok_or(StoreError::NotFound)?;
        let school_id: i64 = session.try_get(0)?;
        let held_on: String = session.try_get(1)?;
        sqlx::query("DELETE FROM time_entries WHERE group_session_id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        for (activity, minutes) in [
            (GROUP_PREPARATION, r.preparation_minutes),
            (GROUP_SESSION, r.session_minutes),
        ] {
            if minutes == 0 {
                continue;
            }
            sqlx::query(
                "INSERT INTO time_entries (organisation_id, case_id, school_id, worker_id, spent_on, minutes, activity, \
                 note, created_by, created_at, group_session_id) VALUES ($1, NULL, $2, $3, $4, $5, $6, '', $7, $8, $9)",
            )
            .bind(r.organisation_id)
            .bind(school_id)
            .bind(r.worker_id)
            .bind(&held_on)
            .bind(minutes)
            .bind(activity)
            .bind(r.recorded_by)
            .bind(timestamp(now))
            .bind(id)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }
}
