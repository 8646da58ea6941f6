//! Kind in Kaart pages: a child's profile with suggestions, plans and checks, the whole-class session, the figures.

use super::form::{Form, Values, number, ticked, trim, values_of};
use super::view::{AdminView, Cell, Field, FormSpec, Table, render_admin};
use super::{FormErrors, format_date, format_euro, format_number, page_error};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::i18n::Texts as _;
use crate::usecase;
use crate::usecase::kind_in_kaart::{class, plan, plan::ProfileInput};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use schakel_domain::audit::AuditAction;
use schakel_domain::kind_in_kaart::BarrierKind;
use schakel_domain::kind_in_kaart::home::{LANGUAGES, parse_languages};
use schakel_domain::{Lang, Role};
use serde::{Deserialize, Serialize};

/// A child's profile as typed.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ProfileForm {
    pub good_at: String,
    pub likes: String,
    pub wants_to_learn: String,
    pub free_times: String,
    pub who_brings: String,
    pub transport: String,
    pub can_travel_alone: Option<String>,
    pub needs_accessible: Option<String>,
    /// The ticked languages (codes from the fixed list).
    pub languages: Vec<String>,
    pub income_percent: String,
    pub postcode: String,
    pub forget_postcode: Option<String>,
}

impl ProfileForm {
    /// The use case's input; a percentage that is no number goes in `unreadable` (empty means "not recorded").
    fn input(&self) -> ProfileInput {
        let mut unreadable = Vec::new();
        let income = self.income_percent.trim();
        let income_percent = number(income);
        if income_percent.is_none() && !income.is_empty() {
            unreadable.push(plan::income_refused());
        }
        ProfileInput {
            good_at: trim(&self.good_at),
            likes: trim(&self.likes),
            wants_to_learn: trim(&self.wants_to_learn),
            free_times: trim(&self.free_times),
            who_brings: trim(&self.who_brings),
            can_travel_alone: ticked(&self.can_travel_alone),
            transport: trim(&self.transport),
            needs_accessible: ticked(&self.needs_accessible),
            languages: self.languages.clone(),
            income_percent,
            postcode: trim(&self.postcode),
            forget_postcode: ticked(&self.forget_postcode),
            unreadable,
        }
    }
}

/// A follow-up check as typed; the page's one form names the plan in a field.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct CheckForm {
    pub plan_id: String,
    pub month: String,
    pub result: String,
    pub stop_reason: String,
}

/// The whole-class session as typed: one line per child, `name; interests with commas; free times`.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ClassForm {
    pub school_code: String,
    pub age: String,
    pub children: String,
}

impl ClassForm {
    fn input(&self) -> class::ClassInput {
        let children = self
            .children
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|line| {
                let mut parts = line.split(';').map(str::trim);
                class::ClassChild {
                    label: parts.next().unwrap_or("").to_string(),
                    interests: parts.next().unwrap_or("").to_string(),
                    free_times: parts.next().unwrap_or("").to_string(),
                }
            })
            .collect();
        class::ClassInput {
            school_code: trim(&self.school_code),
            age: number(&self.age),
            children,
        }
    }
}

