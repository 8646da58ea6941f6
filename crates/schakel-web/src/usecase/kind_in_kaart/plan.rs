//! Kind in Kaart on a case file: the child's profile (what it is good at, likes, wants to learn; free times; what
//! stands in the way), the chosen activity with its barrier plan, the start and the follow-up checks at 1 and 3
//! months. The case page and the API call these; each change is logged and written to the case's timeline.

use super::{child_profile, parse_times, suggestions};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use crate::usecase::case::open_case;
use chrono::Months;
use schakel_domain::audit::AuditAction;
use schakel_domain::kind_in_kaart::home::{HomeFrom, Pc4, parse_languages};
use schakel_domain::kind_in_kaart::{BarrierKind, CheckMoment, Participation, check_follow_up};
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use schakel_store::{NewProfile, PlanRow, ProfileRow};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A child's Kind in Kaart profile as the worker fills it in with child and parents.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct ProfileInput {
    #[serde(default)]
    pub good_at: String,
    #[serde(default)]
    pub likes: String,
    #[serde(default)]
    pub wants_to_learn: String,
    /// e.g. `wo 13:00-17:00; za 9:00-12:00`.
    #[serde(default)]
    pub free_times: String,
    #[serde(default)]
    pub who_brings: String,
    #[serde(default)]
    pub can_travel_alone: bool,
    /// `cycling` (default), `walking` or `lift`.
    #[serde(default)]
    pub transport: String,
    #[serde(default)]
    pub needs_accessible: bool,
    /// Languages spoken at home, each an ISO 639 code or a name from the fixed list (`nl` Nederlands, `en`
    /// Engels, `ar` Arabisch, `ber` Berbers (Tamazight), `tr` Turks, `pl` Pools, `uk` Oekraïens, `ti` Tigrinya,
    /// `so` Somalisch, `fa` Perzisch (Farsi), `ro` Roemeens, `bg` Bulgaars, `ngt` Nederlandse Gebarentaal);
    /// stored as codes.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Household income as a percentage of the social minimum (for funds), 0–1000.
    #[serde(default)]
    pub income_percent: Option<i64>,
    /// The home postcode, `1234 AB` or `1234AB`; only its four digits (PC4) are kept (ADR 030). Empty: the
    /// PC4 of the case's previous profile stays; with none, distances are measured from the school.
    #[serde(default)]
    pub postcode: String,
    /// `true`: the case's stored PC4 is no longer kept (a wrong or outdated postcode, data minimisation, ADR 030);
    /// distances are then measured from the school. Not together with a `postcode`.
    #[serde(default)]
    pub forget_postcode: bool,
    /// What the page could not read (a percentage that is no number), refused with the other fields; never
    /// in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// The refusal of a household income that is no percentage (0–1000).
pub fn income_refused() -> FieldError {
    FieldError::new(
        "income_percent",
        "Geef een percentage, bijvoorbeeld 110.",
        "Give a percentage, e.g. 110.",
    )
}

/// The refusal of a check for a plan that is not one of the case's started plans.
pub fn plan_refused() -> FieldError {
    FieldError::new(
        "plan_id",
        "Kies een activiteit uit de lijst.",
        "Choose an activity from the list.",
    )
}

impl ProfileInput {
    /// Every field error at once.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = self.unreadable.clone();
        if let Err(part) = parse_times(&self.free_times) {
            errors.push(FieldError::new(
                "free_times",
                &format!(
                    "Niet begrepen: '{part}'. Schrijf bijvoorbeeld: wo 13:00-17:00; za 9:00-12:00."
                ),
                &format!("Not understood: '{part}'. Write e.g.: wed 13:00-17:00; sat 9:00-12:00."),
            ));
        }
        if self
            .income_percent
            .is_some_and(|i| !(0..=1000).contains(&i))
        {
            errors.push(income_refused());
        }
        match Pc4::parse(&self.postcode) {
            Err(e) => errors.push(e),
            Ok(Some(_)) if self.forget_postcode => errors.push(FieldError::new(
                "forget_postcode",
                "Geef een nieuwe postcode of laat de bewaarde postcode vergeten, niet allebei.",
                "Give a new postcode or forget the stored one, not both.",
            )),
            Ok(_) => {}
        }
        if let Err(e) = parse_languages(&self.languages) {
            errors.push(e);
        }
        if self.tags().iter().all(|t| t.trim().is_empty()) {
            errors.push(FieldError::new(
                "good_at",
                "Vul in waar het kind goed in is, wat het leuk vindt of wil leren.",
                "Fill in what the child is good at, likes or wants to learn.",
            ));
        }
        errors
    }

    fn tags(&self) -> [&str; 3] {
        [&self.good_at, &self.likes, &self.wants_to_learn]
    }
}

