//! Kind in Kaart and the social map: all-or-nothing imports, edits that conflict, class sessions that store
//! nothing; the demo municipality's story of the schools that started Kind in Kaart a year earlier.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, csrf, sign_in, spawn_app};

/// Social map import: one malformed row → 422 naming row and field, nothing stored; GeoJSON works too.
async fn social_map_import_is_all_or_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let api = reqwest::Client::new();
    let smw = api_token(&app, "smw").await;
    let bad = "name;provider;category;latitude;longitude;min_age;max_age;sessions;cost_per_season\n\
               Basketbal;BC Wolves;sport;52,51;4,96;8;13;wo 15:30-17:00;180\n\
               Tekenen;Atelier;sport;52,51;4,96;8;13;woensdag om drie uur;120\n";
    let res = api
        .post(app.url("/api/v1/social-map/import"))
        .bearer_auth(&smw)
        .header("content-type", "text/csv")
        .body(bad)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["errors"][0]["row"], 3);
    assert_eq!(body["errors"][0]["field"], "sessions");
    assert!(
        app.store
            .activities(None)
            .await
            .expect("activities")
            .is_empty(),
        "nothing of a bad file is stored"
    );
    let good = bad.replace("woensdag om drie uur", "wo 14:00-15:30");
    let res = api
        .post(app.url("/api/v1/social-map/import"))
        .bearer_auth(&smw)
        .header("content-type", "text/csv")
        .body(good)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 201);
    let geo = r#"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[4.95,52.5]},"properties":{"name":"Welpen","provider":"Scouting","category":"scouting_buiten","min_age":7,"max_age":11,"cost_per_season":"95"}}]}"#;
    let res = api
        .post(app.url("/api/v1/social-map/import"))
        .bearer_auth(&smw)
        .header("content-type", "application/geo+json")
        .body(geo)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 201);
    let map: serde_json::Value = api
        .get(app.url("/api/v1/social-map"))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(map["activities"].as_array().map(Vec::len), Some(3));
    // A school contact may not change the social map.
    let school = api_token(&app, "school").await;
    assert_eq!(
        api.post(app.url("/api/v1/social-map/import"))
            .bearer_auth(&school)
            .body(geo)
            .send()
            .await
            .expect("req")
            .status(),
        403
    );
    // One activity edited twice from the same version: the second is refused, the first stays.
    let activity = app
        .store
        .activities(None)
        .await
        .expect("activities")
        .into_iter()
        .find(|a| a.name == "Basketbal")
        .expect("basketbal");
    let client = app.client();
    sign_in(&app, &client, "smw", "schakel-demo").await;
    let token = csrf(&app, &client).await;
    let version = activity.version.to_string();
    let form = |name: &'static str| {
        vec![
            ("csrf", token.clone()),
            ("version", version.clone()),
            ("name", name.to_string()),
            ("provider", "BC Wolves".to_string()),
            ("category", "sport".to_string()),
            ("latitude", "52,51".to_string()),
            ("longitude", "4,96".to_string()),
            ("min_age", "8".to_string()),
            ("max_age", "13".to_string()),
            ("sessions", "wo 15:30-17:00".to_string()),
            ("cost_per_season", "190".to_string()),
        ]
    };
    let url = app.url(&format!("/social-map/activities/{}", activity.id));
    assert_eq!(
        client
            .post(&url)
            .form(&form("Basketbal U12"))
            .send()
            .await
            .expect("req")
            .status(),
        303
    );
    let stale = client
        .post(&url)
        .form(&form("Basketbal U14"))
        .send()
        .await
        .expect("req");
    assert_eq!(stale.status(), 409);
    assert!(
        stale.text().await.expect("body").contains("Basketbal U14"),
        "the user's own input is shown"
    );
    let now = app.store.activity(activity.id).await.expect("activity");
    assert_eq!(
        (now.name.as_str(), now.cost_per_season_cents),
        ("Basketbal U12", 19000)
    );
    funds_import_is_all_or_nothing(&app, &smw).await;
    app.shutdown().await;
}
on_both_backends!(social_map_import_is_all_or_nothing);

