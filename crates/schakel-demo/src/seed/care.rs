//! Care meetings in the demo (issue 13, item 3): ZAT meetings through the school year at two Waterweide schools —
//! at the demo school contact's school one held with three pupils discussed (one by name, with the parents'
//! consent to share with the school; two anonymously, one of them because the parents did not consent) and two
//! actions, the rest planned; at SBO De Brug two held and four planned — and pre-school group reviews at
//! Havenstad locations (six a year per group, the past ones held with the children counted, the rest planned).
//!
//! Written through the store with the domain's rules, as the use cases do: the series dates come from
//! `care_meeting::series_dates`, and the named pupil is named only after `consent::check` says consent to share
//! with the school holds. Dates are relative to `today`. Everything is invented.

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use schakel_domain::care_meeting::{self as rules, CareMeetingKind};
use schakel_domain::consent::{self, Party, Purpose};
use schakel_store::{Assignment, CaseFilter, MeetingRecord, NewCareMeeting, Store, WriteTx};

/// A series of meetings at one school; those before today are held with these minutes (and children counted).
struct Series<'a> {
    at: &'a Assignment,
    kind: CareMeetingKind,
    group_name: &'a str,
    first: NaiveDate,
    count: u32,
    every_weeks: u32,
    times: (&'a str, &'a str),
    agenda: &'a str,
    outside: &'a str,
    minutes: &'a str,
    children: i64,
    follow_up: &'a str,
}

async fn write_series(
    tx: &mut WriteTx,
    s: &Series<'_>,
    participants: &[i64],
    created_by: Option<i64>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, NaiveDate)>> {
    let dates =
        rules::series_dates(s.first, s.count, s.every_weeks).map_err(|p| anyhow!("{}", p.2))?;
    schakel_domain::group::session_times(s.times.0, s.times.1).map_err(|p| anyhow!("{}", p.2))?;
    rules::children_discussed(s.children).map_err(|p| anyhow!("{}", p.2))?;
    let mut out = Vec::new();
    for day in dates {
        let id = tx
            .insert_care_meeting(
                &NewCareMeeting {
                    organisation_id: s.at.organisation_id,
                    school_id: s.at.school_id,
                    kind: s.kind.code().to_string(),
                    group_name: s.group_name.to_string(),
                    held_on: day.to_string(),
                    starts_at: s.times.0.to_string(),
                    ends_at: s.times.1.to_string(),
                    agenda: s.agenda.to_string(),
                    outside_participants: s.outside.to_string(),
                    participant_ids: participants.to_vec(),
                    created_by,
                },
                now,
            )
            .await?;
        if day < today {
            tx.record_care_meeting(
                id,
                &MeetingRecord {
                    minutes: s.minutes.to_string(),
                    children_discussed: s.children,
                    follow_up: s.follow_up.to_string(),
                },
                now,
            )
            .await?;
        }
        out.push((id, day));
    }
    Ok(out)
}

