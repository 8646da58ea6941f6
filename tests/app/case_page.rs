//! The case file as sections (issue 10 item 3, issue 11 item 1): one section at a time, the same handler answers
//! htmx with the section only; a saved form comes back to its section with a success message, a failed one with
//! an error summary and the typed input; closing asks to confirm first; the team lead reopens with a reason
//! (logged, on the timeline), never while the child has another open case.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, csrf, sign_in, spawn_app};
use schakel_store::AuditFilter;
use serde_json::json;

/// A new case of Sem de Vries, referred by the school and assigned to `smw` by the team lead.
async fn new_case(app: &TestApp) -> i64 {
    let api = reqwest::Client::new();
    let school = api_token(app, "school").await;
    let res = api
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(&school)
        .json(
            &json!({"given_name": "Sem", "family_name": "de Vries", "date_of_birth": "2016-09-01",
            "reason": "Vaak te laat.", "parents_agree": true,
            "guardians": [{"name": "Anne de Vries", "relation": "moeder", "has_gezag": true}]}),
        )
        .send()
        .await
        .expect("req");
    let referral_id = res.json::<serde_json::Value>().await.expect("json")["id"]
        .as_i64()
        .expect("id");
    let smw = app
        .store
        .user_by_username("smw")
        .await
        .expect("user")
        .expect("smw");
    let worker = app
        .store
        .worker_of_user(smw.id)
        .await
        .expect("worker")
        .expect("worker");
    let lead = api_token(app, "teamleider").await;
    let version = app
        .store
        .referral(referral_id)
        .await
        .expect("referral")
        .version;
    let res = api
        .post(app.url(&format!("/api/v1/referrals/{referral_id}/triage")))
        .bearer_auth(&lead)
        .json(&json!({"decision": "accepted", "worker_id": worker.id, "version": version}))
        .send()
        .await
        .expect("req");
    res.json::<serde_json::Value>().await.expect("json")["case_id"]
        .as_i64()
        .expect("case")
}

async fn get(client: &reqwest::Client, app: &TestApp, path: &str, hx: bool) -> (u16, String) {
    let mut req = client.get(app.url(path));
    if hx {
        req = req.header("HX-Request", "true");
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.text().await.expect("body"))
}

