//! Generated worlds of realistic size for load tests and benchmarks:
//! `schakel generate --scale team|city|country --seed N`.
//!
//! - `team`: one municipality with ~40 schools, one provider, one team of 6 workers.
//! - `region`: three small municipalities (~22, ~12 and ~8 schools; the first with two providers), for tests
//!   that need children living in one municipality and going to school in another (monitoring's "who pays").
//! - `city`: one large municipality with ~250 schools of all types, 3 providers, ~12 teams, ~80 workers.
//! - `country`: 342 municipalities with ~6,800 schools, sized by a skewed (Zipf-like) distribution:
//!   a few cities with hundreds of schools, many municipalities with 5–20.
//!
//! The same seed always gives the same world, on every platform: the generator only uses integer
//! arithmetic and exactly rounded float operations (`+ - * / sqrt round`), never `powf`, `ln` or
//! trigonometry, whose last bits may differ between platforms.

use std::collections::HashSet;
use std::fmt;
use std::str::FromStr;

use super::names;
use super::pupils::five_years;
use super::{
    World, WorldAccount, WorldAssignment, WorldMunicipality, WorldOrganisation, WorldSchool,
    WorldTeam, WorldWorker,
};
use crate::rng::Rng;

/// The school years for which pupil numbers are given.
pub(crate) const YEARS: [&str; 2] = ["2024-2025", "2025-2026"];

/// The seed of the pupil counts before and after [`YEARS`] (mixed with each school's code).
const PUPIL_SEED: u64 = 0x5CA4_E1DE_F1FE_2026;

const START: &str = "2025-08-01";
const PREVIOUS_START: &str = "2024-08-01";
const PREVIOUS_END: &str = "2025-07-31";

/// Bounding box of the Netherlands.
const LAT: (f64, f64) = (50.8, 53.5);
const LON: (f64, f64) = (3.4, 7.2);

/// Rough land areas of the Netherlands as (lat from, lat to, lon from, lon to, weight), so that
/// municipality centres fall on land rather than in the North Sea or in Germany.
const LAND: [(f64, f64, f64, f64, u64); 7] = [
    (50.85, 51.25, 5.65, 6.05, 2),  // Limburg
    (51.25, 51.70, 4.35, 6.05, 10), // Brabant, Noord-Limburg
    (51.30, 51.65, 3.55, 4.25, 2),  // Zeeland
    (51.70, 52.25, 4.20, 6.65, 14), // Zuid-Holland, Utrecht, Gelderland
    (52.25, 52.75, 4.65, 6.90, 10), // Noord-Holland, Flevoland, Overijssel
    (52.75, 52.95, 4.70, 5.10, 2),  // Kop van Noord-Holland
    (52.85, 53.35, 5.45, 7.05, 6),  // Friesland, Groningen, Drenthe
];

/// Region scale: per municipality the range of its schools and its number of providers.
const REGION_SCHOOLS: [(i64, i64, usize); 3] = [(20, 24, 2), (11, 13, 1), (7, 9, 1)];

/// Number of municipalities at country scale.
const COUNTRY_MUNICIPALITIES: usize = 342;

/// How large a world to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// One municipality, ~40 schools, one team.
    Team,
    /// Three small municipalities, ~42 schools in all.
    Region,
    /// One large municipality, ~250 schools.
    City,
    /// 342 municipalities, ~6,800 schools.
    Country,
}

impl FromStr for Scale {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "team" => Ok(Self::Team),
            "region" => Ok(Self::Region),
            "city" => Ok(Self::City),
            "country" => Ok(Self::Country),
            _ => Err(format!(
                "onbekende schaal '{s}': kies team, region, city of country / \
                 unknown scale '{s}': choose team, region, city or country"
            )),
        }
    }
}

impl fmt::Display for Scale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Team => "team",
            Self::Region => "region",
            Self::City => "city",
            Self::Country => "country",
        })
    }
}

