//! axe-core on states a page reaches only by interaction (issue 11): scenario 12 checks every page as it
//! opens; this one checks what comes after a click, in Dutch and English at 1366 × 768 and 390 × 844:
//! - a form shown again with errors after a failed submit — the public poll code with a wrong code, a kit page
//!   (the admin's municipality with a wrong CBS code), the school's new referral with nothing filled in, and
//!   the case file's contact, goal, consent and task forms sent empty or wrong (each section swapped in place
//!   by htmx, with a 422);
//! - the case file's contacts section swapped in place after a contact is saved (success message and the
//!   updated table);
//! - the case file's close confirmation (the closing form's first step, in place: what closing will record,
//!   the button that closes, the way back), and closing confirmed with errors (a mark out of range and an open
//!   task: both in the summary, and the form shown again asks to confirm again);
//! - the conflict message (a 409) when a change is saved with an old version because someone saved it
//!   meanwhile (another tab): the case's and the child's details (in place) and a kit page (the admin's
//!   casework settings).
//!
//! On each error state it also checks the GOV.UK / NL Design System pattern: one error summary
//! (`role="alert"`) above every form and table of its page or section, holding the focus, the title starting
//! with "Fout: " ("Error: " in English), and every link in the summary moving the focus to the field it names.
//! Each field the summary names is described by its error message and its hint (`aria-describedby`).
//! The close confirmation and the conflict message are likewise the only alert of their section or page, on
//! top of it and holding the focus; the conflict's title starts with "Fout: " and on the case file it lists
//! what the user typed; the confirmation's title does not, and it shows what will be recorded.

use fantoccini::Locator;
use serde_json::{Value, json};

use crate::a11y::{OPEN_DETAILS, SIZES, axe_violations, resize};
use crate::case_page::{focus_settles_on, focused, mark_document, same_document};
use crate::casework::{
    case_submit, choose, errors_on_page, open_section, sign_in_as, sign_out, submit,
    submit_in_place,
};
use crate::harness::{Outcome, Session};

const LANGS: [&str; 2] = ["nl", "en"];

/// What the title of a page with errors starts with, per language.
fn error_prefix(lang: &str) -> &'static str {
    if lang == "en" { "Error: " } else { "Fout: " }
}

/// Whether the message with id `arguments[1]` (the error summary, a conflict, a confirmation) is the first
/// thing (after headings) of `container`: no form, field, table or fieldset of the container comes before it.
/// Returns what comes before it, empty when it is on top.
const SUMMARY_ON_TOP: &str = r"
const box = document.querySelector(arguments[0]);
const summary = document.getElementById(arguments[1]);
if (!box || !summary) return ['no ' + (box ? '#' + arguments[1] : arguments[0])];
const before = [];
for (const el of box.querySelectorAll('form, table, fieldset, input, select, textarea, .field')) {
  if (el.closest('header')) continue;
  if (summary.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) {
    before.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
  }
}
return before;
";

