//! Invented names for synthetic worlds: people as in a Dutch classroom or team, streets, schools and
//! places. Combinations are generated, so no list here describes a real person or a real school.

use crate::rng::Rng;

/// Given names and surnames of one background. Surnames include their tussenvoegsel ("van der Meer").
pub(crate) struct Background {
    /// Relative weight when a person is drawn.
    pub weight: u64,
    pub female: &'static [&'static str],
    pub male: &'static [&'static str],
    pub surnames: &'static [&'static str],
}

pub(crate) const BACKGROUNDS: &[Background] = &[
    // Dutch
    Background {
        weight: 55,
        female: &[
            "Emma",
            "Julia",
            "Sophie",
            "Tess",
            "Anna",
            "Fleur",
            "Lotte",
            "Sara",
            "Evi",
            "Noor",
            "Lieke",
            "Femke",
            "Marloes",
            "Anouk",
            "Inge",
            "Ilse",
            "Sanne",
            "Eva",
            "Mila",
            "Jolien",
            "Esther",
            "Marieke",
            "Hanneke",
            "Annelies",
            "Floor",
            "Jip",
            "Wendy",
            "Linda",
            "Mirjam",
            "Karin",
            "Saskia",
            "Willemijn",
            "Roos",
            "Iris",
            "Maartje",
            "Charlotte",
            "Joyce",
        ],
        male: &[
            "Daan", "Sem", "Noah", "Lucas", "Finn", "Levi", "Bram", "Jesse", "Thijs", "Ruben",
            "Lars", "Sven", "Tim", "Jasper", "Koen", "Pieter", "Willem", "Joost", "Maarten",
            "Niels", "Wouter", "Rutger", "Gert", "Henk", "Dennis", "Ruud", "Erik", "Stijn", "Tom",
            "Vincent",
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
            "van Leeuwen",
            "Dekker",
            "Brouwer",
            "de Wit",
            "Dijkstra",
            "Smits",
            "de Graaf",
            "van der Meer",
            "van der Linden",
            "Kok",
            "Jacobs",
            "de Haan",
            "Vermeulen",
            "van den Heuvel",
            "van der Veen",
            "van den Broek",
            "de Bruijn",
            "Schouten",
            "van Beek",
            "Willems",
            "van Dijk",
            "Hoekstra",
            "Verhoeven",
            "Koster",
            "Prins",
            "Post",
            "Kuiper",
            "van der Wal",
            "Veenstra",
            "Timmermans",
            "Hofman",
            "ter Horst",
            "Zwart",
            "van Vliet",
            "Groen",
            "Hoogland",
            "van Wijk",
            "Verbeek",
            "de Ridder",
            "Evers",
            "Blom",
            "van 't Hof",
        ],
    },
    // Moroccan-Dutch
    Background {
        weight: 9,
        female: &[
            "Imane", "Fatima", "Yasmina", "Salma", "Nora", "Khadija", "Sanae", "Hafsa", "Malika",
            "Naima", "Ikram", "Amira", "Loubna", "Samira", "Hanane", "Soumaya", "Latifa",
        ],
        male: &[
            "Mohamed", "Yassin", "Ayoub", "Bilal", "Hamza", "Adam", "Soufiane", "Mehdi", "Ilias",
            "Anouar", "Khalid", "Rachid", "Nordin", "Said", "Zakaria", "Othman",
        ],
        surnames: &[
            "El Idrissi",
            "Benali",
            "Bouali",
            "Ouali",
            "El Khattabi",
            "Amrani",
            "Azzouzi",
            "Boukhari",
            "Chaouch",
            "El Hadji",
            "Tahiri",
            "Ziani",
            "Aït Haddou",
            "El Ouardi",
            "Belhaj",
            "Bakkali",
            "Essafi",
            "Haddouchi",
            "Mansouri",
            "Ouahabi",
            "El Amrani",
        ],
    },
    // Turkish-Dutch
    Background {
        weight: 9,
        female: &[
            "Elif", "Zeynep", "Ayşe", "Esra", "Büşra", "Merve", "Melek", "Selin", "Derya", "Fatma",
            "Hatice", "Sibel", "Gülşen", "Tuba", "Ebru", "Dilara",
        ],
        male: &[
            "Emre", "Mehmet", "Yusuf", "Burak", "Kerem", "Deniz", "Mert", "Efe", "Arda", "Can",
            "Ömer", "Cem", "Hakan", "Serkan", "Onur",
        ],
        surnames: &[
            "Yılmaz",
            "Kaya",
            "Demir",
            "Şahin",
            "Çelik",
            "Yıldız",
            "Öztürk",
            "Aydın",
            "Arslan",
            "Doğan",
            "Kılıç",
            "Aslan",
            "Koç",
            "Kurt",
            "Özdemir",
            "Polat",
            "Güneş",
            "Akın",
            "Korkmaz",
            "Yıldırım",
        ],
    },
    // Surinamese-Dutch (Hindustani, Creole, Javanese)
    Background {
        weight: 8,
        female: &[
            "Priya",
            "Sharmila",
            "Anjali",
            "Chantal",
            "Shanice",
            "Kimberley",
            "Naomi",
            "Gaitree",
            "Romana",
            "Kavita",
            "Xiomara",
            "Denise",
            "Rowena",
            "Sarita",
            "Djoeminah",
        ],
        male: &[
            "Jayden",
            "Dylan",
            "Jermaine",
            "Rajesh",
            "Ravi",
            "Sunil",
            "Anil",
            "Giovanni",
            "Shaquille",
            "Romano",
            "Nigel",
            "Ricardo",
            "Sardjo",
            "Glenn",
        ],
        surnames: &[
            "Sewdien",
            "Ramdin",
            "Mahabier",
            "Sitaldin",
            "Jagesar",
            "Kartoredjo",
            "Soekhoe",
            "Pinas",
            "Wijngaarde",
            "Doelwijt",
            "Linger",
            "Biharie",
            "Ramautar",
            "Bisoendial",
            "Dors",
            "Emanuels",
            "Kromosoeto",
            "Soemodihardjo",
            "Tjon-A-Fat",
            "Kanhai",
        ],
    },
    // Polish
    Background {
        weight: 6,
        female: &[
            "Zuzanna",
            "Maja",
            "Zofia",
            "Hanna",
            "Oliwia",
            "Agnieszka",
            "Katarzyna",
            "Magdalena",
            "Ewa",
            "Natalia",
            "Aleksandra",
        ],
        male: &[
            "Jakub", "Kacper", "Szymon", "Filip", "Mateusz", "Wojciech", "Piotr", "Tomasz",
            "Bartek", "Michał",
        ],
        surnames: &[
            "Kowalski",
            "Nowak",
            "Wiśniewski",
            "Wójcik",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Woźniak",
            "Dąbrowski",
            "Kozłowski",
            "Jankowski",
            "Mazur",
            "Krawczyk",
        ],
    },
    // Syrian
    Background {
        weight: 5,
        female: &[
            "Lana", "Rama", "Nour", "Aya", "Hala", "Rasha", "Dima", "Layla", "Rim", "Yara", "Sham",
        ],
        male: &[
            "Ahmad", "Omar", "Khaled", "Mahmoud", "Rami", "Tarek", "Yamen", "Majd", "Hussein",
            "Ali",
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
            "Othman",
            "Youssef",
            "Zein",
            "Shami",
            "Abboud",
        ],
    },
    // Eritrean
    Background {
        weight: 3,
        female: &[
            "Helen", "Senait", "Selam", "Hiwet", "Freweini", "Luwam", "Rahwa", "Saba", "Yohanna",
            "Mebrat",
        ],
        male: &[
            "Yonas", "Dawit", "Filmon", "Semere", "Biniam", "Abel", "Merhawi", "Natnael", "Robel",
        ],
        surnames: &[
            "Tesfay",
            "Haile",
            "Gebremedhin",
            "Tekle",
            "Berhane",
            "Kidane",
            "Weldemichael",
            "Mehari",
            "Yohannes",
            "Asmerom",
            "Habte",
            "Negash",
            "Tewelde",
        ],
    },
];

