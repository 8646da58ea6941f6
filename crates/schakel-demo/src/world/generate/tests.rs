//! Tests of the generator: sizes, shapes and determinism of generated worlds.

use super::*;
use crate::world::checks::{assert_consistent, is_brin6, is_postcode};

fn count_type(world: &World, school_type: &str) -> usize {
    world
        .schools
        .iter()
        .filter(|s| s.school_type == school_type)
        .count()
}

#[test]
fn scale_parses_and_rejects() {
    assert_eq!("team".parse::<Scale>(), Ok(Scale::Team));
    assert_eq!("city".parse::<Scale>(), Ok(Scale::City));
    assert_eq!(" Country ".parse::<Scale>(), Ok(Scale::Country));
    let err = "land".parse::<Scale>().err().unwrap_or_default();
    assert!(
        err.contains("onbekende schaal") && err.contains("unknown scale"),
        "{err}"
    );
    for scale in [Scale::Team, Scale::Region, Scale::City, Scale::Country] {
        assert_eq!(scale.to_string().parse::<Scale>(), Ok(scale));
    }
}

#[test]
fn pattern_checks_work() {
    assert!(is_brin6("31XK00"));
    assert!(!is_brin6("31xk00") && !is_brin6("31XK0") && !is_brin6("HVS-VVE-01"));
    assert!(is_postcode("9901 AB"));
    assert!(!is_postcode("9901AB") && !is_postcode("990 ABC") && !is_postcode("9901 ab"));
}

#[test]
fn generation_is_deterministic() {
    for scale in [Scale::Team, Scale::Region, Scale::City, Scale::Country] {
        let a = generate_world(scale, 42);
        assert_eq!(a, generate_world(scale, 42), "{scale}");
        assert_ne!(a, generate_world(scale, 43), "{scale}");
    }
}

#[test]
fn team_scale() {
    for seed in 0..20 {
        let world = generate_world(Scale::Team, seed);
        assert_consistent(&world);
        assert_eq!(world.municipalities.len(), 1);
        assert!((38..=42).contains(&world.schools.len()));
        assert_eq!(world.organisations.len(), 1);
        assert_eq!(world.teams.len(), 1);
        assert_eq!(world.workers.len(), 6);
    }
}

#[test]
fn region_scale() {
    for seed in 0..20 {
        let world = generate_world(Scale::Region, seed);
        assert_consistent(&world);
        assert_eq!(world.municipalities.len(), 3);
        assert!((38..=46).contains(&world.schools.len()));
        assert!(world.organisations.len() >= 3, "{seed}");
    }
}

#[test]
fn city_scale() {
    for seed in 0..5 {
        let world = generate_world(Scale::City, seed);
        assert_consistent(&world);
        assert_eq!(world.municipalities.len(), 1);
        assert!((240..=260).contains(&world.schools.len()));
        for t in ["PO", "SBO", "SO", "VSO", "VO", "MBO", "ISK", "VOORSCHOOL"] {
            assert!(count_type(&world, t) > 0, "no {t}");
        }
        assert!(count_type(&world, "PO") * 2 > world.schools.len());
        assert_eq!(world.organisations.len(), 3);
        assert!(
            (10..=14).contains(&world.teams.len()),
            "{}",
            world.teams.len()
        );
        assert!(
            (75..=85).contains(&world.workers.len()),
            "{}",
            world.workers.len()
        );
        assert!(world.organisations.iter().any(|o| o.smw_plus));
        assert!(world.workers.iter().any(|w| w.may_authorise_youth_care));
    }
}

#[test]
fn country_scale() {
    for seed in [0, 7, u64::MAX] {
        check_country(&generate_world(Scale::Country, seed));
    }
}

fn check_country(world: &World) {
    assert_consistent(world);
    assert_eq!(world.municipalities.len(), 342);
    let n = world.schools.len();
    assert!((6_500..=7_100).contains(&n), "{n}");

    let mut per_municipality: Vec<usize> = world
        .municipalities
        .iter()
        .map(|m| {
            world
                .schools
                .iter()
                .filter(|s| s.municipality == m.cbs_code)
                .count()
        })
        .collect();
    per_municipality.sort_unstable();
    let largest = per_municipality.last().copied().unwrap_or(0);
    assert!(largest >= 200, "largest municipality has {largest} schools");
    let small = per_municipality
        .iter()
        .filter(|&&c| (5..=20).contains(&c))
        .count();
    assert!(small >= 150, "{small} municipalities with 5–20 schools");

    // One worker per 6–10 schools, 1–3 providers per municipality.
    let ratio = n as f64 / world.workers.len() as f64;
    assert!((5.0..=10.0).contains(&ratio), "{ratio}");
    for m in &world.municipalities {
        let orgs = world
            .organisations
            .iter()
            .filter(|o| o.municipality == m.cbs_code)
            .count();
        assert!((1..=3).contains(&orgs), "{} has {orgs}", m.cbs_code);
    }
    let names: HashSet<&str> = world
        .municipalities
        .iter()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(names.len(), 342);
    for region in ["noord", "midden", "zuid"] {
        assert!(world.schools.iter().any(|s| s.holiday_region == region));
    }
}

#[test]
fn team_districts() {
    let names =
        |count: usize| -> Vec<Option<String>> { (0..count).map(|t| district(t, count)).collect() };
    assert_eq!(names(1), [None]);
    assert_eq!(names(2), [Some("West".into()), Some("Oost".into())]);
    assert_eq!(
        names(3),
        [
            Some("West".into()),
            Some("Centrum".into()),
            Some("Oost".into())
        ]
    );
    let seven: Vec<String> = names(7).into_iter().flatten().collect();
    assert_eq!(
        seven,
        [
            "West 1",
            "West 2",
            "West 3",
            "Centrum 1",
            "Centrum 2",
            "Oost 1",
            "Oost 2"
        ]
    );
}

#[test]
fn sizes_add_up_to_the_target() {
    let mut rng = Rng::new(1);
    let sizes = country_sizes(&mut rng, 342, 6_800);
    assert_eq!(sizes.len(), 342);
    assert_eq!(sizes.iter().sum::<usize>(), 6_800);
    assert!(sizes.iter().all(|&s| s >= 3));
}

#[test]
fn brin_codes_are_unique_beyond_one_block() {
    let mut g = Generator::new(1, 1);
    let codes: Vec<String> = (0..45_000).map(|_| g.next_brin()).collect();
    assert!(codes.iter().all(|c| is_brin6(c)));
    let set: HashSet<&String> = codes.iter().collect();
    assert_eq!(set.len(), codes.len());
}

#[test]
fn generated_accounts_sign_in_to_the_first_provider() {
    let world = generate_world(Scale::Country, 1);
    let first_org = world.organisations.first().map(|o| o.key.clone());
    let smw = world.accounts.iter().find(|a| a.username == "smw");
    assert_eq!(smw.and_then(|a| a.organisation.clone()), first_org);
    let gemeente = world.accounts.iter().find(|a| a.username == "gemeente");
    assert_eq!(
        gemeente.and_then(|a| a.municipality.as_deref()),
        Some("GM9000")
    );
    // The school contact's school is one of the smw worker's schools.
    let worker = smw.and_then(|a| a.worker.clone());
    let school = world
        .accounts
        .iter()
        .find(|a| a.username == "school")
        .and_then(|a| a.school.clone());
    assert!(
        world
            .assignments
            .iter()
            .any(|a| Some(&a.worker) == worker.as_ref() && Some(&a.school) == school.as_ref())
    );
}
