//! Named participants of a group activity (issue 13, item 1; ADR 026) on both backends: a child is named only
//! with consent to share with the school — the child whose parents refused is refused at both doors (422 on
//! `case_id`, suggesting to count the child anonymously) — the named child's case timeline shows the
//! participation, presence is recorded per session (not before its day), the school's own contact sees the
//! name while consent holds and another school's contact sees nothing, the readings are logged as reads of the
//! case, and after the consent is withdrawn the name is hidden from everyone.

use crate::on_both_backends;
use crate::support::{
    Backend, TestApp, api_token, as_role, assert_status, get_json, page_text, post_form, post_json,
    spawn_app,
};
use serde_json::{Value, json};

async fn add_school_contact(app: &TestApp, username: &str, school_id: i64) {
    let mut tx = app.store.begin().await.expect("tx");
    tx.insert_user(
        &schakel_store::NewUser {
            username: username.into(),
            display_name: format!("IB {username}"),
            password_hash: schakel_web::hash_password("schakel-demo").expect("hash"),
            role: "school_contact".into(),
            school_id: Some(school_id),
            ..Default::default()
        },
        chrono::Utc::now(),
    )
    .await
    .expect("user");
    tx.commit().await.expect("commit");
}

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

/// Two open cases of the worker at one school: (school, first, second).
async fn two_cases_at_one_school(app: &TestApp, smw: &str) -> (i64, i64, i64) {
    let (status, cases) = get_json(app, smw, "/api/v1/cases").await;
    assert_eq!(status, 200, "{cases}");
    let items = cases["items"].as_array().expect("cases");
    for a in items {
        let school = a["school_id"].as_i64();
        if let Some(b) = items
            .iter()
            .find(|b| b["id"] != a["id"] && b["school_id"].as_i64() == school && school.is_some())
        {
            return (
                school.expect("school"),
                a["id"].as_i64().expect("id"),
                b["id"].as_i64().expect("id"),
            );
        }
    }
    panic!("the worker has no two cases at one school: {cases}");
}

/// Consent to share with the school from the child and every parent with gezag (enough at every age).
async fn consent_to_share_with_school(app: &TestApp, smw: &str, case_id: i64) {
    let file = app.store.case_file(case_id).await.expect("file");
    let mut parties = vec!["child".to_string()];
    parties.extend(
        file.guardians
            .iter()
            .filter(|g| *g.has_gezag)
            .map(|g| format!("guardian:{}", g.id)),
    );
    for party in parties {
        let (status, body) = post_json(
            app,
            smw,
            &format!("/api/v1/cases/{case_id}/consents"),
            json!({"party": party, "purpose": "share", "recipient_id": "school", "given_on": day(-30)}),
        )
        .await;
        assert_eq!(status, 204, "{body}");
    }
}

/// Every consent to share of the case withdrawn.
async fn withdraw_sharing(app: &TestApp, smw: &str, case_id: i64) {
    let file = app.store.case_file(case_id).await.expect("file");
    for c in file
        .consents
        .iter()
        .filter(|c| c.purpose == "share" && c.withdrawn_on.is_none())
    {
        let (status, body) = post_json(
            app,
            smw,
            &format!("/api/v1/cases/{case_id}/consents/{}/withdraw", c.id),
            json!({}),
        )
        .await;
        assert!(status == 204 || status == 200, "{status} {body}");
    }
}

