//! The demo: the storylines of `shared/domain/DEMO.md` with a school year of referrals around them.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use schakel_domain::monitoring::{parse_school_year, school_year_of};
use schakel_store::{Assignment, School, SchoolFilter, Store, User, Worker, WriteTx};

use crate::rng::Rng;

use super::acts::run;
use super::course::generic_acts;
use super::dates::{weekday, weekday_after};
use super::history::{
    HISTORY_CONTACTS, HISTORY_SEED, HISTORY_YEARS, KIND_IN_KAART_SCHOOLS, Schools, history_plans,
    plant_onward, referral_rate, school_ids, write_arrangements,
};
use super::people::{Stage, adult_name};
use super::plan::{
    Ask, CasePlan, DEMO_CONTACTS, Env, Force, Outcome, Plan, Sch, Story, Target, Wk, fill,
    received_date, volume_plan,
};
use super::stories::{StoryIds, story_acts};
use super::story_plans::{StoryPlaces, Taker, story_plans};
use super::targets::{HAVENSTAD_TARGETS, LINDELOO_TARGETS, WATERWEIDE_TARGETS};
use super::vocabulary::{CONSULTATION_THEMES, reason_templates};
use super::write::{Counts, W, Written, write_plan};

pub(super) const DEMO_SEED: u64 = 0x5CA4_E1DE_CA5E_2026;

pub(super) async fn org_id(store: &Store, name: &str) -> Result<i64> {
    store
        .list_organisations()
        .await?
        .into_iter()
        .find(|o| o.name == name)
        .map(|o| o.id)
        .ok_or_else(|| {
            anyhow!("the demo world has no organisation {name}; run load_world(demo_world()) first")
        })
}

pub(super) async fn user_id(store: &Store, username: &str) -> Result<schakel_store::User> {
    store
        .user_by_username(username)
        .await?
        .ok_or_else(|| anyhow!("the demo world has no account {username}"))
}

pub(super) async fn all_schools(store: &Store) -> Result<Vec<School>> {
    let mut out = Vec::new();
    loop {
        let (page, total) = store
            .list_schools(&SchoolFilter {
                limit: 1000,
                offset: out.len() as i64,
                ..SchoolFilter::default()
            })
            .await?;
        let empty = page.is_empty();
        out.extend(page);
        if empty || out.len() as i64 >= total {
            return Ok(out);
        }
    }
}

pub(super) async fn load_workers(store: &Store) -> Result<HashMap<i64, Wk>> {
    Ok(store
        .list_workers(None)
        .await?
        .into_iter()
        .map(|w| {
            (
                w.id,
                Wk {
                    id: w.id,
                    organisation_id: w.organisation_id,
                    team_id: w.team_id,
                    name: w.name,
                    user_id: w.user_id,
                },
            )
        })
        .collect())
}

/// The organisations, municipalities, accounts and workers of the demo world the casework is built on.
struct Cast {
    welzijn: i64,
    jeugd_gezin: i64,
    cjg: i64,
    waterweide: i64,
    havenstad: i64,
    lindeloo: i64,
    school_user: User,
    lead: User,
    hvs_lead: User,
    smw: Worker,
    hvs_worker: Worker,
    /// The school of the `school` account.
    main_school: i64,
}

impl Cast {
    async fn find(store: &Store) -> Result<Cast> {
        let welzijn = org_id(store, "Welzijn Waterweide").await?;
        let jeugd_gezin = org_id(store, "Jeugd & Gezin Havenstad").await?;
        let cjg = org_id(store, "CJG Havenstad").await?;
        let waterweide = store.municipality_by_code("GM9901").await?.id;
        let havenstad = store.municipality_by_code("GM9902").await?.id;
        let lindeloo = store.municipality_by_code("GM9903").await?.id;
        let smw_user = user_id(store, "smw").await?;
        let school_user = user_id(store, "school").await?;
        let lead = user_id(store, "teamleider").await?;
        let hvs_user = user_id(store, "smw-havenstad").await?;
        let hvs_lead = user_id(store, "teamleider-havenstad").await?;
        let smw = store
            .worker_of_user(smw_user.id)
            .await?
            .ok_or_else(|| anyhow!("the smw account has no worker"))?;
        let hvs_worker = store
            .worker_of_user(hvs_user.id)
            .await?
            .ok_or_else(|| anyhow!("the smw-havenstad account has no worker"))?;
        let main_school = school_user
            .school_id
            .ok_or_else(|| anyhow!("the school account has no school"))?;
        Ok(Cast {
            welzijn,
            jeugd_gezin,
            cjg,
            waterweide,
            havenstad,
            lindeloo,
            school_user,
            lead,
            hvs_lead,
            smw,
            hvs_worker,
            main_school,
        })
    }
}

