//! The demo's social map: activities and funds around Waterweide, Havenstad and Lindeloo, placed around
//! the schools that are already in the database, so Kind in Kaart has something real to find.

use anyhow::Result;
use chrono::{DateTime, Duration, Months, NaiveDate, Utc};
use schakel_domain::kind_in_kaart::home::Pc4;
use schakel_store::{
    ActivityRow, Case, CaseFilter, FundRow, NewActivity, NewFund, NewProfile, SchoolFilter, Store,
    WriteTx,
};

/// (name, provider, category, interests, min, max, sessions, euros per season, accessible, languages, km east, km north)
type Spec = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    i64,
    i64,
    &'static str,
    i64,
    bool,
    &'static str,
    f64,
    f64,
);

const WATERWEIDE: &[Spec] = &[
    (
        "Basketbal jeugd U12",
        "Basketbalvereniging Waterweide Wolves",
        "sport",
        "basketbal, sport, bal",
        8,
        13,
        "wo 15:30-17:00; za 10:00-11:30",
        180,
        true,
        "nl, en",
        1.6,
        1.2,
    ),
    (
        "Voetbal E-pupillen",
        "VV Polderboys",
        "sport",
        "voetbal, sport, bal",
        8,
        11,
        "di 17:00-18:15; za 09:00-10:30",
        210,
        true,
        "nl",
        0.8,
        -0.5,
    ),
    (
        "Judo voor kinderen",
        "Sportschool Kracht & Balans",
        "sport",
        "judo, vechtsport, sport",
        6,
        14,
        "ma 16:00-17:00; do 16:00-17:00",
        240,
        false,
        "nl, tr",
        -1.1,
        0.4,
    ),
    (
        "Zwemles en snorkelen",
        "Zwembad De Watergeus",
        "sport",
        "zwemmen, water, sport",
        5,
        14,
        "vr 15:30-16:30",
        195,
        true,
        "nl",
        2.4,
        -1.8,
    ),
    (
        "Streetdance",
        "Dansstudio Move",
        "muziek_kunst_cultuur",
        "dansen, muziek, hiphop",
        9,
        16,
        "wo 16:00-17:00",
        150,
        true,
        "nl, en",
        -0.4,
        -0.9,
    ),
    (
        "Tekenen en schilderen",
        "Kunstkwartier Waterweide",
        "muziek_kunst_cultuur",
        "tekenen, schilderen, knutselen, kunst",
        7,
        13,
        "wo 14:00-15:30",
        120,
        true,
        "nl",
        0.3,
        0.7,
    ),
    (
        "Gitaarles in de groep",
        "Muziekschool Waterweide",
        "muziek_kunst_cultuur",
        "gitaar, muziek, zingen",
        8,
        18,
        "do 16:30-17:30",
        260,
        true,
        "nl, ar",
        1.0,
        2.0,
    ),
    (
        "Welpen",
        "Scouting Dolfijn Waterweide",
        "scouting_buiten",
        "scouting, buiten, natuur, kamperen",
        7,
        11,
        "za 10:00-12:00",
        95,
        false,
        "nl",
        -2.0,
        1.5,
    ),
    (
        "Natuurclub De Slootjesspeurders",
        "IVN Waterweide",
        "scouting_buiten",
        "dieren, natuur, buiten",
        6,
        12,
        "za 13:00-15:00",
        25,
        true,
        "nl",
        3.1,
        0.2,
    ),
    (
        "Huiswerkklas",
        "Buurthuis De Schakel",
        "huiswerkbegeleiding",
        "huiswerk, lezen, rekenen",
        9,
        15,
        "ma 15:00-17:00; wo 15:00-17:00",
        0,
        true,
        "nl, ar, tr",
        0.2,
        -0.3,
    ),
    (
        "Kinderclub",
        "Buurthuis De Schakel",
        "buurt_geloof",
        "spelletjes, koken, knutselen",
        6,
        12,
        "vr 15:00-17:00",
        10,
        true,
        "nl, ar, tr",
        0.2,
        -0.3,
    ),
    (
        "Meidenclub",
        "Jongerenwerk Waterweide",
        "jongerenwerk",
        "praten, koken, dansen",
        10,
        16,
        "do 15:30-17:30",
        0,
        true,
        "nl, ar",
        -0.7,
        1.1,
    ),
    (
        "Kinderen uit de Knel (ouders)",
        "CJG Waterweide",
        "opvoedcursus",
        "scheiding, opvoeding",
        4,
        18,
        "di 19:30-21:30",
        0,
        true,
        "nl",
        0.5,
        0.1,
    ),
    (
        "Schaakclub jeugd",
        "Schaakclub De Zwarte Loper",
        "buurt_geloof",
        "schaken, denken, spelletjes",
        7,
        18,
        "vr 18:30-20:00",
        60,
        true,
        "nl",
        1.9,
        -0.6,
    ),
];

