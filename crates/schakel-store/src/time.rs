//! Time: indirect time entries, and direct, indirect and consultation time per school.

use crate::{Result, Store, WriteTx, timestamp};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, Default)]
pub struct NewTimeEntry {
    pub organisation_id: i64,
    pub case_id: Option<i64>,
    pub school_id: Option<i64>,
    pub worker_id: Option<i64>,
    pub spent_on: String,
    pub minutes: i64,
    pub activity: String,
    pub note: String,
    pub created_by: Option<i64>,
}

/// Minutes spent at one school in a period.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct SchoolTime {
    pub school_id: i64,
    pub school_name: String,
    /// Cases of the school open at some moment in the period.
    pub cases: i64,
    /// Contacts with child, parents, teachers (minutes of contacts; for one worker: the contacts they recorded,
    /// also in cases transferred since).
    pub direct_minutes: i64,
    /// Work for cases without the family present.
    pub indirect_minutes: i64,
    /// Time at or for the school outside any case: presence and the walk-in hour, meetings with the care team,
    /// preparation, network, travel.
    pub school_minutes: i64,
    /// Advice to teachers and care coordinators, before or without a referral.
    pub consultation_minutes: i64,
    /// Group work booked to the school: preparation and sessions of group activities.
    pub group_minutes: i64,
}

/// Whose time a report covers.
#[derive(Debug, Clone, Default)]
pub struct TimeFilter {
    pub organisation_id: i64,
    /// One worker's time only (a social worker sees their own).
    pub worker_id: Option<i64>,
    pub from: String,
    pub until: String,
}

impl Store {
    /// Per school the organisation's workers (or the one worker) were assigned to, had cases at, or spent time
    /// for in the period.
    pub async fn time_per_school(&self, f: &TimeFilter) -> Result<Vec<SchoolTime>> {
        let rows = sqlx::query(
            "SELECT s.id, s.name, \
             (SELECT COUNT(*) FROM cases k WHERE k.school_id = s.id AND k.organisation_id = $1 AND k.opened_on <= $4 \
              AND (k.closed_on IS NULL OR k.closed_on >= $3) AND ($2 IS NULL OR k.worker_id = $2)), \
             (SELECT CAST(COALESCE(SUM(c.minutes), 0) AS BIGINT) FROM case_contacts c JOIN cases k ON k.id = c.case_id \
              WHERE k.school_id = s.id AND k.organisation_id = $1 AND c.held_on BETWEEN $3 AND $4 \
              AND ($2 IS NULL OR c.recorded_by = (SELECT w.user_id FROM workers w WHERE w.id = $2))), \
             (SELECT CAST(COALESCE(SUM(t.minutes), 0) AS BIGINT) FROM time_entries t WHERE t.school_id = s.id \
              AND t.organisation_id = $1 AND t.spent_on BETWEEN $3 AND $4 AND ($2 IS NULL OR t.worker_id = $2) \
              AND t.group_session_id IS NULL AND t.case_id IS NOT NULL), \
             (SELECT CAST(COALESCE(SUM(t.minutes), 0) AS BIGINT) FROM time_entries t WHERE t.school_id = s.id \
              AND t.organisation_id = $1 AND t.spent_on BETWEEN $3 AND $4 AND ($2 IS NULL OR t.worker_id = $2) \
              AND t.group_session_id IS NULL AND t.case_id IS NULL), \
             (SELECT CAST(COALESCE(SUM(q.minutes), 0) AS BIGINT) FROM consultations q WHERE q.school_id = s.id \
              AND q.organisation_id = $1 AND q.held_on BETWEEN $3 AND $4 AND ($2 IS NULL OR q.worker_id = $2)), \
             (SELECT CAST(COALESCE(SUM(t.minutes), 0) AS BIGINT) FROM time_entries t WHERE t.school_id = s.id \
              AND t.organisation_id = $1 AND t.spent_on BETWEEN $3 AND $4 AND ($2 IS NULL OR t.worker_id = $2) \
              AND t.group_session_id IS NOT NULL) \
             FROM schools s WHERE s.id IN (SELECT a.school_id FROM assignments a JOIN workers w ON w.id = a.worker_id \
              WHERE w.organisation_id = $1 AND ($2 IS NULL OR a.worker_id = $2) AND a.starts_on <= $4 \
              AND (a.ends_on IS NULL OR a.ends_on >= $3)) \
             OR s.id IN (SELECT k.school_id FROM cases k WHERE k.organisation_id = $1 AND ($2 IS NULL OR k.worker_id = $2) \
              AND k.opened_on <= $4 AND (k.closed_on IS NULL OR k.closed_on >= $3)) \
             OR s.id IN (SELECT t.school_id FROM time_entries t WHERE t.organisation_id = $1 \
              AND ($2 IS NULL OR t.worker_id = $2) AND t.spent_on BETWEEN $3 AND $4) \
             OR s.id IN (SELECT q.school_id FROM consultations q WHERE q.organisation_id = $1 \
              AND ($2 IS NULL OR q.worker_id = $2) AND q.held_on BETWEEN $3 AND $4) \
             ORDER BY s.name, s.id",
        )
        .bind(f.organisation_id)
        .bind(f.worker_id)
        .bind(&f.from)
        .bind(&f.until)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SchoolTime {
                    school_id: r.try_get(0)?,
                    school_name: r.try_get(1)?,
                    cases: r.try_get(2)?,
                    direct_minutes: r.try_get(3)?,
                    indirect_minutes: r.try_get(4)?,
                    school_minutes: r.try_get(5)?,
                    consultation_minutes: r.try_get(6)?,
                    group_minutes: r.try_get(7)?,
                })
            })
            .collect()
    }
}

impl WriteTx {
    pub async fn insert_time_entry(&mut self, e: &NewTimeEntry, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO time_entries (organisation_id, case_id, school_id, worker_id, spent_on, minutes, activity, note, \
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(e.organisation_id)
        .bind(e.case_id)
        .bind(e.school_id)
        .bind(e.worker_id)
        .bind(&e.spent_on)
        .bind(e.minutes)
        .bind(&e.activity)
        .bind(&e.note)
        .bind(e.created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }
}
