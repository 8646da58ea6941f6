//! The demo reads true to the field (issue 11, finding 11): notes name the people a child's school has, goals carry
//! the theme a worker would give them, and no case shows a safety concern for months with no meldcode step recorded.

use crate::on_both_backends;
use crate::support::{Backend, spawn_app};
use schakel_domain::casework::DEFAULT_GOAL_THEMES;

/// The words for school staff that only a secondary or vocational school has.
const SECONDARY_STAFF: [&str; 2] = ["mentor", "zorgcoördinator"];

async fn demo_casework_reads_true_to_the_school_and_the_goal(backend: Backend) {
    use schakel_web::Clock;
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let now = app.clock.now();
    let today = now.date_naive();
    schakel_demo::seed::casework::seed_demo(&app.store, today, now)
        .await
        .expect("demo casework");
    let cases = app
        .store
        .list_cases(&schakel_store::CaseFilter {
            limit: 5000,
            ..Default::default()
        })
        .await
        .expect("cases");
    let (mut primary_contacts, mut safety_cases, mut goals, mut meldcode_cases) = (0, 0, 0, 0);
    for case in &cases {
        let file = app.store.case_file(case.id).await.expect("case file");
        let school_type = match case.school_id {
            Some(id) => Some(app.store.school(id).await.expect("school").school_type),
            None => None,
        };
        let young_school = matches!(
            school_type.as_deref(),
            Some("PO" | "SBO" | "SO" | "VOORSCHOOL")
        );
        for contact in file.contacts.iter().filter(|_| young_school) {
            primary_contacts += 1;
            for word in SECONDARY_STAFF {
                let text = format!("{} {}", contact.participants, contact.note).to_lowercase();
                assert!(
                    !text.contains(word),
                    "{} at a {school_type:?} school: a contact names the {word}: {text}",
                    case.case_number
                );
            }
        }
        for goal in &file.goals {
            goals += 1;
            assert!(
                DEFAULT_GOAL_THEMES
                    .iter()
                    .any(|(code, _)| *code == goal.theme),
                "{}: goal theme {} is not a theme",
                case.case_number,
                goal.theme
            );
            let d = goal.description.to_lowercase();
            if d.contains("bedtijd") || d.contains("slaap") {
                assert_ne!(
                    goal.theme, "sociale_relaties",
                    "{}: {}",
                    case.case_number, goal.description
                );
            }
        }
        meldcode_cases += usize::from(
            file.contacts
                .iter()
                .any(|c| c.note.contains("Meldcode stap")),
        );
        let opened =
            chrono::NaiveDate::parse_from_str(&case.opened_on, "%Y-%m-%d").expect("opened");
        if case.safety_concern.0 && (today - opened).num_days() > 21 {
            safety_cases += 1;
            assert!(
                file.contacts
                    .iter()
                    .any(|c| c.note.contains("Meldcode stap")),
                "{} has shown a safety concern since {} without a meldcode step",
                case.case_number,
                case.opened_on
            );
        }
    }
    assert!(
        primary_contacts > 100,
        "the demo has primary-school casework ({primary_contacts})"
    );
    assert!(goals > 50, "the demo has goals ({goals})");
    assert!(
        meldcode_cases > 0,
        "the demo has cases over a safety concern whose meldcode steps are recorded ({safety_cases} still flagged)"
    );
    app.shutdown().await;
}
on_both_backends!(demo_casework_reads_true_to_the_school_and_the_goal);
