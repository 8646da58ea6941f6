//! Generated worlds at volume.

use std::collections::HashMap;

use anyhow::{Result, anyhow, bail};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use schakel_domain::monitoring::{ArrangementKind, school_year_label, school_year_of};
use schakel_store::{Arrangement, Assignment, Municipality, Organisation, School, Store};

use crate::rng::Rng;

use super::acts::run;
use super::course::generic_acts;
use super::dates::weekday;
use super::demo::{all_schools, load_workers};
use super::history::{
    HISTORY_CONTACTS, HISTORY_SEED, HISTORY_YEARS, Schools, history_plans, plant_onward,
    referral_rate,
};
use super::people::Stage;
use super::plan::{
    Ask, Env, Force, GENERATED_CONTACTS, Outcome, Plan, Sch, Target, received_date, volume_plan,
};
use super::write::{Counts, W, Written, write_plan};

/// Referrals written per transaction.
const BATCH: usize = 150;

/// School years a generated world can cover (its schools have pupil counts for five).
pub const MAX_YEARS: u32 = HISTORY_YEARS as u32 + 1;

/// The earlier school years of a generated world.
struct History {
    plans: Vec<Plan>,
    /// School → the school year it started Kind in Kaart.
    kind_in_kaart: HashMap<i64, i32>,
}

/// Referrals in the `years - 1` school years before the last twelve months, `per_year` a school year spread
/// over the schools with current assignments in proportion to pupils and the school type's referral rate,
/// with light case files; and Kind in Kaart at a random fifth of those schools from a random earlier year
/// (never the first, so every school has a year before it).
async fn history(
    store: &Store,
    env: &Env,
    schools: &HashMap<i64, School>,
    assignments: &[Assignment],
    years: u32,
    per_year: usize,
) -> Result<History> {
    let mut rng = Rng::new(HISTORY_SEED ^ per_year as u64);
    let back = i32::try_from(years.saturating_sub(1)).unwrap_or(0);
    let current = school_year_of(env.today);
    let mut pupils: HashMap<(i64, i32), i64> = HashMap::new();
    for info in store.monitoring_schools(None, &[]).await? {
        for (year, n) in info.pupils {
            pupils.insert((info.id, year), i64::try_from(n).unwrap_or(0));
        }
    }
    let mut workers: std::collections::BTreeMap<i64, Vec<(i64, u32)>> =
        std::collections::BTreeMap::new();
    for a in assignments {
        let weight = (a.hours_per_week.unwrap_or(2.0) * 4.0).round().max(1.0) as u32;
        workers
            .entry(a.school_id)
            .or_default()
            .push((a.worker_id, weight));
    }
    let sch: Vec<Sch> = workers
        .into_iter()
        .filter_map(|(id, workers)| {
            let s = schools.get(&id)?;
            Some(Sch {
                id,
                school_type: s.school_type.clone(),
                stage: Stage::of(s),
                newcomer: s.school_type == "ISK",
                municipality_id: s.municipality_id,
                pupils: pupils.get(&(id, current - 1)).copied().unwrap_or(100),
                workers,
            })
        })
        .collect();
    let expected: f64 = sch.iter().map(|s| s.pupils as f64 * referral_rate(s)).sum();
    let scale = per_year as f64 / expected.max(1.0);
    let history_env = Env {
        contact_weights: &HISTORY_CONTACTS,
        ..env.clone()
    };
    let plans = history_plans(
        &mut rng,
        &history_env,
        &Schools {
            sch: sch.clone(),
            pupils: &pupils,
            smw_schools: &[],
        },
        env.today - Duration::days(366),
        back,
        scale,
    );
    let mut kind_in_kaart = HashMap::new();
    if back >= 2 {
        for s in &sch {
            if rng.chance(0.2) {
                let from = rng.between(i64::from(current - back + 1), i64::from(current - 1));
                kind_in_kaart.insert(s.id, i32::try_from(from).unwrap_or(current));
            }
        }
    }
    Ok(History {
        plans,
        kind_in_kaart,
    })
}

