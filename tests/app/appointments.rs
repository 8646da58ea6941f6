//! Appointments and walk-in slots (issue 13, items 6 and 7; ADR 025) on both backends: a school contact and the
//! worker book walk-in slots, parallel bookings of one slot (exactly one wins, the other a 422 on `starts_at`), a
//! separate appointment within a time at school, the `.ics` invitation parsed back (and read by Python's
//! icalendar), the worker's feed, cancelling frees a slot, a school contact sees only its own bookings and another
//! school gets 404, no walk-in slots in a holiday, the worker's home page reminds, and attended walk-in visits
//! count in the municipality's prevention figures.

use crate::on_both_backends;
use crate::presence::{assert_python_icalendar_reads, assert_rfc5545, fetch, main_school};
use crate::support::{
    Backend, TestApp, api_token, as_role, assert_status, get_json, page_text, post_form, post_json,
    spawn_app,
};
use chrono::{Datelike, Duration, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component};
use serde_json::{Value, json};

fn today() -> NaiveDate {
    schakel_domain::local_time::amsterdam_date(chrono::Utc::now())
}

/// The next school day after today (tomorrow, or Monday after a weekend).
pub(crate) fn next_school_day() -> NaiveDate {
    let mut d = today() + Duration::days(1);
    while d.weekday().number_from_monday() > 5 {
        d += Duration::days(1);
    }
    d
}

