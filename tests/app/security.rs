//! The fixes of the security probe (issue 9), tested through both doors where a rule has two:
//! sign-in throttling and the second factor, ending sessions and tokens, redirects, methods,
//! dates in a case file, the access-log search and stored documents.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, csrf, sign_in, spawn_app};
use schakel_domain::throttle::FREE_FAILURES;
use schakel_store::AuditFilter;
use schakel_web::Clock;
use serde_json::{Value, json};

/// A fixed TOTP secret (160 bits, base32) for the tests.
const SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

fn totp_code(at: chrono::DateTime<chrono::Utc>) -> String {
    let bytes = totp_rs::Secret::Encoded(SECRET.to_string())
        .to_bytes()
        .expect("base32");
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).expect("totp");
    totp.generate(u64::try_from(at.timestamp()).expect("after 1970"))
}

/// A six-digit code that matches none of the steps around `at`.
fn wrong_code(at: chrono::DateTime<chrono::Utc>) -> String {
    let right: Vec<String> = [-30, 0, 30]
        .iter()
        .map(|s| totp_code(at + chrono::Duration::seconds(*s)))
        .collect();
    (0..)
        .map(|n: u32| format!("{:06}", n * 7919 % 1_000_000))
        .find(|c| !right.contains(c))
        .expect("a wrong code")
}

async fn enable_totp(app: &TestApp, username: &str) {
    let user = app
        .store
        .user_by_username(username)
        .await
        .expect("user")
        .expect("demo user");
    let mut tx = app.store.begin().await.expect("tx");
    tx.set_totp(user.id, Some(SECRET), true, chrono::Utc::now())
        .await
        .expect("totp");
    tx.commit().await.expect("commit");
}

async fn api_login(app: &TestApp, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&body)
        .send()
        .await
        .expect("api login")
}

