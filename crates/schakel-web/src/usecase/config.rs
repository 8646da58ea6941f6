//! An organisation's casework configuration: settings (case numbers, review period, approvals, GAS scale) and
//! the lists it keeps itself (signals of a referral, themes of a goal). The functional admin changes it; the
//! lists start as the defaults of `schakel_domain::casework`.

use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use schakel_domain::Lang;
use schakel_domain::Role;
use schakel_domain::audit::AuditAction;
use schakel_domain::casework::{self as rules, Taxonomy, parse_terms};
use schakel_domain::monitoring::team::check_norm_weeks;
use schakel_domain::org::FieldError;
use schakel_store::{Flag, OrganisationSettings, StoreError, TaxonomyTerm};
use serde::{Deserialize, Serialize};

/// Everything the casework configuration page and `GET /api/v1/organisations/{id}/casework` show.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CaseworkConfig {
    pub organisation_id: i64,
    /// The organisation's version: a change based on an older one is refused (409).
    pub version: i64,
    pub settings: OrganisationSettings,
    pub signals: Vec<TaxonomyTerm>,
    pub goal_themes: Vec<TaxonomyTerm>,
}

/// A change of the configuration; the lists are labels in order (a label's code stays when it is edited).
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
pub struct CaseworkConfigInput {
    pub version: Option<i64>,
    pub case_prefix: String,
    /// Weeks from the start to the first review (1–52); a missing number is refused on this field.
    #[serde(default)]
    pub review_weeks: Option<i64>,
    #[serde(default)]
    pub closure_needs_approval: bool,
    #[serde(default)]
    pub mandate_needs_approval: bool,
    /// The longest period of an SMW-plus decision in months (1–24; 12 when left out).
    #[serde(default = "default_mandate_max_months")]
    pub mandate_max_months: Option<i64>,
    /// The lowest GAS score, −2 or −3; a missing number is refused on this field.
    #[serde(default)]
    pub gas_min: Option<i64>,
    /// Counts below this are withheld from funders: 5 to 50, never below 5. Left out: unchanged (a client that
    /// does not know the field never lowers a raised threshold).
    #[serde(default)]
    pub figures_threshold: Option<i64>,
    /// The team dashboard flags cases open longer than this many weeks: 1 to 104. Left out: unchanged.
    #[serde(default)]
    pub case_norm_weeks: Option<i64>,
    /// The team dashboard flags onward referrals not started after this many weeks: 1 to 104. Left out: unchanged.
    #[serde(default)]
    pub onward_norm_weeks: Option<i64>,
    /// Fields the page could not read (a number that is no number), refused with the rest; never in a body.
    #[serde(skip)]
    pub unreadable: Vec<FieldError>,
    pub signals: Vec<String>,
    pub goal_themes: Vec<String>,
}

fn default_mandate_max_months() -> Option<i64> {
    Some(schakel_domain::mandate::DEFAULT_MAX_MONTHS)
}

/// A monitoring setting as changed (or the current one when left out), checked by its domain rule.
fn monitoring_setting(
    errors: &mut Vec<FieldError>,
    value: Option<i64>,
    current: i64,
    check: impl Fn(i64) -> Result<i64, FieldError>,
) -> Option<i64> {
    check(value.unwrap_or(current))
        .map_err(|e| errors.push(e))
        .ok()
}

/// The organisation's list; on first use the defaults are stored, so later edits start from them.
pub async fn terms(
    state: &AppState,
    organisation_id: i64,
    taxonomy: Taxonomy,
) -> Result<Vec<TaxonomyTerm>, AppError> {
    let terms = state
        .store()
        .taxonomy_terms(organisation_id, taxonomy.as_str())
        .await?;
    if !terms.is_empty() {
        return Ok(terms);
    }
    let defaults = rules::seeded_terms(taxonomy);
    let mut tx = state.store().begin().await?;
    tx.seed_taxonomy(organisation_id, taxonomy.as_str(), &defaults)
        .await?;
    tx.commit().await?;
    Ok(state
        .store()
        .taxonomy_terms(organisation_id, taxonomy.as_str())
        .await?)
}

