//! Monitoring (issue 12): every figure the municipality sees is recounted from the records; no suppressed cell
//! hides a wrong number; no child's name, birth date or case number reaches a municipality in any format; the team
//! dashboard counts what the case lists hold; only the right roles open which dashboard.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, as_role, get_json, spawn_app};
use chrono::{Datelike, NaiveDate};
use serde_json::Value;
use std::collections::BTreeMap;

async fn seeded(backend: Backend) -> Option<TestApp> {
    let app = spawn_app(backend, true).await?;
    use schakel_web::Clock;
    let now = app.clock.now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    Some(app)
}

/// One referral as the recount reads it straight from the tables.
struct Row {
    school: String,
    school_municipality: i64,
    residence: Option<i64>,
    source: String,
    received: NaiveDate,
}

async fn rows(app: &TestApp) -> Vec<Row> {
    use sqlx::Row as _;
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    let rows = sqlx::query(
        "SELECT s.name, s.municipality_id, ch.residence_municipality_id, r.source, r.received_on \
         FROM referrals r JOIN schools s ON s.id = r.school_id JOIN children ch ON ch.id = r.child_id",
    )
    .fetch_all(&pool)
    .await
    .expect("referrals");
    pool.close().await;
    rows.iter()
        .map(|r| Row {
            school: r.get(0),
            school_municipality: r.get(1),
            residence: r.get(2),
            source: r.get(3),
            received: NaiveDate::parse_from_str(&r.get::<String, _>(4)[..10], "%Y-%m-%d").unwrap(),
        })
        .collect()
}

/// What followed each referral at a school of `municipality`, recounted in SQL: (received, outcome label).
async fn outcomes(app: &TestApp, municipality: i64) -> Vec<(NaiveDate, &'static str)> {
    use sqlx::Row as _;
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    let sent = "o.status IN ('sent', 'accepted', 'started', 'completed')";
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT r.received_on, r.case_id, c.closed_on, \
         (SELECT COUNT(*) FROM onward_referrals o JOIN referral_targets t ON t.id = o.target_id \
          WHERE o.case_id = r.case_id AND {sent} AND t.kind IN ('jeugdhulpaanbieder', 'spoed_voor_jeugd')), \
         (SELECT COUNT(*) FROM mandate_decisions m WHERE m.case_id = r.case_id AND m.status = 'approved'), \
         (SELECT COUNT(*) FROM onward_referrals o WHERE o.case_id = r.case_id AND {sent}) \
         FROM referrals r JOIN schools s ON s.id = r.school_id LEFT JOIN cases c ON c.id = r.case_id \
         WHERE s.municipality_id = {municipality}"
    )))
    .fetch_all(&pool)
    .await
    .expect("outcomes");
    pool.close().await;
    rows.iter()
        .map(|r| {
            let received =
                NaiveDate::parse_from_str(&r.get::<String, _>(0)[..10], "%Y-%m-%d").unwrap();
            let case: Option<i64> = r.get(1);
            let closed: Option<String> = r.get(2);
            let (specialist, approved, onward): (i64, i64, i64) = (r.get(3), r.get(4), r.get(5));
            let label = if specialist > 0 || approved > 0 {
                "doorverwezen naar specialistische jeugdhulp"
            } else if case.is_none() {
                "geen dossier (advies of doorgestuurd)"
            } else if closed.is_none() {
                "hulp loopt nog"
            } else if onward == 0 {
                "alleen lichte hulp door SMW"
            } else {
                "doorverwezen naar lichte hulp"
            };
            (received, label)
        })
        .collect()
}