/// Records the schools' Kind in Kaart arrangements with the school year each started.
async fn write_kind_in_kaart(w: &mut W, started: &HashMap<i64, i32>) -> Result<()> {
    let mut schools: Vec<(&i64, &i32)> = started.iter().collect();
    schools.sort();
    for (school_id, year) in schools {
        let now = w.now;
        w.tx()?
            .set_arrangement(
                &Arrangement {
                    school_id: *school_id,
                    kind: ArrangementKind::KindInKaart.code().to_owned(),
                    school_year: school_year_label(*year),
                },
                now,
            )
            .await?;
    }
    Ok(())
}

/// Cases of a generated world: team and region ≈ 300, city ≈ 3,000, country ≈ 60,000, written in batches.
///
/// `years` school years (1–5): the current one (the last twelve months) and, before it, earlier school
/// years with as many referrals a year, spread over the schools by pupils, all closed by now; Kind in Kaart
/// starts at a random fifth of the schools in a random earlier year, with an effect planted in where their
/// cases go on to (as in the demo's history).
pub async fn seed_generated(
    store: &Store,
    scale: &str,
    seed: u64,
    years: u32,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<String> {
    let started = std::time::Instant::now();
    if !(1..=MAX_YEARS).contains(&years) {
        bail!("years must be 1 to {MAX_YEARS} (the world has pupil counts for five school years)");
    }
    let scale = scale.trim().to_ascii_lowercase();
    let cases_total: usize = match scale.as_str() {
        "team" | "region" => 300,
        "city" => 3_000,
        "country" => 60_000,
        other => bail!("unknown scale {other}: choose team, region, city or country"),
    };
    let mut rng = Rng::new(seed ^ 0xCA5E_5EED_0000_0000);
    let municipalities = store.list_municipalities().await?;
    let organisations = store.list_organisations().await?;
    let workers = load_workers(store).await?;
    let schools: HashMap<i64, School> = all_schools(store)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let assignments: Vec<_> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| {
            a.ends_on.is_none()
                && schools.contains_key(&a.school_id)
                && workers.contains_key(&a.worker_id)
        })
        .collect();
    if assignments.is_empty() {
        bail!("the world has no current assignments; load a generated world first");
    }
    let smw_user = store.user_by_username("smw").await?;
    let lead_user = store.user_by_username("teamleider").await?;
    let smw_worker = match &smw_user {
        Some(u) => store.worker_of_user(u.id).await?,
        None => None,
    };

    let mut w = W {
        tx: None,
        now,
        tick: 0,
        n: Counts::default(),
        sequences: HashMap::new(),
    };
    w.rotate(store).await?;
    let settings = write_settings(&mut w, store, &organisations).await?;
    let targets = write_targets(&mut w, &municipalities, now).await?;
    let first_org = smw_worker.as_ref().map(|w| w.organisation_id);
    let env = Env {
        today,
        settings,
        targets,
        workers,
        triage_user: match (first_org, &lead_user) {
            (Some(o), Some(u)) => HashMap::from([(o, u.id)]),
            _ => HashMap::new(),
        },
        rich: false,
        contact_weights: &GENERATED_CONTACTS,
        residence: if scale == "region" {
            neighbours(&municipalities)
        } else {
            HashMap::new()
        },
    };

    let slots = referral_slots(&mut rng, &assignments, cases_total, today);
    let mut plans: Vec<Plan> = Vec::with_capacity(slots.len());
    for (received, i, is_case) in &slots {
        let Some(a) = assignments.get(*i) else {
            continue;
        };
        let Some(s) = school_of(&schools, a) else {
            continue;
        };
        let force = if *is_case { Force::Case } else { Force::NoCase };
        plans.push(volume_plan(
            &mut rng,
            &env,
            &s,
            Ask {
                force: Some(force),
                received: Some(*received),
                worker: Some(a.worker_id),
                ..Ask::default()
            },
        ));
    }
    let history = if years > 1 {
        let h = history(store, &env, &schools, &assignments, years, slots.len()).await?;
        plans.extend(h.plans);
        plant_onward(&mut rng, &mut plans, None, &h.kind_in_kaart);
        write_kind_in_kaart(&mut w, &h.kind_in_kaart).await?;
        format!(
            "; {} school years: {} earlier referrals, Kind in Kaart at {} schools",
            years,
            plans.len() - slots.len(),
            h.kind_in_kaart.len()
        )
    } else {
        String::new()
    };
    plans.sort_by_key(|p| p.received);
    for (k, plan) in plans.iter().enumerate() {
        write_case(&mut w, &mut rng, &env, plan).await?;
        if (k + 1) % BATCH == 0 {
            w.rotate(store).await?;
        }
    }
    drop(plans);
    let bench = smw_worker.as_ref().map(|sw| sw.id);
    let bench_id =
        write_benchmark_case(&mut w, &mut rng, &env, &schools, &assignments, bench, 200).await?;
    // A long-running file next to it (issue 14): its page and API must stay close to the 200-contact case's.
    let long_id =
        write_benchmark_case(&mut w, &mut rng, &env, &schools, &assignments, bench, 2_000).await?;
    w.commit().await?;
    // benches/ reads both ids from this line: "benchmark case id N" and "long case id N".
    Ok(format!(
        "casework: {}{history}; benchmark case id {bench_id} (200 contacts); \
         long case id {long_id} (2000 contacts); {:.1}s",
        w.n.summary(),
        started.elapsed().as_secs_f64()
    ))
}

