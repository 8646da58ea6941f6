//! The demo world of `schakel demo` (see `shared/domain/DEMO.md`): three invented municipalities in
//! which every arrangement of the sources can be seen.
//!
//! - **Waterweide** (GM9901, modelled on source 000): 37 schools — 26 PO, 7 VO, 2 SBO and 2 newcomer
//!   schools — all served by one provider, Welzijn Waterweide, with a team of 6 workers.
//! - **Havenstad** (GM9902, sources 001 and 003e): 12 primary schools served by a provider with the
//!   SMW-plus mandate, 20 pre-school locations (45 minutes per group per week) and CJG family coaches
//!   linked to each primary school without fixed hours.
//! - **Lindeloo** (GM9903, source 003d): a small neighbour with 3 primary schools; many of its pupils
//!   live in Waterweide and the other way round. Lindeloo buys school social work from Welzijn
//!   Waterweide.
//!
//! Codes: BRIN6 codes start with `99` (real BRIN numbers do not), CBS codes are `GM99xx` (unused),
//! postcodes lie in 9901–9931 and e-mail addresses end in `.example`. Everything is invented.

use super::generate::{Place, make_school};
#[cfg(test)]
use super::pupils::PUPIL_YEARS;
use super::pupils::five_years;
use super::{
    World, WorldAccount, WorldAssignment, WorldMunicipality, WorldOrganisation, WorldSchool,
    WorldTeam, WorldWorker,
};
use crate::rng::Rng;

pub(crate) const WATERWEIDE: &str = "GM9901";
pub(crate) const HAVENSTAD: &str = "GM9902";
pub(crate) const LINDELOO: &str = "GM9903";

const WELZIJN: &str = "welzijn-waterweide";
const JEUGD_GEZIN: &str = "jeugd-gezin-havenstad";
const CJG: &str = "cjg-havenstad";

const TEAM_WATERWEIDE: &str = "smw-waterweide";
const TEAM_HVS_NOORD: &str = "smw-havenstad-noord";
const TEAM_HVS_ZUID: &str = "smw-havenstad-zuid";
const TEAM_VSMW: &str = "vsmw-havenstad";
const TEAM_CJG: &str = "cjg-gezinscoaches";

/// The worker behind the `smw` account.
pub(crate) const SMW_WORKER: &str = "w-smw";

/// Start of the current provider year; assignments of the previous year end the day before.
const START: &str = "2025-08-01";
/// The school year [`START`] begins.
const START_YEAR: &str = "2025-2026";
const PREVIOUS_START: &str = "2024-08-01";
const PREVIOUS_END: &str = "2025-07-31";

/// Fixed seed: pupil numbers, addresses and coordinates are drawn, names are chosen by hand.
const SEED: u64 = 0x5CA4_E1DE_0000_2025;

/// Waterweide's primary schools; `true` for the schools in the village of Polderveen.
const WATERWEIDE_PO: [(&str, bool); 26] = [
    ("OBS De Regenboog", false),
    ("CBS De Wegwijzer", false),
    ("RKBS Sint Jozef", false),
    ("OBS Het Kompas", false),
    ("IKC De Zonnewijzer", false),
    ("CBS De Ark", false),
    ("Daltonschool De Vlinder", false),
    ("OBS De Toermalijn", false),
    ("PCBS Het Anker", false),
    ("Montessorischool Waterweide", false),
    ("OBS Het Palet", false),
    ("CBS De Morgenster", false),
    ("Jenaplanschool De Boomgaard", false),
    ("RKBS De Lindeboom", false),
    ("OBS De Windroos", false),
    ("IBS An Nour", false),
    ("CBS Het Mosterdzaadje", false),
    ("OBS De Kameleon", false),
    ("IKC Het Mozaïek", false),
    ("Vrije School Waterweide", false),
    ("OBS De Springplank", false),
    ("CBS De Fontein", false),
    ("OBS De Klimop", true),
    ("CBS De Eendracht", true),
    ("RKBS Sint Willibrordus", true),
    ("OBS 't Schateiland", true),
];

const WATERWEIDE_VO: [(&str, bool); 7] = [
    ("Het Waterweide College", false),
    ("Stedelijk Gymnasium Waterweide", false),
    ("Meridiaan Lyceum", false),
    ("Vakcollege Waterweide", false),
    ("Montessori College Waterweide", false),
    ("Christelijke Scholengemeenschap De Poort", false),
    ("Mavo Polderveen", true),
];