fn profile_form(ctx: &Ctx, p: Option<&schakel_store::ProfileRow>) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let get = |f: fn(&schakel_store::ProfileRow) -> String| p.map(f).unwrap_or_default();
    FormSpec {
        id: "profile",
        title: t("kik.profile").into(),
        action: String::new(),
        submit: t("kik.profile_save").into(),
        fields: vec![
            Field::new(
                "good_at",
                t("kik.good_at"),
                "text",
                get(|p| p.good_at.clone()),
            )
            .optional()
            .hint(t("kik.tags_hint")),
            Field::new("likes", t("kik.likes"), "text", get(|p| p.likes.clone())).optional(),
            Field::new(
                "wants_to_learn",
                t("kik.wants_to_learn"),
                "text",
                get(|p| p.wants_to_learn.clone()),
            )
            .optional(),
            Field::new(
                "free_times",
                t("kik.free_times"),
                "text",
                get(|p| p.free_times.clone()),
            )
            .optional()
            .hint(t("kik.free_times_hint")),
            Field::new(
                "who_brings",
                t("kik.who_brings"),
                "text",
                get(|p| p.who_brings.clone()),
            )
            .optional(),
            Field::new(
                "transport",
                t("kik.transport"),
                "select",
                get(|p| p.transport.clone()),
            )
            .options(vec![
                ("cycling".into(), t("kik.cycling").into()),
                ("walking".into(), t("kik.walking").into()),
                ("lift".into(), t("kik.lift").into()),
            ]),
            Field::new(
                "can_travel_alone",
                t("kik.alone"),
                "checkbox",
                if p.is_some_and(|p| *p.can_travel_alone) {
                    "on"
                } else {
                    ""
                },
            ),
            Field::new(
                "needs_accessible",
                t("kik.accessible"),
                "checkbox",
                if p.is_some_and(|p| *p.needs_accessible) {
                    "on"
                } else {
                    ""
                },
            ),
            Field::new(
                "languages",
                t("kik.languages"),
                "checkboxes",
                get(|p| stored_languages(&p.languages).0.join(",")),
            )
            .optional()
            .hint(&p.map_or_else(String::new, |p| {
                // A profile from before the list (free text) may name a language the list lacks: it is shown,
                // so the worker sees it before saving, instead of silently losing it (ADR 030).
                let unknown = stored_languages(&p.languages).1;
                if unknown.is_empty() {
                    String::new()
                } else {
                    format!("{} {}", t("kik.languages_unlisted"), unknown.join(", "))
                }
            }))
            .options(
                LANGUAGES
                    .iter()
                    .map(|(code, nl, en)| ((*code).to_owned(), ctx.lang.pick(*nl, *en).to_owned()))
                    .collect(),
            ),
            Field::new(
                "income_percent",
                t("kik.income_declared"),
                "number",
                get(|p| p.income_percent.map(|i| i.to_string()).unwrap_or_default()),
            )
            .optional()
            .hint(t("kik.income_hint")),
            // Only the four digits are kept (ADR 030), so the field starts empty and says what is kept; empty
            // keeps it.
            Field::new("postcode", t("kik.postcode"), "text", "")
                .optional()
                .hint(&match p.and_then(|p| p.home_pc4) {
                    Some(pc4) => format!("{} {pc4}.", t("kik.postcode_kept")),
                    None => t("kik.postcode_hint").to_owned(),
                }),
        ]
        .into_iter()
        .chain(p.and_then(|p| p.home_pc4).map(|_| {
            // A kept PC4 can be dropped (a wrong or outdated postcode; ADR 030).
            Field::new("forget_postcode", t("kik.forget_postcode"), "checkbox", "")
        }))
        .collect(),
        ..Default::default()
    }
}

