//! Kind in Kaart matching benchmarks (issue 4 targets: one child against 50,000 activities in under
//! 2 ms; a class of 30 in under 30 ms). Run with `cargo bench -p schakel-domain --bench matching`.
//!
//! The 50,000 activities are synthetic and deterministic (a linear congruential generator, no
//! `rand`): two thirds clustered around twenty Dutch cities, the rest spread over the Netherlands'
//! bounding box (lat 50.8–53.5, lon 3.4–7.2). The child lives in the centre of Rotterdam, the
//! densest place in the data: the worst case for the grid.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::Weekday;
use divan::{Bencher, black_box};
use schakel_domain::kind_in_kaart::{
    Activity, ActivityCategory, ActivityIndex, ChildProfile, Fund, MatchOptions, Session,
    Transport, rank, rank_class, rank_indexed,
};
use std::sync::LazyLock;

fn main() {
    divan::main();
}

const N_ACTIVITIES: usize = 50_000;
const CLASS_SIZE: usize = 30;

/// Knuth's MMIX LCG; the upper bits are good enough for test data.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }
    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        f64::from(self.next()) / f64::from(1u32 << 31)
    }
    fn below(&mut self, n: u32) -> u32 {
        self.next() % n
    }
    /// Roughly normal with mean 0 and standard deviation 1 (sum of three uniforms, rescaled).
    fn normalish(&mut self) -> f64 {
        (self.unit() + self.unit() + self.unit() - 1.5) * 2.0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u32) as usize]
    }
}

/// Cities as (lat, lon, weight, CBS code).
const CITIES: [(f64, f64, u32, &str); 20] = [
    (52.3728, 4.8936, 12, "GM0363"), // Amsterdam
    (51.9225, 4.4792, 10, "GM0599"), // Rotterdam
    (52.0705, 4.3007, 9, "GM0518"),  // Den Haag
    (52.0907, 5.1214, 6, "GM0344"),  // Utrecht
    (51.4416, 5.4697, 4, "GM0772"),  // Eindhoven
    (53.2194, 6.5665, 4, "GM0014"),  // Groningen
    (51.5555, 5.0913, 4, "GM0855"),  // Tilburg
    (52.3508, 5.2647, 3, "GM0034"),  // Almere
    (51.5719, 4.7683, 3, "GM0758"),  // Breda
    (51.8126, 5.8372, 3, "GM0268"),  // Nijmegen
    (52.2112, 5.9699, 3, "GM0200"),  // Apeldoorn
    (51.9851, 5.8987, 3, "GM0202"),  // Arnhem
    (52.3874, 4.6462, 3, "GM0392"),  // Haarlem
    (52.2215, 6.8937, 3, "GM0153"),  // Enschede
    (52.1561, 5.3878, 3, "GM0307"),  // Amersfoort
    (52.5168, 6.0830, 2, "GM0193"),  // Zwolle
    (50.8514, 5.6910, 2, "GM0935"),  // Maastricht
    (52.1601, 4.4970, 2, "GM0546"),  // Leiden
    (51.8133, 4.6901, 2, "GM0505"),  // Dordrecht
    (52.5014, 4.9597, 2, "GM0439"),  // Purmerend
];

const TAGS: [(ActivityCategory, &[&str]); 7] = [
    (
        ActivityCategory::Sport,
        &[
            "basketbal",
            "voetbal",
            "zwemmen",
            "judo",
            "turnen",
            "hockey",
            "tennis",
            "dansen",
            "atletiek",
            "kickboksen",
        ],
    ),
    (
        ActivityCategory::MuziekKunstCultuur,
        &[
            "tekenen",
            "gitaar",
            "piano",
            "zingen",
            "theater",
            "dansen",
            "rappen",
            "fotografie",
        ],
    ),
    (
        ActivityCategory::ScoutingBuiten,
        &["scouting", "kamperen", "natuur", "dieren", "tuinieren"],
    ),
    (
        ActivityCategory::BuurtGeloof,
        &["koken", "knutselen", "koor", "spelletjes"],
    ),
    (
        ActivityCategory::Huiswerkbegeleiding,
        &["huiswerk", "rekenen", "lezen", "programmeren"],
    ),
    (
        ActivityCategory::Opvoedcursus,
        &["opvoeding", "scheiding", "weerbaarheid"],
    ),
    (
        ActivityCategory::Jongerenwerk,
        &["gamen", "chillen", "koken", "rappen"],
    ),
];

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

