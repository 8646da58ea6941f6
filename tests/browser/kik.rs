//! Kind in Kaart, Yusuf's story with a new child: the school refers a 10-year-old boy, the team
//! lead assigns him to `smw`, who fills in Kind in Kaart with him (he likes basketball, lives in
//! the postcode area nearest the basketball club; he speaks Dutch and Arabic at home, ticked by
//! name; the page says distances are measured from the middle of that postcode area). The club
//! comes first in the suggestions with its cost
//! covered by a fund; the worker chooses it and marks it started; recording the 3-month check
//! that day is refused (it is not due). The team lead's figures count him, not yet as active
//! after 3 months; the municipality's figures show no child's name.

use chrono::{Months, Utc};
use serde_json::{Value, json};

use crate::a11y;
use crate::casework::{
    Child, choose, choose_where, click_xpath, errors_on_page, fact, guardians_consent,
    open_section, referral_row, sign_in_as, sign_out, submit, team_lead_accepts, tick,
    unique_letters, worker_name_of_smw,
};
use crate::harness::{Outcome, Session};
use crate::scenarios::PASSWORD;

/// The activity the boy should get first, as the demo's social map names it.
const CLUB_ACTIVITY: &str = "Basketbal jeugd U12";
const CLUB_PROVIDER: &str = "Basketbalvereniging Waterweide Wolves";
/// The fund that pays the club's contribution.
const FUND: &str = "Jeugdfonds Sport & Cultuur";
/// Captions of the Kind in Kaart tables.
const SUGGESTIONS: &str = "Voorstellen (best passend eerst)";
const PLANS: &str = "Plan en opvolging";
/// The figures' facts, in the order they are compared.
const FIGURES: [&str; 5] = [
    "In kaart gebracht",
    "Gekoppeld",
    "Gestart",
    "Na 3 maanden nog actief",
    "Met fonds · bedrag",
];
/// The fact the story is about.
const STILL_ACTIVE: &str = "Na 3 maanden nog actief";
const KM_PER_DEGREE: f64 = 111.32;
/// The profile's fact that says where distances are measured from.
const DISTANCES_FROM: &str = "Afstanden gemeten vanaf";

/// The boy and what the school writes about him.
fn invent_boy() -> Child {
    let stamp = unique_letters();
    Child {
        given: "Daan".into(),
        family: format!("Kaart{stamp}"),
        reason: format!(
            "Vertrouwelijk {stamp}: Daan zit na school vaak alleen thuis en heeft geen hobby of \
             vrienden buiten de klas."
        ),
    }
}

/// The cells (text, whitespace folded) of each body row of the table whose caption starts with
/// `caption`.
async fn cells_of(s: &Session, caption: &str) -> Result<Vec<Vec<String>>, String> {
    let found = s
        .client
        .execute(
            "const t = Array.from(document.querySelectorAll('table')).find(t => \
               t.caption && t.caption.textContent.trim().startsWith(arguments[0])); \
             if (!t) return null; \
             return Array.from(t.tBodies[0].rows).map(r => Array.from(r.cells).map(c => \
               c.textContent.replace(/\\s+/g, ' ').trim()));",
            vec![json!(caption)],
        )
        .await
        .map_err(|e| format!("reading the table \"{caption}…\": {e}"))?;
    let Value::Array(rows) = found else {
        return Err(format!("the page has no table captioned \"{caption}…\""));
    };
    Ok(rows
        .iter()
        .map(|row| {
            row.as_array()
                .map(|cells| {
                    cells
                        .iter()
                        .map(|c| c.as_str().unwrap_or_default().to_owned())
                        .collect()
                })
                .unwrap_or_default()
        })
        .collect())
}

/// Clicks the button found by `xpath` and waits until the next page has loaded.
async fn press(s: &Session, xpath: &str, what: &str) -> Outcome {
    s.js("document.documentElement.setAttribute('data-left-behind', '1'); return null;")
        .await?;
    click_xpath(s, xpath)
        .await
        .map_err(|e| format!("{what}: {e}"))?;
    s.wait_css("html:not([data-left-behind]) main#main")
        .await
        .map(|_| ())
        .map_err(|e| format!("{what}: after clicking no new page loaded: {e}"))
}

/// Checks the browser is (back) on the Kind in Kaart page of the case.
async fn on_kik_page(s: &Session, kik_path: &str, what: &str) -> Outcome {
    let path = s.path().await?;
    ensure!(
        path == kik_path,
        "{what}: the browser is at {path}, expected {kik_path}; the page says: {}",
        errors_on_page(s).await
    );
    s.expect_page("kind-in-kaart").await
}