/// Generates a world. Deterministic: the same scale and seed always give an equal world.
pub fn generate_world(scale: Scale, seed: u64) -> World {
    let salt = match scale {
        Scale::Team => 0x7EA4_0000_0000_0001,
        Scale::Region => 0x4E61_0000_0000_0004,
        Scale::City => 0xC17E_0000_0000_0002,
        Scale::Country => 0xC0DE_0000_0000_0003,
    };
    let municipalities = match scale {
        Scale::Team | Scale::City => 1,
        Scale::Region => REGION_SCHOOLS.len(),
        Scale::Country => COUNTRY_MUNICIPALITIES,
    };
    let mut g = Generator::new(seed ^ salt, municipalities);
    match scale {
        Scale::Team => {
            let schools = g.rng.between(38, 42) as usize;
            g.municipality(&Plan {
                schools,
                organisations: 1,
                workers: 6,
                team_size: 6,
            });
        }
        Scale::Region => {
            for (low, high, organisations) in REGION_SCHOOLS {
                let schools = g.rng.between(low, high) as usize;
                g.municipality(&Plan {
                    schools,
                    organisations,
                    workers: organisations * 3,
                    team_size: 3,
                });
            }
        }
        Scale::City => {
            let schools = g.rng.between(240, 260) as usize;
            g.municipality(&Plan {
                schools,
                organisations: 3,
                workers: 80,
                team_size: 7,
            });
        }
        Scale::Country => {
            let target = g.rng.between(6_750, 6_850) as usize;
            let sizes = country_sizes(&mut g.rng, COUNTRY_MUNICIPALITIES, target);
            for schools in sizes {
                let organisations = match schools {
                    0..20 => 1,
                    20..90 => 2,
                    _ => 3,
                };
                // One worker per 6–10 schools.
                let workers = (schools * 10 / g.rng.between(60, 100) as usize).max(1);
                g.municipality(&Plan {
                    schools,
                    organisations,
                    workers,
                    team_size: 8,
                });
            }
        }
    }
    g.accounts();
    g.world
}

/// Municipality sizes by a Zipf-like law, weight (rank + 1)^-0.75 with ±15% noise, scaled to add up
/// to `target` exactly, in random order (CBS codes are alphabetical, not by size). With ~6,800 schools
/// the largest city gets ~300 schools, the median municipality ~11 and the smallest ~6.
fn country_sizes(rng: &mut Rng, count: usize, target: usize) -> Vec<usize> {
    let weights: Vec<f64> = (1..=count)
        .map(|rank| {
            // x^0.75 = x^(1/2) · x^(1/4), with sqrt only (exactly rounded everywhere).
            let root = ((rank + 1) as f64).sqrt();
            rng.range_f64(0.85, 1.15) / (root * root.sqrt())
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<usize> = weights
        .iter()
        .map(|w| ((w / total * target as f64).round() as usize).max(3))
        .collect();
    let sum: usize = sizes.iter().sum();
    if let Some(largest) = sizes.iter_mut().max() {
        *largest = (*largest + target).saturating_sub(sum).max(3);
    }
    rng.shuffle(&mut sizes);
    sizes
}

/// Where a school lies: municipality, town or village, postcode range and a cluster of coordinates.
pub(crate) struct Place<'a> {
    pub municipality: &'a str,
    pub city: &'a str,
    /// Inclusive range of the four postcode digits.
    pub postcodes: (i64, i64),
    /// (latitude, longitude) of the centre.
    pub centre: (f64, f64),
    /// Schools lie within this distance (in km, per axis) of the centre.
    pub spread_km: f64,
    /// `noord`, `midden` or `zuid`.
    pub holiday_region: &'a str,
}

/// A school at a random address of `place`, with pupil numbers in `pupils` (inclusive) for both years.
pub(crate) fn make_school(
    rng: &mut Rng,
    place: &Place<'_>,
    code: String,
    name: &str,
    school_type: &str,
    pupils: (i64, i64),
) -> WorldSchool {
    let street = rng.pick(names::STREETS);
    let number = rng.between(1, 180);
    let postcode = postcode(rng, place.postcodes);
    let (latitude, longitude) = scatter(rng, place.centre, place.spread_km);
    let first = rng.between(pupils.0, pupils.1);
    let second = (first * rng.between(94, 106) / 100).clamp(pupils.0, pupils.1);
    WorldSchool {
        code,
        name: name.to_string(),
        school_type: school_type.to_string(),
        municipality: place.municipality.to_string(),
        street_address: format!("{street} {number}"),
        postcode,
        city: place.city.to_string(),
        latitude,
        longitude,
        holiday_region: place.holiday_region.to_string(),
        pupils: vec![
            (YEARS[0].to_string(), first),
            (YEARS[1].to_string(), second),
        ],
    }
}

/// `1234 AB`; the letter pairs SA, SD and SS are not used in Dutch postcodes.
fn postcode(rng: &mut Rng, digits: (i64, i64)) -> String {
    let number = rng.between(digits.0.max(1000), digits.1.min(9999));
    loop {
        let a = char::from(b'A' + rng.below(26) as u8);
        let b = char::from(b'A' + rng.below(26) as u8);
        if !(a == 'S' && matches!(b, 'A' | 'D' | 'S')) {
            return format!("{number} {a}{b}");
        }
    }
}

/// A point near `centre`, inside the Netherlands' bounding box, rounded to 5 decimals (~1 m).
fn scatter(rng: &mut Rng, centre: (f64, f64), spread_km: f64) -> (f64, f64) {
    // One degree of latitude is 111 km; one degree of longitude at 52° N is about 68.5 km.
    let lat = centre.0 + rng.range_f64(-1.0, 1.0) * spread_km / 111.0;
    let lon = centre.1 + rng.range_f64(-1.0, 1.0) * spread_km / 68.5;
    (
        round5(lat.clamp(LAT.0, LAT.1)),
        round5(lon.clamp(LON.0, LON.1)),
    )
}

fn round5(x: f64) -> f64 {
    (x * 100_000.0).round() / 100_000.0
}

/// School holiday region by latitude, roughly as the regions are drawn.
fn holiday_region(lat: f64) -> &'static str {
    if lat >= 52.3 {
        "noord"
    } else if lat >= 51.75 {
        "midden"
    } else {
        "zuid"
    }
}

