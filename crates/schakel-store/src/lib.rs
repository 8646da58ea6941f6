//! Schakel's storage: one `Store` over embedded SQLite or PostgreSQL, picked from the URL scheme.
//!
//! The SQL is written once (`$1` placeholders, `RETURNING`, `ON CONFLICT` work on both); the schema
//! lives in one migrations folder per backend with the same version numbers. On SQLite all writes
//! go through one writer connection with `BEGIN IMMEDIATE`, reads through a separate pool (ADR 001).
#![forbid(unsafe_code)]

/// SQL assembled from constant parts (column lists), asserted safe: no user input is ever concatenated.
macro_rules! sql {
    ($($part:expr),+ $(,)?) => {
        sqlx::AssertSqlSafe([$($part),+].concat())
    };
}

/// A statement whose text differs per backend (JSON functions, ADR 006), built once per backend by `$build`
/// (a `fn(Backend) -> String`); gives the `&'static str` for `backend`.
macro_rules! per_backend {
    ($backend:expr, $build:expr) => {{
        static SQLITE: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| $build($crate::Backend::Sqlite));
        static POSTGRES: std::sync::LazyLock<String> =
            std::sync::LazyLock::new(|| $build($crate::Backend::Postgres));
        let sql: &'static str = match $backend {
            $crate::Backend::Sqlite => &SQLITE,
            $crate::Backend::Postgres => &POSTGRES,
        };
        sql
    }};
}

mod appointment;
mod audit;
mod care_meeting;
mod casework;
mod consents;
mod group;
mod monitoring;
mod org;
mod poll;
mod presence;
mod rows;
mod school_reports;
mod social_map;
mod taxonomy;
mod time;
mod users;

pub use appointment::*;
pub use audit::{AuditFilter, AuditVerification};
pub use care_meeting::*;
pub use casework::*;
pub use consents::{ConsentFilter, ConsentLine, ShareLine};
pub use group::*;
pub use monitoring::{Arrangement, FactScope, MonitoringSettings, OpenOnward};
pub use org::{NewSchool, NewWorker, OrganisationSettings, SchoolFilter};
pub use poll::{Poll, PollStatement, StatementCounts};
pub use presence::*;
pub use rows::*;
pub use school_reports::SchoolReport;
pub use social_map::*;
pub use taxonomy::TaxonomyTerm;
pub use time::{NewTimeEntry, SchoolTime, TimeFilter};
pub use users::{NewUser, SignedIn};

use chrono::{DateTime, SecondsFormat, Utc};
use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Executor, Transaction};
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Which database the store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL (use sqlite://… or postgres://…): {}",
                url.split(':').next().unwrap_or("")
            )))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The row changed since the version the edit was based on.
    #[error("conflict: the record was changed by someone else (now at version {current_version})")]
    Conflict { current_version: i64 },
    /// A unique field already exists (the field's name).
    #[error("duplicate value for {0}")]
    Duplicate(String),
    /// The child already has an open case file (one child, one file), e.g. opened by a triage at the same moment.
    #[error("the child already has an open case file")]
    OpenCaseExists,
    #[error("configuration: {0}")]
    Config(String),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

impl StoreError {
    /// Maps a unique violation to `Duplicate(field)`, anything else stays a database error.
    pub(crate) fn unique(field: &str) -> impl FnOnce(sqlx::Error) -> StoreError + '_ {
        move |e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Duplicate(field.to_string())
            }
            _ => StoreError::Database(e),
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Timestamps are stored as UTC RFC 3339 text with microseconds, so text order is time order.
pub fn timestamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_timestamp(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// The storage of one Schakel installation.
#[derive(Clone)]
pub struct Store {
    backend: Backend,
    read: AnyPool,
    write: AnyPool,
    /// Tests switch this on to make every access-log append fail (`fail_log_appends`).
    log_appends_fail: Arc<AtomicBool>,
}

/// A write transaction; on SQLite it holds the one writer connection.
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    backend: Backend,
}