/// A walk-in hour 13:00–15:00 (eight slots) and a presence time 08:30–12:00 on the weekday of `day`, for smw at
/// the school contact's school: (school id, walk-in slot id).
pub(crate) async fn pattern(app: &TestApp, smw: &str, day: NaiveDate) -> (i64, i64) {
    let (school_id, assignment_id, _) = main_school(app).await;
    let weekday = day.weekday().number_from_monday();
    let (s, walk_in) = post_json(
        app,
        smw,
        "/api/v1/presence/slots",
        json!({
            "assignment_id": assignment_id, "kind": "inloopspreekuur", "weekday": weekday,
            "starts_at": "13:00", "ends_at": "15:00", "place": "Spreekkamer"
        }),
    )
    .await;
    assert_eq!(s, 201, "{walk_in}");
    let (s, body) = post_json(
        app,
        smw,
        "/api/v1/presence/slots",
        json!({
            "assignment_id": assignment_id, "kind": "aanwezig", "weekday": weekday,
            "starts_at": "08:30", "ends_at": "12:00"
        }),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    (school_id, walk_in["id"].as_i64().unwrap())
}

fn walk_in(school_id: i64, slot_id: i64, day: NaiveDate, starts: &str, name: &str) -> Value {
    json!({"kind": "inloop", "school_id": school_id, "slot_id": slot_id, "date": day.to_string(),
        "starts_at": starts, "for_name": name, "for_kind": "ouder", "purpose": "Kennismaken"})
}

pub(crate) fn field_of(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|e| {
            e.iter()
                .filter_map(|e| e["field"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The slots of the walk-in hour on `day` as (start, taken, appointment id).
async fn slots_on(
    app: &TestApp,
    token: &str,
    school_id: i64,
    day: NaiveDate,
) -> Vec<(String, bool, Option<i64>)> {
    let (s, w) = get_json(
        app,
        token,
        &format!("/api/v1/appointments/walk-in?school_id={school_id}&from={day}&weeks=1"),
    )
    .await;
    assert_eq!(s, 200, "{w}");
    w["hours"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h["date"] == day.to_string())
        .flat_map(|h| h["slots"].as_array().unwrap().clone())
        .map(|s| {
            (
                s["starts_at"].as_str().unwrap().to_string(),
                s["taken"].as_bool().unwrap(),
                s["appointment_id"].as_i64(),
            )
        })
        .collect()
}

/// Booking walk-in slots and appointments; two bookings of one slot at the same moment: exactly one wins.
async fn booking_and_the_race(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let school = api_token(&app, "school").await;
    let day = next_school_day();
    let (school_id, slot_id) = pattern(&app, &smw, day).await;
    let free = slots_on(&app, &school, school_id, day).await;
    assert_eq!(free.len(), 8, "{free:?}");
    assert!(free.iter().all(|s| !s.1));

    // Parallel bookings of one slot, by the school contact and the worker: exactly one wins, every time.
    for starts in ["13:00", "13:15", "13:30"] {
        let (a, b) = tokio::join!(
            post_json(
                &app,
                &school,
                "/api/v1/appointments",
                walk_in(school_id, slot_id, day, starts, "Mw. Bakker")
            ),
            post_json(
                &app,
                &smw,
                "/api/v1/appointments",
                walk_in(school_id, slot_id, day, starts, "Dhr. Yilmaz")
            ),
        );
        let won: Vec<_> = [&a, &b].into_iter().filter(|r| r.0 == 201).collect();
        let lost: Vec<_> = [&a, &b].into_iter().filter(|r| r.0 != 201).collect();
        assert_eq!(won.len(), 1, "{starts}: {a:?} / {b:?}");
        let (status, problem) = lost[0];
        assert_eq!(*status, 422, "{problem}");
        assert_eq!(field_of(problem), vec!["starts_at"], "{problem}");
    }
    // Booking a taken slot again is the same answer.
    let (s, problem) = post_json(
        &app,
        &school,
        "/api/v1/appointments",
        walk_in(school_id, slot_id, day, "13:00", "Noa"),
    )
    .await;
    assert_eq!(
        (s, field_of(&problem)),
        (422, vec!["starts_at".to_string()]),
        "{problem}"
    );
    // Not a slot's start, and every wrong field at once.
    let (s, problem) = post_json(
        &app,
        &school,
        "/api/v1/appointments",
        walk_in(school_id, slot_id, day, "13:05", "Noa"),
    )
    .await;
    assert_eq!(s, 422, "{problem}");
    let (s, problem) = post_json(&app, &school, "/api/v1/appointments", json!({
        "kind": "inloop", "school_id": school_id, "slot_id": slot_id, "date": "morgen", "starts_at": "13:45", "for_name": "",
        "for_kind": "ouder", "purpose": "x".repeat(121)
    }))
    .await;
    assert_eq!(s, 422, "{problem}");
    let fields = field_of(&problem);
    for f in ["date", "for_name", "purpose"] {
        assert!(fields.contains(&f.to_string()), "{f}: {problem}");
    }
    let taken = slots_on(&app, &school, school_id, day).await;
    assert_eq!(taken.iter().filter(|s| s.1).count(), 3, "{taken:?}");
    // A separate appointment within the morning at school, not outside it.
    let appointment = |starts: &str, ends: &str| {
        json!({"kind": "afspraak", "school_id": school_id, "date": day.to_string(), "starts_at": starts,
            "ends_at": ends, "for_name": "Daan Visser", "for_kind": "leerling", "purpose": "Vervolg"})
    };
    let (s, body) = post_json(
        &app,
        &smw,
        "/api/v1/appointments",
        appointment("10:00", "10:30"),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    let (s, problem) = post_json(
        &app,
        &smw,
        "/api/v1/appointments",
        appointment("11:45", "12:30"),
    )
    .await;
    assert_eq!(
        (s, field_of(&problem)),
        (422, vec!["starts_at".to_string()]),
        "{problem}"
    );
    app.shutdown().await;
}
on_both_backends!(booking_and_the_race);

/// The invitation parses back, is valid per RFC 5545 and Python's icalendar, carries no purpose; it is in the
/// worker's feed; cancelling frees the slot; a school contact sees only its own bookings, another school 404.
async fn invitation_cancel_and_scope(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let school = api_token(&app, "school").await;
    let day = next_school_day();
    let (school_id, slot_id) = pattern(&app, &smw, day).await;
    let (s, mine) = post_json(
        &app,
        &school,
        "/api/v1/appointments",
        walk_in(school_id, slot_id, day, "13:30", "Mw. de Boer"),
    )
    .await;
    assert_eq!(s, 201, "{mine}");
    let mine = mine["id"].as_i64().unwrap();
    let (s, theirs) = post_json(
        &app,
        &smw,
        "/api/v1/appointments",
        walk_in(school_id, slot_id, day, "13:45", "Dhr. El Idrissi"),
    )
    .await;
    assert_eq!(s, 201, "{theirs}");
    let theirs = theirs["id"].as_i64().unwrap();

    check_invitation(&app, &school, mine, day, school_id).await;
    invitation_in_the_readers_language(&app, &school, mine, school_id).await;

    // The worker's feed has both bookings.
    let (s, feed) = post_json(&app, &smw, "/api/v1/account/calendar-feed", json!({})).await;
    assert_eq!(s, 201, "{feed}");
    let (status, _, ics) = fetch(&app, feed["path"].as_str().unwrap()).await;
    assert_eq!(status, 200);
    assert_rfc5545(&ics);
    assert_python_icalendar_reads(&ics);
    let unfolded = ics.replace("\r\n ", "");
    for id in [mine, theirs] {
        assert!(
            unfolded.contains(&format!("UID:appointment-{id}@schakel")),
            "{id}: {ics}"
        );
    }

    // A school contact sees only what it booked; the worker sees both.
    let (_, list) = get_json(&app, &school, "/api/v1/appointments").await;
    let ids: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![mine]);
    let (s, _) = get_json(&app, &school, &format!("/api/v1/appointments/{theirs}")).await;
    assert_eq!(s, 404, "another booker's appointment");
    let (_, list) = get_json(&app, &smw, "/api/v1/appointments").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    let slots = slots_on(&app, &school, school_id, day).await;
    let theirs_slot = slots.iter().find(|s| s.0 == "13:45").unwrap();
    assert_eq!(
        (theirs_slot.1, theirs_slot.2),
        (true, None),
        "taken, without the booking"
    );
    let (s, _) = post_json(
        &app,
        &school,
        &format!("/api/v1/appointments/{theirs}/cancel"),
        json!({}),
    )
    .await;
    assert_eq!(s, 404, "not the school contact's to cancel");

    // Another school's contact: 404 for the walk-in hours and the booking, 422 to book there.
    let other = other_school_contact(&app, school_id).await;
    let (s, _) = get_json(
        &app,
        &other,
        &format!("/api/v1/appointments/walk-in?school_id={school_id}"),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = get_json(&app, &other, &format!("/api/v1/appointments/{mine}")).await;
    assert_eq!(s, 404);
    let (s, _) = get_json(
        &app,
        &other,
        &format!("/api/v1/appointments/{mine}/invite.ics"),
    )
    .await;
    assert_eq!(s, 404);
    let (s, problem) = post_json(
        &app,
        &other,
        "/api/v1/appointments",
        walk_in(school_id, slot_id, day, "14:00", "X"),
    )
    .await;
    assert_eq!(s, 422, "{problem}");
    assert!(
        field_of(&problem).contains(&"school_id".to_string()),
        "{problem}"
    );
    let denied = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            subject_kind: Some("appointment".into()),
            username: Some("andereschool".into()),
            limit: 500,
            ..Default::default()
        })
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.event.outcome == "denied")
        .count();
    assert!(denied >= 3, "refusals are logged: {denied}");

    // Cancelling frees the slot; a second cancel is refused; someone else books it.
    let (s, body) = post_json(
        &app,
        &school,
        &format!("/api/v1/appointments/{mine}/cancel"),
        json!({}),
    )
    .await;
    assert!(s == 200 || s == 204, "{s} {body}");
    let (s, body) = post_json(
        &app,
        &school,
        &format!("/api/v1/appointments/{mine}/cancel"),
        json!({}),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    let freed = slots_on(&app, &school, school_id, day).await;
    assert!(
        !freed.iter().find(|s| s.0 == "13:30").unwrap().1,
        "{freed:?}"
    );
    let (s, body) = post_json(
        &app,
        &smw,
        "/api/v1/appointments",
        walk_in(school_id, slot_id, day, "13:30", "Finn Mulder"),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    // The school contact does not record attendance.
    let (s, _) = post_json(
        &app,
        &school,
        &format!("/api/v1/appointments/{mine}/status"),
        json!({"status": "verschenen"}),
    )
    .await;
    assert_eq!(s, 403);
    app.shutdown().await;
}
on_both_backends!(invitation_cancel_and_scope);

/// The invitation of booking `id` (13:30–13:45 on `day`): valid, parsed back, Amsterdam times, no purpose.
async fn check_invitation(app: &TestApp, token: &str, mine: i64, day: NaiveDate, school_id: i64) {
    // The invitation.
    let res = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/appointments/{mine}/invite.ics")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let kind = res.headers()["content-type"].to_str().unwrap().to_string();
    assert!(kind.starts_with("text/calendar"), "{kind}");
    let text = res.text().await.unwrap();
    assert_rfc5545(&text);
    assert_python_icalendar_reads(&text);
    assert!(text.contains("METHOD:REQUEST"), "{text}");
    assert!(
        text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Amsterdam"),
        "{text}"
    );
    assert!(
        !text.contains("Kennismaken"),
        "no purpose in the invitation: {text}"
    );
    let cal: Calendar = text.parse().expect("the invitation parses back");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 1);
    let e = events[0];
    assert_eq!(
        e.get_uid(),
        Some(format!("appointment-{mine}@schakel").as_str())
    );
    let start = e.properties().get("DTSTART").expect("DTSTART");
    assert_eq!(start.value(), format!("{}T133000", day.format("%Y%m%d")));
    assert_eq!(
        start.params().get("TZID").map(|p| p.value()),
        Some("Europe/Amsterdam")
    );
    assert_eq!(
        e.property_value("DTEND"),
        Some(format!("{}T134500", day.format("%Y%m%d")).as_str())
    );
    let school_name = app.store.school(school_id).await.unwrap().name;
    assert!(
        e.property_value("LOCATION")
            .unwrap_or_default()
            .contains(&school_name),
        "{text}"
    );
    // The same UID every time.
    let (_, again) = get_json(app, token, &format!("/api/v1/appointments/{mine}")).await;
    assert_eq!(again["for_name"], "Mw. de Boer");
}

/// A school contact of another school than `school_id`, as an API token.
async fn other_school_contact(app: &TestApp, school_id: i64) -> String {
    let other = app
        .store
        .list_assignments(None, None, None)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.school_id)
        .find(|s| *s != school_id)
        .expect("another school");
    let mut tx = app.store.begin().await.unwrap();
    tx.insert_user(
        &schakel_store::NewUser {
            username: "andereschool".into(),
            display_name: "Intern begeleider elders".into(),
            password_hash: schakel_web::hash_password("schakel-demo").unwrap(),
            role: "school_contact".into(),
            school_id: Some(other),
            ..Default::default()
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    api_token(app, "andereschool").await
}

/// No walk-in slots in a school holiday: none offered, a booking refused on its date.
async fn no_walk_in_in_a_holiday(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let school = api_token(&app, "school").await;
    let day = next_school_day() + Duration::days(7);
    let (school_id, slot_id) = pattern(&app, &smw, day).await;
    let (_, _, region) = main_school(&app).await;
    assert_eq!(slots_on(&app, &school, school_id, day).await.len(), 8);
    let admin = api_token(&app, "beheer").await;
    let (first, last) = (day - Duration::days(3), day + Duration::days(3));
    let (s, body) = post_json(&app, &admin, "/api/v1/holidays", json!({
        "school_year": schakel_domain::presence::school_year_of(first), "region": region, "name": "herfst",
        "starts_on": first.to_string(), "ends_on": last.to_string()
    }))
    .await;
    assert_eq!(s, 201, "{body}");
    assert!(
        slots_on(&app, &school, school_id, day).await.is_empty(),
        "no slots in the holiday"
    );
    let (s, problem) = post_json(
        &app,
        &school,
        "/api/v1/appointments",
        walk_in(school_id, slot_id, day, "13:00", "Mw. Jansen"),
    )
    .await;
    assert_eq!(s, 422, "{problem}");
    assert_eq!(field_of(&problem), vec!["date"], "{problem}");
    app.shutdown().await;
}
on_both_backends!(no_walk_in_in_a_holiday);

/// The worker's home page lists the coming bookings; attended walk-in visits count in the municipality's figures
/// per school and quarter (not-shown ones do not), suppressed under the threshold.
async fn home_reminder_and_monitoring(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let school = api_token(&app, "school").await;
    let day = next_school_day();
    let (school_id, slot_id) = pattern(&app, &smw, day).await;
    let mut ids = Vec::new();
    for (i, starts) in ["13:00", "13:15", "13:30", "13:45", "14:00", "14:15"]
        .iter()
        .enumerate()
    {
        let (s, body) = post_json(
            &app,
            &school,
            "/api/v1/appointments",
            walk_in(school_id, slot_id, day, starts, &format!("Ouder {i}")),
        )
        .await;
        assert_eq!(s, 201, "{body}");
        ids.push(body["id"].as_i64().unwrap());
    }
    let client = as_role(&app, "smw").await;
    let home = page_text(&app, &client, "/").await;
    assert!(home.contains("id=\"my-appointments\""), "{home}");
    assert!(
        home.contains("Ouder 0") && home.contains("Ouder 5"),
        "{home}"
    );
    // Attended too early is refused.
    let (s, problem) = post_json(
        &app,
        &smw,
        &format!("/api/v1/appointments/{}/status", ids[0]),
        json!({"status": "verschenen"}),
    )
    .await;
    assert_eq!(
        (s, field_of(&problem)),
        (422, vec!["status".to_string()]),
        "{problem}"
    );
    // On the day: five came, one did not.
    app.clock
        .advance(Duration::days((day - today()).num_days()));
    // Signed in again on that day (a token does not last days).
    let smw = api_token(&app, "smw").await;
    for (i, id) in ids.iter().enumerate() {
        let status = if i == 5 {
            "niet_verschenen"
        } else {
            "verschenen"
        };
        let (s, body) = post_json(
            &app,
            &smw,
            &format!("/api/v1/appointments/{id}/status"),
            json!({"status": status}),
        )
        .await;
        assert!(s == 200 || s == 204, "{s} {body}");
    }
    let lead = api_token(&app, "teamleider").await;
    let year = schakel_domain::monitoring::school_year_of(day);
    let (s, figures) = get_json(
        &app,
        &lead,
        &format!(
            "/api/v1/figures/municipality?school_year={}",
            schakel_domain::monitoring::school_year_label(year)
        ),
    )
    .await;
    assert_eq!(s, 200, "{figures}");
    let table = &figures["walk_in_visits"];
    let school_name = app.store.school(school_id).await.unwrap().name;
    let row = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .position(|r| r == &json!(school_name))
        .expect("the school's row");
    let column = schakel_domain::monitoring::quarter_of(day) - 1;
    let cell = &table["cells"][row][column];
    assert_eq!(cell["shown"], "count", "{table}");
    assert_eq!(cell["value"], 5, "attended only: {table}");
    app.shutdown().await;
}
on_both_backends!(home_reminder_and_monitoring);

/// A separate appointment for a pupil at `school_id` on `day`.
pub(crate) fn appointment_at(school_id: i64, day: NaiveDate, starts: &str, ends: &str) -> Value {
    json!({"kind": "afspraak", "school_id": school_id, "date": day.to_string(), "starts_at": starts,
        "ends_at": ends, "for_name": "Daan Visser", "for_kind": "leerling", "purpose": "Vervolg"})
}

/// Books through the API: the status and the answer.
async fn book(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    post_json(app, token, "/api/v1/appointments", body).await
}

/// A booking that overlaps another with the same worker is refused with a 422 on `starts_at` at both doors
/// (touching ends are fine); a separate appointment in the walk-in hour takes the slots it covers, so the list
/// shows them taken and they cannot be booked; a booked walk-in slot refuses an appointment over it.
async fn overlapping_bookings_are_refused(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let smw = api_token(&app, "smw").await;
    let school = api_token(&app, "school").await;
    let day = next_school_day();
    let (school_id, slot_id) = pattern(&app, &smw, day).await;
    let refused = |(s, problem): (u16, Value)| {
        assert_eq!(
            (s, field_of(&problem)),
            (422, vec!["starts_at".to_string()]),
            "{problem}"
        );
        problem["errors"][0]["message_nl"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    let (s, body) = book(&app, &smw, appointment_at(school_id, day, "10:00", "10:30")).await;
    assert_eq!(s, 201, "{body}");
    let message = refused(book(&app, &smw, appointment_at(school_id, day, "10:15", "10:45")).await);
    assert!(message.contains("overlapt"), "{message}");
    refused(book(&app, &smw, appointment_at(school_id, day, "09:45", "11:00")).await);
    // The same at the page, with the same Dutch message, the form kept.
    let page = as_role(&app, "smw").await;
    let (school_s, day_s) = (school_id.to_string(), day.to_string());
    let res = post_form(
        &app,
        &page,
        "/appointments",
        &[
            ("kind", "afspraak"),
            ("school_id", &school_s),
            ("date", &day_s),
            ("starts_at", "10:20"),
            ("ends_at", "10:50"),
            ("for_name", "Sem de Wit"),
            ("for_kind", "leerling"),
            ("purpose", "Gesprek"),
        ],
    )
    .await;
    let html = assert_status(res, 422, "an overlapping appointment (page)").await;
    assert!(html.contains(&message), "the page says what the API says");
    assert!(html.contains("Sem de Wit"), "what was typed is kept");
    // Touching ends do not overlap.
    let (s, body) = book(&app, &smw, appointment_at(school_id, day, "10:30", "11:00")).await;
    assert_eq!(s, 201, "{body}");

    // An appointment in the walk-in hour takes the slots it covers.
    let (s, body) = book(&app, &smw, appointment_at(school_id, day, "13:30", "14:00")).await;
    assert_eq!(s, 201, "{body}");
    let slots = slots_on(&app, &school, school_id, day).await;
    let taken: Vec<&str> = slots.iter().filter(|s| s.1).map(|s| s.0.as_str()).collect();
    assert_eq!(taken, ["13:30", "13:45"], "{slots:?}");
    assert!(
        slots.iter().all(|s| s.2.is_none()),
        "the school contact does not see the worker's appointment: {slots:?}"
    );
    let message = refused(
        book(
            &app,
            &school,
            walk_in(school_id, slot_id, day, "13:45", "Mw. Bakker"),
        )
        .await,
    );
    assert!(message.contains("al bezet"), "{message}");
    // A booked walk-in slot refuses an appointment over it.
    let (s, body) = book(
        &app,
        &school,
        walk_in(school_id, slot_id, day, "14:15", "Mw. Bakker"),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    refused(book(&app, &smw, appointment_at(school_id, day, "14:00", "14:20")).await);
    // Cancelled, it refuses nothing.
    let cancel = format!("/api/v1/appointments/{}/cancel", body["id"]);
    assert_eq!(post_json(&app, &school, &cancel, json!({})).await.0, 204);
    let (s, body) = book(&app, &smw, appointment_at(school_id, day, "14:00", "14:20")).await;
    assert_eq!(s, 201, "{body}");
    app.shutdown().await;
}
on_both_backends!(overlapping_bookings_are_refused);

/// The invitation of booking `id` speaks the language of the user who downloads it (issue 13, "English feed
/// texts"): English with the language cookie `en`, Dutch without; the school's name as it is.
async fn invitation_in_the_readers_language(app: &TestApp, token: &str, id: i64, school_id: i64) {
    let school_name = app.store.school(school_id).await.unwrap().name;
    for (lang, summary, description) in [
        (
            Some("en"),
            format!("Walk-in slot school social work – {school_name}"),
            "With ",
        ),
        (
            None,
            format!("Inloopspreekuur schoolmaatschappelijk werk – {school_name}"),
            "Met ",
        ),
    ] {
        let mut req = reqwest::Client::new()
            .get(app.url(&format!("/api/v1/appointments/{id}/invite.ics")))
            .bearer_auth(token);
        if let Some(lang) = lang {
            req = req.header("cookie", format!("schakel_lang={lang}"));
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 200);
        let text = res.text().await.unwrap();
        assert_rfc5545(&text);
        assert_python_icalendar_reads(&text);
        let cal: Calendar = text.parse().expect("the invitation parses back");
        let event = cal
            .components
            .iter()
            .find_map(|c| match c {
                CalendarComponent::Event(e) => Some(e),
                _ => None,
            })
            .expect("an event");
        assert_eq!(event.get_summary(), Some(summary.as_str()), "{text}");
        assert!(
            event
                .get_description()
                .is_some_and(|d| d.starts_with(description)),
            "{text}"
        );
    }
}
