//! Presence and holiday cover in a real browser (issue 13, items 4 and 5): the team lead puts a colleague on the
//! cover roster for the school contact's school; the school contact opens "Wie is er wanneer" from the home page
//! and sees the worker's walk-in hour and who covers.

use crate::a11y::axe_violations;
use crate::casework::{sign_in_as, sign_out};
use crate::harness::{Outcome, Session};

/// The school contact sees the walk-in hour and the covering worker on "Wie is er wanneer".
pub async fn who_is_there_when(s: &Session) -> Outcome {
    sign_in_as(s, "school", "school_contact").await?;
    let href = s
        .js("return document.querySelector('#schedule-link').getAttribute('href');")
        .await?;
    let href = href.as_str().unwrap_or_default().to_string();
    let school_id = href
        .trim_start_matches("/schools/")
        .trim_end_matches("/presence")
        .to_string();
    ensure!(
        school_id.parse::<i64>().is_ok(),
        "no 'wie is er wanneer' link on the school's home page: {href}"
    );
    sign_out(s).await?;

    sign_in_as(s, "teamleider", "team_lead").await?;
    s.goto("/covers").await?;
    s.expect_page("covers").await?;
    let today = chrono::Utc::now().date_naive();
    let from = today + chrono::Duration::days(7);
    let until = today + chrono::Duration::days(20);
    let name = s
        .js(&format!(
            "document.querySelector('#f-school_id').value = '{school_id}'; \
             const w = document.querySelector('#f-worker_id'); \
             const o = Array.from(w.options).find(o => o.value && o.text !== 'Yasmina El Amrani'); \
             w.value = o.value; \
             document.querySelector('#f-starts_on').value = '{from}'; \
             document.querySelector('#f-ends_on').value = '{until}'; \
             document.querySelector('#f-reason').value = 'vakantie'; \
             return o.text;"
        ))
        .await?;
    let name = name.as_str().unwrap_or_default().to_string();
    ensure!(!name.is_empty(), "no colleague to put on the roster");
    s.click("#submit-cover").await?;
    s.expect_page("covers").await?;
    let roster = s.text("main").await?;
    ensure!(roster.contains(&name), "the roster does not show {name}");
    sign_out(s).await?;

    sign_in_as(s, "school", "school_contact").await?;
    s.click("#schedule-link").await?;
    s.expect_page("presence-school").await?;
    // Twelve weeks, so a summer holiday cannot hide every walk-in hour.
    s.goto(&format!("{href}?weeks=12")).await?;
    s.expect_page("presence-school").await?;
    let page = s.text("main").await?;
    ensure!(
        page.contains("Inloopspreekuur"),
        "no walk-in hour on 'wie is er wanneer'"
    );
    ensure!(
        page.contains(&name),
        "the covering worker {name} is not named on 'wie is er wanneer'"
    );
    ensure!(
        page.contains("Vervangingsrooster"),
        "no cover roster on 'wie is er wanneer'"
    );
    let found = axe_violations(s).await?;
    ensure!(found.is_empty(), "axe on 'wie is er wanneer': {found:?}");
    sign_out(s).await
}
