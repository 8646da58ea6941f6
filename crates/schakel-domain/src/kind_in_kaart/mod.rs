//! Kind in Kaart: from a child's talents and interests to normal activities in the neighbourhood.
//!
//! Rotterdam's "Signaleren en normaliseren" (source 003): the school social worker maps what a child
//! is good at, likes and wants to learn ("Kind in Kaart"), looks for activities in the neighbourhood
//! network (sports club, music, scouting, community centre, church or mosque, homework support,
//! youth work, a parenting course) and then solves the barriers parents name: "dat kost veel geld,
//! ik kan hem 's avonds niet brengen, hij kan niet alleen". Yusuf, 10, wants to play basketball;
//! his worker solves cost and distance and he now goes every week.
//!
//! This module is the pure matching engine: it ranks activities for one child (or a whole class)
//! and gives, per suggestion, the reasons in Dutch and a plan for the barriers. No IO, no clock:
//! the caller passes the child's age (see [`age_on`]), the activities and the funds (RULES §9:
//! fund rules and amounts are data per municipality, never code).
//!
//! Hard filters, never relaxed: the child's age is within the activity's range; the activity has
//! room (`capacity_left != Some(0)`); wheelchair access when the child needs it; a valid location
//! within 1.5 × the cycling distance of home or school. Everything else is a score in integer
//! points (see the `POINTS_*` constants), so the order is exact and reproducible: score high to
//! low, then distance near to far, then activity id, then position in the input.
//!
//! [`rank`] scores every activity; [`ActivityIndex`] buckets activities on a latitude/longitude grid
//! so [`rank_indexed`] and [`rank_class`] only look at cells near the child. Both give identical
//! results (a property test checks this).

pub mod en;
mod geo;
pub mod home;
mod index;
pub mod nl;
mod prepared;
mod scoring;

pub use scoring::*;
#[cfg(test)]
mod tests;

pub use geo::{EARTH_RADIUS_M, distance_m};
pub use index::{ActivityIndex, DEFAULT_CELL_KM};

use crate::lang::Lang as Reader;
use crate::org::FieldError;
use chrono::{NaiveDate, Weekday};
use geo::{Point, haversine_m};
use prepared::{Cold, Hot, Prepared};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

// ---------------------------------------------------------------------------------------------
// The model
// ---------------------------------------------------------------------------------------------

/// The kinds of activity in the neighbourhood network ("wijknetwerk").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityCategory {
    Sport,
    MuziekKunstCultuur,
    ScoutingBuiten,
    /// Community centre, church, mosque: "buurthuiswerk, scouting en de kerk".
    BuurtGeloof,
    Huiswerkbegeleiding,
    /// A parenting course (CJG), for the parents of a child of this age.
    Opvoedcursus,
    Jongerenwerk,
}