/// How SQLite makes a commit durable (ADR 009). `Full` (the default) syncs the WAL at every commit,
/// so an acknowledged write survives a power loss or an OS crash; `Normal` syncs only at
/// checkpoints and survives a crash of the process, not of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SqliteSynchronous {
    Full,
    Normal,
}

impl SqliteSynchronous {
    fn data_pragma(self) -> &'static str {
        match self {
            SqliteSynchronous::Full => "PRAGMA synchronous = FULL",
            SqliteSynchronous::Normal => "PRAGMA synchronous = NORMAL",
        }
    }

    fn log_pragma(self) -> &'static str {
        match self {
            SqliteSynchronous::Full => "PRAGMA log.synchronous = FULL",
            SqliteSynchronous::Normal => "PRAGMA log.synchronous = NORMAL",
        }
    }
}

/// The durability setting: `FULL` unless `SCHAKEL_SQLITE_SYNCHRONOUS=normal` says otherwise (for
/// measuring its cost, ADR 009; not meant for an installation that keeps case files).
fn sqlite_synchronous() -> Result<SqliteSynchronous> {
    match std::env::var("SCHAKEL_SQLITE_SYNCHRONOUS")
        .unwrap_or_default()
        .to_ascii_lowercase()
        .as_str()
    {
        "" | "full" => Ok(SqliteSynchronous::Full),
        "normal" => Ok(SqliteSynchronous::Normal),
        other => Err(StoreError::Config(format!(
            "SCHAKEL_SQLITE_SYNCHRONOUS must be 'full' or 'normal', not '{other}'"
        ))),
    }
}

impl Store {
    /// Connects to `sqlite://path` (created if missing) or `postgres://…`.
    pub async fn connect(url: &str) -> Result<Store> {
        install_default_drivers();
        let backend = Backend::from_url(url)?;
        match backend {
            Backend::Sqlite => {
                let url = if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                };
                let attach_log = format!(
                    "ATTACH DATABASE '{}' AS log",
                    access_log_path(&url).replace('\'', "''")
                );
                let synchronous = sqlite_synchronous()?;
                let options = || {
                    let attach_log = attach_log.clone();
                    AnyPoolOptions::new()
                        .acquire_timeout(Duration::from_secs(30))
                        // An embedded file has no network to lose the connection over; a ping before every
                        // query would double the thread hand-offs per query (see BENCHMARKS.md).
                        .test_before_acquire(false)
                        .after_connect(move |conn, _meta| {
                            let attach_log = attach_log.clone();
                            Box::pin(async move {
                                for pragma in [
                                    "PRAGMA journal_mode = WAL",
                                    synchronous.data_pragma(),
                                    "PRAGMA foreign_keys = ON",
                                    "PRAGMA busy_timeout = 10000",
                                    // Readers map the file instead of copying pages: every access-log
                                    // commit resets the other connections' page caches (WAL).
                                    "PRAGMA mmap_size = 1073741824",
                                ] {
                                    conn.execute(pragma).await?;
                                }
                                // The access log lives in a file of its own (ADR 003): its commits, one per
                                // read of personal data, then leave the readers' caches of the data intact.
                                // The path is the installation's own (quotes doubled), not user input.
                                sqlx::raw_sql(sqlx::AssertSqlSafe(attach_log))
                                    .execute(&mut *conn)
                                    .await?;
                                for pragma in
                                    ["PRAGMA log.journal_mode = WAL", synchronous.log_pragma()]
                                {
                                    conn.execute(pragma).await?;
                                }
                                Ok(())
                            })
                        })
                };
                // The writer connects first, so WAL mode is set before readers open the file.
                let write = options()
                    .max_connections(1)
                    .min_connections(1)
                    .connect(&url)
                    .await?;
                // Readers mostly wait on hand-offs to their worker threads, not on the CPU: four per core kept
                // both cores busy under load where one per core left a third idle (BENCHMARKS.md).
                let readers = std::thread::available_parallelism()
                    .map(|n| n.get() as u32)
                    .unwrap_or(2)
                    .clamp(2, 8)
                    * 4;
                let read = options().max_connections(readers).connect(&url).await?;
                Ok(Store {
                    backend,
                    read,
                    write,
                    log_appends_fail: Arc::default(),
                })
            }
            Backend::Postgres => {
                let pool = AnyPoolOptions::new()
                    .max_connections(16)
                    .acquire_timeout(Duration::from_secs(30))
                    // No JIT compilation of queries: for the short reads of a web request it costs more than
                    // it saves (the monitoring reads, costed high for their correlated subqueries, spent 50–500
                    // ms compiling; ADR 018).
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("SET jit = off").await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?;
                Ok(Store {
                    backend,
                    read: pool.clone(),
                    write: pool,
                    log_appends_fail: Arc::default(),
                })
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Brings the schema up to date, then appends the access-log entries that changes staged but a crash kept
    /// out of the chain (ADR 008).
    pub async fn migrate(&self) -> Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&self.write).await?;
        if self.backend == Backend::Sqlite {
            self.move_access_log_to_its_file().await?;
            // Beside the chain in the log file, so that both are written by one transaction (ADR 008).
            sqlx::query(
                "CREATE TABLE IF NOT EXISTS log.access_log_appended (outbox_id INTEGER PRIMARY KEY)",
            )
            .execute(&self.write)
            .await?;
        }
        self.append_to_access_log(Vec::new(), true).await
    }