/// District name of team `t` of `count`: workers' schools run from west to east, so the teams are
/// strips of the municipality: "West", "Centrum", "Oost", numbered when a strip has several teams.
fn district(t: usize, count: usize) -> Option<String> {
    const STRIPS: [&str; 3] = ["West", "Centrum", "Oost"];
    let strips = count.min(3);
    if strips <= 1 {
        return None;
    }
    // With two teams: West and Oost.
    let strip_of = |t: usize| if strips == 2 { t * 2 } else { t * 3 / count };
    let strip = strip_of(t);
    let name = STRIPS.get(strip).copied().unwrap_or("Oost");
    let in_strip = (0..count).filter(|&u| strip_of(u) == strip).count();
    if in_strip == 1 {
        Some(name.to_string())
    } else {
        let number = (0..t).filter(|&u| strip_of(u) == strip).count() + 1;
        Some(format!("{name} {number}"))
    }
}

/// Rounds to half hours.
fn round_half(hours: f64) -> f64 {
    (hours * 2.0).round() / 2.0
}

/// How many schools of each type a municipality with `n` schools has (PO takes the rest).
fn type_mix(n: usize) -> [(&'static str, usize); 8] {
    let share = |f: f64, from: usize| {
        if n >= from {
            ((n as f64 * f).round() as usize).max(1)
        } else {
            0
        }
    };
    let vo = share(0.10, 6);
    let sbo = share(0.03, 12);
    let so = share(0.02, 25);
    let vso = share(0.02, 25);
    let mbo = share(0.02, 40);
    let isk = share(0.01, 30);
    let voorschool = if n >= 20 {
        (n as f64 * 0.06).round() as usize
    } else {
        0
    };
    let other = vo + sbo + so + vso + mbo + isk + voorschool;
    [
        ("PO", n.saturating_sub(other)),
        ("SBO", sbo),
        ("SO", so),
        ("VSO", vso),
        ("VO", vo),
        ("MBO", mbo),
        ("ISK", isk),
        ("VOORSCHOOL", voorschool),
    ]
}

/// Inclusive pupil range per school type; villages and small towns have smaller primary schools.
fn pupil_range(school_type: &str, small: bool) -> (i64, i64) {
    match school_type {
        "PO" if small => (40, 260),
        "PO" => (90, 520),
        "SBO" => (80, 200),
        "SO" => (50, 180),
        "VSO" => (60, 260),
        "VO" => (450, 1_800),
        "MBO" => (600, 4_500),
        "ISK" => (40, 180),
        _ => (24, 64),
    }
}

/// Relative weight of a school in a worker's week.
fn workload(school_type: &str) -> f64 {
    match school_type {
        "PO" => 1.0,
        "VO" | "MBO" => 3.0,
        "VOORSCHOOL" => 0.3,
        _ => 1.5,
    }
}

/// Who serves which school types when a municipality has more than one provider.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Welfare organisation: primary, special primary, newcomers and pre-school (all types if alone).
    Welzijn,
    /// Youth & family organisation with the SMW-plus mandate: secondary, special and vocational.
    JeugdGezin,
    /// Centre for Youth and Family: a family coach linked to each primary school, no fixed hours.
    Cjg,
}

