//! Storage on both backends: the same migrations and schema, parallel writers, all-or-nothing imports and the
//! case file read in one statement.

use crate::on_both_backends;
use crate::support::{Backend, api_token, fresh_store, sign_in, spawn_app};

/// CSV import: one bad row → nothing stored, the row and field named; a good file → all stored.
async fn school_import_is_all_or_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let bearer = api_token(&app, "beheer").await;
    let api = reqwest::Client::new();
    let before = app
        .store
        .list_schools(&Default::default())
        .await
        .expect("schools")
        .1;
    let bad = "BRIN NUMMER;VESTIGINGSNUMMER;VESTIGINGSNAAM;SOORT;POSTCODE;PLAATSNAAM;GEMEENTENUMMER\n\
               98XA;00;OBS Het Anker;PO;9901 AB;Waterweide;9901\n\
               98XB;00;CBS De Stérrenwacht;PO;99AB;Waterweide;9901\n";
    let res = api
        .post(app.url("/api/v1/schools/import"))
        .bearer_auth(&bearer)
        .header("content-type", "text/csv")
        .body(bad)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["errors"][0]["row"], 3);
    assert_eq!(body["errors"][0]["field"], "postcode");
    assert_eq!(
        app.store
            .list_schools(&Default::default())
            .await
            .expect("schools")
            .1,
        before,
        "nothing of a bad file is stored"
    );
    let good = bad.replace("99AB", "9902 CD");
    let res = api
        .post(app.url("/api/v1/schools/import"))
        .bearer_auth(&bearer)
        .header("content-type", "text/csv")
        .body(good)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 201);
    assert_eq!(
        app.store
            .list_schools(&Default::default())
            .await
            .expect("schools")
            .1,
        before + 2
    );
    assert_eq!(
        app.store
            .school_by_code("98XB00")
            .await
            .expect("imported")
            .postcode
            .as_deref(),
        Some("9902 CD")
    );
    // Search ignores diacritics.
    let found = app
        .store
        .list_schools(&schakel_store::SchoolFilter {
            query: Some("sterrenwacht".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .expect("search");
    assert_eq!(found.1, 1);
    app.shutdown().await;
}
on_both_backends!(school_import_is_all_or_nothing);

/// Many writers at once never see "database is locked".
async fn parallel_writers(backend: Backend) {
    let Some((store, _, cleanup)) = fresh_store(backend).await else {
        return;
    };
    let mut tasks = Vec::new();
    for w in 0..8 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let mut tx = store.begin().await.expect("begin");
                tx.insert_municipality(
                    &format!("GM{:04}", 1000 + w * 100 + i),
                    &format!("Gemeente {w}-{i}"),
                    chrono::Utc::now(),
                )
                .await
                .expect("insert");
                tx.commit().await.expect("commit");
            }
        }));
    }
    for t in tasks {
        t.await.expect("writer task");
    }
    assert_eq!(store.list_municipalities().await.expect("list").len(), 200);
    store.close().await;
    cleanup.remove().await;
}
on_both_backends!(parallel_writers);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_and_schemas_match_across_backends() {
    let sqlite = schakel_store::Store::migration_versions(schakel_store::Backend::Sqlite);
    let postgres = schakel_store::Store::migration_versions(schakel_store::Backend::Postgres);
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "both backends need the same migration versions"
    );
    let Some((lite, _, c1)) = fresh_store(Backend::Sqlite).await else {
        return;
    };
    let Some((pg, _, c2)) = fresh_store(Backend::Postgres).await else {
        return;
    };
    let a = lite.schema_outline().await.expect("sqlite schema");
    let b = pg.schema_outline().await.expect("postgres schema");
    assert!(a.len() > 50);
    lite.close().await;
    pg.close().await;
    c1.remove().await;
    c2.remove().await;
    assert_eq!(a, b, "the two schemas differ");
}

