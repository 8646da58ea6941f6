//! The referrals of the demo's stories (`shared/domain/DEMO.md`), as a table: who, where, when.

use anyhow::{Result, anyhow};
use chrono::{Duration, NaiveDate};

use crate::rng::Rng;

use super::dates::{weekday, years_before};
use super::people::{Pupil, parent};
use super::plan::{CasePlan, Outcome, Plan, Sch, Story};

/// The school a story happens at, found in the demo world.
#[derive(Debug, Clone, Copy)]
enum StorySchool {
    /// The school of the `school` account.
    Main,
    /// A secondary school where `smw` works.
    College,
    /// Another primary school where `smw` works.
    SecondPrimary,
    /// The Havenstad school where `smw-havenstad` works most hours; her cases.
    Havenstad,
}

/// Who referred the child.
#[derive(Debug, Clone, Copy)]
enum Referrer {
    /// The `school` account, as intern begeleider.
    SchoolAccount,
    Named(&'static str),
}

/// One story's referral; days are counted back from today (to a weekday).
struct StoryReferral {
    story: Story,
    school: StorySchool,
    given: &'static str,
    family: &'static str,
    /// Age today; the birthday was `birthday_days_ago` days ago.
    age: u32,
    birthday_days_ago: i64,
    class_name: &'static str,
    language: &'static str,
    /// (name, relation, holds gezag)
    parents: &'static [(&'static str, &'static str, bool)],
    received: i64,
    opened: i64,
    close: Option<(i64, &'static str)>,
    source: &'static str,
    referrer: Referrer,
    parents_informed: bool,
    signals: &'static [&'static str],
    urgency: &'static str,
    reason: &'static str,
}

const STORY_REFERRALS: [StoryReferral; 7] = [
    StoryReferral {
        story: Story::Yusuf,
        school: StorySchool::Main,
        given: "Yusuf",
        family: "El Idrissi",
        age: 10,
        birthday_days_ago: 150,
        class_name: "groep 6",
        language: "Nederlands, Tarifit",
        parents: &[
            ("Naima Ouali", "moeder", true),
            ("Khalid El Idrissi", "vader", true),
        ],
        received: 96,
        opened: 93,
        close: None,
        source: "school",
        referrer: Referrer::SchoolAccount,
        parents_informed: true,
        signals: &["stemming", "gedrag", "verzuim"],
        urgency: "normaal",
        reason: "Yusuf oogt de laatste maanden somber, raakt op het plein regelmatig in gevechten en komt vaak te laat \
                 (11 keer in de afgelopen 6 weken). Moeder vertelde bij het oudergesprek dat er thuis veel speelt: oma is \
                 ernstig ziek en vader werkt in ploegendienst. Ouders weten van de aanmelding en zijn akkoord.",
    },
    StoryReferral {
        story: Story::Divorce,
        school: StorySchool::Main,
        given: "Mila",
        family: "Sewdien",
        age: 8,
        birthday_days_ago: 100,
        class_name: "groep 5",
        language: "Nederlands",
        parents: &[
            ("Sharmila Ramdin", "moeder", true),
            ("Ravi Sewdien", "vader", true),
        ],
        received: 78,
        opened: 74,
        close: None,
        source: "school",
        referrer: Referrer::SchoolAccount,
        parents_informed: true,
        signals: &["thuissituatie", "stemming"],
        urgency: "snel",
        reason: "Mila's ouders zijn sinds een half jaar uit elkaar en hebben veel conflict, ook bij het ophalen op \
                 school. Mila is stil, huilt na het weekend en zegt dat ze 'niet mag kiezen'. Beide ouders hebben het gezag \
                 en weten van de aanmelding.",
    },
    StoryReferral {
        story: Story::Absent14,
        school: StorySchool::College,
        given: "Kacper",
        family: "Nowak",
        age: 14,
        birthday_days_ago: 200,
        class_name: "2B",
        language: "Pools",
        parents: &[
            ("Agnieszka Nowak", "moeder", true),
            ("Piotr Nowak", "vader", true),
        ],
        received: 62,
        opened: 59,
        close: None,
        source: "school",
        referrer: Referrer::Named("J. de Haan (mentor)"),
        parents_informed: true,
        signals: &["verzuim", "stemming"],
        urgency: "normaal",
        reason: "Kacper (klas 2) heeft dit schooljaar 46 lesuren gemist en meldt zich vaak ziek op maandag. School heeft \
                 de leerplichtambtenaar ingelicht. Kacper en zijn ouders weten van de aanmelding.",
    },
    StoryReferral {
        story: Story::Inzage16,
        school: StorySchool::College,
        given: "Selam",
        family: "Tesfay",
        age: 16,
        birthday_days_ago: 120,
        class_name: "4 havo",
        language: "Tigrinya",
        parents: &[("Luwam Haile", "moeder", true)],
        received: 40,
        opened: 38,
        close: None,
        source: "youth",
        referrer: Referrer::Named("Selam zelf (inloopspreekuur)"),
        parents_informed: false,
        signals: &["stemming", "thuissituatie"],
        urgency: "normaal",
        reason: "Selam meldt zich zelf via het inloopspreekuur: ze slaapt slecht, maakt zich zorgen over haar moeder en \
                 over familie in Eritrea, en wil iemand om mee te praten. Ze wil zelf beslissen wie wat te horen krijgt.",
    },
    StoryReferral {
        story: Story::Closed7Weeks,
        school: StorySchool::SecondPrimary,
        given: "Daan",
        family: "Bakker",
        age: 9,
        birthday_days_ago: 230,
        class_name: "groep 5",
        language: "Nederlands",
        parents: &[
            ("Marloes Bakker", "moeder", true),
            ("Erik Bakker", "vader", true),
        ],
        received: 200,
        opened: 196,
        close: Some((147, "doelen_bereikt")),
        source: "school",
        referrer: Referrer::Named("Monique Kuiper (intern begeleider)"),
        parents_informed: true,
        signals: &["pesten", "sociale_vaardigheden"],
        urgency: "normaal",
        reason: "Daan wordt volgens klasgenoten buitengesloten en uitgelachen in de groepsapp. Hij wil 's ochtends niet \
                 naar school en speelt in de pauze alleen. Ouders weten van de aanmelding.",
    },
    StoryReferral {
        story: Story::Mandate,
        school: StorySchool::Havenstad,
        given: "Elif",
        family: "Kaya",
        age: 9,
        birthday_days_ago: 130,
        class_name: "groep 5",
        language: "Nederlands, Turks",
        parents: &[
            ("Zeynep Kaya", "moeder", true),
            ("Mert Kaya", "vader", true),
        ],
        received: 85,
        opened: 82,
        close: None,
        source: "school",
        referrer: Referrer::Named("Sibel Arslan (intern begeleider)"),
        parents_informed: true,
        signals: &["stemming", "gezondheid"],
        urgency: "normaal",
        reason: "Elif is erg angstig, durft niet meer alleen naar de wc en heeft op schooldagen buikpijn; de klachten \
                 nemen toe ondanks de extra aandacht in de klas. Ouders weten van de aanmelding.",
    },
    StoryReferral {
        story: Story::MandateWaiting,
        school: StorySchool::Havenstad,
        given: "Jayden",
        family: "Linger",
        age: 7,
        birthday_days_ago: 40,
        class_name: "groep 4",
        language: "Nederlands",
        parents: &[
            ("Denise Linger", "moeder", true),
            ("Glenn Emanuels", "vader (geen gezag)", false),
        ],
        received: 50,
        opened: 47,
        close: None,
        source: "parent",
        referrer: Referrer::Named("Denise Linger (moeder)"),
        parents_informed: true,
        signals: &["opvoeding", "gedrag"],
        urgency: "normaal",
        reason: "Moeder vraagt hulp: Jayden heeft thuis dagelijks woedebuien, slaat zijn zusje en slaapt pas laat. \
                 Moeder staat er alleen voor en is uitgeput.",
    },
];

/// Where the stories happen and who takes them, as found in the demo world.
pub(super) struct StoryPlaces<'a> {
    pub(super) today: NaiveDate,
    pub(super) schools: &'a [Sch],
    pub(super) main_school: i64,
    pub(super) college: i64,
    pub(super) second_primary: i64,
    pub(super) havenstad_school: i64,
    pub(super) smw: Taker,
    pub(super) havenstad_worker: Taker,
    /// The `school` account: (user id, display name).
    pub(super) school_account: (i64, String),
}