fn city_weighted(rng: &mut Lcg) -> (f64, f64, &'static str) {
    let total: u32 = CITIES.iter().map(|c| c.2).sum();
    let mut r = rng.below(total);
    for c in CITIES {
        if r < c.2 {
            return (c.0, c.1, c.3);
        }
        r -= c.2;
    }
    (CITIES[0].0, CITIES[0].1, CITIES[0].3)
}

/// A point around `centre` with a spread of about `sigma_km`.
fn around(rng: &mut Lcg, centre: (f64, f64), sigma_km: f64) -> (f64, f64) {
    let dlat = rng.normalish() * sigma_km / 111.2;
    let dlon = rng.normalish() * sigma_km / (111.2 * centre.0.to_radians().cos());
    (centre.0 + dlat, centre.1 + dlon)
}

fn activities() -> Vec<Activity> {
    let mut rng = Lcg(0x5c4a_6b31);
    (0..N_ACTIVITIES)
        .map(|i| {
            let (lat, lon) = if rng.below(3) < 2 {
                let (clat, clon, _) = city_weighted(&mut rng);
                around(&mut rng, (clat, clon), 4.0)
            } else {
                (50.8 + rng.unit() * 2.7, 3.4 + rng.unit() * 3.8)
            };
            let (category, vocabulary) = *rng.pick(&TAGS);
            let interests: Vec<String> = (0..1 + rng.below(3))
                .map(|_| rng.pick(vocabulary).to_string())
                .collect();
            let min_age = 4 + rng.below(11);
            let sessions: Vec<Session> = (0..1 + rng.below(2))
                .map(|_| {
                    let start = 15 * 60 + 30 * rng.below(10);
                    Session {
                        weekday: *rng.pick(&WEEKDAYS),
                        start_minute: start,
                        end_minute: start + 60 + 30 * rng.below(3),
                    }
                })
                .collect();
            let cost = if rng.below(10) < 3 {
                0
            } else {
                i64::from(rng.below(400)) * 100
            };
            let mut languages = vec!["nl".to_string()];
            if rng.below(5) == 0 {
                languages.push(rng.pick(&["ar", "tr", "pl", "uk", "en"]).to_string());
            }
            let capacity_left = match rng.below(20) {
                0 => Some(0),
                1..=9 => None,
                _ => Some(i64::from(1 + rng.below(20))),
            };
            Activity {
                id: i as i64 + 1,
                name: format!("Activiteit {i}"),
                category,
                interests,
                latitude: lat,
                longitude: lon,
                min_age,
                max_age: min_age + 2 + rng.below(9),
                sessions,
                cost_per_season_cents: cost,
                accessible: rng.below(10) < 7,
                languages,
                capacity_left,
                provider_name: format!("Aanbieder {}", i % 997),
            }
        })
        .collect()
}

fn funds() -> Vec<Fund> {
    vec![
        Fund {
            id: 1,
            name: "Jeugdfonds Sport & Cultuur".into(),
            min_age: 4,
            max_age: 18,
            municipalities: vec![],
            income_criterion_percent: Some(120),
            max_cents_per_year: 22_500,
            categories: vec![
                ActivityCategory::Sport,
                ActivityCategory::MuziekKunstCultuur,
            ],
        },
        Fund {
            id: 2,
            name: "Rotterdampas Jeugd".into(),
            min_age: 4,
            max_age: 17,
            municipalities: vec!["GM0599".into()],
            income_criterion_percent: Some(130),
            max_cents_per_year: 15_000,
            categories: ActivityCategory::ALL.to_vec(),
        },
        Fund {
            id: 3,
            name: "Stichting Leergeld".into(),
            min_age: 4,
            max_age: 18,
            municipalities: vec!["GM0599".into(), "GM0363".into()],
            income_criterion_percent: Some(120),
            max_cents_per_year: 10_000,
            categories: vec![
                ActivityCategory::ScoutingBuiten,
                ActivityCategory::Huiswerkbegeleiding,
            ],
        },
    ]
}

