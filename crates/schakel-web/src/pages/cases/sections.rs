//! The case file page: a compact header, a navigation between the sections (plain links, no script needed)
//! and one section at a time. One handler answers the whole page, or — for an htmx request — only the
//! section, with the header swapped out of band, so a section updates in place.
//! Each section is its own askama struct and template (`templates/case/`); the data comes from one read of
//! the file (ADR 006/007), logged once per opening.

use super::Failed;
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::pages::view::{Cell, FormSpec};
use crate::pages::{FormErrors, PageCtx, format_date, page_error};
use crate::usecase::{self, consent::consent_status};
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use schakel_domain::Principal;
use schakel_domain::casework as rules;
use schakel_domain::consent::{Purpose, age_on};
use schakel_store::{CaseFile, CaseFormLists, Newest, Worker};

/// Whether the request came from htmx (`HX-Request: true`): it gets the section, not the whole page.
pub struct Hx(pub bool);

impl<S: Send + Sync> FromRequestParts<S> for Hx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Hx(parts
            .headers
            .get("hx-request")
            .is_some_and(|v| v.as_bytes() == b"true")))
    }
}

/// The parts of a case file a worker moves between.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Overview,
    Contacts,
    Goals,
    Consent,
    Tasks,
    Onward,
    Documents,
    Timeline,
    Closure,
}

impl Section {
    pub const ALL: [Section; 9] = [
        Section::Overview,
        Section::Contacts,
        Section::Goals,
        Section::Consent,
        Section::Tasks,
        Section::Onward,
        Section::Documents,
        Section::Timeline,
        Section::Closure,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Section::Overview => "overview",
            Section::Contacts => "contacts",
            Section::Goals => "goals",
            Section::Consent => "consent",
            Section::Tasks => "tasks",
            Section::Onward => "onward",
            Section::Documents => "documents",
            Section::Timeline => "timeline",
            Section::Closure => "closure",
        }
    }

    /// What of the file's growing lists this section shows, so the read brings no more (ADR 031): the contacts
    /// section the newest few contacts, the timeline the newest entries, every other section neither.
    pub fn newest(self, all: bool) -> Newest {
        let shown = |n: i64| if all { None } else { Some(n) };
        match self {
            Section::Contacts => Newest {
                contacts: shown(super::parts::CONTACTS_SHOWN as i64),
                events: Some(0),
            },
            Section::Timeline => Newest {
                contacts: Some(0),
                events: shown(super::RECENT),
            },
            _ => Newest::both(0),
        }
    }

    /// An unknown name is no section (the page then shows the overview).
    pub fn parse(s: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|x| x.as_str() == s)
    }

    fn label_key(self) -> &'static str {
        match self {
            Section::Overview => "case.section.overview",
            Section::Contacts => "case.section.contacts",
            Section::Goals => "case.section.goals",
            Section::Consent => "case.section.consent",
            Section::Tasks => "case.section.tasks",
            Section::Onward => "case.section.onward",
            Section::Documents => "case.section.documents",
            Section::Timeline => "case.section.timeline",
            Section::Closure => "case.section.closure",
        }
    }

    /// The section a form lives in: where the worker comes back to after saving it.
    pub fn of_form(form_id: &str) -> Section {
        match form_id {
            "contact" | "time" => Section::Contacts,
            "goal" | "score" => Section::Goals,
            "consent" => Section::Consent,
            "task" => Section::Tasks,
            "onward" | "onward-status" | "mandate" | "school-report" => Section::Onward,
            "document" => Section::Documents,
            "close" | "approve-closure" | "reopen" => Section::Closure,
            _ => Section::Overview,
        }
    }

    pub fn href(self, id: i64) -> String {
        format!("/cases/{id}?section={}", self.as_str())
    }
}

/// The success message after a saved form (`?saved=<form>`); only known forms have one.
pub fn saved_message(form: &str, page: &PageCtx) -> Option<String> {
    const FORMS: [&str; 17] = [
        "contact",
        "time",
        "goal",
        "score",
        "consent",
        "task",
        "onward",
        "onward-status",
        "mandate",
        "school-report",
        "document",
        "close",
        "approve-closure",
        "reopen",
        "guardian",
        "child",
        "edit",
    ];
    let form = FORMS.into_iter().find(|f| *f == form)?;
    let key = format!("case.saved.{form}");
    Some(if crate::i18n::has_key(&key) {
        page.t(&key).to_string()
    } else {
        page.t("common.saved").to_string()
    })
}

/// What every section template shows around its own content: heading, success message, error summary.
pub struct Frame {
    pub key: &'static str,
    pub title: String,
    pub success: Option<String>,
    /// The error summary: (element id to link to, message).
    pub summary: Vec<(String, String)>,
    /// The user's own values of an edit that arrived too late.
    pub conflict: Option<Vec<(String, String)>>,
}

