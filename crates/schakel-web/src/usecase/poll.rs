//! Live polls at a group session (issue 13, item 2). The organiser (a worker or team lead of the organisation)
//! makes a poll of statements, opens it under a short code, watches the answers come in, closes it, adds paper
//! answers and exports the results. Participants answer without an account: the page knows their phone only by
//! a keyed hash of a random cookie (one answer per device per statement), and stores nothing about them.

use super::group::activity_to_change;
use super::input::{done, invalid};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::audit::AuditAction;
use schakel_domain::group::{self as rules, Likert, PollState};
use schakel_domain::input::{Fields, text as field_text};
use schakel_domain::org::FieldError;
use schakel_store::{Poll, PollStatement, StoreError};
use serde::{Deserialize, Serialize};

/// A new poll for a session.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct PollInput {
    #[serde(default)]
    pub title: String,
    /// 1–20 statements, answered from "strongly disagree" (1) to "strongly agree" (5).
    #[serde(default)]
    pub statements: Vec<String>,
}

/// Paper answers to one statement: the number per score 1–5 (replacing what was entered before).
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct PaperCounts {
    pub statement_id: i64,
    /// Five numbers: score 1 ("strongly disagree") to 5 ("strongly agree").
    pub counts: [i64; 5],
}

/// Paper answers to a poll's statements.
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct PaperInput {
    #[serde(default)]
    pub statements: Vec<PaperCounts>,
    /// Counts the page could not read (not a number), refused with the rest; never in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// The field of a statement's paper counts.
pub fn paper_field(statement_id: i64) -> String {
    format!("paper_{statement_id}")
}

/// The refusal of a statement's paper count out of range (or not a number).
pub fn paper_count_refused(statement_id: i64) -> FieldError {
    FieldError::new(
        &paper_field(statement_id),
        "Een aantal ligt tussen 0 en 10000.",
        "A number is between 0 and 10000.",
    )
}

/// One statement's results.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct StatementResult {
    pub id: i64,
    pub text: String,
    /// Answers in all (phones and paper).
    pub n: i64,
    /// Answers per score 1–5 (phones and paper together; index 0 is "strongly disagree").
    pub counts: [i64; 5],
    /// The share of each score in whole percents.
    pub percents: [i64; 5],
    /// Of `counts`, the paper answers.
    pub paper: [i64; 5],
}

/// A poll with its results so far.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct PollResults {
    #[serde(flatten)]
    pub poll: Poll,
    /// `draft`, `open` or `closed`.
    pub state: String,
    /// The most answers any statement has.
    pub n: i64,
    pub statements: Vec<StatementResult>,
}

fn poll_state(poll: &Poll, now: chrono::DateTime<chrono::Utc>) -> PollState {
    let at = |s: &Option<String>| s.as_deref().and_then(schakel_store::parse_timestamp);
    rules::poll_state(at(&poll.opened_at), at(&poll.closed_at), now)
}

/// A poll the reader may run: a worker or team lead of the activity's organisation.
async fn poll_to_run(state: &AppState, ctx: &Ctx, id: i64) -> Result<Poll, AppError> {
    let poll = match state.store().poll(id).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    activity_to_change(state, ctx, poll.activity_id).await?;
    Ok(poll)
}

/// Makes a poll for a session of an activity.
pub async fn create_poll(
    state: &AppState,
    ctx: &Ctx,
    activity_id: i64,
    session_id: i64,
    input: &PollInput,
) -> Result<i64, AppError> {
    activity_to_change(state, ctx, activity_id).await?;
    match state.store().group_session(session_id).await {
        Ok(s) if s.activity_id == activity_id => {}
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    }
    let mut f = Fields::new();
    let title = f.take(field_text("title", &input.title, 200, true));
    let statements = f.take(
        rules::statements(&input.statements.join("\n"))
            .map_err(|(field, nl, en)| FieldError::new(field, nl, en)),
    );
    let (title, statements) = f
        .finish(title.zip(statements))
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    let id = tx
        .insert_poll(
            session_id,
            &title,
            &statements,
            Some(ctx.principal()?.user_id),
            state.now(),
        )
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Create, "poll", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(id)
}

