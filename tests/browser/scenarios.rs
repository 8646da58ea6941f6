//! The scenarios, each run in a fresh browser session.

use crate::harness::{Outcome, Session};

/// Password of every demo account.
pub const PASSWORD: &str = "schakel-demo";

/// Demo accounts and their roles.
pub const ROLES: [(&str, &str); 6] = [
    ("smw", "social_worker"),
    ("teamleider", "team_lead"),
    ("school", "school_contact"),
    ("gemeente", "municipality"),
    ("beheer", "functional_admin"),
    ("privacy", "privacy_officer"),
];

/// Admin pages a school contact must be refused.
const ADMIN_PAGES: [&str; 3] = ["/municipalities", "/workers", "/schools/import"];

/// Signs in through the form and checks the role's home page and the header.
pub async fn sign_in_lands_on_home(s: &Session, user: &str, role: &str) -> Outcome {
    s.sign_in(user, PASSWORD).await?;
    s.expect_page(&format!("home-{role}")).await?;
    let path = s.path().await?;
    ensure!(
        path == "/",
        "after signing in the browser is at {path}, not /"
    );
    let who = s.wait_css("#signed-in-as").await?;
    let shown = who
        .is_displayed()
        .await
        .map_err(|e| format!("checking #signed-in-as is shown: {e}"))?;
    ensure!(shown, "#signed-in-as is on the page but not visible");
    let name = s.text("#signed-in-as").await?;
    ensure!(!name.is_empty(), "#signed-in-as is empty");
    ensure!(s.has("#logout").await?, "no #logout button in the header");
    Ok(())
}

/// A wrong password re-renders the login page with an alert.
pub async fn wrong_password(s: &Session) -> Outcome {
    s.sign_in("smw", "dit-is-niet-het-wachtwoord").await?;
    let alert = s.wait_css("#login-error").await?;
    let role = alert
        .attr("role")
        .await
        .map_err(|e| format!("reading role of #login-error: {e}"))?;
    ensure!(
        role.as_deref() == Some("alert"),
        "#login-error has role={role:?}, expected \"alert\""
    );
    let message = s.text("#login-error").await?;
    ensure!(!message.is_empty(), "#login-error is empty");
    s.expect_page("login").await?;
    let path = s.path().await?;
    ensure!(
        path == "/login",
        "after a wrong password the browser is at {path}, not /login"
    );
    ensure!(
        !s.has("#signed-in-as").await?,
        "after a wrong password the header shows #signed-in-as"
    );
    Ok(())
}

/// A school contact opening admin pages gets the 403 page.
pub async fn school_contact_refused(s: &Session) -> Outcome {
    s.sign_in("school", PASSWORD).await?;
    s.expect_page("home-school_contact").await?;
    for page in ADMIN_PAGES {
        s.goto(page).await?;
        s.expect_page("error-403")
            .await
            .map_err(|e| format!("{page}: {e}"))?;
        // The navigation's HTTP status, as the browser saw it (Chromium ≥ 109).
        let status = s
            .js("const n = performance.getEntriesByType('navigation')[0]; \
                 return n && n.responseStatus !== undefined ? n.responseStatus : null;")
            .await?;
        ensure!(status == 403, "{page}: HTTP status {status}, expected 403");
        let title = s
            .client
            .title()
            .await
            .map_err(|e| format!("reading the title of {page}: {e}"))?;
        ensure!(
            !title.trim().is_empty(),
            "{page}: the 403 page has an empty <title>"
        );
        let h1 = s.text("main h1").await?;
        ensure!(!h1.is_empty(), "{page}: the 403 page has an empty <h1>");
    }
    Ok(())
}

/// Signing out leads to the login page, and `/` then asks to sign in again.
pub async fn sign_out(s: &Session) -> Outcome {
    s.sign_in("teamleider", PASSWORD).await?;
    s.expect_page("home-team_lead").await?;
    s.click("#logout").await?;
    s.expect_page("login").await?;
    let path = s.path().await?;
    ensure!(
        path == "/login",
        "after signing out the browser is at {path}, not /login"
    );
    s.goto("/").await?;
    s.expect_page("login")
        .await
        .map_err(|e| format!("opening / after signing out: {e}"))?;
    let path = s.path().await?;
    ensure!(
        path == "/login",
        "opening / after signing out ends at {path}, not /login"
    );
    Ok(())
}

/// The functional admin adds a municipality: first an invalid CBS code, then a valid one.
pub async fn admin_creates_municipality(s: &Session) -> Outcome {
    s.sign_in("beheer", PASSWORD).await?;
    s.expect_page("home-functional_admin").await?;
    s.goto("/municipalities").await?;

    s.fill("#f-cbs_code", "XYZ").await?;
    s.fill("#f-name", "Testgemeente").await?;
    s.click("#submit-municipality").await?;
    let error = s
        .wait_css("#f-cbs_code-error")
        .await
        .map_err(|e| format!("an invalid CBS code \"XYZ\" shows no field error: {e}"))?;
    let shown = error
        .is_displayed()
        .await
        .map_err(|e| format!("checking #f-cbs_code-error is shown: {e}"))?;
    ensure!(shown, "#f-cbs_code-error is on the page but not visible");
    let name = s.value("#f-name").await?;
    ensure!(
        name == "Testgemeente",
        "after the invalid attempt #f-name holds {name:?}, expected the typed \"Testgemeente\""
    );

    s.fill("#f-cbs_code", "GM9990").await?;
    s.fill("#f-name", "Testgemeente").await?;
    s.click("#submit-municipality").await?;
    s.wait_xpath("//h1[contains(concat(' ', normalize-space(@class), ' '), ' page-title ') and normalize-space() = 'Testgemeente']")
        .await
        .map_err(|e| format!("after saving GM9990 no h1.page-title reading \"Testgemeente\": {e}"))?;
    let url = s.url().await?;
    let path = s.path().await?;
    let id = path.strip_prefix("/municipalities/").unwrap_or_default();
    ensure!(
        !id.is_empty() && !id.contains('/'),
        "after saving the browser is at {url}, expected /municipalities/<id>?saved=1"
    );
    ensure!(
        url.ends_with("?saved=1") || url.contains("?saved=1&") || url.contains("&saved=1"),
        "after saving the browser is at {url}, expected the query saved=1"
    );
    Ok(())
}

/// The header's language link switches the page to English, and the choice sticks.
pub async fn switch_to_english(s: &Session) -> Outcome {
    s.goto("/login").await?;
    s.expect_page("login").await?;
    let lang = s
        .js("return document.documentElement.getAttribute('lang');")
        .await?;
    ensure!(
        lang == "nl",
        "before switching, <html lang> is {lang} (browser prefers nl-NL), expected \"nl\""
    );
    s.click("header a[href=\"/lang/en\"]").await?;
    s.wait_css("html[lang=\"en\"]")
        .await
        .map_err(|e| format!("after clicking the /lang/en link: {e}"))?;
    s.goto("/login").await?;
    s.wait_css("html[lang=\"en\"]")
        .await
        .map_err(|e| format!("opening /login again after switching, <html lang> is not en: {e}"))?;
    Ok(())
}
