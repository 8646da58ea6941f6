use super::*;
use chrono::{NaiveDate, Weekday};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/// Rotterdam, near Zuidplein.
const HOME: (f64, f64) = (51.8833, 4.4860);
const ROTTERDAM: &str = "GM0599";

/// A point `north_m` north and `east_m` east of `from` (flat approximation; the engine measures
/// the exact haversine distance itself).
fn offset(from: (f64, f64), north_m: f64, east_m: f64) -> (f64, f64) {
    let m_per_deg = EARTH_RADIUS_M * std::f64::consts::PI / 180.0;
    (
        from.0 + north_m / m_per_deg,
        from.1 + east_m / (m_per_deg * from.0.to_radians().cos()),
    )
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn session(weekday: Weekday, start: (u32, u32), end: (u32, u32)) -> Session {
    Session {
        weekday,
        start_minute: start.0 * 60 + start.1,
        end_minute: end.0 * 60 + end.1,
    }
}

fn activity(id: i64, category: ActivityCategory, tags: &[&str], at: (f64, f64)) -> Activity {
    Activity {
        id,
        name: format!("Activiteit {id}"),
        category,
        interests: tags.iter().map(|t| t.to_string()).collect(),
        latitude: at.0,
        longitude: at.1,
        min_age: 4,
        max_age: 18,
        sessions: vec![],
        cost_per_season_cents: 0,
        accessible: true,
        languages: vec![],
        capacity_left: None,
        provider_name: "Aanbieder".into(),
    }
}

fn jeugdfonds() -> Fund {
    Fund {
        id: 1,
        name: "Jeugdfonds Sport & Cultuur".into(),
        min_age: 4,
        max_age: 18,
        municipalities: vec![ROTTERDAM.into()],
        income_criterion_percent: Some(120),
        max_cents_per_year: 22_500,
        categories: vec![
            ActivityCategory::Sport,
            ActivityCategory::MuziekKunstCultuur,
        ],
    }
}

/// Yusuf (source 003): 10, wants to play basketball, low income, lives in the city.
fn yusuf() -> ChildProfile {
    ChildProfile {
        age_years: 10,
        interests: vec!["basketbal".into()],
        free_times: vec![
            (Weekday::Wed, 13 * 60, 18 * 60),
            (Weekday::Sat, 9 * 60, 17 * 60),
        ],
        home: HOME,
        school: None,
        municipality_code: ROTTERDAM.into(),
        household_income_percent_of_minimum: Some(110),
        needs_accessible: false,
        languages: vec!["nl".into(), "ar".into()],
        can_travel_alone: true,
        transport: Transport::Cycling,
    }
}

fn basketball_club() -> Activity {
    Activity {
        name: "Basketbalvereniging Zuid".into(),
        sessions: vec![session(Weekday::Wed, (15, 0), (16, 30))],
        cost_per_season_cents: 18_000,
        languages: vec!["nl".into()],
        capacity_left: Some(4),
        ..activity(
            10,
            ActivityCategory::Sport,
            &["basketbal"],
            offset(HOME, 0.0, 2000.0),
        )
    }
}

fn ids(s: &[Suggestion]) -> Vec<i64> {
    s.iter().map(|x| x.activity_id).collect()
}

fn opts() -> MatchOptions {
    MatchOptions::default()
}

// ---------------------------------------------------------------------------------------------
// Table tests
// ---------------------------------------------------------------------------------------------

#[test]
fn yusuf_gets_the_basketball_club_first_with_the_fund_and_a_cost_plan() {
    let activities = vec![
        // A free football club nearby: only a category-level match.
        Activity {
            sessions: vec![session(Weekday::Sat, (10, 0), (11, 30))],
            ..activity(
                20,
                ActivityCategory::Sport,
                &["voetbal"],
                offset(HOME, 800.0, 0.0),
            )
        },
        // Music school, no interest match.
        Activity {
            cost_per_season_cents: 30_000,
            ..activity(
                30,
                ActivityCategory::MuziekKunstCultuur,
                &["gitaar"],
                offset(HOME, -1000.0, 0.0),
            )
        },
        basketball_club(),
        // Another basketball club, too far (9 km > 1.5 × 5 km).
        activity(
            40,
            ActivityCategory::Sport,
            &["basketbal"],
            offset(HOME, 9000.0, 0.0),
        ),
        // One for older children.
        Activity {
            min_age: 12,
            ..activity(
                50,
                ActivityCategory::Sport,
                &["basketbal"],
                offset(HOME, 500.0, 0.0),
            )
        },
        // One that is full.
        Activity {
            capacity_left: Some(0),
            ..activity(
                60,
                ActivityCategory::Sport,
                &["basketbal"],
                offset(HOME, 300.0, 0.0),
            )
        },
    ];
    let got = rank(&yusuf(), &activities, &[jeugdfonds()], &opts());
    assert_eq!(ids(&got), vec![10, 20, 30]);
    let first = &got[0];
    assert_eq!(first.distance_m, 2000);
    assert_eq!(first.fund, Some((1, 18_000)));
    assert_eq!(first.cost_after_funds_cents, 0);
    assert_eq!(
        first.reasons_nl,
        vec![
            "past bij 'basketbal'",
            "2,0 km fietsen",
            "€180 per seizoen, vergoed door Jeugdfonds Sport & Cultuur",
            "woensdag 15:00–16:30 past in je vrije tijd",
        ]
    );
    assert_eq!(
        first.barriers,
        vec![Barrier {
            kind: BarrierKind::Cost,
            action_nl:
                "aanvraag bij Jeugdfonds Sport & Cultuur door de schoolmaatschappelijk werker (intermediair)"
                    .into(),
            action_en:
                "application to Jeugdfonds Sport & Cultuur by the school social worker (intermediary)"
                    .into(),
        }]
    );
    assert_eq!(
        first.reasons(crate::lang::Lang::En)[1..],
        [
            "2.0 km cycling",
            "€180 per season, paid by Jeugdfonds Sport & Cultuur",
            "Wednesday 15:00–16:30 fits your free time",
        ]
    );
    assert_eq!(
        first.reasons(crate::lang::Lang::En).len(),
        first.reasons_nl.len()
    );
    // Score: exact 60 + distance 40·(7500−2000)/7500 = 29 + schedule 30 + free after fund 30 +
    // language (nl) 10.
    assert_eq!(first.score, 60 + 29 + 30 + 30 + 10);
    // The football club is related through the catalogue ("basketbal" is a sport).
    assert_eq!(got[1].reasons_nl[0], "sluit aan bij 'basketbal' (sport)");
    assert_eq!(got[1].reasons_nl[1], "800 m lopen");
    assert_eq!(got[1].reasons_nl[2], "gratis");
    assert!(got[1].barriers.is_empty());
    // The music school: the fund pays €225 of €300.
    assert_eq!(got[2].fund, Some((1, 22_500)));
    assert_eq!(got[2].cost_after_funds_cents, 7_500);
    assert_eq!(
        got[2].reasons_nl[1],
        "€300 per seizoen, waarvan €225 vergoed door Jeugdfonds Sport & Cultuur; €75 zelf te betalen"
    );
    assert_eq!(
        got[2].barriers[0].action_nl,
        "aanvraag bij Jeugdfonds Sport & Cultuur door de schoolmaatschappelijk werker (intermediair); restbedrag €75 per seizoen met de ouders bespreken"
    );
}

#[test]
fn yusuf_who_walks_and_cannot_go_alone_gets_a_transport_and_company_plan() {
    let child = ChildProfile {
        transport: Transport::Walking,
        can_travel_alone: false,
        ..yusuf()
    };
    let got = rank(&child, &[basketball_club()], &[jeugdfonds()], &opts());
    assert_eq!(got[0].reasons_nl[1], "2,0 km, te ver om te lopen");
    let kinds: Vec<BarrierKind> = got[0].barriers.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        vec![
            BarrierKind::Cost,
            BarrierKind::Transport,
            BarrierKind::CannotGoAlone
        ]
    );
    assert_eq!(
        got[0].barriers[1].action_nl,
        "vervoer regelen: lift of maatje"
    );
    assert_eq!(
        got[0].barriers[2].action_nl,
        "proefles samen met de werker of een maatje"
    );
    // The transport penalty costs 10 points.
    let cycling = rank(&yusuf(), &[basketball_club()], &[jeugdfonds()], &opts());
    assert_eq!(cycling[0].score - got[0].score, PENALTY_TRANSPORT);
}