fn barriers_text(b: &str, lang: Lang) -> String {
    b.lines()
        .filter_map(|l| {
            let mut parts = l.split('|');
            let kind = parts.next()?;
            let action = parts.next().unwrap_or("");
            Some(format!("{}: {action}", barrier_label(kind, lang)))
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn barrier_label(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "cost" => BarrierKind::Cost,
        "transport" => BarrierKind::Transport,
        "cannot_go_alone" => BarrierKind::CannotGoAlone,
        "schedule" => BarrierKind::Schedule,
        "language" => BarrierKind::Language,
        _ => BarrierKind::ParentsCapacity,
    }
    .label(lang)
}

async fn kik_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    profile_errors: Option<(FormErrors, Values)>,
) -> Result<AdminView, AppError> {
    let t = |k| ctx.lang.t(k);
    let file = usecase::case::open_case(state, ctx, id).await?;
    let today = state.now().date_naive();
    let stored = state.store().latest_profile_of_case(id).await?;
    let mut v = AdminView {
        title: format!("{} · {}", t("kik.title"), file.child.full_name()),
        page_id: "kind-in-kaart".into(),
        lead: t("kik.lead").into(),
        breadcrumbs: vec![
            ("/cases".into(), t("nav.cases").into()),
            (format!("/cases/{id}"), file.case.case_number.clone()),
        ],
        ..Default::default()
    };
    if let Some(p) = &stored {
        let (profile, home_from) =
            usecase::kind_in_kaart::child_profile(state, &file, p, today).await?;
        let (list, rows, funds) = usecase::kind_in_kaart::suggestions(state, &profile).await?;
        let home = match p.home_pc4 {
            Some(pc4) => format!(
                "{} {pc4}: {}",
                t("kik.postcode_short"),
                home_from.label(ctx.lang)
            ),
            None => home_from.label(ctx.lang).to_owned(),
        };
        v.facts = vec![
            (t("kik.interests").into(), profile.interests.join(", ")),
            (
                t("kik.profile_date").into(),
                format_date(&p.recorded_on, ctx.lang),
            ),
            (t("kik.distances_from").into(), home),
        ];
        v.svg = Some(usecase::kind_in_kaart::svg_map(
            &profile,
            &list,
            &rows,
            &usecase::kind_in_kaart::MapTexts {
                label: t("kik.map_label"),
                home: t("kik.map_home"),
                school: t("kik.map_school"),
            },
        ));
        v.tables
            .push(suggestions_table(ctx, id, &list, &rows, &funds));
    }
    let plans = state.store().plans_of_case(id).await?;
    if !plans.is_empty() {
        v.tables.push(plans_table(ctx, id, &plans));
        let started: Vec<_> = plans.iter().filter(|p| p.started_on.is_some()).collect();
        if !started.is_empty() {
            v.forms.push(FormSpec {
                id: "check",
                title: t("kik.check").into(),
                action: format!("/cases/{id}/kind-in-kaart/plans/0/check"),
                submit: t("common.save").into(),
                fields: vec![
                    Field::new("plan_id", t("kik.activity"), "select", "").options(
                        started
                            .iter()
                            .map(|p| (p.id.to_string(), p.activity_name.clone()))
                            .collect(),
                    ),
                    // No default: a check is recorded for the moment that is due, chosen on purpose.
                    Field::new("month", t("kik.moment"), "select", "").options(vec![
                        (String::new(), t("kik.choose_moment").into()),
                        ("1".into(), t("kik.check_1m").into()),
                        ("3".into(), t("kik.check_3m").into()),
                    ]),
                    Field::new("result", t("kik.result"), "select", "still_going").options(vec![
                        ("still_going".into(), t("kik.still_going").into()),
                        ("stopped".into(), t("kik.stopped").into()),
                    ]),
                    Field::new("stop_reason", t("kik.stop_reason"), "text", "").optional(),
                ],
                ..Default::default()
            });
        }
    }
    let mut form = profile_form(ctx, stored.as_ref());
    form.action = format!("/cases/{id}/kind-in-kaart");
    if let Some((errors, values)) = profile_errors {
        form = form.with_values(&values).with_errors(&errors, ctx.lang);
    }
    v.forms.push(form);
    v.forms = v.forms.into_iter().map(FormSpec::scoped).collect();
    Ok(v)
}

/// The suggestions for the child, best first: why, the cost after funds, the barrier plan, and "choose".
fn suggestions_table(
    ctx: &Ctx,
    id: i64,
    list: &[schakel_domain::kind_in_kaart::Suggestion],
    rows: &[schakel_store::ActivityRow],
    funds: &[schakel_store::FundRow],
) -> Table {
    let t = |k| ctx.lang.t(k);
    Table {
        caption: t("kik.suggestions").into(),
        headers: vec![
            "#".into(),
            t("kik.activity").into(),
            t("kik.why").into(),
            t("kik.cost_after").into(),
            t("kik.barrier_plan").into(),
            String::new(),
        ],
        rows: list
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let a = rows.iter().find(|r| r.id == s.activity_id);
                let fund = s
                    .fund
                    .and_then(|(fid, _)| funds.iter().find(|f| f.id == fid))
                    .map(|f| f.name.clone());
                vec![
                    Cell::text((i + 1).to_string()),
                    Cell::text(
                        a.map(|a| format!("{} – {}", a.name, a.provider_name))
                            .unwrap_or_default(),
                    ),
                    Cell::text(s.reasons(ctx.lang).join("; ")),
                    Cell::text(match fund {
                        Some(f) => format!(
                            "{} ({})",
                            format_euro(s.cost_after_funds_cents, ctx.lang),
                            f
                        ),
                        None => format_euro(s.cost_after_funds_cents, ctx.lang),
                    }),
                    Cell::text(
                        s.barriers
                            .iter()
                            .map(|b| format!("{}: {}", b.kind.label(ctx.lang), b.action(ctx.lang)))
                            .collect::<Vec<_>>()
                            .join(" · "),
                    ),
                    Cell::action(
                        t("kik.choose"),
                        format!(
                            "/cases/{id}/kind-in-kaart/plans?activity_id={}",
                            s.activity_id
                        ),
                    ),
                ]
            })
            .collect(),
        pagination: None,
    }
}

