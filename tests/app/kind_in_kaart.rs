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

/// The case's newest Kind in Kaart profile, which must exist.
async fn latest_profile(app: &TestApp, case_id: i64) -> schakel_store::ProfileRow {
    let stored = app.store.latest_profile_of_case(case_id).await;
    stored.expect("read").expect("a stored profile")
}

/// The profile takes a postcode and languages from a list, not coordinates or codes (issue 11, ADR 030), at both
/// doors: a postcode that is no Dutch postcode, or a language not on the list, is refused naming the field and
/// nothing is stored; a good one is kept as its four digits only (not the letters), the distances are measured
/// from the middle of the schools and activities known in that PC4 (the page says so), and the matching still
/// finds activities. A PC4 where nothing is known falls back to the child's school.
async fn a_profile_takes_a_postcode_and_language_names_at_both_doors(backend: Backend) {
    use crate::support::{as_role, get_json, post_form, post_json};
    use serde_json::json;
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    schakel_demo::seed::social_map::seed_social_map(&app.store, now)
        .await
        .expect("social map");
    let smw = api_token(&app, "smw").await;
    let (_, cases) = get_json(&app, &smw, "/api/v1/cases").await;
    let case_id = cases["items"][0]["id"].as_i64().expect("a case");
    let case = app.store.case(case_id).await.expect("case");
    let school = app
        .store
        .school(case.school_id.expect("the case has a school"))
        .await
        .expect("school");
    let postcode = school.postcode.clone().expect("the school's postcode");
    let pc4: i64 = postcode[..4].parse().expect("four digits");
    let letters = postcode[postcode.len() - 2..].to_string();
    let kik = format!("/api/v1/cases/{case_id}/kind-in-kaart");
    let profile = |postcode: &str, languages: serde_json::Value| {
        json!({"good_at": "tekenen", "likes": "voetbal, basketbal", "free_times": "wo 13:00-18:00; za 9:00-13:00",
               "postcode": postcode, "languages": languages})
    };

    // Refused at the API: each wrong field named, nothing stored.
    for (body, field) in [
        (profile("12345 AB", json!(["nl"])), "postcode"),
        (profile(&format!("{pc4} SS"), json!(["nl"])), "postcode"),
        (profile(&postcode, json!(["nl", "Klingon"])), "languages"),
    ] {
        let (status, refused) = post_json(&app, &smw, &kik, body).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["errors"][0]["field"], field, "{refused}");
    }
    // Refused at the page: the field named in the summary, what was typed kept.
    let page = as_role(&app, "smw").await;
    let res = post_form(
        &app,
        &page,
        &format!("/cases/{case_id}/kind-in-kaart"),
        &[
            ("good_at", "tekenen"),
            ("postcode", "99 01AB"),
            ("languages", "tr"),
        ],
    )
    .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.expect("html");
    assert!(html.contains("href=\"#f-profile-postcode\""), "{html}");
    assert!(html.contains("value=\"99 01AB\""), "what was typed stays");
    assert!(html.contains("Geef een postcode zoals 1234 AB."));
    let none = app.store.latest_profile_of_case(case_id).await;
    assert!(none.expect("read").is_none(), "nothing stored");

    // Accepted at the API (letters in lower case, languages by name): only the four digits are kept.
    let body = profile(
        &postcode.to_lowercase().replace(' ', ""),
        json!(["Turks", "nl"]),
    );
    let (status, created) = post_json(&app, &smw, &kik, body).await;
    assert_eq!(status, 201, "{created}");
    let stored = latest_profile(&app, case_id).await;
    assert_eq!(stored.home_pc4, Some(pc4));
    assert_eq!(stored.languages, "nl, tr");
    let (status, read) = get_json(&app, &smw, &kik).await;
    assert_eq!(status, 200, "{read}");
    assert_eq!(read["profile"]["home_pc4"], pc4);
    assert_eq!(read["home_from"], "postcode", "{read}");
    assert!(
        !read["profile"]
            .to_string()
            .contains(&format!("{pc4} {letters}"))
            && read["profile"].get("postcode").is_none()
            && read["profile"].get("home_latitude").is_none(),
        "no letters, no coordinates: {}",
        read["profile"]
    );
    assert!(
        read["suggestions"]
            .as_array()
            .is_some_and(|s| !s.is_empty()),
        "the matching still finds activities: {read}"
    );
    // The page says where the distances are measured from and ticks the languages.
    let html = page
        .get(app.url(&format!("/cases/{case_id}/kind-in-kaart")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("Afstanden gemeten vanaf"), "{html}");
    assert!(
        html.contains(&format!(
            "Postcode {pc4}: het midden van de bekende scholen"
        )),
        "{html}"
    );
    assert!(html.contains("value=\"tr\" checked") && html.contains(">Turks</label>"));
    assert!(!html.contains("value=\"ar\" checked"));
    // The map's own words follow the reader's language.
    assert!(html.contains(">thuis</text>"), "the Dutch map says thuis");
    page.get(app.url("/lang/en")).send().await.expect("english");
    let english = page
        .get(app.url(&format!("/cases/{case_id}/kind-in-kaart")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        english.contains(">home</text>") && !english.contains(">thuis</text>"),
        "the English map says home"
    );
    page.get(app.url("/lang/nl")).send().await.expect("dutch");

    // At the page: a PC4 where nothing is known; the distances come from the school.
    let res = post_form(
        &app,
        &page,
        &format!("/cases/{case_id}/kind-in-kaart"),
        &[
            ("good_at", "tekenen"),
            ("free_times", "wo 13:00-18:00"),
            ("postcode", "1011AB"),
            ("languages", "ar"),
            ("languages", "uk"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    let stored = latest_profile(&app, case_id).await;
    assert_eq!(
        (stored.home_pc4, stored.languages.as_str()),
        (Some(1011), "ar, uk")
    );
    let (_, read) = get_json(&app, &smw, &kik).await;
    assert_eq!(read["home_from"], "school", "{read}");
    // Saved again without a postcode: the stored PC4 stays.
    let (status, _) = post_json(&app, &smw, &kik, profile("", json!([]))).await;
    assert_eq!(status, 201);
    let stored = latest_profile(&app, case_id).await;
    assert_eq!(stored.home_pc4, Some(1011));
    forget_the_kept_postcode(&app, &smw, &page, case_id).await;
    app.shutdown().await;
}
on_both_backends!(a_profile_takes_a_postcode_and_language_names_at_both_doors);

/// A kept PC4 can be forgotten (ADR 030), not together with a new postcode; the page offers it.
async fn forget_the_kept_postcode(app: &TestApp, smw: &str, page: &reqwest::Client, case_id: i64) {
    use crate::support::{post_form, post_json};
    use serde_json::json;
    let kik = format!("/api/v1/cases/{case_id}/kind-in-kaart");
    let html = page
        .get(app.url(&format!("/cases/{case_id}/kind-in-kaart")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(html.contains("name=\"forget_postcode\""), "{html}");
    let mut both = json!({"good_at": "tekenen", "postcode": "1011AB"});
    both["forget_postcode"] = json!(true);
    let (status, refused) = post_json(app, smw, &kik, both).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(
        refused["errors"][0]["field"], "forget_postcode",
        "{refused}"
    );
    let res = post_form(
        app,
        page,
        &format!("/cases/{case_id}/kind-in-kaart"),
        &[
            ("good_at", "tekenen"),
            ("postcode", ""),
            ("forget_postcode", "on"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303);
    assert_eq!(latest_profile(app, case_id).await.home_pc4, None);
}

/// The OpenAPI document shows the profile's body as it is now: a postcode and a list of languages, no
/// coordinates (ADR 030).
#[test]
fn openapi_shows_the_profile_with_postcode_and_languages() {
    let doc = schakel_web::openapi_document();
    let body = &doc["paths"]["/api/v1/cases/{id}/kind-in-kaart"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"];
    let schema = match body["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap_or_default();
            &doc["components"]["schemas"][name]
        }
        None => body,
    };
    let properties = &schema["properties"];
    assert_eq!(properties["postcode"]["type"], "string", "{schema}");
    assert_eq!(properties["languages"]["type"], "array", "{schema}");
    assert_eq!(
        properties["languages"]["items"]["type"], "string",
        "{schema}"
    );
    for gone in ["home_latitude", "home_longitude"] {
        assert!(properties.get(gone).is_none(), "{gone} in {schema}");
    }
}
