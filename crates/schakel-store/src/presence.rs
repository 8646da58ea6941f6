//! Presence at schools and holiday cover (issue 13, items 4 and 5): weekly presence patterns per assignment with
//! their exceptions, school holidays per region and school year, the cover roster, and calendar-feed tokens
//! (only their keyed hash).

use crate::{Result, Store, WriteTx, timestamp};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// One slot of a worker's weekly pattern at a school.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PresenceSlot {
    pub id: i64,
    pub assignment_id: i64,
    pub worker_id: i64,
    pub worker_name: String,
    pub organisation_id: i64,
    pub school_id: i64,
    pub school_name: String,
    /// `aanwezig` (present) or `inloopspreekuur` (walk-in hour).
    pub kind: String,
    /// Monday 1 … Friday 5.
    pub weekday: i64,
    /// HH:MM.
    pub starts_at: String,
    /// HH:MM.
    pub ends_at: String,
    pub place: String,
}

/// A date a slot is cancelled on, or moved from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PresenceException {
    pub id: i64,
    pub slot_id: i64,
    /// YYYY-MM-DD.
    pub on_date: String,
    /// Moved to this date (none: cancelled).
    pub moved_to_date: Option<String>,
    pub moved_starts_at: Option<String>,
    pub moved_ends_at: Option<String>,
    pub note: String,
}

/// A school holiday of one region in one school year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SchoolHoliday {
    pub id: i64,
    /// `2026-2027`.
    pub school_year: String,
    /// `noord`, `midden` or `zuid`.
    pub region: String,
    /// `herfst`, `kerst`, `voorjaar`, `mei` or `zomer`.
    pub name: String,
    /// YYYY-MM-DD, the first day off.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day off.
    pub ends_on: String,
}

/// A line of the cover roster: a worker covers a school from … until.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Cover {
    pub id: i64,
    pub organisation_id: i64,
    pub school_id: i64,
    pub school_name: String,
    /// The covering worker.
    pub worker_id: i64,
    pub worker_name: String,
    /// The worker who is away (none: every worker of the school, e.g. in a school holiday).
    pub absent_worker_id: Option<i64>,
    pub absent_worker_name: Option<String>,
    pub starts_on: String,
    pub ends_on: String,
    /// `vakantie` or `afwezigheid`.
    pub reason: String,
    pub note: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewPresenceSlot {
    pub assignment_id: i64,
    pub kind: String,
    pub weekday: i64,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub created_by: Option<i64>,
}

#[derive(Debug, Clone, Default)]
pub struct NewCover {
    pub organisation_id: i64,
    pub school_id: i64,
    pub worker_id: i64,
    pub absent_worker_id: Option<i64>,
    pub starts_on: String,
    pub ends_on: String,
    pub reason: String,
    pub note: String,
    pub created_by: Option<i64>,
}

/// Which slots or covers a list holds.
#[derive(Debug, Clone, Default)]
pub struct PresenceFilter {
    pub organisation_id: Option<i64>,
    pub school_ids: Option<Vec<i64>>,
    pub worker_id: Option<i64>,
    /// Covers only: those that end on or after this date (YYYY-MM-DD).
    pub from: Option<String>,
    /// Covers only: those that start on or before this date.
    pub until: Option<String>,
}

const SLOT_COLUMNS: &str = "p.id, p.assignment_id, a.worker_id, w.name, w.organisation_id, a.school_id, s.name, \
     p.kind, p.weekday, p.starts_at, p.ends_at, p.place FROM presence_slots p \
     JOIN assignments a ON a.id = p.assignment_id JOIN workers w ON w.id = a.worker_id \
     JOIN schools s ON s.id = a.school_id";

/// Whose a live calendar feed is, and the language it is written in (`nl`, `en`).
#[derive(Debug, Clone, PartialEq)]
pub struct FeedOwner {
    pub user_id: i64,
    pub lang: String,
}

fn slot_of(r: &sqlx::any::AnyRow) -> Result<PresenceSlot> {
    Ok(PresenceSlot {
        id: r.try_get(0)?,
        assignment_id: r.try_get(1)?,
        worker_id: r.try_get(2)?,
        worker_name: r.try_get(3)?,
        organisation_id: r.try_get(4)?,
        school_id: r.try_get(5)?,
        school_name: r.try_get(6)?,
        kind: r.try_get(7)?,
        weekday: r.try_get(8)?,
        starts_at: r.try_get(9)?,
        ends_at: r.try_get(10)?,
        place: r.try_get(11)?,
    })
}

const COVER_COLUMNS: &str = "c.id, c.organisation_id, c.school_id, s.name, c.worker_id, w.name, \
     c.absent_worker_id, x.name, c.starts_on, c.ends_on, c.reason, c.note FROM covers c \
     JOIN schools s ON s.id = c.school_id JOIN workers w ON w.id = c.worker_id \
     LEFT JOIN workers x ON x.id = c.absent_worker_id";

