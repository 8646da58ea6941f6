//! Contract hours per worker (issue 11): set through the API within 0–40 hours a week, and the team lead sees a
//! warning when a worker's fixed hours exceed the contract.
use crate::on_both_backends;
use crate::support::{Backend, api_token, as_role, assert_status, page_text, post_form, spawn_app};
use serde_json::json;

async fn contract_hours_are_kept_and_warned_about(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let beheer = api_token(&app, "beheer").await;
    let api = reqwest::Client::new();
    let workers: serde_json::Value = api
        .get(app.url("/api/v1/workers"))
        .bearer_auth(&beheer)
        .send()
        .await
        .expect("workers")
        .json()
        .await
        .expect("json");
    // Bram de Groot: 36 fixed hours a week in the demo, a 36-hour contract.
    let bram = workers
        .as_array()
        .expect("a list")
        .iter()
        .find(|w| w["name"] == "Bram de Groot")
        .expect("Bram de Groot")
        .clone();
    assert_eq!(bram["contract_hours"], 36.0);
    let id = bram["id"].as_i64().expect("id");
    let put = |body: serde_json::Value| {
        api.put(app.url(&format!("/api/v1/workers/{id}")))
            .bearer_auth(&beheer)
            .json(&body)
            .send()
    };
    let mut body = json!({
        "name": bram["name"],
        "email": bram["email"],
        "team_id": bram["team_id"],
        "registration_number": bram["registration_number"],
        "may_authorise_youth_care": false,
        "active": true,
        "contract_hours": 41,
        "version": bram["version"],
    });
    let res = put(body.clone()).await.expect("put");
    assert_eq!(res.status(), 422);
    let problem: serde_json::Value = res.json().await.expect("problem");
    assert!(
        problem["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .any(|e| e["field"] == "contract_hours"),
        "{problem}"
    );
    body["contract_hours"] = json!(-1);
    assert_eq!(put(body.clone()).await.expect("put").status(), 422);
    // 24 hours against 36 fixed: 12 over, which the team lead sees on the home page.
    body["contract_hours"] = json!(24);
    let res = put(body.clone()).await.expect("put");
    assert_eq!(res.status(), 200);
    let saved: serde_json::Value = res.json().await.expect("worker");
    assert_eq!(saved["contract_hours"], 24.0);
    assert_eq!(
        saved["version"],
        bram["version"].as_i64().expect("version") + 1
    );

    let lead = as_role(&app, "teamleider").await;
    let home = page_text(&app, &lead, "/").await;
    let row = home
        .split("<tr>")
        .find(|r| r.contains("Bram de Groot"))
        .expect("Bram's row on the team lead's home");
    assert!(
        row.contains("<strong class=\"over-contract\">12 uur boven contract</strong>"),
        "{row}"
    );
    // The demo's over-assigned worker: 55 fixed hours against a 36-hour contract.
    let row = home
        .split("<tr>")
        .find(|r| r.contains("Katarzyna"))
        .expect("Katarzyna's row");
    assert!(row.contains("19 uur boven contract"), "{row}");
    // Within the contract: no warning.
    let row = home
        .split("<tr>")
        .find(|r| r.contains("Elif"))
        .expect("Elif's row");
    assert!(!row.contains("boven contract"), "{row}");

    // Empty contract hours are allowed (not recorded) and raise no warning.
    body["contract_hours"] = serde_json::Value::Null;
    body["version"] = saved["version"].clone();
    let res = put(body).await.expect("put");
    assert_eq!(res.status(), 200);
    let home = page_text(&app, &lead, "/").await;
    let row = home
        .split("<tr>")
        .find(|r| r.contains("Bram de Groot"))
        .expect("Bram's row");
    assert!(!row.contains("boven contract"), "{row}");

    // The page door: the worker form refuses 41 with the same message, and shows the contract on the worker page.
    let beheer_page = as_role(&app, "beheer").await;
    let worker_page = page_text(&app, &beheer_page, &format!("/workers/{id}")).await;
    assert!(
        worker_page.contains("name=\"contract_hours\""),
        "the form has the field"
    );
    let version = app
        .store
        .worker(id)
        .await
        .expect("worker")
        .version
        .to_string();
    let fields = [
        ("name", "Bram de Groot"),
        ("email", bram["email"].as_str().unwrap_or_default()),
        ("active", "on"),
        ("contract_hours", "41"),
        ("version", version.as_str()),
    ];
    let res = post_form(&app, &beheer_page, &format!("/workers/{id}"), &fields).await;
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Contracturen liggen tussen 0 en 40 uur per week."),
        "{html}"
    );
    let mut fields = fields;
    fields[3] = ("contract_hours", "28,5");
    let res = post_form(&app, &beheer_page, &format!("/workers/{id}"), &fields).await;
    assert_status(res, 303, "28,5 is accepted").await;
    assert_eq!(
        app.store.worker(id).await.expect("worker").contract_hours,
        Some(28.5)
    );
    let worker_page = page_text(&app, &beheer_page, &format!("/workers/{id}")).await;
    assert!(
        worker_page.contains("28,5 (7,5 uur boven contract)"),
        "{worker_page}"
    );
    app.shutdown().await;
}
on_both_backends!(contract_hours_are_kept_and_warned_about);
