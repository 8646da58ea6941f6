//! The case file (dossier): one page with the child, household, consent, goals, contacts, tasks,
//! onward referrals, mandate decisions, closure and one timeline of everything.

use super::admin::{Values, conflict_facts, val};
use super::view::{AdminView, Cell, Field, FormSpec, SearchSpec, Table, render_admin};
use super::{FormErrors, format_date, format_timestamp, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase::{
    self, case::CaseEdit, closure::ClosureInput, consent::ConsentInput, consent::consent_status,
    contact::ContactInput, goal::GoalInput, mandate::MandateInput, referral::GuardianInput,
};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::Role;
use schakel_domain::casework::{self as rules, OnwardStatus, Taxonomy};
use schakel_domain::consent::{Purpose, age_on};
use schakel_domain::mandate::{self, CareCategory, MandateStatus, VolumeUnit};
use serde::Deserialize;

#[derive(Deserialize, Default)]
pub struct CaseQuery {
    pub q: Option<String>,
    pub all: Option<String>,
}

async fn list_view(state: &AppState, ctx: &Ctx, q: &CaseQuery) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let list = usecase::case::cases(state, ctx, q.q.clone(), q.all.is_none()).await?;
    let mut v = AdminView {
        title: t("nav.cases").into(),
        page_id: "cases".into(),
        search: Some(SearchSpec {
            action: "/cases".into(),
            fields: vec![
                Field::new(
                    "q",
                    t("cases.search"),
                    "search",
                    q.q.clone().unwrap_or_default(),
                )
                .optional()
                .hint(t("cases.search_hint")),
                Field::new(
                    "all",
                    t("cases.include_closed"),
                    "checkbox",
                    if q.all.is_some() { "on" } else { "" },
                ),
            ],
        }),
        links: vec![("/time".into(), t("time.title").into())],
        ..Default::default()
    };
    v.tables.push(Table {
        caption: format!("{} ({})", t("nav.cases"), list.len()),
        headers: vec![
            t("cases.number").into(),
            t("referrals.child").into(),
            t("field.school").into(),
            t("field.worker").into(),
            t("cases.opened").into(),
            t("cases.review").into(),
            t("referrals.status").into(),
        ],
        rows: list
            .iter()
            .map(|c| {
                vec![
                    Cell::link(&c.case_number, format!("/cases/{}", c.id)),
                    Cell::text(&c.child_name),
                    Cell::text(c.school_name.clone().unwrap_or_default()),
                    Cell::text(c.worker_name.clone().unwrap_or_default()),
                    Cell::text(format_date(&c.opened_on, ctx.lang)),
                    Cell::text(
                        c.review_on
                            .as_deref()
                            .map(|d| format_date(d, ctx.lang))
                            .unwrap_or_default(),
                    ),
                    Cell::text(match c.status.as_str() {
                        "open" => t("cases.open"),
                        "closure_requested" => t("cases.closure_requested"),
                        _ => t("cases.closed"),
                    }),
                ]
            })
            .collect(),
        pagination: None,
    });
    Ok(v)
}

