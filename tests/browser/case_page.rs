//! The case file for the day's work (issue 11), at 1366 × 768 and at 390 × 844: on a case with 200 contacts
//! the worker logs a contact and scores a goal without leaving the section, sees the success message each time,
//! and the page stays under three screens high; a long note is folded behind "Lees meer"; on a phone the tables
//! reflow into stacked rows; an empty contact form moves the focus to the error summary, whose link focuses
//! the field.

use serde_json::{Value, json};

use crate::a11y;
use crate::casework::{
    case_submit, choose, errors_on_page, main_text, open_section, sign_in_as, submit_in_place,
};
use crate::harness::{Outcome, Session};
use crate::scenarios::PASSWORD;

/// How many contacts the case has before the worker starts.
const CONTACTS: usize = 200;

/// A note long enough to be folded.
const LONG_NOTE: &str = "Uitgebreid gesprek met moeder over de ochtenden: het kind slaapt slecht sinds de \
    verhuizing, komt daardoor te laat en is moe in de klas. Afgesproken dat moeder een vast avondritueel \
    probeert en dat de leerkracht de eerste tien minuten rustig laat beginnen. Over twee weken bellen we.";

fn api_error(what: &str, e: impl std::fmt::Display) -> String {
    format!("{what}: {e}")
}

/// The API: a token for `smw`, one of their open cases with 200 contacts and a goal; returns the case's path.
/// Idempotent: a second run (the other window size) finds the contacts already there.
pub async fn prepare_case(base: &str) -> Result<String, String> {
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"username": "smw", "password": PASSWORD}))
        .send()
        .await
        .map_err(|e| api_error("API login", e))?
        .json()
        .await
        .map_err(|e| api_error("API login answer", e))?;
    let token = login["token"].as_str().unwrap_or_default().to_owned();
    ensure!(
        !token.is_empty(),
        "the API login of smw gave no token: {login}"
    );
    let cases: Value = http
        .get(format!("{base}/api/v1/cases"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| api_error("listing cases", e))?
        .json()
        .await
        .map_err(|e| api_error("the case list", e))?;
    let items = cases["items"].as_array().cloned().unwrap_or_default();
    let case = items
        .iter()
        .filter(|c| c["status"] == "open")
        .max_by_key(|c| c["id"].as_i64().unwrap_or(0))
        .ok_or_else(|| format!("smw has no open case: {cases}"))?;
    let id = case["id"].as_i64().unwrap_or_default();
    let file: Value = http
        .get(format!("{base}/api/v1/cases/{id}"))
        .bearer_auth(&token)
        .send()
        .await
        .map_err(|e| api_error("reading the case", e))?
        .json()
        .await
        .map_err(|e| api_error("the case", e))?;
    let today = chrono::Utc::now().date_naive().to_string();
    let have = file["contact_count"].as_u64().unwrap_or(0) as usize;
    for n in have..CONTACTS {
        let note = if n % 3 == 0 {
            LONG_NOTE.to_string()
        } else {
            format!("Contact {n}: kort gesprek.")
        };
        let res = http
            .post(format!("{base}/api/v1/cases/{id}/contacts"))
            .bearer_auth(&token)
            .json(
                &json!({"held_on": today, "kind": "gesprek_kind", "participants": "kind",
                "minutes": 20, "note": note}),
            )
            .send()
            .await
            .map_err(|e| api_error("adding a contact", e))?;
        ensure!(
            res.status().is_success(),
            "adding contact {n} through the API answered {}",
            res.status()
        );
    }
    if file["goals"].as_array().is_none_or(|g| g.is_empty()) {
        let res = http
            .post(format!("{base}/api/v1/cases/{id}/goals"))
            .bearer_auth(&token)
            .json(&json!({"description": "Op tijd op school", "gas_start": -1}))
            .send()
            .await
            .map_err(|e| api_error("adding a goal", e))?;
        ensure!(
            res.status().is_success(),
            "adding a goal through the API answered {}",
            res.status()
        );
    }
    Ok(format!("/cases/{id}"))
}

/// The page's height and the window's, in CSS pixels.
async fn heights(s: &Session) -> Result<(f64, f64), String> {
    let v = s
        .js("return [document.documentElement.scrollHeight, window.innerHeight];")
        .await?;
    let get = |i: usize| v.get(i).and_then(Value::as_f64).unwrap_or(0.0);
    Ok((get(0), get(1)))
}