/// An invented person.
pub(crate) struct Person {
    pub given: &'static str,
    pub surname: String,
}

impl Person {
    pub(crate) fn full_name(&self) -> String {
        format!("{} {}", self.given, self.surname)
    }

    /// `given.surname` in lower-case ASCII, for e-mail addresses.
    pub(crate) fn email_local(&self) -> String {
        format!("{}.{}", slug(self.given), slug(&self.surname))
    }
}

/// Draws a person; `female_share` is the chance the person is a woman (most school social workers are).
pub(crate) fn person(rng: &mut Rng, female_share: f64) -> Person {
    let bg = background(rng);
    let female = rng.chance(female_share);
    let given = *rng.pick(if female { bg.female } else { bg.male });
    // Some people carry a surname from another background (marriage, adoption, mixed families).
    let surname_bg = if rng.chance(0.1) { background(rng) } else { bg };
    let surname = *rng.pick(surname_bg.surnames);
    let surname = if female {
        polish_feminine(surname)
    } else {
        surname.to_string()
    };
    Person { given, surname }
}

fn background(rng: &mut Rng) -> &'static Background {
    let total: u64 = BACKGROUNDS.iter().map(|b| b.weight).sum();
    let mut roll = rng.below(total);
    BACKGROUNDS
        .iter()
        .find(|bg| {
            if roll < bg.weight {
                true
            } else {
                roll -= bg.weight;
                false
            }
        })
        .unwrap_or_else(|| rng.pick(BACKGROUNDS))
}

