//! An organisation's own casework settings and lists, and its time per school.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, as_role, spawn_app};

/// An organisation keeps its own casework settings and lists: the functional admin changes them (a stale change
/// is refused, a wrong one changes nothing), referrals take signals from the new list only, earlier terms stay
/// readable.
async fn casework_configuration_per_organisation(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let api = reqwest::Client::new();
    let admin = api_token(&app, "beheer").await;
    let org = app
        .store
        .user_by_username("beheer")
        .await
        .expect("user")
        .expect("beheer")
        .organisation_id
        .expect("an organisation");
    let url = app.url(&format!("/api/v1/organisations/{org}/casework"));
    let get = |token: String| {
        let (api, url) = (api.clone(), url.clone());
        async move { api.get(&url).bearer_auth(token).send().await.expect("get") }
    };
    let before: serde_json::Value = get(admin.clone()).await.json().await.expect("json");
    let active = |v: &serde_json::Value, list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .expect("list")
            .iter()
            .filter(|t| t["active"] == true)
            .map(|t| t["code"].as_str().expect("code").to_string())
            .collect()
    };
    assert!(
        active(&before, "signals").contains(&"pesten".to_string()),
        "defaults: {before}"
    );
    assert_eq!(active(&before, "goal_themes").len(), 9);
    let version = before["version"].as_i64().expect("version");

    let change = |version: i64, weeks: i64, signals: &[&str]| {
        serde_json::json!({
            "version": version, "case_prefix": "ww", "review_weeks": weeks, "closure_needs_approval": true,
            "mandate_needs_approval": false, "gas_min": -2,
            "signals": signals, "goal_themes": ["Welbevinden", "Schoolgang", "Meedoen / vrije tijd"],
        })
    };
    // Saving the lists as they are keeps every code (labels like "stemming / somber" keep `stemming`).
    let labels = |v: &serde_json::Value, list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .expect("list")
            .iter()
            .filter(|t| t["active"] == true)
            .map(|t| t["label"].as_str().expect("label").to_string())
            .collect()
    };
    let unchanged = api
        .put(&url)
        .bearer_auth(&admin)
        .json(&serde_json::json!({
            "version": version, "case_prefix": before["settings"]["case_prefix"], "review_weeks": 6,
            "gas_min": -2, "signals": labels(&before, "signals"), "goal_themes": labels(&before, "goal_themes"),
        }))
        .send()
        .await
        .expect("put");
    assert_eq!(unchanged.status(), 200);
    let unchanged: serde_json::Value = unchanged.json().await.expect("json");
    assert_eq!(active(&unchanged, "signals"), active(&before, "signals"));
    assert_eq!(
        active(&unchanged, "goal_themes"),
        active(&before, "goal_themes")
    );
    let version = unchanged["version"].as_i64().expect("version");
    let saved = api
        .put(&url)
        .bearer_auth(&admin)
        .json(&change(version, 4, &["Gedrag", "Pesten", "Schulden thuis"]))
        .send()
        .await
        .expect("put");
    assert_eq!(saved.status(), 200);
    let saved: serde_json::Value = saved.json().await.expect("json");
    assert_eq!(
        active(&saved, "signals"),
        ["gedrag", "pesten", "schulden_thuis"]
    );
    assert_eq!(saved["settings"]["review_weeks"], 4);
    assert_eq!(saved["settings"]["case_prefix"], "WW");
    let stemming = saved["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .find(|t| t["code"] == "stemming")
        .expect("a retired term is kept");
    assert_eq!(stemming["active"], false);

    // A change based on the old version is refused and shows the newer content; nothing changes.
    let stale = api
        .put(&url)
        .bearer_auth(&admin)
        .json(&change(version, 8, &["Gedrag"]))
        .send()
        .await
        .expect("put");
    assert_eq!(stale.status(), 409);
    let body: serde_json::Value = stale.json().await.expect("problem");
    assert_eq!(body["current"]["settings"]["review_weeks"], 4, "{body}");
    // Wrong input: every wrong field named, nothing stored.
    let wrong = api
        .put(&url)
        .bearer_auth(&admin)
        .json(&change(
            saved["version"].as_i64().expect("v"),
            0,
            &["Pesten", "pesten"],
        ))
        .send()
        .await
        .expect("put");
    assert_eq!(wrong.status(), 422);
    let problem = wrong.text().await.expect("text");
    assert!(
        problem.contains("review_weeks") && problem.contains("signals"),
        "{problem}"
    );
    let now: serde_json::Value = get(admin.clone()).await.json().await.expect("json");
    assert_eq!(now["version"], saved["version"]);
    assert_eq!(
        active(&now, "signals"),
        ["gedrag", "pesten", "schulden_thuis"]
    );

    referrals_take_signals_from_the_list(&app).await;
    // Only the functional admin of the organisation itself.
    assert_eq!(get(api_token(&app, "smw").await).await.status(), 403);
    the_page_shows_the_lists(&app, org).await;
    app.shutdown().await;
}
on_both_backends!(casework_configuration_per_organisation);

