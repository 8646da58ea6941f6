//! Opening a case file (logged as a read), the case lists, editing the case's own fields and its tasks.

use super::input::invalid;
use super::scope::{may_open, own_worker};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::input::{Fields, date as field_date, text as field_text, version};
use schakel_domain::timeline::{CaseChange, TimelineEvent};
use schakel_store::{Case, CaseFile, CaseFilter, CaseFormLists, Newest, StoreError};
use serde::{Deserialize, Serialize};

/// Logs the opening of case `id`: "ok" with its basis, or the refusal.
async fn log_case_read(state: &AppState, ctx: &Ctx, id: i64, opened: bool) -> Result<(), AppError> {
    let mut event = ctx.event(
        AuditAction::Read,
        "case",
        Some(id.to_string()),
        if opened { "ok" } else { "denied" },
    );
    if opened {
        event.basis = format!("{}; assigned", event.basis);
    }
    state.log(event).await?;
    Ok(())
}

/// Opens a case file for reading; every opening is logged, a refusal too.
pub async fn open_case(state: &AppState, ctx: &Ctx, id: i64) -> Result<CaseFile, AppError> {
    open_case_recent(state, ctx, id, Newest::ALL).await
}

/// Opens a case file with only the newest `recent` contacts and timeline entries (the page's default view).
pub async fn open_case_recent(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    recent: Newest,
) -> Result<CaseFile, AppError> {
    let case = match state.store().case(id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    if !may_open(state, ctx, &case).await? {
        log_case_read(state, ctx, id, false).await?;
        return Err(AppError::NotFound);
    }
    let file = state.store().case_file_of(case, recent).await?;
    log_case_read(state, ctx, id, true).await?;
    Ok(file)
}

/// Opens a case file for its page: the file (newest `recent` entries) and what the page's forms offer, read
/// on one connection (ADR 007). Logged like [`open_case_recent`].
pub async fn open_case_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    recent: Newest,
) -> Result<(CaseFile, CaseFormLists), AppError> {
    let p = ctx.principal()?;
    let worker = own_worker(state, ctx).await?.map(|w| w.id);
    let page = match state.store().case_page(id, recent, p, worker).await {
        Ok(page) => page,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    log_case_read(state, ctx, id, page.is_some()).await?;
    page.ok_or(AppError::NotFound)
}

/// The case list (own cases for a worker, the team's for a team lead; `query` searches), logged as a read — a
/// search — of every case it holds (ADR 024).
pub async fn cases(
    state: &AppState,
    ctx: &Ctx,
    query: Option<String>,
    open_only: bool,
) -> Result<Vec<Case>, AppError> {
    let action = if query.is_some() {
        AuditAction::Search
    } else {
        AuditAction::Read
    };
    let list = cases_in_scope(state, ctx, query, open_only).await?;
    super::log_list(state, ctx, action, "case", list.iter().map(|c| c.id)).await?;
    Ok(list)
}

/// The open cases in scope for counts that show no case (the caseload per worker on the team lead's home page):
/// logged once, as a read of the list without ids.
pub async fn cases_counted(state: &AppState, ctx: &Ctx) -> Result<Vec<Case>, AppError> {
    let list = cases_in_scope(state, ctx, None, true).await?;
    state
        .log(ctx.event(AuditAction::Read, "case", None, "ok"))
        .await?;
    Ok(list)
}

/// The cases in the principal's scope, not logged: the caller logs what it shows.
pub(crate) async fn cases_in_scope(
    state: &AppState,
    ctx: &Ctx,
    query: Option<String>,
    open_only: bool,
) -> Result<Vec<Case>, AppError> {
    let p = ctx.principal()?;
    let mut f = CaseFilter {
        query,
        open_only,
        limit: 500,
        organisation_id: p.organisation_id,
        ..Default::default()
    };
    match p.role {
        Role::SocialWorker => {
            f.worker_id = Some(own_worker(state, ctx).await?.map(|w| w.id).unwrap_or(-1))
        }
        Role::TeamLead => f.team_id = p.team_id,
        _ => return Err(AppError::Forbidden),
    }
    Ok(state.store().list_cases(&f).await?)
}

/// Checks access and that the case is open, for a change.
pub(crate) async fn for_change(state: &AppState, ctx: &Ctx, id: i64) -> Result<Case, AppError> {
    let case = state.store().case(id).await?;
    if !may_open(state, ctx, &case).await? {
        state
            .log(ctx.event(AuditAction::Change, "case", Some(id.to_string()), "denied"))
            .await?;
        return Err(AppError::NotFound);
    }
    Ok(case)
}

pub(crate) async fn finish(
    state: &AppState,
    ctx: &Ctx,
    mut tx: schakel_store::WriteTx,
    case_id: i64,
    event: TimelineEvent,
    detail: &str,
) -> Result<(), AppError> {
    let p = ctx.principal()?;
    let now = state.now();
    tx.record_event(case_id, Some(p.user_id), &event, detail, now)
        .await?;
    tx.touch_case(case_id, now).await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(case_id.to_string()), "ok"),
        )
        .await
}

