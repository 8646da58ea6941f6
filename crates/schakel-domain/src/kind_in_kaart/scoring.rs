//! Scoring: how well an activity fits a child — interests, distance, schedule, cost after funds, the
//! barriers and what to do about them — and the suggestion told in the reader's language.

use super::*;

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
