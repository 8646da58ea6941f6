//! The home page: what each role needs first.

use super::{PageCtx, format_date, format_number, page_error, render};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use askama::Template;
use axum::extract::State;
use axum::response::Response;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::CaseStatus;
use schakel_domain::mandate::MandateStatus;
use schakel_domain::{Principal, Role};
use schakel_store::{Assignment, AuditFilter, SchoolFilter, Worker};

pub struct SchoolLine {
    pub id: i64,
    pub name: String,
    pub code: String,
    pub school_type: String,
    pub presence: String,
    pub worker_name: String,
    pub worker_email: String,
}

pub struct TypeLine {
    pub school_type: String,
    pub schools: i64,
    pub pupils: String,
    pub hours: String,
    pub as_needed: i64,
}

/// A worker of the team lead's team: on how many schools, the fixed hours against the contract.
struct TeamWorkerLine {
    worker: Worker,
    schools: usize,
    hours: String,
    /// Contract hours a week; empty when not recorded.
    contract: String,
    /// "12 uur boven contract" when the fixed hours exceed the contract.
    over_contract: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: PageCtx,
    role: &'static str,
    schools: Vec<SchoolLine>,
    team_workers: Vec<TeamWorkerLine>,
    municipality_name: String,
    types: Vec<TypeLine>,
    counts: Vec<(String, i64)>,
    audit_entries: i64,
    recent_denials: usize,
    legal_ground_shares: usize,
    /// Open cases (own for a worker, the team's for a team lead): number, child, next review.
    cases: Vec<schakel_store::Case>,
    /// Referrals waiting for a decision, or (for a school) its referrals with their status.
    referrals: Vec<(schakel_store::Referral, String)>,
    /// Worker: participation checks (Kind in Kaart) due within a week.
    due_checks: Vec<schakel_store::DueCheck>,
    /// Team lead: open cases per worker name, and how many of them are past their review date.
    caseload: Vec<(String, usize, usize)>,
    /// Worker: own open cases past their review date.
    overdue_reviews: usize,
    today: chrono::NaiveDate,
    /// SMW plus — team lead: decisions waiting for approval; worker: own decisions waiting or lately refused.
    mandates: Vec<MandateRow>,
    /// Worker: the schools' consultation requests waiting for an answer.
    consultations: Vec<schakel_store::Consultation>,
    /// Worker and team lead: own open actions agreed at care meetings.
    actions: Vec<ActionLine>,
    /// Worker and team lead: own booked appointments and walk-in slots today and the next days (ADR 025).
    appointments: Vec<ReminderLine>,
}

/// A booked appointment or walk-in slot on its worker's home page.
pub struct ReminderLine {
    pub id: i64,
    /// "wo 2 dec., 08:30–08:45".
    pub when: String,
    pub kind: String,
    /// "A. de Vries (ouder)".
    pub who: String,
    pub school: String,
    pub today: bool,
}

/// The reader's booked appointments and walk-in slots of the coming days (one query).
async fn reminder_lines(state: &AppState, ctx: &Ctx) -> Result<Vec<ReminderLine>, AppError> {
    use schakel_domain::appointment::{AppointmentKind, ForKind};
    let today = schakel_domain::local_time::amsterdam_date(state.now()).to_string();
    Ok(crate::usecase::appointment::reminders(state, ctx)
        .await?
        .into_iter()
        .map(|a| ReminderLine {
            id: a.id,
            when: format!(
                "{}, {}–{}",
                super::format_short_date(&a.on_date, ctx.lang),
                a.starts_at,
                a.ends_at
            ),
            kind: AppointmentKind::parse(&a.kind)
                .map_or_else(|| a.kind.clone(), |k| k.label(ctx.lang).to_string()),
            who: format!(
                "{} ({})",
                a.for_name,
                ForKind::parse(&a.for_kind).map_or("", |k| k.label(ctx.lang))
            ),
            school: a.school_name,
            today: a.on_date == today,
        })
        .collect())
}

