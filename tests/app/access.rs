//! Who may do what: every route × every role against the access table (deny by default), ids that cannot be
//! guessed, and CSRF on every form.

use crate::on_both_backends;
use crate::support::{Backend, api_token, csrf, sign_in, spawn_app};
use schakel_domain::Role;
use schakel_store::AuditFilter;
use schakel_web::{access_table, rule_for};

const DEMO_ACCOUNTS: [(&str, Role); 6] = [
    ("smw", Role::SocialWorker),
    ("teamleider", Role::TeamLead),
    ("school", Role::SchoolContact),
    ("gemeente", Role::Municipality),
    ("beheer", Role::FunctionalAdmin),
    ("privacy", Role::PrivacyOfficer),
];

/// Routes are declared once with their rule (`schakel_web::routes`), so every served route has one; what is left to
/// hold is that the lookup the authorisation layer uses finds each declaration as declared.
#[test]
fn every_declared_route_is_found_with_its_own_rule() {
    for rule in access_table() {
        assert_eq!(
            rule_for(rule.method, rule.path),
            Some(rule),
            "{} {}",
            rule.method,
            rule.path
        );
    }
    assert!(access_table().len() > 150, "the whole table is declared");
}

fn concrete(path: &str) -> String {
    path.replace("{id}", "1")
        .replace("{*file}", "schakel.css")
        .replace("{code}", "en")
}

/// Every route × every role: the table's answer is what the server does; refusals are logged.
async fn route_role_matrix(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    // Anonymous: everything but the public routes is refused.
    let anon = app.client();
    for rule in access_table().iter().filter(|r| !r.path.contains("login")) {
        let url = app.url(&concrete(rule.path));
        let req = match rule.method {
            "GET" => anon.get(&url),
            "PUT" => anon.put(&url).json(&serde_json::json!({})),
            _ if rule.is_api() => anon.post(&url).json(&serde_json::json!({})),
            _ => anon.post(&url).form(&[("x", "y")]),
        };
        let status = req.send().await.expect("request").status().as_u16();
        if rule.permits(None) {
            assert!(
                status != 401 && status != 403,
                "anonymous {} {} refused with {status}",
                rule.method,
                rule.path
            );
        } else if rule.is_api() {
            assert_eq!(status, 401, "anonymous {} {}", rule.method, rule.path);
        } else {
            assert_eq!(
                status, 303,
                "anonymous {} {} should be sent to /login",
                rule.method, rule.path
            );
        }
    }
    for (username, role) in DEMO_ACCOUNTS {
        let client = app.client();
        assert_eq!(
            sign_in(&app, &client, username, "schakel-demo")
                .await
                .status(),
            303
        );
        let mut token = csrf(&app, &client).await;
        let mut bearer = api_token(&app, username).await;
        for rule in access_table() {
            if rule.path == "/login"
                || rule.path == "/api/v1/auth/login"
                || rule.path == "/login/two-factor"
            {
                continue;
            }
            let url = app.url(&concrete(rule.path));
            let req = match (rule.method, rule.is_api()) {
                ("GET", true) => client.get(&url).bearer_auth(&bearer),
                ("GET", false) => client.get(&url),
                ("PUT", _) => client
                    .put(&url)
                    .bearer_auth(&bearer)
                    .json(&serde_json::json!({})),
                (_, true) => client
                    .post(&url)
                    .bearer_auth(&bearer)
                    .json(&serde_json::json!({})),
                (_, false) => client.post(&url).form(&[("csrf", token.as_str())]),
            };
            let status = req.send().await.expect("request").status().as_u16();
            let allowed = rule.permits(Some(role));
            if allowed {
                assert!(
                    status != 401 && status != 403,
                    "{username} ({role}) {} {} refused with {status}",
                    rule.method,
                    rule.path
                );
            } else {
                assert_eq!(
                    status, 403,
                    "{username} ({role}) {} {} should be refused",
                    rule.method, rule.path
                );
            }
            if rule.path.contains("logout") || rule.path.contains("sign-out-everywhere") {
                assert_eq!(
                    sign_in(&app, &client, username, "schakel-demo")
                        .await
                        .status(),
                    303
                );
                token = csrf(&app, &client).await;
                bearer = api_token(&app, username).await;
            }
        }
    }
    // Refusals are in the access log.
    let denied = app
        .store
        .search_audit(&AuditFilter {
            username: Some("school".into()),
            limit: 5000,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(
        denied
            .iter()
            .any(|e| e.event.outcome == "denied" && e.event.route == "/workers/{id}"),
        "refusal of /workers/{{id}} for school not logged"
    );
    app.shutdown().await;
}
on_both_backends!(route_role_matrix);

/// A school contact cannot reach another school's data by guessing ids, in pages or API.
async fn school_contact_cannot_guess_ids(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let client = app.client();
    sign_in(&app, &client, "school", "schakel-demo").await;
    for id in 1..=5 {
        for path in [
            format!("/schools/{id}"),
            format!("/workers/{id}"),
            format!("/teams/{id}"),
        ] {
            let status = client
                .get(app.url(&path))
                .send()
                .await
                .expect("req")
                .status();
            assert_eq!(status, 403, "{path}");
        }
    }
    let bearer = api_token(&app, "school").await;
    let status = reqwest::Client::new()
        .get(app.url("/api/v1/schools/2"))
        .bearer_auth(&bearer)
        .send()
        .await
        .expect("req")
        .status();
    assert_eq!(status, 403);
    app.shutdown().await;
}
on_both_backends!(school_contact_cannot_guess_ids);

async fn csrf_is_refused(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let client = app.client();
    sign_in(&app, &client, "beheer", "schakel-demo").await;
    let form = [("cbs_code", "GM9970"), ("name", "Csrfdorp")];
    // No token.
    let res = client
        .post(app.url("/municipalities"))
        .form(&form)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403);
    // Wrong token.
    let res = client
        .post(app.url("/municipalities"))
        .form(&[("csrf", "nope"), form[0], form[1]])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403);
    // Right token, but from another site.
    let token = csrf(&app, &client).await;
    let res = client
        .post(app.url("/municipalities"))
        .header("origin", "https://evil.example")
        .form(&[("csrf", token.as_str()), form[0], form[1]])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403);
    assert!(
        app.store.municipality_by_code("GM9970").await.is_err(),
        "nothing may be saved by a refused request"
    );
    // Right token, own site.
    let res = client
        .post(app.url("/municipalities"))
        .form(&[("csrf", token.as_str()), form[0], form[1]])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store
            .municipality_by_code("GM9970")
            .await
            .expect("saved")
            .name,
        "Csrfdorp"
    );
    app.shutdown().await;
}
on_both_backends!(csrf_is_refused);