/// The first whole number in `text` (dots as thousands separators), e.g. "3 · €540" → 3.
fn first_number(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

/// The distance in km of the first reason in a "Waarom" text that starts with one, e.g.
/// "…; 1,2 km lopen vanaf school; …" → 1.2, "800 m lopen" → 0.8.
fn distance_km(text: &str) -> Option<f64> {
    text.split("; ").find_map(|reason| {
        let mut words = reason.split_whitespace();
        let number: f64 = words
            .next()?
            .replace('.', "")
            .replace(',', ".")
            .parse()
            .ok()?;
        match words.next()?.trim_end_matches(',') {
            "km" => Some(number),
            "m" => Some(number / 1000.0),
            _ => None,
        }
    })
}

/// The Kind in Kaart figures as the signed-in user sees them on /figures, in `FIGURES` order.
async fn read_figures(s: &Session) -> Result<Vec<i64>, String> {
    s.goto("/figures").await?;
    s.expect_page("figures").await?;
    let mut out = Vec::new();
    for label in FIGURES {
        let text = fact(s, label).await?;
        let n = first_number(&text)
            .ok_or_else(|| format!("/figures: the fact \"{label}\" reads {text:?}, no number"))?;
        out.push(n);
    }
    Ok(out)
}

/// Step 0: the team lead's figures before the story.
async fn figures_as_team_lead(s: &Session) -> Result<Vec<i64>, String> {
    sign_in_as(s, "teamleider", "team_lead").await?;
    let figures = read_figures(s).await?;
    sign_out(s).await?;
    Ok(figures)
}

/// Step 1: the school contact refers the boy (10 years and 2 months old, both parents with
/// gezag, parents agree).
async fn school_refers_boy(s: &Session, boy: &Child) -> Outcome {
    let born = Utc::now()
        .date_naive()
        .checked_sub_months(Months::new(10 * 12 + 2))
        .ok_or("cannot compute a date of birth 10 years and 2 months ago")?;
    sign_in_as(s, "school", "school_contact").await?;
    s.goto("/referrals/new").await?;
    s.expect_page("referral-new").await?;
    s.fill("#f-given_name", &boy.given).await?;
    s.fill("#f-family_name", &boy.family).await?;
    crate::casework::type_date3(s, "date_of_birth", &born.to_string()).await?;
    s.fill("#f-class_name", "groep 6a").await?;
    s.fill("#f-guardian1_name", &format!("Fatima {}", boy.family))
        .await?;
    s.fill("#f-guardian1_relation", "moeder").await?;
    tick(s, "#f-guardian1_gezag").await?;
    s.fill("#f-guardian2_name", &format!("Karim {}", boy.family))
        .await?;
    s.fill("#f-guardian2_relation", "vader").await?;
    tick(s, "#f-guardian2_gezag").await?;
    s.fill("#f-reason", &boy.reason).await?;
    s.click("#f-urgency-normaal").await?;
    tick(s, "#f-parents_agree").await?;
    submit(s, "#submit-referral").await?;
    let url = s.url().await?;
    ensure!(
        s.path().await? == "/referrals" && url.contains("sent=1"),
        "after sending the referral the browser is at {url}, expected /referrals?sent=1; \
         the page says: {}",
        errors_on_page(s).await
    );
    let row = referral_row(s, &boy.name()).await?;
    ensure!(
        row.contains("ontvangen"),
        "the school's row for the new referral reads {row:?}, expected status \"ontvangen\""
    );
    sign_out(s).await
}

/// GET requests to the API as `smw` (a bearer token; the API takes no cookie), in order.
async fn api_as_smw(s: &Session, paths: &[String]) -> Result<Vec<Value>, String> {
    let base = s
        .client
        .current_url()
        .await
        .map_err(|e| format!("cannot read the current URL: {e}"))?
        .origin()
        .ascii_serialization();
    let http = reqwest::Client::new();
    let login: Value = http
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({ "username": "smw", "password": PASSWORD }))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .map_err(|e| format!("POST /api/v1/auth/login as smw: {e}"))?
        .json()
        .await
        .map_err(|e| format!("reading the API login answer: {e}"))?;
    let token = login["token"]
        .as_str()
        .ok_or_else(|| format!("the API login answer has no token: {login}"))?;
    let mut out = Vec::new();
    for path in paths {
        let body: Value = http
            .get(format!("{base}{path}"))
            .bearer_auth(token)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| format!("GET {path}: {e}"))?
            .json()
            .await
            .map_err(|e| format!("reading {path}: {e}"))?;
        out.push(body);
    }
    let _ = http
        .post(format!("{base}/api/v1/auth/logout"))
        .bearer_auth(token)
        .send()
        .await;
    Ok(out)
}

