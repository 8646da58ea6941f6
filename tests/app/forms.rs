//! Form details from walking the worker's day (issue 11): a birth date typed in three fields (day, month, year)
//! arrives as one date; a date that does not exist is refused at its field and what was typed stays.

use crate::on_both_backends;
use crate::support::{Backend, as_role, post_form, spawn_app};

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
