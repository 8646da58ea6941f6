//! Rows as they come out of the database. Booleans are stored as 0/1 integers on both backends.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Municipality {
    pub id: i64,
    pub cbs_code: String,
    pub name: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub municipality_id: Option<i64>,
    #[sqlx(try_from = "i64")]
    pub smw_plus: Flag,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Team {
    pub id: i64,
    pub organisation_id: i64,
    pub name: String,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct School {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub school_type: String,
    pub municipality_id: i64,
    pub street_address: String,
    pub postcode: Option<String>,
    pub city: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub holiday_region: Option<String>,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct SchoolPupils {
    pub school_year: String,
    pub pupils: i64,
}

#[derive(
    Debug, Clone, PartialEq, Serialize, serde::Deserialize, sqlx::FromRow, schemars::JsonSchema,
)]
pub struct Worker {
    pub id: i64,
    pub organisation_id: i64,
    pub team_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub registration_number: Option<String>,
    #[sqlx(try_from = "i64")]
    pub may_authorise_youth_care: Flag,
    #[sqlx(try_from = "i64")]
    pub active: Flag,
    /// Hours a week in the worker's contract; `None` when not recorded.
    pub contract_hours: Option<f64>,
    pub version: i64,
}

/// An assignment with the names a list shows.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Assignment {
    pub id: i64,
    pub worker_id: i64,
    pub school_id: i64,
    pub hours_per_week: Option<f64>,
    pub starts_on: String,
    pub ends_on: Option<String>,
    pub version: i64,
    pub worker_name: String,
    pub organisation_id: i64,
    pub school_code: String,
    pub school_name: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip_serializing)]
    pub password_hash: String,
    pub role: String,
    pub organisation_id: Option<i64>,
    pub team_id: Option<i64>,
    pub school_id: Option<i64>,
    pub municipality_id: Option<i64>,
    #[serde(skip_serializing)]
    pub totp_secret: Option<String>,
    #[sqlx(try_from = "i64")]
    pub totp_enabled: Flag,
    #[serde(skip_serializing)]
    pub totp_last_step: Option<i64>,
    #[sqlx(try_from = "i64")]
    pub disabled: Flag,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Session {
    pub id: i64,
    #[serde(skip)]
    pub token_hash: String,
    pub user_id: i64,
    pub kind: String,
    #[serde(skip)]
    pub csrf_token: String,
    #[sqlx(try_from = "i64")]
    pub second_factor_done: Flag,
    pub client_addr: String,
    pub user_agent: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct ApiToken {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub scope: String,
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
}

/// A boolean stored as 0/1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default, schemars::JsonSchema)]
#[serde(transparent)]
pub struct Flag(pub bool);

impl From<i64> for Flag {
    fn from(v: i64) -> Self {
        Flag(v != 0)
    }
}

/// From JSON (a part of a case file read as one JSON array): 0/1 as stored, or a boolean.
impl<'de> serde::Deserialize<'de> for Flag {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct FlagVisitor;
        impl serde::de::Visitor<'_> for FlagVisitor {
            type Value = Flag;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("0, 1 or a boolean")
            }
            fn visit_bool<E>(self, v: bool) -> std::result::Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_i64<E>(self, v: i64) -> std::result::Result<Flag, E> {
                Ok(Flag(v != 0))
            }
            fn visit_u64<E>(self, v: u64) -> std::result::Result<Flag, E> {
                Ok(Flag(v != 0))
            }
        }
        d.deserialize_any(FlagVisitor)
    }
}

impl std::ops::Deref for Flag {
    type Target = bool;
    fn deref(&self) -> &bool {
        &self.0
    }
}