/// Where the boy lives: the postcode (as a school there writes it) of the postcode area (PC4) whose
/// middle — the mean position of the schools in it, as Kind in Kaart takes it — lies nearest the
/// club, and how far that middle is from the club in km.
async fn home_near_the_club(s: &Session) -> Result<(String, String, f64), String> {
    let pages: Vec<String> = std::iter::once("/api/v1/social-map".to_owned())
        .chain((0..20).map(|i| format!("/api/v1/schools?limit=100&offset={}", i * 100)))
        .collect();
    let answers = api_as_smw(s, &pages).await?;
    let (map, schools) = answers.split_first().ok_or("the API answered nothing")?;
    let activities = map["activities"].as_array().cloned().unwrap_or_default();
    let club = activities
        .iter()
        .find(|a| a["name"] == CLUB_ACTIVITY && a["provider_name"] == CLUB_PROVIDER)
        .ok_or_else(|| {
            format!(
                "/api/v1/social-map has no \"{CLUB_ACTIVITY}\" of \"{CLUB_PROVIDER}\" among {} \
                 activities",
                activities.len()
            )
        })?;
    let (Some(club_lat), Some(club_lon)) = (club["latitude"].as_f64(), club["longitude"].as_f64())
    else {
        return Err(format!("the club has no coordinates: {club}"));
    };
    // PC4 → (a whole postcode there, sum of latitudes, sum of longitudes, count).
    let mut areas: std::collections::BTreeMap<String, (String, f64, f64, f64)> =
        std::collections::BTreeMap::new();
    for school in schools
        .iter()
        .flat_map(|p| p["items"].as_array().cloned().unwrap_or_default())
    {
        let (Some(postcode), Some(lat), Some(lon)) = (
            school["postcode"].as_str(),
            school["latitude"].as_f64(),
            school["longitude"].as_f64(),
        ) else {
            continue;
        };
        let Some(pc4) = postcode.get(..4) else {
            continue;
        };
        let area = areas
            .entry(pc4.to_owned())
            .or_insert_with(|| (postcode.to_owned(), 0.0, 0.0, 0.0));
        area.1 += lat;
        area.2 += lon;
        area.3 += 1.0;
    }
    let km = |lat: f64, lon: f64| {
        let north = (lat - club_lat) * KM_PER_DEGREE;
        let east = (lon - club_lon) * KM_PER_DEGREE * club_lat.to_radians().cos();
        (north * north + east * east).sqrt()
    };
    areas
        .into_iter()
        .map(|(pc4, (postcode, lat, lon, n))| (pc4, postcode, km(lat / n, lon / n)))
        .min_by(|a, b| a.2.total_cmp(&b.2))
        .ok_or_else(|| "no school with a postcode and a location".to_owned())
}

