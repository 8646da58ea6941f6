//! Live polls at a group session (issue 13, item 2): statements answered on a five-point scale by phones without
//! an account (one answer per device per statement, the device known only by a keyed hash of a random cookie),
//! and paper answers added afterwards as counts per option.

use crate::{Result, Store, StoreError, WriteTx, timestamp};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::Row;

/// A poll of a group session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Poll {
    pub id: i64,
    pub session_id: i64,
    pub activity_id: i64,
    pub organisation_id: i64,
    pub title: String,
    /// The short code participants type (set when the poll is opened).
    pub code: Option<String>,
    pub opened_at: Option<String>,
    pub closed_at: Option<String>,
}

/// A statement of a poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PollStatement {
    pub id: i64,
    pub position: i64,
    pub text: String,
}

/// The answers to one statement: per score 1–5, from phones and from paper.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StatementCounts {
    pub statement_id: i64,
    /// Answers given on a phone, per score (index 0 is score 1, "strongly disagree").
    pub online: [i64; 5],
    /// Answers from paper, per score.
    pub paper: [i64; 5],
}

const POLL_COLUMNS: &str = "p.id, p.session_id, g.activity_id, a.organisation_id, p.title, p.code, p.opened_at, p.closed_at \
     FROM polls p JOIN group_sessions g ON g.id = p.session_id JOIN group_activities a ON a.id = g.activity_id";

fn poll_of(r: &sqlx::any::AnyRow) -> Result<Poll> {
    Ok(Poll {
        id: r.try_get(0)?,
        session_id: r.try_get(1)?,
        activity_id: r.try_get(2)?,
        organisation_id: r.try_get(3)?,
        title: r.try_get(4)?,
        code: r.try_get(5)?,
        opened_at: r.try_get(6)?,
        closed_at: r.try_get(7)?,
    })
}

fn slot(counts: &mut [i64; 5], score: i64) -> Option<&mut i64> {
    usize::try_from(score - 1)
        .ok()
        .and_then(|i| counts.get_mut(i))
}