#[test]
fn transport_barrier_per_mode_and_distance() {
    // (transport, metres, expected distance text, transport barrier?)
    let table = [
        (Transport::Walking, 600.0, "600 m lopen", false),
        (
            Transport::Walking,
            1600.0,
            "1,6 km, te ver om te lopen",
            true,
        ),
        (Transport::Cycling, 1200.0, "1,2 km lopen", false),
        (Transport::Cycling, 4900.0, "4,9 km fietsen", false),
        (
            Transport::Cycling,
            6300.0,
            "6,3 km, te ver om te fietsen",
            true,
        ),
        (Transport::Lift, 6300.0, "6,3 km, met een lift", false),
    ];
    for (transport, metres, text, barrier) in table {
        let child = ChildProfile {
            transport,
            ..yusuf()
        };
        let a = activity(1, ActivityCategory::Sport, &[], offset(HOME, metres, 0.0));
        let got = rank(&child, &[a], &[], &opts());
        assert_eq!(got[0].reasons_nl[0], text, "{transport:?} {metres}");
        assert_eq!(
            got[0]
                .barriers
                .iter()
                .any(|b| b.kind == BarrierKind::Transport),
            barrier,
            "{transport:?} {metres}"
        );
    }
}

#[test]
fn hard_filters_are_never_relaxed() {
    let base = || {
        activity(
            1,
            ActivityCategory::Sport,
            &["basketbal"],
            offset(HOME, 1000.0, 0.0),
        )
    };
    // (activity, child needs wheelchair access, expected to be suggested)
    let table: Vec<(Activity, bool, bool)> = vec![
        (base(), false, true),
        (
            Activity {
                min_age: 10,
                max_age: 10,
                ..base()
            },
            false,
            true,
        ),
        (
            Activity {
                min_age: 11,
                ..base()
            },
            false,
            false,
        ),
        (
            Activity {
                max_age: 9,
                ..base()
            },
            false,
            false,
        ),
        (
            Activity {
                capacity_left: Some(0),
                ..base()
            },
            false,
            false,
        ),
        (
            Activity {
                capacity_left: Some(-2),
                ..base()
            },
            false,
            false,
        ),
        (
            Activity {
                capacity_left: Some(1),
                ..base()
            },
            false,
            true,
        ),
        (
            Activity {
                accessible: false,
                ..base()
            },
            false,
            true,
        ),
        (
            Activity {
                accessible: false,
                ..base()
            },
            true,
            false,
        ),
        (
            Activity {
                accessible: true,
                ..base()
            },
            true,
            true,
        ),
        // 1.5 × 5 km = 7.5 km.
        (
            Activity {
                latitude: offset(HOME, 7400.0, 0.0).0,
                ..base()
            },
            false,
            true,
        ),
        (
            Activity {
                latitude: offset(HOME, 7600.0, 0.0).0,
                ..base()
            },
            false,
            false,
        ),
        // No valid location.
        (
            Activity {
                latitude: f64::NAN,
                ..base()
            },
            false,
            false,
        ),
        (
            Activity {
                latitude: 95.0,
                ..base()
            },
            false,
            false,
        ),
        (
            Activity {
                longitude: f64::INFINITY,
                ..base()
            },
            false,
            false,
        ),
    ];
    for (i, (a, needs_accessible, expected)) in table.into_iter().enumerate() {
        let child = ChildProfile {
            needs_accessible,
            ..yusuf()
        };
        let got = rank(&child, std::slice::from_ref(&a), &[], &opts());
        assert_eq!(got.len() == 1, expected, "row {i}");
        let index = ActivityIndex::new(vec![a]);
        assert_eq!(rank_indexed(&child, &index, &[], &opts()), got, "row {i}");
    }
}

