//! The case API pages its contacts and timeline (issue 14, item 3): a long-running file of 2,000 contacts answers
//! with the newest 50 and a cursor, and walking the cursor gives every contact once, newest first.

use crate::on_both_backends;
use crate::support::{Backend, api_token, get_json, spawn_app};
use std::collections::HashSet;

async fn a_long_file_is_read_a_page_at_a_time(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    use schakel_web::Clock;
    let now = app.clock.now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    let smw = api_token(&app, "smw").await;
    let (_, cases) = get_json(&app, &smw, "/api/v1/cases").await;
    let cases = cases
        .as_array()
        .cloned()
        .unwrap_or_else(|| cases["items"].as_array().cloned().unwrap_or_default());
    let case = cases
        .iter()
        .find(|c| c["status"] == "open")
        .expect("an open case of smw");
    let id = case["id"].as_i64().expect("id");
    // 2,000 contacts over two years, several on one day (the cursor must order by date, then id).
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    for batch in 0..20 {
        let values: Vec<String> = (0..100)
            .map(|i| {
                let n = batch * 100 + i;
                let day = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
                    + chrono::Duration::days(n / 3);
                format!(
                    "({id}, '{day}', 'gesprek_kind', '', 30, 'contact {n}', '2024-01-01T00:00:00Z')"
                )
            })
            .collect();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO case_contacts (case_id, held_on, kind, participants, minutes, note, created_at) VALUES {}",
            values.join(", ")
        )))
        .execute(&pool)
        .await
        .expect("contacts");
    }
    let total: i64 = {
        use sqlx::Row as _;
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM case_contacts WHERE case_id = {id}"
        )))
        .fetch_one(&pool)
        .await
        .expect("count")
        .get(0)
    };
    pool.close().await;
    assert!(total >= 2000);

    let (status, file) = get_json(&app, &smw, &format!("/api/v1/cases/{id}")).await;
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["contacts"].as_array().map(Vec::len), Some(50));
    assert_eq!(file["contact_count"].as_i64(), Some(total));
    let mut next = file["contacts_next"].as_str().map(str::to_owned);
    assert!(next.is_some(), "a link to the older contacts");
    let mut seen: HashSet<i64> = file["contacts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let mut previous: Option<(String, i64)> =
        file["contacts"].as_array().unwrap().last().map(|c| {
            (
                c["held_on"].as_str().unwrap().to_owned(),
                c["id"].as_i64().unwrap(),
            )
        });
    let mut pages = 0;
    while let Some(link) = next {
        let link = if link.contains("limit=") {
            link
        } else {
            format!("{link}&limit=200")
        };
        let (status, page) = get_json(&app, &smw, &link).await;
        assert_eq!(status, 200, "{link}: {page}");
        let items = page["items"].as_array().expect("items");
        assert!(items.len() <= 200);
        for c in items {
            let key = (
                c["held_on"].as_str().unwrap().to_owned(),
                c["id"].as_i64().unwrap(),
            );
            if let Some(p) = &previous {
                assert!(key < *p, "newest first: {key:?} after {p:?}");
            }
            assert!(seen.insert(key.1), "contact {} twice", key.1);
            previous = Some(key);
        }
        next = page["next"].as_str().map(str::to_owned);
        pages += 1;
        assert!(pages < 50, "the walk ends");
    }
    assert_eq!(seen.len() as i64, total, "every contact once");

    let (status, timeline) =
        get_json(&app, &smw, &format!("/api/v1/cases/{id}/timeline?limit=5")).await;
    assert_eq!(status, 200);
    assert!(
        timeline["items"]
            .as_array()
            .is_some_and(|t| !t.is_empty() && t.len() <= 5)
    );
    assert!(
        timeline["items"][0]["text"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "{timeline}"
    );
    for bad in ["limit=0", "limit=201"] {
        let (status, problem) =
            get_json(&app, &smw, &format!("/api/v1/cases/{id}/contacts?{bad}")).await;
        assert_eq!(status, 422, "{bad}: {problem}");
    }
    // Someone who may not open the case gets nothing of it, page by page too.
    let school = api_token(&app, "school").await;
    assert_eq!(
        get_json(&app, &school, &format!("/api/v1/cases/{id}/contacts"))
            .await
            .0,
        403
    );
    let other = api_token(&app, "smw-havenstad").await;
    let (status, _) = get_json(&app, &other, &format!("/api/v1/cases/{id}/contacts")).await;
    assert_eq!(status, 404, "a worker of another organisation");
    app.shutdown().await;
}
on_both_backends!(a_long_file_is_read_a_page_at_a_time);