const HAVENSTAD: &[Spec] = &[
    (
        "Basketbal jeugd",
        "Basketbalclub Havenstad Harbour Hawks",
        "sport",
        "basketbal, sport, bal",
        9,
        16,
        "wo 16:00-17:30; za 11:00-12:30",
        180,
        true,
        "nl, en",
        1.4,
        1.4,
    ),
    (
        "Boksen voor jongeren",
        "Boxing Club Noord",
        "sport",
        "boksen, vechtsport, sport",
        10,
        18,
        "di 18:00-19:00; do 18:00-19:00",
        220,
        false,
        "nl, ar",
        -1.0,
        0.6,
    ),
    (
        "Hiphop en rap",
        "Jongerencentrum De Kade",
        "muziek_kunst_cultuur",
        "rap, muziek, dansen",
        11,
        18,
        "vr 16:00-18:00",
        0,
        true,
        "nl, ar, tr",
        0.4,
        -0.8,
    ),
    (
        "Zeeverkenners",
        "Scouting Havenstad",
        "scouting_buiten",
        "scouting, water, buiten",
        10,
        14,
        "za 13:00-16:00",
        110,
        false,
        "nl",
        2.8,
        -1.2,
    ),
    (
        "Huiswerkbegeleiding",
        "Stichting Leerkracht",
        "huiswerkbegeleiding",
        "huiswerk, rekenen, lezen",
        8,
        16,
        "di 15:30-17:00; do 15:30-17:00",
        0,
        true,
        "nl, ar, ti",
        -0.3,
        0.3,
    ),
    (
        "Voetbal meiden",
        "SV Havenstad",
        "sport",
        "voetbal, sport",
        8,
        14,
        "wo 17:00-18:15",
        190,
        true,
        "nl",
        1.1,
        -1.6,
    ),
];