impl ActivityCategory {
    pub const ALL: [ActivityCategory; 7] = [
        ActivityCategory::Sport,
        ActivityCategory::MuziekKunstCultuur,
        ActivityCategory::ScoutingBuiten,
        ActivityCategory::BuurtGeloof,
        ActivityCategory::Huiswerkbegeleiding,
        ActivityCategory::Opvoedcursus,
        ActivityCategory::Jongerenwerk,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActivityCategory::Sport => "sport",
            ActivityCategory::MuziekKunstCultuur => "muziek_kunst_cultuur",
            ActivityCategory::ScoutingBuiten => "scouting_buiten",
            ActivityCategory::BuurtGeloof => "buurt_geloof",
            ActivityCategory::Huiswerkbegeleiding => "huiswerkbegeleiding",
            ActivityCategory::Opvoedcursus => "opvoedcursus",
            ActivityCategory::Jongerenwerk => "jongerenwerk",
        }
    }

    pub fn label_nl(self) -> &'static str {
        match self {
            ActivityCategory::Sport => "Sport",
            ActivityCategory::MuziekKunstCultuur => "Muziek, kunst en cultuur",
            ActivityCategory::ScoutingBuiten => "Scouting en buiten",
            ActivityCategory::BuurtGeloof => "Buurthuis, kerk of moskee",
            ActivityCategory::Huiswerkbegeleiding => "Huiswerkbegeleiding",
            ActivityCategory::Opvoedcursus => "Opvoedcursus",
            ActivityCategory::Jongerenwerk => "Jongerenwerk",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ActivityCategory::Sport => "Sport",
            ActivityCategory::MuziekKunstCultuur => "Music, art and culture",
            ActivityCategory::ScoutingBuiten => "Scouting and outdoors",
            ActivityCategory::BuurtGeloof => "Community centre, church or mosque",
            ActivityCategory::Huiswerkbegeleiding => "Homework support",
            ActivityCategory::Opvoedcursus => "Parenting course",
            ActivityCategory::Jongerenwerk => "Youth work",
        }
    }

    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }

    /// Words that by themselves name the category, as a child or worker says them ("sport",
    /// "muziek", "buiten"): a child interest equal to one of these matches the category.
    pub fn keywords(self) -> &'static [&'static str] {
        match self {
            ActivityCategory::Sport => &["sport", "sporten", "bewegen"],
            ActivityCategory::MuziekKunstCultuur => &["muziek", "kunst", "cultuur", "creatief"],
            ActivityCategory::ScoutingBuiten => &["scouting", "buiten", "natuur"],
            ActivityCategory::BuurtGeloof => &["buurthuis", "kerk", "moskee", "geloof"],
            ActivityCategory::Huiswerkbegeleiding => &["huiswerk", "huiswerkbegeleiding", "bijles"],
            ActivityCategory::Opvoedcursus => &["opvoeding", "opvoedcursus", "opvoeden"],
            ActivityCategory::Jongerenwerk => &["jongerenwerk", "jongerencentrum"],
        }
    }

    /// From the code or the Dutch label, case-insensitive.
    pub fn parse(input: &str) -> Result<ActivityCategory, FieldError> {
        let s = input.trim().to_lowercase();
        ActivityCategory::ALL
            .into_iter()
            .find(|c| c.code() == s || c.label_nl().to_lowercase() == s)
            .ok_or_else(|| {
                FieldError::new(
                    "category",
                    "Kies een soort activiteit: sport, muziek_kunst_cultuur, scouting_buiten, buurt_geloof, huiswerkbegeleiding, opvoedcursus of jongerenwerk.",
                    "Choose an activity category: sport, muziek_kunst_cultuur, scouting_buiten, buurt_geloof, huiswerkbegeleiding, opvoedcursus or jongerenwerk.",
                )
            })
    }

    fn index(self) -> usize {
        self as usize
    }

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// One weekly session of an activity, in minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub weekday: Weekday,
    pub start_minute: u32,
    pub end_minute: u32,
}

/// An activity from the social map (sociale kaart).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    pub id: i64,
    pub name: String,
    pub category: ActivityCategory,
    /// Tags such as "basketbal", "tekenen"; compared case-insensitively.
    pub interests: Vec<String>,
    pub latitude: f64,
    pub longitude: f64,
    /// Inclusive age range in years.
    pub min_age: u32,
    pub max_age: u32,
    pub sessions: Vec<Session>,
    /// Club fee for a season. Compared with a fund's yearly maximum as is: a club season is a year,
    /// and funds allow one application per 12 months (RULES §9).
    pub cost_per_season_cents: i64,
    /// Wheelchair accessible.
    pub accessible: bool,
    /// Languages spoken at the activity, as ISO 639 codes ("nl", "tr", "ar"); empty = not stated.
    pub languages: Vec<String>,
    /// Places left; `None` = not known (not full).
    pub capacity_left: Option<i64>,
    pub provider_name: String,
}

