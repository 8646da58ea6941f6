//! Group work in a real browser (issue 13): the organiser plans a theme meeting, makes and opens a poll, and
//! watches the answers of thirty participants — each with its own device cookie from the real poll page, without
//! an account — arrive on the screen without a reload.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::a11y::{axe_violations, problems_on};
use crate::harness::{Env, Outcome, Session};
use crate::scenarios::PASSWORD;

/// How many participants answer (the done-when of issue 13: thirty).
const PHONES: usize = 30;
/// The separate browser sessions (each its own profile) the participants share: a fresh ChromeDriver session
/// per participant costs seconds each, so each session serves a tenth of them, its cookies deleted between two
/// participants — every participant gets a new device cookie through the real page, as a new phone would.
const BROWSERS: usize = 3;

/// The n on the organiser's screen, read in one script (htmx swaps the part every two seconds, so an element
/// found first may be gone when its text is asked).
async fn shown_n(s: &Session, selector: &str) -> Result<String, String> {
    let v = s
        .js(&format!(
            "const e = document.querySelector('{selector}'); return e ? e.textContent.trim() : '';"
        ))
        .await?;
    Ok(v.as_str().unwrap_or_default().to_string())
}

/// One phone: opens the code, answers every statement, sends; the thanks appear and nothing of anyone shows.
async fn phone_answers(p: &Session, code: &str, i: usize) -> Outcome {
    // A new participant: no cookie of the one before (the device cookie is HttpOnly, on path /poll; the browser
    // is still on the thanks page under /poll, so WebDriver sees it and deletes it).
    p.client
        .delete_all_cookies()
        .await
        .map_err(|e| format!("phone {i}: cannot clear the cookies: {e}"))?;
    p.goto(&format!("/poll/{code}")).await?;
    p.expect_page("poll-answer").await?;
    // The first participant of each browser is looked at closely; the others only answer (time).
    let first = i < BROWSERS;
    if first {
        ensure!(
            !p.has("#signed-in-as").await?,
            "phone {i}: the poll page shows someone signed in"
        );
    }
    p.js(&format!(
        "document.querySelectorAll('fieldset.likert').forEach((f, k) => \
         f.querySelectorAll('input[type=radio]')[({i} + k) % 5].click());"
    ))
    .await?;
    if i == 0 {
        let found = axe_violations(p).await?;
        ensure!(found.is_empty(), "axe on the participant's page: {found:?}");
        problems_on(p, "the participant's page").await?;
    }
    p.click("#send-answers").await?;
    p.wait_css("#poll-thanks")
        .await
        .map_err(|e| format!("phone {i}: no thanks after sending: {e}"))?;
    if first {
        ensure!(
            p.has("#poll-done").await?,
            "phone {i}: after answering every statement the form is still offered"
        );
    }
    Ok(())
}

/// A social worker plans a parent discussion group of four evenings at a school, records the attendance of
/// five couples and an evaluation for the evenings that were held, and sees a planned one refused.
pub async fn parent_group(s: &Session) -> Outcome {
    s.sign_in("smw", PASSWORD).await?;
    s.expect_page("home-social_worker").await?;
    s.goto("/group-activities").await?;
    s.expect_page("group-activities").await?;
    s.js("document.querySelector('#f-kind').value = 'oudergespreksgroep';")
        .await?;
    s.fill("#f-title", "Oudergroep in de browser").await?;
    s.click("input[name=\"school_ids\"]").await?;
    s.click("#submit-group-activity").await?;
    s.expect_page("group-activity").await?;
    let activity = s.path().await?;
    let today = chrono::Utc::now().date_naive();
    for (days, theme) in [
        (-21, "Kennismaken"),
        (-14, "Grenzen stellen"),
        (-7, "Boosheid"),
        (7, "Afsluiting"),
    ] {
        let date = (today + chrono::Duration::days(days)).to_string();
        s.js(&format!(
            "document.querySelector('#f-held_on').value = '{date}';"
        ))
        .await?;
        s.fill("#f-theme", theme).await?;
        s.click("#submit-group-session").await?;
        s.expect_page("group-activity").await?;
    }
    let sessions = s
        .js("return Array.from(document.querySelectorAll('a[href*=\"/sessions/\"]')).map(a => a.getAttribute('href'));")
        .await?;
    let sessions: Vec<String> = sessions
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    ensure!(
        sessions.len() == 4,
        "{activity} lists {} sessions",
        sessions.len()
    );
    for (i, session) in sessions.iter().enumerate() {
        s.goto(session).await?;
        s.expect_page("group-session").await?;
        s.fill("#f-parents", "10").await?;
        s.fill("#f-children", "0").await?;
        s.fill("#f-evaluation", "Vijf ouderparen, open gesprek")
            .await?;
        s.fill("#f-preparation_minutes", "60").await?;
        s.fill("#f-session_minutes", "120").await?;
        s.click("#submit-attendance").await?;
        if i < 3 {
            s.wait_css("main .alert--success")
                .await
                .map_err(|e| format!("evening {i}: no confirmation: {e}"))?;
        } else {
            s.wait_css("#error-summary")
                .await
                .map_err(|e| format!("the evening to come was recorded: {e}"))?;
        }
    }
    s.goto(&activity).await?;
    s.expect_page("group-activity").await?;
    let held = s
        .js("return Array.from(document.querySelectorAll('td')).filter(t => t.textContent.trim() === 'gehouden').length;")
        .await?;
    ensure!(held == 3, "{held} evenings show as held, expected 3");
    Ok(())
}

