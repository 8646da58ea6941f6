//! Signing in: the API login and its tokens, throttling, the second factor, idle sessions and signing out
//! everywhere.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, csrf, sign_in, spawn_app};
use schakel_store::AuditFilter;

async fn login_is_throttled(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let client = app.client();
    for _ in 0..5 {
        assert_eq!(
            sign_in(&app, &client, "beheer", "wrong-password")
                .await
                .status(),
            401
        );
    }
    let res = sign_in(&app, &client, "beheer", "schakel-demo").await;
    assert_eq!(
        res.status(),
        429,
        "the right password must wait after five failures"
    );
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("Te veel mislukte pogingen")
    );
    app.clock.advance(chrono::Duration::seconds(31));
    assert_eq!(
        sign_in(&app, &client, "beheer", "schakel-demo")
            .await
            .status(),
        303
    );
    let failed = app
        .store
        .search_audit(&AuditFilter {
            username: Some("beheer".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(
        failed
            .iter()
            .filter(|e| e.event.action == "sign_in_failed")
            .count()
            >= 5
    );
    app.shutdown().await;
}
on_both_backends!(login_is_throttled);

fn totp_code(secret: &str, at: chrono::DateTime<chrono::Utc>) -> String {
    let bytes = totp_rs::Secret::Encoded(secret.to_string())
        .to_bytes()
        .expect("base32");
    let totp = totp_rs::TOTP::new(totp_rs::Algorithm::SHA1, 6, 1, 30, bytes).expect("totp");
    totp.generate(at.timestamp() as u64)
}

/// The CSRF token of the second sign-in step, read from its form.
async fn two_factor_csrf(app: &TestApp, client: &reqwest::Client) -> String {
    let page = client
        .get(app.url("/login/two-factor"))
        .send()
        .await
        .expect("req")
        .text()
        .await
        .expect("body");
    page.split("name=\"csrf\" value=\"")
        .nth(1)
        .expect("csrf")
        .chars()
        .take_while(|c| *c != '"')
        .collect()
}

async fn two_factor_is_enforced_and_works(backend: Backend) {
    use schakel_web::Clock;
    let Some(app) = spawn_app(backend, false).await else {
        return;
    };
    let client = app.client();
    assert_eq!(
        sign_in(&app, &client, "smw", "schakel-demo").await.status(),
        303
    );
    // A social worker without two-factor is sent to enrolment, everywhere.
    let res = client.get(app.url("/schools")).send().await.expect("req");
    assert_eq!(res.headers()["location"], "/account/two-factor");
    let html = client
        .get(app.url("/account/two-factor"))
        .send()
        .await
        .expect("req")
        .text()
        .await
        .expect("body");
    assert!(html.contains("<svg"), "QR code shown");
    let marker = "id=\"totp-secret\">";
    let start = html.find(marker).expect("secret shown") + marker.len();
    let secret: String = html[start..].chars().take_while(|c| *c != '<').collect();
    let token = csrf(&app, &client).await;
    let code = totp_code(&secret, app.clock.now());
    let html = client
        .post(app.url("/account/two-factor"))
        .form(&[("csrf", token.as_str()), ("code", code.as_str())])
        .send()
        .await
        .expect("req")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("id=\"recovery-codes\""),
        "recovery codes shown after enrolment"
    );
    let rc_start = html.find("<li><code>").expect("a recovery code") + "<li><code>".len();
    let recovery: String = html[rc_start..].chars().take_while(|c| *c != '<').collect();
    assert_eq!(
        client
            .get(app.url("/schools"))
            .send()
            .await
            .expect("req")
            .status(),
        200
    );

    // Next sign-in needs the second step.
    let client = app.client();
    assert_eq!(
        sign_in(&app, &client, "smw", "schakel-demo")
            .await
            .headers()["location"],
        "/login/two-factor"
    );
    assert_eq!(
        client
            .get(app.url("/schools"))
            .send()
            .await
            .expect("req")
            .headers()["location"],
        "/login/two-factor"
    );
    let token = two_factor_csrf(&app, &client).await;
    let wrong = client
        .post(app.url("/login/two-factor"))
        .form(&[("csrf", token.as_str()), ("code", "000000")])
        .send()
        .await
        .expect("req");
    assert_eq!(wrong.status(), 401);
    // The code used at enrolment cannot be replayed in the same time step.
    let replay = client
        .post(app.url("/login/two-factor"))
        .form(&[("csrf", token.as_str()), ("code", code.as_str())])
        .send()
        .await
        .expect("req");
    assert_eq!(replay.status(), 401, "a TOTP code must not work twice");
    app.clock.advance(chrono::Duration::seconds(60));
    let fresh = totp_code(&secret, app.clock.now());
    let ok = client
        .post(app.url("/login/two-factor"))
        .form(&[("csrf", token.as_str()), ("code", fresh.as_str())])
        .send()
        .await
        .expect("req");
    assert_eq!(ok.headers()["location"], "/");
    assert_eq!(
        client
            .get(app.url("/schools"))
            .send()
            .await
            .expect("req")
            .status(),
        200
    );

    // A recovery code works once.
    for expected in [303_u16, 401] {
        let client = app.client();
        sign_in(&app, &client, "smw", "schakel-demo").await;
        let token = two_factor_csrf(&app, &client).await;
        let res = client
            .post(app.url("/login/two-factor"))
            .form(&[("csrf", token.as_str()), ("code", recovery.as_str())])
            .send()
            .await
            .expect("req");
        assert_eq!(res.status().as_u16(), expected);
    }
    // The API asks for the code too.
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "smw", "password": "schakel-demo"}))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 400);
    app.shutdown().await;
}
on_both_backends!(two_factor_is_enforced_and_works);