/// Adds activities and funds; returns a summary line.
pub async fn seed_social_map(store: &Store, now: DateTime<Utc>) -> Result<String> {
    let mut tx = store.begin().await?;
    let mut n = 0;
    for (code, specs) in [("GM9901", WATERWEIDE), ("GM9902", HAVENSTAD)] {
        let Ok(m) = store.municipality_by_code(code).await else {
            continue;
        };
        // Place the activities around the municipality's first primary school.
        let (schools, _) = store
            .list_schools(&SchoolFilter {
                municipality_id: Some(m.id),
                school_type: Some("PO".into()),
                limit: 1,
                ..Default::default()
            })
            .await?;
        let Some((lat0, lon0)) = schools.first().and_then(|s| s.latitude.zip(s.longitude)) else {
            continue;
        };
        let km_lat = 1.0 / 111.32;
        let km_lon = 1.0 / (111.32 * lat0.to_radians().cos());
        for (
            name,
            provider,
            category,
            interests,
            min,
            max,
            sessions,
            euros,
            accessible,
            languages,
            east,
            north,
        ) in specs
        {
            tx.insert_activity(
                &NewActivity {
                    municipality_id: Some(m.id),
                    provider_name: provider.to_string(),
                    name: name.to_string(),
                    category: category.to_string(),
                    description: String::new(),
                    interests: interests.to_string(),
                    street_address: String::new(),
                    postcode: String::new(),
                    city: m.name.replace("Gemeente ", ""),
                    latitude: lat0 + north * km_lat,
                    longitude: lon0 + east * km_lon,
                    min_age: *min,
                    max_age: *max,
                    sessions: sessions.to_string(),
                    cost_per_season_cents: euros * 100,
                    accessible: *accessible,
                    languages: languages.to_string(),
                    capacity_left: Some(6),
                    contact: format!(
                        "info@{}.example",
                        provider
                            .to_lowercase()
                            .split_whitespace()
                            .next()
                            .unwrap_or("club")
                    ),
                },
                now,
            )
            .await?;
            n += 1;
        }
    }
    let funds = [
        (
            "Jeugdfonds Sport & Cultuur",
            "Betaalt contributie of lesgeld aan de club; aanvraag door een intermediair zoals de schoolmaatschappelijk werker.",
            4,
            18,
            "",
            Some(120),
            30000,
            "sport,muziek_kunst_cultuur,scouting_buiten",
        ),
        (
            "Stichting Leergeld",
            "Helpt met spullen en activiteiten (sportkleding, fiets, schoolreis), nooit geld aan het gezin.",
            4,
            18,
            "",
            Some(120),
            15000,
            "sport,scouting_buiten,huiswerkbegeleiding,buurt_geloof",
        ),
        (
            "Kindpakket Waterweide",
            "Gemeentelijke regeling voor kinderen in Waterweide uit gezinnen met een laag inkomen.",
            4,
            17,
            "GM9901",
            Some(130),
            15000,
            "sport,muziek_kunst_cultuur,scouting_buiten,buurt_geloof",
        ),
    ];
    for (name, description, min, max, municipalities, income, max_cents, categories) in funds {
        tx.insert_fund(
            &NewFund {
                name: name.into(),
                description: description.into(),
                min_age: min,
                max_age: max,
                municipalities: municipalities.into(),
                income_criterion_percent: income,
                max_cents_per_year: max_cents,
                categories: categories.into(),
            },
            now,
        )
        .await?;
    }
    tx.commit().await?;
    Ok(format!(
        "{n} activities, {} funds in the social map",
        funds.len()
    ))
}

/// A child of the demo's Kind in Kaart: who, what they like, the activity chosen and how it went.
struct KikStory {
    /// The start of the child's name, or empty for any child of the caseload.
    child: &'static str,
    interests: &'static str,
    activity: &'static str,
    /// The Jeugdfonds pays (when the child's age fits the fund).
    with_fund: bool,
    /// Months since the start of the activity (0: not started yet).
    months: u32,
    /// Results of the checks after one and three months, once they have fallen due.
    check1: Option<&'static str>,
    check3: Option<&'static str>,
}

const KIK_STORIES: [KikStory; 6] = [
    KikStory {
        child: "Yusuf El Idrissi",
        interests: "basketbal, sport, tekenen",
        activity: "Basketbal jeugd U12",
        with_fund: true,
        months: 4,
        check1: Some("still_going"),
        check3: Some("still_going"),
    },
    KikStory {
        child: "",
        interests: "voetbal, buiten",
        activity: "Voetbal E-pupillen",
        with_fund: true,
        months: 5,
        check1: Some("still_going"),
        check3: Some("still_going"),
    },
    KikStory {
        child: "",
        interests: "dansen, muziek",
        activity: "Streetdance",
        with_fund: false,
        months: 4,
        check1: Some("still_going"),
        check3: Some("stopped"),
    },
    KikStory {
        child: "",
        interests: "tekenen, knutselen",
        activity: "Tekenen en schilderen",
        with_fund: false,
        months: 2,
        check1: Some("still_going"),
        check3: None,
    },
    KikStory {
        child: "",
        interests: "dieren, natuur",
        activity: "Natuurclub De Slootjesspeurders",
        with_fund: false,
        months: 0,
        check1: None,
        check3: None,
    },
    KikStory {
        child: "",
        interests: "huiswerk, lezen",
        activity: "Huiswerkklas",
        with_fund: false,
        months: 6,
        check1: Some("still_going"),
        check3: Some("still_going"),
    },
];