#[test]
fn a_fund_applies_only_to_an_eligible_child() {
    let club = basketball_club();
    // (fund, child, applied?)
    let table: Vec<(&str, Fund, ChildProfile, bool)> = vec![
        ("eligible", jeugdfonds(), yusuf(), true),
        (
            "income at the limit",
            jeugdfonds(),
            ChildProfile {
                household_income_percent_of_minimum: Some(120),
                ..yusuf()
            },
            true,
        ),
        (
            "income above",
            jeugdfonds(),
            ChildProfile {
                household_income_percent_of_minimum: Some(121),
                ..yusuf()
            },
            false,
        ),
        (
            "income not declared",
            jeugdfonds(),
            ChildProfile {
                household_income_percent_of_minimum: None,
                ..yusuf()
            },
            false,
        ),
        (
            "no income criterion",
            Fund {
                income_criterion_percent: None,
                ..jeugdfonds()
            },
            ChildProfile {
                household_income_percent_of_minimum: None,
                ..yusuf()
            },
            true,
        ),
        (
            "other municipality",
            jeugdfonds(),
            ChildProfile {
                municipality_code: "GM0363".into(),
                ..yusuf()
            },
            false,
        ),
        (
            "code written in lower case",
            jeugdfonds(),
            ChildProfile {
                municipality_code: "gm0599".into(),
                ..yusuf()
            },
            true,
        ),
        (
            "all municipalities",
            Fund {
                municipalities: vec![],
                ..jeugdfonds()
            },
            ChildProfile {
                municipality_code: "GM0363".into(),
                ..yusuf()
            },
            true,
        ),
        (
            "too young for the fund",
            Fund {
                min_age: 11,
                ..jeugdfonds()
            },
            yusuf(),
            false,
        ),
        (
            "too old for the fund",
            Fund {
                max_age: 9,
                ..jeugdfonds()
            },
            yusuf(),
            false,
        ),
        (
            "category not covered",
            Fund {
                categories: vec![ActivityCategory::MuziekKunstCultuur],
                ..jeugdfonds()
            },
            yusuf(),
            false,
        ),
        (
            "nothing to pay out",
            Fund {
                max_cents_per_year: 0,
                ..jeugdfonds()
            },
            yusuf(),
            false,
        ),
    ];
    for (name, fund, child, applied) in table {
        let got = rank(&child, std::slice::from_ref(&club), &[fund], &opts());
        assert_eq!(got[0].fund.is_some(), applied, "{name}");
        assert_eq!(got[0].cost_after_funds_cents == 0, applied, "{name}");
        // A cost barrier either way: apply for the fund, or talk about the cost.
        assert_eq!(got[0].barriers[0].kind, BarrierKind::Cost, "{name}");
        if !applied {
            assert_eq!(got[0].reasons_nl[2], "€180 per seizoen", "{name}");
            assert!(
                got[0].barriers[0].action_nl.contains("geen passend fonds"),
                "{name}"
            );
        }
    }
}

