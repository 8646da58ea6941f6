//! One builder, struct and template per section of the case file. Each builder takes the file read once
//! for the page and returns the section's HTML.

use super::Failed;
use super::forms;
use super::sections::{CaseTable, Feedback, Frame, Loaded, Section, apply_failed};
use crate::error::AppError;
use crate::pages::form::Values;
use crate::pages::view::{Cell, FormSpec};
use crate::pages::{PageCtx, format_date, format_timestamp};
use askama::Template;
use schakel_domain::Role;
use schakel_domain::casework::{self as rules, OnwardStatus, Taxonomy};
use schakel_domain::mandate::MandateStatus;
use schakel_store::Worker;

/// How many of the newest contacts the contacts section shows before "show all".
pub(super) const CONTACTS_SHOWN: usize = 5;
/// Notes longer than this many characters are folded behind "read more".
const NOTE_PREVIEW: usize = 140;

/// What a section is asked to show besides the file.
pub struct Ask<'a> {
    pub section: Section,
    pub failed: Option<Failed>,
    pub success: Option<String>,
    pub worker: Option<&'a Worker>,
    /// The closing form's values, to confirm before the case is closed.
    pub confirm: Option<Values>,
}

fn render(t: &impl Template) -> Result<String, AppError> {
    t.render()
        .map_err(|e| AppError::Internal(format!("template: {e}")))
}

fn frame(section: Section, page: &PageCtx, success: Option<String>, feedback: Feedback) -> Frame {
    Frame {
        key: section.as_str(),
        title: page.t(&format!("case.section.{}", section.as_str())).into(),
        success,
        summary: feedback.summary,
        conflict: feedback.conflict,
    }
}

/// Prepares the forms (values and errors of a failed one, ids scoped) and the frame around them.
fn with_forms(ask: Ask<'_>, page: &PageCtx, mut forms: Vec<FormSpec>) -> (Frame, Vec<FormSpec>) {
    forms = forms.into_iter().map(FormSpec::scoped).collect();
    let outcome = apply_failed(&mut forms, ask.failed, page.lang);
    (frame(ask.section, page, ask.success, outcome), forms)
}

pub fn render_section(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    match ask.section {
        Section::Overview => overview(l, page, ask),
        Section::Contacts => contacts(l, page, ask),
        Section::Goals => goals(l, page, ask),
        Section::Consent => consent(l, page, ask),
        Section::Tasks => tasks(l, page, ask),
        Section::Onward => onward(l, page, ask),
        Section::Documents => documents(l, page, ask),
        Section::Timeline => timeline(l, page, ask),
        Section::Closure => closure(l, page, ask),
    }
}

fn date_or_empty(d: Option<&str>, page: &PageCtx) -> String {
    d.map(|d| format_date(d, page.lang)).unwrap_or_default()
}

#[derive(Template)]
#[template(path = "case/overview.html")]
struct OverviewSection<'a> {
    page: &'a PageCtx,
    sec: Frame,
    facts: Vec<(String, String)>,
    links: Vec<(String, String)>,
    tables: Vec<CaseTable>,
    forms: Vec<FormSpec>,
}

fn overview(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let (file, c) = (&l.file, &l.file.case);
    let days = file.referral.as_ref().and_then(|r| {
        let referred = chrono::NaiveDate::parse_from_str(&r.received_on, "%Y-%m-%d").ok()?;
        let first = c
            .first_contact_on
            .as_deref()
            .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
        rules::days_to_first_contact(referred, first)
    });
    let mut facts = vec![
        (
            t("cases.home_language").into(),
            match (
                file.child.home_language.trim(),
                *file.child.interpreter_needed,
            ) {
                ("", false) => "—".to_string(),
                (lang, false) => lang.to_string(),
                ("", true) => t("cases.interpreter_needed").to_string(),
                (lang, true) => format!("{lang} · {}", t("cases.interpreter_needed")),
            },
        ),
        (
            t("cases.opened").into(),
            format_date(&c.opened_on, page.lang),
        ),
        (
            t("cases.first_contact").into(),
            match (c.first_contact_on.as_deref(), days) {
                (Some(d), Some(n)) => format!(
                    "{} ({n} {})",
                    format_date(d, page.lang),
                    t("cases.days_after_referral")
                ),
                (Some(d), None) => format_date(d, page.lang),
                _ => t("cases.no_contact_yet").into(),
            },
        ),
        time_fact(l, page),
    ];
    if let Some(r) = &file.referral {
        facts.push((t("referrals.reason").into(), r.reason.clone()));
    }
    if !c.summary.is_empty() {
        facts.push((t("cases.summary").into(), c.summary.clone()));
    }
    let mut links = vec![(
        format!("/cases/{}/kind-in-kaart", l.id),
        t("kik.open").into(),
    )];
    if let Some(prev) = c.previous_case_id {
        links.push((format!("/cases/{prev}"), t("cases.previous").into()));
    }
    let household = CaseTable {
        id: "household",
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
    };
    let (sec, forms) = with_forms(ask, page, forms::overview(l, page));
    render(&OverviewSection {
        page,
        sec,
        facts,
        links,
        tables: vec![household],
        forms,
    })
}