/// Adds the demo's casework to a database where `load_world(demo_world())` has run; one transaction.
pub async fn seed_demo(store: &Store, today: NaiveDate, now: DateTime<Utc>) -> Result<String> {
    let clock = std::time::Instant::now();
    let mut rng = Rng::new(DEMO_SEED);
    let cast = Cast::find(store).await?;
    let workers = load_workers(store).await?;
    let schools = all_schools(store).await?;
    let assignments: Vec<_> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .collect();

    let mut tx = store.begin().await?;
    let settings = write_settings(store, &mut tx, &cast).await?;
    let mut w = W {
        tx: Some(tx),
        now,
        tick: 0,
        n: Counts::default(),
        sequences: HashMap::new(),
    };
    let targets =
        write_targets(&mut w, now, cast.waterweide, cast.havenstad, cast.lindeloo).await?;
    let env = demo_env(today, &cast, settings, targets, workers);

    // Schools with the workers who take their cases; the demo worker gets a fair share at the
    // schools where she works as needed.
    let smw_schools: Vec<i64> = assignments
        .iter()
        .filter(|a| a.worker_id == cast.smw.id)
        .map(|a| a.school_id)
        .collect();
    let (sch, pupils) = schools_with_workers(
        store,
        &schools,
        &assignments,
        (cast.smw.id, cast.main_school),
        today,
    )
    .await?;

    let mut plans = school_year_plans(&mut rng, &env, &cast, &sch, &smw_schools);
    plans.extend(havenstad_plans(&mut rng, &env, &cast, &sch));
    let places = story_places(&cast, &sch, &schools, &assignments, &smw_schools, today)?;
    plans.extend(story_plans(&mut rng, &places)?);
    add_re_referrals(&mut rng, &mut plans, today, cast.welzijn);
    balance_smw_caseload(&mut plans, cast.smw.id, cast.main_school, today);

    // Four earlier school years at Waterweide, up to the day before the last twelve months, and where
    // every case there went on to (the municipality's story; see `history`).
    let mut history_rng = Rng::new(HISTORY_SEED);
    let history_env = Env {
        contact_weights: &HISTORY_CONTACTS,
        ..env.clone()
    };
    let waterweide = Schools {
        sch: sch
            .iter()
            .filter(|s| s.municipality_id == cast.waterweide)
            .map(|s| only(s, cast.welzijn, &env.workers))
            .collect(),
        pupils: &pupils,
        smw_schools: &smw_schools,
    };
    let history = history_plans(
        &mut history_rng,
        &history_env,
        &waterweide,
        today - Duration::days(366),
        HISTORY_YEARS,
        1.0,
    );
    let history_referrals = history.len();
    plans.extend(history);
    let started = school_year_of(today) - 2;
    let kind_in_kaart: HashMap<i64, i32> =
        school_ids(&schools, cast.waterweide, &KIND_IN_KAART_SCHOOLS)
            .into_iter()
            .map(|id| (id, started))
            .collect();
    plant_onward(
        &mut history_rng,
        &mut plans,
        Some(cast.waterweide),
        &kind_in_kaart,
    );
    let arrangements = write_arrangements(&mut w, &schools, cast.waterweide, today).await?;

    let story_cases = write_in_order(&mut w, &mut rng, &env, &plans, &cast.hvs_lead).await?;
    write_consultations(
        &mut w,
        &mut rng,
        &sch,
        Consulting {
            organisation: cast.welzijn,
            main_school: cast.main_school,
            worker: cast.smw.id,
            municipality: cast.waterweide,
            today,
        },
    )
    .await?;
    w.commit().await?;
    let history = format!(
        "{history_referrals} referrals in the {HISTORY_YEARS} school years before; {arrangements} school arrangements"
    );
    summary(store, &w.n, &cast, &story_cases, &history, clock).await
}