#[test]
fn the_fund_covering_most_is_chosen_then_the_lowest_id() {
    let club = Activity {
        cost_per_season_cents: 40_000,
        ..basketball_club()
    };
    let small = Fund {
        id: 7,
        name: "Klein fonds".into(),
        max_cents_per_year: 10_000,
        ..jeugdfonds()
    };
    let big = Fund {
        id: 9,
        name: "Groot fonds".into(),
        max_cents_per_year: 35_000,
        ..jeugdfonds()
    };
    let big_twin = Fund {
        id: 8,
        name: "Groot fonds bis".into(),
        ..big.clone()
    };
    let got = rank(
        &yusuf(),
        std::slice::from_ref(&club),
        &[small.clone(), big.clone()],
        &opts(),
    );
    assert_eq!(got[0].fund, Some((9, 35_000)));
    assert_eq!(got[0].cost_after_funds_cents, 5_000);
    let got = rank(&yusuf(), &[club], &[small, big, big_twin], &opts());
    assert_eq!(got[0].fund, Some((8, 35_000)));
    assert!(got[0].reasons_nl[2].contains("Groot fonds bis"));
}

#[test]
fn the_school_counts_when_it_is_nearer() {
    let school = offset(HOME, 0.0, 3000.0);
    let child = ChildProfile {
        school: Some(school),
        ..yusuf()
    };
    let a = activity(1, ActivityCategory::Sport, &[], offset(school, 600.0, 0.0));
    let got = rank(&child, &[a], &[], &opts());
    assert_eq!(got[0].distance_m, 600);
    assert_eq!(got[0].reasons_nl[0], "600 m lopen vanaf school");
    // Nearer home: no mention of school.
    let b = activity(2, ActivityCategory::Sport, &[], offset(HOME, -600.0, 0.0));
    let got = rank(&child, &[b], &[], &opts());
    assert_eq!(got[0].reasons_nl[0], "600 m lopen");
    // Only the school has a valid location.
    let lost = ChildProfile {
        home: (f64::NAN, 0.0),
        ..child.clone()
    };
    let c = activity(3, ActivityCategory::Sport, &[], offset(school, 100.0, 0.0));
    assert_eq!(
        rank(&lost, &[c], &[], &opts())[0].reasons_nl[0],
        "100 m lopen vanaf school"
    );
}

#[test]
fn schedule_fit_and_barrier() {
    let at = offset(HOME, 500.0, 0.0);
    let both = Activity {
        sessions: vec![
            session(Weekday::Sat, (10, 0), (11, 30)),
            session(Weekday::Wed, (15, 0), (16, 30)),
        ],
        ..activity(1, ActivityCategory::Sport, &[], at)
    };
    let got = rank(&yusuf(), &[both], &[], &opts());
    assert_eq!(
        got[0].reasons_nl[2],
        "woensdag 15:00–16:30 en zaterdag 10:00–11:30 passen in je vrije tijd"
    );
    let some = Activity {
        sessions: vec![
            session(Weekday::Mon, (19, 0), (20, 0)),
            session(Weekday::Wed, (15, 0), (16, 30)),
        ],
        ..activity(2, ActivityCategory::Sport, &[], at)
    };
    let got = rank(&yusuf(), &[some], &[], &opts());
    assert_eq!(
        got[0].reasons_nl[2],
        "woensdag 15:00–16:30 past in je vrije tijd (maandag 19:00–20:00 niet)"
    );
    let none = Activity {
        sessions: vec![session(Weekday::Wed, (17, 30), (19, 0))],
        ..activity(3, ActivityCategory::Sport, &[], at)
    };
    let got = rank(&yusuf(), &[none], &[], &opts());
    assert_eq!(got[0].barriers.len(), 1);
    assert_eq!(got[0].barriers[0].kind, BarrierKind::Schedule);
    assert_eq!(
        got[0].barriers[0].action_nl,
        "tijden (woensdag 17:30–19:00) passen niet in de vrije tijd: de aanbieder vragen naar een andere groep of tijd"
    );
}

#[test]
fn language_match_and_barrier() {
    let at = offset(HOME, 500.0, 0.0);
    let child = ChildProfile {
        languages: vec!["tr".into()],
        ..yusuf()
    };
    let turkish = Activity {
        languages: vec!["nl".into(), "Turks".into()],
        ..activity(1, ActivityCategory::BuurtGeloof, &[], at)
    };
    let got = rank(&child, &[turkish], &[], &opts());
    assert_eq!(got[0].reasons_nl.last().unwrap(), "in het Turks");
    let dutch_only = Activity {
        languages: vec!["nl".into()],
        ..activity(2, ActivityCategory::BuurtGeloof, &[], at)
    };
    let got = rank(&child, &[dutch_only], &[], &opts());
    assert_eq!(got[0].barriers[0].kind, BarrierKind::Language);
    assert_eq!(
        got[0].barriers[0].action_nl,
        "de activiteit is in het Nederlands: kennismaking samen met een maatje of tolk"
    );
}