fn time_fact(l: &Loaded, page: &PageCtx) -> (String, String) {
    (
        page.t("cases.time").into(),
        format!(
            "{} min {} · {} min {}",
            l.file.contact_minutes,
            page.t("cases.direct"),
            l.file.indirect_minutes,
            page.t("cases.indirect")
        ),
    )
}

/// A contact as the list shows it: a long note folded behind "read more".
struct ContactRow {
    date: String,
    kind: String,
    participants: String,
    minutes: i64,
    preview: String,
    note: String,
    folded: bool,
}

fn preview(note: &str) -> (String, bool) {
    if note.chars().count() <= NOTE_PREVIEW {
        return (note.to_string(), false);
    }
    let cut: String = note.chars().take(NOTE_PREVIEW).collect();
    // End at a word where there is one, so the preview does not stop mid-word.
    let cut = match cut.rfind(char::is_whitespace) {
        Some(i) if i > NOTE_PREVIEW / 2 => cut[..i].to_string(),
        _ => cut,
    };
    (format!("{}…", cut.trim_end()), true)
}

#[derive(Template)]
#[template(path = "case/contacts.html")]
struct ContactsSection<'a> {
    page: &'a PageCtx,
    sec: Frame,
    facts: Vec<(String, String)>,
    caption: String,
    headers: [&'static str; 5],
    contacts: Vec<ContactRow>,
    more: Option<(String, String)>,
    forms: Vec<FormSpec>,
}

fn contacts(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let file = &l.file;
    let shown = if l.all {
        file.contacts.len()
    } else {
        CONTACTS_SHOWN
    };
    let contacts: Vec<ContactRow> = file
        .contacts
        .iter()
        .take(shown)
        .map(|k| {
            let (preview, folded) = preview(&k.note);
            ContactRow {
                date: format_date(&k.held_on, page.lang),
                kind: rules::ContactKind::parse(&k.kind)
                    .map_or_else(|| k.kind.clone(), |c| c.label(page.lang).to_string()),
                participants: k.participants.clone(),
                minutes: k.minutes,
                preview,
                note: k.note.clone(),
                folded,
            }
        })
        .collect();
    let more = if l.all {
        Some((
            Section::Contacts.href(l.id),
            t("case.contacts_newest").to_string(),
        ))
    } else if file.contact_count > contacts.len() as i64 {
        Some((
            format!("{}&all=1", Section::Contacts.href(l.id)),
            format!(
                "{} ({} {})",
                t("case.contacts_all"),
                file.contact_count,
                t("cases.contacts_lower")
            ),
        ))
    } else {
        None
    };
    // The minutes are in the time fact above the table.
    let caption = format!(
        "{} ({} {} {})",
        t("cases.contacts"),
        contacts.len(),
        t("case.of"),
        file.contact_count
    );
    let facts = vec![time_fact(l, page)];
    let headers = [
        t("cases.date"),
        t("cases.kind"),
        t("cases.participants"),
        t("consultations.minutes"),
        t("cases.note"),
    ];
    let (sec, forms) = with_forms(ask, page, forms::contacts(l, page));
    render(&ContactsSection {
        page,
        sec,
        facts,
        caption,
        headers,
        contacts,
        more,
        forms,
    })
}

/// The sections that are a table or two with their forms share one shape, each with its own template.
macro_rules! table_section {
    ($name:ident, $path:literal) => {
        #[derive(Template)]
        #[template(path = $path)]
        struct $name<'a> {
            page: &'a PageCtx,
            sec: Frame,
            facts: Vec<(String, String)>,
            tables: Vec<CaseTable>,
            links: Vec<(String, String)>,
            forms: Vec<FormSpec>,
        }
    };
}