/// Whether the field with id `arguments[0]` (an input, or a fieldset of radios, checkboxes or a date) is
/// described by its own error message (`<id>-error`, which must be there) and by its hint where it has one
/// (`<id>-hint`), and every id it names is on the page. Returns what is wrong, empty when nothing.
const DESCRIBED: &str = r"
const id = arguments[0];
const field = document.getElementById(id);
if (!field) return ['no #' + id];
const named = (field.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
const wrong = [];
if (!document.getElementById(id + '-error')) wrong.push('no error message #' + id + '-error at the field');
for (const part of ['-error', '-hint']) {
  if (document.getElementById(id + part) && !named.includes(id + part)) {
    wrong.push('#' + id + part + ' not in its aria-describedby (' + named.join(' ') + ')');
  }
}
for (const n of named) if (!document.getElementById(n)) wrong.push('aria-describedby names #' + n + ', not on the page');
return wrong;
";

/// Runs axe on the page as it is now (every `<details>` opened) and adds any violation to `found`.
async fn axe_here(s: &Session, what: &str, found: &mut Vec<String>) -> Outcome {
    s.js(OPEN_DETAILS).await?;
    for v in axe_violations(s)
        .await
        .map_err(|e| format!("{what}: {e}"))?
    {
        found.push(format!("{what}: {v}"));
    }
    Ok(())
}

/// The error summary after a failed submit: one, on top of `container`, an alert with the focus, the title
/// marked; axe on the page; then each link focusing its field, which its error message describes.
async fn error_state(
    s: &Session,
    what: &str,
    lang: &str,
    container: &str,
    found: &mut Vec<String>,
) -> Outcome {
    if let Err(e) = s.wait_css("#error-summary").await {
        return Err(format!(
            "{what}: no error summary: {e}; the page says: {}",
            errors_on_page(s).await
        ));
    }
    let count = s
        .js("return document.querySelectorAll('#error-summary, .error-summary').length;")
        .await?;
    ensure!(count == 1, "{what}: {count} error summaries, expected one");
    let role = s
        .js("return document.getElementById('error-summary').getAttribute('role');")
        .await?;
    ensure!(
        role == "alert",
        "{what}: the error summary has role {role}, not \"alert\""
    );
    let before = s
        .client
        .execute(
            SUMMARY_ON_TOP,
            vec![json!(container), json!("error-summary")],
        )
        .await
        .map_err(|e| format!("{what}: finding the error summary's place: {e}"))?;
    ensure!(
        before.as_array().is_some_and(Vec::is_empty),
        "{what}: the error summary is not at the top of `{container}`; before it: {before}"
    );
    let at = focus_settles_on(s, "error-summary").await?;
    ensure!(
        at == "error-summary",
        "{what}: the focus is on {at:?}, not the error summary"
    );
    let title = s.js("return document.title;").await?;
    let prefix = error_prefix(lang);
    ensure!(
        title.as_str().is_some_and(|t| t.starts_with(prefix)),
        "{what}: the title does not start with {prefix:?}: {title}"
    );
    axe_here(s, what, found).await?;
    summary_links(s, what).await
}

/// Each link of the error summary: its field is described by its error message (and hint), and clicking the
/// link moves the focus to the field.
async fn summary_links(s: &Session, what: &str) -> Outcome {
    let links = s
        .js("return Array.from(document.querySelectorAll('#error-summary a')).map(a => a.getAttribute('href'));")
        .await?;
    let links: Vec<String> = links
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    ensure!(
        !links.is_empty(),
        "{what}: the error summary has no links to fields"
    );
    for (i, href) in links.iter().enumerate() {
        let target = href.strip_prefix('#').unwrap_or(href);
        let wrong = s
            .client
            .execute(DESCRIBED, vec![json!(target)])
            .await
            .map_err(|e| format!("{what}: reading what describes {href}: {e}"))?;
        ensure!(
            wrong.as_array().is_some_and(Vec::is_empty),
            "{what}: the field {href} of the error summary: {wrong}"
        );
        let link = s
            .client
            .find_all(Locator::Css("#error-summary a"))
            .await
            .map_err(|e| format!("{what}: finding the error summary's links: {e}"))?;
        let link = link
            .get(i)
            .ok_or_else(|| format!("{what}: the error summary's link {href} is gone"))?;
        link.click()
            .await
            .map_err(|e| format!("{what}: clicking the error summary's link {href}: {e}"))?;
        let at = focused(s).await?;
        ensure!(
            at == target,
            "{what}: the error summary's link {href} moves the focus to {at:?}, not the field {target:?}"
        );
    }
    Ok(())
}

/// The admin's municipality form (a page of the kit) with a wrong CBS code.
async fn kit_form(s: &Session, lang: &str, width: u32, found: &mut Vec<String>) -> Outcome {
    let what = format!("/municipalities with a wrong CBS code ({lang}, {width}px)");
    s.goto("/municipalities").await?;
    s.fill("#f-cbs_code", "XYZ").await?;
    s.fill("#f-name", "").await?;
    submit(s, "#submit-municipality").await?;
    error_state(s, &what, lang, "main", found).await
}

/// A participant (signed out) types a poll code that does not exist.
async fn wrong_poll_code(s: &Session, lang: &str, width: u32, found: &mut Vec<String>) -> Outcome {
    let what = format!("/poll with a wrong code ({lang}, {width}px)");
    s.goto("/poll").await?;
    s.expect_page("poll-code").await?;
    s.fill("#f-code", "ZZZZZZ").await?;
    submit(s, "#go-poll").await?;
    error_state(s, &what, lang, "main", found).await
}

/// The school's new referral sent with nothing filled in but a signal that is not on the list (as a form
/// left open while the list changed would send), so a checkbox group's error is linked from the summary too.
async fn empty_referral(s: &Session, lang: &str, width: u32, found: &mut Vec<String>) -> Outcome {
    let what = format!("/referrals/new sent empty ({lang}, {width}px)");
    s.goto("/referrals/new").await?;
    s.expect_page("referral-new").await?;
    s.js("const c = document.querySelector('input[type=checkbox][name=signals]');           c.value = 'niet-op-de-lijst'; c.checked = true; return null;")
        .await?;
    submit(s, "#submit-referral").await?;
    ensure!(
        s.has("#error-summary a[href='#f-signals']").await?,
        "{what}: the error summary does not link the unknown signal to #f-signals; the page says: {}",
        errors_on_page(s).await
    );
    s.expect_page("referral-new").await?;
    error_state(s, &what, lang, "main", found).await
}

/// One of `smw`'s case files whose contacts section has the contact form (an open case).
async fn open_case(s: &Session) -> Result<String, String> {
    s.goto("/cases").await?;
    let links = s
        .js(
            "return [...new Set(Array.from(document.querySelectorAll(\"main a[href^='/cases/']\")) \
             .map(a => a.getAttribute('href')).filter(h => /^\\/cases\\/\\d+$/.test(h)))];",
        )
        .await?;
    for link in links
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        s.goto(&format!("{link}?section=contacts")).await?;
        s.expect_page("case").await?;
        if s.has("#submit-contact").await? {
            return Ok(link.to_owned());
        }
    }
    Err("none of smw's case files on /cases has a contact form".into())
}

