//! Presence at schools and holiday cover (issue 13, items 4 and 5) on both backends: a weekly pattern with a
//! walk-in hour, a holiday and a cover across it; the calendar feed parsed back (the covering worker during the
//! cover, nothing in the holiday), checked against RFC 5545's structure, revocable, and a wrong token exposing
//! nothing; during a cover a new referral lands on the covering worker's list and triage assigns it to them.

use crate::on_both_backends;
use crate::support::{
    Backend, TestApp, api_token, as_role, get_json, page_text, post_json, spawn_app,
};
use chrono::{Datelike, Duration, NaiveDate};
use icalendar::{Calendar, CalendarComponent, Component};
use serde_json::json;

/// A social worker of Welzijn Waterweide other than `smw`, with an account `vervanger`: (worker id, name).
async fn covering_worker(app: &TestApp) -> (i64, String) {
    let smw = app.store.user_by_username("smw").await.unwrap().unwrap();
    let smw_worker = app.store.worker_of_user(smw.id).await.unwrap().unwrap();
    let other = app
        .store
        .list_workers(Some(smw_worker.organisation_id))
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.id != smw_worker.id && *w.active)
        .expect("a colleague");
    let mut tx = app.store.begin().await.unwrap();
    let user = tx
        .insert_user(
            &schakel_store::NewUser {
                username: "vervanger".into(),
                display_name: other.name.clone(),
                password_hash: schakel_web::hash_password("schakel-demo").unwrap(),
                role: "social_worker".into(),
                organisation_id: Some(smw_worker.organisation_id),
                team_id: other.team_id,
                ..Default::default()
            },
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    tx.link_worker_to_user(other.id, user.id).await.unwrap();
    tx.commit().await.unwrap();
    (other.id, other.name)
}

/// The school of the `school` contact, where `smw` works 2.5 days: (school id, smw's assignment id, region).
pub(crate) async fn main_school(app: &TestApp) -> (i64, i64, String) {
    let contact = app.store.user_by_username("school").await.unwrap().unwrap();
    let school_id = contact.school_id.unwrap();
    let assignment = app
        .store
        .list_assignments(None, None, Some(school_id))
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.ends_on.is_none() && a.hours_per_week == Some(20.0))
        .expect("smw's assignment");
    let region = app
        .store
        .school(school_id)
        .await
        .unwrap()
        .holiday_region
        .expect("a region");
    (school_id, assignment.id, region)
}

fn today() -> NaiveDate {
    schakel_domain::local_time::amsterdam_date(chrono::Utc::now())
}

/// The next Monday on or after `d`.
fn monday_from(d: NaiveDate) -> NaiveDate {
    d + Duration::days(i64::from((7 - d.weekday().num_days_from_monday()) % 7))
}

/// Checks the structure RFC 5545 asks for: CRLF line ends, lines of at most 75 octets, balanced components,
/// VERSION and PRODID once, every VEVENT with UID, DTSTAMP and DTSTART, and DTEND after DTSTART.
pub(crate) fn assert_rfc5545(text: &str) {
    assert!(text.ends_with("\r\n"), "CRLF at the end");
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(!text.replace("\r\n", "").contains('\n'), "bare LF");
    for l in &lines {
        assert!(l.len() <= 75, "line over 75 octets: {l}");
    }
    // Unfold before looking at properties.
    let unfolded = text.replace("\r\n ", "").replace("\r\n\t", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("VERSION:2.0"))
            .count(),
        1
    );
    assert_eq!(lines.iter().filter(|l| l.starts_with("PRODID:")).count(), 1);
    let mut stack: Vec<&str> = Vec::new();
    let mut event: Vec<&str> = Vec::new();
    for l in &lines {
        if let Some(name) = l.strip_prefix("BEGIN:") {
            stack.push(name);
            if name == "VEVENT" {
                event.clear();
            }
        } else if let Some(name) = l.strip_prefix("END:") {
            assert_eq!(stack.pop(), Some(name), "unbalanced END:{name}");
            if name == "VEVENT" {
                for prop in ["UID", "DTSTAMP", "DTSTART"] {
                    assert!(
                        event.iter().any(|p| p.starts_with(&format!("{prop}:"))
                            || p.starts_with(&format!("{prop};"))),
                        "VEVENT without {prop}: {event:?}"
                    );
                }
                let value = |prop: &str| {
                    event
                        .iter()
                        .find(|p| p.starts_with(prop))
                        .and_then(|p| p.rsplit(':').next())
                        .map(str::to_string)
                };
                if let (Some(a), Some(b)) = (value("DTSTART"), value("DTEND")) {
                    assert!(b > a, "DTEND after DTSTART: {event:?}");
                }
            }
        } else {
            assert!(l.contains(':'), "a property without a value: {l}");
            event.push(l);
        }
    }
    assert!(stack.is_empty());
}

