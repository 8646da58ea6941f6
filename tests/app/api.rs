//! The API contract: the OpenAPI document covers every route and body, problems are problem+json naming the
//! field in JSON's words, and a stale edit is a conflict.

use crate::on_both_backends;
use crate::support::{Backend, api_token, csrf, sign_in, spawn_app};
use schakel_web::access_table;

#[test]
fn openapi_lists_every_api_route() {
    let doc = schakel_web::openapi_document();
    for rule in access_table().iter().filter(|r| r.is_api()) {
        let op = &doc["paths"][rule.path][rule.method.to_lowercase()];
        assert!(
            op.is_object(),
            "{} {} missing from the OpenAPI document",
            rule.method,
            rule.path
        );
        assert!(op["summary"].as_str().is_some_and(|s| !s.is_empty()));
    }
    assert_eq!(doc["openapi"], "3.1.0");
}

/// Follows `#/components/schemas/…` references: each must name a schema of the document.
fn assert_refs_resolve(doc: &serde_json::Value, v: &serde_json::Value, at: &str) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(r) = map.get("$ref").and_then(|r| r.as_str()) {
                let name = r
                    .strip_prefix("#/components/schemas/")
                    .unwrap_or_else(|| panic!("{at}: reference {r} outside the components"));
                assert!(
                    doc["components"]["schemas"][name].is_object()
                        || doc["components"]["schemas"][name].is_boolean(),
                    "{at}: reference to a missing schema {name}"
                );
            }
            for (k, child) in map {
                assert_refs_resolve(doc, child, &format!("{at}/{k}"));
            }
        }
        serde_json::Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                assert_refs_resolve(doc, child, &format!("{at}/{i}"));
            }
        }
        _ => {}
    }
}

/// Every operation documents its request body (a POST or PUT that takes one) and its responses: the
/// success with its schema (204 has none) and the problems, so that a generated client works and a
/// schema-driven fuzzer can check the answers.
#[test]
fn openapi_documents_every_request_and_response_body() {
    let doc = schakel_web::openapi_document();
    assert_eq!(
        schakel_web::openapi_schema_conflicts(),
        Vec::<String>::new(),
        "request and response schemas of one name differ"
    );
    // Steps that carry everything in their path take no body.
    let bodiless = |path: &str| {
        path.ends_with("/done")
            || path.ends_with("/withdraw")
            || path.ends_with("/approve")
            || path.ends_with("/revoke")
            || path.ends_with("/start")
            || path.ends_with("/remove")
            || path.ends_with("/cancel")
            || path == "/api/v1/account/calendar-feed"
            || (path.starts_with("/api/v1/polls/")
                && (path.ends_with("/open") || path.ends_with("/close")))
            || path == "/api/v1/auth/logout"
            || path == "/api/v1/auth/sign-out-everywhere"
    };
    for rule in access_table().iter().filter(|r| r.is_api()) {
        let name = format!("{} {}", rule.method, rule.path);
        let op = &doc["paths"][rule.path][rule.method.to_lowercase()];
        if matches!(rule.method, "POST" | "PUT" | "PATCH") && !bodiless(rule.path) {
            let content = op["requestBody"]["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{name} has no request body"));
            assert!(!content.is_empty(), "{name}: request body without content");
            for (media, c) in content {
                assert!(
                    !c["schema"].is_null(),
                    "{name}: request body {media} without a schema"
                );
            }
            assert_eq!(op["requestBody"]["required"], true, "{name}");
        }
        let responses = op["responses"]
            .as_object()
            .unwrap_or_else(|| panic!("{name} has no responses"));
        let successes: Vec<_> = responses.keys().filter(|c| c.starts_with('2')).collect();
        assert!(!successes.is_empty(), "{name} documents no success");
        for (code, response) in responses {
            assert!(
                response["description"].is_string(),
                "{name} {code}: no description"
            );
            if code == "204" {
                assert!(
                    response.get("content").is_none(),
                    "{name} {code}: content on 204"
                );
                continue;
            }
            let content = response["content"]
                .as_object()
                .unwrap_or_else(|| panic!("{name} {code}: no response body described"));
            for (media, c) in content {
                assert!(
                    c["schema"].is_object(),
                    "{name} {code} {media}: no response schema"
                );
                if code.starts_with('4') {
                    assert_eq!(media, "application/problem+json", "{name} {code}");
                }
            }
        }
        if rule.access != schakel_domain::Access::Public {
            for code in ["401", "403"] {
                assert!(
                    responses.contains_key(code),
                    "{name}: {code} not documented"
                );
            }
        }
        if rule.path.contains('{') {
            assert!(responses.contains_key("404"), "{name}: 404 not documented");
        }
        if op.get("requestBody").is_some() || op.get("parameters").is_some() {
            assert!(responses.contains_key("400"), "{name}: 400 not documented");
        }
    }
    // The contact form of issue 9: its fields, from the type the handler reads.
    let contact = &doc["paths"]["/api/v1/cases/{id}/contacts"]["post"];
    let schema = &contact["requestBody"]["content"]["application/json"]["schema"];
    let name = schema["$ref"]
        .as_str()
        .and_then(|r| r.strip_prefix("#/components/schemas/"))
        .expect("a reference to the contact schema");
    for field in ["held_on", "kind", "participants", "minutes", "note"] {
        assert!(
            doc["components"]["schemas"][name]["properties"][field].is_object(),
            "contact field {field} not documented"
        );
    }
    assert!(contact["responses"]["201"]["content"]["application/json"]["schema"].is_object());
    assert_refs_resolve(&doc, &doc, "#");
}

