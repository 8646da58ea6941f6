//! Casework through the pages and the API: referral, triage, case, contacts, consent, onward referral,
//! documents and closure.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, as_role, csrf, post_form, sign_in, spawn_app};
use schakel_store::AuditFilter;
use serde_json::{Value, json};

/// A contact is not dated before the referral or the child's birth, and needs its minutes — the same rule for the
/// API as for the case page (issue 9, item 7); the access log reads up to 9999-12-31.
async fn contact_dates_and_audit_bounds(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    use schakel_web::Clock;
    let now = app.clock.now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    let api = reqwest::Client::new();
    let smw = api_token(&app, "smw").await;
    let cases: serde_json::Value = api
        .get(app.url("/api/v1/cases"))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let case = &cases["items"][0];
    let id = case["id"].as_i64().expect("a case of the social worker");
    let file: serde_json::Value = api
        .get(app.url(&format!("/api/v1/cases/{id}")))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    // The referral's day; for a case that came without one, the day it was opened.
    let received = chrono::NaiveDate::parse_from_str(
        file["referral"]["received_on"]
            .as_str()
            .or(file["case"]["opened_on"].as_str())
            .expect("received_on or opened_on"),
        "%Y-%m-%d",
    )
    .expect("a date");
    let today = chrono::Utc::now().date_naive().to_string();
    let before_referral = received.pred_opt().expect("a day before").to_string();
    let post = |body: serde_json::Value| {
        api.post(app.url(&format!("/api/v1/cases/{id}/contacts")))
            .bearer_auth(&smw)
            .json(&body)
            .send()
    };
    for (body, field) in [
        (
            serde_json::json!({"held_on": "0001-01-01", "kind": "telefoon", "minutes": 10}),
            "held_on",
        ),
        (
            serde_json::json!({"held_on": before_referral, "kind": "telefoon", "minutes": 10}),
            "held_on",
        ),
        (
            serde_json::json!({"held_on": today, "kind": "telefoon"}),
            "minutes",
        ),
    ] {
        let res = post(body.clone()).await.expect("req");
        assert_eq!(res.status(), 422, "{body}");
        let problem: serde_json::Value = res.json().await.expect("json");
        assert_eq!(problem["errors"][0]["field"], field, "{body}: {problem}");
    }
    let res = post(
        serde_json::json!({"held_on": received.to_string(), "kind": "telefoon", "minutes": 10}),
    )
    .await
    .expect("req");
    assert_eq!(res.status(), 201, "a contact on the day of the referral");

    let privacy = api_token(&app, "privacy").await;
    let search = |query: &'static str| {
        api.get(app.url(&format!("/api/v1/audit{query}")))
            .bearer_auth(&privacy)
            .send()
    };
    let all: serde_json::Value = search("").await.expect("req").json().await.expect("json");
    let until_end: serde_json::Value = search("?until=9999-12-31")
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let count = |v: &serde_json::Value| v["items"].as_array().map(Vec::len).unwrap_or(0);
    assert!(count(&all) > 0);
    assert!(
        count(&until_end) >= count(&all),
        "until=9999-12-31 found {} of {}",
        count(&until_end),
        count(&all)
    );
    app.shutdown().await;
}
on_both_backends!(contact_dates_and_audit_bounds);

/// Adds a user with the demo password straight to the store.
async fn add_user(app: &TestApp, user: schakel_store::NewUser) {
    let user = schakel_store::NewUser {
        password_hash: schakel_web::hash_password("schakel-demo").expect("hash"),
        ..user
    };
    let mut tx = app.store.begin().await.expect("tx");
    tx.insert_user(&user, chrono::Utc::now())
        .await
        .expect("user");
    tx.commit().await.expect("commit");
}

/// Adds an entry to the referral directory and proposes it as an onward referral of the case: the onward id.
async fn propose_onward(app: &TestApp, case_id: i64, name: &str, kind: &str) -> i64 {
    let today = chrono::Utc::now().date_naive().to_string();
    let mut tx = app.store.begin().await.expect("tx");
    let target = tx
        .insert_referral_target(None, name, kind, "", chrono::Utc::now())
        .await
        .expect("target");
    let onward = tx
        .insert_onward(case_id, target, "", &today, chrono::Utc::now())
        .await
        .expect("onward");
    tx.commit().await.expect("commit");
    onward
}

