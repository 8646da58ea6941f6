//! Every casework step after the referral through the JSON API alone.

use crate::on_both_backends;
use crate::support::{Backend, TestApp, api_token, spawn_app};
use schakel_store::AuditFilter;
use serde_json::{Value, json};

/// The story's cast: the school contact and the social worker, with their API tokens.
struct Story<'a> {
    app: &'a TestApp,
    api: reqwest::Client,
    school: String,
    smw: String,
    today: String,
}

impl Story<'_> {
    /// POSTs JSON to `path` with `token`.
    async fn post(&self, token: &str, path: &str, body: Value) -> reqwest::Response {
        self.api
            .post(self.app.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("req")
    }

    /// The status of a POST by the social worker.
    async fn status(&self, path: &str, body: Value) -> u16 {
        self.post(&self.smw, path, body).await.status().as_u16()
    }

    /// The case file as the social worker reads it.
    async fn file(&self, case_id: i64) -> Value {
        let res = self
            .api
            .get(self.app.url(&format!("/api/v1/cases/{case_id}")))
            .bearer_auth(&self.smw)
            .send()
            .await
            .expect("req");
        assert_eq!(res.status(), 200);
        res.json::<Value>().await.expect("json")
    }

    /// The referral as the school contact sees it.
    async fn referral_seen_by_school(&self, referral_id: i64) -> Value {
        self.api
            .get(self.app.url(&format!("/api/v1/referrals/{referral_id}")))
            .bearer_auth(&self.school)
            .send()
            .await
            .expect("req")
            .json()
            .await
            .expect("json")
    }

    /// The school refers a child; the social worker accepts: the referral's id and the new case's.
    async fn refer_and_accept(&self, referral: Value) -> (i64, i64) {
        let res = self.post(&self.school, "/api/v1/referrals", referral).await;
        assert_eq!(res.status(), 201);
        let referral_id = res.json::<Value>().await.expect("json")["id"]
            .as_i64()
            .expect("id");
        let version = self
            .app
            .store
            .referral(referral_id)
            .await
            .expect("referral")
            .version;
        let res = self
            .post(
                &self.smw,
                &format!("/api/v1/referrals/{referral_id}/triage"),
                json!({"decision": "accepted", "version": version}),
            )
            .await;
        assert_eq!(res.status(), 200);
        let case_id = res.json::<Value>().await.expect("json")["case_id"]
            .as_i64()
            .expect("case id");
        (referral_id, case_id)
    }
}

