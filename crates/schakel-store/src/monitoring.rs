//! Monitoring reads: one fact per referral (no name, birth date or case number leaves this module), the schools
//! with their pupils and providers, arrangements, and the norms of the team dashboard.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use schakel_domain::casework::{ClosureReason, ReferralSource};
use schakel_domain::monitoring::dashboard::SchoolInfo;
use schakel_domain::monitoring::{
    GoalScores, ReferralFact, ReferralTally, SPECIALIST_KINDS, parse_school_year,
};
use serde::Serialize;
use sqlx::Row;

use crate::{Result, Store, WriteTx, timestamp};

/// Which referrals monitoring reads.
#[derive(Debug, Clone, Default)]
pub struct FactScope {
    /// Referrals at the municipality's schools or of children living in it.
    pub municipality_id: Option<i64>,
    /// Referrals of one organisation.
    pub organisation_id: Option<i64>,
    pub from: String,
    pub until: String,
}

/// An arrangement a school started in a school year (Kind in Kaart, SMW plus, more hours).
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Arrangement {
    pub school_id: i64,
    pub kind: String,
    pub school_year: String,
}

/// An organisation's norms for the team dashboard and its threshold for small numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MonitoringSettings {
    pub figures_threshold: i64,
    pub case_norm_weeks: i64,
    pub onward_norm_weeks: i64,
}

/// The referrals in scope, as a common table `scope(id)`: every referral but those the school withdrew before
/// triage (they were taken back, not referred). With a municipality: those at its schools and those of
/// children living in it, each found through an index (a municipality of a country-wide database reads its own
/// referrals, not every referral); without one, an organisation's (or all). `$1` municipality, `$2`
/// organisation, `$3`–`$4` the period of `received_on`.
const SCOPE_OF_MUNICIPALITY: &str = "WITH scope(id) AS (\
     SELECT r.id FROM referrals r JOIN schools s ON s.id = r.school_id WHERE s.municipality_id = $1 \
     AND r.status <> 'withdrawn' AND ($2 IS NULL OR r.organisation_id = $2) AND r.received_on BETWEEN $3 AND $4 \
     UNION SELECT r.id FROM referrals r JOIN children ch ON ch.id = r.child_id WHERE ch.residence_municipality_id = $1 \
     AND r.status <> 'withdrawn' AND ($2 IS NULL OR r.organisation_id = $2) AND r.received_on BETWEEN $3 AND $4) ";
const SCOPE_OF_ORGANISATION: &str = "WITH scope(id) AS (SELECT r.id FROM referrals r WHERE CAST($1 AS BIGINT) IS NULL \
     AND r.status <> 'withdrawn' AND ($2 IS NULL OR r.organisation_id = $2) AND r.received_on BETWEEN $3 AND $4) ";

fn date(s: Option<String>) -> Option<NaiveDate> {
    s.and_then(|s| NaiveDate::parse_from_str(s.get(..10).unwrap_or(&s), "%Y-%m-%d").ok())
}

fn school_info(r: &sqlx::any::AnyRow) -> Result<SchoolInfo> {
    let postcode: String = r.try_get(3)?;
    Ok(SchoolInfo {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        school_type: r.try_get(2)?,
        district: postcode
            .chars()
            .filter(char::is_ascii_digit)
            .take(4)
            .collect(),
        municipality_id: r.try_get(4)?,
        organisation_ids: Vec::new(),
        pupils: BTreeMap::new(),
    })
}