impl Kind {
    fn slug(self) -> &'static str {
        match self {
            Self::Welzijn => "welzijn",
            Self::JeugdGezin => "jeugd-gezin",
            Self::Cjg => "cjg",
        }
    }

    fn names(self) -> &'static [&'static str] {
        match self {
            Self::Welzijn => &[
                "Welzijn {}",
                "Stichting Welzijn {}",
                "Sociaal Werk {}",
                "Welzijnskwartier {}",
            ],
            Self::JeugdGezin => &["Jeugd & Gezin {}", "Jeugdteams {}", "Sociaal Wijkteam {}"],
            Self::Cjg => &["CJG {}"],
        }
    }

    fn team_name(self) -> &'static str {
        match self {
            Self::Welzijn => "SMW {}",
            Self::JeugdGezin => "SMW VO {}",
            Self::Cjg => "CJG gezinscoaches {}",
        }
    }

    fn serves_secondary(school_type: &str) -> bool {
        matches!(school_type, "VO" | "SO" | "VSO" | "MBO")
    }
}

/// What to generate for one municipality.
struct Plan {
    schools: usize,
    /// 1: one welfare provider; 2: plus a youth & family provider for secondary schools; 3: plus a CJG.
    organisations: usize,
    workers: usize,
    /// Workers per team at most.
    team_size: usize,
}

/// The municipality being staffed.
struct Here<'a> {
    cbs: &'a str,
    town: &'a str,
    team_size: usize,
}

struct Generator {
    rng: Rng,
    world: World,
    /// Unused invented place names, shuffled: one for each municipality still to come.
    towns: Vec<String>,
    /// The other invented place names, for villages.
    villages: Vec<String>,
    brins: usize,
    emails: HashSet<String>,
}

impl Generator {
    fn new(seed: u64, municipalities: usize) -> Self {
        let mut rng = Rng::new(seed);
        let mut villages = names::place_names();
        rng.shuffle(&mut villages);
        let towns = villages.split_off(villages.len().saturating_sub(municipalities));
        Self {
            rng,
            world: World::default(),
            towns,
            villages,
            brins: 0,
            emails: HashSet::new(),
        }
    }

    fn town_name(&mut self, cbs: &str) -> String {
        self.towns
            .pop()
            .unwrap_or_else(|| format!("Gemeente {cbs}"))
    }

    /// The `k`-th village (k < 3) of `town`: an invented name while they last, then "Oud-Town" etc.
    fn village_name(&mut self, town: &str, k: usize) -> String {
        self.villages.pop().unwrap_or_else(|| match k {
            0 => format!("Oud-{town}"),
            1 => format!("Nieuw-{town}"),
            _ => format!("{town}-Zuid"),
        })
    }

    /// A BRIN6 code that is not a real school's: real BRIN numbers stay below 40, these use 40–99.
    /// Successive codes are scattered over the space by a multiplicative permutation.
    fn next_brin(&mut self) -> String {
        const SPACE: usize = 60 * 26 * 26;
        let idx = (self.brins % SPACE * 4_099 + 1_777) % SPACE;
        let location = self.brins / SPACE;
        self.brins += 1;
        let number = 40 + idx / 676;
        let a = char::from(b'A' + (idx % 676 / 26) as u8);
        let b = char::from(b'A' + (idx % 26) as u8);
        format!("{number:02}{a}{b}{location:02}")
    }

