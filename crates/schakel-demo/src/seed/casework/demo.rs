//! The demo: the storylines of `shared/domain/DEMO.md` with a school year of referrals around them.

use std::collections::HashMap;

use anyhow::{Result, anyhow};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use schakel_store::{Assignment, School, SchoolFilter, Store};

use crate::rng::Rng;

use super::acts::run;
use super::course::generic_acts;
use super::dates::{weekday, weekday_after, years_before};
use super::people::{Parent, Pupil, Stage, adult_name, parent};
use super::plan::{
    Ask, CasePlan, DEMO_CONTACTS, Env, Force, Outcome, Plan, Sch, Story, Target, Wk, fill,
    received_date, volume_plan,
};
use super::stories::{StoryIds, story_acts};
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

/// A hand-made pupil of the stories: `age` today, birthday `days` ago.
#[allow(clippy::too_many_arguments)]
pub(super) fn story_pupil(
    today: NaiveDate,
    given: &str,
    family: &str,
    age: u32,
    days: i64,
    class_name: &str,
    language: &str,
    parents: Vec<Parent>,
) -> Pupil {
    Pupil {
        given: given.into(),
        family: family.into(),
        dob: years_before(today - Duration::days(days), age),
        class_name: class_name.into(),
        language: language.into(),
        interpreter: false,
        parents,
    }
}

