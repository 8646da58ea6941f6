//! Form details from walking the worker's day (issue 11): a birth date typed in three fields (day, month, year)
//! arrives as one date; a date that does not exist is refused at its field and what was typed stays.

use crate::on_both_backends;
use crate::support::{Backend, as_role, assert_status, post_form, spawn_app};

async fn a_birth_date_in_three_fields(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let school = as_role(&app, "school").await;
    let form = school
        .get(app.url("/referrals/new"))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("body");
    for id in [
        "f-date_of_birth-day",
        "f-date_of_birth-month",
        "f-date_of_birth-year",
    ] {
        assert!(form.contains(&format!("id=\"{id}\"")), "the form has {id}");
    }
    let fields = |day: &'static str, given: &'static str| {
        vec![
            ("given_name", given),
            ("family_name", "Driedelig"),
            ("date_of_birth_day", day),
            ("date_of_birth_month", "2"),
            ("date_of_birth_year", "2016"),
            ("class_name", "groep 6"),
            ("guardian1_name", "Sanne Driedelig"),
            ("guardian1_relation", "moeder"),
            ("guardian1_gezag", "on"),
            ("reason", "Zit vaak alleen in de pauze."),
            ("signals", "stemming"),
            ("urgency", "normaal"),
            ("parents_informed", "on"),
            ("parents_agree", "on"),
        ]
    };
    let res = post_form(&app, &school, "/referrals", &fields("31", "Wrong")).await;
    assert_eq!(res.status(), 422, "31 February does not exist");
    let page = res.text().await.expect("body");
    assert!(page.contains("value=\"31\""), "what was typed stays");
    assert!(
        page.contains("href=\"#f-date_of_birth\""),
        "the error summary links to the date"
    );
    let res = post_form(&app, &school, "/referrals", &fields("14", "Juist")).await;
    assert_eq!(
        res.status(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    use sqlx::Row as _;
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    let row = sqlx::query("SELECT date_of_birth FROM children WHERE given_name = 'Juist'")
        .fetch_one(&pool)
        .await
        .expect("the child");
    let dob: String = row.get(0);
    assert_eq!(&dob[..10], "2016-02-14");
    pool.close().await;
    app.shutdown().await;
}
on_both_backends!(a_birth_date_in_three_fields);

/// A contact with three wrong fields (a date that is no date, an unknown kind, minutes that are no number) is
/// refused with all three named at once, by the page and by the API alike (ADR 023); nothing is stored.
async fn every_wrong_field_is_named_at_once_by_both_doors(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = crate::support::api_token(&app, "smw").await;
    let case_id = crate::security::new_case(&app, &smw).await;
    let wanted = ["held_on", "kind", "minutes"];

    let page = as_role(&app, "smw").await;
    let wrong = [
        ("held_on", "gisteren"),
        ("kind", "koffie"),
        ("minutes", "veel"),
        ("note", "Kort gesprek."),
    ];
    let contacts_path = format!("/cases/{case_id}/contacts");
    let res = post_form(&app, &page, &contacts_path, &wrong).await;
    let html = assert_status(res, 422, "the page refuses the contact").await;
    // Reloading the refused answer sends the form again (ADR 032): refused again, nothing saved.
    let again = post_form(&app, &page, &contacts_path, &wrong).await;
    assert_status(again, 422, "the resent form is refused again").await;
    for field in wanted {
        assert!(
            html.contains(&format!("href=\"#f-contact-{field}\"")),
            "the page's error summary names {field}"
        );
    }
    assert!(html.contains("value=\"veel\""), "what was typed stays");

    let (status, body) = crate::support::post_json(
        &app,
        &smw,
        &format!("/api/v1/cases/{case_id}/contacts"),
        serde_json::json!({"held_on": "gisteren", "kind": "koffie", "note": "Kort gesprek."}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let mut named: Vec<&str> = body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    named.sort_unstable();
    assert_eq!(named, wanted, "the API names the same three fields");

    let contacts = app.store.case_file(case_id).await.expect("file").contacts;
    assert!(contacts.is_empty(), "nothing is stored");
    app.shutdown().await;
}
on_both_backends!(every_wrong_field_is_named_at_once_by_both_doors);

/// A number the page cannot read (contract hours "veel") is refused together with the other wrong fields, and
/// what was typed stays; a checkbox left open stays open.
async fn an_unreadable_number_is_named_with_the_rest(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let beheer = as_role(&app, "beheer").await;
    let res = post_form(
        &app,
        &beheer,
        "/workers",
        &[
            ("name", " "),
            ("email", "geen adres"),
            ("contract_hours", "veel"),
        ],
    )
    .await;
    let html = assert_status(res, 422, "the worker form is refused").await;
    for message in [
        "Vul dit veld in.",
        "Dit lijkt geen e-mailadres.",
        "Geef contracturen per week als getal, bijvoorbeeld 32 of 28,5.",
    ] {
        assert!(html.contains(message), "the page says: {message}");
    }
    assert!(html.contains("value=\"veel\""), "what was typed stays");
    assert!(
        !html.contains("name=\"active\" value=\"on\" checked"),
        "the open checkbox stays open"
    );
    app.shutdown().await;
}
on_both_backends!(an_unreadable_number_is_named_with_the_rest);

/// The field names of a problem+json answer, sorted.
fn named_fields(body: &serde_json::Value) -> Vec<String> {
    let mut named: Vec<String> = body["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|x| x["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    named.sort_unstable();
    named.dedup();
    named
}

/// A new referral with three wrong fields (31 February, no reason, an urgency that is not on the list) is refused
/// with all three named at once, by the page (which keeps what was typed) and by the API alike; nothing is stored.
async fn a_referral_names_every_wrong_field_at_both_doors(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let wanted = ["date_of_birth", "reason", "urgency"];
    let school = as_role(&app, "school").await;
    let res = post_form(
        &app,
        &school,
        "/referrals",
        &[
            ("given_name", "Driefout"),
            ("family_name", "Verkeerd"),
            ("date_of_birth_day", "31"),
            ("date_of_birth_month", "2"),
            ("date_of_birth_year", "2016"),
            ("class_name", "groep 6"),
            ("guardian1_name", "Sanne Verkeerd"),
            ("guardian1_gezag", "on"),
            ("reason", "  "),
            ("signals", "stemming"),
            ("urgency", "morgen"),
            ("parents_agree", "on"),
        ],
    )
    .await;
    let html = assert_status(res, 422, "the page refuses the referral").await;
    for field in wanted {
        assert!(
            html.contains(&format!("href=\"#f-{field}\"")),
            "the page's error summary names {field}"
        );
    }
    for typed in [
        "value=\"Driefout\"",
        "value=\"31\"",
        "value=\"Sanne Verkeerd\"",
        "value=\"stemming\" checked",
    ] {
        assert!(html.contains(typed), "what was typed stays: {typed}");
    }

    let token = crate::support::api_token(&app, "school").await;
    let (status, body) = crate::support::post_json(
        &app,
        &token,
        "/api/v1/referrals",
        serde_json::json!({
            "given_name": "Driefout", "family_name": "Verkeerd", "date_of_birth": "2016-02-31",
            "guardians": [{"name": "Sanne Verkeerd", "relation": "moeder", "has_gezag": true}],
            "reason": "", "signals": ["stemming"], "urgency": "morgen", "parents_agree": true
        }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        named_fields(&body),
        wanted,
        "the API names the same three fields"
    );

    use sqlx::Row as _;
    let pool = sqlx::AnyPool::connect(&app.database_url)
        .await
        .expect("pool");
    let row = sqlx::query("SELECT COUNT(*) FROM children WHERE given_name = 'Driefout'")
        .fetch_one(&pool)
        .await
        .expect("count");
    assert_eq!(row.get::<i64, _>(0), 0, "nothing is stored");
    pool.close().await;
    app.shutdown().await;
}
on_both_backends!(a_referral_names_every_wrong_field_at_both_doors);

/// A Kind in Kaart profile with four wrong fields (no interest at all, free times not understood, an income
/// that is no percentage, a postcode that is no Dutch postcode) is refused with all four named, by the page
/// (which keeps "veel" and "9901 SS") and by the API.
async fn a_kind_in_kaart_profile_names_every_wrong_field_at_both_doors(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = crate::support::api_token(&app, "smw").await;
    let case_id = crate::security::new_case(&app, &smw).await;
    let wanted = ["free_times", "good_at", "income_percent", "postcode"];

    let page = as_role(&app, "smw").await;
    let res = post_form(
        &app,
        &page,
        &format!("/cases/{case_id}/kind-in-kaart"),
        &[
            ("good_at", ""),
            ("free_times", "altijd"),
            ("transport", "walking"),
            ("income_percent", "veel"),
            ("postcode", "9901 SS"),
            ("languages", "ar"),
        ],
    )
    .await;
    let html = assert_status(res, 422, "the page refuses the profile").await;
    for field in wanted {
        assert!(
            html.contains(&format!("href=\"#f-profile-{field}\"")),
            "the page's error summary names {field}"
        );
    }
    for typed in [
        "value=\"veel\"",
        "value=\"9901 SS\"",
        "value=\"ar\" checked",
    ] {
        assert!(html.contains(typed), "what was typed stays: {typed}");
    }

    let (status, body) = crate::support::post_json(
        &app,
        &smw,
        &format!("/api/v1/cases/{case_id}/kind-in-kaart"),
        serde_json::json!({"free_times": "altijd", "income_percent": 5000, "postcode": "99O1 AB"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        named_fields(&body),
        wanted,
        "the API names the same four fields"
    );
    let stored = app
        .store
        .latest_profile_of_case(case_id)
        .await
        .expect("profile");
    assert!(stored.is_none(), "nothing is stored");
    app.shutdown().await;
}
on_both_backends!(a_kind_in_kaart_profile_names_every_wrong_field_at_both_doors);

/// An SMW-plus decision with three wrong fields (no care kind, volume "veel", an end before the start) is refused
/// with all three named, by the page (which keeps "veel") and by the API.
async fn a_mandate_decision_names_every_wrong_field_at_both_doors(backend: Backend) {
    use crate::mandates::{DE_HAVEN, WORKER, demo, jayden, target};
    let Some(app) = demo(backend).await else {
        return;
    };
    let (case_id, _) = jayden(&app).await;
    let provider = target(&app, case_id, DE_HAVEN).await.id.to_string();
    let today = chrono::Utc::now().date_naive();
    let (from, until) = (
        today.to_string(),
        (today - chrono::Duration::days(10)).to_string(),
    );
    let wanted = ["care_kind", "period_until", "volume"];
    let before = app
        .store
        .case_file(case_id)
        .await
        .expect("file")
        .mandates
        .len();

    let page = as_role(&app, WORKER).await;
    let res = post_form(
        &app,
        &page,
        &format!("/cases/{case_id}/mandate"),
        &[
            ("care_kind", ""),
            ("category", "outpatient"),
            ("volume", "veel"),
            ("volume_unit", "hours_per_week"),
            ("provider_id", &provider),
            ("period_from", &from),
            ("period_until", &until),
            (
                "reasons",
                "Lichte opvoedondersteuning is onvoldoende gebleken.",
            ),
        ],
    )
    .await;
    let html = assert_status(res, 422, "the page refuses the decision").await;
    for field in wanted {
        assert!(
            html.contains(&format!("href=\"#f-mandate-{field}\"")),
            "the page's error summary names {field}"
        );
    }
    assert!(html.contains("value=\"veel\""), "what was typed stays");
    assert!(html.contains("Het einde ligt voor het begin."));

    let token = crate::support::api_token(&app, WORKER).await;
    let (status, body) = crate::support::post_json(
        &app,
        &token,
        &format!("/api/v1/cases/{case_id}/mandate-decisions"),
        serde_json::json!({
            "care_kind": "", "category": "outpatient", "volume_unit": "hours_per_week",
            "provider_id": provider.parse::<i64>().expect("id"), "period_from": from, "period_until": until,
            "reasons": "Lichte opvoedondersteuning is onvoldoende gebleken."
        }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        named_fields(&body),
        wanted,
        "the API names the same three fields"
    );
    let after = app
        .store
        .case_file(case_id)
        .await
        .expect("file")
        .mandates
        .len();
    assert_eq!(after, before, "nothing is stored");
    app.shutdown().await;
}
on_both_backends!(a_mandate_decision_names_every_wrong_field_at_both_doors);
