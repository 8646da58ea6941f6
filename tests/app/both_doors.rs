//! Both doors: whatever a page can change, the JSON API can change too, under the same use-case function.

use crate::on_both_backends;
use crate::school_day::school_worker_username;
use crate::support::{
    Backend, TestApp, api_token, as_role, assert_status, get_json, page_text, post_form, post_json,
    spawn_app,
};
use schakel_web::access_table;
use serde_json::json;

/// Page writes that are a browser's own business: signing in and enrolling a second factor happen in a browser
/// (the API signs in with `POST /api/v1/auth/login`; its tokens are made by a signed-in user). A participant's
/// poll answer too: it is made on a phone without an account, known only by its device cookie — an API for it
/// would widen the one anonymous write instead of serving anyone.
const BROWSER_ONLY: &[&str] = &[
    "/login",
    "/login/two-factor",
    "/account/password",
    "/account/two-factor",
    "/poll/{code}",
];

/// The API routes a page write may have as its twin: the same path under `/api/v1` (POST, or PUT for an edit of
/// the record itself), or the API's own name for it.
fn twin_candidates(page: &str) -> Vec<(&'static str, String)> {
    let renamed = match page {
        "/logout" => Some("/api/v1/auth/logout"),
        "/referrals/{id}/correct" => Some("/api/v1/referrals/{id}"),
        "/account/tokens" => Some("/api/v1/tokens"),
        "/account/tokens/{id}/revoke" => Some("/api/v1/tokens/{id}/revoke"),
        "/account/sign-out-everywhere" => Some("/api/v1/auth/sign-out-everywhere"),
        "/cases/{id}/goals/{goal_id}/score" => Some("/api/v1/cases/{id}/goals/{goal_id}/scores"),
        "/cases/{id}/mandate" => Some("/api/v1/cases/{id}/mandate-decisions"),
        "/cases/{id}/mandate/{decision_id}/approve" => {
            Some("/api/v1/cases/{id}/mandate-decisions/{decision_id}/approve")
        }
        "/cases/{id}/mandate/{decision_id}/refuse" => {
            Some("/api/v1/cases/{id}/mandate-decisions/{decision_id}/refuse")
        }
        _ => None,
    };
    let api = renamed.map_or_else(|| format!("/api/v1{page}"), str::to_string);
    vec![("POST", api.clone()), ("PUT", api)]
}

/// Page forms that do a second thing by a `mode` field, each mode with its API twin: the school's consultation
/// request is sent from the referral page.
const PAGE_MODES: &[(&str, &str, &str)] = &[(
    "/referrals",
    "consultation",
    "/api/v1/consultation-requests",
)];

#[test]
fn every_page_write_has_an_api_twin() {
    let api_routes: Vec<(&str, &str)> = access_table()
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
        .map(|r| (r.method, r.path))
        .collect();
    let mut missing = Vec::new();
    for page in access_table()
        .iter()
        .filter(|r| r.method == "POST" && !r.path.starts_with("/api/"))
    {
        if BROWSER_ONLY.contains(&page.path) {
            continue;
        }
        let found = twin_candidates(page.path)
            .iter()
            .any(|(m, p)| api_routes.contains(&(*m, p.as_str())));
        if !found {
            missing.push(page.path);
        }
    }
    for (page, mode, api) in PAGE_MODES {
        if !api_routes.contains(&("POST", api)) {
            missing.push(page);
            eprintln!("{page} with mode={mode} has no {api}");
        }
    }
    assert!(
        missing.is_empty(),
        "page writes without an API twin: {missing:?}"
    );
}

/// The first open case the social worker has, through the API.
async fn a_case_of(app: &TestApp, token: &str) -> i64 {
    let (status, cases) = get_json(app, token, "/api/v1/cases").await;
    assert_eq!(status, 200, "{cases}");
    cases["items"][0]["id"].as_i64().expect("a case")
}