    /// SQLite keeps the access log in its own file (ADR 003, update): the migrations create the table in the data
    /// file; here its entries move to the attached `log` file in steps that each write one file (a transaction
    /// over two WAL files is not atomic): copy (idempotent), check every entry arrived unchanged, then drop the
    /// old table. An interrupted move is finished at the next start; a log file that does not belong to this
    /// data file stops the start with a clear message.
    async fn move_access_log_to_its_file(&self) -> Result<()> {
        let in_data_file: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM main.sqlite_master WHERE type = 'table' AND name = 'access_log'",
        )
        .fetch_one(&self.write)
        .await?;
        if in_data_file == 0 {
            return Ok(());
        }
        let mut copy = self.write.begin_with("BEGIN IMMEDIATE").await?;
        for statement in [
            "CREATE TABLE IF NOT EXISTS log.access_log (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user_id INTEGER, \
             username TEXT NOT NULL, role TEXT NOT NULL, organisation_id INTEGER, action TEXT NOT NULL, \
             subject_kind TEXT NOT NULL, subject_id TEXT, route TEXT NOT NULL, method TEXT NOT NULL, \
             client_addr TEXT NOT NULL, outcome TEXT NOT NULL, basis TEXT NOT NULL, prev_hash TEXT NOT NULL, \
             entry_hash TEXT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS log.access_log_subject ON access_log (subject_kind, subject_id)",
            "CREATE INDEX IF NOT EXISTS log.access_log_user ON access_log (user_id, at)",
            "CREATE INDEX IF NOT EXISTS log.access_log_at ON access_log (at)",
            "INSERT OR IGNORE INTO log.access_log SELECT * FROM main.access_log",
        ] {
            sqlx::query(statement).execute(&mut *copy).await?;
        }
        copy.commit().await?;
        let (old, matching): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM main.access_log), (SELECT COUNT(*) FROM main.access_log m \
             JOIN log.access_log l ON l.seq = m.seq AND l.entry_hash = m.entry_hash)",
        )
        .fetch_one(&self.write)
        .await?;
        if old != matching {
            return Err(StoreError::Config(format!(
                "the access-log file does not belong to this database: {} of its {old} entries differ; \
                 restore the access-log file that was saved with this database",
                old - matching
            )));
        }
        let mut drop = self.write.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DROP TABLE main.access_log")
            .execute(&mut *drop)
            .await?;
        drop.commit().await?;
        Ok(())
    }

    /// Versions of the migrations shipped for each backend (a test keeps them equal).
    pub fn migration_versions(backend: Backend) -> Vec<i64> {
        let m = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        m.iter().map(|m| m.version).collect()
    }

    /// Answers when the database does.
    pub async fn ping(&self) -> Result<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    /// Starts a write transaction (`BEGIN IMMEDIATE` on SQLite, so it never fails half-way with "locked").
    pub async fn begin(&self) -> Result<WriteTx> {
        let tx = match self.backend {
            Backend::Sqlite => self.write.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.write.begin().await?,
        };
        Ok(WriteTx {
            tx,
            backend: self.backend,
        })
    }

    pub(crate) fn reader(&self) -> &AnyPool {
        &self.read
    }

    /// Tables, columns and indexes of the live schema, for the parity test between backends.
    pub async fn schema_outline(&self) -> Result<Vec<String>> {
        use sqlx::Row;
        let mut out = Vec::new();
        match self.backend {
            Backend::Sqlite => {
                // The data file and the attached access-log file together are the schema.
                let tables = sqlx::query(
                    "SELECT name, 'main' FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%' \
                     UNION ALL SELECT name, 'log' FROM log.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
                )
                .fetch_all(&self.read)
                .await?;
                for t in tables {
                    let table: String = t.try_get(0)?;
                    let schema: String = t.try_get(1)?;
                    let cols =
                        sqlx::query("SELECT name FROM pragma_table_info($1, $2) ORDER BY name")
                            .bind(&table)
                            .bind(&schema)
                            .fetch_all(&self.read)
                            .await?;
                    for c in cols {
                        let col: String = c.try_get(0)?;
                        out.push(format!("column {table}.{col}"));
                    }
                }
                let idx = sqlx::query(
                    "SELECT name FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
                     UNION ALL SELECT name FROM log.sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1",
                )
                .fetch_all(&self.read)
                .await?;
                for i in idx {
                    let name: String = i.try_get(0)?;
                    out.push(format!("index {name}"));
                }
            }
            Backend::Postgres => {
                let cols = sqlx::query(
                    "SELECT table_name::text, column_name::text FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE '_sqlx%' ORDER BY table_name, column_name",
                )
                .fetch_all(&self.read)
                .await?;
                for c in cols {
                    let table: String = c.try_get(0)?;
                    let col: String = c.try_get(1)?;
                    out.push(format!("column {table}.{col}"));
                }
                let idx = sqlx::query(
                    "SELECT indexname::text FROM pg_indexes WHERE schemaname = current_schema() AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_key' ORDER BY indexname",
                )
                .fetch_all(&self.read)
                .await?;
                for i in idx {
                    let name: String = i.try_get(0)?;
                    out.push(format!("index {name}"));
                }
            }
        }
        out.sort();
        Ok(out)
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

impl WriteTx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }

    pub(crate) fn conn(&mut self) -> &mut sqlx::AnyConnection {
        &mut self.tx
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }
}