table_section!(GoalsSection, "case/goals.html");
table_section!(ConsentSection, "case/consent.html");
table_section!(TasksSection, "case/tasks.html");
table_section!(OnwardSection, "case/onward.html");
table_section!(DocumentsSection, "case/documents.html");
table_section!(TimelineSection, "case/timeline.html");

fn goals(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let score = |s: Option<i64>| s.map(|s| format!("{s:+}")).unwrap_or_else(|| "–".into());
    let table = CaseTable {
        id: "goals",
        caption: t("cases.goals").into(),
        headers: vec![
            t("cases.goal").into(),
            t("cases.goal_theme").into(),
            "GAS start".into(),
            t("cases.gas_review").into(),
            t("cases.gas_end").into(),
        ],
        rows: l
            .file
            .goals
            .iter()
            .map(|g| {
                vec![
                    Cell::text(&g.description),
                    Cell::text(crate::usecase::config::labels_in(
                        &l.lists.goal_themes,
                        Taxonomy::GoalThemes,
                        &g.theme,
                        page.lang,
                    )),
                    Cell::text(format!("{:+}", g.gas_start)),
                    Cell::text(score(g.gas_review)),
                    Cell::text(score(g.gas_end)),
                ]
            })
            .collect(),
    };
    let (sec, forms) = with_forms(ask, page, forms::goals(l, page));
    render(&GoalsSection {
        page,
        sec,
        facts: Vec::new(),
        tables: vec![table],
        links: Vec::new(),
        forms,
    })
}

fn consent(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let file = &l.file;
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
    let rows = file
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
                Cell::text(format_date(&k.given_on, page.lang)),
                Cell::text(date_or_empty(k.valid_until.as_deref(), page)),
                Cell::text(date_or_empty(k.withdrawn_on.as_deref(), page)),
                if k.withdrawn_on.is_none() {
                    Cell::action(
                        t("cases.withdraw"),
                        format!("/cases/{}/consents/{}/withdraw", l.id, k.id),
                    )
                } else {
                    Cell::text("")
                },
            ]
        })
        .collect();
    let table = CaseTable {
        id: "consents",
        caption: t("cases.consents").into(),
        headers: vec![
            t("cases.party").into(),
            t("cases.purpose").into(),
            t("cases.given_on").into(),
            t("cases.valid_until").into(),
            t("cases.withdrawn").into(),
            t("common.actions").into(),
        ],
        rows,
    };
    let (sec, forms) = with_forms(ask, page, forms::consent(l, page));
    render(&ConsentSection {
        page,
        sec,
        facts: Vec::new(),
        tables: vec![table],
        links: Vec::new(),
        forms,
    })
}

fn tasks(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let table = CaseTable {
        id: "tasks",
        caption: t("cases.tasks").into(),
        headers: vec![
            t("cases.task").into(),
            t("cases.due").into(),
            t("cases.done").into(),
        ],
        rows: l
            .file
            .tasks
            .iter()
            .map(|k| {
                vec![
                    Cell::text(&k.description),
                    Cell::text(date_or_empty(k.due_on.as_deref(), page)),
                    match &k.done_on {
                        Some(d) => Cell::text(format_date(d, page.lang)),
                        None => Cell::action(
                            t("cases.mark_done"),
                            format!("/cases/{}/tasks/{}/done", l.id, k.id),
                        ),
                    },
                ]
            })
            .collect(),
    };
    let (sec, forms) = with_forms(ask, page, forms::tasks(l, page));
    render(&TasksSection {
        page,
        sec,
        facts: Vec::new(),
        tables: vec![table],
        links: Vec::new(),
        forms,
    })
}

fn onward(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let (id, file) = (l.id, &l.file);
    let mut tables = vec![CaseTable {
        id: "onward",
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
                    Cell::text(format!(
                        "{} ({})",
                        o.target_name,
                        rules::TargetKind::label_of(&o.target_kind, page.lang)
                    )),
                    Cell::text(status),
                    Cell::text(&o.handover_note),
                    Cell::text(&o.feedback),
                    Cell::text(o.sharing_basis.clone().unwrap_or_default()),
                ]
            })
            .collect(),
    }];
    if !file.mandates.is_empty() {
        tables.push(CaseTable {
            id: "mandates",
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
                        Cell::text(super::mandate::category_label(&m.category, page.lang)),
                        Cell::text(super::mandate::volume_label(
                            m.volume,
                            &m.volume_unit,
                            page.lang,
                        )),
                        Cell::text(&m.provider),
                        Cell::text(format!(
                            "{} – {}",
                            format_date(&m.period_from, page.lang),
                            format_date(&m.period_until, page.lang)
                        )),
                        Cell::text(super::mandate::mandate_status_label(m, page.lang)),
                        if waiting && l.principal.role == Role::TeamLead {
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
        });
    }
    let forms = forms::onward(l, page, ask.worker);
    let (sec, forms) = with_forms(ask, page, forms);
    render(&OnwardSection {
        page,
        sec,
        facts: Vec::new(),
        tables,
        links: Vec::new(),
        forms,
    })
}

