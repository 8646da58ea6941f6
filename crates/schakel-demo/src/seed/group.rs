//! Group work in the demo (issue 13): a parent discussion group at SBO De Brug (four evenings, five couples, a
//! theme each evening, two held and two to come), a resilience training for a group 7 of a kind Welzijn Waterweide
//! added to the default kinds, a class workshop on sexting at a secondary school, and a theme
//! meeting for parents whose poll on statements is finished (n ≈ 80–100, like the theme day of source 003f), and a
//! parenting course for divorcing parents in Havenstad (source 001).
//!
//! Written through the store with the domain's rules (the kinds, the session checks, the poll code and the
//! statements), as the use cases do; dates are relative to `today`. Everything is invented.

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use schakel_domain::casework::{Taxonomy, seeded_terms};
use schakel_domain::group::{self as rules, GroupActivityKind};
use schakel_store::{Assignment, NewGroupActivity, NewGroupSession, SessionRecord, Store, WriteTx};

/// One session of a demo activity: days from today, times, theme, and (when held) parents, children, the
/// evaluation, preparation and session minutes.
struct Evening {
    days: i64,
    times: (&'static str, &'static str),
    theme: &'static str,
    held: Option<(i64, i64, &'static str, i64, i64)>,
}

struct Activity {
    /// The kind's code: a default kind's, or one the organisation added (`WEERBAARHEID`).
    kind: String,
    title: &'static str,
    description: &'static str,
    partners: &'static str,
    place: &'static str,
    materials: &'static str,
    sessions: Vec<Evening>,
}

const PARENT_GROUP: &[(&str, Option<(i64, &str)>)] = &[
    (
        "Kennismaken: wat speelt er thuis?",
        Some((
            10,
            "Vijf ouderparen, open sfeer; twee ouders herkenden veel in elkaars verhaal over slapen.",
        )),
    ),
    (
        "Grenzen stellen zonder ruzie",
        Some((
            9,
            "Eén vader ziek. Rollenspel werkte goed; volgende keer meer tijd voor vragen.",
        )),
    ),
    ("Omgaan met boosheid en driftbuien", None),
    ("Wat neem je mee? Afsluiting en vervolg", None),
];

/// The statements of the theme meeting's poll with the answers per score 1–5 (phones) and on paper.
const STATEMENTS: &[(&str, [i64; 5], [i64; 5])] = &[
    (
        "Preventie is vroegsignalering",
        [3, 8, 14, 38, 29],
        [0, 1, 0, 2, 1],
    ),
    (
        "Ouders weten de weg naar hulp in de wijk",
        [9, 24, 27, 21, 8],
        [1, 1, 1, 1, 0],
    ),
    (
        "De school is een goede plek om problemen vroeg te zien",
        [1, 4, 10, 41, 36],
        [0, 0, 1, 2, 2],
    ),
    (
        "Ik praat met andere ouders over opvoeden",
        [6, 15, 22, 30, 12],
        [0, 0, 0, 0, 0],
    ),
];

fn find<'a>(
    assignments: &'a [Assignment],
    organisation: i64,
    name: &str,
) -> Option<&'a Assignment> {
    assignments
        .iter()
        .find(|a| a.organisation_id == organisation && a.school_name.contains(name))
}