fn child(rng: &mut Lcg, centre: (f64, f64), municipality: &str) -> ChildProfile {
    let all_tags: Vec<&str> = TAGS.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    let school = around(rng, centre, 0.3);
    ChildProfile {
        age_years: 8 + rng.below(5),
        interests: (0..2 + rng.below(3))
            .map(|_| rng.pick(&all_tags).to_string())
            .collect(),
        free_times: vec![
            (Weekday::Wed, 12 * 60 + 30, 18 * 60),
            (*rng.pick(&WEEKDAYS[..5]), 15 * 60 + 30, 18 * 60),
            (Weekday::Sat, 9 * 60, 17 * 60),
        ],
        home: around(rng, school, 1.0),
        school: Some(school),
        municipality_code: municipality.into(),
        household_income_percent_of_minimum: Some(90 + rng.below(50)),
        needs_accessible: rng.below(20) == 0,
        languages: vec!["nl".into(), rng.pick(&["ar", "tr", "pl"]).to_string()],
        can_travel_alone: rng.below(3) > 0,
        transport: *rng.pick(&[Transport::Walking, Transport::Cycling, Transport::Cycling]),
    }
}

/// Yusuf's situation: a 10-year-old in the centre of Rotterdam who likes basketball.
fn yusuf() -> ChildProfile {
    ChildProfile {
        age_years: 10,
        interests: vec!["basketbal".into(), "tekenen".into(), "dansen".into()],
        free_times: vec![
            (Weekday::Wed, 12 * 60 + 30, 18 * 60),
            (Weekday::Sat, 9 * 60, 17 * 60),
        ],
        home: (51.9225, 4.4792),
        school: Some((51.9180, 4.4850)),
        municipality_code: "GM0599".into(),
        household_income_percent_of_minimum: Some(110),
        needs_accessible: false,
        languages: vec!["nl".into(), "ar".into()],
        can_travel_alone: true,
        transport: Transport::Cycling,
    }
}

fn class() -> Vec<ChildProfile> {
    let mut rng = Lcg(0x0c1a_55e5);
    (0..CLASS_SIZE)
        .map(|_| child(&mut rng, (51.9180, 4.4850), "GM0599"))
        .collect()
}

static ACTIVITIES: LazyLock<Vec<Activity>> = LazyLock::new(activities);
static INDEX: LazyLock<ActivityIndex> = LazyLock::new(|| ActivityIndex::new(ACTIVITIES.clone()));
static FUNDS: LazyLock<Vec<Fund>> = LazyLock::new(funds);

/// (a) One child against the 50,000 activities, through the grid.
#[divan::bench]
fn rank_indexed_one_child(bencher: Bencher) {
    let child = yusuf();
    let options = MatchOptions::default();
    let index = &*INDEX;
    assert_eq!(rank_indexed(&child, index, &FUNDS, &options).len(), 10);
    bencher.bench(|| rank_indexed(black_box(&child), index, &FUNDS, &options));
}

/// (b) Kind in Kaart for a whole class of 30 around one Rotterdam school.
#[divan::bench]
fn rank_class_30(bencher: Bencher) {
    let children = class();
    let options = MatchOptions::default();
    let index = &*INDEX;
    bencher.bench(|| rank_class(black_box(&children), index, &FUNDS, &options));
}

/// (c) Building the grid over 50,000 activities (the clone of the input is not timed).
#[divan::bench(sample_count = 30)]
fn activity_index_new_50k(bencher: Bencher) {
    bencher
        .with_inputs(|| ACTIVITIES.clone())
        .bench_values(ActivityIndex::new);
}

/// For comparison: the reference ranking that scores every activity.
#[divan::bench(sample_count = 20)]
fn rank_reference_one_child(bencher: Bencher) {
    let child = yusuf();
    let options = MatchOptions::default();
    let activities = &*ACTIVITIES;
    assert_eq!(
        rank(&child, activities, &FUNDS, &options),
        rank_indexed(&child, &INDEX, &FUNDS, &options)
    );
    bencher.bench(|| rank(black_box(&child), activities, &FUNDS, &options));
}
