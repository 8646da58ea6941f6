//! Accessibility in the browser, two ways:
//! - a smoke check without external tools: a script run in the page lists the plain-to-see
//!   problems (unlabelled fields, images without alt, no `<html lang>`, more than one `<h1>`,
//!   buttons without a name, duplicate ids, an empty `<title>`);
//! - axe-core (vendored under `vendor/axe-core/`, MPL-2.0) with the WCAG 2.x A and AA rules on
//!   every role's pages, in both languages and at a laptop's and a phone's width.

use serde_json::Value;

use crate::harness::{Outcome, Session};
use crate::scenarios::{PASSWORD, ROLES};

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

/// axe-core, vendored (see `vendor/axe-core/README.md`); injected into each page it checks.
const AXE_SOURCE: &str = include_str!("vendor/axe-core/axe.min.js");

/// Runs axe on the document with the WCAG 2.0/2.1/2.2 A and AA rules and hands back one line per
/// violation (`id: help (n nodes: first targets)`), or `["axe-error: …"]` when axe itself fails.
const AXE_RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  resultTypes: ['violations'],
}).then((r) => done(r.violations.map((v) =>
  v.id + ': ' + v.help + ' (' + v.nodes.length + ' nodes: ' +
  v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ') + ')'
))).catch((e) => done(['axe-error: ' + e]));
"#;

/// The axe-core violations on the current page, one line each; empty when the page passes.
pub async fn axe_violations(s: &Session) -> Result<Vec<String>, String> {
    let loaded = s.js("return typeof window.axe === 'object';").await?;
    if loaded != Value::Bool(true) {
        s.js(AXE_SOURCE).await?;
    }
    let found = s
        .client
        .execute_async(AXE_RUN, Vec::new())
        .await
        .map_err(|e| format!("running axe in the page: {e}"))?;
    let Value::Array(list) = found else {
        return Err(format!("axe returned {found}, not a list"));
    };
    Ok(list
        .iter()
        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
        .collect())
}

/// Violations still to be fixed, as (axe rule id, page shape). The axe scenario fails on any
/// violation not listed here, and also when a listed one no longer occurs, so this list can
/// only shrink. Empty: every visited page passes axe.
const KNOWN: &[(&str, &str)] = &[];

/// Window sizes the pages are checked at: a laptop and a phone.
pub(crate) const SIZES: [(u32, u32); 2] = [(1366, 768), (390, 844)];

/// The page's same-origin GET links in `selector`, as path plus query, without duplicates.
const LINKS: &str = r"
const seen = new Set();
for (const a of document.querySelectorAll(arguments[0])) {
  const u = new URL(a.href, location.href);
  if (u.origin !== location.origin) continue;
  if (u.pathname.startsWith('/lang/') || u.pathname === '/logout') continue;
  seen.add(u.pathname + u.search);
}
return [...seen];
";

async fn links_in(s: &Session, selector: &str) -> Result<Vec<String>, String> {
    let found = s
        .client
        .execute(LINKS, vec![Value::String(selector.to_owned())])
        .await
        .map_err(|e| format!("listing the links in `{selector}`: {e}"))?;
    Ok(found
        .as_array()
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default())
}

/// A path with its ids replaced by `{id}`, e.g. `/cases/{id}?section=goals`.
fn page_shape(path: &str) -> String {
    let (path, query) = path
        .split_once('?')
        .map_or((path, None), |(p, q)| (p, Some(q)));
    let mut shape: String = path
        .split('/')
        .map(|seg| {
            let id_like = !seg.is_empty()
                && seg.chars().any(|c| c.is_ascii_digit())
                && seg.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
            if id_like { "{id}" } else { seg }
        })
        .collect::<Vec<_>>()
        .join("/");
    if let Some(q) = query {
        shape.push('?');
        shape.push_str(q);
    }
    shape
}

/// Sets the window so that the page's viewport is about `width` × `height`.
pub(crate) async fn resize(s: &Session, width: u32, height: u32) -> Outcome {
    let set = async |w: u32, h: u32| {
        s.client
            .set_window_size(w, h)
            .await
            .map_err(|e| format!("setting the window to {w} × {h}: {e}"))
    };
    set(width, height).await?;
    let inner = s
        .js("return [window.innerWidth, window.innerHeight];")
        .await?;
    let side = |i: usize| {
        inner
            .get(i)
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
            .unwrap_or(0)
    };
    let (w, h) = (side(0), side(1));
    if (w, h) != (width, height) && w > 0 && h > 0 {
        set(
            width + width.saturating_sub(w),
            height + height.saturating_sub(h),
        )
        .await?;
    }
    Ok(())
}

