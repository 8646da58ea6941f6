//! Invented people: names (diverse, as in Dutch classrooms), parents and carers, pupils and their
//! households. Combinations are drawn; nobody real is meant.

use chrono::{Duration, NaiveDate};
use schakel_domain::consent::age_on;
use schakel_store::School;

use crate::rng::Rng;

use super::dates::years_before;

pub(super) struct Background {
    pub(super) weight: u32,
    pub(super) female: &'static [&'static str],
    pub(super) male: &'static [&'static str],
    pub(super) surnames: &'static [&'static str],
    pub(super) language: &'static str,
    /// Drawn for newcomer schools (ISK, taalklas).
    pub(super) newcomer: bool,
}

pub(super) static BACKGROUNDS: [Background; 8] = [
    Background {
        weight: 52,
        female: &[
            "Emma", "Julia", "Tess", "Sophie", "Lotte", "Fleur", "Evi", "Noor", "Lieke", "Sara",
            "Anna", "Roos", "Isa", "Fenna", "Jasmijn", "Floor", "Saar", "Femke", "Ilse", "Marloes",
        ],
        male: &[
            "Daan", "Sem", "Lucas", "Finn", "Levi", "Bram", "Jesse", "Thijs", "Ruben", "Lars",
            "Sven", "Tim", "Jasper", "Koen", "Stijn", "Luuk", "Mees", "Gijs", "Thomas", "Erik",
        ],
        surnames: &[
            "de Vries",
            "Jansen",
            "de Jong",
            "van den Berg",
            "Bakker",
            "Visser",
            "Smit",
            "Meijer",
            "de Boer",
            "Mulder",
            "de Groot",
            "Bos",
            "Vos",
            "Peters",
            "Hendriks",
            "Dekker",
            "Brouwer",
            "de Wit",
            "Dijkstra",
            "van der Meer",
            "Kok",
            "de Haan",
            "Vermeulen",
            "van Dijk",
            "Koster",
            "Prins",
            "Kuiper",
            "Veenstra",
            "Groen",
            "Verbeek",
            "Blom",
        ],
        language: "Nederlands",
        newcomer: false,
    },
    Background {
        weight: 10,
        female: &[
            "Imane", "Yasmina", "Salma", "Nora", "Hafsa", "Ikram", "Amira", "Soumaya", "Sanae",
            "Malika", "Naima", "Khadija",
        ],
        male: &[
            "Mohamed", "Yassin", "Ayoub", "Bilal", "Hamza", "Adam", "Ilias", "Anouar", "Zakaria",
            "Khalid", "Rachid", "Othman",
        ],
        surnames: &[
            "El Idrissi",
            "Bouali",
            "Ouali",
            "El Khattabi",
            "Amrani",
            "Azzouzi",
            "Chaouch",
            "Tahiri",
            "Ziani",
            "El Ouardi",
            "Belhaj",
            "Essafi",
            "Mansouri",
            "Ouahabi",
        ],
        language: "Nederlands, Tarifit",
        newcomer: false,
    },
    Background {
        weight: 9,
        female: &[
            "Elif", "Zeynep", "Esra", "Büşra", "Merve", "Selin", "Derya", "Dilara", "Ebru",
        ],
        male: &[
            "Emre", "Yusuf", "Burak", "Kerem", "Deniz", "Mert", "Efe", "Arda", "Ömer", "Can",
        ],
        surnames: &[
            "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Öztürk", "Aydın", "Arslan", "Doğan",
            "Koç", "Kurt", "Polat", "Güneş", "Korkmaz",
        ],
        language: "Nederlands, Turks",
        newcomer: false,
    },
    Background {
        weight: 8,
        female: &[
            "Priya", "Anjali", "Shanice", "Naomi", "Kavita", "Xiomara", "Denise", "Sarita",
        ],
        male: &[
            "Jayden", "Dylan", "Jermaine", "Ravi", "Sunil", "Giovanni", "Romano", "Nigel",
        ],
        surnames: &[
            "Sewdien",
            "Ramdin",
            "Mahabier",
            "Jagesar",
            "Kartoredjo",
            "Soekhoe",
            "Pinas",
            "Wijngaarde",
            "Doelwijt",
            "Linger",
            "Biharie",
            "Kanhai",
            "Emanuels",
        ],
        language: "Nederlands",
        newcomer: false,
    },
    Background {
        weight: 6,
        female: &[
            "Zuzanna",
            "Maja",
            "Zofia",
            "Hanna",
            "Oliwia",
            "Natalia",
            "Agnieszka",
        ],
        male: &[
            "Jakub", "Kacper", "Szymon", "Filip", "Mateusz", "Wojciech", "Piotr",
        ],
        surnames: &[
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Wójcik",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Mazur",
            "Krawczyk",
            "Dąbrowski",
        ],
        language: "Pools",
        newcomer: true,
    },
    Background {
        weight: 6,
        female: &[
            "Lana", "Rama", "Nour", "Aya", "Hala", "Dima", "Layla", "Yara",
        ],
        male: &[
            "Ahmad", "Omar", "Khaled", "Rami", "Tarek", "Yamen", "Majd", "Ali",
        ],
        surnames: &[
            "Al-Hassan",
            "Haddad",
            "Khalil",
            "Al-Ahmad",
            "Darwish",
            "Hamoud",
            "Sabbagh",
            "Al-Masri",
            "Kassab",
            "Najjar",
            "Zein",
            "Abboud",
        ],
        language: "Arabisch",
        newcomer: true,
    },
    Background {
        weight: 4,
        female: &[
            "Senait", "Selam", "Hiwet", "Luwam", "Rahwa", "Saba", "Mebrat",
        ],
        male: &[
            "Yonas", "Dawit", "Filmon", "Semere", "Biniam", "Merhawi", "Robel",
        ],
        surnames: &[
            "Tesfay",
            "Haile",
            "Gebremedhin",
            "Tekle",
            "Berhane",
            "Kidane",
            "Mehari",
            "Habte",
            "Negash",
            "Tewelde",
        ],
        language: "Tigrinya",
        newcomer: true,
    },
    Background {
        weight: 3,
        female: &["Sofiia", "Anastasiia", "Viktoriia", "Daryna", "Polina"],
        male: &["Maksym", "Artem", "Bohdan", "Denys", "Oleksandr"],
        surnames: &[
            "Shevchenko",
            "Bondarenko",
            "Kovalenko",
            "Tkachenko",
            "Kravchenko",
            "Melnyk",
            "Oliinyk",
        ],
        language: "Oekraïens",
        newcomer: true,
    },
];