/// Every casework step after the referral works through the JSON API alone, under the same rules as the
/// pages: versions on triage, transfer and closure (stale → 409 with the newer case), consent before sharing,
/// a legal ground only when recorded; consultations can be recorded and read (and the reading is logged).
async fn casework_through_the_api_alone(backend: Backend) {
    let Some(app) = spawn_app(backend, true).await else {
        return;
    };
    let s = Story {
        app: &app,
        api: reqwest::Client::new(),
        school: api_token(&app, "school").await,
        smw: api_token(&app, "smw").await,
        today: chrono::Utc::now().date_naive().to_string(),
    };
    let (referral_id, case_id) = s
        .refer_and_accept(json!({
            "given_name": "Daan", "family_name": "de Vries", "date_of_birth": "2016-02-29", "class_name": "groep 6",
            "guardians": [{"name": "Sanne de Vries", "relation": "moeder", "has_gezag": true}],
            "reason": "Daan is boos sinds de scheiding.", "signals": ["gedrag"], "urgency": "normaal", "parents_agree": true
        }))
        .await;
    let guardians = household_consent_goal_and_task(&s, case_id).await;
    onward_referral_with_consent(&s, case_id).await;
    report_to_school_needs_consent(&s, case_id, referral_id, &guardians).await;
    child_details_with_version(&s, case_id).await;
    let current = search_within_what_the_worker_sees(&s, case_id).await;
    stale_transfer_and_closure(&s, case_id, &current).await;
    transfer_to_another_organisation(&s).await;
    // The school contact may do none of this.
    let res = s
        .post(
            &s.school,
            &format!("/api/v1/cases/{case_id}/tasks"),
            json!({}),
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    consultations_are_recorded_and_read(&s).await;
}
on_both_backends!(casework_through_the_api_alone);

/// Household, consent for help, a goal scored at review and end, a task done. Returns the carers' ids.
async fn household_consent_goal_and_task(s: &Story<'_>, case_id: i64) -> Vec<i64> {
    let case = format!("/api/v1/cases/{case_id}");
    let due = (chrono::Utc::now().date_naive() + chrono::Days::new(14)).to_string();
    let father = json!({"name": "Bram de Vries", "relation": "vader", "has_gezag": true});
    assert_eq!(s.status(&format!("{case}/guardians"), father).await, 204);
    let guardians: Vec<i64> = s.file(case_id).await["guardians"]
        .as_array()
        .expect("guardians")
        .iter()
        .filter_map(|g| g["id"].as_i64())
        .collect();
    assert_eq!(guardians.len(), 2);
    for (purpose, recipient) in [("help", ""), ("share", "Kinderen uit de Knel Test")] {
        for g in &guardians {
            // The course provider is not in the directory yet: the worker confirms the name as typed.
            let body = json!({"party": format!("guardian:{g}"), "purpose": purpose,
                "recipient": recipient, "recipient_confirmed": true,
                "information": "hulpvraag en gezinssituatie", "given_on": s.today});
            assert_eq!(s.status(&format!("{case}/consents"), body).await, 204);
        }
    }
    let res = s
        .post(
            &s.smw,
            &format!("{case}/goals"),
            json!({"description": "Daan kan zijn boosheid benoemen", "gas_start": -1}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let goal = res.json::<Value>().await.expect("json")["id"]
        .as_i64()
        .expect("goal");
    let wrong = s
        .post(
            &s.smw,
            &format!("{case}/goals/{goal}/scores"),
            json!({"moment": "end", "score": 7}),
        )
        .await;
    assert_eq!(wrong.status(), 422);
    let problem: Value = wrong.json().await.expect("problem");
    assert!(
        problem["errors"].as_array().is_some_and(|e| !e.is_empty()),
        "{problem}"
    );
    let unknown = json!({"moment": "halfway", "score": 0});
    assert_eq!(
        s.status(&format!("{case}/goals/{goal}/scores"), unknown)
            .await,
        422
    );
    let missing = json!({"moment": "review", "score": 0});
    assert_eq!(
        s.status(&format!("{case}/goals/999999/scores"), missing)
            .await,
        404
    );
    for (moment, score) in [("review", 0), ("end", 1)] {
        let body = json!({"moment": moment, "score": score});
        assert_eq!(
            s.status(&format!("{case}/goals/{goal}/scores"), body).await,
            204
        );
    }
    let task = json!({"description": "Verslag naar IB", "due_on": due});
    assert_eq!(s.status(&format!("{case}/tasks"), task).await, 204);
    let task_id = s.file(case_id).await["tasks"][0]["id"]
        .as_i64()
        .expect("task");
    assert_eq!(
        s.status(&format!("{case}/tasks/{task_id}/done"), json!({}))
            .await,
        204
    );
    guardians
}

/// Onward referral: propose, consented, sent — consent was recorded for this recipient.
async fn onward_referral_with_consent(s: &Story<'_>, case_id: i64) {
    let case = format!("/api/v1/cases/{case_id}");
    let mut tx = s.app.store.begin().await.expect("tx");
    let target = tx
        .insert_referral_target(
            None,
            "Kinderen uit de Knel Test",
            "opvoedcursus",
            "",
            chrono::Utc::now(),
        )
        .await
        .expect("target");
    tx.commit().await.expect("commit");
    let body = json!({"target_id": target, "handover_note": "Moeder belt zelf voor een intake."});
    assert_eq!(s.status(&format!("{case}/onward"), body).await, 204);
    let onward = s.file(case_id).await["onward"][0]["id"]
        .as_i64()
        .expect("onward");
    for step in ["consented", "sent", "accepted", "started"] {
        let body = json!({"status": step});
        assert_eq!(
            s.status(&format!("{case}/onward/{onward}/status"), body)
                .await,
            204,
            "{step}"
        );
    }
}

/// A report to the school is sharing: refused without consent to share with "school"; with both parents'
/// consent (the child is 10) it is shared, and the school contact reads it with the referral's status.
async fn report_to_school_needs_consent(
    s: &Story<'_>,
    case_id: i64,
    referral_id: i64,
    guardians: &[i64],
) {
    let case = format!("/api/v1/cases/{case_id}");
    let report =
        json!({"body": "Daan heeft wekelijks gesprekken; de mentor kan hem even laten afkoelen."});
    let res = s
        .post(&s.smw, &format!("{case}/school-reports"), report.clone())
        .await;
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.expect("problem");
    assert!(problem.to_string().contains("toestemming"), "{problem}");
    // The meldcode is a ground to report to Veilig Thuis, not to inform the school (issue 11).
    let mut on_meldcode = report.clone();
    on_meldcode["legal_ground"] = "meldcode".into();
    let res = s
        .post(&s.smw, &format!("{case}/school-reports"), on_meldcode)
        .await;
    assert_eq!(res.status(), 422);
    let problem: Value = res.json().await.expect("problem");
    assert!(problem.to_string().contains("Veilig Thuis"), "{problem}");
    let seen = s.referral_seen_by_school(referral_id).await;
    assert_eq!(seen["reports"].as_array().map(Vec::len), Some(0));
    for g in guardians {
        let body = json!({"party": format!("guardian:{g}"), "purpose": "share",
            "recipient": "school", "information": "hoe het gaat, tips voor de klas", "given_on": s.today});
        assert_eq!(s.status(&format!("{case}/consents"), body).await, 204);
    }
    assert_eq!(
        s.status(&format!("{case}/school-reports"), report).await,
        201
    );
    let seen = s.referral_seen_by_school(referral_id).await;
    assert_eq!(seen["status"], "in_progress");
    assert!(
        seen["reports"][0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("afkoelen")),
        "{seen}"
    );
    assert!(
        seen.get("reason").is_none(),
        "still no referral content for the school"
    );
}

/// Child details: home language and interpreter, with the child's version; a stale edit is refused.
async fn child_details_with_version(s: &Story<'_>, case_id: i64) {
    let case = format!("/api/v1/cases/{case_id}");
    let child = s.file(case_id).await["child"].clone();
    let child_version = child["version"].as_i64().expect("version");
    let edit = |v: i64, language: &str| {
        s.api.put(s.app.url(&format!("{case}/child")))
            .bearer_auth(&s.smw)
            .json(&json!({"class_name": "groep 6", "home_language": language, "interpreter_needed": true, "version": v}))
            .send()
    };
    let res = edit(child_version, "Pools").await.expect("req");
    assert_eq!(res.status(), 200);
    let changed: Value = res.json().await.expect("json");
    assert_eq!(changed["home_language"], "Pools");
    let res = edit(child_version, "Turks").await.expect("req");
    assert_eq!(res.status(), 409);
    let conflict: Value = res.json().await.expect("problem");
    assert_eq!(conflict["current"]["home_language"], "Pools");
    assert_eq!(
        s.app
            .store
            .child(child["id"].as_i64().expect("id"))
            .await
            .expect("child")
            .home_language,
        "Pools"
    );
}

/// Search within what the worker may see: name without accents, date of birth, school, case number.
/// Returns the case as the file shows it.
async fn search_within_what_the_worker_sees(s: &Story<'_>, case_id: i64) -> Value {
    let current = s.file(case_id).await["case"].clone();
    let school_name = current["school_name"].as_str().expect("school").to_string();
    let school_word = school_name
        .split_whitespace()
        .max_by_key(|w| w.len())
        .expect("a word")
        .to_lowercase();
    let case_number = current["case_number"].as_str().expect("number").to_string();
    let search = |q: String| async move {
        s.api
            .get(s.app.url("/api/v1/cases"))
            .query(&[("q", q)])
            .bearer_auth(&s.smw)
            .send()
            .await
            .expect("req")
            .json::<Value>()
            .await
            .expect("json")
    };
    for q in [
        "DE VRIES",
        "2016-02-29",
        school_word.as_str(),
        case_number.as_str(),
    ] {
        let found = search(q.to_string()).await;
        assert!(
            found["items"]
                .as_array()
                .is_some_and(|items| items.iter().any(|c| c["id"].as_i64() == Some(case_id))),
            "search {q:?} finds the case"
        );
    }
    let nothing = search("Zzyzx".to_string()).await;
    assert_eq!(nothing["items"].as_array().map(Vec::len), Some(0));
    current
}

/// A stale transfer is refused with the newer case and nothing changes; closure with the current version
/// after a stale one.
async fn stale_transfer_and_closure(s: &Story<'_>, case_id: i64, current: &Value) {
    let case = format!("/api/v1/cases/{case_id}");
    let version = current["version"].as_i64().expect("version");
    let res = s
        .post(
            &s.smw,
            &format!("{case}/transfer"),
            json!({"worker_id": current["worker_id"], "note": "overdracht", "version": version - 1}),
        )
        .await;
    assert_eq!(res.status(), 409);
    let conflict: Value = res.json().await.expect("problem");
    assert_eq!(conflict["current"]["version"].as_i64(), Some(version));

    // Handing the file to another organisation shares it: refused without consent to share with that
    // organisation (by name); with the parents' consent the case moves, and the former worker loses access.
    // (Done on a second case, so this one can be closed.)

    // Closure with the current version; a stale one first.
    let close = |v: i64| json!({"reason": "verwezen", "satisfaction_parent": 8, "satisfaction_child": 7, "version": v});
    assert_eq!(
        s.status(&format!("{case}/close"), close(version - 1)).await,
        409
    );
    assert_eq!(
        s.status(&format!("{case}/close"), close(version)).await,
        204
    );
    let closed = s.file(case_id).await;
    assert_eq!(closed["case"]["status"], "closed");
    assert_eq!(closed["case"]["satisfaction_parent"].as_i64(), Some(8));
}

/// Transfer to another organisation, on a new case of another child.
async fn transfer_to_another_organisation(s: &Story<'_>) {
    let app = s.app;
    let (_, second) = s
        .refer_and_accept(json!({
            "given_name": "Lotte", "family_name": "Bakker", "date_of_birth": "2013-06-01", "class_name": "groep 8",
            "guardians": [{"name": "Eva Bakker", "relation": "moeder", "has_gezag": true}],
            "reason": "Lotte verhuist binnenkort naar Havenstad.", "signals": ["thuissituatie"], "urgency": "normaal", "parents_agree": true
        }))
        .await;
    let own_org = app.store.case(second).await.expect("case").organisation_id;
    let elsewhere = app
        .store
        .list_workers(None)
        .await
        .expect("workers")
        .into_iter()
        .find(|w| w.organisation_id != own_org && *w.active)
        .expect("a worker of another organisation in the demo world");
    let receiving = app
        .store
        .organisation(elsewhere.organisation_id)
        .await
        .expect("organisation")
        .name;
    let transfer = |v: i64| json!({"worker_id": elsewhere.id, "note": "Gezin verhuist; warme overdracht.", "version": v});
    let path = format!("/api/v1/cases/{second}/transfer");
    let v = app.store.case(second).await.expect("case").version;
    let res = s.post(&s.smw, &path, transfer(v)).await;
    assert_eq!(res.status(), 422, "no consent to share with {receiving}");
    let mother = app
        .store
        .guardians_of(app.store.case(second).await.expect("case").child_id)
        .await
        .expect("g")[0]
        .id;
    // Lotte is 13: help needs her and her mother; sharing with another organisation is her own decision.
    for (party, purpose) in [
        (format!("guardian:{mother}"), "help"),
        ("child".to_string(), "help"),
        ("child".to_string(), "share"),
    ] {
        let body = json!({"party": party, "purpose": purpose,
            "recipient": if purpose == "share" { receiving.as_str() } else { "" }, "given_on": s.today});
        assert_eq!(
            s.status(&format!("/api/v1/cases/{second}/consents"), body)
                .await,
            204
        );
    }
    // A decision of the first organisation with a BSN for its allocation (written as the use case does): the BSN
    // stays behind when the file moves (ADR 033).
    let decision_id = bsn_with_a_decision(app, second).await;
    let v = app.store.case(second).await.expect("case").version;
    assert_eq!(s.status(&path, transfer(v)).await, 204);
    assert_eq!(
        app.store
            .mandate_allocation_ids(decision_id)
            .await
            .expect("ids"),
        schakel_store::MandateAllocationIds::default(),
        "the BSN does not travel to the other organisation"
    );
    let moved = app.store.case(second).await.expect("case");
    assert_eq!(
        (moved.organisation_id, moved.worker_id),
        (elsewhere.organisation_id, Some(elsewhere.id))
    );
    let gone = s
        .api
        .get(app.url(&format!("/api/v1/cases/{second}")))
        .bearer_auth(&s.smw)
        .send()
        .await
        .expect("req");
    assert_eq!(
        gone.status(),
        404,
        "the former worker no longer opens the file"
    );
}

/// Writes a decision by the case's own worker with identifiers for the allocation; returns its id.
async fn bsn_with_a_decision(app: &crate::support::TestApp, case_id: i64) -> i64 {
    let case = app.store.case(case_id).await.expect("case");
    let worker_id = case.worker_id.expect("an assigned worker");
    let child = app.store.child(case.child_id).await.expect("child");
    let provider = app
        .store
        .case_form_lists(
            case.organisation_id,
            child.residence_municipality_id,
            case.school_id,
        )
        .await
        .expect("lists")
        .targets
        .first()
        .map(|t| t.id)
        .expect("a referral target");
    let mut tx = app.store.begin().await.expect("tx");
    let id = tx
        .insert_mandate(
            &schakel_store::NewMandate {
                case_id,
                worker_id,
                care_kind: "ambulante gezinsbegeleiding",
                category: "outpatient",
                volume: 2,
                volume_unit: "hours_per_week",
                provider_id: provider,
                provider: "De Haven",
                period_from: "2026-12-01",
                period_until: "2027-03-01",
                reasons: "Lichte hulp onvoldoende.",
                status: "approved",
                decided_on: "2026-12-01",
            },
            chrono::Utc::now(),
        )
        .await
        .expect("decision");
    tx.insert_mandate_allocation_ids(
        id,
        &schakel_store::MandateAllocationIds {
            bsn: "111222333".into(),
            ..Default::default()
        },
    )
    .await
    .expect("ids");
    tx.commit().await.expect("commit");
    id
}

/// Consultations: recorded and read through the API; the reading is logged.
async fn consultations_are_recorded_and_read(s: &Story<'_>) {
    let body = json!({"asked_by": "leerkracht groep 4", "theme": "faalangst", "advice": "Kleine stappen.", "minutes": 20, "held_on": s.today});
    assert_eq!(s.status("/api/v1/consultations", body).await, 201);
    let list: Value = s
        .api
        .get(s.app.url("/api/v1/consultations"))
        .bearer_auth(&s.smw)
        .send()
        .await
        .expect("req")
        .json()
        .await
        .expect("json");
    assert!(
        list["items"]
            .as_array()
            .is_some_and(|items| items.iter().any(|c| c["theme"] == "faalangst"))
    );
    let reads = s
        .app
        .store
        .search_audit(&AuditFilter {
            username: Some("smw".into()),
            subject_kind: Some("consultation".into()),
            limit: 20,
            ..Default::default()
        })
        .await
        .expect("audit");
    assert!(reads.iter().any(|e| e.event.action == "read"));
}
