//! The access log: appended in batches by one writer, searched by the privacy officer, verified by
//! `schakel audit verify`. A change stages its entry in its own transaction (`stage_audit`); the writer moves
//! staged entries into the chain (ADR 008).

use crate::{Backend, Result, Store, StoreError, WriteTx};
use schakel_domain::audit::{AuditEntry, AuditEvent, ChainBreak, GENESIS_HASH, link, verify_chain};
use sqlx::Row;
use std::sync::atomic::Ordering;

const ENTRY_COLS: &str = "seq, at, user_id, username, role, organisation_id, action, subject_kind, subject_id, \
     route, method, client_addr, outcome, basis, prev_hash, entry_hash";

fn event_from_row(r: &sqlx::any::AnyRow) -> Result<AuditEvent> {
    Ok(AuditEvent {
        at: r.try_get("at")?,
        user_id: r.try_get("user_id")?,
        username: r.try_get("username")?,
        role: r.try_get("role")?,
        organisation_id: r.try_get("organisation_id")?,
        action: r.try_get("action")?,
        subject_kind: r.try_get("subject_kind")?,
        subject_id: r.try_get("subject_id")?,
        route: r.try_get("route")?,
        method: r.try_get("method")?,
        client_addr: r.try_get("client_addr")?,
        outcome: r.try_get("outcome")?,
        basis: r.try_get("basis")?,
    })
}

fn entry_from_row(r: &sqlx::any::AnyRow) -> Result<AuditEntry> {
    Ok(AuditEntry {
        seq: r.try_get("seq")?,
        event: event_from_row(r)?,
        prev_hash: r.try_get("prev_hash")?,
        entry_hash: r.try_get("entry_hash")?,
    })
}

/// What the privacy officer searches by: a person (subject id), a user, a period.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    pub username: Option<String>,
    /// Inclusive lower bound, RFC 3339 or a date `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Exclusive upper bound.
    pub until: Option<String>,
    /// Only entries about these subjects (kind, id), e.g. the cases and referrals of one child;
    /// `Some(vec![])` finds nothing.
    pub subjects: Option<Vec<(String, String)>>,
    /// Only entries whose authorisation basis starts with this (e.g. `legal_ground`: every share
    /// without consent); letters, digits, `_` and `:` only.
    pub basis_prefix: Option<String>,
    /// Only what concerns this organisation: entries of its users; of users of no organisation
    /// (school contacts, the municipality, unknown sign-ins — a refused attempt on one of its cases
    /// may name no case); and of anyone about its cases and referrals. Entries of another
    /// organisation's users about that organisation stay hidden. `None`: the whole log.
    pub organisation_id: Option<i64>,
    pub limit: i64,
}

/// At most this many subjects in one search (one child has a handful of cases and referrals).
pub const MAX_SUBJECTS: usize = 200;

/// The result of checking the whole chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuditVerification {
    Intact { entries: i64 },
    Broken(ChainBreak),
}

/// Most entries one INSERT writes (16 values each: well under both backends' parameter limits).
const INSERT_ROWS: usize = 16;

/// `INSERT … VALUES (…), (…)` for `rows` entries, built once per size (so at most `INSERT_ROWS` statements are
/// prepared).
fn insert_statement(rows: usize) -> &'static str {
    static STATEMENTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        (1..=INSERT_ROWS)
            .map(|rows| {
                let values: Vec<String> = (0..rows)
                    .map(|r| {
                        let params: Vec<String> = (1..=16).map(|c| format!("${}", r * 16 + c)).collect();
                        format!("({})", params.join(", "))
                    })
                    .collect();
                format!(
                    "INSERT INTO access_log (seq, at, user_id, username, role, organisation_id, action, subject_kind, \
                     subject_id, route, method, client_addr, outcome, basis, prev_hash, entry_hash) VALUES {}",
                    values.join(", ")
                )
            })
            .collect()
    });
    #[expect(
        clippy::indexing_slicing,
        reason = "clamped to 1..=INSERT_ROWS, the vector's length"
    )]
    STATEMENTS[rows.clamp(1, INSERT_ROWS) - 1].as_str()
}

/// Most staged entries one log transaction moves into the chain.
const STAGED_PER_TRANSACTION: i64 = 256;

const EVENT_COLS: &str = "at, user_id, username, role, organisation_id, action, subject_kind, subject_id, route, method, \
     client_addr, outcome, basis";