#[test]
fn interest_points_exact_beat_category_beat_none() {
    let at = offset(HOME, 1000.0, 0.0);
    let child = ChildProfile {
        interests: vec!["Tekenen ".into(), "dansen".into(), "sport".into()],
        ..yusuf()
    };
    let activities = vec![
        activity(1, ActivityCategory::Jongerenwerk, &["chillen"], at),
        activity(2, ActivityCategory::Sport, &["judo"], at),
        activity(3, ActivityCategory::MuziekKunstCultuur, &["tekenen"], at),
        activity(
            4,
            ActivityCategory::MuziekKunstCultuur,
            &["TEKENEN", "dansen"],
            at,
        ),
    ];
    let got = rank(&child, &activities, &[], &opts());
    assert_eq!(ids(&got), vec![4, 3, 2, 1]);
    assert_eq!(got[0].reasons_nl[0], "past bij 'tekenen' en 'dansen'");
    assert_eq!(got[0].score - got[1].score, POINTS_INTEREST_EXTRA);
    assert_eq!(
        got[1].score - got[2].score,
        POINTS_INTEREST_EXACT - POINTS_INTEREST_CATEGORY
    );
    // "sport" names the category itself.
    assert_eq!(got[2].reasons_nl[0], "sluit aan bij 'sport' (sport)");
    assert_eq!(got[2].score - got[3].score, POINTS_INTEREST_CATEGORY);
    assert_eq!(got[3].reasons_nl[0], "1,0 km lopen");
}

#[test]
fn ties_break_on_distance_then_id() {
    let a = |id, m| activity(id, ActivityCategory::Sport, &[], offset(HOME, m, 0.0));
    // Scores are equal: 7500/40 ≈ 187 m per point; 100 and 150 m give the same distance points.
    let got = rank(
        &yusuf(),
        &[a(5, 150.0), a(3, 100.0), a(2, 100.0)],
        &[],
        &opts(),
    );
    assert_eq!(got[0].score, got[2].score);
    assert_eq!(ids(&got), vec![2, 3, 5]);
}

#[test]
fn max_results_keeps_the_best() {
    let activities: Vec<Activity> = (0..20)
        .map(|i| {
            activity(
                i,
                ActivityCategory::Sport,
                &[],
                offset(HOME, 300.0 * i as f64, 0.0),
            )
        })
        .collect();
    let options = MatchOptions {
        max_results: 3,
        ..opts()
    };
    assert_eq!(
        ids(&rank(&yusuf(), &activities, &[], &options)),
        vec![0, 1, 2]
    );
    let none = MatchOptions {
        max_results: 0,
        ..opts()
    };
    assert!(rank(&yusuf(), &activities, &[], &none).is_empty());
}

#[test]
fn parents_capacity_barrier_names_owner_and_date() {
    let b = Barrier::parents_capacity(" Tineke (smw) ", date(2026, 3, 3));
    assert_eq!(b.kind, BarrierKind::ParentsCapacity);
    assert_eq!(
        b.action_nl,
        "brengen, halen en meedoen samen met de ouders regelen: Tineke (smw), uiterlijk 3 maart 2026"
    );
}

#[test]
fn age_on_boundaries() {
    // (birth, on, age)
    let table = [
        (date(2015, 5, 10), date(2025, 5, 10), 10), // birthday today
        (date(2015, 5, 10), date(2025, 5, 9), 9),   // the day before
        (date(2015, 5, 10), date(2025, 5, 11), 10),
        (date(2015, 12, 31), date(2016, 1, 1), 0),
        (date(2015, 5, 10), date(2015, 5, 10), 0), // day of birth
        (date(2015, 5, 10), date(2014, 1, 1), 0),  // before birth
        // Leap day: a year older on 1 March in a non-leap year.
        (date(2016, 2, 29), date(2017, 2, 28), 0),
        (date(2016, 2, 29), date(2017, 3, 1), 1),
        (date(2016, 2, 29), date(2020, 2, 28), 3),
        (date(2016, 2, 29), date(2020, 2, 29), 4),
        (date(2016, 2, 29), date(2034, 3, 1), 18),
        (date(2016, 2, 29), date(2034, 2, 28), 17),
        // Born on 28 February, on 29 February of a leap year: already older.
        (date(2015, 2, 28), date(2016, 2, 29), 1),
    ];
    for (birth, on, age) in table {
        assert_eq!(age_on(birth, on), age, "{birth} → {on}");
    }
}

#[test]
fn dutch_formatting() {
    use nl::*;
    assert_eq!(format_euro(18_000), "€180");
    assert_eq!(format_euro(1_250), "€12,50");
    assert_eq!(format_euro(125_000), "€1.250");
    assert_eq!(format_euro(0), "€0");
    assert_eq!(format_euro(-505), "-€5,05");
    assert_eq!(format_distance(0), "0 m");
    assert_eq!(format_distance(604), "600 m");
    assert_eq!(format_distance(994), "990 m");
    assert_eq!(format_distance(996), "1,0 km");
    assert_eq!(format_distance(1_249), "1,2 km");
    assert_eq!(format_distance(1_250), "1,3 km");
    assert_eq!(format_distance(12_345), "12,3 km");
    assert_eq!(format_distance(1_234_567), "1.234,6 km");
    assert_eq!(format_span(900, 990), "15:00–16:30");
    assert_eq!(weekday_nl(Weekday::Wed), "woensdag");
    assert_eq!(format_date_nl(date(2026, 11, 26)), "26 november 2026");
    assert_eq!(language_nl("AR"), "Arabisch");
    assert_eq!(language_nl("Tamil"), "Tamil");
}

#[test]
fn categories_have_codes_labels_and_parse() {
    for c in ActivityCategory::ALL {
        assert_eq!(ActivityCategory::parse(c.code()).unwrap(), c);
        assert_eq!(
            ActivityCategory::parse(&c.label_nl().to_uppercase()).unwrap(),
            c
        );
        assert!(!c.keywords().is_empty());
    }
    assert!(ActivityCategory::parse("paardrijden").is_err());
    assert_eq!(
        ActivityCategory::ScoutingBuiten.label_nl(),
        "Scouting en buiten"
    );
}