/// Kind in Kaart in the demo: Yusuf's story (basketball, the fund pays, still playing at 3 months) and a
/// handful of other children of the `smw` caseload, so the figures mean something.
pub async fn seed_kind_in_kaart(
    store: &Store,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let Some(smw) = store.user_by_username("smw").await? else {
        return Ok(String::new());
    };
    let Some(worker) = store.worker_of_user(smw.id).await? else {
        return Ok(String::new());
    };
    let cases = store
        .list_cases(&CaseFilter {
            worker_id: Some(worker.id),
            open_only: true,
            limit: 100,
            ..Default::default()
        })
        .await?;
    let activities = store.activities(None).await?;
    let funds = store.funds().await?;
    let kik = Kik {
        today,
        now,
        smw: smw.id,
        worker: &worker.name,
        jeugdfonds: funds.iter().find(|f| f.name.starts_with("Jeugdfonds")),
    };
    let mut used = std::collections::HashSet::new();
    let mut tx = store.begin().await?;
    let mut n = 0;
    for story in &KIK_STORIES {
        let Some(activity) = activities.iter().find(|a| a.name == story.activity) else {
            continue;
        };
        let Some(case) = cases.iter().find(|c| {
            !used.contains(&c.id)
                && (story.child.is_empty() || c.child_name.starts_with(story.child))
                && in_range(age_of(c, today), activity.min_age, activity.max_age)
        }) else {
            continue;
        };
        used.insert(case.id);
        // The family lives near the school: the school's postcode, read by the profile's own rule (only its
        // four digits are kept, ADR 030).
        let postcode = match case.school_id {
            Some(id) => store.school(id).await?.postcode.unwrap_or_default(),
            None => String::new(),
        };
        let home_pc4 = Pc4::parse(&postcode)
            .map_err(|e| anyhow::anyhow!("demo postcode {postcode:?}: {}", e.message_en))?;
        kik.write(&mut tx, story, case, activity, home_pc4).await?;
        n += 1;
    }
    tx.commit().await?;
    Ok(format!("{n} children in Kind in Kaart"))
}

/// The matching's own age rule: a child is only linked to an activity (and a fund) for their age.
fn age_of(case: &Case, today: NaiveDate) -> Option<i64> {
    NaiveDate::parse_from_str(&case.date_of_birth, "%Y-%m-%d")
        .ok()
        .map(|born| i64::from(schakel_domain::consent::age_on(born, today)))
}

fn in_range(age: Option<i64>, min: i64, max: i64) -> bool {
    age.is_some_and(|a| min <= a && a <= max)
}

/// What every Kind in Kaart story of the demo shares: the day, the worker and the fund.
struct Kik<'a> {
    today: NaiveDate,
    now: DateTime<Utc>,
    /// The `smw` account, who records it all.
    smw: i64,
    /// The worker's name, who applies to the fund as intermediary.
    worker: &'a str,
    jeugdfonds: Option<&'a FundRow>,
}