/// The case file's contact form: sent empty (the section comes back in place with errors), then filled in
/// (the section comes back in place with the success message and the new contact on top).
async fn case_contact(
    s: &Session,
    case: &str,
    lang: &str,
    width: u32,
    found: &mut Vec<String>,
) -> Outcome {
    s.goto(case).await?;
    s.expect_page("case").await?;
    open_section(s, "contacts").await?;

    let what = format!("the case's contact form sent empty, in place ({lang}, {width}px)");
    s.fill("#f-contact-minutes", "").await?;
    s.fill("#f-contact-note", "").await?;
    mark_document(s).await?;
    submit_in_place(s, "#submit-contact").await?;
    same_document(s, &what).await?;
    error_state(s, &what, lang, "#case-section", found).await?;

    let what =
        format!("the case's contacts section after saving a contact, in place ({lang}, {width}px)");
    let note = format!("Gesprek na de fout ({lang}, {width}px)");
    choose(s, "#f-contact-kind", "gesprek_ouders").await?;
    s.fill("#f-contact-participants", "moeder").await?;
    s.fill("#f-contact-minutes", "10").await?;
    s.fill("#f-contact-note", &note).await?;
    case_submit(s, case, "#submit-contact", &what).await?;
    same_document(s, &what).await?;
    let at = focus_settles_on(s, "case-saved").await?;
    ensure!(
        at == "case-saved",
        "{what}: the focus is on {at:?}, not the success message"
    );
    let first = s.text("#table-contacts tbody tr").await?;
    ensure!(
        first.contains(&note),
        "{what}: the new contact is not the first row: {first:?}"
    );
    let title = s.js("return document.title;").await?;
    ensure!(
        title
            .as_str()
            .is_some_and(|t| !t.starts_with(error_prefix(lang))),
        "{what}: the title still says there is an error: {title}"
    );
    axe_here(s, &what, found).await
}

/// Opens one section of the case file as a whole page.
async fn case_section(s: &Session, case: &str, section: &str) -> Outcome {
    s.goto(&format!("{case}?section={section}")).await?;
    s.expect_page("case").await?;
    s.wait_css(&format!("#case-section[data-section='{section}']"))
        .await
        .map(|_| ())
        .map_err(|e| format!("the section {section} of {case} did not open: {e}"))
}

/// Sends a case form whose section comes back in place with errors, and checks the error state.
async fn in_place_errors(
    s: &Session,
    what: &str,
    lang: &str,
    button: &str,
    found: &mut Vec<String>,
) -> Outcome {
    mark_document(s).await?;
    submit_in_place(s, button).await?;
    same_document(s, what).await?;
    error_state(s, what, lang, "#case-section", found).await
}

/// Whether the error summary links to each of these fields.
async fn summary_links_to(s: &Session, what: &str, fields: &[&str]) -> Outcome {
    for field in fields {
        ensure!(
            s.has(&format!("#error-summary a[href='#{field}']")).await?,
            "{what}: the error summary does not link to #{field}; the page says: {}",
            errors_on_page(s).await
        );
    }
    Ok(())
}