fn documents(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let table = CaseTable {
        id: "documents",
        caption: t("cases.documents").into(),
        headers: vec![
            t("cases.file").into(),
            t("cases.description").into(),
            t("cases.size").into(),
            t("cases.date").into(),
        ],
        rows: l
            .file
            .documents
            .iter()
            .map(|d| {
                vec![
                    Cell::link(&d.filename, format!("/cases/{}/documents/{}", l.id, d.id)),
                    Cell::text(&d.description),
                    Cell::text(format!("{} kB", (d.size_bytes + 1023) / 1024)),
                    Cell::text(format_timestamp(&d.uploaded_at, page.lang)),
                ]
            })
            .collect(),
    };
    let (sec, forms) = with_forms(ask, page, forms::documents(l, page));
    render(&DocumentsSection {
        page,
        sec,
        facts: Vec::new(),
        tables: vec![table],
        links: Vec::new(),
        forms,
    })
}

fn timeline(l: &Loaded, page: &PageCtx, ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let file = &l.file;
    let table = CaseTable {
        id: "timeline",
        caption: t("cases.timeline").into(),
        headers: vec![t("audit.when").into(), t("cases.event").into()],
        rows: file
            .events
            .iter()
            .map(|e| {
                vec![
                    Cell::text(format_timestamp(&e.at, page.lang)),
                    Cell::text(crate::pages::timeline_text(e, page.lang)),
                ]
            })
            .collect(),
    };
    let mut links = Vec::new();
    if !l.all && file.events.len() as i64 >= super::RECENT {
        links.push((
            format!("{}&all=1", Section::Timeline.href(l.id)),
            t("cases.show_all").to_string(),
        ));
    }
    let (sec, forms) = with_forms(ask, page, Vec::new());
    render(&TimelineSection {
        page,
        sec,
        facts: Vec::new(),
        tables: vec![table],
        links,
        forms,
    })
}

#[derive(Template)]
#[template(path = "case/closure.html")]
struct ClosureSection<'a> {
    page: &'a PageCtx,
    sec: Frame,
    facts: Vec<(String, String)>,
    /// The step "are you sure?": what will be recorded, and the form that closes.
    confirm: Option<(Vec<(String, String)>, FormSpec)>,
    back: String,
    forms: Vec<FormSpec>,
}

fn closure(l: &Loaded, page: &PageCtx, mut ask: Ask<'_>) -> Result<String, AppError> {
    let t = |k| page.t(k);
    let c = &l.file.case;
    let mut facts = vec![(
        t("referrals.status").into(),
        super::sections::status_of(&l.file, page),
    )];
    if let Some(on) = &c.closed_on {
        facts.push((t("case.closed_on").into(), format_date(on, page.lang)));
    }
    if !c.closure_note.is_empty() {
        facts.push((t("cases.note").into(), c.closure_note.clone()));
    }
    let confirm = match ask.confirm.take() {
        Some(values) if l.open() => Some(forms::close_confirmation(l, page, &values)),
        _ => None,
    };
    let forms = if confirm.is_some() {
        Vec::new()
    } else {
        forms::closure(l, page)
    };
    let (sec, forms) = with_forms(ask, page, forms);
    render(&ClosureSection {
        page,
        sec,
        facts,
        confirm,
        back: Section::Closure.href(l.id),
        forms,
    })
}

#[cfg(test)]
mod tests {
    use super::preview;

    #[test]
    fn long_notes_are_folded_at_a_word() {
        assert_eq!(preview("Kort."), ("Kort.".to_string(), false));
        let long = "woord ".repeat(40);
        let (shown, folded) = preview(&long);
        assert!(folded && shown.ends_with("woord…") && shown.chars().count() <= 141);
        // No space to cut at, and letters of more than one byte: cut at a character, never inside one.
        let (shown, folded) = preview(&"é".repeat(300));
        assert!(folded && shown.chars().count() == 141);
    }
}
