//! The raw tables as the recount reads them: plain SQL, no store or domain code.

use crate::support::TestApp;
use chrono::{Datelike, NaiveDate};
use sqlx::Row as _;
use std::collections::{BTreeMap, BTreeSet};

/// One referral as read straight from the tables.
#[derive(Debug, Clone)]
pub struct Referral {
    pub school: i64,
    pub residence: Option<i64>,
    pub source: String,
    pub received: NaiveDate,
    pub signals: Vec<String>,
    pub child: i64,
    pub withdrawn: bool,
    pub case: Option<Case>,
}

#[derive(Debug, Clone)]
pub struct Case {
    pub first_contact: Option<NaiveDate>,
    pub closed: Option<NaiveDate>,
    pub closure_reason: Option<String>,
    pub satisfaction: Vec<i64>,
    /// Kinds of help of onward referrals that were sent (or went further).
    pub onward: Vec<String>,
    pub approved_decisions: u64,
    /// (GAS at the start, at the end).
    pub goals: Vec<(i64, Option<i64>)>,
}

#[derive(Debug, Clone)]
pub struct School {
    pub id: i64,
    pub name: String,
    pub school_type: String,
    pub district: String,
    pub municipality: i64,
    /// Organisations with an assignment at the school (ever).
    pub providers: BTreeSet<i64>,
    /// School year → pupils.
    pub pupils: BTreeMap<i32, u64>,
}

/// Minutes spent at a school: (school, organisation, day, minutes).
pub type Minutes = Vec<(i64, i64, NaiveDate, u64)>;

pub struct Raw {
    pub referrals: Vec<Referral>,
    pub schools: BTreeMap<i64, School>,
    pub municipality_names: BTreeMap<i64, String>,
    /// (school, hours a week, still running).
    pub assignments: Vec<(i64, Option<f64>, bool)>,
    pub minutes: Minutes,
    /// Consultations: (school, organisation, day, minutes).
    pub consultations: Minutes,
    /// Recorded group sessions: (school, day, parents, children, minutes).
    pub group: Vec<(i64, NaiveDate, u64, u64, u64)>,
    pub kik_still_going: BTreeMap<i64, u64>,
    pub care_meetings: u64,
    /// Bookings: (school, day, kind, status) — the figure counts attended walk-in slots (ADR 025).
    pub appointments: Vec<(i64, NaiveDate, String, String)>,
    /// The municipality of the `gemeente` account.
    pub account_municipality: i64,
    /// The threshold by its definition: the highest of the organisations working in the municipality, at least 5.
    pub threshold: BTreeMap<i64, u64>,
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(&s[..10], "%Y-%m-%d").expect("a date")
}

pub fn opt_day(s: Option<String>) -> Option<NaiveDate> {
    s.filter(|s| !s.is_empty()).map(|s| day(&s))
}

/// School year (first calendar year) and quarter (0–3): K1 Aug–Oct, K2 Nov–Jan, K3 Feb–Apr, K4 May–Jul.
pub fn period(d: NaiveDate) -> (i32, usize) {
    let year = if d.month() >= 8 {
        d.year()
    } else {
        d.year() - 1
    };
    let quarter = match d.month() {
        8..=10 => 0,
        11 | 12 | 1 => 1,
        2..=4 => 2,
        _ => 3,
    };
    (year, quarter)
}