/// An open case of the worker at the school whose file allows sharing with the school — after recording the
/// consent of the parties the child's age requires, as a worker would at the intake.
async fn case_to_name(
    store: &Store,
    tx: &mut WriteTx,
    worker_id: i64,
    school_id: i64,
    recorded_by: Option<i64>,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Option<i64>> {
    let cases = store
        .list_cases(&CaseFilter {
            worker_id: Some(worker_id),
            open_only: true,
            limit: 500,
            ..Default::default()
        })
        .await?;
    let purpose = Purpose::Share {
        recipient: rules::SHARE_RECIPIENT.to_string(),
    };
    for case in cases.iter().filter(|c| c.school_id == Some(school_id)) {
        let file = store.case_file(case.id).await?;
        let Ok(birth) = file.child.date_of_birth.parse::<NaiveDate>() else {
            continue;
        };
        let (guardians, _) = file.consent_view();
        let parties =
            consent::required_parties(consent::age_on(birth, today), &purpose, &guardians);
        if parties.is_empty() {
            continue;
        }
        let given_on = (today - Duration::days(40)).to_string();
        let mut records = Vec::new();
        for party in &parties {
            let (kind, guardian) = match party {
                Party::Child => ("child", None),
                Party::Guardian(g) => ("guardian", Some(*g)),
            };
            let id = tx
                .insert_consent(
                    case.id,
                    kind,
                    guardian,
                    "share",
                    rules::SHARE_RECIPIENT,
                    "Bespreking in het ZAT: hulpvraag en afspraken",
                    &given_on,
                    None,
                    "",
                    recorded_by,
                    now,
                )
                .await?;
            records.push(consent::ConsentRecord {
                id,
                party: *party,
                purpose: purpose.clone(),
                given_on: today - Duration::days(40),
                valid_until: None,
                withdrawn_on: None,
            });
        }
        if consent::check(birth, today, &purpose, &guardians, &records).is_ok() {
            return Ok(Some(case.id));
        }
    }
    Ok(None)
}

/// Adds the demo's care meetings and group reviews to a database where the world and the casework are loaded.
pub async fn seed_care_meetings(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let organisations = store.list_organisations().await?;
    let org = |name: &str| organisations.iter().find(|o| o.name == name).map(|o| o.id);
    let welzijn = org("Welzijn Waterweide").ok_or_else(|| anyhow!("no Welzijn Waterweide"))?;
    let havenstad = org("Jeugd & Gezin Havenstad");
    let user = |name: &'static str| async move {
        Ok::<_, anyhow::Error>(store.user_by_username(name).await?.map(|u| u.id))
    };
    let (smw, lead) = (user("smw").await?, user("teamleider").await?);
    let smw_worker = match smw {
        Some(u) => store.worker_of_user(u).await?,
        None => None,
    }
    .ok_or_else(|| anyhow!("no demo worker"))?;
    let main_school = store
        .user_by_username("school")
        .await?
        .and_then(|u| u.school_id)
        .ok_or_else(|| anyhow!("no demo school contact"))?;
    let assignments: Vec<Assignment> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .collect();
    let zat_at = assignments
        .iter()
        .find(|a| a.worker_id == smw_worker.id && a.school_id == main_school)
        .ok_or_else(|| anyhow!("the demo worker has no assignment at the demo school"))?;
    let brug = assignments
        .iter()
        .find(|a| a.organisation_id == welzijn && a.school_name.contains("De Brug"))
        .ok_or_else(|| anyhow!("no assignment at SBO De Brug"))?;
    let staff: Vec<i64> = [smw, lead].into_iter().flatten().collect();

    let mut tx = store.begin().await?;
    let zat = Series {
        at: zat_at,
        kind: CareMeetingKind::Zat,
        group_name: "",
        first: today - Duration::days(14),
        count: 6,
        every_weeks: 6,
        times: ("13:15", "14:45"),
        agenda: "1. Opening en actiepunten vorige keer\n2. Leerlingbesprekingen\n3. Rondvraag",
        outside: "Intern begeleider, jeugdarts GGD, leerplichtambtenaar",
        minutes: "Drie leerlingen besproken. Afspraken: zie acties. Volgende keer terugkoppeling huisbezoek.",
        children: 0,
        follow_up: "",
    };
    let meetings = write_series(&mut tx, &zat, &staff, lead, today, now).await?;
    if let Some((held, _)) = meetings.first() {
        let named =
            case_to_name(store, &mut tx, smw_worker.id, main_school, smw, today, now).await?;
        if let Some(case_id) = named {
            tx.insert_meeting_pupil(
                *held,
                Some(case_id),
                "Verzuim en zorgen over thuis; afstemming met leerplicht",
                "consent",
                smw,
                now,
            )
            .await?;
        }
        tx.insert_meeting_pupil(
            *held,
            None,
            "Leerling groep 5, vraag over concentratie en onrust in de klas",
            "",
            smw,
            now,
        )
        .await?;
        tx.insert_meeting_pupil(
            *held,
            None,
            "Leerling groep 7 (ouders geven geen toestemming voor bespreking met naam), vraag over pesten",
            "",
            smw,
            now,
        )
        .await?;
        if let Some(owner) = smw {
            tx.insert_meeting_action(
                *held,
                "Huisbezoek plannen met ouders",
                owner,
                &(today + Duration::days(7)).to_string(),
                smw,
                now,
            )
            .await?;
        }
        if let Some(owner) = lead {
            tx.insert_meeting_action(
                *held,
                "Leerplicht en jeugdarts uitnodigen voor volgend ZAT",
                owner,
                &(today + Duration::days(21)).to_string(),
                smw,
                now,
            )
            .await?;
        }
    }
    let brug_series = Series {
        at: brug,
        kind: CareMeetingKind::Zat,
        first: today - Duration::days(56),
        agenda: "Leerlingbesprekingen, aanmeldingen, evaluatie arrangementen",
        outside: "Intern begeleider, orthopedagoog, schoolmaatschappelijk werk, jeugdarts",
        minutes: "Twee leerlingen anoniem besproken; advies aan de leerkracht gegeven.",
        ..zat
    };
    for (id, _) in write_series(&mut tx, &brug_series, &staff, lead, today, now)
        .await?
        .into_iter()
        .filter(|(_, day)| *day < today)
    {
        tx.insert_meeting_pupil(
            id,
            None,
            "Leerling bovenbouw, vraag over gedrag na de pauze",
            "",
            smw,
            now,
        )
        .await?;
        tx.insert_meeting_pupil(
            id,
            None,
            "Leerling middenbouw, vraag over taalontwikkeling",
            "",
            smw,
            now,
        )
        .await?;
    }

    let reviews = group_reviews(store, &mut tx, havenstad, &assignments, today, now).await?;
    tx.commit().await?;
    Ok(format!(
        "care meetings (ZAT at two Waterweide schools through the school year, one with three pupils discussed and \
         two actions; {reviews} pre-school group reviews in Havenstad)"
    ))
}

