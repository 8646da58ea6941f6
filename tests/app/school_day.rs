//! The school's day (issue 11, items 8 and 9): what the school sees of what it sent, withdrawing a referral
//! before triage, and consultations answered from the social worker's home page.

use crate::on_both_backends;
use crate::support::{
    Backend, TestApp, api_token, as_role, assert_status, get_json, page_text, post_form, post_json,
    spawn_app,
};
use serde_json::{Value, json};

async fn refer(app: &TestApp, token: &str, given_name: &str, school_code: Option<&str>) -> i64 {
    let mut body = json!({
        "given_name": given_name, "family_name": "Intrekmans", "date_of_birth": "2016-03-04", "class_name": "groep 5",
        "guardians": [{"name": "Ria Intrekmans", "relation": "moeder", "has_gezag": true}],
        "reason": "Geheim: zorgen over de thuissituatie.", "signals": ["stemming"], "urgency": "normaal",
        "parents_agree": true
    });
    if let Some(code) = school_code {
        body["school_code"] = json!(code);
        body["source"] = json!("school");
    }
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("referral");
    let body = assert_status(res, 201, "referral").await;
    let v: Value = serde_json::from_str(&body).expect("json");
    v["id"].as_i64().expect("id")
}

/// The school withdraws a referral before triage, through the API and through the page; after triage it
/// cannot; the team lead no longer has it to triage; a referral of another school is not found.
async fn school_withdraws_before_triage(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = api_token(&app, "school").await;
    let lead = api_token(&app, "teamleider").await;
    let by_api = withdraw_through_the_api(&app, &school, &lead).await;
    let client = as_role(&app, "school").await;
    let by_page = withdraw_through_the_page(&app, &client, &school).await;

    // Neither is on the team lead's triage list (home page and `status=received`).
    let (_, waiting) = get_json(&app, &lead, "/api/v1/referrals?status=received").await;
    let ids: Vec<i64> = waiting["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert!(!ids.contains(&by_api) && !ids.contains(&by_page), "{ids:?}");
    let lead_client = as_role(&app, "teamleider").await;
    let home = page_text(&app, &lead_client, "/").await;
    assert!(!home.contains(&format!("/referrals/{by_api}\"")));
    assert!(!home.contains(&format!("/referrals/{by_page}\"")));

    let own = app
        .store
        .user_by_username("school")
        .await
        .expect("user")
        .expect("demo school contact")
        .school_id;
    no_withdrawal_after_triage(&app, &client, &school, &lead, own).await;
    no_withdrawal_of_another_schools_referral(&app, &client, &school, &lead, own).await;
    app.shutdown().await;
}
on_both_backends!(school_withdraws_before_triage);

/// Withdrawing through the API needs a reason, works once, and is logged; the team lead cannot triage it any
/// more. Returns the referral.
async fn withdraw_through_the_api(app: &TestApp, school: &str, lead: &str) -> i64 {
    let by_api = refer(app, school, "Wies", None).await;
    let (status, seen) = get_json(app, school, &format!("/api/v1/referrals/{by_api}")).await;
    assert_eq!(status, 200);
    assert_eq!(seen["status"], "received");
    assert_eq!(seen["can_withdraw"], true);
    assert!(seen["picked_up_by"].is_null(), "nobody picked it up yet");
    assert!(
        seen.get("reason").is_none(),
        "the school never sees the reason"
    );
    let withdraw = format!("/api/v1/referrals/{by_api}/withdraw");
    let (status, body) = post_json(app, school, &withdraw, json!({"reason": ""})).await;
    assert_eq!(status, 422, "a reason is needed: {body}");
    let (status, body) = post_json(
        app,
        school,
        &withdraw,
        json!({"reason": "Ouders zoeken eerst zelf hulp."}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let (_, seen) = get_json(app, school, &format!("/api/v1/referrals/{by_api}")).await;
    assert_eq!(seen["status"], "withdrawn");
    assert_eq!(seen["can_withdraw"], false);
    let (_, full) = get_json(app, lead, &format!("/api/v1/referrals/{by_api}")).await;
    assert_eq!(full["status"], "withdrawn");
    assert_eq!(full["decision_note"], "Ouders zoeken eerst zelf hulp.");
    // Withdrawing twice is refused.
    let (status, _) = post_json(app, school, &withdraw, json!({"reason": "nog eens"})).await;
    assert_eq!(status, 422);
    // The team lead cannot triage it any more.
    let (status, _) = post_json(
        app,
        lead,
        &format!("/api/v1/referrals/{by_api}/triage"),
        json!({"decision": "declined", "note": "x"}),
    )
    .await;
    assert_eq!(status, 422);
    // The withdrawal is in the access log.
    let log = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            username: Some("school".into()),
            limit: 5000,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(
        log.iter().any(|e| e.event.action == "change"
            && e.event.subject_kind == "referral"
            && e.event.subject_id.as_deref() == Some(by_api.to_string().as_str())),
        "the withdrawal is logged"
    );
    by_api
}

/// Withdrawing through the page: a form that needs a reason; afterwards shown as withdrawn, without the form.
/// Returns the referral.
async fn withdraw_through_the_page(app: &TestApp, client: &reqwest::Client, school: &str) -> i64 {
    let by_page = refer(app, school, "Jip", None).await;
    let html = page_text(app, client, &format!("/referrals/{by_page}")).await;
    assert!(
        html.contains(&format!("/referrals/{by_page}/withdraw")),
        "a withdraw form"
    );
    assert!(html.contains("Opgepakt door"), "who picked it up");
    assert!(
        html.contains("Geheim: zorgen"),
        "the school sees what it sent, in its own words"
    );
    let withdraw = format!("/referrals/{by_page}/withdraw");
    let res = post_form(app, client, &withdraw, &[("reason", "")]).await;
    assert_eq!(res.status(), 422, "a reason is needed");
    let res = post_form(
        app,
        client,
        &withdraw,
        &[("reason", "Verhuisd naar een andere stad.")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let html = page_text(app, client, &format!("/referrals/{by_page}")).await;
    assert!(html.contains("ingetrokken"), "shown as withdrawn");
    assert!(
        !html.contains(&format!("/referrals/{by_page}/withdraw")),
        "no withdraw form any more"
    );
    by_page
}

/// After triage, withdrawing is refused and the school sees who picked it up.
async fn no_withdrawal_after_triage(
    app: &TestApp,
    client: &reqwest::Client,
    school: &str,
    lead: &str,
    own: Option<i64>,
) {
    let triaged = refer(app, school, "Noor", None).await;
    let (_, r) = get_json(app, lead, &format!("/api/v1/referrals/{triaged}")).await;
    let worker_id = app
        .store
        .list_assignments(None, None, own)
        .await
        .expect("assignments")
        .into_iter()
        .find(|a| a.ends_on.is_none())
        .expect("a worker at the school")
        .worker_id;
    let (status, body) = post_json(
        app,
        lead,
        &format!("/api/v1/referrals/{triaged}/triage"),
        json!({"decision": "accepted", "version": r["version"], "worker_id": worker_id}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = post_json(
        app,
        school,
        &format!("/api/v1/referrals/{triaged}/withdraw"),
        json!({"reason": "Te laat bedacht."}),
    )
    .await;
    assert!(
        status == 422 || status == 409,
        "refused after triage: {status}"
    );
    let (_, seen) = get_json(app, school, &format!("/api/v1/referrals/{triaged}")).await;
    assert_eq!(seen["status"], "in_progress");
    assert_eq!(seen["can_withdraw"], false);
    let case_id = body["case_id"].as_i64().expect("a case");
    let (_, case) = get_json(app, lead, &format!("/api/v1/cases/{case_id}")).await;
    let worker = case["case"]["worker_name"]
        .as_str()
        .or_else(|| case["worker_name"].as_str())
        .expect("an assigned worker")
        .to_string();
    assert_eq!(seen["picked_up_by"], worker.as_str());
    let html = page_text(app, client, &format!("/referrals/{triaged}")).await;
    assert!(html.contains(&worker), "the page names who picked it up");
    assert!(
        !html.contains(&format!("/referrals/{triaged}/withdraw")),
        "no withdraw form after triage"
    );
    let home = page_text(app, client, "/").await;
    assert!(
        home.contains(&worker),
        "the school's home page names who picked it up"
    );
    let res = post_form(
        app,
        client,
        &format!("/referrals/{triaged}/withdraw"),
        &[("reason", "Te laat bedacht.")],
    )
    .await;
    let html = assert_status(res, 422, "refused after triage on the page too").await;
    assert!(html.contains("al beslist"), "the page says why");
}

/// A referral of another school: the school contact cannot withdraw it (not found), and it stays; a social
/// worker or team lead cannot withdraw (it is the school's act).
async fn no_withdrawal_of_another_schools_referral(
    app: &TestApp,
    client: &reqwest::Client,
    school: &str,
    lead: &str,
    own: Option<i64>,
) {
    let (_, schools) = get_json(app, lead, "/api/v1/schools").await;
    let other = schools["items"]
        .as_array()
        .expect("schools")
        .iter()
        .find(|s| s["id"].as_i64() != own)
        .expect("another school");
    let foreign = refer(app, lead, "Bo", other["code"].as_str()).await;
    let (status, _) = post_json(
        app,
        school,
        &format!("/api/v1/referrals/{foreign}/withdraw"),
        json!({"reason": "Niet van ons."}),
    )
    .await;
    assert_eq!(status, 404);
    let res = post_form(
        app,
        client,
        &format!("/referrals/{foreign}/withdraw"),
        &[("reason", "Niet van ons.")],
    )
    .await;
    assert_eq!(res.status(), 404);
    let (_, still) = get_json(app, lead, &format!("/api/v1/referrals/{foreign}")).await;
    assert_eq!(still["status"], "received");
    // A social worker or team lead cannot withdraw (it is the school's act).
    let (status, _) = post_json(
        app,
        lead,
        &format!("/api/v1/referrals/{foreign}/withdraw"),
        json!({"reason": "x"}),
    )
    .await;
    assert_eq!(status, 403);
}

/// The username of the school's social worker (a user who can sign in).
pub(crate) async fn school_worker_username(app: &TestApp, own: Option<i64>) -> String {
    for a in app
        .store
        .list_assignments(None, None, own)
        .await
        .expect("assignments")
        .into_iter()
        .filter(|a| a.ends_on.is_none())
    {
        let w = app.store.worker(a.worker_id).await.expect("worker");
        if let Some(uid) = w.user_id {
            return app.store.user(uid).await.expect("user").username;
        }
    }
    panic!("the school's worker can sign in");
}

/// A school's consultation request stays in the school's view; it is on the home page of the school's social
/// worker, who answers and closes it (API and page); the school sees the answer and it leaves the open list.
async fn worker_answers_consultations(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let own = app
        .store
        .user_by_username("school")
        .await
        .expect("user")
        .expect("demo school contact")
        .school_id;
    let worker_user = school_worker_username(&app, own).await;
    let school = as_role(&app, "school").await;
    let school_api = api_token(&app, "school").await;
    let (faalangst_id, ruzie_id) =
        school_asks_two_consultations(&app, &school, &school_api, own).await;

    // The worker's home page lists both open requests.
    let worker = as_role(&app, &worker_user).await;
    let home = page_text(&app, &worker, "/").await;
    assert!(
        home.contains(&format!("/consultations/{faalangst_id}/answer")),
        "listed on the home page"
    );
    assert!(home.contains(&format!("/consultations/{ruzie_id}/answer")));
    assert!(home.contains("klapt dicht bij elke toets"));

    let worker_api = api_token(&app, &worker_user).await;
    answer_through_the_api(&app, &worker_api, &school_api, faalangst_id, ruzie_id).await;
    answer_through_the_home_page(&app, &worker, ruzie_id).await;

    // Both have left the worker's open list.
    let home = page_text(&app, &worker, "/").await;
    assert!(!home.contains(&format!("/consultations/{faalangst_id}/answer")));
    assert!(!home.contains(&format!("/consultations/{ruzie_id}/answer")));
    let (_, open) = get_json(&app, &worker_api, "/api/v1/consultations?open=1").await;
    assert!(
        !open["items"].as_array().expect("items").iter().any(|c| {
            c["id"].as_i64() == Some(faalangst_id) || c["id"].as_i64() == Some(ruzie_id)
        })
    );

    // The school sees both answers.
    let list = page_text(&app, &school, "/referrals").await;
    assert!(list.contains("Oefen toetsen in een rustige ruimte"));
    assert!(list.contains("Maak pauzeafspraken met beide jongens"));
    let (_, mine) = get_json(&app, &school_api, "/api/v1/consultations").await;
    let answered = mine["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["id"].as_i64() == Some(faalangst_id))
        .expect("still in the school's view")
        .clone();
    assert_eq!(
        answered["advice"],
        "Oefen toetsen in een rustige ruimte; bespreek het met de ouders."
    );
    assert!(answered["closed_on"].is_string());
    app.shutdown().await;
}
on_both_backends!(worker_answers_consultations);

/// The school asks two consultations through its page; they stay in the school's view (page and API), waiting
/// for an answer. Returns the two requests (faalangst, ruzie).
async fn school_asks_two_consultations(
    app: &TestApp,
    school: &reqwest::Client,
    school_api: &str,
    own: Option<i64>,
) -> (i64, i64) {
    for (theme, question) in [
        (
            "Faalangst",
            "Een meisje in groep 7 klapt dicht bij elke toets. Hoe helpen we haar?",
        ),
        (
            "Ruzie op het plein",
            "Twee jongens in groep 5 vechten elke pauze. Wat kunnen we doen?",
        ),
    ] {
        let res = post_form(
            app,
            school,
            "/referrals",
            &[
                ("mode", "consultation"),
                ("theme", theme),
                ("question", question),
            ],
        )
        .await;
        assert_eq!(res.status(), 303);
    }
    // It stays in the school's view (page and API), waiting for an answer.
    let list = page_text(app, school, "/referrals").await;
    assert!(
        list.contains("klapt dicht bij elke toets"),
        "the school sees its question"
    );
    assert!(list.contains("wacht op antwoord"));
    let (status, mine) = get_json(app, school_api, "/api/v1/consultations").await;
    assert_eq!(status, 200, "{mine}");
    let mine = mine["items"].as_array().expect("items").clone();
    let faalangst = mine
        .iter()
        .find(|c| c["theme"] == "Faalangst")
        .expect("the school's request");
    assert!(faalangst["closed_on"].is_null());
    assert_eq!(
        faalangst["advice"], "",
        "the question is not stored as advice"
    );
    let faalangst_id = faalangst["id"].as_i64().expect("id");
    let ruzie_id = mine
        .iter()
        .find(|c| c["theme"] == "Ruzie op het plein")
        .and_then(|c| c["id"].as_i64())
        .expect("second request");
    // Every request the school sees is its own.
    assert!(mine.iter().all(|c| c["school_id"].as_i64() == own));
    (faalangst_id, ruzie_id)
}

/// Answer one through the API: advice is needed, a second answer is refused, the school cannot answer.
async fn answer_through_the_api(
    app: &TestApp,
    worker_api: &str,
    school_api: &str,
    faalangst_id: i64,
    ruzie_id: i64,
) {
    let (status, open) = get_json(app, worker_api, "/api/v1/consultations?open=1").await;
    assert_eq!(status, 200);
    assert!(
        open["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["id"].as_i64() == Some(faalangst_id))
    );
    let answer = format!("/api/v1/consultations/{faalangst_id}/answer");
    let (status, body) = post_json(app, worker_api, &answer, json!({"advice": ""})).await;
    assert_eq!(status, 422, "advice is needed: {body}");
    let (status, body) = post_json(
        app,
        worker_api,
        &answer,
        json!({"advice": "Oefen toetsen in een rustige ruimte; bespreek het met de ouders.", "minutes": 20}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["closed_on"].is_string());
    // Answered once; a second answer is refused.
    let (status, _) = post_json(app, worker_api, &answer, json!({"advice": "Nog iets."})).await;
    assert_eq!(status, 422);
    // The school cannot answer.
    let (status, _) = post_json(
        app,
        school_api,
        &format!("/api/v1/consultations/{ruzie_id}/answer"),
        json!({"advice": "zelf"}),
    )
    .await;
    assert_eq!(status, 403);
}

/// Answer the other through the home page: advice is needed.
async fn answer_through_the_home_page(app: &TestApp, worker: &reqwest::Client, ruzie_id: i64) {
    let answer = format!("/consultations/{ruzie_id}/answer");
    let res = post_form(app, worker, &answer, &[("advice", ""), ("minutes", "10")]).await;
    assert_eq!(res.status(), 422, "advice is needed");
    let res = post_form(
        app,
        worker,
        &answer,
        &[
            (
                "advice",
                "Maak pauzeafspraken met beide jongens en spreek de ouders samen.",
            ),
            ("minutes", "10"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
}

/// A parent's or a young person's own request for help at the school is not the school's to see: not in its
/// list (page and API), not by its number (page and API: not found). What the school itself sent it sees
/// back as sent — its own words, not the case file.
async fn school_sees_what_it_sent_and_not_what_families_asked(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = api_token(&app, "school").await;
    let lead = api_token(&app, "teamleider").await;
    let own = app
        .store
        .user_by_username("school")
        .await
        .expect("user")
        .expect("demo school contact")
        .school_id
        .expect("school of the contact");
    let code = app.store.school(own).await.expect("school").code;
    let mut foreign_to_school = Vec::new();
    for (given_name, source) in [("Zelfmelder", "youth"), ("Oudermelder", "parent")] {
        let body = json!({
            "given_name": given_name, "family_name": "Vertrouwelijk", "date_of_birth": "2012-05-06",
            "class_name": "klas 2", "school_code": code, "source": source, "referrer_name": "zelf",
            "guardians": [{"name": "Ans Vertrouwelijk", "relation": "moeder", "has_gezag": true}],
            "reason": "Wil niet dat school dit weet.", "signals": ["stemming"], "urgency": "normaal",
            "parents_agree": true
        });
        let (status, created) = post_json(&app, &lead, "/api/v1/referrals", body).await;
        assert_eq!(status, 201, "{created}");
        foreign_to_school.push(created["id"].as_i64().expect("id"));
    }
    let sent = refer(&app, &school, "Eigenwijs", None).await;

    let (_, list) = get_json(&app, &school, "/api/v1/referrals").await;
    let ids: Vec<i64> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert!(ids.contains(&sent), "{ids:?}");
    let client = as_role(&app, "school").await;
    let page = page_text(&app, &client, "/referrals").await;
    assert!(page.contains("Eigenwijs"));
    for id in &foreign_to_school {
        assert!(!ids.contains(id), "{id} in {ids:?}");
        let (status, _) = get_json(&app, &school, &format!("/api/v1/referrals/{id}")).await;
        assert_eq!(status, 404);
        let res = client
            .get(app.url(&format!("/referrals/{id}")))
            .send()
            .await
            .expect("page");
        assert_eq!(res.status(), 404);
        // The school's worker and the team lead do see it.
        let (status, _) = get_json(&app, &lead, &format!("/api/v1/referrals/{id}")).await;
        assert_eq!(status, 200);
    }
    assert!(!page.contains("Zelfmelder") && !page.contains("Oudermelder"));

    // What the school sent, as sent, at both doors.
    let (_, own_referral) = get_json(&app, &school, &format!("/api/v1/referrals/{sent}")).await;
    assert_eq!(
        own_referral["sent"]["reason"],
        "Geheim: zorgen over de thuissituatie."
    );
    assert_eq!(own_referral["sent"]["signals"], json!(["stemming"]));
    assert!(own_referral.get("case_id").is_none(), "{own_referral}");
    let detail = page_text(&app, &client, &format!("/referrals/{sent}")).await;
    assert!(detail.contains("Geheim: zorgen over de thuissituatie."));
    app.shutdown().await;
}
on_both_backends!(school_sees_what_it_sent_and_not_what_families_asked);

async fn put_json(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let res = reqwest::Client::new()
        .put(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("put");
    let status = res.status().as_u16();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// The school corrects what it sent before triage, at both doors: every bad field named at once, a stale
/// version refused (409), the correction shown back; after triage it is refused (422); the team lead may not
/// correct the school's words (403).
async fn school_corrects_before_triage(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = api_token(&app, "school").await;
    let lead = api_token(&app, "teamleider").await;
    let id = refer(&app, &school, "Verbeter", None).await;
    let path = format!("/api/v1/referrals/{id}");
    let (_, seen) = get_json(&app, &school, &path).await;
    let version = seen["version"].as_i64().expect("version");

    let (status, body) = put_json(
        &app,
        &school,
        &path,
        json!({"reason": "", "signals": ["geen_bestaand_signaal"], "urgency": "morgen", "version": version}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    for field in ["reason", "signals", "urgency"] {
        assert!(fields.contains(&field), "{field} in {fields:?}");
    }
    let corrected = json!({"reason": "Verbeterd: vooral somber sinds de zomer.", "signals": ["stemming"], "urgency": "snel", "version": version});
    let (status, body) = put_json(&app, &lead, &path, corrected.clone()).await;
    assert_eq!(status, 403, "{body}");
    let (status, body) = put_json(&app, &school, &path, corrected.clone()).await;
    assert_eq!(status, 204, "{body}");
    let (status, _) = put_json(&app, &school, &path, corrected).await;
    assert_eq!(status, 409, "the same version twice is stale");
    let (_, seen) = get_json(&app, &school, &path).await;
    assert_eq!(
        seen["sent"]["reason"],
        "Verbeterd: vooral somber sinds de zomer."
    );
    assert_eq!(seen["sent"]["urgency"], "snel");
    let (_, full) = get_json(&app, &lead, &path).await;
    assert_eq!(full["reason"], "Verbeterd: vooral somber sinds de zomer.");

    // The page: the form is filled with what was sent; a correction saves and says so.
    let client = as_role(&app, "school").await;
    let page = page_text(&app, &client, &format!("/referrals/{id}")).await;
    assert!(page.contains(&format!("/referrals/{id}/correct")));
    let version = full["version"].as_i64().expect("version").to_string();
    let res = post_form(
        &app,
        &client,
        &format!("/referrals/{id}/correct"),
        &[
            ("reason", ""),
            ("urgency", "normaal"),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(res.status(), 422, "an empty reason is refused on the page");
    let res = post_form(
        &app,
        &client,
        &format!("/referrals/{id}/correct"),
        &[
            ("reason", "Via de pagina verbeterd."),
            ("signals", "stemming"),
            ("urgency", "normaal"),
            ("version", &version),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let page = page_text(&app, &client, &format!("/referrals/{id}?saved=1")).await;
    assert!(
        page.contains("Via de pagina verbeterd.") && page.contains("De verbetering is opgeslagen.")
    );

    // After triage the school's words are what the team decided on: no more corrections.
    let (_, r) = get_json(&app, &lead, &path).await;
    let (status, body) = post_json(
        &app,
        &lead,
        &format!("{path}/triage"),
        json!({"decision": "declined", "note": "Eerst een consultatie.", "version": r["version"]}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, seen) = get_json(&app, &school, &path).await;
    let (status, body) = put_json(
        &app,
        &school,
        &path,
        json!({"reason": "Te laat.", "signals": [], "urgency": "normaal", "version": seen["version"]}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    app.shutdown().await;
}
on_both_backends!(school_corrects_before_triage);