/// Adds the demo's casework to a database where `load_world(demo_world())` has run; one transaction.
pub async fn seed_demo(store: &Store, today: NaiveDate, now: DateTime<Utc>) -> Result<String> {
    let started = std::time::Instant::now();
    let mut rng = Rng::new(DEMO_SEED);
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
    let workers = load_workers(store).await?;
    let schools = all_schools(store).await?;
    let assignments: Vec<_> = store
        .list_assignments(None, None, None)
        .await?
        .into_iter()
        .filter(|a| a.ends_on.is_none())
        .collect();

    // Settings per organisation (configuration, not code).
    let mut settings = HashMap::new();
    let mut tx = store.begin().await?;
    for (org, prefix, review, gas_min, mandate) in [
        (welzijn, "WW", 6, -2, false),
        (jeugd_gezin, "HVS", 6, -2, true),
        (cjg, "CJG", 8, -2, false),
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
    let mut w = W {
        tx: Some(tx),
        now,
        tick: 0,
        n: Counts::default(),
        sequences: HashMap::new(),
    };
    let targets = write_targets(&mut w, now, waterweide, havenstad, lindeloo).await?;

    let env = Env {
        today,
        settings,
        targets,
        workers: workers.clone(),
        triage_user: HashMap::from([(welzijn, lead.id), (jeugd_gezin, hvs_lead.id)]),
        rich: true,
        contact_weights: &DEMO_CONTACTS,
        residence: HashMap::from([
            (
                waterweide,
                vec![(waterweide, 88), (lindeloo, 10), (havenstad, 2)],
            ),
            (lindeloo, vec![(lindeloo, 55), (waterweide, 45)]),
            (havenstad, vec![(havenstad, 97), (waterweide, 3)]),
        ]),
    };

    // Schools with the workers who take their cases; the demo worker gets a fair share at the
    // schools where she works as needed.
    let smw_schools: Vec<i64> = assignments
        .iter()
        .filter(|a| a.worker_id == smw.id)
        .map(|a| a.school_id)
        .collect();
    let sch = schools_with_workers(store, &schools, &assignments, smw.id, main_school).await?;
    let school_of = |id: i64| sch.iter().find(|s| s.id == id).cloned();
    let only = |s: &Sch, org: i64| Sch {
        workers: s
            .workers
            .iter()
            .copied()
            .filter(|(wid, _)| workers.get(wid).is_some_and(|w| w.organisation_id == org))
            .collect(),
        ..s.clone()
    };

    let mut plans: Vec<Plan> = Vec::new();
    // A school year of referrals at Waterweide's 37 schools and Lindeloo's 3.
    for s in sch
        .iter()
        .filter(|s| s.municipality_id == waterweide || s.municipality_id == lindeloo)
    {
        let s = only(s, welzijn);
        if s.id == main_school {
            let referrer = Some((
                Some(school_user.id),
                format!("{} (intern begeleider)", school_user.display_name),
            ));
            for force in [
                Force::Waiting,
                Force::Waiting,
                Force::Declined,
                Force::Advice,
                Force::Closed,
                Force::Open,
            ] {
                let referrer = if matches!(force, Force::Advice) {
                    None
                } else {
                    referrer.clone()
                };
                plans.push(volume_plan(
                    &mut rng,
                    &env,
                    &s,
                    Ask {
                        force: Some(force),
                        referrer,
                        worker: Some(smw.id),
                        ..Ask::default()
                    },
                ));
            }
            continue;
        }
        let rate = match (s.stage, s.newcomer) {
            (Stage::Primary, true) | (Stage::Secondary, true) => 0.10,
            (Stage::Secondary, false) => 0.011,
            _ if s.school_type == "SBO" => 0.07,
            _ => 0.014,
        };
        let boost = if smw_schools.contains(&s.id) {
            1.8
        } else {
            1.0
        };
        let n = ((s.pupils as f64 * rate * boost).round() as usize).max(2);
        for _ in 0..n {
            plans.push(volume_plan(&mut rng, &env, &s, Ask::default()));
        }
    }
    // Havenstad: SMW plus at the primary schools, pre-school social work, CJG family coaches.
    for s in sch.iter().filter(|s| s.municipality_id == havenstad) {
        let (n_jg, n_cjg) = match s.stage {
            Stage::Pre => (usize::from(rng.chance(0.4)), 0),
            _ => (rng.between(2, 4) as usize, usize::from(rng.chance(0.5))),
        };
        let jg = only(s, jeugd_gezin);
        for _ in 0..n_jg {
            plans.push(volume_plan(
                &mut rng,
                &env,
                &jg,
                Ask {
                    org: Some(jeugd_gezin),
                    ..Ask::default()
                },
            ));
        }
        let c = only(s, cjg);
        for _ in 0..n_cjg {
            plans.push(volume_plan(
                &mut rng,
                &env,
                &c,
                Ask {
                    org: Some(cjg),
                    force: Some(Force::Case),
                    ..Ask::default()
                },
            ));
        }
    }

    // The stories.
    let sbo_or = |ty: &str| {
        smw_schools
            .iter()
            .filter_map(|id| schools.iter().find(|s| s.id == *id))
            .find(|s| s.school_type == ty && s.id != main_school)
            .map(|s| s.id)
    };
    let college = sbo_or("VO").ok_or_else(|| anyhow!("smw has no secondary school"))?;
    let second_po = sbo_or("PO").ok_or_else(|| anyhow!("smw has no second primary school"))?;
    let hvs_school = assignments
        .iter()
        .filter(|a| a.worker_id == hvs_worker.id)
        .max_by(|a, b| {
            a.hours_per_week
                .unwrap_or(0.0)
                .total_cmp(&b.hours_per_week.unwrap_or(0.0))
        })
        .map(|a| a.school_id)
        .ok_or_else(|| anyhow!("smw-havenstad has no school"))?;
    let day = |n: i64| weekday(today - Duration::days(n));
    let base = |story: Story,
                school: i64,
                pupil: Pupil,
                worker: i64,
                received: i64,
                opened: i64,
                close: Option<(i64, &'static str)>|
     -> Result<Plan> {
        let s = school_of(school).ok_or_else(|| anyhow!("unknown school {school}"))?;
        let org = workers
            .get(&worker)
            .map(|w| w.organisation_id)
            .unwrap_or_default();
        Ok(Plan {
            org,
            school_id: s.id,
            municipality_id: s.municipality_id,
            stage: s.stage,
            residence: Some(s.municipality_id),
            pupil,
            same_child_as: None,
            source: "school",
            referred_by: None,
            referrer: String::new(),
            reason: String::new(),
            signals: Vec::new(),
            urgency: "normaal",
            parents_informed: true,
            received: day(received),
            outcome: Outcome::Case(CasePlan {
                worker,
                opened: day(opened),
                close: close.map(|(n, r)| (day(n), r)),
                contacts: 0,
                previous: None,
            }),
            story: Some(story),
        })
    };
    let school_referrer = format!("{} (intern begeleider)", school_user.display_name);
    let mut p = base(
        Story::Yusuf,
        main_school,
        story_pupil(
            today,
            "Yusuf",
            "El Idrissi",
            10,
            150,
            "groep 6",
            "Nederlands, Tarifit",
            vec![
                parent("Naima Ouali", "moeder", true, &mut rng),
                parent("Khalid El Idrissi", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        96,
        93,
        None,
    )?;
    p.referred_by = Some(school_user.id);
    p.referrer = school_referrer.clone();
    p.signals = vec!["stemming", "gedrag", "verzuim"];
    p.reason = "Yusuf oogt de laatste maanden somber, raakt op het plein regelmatig in gevechten en komt vaak te laat \
                (11 keer in de afgelopen 6 weken). Moeder vertelde bij het oudergesprek dat er thuis veel speelt: oma is \
                ernstig ziek en vader werkt in ploegendienst. Ouders weten van de aanmelding en zijn akkoord."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Divorce,
        main_school,
        story_pupil(
            today,
            "Mila",
            "Sewdien",
            8,
            100,
            "groep 5",
            "Nederlands",
            vec![
                parent("Sharmila Ramdin", "moeder", true, &mut rng),
                parent("Ravi Sewdien", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        78,
        74,
        None,
    )?;
    p.referred_by = Some(school_user.id);
    p.referrer = school_referrer.clone();
    p.signals = vec!["thuissituatie", "stemming"];
    p.urgency = "snel";
    p.reason = "Mila's ouders zijn sinds een half jaar uit elkaar en hebben veel conflict, ook bij het ophalen op \
                school. Mila is stil, huilt na het weekend en zegt dat ze 'niet mag kiezen'. Beide ouders hebben het gezag \
                en weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Absent14,
        college,
        story_pupil(
            today,
            "Kacper",
            "Nowak",
            14,
            200,
            "2B",
            "Pools",
            vec![
                parent("Agnieszka Nowak", "moeder", true, &mut rng),
                parent("Piotr Nowak", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        62,
        59,
        None,
    )?;
    p.referrer = "J. de Haan (mentor)".into();
    p.signals = vec!["verzuim", "stemming"];
    p.reason = "Kacper (klas 2) heeft dit schooljaar 46 lesuren gemist en meldt zich vaak ziek op maandag. School heeft \
                de leerplichtambtenaar ingelicht. Kacper en zijn ouders weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Inzage16,
        college,
        story_pupil(
            today,
            "Selam",
            "Tesfay",
            16,
            120,
            "4 havo",
            "Tigrinya",
            vec![parent("Luwam Haile", "moeder", true, &mut rng)],
        ),
        smw.id,
        40,
        38,
        None,
    )?;
    p.source = "youth";
    p.referrer = "Selam zelf (inloopspreekuur)".into();
    p.parents_informed = false;
    p.signals = vec!["stemming", "thuissituatie"];
    p.reason = "Selam meldt zich zelf via het inloopspreekuur: ze slaapt slecht, maakt zich zorgen over haar moeder en \
                over familie in Eritrea, en wil iemand om mee te praten. Ze wil zelf beslissen wie wat te horen krijgt."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Closed7Weeks,
        second_po,
        story_pupil(
            today,
            "Daan",
            "Bakker",
            9,
            230,
            "groep 5",
            "Nederlands",
            vec![
                parent("Marloes Bakker", "moeder", true, &mut rng),
                parent("Erik Bakker", "vader", true, &mut rng),
            ],
        ),
        smw.id,
        200,
        196,
        Some((147, "doelen_bereikt")),
    )?;
    p.referrer = "Monique Kuiper (intern begeleider)".into();
    p.signals = vec!["pesten", "sociale_vaardigheden"];
    p.reason = "Daan wordt volgens klasgenoten buitengesloten en uitgelachen in de groepsapp. Hij wil 's ochtends niet \
                naar school en speelt in de pauze alleen. Ouders weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::Mandate,
        hvs_school,
        story_pupil(
            today,
            "Elif",
            "Kaya",
            9,
            130,
            "groep 5",
            "Nederlands, Turks",
            vec![
                parent("Zeynep Kaya", "moeder", true, &mut rng),
                parent("Mert Kaya", "vader", true, &mut rng),
            ],
        ),
        hvs_worker.id,
        85,
        82,
        None,
    )?;
    p.referrer = "Sibel Arslan (intern begeleider)".into();
    p.signals = vec!["stemming", "gezondheid"];
    p.reason = "Elif is erg angstig, durft niet meer alleen naar de wc en heeft op schooldagen buikpijn; de klachten \
                nemen toe ondanks de extra aandacht in de klas. Ouders weten van de aanmelding."
        .into();
    plans.push(p);

    let mut p = base(
        Story::MandateWaiting,
        hvs_school,
        story_pupil(
            today,
            "Jayden",
            "Linger",
            7,
            40,
            "groep 4",
            "Nederlands",
            vec![
                parent("Denise Linger", "moeder", true, &mut rng),
                parent("Glenn Emanuels", "vader (geen gezag)", false, &mut rng),
            ],
        ),
        hvs_worker.id,
        50,
        47,
        None,
    )?;
    p.source = "parent";
    p.referrer = "Denise Linger (moeder)".into();
    p.signals = vec!["opvoeding", "gedrag"];
    p.reason = "Moeder vraagt hulp: Jayden heeft thuis dagelijks woedebuien, slaat zijn zusje en slaapt pas laat. \
                Moeder staat er alleen voor en is uitgeput."
        .into();
    plans.push(p);

    // Re-referrals within 12 months link to the earlier case.
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
        });
        plans.push(again);
    }

    // The demo worker carries a caseload of about 18 open cases.
    let is_open = |p: &Plan| matches!(&p.outcome, Outcome::Case(c) if c.close.is_none());
    let smw_open = |plans: &[Plan]| {
        plans
            .iter()
            .filter(|p| is_open(p) && matches!(&p.outcome, Outcome::Case(c) if c.worker == smw.id))
            .count()
    };
    let mut candidates: Vec<usize> = plans
        .iter()
        .enumerate()
        .filter(|(_, p)| p.story.is_none() && p.school_id != main_school)
        .filter(|(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.worker == smw.id && c.close.is_some()))
        .map(|(i, _)| i)
        .collect();
    candidates.sort_by_key(|&i| match plans.get(i).map(|p| &p.outcome) {
        Some(Outcome::Case(c)) => std::cmp::Reverse(c.close.map(|x| x.0)),
        _ => std::cmp::Reverse(None),
    });
    for i in candidates {
        if smw_open(&plans) >= 18 {
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
        .filter(|(_, p)| matches!(&p.outcome, Outcome::Case(c) if c.worker == smw.id))
        .map(|(i, _)| i)
        .collect();
    excess.sort_by_key(|&i| plans.get(i).map(|p| p.received));
    for i in excess {
        if smw_open(&plans) <= 22 {
            break;
        }
        if let Some(Outcome::Case(c)) = plans.get_mut(i).map(|p| &mut p.outcome) {
            let close = weekday((c.opened + Duration::days(70)).min(today - Duration::days(3)));
            c.close = Some((close.max(c.opened + Duration::days(14)), "doelen_bereikt"));
        }
    }

    // Write in the order things happened.
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
        let (done, state) = write_plan(&mut w, &env, plan, prior.as_ref()).await?;
        if let (Some(mut st), Outcome::Case(cp)) = (state, &plan.outcome) {
            w.tick = 0;
            let acts = match plan.story {
                Some(story) => {
                    story_cases.push((story, st.id));
                    story_acts(story, &env, plan, &stories)
                }
                None => generic_acts(&mut rng, &env, plan, cp, &st),
            };
            run(&mut w, &mut st, acts).await?;
        }
        if let Some(slot) = written.get_mut(i) {
            *slot = Some(done);
        }
    }

    write_consultations(
        &mut w,
        &mut rng,
        &sch,
        Consulting {
            organisation: welzijn,
            main_school,
            worker: smw.id,
            municipality: waterweide,
            today,
        },
    )
    .await?;
    w.commit().await?;

    let smw_open = store
        .list_cases(&schakel_store::CaseFilter {
            worker_id: Some(smw.id),
            open_only: true,
            limit: 500,
            ..Default::default()
        })
        .await?
        .len();
    let at_school = store
        .list_referrals(&schakel_store::ReferralFilter {
            school_ids: Some(vec![main_school]),
            limit: 500,
            ..Default::default()
        })
        .await?
        .len();
    let numbers: Vec<String> = {
        let mut v = Vec::new();
        for (story, id) in &story_cases {
            v.push(format!("{story:?} {}", store.case(*id).await?.case_number));
        }
        v
    };
    Ok(format!(
        "casework: {}; smw has {smw_open} open cases; the school account's school has {at_school} referrals; stories: {} ({:.1}s)",
        w.n.summary(),
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
/// share at the schools where she works as needed.
async fn schools_with_workers(
    store: &Store,
    schools: &[School],
    assignments: &[Assignment],
    smw_id: i64,
    main_school: i64,
) -> Result<Vec<Sch>> {
    let mut sch: Vec<Sch> = Vec::new();
    for s in schools {
        let pupils = store
            .school_pupils(s.id)
            .await?
            .first()
            .map_or(150, |p| p.pupils);
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
    Ok(sch)
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
        let (theme, label, advice) = *rng.pick(&CONSULTATION_THEMES);
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