/// What the demo's plans are made with: the organisations' settings and sociale kaart, who triages,
/// and where the children live (mostly in their school's municipality).
fn demo_env(
    today: NaiveDate,
    cast: &Cast,
    settings: HashMap<i64, (String, i64, i64)>,
    targets: HashMap<i64, Vec<Target>>,
    workers: HashMap<i64, Wk>,
) -> Env {
    Env {
        today,
        settings,
        targets,
        workers,
        triage_user: HashMap::from([
            (cast.welzijn, cast.lead.id),
            (cast.jeugd_gezin, cast.hvs_lead.id),
        ]),
        rich: true,
        contact_weights: &DEMO_CONTACTS,
        residence: HashMap::from([
            (
                cast.waterweide,
                vec![
                    (cast.waterweide, 88),
                    (cast.lindeloo, 10),
                    (cast.havenstad, 2),
                ],
            ),
            (
                cast.lindeloo,
                vec![(cast.lindeloo, 55), (cast.waterweide, 45)],
            ),
            (
                cast.havenstad,
                vec![(cast.havenstad, 97), (cast.waterweide, 3)],
            ),
        ]),
    }
}

/// Settings per organisation (configuration, not code): case-number prefix, review weeks, lowest
/// GAS score, and whether the team lead approves mandate decisions and closures.
async fn write_settings(
    store: &Store,
    tx: &mut WriteTx,
    cast: &Cast,
) -> Result<HashMap<i64, (String, i64, i64)>> {
    let mut settings = HashMap::new();
    for (org, prefix, review, gas_min, mandate) in [
        (cast.welzijn, "WW", 6, -2, false),
        (cast.jeugd_gezin, "HVS", 6, -2, true),
        (cast.cjg, "CJG", 8, -2, false),
    ] {
        let mut s = store.organisation_settings(org).await?;
        s.case_prefix = prefix.into();
        s.review_weeks = review;
        s.gas_min = gas_min;
        s.mandate_needs_approval = schakel_store::Flag(mandate);
        // Havenstad's team lead approves mandate decisions and closures alike.
        s.closure_needs_approval = schakel_store::Flag(mandate);
        tx.set_organisation_settings(org, &s).await?;
        settings.insert(org, (prefix.to_string(), review, gas_min));
    }
    Ok(settings)
}

/// A school with only the workers of one organisation.
fn only(s: &Sch, org: i64, workers: &HashMap<i64, Wk>) -> Sch {
    Sch {
        workers: s
            .workers
            .iter()
            .copied()
            .filter(|(wid, _)| workers.get(wid).is_some_and(|w| w.organisation_id == org))
            .collect(),
        ..s.clone()
    }
}

/// A school year of referrals at Waterweide's 37 schools and Lindeloo's 3, in proportion to the
/// pupils; more at the schools where the demo worker works.
fn school_year_plans(
    rng: &mut Rng,
    env: &Env,
    cast: &Cast,
    sch: &[Sch],
    smw_schools: &[i64],
) -> Vec<Plan> {
    let mut plans = Vec::new();
    for s in sch
        .iter()
        .filter(|s| s.municipality_id == cast.waterweide || s.municipality_id == cast.lindeloo)
    {
        let s = only(s, cast.welzijn, &env.workers);
        if s.id == cast.main_school {
            plans.extend(main_school_plans(rng, env, cast, &s));
            continue;
        }
        let rate = referral_rate(&s);
        let boost = if smw_schools.contains(&s.id) {
            1.8
        } else {
            1.0
        };
        let n = ((s.pupils as f64 * rate * boost).round() as usize).max(2);
        for _ in 0..n {
            plans.push(volume_plan(rng, env, &s, Ask::default()));
        }
    }
    plans
}