async fn audit_actions(app: &TestApp, username: &str) -> Vec<(String, String)> {
    app.store
        .search_audit(&AuditFilter {
            username: Some(username.into()),
            limit: 1000,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_iter()
        .map(|e| (e.event.action, e.event.outcome))
        .collect()
}

/// A wrong second factor through the API counts and is throttled like the web step, is logged as
/// a failed sign-in, and `sign_in` is logged only when both factors are right.
async fn api_second_factor_is_counted_and_throttled(backend: Backend) {
    let Some(app) = spawn_app(backend, false).await else {
        return;
    };
    enable_totp(&app, "smw").await;
    let now = app.clock.now();
    let login = |totp: String| {
        api_login(
            &app,
            json!({"username": "smw", "password": "schakel-demo", "totp": totp}),
        )
    };
    for _ in 0..FREE_FAILURES {
        assert_eq!(login(wrong_code(now)).await.status(), 401);
    }
    assert_eq!(
        login(wrong_code(now)).await.status(),
        429,
        "the sixth wrong code waits"
    );
    assert_eq!(
        login(totp_code(now)).await.status(),
        429,
        "even the right code waits: the password does not clear the counter"
    );
    let actions = audit_actions(&app, "smw").await;
    assert_eq!(
        actions
            .iter()
            .filter(|(a, o)| a == "sign_in_failed" && o == "failed")
            .count(),
        FREE_FAILURES as usize
    );
    assert!(
        !actions.iter().any(|(a, _)| a == "sign_in"),
        "no sign_in before a right second factor: {actions:?}"
    );

    app.clock.advance(chrono::Duration::seconds(31));
    let res = login(totp_code(app.clock.now())).await;
    assert_eq!(res.status(), 200);
    let ok = audit_actions(&app, "smw")
        .await
        .into_iter()
        .filter(|(a, o)| a == "sign_in" && o == "ok")
        .count();
    assert_eq!(ok, 1, "one sign_in, after the second factor");

    // Parallel guesses of the second factor: at most the policy's number are checked.
    app.clock.advance(chrono::Duration::hours(25));
    let at = app.clock.now();
    let guesses = (0..40)
        .map(|_| json!({"username": "smw", "password": "schakel-demo", "totp": wrong_code(at)}))
        .collect();
    let statuses = sign_ins_at_once(&app, guesses).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(
        checked <= FREE_FAILURES as usize,
        "{checked} of 40 parallel wrong codes were checked: {statuses:?}"
    );
    assert_eq!(checked + statuses.iter().filter(|s| **s == 429).count(), 40);
    app.shutdown().await;
}
on_both_backends!(api_second_factor_is_counted_and_throttled);

/// Sends every sign-in at the same moment (one task each); the statuses, in no particular order.
async fn sign_ins_at_once(app: &TestApp, bodies: Vec<Value>) -> Vec<u16> {
    let mut set = tokio::task::JoinSet::new();
    for body in bodies {
        let url = app.url("/api/v1/auth/login");
        set.spawn(async move {
            reqwest::Client::new()
                .post(url)
                .json(&body)
                .send()
                .await
                .expect("api login")
                .status()
                .as_u16()
        });
    }
    set.join_all().await
}

/// Fifty wrong passwords at once for one account: at most the policy's number are checked.
async fn parallel_wrong_passwords_are_throttled(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let attempts = (0..50)
        .map(|_| json!({"username": "beheer", "password": "not-the-password"}))
        .collect();
    let statuses = sign_ins_at_once(&app, attempts).await;
    let checked = statuses.iter().filter(|s| **s == 401).count();
    assert!(
        checked <= FREE_FAILURES as usize,
        "{checked} of 50 parallel wrong passwords were checked"
    );
    assert_eq!(checked + statuses.iter().filter(|s| **s == 429).count(), 50);
    let failed = audit_actions(&app, "beheer")
        .await
        .into_iter()
        .filter(|(a, _)| a == "sign_in_failed")
        .count();
    assert_eq!(failed, checked, "every checked attempt is logged as failed");
    app.shutdown().await;
}
on_both_backends!(parallel_wrong_passwords_are_throttled);

async fn personal_token(app: &TestApp, bearer: &str) -> String {
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(bearer)
        .json(&json!({"name": "koppeling", "scope": "read"}))
        .send()
        .await
        .expect("token");
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.expect("json")["token"]
        .as_str()
        .expect("token")
        .to_string()
}

async fn me_status(app: &TestApp, bearer: &str) -> u16 {
    reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(bearer)
        .send()
        .await
        .expect("me")
        .status()
        .as_u16()
}

/// A password change ends every other session and personal token; "sign out everywhere" ends
/// all sessions and personal tokens. The page says what was ended.
async fn password_change_and_sign_out_everywhere_end_tokens(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let here = app.client();
    let elsewhere = app.client();
    assert_eq!(
        sign_in(&app, &here, "beheer", "schakel-demo")
            .await
            .status(),
        303
    );
    sign_in(&app, &elsewhere, "beheer", "schakel-demo").await;
    let api_session = api_token(&app, "beheer").await;
    let personal = personal_token(&app, &api_session).await;
    assert_eq!(me_status(&app, &personal).await, 200);

    let token = csrf(&app, &here).await;
    let page = here
        .post(app.url("/account/password"))
        .form(&[
            ("csrf", token.as_str()),
            ("current", "schakel-demo"),
            ("new_password", "een nieuwe lange zin"),
        ])
        .send()
        .await
        .expect("change password");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("body");
    assert!(
        html.contains("Beëindigd: 2 andere sessie(s) en 1 persoonlijke API-token(s)."),
        "the page says what was ended"
    );
    let res = elsewhere.get(app.url("/")).send().await.expect("req");
    assert_eq!(
        res.headers()["location"],
        "/login",
        "other web session ended"
    );
    assert_eq!(
        me_status(&app, &api_session).await,
        401,
        "API session ended"
    );
    assert_eq!(
        me_status(&app, &personal).await,
        401,
        "personal token revoked"
    );
    assert_eq!(
        here.get(app.url("/account"))
            .send()
            .await
            .expect("req")
            .status(),
        200,
        "the session that changed the password goes on"
    );

    // Sign out everywhere: this session too, and the personal tokens.
    let api_session = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "beheer", "password": "een nieuwe lange zin"}))
        .send()
        .await
        .expect("login")
        .json::<Value>()
        .await
        .expect("json")["token"]
        .as_str()
        .expect("token")
        .to_string();
    let personal = personal_token(&app, &api_session).await;
    let token = csrf(&app, &here).await;
    let res = here
        .post(app.url("/account/sign-out-everywhere"))
        .form(&[("csrf", token.as_str())])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(to.starts_with("/login?"), "{to}");
    let html = here
        .get(app.url(&to))
        .send()
        .await
        .expect("req")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("2 sessie(s) beëindigd en 1 persoonlijke API-token(s) ingetrokken"),
        "the sign-in page says what was ended"
    );
    assert_eq!(me_status(&app, &api_session).await, 401);
    assert_eq!(me_status(&app, &personal).await, 401);
    app.shutdown().await;
}
on_both_backends!(password_change_and_sign_out_everywhere_end_tokens);