/// `INSERT INTO access_log_appended (outbox_id) VALUES ($1), ($2), …` for `rows` ids (at most `INSERT_ROWS`).
fn remember_appended_statement(rows: usize) -> &'static str {
    static STATEMENTS: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
        (1..=INSERT_ROWS)
            .map(|rows| {
                let values: Vec<String> = (1..=rows).map(|n| format!("(${n})")).collect();
                format!(
                    "INSERT INTO access_log_appended (outbox_id) VALUES {}",
                    values.join(", ")
                )
            })
            .collect()
    });
    #[expect(
        clippy::indexing_slicing,
        reason = "clamped to 1..=INSERT_ROWS, the vector's length"
    )]
    STATEMENTS[rows.clamp(1, INSERT_ROWS) - 1].as_str()
}

impl WriteTx {
    /// Stages the access-log entry of the change this transaction makes: it commits, or rolls back, with the
    /// change, so a crash after the commit cannot leave the change without its entry. The log writer moves it
    /// into the chain (`Store::append_to_access_log`); a start-up moves whatever a crash left behind.
    pub async fn stage_audit(&mut self, event: &AuditEvent) -> Result<()> {
        sqlx::query(sql!(
            "INSERT INTO access_log_outbox (",
            EVENT_COLS,
            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ))
        .bind(&event.at)
        .bind(event.user_id)
        .bind(&event.username)
        .bind(&event.role)
        .bind(event.organisation_id)
        .bind(&event.action)
        .bind(&event.subject_kind)
        .bind(&event.subject_id)
        .bind(&event.route)
        .bind(&event.method)
        .bind(&event.client_addr)
        .bind(&event.outcome)
        .bind(&event.basis)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// On PostgreSQL an advisory lock keeps two application instances from forking the chain (and from appending
    /// one staged entry twice); it is held until the transaction ends.
    async fn lock_chain(&mut self) -> Result<()> {
        if self.backend() == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_xact_lock(7513)")
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }

    /// The oldest staged entries not yet in the chain, with their outbox ids.
    async fn staged_not_appended(&mut self) -> Result<Vec<(i64, AuditEvent)>> {
        let rows = sqlx::query(sql!(
            "SELECT id, ",
            EVENT_COLS,
            " FROM access_log_outbox o WHERE NOT EXISTS \
             (SELECT 1 FROM access_log_appended a WHERE a.outbox_id = o.id) ORDER BY id LIMIT CAST($1 AS BIGINT)"
        ))
        .bind(STAGED_PER_TRANSACTION)
        .fetch_all(self.conn())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("id")?, event_from_row(r)?)))
            .collect()
    }

    /// Appends events to the chain in order, within this transaction.
    pub async fn append_audit(&mut self, events: Vec<AuditEvent>) -> Result<Vec<AuditEntry>> {
        self.lock_chain().await?;
        let last = sqlx::query("SELECT seq, entry_hash FROM access_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(self.conn())
            .await?;
        let (mut seq, mut hash) = match last {
            Some(r) => (r.try_get::<i64, _>(0)?, r.try_get::<String, _>(1)?),
            None => (0, GENESIS_HASH.to_string()),
        };
        let mut out = Vec::with_capacity(events.len());
        for event in events {
            let e = link(seq, &hash, event);
            seq = e.seq;
            hash = e.entry_hash.clone();
            out.push(e);
        }
        // One statement per up to INSERT_ROWS entries: a batch of 40 entries is 3 statements, not 40.
        for chunk in out.chunks(INSERT_ROWS) {
            let mut insert = sqlx::query(insert_statement(chunk.len()));
            for e in chunk {
                insert = insert
                    .bind(e.seq)
                    .bind(&e.event.at)
                    .bind(e.event.user_id)
                    .bind(&e.event.username)
                    .bind(&e.event.role)
                    .bind(e.event.organisation_id)
                    .bind(&e.event.action)
                    .bind(&e.event.subject_kind)
                    .bind(&e.event.subject_id)
                    .bind(&e.event.route)
                    .bind(&e.event.method)
                    .bind(&e.event.client_addr)
                    .bind(&e.event.outcome)
                    .bind(&e.event.basis)
                    .bind(&e.prev_hash)
                    .bind(&e.entry_hash);
            }
            insert.execute(self.conn()).await?;
        }
        Ok(out)
    }
}

