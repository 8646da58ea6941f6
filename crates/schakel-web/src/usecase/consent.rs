//! Consent on a case file: who must give it (by age and gezag), recording and withdrawing it, and whether
//! sharing with a recipient is allowed today (consent in force or a legal ground that covers the recipient).

use super::case::{finish, for_change};
use super::input::{invalid, text};
use crate::AppState;
use crate::auth::Ctx;
use crate::error::AppError;
use chrono::NaiveDate;
use schakel_domain::consent::{self, ConsentRecord, Guardian, LegalGround, Purpose, RecipientKind};
use schakel_domain::input::{Fields, date as field_date};
use schakel_domain::org::FieldError;
use schakel_domain::timeline::TimelineEvent;
use schakel_store::{CaseFile, StoreError};
use serde::{Deserialize, Serialize};

/// Guardians and consent records of a case in the domain's terms.
pub fn consent_view(file: &CaseFile) -> (Vec<Guardian>, Vec<ConsentRecord>) {
    file.consent_view()
}

/// Is consent for `purpose` valid today? `Err` says who is missing, in Dutch.
pub fn consent_status(file: &CaseFile, purpose: &Purpose, today: NaiveDate) -> Result<(), String> {
    let Ok(birth) = NaiveDate::parse_from_str(&file.child.date_of_birth, "%Y-%m-%d") else {
        return Err("geboortedatum onbekend".into());
    };
    let (guardians, records) = consent_view(file);
    consent::check(birth, today, purpose, &guardians, &records)
        .map_err(|gap| gap.message_nl(&guardians))
}

/// May information from the file go to `recipient` today (RULES.md): consent in force for the child's age, or
/// else the recorded legal `ground`. `Ok` is the basis (`consent` or the ground); `Err` says in Dutch who
/// still has to consent.
pub fn sharing_basis(
    file: &CaseFile,
    recipient: &str,
    recipient_kind: RecipientKind,
    today: NaiveDate,
    ground: Option<LegalGround>,
) -> Result<&'static str, String> {
    let birth = NaiveDate::parse_from_str(&file.child.date_of_birth, "%Y-%m-%d")
        .map_err(|_| "geboortedatum onbekend".to_string())?;
    let (guardians, records) = consent_view(file);
    let purpose = Purpose::Share {
        recipient: recipient.to_string(),
    };
    consent::may_share(
        consent::check(birth, today, &purpose, &guardians, &records),
        ground,
        recipient_kind,
    )
    .map_err(|gap| gap.message_nl(&guardians))
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, schemars::JsonSchema)]
pub struct ConsentInput {
    /// `child` or `guardian:<id>`.
    #[serde(default)]
    #[schemars(extend("examples" = ["child"]))]
    pub party: String,
    /// `help` or `share`.
    #[serde(default)]
    #[schemars(extend("examples" = ["help", "share"]))]
    pub purpose: String,
    /// The recipient of consent to share, chosen: `school` (the child's school), `target:<id>` (an entry of the
    /// referral directory) or `organisation:<id>`. Empty: the typed `recipient` is used.
    #[serde(default)]
    #[schemars(extend("examples" = ["school", "target:1", "organisation:1"]))]
    pub recipient_id: String,
    /// A recipient typed by hand ("other"); matched to a known recipient by name (case, accents, spacing and dashes
    /// do not count). A name that matches none is refused unless `recipient_confirmed` says it is meant.
    #[serde(default)]
    pub recipient: String,
    #[serde(default)]
    pub recipient_confirmed: bool,
    #[serde(default)]
    pub information: String,
    #[serde(default)]
    /// YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub given_on: String,
    #[serde(default)]
    pub valid_until: String,
    /// 12–15: a considered wish of the child, recorded (WGBO).
    #[serde(default)]
    pub child_wish: String,
}