async fn idle_sessions_end(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let client = app.client();
    sign_in(&app, &client, "beheer", "schakel-demo").await;
    assert_eq!(
        client.get(app.url("/")).send().await.expect("req").status(),
        200
    );
    app.clock.advance(chrono::Duration::minutes(20));
    assert_eq!(
        client.get(app.url("/")).send().await.expect("req").status(),
        200,
        "20 minutes idle is fine"
    );
    app.clock.advance(chrono::Duration::minutes(31));
    let res = client.get(app.url("/")).send().await.expect("req");
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login");
    app.shutdown().await;
}
on_both_backends!(idle_sessions_end);

async fn sign_out_everywhere_ends_all_sessions(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let a = app.client();
    let b = app.client();
    sign_in(&app, &a, "beheer", "schakel-demo").await;
    sign_in(&app, &b, "beheer", "schakel-demo").await;
    let token = csrf(&app, &a).await;
    assert_eq!(
        a.post(app.url("/account/sign-out-everywhere"))
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .expect("req")
            .status(),
        303
    );
    assert_eq!(
        b.get(app.url("/")).send().await.expect("req").headers()["location"],
        "/login"
    );
    app.shutdown().await;
}
on_both_backends!(sign_out_everywhere_ends_all_sessions);

async fn api_login_and_problems(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let api = reqwest::Client::new();
    let res = api
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "beheer", "password": "nope"}))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 401);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let bearer = api_token(&app, "gemeente").await;
    let me: serde_json::Value = api
        .get(app.url("/api/v1/me"))
        .bearer_auth(&bearer)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(me["role"], "municipality");
    // A municipality sees only its own schools.
    let list: serde_json::Value = api
        .get(app.url("/api/v1/schools?limit=1000"))
        .bearer_auth(&bearer)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(list["total"], 37);
    // A read-only personal token cannot write.
    let admin = api_token(&app, "beheer").await;
    let t: serde_json::Value = api
        .post(app.url("/api/v1/tokens"))
        .bearer_auth(&admin)
        .json(&serde_json::json!({"name": "export", "scope": "read"}))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let personal = t["token"].as_str().expect("token");
    assert_eq!(
        api.get(app.url("/api/v1/schools"))
            .bearer_auth(personal)
            .send()
            .await
            .expect("req")
            .status(),
        200
    );
    let write = api
        .post(app.url("/api/v1/teams"))
        .bearer_auth(personal)
        .json(&serde_json::json!({"name": "X"}))
        .send()
        .await
        .expect("req");
    assert_eq!(write.status(), 403);
    let res = api.get(app.url("/healthz")).send().await.expect("req");
    assert_eq!(res.status(), 200);
    let doc: serde_json::Value = api
        .get(app.url("/api/v1/openapi.json"))
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert!(doc["paths"]["/api/v1/schools/{id}"]["put"].is_object());
    app.shutdown().await;
}
on_both_backends!(api_login_and_problems);