/// Redirects stay on this site; HEAD works where GET does; an unknown method is 405, an unknown
/// route 404.
async fn redirects_and_methods(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let client = app.client();
    for (back, expected) in [
        ("/%09/evil.example/", "/"),
        ("/%0d/x", "/"),
        ("/%0a/evil.example", "/"),
        ("//evil.example/", "/"),
        ("/%5Cevil.example", "/"),
        ("https://evil.example/", "/"),
        ("/cases?q=jan", "/cases?q=jan"),
    ] {
        let res = client
            .get(app.url(&format!("/lang/en?back={back}")))
            .send()
            .await
            .expect("req");
        assert_eq!(res.status(), 303, "back={back}");
        assert_eq!(res.headers()["location"], expected, "back={back}");
    }
    for path in ["/healthz", "/login"] {
        let res = client.head(app.url(path)).send().await.expect("head");
        assert_eq!(res.status(), 200, "HEAD {path}");
    }
    let res = client
        .request(reqwest::Method::PATCH, app.url("/healthz"))
        .send()
        .await
        .expect("patch");
    assert_eq!(res.status(), 405);
    assert_eq!(res.headers()["allow"], "GET, HEAD");
    let res = client
        .delete(app.url("/api/v1/schools"))
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), 405);
    assert_eq!(
        res.headers()["content-type"],
        "application/problem+json",
        "the API answers in JSON"
    );
    let res = client
        .get(app.url("/no-such-page"))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), 404);
    app.shutdown().await;
}
on_both_backends!(redirects_and_methods);

/// A referral from the school, accepted by the social worker: the id of the new case.
pub(crate) async fn new_case(app: &TestApp, smw: &str) -> i64 {
    let api = reqwest::Client::new();
    let school = api_token(app, "school").await;
    let res = api
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(&school)
        .json(&json!({
            "given_name": "Noor", "family_name": "Bakker", "date_of_birth": "2015-03-14", "class_name": "groep 7",
            "guardians": [{"name": "Petra Bakker", "relation": "moeder", "has_gezag": true}],
            "reason": "Noor is vaak afwezig.", "signals": ["verzuim"], "urgency": "normaal", "parents_agree": true
        }))
        .send()
        .await
        .expect("referral");
    assert_eq!(res.status(), 201);
    let referral = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let version = app
        .store
        .referral(referral)
        .await
        .expect("referral")
        .version;
    let res = api
        .post(app.url(&format!("/api/v1/referrals/{referral}/triage")))
        .bearer_auth(smw)
        .json(&json!({"decision": "accepted", "version": version}))
        .send()
        .await
        .expect("triage");
    assert_eq!(res.status(), 200);
    res.json::<Value>().await.expect("json")["case_id"]
        .as_i64()
        .expect("case id")
}