/// A fund that pays club fees (Jeugdfonds Sport & Cultuur, a municipal youth scheme). Parents cannot
/// apply themselves; an intermediary such as the school social worker does (RULES §9).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fund {
    pub id: i64,
    pub name: String,
    /// Inclusive age range in years.
    pub min_age: u32,
    pub max_age: u32,
    /// CBS municipality codes (`GM0599`) where it applies; empty = everywhere.
    pub municipalities: Vec<String>,
    /// Income limit as a percentage of the social minimum (120 = up to 120 %); `None` = no limit.
    pub income_criterion_percent: Option<u32>,
    pub max_cents_per_year: i64,
    /// The categories it pays for.
    pub categories: Vec<ActivityCategory>,
}

impl Fund {
    /// Whether this fund may pay for an activity of `category` for this child: age in range,
    /// municipality of residence listed (or none listed), declared income within the criterion
    /// (a fund with a criterion needs a declared income), category covered.
    pub fn eligible(&self, profile: &ChildProfile, category: ActivityCategory) -> bool {
        let age_ok = self.min_age <= profile.age_years && profile.age_years <= self.max_age;
        let municipality_ok = self.municipalities.is_empty()
            || self.municipalities.iter().any(|m| {
                m.trim()
                    .eq_ignore_ascii_case(profile.municipality_code.trim())
            });
        let income_ok = match self.income_criterion_percent {
            None => true,
            Some(limit) => profile
                .household_income_percent_of_minimum
                .is_some_and(|income| income <= limit),
        };
        age_ok && municipality_ok && income_ok && self.categories.contains(&category)
    }
}

/// How the child can get to an activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transport {
    /// Walks only (no bike, or not allowed to cycle).
    Walking,
    /// Walks or cycles.
    Cycling,
    /// Someone brings them (parent, neighbour): distance is no barrier within the search radius.
    Lift,
}

impl Transport {
    pub fn label_nl(self) -> &'static str {
        match self {
            Transport::Walking => "lopen",
            Transport::Cycling => "fietsen",
            Transport::Lift => "gebracht worden",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Transport::Walking => "walking",
            Transport::Cycling => "cycling",
            Transport::Lift => "being brought",
        }
    }

    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }
}

/// What Kind in Kaart found out about a child, as far as the matching needs it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChildProfile {
    /// Age in whole years on the reference date; see [`age_on`].
    pub age_years: u32,
    /// What the child is good at, likes or wants to learn, as tags ("basketbal", "tekenen").
    pub interests: Vec<String>,
    /// Free time per weekday, minutes since midnight: `(weekday, start, end)`.
    pub free_times: Vec<(Weekday, u32, u32)>,
    /// `(latitude, longitude)` of home.
    pub home: (f64, f64),
    /// `(latitude, longitude)` of the school, when the child may also go from there.
    pub school: Option<(f64, f64)>,
    /// CBS code of the municipality of residence (funds follow residence, not school).
    pub municipality_code: String,
    /// Household income as a percentage of the social minimum, as declared by the parents.
    pub household_income_percent_of_minimum: Option<u32>,
    pub needs_accessible: bool,
    /// Languages the child (and family) speak, ISO 639 codes preferred ("nl", "ar").
    pub languages: Vec<String>,
    pub can_travel_alone: bool,
    pub transport: Transport,
}

/// Age in whole years on a date (the same rule as consent uses).
pub use crate::consent::age_on;

/// Search settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct MatchOptions {
    /// Farthest a child walks, in km.
    pub walk_km: f64,
    /// Farthest a child cycles, in km; activities beyond 1.5 × this are never suggested.
    pub cycle_km: f64,
    pub max_results: usize,
}

impl Default for MatchOptions {
    fn default() -> Self {
        MatchOptions {
            walk_km: 1.5,
            cycle_km: 5.0,
            max_results: 10,
        }
    }
}

impl MatchOptions {
    /// Farthest distance at which an activity is still suggested, in metres.
    pub fn max_distance_m(&self) -> f64 {
        self.cycle_km * 1.5 * 1000.0
    }
}

/// What stands between the child and the activity (the parents' words: cost, bringing, alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BarrierKind {
    Cost,
    Transport,
    CannotGoAlone,
    Schedule,
    Language,
    /// Parents cannot bring, pay attention or follow up; found in conversation, added by the worker.
    ParentsCapacity,
}