/// Funds: a CSV with a max_per_year column; one bad row and nothing is stored.
async fn funds_import_is_all_or_nothing(app: &TestApp, smw: &str) {
    let api = reqwest::Client::new();
    let funds = "name;min_age;max_age;max_per_year;categories;municipalities;income_criterion_percent\n\
                 Jeugdfonds Sport & Cultuur;4;18;300;sport,muziek_kunst_cultuur;;120\n\
                 Kindpakket;4;17;veel;sport;GM9901;130\n";
    let res = api
        .post(app.url("/api/v1/social-map/import"))
        .bearer_auth(smw)
        .body(funds)
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 422);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(
        (
            body["errors"][0]["row"].clone(),
            body["errors"][0]["field"].clone()
        ),
        (serde_json::json!(3), serde_json::json!("max_per_year"))
    );
    assert!(app.store.funds().await.expect("funds").is_empty());
    let res = api
        .post(app.url("/api/v1/social-map/import"))
        .bearer_auth(smw)
        .body(funds.replace("veel", "150"))
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), 201);
    let stored = app.store.funds().await.expect("funds");
    assert_eq!(stored.len(), 2);
    assert!(stored.iter().any(|f| f.name == "Kindpakket"
        && f.municipalities == "GM9901"
        && f.max_cents_per_year == 15000));
}

/// Kind in Kaart for a class: suggestions per child, nothing stored; the social map exports as CSV.
async fn class_session_stores_nothing(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let api = reqwest::Client::new();
    let smw = api_token(&app, "smw").await;
    let csv = "name;provider;category;latitude;longitude;min_age;max_age;sessions;cost_per_season;interests\n\
               Basketbal;BC Wolves;sport;52,51;4,96;8;13;wo 15:30-17:00;180;basketbal\n\
               =Tekenen;Atelier;muziek_kunst_cultuur;52,50;4,95;8;13;wo 14:00-15:30;120;tekenen\n";
    assert_eq!(
        api.post(app.url("/api/v1/social-map/import"))
            .bearer_auth(&smw)
            .body(csv)
            .send()
            .await
            .expect("req")
            .status(),
        201
    );
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
    let code = school[0].code.clone();
    let client = app.client();
    sign_in(&app, &client, "smw", "schakel-demo").await;
    let token = csrf(&app, &client).await;
    let html = client
        .post(app.url("/kind-in-kaart/class"))
        .form(&[
            ("csrf", token.as_str()),
            ("school_code", code.as_str()),
            ("age", "10"),
            (
                "children",
                "Amira; tekenen; wo 13:00-17:00\nBram; basketbal; wo 13:00-18:00",
            ),
        ])
        .send()
        .await
        .expect("req")
        .text()
        .await
        .expect("body");
    assert!(
        html.contains("Amira") && html.contains("past bij &#39;tekenen&#39;"),
        "suggestion for Amira"
    );
    assert!(
        html.contains("past bij &#39;basketbal&#39;"),
        "suggestion for Bram"
    );
    assert_eq!(
        app.store
            .kik_figures(None, None)
            .await
            .expect("figures")
            .profiled,
        0,
        "nothing about the class is stored"
    );
    let export = client
        .get(app.url("/social-map/export.csv"))
        .send()
        .await
        .expect("req")
        .text()
        .await
        .expect("body");
    assert!(export.starts_with("name;provider;category"));
    assert!(
        export.contains("'=Tekenen"),
        "formula-like cells are neutralised: {export}"
    );
    app.shutdown().await;
}
on_both_backends!(class_session_stores_nothing);