/// Documents through the API: an upload is checked by its content like the page's, the download gives the same
/// bytes under the detected type, and a school contact gets neither.
async fn documents_through_the_api(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    let smw = api_token(&app, "smw").await;
    let school = api_token(&app, "school").await;
    let case_id = a_case_of(&app, &smw).await;
    let pdf = b"%PDF-1.4\n% Schakel test\n".to_vec();
    let upload = |token: &str, name: &str, bytes: Vec<u8>| {
        reqwest::Client::new()
            .post(app.url(&format!(
                "/api/v1/cases/{case_id}/documents?filename={name}&description=verslag"
            )))
            .bearer_auth(token.to_string())
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
    };
    let res = upload(&smw, "verslag.pdf", pdf.clone())
        .await
        .expect("upload");
    assert_eq!(res.status(), 201);
    let id = res.json::<serde_json::Value>().await.expect("json")["id"]
        .as_i64()
        .expect("document id");
    let res = upload(&smw, "verslag.pdf", b"MZ\x90\x00 not a pdf".to_vec())
        .await
        .expect("upload");
    assert_eq!(res.status(), 422, "a program is not a document");
    let res = upload(&school, "verslag.pdf", pdf.clone())
        .await
        .expect("upload");
    assert_eq!(res.status(), 403);

    let download = |token: &str| {
        reqwest::Client::new()
            .get(app.url(&format!("/api/v1/cases/{case_id}/documents/{id}")))
            .bearer_auth(token.to_string())
            .send()
    };
    let res = download(&smw).await.expect("download");
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["content-type"].to_str().ok(),
        Some("application/pdf")
    );
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .is_ok_and(|d| d.contains("verslag.pdf"))
    );
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), pdf);
    assert_eq!(download(&school).await.expect("download").status(), 403);
    app.shutdown().await;
}
on_both_backends!(documents_through_the_api);