/// The case file is read in one statement (ADR 006): every part comes back complete, in its order, and the
/// "newest N" view is exactly the head of the full file — on both backends.
async fn case_file_parts_are_complete_and_ordered(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    let cases = app
        .store
        .list_cases(&schakel_store::CaseFilter {
            limit: 500,
            ..Default::default()
        })
        .await
        .expect("cases");
    let mut checked = 0;
    for case in cases {
        let full = app.store.case_file(case.id).await.expect("file");
        if full.contacts.len() < 3 || full.events.len() < 3 {
            continue;
        }
        assert_eq!(full.child.id, case.child_id);
        assert_eq!(full.referral.as_ref().map(|r| r.id), case.referral_id);
        assert!(!full.guardians.is_empty(), "a case child has carers");
        assert!(full.guardians.iter().all(|g| g.child_id == case.child_id));
        assert!(full.goals.iter().all(|g| g.case_id == case.id));
        assert!(full.consents.iter().all(|k| k.case_id == case.id));
        let newest_first = |a: (&str, i64), b: (&str, i64)| a >= b;
        assert!(
            full.contacts
                .windows(2)
                .all(|w| newest_first((&w[0].held_on, w[0].id), (&w[1].held_on, w[1].id))),
            "contacts newest first"
        );
        assert!(
            full.events
                .windows(2)
                .all(|w| newest_first((&w[0].at, w[0].id), (&w[1].at, w[1].id))),
            "timeline newest first"
        );
        assert!(
            full.goals.windows(2).all(|w| w[0].id < w[1].id),
            "goals in the order they were set"
        );
        assert_eq!(full.contact_count, full.contacts.len() as i64);
        assert_eq!(
            full.contact_minutes,
            full.contacts.iter().map(|c| c.minutes).sum::<i64>()
        );
        let recent = app
            .store
            .case_file_of(full.case.clone(), schakel_store::Newest::both(2))
            .await
            .expect("recent file");
        assert_eq!(recent.contacts, full.contacts[..2]);
        assert_eq!(recent.events, full.events[..2]);
        // Each list has its own limit, and 0 reads none (a page section that shows neither).
        let contacts_only = app
            .store
            .case_file_of(
                full.case.clone(),
                schakel_store::Newest {
                    contacts: Some(3),
                    events: Some(0),
                },
            )
            .await
            .expect("contacts only");
        assert_eq!(contacts_only.contacts, full.contacts[..3]);
        assert!(contacts_only.events.is_empty(), "no timeline read");
        assert_eq!(contacts_only.contact_count, full.contact_count);
        assert_eq!(
            recent.contact_count, full.contact_count,
            "totals cover all contacts"
        );
        assert_eq!(recent.contact_minutes, full.contact_minutes);
        assert_eq!(recent.goals, full.goals);
        assert_eq!(recent.consents, full.consents);
        assert_eq!(recent.onward, full.onward);
        checked += 1;
        if checked == 5 {
            break;
        }
    }
    assert_eq!(
        checked, 5,
        "the demo has case files with contacts and a timeline"
    );
    // The demo's school contact reads a report the social worker shared with consent (Yusuf's story).
    let school = api_token(&app, "school").await;
    let api = reqwest::Client::new();
    let list: serde_json::Value = api
        .get(app.url("/api/v1/referrals"))
        .bearer_auth(&school)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    let mut reports = Vec::new();
    for r in list["items"].as_array().expect("items") {
        let one: serde_json::Value = api
            .get(app.url(&format!("/api/v1/referrals/{}", r["id"])))
            .bearer_auth(&school)
            .send()
            .await
            .expect("req")
            .json()
            .await
            .expect("json");
        reports.extend(one["reports"].as_array().cloned().unwrap_or_default());
    }
    assert!(
        reports.iter().any(|k| k["body"]
            .as_str()
            .is_some_and(|b| b.contains("basketbalclub"))),
        "{reports:?}"
    );
    // Havenstad's team lead finds the closure that waits for approval (Elif's story) on the home page.
    let lead = app.client();
    sign_in(&app, &lead, "teamleider-havenstad", "schakel-demo").await;
    let home = lead
        .get(app.url("/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    let waiting = home
        .split("Afsluitingen die wachten op uw akkoord")
        .nth(1)
        .expect("the closures waiting for approval");
    assert!(
        waiting
            .split("</table>")
            .next()
            .is_some_and(|t| t.contains("Elif"))
    );
    app.shutdown().await;
}
on_both_backends!(case_file_parts_are_complete_and_ordered);

/// A nullable float written as NULL and then as a number on one connection (the cached statement of the first
/// must not refuse the second on PostgreSQL): contract hours and a school's coordinates.
async fn nullable_floats_change_between_null_and_a_number(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let worker = app
        .store
        .list_workers(None)
        .await
        .expect("workers")
        .into_iter()
        .next()
        .expect("a worker");
    let now = chrono::Utc::now();
    let mut tx = app.store.begin().await.expect("tx");
    let mut version = worker.version;
    for hours in [None, Some(28.5), None, Some(32.0)] {
        let changed = tx
            .update_worker(
                worker.id,
                version,
                &schakel_store::NewWorker {
                    organisation_id: worker.organisation_id,
                    team_id: worker.team_id,
                    user_id: worker.user_id,
                    name: worker.name.clone(),
                    email: worker.email.clone(),
                    registration_number: worker.registration_number.clone(),
                    may_authorise_youth_care: *worker.may_authorise_youth_care,
                    active: *worker.active,
                    contract_hours: hours,
                },
                now,
            )
            .await
            .expect("contract hours written");
        assert_eq!(changed.contract_hours, hours);
        version = changed.version;
    }
    tx.commit().await.expect("commit");
    app.shutdown().await;
}
on_both_backends!(nullable_floats_change_between_null_and_a_number);
