//! Care meetings (issue 13, item 3) on both backends: a ZAT meeting discusses three pupils — one by name with
//! consent to share with the school, one anonymously, one whose parents did not consent (refused by name, 422, at
//! the page and the API, with a message that names why and suggests anonymity) — the agreed actions appear in
//! their owners' task lists and can be marked done; the school's own contact sees the named pupil only while
//! consent holds; a contact of another school and the municipality see nothing; the readings are in the access
//! log; the figures count held and planned meetings and the pupils discussed.

use crate::on_both_backends;
use crate::support::{
    Backend, TestApp, api_token, as_role, assert_status, get_json, page_text, post_form, post_json,
    spawn_app,
};
use serde_json::json;

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

fn location_id(res: &reqwest::Response) -> i64 {
    res.headers()["location"]
        .to_str()
        .expect("location")
        .rsplit('/')
        .next()
        .and_then(|s| s.split('?').next())
        .and_then(|s| s.parse().ok())
        .expect("an id in the location")
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

/// The parents refused: every consent to share with the school is withdrawn (one is given and withdrawn first).
async fn refuse_sharing_with_school(app: &TestApp, smw: &str, case_id: i64) {
    let (status, body) = post_json(
        app,
        smw,
        &format!("/api/v1/cases/{case_id}/consents"),
        json!({"party": "child", "purpose": "share", "recipient_id": "school", "given_on": day(-30)}),
    )
    .await;
    assert_eq!(status, 204, "{body}");
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

async fn a_zat_meeting_discusses_three_pupils(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("seed");
    let smw = api_token(&app, "smw").await;
    let smw_page = as_role(&app, "smw").await;
    let lead = app
        .store
        .user_by_username("teamleider")
        .await
        .expect("user")
        .expect("team lead");
    let me = app
        .store
        .user_by_username("smw")
        .await
        .expect("user")
        .expect("smw");
    let (school, named, refused) = two_cases_at_one_school(&app, &smw).await;
    consent_to_share_with_school(&app, &smw, named).await;
    refuse_sharing_with_school(&app, &smw, refused).await;
    let named_name = app.store.case(named).await.expect("case").child_name;
    let refused_name = app.store.case(refused).await.expect("case").child_name;

    // Plan a ZAT meeting today through the page, and a series of five through the API.
    let school_s = school.to_string();
    let (lead_s, me_s) = (lead.id.to_string(), me.id.to_string());
    let today = day(0);
    let res = post_form(
        &app,
        &smw_page,
        "/care-meetings",
        &[
            ("kind", "zat"),
            ("school_id", &school_s),
            ("held_on", &today),
            ("starts_at", "13:00"),
            ("ends_at", "14:30"),
            ("agenda", "Zorgleerlingen groep 4-6"),
            ("participant_ids", &me_s),
            ("participant_ids", &lead_s),
            ("outside_participants", "IB'er A. Jansen, jeugdarts"),
            ("count", "1"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303, "plan: {:?}", res.text().await);
    let id = location_id(&res);
    let (status, series) = post_json(
        &app,
        &smw,
        "/api/v1/care-meetings",
        json!({"kind": "zat", "school_id": school, "held_on": day(14), "starts_at": "13:00", "ends_at": "14:30",
               "count": 5, "every_weeks": 6}),
    )
    .await;
    assert_eq!(status, 201, "{series}");
    assert_eq!(series["ids"].as_array().map(Vec::len), Some(5));
    // A school outside the organisation's work is refused.
    let (status, body) = post_json(
        &app,
        &smw,
        "/api/v1/care-meetings",
        json!({"kind": "zat", "school_id": 999_999, "held_on": day(1), "starts_at": "13:00", "ends_at": "14:00"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");

    discuss_three_pupils(&app, &smw, &smw_page, id, (named, refused)).await;
    let own_action = actions_in_task_lists(&app, (&smw, &smw_page), id, &lead_s).await;

    // Minutes (API): the meeting is held.
    let (status, body) = post_json(
        &app,
        &smw,
        &format!("/api/v1/care-meetings/{id}/minutes"),
        json!({"minutes": "Drie leerlingen besproken; afspraken zie acties."}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body["recorded_at"].is_string(), "{body}");

    // The worker marks the own action done on the page; it leaves the task list.
    let res = post_form(
        &app,
        &smw_page,
        &format!("/care-meetings/{id}/actions/{own_action}/done"),
        &[],
    )
    .await;
    assert_status(res, 303, "action done").await;
    let (_, mine) = get_json(&app, &smw, "/api/v1/my-actions").await;
    assert!(!mine.to_string().contains("Huisbezoek plannen"), "{mine}");

    // The worker's view: three pupils would have been two — the refused one was never added.
    let (status, detail) = get_json(&app, &smw, &format!("/api/v1/care-meetings/{id}")).await;
    assert_eq!(status, 200, "{detail}");
    let pupils = detail["pupil_list"].as_array().expect("pupils");
    assert_eq!(pupils.len(), 2, "{detail}");
    assert!(detail.to_string().contains(&named_name));
    assert!(!detail.to_string().contains(&refused_name));

    who_sees_the_meeting(&app, id, school, named, &named_name).await;

    // Figures: one held with one named and one anonymous pupil, five planned.
    let figures = app
        .store
        .care_meetings_per_school_year(&schakel_store::CareMeetingFilter {
            school_id: Some(school),
            ..Default::default()
        })
        .await
        .expect("figures");
    let held: i64 = figures.iter().map(|f| f.meetings_held).sum();
    let planned: i64 = figures.iter().map(|f| f.meetings_planned).sum();
    let named_n: i64 = figures.iter().map(|f| f.pupils_named).sum();
    let anonymous: i64 = figures.iter().map(|f| f.pupils_anonymous).sum();
    assert_eq!(
        (held, planned, named_n, anonymous),
        (1, 5, 1, 1),
        "{figures:?}"
    );
    app.shutdown().await;
}

/// Named with consent (API), anonymous (page), and the pupil whose parents refused: 422 at both doors.
async fn discuss_three_pupils(
    app: &TestApp,
    smw: &str,
    smw_page: &reqwest::Client,
    id: i64,
    (named, refused): (i64, i64),
) {
    // Named with consent (API), anonymous (page).
    let (status, body) = post_json(
        app,
        smw,
        &format!("/api/v1/care-meetings/{id}/pupils"),
        json!({"case_id": named, "description": "verzuim, afstemming met leerplicht"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let res = post_form(
        app,
        smw_page,
        &format!("/care-meetings/{id}/pupils"),
        &[
            ("case_id", ""),
            ("description", "leerling groep 5, vraag over concentratie"),
        ],
    )
    .await;
    assert_status(res, 303, "anonymous pupil").await;

    // The pupil whose parents refused: not by name, at the page and at the API, with the reason.
    let refused_s = refused.to_string();
    let res = post_form(
        app,
        smw_page,
        &format!("/care-meetings/{id}/pupils"),
        &[("case_id", &refused_s), ("description", "")],
    )
    .await;
    let page = assert_status(res, 422, "refused pupil by name (page)").await;
    assert!(page.contains("niet met naam"), "{page}");
    assert!(page.contains("anoniem"), "{page}");
    let (status, body) = post_json(
        app,
        smw,
        &format!("/api/v1/care-meetings/{id}/pupils"),
        json!({"case_id": refused}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("case_id"), "{body}");
    assert!(
        body.to_string().contains("anoniem") || body.to_string().contains("anonymously"),
        "{body}"
    );
}

/// One action for the worker (API), one for the team lead (page); each in its owner's task list only.
async fn actions_in_task_lists(
    app: &TestApp,
    (smw, smw_page): (&str, &reqwest::Client),
    id: i64,
    lead_s: &str,
) -> i64 {
    // Actions: one for the worker (API), one for the team lead (page); both in their owners' task lists.
    let (status, body) = post_json(
        app,
        smw,
        &format!("/api/v1/care-meetings/{id}/actions"),
        json!({"description": "Huisbezoek plannen met ouders", "due_on": day(7)}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let own_action = body["id"].as_i64().expect("id");
    let due = day(14);
    let res = post_form(
        app,
        smw_page,
        &format!("/care-meetings/{id}/actions"),
        &[
            ("description", "Leerplicht informeren over verzuim"),
            ("owner_user_id", lead_s),
            ("due_on", &due),
        ],
    )
    .await;
    assert_status(res, 303, "action for the team lead").await;
    let (status, mine) = get_json(app, smw, "/api/v1/my-actions").await;
    assert_eq!(status, 200, "{mine}");
    assert!(mine.to_string().contains("Huisbezoek plannen"), "{mine}");
    assert!(
        !mine.to_string().contains("Leerplicht informeren"),
        "{mine}"
    );
    let lead_home = page_text(app, &as_role(app, "teamleider").await, "/").await;
    assert!(
        lead_home.contains("Leerplicht informeren over verzuim"),
        "{lead_home}"
    );
    let home = page_text(app, smw_page, "/").await;
    assert!(home.contains("Huisbezoek plannen met ouders") && home.contains("my-actions"));

    own_action
}

/// The school's own contact sees the meeting and the named pupil while consent holds; a contact of another
/// school and the municipality see nothing; the readings are in the access log.
async fn who_sees_the_meeting(app: &TestApp, id: i64, school: i64, named: i64, name: &str) {
    let other_school = app
        .store
        .list_assignments(None, None, None)
        .await
        .expect("assignments")
        .into_iter()
        .map(|a| a.school_id)
        .find(|s| *s != school)
        .expect("another school");
    add_school_contact(app, "ib-eigen", school).await;
    add_school_contact(app, "ib-ander", other_school).await;
    let own = api_token(app, "ib-eigen").await;
    let (status, seen) = get_json(app, &own, &format!("/api/v1/care-meetings/{id}")).await;
    assert_eq!(status, 200, "{seen}");
    assert!(seen.to_string().contains(name), "{seen}");
    let own_page = page_text(
        app,
        &as_role(app, "ib-eigen").await,
        &format!("/care-meetings/{id}"),
    )
    .await;
    assert!(
        own_page.contains(name) && own_page.contains("concentratie"),
        "{own_page}"
    );

    let other = api_token(app, "ib-ander").await;
    let (status, _) = get_json(app, &other, &format!("/api/v1/care-meetings/{id}")).await;
    assert_eq!(status, 404);
    let (status, list) = get_json(app, &other, "/api/v1/care-meetings").await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
    let res = as_role(app, "ib-ander")
        .await
        .get(app.url(&format!("/care-meetings/{id}")))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 404);
    let municipality = api_token(app, "gemeente").await;
    let (status, _) = get_json(app, &municipality, &format!("/api/v1/care-meetings/{id}")).await;
    assert_eq!(status, 403);

    // The readings are logged: the meeting, and the named pupil's case with the meeting as its basis; the
    // other school's attempt as a refusal.
    let entries = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            subject_kind: Some("care_meeting".into()),
            subject_id: Some(id.to_string()),
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("log");
    assert!(
        entries.iter().any(|e| e.event.username == "ib-eigen"
            && e.event.action == "read"
            && e.event.outcome == "ok"),
        "{entries:?}"
    );
    assert!(
        entries
            .iter()
            .any(|e| e.event.username == "ib-ander" && e.event.outcome == "denied"),
        "{entries:?}"
    );
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
            && e.event.basis.contains(&format!("care meeting {id}"))),
        "{case_reads:?}"
    );

    // Consent withdrawn: the school no longer sees the name.
    let smw = api_token(app, "smw").await;
    let file = app.store.case_file(named).await.expect("file");
    for c in file
        .consents
        .iter()
        .filter(|c| c.purpose == "share" && c.withdrawn_on.is_none())
    {
        let (status, _) = post_json(
            app,
            &smw,
            &format!("/api/v1/cases/{named}/consents/{}/withdraw", c.id),
            json!({}),
        )
        .await;
        assert!(status < 300);
    }
    let (_, seen) = get_json(app, &own, &format!("/api/v1/care-meetings/{id}")).await;
    assert!(!seen.to_string().contains(name), "{seen}");
}

on_both_backends!(a_zat_meeting_discusses_three_pupils);

/// The demo's care meetings are built by the rules: at the demo school one ZAT held with one pupil named (with
/// consent to share with the school) and two anonymous, the rest of the year planned; pre-school group reviews
/// in Havenstad, some held and some planned.
async fn the_demo_has_care_meetings(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("seed");
    schakel_demo::seed::care::seed_care_meetings(&app.store, now.date_naive(), now)
        .await
        .expect("care meetings");
    let figures = app
        .store
        .care_meetings_per_school_year(&schakel_store::CareMeetingFilter::default())
        .await
        .expect("figures");
    let sum = |f: fn(&schakel_store::CareMeetingFigure) -> i64| figures.iter().map(f).sum::<i64>();
    assert_eq!(sum(|f| f.pupils_named), 1, "{figures:?}");
    assert!(
        sum(|f| f.meetings_held) >= 2 && sum(|f| f.meetings_planned) >= 8,
        "{figures:?}"
    );
    assert!(
        sum(|f| f.group_reviews_held) >= 2 && sum(|f| f.group_reviews_planned) >= 2,
        "{figures:?}"
    );
    // The school contact of the demo school sees the named pupil (consent to share with the school holds).
    let school = api_token(&app, "school").await;
    let (status, list) = get_json(&app, &school, "/api/v1/care-meetings").await;
    assert_eq!(status, 200, "{list}");
    let held = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["recorded_at"].is_string())
        .expect("a held meeting at the demo school");
    let (status, detail) = get_json(
        &app,
        &school,
        &format!("/api/v1/care-meetings/{}", held["id"]),
    )
    .await;
    assert_eq!(status, 200);
    let pupils = detail["pupil_list"].as_array().expect("pupils");
    assert_eq!(pupils.len(), 3, "{detail}");
    assert_eq!(
        pupils.iter().filter(|p| p["case_id"].is_i64()).count(),
        1,
        "{detail}"
    );
    app.shutdown().await;
}

on_both_backends!(the_demo_has_care_meetings);
