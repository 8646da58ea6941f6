//! SMW plus (issue 11, item 5): a decision authorising youth care stays within the iJw rules (RULES.md §10) through
//! the page and the API alike, needs consent to share with its provider, waits on the team lead's home page and
//! is approved or refused there — a refusal with a reason the worker reads.
//!
//! The demo's Havenstad world: `smw-havenstad` (Rachid Benali) holds the mandate, `teamleider-havenstad` (Wendy
//! Kartoredjo) approves; Jayden Linger's decision for "Ambulante gezinsbegeleiding De Haven" waits (consent to
//! share with De Haven recorded), nothing is shared with "Kinder- en Jeugdpsychiatrie Havenstad" for him.

use crate::on_both_backends;
use crate::support::{
    Backend, TestApp, api_token, as_role, csrf, get_json, post_form, post_json, sign_in, spawn_app,
};
use schakel_store::{AuditFilter, CaseFilter};
use serde_json::{Value, json};

pub(crate) const WORKER: &str = "smw-havenstad";
const LEAD: &str = "teamleider-havenstad";
pub(crate) const DE_HAVEN: &str = "Ambulante gezinsbegeleiding De Haven";
const KJP: &str = "Kinder- en Jeugdpsychiatrie Havenstad";

/// The demo world with its case files.
pub(crate) async fn demo(backend: Backend) -> Option<TestApp> {
    let app = spawn_app(backend, true).await?;
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    Some(app)
}

/// Jayden's case and his decision that waits for the team lead.
pub(crate) async fn jayden(app: &TestApp) -> (i64, i64) {
    let cases = app
        .store
        .list_cases(&CaseFilter {
            query: Some("Jayden Linger".into()),
            open_only: true,
            limit: 20,
            ..Default::default()
        })
        .await
        .expect("cases");
    for case in cases {
        let file = app.store.case_file(case.id).await.expect("file");
        if let Some(m) = file
            .mandates
            .iter()
            .find(|m| m.status == "awaiting_approval")
        {
            return (case.id, m.id);
        }
    }
    panic!("the demo has Jayden's decision waiting for approval");
}

/// The referral-directory entry of the case named `name` (national, or of the child's or school's municipality).
pub(crate) async fn target(
    app: &TestApp,
    case_id: i64,
    name: &str,
) -> schakel_store::ReferralTarget {
    let case = app.store.case(case_id).await.expect("case");
    let file = app.store.case_file(case_id).await.expect("file");
    let lists = app
        .store
        .case_form_lists(
            case.organisation_id,
            file.child.residence_municipality_id,
            case.school_id,
        )
        .await
        .expect("lists");
    lists
        .targets
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("{name} in the case's directory"))
}