pub(crate) fn open_only(case: &Case) -> Result<(), AppError> {
    if case.status() != schakel_domain::casework::CaseStatus::Open {
        return Err(invalid(
            "status",
            "Dit dossier is gesloten.",
            "This case file is closed.",
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct CaseEdit {
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub safety_concern: bool,
    #[serde(default)]
    pub review_on: String,
    pub version: Option<i64>,
}

/// Changes the case summary, safety flag and review date — refused with the newer content when stale.
pub async fn edit_case(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &CaseEdit,
) -> Result<Case, AppError> {
    let case = for_change(state, ctx, id).await?;
    let mut f = Fields::new();
    let summary = f.take(field_text("summary", &input.summary, 8000, false));
    let review = if input.review_on.trim().is_empty() {
        Some(None)
    } else {
        f.take(field_date("review_on", &input.review_on))
            .map(|d| Some(d.to_string()))
    };
    let version = f.take(version(input.version));
    let (summary, (review, version)) = f
        .finish((|| Some((summary?, (review?, version?))))())
        .map_err(AppError::Validation)?;
    let now = state.now();
    let mut tx = state.store().begin().await?;
    match tx
        .update_case(
            id,
            version,
            &summary,
            input.safety_concern,
            review.as_deref(),
            now,
        )
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            let current = state.store().case(id).await?;
            state
                .log(ctx.event(
                    AuditAction::Change,
                    "case",
                    Some(id.to_string()),
                    "conflict",
                ))
                .await?;
            return Err(AppError::Conflict {
                current: serde_json::to_value(&current).unwrap_or_default(),
            });
        }
        Err(e) => return Err(e.into()),
    }
    let p = ctx.principal()?;
    let mut changes = Vec::new();
    if summary != case.summary {
        changes.push(CaseChange::Summary);
    }
    if input.safety_concern != *case.safety_concern {
        changes.push(if input.safety_concern {
            CaseChange::SafetyFlagged
        } else {
            CaseChange::SafetyCleared
        });
    }
    if review != case.review_on {
        changes.push(CaseChange::ReviewDate);
    }
    let detail = serde_json::json!({"before": {"summary": case.summary, "safety_concern": *case.safety_concern, "review_on": case.review_on}}).to_string();
    tx.record_event(
        id,
        Some(p.user_id),
        &TimelineEvent::Edited { changes },
        &detail,
        now,
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(id.to_string()), "ok"),
        )
        .await?;
    Ok(state.store().case(id).await?)
}

pub async fn add_task(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    description: &str,
    due_on: &str,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    open_only(&case)?;
    let mut f = Fields::new();
    let description = f.take(field_text("description", description, 500, true));
    let due = if due_on.trim().is_empty() {
        Some(None)
    } else {
        f.take(field_date("due_on", due_on))
            .map(|d| Some(d.to_string()))
    };
    let (description, due) = f
        .finish(description.zip(due))
        .map_err(AppError::Validation)?;
    let mut tx = state.store().begin().await?;
    tx.insert_task(id, &description, due.as_deref(), state.now())
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::TaskAdded {
            description: description.clone(),
        },
        "",
    )
    .await
}

pub async fn complete_task(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    task_id: i64,
) -> Result<(), AppError> {
    for_change(state, ctx, id).await?;
    let mut tx = state.store().begin().await?;
    tx.complete_task(id, task_id, &state.now().date_naive().to_string())
        .await?;
    finish(state, ctx, tx, id, TimelineEvent::TaskDone { task_id }, "").await
}

/// How many contacts or timeline entries one page of the API holds (the case page shows the same 50 first).
pub const PAGE_SIZE: i64 = 50;
/// The largest page a client may ask for.
pub const MAX_PAGE_SIZE: i64 = 200;

/// Which page of a case's contacts or timeline: older than `before` (an id from the previous page), `limit` at a time.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
pub struct PageQuery {
    /// The id of the last entry of the previous page (the `next` link carries it).
    #[serde(default)]
    pub before: Option<i64>,
    /// 1–200; 50 when absent.
    #[serde(default)]
    pub limit: Option<i64>,
}

impl PageQuery {
    fn limit(&self) -> Result<i64, AppError> {
        match self.limit {
            None => Ok(PAGE_SIZE),
            Some(n) if (1..=MAX_PAGE_SIZE).contains(&n) => Ok(n),
            Some(_) => Err(invalid(
                "limit",
                "Een pagina telt 1 tot 200 regels.",
                "A page holds 1 to 200 entries.",
            )),
        }
    }
}

/// A page of a case's contacts, newest first, and the cursor to the next (older) page. Checked and logged like
/// opening the case.
pub async fn contacts_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    q: &PageQuery,
) -> Result<(Vec<schakel_store::Contact>, Option<i64>), AppError> {
    let limit = q.limit()?;
    check_open(state, ctx, id).await?;
    let mut items = state
        .store()
        .case_contacts_page(id, q.before, limit + 1)
        .await?;
    let more = items.len() as i64 > limit;
    items.truncate(usize::try_from(limit).unwrap_or(0));
    let next = more.then(|| items.last().map(|c| c.id)).flatten();
    Ok((items, next))
}

/// A page of a case's timeline, newest first, like [`contacts_page`].
pub async fn events_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    q: &PageQuery,
) -> Result<(Vec<schakel_store::CaseEvent>, Option<i64>), AppError> {
    let limit = q.limit()?;
    check_open(state, ctx, id).await?;
    let mut items = state
        .store()
        .case_events_page(id, q.before, limit + 1)
        .await?;
    let more = items.len() as i64 > limit;
    items.truncate(usize::try_from(limit).unwrap_or(0));
    let next = more.then(|| items.last().map(|e| e.id)).flatten();
    for e in &mut items {
        e.text = e.text_in(ctx.lang);
    }
    Ok((items, next))
}

/// The access check of opening a case, logged the same way.
async fn check_open(state: &AppState, ctx: &Ctx, id: i64) -> Result<(), AppError> {
    let case = match state.store().case(id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let opened = may_open(state, ctx, &case).await?;
    log_case_read(state, ctx, id, opened).await?;
    if opened {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}