async fn write_activity(
    tx: &mut WriteTx,
    a: &Activity,
    at: &Assignment,
    created_by: Option<i64>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    let id = tx
        .insert_group_activity(
            &NewGroupActivity {
                organisation_id: at.organisation_id,
                kind: a.kind.clone(),
                title: a.title.to_string(),
                description: a.description.to_string(),
                partner_organisers: a.partners.to_string(),
                school_ids: vec![at.school_id],
                organiser_ids: vec![at.worker_id],
                created_by,
            },
            now,
        )
        .await?;
    let mut sessions = Vec::new();
    for e in &a.sessions {
        rules::session_times(e.times.0, e.times.1).map_err(|p| anyhow!("{}", p.2))?;
        let held_on = today + Duration::days(e.days);
        let session = tx
            .insert_group_session(
                &NewGroupSession {
                    activity_id: id,
                    school_id: at.school_id,
                    held_on: held_on.to_string(),
                    starts_at: e.times.0.to_string(),
                    ends_at: e.times.1.to_string(),
                    place: a.place.to_string(),
                    theme: e.theme.to_string(),
                    materials: a.materials.to_string(),
                },
                now,
            )
            .await?;
        if let Some((parents, children, evaluation, preparation, minutes)) = e.held {
            rules::attendance(parents, children).map_err(|p| anyhow!("{}", p.2))?;
            rules::booked_minutes(preparation, minutes).map_err(|p| anyhow!("{}", p.2))?;
            tx.record_group_session(
                session,
                &SessionRecord {
                    parents,
                    children,
                    evaluation: evaluation.to_string(),
                    preparation_minutes: preparation,
                    session_minutes: minutes,
                    organisation_id: at.organisation_id,
                    worker_id: Some(at.worker_id),
                    recorded_by: created_by,
                },
                now,
            )
            .await?;
        }
        sessions.push(session);
    }
    Ok(sessions)
}

/// The finished poll of the theme meeting: opened at the start, closed at the end, answers from phones
/// (invented device hashes) and some on paper.
async fn write_poll(
    tx: &mut WriteTx,
    session: i64,
    opened: DateTime<Utc>,
    created_by: Option<i64>,
) -> Result<()> {
    let statements: Vec<String> = STATEMENTS.iter().map(|s| s.0.to_string()).collect();
    let checked = rules::statements(&statements.join("\n")).map_err(|p| anyhow!("{}", p.2))?;
    let poll = tx
        .insert_poll(
            session,
            "Stellingen themabijeenkomst",
            &checked,
            created_by,
            opened,
        )
        .await?;
    let code = rules::poll_code(&[7, 19, 3, 11, 23, 5]);
    tx.open_poll(poll, &code, opened).await?;
    let ids: Vec<i64> = {
        let mut ids = Vec::new();
        for position in 1..=i64::try_from(STATEMENTS.len())? {
            ids.push(tx.poll_statement_id(poll, position).await?);
        }
        ids
    };
    for (statement, (_, online, paper)) in ids.iter().zip(STATEMENTS) {
        let mut device = 0;
        for (score, n) in (1_i64..).zip(online) {
            for _ in 0..*n {
                device += 1;
                let at = opened + Duration::seconds(device * 7);
                tx.answer_poll(*statement, &format!("demo-device-{device:03}"), score, at)
                    .await?;
            }
        }
        tx.set_paper_counts(*statement, paper).await?;
    }
    tx.close_poll(poll, opened + Duration::hours(2)).await?;
    Ok(())
}

/// Four evenings at SBO De Brug, a theme each, the first two held (five couples).
fn parent_group() -> Activity {
    Activity {
        kind: GroupActivityKind::ParentGroup.code().to_string(),
        title: "Oudergespreksgroep SBO De Brug",
        description: "Vier avonden voor ouders van leerlingen van De Brug: ervaringen delen, een thema per avond.",
        partners: "Marloes Verhoef (CJG Waterweide)",
        place: "Ouderkamer SBO De Brug",
        materials: "Koffie en thee, flip-over, hand-out van het thema",
        sessions: PARENT_GROUP
            .iter()
            .zip([-28_i64, -14, 7, 21])
            .map(|((theme, held), days)| Evening {
                days,
                times: ("19:30", "21:30"),
                theme,
                held: held.map(|(parents, evaluation)| (parents, 0, evaluation, 60, 120)),
            })
            .collect(),
    }
}

/// A class workshop on sexting at a secondary school.
fn sexting_workshop() -> Activity {
    Activity {
        kind: GroupActivityKind::ClassWorkshop.code().to_string(),
        title: "Workshop sexting, klas 2",
        description: "Wat mag je delen, wat doe je als een foto rondgaat, waar vind je hulp?",
        partners: "Wijkagent R. Smit",
        place: "Lokaal 2.14",
        materials: "Filmpje, stellingenkaarten",
        sessions: vec![
            Evening {
                days: -10,
                times: ("10:15", "11:45"),
                theme: "Sexting: grenzen en hulp",
                held: Some((
                    0,
                    27,
                    "Klas deed goed mee; mentor vraagt een vervolg voor klas 3.",
                    45,
                    90,
                )),
            },
            Evening {
                days: 12,
                times: ("10:15", "11:45"),
                theme: "Sexting: grenzen en hulp (2B)",
                held: None,
            },
        ],
    }
}