#[test]
fn haversine_known_distances() {
    // One degree of latitude on this sphere.
    let d = distance_m(52.0, 5.0, 53.0, 5.0).unwrap();
    assert!((d - 111_195.08).abs() < 1.0, "{d}");
    // Rotterdam Centraal – Amsterdam Centraal, about 57 km in a straight line.
    let d = distance_m(51.9249, 4.4690, 52.3791, 4.9003).unwrap();
    assert!((56_000.0..59_000.0).contains(&d), "{d}");
    assert_eq!(distance_m(52.0, 5.0, 52.0, 5.0), Some(0.0));
    assert_eq!(distance_m(91.0, 5.0, 52.0, 5.0), None);
    // Across the ±180° meridian.
    let d = distance_m(0.0, 179.99, 0.0, -179.99).unwrap();
    assert!((d - 2_223.9).abs() < 1.0, "{d}");
}

#[test]
fn index_equals_rank_across_the_date_line_near_the_pole_and_when_empty() {
    let child_at = |home: (f64, f64)| ChildProfile { home, ..yusuf() };
    let cases = [
        (0.0, 179.99),
        (0.0, -179.999),
        (89.99, 10.0),
        (-89.995, -170.0),
        HOME,
    ];
    for home in cases {
        let activities: Vec<Activity> = (0..40)
            .map(|i| {
                let at = offset(
                    home,
                    400.0 * f64::from(i % 7) - 1200.0,
                    350.0 * f64::from(i / 7) - 900.0,
                );
                let lon = if at.1 > 180.0 {
                    at.1 - 360.0
                } else if at.1 < -180.0 {
                    at.1 + 360.0
                } else {
                    at.1
                };
                activity(
                    i64::from(i),
                    ActivityCategory::Sport,
                    &["basketbal"],
                    (at.0.clamp(-90.0, 90.0), lon),
                )
            })
            .collect();
        let options = MatchOptions {
            max_results: 100,
            ..opts()
        };
        let expected = rank(&child_at(home), &activities, &[], &options);
        assert!(!expected.is_empty(), "{home:?}");
        for cell_km in [0.2, 1.0, 5.0, 50.0] {
            let index = ActivityIndex::with_cell_km(activities.clone(), cell_km);
            assert_eq!(
                rank_indexed(&child_at(home), &index, &[], &options),
                expected,
                "{home:?} {cell_km}"
            );
        }
    }
    let empty = ActivityIndex::new(vec![]);
    assert!(empty.is_empty());
    assert!(rank_indexed(&yusuf(), &empty, &[], &opts()).is_empty());
    // Only activities without a location.
    let lost = ActivityIndex::new(vec![Activity {
        latitude: f64::NAN,
        ..basketball_club()
    }]);
    assert_eq!(lost.len(), 1);
    assert!(rank_indexed(&yusuf(), &lost, &[], &opts()).is_empty());
}

