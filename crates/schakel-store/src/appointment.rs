//! Appointments and walk-in slots (issue 13, items 6 and 7): bookings of a walk-in slot or a separate appointment
//! at a school; a slot is taken once (a partial unique index decides a race; a cancelled booking frees it), and a
//! worker's bookings do not overlap (checked under a lock of the worker's row). The
//! attended walk-in visits per school and date for the municipality's prevention figures.

use crate::{Result, Store, StoreError, WriteTx, timestamp};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// One booking.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Appointment {
    pub id: i64,
    pub organisation_id: i64,
    pub school_id: i64,
    pub school_name: String,
    /// The worker the booking is with (the covering worker during a cover).
    pub worker_id: i64,
    pub worker_name: String,
    /// `inloop` (a walk-in slot) or `afspraak` (a separate appointment).
    pub kind: String,
    /// The walk-in hour of the weekly pattern (walk-in slots only).
    pub slot_id: Option<i64>,
    /// YYYY-MM-DD.
    pub on_date: String,
    /// HH:MM.
    pub starts_at: String,
    /// HH:MM.
    pub ends_at: String,
    /// The name as typed by the booker.
    pub for_name: String,
    /// `ouder` or `leerling`.
    pub for_kind: String,
    pub purpose: String,
    /// The child's case, when the worker booked it from the case.
    pub case_id: Option<i64>,
    /// `geboekt`, `geannuleerd`, `verschenen` or `niet_verschenen`.
    pub status: String,
    pub booked_by: i64,
    pub booked_by_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewAppointment {
    pub organisation_id: i64,
    pub school_id: i64,
    pub worker_id: i64,
    pub kind: String,
    pub slot_id: Option<i64>,
    pub on_date: String,
    pub starts_at: String,
    pub ends_at: String,
    pub for_name: String,
    pub for_kind: String,
    pub purpose: String,
    pub case_id: Option<i64>,
    pub booked_by: i64,
}

/// Which bookings a list holds (all optional, combined with AND); a list holds at most 500, by date and time.
#[derive(Debug, Clone, Default)]
pub struct AppointmentFilter {
    pub organisation_id: Option<i64>,
    pub school_ids: Option<Vec<i64>>,
    pub worker_id: Option<i64>,
    pub booked_by: Option<i64>,
    pub status: Option<String>,
    /// On or after this date (YYYY-MM-DD).
    pub from: Option<String>,
    /// On or before this date.
    pub until: Option<String>,
}

/// A time taken by a booking that is not cancelled (a walk-in slot or a separate appointment): when, with whom,
/// without who it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookedTime {
    /// The walk-in hour (walk-in slots only).
    pub slot_id: Option<i64>,
    pub school_id: i64,
    pub worker_id: i64,
    pub on_date: String,
    pub starts_at: String,
    pub ends_at: String,
    pub booked_by: i64,
    pub appointment_id: i64,
}

const COLUMNS: &str = "p.id, p.organisation_id, p.school_id, s.name, p.worker_id, w.name, p.kind, p.slot_id, \
     p.on_date, p.starts_at, p.ends_at, p.for_name, p.for_kind, p.purpose, p.case_id, p.status, p.booked_by, \
     u.display_name FROM appointments p JOIN schools s ON s.id = p.school_id JOIN workers w ON w.id = p.worker_id \
     JOIN users u ON u.id = p.booked_by";

fn appointment_of(r: &sqlx::any::AnyRow) -> Result<Appointment> {
    Ok(Appointment {
        id: r.try_get(0)?,
        organisation_id: r.try_get(1)?,
        school_id: r.try_get(2)?,
        school_name: r.try_get(3)?,
        worker_id: r.try_get(4)?,
        worker_name: r.try_get(5)?,
        kind: r.try_get(6)?,
        slot_id: r.try_get(7)?,
        on_date: r.try_get(8)?,
        starts_at: r.try_get(9)?,
        ends_at: r.try_get(10)?,
        for_name: r.try_get(11)?,
        for_kind: r.try_get(12)?,
        purpose: r.try_get(13)?,
        case_id: r.try_get(14)?,
        status: r.try_get(15)?,
        booked_by: r.try_get(16)?,
        booked_by_name: r.try_get(17)?,
    })
}

/// `IN (…)` over ids: numbers only, so the SQL stays free of user text.
fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        "(NULL)".to_string()
    } else {
        format!(
            "({})",
            ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
        )
    }
}

