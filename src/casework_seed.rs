//! Casework on top of a loaded synthetic world: referrals, case files with contacts, goals (GAS),
//! consent, onward referrals, SMW-plus mandate decisions, consultations and the case timeline.
//!
//! - [`seed_demo`] adds the storylines of `shared/domain/DEMO.md` to the demo world, with a school
//!   year of referrals around them so that figures mean something — all in one transaction.
//! - [`seed_generated`] adds cases at volume to a generated world (`schakel generate`), in batches,
//!   plus one case with 200 contacts for benchmarks.
//!
//! Everything is invented. Dates are relative to `today`, so the ages — and with them the consent
//! rules of RULES.md §1 — hold whenever the demo starts: consent is recorded from the parties the
//! child's age requires, before anything is shared; closed cases carry a reason and end scores.
//! Deterministic: the same world, seed and day give the same data.

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, NaiveTime, Utc, Weekday};
use schakel_domain::casework::{self as rules, OnwardStatus};
use schakel_domain::consent::age_on;
use schakel_domain::mandate::{self, CareCategory, VolumeUnit};
use schakel_store::{
    NewCase, NewChild, NewReferral, NewTimeEntry, School, SchoolFilter, Store, WriteTx,
};
use std::collections::HashMap;

// ---------------------------------------------------------------------------------------------
// Deterministic randomness (SplitMix64, as in `world::rng`, which is private to that module).
// ---------------------------------------------------------------------------------------------

struct Rng {
    state: u64,
}