fn field_errors(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let res = client.get(app.url(path)).send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

/// The part of the team lead's home page that lists waiting decisions (empty when there is none).
fn waiting_section(home: &str) -> String {
    home.split("Beschikkingen jeugdhulp die wachten op uw akkoord")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .unwrap_or("")
        .to_string()
}

fn decision(provider_id: i64, from: chrono::NaiveDate, until: chrono::NaiveDate) -> Value {
    json!({
        "care_kind": "ambulante gezinsbegeleiding thuis",
        "category": "outpatient",
        "volume": 2,
        "volume_unit": "hours_per_week",
        "provider_id": provider_id,
        "period_from": from.to_string(),
        "period_until": until.to_string(),
        "reasons": "Lichte opvoedondersteuning is onvoldoende gebleken; moeder is akkoord.",
    })
}

/// The waiting decision is on the team lead's home page with a link to its page (not the API); the team lead
/// refuses it through the page — not without a reason — and it leaves the home page; the refusal is logged, on the
/// case's timeline, and the worker reads the reason on the case and on the home page.
async fn team_lead_finds_and_refuses_a_waiting_decision_on_the_page(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, decision_id) = jayden(&app).await;
    let decision_page = format!("/cases/{case_id}/mandate/{decision_id}");
    let lead = app.client();
    assert_eq!(
        sign_in(&app, &lead, LEAD, "schakel-demo").await.status(),
        303
    );
    let (status, home) = page(&lead, &app, "/").await;
    assert_eq!(status, 200);
    let waiting = waiting_section(&home);
    assert!(
        waiting.contains("Jayden") && waiting.contains(&decision_page),
        "the waiting decision on the team lead's home page: {waiting}"
    );
    assert!(!home.contains("/api/v1/mandate-decisions"));

    // The case page links the decision to its page, never to the API record (a raw 401 for a browser).
    let (_, case_page) = page(&lead, &app, &format!("/cases/{case_id}?section=onward")).await;
    assert!(case_page.contains(&format!("href=\"{decision_page}\"")));
    assert!(!case_page.contains("/api/v1/mandate-decisions"));
    let (status, shown) = page(&lead, &app, &decision_page).await;
    assert_eq!(status, 200);
    assert!(shown.contains(DE_HAVEN) && shown.contains("Jeugdhulp ambulant (45)"));
    assert!(shown.contains(&format!("{decision_page}/refuse")));

    // Not without a reason.
    let token = csrf(&app, &lead).await;
    let res = lead
        .post(app.url(&format!("{decision_page}/refuse")))
        .form(&[("csrf", token.as_str()), ("reason", "  ")])
        .send()
        .await
        .expect("refuse");
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Geef de reden van de afwijzing")
    );
    let reason = "Eerst het gesprek met de huisarts afwachten; daarna opnieuw bekijken.";
    let res = lead
        .post(app.url(&format!("{decision_page}/refuse")))
        .form(&[("csrf", token.as_str()), ("reason", reason)])
        .send()
        .await
        .expect("refuse");
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("{decision_page}?saved=1").as_str()
    );
    let stored = app
        .store
        .mandate_decision(decision_id)
        .await
        .expect("decision");
    assert_eq!(
        (stored.status.as_str(), stored.refusal_reason.as_str()),
        ("refused", reason)
    );
    assert!(stored.refused_on.is_some() && stored.approved_on.is_none());
    // Gone from the home page.
    let (_, home) = page(&lead, &app, "/").await;
    assert!(
        !waiting_section(&home).contains(&decision_page),
        "a refused decision no longer waits"
    );
    // A refused decision cannot be approved afterwards.
    let res = lead
        .post(app.url(&format!("{decision_page}/approve")))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("approve");
    assert_eq!(res.status(), 422);

    // Logged as a change of the case, and on its timeline with the reason.
    let log = app
        .store
        .search_audit(&AuditFilter {
            username: Some(LEAD.into()),
            subject_id: Some(case_id.to_string()),
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(log.iter().any(|e| e.event.action == "change"
        && e.event.outcome == "ok"
        && e.event.route == "/cases/{id}/mandate/{decision_id}/refuse"));
    let file = app.store.case_file(case_id).await.expect("file");
    assert!(
        file.events
            .iter()
            .any(|e| e.kind == "mandate_refused" && e.summary.contains(reason)),
        "the refusal on the timeline"
    );

    // The worker reads it: on the home page and in the case file.
    let worker = app.client();
    assert_eq!(
        sign_in(&app, &worker, WORKER, "schakel-demo")
            .await
            .status(),
        303
    );
    let (_, home) = page(&worker, &app, "/").await;
    let mine = home
        .split("Uw beschikkingen jeugdhulp")
        .nth(1)
        .expect("the worker's decisions on the home page");
    assert!(mine.contains("afgewezen door teamleider") && mine.contains(reason));
    let (_, case_page) = page(&worker, &app, &format!("/cases/{case_id}?section=onward")).await;
    assert!(case_page.contains(reason));
    app.shutdown().await;
}
on_both_backends!(team_lead_finds_and_refuses_a_waiting_decision_on_the_page);

/// Through the API: a decision within the rules is taken (201) and waits; the team lead refuses it only with a
/// reason (422 naming `reason`), once (422 naming `decision`); the demo's waiting decision is approved and leaves
/// the team lead's home page.
async fn refuse_and_approve_through_the_api(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, waiting_id) = jayden(&app).await;
    let api = reqwest::Client::new();
    let worker = api_token(&app, WORKER).await;
    let lead = api_token(&app, LEAD).await;
    let today = chrono::Utc::now().date_naive();
    let de_haven = target(&app, case_id, DE_HAVEN).await;
    let res = api
        .post(app.url(&format!("/api/v1/cases/{case_id}/mandate-decisions")))
        .bearer_auth(&worker)
        .json(&decision(
            de_haven.id,
            today,
            today + chrono::Duration::days(83),
        ))
        .send()
        .await
        .expect("decide");
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let refuse = |token: String, decision_id: i64, body: Value| {
        let (api, app) = (&api, &app);
        async move {
            api.post(app.url(&format!(
                "/api/v1/cases/{case_id}/mandate-decisions/{decision_id}/refuse"
            )))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("refuse")
        }
    };
    // The worker cannot refuse (nor approve) their own decision.
    assert_eq!(
        refuse(worker.clone(), id, json!({"reason": "zelf"}))
            .await
            .status(),
        403
    );
    let res = refuse(lead.clone(), id, json!({})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        field_errors(&res.json().await.expect("problem")),
        ["reason"]
    );
    let reason = "De omvang past niet bij de hulpvraag; bespreek eerst een lichtere inzet.";
    assert_eq!(
        refuse(lead.clone(), id, json!({"reason": reason}))
            .await
            .status(),
        204
    );
    let res = refuse(lead.clone(), id, json!({"reason": "nogmaals"})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        field_errors(&res.json().await.expect("problem")),
        ["decision"]
    );
    let record: Value = api
        .get(app.url(&format!("/api/v1/mandate-decisions/{id}")))
        .bearer_auth(&worker)
        .send()
        .await
        .expect("record")
        .json()
        .await
        .expect("json");
    assert_eq!(record["status"], "refused");
    assert_eq!(record["refusal_reason"], reason);
    assert_eq!(record["care"]["category"]["ijw_code"], "45");
    assert_eq!(record["care"]["volume"]["amount"], 2);
    assert_eq!(record["care"]["provider_id"], de_haven.id);

    // The demo's waiting decision is approved; it leaves the team lead's home page.
    let res = api
        .post(app.url(&format!(
            "/api/v1/cases/{case_id}/mandate-decisions/{waiting_id}/approve"
        )))
        .bearer_auth(&lead)
        .send()
        .await
        .expect("approve");
    assert_eq!(res.status(), 204);
    assert_eq!(
        app.store
            .mandate_decision(waiting_id)
            .await
            .expect("decision")
            .status,
        "approved"
    );
    let client = app.client();
    sign_in(&app, &client, LEAD, "schakel-demo").await;
    let (_, home) = page(&client, &app, "/").await;
    assert!(!waiting_section(&home).contains(&format!("/mandate/{waiting_id}")));
    let file = app.store.case_file(case_id).await.expect("file");
    assert!(file.events.iter().any(|e| e.kind == "mandate_approved"));
    assert!(
        file.events
            .iter()
            .any(|e| e.kind == "mandate_refused" && e.summary.contains(reason))
    );
    app.shutdown().await;
}
on_both_backends!(refuse_and_approve_through_the_api);