/// GETs JSON from the API with a bearer token.
async fn read_json(app: &TestApp, token: &str, path: &str) -> Value {
    reqwest::Client::new()
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json")
}

/// The casework chain through the API: a school refers, the team lead accepts, the worker works;
/// the school sees only the status; another school and the municipality see nothing; stale edits conflict;
/// sharing needs consent or a recorded legal ground.
async fn casework_rules(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = api_token(&app, "school").await;
    let referral_id = school_refers_and_sees_only_the_status(&app, &school).await;
    another_school_cannot_read_or_guess(&app, referral_id).await;
    let case_id = team_lead_accepts(&app, &school, referral_id).await;
    stale_case_edit_conflicts(&app, case_id).await;
    municipality_is_refused_and_reads_are_logged(&app, case_id).await;
    case_page_only_for_the_assigned_worker(&app, case_id).await;
    let client = as_role(&app, "smw").await;
    sharing_needs_consent(&app, &client, case_id).await;
    meldcode_report_on_the_recorded_legal_ground(&app, &client, case_id).await;
    privacy_officer_finds_shares_on_a_legal_ground(&app, case_id).await;
    documents_are_checked_by_content(&app, &client, case_id).await;
    app.shutdown().await;
}
on_both_backends!(casework_rules);

/// The school refers; without the parents' agreement a named referral is refused; the school sees the status,
/// never the content.
async fn school_refers_and_sees_only_the_status(app: &TestApp, school: &str) -> i64 {
    let api = reqwest::Client::new();
    let res = api
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(school)
        .json(&json!({
            "given_name": "Mila", "family_name": "Özdemir", "date_of_birth": "2017-05-04", "class_name": "groep 5",
            "guardians": [{"name": "Ayşe Özdemir", "relation": "moeder", "has_gezag": true}, {"name": "Kemal Özdemir", "relation": "vader", "has_gezag": true}],
            "reason": "Mila is stil en huilt vaak sinds de scheiding.", "signals": ["stemming", "thuissituatie"], "urgency": "normaal", "parents_agree": true
        }))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 201);
    let referral_id = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    // Without the parents' agreement a named referral is refused.
    let refused = api
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(school)
        .json(&json!({"given_name": "A", "family_name": "B", "date_of_birth": "2016-01-01", "reason": "x", "parents_agree": false}))
        .send()
        .await
        .expect("req");
    assert_eq!(refused.status(), 422);
    // The school sees the status, never the content.
    let seen = read_json(app, school, &format!("/api/v1/referrals/{referral_id}")).await;
    assert_eq!(seen["status"], "received");
    assert!(
        seen.get("reason").is_none() && seen.get("signals").is_none(),
        "no content for the school: {seen}"
    );
    referral_id
}

/// A school contact of another school cannot read or guess it.
async fn another_school_cannot_read_or_guess(app: &TestApp, referral_id: i64) {
    let own_school = app
        .store
        .user_by_username("school")
        .await
        .expect("user")
        .expect("school")
        .school_id;
    let schools = app
        .store
        .list_schools(&schakel_store::SchoolFilter {
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("schools")
        .0;
    let other_school = schools
        .iter()
        .map(|s| s.id)
        .find(|id| Some(*id) != own_school)
        .expect("another demo school");
    add_user(
        app,
        schakel_store::NewUser {
            username: "ib-andere".into(),
            display_name: "IB andere school".into(),
            role: "school_contact".into(),
            school_id: Some(other_school),
            ..Default::default()
        },
    )
    .await;
    let other = api_token(app, "ib-andere").await;
    assert_eq!(
        reqwest::Client::new()
            .get(app.url(&format!("/api/v1/referrals/{referral_id}")))
            .bearer_auth(&other)
            .send()
            .await
            .expect("req")
            .status(),
        404
    );
    let list = read_json(app, &other, "/api/v1/referrals").await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0));
}