const WATERWEIDE_SBO: [&str; 2] = ["SBO De Brug", "SBO De Wissel"];

/// Both newcomer schools have type `ISK` (the schema has no separate type for a primary taalklas):
/// the ISK for pupils of 12–18 and the taalklas for primary-age newcomers.
const WATERWEIDE_NEWCOMERS: [&str; 2] = ["ISK Waterweide", "Taalklas De Overstap"];

const HAVENSTAD_PO: [&str; 12] = [
    "OBS De Zeevaarder",
    "CBS De Kogge",
    "IKC Het Havenhuis",
    "RKBS Sint Nicolaas",
    "OBS De Dukdalf",
    "IBS As Salaam",
    "CBS De Vuurtoren",
    "OBS De Meeuw",
    "Daltonschool De Loods",
    "IKC De Kaap",
    "OBS De Kade",
    "CBS De Golfslag",
];

const HAVENSTAD_VOORSCHOOL: [&str; 20] = [
    "Peuterspeelzaal Het Kikkertje",
    "Peutergroep De Bolderkar",
    "Kinderopvang 't Hummeltje",
    "VVE-locatie De Ukkies",
    "Peuterspeelzaal Het Kabouterhuis",
    "Peutergroep De Dreumes",
    "Peuteropvang Pinkeltje",
    "Peuterspeelzaal Dikkertje Dap",
    "Kinderopvang De Speelhoek",
    "Peutergroep Het Hommeltje",
    "VVE-locatie De Rupsjes",
    "Peuterspeelzaal De Boefjes",
    "Peuteropvang 't Spelenderwijs",
    "Peutergroep De Vlindertjes",
    "Kinderopvang Het Eekhoorntje",
    "Peuterspeelzaal De Kleine Beer",
    "VVE-locatie Het Lieveheersbeestje",
    "Peutergroep De Zonnestraal",
    "Peuterspeelzaal Koekeloer",
    "Peuteropvang De Kleine Kapitein",
];

const LINDELOO_PO: [&str; 3] = ["OBS De Linde", "CBS De Hoeksteen", "Dorpsschool Lindeloo"];

/// Builds the demo world. Deterministic: every call returns the same world.
pub fn demo_world() -> World {
    let mut rng = Rng::new(SEED);
    let mut world = World {
        municipalities: vec![
            municipality(WATERWEIDE, "Waterweide"),
            municipality(HAVENSTAD, "Havenstad"),
            municipality(LINDELOO, "Lindeloo"),
        ],
        organisations: vec![
            organisation(WELZIJN, "Welzijn Waterweide", WATERWEIDE, false),
            organisation(JEUGD_GEZIN, "Jeugd & Gezin Havenstad", HAVENSTAD, true),
            organisation(CJG, "CJG Havenstad", HAVENSTAD, false),
        ],
        teams: vec![
            team(TEAM_WATERWEIDE, WELZIJN, "SMW Waterweide"),
            team(TEAM_HVS_NOORD, JEUGD_GEZIN, "SMW Havenstad Noord"),
            team(TEAM_HVS_ZUID, JEUGD_GEZIN, "SMW Havenstad Zuid"),
            team(TEAM_VSMW, JEUGD_GEZIN, "Voorschoolse SMW"),
            team(TEAM_CJG, CJG, "CJG gezinscoaches"),
        ],
        workers: workers(),
        ..World::default()
    };

    let ww = waterweide_schools(&mut rng);
    let hvs = havenstad_schools(&mut rng);
    let lin = lindeloo_schools(&mut rng);

    world.assignments = waterweide_assignments(&mut rng, &ww, &lin);
    world.assignments.extend(havenstad_assignments(&hvs));

    world.accounts = accounts(&ww);
    world.schools = ww.all();
    world.schools.extend(hvs.po);
    world.schools.extend(hvs.voorschool);
    world.schools.extend(lin);
    world
}

fn municipality(cbs_code: &str, name: &str) -> WorldMunicipality {
    WorldMunicipality {
        cbs_code: cbs_code.to_string(),
        name: name.to_string(),
    }
}

fn organisation(key: &str, name: &str, municipality: &str, smw_plus: bool) -> WorldOrganisation {
    WorldOrganisation {
        key: key.to_string(),
        name: name.to_string(),
        municipality: municipality.to_string(),
        smw_plus,
    }
}