/// A ten-year decision, a provider that is not in the directory ("X", an unknown id, another municipality's entry,
/// Veilig Thuis), no category and volumes out of bounds are refused with 422 naming the field — through the API
/// and the page — and nothing is stored. The longest period is the organisation's setting.
async fn decisions_outside_the_rules_are_refused(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, _) = jayden(&app).await;
    let worker = api_token(&app, WORKER).await;
    let today = chrono::Utc::now().date_naive();
    let de_haven = target(&app, case_id, DE_HAVEN).await;
    let veilig_thuis = target(&app, case_id, "Veilig Thuis regio Havenstad").await;
    let elsewhere = provider_of_another_municipality(&app, &de_haven).await;
    let before = mandate_count(&app, case_id).await;
    let post = |body: Value| post_decision(&app, &worker, case_id, body);
    let ok = decision(de_haven.id, today, today + chrono::Duration::days(83));
    let with = |key: &str, value: Value| {
        let mut b = ok.clone();
        b[key] = value;
        b
    };
    let ten_years = (today + chrono::Duration::days(3652)).to_string();
    let cases: Vec<(&str, Value, &[&str])> = vec![
        (
            "ten years",
            with("period_until", json!(ten_years)),
            &["period_until"],
        ),
        (
            "a year and a day",
            with(
                "period_until",
                json!((today + chrono::Months::new(12) + chrono::Duration::days(1)).to_string()),
            ),
            &["period_until"],
        ),
        (
            "provider typed as text",
            {
                let mut b = ok.clone();
                b.as_object_mut().expect("object").remove("provider_id");
                b["provider"] = json!("X");
                b
            },
            &["provider_id"],
        ),
        (
            "unknown provider",
            with("provider_id", json!(987654)),
            &["provider_id"],
        ),
        (
            "another municipality's provider",
            with("provider_id", json!(elsewhere)),
            &["provider_id"],
        ),
        (
            "not a youth-care provider",
            with("provider_id", json!(veilig_thuis.id)),
            &["provider_id"],
        ),
        ("no category", with("category", json!("")), &["category"]),
        (
            "a category not on the list",
            with("category", json!("jeugdbescherming")),
            &["category"],
        ),
        ("no volume", with("volume", Value::Null), &["volume"]),
        ("too many hours", with("volume", json!(60)), &["volume"]),
        (
            "an unknown unit",
            with("volume_unit", json!("uur")),
            &["volume_unit"],
        ),
        (
            "the whole 'X' decision",
            json!({"care_kind": "X", "provider": "X", "period_from": today.to_string(), "period_until": ten_years,
                   "reasons": "X"}),
            &[
                "category",
                "volume_unit",
                "period_until",
                "volume",
                "provider_id",
            ],
        ),
    ];
    for (what, body, want) in cases {
        let (status, fields) = post(body).await;
        assert_eq!(status, 422, "{what}");
        assert_eq!(fields, want, "{what}");
    }
    the_page_form_says_the_same(&app, case_id, de_haven.id, &ten_years).await;
    assert_eq!(mandate_count(&app, case_id).await, before, "nothing stored");

    // The maximum is the organisation's: six months refuses nine, twelve takes them.
    let nine_months = with(
        "period_until",
        json!((today + chrono::Months::new(9)).to_string()),
    );
    let org = app.store.case(case_id).await.expect("case").organisation_id;
    let settings = app
        .store
        .organisation_settings(org)
        .await
        .expect("settings");
    assert_eq!(settings.mandate_max_months, 12, "one year by default");
    set_mandate_max_months(&app, org, 6).await;
    assert_eq!(
        post(nine_months.clone()).await,
        (422, vec!["period_until".to_string()])
    );
    set_mandate_max_months(&app, org, 12).await;
    assert_eq!(post(nine_months).await.0, 201);
    app.shutdown().await;
}
on_both_backends!(decisions_outside_the_rules_are_refused);