/// The school account's school: two referrals waiting, one declined, one advice, one closed case and
/// one open, all the demo worker's.
fn main_school_plans(rng: &mut Rng, env: &Env, cast: &Cast, s: &Sch) -> Vec<Plan> {
    let referrer = Some((
        Some(cast.school_user.id),
        format!("{} (intern begeleider)", cast.school_user.display_name),
    ));
    [
        Force::Waiting,
        Force::Waiting,
        Force::Declined,
        Force::Advice,
        Force::Closed,
        Force::Open,
    ]
    .into_iter()
    .map(|force| {
        let referrer = if matches!(force, Force::Advice) {
            None
        } else {
            referrer.clone()
        };
        volume_plan(
            rng,
            env,
            s,
            Ask {
                force: Some(force),
                referrer,
                worker: Some(cast.smw.id),
                ..Ask::default()
            },
        )
    })
    .collect()
}

/// Havenstad: SMW plus at the primary schools, pre-school social work, CJG family coaches.
fn havenstad_plans(rng: &mut Rng, env: &Env, cast: &Cast, sch: &[Sch]) -> Vec<Plan> {
    let mut plans = Vec::new();
    for s in sch.iter().filter(|s| s.municipality_id == cast.havenstad) {
        let (n_jg, n_cjg) = match s.stage {
            Stage::Pre => (usize::from(rng.chance(0.4)), 0),
            _ => (rng.between(2, 4) as usize, usize::from(rng.chance(0.5))),
        };
        let jg = only(s, cast.jeugd_gezin, &env.workers);
        for _ in 0..n_jg {
            let ask = Ask {
                org: Some(cast.jeugd_gezin),
                ..Ask::default()
            };
            plans.push(volume_plan(rng, env, &jg, ask));
        }
        let c = only(s, cast.cjg, &env.workers);
        for _ in 0..n_cjg {
            let ask = Ask {
                org: Some(cast.cjg),
                force: Some(Force::Case),
                ..Ask::default()
            };
            plans.push(volume_plan(rng, env, &c, ask));
        }
    }
    plans
}

/// The schools and workers of the stories: the main school, a secondary and another primary school
/// of the demo worker, and the Havenstad school where `smw-havenstad` works most hours.
fn story_places<'a>(
    cast: &Cast,
    sch: &'a [Sch],
    schools: &[School],
    assignments: &[Assignment],
    smw_schools: &[i64],
    today: NaiveDate,
) -> Result<StoryPlaces<'a>> {
    let smw_school_of_type = |ty: &str| {
        smw_schools
            .iter()
            .filter_map(|id| schools.iter().find(|s| s.id == *id))
            .find(|s| s.school_type == ty && s.id != cast.main_school)
            .map(|s| s.id)
    };
    let college = smw_school_of_type("VO").ok_or_else(|| anyhow!("smw has no secondary school"))?;
    let second_primary =
        smw_school_of_type("PO").ok_or_else(|| anyhow!("smw has no second primary school"))?;
    let havenstad_school = assignments
        .iter()
        .filter(|a| a.worker_id == cast.hvs_worker.id)
        .max_by(|a, b| {
            a.hours_per_week
                .unwrap_or(0.0)
                .total_cmp(&b.hours_per_week.unwrap_or(0.0))
        })
        .map(|a| a.school_id)
        .ok_or_else(|| anyhow!("smw-havenstad has no school"))?;
    Ok(StoryPlaces {
        today,
        schools: sch,
        main_school: cast.main_school,
        college,
        second_primary,
        havenstad_school,
        smw: Taker {
            worker: cast.smw.id,
            organisation: cast.smw.organisation_id,
        },
        havenstad_worker: Taker {
            worker: cast.hvs_worker.id,
            organisation: cast.hvs_worker.organisation_id,
        },
        school_account: (cast.school_user.id, cast.school_user.display_name.clone()),
    })
}

