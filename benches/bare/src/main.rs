//! The bare anchor of `benches/load.sh` (ADR 029): the least a web server must do for "read one row by primary key
//! and answer a small HTML page" and "insert one row", on the same machine and in the same run as Schakel, so that
//! Schakel's routes can be reported as a ratio to it (issue 14).
//!
//!     schakel-bare --bind 127.0.0.1:PORT --sqlite FILE [--postgres URL]
//!
//! Routes: `GET /sqlite/items/{id}`, `POST /sqlite/items` (the body is stored as the note), and with `--postgres`
//! `GET /pg/items/{id}`, `POST /pg/items`; `GET /healthz`. On first start each table is filled with 1,000,000 rows.
//! SQLite runs with Schakel's pragmas (WAL, `synchronous = FULL` as ADR 009 — `SCHAKEL_SQLITE_SYNCHRONOUS=normal`
//! switches like Schakel's —, busy timeout, 1 GiB mmap); one writer connection, readers round-robin. A read runs in
//! the handler (microseconds, as a minimal server does it); the insert, which waits for an fsync, on the blocking pool.
//! PostgreSQL uses sqlx's own PostgreSQL driver (no `Any` layer) with a pool of 16, as Schakel's.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use rusqlite::{Connection, OptionalExtension, params};

const ROWS: i64 = 1_000_000;

type Failure = Box<dyn std::error::Error + Send + Sync>;

struct Sqlite {
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
    writer: Arc<Mutex<Connection>>,
}

#[derive(Clone)]
struct App {
    sqlite: Arc<Sqlite>,
    pg: Option<sqlx::PgPool>,
}

#[tokio::main]
async fn main() -> Result<(), Failure> {
    let mut bind = String::from("127.0.0.1:8099");
    let mut sqlite = String::from("bare.sqlite");
    let mut postgres = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().ok_or_else(|| format!("{arg} needs a value"))?;
        match arg.as_str() {
            "--bind" => bind = value,
            "--sqlite" => sqlite = value,
            "--postgres" => postgres = Some(value),
            _ => return Err(format!("unknown argument {arg}").into()),
        }
    }
    let app = App {
        sqlite: Arc::new(open_sqlite(&sqlite)?),
        pg: match postgres {
            Some(url) => Some(open_postgres(&url).await?),
            None => None,
        },
    };
    let router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/sqlite/items/{id}", get(sqlite_read))
        .route("/sqlite/items", post(sqlite_insert))
        .route("/pg/items/{id}", get(pg_read))
        .route("/pg/items", post(pg_insert))
        .with_state(app);
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    axum::serve(listener, router).await?;
    Ok(())
}

fn synchronous() -> &'static str {
    match std::env::var("SCHAKEL_SQLITE_SYNCHRONOUS").as_deref() {
        Ok("normal") => "NORMAL",
        _ => "FULL",
    }
}

fn connect(path: &str) -> Result<Connection, Failure> {
    let conn = Connection::open(path)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", synchronous())?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "busy_timeout", 10_000)?;
    conn.pragma_update(None, "mmap_size", 1_073_741_824_i64)?;
    Ok(conn)
}

fn open_sqlite(path: &str) -> Result<Sqlite, Failure> {
    let mut writer = connect(path)?;
    writer.execute_batch(
        "CREATE TABLE IF NOT EXISTS item (
            id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL)",
    )?;
    let rows: i64 = writer.query_row("SELECT COUNT(*) FROM item", [], |r| r.get(0))?;
    if rows < ROWS {
        let tx = writer.transaction()?;
        {
            let mut insert =
                tx.prepare("INSERT INTO item (id, name, note, created) VALUES (?1, ?2, ?3, ?4)")?;
            for id in rows + 1..=ROWS {
                insert.execute(params![id, format!("Item {id}"), note(id), "2026-01-05"])?;
            }
        }
        tx.commit()?;
    }
    let readers = std::thread::available_parallelism().map_or(2, usize::from) * 4;
    Ok(Sqlite {
        readers: (0..readers)
            .map(|_| connect(path).map(Mutex::new))
            .collect::<Result<_, _>>()?,
        next: AtomicUsize::new(0),
        writer: Arc::new(Mutex::new(writer)),
    })
}