/// A stale edit gets a conflict (409 in the API, a message on the page); the newer edit stays.
async fn stale_edits_conflict(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let bearer = api_token(&app, "beheer").await;
    let api = reqwest::Client::new();
    let m: serde_json::Value = api
        .get(app.url("/api/v1/municipalities/1"))
        .bearer_auth(&bearer)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let version = m["version"].as_i64().expect("version");
    let code = m["cbs_code"].as_str().expect("code").to_string();
    let first = api
        .put(app.url("/api/v1/municipalities/1"))
        .bearer_auth(&bearer)
        .json(&serde_json::json!({"cbs_code": code, "name": "Waterweide (eerste)", "version": version}))
        .send()
        .await
        .expect("req");
    assert_eq!(first.status(), 200);
    let second = api
        .put(app.url("/api/v1/municipalities/1"))
        .bearer_auth(&bearer)
        .json(&serde_json::json!({"cbs_code": code, "name": "Waterweide (tweede)", "version": version}))
        .send()
        .await
        .expect("req");
    assert_eq!(second.status(), 409);
    assert_eq!(second.headers()["content-type"], "application/problem+json");
    let body: serde_json::Value = second.json().await.expect("json");
    assert_eq!(body["current"]["name"], "Waterweide (eerste)");
    assert_eq!(body["current"]["version"], version + 1);
    assert_eq!(
        app.store.municipality(1).await.expect("m").name,
        "Waterweide (eerste)"
    );
    // The same through the page: the stale form shows the conflict and keeps the user's input visible.
    let client = app.client();
    sign_in(&app, &client, "beheer", "schakel-demo").await;
    let token = csrf(&app, &client).await;
    let stale = version.to_string();
    let html = client
        .post(app.url("/municipalities/1"))
        .form(&[
            ("csrf", token.as_str()),
            ("cbs_code", code.as_str()),
            ("name", "Waterweide (derde)"),
            ("version", stale.as_str()),
        ])
        .send()
        .await
        .expect("req")
        .text()
        .await
        .expect("body");
    assert!(html.contains("id=\"conflict\""));
    assert!(
        html.contains("Waterweide (derde)"),
        "the user's own input is shown, not lost"
    );
    assert_eq!(
        app.store.municipality(1).await.expect("m").name,
        "Waterweide (eerste)"
    );
    // Bad input gets structured errors and changes nothing.
    let bad = api
        .post(app.url("/api/v1/municipalities"))
        .bearer_auth(&bearer)
        .json(&serde_json::json!({"cbs_code": "X1", "name": ""}))
        .send()
        .await
        .expect("req");
    assert_eq!(bad.status(), 422);
    let body: serde_json::Value = bad.json().await.expect("json");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["cbs_code", "name"]);
    let malformed = api
        .post(app.url("/api/v1/municipalities"))
        .bearer_auth(&bearer)
        .body("{not json")
        .send()
        .await
        .expect("req");
    assert_eq!(malformed.status(), 400);
    app.shutdown().await;
}
on_both_backends!(stale_edits_conflict);