pub async fn cases(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<CaseQuery>,
) -> Response {
    match list_view(&state, &ctx, &q).await {
        Ok(v) => render_admin(ctx.page("cases"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// A form that failed: which one, with what errors and values; or a conflict on the edit form.
pub enum Failed {
    Errors(&'static str, FormErrors, Values),
    Conflict(Values),
}

fn gas_options(min: i64) -> Vec<(String, String)> {
    (min..=2)
        .map(|s| (s.to_string(), format!("{s:+}")))
        .collect()
}

/// The choice of a legal ground for sharing without consent (an onward referral; which recipients each
/// ground covers is the domain's rule, `LegalGround::covers`).
fn legal_ground_field(ctx: &Ctx) -> Field {
    let t = |k| ctx.lang.t(k);
    Field::new("legal_ground", t("cases.legal_ground"), "select", "")
        .optional()
        .options(vec![
            (String::new(), t("cases.legal_none").into()),
            ("meldcode".into(), t("cases.legal_meldcode").into()),
            ("acute_safety".into(), t("cases.legal_acute").into()),
        ])
        .hint(t("cases.legal_hint"))
}

/// How many of the newest contacts and timeline entries the case page shows before "show all".
const RECENT: i64 = 50;

async fn case_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    failed: Option<Failed>,
    all: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?.clone();
    let t = |k| ctx.lang.t(k);
    let (file, lists) =
        usecase::case::open_case_page(state, ctx, id, if all { None } else { Some(RECENT) })
            .await?;
    let c = &file.case;
    let today = state.now().date_naive();
    let settings = &lists.settings;
    // Until the organisation's list is first used, the defaults apply.
    let theme_options: Vec<(String, String)> = if lists.goal_themes.is_empty() {
        Taxonomy::GoalThemes
            .defaults()
            .iter()
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect()
    } else {
        crate::usecase::config::options(&lists.goal_themes)
    };
    let birth = chrono::NaiveDate::parse_from_str(&file.child.date_of_birth, "%Y-%m-%d").ok();
    let age = birth.map(|b| age_on(b, today)).unwrap_or(0);
    let help_consent = match consent_status(&file, &Purpose::Help, today) {
        Ok(()) => t("cases.consent_ok").to_string(),
        Err(m) => format!("{} {m}", t("cases.consent_missing")),
    };
    let days = file.referral.as_ref().and_then(|r| {
        let referred = chrono::NaiveDate::parse_from_str(&r.received_on, "%Y-%m-%d").ok()?;
        let first = c
            .first_contact_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        rules::days_to_first_contact(referred, first)
    });
    let open = c.status == "open";
    let mut v = AdminView {
        title: format!("{} · {}", file.child.full_name(), c.case_number),
        page_id: "case".into(),
        breadcrumbs: vec![("/cases".into(), t("nav.cases").into())],
        ..Default::default()
    };
    v.facts = vec![
        (
            t("referrals.status").into(),
            if open {
                t("cases.open").to_string()
            } else if c.status == "closure_requested" {
                t("cases.closure_requested").to_string()
            } else {
                format!(
                    "{} ({})",
                    t("cases.closed"),
                    c.closure_reason
                        .as_deref()
                        .and_then(rules::closure_reason_label)
                        .unwrap_or("")
                )
            },
        ),
        (
            t("referrals.child").into(),
            format!(
                "{} · {} {} ({age} {})",
                file.child.full_name(),
                t("referrals.born"),
                format_date(&file.child.date_of_birth, ctx.lang),
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
            t("cases.home_language").into(),
            match (
                file.child.home_language.trim(),
                *file.child.interpreter_needed,
            ) {
                ("", false) => "—".to_string(),
                (l, false) => l.to_string(),
                ("", true) => t("cases.interpreter_needed").to_string(),
                (l, true) => format!("{l} · {}", t("cases.interpreter_needed")),
            },
        ),
        (
            t("field.worker").into(),
            c.worker_name.clone().unwrap_or_default(),
        ),
        (
            t("cases.opened").into(),
            format_date(&c.opened_on, ctx.lang),
        ),
        (
            t("cases.first_contact").into(),
            match (c.first_contact_on.as_deref(), days) {
                (Some(d), Some(n)) => format!(
                    "{} ({n} {})",
                    format_date(d, ctx.lang),
                    t("cases.days_after_referral")
                ),
                (Some(d), None) => format_date(d, ctx.lang),
                _ => t("cases.no_contact_yet").into(),
            },
        ),
        (
            t("cases.review").into(),
            c.review_on
                .as_deref()
                .map(|d| format_date(d, ctx.lang))
                .unwrap_or_default(),
        ),
        (t("cases.consent_help").into(), help_consent),
        (
            t("cases.time").into(),
            format!(
                "{} min {} · {} min {}",
                file.contact_minutes,
                t("cases.direct"),
                file.indirect_minutes,
                t("cases.indirect")
            ),
        ),
        (
            t("cases.safety").into(),
            if *c.safety_concern {
                t("cases.safety_flagged").into()
            } else {
                t("common.no").into()
            },
        ),
    ];
    v.links
        .push((format!("/cases/{id}/kind-in-kaart"), t("kik.open").into()));
    if let Some(prev) = c.previous_case_id {
        v.links
            .push((format!("/cases/{prev}"), t("cases.previous").into()));
    }
    if let Some(r) = &file.referral {
        v.facts
            .push((t("referrals.reason").into(), r.reason.clone()));
    }
    if !c.summary.is_empty() {
        v.facts.push((t("cases.summary").into(), c.summary.clone()));
    }
    // Household
    v.tables.push(Table {
        caption: t("referrals.household").into(),
        headers: vec![
            t("field.name").into(),
            t("referrals.relation").into(),
            t("referrals.has_gezag").into(),
            t("referrals.phone").into(),
        ],
        rows: file
            .guardians
            .iter()
            .map(|g| {
                vec![
                    Cell::text(&g.name),
                    Cell::text(&g.relation),
                    Cell::text(if *g.has_gezag {
                        t("common.yes")
                    } else {
                        t("common.no")
                    }),
                    Cell::text(&g.phone),
                ]
            })
            .collect(),
        pagination: None,
    });
    // Consent
    let party_name = |party: &str, gid: Option<i64>| {
        if party == "child" {
            t("cases.party_child").to_string()
        } else {
            file.guardians
                .iter()
                .find(|g| Some(g.id) == gid)
                .map(|g| g.name.clone())
                .unwrap_or_default()
        }
    };
    v.tables.push(Table {
        caption: t("cases.consents").into(),
        headers: vec![
            t("cases.party").into(),
            t("cases.purpose").into(),
            t("cases.given_on").into(),
            t("cases.valid_until").into(),
            t("cases.withdrawn").into(),
            String::new(),
        ],
        rows: file
            .consents
            .iter()
            .map(|k| {
                let mut purpose = if k.purpose == "help" {
                    t("cases.purpose_help").to_string()
                } else {
                    format!("{} {}", t("cases.purpose_share"), k.recipient)
                };
                // What may be shared, and what the child wants, are part of the consent: shown with it.
                for (label, value) in [
                    ("cases.information", &k.information),
                    ("cases.child_wish", &k.child_wish),
                ] {
                    if !value.trim().is_empty() {
                        purpose.push_str(&format!(" · {}: {}", t(label), value.trim()));
                    }
                }
                vec![
                    Cell::text(party_name(&k.party, k.guardian_id)),
                    Cell::text(purpose),
                    Cell::text(format_date(&k.given_on, ctx.lang)),
                    Cell::text(
                        k.valid_until
                            .as_deref()
                            .map(|d| format_date(d, ctx.lang))
                            .unwrap_or_default(),
                    ),
                    Cell::text(
                        k.withdrawn_on
                            .as_deref()
                            .map(|d| format_date(d, ctx.lang))
                            .unwrap_or_default(),
                    ),
                    if k.withdrawn_on.is_none() {
                        Cell::action(
                            t("cases.withdraw"),
                            format!("/cases/{id}/consents/{}/withdraw", k.id),
                        )
                    } else {
                        Cell::text("")
                    },
                ]
            })
            .collect(),
        pagination: None,
    });
    // Goals
    let score = |s: Option<i64>| s.map(|s| format!("{s:+}")).unwrap_or_else(|| "–".into());
    v.tables.push(Table {
        caption: t("cases.goals").into(),
        headers: vec![
            t("cases.goal").into(),
            t("cases.goal_theme").into(),
            "GAS start".into(),
            t("cases.gas_review").into(),
            t("cases.gas_end").into(),
        ],
        rows: file
            .goals
            .iter()
            .map(|g| {
                vec![
                    Cell::text(&g.description),
                    Cell::text(crate::usecase::config::labels(
                        &lists.goal_themes,
                        Taxonomy::GoalThemes,
                        &g.theme,
                    )),
                    Cell::text(format!("{:+}", g.gas_start)),
                    Cell::text(score(g.gas_review)),
                    Cell::text(score(g.gas_end)),
                ]
            })
            .collect(),
        pagination: None,
    });
    // Contacts
    let total_minutes = file.contact_minutes;
    if !all
        && (file.contact_count > file.contacts.len() as i64 || file.events.len() as i64 >= RECENT)
    {
        v.links.push((
            format!("/cases/{id}?all=1"),
            format!(
                "{} ({} {})",
                t("cases.show_all"),
                file.contact_count,
                t("cases.contacts_lower")
            ),
        ));
    }
    v.tables.push(Table {
        caption: format!(
            "{} ({}, {} {})",
            t("cases.contacts"),
            file.contacts.len(),
            total_minutes,
            t("cases.minutes_direct")
        ),
        headers: vec![
            t("cases.date").into(),
            t("cases.kind").into(),
            t("cases.participants").into(),
            t("consultations.minutes").into(),
            t("cases.note").into(),
        ],
        rows: file
            .contacts
            .iter()
            .map(|k| {
                vec![
                    Cell::text(format_date(&k.held_on, ctx.lang)),
                    Cell::text(rules::contact_kind_label(&k.kind)),
                    Cell::text(&k.participants),
                    Cell::text(k.minutes.to_string()),
                    Cell::text(&k.note),
                ]
            })
            .collect(),
        pagination: None,
    });
    // Tasks
    v.tables.push(Table {
        caption: t("cases.tasks").into(),
        headers: vec![
            t("cases.task").into(),
            t("cases.due").into(),
            t("cases.done").into(),
        ],
        rows: file
            .tasks
            .iter()
            .map(|k| {
                vec![
                    Cell::text(&k.description),
                    Cell::text(
                        k.due_on
                            .as_deref()
                            .map(|d| format_date(d, ctx.lang))
                            .unwrap_or_default(),
                    ),
                    match &k.done_on {
                        Some(d) => Cell::text(format_date(d, ctx.lang)),
                        None => Cell::action(
                            t("cases.mark_done"),
                            format!("/cases/{id}/tasks/{}/done", k.id),
                        ),
                    },
                ]
            })
            .collect(),
        pagination: None,
    });
    // Documents
    let documents = &file.documents;
    v.tables.push(Table {
        caption: t("cases.documents").into(),
        headers: vec![
            t("cases.file").into(),
            t("cases.description").into(),
            t("cases.size").into(),
            t("cases.date").into(),
        ],
        rows: documents
            .iter()
            .map(|d| {
                vec![
                    Cell::link(&d.filename, format!("/cases/{id}/documents/{}", d.id)),
                    Cell::text(&d.description),
                    Cell::text(format!("{} kB", (d.size_bytes + 1023) / 1024)),
                    Cell::text(format_timestamp(&d.uploaded_at, ctx.lang)),
                ]
            })
            .collect(),
        pagination: None,
    });
    // Onward referrals
    v.tables.push(Table {
        caption: t("cases.onward").into(),
        headers: vec![
            t("cases.target").into(),
            t("referrals.status").into(),
            t("cases.handover").into(),
            t("cases.feedback").into(),
            t("cases.basis").into(),
        ],
        rows: file
            .onward
            .iter()
            .map(|o| {
                let status = OnwardStatus::parse(&o.status)
                    .map(|s| s.label_nl())
                    .unwrap_or("");
                vec![
                    Cell::text(format!("{} ({})", o.target_name, o.target_kind)),
                    Cell::text(status),
                    Cell::text(&o.handover_note),
                    Cell::text(&o.feedback),
                    Cell::text(o.sharing_basis.clone().unwrap_or_default()),
                ]
            })
            .collect(),
        pagination: None,
    });
    if !file.mandates.is_empty() {
        v.tables.push(Table {
            caption: t("cases.mandates").into(),
            headers: vec![
                t("cases.care_kind").into(),
                t("cases.category").into(),
                t("cases.volume").into(),
                t("cases.provider").into(),
                t("cases.period").into(),
                t("referrals.status").into(),
                t("common.actions").into(),
            ],
            rows: file
                .mandates
                .iter()
                .map(|m| {
                    let waiting = m.status == MandateStatus::AwaitingApproval.as_str();
                    vec![
                        // The decision's own page (not the API's record, which a browser cannot open).
                        Cell::link(&m.care_kind, format!("/cases/{id}/mandate/{}", m.id)),
                        Cell::text(category_label(&m.category, ctx.lang)),
                        Cell::text(volume_label(m.volume, &m.volume_unit, ctx.lang)),
                        Cell::text(&m.provider),
                        Cell::text(format!(
                            "{} – {}",
                            format_date(&m.period_from, ctx.lang),
                            format_date(&m.period_until, ctx.lang)
                        )),
                        Cell::text(mandate_status_label(m, ctx.lang)),
                        if waiting && p.role == Role::TeamLead {
                            Cell::link(
                                t("cases.review_decision"),
                                format!("/cases/{id}/mandate/{}", m.id),
                            )
                        } else {
                            Cell::text("")
                        },
                    ]
                })
                .collect(),
            pagination: None,
        });
    }
    // Timeline
    v.tables.push(Table {
        caption: t("cases.timeline").into(),
        headers: vec![t("audit.when").into(), t("cases.event").into()],
        rows: file
            .events
            .iter()
            .map(|e| {
                vec![
                    Cell::text(format_timestamp(&e.at, ctx.lang)),
                    Cell::text(&e.summary),
                ]
            })
            .collect(),
        pagination: None,
    });

    // Forms
    let today_s = today.to_string();
    let mut forms: Vec<FormSpec> = Vec::new();
    if open {
        forms.push(FormSpec {
            id: "contact",
            title: t("cases.add_contact").into(),
            action: format!("/cases/{id}/contacts"),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("held_on", t("cases.date"), "date", today_s.clone()),
                Field::new("kind", t("cases.kind"), "select", "gesprek_kind").options(
                    rules::CONTACT_KINDS
                        .iter()
                        .map(|(k, l)| (k.to_string(), l.to_string()))
                        .collect(),
                ),
                Field::new("participants", t("cases.participants"), "text", "").optional(),
                Field::new("minutes", t("consultations.minutes"), "number", "45"),
                Field::new("note", t("cases.note"), "textarea", "").optional(),
            ],
            ..Default::default()
        });
        forms.push(FormSpec {
            id: "time",
            title: t("cases.add_time").into(),
            action: format!("/cases/{id}/time"),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("spent_on", t("cases.date"), "date", today_s.clone()),
                Field::new("minutes", t("consultations.minutes"), "number", "30"),
                Field::new("activity", t("cases.activity"), "select", "verslaglegging").options(
                    rules::INDIRECT_ACTIVITIES
                        .iter()
                        .map(|(k, l)| (k.to_string(), l.to_string()))
                        .collect(),
                ),
                Field::new("note", t("cases.note"), "text", "").optional(),
            ],
            ..Default::default()
        });
        forms.push(FormSpec {
            id: "goal",
            title: t("cases.add_goal").into(),
            action: format!("/cases/{id}/goals"),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("description", t("cases.goal"), "text", ""),
                Field::new("theme", t("cases.goal_theme"), "select", "")
                    .optional()
                    .options(
                        std::iter::once((String::new(), "—".to_string()))
                            .chain(theme_options)
                            .collect(),
                    ),
                Field::new("gas_start", "GAS start", "select", "-1")
                    .options(gas_options(settings.gas_min)),
            ],
            ..Default::default()
        });
        if !file.goals.is_empty() {
            forms.push(FormSpec {
                id: "score",
                title: t("cases.score_goal").into(),
                action: format!("/cases/{id}/goals/0/score"),
                submit: t("common.save").into(),
                fields: vec![
                    Field::new("goal_id", t("cases.goal"), "select", "").options(
                        file.goals
                            .iter()
                            .map(|g| (g.id.to_string(), g.description.clone()))
                            .collect(),
                    ),
                    Field::new("moment", t("cases.moment"), "select", "review").options(vec![
                        ("review".into(), t("cases.gas_review").into()),
                        ("end".into(), t("cases.gas_end").into()),
                    ]),
                    Field::new("score", "GAS", "select", "0")
                        .options(gas_options(settings.gas_min)),
                ],
                ..Default::default()
            });
        }
    }
    let mut parties = vec![("child".to_string(), t("cases.party_child").to_string())];
    parties.extend(file.guardians.iter().filter(|g| *g.has_gezag).map(|g| {
        (
            format!("guardian:{}", g.id),
            format!("{} ({})", g.name, g.relation),
        )
    }));
    forms.push(FormSpec {
        id: "consent",
        title: t("cases.add_consent").into(),
        action: format!("/cases/{id}/consents"),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("party", t("cases.party"), "select", "")
                .options(parties)
                .hint(t("cases.party_hint")),
            Field::new("purpose", t("cases.purpose"), "select", "help").options(vec![
                ("help".into(), t("cases.purpose_help").into()),
                ("share".into(), t("cases.purpose_share").into()),
            ]),
            Field::new("recipient_id", t("cases.recipient"), "select", "")
                .options(recipient_choices(&lists.targets, ctx))
                .optional(),
            Field::new("recipient", t("cases.recipient_other"), "text", "")
                .optional()
                .hint(t("cases.recipient_hint")),
            Field::new(
                "recipient_confirmed",
                t("cases.recipient_confirmed"),
                "checkbox",
                "",
            )
            .optional(),
            Field::new("information", t("cases.information"), "text", "").optional(),
            Field::new("given_on", t("cases.given_on"), "date", today_s.clone()),
            Field::new("valid_until", t("cases.valid_until"), "date", "").optional(),
            Field::new("child_wish", t("cases.child_wish"), "text", "")
                .optional()
                .hint(t("cases.child_wish_hint")),
        ],
        ..Default::default()
    });
    forms.push(FormSpec {
        id: "guardian",
        title: t("cases.add_guardian").into(),
        action: format!("/cases/{id}/guardians"),
        submit: t("common.save").into(),
        fields: vec![
            Field::new("name", t("field.name"), "text", ""),
            Field::new("relation", t("referrals.relation"), "text", "")
                .optional()
                .hint(t("referrals.relation_hint")),
            Field::new("has_gezag", t("referrals.has_gezag"), "checkbox", ""),
            Field::new("phone", t("referrals.phone"), "text", "").optional(),
        ],
        ..Default::default()
    });
    if open {
        let csrf = ctx
            .session
            .as_ref()
            .map(|x| x.csrf_token.clone())
            .unwrap_or_default();
        forms.push(FormSpec {
            id: "document",
            title: t("cases.add_document").into(),
            action: format!("/cases/{id}/documents?csrf={csrf}"),
            submit: t("cases.upload").into(),
            multipart: true,
            fields: vec![
                Field::new("file", t("cases.file"), "file", "").hint(t("cases.file_hint")),
                Field::new("description", t("cases.description"), "text", "").optional(),
            ],
            ..Default::default()
        });
        forms.push(FormSpec {
            id: "task",
            title: t("cases.add_task").into(),
            action: format!("/cases/{id}/tasks"),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("description", t("cases.task"), "text", ""),
                Field::new("due_on", t("cases.due"), "date", "").optional(),
            ],
            ..Default::default()
        });
        forms.push(FormSpec {
            id: "onward",
            title: t("cases.propose_onward").into(),
            action: format!("/cases/{id}/onward"),
            submit: t("common.save").into(),
            fields: vec![
                Field::new("target_id", t("cases.target"), "select", "").options(
                    lists
                        .targets
                        .iter()
                        .map(|x| (x.id.to_string(), format!("{} ({})", x.name, x.kind)))
                        .collect(),
                ),
                Field::new("handover_note", t("cases.handover"), "textarea", "")
                    .optional()
                    .hint(t("cases.handover_hint")),
            ],
            ..Default::default()
        });
        let movable: Vec<_> = file
            .onward
            .iter()
            .filter(|o| OnwardStatus::parse(&o.status).is_some_and(|s| !s.next().is_empty()))
            .collect();
        if !movable.is_empty() {
            let mut steps = Vec::new();
            for o in &movable {
                if let Some(s) = OnwardStatus::parse(&o.status) {
                    for n in s.next() {
                        steps.push((
                            format!("{}:{}", o.id, n.as_str()),
                            format!("{} → {}", o.target_name, n.label_nl()),
                        ));
                    }
                }
            }
            forms.push(FormSpec {
                id: "onward-status",
                title: t("cases.advance_onward").into(),
                action: format!("/cases/{id}/onward/0/status"),
                submit: t("common.save").into(),
                fields: vec![
                    Field::new("step", t("cases.step"), "select", "").options(steps),
                    Field::new("feedback", t("cases.feedback"), "text", "").optional(),
                    legal_ground_field(ctx),
                ],
                ..Default::default()
            });
        }
        let worker = usecase::scope::own_worker(state, ctx).await?;
        if worker.as_ref().is_some_and(|w| *w.may_authorise_youth_care) && *settings.smw_plus {
            let months = settings.mandate_max_months;
            forms.push(FormSpec {
                id: "mandate",
                title: t("cases.mandate_new").into(),
                action: format!("/cases/{id}/mandate"),
                submit: t("common.save").into(),
                fields: vec![
                    Field::new("category", t("cases.category"), "select", "").options(
                        std::iter::once((String::new(), "—".to_string()))
                            .chain(CareCategory::ALL.iter().map(|c| {
                                (c.as_str().to_string(), category_label(c.as_str(), ctx.lang))
                            }))
                            .collect(),
                    ),
                    Field::new("care_kind", t("cases.care_kind"), "text", "")
                        .hint(t("cases.care_kind_hint")),
                    Field::new("volume", t("cases.volume"), "number", ""),
                    Field::new("volume_unit", t("cases.volume_unit"), "select", "").options(
                        std::iter::once((String::new(), "—".to_string()))
                            .chain(VolumeUnit::ALL.iter().map(|u| {
                                (
                                    u.as_str().to_string(),
                                    match ctx.lang {
                                        crate::i18n::Lang::Nl => u.label_nl(),
                                        crate::i18n::Lang::En => u.label_en(),
                                    }
                                    .to_string(),
                                )
                            }))
                            .collect(),
                    ),
                    Field::new("provider_id", t("cases.provider"), "select", "")
                        .options(
                            std::iter::once((String::new(), "—".to_string()))
                                .chain(
                                    lists
                                        .targets
                                        .iter()
                                        .filter(|x| mandate::may_provide_youth_care(&x.kind))
                                        .map(|x| {
                                            (x.id.to_string(), format!("{} ({})", x.name, x.kind))
                                        }),
                                )
                                .collect(),
                        )
                        .hint(t("cases.provider_hint")),
                    Field::new("period_from", t("field.starts_on"), "date", today_s.clone()),
                    Field::new("period_until", t("field.ends_on"), "date", "").hint(&format!(
                        "{} {months} {}",
                        t("cases.period_max"),
                        t("cases.months")
                    )),
                    Field::new("reasons", t("cases.reasons"), "textarea", ""),
                ],
                ..Default::default()
            });
        }
        forms.push(FormSpec {
            id: "transfer",
            title: t("cases.transfer").into(),
            action: format!("/cases/{id}/transfer"),
            submit: t("cases.transfer_submit").into(),
            version: Some(c.version),
            fields: vec![
                Field::new("worker_id", t("field.worker"), "select", "").options(
                    lists
                        .workers
                        .iter()
                        .filter(|w| Some(w.id) != c.worker_id)
                        .map(|w| (w.id.to_string(), w.name.clone()))
                        .collect(),
                ),
                Field::new("note", t("cases.handover"), "textarea", "")
                    .hint(t("cases.transfer_hint")),
            ],
            ..Default::default()
        });
        if c.school_id.is_some() {
            forms.push(FormSpec {
                id: "school-report",
                title: t("cases.school_report").into(),
                action: format!("/cases/{id}/school-reports"),
                submit: t("cases.school_report_submit").into(),
                fields: vec![
                    // No legal ground covers informing the school: only consent does.
                    Field::new("body", t("cases.school_report_body"), "textarea", "")
                        .hint(t("cases.school_report_hint")),
                ],
                ..Default::default()
            });
        }
        forms.push(FormSpec {
            id: "child",
            title: t("cases.child_details").into(),
            action: format!("/cases/{id}/child"),
            submit: t("common.save").into(),
            version: Some(file.child.version),
            fields: vec![
                Field::new(
                    "class_name",
                    t("referrals.class"),
                    "text",
                    file.child.class_name.clone(),
                )
                .optional(),
                Field::new(
                    "home_language",
                    t("cases.home_language"),
                    "text",
                    file.child.home_language.clone(),
                )
                .optional(),
                Field::new(
                    "interpreter_needed",
                    t("cases.interpreter_needed"),
                    "checkbox",
                    if *file.child.interpreter_needed {
                        "on"
                    } else {
                        ""
                    },
                ),
            ],
            ..Default::default()
        });
        forms.push(FormSpec {
            id: "edit",
            title: t("cases.edit").into(),
            action: format!("/cases/{id}"),
            submit: t("common.save").into(),
            version: Some(c.version),
            fields: vec![
                Field::new("summary", t("cases.summary"), "textarea", c.summary.clone()).optional(),
                Field::new(
                    "review_on",
                    t("cases.review"),
                    "date",
                    c.review_on.clone().unwrap_or_default(),
                )
                .optional(),
                Field::new(
                    "safety_concern",
                    t("cases.safety_flag"),
                    "checkbox",
                    if *c.safety_concern { "on" } else { "" },
                ),
            ],
            ..Default::default()
        });
        forms.push(FormSpec {
            id: "close",
            title: t("cases.close").into(),
            action: format!("/cases/{id}/close"),
            submit: t("cases.close_submit").into(),
            version: Some(c.version),
            danger: true,
            fields: vec![
                Field::new(
                    "reason",
                    t("cases.closure_reason"),
                    "select",
                    "doelen_bereikt",
                )
                .options(
                    rules::CLOSURE_REASONS
                        .iter()
                        .map(|(k, l)| (k.to_string(), l.to_string()))
                        .collect(),
                ),
                Field::new(
                    "satisfaction_parent",
                    t("cases.satisfaction_parent"),
                    "number",
                    "",
                )
                .optional()
                .hint(t("cases.satisfaction_hint")),
                Field::new(
                    "satisfaction_child",
                    t("cases.satisfaction_child"),
                    "number",
                    "",
                )
                .optional(),
                Field::new("note", t("cases.note"), "textarea", "").optional(),
            ],
            ..Default::default()
        });
    }
    if c.status == "closure_requested" && p.role == Role::TeamLead {
        forms.push(FormSpec {
            id: "approve-closure",
            title: t("cases.closure_requested").into(),
            action: format!("/cases/{id}/close/approve"),
            submit: t("cases.approve_closure").into(),
            ..Default::default()
        });
    }
    match failed {
        Some(Failed::Errors(form_id, errors, values)) => {
            for f in forms.iter_mut().filter(|f| f.id == form_id) {
                *f = f
                    .clone()
                    .with_values(&values)
                    .with_errors(&errors, ctx.lang);
                if f.fields.iter().all(|x| x.error.is_none()) {
                    // Errors without a field of their own (e.g. the closing checklist) go on the first field.
                    if let Some(first) = f.fields.first_mut() {
                        first.error = Some(errors.all(&ctx.lang).join(" "));
                    }
                }
            }
        }
        Some(Failed::Conflict(values)) => {
            if let Some(f) = forms.iter().find(|f| f.id == "edit") {
                v.conflict = Some(conflict_facts(f, &values));
            }
        }
        None => {}
    }
    v.forms = forms.into_iter().map(FormSpec::scoped).collect();
    Ok(v)
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    pub all: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Response {
    match case_view(&state, &ctx, id, None, q.all.is_some()).await {
        Ok(v) => render_admin(ctx.page("cases"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// After a change: back to the case on success; the page with the form's errors otherwise.
async fn after(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form_id: &'static str,
    values: Values,
    result: Result<(), AppError>,
) -> Response {
    let failed = match result {
        Ok(()) => return Redirect::to(&format!("/cases/{id}#form-{form_id}")).into_response(),
        Err(AppError::Validation(e)) => Failed::Errors(form_id, FormErrors(e), values),
        Err(AppError::Conflict { .. }) => Failed::Conflict(values),
        Err(e) => return page_error(ctx, e),
    };
    let conflict = matches!(failed, Failed::Conflict(_));
    match case_view(state, ctx, id, Some(failed), false).await {
        Ok(v) => {
            let mut res = render_admin(ctx.page("cases"), &v);
            *res.status_mut() = if conflict {
                axum::http::StatusCode::CONFLICT
            } else {
                axum::http::StatusCode::UNPROCESSABLE_ENTITY
            };
            res
        }
        Err(e) => page_error(ctx, e),
    }
}

fn num(values: &Values, name: &str) -> Option<i64> {
    val(values, name).parse().ok()
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = CaseEdit {
        summary: val(&values, "summary"),
        safety_concern: val(&values, "safety_concern") == "on",
        review_on: val(&values, "review_on"),
        version: num(&values, "version"),
    };
    let r = usecase::case::edit_case(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, "edit", values, r).await
}

pub async fn school_report(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = usecase::onward::SchoolReportInput {
        body: val(&values, "body"),
        legal_ground: val(&values, "legal_ground"),
    };
    let r = usecase::onward::report_to_school(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, "school-report", values, r).await
}

pub async fn edit_child(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = usecase::child::ChildEdit {
        class_name: val(&values, "class_name"),
        home_language: val(&values, "home_language"),
        interpreter_needed: val(&values, "interpreter_needed") == "on",
        version: num(&values, "version"),
    };
    let r = usecase::child::edit_child(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, "child", values, r).await
}

pub async fn add_contact(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = ContactInput {
        held_on: val(&values, "held_on"),
        kind: val(&values, "kind"),
        participants: val(&values, "participants"),
        minutes: num(&values, "minutes"),
        note: val(&values, "note"),
    };
    let r = usecase::contact::add_contact(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, "contact", values, r).await
}

pub async fn add_indirect_time(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = usecase::time::IndirectTimeInput {
        spent_on: val(&values, "spent_on"),
        minutes: num(&values, "minutes").unwrap_or(-1),
        activity: val(&values, "activity"),
        note: val(&values, "note"),
    };
    let r = usecase::time::add_indirect_time(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, "time", values, r).await
}

/// Time per school: what the work took, per school, in a period (the school year by default).
pub async fn time_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(period): Query<usecase::time::PeriodQuery>,
) -> Response {
    let t = |k| ctx.lang.t(k);
    let (from, until, schools) = match usecase::time::time_per_school(&state, &ctx, &period).await {
        Ok(r) => r,
        Err(e) => return page_error(&ctx, e),
    };
    let hours = |m: i64| super::format_number(m as f64 / 60.0, 1, ctx.lang);
    let mut rows: Vec<Vec<Cell>> = schools
        .iter()
        .map(|s| {
            vec![
                Cell::text(&s.school_name),
                Cell::text(s.cases.to_string()),
                Cell::text(hours(s.direct_minutes)),
                Cell::text(hours(s.indirect_minutes)),
                Cell::text(hours(s.consultation_minutes)),
                Cell::text(hours(
                    s.direct_minutes + s.indirect_minutes + s.consultation_minutes,
                )),
            ]
        })
        .collect();
    let sum = |f: fn(&schakel_store::SchoolTime) -> i64| schools.iter().map(f).sum::<i64>();
    let (direct, indirect, consult) = (
        sum(|s| s.direct_minutes),
        sum(|s| s.indirect_minutes),
        sum(|s| s.consultation_minutes),
    );
    rows.push(vec![
        Cell::text(t("time.total")),
        Cell::text(sum(|s| s.cases).to_string()),
        Cell::text(hours(direct)),
        Cell::text(hours(indirect)),
        Cell::text(hours(consult)),
        Cell::text(hours(direct + indirect + consult)),
    ]);
    let v = AdminView {
        title: t("time.title").into(),
        page_id: "time".into(),
        lead: format!(
            "{} {} – {}.",
            t("time.lead"),
            format_date(&from.to_string(), ctx.lang),
            format_date(&until.to_string(), ctx.lang)
        ),
        breadcrumbs: vec![("/cases".into(), t("nav.cases").into())],
        search: Some(SearchSpec {
            action: "/time".into(),
            fields: vec![
                Field::new("from", t("time.from"), "date", from.to_string()),
                Field::new("until", t("time.until"), "date", until.to_string()),
            ],
        }),
        tables: vec![Table {
            caption: t("time.per_school").into(),
            headers: vec![
                t("field.school").into(),
                t("time.cases").into(),
                t("time.direct_hours").into(),
                t("time.indirect_hours").into(),
                t("time.consultation_hours").into(),
                t("time.total_hours").into(),
            ],
            rows,
            pagination: None,
        }],
        ..Default::default()
    };
    render_admin(ctx.page("cases"), &v)
}

pub async fn add_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = GoalInput {
        description: val(&values, "description"),
        theme: val(&values, "theme"),
        gas_start: num(&values, "gas_start").unwrap_or(99),
    };
    let r = usecase::goal::add_goal(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, "goal", values, r).await
}

/// The goal comes from the form (`goal_id`) or the path.
pub async fn score_goal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, goal_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let goal = num(&values, "goal_id").unwrap_or(goal_id);
    let r = usecase::goal::score_goal(
        &state,
        &ctx,
        id,
        goal,
        &val(&values, "moment"),
        num(&values, "score").unwrap_or(99),
    )
    .await;
    after(&state, &ctx, id, "score", values, r).await
}

pub async fn add_guardian(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = GuardianInput {
        name: val(&values, "name"),
        relation: val(&values, "relation"),
        has_gezag: val(&values, "has_gezag") == "on",
        phone: val(&values, "phone"),
        email: String::new(),
    };
    let r = usecase::child::add_guardian(&state, &ctx, id, &input).await;
    after(&state, &ctx, id, "guardian", values, r).await
}

pub async fn add_task(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let r = usecase::case::add_task(
        &state,
        &ctx,
        id,
        &val(&values, "description"),
        &val(&values, "due_on"),
    )
    .await;
    after(&state, &ctx, id, "task", values, r).await
}

pub async fn complete_task(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, task_id)): Path<(i64, i64)>,
) -> Response {
    let r = usecase::case::complete_task(&state, &ctx, id, task_id).await;
    after(&state, &ctx, id, "task", Vec::new(), r).await
}