#[test]
fn rank_class_ranks_each_child_in_order() {
    let activities = vec![
        basketball_club(),
        activity(2, ActivityCategory::Sport, &["voetbal"], HOME),
    ];
    let index = ActivityIndex::new(activities.clone());
    let class = vec![
        yusuf(),
        ChildProfile {
            interests: vec!["voetbal".into()],
            ..yusuf()
        },
        ChildProfile {
            age_years: 3,
            ..yusuf()
        },
    ];
    let got = rank_class(&class, &index, &[jeugdfonds()], &opts());
    assert_eq!(got.len(), 3);
    assert_eq!(ids(&got[0]), vec![10, 2]);
    assert_eq!(ids(&got[1]), vec![2, 10]);
    assert!(got[2].is_empty());
    for (child, ranked) in class.iter().zip(&got) {
        assert_eq!(&rank(child, &activities, &[jeugdfonds()], &opts()), ranked);
    }
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const TAGS: [&str; 8] = [
    "basketbal",
    "voetbal",
    "tekenen",
    "gitaar",
    "scouting",
    "huiswerk",
    "dansen",
    "Koken",
];
const LANGS: [&str; 4] = ["nl", "ar", "tr", "Turks"];
const CENTRE: (f64, f64) = (51.92, 4.48);

fn weekday() -> impl Strategy<Value = Weekday> {
    (0u8..7).prop_map(|d| match d {
        0 => Weekday::Mon,
        1 => Weekday::Tue,
        2 => Weekday::Wed,
        3 => Weekday::Thu,
        4 => Weekday::Fri,
        5 => Weekday::Sat,
        _ => Weekday::Sun,
    })
}

fn category() -> impl Strategy<Value = ActivityCategory> {
    (0usize..7).prop_map(|i| ActivityCategory::ALL[i])
}

fn subset(items: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    proptest::sample::subsequence(items, 0..=3)
        .prop_map(|v| v.into_iter().map(String::from).collect())
}

fn span() -> impl Strategy<Value = (u32, u32)> {
    (8u32 * 60..21 * 60, 15u32..240).prop_map(|(s, len)| (s, s + len))
}

/// A place around Rotterdam: mostly within a few km, some beyond the search radius.
fn place() -> impl Strategy<Value = (f64, f64)> {
    (-12_000.0f64..12_000.0, -12_000.0f64..12_000.0).prop_map(|(n, e)| offset(CENTRE, n, e))
}

fn arb_activity() -> impl Strategy<Value = Activity> {
    (
        (
            0i64..40,
            category(),
            subset(&TAGS),
            place(),
            0u32..18,
            0u32..10,
        ),
        (
            proptest::collection::vec((weekday(), span()), 0..3),
            0i64..50_000,
            any::<bool>(),
            subset(&LANGS),
            proptest::option::of(-1i64..4),
            0u8..20,
        ),
    )
        .prop_map(
            |(
                (id, category, interests, at, min_age, span),
                (sessions, cost, accessible, languages, capacity_left, broken),
            )| {
                let (latitude, longitude) = match broken {
                    0 => (f64::NAN, at.1),
                    1 => (120.0, at.1),
                    _ => at,
                };
                Activity {
                    id,
                    name: format!("A{id}"),
                    category,
                    interests,
                    latitude,
                    longitude,
                    min_age,
                    max_age: min_age + span,
                    sessions: sessions
                        .into_iter()
                        .map(|(weekday, (start_minute, end_minute))| Session {
                            weekday,
                            start_minute,
                            end_minute,
                        })
                        .collect(),
                    cost_per_season_cents: cost,
                    accessible,
                    languages,
                    capacity_left,
                    provider_name: "P".into(),
                }
            },
        )
}

fn arb_profile() -> impl Strategy<Value = ChildProfile> {
    (
        (
            0u32..20,
            subset(&TAGS),
            proptest::collection::vec((weekday(), span()), 0..4),
            place(),
            proptest::option::of(place()),
        ),
        (
            prop_oneof![Just("GM0599"), Just("GM0363")],
            proptest::option::of(80u32..160),
            any::<bool>(),
            subset(&LANGS),
            any::<bool>(),
            prop_oneof![
                Just(Transport::Walking),
                Just(Transport::Cycling),
                Just(Transport::Lift)
            ],
        ),
    )
        .prop_map(
            |(
                (age_years, interests, free, home, school),
                (municipality, income, needs_accessible, languages, alone, transport),
            )| {
                ChildProfile {
                    age_years,
                    interests,
                    free_times: free.into_iter().map(|(d, (s, e))| (d, s, e)).collect(),
                    home,
                    school,
                    municipality_code: municipality.into(),
                    household_income_percent_of_minimum: income,
                    needs_accessible,
                    languages,
                    can_travel_alone: alone,
                    transport,
                }
            },
        )
}

fn arb_funds() -> impl Strategy<Value = Vec<Fund>> {
    proptest::collection::vec(
        (
            0u32..12,
            6u32..20,
            proptest::sample::subsequence(vec!["GM0599", "GM0363", "GM0344"], 0..=2),
            proptest::option::of(100u32..130),
            -1_000i64..40_000,
            proptest::sample::subsequence(ActivityCategory::ALL.to_vec(), 0..=4),
        ),
        0..4,
    )
    .prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(
                |(i, (min_age, max_age, m, income, max_cents, categories))| Fund {
                    id: 100 - i as i64,
                    name: format!("Fonds {i}"),
                    min_age,
                    max_age,
                    municipalities: m.into_iter().map(String::from).collect(),
                    income_criterion_percent: income,
                    max_cents_per_year: max_cents,
                    categories,
                },
            )
            .collect()
    })
}

fn arb_options() -> impl Strategy<Value = MatchOptions> {
    (0.3f64..2.0, 1.0f64..8.0, 1usize..40).prop_map(|(walk_km, cycle_km, max_results)| {
        MatchOptions {
            walk_km,
            cycle_km,
            max_results,
        }
    })
}

