//! The whole life of one referral, through the browser: the school contact refers a pupil, the
//! team lead accepts and assigns it, the social worker records the intake, consent, a goal and
//! contacts, refers the family to a parenting course (blocked until there is consent to share)
//! and closes the case with GAS end scores. The school then sees only the status; the
//! municipality account is refused the case file and the refusal shows in the access log.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use crate::a11y;
use crate::harness::{Outcome, Session};
use crate::scenarios::PASSWORD;

/// The kind of referral target the family is referred to.
const COURSE_KIND: &str = "opvoedcursus";

/// How long the access log may take to show the refusal.
const AUDIT_WAIT: Duration = Duration::from_secs(10);

/// Letters from the clock, so each run refers a child nobody has seen before.
pub(crate) fn unique_letters() -> String {
    let mut n = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let mut out = String::new();
    while n > 0 && out.len() < 10 {
        let letter = b'a' + u8::try_from(n % 26).unwrap_or(0);
        out.push(char::from(letter));
        n /= 26;
    }
    out
}

/// The invented child and what the school writes about them.
pub(crate) struct Child {
    pub(crate) given: String,
    pub(crate) family: String,
    pub(crate) reason: String,
}

impl Child {
    fn invent() -> Child {
        let stamp = unique_letters();
        Child {
            given: "Noor".into(),
            family: format!("Proef{stamp}"),
            reason: format!(
                "Vertrouwelijk {stamp}: Noor is sinds de scheiding van haar ouders stil in de klas \
                 en huilt soms in de pauze."
            ),
        }
    }

    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.given, self.family)
    }
}

/// Signs out through the header button and waits for the login page.
pub(crate) async fn sign_out(s: &Session) -> Outcome {
    submit(s, "#logout").await?;
    s.expect_page("login").await
}

/// Signs in and waits for the role's home page.
pub(crate) async fn sign_in_as(s: &Session, user: &str, role: &str) -> Outcome {
    s.sign_in(user, PASSWORD).await?;
    s.expect_page(&format!("home-{role}"))
        .await
        .map_err(|e| format!("signing in as {user}: {e}"))
}

/// Clicks a submit button and waits until the next page has loaded (the old document is
/// marked first, so a page that looks the same is not mistaken for the new one).
pub(crate) async fn submit(s: &Session, button: &str) -> Outcome {
    s.js("document.documentElement.setAttribute('data-left-behind', '1'); return null;")
        .await?;
    s.click(button).await?;
    s.wait_css("html:not([data-left-behind]) main#main")
        .await
        .map(|_| ())
        .map_err(|e| format!("after clicking `{button}` no new page loaded: {e}"))
}

/// Field errors and error alerts on the page, for messages.
pub(crate) async fn errors_on_page(s: &Session) -> String {
    match s
        .js("return Array.from(document.querySelectorAll('.field-error, .alert--error, .alert--warning'))\
             .map(e => e.textContent.replace(/\\s+/g, ' ').trim()).join(' | ');")
        .await
    {
        Ok(Value::String(text)) if !text.is_empty() => text,
        Ok(_) => "<no error messages>".into(),
        Err(e) => e,
    }
}

/// Submits one of the case page's forms and waits until its section is back: swapped in place by htmx, or a
/// whole new page without it (the old section is marked first, so it is not mistaken for the new one).
pub(crate) async fn submit_in_place(s: &Session, button: &str) -> Outcome {
    s.js("const x = document.getElementById('case-section'); if (x) x.setAttribute('data-left-behind', '1'); \
          return null;")
        .await?;
    s.click(button).await?;
    s.wait_css("#case-section:not([data-left-behind])")
        .await
        .map(|_| ())
        .map_err(|e| format!("after clicking `{button}` the case section did not come back: {e}"))
}