/// An open action from a care meeting on its owner's home page.
pub struct ActionLine {
    pub id: i64,
    pub meeting_id: i64,
    pub description: String,
    /// "ZAT, school, 12-03-2027".
    pub meeting: String,
    pub due_on: String,
    pub overdue: bool,
}

/// The reader's own open actions from care meetings.
async fn action_lines(state: &AppState, ctx: &Ctx) -> Result<Vec<ActionLine>, AppError> {
    let today = state.now().date_naive().to_string();
    Ok(crate::usecase::care_meeting::my_actions(state, ctx)
        .await?
        .into_iter()
        .map(|a| ActionLine {
            id: a.id,
            meeting_id: a.meeting_id,
            meeting: format!(
                "{}, {}, {}",
                schakel_domain::care_meeting::CareMeetingKind::parse(&a.meeting_kind)
                    .map_or(a.meeting_kind.as_str(), |k| k.label(ctx.lang)),
                a.school_name,
                super::format_short_date(&a.meeting_on, ctx.lang)
            ),
            overdue: a.due_on < today,
            due_on: super::format_short_date(&a.due_on, ctx.lang),
            description: a.description,
        })
        .collect())
}

/// Whether an open case is past its review date (a review is due on the date itself, overdue the day after).
fn review_overdue(case: &schakel_store::Case, today: chrono::NaiveDate) -> bool {
    case.review_on
        .as_deref()
        .and_then(|d| d.parse::<chrono::NaiveDate>().ok())
        .is_some_and(|review| schakel_domain::casework::review_overdue(review, today))
}

impl HomePage {
    /// The review date as a table shows it, marked when it has passed.
    fn review_label(&self, case: &schakel_store::Case) -> String {
        let Some(review) = case.review_on.as_deref() else {
            return String::new();
        };
        let date = super::format_short_date(review, self.page.lang);
        if review_overdue(case, self.today) {
            format!("{date} — {}", self.page.t("cases.review_overdue"))
        } else {
            date
        }
    }
}

/// An SMW-plus decision on the home page, its texts in the user's language.
pub struct MandateRow {
    pub href: String,
    pub case_id: i64,
    pub case_number: String,
    pub child_name: String,
    pub worker_name: String,
    pub care_kind: String,
    pub provider: String,
    pub decided_on: String,
    pub status: String,
}

/// The rows of `lines`, each case's appearance on the page logged like a case list (per case, so the privacy
/// officer finds it under the child).
async fn mandate_rows(
    state: &AppState,
    ctx: &Ctx,
    lines: Vec<schakel_store::MandateLine>,
) -> Result<Vec<MandateRow>, AppError> {
    let mut logged = Vec::new();
    let mut rows = Vec::new();
    for m in lines {
        if !logged.contains(&m.case_id) {
            state
                .log(ctx.event(AuditAction::Read, "case", Some(m.case_id.to_string()), "ok"))
                .await?;
            logged.push(m.case_id);
        }
        let status = match MandateStatus::parse(&m.status) {
            Some(s) => {
                let label = s.label(ctx.lang);
                if s == MandateStatus::Refused && !m.refusal_reason.is_empty() {
                    format!("{label}: {}", m.refusal_reason)
                } else {
                    label.to_string()
                }
            }
            None => m.status.clone(),
        };
        rows.push(MandateRow {
            href: format!("/cases/{}/mandate/{}", m.case_id, m.id),
            case_id: m.case_id,
            case_number: m.case_number,
            child_name: m.child_name,
            worker_name: m.worker_name,
            care_kind: m.care_kind,
            provider: m.provider,
            decided_on: format_date(&m.decided_on, ctx.lang),
            status,
        });
    }
    Ok(rows)
}

/// A school's type in words; a type this version does not know shows as stored.
fn school_type_label(code: &str, lang: crate::i18n::Lang) -> String {
    schakel_domain::org::SchoolType::parse(code)
        .map_or_else(|_| code.to_string(), |t| t.label(lang).to_string())
}