/// Where consent to share may point: the school or an entry of the case's referral directory; "other" (typed) last.
fn recipient_choices(
    targets: &[schakel_store::ReferralTarget],
    ctx: &Ctx,
) -> Vec<(String, String)> {
    let t = |k| ctx.lang.t(k);
    let mut choices = vec![
        (String::new(), t("cases.recipient_none").to_string()),
        (
            "school".to_string(),
            t("cases.recipient_school").to_string(),
        ),
    ];
    choices.extend(
        targets
            .iter()
            .map(|x| (format!("target:{}", x.id), x.name.clone())),
    );
    choices.push(("other".to_string(), t("cases.recipient_typed").to_string()));
    choices
}

pub async fn add_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = ConsentInput {
        party: val(&values, "party"),
        purpose: val(&values, "purpose"),
        recipient_id: val(&values, "recipient_id"),
        recipient: val(&values, "recipient"),
        recipient_confirmed: val(&values, "recipient_confirmed") == "on",
        information: val(&values, "information"),
        given_on: val(&values, "given_on"),
        valid_until: val(&values, "valid_until"),
        child_wish: val(&values, "child_wish"),
    };
    let r = usecase::consent::add_consent(&state, &ctx, id, &input).await;
    after(&state, &ctx, id, "consent", values, r).await
}