/// With `SCHAKEL_TEST_LAYOUT_SHOTS=<dir>`, saves a screenshot of the page there (to look at the layout).
async fn shot(s: &Session, name: &str) {
    let Some(dir) = std::env::var_os("SCHAKEL_TEST_LAYOUT_SHOTS") else {
        return;
    };
    if let Ok(png) = s.client.screenshot().await {
        let _ = std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png);
    }
}

async fn under_three_screens(s: &Session, what: &str) -> Outcome {
    let (page, screen) = heights(s).await?;
    if screen > 0.0 && page < 3.0 * screen {
        return Ok(());
    }
    // Which parts take the height, for the message.
    let parts = s
        .js(
            "return Array.from(document.querySelectorAll('body > *, main > *, #case-section > *')) \
             .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + ' ' + \
                  Math.round(e.getBoundingClientRect().height)).join(', ');",
        )
        .await?;
    Err(format!(
        "{what}: the page is {page} px high, not under three screens of {screen} px; heights: {parts}"
    ))
}

/// The id of the focused element.
pub(crate) async fn focused(s: &Session) -> Result<String, String> {
    match s
        .js("return document.activeElement ? document.activeElement.id : '';")
        .await?
    {
        Value::String(id) => Ok(id),
        other => Err(format!("reading the focused element gave {other}")),
    }
}