/// The chosen activities with their status, barrier plan and the checks at 1 and 3 months.
fn plans_table(ctx: &Ctx, id: i64, plans: &[schakel_store::PlanRow]) -> Table {
    let t = |k| ctx.lang.t(k);
    Table {
        caption: t("kik.plans").into(),
        headers: vec![
            t("kik.activity").into(),
            t("referrals.status").into(),
            t("kik.barrier_plan").into(),
            t("kik.check_1m").into(),
            t("kik.check_3m").into(),
            String::new(),
        ],
        rows: plans
            .iter()
            .map(|p| {
                let check = |due: &Option<String>, result: &Option<String>| match (due, result) {
                    (_, Some(r)) => {
                        if r == "still_going" {
                            t("kik.still_going").to_string()
                        } else {
                            format!("{} ({})", t("kik.stopped"), p.stop_reason)
                        }
                    }
                    (Some(d), None) => format!("{} {}", t("kik.due"), format_date(d, ctx.lang)),
                    _ => String::new(),
                };
                vec![
                    Cell::text(&p.activity_name),
                    Cell::text(match p.status.as_str() {
                        "planned" => t("kik.planned"),
                        "started" => t("kik.started"),
                        _ => t("kik.stopped"),
                    }),
                    Cell::text(barriers_text(&p.barriers, ctx.lang)),
                    Cell::text(check(&p.check_1m_due, &p.check_1m_result)),
                    Cell::text(check(&p.check_3m_due, &p.check_3m_result)),
                    if p.started_on.is_none() {
                        Cell::action(
                            t("kik.mark_started"),
                            format!("/cases/{id}/kind-in-kaart/plans/{}/start", p.id),
                        )
                    } else {
                        Cell::text("")
                    },
                ]
            })
            .collect(),
        pagination: None,
    }
}

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> Response {
    match kik_view(&state, &ctx, id, None).await {
        Ok(v) => render_admin(ctx.page("cases"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn save_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ProfileForm>,
) -> Response {
    match plan::save_profile(&state, &ctx, id, &form.input()).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}/kind-in-kaart")).into_response(),
        Err(AppError::Validation(e)) => {
            match kik_view(&state, &ctx, id, Some((FormErrors(e), values_of(&form)))).await {
                Ok(v) => {
                    let mut res = render_admin(ctx.page("cases"), &v);
                    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                    res
                }
                Err(e) => page_error(&ctx, e),
            }
        }
        Err(e) => page_error(&ctx, e),
    }
}

#[derive(Deserialize)]
pub struct ChooseQuery {
    activity_id: i64,
}

/// Chooses a suggested activity: the plan gets the engine's barrier actions and the fund.
pub async fn choose(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<ChooseQuery>,
) -> Response {
    match plan::choose(&state, &ctx, id, q.activity_id).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}/kind-in-kaart")).into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, plan_id)): Path<(i64, i64)>,
) -> Response {
    match plan::start(&state, &ctx, id, plan_id).await {
        Ok(()) => Redirect::to(&format!("/cases/{id}/kind-in-kaart")).into_response(),
        Err(e) => page_error(&ctx, e),
    }
}