/// Reads the feed with Python's `icalendar` (a second, independent parser; set up by scripts/test.sh): it must
/// parse, and every event must carry UID, DTSTAMP and DTSTART with DTEND after DTSTART. Skipped without the
/// python unless the whole suite is required (`SCHAKEL_TEST_REQUIRE_ALL=1`).
pub(crate) fn assert_python_icalendar_reads(text: &str) {
    let Ok(python) = std::env::var("SCHAKEL_TEST_ICALENDAR_PYTHON") else {
        assert!(
            std::env::var("SCHAKEL_TEST_REQUIRE_ALL").is_err(),
            "SCHAKEL_TEST_ICALENDAR_PYTHON is not set (scripts/test.sh sets it)"
        );
        return;
    };
    let script = r#"
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
assert cal.name == "VCALENDAR", cal.name
assert str(cal.get("VERSION")) == "2.0"
assert cal.get("PRODID")
events = cal.walk("VEVENT")
assert events, "no events"
for e in events:
    for prop in ("UID", "DTSTAMP", "DTSTART"):
        assert e.get(prop) is not None, (prop, e)
    if e.get("DTEND") is not None:
        assert e.decoded("DTEND") > e.decoded("DTSTART"), e
    assert not e.errors, e.errors
print(len(events))
"#;
    let mut child = std::process::Command::new(python)
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python");
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "python icalendar refuses the feed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// (start date, summary, status) of every event of a parsed calendar.
fn events(cal: &Calendar) -> Vec<(String, String, String)> {
    cal.components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .map(|e| {
            let start = e
                .property_value("DTSTART")
                .unwrap_or_default()
                .chars()
                .take(8)
                .collect::<String>();
            (
                start,
                e.get_summary().unwrap_or_default().to_string(),
                e.property_value("STATUS").unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

pub(crate) async fn fetch(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = reqwest::get(app.url(path)).await.unwrap();
    let status = res.status().as_u16();
    let kind = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("").to_string())
        .unwrap_or_default();
    assert!(
        res.headers().get("set-cookie").is_none(),
        "no session for a feed"
    );
    (status, kind, res.text().await.unwrap())
}

/// The feed of a worker's presence shows the covering worker across a holiday, validates, and can be revoked.
async fn the_feed_shows_who_covers_across_a_holiday(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let (school_id, assignment_id, region) = main_school(&app).await;
    let (cover_id, cover_name) = covering_worker(&app).await;
    let smw = api_token(&app, "smw").await;
    // The pattern: Monday present, Tuesday a walk-in hour.
    let (s, slot) = post_json(&app, &smw, "/api/v1/presence/slots", json!({
        "assignment_id": assignment_id, "kind": "aanwezig", "weekday": 1, "starts_at": "08:30", "ends_at": "16:30"
    }))
    .await;
    assert_eq!(s, 201, "{slot}");
    let (s, walk_in) = post_json(&app, &smw, "/api/v1/presence/slots", json!({
        "assignment_id": assignment_id, "kind": "inloopspreekuur", "weekday": 2, "starts_at": "08:30", "ends_at": "09:30", "place": "Spreekkamer"
    }))
    .await;
    assert_eq!(s, 201, "{walk_in}");
    let (s, _) = post_json(&app, &smw, "/api/v1/presence/slots", json!({
        "assignment_id": assignment_id, "kind": "aanwezig", "weekday": 6, "starts_at": "08:30", "ends_at": "09:30"
    }))
    .await;
    assert_eq!(s, 422, "no presence on a Saturday");
    // A time that does not exist (or is not the reader's) is a wrong field of the body, not a missing page.
    let (s, problem) = post_json(
        &app,
        &smw,
        "/api/v1/presence/exceptions",
        json!({
            "slot_id": 0, "on_date": today().to_string()
        }),
    )
    .await;
    assert_eq!(s, 422, "{problem}");
    assert!(
        problem["errors"]
            .as_array()
            .is_some_and(|e| e.iter().any(|e| e["field"] == "slot_id")),
        "{problem}"
    );
    // A holiday of the school's region: from the Saturday before the Monday in two weeks, nine days.
    let holiday_monday = monday_from(today() + Duration::days(14));
    let first = holiday_monday - Duration::days(2);
    let last = holiday_monday + Duration::days(6);
    let year = schakel_domain::presence::school_year_of(first);
    let admin = api_token(&app, "beheer").await;
    let holiday = json!({"school_year": year, "region": region, "name": "herfst",
        "starts_on": first.to_string(), "ends_on": last.to_string()});
    let (s, body) = post_json(&app, &smw, "/api/v1/holidays", holiday.clone()).await;
    assert_eq!(s, 403, "only a functional admin sets holidays: {body}");
    let (s, body) = post_json(&app, &admin, "/api/v1/holidays", holiday).await;
    assert_eq!(s, 201, "{body}");
    // The roster: the colleague covers the school through the holiday and the week after.
    let lead = api_token(&app, "teamleider").await;
    let cover_until = last + Duration::days(7);
    let cover = json!({"school_id": school_id, "worker_id": cover_id, "starts_on": first.to_string(),
        "ends_on": cover_until.to_string(), "reason": "vakantie"});
    let (s, _) = post_json(&app, &smw, "/api/v1/covers", cover.clone()).await;
    assert_eq!(s, 403, "a social worker does not keep the roster");
    let (s, body) = post_json(&app, &lead, "/api/v1/covers", cover).await;
    assert_eq!(s, 201, "{body}");
    // A moved walk-in hour before the holiday.
    let tuesday_before = holiday_monday - Duration::days(6);
    let (s, body) = post_json(&app, &smw, "/api/v1/presence/exceptions", json!({
        "slot_id": walk_in["id"], "on_date": tuesday_before.to_string(),
        "moved_to_date": (tuesday_before + Duration::days(1)).to_string(), "moved_starts_at": "13:00", "moved_ends_at": "14:00"
    }))
    .await;
    assert_eq!(s, 201, "{body}");

    // The feed.
    let (s, feed) = post_json(&app, &smw, "/api/v1/account/calendar-feed", json!({})).await;
    assert_eq!(s, 201, "{feed}");
    let path = feed["path"].as_str().unwrap().to_string();
    assert!(path.starts_with("/calendar/cal_"));
    let (status, kind, text) = fetch(&app, &path).await;
    assert_eq!(status, 200, "{text}");
    assert!(kind.starts_with("text/calendar"), "{kind}");
    assert_rfc5545(&text);
    assert_python_icalendar_reads(&text);
    let cal: Calendar = text.parse().expect("the feed parses back");
    let list = events(&cal);
    let on = |d: NaiveDate| -> Vec<&(String, String, String)> {
        list.iter().filter(|e| e.0 == ymd(d)).collect()
    };
    let smw_name = "Yasmina El Amrani";
    // Before the holiday: smw herself, and the walk-in hour moved to Wednesday afternoon.
    let before = on(holiday_monday - Duration::days(7));
    assert!(
        before
            .iter()
            .any(|e| e.1.contains(smw_name) && !e.1.contains("vervangt")),
        "{before:?}"
    );
    let moved = on(tuesday_before + Duration::days(1));
    assert!(
        moved.iter().any(|e| e.1.starts_with("Inloopspreekuur")),
        "{moved:?}"
    );
    // In the holiday: no time at school, the holiday and the cover as all-day events.
    assert!(
        on(holiday_monday)
            .iter()
            .all(|e| !e.1.starts_with("Aanwezig")),
        "{:?}",
        on(holiday_monday)
    );
    assert!(
        on(first).iter().any(|e| e.1.contains("Herfstvakantie")),
        "{list:?}"
    );
    assert!(
        on(first)
            .iter()
            .any(|e| e.1.contains("Vervanging") && e.1.contains(&cover_name)),
        "{list:?}"
    );
    // After the holiday, still in the cover: the covering worker is there instead.
    let after = on(holiday_monday + Duration::days(7));
    assert!(
        after
            .iter()
            .any(|e| e.1.contains(&format!("{cover_name} (vervangt {smw_name})"))),
        "{after:?}"
    );
    let walk_in_after = on(holiday_monday + Duration::days(8));
    assert!(
        walk_in_after
            .iter()
            .any(|e| e.1.starts_with("Inloopspreekuur") && e.1.contains(&cover_name)),
        "{walk_in_after:?}"
    );
    // Each fetch is logged as the owner's, with the token as basis.
    let logged = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            subject_kind: Some("calendar_feed".into()),
            username: Some("smw".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(
        logged
            .iter()
            .any(|e| e.event.basis == "calendar_feed_token" && e.event.outcome == "ok"),
        "{logged:?}"
    );

    tokens_expose_nothing_and_revoke(&app, &smw, &path).await;
    school_sees_its_own_schedule(&app, &smw, school_id, &cover_name, cover_id, holiday_monday)
        .await;
}
on_both_backends!(the_feed_shows_who_covers_across_a_holiday);

/// During a cover a new referral of the covered school is on the covering worker's list and triage without a
/// chosen worker assigns it to them; after the cover it is not theirs.
async fn during_a_cover_referrals_go_to_the_covering_worker(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let (school_id, _, _) = main_school(&app).await;
    let (cover_id, _) = covering_worker(&app).await;
    let lead = api_token(&app, "teamleider").await;
    let school = api_token(&app, "school").await;
    let vervanger = api_token(&app, "vervanger").await;
    let refer = |given: &str| {
        json!({
            "given_name": given, "family_name": "Jansen", "date_of_birth": "2016-03-01", "class_name": "groep 6",
            "guardians": [{"name": "Petra Jansen", "relation": "moeder", "has_gezag": true}],
            "reason": "Slaapt slecht sinds de verhuizing.", "signals": ["gedrag"], "urgency": "normaal", "parents_agree": true
        })
    };
    // Before the cover: not on the colleague's list.
    let (s, before) = post_json(&app, &school, "/api/v1/referrals", refer("Noor")).await;
    assert_eq!(s, 201, "{before}");
    let list = |v: &serde_json::Value| -> Vec<i64> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|r| r["id"].as_i64())
            .collect()
    };
    let (s, seen) = get_json(&app, &vervanger, "/api/v1/referrals").await;
    assert_eq!(s, 200, "{seen}");
    assert!(
        !list(&seen).contains(&before["id"].as_i64().unwrap()),
        "no cover yet"
    );
    // The cover: from today for a week, for smw's absence.
    let smw_worker = app
        .store
        .list_assignments(None, None, Some(school_id))
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.hours_per_week == Some(20.0))
        .unwrap()
        .worker_id;
    let (s, body) = post_json(&app, &lead, "/api/v1/covers", json!({
        "school_id": school_id, "worker_id": cover_id, "absent_worker_id": smw_worker,
        "starts_on": today().to_string(), "ends_on": (today() + Duration::days(6)).to_string(), "reason": "afwezigheid"
    }))
    .await;
    assert_eq!(s, 201, "{body}");
    let (s, during) = post_json(&app, &school, "/api/v1/referrals", refer("Sem")).await;
    assert_eq!(s, 201);
    let id = during["id"].as_i64().unwrap();
    let (s, seen) = get_json(&app, &vervanger, "/api/v1/referrals").await;
    assert_eq!(s, 200, "{seen}");
    assert!(
        list(&seen).contains(&id),
        "the covering worker sees it: {seen}"
    );
    // The team lead's triage form proposes the covering worker.
    let lead_page = as_role(&app, "teamleider").await;
    let form = page_text(&app, &lead_page, &format!("/referrals/{id}")).await;
    assert!(
        form.contains(&format!("<option value=\"{cover_id}\" selected")),
        "the covering worker is proposed"
    );
    // Triage without a chosen worker: the case goes to the covering worker.
    let version = app.store.referral(id).await.unwrap().version;
    let (s, triaged) = post_json(
        &app,
        &lead,
        &format!("/api/v1/referrals/{id}/triage"),
        json!({"decision": "accepted", "version": version}),
    )
    .await;
    assert_eq!(s, 200, "{triaged}");
    let case_id = triaged["case_id"].as_i64().unwrap();
    let case = app.store.case(case_id).await.unwrap();
    assert_eq!(
        case.worker_id,
        Some(cover_id),
        "assigned to the covering worker"
    );
    // After the cover: a new referral is not on the colleague's list.
    app.clock.advance(Duration::days(8));
    let (school, vervanger) = (
        api_token(&app, "school").await,
        api_token(&app, "vervanger").await,
    );
    let (s, after) = post_json(&app, &school, "/api/v1/referrals", refer("Lotte")).await;
    assert_eq!(s, 201, "{after}");
    let (s, seen) = get_json(&app, &vervanger, "/api/v1/referrals").await;
    assert_eq!(s, 200, "{seen}");
    assert!(
        !list(&seen).contains(&after["id"].as_i64().unwrap()),
        "the cover ended"
    );
}
on_both_backends!(during_a_cover_referrals_go_to_the_covering_worker);

/// A wrong token exposes nothing (a bare 404); renewing stops the old URL, revoking the new one; only the hash
/// is stored.
async fn tokens_expose_nothing_and_revoke(app: &TestApp, smw: &str, path: &str) {
    // A wrong token exposes nothing: a bare 404, no page, no hint.
    for wrong in [
        "/calendar/cal_0000000000000000000000000000000000000000000000000000000000000000",
        "/calendar/nothing",
        &format!("{path}x"),
    ] {
        let (status, _, body) = fetch(app, wrong).await;
        assert_eq!(status, 404, "{wrong}");
        assert!(body.is_empty(), "{wrong}: {body}");
    }
    // Renewing stops the old URL; revoking stops the new one.
    let (s, renewed) = post_json(app, smw, "/api/v1/account/calendar-feed", json!({})).await;
    assert_eq!(s, 201);
    assert_eq!(fetch(app, path).await.0, 404, "the old URL is dead");
    let new_path = renewed["path"].as_str().unwrap().to_string();
    assert_eq!(fetch(app, &new_path).await.0, 200);
    let (s, _) = post_json(app, smw, "/api/v1/account/calendar-feed/revoke", json!({})).await;
    assert_eq!(s, 204);
    assert_eq!(fetch(app, &new_path).await.0, 404, "a revoked feed");
    // Only the hash is stored: the token is nowhere in the database.
    let token = new_path.trim_start_matches("/calendar/");
    let stored = app.store.calendar_feed_owner(token).await.unwrap();
    assert!(stored.is_none());
}

/// The school contact's "wie is er wanneer" names the walk-in hour and who covers; another school's is 404.
async fn school_sees_its_own_schedule(
    app: &TestApp,
    smw: &str,
    school_id: i64,
    cover_name: &str,
    cover_id: i64,
    holiday_monday: NaiveDate,
) {
    // The school contact's "wie is er wanneer": the walk-in hour and who covers; another school sees nothing.
    let school = as_role(app, "school").await;
    let page = page_text(
        app,
        &school,
        &format!(
            "/schools/{school_id}/presence?from={}&weeks=4",
            holiday_monday - Duration::days(7)
        ),
    )
    .await;
    assert!(page.contains("Inloopspreekuur"), "{page}");
    assert!(page.contains("Spreekkamer"));
    assert!(page.contains(cover_name), "the covering worker is named");
    assert!(page.contains("Herfstvakantie"));
    let (s, schedule) = get_json(app, smw, &format!("/api/v1/schools/{school_id}/presence")).await;
    assert_eq!(s, 200, "{schedule}");
    assert_eq!(schedule["covers"][0]["worker_id"], json!(cover_id));
    let other_school = app
        .store
        .list_assignments(None, None, None)
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.school_id != school_id)
        .unwrap()
        .school_id;
    let res = school
        .get(app.url(&format!("/schools/{other_school}/presence")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        404,
        "a school contact sees only their own school"
    );
    let gemeente = api_token(app, "gemeente").await;
    let (s, _) = get_json(
        app,
        &gemeente,
        &format!("/api/v1/schools/{school_id}/presence"),
    )
    .await;
    assert_eq!(s, 403);
}

/// Makes a calendar feed as `token` with the language cookie `lang` (none: Dutch by default) and reads it back as
/// iCalendar (both parsers): the feed's name and the summaries of its events.
async fn feed_in(app: &TestApp, token: &str, lang: Option<&str>) -> (String, Vec<String>) {
    let mut req = reqwest::Client::new()
        .post(app.url("/api/v1/account/calendar-feed"))
        .bearer_auth(token)
        .json(&json!({}));
    if let Some(lang) = lang {
        req = req.header("cookie", format!("schakel_lang={lang}"));
    }
    let res = req.send().await.unwrap();
    assert_eq!(res.status(), 201);
    let feed: serde_json::Value = res.json().await.unwrap();
    // The feed is fetched without a session or cookie, as a calendar app does.
    let (status, _, text) = fetch(app, feed["path"].as_str().unwrap()).await;
    assert_eq!(status, 200, "{text}");
    assert_rfc5545(&text);
    assert_python_icalendar_reads(&text);
    let cal: Calendar = text.parse().expect("the feed parses back");
    let name = cal.get_name().unwrap_or_default().to_string();
    (name, events(&cal).into_iter().map(|e| e.1).collect())
}

/// Each feed speaks the language of the user it belongs to (issue 13, "English feed texts"): the social worker who
/// reads Schakel in English gets English summaries, the school contact who reads it in Dutch gets Dutch ones; the
/// school's name is the same in both.
async fn each_feed_speaks_its_owners_language(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let (school_id, assignment_id, _) = main_school(&app).await;
    let school_name = app.store.school(school_id).await.unwrap().name;
    let smw = api_token(&app, "smw").await;
    let (s, slot) = post_json(&app, &smw, "/api/v1/presence/slots", json!({
        "assignment_id": assignment_id, "kind": "aanwezig", "weekday": 1, "starts_at": "08:30", "ends_at": "16:30"
    }))
    .await;
    assert_eq!(s, 201, "{slot}");
    let present_at = |lang: &str| format!("{lang} {school_name}: Yasmina El Amrani");

    let (name, summaries) = feed_in(&app, &smw, Some("en")).await;
    assert_eq!(name, "Schakel – who is where when");
    assert!(
        summaries
            .iter()
            .any(|s| s == &present_at("Present at school")),
        "{summaries:?}"
    );
    assert!(
        summaries.iter().all(|s| !s.starts_with("Aanwezig")),
        "{summaries:?}"
    );

    let school = api_token(&app, "school").await;
    let (name, summaries) = feed_in(&app, &school, None).await;
    assert_eq!(name, "Schakel – wie is er wanneer");
    assert!(
        summaries
            .iter()
            .any(|s| s == &present_at("Aanwezig op school")),
        "{summaries:?}"
    );
    assert!(
        summaries.iter().all(|s| !s.starts_with("Present")),
        "{summaries:?}"
    );
    // The account page says so, where the link is made.
    let account = page_text(&app, &as_role(&app, "school").await, "/account").await;
    assert!(
        account.contains("taal waarin u Schakel leest"),
        "the account page tells the feed keeps its language"
    );
    app.shutdown().await;
}
on_both_backends!(each_feed_speaks_its_owners_language);