/// Havenstad pre-school (source 003e): at two locations each group reviewed with the staff six times a year; the
/// past reviews held with the children counted, the rest planned. Returns how many were written.
async fn group_reviews(
    store: &Store,
    tx: &mut WriteTx,
    havenstad: Option<i64>,
    assignments: &[Assignment],
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<usize> {
    let Some(havenstad) = havenstad else {
        return Ok(0);
    };
    let mut reviews = 0;
    // Havenstad pre-school (source 003e): each group reviewed with the staff six times a year.
    let hvs_lead = store
        .user_by_username("teamleider-havenstad")
        .await?
        .map(|u| u.id);
    let mut locations = Vec::new();
    for a in assignments
        .iter()
        .filter(|a| a.organisation_id == havenstad)
    {
        if store
            .school(a.school_id)
            .await?
            .school_type
            .eq_ignore_ascii_case("voorschool")
        {
            locations.push(a);
        }
        if locations.len() == 2 {
            break;
        }
    }
    for (n, at) in locations.into_iter().enumerate() {
        let worker_user = store
            .list_workers(Some(havenstad))
            .await?
            .into_iter()
            .find(|w| w.id == at.worker_id)
            .and_then(|w| w.user_id);
        let participants: Vec<i64> = worker_user.into_iter().collect();
        for (group, children) in [
            ("Peutergroep De Vlinders", 15),
            ("Peutergroep De Egeltjes", 14),
        ] {
            let series = Series {
                at,
                kind: CareMeetingKind::GroupReview,
                group_name: group,
                first: today - Duration::days(63 + 7 * i64::try_from(n)?),
                count: 6,
                every_weeks: 6,
                times: ("09:00", "09:45"),
                agenda: "Alle kinderen van de groep met de pedagogisch medewerkers",
                outside: "Pedagogisch medewerkers van de groep, intern begeleider voorschool",
                minutes: "Alle kinderen besproken; twee kinderen extra volgen.",
                children,
                follow_up: "Met één ouder mee naar een intake bij de logopedie; twee kinderen over zes weken opnieuw.",
            };
            reviews += write_series(tx, &series, &participants, hvs_lead, today, now)
                .await?
                .len();
        }
    }
    Ok(reviews)
}