pub async fn withdraw_consent(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, consent_id)): Path<(i64, i64)>,
) -> Response {
    let r = usecase::consent::withdraw_consent(&state, &ctx, id, consent_id).await;
    after(&state, &ctx, id, "consent", Vec::new(), r).await
}

pub async fn propose_onward(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let r = usecase::onward::propose_onward(
        &state,
        &ctx,
        id,
        num(&values, "target_id").unwrap_or(-1),
        &val(&values, "handover_note"),
    )
    .await;
    after(&state, &ctx, id, "onward", values, r).await
}

/// The step comes as `<onward id>:<status>` from the form, or the path names the onward referral.
pub async fn advance_onward(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, onward_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let step = val(&values, "step");
    let (oid, status) = match step.split_once(':') {
        Some((o, s)) => (o.parse().unwrap_or(onward_id), s.to_string()),
        None => (onward_id, val(&values, "status")),
    };
    let r = usecase::onward::advance_onward(
        &state,
        &ctx,
        id,
        oid,
        &status,
        &val(&values, "feedback"),
        &val(&values, "legal_ground"),
    )
    .await;
    after(&state, &ctx, id, "onward-status", values, r).await
}

pub async fn mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = MandateInput {
        care_kind: val(&values, "care_kind"),
        category: val(&values, "category"),
        volume: val(&values, "volume").trim().parse().ok(),
        volume_unit: val(&values, "volume_unit"),
        provider_id: num(&values, "provider_id"),
        period_from: val(&values, "period_from"),
        period_until: val(&values, "period_until"),
        reasons: val(&values, "reasons"),
    };
    let r = usecase::mandate::decide_mandate(&state, &ctx, id, &input)
        .await
        .map(|_| ());
    after(&state, &ctx, id, "mandate", values, r).await
}

