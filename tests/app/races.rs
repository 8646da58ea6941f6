//! Races and crashes of issue 9: a change whose access-log append fails (its entry is not lost).

use crate::support::{Backend, TestApp, api_token, spawn_app};
use schakel_store::{AuditFilter, AuditVerification, Store};
use serde_json::{Value, json};

/// A referral by the school contact of the demo world; the same name and date of birth are the same child
/// (each pair its own birthday: the look for a known child reads at most ten look-alikes).
async fn refer(app: &TestApp, school: &str, given_name: &str, pair: usize) -> i64 {
    let born = format!("2016-05-{:02}", pair % 28 + 1);
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/referrals"))
        .bearer_auth(school)
        .json(&json!({
            "given_name": given_name, "family_name": "Gelijktijdig", "date_of_birth": born,
            "class_name": "groep 5",
            "guardians": [{"name": "Noor Gelijktijdig", "relation": "moeder", "has_gezag": true}],
            "reason": "Twee aanmeldingen op hetzelfde moment.", "signals": ["gedrag"], "urgency": "normaal",
            "parents_agree": true
        }))
        .send()
        .await
        .expect("referral request");
    assert_eq!(res.status(), 201, "referral of {given_name}");
    res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("referral id")
}

/// Accepts a referral through the API; gives the status and the answer.
async fn accept(app: &TestApp, smw: &str, referral_id: i64) -> (u16, Value) {
    let version = app
        .store
        .referral(referral_id)
        .await
        .expect("referral")
        .version;
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/referrals/{referral_id}/triage")))
        .bearer_auth(smw)
        .json(&json!({"decision": "accepted", "version": version}))
        .send()
        .await
        .expect("triage request");
    let status = res.status().as_u16();
    (status, res.json::<Value>().await.unwrap_or(Value::Null))
}

/// The `change` entries the access log holds for a case.
async fn change_entries(store: &Store, case_id: i64) -> Vec<schakel_domain::audit::AuditEntry> {
    store
        .search_audit(&AuditFilter {
            subject_kind: Some("case".into()),
            subject_id: Some(case_id.to_string()),
            limit: 5000,
            ..Default::default()
        })
        .await
        .expect("search the log")
        .into_iter()
        .filter(|e| e.event.action == "change")
        .collect()
}

/// The log cannot be written when a contact is saved (as if the process died between the change and its log
/// entry): the contact is then either not there, or the log holds its `change` entry after a restart — once.
async fn a_change_is_not_saved_without_its_log_entry(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = api_token(&app, "school").await;
    let smw = api_token(&app, "smw").await;
    let referral = refer(&app, &school, "Logboek", 0).await;
    let (status, body) = accept(&app, &smw, referral).await;
    assert_eq!(status, 200, "{body}");
    let case_id = body["case_id"].as_i64().expect("case id");
    let contacts_before = app
        .store
        .case_file(case_id)
        .await
        .expect("file")
        .contacts
        .len();
    let changes_before = change_entries(&app.store, case_id).await.len();

    app.store.fail_log_appends(true);
    let today = chrono::Utc::now().date_naive().to_string();
    let res = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/cases/{case_id}/contacts")))
        .bearer_auth(&smw)
        .json(
            &json!({"held_on": today, "kind": "gesprek_kind", "participants": "Logboek",
            "minutes": 30, "note": "Gesprek terwijl het log niet te schrijven is."}),
        )
        .send()
        .await
        .expect("contact request");
    let answered = res.status().as_u16();
    app.store.fail_log_appends(false);
    let contacts_after = app
        .store
        .case_file(case_id)
        .await
        .expect("file")
        .contacts
        .len();
    assert!(
        answered == 201 || answered == 500,
        "saved, or refused as a whole: {answered}"
    );
    if contacts_after == contacts_before {
        assert_eq!(
            answered, 500,
            "a contact that is not there was not reported saved"
        );
    } else {
        assert_eq!(contacts_after, contacts_before + 1);
        // The start of the application (on the same database) appends what the failed append left.
        let restarted = Store::connect(&app.database_url)
            .await
            .expect("connect again");
        restarted.migrate().await.expect("start-up");
        let changes = change_entries(&restarted, case_id).await;
        assert_eq!(
            changes.len(),
            changes_before + 1,
            "the contact's change entry is in the log after the restart"
        );
        assert!(
            changes
                .iter()
                .any(|e| e.event.route == "/api/v1/cases/{id}/contacts" && e.event.method == "POST"),
            "{changes:?}"
        );
        assert_eq!(restarted.staged_audit_count().await.expect("outbox"), 0);
        restarted.close().await;
    }

    // The running application writes its log again, and appends nothing twice.
    let res = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/cases/{case_id}")))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("case file request");
    assert_eq!(res.status(), 200);
    assert_eq!(
        change_entries(&app.store, case_id).await.len(),
        changes_before + usize::from(contacts_after > contacts_before),
        "no change entry appended twice"
    );
    assert!(matches!(
        app.store.verify_audit().await.expect("verify"),
        AuditVerification::Intact { .. }
    ));
    app.shutdown().await;
}
crate::on_both_backends!(a_change_is_not_saved_without_its_log_entry);

/// A crash after the staged entries went into the chain but before they left the outbox: the next start
/// removes them from the outbox without appending them again.
async fn a_staged_entry_already_in_the_chain_is_not_appended_again(backend: Backend) {
    let Some((store, _, cleanup)) = crate::support::fresh_store(backend).await else {
        return;
    };
    let event = schakel_domain::audit::AuditEvent {
        at: "2026-11-26T12:00:00.000000Z".into(),
        user_id: None,
        username: "smw".into(),
        role: "social_worker".into(),
        organisation_id: Some(1),
        action: "change".into(),
        subject_kind: "case".into(),
        subject_id: Some("7".into()),
        route: "/api/v1/cases/{id}/contacts".into(),
        method: "POST".into(),
        client_addr: "127.0.0.1".into(),
        outcome: "ok".into(),
        basis: "role:social_worker".into(),
    };
    let mut tx = store.begin().await.expect("tx");
    tx.stage_audit(&event).await.expect("stage");
    tx.commit().await.expect("commit");
    // What the log writer's first step leaves: the entry in the chain, its outbox id remembered there.
    let mut tx = store.begin().await.expect("tx");
    tx.append_audit(vec![event.clone()]).await.expect("append");
    tx.commit().await.expect("commit");
    store
        .execute_admin(
            "INSERT INTO access_log_appended (outbox_id) SELECT id FROM access_log_outbox",
        )
        .await
        .expect("remember the appended id");
    assert_eq!(store.staged_audit_count().await.expect("outbox"), 1);

    store.migrate().await.expect("start-up");
    assert_eq!(store.staged_audit_count().await.expect("outbox"), 0);
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerification::Intact { entries: 1 },
        "appended once"
    );
    // A staged entry not yet in the chain is appended by the start-up.
    let mut tx = store.begin().await.expect("tx");
    tx.stage_audit(&event).await.expect("stage");
    tx.commit().await.expect("commit");
    store.migrate().await.expect("start-up");
    assert_eq!(
        store.verify_audit().await.expect("verify"),
        AuditVerification::Intact { entries: 2 }
    );
    store.close().await;
    cleanup.remove().await;
}
crate::on_both_backends!(a_staged_entry_already_in_the_chain_is_not_appended_again);
