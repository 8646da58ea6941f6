//! axe-core on states a page reaches only by interaction (issue 11): scenario 12 checks every page as it
//! opens; this one checks what comes after a click, in Dutch and English at 1366 × 768 and 390 × 844:
//! - a form shown again with errors after a failed submit — the public poll code with a wrong code, a kit page (the admin's municipality with a
//!   wrong CBS code), the school's new referral with nothing filled in, and the case file's contact form
//!   left empty (its section swapped in place by htmx, with a 422);
//! - the case file's contacts section swapped in place after a contact is saved (success message and the
//!   updated table).
//!
//! On each error state it also checks the GOV.UK / NL Design System pattern: one error summary
//! (`role="alert"`) above every form and table of its page or section, holding the focus, the title starting
//! with "Fout: " ("Error: " in English), and every link in the summary moving the focus to the field it names.

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

/// Whether the error summary is the first thing (after headings) of `container`: no form, field, table or
/// fieldset of the container comes before it. Returns what comes before it, empty when it is on top.
const SUMMARY_ON_TOP: &str = r"
const box = document.querySelector(arguments[0]);
const summary = document.getElementById('error-summary');
if (!box || !summary) return ['no ' + (box ? '#error-summary' : arguments[0])];
const before = [];
for (const el of box.querySelectorAll('form, table, fieldset, input, select, textarea, .field')) {
  if (el.closest('header')) continue;
  if (summary.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_PRECEDING) {
    before.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''));
  }
}
return before;
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
/// marked, and each link focusing its field. Then axe on the page.
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
        .execute(SUMMARY_ON_TOP, vec![json!(container)])
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

/// Every state above in both languages at both widths: axe-core finds no violation, and the error summaries
/// behave.
pub async fn states_after_interaction(s: &Session) -> Outcome {
    let mut found = Vec::new();
    let mut states = 0;
    states += each_size_and_language(s, None, &mut found, wrong_poll_code).await?;
    states += each_size_and_language(
        s,
        Some(("beheer", "functional_admin")),
        &mut found,
        kit_form,
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
