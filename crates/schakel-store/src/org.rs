//! Municipalities, organisations, teams, schools, workers and assignments.

use crate::{
    Assignment, Municipality, Organisation, Result, School, SchoolPupils, Store, StoreError, Team,
    Worker, WriteTx, flag, timestamp,
};
use chrono::{DateTime, Utc};
use schakel_domain::org::ValidSchool;
use schakel_domain::text::fold;
use sqlx::Row;

const MUNICIPALITY_COLS: &str = "id, cbs_code, name, version";
const ORGANISATION_COLS: &str = "id, name, municipality_id, smw_plus, version";
const TEAM_COLS: &str = "id, organisation_id, name, version";
const SCHOOL_COLS: &str = "id, code, name, school_type, municipality_id, street_address, postcode, city, latitude, longitude, holiday_region, version";
const WORKER_COLS: &str = "id, organisation_id, team_id, user_id, name, email, registration_number, may_authorise_youth_care, active, contract_hours, version";
const ASSIGNMENT_SELECT: &str = "SELECT a.id, a.worker_id, a.school_id, a.hours_per_week, a.starts_on, a.ends_on, a.version, \
     w.name AS worker_name, w.organisation_id, s.code AS school_code, s.name AS school_name \
     FROM assignments a JOIN workers w ON w.id = a.worker_id JOIN schools s ON s.id = a.school_id";

/// After an update matched no row: the row is gone, or someone else changed it first.
pub(crate) async fn conflict_or_missing(
    store_or_tx: &mut sqlx::AnyConnection,
    table: &str,
    id: i64,
) -> StoreError {
    let q = sql!("SELECT version FROM ", table, " WHERE id = $1");
    match sqlx::query(q).bind(id).fetch_optional(store_or_tx).await {
        Ok(Some(row)) => match row.try_get::<i64, _>(0) {
            Ok(current_version) => StoreError::Conflict { current_version },
            Err(e) => StoreError::Database(e),
        },
        Ok(None) => StoreError::NotFound,
        Err(e) => StoreError::Database(e),
    }
}

/// A school location ready to store: validated, with its municipality resolved.
#[derive(Debug, Clone)]
pub struct NewSchool {
    pub school: ValidSchool,
    pub municipality_id: i64,
}

#[derive(Debug, Clone, Default)]
pub struct NewWorker {
    pub organisation_id: i64,
    pub team_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub registration_number: Option<String>,
    pub may_authorise_youth_care: bool,
    pub active: bool,
    /// Hours a week in the worker's contract; `None` when not recorded.
    pub contract_hours: Option<f64>,
}

