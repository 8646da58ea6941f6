//! English that is English (issue 11.10, issue 10.5): every demo role switches to English and walks the pages
//! linked from the home page and from the pages it links to; no page may show a Dutch label of the domain's
//! lists or a common Dutch interface word.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, sign_in, spawn_app};
use schakel_web::Clock;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

const ROLES: [&str; 6] = [
    "smw",
    "teamleider",
    "school",
    "gemeente",
    "beheer",
    "privacy",
];

/// Common Dutch interface words: as whole words, they give away a text that was not translated. Words the
/// demo's own free text uses ("Ouders weten ervan", "Leerling met veel verzuim", "niet", "geen") are left out:
/// what users write stays in their words.
const DUTCH_WORDS: &[&str] = &[
    "Opslaan",
    "Aanmelding",
    "Aanmeldingen",
    "Dossier",
    "Dossiers",
    "Toevoegen",
    "Zoeken",
    "Afmelden",
    "Wijzigen",
    "Verwijderen",
    "Gewijzigd",
    "Vastleggen",
    "Toestemming",
    "Verwijzing",
    "Afsluiting",
    "Medewerker",
    "Medewerkers",
    "Scholen",
    "Gemeente",
    "Teamleider",
    "Uitkomst",
    "Handeling",
    "wacht op",
    "uur per week",
    "naar behoefte",
];

/// The text a reader sees: text between tags (not in scripts or styles), with the common entities decoded,
/// one entry per text node.
fn visible_texts(html: &str) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if !text.trim().is_empty() {
            texts.push(decode(text.trim()));
        }
        let after = &rest[open..];
        let lower: String = after
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = if lower.starts_with("<script") {
            after.find("</script>").map(|i| i + 9)
        } else if lower.starts_with("<style") {
            after.find("</style>").map(|i| i + 8)
        } else {
            after.find('>').map(|i| i + 1)
        };
        match skip_to {
            Some(i) => rest = &after[i..],
            None => return texts,
        }
    }
    if !rest.trim().is_empty() {
        texts.push(decode(rest.trim()));
    }
    texts
}