    fn municipality(&mut self, plan: &Plan) {
        let index = self.world.municipalities.len();
        let cbs = format!("GM{:04}", 9_000 + index);
        let town = self.town_name(&cbs);
        self.world.municipalities.push(WorldMunicipality {
            cbs_code: cbs.clone(),
            name: town.clone(),
        });

        let centre = self.land_point();
        let region = holiday_region(centre.0);
        let n = plan.schools;
        let base = self.rng.between(1_000, 9_900);
        let town_place = Place {
            municipality: &cbs,
            city: &town,
            postcodes: (base, base + 1 + (n / 40) as i64),
            centre,
            spread_km: 1.5 + (n as f64).sqrt() * 0.35,
            holiday_region: region,
        };
        // Villages (kernen) of the municipality, for some of the primary schools and playgroups.
        let village_count = if n >= 10 {
            self.rng.below(((n / 10) as u64).min(3) + 1) as usize
        } else {
            0
        };
        let villages: Vec<(String, (f64, f64), i64)> = (0..village_count)
            .map(|k| {
                let name = self.village_name(&town, k);
                let at = scatter(&mut self.rng, centre, town_place.spread_km * 1.5);
                let digits = self.rng.between(1_000, 9_990);
                (name, at, digits)
            })
            .collect();

        let first_school = self.world.schools.len();
        let mut used_names = HashSet::new();
        let mut playgroups = 0;
        for (school_type, count) in type_mix(n) {
            for _ in 0..count {
                let in_village = !villages.is_empty()
                    && matches!(school_type, "PO" | "VOORSCHOOL")
                    && self.rng.chance(0.2);
                let village = if in_village {
                    Some(self.rng.pick(&villages))
                } else {
                    None
                };
                let place = match village {
                    Some((name, at, digits)) => Place {
                        municipality: &cbs,
                        city: name,
                        postcodes: (*digits, *digits),
                        centre: *at,
                        spread_km: 0.8,
                        holiday_region: region,
                    },
                    None => Place { ..town_place },
                };
                let code = if school_type == "VOORSCHOOL" {
                    playgroups += 1;
                    format!("{cbs}-VVE-{playgroups:03}")
                } else {
                    self.next_brin()
                };
                let name = self.school_name(school_type, place.city, &mut used_names);
                let pupils = pupil_range(school_type, n < 10 || village.is_some());
                let mut school =
                    make_school(&mut self.rng, &place, code, &name, school_type, pupils);
                // Five school years of pupils (monitoring's trend and effect estimate), drawn apart from
                // the world's other draws.
                five_years(&mut school, pupils, PUPIL_SEED);
                self.world.schools.push(school);
            }
        }
        self.staff(&cbs, &town, first_school, plan);
    }

    /// A municipality centre on land.
    fn land_point(&mut self) -> (f64, f64) {
        let total: u64 = LAND.iter().map(|r| r.4).sum();
        let mut roll = self.rng.below(total);
        let mut area = LAND[0];
        for r in LAND {
            if roll < r.4 {
                area = r;
                break;
            }
            roll -= r.4;
        }
        (
            self.rng.range_f64(area.0, area.1),
            self.rng.range_f64(area.2, area.3),
        )
    }

    fn school_name(&mut self, school_type: &str, town: &str, used: &mut HashSet<String>) -> String {
        for _ in 0..12 {
            let candidate = self.candidate_name(school_type, town);
            if used.insert(candidate.clone()) {
                return candidate;
            }
        }
        // Large cities run out of fresh combinations: number the locations, as dependances are.
        let base = self.candidate_name(school_type, town);
        (2..)
            .map(|k| format!("{base} (locatie {k})"))
            .find(|name| used.insert(name.clone()))
            .unwrap_or(base)
    }

