//! Monitoring (issue 12): every figure of the municipality dashboard, on generated worlds of three municipalities
//! and five school years, equals a brute-force recount written here from the definitions (ADR 015, 018) with plain
//! SQL over the raw tables and simple Rust — never through the domain's monitoring functions. A shown number must
//! equal the recount; `< k` must truly be 1..k−1; `•` must truly be at least k; a withheld rate or share must rest
//! on a small number. Checked for several seeds, every filter kind and two school years, on SQLite and PostgreSQL.

mod raw;
mod recount;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, get_json, spawn_app_with};
use chrono::NaiveDate;
use raw::{School, period, read};
use recount::{Narrow, View, headlines, outcome, referral_tables};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Seeds of the generated worlds: all on SQLite, the first two on PostgreSQL (where writing a world takes longer).
const SEEDS: [u64; 3] = [1, 2, 3];

/// How a suppressed cell reads in the JSON: `< k` and `•`.
const SUPPRESSED: [&str; 2] = [r#""shown":"small""#, r#""shown":"hidden""#];

/// A shown cell against its true count: a number is exact, `< k` is 1..k−1, `•` is at least k.
fn check(cell: &Value, truth: u64, k: u64, what: &str) {
    match cell["shown"].as_str() {
        Some("count") => assert_eq!(cell["value"].as_u64(), Some(truth), "{what}"),
        Some("small") => assert!(
            (1..k).contains(&truth),
            "{what}: shown < {k}, truly {truth}"
        ),
        Some("hidden") => assert!(truth >= k, "{what}: hidden, truly {truth}"),
        _ => panic!("{what}: not a cell: {cell}"),
    }
}

fn close(a: Option<f64>, b: Option<f64>, what: &str) {
    match (a, b) {
        (Some(a), Some(b)) => assert!((a - b).abs() < 1e-6, "{what}: shown {a}, recounted {b}"),
        (None, None) => {}
        _ => panic!("{what}: shown {a:?}, recounted {b:?}"),
    }
}

/// Every cell, row total, column total and the grand total of a shown table against the recount. Rows the table
/// merged into "Overige, samengevoegd" must each have had fewer than k and add up to that row.
fn check_table(table: &Value, truth: &BTreeMap<String, Vec<u64>>, k: u64, what: &str) {
    let columns = table["columns"].as_array().expect("columns").len();
    let labels: Vec<&str> = table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| r.as_str().expect("row label"))
        .collect();
    let mut merged = vec![0; columns];
    for (label, counts) in truth {
        assert_eq!(counts.len(), columns, "{what}: {label}");
        if !labels.contains(&label.as_str()) {
            let sum: u64 = counts.iter().sum();
            assert!(sum < k, "{what}: {label} ({sum}) is missing but not small");
            for (m, n) in merged.iter_mut().zip(counts) {
                *m += n;
            }
        }
    }
    let mut column_totals = vec![0; columns];
    for (i, label) in labels.iter().enumerate() {
        let counts = if label.starts_with("Overige, samengevoegd") {
            merged.clone()
        } else {
            truth
                .get(*label)
                .cloned()
                .unwrap_or_else(|| vec![0; columns])
        };
        for (c, n) in counts.iter().enumerate() {
            check(
                &table["cells"][i][c],
                *n,
                k,
                &format!("{what}: {label}, column {c}"),
            );
            column_totals[c] += n;
        }
        check(
            &table["row_totals"][i],
            counts.iter().sum(),
            k,
            &format!("{what}: {label}, row total"),
        );
    }
    for (c, n) in column_totals.iter().enumerate() {
        check(
            &table["column_totals"][c],
            *n,
            k,
            &format!("{what}: column {c} total"),
        );
    }
    let total: u64 = truth.values().flatten().sum();
    assert_eq!(
        column_totals.iter().sum::<u64>(),
        total,
        "{what}: every referral in a row"
    );
    check(&table["total"], total, k, &format!("{what}: grand total"));
}