/// Submits one of the case page's forms and checks the browser is back on the case page.
pub(crate) async fn case_submit(s: &Session, case_path: &str, button: &str, what: &str) -> Outcome {
    submit_in_place(s, button).await?;
    let path = s.path().await?;
    ensure!(
        path == case_path,
        "{what}: after clicking `{button}` the browser is at {path}, expected {case_path}; \
         the page says: {}",
        errors_on_page(s).await
    );
    ensure!(
        !s.has("#error-summary").await?,
        "{what}: after clicking `{button}` the section shows errors: {}",
        errors_on_page(s).await
    );
    s.expect_page("case").await
}

/// Opens a section of the case file through its link in the section navigation.
pub(crate) async fn open_section(s: &Session, section: &str) -> Outcome {
    s.click(&format!(".case-nav a[href$='section={section}']"))
        .await
        .map_err(|e| format!("the case page has no link to the section {section}: {e}"))?;
    s.wait_css(&format!("#case-section[data-section='{section}']"))
        .await
        .map(|_| ())
        .map_err(|e| format!("the section {section} did not open: {e}"))
}

/// The options of a `<select>` as (value, text).
async fn options(s: &Session, select: &str) -> Result<Vec<(String, String)>, String> {
    let el = s.wait_css(select).await?;
    let arg = serde_json::to_value(&el).map_err(|e| format!("passing `{select}`: {e}"))?;
    let found = s
        .client
        .execute(
            // A select's options, or a fieldset's radios with their labels.
            "const el = arguments[0]; \
             if (el.options) { return Array.from(el.options).map(o => [o.value, o.text.trim()]); } \
             return Array.from(el.querySelectorAll('input[type=radio]')) \
               .map(r => [r.value, (r.labels[0] ? r.labels[0].textContent : '').trim()]);",
            vec![arg],
        )
        .await
        .map_err(|e| format!("reading the options of `{select}`: {e}"))?;
    let list = found.as_array().cloned().unwrap_or_default();
    Ok(list
        .iter()
        .map(|pair| {
            let part = |i: usize| {
                pair.get(i)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            (part(0), part(1))
        })
        .collect())
}

/// Chooses the option with this value by clicking it, and checks it took.
pub(crate) async fn choose(s: &Session, select: &str, value: &str) -> Outcome {
    let el = s.wait_css(select).await?;
    let available = options(s, select).await?;
    ensure!(
        available.iter().any(|(v, _)| v == value),
        "`{select}` has no option with value {value:?}; it offers {available:?}"
    );
    let radios = el
        .tag_name()
        .await
        .map_err(|e| format!("reading `{select}`: {e}"))?
        .eq_ignore_ascii_case("fieldset");
    if radios {
        // Radios: click the one with this value, as a person clicks its label.
        s.click(&format!("{select} input[type=radio][value=\"{value}\"]"))
            .await?;
        let checked = s
            .value(&format!("{select} input[type=radio]:checked"))
            .await?;
        ensure!(
            checked == value,
            "after choosing {value:?} in `{select}` the radio checked is {checked:?}"
        );
        return Ok(());
    }
    el.select_by_value(value)
        .await
        .map_err(|e| format!("choosing {value:?} in `{select}`: {e}"))?;
    let now = s.value(select).await?;
    ensure!(
        now == value,
        "after choosing {value:?} in `{select}` its value is {now:?}"
    );
    Ok(())
}

/// Chooses the option whose text matches `wanted`; returns its (value, text).
pub(crate) async fn choose_where(
    s: &Session,
    select: &str,
    what: &str,
    wanted: impl Fn(&str, &str) -> bool,
) -> Result<(String, String), String> {
    let available = options(s, select).await?;
    let Some((value, text)) = available.iter().find(|(v, t)| wanted(v, t)).cloned() else {
        return Err(format!(
            "`{select}` has no option for {what}; it offers {available:?}"
        ));
    };
    choose(s, select, &value).await?;
    Ok((value, text))
}

/// Ticks a checkbox (leaves it ticked when it already is).
pub(crate) async fn tick(s: &Session, selector: &str) -> Outcome {
    let el = s.wait_css(selector).await?;
    let ticked = el
        .is_selected()
        .await
        .map_err(|e| format!("reading `{selector}`: {e}"))?;
    if !ticked {
        el.click()
            .await
            .map_err(|e| format!("ticking `{selector}`: {e}"))?;
    }
    let ticked = el
        .is_selected()
        .await
        .map_err(|e| format!("reading `{selector}`: {e}"))?;
    ensure!(ticked, "`{selector}` is not ticked after clicking it");
    Ok(())
}

/// Types a date (`YYYY-MM-DD`) into a three-field date (day, month, year) as a person would: `14`, `2`, `2018`.
pub(crate) async fn type_date3(s: &Session, name: &str, date: &str) -> Outcome {
    let mut parts = date.splitn(3, '-');
    let (year, month, day) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default().trim_start_matches('0'),
        parts.next().unwrap_or_default().trim_start_matches('0'),
    );
    s.fill(&format!("#f-{name}-day"), day).await?;
    s.fill(&format!("#f-{name}-month"), month).await?;
    s.fill(&format!("#f-{name}-year"), year).await
}