fn team(key: &str, organisation: &str, name: &str) -> WorldTeam {
    WorldTeam {
        key: key.to_string(),
        organisation: organisation.to_string(),
        name: name.to_string(),
    }
}

/// (key, organisation, team, name, e-mail, registration, may authorise youth care)
type WorkerRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
    bool,
);

const WORKERS: [WorkerRow; 18] = [
    // Waterweide: 6 workers, no mandate (Welzijn Waterweide refers via the municipal youth desk).
    (
        SMW_WORKER,
        WELZIJN,
        TEAM_WATERWEIDE,
        "Yasmina El Amrani",
        "yasmina.elamrani@welzijnwaterweide.example",
        Some("SKJ190034512"),
        false,
    ),
    (
        "w-ww-02",
        WELZIJN,
        TEAM_WATERWEIDE,
        "Bram de Groot",
        "bram.degroot@welzijnwaterweide.example",
        Some("SKJ190041877"),
        false,
    ),
    (
        "w-ww-03",
        WELZIJN,
        TEAM_WATERWEIDE,
        "Elif Yıldırım",
        "elif.yildirim@welzijnwaterweide.example",
        Some("SKJ190052290"),
        false,
    ),
    (
        "w-ww-04",
        WELZIJN,
        TEAM_WATERWEIDE,
        "Priya Ramdin",
        "priya.ramdin@welzijnwaterweide.example",
        None,
        false,
    ),
    (
        "w-ww-05",
        WELZIJN,
        TEAM_WATERWEIDE,
        "Marieke van der Linden",
        "marieke.vanderlinden@welzijnwaterweide.example",
        Some("SKJ190017436"),
        false,
    ),
    (
        "w-ww-06",
        WELZIJN,
        TEAM_WATERWEIDE,
        "Katarzyna Wiśniewska",
        "katarzyna.wisniewska@welzijnwaterweide.example",
        Some("SKJ190066021"),
        false,
    ),
    // Havenstad: SMW plus, most workers hold the mandate.
    (
        "w-hvs-01",
        JEUGD_GEZIN,
        TEAM_HVS_NOORD,
        "Rachid Benali",
        "rachid.benali@jeugdengezinhavenstad.example",
        Some("SKJ190078345"),
        true,
    ),
    (
        "w-hvs-02",
        JEUGD_GEZIN,
        TEAM_HVS_NOORD,
        "Sanne Visser",
        "sanne.visser@jeugdengezinhavenstad.example",
        Some("SKJ190080113"),
        true,
    ),
    (
        "w-hvs-03",
        JEUGD_GEZIN,
        TEAM_HVS_NOORD,
        "Senait Tekle",
        "senait.tekle@jeugdengezinhavenstad.example",
        None,
        false,
    ),
    (
        "w-hvs-04",
        JEUGD_GEZIN,
        TEAM_HVS_ZUID,
        "Joyce Pinas",
        "joyce.pinas@jeugdengezinhavenstad.example",
        Some("SKJ190083560"),
        true,
    ),
    (
        "w-hvs-05",
        JEUGD_GEZIN,
        TEAM_HVS_ZUID,
        "Omar Haddad",
        "omar.haddad@jeugdengezinhavenstad.example",
        Some("SKJ190091274"),
        true,
    ),
    (
        "w-hvs-06",
        JEUGD_GEZIN,
        TEAM_HVS_ZUID,
        "Lotte Dijkstra",
        "lotte.dijkstra@jeugdengezinhavenstad.example",
        Some("SKJ190095802"),
        true,
    ),
    // Pre-school social work (voorschoolse SMW).
    (
        "w-hvs-07",
        JEUGD_GEZIN,
        TEAM_VSMW,
        "Ilse Kuiper",
        "ilse.kuiper@jeugdengezinhavenstad.example",
        Some("SKJ190102448"),
        false,
    ),
    (
        "w-hvs-08",
        JEUGD_GEZIN,
        TEAM_VSMW,
        "Hatice Demir",
        "hatice.demir@jeugdengezinhavenstad.example",
        None,
        false,
    ),
    // CJG family coaches, each linked to three primary schools in Havenstad.
    (
        "w-cjg-01",
        CJG,
        TEAM_CJG,
        "Femke Mulder",
        "femke.mulder@cjghavenstad.example",
        Some("SKJ190110937"),
        false,
    ),
    (
        "w-cjg-02",
        CJG,
        TEAM_CJG,
        "Nordin Azzouzi",
        "nordin.azzouzi@cjghavenstad.example",
        Some("SKJ190114265"),
        false,
    ),
    (
        "w-cjg-03",
        CJG,
        TEAM_CJG,
        "Anjali Sewdien",
        "anjali.sewdien@cjghavenstad.example",
        None,
        false,
    ),
    (
        "w-cjg-04",
        CJG,
        TEAM_CJG,
        "Piotr Kamiński",
        "piotr.kaminski@cjghavenstad.example",
        Some("SKJ190119583"),
        false,
    ),
];