/// Re-referrals within 12 months link to the earlier case: two children of Welzijn's primary schools
/// come back a month or two after their case closed.
fn add_re_referrals(rng: &mut Rng, plans: &mut Vec<Plan>, today: NaiveDate, welzijn: i64) {
    let earlier: Vec<usize> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.story.is_none() && p.stage == Stage::Primary && p.org == welzijn)
        .filter(|(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.close.is_some_and(|(d, _)| d < today - Duration::days(90) && d > today - Duration::days(300))))
        .map(|(i, _)| i)
        .take(2)
        .collect();
    for i in earlier {
        let Some(first) = plans.get(i).cloned() else {
            continue;
        };
        let Outcome::Case(cp) = &first.outcome else {
            continue;
        };
        let Some((closed, _)) = cp.close else {
            continue;
        };
        let received =
            weekday(closed + Duration::days(rng.between(40, 80))).min(today - Duration::days(10));
        let opened = weekday_after(received + Duration::days(3)).min(today);
        let mut again = first.clone();
        again.same_child_as = Some(i);
        again.received = received;
        again.reason = format!(
            "{} De zorgen zijn na de afsluiting teruggekomen.",
            fill(
                rng.pick::<&str>(reason_templates(
                    first.signals.first().copied().unwrap_or("gedrag")
                )),
                &first.pupil.given
            )
        );
        again.outcome = Outcome::Case(CasePlan {
            worker: cp.worker,
            opened,
            close: None,
            contacts: rng.between(2, 5) as usize,
            previous: Some(i),
            onward: None,
        });
        plans.push(again);
    }
}

/// The demo worker carries a caseload of about 18 open cases: the latest closed of her volume cases
/// reopen until she has 18, the oldest open ones close while she has more than 22.
fn balance_smw_caseload(plans: &mut [Plan], smw: i64, main_school: i64, today: NaiveDate) {
    let is_open = |p: &Plan| matches!(&p.outcome, Outcome::Case(c) if c.close.is_none());
    let smw_open = |plans: &[Plan]| {
        plans
            .iter()
            .filter(|p| is_open(p) && matches!(&p.outcome, Outcome::Case(c) if c.worker == smw))
            .count()
    };
    let mut candidates: Vec<usize> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.story.is_none() && p.school_id != main_school)
        .filter(
            |(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.worker == smw && c.close.is_some()),
        )
        .map(|(i, _)| i)
        .collect();
    candidates.sort_by_key(|&i| match plans.get(i).map(|p| &p.outcome) {
        Some(Outcome::Case(c)) => std::cmp::Reverse(c.close.map(|x| x.0)),
        _ => std::cmp::Reverse(None),
    });
    for i in candidates {
        if smw_open(plans) >= 18 {
            break;
        }
        if let Some(Outcome::Case(c)) = plans.get_mut(i).map(|p| &mut p.outcome) {
            c.close = None;
        }
    }
    let mut excess: Vec<usize> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.story.is_none() && p.school_id != main_school && is_open(p))
        .filter(|(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.worker == smw))
        .map(|(i, _)| i)
        .collect();
    excess.sort_by_key(|&i| plans.get(i).map(|p| p.received));
    for i in excess {
        if smw_open(plans) <= 22 {
            break;
        }
        if let Some(Outcome::Case(c)) = plans.get_mut(i).map(|p| &mut p.outcome) {
            let close = weekday((c.opened + Duration::days(70)).min(today - Duration::days(3)));
            c.close = Some((close.max(c.opened + Duration::days(14)), "doelen_bereikt"));
        }
    }
}

/// Writes the plans in the order things happened, each case with its acts (a story's or the
/// ordinary course); returns the stories' case ids.
async fn write_in_order(
    w: &mut W,
    rng: &mut Rng,
    env: &Env,
    plans: &[Plan],
    hvs_lead: &User,
) -> Result<Vec<(Story, i64)>> {
    let mut order: Vec<usize> = (0..plans.len()).collect();
    order.sort_by_key(|&i| plans.get(i).map(|p| p.received));
    let mut written: Vec<Option<Written>> = vec![None; plans.len()];
    let mut story_cases = Vec::new();
    let stories = StoryIds {
        hvs_lead: (hvs_lead.id, hvs_lead.display_name.clone()),
        needs_approval: true,
    };
    for i in order {
        let Some(plan) = plans.get(i) else { continue };
        let prior = plan
            .same_child_as
            .and_then(|j| written.get(j).cloned().flatten());
        let (done, state) = write_plan(w, env, plan, prior.as_ref()).await?;
        if let (Some(mut st), Outcome::Case(cp)) = (state, &plan.outcome) {
            w.tick = 0;
            let acts = match plan.story {
                Some(story) => {
                    story_cases.push((story, st.id));
                    story_acts(story, env, plan, &stories)
                }
                None => generic_acts(rng, env, plan, cp, &st),
            };
            run(w, &mut st, acts).await?;
        }
        if let Some(slot) = written.get_mut(i) {
            *slot = Some(done);
        }
    }
    Ok(story_cases)
}