impl Store {
    /// Appends `events` to the chain; with `with_staged` also every staged entry of a committed change (oldest
    /// first), in transactions of at most `STAGED_PER_TRANSACTION` of them.
    ///
    /// Each transaction writes the chain entries and the outbox ids they came from (`access_log_appended`)
    /// together; only afterwards are those outbox rows deleted. On SQLite the outbox is in the data file and the
    /// chain in the log file, and one transaction over two WAL files is not atomic: this order means a crash can
    /// leave an appended entry in the outbox, never an outbox row gone without its entry, and the remembered ids
    /// keep such a row from being appended twice.
    pub async fn append_to_access_log(
        &self,
        events: Vec<AuditEvent>,
        with_staged: bool,
    ) -> Result<()> {
        if self.log_appends_fail.load(Ordering::Relaxed) {
            return Err(StoreError::Config(
                "access-log appends are switched off (fault injection)".into(),
            ));
        }
        let mut events = events;
        loop {
            let mut tx = self.begin().await?;
            tx.lock_chain().await?;
            let staged = if with_staged {
                // Ids whose outbox rows are gone (deleted after an earlier append) are never given out again.
                sqlx::query(
                    "DELETE FROM access_log_appended WHERE outbox_id NOT IN (SELECT id FROM access_log_outbox)",
                )
                .execute(tx.conn())
                .await?;
                tx.staged_not_appended().await?
            } else {
                Vec::new()
            };
            let more = staged.len() as i64 == STAGED_PER_TRANSACTION;
            let mut batch = std::mem::take(&mut events);
            let mut appended = Vec::with_capacity(staged.len());
            for (outbox_id, event) in staged {
                appended.push(outbox_id);
                batch.push(event);
            }
            if batch.is_empty() {
                break;
            }
            tx.append_audit(batch).await?;
            for chunk in appended.chunks(INSERT_ROWS) {
                let mut remember = sqlx::query(remember_appended_statement(chunk.len()));
                for outbox_id in chunk {
                    remember = remember.bind(outbox_id);
                }
                remember.execute(tx.conn()).await?;
            }
            tx.commit().await?;
            if !more {
                break;
            }
        }
        if with_staged {
            let mut tx = self.begin().await?;
            sqlx::query(
                "DELETE FROM access_log_outbox WHERE id IN (SELECT outbox_id FROM access_log_appended)",
            )
            .execute(tx.conn())
            .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// Test support: while on, every access-log append fails as if the log could not be written (the entries a
    /// change staged stay in the outbox). Nothing in the application switches it on.
    #[doc(hidden)]
    pub fn fail_log_appends(&self, on: bool) {
        self.log_appends_fail.store(on, Ordering::Relaxed);
    }

    /// Rows in the access-log outbox: staged entries of committed changes not yet moved into the chain (or
    /// moved, and not yet removed).
    pub async fn staged_audit_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM access_log_outbox")
            .fetch_one(self.reader())
            .await?
            .try_get(0)?)
    }