fn cover_of(r: &sqlx::any::AnyRow) -> Result<Cover> {
    Ok(Cover {
        id: r.try_get(0)?,
        organisation_id: r.try_get(1)?,
        school_id: r.try_get(2)?,
        school_name: r.try_get(3)?,
        worker_id: r.try_get(4)?,
        worker_name: r.try_get(5)?,
        absent_worker_id: r.try_get(6)?,
        absent_worker_name: r.try_get(7)?,
        starts_on: r.try_get(8)?,
        ends_on: r.try_get(9)?,
        reason: r.try_get(10)?,
        note: r.try_get(11)?,
    })
}

/// `IN (…)` over a list of ids: numbers only, so the SQL built with it stays free of user text
/// (hence `AssertSqlSafe` below); `None` for no filter.
fn id_list(ids: &Option<Vec<i64>>) -> Option<String> {
    ids.as_ref().map(|ids| {
        if ids.is_empty() {
            "(NULL)".to_string()
        } else {
            format!(
                "({})",
                ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",")
            )
        }
    })
}

impl Store {
    /// Slots of current assignments, by school, worker or organisation; ordered by school, weekday and time.
    pub async fn presence_slots(&self, f: &PresenceFilter) -> Result<Vec<PresenceSlot>> {
        let schools = id_list(&f.school_ids)
            .map(|l| format!(" AND a.school_id IN {l}"))
            .unwrap_or_default();
        let sql = format!(
            "SELECT {SLOT_COLUMNS} WHERE a.ends_on IS NULL AND ($1 IS NULL OR w.organisation_id = $1) \
             AND ($2 IS NULL OR a.worker_id = $2){schools} ORDER BY s.name, a.school_id, p.weekday, p.starts_at, p.id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(f.organisation_id)
            .bind(f.worker_id)
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(slot_of).collect()
    }

    pub async fn presence_slot(&self, id: i64) -> Result<Option<PresenceSlot>> {
        let row = sqlx::query(sql!("SELECT ", SLOT_COLUMNS, " WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(slot_of).transpose()
    }

    /// Exceptions of these slots from a date on.
    pub async fn presence_exceptions(
        &self,
        slot_ids: &[i64],
        from: &str,
    ) -> Result<Vec<PresenceException>> {
        let list = id_list(&Some(slot_ids.to_vec())).unwrap_or_default();
        let sql = format!(
            "SELECT id, slot_id, on_date, moved_to_date, moved_starts_at, moved_ends_at, note \
             FROM presence_exceptions WHERE slot_id IN {list} AND (on_date >= $1 OR moved_to_date >= $1) \
             ORDER BY on_date, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(from)
            .fetch_all(self.reader())
            .await?;
        rows.iter()
            .map(|r| {
                Ok(PresenceException {
                    id: r.try_get(0)?,
                    slot_id: r.try_get(1)?,
                    on_date: r.try_get(2)?,
                    moved_to_date: r.try_get(3)?,
                    moved_starts_at: r.try_get(4)?,
                    moved_ends_at: r.try_get(5)?,
                    note: r.try_get(6)?,
                })
            })
            .collect()
    }

    /// Holidays of a region (all regions: `None`) that end on or after `from`, oldest first.
    pub async fn school_holidays(
        &self,
        region: Option<&str>,
        from: &str,
    ) -> Result<Vec<SchoolHoliday>> {
        let rows = sqlx::query(
            "SELECT id, school_year, region, name, starts_on, ends_on FROM school_holidays \
             WHERE ($1 IS NULL OR region = $1) AND ends_on >= $2 ORDER BY starts_on, region, id",
        )
        .bind(region)
        .bind(from)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(SchoolHoliday {
                    id: r.try_get(0)?,
                    school_year: r.try_get(1)?,
                    region: r.try_get(2)?,
                    name: r.try_get(3)?,
                    starts_on: r.try_get(4)?,
                    ends_on: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// Cover roster lines, newest start first; at most 500.
    pub async fn covers(&self, f: &PresenceFilter) -> Result<Vec<Cover>> {
        let schools = id_list(&f.school_ids)
            .map(|l| format!(" AND c.school_id IN {l}"))
            .unwrap_or_default();
        let sql = format!(
            "SELECT {COVER_COLUMNS} WHERE ($1 IS NULL OR c.organisation_id = $1) \
             AND ($2 IS NULL OR c.worker_id = $2) AND ($3 IS NULL OR c.ends_on >= $3) \
             AND ($4 IS NULL OR c.starts_on <= $4){schools} ORDER BY c.starts_on DESC, c.id DESC LIMIT 500"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(f.organisation_id)
            .bind(f.worker_id)
            .bind(f.from.as_deref())
            .bind(f.until.as_deref())
            .fetch_all(self.reader())
            .await?;
        rows.iter().map(cover_of).collect()
    }

    pub async fn cover(&self, id: i64) -> Result<Option<Cover>> {
        let row = sqlx::query(sql!("SELECT ", COVER_COLUMNS, " WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?;
        row.as_ref().map(cover_of).transpose()
    }

    /// The owner of a live calendar feed by its token's hash, and the language of the feed.
    pub async fn calendar_feed_owner(&self, token_hash: &str) -> Result<Option<FeedOwner>> {
        let row = sqlx::query(
            "SELECT user_id, lang FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash)
        .fetch_optional(self.reader())
        .await?;
        row.map(|r| -> Result<FeedOwner> {
            Ok(FeedOwner {
                user_id: r.try_get(0)?,
                lang: r.try_get(1)?,
            })
        })
        .transpose()
    }

    /// When the user's live feed was made, if they have one.
    pub async fn calendar_feed_of_user(&self, user_id: i64) -> Result<Option<String>> {
        let row = sqlx::query(
            "SELECT created_at FROM calendar_feeds WHERE user_id = $1 AND revoked_at IS NULL \
             ORDER BY id DESC LIMIT 1",
        )
        .bind(user_id)
        .fetch_optional(self.reader())
        .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }
}

impl WriteTx {
    pub async fn insert_presence_slot(
        &mut self,
        s: &NewPresenceSlot,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO presence_slots (assignment_id, kind, weekday, starts_at, ends_at, place, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(s.assignment_id)
        .bind(&s.kind)
        .bind(s.weekday)
        .bind(&s.starts_at)
        .bind(&s.ends_at)
        .bind(&s.place)
        .bind(s.created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Removes a slot with its exceptions; its bookings stay (no longer tied to the slot).
    pub async fn delete_presence_slot(&mut self, id: i64) -> Result<bool> {
        sqlx::query("UPDATE appointments SET slot_id = NULL WHERE slot_id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        sqlx::query("DELETE FROM presence_exceptions WHERE slot_id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        let done = sqlx::query("DELETE FROM presence_slots WHERE id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Cancels a date of a slot, or moves it (`moved` = date, start, end); a second exception for the same date
    /// replaces the first.
    pub async fn set_presence_exception(
        &mut self,
        slot_id: i64,
        on_date: &str,
        moved: Option<(&str, &str, &str)>,
        note: &str,
        by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO presence_exceptions (slot_id, on_date, moved_to_date, moved_starts_at, moved_ends_at, note, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             ON CONFLICT (slot_id, on_date) DO UPDATE SET moved_to_date = excluded.moved_to_date, \
             moved_starts_at = excluded.moved_starts_at, moved_ends_at = excluded.moved_ends_at, note = excluded.note, \
             created_by = excluded.created_by, created_at = excluded.created_at RETURNING id",
        )
        .bind(slot_id)
        .bind(on_date)
        .bind(moved.map(|m| m.0))
        .bind(moved.map(|m| m.1))
        .bind(moved.map(|m| m.2))
        .bind(note)
        .bind(by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Sets a region's holiday of a school year (replacing its dates).
    pub async fn set_school_holiday(
        &mut self,
        h: &SchoolHoliday,
        by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO school_holidays (school_year, region, name, starts_on, ends_on, updated_by, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (school_year, region, name) DO UPDATE SET \
             starts_on = excluded.starts_on, ends_on = excluded.ends_on, updated_by = excluded.updated_by, \
             updated_at = excluded.updated_at RETURNING id",
        )
        .bind(&h.school_year)
        .bind(&h.region)
        .bind(&h.name)
        .bind(&h.starts_on)
        .bind(&h.ends_on)
        .bind(by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_cover(&mut self, c: &NewCover, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO covers (organisation_id, school_id, worker_id, absent_worker_id, starts_on, ends_on, reason, note, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(c.organisation_id)
        .bind(c.school_id)
        .bind(c.worker_id)
        .bind(c.absent_worker_id)
        .bind(&c.starts_on)
        .bind(&c.ends_on)
        .bind(&c.reason)
        .bind(&c.note)
        .bind(c.created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn delete_cover(&mut self, id: i64) -> Result<bool> {
        let done = sqlx::query("DELETE FROM covers WHERE id = $1")
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Revokes the user's live feeds; the number revoked.
    pub async fn revoke_calendar_feeds(&mut self, user_id: i64, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query(
            "UPDATE calendar_feeds SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL",
        )
        .bind(user_id)
        .bind(timestamp(now))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected())
    }

    /// A new feed for the user in language `lang` (`nl`, `en`); their earlier feed is revoked: one live feed URL
    /// per user.
    pub async fn renew_calendar_feed(
        &mut self,
        user_id: i64,
        token_hash: &str,
        lang: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.revoke_calendar_feeds(user_id, now).await?;
        sqlx::query(
            "INSERT INTO calendar_feeds (user_id, token_hash, created_at, lang) VALUES ($1, $2, $3, $4)",
        )
        .bind(user_id)
        .bind(token_hash)
        .bind(timestamp(now))
        .bind(lang)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
