//! The social map (activities, funds), Kind in Kaart profiles and activity plans.

use crate::{Flag, Result, Store, StoreError, WriteTx, flag, timestamp};
use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct ActivityRow {
    pub id: i64,
    pub municipality_id: Option<i64>,
    pub provider_name: String,
    pub name: String,
    pub category: String,
    pub description: String,
    /// Comma-separated tags.
    pub interests: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub min_age: i64,
    pub max_age: i64,
    /// `wo 15:00-16:30; za 10:00-11:30`
    pub sessions: String,
    pub cost_per_season_cents: i64,
    #[sqlx(try_from = "i64")]
    pub accessible: Flag,
    pub languages: String,
    pub capacity_left: Option<i64>,
    pub contact: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct FundRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub min_age: i64,
    pub max_age: i64,
    pub municipalities: String,
    pub income_criterion_percent: Option<i64>,
    pub max_cents_per_year: i64,
    pub categories: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct ProfileRow {
    pub id: i64,
    pub child_id: i64,
    pub case_id: Option<i64>,
    pub good_at: String,
    pub likes: String,
    pub wants_to_learn: String,
    pub interests: String,
    pub free_times: String,
    pub who_brings: String,
    #[sqlx(try_from = "i64")]
    pub can_travel_alone: Flag,
    pub transport: String,
    #[sqlx(try_from = "i64")]
    pub needs_accessible: Flag,
    pub languages: String,
    pub income_percent: Option<i64>,
    /// The four digits of the home postcode (PC4), never the letters (ADR 030).
    pub home_pc4: Option<i64>,
    pub recorded_on: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct PlanRow {
    pub id: i64,
    pub profile_id: i64,
    pub case_id: Option<i64>,
    pub activity_id: i64,
    pub fund_id: Option<i64>,
    pub fund_cents: i64,
    pub status: String,
    /// One barrier action per line: `kind|action|owner|due|done`.
    pub barriers: String,
    pub trial_on: Option<String>,
    pub started_on: Option<String>,
    pub check_1m_due: Option<String>,
    pub check_1m_result: Option<String>,
    pub check_3m_due: Option<String>,
    pub check_3m_result: Option<String>,
    pub stop_reason: String,
    pub chosen_on: String,
    pub version: i64,
    pub activity_name: String,
    pub category: String,
}

const ACTIVITY_COLS: &str = "id, municipality_id, provider_name, name, category, description, interests, street_address, postcode, city, \
     latitude, longitude, min_age, max_age, sessions, cost_per_season_cents, accessible, languages, capacity_left, contact, version";
const FUND_COLS: &str = "id, name, description, min_age, max_age, municipalities, income_criterion_percent, max_cents_per_year, categories";
const PROFILE_COLS: &str = "id, child_id, case_id, good_at, likes, wants_to_learn, interests, free_times, who_brings, can_travel_alone, \
     transport, needs_accessible, languages, income_percent, home_pc4, recorded_on, version";
const PLAN_SELECT: &str = "SELECT p.id, p.profile_id, p.case_id, p.activity_id, p.fund_id, p.fund_cents, p.status, p.barriers, p.trial_on, \
     p.started_on, p.check_1m_due, p.check_1m_result, p.check_3m_due, p.check_3m_result, p.stop_reason, p.chosen_on, p.version, \
     a.name AS activity_name, a.category FROM activity_plans p JOIN activities a ON a.id = p.activity_id";

/// An activity as entered (form, CSV, GeoJSON), already validated.
#[derive(Debug, Clone, Default)]
pub struct NewActivity {
    pub municipality_id: Option<i64>,
    pub provider_name: String,
    pub name: String,
    pub category: String,
    pub description: String,
    pub interests: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    pub min_age: i64,
    pub max_age: i64,
    pub sessions: String,
    pub cost_per_season_cents: i64,
    pub accessible: bool,
    pub languages: String,
    pub capacity_left: Option<i64>,
    pub contact: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewFund {
    pub name: String,
    pub description: String,
    pub min_age: i64,
    pub max_age: i64,
    pub municipalities: String,
    pub income_criterion_percent: Option<i64>,
    pub max_cents_per_year: i64,
    pub categories: String,
}

#[derive(Debug, Clone, Default)]
pub struct NewProfile {
    pub child_id: i64,
    pub case_id: Option<i64>,
    pub good_at: String,
    pub likes: String,
    pub wants_to_learn: String,
    pub interests: String,
    pub free_times: String,
    pub who_brings: String,
    pub can_travel_alone: bool,
    pub transport: String,
    pub needs_accessible: bool,
    pub languages: String,
    pub income_percent: Option<i64>,
    /// The four digits of the home postcode (PC4).
    pub home_pc4: Option<i64>,
    pub recorded_on: String,
    pub recorded_by: Option<i64>,
}

/// Figures on Kind in Kaart for a set of cases' organisation or municipality.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KikFigures {
    pub profiled: i64,
    pub matched: i64,
    pub started: i64,
    pub still_at_3_months: i64,
    pub stopped: i64,
    pub with_fund: i64,
    pub fund_cents: i64,
}

impl Store {
    pub async fn activities(&self, municipality_id: Option<i64>) -> Result<Vec<ActivityRow>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            ACTIVITY_COLS,
            " FROM activities WHERE ($1 IS NULL OR municipality_id = $1) ORDER BY category, name"
        ))
        .bind(municipality_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// The locations of the schools and activities whose postcode starts with these four digits (a PC4), for
    /// the middle of a child's neighbourhood (ADR 030).
    pub async fn locations_in_pc4(&self, pc4: &str) -> Result<Vec<(f64, f64)>> {
        Ok(sqlx::query_as(
            "SELECT latitude, longitude FROM schools \
             WHERE substr(postcode, 1, 4) = $1 AND latitude IS NOT NULL AND longitude IS NOT NULL \
             UNION ALL SELECT latitude, longitude FROM activities WHERE substr(postcode, 1, 4) = $1",
        )
        .bind(pc4)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn activity(&self, id: i64) -> Result<ActivityRow> {
        sqlx::query_as(sql!(
            "SELECT ",
            ACTIVITY_COLS,
            " FROM activities WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn funds(&self) -> Result<Vec<FundRow>> {
        Ok(
            sqlx::query_as(sql!("SELECT ", FUND_COLS, " FROM funds ORDER BY name"))
                .fetch_all(self.reader())
                .await?,
        )
    }

    pub async fn latest_profile_of_case(&self, case_id: i64) -> Result<Option<ProfileRow>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            PROFILE_COLS,
            " FROM kik_profiles WHERE case_id = $1 ORDER BY id DESC LIMIT 1"
        ))
        .bind(case_id)
        .fetch_optional(self.reader())
        .await?)
    }

    pub async fn plans_of_case(&self, case_id: i64) -> Result<Vec<PlanRow>> {
        Ok(sqlx::query_as(sql!(
            PLAN_SELECT,
            " WHERE p.case_id = $1 ORDER BY p.id DESC"
        ))
        .bind(case_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// Kind in Kaart figures for the cases of one organisation (all when `None`), optionally per school.
    pub async fn kik_figures(
        &self,
        organisation_id: Option<i64>,
        school_id: Option<i64>,
    ) -> Result<KikFigures> {
        let scope = " FROM kik_profiles k JOIN children c ON c.id = k.child_id WHERE ($1 IS NULL OR c.organisation_id = $1) AND ($2 IS NULL OR c.school_id = $2)";
        let profiled: i64 = sqlx::query(sql!("SELECT COUNT(DISTINCT k.child_id)", scope))
            .bind(organisation_id)
            .bind(school_id)
            .fetch_one(self.reader())
            .await?
            .try_get(0)?;
        let plans = sqlx::query(sql!(
            "SELECT p.status, p.started_on, p.check_3m_result, p.fund_cents FROM activity_plans p JOIN kik_profiles k ON k.id = p.profile_id \
             JOIN children c ON c.id = k.child_id WHERE ($1 IS NULL OR c.organisation_id = $1) AND ($2 IS NULL OR c.school_id = $2)"
        ))
        .bind(organisation_id)
        .bind(school_id)
        .fetch_all(self.reader())
        .await?;
        let mut f = KikFigures {
            profiled,
            ..Default::default()
        };
        for r in plans {
            let status: String = r.try_get(0)?;
            let started: Option<String> = r.try_get(1)?;
            let check3: Option<String> = r.try_get(2)?;
            let cents: i64 = r.try_get(3)?;
            f.matched += 1;
            if started.is_some() {
                f.started += 1;
            }
            if check3.as_deref() == Some("still_going") {
                f.still_at_3_months += 1;
            }
            if status == "stopped" {
                f.stopped += 1;
            }
            if cents > 0 {
                f.with_fund += 1;
                f.fund_cents += cents;
            }
        }
        Ok(f)
    }

    /// Kind in Kaart plans still going at three months, per school of the child (an organisation's own when
    /// given): one grouped read for a dashboard over many schools, the same counts as
    /// [`Store::kik_figures`]'s `still_at_3_months` per school.
    pub async fn kik_still_at_3_months_per_school(
        &self,
        organisation_id: Option<i64>,
    ) -> Result<std::collections::HashMap<i64, i64>> {
        let rows = sqlx::query(
            "SELECT c.school_id, COUNT(*) FROM activity_plans p JOIN kik_profiles k ON k.id = p.profile_id \
             JOIN children c ON c.id = k.child_id WHERE ($1 IS NULL OR c.organisation_id = $1) \
             AND p.check_3m_result = 'still_going' AND c.school_id IS NOT NULL GROUP BY c.school_id",
        )
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    /// How often each barrier kind was planned (for the figures).
    pub async fn barrier_counts(&self, organisation_id: Option<i64>) -> Result<Vec<(String, i64)>> {
        let rows = sqlx::query(
            "SELECT p.barriers FROM activity_plans p JOIN kik_profiles k ON k.id = p.profile_id JOIN children c ON c.id = k.child_id \
             WHERE ($1 IS NULL OR c.organisation_id = $1)",
        )
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?;
        let mut counts: Vec<(String, i64)> = Vec::new();
        for r in rows {
            let barriers: String = r.try_get(0)?;
            for line in barriers.lines() {
                let kind = line.split('|').next().unwrap_or("").to_string();
                if kind.is_empty() {
                    continue;
                }
                match counts.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((kind, 1)),
                }
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        Ok(counts)
    }
}

impl WriteTx {
    pub async fn insert_activity(&mut self, a: &NewActivity, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO activities (municipality_id, provider_name, name, category, description, interests, street_address, postcode, city, \
             latitude, longitude, min_age, max_age, sessions, cost_per_season_cents, accessible, languages, capacity_left, contact, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) RETURNING id",
        )
        .bind(a.municipality_id)
        .bind(&a.provider_name)
        .bind(&a.name)
        .bind(&a.category)
        .bind(&a.description)
        .bind(&a.interests)
        .bind(&a.street_address)
        .bind(&a.postcode)
        .bind(&a.city)
        .bind(a.latitude)
        .bind(a.longitude)
        .bind(a.min_age)
        .bind(a.max_age)
        .bind(&a.sessions)
        .bind(a.cost_per_season_cents)
        .bind(flag(a.accessible))
        .bind(&a.languages)
        .bind(a.capacity_left)
        .bind(&a.contact)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_fund(&mut self, f: &NewFund, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO funds (name, description, min_age, max_age, municipalities, income_criterion_percent, max_cents_per_year, categories, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&f.name)
        .bind(&f.description)
        .bind(f.min_age)
        .bind(f.max_age)
        .bind(&f.municipalities)
        .bind(f.income_criterion_percent)
        .bind(f.max_cents_per_year)
        .bind(&f.categories)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_profile(&mut self, p: &NewProfile, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO kik_profiles (child_id, case_id, good_at, likes, wants_to_learn, interests, free_times, who_brings, can_travel_alone, \
             transport, needs_accessible, languages, income_percent, home_pc4, recorded_on, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
        )
        .bind(p.child_id)
        .bind(p.case_id)
        .bind(&p.good_at)
        .bind(&p.likes)
        .bind(&p.wants_to_learn)
        .bind(&p.interests)
        .bind(&p.free_times)
        .bind(&p.who_brings)
        .bind(flag(p.can_travel_alone))
        .bind(&p.transport)
        .bind(flag(p.needs_accessible))
        .bind(&p.languages)
        .bind(p.income_percent)
        .bind(p.home_pc4)
        .bind(&p.recorded_on)
        .bind(p.recorded_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_plan(
        &mut self,
        profile_id: i64,
        case_id: Option<i64>,
        activity_id: i64,
        fund_id: Option<i64>,
        fund_cents: i64,
        barriers: &str,
        trial_on: Option<&str>,
        chosen_on: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO activity_plans (profile_id, case_id, activity_id, fund_id, fund_cents, status, barriers, trial_on, chosen_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, 'planned', $6, $7, $8, $9) RETURNING id",
        )
        .bind(profile_id)
        .bind(case_id)
        .bind(activity_id)
        .bind(fund_id)
        .bind(fund_cents)
        .bind(barriers)
        .bind(trial_on)
        .bind(chosen_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Records that the child started: participation checks fall due 1 and 3 months later.
    pub async fn start_plan(
        &mut self,
        plan_id: i64,
        case_id: i64,
        started_on: &str,
        check_1m_due: &str,
        check_3m_due: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE activity_plans SET status = 'started', started_on = $1, check_1m_due = $2, check_3m_due = $3, version = version + 1 \
             WHERE id = $4 AND case_id = $5 AND status IN ('planned', 'trial')",
        )
        .bind(started_on)
        .bind(check_1m_due)
        .bind(check_3m_due)
        .bind(plan_id)
        .bind(case_id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Records a participation check (`month` 1 or 3): `still_going` or `stopped` with a reason.
    pub async fn check_plan(
        &mut self,
        plan_id: i64,
        case_id: i64,
        month: u8,
        result: &str,
        stop_reason: &str,
    ) -> Result<()> {
        let q = if month == 1 {
            "UPDATE activity_plans SET check_1m_result = $1, stop_reason = $2, status = CASE WHEN $1 = 'stopped' THEN 'stopped' ELSE status END, version = version + 1 WHERE id = $3 AND case_id = $4 AND started_on IS NOT NULL"
        } else {
            "UPDATE activity_plans SET check_3m_result = $1, stop_reason = $2, status = CASE WHEN $1 = 'stopped' THEN 'stopped' ELSE status END, version = version + 1 WHERE id = $3 AND case_id = $4 AND started_on IS NOT NULL"
        };
        let done = sqlx::query(q)
            .bind(result)
            .bind(stop_reason)
            .bind(plan_id)
            .bind(case_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn set_plan_barriers(&mut self, plan_id: i64, barriers: &str) -> Result<()> {
        sqlx::query("UPDATE activity_plans SET barriers = $1, version = version + 1 WHERE id = $2")
            .bind(barriers)
            .bind(plan_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }
}

/// A participation check that falls due: the case, the child, the activity, which check and when.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DueCheck {
    pub case_id: i64,
    pub child_name: String,
    pub activity_name: String,
    pub check_1m_due: Option<String>,
    pub check_1m_result: Option<String>,
    pub check_3m_due: Option<String>,
}

impl Store {
    /// Checks of a worker's open cases due on or before `until` and not yet done (reminders).
    pub async fn due_checks(&self, worker_id: i64, until: &str) -> Result<Vec<DueCheck>> {
        Ok(sqlx::query_as(
            "SELECT k.id AS case_id, c.given_name || ' ' || c.family_name AS child_name, a.name AS activity_name, \
             p.check_1m_due, p.check_1m_result, p.check_3m_due FROM activity_plans p JOIN cases k ON k.id = p.case_id \
             JOIN children c ON c.id = k.child_id JOIN activities a ON a.id = p.activity_id \
             WHERE k.worker_id = $1 AND k.status = 'open' AND p.status = 'started' AND \
             ((p.check_1m_result IS NULL AND p.check_1m_due <= $2) OR (p.check_3m_result IS NULL AND p.check_3m_due <= $2)) \
             ORDER BY p.check_1m_due",
        )
        .bind(worker_id)
        .bind(until)
        .fetch_all(self.reader())
        .await?)
    }
}

impl WriteTx {
    /// Changes an activity if `version` is still current; otherwise a conflict with the current version.
    pub async fn update_activity(&mut self, id: i64, version: i64, a: &NewActivity) -> Result<()> {
        let done = sqlx::query(
            "UPDATE activities SET provider_name = $1, name = $2, category = $3, description = $4, interests = $5, street_address = $6, \
             postcode = $7, city = $8, latitude = $9, longitude = $10, min_age = $11, max_age = $12, sessions = $13, \
             cost_per_season_cents = $14, accessible = $15, languages = $16, capacity_left = $17, contact = $18, version = version + 1 \
             WHERE id = $19 AND version = $20",
        )
        .bind(&a.provider_name)
        .bind(&a.name)
        .bind(&a.category)
        .bind(&a.description)
        .bind(&a.interests)
        .bind(&a.street_address)
        .bind(&a.postcode)
        .bind(&a.city)
        .bind(a.latitude)
        .bind(a.longitude)
        .bind(a.min_age)
        .bind(a.max_age)
        .bind(&a.sessions)
        .bind(a.cost_per_season_cents)
        .bind(flag(a.accessible))
        .bind(&a.languages)
        .bind(a.capacity_left)
        .bind(&a.contact)
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(crate::org::conflict_or_missing(self.conn(), "activities", id).await);
        }
        Ok(())
    }
}