impl Store {
    /// One fact per referral in scope. A new referral of the same child within a year of closing is looked for
    /// among all referrals of the child, wherever the school.
    pub async fn referral_facts(&self, scope: &FactScope) -> Result<Vec<ReferralFact>> {
        let with = if scope.municipality_id.is_some() {
            SCOPE_OF_MUNICIPALITY
        } else {
            SCOPE_OF_ORGANISATION
        };
        let bind = |q: sqlx::query::Query<'static, sqlx::Any, sqlx::any::AnyArguments>| {
            q.bind(scope.municipality_id)
                .bind(scope.organisation_id)
                .bind(scope.from.clone())
                .bind(scope.until.clone())
        };
        let rows = bind(sqlx::query(sql!(
            with,
            "SELECT r.school_id, r.organisation_id, s.municipality_id, ch.residence_municipality_id, r.source, \
             r.received_on, r.signals, r.child_id, c.id, c.first_contact_on, c.closed_on, c.closure_reason, \
             c.satisfaction_parent, c.satisfaction_child, c.worker_id, \
             (SELECT COUNT(*) FROM mandate_decisions m WHERE m.case_id = c.id AND m.status = 'approved') \
             FROM scope JOIN referrals r ON r.id = scope.id JOIN schools s ON s.id = r.school_id \
             JOIN children ch ON ch.id = r.child_id LEFT JOIN cases c ON c.id = r.case_id ORDER BY r.id"
        )))
        .fetch_all(self.reader())
        .await?;
        // Each onward referral and goal once, also when two referrals in scope share a case.
        let mut onward: HashMap<i64, Vec<String>> = HashMap::new();
        for r in bind(sqlx::query(sql!(
            with,
            "SELECT DISTINCT o.id, o.case_id, t.kind FROM scope JOIN referrals r ON r.id = scope.id \
             JOIN onward_referrals o ON o.case_id = r.case_id JOIN referral_targets t ON t.id = o.target_id \
             WHERE o.status IN ('sent', 'accepted', 'started', 'completed') ORDER BY o.id"
        )))
        .fetch_all(self.reader())
        .await?
        {
            onward.entry(r.try_get(1)?).or_default().push(r.try_get(2)?);
        }
        // Only what the figures use of the goals: per case, those scored at the end, how many reached 0 or
        // more, and the sum of their change (each goal once, also when two referrals in scope share a case).
        let mut goals: HashMap<i64, GoalScores> = HashMap::new();
        for r in bind(sqlx::query(sql!(
            with,
            "SELECT g.case_id, COUNT(*), CAST(SUM(CASE WHEN g.gas_end >= 0 THEN 1 ELSE 0 END) AS BIGINT), \
             CAST(SUM(g.gas_end - g.gas_start) AS BIGINT) FROM case_goals g WHERE g.gas_end IS NOT NULL \
             AND g.case_id IN (SELECT r.case_id FROM scope JOIN referrals r ON r.id = scope.id) GROUP BY g.case_id"
        )))
        .fetch_all(self.reader())
        .await?
        {
            let count = |i: usize| -> Result<usize> {
                Ok(usize::try_from(r.try_get::<i64, _>(i)?).unwrap_or(0))
            };
            goals.insert(
                r.try_get(0)?,
                GoalScores {
                    scored: count(1)?,
                    reached: count(2)?,
                    change: r.try_get(3)?,
                },
            );
        }
        let mut facts = Vec::with_capacity(rows.len());
        let mut children = Vec::with_capacity(rows.len());
        for r in &rows {
            let child: i64 = r.try_get(7)?;
            let received = date(r.try_get(5)?).unwrap_or_default();
            let case_id: Option<i64> = r.try_get(8)?;
            let parent: Option<i64> = r.try_get(12)?;
            let child_score: Option<i64> = r.try_get(13)?;
            let scores: Vec<f64> = [parent, child_score]
                .into_iter()
                .flatten()
                .map(|s| s as f64)
                .collect();
            let signals: String = r.try_get(6)?;
            let source: String = r.try_get(4)?;
            let closure: Option<String> = r.try_get(11)?;
            children.push(child);
            facts.push(ReferralFact {
                school_id: r.try_get(0)?,
                organisation_id: r.try_get(1)?,
                worker_id: r.try_get(14)?,
                school_municipality_id: r.try_get(2)?,
                residence_municipality_id: r.try_get(3)?,
                source: ReferralSource::parse(&source).unwrap_or(ReferralSource::Other),
                received_on: received,
                signals: signals
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                accepted: case_id.is_some(),
                first_contact_on: date(r.try_get(9)?),
                closed_on: date(r.try_get(10)?),
                closure_reason: closure.as_deref().and_then(ClosureReason::parse),
                onward: case_id
                    .and_then(|c| onward.get(&c).cloned())
                    .unwrap_or_default(),
                authorisations: if case_id.is_some() {
                    u32::try_from(r.try_get::<i64, _>(15)?).unwrap_or(0)
                } else {
                    0
                },
                goals: case_id
                    .and_then(|c| goals.get(&c).copied())
                    .unwrap_or_default(),
                satisfaction: (!scores.is_empty())
                    .then(|| scores.iter().sum::<f64>() / scores.len() as f64),
                referred_again_within_a_year: false,
            });
        }
        // Every referral of these children counts, also outside the scope (another school, another year): the
        // period read may start after a case that closed before it.
        let mut referrals_of_child: HashMap<i64, Vec<NaiveDate>> = HashMap::new();
        let all = bind(sqlx::query(sql!(
            with,
            "SELECT r2.child_id, r2.received_on FROM referrals r2 WHERE r2.child_id IN \
             (SELECT r.child_id FROM scope JOIN referrals r ON r.id = scope.id) AND r2.status <> 'withdrawn'"
        )))
        .fetch_all(self.reader())
        .await?;
        for r in all {
            let child: i64 = r.try_get(0)?;
            if let Some(d) = date(r.try_get(1)?) {
                referrals_of_child.entry(child).or_default().push(d);
            }
        }
        for (f, child) in facts.iter_mut().zip(children) {
            if let Some(closed) = f.closed_on {
                let until = closed + chrono::Duration::days(365);
                f.referred_again_within_a_year = referrals_of_child
                    .get(&child)
                    .is_some_and(|ds| ds.iter().any(|d| *d > closed && *d <= until));
            }
        }
        Ok(facts)
    }

    /// The referrals in scope counted per school and school year, and how many of them went on to specialist
    /// care (an approved SMW-plus decision, or an onward referral sent or further along to a kind in
    /// [`SPECIALIST_KINDS`]: what [`ReferralFact::outcome`] calls specialist), ordered by school and year.
    pub async fn referral_tallies(&self, scope: &FactScope) -> Result<Vec<ReferralTally>> {
        let with = if scope.municipality_id.is_some() {
            SCOPE_OF_MUNICIPALITY
        } else {
            SCOPE_OF_ORGANISATION
        };
        let [youth_care, urgent] = SPECIALIST_KINDS.map(|k| k.code());
        let rows = sqlx::query(sql!(
            with,
            "SELECT r.school_id, CAST(SUBSTR(r.received_on, 1, 4) AS BIGINT) \
             - CASE WHEN SUBSTR(r.received_on, 6, 2) < '08' THEN 1 ELSE 0 END, COUNT(*), \
             CAST(SUM(CASE WHEN EXISTS (SELECT 1 FROM mandate_decisions m WHERE m.case_id = r.case_id \
             AND m.status = 'approved') OR EXISTS (SELECT 1 FROM onward_referrals o \
             JOIN referral_targets t ON t.id = o.target_id WHERE o.case_id = r.case_id \
             AND o.status IN ('sent', 'accepted', 'started', 'completed') AND t.kind IN ($5, $6)) \
             THEN 1 ELSE 0 END) AS BIGINT) \
             FROM scope JOIN referrals r ON r.id = scope.id GROUP BY 1, 2 ORDER BY 1, 2"
        ))
        .bind(scope.municipality_id)
        .bind(scope.organisation_id)
        .bind(scope.from.clone())
        .bind(scope.until.clone())
        .bind(youth_care)
        .bind(urgent)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                let count = |i: usize| -> Result<u64> {
                    Ok(u64::try_from(r.try_get::<i64, _>(i)?).unwrap_or(0))
                };
                Ok(ReferralTally {
                    school_id: r.try_get(0)?,
                    school_year: i32::try_from(r.try_get::<i64, _>(1)?).unwrap_or_default(),
                    referrals: count(2)?,
                    specialist: count(3)?,
                })
            })
            .collect()
    }

    /// Schools for the dashboard: those of the municipality plus any other school named in `also`, with their
    /// pupils per school year and the organisations assigned to them.
    pub async fn monitoring_schools(
        &self,
        municipality_id: Option<i64>,
        also: &[i64],
    ) -> Result<Vec<SchoolInfo>> {
        let rows = sqlx::query(
            "SELECT id, name, school_type, COALESCE(postcode, ''), municipality_id FROM schools \
             WHERE $1 IS NULL OR municipality_id = $1 ORDER BY name, id",
        )
        .bind(municipality_id)
        .fetch_all(self.reader())
        .await?;
        let mut schools: BTreeMap<i64, SchoolInfo> = BTreeMap::new();
        for r in &rows {
            let s = school_info(r)?;
            schools.insert(s.id, s);
        }
        for id in also
            .iter()
            .filter(|id| !schools.contains_key(id))
            .copied()
            .collect::<Vec<_>>()
        {
            if let Some(r) = sqlx::query(
                "SELECT id, name, school_type, COALESCE(postcode, ''), municipality_id FROM schools WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            {
                let s = school_info(&r)?;
                schools.insert(s.id, s);
            }
        }
        // Pupils and providers of the municipality's schools in one read each, of a school elsewhere on its own
        // (few: where the municipality's residents go to school).
        let elsewhere: Vec<i64> = schools
            .values()
            .filter(|s| municipality_id.is_some_and(|m| s.municipality_id != m))
            .map(|s| s.id)
            .collect();
        let mut pupils = sqlx::query(
            "SELECT p.school_id, p.school_year, p.pupils FROM school_pupils p JOIN schools s ON s.id = p.school_id \
             WHERE $1 IS NULL OR s.municipality_id = $1 ORDER BY p.school_id, p.school_year",
        )
        .bind(municipality_id)
        .fetch_all(self.reader())
        .await?;
        let mut providers = sqlx::query(
            "SELECT DISTINCT a.school_id, w.organisation_id FROM assignments a JOIN workers w ON w.id = a.worker_id \
             JOIN schools s ON s.id = a.school_id WHERE $1 IS NULL OR s.municipality_id = $1 \
             ORDER BY a.school_id, w.organisation_id",
        )
        .bind(municipality_id)
        .fetch_all(self.reader())
        .await?;
        for id in elsewhere {
            pupils.extend(
                sqlx::query(
                    "SELECT school_id, school_year, pupils FROM school_pupils WHERE school_id = $1 \
                     ORDER BY school_year",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await?,
            );
            providers.extend(
                sqlx::query(
                    "SELECT DISTINCT a.school_id, w.organisation_id FROM assignments a \
                     JOIN workers w ON w.id = a.worker_id WHERE a.school_id = $1 ORDER BY w.organisation_id",
                )
                .bind(id)
                .fetch_all(self.reader())
                .await?,
            );
        }
        for r in &pupils {
            let id: i64 = r.try_get(0)?;
            let year: String = r.try_get(1)?;
            let pupils: i64 = r.try_get(2)?;
            if let (Some(s), Some(y)) = (schools.get_mut(&id), parse_school_year(&year)) {
                s.pupils.insert(y, u64::try_from(pupils).unwrap_or(0));
            }
        }
        for r in &providers {
            let id: i64 = r.try_get(0)?;
            if let Some(s) = schools.get_mut(&id) {
                s.organisation_ids.push(r.try_get(1)?);
            }
        }
        Ok(schools.into_values().collect())
    }

    /// Consultations held at the given schools in a period.
    pub async fn consultations_at(
        &self,
        school_ids: &[i64],
        from: &str,
        until: &str,
    ) -> Result<u64> {
        let mut n = 0u64;
        for r in sqlx::query("SELECT school_id FROM consultations WHERE held_on BETWEEN $1 AND $2 AND school_id IS NOT NULL")
            .bind(from)
            .bind(until)
            .fetch_all(self.reader())
            .await?
        {
            let id: i64 = r.try_get(0)?;
            if school_ids.contains(&id) {
                n += 1;
            }
        }
        Ok(n)
    }

    pub async fn arrangements(&self) -> Result<Vec<Arrangement>> {
        let rows = sqlx::query(
            "SELECT school_id, kind, school_year FROM school_arrangements ORDER BY school_id, kind",
        )
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Arrangement {
                    school_id: r.try_get(0)?,
                    kind: r.try_get(1)?,
                    school_year: r.try_get(2)?,
                })
            })
            .collect()
    }

    pub async fn monitoring_settings(&self, organisation_id: i64) -> Result<MonitoringSettings> {
        let r = sqlx::query(
            "SELECT figures_threshold, case_norm_weeks, onward_norm_weeks FROM organisations WHERE id = $1",
        )
        .bind(organisation_id)
        .fetch_one(self.reader())
        .await?;
        Ok(MonitoringSettings {
            figures_threshold: r.try_get(0)?,
            case_norm_weeks: r.try_get(1)?,
            onward_norm_weeks: r.try_get(2)?,
        })
    }

    /// The highest threshold of the organisations working in a municipality (an organisation may raise it).
    pub async fn municipality_threshold(&self, municipality_id: i64) -> Result<i64> {
        let r = sqlx::query(
            "SELECT CAST(COALESCE(MAX(o.figures_threshold), 5) AS BIGINT) FROM organisations o WHERE o.id IN \
             (SELECT w.organisation_id FROM assignments a JOIN workers w ON w.id = a.worker_id \
              JOIN schools s ON s.id = a.school_id WHERE s.municipality_id = $1)",
        )
        .bind(municipality_id)
        .fetch_one(self.reader())
        .await?;
        Ok(r.try_get(0)?)
    }
}