/// A contact before the case file began, or without minutes, is refused by page and API alike.
async fn contact_dates_and_minutes_are_checked_at_both_doors(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let case_id = new_case(&app, &smw).await;
    let today = app.clock.now().date_naive().to_string();
    let api = reqwest::Client::new();
    let post = |body: Value| {
        api.post(app.url(&format!("/api/v1/cases/{case_id}/contacts")))
            .bearer_auth(&smw)
            .json(&body)
            .send()
    };
    let field_of = |v: &Value| v["errors"][0]["field"].as_str().unwrap_or("").to_string();
    for (body, field) in [
        (
            json!({"held_on": "0001-01-01", "kind": "gesprek_kind", "minutes": 30}),
            "held_on",
        ),
        (
            json!({"held_on": "2015-01-01", "kind": "gesprek_kind", "minutes": 30}),
            "held_on",
        ),
        (json!({"held_on": today, "kind": "gesprek_kind"}), "minutes"),
    ] {
        let res = post(body.clone()).await.expect("req");
        assert_eq!(res.status(), 422, "{body}");
        assert_eq!(field_of(&res.json().await.expect("json")), field, "{body}");
    }
    let kinds = schakel_domain::casework::CONTACT_KINDS;
    let kind = kinds[0].0;
    let res = post(json!({"held_on": today, "kind": kind, "minutes": 30}))
        .await
        .expect("req");
    assert!(res.status().is_success(), "a contact of today is kept");

    let client = app.client();
    sign_in(&app, &client, "smw", "schakel-demo").await;
    let token = csrf(&app, &client).await;
    let res = client
        .post(app.url(&format!("/cases/{case_id}/contacts")))
        .form(&[
            ("csrf", token.as_str()),
            ("held_on", "0001-01-01"),
            ("kind", kind),
            ("minutes", "30"),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422, "the page refuses the same date");
    let html = res.text().await.expect("body");
    assert!(html.contains("op of na het begin van het dossier"));
    let contacts = app
        .store
        .case_file(case_id)
        .await
        .expect("file")
        .contacts
        .len();
    assert_eq!(contacts, 1, "only the contact of today is stored");
    app.shutdown().await;
}
on_both_backends!(contact_dates_and_minutes_are_checked_at_both_doors);

/// The access-log search takes any valid date and refuses an invalid one.
async fn audit_search_dates(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let privacy = api_token(&app, "privacy").await;
    let search = |query: &'static str| {
        reqwest::Client::new()
            .get(app.url(&format!("/api/v1/audit?{query}")))
            .bearer_auth(&privacy)
            .send()
    };
    let items = |v: Value| v["items"].as_array().map_or(0, Vec::len);
    let all = items(search("").await.expect("req").json().await.expect("json"));
    assert!(all > 0);
    for query in [
        "until=9999-12-31",
        "from=2000-01-01&until=9999-12-31",
        "from=-0001-01-01",
    ] {
        let res = search(query).await.expect("req");
        assert_eq!(res.status(), 200, "{query}");
        // Each search is logged too, so the log only grows between searches.
        assert!(items(res.json().await.expect("json")) >= all, "{query}");
    }
    let res = search("from=9999-12-31").await.expect("req");
    assert_eq!(items(res.json().await.expect("json")), 0);
    let res = search("until=31-12-2026").await.expect("req");
    assert_eq!(res.status(), 422);
    app.shutdown().await;
}
on_both_backends!(audit_search_dates);