/// The hours of an assignment and its weekly pattern: "20 uur per week · maandag 08:30–16:30 · …".
fn presence(a: &Assignment, slots: &[schakel_store::PresenceSlot], page: &PageCtx) -> String {
    let mut parts = vec![match a.hours_per_week {
        Some(h) => format!(
            "{} {}",
            format_number(h, if h.fract() == 0.0 { 0 } else { 2 }, page.lang),
            page.t("home.hours_per_week")
        ),
        None => page.t("home.as_needed").to_string(),
    }];
    for s in slots.iter().filter(|s| s.assignment_id == a.id) {
        let day = schakel_domain::presence::weekday_label(
            u32::try_from(s.weekday).unwrap_or(0),
            page.lang,
        );
        let kind = schakel_domain::presence::SlotKind::parse(&s.kind)
            .filter(|k| *k == schakel_domain::presence::SlotKind::WalkIn)
            .map(|k| format!("{} ", k.label(page.lang)))
            .unwrap_or_default();
        parts.push(format!("{kind}{day} {}–{}", s.starts_at, s.ends_at));
    }
    parts.join(" · ")
}

pub async fn home(State(state): State<AppState>, ctx: Ctx) -> Response {
    match build(&state, &ctx).await {
        Ok(page) => render(&page),
        Err(e) => page_error(&ctx, e),
    }
}

async fn build(state: &AppState, ctx: &Ctx) -> Result<HomePage, AppError> {
    let p = ctx.principal()?.clone();
    let page = ctx.page("home");
    let mut home = HomePage {
        role: p.role.as_str(),
        schools: Vec::new(),
        team_workers: Vec::new(),
        municipality_name: String::new(),
        types: Vec::new(),
        counts: Vec::new(),
        audit_entries: 0,
        recent_denials: 0,
        legal_ground_shares: 0,
        cases: Vec::new(),
        referrals: Vec::new(),
        caseload: Vec::new(),
        overdue_reviews: 0,
        today: state.now().date_naive(),
        due_checks: Vec::new(),
        mandates: Vec::new(),
        consultations: Vec::new(),
        actions: Vec::new(),
        appointments: Vec::new(),
        page,
    };
    if matches!(p.role, Role::SocialWorker | Role::TeamLead) {
        home.actions = action_lines(state, ctx).await?;
        home.appointments = reminder_lines(state, ctx).await?;
    }
    match p.role {
        Role::SocialWorker => social_worker(state, ctx, &p, &mut home).await?,
        Role::TeamLead => team_lead(state, ctx, &p, &mut home).await?,
        Role::SchoolContact => school_contact(state, ctx, &p, &mut home).await?,
        Role::Municipality => municipality(state, ctx, &p, &mut home).await?,
        Role::FunctionalAdmin => functional_admin(state, &mut home).await?,
        Role::PrivacyOfficer => privacy_officer(state, &p, &mut home).await?,
    }
    Ok(home)
}

/// The social worker's day: own cases by review date, open consultations, new referrals, checks due, own mandate decisions, own schools.
async fn social_worker(
    state: &AppState,
    ctx: &Ctx,
    p: &Principal,
    home: &mut HomePage,
) -> Result<(), AppError> {
    let store = state.store();
    home.cases = crate::usecase::case::cases(state, ctx, None, true).await?;
    home.cases.sort_by(|a, b| a.review_on.cmp(&b.review_on));
    home.overdue_reviews = home
        .cases
        .iter()
        .filter(|c| review_overdue(c, home.today))
        .count();
    home.consultations = crate::usecase::consultation::open_consultations(state, ctx).await?;
    home.referrals = crate::usecase::referral::referrals(state, ctx, Some("received".into()))
        .await?
        .into_iter()
        .map(|r| (r, String::new()))
        .collect();
    if let Some(worker) = store.worker_of_user(p.user_id).await? {
        let week = (state.now().date_naive() + chrono::Duration::days(7)).to_string();
        home.due_checks = store.due_checks(worker.id, &week).await?;
        // Own decisions that wait, or that the team lead refused in the last month (with the reason).
        let since = (state.now().date_naive() - chrono::Duration::days(31)).to_string();
        let lines = store.mandates_of_worker(worker.id, &since).await?;
        home.mandates = mandate_rows(state, ctx, lines).await?;
        let slots = store
            .presence_slots(&schakel_store::PresenceFilter {
                worker_id: Some(worker.id),
                ..Default::default()
            })
            .await?;
        for a in store.list_assignments(None, Some(worker.id), None).await? {
            if a.ends_on.is_some() {
                continue;
            }
            let school = store.school(a.school_id).await?;
            home.schools.push(SchoolLine {
                id: school.id,
                name: school.name,
                code: school.code,
                school_type: school_type_label(&school.school_type, ctx.lang),
                presence: presence(&a, &slots, &home.page),
                worker_name: worker.name.clone(),
                worker_email: worker.email.clone(),
            });
        }
    }
    Ok(())
}