/// The demo's municipality tells the monitoring story (issue 12): five school years of pupils at every
/// Waterweide school, four earlier school years of closed cases, eight schools that started Kind in Kaart two
/// school years ago, parallel lines before the start and fewer referrals on to specialist youth care at those
/// schools after it — an estimate below zero with its interval, read through the API as the effect page does.
async fn demo_municipality_tells_the_kind_in_kaart_story(backend: Backend) {
    use schakel_domain::monitoring::{school_year_label, school_year_of};
    use schakel_web::Clock;
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = app.clock.now();
    let today = now.date_naive();
    schakel_demo::seed::casework::seed_demo(&app.store, today, now)
        .await
        .expect("demo casework");
    let current = school_year_of(today);
    let waterweide = app
        .store
        .municipality_by_code("GM9901")
        .await
        .expect("Waterweide")
        .id;
    let schools = app
        .store
        .monitoring_schools(Some(waterweide), &[])
        .await
        .expect("schools");
    assert_eq!(schools.len(), 37);
    for s in &schools {
        let years: Vec<i32> = s.pupils.keys().copied().collect();
        assert_eq!(years, (2022..=2026).collect::<Vec<_>>(), "{}", s.name);
    }
    // The earlier school years: every referral decided, every case closed with a reason, dates in order.
    let facts = app
        .store
        .referral_facts(&schakel_store::FactScope {
            municipality_id: Some(waterweide),
            organisation_id: None,
            from: format!("{}-08-01", current - 4),
            until: format!("{}-07-31", current - 1),
        })
        .await
        .expect("facts");
    assert!(
        facts.len() > 600,
        "four school years of referrals ({})",
        facts.len()
    );
    let old: Vec<_> = facts
        .iter()
        .filter(|f| f.received_on < today - chrono::Duration::days(400))
        .collect();
    assert!(!old.is_empty());
    for f in old.iter().filter(|f| f.accepted) {
        let closed = f.closed_on.expect("an old case is closed");
        assert!(f.closure_reason.is_some(), "closed with a reason");
        assert!(f.received_on <= closed, "{} after {closed}", f.received_on);
        if let Some(first) = f.first_contact_on {
            assert!(f.received_on <= first && first <= closed);
        }
    }
    let cases = old.iter().filter(|f| f.accepted).count();
    let onward = old
        .iter()
        .filter(|f| f.accepted && !f.onward.is_empty())
        .count();
    assert!(
        (cases * 12..=cases * 30).contains(&(onward * 100)),
        "{onward} of {cases} cases referred on"
    );

    let api = reqwest::Client::new();
    let token = api_token(&app, "gemeente").await;
    let effect: serde_json::Value = api
        .get(app.url("/api/v1/figures/effect"))
        .bearer_auth(&token)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert_eq!(
        effect["started"],
        serde_json::json!([[school_year_label(current - 2), 8]]),
        "{effect}"
    );
    let e = &effect["estimate"];
    assert_eq!(e["treated_schools"], 8, "{e}");
    assert_eq!(e["control_schools"], 29, "{e}");
    let estimate = e["estimate"].as_f64().expect("an estimate");
    assert!(estimate < 0.0, "fewer referrals on to specialist care: {e}");
    assert!(e["ci_low"].as_f64().expect("low") < estimate);
    assert!(e["ci_high"].as_f64().expect("high") > estimate);
    // Parallel before the start: the two groups change by about as much from one year to the next.
    let rate = |year: i32, group: &str| {
        e["trend"]
            .as_array()
            .and_then(|t| t.iter().find(|y| y["school_year"] == year))
            .and_then(|y| y[group].as_f64())
            .expect("a rate")
    };
    let change = |group: &str| rate(current - 3, group) - rate(current - 4, group);
    assert!(
        (change("treated_rate") - change("control_rate")).abs() < 0.05,
        "parallel before the start: {e}"
    );
    assert!(rate(current - 2, "treated_rate") < rate(current - 3, "treated_rate"));
    app.shutdown().await;
}
on_both_backends!(demo_municipality_tells_the_kind_in_kaart_story);