/// The case's goals, consent and tasks forms, each sent with errors (its section swapped in place with a 422).
async fn case_forms_with_errors(
    s: &Session,
    case: &str,
    lang: &str,
    width: u32,
    found: &mut Vec<String>,
) -> Outcome {
    let what = format!("the case's goal form sent empty, in place ({lang}, {width}px)");
    case_section(s, case, "goals").await?;
    s.fill("#f-goal-description", "").await?;
    in_place_errors(s, &what, lang, "#submit-goal", found).await?;
    summary_links_to(s, &what, &["f-goal-description"]).await?;

    // Nobody chosen to consent, no date, and sharing with a recipient that is in no list and not confirmed:
    // a radio group, a date and a text field named in the summary.
    let what = format!("the case's consent form sent wrong, in place ({lang}, {width}px)");
    case_section(s, case, "consent").await?;
    choose(s, "#f-consent-purpose", "share").await?;
    s.fill("#f-consent-recipient", "Een club die in geen lijst staat")
        .await?;
    s.js("document.getElementById('f-consent-given_on').value = ''; return null;")
        .await?;
    in_place_errors(s, &what, lang, "#submit-consent", found).await?;
    summary_links_to(
        s,
        &what,
        &[
            "f-consent-party",
            "f-consent-recipient",
            "f-consent-given_on",
        ],
    )
    .await?;

    let what = format!("the case's task form sent empty, in place ({lang}, {width}px)");
    case_section(s, case, "tasks").await?;
    s.fill("#f-task-description", "").await?;
    in_place_errors(s, &what, lang, "#submit-task", found).await?;
    summary_links_to(s, &what, &["f-task-description"]).await
}

/// A message that is not an error summary (the close confirmation, a conflict): the only alert of `container`
/// (the case section, or a kit page's `main`), on top of its forms and tables, holding the focus; the title
/// starts with the error prefix exactly when `error`. Then axe on the page.
async fn alert_state(
    s: &Session,
    what: &str,
    (container, id, error): (&str, &str, bool),
    lang: &str,
    found: &mut Vec<String>,
) -> Outcome {
    if let Err(e) = s.wait_css(&format!("#{id}")).await {
        return Err(format!(
            "{what}: no #{id}: {e}; the page says: {}",
            errors_on_page(s).await
        ));
    }
    let alerts = s
        .client
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0] + ' [role=alert]')).map(a => a.id);",
            vec![json!(container)],
        )
        .await
        .map_err(|e| format!("{what}: finding the alerts: {e}"))?;
    ensure!(
        alerts == json!([id]),
        "{what}: the alerts of `{container}` are {alerts}, expected only #{id}"
    );
    let before = s
        .client
        .execute(SUMMARY_ON_TOP, vec![json!(container), json!(id)])
        .await
        .map_err(|e| format!("{what}: finding the place of #{id}: {e}"))?;
    ensure!(
        before.as_array().is_some_and(Vec::is_empty),
        "{what}: #{id} is not at the top of `{container}`; before it: {before}"
    );
    let at = focus_settles_on(s, id).await?;
    ensure!(at == id, "{what}: the focus is on {at:?}, not #{id}");
    let title = s.js("return document.title;").await?;
    let prefix = error_prefix(lang);
    ensure!(
        title
            .as_str()
            .is_some_and(|t| t.starts_with(prefix) == error),
        "{what}: the title {} with {prefix:?}: {title}",
        if error { "does not start" } else { "starts" }
    );
    axe_here(s, what, found).await
}

/// The close confirmation, in place: what closing will record, the button that closes, and the way back
/// (taken, so the case stays open).
async fn close_confirmation(
    s: &Session,
    case: &str,
    lang: &str,
    width: u32,
    found: &mut Vec<String>,
) -> Outcome {
    let what = format!("the case's close confirmation, in place ({lang}, {width}px)");
    case_section(s, case, "closure").await?;
    let note = format!("Afgerond na de bevestiging ({lang}, {width}px)");
    s.fill("#f-close-note", &note).await?;
    mark_document(s).await?;
    submit_in_place(s, "#submit-close").await?;
    same_document(s, &what).await?;
    alert_state(
        s,
        &what,
        ("#case-section", "close-confirm", false),
        lang,
        found,
    )
    .await?;
    let shown = s.text("#close-confirm").await?;
    ensure!(
        shown.contains(&note),
        "{what}: the confirmation does not show the note typed: {shown:?}"
    );
    ensure!(
        s.has("#submit-close-confirm").await? && !s.has("#submit-close").await?,
        "{what}: the confirmation step should offer only the confirming button"
    );
    s.click("#close-cancel").await?;
    s.wait_css("#submit-close")
        .await
        .map(|_| ())
        .map_err(|e| format!("{what}: going back does not bring the closing form back: {e}"))
}

