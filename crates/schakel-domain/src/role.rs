//! Roles of the brief and the scope each account works in.

use serde::{Deserialize, Serialize};

/// A user's role. Each role sees only what the access table and its scope allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// School social worker (smw'er, jeugd- en gezinswerker, wijkteammedewerker).
    SocialWorker,
    TeamLead,
    /// Intern begeleider, zorgcoördinator or mentor at one school.
    SchoolContact,
    /// Municipal policy officer: aggregates only.
    Municipality,
    FunctionalAdmin,
    /// Functionaris gegevensbescherming (FG).
    PrivacyOfficer,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::SocialWorker,
        Role::TeamLead,
        Role::SchoolContact,
        Role::Municipality,
        Role::FunctionalAdmin,
        Role::PrivacyOfficer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::SocialWorker => "social_worker",
            Role::TeamLead => "team_lead",
            Role::SchoolContact => "school_contact",
            Role::Municipality => "municipality",
            Role::FunctionalAdmin => "functional_admin",
            Role::PrivacyOfficer => "privacy_officer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Roles that can open case files must use two-factor sign-in (unless the installation is a demo).
    pub fn requires_two_factor(self) -> bool {
        matches!(
            self,
            Role::SocialWorker | Role::TeamLead | Role::PrivacyOfficer
        )
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The signed-in user with the scope their role applies to.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Principal {
    pub user_id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub organisation_id: Option<i64>,
    pub team_id: Option<i64>,
    pub school_id: Option<i64>,
    pub municipality_id: Option<i64>,
}

impl Principal {
    /// May this user change the organisation-specific configuration (teams, workers, assignments) of `organisation_id`?
    pub fn administers_organisation(&self, organisation_id: i64) -> bool {
        self.role == Role::FunctionalAdmin && self.organisation_id == Some(organisation_id)
    }

    /// May this user see the workers (personal data of staff) of `organisation_id`?
    pub fn sees_staff_of(&self, organisation_id: i64) -> bool {
        matches!(
            self.role,
            Role::FunctionalAdmin | Role::TeamLead | Role::PrivacyOfficer | Role::SocialWorker
        ) && self.organisation_id == Some(organisation_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("admin"), None);
    }

    #[test]
    fn only_case_roles_need_two_factor() {
        assert!(Role::SocialWorker.requires_two_factor());
        assert!(Role::TeamLead.requires_two_factor());
        assert!(!Role::SchoolContact.requires_two_factor());
        assert!(!Role::Municipality.requires_two_factor());
    }
}