/// Records a new profile for the case's child (the newest one counts); returns its id.
pub async fn save_profile(
    state: &AppState,
    ctx: &Ctx,
    case_id: i64,
    input: &ProfileInput,
) -> Result<i64, AppError> {
    let file = open_case(state, ctx, case_id).await?;
    let errors = input.validate();
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let p = ctx.principal()?;
    let transport = match input.transport.as_str() {
        "walking" => "walking",
        "lift" => "lift",
        _ => "cycling",
    };
    let tags = input.tags().map(|t| t.trim().to_string());
    let home_pc4 = match Pc4::parse(&input.postcode).map_err(|e| AppError::Validation(vec![e]))? {
        Some(pc4) => Some(pc4.number()),
        None if input.forget_postcode => None,
        None => state
            .store()
            .latest_profile_of_case(case_id)
            .await?
            .and_then(|p| p.home_pc4),
    };
    let languages = parse_languages(&input.languages)
        .map_err(|e| AppError::Validation(vec![e]))?
        .join(", ");
    let mut tx = state.store().begin().await?;
    let profile_id = tx
        .insert_profile(
            &NewProfile {
                child_id: file.child.id,
                case_id: Some(case_id),
                good_at: tags[0].clone(),
                likes: tags[1].clone(),
                wants_to_learn: tags[2].clone(),
                interests: tags.join(", "),
                free_times: input.free_times.trim().to_string(),
                who_brings: input.who_brings.trim().to_string(),
                can_travel_alone: input.can_travel_alone,
                transport: transport.into(),
                needs_accessible: input.needs_accessible,
                languages,
                income_percent: input.income_percent,
                home_pc4,
                recorded_on: state.now().date_naive().to_string(),
                recorded_by: Some(p.user_id),
            },
            state.now(),
        )
        .await?;
    let filled: Vec<&str> = tags
        .iter()
        .map(String::as_str)
        .filter(|t| !t.is_empty())
        .collect();
    tx.record_event(
        case_id,
        Some(p.user_id),
        &TimelineEvent::KindInKaartFilled {
            tags: filled.iter().map(|t| t.to_string()).collect(),
        },
        "",
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(case_id.to_string()), "ok"),
        )
        .await?;
    Ok(profile_id)
}

/// The code of a barrier kind in a stored plan line.
pub fn barrier_code(k: BarrierKind) -> &'static str {
    match k {
        BarrierKind::Cost => "cost",
        BarrierKind::Transport => "transport",
        BarrierKind::CannotGoAlone => "cannot_go_alone",
        BarrierKind::Schedule => "schedule",
        BarrierKind::Language => "language",
        BarrierKind::ParentsCapacity => "parents_capacity",
    }
}

/// The activity chosen from the suggestions.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
pub struct ChooseInput {
    pub activity_id: i64,
}