impl Rng {
    fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n == 0`).
    fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        lo + self.below((hi - lo) as u64 + 1) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)) < p
    }

    /// One element of a non-empty constant list.
    #[allow(clippy::indexing_slicing)]
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    /// One element of a non-empty constant list of (item, weight).
    #[allow(clippy::indexing_slicing)]
    fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| u64::from(*w)).sum();
        let mut roll = self.below(total);
        for (item, w) in items {
            if roll < u64::from(*w) {
                return item;
            }
            roll -= u64::from(*w);
        }
        &items[items.len() - 1].0
    }
}

// ---------------------------------------------------------------------------------------------
// Invented names (diverse, as in Dutch classrooms). Combinations are drawn; nobody real is meant.
// ---------------------------------------------------------------------------------------------

struct Background {
    weight: u32,
    female: &'static [&'static str],
    male: &'static [&'static str],
    surnames: &'static [&'static str],
    language: &'static str,
    /// Drawn for newcomer schools (ISK, taalklas).
    newcomer: bool,
}

static BACKGROUNDS: [Background; 8] = [
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

const ADULT_FEMALE: [&str; 16] = [
    "Ingrid", "Monique", "Sandra", "Esther", "Marieke", "Hanneke", "Petra", "Anouk", "Latifa",
    "Sibel", "Chantal", "Mirjam", "Karin", "Saskia", "Wendy", "Joyce",
];
const ADULT_MALE: [&str; 12] = [
    "Jeroen", "Marco", "Dennis", "Ruud", "Paul", "Hakan", "Said", "Glenn", "Tomasz", "Joost",
    "Wouter", "Pieter",
];

#[allow(clippy::indexing_slicing)]
fn background(rng: &mut Rng, newcomer: bool) -> &'static Background {
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
fn feminine(surname: &str) -> String {
    match surname.strip_suffix("ki") {
        Some(stem) if stem.ends_with('s') || stem.ends_with('c') => format!("{stem}ka"),
        _ => surname.to_string(),
    }
}

/// A parent or carer; most have an e-mail address.
fn parent(name: &str, relation: &'static str, gezag: bool, rng: &mut Rng) -> Parent {
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
fn phone(rng: &mut Rng) -> String {
    format!("06-{:08}", rng.below(100_000_000))
}

fn email_of(name: &str, rng: &mut Rng) -> String {
    let local: String = schakel_domain::text::fold(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ')
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".");
    format!("{local}{}@mail.example", rng.below(100))
}

fn adult_name(rng: &mut Rng) -> String {
    let given = if rng.chance(0.7) {
        *rng.pick(&ADULT_FEMALE)
    } else {
        *rng.pick(&ADULT_MALE)
    };
    let b = background(rng, false);
    format!("{given} {}", rng.pick(b.surnames))
}

// ---------------------------------------------------------------------------------------------
// Field vocabulary: signals, reasons, goals, contact notes, closure notes (all in Dutch).
// ---------------------------------------------------------------------------------------------

/// A plausible goal theme (a default code) for a synthetic goal, read from its words.
fn goal_theme_of(description: &str) -> &'static str {
    let d = description.to_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| d.contains(w));
    if has(&["veilig"]) {
        "veiligheid"
    } else if has(&["school", "aanwezig", "op tijd", "verzuim", "les"]) {
        "schoolgang"
    } else if has(&["vriend", "pest", "klasgenot", "samen", "spelen"]) {
        "sociale_relaties"
    } else if has(&["ouder", "opvoed", "moeder", "vader", "thuis"]) {
        "opvoeding"
    } else if has(&["boos", "ruzie", "gedrag", "regels", "driftbui"]) {
        "gedrag"
    } else if has(&["sport", "club", "hobby", "vrije tijd", "meedoen"]) {
        "meedoen"
    } else if has(&["geld", "schuld", "rond"]) {
        "bestaanszekerheid"
    } else {
        "welbevinden"
    }
}

fn signal_label(key: &str) -> &'static str {
    rules::DEFAULT_SIGNALS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("anders", |(_, l)| *l)
}

/// Reasons for a referral as facts someone saw or heard; `{g}` is the child's given name.
fn reason_templates(signal: &str) -> &'static [&'static str] {
    match signal {
        "gedrag" => &[
            "{g} is de laatste weken vaak boos in de klas en raakt op het plein in conflict met klasgenoten; de leerkracht moest twee keer ingrijpen bij een vechtpartij.",
            "{g} loopt regelmatig weg uit de klas en gooit met spullen als iets niet lukt.",
        ],
        "stemming" => &[
            "{g} oogt sinds een paar maanden somber en teruggetrokken, zegt weinig en zit in de pauze vaak alleen.",
            "{g} huilt geregeld in de klas en zegt 'niks meer leuk' te vinden.",
        ],
        "verzuim" => &[
            "{g} komt sinds enkele weken vaak te laat en mist geregeld lesdagen; er wordt vaak ziek gemeld op maandag.",
            "{g} heeft dit schooljaar veel lesuren gemist; school heeft de leerplichtambtenaar ingelicht.",
        ],
        "thuissituatie" => &[
            "De ouders van {g} zijn uit elkaar; sindsdien is er veel onrust rond de wisselingen tussen beide huizen.",
            "Thuis speelt veel: een ouder is ernstig ziek en {g} zorgt veel voor jongere broertjes en zusjes.",
        ],
        "opvoeding" => &[
            "Moeder vraagt hulp: thuis lukt het niet om grenzen te stellen aan {g}, er is veel ruzie over schermtijd en bedtijd.",
            "Ouders geven aan dat ze niet goed weten hoe ze met de woedebuien van {g} om moeten gaan.",
        ],
        "ontwikkeling" => &[
            "De leerkracht ziet dat {g} achterblijft in taal en concentratie; ouders en school willen weten wat nodig is naast de extra ondersteuning in de klas.",
            "{g} heeft moeite met plannen en overzicht; de zorgen nemen toe nu het werk zelfstandiger wordt.",
        ],
        "gezondheid" => &[
            "{g} klaagt veel over buik- en hoofdpijn en is vaak moe; de huisarts vond geen lichamelijke oorzaak.",
            "{g} eet slecht op school en valt af; ouders maken zich ook zorgen.",
        ],
        "pesten" => &[
            "{g} wordt volgens klasgenoten buitengesloten en via een groepsapp uitgelachen.",
            "{g} wordt op weg naar huis lastiggevallen door oudere kinderen en durft niet meer alleen te fietsen.",
        ],
        "geldzorgen" => &[
            "Ouders vertellen dat er geldzorgen zijn; {g} gaat niet mee op schoolreis en heeft geen gymkleding.",
            "{g} komt vaak zonder ontbijt en lunch naar school; moeder vertelde over schulden.",
        ],
        "veiligheid" => &[
            "{g} vertelt over harde ruzies thuis en zegt bang te zijn om naar huis te gaan; de leerkracht maakt zich zorgen over de veiligheid.",
            "{g} had een blauwe plek op de arm en gaf wisselende verklaringen; school heeft de meldcode-stappen gevolgd.",
        ],
        "sociale_vaardigheden" => &[
            "{g} vindt het moeilijk om aansluiting te vinden bij leeftijdgenoten en reageert fel als iets niet lukt.",
            "{g} heeft geen vriendjes in de klas en speelt alleen; samenwerken in groepjes lukt niet.",
        ],
        _ => &[
            "Opa van {g}, bij wie {g} veel was, is onlangs overleden; sindsdien is {g} vaak verdrietig in de klas.",
            "Na het overlijden van een ouder vorig jaar gaat het op school steeds minder goed met {g}.",
        ],
    }
}

fn goal_templates(signal: &str) -> &'static [&'static str] {
    match signal {
        "gedrag" => &[
            "{g} herkent boosheid op tijd en neemt dan een time-out",
            "{g} lost ruzies op het plein op zonder te vechten",
        ],
        "stemming" => &[
            "{g} voelt zich beter en heeft iemand om mee te praten",
            "{g} doet weer mee met activiteiten die hij/zij leuk vindt",
        ],
        "verzuim" => &[
            "{g} is elke dag op tijd op school",
            "{g} is weer volledig aanwezig op school",
        ],
        "thuissituatie" => &[
            "Ouders maken afspraken over de wisselingen zonder {g} erbij te betrekken",
            "{g} merkt minder van de spanningen thuis",
        ],
        "opvoeding" => &[
            "Ouders hanteren samen vaste afspraken over bedtijd en schermtijd",
            "Ouders weten hoe ze rustig kunnen reageren op de woedebuien van {g}",
        ],
        "ontwikkeling" => &[
            "Er is duidelijk welke ondersteuning {g} nodig heeft, thuis en op school",
            "{g} werkt met een planner en maakt zijn/haar huiswerk zelfstandig",
        ],
        "gezondheid" => &[
            "{g} heeft minder klachten en doet weer mee met gym",
            "{g} eet en slaapt volgens een vast ritme",
        ],
        "pesten" => &[
            "{g} voelt zich veilig in de klas en op het plein",
            "{g} fietst weer zelf naar huis",
        ],
        "geldzorgen" => &[
            "Het gezin krijgt hulp bij geldzaken en {g} kan meedoen met schoolactiviteiten",
            "{g} heeft elke dag ontbijt en lunch",
        ],
        "veiligheid" => &[
            "Er is een veiligheidsplan en {g} weet bij wie hij/zij terecht kan",
            "De ruzies thuis zijn gestopt en {g} voelt zich thuis veilig",
        ],
        "sociale_vaardigheden" => &[
            "{g} heeft minstens één vriend(in) in de klas en doet mee in het spel",
            "{g} kan samenwerken in een groepje",
        ],
        _ => &[
            "{g} kan over het verlies praten en heeft een plek om te herinneren",
            "{g} weet bij wie hij/zij terecht kan als het verdriet groot is",
        ],
    }
}

fn approach(signal: &str) -> &'static str {
    match signal {
        "gedrag" => {
            "gesprekken met het kind over boosheid (time-out-kaart), afstemming met de leerkracht"
        }
        "stemming" => {
            "wekelijkse gesprekken, een vaste vertrouwenspersoon op school, zo nodig huisarts"
        }
        "verzuim" => "afspraken over ochtendritme en aanwezigheid, samen met ouders en school",
        "thuissituatie" => {
            "gesprekken met beide ouders en met het kind, zo nodig een cursus voor ouders"
        }
        "opvoeding" => "opvoedondersteuning in gesprekken met ouders, huisbezoek",
        "ontwikkeling" => "in kaart brengen wat nodig is, afstemming met IB'er en ouders",
        "gezondheid" => "afstemming met huisarts en ouders, gesprekken met het kind",
        "pesten" => "gesprekken met het kind, aanpak in de groep met de leerkracht",
        "geldzorgen" => "toeleiding naar hulp bij geldzaken en een fonds voor meedoen",
        "veiligheid" => "meldcode-stappen, veiligheidsafspraken met ouders, overleg Veilig Thuis",
        "sociale_vaardigheden" => "sociale-vaardigheidsoefeningen, aansluiting bij een club",
        _ => "rouwgesprekken met het kind, tips voor ouders en leerkracht",
    }
}

/// Target kinds that fit a signal, best first.
fn target_kinds(signal: &str) -> &'static [&'static str] {
    match signal {
        "thuissituatie" => &["opvoedcursus", "cjg", "wijkteam"],
        "opvoeding" => &["opvoedcursus", "cjg", "wijkteam"],
        "stemming" | "rouw" => &["jeugdhulpaanbieder", "huisarts"],
        "gezondheid" => &["huisarts", "jeugdhulpaanbieder"],
        "geldzorgen" => &["schuldhulp", "fonds", "wijkteam"],
        "veiligheid" | "gedrag" | "verzuim" => &["jeugdhulpaanbieder", "wijkteam"],
        "ontwikkeling" => &["jeugdloket", "jeugdhulpaanbieder"],
        _ => &["cjg", "wijkteam", "fonds"],
    }
}

fn contact_notes(kind: &str) -> &'static [&'static str] {
    match kind {
        "intake" => &[
            "Kennismaking en hulpvraag verkend. Afspraken gemaakt over frequentie van gesprekken en wat er met school gedeeld wordt.",
            "Intake: zorgen van school en ouders naast elkaar gelegd; {g} vertelde zelf wat er goed gaat en wat moeilijk is.",
            "Intakegesprek op school. Uitleg gegeven over schoolmaatschappelijk werk, toestemming en wie wat te horen krijgt.",
        ],
        "gesprek_kind" => &[
            "Gesprek met {g} over hoe het gaat in de klas en thuis. {g} tekende een weekschaal: maandag is de zwaarste dag.",
            "Met {g} geoefend met de time-out-kaart; {g} noemde zelf twee momenten waarop het deze week lukte.",
            "{g} vertelde over de afgelopen week. Stemming beter dan vorige keer (eigen cijfer 6, was 4).",
            "Samen het doel bekeken; {g} vindt dat het 'een beetje beter' gaat.",
        ],
        "gesprek_ouders" => &[
            "Gesprek met ouders over de afspraken thuis; ochtendritme loopt beter, bedtijd nog lastig.",
            "Ouders vertellen dat het thuis rustiger is. Afgesproken om over vier weken te evalueren.",
            "Gesprek over wat ouders van {g} zien en wat zij nodig hebben; tips gegeven voor het avondritueel.",
        ],
        "gesprek_leerkracht" => &[
            "Afstemming met de leerkracht: {g} is rustiger in de klas; afgesproken dat {g} een vaste taak krijgt bij de ochtendstart.",
            "Kort overleg met de IB'er over aanwezigheid en afspraken in de klas (alleen wat ouders goedkeurden).",
            "Met de mentor besproken hoe {g} ondersteund kan worden rond toetsen.",
        ],
        "huisbezoek" => &[
            "Huisbezoek. Ouders en {g} thuis gesproken; een rustig huis, ouders open over de spanningen.",
            "Huisbezoek samen met ouders: weekplanning gemaakt voor ochtenden en avonden.",
        ],
        "telefoon" => &[
            "Telefonisch contact met moeder: het gaat wisselend; volgende afspraak bevestigd.",
            "Vader gebeld over de afspraken van vorige week; hij sluit de volgende keer aan.",
            "Moeder belde af wegens ziekte; nieuwe afspraak gemaakt.",
        ],
        "overleg" => &[
            "Zorgoverleg met IB'er en leerkracht; afspraken over ondersteuning in de klas vastgelegd.",
            "Overleg met de jeugdverpleegkundige (met toestemming ouders) over de klachten van {g}.",
        ],
        _ => &["Observatie in de groep; {g} speelt vooral alleen, reageert goed op de leerkracht."],
    }
}

fn closure_note(reason: &str) -> &'static str {
    match reason {
        "doelen_bereikt" => {
            "Doelen behaald; kind en ouders kunnen zonder hulp verder. School en ouders weten hoe ze opnieuw kunnen aanmelden."
        }
        "verwezen" => {
            "Warme overdracht gedaan; de hulp loopt verder bij de organisatie waarnaar verwezen is. SMW sluit af."
        }
        "gestopt_door_gezin" => {
            "Ouders willen voorlopig geen hulp meer; afgesproken dat ze zich opnieuw kunnen melden."
        }
        "verhuisd" => {
            "Gezin is verhuisd naar een andere gemeente; ouders hebben de gegevens van het wijkteam daar gekregen."
        }
        _ => "Hulpvraag veranderd; afgesloten na overleg met ouders en IB'er.",
    }
}

const CONSULTATION_THEMES: [(&str, &str, &str); 10] = [
    (
        "Pestgedrag in de groep",
        "",
        "Besproken hoe de groep aangesproken kan worden; tip: een groepsgesprek met vaste afspraken en wekelijks terugkomen. Na zes weken evalueren.",
    ),
    (
        "Zorgen over een leerling, anoniem besproken",
        "jongen groep 4",
        "Besproken welke signalen er zijn; advies: eerst in gesprek met ouders, daarna eventueel aanmelden met hun toestemming.",
    ),
    (
        "Leerling met veel verzuim",
        "meisje klas 2",
        "Advies: verzuim bespreken met leerling en ouders, leerplicht tijdig betrekken; SMW kan aansluiten bij het gesprek.",
    ),
    (
        "Hoe ouders aanspreken over scheiding",
        "",
        "Tips voor het gesprek met gescheiden ouders: beide ouders met gezag informeren, niet kiezen tussen ouders.",
    ),
    (
        "Vermoeden van geldzorgen in een gezin",
        "meisje groep 6",
        "Uitleg over het meedoenfonds en hulp bij geldzaken; advies om ouders te wijzen op de inloop.",
    ),
    (
        "Rouw in de klas",
        "",
        "Na het overlijden van een ouder van een leerling: handreiking rouw in de klas besproken; SMW beschikbaar voor een klassengesprek.",
    ),
    (
        "Meldcode: twijfel over signalen",
        "jongen groep 7",
        "Stappen van de meldcode doorgelopen; advies: signalen feitelijk vastleggen, aandachtsfunctionaris raadplegen, zo nodig Veilig Thuis bellen voor advies.",
    ),
    (
        "Teruggetrokken nieuwkomer",
        "jongen ISK",
        "Advies: buddy uit de klas, tolk bij het oudergesprek, aandacht voor heimwee en verlies.",
    ),
    (
        "Conflicten tussen ouders op het schoolplein",
        "",
        "Advies over grenzen van school; gesprek met beide ouders apart aangeboden.",
    ),
    (
        "Faalangst bij toetsen",
        "meisje klas 3",
        "Tips voor de mentor: voorspelbaarheid, korte oefentoetsen; eventueel faalangsttraining via school.",
    ),
];

// ---------------------------------------------------------------------------------------------
// Dates.
// ---------------------------------------------------------------------------------------------

/// A weekend day moves back to the Friday before.
fn weekday(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d - Duration::days(1),
        Weekday::Sun => d - Duration::days(2),
        _ => d,
    }
}

/// A weekend day moves on to the Monday after.
fn weekday_after(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Duration::days(2),
        Weekday::Sun => d + Duration::days(1),
        _ => d,
    }
}

fn years_before(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_sub_months(Months::new(12 * years))
        .unwrap_or(d - Duration::days(365 * i64::from(years)))
}

/// Summer holidays (roughly, all regions): schools refer nobody then.
fn in_summer_holiday(d: NaiveDate) -> bool {
    (d.month() == 7 && d.day() >= 12) || (d.month() == 8 && d.day() <= 22)
}

/// The end of the school year a date falls in (31 July).
fn school_year_end(d: NaiveDate) -> NaiveDate {
    let year = if d.month() >= 8 {
        d.year() + 1
    } else {
        d.year()
    };
    NaiveDate::from_ymd_opt(year, 7, 31).unwrap_or(d + Duration::days(300))
}

// ---------------------------------------------------------------------------------------------
// Pupils and households.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Pre,
    Primary,
    Secondary,
    Vocational,
}

impl Stage {
    fn of(school: &School) -> Stage {
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
    fn ages(self) -> (u32, u32, u32) {
        match self {
            Stage::Pre => (2, 3, 4),
            Stage::Primary => (5, 11, 12),
            Stage::Secondary => (12, 17, 18),
            Stage::Vocational => (16, 19, 21),
        }
    }
}

#[derive(Debug, Clone)]
struct Parent {
    name: String,
    relation: &'static str,
    gezag: bool,
    phone: String,
    email: String,
}

#[derive(Debug, Clone)]
struct Pupil {
    given: String,
    family: String,
    dob: NaiveDate,
    class_name: String,
    language: String,
    interpreter: bool,
    parents: Vec<Parent>,
}

fn class_name(rng: &mut Rng, stage: Stage, newcomer: bool, age: u32) -> String {
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
fn pupil(rng: &mut Rng, stage: Stage, newcomer: bool, on: NaiveDate, today: NaiveDate) -> Pupil {
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

// ---------------------------------------------------------------------------------------------
// Plans: what a referral and its case will look like, decided before anything is written.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Story {
    /// Boy of 10: sombre, fights, late; Kind in Kaart, basketball paid by a fund.
    Yusuf,
    /// Girl of 8, high-conflict divorce, both parents with gezag, course for divorcing parents.
    Divorce,
    /// Pupil of 14, absent a lot; the pupil does not want school told details.
    Absent14,
    /// 16-year-old who consents alone and asks for inzage.
    Inzage16,
    /// Closed after 7 weeks with the goal reached (GAS +1).
    Closed7Weeks,
    /// Havenstad: specialist youth care under the SMW-plus mandate, approved by the team lead.
    Mandate,
    /// Havenstad: a mandate decision still waiting for the team lead.
    MandateWaiting,
}

#[derive(Debug, Clone)]
struct CasePlan {
    worker: i64,
    opened: NaiveDate,
    /// Closing date and reason.
    close: Option<(NaiveDate, &'static str)>,
    contacts: usize,
    /// Index of the plan whose (closed) case this one follows within 12 months.
    previous: Option<usize>,
}

#[derive(Debug, Clone)]
enum Outcome {
    Waiting,
    Decided {
        status: &'static str,
        on: NaiveDate,
        note: String,
    },
    Case(CasePlan),
}

#[derive(Debug, Clone)]
struct Plan {
    org: i64,
    school_id: i64,
    municipality_id: i64,
    stage: Stage,
    residence: Option<i64>,
    pupil: Pupil,
    same_child_as: Option<usize>,
    source: &'static str,
    referred_by: Option<i64>,
    referrer: String,
    reason: String,
    signals: Vec<&'static str>,
    urgency: &'static str,
    parents_informed: bool,
    received: NaiveDate,
    outcome: Outcome,
    story: Option<Story>,
}

#[derive(Debug, Clone)]
struct Target {
    id: i64,
    name: String,
    kind: &'static str,
}

#[derive(Debug, Clone)]
struct Wk {
    id: i64,
    organisation_id: i64,
    team_id: Option<i64>,
    name: String,
    user_id: Option<i64>,
}

/// A school with the workers (and their weight) who take its cases.
#[derive(Debug, Clone)]
struct Sch {
    id: i64,
    school_type: String,
    stage: Stage,
    newcomer: bool,
    municipality_id: i64,
    pupils: i64,
    workers: Vec<(i64, u32)>,
}

#[derive(Debug, Clone, Copy)]
enum Force {
    Waiting,
    Declined,
    Advice,
    Closed,
    Open,
    /// Accepted; open or closed as the dates fall.
    Case,
    /// Not accepted: waiting, advice, forwarded or declined.
    NoCase,
}

#[derive(Default)]
struct Ask {
    force: Option<Force>,
    /// Who referred (user id, name) when the school's own contact did.
    referrer: Option<(Option<i64>, String)>,
    received: Option<NaiveDate>,
    worker: Option<i64>,
    org: Option<i64>,
}

struct Env {
    today: NaiveDate,
    /// Case-number prefix, review weeks and lowest GAS score per organisation.
    settings: HashMap<i64, (String, i64, i64)>,
    targets: HashMap<i64, Vec<Target>>,
    workers: HashMap<i64, Wk>,
    /// Who triages referrals per organisation (the team lead's account).
    triage_user: HashMap<i64, i64>,
    /// Demo: a case summary and more texture; generated: the same shape, fewer extras.
    rich: bool,
    /// Weights of the number of contacts (1, 2, …).
    contact_weights: &'static [(usize, u32)],
    /// Residence municipality per school municipality: (municipality, weight).
    residence: HashMap<i64, Vec<(i64, u32)>>,
}

const DEMO_CONTACTS: [(usize, u32); 12] = [
    (1, 4),
    (2, 8),
    (3, 12),
    (4, 14),
    (5, 14),
    (6, 12),
    (7, 10),
    (8, 8),
    (9, 6),
    (10, 5),
    (11, 4),
    (12, 3),
];

/// 1–15 contacts, about 5 on average.
const GENERATED_CONTACTS: [(usize, u32); 15] = [
    (1, 9),
    (2, 13),
    (3, 14),
    (4, 14),
    (5, 12),
    (6, 10),
    (7, 8),
    (8, 6),
    (9, 5),
    (10, 3),
    (11, 2),
    (12, 2),
    (13, 1),
    (14, 1),
    (15, 1),
];

fn signals_for(rng: &mut Rng, stage: Stage) -> Vec<&'static str> {
    let table: &[(&'static str, u32)] = match stage {
        Stage::Pre => &[
            ("opvoeding", 40),
            ("ontwikkeling", 30),
            ("thuissituatie", 15),
            ("geldzorgen", 8),
            ("gezondheid", 7),
        ],
        Stage::Primary => &[
            ("gedrag", 20),
            ("stemming", 12),
            ("verzuim", 5),
            ("thuissituatie", 18),
            ("opvoeding", 12),
            ("ontwikkeling", 8),
            ("gezondheid", 4),
            ("pesten", 8),
            ("geldzorgen", 5),
            ("veiligheid", 3),
            ("sociale_vaardigheden", 10),
            ("rouw", 3),
        ],
        Stage::Secondary | Stage::Vocational => &[
            ("stemming", 20),
            ("verzuim", 20),
            ("thuissituatie", 12),
            ("gedrag", 10),
            ("pesten", 6),
            ("gezondheid", 8),
            ("sociale_vaardigheden", 8),
            ("geldzorgen", 4),
            ("veiligheid", 3),
            ("rouw", 3),
            ("opvoeding", 4),
            ("ontwikkeling", 2),
        ],
    };
    let n = *rng.weighted(&[(1usize, 45), (2, 40), (3, 15)]);
    let mut out: Vec<&'static str> = Vec::new();
    for _ in 0..n * 3 {
        let s = *rng.weighted(table);
        if !out.contains(&s) {
            out.push(s);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

fn fill(template: &str, given: &str) -> String {
    template.replace("{g}", given)
}

fn received_date(rng: &mut Rng, today: NaiveDate, days: (i64, i64)) -> NaiveDate {
    let mut d = weekday(today - Duration::days(rng.between(days.0, days.1)));
    for _ in 0..6 {
        if !in_summer_holiday(d) {
            break;
        }
        d = weekday(today - Duration::days(rng.between(days.0, days.1)));
    }
    d.min(today)
}

/// A volume referral at a school, with its triage and, when accepted, the shape of its case.
fn volume_plan(rng: &mut Rng, env: &Env, s: &Sch, ask: Ask) -> Plan {
    let today = env.today;
    let received = ask.received.unwrap_or_else(|| {
        let window = match ask.force {
            Some(Force::Waiting) => (1, 9),
            Some(Force::Open) => (14, 120),
            Some(Force::Closed) => (130, 330),
            _ => (1, 365),
        };
        received_date(rng, today, window)
    });
    let pupil = pupil(rng, s.stage, s.newcomer, received, today);
    let age = age_on(pupil.dob, received);
    let signals = signals_for(rng, s.stage);
    let first = signals.first().copied().unwrap_or("gedrag");
    let mut reason = fill(rng.pick::<&str>(reason_templates(first)), &pupil.given);
    if let Some(second) = signals.get(1) {
        reason.push_str(&format!(
            " Daarnaast: {}.",
            signal_label(second).replace(" / ", ", ")
        ));
    }
    let urgency = if signals.contains(&"veiligheid") {
        *rng.weighted(&[("normaal", 30), ("snel", 50), ("spoed", 20)])
    } else {
        *rng.weighted(&[("normaal", 82), ("snel", 16), ("spoed", 2)])
    };
    let source = match s.stage {
        Stage::Pre => *rng.weighted(&[("school", 60), ("parent", 35), ("professional", 5)]),
        Stage::Primary => *rng.weighted(&[
            ("school", 72),
            ("parent", 16),
            ("professional", 9),
            ("other", 3),
        ]),
        _ => *rng.weighted(&[
            ("school", 58),
            ("youth", 12),
            ("parent", 15),
            ("professional", 12),
            ("chat", 3),
        ]),
    };
    let (source, referred_by, referrer) = match (&ask.referrer, source) {
        (Some((user, name)), _) => ("school", *user, name.clone()),
        (None, "school") => {
            let role = match s.stage {
                Stage::Pre => "pedagogisch medewerker",
                Stage::Primary => {
                    *rng.pick(&["intern begeleider", "leerkracht", "intern begeleider"])
                }
                _ => *rng.pick(&["mentor", "zorgcoördinator", "mentor"]),
            };
            ("school", None, format!("{} ({role})", adult_name(rng)))
        }
        (None, "parent") => {
            let p = pupil.parents.first().map_or("ouder", |p| p.name.as_str());
            ("parent", None, p.to_string())
        }
        (None, "youth") => ("youth", None, format!("{} zelf", pupil.given)),
        (None, "professional") => {
            let who = *rng.pick(&[
                "jeugdverpleegkundige GGD",
                "huisarts",
                "leerplichtambtenaar",
                "wijkagent",
                "buurtsportcoach",
            ]);
            ("professional", None, format!("{} ({who})", adult_name(rng)))
        }
        (None, "chat") => ("chat", None, "via de jongerenchat".to_string()),
        (None, other) => (other, None, "buurtwerker".to_string()),
    };
    // A young person of 16 or older may ask for help without the parents knowing.
    let parents_informed = !(source == "youth" && age >= 16 && rng.chance(0.6));
    let worker = ask.worker.or_else(|| {
        let total: u32 = s.workers.iter().map(|(_, w)| *w).sum();
        if total == 0 {
            return None;
        }
        let mut roll = rng.below(u64::from(total)) as u32;
        s.workers
            .iter()
            .find(|(_, w)| {
                if roll < *w {
                    true
                } else {
                    roll -= *w;
                    false
                }
            })
            .map(|(id, _)| *id)
    });
    let org = ask
        .org
        .or_else(|| {
            worker
                .and_then(|w| env.workers.get(&w))
                .map(|w| w.organisation_id)
        })
        .unwrap_or_default();
    let recent = (today - received).num_days() <= 12;
    let kind = match ask.force {
        Some(Force::Waiting) => "waiting",
        Some(Force::Declined) => "declined",
        Some(Force::Advice) => "advice_only",
        Some(Force::Closed | Force::Open | Force::Case) => "case",
        Some(Force::NoCase) if recent && rng.chance(0.5) => "waiting",
        Some(Force::NoCase) => {
            *rng.weighted(&[("advice_only", 50), ("forwarded", 25), ("declined", 25)])
        }
        None if recent && rng.chance(0.7) => "waiting",
        None => *rng.weighted(&[
            ("case", 70),
            ("advice_only", 14),
            ("forwarded", 8),
            ("declined", 8),
        ]),
    };
    let kind = if kind == "case" && worker.is_none() {
        "declined"
    } else {
        kind
    };
    let delay = match urgency {
        "spoed" => 0,
        "snel" => rng.between(1, 3),
        _ => rng.between(2, 10),
    };
    let decided = weekday_after(received + Duration::days(delay)).min(today);
    let outcome = match kind {
        "waiting" => Outcome::Waiting,
        "case" => {
            let weeks =
                *rng.weighted(&[((5, 8), 25), ((9, 16), 40), ((17, 30), 30), ((31, 45), 5)]);
            let weeks = rng.between(weeks.0, weeks.1);
            let planned = weekday(decided + Duration::days(weeks * 7));
            let reason = *rng.weighted(&[
                ("doelen_bereikt", 55),
                ("verwezen", 17),
                ("gestopt_door_gezin", 12),
                ("verhuisd", 5),
                ("anders", 11),
            ]);
            let close = match ask.force {
                Some(Force::Open) => None,
                Some(Force::Closed) => {
                    let latest = weekday(today - Duration::days(rng.between(2, 20)));
                    Some((
                        weekday(planned.min(latest).max(decided + Duration::days(21))),
                        reason,
                    ))
                }
                _ if planned <= today - Duration::days(2) => Some((planned, reason)),
                _ => None,
            };
            let contacts = *rng.weighted(env.contact_weights);
            Outcome::Case(CasePlan {
                worker: worker.unwrap_or_default(),
                opened: decided,
                close,
                contacts,
                previous: None,
            })
        }
        status => {
            let note = match status {
                "advice_only" => rng
                    .pick(&[
                        "Advies gegeven aan school en ouders; een traject is (nog) niet nodig. Bij nieuwe zorgen opnieuw aanmelden.",
                        "Consultatie met de IB'er volstaat: tips voor de aanpak in de klas besproken.",
                        "Ouders hebben tips gekregen voor thuis; afgesproken dat school over zes weken terugkoppelt.",
                    ])
                    .to_string(),
                "forwarded" => {
                    let target = env
                        .targets
                        .get(&s.municipality_id)
                        .and_then(|t| t.iter().find(|t| t.kind == "wijkteam" || t.kind == "cjg"));
                    format!(
                        "Doorgestuurd naar {}: de hulpvraag ligt vooral thuis en past daar beter. Ouders zijn geïnformeerd.",
                        target.map_or("het wijkteam", |t| t.name.as_str())
                    )
                }
                _ => rng
                    .pick(&[
                        "Afgewezen: het wijkteam is al betrokken bij het gezin; dubbele hulp voorkomen. School en ouders zijn geïnformeerd.",
                        "Afgewezen: ouders trekken hun akkoord in; er is geen hulpvraag meer. School weet dat ze opnieuw kan aanmelden.",
                        "Afgewezen: leerling is inmiddels verhuisd en naar een andere school gegaan.",
                    ])
                    .to_string(),
            };
            Outcome::Decided {
                status,
                on: decided,
                note,
            }
        }
    };
    let residence = env
        .residence
        .get(&s.municipality_id)
        .map(|r| *rng.weighted(r))
        .or(Some(s.municipality_id));
    Plan {
        org,
        school_id: s.id,
        municipality_id: s.municipality_id,
        stage: s.stage,
        residence,
        pupil,
        same_child_as: None,
        source,
        referred_by,
        referrer,
        reason,
        signals,
        urgency,
        parents_informed,
        received,
        outcome,
        story: None,
    }
}

// ---------------------------------------------------------------------------------------------
// Writing: one transaction (or batches of them), counting as it goes.
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Default)]
struct Counts {
    children: usize,
    guardians: usize,
    referrals: usize,
    waiting: usize,
    cases: usize,
    closed: usize,
    contacts: usize,
    goals: usize,
    consents: usize,
    onward: usize,
    mandates: usize,
    events: usize,
    consultations: usize,
    targets: usize,
}

impl Counts {
    fn summary(&self) -> String {
        format!(
            "{} referrals ({} waiting), {} cases ({} open, {} closed), {} children, {} parents/carers, {} contacts, \
             {} goals, {} consents, {} onward referrals, {} mandate decisions, {} consultations, {} referral targets, \
             {} case events",
            self.referrals,
            self.waiting,
            self.cases,
            self.cases - self.closed,
            self.closed,
            self.children,
            self.guardians,
            self.contacts,
            self.goals,
            self.consents,
            self.onward,
            self.mandates,
            self.consultations,
            self.targets,
            self.events
        )
    }
}

struct W {
    tx: Option<WriteTx>,
    now: DateTime<Utc>,
    tick: i64,
    n: Counts,
    /// Next case sequence per (organisation, year).
    sequences: HashMap<(i64, i32), i64>,
}

impl W {
    fn tx(&mut self) -> Result<&mut WriteTx> {
        self.tx
            .as_mut()
            .ok_or_else(|| anyhow!("no open transaction"))
    }

    /// A time on `d` for rows and events: 08:30 plus a step per event, never after `now`.
    fn at(&mut self, d: NaiveDate) -> DateTime<Utc> {
        self.tick += 1;
        let t = d.and_time(NaiveTime::MIN).and_utc()
            + Duration::minutes(8 * 60 + 30 + (self.tick % 420));
        if t > self.now {
            self.now - Duration::seconds(900 - (self.tick % 800))
        } else {
            t
        }
    }

    #[allow(clippy::too_many_arguments)]
    async fn event(
        &mut self,
        case_id: i64,
        user: Option<i64>,
        kind: &str,
        summary: &str,
        detail: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let at = self.at(on);
        self.tx()?
            .insert_event(case_id, user, kind, summary, detail, at)
            .await?;
        self.n.events += 1;
        Ok(())
    }

    async fn rotate(&mut self, store: &Store) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        self.tx = Some(store.begin().await?);
        Ok(())
    }

    async fn commit(&mut self) -> Result<()> {
        if let Some(tx) = self.tx.take() {
            tx.commit().await?;
        }
        Ok(())
    }

    fn next_number(&mut self, prefix: &str, org: i64, year: i32) -> String {
        let seq = self.sequences.entry((org, year)).or_insert(0);
        *seq += 1;
        rules::case_number(prefix, year, *seq)
    }
}

/// What was written for a plan, for a later referral of the same child.
#[derive(Debug, Clone)]
struct Written {
    child_id: i64,
    parents: Vec<(i64, String, bool)>,
    case: Option<(i64, String)>,
}

/// Who consents: the child or a parent (index into the household).
#[derive(Debug, Clone, Copy)]
enum Who {
    Child,
    Parent(usize),
}

#[derive(Debug, Clone)]
enum Act {
    Contact {
        kind: &'static str,
        participants: String,
        minutes: i64,
        note: String,
    },
    Consent {
        who: Who,
        /// `None`: help; `Some(recipient)`: sharing with that recipient.
        share: Option<String>,
        information: String,
        until: Option<NaiveDate>,
        wish: String,
    },
    Goal {
        description: String,
        start: i64,
    },
    Score {
        goal: usize,
        end: bool,
        score: i64,
    },
    Propose {
        target: Target,
        note: String,
    },
    Advance {
        status: OnwardStatus,
        feedback: String,
    },
    /// An SMW-plus decision, made within the domain's rules (`schakel_domain::mandate::check_decision`).
    Mandate {
        care_kind: String,
        category: CareCategory,
        volume: i64,
        unit: VolumeUnit,
        provider: Target,
        from: NaiveDate,
        until: NaiveDate,
        reasons: String,
        needs_approval: bool,
    },
    Approve {
        user: i64,
        name: String,
    },
    Event {
        kind: &'static str,
        summary: String,
        detail: String,
    },
    Summary {
        text: String,
        safety: bool,
    },
    /// A report to the school, shared with the consent the story recorded before.
    SchoolReport {
        body: String,
    },
    Close {
        reason: &'static str,
        note: String,
        parent: Option<i64>,
        child: Option<i64>,
    },
    /// Closure asked for where the organisation wants the team lead's approval; it waits for it.
    RequestClosure {
        reason: &'static str,
        note: String,
    },
}

struct CaseState {
    id: i64,
    organisation: i64,
    school: i64,
    version: i64,
    worker: i64,
    user: Option<i64>,
    review_on: String,
    given: String,
    parents: Vec<(i64, String, bool)>,
    goals: Vec<i64>,
    onward: Option<(i64, i64, String)>,
    mandate: Option<i64>,
}

/// Carries out a case's acts in date order (stable: acts on one day keep their order).
async fn run(w: &mut W, st: &mut CaseState, mut acts: Vec<(NaiveDate, Act)>) -> Result<()> {
    acts.sort_by_key(|(d, _)| *d);
    for (on, act) in acts {
        let at = w.at(on);
        let day = on.to_string();
        match act {
            Act::Contact {
                kind,
                participants,
                minutes,
                note,
            } => {
                w.tx()?
                    .insert_contact(
                        st.id,
                        &day,
                        kind,
                        &participants,
                        minutes,
                        &note,
                        st.user,
                        at,
                    )
                    .await?;
                w.n.contacts += 1;
                let summary = format!(
                    "Contact: {} ({minutes} min)",
                    rules::contact_kind_label(kind)
                );
                w.event(st.id, st.user, "contact", &summary, "", on).await?;
                // A home visit costs travel; a meeting and an intake are written up afterwards.
                let indirect = match kind {
                    "huisbezoek" => Some(("reistijd", 25)),
                    "overleg" => Some(("verslaglegging", 15)),
                    "intake" => Some(("verslaglegging", 20)),
                    _ => None,
                };
                if let Some((activity, spent)) = indirect {
                    w.tx()?
                        .insert_time_entry(
                            &NewTimeEntry {
                                organisation_id: st.organisation,
                                case_id: Some(st.id),
                                school_id: Some(st.school),
                                worker_id: Some(st.worker),
                                spent_on: day.clone(),
                                minutes: spent,
                                activity: activity.into(),
                                note: String::new(),
                                created_by: st.user,
                            },
                            at,
                        )
                        .await?;
                    let label = rules::indirect_activity_label(activity).unwrap_or(activity);
                    let summary = format!("Indirecte tijd: {spent} min {label}");
                    w.event(st.id, st.user, "time", &summary, "", on).await?;
                }
            }
            Act::Consent {
                who,
                share,
                information,
                until,
                wish,
            } => {
                let (party, guardian, name) = match who {
                    Who::Child => ("child", None, "kind/jongere".to_string()),
                    Who::Parent(i) => {
                        let (id, name, gezag) = st
                            .parents
                            .get(i)
                            .cloned()
                            .ok_or_else(|| anyhow!("no parent {i}"))?;
                        if !gezag {
                            bail!("a parent without gezag does not consent");
                        }
                        ("guardian", Some(id), name)
                    }
                };
                let (purpose, recipient) = match &share {
                    Some(r) => ("share", r.as_str()),
                    None => ("help", ""),
                };
                let until = until.map(|u| u.to_string());
                w.tx()?
                    .insert_consent(
                        st.id,
                        party,
                        guardian,
                        purpose,
                        recipient,
                        &information,
                        &day,
                        until.as_deref(),
                        &wish,
                        st.user,
                        at,
                    )
                    .await?;
                w.n.consents += 1;
                let what = match &share {
                    Some(r) => format!("delen met {r}"),
                    None => "hulp".to_string(),
                };
                let summary = format!("Toestemming vastgelegd: {name} voor {what}");
                w.event(st.id, st.user, "consent", &summary, &wish, on)
                    .await?;
            }
            Act::Goal { description, start } => {
                let theme = goal_theme_of(&description);
                let id = w
                    .tx()?
                    .insert_goal(st.id, &description, theme, start, at)
                    .await?;
                st.goals.push(id);
                w.n.goals += 1;
                let summary = format!("Doel gesteld: {description} (GAS start {start:+})");
                w.event(st.id, st.user, "goal", &summary, "", on).await?;
            }
            Act::Score { goal, end, score } => {
                let id = *st
                    .goals
                    .get(goal)
                    .ok_or_else(|| anyhow!("no goal {goal}"))?;
                let moment = if end { "end" } else { "review" };
                w.tx()?.score_goal(st.id, id, moment, score).await?;
                let label = if end { "eindscore" } else { "tussenscore" };
                let summary = format!("GAS-{label} {score:+} voor doel {id}");
                w.event(st.id, st.user, "goal_score", &summary, "", on)
                    .await?;
            }
            Act::Propose { target, note } => {
                let id = w
                    .tx()?
                    .insert_onward(st.id, target.id, &note, &day, at)
                    .await?;
                st.onward = Some((id, 1, target.name.clone()));
                w.n.onward += 1;
                let summary = format!("Verwijzing voorgesteld: {}", target.name);
                w.event(st.id, st.user, "onward", &summary, "", on).await?;
            }
            Act::Advance { status, feedback } => {
                let (id, version, name) = st
                    .onward
                    .clone()
                    .ok_or_else(|| anyhow!("no onward referral"))?;
                // Consent for sharing was recorded before (the acts are built that way).
                let basis = matches!(status, OnwardStatus::Consented | OnwardStatus::Sent)
                    .then_some("consent");
                let feedback = (!feedback.is_empty()).then_some(feedback.as_str());
                w.tx()?
                    .set_onward_status(id, version, status.as_str(), feedback, basis, &day)
                    .await?;
                st.onward = Some((id, version + 1, name.clone()));
                let summary = format!("Verwijzing naar {name}: {}", status.label_nl());
                w.event(st.id, st.user, "onward", &summary, basis.unwrap_or(""), on)
                    .await?;
            }
            Act::Mandate {
                care_kind,
                category,
                volume,
                unit,
                provider,
                from,
                until,
                reasons,
                needs_approval,
            } => {
                // The demo's decisions keep to the rules a worker's would (default longest period: a year).
                let (from_s, until_s) = (from.to_string(), until.to_string());
                mandate::check_decision(
                    &mandate::DecisionDraft {
                        category: category.as_str(),
                        volume: Some(volume),
                        volume_unit: unit.as_str(),
                        period_from: &from_s,
                        period_until: &until_s,
                        provider_kind: Some(provider.kind),
                    },
                    on,
                    mandate::DEFAULT_MAX_MONTHS,
                )
                .map_err(|e| anyhow!("demo decision breaks the rules: {e:?}"))?;
                let status = mandate::MandateStatus::new_decision(needs_approval);
                let id = w
                    .tx()?
                    .insert_mandate(
                        &schakel_store::NewMandate {
                            case_id: st.id,
                            worker_id: st.worker,
                            care_kind: &care_kind,
                            category: category.as_str(),
                            volume,
                            volume_unit: unit.as_str(),
                            provider_id: provider.id,
                            provider: &provider.name,
                            period_from: &from_s,
                            period_until: &until_s,
                            reasons: &reasons,
                            status: status.as_str(),
                            decided_on: &day,
                        },
                        at,
                    )
                    .await?;
                st.mandate = Some(id);
                w.n.mandates += 1;
                let summary = format!(
                    "Beschikking jeugdhulp ({care_kind}, {}) vastgelegd; {}",
                    provider.name,
                    status.label_nl()
                );
                w.event(st.id, st.user, "mandate", &summary, "", on).await?;
            }
            Act::Approve { user, name } => {
                let id = st.mandate.ok_or_else(|| anyhow!("no mandate decision"))?;
                w.tx()?.approve_mandate(id, user, &day).await?;
                let summary = format!("Beschikking {id} goedgekeurd door {name}");
                w.event(st.id, Some(user), "mandate_approved", &summary, "", on)
                    .await?;
            }
            Act::Event {
                kind,
                summary,
                detail,
            } => {
                w.event(st.id, st.user, kind, &summary, &detail, on).await?;
            }
            Act::SchoolReport { body } => {
                let user = st
                    .user
                    .ok_or_else(|| anyhow!("a school report needs the worker's account"))?;
                w.tx()?
                    .insert_school_report(st.id, st.school, &body, "consent", &day, user, at)
                    .await?;
                w.event(
                    st.id,
                    st.user,
                    "school_report",
                    "Terugkoppeling aan school",
                    &body,
                    on,
                )
                .await?;
            }
            Act::Summary { text, safety } => {
                let review = st.review_on.clone();
                st.version = w
                    .tx()?
                    .update_case(st.id, st.version, &text, safety, Some(&review), at)
                    .await?;
                let what = if safety {
                    "samenvatting, zorg over veiligheid gemarkeerd"
                } else {
                    "samenvatting"
                };
                w.event(
                    st.id,
                    st.user,
                    "edited",
                    &format!("Gewijzigd: {what}"),
                    "",
                    on,
                )
                .await?;
            }
            Act::RequestClosure { reason, note } => {
                w.tx()?
                    .request_closure(st.id, st.version, reason, &note, None, None, at)
                    .await?;
                st.version += 1;
                let label = rules::closure_reason_label(reason).unwrap_or("anders");
                w.event(
                    st.id,
                    st.user,
                    "closure_requested",
                    &format!("Afsluiting aangevraagd: {label}; wacht op akkoord teamleider"),
                    &note,
                    on,
                )
                .await?;
            }
            Act::Close {
                reason,
                note,
                parent,
                child,
            } => {
                w.tx()?
                    .close_case(st.id, st.version, &day, reason, &note, parent, child, at)
                    .await?;
                st.version += 1;
                w.n.closed += 1;
                let label = rules::closure_reason_label(reason).unwrap_or("anders");
                w.event(
                    st.id,
                    st.user,
                    "closed",
                    &format!("Dossier gesloten: {label}"),
                    &note,
                    on,
                )
                .await?;
            }
        }
    }
    Ok(())
}

/// Parties whose consent for help the age requires (RULES.md §1).
fn help_parties(age: u32, parents: &[(i64, String, bool)]) -> Vec<Who> {
    let with_gezag = parents
        .iter()
        .enumerate()
        .filter(|(_, p)| p.2)
        .map(|(i, _)| Who::Parent(i));
    match age {
        0..=11 => with_gezag.collect(),
        12..=15 => std::iter::once(Who::Child).chain(with_gezag).collect(),
        _ => vec![Who::Child],
    }
}

/// Parties whose consent for sharing with a third party the age requires (RULES.md §1).
fn share_parties(age: u32, parents: &[(i64, String, bool)]) -> Vec<Who> {
    if age < 12 {
        parents
            .iter()
            .enumerate()
            .filter(|(_, p)| p.2)
            .map(|(i, _)| Who::Parent(i))
            .collect()
    } else {
        vec![Who::Child]
    }
}

/// Writes the child (unless known), the referral and its triage; opens the case when accepted.
async fn write_plan(
    w: &mut W,
    env: &Env,
    plan: &Plan,
    prior: Option<&Written>,
) -> Result<(Written, Option<CaseState>)> {
    let received_at = w.at(plan.received);
    let (child_id, parents) = match prior {
        Some(p) => (p.child_id, p.parents.clone()),
        None => {
            let child = w
                .tx()?
                .insert_child(
                    &NewChild {
                        organisation_id: plan.org,
                        given_name: plan.pupil.given.clone(),
                        family_name: plan.pupil.family.clone(),
                        date_of_birth: plan.pupil.dob.to_string(),
                        school_id: Some(plan.school_id),
                        class_name: plan.pupil.class_name.clone(),
                        home_language: plan.pupil.language.clone(),
                        interpreter_needed: plan.pupil.interpreter,
                        residence_municipality_id: plan.residence,
                    },
                    received_at,
                )
                .await?;
            w.n.children += 1;
            let mut parents = Vec::new();
            for p in &plan.pupil.parents {
                let id = w
                    .tx()?
                    .insert_guardian(
                        child.id,
                        &p.name,
                        p.relation,
                        p.gezag,
                        &p.phone,
                        &p.email,
                        received_at,
                    )
                    .await?;
                w.n.guardians += 1;
                parents.push((id, p.name.clone(), p.gezag));
            }
            (child.id, parents)
        }
    };
    let referral = w
        .tx()?
        .insert_referral(
            &NewReferral {
                organisation_id: plan.org,
                school_id: plan.school_id,
                child_id,
                source: plan.source.to_string(),
                referred_by_user_id: plan.referred_by,
                referrer_name: plan.referrer.clone(),
                reason: plan.reason.clone(),
                signals: plan.signals.join(","),
                urgency: plan.urgency.to_string(),
                parents_informed: plan.parents_informed,
                parents_agree: plan.parents_informed,
                received_on: plan.received.to_string(),
            },
            received_at,
        )
        .await?;
    w.n.referrals += 1;
    let mut written = Written {
        child_id,
        parents: parents.clone(),
        case: None,
    };
    match &plan.outcome {
        Outcome::Waiting => {
            w.n.waiting += 1;
            Ok((written, None))
        }
        Outcome::Decided { status, on, note } => {
            let at = w.at(*on);
            w.tx()?
                .decide_referral(referral, 1, status, note, &on.to_string(), None, at)
                .await?;
            Ok((written, None))
        }
        Outcome::Case(cp) => {
            let worker = env
                .workers
                .get(&cp.worker)
                .ok_or_else(|| anyhow!("unknown worker {}", cp.worker))?;
            let (prefix, review_weeks, _) = env
                .settings
                .get(&plan.org)
                .cloned()
                .unwrap_or_else(|| ("SMW".into(), 6, -2));
            let number = w.next_number(&prefix, plan.org, cp.opened.year());
            let review_on = rules::first_review(cp.opened, review_weeks).to_string();
            let at = w.at(cp.opened);
            let previous = prior
                .and_then(|p| p.case.clone())
                .filter(|_| cp.previous.is_some());
            let case_id = w
                .tx()?
                .insert_case(
                    &NewCase {
                        organisation_id: plan.org,
                        case_number: number.clone(),
                        child_id,
                        school_id: Some(plan.school_id),
                        worker_id: Some(worker.id),
                        team_id: worker.team_id,
                        referral_id: Some(referral),
                        previous_case_id: previous.as_ref().map(|p| p.0),
                        opened_on: cp.opened.to_string(),
                        review_on: Some(review_on.clone()),
                    },
                    at,
                )
                .await?;
            w.n.cases += 1;
            w.tx()?
                .decide_referral(
                    referral,
                    1,
                    "accepted",
                    "",
                    &cp.opened.to_string(),
                    Some(case_id),
                    at,
                )
                .await?;
            let mut summary = format!(
                "Dossier {number} geopend na aanmelding; toegewezen aan {}",
                worker.name
            );
            if let Some((_, prev)) = &previous {
                summary.push_str(&format!("; eerdere casus {prev} (binnen 12 maanden)"));
            }
            let triage = env.triage_user.get(&plan.org).copied().or(worker.user_id);
            w.event(case_id, triage, "opened", &summary, &plan.reason, cp.opened)
                .await?;
            written.case = Some((case_id, number));
            Ok((
                written,
                Some(CaseState {
                    id: case_id,
                    organisation: plan.org,
                    school: plan.school_id,
                    version: 1,
                    worker: worker.id,
                    user: worker.user_id,
                    review_on,
                    given: plan.pupil.given.clone(),
                    parents,
                    goals: Vec::new(),
                    onward: None,
                    mandate: None,
                }),
            ))
        }
    }
}

/// The ordinary course of a case: intake, consent as the age requires, goals, contacts, a review,
/// sometimes an onward referral, and — when it ends — end scores and the closure.
fn generic_acts(
    rng: &mut Rng,
    env: &Env,
    plan: &Plan,
    cp: &CasePlan,
    st: &CaseState,
) -> Vec<(NaiveDate, Act)> {
    let today = env.today;
    let g = st.given.as_str();
    let mut acts = Vec::new();
    let last = cp.close.map_or(today, |c| c.0);
    let mut intake = weekday_after(cp.opened + Duration::days(rng.between(1, 9)));
    if intake > last {
        if cp.close.is_some() {
            intake = cp.opened;
        } else {
            // Opened days ago, the intake is still to come.
            return acts;
        }
    }
    let span = (last - intake).num_days();
    // Contacts at most every few days (the benchmark case keeps all of its contacts).
    let n = if cp.contacts >= 100 {
        cp.contacts
    } else {
        cp.contacts
            .min(usize::try_from(span / 3 + 1).unwrap_or(1))
            .max(1)
    };
    let mut dates: Vec<NaiveDate> = (1..n)
        .map(|_| weekday(intake + Duration::days(rng.between(2.min(span), span))).max(intake))
        .collect();
    dates.sort();
    let age = |d: NaiveDate| age_on(plan.pupil.dob, d);
    let young = age(intake) < 12;
    let parents_label = {
        let names: Vec<&str> = plan
            .pupil
            .parents
            .iter()
            .filter(|p| p.gezag)
            .map(|p| p.relation)
            .collect();
        if names.is_empty() {
            "ouder".to_string()
        } else {
            names.join(", ")
        }
    };
    let participants = |kind: &str, rng: &mut Rng| -> String {
        match kind {
            "intake" if plan.stage == Stage::Pre => parents_label.clone(),
            "intake" if age(intake) >= 16 => g.to_string(),
            "intake" => format!("{g}, {parents_label}"),
            "gesprek_kind" => g.to_string(),
            "gesprek_ouders" => parents_label.clone(),
            "gesprek_leerkracht" => match plan.stage {
                Stage::Pre => "pedagogisch medewerker".into(),
                Stage::Primary => rng.pick(&["leerkracht", "intern begeleider"]).to_string(),
                _ => rng.pick(&["mentor", "zorgcoördinator"]).to_string(),
            },
            "huisbezoek" => format!("{g}, {parents_label}"),
            "telefoon" => rng.pick(&["moeder", "vader", "moeder"]).to_string(),
            "overleg" => rng
                .pick(&[
                    "IB'er, leerkracht",
                    "zorgcoördinator, mentor",
                    "jeugdverpleegkundige",
                ])
                .to_string(),
            _ => "groep".into(),
        }
    };
    let minutes = |kind: &str, rng: &mut Rng| -> i64 {
        match kind {
            "intake" => 60,
            "gesprek_kind" if young => rng.between(6, 9) * 5,
            "gesprek_kind" => rng.between(9, 12) * 5,
            "gesprek_ouders" => rng.between(9, 15) * 5,
            "gesprek_leerkracht" => rng.between(3, 6) * 5,
            "huisbezoek" => rng.between(12, 18) * 5,
            "telefoon" => rng.between(2, 4) * 5,
            "overleg" => rng.between(6, 12) * 5,
            _ => 30,
        }
    };
    let kinds: &[(&'static str, u32)] = match plan.stage {
        Stage::Pre => &[
            ("gesprek_ouders", 45),
            ("huisbezoek", 20),
            ("gesprek_leerkracht", 15),
            ("telefoon", 15),
            ("anders", 5),
        ],
        _ if young => &[
            ("gesprek_kind", 30),
            ("gesprek_ouders", 25),
            ("gesprek_leerkracht", 15),
            ("telefoon", 12),
            ("huisbezoek", 8),
            ("overleg", 8),
        ],
        _ => &[
            ("gesprek_kind", 48),
            ("gesprek_ouders", 10),
            ("gesprek_leerkracht", 12),
            ("telefoon", 15),
            ("huisbezoek", 4),
            ("overleg", 10),
        ],
    };
    let contact = |kind: &'static str, rng: &mut Rng| Act::Contact {
        kind,
        participants: participants(kind, rng),
        minutes: minutes(kind, rng),
        note: fill(rng.pick::<&str>(contact_notes(kind)), g),
    };
    acts.push((intake, contact("intake", rng)));
    // Consent for help at the intake, from whom the age requires.
    let a = age(intake);
    let wish_pool = [
        "wil dat de mentor alleen hoort dát er hulp is",
        "wil eerst zelf met moeder praten voordat vader erbij komt",
        "wil de gesprekken op school, niet thuis",
    ];
    for who in help_parties(a, &st.parents) {
        let wish = match who {
            Who::Child if (12..16).contains(&a) && rng.chance(0.15) => {
                rng.pick(&wish_pool).to_string()
            }
            _ => String::new(),
        };
        acts.push((
            intake,
            Act::Consent {
                who,
                share: None,
                information: String::new(),
                until: None,
                wish,
            },
        ));
    }
    // Often: feedback to school, with consent of whom the age requires.
    let to_school = rng.chance(0.35);
    if to_school {
        let recipient = if plan.stage == Stage::Pre {
            "voorschool"
        } else {
            "school"
        };
        for who in share_parties(a, &st.parents) {
            acts.push((
                intake,
                Act::Consent {
                    who,
                    share: Some(recipient.into()),
                    information:
                        "voortgang en afspraken voor in de klas; geen details over de thuissituatie"
                            .into(),
                    until: Some(school_year_end(intake)),
                    wish: String::new(),
                },
            ));
        }
    }
    let (_, review_weeks, gas_min) = env
        .settings
        .get(&plan.org)
        .cloned()
        .unwrap_or_else(|| ("SMW".into(), 6, -2));
    let goals = if plan.signals.len() >= 2 && rng.chance(0.4) {
        2
    } else {
        1
    };
    let mut starts = Vec::new();
    for k in 0..goals {
        let signal = plan.signals.get(k).copied().unwrap_or("gedrag");
        let start = if rng.chance(0.35) {
            gas_min.max(-2)
        } else {
            -1
        };
        starts.push(start);
        acts.push((
            intake,
            Act::Goal {
                description: fill(rng.pick::<&str>(goal_templates(signal)), g),
                start,
            },
        ));
    }
    // A child who turns 12 during the help consents too from then on (help, and sharing with school).
    let twelve = plan
        .pupil
        .dob
        .checked_add_months(Months::new(12 * 12))
        .unwrap_or(plan.pupil.dob);
    if a < 12 && twelve <= last {
        let on = dates
            .iter()
            .copied()
            .find(|d| *d >= twelve)
            .unwrap_or_else(|| weekday_after(twelve).min(last).max(twelve));
        acts.push((
            on,
            Act::Consent {
                who: Who::Child,
                share: None,
                information: String::new(),
                until: None,
                wish: format!("{g} is 12 geworden en geeft nu ook zelf toestemming"),
            },
        ));
        if to_school {
            acts.push((
                on,
                Act::Consent {
                    who: Who::Child,
                    share: Some("school".into()),
                    information:
                        "voortgang en afspraken voor in de klas; geen details over de thuissituatie"
                            .into(),
                    until: Some(school_year_end(on)),
                    wish: String::new(),
                },
            ));
        }
    }
    for d in &dates {
        let kind = match *rng.weighted(kinds) {
            // In the summer holidays there is no teacher to talk to.
            "gesprek_leerkracht" | "overleg" if in_summer_holiday(*d) => "telefoon",
            kind => kind,
        };
        acts.push((*d, contact(kind, rng)));
    }
    // End scores first (they decide the review scores in between).
    let ends: Vec<i64> = starts
        .iter()
        .map(|&s| match cp.close.map(|c| c.1) {
            Some("doelen_bereikt") => *rng.weighted(&[(0, 3), (1, 5), (2, 2)]),
            Some("verwezen") => s.max(*rng.pick(&[-1, 0])),
            Some("gestopt_door_gezin") => (s + rng.between(0, 1)).min(0),
            Some(_) => s + rng.between(0, 1),
            None => (s + rng.between(0, 2)).min(2),
        })
        .collect();
    let review = weekday(rules::first_review(cp.opened, review_weeks));
    if review <= last && review > intake {
        for (k, (&s, &e)) in starts.iter().zip(&ends).enumerate() {
            let score = s + rng.between(0, (e - s).max(0));
            acts.push((
                review,
                Act::Score {
                    goal: k,
                    end: false,
                    score,
                },
            ));
        }
    }
    // An onward referral: always when the case closes as referred, sometimes otherwise.
    let reason = cp.close.map(|c| c.1);
    let wants_onward = match reason {
        Some("verwezen") => true,
        Some("doelen_bereikt") => rng.chance(0.06),
        Some(_) => false,
        None => n >= 3 && rng.chance(0.14),
    };
    let targets = env.targets.get(&plan.municipality_id);
    let target = targets.and_then(|ts| {
        plan.signals
            .iter()
            .flat_map(|s| target_kinds(s).iter())
            .find_map(|k| ts.iter().find(|t| t.kind == *k))
            .or_else(|| ts.iter().find(|t| t.kind == "wijkteam"))
            .cloned()
    });
    let mut reason_final = reason;
    match (wants_onward, target) {
        (true, Some(target)) => {
            let proposed = dates
                .get(dates.len() / 2)
                .copied()
                .unwrap_or(intake)
                .min(last);
            let closing = cp.close.is_some();
            let step = |d: NaiveDate, days: (i64, i64), rng: &mut Rng| -> NaiveDate {
                let next = weekday_after(d + Duration::days(rng.between(days.0, days.1)));
                if closing { next.min(last) } else { next }
            };
            acts.push((
                proposed,
                Act::Propose {
                    target: target.clone(),
                    note: format!(
                        "Hulpvraag: {}. Wat is gedaan: {}.",
                        plan.signals
                            .iter()
                            .map(|s| signal_label(s))
                            .collect::<Vec<_>>()
                            .join(", "),
                        approach(plan.signals.first().copied().unwrap_or("gedrag"))
                    ),
                },
            ));
            let consented = step(proposed, (0, 3), rng);
            let sent = step(consented, (0, 3), rng);
            // Whom the age requires on each day information may be shared (a 12th birthday may fall
            // in between).
            let mut parties = share_parties(age(proposed), &st.parents);
            for d in [consented, sent] {
                for who in share_parties(age(d), &st.parents) {
                    let known = parties.iter().any(|p| match (p, &who) {
                        (Who::Child, Who::Child) => true,
                        (Who::Parent(a), Who::Parent(b)) => a == b,
                        _ => false,
                    });
                    if !known {
                        parties.push(who);
                    }
                }
            }
            for who in parties {
                acts.push((
                    proposed,
                    Act::Consent {
                        who,
                        share: Some(target.name.clone()),
                        information: "hulpvraag, wat al gedaan is en de doelen".into(),
                        until: None,
                        wish: String::new(),
                    },
                ));
            }
            let accepted = step(sent, (5, 20), rng);
            let started = step(accepted, (5, 25), rng);
            let mut chain = vec![
                (consented, OnwardStatus::Consented, String::new()),
                (sent, OnwardStatus::Sent, String::new()),
                (
                    accepted,
                    OnwardStatus::Accepted,
                    "Aanmelding ontvangen; intake gepland.".to_string(),
                ),
                (
                    started,
                    OnwardStatus::Started,
                    "Hulp gestart; eerste afspraak heeft plaatsgevonden.".to_string(),
                ),
            ];
            if cp.close.is_some() && rng.chance(0.35) {
                chain.push((
                    last,
                    OnwardStatus::Completed,
                    "Traject afgerond; terugkoppeling ontvangen.".to_string(),
                ));
            }
            for (d, status, feedback) in chain {
                // An open case shows the steps taken so far; a closed one at least up to "gestart".
                if cp.close.is_none() && d > today {
                    break;
                }
                acts.push((d, Act::Advance { status, feedback }));
            }
        }
        (true, None) => reason_final = reason.map(|_| "anders"),
        _ => {}
    }
    if let (Some((closed, _)), Some(reason)) = (cp.close, reason_final) {
        for (k, &e) in ends.iter().enumerate() {
            acts.push((
                closed,
                Act::Score {
                    goal: k,
                    end: true,
                    score: e,
                },
            ));
        }
        let asked = a >= 8;
        let (parent, child) = match reason {
            "doelen_bereikt" => (
                rng.chance(0.8).then(|| rng.between(7, 9)),
                (asked && rng.chance(0.7)).then(|| rng.between(7, 10)),
            ),
            "verwezen" | "anders" => (
                rng.chance(0.5).then(|| rng.between(6, 8)),
                (asked && rng.chance(0.4)).then(|| rng.between(6, 9)),
            ),
            "gestopt_door_gezin" => (rng.chance(0.3).then(|| rng.between(4, 6)), None),
            _ => (None, None),
        };
        acts.push((
            closed,
            Act::Close {
                reason,
                note: closure_note(reason).to_string(),
                parent,
                child,
            },
        ));
    }
    if env.rich {
        let signals = plan
            .signals
            .iter()
            .map(|s| signal_label(s))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(
            "Aangemeld om: {signals}. Aanpak: {}.",
            approach(plan.signals.first().copied().unwrap_or("gedrag"))
        );
        let safety = plan.signals.contains(&"veiligheid");
        acts.push((intake, Act::Summary { text, safety }));
    }
    acts
}

// ---------------------------------------------------------------------------------------------
// The demo.
// ---------------------------------------------------------------------------------------------

const DEMO_SEED: u64 = 0x5CA4_E1DE_CA5E_2026;

/// Referral targets (the "sociale kaart") per municipality of the demo: (name, kind, contact).
const WATERWEIDE_TARGETS: [(&str, &str, &str); 11] = [
    (
        "Wijkteam Waterweide Noord",
        "wijkteam",
        "wijkteamnoord@waterweide.example",
    ),
    (
        "Wijkteam Waterweide Zuid",
        "wijkteam",
        "wijkteamzuid@waterweide.example",
    ),
    (
        "Jeugdloket gemeente Waterweide",
        "jeugdloket",
        "jeugdloket@waterweide.example",
    ),
    ("CJG Waterweide", "cjg", "info@cjgwaterweide.example"),
    (
        "Huisartsenpraktijk De Vaart",
        "huisarts",
        "assistente@praktijkdevaart.example",
    ),
    (
        "Ouderschap na scheiding – cursus Kinderen uit de Knel",
        "opvoedcursus",
        "aanmelden@welzijnwaterweide.example",
    ),
    (
        "Oudercursus 'Grenzen stellen met plezier'",
        "opvoedcursus",
        "opvoeden@welzijnwaterweide.example",
    ),
    (
        "Jeugdhulp Noord-Holland Zuid",
        "jeugdhulpaanbieder",
        "aanmelding@jeugdhulpnhz.example",
    ),
    (
        "Meedoenfonds Waterweide",
        "fonds",
        "aanvragen@meedoenfonds-waterweide.example",
    ),
    (
        "Geldzaken Waterweide (schuldhulp)",
        "schuldhulp",
        "geldzaken@waterweide.example",
    ),
    (
        "Veilig Thuis Zaanstreek-Waterland",
        "veilig_thuis",
        "advies via 0800-2000 (landelijk nummer)",
    ),
];

const HAVENSTAD_TARGETS: [(&str, &str, &str); 9] = [
    (
        "Wijkteam Havenstad Centrum",
        "wijkteam",
        "centrum@wijkteamshavenstad.example",
    ),
    (
        "Wijkteam Havenstad Zuid",
        "wijkteam",
        "zuid@wijkteamshavenstad.example",
    ),
    (
        "Jeugdloket gemeente Havenstad",
        "jeugdloket",
        "jeugd@havenstad.example",
    ),
    (
        "CJG Havenstad gezinscoach",
        "cjg",
        "gezinscoach@cjghavenstad.example",
    ),
    (
        "Huisartsengroep Havenkwartier",
        "huisarts",
        "praktijk@havenkwartier.example",
    ),
    (
        "Ouderschap na scheiding – groepstraining Havenstad",
        "opvoedcursus",
        "scheiding@jeugdengezinhavenstad.example",
    ),
    (
        "Kinder- en Jeugdpsychiatrie Havenstad",
        "jeugdhulpaanbieder",
        "verwijzingen@kjphavenstad.example",
    ),
    (
        "Ambulante gezinsbegeleiding De Haven",
        "jeugdhulpaanbieder",
        "aanmelden@dehaven-gezin.example",
    ),
    (
        "Veilig Thuis regio Havenstad",
        "veilig_thuis",
        "advies via 0800-2000 (landelijk nummer)",
    ),
];

const LINDELOO_TARGETS: [(&str, &str, &str); 4] = [
    (
        "Sociaal team Lindeloo",
        "wijkteam",
        "sociaalteam@lindeloo.example",
    ),
    (
        "Jeugdloket Lindeloo",
        "jeugdloket",
        "jeugd@lindeloo.example",
    ),
    (
        "Huisartsenpraktijk Dorpsstraat Lindeloo",
        "huisarts",
        "praktijk@dorpsstraat-lindeloo.example",
    ),
    (
        "Veilig Thuis Zaanstreek-Waterland",
        "veilig_thuis",
        "advies via 0800-2000 (landelijk nummer)",
    ),
];

async fn org_id(store: &Store, name: &str) -> Result<i64> {
    store
        .list_organisations()
        .await?
        .into_iter()
        .find(|o| o.name == name)
        .map(|o| o.id)
        .ok_or_else(|| {
            anyhow!("the demo world has no organisation {name}; run load_world(demo_world()) first")
        })
}

async fn user_id(store: &Store, username: &str) -> Result<schakel_store::User> {
    store
        .user_by_username(username)
        .await?
        .ok_or_else(|| anyhow!("the demo world has no account {username}"))
}

async fn all_schools(store: &Store) -> Result<Vec<School>> {
    let mut out = Vec::new();
    loop {
        let (page, total) = store
            .list_schools(&SchoolFilter {
                limit: 1000,
                offset: out.len() as i64,
                ..SchoolFilter::default()
            })
            .await?;
        let empty = page.is_empty();
        out.extend(page);
        if empty || out.len() as i64 >= total {
            return Ok(out);
        }
    }
}

async fn load_workers(store: &Store) -> Result<HashMap<i64, Wk>> {
    Ok(store
        .list_workers(None)
        .await?
        .into_iter()
        .map(|w| {
            (
                w.id,
                Wk {
                    id: w.id,
                    organisation_id: w.organisation_id,
                    team_id: w.team_id,
                    name: w.name,
                    user_id: w.user_id,
                },
            )
        })
        .collect())
}

/// A hand-made pupil of the stories: `age` today, birthday `days` ago.
#[allow(clippy::too_many_arguments)]
fn story_pupil(
    today: NaiveDate,
    given: &str,
    family: &str,
    age: u32,
    days: i64,
    class_name: &str,
    language: &str,
    parents: Vec<Parent>,
) -> Pupil {
    Pupil {
        given: given.into(),
        family: family.into(),
        dob: years_before(today - Duration::days(days), age),
        class_name: class_name.into(),
        language: language.into(),
        interpreter: false,
        parents,
    }
}

/// Adds the demo's casework to a database where `load_world(demo_world())` has run; one transaction.
pub async fn seed_demo(store: &Store, today: NaiveDate, now: DateTime<Utc>) -> Result<String> {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(DEMO_SEED);
    let welzijn = org_id(store, "Welzijn Waterweide").await?;
    let jeugd_gezin = org_id(store, "Jeugd & Gezin Havenstad").await?;
    let cjg = org_id(store, "CJG Havenstad").await?;
    let waterweide = store.municipality_by_code("GM9901").await?.id;
    let havenstad = store.municipality_by_code("GM9902").await?.id;
    let lindeloo = store.municipality_by_code("GM9903").await?.id;
    let smw_user = user_id(store, "smw").await?;
    let school_user = user_id(store, "school").await?;
    let lead = user_id(store, "teamleider").await?;
    let hvs_user = user_id(store, "smw-havenstad").await?;
    let hvs_lead = user_id(store, "teamleider-havenstad").await?;
    let smw = store
        .worker_of_user(smw_user.id)
        .await?
        .ok_or_else(|| anyhow!("the smw account has no worker"))?;
    let hvs_worker = store
        .worker_of_user(hvs_user.id)
        .await?
        .ok_or_else(|| anyhow!("the smw-havenstad account has no worker"))?;
    let main_school = school_user
        .school_id
        .ok_or_else(|| anyhow!("the school account has no school"))?;
    let workers = load_workers(store).await?;
    let schools = all_schools(store).await?;
    let assignments: Vec<_> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .collect();

    // Settings per organisation (configuration, not code).
    let mut settings = HashMap::new();
    let mut tx = store.begin().await?;
    for (org, prefix, review, gas_min, mandate) in [
        (welzijn, "WW", 6, -2, false),
        (jeugd_gezin, "HVS", 6, -2, true),
        (cjg, "CJG", 8, -2, false),
    ] {
        let mut s = store.organisation_settings(org).await?;
        s.case_prefix = prefix.into();
        s.review_weeks = review;
        s.gas_min = gas_min;
        s.mandate_needs_approval = schakel_store::Flag(mandate);
        // Havenstad's team lead approves mandate decisions and closures alike.
        s.closure_needs_approval = schakel_store::Flag(mandate);
        tx.set_organisation_settings(org, &s).await?;
        settings.insert(org, (prefix.to_string(), review, gas_min));
    }
    let mut w = W {
        tx: Some(tx),
        now,
        tick: 0,
        n: Counts::default(),
        sequences: HashMap::new(),
    };
    let mut targets: HashMap<i64, Vec<Target>> = HashMap::new();
    for (municipality, list) in [
        (waterweide, &WATERWEIDE_TARGETS[..]),
        (havenstad, &HAVENSTAD_TARGETS[..]),
        (lindeloo, &LINDELOO_TARGETS[..]),
    ] {
        for (name, kind, contact) in list {
            let id = w
                .tx()?
                .insert_referral_target(Some(municipality), name, kind, contact, now)
                .await?;
            w.n.targets += 1;
            targets.entry(municipality).or_default().push(Target {
                id,
                name: (*name).to_string(),
                kind,
            });
        }
    }
    // Lindeloo's sociale kaart also lists the Waterweide help its pupils use.
    let shared: Vec<Target> = targets
        .get(&waterweide)
        .map(|t| {
            t.iter()
                .filter(|t| {
                    t.kind != "wijkteam" && t.kind != "jeugdloket" && t.kind != "veilig_thuis"
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    targets.entry(lindeloo).or_default().extend(shared);

    let env = Env {
        today,
        settings,
        targets,
        workers: workers.clone(),
        triage_user: HashMap::from([(welzijn, lead.id), (jeugd_gezin, hvs_lead.id)]),
        rich: true,
        contact_weights: &DEMO_CONTACTS,
        residence: HashMap::from([
            (
                waterweide,
                vec![(waterweide, 88), (lindeloo, 10), (havenstad, 2)],
            ),
            (lindeloo, vec![(lindeloo, 55), (waterweide, 45)]),
            (havenstad, vec![(havenstad, 97), (waterweide, 3)]),
        ]),
    };

    // Schools with the workers who take their cases; the demo worker gets a fair share at the
    // schools where she works as needed.
    let smw_schools: Vec<i64> = assignments
        .iter()
        .filter(|a| a.worker_id == smw.id)
        .map(|a| a.school_id)
        .collect();
    let mut sch: Vec<Sch> = Vec::new();
    for s in &schools {
        let pupils = store
            .school_pupils(s.id)
            .await?
            .first()
            .map_or(150, |p| p.pupils);
        let here: Vec<(i64, u32)> = assignments
            .iter()
            .filter(|a| a.school_id == s.id)
            .map(|a| {
                let weight = match a.hours_per_week {
                    _ if a.worker_id == smw.id && s.id != main_school => 14,
                    Some(h) => (h.round() as u32).max(1),
                    None => 3,
                };
                (a.worker_id, weight)
            })
            .collect();
        sch.push(Sch {
            id: s.id,
            school_type: s.school_type.clone(),
            stage: Stage::of(s),
            newcomer: s.school_type == "ISK",
            municipality_id: s.municipality_id,
            pupils,
            workers: here,
        });
    }
    let school_of = |id: i64| sch.iter().find(|s| s.id == id).cloned();
    let only = |s: &Sch, org: i64| Sch {
        workers: s
            .workers
            .iter()
            .copied()
            .filter(|(wid, _)| workers.get(wid).is_some_and(|w| w.organisation_id == org))
            .collect(),
        ..s.clone()
    };

    let mut plans: Vec<Plan> = Vec::new();
    // A school year of referrals at Waterweide's 37 schools and Lindeloo's 3.
    for s in sch
        .iter()
        .filter(|s| s.municipality_id == waterweide || s.municipality_id == lindeloo)
    {
        let s = only(s, welzijn);
        if s.id == main_school {
            let referrer = Some((
                Some(school_user.id),
                format!("{} (intern begeleider)", school_user.display_name),
            ));
            for force in [
                Force::Waiting,
                Force::Waiting,
                Force::Declined,
                Force::Advice,
                Force::Closed,
                Force::Open,
            ] {
                let referrer = if matches!(force, Force::Advice) {
                    None
                } else {
                    referrer.clone()
                };
                plans.push(volume_plan(
                    &mut rng,
                    &env,
                    &s,
                    Ask {
                        force: Some(force),
                        referrer,
                        worker: Some(smw.id),
                        ..Ask::default()
                    },
                ));
            }
            continue;
        }
        let rate = match (s.stage, s.newcomer) {
            (Stage::Primary, true) | (Stage::Secondary, true) => 0.10,
            (Stage::Secondary, false) => 0.011,
            _ if s.school_type == "SBO" => 0.07,
            _ => 0.014,
        };
        let boost = if smw_schools.contains(&s.id) {
            1.8
        } else {
            1.0
        };
        let n = ((s.pupils as f64 * rate * boost).round() as usize).max(2);
        for _ in 0..n {
            plans.push(volume_plan(&mut rng, &env, &s, Ask::default()));
        }
    }
    // Havenstad: SMW plus at the primary schools, pre-school social work, CJG family coaches.
    for s in sch.iter().filter(|s| s.municipality_id == havenstad) {
        let (n_jg, n_cjg) = match s.stage {
            Stage::Pre => (usize::from(rng.chance(0.4)), 0),
            _ => (rng.between(2, 4) as usize, usize::from(rng.chance(0.5))),
        };
        let jg = only(s, jeugd_gezin);
        for _ in 0..n_jg {
            plans.push(volume_plan(
                &mut rng,
                &env,
                &jg,
                Ask {
                    org: Some(jeugd_gezin),
                    ..Ask::default()
                },
            ));
        }
        let c = only(s, cjg);
        for _ in 0..n_cjg {
            plans.push(volume_plan(
                &mut rng,
                &env,
                &c,
                Ask {
                    org: Some(cjg),
                    force: Some(Force::Case),
                    ..Ask::default()
                },
            ));
        }
    }

    // The stories.
    let sbo_or = |ty: &str| {
        smw_schools
            .iter()
            .filter_map(|id| schools.iter().find(|s| s.id == *id))
            .find(|s| s.school_type == ty && s.id != main_school)
            .map(|s| s.id)
    };
    let college = sbo_or("VO").ok_or_else(|| anyhow!("smw has no secondary school"))?;
    let second_po = sbo_or("PO").ok_or_else(|| anyhow!("smw has no second primary school"))?;
    let hvs_school = assignments
        .iter()
        .filter(|a| a.worker_id == hvs_worker.id)
        .max_by(|a, b| {
            a.hours_per_week
                .unwrap_or(0.0)
                .total_cmp(&b.hours_per_week.unwrap_or(0.0))
        })
        .map(|a| a.school_id)
        .ok_or_else(|| anyhow!("smw-havenstad has no school"))?;
    let day = |n: i64| weekday(today - Duration::days(n));
    let base = |story: Story,
                school: i64,
                pupil: Pupil,
                worker: i64,
                received: i64,
                opened: i64,
                close: Option<(i64, &'static str)>|
     -> Result<Plan> {
        let s = school_of(school).ok_or_else(|| anyhow!("unknown school {school}"))?;
        let org = workers
            .get(&worker)
            .map(|w| w.organisation_id)
            .unwrap_or_default();
        Ok(Plan {
            org,
            school_id: s.id,
            municipality_id: s.municipality_id,
            stage: s.stage,
            residence: Some(s.municipality_id),
            pupil,
            same_child_as: None,
            source: "school",
            referred_by: None,
            referrer: String::new(),
            reason: String::new(),
            signals: Vec::new(),
            urgency: "normaal",
            parents_informed: true,
            received: day(received),
            outcome: Outcome::Case(CasePlan {
                worker,
                opened: day(opened),
                close: close.map(|(n, r)| (day(n), r)),
                contacts: 0,
                previous: None,
            }),
            story: Some(story),
        })
    };
    let school_referrer = format!("{} (intern begeleider)", school_user.display_name);
    let mut p = base(
        Story::Yusuf,
        main_school,
        story_pupil(
            today,
            "Yusuf",
            "El Idrissi",
            10,
            150,
            "groep 6",
            "Nederlands, Tarifit",
            vec![
                parent("Naima Ouali", "moeder", true, &mut rng),
                parent("Khalid El Idrissi", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        96,
        93,
        None,
    )?;
    p.referred_by = Some(school_user.id);
    p.referrer = school_referrer.clone();
    p.signals = vec!["stemming", "gedrag", "verzuim"];
    p.reason = "Yusuf oogt de laatste maanden somber, raakt op het plein regelmatig in gevechten en komt vaak te laat \
                (11 keer in de afgelopen 6 weken). Moeder vertelde bij het oudergesprek dat er thuis veel speelt: oma is \
                ernstig ziek en vader werkt in ploegendienst. Ouders weten van de aanmelding en zijn akkoord."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Divorce,
        main_school,
        story_pupil(
            today,
            "Mila",
            "Sewdien",
            8,
            100,
            "groep 5",
            "Nederlands",
            vec![
                parent("Sharmila Ramdin", "moeder", true, &mut rng),
                parent("Ravi Sewdien", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        78,
        74,
        None,
    )?;
    p.referred_by = Some(school_user.id);
    p.referrer = school_referrer.clone();
    p.signals = vec!["thuissituatie", "stemming"];
    p.urgency = "snel";
    p.reason = "Mila's ouders zijn sinds een half jaar uit elkaar en hebben veel conflict, ook bij het ophalen op \
                school. Mila is stil, huilt na het weekend en zegt dat ze 'niet mag kiezen'. Beide ouders hebben het gezag \
                en weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Absent14,
        college,
        story_pupil(
            today,
            "Kacper",
            "Nowak",
            14,
            200,
            "2B",
            "Pools",
            vec![
                parent("Agnieszka Nowak", "moeder", true, &mut rng),
                parent("Piotr Nowak", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        62,
        59,
        None,
    )?;
    p.referrer = "J. de Haan (mentor)".into();
    p.signals = vec!["verzuim", "stemming"];
    p.reason = "Kacper (klas 2) heeft dit schooljaar 46 lesuren gemist en meldt zich vaak ziek op maandag. School heeft \
                de leerplichtambtenaar ingelicht. Kacper en zijn ouders weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Inzage16,
        college,
        story_pupil(
            today,
            "Selam",
            "Tesfay",
            16,
            120,
            "4 havo",
            "Tigrinya",
            vec![parent("Luwam Haile", "moeder", true, &mut rng)],
        ),
        smw.id,
        40,
        38,
        None,
    )?;
    p.source = "youth";
    p.referrer = "Selam zelf (inloopspreekuur)".into();
    p.parents_informed = false;
    p.signals = vec!["stemming", "thuissituatie"];
    p.reason = "Selam meldt zich zelf via het inloopspreekuur: ze slaapt slecht, maakt zich zorgen over haar moeder en \
                over familie in Eritrea, en wil iemand om mee te praten. Ze wil zelf beslissen wie wat te horen krijgt."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Closed7Weeks,
        second_po,
        story_pupil(
            today,
            "Daan",
            "Bakker",
            9,
            230,
            "groep 5",
            "Nederlands",
            vec![
                parent("Marloes Bakker", "moeder", true, &mut rng),
                parent("Erik Bakker", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        200,
        196,
        Some((147, "doelen_bereikt")),
    )?;
    p.referrer = "Monique Kuiper (intern begeleider)".into();
    p.signals = vec!["pesten", "sociale_vaardigheden"];
    p.reason = "Daan wordt volgens klasgenoten buitengesloten en uitgelachen in de groepsapp. Hij wil 's ochtends niet \
                naar school en speelt in de pauze alleen. Ouders weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Mandate,
        hvs_school,
        story_pupil(
            today,
            "Elif",
            "Kaya",
            9,
            130,
            "groep 5",
            "Nederlands, Turks",
            vec![
                parent("Zeynep Kaya", "moeder", true, &mut rng),
                parent("Mert Kaya", "vader", true, &mut rng),
            ],
        ),
        hvs_worker.id,
        85,
        82,
        None,
    )?;
    p.referrer = "Sibel Arslan (intern begeleider)".into();
    p.signals = vec!["stemming", "gezondheid"];
    p.reason = "Elif is erg angstig, durft niet meer alleen naar de wc en heeft op schooldagen buikpijn; de klachten \
                nemen toe ondanks de extra aandacht in de klas. Ouders weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::MandateWaiting,
        hvs_school,
        story_pupil(
            today,
            "Jayden",
            "Linger",
            7,
            40,
            "groep 4",
            "Nederlands",
            vec![
                parent("Denise Linger", "moeder", true, &mut rng),
                parent("Glenn Emanuels", "vader (geen gezag)", false, &mut rng),
            ],
        ),
        hvs_worker.id,
        50,
        47,
        None,
    )?;
    p.source = "parent";
    p.referrer = "Denise Linger (moeder)".into();
    p.signals = vec!["opvoeding", "gedrag"];
    p.reason = "Moeder vraagt hulp: Jayden heeft thuis dagelijks woedebuien, slaat zijn zusje en slaapt pas laat. \
                Moeder staat er alleen voor en is uitgeput."
        .into();
    plans.push(p);

    // Re-referrals within 12 months link to the earlier case.
    let earlier: Vec<usize> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.story.is_none() && p.stage == Stage::Primary && p.org == welzijn)
        .filter(|(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.close.is_some_and(|(d, _)| d < today - Duration::days(90) && d > today - Duration::days(300))))
        .map(|(i, _)| i)
        .take(2)
        .collect();
    for i in earlier {
        let Some(first) = plans.get(i).cloned() else {
            continue;
        };
        let Outcome::Case(cp) = &first.outcome else {
            continue;
        };
        let Some((closed, _)) = cp.close else {
            continue;
        };
        let received =
            weekday(closed + Duration::days(rng.between(40, 80))).min(today - Duration::days(10));
        let opened = weekday_after(received + Duration::days(3)).min(today);
        let mut again = first.clone();
        again.same_child_as = Some(i);
        again.received = received;
        again.reason = format!(
            "{} De zorgen zijn na de afsluiting teruggekomen.",
            fill(
                rng.pick::<&str>(reason_templates(
                    first.signals.first().copied().unwrap_or("gedrag")
                )),
                &first.pupil.given
            )
        );
        again.outcome = Outcome::Case(CasePlan {
            worker: cp.worker,
            opened,
            close: None,
            contacts: rng.between(2, 5) as usize,
            previous: Some(i),
        });
        plans.push(again);
    }

    // The demo worker carries a caseload of about 18 open cases.
    let is_open = |p: &Plan| matches!(&p.outcome, Outcome::Case(c) if c.close.is_none());
    let smw_open = |plans: &[Plan]| {
        plans
            .iter()
            .filter(|p| is_open(p) && matches!(&p.outcome, Outcome::Case(c) if c.worker == smw.id))
            .count()
    };
    let mut candidates: Vec<usize> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.story.is_none() && p.school_id != main_school)
        .filter(|(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.worker == smw.id && c.close.is_some()))
        .map(|(i, _)| i)
        .collect();
    candidates.sort_by_key(|&i| match plans.get(i).map(|p| &p.outcome) {
        Some(Outcome::Case(c)) => std::cmp::Reverse(c.close.map(|x| x.0)),
        _ => std::cmp::Reverse(None),
    });
    for i in candidates {
        if smw_open(&plans) >= 18 {
            break;
        }
        if let Some(Outcome::Case(c)) = plans.get_mut(i).map(|p| &mut p.outcome) {
            c.close = None;
        }
    }
    let mut excess: Vec<usize> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.story.is_none() && p.school_id != main_school && is_open(p))
        .filter(|(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.worker == smw.id))
        .map(|(i, _)| i)
        .collect();
    excess.sort_by_key(|&i| plans.get(i).map(|p| p.received));
    for i in excess {
        if smw_open(&plans) <= 22 {
            break;
        }
        if let Some(Outcome::Case(c)) = plans.get_mut(i).map(|p| &mut p.outcome) {
            let close = weekday((c.opened + Duration::days(70)).min(today - Duration::days(3)));
            c.close = Some((close.max(c.opened + Duration::days(14)), "doelen_bereikt"));
        }
    }

    // Write in the order things happened.
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|&i| plans.get(i).map(|p| p.received));
    let mut written: Vec<Option<Written>> = vec![None; plans.len()];
    let mut story_cases = Vec::new();
    let stories = StoryIds {
        hvs_lead: (hvs_lead.id, hvs_lead.display_name.clone()),
        needs_approval: true,
    };
    for i in order {
        let Some(plan) = plans.get(i) else { continue };
        let prior = plan
            .same_child_as
            .and_then(|j| written.get(j).cloned().flatten());
        let (done, state) = write_plan(&mut w, &env, plan, prior.as_ref()).await?;
        if let (Some(mut st), Outcome::Case(cp)) = (state, &plan.outcome) {
            w.tick = 0;
            let acts = match plan.story {
                Some(story) => {
                    story_cases.push((story, st.id));
                    story_acts(story, &env, plan, &stories)
                }
                None => generic_acts(&mut rng, &env, plan, cp, &st),
            };
            run(&mut w, &mut st, acts).await?;
        }
        if let Some(slot) = written.get_mut(i) {
            *slot = Some(done);
        }
    }

    // Consultations without a case file: the story of group 7, and advice at other schools.
    let held = day(20);
    let held_at = w.at(held);
    w.tx()?
        .insert_consultation(
            welzijn,
            Some(main_school),
            Some(smw.id),
            "Mw. Dekker, leerkracht groep 7",
            "",
            "Klassenklimaat groep 7",
            "Sinds de herfstvakantie veel onrust in groep 7: buitensluiten, grove taal in de groepsapp. Besproken: \
             groepsvormingsfasen, een groepsgesprek met vaste afspraken, complimenten op gewenst gedrag, ouders \
             informeren via de nieuwsbrief. Geen leerling met naam besproken; geen dossier. Over vier weken evalueren \
             met de IB'er.",
            45,
            &held.to_string(),
            held_at,
        )
        .await?;
    w.n.consultations += 1;
    // A question the school sent this week, waiting on the social worker's home page for an answer.
    let asked = day(2);
    let asked_at = w.at(asked);
    w.tx()?
        .insert_consultation_request(
            welzijn,
            main_school,
            Some(smw.id),
            "Mw. Dekker, leerkracht groep 7",
            "Faalangst bij toetsen",
            "Een meisje in groep 7 klapt dicht bij elke toets en heeft buikpijn op toetsdagen. Ouders weten ervan. \
             Hoe kunnen wij haar in de klas helpen, en wanneer is het tijd voor een aanmelding?",
            &asked.to_string(),
            asked_at,
        )
        .await?;
    w.n.consultations += 1;
    let ww_schools: Vec<&Sch> = sch
        .iter()
        .filter(|s| s.municipality_id == waterweide && !s.workers.is_empty())
        .collect();
    for k in 0..24 {
        let Some(s) = ww_schools.get((k * 7 + 3) % ww_schools.len().max(1)) else {
            continue;
        };
        let (theme, label, advice) = *rng.pick(&CONSULTATION_THEMES);
        let worker = s.workers.first().map(|(w, _)| *w);
        let held = received_date(&mut rng, today, (3, 330));
        let at = w.at(held);
        w.tx()?
            .insert_consultation(
                welzijn,
                Some(s.id),
                worker,
                &adult_name(&mut rng),
                label,
                theme,
                advice,
                rng.between(3, 12) * 5,
                &held.to_string(),
                at,
            )
            .await?;
        w.n.consultations += 1;
    }
    w.commit().await?;

    let smw_open = store
        .list_cases(&schakel_store::CaseFilter {
            worker_id: Some(smw.id),
            open_only: true,
            limit: 500,
            ..Default::default()
        })
        .await?
        .len();
    let at_school = store
        .list_referrals(&schakel_store::ReferralFilter {
            school_ids: Some(vec![main_school]),
            limit: 500,
            ..Default::default()
        })
        .await?
        .len();
    let numbers: Vec<String> = {
        let mut v = Vec::new();
        for (story, id) in &story_cases {
            v.push(format!("{story:?} {}", store.case(*id).await?.case_number));
        }
        v
    };
    Ok(format!(
        "casework: {}; smw has {smw_open} open cases; the school account's school has {at_school} referrals; stories: {} ({:.1}s)",
        w.n.summary(),
        numbers.join(", "),
        started.elapsed().as_secs_f64()
    ))
}

struct StoryIds {
    hvs_lead: (i64, String),
    needs_approval: bool,
}

fn contact(kind: &'static str, participants: &str, minutes: i64, note: &str) -> Act {
    Act::Contact {
        kind,
        participants: participants.into(),
        minutes,
        note: note.into(),
    }
}

fn help(who: Who) -> Act {
    Act::Consent {
        who,
        share: None,
        information: String::new(),
        until: None,
        wish: String::new(),
    }
}

fn share(who: Who, recipient: &str, information: &str, until: Option<NaiveDate>) -> Act {
    Act::Consent {
        who,
        share: Some(recipient.into()),
        information: information.into(),
        until,
        wish: String::new(),
    }
}

fn advance(status: OnwardStatus, feedback: &str) -> Act {
    Act::Advance {
        status,
        feedback: feedback.into(),
    }
}

fn target_named(env: &Env, municipality: i64, name: &str) -> Result<Target> {
    env.targets
        .get(&municipality)
        .and_then(|t| t.iter().find(|t| t.name == name))
        .cloned()
        .ok_or_else(|| anyhow!("no referral target {name}"))
}

/// The acts of the demo's stories, on days counted back from today.
fn story_acts(story: Story, env: &Env, plan: &Plan, ids: &StoryIds) -> Vec<(NaiveDate, Act)> {
    let today = env.today;
    let d = |n: i64| weekday(today - Duration::days(n));
    let m = plan.municipality_id;
    let (mother, father) = (Who::Parent(0), Who::Parent(1));
    let mut a: Vec<(NaiveDate, Act)> = Vec::new();
    match story {
        Story::Yusuf => {
            let fund = target_named(env, m, "Meedoenfonds Waterweide");
            a.push((d(89), contact("intake", "Yusuf, moeder, vader", 60, "Kennismaking thuis aan de keukentafel. Yusuf vertelt dat hij 's avonds laat slaapt en 's ochtends moe is. Thuis is veel onrust sinds oma ernstig ziek is; vader werkt in ploegendienst. Ouders willen graag dat Yusuf weer plezier krijgt in school.")));
            a.push((d(89), help(mother)));
            a.push((d(89), help(father)));
            a.push((
                d(89),
                share(
                    mother,
                    "school",
                    "voortgang en afspraken voor in de klas; geen details over de thuissituatie",
                    Some(school_year_end(d(89))),
                ),
            ));
            a.push((
                d(89),
                share(
                    father,
                    "school",
                    "voortgang en afspraken voor in de klas; geen details over de thuissituatie",
                    Some(school_year_end(d(89))),
                ),
            ));
            a.push((
                d(89),
                Act::Goal {
                    description: "Yusuf gaat met plezier naar school en heeft een vaste hobby"
                        .into(),
                    start: -1,
                },
            ));
            a.push((d(84), contact("gesprek_kind", "Yusuf", 45, "Samen Kind in Kaart ingevuld. Yusuf wil graag basketballen, net als zijn neef. Afgesproken: samen kijken naar een club in de wijk; de contributie is een drempel.")));
            if let Ok(fund) = fund {
                a.push((d(80), Act::Propose { target: fund.clone(), note: "Aanvraag vergoeding contributie basketbalvereniging (seizoen) en sportschoenen.".into() }));
                a.push((d(80), share(mother, &fund.name, "naam, geboortedatum en een indicatie van het gezinsinkomen, voor de aanvraag", None)));
                a.push((d(80), share(father, &fund.name, "naam, geboortedatum en een indicatie van het gezinsinkomen, voor de aanvraag", None)));
                a.push((d(79), contact("telefoon", "moeder", 15, "Moeder gebeld over de aanvraag bij het Meedoenfonds; zij brengt de inkomensgegevens langs.")));
                a.push((d(78), advance(OnwardStatus::Consented, "")));
                a.push((d(77), advance(OnwardStatus::Sent, "")));
                a.push((
                    d(72),
                    advance(
                        OnwardStatus::Accepted,
                        "Vergoeding toegekend voor het hele seizoen.",
                    ),
                ));
                a.push((d(68), advance(OnwardStatus::Started, "Contributie en sportschoenen betaald; Yusuf traint op dinsdag en donderdag.")));
            }
            a.push((d(66), contact("gesprek_kind", "Yusuf", 45, "Eerste training geweest. Yusuf vertelt enthousiast; de trainer is een oud-leerling van school.")));
            a.push((d(55), contact("gesprek_leerkracht", "leerkracht groep 6", 20, "Leerkracht ziet dat Yusuf vaker op tijd is (3 keer te laat in 4 weken, eerder bijna dagelijks) en minder ruzie maakt op het plein.")));
            a.push((d(51), contact("gesprek_ouders", "moeder, vader", 60, "Evaluatie na zes weken met ouders: het gaat beter, oma is opgenomen. Doel blijft staan; tussenscore 0.")));
            a.push((
                d(51),
                Act::Score {
                    goal: 0,
                    end: false,
                    score: 0,
                },
            ));
            a.push((d(38), contact("gesprek_kind", "Yusuf", 45, "Gaat goed op de club; op school nog af en toe boos als hij verliest bij voetbal. Time-out-kaart geoefend.")));
            a.push((d(37), Act::SchoolReport { body: "Yusuf traint twee keer per week bij de basketbalclub en heeft daar plezier. Afgesproken met Yusuf: als hij op het plein boos wordt, mag hij zijn time-out-kaart laten zien en even bij de intern begeleider zitten. Thuis is het nog onrustig; ouders en ik houden contact.".into() }));
            a.push((d(24), contact("overleg", "IB'er, leerkracht groep 6", 30, "Zorgoverleg groep 5–6: drie leerlingen besproken, onder wie Yusuf. Afspraak: hij krijgt een vaste taak bij de ochtendstart.")));
            a.push((d(3), contact("gesprek_kind", "Yusuf", 45, "Drie maanden na de start: Yusuf speelt nog steeds basketbal en heeft er een vriend bij. Zegt zelf: 'ik heb weer zin in school'.")));
            a.push((d(89), Act::Summary { text: "Yusuf (10) werd aangemeld omdat hij somber was, vaak vocht en te laat kwam; thuis speelt veel (zieke oma, vader in ploegendienst). Aanpak: gesprekken met Yusuf, Kind in Kaart, basketbal via het Meedoenfonds, afstemming met de leerkracht. Bij de check na drie maanden speelt hij nog steeds.".into(), safety: false }));
        }
        Story::Divorce => {
            let course = target_named(
                env,
                m,
                "Ouderschap na scheiding – cursus Kinderen uit de Knel",
            );
            a.push((d(70), contact("intake", "Mila, moeder", 60, "Intake met moeder en Mila. Ouders zijn sinds een half jaar uit elkaar; veel ruzie bij de overdracht op vrijdag. Afgesproken dat ook vader (gezag) wordt uitgenodigd voordat de hulp start.")));
            a.push((d(70), help(mother)));
            a.push((d(67), contact("gesprek_ouders", "vader", 60, "Apart gesprek met vader. Hij herkent de spanning bij de overdracht en wil meewerken; hij geeft toestemming voor de hulp.")));
            a.push((d(67), help(father)));
            a.push((
                d(67),
                Act::Goal {
                    description: "Mila merkt minder van de ruzies tussen haar ouders".into(),
                    start: -1,
                },
            ));
            a.push((d(63), contact("gesprek_kind", "Mila", 45, "Met Mila getekend: 'het huis van mama en het huis van papa'. Vrijdag is de moeilijkste dag.")));
            a.push((d(56), contact("gesprek_ouders", "moeder, vader", 60, "Eerste gezamenlijke gesprek met beide ouders, rustig verlopen. Beiden staan open voor een cursus voor gescheiden ouders.")));
            if let Ok(course) = course {
                a.push((
                    d(55),
                    Act::Propose {
                        target: course.clone(),
                        note:
                            "Beide ouders aanmelden voor de oudergroep; Mila voor de kindergroep."
                                .into(),
                    },
                ));
                a.push((
                    d(55),
                    share(
                        mother,
                        &course.name,
                        "gezinssituatie, hulpvraag en wat er al gedaan is",
                        None,
                    ),
                ));
                a.push((
                    d(53),
                    share(
                        father,
                        &course.name,
                        "gezinssituatie, hulpvraag en wat er al gedaan is",
                        None,
                    ),
                ));
                a.push((d(53), advance(OnwardStatus::Consented, "")));
                a.push((d(52), advance(OnwardStatus::Sent, "")));
                a.push((
                    d(42),
                    advance(
                        OnwardStatus::Accepted,
                        "Intake met beide ouders gehad; de groep start over vier weken.",
                    ),
                ));
                a.push((d(20), advance(OnwardStatus::Started, "Groep gestart; beide ouders waren bij de eerste bijeenkomst, Mila bij de kindergroep.")));
            }
            a.push((d(32), contact("gesprek_leerkracht", "leerkracht groep 5", 20, "Leerkracht: Mila is op maandag nog stil, verder rustiger en ze speelt weer mee.")));
            a.push((
                d(32),
                Act::Score {
                    goal: 0,
                    end: false,
                    score: 0,
                },
            ));
            a.push((d(24), contact("overleg", "IB'er, leerkracht groep 5", 30, "Zorgoverleg: Mila besproken. Afspraak: op maandag een vast begroetingsmoment met de leerkracht.")));
            a.push((
                d(12),
                contact(
                    "gesprek_kind",
                    "Mila",
                    45,
                    "Mila vertelt dat papa en mama 'bij de deur niet meer ruzie maken'.",
                ),
            ));
            a.push((d(67), Act::Summary { text: "Mila (8), ouders in een vechtscheiding, beiden met gezag. Gesprekken met beide ouders apart en samen, gesprekken met Mila; verwezen naar de cursus Ouderschap na scheiding (met toestemming van beide ouders).".into(), safety: false }));
        }
        Story::Absent14 => {
            a.push((d(55), contact("intake", "Kacper, moeder", 60, "Intake op school. Kacper vertelt dat hij slecht slaapt en tot laat gamet; op maandag ziet hij op tegen gym. Hij wil niet dat school weet wat er thuis speelt; afgesproken dat school alleen hoort dát er hulp is.")));
            a.push((
                d(55),
                Act::Consent {
                    who: Who::Child,
                    share: None,
                    information: String::new(),
                    until: None,
                    wish: "wil niet dat school details hoort".into(),
                },
            ));
            a.push((d(55), help(mother)));
            a.push((d(52), contact("telefoon", "vader", 15, "Vader telefonisch gesproken (werkt doordeweeks in Duitsland); hij stemt in met de hulp.")));
            a.push((d(52), help(father)));
            a.push((
                d(52),
                Act::Goal {
                    description: "Kacper is elke dag op school en slaapt voor twaalf uur".into(),
                    start: -2,
                },
            ));
            a.push((d(45), contact("gesprek_kind", "Kacper", 45, "Slaapdagboek besproken: drie nachten voor twaalf uur. Kacper wil zelf een wekker buiten zijn kamer.")));
            a.push((d(38), contact("huisbezoek", "Kacper, moeder, vader", 75, "Huisbezoek met het hele gezin; afspraken gemaakt over de telefoon 's nachts in de keuken.")));
            a.push((d(31), contact("gesprek_leerkracht", "mentor", 20, "Met de mentor alleen gesproken over aanwezigheid en afspraken rond gym; geen inhoud gedeeld (wens van Kacper, 14).")));
            a.push((d(17), contact("gesprek_kind", "Kacper", 45, "Evaluatie na zes weken: minder verzuim (twee dagen in vier weken), gym blijft lastig.")));
            a.push((
                d(17),
                Act::Score {
                    goal: 0,
                    end: false,
                    score: -1,
                },
            ));
            a.push((d(6), contact("gesprek_kind", "Kacper", 45, "Kacper heeft met de gymleraar afgesproken dat hij zich apart mag omkleden. Hij was deze week elke dag op school.")));
            a.push((d(55), Act::Summary { text: "Kacper (14) verzuimt veel. Toestemming voor hulp van Kacper en beide ouders; Kacper wil niet dat school details hoort (vanaf 12 beslist hij over delen met school), school hoort alleen dát er hulp is.".into(), safety: false }));
        }
        Story::Inzage16 => {
            a.push((d(36), contact("intake", "Selam", 60, "Intake met Selam alleen. Ze slaapt slecht en maakt zich zorgen over haar moeder en familie in Eritrea. Uitgelegd dat zij vanaf 16 zelf beslist over hulp en over wie wat hoort.")));
            a.push((d(36), help(Who::Child)));
            a.push((
                d(36),
                Act::Goal {
                    description:
                        "Selam slaapt beter en weet bij wie ze terecht kan als het zwaar wordt"
                            .into(),
                    start: -1,
                },
            ));
            a.push((
                d(29),
                contact(
                    "gesprek_kind",
                    "Selam",
                    45,
                    "Gesprek over slapen en piekeren; ontspanningsoefening meegegeven.",
                ),
            ));
            a.push((d(22), contact("gesprek_kind", "Selam", 45, "Selam vertelt over haar familie; ze wil haar moeder er (nog) niet bij betrekken.")));
            a.push((d(15), Act::Event { kind: "inzage", summary: "Verzoek om inzage ontvangen".into(), detail: "Selam (16) vraagt om inzage in haar dossier. Zij beslist zelf; haar ouders hebben vanaf 16 haar toestemming nodig. Afspraak gepland om het dossier samen door te nemen; informatie over derden wordt afgeschermd.".into() }));
            a.push((d(13), contact("gesprek_kind", "Selam", 45, "Dossier samen met Selam doorgenomen (inzage). Ze vroeg een aanvulling op de samenvatting; die is verwerkt.")));
            a.push((d(8), contact("gesprek_kind", "Selam", 45, "Selam slaapt beter (vier nachten per week goed). Ze heeft zelf contact gezocht met de huisarts.")));
            a.push((d(36), Act::Summary { text: "Selam (16) meldde zich zelf en geeft zelf toestemming voor hulp; zij beslist wie wat te horen krijgt. Verzoek om inzage ontvangen en samen afgehandeld.".into(), safety: false }));
        }
        Story::Closed7Weeks => {
            a.push((d(192), contact("intake", "Daan, moeder, vader", 60, "Intake met Daan en ouders op school. Daan vertelt over de groepsapp en dat hij in de pauze alleen staat.")));
            a.push((d(192), help(mother)));
            a.push((d(192), help(father)));
            a.push((
                d(192),
                share(
                    mother,
                    "school",
                    "afspraken in de klas en op het plein",
                    Some(school_year_end(d(192))),
                ),
            ));
            a.push((
                d(192),
                share(
                    father,
                    "school",
                    "afspraken in de klas en op het plein",
                    Some(school_year_end(d(192))),
                ),
            ));
            a.push((
                d(192),
                Act::Goal {
                    description: "Daan voelt zich veilig in de klas en op het plein".into(),
                    start: -1,
                },
            ));
            a.push((
                d(185),
                contact(
                    "gesprek_kind",
                    "Daan",
                    45,
                    "Met Daan geoefend hoe hij kan reageren in de app en bij wie hij terecht kan.",
                ),
            ));
            a.push((d(178), contact("gesprek_leerkracht", "leerkracht groep 5", 25, "Met de leerkracht een groepsaanpak afgesproken; de groepsapp is besproken met de klas.")));
            a.push((
                d(171),
                contact(
                    "gesprek_kind",
                    "Daan",
                    45,
                    "Daan speelt weer mee met voetbal in de pauze.",
                ),
            ));
            a.push((
                d(154),
                contact(
                    "gesprek_ouders",
                    "moeder, vader",
                    45,
                    "Evaluatie na zes weken: ouders zien een blijere Daan.",
                ),
            ));
            a.push((
                d(154),
                Act::Score {
                    goal: 0,
                    end: false,
                    score: 0,
                },
            ));
            a.push((
                d(147),
                contact(
                    "gesprek_kind",
                    "Daan, moeder",
                    45,
                    "Afsluitend gesprek: Daan heeft twee vriendjes en gaat graag naar school.",
                ),
            ));
            a.push((
                d(147),
                Act::Score {
                    goal: 0,
                    end: true,
                    score: 1,
                },
            ));
            a.push((d(147), Act::Close { reason: "doelen_bereikt", note: "Doel bereikt (GAS +1): Daan speelt weer mee in de pauze en heeft twee vriendjes. De leerkracht houdt een vinger aan de pols; ouders weten hoe ze opnieuw kunnen aanmelden.".into(), parent: Some(8), child: Some(8) }));
            a.push((d(192), Act::Summary { text: "Daan (9) werd buitengesloten en gepest via de groepsapp. Zeven weken: gesprekken met Daan, groepsaanpak met de leerkracht. Afgesloten met doel bereikt.".into(), safety: false }));
        }
        Story::Mandate => {
            let ggz = target_named(env, m, "Kinder- en Jeugdpsychiatrie Havenstad");
            a.push((d(78), contact("intake", "Elif, moeder, vader", 60, "Intake thuis. Elif is bang om alleen te zijn en heeft elke schooldag buikpijn. Ouders zijn bezorgd en willen hulp.")));
            a.push((d(78), help(mother)));
            a.push((d(78), help(father)));
            a.push((
                d(78),
                Act::Goal {
                    description:
                        "Elif kan omgaan met haar angst en gaat zonder buikpijn naar school".into(),
                    start: -2,
                },
            ));
            a.push((
                d(71),
                contact(
                    "gesprek_kind",
                    "Elif",
                    45,
                    "Met Elif een 'angstthermometer' gemaakt; ze scoort hoog op schooldagen.",
                ),
            ));
            a.push((d(64), contact("gesprek_ouders", "moeder, vader", 60, "Ouders vertellen dat Elif 's nachts bij hen in bed komt en niet meer naar verjaardagen gaat.")));
            a.push((
                d(57),
                contact(
                    "gesprek_kind",
                    "Elif",
                    45,
                    "Ontspanningsoefening geoefend; Elif vindt het moeilijk.",
                ),
            ));
            a.push((d(50), contact("overleg", "huisarts (telefonisch)", 30, "Afgestemd met de huisarts (met toestemming van ouders): geen lichamelijke oorzaak. Werkhypothese: angstklachten; diagnostiek nodig.")));
            a.push((d(40), contact("gesprek_ouders", "moeder, vader", 60, "Evaluatie: de klachten nemen toe ondanks de lichte hulp. Ouders zijn het eens met een verwijzing naar specialistische jeugdhulp.")));
            a.push((
                d(40),
                Act::Score {
                    goal: 0,
                    end: false,
                    score: -2,
                },
            ));
            if let Ok(ggz) = ggz {
                a.push((d(40), Act::Propose { target: ggz.clone(), note: "Verwijzing voor diagnostiek en behandeling van angstklachten; SMW blijft betrokken tot de behandeling loopt.".into() }));
                a.push((
                    d(40),
                    share(
                        mother,
                        &ggz.name,
                        "hulpvraag, verloop van de hulp, afstemming met huisarts",
                        None,
                    ),
                ));
                a.push((
                    d(40),
                    share(
                        father,
                        &ggz.name,
                        "hulpvraag, verloop van de hulp, afstemming met huisarts",
                        None,
                    ),
                ));
                a.push((d(39), Act::Mandate {
                    care_kind: "specialistische jeugdhulp (jeugd-ggz): diagnostiek en behandeling".into(),
                    category: CareCategory::Outpatient,
                    volume: 1,
                    unit: VolumeUnit::SessionsPerWeek,
                    provider: ggz.clone(),
                    from: d(35),
                    until: d(35) + Duration::days(182),
                    reasons: "Angstklachten nemen toe ondanks acht weken lichte hulp door SMW; huisarts en SMW zien noodzaak voor specialistische diagnostiek en behandeling. Ouders (beiden met gezag) zijn akkoord.".into(),
                    needs_approval: ids.needs_approval,
                }));
                a.push((
                    d(38),
                    Act::Approve {
                        user: ids.hvs_lead.0,
                        name: ids.hvs_lead.1.clone(),
                    },
                ));
                a.push((d(38), advance(OnwardStatus::Consented, "")));
                a.push((d(37), advance(OnwardStatus::Sent, "")));
                a.push((
                    d(28),
                    advance(
                        OnwardStatus::Accepted,
                        "Aanmelding geaccepteerd; intake gepland.",
                    ),
                ));
                a.push((
                    d(18),
                    advance(
                        OnwardStatus::Started,
                        "Behandeling gestart (cognitieve gedragstherapie, wekelijks).",
                    ),
                ));
            }
            a.push((
                d(12),
                contact(
                    "telefoon",
                    "moeder",
                    15,
                    "Moeder vertelt dat de eerste sessies goed gaan; Elif gaat er graag heen.",
                ),
            ));
            a.push((
                d(4),
                Act::Score {
                    goal: 0,
                    end: true,
                    score: 0,
                },
            ));
            a.push((d(4), Act::RequestClosure { reason: "verwezen", note: "Elif is in behandeling bij de jeugd-ggz (beschikking onder het SMW-plus-mandaat); warme overdracht gedaan. De SMW-hulp kan stoppen; de mentor weet bij wie hij terecht kan.".into() }));
            a.push((d(78), Act::Summary { text: "Elif (9), toenemende angstklachten. Na acht weken lichte hulp verwezen naar specialistische jeugdhulp met een beschikking onder het SMW-plus-mandaat (goedgekeurd door de teamleider).".into(), safety: false }));
        }
        Story::MandateWaiting => {
            let help_target = target_named(env, m, "Ambulante gezinsbegeleiding De Haven");
            a.push((d(43), contact("intake", "Jayden, moeder", 60, "Intake thuis. Moeder vertelt over dagelijkse woedebuien; vader (geen gezag) is niet in beeld. Moeder geeft toestemming voor hulp.")));
            a.push((d(43), help(mother)));
            a.push((
                d(43),
                Act::Goal {
                    description:
                        "Moeder weet hoe ze rustig kan reageren op de woedebuien van Jayden".into(),
                    start: -2,
                },
            ));
            a.push((
                d(36),
                contact(
                    "huisbezoek",
                    "Jayden, moeder",
                    75,
                    "Huisbezoek rond bedtijd; avondritueel samen met moeder opgezet.",
                ),
            ));
            a.push((d(22), contact("gesprek_ouders", "moeder", 60, "Moeder is uitgeput; de buien nemen niet af. Ambulante gezinsbegeleiding besproken; moeder wil dat graag.")));
            if let Ok(t) = help_target {
                a.push((d(3), Act::Propose { target: t.clone(), note: "Ambulante gezinsbegeleiding thuis, 12 weken, gericht op opvoedvaardigheden en rust in huis.".into() }));
                a.push((
                    d(3),
                    share(
                        mother,
                        &t.name,
                        "hulpvraag, verloop van de hulp en doelen",
                        None,
                    ),
                ));
                a.push((d(2), Act::Mandate {
                    care_kind: "ambulante gezinsbegeleiding (12 weken)".into(),
                    category: CareCategory::Outpatient,
                    volume: 3,
                    unit: VolumeUnit::HoursPerWeek,
                    provider: t.clone(),
                    from: d(0),
                    until: d(0) + Duration::days(84),
                    reasons: "Lichte opvoedondersteuning is onvoldoende; de woedebuien nemen niet af en moeder raakt overbelast. Moeder (enige met gezag) is akkoord.".into(),
                    needs_approval: ids.needs_approval,
                }));
            }
        }
    }
    a
}

// ---------------------------------------------------------------------------------------------
// Generated worlds at volume.
// ---------------------------------------------------------------------------------------------

/// Cases of a generated world: team ≈ 300, city ≈ 3,000, country ≈ 60,000, written in batches.
pub async fn seed_generated(
    store: &Store,
    scale: &str,
    seed: u64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let started = std::time::Instant::now();
    let cases_total: usize = match scale.trim().to_ascii_lowercase().as_str() {
        "team" => 300,
        "city" => 3_000,
        "country" => 60_000,
        other => bail!("unknown scale {other}: choose team, city or country"),
    };
    let mut rng = Rng::new(seed ^ 0xCA5E_5EED_0000_0000);
    let municipalities = store.list_municipalities().await?;
    let organisations = store.list_organisations().await?;
    let workers = load_workers(store).await?;
    let schools: HashMap<i64, School> = all_schools(store)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let assignments: Vec<_> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| {
            a.ends_on.is_none()
                && schools.contains_key(&a.school_id)
                && workers.contains_key(&a.worker_id)
        })
        .collect();
    if assignments.is_empty() {
        bail!("the world has no current assignments; load a generated world first");
    }
    let smw_user = store.user_by_username("smw").await?;
    let lead_user = store.user_by_username("teamleider").await?;
    let smw_worker = match &smw_user {
        Some(u) => store.worker_of_user(u.id).await?,
        None => None,
    };

    let mut w = W {
        tx: None,
        now,
        tick: 0,
        n: Counts::default(),
        sequences: HashMap::new(),
    };
    w.rotate(store).await?;
    // Settings: a unique case-number prefix per organisation (case numbers are unique overall).
    let mut settings = HashMap::new();
    for o in &organisations {
        let initials: String = o
            .name
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .take(3)
            .collect();
        let prefix = format!("{initials}{}", o.id);
        let mut s = store.organisation_settings(o.id).await?;
        s.case_prefix = prefix.clone();
        s.mandate_needs_approval = schakel_store::Flag(*o.smw_plus);
        w.tx()?.set_organisation_settings(o.id, &s).await?;
        settings.insert(o.id, (prefix, s.review_weeks, s.gas_min));
    }
    // A sociale kaart per municipality.
    let mut targets: HashMap<i64, Vec<Target>> = HashMap::new();
    for m in &municipalities {
        let town = m.name.as_str();
        let list: [(String, &'static str); 8] = [
            (format!("Wijkteam {town}"), "wijkteam"),
            (format!("Jeugdloket gemeente {town}"), "jeugdloket"),
            (format!("CJG {town}"), "cjg"),
            (format!("Huisartsenpraktijk {town} Centrum"), "huisarts"),
            (
                format!("Ouderschap na scheiding – cursus {town}"),
                "opvoedcursus",
            ),
            (format!("Jeugdhulp regio {town}"), "jeugdhulpaanbieder"),
            (format!("Geldzaken {town}"), "schuldhulp"),
            (format!("Veilig Thuis regio {town}"), "veilig_thuis"),
        ];
        for (name, kind) in list {
            let id = w
                .tx()?
                .insert_referral_target(Some(m.id), &name, kind, "", now)
                .await?;
            w.n.targets += 1;
            targets
                .entry(m.id)
                .or_default()
                .push(Target { id, name, kind });
        }
    }
    let first_org = smw_worker.as_ref().map(|w| w.organisation_id);
    let env = Env {
        today,
        settings,
        targets,
        workers: workers.clone(),
        triage_user: match (first_org, &lead_user) {
            (Some(o), Some(u)) => HashMap::from([(o, u.id)]),
            _ => HashMap::new(),
        },
        rich: false,
        contact_weights: &GENERATED_CONTACTS,
        residence: HashMap::new(),
    };

    // Cases are spread over the assignments by hours (as needed counts as 2 hours).
    let weights: Vec<u64> = assignments
        .iter()
        .map(|a| (a.hours_per_week.unwrap_or(2.0) * 4.0).round().max(1.0) as u64)
        .collect();
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut sum = 0u64;
    for wgt in &weights {
        sum += wgt;
        cumulative.push(sum);
    }
    let sch_of = |a: &schakel_store::Assignment| -> Option<Sch> {
        let s = schools.get(&a.school_id)?;
        Some(Sch {
            id: s.id,
            school_type: s.school_type.clone(),
            stage: Stage::of(s),
            newcomer: s.school_type == "ISK",
            municipality_id: s.municipality_id,
            pupils: 0,
            workers: vec![(a.worker_id, 1)],
        })
    };
    // Referrals by date: every case, and a quarter more referrals that did not become one.
    let extra = cases_total / 4;
    let mut slots: Vec<(NaiveDate, usize, bool)> = (0..cases_total + extra)
        .map(|k| {
            let roll = rng.below(sum);
            let i = cumulative
                .partition_point(|c| *c <= roll)
                .min(assignments.len() - 1);
            (received_date(&mut rng, today, (1, 365)), i, k < cases_total)
        })
        .collect();
    slots.sort_by_key(|s| s.0);
    let batch = 150;
    for (k, (received, i, is_case)) in slots.iter().enumerate() {
        let Some(a) = assignments.get(*i) else {
            continue;
        };
        let Some(s) = sch_of(a) else { continue };
        let force = if *is_case { Force::Case } else { Force::NoCase };
        let plan = volume_plan(
            &mut rng,
            &env,
            &s,
            Ask {
                force: Some(force),
                received: Some(*received),
                worker: Some(a.worker_id),
                ..Ask::default()
            },
        );
        let (_, state) = write_plan(&mut w, &env, &plan, None).await?;
        if let (Some(mut st), Outcome::Case(cp)) = (state, &plan.outcome) {
            w.tick = 0;
            let acts = generic_acts(&mut rng, &env, &plan, cp, &st);
            run(&mut w, &mut st, acts).await?;
        }
        if (k + 1) % batch == 0 {
            w.rotate(store).await?;
        }
    }
    // One case with 200 contacts, for benchmarks: the `smw` worker's when there is one.
    let bench_assignment = smw_worker
        .as_ref()
        .and_then(|sw| assignments.iter().find(|a| a.worker_id == sw.id))
        .or_else(|| assignments.first())
        .ok_or_else(|| anyhow!("no assignment"))?;
    let s = sch_of(bench_assignment).ok_or_else(|| anyhow!("no school"))?;
    let received = weekday(today - Duration::days(600));
    let mut plan = volume_plan(
        &mut rng,
        &env,
        &s,
        Ask {
            force: Some(Force::Open),
            received: Some(received),
            worker: Some(bench_assignment.worker_id),
            ..Ask::default()
        },
    );
    if let Outcome::Case(cp) = &mut plan.outcome {
        cp.contacts = 200;
        cp.close = None;
    }
    let (written, state) = write_plan(&mut w, &env, &plan, None).await?;
    let bench_id = written.case.as_ref().map(|c| c.0).unwrap_or_default();
    if let (Some(mut st), Outcome::Case(cp)) = (state, &plan.outcome) {
        w.tick = 0;
        let acts = generic_acts(&mut rng, &env, &plan, cp, &st);
        run(&mut w, &mut st, acts).await?;
    }
    w.commit().await?;
    Ok(format!(
        "casework: {}; benchmark case id {bench_id} (200 contacts); {:.1}s",
        w.n.summary(),
        started.elapsed().as_secs_f64()
    ))
}
