//! The forms of each section of the case file, with what they offer (options from the form lists).

use super::input::ClosureForm;
use super::sections::Loaded;
use crate::pages::PageCtx;
use crate::pages::form::{Values, form_of};
use crate::pages::view::{Field, FormSpec};
use schakel_domain::Role;
use schakel_domain::casework::{self as rules, OnwardStatus, Taxonomy};
use schakel_domain::mandate::{self, CareCategory, VolumeUnit};
use schakel_store::Worker;

fn gas_options(min: i64) -> Vec<(String, String)> {
    (min..=2)
        .map(|s| (s.to_string(), format!("{s:+}")))
        .collect()
}

/// The options of a coded list, labelled in the reader's language.
fn coded<T: Copy>(
    all: &[T],
    label: impl Fn(T) -> (&'static str, &'static str),
) -> Vec<(String, String)> {
    all.iter()
        .map(|k| {
            let (code, text) = label(*k);
            (code.to_string(), text.to_string())
        })
        .collect()
}

fn none_first(options: impl Iterator<Item = (String, String)>) -> Vec<(String, String)> {
    std::iter::once((String::new(), "—".to_string()))
        .chain(options)
        .collect()
}

/// The choice of a legal ground for sharing without consent (an onward referral; which recipients each
/// ground covers is the domain's rule, `LegalGround::covers`).
fn legal_ground_field(page: &PageCtx) -> Field {
    let t = |k| page.t(k);
    Field::new("legal_ground", t("cases.legal_ground"), "select", "")
        .optional()
        .options(vec![
            (String::new(), t("cases.legal_none").into()),
            ("meldcode".into(), t("cases.legal_meldcode").into()),
            ("acute_safety".into(), t("cases.legal_acute").into()),
        ])
        .hint(t("cases.legal_hint"))
}

fn form(
    id: &'static str,
    title: &str,
    action: String,
    submit: &str,
    fields: Vec<Field>,
) -> FormSpec {
    FormSpec {
        id,
        title: title.into(),
        action,
        submit: submit.into(),
        fields,
        ..Default::default()
    }
}

pub fn overview(l: &Loaded, page: &PageCtx) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    let (id, c, child) = (l.id, &l.file.case, &l.file.child);
    let check = |on: bool| if on { "on" } else { "" };
    let mut forms = Vec::new();
    if l.open() {
        forms.push(FormSpec {
            version: Some(c.version),
            ..form(
                "edit",
                t("cases.edit"),
                format!("/cases/{id}"),
                t("common.save"),
                vec![
                    Field::new("summary", t("cases.summary"), "textarea", c.summary.clone())
                        .optional(),
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
                        check(*c.safety_concern),
                    ),
                ],
            )
        });
        forms.push(FormSpec {
            version: Some(child.version),
            ..form(
                "child",
                t("cases.child_details"),
                format!("/cases/{id}/child"),
                t("common.save"),
                vec![
                    Field::new(
                        "class_name",
                        t("referrals.class"),
                        "text",
                        child.class_name.clone(),
                    )
                    .optional(),
                    Field::new(
                        "home_language",
                        t("cases.home_language"),
                        "text",
                        child.home_language.clone(),
                    )
                    .optional(),
                    Field::new(
                        "interpreter_needed",
                        t("cases.interpreter_needed"),
                        "checkbox",
                        check(*child.interpreter_needed),
                    ),
                ],
            )
        });
    }
    forms.push(form(
        "guardian",
        t("cases.add_guardian"),
        format!("/cases/{id}/guardians"),
        t("common.save"),
        vec![
            Field::new("name", t("field.name"), "text", ""),
            Field::new("relation", t("referrals.relation"), "text", "")
                .optional()
                .hint(t("referrals.relation_hint")),
            Field::new("has_gezag", t("referrals.has_gezag"), "checkbox", ""),
            Field::new("phone", t("referrals.phone"), "text", "").optional(),
        ],
    ));
    if l.open() {
        let workers = l
            .lists
            .workers
            .iter()
            .filter(|w| Some(w.id) != c.worker_id)
            .map(|w| (w.id.to_string(), w.name.clone()))
            .collect();
        forms.push(FormSpec {
            version: Some(c.version),
            ..form(
                "transfer",
                t("cases.transfer"),
                format!("/cases/{id}/transfer"),
                t("cases.transfer_submit"),
                vec![
                    Field::new("worker_id", t("field.worker"), "select", "").options(workers),
                    Field::new("note", t("cases.handover"), "textarea", "")
                        .hint(t("cases.transfer_hint")),
                ],
            )
        });
    }
    forms
}