/// The team lead's desk: referrals to triage, caseload per worker, closures and decisions waiting for approval, the team's workers.
async fn team_lead(
    state: &AppState,
    ctx: &Ctx,
    p: &Principal,
    home: &mut HomePage,
) -> Result<(), AppError> {
    let store = state.store();
    home.referrals = crate::usecase::referral::referrals(state, ctx, Some("received".into()))
        .await?
        .into_iter()
        .map(|r| (r, String::new()))
        .collect();
    let cases = crate::usecase::case::cases_counted(state, ctx).await?;
    for c in &cases {
        let name = c.worker_name.clone().unwrap_or_default();
        let overdue = usize::from(review_overdue(c, home.today));
        match home.caseload.iter_mut().find(|(n, _, _)| *n == name) {
            Some((_, k, o)) => {
                *k += 1;
                *o += overdue;
            }
            None => home.caseload.push((name, 1, overdue)),
        }
    }
    home.caseload.sort();
    // Closures asked for by the team's workers wait for the team lead's approval.
    home.cases = cases
        .iter()
        .filter(|c| c.status() == CaseStatus::ClosureRequested)
        .cloned()
        .collect();
    // SMW plus: decisions of the team's workers wait for the team lead's approval.
    if let Some(org) = p.organisation_id {
        let lines = store.mandates_waiting(org, p.team_id).await?;
        home.mandates = mandate_rows(state, ctx, lines).await?;
    }
    if let Some(team_id) = p.team_id {
        let assignments = store
            .list_assignments(p.organisation_id, None, None)
            .await?;
        for w in store.workers_of_team(team_id).await? {
            let current: Vec<&Assignment> = assignments
                .iter()
                .filter(|a| a.worker_id == w.id && a.ends_on.is_none())
                .collect();
            let hours: f64 = current.iter().filter_map(|a| a.hours_per_week).sum();
            home.team_workers.push(TeamWorkerLine {
                schools: current.len(),
                hours: format_number(hours, 1, ctx.lang),
                contract: w
                    .contract_hours
                    .map(|c| format_hours(c, ctx.lang))
                    .unwrap_or_default(),
                over_contract: over_contract_text(hours, w.contract_hours, ctx.lang),
                worker: w,
            });
        }
        state
            .log(ctx.event(AuditAction::Read, "team", Some(team_id.to_string()), "ok"))
            .await?;
    }
    Ok(())
}

/// "12 uur boven contract" / "12 hours over contract" when the fixed hours exceed the contract.
pub fn over_contract_text(
    assigned: f64,
    contract: Option<f64>,
    lang: crate::i18n::Lang,
) -> Option<String> {
    use crate::i18n::Texts as _;
    schakel_domain::org::hours_over_contract(assigned, contract).map(|over| {
        lang.t("worker.over_contract")
            .replace("{n}", &format_hours(over, lang))
    })
}

/// Hours for a reader without needless decimals: `36`, `28,5`, `2,25`.
pub fn format_hours(hours: f64, lang: crate::i18n::Lang) -> String {
    let s = format_number(hours, 2, lang);
    let point = lang.pick(',', '.');
    match s.split_once(point) {
        Some((int, frac)) => match frac.trim_end_matches('0') {
            "" => int.to_string(),
            frac => format!("{int}{point}{frac}"),
        },
        None => s,
    }
}