    fn candidate_name(&mut self, school_type: &str, town: &str) -> String {
        let rng = &mut self.rng;
        match school_type {
            "PO" => {
                if rng.chance(0.04) {
                    return format!("IBS {}", rng.pick(names::IBS_NAMES));
                }
                let prefix = *rng.pick(names::PO_PREFIXES);
                match prefix {
                    "RKBS" if rng.chance(0.4) => format!("RKBS {}", rng.pick(names::SAINTS)),
                    "Montessorischool" | "Vrije School" | "Jenaplanschool" if rng.chance(0.4) => {
                        format!("{prefix} {town}")
                    }
                    _ => format!("{prefix} {}", rng.pick(names::SCHOOL_NAMES)),
                }
            }
            "SBO" => format!("SBO {}", rng.pick(names::SCHOOL_NAMES)),
            "SO" => format!(
                "{} {}",
                rng.pick(names::SO_PREFIXES),
                rng.pick(names::SCHOOL_NAMES)
            ),
            "VSO" => format!("VSO {}", rng.pick(names::SCHOOL_NAMES)),
            "VO" => {
                if rng.chance(0.5) {
                    names::fill(rng.pick::<&str>(names::VO_TOWN_PATTERNS), town)
                } else {
                    let pattern = rng.pick(names::VO_NAME_PATTERNS);
                    names::fill(pattern, rng.pick::<&str>(names::VO_NAMES))
                }
            }
            "MBO" => names::fill(rng.pick::<&str>(names::MBO_PATTERNS), town),
            "ISK" => names::fill(rng.pick::<&str>(names::ISK_PATTERNS), town),
            _ => format!(
                "{} {}",
                rng.pick(names::VOORSCHOOL_PREFIXES),
                rng.pick(names::VOORSCHOOL_NAMES)
            ),
        }
    }

    /// Providers, teams, workers and assignments for the schools `first_school..` of a municipality.
    fn staff(&mut self, cbs: &str, town: &str, first_school: usize, plan: &Plan) {
        let schools: Vec<usize> = (first_school..self.world.schools.len()).collect();
        let type_of = |world: &World, i: usize| -> String {
            world
                .schools
                .get(i)
                .map(|s| s.school_type.clone())
                .unwrap_or_default()
        };
        let (secondary, primary): (Vec<usize>, Vec<usize>) = if plan.organisations >= 2 {
            schools
                .iter()
                .partition(|&&i| Kind::serves_secondary(&type_of(&self.world, i)))
        } else {
            (Vec::new(), schools.clone())
        };
        // A municipality without secondary schools has no second provider.
        let (primary, secondary) = if primary.is_empty() || secondary.is_empty() {
            (schools.clone(), Vec::new())
        } else {
            (primary, secondary)
        };
        let po: Vec<usize> = schools
            .iter()
            .copied()
            .filter(|&i| type_of(&self.world, i) == "PO")
            .collect();
        let with_cjg = plan.organisations >= 3 && !po.is_empty();

        let cjg_workers = if with_cjg {
            ((plan.workers as f64 * 0.15).round() as usize).clamp(1, po.len())
        } else {
            0
        };
        let smw_workers = plan.workers.saturating_sub(cjg_workers).max(1);
        let load = |world: &World, list: &[usize]| -> f64 {
            list.iter().map(|&i| workload(&type_of(world, i))).sum()
        };
        let secondary_workers = if secondary.is_empty() {
            0
        } else {
            let share = load(&self.world, &secondary)
                / (load(&self.world, &secondary) + load(&self.world, &primary));
            ((smw_workers as f64 * share).round() as usize).clamp(1, secondary.len())
        };
        let primary_workers = smw_workers
            .saturating_sub(secondary_workers)
            .clamp(1, primary.len().max(1));

        let here = Here {
            cbs,
            town,
            team_size: plan.team_size,
        };
        let alone = secondary.is_empty() && !with_cjg;
        self.provider(Kind::Welzijn, &here, &primary, primary_workers, alone);
        self.provider(
            Kind::JeugdGezin,
            &here,
            &secondary,
            secondary_workers,
            false,
        );
        if with_cjg {
            self.provider(Kind::Cjg, &here, &po, cjg_workers, false);
        }
    }

