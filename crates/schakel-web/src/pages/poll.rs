//! Live polls (issue 13, item 2): the organiser's screen (code, QR code, results updating every two seconds with
//! htmx, or on a reload without JavaScript; paper answers; CSV) and the participant's page, reached without an
//! account.
//!
//! The participant's phone gets a random device cookie (HttpOnly, SameSite=Strict, path `/poll`); the store keeps
//! only a keyed hash of it, so one device answers each statement once and nobody is identified. The answer form
//! carries a second keyed hash of the cookie and the code: a post from another site has the cookie neither sent
//! (SameSite) nor readable, so it cannot forge the form (besides the origin check every page post gets).

use super::form::{Form, Values, number};
use super::{PageCtx, page_error, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::contract::Download;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::poll::{
    self as usecase, PaperCounts, PaperInput, PollResults, paper_count_refused, paper_field,
};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::group::{Likert, PollState};
use serde::Deserialize;

pub const DEVICE_COOKIE: &str = "schakel_poll_device";

/// One bar of a statement's chart.
pub struct Bar {
    pub label: &'static str,
    pub count: i64,
    pub percent: i64,
    pub y: i64,
    pub width: i64,
}

/// A statement as the organiser's screen shows it.
pub struct StatementView {
    pub id: i64,
    pub text: String,
    pub n: i64,
    pub desc: String,
    pub bars: Vec<Bar>,
    pub paper: [i64; 5],
}

/// The part of the organiser's screen that updates itself.
#[derive(Template)]
#[template(path = "poll_live.html")]
pub struct LiveFragment {
    pub page: PageCtx,
    pub id: i64,
    pub live: bool,
    pub n: i64,
    pub statements: Vec<StatementView>,
    pub labels: Vec<&'static str>,
}

#[derive(Template)]
#[template(path = "poll.html")]
struct PollPage {
    page: PageCtx,
    results: PollResults,
    state: PollState,
    state_label: &'static str,
    url: String,
    qr_svg: String,
    live: LiveFragment,
    /// The live part, rendered (escaped) by its own template.
    live_html: String,
    activity_title: String,
    error: Option<String>,
}

fn live_fragment(ctx: &Ctx, r: &PollResults) -> LiveFragment {
    let lang = ctx.lang;
    let statements = r
        .statements
        .iter()
        .map(|s| {
            let bars: Vec<Bar> = Likert::ALL
                .iter()
                .zip(s.counts.iter().zip(s.percents))
                .zip(0_i64..)
                .map(|((l, (count, percent)), i)| Bar {
                    label: l.label(lang),
                    count: *count,
                    percent,
                    y: i * 28,
                    width: percent * 2,
                })
                .collect();
            let desc = bars
                .iter()
                .map(|b| format!("{}: {} ({}%)", b.label, b.count, b.percent))
                .collect::<Vec<_>>()
                .join("; ");
            StatementView {
                id: s.id,
                text: s.text.clone(),
                n: s.n,
                desc: format!("n = {}. {desc}", s.n),
                bars,
                paper: s.paper,
            }
        })
        .collect();
    LiveFragment {
        page: ctx.page("group-activities"),
        id: r.poll.id,
        live: r.state == PollState::Open.code(),
        n: r.n,
        statements,
        labels: Likert::ALL.iter().map(|l| l.label(lang)).collect(),
    }
}

fn origin(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.config().behind_tls {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

async fn poll_page(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    error: Option<String>,
) -> Result<Response, AppError> {
    let results = usecase::results(state, ctx, id).await?;
    let activity = state
        .store()
        .group_activity(results.poll.activity_id)
        .await?;
    let poll_state = match results.state.as_str() {
        "open" => PollState::Open,
        "closed" => PollState::Closed,
        _ => PollState::Draft,
    };
    let url = match (&results.poll.code, poll_state) {
        (Some(code), PollState::Open) => format!("{}/poll/{code}", origin(state, headers)),
        _ => String::new(),
    };
    let qr_svg = if url.is_empty() {
        String::new()
    } else {
        super::account::qr_svg(&url)
    };
    let live = live_fragment(ctx, &results);
    let live_html = live.render().map_err(AppError::internal)?;
    Ok(render(&PollPage {
        page: ctx.page("group-activities"),
        live,
        live_html,
        results,
        state: poll_state,
        state_label: poll_state.label(ctx.lang),
        url,
        qr_svg,
        activity_title: activity.title,
        error,
    }))
}

/// The organiser's screen.
pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    match poll_page(&state, &ctx, &headers, id, None).await {
        Ok(r) => r,
        Err(e) => page_error(&ctx, e),
    }
}

/// The results part of the organiser's screen, asked every two seconds by htmx.
pub async fn live(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    match usecase::results(&state, &ctx, id).await {
        Ok(r) => render(&live_fragment(&ctx, &r)),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn open(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    after(
        &state,
        &ctx,
        &headers,
        id,
        usecase::open_poll(&state, &ctx, id).await.map(|_| ()),
    )
    .await
}

pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    after(
        &state,
        &ctx,
        &headers,
        id,
        usecase::close_poll(&state, &ctx, id).await,
    )
    .await
}

/// Paper answers: fields `paper_{statement}_{score}` (their names carry the statement, so the form is its pairs).
pub async fn paper(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(pairs): Form<Values>,
) -> Response {
    let mut input = PaperInput::default();
    for (key, value) in &pairs {
        let Some(rest) = key.strip_prefix("paper_") else {
            continue;
        };
        let Some((statement, score)) = rest.split_once('_') else {
            continue;
        };
        let (Some(statement_id), Some(score)) = (number::<i64>(statement), number::<i64>(score))
        else {
            continue;
        };
        let n = if value.trim().is_empty() {
            Some(0)
        } else {
            number(value)
        };
        if n.is_none()
            && !input
                .unreadable
                .iter()
                .any(|e| e.field == paper_field(statement_id))
        {
            input.unreadable.push(paper_count_refused(statement_id));
        }
        let entry = match input
            .statements
            .iter_mut()
            .position(|s| s.statement_id == statement_id)
        {
            Some(i) => input.statements.get_mut(i),
            None => {
                input.statements.push(PaperCounts {
                    statement_id,
                    counts: [0; 5],
                });
                input.statements.last_mut()
            }
        };
        if let Some(slot) = entry.and_then(|e| {
            usize::try_from(score - 1)
                .ok()
                .and_then(|i| e.counts.get_mut(i))
        }) {
            *slot = n.unwrap_or_default();
        }
    }
    after(
        &state,
        &ctx,
        &headers,
        id,
        usecase::add_paper(&state, &ctx, id, &input).await,
    )
    .await
}

async fn after(
    state: &AppState,
    ctx: &Ctx,
    headers: &HeaderMap,
    id: i64,
    r: Result<(), AppError>,
) -> Response {
    match r {
        Ok(()) => Redirect::to(&format!("/polls/{id}")).into_response(),
        Err(AppError::Validation(errors)) => {
            let mut messages: Vec<String> = Vec::new();
            for e in &errors {
                let m = ctx.lang.pick(e.message_nl.clone(), e.message_en.clone());
                if !messages.contains(&m) {
                    messages.push(m);
                }
            }
            let message = messages.join(" ");
            match poll_page(state, ctx, headers, id, Some(message)).await {
                Ok(mut res) => {
                    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(ctx, e),
            }
        }
        Err(e) => page_error(ctx, e),
    }
}

pub async fn export(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    match usecase::export_csv(&state, &ctx, id).await {
        Ok((filename, bytes)) => Download {
            filename,
            content_type: "text/csv; charset=utf-8".into(),
            bytes,
        }
        .into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

// ---------- the participant's side (no account) ----------

#[derive(Template)]
#[template(path = "poll_code.html")]
struct CodePage {
    page: PageCtx,
    code: String,
    error: Option<&'static str>,
}

/// A statement on the participant's form.
pub struct Question {
    pub id: i64,
    pub text: String,
    pub answered: bool,
}

#[derive(Template)]
#[template(path = "poll_answer.html")]
struct AnswerPage {
    page: PageCtx,
    code: String,
    title: String,
    questions: Vec<Question>,
    options: Vec<(&'static str, &'static str)>,
    device_check: String,
    sent: bool,
    error: Option<&'static str>,
}

impl AnswerPage {
    fn all_answered(&self) -> bool {
        self.questions.iter().all(|q| q.answered)
    }
}

/// A participant's page: no navigation, no name; the session's CSRF token only when someone signed in opens it.
fn participant_page(ctx: &Ctx) -> PageCtx {
    let mut page = ctx.page("");
    page.principal = None;
    page
}

#[derive(Deserialize, Default)]
pub struct CodeQuery {
    pub code: Option<String>,
    pub sent: Option<String>,
}

/// Where a participant types the code.
pub async fn code_form(ctx: Ctx, Query(q): Query<CodeQuery>) -> Response {
    if let Some(code) = q.code.as_deref().filter(|c| !c.trim().is_empty()) {
        return match schakel_domain::group::normalise_code(code) {
            Some(code) => Redirect::to(&format!("/poll/{code}")).into_response(),
            None => code_page(
                &ctx,
                code,
                StatusCode::UNPROCESSABLE_ENTITY,
                "poll.code_invalid",
            ),
        };
    }
    render(&CodePage {
        page: participant_page(&ctx),
        code: String::new(),
        error: None,
    })
}

fn code_page(ctx: &Ctx, code: &str, status: StatusCode, error: &str) -> Response {
    let mut res = render(&CodePage {
        page: participant_page(ctx),
        code: code.chars().take(20).collect(),
        error: Some(ctx.lang.t(error)),
    });
    *res.status_mut() = status;
    res
}

fn cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .filter_map(Result::ok)
        .find(|c| c.name() == name)
        .map(|c| c.value().to_string())
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn device_hash(state: &AppState, device: &str) -> String {
    state.token_hash(&format!("poll-device:{device}"))
}

fn device_check(state: &AppState, code: &str, device: &str) -> String {
    state.token_hash(&format!("poll-form:{code}:{device}"))
}

async fn answer_page(
    state: &AppState,
    ctx: &Ctx,
    code: &str,
    device: &str,
    sent: bool,
    error: Option<&'static str>,
) -> Result<Response, AppError> {
    let (poll, statements) = usecase::open_poll_by_code(state, code).await?;
    let code = poll.code.clone().unwrap_or_default();
    let answered = state
        .store()
        .answered_by_device(poll.id, &device_hash(state, device))
        .await?;
    Ok(render(&AnswerPage {
        page: participant_page(ctx),
        device_check: device_check(state, &code, device),
        code,
        title: poll.title,
        questions: statements
            .into_iter()
            .map(|s| Question {
                answered: answered.contains(&s.id),
                id: s.id,
                text: s.text,
            })
            .collect(),
        options: Likert::ALL
            .iter()
            .map(|l| (l.code(), l.label(ctx.lang)))
            .collect(),
        sent,
        error,
    }))
}

/// The statements of an open poll on a participant's phone; sets the device cookie on a first visit.
pub async fn answer_form(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<CodeQuery>,
) -> Response {
    let (device, fresh) = match cookie_value(&headers, DEVICE_COOKIE) {
        Some(d) => (d, false),
        None => (crate::secrets::random_token(), true),
    };
    let mut res = match answer_page(&state, &ctx, &code, &device, q.sent.is_some(), None).await {
        Ok(r) => r,
        Err(AppError::NotFound) => {
            return code_page(&ctx, &code, StatusCode::NOT_FOUND, "poll.code_unknown");
        }
        Err(e) => return page_error(&ctx, e),
    };
    if fresh {
        let c = cookie::Cookie::build((DEVICE_COOKIE, device))
            .path("/poll")
            .http_only(true)
            .same_site(cookie::SameSite::Strict)
            .secure(state.config().behind_tls)
            .max_age(cookie::time::Duration::hours(12))
            .build();
        if let Ok(v) = HeaderValue::from_str(&c.to_string()) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    }
    res
}

/// A participant's answers as sent: the device check and `s{statement id}` with a score 1–5.
#[derive(Deserialize, Default)]
pub struct AnswerForm {
    #[serde(default)]
    pub device_check: String,
    #[serde(flatten)]
    pub answers: std::collections::BTreeMap<String, String>,
}

/// A participant's answers: fields `s{statement id}` with a score 1–5. Each statement counts once per device.
pub async fn answer_submit(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<AnswerForm>,
) -> Response {
    let Some(device) = cookie_value(&headers, DEVICE_COOKIE) else {
        return code_page(&ctx, &code, StatusCode::BAD_REQUEST, "poll.no_device");
    };
    let Some(normalised) = schakel_domain::group::normalise_code(&code) else {
        return code_page(&ctx, &code, StatusCode::NOT_FOUND, "poll.code_unknown");
    };
    if !crate::secrets::constant_time_eq(
        form.device_check.trim(),
        &device_check(&state, &normalised, &device),
    ) {
        return code_page(&ctx, &code, StatusCode::BAD_REQUEST, "poll.no_device");
    }
    let mut answers = Vec::new();
    for (key, value) in &form.answers {
        // A statement left open sends nothing (or nothing but spaces): it can be answered later.
        if let Some(id) = key.strip_prefix('s').and_then(number::<i64>)
            && !value.trim().is_empty()
        {
            answers.push((id, number(value)));
        }
    }
    match usecase::answer(&state, &normalised, &device_hash(&state, &device), &answers).await {
        Ok(_) => Redirect::to(&format!("/poll/{normalised}?sent=1")).into_response(),
        Err(AppError::NotFound) => {
            code_page(&ctx, &code, StatusCode::NOT_FOUND, "poll.code_unknown")
        }
        Err(AppError::Validation(_)) => {
            match answer_page(
                &state,
                &ctx,
                &normalised,
                &device,
                false,
                Some(ctx.lang.t("poll.answer_invalid")),
            )
            .await
            {
                Ok(mut res) => {
                    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}
