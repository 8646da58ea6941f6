//! Who may use a route: the rule's shape and the audiences (sets of roles) the routes are declared with.
//!
//! The routes themselves are declared once, each with its rule and handler, in `schakel_web::routes`; deny by
//! default holds there by construction (a route without a declaration does not exist). Object-level rules (which
//! school, which organisation, which case) are checked after this gate by the use cases.

use crate::role::Role;

/// Who may use a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// No sign-in needed (sign-in page, health check, static files, the OpenAPI document).
    Public,
    /// Any signed-in user, whatever the role (own account, home page, sign-out).
    SignedIn,
    /// Only these roles.
    Roles(&'static [Role]),
}

/// One entry of the access table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RouteRule {
    pub method: &'static str,
    /// Path in the router's syntax, e.g. `/schools/{id}`.
    pub path: &'static str,
    pub access: Access,
    /// Whether the route shows or changes personal data (each use is written to the access log).
    pub personal_data: bool,
    /// One line for people and for the OpenAPI document.
    pub summary: &'static str,
}

impl RouteRule {
    pub fn is_api(&self) -> bool {
        self.path.starts_with("/api/")
    }

    pub fn permits(&self, role: Option<Role>) -> bool {
        match (self.access, role) {
            (Access::Public, _) => true,
            (Access::SignedIn, Some(_)) => true,
            (Access::Roles(roles), Some(role)) => roles.contains(&role),
            (_, None) => false,
        }
    }
}

/// The audiences routes are declared with.
pub mod audience {
    use super::Access;
    use crate::role::Role::{self, *};

    pub const PUBLIC: Access = Access::Public;
    pub const SIGNED_IN: Access = Access::SignedIn;

    /// Only these roles.
    pub const fn roles(r: &'static [Role]) -> Access {
        Access::Roles(r)
    }

    pub const ADMIN: &[Role] = &[FunctionalAdmin];
    pub const MUNICIPALITY_READERS: &[Role] = &[FunctionalAdmin, Municipality];
    pub const ORGANISATION_READERS: &[Role] = &[FunctionalAdmin, PrivacyOfficer, TeamLead];
    pub const TEAM_READERS: &[Role] = &[FunctionalAdmin, TeamLead];
    pub const STAFF_READERS: &[Role] = &[FunctionalAdmin, TeamLead, PrivacyOfficer];
    pub const SCHOOL_READERS: &[Role] = &[FunctionalAdmin, TeamLead, SocialWorker, Municipality];
    pub const ASSIGNMENT_READERS: &[Role] = &[FunctionalAdmin, TeamLead, SocialWorker];
    pub const PRIVACY: &[Role] = &[PrivacyOfficer];
    pub const REFERRERS: &[Role] = &[SchoolContact, SocialWorker, TeamLead];
    pub const CASEWORKERS: &[Role] = &[SocialWorker, TeamLead];
    pub const SCHOOL_CONTACTS: &[Role] = &[SchoolContact];
    pub const MANDATE_HOLDERS: &[Role] = &[SocialWorker];
    pub const APPROVERS: &[Role] = &[TeamLead];
    pub const SOCIAL_MAP_READERS: &[Role] =
        &[SocialWorker, TeamLead, FunctionalAdmin, Municipality];
    pub const SOCIAL_MAP_EDITORS: &[Role] = &[SocialWorker, TeamLead, FunctionalAdmin];
    pub const FIGURE_READERS: &[Role] = &[TeamLead, Municipality, FunctionalAdmin];
    /// Group activities: the organisation's staff, and a school contact for the activities at their school
    /// (without evaluations and hours; the use case decides per activity).
    pub const GROUP_READERS: &[Role] = &[SocialWorker, TeamLead, FunctionalAdmin, SchoolContact];
    /// Who plans group activities, records sessions and runs polls.
    pub const GROUP_ORGANISERS: &[Role] = &[SocialWorker, TeamLead];
    /// The organisation's list of group-activity kinds: its functional admin, who keeps it, and its planners, who
    /// need the codes to plan through the API.
    pub const GROUP_KIND_READERS: &[Role] = &[FunctionalAdmin, SocialWorker, TeamLead];
    /// Care meetings and group reviews: the organisation's workers and team leads, and a school contact for the
    /// meetings at their school (named pupils only with consent to share with the school; the use case decides).
    pub const CARE_MEETING_READERS: &[Role] = &[SocialWorker, TeamLead, SchoolContact];
    /// Who plans care meetings and records pupils, actions and minutes.
    pub const CARE_MEETING_STAFF: &[Role] = &[SocialWorker, TeamLead];
    /// "Wie is er wanneer" of a school: its school contact, the staff of the organisation working there.
    pub const PRESENCE_READERS: &[Role] = &[SocialWorker, TeamLead, FunctionalAdmin, SchoolContact];
    /// Weekly patterns: the worker (their own), the team lead and functional admin (the organisation's).
    pub const PRESENCE_EDITORS: &[Role] = &[SocialWorker, TeamLead, FunctionalAdmin];
    /// The cover roster.
    pub const ROSTER_EDITORS: &[Role] = &[TeamLead, FunctionalAdmin];
    /// Appointments and walk-in slots: the school's worker (and covering worker), the team lead, the school contact.
    pub const APPOINTMENT_USERS: &[Role] = &[SocialWorker, TeamLead, SchoolContact];
}