/// The recipient of consent to share, as sharing names it: a chosen one by its stored name, or a typed one matched
/// to a known recipient (the school, the referral directory, an organisation). Consent for a name that matches
/// nothing counts for no share, so such a name needs `recipient_confirmed`.
async fn share_recipient(
    state: &AppState,
    case: &schakel_store::Case,
    input: &ConsentInput,
) -> Result<String, AppError> {
    let unknown_choice = || {
        invalid(
            "recipient_id",
            "Kies een ontvanger uit de lijst.",
            "Choose a recipient from the list.",
        )
    };
    let chosen = input.recipient_id.trim();
    if chosen == "school" {
        return Ok("school".into());
    }
    if let Some(id) = chosen.strip_prefix("target:") {
        let id: i64 = id.parse().map_err(|_| unknown_choice())?;
        return match state.store().referral_target(id).await {
            Ok(t) => Ok(t.name),
            Err(StoreError::NotFound) => Err(unknown_choice()),
            Err(e) => Err(e.into()),
        };
    }
    if let Some(id) = chosen.strip_prefix("organisation:") {
        let id: i64 = id.parse().map_err(|_| unknown_choice())?;
        return match state.store().organisation(id).await {
            Ok(o) => Ok(o.name),
            Err(StoreError::NotFound) => Err(unknown_choice()),
            Err(e) => Err(e.into()),
        };
    }
    if !chosen.is_empty() && chosen != "other" {
        return Err(unknown_choice());
    }
    let typed = text("recipient", &input.recipient, 200, true)?;
    let key = consent::recipient_key(&typed);
    let lists = state
        .store()
        .case_form_lists(case.organisation_id, None, case.school_id)
        .await?;
    let organisations = state.store().list_organisations().await?;
    let known = std::iter::once("school".to_string())
        .chain(lists.targets.into_iter().map(|t| t.name))
        .chain(organisations.into_iter().map(|o| o.name))
        .find(|name| consent::recipient_key(name) == key);
    match known {
        Some(name) => Ok(name),
        None if input.recipient_confirmed => Ok(typed),
        None => Err(invalid(
            "recipient",
            "Deze ontvanger staat niet in de verwijsgids en is geen organisatie in Schakel. Kies er een uit de lijst, of bevestig dat de naam klopt: toestemming telt alleen voor precies deze ontvanger.",
            "This recipient is not in the referral directory nor an organisation in Schakel. Choose one from the list, or confirm the name: consent counts only for exactly this recipient.",
        )),
    }
}

pub async fn add_consent(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    input: &ConsentInput,
) -> Result<(), AppError> {
    let case = for_change(state, ctx, id).await?;
    let guardians = state.store().guardians_of(case.child_id).await?;
    let mut f = Fields::new();
    let who_consents = || {
        FieldError::new(
            "party",
            "Kies wie toestemming geeft.",
            "Choose who consents.",
        )
    };
    let party = if input.party == "child" {
        Ok(("child", None, None))
    } else {
        match input
            .party
            .strip_prefix("guardian:")
            .and_then(|g| g.parse::<i64>().ok())
            .and_then(|gid| guardians.iter().find(|g| g.id == gid))
        {
            None => Err(who_consents()),
            Some(g) if !*g.has_gezag => Err(FieldError::new(
                "party",
                "Een ouder zonder gezag geeft geen toestemming; leg hem of haar wel vast als betrokkene.",
                "A parent without parental authority does not consent.",
            )),
            Some(g) => Ok(("guardian", Some(g.id), Some(g.name.clone()))),
        }
    };
    let party = f.take(party);
    let purpose = match input.purpose.as_str() {
        "help" => Some(("help", String::new())),
        "share" => match share_recipient(state, &case, input).await {
            Ok(r) => Some(("share", r)),
            Err(AppError::Validation(errors)) => {
                for e in errors {
                    f.push(e);
                }
                None
            }
            Err(e) => return Err(e),
        },
        _ => {
            f.push(FieldError::new(
                "purpose",
                "Kies waarvoor de toestemming is.",
                "Choose what the consent is for.",
            ));
            None
        }
    };
    let given_on = f.take(field_date("given_on", &input.given_on));
    let valid_until = if input.valid_until.trim().is_empty() {
        Some(None)
    } else {
        f.take(field_date("valid_until", &input.valid_until))
            .map(Some)
    };
    if let (Some(given), Some(Some(until))) = (given_on, valid_until)
        && until < given
    {
        f.push(FieldError::new(
            "valid_until",
            "De einddatum ligt voor de datum van toestemming.",
            "The end date is before the consent date.",
        ));
    }
    let (((party, guardian_id, who), (purpose, recipient)), (given_on, valid_until)) = f
        .finish((|| Some(((party?, purpose?), (given_on?, valid_until?))))())
        .map_err(AppError::Validation)?;
    let p = ctx.principal()?;
    let mut tx = state.store().begin().await?;
    tx.insert_consent(
        id,
        party,
        guardian_id,
        purpose,
        &recipient,
        input.information.trim(),
        &given_on.to_string(),
        valid_until.map(|d| d.to_string()).as_deref(),
        input.child_wish.trim(),
        Some(p.user_id),
        state.now(),
    )
    .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::ConsentRecorded {
            guardian: who,
            recipient: (purpose != "help").then(|| recipient.clone()),
        },
        "",
    )
    .await
}

pub async fn withdraw_consent(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    consent_id: i64,
) -> Result<(), AppError> {
    for_change(state, ctx, id).await?;
    let mut tx = state.store().begin().await?;
    tx.withdraw_consent(id, consent_id, &state.now().date_naive().to_string())
        .await?;
    finish(
        state,
        ctx,
        tx,
        id,
        TimelineEvent::ConsentWithdrawn { consent_id },
        "",
    )
    .await
}