/// Waits up to two seconds for the focus to reach `id` (htmx settles after the swap); returns where it is.
pub(crate) async fn focus_settles_on(s: &Session, id: &str) -> Result<String, String> {
    let mut at = focused(s).await?;
    for _ in 0..20 {
        if at == id {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        at = focused(s).await?;
    }
    Ok(at)
}

/// Whether the last change came in place (htmx): the document marked before is still the same one.
pub(crate) async fn mark_document(s: &Session) -> Outcome {
    s.js("document.documentElement.setAttribute('data-same-document', '1'); return null;")
        .await
        .map(|_| ())
}

pub(crate) async fn same_document(s: &Session, what: &str) -> Outcome {
    ensure!(
        s.has("html[data-same-document]").await?,
        "{what}: the whole page was loaded again, not the section in place"
    );
    Ok(())
}

async fn success_says(s: &Session, text: &str, what: &str) -> Outcome {
    let shown = s
        .text("#case-saved")
        .await
        .map_err(|e| format!("{what}: no success message: {e}"))?;
    ensure!(
        shown.contains(text),
        "{what}: the success message reads {shown:?}, expected {text:?}"
    );
    Ok(())
}

/// The story at one window size.
pub async fn day_at(s: &Session, case_path: &str, width: u32, height: u32) -> Outcome {
    sign_in_as(s, "smw", "social_worker").await?;
    // The window is set so that the page's viewport (the window less the browser's own parts) has the size.
    let resize = async |w: u32, h: u32| {
        s.client
            .set_window_size(w, h)
            .await
            .map_err(|e| format!("setting the window to {w} × {h}: {e}"))
    };
    resize(width, height).await?;
    let inner = s
        .js("return [window.innerWidth, window.innerHeight];")
        .await?;
    let side = |i: usize| inner.get(i).and_then(Value::as_u64).unwrap_or(0) as u32;
    let (w, h) = (side(0), side(1));
    resize(
        width + width.saturating_sub(w),
        height + height.saturating_sub(h),
    )
    .await?;
    s.goto(case_path).await?;
    s.expect_page("case").await?;
    let inner = s
        .js("return [window.innerWidth, window.innerHeight];")
        .await?;
    let side = |i: usize| inner.get(i).and_then(Value::as_u64).unwrap_or(0) as u32;
    ensure!(
        side(0) == width && side(1) == height,
        "the viewport is {} × {}, expected {width} × {height}",
        side(0),
        side(1)
    );
    let phone = width <= 600;

    // Contacts: the newest few of 200, the form first, a long note folded.
    open_section(s, "contacts").await?;
    shot(s, &format!("contacts-{width}x{height}")).await;
    under_three_screens(s, "the contacts section of a case with 200 contacts").await?;
    if phone {
        let top = s
            .js("return document.getElementById('f-contact-kind').getBoundingClientRect().top;")
            .await?;
        let (_, screen) = heights(s).await?;
        let within = top.as_f64().is_some_and(|top| top < screen);
        ensure!(
            within,
            "on a phone the contact form is not within the first screen (its kind field is at {top} px)"
        );
        let display = s
            .js("return getComputedStyle(document.querySelector('#table-contacts td')).display;")
            .await?;
        ensure!(
            display != "table-cell",
            "on a phone the contacts table does not reflow into stacked rows (cells are {display})"
        );
    }
    ensure!(
        s.has("#table-contacts details.read-more").await?,
        "no long note is folded behind \"Lees meer\""
    );
    s.click("#table-contacts details.read-more summary").await?;
    ensure!(
        s.has("#table-contacts details.read-more[open]").await?,
        "\"Lees meer\" does not open the note"
    );
    a11y::problems_on(s, "the contacts section").await?;

    // Log a contact, in place.
    let note = format!("Telefoongesprek met vader ({width} × {height})");
    choose(s, "#f-contact-kind", "gesprek_ouders").await?;
    s.fill("#f-contact-participants", "vader").await?;
    s.fill("#f-contact-minutes", "15").await?;
    s.fill("#f-contact-note", &note).await?;
    mark_document(s).await?;
    case_submit(s, case_path, "#submit-contact", "logging a contact").await?;
    same_document(s, "logging a contact").await?;
    success_says(s, "Contact opgeslagen", "logging a contact").await?;
    let at = focus_settles_on(s, "case-saved").await?;
    ensure!(
        at == "case-saved",
        "after logging a contact in place the focus is on {at:?}, not the success message"
    );
    ensure!(
        s.has("#case-section[data-section='contacts']").await?,
        "after logging a contact the worker is no longer in the contacts section"
    );
    let first = s.text("#table-contacts tbody tr").await?;
    ensure!(
        first.contains(&note),
        "the newest contact is not the first row: {first:?}"
    );
    under_three_screens(s, "the contacts section after logging a contact").await?;

    // An empty contact form: the focus goes to the error summary, its link to the field.
    s.fill("#f-contact-minutes", "").await?;
    s.fill("#f-contact-note", "").await?;
    submit_in_place(s, "#submit-contact").await?;
    s.wait_css("#error-summary").await?;
    let at = focus_settles_on(s, "error-summary").await?;
    ensure!(
        at == "error-summary",
        "after the failed form the focus is on {at:?}, not the error summary; the page says: {}",
        errors_on_page(s).await
    );
    let title = s.js("return document.title;").await?;
    ensure!(
        title.as_str().is_some_and(|t| t.starts_with("Fout: ")),
        "the title of the failed form does not start with \"Fout: \": {title}"
    );
    s.click("#error-summary a[href='#f-contact-minutes']")
        .await?;
    let at = focused(s).await?;
    ensure!(
        at == "f-contact-minutes",
        "the error summary's link focuses {at:?}, not the minutes field"
    );
    a11y::problems_on(s, "the contacts section with errors").await?;

    // Score a goal, in place.
    open_section(s, "goals").await?;
    under_three_screens(s, "the goals section").await?;
    choose(s, "#f-score-moment", "review").await?;
    choose(s, "#f-score-score", "1").await?;
    mark_document(s).await?;
    case_submit(s, case_path, "#submit-score", "scoring a goal").await?;
    same_document(s, "scoring a goal").await?;
    success_says(s, "Score opgeslagen", "scoring a goal").await?;
    shot(s, &format!("goals-{width}x{height}")).await;
    ensure!(
        s.has("#case-section[data-section='goals']").await?,
        "after scoring the worker is no longer in the goals section"
    );
    let text = main_text(s).await?;
    ensure!(text.contains("+1"), "the goal's new score +1 is not shown");
    under_three_screens(s, "the goals section after scoring").await?;
    a11y::problems_on(s, "the goals section").await?;

    // Consent is one click away too.
    open_section(s, "consent").await?;
    s.wait_css("#f-consent-party").await?;
    Ok(())
}

/// Both window sizes, each in its own session.
pub async fn laptop(s: &Session, base: &str) -> Outcome {
    let case_path = prepare_case(base).await?;
    day_at(s, &case_path, 1366, 768).await
}

pub async fn phone(s: &Session, base: &str) -> Outcome {
    let case_path = prepare_case(base).await?;
    day_at(s, &case_path, 390, 844).await
}
