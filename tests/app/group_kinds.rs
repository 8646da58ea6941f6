//! Group-activity kinds per organisation (issue 13 item 1, ADR 019 addendum) on both backends: the functional
//! admin adds, renames (Dutch and English) and retires kinds at both doors; planning offers and accepts only the
//! organisation's active kinds (422 on `kind`); an activity keeps its retired kind's label; other roles cannot
//! manage the list.

use crate::on_both_backends;
use crate::support::{
    Backend, TestApp, api_token, as_role, assert_status, get_json, page_text, post_form, post_json,
    spawn_app,
};
use serde_json::{Value, json};

async fn put_json(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let res = reqwest::Client::new()
        .put(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("put");
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn error_fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A school of the social worker's organisation.
async fn a_school_of(app: &TestApp, organisation_id: i64) -> i64 {
    app.store
        .list_assignments(Some(organisation_id), None, None)
        .await
        .expect("assignments")
        .first()
        .map(|a| a.school_id)
        .expect("an assignment")
}

/// The admin's list: the defaults first, then a kind added at each door; wrong fields all named.
async fn adding(app: &TestApp, beheer: &str, beheer_page: &reqwest::Client, org: i64) {
    let kinds_path = format!("/api/v1/organisations/{org}/group-activity-kinds");
    let page_path = format!("/organisations/{org}/group-activity-kinds");
    // The defaults until first changed, with their English.
    let (status, kinds) = get_json(app, beheer, &kinds_path).await;
    assert_eq!(status, 200, "{kinds}");
    let items = kinds["items"].as_array().expect("items");
    assert_eq!(items.len(), 6, "{kinds}");
    assert!(
        items.iter().any(|k| k["code"] == "kindertraining"
            && k["label"] == "training voor kinderen"
            && k["label_en"] == "training for children"
            && k["active"] == true),
        "{kinds}"
    );

    // Adding: every wrong field at once; a name that exists is refused on `label`.
    let (status, body) = post_json(
        app,
        beheer,
        &kinds_path,
        json!({"label": " ", "label_en": "x".repeat(81)}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(error_fields(&body), ["label", "label_en"], "{body}");
    let (status, body) =
        post_json(app, beheer, &kinds_path, json!({"label": "Opvoedcursus"})).await;
    assert_eq!(
        (status, error_fields(&body)),
        (422, vec!["label".into()]),
        "{body}"
    );
    let (status, added) = post_json(
        app,
        beheer,
        &kinds_path,
        json!({"label": "Weerbaarheidstraining", "label_en": "Resilience training"}),
    )
    .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["code"], "weerbaarheidstraining");
    // At the front door too.
    let res = post_form(app, beheer_page, &page_path, &[("label", "Kookworkshop")]).await;
    assert_eq!(res.status(), 303, "added at the page");
    let res = post_form(app, beheer_page, &page_path, &[("label", "")]).await;
    let body = assert_status(res, 422, "a kind without a name").await;
    assert!(body.contains("error-summary"), "{body}");
}

/// Retiring at each door: refused on `kind` at both, no longer offered.
async fn retiring(
    app: &TestApp,
    beheer: &str,
    beheer_page: &reqwest::Client,
    org: i64,
    school: i64,
) {
    let kinds_path = format!("/api/v1/organisations/{org}/group-activity-kinds");
    let page_path = format!("/organisations/{org}/group-activity-kinds");
    let smw = api_token(app, "smw").await;
    let smw_page = as_role(app, "smw").await;
    let school_str = school.to_string();
    // Retired (API) and retired (page): no longer offered, refused with 422 on kind at both doors.
    let (status, retired) = put_json(
        app,
        beheer,
        &format!("{kinds_path}/weerbaarheidstraining"),
        json!({"label": "Weerbaarheidstraining", "label_en": "Resilience training", "active": false}),
    )
    .await;
    assert_eq!(
        (status, &retired["active"]),
        (200, &json!(false)),
        "{retired}"
    );
    let res = post_form(
        app,
        beheer_page,
        &format!("{page_path}/opvoedcursus"),
        &[("label", "opvoedcursus"), ("label_en", "parenting course")],
    )
    .await;
    assert_eq!(res.status(), 303, "retired at the page (box not ticked)");
    for kind in ["weerbaarheidstraining", "opvoedcursus", "bestaat_niet"] {
        let (status, body) = post_json(
            app,
            &smw,
            "/api/v1/group-activities",
            json!({"kind": kind, "title": "Te laat", "school_ids": [school]}),
        )
        .await;
        assert_eq!(
            (status, error_fields(&body)),
            (422, vec!["kind".into()]),
            "{kind}: {body}"
        );
    }
    let res = post_form(
        app,
        &smw_page,
        "/group-activities",
        &[
            ("kind", "weerbaarheidstraining"),
            ("title", "Te laat"),
            ("school_ids", school_str.as_str()),
        ],
    )
    .await;
    let body = assert_status(res, 422, "a retired kind at the page").await;
    assert!(body.contains("error-summary"), "{body}");
    let form = page_text(app, &smw_page, "/group-activities").await;
    assert!(
        !form.contains("value=\"weerbaarheidstraining\"")
            && !form.contains("value=\"opvoedcursus\""),
        "retired kinds are not offered"
    );
    assert!(
        form.contains("value=\"kookworkshop\""),
        "an active added kind is"
    );
}

/// Nobody but the functional admin manages the list, at either door.
async fn nobody_else(app: &TestApp, beheer: &str, org: i64) {
    let kinds_path = format!("/api/v1/organisations/{org}/group-activity-kinds");
    let page_path = format!("/organisations/{org}/group-activity-kinds");
    // The planners read the list (they need its codes to plan through the API); nobody else does.
    for user in ["smw", "teamleider"] {
        let (status, kinds) = get_json(app, &api_token(app, user).await, &kinds_path).await;
        assert_eq!(status, 200, "{user} reads");
        assert!(kinds.to_string().contains("oudergespreksgroep"), "{kinds}");
    }
    // Nobody else manages the list.
    for user in ["smw", "teamleider", "school", "privacy", "gemeente"] {
        let token = api_token(app, user).await;
        if !["smw", "teamleider"].contains(&user) {
            assert_eq!(
                get_json(app, &token, &kinds_path).await.0,
                403,
                "{user} reads"
            );
        }
        let (status, _) = post_json(app, &token, &kinds_path, json!({"label": "Stiekem"})).await;
        assert_eq!(status, 403, "{user} adds");
        let (status, _) = put_json(
            app,
            &token,
            &format!("{kinds_path}/kindertraining"),
            json!({"label": "Stiekem", "active": false}),
        )
        .await;
        assert_eq!(status, 403, "{user} changes");
    }
    let res = post_form(
        app,
        &as_role(app, "teamleider").await,
        &page_path,
        &[("label", "Stiekem")],
    )
    .await;
    assert_eq!(res.status(), 403, "a team lead at the page");
    let (_, kinds) = get_json(app, beheer, &kinds_path).await;
    assert!(!kinds.to_string().contains("Stiekem"), "{kinds}");
}

async fn kinds_are_the_organisations_own(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let beheer = api_token(&app, "beheer").await;
    let (_, me) = get_json(&app, &beheer, "/api/v1/me").await;
    let org = me["organisation_id"]
        .as_i64()
        .expect("the admin's organisation");
    let kinds_path = format!("/api/v1/organisations/{org}/group-activity-kinds");

    let beheer_page = as_role(&app, "beheer").await;
    adding(&app, &beheer, &beheer_page, org).await;
    // Planning with the new kind works at both doors.
    let school = a_school_of(&app, org).await;
    let smw = api_token(&app, "smw").await;
    let (status, made) = post_json(
        &app,
        &smw,
        "/api/v1/group-activities",
        json!({"kind": "weerbaarheidstraining", "title": "Rots en water", "school_ids": [school]}),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let planned = made["id"].as_i64().expect("id");
    let smw_page = as_role(&app, "smw").await;
    let school_str = school.to_string();
    let res = post_form(
        &app,
        &smw_page,
        "/group-activities",
        &[
            ("kind", "kookworkshop"),
            ("title", "Koken met ouders"),
            ("school_ids", school_str.as_str()),
        ],
    )
    .await;
    assert_eq!(res.status(), 303, "planned with an added kind at the page");
    let form = page_text(&app, &smw_page, "/group-activities").await;
    assert!(form.contains("value=\"weerbaarheidstraining\""), "offered");

    retiring(&app, &beheer, &beheer_page, org, school).await;
    // The activity keeps its retired kind's label, in Dutch and in English.
    let shown = page_text(&app, &smw_page, &format!("/group-activities/{planned}")).await;
    assert!(shown.contains("Weerbaarheidstraining"), "{shown}");
    smw_page
        .get(app.url("/lang/en"))
        .send()
        .await
        .expect("switch to English");
    let shown = page_text(&app, &smw_page, &format!("/group-activities/{planned}")).await;
    assert!(shown.contains("Resilience training"), "{shown}");
    let list = page_text(&app, &smw_page, "/group-activities").await;
    assert!(list.contains("Resilience training"), "the list in English");

    // Renaming keeps the code: the English name changes on the English page.
    let (status, renamed) = put_json(
        &app,
        &beheer,
        &format!("{kinds_path}/weerbaarheidstraining"),
        json!({"label": "Weerbaarheid", "label_en": "Resilience", "active": true}),
    )
    .await;
    assert_eq!(
        (status, &renamed["code"]),
        (200, &json!("weerbaarheidstraining")),
        "{renamed}"
    );
    let shown = page_text(&app, &smw_page, &format!("/group-activities/{planned}")).await;
    assert!(
        shown.contains("Resilience") && !shown.contains("Resilience training"),
        "{shown}"
    );

    nobody_else(&app, &beheer, org).await;
}

on_both_backends!(kinds_are_the_organisations_own);

/// Two admins renaming two kinds to one name at the same moment: one wins, the other gets 422 on `label`
/// (the unique index decides, not the check before the write); a kind can be added retired.
async fn one_name_one_kind_under_a_race(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let beheer = api_token(&app, "beheer").await;
    let (_, me) = get_json(&app, &beheer, "/api/v1/me").await;
    let org = me["organisation_id"]
        .as_i64()
        .expect("the admin's organisation");
    let kinds_path = format!("/api/v1/organisations/{org}/group-activity-kinds");
    let (first, second) = (
        format!("{kinds_path}/themabijeenkomst"),
        format!("{kinds_path}/informatieavond"),
    );
    assert_eq!(get_json(&app, &beheer, &kinds_path).await.0, 200);
    for round in 0..8 {
        let name = json!({"label": format!("Samen sterk {round}"), "active": true});
        let (a, b) = tokio::join!(
            put_json(&app, &beheer, &first, name.clone()),
            put_json(&app, &beheer, &second, name.clone()),
        );
        let mut statuses = [a.0, b.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 422], "round {round}: {} / {}", a.1, b.1);
        let refused = if a.0 == 422 { &a.1 } else { &b.1 };
        assert_eq!(error_fields(refused), ["label"], "{refused}");
    }
    let (_, kinds) = get_json(&app, &beheer, &kinds_path).await;
    let labels: Vec<&str> = kinds["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|k| k["label"].as_str())
        .collect();
    let mut unique = labels.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "{labels:?}");

    // Added retired: listed, not offered for planning.
    let (status, added) = post_json(
        &app,
        &beheer,
        &kinds_path,
        json!({"label": "Zomerkamp", "active": false}),
    )
    .await;
    assert_eq!(status, 201, "{added}");
    let (_, kinds) = get_json(&app, &beheer, &kinds_path).await;
    assert!(
        kinds["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|k| k["code"] == "zomerkamp" && k["active"] == false),
        "{kinds}"
    );
    let form = page_text(&app, &as_role(&app, "smw").await, "/group-activities").await;
    assert!(
        !form.contains("value=\"zomerkamp\""),
        "a retired kind is not offered"
    );
}

on_both_backends!(one_name_one_kind_under_a_race);
