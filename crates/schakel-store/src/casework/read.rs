//! Reading casework: referrals, consultations, cases, the case file and what its forms offer, documents.

use super::*;

impl Store {
    pub async fn child(&self, id: i64) -> Result<Child> {
        sqlx::query_as(sql!("SELECT ", CHILD_COLS, " FROM children WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Children of an organisation who may be the same child: same date of birth, or a similar name.
    pub async fn possible_duplicates(
        &self,
        organisation_id: i64,
        given_name: &str,
        family_name: &str,
        date_of_birth: &str,
    ) -> Result<Vec<Child>> {
        let family = fold(family_name.trim());
        let given = fold(given_name.trim());
        let family_prefix: String = family.chars().take(4).collect();
        Ok(sqlx::query_as(sql!(
            "SELECT ", CHILD_COLS, " FROM children WHERE organisation_id = $1 AND \
             ((date_of_birth = $2 AND (name_folded LIKE CAST($3 AS TEXT) OR name_folded LIKE CAST($4 AS TEXT))) OR name_folded = $5) ORDER BY family_name LIMIT 10"
        ))
        .bind(organisation_id)
        .bind(date_of_birth)
        .bind(format!("%{family_prefix}%"))
        .bind(format!("{}%", given.chars().take(3).collect::<String>()))
        .bind(format!("{given} {family}"))
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn guardians_of(&self, child_id: i64) -> Result<Vec<GuardianRow>> {
        Ok(sqlx::query_as("SELECT id, child_id, name, relation, has_gezag, phone, email FROM guardians WHERE child_id = $1 ORDER BY id")
            .bind(child_id)
            .fetch_all(self.reader())
            .await?)
    }

    pub async fn referral(&self, id: i64) -> Result<Referral> {
        sqlx::query_as(sql!(REFERRAL_SELECT, " WHERE r.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The referrals in a scope, newest first. A scope of schools reads each school's referrals by its
    /// index, so a school contact's list does not read the whole country's.
    pub async fn list_referrals(&self, f: &ReferralFilter) -> Result<Vec<Referral>> {
        let limit = f.limit.clamp(1, 5000);
        let Some(school_ids) = &f.school_ids else {
            return self.referrals_where(f, None, limit).await;
        };
        let mut rows = Vec::new();
        for school in school_ids {
            rows.extend(self.referrals_where(f, Some(*school), limit).await?);
        }
        rows.sort_by(|a, b| (&b.received_on, b.id).cmp(&(&a.received_on, a.id)));
        rows.truncate(limit as usize);
        Ok(rows)
    }

    async fn referrals_where(
        &self,
        f: &ReferralFilter,
        school_id: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Referral>> {
        Ok(sqlx::query_as(sql!(
            REFERRAL_SELECT,
            " WHERE ($1 IS NULL OR r.organisation_id = $1) AND ($2 IS NULL OR r.status = $2) AND ($3 IS NULL OR r.school_id = $3) AND ($4 IS NULL OR r.source = $4) ORDER BY r.received_on DESC, r.id DESC LIMIT CAST($5 AS BIGINT)"
        ))
        .bind(f.organisation_id)
        .bind(&f.status)
        .bind(school_id)
        .bind(&f.source)
        .bind(limit)
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn list_consultations(
        &self,
        organisation_id: i64,
        limit: i64,
    ) -> Result<Vec<Consultation>> {
        Ok(sqlx::query_as(sql!(
            CONSULTATION_SELECT,
            " WHERE k.organisation_id = $1 ORDER BY k.held_on DESC, k.id DESC LIMIT CAST($2 AS BIGINT)"
        ))
        .bind(organisation_id)
        .bind(limit.clamp(1, 5000))
        .fetch_all(self.reader())
        .await?)
    }

    /// A school's consultation requests still waiting for an answer, oldest first.
    pub async fn open_consultation_requests(
        &self,
        organisation_id: i64,
    ) -> Result<Vec<Consultation>> {
        Ok(sqlx::query_as(sql!(
            CONSULTATION_SELECT,
            " WHERE k.organisation_id = $1 AND k.question <> '' AND k.closed_on IS NULL ORDER BY k.held_on, k.id"
        ))
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// The consultation requests a school sent, open and answered, newest first.
    pub async fn consultation_requests_of_school(
        &self,
        school_id: i64,
        limit: i64,
    ) -> Result<Vec<Consultation>> {
        Ok(sqlx::query_as(sql!(
            CONSULTATION_SELECT,
            " WHERE k.school_id = $1 AND k.question <> '' ORDER BY k.held_on DESC, k.id DESC LIMIT CAST($2 AS BIGINT)"
        ))
        .bind(school_id)
        .bind(limit.clamp(1, 5000))
        .fetch_all(self.reader())
        .await?)
    }

    pub async fn consultation(&self, id: i64) -> Result<Consultation> {
        sqlx::query_as(sql!(CONSULTATION_SELECT, " WHERE k.id = $1"))
            .bind(id)
            .fetch_optional(self.reader())
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// Open cases per worker of an organisation (worker id, count): the caseload shown when
    /// assigning a case.
    pub async fn open_caseloads(&self, organisation_id: i64) -> Result<Vec<(i64, i64)>> {
        let rows = sqlx::query(
            "SELECT worker_id, CAST(COUNT(*) AS BIGINT) FROM cases \
             WHERE organisation_id = $1 AND status <> 'closed' AND worker_id IS NOT NULL GROUP BY worker_id",
        )
        .bind(organisation_id)
        .fetch_all(self.reader())
        .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    pub async fn case(&self, id: i64) -> Result<Case> {
        case_on(&mut *self.reader().acquire().await?, id).await
    }

    pub async fn list_cases(&self, f: &CaseFilter) -> Result<Vec<Case>> {
        let q = f.query.as_deref().map(str::trim).filter(|q| !q.is_empty());
        let pattern = q.map(|q| format!("%{}%", fold(q)));
        let exact = q.map(|q| q.to_uppercase());
        Ok(sqlx::query_as(sql!(
            CASE_SELECT,
            " WHERE ($1 IS NULL OR k.organisation_id = $1) AND ($2 IS NULL OR k.worker_id = $2) AND ($3 IS NULL OR k.team_id = $3) \
             AND ($4 IS NULL OR c.name_folded LIKE CAST($4 AS TEXT) OR LOWER(s.name) LIKE CAST($4 AS TEXT) OR c.date_of_birth = $5 OR UPPER(k.case_number) = $6) \
             AND ($7 = 0 OR k.status <> 'closed') ORDER BY k.status DESC, k.opened_on DESC, k.id DESC LIMIT CAST($8 AS BIGINT)"
        ))
        .bind(f.organisation_id)
        .bind(f.worker_id)
        .bind(f.team_id)
        .bind(&pattern)
        .bind(q)
        .bind(&exact)
        .bind(flag(f.open_only))
        .bind(f.limit.clamp(1, 5000))
        .fetch_all(self.reader())
        .await?)
    }

    /// The case file with everything in it.
    pub async fn case_file(&self, id: i64) -> Result<CaseFile> {
        let case = self.case(id).await?;
        self.case_file_of(case, Newest::ALL).await
    }

    /// The rest of the file of `case`, read just before for the access check (see [`case_file_on`]).
    pub async fn case_file_of(&self, case: Case, recent: Newest) -> Result<CaseFile> {
        case_file_on(
            &mut *self.reader().acquire().await?,
            self.backend,
            case,
            recent,
        )
        .await
    }

    /// What the case page's forms offer, in one statement (ADR 006): the organisation's settings, its active
    /// workers (transfer) and the referral directory (onward referral): national targets and those of the
    /// child's municipality — or of the school's, when the child's is not known.
    pub async fn case_form_lists(
        &self,
        organisation_id: i64,
        child_municipality_id: Option<i64>,
        school_id: Option<i64>,
    ) -> Result<CaseFormLists> {
        let mut conn = self.reader().acquire().await?;
        case_form_lists_on(
            &mut conn,
            self.backend,
            organisation_id,
            child_municipality_id,
            school_id,
        )
        .await
    }

    /// The case page's reads on one reader connection (ADR 007): the case, then — only when the domain's
    /// `may_open_case` lets `reader` (with their own worker record, if any) open it — its file (the `recent`
    /// newest contacts and timeline entries) and the form lists. One connection instead of three saves the
    /// driver's hand-offs and its check of every returned connection. `None` when the case may not be opened.
    pub async fn case_page(
        &self,
        id: i64,
        recent: Newest,
        reader: &schakel_domain::Principal,
        own_worker: Option<i64>,
    ) -> Result<Option<(CaseFile, CaseFormLists)>> {
        let mut conn = self.reader().acquire().await?;
        let case = case_on(&mut conn, id).await?;
        if !schakel_domain::scope::may_open_case(reader, own_worker, case.facts()) {
            return Ok(None);
        }
        let (org, school) = (case.organisation_id, case.school_id);
        let file = case_file_on(&mut conn, self.backend, case, recent).await?;
        let lists = case_form_lists_on(
            &mut conn,
            self.backend,
            org,
            file.child.residence_municipality_id,
            school,
        )
        .await?;
        Ok(Some((file, lists)))
    }

    pub async fn referral_target(&self, id: i64) -> Result<ReferralTarget> {
        sqlx::query_as(
            "SELECT id, municipality_id, name, kind, contact FROM referral_targets WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    pub async fn mandate_decision(&self, id: i64) -> Result<MandateDecision> {
        sqlx::query_as(sql!(
            "SELECT ",
            MANDATE_COLUMNS,
            " FROM mandate_decisions WHERE id = $1"
        ))
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)
    }

    /// The iJw identifiers entered with decision `id` (ADR 033); all empty when none were.
    pub async fn mandate_allocation_ids(&self, id: i64) -> Result<MandateAllocationIds> {
        Ok(sqlx::query_as(
            "SELECT bsn, agb_code, product_code FROM mandate_allocation_ids WHERE decision_id = $1",
        )
        .bind(id)
        .fetch_optional(self.reader())
        .await?
        .unwrap_or_default())
    }

    /// Decisions waiting for the team lead's approval, oldest first: of the organisation's open case files, of
    /// one team's when `team_id` is given (as the team lead's case list).
    pub async fn mandates_waiting(
        &self,
        organisation_id: i64,
        team_id: Option<i64>,
    ) -> Result<Vec<MandateLine>> {
        Ok(sqlx::query_as(sql!(
            MANDATE_LINE_SELECT,
            " WHERE d.status = 'awaiting_approval' AND k.organisation_id = $1 AND ($2 IS NULL OR k.team_id = $2) \
             AND k.status <> 'closed' ORDER BY d.decided_on, d.id LIMIT 200"
        ))
        .bind(organisation_id)
        .bind(team_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// A worker's own decisions that still wait, and those refused on or after `refused_since`, newest first.
    pub async fn mandates_of_worker(
        &self,
        worker_id: i64,
        refused_since: &str,
    ) -> Result<Vec<MandateLine>> {
        Ok(sqlx::query_as(sql!(
            MANDATE_LINE_SELECT,
            " WHERE d.worker_id = $1 AND (d.status = 'awaiting_approval' OR (d.status = 'refused' AND d.refused_on >= $2)) \
             ORDER BY d.decided_on DESC, d.id DESC LIMIT 200"
        ))
        .bind(worker_id)
        .bind(refused_since)
        .fetch_all(self.reader())
        .await?)
    }

    /// The latest closed case of a child, to link a new referral within 12 months.
    pub async fn last_closed_case_of_child(&self, child_id: i64) -> Result<Option<Case>> {
        Ok(sqlx::query_as(sql!(
            CASE_SELECT,
            " WHERE k.child_id = $1 AND k.status = 'closed' ORDER BY k.closed_on DESC LIMIT 1"
        ))
        .bind(child_id)
        .fetch_optional(self.reader())
        .await?)
    }
}

impl Store {
    pub async fn documents_of_case(&self, case_id: i64) -> Result<Vec<DocumentMeta>> {
        Ok(sqlx::query_as(
            "SELECT id, case_id, filename, content_type, size_bytes, sha256, description, uploaded_at FROM case_documents WHERE case_id = $1 ORDER BY uploaded_at DESC, id DESC",
        )
        .bind(case_id)
        .fetch_all(self.reader())
        .await?)
    }

    /// Metadata and content of one document of a case.
    pub async fn document(
        &self,
        case_id: i64,
        document_id: i64,
    ) -> Result<(DocumentMeta, Vec<u8>)> {
        let row = sqlx::query(
            "SELECT id, case_id, filename, content_type, size_bytes, sha256, description, uploaded_at, content FROM case_documents WHERE id = $1 AND case_id = $2",
        )
        .bind(document_id)
        .bind(case_id)
        .fetch_optional(self.reader())
        .await?
        .ok_or(StoreError::NotFound)?;
        let meta = DocumentMeta {
            id: row.try_get("id")?,
            case_id: row.try_get("case_id")?,
            filename: row.try_get("filename")?,
            content_type: row.try_get("content_type")?,
            size_bytes: row.try_get("size_bytes")?,
            sha256: row.try_get("sha256")?,
            description: row.try_get("description")?,
            uploaded_at: row.try_get("uploaded_at")?,
        };
        Ok((meta, row.try_get("content")?))
    }
}

async fn case_on(conn: &mut sqlx::AnyConnection, id: i64) -> Result<Case> {
    sqlx::query_as(sql!(CASE_SELECT, " WHERE k.id = $1"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)
}

/// How many of the newest contacts and timeline entries a case-file read brings: `None` for all of them,
/// `Some(0)` for none (a page section that shows neither reads neither; ADR 031).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Newest {
    pub contacts: Option<i64>,
    pub events: Option<i64>,
}

impl Newest {
    /// Every contact and every timeline entry.
    pub const ALL: Newest = Newest {
        contacts: None,
        events: None,
    };

    /// The newest `n` of both.
    pub fn both(n: i64) -> Newest {
        Newest {
            contacts: Some(n),
            events: Some(n),
        }
    }

    fn limit(n: Option<i64>) -> i64 {
        n.map_or(i64::MAX, |n| n.max(0))
    }
}

/// The rest of the file of `case` (read just before, for the access check), in one statement: each part
/// comes back as a JSON array (ADR 006). Of contacts and timeline entries only the `recent` newest;
/// `contact_count` and `contact_minutes` always cover all contacts.
async fn case_file_on(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    case: Case,
    recent: Newest,
) -> Result<CaseFile> {
    let row = sqlx::query(case_file_sql(backend))
        .bind(case.id)
        .bind(case.child_id)
        .bind(case.referral_id)
        .bind(Newest::limit(recent.contacts))
        .bind(Newest::limit(recent.events))
        .fetch_one(conn)
        .await?;
    let part = |i: usize| -> Result<String> { Ok(row.try_get::<String, _>(i)?) };
    let mut children: Vec<Child> = json_rows(&part(0)?)?;
    let child = children.pop().ok_or(StoreError::NotFound)?;
    Ok(CaseFile {
        child,
        guardians: json_rows(&part(1)?)?,
        referral: json_rows::<Referral>(&part(2)?)?.pop(),
        goals: json_rows(&part(3)?)?,
        contacts: json_rows(&part(4)?)?,
        tasks: json_rows(&part(5)?)?,
        consents: json_rows(&part(6)?)?,
        onward: json_rows(&part(7)?)?,
        mandates: json_rows(&part(8)?)?,
        events: json_rows(&part(9)?)?,
        documents: json_rows(&part(10)?)?,
        contact_count: row.try_get(11)?,
        contact_minutes: row.try_get(12)?,
        indirect_minutes: row.try_get(13)?,
        case,
    })
}

async fn case_form_lists_on(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    organisation_id: i64,
    child_municipality_id: Option<i64>,
    school_id: Option<i64>,
) -> Result<CaseFormLists> {
    let row = sqlx::query(case_form_lists_sql(backend))
        .bind(organisation_id)
        .bind(child_municipality_id)
        .bind(school_id)
        .fetch_optional(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(CaseFormLists {
        settings: sqlx::FromRow::from_row(&row)?,
        workers: json_rows(&row.try_get::<String, _>("workers")?)?,
        targets: json_rows(&row.try_get::<String, _>("targets")?)?,
        goal_themes: json_rows(&row.try_get::<String, _>("goal_themes")?)?,
    })
}

impl Store {
    /// Contacts of a case, newest first, `limit` at a time: those older than the contact `before` (its date, then
    /// its id) when given. The id of the last one is the cursor for the next page.
    pub async fn case_contacts_page(
        &self,
        case_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<Contact>> {
        Ok(sqlx::query_as(
            "SELECT id, case_id, held_on, kind, participants, minutes, note FROM case_contacts WHERE case_id = $1 \
             AND ($2 IS NULL OR held_on < (SELECT b.held_on FROM case_contacts b WHERE b.id = $2) \
              OR (held_on = (SELECT b.held_on FROM case_contacts b WHERE b.id = $2) AND id < $2)) \
             ORDER BY held_on DESC, id DESC LIMIT CAST($3 AS BIGINT)",
        )
        .bind(case_id)
        .bind(before)
        .bind(limit)
        .fetch_all(self.reader())
        .await?)
    }

    /// Timeline entries of a case, newest first, paged like [`Store::case_contacts_page`].
    pub async fn case_events_page(
        &self,
        case_id: i64,
        before: Option<i64>,
        limit: i64,
    ) -> Result<Vec<CaseEvent>> {
        Ok(sqlx::query_as(
            "SELECT id, case_id, at, user_id, kind, summary, detail, params FROM case_events WHERE case_id = $1 \
             AND ($2 IS NULL OR at < (SELECT b.at FROM case_events b WHERE b.id = $2) \
              OR (at = (SELECT b.at FROM case_events b WHERE b.id = $2) AND id < $2)) \
             ORDER BY at DESC, id DESC LIMIT CAST($3 AS BIGINT)",
        )
        .bind(case_id)
        .bind(before)
        .bind(limit)
        .fetch_all(self.reader())
        .await?)
    }
}