async fn open_postgres(url: &str) -> Result<sqlx::PgPool, Failure> {
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(16)
        .connect(url)
        .await?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS bare_item (
            id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, note TEXT NOT NULL, created TEXT NOT NULL)",
    )
    .execute(&pool)
    .await?;
    let (rows,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM bare_item")
        .fetch_one(&pool)
        .await?;
    if rows == 0 {
        sqlx::query(
            "INSERT INTO bare_item (name, note, created)
             SELECT 'Item ' || g, 'Notitie bij item ' || g || ': gesprek over school en thuis.', '2026-01-05'
             FROM generate_series(1, $1) AS g",
        )
        .bind(ROWS)
        .execute(&pool)
        .await?;
        sqlx::query("ANALYZE bare_item").execute(&pool).await?;
    }
    Ok(pool)
}

fn note(id: i64) -> String {
    format!("Notitie bij item {id}: gesprek over school en thuis.")
}

fn now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
        .to_string()
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

fn page(id: i64, name: &str, note: &str, created: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{name}</title></head>\
         <body><main><h1>{name}</h1><p>{note}</p><p>Nummer {id}, aangemaakt {created}</p></main></body></html>",
        name = escape(name),
        note = escape(note),
        created = escape(created),
    ))
}

fn fail(e: impl std::fmt::Display) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()
}

async fn sqlite_read(State(app): State<App>, Path(id): Path<i64>) -> Response {
    let readers = &app.sqlite.readers;
    let Some(slot) = readers.get(app.sqlite.next.fetch_add(1, Ordering::Relaxed) % readers.len())
    else {
        return fail("no reader");
    };
    let row = slot.lock().map_err(fail).and_then(|conn| {
        conn.prepare_cached("SELECT name, note, created FROM item WHERE id = ?1")
            .and_then(|mut st| {
                st.query_row(params![id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .optional()
            })
            .map_err(fail)
    });
    match row {
        Ok(Some((name, note, created))) => page(id, &name, &note, &created).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(response) => response,
    }
}

async fn sqlite_insert(State(app): State<App>, body: String) -> Response {
    let writer = Arc::clone(&app.sqlite.writer);
    let done = tokio::task::spawn_blocking(move || {
        let conn = writer.lock().map_err(|e| e.to_string())?;
        conn.prepare_cached("INSERT INTO item (name, note, created) VALUES (?1, ?2, ?3)")
            .and_then(|mut st| st.insert(params!["Nieuw item", body, now()]))
            .map_err(|e| e.to_string())
    })
    .await;
    match done {
        Ok(Ok(id)) => (StatusCode::CREATED, id.to_string()).into_response(),
        Ok(Err(e)) => fail(e),
        Err(e) => fail(e),
    }
}

async fn pg_read(State(app): State<App>, Path(id): Path<i64>) -> Response {
    let Some(pool) = &app.pg else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row: Result<Option<(String, String, String)>, _> =
        sqlx::query_as("SELECT name, note, created FROM bare_item WHERE id = $1")
            .bind(id)
            .fetch_optional(pool)
            .await;
    match row {
        Ok(Some((name, note, created))) => page(id, &name, &note, &created).into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => fail(e),
    }
}

async fn pg_insert(State(app): State<App>, body: String) -> Response {
    let Some(pool) = &app.pg else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let row: Result<(i64,), _> = sqlx::query_as(
        "INSERT INTO bare_item (name, note, created) VALUES ('Nieuw item', $1, $2) RETURNING id",
    )
    .bind(body)
    .bind(now())
    .fetch_one(pool)
    .await;
    match row {
        Ok((id,)) => (StatusCode::CREATED, id.to_string()).into_response(),
        Err(e) => fail(e),
    }
}