/// A worker who takes a story's case, with the organisation it is written in.
#[derive(Debug, Clone, Copy)]
pub(super) struct Taker {
    pub(super) worker: i64,
    pub(super) organisation: i64,
}

/// The stories' referrals and their cases, in the table's order (their parents' contact details
/// are drawn from `rng` in that order).
pub(super) fn story_plans(rng: &mut Rng, places: &StoryPlaces) -> Result<Vec<Plan>> {
    STORY_REFERRALS
        .iter()
        .map(|story| story_plan(rng, places, story))
        .collect()
}

fn story_plan(rng: &mut Rng, places: &StoryPlaces, r: &StoryReferral) -> Result<Plan> {
    let (school, taker) = match r.school {
        StorySchool::Main => (places.main_school, places.smw),
        StorySchool::College => (places.college, places.smw),
        StorySchool::SecondPrimary => (places.second_primary, places.smw),
        StorySchool::Havenstad => (places.havenstad_school, places.havenstad_worker),
    };
    let s = places
        .schools
        .iter()
        .find(|s| s.id == school)
        .ok_or_else(|| anyhow!("unknown school {school}"))?;
    let today = places.today;
    let day = |n: i64| weekday(today - Duration::days(n));
    let pupil = Pupil {
        given: r.given.into(),
        family: r.family.into(),
        dob: years_before(today - Duration::days(r.birthday_days_ago), r.age),
        class_name: r.class_name.into(),
        language: r.language.into(),
        interpreter: false,
        parents: r
            .parents
            .iter()
            .map(|&(name, relation, gezag)| parent(name, relation, gezag, rng))
            .collect(),
    };
    let (referred_by, referrer) = match r.referrer {
        Referrer::SchoolAccount => (
            Some(places.school_account.0),
            format!("{} (intern begeleider)", places.school_account.1),
        ),
        Referrer::Named(name) => (None, name.to_string()),
    };
    Ok(Plan {
        org: taker.organisation,
        school_id: s.id,
        municipality_id: s.municipality_id,
        stage: s.stage,
        residence: Some(s.municipality_id),
        pupil,
        same_child_as: None,
        source: r.source,
        referred_by,
        referrer,
        reason: r.reason.into(),
        signals: r.signals.to_vec(),
        urgency: r.urgency,
        parents_informed: r.parents_informed,
        received: day(r.received),
        outcome: Outcome::Case(CasePlan {
            worker: taker.worker,
            opened: day(r.opened),
            close: r.close.map(|(n, reason)| (day(n), reason)),
            contacts: 0,
            previous: None,
            onward: None,
        }),
        story: Some(r.story),
    })
}