/// A body of the wrong form answers 400 with a message per field — which field, what was expected — in
/// JSON's words, never Rust's (issue 9: "expected struct ContactInput").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_bodies_name_the_field_not_the_rust_type() {
    let Some(app) = spawn_app(Backend::Sqlite, true).await else {
        return;
    };
    let api = reqwest::Client::new();
    let smw = api_token(&app, "smw").await;
    let admin = api_token(&app, "beheer").await;
    let cases = [
        (
            &smw,
            "/api/v1/cases/1/contacts",
            r#"{"held_on": "2026-01-05", "minutes": "forty"}"#,
            vec![("minutes", "Expected a whole number or null, got text.")],
        ),
        (
            &smw,
            "/api/v1/cases/1/contacts",
            r#"[1, 2]"#,
            vec![("body", "Expected an object, got a list.")],
        ),
        (
            &smw,
            "/api/v1/cases/1/contacts",
            r#"{"minutes": 30,"#,
            vec![("body", "The body is not valid JSON")],
        ),
        (
            &smw,
            "/api/v1/referrals",
            r#"{"given_name": "Sam", "guardians": [{"name": 7}], "parents_agree": "yes"}"#,
            vec![
                (
                    "guardians[0].name",
                    "Expected text (a string), got a whole number.",
                ),
                ("parents_agree", "Expected true or false, got text."),
            ],
        ),
        (
            &admin,
            "/api/v1/schools",
            r#"{"name": "De Linde"}"#,
            vec![
                ("code", "This field is required."),
                ("school_type", "This field is required."),
                ("municipality_code", "This field is required."),
            ],
        ),
        (
            &smw,
            "/api/v1/cases/1/onward",
            r#"{"target_id": 1.5}"#,
            vec![("target_id", "Expected a whole number, got a number.")],
        ),
    ];
    for (token, path, body, expected) in cases {
        let res = api
            .post(app.url(path))
            .bearer_auth(token)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .expect("request");
        assert_eq!(res.status(), 400, "{path} {body}");
        assert_eq!(
            res.headers()["content-type"],
            "application/problem+json",
            "{path}"
        );
        let text = res.text().await.expect("body");
        for rust in ["struct", "i64", "Input", "usize", "serde"] {
            assert!(!text.contains(rust), "{path} {body}: {rust} in {text}");
        }
        let problem: serde_json::Value = serde_json::from_str(&text).expect("json");
        assert_eq!(problem["status"], 400);
        let errors = problem["errors"].as_array().expect("errors");
        for (field, message) in expected {
            assert!(
                errors.iter().any(|e| e["field"] == field
                    && e["message_en"]
                        .as_str()
                        .is_some_and(|m| m.starts_with(message))
                    && e["message_nl"].as_str().is_some_and(|m| !m.is_empty())),
                "{path} {body}: no error {field}: {message} in {errors:?}"
            );
        }
    }
    // A path id or a query parameter that is not a number: the same kind of answer.
    let res = api
        .get(app.url("/api/v1/cases/abc"))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 400);
    let problem: serde_json::Value = res.json().await.expect("json");
    assert_eq!(problem["errors"][0]["field"], "path");
    let res = api
        .get(app.url("/api/v1/schools?limit=many"))
        .bearer_auth(&admin)
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 400);
    let problem: serde_json::Value = res.json().await.expect("json");
    assert_eq!(problem["errors"][0]["field"], "limit");
    app.shutdown().await;
}
