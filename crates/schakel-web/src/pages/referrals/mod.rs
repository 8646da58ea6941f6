//! Referrals (aanmeldingen) and consultations: the school refers, the team triages.

use super::form::{Form, Values, number, ticked, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, format_date, format_short_date, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::i18n::Texts as _;
use crate::usecase::{
    self, consultation::ConsultationRequest, referral::GuardianInput, referral::ReferralInput,
    referral::ReferralView, triage::TriageInput,
};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::casework::{self as rules, ReferralStatus, Taxonomy};
use school::school_view;
use serde::{Deserialize, Serialize};

mod consultations;
mod school;
pub use consultations::{consultation_answer, consultation_create, consultations};
pub use school::{correct, withdraw};

/// A referral's row in a social worker's or team lead's list; `signals` labels its signals.
fn full_row(r: &schakel_store::Referral, signals: String, lang: Lang) -> Vec<Cell> {
    vec![
        Cell::text(format_short_date(&r.received_on, lang)),
        Cell::link(&r.child_name, format!("/referrals/{}", r.id)),
        Cell::text(&r.school_name),
        Cell::text(
            rules::Urgency::parse(&r.urgency)
                .map(|u| u.label(lang))
                .unwrap_or(""),
        ),
        Cell::text(signals),
        Cell::text(r.status().label(lang)),
    ]
}

/// Labels of a referral's signals in the organisation's words (retired terms too).
pub(super) async fn signal_labels(
    state: &AppState,
    organisation_id: Option<i64>,
    lang: Lang,
) -> Result<impl Fn(&str) -> String, AppError> {
    let terms = match organisation_id {
        Some(org) => {
            state
                .store()
                .taxonomy_terms(org, Taxonomy::Signals.as_str())
                .await?
        }
        None => Vec::new(),
    };
    Ok(
        move |codes: &str| {
            crate::usecase::config::labels_in(&terms, Taxonomy::Signals, codes, lang)
        },
    )
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    pub status: Option<String>,
    pub sent: Option<String>,
}

async fn list_view(state: &AppState, ctx: &Ctx, q: &ListQuery) -> Result<AdminView, AppError> {
    let p = ctx.principal()?;
    let t = |k| ctx.lang.t(k);
    let views = usecase::referral::referral_views(state, ctx, q.status.clone()).await?;
    let school = p.role == Role::SchoolContact;
    let mut v = AdminView {
        title: t("nav.referrals").into(),
        page_id: "referrals".into(),
        lead: if school {
            t("referrals.lead.school")
        } else {
            t("referrals.lead.worker")
        }
        .into(),
        links: vec![("/referrals/new".into(), t("referrals.new").into())],
        success: q.sent.as_ref().map(|_| t("referrals.sent").to_string()),
        ..Default::default()
    };
    let headers: Vec<String> = if school {
        vec![
            t("referrals.received").into(),
            t("referrals.child").into(),
            t("referrals.status").into(),
            t("referrals.picked_up_by").into(),
        ]
    } else {
        vec![
            t("referrals.received").into(),
            t("referrals.child").into(),
            t("field.school").into(),
            t("referrals.urgency").into(),
            t("referrals.signals").into(),
            t("referrals.status").into(),
        ]
    };
    // Signal labels in the words of the organisation that received each referral, read once per organisation.
    let mut labellers = std::collections::HashMap::new();
    for view in &views {
        if let ReferralView::Full(r) = view
            && let std::collections::hash_map::Entry::Vacant(e) = labellers.entry(r.organisation_id)
        {
            e.insert(signal_labels(state, Some(r.organisation_id), ctx.lang).await?);
        }
    }
    let rows = views
        .iter()
        .map(|view| match view {
            ReferralView::ForSchool(r) => vec![
                Cell::text(format_short_date(&r.received_on, ctx.lang)),
                Cell::link(&r.child_name, format!("/referrals/{}", r.id)),
                Cell::text(r.status.label(ctx.lang)),
                Cell::text(r.picked_up_by.clone().unwrap_or_default()),
            ],
            ReferralView::Full(r) => {
                let signals = labellers
                    .get(&r.organisation_id)
                    .map(|l| l(&r.signals))
                    .unwrap_or_default();
                full_row(r, signals, ctx.lang)
            }
        })
        .collect();
    v.tables.push(Table {
        caption: t("nav.referrals").into(),
        headers,
        rows,
        pagination: None,
    });
    if school {
        // The consultation requests the school sent stay in its view, with the answer once given.
        let requests = usecase::consultation::consultations(state, ctx).await?;
        v.tables.push(Table {
            caption: t("consultations.requests").into(),
            headers: vec![
                t("consultations.held_on").into(),
                t("consultations.theme").into(),
                t("consultations.question").into(),
                t("consultations.state").into(),
                t("consultations.advice").into(),
            ],
            rows: requests
                .iter()
                .map(|c| {
                    vec![
                        Cell::text(format_short_date(&c.held_on, ctx.lang)),
                        Cell::text(&c.theme),
                        Cell::text(&c.question),
                        Cell::text(if c.closed_on.is_some() {
                            t("consultations.answered")
                        } else {
                            t("consultations.open")
                        }),
                        Cell::text(&c.advice),
                    ]
                })
                .collect(),
            pagination: None,
        });
    }
    Ok(v)
}

pub async fn referrals(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> Response {
    match list_view(&state, &ctx, &q).await {
        Ok(v) => render_admin(ctx.page("referrals"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// The new-referral page's form as typed: the referral, or (`mode` = `consultation`) the school's question
/// without a name. The date of birth comes in three fields (`date_of_birth_day`, `_month`, `_year`) or, from
/// an older form, as one.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ReferralForm {
    pub mode: String,
    pub theme: String,
    pub question: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: String,
    pub date_of_birth_day: String,
    pub date_of_birth_month: String,
    pub date_of_birth_year: String,
    pub class_name: String,
    pub school_code: String,
    pub source: String,
    pub referrer_name: String,
    pub guardian1_name: String,
    pub guardian1_relation: String,
    pub guardian1_gezag: Option<String>,
    pub guardian1_phone: String,
    pub guardian2_name: String,
    pub guardian2_relation: String,
    pub guardian2_gezag: Option<String>,
    pub guardian2_phone: String,
    pub reason: String,
    pub signals: Vec<String>,
    pub urgency: String,
    pub parents_agree: Option<String>,
}

impl ReferralForm {
    /// The date typed in three fields as `YYYY-MM-DD`; what was typed as it is when a part is not a number (the
    /// use case then names the field), or the one field when the form sent no parts.
    fn date_of_birth(&self) -> String {
        let (day, month, year) = (
            self.date_of_birth_day.trim(),
            self.date_of_birth_month.trim(),
            self.date_of_birth_year.trim(),
        );
        if day.is_empty() && month.is_empty() && year.is_empty() {
            return trim(&self.date_of_birth);
        }
        match (
            day.parse::<u32>(),
            month.parse::<u32>(),
            year.parse::<i32>(),
        ) {
            (Ok(d), Ok(m), Ok(y)) if year.len() == 4 => format!("{y:04}-{m:02}-{d:02}"),
            _ => format!("{year}-{month}-{day}"),
        }
    }

    /// The school's consultation request (`mode` = `consultation`): the same input as the API's.
    fn request(&self) -> ConsultationRequest {
        ConsultationRequest {
            theme: trim(&self.theme),
            question: trim(&self.question),
        }
    }

    fn input(&self) -> ReferralInput {
        let guardian =
            |name: &str, relation: &str, gezag: &Option<String>, phone: &str| GuardianInput {
                name: trim(name),
                relation: trim(relation),
                has_gezag: ticked(gezag),
                phone: trim(phone),
                email: String::new(),
            };
        ReferralInput {
            given_name: trim(&self.given_name),
            family_name: trim(&self.family_name),
            date_of_birth: self.date_of_birth(),
            class_name: trim(&self.class_name),
            school_code: trim(&self.school_code),
            guardians: vec![
                guardian(
                    &self.guardian1_name,
                    &self.guardian1_relation,
                    &self.guardian1_gezag,
                    &self.guardian1_phone,
                ),
                guardian(
                    &self.guardian2_name,
                    &self.guardian2_relation,
                    &self.guardian2_gezag,
                    &self.guardian2_phone,
                ),
            ],
            reason: trim(&self.reason),
            signals: self.signals.iter().map(|s| trim(s)).collect(),
            urgency: trim(&self.urgency),
            source: trim(&self.source),
            referrer_name: trim(&self.referrer_name),
            parents_agree: ticked(&self.parents_agree),
        }
    }
}

/// The team lead's triage as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct TriageForm {
    pub decision: String,
    pub worker_id: String,
    pub note: String,
    pub version: String,
}

impl TriageForm {
    fn input(&self) -> TriageInput {
        let mut unreadable = Vec::new();
        let worker_id = number(&self.worker_id);
        if worker_id.is_none() && !self.worker_id.trim().is_empty() {
            unreadable.push(usecase::triage::worker_refused());
        }
        TriageInput {
            decision: trim(&self.decision),
            note: trim(&self.note),
            worker_id,
            version: number(&self.version),
            unreadable,
        }
    }
}

fn referral_form(ctx: &Ctx, signals: Vec<(String, String)>) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let p = ctx.principal.as_ref();
    let school = p.is_some_and(|p| p.role == Role::SchoolContact);
    let mut fields = vec![
        Field::new("given_name", t("referrals.given_name"), "text", ""),
        Field::new("family_name", t("referrals.family_name"), "text", ""),
        Field::new("date_of_birth", t("referrals.date_of_birth"), "date3", ""),
        Field::new("class_name", t("referrals.class"), "text", "").optional(),
    ];
    if !school {
        fields.push(
            Field::new("school_code", t("field.school_code"), "text", "")
                .hint(t("hint.school_code")),
        );
        fields.push(
            Field::new("source", t("referrals.source"), "select", "parent").options(
                rules::ReferralSource::ALL
                    .iter()
                    .map(|s| (s.code().to_string(), s.label(ctx.lang).to_string()))
                    .collect(),
            ),
        );
        fields.push(Field::new("referrer_name", t("referrals.referrer"), "text", "").optional());
    }
    for i in 1..=2 {
        let (n, r, g, ph) = match i {
            1 => (
                "guardian1_name",
                "guardian1_relation",
                "guardian1_gezag",
                "guardian1_phone",
            ),
            _ => (
                "guardian2_name",
                "guardian2_relation",
                "guardian2_gezag",
                "guardian2_phone",
            ),
        };
        fields.push(
            Field::new(n, &format!("{} {i}", t("referrals.guardian")), "text", "").optional(),
        );
        fields.push(
            Field::new(r, &format!("{} {i}", t("referrals.relation")), "text", "")
                .optional()
                .hint(t("referrals.relation_hint")),
        );
        fields.push(Field::new(
            g,
            &format!(
                "{} {i} {}",
                t("referrals.guardian"),
                t("referrals.has_gezag")
            ),
            "checkbox",
            "",
        ));
        fields
            .push(Field::new(ph, &format!("{} {i}", t("referrals.phone")), "text", "").optional());
    }
    fields.push(
        Field::new("reason", t("referrals.reason"), "textarea", "")
            .hint(t("referrals.reason_hint")),
    );
    fields.push(
        Field::new("signals", t("referrals.signals"), "checkboxes", "")
            .optional()
            .options(signals),
    );
    fields.push(
        Field::new("urgency", t("referrals.urgency"), "radios", "normaal").options(
            rules::Urgency::ALL
                .iter()
                .map(|u| (u.code().to_string(), u.label(ctx.lang).to_string()))
                .collect(),
        ),
    );
    fields.push(Field::new(
        "parents_agree",
        t("referrals.parents_agree"),
        "checkbox",
        "",
    ));
    FormSpec {
        id: "referral",
        title: t("referrals.new").into(),
        action: "/referrals".into(),
        submit: t("referrals.submit").into(),
        fields,
        ..Default::default()
    }
}

fn consultation_request_form(ctx: &Ctx) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    FormSpec {
        id: "consultation-request",
        title: t("referrals.consultation").into(),
        action: "/referrals".into(),
        submit: t("referrals.consultation_submit").into(),
        fields: vec![
            Field {
                name: "mode",
                kind: "hidden",
                value: "consultation".into(),
                ..Default::default()
            },
            Field::new("theme", t("consultations.theme"), "text", "")
                .hint(t("referrals.consultation_hint")),
            Field::new("question", t("referrals.question"), "textarea", ""),
        ],
        ..Default::default()
    }
}

fn new_view(ctx: &Ctx, referral: FormSpec, consultation: FormSpec) -> AdminView {
    let t = |k| ctx.lang.t(k);
    let mut v = AdminView {
        title: t("referrals.new").into(),
        page_id: "referral-new".into(),
        lead: t("referrals.new_lead").into(),
        breadcrumbs: vec![("/referrals".into(), t("nav.referrals").into())],
        ..Default::default()
    };
    v.forms.push(referral);
    if ctx
        .principal
        .as_ref()
        .is_some_and(|p| p.role == Role::SchoolContact)
    {
        v.forms.push(consultation);
    }
    v
}

pub async fn new_form(State(state): State<AppState>, ctx: Ctx) -> Response {
    match usecase::referral::signal_options(&state, &ctx).await {
        Ok(signals) => render_admin(
            ctx.page("referrals"),
            &new_view(
                &ctx,
                referral_form(&ctx, signals),
                consultation_request_form(&ctx),
            ),
        ),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ReferralForm>,
) -> Response {
    let values = values_of(&form);
    let signals = match usecase::referral::signal_options(&state, &ctx).await {
        Ok(s) => s,
        Err(e) => return page_error(&ctx, e),
    };
    if form.mode == "consultation" {
        return match usecase::consultation::request_consultation(&state, &ctx, &form.request())
            .await
        {
            Ok(_) => Redirect::to("/referrals?sent=1").into_response(),
            Err(AppError::Validation(e)) => {
                let errors = FormErrors(e);
                let form = consultation_request_form(&ctx)
                    .with_values(&values)
                    .with_errors(&errors, ctx.lang);
                render_admin(
                    ctx.page("referrals"),
                    &new_view(&ctx, referral_form(&ctx, signals), form),
                )
            }
            Err(e) => page_error(&ctx, e),
        };
    }
    match usecase::referral::create_referral(&state, &ctx, &form.input()).await {
        Ok(id) => {
            let to = if ctx
                .principal
                .as_ref()
                .is_some_and(|p| p.role == Role::SchoolContact)
            {
                "/referrals?sent=1".to_string()
            } else {
                format!("/referrals/{id}")
            };
            Redirect::to(&to).into_response()
        }
        Err(AppError::Validation(e)) => {
            let errors = FormErrors(e);
            let form = referral_form(&ctx, signals)
                .with_values(&values)
                .with_errors(&errors, ctx.lang);
            let mut res = render_admin(
                ctx.page("referrals"),
                &new_view(&ctx, form, consultation_request_form(&ctx)),
            );
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub(super) async fn detail_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    triage_errors: Option<(FormErrors, Values)>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let r = match usecase::referral::referral_view(state, ctx, id).await? {
        ReferralView::Full(r) => r,
        ReferralView::ForSchool(r) => return school_view(state, ctx, *r, triage_errors).await,
    };
    let signal_labels = signal_labels(state, Some(r.organisation_id), ctx.lang).await?;
    let mut v = AdminView {
        title: format!("{} {}", t("referrals.referral"), r.child_name),
        page_id: "referral".into(),
        breadcrumbs: vec![("/referrals".into(), t("nav.referrals").into())],
        ..Default::default()
    };
    let child = state.store().child(r.child_id).await?;
    let guardians = state.store().guardians_of(r.child_id).await?;
    let source = rules::ReferralSource::parse(&r.source)
        .map(|s| s.label(ctx.lang))
        .unwrap_or("");
    v.facts = vec![
        (
            t("referrals.status").into(),
            r.status().label(ctx.lang).to_string(),
        ),
        (
            t("referrals.received").into(),
            format_date(&r.received_on, ctx.lang),
        ),
        (
            t("referrals.source").into(),
            format!("{source} ({})", r.referrer_name),
        ),
        (t("field.school").into(), r.school_name.clone()),
        (
            t("referrals.date_of_birth").into(),
            format_date(&child.date_of_birth, ctx.lang),
        ),
        (t("referrals.class").into(), child.class_name.clone()),
        (
            t("referrals.household").into(),
            guardians
                .iter()
                .map(|g| {
                    format!(
                        "{} ({}{})",
                        g.name,
                        g.relation,
                        if *g.has_gezag {
                            format!(", {}", t("referrals.gezag"))
                        } else {
                            String::new()
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        (t("referrals.reason").into(), r.reason.clone()),
        (t("referrals.signals").into(), signal_labels(&r.signals)),
        (
            t("referrals.urgency").into(),
            rules::Urgency::parse(&r.urgency)
                .map(|u| u.label(ctx.lang))
                .unwrap_or("")
                .into(),
        ),
        (
            t("referrals.parents_agree").into(),
            if *r.parents_agree {
                t("common.yes")
            } else {
                t("common.no")
            }
            .into(),
        ),
    ];
    if !r.decision_note.is_empty() {
        v.facts
            .push((t("referrals.decision_note").into(), r.decision_note.clone()));
    }
    if let Some(case_id) = r.case_id {
        v.links
            .push((format!("/cases/{case_id}"), t("referrals.open_case").into()));
    }
    if let Some(table) = duplicates_table(state, ctx, &r, &child).await? {
        v.tables.push(table);
    }
    if r.status() == ReferralStatus::Received {
        v.forms
            .push(triage_form(state, ctx, &r, triage_errors).await?);
    }
    Ok(v)
}

/// Children already known that are likely the same child (name and date of birth, fuzzy).
async fn duplicates_table(
    state: &AppState,
    ctx: &Ctx,
    r: &schakel_store::Referral,
    child: &schakel_store::Child,
) -> Result<Option<Table>, AppError> {
    let t = |k| ctx.lang.t(k);
    // Likely the same child, already known (name + date of birth, fuzzy).
    let dupes: Vec<_> = state
        .store()
        .possible_duplicates(
            r.organisation_id,
            &child.given_name,
            &child.family_name,
            &child.date_of_birth,
        )
        .await?
        .into_iter()
        .filter(|c| c.id != child.id)
        .collect();
    if dupes.is_empty() {
        return Ok(None);
    }
    Ok(Some(Table {
        caption: t("referrals.duplicates").into(),
        headers: vec![
            t("referrals.child").into(),
            t("referrals.date_of_birth").into(),
        ],
        rows: dupes
            .iter()
            .map(|c| {
                vec![
                    Cell::text(c.full_name()),
                    Cell::text(format_short_date(&c.date_of_birth, ctx.lang)),
                ]
            })
            .collect(),
        pagination: None,
    }))
}

/// The team lead's triage form: the decision, the worker (the school's own worker proposed, each with their open
/// cases) and a note.
async fn triage_form(
    state: &AppState,
    ctx: &Ctx,
    r: &schakel_store::Referral,
    triage_errors: Option<(FormErrors, Values)>,
) -> Result<FormSpec, AppError> {
    let t = |k| ctx.lang.t(k);
    let id = r.id;
    let workers = state.store().list_workers(Some(r.organisation_id)).await?;
    let caseloads = state.store().open_caseloads(r.organisation_id).await?;
    let open_cases = |w: i64| {
        caseloads
            .iter()
            .find(|(id, _)| *id == w)
            .map_or(0, |(_, n)| *n)
    };
    let today = state.now().date_naive().to_string();
    let at_school: Vec<i64> = state
        .store()
        .list_assignments(Some(r.organisation_id), None, Some(r.school_id))
        .await?
        .into_iter()
        .filter(|a| a.starts_on <= today && a.ends_on.as_ref().is_none_or(|e| *e >= today))
        .map(|a| a.worker_id)
        .collect();
    let own = usecase::scope::own_worker(state, ctx).await?.map(|w| w.id);
    // During a cover the covering worker is proposed (ADR 021).
    let covering = usecase::presence::covering_worker(
        state,
        r.school_id,
        schakel_domain::local_time::amsterdam_date(state.now()),
    )
    .await?;
    let proposed = covering
        .or_else(|| rules::proposed_worker(&at_school, own, open_cases))
        .map(|w| w.to_string())
        .unwrap_or_default();
    // Workers at this school first, each with their open cases, so the choice is an informed one.
    let mut choices: Vec<_> = workers.into_iter().filter(|w| *w.active).collect();
    choices.sort_by_key(|w| !at_school.contains(&w.id));
    let mut worker_options = vec![(String::new(), t("referrals.assign_choose").to_string())];
    worker_options.extend(choices.into_iter().map(|w| {
        let mut label = format!(
            "{} — {} {}",
            w.name,
            open_cases(w.id),
            t("referrals.open_cases")
        );
        if at_school.contains(&w.id) {
            label.push_str(" · ");
            label.push_str(t("referrals.works_at_school"));
        }
        (w.id.to_string(), label)
    }));
    let decisions = [
        ReferralStatus::Accepted,
        ReferralStatus::AdviceOnly,
        ReferralStatus::Forwarded,
        ReferralStatus::Declined,
    ];
    let mut form = FormSpec {
        id: "triage",
        title: t("referrals.triage").into(),
        action: format!("/referrals/{id}/triage"),
        submit: t("referrals.decide").into(),
        version: Some(r.version),
        fields: vec![
            Field::new("decision", t("referrals.decision"), "radios", "accepted").options(
                decisions
                    .iter()
                    .map(|d| (d.as_str().to_string(), d.label(ctx.lang).to_string()))
                    .collect(),
            ),
            Field::new("worker_id", t("referrals.assign"), "select", proposed)
                .options(worker_options)
                .optional(),
            Field::new("note", t("referrals.decision_note"), "textarea", "")
                .optional()
                .hint(t("referrals.decision_hint")),
        ],
        ..Default::default()
    };
    if let Some((errors, values)) = triage_errors {
        form = form.with_values(&values).with_errors(&errors, ctx.lang);
    }
    Ok(form)
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<super::admin::Saved>,
) -> Response {
    match detail_view(&state, &ctx, id, None).await {
        Ok(mut v) => {
            v.success = q
                .saved
                .map(|_| ctx.lang.t("referrals.corrected").to_string());
            render_admin(ctx.page("referrals"), &v)
        }
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn triage(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<TriageForm>,
) -> Response {
    match usecase::triage::triage(&state, &ctx, id, &form.input()).await {
        Ok(Some(case_id)) => Redirect::to(&format!("/cases/{case_id}")).into_response(),
        Ok(None) => Redirect::to(&format!("/referrals/{id}")).into_response(),
        Err(AppError::Validation(e)) => {
            match detail_view(&state, &ctx, id, Some((FormErrors(e), values_of(&form)))).await {
                Ok(v) => {
                    let mut res = render_admin(ctx.page("referrals"), &v);
                    *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}