pub async fn check(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, plan_id)): Path<(i64, i64)>,
    Form(form): Form<CheckForm>,
) -> Response {
    // The page's form names the plan in a field (one form for every started plan); a plan that is no number is
    // refused with the other fields.
    let chosen = form.plan_id.trim();
    let mut unreadable = Vec::new();
    let plan_id = if chosen.is_empty() {
        plan_id
    } else {
        number(chosen).unwrap_or_else(|| {
            unreadable.push(plan::plan_refused());
            plan_id
        })
    };
    let input = plan::CheckInput {
        month: trim(&form.month),
        result: trim(&form.result),
        stop_reason: trim(&form.stop_reason),
        unreadable,
    };
    let result = plan::check(&state, &ctx, id, plan_id, &input).await;
    match result {
        Ok(()) => Redirect::to(&format!("/cases/{id}/kind-in-kaart")).into_response(),
        Err(AppError::Validation(e)) => match kik_view(&state, &ctx, id, None).await {
            Ok(mut v) => {
                for f in v.forms.iter_mut().filter(|f| f.id == "check") {
                    *f = f
                        .clone()
                        .with_values(&values_of(&form))
                        .with_errors(&FormErrors(e.clone()), ctx.lang);
                }
                let mut res = render_admin(ctx.page("cases"), &v);
                *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
                res
            }
            Err(e) => page_error(&ctx, e),
        },
        Err(e) => page_error(&ctx, e),
    }
}

/// Figures: profiled, matched, started, still taking part at 3 months; per school; barriers; funds.
/// Small numbers are suppressed for municipality accounts.
pub async fn figures(State(state): State<AppState>, ctx: Ctx) -> Response {
    let result = async {
        let p = ctx.principal()?;
        let t = |k| ctx.lang.t(k);
        let (org, schools) = figure_scope(&state, p).await?;
        let suppress = p.role == Role::Municipality;
        let shown = |n: i64| {
            schakel_domain::figures::shown(
                n,
                if suppress {
                    schakel_domain::figures::SMALL_NUMBER
                } else {
                    0
                },
            )
        };
        let mut v = AdminView {
            title: t("nav.figures").into(),
            page_id: "figures".into(),
            lead: t("kik.figures_lead").into(),
            ..Default::default()
        };
        let mut rows = Vec::new();
        let mut total = schakel_store::KikFigures::default();
        // District: the four digits of the school's postcode (PC4), the usual proxy for a wijk in Dutch figures.
        let mut districts: std::collections::BTreeMap<String, schakel_store::KikFigures> =
            Default::default();
        for s in &schools {
            let f = state.store().kik_figures(org, Some(s.id)).await?;
            let pc4 = s
                .postcode
                .as_deref()
                .and_then(|p| p.get(..4))
                .unwrap_or("?")
                .to_string();
            let d = districts.entry(pc4).or_default();
            d.profiled += f.profiled;
            d.matched += f.matched;
            d.started += f.started;
            d.still_at_3_months += f.still_at_3_months;
            total.profiled += f.profiled;
            total.matched += f.matched;
            total.started += f.started;
            total.still_at_3_months += f.still_at_3_months;
            total.with_fund += f.with_fund;
            total.fund_cents += f.fund_cents;
            if f.profiled > 0 {
                rows.push(vec![
                    Cell::text(&s.name),
                    Cell::text(shown(f.profiled)),
                    Cell::text(shown(f.matched)),
                    Cell::text(shown(f.started)),
                    Cell::text(shown(f.still_at_3_months)),
                ]);
            }
        }
        v.facts = vec![
            (t("kik.fig_profiled").into(), shown(total.profiled)),
            (t("kik.fig_matched").into(), shown(total.matched)),
            (t("kik.fig_started").into(), shown(total.started)),
            (t("kik.fig_still").into(), shown(total.still_at_3_months)),
            (
                t("kik.fig_funds").into(),
                // The amount of a suppressed count would tell how much one or two children got.
                if suppress
                    && schakel_domain::figures::is_suppressed(
                        total.with_fund,
                        schakel_domain::figures::SMALL_NUMBER,
                    )
                {
                    shown(total.with_fund)
                } else {
                    format!(
                        "{} · {}",
                        shown(total.with_fund),
                        format_euro(total.fund_cents, ctx.lang)
                    )
                },
            ),
        ];
        v.tables.push(Table {
            caption: t("kik.fig_by_school").into(),
            headers: vec![
                t("field.school").into(),
                t("kik.fig_profiled").into(),
                t("kik.fig_matched").into(),
                t("kik.fig_started").into(),
                t("kik.fig_still").into(),
            ],
            rows,
            pagination: None,
        });
        v.tables.push(district_table(&ctx, &districts, shown));
        let barriers = state.store().barrier_counts(org).await?;
        v.tables.push(Table {
            caption: t("kik.fig_barriers").into(),
            headers: vec![t("kik.barrier").into(), t("kik.count").into()],
            rows: barriers
                .iter()
                .map(|(k, n)| {
                    vec![
                        Cell::text(barrier_label(k, ctx.lang)),
                        Cell::text(shown(*n)),
                    ]
                })
                .collect(),
            pagination: None,
        });
        if suppress {
            v.links.push((
                String::new(),
                format!(
                    "{} {}",
                    t("kik.suppressed"),
                    format_number(schakel_domain::figures::SMALL_NUMBER as f64, 0, ctx.lang)
                ),
            ));
        }
        state
            .log(ctx.event(AuditAction::Read, "figures", None, "ok"))
            .await?;
        Ok::<_, AppError>(v)
    }
    .await;
    match result {
        Ok(v) => render_admin(ctx.page("figures"), &v),
        Err(e) => page_error(&ctx, e),
    }
}