/// The active terms as choices in the reader's language: an organisation's own words as given, a default term
/// it kept in English when the reader reads English.
pub fn options_in(terms: &[TaxonomyTerm], taxonomy: Taxonomy, lang: Lang) -> Vec<(String, String)> {
    terms
        .iter()
        .filter(|t| *t.active)
        .map(|t| {
            let label = rules::term_label(taxonomy, &t.code, &t.label, lang);
            (t.code.clone(), label.to_string())
        })
        .collect()
}

/// Labels of comma-separated codes: the organisation's label (also of a retired term), else the default's, else
/// the code itself; a default term in English for an English reader.
pub fn labels_in(terms: &[TaxonomyTerm], taxonomy: Taxonomy, codes: &str, lang: Lang) -> String {
    codes
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|code| {
            terms
                .iter()
                .find(|t| t.code == code)
                .map(|t| t.label.as_str())
                .or_else(|| {
                    taxonomy
                        .defaults()
                        .iter()
                        .find(|(c, _)| *c == code)
                        .map(|(_, l)| *l)
                })
                .map_or(code, |label| rules::term_label(taxonomy, code, label, lang))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A label already on the list (or retired from it) keeps its code, whatever code its words would give now
/// ("stemming / somber" stays `stemming`): records and figures keep meaning the same thing.
fn keep_codes(
    field: &str,
    terms: Vec<(String, String)>,
    known: &[TaxonomyTerm],
) -> Result<Vec<(String, String)>, FieldError> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(terms.len());
    for (code, label) in terms {
        let code = known
            .iter()
            .find(|t| t.label.trim().to_lowercase() == label.to_lowercase())
            .map(|t| t.code.clone())
            .unwrap_or(code);
        if out.iter().any(|(c, _)| *c == code) {
            return Err(FieldError::new(
                field,
                &format!("“{label}” betekent hetzelfde als een andere regel."),
                &format!("“{label}” means the same as another line."),
            ));
        }
        out.push((code, label));
    }
    Ok(out)
}

/// Only the functional admin of the organisation itself.
fn admin_of(ctx: &Ctx, organisation_id: i64) -> Result<(), AppError> {
    let p = ctx.principal()?;
    if p.role == Role::FunctionalAdmin && p.organisation_id == Some(organisation_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

pub async fn casework_config(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
) -> Result<CaseworkConfig, AppError> {
    admin_of(ctx, organisation_id)?;
    let organisation = match state.store().organisation(organisation_id).await {
        Ok(o) => o,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    Ok(CaseworkConfig {
        organisation_id,
        version: organisation.version,
        settings: state.store().organisation_settings(organisation_id).await?,
        signals: terms(state, organisation_id, Taxonomy::Signals).await?,
        goal_themes: terms(state, organisation_id, Taxonomy::GoalThemes).await?,
    })
}

/// The settings as changed, each by its rule, with every wrong field; `None` when one is wrong. `current` gives
/// the monitoring settings a body leaves out.
fn check_settings(
    input: &CaseworkConfigInput,
    current: &OrganisationSettings,
) -> (Option<OrganisationSettings>, Vec<FieldError>) {
    let mut errors = input.unreadable.clone();
    let prefix = input.case_prefix.trim().to_uppercase();
    if prefix.is_empty()
        || prefix.chars().count() > 8
        || !prefix.chars().all(|c| c.is_ascii_alphanumeric())
    {
        errors.push(FieldError::new(
            "case_prefix",
            "Gebruik 1 tot 8 letters of cijfers, bijvoorbeeld WW.",
            "Use 1 to 8 letters or digits, for example WW.",
        ));
    }
    let review_weeks = input.review_weeks.filter(|w| (1..=52).contains(w));
    if review_weeks.is_none() {
        errors.push(FieldError::new(
            "review_weeks",
            "Kies 1 tot 52 weken.",
            "Choose 1 to 52 weeks.",
        ));
    }
    let gas_min = input.gas_min.filter(|g| *g == -2 || *g == -3);
    if gas_min.is_none() {
        errors.push(FieldError::new(
            "gas_min",
            "De laagste GAS-score is −2 of −3.",
            "The lowest GAS score is −2 or −3.",
        ));
    }
    let max_months = match input
        .mandate_max_months
        .map(schakel_domain::mandate::check_max_months)
    {
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            errors.push(e);
            None
        }
        None => {
            let most = schakel_domain::mandate::MAX_CONFIGURABLE_MONTHS;
            errors.push(FieldError::new(
                "mandate_max_months",
                &format!("Kies 1 tot {most} maanden."),
                &format!("Choose 1 to {most} months."),
            ));
            None
        }
    };
    let threshold = monitoring_setting(
        &mut errors,
        input.figures_threshold,
        current.figures_threshold,
        schakel_domain::figures::check_threshold,
    );
    let case_norm = monitoring_setting(
        &mut errors,
        input.case_norm_weeks,
        current.case_norm_weeks,
        |w| check_norm_weeks("case_norm_weeks", w),
    );
    let onward_norm = monitoring_setting(
        &mut errors,
        input.onward_norm_weeks,
        current.onward_norm_weeks,
        |w| check_norm_weeks("onward_norm_weeks", w),
    );
    let (
        Some(review_weeks),
        Some(gas_min),
        Some(mandate_max_months),
        Some(figures_threshold),
        Some(case_norm_weeks),
        Some(onward_norm_weeks),
    ) = (
        review_weeks,
        gas_min,
        max_months,
        threshold,
        case_norm,
        onward_norm,
    )
    else {
        return (None, errors);
    };
    let settings = OrganisationSettings {
        case_prefix: prefix,
        review_weeks,
        closure_needs_approval: Flag(input.closure_needs_approval),
        mandate_needs_approval: Flag(input.mandate_needs_approval),
        gas_min,
        smw_plus: Flag(false), // not changed here (it belongs to the organisation itself)
        mandate_max_months,
        figures_threshold,
        case_norm_weeks,
        onward_norm_weeks,
    };
    (Some(settings), errors)
}

/// Checks and stores a new configuration; nothing is stored when any field is wrong or the version is stale.
pub async fn update_casework_config(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
    input: &CaseworkConfigInput,
) -> Result<CaseworkConfig, AppError> {
    admin_of(ctx, organisation_id)?;
    let current = match state.store().organisation_settings(organisation_id).await {
        Ok(c) => c,
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    };
    let (settings, mut errors) = check_settings(input, &current);
    let mut lists = Vec::new();
    for (field, taxonomy, labels) in [
        ("signals", Taxonomy::Signals, &input.signals),
        ("goal_themes", Taxonomy::GoalThemes, &input.goal_themes),
    ] {
        let known = terms(state, organisation_id, taxonomy).await?;
        match parse_terms(field, &labels.join("\n")).and_then(|t| keep_codes(field, t, &known)) {
            Ok(terms) => lists.push((taxonomy, terms)),
            Err(e) => errors.push(e),
        }
    }
    let Some(version) = input.version else {
        errors.push(FieldError::new(
            "version",
            "De versie ontbreekt; laad de pagina opnieuw.",
            "The version is missing; reload the page.",
        ));
        return Err(AppError::Validation(errors));
    };
    let Some(settings) = settings.filter(|_| errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = state.store().begin().await?;
    match tx
        .update_organisation_settings(organisation_id, version, &settings, state.now())
        .await
    {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            drop(tx);
            // The newer content is what the page and the API show.
            let current = casework_config(state, ctx, organisation_id).await?;
            return Err(AppError::Conflict {
                current: serde_json::to_value(current).unwrap_or_default(),
            });
        }
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        Err(e) => return Err(e.into()),
    }
    for (taxonomy, terms) in &lists {
        tx.set_taxonomy(organisation_id, taxonomy.as_str(), terms)
            .await?;
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "organisation_casework",
                Some(organisation_id.to_string()),
                "ok",
            ),
        )
        .await?;
    casework_config(state, ctx, organisation_id).await
}

/// A group-activity kind as the functional admin adds or changes it (ADR 019 addendum).
#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct GroupKindInput {
    /// The Dutch label (1–80 characters); a new kind's code comes from it and stays when it is renamed.
    #[serde(default)]
    pub label: String,
    /// The English label (at most 80 characters; empty: the Dutch label is shown).
    #[serde(default)]
    pub label_en: String,
    /// Offered when planning; `false` retires the kind (activities of that kind keep showing its label).
    /// Left out: active. A kind can be added retired, to be offered later.
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// The organisation's group-activity kinds: active ones first in their order, then the retired ones. Only its
/// functional admin manages them; its planners (workers, team leads) read them too, to plan through the API.
pub async fn group_kinds(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
) -> Result<Vec<TaxonomyTerm>, AppError> {
    let p = ctx.principal()?;
    let planner = matches!(p.role, Role::SocialWorker | Role::TeamLead)
        && p.organisation_id == Some(organisation_id);
    if !planner {
        admin_of(ctx, organisation_id)?;
    }
    if let Err(StoreError::NotFound) = state.store().organisation(organisation_id).await {
        return Err(AppError::NotFound);
    }
    terms(state, organisation_id, Taxonomy::GroupActivityKinds).await
}

/// Adds a kind to the organisation's list; 422 on `label` when a kind of that name (or code) exists, also a
/// retired one (restore that one instead).
pub async fn add_group_kind(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
    input: &GroupKindInput,
) -> Result<String, AppError> {
    let known = group_kinds(state, ctx, organisation_id).await?;
    let (code, label, label_en) = schakel_domain::group::parse_kind(&input.label, &input.label_en)
        .map_err(AppError::Validation)?;
    let exists = || {
        AppError::Validation(vec![FieldError::new(
            "label",
            &format!("De soort “{label}” bestaat al (of is ingetrokken: zet die weer aan)."),
            &format!("The kind “{label}” exists already (or was retired: restore it)."),
        )])
    };
    if known
        .iter()
        .any(|t| t.code == code || t.label.trim().to_lowercase() == label.to_lowercase())
    {
        return Err(exists());
    }
    let mut tx = state.store().begin().await?;
    if !tx
        .add_taxonomy_term(
            organisation_id,
            Taxonomy::GroupActivityKinds.as_str(),
            &code,
            &label,
            &label_en,
            input.active,
        )
        .await?
    {
        return Err(exists());
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Create,
                "group_activity_kind",
                Some(format!("{organisation_id}/{code}")),
                "ok",
            ),
        )
        .await?;
    Ok(code)
}

/// Renames a kind (Dutch and English), retires or restores it; its code stays, so activities keep their kind.
pub async fn change_group_kind(
    state: &AppState,
    ctx: &Ctx,
    organisation_id: i64,
    code: &str,
    input: &GroupKindInput,
) -> Result<TaxonomyTerm, AppError> {
    let known = group_kinds(state, ctx, organisation_id).await?;
    if !known.iter().any(|t| t.code == code) {
        return Err(AppError::NotFound);
    }
    let (_, label, label_en) = schakel_domain::group::parse_kind(&input.label, &input.label_en)
        .map_err(AppError::Validation)?;
    let taken = || {
        AppError::Validation(vec![FieldError::new(
            "label",
            &format!("Een andere soort heet al “{label}”."),
            &format!("Another kind is called “{label}” already."),
        )])
    };
    if known
        .iter()
        .any(|t| t.code != code && t.label.trim().to_lowercase() == label.to_lowercase())
    {
        return Err(taken());
    }
    let mut tx = state.store().begin().await?;
    match tx
        .change_taxonomy_term(
            organisation_id,
            Taxonomy::GroupActivityKinds.as_str(),
            code,
            &label,
            &label_en,
            input.active,
        )
        .await
    {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(AppError::NotFound),
        // Another admin gave a kind this name since the check above (the unique index decided).
        Err(StoreError::Duplicate(_)) => return Err(taken()),
        Err(e) => return Err(e.into()),
    }
    state
        .commit_logged(
            tx,
            ctx.event(
                AuditAction::Change,
                "group_activity_kind",
                Some(format!("{organisation_id}/{code}")),
                "ok",
            ),
        )
        .await?;
    terms(state, organisation_id, Taxonomy::GroupActivityKinds)
        .await?
        .into_iter()
        .find(|t| t.code == code)
        .ok_or(AppError::NotFound)
}

/// A kind's label for a reader among the organisation's kinds (a retired one too); a code the list does not
/// know shows as stored.
pub fn group_kind_label(kinds: &[TaxonomyTerm], code: &str, lang: Lang) -> String {
    kinds.iter().find(|t| t.code == code).map_or_else(
        || {
            schakel_domain::group::GroupActivityKind::parse(code)
                .map_or_else(|| code.to_string(), |k| k.label(lang).to_string())
        },
        |t| schakel_domain::group::kind_label(&t.code, &t.label, &t.label_en, lang).to_string(),
    )
}
