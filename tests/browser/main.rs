//! Real-browser tests: the compiled `schakel demo` server driven through headless Chromium by
//! ChromeDriver (via fantoccini).
//!
//! One app and one ChromeDriver are started for the whole run; every scenario gets its own
//! browser session with a fresh profile directory, so no cookie leaks from one scenario into the
//! next. All scenarios run even when an earlier one fails; the test fails at the end with every
//! failure listed, each with the URL and a snippet of the page the browser was on.
//!
//! Without Chromium or ChromeDriver the test prints a loud `SKIPPED` line and passes, unless
//! `SCHAKEL_TEST_REQUIRE_ALL=1` is set, in which case it fails. `SCHAKEL_TEST_CHROMIUM` and
//! `SCHAKEL_TEST_CHROMEDRIVER` override the default paths (`/usr/bin/chromium`,
//! `/usr/bin/chromedriver`).
//!
//! `SCHAKEL_BROWSER_ONLY=<text>[,<text>…]` runs only the scenarios whose name contains one of the
//! texts (e.g. `SCHAKEL_BROWSER_ONLY="21.,12."`), for working on a few; unset, every scenario runs.

// Tests may unwrap, index and read the wall clock: a panic is a failed test (lints: Cargo.toml, clippy.toml).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_methods
)]

/// Returns early from a scenario with a formatted failure message when `cond` is false.
macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

mod a11y;
mod appointments;
mod care;
mod case_page;
mod casework;
mod group;
mod harness;
mod interaction_a11y;
mod kik;
mod monitoring;
mod presence;
mod scenarios;
mod screenshots;

use std::time::Instant;

use harness::{Env, Outcome, Session, Tools};
use scenarios::ROLES;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn browser_scenarios() {
    let Some(tools) = Tools::locate() else {
        return;
    };
    let started = Instant::now();
    let env = Env::start(tools).await;
    eprintln!(
        "browser tests: app at {} ready after {:.1} s",
        env.base,
        started.elapsed().as_secs_f64()
    );

    let mut report = Report::new(&env);
    for (user, role) in ROLES {
        let name = format!("1. {user} signs in and lands on home-{role}");
        report
            .run(&name, async |s| {
                scenarios::sign_in_lands_on_home(s, user, role).await
            })
            .await;
    }
    report
        .run(
            "2. wrong password shows #login-error",
            scenarios::wrong_password,
        )
        .await;
    report
        .run(
            "3. school contact gets 403 on admin pages",
            scenarios::school_contact_refused,
        )
        .await;
    report
        .run("4. sign-out ends the session", scenarios::sign_out)
        .await;
    report
        .run(
            "5. admin creates a municipality",
            scenarios::admin_creates_municipality,
        )
        .await;
    report
        .run(
            "6. language switch to English",
            scenarios::switch_to_english,
        )
        .await;
    report
        .run("7. accessibility smoke check", a11y::smoke_check)
        .await;
    report
        .run(
            "8. referral to closure: school, team lead, worker, school, municipality",
            casework::referral_to_closure,
        )
        .await;
    report
        .run(
            "9. Kind in Kaart: basketball club found, fund pays, still playing at 3 months, counted",
            kik::basketball_story,
        )
        .await;
    let base = env.base.clone();
    report
        .run(
            "10. case file at 1366 × 768: 200 contacts, log a contact and score a goal in place",
            async |s| case_page::laptop(s, &base).await,
        )
        .await;
    report
        .run(
            "11. case file at 390 × 844: 200 contacts, log a contact and score a goal in place",
            async |s| case_page::phone(s, &base).await,
        )
        .await;
    report
        .run(
            "13. monitoring: municipality filters by district and downloads Excel and PDF; team lead sees waiting and hours",
            monitoring::municipality_and_team_lead,
        )
        .await;
    report
        .run(
            "14. parent group: four evenings planned, five couples and evaluations recorded",
            group::parent_group,
        )
        .await;
    report
        .run(
            "15. live poll: thirty participants answer, the organiser's screen shows n = 30 and the distribution without a reload",
            async |s| group::live_poll(s, &env).await,
        )
        .await;
    report
        .run(
            "16. care meeting: a ZAT meeting planned, a pupil added anonymously and an action the owner sees at home",
            care::zat_meeting,
        )
        .await;
    report
        .run(
            "17. wie is er wanneer: the school contact sees the walk-in hour and who covers",
            presence::who_is_there_when,
        )
        .await;
    report
        .run(
            "18. appointments: the school contact books a walk-in slot for a parent and downloads the invitation",
            appointments::school_books_a_walk_in_slot,
        )
        .await;
    report
        .run(
            "20. the README's screenshots: the pages they show open as the roles that see them",
            screenshots::readme_pages,
        )
        .await;
    report
        .run(
            "12. axe-core: every role's pages, Dutch and English, laptop and phone",
            a11y::axe_every_page,
        )
        .await;
    report
        .run(
            "21. axe-core after interaction: forms shown again with errors, case sections swapped in place, the close confirmation and conflict messages",
            interaction_a11y::states_after_interaction,
        )
        .await;
    report.finish(started);
}

/// Runs the scenarios, prints one line for each, and fails the test at the end with every
/// failure listed.
struct Report<'e> {
    env: &'e Env,
    passed: usize,
    skipped: usize,
    failures: Vec<String>,
    /// From `SCHAKEL_BROWSER_ONLY`: run only scenarios whose name contains one of these.
    only: Vec<String>,
}

impl<'e> Report<'e> {
    fn new(env: &'e Env) -> Self {
        let only = std::env::var("SCHAKEL_BROWSER_ONLY")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect();
        Report {
            env,
            passed: 0,
            skipped: 0,
            failures: Vec::new(),
            only,
        }
    }

    /// Runs one scenario in a fresh browser session and records its outcome.
    async fn run<F>(&mut self, name: &str, scenario: F)
    where
        F: AsyncFnOnce(&Session) -> Outcome,
    {
        if !self.only.is_empty() && !self.only.iter().any(|t| name.contains(t.as_str())) {
            self.skipped += 1;
            return;
        }
        let started = Instant::now();
        let outcome = self.env.run(name, scenario).await;
        let ms = started.elapsed().as_millis();
        match outcome {
            Ok(()) => {
                eprintln!("  ok      {name} ({ms} ms)");
                self.passed += 1;
            }
            Err(e) => {
                eprintln!("  FAILED  {name} ({ms} ms)");
                self.failures.push(format!("--- {name}\n{e}"));
            }
        }
    }

    fn finish(self, started: Instant) {
        eprintln!(
            "browser tests: {} of {} scenarios passed in {:.1} s{}",
            self.passed,
            self.passed + self.failures.len(),
            started.elapsed().as_secs_f64(),
            if self.skipped > 0 {
                format!(
                    " ({} left out by SCHAKEL_BROWSER_ONLY={:?})",
                    self.skipped,
                    self.only.join(",")
                )
            } else {
                String::new()
            }
        );
        if !self.failures.is_empty() {
            panic!(
                "{} browser scenario(s) failed:\n\n{}\n\n--- last lines of the app's output:\n{}",
                self.failures.len(),
                self.failures.join("\n\n"),
                self.env.app_log_tail()
            );
        }
    }
}
