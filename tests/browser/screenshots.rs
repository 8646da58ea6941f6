//! The README's screenshots come from the real UI of the demo: this scenario opens the pages they show, as the
//! roles that see them, checks each page is the one meant, and — with `SCHAKEL_TEST_SHOTS=<dir>` (see
//! `scripts/screenshots.sh`) — saves a PNG of each.

use crate::casework::{click_xpath, sign_in_as, sign_out};
use crate::harness::{Outcome, Session};

/// Saves what the window shows as `<name>.png` in `SCHAKEL_TEST_SHOTS`, when set.
async fn save(s: &Session, name: &str) -> Outcome {
    let Some(dir) = std::env::var_os("SCHAKEL_TEST_SHOTS") else {
        return Ok(());
    };
    let png = s
        .client
        .screenshot()
        .await
        .map_err(|e| format!("screenshot of {name}: {e}"))?;
    std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), png)
        .map_err(|e| format!("writing {name}.png: {e}"))
}

/// Opens `path`, checks the page and saves it.
async fn page(s: &Session, path: &str, page_id: &str, name: &str) -> Outcome {
    s.goto(path).await?;
    s.expect_page(page_id).await?;
    save(s, name).await
}

pub async fn readme_pages(s: &Session) -> Outcome {
    s.client
        .set_window_size(1366, 900)
        .await
        .map_err(|e| format!("setting the window size: {e}"))?;
    sign_in_as(s, "smw", "social_worker").await?;
    save(s, "home-smw").await?;
    // Yusuf's case file (the Kind in Kaart story of the demo) and his Kind in Kaart page.
    s.goto("/cases?q=Yusuf").await?;
    click_xpath(
        s,
        "//main//table//tr[contains(normalize-space(), 'Yusuf')]//a[contains(@href, '/cases/')]",
    )
    .await?;
    s.expect_page("case").await?;
    let case_path = s.path().await?;
    ensure!(
        case_path.starts_with("/cases/"),
        "Yusuf's case link led to {case_path}"
    );
    save(s, "case-file").await?;
    page(
        s,
        &format!("{case_path}/kind-in-kaart"),
        "kind-in-kaart",
        "kind-in-kaart",
    )
    .await?;
    sign_out(s).await?;

    sign_in_as(s, "gemeente", "municipality").await?;
    page(s, "/monitoring", "monitoring", "monitoring").await?;
    page(s, "/monitoring/effect", "monitoring-effect", "effect").await?;
    sign_out(s).await?;

    sign_in_as(s, "school", "school_contact").await?;
    page(s, "/referrals", "referrals", "school-referrals").await?;
    sign_out(s).await
}