/// The organiser plans a theme meeting with a session today, makes a poll of two statements, opens it, and
/// sees n go to thirty as thirty participants answer — three separate browser sessions, each participant with
/// its own device cookie — while the screen is never reloaded; it shows the distribution as well.
pub async fn live_poll(s: &Session, env: &Env) -> Outcome {
    s.sign_in("smw", PASSWORD).await?;
    s.expect_page("home-social_worker").await?;
    s.goto("/group-activities").await?;
    s.expect_page("group-activities").await?;
    s.js("document.querySelector('#f-kind').value = 'themabijeenkomst';")
        .await?;
    s.fill("#f-title", "Themamiddag in de browser").await?;
    s.click("input[name=\"school_ids\"]").await?;
    s.click("#submit-group-activity").await?;
    s.expect_page("group-activity").await?;

    let today = chrono::Utc::now().date_naive().to_string();
    s.js(&format!(
        "document.querySelector('#f-held_on').value = '{today}';"
    ))
    .await?;
    s.fill("#f-theme", "Preventie").await?;
    s.click("#submit-group-session").await?;
    s.expect_page("group-activity").await?;
    s.click("a[href*=\"/sessions/\"]").await?;
    s.expect_page("group-session").await?;
    s.fill("#f-title", "Stellingen").await?;
    s.fill(
        "#f-statements",
        "Preventie is vroegsignalering\nOuders weten de weg naar hulp",
    )
    .await?;
    s.click("#submit-poll").await?;
    s.expect_page("poll").await?;
    s.click("#open-poll").await?;
    s.expect_page("poll").await?;
    let code = s.text("#poll-code").await?;
    ensure!(code.len() == 6, "the poll code is {code:?}");
    ensure!(
        s.has(".qr svg").await?,
        "no QR code on the organiser's screen"
    );
    let found = axe_violations(s).await?;
    ensure!(found.is_empty(), "axe on the organiser's screen: {found:?}");
    // A mark in the page's memory: a reload would wipe it.
    s.js("window.schakelNoReload = true;").await?;

    for b in 0..BROWSERS {
        env.run(&format!("poll browser {b}"), async |p| {
            for i in (b..PHONES).step_by(BROWSERS) {
                phone_answers(p, &code, i).await?;
            }
            Ok(())
        })
        .await
        .map_err(|e| format!("browser {b}: {e}"))?;
        if b == 0 {
            // The screen follows while the answers come in.
            let expect = PHONES.div_ceil(BROWSERS).to_string();
            let started = Instant::now();
            while shown_n(s, "#poll-n").await? != expect
                && started.elapsed() < Duration::from_secs(10)
            {
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            let shown = shown_n(s, "#poll-n").await?;
            ensure!(
                shown == expect,
                "after the first browser the screen shows n = {shown}, expected {expect}"
            );
        }
    }

    let started = Instant::now();
    let mut shown = String::new();
    while started.elapsed() < Duration::from_secs(15) {
        shown = shown_n(s, "#poll-n").await?;
        if shown == PHONES.to_string() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    ensure!(
        shown == PHONES.to_string(),
        "the organiser's screen shows n = {shown}, expected {PHONES} within 15 s"
    );
    let kept = s.js("return window.schakelNoReload === true;").await?;
    ensure!(
        kept == Value::Bool(true),
        "the organiser's screen was reloaded to show the answers"
    );
    let first = shown_n(s, ".poll-statement .statement-n").await?;
    ensure!(
        first == PHONES.to_string(),
        "the first statement shows n = {first}"
    );
    // The distribution: participant i chose option (i + k) mod 5 on statement k, so six of each on both.
    let desc = s
        .js("return Array.from(document.querySelectorAll('.poll-statement svg desc')).map(d => d.textContent);")
        .await?;
    let desc: Vec<String> = desc
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    ensure!(
        desc.len() == 2,
        "{} charts on the screen, expected 2",
        desc.len()
    );
    for d in &desc {
        ensure!(
            d.starts_with("n = 30.") && d.matches(": 6 (20%)").count() == 5,
            "the chart does not show six answers on each option: {d}"
        );
    }
    Ok(())
}