/// Polish surnames in -ski/-cki take -ska/-cka for women.
fn polish_feminine(surname: &str) -> String {
    match surname.strip_suffix("ki") {
        Some(stem) if stem.ends_with('s') || stem.ends_with('c') => format!("{stem}ka"),
        _ => surname.to_string(),
    }
}

/// Lower-case ASCII letters, digits and hyphens only: "van 't Hof" → "vanthof", "Yıldız" → "yildiz".
pub(crate) fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let mapped = match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' | 'Á' | 'À' | 'Â' | 'Ä' => "a",
            'é' | 'è' | 'ê' | 'ë' | 'ę' | 'É' | 'È' | 'Ê' | 'Ë' => "e",
            'í' | 'ì' | 'î' | 'ï' | 'ı' | 'Í' | 'Î' | 'Ï' | 'İ' => "i",
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'Ó' | 'Ö' => "o",
            'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ü' => "u",
            'ç' | 'ć' | 'Ç' | 'Ć' => "c",
            'ş' | 'ś' | 'Ş' | 'Ś' => "s",
            'ğ' | 'Ğ' => "g",
            'ł' | 'Ł' => "l",
            'ń' | 'ñ' | 'Ń' => "n",
            'ź' | 'ż' | 'Ź' | 'Ż' => "z",
            '-' => "-",
            c if c.is_ascii_alphanumeric() => {
                out.push(c.to_ascii_lowercase());
                continue;
            }
            _ => "",
        };
        out.push_str(mapped);
    }
    out
}