    /// One organisation with its teams and workers, assigned to `schools` (indices into the world);
    /// nothing when there are no schools. `alone`: the only provider in its municipality.
    fn provider(
        &mut self,
        kind: Kind,
        here: &Here<'_>,
        schools: &[usize],
        workers: usize,
        alone: bool,
    ) {
        if schools.is_empty() {
            return;
        }
        let (cbs, town) = (here.cbs, here.town);
        let workers = workers.clamp(1, schools.len());
        let org_key = format!("{}-{}", kind.slug(), cbs.to_ascii_lowercase());
        let org_name = names::fill(self.rng.pick::<&str>(kind.names()), town);
        let smw_plus = match kind {
            Kind::JeugdGezin => true,
            Kind::Welzijn => alone && self.rng.chance(0.15),
            Kind::Cjg => false,
        };
        let domain = format!("{}.example", names::slug(&org_name.replace(' ', "")));
        self.world.organisations.push(WorldOrganisation {
            key: org_key.clone(),
            name: org_name,
            municipality: cbs.to_string(),
            smw_plus,
        });

        let team_count = workers.div_ceil(here.team_size.max(1));
        let team_keys: Vec<String> = (0..team_count)
            .map(|t| {
                let key = format!("{org_key}-team-{}", t + 1);
                let base = names::fill(kind.team_name(), town);
                let name = match district(t, team_count) {
                    Some(district) => format!("{base} {district}"),
                    None => base,
                };
                self.world.teams.push(WorldTeam {
                    key: key.clone(),
                    organisation: org_key.clone(),
                    name,
                });
                key
            })
            .collect();

        let worker_keys: Vec<String> = (0..workers)
            .map(|w| {
                let team = team_keys
                    .get(w * team_count / workers)
                    .cloned()
                    .unwrap_or_default();
                self.worker(&org_key, team, &domain, smw_plus)
            })
            .collect();

        // Geographic districts: schools from west to east, a consecutive run per worker.
        let mut order: Vec<(f64, usize)> = schools
            .iter()
            .filter_map(|&i| self.world.schools.get(i).map(|s| (s.longitude, i)))
            .collect();
        order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let mut per_worker: Vec<Vec<usize>> = vec![Vec::new(); workers];
        for (position, &(_, school)) in order.iter().enumerate() {
            if let Some(list) = per_worker.get_mut(position * workers / order.len()) {
                list.push(school);
            }
        }
        for (w, list) in per_worker.iter().enumerate() {
            let Some(worker) = worker_keys.get(w) else {
                continue;
            };
            let hours = if kind == Kind::Cjg {
                vec![None; list.len()]
            } else {
                self.hours(list)
            };
            for (&school, hours) in list.iter().zip(hours) {
                let Some(code) = self.world.schools.get(school).map(|s| s.code.clone()) else {
                    continue;
                };
                // Now and then a school had another worker of the same provider last year.
                if workers > 1
                    && kind != Kind::Cjg
                    && self.rng.chance(0.03)
                    && let Some(previous) = worker_keys.get((w + 1) % workers)
                {
                    self.world.assignments.push(WorldAssignment {
                        worker: previous.clone(),
                        school: code.clone(),
                        hours_per_week: Some(4.0),
                        starts_on: PREVIOUS_START.to_string(),
                        ends_on: Some(PREVIOUS_END.to_string()),
                    });
                }
                self.world.assignments.push(WorldAssignment {
                    worker: worker.clone(),
                    school: code,
                    hours_per_week: hours,
                    starts_on: START.to_string(),
                    ends_on: None,
                });
            }
        }
    }

    /// Hours per school for one worker's schools: a 32-hour week shared by workload, 45 minutes per
    /// group at pre-school locations, and "as needed" at some small primary schools.
    fn hours(&mut self, schools: &[usize]) -> Vec<Option<f64>> {
        let kinds: Vec<(String, i64)> = schools
            .iter()
            .filter_map(|&i| self.world.schools.get(i))
            .map(|s| {
                let pupils = s.pupils.last().map_or(0, |(_, n)| *n);
                (s.school_type.clone(), pupils)
            })
            .collect();
        let as_needed: Vec<bool> = kinds
            .iter()
            .map(|(t, _)| t == "PO" && kinds.len() > 1 && self.rng.chance(0.15))
            .collect();
        let playgroup_hours = |pupils: i64| 0.75 * ((pupils + 15) / 16).max(1) as f64;
        let fixed: f64 = kinds
            .iter()
            .filter(|(t, _)| t == "VOORSCHOOL")
            .map(|(_, p)| playgroup_hours(*p))
            .sum();
        let weight: f64 = kinds
            .iter()
            .zip(&as_needed)
            .filter(|((t, _), skip)| t != "VOORSCHOOL" && !**skip)
            .map(|((t, _), _)| workload(t))
            .sum();
        let budget = (32.0 - fixed).max(8.0);
        kinds
            .iter()
            .zip(as_needed)
            .map(|((t, pupils), skip)| {
                if t == "VOORSCHOOL" {
                    Some(playgroup_hours(*pupils))
                } else if skip || weight <= 0.0 {
                    None
                } else {
                    Some(round_half(budget * workload(t) / weight).clamp(1.0, 24.0))
                }
            })
            .collect()
    }