/// Step 3: the worker records consent, fills in Kind in Kaart with the boy, chooses the club
/// and marks it started. Returns the Kind in Kaart page's path.
async fn worker_finds_the_club(s: &Session, case_path: &str) -> Result<String, String> {
    sign_in_as(s, "smw", "social_worker").await?;
    let (pc4, postcode, home_km) = home_near_the_club(s).await?;
    // The farthest the reason may name: from the middle of his postcode area, rounded to tenths.
    let max_km = home_km + 0.15;

    s.goto(case_path).await?;
    s.expect_page("case").await?;
    guardians_consent(s, case_path, "help", "").await?;
    open_section(s, "overview").await?;
    click_xpath(
        s,
        "//main//a[starts-with(normalize-space(), 'Kind in Kaart')]",
    )
    .await
    .map_err(|e| format!("the case page has no link \"Kind in Kaart…\": {e}"))?;
    s.expect_page("kind-in-kaart").await?;
    let kik_path = s.path().await?;
    ensure!(
        kik_path == format!("{case_path}/kind-in-kaart"),
        "the link \"Kind in Kaart…\" led to {kik_path}, expected {case_path}/kind-in-kaart"
    );
    ensure!(
        !s.has("table").await?,
        "a new child's Kind in Kaart page already shows a table"
    );

    s.fill("#f-profile-good_at", "hard rennen").await?;
    s.fill("#f-profile-likes", "basketbal").await?;
    s.fill("#f-profile-wants_to_learn", "samen in een team spelen")
        .await?;
    s.fill("#f-profile-free_times", "wo 13:00-18:00; za 09:00-13:00")
        .await?;
    s.fill("#f-profile-who_brings", "vader (zaterdag)").await?;
    choose(s, "#f-profile-transport", "cycling").await?;
    tick(s, "#f-profile-can_travel_alone").await?;
    tick(s, "#f-profile-languages-nl").await?;
    tick(s, "#f-profile-languages-ar").await?;
    s.fill("#f-profile-income_percent", "110").await?;
    // First with a typo: refused, naming the postcode, nothing lost.
    s.fill("#f-profile-postcode", &format!("{pc4} S")).await?;
    submit(s, "#submit-profile").await?;
    let errors = errors_on_page(s).await;
    ensure!(
        errors.contains("Geef een postcode zoals 1234 AB."),
        "a postcode \"{pc4} S\" was not refused with \"Geef een postcode zoals 1234 AB.\"; the page \
         says: {errors}"
    );
    ensure!(
        s.has("#f-profile-languages-ar:checked").await?,
        "after the refusal the ticked language Arabisch is no longer ticked"
    );
    s.fill("#f-profile-postcode", &postcode.to_lowercase())
        .await?;
    submit(s, "#submit-profile").await?;
    on_kik_page(s, &kik_path, "saving the profile").await?;
    let from = fact(s, DISTANCES_FROM).await?;
    ensure!(
        from.contains(&format!("Postcode {pc4}")) && from.contains("het midden van de bekende"),
        "the fact \"{DISTANCES_FROM}\" reads {from:?}, expected the middle of postcode area {pc4}"
    );
    ensure!(
        !s.has(".field-error").await?,
        "the saved profile shows a field error: {}",
        errors_on_page(s).await
    );

    // The club first, matched on basketball, about 2 km away, paid for by the fund.
    let suggestions = cells_of(s, SUGGESTIONS).await?;
    let first = suggestions.first().cloned().unwrap_or_default();
    ensure!(
        first.len() >= 6,
        "the suggestions table's first row has cells {first:?}, expected 6 (all rows: \
         {suggestions:?})"
    );
    ensure!(
        first[1].contains(CLUB_ACTIVITY),
        "the first suggestion is {:?}, expected \"{CLUB_ACTIVITY}\"; all rows: {suggestions:?}",
        first[1]
    );
    let why = &first[2];
    ensure!(
        why.contains("past bij 'basketbal'"),
        "the first suggestion's \"Waarom\" reads {why:?}, expected \"past bij 'basketbal'\""
    );
    // The engine measures from the nearer of home and school: at most the 2 km from home.
    let km = distance_km(why);
    ensure!(
        km.is_some_and(|km| km > 0.0 && km <= max_km),
        "the first suggestion's \"Waarom\" reads {why:?}, expected a distance of at most \
         {max_km:.2} km (the middle of postcode area {pc4} is {home_km:.2} km from the club)"
    );
    ensure!(
        first[3].contains(FUND),
        "the first suggestion's cost cell reads {:?}, expected it to name \"{FUND}\"",
        first[3]
    );

    press(
        s,
        &format!(
            "//table[starts-with(normalize-space(caption), '{SUGGESTIONS}')]/tbody/tr[1]\
             /td[last()]//button[normalize-space() = 'Kiezen']"
        ),
        "choosing the first suggestion",
    )
    .await?;
    on_kik_page(s, &kik_path, "choosing the first suggestion").await?;
    let plan = plan_row(s).await?;
    ensure!(
        plan[1] == "gepland",
        "after choosing, the plan's status reads {:?}, expected \"gepland\"",
        plan[1]
    );
    let cost_plan = format!("Kosten: aanvraag bij {FUND}");
    ensure!(
        plan[2].contains(&cost_plan),
        "after choosing, the plan's barriers read {:?}, expected \"{cost_plan}\"",
        plan[2]
    );

    press(
        s,
        &format!(
            "//table[starts-with(normalize-space(caption), '{PLANS}')]/tbody\
             /tr[td[1][contains(., '{CLUB_ACTIVITY}')]]/td[last()]\
             //button[normalize-space() = 'Gestart']"
        ),
        "marking the plan started",
    )
    .await?;
    on_kik_page(s, &kik_path, "marking the plan started").await?;
    let plan = plan_row(s).await?;
    ensure!(
        plan[1] == "gestart",
        "after \"Gestart\" the plan's status reads {:?}, expected \"gestart\"",
        plan[1]
    );
    ensure!(
        plan[3].starts_with("controle op") && plan[4].starts_with("controle op"),
        "after \"Gestart\" the checks read {:?} and {:?}, expected \"controle op …\" for both",
        plan[3],
        plan[4]
    );
    sign_out(s).await?;
    Ok(kik_path)
}