async fn case_page_in_sections(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let case_id = new_case(&app).await;
    let smw = app.client();
    sign_in(&app, &smw, "smw", "schakel-demo").await;
    let token = csrf(&app, &smw).await;

    // The page: header, a navigation of plain links, one section.
    let (status, page) = get(&smw, &app, &format!("/cases/{case_id}"), false).await;
    assert_eq!(status, 200);
    assert!(page.contains("id=\"case-header\"") && page.contains("data-section=\"overview\""));
    for section in ["contacts", "goals", "consent", "tasks", "closure"] {
        assert!(page.contains(&format!("/cases/{case_id}?section={section}")));
    }
    assert!(
        !page.contains("id=\"f-contact-note\""),
        "one section at a time"
    );
    // htmx gets the section and the header (out of band), not the layout.
    let (status, part) = get(
        &smw,
        &app,
        &format!("/cases/{case_id}?section=contacts"),
        true,
    )
    .await;
    assert_eq!(status, 200);
    assert!(part.starts_with("<title>") && part.contains("data-section=\"contacts\""));
    assert!(part.contains("hx-swap-oob=\"true\"") && !part.contains("<html"));
    assert!(part.contains("id=\"f-contact-note\""));

    // A failed contact: 422, an error summary linking the field, what was typed kept, "Fout: " in the title.
    let today = chrono::Utc::now().date_naive().to_string();
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/contacts")))
        .form(&[
            ("csrf", token.as_str()),
            ("held_on", today.as_str()),
            ("kind", "gesprek_kind"),
            ("minutes", "veertig"),
            ("note", "Een notitie die bewaard blijft"),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(body.contains("id=\"error-summary\"") && body.contains("href=\"#f-contact-minutes\""));
    assert!(body.contains("value=\"veertig\"") && body.contains("Een notitie die bewaard blijft"));
    assert!(body.contains("<title>Fout: "));
    // A saved contact: back to the contacts section with a success message.
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/contacts")))
        .form(&[
            ("csrf", token.as_str()),
            ("held_on", today.as_str()),
            ("kind", "gesprek_kind"),
            ("minutes", "40"),
            ("note", "Kort gesprek in de pauze."),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert_eq!(
        to,
        format!("/cases/{case_id}?section=contacts&saved=contact")
    );
    let (_, shown) = get(&smw, &app, &to, false).await;
    assert!(shown.contains("role=\"status\"") && shown.contains("Contact opgeslagen."));
    assert!(shown.contains("Kort gesprek in de pauze."));

    stale_child_edit_lists_what_was_typed(&app, &smw, &token, case_id).await;
    closing_asks_first_and_the_team_lead_reopens(&app, &smw, &token, case_id).await;
    app.shutdown().await;
}

/// The child's details saved with an old version: 409, the conflict message lists what the user typed under the
/// child form's labels (not the case form's, which shares the section), and the title starts with "Fout: ".
async fn stale_child_edit_lists_what_was_typed(
    app: &TestApp,
    smw: &reqwest::Client,
    token: &str,
    case_id: i64,
) {
    let child_id = app.store.case(case_id).await.expect("case").child_id;
    let version = app.store.child(child_id).await.expect("child").version;
    let version = version.to_string();
    let save = async |class: &str| {
        smw.post(app.url(&format!("/cases/{case_id}/child")))
            .form(&[
                ("csrf", token),
                ("class_name", class),
                ("home_language", "Nederlands"),
                ("version", version.as_str()),
            ])
            .send()
            .await
            .expect("req")
    };
    assert_eq!(save("Groep 6a").await.status(), 303);
    let res = save("Groep 6b").await;
    assert_eq!(res.status(), 409);
    let body = res.text().await.expect("body");
    assert!(body.contains("<title>Fout: "), "{body}");
    let start = body.find("id=\"conflict\"").expect("the conflict message");
    let conflict = &body[start..start + body[start..].find("</div>").expect("its end")];
    assert!(
        conflict.contains("<dt>Groep / klas</dt><dd>Groep 6b</dd>"),
        "{conflict}"
    );
    assert!(!conflict.contains("Samenvatting"), "{conflict}");
}

/// Closing asks first and only the second post closes; reopening is the team lead's, with a reason, logged and on
/// the timeline.
async fn closing_asks_first_and_the_team_lead_reopens(
    app: &TestApp,
    smw: &reqwest::Client,
    token: &str,
    case_id: i64,
) {
    // Closing asks first; only the second post closes.
    let version = app.store.case(case_id).await.expect("case").version;
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/close")))
        .form(&[
            ("csrf", token),
            ("reason", "doelen_bereikt"),
            ("step", "confirm"),
            ("version", version.to_string().as_str()),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 200);
    let body = res.text().await.expect("body");
    assert!(body.contains("Weet u zeker") && body.contains("id=\"submit-close-confirm\""));
    assert_eq!(app.store.case(case_id).await.expect("case").status, "open");
    // Confirmed with a mark out of range: 422, the mark in the error summary, and the form asks again.
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/close")))
        .form(&[
            ("csrf", token),
            ("reason", "doelen_bereikt"),
            ("satisfaction_parent", "11"),
            ("version", version.to_string().as_str()),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("href=\"#f-close-satisfaction_parent\"") && body.contains("value=\"11\"")
    );
    assert!(
        body.contains("<input type=\"hidden\" name=\"step\" value=\"confirm\">"),
        "the closing form shown again asks to confirm again"
    );
    assert_eq!(app.store.case(case_id).await.expect("case").status, "open");
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/close")))
        .form(&[
            ("csrf", token),
            ("reason", "doelen_bereikt"),
            ("version", version.to_string().as_str()),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.store.case(case_id).await.expect("case").status,
        "closed"
    );

    // Reopening: the team lead only, with a reason; logged and on the timeline.
    let res = smw
        .post(app.url(&format!("/cases/{case_id}/reopen")))
        .form(&[("csrf", token), ("reason", "Nieuwe signalen")])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 403);
    let lead = app.client();
    sign_in(app, &lead, "teamleider", "schakel-demo").await;
    let lead_token = csrf(app, &lead).await;
    let (_, closure) = get(
        &lead,
        app,
        &format!("/cases/{case_id}?section=closure"),
        false,
    )
    .await;
    assert!(closure.contains(&format!("/cases/{case_id}/reopen")));
    let res = lead
        .post(app.url(&format!("/cases/{case_id}/reopen")))
        .form(&[("csrf", lead_token.as_str()), ("reason", "  ")])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("href=\"#f-reopen-reason\"")
    );
    let res = lead
        .post(app.url(&format!("/cases/{case_id}/reopen")))
        .form(&[
            ("csrf", lead_token.as_str()),
            ("reason", "Nieuwe signalen van school"),
        ])
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 303);
    let reopened = app.store.case(case_id).await.expect("case");
    assert_eq!(
        (reopened.status.as_str(), reopened.closed_on),
        ("open", None)
    );
    let file = app.store.case_file(case_id).await.expect("file");
    assert!(
        file.events.iter().any(
            |e| e.summary.contains("Dossier heropend") && e.summary.contains("Nieuwe signalen")
        )
    );
    let changes = app
        .store
        .search_audit(&AuditFilter {
            subject_kind: Some("case".into()),
            subject_id: Some(case_id.to_string()),
            limit: 200,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(changes.iter().any(|e| e.event.username == "teamleider"
        && e.event.route == "/cases/{id}/reopen"
        && e.event.outcome == "ok"));
}
on_both_backends!(case_page_in_sections);

/// Through the API: reopening needs the team lead and a reason, and is refused while the child has another
/// open case (one open case per child).
async fn reopen_through_the_api(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let case_id = new_case(&app).await;
    let api = reqwest::Client::new();
    let smw = api_token(&app, "smw").await;
    let lead = api_token(&app, "teamleider").await;
    let version = app.store.case(case_id).await.expect("case").version;
    let res = api
        .post(app.url(&format!("/api/v1/cases/{case_id}/close")))
        .bearer_auth(&smw)
        .json(&json!({"reason": "doelen_bereikt", "version": version}))
        .send()
        .await
        .expect("req");
    assert!(res.status().is_success(), "closed: {}", res.status());
    let reopen = |token: String, body: serde_json::Value| {
        let req = api
            .post(app.url(&format!("/api/v1/cases/{case_id}/reopen")))
            .bearer_auth(token)
            .json(&body);
        async move { req.send().await.expect("req").status().as_u16() }
    };
    assert_eq!(reopen(smw.clone(), json!({"reason": "x"})).await, 403);
    assert_eq!(reopen(lead.clone(), json!({})).await, 422);
    // Another open case of the same child: refused.
    let case = app.store.case(case_id).await.expect("case");
    let mut tx = app.store.begin().await.expect("tx");
    let other = tx
        .insert_case(
            &schakel_store::NewCase {
                organisation_id: case.organisation_id,
                case_number: format!("{}-B", case.case_number),
                child_id: case.child_id,
                school_id: case.school_id,
                worker_id: case.worker_id,
                team_id: case.team_id,
                referral_id: None,
                previous_case_id: Some(case_id),
                opened_on: chrono::Utc::now().date_naive().to_string(),
                review_on: None,
            },
            chrono::Utc::now(),
        )
        .await
        .expect("other case");
    tx.commit().await.expect("commit");
    assert_eq!(
        reopen(lead.clone(), json!({"reason": "Nieuwe signalen"})).await,
        422
    );
    assert_eq!(
        app.store.case(case_id).await.expect("case").status,
        "closed"
    );
    // With the other case closed, it reopens.
    let version = app.store.case(other).await.expect("case").version;
    let res = api
        .post(app.url(&format!("/api/v1/cases/{other}/close")))
        .bearer_auth(&lead)
        .json(&json!({"reason": "doelen_bereikt", "version": version}))
        .send()
        .await
        .expect("req");
    assert!(res.status().is_success(), "closed: {}", res.status());
    assert_eq!(
        reopen(lead.clone(), json!({"reason": "Nieuwe signalen"})).await,
        204
    );
    assert_eq!(app.store.case(case_id).await.expect("case").status, "open");
    app.shutdown().await;
}
on_both_backends!(reopen_through_the_api);