    /// Newest first.
    pub async fn search_audit(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>> {
        let subjects = match &f.subjects {
            Some(s) if s.is_empty() => return Ok(Vec::new()),
            Some(s) => s.get(..MAX_SUBJECTS).unwrap_or(s),
            None => &[][..],
        };
        // One pair of placeholders per subject, numbered after the eight fixed ones; only numbers
        // are formatted into the statement, every value is bound.
        let subject_clause = if subjects.is_empty() {
            String::new()
        } else {
            let pairs: Vec<String> = (0..subjects.len())
                .map(|i| {
                    format!(
                        "(subject_kind = ${} AND subject_id = ${})",
                        9 + 2 * i,
                        10 + 2 * i
                    )
                })
                .collect();
            format!(" AND ({})", pairs.join(" OR "))
        };
        let statement = format!(
            "SELECT {ENTRY_COLS} FROM access_log WHERE ($1 IS NULL OR subject_kind = $1) AND ($2 IS NULL OR subject_id = $2) \
             AND ($3 IS NULL OR username = $3) AND ($4 IS NULL OR at >= $4) AND ($5 IS NULL OR at < $5) \
             AND ($7 IS NULL OR basis LIKE CAST($7 AS TEXT) ESCAPE '\\') \
             AND ($8 IS NULL OR organisation_id = $8 OR organisation_id IS NULL \
                  OR (subject_kind = 'case' AND subject_id IN (SELECT CAST(id AS TEXT) FROM cases WHERE organisation_id = $8)) \
                  OR (subject_kind = 'referral' AND subject_id IN (SELECT CAST(id AS TEXT) FROM referrals WHERE organisation_id = $8))){subject_clause} \
             ORDER BY seq DESC LIMIT CAST($6 AS BIGINT)"
        );
        // The prefix holds no LIKE wildcards: the web layer admits only letters, digits, `_` and `:`,
        // and `_` is escaped here.
        let basis_pattern = f
            .basis_prefix
            .as_ref()
            .map(|p| format!("{}%", p.replace('_', "\\_")));
        let mut query = sqlx::query(sqlx::AssertSqlSafe(statement))
            .bind(&f.subject_kind)
            .bind(&f.subject_id)
            .bind(&f.username)
            .bind(&f.from)
            .bind(&f.until)
            .bind(f.limit.clamp(1, 5000))
            .bind(basis_pattern)
            .bind(f.organisation_id);
        for (kind, id) in subjects {
            query = query.bind(kind).bind(id);
        }
        let rows = query.fetch_all(self.reader()).await?;
        rows.iter().map(entry_from_row).collect()
    }

    /// The access-log subjects of a child, found by case number (exact) or name (part of it,
    /// accents and case ignored): the child's cases and referrals, within one organisation when
    /// given. For the privacy officer, who knows a child by name or case number, not by id.
    pub async fn audit_subjects_of_child(
        &self,
        organisation_id: Option<i64>,
        query: &str,
    ) -> Result<Vec<(String, String)>> {
        let query = query.trim();
        let case_number = query.to_uppercase();
        let name = format!("%{}%", schakel_domain::text::fold(query));
        let rows = sqlx::query(
            "SELECT 'case' AS kind, CAST(k.id AS TEXT) AS id FROM cases k JOIN children c ON c.id = k.child_id \
             WHERE ($1 IS NULL OR k.organisation_id = $1) AND (k.child_id IN (SELECT child_id FROM cases WHERE UPPER(case_number) = $2) \
             OR c.name_folded LIKE CAST($3 AS TEXT)) \
             UNION SELECT 'referral' AS kind, CAST(r.id AS TEXT) AS id FROM referrals r JOIN children c ON c.id = r.child_id \
             WHERE ($1 IS NULL OR r.organisation_id = $1) AND (r.child_id IN (SELECT child_id FROM cases WHERE UPPER(case_number) = $2) \
             OR c.name_folded LIKE CAST($3 AS TEXT)) \
             UNION SELECT 'mandate_decision' AS kind, CAST(d.id AS TEXT) AS id FROM mandate_decisions d \
             JOIN cases k ON k.id = d.case_id JOIN children c ON c.id = k.child_id \
             WHERE ($1 IS NULL OR k.organisation_id = $1) AND (k.child_id IN (SELECT child_id FROM cases WHERE UPPER(case_number) = $2) \
             OR c.name_folded LIKE CAST($3 AS TEXT)) LIMIT 500",
        )
        .bind(organisation_id)
        .bind(&case_number)
        .bind(&name)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get("kind")?, r.try_get("id")?)))
            .collect()
    }

    pub async fn audit_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) FROM access_log")
            .fetch_one(self.reader())
            .await?
            .try_get(0)?)
    }

    /// Walks the whole chain in pages and names the first bad entry.
    pub async fn verify_audit(&self) -> Result<AuditVerification> {
        let mut seq = 0_i64;
        let mut hash = GENESIS_HASH.to_string();
        let mut count = 0_i64;
        loop {
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {ENTRY_COLS} FROM access_log WHERE seq > $1 ORDER BY seq LIMIT 5000"
            )))
            .bind(seq)
            .fetch_all(self.reader())
            .await?;
            if rows.is_empty() {
                return Ok(AuditVerification::Intact { entries: count });
            }
            let entries = rows
                .iter()
                .map(entry_from_row)
                .collect::<Result<Vec<_>>>()?;
            count += entries.len() as i64;
            match verify_chain(seq, &hash, &entries) {
                Ok((s, h)) => {
                    seq = s;
                    hash = h;
                }
                Err(b) => return Ok(AuditVerification::Broken(b)),
            }
        }
    }
}