/// The cells of the plan row of the club; there must be exactly one plan.
async fn plan_row(s: &Session) -> Result<Vec<String>, String> {
    let plans = cells_of(s, PLANS).await?;
    ensure!(
        plans.len() == 1 && plans[0].len() >= 5 && plans[0][0].contains(CLUB_ACTIVITY),
        "the table \"{PLANS}\" reads {plans:?}, expected one row for \"{CLUB_ACTIVITY}\""
    );
    Ok(plans[0].clone())
}

/// Step 4: the worker tries to record the 3-month check on the day the boy started: refused with
/// the date it falls due, and nothing recorded — "still taking part after 3 months" is a figure
/// funders read. The page must pass the accessibility check with the error shown.
async fn worker_records_check_too_early(s: &Session, kik_path: &str) -> Outcome {
    sign_in_as(s, "smw", "social_worker").await?;
    s.goto(kik_path).await?;
    s.expect_page("kind-in-kaart").await?;
    choose_where(
        s,
        "#f-check-plan_id",
        &format!("the plan for {CLUB_ACTIVITY}"),
        |_, text| text == CLUB_ACTIVITY,
    )
    .await?;
    choose(s, "#f-check-month", "3").await?;
    choose(s, "#f-check-result", "still_going").await?;
    submit(s, "#submit-check").await?;
    let errors = errors_on_page(s).await;
    ensure!(
        errors.contains("De controle na 3 maand(en) valt op"),
        "recording the 3-month check on the day of the start should be refused with its due \
         date; the page says: {errors}"
    );
    let here = s.path().await?;
    a11y::problems_on(s, &here).await?;
    s.goto(kik_path).await?;
    let plan = plan_row(s).await?;
    ensure!(
        plan[4].starts_with("controle op"),
        "after the refused check its column reads {:?}, expected \"controle op …\"",
        plan[4]
    );
    sign_out(s).await
}

/// Step 5: the team lead's figures count the boy once more as profiled, matched, started and
/// funded — not yet as still active after 3 months.
async fn figures_count_him(s: &Session, before: &[i64]) -> Outcome {
    let after = figures_as_team_lead(s).await?;
    let wrong: Vec<String> = FIGURES
        .iter()
        .zip(before.iter().zip(&after))
        .filter(|(label, (b, a))| {
            let grows = if **label == STILL_ACTIVE { 0 } else { 1 };
            **a != **b + grows
        })
        .map(|(label, (b, a))| format!("\"{label}\" {b} → {a}"))
        .collect();
    ensure!(
        wrong.is_empty(),
        "the team lead's figures should each have grown by 1 but \"{STILL_ACTIVE}\" (his check is \
         not due), but: {}",
        wrong.join(", ")
    );
    Ok(())
}

/// Step 6: the municipality sees the figures page without any child's name.
async fn municipality_sees_no_names(s: &Session, boy: &Child) -> Outcome {
    sign_in_as(s, "gemeente", "municipality").await?;
    s.goto("/figures").await?;
    s.expect_page("figures").await?;
    let source = s
        .client
        .source()
        .await
        .map_err(|e| format!("reading the page source: {e}"))?;
    for name in [boy.family.as_str(), "Yusuf", "El Idrissi"] {
        ensure!(
            !source.contains(name),
            "the municipality's /figures contains the child's name {name:?}"
        );
    }
    sign_out(s).await
}

/// The whole story in one browser session.
pub async fn basketball_story(s: &Session) -> Outcome {
    let boy = invent_boy();
    let worker = worker_name_of_smw(s)
        .await
        .map_err(|e| format!("step 0 (smw's worker name): {e}"))?;
    let before = figures_as_team_lead(s)
        .await
        .map_err(|e| format!("step 0 (team lead's figures before): {e}"))?;
    school_refers_boy(s, &boy)
        .await
        .map_err(|e| format!("step 1 (school refers {}): {e}", boy.name()))?;
    let case_path = team_lead_accepts(s, &boy, &worker)
        .await
        .map_err(|e| format!("step 2 (team lead accepts, assigns {worker}): {e}"))?;
    let kik_path = worker_finds_the_club(s, &case_path)
        .await
        .map_err(|e| format!("step 3 (smw: profile, suggestions, plan on {case_path}): {e}"))?;
    worker_records_check_too_early(s, &kik_path)
        .await
        .map_err(|e| format!("step 4 (smw cannot record the 3-month check early): {e}"))?;
    figures_count_him(s, &before)
        .await
        .map_err(|e| format!("step 5 (team lead's figures): {e}"))?;
    municipality_sees_no_names(s, &boy)
        .await
        .map_err(|e| format!("step 6 (gemeente's figures): {e}"))
}