/// The body rows (text, whitespace folded) of the table whose caption starts with `caption`;
/// `None` when there is no such table.
async fn table_rows(s: &Session, caption: &str) -> Result<Option<Vec<String>>, String> {
    let found = s
        .client
        .execute(
            "const t = Array.from(document.querySelectorAll('table')).find(t => \
               t.caption && t.caption.textContent.trim().startsWith(arguments[0])); \
             if (!t) return null; \
             return Array.from(t.tBodies[0].rows).map(r => r.textContent.replace(/\\s+/g, ' ').trim());",
            vec![json!(caption)],
        )
        .await
        .map_err(|e| format!("reading the table \"{caption}…\": {e}"))?;
    Ok(found.as_array().map(|rows| {
        rows.iter()
            .map(|r| r.as_str().unwrap_or_default().to_owned())
            .collect()
    }))
}

/// The rows of a table that must be on the page.
pub(crate) async fn rows_of(s: &Session, caption: &str) -> Result<Vec<String>, String> {
    table_rows(s, caption)
        .await?
        .ok_or_else(|| format!("the page has no table captioned \"{caption}…\""))
}

/// The text of `<main>`, whitespace folded.
pub(crate) async fn main_text(s: &Session) -> Result<String, String> {
    match s
        .js("return document.querySelector('main').textContent.replace(/\\s+/g, ' ');")
        .await?
    {
        Value::String(text) => Ok(text),
        other => Err(format!("reading the text of <main> gave {other}")),
    }
}

/// The `<dd>` of the fact list whose `<dt>` is `label`.
pub(crate) async fn fact(s: &Session, label: &str) -> Result<String, String> {
    let dd = s
        .wait_xpath(&format!(
            "//dl[contains(concat(' ', normalize-space(@class), ' '), ' facts ')]\
             /dt[normalize-space() = '{label}']/following-sibling::dd[1]"
        ))
        .await?;
    dd.text()
        .await
        .map(|t| t.trim().to_owned())
        .map_err(|e| format!("reading the fact \"{label}\": {e}"))
}

/// Clicks the element matching the XPath expression.
pub(crate) async fn click_xpath(s: &Session, xpath: &str) -> Outcome {
    s.wait_xpath(xpath)
        .await?
        .click()
        .await
        .map_err(|e| format!("clicking XPath `{xpath}`: {e}"))
}

/// Waits for the referrals table row of `child` and returns its text.
pub(crate) async fn referral_row(s: &Session, child: &str) -> Result<String, String> {
    let row = s
        .wait_xpath(&format!("//table//tr[td/a[normalize-space() = '{child}']]"))
        .await
        .map_err(|e| format!("/referrals has no row for {child}: {e}"))?;
    row.text()
        .await
        .map_err(|e| format!("reading the row of {child}: {e}"))
}