fn first_error_field(body: &Value) -> String {
    body["errors"][0]["field"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// A theme meeting at `school` with a session held yesterday and one tomorrow: (activity, held, planned).
async fn a_group_at(app: &TestApp, smw: &str, school: i64) -> (i64, i64, i64) {
    let (status, body) = post_json(
        app,
        smw,
        "/api/v1/group-activities",
        json!({"kind": "kindertraining", "title": "Weerbaarheidstraining groep 6", "school_ids": [school]}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_i64().expect("id");
    let mut sessions = Vec::new();
    for offset in [-1, 1] {
        let (status, body) = post_json(
            app,
            smw,
            &format!("/api/v1/group-activities/{id}/sessions"),
            json!({"held_on": day(offset), "starts_at": "14:00", "ends_at": "15:00", "theme": "Nee zeggen"}),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        sessions.push(body["id"].as_i64().expect("id"));
    }
    (id, sessions[0], sessions[1])
}

async fn a_child_named_only_with_consent(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("seed");
    let smw = api_token(&app, "smw").await;
    let smw_page = as_role(&app, "smw").await;
    let (school, named, refused) = two_cases_at_one_school(&app, &smw).await;
    consent_to_share_with_school(&app, &smw, named).await;
    withdraw_sharing(&app, &smw, refused).await;
    let named_name = app.store.case(named).await.expect("case").child_name;
    let refused_name = app.store.case(refused).await.expect("case").child_name;
    let (id, held, planned) = a_group_at(&app, &smw, school).await;
    let participants = format!("/api/v1/group-activities/{id}/participants");

    // Without consent to share with the school: 422 on case_id at both doors, suggesting to count anonymously.
    let (status, body) = post_json(&app, &smw, &participants, json!({"case_id": refused})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(first_error_field(&body), "case_id", "{body}");
    assert!(body.to_string().contains("anoniem"), "{body}");
    let refused_s = refused.to_string();
    let res = post_form(
        &app,
        &smw_page,
        &format!("/group-activities/{id}/participants"),
        &[("case_id", &refused_s)],
    )
    .await;
    let page = assert_status(res, 422, "named without consent (page)").await;
    assert!(page.contains("anoniem mee"), "the page does not say why");
    // No case at all, a case of another activity's school: refused the same way.
    let (status, body) = post_json(&app, &smw, &participants, json!({})).await;
    assert_eq!((status, first_error_field(&body)), (422, "case_id".into()));

    // With consent (page): named; twice is refused; the case's timeline shows it.
    let named_s = named.to_string();
    let res = post_form(
        &app,
        &smw_page,
        &format!("/group-activities/{id}/participants"),
        &[("case_id", &named_s)],
    )
    .await;
    assert_status(res, 303, "named with consent (page)").await;
    let (status, body) = post_json(&app, &smw, &participants, json!({"case_id": named})).await;
    assert_eq!(status, 422, "a second time: {body}");
    let (status, timeline) = get_json(&app, &smw, &format!("/api/v1/cases/{named}/timeline")).await;
    assert_eq!(status, 200, "{timeline}");
    assert!(
        timeline
            .to_string()
            .contains("Neemt deel aan groepsactiviteit Weerbaarheidstraining groep 6"),
        "{timeline}"
    );

    // Presence: at the held session (API, then the page), refused at the one to come.
    let (_, list) = get_json(&app, &smw, &participants).await;
    let pid = list["items"][0]["id"].as_i64().expect("participant");
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "{list}");
    let (status, body) = post_json(
        &app,
        &smw,
        &format!("/api/v1/group-activities/{id}/sessions/{planned}/presence"),
        json!({"participant_ids": [pid]}),
    )
    .await;
    assert_eq!(status, 422, "presence before the day: {body}");
    let (status, body) = post_json(
        &app,
        &smw,
        &format!("/api/v1/group-activities/{id}/sessions/{held}/presence"),
        json!({"participant_ids": [pid + 1000]}),
    )
    .await;
    assert_eq!(status, 422, "presence of someone not named: {body}");
    let pid_s = pid.to_string();
    let res = post_form(
        &app,
        &smw_page,
        &format!("/group-activities/{id}/sessions/{held}/presence"),
        &[("participant_ids", &pid_s)],
    )
    .await;
    assert_status(res, 303, "presence (page)").await;
    let (status, list) = get_json(&app, &smw, &participants).await;
    assert_eq!(status, 200);
    assert_eq!(list["items"][0]["name"], json!(named_name), "{list}");
    assert_eq!(list["items"][0]["case_id"], json!(named), "{list}");
    assert_eq!(list["items"][0]["present_at"], json!([held]), "{list}");
    let activity_page = page_text(&app, &smw_page, &format!("/group-activities/{id}")).await;
    assert!(
        activity_page.contains(&format!("href=\"/cases/{named}\">{named_name}</a>")),
        "the page does not name the participant"
    );
    let (_, list) = get_json(&app, &smw, &participants).await;
    assert!(!list.to_string().contains(&refused_name), "{list}");

    who_sees_the_name(&app, id, school, named, &named_name).await;

    // Consent withdrawn: the name is hidden from everyone, the presence stays counted.
    withdraw_sharing(&app, &smw, named).await;
    let (_, list) = get_json(&app, &smw, &participants).await;
    assert_eq!(list["items"][0]["name"], json!(""), "{list}");
    assert_eq!(list["items"][0]["case_id"], Value::Null, "{list}");
    assert_eq!(list["items"][0]["present_at"], json!([held]), "{list}");
    let activity_page = page_text(&app, &smw_page, &format!("/group-activities/{id}")).await;
    assert!(
        !activity_page.contains(&named_name),
        "the name is still shown"
    );
    let own = api_token(&app, "ib-eigen").await;
    let (_, seen) = get_json(&app, &own, &participants).await;
    assert!(!seen.to_string().contains(&named_name), "{seen}");
    app.shutdown().await;
}

/// The school's own contact sees the name (logged as a read of the case with the activity as basis); a contact
/// of another school gets 404; refusals and changes are logged.
async fn who_sees_the_name(app: &TestApp, id: i64, school: i64, named: i64, name: &str) {
    add_school_contact(app, "ib-eigen", school).await;
    let own = api_token(app, "ib-eigen").await;
    let participants = format!("/api/v1/group-activities/{id}/participants");
    let (status, seen) = get_json(app, &own, &participants).await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["items"][0]["name"], json!(name), "{seen}");
    let other = api_token(app, "school").await;
    let (status, _) = get_json(app, &other, &participants).await;
    assert_eq!(status, 404);
    let (status, _) = post_json(app, &other, &participants, json!({"case_id": named})).await;
    assert_eq!(status, 403);
    let case_reads = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            subject_kind: Some("case".into()),
            subject_id: Some(named.to_string()),
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("log");
    assert!(
        case_reads.iter().any(|e| e.event.username == "ib-eigen"
            && e.event.basis.contains(&format!("group activity {id}"))),
        "{case_reads:?}"
    );
    let changes = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            subject_kind: Some("group_activity".into()),
            subject_id: Some(id.to_string()),
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("log");
    assert!(
        changes
            .iter()
            .any(|e| e.event.action == "change" && e.event.outcome == "denied"),
        "the refusal to name is not logged"
    );
}

on_both_backends!(a_child_named_only_with_consent);

/// The fields a 422 names, sorted.
fn error_fields(body: &Value) -> Vec<String> {
    let mut fields: Vec<String> = body["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["field"].as_str().map(str::to_string))
        .collect();
    fields.sort_unstable();
    fields
}

/// A named participant is taken off at both doors with a reason from the fixed list (422 without one, naming
/// every wrong field; 403 for those who may not add one): the child is no longer listed, the presence per
/// session goes with the row, the case's timeline tells why and the access log holds the change of the case. A
/// participant whose consent was withdrawn (name hidden) can still be removed — that is the first reason.
async fn a_participant_is_removed_with_a_reason(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("seed");
    let smw = api_token(&app, "smw").await;
    let smw_page = as_role(&app, "smw").await;
    let (school, first, second) = two_cases_at_one_school(&app, &smw).await;
    consent_to_share_with_school(&app, &smw, first).await;
    consent_to_share_with_school(&app, &smw, second).await;
    let (id, held, _) = a_group_at(&app, &smw, school).await;
    let participants = format!("/api/v1/group-activities/{id}/participants");
    let remove = format!("{participants}/remove");
    let remove_page = format!("/group-activities/{id}/participants/remove");
    let mut pids = Vec::new();
    for case in [first, second] {
        let (status, body) = post_json(&app, &smw, &participants, json!({"case_id": case})).await;
        assert_eq!(status, 201, "{body}");
        pids.push(body["id"].as_i64().expect("participant"));
    }
    let (status, body) = post_json(
        &app,
        &smw,
        &format!("/api/v1/group-activities/{id}/sessions/{held}/presence"),
        json!({"participant_ids": pids}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let (pid, other_pid) = (pids[0], pids[1]);
    let pid_s = pid.to_string();

    // The activity's page shows a remove form per participant.
    let page = page_text(&app, &smw_page, &format!("/group-activities/{id}")).await;
    for p in &pids {
        assert!(
            page.contains(&format!("id=\"form-group-participant-remove-{p}\"")),
            "no remove form for participant {p}"
        );
    }
    assert!(page.contains(&format!("action=\"{remove_page}\"")));

    // A reason from the list is required, at both doors; every wrong field at once.
    let (status, body) = post_json(&app, &smw, &remove, json!({"participant_id": pid})).await;
    assert_eq!(
        (status, error_fields(&body)),
        (422, vec!["reason".into()]),
        "{body}"
    );
    let (status, body) = post_json(&app, &smw, &remove, json!({"reason": "verhuisd"})).await;
    assert_eq!(
        (status, error_fields(&body)),
        (422, vec!["participant_id".into(), "reason".into()]),
        "{body}"
    );
    let res = post_form(&app, &smw_page, &remove_page, &[("participant_id", &pid_s)]).await;
    let page = assert_status(res, 422, "removed without a reason (page)").await;
    assert!(page.contains("Kies waarom het kind van de deelnemers af gaat"));
    assert!(page.contains(&format!("id=\"form-group-participant-remove-{pid}\"")));

    // Only those who may add a participant may remove one.
    let school_page = as_role(&app, "school").await;
    let res = post_form(
        &app,
        &school_page,
        &remove_page,
        &[("participant_id", &pid_s), ("reason", "vergissing")],
    )
    .await;
    assert_status(res, 403, "a school contact (page)").await;
    for user in ["school", "gemeente", "beheer", "privacy"] {
        let token = api_token(&app, user).await;
        let (status, body) = post_json(
            &app,
            &token,
            &remove,
            json!({"participant_id": pid, "reason": "vergissing"}),
        )
        .await;
        assert_eq!(status, 403, "{user}: {body}");
    }
    let (_, list) = get_json(&app, &smw, &participants).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(2), "{list}");

    // Added by mistake, through the API: gone from the list with its presence; the timeline and log say so.
    let (status, body) = post_json(
        &app,
        &smw,
        &remove,
        json!({"participant_id": pid, "reason": "vergissing"}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
    let (_, list) = get_json(&app, &smw, &participants).await;
    let ids: Vec<i64> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|p| p["id"].as_i64())
        .collect();
    assert_eq!(ids, vec![other_pid], "{list}");
    assert_eq!(
        list["items"][0]["present_at"],
        json!([held]),
        "the other keeps theirs"
    );
    assert!(told_on_timeline(&app, &smw, first, "(per vergissing toegevoegd)").await);
    let log = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            subject_kind: Some("case".into()),
            subject_id: Some(first.to_string()),
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("log");
    assert!(
        log.iter().any(|e| e.event.action == "change"
            && e.event
                .basis
                .contains(&format!("participant {pid} removed (vergissing)"))),
        "the removal is not in the access log"
    );
    let (status, body) = post_json(
        &app,
        &smw,
        &remove,
        json!({"participant_id": pid, "reason": "vergissing"}),
    )
    .await;
    assert_eq!(
        (status, error_fields(&body)),
        (422, vec!["participant_id".into()])
    );

    // Consent withdrawn, through the page: the name is hidden, the participant can still be removed.
    withdraw_sharing(&app, &smw, second).await;
    let other_s = other_pid.to_string();
    let res = post_form(
        &app,
        &smw_page,
        &remove_page,
        &[
            ("participant_id", &other_s),
            ("reason", "toestemming_ingetrokken"),
        ],
    )
    .await;
    assert_status(res, 303, "removed on the page").await;
    let (_, list) = get_json(&app, &smw, &participants).await;
    assert_eq!(list["items"], json!([]), "{list}");
    assert!(told_on_timeline(&app, &smw, second, "(toestemming ingetrokken)").await);
    let page = page_text(&app, &smw_page, &format!("/group-activities/{id}")).await;
    assert!(!page.contains("form-group-participant-remove-"));
    app.shutdown().await;
}
on_both_backends!(a_participant_is_removed_with_a_reason);

/// Does the case's timeline say the child no longer takes part in the test's activity, with this reason?
async fn told_on_timeline(app: &TestApp, smw: &str, case: i64, reason: &str) -> bool {
    let (status, timeline) = get_json(app, smw, &format!("/api/v1/cases/{case}/timeline")).await;
    assert_eq!(status, 200, "{timeline}");
    timeline.to_string().contains(&format!(
        "Niet langer deelnemer aan groepsactiviteit Weerbaarheidstraining groep 6 {reason}"
    ))
}
