//! A guard that needs no timer (issue 14, item 4): the number of SQL statements, and the rows they return, that
//! one case-page request and one contact write cause, on SQLite and on PostgreSQL. A feature that adds a query to
//! the hot path makes this test fail, so it is seen in review; raise the recorded number only on purpose.
//!
//! sqlx reports every statement it runs as a `tracing` event (target `sqlx::query`, with `rows_returned`); a
//! layer counts them. This test binary holds this one test, so no other test's statements are counted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::disallowed_methods
)]

#[path = "../app/support.rs"]
#[allow(dead_code)]
mod support;

use std::sync::atomic::{AtomicU64, Ordering};
use support::{Backend, as_role, spawn_app};
use tracing_subscriber::layer::SubscriberExt;

/// Recorded at this commit (see the module docs before raising them): per backend, the case page's statements and
/// the rows they return to the application, and a contact write's statements (the change, its staged log entry,
/// the access-log append and the outbox clean-up included). PostgreSQL runs a few more: its log append reads the
/// chain's head in its own statement, and transactions begin and commit as statements.
struct Recorded {
    case_page_statements: u64,
    case_page_rows: u64,
    contact_write_statements: u64,
}

const SQLITE: Recorded = Recorded {
    case_page_statements: 6,
    case_page_rows: 5,
    contact_write_statements: 13,
};
const POSTGRES: Recorded = Recorded {
    case_page_statements: 9,
    case_page_rows: 7,
    contact_write_statements: 18,
};

static STATEMENTS: AtomicU64 = AtomicU64::new(0);
static ROWS: AtomicU64 = AtomicU64::new(0);

struct Count;

struct Rows(u64);

impl tracing::field::Visit for Rows {
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "rows_returned" {
            self.0 += value;
        }
    }
    fn record_i64(&mut self, field: &tracing::field::Field, value: i64) {
        if field.name() == "rows_returned" {
            self.0 += u64::try_from(value).unwrap_or(0);
        }
    }
    fn record_debug(&mut self, _: &tracing::field::Field, _: &dyn std::fmt::Debug) {}
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Count {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            STATEMENTS.fetch_add(1, Ordering::SeqCst);
            let mut rows = Rows(0);
            event.record(&mut rows);
            ROWS.fetch_add(rows.0, Ordering::SeqCst);
        }
    }
}

/// Waits until no statement has run for half a second (the access-log writer appends after the answer).
async fn settle() {
    let mut last = STATEMENTS.load(Ordering::SeqCst);
    let mut quiet = 0;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let now = STATEMENTS.load(Ordering::SeqCst);
        quiet = if now == last { quiet + 1 } else { 0 };
        last = now;
        if quiet >= 5 {
            return;
        }
    }
}

/// Statements and rows while `f` runs, and until the access-log writer has settled.
async fn counted<F: std::future::Future<Output = ()>>(f: F) -> (u64, u64) {
    settle().await;
    let (s0, r0) = (
        STATEMENTS.load(Ordering::SeqCst),
        ROWS.load(Ordering::SeqCst),
    );
    f.await;
    settle().await;
    (
        STATEMENTS.load(Ordering::SeqCst) - s0,
        ROWS.load(Ordering::SeqCst) - r0,
    )
}

async fn measure(backend: Backend) -> Option<[(u64, u64); 2]> {
    let app = spawn_app(backend, true).await?;
    use schakel_web::Clock;
    let now = app.clock.now();
    schakel_demo::seed::casework::seed_demo(&app.store, now.date_naive(), now)
        .await
        .expect("demo casework");
    let smw = as_role(&app, "smw").await;
    let token = support::api_token(&app, "smw").await;
    let api = reqwest::Client::new();
    let cases: serde_json::Value = api
        .get(app.url("/api/v1/cases"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let cases = cases
        .as_array()
        .cloned()
        .unwrap_or_else(|| cases["items"].as_array().cloned().unwrap_or_default());
    let id = cases
        .iter()
        .find(|c| c["status"] == "open")
        .and_then(|c| c["id"].as_i64())
        .expect("an open case");
    let page = format!("/cases/{id}");
    // Warm: the first request of a connection prepares its statements.
    for _ in 0..2 {
        assert_eq!(smw.get(app.url(&page)).send().await.unwrap().status(), 200);
    }
    let read = counted(async {
        assert_eq!(smw.get(app.url(&page)).send().await.unwrap().status(), 200);
    })
    .await;
    let contact = serde_json::json!({
        "held_on": now.date_naive().to_string(), "kind": "gesprek_kind", "participants": "", "minutes": 30,
        "note": "Gesprek over school."
    });
    let post = || {
        api.post(app.url(&format!("/api/v1/cases/{id}/contacts")))
            .bearer_auth(&token)
            .json(&contact)
            .send()
    };
    assert!(post().await.unwrap().status().is_success());
    let write = counted(async {
        let res = post().await.unwrap();
        assert!(res.status().is_success(), "{}", res.status());
    })
    .await;
    app.shutdown().await;
    Some([read, write])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hot_paths_keep_their_statement_count() {
    let _ = tracing::subscriber::set_global_default(tracing_subscriber::registry().with(Count));
    let mut report = Vec::new();
    for backend in [Backend::Sqlite, Backend::Postgres] {
        if backend == Backend::Postgres && support::postgres_url().is_none() {
            continue;
        }
        let [(read, rows), (write, _)] = measure(backend).await.expect("an app");
        report.push(format!("{backend:?}: case page {read} statements / {rows} rows; contact write {write} statements"));
        assert!(
            read > 0 && write > 0,
            "the counter sees statements: {report:?}"
        );
        let recorded = if backend == Backend::Sqlite {
            &SQLITE
        } else {
            &POSTGRES
        };
        assert!(
            read <= recorded.case_page_statements
                && rows <= recorded.case_page_rows
                && write <= recorded.contact_write_statements,
            "a hot path grew (raise the recorded numbers only on purpose): {report:?}"
        );
    }
    eprintln!("{}", report.join("\n"));
}