/// Chooses one of the child's suggested activities: the plan gets the engine's barrier actions (owner: the worker,
/// due in two weeks) and the fund that pays. Returns the plan's id.
pub async fn choose(
    state: &AppState,
    ctx: &Ctx,
    case_id: i64,
    activity_id: i64,
) -> Result<i64, AppError> {
    let file = open_case(state, ctx, case_id).await?;
    let today = state.now().date_naive();
    let stored = state
        .store()
        .latest_profile_of_case(case_id)
        .await?
        .ok_or_else(|| {
            AppError::Validation(vec![FieldError::new(
                "activity_id",
                "Vul eerst Kind in Kaart in.",
                "Fill in Kind in Kaart first.",
            )])
        })?;
    let (profile, _) = child_profile(state, &file, &stored, today).await?;
    let (list, _, funds) = suggestions(state, &profile).await?;
    let s = list
        .iter()
        .find(|s| s.activity_id == activity_id)
        .ok_or(AppError::NotFound)?;
    let p = ctx.principal()?;
    let owner = p.display_name.clone();
    let due = today + chrono::Duration::days(14);
    let barriers: Vec<String> = s
        .barriers
        .iter()
        .map(|b| {
            format!(
                "{}|{}|{owner}|{due}|",
                barrier_code(b.kind),
                b.action_nl.replace('|', "/")
            )
        })
        .collect();
    let activity = state.store().activity(activity_id).await?;
    let fund_name = s
        .fund
        .and_then(|(fid, _)| funds.iter().find(|f| f.id == fid))
        .map(|f| f.name.clone());
    let mut tx = state.store().begin().await?;
    let plan_id = tx
        .insert_plan(
            stored.id,
            Some(case_id),
            activity_id,
            s.fund.map(|f| f.0),
            s.fund.map_or(0, |f| f.1),
            &barriers.join("\n"),
            None,
            &today.to_string(),
            state.now(),
        )
        .await?;
    let chosen = TimelineEvent::ActivityChosen {
        activity: activity.name.clone(),
        provider: activity.provider_name.clone(),
        fund: fund_name.map(|f| (f, owner.clone())),
    };
    tx.record_event(
        case_id,
        Some(p.user_id),
        &chosen,
        &barriers.join("\n"),
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(case_id.to_string()), "ok"),
        )
        .await?;
    Ok(plan_id)
}

/// The child started the activity today: the checks fall due 1 and 3 months from now.
pub async fn start(
    state: &AppState,
    ctx: &Ctx,
    case_id: i64,
    plan_id: i64,
) -> Result<(), AppError> {
    open_case(state, ctx, case_id).await?;
    let today = state.now().date_naive();
    let m1 = today.checked_add_months(Months::new(1)).unwrap_or(today);
    let m3 = today.checked_add_months(Months::new(3)).unwrap_or(today);
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    tx.start_plan(
        plan_id,
        case_id,
        &today.to_string(),
        &m1.to_string(),
        &m3.to_string(),
    )
    .await?;
    tx.record_event(
        case_id,
        Some(p.user_id),
        &TimelineEvent::ActivityStarted {
            check_1: m1,
            check_3: m3,
        },
        "",
        state.now(),
    )
    .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(case_id.to_string()), "ok"),
        )
        .await
}

/// A follow-up check: does the child still take part, 1 or 3 months after the start?
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct CheckInput {
    /// `1` or `3` (months after the start).
    #[schemars(example = &"3")]
    pub month: String,
    /// `still_going` or `stopped`.
    #[schemars(example = &"still_going")]
    pub result: String,
    /// Why the child stopped (required then).
    #[serde(default)]
    pub stop_reason: String,
    /// What the page could not read (the plan it names), refused with the other fields; never in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
}