/// The school contact: the school's referrals with what the school may see of them, and its social worker.
async fn school_contact(
    state: &AppState,
    ctx: &Ctx,
    p: &Principal,
    home: &mut HomePage,
) -> Result<(), AppError> {
    let store = state.store();
    home.referrals = crate::usecase::referral::referrals(state, ctx, None)
        .await?
        .into_iter()
        .map(|r| {
            let label = r.school_view().label(ctx.lang).to_string();
            (r, label)
        })
        .collect();
    if let Some(school_id) = p.school_id {
        let school = store.school(school_id).await?;
        let slots = store
            .presence_slots(&schakel_store::PresenceFilter {
                school_ids: Some(vec![school_id]),
                ..Default::default()
            })
            .await?;
        for a in store.list_assignments(None, None, Some(school_id)).await? {
            if a.ends_on.is_some() {
                continue;
            }
            let worker = store.worker(a.worker_id).await?;
            home.schools.push(SchoolLine {
                id: school.id,
                name: school.name.clone(),
                code: school.code.clone(),
                school_type: school_type_label(&school.school_type, ctx.lang),
                presence: presence(&a, &slots, &home.page),
                worker_name: worker.name,
                worker_email: worker.email,
            });
        }
        if home.schools.is_empty() {
            home.municipality_name = school.name;
        }
    }
    Ok(())
}

/// The municipality: schools per type with pupils and contracted hours.
async fn municipality(
    state: &AppState,
    ctx: &Ctx,
    p: &Principal,
    home: &mut HomePage,
) -> Result<(), AppError> {
    let store = state.store();
    if let Some(mid) = p.municipality_id {
        home.municipality_name = store.municipality(mid).await?.name;
        let (schools, _) = store
            .list_schools(&SchoolFilter {
                municipality_id: Some(mid),
                limit: 1000,
                ..Default::default()
            })
            .await?;
        let assignments = store.list_assignments(None, None, None).await?;
        for t in schakel_domain::org::SchoolType::ALL {
            let of_type: Vec<_> = schools
                .iter()
                .filter(|s| s.school_type == t.code())
                .collect();
            if of_type.is_empty() {
                continue;
            }
            let mut pupils = 0;
            let mut hours = 0.0;
            let mut as_needed = 0;
            for s in &of_type {
                pupils += store
                    .school_pupils(s.id)
                    .await?
                    .first()
                    .map(|p| p.pupils)
                    .unwrap_or(0);
                for a in assignments
                    .iter()
                    .filter(|a| a.school_id == s.id && a.ends_on.is_none())
                {
                    match a.hours_per_week {
                        Some(h) => hours += h,
                        None => as_needed += 1,
                    }
                }
            }
            home.types.push(TypeLine {
                school_type: t.label(ctx.lang).to_string(),
                schools: of_type.len() as i64,
                pupils: format_number(pupils as f64, 0, ctx.lang),
                hours: format_number(hours, 1, ctx.lang),
                as_needed,
            });
        }
    }
    Ok(())
}

/// The functional admin: counts of what the organisation model holds.
async fn functional_admin(state: &AppState, home: &mut HomePage) -> Result<(), AppError> {
    home.counts = state.store().counts().await?;
    Ok(())
}

/// The privacy officer: the size of the access log, shares on a legal ground, recent refusals.
async fn privacy_officer(
    state: &AppState,
    p: &Principal,
    home: &mut HomePage,
) -> Result<(), AppError> {
    let store = state.store();
    home.audit_entries = store.audit_count().await?;
    home.legal_ground_shares = store
        .search_audit(&AuditFilter {
            basis_prefix: Some("legal_ground".into()),
            organisation_id: p.organisation_id,
            limit: 5000,
            ..Default::default()
        })
        .await?
        .len();
    let since = schakel_store::timestamp(state.now() - chrono::Duration::days(7));
    home.recent_denials = store
        .search_audit(&AuditFilter {
            from: Some(since),
            organisation_id: p.organisation_id,
            limit: 5000,
            ..Default::default()
        })
        .await?
        .iter()
        .filter(|e| e.event.outcome == "denied")
        .count();
    Ok(())
}