/// Every figure of one dashboard against the recount.
fn check_dashboard(f: &Value, v: &View<'_>, what: &str) {
    let k = v.k;
    let d = &f["dashboard"];
    assert_eq!(d["threshold"].as_u64(), Some(k), "{what}: threshold");
    assert_eq!(d["school_year"].as_i64(), Some(i64::from(v.year)), "{what}");
    let shown: Vec<&Value> = d["tables"].as_array().expect("tables").iter().collect();
    let withheld: Vec<&str> = d["withheld"]
        .as_array()
        .expect("withheld")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for (title, truth) in referral_tables(v) {
        match shown.iter().find(|t| t["title"] == title) {
            Some(t) => check_table(t, &truth, k, &format!("{what}: {title}")),
            None => {
                assert!(
                    withheld.contains(&title),
                    "{what}: {title} neither shown nor withheld"
                );
                let total: u64 = truth.values().flatten().sum();
                assert!(
                    total > 0,
                    "{what}: an empty table {title} needs no withholding"
                );
            }
        }
    }
    assert_eq!(shown.len() + withheld.len(), 6, "{what}: {withheld:?}");
    for (key, (basis, value)) in headlines(v) {
        let h = d["headlines"]
            .as_array()
            .expect("headlines")
            .iter()
            .find(|h| h["key"] == key)
            .unwrap_or_else(|| panic!("{what}: headline {key}"));
        check(&h["basis"], basis, k, &format!("{what}: {key} basis"));
        close(h["value"].as_f64(), value, &format!("{what}: {key}"));
    }
    check_per_school(f, v, what);
    check_trend(f, v, what);
    check_hours(f, v, what);
    check_other_work(f, v, what);
}