/// Records a follow-up check; refused before it is due (the prevention figure counts only due checks).
pub async fn check(
    state: &AppState,
    ctx: &Ctx,
    case_id: i64,
    plan_id: i64,
    input: &CheckInput,
) -> Result<(), AppError> {
    open_case(state, ctx, case_id).await?;
    let invalid = |e: FieldError| AppError::Validation(vec![e]);
    // Every wrong field at once: the moment, the result, the reason for stopping.
    let mut errors = input.unreadable.clone();
    let moment = CheckMoment::parse(&input.month)
        .map_err(|e| errors.push(e))
        .ok();
    let result = match input.result.as_str() {
        "stopped" => Some((Participation::Stopped, "stopped")),
        "still_going" => Some((Participation::StillGoing, "still_going")),
        _ => {
            errors.push(FieldError::new(
                "result",
                "Kies of het kind nog meedoet of gestopt is.",
                "Choose whether the child still takes part or stopped.",
            ));
            None
        }
    };
    let reason = input.stop_reason.trim();
    if input.result == "stopped" && reason.is_empty() {
        errors.push(FieldError::new(
            "stop_reason",
            "Waarom is het kind gestopt?",
            "Why did the child stop?",
        ));
    }
    let (Some(moment), Some((result, outcome)), true) = (moment, result, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let month = moment.months();
    let stored = state
        .store()
        .plans_of_case(case_id)
        .await?
        .into_iter()
        .find(|p| p.id == plan_id)
        .ok_or(AppError::NotFound)?;
    let due = match moment {
        CheckMoment::OneMonth => stored.check_1m_due,
        CheckMoment::ThreeMonths => stored.check_3m_due,
    };
    let due = due.and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    check_follow_up(moment, result, due, state.now().date_naive()).map_err(invalid)?;
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    tx.check_plan(plan_id, case_id, month, outcome, reason)
        .await?;
    let follow_up = TimelineEvent::FollowUp {
        months: i64::from(month),
        stopped: (result == Participation::Stopped).then(|| reason.to_string()),
    };
    tx.record_event(case_id, Some(p.user_id), &follow_up, "", state.now())
        .await?;
    state
        .commit_logged(
            tx,
            ctx.event(AuditAction::Change, "case", Some(case_id.to_string()), "ok"),
        )
        .await
}

/// One suggested activity as the API shows it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SuggestionView {
    pub activity_id: i64,
    pub name: String,
    pub provider: String,
    /// Higher is a better fit.
    pub score: u32,
    pub distance_m: u32,
    /// Why, to talk through with child and parents (Dutch and English).
    pub reasons_nl: Vec<String>,
    pub reasons_en: Vec<String>,
    pub cost_after_funds_cents: i64,
    /// The fund that pays, when the child is eligible for one.
    pub fund: Option<String>,
}

/// Kind in Kaart on one case file: the newest profile, the suggestions it gives, the plans.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KindInKaart {
    pub profile: Option<ProfileRow>,
    /// Where distances are measured from: the middle of the known schools and activities in the profile's
    /// PC4 (`postcode`), the child's school (`school`) or neither (`unknown`); none without a profile.
    pub home_from: Option<HomeFrom>,
    pub suggestions: Vec<SuggestionView>,
    pub plans: Vec<PlanRow>,
}

/// Reads Kind in Kaart of a case (logged as a read of the case).
pub async fn of_case(state: &AppState, ctx: &Ctx, case_id: i64) -> Result<KindInKaart, AppError> {
    let file = open_case(state, ctx, case_id).await?;
    let profile = state.store().latest_profile_of_case(case_id).await?;
    let mut home_from = None;
    let suggestions = match &profile {
        Some(stored) => {
            let (child, from) =
                child_profile(state, &file, stored, state.now().date_naive()).await?;
            home_from = Some(from);
            let (list, activities, funds) = suggestions(state, &child).await?;
            list.into_iter()
                .filter_map(|s| {
                    let a = activities.iter().find(|a| a.id == s.activity_id)?;
                    Some(SuggestionView {
                        activity_id: s.activity_id,
                        name: a.name.clone(),
                        provider: a.provider_name.clone(),
                        score: s.score,
                        distance_m: s.distance_m,
                        reasons_nl: s.reasons_nl.clone(),
                        reasons_en: s.reasons_en.clone(),
                        cost_after_funds_cents: s.cost_after_funds_cents,
                        fund: s
                            .fund
                            .and_then(|(id, _)| funds.iter().find(|f| f.id == id))
                            .map(|f| f.name.clone()),
                    })
                })
                .collect()
        }
        None => Vec::new(),
    };
    let plans = state.store().plans_of_case(case_id).await?;
    Ok(KindInKaart {
        profile,
        home_from,
        suggestions,
        plans,
    })
}