/// The label of a stored product category in the user's language (a decision before the categories: "—").
fn category_label(code: &str, lang: crate::i18n::Lang) -> String {
    match (CareCategory::parse(code), lang) {
        (Some(c), crate::i18n::Lang::Nl) => format!("{} ({})", c.label_nl(), c.ijw_code()),
        (Some(c), crate::i18n::Lang::En) => format!("{} ({})", c.label_en(), c.ijw_code()),
        (None, _) => "—".into(),
    }
}

fn volume_label(volume: Option<i64>, unit: &str, lang: crate::i18n::Lang) -> String {
    match (volume, VolumeUnit::parse(unit), lang) {
        (Some(v), Some(u), crate::i18n::Lang::Nl) => format!("{v} {}", u.label_nl()),
        (Some(v), Some(u), crate::i18n::Lang::En) => format!("{v} {}", u.label_en()),
        _ => "—".into(),
    }
}

fn mandate_status_label(m: &schakel_store::MandateDecision, lang: crate::i18n::Lang) -> String {
    let Some(status) = MandateStatus::parse(&m.status) else {
        return m.status.clone();
    };
    let label = match lang {
        crate::i18n::Lang::Nl => status.label_nl(),
        crate::i18n::Lang::En => status.label_en(),
    };
    if status == MandateStatus::Refused && !m.refusal_reason.is_empty() {
        format!("{label}: {}", m.refusal_reason)
    } else {
        label.to_string()
    }
}

