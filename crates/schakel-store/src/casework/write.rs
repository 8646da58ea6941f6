//! Writing casework in a transaction: children, referrals and triage, consultations, cases and everything done
//! in them (contacts, goals, tasks, consent, onward referrals, mandate decisions, documents, closure).

use super::*;

impl WriteTx {
    pub async fn insert_child(&mut self, c: &NewChild, now: DateTime<Utc>) -> Result<Child> {
        Ok(sqlx::query_as(sql!(
            "INSERT INTO children (organisation_id, given_name, family_name, name_folded, date_of_birth, school_id, class_name, \
             home_language, interpreter_needed, residence_municipality_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING ",
            CHILD_COLS
        ))
        .bind(c.organisation_id)
        .bind(&c.given_name)
        .bind(&c.family_name)
        .bind(fold(&format!("{} {}", c.given_name, c.family_name)))
        .bind(&c.date_of_birth)
        .bind(c.school_id)
        .bind(&c.class_name)
        .bind(&c.home_language)
        .bind(flag(c.interpreter_needed))
        .bind(c.residence_municipality_id)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?)
    }

    /// Changes the child's details if `version` is still current.
    #[allow(clippy::too_many_arguments)]
    pub async fn update_child(
        &mut self,
        id: i64,
        version: i64,
        class_name: &str,
        home_language: &str,
        interpreter_needed: bool,
        now: DateTime<Utc>,
    ) -> Result<Child> {
        let row: Option<Child> = sqlx::query_as(sql!(
            "UPDATE children SET class_name = $1, home_language = $2, interpreter_needed = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND version = $6 RETURNING ",
            CHILD_COLS
        ))
        .bind(class_name)
        .bind(home_language)
        .bind(flag(interpreter_needed))
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .fetch_optional(self.conn())
        .await?;
        row.ok_or(StoreError::Conflict {
            current_version: -1,
        })
    }