/// Contract hours a week per worker (CAO Sociaal Werk: full time is 36). The Waterweide team's fixed hours
/// exceed two contracts (Marieke 46 and Katarzyna 55 fixed hours against 36), so its team lead sees the warning.
const CONTRACT_HOURS: [(&str, f64); 18] = [
    (SMW_WORKER, 32.0),
    ("w-ww-02", 36.0),
    ("w-ww-03", 36.0),
    ("w-ww-04", 32.0),
    ("w-ww-05", 36.0),
    ("w-ww-06", 36.0),
    ("w-hvs-01", 28.0),
    ("w-hvs-02", 24.0),
    ("w-hvs-03", 32.0),
    ("w-hvs-04", 28.0),
    ("w-hvs-05", 36.0),
    ("w-hvs-06", 24.0),
    ("w-hvs-07", 28.0),
    ("w-hvs-08", 24.0),
    ("w-cjg-01", 32.0),
    ("w-cjg-02", 28.0),
    ("w-cjg-03", 24.0),
    ("w-cjg-04", 36.0),
];

fn workers() -> Vec<WorldWorker> {
    WORKERS
        .iter()
        .map(
            |&(key, organisation, team, name, email, registration, mandate)| WorldWorker {
                key: key.to_string(),
                organisation: organisation.to_string(),
                team: team.to_string(),
                name: name.to_string(),
                email: email.to_string(),
                registration_number: registration.map(str::to_string),
                may_authorise_youth_care: mandate,
                contract_hours: CONTRACT_HOURS
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|&(_, hours)| hours),
            },
        )
        .collect()
}

struct Waterweide {
    po: [WorldSchool; 26],
    vo: [WorldSchool; 7],
    sbo: [WorldSchool; 2],
    /// `[ISK, taalklas]`
    newcomers: [WorldSchool; 2],
}

impl Waterweide {
    fn all(self) -> Vec<WorldSchool> {
        let mut all = Vec::from(self.po);
        all.extend(self.vo);
        all.extend(self.sbo);
        all.extend(self.newcomers);
        all
    }
}

struct Havenstad {
    po: [WorldSchool; 12],
    voorschool: [WorldSchool; 20],
}

const TOWN: Place<'static> = Place {
    municipality: WATERWEIDE,
    city: "Waterweide",
    postcodes: (9901, 9907),
    centre: (52.50, 4.95),
    spread_km: 3.0,
    holiday_region: "noord",
};

const VILLAGE: Place<'static> = Place {
    municipality: WATERWEIDE,
    city: "Polderveen",
    postcodes: (9908, 9909),
    centre: (52.535, 5.005),
    spread_km: 1.0,
    holiday_region: "noord",
};

const HARBOUR_CITY: Place<'static> = Place {
    municipality: HAVENSTAD,
    city: "Havenstad",
    postcodes: (9910, 9929),
    centre: (51.915, 4.43),
    spread_km: 6.0,
    holiday_region: "zuid",
};

const NEIGHBOUR: Place<'static> = Place {
    municipality: LINDELOO,
    city: "Lindeloo",
    postcodes: (9930, 9931),
    centre: (52.468, 5.02),
    spread_km: 1.2,
    holiday_region: "noord",
};

/// BRIN6 code `99` + series letter + school letter + `00`.
fn brin(series: char, index: usize) -> String {
    let letter = char::from(b'A' + (index % 26) as u8);
    format!("99{series}{letter}00")
}

/// One school per entry of a fixed list; `make` gets the entry's index. The array keeps the list's
/// length in the type, so the fixed positions used in the assignments are checked at compile time.
fn schools<T, const N: usize>(
    items: [T; N],
    mut make: impl FnMut(usize, T) -> WorldSchool,
) -> [WorldSchool; N] {
    let mut index = 0;
    items.map(|item| {
        let school = make(index, item);
        index += 1;
        school
    })
}