fn decode(s: &str) -> String {
    s.replace("&nbsp;", " ")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&#34;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Whether `word` stands in `text` as a whole word (or phrase), case-sensitive for a capitalised word.
fn has_word(text: &str, word: &str) -> bool {
    let is_word_char = |c: char| c.is_alphanumeric() || c == '_';
    let mut from = 0;
    while let Some(i) = text[from..].find(word) {
        let start = from + i;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        if !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char) {
            return true;
        }
        from = start + word.chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The Dutch found in one page's texts: a text that is a Dutch label of the domain's lists (unless it is the
/// name of a record, such as an activity called "Huiswerkbegeleiding"), or that holds a common Dutch
/// interface word.
fn dutch_in(texts: &[String], labels: &BTreeSet<String>, names: &BTreeSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for text in texts {
        let folded = text.trim_end_matches([':', '.', ',']).to_lowercase();
        if labels.contains(&folded) && !names.contains(&folded) {
            found.push(format!("label “{text}”"));
            continue;
        }
        if let Some(w) = DUTCH_WORDS.iter().find(|w| has_word(text, w)) {
            let snippet: String = text.chars().take(120).collect();
            found.push(format!("word “{w}” in “{snippet}”"));
        }
    }
    found
}

/// Same-origin links of a page, as paths; not the sign-out, the language switch, static files, the API or
/// downloads.
fn links(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in html.split("href=\"").skip(1) {
        let href: String = decode(&part.chars().take_while(|c| *c != '"').collect::<String>());
        let path = href.split('#').next().unwrap_or("").to_string();
        let skipped = !path.starts_with('/')
            || path.starts_with("//")
            || ["/logout", "/lang/", "/static/", "/api/", "/login"]
                .iter()
                .any(|p| path.starts_with(p))
            || [".csv", ".xlsx", ".pdf", "/download", "/export"]
                .iter()
                .any(|p| path.split('?').next().unwrap_or("").ends_with(p));
        if !skipped {
            out.push(path);
        }
    }
    out
}

/// The shape of a path (`/cases/12` → `/cases/#`), so each kind of page is visited a few times, not hundreds.
fn shape(path: &str) -> String {
    let p = path.split('?').next().unwrap_or(path);
    p.split('/')
        .map(|s| {
            if !s.is_empty() && s.chars().all(|c| c.is_ascii_digit()) {
                "#"
            } else {
                s
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Signs in as `username`, switches to English and walks two levels of links from home; gives the Dutch
/// found per page.
async fn walk_in_english(
    app: &TestApp,
    username: &str,
    names: &BTreeSet<String>,
) -> BTreeMap<String, Vec<String>> {
    let labels: BTreeSet<String> = schakel_domain::lang::dutch_labels()
        .into_iter()
        .map(str::to_lowercase)
        .collect();
    let client = app.client();
    let res = sign_in(app, &client, username, "schakel-demo").await;
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{username} signs in"
    );
    client
        .get(app.url("/lang/en"))
        .send()
        .await
        .expect("switch to English");
    let mut seen = BTreeSet::new();
    let mut per_shape: BTreeMap<String, usize> = BTreeMap::new();
    let mut queue = VecDeque::from([("/".to_string(), 0usize)]);
    let mut found = BTreeMap::new();
    while let Some((path, depth)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let visits = per_shape.entry(shape(&path)).or_default();
        *visits += 1;
        if *visits > 2 {
            continue;
        }
        let res = client.get(app.url(&path)).send().await.expect("page");
        let is_html = res
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        if !res.status().is_success() || !is_html {
            continue;
        }
        let html = res.text().await.expect("body");
        assert!(
            html.contains("<html lang=\"en\""),
            "{username} {path}: the page is not in English"
        );
        let dutch = dutch_in(&visible_texts(&html), &labels, names);
        if !dutch.is_empty() {
            found.insert(path.clone(), dutch);
        }
        if depth < 2 {
            for link in links(&html) {
                if !seen.contains(&link) {
                    queue.push_back((link, depth + 1));
                }
            }
        }
    }
    assert!(seen.len() > 3, "{username} reached only {seen:?}");
    found
}

async fn every_page_of_the_demo_reads_in_english(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = app.clock.now();
    let today = now.date_naive();
    schakel_demo::seed::casework::seed_demo(&app.store, today, now)
        .await
        .expect("demo casework");
    schakel_demo::seed::social_map::seed_social_map(&app.store, now)
        .await
        .expect("social map");
    schakel_demo::seed::social_map::seed_kind_in_kaart(&app.store, today, now)
        .await
        .expect("kind in kaart");
    schakel_demo::seed::group::seed_group_work(&app.store, today, now)
        .await
        .expect("group work");
    schakel_demo::seed::care::seed_care_meetings(&app.store, today, now)
        .await
        .expect("care meetings");
    schakel_demo::seed::presence::seed_presence(&app.store, today, now)
        .await
        .expect("presence");
    schakel_demo::seed::appointments::seed_appointments(&app.store, today, now)
        .await
        .expect("appointments");
    // Names of records are data, in the words they were given.
    let names: BTreeSet<String> = app
        .store
        .activities(None)
        .await
        .expect("activities")
        .into_iter()
        .flat_map(|a| [a.name, a.provider_name])
        .map(|n| n.to_lowercase())
        .collect();
    let mut failures = Vec::new();
    for username in ROLES {
        for (path, dutch) in walk_in_english(&app, username, &names).await {
            failures.push(format!("{username} {path}: {}", dutch.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "Dutch on English pages:\n{}",
        failures.join("\n")
    );
    app.shutdown().await;
}
on_both_backends!(every_page_of_the_demo_reads_in_english);

#[test]
fn the_checker_finds_dutch_and_spares_english() {
    let labels: BTreeSet<String> = ["huisbezoek".to_string()].into();
    let html = "<html><script>var x = 'Opslaan';</script><p>Home visit</p><td>huisbezoek</td>\
                <button>Opslaan</button><p>Opslaand</p></html>";
    let found = dutch_in(&visible_texts(html), &labels, &BTreeSet::new());
    assert_eq!(found.len(), 2, "{found:?}");
    let names: BTreeSet<String> = ["huisbezoek".to_string()].into();
    assert_eq!(dutch_in(&visible_texts(html), &labels, &names).len(), 1);
    assert!(has_word("Dossier gesloten", "Dossier"));
    assert!(!has_word("Dossiers", "Dossier"));
    assert_eq!(shape("/cases/12/goals?x=1"), "/cases/#/goals");
}

/// A timeline entry is stored as an event with parameters and told in the reader's language; the API gives
/// its kind, its parameters and the sentence (issue 10.5).
async fn the_timeline_speaks_the_readers_language(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = app.clock.now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    let smw = crate::support::api_token(&app, "smw").await;
    let http = reqwest::Client::new();
    let cases: serde_json::Value = http
        .get(app.url("/api/v1/cases"))
        .bearer_auth(&smw)
        .send()
        .await
        .expect("cases")
        .json()
        .await
        .expect("json");
    let case_id = cases["items"]
        .as_array()
        .and_then(|items| items.iter().find(|c| c["status"] == "open"))
        .and_then(|c| c["id"].as_i64())
        .expect("an open case of the demo worker");
    let res = http
        .post(app.url(&format!("/api/v1/cases/{case_id}/contacts")))
        .bearer_auth(&smw)
        .json(&serde_json::json!({
            "held_on": now.date_naive().to_string(), "kind": "huisbezoek", "minutes": 45
        }))
        .send()
        .await
        .expect("contact");
    assert!(res.status().is_success(), "{}", res.status());
    let entry = |lang: &'static str| {
        let http = http.clone();
        let smw = smw.clone();
        let url = app.url(&format!("/api/v1/cases/{case_id}"));
        async move {
            let file: serde_json::Value = http
                .get(url)
                .bearer_auth(&smw)
                .header("cookie", format!("schakel_lang={lang}"))
                .send()
                .await
                .expect("case")
                .json()
                .await
                .expect("json");
            file["events"]
                .as_array()
                .and_then(|events| {
                    events
                        .iter()
                        .find(|e| {
                            e["params"]
                                .as_str()
                                .is_some_and(|p| p.contains("huisbezoek"))
                        })
                        .cloned()
                })
                .expect("the new contact on the timeline")
        }
    };
    let en = entry("en").await;
    assert_eq!(en["kind"], "contact");
    assert_eq!(en["text"], "Contact: home visit (45 min)");
    assert_eq!(en["summary"], "Contact: huisbezoek (45 min)");
    let params: serde_json::Value =
        serde_json::from_str(en["params"].as_str().unwrap_or_default()).expect("params are JSON");
    assert_eq!(params["event"], "contact");
    assert_eq!(params["minutes"], 45);
    let nl = entry("nl").await;
    assert_eq!(nl["text"], "Contact: huisbezoek (45 min)");
    // An entry stored before events had parameters keeps its sentence, in either language.
    let old = {
        let file: serde_json::Value = http
            .get(app.url(&format!("/api/v1/cases/{case_id}")))
            .bearer_auth(&smw)
            .header("cookie", "schakel_lang=en")
            .send()
            .await
            .expect("case")
            .json()
            .await
            .expect("json");
        file["events"]
            .as_array()
            .and_then(|events| events.iter().find(|e| e["params"] == "").cloned())
    };
    if let Some(old) = old {
        assert_eq!(old["text"], old["summary"]);
    }
    app.shutdown().await;
}
on_both_backends!(the_timeline_speaks_the_readers_language);