/// Common Dutch street names (they exist in many towns; the towns here are invented).
pub(crate) const STREETS: &[&str] = &[
    "Kerkstraat",
    "Schoolstraat",
    "Molenweg",
    "Dorpsstraat",
    "Julianalaan",
    "Wilhelminastraat",
    "Beatrixlaan",
    "Populierenlaan",
    "Merelstraat",
    "Lijsterlaan",
    "Kastanjelaan",
    "Eikenlaan",
    "Berkenlaan",
    "Lindenlaan",
    "Wilgenhof",
    "Rozenstraat",
    "Tulpstraat",
    "Narcissenlaan",
    "Sportlaan",
    "Parkweg",
    "Stationsweg",
    "Havenstraat",
    "Kade",
    "Dijkweg",
    "Zuiderweg",
    "Noorderstraat",
    "Oosterweg",
    "Westerstraat",
    "Prinses Irenestraat",
    "Oranjestraat",
    "Nassaulaan",
    "Vondelstraat",
    "Rembrandtlaan",
    "Van Goghstraat",
    "Mozartlaan",
    "Beethovenstraat",
    "Klaverweide",
    "Boterbloem",
    "Zonnebloemstraat",
    "Reigerstraat",
    "Zwanenweg",
    "Meeuwenlaan",
    "Kievitstraat",
    "Spechtstraat",
    "Polderweg",
    "Slotermeer",
    "Veenweg",
    "Weidelaan",
    "Brugstraat",
    "Sluisweg",
    "Raadhuisplein",
    "Marktplein",
    "Burgemeester de Wittstraat",
    "Kennedylaan",
    "Schweitzerlaan",
    "Anne Frankstraat",
    "Troelstralaan",
    "Drossaardstraat",
    "Waterlelie",
    "Watermolen",
    "Gildestraat",
    "Ambachtsweg",
    "Spoorlaan",
    "Esdoornlaan",
    "Acacialaan",
    "Hazelaarstraat",
    "Lavendelhof",
    "Vlierbes",
    "Hoefslag",
    "Kastelenring",
    "Pieter de Hooghstraat",
    "Multatulilaan",
];

/// Names for primary and special schools; combined with a prefix such as `OBS` or `CBS`.
pub(crate) const SCHOOL_NAMES: &[&str] = &[
    "De Regenboog",
    "De Wegwijzer",
    "De Vlinder",
    "Het Kompas",
    "De Zonnewijzer",
    "De Toermalijn",
    "Het Palet",
    "De Sterrenkijker",
    "De Klimop",
    "'t Schateiland",
    "De Fontein",
    "Het Anker",
    "De Boomgaard",
    "De Eendracht",
    "De Springplank",
    "Het Mozaïek",
    "De Windroos",
    "De Notenkraker",
    "De Kameleon",
    "Het Kristal",
    "De Wilgenhoek",
    "De Lindeboom",
    "De Zeester",
    "Het Baken",
    "De Kleine Prins",
    "De Vuurvogel",
    "Het Vogelnest",
    "De Ontdekking",
    "De Tweemaster",
    "De Piramide",
    "De Meander",
    "De Horizon",
    "Het Startpunt",
    "De Bron",
    "De Morgenster",
    "De Parel",
    "De Fladderiep",
    "Het Zonnelied",
    "De Vlieger",
    "De Duizendpoot",
    "De Kiem",
    "De Dukdalf",
    "Het Talent",
    "De Tovertuin",
    "De Wereldwijzer",
    "De Kraanvogel",
    "De Octopus",
    "De Reiger",
    "De Regenwulp",
    "De Kogge",
    "De Ark",
    "Het Mosterdzaadje",
    "De Wingerd",
    "De Hoeksteen",
    "De Bolster",
    "De Sprong",
    "De Wissel",
    "De Brug",
    "Het Speelwerk",
    "De Klimboom",
    "De Zeppelin",
    "De Pijler",
    "Het Carillon",
    "De Vlonder",
    "De Kaap",
    "De Golfslag",
    "Het Zwanennest",
    "De Esdoorn",
    "De Populier",
    "De Trekvogel",
    "Het Klavertje",
];

/// Prefixes by denomination or concept for primary schools.
pub(crate) const PO_PREFIXES: &[&str] = &[
    "OBS",
    "OBS",
    "OBS",
    "CBS",
    "CBS",
    "PCBS",
    "RKBS",
    "IKC",
    "IKC",
    "Basisschool",
    "Daltonschool",
    "Montessorischool",
    "Jenaplanschool",
    "Vrije School",
];