pub fn contacts(l: &Loaded, page: &PageCtx) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    if !l.open() {
        return Vec::new();
    }
    let today = l.today.to_string();
    vec![
        form(
            "contact",
            t("cases.add_contact"),
            format!("/cases/{}/contacts", l.id),
            t("common.save"),
            vec![
                Field::new("held_on", t("cases.date"), "date", today.clone()),
                Field::new("kind", t("cases.kind"), "select", "gesprek_kind")
                    .options(coded(rules::ContactKind::ALL, |k| {
                        (k.code(), k.label(page.lang))
                    })),
                Field::new("participants", t("cases.participants"), "text", "").optional(),
                Field::new("minutes", t("consultations.minutes"), "number", "45"),
                Field::new("note", t("cases.note"), "textarea", "").optional(),
            ],
        ),
        form(
            "time",
            t("cases.add_time"),
            format!("/cases/{}/time", l.id),
            t("common.save"),
            vec![
                Field::new("spent_on", t("cases.date"), "date", today),
                Field::new("minutes", t("consultations.minutes"), "number", "30"),
                Field::new("activity", t("cases.activity"), "select", "verslaglegging").options(
                    coded(rules::IndirectActivity::ALL, |k| {
                        (k.code(), k.label(page.lang))
                    }),
                ),
                Field::new("note", t("cases.note"), "text", "").optional(),
            ],
        ),
    ]
}

pub fn goals(l: &Loaded, page: &PageCtx) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    if !l.open() {
        return Vec::new();
    }
    let (id, file, settings) = (l.id, &l.file, &l.lists.settings);
    // Until the organisation's list is first used, the defaults apply.
    let themes: Vec<(String, String)> = if l.lists.goal_themes.is_empty() {
        crate::usecase::config::options_in(&[], Taxonomy::GoalThemes, page.lang)
    } else {
        crate::usecase::config::options_in(&l.lists.goal_themes, Taxonomy::GoalThemes, page.lang)
    };
    let mut forms = Vec::new();
    // Scoring comes first: on a phone the day's action is within one screen.
    if !file.goals.is_empty() {
        forms.push(form(
            "score",
            t("cases.score_goal"),
            format!("/cases/{id}/goals/0/score"),
            t("common.save"),
            vec![
                Field::new("goal_id", t("cases.goal"), "select", "").options(
                    file.goals
                        .iter()
                        .map(|g| (g.id.to_string(), g.description.clone()))
                        .collect(),
                ),
                Field::new("moment", t("cases.moment"), "radios", "review").options(vec![
                    ("review".into(), t("cases.gas_review").into()),
                    ("end".into(), t("cases.gas_end").into()),
                ]),
                Field::new("score", "GAS", "radios", "0").options(gas_options(settings.gas_min)),
            ],
        ));
    }
    forms.push(form(
        "goal",
        t("cases.add_goal"),
        format!("/cases/{id}/goals"),
        t("common.save"),
        vec![
            Field::new("description", t("cases.goal"), "text", ""),
            Field::new("theme", t("cases.goal_theme"), "select", "")
                .optional()
                .options(none_first(themes.into_iter())),
            Field::new("gas_start", "GAS start", "select", "-1")
                .options(gas_options(settings.gas_min)),
        ],
    ));
    forms
}

/// Where consent to share may point: the school or an entry of the case's referral directory; "other" (typed) last.
fn recipient_choices(
    targets: &[schakel_store::ReferralTarget],
    page: &PageCtx,
) -> Vec<(String, String)> {
    let t = |k| page.t(k);
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

pub fn consent(l: &Loaded, page: &PageCtx) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    let mut parties = vec![("child".to_string(), t("cases.party_child").to_string())];
    parties.extend(l.file.guardians.iter().filter(|g| *g.has_gezag).map(|g| {
        (
            format!("guardian:{}", g.id),
            format!("{} ({})", g.name, g.relation),
        )
    }));
    vec![form(
        "consent",
        t("cases.add_consent"),
        format!("/cases/{}/consents", l.id),
        t("common.save"),
        vec![
            Field::new("party", t("cases.party"), "radios", "")
                .options(parties)
                .hint(t("cases.party_hint")),
            Field::new("purpose", t("cases.purpose"), "radios", "help").options(vec![
                ("help".into(), t("cases.purpose_help").into()),
                ("share".into(), t("cases.purpose_share").into()),
            ]),
            Field::new("recipient_id", t("cases.recipient"), "select", "")
                .options(recipient_choices(&l.lists.targets, page))
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
            Field::new("given_on", t("cases.given_on"), "date", l.today.to_string()),
            Field::new("valid_until", t("cases.valid_until"), "date", "").optional(),
            Field::new("child_wish", t("cases.child_wish"), "text", "")
                .optional()
                .hint(t("cases.child_wish_hint")),
        ],
    )]
}

