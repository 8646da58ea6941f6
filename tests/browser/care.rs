//! Care meetings in a real browser (issue 13): a social worker plans a ZAT meeting, adds a pupil anonymously and
//! an action for herself, and finds the action on her home page.

use crate::a11y::axe_violations;
use crate::harness::{Outcome, Session};
use crate::scenarios::PASSWORD;

pub async fn zat_meeting(s: &Session) -> Outcome {
    s.sign_in("smw", PASSWORD).await?;
    s.expect_page("home-social_worker").await?;
    s.goto("/care-meetings").await?;
    s.expect_page("care-meetings").await?;
    let today = chrono::Utc::now().date_naive();
    s.js(&format!(
        "document.querySelector('#f-kind').value = 'zat'; \
         const school = document.querySelector('#f-school_id'); school.value = school.options[1].value; \
         document.querySelector('#f-held_on').value = '{today}';"
    ))
    .await?;
    s.fill("#f-agenda", "Leerlingbesprekingen groep 3-5")
        .await?;
    s.click("#submit-care-meeting").await?;
    s.expect_page("care-meeting").await?;
    s.fill(
        "#f-care-pupil-description",
        "Leerling groep 5, vraag over rekenen",
    )
    .await?;
    s.click("#submit-care-pupil").await?;
    s.wait_css("main .alert--success")
        .await
        .map_err(|e| format!("no confirmation after the anonymous pupil: {e}"))?;
    let due = today + chrono::Duration::days(10);
    s.fill(
        "#f-care-action-description",
        "Gesprek met de leerkracht over rekenen",
    )
    .await?;
    s.js(&format!(
        "document.querySelector('#f-care-action-due_on').value = '{due}';"
    ))
    .await?;
    s.click("#submit-care-action").await?;
    s.wait_css("main .alert--success")
        .await
        .map_err(|e| format!("no confirmation after the action: {e}"))?;
    let page = s.text("main").await?;
    ensure!(
        page.contains("anoniem") && page.contains("Gesprek met de leerkracht"),
        "the meeting shows neither the anonymous pupil nor the action"
    );
    let found = axe_violations(s).await?;
    ensure!(found.is_empty(), "axe on the meeting page: {found:?}");
    s.goto("/").await?;
    s.expect_page("home-social_worker").await?;
    let actions = s
        .text("#my-actions")
        .await
        .map_err(|e| format!("no own actions on the home page: {e}"))?;
    ensure!(
        actions.contains("Gesprek met de leerkracht over rekenen"),
        "the home page's actions miss the new one: {actions}"
    );
    Ok(())
}