/// The team lead accepts and assigns the social worker `smw`: the new case's id.
async fn team_lead_accepts(app: &TestApp, school: &str, referral_id: i64) -> i64 {
    let api = reqwest::Client::new();
    let lead = api_token(app, "teamleider").await;
    let smw_user = app
        .store
        .user_by_username("smw")
        .await
        .expect("user")
        .expect("smw");
    let smw_worker = app
        .store
        .worker_of_user(smw_user.id)
        .await
        .expect("worker")
        .expect("smw is a worker");
    let referral_version = app
        .store
        .referral(referral_id)
        .await
        .expect("referral")
        .version;
    let triage = format!("/api/v1/referrals/{referral_id}/triage");
    // A decision must say which version of the referral it was based on.
    let res = api
        .post(app.url(&triage))
        .bearer_auth(&lead)
        .json(&json!({"decision": "accepted", "worker_id": smw_worker.id}))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422);
    let res = api
        .post(app.url(&triage))
        .bearer_auth(&lead)
        .json(&json!({"decision": "accepted", "worker_id": smw_worker.id, "version": referral_version}))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let case_id = res.json::<Value>().await.expect("json")["case_id"]
        .as_i64()
        .expect("case id");
    let seen = read_json(app, school, &format!("/api/v1/referrals/{referral_id}")).await;
    assert_eq!(seen["status"], "in_progress");
    case_id
}

/// The worker records a contact; two edits based on the same version: the second conflicts.
async fn stale_case_edit_conflicts(app: &TestApp, case_id: i64) {
    let api = reqwest::Client::new();
    let smw = api_token(app, "smw").await;
    let lead = api_token(app, "teamleider").await;
    let today = chrono::Utc::now().date_naive().to_string();
    let res = api
        .post(app.url(&format!("/api/v1/cases/{case_id}/contacts")))
        .bearer_auth(&smw)
        .json(&json!({"held_on": today, "kind": "intake", "participants": "Mila, moeder", "minutes": 60, "note": "Kennismaking."}))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 201);
    let file = read_json(app, &smw, &format!("/api/v1/cases/{case_id}")).await;
    let version = file["case"]["version"].as_i64().expect("version");
    assert_eq!(file["contacts"].as_array().map(Vec::len), Some(1));
    let first = api
        .put(app.url(&format!("/api/v1/cases/{case_id}")))
        .bearer_auth(&smw)
        .json(&json!({"summary": "Plan: drie gesprekken met Mila.", "version": version}))
        .send()
        .await
        .expect("req");
    assert_eq!(first.status(), 200);
    let second = api
        .put(app.url(&format!("/api/v1/cases/{case_id}")))
        .bearer_auth(&lead)
        .json(&json!({"summary": "Andere tekst", "version": version}))
        .send()
        .await
        .expect("req");
    assert_eq!(second.status(), 409);
    let body: Value = second.json().await.expect("json");
    assert_eq!(
        body["current"]["summary"],
        "Plan: drie gesprekken met Mila."
    );
    assert_eq!(
        app.store.case(case_id).await.expect("case").summary,
        "Plan: drie gesprekken met Mila."
    );
}

/// The case's entries of the access log.
async fn case_log(
    app: &TestApp,
    case_id: i64,
    limit: i64,
) -> Vec<schakel_domain::audit::AuditEntry> {
    app.store
        .search_audit(&AuditFilter {
            subject_kind: Some("case".into()),
            subject_id: Some(case_id.to_string()),
            limit,
            ..Default::default()
        })
        .await
        .expect("audit")
}