/// Whose figures: a municipality's schools (across organisations), or the schools of the user's organisation.
async fn figure_scope(
    state: &AppState,
    p: &schakel_domain::Principal,
) -> Result<(Option<i64>, Vec<schakel_store::School>), AppError> {
    Ok(match p.role {
        Role::Municipality => {
            let (s, _) = state
                .store()
                .list_schools(&schakel_store::SchoolFilter {
                    municipality_id: Some(p.municipality_id.unwrap_or(-1)),
                    limit: 1000,
                    ..Default::default()
                })
                .await?;
            (None, s)
        }
        _ => {
            let org = p.organisation_id.ok_or(AppError::Forbidden)?;
            let ids: std::collections::BTreeSet<i64> = state
                .store()
                .list_assignments(Some(org), None, None)
                .await?
                .into_iter()
                .map(|a| a.school_id)
                .collect();
            let mut s = Vec::new();
            for id in ids {
                s.push(state.store().school(id).await?);
            }
            (Some(org), s)
        }
    })
}

/// The figures per district (PC4 of the school's postcode), with the same suppression as the rest of the page.
fn district_table(
    ctx: &Ctx,
    districts: &std::collections::BTreeMap<String, schakel_store::KikFigures>,
    shown: impl Fn(i64) -> String,
) -> Table {
    let t = |k| ctx.lang.t(k);
    Table {
        caption: t("kik.fig_by_district").into(),
        headers: vec![
            t("kik.district").into(),
            t("kik.fig_profiled").into(),
            t("kik.fig_matched").into(),
            t("kik.fig_started").into(),
            t("kik.fig_still").into(),
        ],
        rows: districts
            .iter()
            .filter(|(_, f)| f.profiled > 0)
            .map(|(pc4, f)| {
                vec![
                    Cell::text(pc4),
                    Cell::text(shown(f.profiled)),
                    Cell::text(shown(f.matched)),
                    Cell::text(shown(f.started)),
                    Cell::text(shown(f.still_at_3_months)),
                ]
            })
            .collect(),
        pagination: None,
    }
}

// Kind in Kaart for a whole class in one session (prevention, no case files): one line per child,
// `name; interests; free times`. Nothing about the children is stored — the suggestions are printed for the
// class session and the parents are informed by the school; only the fact of the session is logged.

/// The schools a worker is assigned to now, as (BRIN code, name) for the class form's school picker.
async fn own_schools(state: &AppState, ctx: &Ctx) -> Vec<(String, String)> {
    let Ok(Some(worker)) = crate::usecase::scope::own_worker(state, ctx).await else {
        return Vec::new();
    };
    let Ok(assignments) = state
        .store()
        .list_assignments(Some(worker.organisation_id), Some(worker.id), None)
        .await
    else {
        return Vec::new();
    };
    let mut schools = Vec::new();
    for a in assignments.iter().filter(|a| a.ends_on.is_none()) {
        if let Ok(s) = state.store().school(a.school_id).await {
            schools.push((s.code, s.name));
        }
    }
    schools.sort_by(|a, b| a.1.cmp(&b.1));
    schools.dedup();
    schools
}

