//! Reports from the social worker to the school (terugkoppeling aan school): written only after the consent
//! check in the web layer; the school contact reads those addressed to their school.

use crate::{Result, Store, WriteTx, timestamp};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SchoolReport {
    pub id: i64,
    pub case_id: i64,
    pub school_id: i64,
    pub body: String,
    /// `consent` or the legal ground it was shared on (`meldcode`, `acute_safety`), as on onward referrals.
    pub basis: String,
    pub shared_on: String,
}

impl Store {
    /// The reports of `case_id` addressed to `school_id`, newest first.
    pub async fn school_reports(&self, case_id: i64, school_id: i64) -> Result<Vec<SchoolReport>> {
        Ok(sqlx::query_as(
            "SELECT id, case_id, school_id, body, basis, shared_on FROM school_reports \
             WHERE case_id = $1 AND school_id = $2 ORDER BY shared_on DESC, id DESC",
        )
        .bind(case_id)
        .bind(school_id)
        .fetch_all(self.reader())
        .await?)
    }
}

impl WriteTx {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_school_report(
        &mut self,
        case_id: i64,
        school_id: i64,
        body: &str,
        basis: &str,
        shared_on: &str,
        created_by: i64,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO school_reports (case_id, school_id, body, basis, shared_on, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(case_id)
        .bind(school_id)
        .bind(body)
        .bind(basis)
        .bind(shared_on)
        .bind(created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }
}
