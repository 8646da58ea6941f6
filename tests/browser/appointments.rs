//! Appointments in a real browser (issue 13, item 6; ADR 025): the school contact opens the appointments page,
//! picks a free walk-in slot, books it for a parent, and downloads the `.ics` invitation.

use crate::a11y::axe_violations;
use crate::casework::{sign_in_as, sign_out};
use crate::harness::{Outcome, Session};

/// The school contact books a walk-in slot for a parent and downloads the invitation.
pub async fn school_books_a_walk_in_slot(s: &Session) -> Outcome {
    sign_in_as(s, "school", "school_contact").await?;
    s.goto("/appointments").await?;
    s.expect_page("appointments").await?;
    let found = axe_violations(s).await?;
    ensure!(found.is_empty(), "axe on the appointments page: {found:?}");
    let href = s
        .js("const a = document.querySelector(\"main a[href*='slot_id=']\"); return a ? a.getAttribute('href') : '';")
        .await?;
    let href = href.as_str().unwrap_or_default().to_string();
    ensure!(
        !href.is_empty(),
        "no free walk-in slot offered to the school contact"
    );
    s.goto(&href).await?;
    s.expect_page("appointments").await?;
    s.fill("#f-for_name", "Mw. Smit (moeder van Lotte)").await?;
    s.fill("#f-purpose", "Kennismaken").await?;
    s.click("#f-for_kind-ouder").await?;
    s.click("#submit-booking").await?;
    s.expect_page("appointments").await?;
    let page = s.text("main").await?;
    ensure!(
        page.contains("Mw. Smit (moeder van Lotte)"),
        "the booking is not listed after booking"
    );
    let ics = s
        .js("const a = document.querySelector(\"main a[href$='/invite.ics']\"); if (!a) return ['', '', '']; \
             const x = new XMLHttpRequest(); x.open('GET', a.getAttribute('href'), false); x.send(); \
             return [String(x.status), x.getResponseHeader('content-type') || '', x.responseText];")
        .await?;
    let part = |i: usize| {
        ics.get(i)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_string()
    };
    ensure!(
        part(0) == "200",
        "the invitation download answered {}",
        part(0)
    );
    ensure!(
        part(1).starts_with("text/calendar"),
        "the invitation is {}",
        part(1)
    );
    let text = part(2);
    ensure!(
        text.starts_with("BEGIN:VCALENDAR")
            && text.contains("METHOD:REQUEST")
            && text.contains("TZID=Europe/Amsterdam"),
        "not an invitation: {text}"
    );
    ensure!(
        !text.contains("Kennismaken"),
        "the purpose is in the invitation"
    );
    sign_out(s).await
}