/// A scalar subquery that gives the rows of `source` as one JSON array (text), an object per row with `fields` as
/// keys (the column names of `source`), ordered by `order`: the dialects differ only in the function names
/// (ADR 006).
pub(crate) fn json_array(backend: Backend, fields: &[&str], source: &str, order: &str) -> String {
    let pairs: Vec<String> = fields.iter().map(|f| format!("'{f}', t.{f}")).collect();
    let order: Vec<String> = order.split(", ").map(|o| format!("t.{o}")).collect();
    let (pairs, order) = (pairs.join(", "), order.join(", "));
    match backend {
        Backend::Sqlite => {
            format!(
                "(SELECT json_group_array(json_object({pairs}) ORDER BY {order}) FROM ({source}) t)"
            )
        }
        Backend::Postgres => format!(
            "(SELECT CAST(COALESCE(json_agg(json_build_object({pairs}) ORDER BY {order}), '[]') AS TEXT) FROM ({source}) t)"
        ),
    }
}

/// Reads a JSON array made by [`json_array`]; a mismatch is a decode error, never "not found".
pub(crate) fn json_rows<T: serde::de::DeserializeOwned>(json: &str) -> Result<Vec<T>> {
    serde_json::from_str(json).map_err(|e| StoreError::Database(sqlx::Error::Decode(Box::new(e))))
}