/// An entry of another municipality's directory (Waterweide's) than `de_haven`'s.
async fn provider_of_another_municipality(
    app: &TestApp,
    de_haven: &schakel_store::ReferralTarget,
) -> i64 {
    for id in 1..500 {
        if let Ok(t) = app.store.referral_target(id).await
            && t.kind == "jeugdhulpaanbieder"
            && t.municipality_id.is_some()
            && t.municipality_id != de_haven.municipality_id
        {
            return t.id;
        }
    }
    panic!("a provider of another municipality");
}

/// How many decisions the case file holds.
async fn mandate_count(app: &TestApp, case_id: i64) -> usize {
    app.store
        .case_file(case_id)
        .await
        .expect("file")
        .mandates
        .len()
}

/// A decision through the API by the worker: the status and the fields the problem names.
async fn post_decision(
    app: &TestApp,
    worker: &str,
    case_id: i64,
    body: Value,
) -> (u16, Vec<String>) {
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/cases/{case_id}/mandate-decisions")))
        .bearer_auth(worker)
        .json(&body)
        .send()
        .await
        .expect("decide");
    let status = res.status().as_u16();
    let problem: Value = res.json().await.unwrap_or(Value::Null);
    (status, field_errors(&problem))
}

/// Sets the organisation's longest period of a decision.
async fn set_mandate_max_months(app: &TestApp, org: i64, months: i64) {
    let mut settings = app
        .store
        .organisation_settings(org)
        .await
        .expect("settings");
    settings.mandate_max_months = months;
    let mut tx = app.store.begin().await.expect("tx");
    tx.set_organisation_settings(org, &settings)
        .await
        .expect("settings");
    tx.commit().await.expect("commit");
}