/// The line the demo prints: what was written, the demo worker's caseload, the school account's
/// referrals and the stories' case numbers.
async fn summary(
    store: &Store,
    n: &Counts,
    cast: &Cast,
    story_cases: &[(Story, i64)],
    history: &str,
    started: std::time::Instant,
) -> Result<String> {
    let smw_open = store
        .list_cases(&schakel_store::CaseFilter {
            worker_id: Some(cast.smw.id),
            open_only: true,
            limit: 500,
            ..Default::default()
        })
        .await?
        .len();
    let at_school = store
        .list_referrals(&schakel_store::ReferralFilter {
            school_ids: Some(vec![cast.main_school]),
            limit: 500,
            ..Default::default()
        })
        .await?
        .len();
    let mut numbers = Vec::new();
    for (story, id) in story_cases {
        numbers.push(format!("{story:?} {}", store.case(*id).await?.case_number));
    }
    Ok(format!(
        "casework: {} ({history}); smw has {smw_open} open cases; the school account's school has {at_school} referrals; stories: {} ({:.1}s)",
        n.summary(),
        numbers.join(", "),
        started.elapsed().as_secs_f64()
    ))
}

/// The demo's referral targets per municipality; Lindeloo's also lists the Waterweide help its pupils use.
async fn write_targets(
    w: &mut W,
    now: DateTime<Utc>,
    waterweide: i64,
    havenstad: i64,
    lindeloo: i64,
) -> Result<HashMap<i64, Vec<Target>>> {
    let mut targets: HashMap<i64, Vec<Target>> = HashMap::new();
    for (municipality, list) in [
        (waterweide, &WATERWEIDE_TARGETS[..]),
        (havenstad, &HAVENSTAD_TARGETS[..]),
        (lindeloo, &LINDELOO_TARGETS[..]),
    ] {
        for (name, kind, contact) in list {
            let id = w
                .tx()?
                .insert_referral_target(Some(municipality), name, kind, contact, now)
                .await?;
            w.n.targets += 1;
            targets.entry(municipality).or_default().push(Target {
                id,
                name: (*name).to_string(),
                kind,
            });
        }
    }
    // Lindeloo's sociale kaart also lists the Waterweide help its pupils use.
    let shared: Vec<Target> = targets
        .get(&waterweide)
        .map(|t| {
            t.iter()
                .filter(|t| {
                    t.kind != "wijkteam" && t.kind != "jeugdloket" && t.kind != "veilig_thuis"
                })
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    targets.entry(lindeloo).or_default().extend(shared);
    Ok(targets)
}

/// The schools with the workers who take their cases and their weight: the demo worker gets a fair
/// share at the schools where she works as needed. A school's pupils are those of the school year most
/// of the last twelve months fall in; all years' counts come back too, by (school, first year).
async fn schools_with_workers(
    store: &Store,
    schools: &[School],
    assignments: &[Assignment],
    (smw_id, main_school): (i64, i64),
    today: NaiveDate,
) -> Result<(Vec<Sch>, HashMap<(i64, i32), i64>)> {
    let mut sch: Vec<Sch> = Vec::new();
    let mut by_year = HashMap::new();
    let mid_year = school_year_of(today - Duration::days(182));
    for s in schools {
        let counts = store.school_pupils(s.id).await?;
        for p in &counts {
            if let Some(y) = parse_school_year(&p.school_year) {
                by_year.insert((s.id, y), p.pupils);
            }
        }
        let pupils = by_year
            .get(&(s.id, mid_year))
            .copied()
            .or_else(|| counts.first().map(|p| p.pupils))
            .unwrap_or(150);
        let here: Vec<(i64, u32)> = assignments
            .iter()
            .filter(|a| a.school_id == s.id)
            .map(|a| {
                let weight = match a.hours_per_week {
                    _ if a.worker_id == smw_id && s.id != main_school => 14,
                    Some(h) => (h.round() as u32).max(1),
                    None => 3,
                };
                (a.worker_id, weight)
            })
            .collect();
        sch.push(Sch {
            id: s.id,
            school_type: s.school_type.clone(),
            stage: Stage::of(s),
            newcomer: s.school_type == "ISK",
            municipality_id: s.municipality_id,
            pupils,
            workers: here,
        });
    }
    Ok((sch, by_year))
}

/// Where the demo's consultations are held: one organisation's worker at its main school, and others
/// in its municipality.
struct Consulting {
    organisation: i64,
    main_school: i64,
    worker: i64,
    municipality: i64,
    today: NaiveDate,
}

/// Consultations without a case file: the story of group 7, a question the school sent this week, and
/// advice at other schools.
async fn write_consultations(
    w: &mut W,
    rng: &mut Rng,
    sch: &[Sch],
    place: Consulting,
) -> Result<()> {
    let day = |n: i64| weekday(place.today - Duration::days(n));
    let held = day(20);
    let held_at = w.at(held);
    w.tx()?
        .insert_consultation(
            place.organisation,
            Some(place.main_school),
            Some(place.worker),
            "Mw. Dekker, leerkracht groep 7",
            "",
            "Klassenklimaat groep 7",
            "Sinds de herfstvakantie veel onrust in groep 7: buitensluiten, grove taal in de groepsapp. Besproken: \
             groepsvormingsfasen, een groepsgesprek met vaste afspraken, complimenten op gewenst gedrag, ouders \
             informeren via de nieuwsbrief. Geen leerling met naam besproken; geen dossier. Over vier weken evalueren \
             met de IB'er.",
            45,
            &held.to_string(),
            held_at,
        )
        .await?;
    w.n.consultations += 1;
    // A question the school sent this week, waiting on the social worker's home page for an answer.
    let asked = day(2);
    let asked_at = w.at(asked);
    w.tx()?
        .insert_consultation_request(
            place.organisation,
            place.main_school,
            Some(place.worker),
            "Mw. Dekker, leerkracht groep 7",
            "Faalangst bij toetsen",
            "Een meisje in groep 7 klapt dicht bij elke toets en heeft buikpijn op toetsdagen. Ouders weten ervan. \
             Hoe kunnen wij haar in de klas helpen, en wanneer is het tijd voor een aanmelding?",
            &asked.to_string(),
            asked_at,
        )
        .await?;
    w.n.consultations += 1;
    let ww_schools: Vec<&Sch> = sch
        .iter()
        .filter(|s| s.municipality_id == place.municipality && !s.workers.is_empty())
        .collect();
    for k in 0..24 {
        let Some(s) = ww_schools.get((k * 7 + 3) % ww_schools.len().max(1)) else {
            continue;
        };
        let fitting: Vec<_> = CONSULTATION_THEMES
            .iter()
            .filter(|(_, pupil, _)| fits_stage(pupil, s.stage))
            .collect();
        let (theme, label, advice) = **rng.pick(&fitting);
        let worker = s.workers.first().map(|(w, _)| *w);
        let held = received_date(rng, place.today, (3, 330));
        let held_at = w.at(held);
        w.tx()?
            .insert_consultation(
                place.organisation,
                Some(s.id),
                worker,
                &adult_name(rng),
                label,
                theme,
                advice,
                rng.between(3, 12) * 5,
                &held.to_string(),
                held_at,
            )
            .await?;
        w.n.consultations += 1;
    }
    Ok(())
}

/// Whether a consultation about "a boy in groep 7" or "a girl in klas 2" can be held at a school of this stage:
/// a pre-school or primary school has groups, a secondary or vocational school classes (and the ISK).
fn fits_stage(pupil: &str, stage: Stage) -> bool {
    let primary_words = pupil.contains("groep");
    let secondary_words = pupil.contains("klas") || pupil.contains("ISK");
    match stage {
        Stage::Pre => pupil.is_empty(),
        Stage::Primary => !secondary_words,
        Stage::Secondary | Stage::Vocational => !primary_words,
    }
}