impl BarrierKind {
    pub const ALL: [BarrierKind; 6] = [
        BarrierKind::Cost,
        BarrierKind::Transport,
        BarrierKind::CannotGoAlone,
        BarrierKind::Schedule,
        BarrierKind::Language,
        BarrierKind::ParentsCapacity,
    ];

    pub fn label_nl(self) -> &'static str {
        match self {
            BarrierKind::Cost => "Kosten",
            BarrierKind::Transport => "Afstand en vervoer",
            BarrierKind::CannotGoAlone => "Kan niet alleen",
            BarrierKind::Schedule => "Tijden",
            BarrierKind::Language => "Taal",
            BarrierKind::ParentsCapacity => "Ouders kunnen het (nog) niet",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            BarrierKind::Cost => "Cost",
            BarrierKind::Transport => "Distance and transport",
            BarrierKind::CannotGoAlone => "Cannot go alone",
            BarrierKind::Schedule => "Times",
            BarrierKind::Language => "Language",
            BarrierKind::ParentsCapacity => "The parents cannot (yet) manage it",
        }
    }

    pub fn label(self, lang: crate::lang::Lang) -> &'static str {
        lang.pick(self.label_nl(), self.label_en())
    }
}

/// A barrier with what the worker does about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Barrier {
    pub kind: BarrierKind,
    pub action_nl: String,
    /// The same in English; empty for a barrier stored before plans had English.
    #[serde(default)]
    pub action_en: String,
}

impl Barrier {
    /// What the worker does, in the reader's language (Dutch when there is no English).
    pub fn action(&self, lang: crate::lang::Lang) -> &str {
        match lang {
            crate::lang::Lang::En if !self.action_en.is_empty() => &self.action_en,
            _ => &self.action_nl,
        }
    }
}

impl Barrier {
    /// The barrier the worker adds after talking with the parents ("ik kan hem 's avonds niet
    /// brengen"): who arranges it and by when.
    pub fn parents_capacity(owner: &str, due: NaiveDate) -> Barrier {
        Barrier {
            kind: BarrierKind::ParentsCapacity,
            action_nl: format!(
                "brengen, halen en meedoen samen met de ouders regelen: {}, uiterlijk {}",
                owner.trim(),
                nl::format_date_nl(due)
            ),
            action_en: format!(
                "arrange bringing, collecting and taking part together with the parents: {}, by {}",
                owner.trim(),
                crate::lang::long_date(due, crate::lang::Lang::En)
            ),
        }
    }
}

/// One suggested activity for a child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestion {
    pub activity_id: i64,
    /// Integer points; higher is a better fit.
    pub score: u32,
    /// Straight-line distance from home or school, whichever is nearer.
    pub distance_m: u32,
    /// Why, in Dutch, for the worker to talk through with child and parents.
    pub reasons_nl: Vec<String>,
    /// The same reasons in English.
    #[serde(default)]
    pub reasons_en: Vec<String>,
    /// `(fund id, cents covered per year)` when a fund the child is eligible for pays.
    pub fund: Option<(i64, i64)>,
    pub cost_after_funds_cents: i64,
    /// The barrier plan, in the order: cost, transport, going alone, schedule, language.
    pub barriers: Vec<Barrier>,
}

// ---------------------------------------------------------------------------------------------
// Entry points
// ---------------------------------------------------------------------------------------------

/// Ranks every activity for one child (the reference implementation: it looks at all of them).
pub fn rank(
    profile: &ChildProfile,
    activities: &[Activity],
    funds: &[Fund],
    options: &MatchOptions,
) -> Vec<Suggestion> {
    let prepared = Prepared::new(activities);
    let ctx = Ctx::new(profile, funds, &prepared, options);
    let mut evals = Vec::new();
    for (hot, cold) in prepared.hot.iter().zip(&prepared.cold) {
        ctx.consider(&prepared, hot, cold, &mut evals);
    }
    ctx.finish(evals, |pos| activities.get(pos))
}