/// The page form refuses a ten-year decision as the API does.
async fn the_page_form_says_the_same(app: &TestApp, case_id: i64, de_haven: i64, ten_years: &str) {
    let today = chrono::Utc::now().date_naive();
    let client = as_role(app, WORKER).await;
    let (provider, from) = (de_haven.to_string(), today.to_string());
    let res = post_form(
        app,
        &client,
        &format!("/cases/{case_id}/mandate"),
        &[
            ("care_kind", "X"),
            ("category", "outpatient"),
            ("volume", "2"),
            ("volume_unit", "hours_per_week"),
            ("provider_id", &provider),
            ("period_from", &from),
            ("period_until", ten_years),
            ("reasons", "X"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Een beschikking loopt hoogstens 12 maanden")
    );
}

/// The decision goes to its provider: without consent to share with that provider it is refused (422 naming
/// `provider_id`), through the API and the page; once the mother (the only parent with gezag) consents, it is taken.
async fn a_decision_needs_consent_to_share_with_its_provider(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, _) = jayden(&app).await;
    let api = reqwest::Client::new();
    let worker = api_token(&app, WORKER).await;
    let today = chrono::Utc::now().date_naive();
    let kjp = target(&app, case_id, KJP).await;
    let body = decision(kjp.id, today, today + chrono::Duration::days(90));
    let before = app
        .store
        .case_file(case_id)
        .await
        .expect("file")
        .mandates
        .len();
    let res = api
        .post(app.url(&format!("/api/v1/cases/{case_id}/mandate-decisions")))
        .bearer_auth(&worker)
        .json(&body)
        .send()
        .await
        .expect("decide");
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.expect("problem");
    assert_eq!(field_errors(&problem), ["provider_id"]);
    assert!(problem.to_string().contains("toestemming"), "{problem}");

    let client = app.client();
    sign_in(&app, &client, WORKER, "schakel-demo").await;
    let token = csrf(&app, &client).await;
    let res = client
        .post(app.url(&format!("/cases/{case_id}/mandate")))
        .form(&[
            ("csrf", token.as_str()),
            ("care_kind", "diagnostiek"),
            ("category", "outpatient"),
            ("volume", "1"),
            ("volume_unit", "sessions_per_week"),
            ("provider_id", &kjp.id.to_string()),
            ("period_from", &today.to_string()),
            (
                "period_until",
                &(today + chrono::Duration::days(90)).to_string(),
            ),
            ("reasons", "Diagnostiek nodig."),
        ])
        .send()
        .await
        .expect("page form");
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Geen geldige toestemming om de beschikking te delen met")
    );
    assert_eq!(
        app.store
            .case_file(case_id)
            .await
            .expect("file")
            .mandates
            .len(),
        before
    );

    // The mother consents to sharing with the provider: now the decision is taken.
    let file = app.store.case_file(case_id).await.expect("file");
    let mother = file
        .guardians
        .iter()
        .find(|g| *g.has_gezag)
        .expect("a parent with gezag");
    assert_eq!(
        file.guardians.iter().filter(|g| *g.has_gezag).count(),
        1,
        "only the mother holds gezag"
    );
    let res = api
        .post(app.url(&format!("/api/v1/cases/{case_id}/consents")))
        .bearer_auth(&worker)
        .json(&json!({"party": format!("guardian:{}", mother.id), "purpose": "share", "recipient": KJP,
                      "information": "hulpvraag en verloop van de hulp", "given_on": today.to_string()}))
        .send()
        .await
        .expect("consent");
    assert_eq!(res.status(), 204);
    let res = api
        .post(app.url(&format!("/api/v1/cases/{case_id}/mandate-decisions")))
        .bearer_auth(&worker)
        .json(&body)
        .send()
        .await
        .expect("decide");
    assert_eq!(res.status(), 201);
    app.shutdown().await;
}
on_both_backends!(a_decision_needs_consent_to_share_with_its_provider);

/// The text of a PDF as `pdftotext` reads it (poppler-utils, as the report crate's tests use), which must be a
/// tagged PDF (PDF/UA-1, ADR 017): `pdfinfo` says "Tagged: yes".
fn pdftotext(pdf: &[u8]) -> String {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path =
        std::env::temp_dir().join(format!("schakel-allocation-{}-{n}.pdf", std::process::id()));
    std::fs::write(&path, pdf).expect("write pdf");
    let info = std::process::Command::new("pdfinfo")
        .arg(&path)
        .output()
        .expect("pdfinfo not found: install poppler-utils");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")),
        "not a tagged PDF:\n{info}"
    );
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext not found: install poppler-utils");
    let _ = std::fs::remove_file(&path);
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