impl WriteTx {
    /// Records that a school started an arrangement in a school year (one row per school and kind).
    pub async fn set_arrangement(
        &mut self,
        a: &Arrangement,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO school_arrangements (school_id, kind, school_year, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (school_id, kind) DO UPDATE SET school_year = excluded.school_year",
        )
        .bind(a.school_id)
        .bind(&a.kind)
        .bind(&a.school_year)
        .bind(timestamp(now))
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

/// An onward referral not yet started, for the team dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct OpenOnward {
    pub case_id: i64,
    pub case_number: String,
    pub worker_id: Option<i64>,
    pub target: String,
    pub status: String,
    pub proposed_on: String,
}

impl Store {
    /// Onward referrals of an organisation's open cases that have not started or ended yet.
    pub async fn open_onward_referrals(&self, organisation_id: i64) -> Result<Vec<OpenOnward>> {
        let rows = sqlx::query(
            "SELECT c.id, c.case_number, c.worker_id, t.name, o.status, o.proposed_on FROM onward_referrals o \
             JOIN cases c ON c.id = o.case_id JOIN referral_targets t ON t.id = o.target_id \
             WHERE c.organisation_id = $1 AND c.status <> 'closed' \
             AND o.status IN ('proposed', 'consented', 'sent', 'accepted') ORDER BY o.proposed_on, o.id",
        )
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| {
                Ok(OpenOnward {
                    case_id: r.try_get(0)?,
                    case_number: r.try_get(1)?,
                    worker_id: r.try_get(2)?,
                    target: r.try_get(3)?,
                    status: r.try_get(4)?,
                    proposed_on: r.try_get(5)?,
                })
            })
            .collect()
    }
}