/// A PDF named `.html` is stored and served as `.pdf`.
async fn documents_keep_the_extension_of_their_type(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let case_id = new_case(&app, &smw).await;
    let client = app.client();
    sign_in(&app, &client, "smw", "schakel-demo").await;
    let token = csrf(&app, &client).await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(&b"%PDF-1.4\n<html><script>alert(1)</script></html>"[..])
            .file_name("brief.html"),
    );
    let res = client
        .post(app.url(&format!("/cases/{case_id}/documents?csrf={token}")))
        .multipart(form)
        .send()
        .await
        .expect("upload");
    assert_eq!(res.status(), 303);
    let docs = app
        .store
        .documents_of_case(case_id)
        .await
        .expect("documents");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].filename, "brief.pdf");
    let res = client
        .get(app.url(&format!("/cases/{case_id}/documents/{}", docs[0].id)))
        .send()
        .await
        .expect("download");
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(
        res.headers()["content-disposition"],
        "attachment; filename=\"brief.pdf\""
    );
    app.shutdown().await;
}
on_both_backends!(documents_keep_the_extension_of_their_type);

/// The access-log entries a search finds, as the privacy officer's API answers it (200 expected).
async fn audit_items(app: &TestApp, bearer: &str, query: &[(&str, &str)]) -> Vec<Value> {
    let res = reqwest::Client::new()
        .get(app.url("/api/v1/audit"))
        .query(query)
        .bearer_auth(bearer)
        .send()
        .await
        .expect("search");
    assert_eq!(res.status(), 200, "{query:?}");
    res.json::<Value>().await.expect("json")["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The privacy officer finds a child in the access log by case number or name (issue 11.7):
/// every entry about the child's cases and referrals, and nothing for a name that matches no one.
async fn privacy_officer_finds_a_child_in_the_access_log(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let case_id = new_case(&app, &smw).await;
    let res = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/cases/{case_id}")))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("read case");
    assert_eq!(res.status(), 200);
    let case_number = app.store.case(case_id).await.expect("case").case_number;
    let privacy = api_token(&app, "privacy").await;
    let case_id = case_id.to_string();
    for person in [
        case_number.clone(),
        case_number.to_lowercase(),
        "noor bakk".into(),
    ] {
        let items = audit_items(&app, &privacy, &[("person", person.as_str())]).await;
        assert!(
            items.iter().any(|e| e["subject_kind"] == "case"
                && e["subject_id"] == case_id.as_str()
                && e["action"] == "read"),
            "the read of the case is found by {person:?}"
        );
        assert!(
            items
                .iter()
                .all(|e| ["case", "referral"].contains(&e["subject_kind"].as_str().unwrap_or(""))),
            "only entries about cases and referrals"
        );
    }
    assert!(
        audit_items(&app, &privacy, &[("person", "Zzyzx Niemand")])
            .await
            .is_empty()
    );
    app.shutdown().await;
}
on_both_backends!(privacy_officer_finds_a_child_in_the_access_log);

/// A privacy officer of one organisation sees the entries that concern it — its users', those of
/// users without an organisation (school, municipality), and anyone's about its cases and
/// referrals — not another organisation's users' entries.
async fn privacy_officer_sees_only_their_organisation(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let case_id = new_case(&app, &smw).await;
    let other = api_token(&app, "teamleider-havenstad").await;
    assert_eq!(me_status(&app, &other).await, 200);
    assert_eq!(me_status(&app, &smw).await, 200);
    let privacy = api_token(&app, "privacy").await;
    assert!(
        audit_items(&app, &privacy, &[("username", "teamleider-havenstad")])
            .await
            .is_empty(),
        "another organisation's entries stay hidden"
    );
    assert!(
        !audit_items(&app, &privacy, &[("username", "smw")])
            .await
            .is_empty()
    );
    // The school contact (of no organisation) sent the organisation's referral: shown.
    let referral = app
        .store
        .case(case_id)
        .await
        .expect("case")
        .referral_id
        .expect("from a referral");
    let school_entries = audit_items(&app, &privacy, &[("username", "school")]).await;
    assert!(
        school_entries
            .iter()
            .any(|e| e["subject_kind"] == "referral"
                && e["subject_id"] == referral.to_string().as_str()),
        "the school's entries about the organisation's referral are shown: {school_entries:?}"
    );
    app.shutdown().await;
}
on_both_backends!(privacy_officer_sees_only_their_organisation);