/// Export of an approved decision for the mandating municipality (RULES.md §10, ADR 024): a waiting decision is
/// refused (422 naming `status`); once approved the API gives the allocation's data with iJw names and values,
/// and the decision's page links a PDF that reads back with the child, category, volume and dates (in English for
/// an English reader). Both are logged as an export of the case, which the privacy officer's search by the
/// child's case number finds. A school contact and the municipality get 403; a worker of another organisation 404.
async fn an_approved_decision_is_exported_for_the_municipality(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, decision_id) = jayden(&app).await;
    let worker = api_token(&app, WORKER).await;
    let lead = api_token(&app, LEAD).await;
    let path = format!("/api/v1/mandate-decisions/{decision_id}/allocation");
    let pdf_path = format!("/cases/{case_id}/mandate/{decision_id}/allocation.pdf");

    // Waiting: not exported, through the API or the page.
    let (status, problem) = get_json(&app, &worker, &path).await;
    assert_eq!(
        (status, field_errors(&problem)),
        (422, vec!["status".to_string()])
    );
    let browser = as_role(&app, WORKER).await;
    let res = browser.get(app.url(&pdf_path)).send().await.expect("pdf");
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Alleen een besluit waarop de teamleider akkoord")
    );

    let res = reqwest::Client::new()
        .post(app.url(&format!(
            "/api/v1/cases/{case_id}/mandate-decisions/{decision_id}/approve"
        )))
        .bearer_auth(&lead)
        .send()
        .await
        .expect("approve");
    assert_eq!(res.status(), 204);

    let d = app
        .store
        .mandate_decision(decision_id)
        .await
        .expect("decision");
    let file = app.store.case_file(case_id).await.expect("file");
    let org = app
        .store
        .organisation(file.case.organisation_id)
        .await
        .expect("org");
    let municipality = app
        .store
        .municipality(
            org.municipality_id
                .expect("Havenstad's organisation has a municipality"),
        )
        .await
        .expect("municipality");
    let category = schakel_domain::mandate::CareCategory::parse(&d.category).expect("category");
    let unit = schakel_domain::mandate::VolumeUnit::parse(&d.volume_unit).expect("unit");
    let (status, a) = get_json(&app, &worker, &path).await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["status"], "approved");
    assert_eq!(a["case_number"], file.case.case_number.as_str());
    assert_eq!(
        a["gemeente"]["gemeentecode"],
        municipality.cbs_code.as_str()
    );
    assert_eq!(a["client"]["voornamen"], "Jayden");
    assert_eq!(
        a["client"]["geslachtsnaam"],
        file.child.family_name.as_str()
    );
    assert_eq!(
        a["client"]["geboortedatum"],
        file.child.date_of_birth.as_str()
    );
    assert!(a["client"]["bsn"].is_null());
    let p = &a["toegewezen_product"];
    assert_eq!(p["categorie"], category.ijw_code());
    assert!(p["productcode"].is_null());
    assert_eq!(p["omvang"]["volume"], d.volume.expect("volume"));
    assert_eq!(p["omvang"]["eenheid"], unit.ijw_unit().0);
    assert_eq!(p["omvang"]["frequentie"], unit.ijw_frequency().0);
    assert_eq!(p["ingangsdatum"], d.period_from.as_str());
    assert_eq!(p["einddatum"], d.period_until.as_str());
    assert_eq!(a["aanbieder"]["naam"], DE_HAVEN);
    assert!(a["aanbieder"]["agb_code"].is_null());
    assert_eq!(a["besluit"]["besluitdatum"], d.decided_on.as_str());
    assert_eq!(a["besluit"]["decided_by"]["name"], "Rachid Benali");
    assert_eq!(a["besluit"]["approved_by"]["name"], "Wendy Kartoredjo");
    let missing: Vec<&str> = a["not_recorded"]
        .as_array()
        .expect("not_recorded")
        .iter()
        .filter_map(|m| m["field"].as_str())
        .collect();
    assert!(missing.contains(&"client.bsn") && missing.contains(&"aanbieder.agb_code"));

    // The page links the PDF; it reads back with what the allocation needs.
    let (_, page_html) = page(
        &browser,
        &app,
        &format!("/cases/{case_id}/mandate/{decision_id}"),
    )
    .await;
    assert!(
        page_html.contains(&format!("href=\"{pdf_path}\"")),
        "the decision's page links the PDF"
    );
    let res = browser.get(app.url(&pdf_path)).send().await.expect("pdf");
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let text = pdftotext(&res.bytes().await.expect("bytes"));
    let long = |s: &str| {
        schakel_domain::lang::long_date(s.parse().expect("date"), schakel_domain::Lang::Nl)
    };
    for want in [
        "Toewijzingsbesluit SMW plus".to_string(),
        format!("Jayden {}", file.child.family_name),
        format!("{} ({})", category.label_nl(), category.ijw_code()),
        format!("{} {}", d.volume.expect("volume"), unit.label_nl()),
        long(&d.period_from),
        long(&d.period_until),
        long(&file.child.date_of_birth),
        DE_HAVEN.to_string(),
        "Wendy Kartoredjo".to_string(),
        municipality.cbs_code.clone(),
    ] {
        assert!(text.contains(&want), "{want} in the PDF:\n{text}");
    }
    browser
        .get(app.url("/lang/en"))
        .send()
        .await
        .expect("english");
    let res = browser.get(app.url(&pdf_path)).send().await.expect("pdf");
    let english = pdftotext(&res.bytes().await.expect("bytes"));
    assert!(
        english.contains("Allocation decision SMW plus") && english.contains(category.label_en())
    );

    // Logged as an export of the case, through both doors; the privacy officer finds them by case number.
    exports_are_logged(&app, org.id, &file.case.case_number, case_id).await;

    // Outside the case's scope: refused.
    for (who, want) in [("school", 403), ("gemeente-havenstad", 403), ("smw", 404)] {
        let token = api_token(&app, who).await;
        assert_eq!(get_json(&app, &token, &path).await.0, want, "{who}");
    }
    app.shutdown().await;
}
on_both_backends!(an_approved_decision_is_exported_for_the_municipality);