/// Where children live, per school municipality, in a region: most in the school's own municipality, one in
/// eight in a neighbouring one (so "who pays" has children crossing the border both ways).
fn neighbours(municipalities: &[Municipality]) -> HashMap<i64, Vec<(i64, u32)>> {
    municipalities
        .iter()
        .map(|m| {
            let mut weights = vec![(m.id, 88)];
            weights.extend(
                municipalities
                    .iter()
                    .filter(|o| o.id != m.id)
                    .map(|o| (o.id, 6)),
            );
            (m.id, weights)
        })
        .collect()
}

/// One open case with `contacts` contacts, for benchmarks: the `worker`'s (the `smw` account's) when
/// there is one. Returns its id.
async fn write_benchmark_case(
    w: &mut W,
    rng: &mut Rng,
    env: &Env,
    schools: &HashMap<i64, School>,
    assignments: &[Assignment],
    worker: Option<i64>,
    contacts: usize,
) -> Result<i64> {
    let bench_assignment = worker
        .and_then(|id| assignments.iter().find(|a| a.worker_id == id))
        .or_else(|| assignments.first())
        .ok_or_else(|| anyhow!("no assignment"))?;
    let s = school_of(schools, bench_assignment).ok_or_else(|| anyhow!("no school"))?;
    let received = weekday(env.today - Duration::days(600));
    let mut plan = volume_plan(
        rng,
        env,
        &s,
        Ask {
            force: Some(Force::Open),
            received: Some(received),
            worker: Some(bench_assignment.worker_id),
            ..Ask::default()
        },
    );
    if let Outcome::Case(cp) = &mut plan.outcome {
        cp.contacts = contacts;
        cp.close = None;
    }
    let written = write_case(w, rng, env, &plan).await?;
    Ok(written.case.as_ref().map(|c| c.0).unwrap_or_default())
}

/// Settings: a unique case-number prefix per organisation (case numbers are unique overall).
async fn write_settings(
    w: &mut W,
    store: &Store,
    organisations: &[Organisation],
) -> Result<HashMap<i64, (String, i64, i64)>> {
    let mut settings = HashMap::new();
    for o in organisations {
        let initials: String = o
            .name
            .split_whitespace()
            .filter_map(|word| word.chars().next())
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_uppercase())
            .take(3)
            .collect();
        let prefix = format!("{initials}{}", o.id);
        let mut s = store.organisation_settings(o.id).await?;
        s.case_prefix = prefix.clone();
        s.mandate_needs_approval = schakel_store::Flag(*o.smw_plus);
        w.tx()?.set_organisation_settings(o.id, &s).await?;
        settings.insert(o.id, (prefix, s.review_weeks, s.gas_min));
    }
    Ok(settings)
}