/// The page of one decision: everything the municipality's allocation needs, and for the team lead, while it
/// waits, approval or refusal with a reason.
async fn mandate_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    decision_id: i64,
    failed: Option<(&'static str, FormErrors, Values)>,
    saved: bool,
) -> Result<AdminView, AppError> {
    let p = ctx.principal()?.clone();
    let t = |k| ctx.lang.t(k);
    let (m, file) = usecase::mandate::open_mandate(state, ctx, id, decision_id).await?;
    let worker = state.store().worker(m.worker_id).await?;
    let status = MandateStatus::parse(&m.status);
    let mut v = AdminView {
        title: format!(
            "{} · {} · {}",
            t("cases.mandate_title"),
            file.child.full_name(),
            file.case.case_number
        ),
        page_id: "mandate".into(),
        breadcrumbs: vec![
            ("/cases".into(), t("nav.cases").into()),
            (format!("/cases/{id}"), file.case.case_number.clone()),
        ],
        success: saved.then(|| t("common.saved").into()),
        ..Default::default()
    };
    v.facts = vec![
        (
            t("referrals.status").into(),
            mandate_status_label(&m, ctx.lang),
        ),
        (
            t("referrals.child").into(),
            format!(
                "{} · {} {}",
                file.child.full_name(),
                t("referrals.born"),
                format_date(&file.child.date_of_birth, ctx.lang)
            ),
        ),
        (
            t("cases.category").into(),
            category_label(&m.category, ctx.lang),
        ),
        (t("cases.care_kind").into(), m.care_kind.clone()),
        (
            t("cases.volume").into(),
            volume_label(m.volume, &m.volume_unit, ctx.lang),
        ),
        (t("cases.provider").into(), m.provider.clone()),
        (
            t("cases.period").into(),
            format!(
                "{} – {}",
                format_date(&m.period_from, ctx.lang),
                format_date(&m.period_until, ctx.lang)
            ),
        ),
        (t("cases.reasons").into(), m.reasons.clone()),
        (
            t("cases.decided_by").into(),
            format!("{} · {}", worker.name, format_date(&m.decided_on, ctx.lang)),
        ),
    ];
    if let Some(on) = &m.approved_on {
        v.facts
            .push((t("cases.approved_on").into(), format_date(on, ctx.lang)));
    }
    if let Some(on) = &m.refused_on {
        v.facts
            .push((t("cases.refused_on").into(), format_date(on, ctx.lang)));
        v.facts
            .push((t("cases.refusal_reason").into(), m.refusal_reason.clone()));
    }
    v.links
        .push((format!("/cases/{id}"), t("cases.back_to_case").into()));
    if status == Some(MandateStatus::AwaitingApproval) && p.role == Role::TeamLead {
        let mut forms = vec![
            FormSpec {
                id: "approve",
                title: t("cases.approve_decision").into(),
                action: format!("/cases/{id}/mandate/{decision_id}/approve"),
                submit: t("cases.approve").into(),
                ..Default::default()
            },
            FormSpec {
                id: "refuse",
                title: t("cases.refuse_decision").into(),
                action: format!("/cases/{id}/mandate/{decision_id}/refuse"),
                submit: t("cases.refuse").into(),
                danger: true,
                fields: vec![
                    Field::new("reason", t("cases.refusal_reason"), "textarea", "")
                        .hint(t("cases.refusal_reason_hint")),
                ],
                ..Default::default()
            },
        ];
        if let Some((form_id, errors, values)) = failed {
            for f in forms.iter_mut().filter(|f| f.id == form_id) {
                *f = f
                    .clone()
                    .with_values(&values)
                    .with_errors(&errors, ctx.lang);
                if f.fields.iter().all(|x| x.error.is_none()) {
                    if let Some(first) = f.fields.first_mut() {
                        first.error = Some(errors.all(&ctx.lang).join(" "));
                    } else {
                        v.lead = errors.all(&ctx.lang).join(" ");
                    }
                }
            }
        }
        v.forms = forms.into_iter().map(FormSpec::scoped).collect();
    } else if let Some((_, errors, _)) = failed {
        v.lead = errors.all(&ctx.lang).join(" ");
    }
    Ok(v)
}