/// Step 0: the name under which the `smw` account's worker is listed.
pub(crate) async fn worker_name_of_smw(s: &Session) -> Result<String, String> {
    sign_in_as(s, "smw", "social_worker").await?;
    let header = s.text("#signed-in-as").await?;
    let name = header
        .split(" · ")
        .next()
        .unwrap_or_default()
        .trim()
        .to_owned();
    ensure!(
        !name.is_empty(),
        "#signed-in-as reads {header:?}, no name before \" · \""
    );
    sign_out(s).await?;
    Ok(name)
}

/// Step 1: the school contact sends the referral.
async fn school_refers(s: &Session, child: &Child) -> Outcome {
    sign_in_as(s, "school", "school_contact").await?;
    s.goto("/referrals/new").await?;
    s.expect_page("referral-new").await?;
    s.fill("#f-given_name", &child.given).await?;
    s.fill("#f-family_name", &child.family).await?;
    type_date3(s, "date_of_birth", "2018-02-14").await?;
    s.fill("#f-class_name", "groep 4b").await?;
    s.fill("#f-guardian1_name", &format!("Sanne {}", child.family))
        .await?;
    s.fill("#f-guardian1_relation", "moeder").await?;
    tick(s, "#f-guardian1_gezag").await?;
    s.fill("#f-guardian2_name", &format!("Mark {}", child.family))
        .await?;
    s.fill("#f-guardian2_relation", "vader").await?;
    tick(s, "#f-guardian2_gezag").await?;
    s.fill("#f-reason", &child.reason).await?;
    tick(s, "#f-signals-thuissituatie").await?;
    s.click("#f-urgency-snel").await?;
    tick(s, "#f-parents_agree").await?;
    submit(s, "#submit-referral").await?;

    let url = s.url().await?;
    let path = s.path().await?;
    ensure!(
        path == "/referrals" && url.contains("sent=1"),
        "after sending the referral the browser is at {url}, expected /referrals?sent=1; \
         the page says: {}",
        errors_on_page(s).await
    );
    s.expect_page("referrals").await?;
    ensure!(
        s.has(".alert--success").await?,
        "/referrals?sent=1 shows no .alert--success"
    );
    let row = referral_row(s, &child.name()).await?;
    ensure!(
        row.contains("ontvangen"),
        "the school's row for the new referral reads {row:?}, expected status \"ontvangen\""
    );
    sign_out(s).await
}

/// Step 2: the team lead accepts the referral and assigns `worker`; returns the case's path.
pub(crate) async fn team_lead_accepts(
    s: &Session,
    child: &Child,
    worker: &str,
) -> Result<String, String> {
    sign_in_as(s, "teamleider", "team_lead").await?;
    s.goto("/referrals").await?;
    s.expect_page("referrals").await?;
    click_xpath(
        s,
        &format!("//table//a[normalize-space() = '{}']", child.name()),
    )
    .await
    .map_err(|e| format!("the team lead's /referrals: {e}"))?;
    s.expect_page("referral").await?;
    let path = s.path().await?;
    let id = path.strip_prefix("/referrals/").unwrap_or_default();
    ensure!(
        !id.is_empty() && id.chars().all(|c| c.is_ascii_digit()),
        "clicking the child's name led to {path}, expected /referrals/<id>"
    );
    s.click("#f-decision-accepted").await?;
    choose_where(
        s,
        "#f-worker_id",
        &format!("the worker {worker:?}"),
        // An option reads "Name — 3 open dossiers · werkt op deze school".
        |_, text| text.split(" — ").next() == Some(worker),
    )
    .await?;
    submit(s, "#submit-triage").await?;
    s.expect_page("case")
        .await
        .map_err(|e| format!("accepting the referral did not lead to the case page: {e}"))?;
    let case_path = s.path().await?;
    let case_id = case_path.strip_prefix("/cases/").unwrap_or_default();
    ensure!(
        !case_id.is_empty() && case_id.chars().all(|c| c.is_ascii_digit()),
        "after accepting the browser is at {case_path}, expected /cases/<id>"
    );
    sign_out(s).await?;
    Ok(case_path)
}