/// The pages a role is checked on: its home page, its main navigation's pages, for the social worker a case
/// file with each of its sections, and for the municipality the effect page.
async fn pages_of(s: &Session, role: &str) -> Result<Vec<String>, String> {
    s.goto("/").await?;
    s.expect_page(&format!("home-{role}")).await?;
    let mut pages = vec!["/".to_owned()];
    for link in links_in(s, "nav.site-nav a[href]").await? {
        if !pages.contains(&link) {
            pages.push(link);
        }
    }
    if role == "social_worker" {
        s.goto("/cases").await?;
        let cases = links_in(s, "main a[href^='/cases/']").await?;
        let case = cases
            .into_iter()
            .find(|l| page_shape(l) == "/cases/{id}")
            .ok_or("the social worker's /cases page links to no case file")?;
        s.goto(&case).await?;
        s.expect_page("case").await?;
        pages.push(case);
        let sections = links_in(s, "nav.case-nav a[href*='section=']").await?;
        pages.extend(sections);
    }
    if role == "municipality" {
        // The effect page (linked from the dashboard) with its chart and explanation.
        pages.push("/monitoring/effect".to_owned());
    }
    if role == "privacy_officer" {
        // The overview of consents (in the navigation), also filtered: the form shows its chosen status.
        for page in ["/privacy/consents", "/privacy/consents?status=withdrawn"] {
            if !pages.iter().any(|p| p == page) {
                pages.push(page.to_owned());
            }
        }
    }
    Ok(pages)
}

/// What axe found: (rule id, page shape) → where it was seen, with axe's message.
type Findings = std::collections::BTreeMap<(String, String), Vec<String>>;

/// Opens every `<details>` so that the forms folded inside are checked too.
pub(crate) const OPEN_DETAILS: &str =
    "for (const d of document.querySelectorAll('details')) d.open = true;";

/// Visits each page in Dutch and English at both window sizes and adds what axe finds to
/// `found`; returns the number of page visits.
async fn check_pages(
    s: &Session,
    who: &str,
    pages: &[String],
    found: &mut Findings,
) -> Result<usize, String> {
    let mut visits = 0;
    for (width, height) in SIZES {
        resize(s, width, height).await?;
        for lang in ["nl", "en"] {
            s.goto(&format!("/lang/{lang}")).await?;
            for page in pages {
                s.goto(page).await?;
                s.wait_css(&format!("html[lang='{lang}'] main#main"))
                    .await?;
                s.js(OPEN_DETAILS).await?;
                visits += 1;
                let violations = axe_violations(s)
                    .await
                    .map_err(|e| format!("{page}: {e}"))?;
                for violation in violations {
                    let rule = violation
                        .split_once(':')
                        .map_or(violation.as_str(), |(id, _)| id)
                        .to_owned();
                    found
                        .entry((rule, page_shape(page)))
                        .or_default()
                        .push(format!("{who} {lang} {width}px {page}: {violation}"));
                }
            }
        }
    }
    s.goto("/lang/nl").await?;
    Ok(visits)
}

/// Proves that axe runs and reports: an image without `alt` added to the page is found.
async fn canary(s: &Session) -> Outcome {
    s.js(
        "const i = document.createElement('img'); i.src = '/favicon.ico'; \
          document.querySelector('main').append(i);",
    )
    .await?;
    let found = axe_violations(s).await?;
    ensure!(
        found.iter().any(|v| v.starts_with("image-alt:")),
        "axe did not report an <img> without alt; it reported {found:?}"
    );
    Ok(())
}

/// The login page and every role's home page and main-navigation pages (and a case file with
/// all its sections for the social worker), in Dutch and English, at 1366 × 768 and
/// 390 × 844, with every `<details>` opened: axe-core reports no violation, except the ones
/// listed in [`KNOWN`].
pub async fn axe_every_page(s: &Session) -> Outcome {
    let mut found = Findings::new();
    s.goto("/login").await?;
    s.expect_page("login").await?;
    canary(s).await?;
    let mut visits = check_pages(s, "signed out", &["/login".to_owned()], &mut found).await?;
    for (i, (user, role)) in ROLES.into_iter().enumerate() {
        if i > 0 {
            s.click("#logout").await?;
            s.expect_page("login").await?;
        }
        s.sign_in(user, PASSWORD).await?;
        s.expect_page(&format!("home-{role}")).await?;
        let pages = pages_of(s, role).await?;
        eprintln!("    axe: {role}: {}", pages.join(" "));
        visits += check_pages(s, role, &pages, &mut found).await?;
    }

    let mut problems = Vec::new();
    for ((rule, shape), seen) in &found {
        if KNOWN.contains(&(rule.as_str(), shape.as_str())) {
            continue;
        }
        let mut lines = seen
            .iter()
            .take(4)
            .map(|l| format!("      {l}"))
            .collect::<Vec<_>>();
        if seen.len() > 4 {
            lines.push(format!("      … and {} more", seen.len() - 4));
        }
        problems.push(format!("    - {rule} on {shape}:\n{}", lines.join("\n")));
    }
    for (rule, shape) in KNOWN {
        if !found.contains_key(&((*rule).to_owned(), (*shape).to_owned())) {
            problems.push(format!(
                "    - KNOWN ({rule:?}, {shape:?}) no longer occurs: remove it from KNOWN"
            ));
        }
    }
    eprintln!(
        "    axe: {visits} page visits, {} (rule, page) findings",
        found.len()
    );
    ensure!(
        problems.is_empty(),
        "axe-core on {visits} page visits:\n{}",
        problems.join("\n")
    );
    Ok(())
}