/// Opens a poll under a fresh short code; it takes answers until closed or for [`rules::POLL_HOURS`] hours.
pub async fn open_poll(state: &AppState, ctx: &Ctx, id: i64) -> Result<String, AppError> {
    let poll = poll_to_run(state, ctx, id).await?;
    if poll.opened_at.is_some() {
        return Err(invalid(
            "poll",
            "Deze peiling is al geopend.",
            "This poll has been opened already.",
        ));
    }
    for _ in 0..8 {
        let code = rules::poll_code(&crate::secrets::random_bytes::<{ rules::CODE_LENGTH }>());
        let mut tx = state.store().begin().await?;
        match tx.open_poll(id, &code, state.now()).await {
            Ok(()) => {
                state
                    .commit_logged(
                        tx,
                        ctx.event(AuditAction::Change, "poll", Some(id.to_string()), "ok"),
                    )
                    .await?;
                return Ok(code);
            }
            // Another poll has this code: draw again.
            Err(StoreError::Duplicate(_)) => continue,
            Err(StoreError::Conflict { .. }) => {
                return Err(invalid(
                    "poll",
                    "Deze peiling is al geopend.",
                    "This poll has been opened already.",
                ));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Err(AppError::internal("no free poll code"))
}

/// Closes a poll: its code takes no more answers.
pub async fn close_poll(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    poll_to_run(state, ctx, id).await?;
    let mut tx = state.store().begin().await?;
    tx.close_poll(id, state.now()).await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "poll", Some(id.to_string()), "ok"),
        )
        .await
}

/// The results so far (the organiser's screen asks every two seconds: no access-log entry, nothing personal).
pub async fn results(state: &AppState, ctx: &Ctx, id: i64) -> Result<PollResults, AppError> {
    let poll = poll_to_run(state, ctx, id).await?;
    let statements = state.store().poll_statements(id).await?;
    let counts = state.store().poll_counts(id).await?;
    let mut out = Vec::with_capacity(statements.len());
    for s in statements {
        let c = counts.iter().find(|c| c.statement_id == s.id);
        let mut total = [0_i64; 5];
        let mut paper = [0_i64; 5];
        if let Some(c) = c {
            for ((t, o), p) in total.iter_mut().zip(c.online).zip(c.paper) {
                *t = o + p;
            }
            paper = c.paper;
        }
        let (n, percents) = rules::shares(&total);
        out.push(StatementResult {
            id: s.id,
            text: s.text,
            n,
            counts: total,
            percents,
            paper,
        });
    }
    Ok(PollResults {
        state: poll_state(&poll, state.now()).code().to_string(),
        n: out.iter().map(|s| s.n).max().unwrap_or(0),
        poll,
        statements: out,
    })
}

/// Paper answers, entered by the organiser afterwards (or during): counts per score, replacing earlier ones.
pub async fn add_paper(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &PaperInput,
) -> Result<(), AppError> {
    poll_to_run(state, ctx, id).await?;
    let statements = state.store().poll_statements(id).await?;
    let mut errors = input.unreadable.clone();
    for s in &input.statements {
        if !statements.iter().any(|t| t.id == s.statement_id) {
            errors.push(FieldError::new(
                "statements",
                "Deze stelling hoort niet bij de peiling.",
                "This statement is not part of the poll.",
            ));
        } else if s.counts.iter().any(|n| !(0..=10_000).contains(n))
            && !errors
                .iter()
                .any(|e| e.field == paper_field(s.statement_id))
        {
            errors.push(paper_count_refused(s.statement_id));
        }
    }
    done(errors)?;
    let mut tx = state.store().begin().await?;
    for s in &input.statements {
        tx.set_paper_counts(s.statement_id, &s.counts).await?;
    }
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "poll", Some(id.to_string()), "ok"),
        )
        .await
}

/// A CSV cell that a spreadsheet will not read as a formula.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The results as CSV: one row per statement, the number per score, n and the paper answers; logged as an export.
pub async fn export_csv(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
) -> Result<(String, Vec<u8>), AppError> {
    let r = results(state, ctx, id).await?;
    let lang = ctx.lang;
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    let mut header = vec![
        lang.pick("stelling", "statement").to_string(),
        "n".to_string(),
    ];
    header.extend(Likert::ALL.iter().map(|l| l.label(lang).to_string()));
    header.push(
        lang.pick("waarvan op papier", "of which on paper")
            .to_string(),
    );
    w.write_record(&header).map_err(AppError::internal)?;
    for s in &r.statements {
        let mut row = vec![cell(&s.text), s.n.to_string()];
        row.extend(s.counts.iter().map(i64::to_string));
        row.push(s.paper.iter().sum::<i64>().to_string());
        w.write_record(&row).map_err(AppError::internal)?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    state
        .log(ctx.event(AuditAction::Export, "poll", Some(id.to_string()), "ok"))
        .await?;
    Ok((format!("peiling-{id}.csv"), bytes))
}

/// What a participant's phone sees: an open poll's statements; "not found" for an unknown, unopened, closed or
/// expired code.
pub async fn open_poll_by_code(
    state: &AppState,
    code: &str,
) -> Result<(Poll, Vec<PollStatement>), AppError> {
    let code = rules::normalise_code(code).ok_or(AppError::NotFound)?;
    let poll = match state.store().poll_by_code(&code).await {
        Ok(p) => p,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if poll_state(&poll, state.now()) != PollState::Open {
        return Err(AppError::NotFound);
    }
    let statements = state.store().poll_statements(poll.id).await?;
    Ok((poll, statements))
}

/// A participant's answers (statement id, score 1–5): each statement once per device — a second answer is
/// ignored; statements of another poll and scores outside 1–5 are refused. Gives how many were stored.
pub async fn answer(
    state: &AppState,
    code: &str,
    device_hash: &str,
    answers: &[(i64, Option<i64>)],
) -> Result<usize, AppError> {
    let (_, statements) = open_poll_by_code(state, code).await?;
    let mut scored = Vec::with_capacity(answers.len());
    for (statement, score) in answers {
        match score.filter(|s| Likert::from_score(*s).is_some()) {
            Some(score) if statements.iter().any(|s| s.id == *statement) => {
                scored.push((statement, score));
            }
            _ => {
                return Err(invalid(
                    "answers",
                    "Kies bij een stelling een van de vijf antwoorden.",
                    "Choose one of the five answers for a statement.",
                ));
            }
        }
    }
    let mut stored = 0;
    let mut tx = state.store().begin().await?;
    for (statement, score) in scored {
        if tx
            .answer_poll(*statement, device_hash, score, state.now())
            .await?
        {
            stored += 1;
        }
    }
    tx.commit().await?;
    Ok(stored)
}