/// Closing confirmed with a mark out of range while a task is still open: the section comes back in place with
/// errors — both the mark's and the closing checklist's — and the closing form asks to confirm again.
async fn close_refused(
    s: &Session,
    case: &str,
    lang: &str,
    width: u32,
    found: &mut Vec<String>,
) -> Outcome {
    let what = format!("the case's closing confirmed with errors, in place ({lang}, {width}px)");
    case_section(s, case, "tasks").await?;
    s.fill(
        "#f-task-description",
        &format!("Nog open ({lang}, {width}px)"),
    )
    .await?;
    case_submit(s, case, "#submit-task", &what).await?;
    case_section(s, case, "closure").await?;
    s.fill("#f-close-satisfaction_parent", "11").await?;
    submit_in_place(s, "#submit-close").await?;
    mark_document(s).await?;
    submit_in_place(s, "#submit-close-confirm").await?;
    same_document(s, &what).await?;
    error_state(s, &what, lang, "#case-section", found).await?;
    summary_links_to(s, &what, &["f-close-satisfaction_parent", "f-close-reason"]).await?;
    let step = s
        .js("const f = document.querySelector('#case-section input[name=step]'); return f ? f.value : '<none>';")
        .await?;
    ensure!(
        step == "confirm",
        "{what}: the closing form shown again would close without asking (its step is {step})"
    );
    Ok(())
}

/// Saves a form of the page the way another tab would (a `fetch` with the form's own fields), so the form
/// on the page now carries an old version. Returns the HTTP status after redirects.
const SAVE_ELSEWHERE: &str = r"
const form = document.querySelector(arguments[0]).form;
return fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) })
  .then((r) => r.status);
";

async fn save_elsewhere(s: &Session, what: &str, button: &str) -> Outcome {
    let status = s
        .client
        .execute(SAVE_ELSEWHERE, vec![json!(button)])
        .await
        .map_err(|e| format!("{what}: saving the form elsewhere first: {e}"))?;
    ensure!(
        status == json!(200),
        "{what}: saving the form elsewhere first answered {status}"
    );
    Ok(())
}

/// An edit of the overview sent with an old version (someone saved it meanwhile, in another tab): the
/// section comes back in place with a 409 and the conflict message listing what the user typed.
async fn stale_edit(
    s: &Session,
    case: &str,
    (form, field): (&str, &str),
    what: &str,
    lang: &str,
    found: &mut Vec<String>,
) -> Outcome {
    case_section(s, case, "overview").await?;
    let button = format!("#submit-{form}");
    save_elsewhere(s, what, &button).await?;
    let mine = format!("Mijn versie {}", crate::casework::unique_letters());
    s.fill(&format!("#f-{form}-{field}"), &mine).await?;
    mark_document(s).await?;
    submit_in_place(s, &button).await?;
    same_document(s, what).await?;
    alert_state(s, what, ("#case-section", "conflict", true), lang, found).await?;
    let shown = s.text("#conflict").await?;
    ensure!(
        shown.contains(&mine),
        "{what}: the conflict message does not list what the user typed ({mine:?}): {shown:?}"
    );
    Ok(())
}

/// The case's own details and the child's, each edited with an old version.
async fn stale_edits(
    s: &Session,
    case: &str,
    lang: &str,
    width: u32,
    found: &mut Vec<String>,
) -> Outcome {
    let what =
        format!("the case's details saved with an old version, in place ({lang}, {width}px)");
    stale_edit(s, case, ("edit", "summary"), &what, lang, found).await?;
    let what =
        format!("the child's details saved with an old version, in place ({lang}, {width}px)");
    stale_edit(s, case, ("child", "class_name"), &what, lang, found).await
}