/// The access log's own SQLite file beside the data file: `…/schakel.db` → `…/schakel-access-log.db`.
fn access_log_path(url: &str) -> String {
    let path = url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    match path.strip_suffix(".db") {
        Some(stem) => format!("{stem}-access-log.db"),
        None => format!("{path}-access-log"),
    }
}

/// Turns a boolean into the integer both backends store.
pub(crate) fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// Parses a SQLite/PostgreSQL URL's path for the data directory default.
pub fn sqlite_url_for(path: &std::path::Path) -> String {
    format!("sqlite://{}", path.display())
}

impl FromStr for Backend {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self> {
        Backend::from_url(s)
    }
}

impl Store {
    /// Runs one administrative statement (tests: create/drop a database). Not for user input.
    pub async fn execute_admin(&self, statement: &str) -> Result<()> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
            .execute(&self.write)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    /// On SQLite a bare parameter after `LIMIT` or `LIKE` marks the prepared statement as depending on the bound
    /// value, so it is compiled again on every run; `CAST($n AS …)` keeps the plan (ADR 006, BENCHMARKS.md).
    #[test]
    fn no_bare_parameter_after_limit_offset_or_like() {
        let sources = [
            ("lib.rs", include_str!("lib.rs")),
            ("audit.rs", include_str!("audit.rs")),
            ("casework/mod.rs", include_str!("casework/mod.rs")),
            ("casework/read.rs", include_str!("casework/read.rs")),
            ("casework/write.rs", include_str!("casework/write.rs")),
            ("school_reports.rs", include_str!("school_reports.rs")),
            ("org.rs", include_str!("org.rs")),
            ("rows.rs", include_str!("rows.rs")),
            ("social_map.rs", include_str!("social_map.rs")),
            ("taxonomy.rs", include_str!("taxonomy.rs")),
            ("time.rs", include_str!("time.rs")),
            ("users.rs", include_str!("users.rs")),
            ("monitoring.rs", include_str!("monitoring.rs")),
            ("group.rs", include_str!("group.rs")),
            ("poll.rs", include_str!("poll.rs")),
            ("care_meeting.rs", include_str!("care_meeting.rs")),
            ("presence.rs", include_str!("presence.rs")),
            ("consents.rs", include_str!("consents.rs")),
            ("appointment.rs", include_str!("appointment.rs")),
        ];
        let bare = ["LIMIT", "OFFSET", "LIKE"].map(|w| format!("{w} $"));
        for (file, source) in sources {
            for (n, line) in source.lines().enumerate() {
                for word in &bare {
                    assert!(
                        !line.contains(word.as_str()),
                        "{file}:{}: `{word}` without CAST",
                        n + 1
                    );
                }
            }
        }
    }

    #[test]
    fn the_access_log_file_sits_beside_the_data_file() {
        use super::access_log_path;
        assert_eq!(
            access_log_path("sqlite:///var/lib/schakel/schakel.db?mode=rwc"),
            "/var/lib/schakel/schakel-access-log.db"
        );
        assert_eq!(access_log_path("sqlite://data/x"), "data/x-access-log");
    }

    #[test]
    fn json_array_reads_the_same_on_both_backends() {
        use super::{Backend, json_array};
        let sqlite = json_array(
            Backend::Sqlite,
            &["id", "kind"],
            "SELECT id, kind FROM t",
            "id DESC",
        );
        let postgres = json_array(
            Backend::Postgres,
            &["id", "kind"],
            "SELECT id, kind FROM t",
            "id DESC",
        );
        assert_eq!(
            sqlite,
            "(SELECT json_group_array(json_object('id', t.id, 'kind', t.kind) ORDER BY t.id DESC) FROM (SELECT id, kind FROM t) t)"
        );
        assert!(postgres.contains(
            "json_agg(json_build_object('id', t.id, 'kind', t.kind) ORDER BY t.id DESC)"
        ));
        assert!(
            postgres.contains("COALESCE("),
            "an empty part is [] on PostgreSQL too, not NULL"
        );
    }
}