pub fn tasks(l: &Loaded, page: &PageCtx) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    if !l.open() {
        return Vec::new();
    }
    vec![form(
        "task",
        t("cases.add_task"),
        format!("/cases/{}/tasks", l.id),
        t("common.save"),
        vec![
            Field::new("description", t("cases.task"), "text", ""),
            Field::new("due_on", t("cases.due"), "date", "").optional(),
        ],
    )]
}

pub fn onward(l: &Loaded, page: &PageCtx, worker: Option<&Worker>) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    if !l.open() {
        return Vec::new();
    }
    let (id, file, lists) = (l.id, &l.file, &l.lists);
    let target = |x: &schakel_store::ReferralTarget| {
        (
            x.id.to_string(),
            format!(
                "{} ({})",
                x.name,
                rules::TargetKind::label_of(&x.kind, page.lang)
            ),
        )
    };
    let mut forms = vec![form(
        "onward",
        t("cases.propose_onward"),
        format!("/cases/{id}/onward"),
        t("common.save"),
        vec![
            Field::new("target_id", t("cases.target"), "select", "")
                .options(lists.targets.iter().map(target).collect()),
            Field::new("handover_note", t("cases.handover"), "textarea", "")
                .optional()
                .hint(t("cases.handover_hint")),
        ],
    )];
    let steps: Vec<(String, String)> = file
        .onward
        .iter()
        .filter_map(|o| OnwardStatus::parse(&o.status).map(|s| (o, s)))
        .flat_map(|(o, s)| {
            s.next().iter().map(move |n| {
                (
                    format!("{}:{}", o.id, n.as_str()),
                    format!("{} → {}", o.target_name, n.label_nl()),
                )
            })
        })
        .collect();
    if !steps.is_empty() {
        forms.push(form(
            "onward-status",
            t("cases.advance_onward"),
            format!("/cases/{id}/onward/0/status"),
            t("common.save"),
            vec![
                Field::new("step", t("cases.step"), "select", "").options(steps),
                Field::new("feedback", t("cases.feedback"), "text", "").optional(),
                legal_ground_field(page),
            ],
        ));
    }
    if worker.is_some_and(|w| *w.may_authorise_youth_care) && *lists.settings.smw_plus {
        forms.push(mandate_form(l, page));
    }
    if file.case.school_id.is_some() {
        forms.push(form(
            "school-report",
            t("cases.school_report"),
            format!("/cases/{id}/school-reports"),
            t("cases.school_report_submit"),
            // No legal ground covers informing the school: only consent does.
            vec![
                Field::new("body", t("cases.school_report_body"), "textarea", "")
                    .hint(t("cases.school_report_hint")),
            ],
        ));
    }
    forms
}

fn mandate_form(l: &Loaded, page: &PageCtx) -> FormSpec {
    let t = |k| page.t(k);
    let months = l.lists.settings.mandate_max_months;
    let lang = page.lang;
    let categories = CareCategory::ALL.iter().map(|c| {
        (
            c.as_str().to_string(),
            super::mandate::category_label(c.as_str(), lang),
        )
    });
    let units = VolumeUnit::ALL.iter().map(|u| {
        let label = match lang {
            crate::i18n::Lang::Nl => u.label_nl(),
            crate::i18n::Lang::En => u.label_en(),
        };
        (u.as_str().to_string(), label.to_string())
    });
    let providers = l
        .lists
        .targets
        .iter()
        .filter(|x| mandate::may_provide_youth_care(&x.kind))
        .map(|x| {
            (
                x.id.to_string(),
                format!(
                    "{} ({})",
                    x.name,
                    rules::TargetKind::label_of(&x.kind, page.lang)
                ),
            )
        });
    form(
        "mandate",
        t("cases.mandate_new"),
        format!("/cases/{}/mandate", l.id),
        t("common.save"),
        vec![
            Field::new("category", t("cases.category"), "select", "")
                .options(none_first(categories)),
            Field::new("care_kind", t("cases.care_kind"), "text", "")
                .hint(t("cases.care_kind_hint")),
            Field::new("volume", t("cases.volume"), "number", ""),
            Field::new("volume_unit", t("cases.volume_unit"), "select", "")
                .options(none_first(units)),
            Field::new("provider_id", t("cases.provider"), "select", "")
                .options(none_first(providers))
                .hint(t("cases.provider_hint")),
            Field::new(
                "period_from",
                t("field.starts_on"),
                "date",
                l.today.to_string(),
            ),
            Field::new("period_until", t("field.ends_on"), "date", "").hint(&format!(
                "{} {months} {}",
                t("cases.period_max"),
                t("cases.months")
            )),
            Field::new("reasons", t("cases.reasons"), "textarea", ""),
            Field::new("product_code", t("cases.product_code"), "text", "")
                .optional()
                .hint(t("cases.product_code_hint")),
            Field::new("agb_code", t("cases.agb_code"), "text", "")
                .optional()
                .private_number()
                .hint(t("cases.agb_code_hint")),
            Field::new("bsn", t("cases.bsn"), "text", "")
                .optional()
                .private_number()
                .hint(t("cases.bsn_hint")),
        ],
    )
}