/// Records one contact of `kind`.
async fn record_contact(
    s: &Session,
    case_path: &str,
    kind: &str,
    participants: &str,
    minutes: &str,
    note: &str,
) -> Outcome {
    choose(s, "#f-contact-kind", kind).await?;
    s.fill("#f-contact-participants", participants).await?;
    s.fill("#f-contact-minutes", minutes).await?;
    s.fill("#f-contact-note", note).await?;
    case_submit(s, case_path, "#submit-contact", &format!("contact {kind}")).await
}

/// Records consent of every guardian (with gezag) for `purpose`; returns how many consented.
pub(crate) async fn guardians_consent(
    s: &Session,
    case_path: &str,
    purpose: &str,
    recipient: &str,
) -> Result<usize, String> {
    open_section(s, "consent").await?;
    let guardians: Vec<String> = options(s, "#f-consent-party")
        .await?
        .into_iter()
        .map(|(value, _)| value)
        .filter(|value| value.starts_with("guardian:"))
        .collect();
    ensure!(
        guardians.len() == 2,
        "#f-consent-party offers {} guardian(s) ({guardians:?}), expected the two with gezag",
        guardians.len()
    );
    for party in &guardians {
        choose(s, "#f-consent-party", party).await?;
        choose(s, "#f-consent-purpose", purpose).await?;
        s.fill("#f-consent-recipient", recipient).await?;
        let given = s.value("#f-consent-given_on").await?;
        ensure!(
            !given.is_empty(),
            "#f-consent-given_on is not prefilled with today"
        );
        case_submit(
            s,
            case_path,
            "#submit-consent",
            &format!("consent {purpose} of {party}"),
        )
        .await?;
    }
    Ok(guardians.len())
}

/// Moves the (only) onward referral to `status` and checks it took.
async fn advance(s: &Session, case_path: &str, status: &str) -> Outcome {
    let suffix = format!(":{status}");
    choose_where(
        s,
        "#f-onward-status-step",
        &format!("the step to {status}"),
        |value, _| value.ends_with(&suffix),
    )
    .await?;
    case_submit(
        s,
        case_path,
        "#submit-onward-status",
        &format!("onward referral → {status}"),
    )
    .await
}