impl Store {
    pub async fn poll(&self, id: i64) -> Result<Poll> {
        let row = sqlx::query(sql!("SELECT ", POLL_COLUMNS, " WHERE p.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        poll_of(&row)
    }

    pub async fn poll_by_code(&self, code: &str) -> Result<Poll> {
        let row = sqlx::query(sql!("SELECT ", POLL_COLUMNS, " WHERE p.code = $1"))
            .bind(code)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)?;
        poll_of(&row)
    }

    /// The polls of an activity's sessions, oldest first.
    pub async fn polls_of_activity(&self, activity_id: i64) -> Result<Vec<Poll>> {
        sqlx::query(sql!(
            "SELECT ",
            POLL_COLUMNS,
            " WHERE g.activity_id = $1 ORDER BY p.id"
        ))
        .bind(activity_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(poll_of)
        .collect()
    }

    pub async fn poll_statements(&self, poll_id: i64) -> Result<Vec<PollStatement>> {
        sqlx::query(
            "SELECT id, position, text FROM poll_statements WHERE poll_id = $1 ORDER BY position, id",
        )
        .bind(poll_id)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| {
            Ok(PollStatement {
                id: r.try_get(0)?,
                position: r.try_get(1)?,
                text: r.try_get(2)?,
            })
        })
        .collect()
    }

    /// The answers per statement of a poll, in the statements' order.
    pub async fn poll_counts(&self, poll_id: i64) -> Result<Vec<StatementCounts>> {
        let statements = self.poll_statements(poll_id).await?;
        let mut out: Vec<StatementCounts> = statements
            .iter()
            .map(|s| StatementCounts {
                statement_id: s.id,
                online: [0; 5],
                paper: [0; 5],
            })
            .collect();
        let online = sqlx::query(
            "SELECT a.statement_id, a.score, COUNT(*) FROM poll_answers a JOIN poll_statements s ON s.id = a.statement_id \
             WHERE s.poll_id = $1 GROUP BY a.statement_id, a.score",
        )
        .bind(poll_id)
        .fetch_all(self.reader())
        .await?;
        let paper = sqlx::query(
            "SELECT c.statement_id, c.score, c.answers FROM poll_paper_counts c JOIN poll_statements s ON s.id = c.statement_id \
             WHERE s.poll_id = $1",
        )
        .bind(poll_id)
        .fetch_all(self.reader())
        .await?;
        for (rows, is_paper) in [(online, false), (paper, true)] {
            for r in rows {
                let statement: i64 = r.try_get(0)?;
                let score: i64 = r.try_get(1)?;
                let n: i64 = r.try_get(2)?;
                if let Some(c) = out.iter_mut().find(|c| c.statement_id == statement) {
                    let counts = if is_paper {
                        &mut c.paper
                    } else {
                        &mut c.online
                    };
                    if let Some(v) = slot(counts, score) {
                        *v += n;
                    }
                }
            }
        }
        Ok(out)
    }

    /// The statements of a poll this device answered already.
    pub async fn answered_by_device(&self, poll_id: i64, device_hash: &str) -> Result<Vec<i64>> {
        sqlx::query(
            "SELECT a.statement_id FROM poll_answers a JOIN poll_statements s ON s.id = a.statement_id \
             WHERE s.poll_id = $1 AND a.device_hash = $2",
        )
        .bind(poll_id)
        .bind(device_hash)
        .fetch_all(self.reader())
        .await?
        .iter()
        .map(|r| Ok(r.try_get(0)?))
        .collect()
    }
}

impl WriteTx {
    /// A poll with its statements, not yet open.
    pub async fn insert_poll(
        &mut self,
        session_id: i64,
        title: &str,
        statements: &[String],
        created_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO polls (session_id, title, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(session_id)
        .bind(title)
        .bind(created_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        let id: i64 = row.try_get(0)?;
        for (position, text) in (1_i64..).zip(statements) {
            sqlx::query(
                "INSERT INTO poll_statements (poll_id, position, text) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(position)
            .bind(text)
            .execute(self.conn())
            .await?;
        }
        Ok(id)
    }

    /// The id of a poll's statement at a position (1 is the first).
    pub async fn poll_statement_id(&mut self, poll_id: i64, position: i64) -> Result<i64> {
        let row =
            sqlx::query("SELECT id FROM poll_statements WHERE poll_id = $1 AND position = $2")
                .bind(poll_id)
                .bind(position)
                .fetch_optional(self.conn())
                .await?
                .ok_or(StoreError::NotFound)?;
        Ok(row.try_get(0)?)
    }

    /// Opens a poll under a code; a code in use already is `Duplicate("code")` (draw another).
    pub async fn open_poll(&mut self, id: i64, code: &str, now: DateTime<Utc>) -> Result<()> {
        let done = sqlx::query(
            "UPDATE polls SET code = $2, opened_at = $3 WHERE id = $1 AND opened_at IS NULL",
        )
        .bind(id)
        .bind(code)
        .bind(timestamp(now))
        .execute(self.conn())
        .await
        .map_err(StoreError::unique("code"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict { current_version: 0 });
        }
        Ok(())
    }

    /// Closes a poll (once; a closed poll stays closed).
    pub async fn close_poll(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE polls SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL")
            .bind(id)
            .bind(timestamp(now))
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A device's answer to a statement; `false` when this device answered it before (the first answer stands).
    pub async fn answer_poll(
        &mut self,
        statement_id: i64,
        device_hash: &str,
        score: i64,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        let done = sqlx::query(
            "INSERT INTO poll_answers (statement_id, device_hash, score, answered_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (statement_id, device_hash) DO NOTHING",
        )
        .bind(statement_id)
        .bind(device_hash)
        .bind(score)
        .bind(timestamp(now))
        .execute(self.conn())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The paper answers to a statement: the number per score, replacing what was entered before.
    pub async fn set_paper_counts(&mut self, statement_id: i64, counts: &[i64; 5]) -> Result<()> {
        for (score, n) in (1_i64..).zip(counts) {
            sqlx::query(
                "INSERT INTO poll_paper_counts (statement_id, score, answers) VALUES ($1, $2, $3) \
                 ON CONFLICT (statement_id, score) DO UPDATE SET answers = excluded.answers",
            )
            .bind(statement_id)
            .bind(score)
            .bind(n)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }
}