pub(super) const ADULT_FEMALE: [&str; 16] = [
    "Ingrid", "Monique", "Sandra", "Esther", "Marieke", "Hanneke", "Petra", "Anouk", "Latifa",
    "Sibel", "Chantal", "Mirjam", "Karin", "Saskia", "Wendy", "Joyce",
];
pub(super) const ADULT_MALE: [&str; 12] = [
    "Jeroen", "Marco", "Dennis", "Ruud", "Paul", "Hakan", "Said", "Glenn", "Tomasz", "Joost",
    "Wouter", "Pieter",
];

#[allow(clippy::indexing_slicing)]
pub(super) fn background(rng: &mut Rng, newcomer: bool) -> &'static Background {
    let total: u32 = BACKGROUNDS
        .iter()
        .filter(|b| !newcomer || b.newcomer)
        .map(|b| b.weight)
        .sum();
    let mut roll = rng.below(u64::from(total)) as u32;
    for b in BACKGROUNDS.iter().filter(|b| !newcomer || b.newcomer) {
        if roll < b.weight {
            return b;
        }
        roll -= b.weight;
    }
    &BACKGROUNDS[0]
}

/// Polish surnames in -ski/-cki take -ska/-cka for women.
pub(super) fn feminine(surname: &str) -> String {
    match surname.strip_suffix("ki") {
        Some(stem) if stem.ends_with('s') || stem.ends_with('c') => format!("{stem}ka"),
        _ => surname.to_string(),
    }
}

/// A parent or carer; most have an e-mail address.
pub(super) fn parent(name: &str, relation: &'static str, gezag: bool, rng: &mut Rng) -> Parent {
    let email = if rng.chance(0.6) {
        email_of(name, rng)
    } else {
        String::new()
    };
    Parent {
        name: name.to_string(),
        relation,
        gezag,
        phone: phone(rng),
        email,
    }
}

/// `06-` and eight digits: a mobile number shape, drawn.
pub(super) fn phone(rng: &mut Rng) -> String {
    format!("06-{:08}", rng.below(100_000_000))
}

pub(super) fn email_of(name: &str, rng: &mut Rng) -> String {
    let local: String = schakel_domain::text::fold(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".");
    format!("{local}{}@mail.example", rng.below(100))
}

