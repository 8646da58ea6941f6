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
mod index;
pub mod nl;
mod prepared;
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
// Scoring
// ---------------------------------------------------------------------------------------------

/// An exact interest tag in common.
pub const POINTS_INTEREST_EXACT: u32 = 60;
/// Each further exact tag in common, at most two counted.
pub const POINTS_INTEREST_EXTRA: u32 = 10;
/// No tag in common, but the category is one the child's interests belong to.
pub const POINTS_INTEREST_CATEGORY: u32 = 25;
/// At the door; falls linearly to 0 at the maximum distance.
pub const POINTS_DISTANCE_MAX: u32 = 40;
/// Subtracted from the distance points when the child cannot get there by their own transport.
pub const PENALTY_TRANSPORT: u32 = 10;
/// Every session fits in the child's free time.
pub const POINTS_SCHEDULE_ALL: u32 = 30;
/// Some sessions fit.
pub const POINTS_SCHEDULE_SOME: u32 = 15;
/// No times known (child's free time or the activity's sessions).
pub const POINTS_SCHEDULE_UNKNOWN: u32 = 10;
/// Free after funds; falls linearly to 0 at [`COST_NO_POINTS_CENTS`].
pub const POINTS_COST_MAX: u32 = 30;
pub const COST_NO_POINTS_CENTS: i64 = 30_000;
/// A language the child speaks is spoken at the activity.
pub const POINTS_LANGUAGE_MATCH: u32 = 10;
/// Languages not stated on one side.
pub const POINTS_LANGUAGE_UNKNOWN: u32 = 5;

/// Interest tags compare trimmed and lower-cased.
pub(crate) fn normalise_tag(s: &str) -> String {
    s.trim().chars().flat_map(char::to_lowercase).collect()
}

pub(crate) fn keyword_mask(tag: &str) -> u8 {
    ActivityCategory::ALL
        .into_iter()
        .filter(|c| c.keywords().contains(&tag))
        .fold(0, |m, c| m | c.bit())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fit {
    Unknown,
    All,
    Some,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Unknown,
    /// Index into the child's languages.
    Match(usize),
    Mismatch,
}

/// Everything computed for one candidate, without allocating; rendered to a [`Suggestion`] only for
/// the top results.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Eval {
    score: u32,
    distance_m: u32,
    id: i64,
    pos: u32,
    from_school: bool,
    /// Indices into the child's tags of the exact matches (first three), and their count.
    exact: [usize; 3],
    n_exact: usize,
    /// Index into the child's tags giving the category-level match.
    category_tag: Option<usize>,
    schedule: Fit,
    /// `(index into funds, covered cents)`.
    fund: Option<(usize, i64)>,
    cost_after: i64,
    lang: Lang,
    transport_barrier: bool,
}

/// The total order of suggestions: score high to low, distance near to far, id, input position.
fn order(a: &Eval, b: &Eval) -> Ordering {
    b.score
        .cmp(&a.score)
        .then(a.distance_m.cmp(&b.distance_m))
        .then(a.id.cmp(&b.id))
        .then(a.pos.cmp(&b.pos))
}