/// Step 3: the worker's casework, up to and including closing the case.
async fn worker_handles_case(s: &Session, case_path: &str) -> Outcome {
    sign_in_as(s, "smw", "social_worker").await?;
    s.goto(case_path).await?;
    s.expect_page("case").await?;

    open_section(s, "contacts").await?;
    record_contact(
        s,
        case_path,
        "intake",
        "Noor, moeder, vader",
        "60",
        "Intakegesprek op school; beide ouders aanwezig.",
    )
    .await?;
    let help = guardians_consent(s, case_path, "help", "").await?;
    let consents = rows_of(s, "Toestemmingen").await?;
    ensure!(
        consents.len() == help,
        "after {help} consents for help the consent table has rows {consents:?}"
    );

    let goal = "Noor vertelt in de klas hoe het met haar gaat";
    open_section(s, "goals").await?;
    s.fill("#f-goal-description", goal).await?;
    choose(s, "#f-goal-gas_start", "-1").await?;
    case_submit(s, case_path, "#submit-goal", "goal").await?;

    open_section(s, "contacts").await?;
    for (kind, who, note) in [
        (
            "gesprek_kind",
            "Noor",
            "Tekenend gesprek over thuis en school.",
        ),
        (
            "gesprek_ouders",
            "moeder, vader",
            "Afspraken over de omgangsregeling.",
        ),
        (
            "gesprek_leerkracht",
            "leerkracht groep 4",
            "Signalen in de klas besproken.",
        ),
    ] {
        record_contact(s, case_path, kind, who, "45", note).await?;
    }
    let contacts = rows_of(s, "Contacten").await?;
    ensure!(
        contacts.len() == 4,
        "after the intake and three contacts the contacts table has {} rows: {contacts:?}",
        contacts.len()
    );

    // Writing up the talks is indirect time: it counts for the case, apart from the contact minutes.
    s.click("#fold-time > summary").await?;
    choose(s, "#f-time-activity", "verslaglegging").await?;
    s.fill("#f-time-minutes", "25").await?;
    s.fill("#f-time-note", "Verslag van de drie gesprekken")
        .await?;
    case_submit(s, case_path, "#submit-time", "indirect time").await?;
    let time = fact(s, "Tijd").await?;
    ensure!(
        time.contains("25 min indirect"),
        "the case's time shows the indirect minutes: {time:?}"
    );

    onward_referral_needs_consent(s, case_path).await?;

    open_section(s, "goals").await?;
    choose_where(s, "#f-score-goal_id", "the goal", |_, text| text == goal).await?;
    choose(s, "#f-score-moment", "end").await?;
    choose(s, "#f-score-score", "1").await?;
    case_submit(s, case_path, "#submit-score", "GAS end score").await?;
    let goals = rows_of(s, "Doelen").await?;
    ensure!(
        goals.len() == 1 && goals[0].contains("-1") && goals[0].contains("+1"),
        "after scoring the goal table reads {goals:?}, expected start -1 and end +1"
    );

    a11y::problems_on(s, case_path).await?;

    open_section(s, "closure").await?;
    choose(s, "#f-close-reason", "verwezen").await?;
    s.fill("#f-close-satisfaction_parent", "8").await?;
    s.fill("#f-close-satisfaction_child", "7").await?;
    s.fill(
        "#f-close-note",
        "Gezin gaat naar de opvoedcursus; Noor gaat beter in de klas.",
    )
    .await?;
    case_submit(s, case_path, "#submit-close", "closing (the question)").await?;
    let question = main_text(s).await?;
    ensure!(
        question.contains("Weet u zeker"),
        "closing asks no confirmation first; the section reads: {question}"
    );
    case_submit(s, case_path, "#submit-close-confirm", "closing").await?;
    let status = fact(s, "Status").await?;
    ensure!(
        status.contains("gesloten"),
        "after closing the case's status reads {status:?}, expected \"gesloten\""
    );
    open_section(s, "timeline").await?;
    let timeline = rows_of(s, "Tijdlijn").await?;
    ensure!(
        timeline.iter().any(|r| r.contains("Dossier gesloten")),
        "after closing the timeline has no \"Dossier gesloten\": {timeline:?}"
    );
    sign_out(s).await
}

/// The onward referral to a parenting course: refused at "consented" without consent to share, then taken to
/// "started" once the parents consent.
async fn onward_referral_needs_consent(s: &Session, case_path: &str) -> Outcome {
    // The onward referral to a parenting course.
    open_section(s, "onward").await?;
    let course_suffix = format!(" ({COURSE_KIND})");
    let (_, course_option) = choose_where(
        s,
        "#f-onward-target_id",
        &format!("a target of kind {COURSE_KIND} (an option ending in \"{course_suffix}\")"),
        |_, text| text.contains(&course_suffix),
    )
    .await?;
    let course = course_option
        .strip_suffix(&course_suffix)
        .unwrap_or(&course_option)
        .to_owned();
    s.fill(
        "#f-onward-handover_note",
        "Ouders willen samen een cursus over opvoeden na de scheiding.",
    )
    .await?;
    case_submit(s, case_path, "#submit-onward", "onward referral").await?;

    // Without consent to share, the step to "consented" is refused.
    choose_where(
        s,
        "#f-onward-status-step",
        "the step to consented",
        |value, _| value.ends_with(":consented"),
    )
    .await?;
    submit_in_place(s, "#submit-onward-status").await?;
    ensure!(
        s.has("#error-summary").await?,
        "moving the onward referral to \"consented\" without consent to share was accepted \
         (no error summary on {})",
        s.path().await?
    );
    let text = main_text(s).await?;
    ensure!(
        text.contains("Geen geldige toestemming"),
        "moving to \"consented\" without consent to share shows no \"Geen geldige toestemming\"; \
         the page says: {}",
        errors_on_page(s).await
    );
    guardians_consent(s, case_path, "share", &course).await?;
    open_section(s, "onward").await?;
    for status in ["consented", "sent", "accepted", "started"] {
        advance(s, case_path, status).await?;
    }
    let onward = rows_of(s, "Verwijzingen").await?;
    ensure!(
        onward.len() == 1 && onward[0].contains(&course) && onward[0].contains("gestart"),
        "after the last step the onward table reads {onward:?}, expected one row for {course} \
         with status \"gestart\""
    );
    Ok(())
}