/// A table whose cells carry their column's name, so it can reflow into stacked rows on a phone.
pub struct CaseTable {
    pub id: &'static str,
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl CaseTable {
    pub fn label(&self, column: &usize) -> &str {
        self.headers.get(*column).map(String::as_str).unwrap_or("")
    }
}

/// The compact header: who, where, who works on it, and what needs attention.
pub struct Header {
    pub facts: Vec<(String, String)>,
    pub safety: bool,
    pub closed: bool,
}

/// One case file read, with what its sections need.
pub struct Loaded {
    pub id: i64,
    pub file: CaseFile,
    pub lists: CaseFormLists,
    pub today: chrono::NaiveDate,
    pub all: bool,
    pub principal: Principal,
}

impl Loaded {
    pub fn open(&self) -> bool {
        self.file.case.status == "open"
    }
}

#[derive(Template)]
#[template(path = "case/header.html")]
struct HeaderPart<'a> {
    h: &'a Header,
    oob: bool,
}

struct NavItem {
    href: String,
    label: &'static str,
    current: bool,
}

#[derive(Template)]
#[template(path = "case/page.html")]
struct CasePage {
    page: PageCtx,
    title: String,
    heading: String,
    failed: bool,
    header: String,
    nav: Vec<NavItem>,
    section: String,
}

/// The document title, for htmx to set after a swap.
#[derive(Template)]
#[template(source = "<title>{{ title }}</title>", ext = "html")]
struct TitlePart {
    title: String,
}

fn html(t: &impl Template) -> Result<String, AppError> {
    t.render()
        .map_err(|e| AppError::Internal(format!("template: {e}")))
}

pub fn status_of(file: &CaseFile, page: &PageCtx) -> String {
    let c = &file.case;
    match c.status.as_str() {
        "open" => page.t("cases.open").to_string(),
        "closure_requested" => page.t("cases.closure_requested").to_string(),
        _ => format!(
            "{} ({})",
            page.t("cases.closed"),
            c.closure_reason
                .as_deref()
                .and_then(rules::ClosureReason::parse)
                .map(|r| r.label(page.lang))
                .unwrap_or("")
        ),
    }
}

fn header(l: &Loaded, page: &PageCtx) -> Header {
    let t = |k| page.t(k);
    let (file, c) = (&l.file, &l.file.case);
    let birth = chrono::NaiveDate::parse_from_str(&file.child.date_of_birth, "%Y-%m-%d").ok();
    let age = birth.map(|b| age_on(b, l.today)).unwrap_or(0);
    let consent = match consent_status(file, &Purpose::Help, l.today) {
        Ok(()) => t("cases.consent_ok").to_string(),
        Err(m) => format!("{} {m}", t("cases.consent_missing")),
    };
    Header {
        facts: vec![
            (
                t("referrals.child").into(),
                format!(
                    "{} · {} {} ({age} {})",
                    file.child.full_name(),
                    t("referrals.born"),
                    format_date(&file.child.date_of_birth, page.lang),
                    t("cases.years")
                ),
            ),
            (
                t("field.school").into(),
                format!(
                    "{} · {} {}",
                    c.school_name.clone().unwrap_or_default(),
                    t("referrals.class"),
                    file.child.class_name
                ),
            ),
            (
                t("field.worker").into(),
                c.worker_name.clone().unwrap_or_default(),
            ),
            (t("referrals.status").into(), status_of(file, page)),
            (t("cases.consent_help").into(), consent),
            (
                t("case.next_review").into(),
                c.review_on
                    .as_deref()
                    .map(|d| format_date(d, page.lang))
                    .unwrap_or_else(|| "—".into()),
            ),
            (
                t("cases.safety").into(),
                if *c.safety_concern {
                    t("cases.safety_flagged").into()
                } else {
                    t("common.no").into()
                },
            ),
        ],
        safety: *c.safety_concern,
        closed: c.status == "closed",
    }
}

/// The error summary of a failed form: each field's message, linked to the field.
pub fn summary_of(forms: &[FormSpec]) -> Vec<(String, String)> {
    forms
        .iter()
        .flat_map(|f| {
            f.fields
                .iter()
                .filter(|x| x.kind != "hidden")
                .filter_map(|x| {
                    x.error
                        .as_ref()
                        .map(|e| (format!("f-{}", x.dom_id()), format!("{}: {e}", x.label)))
                })
        })
        .collect()
}