/// The school year (by its first calendar year) and its quarter (0–3, August first), computed here on its own.
fn period(d: NaiveDate) -> (i32, usize) {
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

/// A shown cell against its true count: a shown number is exact, `Small` is 1..k, `Hidden` is at least k.
fn check(cell: &Value, truth: u64, k: u64, what: &str) {
    match cell["shown"].as_str().expect("a cell") {
        "count" => assert_eq!(cell["value"].as_u64(), Some(truth), "{what}"),
        "small" => assert!(
            (1..k).contains(&truth),
            "{what}: shown small, truly {truth}"
        ),
        "hidden" => assert!(truth >= k, "{what}: hidden, truly {truth}"),
        other => panic!("{what}: unknown cell {other}"),
    }
}

fn check_table(table: &Value, truth: &BTreeMap<String, [u64; 4]>, k: u64, what: &str) {
    let rows = table["rows"].as_array().expect("rows");
    let labels: Vec<&str> = rows.iter().filter_map(Value::as_str).collect();
    // Rows merged into "others" (each under k) add up to that row.
    let mut merged = [0u64; 4];
    for (label, counts) in truth {
        if !labels.contains(&label.as_str()) {
            assert!(
                (1..k).contains(&counts.iter().sum()),
                "{what}: {label} is missing but not small: {counts:?}"
            );
            for (m, n) in merged.iter_mut().zip(counts) {
                *m += n;
            }
        }
    }
    let mut column_totals = [0u64; 4];
    for (i, label) in rows.iter().enumerate() {
        let label = label.as_str().expect("label");
        let counts = if label.starts_with("Overige, samengevoegd") {
            merged
        } else {
            truth.get(label).copied().unwrap_or_default()
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
            &format!("{what}: {label}, total"),
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
    check(
        &table["total"],
        column_totals.iter().sum(),
        k,
        &format!("{what}: grand total"),
    );
}

/// Every figure of the school and the source tables, and the referral headline, for the last full school year
/// and the current one, equals a recount of the referrals table.
async fn municipality_figures_match_a_recount(backend: Backend) {
    let Some(app) = seeded(backend).await else {
        return;
    };
    let gemeente = api_token(&app, "gemeente").await;
    let all = rows(&app).await;
    use schakel_web::Clock;
    let today = app.clock.now().date_naive();
    let (current, _) = period(today);
    let (_, home) = get_json(&app, &gemeente, "/api/v1/figures/municipality").await;
    let schools: Vec<String> = home["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .map(|s| s["label"].as_str().expect("label").to_owned())
        .collect();
    assert!(
        schools.len() > 30,
        "Waterweide's schools: {}",
        schools.len()
    );
    let waterweide = all
        .iter()
        .find(|r| schools.contains(&r.school))
        .map(|r| r.school_municipality)
        .expect("a referral at a Waterweide school");
    for year in [current - 1, current] {
        let label = format!("{year}-{}", year + 1);
        let (status, f) = get_json(
            &app,
            &gemeente,
            &format!("/api/v1/figures/municipality?school_year={label}"),
        )
        .await;
        assert_eq!(status, 200, "{f}");
        assert_eq!(f["school_year"], label.as_str());
        let k = f["dashboard"]["threshold"].as_u64().expect("threshold");
        assert!(k >= 5);
        let in_year: Vec<&Row> = all
            .iter()
            .filter(|r| r.school_municipality == waterweide && period(r.received).0 == year)
            .collect();
        let mut by_school: BTreeMap<String, [u64; 4]> = BTreeMap::new();
        let mut by_source: BTreeMap<String, [u64; 4]> = BTreeMap::new();
        for r in &in_year {
            let q = period(r.received).1;
            by_school.entry(r.school.clone()).or_default()[q] += 1;
            let source = schakel_domain::casework::ReferralSource::parse(&r.source)
                .map_or("anders", |s| s.label(schakel_domain::Lang::Nl));
            by_source.entry(source.to_owned()).or_default()[q] += 1;
        }
        let tables = f["dashboard"]["tables"].as_array().expect("tables");
        let titled = |t: &str| {
            tables
                .iter()
                .find(|x| x["title"] == t)
                .unwrap_or_else(|| panic!("table {t}: {f}"))
        };
        check_table(
            titled("Aanmeldingen per school"),
            &by_school,
            k,
            &format!("{label} per school"),
        );
        check_table(
            titled("Wie meldde aan"),
            &by_source,
            k,
            &format!("{label} per source"),
        );
        let mut by_outcome: BTreeMap<String, [u64; 4]> = BTreeMap::new();
        for (received, outcome) in outcomes(&app, waterweide).await {
            let (y, q) = period(received);
            if y == year {
                by_outcome.entry(outcome.to_owned()).or_default()[q] += 1;
            }
        }
        check_table(
            titled("Wat volgde op de aanmelding"),
            &by_outcome,
            k,
            &format!("{label} per outcome"),
        );
        // Figures a reader knows from the table per school are not relied on to protect another table: where
        // the school table shows a quarter total, the source table shows the same number.
        let schools_table = titled("Aanmeldingen per school");
        for (i, total) in schools_table["column_totals"]
            .as_array()
            .expect("totals")
            .iter()
            .enumerate()
        {
            if total["shown"] == "count" {
                assert_eq!(
                    titled("Wie meldde aan")["column_totals"][i],
                    *total,
                    "{label}: quarter {i}"
                );
                assert_eq!(
                    titled("Wat volgde op de aanmelding")["column_totals"][i],
                    *total,
                    "{label}: quarter {i}"
                );
            }
        }
        if schools_table["total"]["shown"] == "count" {
            assert_eq!(
                titled("Wie betaalt: woonplaats en school")["column_totals"][0],
                schools_table["total"]
            );
        }
        let headline = f["dashboard"]["headlines"]
            .as_array()
            .expect("headlines")
            .iter()
            .find(|h| h["key"] == "referrals")
            .expect("referrals headline")
            .clone();
        check(
            &headline["basis"],
            in_year.len() as u64,
            k,
            "referrals headline",
        );
        check_who_pays(
            titled("Wie betaalt: woonplaats en school"),
            &all,
            waterweide,
            year,
            k,
        );
    }
    app.shutdown().await;
}
on_both_backends!(municipality_figures_match_a_recount);

/// Who pays: the municipality's residents at its schools and elsewhere.
fn check_who_pays(pays: &Value, all: &[Row], waterweide: i64, year: i32, k: u64) {
    let count = |at_home: bool| {
        all.iter()
            .filter(|r| {
                period(r.received).0 == year
                    && (r.school_municipality == waterweide) == at_home
                    && r.residence == Some(waterweide)
            })
            .count() as u64
    };
    check(
        &pays["cells"][0][0],
        count(true),
        k,
        "lives here, school here",
    );
    check(
        &pays["cells"][0][1],
        count(false),
        k,
        "lives here, school elsewhere",
    );
}

/// Nothing a municipality can open — pages, API, CSV, XLSX, PDF — names a child, a birth date or a case number.
async fn municipality_sees_no_child(backend: Backend) {
    let Some(app) = seeded(backend).await else {
        return;
    };
    use sqlx::Row as _;
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    let mut secrets: Vec<String> = Vec::new();
    for r in sqlx::query("SELECT given_name, family_name, date_of_birth FROM children")
        .fetch_all(&pool)
        .await
        .expect("children")
    {
        let given: String = r.get(0);
        let family: String = r.get(1);
        let dob: String = r.get(2);
        secrets.push(format!("{given} {family}"));
        secrets.push(dob[..10].to_owned());
        let d = NaiveDate::parse_from_str(&dob[..10], "%Y-%m-%d").unwrap();
        secrets.push(d.format("%d-%m-%Y").to_string());
    }
    for r in sqlx::query("SELECT case_number FROM cases")
        .fetch_all(&pool)
        .await
        .expect("cases")
    {
        secrets.push(r.get(0));
    }
    pool.close().await;
    assert!(secrets.len() > 100, "the demo has children and cases");
    let web = as_role(&app, "gemeente").await;
    let token = api_token(&app, "gemeente").await;
    use schakel_web::Clock;
    let (current, _) = period(app.clock.now().date_naive());
    let mut texts: Vec<(String, String)> = Vec::new();
    for year in [current - 1, current] {
        let q = format!("school_year={year}-{}", year + 1);
        for path in [
            "/monitoring",
            "/monitoring/effect",
            "/monitoring/export.csv",
        ] {
            let res = web
                .get(app.url(&format!("{path}?{q}")))
                .send()
                .await
                .expect("get");
            assert_eq!(res.status(), 200, "{path}");
            texts.push((path.to_owned(), res.text().await.expect("body")));
        }
        for path in ["/api/v1/figures/municipality", "/api/v1/figures/effect"] {
            let (status, v) = get_json(&app, &token, &format!("{path}?{q}")).await;
            assert_eq!(status, 200, "{path}: {v}");
            texts.push((path.to_owned(), v.to_string()));
        }
        let xlsx = web
            .get(app.url(&format!("/monitoring/export.xlsx?{q}")))
            .send()
            .await
            .expect("xlsx");
        assert_eq!(xlsx.status(), 200);
        let bytes = xlsx.bytes().await.expect("bytes").to_vec();
        texts.push(("xlsx".into(), xlsx_text(&bytes)));
        let pdf = web
            .get(app.url(&format!("/monitoring/report.pdf?{q}")))
            .send()
            .await
            .expect("pdf");
        assert_eq!(pdf.status(), 200);
        assert_eq!(pdf.headers()["content-type"], "application/pdf");
        let text = pdf_text(&pdf.bytes().await.expect("bytes"));
        assert!(
            text.contains("Waterweide"),
            "the report names its municipality"
        );
        assert!(
            text.contains("Aanmeldingen"),
            "the report has the headline figures"
        );
        texts.push(("pdf".into(), text));
    }
    for (what, text) in &texts {
        for s in &secrets {
            assert!(!text.contains(s.as_str()), "{what} shows {s}");
        }
    }
    app.shutdown().await;
}
on_both_backends!(municipality_sees_no_child);

/// Every sheet of a workbook as one text (reads the file back with calamine).
fn xlsx_text(bytes: &[u8]) -> String {
    use calamine::{Reader, Xlsx};
    let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx file");
    let mut out = String::new();
    let names = book.sheet_names().to_vec();
    assert!(names.len() >= 4, "a sheet per table: {names:?}");
    for name in names {
        let range = book.worksheet_range(&name).expect("sheet");
        for row in range.rows() {
            for cell in row {
                out.push_str(&cell.to_string());
                out.push('\t');
            }
            out.push('\n');
        }
    }
    assert!(out.contains("Aanmeldingen per school"), "{out}");
    out
}

/// The text of a PDF (pdftotext from poppler-utils; scripts/test.sh installs it), which must be a tagged PDF
/// (PDF/UA-1, ADR 017): `pdfinfo` says "Tagged: yes".
fn pdf_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("schakel-report-{}.pdf", rand_suffix()));
    std::fs::write(&path, bytes).expect("write pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo (Debian poppler-utils) must be installed");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "not a tagged PDF:\n{info}"
    );
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian poppler-utils) must be installed");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).expect("utf-8")
}

