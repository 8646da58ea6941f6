//! Accessibility smoke check without external tools: a script run in the page lists the
//! plain-to-see problems (unlabelled fields, images without alt, no `<html lang>`, more than
//! one `<h1>`, buttons without a name, duplicate ids, an empty `<title>`).

use serde_json::Value;

use crate::harness::{Outcome, Session};
use crate::scenarios::PASSWORD;

/// Returns an array of problem descriptions; empty when the page passes.
const CHECK: &str = r#"
const problems = [];
const describe = (el) => {
  let d = el.tagName.toLowerCase();
  if (el.id) d += '#' + el.id;
  if (el.getAttribute('name')) d += '[name=' + el.getAttribute('name') + ']';
  return d;
};
const named = (el) =>
  (el.getAttribute('aria-label') || '').trim() !== '' ||
  (el.getAttribute('aria-labelledby') || '').trim() !== '';

const lang = (document.documentElement.getAttribute('lang') || '').trim();
if (lang === '') problems.push('<html> has no lang attribute');
if (document.title.trim() === '') problems.push('<title> is empty');

const h1s = document.querySelectorAll('h1');
if (h1s.length > 1) problems.push(h1s.length + ' <h1> elements, expected at most one');

for (const el of document.querySelectorAll('input, select, textarea')) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
  const byFor = el.id !== '' && document.querySelector('label[for="' + CSS.escape(el.id) + '"]') !== null;
  const wrapped = el.closest('label') !== null;
  if (!byFor && !wrapped && !named(el)) problems.push(describe(el) + ' has no <label for> or aria-label');
}

for (const img of document.querySelectorAll('img')) {
  if (!img.hasAttribute('alt')) problems.push('<img src=' + img.getAttribute('src') + '> has no alt');
}

for (const b of document.querySelectorAll('button, input[type=submit], input[type=button], input[type=reset]')) {
  const text = (b.tagName === 'INPUT' ? (b.value || '') : b.textContent).trim();
  if (text === '' && !named(b) && (b.getAttribute('title') || '').trim() === '') {
    problems.push(describe(b) + ' has no text');
  }
}

const seen = new Set();
for (const el of document.querySelectorAll('[id]')) {
  if (seen.has(el.id)) problems.push('duplicate id "' + el.id + '"');
  seen.add(el.id);
}
return problems;
"#;

/// Runs the check on the current page.
pub async fn problems_on(s: &Session, what: &str) -> Outcome {
    let found = s.js(CHECK).await?;
    let Value::Array(list) = found else {
        return Err(format!("{what}: the check returned {found}, not a list"));
    };
    if list.is_empty() {
        return Ok(());
    }
    let lines: Vec<String> = list
        .iter()
        .map(|p| format!("    - {}", p.as_str().unwrap_or_default()))
        .collect();
    Err(format!(
        "{what}: {} accessibility problem(s):\n{}",
        list.len(),
        lines.join("\n")
    ))
}

/// The login page, the admin's home page and the admin's `/municipalities` page.
pub async fn smoke_check(s: &Session) -> Outcome {
    let mut failures = Vec::new();

    s.goto("/login").await?;
    s.expect_page("login").await?;
    failures.extend(problems_on(s, "/login").await.err());

    s.sign_in("beheer", PASSWORD).await?;
    s.expect_page("home-functional_admin").await?;
    failures.extend(problems_on(s, "/ (functional admin)").await.err());

    s.goto("/municipalities").await?;
    s.wait_css("#f-cbs_code").await?;
    failures.extend(problems_on(s, "/municipalities").await.err());

    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n"))
    }
}