impl Kik<'_> {
    /// One child's profile, plan (with the fund when it pays) and, once started, its checks.
    async fn write(
        &self,
        tx: &mut WriteTx,
        story: &KikStory,
        case: &Case,
        activity: &ActivityRow,
        home_pc4: Option<Pc4>,
    ) -> Result<()> {
        let today = self.today;
        // Dates in order: the profile follows the opening of the case, the start follows the profile.
        let opened = NaiveDate::parse_from_str(&case.opened_on, "%Y-%m-%d").unwrap_or(today);
        let start = today
            .checked_sub_months(Months::new(story.months))
            .unwrap_or(today)
            .max(opened + Duration::days(21))
            .min(today);
        let profiled = start - Duration::days(14);
        let profile = tx
            .insert_profile(&self.profile(story, case, home_pc4, profiled), self.now)
            .await?;
        let fund = self
            .jeugdfonds
            .filter(|f| story.with_fund && in_range(age_of(case, today), f.min_age, f.max_age));
        let cents = fund
            .map(|f| activity.cost_per_season_cents.min(f.max_cents_per_year))
            .unwrap_or(0);
        let plan = tx
            .insert_plan(
                profile,
                Some(case.id),
                activity.id,
                fund.map(|f| f.id),
                cents,
                &self.barriers(story, fund, profiled).join("\n"),
                Some(&(profiled + Duration::days(14)).to_string()),
                &profiled.to_string(),
                self.now,
            )
            .await?;
        tx.insert_event(
            case.id,
            Some(self.smw),
            "kind_in_kaart",
            &format!("Kind in Kaart ingevuld: {}", story.interests),
            "",
            self.now,
        )
        .await?;
        tx.insert_event(
            case.id,
            Some(self.smw),
            "kind_in_kaart",
            &format!(
                "Activiteit gekozen: {} ({})",
                activity.name, activity.provider_name
            ),
            "",
            self.now,
        )
        .await?;
        if story.months > 0 {
            self.start(tx, story, case.id, plan, start).await?;
        }
        Ok(())
    }

    fn profile(
        &self,
        story: &KikStory,
        case: &Case,
        home_pc4: Option<Pc4>,
        profiled: NaiveDate,
    ) -> NewProfile {
        NewProfile {
            child_id: case.child_id,
            case_id: Some(case.id),
            good_at: story.interests.split(", ").next().unwrap_or("").to_string(),
            likes: story.interests.to_string(),
            wants_to_learn: String::new(),
            interests: story.interests.to_string(),
            free_times: "wo 13:00-18:00; za 09:00-13:00".into(),
            who_brings: "moeder (zaterdag)".into(),
            can_travel_alone: story.child.is_empty(),
            transport: "cycling".into(),
            needs_accessible: false,
            languages: "nl".into(),
            income_percent: Some(110),
            home_pc4: home_pc4.map(Pc4::number),
            recorded_on: profiled.to_string(),
            recorded_by: Some(self.smw),
        }
    }

    /// What stands in the way and who solves it: the cost (the worker applies to the fund) and, for
    /// a named child, not going alone (a trial lesson together).
    fn barriers(
        &self,
        story: &KikStory,
        fund: Option<&FundRow>,
        profiled: NaiveDate,
    ) -> Vec<String> {
        let mut barriers = Vec::new();
        if let Some(f) = fund {
            barriers.push(format!(
                "cost|aanvraag bij {} door de schoolmaatschappelijk werker (intermediair)|{}|{}|{}",
                f.name,
                self.worker,
                profiled + Duration::days(7),
                profiled + Duration::days(10)
            ));
        }
        if !story.child.is_empty() {
            barriers.push(format!(
                "cannot_go_alone|proefles samen met de werker of een maatje|{}|{}|{}",
                self.worker,
                profiled + Duration::days(14),
                profiled + Duration::days(14)
            ));
        }
        barriers
    }

    /// The start of the activity and the checks after one and three months that have fallen due.
    async fn start(
        &self,
        tx: &mut WriteTx,
        story: &KikStory,
        case: i64,
        plan: i64,
        start: NaiveDate,
    ) -> Result<()> {
        let m1 = start.checked_add_months(Months::new(1)).unwrap_or(start);
        let m3 = start.checked_add_months(Months::new(3)).unwrap_or(start);
        tx.start_plan(
            plan,
            case,
            &start.to_string(),
            &m1.to_string(),
            &m3.to_string(),
        )
        .await?;
        // A check is only recorded once it has fallen due.
        if let Some(r) = story.check1.filter(|_| m1 <= self.today) {
            let note = if r == "stopped" {
                "verloor de interesse"
            } else {
                ""
            };
            tx.check_plan(plan, case, 1, r, note).await?;
        }
        if let Some(r) = story.check3.filter(|_| m3 <= self.today) {
            let note = if r == "stopped" {
                "training viel samen met zorg voor broertje"
            } else {
                ""
            };
            tx.check_plan(plan, case, 3, r, note).await?;
        }
        Ok(())
    }
}