/// Per school: pupils, referrals (as the school table shows them) and referrals per 100 pupils.
fn check_per_school(f: &Value, v: &View<'_>, what: &str) {
    let refs = v.referrals_in(v.year);
    let table_shown = f["dashboard"]["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .any(|t| t["title"] == "Aanmeldingen per school");
    let lines = f["dashboard"]["per_school"].as_array().expect("per school");
    let admitted = v.admitted();
    assert_eq!(
        lines.len(),
        admitted.len(),
        "{what}: a line per admitted school"
    );
    for s in admitted {
        let line = lines
            .iter()
            .find(|l| l["school"] == s.name.as_str())
            .expect("the school's line");
        let n = refs.iter().filter(|r| r.school == s.id).count() as u64;
        let pupils = v.pupils_in(s, v.year);
        assert_eq!(line["pupils"].as_u64(), pupils, "{what}: {} pupils", s.name);
        let what = format!("{what}: {} per school", s.name);
        if table_shown {
            check(&line["referrals"], n, v.k, &what);
        } else {
            assert_eq!(line["referrals"]["shown"], "hidden", "{what}");
        }
        let rate = match (line["referrals"]["shown"].as_str(), pupils) {
            (Some("count"), Some(p)) if p > 0 => Some(n as f64 * 100.0 / p as f64),
            _ => None,
        };
        close(line["per_100_pupils"].as_f64(), rate, &what);
    }
}

/// The trend: referrals and referrals on to specialist care per 100 pupils for the year and the four before it,
/// withheld when the count is small.
fn check_trend(f: &Value, v: &View<'_>, what: &str) {
    let trend = f["trend"].as_array().expect("trend");
    let years: Vec<i64> = trend
        .iter()
        .filter_map(|t| t["school_year"].as_i64())
        .collect();
    let expected: Vec<i64> = (v.year - 4..=v.year).map(i64::from).collect();
    assert_eq!(years, expected, "{what}: trend years");
    for t in trend {
        let y = t["school_year"].as_i64().expect("year") as i32;
        let refs = v.referrals_in(y);
        let pupils: u64 = v.admitted().iter().filter_map(|s| v.pupils_in(s, y)).sum();
        let specialist = refs
            .iter()
            .filter(|r| outcome(r).contains("specialistische"))
            .count() as u64;
        let rate =
            |n: u64| (pupils > 0 && (n == 0 || n >= v.k)).then(|| n as f64 * 100.0 / pupils as f64);
        close(
            t["referrals_per_100"].as_f64(),
            rate(refs.len() as u64),
            &format!("{what}: trend {y}"),
        );
        close(
            t["specialist_per_100"].as_f64(),
            rate(specialist),
            &format!("{what}: trend {y} specialist"),
        );
    }
}

/// Hours per school: contracted (running assignments) and spent in the school year up to today (contacts of the
/// cases at the school, time written to it outside group sessions, consultations) by the providers working in the
/// admitted schools, a week over the school weeks passed (40 in 52, at least one).
fn check_hours(f: &Value, v: &View<'_>, what: &str) {
    let from = NaiveDate::from_ymd_opt(v.year, 8, 1).expect("1 August");
    let until = NaiveDate::from_ymd_opt(v.year + 1, 7, 31)
        .expect("31 July")
        .min(v.today);
    let admitted = v.admitted();
    let providers: BTreeSet<i64> = admitted
        .iter()
        .flat_map(|s| s.providers.iter().copied())
        .collect();
    let weeks = ((until - from).num_days().max(0) as f64 / 7.0 * 40.0 / 52.0).max(1.0);
    let hours = f["hours"].as_array().expect("hours");
    assert_eq!(
        hours.len(),
        admitted.len(),
        "{what}: hours per admitted school"
    );
    for s in admitted {
        let line = hours
            .iter()
            .find(|h| h["school"] == s.name.as_str())
            .expect("hours line");
        let contracted: Vec<f64> = v
            .raw
            .assignments
            .iter()
            .filter(|a| a.0 == s.id && a.2)
            .filter_map(|a| a.1)
            .collect();
        let contracted = (!contracted.is_empty()).then(|| contracted.iter().sum::<f64>());
        close(
            line["contracted_per_week"].as_f64(),
            contracted,
            &format!("{what}: {} contracted", s.name),
        );
        let minutes: u64 = v
            .raw
            .minutes
            .iter()
            .chain(&v.raw.consultations)
            .filter(|m| m.0 == s.id && providers.contains(&m.1) && m.2 >= from && m.2 <= until)
            .map(|m| m.3)
            .sum();
        let spent = minutes as f64 / 60.0;
        close(
            line["spent_hours"].as_f64(),
            Some(spent),
            &format!("{what}: {} spent", s.name),
        );
        close(
            line["spent_per_week"].as_f64(),
            Some(spent / weeks),
            &format!("{what}: {} a week", s.name),
        );
    }
}

/// Consultations, Kind in Kaart at three months, group work and care meetings at the admitted schools.
fn check_other_work(f: &Value, v: &View<'_>, what: &str) {
    let ids: BTreeSet<i64> = v.admitted().iter().map(|s| s.id).collect();
    let in_year = |d: &NaiveDate| period(*d).0 == v.year;
    let consultations = v
        .raw
        .consultations
        .iter()
        .filter(|c| ids.contains(&c.0) && in_year(&c.2))
        .count();
    check(
        &f["consultations"],
        consultations as u64,
        v.k,
        &format!("{what}: consultations"),
    );
    let still: u64 = ids
        .iter()
        .filter_map(|id| v.raw.kik_still_going.get(id))
        .sum();
    check(
        &f["kind_in_kaart_still_at_3_months"],
        still,
        v.k,
        &format!("{what}: Kind in Kaart"),
    );
    let group: Vec<_> = v
        .raw
        .group
        .iter()
        .filter(|g| ids.contains(&g.0) && in_year(&g.1))
        .collect();
    assert_eq!(
        f["group_sessions"].as_u64(),
        Some(group.len() as u64),
        "{what}: group sessions"
    );
    let minutes: u64 = group.iter().map(|g| g.4).sum();
    close(
        f["group_hours"].as_f64(),
        Some(minutes as f64 / 60.0),
        &format!("{what}: group hours"),
    );
    let mut reach: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for g in &group {
        let row = reach
            .entry(v.raw.schools[&g.0].name.clone())
            .or_insert_with(|| vec![0, 0]);
        row[0] += g.2;
        row[1] += g.3;
    }
    match &f["group_reach"] {
        Value::Null => assert!(reach.is_empty(), "{what}: group reach withheld: {reach:?}"),
        t => check_table(t, &reach, v.k, &format!("{what}: group reach")),
    }
    // Walk-in visits: attended walk-in slots per school and quarter (not-shown, cancelled and separate
    // appointments are not visits).
    let mut visits: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for a in
        v.raw.appointments.iter().filter(|a| {
            ids.contains(&a.0) && in_year(&a.1) && a.2 == "inloop" && a.3 == "verschenen"
        })
    {
        visits
            .entry(v.raw.schools[&a.0].name.clone())
            .or_insert_with(|| vec![0; 4])[period(a.1).1] += 1;
    }
    match &f["walk_in_visits"] {
        Value::Null => assert!(
            visits.is_empty(),
            "{what}: walk-in visits withheld: {visits:?}"
        ),
        t => check_table(t, &visits, v.k, &format!("{what}: walk-in visits")),
    }
    if v.raw.care_meetings == 0 {
        for key in [
            "care_meetings_held",
            "care_meetings_planned",
            "group_reviews_held",
            "group_reviews_planned",
        ] {
            assert_eq!(f[key].as_u64(), Some(0), "{what}: {key}");
        }
        check(
            &f["pupils_discussed"],
            0,
            v.k,
            &format!("{what}: pupils discussed"),
        );
    }
}

/// A generated world of three municipalities with five school years of casework; a few referrals the school
/// withdrew before triage; with `raise`, one provider raises its small-number threshold to 7.
async fn generated(backend: Backend, seed: u64, raise: bool) -> Option<TestApp> {
    use schakel_demo::world::{Scale, generate_world};
    use schakel_web::Clock;
    let app = spawn_app_with(backend, true, &generate_world(Scale::Region, seed)).await?;
    let now = app.clock.now();
    schakel_demo::seed::casework::seed_generated(
        &app.store,
        "region",
        seed,
        5,
        now.date_naive(),
        now,
    )
    .await
    .expect("generated casework");
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    let withdraw = format!(
        "UPDATE referrals SET status = 'withdrawn' WHERE case_id IS NULL AND id % 9 = {}",
        seed % 9
    );
    sqlx::query(sqlx::AssertSqlSafe(withdraw))
        .execute(&pool)
        .await
        .expect("withdraw");
    // Walk-in bookings over two school years: most attended, some not shown, cancelled or separate appointments.
    let booker: i64 = sqlx::query("SELECT MIN(id) FROM users")
        .fetch_one(&pool)
        .await
        .map(|r| sqlx::Row::get(&r, 0))
        .expect("a user");
    for (n, back) in [3i64, 25, 60, 95, 130, 170, 220, 260, 300, 340, 400]
        .iter()
        .enumerate()
    {
        let on = (now.date_naive() - chrono::Duration::days(*back)).to_string();
        let (kind, status) = match (n + seed as usize) % 5 {
            0 => ("inloop", "niet_verschenen"),
            1 => ("afspraak", "verschenen"),
            2 => ("inloop", "geannuleerd"),
            _ => ("inloop", "verschenen"),
        };
        let sql = format!(
            "INSERT INTO appointments (organisation_id, school_id, worker_id, kind, on_date, starts_at, ends_at, \
             for_name, for_kind, status, booked_by, created_at, updated_at) \
             SELECT w.organisation_id, a.school_id, a.worker_id, '{kind}', '{on}', CAST(a.id AS TEXT), '', 'X', \
             'ouder', '{status}', {booker}, '{on}', '{on}' FROM assignments a JOIN workers w ON w.id = a.worker_id \
             WHERE a.id % {m} <> 0",
            m = 2 + (n + seed as usize) % 3
        );
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(&pool)
            .await
            .expect("walk-in bookings");
    }
    if raise {
        sqlx::query("UPDATE organisations SET figures_threshold = 7 WHERE id = (SELECT MIN(id) FROM organisations)")
            .execute(&pool)
            .await
            .expect("raise k");
    }
    pool.close().await;
    Some(app)
}

/// The trend's counts per school and school year, read in SQL, are what the domain counts from the facts of the
/// same referrals, with and without a provider (the dashboard reads full facts only of the school year shown).
async fn tallies_match_the_facts(app: &TestApp, municipality: i64, provider: i64, current: i32) {
    use schakel_domain::monitoring::dashboard::tally;
    for organisation_id in [None, Some(provider)] {
        let scope = schakel_store::FactScope {
            municipality_id: Some(municipality),
            organisation_id,
            from: format!("{}-08-01", current - 4),
            until: format!("{}-07-31", current + 1),
        };
        let facts = app.store.referral_facts(&scope).await.expect("facts");
        let tallies = app.store.referral_tallies(&scope).await.expect("tallies");
        assert!(
            tallies.iter().any(|t| t.specialist > 0),
            "{organisation_id:?}: some specialist care"
        );
        assert_eq!(tallies, tally(&facts), "{organisation_id:?}");
    }
}

/// For each seed: the municipality account's dashboard for every filter kind and two school years equals the
/// recount in every figure.
async fn every_figure_matches_a_brute_force_recount(backend: Backend) {
    use schakel_web::Clock;
    let seeds = match backend {
        Backend::Sqlite => &SEEDS[..],
        Backend::Postgres => &SEEDS[..2],
    };
    let mut seen = [0; 2];
    for (i, &seed) in seeds.iter().enumerate() {
        let started = std::time::Instant::now();
        let Some(app) = generated(backend, seed, i == 1).await else {
            return;
        };
        let raw = read(&app).await;
        assert!(
            raw.referrals.iter().any(|r| r.withdrawn),
            "seed {seed}: withdrawn referrals"
        );
        let token = api_token(&app, "gemeente").await;
        let (status, home) = get_json(&app, &token, "/api/v1/figures/municipality").await;
        assert_eq!(status, 200, "{home}");
        let today = app.clock.now().date_naive();
        let municipality = raw.account_municipality;
        assert_eq!(
            home["schools"].as_array().map(Vec::len),
            Some(
                raw.schools
                    .values()
                    .filter(|s| s.municipality == municipality)
                    .count()
            ),
            "seed {seed}: the municipality's schools to filter on"
        );
        let k = raw.threshold[&municipality];
        assert_eq!(k, if i == 1 { 7 } else { 5 }, "seed {seed}");
        let own: Vec<&School> = raw
            .schools
            .values()
            .filter(|s| s.municipality == municipality)
            .collect();
        let busiest = own
            .iter()
            .max_by_key(|s| {
                (
                    raw.referrals.iter().filter(|r| r.school == s.id).count(),
                    s.id,
                )
            })
            .expect("a school");
        let mut districts: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &own {
            *districts.entry(s.district.as_str()).or_default() += 1;
        }
        let district = districts
            .iter()
            .max_by_key(|d| d.1)
            .map(|d| d.0.to_string())
            .expect("a district");
        let provider = own
            .iter()
            .flat_map(|s| s.providers.iter())
            .max()
            .copied()
            .expect("a provider");
        tallies_match_the_facts(&app, municipality, provider, period(today).0).await;
        let narrows = [
            Narrow::All,
            Narrow::School(busiest.id),
            Narrow::SchoolType("PO".into()),
            Narrow::District(district),
            Narrow::Provider(provider),
        ];
        let current = period(today).0;
        for year in [current - 1, current - 3] {
            for narrow in &narrows {
                let path = format!(
                    "/api/v1/figures/municipality?school_year={year}-{}{}",
                    year + 1,
                    narrow.query()
                );
                let (status, f) = get_json(&app, &token, &path).await;
                assert_eq!(status, 200, "{path}: {f}");
                let view = View {
                    raw: &raw,
                    municipality,
                    year,
                    narrow,
                    today,
                    k,
                };
                assert!(
                    !view.referrals_in(year).is_empty() || !matches!(narrow, Narrow::All),
                    "seed {seed}: the generated year {year} has referrals"
                );
                check_dashboard(&f, &view, &format!("{backend:?} seed {seed} {path}"));
                let text = f.to_string();
                for (n, mark) in seen.iter_mut().zip(SUPPRESSED) {
                    *n += text.matches(mark).count();
                }
            }
        }
        // Residents of the municipality at schools elsewhere exist, so "who pays" is tested both ways.
        assert!(
            raw.referrals
                .iter()
                .any(|r| r.residence == Some(municipality)
                    && raw.schools[&r.school].municipality != municipality),
            "seed {seed}: residents at schools elsewhere"
        );
        app.shutdown().await;
        eprintln!(
            "{backend:?} seed {seed}: {:.1}s",
            started.elapsed().as_secs_f64()
        );
    }
    // The recount met both kinds of suppression, not only plain numbers.
    eprintln!(
        "{backend:?}: {} cells < k, {} cells hidden",
        seen[0], seen[1]
    );
    assert!(seen.iter().all(|n| *n > 0), "{backend:?}: {seen:?}");
}
on_both_backends!(every_figure_matches_a_brute_force_recount);