/// A school as the generator makes it, with pupil counts for all five [`PUPIL_YEARS`].
fn demo_school(
    rng: &mut Rng,
    place: &Place<'_>,
    code: String,
    name: &str,
    school_type: &str,
    pupils: (i64, i64),
) -> WorldSchool {
    let mut school = make_school(rng, place, code, name, school_type, pupils);
    five_years(&mut school, pupils, SEED);
    school
}

fn waterweide_schools(rng: &mut Rng) -> Waterweide {
    let place = |village: bool| if village { &VILLAGE } else { &TOWN };
    Waterweide {
        po: schools(WATERWEIDE_PO, |i, (name, village)| {
            demo_school(rng, place(village), brin('W', i), name, "PO", (120, 450))
        }),
        vo: schools(WATERWEIDE_VO, |i, (name, village)| {
            demo_school(rng, place(village), brin('V', i), name, "VO", (600, 1600))
        }),
        sbo: schools(WATERWEIDE_SBO, |i, name| {
            demo_school(rng, &TOWN, brin('S', i), name, "SBO", (90, 160))
        }),
        newcomers: schools(WATERWEIDE_NEWCOMERS, |i, name| {
            demo_school(rng, &TOWN, brin('N', i), name, "ISK", (40, 120))
        }),
    }
}

fn havenstad_schools(rng: &mut Rng) -> Havenstad {
    Havenstad {
        po: schools(HAVENSTAD_PO, |i, name| {
            demo_school(rng, &HARBOUR_CITY, brin('H', i), name, "PO", (120, 450))
        }),
        // 2–4 groups of at most 16 toddlers per location.
        voorschool: schools(HAVENSTAD_VOORSCHOOL, |i, name| {
            let code = format!("HVS-VVE-{:02}", i + 1);
            demo_school(rng, &HARBOUR_CITY, code, name, "VOORSCHOOL", (28, 60))
        }),
    }
}

fn lindeloo_schools(rng: &mut Rng) -> [WorldSchool; 3] {
    schools(LINDELOO_PO, |i, name| {
        demo_school(rng, &NEIGHBOUR, brin('L', i), name, "PO", (90, 220))
    })
}

fn assign(worker: &str, school: &WorldSchool, hours: Option<f64>) -> WorldAssignment {
    WorldAssignment {
        worker: worker.to_string(),
        school: school.code.clone(),
        hours_per_week: hours,
        starts_on: START.to_string(),
        ends_on: None,
    }
}

fn ended(worker: &str, school: &WorldSchool) -> WorldAssignment {
    WorldAssignment {
        worker: worker.to_string(),
        school: school.code.clone(),
        hours_per_week: Some(4.0),
        starts_on: PREVIOUS_START.to_string(),
        ends_on: Some(PREVIOUS_END.to_string()),
    }
}

/// 4–8 hours in half-hour steps, or "as needed" for some of the smaller schools.
fn po_hours(rng: &mut Rng) -> Option<f64> {
    if rng.chance(0.35) {
        None
    } else {
        Some(4.0 + 0.5 * rng.below(9) as f64)
    }
}