/// A theme meeting for parents; its poll is written by `write_poll`.
fn theme_meeting() -> Activity {
    Activity {
        kind: GroupActivityKind::ThemeMeeting.code().to_string(),
        title: "Themabijeenkomst: preventie werkt",
        description: "Middag voor ouders over vroeg signaleren en de weg naar hulp, met stellingen.",
        partners: "",
        place: "Aula",
        materials: "Stellingen op het scherm, papieren antwoordformulieren",
        sessions: vec![Evening {
            days: -20,
            times: ("13:30", "16:00"),
            theme: "Preventie en vroegsignalering",
            held: Some((
                96,
                0,
                "Veel reacties; ouders vroegen om een vervolg over de wijk.",
                120,
                150,
            )),
        }],
    }
}

/// Havenstad (source 001): a parenting course for divorcing parents, with the CJG.
fn divorce_course() -> Activity {
    Activity {
        kind: GroupActivityKind::ParentingCourse.code().to_string(),
        title: "Opvoedcursus 'Ouders blijven ouders' (scheiding)",
        description: "Vijf bijeenkomsten voor gescheiden ouders: het kind centraal, communiceren zonder ruzie.",
        partners: "Gezinscoach CJG Havenstad",
        place: "Buurthuis De Kaap",
        materials: "Werkboek 'Ouders blijven ouders'",
        sessions: [
            ("Wat doet een scheiding met je kind?", -35, Some(7)),
            ("Praten met de andere ouder", -21, Some(6)),
            ("Loyaliteit en twee huizen", -7, Some(6)),
            ("Nieuwe partners, nieuwe gezinnen", 7, None),
            ("Terugblik en vervolg", 21, None),
        ]
        .into_iter()
        .map(|(theme, days, parents)| Evening {
            days,
            times: ("19:00", "21:00"),
            theme,
            held: parents.map(|p| {
                (
                    p,
                    0,
                    "Goede opkomst; één ouder vraagt een individueel gesprek.",
                    45,
                    120,
                )
            }),
        })
        .collect(),
    }
}

/// The kind Welzijn Waterweide added to the defaults (issue 13, ADR 019 addendum): Dutch and English name.
const WEERBAARHEID: (&str, &str) = ("Weerbaarheidstraining", "Resilience training");

/// The organisation's own kinds: the defaults (as the admin's first visit keeps them) and `WEERBAARHEID`, named
/// by the domain's rule; returns the added kind's code.
async fn own_kinds(tx: &mut WriteTx, organisation_id: i64) -> Result<String> {
    let taxonomy = Taxonomy::GroupActivityKinds;
    let defaults = seeded_terms(taxonomy);
    tx.seed_taxonomy(organisation_id, taxonomy.as_str(), &defaults)
        .await?;
    let (code, label, label_en) =
        rules::parse_kind(WEERBAARHEID.0, WEERBAARHEID.1).map_err(|e| anyhow!("{e:?}"))?;
    tx.add_taxonomy_term(
        organisation_id,
        taxonomy.as_str(),
        &code,
        &label,
        &label_en,
        true,
    )
    .await?;
    Ok(code)
}