/// A sociale kaart per municipality: its wijkteam, jeugdloket, CJG and the help around them.
async fn write_targets(
    w: &mut W,
    municipalities: &[Municipality],
    now: DateTime<Utc>,
) -> Result<HashMap<i64, Vec<Target>>> {
    let mut targets: HashMap<i64, Vec<Target>> = HashMap::new();
    for m in municipalities {
        let town = m.name.as_str();
        let list: [(String, &'static str); 8] = [
            (format!("Wijkteam {town}"), "wijkteam"),
            (format!("Jeugdloket gemeente {town}"), "jeugdloket"),
            (format!("CJG {town}"), "cjg"),
            (format!("Huisartsenpraktijk {town} Centrum"), "huisarts"),
            (
                format!("Ouderschap na scheiding – cursus {town}"),
                "opvoedcursus",
            ),
            (format!("Jeugdhulp regio {town}"), "jeugdhulpaanbieder"),
            (format!("Geldzaken {town}"), "schuldhulp"),
            (format!("Veilig Thuis regio {town}"), "veilig_thuis"),
        ];
        for (name, kind) in list {
            let id = w
                .tx()?
                .insert_referral_target(Some(m.id), &name, kind, "", now)
                .await?;
            w.n.targets += 1;
            targets
                .entry(m.id)
                .or_default()
                .push(Target { id, name, kind });
        }
    }
    Ok(targets)
}

/// Referrals by date: every case, and a quarter more referrals that did not become one, spread over
/// the assignments by hours (as needed counts as 2 hours): (received, assignment index, is a case).
fn referral_slots(
    rng: &mut Rng,
    assignments: &[Assignment],
    cases_total: usize,
    today: NaiveDate,
) -> Vec<(NaiveDate, usize, bool)> {
    let weights: Vec<u64> = assignments
        .iter()
        .map(|a| (a.hours_per_week.unwrap_or(2.0) * 4.0).round().max(1.0) as u64)
        .collect();
    let mut cumulative = Vec::with_capacity(weights.len());
    let mut sum = 0u64;
    for wgt in &weights {
        sum += wgt;
        cumulative.push(sum);
    }
    let extra = cases_total / 4;
    let mut slots: Vec<(NaiveDate, usize, bool)> = (0..cases_total + extra)
        .map(|k| {
            let roll = rng.below(sum);
            let i = cumulative
                .partition_point(|c| *c <= roll)
                .min(assignments.len() - 1);
            (received_date(rng, today, (1, 365)), i, k < cases_total)
        })
        .collect();
    slots.sort_by_key(|s| s.0);
    slots
}

/// The school of an assignment, its worker the only one who takes its cases.
fn school_of(schools: &HashMap<i64, School>, a: &Assignment) -> Option<Sch> {
    let s = schools.get(&a.school_id)?;
    Some(Sch {
        id: s.id,
        school_type: s.school_type.clone(),
        stage: Stage::of(s),
        newcomer: s.school_type == "ISK",
        municipality_id: s.municipality_id,
        pupils: 0,
        workers: vec![(a.worker_id, 1)],
    })
}

/// Writes a plan and, when it became a case, the ordinary course of that case.
async fn write_case(w: &mut W, rng: &mut Rng, env: &Env, plan: &Plan) -> Result<Written> {
    let (written, state) = write_plan(w, env, plan, None).await?;
    if let (Some(mut st), Outcome::Case(cp)) = (state, &plan.outcome) {
        w.tick = 0;
        let acts = generic_acts(rng, env, plan, cp, &st);
        run(w, &mut st, acts).await?;
    }
    Ok(written)
}