/// What a school list shows: search text (name or code, diacritics-insensitive), filters, a page.
#[derive(Debug, Clone, Default)]
pub struct SchoolFilter {
    pub query: Option<String>,
    pub municipality_id: Option<i64>,
    pub school_type: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

impl Store {
    pub async fn list_municipalities(&self) -> Result<Vec<Municipality>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            MUNICIPALITY_COLS,
            " FROM municipalities ORDER BY name"
        ))
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn municipality(&self, id: i64) -> Result<Municipality> {
        sqlx::query_as(sql!(
            "SELECT ",
            MUNICIPALITY_COLS,
            " FROM municipalities WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn municipality_by_code(&self, cbs_code: &str) -> Result<Municipality> {
        sqlx::query_as(sql!(
            "SELECT ",
            MUNICIPALITY_COLS,
            " FROM municipalities WHERE cbs_code = $1"
        ))
        .bind(cbs_code)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn list_organisations(&self) -> Result<Vec<Organisation>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            ORGANISATION_COLS,
            " FROM organisations ORDER BY name"
        ))
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn organisation(&self, id: i64) -> Result<Organisation> {
        sqlx::query_as(sql!(
            "SELECT ",
            ORGANISATION_COLS,
            " FROM organisations WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn list_teams(&self, organisation_id: Option<i64>) -> Result<Vec<Team>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            TEAM_COLS,
            " FROM teams WHERE ($1 IS NULL OR organisation_id = $1) ORDER BY name"
        ))
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn team(&self, id: i64) -> Result<Team> {
        sqlx::query_as(sql!("SELECT ", TEAM_COLS, " FROM teams WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn list_schools(&self, filter: &SchoolFilter) -> Result<(Vec<School>, i64)> {
        let pattern = filter
            .query
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| format!("%{}%", fold(q)));
        let code = filter
            .query
            .as_deref()
            .map(|q| q.trim().to_ascii_uppercase());
        let wheres = " FROM schools WHERE ($1 IS NULL OR name_folded LIKE CAST($1 AS TEXT) OR code = $2) \
             AND ($3 IS NULL OR municipality_id = $3) AND ($4 IS NULL OR school_type = $4)";
        let total: i64 = sqlx::query(sql!("SELECT COUNT(*)", wheres))
            .bind(&pattern)
            .bind(&code)
            .bind(filter.municipality_id)
            .bind(&filter.school_type)
            .fetch_one(self.reader())
            .await?
            .try_get(0)?;
        let rows = sqlx::query_as(sql!(
            "SELECT ",
            SCHOOL_COLS,
            wheres,
            " ORDER BY name, id LIMIT CAST($5 AS BIGINT) OFFSET CAST($6 AS BIGINT)"
        ))
        .bind(&pattern)
        .bind(&code)
        .bind(filter.municipality_id)
        .bind(&filter.school_type)
        .bind(filter.limit.clamp(1, 1000))
        .bind(filter.offset.max(0))
        .fetch_all(self.reader())
        .await?;
        Ok((rows, total))
    }

    pub async fn school(&self, id: i64) -> Result<School> {
        sqlx::query_as(sql!("SELECT ", SCHOOL_COLS, " FROM schools WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn school_by_code(&self, code: &str) -> Result<School> {
        sqlx::query_as(sql!(
            "SELECT ",
            SCHOOL_COLS,
            " FROM schools WHERE code = $1"
        ))
        .bind(code)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn school_pupils(&self, school_id: i64) -> Result<Vec<SchoolPupils>> {
        Ok(sqlx::query_as(
            "SELECT school_year, pupils FROM school_pupils WHERE school_id = $1 ORDER BY school_year DESC",
        )
        .bind(school_id)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn list_workers(&self, organisation_id: Option<i64>) -> Result<Vec<Worker>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            WORKER_COLS,
            " FROM workers WHERE ($1 IS NULL OR organisation_id = $1) ORDER BY name"
        ))
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn workers_of_team(&self, team_id: i64) -> Result<Vec<Worker>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            WORKER_COLS,
            " FROM workers WHERE team_id = $1 ORDER BY name"
        ))
        .bind(team_id)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn worker(&self, id: i64) -> Result<Worker> {
        sqlx::query_as(sql!("SELECT ", WORKER_COLS, " FROM workers WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn worker_of_user(&self, user_id: i64) -> Result<Option<Worker>> {
        Ok(sqlx::query_as(sql!(
            "SELECT ",
            WORKER_COLS,
            " FROM workers WHERE user_id = $1"
        ))
        .bind(user_id)
        .fetch_optional(self.reader())
        .await?)
    }

    /// Assignments, optionally of one organisation, worker or school; current ones first.
    pub async fn list_assignments(
        &self,
        organisation_id: Option<i64>,
        worker_id: Option<i64>,
        school_id: Option<i64>,
    ) -> Result<Vec<Assignment>> {
        Ok(sqlx::query_as(sql!(
            ASSIGNMENT_SELECT,
            " WHERE ($1 IS NULL OR w.organisation_id = $1) AND ($2 IS NULL OR a.worker_id = $2) \
             AND ($3 IS NULL OR a.school_id = $3) ORDER BY (a.ends_on IS NOT NULL), s.name, w.name"
        ))
        .bind(organisation_id)
        .bind(worker_id)
        .bind(school_id)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn assignment(&self, id: i64) -> Result<Assignment> {
        sqlx::query_as(sql!(ASSIGNMENT_SELECT, " WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Counts for a home page or a health overview.
    pub async fn counts(&self) -> Result<Vec<(String, i64)>> {
        let mut out = Vec::new();
        for table in [
            "municipalities",
            "organisations",
            "teams",
            "workers",
            "schools",
            "assignments",
            "users",
        ] {
            let n: i64 = sqlx::query(sql!("SELECT COUNT(*) FROM ", table))
                .fetch_one(self.reader())
                .await?
                .try_get(0)?;
            out.push((table.to_string(), n));
        }
        Ok(out)
    }
}

impl WriteTx {
    pub async fn insert_municipality(
        &mut self,
        cbs_code: &str,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Municipality> {
        let ts = timestamp(now);
        sqlx::query_as(sql!(
            "INSERT INTO municipalities (cbs_code, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING ",
            MUNICIPALITY_COLS
        ))
        .bind(cbs_code)
        .bind(name)
        .bind(&ts)
        .fetch_one(self.conn())
        .await
        .map_err(StoreError::unique("cbs_code"))
    }

    pub async fn update_municipality(
        &mut self,
        id: i64,
        version: i64,
        cbs_code: &str,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Municipality> {
        let row: Option<Municipality> = sqlx::query_as(sql!(
            "UPDATE municipalities SET cbs_code = $1, name = $2, updated_at = $3, version = version + 1 \
             WHERE id = $4 AND version = $5 RETURNING ",
            MUNICIPALITY_COLS
        ))
        .bind(cbs_code)
        .bind(name)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .fetch_optional(self.conn())
        .await
        .map_err(StoreError::unique("cbs_code"))?;
        match row {
            Some(r) => Ok(r),
            None => Err(conflict_or_missing(self.conn(), "municipalities", id).await),
        }
    }

    pub async fn insert_organisation(
        &mut self,
        name: &str,
        municipality_id: Option<i64>,
        smw_plus: bool,
        now: DateTime<Utc>,
    ) -> Result<Organisation> {
        sqlx::query_as(sql!(
            "INSERT INTO organisations (name, municipality_id, smw_plus, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING ",
            ORGANISATION_COLS
        ))
        .bind(name)
        .bind(municipality_id)
        .bind(flag(smw_plus))
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await
        .map_err(StoreError::unique("name"))
    }

    pub async fn update_organisation(
        &mut self,
        id: i64,
        version: i64,
        name: &str,
        municipality_id: Option<i64>,
        smw_plus: bool,
        now: DateTime<Utc>,
    ) -> Result<Organisation> {
        let row: Option<Organisation> = sqlx::query_as(sql!(
            "UPDATE organisations SET name = $1, municipality_id = $2, smw_plus = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND version = $6 RETURNING ",
            ORGANISATION_COLS
        ))
        .bind(name)
        .bind(municipality_id)
        .bind(flag(smw_plus))
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .fetch_optional(self.conn())
        .await
        .map_err(StoreError::unique("name"))?;
        match row {
            Some(r) => Ok(r),
            None => Err(conflict_or_missing(self.conn(), "organisations", id).await),
        }
    }

    pub async fn insert_team(
        &mut self,
        organisation_id: i64,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Team> {
        sqlx::query_as(sql!(
            "INSERT INTO teams (organisation_id, name, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING ",
            TEAM_COLS
        ))
        .bind(organisation_id)
        .bind(name)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await
        .map_err(StoreError::unique("name"))
    }

    pub async fn update_team(
        &mut self,
        id: i64,
        version: i64,
        name: &str,
        now: DateTime<Utc>,
    ) -> Result<Team> {
        let row: Option<Team> = sqlx::query_as(sql!(
            "UPDATE teams SET name = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4 RETURNING ",
            TEAM_COLS
        ))
        .bind(name)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .fetch_optional(self.conn())
        .await
        .map_err(StoreError::unique("name"))?;
        match row {
            Some(r) => Ok(r),
            None => Err(conflict_or_missing(self.conn(), "teams", id).await),
        }
    }

    pub async fn insert_school(&mut self, new: &NewSchool, now: DateTime<Utc>) -> Result<School> {
        let s = &new.school;
        sqlx::query_as(sql!(
            "INSERT INTO schools (code, name, name_folded, school_type, municipality_id, street_address, postcode, city, \
             latitude, longitude, holiday_region, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING ",
            SCHOOL_COLS
        ))
        .bind(s.code.as_str())
        .bind(&s.name)
        .bind(fold(&s.name))
        .bind(s.school_type.code())
        .bind(new.municipality_id)
        .bind(&s.street_address)
        .bind(&s.postcode)
        .bind(&s.city)
        .bind(s.latitude)
        .bind(s.longitude)
        .bind(&s.holiday_region)
        .bind(timestamp(now))
        // A NULL float binds as float4 through sqlx's Any driver (0.9.0) and a value as float8: a cached
        // statement prepared with one would refuse the other on PostgreSQL. Prepared afresh each time.
        .persistent(false)
        .fetch_one(self.conn())
        .await
        .map_err(StoreError::unique("code"))
    }

    pub async fn update_school(
        &mut self,
        id: i64,
        version: i64,
        new: &NewSchool,
        now: DateTime<Utc>,
    ) -> Result<School> {
        let s = &new.school;
        let row: Option<School> = sqlx::query_as(sql!(
            "UPDATE schools SET code = $1, name = $2, name_folded = $3, school_type = $4, municipality_id = $5, \
             street_address = $6, postcode = $7, city = $8, latitude = $9, longitude = $10, holiday_region = $11, \
             updated_at = $12, version = version + 1 WHERE id = $13 AND version = $14 RETURNING ",
            SCHOOL_COLS
        ))
        .bind(s.code.as_str())
        .bind(&s.name)
        .bind(fold(&s.name))
        .bind(s.school_type.code())
        .bind(new.municipality_id)
        .bind(&s.street_address)
        .bind(&s.postcode)
        .bind(&s.city)
        .bind(s.latitude)
        .bind(s.longitude)
        .bind(&s.holiday_region)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        // A NULL float binds as float4 through sqlx's Any driver (0.9.0) and a value as float8: a cached
        // statement prepared with one would refuse the other on PostgreSQL. Prepared afresh each time.
        .persistent(false)
        .fetch_optional(self.conn())
        .await
        .map_err(StoreError::unique("code"))?;
        match row {
            Some(r) => Ok(r),
            None => Err(conflict_or_missing(self.conn(), "schools", id).await),
        }
    }

    pub async fn set_school_pupils(
        &mut self,
        school_id: i64,
        school_year: &str,
        pupils: i64,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO school_pupils (school_id, school_year, pupils) VALUES ($1, $2, $3) \
             ON CONFLICT (school_id, school_year) DO UPDATE SET pupils = excluded.pupils",
        )
        .bind(school_id)
        .bind(school_year)
        .bind(pupils)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn insert_worker(&mut self, w: &NewWorker, now: DateTime<Utc>) -> Result<Worker> {
        Ok(sqlx::query_as(sql!(
            "INSERT INTO workers (organisation_id, team_id, user_id, name, email, registration_number, \
             may_authorise_youth_care, active, contract_hours, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING ",
            WORKER_COLS
        ))
        .bind(w.organisation_id)
        .bind(w.team_id)
        .bind(w.user_id)
        .bind(&w.name)
        .bind(&w.email)
        .bind(&w.registration_number)
        .bind(flag(w.may_authorise_youth_care))
        .bind(flag(w.active))
        .bind(w.contract_hours)
        .bind(timestamp(now))
        // A NULL float binds as float4 through sqlx's Any driver (0.9.0) and a value as float8: a cached
        // statement prepared with one would refuse the other on PostgreSQL. Prepared afresh each time.
        .persistent(false)
        .fetch_one(self.conn())
        .await?)
    }

    pub async fn update_worker(
        &mut self,
        id: i64,
        version: i64,
        w: &NewWorker,
        now: DateTime<Utc>,
    ) -> Result<Worker> {
        let row: Option<Worker> = sqlx::query_as(sql!(
            "UPDATE workers SET team_id = $1, name = $2, email = $3, registration_number = $4, \
             may_authorise_youth_care = $5, active = $6, contract_hours = $7, updated_at = $8, \
             version = version + 1 WHERE id = $9 AND version = $10 RETURNING ",
            WORKER_COLS
        ))
        .bind(w.team_id)
        .bind(&w.name)
        .bind(&w.email)
        .bind(&w.registration_number)
        .bind(flag(w.may_authorise_youth_care))
        .bind(flag(w.active))
        .bind(w.contract_hours)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        // A NULL float binds as float4 through sqlx's Any driver (0.9.0) and a value as float8: a cached
        // statement prepared with one would refuse the other on PostgreSQL. Prepared afresh each time.
        .persistent(false)
        .fetch_optional(self.conn())
        .await?;
        match row {
            Some(r) => Ok(r),
            None => Err(conflict_or_missing(self.conn(), "workers", id).await),
        }
    }

    pub async fn link_worker_to_user(&mut self, worker_id: i64, user_id: i64) -> Result<()> {
        sqlx::query("UPDATE workers SET user_id = $1 WHERE id = $2")
            .bind(user_id)
            .bind(worker_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn insert_assignment(
        &mut self,
        worker_id: i64,
        school_id: i64,
        hours_per_week: Option<f64>,
        starts_on: &str,
        ends_on: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO assignments (worker_id, school_id, hours_per_week, starts_on, ends_on, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
        )
        .bind(worker_id)
        .bind(school_id)
        .bind(hours_per_week)
        .bind(starts_on)
        .bind(ends_on)
        .bind(timestamp(now))
        // A NULL float binds as float4 through sqlx's Any driver (0.9.0) and a value as float8: a cached
        // statement prepared with one would refuse the other on PostgreSQL. Prepared afresh each time.
        .persistent(false)
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn end_assignment(
        &mut self,
        id: i64,
        version: i64,
        ends_on: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE assignments SET ends_on = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4",
        )
        .bind(ends_on)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(conflict_or_missing(self.conn(), "assignments", id).await);
        }
        Ok(())
    }
}

/// Per-organisation casework settings (configuration, not code).
#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct OrganisationSettings {
    /// Prefix of case numbers, e.g. `WW` → `WW-2026-0042`.
    pub case_prefix: String,
    /// First review of a plan after this many weeks.
    pub review_weeks: i64,
    #[sqlx(try_from = "i64")]
    pub closure_needs_approval: crate::Flag,
    #[sqlx(try_from = "i64")]
    pub mandate_needs_approval: crate::Flag,
    /// Lowest GAS score: −2 (default) or −3.
    pub gas_min: i64,
    /// The organisation works as SMW plus (source 001); read here, changed with the organisation itself.
    #[sqlx(try_from = "i64")]
    pub smw_plus: crate::Flag,
    /// The longest period of an SMW-plus decision, in months (one year by default; RULES.md §10, ADR 011).
    pub mandate_max_months: i64,
    /// Counts below this are withheld from funders (5 by default; raised, never lowered: ADR 015).
    pub figures_threshold: i64,
    /// The team dashboard flags a case open longer than this many weeks (26 by default).
    pub case_norm_weeks: i64,
    /// The team dashboard flags an onward referral not started after this many weeks (6 by default).
    pub onward_norm_weeks: i64,
}

impl Store {
    pub async fn organisation_settings(&self, id: i64) -> Result<OrganisationSettings> {
        sqlx::query_as("SELECT case_prefix, review_weeks, closure_needs_approval, mandate_needs_approval, gas_min, smw_plus, mandate_max_months, \
             figures_threshold, case_norm_weeks, onward_norm_weeks FROM organisations WHERE id = $1")
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }
}

impl WriteTx {
    pub async fn set_organisation_settings(
        &mut self,
        id: i64,
        s: &OrganisationSettings,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE organisations SET case_prefix = $1, review_weeks = $2, closure_needs_approval = $3, mandate_needs_approval = $4, gas_min = $5, \
             mandate_max_months = $6, figures_threshold = $7, case_norm_weeks = $8, onward_norm_weeks = $9 WHERE id = $10",
        )
        .bind(&s.case_prefix)
        .bind(s.review_weeks)
        .bind(flag(*s.closure_needs_approval))
        .bind(flag(*s.mandate_needs_approval))
        .bind(s.gas_min)
        .bind(s.mandate_max_months)
        .bind(s.figures_threshold)
        .bind(s.case_norm_weeks)
        .bind(s.onward_norm_weeks)
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}