/// Names for islamic primary schools (IBS), which take an Arabic name.
pub(crate) const IBS_NAMES: &[&str] = &["An Nour", "Al Ihsaan", "As Safa", "Al Wafa", "As Salaam"];

/// Catholic schools are often named after a saint.
pub(crate) const SAINTS: &[&str] = &[
    "Sint Jozef",
    "Sint Franciscus",
    "Sint Willibrordus",
    "Sint Nicolaas",
    "Sint Maarten",
    "Sint Bernardus",
];

/// Secondary-school patterns; `{}` is replaced by the town or by a name from [`VO_NAMES`].
pub(crate) const VO_TOWN_PATTERNS: &[&str] = &[
    "Het {} College",
    "Stedelijk Gymnasium {}",
    "Vakcollege {}",
    "Scholengemeenschap {}",
    "Montessori College {}",
    "Christelijk Lyceum {}",
    "Mavo {}",
    "Praktijkschool {}",
    "Technasium {}",
    "Openbaar Lyceum {}",
];

pub(crate) const VO_NAMES: &[&str] = &[
    "Meridiaan",
    "Noorderlicht",
    "Zuiderkruis",
    "Polderland",
    "Lichtbaken",
    "Poortwachter",
    "Getijden",
    "Vaart",
    "Kompasroos",
    "Horizon",
    "Erasmus",
    "Spinoza",
    "Comenius",
    "Huygens",
];

pub(crate) const VO_NAME_PATTERNS: &[&str] = &["{} College", "{} Lyceum", "Scholengemeenschap {}"];

pub(crate) const SO_PREFIXES: &[&str] = &["SO", "SO", "Mytylschool", "Tyltylschool"];

pub(crate) const MBO_PATTERNS: &[&str] = &[
    "MBO College {}",
    "Vakschool {}",
    "Zorgcollege {}",
    "Techniekcollege {}",
    "Groen College {}",
    "ROC locatie {}",
];

pub(crate) const ISK_PATTERNS: &[&str] = &[
    "ISK {}",
    "Internationale Schakelklas {}",
    "Taalklas {}",
    "Nieuwkomersschool {}",
];

pub(crate) const VOORSCHOOL_PREFIXES: &[&str] = &[
    "Peuterspeelzaal",
    "Peutergroep",
    "Kinderopvang",
    "VVE-locatie",
    "Peuteropvang",
];

pub(crate) const VOORSCHOOL_NAMES: &[&str] = &[
    "Het Kikkertje",
    "De Bolderkar",
    "'t Hummeltje",
    "De Ukkies",
    "Het Kabouterhuis",
    "De Dreumes",
    "Pinkeltje",
    "Dikkertje Dap",
    "De Speelhoek",
    "Het Hommeltje",
    "De Rupsjes",
    "De Boefjes",
    "'t Spelenderwijs",
    "De Vlindertjes",
    "Het Eekhoorntje",
    "De Kleine Beer",
    "Het Lieveheersbeestje",
    "De Zonnestraal",
    "Koekeloer",
    "De Ballonnetjes",
    "Het Poppenhuis",
    "De Wiebelwagen",
    "Tjilp",
    "Het Vogeltje",
    "De Kleine Kapitein",
    "Het Zandkasteel",
    "De Krummels",
    "Olleke Bolleke",
];

/// Fills `{}` in a pattern.
pub(crate) fn fill(pattern: &str, value: &str) -> String {
    pattern.replacen("{}", value, 1)
}

/// First parts of invented place names.
const PLACE_HEADS: &[&str] = &[
    "Water", "Linde", "Haven", "Ooster", "Wester", "Noorder", "Zuider", "Berken", "Eiken",
    "Wilgen", "Hazel", "Vlier", "Meer", "Klei", "Heide", "Bever", "Reiger", "Kievits", "Molen",
    "Brug", "Sluis", "Gouw", "Kroon", "Rozen", "Lelie", "Riet", "Elzen", "Esch", "Ganzen",
    "Kraaien", "Wind", "Zilver", "Beek", "Ekster", "Mos", "Klaver", "Otter", "Zwanen", "Hoeven",
    "Venne",
];