#[derive(Deserialize, Default)]
pub struct SavedQuery {
    pub saved: Option<String>,
}

pub async fn show_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
    Query(q): Query<SavedQuery>,
) -> Response {
    match mandate_view(&state, &ctx, id, decision_id, None, q.saved.is_some()).await {
        Ok(v) => render_admin(ctx.page("cases"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// After the team lead's verdict: back to the decision (Post/Redirect/Get), or its page with the errors.
async fn after_verdict(
    state: &AppState,
    ctx: &Ctx,
    (id, decision_id): (i64, i64),
    form_id: &'static str,
    values: Values,
    result: Result<(), AppError>,
) -> Response {
    let errors = match result {
        Ok(()) => {
            return Redirect::to(&format!("/cases/{id}/mandate/{decision_id}?saved=1"))
                .into_response();
        }
        Err(AppError::Validation(e)) => FormErrors(e),
        Err(e) => return page_error(ctx, e),
    };
    match mandate_view(
        state,
        ctx,
        id,
        decision_id,
        Some((form_id, errors, values)),
        false,
    )
    .await
    {
        Ok(v) => {
            let mut res = render_admin(ctx.page("cases"), &v);
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(ctx, e),
    }
}

pub async fn approve_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
) -> Response {
    let r = usecase::mandate::approve_mandate(&state, &ctx, id, decision_id).await;
    after_verdict(&state, &ctx, (id, decision_id), "approve", Vec::new(), r).await
}

pub async fn refuse_mandate(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, decision_id)): Path<(i64, i64)>,
    Form(values): Form<Values>,
) -> Response {
    let r =
        usecase::mandate::refuse_mandate(&state, &ctx, id, decision_id, &val(&values, "reason"))
            .await;
    after_verdict(&state, &ctx, (id, decision_id), "refuse", values, r).await
}

pub async fn transfer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = usecase::onward::TransferInput {
        worker_id: num(&values, "worker_id").unwrap_or(-1),
        note: val(&values, "note"),
        version: num(&values, "version"),
    };
    let r = usecase::onward::transfer(&state, &ctx, id, &input).await;
    match r {
        // After a transfer the former worker may no longer open the file.
        Ok(()) => Redirect::to("/cases").into_response(),
        Err(e) => after(&state, &ctx, id, "transfer", values, Err(e)).await,
    }
}

pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(values): Form<Values>,
) -> Response {
    let input = ClosureInput {
        reason: val(&values, "reason"),
        note: val(&values, "note"),
        satisfaction_parent: num(&values, "satisfaction_parent"),
        satisfaction_child: num(&values, "satisfaction_child"),
        version: num(&values, "version"),
    };
    let r = usecase::closure::close(&state, &ctx, id, &input).await;
    after(&state, &ctx, id, "close", values, r).await
}