    fn worker(&mut self, org: &str, team: String, domain: &str, smw_plus: bool) -> String {
        let number = self.world.workers.len() + 1;
        let key = format!("w-{number:05}");
        let person = names::person(&mut self.rng, 0.8);
        let local = person.email_local();
        let email = (1..)
            .map(|k| {
                if k == 1 {
                    format!("{local}@{domain}")
                } else {
                    format!("{local}{k}@{domain}")
                }
            })
            .find(|e| self.emails.insert(e.clone()))
            .unwrap_or_default();
        // Unique by construction: each worker number has its own block of 1,009 numbers.
        let registration_number = self.rng.chance(0.7).then(|| {
            let n = 100_000_000 + number * 1_009 + self.rng.below(1_009) as usize;
            format!("SKJ{n:09}")
        });
        let may_authorise_youth_care = smw_plus && self.rng.chance(0.85);
        self.world.workers.push(WorldWorker {
            key: key.clone(),
            organisation: org.to_string(),
            team,
            name: person.full_name(),
            email,
            registration_number,
            may_authorise_youth_care,
            contract_hours: None,
        });
        key
    }

    /// The six sign-in accounts of the demo, for the first organisation and municipality.
    fn accounts(&mut self) {
        let municipality = self
            .world
            .municipalities
            .first()
            .map(|m| m.cbs_code.clone());
        let organisation = self.world.organisations.first().map(|o| o.key.clone());
        let worker = self
            .world
            .workers
            .iter()
            .find(|w| Some(&w.organisation) == organisation.as_ref());
        let team = worker.map(|w| w.team.clone());
        let worker_key = worker.map(|w| w.key.clone());
        let worker_name = worker.map(|w| w.name.clone()).unwrap_or_default();
        let mine: Vec<&str> = self
            .world
            .assignments
            .iter()
            .filter(|a| Some(&a.worker) == worker_key.as_ref() && a.ends_on.is_none())
            .map(|a| a.school.as_str())
            .collect();
        let school = self
            .world
            .schools
            .iter()
            .filter(|s| mine.contains(&s.code.as_str()))
            .min_by_key(|s| s.school_type != "PO")
            .map(|s| s.code.clone());

        let mut account = |username: &str, role: &str| {
            let display_name = if username == "smw" {
                worker_name.clone()
            } else {
                names::person(&mut self.rng, 0.6).full_name()
            };
            WorldAccount {
                username: username.to_string(),
                display_name,
                role: role.to_string(),
                organisation: None,
                team: None,
                school: None,
                municipality: None,
                worker: None,
            }
        };
        let accounts = vec![
            WorldAccount {
                organisation: organisation.clone(),
                team: team.clone(),
                worker: worker_key,
                ..account("smw", "social_worker")
            },
            WorldAccount {
                organisation: organisation.clone(),
                team,
                ..account("teamleider", "team_lead")
            },
            WorldAccount {
                school,
                ..account("school", "school_contact")
            },
            WorldAccount {
                municipality,
                ..account("gemeente", "municipality")
            },
            WorldAccount {
                organisation: organisation.clone(),
                ..account("beheer", "functional_admin")
            },
            WorldAccount {
                organisation,
                ..account("privacy", "privacy_officer")
            },
        ];
        self.world.accounts = accounts;
    }
}

#[cfg(test)]
mod tests;
