//! Monitoring in the browser (issue 12): the municipality opens its dashboard from the menu, narrows it to one
//! district, and downloads the Excel workbook and the annual report; the team lead opens the team dashboard and
//! sees waiting times and hours against contract.

use serde_json::{Value, json};

use crate::casework::{choose_where, click_xpath, fact, main_text, rows_of, sign_in_as, submit};
use crate::harness::{Outcome, Session};

/// Fetches the link `selector` points to with the page's own session; returns (status, type, bytes).
async fn download(s: &Session, selector: &str) -> Result<(u64, String, u64), String> {
    let v = s
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             const a = document.querySelector(arguments[0]); \
             if (!a) { done(null); return; } \
             fetch(a.href, {credentials: 'same-origin'}).then(async r => { \
               const b = await r.arrayBuffer(); \
               done([r.status, r.headers.get('content-type') || '', b.byteLength]); \
             }).catch(e => done(String(e)));",
            vec![json!(selector)],
        )
        .await
        .map_err(|e| format!("downloading `{selector}`: {e}"))?;
    match v {
        Value::Array(a) if a.len() == 3 => Ok((
            a[0].as_u64().unwrap_or(0),
            a[1].as_str().unwrap_or_default().to_owned(),
            a[2].as_u64().unwrap_or(0),
        )),
        other => Err(format!("downloading `{selector}` gave {other}")),
    }
}

pub async fn municipality_and_team_lead(s: &Session) -> Outcome {
    sign_in_as(s, "gemeente", "municipality").await?;
    click_xpath(s, "//nav//a[normalize-space() = 'Monitoring']").await?;
    s.expect_page("monitoring").await?;
    let text = main_text(s).await?;
    ensure!(
        text.contains("Monitoring Waterweide"),
        "the dashboard names Waterweide: {text}"
    );
    let referrals = fact(s, "Aanmeldingen").await?;
    ensure!(!referrals.is_empty(), "the referrals headline is shown");
    let (district, _) = choose_where(s, "#f-district", "a district", |v, _| !v.is_empty()).await?;
    submit(s, ".filters button[type=submit]").await?;
    let url = s.url().await?;
    ensure!(
        url.contains(&format!("district={district}")),
        "filtered by district {district}: {url}"
    );
    let schools = rows_of(s, "Aanmeldingen per 100 leerlingen, per school").await?;
    ensure!(!schools.is_empty(), "the district has schools");
    ensure!(
        s.has("figure.chart svg[role=img] title").await?,
        "the trend chart is an image with a title"
    );
    let (status, kind, size) = download(s, "a[href^='/monitoring/export.xlsx']").await?;
    ensure!(
        status == 200 && kind.contains("spreadsheetml") && size > 1000,
        "the Excel download: {status} {kind} {size} bytes"
    );
    ensure!(
        download(s, "a[href^='/monitoring/export.xlsx']").await?.0 == 200,
        "a second download works too"
    );
    let (status, kind, size) = download(s, "a[href^='/monitoring/report.pdf']").await?;
    ensure!(
        status == 200 && kind == "application/pdf" && size > 2000,
        "the annual report: {status} {kind} {size} bytes"
    );
    click_xpath(
        s,
        "//a[starts-with(normalize-space(), 'Effect van een aanpak')]",
    )
    .await?;
    s.expect_page("monitoring-effect").await?;
    let explained = main_text(s).await?;
    ensure!(
        explained.contains("Wat dit getal wel en niet zegt"),
        "the effect page explains its limits: {explained}"
    );
    crate::casework::sign_out(s).await?;

    sign_in_as(s, "teamleider", "team_lead").await?;
    click_xpath(s, "//nav//a[normalize-space() = 'Teamoverzicht']").await?;
    s.expect_page("team-dashboard").await?;
    let waiting = fact(s, "Wachttijd (mediaan)").await?;
    ensure!(!waiting.is_empty(), "the waiting time is shown");
    let load = rows_of(s, "Werklast per medewerker").await?;
    ensure!(load.len() >= 3, "the team's workers: {load:?}");
    let hours = rows_of(s, "Uren per school: afgesproken en besteed").await?;
    ensure!(
        !hours.is_empty(),
        "hours per school against contract: {hours:?}"
    );
    Ok(())
}