pub async fn rows(pool: &sqlx::AnyPool, sql: &str) -> Vec<sqlx::any::AnyRow> {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
        .fetch_all(pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

pub async fn read_cases(pool: &sqlx::AnyPool) -> BTreeMap<i64, Case> {
    let mut cases: BTreeMap<i64, Case> = BTreeMap::new();
    for r in rows(
        pool,
        "SELECT id, first_contact_on, closed_on, closure_reason, CAST(satisfaction_parent AS BIGINT), \
         CAST(satisfaction_child AS BIGINT) FROM cases",
    )
    .await
    {
        let satisfaction = [r.get::<Option<i64>, _>(4), r.get(5)]
            .into_iter()
            .flatten()
            .collect();
        cases.insert(
            r.get(0),
            Case {
                first_contact: opt_day(r.get(1)),
                closed: opt_day(r.get(2)),
                closure_reason: r.get(3),
                satisfaction,
                onward: Vec::new(),
                approved_decisions: 0,
                goals: Vec::new(),
            },
        );
    }
    for r in rows(
        pool,
        "SELECT o.case_id, t.kind FROM onward_referrals o JOIN referral_targets t ON t.id = o.target_id \
         WHERE o.status IN ('sent', 'accepted', 'started', 'completed')",
    )
    .await
    {
        if let Some(c) = cases.get_mut(&r.get(0)) {
            c.onward.push(r.get(1));
        }
    }
    for r in rows(
        pool,
        "SELECT case_id FROM mandate_decisions WHERE status = 'approved'",
    )
    .await
    {
        if let Some(c) = cases.get_mut(&r.get(0)) {
            c.approved_decisions += 1;
        }
    }
    for r in rows(
        pool,
        "SELECT case_id, CAST(gas_start AS BIGINT), CAST(gas_end AS BIGINT) FROM case_goals",
    )
    .await
    {
        if let Some(c) = cases.get_mut(&r.get(0)) {
            c.goals.push((r.get(1), r.get(2)));
        }
    }
    cases
}

pub async fn read_schools(pool: &sqlx::AnyPool) -> BTreeMap<i64, School> {
    let mut schools: BTreeMap<i64, School> = BTreeMap::new();
    for r in rows(
        pool,
        "SELECT id, name, school_type, COALESCE(postcode, ''), municipality_id FROM schools",
    )
    .await
    {
        let postcode: String = r.get(3);
        schools.insert(
            r.get(0),
            School {
                id: r.get(0),
                name: r.get(1),
                school_type: r.get(2),
                district: postcode
                    .chars()
                    .filter(char::is_ascii_digit)
                    .take(4)
                    .collect(),
                municipality: r.get(4),
                providers: BTreeSet::new(),
                pupils: BTreeMap::new(),
            },
        );
    }
    for r in rows(
        pool,
        "SELECT school_id, school_year, CAST(pupils AS BIGINT) FROM school_pupils",
    )
    .await
    {
        let label: String = r.get(1);
        let year: i32 = label[..4].parse().expect("a school year");
        let n: i64 = r.get(2);
        schools
            .get_mut(&r.get(0))
            .expect("school")
            .pupils
            .insert(year, n as u64);
    }
    for r in rows(
        pool,
        "SELECT a.school_id, w.organisation_id FROM assignments a JOIN workers w ON w.id = a.worker_id",
    )
    .await
    {
        schools
            .get_mut(&r.get(0))
            .expect("school")
            .providers
            .insert(r.get(1));
    }
    schools
}

pub async fn read(app: &TestApp) -> Raw {
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    let mut cases = read_cases(&pool).await;
    let schools = read_schools(&pool).await;
    let referrals = rows(
        &pool,
        "SELECT r.school_id, ch.residence_municipality_id, r.source, r.received_on, r.signals, r.child_id, \
         r.case_id, r.status FROM referrals r JOIN children ch ON ch.id = r.child_id",
    )
    .await
    .iter()
    .map(|r| {
        let signals: String = r.get(4);
        let status: String = r.get(7);
        Referral {
            school: r.get(0),
            residence: r.get(1),
            source: r.get(2),
            received: day(&r.get::<String, _>(3)),
            signals: signals
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            child: r.get(5),
            withdrawn: status == "withdrawn",
            case: r
                .get::<Option<i64>, _>(6)
                .map(|id| cases.get(&id).cloned().expect("the case")),
        }
    })
    .collect();
    cases.clear();
    let minutes_of = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            rows(&pool, sql)
                .await
                .iter()
                .filter_map(|r| {
                    let school: Option<i64> = r.get(0);
                    let minutes: i64 = r.get(3);
                    Some((
                        school?,
                        r.get(1),
                        day(&r.get::<String, _>(2)),
                        minutes as u64,
                    ))
                })
                .collect::<Minutes>()
        }
    };
    let mut minutes = minutes_of(
        "SELECT k.school_id, k.organisation_id, c.held_on, CAST(c.minutes AS BIGINT) FROM case_contacts c \
         JOIN cases k ON k.id = c.case_id",
    )
    .await;
    minutes.extend(
        minutes_of(
            "SELECT school_id, organisation_id, spent_on, CAST(minutes AS BIGINT) FROM time_entries \
             WHERE group_session_id IS NULL",
        )
        .await,
    );
    let consultations = minutes_of(
        "SELECT school_id, organisation_id, held_on, CAST(minutes AS BIGINT) FROM consultations",
    )
    .await;
    let group = rows(
        &pool,
        "SELECT school_id, held_on, CAST(COALESCE(parents, 0) AS BIGINT), CAST(COALESCE(children, 0) AS BIGINT), \
         CAST(preparation_minutes + session_minutes AS BIGINT) FROM group_sessions WHERE recorded_at IS NOT NULL",
    )
    .await
    .iter()
    .map(|r| {
        let n = |i: usize| r.get::<i64, _>(i) as u64;
        (r.get(0), day(&r.get::<String, _>(1)), n(2), n(3), n(4))
    })
    .collect();
    let mut kik_still_going: BTreeMap<i64, u64> = BTreeMap::new();
    for r in rows(
        &pool,
        "SELECT c.school_id FROM activity_plans p JOIN kik_profiles k ON k.id = p.profile_id \
         JOIN children c ON c.id = k.child_id WHERE p.check_3m_result = 'still_going' AND c.school_id IS NOT NULL",
    )
    .await
    {
        *kik_still_going.entry(r.get(0)).or_default() += 1;
    }
    let care_meetings: i64 = rows(&pool, "SELECT COUNT(*) FROM care_meetings").await[0].get(0);
    let appointments = rows(
        &pool,
        "SELECT school_id, on_date, kind, status FROM appointments",
    )
    .await
    .iter()
    .map(|r| (r.get(0), day(&r.get::<String, _>(1)), r.get(2), r.get(3)))
    .collect();
    let assignments = rows(
        &pool,
        "SELECT school_id, CAST(hours_per_week AS DOUBLE PRECISION), ends_on FROM assignments",
    )
    .await
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get::<Option<String>, _>(2).is_none()))
    .collect();
    let municipality_names = rows(&pool, "SELECT id, name FROM municipalities")
        .await
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    let mut threshold: BTreeMap<i64, u64> = BTreeMap::new();
    for r in rows(
        &pool,
        "SELECT DISTINCT s.municipality_id, CAST(o.figures_threshold AS BIGINT) FROM assignments a \
         JOIN workers w ON w.id = a.worker_id JOIN organisations o ON o.id = w.organisation_id \
         JOIN schools s ON s.id = a.school_id",
    )
    .await
    {
        let k = threshold.entry(r.get(0)).or_insert(5);
        *k = (*k).max(r.get::<i64, _>(1) as u64);
    }
    let account_municipality: i64 = rows(
        &pool,
        "SELECT municipality_id FROM users WHERE username = 'gemeente'",
    )
    .await[0]
        .get(0);
    pool.close().await;
    Raw {
        account_municipality,
        referrals,
        schools,
        municipality_names,
        assignments,
        minutes,
        consultations,
        group,
        kik_still_going,
        care_meetings: care_meetings as u64,
        appointments,
        threshold,
    }
}