/// Step 4: the school sees the referral closed and what it sent itself, and nothing of the case file.
async fn school_sees_status_only(s: &Session, child: &Child) -> Outcome {
    sign_in_as(s, "school", "school_contact").await?;
    s.goto("/referrals").await?;
    s.expect_page("referrals").await?;
    let row = referral_row(s, &child.name()).await?;
    ensure!(
        row.contains("afgesloten"),
        "after closing, the school's row reads {row:?}, expected status \"afgesloten\""
    );
    click_xpath(
        s,
        &format!("//table//a[normalize-space() = '{}']", child.name()),
    )
    .await?;
    s.expect_page("referral").await?;
    let status = fact(s, "Status").await?;
    ensure!(
        status == "afgesloten",
        "the school's referral page shows status {status:?}, expected \"afgesloten\""
    );
    let source = s
        .client
        .source()
        .await
        .map_err(|e| format!("reading the page source: {e}"))?;
    ensure!(
        source.contains(&child.reason),
        "the school's referral page does not show what the school sent (its reason for referral)"
    );
    for case_content in [
        "Intakegesprek op school; beide ouders aanwezig.",
        "Verslag van de drie gesprekken",
    ] {
        ensure!(
            !source.contains(case_content),
            "the school's referral page contains case-file content ({case_content:?})"
        );
    }
    sign_out(s).await
}

/// Step 5: the municipality is refused the case file, and the privacy officer sees it logged.
async fn municipality_refused_and_logged(s: &Session, case_path: &str) -> Outcome {
    sign_in_as(s, "gemeente", "municipality").await?;
    s.goto(case_path).await?;
    s.expect_page("error-403")
        .await
        .map_err(|e| format!("gemeente opening {case_path}: {e}"))?;
    sign_out(s).await?;

    sign_in_as(s, "privacy", "privacy_officer").await?;
    let started = Instant::now();
    loop {
        s.goto("/audit?username=gemeente").await?;
        s.expect_page("audit").await?;
        let rows = rows_of(s, "Regels").await?;
        if rows
            .iter()
            .any(|r| r.contains("denied") && r.contains("/cases/"))
        {
            return Ok(());
        }
        if started.elapsed() > AUDIT_WAIT {
            return Err(format!(
                "/audit?username=gemeente has no row with \"denied\" for /cases/… after {} s; \
                 rows: {rows:?}",
                AUDIT_WAIT.as_secs()
            ));
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

/// The whole story in one browser session.
pub async fn referral_to_closure(s: &Session) -> Outcome {
    let child = Child::invent();
    let worker = worker_name_of_smw(s)
        .await
        .map_err(|e| format!("step 0 (smw's worker name): {e}"))?;
    school_refers(s, &child)
        .await
        .map_err(|e| format!("step 1 (school refers {}): {e}", child.name()))?;
    let case_path = team_lead_accepts(s, &child, &worker)
        .await
        .map_err(|e| format!("step 2 (team lead accepts, assigns {worker}): {e}"))?;
    worker_handles_case(s, &case_path)
        .await
        .map_err(|e| format!("step 3 (smw works {case_path}): {e}"))?;
    school_sees_status_only(s, &child)
        .await
        .map_err(|e| format!("step 4 (school sees the status only): {e}"))?;
    municipality_refused_and_logged(s, &case_path)
        .await
        .map_err(|e| format!("step 5 (gemeente refused {case_path}, logged): {e}"))
}