fn waterweide_assignments(
    rng: &mut Rng,
    ww: &Waterweide,
    lindeloo: &[WorldSchool],
) -> Vec<WorldAssignment> {
    let (po, vo, sbo, nc) = (&ww.po, &ww.vo, &ww.sbo, &ww.newcomers);
    let mut out = Vec::new();
    // The demo social worker: 2.5 days at one primary school, as needed at three others (a primary
    // school, a special primary school with the parent group, and the college with the 14-year-old).
    for (i, school) in [&po[0], &po[1], &sbo[0], &vo[0]].into_iter().enumerate() {
        out.push(assign(SMW_WORKER, school, (i == 0).then_some(20.0)));
    }
    // Secondary schools and the ISK.
    out.push(assign("w-ww-02", &vo[0], Some(16.0)));
    out.push(assign("w-ww-02", &vo[1], Some(16.0)));
    out.push(assign("w-ww-02", &nc[0], Some(4.0)));
    out.push(assign("w-ww-03", &vo[2], Some(16.0)));
    out.push(assign("w-ww-03", &vo[3], Some(12.0)));
    out.push(assign("w-ww-03", &vo[4], Some(8.0)));
    out.push(assign("w-ww-04", &vo[5], Some(12.0)));
    out.push(assign("w-ww-04", &vo[6], Some(8.0)));
    for school in &po[2..5] {
        out.push(assign("w-ww-04", school, Some(4.0)));
    }
    // Lindeloo buys school social work from Welzijn Waterweide, as needed.
    for school in lindeloo {
        out.push(assign("w-ww-04", school, None));
    }
    // Primary schools.
    for school in &po[5..15] {
        let hours = po_hours(rng);
        out.push(assign("w-ww-05", school, hours));
    }
    out.push(assign("w-ww-05", &sbo[1], Some(8.0)));
    for school in &po[15..] {
        let hours = po_hours(rng);
        out.push(assign("w-ww-06", school, hours));
    }
    out.push(assign("w-ww-06", &nc[1], Some(6.0)));
    // Last year's arrangement, before the schools were redistributed (kept for case history).
    out.push(ended("w-ww-05", &po[15]));
    out.push(ended("w-ww-02", &vo[2]));
    out.push(ended("w-ww-04", &sbo[1]));
    out
}

fn havenstad_assignments(hvs: &Havenstad) -> Vec<WorldAssignment> {
    let mut out = Vec::new();
    // Two schools per worker: 12 hours at the first, 8 at the second (Noord: 0–5, Zuid: 6–11).
    let smw = [
        "w-hvs-01", "w-hvs-02", "w-hvs-03", "w-hvs-04", "w-hvs-05", "w-hvs-06",
    ];
    for (worker, pair) in smw.iter().zip(hvs.po.chunks(2)) {
        for (school, hours) in pair.iter().zip([12.0, 8.0]) {
            out.push(assign(worker, school, Some(hours)));
        }
    }
    // Pre-school social work: 45 minutes per group per week (source 003e), ten locations each.
    for (worker, locations) in ["w-hvs-07", "w-hvs-08"]
        .iter()
        .zip(hvs.voorschool.chunks(10))
    {
        for location in locations {
            out.push(assign(worker, location, Some(voorschool_hours(location))));
        }
    }
    // CJG family coaches: a fixed contact per school, no fixed hours (source 001).
    let coaches = ["w-cjg-01", "w-cjg-02", "w-cjg-03", "w-cjg-04"];
    for (coach, schools) in coaches.iter().zip(hvs.po.chunks(3)) {
        for school in schools {
            out.push(assign(coach, school, None));
        }
    }
    out
}

/// 0.75 hours per group of at most 16 toddlers, by the count of the year the assignments started.
fn voorschool_hours(location: &WorldSchool) -> f64 {
    let pupils = location
        .pupils
        .iter()
        .find(|(year, _)| year == START_YEAR)
        .map_or(0, |(_, n)| *n);
    let groups = (pupils + 15) / 16;
    0.75 * groups as f64
}

fn account(username: &str, display_name: &str, role: &str) -> WorldAccount {
    WorldAccount {
        username: username.to_string(),
        display_name: display_name.to_string(),
        role: role.to_string(),
        organisation: None,
        team: None,
        school: None,
        municipality: None,
        worker: None,
    }
}