/// The messages of the errors no visible field of `form` shows (e.g. the closing checklist's), joined.
fn unplaced_errors(form: &FormSpec, errors: &FormErrors, lang: crate::i18n::Lang) -> String {
    let shown = |name: &str| {
        form.fields
            .iter()
            .any(|x| x.name == name && x.kind != "hidden")
    };
    errors
        .0
        .iter()
        .filter(|e| !shown(&e.field))
        .map(|e| lang.pick(e.message_nl.as_str(), e.message_en.as_str()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a failed form leaves for its section's frame: the error summary, or the user's values of a stale edit.
#[derive(Default)]
pub struct Feedback {
    pub summary: Vec<(String, String)>,
    pub conflict: Option<Vec<(String, String)>>,
}

/// Puts a failed form's values and errors back on it; errors without a field of their own (e.g. the closing
/// checklist) go on its first field, also when other fields have errors, so the summary lists every error at
/// once. Returns the frame's error summary and conflict.
pub fn apply_failed(
    forms: &mut [FormSpec],
    failed: Option<Failed>,
    lang: crate::i18n::Lang,
) -> Feedback {
    match failed {
        Some(Failed::Errors(form_id, errors, values)) => {
            let mut loose = Vec::new();
            for f in forms.iter_mut().filter(|f| f.id == form_id) {
                *f = f.clone().with_values(&values).with_errors(&errors, lang);
                let unplaced = unplaced_errors(f, &errors, lang);
                if unplaced.is_empty() {
                    continue;
                }
                match f.fields.iter_mut().find(|x| x.kind != "hidden") {
                    Some(first) => {
                        first.error = Some(match first.error.take() {
                            Some(own) => format!("{own} {unplaced}"),
                            None => unplaced,
                        })
                    }
                    None => loose.push((format!("form-{form_id}"), unplaced)),
                }
            }
            if !forms.iter().any(|f| f.id == form_id) {
                // The form is not offered any more (e.g. the case was closed meanwhile): say why anyway.
                loose.push((
                    String::from("case-section-title"),
                    errors.all(&lang).join(" "),
                ));
            }
            let mut summary = summary_of(forms);
            summary.extend(loose);
            Feedback {
                summary,
                conflict: None,
            }
        }
        Some(Failed::Conflict(form_id, values)) => {
            // The user's values under the labels of the form they came from (the case's or the child's details
            // share a section), else of the section's form that carries a version.
            let conflict = forms
                .iter()
                .find(|f| f.id == form_id)
                .or_else(|| forms.iter().find(|f| f.version.is_some()))
                .map(|f| crate::pages::admin::conflict_facts(f, &values));
            Feedback {
                summary: Vec::new(),
                conflict,
            }
        }
        None => Feedback::default(),
    }
}

/// How the case page answers: which section, after which outcome.
pub struct Answer {
    pub section: Section,
    pub failed: Option<Failed>,
    pub saved: Option<String>,
    pub all: bool,
    pub hx: bool,
    /// The closing form's values, to confirm before closing.
    pub confirm: Option<crate::pages::form::Values>,
}

/// Reads the file once (logged), builds the section and answers with the whole page or, for htmx, the
/// section and the header.
pub async fn answer(state: &AppState, ctx: &Ctx, id: i64, a: Answer) -> Response {
    let status = match &a.failed {
        Some(Failed::Errors(..)) => StatusCode::UNPROCESSABLE_ENTITY,
        Some(Failed::Conflict(..)) => StatusCode::CONFLICT,
        None => StatusCode::OK,
    };
    match build(state, ctx, id, a).await {
        Ok(html) => {
            let mut res = Html(html).into_response();
            *res.status_mut() = status;
            // The same URL answers a page or a fragment: caches must keep them apart.
            res.headers_mut()
                .insert(header::VARY, HeaderValue::from_static("HX-Request"));
            res
        }
        Err(e) => page_error(ctx, e),
    }
}

async fn build(state: &AppState, ctx: &Ctx, id: i64, a: Answer) -> Result<String, AppError> {
    let principal = ctx.principal()?.clone();
    let (file, lists) =
        usecase::case::open_case_page(state, ctx, id, a.section.newest(a.all)).await?;
    let l = Loaded {
        id,
        file,
        lists,
        today: state.now().date_naive(),
        all: a.all,
        principal,
    };
    let page = ctx.page("cases");
    let worker: Option<Worker> = if a.section == Section::Onward {
        usecase::scope::own_worker(state, ctx).await?
    } else {
        None
    };
    let failed = a.failed.is_some();
    let mut success = a.saved.as_deref().and_then(|s| saved_message(s, &page));
    if failed {
        success = None;
    }
    let section = super::parts::render_section(
        &l,
        &page,
        super::parts::Ask {
            section: a.section,
            failed: a.failed,
            success,
            worker: worker.as_ref(),
            confirm: a.confirm,
        },
    )?;
    let heading = format!("{} · {}", l.file.child.full_name(), l.file.case.case_number);
    let title = format!("{heading} · {}", page.t(a.section.label_key()));
    let h = header(&l, &page);
    if a.hx {
        let head = html(&HeaderPart { h: &h, oob: true })?;
        let prefix = if failed {
            page.t("case.error_title")
        } else {
            ""
        };
        let title = html(&TitlePart {
            title: format!("{prefix}{title} · Schakel"),
        })?;
        return Ok(format!("{title}\n{section}\n{head}"));
    }
    let head = html(&HeaderPart { h: &h, oob: false })?;
    let nav = Section::ALL
        .into_iter()
        .map(|s| NavItem {
            href: s.href(id),
            label: page.t(s.label_key()),
            current: s == a.section,
        })
        .collect();
    html(&CasePage {
        page,
        title,
        heading,
        failed,
        header: head,
        nav,
        section,
    })
}