/// Six weekly sessions for a group 7 at a primary school, of the organisation's own kind; two held.
fn resilience_training(kind: String) -> Activity {
    let themes = [
        "Wie ben ik? Stevig staan",
        "Grenzen voelen en aangeven",
        "Nee zeggen en ja zeggen",
        "Samenwerken en vertrouwen",
        "Omgaan met plagen en pesten",
        "Laten zien wat je geleerd hebt, met ouders",
    ];
    Activity {
        kind,
        title: "Weerbaarheidstraining groep 7",
        description: "Zes lessen in de gymzaal: lichaamstaal, grenzen aangeven, omgaan met plagen.",
        partners: "Vakleerkracht gym M. de Wit",
        place: "Gymzaal",
        materials: "Matten, kaartjes met situaties",
        sessions: (0_i64..)
            .zip(themes)
            .map(|(week, theme)| Evening {
                days: -14 + 7 * week,
                times: ("13:15", "14:30"),
                theme,
                held: (week < 2).then_some((
                    0,
                    24 - week,
                    "Groep deed goed mee; twee kinderen vonden de oefening met grenzen spannend.",
                    30,
                    75,
                )),
            })
            .collect(),
    }
}

/// Adds the demo's group work to a database where `load_world(demo_world())` has run; one transaction.
pub async fn seed_group_work(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let welzijn = store
        .list_organisations()
        .await?
        .into_iter()
        .find(|o| o.name == "Welzijn Waterweide")
        .map(|o| o.id)
        .ok_or_else(|| anyhow!("the demo world has no Welzijn Waterweide"))?;
    let lead = store.user_by_username("teamleider").await?.map(|u| u.id);
    let assignments: Vec<Assignment> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .collect();
    let brug = find(&assignments, welzijn, "De Brug")
        .ok_or_else(|| anyhow!("no assignment of Welzijn Waterweide at SBO De Brug"))?;
    let college = find(&assignments, welzijn, "College")
        .or_else(|| {
            assignments
                .iter()
                .find(|a| a.organisation_id == welzijn && a.school_name.contains("Mavo"))
        })
        .ok_or_else(|| anyhow!("no assignment of Welzijn Waterweide at a secondary school"))?;
    let smw_user = store.user_by_username("smw").await?;
    let smw_worker = match &smw_user {
        Some(u) => store.worker_of_user(u.id).await?,
        None => None,
    };
    let main_school = store
        .user_by_username("school")
        .await?
        .and_then(|u| u.school_id);
    let theme_at = match (smw_worker, main_school) {
        (Some(w), Some(school)) => assignments
            .iter()
            .find(|a| a.worker_id == w.id && a.school_id == school)
            .unwrap_or(brug),
        _ => brug,
    };

    // Havenstad (source 001): a parenting course for divorcing parents, by the worker with the mandate and the CJG.
    let havenstad = store
        .list_organisations()
        .await?
        .into_iter()
        .find(|o| o.name == "Jeugd & Gezin Havenstad")
        .map(|o| o.id);
    let hvs_worker = match store.user_by_username("smw-havenstad").await? {
        Some(u) => store.worker_of_user(u.id).await?,
        None => None,
    };
    let hvs_at = assignments.iter().find(|a| {
        Some(a.organisation_id) == havenstad
            && hvs_worker.as_ref().is_some_and(|w| w.id == a.worker_id)
    });
    let hvs_lead = store
        .user_by_username("teamleider-havenstad")
        .await?
        .map(|u| u.id);

    let mut tx = store.begin().await?;
    if let Some(at) = hvs_at {
        write_activity(&mut tx, &divorce_course(), at, hvs_lead, today, now).await?;
    }
    write_activity(&mut tx, &parent_group(), brug, lead, today, now).await?;
    let weerbaarheid = own_kinds(&mut tx, welzijn).await?;
    write_activity(
        &mut tx,
        &resilience_training(weerbaarheid),
        theme_at,
        lead,
        today,
        now,
    )
    .await?;
    write_activity(&mut tx, &sexting_workshop(), college, lead, today, now).await?;
    let sessions = write_activity(&mut tx, &theme_meeting(), theme_at, lead, today, now).await?;
    if let Some(session) = sessions.first() {
        let opened = (today - Duration::days(20))
            .and_hms_opt(12, 45, 0)
            .map(|t| t.and_utc())
            .unwrap_or(now);
        write_poll(&mut tx, *session, opened, lead).await?;
    }
    tx.commit().await?;
    Ok("group work (a parent group at SBO De Brug, a resilience training of Welzijn Waterweide's own kind, a sexting workshop, a theme meeting with a finished poll, a parenting course in Havenstad)".into())
}
