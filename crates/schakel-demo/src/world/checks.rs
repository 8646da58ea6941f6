//! The invariants every world must keep, checked by the demo and generator tests.

use std::collections::{HashMap, HashSet};

use super::World;
use super::generate::YEARS;

/// Checks the invariants every world must keep (shared by the demo and generator tests).
pub(crate) fn assert_consistent(world: &World) {
    let keys = assert_organisations(world);
    assert_schools(world, &keys);
    assert_assignments(world, &keys);
    assert_accounts(world, &keys);
}

/// The keys of a world, each checked unique, that other parts refer to.
struct Keys<'a> {
    municipalities: HashSet<&'a str>,
    organisations: HashSet<&'a str>,
    /// Team → its organisation.
    teams: HashMap<&'a str, &'a str>,
    /// Worker → its organisation.
    workers: HashMap<&'a str, &'a str>,
    schools: HashSet<&'a str>,
}

fn unique<'a>(what: &str, items: impl Iterator<Item = &'a str>) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    for item in items {
        assert!(seen.insert(item), "duplicate {what}: {item}");
    }
    seen
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Municipalities, organisations, teams and workers: unique, well-formed, each in its parent.
fn assert_organisations(world: &World) -> Keys<'_> {
    let municipalities = unique(
        "municipality",
        world.municipalities.iter().map(|m| m.cbs_code.as_str()),
    );
    for m in &world.municipalities {
        let b = m.cbs_code.as_bytes();
        assert!(
            b.len() == 6 && m.cbs_code.starts_with("GM") && b[2..].iter().all(u8::is_ascii_digit)
        );
    }
    let organisations = unique(
        "organisation",
        world.organisations.iter().map(|o| o.key.as_str()),
    );
    for o in &world.organisations {
        assert!(municipalities.contains(o.municipality.as_str()));
    }
    let teams: HashMap<&str, &str> = world
        .teams
        .iter()
        .map(|t| (t.key.as_str(), t.organisation.as_str()))
        .collect();
    unique("team", world.teams.iter().map(|t| t.key.as_str()));
    for t in &world.teams {
        assert!(organisations.contains(t.organisation.as_str()));
    }
    let workers: HashMap<&str, &str> = world
        .workers
        .iter()
        .map(|w| (w.key.as_str(), w.organisation.as_str()))
        .collect();
    unique("worker", world.workers.iter().map(|w| w.key.as_str()));
    unique("email", world.workers.iter().map(|w| w.email.as_str()));
    unique(
        "registration number",
        world
            .workers
            .iter()
            .filter_map(|w| w.registration_number.as_deref()),
    );
    for w in &world.workers {
        assert_eq!(teams.get(w.team.as_str()), Some(&w.organisation.as_str()));
        assert!(w.email.ends_with(".example") && w.email.contains('@'));
        assert!(w.email.is_ascii(), "{}", w.email);
        if let Some(r) = &w.registration_number {
            assert!(
                r.len() == 12 && r.starts_with("SKJ") && r[3..].bytes().all(|c| c.is_ascii_digit())
            );
        }
        let smw_plus = world
            .organisations
            .iter()
            .any(|o| o.key == w.organisation && o.smw_plus);
        assert!(
            !w.may_authorise_youth_care || smw_plus,
            "mandate without SMW plus"
        );
    }
    let schools = unique("school", world.schools.iter().map(|s| s.code.as_str()));
    Keys {
        municipalities,
        organisations,
        teams,
        workers,
        schools,
    }
}