/// Upload: multipart with `file` and `description`; the CSRF token travels in the query.
pub async fn upload_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    mut multipart: axum::extract::Multipart,
) -> Response {
    let mut filename = String::new();
    let mut bytes = Vec::new();
    let mut description = String::new();
    let mut too_big = false;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("file") => {
                    filename = field.file_name().unwrap_or("").to_string();
                    match field.bytes().await {
                        Ok(b) => bytes = b.to_vec(),
                        Err(_) => too_big = true,
                    }
                }
                Some("description") => description = field.text().await.unwrap_or_default(),
                _ => {}
            },
            Ok(None) => break,
            Err(_) => {
                too_big = true;
                break;
            }
        }
    }
    let r = if too_big {
        Err(AppError::Validation(vec![
            schakel_domain::org::FieldError::new(
                "file",
                "Het bestand kon niet worden gelezen of is te groot (hoogstens 10 MB).",
                "The file could not be read or is too large (10 MB at most).",
            ),
        ]))
    } else {
        usecase::document::add_document(&state, &ctx, id, &filename, &bytes, &description)
            .await
            .map(|_| ())
    };
    after(
        &state,
        &ctx,
        id,
        "document",
        vec![("description".into(), description)],
        r,
    )
    .await
}

/// Download: as an attachment, never rendered inline, and logged.
pub async fn download_document(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, document_id)): Path<(i64, i64)>,
) -> Response {
    match usecase::document::download(&state, &ctx, id, document_id).await {
        Ok(file) => file.into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn approve_closure(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> Response {
    let r = usecase::closure::approve_closure(&state, &ctx, id).await;
    after(&state, &ctx, id, "approve-closure", Vec::new(), r).await
}
