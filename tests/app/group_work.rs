//! Group work (issue 13, items 1 and 2) on both backends: a parent discussion group of four evenings with five
//! couples, its attendance and hours booked to the school; who sees it; a live poll answered by thirty phones
//! without an account, one answer per device per statement, paper answers, CSV, and a closed poll that refuses.

use crate::on_both_backends;
use crate::support::{
    Backend, TestApp, api_token, as_role, assert_status, get_json, page_text, post_form, post_json,
    spawn_app,
};
use serde_json::json;

/// Adds a user with the demo password straight to the store.
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

/// A school of the social worker's organisation by (part of) its name.
async fn school_of_welzijn(app: &TestApp, name: &str) -> i64 {
    app.store
        .list_assignments(None, None, None)
        .await
        .expect("assignments")
        .into_iter()
        .find(|a| a.school_name.contains(name))
        .map(|a| a.school_id)
        .unwrap_or_else(|| panic!("an assignment at {name}"))
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

fn day(offset: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(offset)).to_string()
}

/// The school's own contact sees the activity without the evaluation; another school's contact sees nothing;
/// the changes and the readings are in the access log.
async fn who_sees_the_group(app: &TestApp, id: i64, sessions: &[i64], brug: i64) {
    // The school's own contact sees the activity without the evaluation; another school's contact sees nothing.
    add_school_contact(app, "ib-brug", brug).await;
    let ib = api_token(app, "ib-brug").await;
    let (status, seen) = get_json(app, &ib, &format!("/api/v1/group-activities/{id}")).await;
    assert_eq!(status, 200, "{seen}");
    assert!(!seen.to_string().contains("herkenden"), "{seen}");
    assert_eq!(seen["session_list"][0]["preparation_minutes"], 0);
    let ib_page = as_role(app, "ib-brug").await;
    let session_page = page_text(
        app,
        &ib_page,
        &format!("/group-activities/{id}/sessions/{}", sessions[0]),
    )
    .await;
    assert!(session_page.contains("Grenzen stellen") && !session_page.contains("herkenden"));
    let other = api_token(app, "school").await;
    let (status, list) = get_json(app, &other, "/api/v1/group-activities").await;
    assert_eq!(status, 200);
    assert_eq!(list["items"].as_array().map(Vec::len), Some(0), "{list}");
    let (status, _) = get_json(app, &other, &format!("/api/v1/group-activities/{id}")).await;
    assert_eq!(status, 404);
    let other_page = as_role(app, "school").await;
    let res = other_page
        .get(app.url(&format!("/group-activities/{id}")))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 404);
    // A school contact plans nothing.
    let (status, _) = post_json(app, &other, "/api/v1/group-activities", json!({})).await;
    assert_eq!(status, 403);

    // The changes and the readings are in the access log.
    let log = app
        .store
        .search_audit(&schakel_store::AuditFilter {
            subject_kind: Some("group_activity".into()),
            limit: 100,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(
        log.iter()
            .any(|e| e.event.action == "create" && e.event.username == "smw")
    );
    assert!(
        log.iter()
            .any(|e| e.event.outcome == "denied" && e.event.username == "school")
    );
}

async fn a_parent_group_of_four_evenings(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let brug = school_of_welzijn(&app, "De Brug").await;
    let smw = as_role(&app, "smw").await;
    let brug_str = brug.to_string();
    let res = post_form(
        &app,
        &smw,
        "/group-activities",
        &[
            ("kind", "oudergespreksgroep"),
            ("title", "Oudergroep De Brug"),
            ("school_ids", brug_str.as_str()),
            ("partner_organisers", "J. Bakker (CJG)"),
        ],
    )
    .await;
    assert_eq!(res.status(), 303, "planned");
    let id = location_id(&res);
    // A form without a kind comes back with the error summary.
    let res = post_form(
        &app,
        &smw,
        "/group-activities",
        &[("title", "Zonder soort")],
    )
    .await;
    let body = assert_status(res, 422, "no kind").await;
    assert!(body.contains("error-summary"), "{body}");

    let evenings = [
        (day(-21), "Grenzen stellen"),
        (day(-14), "Ruzie tussen broers en zussen"),
        (day(-7), "Schermtijd"),
        (day(7), "Wat werkt bij ons"),
    ];
    for (date, theme) in &evenings {
        let res = post_form(
            &app,
            &smw,
            &format!("/group-activities/{id}/sessions"),
            &[
                ("held_on", date.as_str()),
                ("starts_at", "19:30"),
                ("ends_at", "21:30"),
                ("place", "Ouderkamer"),
                ("theme", theme),
            ],
        )
        .await;
        assert_eq!(res.status(), 303, "session {theme}");
    }
    let token = api_token(&app, "smw").await;
    let (status, activity) =
        get_json(&app, &token, &format!("/api/v1/group-activities/{id}")).await;
    assert_eq!(status, 200, "{activity}");
    let sessions: Vec<i64> = activity["session_list"]
        .as_array()
        .expect("sessions")
        .iter()
        .map(|s| s["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(sessions.len(), 4);
    // Five couples each held evening: two by the page, one through the API.
    for (i, session) in sessions.iter().take(3).enumerate() {
        let path = format!("/group-activities/{id}/sessions/{session}");
        if i < 2 {
            let res = post_form(
                &app,
                &smw,
                &path,
                &[
                    ("parents", "10"),
                    ("children", "0"),
                    ("evaluation", "Open gesprek, ouders herkenden elkaar"),
                    ("preparation_minutes", "60"),
                    ("session_minutes", "120"),
                ],
            )
            .await;
            assert_eq!(res.status(), 303, "recorded {i}");
        } else {
            let (status, body) = post_json(
                &app,
                &token,
                &format!("/api/v1{path}"),
                json!({"parents": 10, "children": 0, "evaluation": "Open gesprek, ouders herkenden elkaar",
                       "preparation_minutes": 60, "session_minutes": 120}),
            )
            .await;
            assert_eq!(status, 200, "{body}");
            assert_eq!(body["parents"], 10);
        }
    }
    // The evening still to come cannot be recorded; nobody present is refused too.
    let future = format!("/api/v1/group-activities/{id}/sessions/{}", sessions[3]);
    let (status, _) = post_json(&app, &token, &future, json!({"parents": 8})).await;
    assert_eq!(status, 422, "not before the day");
    let (status, _) = post_json(
        &app,
        &token,
        &format!("/api/v1/group-activities/{id}/sessions/{}", sessions[0]),
        json!({"parents": 0, "children": 0}),
    )
    .await;
    assert_eq!(status, 422, "nobody counted");

    let page = page_text(&app, &smw, &format!("/group-activities/{id}")).await;
    assert_eq!(page.matches(">gehouden<").count(), 3, "{page}");
    assert!(page.contains("Schermtijd") && page.contains("J. Bakker (CJG)"));

    // Three evenings of 60 + 120 minutes are group work of the school in the time report.
    let (status, time) = get_json(
        &app,
        &token,
        &format!("/api/v1/time-per-school?from={}", day(-60)),
    )
    .await;
    assert_eq!(status, 200, "{time}");
    let row = time["schools"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["school_id"] == brug)
        .expect("De Brug in the time report")
        .clone();
    assert_eq!(row["group_minutes"], 540, "{row}");
    let time_page = page_text(&app, &smw, &format!("/time?from={}", day(-60))).await;
    assert!(time_page.contains("Groepswerk (uur)"), "{time_page}");

    // The figures for the monitoring: per school and school year.
    let figures = app
        .store
        .group_work_per_school_year(&schakel_store::GroupWorkFilter::default())
        .await
        .expect("figures");
    let brug_figures: Vec<_> = figures.iter().filter(|f| f.school_id == brug).collect();
    let sessions_held: i64 = brug_figures.iter().map(|f| f.sessions_held).sum();
    let parents: i64 = brug_figures.iter().map(|f| f.parents_reached).sum();
    let minutes: i64 = brug_figures.iter().map(|f| f.minutes).sum();
    assert_eq!((sessions_held, parents, minutes), (3, 30, 540));

    who_sees_the_group(&app, id, &sessions, brug).await;
    app.shutdown().await;
}
on_both_backends!(a_parent_group_of_four_evenings);

/// The form of a poll as a phone gets it: the device check and the statements' field names.
fn form_of(html: &str) -> (String, Vec<String>) {
    let marker = "name=\"device_check\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("device check");
    let check: String = html[start..].chars().take_while(|c| *c != '"').collect();
    let mut names = Vec::new();
    for part in html.split("name=\"s").skip(1) {
        let id: String = part.chars().take_while(char::is_ascii_digit).collect();
        if !id.is_empty() && !names.contains(&format!("s{id}")) {
            names.push(format!("s{id}"));
        }
    }
    (check, names)
}

/// A phone: its own cookies, no account.
fn phone() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn answer(app: &TestApp, phone: &reqwest::Client, code: &str, scores: &[&str]) -> u16 {
    let html = phone
        .get(app.url(&format!("/poll/{code}")))
        .send()
        .await
        .expect("poll page")
        .text()
        .await
        .expect("body");
    let (check, names) = form_of(&html);
    let mut form = vec![("device_check".to_string(), check)];
    for (name, score) in names.iter().zip(scores) {
        form.push((name.clone(), (*score).to_string()));
    }
    phone
        .post(app.url(&format!("/poll/{code}")))
        .form(&form)
        .send()
        .await
        .expect("answer")
        .status()
        .as_u16()
}

/// The organiser's screen (the numbers, a chart that says what it shows, asking again every two seconds), paper
/// answers, the CSV, closing the poll, and who may run it.
async fn the_organiser_side(app: &TestApp, token: &str, poll: i64, code: &str) {
    let results_path = format!("/api/v1/polls/{poll}");
    let results = || get_json(app, token, &results_path);
    let smw = as_role(app, "smw").await;
    let live = page_text(app, &smw, &format!("/polls/{poll}/live")).await;
    assert!(live.contains("hx-trigger=\"every 2s\""), "{live}");
    assert!(live.contains("<strong id=\"poll-n\">30</strong>"), "{live}");
    assert!(
        live.contains("role=\"img\"") && live.contains("<desc"),
        "{live}"
    );
    let screen = page_text(app, &smw, &format!("/polls/{poll}")).await;
    assert!(
        screen.contains(code) && screen.contains("<svg"),
        "the code and the QR code"
    );

    // Paper answers are added afterwards; the CSV has them.
    let r = results().await.1;
    let statement = r["statements"][0]["id"].as_i64().expect("statement");
    let field = format!("paper_{statement}_4");
    let res = post_form(
        app,
        &smw,
        &format!("/polls/{poll}/paper"),
        &[(field.as_str(), "5")],
    )
    .await;
    assert_eq!(res.status(), 303);
    let r = results().await.1;
    assert_eq!(r["statements"][0]["counts"], json!([6, 6, 6, 11, 6]));
    assert_eq!(r["n"], 35);
    let csv = page_text(app, &smw, &format!("/polls/{poll}/export.csv")).await;
    assert!(
        csv.lines()
            .any(|l| l.starts_with("Preventie is vroegsignalering;35;6;6;6;11;6;5")),
        "{csv}"
    );

    // Closed: the code takes no more answers, not even from a phone that had the form open.
    let late = phone();
    let form = page_text(app, &late, &format!("/poll/{code}")).await;
    let (check, names) = form_of(&form);
    let res = post_form(app, &smw, &format!("/polls/{poll}/close"), &[]).await;
    assert_eq!(res.status(), 303);
    let res = phone()
        .get(app.url(&format!("/poll/{code}")))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 404);
    let res = late
        .post(app.url(&format!("/poll/{code}")))
        .form(&[("device_check", check.as_str()), (names[0].as_str(), "5")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 404, "a closed poll refuses answers");
    let r = results().await.1;
    assert_eq!(
        (r["state"].as_str(), r["n"].as_i64()),
        (Some("closed"), Some(35))
    );

    // Only the organisation's workers run polls.
    let school = api_token(app, "school").await;
    assert_eq!(
        get_json(app, &school, &format!("/api/v1/polls/{poll}"))
            .await
            .0,
        403
    );
    let other_org = api_token(app, "smw-havenstad").await;
    assert_eq!(
        get_json(app, &other_org, &format!("/api/v1/polls/{poll}"))
            .await
            .0,
        404
    );
}

/// A theme meeting at De Brug with a session today and a poll of three statements, opened: its id and code.
async fn open_a_theme_poll(app: &TestApp, token: &str) -> (i64, String) {
    let brug = school_of_welzijn(app, "De Brug").await;
    let (status, made) = post_json(
        app,
        token,
        "/api/v1/group-activities",
        json!({"kind": "themabijeenkomst", "title": "Themadag preventie", "school_ids": [brug]}),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let id = made["id"].as_i64().expect("id");
    let (status, session) = post_json(
        app,
        token,
        &format!("/api/v1/group-activities/{id}/sessions"),
        json!({"held_on": day(0), "starts_at": "09:00", "ends_at": "16:00", "theme": "Preventie"}),
    )
    .await;
    assert_eq!(status, 201, "{session}");
    let session = session["id"].as_i64().expect("session");
    let (status, poll) = post_json(
        app,
        token,
        &format!("/api/v1/group-activities/{id}/sessions/{session}/polls"),
        json!({"title": "Stellingen themadag", "statements": [
            "Preventie is vroegsignalering", "Ouders weten de weg naar hulp", "De school is een vindplaats"]}),
    )
    .await;
    assert_eq!(status, 201, "{poll}");
    let poll = poll["id"].as_i64().expect("poll");
    // Not yet open: no code, nobody can answer.
    let (status, opened) =
        post_json(app, token, &format!("/api/v1/polls/{poll}/open"), json!({})).await;
    assert_eq!(status, 200, "{opened}");
    assert_eq!(opened["state"], "open");
    let code = opened["code"].as_str().expect("code").to_string();
    assert_eq!(code.len(), 6);
    let (status, _) = post_json(app, token, &format!("/api/v1/polls/{poll}/open"), json!({})).await;
    assert_eq!(status, 422, "opened once");
    (poll, code)
}

async fn a_live_poll_counts_one_answer_per_device(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let token = api_token(&app, "smw").await;
    let (poll, code) = open_a_theme_poll(&app, &token).await;

    // The participant's page shows the statements and nothing about the organiser or the school.
    let first = phone();
    let res = first
        .get(app.url(&format!("/poll/{}", code.to_lowercase())))
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), 200);
    let cookies: Vec<String> = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().expect("cookie").to_string())
        .collect();
    assert!(
        cookies.iter().all(|c| c.starts_with("schakel_poll_device=")
            && c.contains("HttpOnly")
            && c.contains("SameSite=Strict")),
        "{cookies:?}"
    );
    let html = res.text().await.expect("body");
    assert!(html.contains("Preventie is vroegsignalering"));
    for personal in [
        "Yasmina",
        "De Brug",
        "Themadag preventie",
        "smw",
        "/group-activities",
    ] {
        assert!(
            !html.contains(personal),
            "the participant's page shows {personal}"
        );
    }

    // Thirty phones: statement 1 spread evenly, statement 2 mostly agreeing, statement 3 left out by some.
    for i in 0..30 {
        let p = if i == 0 { first.clone() } else { phone() };
        let s1 = ["1", "2", "3", "4", "5"][i % 5];
        let s2 = if i < 20 { "5" } else { "4" };
        let scores: Vec<&str> = if i < 25 {
            vec![s1, s2, "3"]
        } else {
            vec![s1, s2, ""]
        };
        assert_eq!(answer(&app, &p, &code, &scores).await, 303, "phone {i}");
    }
    let results_path = format!("/api/v1/polls/{poll}");
    let results = || get_json(&app, &token, &results_path);
    let r = results().await.1;
    assert_eq!(r["n"], 30, "{r}");
    assert_eq!(r["statements"][0]["counts"], json!([6, 6, 6, 6, 6]));
    assert_eq!(r["statements"][0]["percents"], json!([20, 20, 20, 20, 20]));
    assert_eq!(r["statements"][1]["counts"], json!([0, 0, 0, 10, 20]));
    assert_eq!(r["statements"][2]["n"], 25);

    // The same phone again, with the form it had: its first answers stand.
    let (check, names) = form_of(&html);
    let again: Vec<(String, String)> = std::iter::once(("device_check".to_string(), check))
        .chain(names.iter().map(|n| (n.clone(), "1".to_string())))
        .collect();
    let res = first
        .post(app.url(&format!("/poll/{code}")))
        .form(&again)
        .send()
        .await
        .expect("again");
    assert_eq!(res.status(), 303);
    let done = page_text(&app, &first, &format!("/poll/{code}")).await;
    assert!(
        done.contains("poll-done"),
        "every statement answered: {done}"
    );
    // A post without the device's form check, or without a device at all, counts nothing.
    let forged = phone();
    let _ = forged
        .get(app.url(&format!("/poll/{code}")))
        .send()
        .await
        .expect("page");
    let res = forged
        .post(app.url(&format!("/poll/{code}")))
        .form(&[("device_check", "00"), ("s1", "5")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 400);
    let res = phone()
        .post(app.url(&format!("/poll/{code}")))
        .form(&[("s1", "5")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 400);
    // A post from another site is refused before it reaches the poll.
    let res = phone()
        .post(app.url(&format!("/poll/{code}")))
        .header("origin", "https://elders.example")
        .form(&[("s1", "5")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 403);
    let r = results().await.1;
    assert_eq!(r["n"], 30, "{r}");
    assert_eq!(r["statements"][0]["counts"], json!([6, 6, 6, 6, 6]));

    the_organiser_side(&app, &token, poll, &code).await;
    app.shutdown().await;
}
on_both_backends!(a_live_poll_counts_one_answer_per_device);

/// The demo's group work: the parent group at SBO De Brug with two evenings held and two to come, a resilience
/// training of the organisation's own kind, a workshop, and a theme meeting whose finished poll has n between 80 and 106 per statement.
async fn the_demo_has_group_work(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = chrono::Utc::now();
    schakel_demo::seed::group::seed_group_work(&app.store, now.date_naive(), now)
        .await
        .expect("group work");
    let token = api_token(&app, "smw").await;
    let (status, list) = get_json(&app, &token, "/api/v1/group-activities").await;
    assert_eq!(status, 200, "{list}");
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 4, "{list}");
    // One of a kind the organisation added itself (ADR 019 addendum), with its own name at both languages.
    let training = items
        .iter()
        .find(|a| a["kind"] == "weerbaarheidstraining")
        .expect("the resilience training");
    assert_eq!(
        (
            training["sessions"].as_i64(),
            training["sessions_held"].as_i64()
        ),
        (Some(6), Some(2))
    );
    let group = items
        .iter()
        .find(|a| a["kind"] == "oudergespreksgroep")
        .expect("the parent group");
    assert_eq!(
        (group["sessions"].as_i64(), group["sessions_held"].as_i64()),
        (Some(4), Some(2))
    );
    let theme = items
        .iter()
        .find(|a| a["kind"] == "themabijeenkomst")
        .expect("the theme meeting");
    let (_, theme) = get_json(
        &app,
        &token,
        &format!("/api/v1/group-activities/{}", theme["id"]),
    )
    .await;
    let poll = theme["polls"][0]["id"].as_i64().expect("a poll");
    let (status, r) = get_json(&app, &token, &format!("/api/v1/polls/{poll}")).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["state"], "closed");
    for s in r["statements"].as_array().expect("statements") {
        let n = s["n"].as_i64().expect("n");
        assert!((80..=106).contains(&n), "{s}");
    }
    // The poll's screen and the chart render for the organiser.
    let smw = as_role(&app, "smw").await;
    let screen = page_text(&app, &smw, &format!("/polls/{poll}")).await;
    assert!(screen.contains("Preventie is vroegsignalering") && screen.contains("role=\"img\""));
    assert!(
        !screen.contains("hx-trigger"),
        "a closed poll does not ask again"
    );
    app.shutdown().await;
}
on_both_backends!(the_demo_has_group_work);

/// One device sending the same answers twenty times at once still counts once per statement — the database's
/// key decides, not a read before the write, so it holds on PostgreSQL's parallel writers too.
async fn parallel_answers_from_one_device_count_once(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let token = api_token(&app, "smw").await;
    let (poll, code) = open_a_theme_poll(&app, &token).await;
    let device = phone();
    let html = device
        .get(app.url(&format!("/poll/{code}")))
        .send()
        .await
        .expect("poll page")
        .text()
        .await
        .expect("body");
    let (check, names) = form_of(&html);
    let mut form = vec![("device_check".to_string(), check)];
    for name in &names {
        form.push((name.clone(), "4".to_string()));
    }
    let sends = (0..20).map(|_| {
        device
            .post(app.url(&format!("/poll/{code}")))
            .form(&form)
            .send()
    });
    for res in futures_join_all(sends).await {
        let status = res.expect("answer").status().as_u16();
        assert!(status < 500, "a parallel answer failed with {status}");
    }
    let (status, r) = get_json(&app, &token, &format!("/api/v1/polls/{poll}")).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["n"], 1, "one device, one answer: {r}");
    app.shutdown().await;
}
on_both_backends!(parallel_answers_from_one_device_count_once);

/// Runs the futures at once and waits for all (tokio tasks, so they really overlap).
async fn futures_join_all<F, T>(futures: impl Iterator<Item = F>) -> Vec<T>
where
    F: std::future::Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}