/// The functional admin sets a school's pupils and ends an assignment through the API (a stale version: 409).
async fn school_admin_through_the_api(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let admin = api_token(&app, "beheer").await;
    let (_, schools) = get_json(&app, &admin, "/api/v1/schools").await;
    let school_id = schools["items"][0]["id"]
        .as_i64()
        .or_else(|| schools[0]["id"].as_i64())
        .expect("a school");
    let put = |body: serde_json::Value| {
        reqwest::Client::new()
            .put(app.url(&format!("/api/v1/schools/{school_id}/pupils")))
            .bearer_auth(admin.clone())
            .json(&body)
            .send()
    };
    let res = put(json!({"school_year": "2026-2027", "pupils": 417}))
        .await
        .expect("put");
    assert_eq!(res.status(), 204);
    let pupils = app.store.school_pupils(school_id).await.expect("pupils");
    assert!(
        pupils
            .iter()
            .any(|p| p.pupils == 417 && p.school_year.starts_with("2026")),
        "{pupils:?}"
    );
    let res = put(json!({"school_year": "twintig", "pupils": 417}))
        .await
        .expect("put");
    assert_eq!(res.status(), 422);

    let (_, assignments) = get_json(&app, &admin, "/api/v1/assignments").await;
    let list = assignments["items"]
        .as_array()
        .or_else(|| assignments.as_array())
        .expect("assignments");
    let open = list
        .iter()
        .find(|a| a["ends_on"].is_null())
        .expect("an open assignment");
    let id = open["id"].as_i64().expect("id");
    let version = open["version"].as_i64().expect("version");
    let end = format!("/api/v1/assignments/{id}/end");
    let (status, body) = post_json(
        &app,
        &admin,
        &end,
        json!({"version": version + 1, "ends_on": "2027-07-31"}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    let (status, body) = post_json(
        &app,
        &admin,
        &end,
        json!({"version": version, "ends_on": "2027-07-31"}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let smw = api_token(&app, "smw").await;
    let (status, _) = post_json(
        &app,
        &smw,
        &end,
        json!({"version": version + 1, "ends_on": "2027-07-31"}),
    )
    .await;
    assert_eq!(status, 403, "only the functional admin ends an assignment");
    app.shutdown().await;
}
on_both_backends!(school_admin_through_the_api);

/// A user revokes a personal token and signs out everywhere through the API; a revoked token opens nothing and
/// someone else's token cannot be revoked.
async fn tokens_and_sign_out_through_the_api(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let (status, made) = post_json(&app, &smw, "/api/v1/tokens", json!({"name": "export"})).await;
    assert_eq!(status, 201, "{made}");
    let personal = made["token"].as_str().expect("token").to_string();
    let token_id = made["id"].as_i64().expect("id");
    assert_eq!(get_json(&app, &personal, "/api/v1/me").await.0, 200);

    let other = api_token(&app, "teamleider").await;
    let revoke = format!("/api/v1/tokens/{token_id}/revoke");
    assert_eq!(post_json(&app, &other, &revoke, json!({})).await.0, 404);
    assert_eq!(get_json(&app, &personal, "/api/v1/me").await.0, 200);
    assert_eq!(post_json(&app, &smw, &revoke, json!({})).await.0, 204);
    assert_eq!(get_json(&app, &personal, "/api/v1/me").await.0, 401);

    let (status, ended) =
        post_json(&app, &smw, "/api/v1/auth/sign-out-everywhere", json!({})).await;
    assert_eq!(status, 200, "{ended}");
    assert!(
        ended["sessions"].as_u64().is_some_and(|n| n >= 1),
        "{ended}"
    );
    assert_eq!(get_json(&app, &smw, "/api/v1/me").await.0, 401);
    assert_eq!(get_json(&app, &other, "/api/v1/me").await.0, 200);
    app.shutdown().await;
}
on_both_backends!(tokens_and_sign_out_through_the_api);

/// Kind in Kaart through the API alone: a profile, its suggestions, a plan, the start; a follow-up check before it
/// is due is refused (the prevention figure counts only due checks); a whole class, a child without known
/// interests included.
async fn kind_in_kaart_through_the_api(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    schakel_demo::seed::social_map::seed_social_map(&app.store, now)
        .await
        .expect("social map");
    let smw = api_token(&app, "smw").await;
    let case_id = a_case_of(&app, &smw).await;
    let kik = format!("/api/v1/cases/{case_id}/kind-in-kaart");
    let (status, body) = post_json(&app, &smw, &kik, json!({"free_times": "wo 13:00-17:00"})).await;
    assert_eq!(status, 422, "no interests: {body}");
    let profile = json!({"good_at": "tekenen", "likes": "voetbal", "free_times": "wo 13:00-17:00; za 9:00-12:00"});
    let (status, body) = post_json(&app, &smw, &kik, profile).await;
    assert_eq!(status, 201, "{body}");
    let (status, read) = get_json(&app, &smw, &kik).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["profile"]["good_at"], "tekenen");
    let activity_id = read["suggestions"][0]["activity_id"]
        .as_i64()
        .expect("a suggestion");
    let (status, plan) = post_json(
        &app,
        &smw,
        &format!("{kik}/plans"),
        json!({"activity_id": activity_id}),
    )
    .await;
    assert_eq!(status, 201, "{plan}");
    let plan_id = plan["id"].as_i64().expect("plan id");
    let plan_path = format!("{kik}/plans/{plan_id}");
    assert_eq!(
        post_json(&app, &smw, &format!("{plan_path}/start"), json!({}))
            .await
            .0,
        204
    );
    let (status, body) = post_json(
        &app,
        &smw,
        &format!("{plan_path}/check"),
        json!({"month": "3", "result": "still_going"}),
    )
    .await;
    assert_eq!(status, 422, "a check before it is due: {body}");
    let (_, read) = get_json(&app, &smw, &kik).await;
    let stored = read["plans"]
        .as_array()
        .and_then(|plans| plans.iter().find(|p| p["id"] == plan_id))
        .expect("the plan");
    assert!(stored["check_3m_result"].is_null(), "{stored}");
    assert!(stored["started_on"].is_string(), "{stored}");

    let school = app
        .store
        .list_schools(&schakel_store::SchoolFilter {
            school_type: Some("PO".into()),
            limit: 1,
            ..Default::default()
        })
        .await
        .expect("schools")
        .0;
    let class = json!({"school_code": school[0].code, "age": 10, "children": [
        {"label": "Amira", "interests": "tekenen", "free_times": "wo 13:00-17:00"},
        {"label": "Bram", "interests": "", "free_times": ""}
    ]});
    let (status, session) = post_json(&app, &smw, "/api/v1/kind-in-kaart/class", class).await;
    assert_eq!(status, 200, "{session}");
    assert_eq!(session["children"].as_array().map(Vec::len), Some(2));
    assert!(
        session["children"][1][1]
            .as_array()
            .is_some_and(|l| !l.is_empty()),
        "a child without known interests still gets suggestions: {session}"
    );
    let school_token = api_token(&app, "school").await;
    assert_eq!(get_json(&app, &school_token, &kik).await.0, 403);
    app.shutdown().await;
}
on_both_backends!(kind_in_kaart_through_the_api);

/// The school's consultation request at both doors: the page (`POST /referrals`, `mode=consultation`) and the API
/// (`POST /api/v1/consultation-requests`) refuse the same input with the same fields and messages (422, the
/// page keeping what was typed), accept the same request, and refuse anyone but a school contact (403); the
/// school's social worker finds both requests among the open consultations.
async fn consultation_request_at_both_doors(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = as_role(&app, "school").await;
    let school_api = api_token(&app, "school").await;
    let api = "/api/v1/consultation-requests";

    // The same wrong input: a theme too long and no question.
    let long_theme = "t".repeat(201);
    let (status, problem) = post_json(
        &app,
        &school_api,
        api,
        json!({"theme": long_theme, "question": " "}),
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    let errors = problem["errors"].as_array().expect("errors").clone();
    let mut fields: Vec<&str> = errors.iter().filter_map(|e| e["field"].as_str()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        ["question", "theme"],
        "every wrong field: {problem}"
    );
    let res = post_form(
        &app,
        &school,
        "/referrals",
        &[
            ("mode", "consultation"),
            ("theme", &long_theme),
            ("question", " "),
        ],
    )
    .await;
    let page = assert_status(res, 422, "the page shows the form again").await;
    for e in &errors {
        let nl = e["message_nl"].as_str().expect("Dutch message");
        assert!(page.contains(nl), "the page says what the API says: {nl}");
    }
    assert!(page.contains(&long_theme), "what was typed is kept");

    // The same right input: saved at both doors.
    let res = post_form(
        &app,
        &school,
        "/referrals",
        &[
            ("mode", "consultation"),
            ("theme", "Rouw"),
            (
                "question",
                "Een jongen in groep 8 verloor zijn opa. Hoe vangen we hem op?",
            ),
        ],
    )
    .await;
    assert_status(res, 303, "asked on the page").await;
    let (status, made) = post_json(
        &app,
        &school_api,
        api,
        json!({"theme": "Pesten", "question": "Een meisje in groep 6 wordt buitengesloten. Wat kunnen we doen?"}),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let api_id = made["id"].as_i64().expect("id");

    // Only a school contact asks: a worker at the page's mode and at the API, a municipality at the API.
    let worker = as_role(&app, "smw").await;
    let res = post_form(
        &app,
        &worker,
        "/referrals",
        &[
            ("mode", "consultation"),
            ("theme", "Rouw"),
            ("question", "Vraag"),
        ],
    )
    .await;
    assert_status(
        res,
        403,
        "a worker records a consultation, not requests one",
    )
    .await;
    for user in ["smw", "teamleider", "gemeente"] {
        let token = api_token(&app, user).await;
        let (status, body) = post_json(
            &app,
            &token,
            api,
            json!({"theme": "Rouw", "question": "Vraag"}),
        )
        .await;
        assert_eq!(status, 403, "{user}: {body}");
    }

    // The school's worker sees both among the open consultations (API and home page).
    let own = app
        .store
        .user_by_username("school")
        .await
        .expect("user")
        .expect("demo school contact")
        .school_id;
    let worker_user = school_worker_username(&app, own).await;
    let worker_api = api_token(&app, &worker_user).await;
    let (status, open) = get_json(&app, &worker_api, "/api/v1/consultations?open=1").await;
    assert_eq!(status, 200, "{open}");
    let open = open["items"].as_array().expect("items");
    let pesten = open
        .iter()
        .find(|c| c["id"].as_i64() == Some(api_id))
        .expect("the API's request is open for the worker");
    assert_eq!(pesten["theme"], "Pesten");
    assert_eq!(pesten["school_id"].as_i64(), own);
    assert!(
        open.iter().any(|c| c["theme"] == "Rouw"),
        "the page's request too"
    );
    let home = page_text(&app, &as_role(&app, &worker_user).await, "/").await;
    assert!(home.contains(&format!("/consultations/{api_id}/answer")));
    assert!(home.contains("wordt buitengesloten"));
    app.shutdown().await;
}
on_both_backends!(consultation_request_at_both_doors);