/// One child, prepared once per ranking.
pub(crate) struct Ctx<'a> {
    profile: &'a ChildProfile,
    funds: &'a [Fund],
    home: Option<Point>,
    school: Option<Point>,
    /// The child's interest tags, normalised, duplicates removed, in the child's order.
    tags: Vec<String>,
    /// Their numbers in the prepared activities (`None`: no activity carries the tag).
    tag_ids: Vec<Option<u32>>,
    cat_mask: u8,
    /// Per category, the first child tag that belongs to it.
    cat_tag: [Option<usize>; 7],
    /// Per category, the funds (indices) this child is eligible for.
    eligible: [Vec<usize>; 7],
    /// Per child language: as given (normalised), and the numbers of the code and of its Dutch
    /// name in the prepared activities.
    langs: Vec<(String, [Option<u32>; 2])>,
    pub(crate) max_m: f64,
    walk_m: f64,
    cycle_m: f64,
    max_results: usize,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        profile: &'a ChildProfile,
        funds: &'a [Fund],
        prepared: &Prepared,
        options: &MatchOptions,
    ) -> Self {
        let mut tags: Vec<String> = Vec::new();
        for t in &profile.interests {
            let n = normalise_tag(t);
            if !n.is_empty() && !tags.contains(&n) {
                tags.push(n);
            }
        }
        let mut cat_mask = 0u8;
        let mut cat_tag = [None; 7];
        for (i, t) in tags.iter().enumerate() {
            let m = prepared.category_mask(t);
            cat_mask |= m;
            for c in ActivityCategory::ALL {
                if m & c.bit() != 0
                    && let Some(slot @ None) = cat_tag.get_mut(c.index())
                {
                    *slot = Some(i);
                }
            }
        }
        let eligible = ActivityCategory::ALL.map(|cat| {
            funds
                .iter()
                .enumerate()
                .filter(|(_, f)| f.eligible(profile, cat))
                .map(|(j, _)| j)
                .collect()
        });
        let tag_ids = tags.iter().map(|t| prepared.lookup(t)).collect();
        let mut langs: Vec<(String, [Option<u32>; 2])> = Vec::new();
        for l in &profile.languages {
            let code = normalise_tag(l);
            if !code.is_empty() && !langs.iter().any(|k| k.0 == code) {
                let keys = [
                    prepared.lookup(&code),
                    prepared.lookup(&nl::language_nl(&code)),
                ];
                langs.push((code, keys));
            }
        }
        Ctx {
            profile,
            funds,
            home: Point::new(profile.home.0, profile.home.1),
            school: profile.school.and_then(|(lat, lon)| Point::new(lat, lon)),
            tags,
            tag_ids,
            cat_mask,
            cat_tag,
            eligible,
            langs,
            max_m: options.max_distance_m(),
            walk_m: options.walk_km * 1000.0,
            cycle_m: options.cycle_km * 1000.0,
            max_results: options.max_results,
        }
    }

    pub(crate) fn origins(&self) -> impl Iterator<Item = &Point> {
        self.home.iter().chain(self.school.iter())
    }

    /// Rounded metres from the nearer of home and school, and whether that is the school.
    fn distance(&self, p: &Point) -> Option<(u32, bool)> {
        let home = self.home.as_ref().map(|o| haversine_m(o, p));
        let school = self.school.as_ref().map(|o| haversine_m(o, p));
        let (d, from_school) = match (home, school) {
            (Some(h), Some(s)) if s < h => (s, true),
            (Some(h), _) => (h, false),
            (None, Some(s)) => (s, true),
            (None, None) => return None,
        };
        // At most half the Earth's circumference: fits in u32.
        Some((d.round() as u32, from_school))
    }

    /// Applies the hard filters to one activity and, when it passes, pushes its evaluation.
    pub(crate) fn consider(
        &self,
        prepared: &Prepared,
        hot: &Hot,
        cold: &Cold,
        out: &mut Vec<Eval>,
    ) {
        if !hot.admits(self.profile.age_years, self.profile.needs_accessible) {
            return;
        }
        let Some((d, from_school)) = self.distance(&hot.point) else {
            return;
        };
        if f64::from(d) > self.max_m || self.max_m.is_nan() {
            return;
        }
        out.push(self.evaluate(prepared, cold, hot.pos, d, from_school));
    }

    fn evaluate(
        &self,
        prepared: &Prepared,
        a: &Cold,
        pos: u32,
        distance_m: u32,
        from_school: bool,
    ) -> Eval {
        // Interests: exact tags in the child's order, else the category.
        let tags = prepared.tags(a);
        let mut exact = [0usize; 3];
        let mut n_exact = 0usize;
        for (i, t) in self.tag_ids.iter().enumerate() {
            if t.is_some_and(|t| tags.contains(&t)) {
                if let Some(slot) = exact.get_mut(n_exact) {
                    *slot = i;
                }
                n_exact += 1;
            }
        }
        let cat = a.category;
        let category_tag = if n_exact == 0 && self.cat_mask & cat.bit() != 0 {
            self.cat_tag.get(cat.index()).copied().flatten()
        } else {
            None
        };
        let interest_points = if n_exact > 0 {
            POINTS_INTEREST_EXACT + POINTS_INTEREST_EXTRA * (n_exact.min(3) as u32 - 1)
        } else if category_tag.is_some() {
            POINTS_INTEREST_CATEGORY
        } else {
            0
        };

        // Distance and transport.
        let dm = f64::from(distance_m);
        let transport_barrier = match self.profile.transport {
            Transport::Walking => dm > self.walk_m,
            Transport::Cycling => dm > self.cycle_m,
            Transport::Lift => false,
        };
        let mut distance_points = distance_points(distance_m, self.max_m);
        if transport_barrier {
            distance_points = distance_points.saturating_sub(PENALTY_TRANSPORT);
        }

        // Schedule.
        let schedule = self.schedule_fit(prepared.sessions(a));
        let schedule_points = match schedule {
            Fit::All => POINTS_SCHEDULE_ALL,
            Fit::Some => POINTS_SCHEDULE_SOME,
            Fit::Unknown => POINTS_SCHEDULE_UNKNOWN,
            Fit::None => 0,
        };

        // Cost after the best eligible fund: the most covered, then the lowest fund id.
        let cost = a.cost;
        let mut fund: Option<(usize, i64)> = None;
        for &fi in self.eligible.get(cat.index()).into_iter().flatten() {
            let Some(f) = self.funds.get(fi) else {
                continue;
            };
            let covered = f.max_cents_per_year.max(0).min(cost);
            if covered <= 0 {
                continue;
            }
            let better = match fund {
                None => true,
                Some((bi, bc)) => {
                    covered > bc
                        || (covered == bc && self.funds.get(bi).is_some_and(|b| f.id < b.id))
                }
            };
            if better {
                fund = Some((fi, covered));
            }
        }
        let cost_after = cost - fund.map_or(0, |(_, c)| c);
        let cost_points = (i64::from(POINTS_COST_MAX)
            * (COST_NO_POINTS_CENTS - cost_after.min(COST_NO_POINTS_CENTS))
            / COST_NO_POINTS_CENTS) as u32;

        // Language.
        let langs = prepared.langs(a);
        let lang = if langs.is_empty() || self.langs.is_empty() {
            Lang::Unknown
        } else {
            self.langs
                .iter()
                .position(|(_, keys)| keys.iter().flatten().any(|k| langs.contains(k)))
                .map_or(Lang::Mismatch, Lang::Match)
        };
        let lang_points = match lang {
            Lang::Match(_) => POINTS_LANGUAGE_MATCH,
            Lang::Unknown => POINTS_LANGUAGE_UNKNOWN,
            Lang::Mismatch => 0,
        };

        Eval {
            score: interest_points + distance_points + schedule_points + cost_points + lang_points,
            distance_m,
            id: a.id,
            pos,
            from_school,
            exact,
            n_exact,
            category_tag,
            schedule,
            fund,
            cost_after,
            lang,
            transport_barrier,
        }
    }

    fn session_fits(&self, s: &Session) -> bool {
        self.profile.free_times.iter().any(|&(day, start, end)| {
            day == s.weekday && start <= s.start_minute && s.end_minute <= end
        })
    }

    fn schedule_fit(&self, sessions: &[Session]) -> Fit {
        if sessions.is_empty() || self.profile.free_times.is_empty() {
            return Fit::Unknown;
        }
        let fitting = sessions.iter().filter(|s| self.session_fits(s)).count();
        match fitting {
            0 => Fit::None,
            n if n == sessions.len() => Fit::All,
            _ => Fit::Some,
        }
    }

    /// Keeps the best `max_results` (in the total order) and renders them.
    pub(crate) fn finish<'b>(
        &self,
        mut evals: Vec<Eval>,
        activity_at: impl Fn(usize) -> Option<&'b Activity>,
    ) -> Vec<Suggestion> {
        let k = self.max_results;
        if k == 0 {
            return Vec::new();
        }
        if evals.len() > k {
            evals.select_nth_unstable_by(k - 1, order);
            evals.truncate(k);
        }
        evals.sort_unstable_by(order);
        evals
            .iter()
            .filter_map(|e| Some(self.render(activity_at(e.pos as usize)?, e)))
            .collect()
    }

    /// A suggestion with its reasons and barrier plan in Dutch and in English.
    fn render(&self, a: &Activity, e: &Eval) -> Suggestion {
        let mut suggestion = self.render_in(a, e, Reader::Nl);
        let english = self.render_in(a, e, Reader::En);
        suggestion.reasons_en = english.reasons_nl;
        for (b, en) in suggestion.barriers.iter_mut().zip(english.barriers) {
            b.action_en = en.action_nl;
        }
        suggestion
    }

    /// A suggestion with its texts in one language (in the `_nl` fields).
    #[expect(
        clippy::too_many_lines,
        reason = "one sentence per reason and barrier, in both languages side by side; split, the wording scatters"
    )]
    fn render_in(&self, a: &Activity, e: &Eval, lang: Reader) -> Suggestion {
        let nl = lang == Reader::Nl;
        let euro = |cents: i64| {
            if nl {
                nl::format_euro(cents)
            } else {
                en::format_euro(cents)
            }
        };
        let join = |items: &[String]| {
            if nl {
                nl::join_en(items)
            } else {
                en::join_and(items)
            }
        };
        let language = |code: &str| {
            if nl {
                nl::language_nl(code)
            } else {
                en::language(code)
            }
        };
        let mut reasons = Vec::new();
        let mut barriers = Vec::new();
        let barrier = |kind: BarrierKind, action_nl: String| Barrier {
            kind,
            action_nl,
            action_en: String::new(),
        };

        // Interests.
        if e.n_exact > 0 {
            let quoted: Vec<String> = e
                .exact
                .iter()
                .take(e.n_exact.min(3))
                .filter_map(|&i| self.tags.get(i))
                .map(|t| format!("'{t}'"))
                .collect();
            reasons.push(format!(
                "{} {}",
                lang.pick("past bij", "fits"),
                join(&quoted)
            ));
        } else if let Some(t) = e.category_tag.and_then(|i| self.tags.get(i)) {
            reasons.push(format!(
                "{} '{t}' ({})",
                lang.pick("sluit aan bij", "matches"),
                a.category.label(lang).to_lowercase()
            ));
        }

        // Distance.
        reasons.push(self.distance_text(e, lang));
        if e.transport_barrier {
            barriers.push(barrier(
                BarrierKind::Transport,
                lang.pick(
                    "vervoer regelen: lift of maatje",
                    "arrange transport: a lift or a buddy",
                )
                .to_string(),
            ));
        }

        // Cost and fund.
        let cost = a.cost_per_season_cents.max(0);
        let per_season = lang.pick("per seizoen", "per season");
        let fund = e.fund.and_then(|(fi, c)| Some((self.funds.get(fi)?, c)));
        match fund {
            None if cost == 0 => reasons.push(lang.pick("gratis", "free").to_string()),
            None => {
                reasons.push(format!("{} {per_season}", euro(cost)));
                barriers.push(barrier(
                    BarrierKind::Cost,
                    if nl {
                        format!(
                            "{} per seizoen: geen passend fonds gevonden; met de ouders bespreken en in de sociale kaart zoeken naar een regeling",
                            euro(cost)
                        )
                    } else {
                        format!(
                            "{} per season: no suitable fund found; discuss with the parents and look in the social map for a scheme",
                            euro(cost)
                        )
                    },
                ));
            }
            Some((f, covered)) => {
                let name = f.name.trim();
                let mut action = if nl {
                    format!(
                        "aanvraag bij {name} door de schoolmaatschappelijk werker (intermediair)"
                    )
                } else {
                    format!("application to {name} by the school social worker (intermediary)")
                };
                if e.cost_after > 0 {
                    reasons.push(if nl {
                        format!(
                            "{} per seizoen, waarvan {} vergoed door {name}; {} zelf te betalen",
                            euro(cost),
                            euro(covered),
                            euro(e.cost_after)
                        )
                    } else {
                        format!(
                            "{} per season, of which {} paid by {name}; {} to pay themselves",
                            euro(cost),
                            euro(covered),
                            euro(e.cost_after)
                        )
                    });
                    action.push_str(&if nl {
                        format!(
                            "; restbedrag {} per seizoen met de ouders bespreken",
                            euro(e.cost_after)
                        )
                    } else {
                        format!(
                            "; discuss the remaining {} per season with the parents",
                            euro(e.cost_after)
                        )
                    });
                } else {
                    reasons.push(format!(
                        "{} {per_season}, {} {name}",
                        euro(cost),
                        lang.pick("vergoed door", "paid by")
                    ));
                }
                barriers.push(barrier(BarrierKind::Cost, action));
            }
        }
        // Keep the barrier order: cost before transport.
        barriers.sort_by_key(|b| b.kind as u8);

        if !self.profile.can_travel_alone {
            barriers.push(barrier(
                BarrierKind::CannotGoAlone,
                lang.pick(
                    "proefles samen met de werker of een maatje",
                    "a trial lesson together with the worker or a buddy",
                )
                .to_string(),
            ));
        }

        // Schedule.
        let mut sessions: Vec<&Session> = a.sessions.iter().collect();
        sessions.sort_by_key(|s| {
            (
                s.weekday.num_days_from_monday(),
                s.start_minute,
                s.end_minute,
            )
        });
        let text = |s: &&Session| {
            let day = if nl {
                nl::weekday_nl(s.weekday)
            } else {
                en::weekday(s.weekday)
            };
            format!("{day} {}", nl::format_span(s.start_minute, s.end_minute))
        };
        match e.schedule {
            Fit::All | Fit::Some => {
                let (fit, rest): (Vec<&Session>, Vec<&Session>) =
                    sessions.iter().partition(|s| self.session_fits(s));
                let fit: Vec<String> = fit.iter().map(text).collect();
                let mut r = match (nl, fit.len() == 1) {
                    (true, true) => format!("{} past in je vrije tijd", join(&fit)),
                    (true, false) => format!("{} passen in je vrije tijd", join(&fit)),
                    (false, _) => format!("{} fits your free time", join(&fit)),
                };
                if !rest.is_empty() {
                    let rest: Vec<String> = rest.iter().map(text).collect();
                    r.push_str(&format!(" ({} {})", join(&rest), lang.pick("niet", "not")));
                }
                reasons.push(r);
            }
            Fit::None => {
                let all: Vec<String> = sessions.iter().map(text).collect();
                barriers.push(barrier(
                    BarrierKind::Schedule,
                    if nl {
                        format!(
                            "tijden ({}) passen niet in de vrije tijd: de aanbieder vragen naar een andere groep of tijd",
                            join(&all)
                        )
                    } else {
                        format!(
                            "the times ({}) do not fit the free time: ask the provider for another group or time",
                            join(&all)
                        )
                    },
                ));
            }
            Fit::Unknown => {}
        }

        // Language.
        match e.lang {
            Lang::Match(i) => {
                if let Some((code, _)) = self.langs.get(i)
                    && !nl::is_dutch(code)
                {
                    reasons.push(format!("{} {}", lang.pick("in het", "in"), language(code)));
                }
            }
            Lang::Mismatch => {
                let names: Vec<String> = a.languages.iter().map(|l| language(l)).collect();
                barriers.push(barrier(
                    BarrierKind::Language,
                    if nl {
                        format!(
                            "de activiteit is in het {}: kennismaking samen met een maatje of tolk",
                            join(&names)
                        )
                    } else {
                        format!(
                            "the activity is in {}: a first visit together with a buddy or interpreter",
                            join(&names)
                        )
                    },
                ));
            }
            Lang::Unknown => {}
        }

        Suggestion {
            activity_id: a.id,
            score: e.score,
            distance_m: e.distance_m,
            reasons_nl: reasons,
            reasons_en: Vec::new(),
            fund: fund.map(|(f, c)| (f.id, c)),
            cost_after_funds_cents: e.cost_after,
            barriers,
        }
    }

    fn distance_text(&self, e: &Eval, lang: Reader) -> String {
        let nl = lang == Reader::Nl;
        let d = if nl {
            nl::format_distance(e.distance_m)
        } else {
            en::format_distance(e.distance_m)
        };
        let dm = f64::from(e.distance_m);
        let mut s = if dm <= self.walk_m {
            format!("{d} {}", lang.pick("lopen", "walking"))
        } else {
            match self.profile.transport {
                Transport::Walking => {
                    format!(
                        "{d}, {}",
                        lang.pick("te ver om te lopen", "too far to walk")
                    )
                }
                Transport::Cycling if dm <= self.cycle_m => {
                    format!("{d} {}", lang.pick("fietsen", "cycling"))
                }
                Transport::Cycling => {
                    format!(
                        "{d}, {}",
                        lang.pick("te ver om te fietsen", "too far to cycle")
                    )
                }
                Transport::Lift => format!("{d}, {}", lang.pick("met een lift", "with a lift")),
            }
        };
        if e.from_school {
            s.push_str(lang.pick(" vanaf school", " from school"));
        }
        s
    }
}

/// Points for distance: [`POINTS_DISTANCE_MAX`] at 0 m falling linearly (integer division) to 0 at
/// `max_m`; never increasing with distance.
fn distance_points(distance_m: u32, max_m: f64) -> u32 {
    let max = max_m.floor();
    if max.is_nan() || max < 1.0 {
        return POINTS_DISTANCE_MAX;
    }
    let max = if max >= f64::from(u32::MAX) {
        u64::from(u32::MAX)
    } else {
        max as u64
    };
    let d = u64::from(distance_m).min(max);
    ((max - d) * u64::from(POINTS_DISTANCE_MAX) / max) as u32
}

impl Suggestion {
    /// Why, in the reader's language.
    pub fn reasons(&self, lang: crate::lang::Lang) -> &[String] {
        match lang {
            crate::lang::Lang::En if !self.reasons_en.is_empty() => &self.reasons_en,
            _ => &self.reasons_nl,
        }
    }
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