/// Referrals take signals from the organisation's list: a new term is accepted, a retired one refused.
async fn referrals_take_signals_from_the_list(app: &TestApp) {
    let api = reqwest::Client::new();
    let school = api_token(app, "school").await;
    let refer = |signal: &str| {
        serde_json::json!({
            "given_name": "Noor", "family_name": "de Wit", "date_of_birth": "2015-02-03", "class_name": "groep 7",
            "guardians": [{"name": "Eva de Wit", "relation": "moeder", "has_gezag": true}],
            "reason": "Zorgen thuis over geld.", "signals": [signal], "urgency": "normaal", "parents_agree": true
        })
    };
    let refused = api
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(&school)
        .json(&refer("stemming"))
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), 422, "a retired signal is refused");
    let accepted = api
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(&school)
        .json(&refer("schulden_thuis"))
        .send()
        .await
        .expect("post");
    assert_eq!(
        accepted.status(),
        201,
        "a new signal of the organisation's list"
    );
}

/// The page shows the lists as editable text.
async fn the_page_shows_the_lists(app: &TestApp, org: i64) {
    let web = as_role(app, "beheer").await;
    let page = web
        .get(app.url(&format!("/organisations/{org}/casework")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(
        html.contains("Schulden thuis") && html.contains("Signalen niet meer in de lijst"),
        "page shows lists"
    );
}

/// Indirect time goes with the case and so with its school; time per school adds direct, indirect and
/// consultation time over a period, for the worker's own work or the team lead's organisation.
async fn indirect_time_counts_per_case_and_school(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    use schakel_web::Clock;
    let now = app.clock.now();
    let today = now.date_naive();
    schakel_demo::seed::casework::seed_demo(&app.store, today, now)
        .await
        .expect("demo casework");
    let api = reqwest::Client::new();
    let smw = api_token(&app, "smw").await;
    let cases: serde_json::Value = api
        .get(app.url("/api/v1/cases"))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("cases")
        .json()
        .await
        .expect("json");
    let case = &cases["items"][0];
    let (case_id, school_id) = (
        case["id"].as_i64().expect("id"),
        case["school_id"].as_i64().expect("school"),
    );
    let file = |token: String| {
        let api = api.clone();
        let url = app.url(&format!("/api/v1/cases/{case_id}"));
        async move {
            let v: serde_json::Value = api
                .get(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("file")
                .json()
                .await
                .expect("json");
            v["indirect_minutes"].as_i64().expect("indirect minutes")
        }
    };
    let per_school = |token: String, query: &'static str| {
        let api = api.clone();
        let url = app.url(&format!("/api/v1/time-per-school{query}"));
        async move {
            let res = api.get(url).bearer_auth(token).send().await.expect("time");
            let status = res.status();
            let v: serde_json::Value = res.json().await.expect("json");
            (status, v)
        }
    };
    let indirect_at = |v: &serde_json::Value| {
        v["schools"]
            .as_array()
            .expect("schools")
            .iter()
            .find(|s| s["school_id"] == school_id)
            .map(|s| s["indirect_minutes"].as_i64().expect("minutes"))
            .unwrap_or_else(|| panic!("school {school_id} not in {v}"))
    };
    let before_case = file(smw.clone()).await;
    let (status, before) = per_school(smw.clone(), "").await;
    assert_eq!(status, 200);

    let record = |body: serde_json::Value| {
        let api = api.clone();
        let url = app.url(&format!("/api/v1/cases/{case_id}/time"));
        let token = smw.clone();
        async move {
            api.post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("post")
                .status()
        }
    };
    let day = today.to_string();
    assert_eq!(
        record(serde_json::json!({"spent_on": day, "minutes": 45, "activity": "netwerk", "note": "afstemming wijkteam"})).await,
        201
    );
    assert_eq!(
        record(serde_json::json!({"spent_on": day, "minutes": 45, "activity": "koffie"})).await,
        422
    );
    assert_eq!(
        record(serde_json::json!({"spent_on": day, "minutes": 0, "activity": "netwerk"})).await,
        422
    );
    assert_eq!(
        record(serde_json::json!({"spent_on": "2000-01-03", "minutes": 10, "activity": "netwerk"}))
            .await,
        422,
        "before the case was opened"
    );
    let tomorrow = (today + chrono::Duration::days(1)).to_string();
    assert_eq!(
        record(serde_json::json!({"spent_on": tomorrow, "minutes": 10, "activity": "netwerk"}))
            .await,
        422
    );

    assert_eq!(
        file(smw.clone()).await,
        before_case + 45,
        "the case file counts it"
    );
    let (_, after) = per_school(smw.clone(), "").await;
    assert_eq!(
        indirect_at(&after),
        indirect_at(&before) + 45,
        "and its school"
    );
    let lead = api_token(&app, "teamleider").await;
    let (status, org) = per_school(lead, "").await;
    assert_eq!(status, 200);
    assert!(
        indirect_at(&org) >= indirect_at(&after),
        "the team lead sees the organisation"
    );
    let (_, long_ago) = per_school(smw.clone(), "?from=2000-01-01&until=2000-12-31").await;
    assert!(
        long_ago["schools"]
            .as_array()
            .expect("schools")
            .iter()
            .all(|s| s["indirect_minutes"] == 0 && s["direct_minutes"] == 0),
        "outside the period nothing counts: {long_ago}"
    );
    let (status, _) = per_school(smw.clone(), "?from=2026-12-01&until=2026-01-01").await;
    assert_eq!(status, 422, "a period that ends before it starts");
    assert_eq!(per_school(api_token(&app, "school").await, "").await.0, 403);
    app.shutdown().await;
}
on_both_backends!(indirect_time_counts_per_case_and_school);

/// A worker books time at a school outside any case file (presence, walk-in hour, care-team meeting) at both
/// doors: every wrong field at once, only at a school they work at, and it counts for the school's time.
async fn school_time_is_booked_at_both_doors(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let user = app
        .store
        .user_by_username("smw")
        .await
        .expect("user")
        .expect("smw");
    let worker = app
        .store
        .worker_of_user(user.id)
        .await
        .expect("worker")
        .expect("smw is a worker");
    let assignments = app
        .store
        .list_assignments(None, Some(worker.id), None)
        .await
        .expect("assignments");
    let school = assignments
        .iter()
        .find(|a| a.ends_on.is_none())
        .expect("an assignment")
        .school_id;
    let elsewhere = app
        .store
        .list_assignments(None, None, None)
        .await
        .expect("all")
        .iter()
        .map(|a| a.school_id)
        .find(|s| !assignments.iter().any(|a| a.school_id == *s))
        .expect("a school smw does not work at");
    let today = chrono::Utc::now().date_naive().to_string();
    let api = reqwest::Client::new();
    let smw = api_token(&app, "smw").await;
    let post = |body: serde_json::Value| {
        api.post(app.url("/api/v1/time/school"))
            .bearer_auth(&smw)
            .json(&body)
            .send()
    };
    let wrong = post(serde_json::json!({"school_id": elsewhere, "spent_on": "2099-01-01", "minutes": 0, "activity": "koffie"}))
        .await
        .expect("post");
    assert_eq!(wrong.status(), 422);
    let text = wrong.text().await.expect("problem");
    for field in ["spent_on", "minutes", "activity"] {
        assert!(
            text.contains(&format!("\"{field}\"")),
            "{field} named: {text}"
        );
    }
    let not_there = post(serde_json::json!({"school_id": elsewhere, "spent_on": today, "minutes": 60, "activity": "aanwezig"}))
        .await
        .expect("post");
    assert_eq!(not_there.status(), 422, "a school smw does not work at");
    assert!(
        not_there
            .text()
            .await
            .expect("problem")
            .contains("school_id")
    );
    let booked = post(serde_json::json!({"school_id": school, "spent_on": today, "minutes": 90, "activity": "overleg_school", "note": "zorgteam"}))
        .await
        .expect("post");
    assert_eq!(booked.status(), 201);

    // The page: the same rule, what was typed kept; then a booking that is saved.
    let web = as_role(&app, "smw").await;
    let refused = crate::support::post_form(
        &app,
        &web,
        "/time/school",
        &[
            ("school_id", &school.to_string()),
            ("spent_on", &today),
            ("minutes", "veel"),
            ("activity", "aanwezig"),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.expect("html");
    assert!(
        html.contains("href=\"#f-minutes\"") && html.contains("value=\"veel\""),
        "minutes named, input kept"
    );
    let saved = crate::support::post_form(
        &app,
        &web,
        "/time/school",
        &[
            ("school_id", &school.to_string()),
            ("spent_on", &today),
            ("minutes", "240"),
            ("activity", "aanwezig"),
        ],
    )
    .await;
    assert!(
        saved.status().is_redirection() || saved.status() == 200,
        "{}",
        saved.status()
    );
    let (_, time) = crate::support::get_json(&app, &smw, "/api/v1/time-per-school").await;
    let row = time["schools"]
        .as_array()
        .expect("schools")
        .iter()
        .find(|s| s["school_id"] == school)
        .cloned()
        .expect("the school");
    assert_eq!(row["school_minutes"], 330, "{row}");
    for role in ["school", "gemeente"] {
        let token = api_token(&app, role).await;
        let res = api
            .post(app.url("/api/v1/time/school"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"school_id": school, "spent_on": today, "minutes": 60, "activity": "aanwezig"}))
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), 403, "{role}");
    }
    app.shutdown().await;
}
on_both_backends!(school_time_is_booked_at_both_doors);