pub(super) fn adult_name(rng: &mut Rng) -> String {
    let given = if rng.chance(0.7) {
        *rng.pick(&ADULT_FEMALE)
    } else {
        *rng.pick(&ADULT_MALE)
    };
    let b = background(rng, false);
    format!("{given} {}", rng.pick(b.surnames))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Stage {
    Pre,
    Primary,
    Secondary,
    Vocational,
}

impl Stage {
    pub(super) fn of(school: &School) -> Stage {
        match school.school_type.as_str() {
            "VOORSCHOOL" => Stage::Pre,
            "VO" | "VSO" => Stage::Secondary,
            "MBO" => Stage::Vocational,
            // The demo's taalklas has type ISK but teaches primary-age newcomers.
            "ISK" if school.name.to_lowercase().contains("taalklas") => Stage::Primary,
            "ISK" => Stage::Secondary,
            _ => Stage::Primary,
        }
    }

    /// Age at referral (from, to) and the highest age today, so every pupil fits the school type.
    pub(super) fn ages(self) -> (u32, u32, u32) {
        match self {
            Stage::Pre => (2, 3, 4),
            Stage::Primary => (5, 11, 12),
            Stage::Secondary => (12, 17, 18),
            Stage::Vocational => (16, 19, 21),
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Parent {
    pub(super) name: String,
    pub(super) relation: &'static str,
    pub(super) gezag: bool,
    pub(super) phone: String,
    pub(super) email: String,
}

#[derive(Debug, Clone)]
pub(super) struct Pupil {
    pub(super) given: String,
    pub(super) family: String,
    pub(super) dob: NaiveDate,
    pub(super) class_name: String,
    pub(super) language: String,
    pub(super) interpreter: bool,
    pub(super) parents: Vec<Parent>,
}

pub(super) fn class_name(rng: &mut Rng, stage: Stage, newcomer: bool, age: u32) -> String {
    match stage {
        Stage::Pre => "peutergroep".into(),
        Stage::Primary if newcomer => format!("taalklas {}", rng.between(1, 3)),
        Stage::Primary => format!("groep {}", age.saturating_sub(3).clamp(1, 8)),
        Stage::Secondary if newcomer => format!("ISK-{}", rng.between(1, 4)),
        Stage::Secondary => {
            let year = age.saturating_sub(11).clamp(1, 6);
            format!("{year}{}", rng.pick(&["A", "B", "C", "D"]))
        }
        Stage::Vocational => format!("niveau {}, jaar {}", rng.between(1, 4), rng.between(1, 3)),
    }
}

/// A child of an age that fits the stage on `on` and still fits it today.
pub(super) fn pupil(
    rng: &mut Rng,
    stage: Stage,
    newcomer: bool,
    on: NaiveDate,
    today: NaiveDate,
) -> Pupil {
    let b = background(rng, newcomer);
    let female = rng.chance(0.45);
    let given = *rng.pick(if female { b.female } else { b.male });
    let family = *rng.pick(b.surnames);
    let (lo, hi, max_today) = stage.ages();
    let years_since = ((today - on).num_days().max(0) + 364) / 365;
    let hi = hi.min(max_today.saturating_sub(years_since as u32)).max(lo);
    let age = rng.between(i64::from(lo), i64::from(hi)) as u32;
    // Born between `age + 1` and `age` years before `on`: exactly `age` on that day.
    let dob = years_before(on, age) - Duration::days(rng.between(1, 360));
    let age_now = age_on(dob, on);
    let household = *rng.weighted(&[
        ("together", 50),
        ("divorced", 24),
        ("single_mother", 12),
        ("single_father", 3),
        ("stepfamily", 8),
        ("guardian", 3),
    ]);
    let mother_surname = if b.language == "Nederlands" && rng.chance(0.5) {
        family.to_string()
    } else if b.language == "Pools" {
        feminine(family)
    } else {
        rng.pick(b.surnames).to_string()
    };
    let mother = format!("{} {mother_surname}", rng.pick(b.female));
    let father = format!("{} {family}", rng.pick(b.male));
    let parents = match household {
        "together" | "divorced" => vec![
            parent(&mother, "moeder", true, rng),
            parent(&father, "vader", true, rng),
        ],
        "single_mother" => {
            let mut p = vec![parent(&mother, "moeder", true, rng)];
            if rng.chance(0.5) {
                p.push(parent(&father, "vader (geen gezag)", false, rng));
            }
            p
        }
        "single_father" => vec![parent(&father, "vader", true, rng)],
        "stepfamily" => {
            let step = format!(
                "{} {}",
                rng.pick(&ADULT_MALE),
                rng.pick(BACKGROUNDS[0].surnames)
            );
            vec![
                parent(&mother, "moeder", true, rng),
                parent(&father, "vader", true, rng),
                parent(&step, "stiefvader", false, rng),
            ]
        }
        _ => {
            let guardian = format!("{} (jeugdbeschermer)", adult_name(rng));
            let foster = format!(
                "{} {}",
                rng.pick(&ADULT_FEMALE),
                rng.pick(BACKGROUNDS[0].surnames)
            );
            vec![
                parent(&guardian, "voogd (gecertificeerde instelling)", true, rng),
                parent(&foster, "pleegmoeder", false, rng),
            ]
        }
    };
    let interpreter = newcomer && rng.chance(0.6);
    Pupil {
        given: given.to_string(),
        family: if female {
            feminine(family)
        } else {
            family.to_string()
        },
        dob,
        class_name: class_name(rng, stage, newcomer, age_now),
        language: if newcomer && b.language == "Nederlands" {
            "Nederlands".into()
        } else {
            b.language.to_string()
        },
        interpreter,
        parents,
    }
}