fn rand_suffix() -> String {
    format!(
        "{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos()
    )
}

/// The team dashboard counts the open cases each worker has; a worker sees only their own line; a school contact
/// and a municipality cannot open it, and a school contact cannot open the municipality dashboard either.
async fn team_dashboard_counts_and_access(backend: Backend) {
    let Some(app) = seeded(backend).await else {
        return;
    };
    let lead = api_token(&app, "teamleider").await;
    let (status, team) = get_json(&app, &lead, "/api/v1/figures/team").await;
    assert_eq!(status, 200, "{team}");
    let (_, cases) = get_json(&app, &lead, "/api/v1/cases").await;
    let cases = cases
        .as_array()
        .cloned()
        .unwrap_or_else(|| cases["items"].as_array().cloned().unwrap_or_default());
    let workers = team["workers"].as_array().expect("workers");
    assert!(workers.len() >= 3, "{team}");
    for w in workers {
        let name = w["name"].as_str().expect("name");
        let open = cases
            .iter()
            .filter(|c| c["worker_name"] == name && c["status"] != "closed")
            .count();
        assert_eq!(w["open_cases"].as_u64(), Some(open as u64), "{name}");
    }
    assert!(
        team["waiting_days_median"].is_number()
            || team["waiting"].as_array().is_some_and(Vec::is_empty)
    );
    let page = as_role(&app, "teamleider").await;
    let html = page
        .get(app.url("/monitoring/team"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("Werklast per medewerker") && html.contains("Uren per school"),
        "{html}"
    );

    let smw = api_token(&app, "smw").await;
    let (status, own) = get_json(&app, &smw, "/api/v1/figures/team").await;
    assert_eq!(status, 200);
    assert_eq!(own["workers"].as_array().map(Vec::len), Some(1), "{own}");
    assert!(own["waiting"].as_array().is_some_and(Vec::is_empty));

    let school = api_token(&app, "school").await;
    for path in [
        "/api/v1/figures/team",
        "/api/v1/figures/municipality",
        "/api/v1/figures/effect",
    ] {
        assert_eq!(
            get_json(&app, &school, path).await.0,
            403,
            "school contact: {path}"
        );
    }
    let gemeente = api_token(&app, "gemeente").await;
    assert_eq!(
        get_json(&app, &gemeente, "/api/v1/figures/team").await.0,
        403
    );
    let web = as_role(&app, "school").await;
    for path in [
        "/monitoring",
        "/monitoring/team",
        "/monitoring/export.xlsx",
        "/monitoring/report.pdf",
    ] {
        let res = web.get(app.url(path)).send().await.expect("get");
        assert_eq!(res.status(), 403, "school contact: {path}");
    }
    app.shutdown().await;
}
on_both_backends!(team_dashboard_counts_and_access);

/// An organisation may raise the small-number threshold, never lower it; an arrangement is recorded at both doors
/// with its input checked.
async fn threshold_and_arrangements(backend: Backend) {
    let Some(app) = seeded(backend).await else {
        return;
    };
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    sqlx::query("UPDATE organisations SET figures_threshold = 10")
        .execute(&pool)
        .await
        .expect("raise");
    let gemeente = api_token(&app, "gemeente").await;
    let (_, f) = get_json(&app, &gemeente, "/api/v1/figures/municipality").await;
    assert_eq!(f["dashboard"]["threshold"], 10, "raised");
    sqlx::query("UPDATE organisations SET figures_threshold = 2")
        .execute(&pool)
        .await
        .expect("lower");
    let (_, f) = get_json(&app, &gemeente, "/api/v1/figures/municipality").await;
    assert_eq!(f["dashboard"]["threshold"], 5, "never below 5");
    pool.close().await;

    let beheer = api_token(&app, "beheer").await;
    let (_, schools) = get_json(&app, &beheer, "/api/v1/schools?q=Regenboog").await;
    let list = schools
        .as_array()
        .cloned()
        .unwrap_or_else(|| schools["items"].as_array().cloned().unwrap_or_default());
    let id = list
        .first()
        .and_then(|s| s["id"].as_i64())
        .expect("a school");
    let api = reqwest::Client::new();
    let put = |body: Value| {
        api.put(app.url(&format!("/api/v1/schools/{id}/arrangements")))
            .bearer_auth(&beheer)
            .json(&body)
            .send()
    };
    let res = put(serde_json::json!({"kind": "magic", "school_year": "2024-2026"}))
        .await
        .expect("put");
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.expect("problem");
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"kind") && fields.contains(&"school_year"),
        "{problem}"
    );
    let res = put(serde_json::json!({"kind": "smw_plus", "school_year": "2024-2025"}))
        .await
        .expect("put");
    assert!(res.status().is_success(), "{}", res.status());
    let admin = as_role(&app, "beheer").await;
    let html = admin
        .get(app.url(&format!("/schools/{id}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("SMW plus (mandaat jeugdhulp)") && html.contains("2024-2025"),
        "{html}"
    );
    let (_, effect) = get_json(
        &app,
        &gemeente,
        "/api/v1/figures/effect?arrangement=smw_plus",
    )
    .await;
    assert_eq!(effect["arrangement"], "smw_plus", "{effect}");
    assert!(
        effect["explanation"]
            .as_array()
            .is_some_and(|p| !p.is_empty()),
        "{effect}"
    );
    app.shutdown().await;
}
on_both_backends!(threshold_and_arrangements);

/// The functional admin sets the funders' threshold and the team dashboard's norms with the casework settings, at
/// both doors: the threshold can be raised and never set below 5, a norm must be 1 to 104 weeks, every wrong field
/// is named at once, and a body without the fields leaves them as they are.
async fn admin_sets_threshold_and_norms_at_both_doors(backend: Backend) {
    let Some(app) = seeded(backend).await else {
        return;
    };
    let beheer = api_token(&app, "beheer").await;
    let org = app
        .store
        .user_by_username("beheer")
        .await
        .expect("user")
        .expect("beheer")
        .organisation_id
        .expect("an organisation");
    let url = app.url(&format!("/api/v1/organisations/{org}/casework"));
    let (_, before) = get_json(
        &app,
        &beheer,
        &format!("/api/v1/organisations/{org}/casework"),
    )
    .await;
    assert_eq!(before["settings"]["figures_threshold"], 5, "{before}");
    let labels = |list: &str| -> Vec<Value> {
        before[list]
            .as_array()
            .expect("list")
            .iter()
            .filter(|t| t["active"] == true)
            .map(|t| t["label"].clone())
            .collect()
    };
    let body = |version: &Value, extra: Value| {
        let mut b = serde_json::json!({
            "version": version, "case_prefix": before["settings"]["case_prefix"], "review_weeks": 6,
            "gas_min": -2, "signals": labels("signals"), "goal_themes": labels("goal_themes"),
        });
        if let (Some(b), Some(extra)) = (b.as_object_mut(), extra.as_object()) {
            b.extend(extra.clone());
        }
        b
    };
    let api = reqwest::Client::new();
    let wrong = api
        .put(&url)
        .bearer_auth(&beheer)
        .json(&body(
            &before["version"],
            serde_json::json!({"figures_threshold": 2, "case_norm_weeks": 0, "onward_norm_weeks": 200}),
        ))
        .send()
        .await
        .expect("put");
    assert_eq!(wrong.status(), 422);
    let problem: Value = wrong.json().await.expect("problem");
    let text = problem.to_string();
    for field in ["figures_threshold", "case_norm_weeks", "onward_norm_weeks"] {
        assert!(text.contains(field), "{field} named: {text}");
    }
    let saved = api
        .put(&url)
        .bearer_auth(&beheer)
        .json(&body(
            &before["version"],
            serde_json::json!({"figures_threshold": 10, "case_norm_weeks": 4, "onward_norm_weeks": 2}),
        ))
        .send()
        .await
        .expect("put");
    assert_eq!(saved.status(), 200);
    let saved: Value = saved.json().await.expect("json");
    // A client that does not know the fields leaves them as they are.
    let kept = api
        .put(&url)
        .bearer_auth(&beheer)
        .json(&body(&saved["version"], serde_json::json!({})))
        .send()
        .await
        .expect("put");
    assert_eq!(kept.status(), 200);
    let kept: Value = kept.json().await.expect("json");
    assert_eq!(kept["settings"]["figures_threshold"], 10, "{kept}");
    assert_eq!(kept["settings"]["case_norm_weeks"], 4);
    let gemeente = api_token(&app, "gemeente").await;
    let (_, f) = get_json(&app, &gemeente, "/api/v1/figures/municipality").await;
    assert_eq!(
        f["dashboard"]["threshold"], 10,
        "the raised threshold applies"
    );
    let teamleider = api_token(&app, "teamleider").await;
    let (_, team) = get_json(&app, &teamleider, "/api/v1/figures/team").await;
    assert_eq!(team["case_norm_weeks"], 4, "{}", team["case_norm_weeks"]);
    assert_eq!(team["onward_norm_weeks"], 2);
    assert!(
        !team["open_longer_than_norm"]
            .as_array()
            .expect("list")
            .is_empty(),
        "a four-week norm flags cases"
    );

    // The page: a number that is no number and a threshold below 5, named together; nothing changes.
    let web = as_role(&app, "beheer").await;
    let page = crate::support::post_form(
        &app,
        &web,
        &format!("/organisations/{org}/casework"),
        &[
            ("version", &kept["version"].to_string()),
            ("case_prefix", "WW"),
            ("review_weeks", "6"),
            ("gas_min", "-2"),
            ("figures_threshold", "3"),
            ("case_norm_weeks", "veel"),
            ("onward_norm_weeks", "6"),
            ("signals", "Pesten"),
            ("goal_themes", "Welbevinden"),
        ],
    )
    .await;
    let html = page.text().await.expect("html");
    assert!(html.contains("Fout:"), "the page shows its errors");
    for field in ["figures_threshold", "case_norm_weeks"] {
        assert!(
            html.contains(&format!("href=\"#f-{field}\"")),
            "{field} in the error summary"
        );
    }
    assert!(
        html.contains("Vul een heel getal in"),
        "the unreadable number is named"
    );
    assert!(html.contains("value=\"veel\""), "what was typed is kept");
    let (_, after) = get_json(
        &app,
        &beheer,
        &format!("/api/v1/organisations/{org}/casework"),
    )
    .await;
    assert_eq!(
        after["settings"]["figures_threshold"], 10,
        "nothing changed"
    );
    app.shutdown().await;
}
on_both_backends!(admin_sets_threshold_and_norms_at_both_doors);
