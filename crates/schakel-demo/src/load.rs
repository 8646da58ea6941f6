//! Writes a synthetic world through the Store.

use crate::world::{World, WorldWorker};
use anyhow::{Context, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use schakel_domain::Role;
use schakel_domain::org::SchoolInput;
use schakel_store::{NewSchool, NewUser, NewWorker, Store};
use std::collections::HashMap;

pub const DEMO_PASSWORD: &str = "schakel-demo";

/// (username, role) of the demo accounts, for the start-up message.
pub fn demo_accounts(world: &World) -> Vec<(String, String)> {
    world
        .accounts
        .iter()
        .map(|a| (a.username.clone(), a.role.clone()))
        .collect()
}

/// Loads a world in one transaction; returns a one-line summary.
/// A world's worker as the store takes it: active, not yet linked to a sign-in account.
fn new_worker(w: &WorldWorker, organisation_id: i64, team_id: Option<i64>) -> NewWorker {
    NewWorker {
        organisation_id,
        team_id,
        user_id: None,
        name: w.name.clone(),
        email: w.email.clone(),
        registration_number: w.registration_number.clone(),
        may_authorise_youth_care: w.may_authorise_youth_care,
        active: true,
        contract_hours: w.contract_hours,
    }
}

pub async fn load_world(
    store: &Store,
    world: &World,
    password: Option<&str>,
    now: DateTime<Utc>,
) -> Result<String> {
    // One hash for all accounts of a synthetic world: hashing is deliberately slow.
    let password_hash = match password {
        Some(p) => schakel_web::hash_password(p).map_err(|e| anyhow!("{e}"))?,
        None => "!".to_string(),
    };
    let mut tx = store.begin().await?;
    let mut municipalities = HashMap::new();
    for m in &world.municipalities {
        let row = tx
            .insert_municipality(&m.cbs_code, &m.name, now)
            .await
            .with_context(|| format!("municipality {}", m.cbs_code))?;
        municipalities.insert(m.cbs_code.clone(), row.id);
    }
    let mut organisations = HashMap::new();
    for o in &world.organisations {
        let row = tx
            .insert_organisation(
                &o.name,
                municipalities.get(&o.municipality).copied(),
                o.smw_plus,
                now,
            )
            .await
            .with_context(|| format!("organisation {}", o.name))?;
        organisations.insert(o.key.clone(), row.id);
    }
    let mut teams = HashMap::new();
    for t in &world.teams {
        let org = *organisations
            .get(&t.organisation)
            .ok_or_else(|| anyhow!("team {} has an unknown organisation", t.key))?;
        let row = tx.insert_team(org, &t.name, now).await?;
        teams.insert(t.key.clone(), row.id);
    }
    let mut workers = HashMap::new();
    for w in &world.workers {
        let org = *organisations
            .get(&w.organisation)
            .ok_or_else(|| anyhow!("worker {} has an unknown organisation", w.key))?;
        let new = new_worker(w, org, teams.get(&w.team).copied());
        let row = tx.insert_worker(&new, now).await?;
        workers.insert(w.key.clone(), row.id);
    }
    let mut schools = HashMap::new();
    for s in &world.schools {
        let input = SchoolInput {
            code: s.code.clone(),
            name: s.name.clone(),
            school_type: s.school_type.clone(),
            municipality_code: s.municipality.clone(),
            street_address: s.street_address.clone(),
            postcode: s.postcode.clone(),
            city: s.city.clone(),
            latitude: s.latitude.to_string(),
            longitude: s.longitude.to_string(),
            holiday_region: s.holiday_region.clone(),
        };
        let school = input
            .validate()
            .map_err(|e| anyhow!("school {} is invalid: {e:?}", s.code))?;
        let municipality_id = *municipalities
            .get(&s.municipality)
            .ok_or_else(|| anyhow!("school {} has an unknown municipality", s.code))?;
        let row = tx
            .insert_school(
                &NewSchool {
                    school,
                    municipality_id,
                },
                now,
            )
            .await
            .with_context(|| format!("school {}", s.code))?;
        for (year, pupils) in &s.pupils {
            tx.set_school_pupils(row.id, year, *pupils).await?;
        }
        schools.insert(s.code.clone(), row.id);
    }
    for a in &world.assignments {
        let worker = *workers
            .get(&a.worker)
            .ok_or_else(|| anyhow!("assignment of unknown worker {}", a.worker))?;
        let school = *schools
            .get(&a.school)
            .ok_or_else(|| anyhow!("assignment at unknown school {}", a.school))?;
        tx.insert_assignment(
            worker,
            school,
            a.hours_per_week,
            &a.starts_on,
            a.ends_on.as_deref(),
            now,
        )
        .await?;
    }
    for acc in &world.accounts {
        if Role::parse(&acc.role).is_none() {
            bail!("account {} has an unknown role {}", acc.username, acc.role);
        }
        let user = tx
            .insert_user(
                &NewUser {
                    username: acc.username.clone(),
                    display_name: acc.display_name.clone(),
                    password_hash: password_hash.clone(),
                    role: acc.role.clone(),
                    organisation_id: acc
                        .organisation
                        .as_ref()
                        .and_then(|o| organisations.get(o).copied()),
                    team_id: acc.team.as_ref().and_then(|t| teams.get(t).copied()),
                    school_id: acc.school.as_ref().and_then(|s| schools.get(s).copied()),
                    municipality_id: acc
                        .municipality
                        .as_ref()
                        .and_then(|m| municipalities.get(m).copied()),
                },
                now,
            )
            .await?;
        if let Some(worker) = acc.worker.as_ref().and_then(|w| workers.get(w)) {
            tx.link_worker_to_user(*worker, user.id).await?;
        }
    }
    tx.commit().await?;
    Ok(format!(
        "{} municipalities, {} organisations, {} teams, {} workers, {} schools, {} assignments, {} accounts",
        world.municipalities.len(),
        world.organisations.len(),
        world.teams.len(),
        world.workers.len(),
        world.schools.len(),
        world.assignments.len(),
        world.accounts.len()
    ))
}