pub fn documents(l: &Loaded, page: &PageCtx) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    if !l.open() {
        return Vec::new();
    }
    vec![FormSpec {
        // The CSRF token travels in the query: a multipart body is read after the check.
        action: format!("/cases/{}/documents?csrf={}", l.id, page.csrf),
        multipart: true,
        ..form(
            "document",
            t("cases.add_document"),
            String::new(),
            t("cases.upload"),
            vec![
                Field::new("file", t("cases.file"), "file", "").hint(t("cases.file_hint")),
                Field::new("description", t("cases.description"), "text", "").optional(),
            ],
        )
    }]
}

/// The closing form's fields; the first step only asks to confirm (`step=confirm`).
fn close_fields(page: &PageCtx) -> Vec<Field> {
    let t = |k| page.t(k);
    vec![
        Field::new(
            "reason",
            t("cases.closure_reason"),
            "select",
            "doelen_bereikt",
        )
        .options(coded(rules::ClosureReason::ALL, |k| {
            (k.code(), k.label(page.lang))
        })),
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
    ]
}

pub fn closure(l: &Loaded, page: &PageCtx) -> Vec<FormSpec> {
    let t = |k| page.t(k);
    let (id, c) = (l.id, &l.file.case);
    let lead = l.principal.role == Role::TeamLead;
    let mut forms = Vec::new();
    if l.open() {
        let mut fields = close_fields(page);
        fields.push(Field::new("step", "", "hidden", "confirm"));
        forms.push(FormSpec {
            version: Some(c.version),
            danger: true,
            ..form(
                "close",
                t("cases.close"),
                format!("/cases/{id}/close"),
                t("cases.close_submit"),
                fields,
            )
        });
    }
    if c.status == "closure_requested" && lead {
        forms.push(form(
            "approve-closure",
            t("cases.closure_requested"),
            format!("/cases/{id}/close/approve"),
            t("cases.approve_closure"),
            Vec::new(),
        ));
    }
    if c.status == "closed" && lead {
        forms.push(form(
            "reopen",
            t("case.reopen"),
            format!("/cases/{id}/reopen"),
            t("case.reopen_submit"),
            vec![
                Field::new("reason", t("case.reopen_reason"), "textarea", "")
                    .hint(t("case.reopen_hint")),
            ],
        ));
    }
    forms
}

/// The step "are you sure?": what closing will record, and the form that closes with those values.
pub fn close_confirmation(
    l: &Loaded,
    page: &PageCtx,
    values: &Values,
) -> (Vec<(String, String)>, FormSpec) {
    let t = |k| page.t(k);
    let closing: ClosureForm = form_of(values);
    let shown = |v: &str| {
        if v.trim().is_empty() {
            "—".to_string()
        } else {
            v.trim().to_string()
        }
    };
    let summary = vec![
        (
            t("cases.closure_reason").to_string(),
            shown(
                rules::ClosureReason::parse(closing.reason.trim())
                    .map(|r| r.label(page.lang))
                    .unwrap_or(""),
            ),
        ),
        (
            t("cases.satisfaction_parent").to_string(),
            shown(&closing.satisfaction_parent),
        ),
        (
            t("cases.satisfaction_child").to_string(),
            shown(&closing.satisfaction_child),
        ),
        (t("cases.note").to_string(), shown(&closing.note)),
    ];
    let hidden = [
        ("reason", &closing.reason),
        ("satisfaction_parent", &closing.satisfaction_parent),
        ("satisfaction_child", &closing.satisfaction_child),
        ("note", &closing.note),
    ]
    .into_iter()
    .map(|(name, v)| Field::new(name, "", "hidden", v.trim()))
    .collect();
    let confirm = FormSpec {
        version: Some(l.file.case.version),
        danger: true,
        ..form(
            "close-confirm",
            t("case.close_confirm"),
            format!("/cases/{}/close", l.id),
            t("case.close_confirm_submit"),
            hidden,
        )
    };
    (summary, confirm)
}