/// Second parts of invented place names.
const PLACE_TAILS: &[&str] = &[
    "weide", "loo", "stad", "veen", "dijk", "broek", "hoven", "burg", "dam", "horst", "meer",
    "wolde", "zijl", "mond", "rade", "kerk", "waard", "hem", "dal", "holt",
];

/// Combinations that are (or sound too much like) real places, and the demo world's own towns.
const REAL_PLACES: &[&str] = &[
    "Oosterhout",
    "Westerbork",
    "Zuiderdijk",
    "Meerdijk",
    "Molendijk",
    "Oosterwolde",
    "Westerwolde",
    "Beekdal",
    "Rozenburg",
    "Heidedal",
    "Meerhoven",
    "Brugdijk",
    "Hazeldal",
    "Eikenburg",
    "Lindeburg",
    "Ganzendijk",
    "Zilverdam",
    "Wilgendam",
    "Waterweide",
    "Lindeloo",
    "Havenstad",
    "Oosterdijk",
    "Westerdijk",
    "Noorderdijk",
    "Meerkerk",
    "Oosterhem",
    "Westervoort",
    "Molenhoek",
    "Riethoven",
    "Beekbergen",
    "Eschdijk",
    "Wolfheze",
    "Zuidbroek",
    "Noordbroek",
    "Oosterbroek",
    "Westerbroek",
    "Heidebroek",
    "Sluiskil",
    "Brugdam",
    "Venneveen",
    "Westerhoven",
    "Waterloo",
    "Otterloo",
    "Molenwaard",
    "Beverwaard",
    "Zwanenburg",
    "Westerloo",
    "Rozendal",
    "Meerburg",
    "Oosterhoven",
];

/// All invented place names (head + tail), in a fixed order, without the ones in [`REAL_PLACES`].
pub(crate) fn place_names() -> Vec<String> {
    let mut out = Vec::with_capacity(PLACE_HEADS.len() * PLACE_TAILS.len());
    for head in PLACE_HEADS {
        for tail in PLACE_TAILS {
            let name = format!("{head}{tail}");
            // "Meermeer" reads badly.
            if !head.eq_ignore_ascii_case(tail) && !REAL_PLACES.contains(&name.as_str()) {
                out.push(name);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_makes_ascii_email_parts() {
        assert_eq!(slug("van 't Hof"), "vanthof");
        assert_eq!(slug("Yıldız"), "yildiz");
        assert_eq!(slug("Aït Haddou"), "aithaddou");
        assert_eq!(slug("Wiśniewska"), "wisniewska");
        assert_eq!(slug("Tjon-A-Fat"), "tjon-a-fat");
        assert_eq!(slug("Ömer"), "omer");
    }

    #[test]
    fn polish_surnames_agree_with_gender() {
        assert_eq!(polish_feminine("Kowalski"), "Kowalska");
        assert_eq!(polish_feminine("Zieliński"), "Zielińska");
        assert_eq!(polish_feminine("Nowak"), "Nowak");
        assert_eq!(polish_feminine("Kidane"), "Kidane");
    }

    #[test]
    fn people_come_from_all_backgrounds() {
        let mut rng = Rng::new(3);
        let people: Vec<Person> = (0..2_000).map(|_| person(&mut rng, 0.5)).collect();
        for bg in BACKGROUNDS {
            assert!(
                people
                    .iter()
                    .any(|p| bg.surnames.contains(&p.surname.as_str())
                        || bg.surnames.iter().any(|s| polish_feminine(s) == p.surname)),
                "no surname from a background"
            );
        }
        for p in &people {
            let local = p.email_local();
            assert!(
                local
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '.' || c == '-')
            );
        }
    }

    #[test]
    fn enough_unique_place_names_for_the_country() {
        let names = place_names();
        let mut sorted = names.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len());
        assert!(names.len() >= 342 + 10);
    }
}