impl Store {
    /// Bookings by filter, by date and time; at most 500.
    pub async fn appointments(&self, f: &AppointmentFilter) -> Result<Vec<Appointment>> {
        let schools = f
            .school_ids
            .as_ref()
            .map(|ids| format!(" AND p.school_id IN {}", id_list(ids)))
            .unwrap_or_default();
        let sql = format!(
            "SELECT {COLUMNS} WHERE ($1 IS NULL OR p.organisation_id = $1) AND ($2 IS NULL OR p.worker_id = $2) \
             AND ($3 IS NULL OR p.booked_by = $3) AND ($4 IS NULL OR p.status = $4) \
             AND ($5 IS NULL OR p.on_date >= $5) AND ($6 IS NULL OR p.on_date <= $6){schools} \
             ORDER BY p.on_date, p.starts_at, p.id LIMIT 500"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(f.organisation_id)
            .bind(f.worker_id)
            .bind(f.booked_by)
            .bind(f.status.as_deref())
            .bind(f.from.as_deref())
            .bind(f.until.as_deref())
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(appointment_of).collect()
    }

    pub async fn appointment(&self, id: i64) -> Result<Option<Appointment>> {
        let row = sqlx::query(sql!("SELECT ", COLUMNS, " WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(appointment_of).transpose()
    }

    /// The times taken (booked, attended or not shown) at these schools or with these workers in a period.
    pub async fn booked_times(
        &self,
        school_ids: &[i64],
        worker_ids: &[i64],
        from: &str,
        until: &str,
    ) -> Result<Vec<BookedTime>> {
        let sql = format!(
            "SELECT slot_id, school_id, worker_id, on_date, starts_at, ends_at, booked_by, id FROM appointments \
             WHERE status <> 'geannuleerd' AND on_date >= $1 AND on_date <= $2 \
             AND (school_id IN {} OR worker_id IN {}) ORDER BY on_date, starts_at, id",
            id_list(school_ids),
            id_list(worker_ids)
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from)
            .bind(until)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(BookedTime {
                    slot_id: r.try_get(0)?,
                    school_id: r.try_get(1)?,
                    worker_id: r.try_get(2)?,
                    on_date: r.try_get(3)?,
                    starts_at: r.try_get(4)?,
                    ends_at: r.try_get(5)?,
                    booked_by: r.try_get(6)?,
                    appointment_id: r.try_get(7)?,
                })
            })
            .collect()
    }

    /// Attended walk-in visits per school and date (for the prevention figures): (school id, date, visits).
    pub async fn walk_in_visits(
        &self,
        organisation_id: Option<i64>,
        school_ids: &[i64],
        from: &str,
        until: &str,
    ) -> Result<Vec<(i64, String, i64)>> {
        let sql = format!(
            "SELECT school_id, on_date, COUNT(*) FROM appointments WHERE kind = 'inloop' AND status = 'verschenen' \
             AND ($1 IS NULL OR organisation_id = $1) AND on_date >= $2 AND on_date <= $3 AND school_id IN {} \
             GROUP BY school_id, on_date ORDER BY school_id, on_date",
            id_list(school_ids)
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(organisation_id)
            .bind(from)
            .bind(until)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }
}

impl WriteTx {
    /// Holds the worker's row until the transaction ends, so that two bookings with one worker check for an
    /// overlap and insert one after the other. On PostgreSQL a row lock (`FOR UPDATE`); SQLite's write
    /// transactions (`BEGIN IMMEDIATE` on the one writer) already run one at a time.
    pub async fn lock_worker(&mut self, worker_id: i64) -> Result<()> {
        if self.backend() == crate::Backend::Postgres {
            sqlx::query("SELECT id FROM workers WHERE id = $1 FOR UPDATE")
                .bind(worker_id)
                .fetch_optional(self.conn())
                .await?;
        }
        Ok(())
    }

    /// A booking (not cancelled) on `on_date` with the worker, or of the same walk-in hour, whose time overlaps
    /// `starts_at`–`ends_at` (HH:MM; touching ends do not overlap): its id.
    pub async fn overlapping_booking(
        &mut self,
        worker_id: i64,
        slot_id: Option<i64>,
        on_date: &str,
        starts_at: &str,
        ends_at: &str,
    ) -> Result<Option<i64>> {
        let row = sqlx::query(
            "SELECT id FROM appointments WHERE on_date = $1 AND status <> 'geannuleerd' \
             AND (worker_id = $2 OR slot_id = $3) AND starts_at < $5 AND $4 < ends_at ORDER BY id LIMIT 1",
        )
        .bind(on_date)
        .bind(worker_id)
        .bind(slot_id)
        .bind(starts_at)
        .bind(ends_at)
        .fetch_optional(self.conn())
        .await?;
        Ok(match row {
            Some(r) => Some(r.try_get(0)?),
            None => None,
        })
    }

    /// Books; a slot (or the worker's start time) already taken is `Duplicate("starts_at")`.
    pub async fn insert_appointment(
        &mut self,
        a: &NewAppointment,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO appointments (organisation_id, school_id, worker_id, kind, slot_id, on_date, starts_at, \
             ends_at, for_name, for_kind, purpose, case_id, status, booked_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'geboekt', $13, $14, $14) RETURNING id",
        )
        .bind(a.organisation_id)
        .bind(a.school_id)
        .bind(a.worker_id)
        .bind(&a.kind)
        .bind(a.slot_id)
        .bind(&a.on_date)
        .bind(&a.starts_at)
        .bind(&a.ends_at)
        .bind(&a.for_name)
        .bind(&a.for_kind)
        .bind(&a.purpose)
        .bind(a.case_id)
        .bind(a.booked_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await
        .map_err(StoreError::unique("starts_at"))?;
        Ok(row.try_get(0)?)
    }

    /// Changes the status of a booking still at `from`; `Conflict` when it changed meanwhile.
    pub async fn set_appointment_status(
        &mut self,
        id: i64,
        from: &str,
        to: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE appointments SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
        )
        .bind(id)
        .bind(from)
        .bind(to)
        .bind(timestamp(now))
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict { current_version: 0 });
        }
        Ok(())
    }
}