    /// A new referral names the child's school and class as they are now: the child record follows it.
    pub async fn set_child_school(
        &mut self,
        id: i64,
        school_id: i64,
        class_name: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query(
            "UPDATE children SET school_id = $1, class_name = $2, updated_at = $3, version = version + 1 \
             WHERE id = $4 AND (school_id IS NULL OR school_id <> $1 OR class_name <> $2)",
        )
        .bind(school_id)
        .bind(class_name)
        .bind(timestamp(now))
        .bind(id)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_guardian(
        &mut self,
        child_id: i64,
        name: &str,
        relation: &str,
        has_gezag: bool,
        phone: &str,
        email: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO guardians (child_id, name, relation, has_gezag, phone, email, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(child_id)
        .bind(name)
        .bind(relation)
        .bind(flag(has_gezag))
        .bind(phone)
        .bind(email)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_referral(&mut self, r: &NewReferral, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO referrals (organisation_id, school_id, child_id, source, referred_by_user_id, referrer_name, reason, signals, urgency, \
             parents_informed, parents_agree, status, received_on, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12, $13, $13) RETURNING id",
        )
        .bind(r.organisation_id)
        .bind(r.school_id)
        .bind(r.child_id)
        .bind(&r.source)
        .bind(r.referred_by_user_id)
        .bind(&r.referrer_name)
        .bind(&r.reason)
        .bind(&r.signals)
        .bind(&r.urgency)
        .bind(flag(r.parents_informed))
        .bind(flag(r.parents_agree))
        .bind(&r.received_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Records the triage decision if the referral is still at `version`.
    #[allow(clippy::too_many_arguments)]
    pub async fn decide_referral(
        &mut self,
        id: i64,
        version: i64,
        status: &str,
        note: &str,
        decided_on: &str,
        case_id: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE referrals SET status = $1, decision_note = $2, decided_on = $3, case_id = $4, updated_at = $5, version = version + 1 \
             WHERE id = $6 AND version = $7",
        )
        .bind(status)
        .bind(note)
        .bind(decided_on)
        .bind(case_id)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    /// The school corrects what it sent (reason, signals, urgency) while the referral waits for triage; a
    /// referral that changed or was decided meanwhile is a conflict.
    pub async fn correct_referral(
        &mut self,
        id: i64,
        version: i64,
        correction: &ReferralCorrection,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE referrals SET reason = $1, signals = $2, urgency = $3, updated_at = $4, version = version + 1 \
             WHERE id = $5 AND version = $6 AND status = 'received'",
        )
        .bind(&correction.reason)
        .bind(&correction.signals)
        .bind(&correction.urgency)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    /// A school's consultation request: the question, open until the worker answers.
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_consultation_request(
        &mut self,
        organisation_id: i64,
        school_id: i64,
        worker_id: Option<i64>,
        asked_by: &str,
        theme: &str,
        question: &str,
        held_on: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO consultations (organisation_id, school_id, worker_id, asked_by, child_label, theme, advice, question, minutes, held_on, created_at) \
             VALUES ($1, $2, $3, $4, '', $5, '', $6, 0, $7, $8) RETURNING id",
        )
        .bind(organisation_id)
        .bind(school_id)
        .bind(worker_id)
        .bind(asked_by)
        .bind(theme)
        .bind(question)
        .bind(held_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The worker's answer to an open request, which closes it; `Conflict` when it was closed meanwhile.
    pub async fn answer_consultation(
        &mut self,
        id: i64,
        worker_id: Option<i64>,
        advice: &str,
        minutes: i64,
        closed_on: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE consultations SET advice = $1, minutes = $2, closed_on = $3, worker_id = COALESCE($4, worker_id) \
             WHERE id = $5 AND closed_on IS NULL",
        )
        .bind(advice)
        .bind(minutes)
        .bind(closed_on)
        .bind(worker_id)
        .bind(id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_consultation(
        &mut self,
        organisation_id: i64,
        school_id: Option<i64>,
        worker_id: Option<i64>,
        asked_by: &str,
        child_label: &str,
        theme: &str,
        advice: &str,
        minutes: i64,
        held_on: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO consultations (organisation_id, school_id, worker_id, asked_by, child_label, theme, advice, minutes, held_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(organisation_id)
        .bind(school_id)
        .bind(worker_id)
        .bind(asked_by)
        .bind(child_label)
        .bind(theme)
        .bind(advice)
        .bind(minutes)
        .bind(held_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// The child's case that is not closed (open or waiting for closure approval), if any, read in this
    /// transaction (a triage decides on it and writes in one go). A file the rule of one open file per child does
    /// not cover (`duplicate_open_file`, migration 0008) comes last.
    pub async fn open_case_of_child(&mut self, child_id: i64) -> Result<Option<Case>> {
        Ok(sqlx::query_as(sql!(
            CASE_SELECT,
            " WHERE k.child_id = $1 AND k.status <> 'closed' \
             ORDER BY k.duplicate_open_file, k.opened_on DESC, k.id DESC LIMIT 1"
        ))
        .bind(child_id)
        .fetch_optional(self.conn())
        .await?)
    }

    /// Takes the next case sequence number of an organisation in a year from its counter row, which stays
    /// locked until this transaction ends: two triages never get the same number. The first number of a year
    /// follows the cases the organisation already has in that year (as numbers were counted before the counter).
    pub async fn next_case_sequence(&mut self, organisation_id: i64, year: i32) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO case_number_counters (organisation_id, case_year, last_sequence) \
             VALUES ($1, $2, 1 + (SELECT COUNT(*) FROM cases WHERE organisation_id = $1 AND case_number LIKE CAST($3 AS TEXT))) \
             ON CONFLICT (organisation_id, case_year) DO UPDATE SET last_sequence = case_number_counters.last_sequence + 1 \
             RETURNING last_sequence",
        )
        .bind(organisation_id)
        .bind(i64::from(year))
        .bind(format!("%-{year}-%"))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_case(&mut self, c: &NewCase, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO cases (organisation_id, case_number, child_id, school_id, worker_id, team_id, referral_id, previous_case_id, status, \
             opened_on, review_on, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $11) RETURNING id",
        )
        .bind(c.organisation_id)
        .bind(&c.case_number)
        .bind(c.child_id)
        .bind(c.school_id)
        .bind(c.worker_id)
        .bind(c.team_id)
        .bind(c.referral_id)
        .bind(c.previous_case_id)
        .bind(&c.opened_on)
        .bind(&c.review_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await
        .map_err(|e| {
            if violates_one_open_case_per_child(&e) {
                StoreError::OpenCaseExists
            } else {
                StoreError::unique("case_number")(e)
            }
        })?;
        Ok(row.try_get(0)?)
    }

    /// Changes the case summary and flags if `version` is current; otherwise a conflict with the current version.
    pub async fn update_case(
        &mut self,
        id: i64,
        version: i64,
        summary: &str,
        safety_concern: bool,
        review_on: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let done = sqlx::query(
            "UPDATE cases SET summary = $1, safety_concern = $2, review_on = $3, updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(summary)
        .bind(flag(safety_concern))
        .bind(review_on)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(crate::org::conflict_or_missing(self.conn(), "cases", id).await);
        }
        Ok(version + 1)
    }

    /// Bumps the case version so concurrent editors notice any change in the file.
    pub async fn touch_case(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        sqlx::query("UPDATE cases SET version = version + 1, updated_at = $1 WHERE id = $2")
            .bind(timestamp(now))
            .bind(id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    /// A timeline entry with only a sentence (no event parameters); see [`WriteTx::record_event`].
    pub async fn insert_event(
        &mut self,
        case_id: i64,
        user_id: Option<i64>,
        kind: &str,
        summary: &str,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        self.insert_event_row(case_id, user_id, kind, summary, detail, "", now)
            .await
    }

    /// A timeline entry: the event's kind and parameters, and its Dutch sentence as summary (what older
    /// readers and exports show).
    pub async fn record_event(
        &mut self,
        case_id: i64,
        user_id: Option<i64>,
        event: &schakel_domain::timeline::TimelineEvent,
        detail: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let summary = event.text(schakel_domain::Lang::Nl);
        self.insert_event_row(
            case_id,
            user_id,
            event.kind(),
            &summary,
            detail,
            &event.params(),
            now,
        )
        .await
    }

    #[allow(clippy::too_many_arguments)]
    async fn insert_event_row(
        &mut self,
        case_id: i64,
        user_id: Option<i64>,
        kind: &str,
        summary: &str,
        detail: &str,
        params: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        sqlx::query("INSERT INTO case_events (case_id, at, user_id, kind, summary, detail, params) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(case_id)
            .bind(timestamp(now))
            .bind(user_id)
            .bind(kind)
            .bind(summary)
            .bind(detail)
            .bind(params)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn insert_goal(
        &mut self,
        case_id: i64,
        description: &str,
        theme: &str,
        gas_start: i64,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query("INSERT INTO case_goals (case_id, description, theme, gas_start, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(case_id)
            .bind(description)
            .bind(theme)
            .bind(gas_start)
            .bind(timestamp(now))
            .fetch_one(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    /// Sets the review or end score of a goal (`moment` is `review` or `end`).
    pub async fn score_goal(
        &mut self,
        case_id: i64,
        goal_id: i64,
        moment: &str,
        score: i64,
    ) -> Result<()> {
        let q = if moment == "end" {
            "UPDATE case_goals SET gas_end = $1 WHERE id = $2 AND case_id = $3"
        } else {
            "UPDATE case_goals SET gas_review = $1 WHERE id = $2 AND case_id = $3"
        };
        let done = sqlx::query(q)
            .bind(score)
            .bind(goal_id)
            .bind(case_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_contact(
        &mut self,
        case_id: i64,
        held_on: &str,
        kind: &str,
        participants: &str,
        minutes: i64,
        note: &str,
        recorded_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO case_contacts (case_id, held_on, kind, participants, minutes, note, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(case_id)
        .bind(held_on)
        .bind(kind)
        .bind(participants)
        .bind(minutes)
        .bind(note)
        .bind(recorded_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        sqlx::query("UPDATE cases SET first_contact_on = $1 WHERE id = $2 AND (first_contact_on IS NULL OR first_contact_on > $1)")
            .bind(held_on)
            .bind(case_id)
            .execute(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_task(
        &mut self,
        case_id: i64,
        description: &str,
        due_on: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query("INSERT INTO case_tasks (case_id, description, due_on, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
            .bind(case_id)
            .bind(description)
            .bind(due_on)
            .bind(timestamp(now))
            .fetch_one(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn complete_task(&mut self, case_id: i64, task_id: i64, done_on: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE case_tasks SET done_on = $1 WHERE id = $2 AND case_id = $3 AND done_on IS NULL",
        )
        .bind(done_on)
        .bind(task_id)
        .bind(case_id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn insert_consent(
        &mut self,
        case_id: i64,
        party: &str,
        guardian_id: Option<i64>,
        purpose: &str,
        recipient: &str,
        information: &str,
        given_on: &str,
        valid_until: Option<&str>,
        child_wish: &str,
        recorded_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO consents (case_id, party, guardian_id, purpose, recipient, information, given_on, valid_until, child_wish, recorded_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(case_id)
        .bind(party)
        .bind(guardian_id)
        .bind(purpose)
        .bind(recipient)
        .bind(information)
        .bind(given_on)
        .bind(valid_until)
        .bind(child_wish)
        .bind(recorded_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn withdraw_consent(
        &mut self,
        case_id: i64,
        consent_id: i64,
        on: &str,
    ) -> Result<()> {
        let done = sqlx::query("UPDATE consents SET withdrawn_on = $1 WHERE id = $2 AND case_id = $3 AND withdrawn_on IS NULL")
            .bind(on)
            .bind(consent_id)
            .bind(case_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    pub async fn insert_referral_target(
        &mut self,
        municipality_id: Option<i64>,
        name: &str,
        kind: &str,
        contact: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query("INSERT INTO referral_targets (municipality_id, name, kind, contact, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id")
            .bind(municipality_id)
            .bind(name)
            .bind(kind)
            .bind(contact)
            .bind(timestamp(now))
            .fetch_one(self.conn())
            .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn insert_onward(
        &mut self,
        case_id: i64,
        target_id: i64,
        handover_note: &str,
        on: &str,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO onward_referrals (case_id, target_id, status, handover_note, proposed_on, updated_on, created_at) \
             VALUES ($1, $2, 'proposed', $3, $4, $4, $5) RETURNING id",
        )
        .bind(case_id)
        .bind(target_id)
        .bind(handover_note)
        .bind(on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    pub async fn onward(&mut self, case_id: i64, onward_id: i64) -> Result<OnwardReferral> {
        sqlx::query_as(sql!(ONWARD_SELECT, " WHERE o.id = $1 AND o.case_id = $2"))
            .bind(onward_id)
            .bind(case_id)
            .fetch_optional(self.conn())
            .await?
            .ok_or(StoreError::NotFound)
    }

    pub async fn set_onward_status(
        &mut self,
        onward_id: i64,
        version: i64,
        status: &str,
        feedback: Option<&str>,
        sharing_basis: Option<&str>,
        on: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE onward_referrals SET status = $1, feedback = COALESCE($2, feedback), sharing_basis = COALESCE($3, sharing_basis), updated_on = $4, \
             version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(status)
        .bind(feedback)
        .bind(sharing_basis)
        .bind(on)
        .bind(onward_id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    pub async fn insert_mandate(&mut self, m: &NewMandate<'_>, now: DateTime<Utc>) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO mandate_decisions (case_id, worker_id, care_kind, category, volume, volume_unit, provider_id, provider, \
             period_from, period_until, reasons, status, decided_on, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(m.case_id)
        .bind(m.worker_id)
        .bind(m.care_kind)
        .bind(m.category)
        .bind(m.volume)
        .bind(m.volume_unit)
        .bind(m.provider_id)
        .bind(m.provider)
        .bind(m.period_from)
        .bind(m.period_until)
        .bind(m.reasons)
        .bind(m.status)
        .bind(m.decided_on)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }

    /// Keeps the iJw identifiers entered with a new decision (ADR 033), in the decision's transaction.
    pub async fn insert_mandate_allocation_ids(
        &mut self,
        decision_id: i64,
        ids: &MandateAllocationIds,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO mandate_allocation_ids (decision_id, bsn, agb_code, product_code) VALUES ($1, $2, $3, $4)",
        )
        .bind(decision_id)
        .bind(&ids.bsn)
        .bind(&ids.agb_code)
        .bind(&ids.product_code)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Refuses a decision that waits for approval; `NotFound` when it does not (any more).
    pub async fn refuse_mandate(
        &mut self,
        decision_id: i64,
        refused_by: i64,
        on: &str,
        reason: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE mandate_decisions SET status = 'refused', refused_by = $1, refused_on = $2, refusal_reason = $3 \
             WHERE id = $4 AND status = 'awaiting_approval'",
        )
        .bind(refused_by)
        .bind(on)
        .bind(reason)
        .bind(decision_id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        // A refused decision is never exported: the identifiers entered for its allocation go (ADR 033).
        sqlx::query("DELETE FROM mandate_allocation_ids WHERE decision_id = $1")
            .bind(decision_id)
            .execute(self.conn())
            .await?;
        Ok(())
    }

    pub async fn approve_mandate(
        &mut self,
        decision_id: i64,
        approved_by: i64,
        on: &str,
    ) -> Result<()> {
        let done = sqlx::query("UPDATE mandate_decisions SET status = 'approved', approved_by = $1, approved_on = $2 WHERE id = $3 AND status = 'awaiting_approval'")
            .bind(approved_by)
            .bind(on)
            .bind(decision_id)
            .execute(self.conn())
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn close_case(
        &mut self,
        id: i64,
        version: i64,
        closed_on: &str,
        reason: &str,
        note: &str,
        satisfaction_parent: Option<i64>,
        satisfaction_child: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'closed', closed_on = $1, closure_reason = $2, closure_note = $3, satisfaction_parent = $4, \
             satisfaction_child = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8 AND status = 'open'",
        )
        .bind(closed_on)
        .bind(reason)
        .bind(note)
        .bind(satisfaction_parent)
        .bind(satisfaction_child)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    pub async fn transfer_case(
        &mut self,
        id: i64,
        version: i64,
        worker_id: i64,
        team_id: Option<i64>,
        organisation_id: i64,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET worker_id = $1, team_id = $2, organisation_id = $3, updated_at = $4, version = version + 1 WHERE id = $5 AND version = $6",
        )
        .bind(worker_id)
        .bind(team_id)
        .bind(organisation_id)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        // The BSN and the other identifiers of a decision stay with the organisation that took it (ADR 033): a
        // file moving to another organisation leaves them behind.
        sqlx::query(
            "DELETE FROM mandate_allocation_ids WHERE decision_id IN (SELECT d.id FROM mandate_decisions d \
             JOIN workers w ON w.id = d.worker_id WHERE d.case_id = $1 AND w.organisation_id <> $2)",
        )
        .bind(id)
        .bind(organisation_id)
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

impl WriteTx {
    #[allow(clippy::too_many_arguments)]
    pub async fn insert_document(
        &mut self,
        case_id: i64,
        filename: &str,
        content_type: &str,
        sha256: &str,
        content: &[u8],
        description: &str,
        uploaded_by: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row = sqlx::query(
            "INSERT INTO case_documents (case_id, filename, content_type, size_bytes, sha256, content, description, uploaded_by, uploaded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(case_id)
        .bind(filename)
        .bind(content_type)
        .bind(content.len() as i64)
        .bind(sha256)
        .bind(content.to_vec())
        .bind(description)
        .bind(uploaded_by)
        .bind(timestamp(now))
        .fetch_one(self.conn())
        .await?;
        Ok(row.try_get(0)?)
    }
}

impl WriteTx {
    /// A worker asks to close; the team lead approves (when the organisation requires it).
    #[allow(clippy::too_many_arguments)]
    pub async fn request_closure(
        &mut self,
        id: i64,
        version: i64,
        reason: &str,
        note: &str,
        satisfaction_parent: Option<i64>,
        satisfaction_child: Option<i64>,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'closure_requested', closure_reason = $1, closure_note = $2, satisfaction_parent = $3, \
             satisfaction_child = $4, updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7 AND status = 'open'",
        )
        .bind(reason)
        .bind(note)
        .bind(satisfaction_parent)
        .bind(satisfaction_child)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }

    /// The team lead's approval of a requested closure.
    pub async fn approve_closure(
        &mut self,
        id: i64,
        closed_on: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'closed', closed_on = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND status = 'closure_requested'",
        )
        .bind(closed_on)
        .bind(timestamp(now))
        .bind(id)
        .execute(self.conn())
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// The team lead reopens a closed case: open again, the closing date cleared (the closure stays on the
    /// timeline). `Conflict` when it is not closed any more; the rule of one open case per child (migration
    /// 0008's unique index) refuses a second open case as a constraint error.
    pub async fn reopen_case(&mut self, id: i64, now: DateTime<Utc>) -> Result<()> {
        let done = sqlx::query(
            "UPDATE cases SET status = 'open', closed_on = NULL, updated_at = $1, version = version + 1 \
             WHERE id = $2 AND status = 'closed'",
        )
        .bind(timestamp(now))
        .bind(id)
        .execute(self.conn())
        .await
        .map_err(|e| {
            if violates_one_open_case_per_child(&e) {
                StoreError::OpenCaseExists
            } else {
                e.into()
            }
        })?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Conflict {
                current_version: -1,
            });
        }
        Ok(())
    }
}

/// Is `e` the unique index `cases_one_open_per_child` firing? PostgreSQL names the index; SQLite names the column
/// of a partial unique index ("UNIQUE constraint failed: cases.child_id").
fn violates_one_open_case_per_child(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            db.constraint() == Some("cases_one_open_per_child")
                || db.message().contains("cases.child_id")
        }
        _ => false,
    }
}
