//! The privacy officer's toolkit (issue 11, item 7): list views logged per case and per referral, so a search for
//! a child by case number finds every list that showed them (ADR 024); the overview of consents with the party,
//! purpose, recipient, dates and the shares made under each.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, as_role, get_json, spawn_app};
use schakel_store::{AuditFilter, CaseFilter};
use serde_json::Value;
use std::collections::BTreeSet;

/// The demo world with its case files.
async fn demo(backend: Backend) -> Option<TestApp> {
    let app = spawn_app(backend, true).await?;
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    Some(app)
}

/// The subject ids of `username`'s entries through `route` about `kind`.
async fn logged(app: &TestApp, username: &str, route: &str, kind: &str) -> BTreeSet<String> {
    app.store
        .search_audit(&AuditFilter {
            username: Some(username.into()),
            subject_kind: Some(kind.into()),
            limit: 5000,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_iter()
        .filter(|e| e.event.route == route && e.event.outcome == "ok")
        .filter_map(|e| e.event.subject_id)
        .collect()
}

fn ids(items: &Value) -> BTreeSet<String> {
    items["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].as_i64().expect("id").to_string())
        .collect()
}

/// The case list (page and API) and the referral list are logged as a read of every case and referral they show;
/// the privacy officer's search by case number finds the list views that showed that child. The team lead's home
/// page, which only counts cases per worker, logs no case.
async fn list_views_are_logged_per_case(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let token = api_token(&app, "smw").await;
    let (status, cases) = get_json(&app, &token, "/api/v1/cases").await;
    assert_eq!(status, 200);
    let shown = ids(&cases);
    assert!(shown.len() > 1, "the demo worker has cases");
    assert_eq!(logged(&app, "smw", "/api/v1/cases", "case").await, shown);

    let browser = as_role(&app, "smw").await;
    let res = browser
        .get(app.url("/cases"))
        .send()
        .await
        .expect("cases page");
    assert_eq!(res.status(), 200);
    assert_eq!(
        logged(&app, "smw", "/cases", "case").await,
        shown,
        "the page logs what the API shows"
    );

    let (status, referrals) = get_json(&app, &token, "/api/v1/referrals").await;
    assert_eq!(status, 200);
    let referral_ids = ids(&referrals);
    assert!(!referral_ids.is_empty(), "the demo worker sees referrals");
    assert_eq!(
        logged(&app, "smw", "/api/v1/referrals", "referral").await,
        referral_ids
    );

    // The privacy officer searches for one child by case number and finds the list views.
    let first = shown
        .iter()
        .next()
        .expect("a case")
        .parse::<i64>()
        .expect("id");
    let number = app.store.case(first).await.expect("case").case_number;
    let privacy = api_token(&app, "privacy").await;
    let (status, found) = get_json(&app, &privacy, &format!("/api/v1/audit?person={number}")).await;
    assert_eq!(status, 200);
    let routes: BTreeSet<&str> = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|e| e["subject_id"] == first.to_string().as_str())
        .filter_map(|e| e["route"].as_str())
        .collect();
    assert!(
        routes.contains("/cases") && routes.contains("/api/v1/cases"),
        "the search by case number finds the list views: {routes:?}"
    );

    // Counting cases per worker shows none: one entry for the list, no case ids.
    let lead = as_role(&app, "teamleider").await;
    assert_eq!(
        lead.get(app.url("/")).send().await.expect("home").status(),
        200
    );
    assert!(logged(&app, "teamleider", "/", "case").await.is_empty());
    app.shutdown().await;
}
on_both_backends!(list_views_are_logged_per_case);

/// What the consent story starts from: in an open case at a school of the privacy officer's organisation, a
/// consent to share with the school (60 days ago) and one for "Bureau Elders" withdrawn 40 days ago; a report to
/// the school on consent (30 days ago) and one on the meldcode (20 days ago).
struct Setup {
    org: i64,
    case: schakel_store::Case,
    school_consent: i64,
    other: i64,
}

fn days_ago(n: i64) -> String {
    (chrono::Utc::now().date_naive() - chrono::Duration::days(n)).to_string()
}

async fn setup(app: &TestApp) -> Setup {
    let privacy_user = app
        .store
        .user_by_username("privacy")
        .await
        .expect("user")
        .expect("privacy officer");
    let org = privacy_user
        .organisation_id
        .expect("the officer's organisation");
    let case = app
        .store
        .list_cases(&CaseFilter {
            organisation_id: Some(org),
            open_only: true,
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("cases")
        .into_iter()
        .find(|c| c.school_id.is_some())
        .expect("an open case at a school");
    let now = chrono::Utc::now();
    let mut tx = app.store.begin().await.expect("tx");
    let school_consent = tx
        .insert_consent(
            case.id,
            "child",
            None,
            "share",
            "school",
            "voortgang",
            &days_ago(60),
            None,
            "",
            None,
            now,
        )
        .await
        .expect("consent");
    let other = tx
        .insert_consent(
            case.id,
            "child",
            None,
            "share",
            "Bureau Elders",
            "alles",
            &days_ago(60),
            None,
            "",
            None,
            now,
        )
        .await
        .expect("consent");
    tx.withdraw_consent(case.id, other, &days_ago(40))
        .await
        .expect("withdraw");
    let school = case.school_id.expect("school");
    tx.insert_school_report(
        case.id,
        school,
        "Gaat goed.",
        "consent",
        &days_ago(30),
        privacy_user.id,
        now,
    )
    .await
    .expect("report");
    tx.insert_school_report(
        case.id,
        school,
        "Melding.",
        "meldcode",
        &days_ago(20),
        privacy_user.id,
        now,
    )
    .await
    .expect("report");
    tx.commit().await.expect("commit");
    Setup {
        org,
        case,
        school_consent,
        other,
    }
}

/// The privacy officer's overview of consents: a consent to share with the school lists the report shared under
/// it (not the one shared on a legal ground, nor under a withdrawn consent for another recipient); filters by
/// status and case number; only the officer's organisation; reading is logged per case; others are refused.
async fn the_privacy_officer_sees_consents_and_what_was_shared_under_them(backend: Backend) {
    let Some(app) = demo(backend).await else {
        return;
    };
    let Setup {
        org,
        case,
        school_consent,
        other,
    } = setup(&app).await;

    let token = api_token(&app, "privacy").await;
    let path = format!(
        "/api/v1/privacy/consents?case_number={}",
        case.case_number.to_lowercase()
    );
    let (status, overview) = get_json(&app, &token, &path).await;
    assert_eq!(status, 200, "{overview}");
    let consents = overview["consents"].as_array().expect("consents");
    assert!(
        consents
            .iter()
            .all(|c| c["case_number"] == case.case_number.as_str())
    );
    let by_id = |id: i64| {
        consents
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("consent {id} in {overview}"))
    };
    let given = by_id(school_consent);
    assert_eq!(
        (given["party"].as_str(), given["purpose"].as_str()),
        (Some("child"), Some("share"))
    );
    assert_eq!(given["status"], "valid");
    let shares = given["shares"].as_array().expect("shares");
    assert_eq!(
        shares.len(),
        1,
        "only the report shared on consent: {given}"
    );
    assert_eq!(shares[0]["kind"], "school_report");
    assert_eq!(shares[0]["shared_on"], days_ago(30).as_str());
    let withdrawn = by_id(other);
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["withdrawn_on"], days_ago(40).as_str());
    assert!(withdrawn["shares"].as_array().expect("shares").is_empty());

    // Filters: status.
    let (_, only_withdrawn) = get_json(&app, &token, &format!("{path}&status=withdrawn")).await;
    let statuses: BTreeSet<&str> = only_withdrawn["consents"]
        .as_array()
        .expect("consents")
        .iter()
        .filter_map(|c| c["status"].as_str())
        .collect();
    assert_eq!(statuses, BTreeSet::from(["withdrawn"]));
    let (status, problem) = get_json(&app, &token, "/api/v1/privacy/consents?status=soms").await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"][0]["field"], "status");

    // Only the officer's organisation.
    let (_, all) = get_json(&app, &token, "/api/v1/privacy/consents").await;
    for c in all["consents"].as_array().expect("consents") {
        let id = c["case_id"].as_i64().expect("case id");
        assert_eq!(app.store.case(id).await.expect("case").organisation_id, org);
    }

    // Reading is logged per case shown; the page shows the same; others are refused.
    assert!(
        logged(&app, "privacy", "/api/v1/privacy/consents", "case")
            .await
            .contains(&case.id.to_string())
    );
    let browser = as_role(&app, "privacy").await;
    let res = browser
        .get(app.url(&format!(
            "/privacy/consents?case_number={}",
            case.case_number
        )))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Bureau Elders") && html.contains("terugkoppeling aan"),
        "the page"
    );
    for who in ["smw", "teamleider", "school", "gemeente", "beheer"] {
        let t = api_token(&app, who).await;
        assert_eq!(
            get_json(&app, &t, "/api/v1/privacy/consents").await.0,
            403,
            "{who}"
        );
    }
    app.shutdown().await;
}
on_both_backends!(the_privacy_officer_sees_consents_and_what_was_shared_under_them);