/// The municipality is refused the case, pages and API, and the refusal is logged; every opening of the case
/// file is in the access log with the case as subject.
async fn municipality_is_refused_and_reads_are_logged(app: &TestApp, case_id: i64) {
    let gm = api_token(app, "gemeente").await;
    assert_eq!(
        reqwest::Client::new()
            .get(app.url(&format!("/api/v1/cases/{case_id}")))
            .bearer_auth(&gm)
            .send()
            .await
            .expect("req")
            .status(),
        403
    );
    let denied = app
        .store
        .search_audit(&AuditFilter {
            username: Some("gemeente".into()),
            limit: 50,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(
        denied
            .iter()
            .any(|e| e.event.outcome == "denied" && e.event.route == "/api/v1/cases/{id}")
    );
    // Every opening of the case file is in the access log with the case as subject.
    let reads = case_log(app, case_id, 50).await;
    assert!(
        reads
            .iter()
            .any(|e| e.event.username == "smw" && e.event.action == "read")
    );
}

/// The case page: the assigned worker reads it (logged "ok"); a social worker of the same organisation who is
/// not assigned gets "not found", and that refusal is logged with the case as subject.
async fn case_page_only_for_the_assigned_worker(app: &TestApp, case_id: i64) {
    let client = as_role(app, "smw").await;
    let page = client
        .get(app.url(&format!("/cases/{case_id}")))
        .send()
        .await
        .expect("case page");
    assert_eq!(page.status(), 200);
    let organisation_id = app.store.case(case_id).await.expect("case").organisation_id;
    add_user(
        app,
        schakel_store::NewUser {
            username: "smw-collega".into(),
            display_name: "Collega zonder dit dossier".into(),
            role: "social_worker".into(),
            organisation_id: Some(organisation_id),
            ..Default::default()
        },
    )
    .await;
    let colleague = as_role(app, "smw-collega").await;
    let refused = colleague
        .get(app.url(&format!("/cases/{case_id}")))
        .send()
        .await
        .expect("case page");
    assert_eq!(refused.status(), 404);
    let body = refused.text().await.expect("body");
    assert!(
        !body.contains("Kinderen uit de Knel")
            && !body.contains(&format!("/cases/{case_id}/contacts"))
    );
    let page_reads = case_log(app, case_id, 100).await;
    let outcome_of = |user: &str| {
        page_reads
            .iter()
            .filter(|e| e.event.username == user && e.event.route == "/cases/{id}")
            .map(|e| e.event.outcome.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(outcome_of("smw"), ["ok"]);
    assert_eq!(outcome_of("smw-collega"), ["denied"]);
}

/// Sharing with a course provider needs consent (or a legal ground).
async fn sharing_needs_consent(app: &TestApp, client: &reqwest::Client, case_id: i64) {
    let today = chrono::Utc::now().date_naive().to_string();
    let onward = propose_onward(app, case_id, "Kinderen uit de Knel", "opvoedcursus").await;
    let status_path = format!("/cases/{case_id}/onward/0/status");
    let step = format!("{onward}:consented");
    let res = post_form(app, client, &status_path, &[("step", step.as_str())]).await;
    assert_eq!(res.status(), 422, "no consent to share yet");
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Geen geldige toestemming")
    );
    let guardians = app
        .store
        .guardians_of(app.store.case(case_id).await.expect("case").child_id)
        .await
        .expect("guardians");
    for g in &guardians {
        let party = format!("guardian:{}", g.id);
        let res = post_form(
            app,
            client,
            &format!("/cases/{case_id}/consents"),
            &[
                ("party", party.as_str()),
                ("purpose", "share"),
                ("recipient", "Kinderen uit de Knel"),
                ("given_on", today.as_str()),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
    }
    let res = post_form(app, client, &status_path, &[("step", step.as_str())]).await;
    assert_eq!(res.status(), 303, "both parents with gezag consented");
}

/// A report to Veilig Thuis under the meldcode goes out without consent, on the recorded legal ground —
/// and only on it; the sharing is in the access log.
async fn meldcode_report_on_the_recorded_legal_ground(
    app: &TestApp,
    client: &reqwest::Client,
    case_id: i64,
) {
    let report = propose_onward(app, case_id, "Veilig Thuis Test", "veilig_thuis").await;
    let status_path = format!("/cases/{case_id}/onward/0/status");
    let send = format!("{report}:sent");
    let res = post_form(app, client, &status_path, &[("step", send.as_str())]).await;
    assert_eq!(res.status(), 422, "no consent and no legal ground");
    let res = post_form(
        app,
        client,
        &status_path,
        &[("step", send.as_str()), ("legal_ground", "meldcode")],
    )
    .await;
    assert_eq!(res.status(), 303, "sent on the meldcode");
    let file = app.store.case_file(case_id).await.expect("file");
    let sent = file
        .onward
        .iter()
        .find(|o| o.id == report)
        .expect("the report");
    assert_eq!(sent.status, "sent");
    let shares = case_log(app, case_id, 200).await;
    assert!(
        shares
            .iter()
            .any(|e| e.event.action == "export" && e.event.basis == "legal_ground:meldcode"),
        "the legal-ground share is in the access log"
    );
}

/// The privacy officer opens every share on a legal ground from the home page's count (issue 11.3).
async fn privacy_officer_finds_shares_on_a_legal_ground(app: &TestApp, case_id: i64) {
    let privacy = api_token(app, "privacy").await;
    let found = read_json(app, &privacy, "/api/v1/audit?basis=legal_ground").await;
    let found = found["items"].as_array().cloned().unwrap_or_default();
    assert!(
        found
            .iter()
            .any(|e| e["subject_id"] == case_id.to_string().as_str()),
        "the share is listed: {found:?}"
    );
    assert!(
        found.iter().all(|e| e["basis"]
            .as_str()
            .is_some_and(|b| b.starts_with("legal_ground"))),
        "only shares on a legal ground"
    );
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/audit?basis=legal%25"))
        .bearer_auth(&privacy)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422, "no LIKE wildcards in the basis");
}

/// Documents: checked by content, not by name; downloads are attachments and are logged.
async fn documents_are_checked_by_content(app: &TestApp, client: &reqwest::Client, case_id: i64) {
    let token = csrf(app, client).await;
    let upload = |name: &'static str, bytes: &'static [u8]| {
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            )
            .text("description", "verslag");
        client
            .post(app.url(&format!("/cases/{case_id}/documents?csrf={token}")))
            .multipart(form)
            .send()
    };
    assert_eq!(
        upload("verslag.pdf", b"MZ\x90\x00 this is an executable")
            .await
            .expect("req")
            .status(),
        422
    );
    assert_eq!(
        upload("verslag.pdf", b"%PDF-1.7 Gespreksverslag")
            .await
            .expect("req")
            .status(),
        303
    );
    let docs = app
        .store
        .documents_of_case(case_id)
        .await
        .expect("documents");
    assert_eq!(docs.len(), 1, "only the real PDF is stored");
    let res = client
        .get(app.url(&format!("/cases/{case_id}/documents/{}", docs[0].id)))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap_or("")
            .starts_with("attachment")
    );
    assert_eq!(
        res.bytes().await.expect("body").as_ref(),
        b"%PDF-1.7 Gespreksverslag"
    );
    let exports = case_log(app, case_id, 100).await;
    assert!(exports.iter().any(|e| e.event.action == "export"));
}

/// When the organisation requires it, a worker's closure waits for the team lead's approval.
async fn closure_needs_team_lead_approval(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let api = reqwest::Client::new();
    let school = api_token(&app, "school").await;
    let res = api
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(&school)
        .json(&serde_json::json!({"given_name": "Sem", "family_name": "de Vries", "date_of_birth": "2016-09-01", "reason": "Vaak te laat.", "parents_agree": true,
            "guardians": [{"name": "Anne de Vries", "relation": "moeder", "has_gezag": true}]}))
        .send()
        .await
        .expect("req");
    let referral_id = res.json::<serde_json::Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let smw_user = app
        .store
        .user_by_username("smw")
        .await
        .expect("user")
        .expect("smw");
    let worker = app
        .store
        .worker_of_user(smw_user.id)
        .await
        .expect("worker")
        .expect("worker");
    let lead = api_token(&app, "teamleider").await;
    let res = api
        .post(app.url(&format!("/api/v1/referrals/{referral_id}/triage")))
        .bearer_auth(&lead)
        .json(
            &serde_json::json!({"decision": "accepted", "worker_id": worker.id,
            "version": app.store.referral(referral_id).await.expect("referral").version}),
        )
        .send()
        .await
        .expect("req");
    let case_id = res.json::<serde_json::Value>().await.expect("json")["case_id"]
        .as_i64()
        .expect("case");
    let case = app.store.case(case_id).await.expect("case");
    let mut settings = app
        .store
        .organisation_settings(case.organisation_id)
        .await
        .expect("settings");
    settings.closure_needs_approval = schakel_store::Flag(true);
    let mut tx = app.store.begin().await.expect("tx");
    tx.set_organisation_settings(case.organisation_id, &settings)
        .await
        .expect("settings");
    tx.commit().await.expect("commit");

    let smw = app.client();
    sign_in(&app, &smw, "smw", "schakel-demo").await;
    let token = csrf(&app, &smw).await;
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/close")))
        .form(&[
            ("csrf", token.as_str()),
            ("reason", "doelen_bereikt"),
            ("version", case.version.to_string().as_str()),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store.case(case_id).await.expect("case").status,
        "closure_requested"
    );
    // The worker cannot approve their own closure.
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/close/approve")))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403);
    let tl = app.client();
    sign_in(&app, &tl, "teamleider", "schakel-demo").await;
    let token = csrf(&app, &tl).await;
    let res = tl
        .post(app.url(&format!("/cases/{case_id}/close/approve")))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 303);
    let closed = app.store.case(case_id).await.expect("case");
    assert_eq!(closed.status, "closed");
    assert_eq!(closed.closure_reason.as_deref(), Some("doelen_bereikt"));
    app.shutdown().await;
}
on_both_backends!(closure_needs_team_lead_approval);

/// A second referral of a child the organisation already knows (same name, diacritics aside, and date of birth)
/// goes to the same child record: the school and class follow the new referral and carers it names that the
/// file does not have yet are added — nothing the school typed is lost, nobody is recorded twice.
async fn a_new_referral_of_a_known_child_keeps_what_it_adds(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = api_token(&app, "school").await;
    let refer = |class: &'static str, guardians: serde_json::Value| {
        let (app, school) = (&app, &school);
        async move {
            let res = reqwest::Client::new()
                .post(app.url("/api/v1/referrals"))
                .bearer_auth(school)
                .json(&serde_json::json!({
                    "given_name": "Noor", "family_name": "Çelik", "date_of_birth": "2015-09-12", "class_name": class,
                    "guardians": guardians, "reason": "Noor verzuimt veel.", "signals": ["verzuim"],
                    "urgency": "normaal", "parents_agree": true
                }))
                .send()
                .await
                .expect("req");
            assert_eq!(res.status(), 201);
            let id = res.json::<serde_json::Value>().await.expect("json")["id"]
                .as_i64()
                .expect("id");
            app.store.referral(id).await.expect("referral").child_id
        }
    };
    let first = refer(
        "groep 6",
        serde_json::json!([{"name": "Elif Çelik", "relation": "moeder", "has_gezag": true}]),
    )
    .await;
    let second = refer(
        "groep 7",
        serde_json::json!([
            {"name": "Elif Celik", "relation": "moeder", "has_gezag": true},
            {"name": "Hasan Çelik", "relation": "vader", "has_gezag": true}
        ]),
    )
    .await;
    assert_eq!(first, second, "one child record");
    let child = app.store.child(first).await.expect("child");
    assert_eq!(child.class_name, "groep 7");
    let carers: Vec<String> = app
        .store
        .guardians_of(first)
        .await
        .expect("guardians")
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(carers, ["Elif Çelik", "Hasan Çelik"]);

    // Accepting both referrals gives one case: the second joins the open case (one child, one file).
    let smw = api_token(&app, "smw").await;
    let referrals = app
        .store
        .list_referrals(&schakel_store::ReferralFilter {
            limit: 1000,
            ..Default::default()
        })
        .await
        .expect("referrals");
    let mut cases = Vec::new();
    for r in referrals.iter().filter(|r| r.child_id == first) {
        let res = reqwest::Client::new()
            .post(app.url(&format!("/api/v1/referrals/{}/triage", r.id)))
            .bearer_auth(&smw)
            .json(&serde_json::json!({"decision": "accepted", "version": r.version}))
            .send()
            .await
            .expect("req");
        assert_eq!(res.status(), 200);
        cases.push(res.json::<serde_json::Value>().await.expect("json")["case_id"].as_i64());
    }
    assert_eq!(cases.len(), 2);
    assert!(cases[0].is_some() && cases[0] == cases[1], "{cases:?}");
    let file = app
        .store
        .case_file(cases[0].expect("case"))
        .await
        .expect("file");
    assert!(file.events.iter().any(|e| e.kind == "referral"));
}
on_both_backends!(a_new_referral_of_a_known_child_keeps_what_it_adds);