/// Ranks the activities of an index for one child, looking only at grid cells near home and
/// school. Same result as [`rank`] over the same activities.
pub fn rank_indexed(
    profile: &ChildProfile,
    index: &ActivityIndex,
    funds: &[Fund],
    options: &MatchOptions,
) -> Vec<Suggestion> {
    let prepared = index.prepared();
    let ctx = Ctx::new(profile, funds, prepared, options);
    let mut evals = Vec::new();
    index.for_each_candidate(&ctx, |hot, cold| {
        ctx.consider(prepared, hot, cold, &mut evals)
    });
    ctx.finish(evals, |pos| index.activities().get(pos))
}

/// Kind in Kaart for a whole class: one ranking per child, in the order given.
pub fn rank_class(
    profiles: &[ChildProfile],
    index: &ActivityIndex,
    funds: &[Fund],
    options: &MatchOptions,
) -> Vec<Vec<Suggestion>> {
    profiles
        .iter()
        .map(|p| rank_indexed(p, index, funds, options))
        .collect()
}

/// The follow-up moments of an activity a child started: one and three months after the start.
/// "Still taking part after 3 months" is the prevention figure funders read, so it may only be
/// recorded once the three months have passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckMoment {
    OneMonth,
    ThreeMonths,
}

impl CheckMoment {
    /// `"1"` or `"3"` (the form's and the API's value); anything else is refused, never guessed.
    pub fn parse(input: &str) -> Result<CheckMoment, FieldError> {
        match input.trim() {
            "1" => Ok(CheckMoment::OneMonth),
            "3" => Ok(CheckMoment::ThreeMonths),
            _ => Err(FieldError::new(
                "month",
                "Kies de controle: na 1 of na 3 maanden.",
                "Choose the check: after 1 or after 3 months.",
            )),
        }
    }

    pub fn months(self) -> u8 {
        match self {
            CheckMoment::OneMonth => 1,
            CheckMoment::ThreeMonths => 3,
        }
    }
}

/// Whether a child still takes part, at a follow-up moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Participation {
    StillGoing,
    Stopped,
}

/// A follow-up result may be recorded: "still going" only on or after the moment's due date (a
/// check on the day the activity started is not a 3-month result); "stopped" at any time after
/// the start, since a child can stop early.
pub fn check_follow_up(
    moment: CheckMoment,
    result: Participation,
    due: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), FieldError> {
    let Some(due) = due else {
        return Err(FieldError::new(
            "plan_id",
            "Deze activiteit is nog niet gestart.",
            "This activity has not started yet.",
        ));
    };
    if result == Participation::StillGoing && today < due {
        return Err(FieldError::new(
            "month",
            &format!(
                "De controle na {} maand(en) valt op {}; vastleggen dat het kind nog meedoet kan vanaf die dag.",
                moment.months(),
                due.format("%d-%m-%Y")
            ),
            &format!(
                "The check after {} month(s) is due on {}; that the child still takes part can be recorded from that day.",
                moment.months(),
                due.format("%Y-%m-%d")
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod follow_up_tests {
    use super::*;

    #[test]
    fn still_going_only_from_the_due_date_stopped_any_time() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        let due = Some(d("2026-12-18"));
        let three = CheckMoment::ThreeMonths;
        assert!(check_follow_up(three, Participation::StillGoing, due, d("2026-09-18")).is_err());
        assert!(check_follow_up(three, Participation::StillGoing, due, d("2026-12-17")).is_err());
        assert!(check_follow_up(three, Participation::StillGoing, due, d("2026-12-18")).is_ok());
        assert!(check_follow_up(three, Participation::Stopped, due, d("2026-10-01")).is_ok());
        assert!(check_follow_up(three, Participation::Stopped, None, d("2026-10-01")).is_err());
        assert_eq!(CheckMoment::parse("1"), Ok(CheckMoment::OneMonth));
        assert!(CheckMoment::parse("").is_err());
        assert!(CheckMoment::parse("6").is_err());
    }
}