fn accounts(ww: &Waterweide) -> Vec<WorldAccount> {
    let org = || Some(WELZIJN.to_string());
    let school = ww.po.first().map(|s| s.code.clone());
    vec![
        WorldAccount {
            organisation: org(),
            team: Some(TEAM_WATERWEIDE.to_string()),
            worker: Some(SMW_WORKER.to_string()),
            ..account("smw", "Yasmina El Amrani", "social_worker")
        },
        WorldAccount {
            organisation: org(),
            team: Some(TEAM_WATERWEIDE.to_string()),
            ..account("teamleider", "Annemiek Hoogland", "team_lead")
        },
        WorldAccount {
            school,
            ..account("school", "Ingrid Verbeek", "school_contact")
        },
        WorldAccount {
            municipality: Some(WATERWEIDE.to_string()),
            ..account("gemeente", "Ruud Hoekstra", "municipality")
        },
        WorldAccount {
            organisation: org(),
            ..account("beheer", "Dennis Kok", "functional_admin")
        },
        WorldAccount {
            organisation: org(),
            ..account("privacy", "Fatma Aydın", "privacy_officer")
        },
        // Havenstad, for the SMW-plus stories: a worker with the mandate and the lead who approves.
        WorldAccount {
            organisation: Some(JEUGD_GEZIN.to_string()),
            team: Some(TEAM_HVS_NOORD.to_string()),
            worker: Some("w-hvs-01".to_string()),
            ..account("smw-havenstad", "Rachid Benali", "social_worker")
        },
        WorldAccount {
            organisation: Some(JEUGD_GEZIN.to_string()),
            team: Some(TEAM_HVS_NOORD.to_string()),
            ..account("teamleider-havenstad", "Wendy Kartoredjo", "team_lead")
        },
        WorldAccount {
            municipality: Some(HAVENSTAD.to_string()),
            ..account("gemeente-havenstad", "Youssef Bakkali", "municipality")
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::checks::assert_consistent;

    fn count(world: &World, municipality: &str, school_type: &str) -> usize {
        world
            .schools
            .iter()
            .filter(|s| s.municipality == municipality && s.school_type == school_type)
            .count()
    }

    #[test]
    fn demo_is_consistent_and_deterministic() {
        let world = demo_world();
        assert_consistent(&world);
        assert_eq!(world, demo_world());
    }

    #[test]
    fn waterweide_has_37_schools_in_the_source_mix() {
        let world = demo_world();
        let total = world
            .schools
            .iter()
            .filter(|s| s.municipality == WATERWEIDE)
            .count();
        assert_eq!(total, 37);
        assert_eq!(count(&world, WATERWEIDE, "PO"), 26);
        assert_eq!(count(&world, WATERWEIDE, "VO"), 7);
        assert_eq!(count(&world, WATERWEIDE, "SBO"), 2);
        assert_eq!(count(&world, WATERWEIDE, "ISK"), 2);
    }

    #[test]
    fn havenstad_and_lindeloo() {
        let world = demo_world();
        assert_eq!(count(&world, HAVENSTAD, "PO"), 12);
        assert_eq!(count(&world, HAVENSTAD, "VOORSCHOOL"), 20);
        assert_eq!(count(&world, LINDELOO, "PO"), 3);
        assert!(
            world
                .schools
                .iter()
                .filter(|s| s.school_type == "VOORSCHOOL")
                .all(|s| s.code.starts_with("HVS-VVE-"))
        );
        // Pre-school hours are 45 minutes per group.
        for a in &world.assignments {
            if a.school.starts_with("HVS-VVE-") {
                let hours = a.hours_per_week.unwrap_or(0.0);
                assert!([1.5, 2.25, 3.0].contains(&hours), "{hours}");
            }
        }
        // Every Havenstad primary school has a CJG family coach without fixed hours.
        for school in world.schools.iter().filter(|s| s.municipality == HAVENSTAD) {
            if school.school_type == "PO" {
                assert!(world.assignments.iter().any(|a| a.school == school.code
                    && a.worker.starts_with("w-cjg-")
                    && a.hours_per_week.is_none()));
            }
        }
        let jg = world
            .organisations
            .iter()
            .find(|o| o.key == JEUGD_GEZIN)
            .map(|o| o.smw_plus);
        assert_eq!(jg, Some(true));
        let mandated = world
            .workers
            .iter()
            .filter(|w| w.organisation == JEUGD_GEZIN && w.may_authorise_youth_care)
            .count();
        assert!(mandated >= 5);
    }

    #[test]
    fn waterweide_team_has_six_workers() {
        let world = demo_world();
        let members = world
            .workers
            .iter()
            .filter(|w| w.team == TEAM_WATERWEIDE)
            .count();
        assert_eq!(members, 6);
        let teams: Vec<&str> = world.teams.iter().map(|t| t.name.as_str()).collect();
        for name in [
            "SMW Waterweide",
            "SMW Havenstad Noord",
            "SMW Havenstad Zuid",
            "Voorschoolse SMW",
            "CJG gezinscoaches",
        ] {
            assert!(teams.contains(&name), "{name}");
        }
    }

    #[test]
    fn smw_works_at_four_schools_two_and_a_half_days_at_one() {
        let world = demo_world();
        let mine: Vec<&WorldAssignment> = world
            .assignments
            .iter()
            .filter(|a| a.worker == SMW_WORKER && a.ends_on.is_none())
            .collect();
        assert_eq!(mine.len(), 4);
        assert_eq!(
            mine.iter()
                .filter(|a| a.hours_per_week == Some(20.0))
                .count(),
            1
        );
        assert_eq!(
            mine.iter().filter(|a| a.hours_per_week.is_none()).count(),
            3
        );
        for a in &mine {
            let school = world.schools.iter().find(|s| s.code == a.school);
            assert_eq!(school.map(|s| s.municipality.as_str()), Some(WATERWEIDE));
        }
        // The school contact works at the school where `smw` spends 2.5 days.
        let school_account = world.accounts.iter().find(|a| a.username == "school");
        let main = mine.iter().find(|a| a.hours_per_week == Some(20.0));
        assert_eq!(
            school_account.and_then(|a| a.school.clone()),
            main.map(|a| a.school.clone())
        );
        let school_type = world
            .schools
            .iter()
            .find(|s| main.is_some_and(|a| a.school == s.code))
            .map(|s| s.school_type.as_str());
        assert_eq!(school_type, Some("PO"));
    }

    #[test]
    fn demo_accounts_cover_all_six_roles() {
        let world = demo_world();
        let expect = [
            ("smw", "social_worker"),
            ("teamleider", "team_lead"),
            ("school", "school_contact"),
            ("gemeente", "municipality"),
            ("beheer", "functional_admin"),
            ("privacy", "privacy_officer"),
        ];
        for (username, role) in expect {
            let account = world.accounts.iter().find(|a| a.username == username);
            assert_eq!(account.map(|a| a.role.as_str()), Some(role), "{username}");
        }
        let smw = world.accounts.iter().find(|a| a.username == "smw");
        assert_eq!(smw.and_then(|a| a.worker.as_deref()), Some(SMW_WORKER));
        assert_eq!(smw.and_then(|a| a.organisation.as_deref()), Some(WELZIJN));
        let gemeente = world.accounts.iter().find(|a| a.username == "gemeente");
        assert_eq!(
            gemeente.and_then(|a| a.municipality.as_deref()),
            Some(WATERWEIDE)
        );
    }

    #[test]
    fn pupil_numbers_are_in_range_for_five_years() {
        let world = demo_world();
        for s in world
            .schools
            .iter()
            .filter(|s| s.municipality == WATERWEIDE)
        {
            let (lo, hi) = match s.school_type.as_str() {
                "PO" => (120, 450),
                "VO" => (600, 1600),
                "SBO" => (90, 160),
                _ => (40, 120),
            };
            let years: Vec<&str> = s.pupils.iter().map(|(y, _)| y.as_str()).collect();
            assert_eq!(years, PUPIL_YEARS);
            for (_, n) in &s.pupils {
                assert!((lo..=hi).contains(n), "{} {n}", s.name);
            }
            // Slowly drifting, as DUO counts do: at most 6% (3% and rounding down) from one year to the next.
            for pair in s.pupils.windows(2) {
                let (a, b) = (pair[0].1, pair[1].1);
                assert!(
                    (a - b).abs() * 100 <= a.max(b) * 6 + 100,
                    "{} {a} {b}",
                    s.name
                );
            }
            assert_eq!(s.holiday_region, "noord");
        }
    }

    #[test]
    fn some_assignments_ended_last_year() {
        let world = demo_world();
        let ended: Vec<&WorldAssignment> = world
            .assignments
            .iter()
            .filter(|a| a.ends_on.is_some())
            .collect();
        assert_eq!(ended.len(), 3);
        assert!(
            ended
                .iter()
                .all(|a| a.ends_on.as_deref() == Some(PREVIOUS_END))
        );
    }
    #[test]
    fn contract_hours_are_realistic_and_one_team_is_over() {
        let world = demo_world();
        let fixed = |key: &str| -> f64 {
            world
                .assignments
                .iter()
                .filter(|a| a.worker == key && a.ends_on.is_none())
                .filter_map(|a| a.hours_per_week)
                .sum()
        };
        for w in &world.workers {
            let contract = w.contract_hours.unwrap_or_default();
            assert!((24.0..=36.0).contains(&contract), "{}: {contract}", w.name);
        }
        let over: Vec<&str> = world
            .workers
            .iter()
            .filter(|w| {
                schakel_domain::org::hours_over_contract(fixed(&w.key), w.contract_hours).is_some()
            })
            .map(|w| w.name.as_str())
            .collect();
        assert_eq!(over, ["Marieke van der Linden", "Katarzyna Wiśniewska"]);
    }
}