/// The worker's access-log entries about a child, found as the privacy officer's search by case number finds them.
async fn worker_log_of_child(
    app: &TestApp,
    org: i64,
    case_number: &str,
) -> Vec<schakel_domain::audit::AuditEntry> {
    let subjects = app
        .store
        .audit_subjects_of_child(Some(org), case_number)
        .await
        .expect("subjects");
    app.store
        .search_audit(&AuditFilter {
            username: Some(WORKER.into()),
            subjects: Some(subjects),
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("audit")
}

/// The worker's export entries about the case, found as the privacy officer's search by case number finds them:
/// one through the API, one through the page.
async fn exports_are_logged(app: &TestApp, org: i64, case_number: &str, case_id: i64) {
    let log = worker_log_of_child(app, org, case_number).await;
    for route in [
        "/api/v1/mandate-decisions/{id}/allocation",
        "/cases/{id}/mandate/{decision_id}/allocation.pdf",
    ] {
        assert!(
            log.iter().any(|e| e.event.action == "export"
                && e.event.route == route
                && e.event.subject_id.as_deref() == Some(&case_id.to_string())
                && e.event.basis.ends_with("municipal_mandate")),
            "an export entry for {route}"
        );
    }
}

/// A refused decision is not exported either.
async fn a_refused_decision_is_not_exported(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, decision_id) = jayden(&app).await;
    let lead = api_token(&app, LEAD).await;
    let (status, _) = post_json(
        &app,
        &lead,
        &format!("/api/v1/cases/{case_id}/mandate-decisions/{decision_id}/refuse"),
        json!({"reason": "Eerst de huisarts."}),
    )
    .await;
    assert_eq!(status, 204);
    let (status, problem) = get_json(
        &app,
        &api_token(&app, WORKER).await,
        &format!("/api/v1/mandate-decisions/{decision_id}/allocation"),
    )
    .await;
    assert_eq!(
        (status, field_errors(&problem)),
        (422, vec!["status".to_string()])
    );
    assert!(problem.to_string().contains("afgewezen"), "{problem}");
    app.shutdown().await;
}
on_both_backends!(a_refused_decision_is_not_exported);

/// The identifiers the municipality's allocation needs (ADR 033): a BSN that fails the elfproef, an AGB code that
/// is not eight digits and a product code that is too long are named at once, at both doors, and nothing is
/// stored; entered right, they travel with the approved decision into the export and its PDF, show on the
/// decision's page, and nowhere in the case file (page or API).
async fn identifiers_travel_with_the_decision_only(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, _) = jayden(&app).await;
    let worker = api_token(&app, WORKER).await;
    let today = chrono::Utc::now().date_naive();
    let de_haven = target(&app, case_id, DE_HAVEN).await;
    let mut body = decision(de_haven.id, today, today + chrono::Duration::days(90));
    let before = mandate_count(&app, case_id).await;
    body["bsn"] = json!("123456789");
    body["agb_code"] = json!("1234");
    body["product_code"] = json!("45-A01");
    let (status, mut fields) = post_decision(&app, &worker, case_id, body.clone()).await;
    fields.sort_unstable();
    assert_eq!(
        (status, fields),
        (
            422,
            vec!["agb_code".into(), "bsn".into(), "product_code".into()]
        )
    );
    let browser = as_role(&app, WORKER).await;
    let res = post_form(
        &app,
        &browser,
        &format!("/cases/{case_id}/mandate"),
        &[
            ("care_kind", "ambulante gezinsbegeleiding thuis"),
            ("category", "outpatient"),
            ("volume", "2"),
            ("volume_unit", "hours_per_week"),
            ("provider_id", &de_haven.id.to_string()),
            ("period_from", &today.to_string()),
            (
                "period_until",
                &(today + chrono::Duration::days(90)).to_string(),
            ),
            ("reasons", "Lichte hulp is onvoldoende."),
            ("bsn", "123456789"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("href=\"#f-mandate-bsn\"") && html.contains("elfproef"),
        "{html}"
    );
    assert_eq!(mandate_count(&app, case_id).await, before, "nothing stored");

    // Entered right (with spaces and a lower-case product code, as typed from a letter).
    body["bsn"] = json!("1112 22 333");
    body["agb_code"] = json!("03123456");
    body["product_code"] = json!("45a01");
    let (status, made) = post_json(
        &app,
        &worker,
        &format!("/api/v1/cases/{case_id}/mandate-decisions"),
        body,
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let decision_id = made["id"].as_i64().expect("id");
    let lead = api_token(&app, LEAD).await;
    let (status, _) = post_json(
        &app,
        &lead,
        &format!("/api/v1/cases/{case_id}/mandate-decisions/{decision_id}/approve"),
        json!({}),
    )
    .await;
    assert_eq!(status, 204);
    let (status, a) = get_json(
        &app,
        &worker,
        &format!("/api/v1/mandate-decisions/{decision_id}/allocation"),
    )
    .await;
    assert_eq!(status, 200, "{a}");
    assert_eq!(a["client"]["bsn"], "111222333");
    assert_eq!(a["aanbieder"]["agb_code"], "03123456");
    assert_eq!(a["toegewezen_product"]["productcode"], "45A01");
    assert_eq!(a["not_recorded"], json!([]), "{a}");
    let res = browser
        .get(app.url(&format!(
            "/cases/{case_id}/mandate/{decision_id}/allocation.pdf"
        )))
        .send()
        .await
        .expect("pdf");
    let text = pdftotext(&res.bytes().await.expect("bytes"));
    assert!(
        text.contains("111222333") && text.contains("03123456") && text.contains("45A01"),
        "{text}"
    );
    let (_, shown) = page(
        &browser,
        &app,
        &format!("/cases/{case_id}/mandate/{decision_id}"),
    )
    .await;
    assert!(
        shown.contains("111222333"),
        "the decision's page shows the BSN"
    );
    // Not in the case file, at either door.
    let (_, case_page) = page(&browser, &app, &format!("/cases/{case_id}")).await;
    let (_, case_api) = get_json(&app, &worker, &format!("/api/v1/cases/{case_id}")).await;
    assert!(!case_page.contains("111222333") && !case_api.to_string().contains("111222333"));
    identifiers_are_logged_and_dropped(&app, case_id, decision_id, &worker, &lead).await;
    app.shutdown().await;
}

/// Who saw the identifiers is found by the child's case number (a read of the decision, page and export); a
/// refused decision keeps none.
async fn identifiers_are_logged_and_dropped(
    app: &TestApp,
    case_id: i64,
    decision_id: i64,
    worker: &str,
    lead: &str,
) {
    let file = app.store.case_file(case_id).await.expect("file");
    let log = worker_log_of_child(app, file.case.organisation_id, &file.case.case_number).await;
    let reads = log
        .iter()
        .filter(|e| {
            e.event.subject_kind == "mandate_decision"
                && e.event.subject_id.as_deref() == Some(&decision_id.to_string())
        })
        .count();
    assert!(
        reads >= 3,
        "export, PDF and page each log the decision read ({reads})"
    );

    let today = chrono::Utc::now().date_naive();
    let de_haven = target(app, case_id, DE_HAVEN).await;
    let mut body = decision(de_haven.id, today, today + chrono::Duration::days(60));
    body["bsn"] = json!("123456782");
    let (status, made) = post_json(
        app,
        worker,
        &format!("/api/v1/cases/{case_id}/mandate-decisions"),
        body,
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let refused_id = made["id"].as_i64().expect("id");
    assert_eq!(
        app.store
            .mandate_allocation_ids(refused_id)
            .await
            .expect("ids")
            .bsn,
        "123456782"
    );
    let (status, _) = post_json(
        app,
        lead,
        &format!("/api/v1/cases/{case_id}/mandate-decisions/{refused_id}/refuse"),
        json!({"reason": "Eerst lichte hulp via het CJG proberen."}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        app.store
            .mandate_allocation_ids(refused_id)
            .await
            .expect("ids"),
        schakel_store::MandateAllocationIds::default(),
        "a refused decision keeps no BSN"
    );
}
on_both_backends!(identifiers_travel_with_the_decision_only);