/// An independent reading of the fund rules, to check the engine against.
fn oracle_eligible(f: &Fund, p: &ChildProfile, c: ActivityCategory) -> bool {
    f.min_age <= p.age_years
        && p.age_years <= f.max_age
        && (f.municipalities.is_empty() || f.municipalities.contains(&p.municipality_code))
        && match f.income_criterion_percent {
            None => true,
            Some(limit) => matches!(p.household_income_percent_of_minimum, Some(i) if i <= limit),
        }
        && f.categories.contains(&c)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// (1) Never a suggestion outside the age range (nor full, inaccessible when needed, or too far).
    #[test]
    fn never_outside_the_hard_filters(
        profile in arb_profile(),
        activities in proptest::collection::vec(arb_activity(), 0..40),
        options in arb_options(),
    ) {
        let got = rank(&profile, &activities, &[], &options);
        prop_assert!(got.len() <= options.max_results);
        for s in &got {
            let a = activities.iter().find(|a| a.id == s.activity_id).unwrap();
            let same_id: Vec<&Activity> = activities.iter().filter(|a| a.id == s.activity_id).collect();
            prop_assert!(same_id.iter().any(|a| {
                a.min_age <= profile.age_years
                    && profile.age_years <= a.max_age
                    && a.capacity_left != Some(0)
                    && (a.accessible || !profile.needs_accessible)
            }), "{:?} for {:?}", a, profile);
            prop_assert!(f64::from(s.distance_m) <= options.max_distance_m());
        }
    }

    /// (2) All else equal, a farther activity never ranks above a nearer one.
    #[test]
    fn nearer_never_ranks_below_farther(
        profile in arb_profile(),
        template in arb_activity(),
        places in proptest::collection::vec(place(), 2..30),
        id_seed in 0u64..1000,
        options in arb_options(),
    ) {
        let activities: Vec<Activity> = places
            .iter()
            .enumerate()
            .map(|(i, &(lat, lon))| Activity {
                // Ids in an order unrelated to distance.
                id: ((i as u64 * 7919 + id_seed) % 10_007) as i64,
                latitude: lat,
                longitude: lon,
                ..template.clone()
            })
            .collect();
        let got = rank(&profile, &activities, &[], &options);
        for w in got.windows(2) {
            prop_assert!(w[0].distance_m <= w[1].distance_m, "{:?}", got);
            prop_assert!(w[0].score >= w[1].score);
        }
        // And what is left out is never nearer than what is kept.
        if got.len() == options.max_results {
            let all = rank(&profile, &activities, &[], &MatchOptions { max_results: usize::MAX, ..options });
            let last = got.last().unwrap().distance_m;
            prop_assert!(all[got.len()..].iter().all(|s| s.distance_m >= last));
        }
    }

    /// (3) A fund is never applied to an ineligible child, never pays more than the cost or its
    /// maximum, and the one applied covers the most.
    #[test]
    fn funds_only_for_eligible_children(
        profile in arb_profile(),
        activities in proptest::collection::vec(arb_activity(), 0..30),
        funds in arb_funds(),
        options in arb_options(),
    ) {
        // Unique ids, so each suggestion points at one activity.
        let activities: Vec<Activity> = activities
            .into_iter()
            .enumerate()
            .map(|(i, a)| Activity { id: i as i64, ..a })
            .collect();
        let got = rank(&profile, &activities, &funds, &MatchOptions { max_results: usize::MAX, ..options });
        for s in &got {
            let a = activities.iter().find(|a| a.id == s.activity_id).unwrap();
            let cost = a.cost_per_season_cents.max(0);
            let best = funds
                .iter()
                .filter(|f| oracle_eligible(f, &profile, a.category))
                .map(|f| f.max_cents_per_year.max(0).min(cost))
                .max()
                .unwrap_or(0);
            match s.fund {
                Some((fid, covered)) => {
                    let f = funds.iter().find(|f| f.id == fid).unwrap();
                    prop_assert!(oracle_eligible(f, &profile, a.category), "{:?} {:?}", f, profile);
                    prop_assert!(covered > 0 && covered <= cost && covered <= f.max_cents_per_year);
                    prop_assert_eq!(covered, best);
                    prop_assert_eq!(s.cost_after_funds_cents, cost - covered);
                    prop_assert_eq!(s.barriers[0].kind, BarrierKind::Cost);
                }
                None => {
                    prop_assert_eq!(best, 0);
                    prop_assert_eq!(s.cost_after_funds_cents, cost);
                }
            }
        }
    }

    /// (4) The grid index gives exactly the same result as looking at everything, for any cell size.
    #[test]
    fn rank_indexed_equals_rank(
        profile in arb_profile(),
        activities in proptest::collection::vec(arb_activity(), 0..80),
        funds in arb_funds(),
        options in arb_options(),
        cell_km in prop_oneof![Just(0.0), 0.2f64..3.0, 3.0f64..30.0],
    ) {
        // Half of them open to every child, so many pass the hard filters and the grid is tested
        // at the edge of the search radius.
        let activities: Vec<Activity> = activities
            .into_iter()
            .enumerate()
            .map(|(i, a)| if i % 2 == 0 {
                Activity { min_age: 0, max_age: 99, capacity_left: None, accessible: true, ..a }
            } else {
                a
            })
            .collect();
        let expected = rank(&profile, &activities, &funds, &options);
        let all = MatchOptions { max_results: usize::MAX, ..options };
        let expected_all = rank(&profile, &activities, &funds, &all);
        let index = ActivityIndex::with_cell_km(activities, cell_km);
        prop_assert_eq!(rank_indexed(&profile, &index, &funds, &options), expected.clone());
        prop_assert_eq!(rank_indexed(&profile, &index, &funds, &all), expected_all);
        let class = rank_class(std::slice::from_ref(&profile), &index, &funds, &options);
        prop_assert_eq!(&class[0], &expected);
    }

    /// (5) Deterministic: the same input gives the same output.
    #[test]
    fn deterministic(
        profile in arb_profile(),
        activities in proptest::collection::vec(arb_activity(), 0..40),
        funds in arb_funds(),
        options in arb_options(),
    ) {
        let first = rank(&profile, &activities, &funds, &options);
        prop_assert_eq!(rank(&profile, &activities, &funds, &options), first.clone());
        let a = ActivityIndex::new(activities.clone());
        let b = ActivityIndex::new(activities);
        prop_assert_eq!(rank_indexed(&profile, &a, &funds, &options), first.clone());
        prop_assert_eq!(rank_indexed(&profile, &b, &funds, &options), first);
    }
}
