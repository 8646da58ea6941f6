//! The school's day (issue 11, items 8 and 9): what the school sees of what it sent, withdrawing a referral
//! before triage, and consultations answered from the social worker's home page.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, csrf, get_json, post_json, sign_in, spawn_app};
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
    assert_eq!(
        res.status(),
        201,
        "{}",
        res.text().await.unwrap_or_default()
    );
    let v: Value = res.json().await.expect("json");
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

    // Through the API.
    let by_api = refer(&app, &school, "Wies", None).await;
    let (status, seen) = get_json(&app, &school, &format!("/api/v1/referrals/{by_api}")).await;
    assert_eq!(status, 200);
    assert_eq!(seen["status"], "received");
    assert_eq!(seen["can_withdraw"], true);
    assert!(seen["picked_up_by"].is_null(), "nobody picked it up yet");
    assert!(
        seen.get("reason").is_none(),
        "the school never sees the reason"
    );
    let (status, body) = post_json(
        &app,
        &school,
        &format!("/api/v1/referrals/{by_api}/withdraw"),
        json!({"reason": ""}),
    )
    .await;
    assert_eq!(status, 422, "a reason is needed: {body}");
    let (status, body) = post_json(
        &app,
        &school,
        &format!("/api/v1/referrals/{by_api}/withdraw"),
        json!({"reason": "Ouders zoeken eerst zelf hulp."}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let (_, seen) = get_json(&app, &school, &format!("/api/v1/referrals/{by_api}")).await;
    assert_eq!(seen["status"], "withdrawn");
    assert_eq!(seen["can_withdraw"], false);
    let (_, full) = get_json(&app, &lead, &format!("/api/v1/referrals/{by_api}")).await;
    assert_eq!(full["status"], "withdrawn");
    assert_eq!(full["decision_note"], "Ouders zoeken eerst zelf hulp.");
    // Withdrawing twice is refused.
    let (status, _) = post_json(
        &app,
        &school,
        &format!("/api/v1/referrals/{by_api}/withdraw"),
        json!({"reason": "nog eens"}),
    )
    .await;
    assert_eq!(status, 422);
    // The team lead cannot triage it any more.
    let (status, _) = post_json(
        &app,
        &lead,
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

    // Through the page.
    let by_page = refer(&app, &school, "Jip", None).await;
    let client = app.client();
    sign_in(&app, &client, "school", "schakel-demo").await;
    let html = client
        .get(app.url(&format!("/referrals/{by_page}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains(&format!("/referrals/{by_page}/withdraw")),
        "a withdraw form"
    );
    assert!(html.contains("Opgepakt door"), "who picked it up");
    assert!(
        !html.contains("Geheim: zorgen"),
        "the school never sees the reason"
    );
    let token = csrf(&app, &client).await;
    let res = client
        .post(app.url(&format!("/referrals/{by_page}/withdraw")))
        .form(&[("csrf", token.as_str()), ("reason", "")])
        .send()
        .await
        .expect("withdraw");
    assert_eq!(res.status(), 422, "a reason is needed");
    let res = client
        .post(app.url(&format!("/referrals/{by_page}/withdraw")))
        .form(&[
            ("csrf", token.as_str()),
            ("reason", "Verhuisd naar een andere stad."),
        ])
        .send()
        .await
        .expect("withdraw");
    assert_eq!(res.status(), 303);
    let html = client
        .get(app.url(&format!("/referrals/{by_page}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains("ingetrokken"), "shown as withdrawn");
    assert!(
        !html.contains(&format!("/referrals/{by_page}/withdraw")),
        "no withdraw form any more"
    );

    // Neither is on the team lead's triage list (home page and `status=received`).
    let (_, waiting) = get_json(&app, &lead, "/api/v1/referrals?status=received").await;
    let ids: Vec<i64> = waiting["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|r| r["id"].as_i64())
        .collect();
    assert!(!ids.contains(&by_api) && !ids.contains(&by_page), "{ids:?}");
    let lead_client = app.client();
    sign_in(&app, &lead_client, "teamleider", "schakel-demo").await;
    let home = lead_client
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    assert!(!home.contains(&format!("/referrals/{by_api}\"")));
    assert!(!home.contains(&format!("/referrals/{by_page}\"")));

    // After triage, withdrawing is refused and the school sees who picked it up.
    let triaged = refer(&app, &school, "Noor", None).await;
    let (_, r) = get_json(&app, &lead, &format!("/api/v1/referrals/{triaged}")).await;
    let own = app
        .store
        .user_by_username("school")
        .await
        .expect("user")
        .expect("demo school contact")
        .school_id;
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
        &app,
        &lead,
        &format!("/api/v1/referrals/{triaged}/triage"),
        json!({"decision": "accepted", "version": r["version"], "worker_id": worker_id}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = post_json(
        &app,
        &school,
        &format!("/api/v1/referrals/{triaged}/withdraw"),
        json!({"reason": "Te laat bedacht."}),
    )
    .await;
    assert!(
        status == 422 || status == 409,
        "refused after triage: {status}"
    );
    let (_, seen) = get_json(&app, &school, &format!("/api/v1/referrals/{triaged}")).await;
    assert_eq!(seen["status"], "in_progress");
    assert_eq!(seen["can_withdraw"], false);
    let case_id = body["case_id"].as_i64().expect("a case");
    let (_, case) = get_json(&app, &lead, &format!("/api/v1/cases/{case_id}")).await;
    let worker = case["case"]["worker_name"]
        .as_str()
        .or_else(|| case["worker_name"].as_str())
        .expect("an assigned worker")
        .to_string();
    assert_eq!(seen["picked_up_by"], worker.as_str());
    let html = client
        .get(app.url(&format!("/referrals/{triaged}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("body");
    assert!(html.contains(&worker), "the page names who picked it up");
    assert!(
        !html.contains(&format!("/referrals/{triaged}/withdraw")),
        "no withdraw form after triage"
    );
    let home = client
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    assert!(
        home.contains(&worker),
        "the school's home page names who picked it up"
    );
    let res = client
        .post(app.url(&format!("/referrals/{triaged}/withdraw")))
        .form(&[("csrf", token.as_str()), ("reason", "Te laat bedacht.")])
        .send()
        .await
        .expect("withdraw");
    assert_eq!(res.status(), 422, "refused after triage on the page too");
    let html = res.text().await.expect("body");
    assert!(html.contains("al beslist"), "the page says why");

    // A referral of another school: the school contact cannot withdraw it (not found), and it stays.
    let (_, schools) = get_json(&app, &lead, "/api/v1/schools").await;
    let other = schools["items"]
        .as_array()
        .expect("schools")
        .iter()
        .find(|s| s["id"].as_i64() != own)
        .expect("another school");
    let foreign = refer(&app, &lead, "Bo", other["code"].as_str()).await;
    let (status, _) = post_json(
        &app,
        &school,
        &format!("/api/v1/referrals/{foreign}/withdraw"),
        json!({"reason": "Niet van ons."}),
    )
    .await;
    assert_eq!(status, 404);
    let res = client
        .post(app.url(&format!("/referrals/{foreign}/withdraw")))
        .form(&[("csrf", token.as_str()), ("reason", "Niet van ons.")])
        .send()
        .await
        .expect("withdraw");
    assert_eq!(res.status(), 404);
    let (_, still) = get_json(&app, &lead, &format!("/api/v1/referrals/{foreign}")).await;
    assert_eq!(still["status"], "received");
    // A social worker or team lead cannot withdraw (it is the school's act).
    let (status, _) = post_json(
        &app,
        &lead,
        &format!("/api/v1/referrals/{foreign}/withdraw"),
        json!({"reason": "x"}),
    )
    .await;
    assert_eq!(status, 403);
    app.shutdown().await;
}
on_both_backends!(school_withdraws_before_triage);

/// A school's consultation request stays in the school's view; it is on the home page of the school's social
/// worker, who answers and closes it (API and page); the school sees the answer and it leaves the open list.
async fn worker_answers_consultations(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    // The school's social worker (a user who can sign in).
    let own = app
        .store
        .user_by_username("school")
        .await
        .expect("user")
        .expect("demo school contact")
        .school_id;
    let mut worker_user = None;
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
            worker_user = Some(app.store.user(uid).await.expect("user").username);
            break;
        }
    }
    let worker_user = worker_user.expect("the school's worker can sign in");

    // The school asks two consultations through its page.
    let school = app.client();
    sign_in(&app, &school, "school", "schakel-demo").await;
    let token = csrf(&app, &school).await;
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
        let res = school
            .post(app.url("/referrals"))
            .form(&[
                ("csrf", token.as_str()),
                ("mode", "consultation"),
                ("theme", theme),
                ("question", question),
            ])
            .send()
            .await
            .expect("consultation");
        assert_eq!(res.status(), 303);
    }
    // It stays in the school's view (page and API), waiting for an answer.
    let list = school
        .get(app.url("/referrals"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("body");
    assert!(
        list.contains("klapt dicht bij elke toets"),
        "the school sees its question"
    );
    assert!(list.contains("wacht op antwoord"));
    let school_api = api_token(&app, "school").await;
    let (status, mine) = get_json(&app, &school_api, "/api/v1/consultations").await;
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

    // The worker's home page lists both open requests.
    let worker = app.client();
    sign_in(&app, &worker, &worker_user, "schakel-demo").await;
    let home = worker
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    assert!(
        home.contains(&format!("/consultations/{faalangst_id}/answer")),
        "listed on the home page"
    );
    assert!(home.contains(&format!("/consultations/{ruzie_id}/answer")));
    assert!(home.contains("klapt dicht bij elke toets"));

    // Answer one through the API.
    let worker_api = api_token(&app, &worker_user).await;
    let (status, open) = get_json(&app, &worker_api, "/api/v1/consultations?open=1").await;
    assert_eq!(status, 200);
    assert!(
        open["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|c| c["id"].as_i64() == Some(faalangst_id))
    );
    let (status, body) = post_json(
        &app,
        &worker_api,
        &format!("/api/v1/consultations/{faalangst_id}/answer"),
        json!({"advice": ""}),
    )
    .await;
    assert_eq!(status, 422, "advice is needed: {body}");
    let (status, body) = post_json(
        &app,
        &worker_api,
        &format!("/api/v1/consultations/{faalangst_id}/answer"),
        json!({"advice": "Oefen toetsen in een rustige ruimte; bespreek het met de ouders.", "minutes": 20}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["closed_on"].is_string());
    // Answered once; a second answer is refused.
    let (status, _) = post_json(
        &app,
        &worker_api,
        &format!("/api/v1/consultations/{faalangst_id}/answer"),
        json!({"advice": "Nog iets."}),
    )
    .await;
    assert_eq!(status, 422);
    // The school cannot answer.
    let (status, _) = post_json(
        &app,
        &school_api,
        &format!("/api/v1/consultations/{ruzie_id}/answer"),
        json!({"advice": "zelf"}),
    )
    .await;
    assert_eq!(status, 403);

    // Answer the other through the home page.
    let token = csrf(&app, &worker).await;
    let res = worker
        .post(app.url(&format!("/consultations/{ruzie_id}/answer")))
        .form(&[("csrf", token.as_str()), ("advice", ""), ("minutes", "10")])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 422, "advice is needed");
    let res = worker
        .post(app.url(&format!("/consultations/{ruzie_id}/answer")))
        .form(&[
            ("csrf", token.as_str()),
            (
                "advice",
                "Maak pauzeafspraken met beide jongens en spreek de ouders samen.",
            ),
            ("minutes", "10"),
        ])
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 303);

    // Both have left the worker's open list.
    let home = worker
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    assert!(!home.contains(&format!("/consultations/{faalangst_id}/answer")));
    assert!(!home.contains(&format!("/consultations/{ruzie_id}/answer")));
    let (_, open) = get_json(&app, &worker_api, "/api/v1/consultations?open=1").await;
    assert!(
        !open["items"].as_array().expect("items").iter().any(|c| {
            c["id"].as_i64() == Some(faalangst_id) || c["id"].as_i64() == Some(ruzie_id)
        })
    );

    // The school sees both answers.
    let list = school
        .get(app.url("/referrals"))
        .send()
        .await
        .expect("list")
        .text()
        .await
        .expect("body");
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