/// The whole-class form: a worker picks one of their own schools; anyone else (a team lead without a worker
/// record) types the school's code.
fn class_form(ctx: &Ctx, values: &Values, schools: &[(String, String)]) -> FormSpec {
    let t = |k| ctx.lang.t(k);
    let school = if schools.is_empty() {
        Field::new("school_code", t("field.school_code"), "text", "").hint(t("hint.school_code"))
    } else {
        Field::new("school_code", t("field.school"), "select", "").options(
            schools
                .iter()
                .map(|(code, name)| (code.clone(), format!("{name} ({code})")))
                .collect(),
        )
    };
    FormSpec {
        id: "class",
        title: t("kik.class_title").into(),
        action: "/kind-in-kaart/class".into(),
        submit: t("kik.class_submit").into(),
        fields: vec![
            school,
            Field::new("age", t("kik.class_age"), "number", "10"),
            Field::new("children", t("kik.class_children"), "textarea", "")
                .hint(t("kik.class_children_hint")),
        ],
        ..Default::default()
    }
    .with_values(values)
}

/// The whole-class form; a link from a school on the worker's home page fills in the school (`?school_code=`).
pub async fn class_form_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(form): Query<ClassForm>,
) -> Response {
    let t = |k| ctx.lang.t(k);
    // Only what the link fills in; the other fields keep their defaults.
    let values: Values = values_of(&form)
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let schools = own_schools(&state, &ctx).await;
    let v = AdminView {
        title: t("kik.class_title").into(),
        page_id: "kik-class".into(),
        lead: t("kik.class_lead").into(),
        forms: vec![class_form(&ctx, &values, &schools)],
        ..Default::default()
    };
    render_admin(ctx.page("social-map"), &v)
}

pub async fn class_session(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<ClassForm>,
) -> Response {
    let t = |k| ctx.lang.t(k);
    let values = values_of(&form);
    let input = form.input();
    let schools = own_schools(&state, &ctx).await;
    let result = class::class_session(&state, &ctx, &input)
        .await
        .map(|session| {
            let mut v = AdminView {
                title: format!("{} · {}", t("kik.class_title"), session.school_name),
                page_id: "kik-class".into(),
                lead: t("kik.class_nothing_stored").into(),
                ..Default::default()
            };
            v.tables.push(Table {
                caption: t("kik.suggestions").into(),
                headers: vec![t("field.name").into(), "1".into(), "2".into(), "3".into()],
                rows: session
                    .children
                    .iter()
                    .map(|(label, list)| {
                        let mut row = vec![Cell::text(label)];
                        for i in 0..3 {
                            row.push(Cell::text(
                                list.get(i)
                                    .map(|s| {
                                        let reasons = match ctx.lang {
                                            Lang::En if !s.reasons_en.is_empty() => &s.reasons_en,
                                            _ => &s.reasons_nl,
                                        };
                                        format!("{}: {}", s.name, reasons.join("; "))
                                    })
                                    .unwrap_or_default(),
                            ));
                        }
                        row
                    })
                    .collect(),
                pagination: None,
            });
            v.forms.push(class_form(&ctx, &values, &schools));
            v
        });
    match result {
        Ok(v) => render_admin(ctx.page("social-map"), &v),
        Err(AppError::Validation(e)) => {
            let v = AdminView {
                title: t("kik.class_title").into(),
                page_id: "kik-class".into(),
                lead: t("kik.class_lead").into(),
                forms: vec![
                    class_form(&ctx, &values, &own_schools(&state, &ctx).await)
                        .with_errors(&FormErrors(e), ctx.lang),
                ],
                ..Default::default()
            };
            let mut res = render_admin(ctx.page("social-map"), &v);
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            res
        }
        Err(e) => page_error(&ctx, e),
    }
}

/// A profile's stored languages, each on its own: the codes on the list, and what was stored that is not on it
/// (free text from before the list).
fn stored_languages(stored: &str) -> (Vec<&'static str>, Vec<String>) {
    let mut known = Vec::new();
    let mut unknown = Vec::new();
    for given in stored.split(',').map(str::trim).filter(|g| !g.is_empty()) {
        match parse_languages(&[given]) {
            Ok(codes) => known.extend(codes),
            Err(_) => unknown.push(given.to_owned()),
        }
    }
    (known, unknown)
}
