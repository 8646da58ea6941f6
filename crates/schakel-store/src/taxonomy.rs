//! The lists an organisation configures (signals, goal themes) and its casework settings.

use crate::{Flag, OrganisationSettings, Result, Store, WriteTx, flag, timestamp};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct TaxonomyTerm {
    pub id: i64,
    pub code: String,
    pub label: String,
    /// The English label (group-activity kinds); empty: the Dutch label, or a kept default's English.
    #[sqlx(default)]
    #[serde(default)]
    pub label_en: String,
    #[sqlx(try_from = "i64")]
    pub active: Flag,
}

impl Store {
    /// All terms of one list of an organisation, the active ones first in their order, then the retired ones.
    pub async fn taxonomy_terms(
        &self,
        organisation_id: i64,
        taxonomy: &str,
    ) -> Result<Vec<TaxonomyTerm>> {
        Ok(sqlx::query_as(
            "SELECT id, code, label, label_en, active FROM taxonomy_terms WHERE organisation_id = $1 AND taxonomy = $2 \
             ORDER BY active DESC, position, label",
        )
        .bind(organisation_id)
        .bind(taxonomy)
        .fetch_all(self.reader())
        .await?)
    }
}

impl WriteTx {
    /// Makes `terms` (code, label) the active list, in this order: known codes get the new label, new codes are
    /// added, terms not named are kept inactive (earlier records still show their label).
    pub async fn set_taxonomy(
        &mut self,
        organisation_id: i64,
        taxonomy: &str,
        terms: &[(String, String)],
    ) -> Result<()> {
        sqlx::query(
            "UPDATE taxonomy_terms SET active = 0 WHERE organisation_id = $1 AND taxonomy = $2",
        )
        .bind(organisation_id)
        .bind(taxonomy)
        .execute(self.conn())
        .await?;
        for (position, (code, label)) in terms.iter().enumerate() {
            sqlx::query(
                "INSERT INTO taxonomy_terms (organisation_id, taxonomy, code, label, active, position) VALUES ($1, $2, $3, $4, 1, $5) \
                 ON CONFLICT (organisation_id, taxonomy, code) DO UPDATE SET label = excluded.label, active = 1, position = excluded.position",
            )
            .bind(organisation_id)
            .bind(taxonomy)
            .bind(code)
            .bind(label)
            .bind(position as i64)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    /// Stores `terms` as the list only while the organisation has none yet (first use); an existing list, even one
    /// saved a moment ago by someone else, is left alone.
    pub async fn seed_taxonomy(
        &mut self,
        organisation_id: i64,
        taxonomy: &str,
        terms: &[(String, String, String)],
    ) -> Result<()> {
        let existing: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM taxonomy_terms WHERE organisation_id = $1 AND taxonomy = $2",
        )
        .bind(organisation_id)
        .bind(taxonomy)
        .fetch_one(self.conn())
        .await?;
        if existing > 0 {
            return Ok(());
        }
        for (position, (code, label, label_en)) in terms.iter().enumerate() {
            sqlx::query(
                "INSERT INTO taxonomy_terms (organisation_id, taxonomy, code, label, label_en, active, position) \
                 VALUES ($1, $2, $3, $4, $6, 1, $5) ON CONFLICT (organisation_id, taxonomy, code) DO NOTHING",
            )
            .bind(organisation_id)
            .bind(taxonomy)
            .bind(code)
            .bind(label)
            .bind(position as i64)
            .bind(label_en)
            .execute(self.conn())
            .await?;
        }
        Ok(())
    }

    /// Adds one term at the end of the active list; `false` when the code is on the list already (active or
    /// retired), which then stays as it was.
    pub async fn add_taxonomy_term(
        &mut self,
        organisation_id: i64,
        taxonomy: &str,
        code: &str,
        label: &str,
        label_en: &str,
        active: bool,
    ) -> Result<bool> {
        // No conflict target: a code taken and (for group kinds) a name taken both leave the list as it was.
        let added = sqlx::query(
            "INSERT INTO taxonomy_terms (organisation_id, taxonomy, code, label, label_en, active, position) \
             SELECT $1, $2, $3, $4, $5, $6, COALESCE(MAX(position), -1) + 1 FROM taxonomy_terms \
             WHERE organisation_id = $1 AND taxonomy = $2 \
             ON CONFLICT DO NOTHING",
        )
        .bind(organisation_id)
        .bind(taxonomy)
        .bind(code)
        .bind(label)
        .bind(label_en)
        .bind(flag(active))
        .execute(self.conn())
        .await?
        .rows_affected();
        Ok(added > 0)
    }

    /// Renames one term (both labels) and retires or restores it; its code stays, so records keep their meaning.
    /// `NotFound` when the organisation has no such term; `Duplicate("label")` when another group kind has the name.
    pub async fn change_taxonomy_term(
        &mut self,
        organisation_id: i64,
        taxonomy: &str,
        code: &str,
        label: &str,
        label_en: &str,
        active: bool,
    ) -> Result<()> {
        let changed = sqlx::query(
            "UPDATE taxonomy_terms SET label = $4, label_en = $5, active = $6 \
             WHERE organisation_id = $1 AND taxonomy = $2 AND code = $3",
        )
        .bind(organisation_id)
        .bind(taxonomy)
        .bind(code)
        .bind(label)
        .bind(label_en)
        .bind(flag(active))
        .execute(self.conn())
        .await
        .map_err(crate::StoreError::unique("label"))?
        .rows_affected();
        if changed == 0 {
            return Err(crate::StoreError::NotFound);
        }
        Ok(())
    }

    /// Changes the casework settings if the organisation is still at `version`; returns the new version.
    pub async fn update_organisation_settings(
        &mut self,
        id: i64,
        version: i64,
        s: &OrganisationSettings,
        now: DateTime<Utc>,
    ) -> Result<i64> {
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE organisations SET case_prefix = $1, review_weeks = $2, closure_needs_approval = $3, mandate_needs_approval = $4, \
             gas_min = $5, updated_at = $6, version = version + 1, mandate_max_months = $9, figures_threshold = $10, \
             case_norm_weeks = $11, onward_norm_weeks = $12 WHERE id = $7 AND version = $8 RETURNING version",
        )
        .bind(&s.case_prefix)
        .bind(s.review_weeks)
        .bind(flag(*s.closure_needs_approval))
        .bind(flag(*s.mandate_needs_approval))
        .bind(s.gas_min)
        .bind(timestamp(now))
        .bind(id)
        .bind(version)
        .bind(s.mandate_max_months)
        .bind(s.figures_threshold)
        .bind(s.case_norm_weeks)
        .bind(s.onward_norm_weeks)
        .fetch_optional(self.conn())
        .await?;
        match row {
            Some((v,)) => Ok(v),
            None => Err(crate::org::conflict_or_missing(self.conn(), "organisations", id).await),
        }
    }
}