/// The page of the casework settings of the admin's own organisation (linked from its page on /organisations).
async fn own_casework_settings(s: &Session) -> Result<String, String> {
    s.goto("/organisations").await?;
    let links = s
        .js(
            "return Array.from(document.querySelectorAll(\"main a[href^='/organisations/']\")) \
             .map(a => a.getAttribute('href')).filter(h => /^\\/organisations\\/\\d+$/.test(h));",
        )
        .await?;
    for link in links
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        s.goto(link).await?;
        let settings = format!("{link}/casework");
        if s.has(&format!("main a[href='{settings}']")).await? {
            return Ok(settings);
        }
    }
    Err("no organisation on /organisations links to its casework settings".into())
}

/// The admin's casework settings (a page of the kit) saved with an old version: the page comes back with a
/// 409 and the conflict message.
async fn kit_conflict(s: &Session, lang: &str, width: u32, found: &mut Vec<String>) -> Outcome {
    let what = format!("the casework settings saved with an old version ({lang}, {width}px)");
    let settings = own_casework_settings(s).await?;
    s.goto(&settings).await?;
    s.expect_page("organisation-casework").await?;
    save_elsewhere(s, &what, "#submit-casework").await?;
    submit(s, "#submit-casework").await?;
    alert_state(s, &what, ("main", "conflict", true), lang, found).await
}

/// Signs in as `account` (user, role; `None`: stays signed out), then for each window size and language
/// runs `check`.
async fn each_size_and_language<F>(
    s: &Session,
    account: Option<(&str, &str)>,
    found: &mut Vec<String>,
    mut check: F,
) -> Result<usize, String>
where
    F: AsyncFnMut(&Session, &str, u32, &mut Vec<String>) -> Outcome,
{
    if let Some((user, role)) = account {
        sign_in_as(s, user, role).await?;
    }
    let mut states = 0;
    for (width, height) in SIZES {
        resize(s, width, height).await?;
        for lang in LANGS {
            s.goto(&format!("/lang/{lang}")).await?;
            check(s, lang, width, found).await?;
            states += 1;
        }
    }
    s.goto("/lang/nl").await?;
    if account.is_some() {
        sign_out(s).await?;
    }
    Ok(states)
}

/// How many states `case_states` checks each time.
const CASE_STATES: usize = 7;

/// The case file's states after a click besides the contacts: the goals, consent and tasks forms with errors,
/// the close confirmation, closing confirmed with errors, and the case's and the child's details saved with an old version.
async fn case_states(
    s: &Session,
    case: &str,
    lang: &str,
    width: u32,
    found: &mut Vec<String>,
) -> Outcome {
    case_forms_with_errors(s, case, lang, width, found).await?;
    close_confirmation(s, case, lang, width, found).await?;
    close_refused(s, case, lang, width, found).await?;
    stale_edits(s, case, lang, width, found).await
}

/// Every state above in both languages at both widths: axe-core finds no violation, and the error summaries
/// behave.
pub async fn states_after_interaction(s: &Session) -> Outcome {
    let mut found = Vec::new();
    let mut states = 0;
    states += each_size_and_language(s, None, &mut found, wrong_poll_code).await?;
    states += 2 * each_size_and_language(
        s,
        Some(("beheer", "functional_admin")),
        &mut found,
        async |s, lang, width, found| {
            kit_form(s, lang, width, found).await?;
            kit_conflict(s, lang, width, found).await
        },
    )
    .await?;
    states += each_size_and_language(
        s,
        Some(("school", "school_contact")),
        &mut found,
        empty_referral,
    )
    .await?;
    sign_in_as(s, "smw", "social_worker").await?;
    let case = open_case(s).await?;
    sign_out(s).await?;
    states += 2 * each_size_and_language(
        s,
        Some(("smw", "social_worker")),
        &mut found,
        async |s, lang, width, found| case_contact(s, &case, lang, width, found).await,
    )
    .await?;
    states += CASE_STATES
        * each_size_and_language(
            s,
            Some(("smw", "social_worker")),
            &mut found,
            async |s, lang, width, found| case_states(s, &case, lang, width, found).await,
        )
        .await?;
    eprintln!(
        "    axe after interaction: {states} states, {} violation(s)",
        found.len()
    );
    ensure!(
        found.is_empty(),
        "axe-core after interaction, {} violation(s):\n{}",
        found.len(),
        found
            .iter()
            .map(|f| format!("    - {f}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    Ok(())
}