/// Schools: a known type, a BRIN6 code, a postcode, a place in the Netherlands, pupils every year.
fn assert_schools(world: &World, keys: &Keys) {
    for s in &world.schools {
        assert!(keys.municipalities.contains(s.municipality.as_str()));
        assert!(
            ["PO", "SBO", "SO", "VSO", "VO", "MBO", "ISK", "VOORSCHOOL"]
                .contains(&s.school_type.as_str())
        );
        if s.school_type != "VOORSCHOOL" {
            assert!(is_brin6(&s.code), "not a BRIN6 code: {}", s.code);
        }
        assert!(is_postcode(&s.postcode), "not a postcode: {}", s.postcode);
        assert!((50.8..=53.5).contains(&s.latitude) && (3.4..=7.2).contains(&s.longitude));
        assert!(["noord", "midden", "zuid"].contains(&s.holiday_region.as_str()));
        // Consecutive school years (`2024-2025`, `2025-2026`, …) that include the generator's two.
        let years: Vec<&str> = s.pupils.iter().map(|(y, _)| y.as_str()).collect();
        for year in YEARS {
            assert!(years.contains(&year), "{}: no pupils for {year}", s.code);
        }
        let starts: Vec<i32> = years
            .iter()
            .filter_map(|y| schakel_domain::monitoring::parse_school_year(y))
            .collect();
        assert_eq!(starts.len(), years.len(), "{}: {years:?}", s.code);
        assert!(
            starts.windows(2).all(|w| w[1] == w[0] + 1),
            "{}: {years:?}",
            s.code
        );
        assert!(s.pupils.iter().all(|(_, n)| *n > 0));
        assert!(!s.name.is_empty() && !s.street_address.is_empty() && !s.city.is_empty());
    }
}

/// Assignments: a known worker at a known school, sensible hours and dates; every school has a
/// current one.
fn assert_assignments(world: &World, keys: &Keys) {
    let mut active = HashSet::new();
    for a in &world.assignments {
        assert!(keys.workers.contains_key(a.worker.as_str()), "{}", a.worker);
        assert!(keys.schools.contains(a.school.as_str()), "{}", a.school);
        assert!(a.hours_per_week.is_none_or(|h| h > 0.0 && h <= 40.0));
        assert!(is_date(&a.starts_on));
        match &a.ends_on {
            Some(end) => assert!(is_date(end) && end.as_str() > a.starts_on.as_str()),
            None => {
                active.insert(a.school.as_str());
            }
        }
    }
    for s in &world.schools {
        assert!(
            active.contains(s.code.as_str()),
            "school without a worker: {}",
            s.code
        );
    }
}

/// Accounts: unique usernames, every role present, each tied to what its role needs.
fn assert_accounts(world: &World, keys: &Keys) {
    unique(
        "username",
        world.accounts.iter().map(|a| a.username.as_str()),
    );
    let roles: HashSet<&str> = world.accounts.iter().map(|a| a.role.as_str()).collect();
    for role in [
        "social_worker",
        "team_lead",
        "school_contact",
        "municipality",
        "functional_admin",
        "privacy_officer",
    ] {
        assert!(roles.contains(role), "no {role} account");
    }
    for a in &world.accounts {
        assert!(!a.display_name.is_empty());
        if let Some(o) = &a.organisation {
            assert!(keys.organisations.contains(o.as_str()));
        }
        if let Some(t) = &a.team {
            assert_eq!(
                keys.teams.get(t.as_str()).copied(),
                a.organisation.as_deref()
            );
        }
        if let Some(w) = &a.worker {
            assert_eq!(
                keys.workers.get(w.as_str()).copied(),
                a.organisation.as_deref()
            );
        }
        match a.role.as_str() {
            "school_contact" => {
                assert!(
                    a.school
                        .as_deref()
                        .is_some_and(|s| keys.schools.contains(s))
                );
            }
            "municipality" => {
                assert!(
                    a.municipality
                        .as_deref()
                        .is_some_and(|m| keys.municipalities.contains(m))
                );
            }
            "social_worker" => assert!(a.worker.is_some() && a.team.is_some()),
            _ => assert!(a.organisation.is_some()),
        }
    }
}

/// Two digits, two upper-case letters, two digits (`31XK00`).
pub(crate) fn is_brin6(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 6
        && b[..2].iter().all(u8::is_ascii_digit)
        && b[2..4].iter().all(u8::is_ascii_uppercase)
        && b[4..].iter().all(u8::is_ascii_digit)
}

/// `^\d{4} [A-Z]{2}$`
pub(crate) fn is_postcode(code: &str) -> bool {
    let b = code.as_bytes();
    b.len() == 7
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b' '
        && b[5..].iter().all(u8::is_ascii_uppercase)
}
