//! The access table: every route of the web UI and the JSON API, and who may use it.
//!
//! Deny by default: a route that is not in this table is refused for everyone, and a test walks
//! every registered route against it. Object-level rules (which school, which organisation) are
//! checked after this gate by the `Principal` scope methods.

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

use Role::*;

const ADMIN: &[Role] = &[FunctionalAdmin];
const MUNICIPALITY_READERS: &[Role] = &[FunctionalAdmin, Municipality];
const ORGANISATION_READERS: &[Role] = &[FunctionalAdmin, PrivacyOfficer, TeamLead];
const TEAM_READERS: &[Role] = &[FunctionalAdmin, TeamLead];
const STAFF_READERS: &[Role] = &[FunctionalAdmin, TeamLead, PrivacyOfficer];
const SCHOOL_READERS: &[Role] = &[FunctionalAdmin, TeamLead, SocialWorker, Municipality];
const ASSIGNMENT_READERS: &[Role] = &[FunctionalAdmin, TeamLead, SocialWorker];
const PRIVACY: &[Role] = &[PrivacyOfficer];
const REFERRERS: &[Role] = &[SchoolContact, SocialWorker, TeamLead];
const CASEWORKERS: &[Role] = &[SocialWorker, TeamLead];
const SCHOOL_CONTACTS: &[Role] = &[SchoolContact];
const MANDATE_HOLDERS: &[Role] = &[SocialWorker];
const APPROVERS: &[Role] = &[TeamLead];
const SOCIAL_MAP_READERS: &[Role] = &[SocialWorker, TeamLead, FunctionalAdmin, Municipality];
const SOCIAL_MAP_EDITORS: &[Role] = &[SocialWorker, TeamLead, FunctionalAdmin];
const FIGURE_READERS: &[Role] = &[TeamLead, Municipality, FunctionalAdmin];

const fn rule(
    method: &'static str,
    path: &'static str,
    access: Access,
    personal_data: bool,
    summary: &'static str,
) -> RouteRule {
    RouteRule {
        method,
        path,
        access,
        personal_data,
        summary,
    }
}

const PUBLIC: Access = Access::Public;
const SIGNED_IN: Access = Access::SignedIn;
const fn roles(r: &'static [Role]) -> Access {
    Access::Roles(r)
}

/// Every route of Schakel. Order: web pages, then the API.
pub static ACCESS_TABLE: &[RouteRule] = &[
    rule(
        "GET",
        "/healthz",
        PUBLIC,
        false,
        "Health check: 200 when the database answers",
    ),
    rule(
        "GET",
        "/static/{*file}",
        PUBLIC,
        false,
        "Vendored styles and scripts",
    ),
    rule(
        "GET",
        "/lang/{code}",
        PUBLIC,
        false,
        "Switch the interface language",
    ),
    rule("GET", "/login", PUBLIC, false, "Sign-in page"),
    rule(
        "POST",
        "/login",
        PUBLIC,
        true,
        "Sign in with username and password",
    ),
    rule(
        "GET",
        "/login/two-factor",
        PUBLIC,
        false,
        "Second sign-in step (TOTP or recovery code)",
    ),
    rule(
        "POST",
        "/login/two-factor",
        PUBLIC,
        true,
        "Check the second factor",
    ),
    rule(
        "GET",
        "/",
        SIGNED_IN,
        false,
        "Home page for the user's role",
    ),
    rule("POST", "/logout", SIGNED_IN, false, "Sign out"),
    rule(
        "GET",
        "/account",
        SIGNED_IN,
        true,
        "Own account: two-factor, sessions, API tokens",
    ),
    rule(
        "POST",
        "/account/password",
        SIGNED_IN,
        true,
        "Change own password",
    ),
    rule(
        "POST",
        "/account/sign-out-everywhere",
        SIGNED_IN,
        true,
        "End all own sessions",
    ),
    rule(
        "GET",
        "/account/two-factor",
        SIGNED_IN,
        true,
        "Enrol in two-factor sign-in (QR code)",
    ),
    rule(
        "POST",
        "/account/two-factor",
        SIGNED_IN,
        true,
        "Confirm two-factor enrolment; shows recovery codes",
    ),
    rule(
        "POST",
        "/account/tokens",
        SIGNED_IN,
        true,
        "Create a personal API token",
    ),
    rule(
        "POST",
        "/account/tokens/{id}/revoke",
        SIGNED_IN,
        true,
        "Revoke a personal API token",
    ),
    rule(
        "GET",
        "/municipalities",
        roles(MUNICIPALITY_READERS),
        false,
        "List municipalities",
    ),
    rule(
        "POST",
        "/municipalities",
        roles(ADMIN),
        false,
        "Add a municipality",
    ),
    rule(
        "GET",
        "/municipalities/{id}",
        roles(MUNICIPALITY_READERS),
        false,
        "Show a municipality",
    ),
    rule(
        "POST",
        "/municipalities/{id}",
        roles(ADMIN),
        false,
        "Change a municipality",
    ),
    rule(
        "GET",
        "/organisations",
        roles(ORGANISATION_READERS),
        false,
        "List provider organisations",
    ),
    rule(
        "POST",
        "/organisations",
        roles(ADMIN),
        false,
        "Add a provider organisation",
    ),
    rule(
        "GET",
        "/organisations/{id}",
        roles(ORGANISATION_READERS),
        false,
        "Show an organisation",
    ),
    rule(
        "POST",
        "/organisations/{id}",
        roles(ADMIN),
        false,
        "Change an organisation",
    ),
    rule(
        "GET",
        "/organisations/{id}/casework",
        roles(ADMIN),
        false,
        "Casework settings and lists (signals, goal themes) of the own organisation",
    ),
    rule(
        "POST",
        "/organisations/{id}/casework",
        roles(ADMIN),
        false,
        "Change casework settings and lists (with version)",
    ),
    rule("GET", "/teams", roles(TEAM_READERS), false, "List teams"),
    rule("POST", "/teams", roles(ADMIN), false, "Add a team"),
    rule(
        "GET",
        "/teams/{id}",
        roles(TEAM_READERS),
        true,
        "Show a team and its workers",
    ),
    rule("POST", "/teams/{id}", roles(ADMIN), false, "Change a team"),
    rule(
        "GET",
        "/workers",
        roles(STAFF_READERS),
        true,
        "List workers",
    ),
    rule("POST", "/workers", roles(ADMIN), true, "Add a worker"),
    rule(
        "GET",
        "/workers/{id}",
        roles(STAFF_READERS),
        true,
        "Show a worker",
    ),
    rule(
        "POST",
        "/workers/{id}",
        roles(ADMIN),
        true,
        "Change a worker",
    ),
    rule(
        "GET",
        "/schools",
        roles(SCHOOL_READERS),
        false,
        "List and search schools",
    ),
    rule(
        "POST",
        "/schools",
        roles(ADMIN),
        false,
        "Add a school location",
    ),
    rule(
        "GET",
        "/schools/import",
        roles(ADMIN),
        false,
        "CSV import form for schools",
    ),
    rule(
        "POST",
        "/schools/import",
        roles(ADMIN),
        false,
        "Import schools from CSV (all rows or none)",
    ),
    rule(
        "GET",
        "/schools/{id}",
        roles(SCHOOL_READERS),
        false,
        "Show a school location",
    ),
    rule(
        "POST",
        "/schools/{id}",
        roles(ADMIN),
        false,
        "Change a school location",
    ),
    rule(
        "POST",
        "/schools/{id}/pupils",
        roles(ADMIN),
        false,
        "Record pupils for a school year",
    ),
    rule(
        "GET",
        "/assignments",
        roles(ASSIGNMENT_READERS),
        true,
        "List worker assignments to schools",
    ),
    rule(
        "POST",
        "/assignments",
        roles(ADMIN),
        true,
        "Assign a worker to a school",
    ),
    rule(
        "POST",
        "/assignments/{id}/end",
        roles(ADMIN),
        true,
        "End an assignment",
    ),
    rule(
        "GET",
        "/audit",
        roles(PRIVACY),
        true,
        "Search the access log",
    ),
    rule(
        "GET",
        "/cases/{id}/kind-in-kaart",
        roles(CASEWORKERS),
        true,
        "Kind in Kaart: profile, suggestions with reasons and barrier plan, map",
    ),
    rule(
        "POST",
        "/cases/{id}/kind-in-kaart",
        roles(CASEWORKERS),
        true,
        "Save a Kind in Kaart profile",
    ),
    rule(
        "POST",
        "/cases/{id}/kind-in-kaart/plans",
        roles(CASEWORKERS),
        true,
        "Choose a suggested activity (plan with barrier actions)",
    ),
    rule(
        "POST",
        "/cases/{id}/kind-in-kaart/plans/{plan_id}/start",
        roles(CASEWORKERS),
        true,
        "The child started the activity",
    ),
    rule(
        "POST",
        "/cases/{id}/kind-in-kaart/plans/{plan_id}/check",
        roles(CASEWORKERS),
        true,
        "Participation check at 1 or 3 months",
    ),
    rule(
        "GET",
        "/social-map",
        roles(SOCIAL_MAP_READERS),
        false,
        "The social map: activities and funds",
    ),
    rule(
        "GET",
        "/social-map/import",
        roles(SOCIAL_MAP_EDITORS),
        false,
        "Social map import form",
    ),
    rule(
        "POST",
        "/social-map/import",
        roles(SOCIAL_MAP_EDITORS),
        false,
        "Import activities from CSV or GeoJSON (all rows or none)",
    ),
    rule(
        "GET",
        "/figures",
        roles(FIGURE_READERS),
        false,
        "Kind in Kaart figures (small numbers suppressed for municipalities)",
    ),
    rule(
        "GET",
        "/kind-in-kaart/class",
        roles(CASEWORKERS),
        false,
        "Kind in Kaart for a whole class: form",
    ),
    rule(
        "POST",
        "/kind-in-kaart/class",
        roles(CASEWORKERS),
        false,
        "Kind in Kaart for a whole class: suggestions per child, nothing stored",
    ),
    rule(
        "GET",
        "/social-map/export.csv",
        roles(SOCIAL_MAP_READERS),
        false,
        "The social map as CSV (the import format)",
    ),
    rule(
        "GET",
        "/social-map/activities/{id}",
        roles(SOCIAL_MAP_EDITORS),
        false,
        "An activity of the social map (edit form)",
    ),
    rule(
        "POST",
        "/social-map/activities/{id}",
        roles(SOCIAL_MAP_EDITORS),
        false,
        "Change an activity (with version)",
    ),
    rule(
        "GET",
        "/referrals",
        roles(REFERRERS),
        true,
        "Referrals in scope (a school sees its own, status only)",
    ),
    rule(
        "GET",
        "/referrals/new",
        roles(REFERRERS),
        false,
        "Referral form",
    ),
    rule(
        "POST",
        "/referrals",
        roles(REFERRERS),
        true,
        "Refer a pupil (or ask a consultation without a name)",
    ),
    rule(
        "GET",
        "/referrals/{id}",
        roles(REFERRERS),
        true,
        "A referral (a school sees the status only)",
    ),
    rule(
        "POST",
        "/referrals/{id}/triage",
        roles(CASEWORKERS),
        true,
        "Triage: accept and assign, advice only, forward, decline",
    ),
    rule(
        "POST",
        "/referrals/{id}/withdraw",
        roles(SCHOOL_CONTACTS),
        true,
        "The school withdraws its own referral before triage (with a reason)",
    ),
    rule(
        "GET",
        "/consultations",
        roles(CASEWORKERS),
        true,
        "Consultations (advice without a case file; named ones hold personal data)",
    ),
    rule(
        "POST",
        "/consultations",
        roles(CASEWORKERS),
        false,
        "Record a consultation",
    ),
    rule(
        "POST",
        "/consultations/{id}/answer",
        roles(CASEWORKERS),
        true,
        "Answer a school's consultation request and close it",
    ),
    rule(
        "GET",
        "/cases",
        roles(CASEWORKERS),
        true,
        "Own or team case files; search",
    ),
    rule(
        "GET",
        "/cases/{id}",
        roles(CASEWORKERS),
        true,
        "A case file",
    ),
    rule(
        "POST",
        "/cases/{id}",
        roles(CASEWORKERS),
        true,
        "Change summary, safety flag, review date (with version)",
    ),
    rule(
        "POST",
        "/cases/{id}/school-reports",
        roles(CASEWORKERS),
        true,
        "Report to the case's school (needs consent to share with the school, or a legal ground)",
    ),
    rule(
        "POST",
        "/cases/{id}/child",
        roles(CASEWORKERS),
        true,
        "Change the child's class, home language, interpreter needed (with version)",
    ),
    rule(
        "POST",
        "/cases/{id}/guardians",
        roles(CASEWORKERS),
        true,
        "Add a parent or carer",
    ),
    rule(
        "POST",
        "/cases/{id}/contacts",
        roles(CASEWORKERS),
        true,
        "Record a contact",
    ),
    rule(
        "POST",
        "/cases/{id}/time",
        roles(CASEWORKERS),
        true,
        "Record indirect time for a case",
    ),
    rule(
        "GET",
        "/time",
        roles(CASEWORKERS),
        false,
        "Direct, indirect and consultation time per school (own, or the organisation's for a team lead)",
    ),
    rule(
        "POST",
        "/cases/{id}/goals",
        roles(CASEWORKERS),
        true,
        "Add a goal with a GAS start score",
    ),
    rule(
        "POST",
        "/cases/{id}/goals/{goal_id}/score",
        roles(CASEWORKERS),
        true,
        "Score a goal (review or end)",
    ),
    rule(
        "POST",
        "/cases/{id}/tasks",
        roles(CASEWORKERS),
        true,
        "Add a task",
    ),
    rule(
        "POST",
        "/cases/{id}/tasks/{task_id}/done",
        roles(CASEWORKERS),
        true,
        "Complete a task",
    ),
    rule(
        "POST",
        "/cases/{id}/consents",
        roles(CASEWORKERS),
        true,
        "Record consent",
    ),
    rule(
        "POST",
        "/cases/{id}/consents/{consent_id}/withdraw",
        roles(CASEWORKERS),
        true,
        "Withdraw consent",
    ),
    rule(
        "POST",
        "/cases/{id}/onward",
        roles(CASEWORKERS),
        true,
        "Propose an onward referral",
    ),
    rule(
        "POST",
        "/cases/{id}/onward/{onward_id}/status",
        roles(CASEWORKERS),
        true,
        "Move an onward referral on",
    ),
    rule(
        "POST",
        "/cases/{id}/mandate",
        roles(MANDATE_HOLDERS),
        true,
        "SMW plus: record a decision authorising youth care",
    ),
    rule(
        "GET",
        "/cases/{id}/mandate/{decision_id}",
        roles(CASEWORKERS),
        true,
        "SMW plus: one decision (category, volume, provider, period, reasons, approval or refusal)",
    ),
    rule(
        "POST",
        "/cases/{id}/mandate/{decision_id}/approve",
        roles(APPROVERS),
        true,
        "Approve a mandate decision",
    ),
    rule(
        "POST",
        "/cases/{id}/mandate/{decision_id}/refuse",
        roles(APPROVERS),
        true,
        "Refuse a mandate decision, with the reason the worker reads",
    ),
    rule(
        "POST",
        "/cases/{id}/transfer",
        roles(CASEWORKERS),
        true,
        "Transfer the case to another worker",
    ),
    rule(
        "POST",
        "/cases/{id}/close",
        roles(CASEWORKERS),
        true,
        "Close the case",
    ),
    rule(
        "POST",
        "/cases/{id}/close/approve",
        roles(APPROVERS),
        true,
        "Approve a requested closure (when the organisation requires it)",
    ),
    rule(
        "POST",
        "/cases/{id}/reopen",
        roles(APPROVERS),
        true,
        "Reopen a closed case, with a reason (logged, on the timeline)",
    ),
    rule(
        "POST",
        "/cases/{id}/documents",
        roles(CASEWORKERS),
        true,
        "Add a document to the case file (type and size checked)",
    ),
    rule(
        "GET",
        "/cases/{id}/documents/{document_id}",
        roles(CASEWORKERS),
        true,
        "Download a document (logged)",
    ),
    // JSON API
    rule(
        "GET",
        "/api/v1/openapi.json",
        PUBLIC,
        false,
        "This OpenAPI document",
    ),
    rule(
        "POST",
        "/api/v1/auth/login",
        PUBLIC,
        true,
        "Sign in; returns a bearer token",
    ),
    rule(
        "POST",
        "/api/v1/auth/logout",
        SIGNED_IN,
        false,
        "End the bearer token's session",
    ),
    rule(
        "GET",
        "/api/v1/me",
        SIGNED_IN,
        true,
        "The signed-in user and scope",
    ),
    rule(
        "POST",
        "/api/v1/tokens",
        SIGNED_IN,
        true,
        "Create a personal API token",
    ),
    rule(
        "GET",
        "/api/v1/municipalities",
        roles(MUNICIPALITY_READERS),
        false,
        "List municipalities",
    ),
    rule(
        "POST",
        "/api/v1/municipalities",
        roles(ADMIN),
        false,
        "Add a municipality",
    ),
    rule(
        "GET",
        "/api/v1/municipalities/{id}",
        roles(MUNICIPALITY_READERS),
        false,
        "Get a municipality",
    ),
    rule(
        "PUT",
        "/api/v1/municipalities/{id}",
        roles(ADMIN),
        false,
        "Change a municipality (with version)",
    ),
    rule(
        "GET",
        "/api/v1/organisations",
        roles(ORGANISATION_READERS),
        false,
        "List organisations",
    ),
    rule(
        "POST",
        "/api/v1/organisations",
        roles(ADMIN),
        false,
        "Add an organisation",
    ),
    rule(
        "GET",
        "/api/v1/organisations/{id}",
        roles(ORGANISATION_READERS),
        false,
        "Get an organisation",
    ),
    rule(
        "PUT",
        "/api/v1/organisations/{id}",
        roles(ADMIN),
        false,
        "Change an organisation (with version)",
    ),
    rule(
        "GET",
        "/api/v1/organisations/{id}/casework",
        roles(ADMIN),
        false,
        "Casework settings and lists (signals, goal themes) of the own organisation",
    ),
    rule(
        "PUT",
        "/api/v1/organisations/{id}/casework",
        roles(ADMIN),
        false,
        "Change casework settings and lists (with version; lists as labels in order)",
    ),
    rule(
        "GET",
        "/api/v1/teams",
        roles(TEAM_READERS),
        false,
        "List teams",
    ),
    rule("POST", "/api/v1/teams", roles(ADMIN), false, "Add a team"),
    rule(
        "GET",
        "/api/v1/teams/{id}",
        roles(TEAM_READERS),
        false,
        "Get a team",
    ),
    rule(
        "PUT",
        "/api/v1/teams/{id}",
        roles(ADMIN),
        false,
        "Change a team (with version)",
    ),
    rule(
        "GET",
        "/api/v1/workers",
        roles(STAFF_READERS),
        true,
        "List workers",
    ),
    rule(
        "POST",
        "/api/v1/workers",
        roles(ADMIN),
        true,
        "Add a worker",
    ),
    rule(
        "GET",
        "/api/v1/workers/{id}",
        roles(STAFF_READERS),
        true,
        "Get a worker",
    ),
    rule(
        "PUT",
        "/api/v1/workers/{id}",
        roles(ADMIN),
        true,
        "Change a worker (with version)",
    ),
    rule(
        "GET",
        "/api/v1/schools",
        roles(SCHOOL_READERS),
        false,
        "List schools",
    ),
    rule(
        "POST",
        "/api/v1/schools",
        roles(ADMIN),
        false,
        "Add a school location",
    ),
    rule(
        "POST",
        "/api/v1/schools/import",
        roles(ADMIN),
        false,
        "Import schools from CSV (all rows or none)",
    ),
    rule(
        "GET",
        "/api/v1/schools/{id}",
        roles(SCHOOL_READERS),
        false,
        "Get a school location",
    ),
    rule(
        "PUT",
        "/api/v1/schools/{id}",
        roles(ADMIN),
        false,
        "Change a school location (with version)",
    ),
    rule(
        "GET",
        "/api/v1/assignments",
        roles(ASSIGNMENT_READERS),
        true,
        "List assignments",
    ),
    rule(
        "POST",
        "/api/v1/assignments",
        roles(ADMIN),
        true,
        "Assign a worker to a school",
    ),
    rule(
        "GET",
        "/api/v1/audit",
        roles(PRIVACY),
        true,
        "Search the access log",
    ),
    rule(
        "GET",
        "/api/v1/social-map",
        roles(SOCIAL_MAP_READERS),
        false,
        "Activities and funds of the social map",
    ),
    rule(
        "POST",
        "/api/v1/social-map/import",
        roles(SOCIAL_MAP_EDITORS),
        false,
        "Import activities from CSV or GeoJSON (all rows or none)",
    ),
    rule(
        "GET",
        "/api/v1/referrals",
        roles(REFERRERS),
        true,
        "Referrals in scope (schools: status only)",
    ),
    rule(
        "POST",
        "/api/v1/referrals",
        roles(REFERRERS),
        true,
        "Refer a pupil",
    ),
    rule(
        "GET",
        "/api/v1/referrals/{id}",
        roles(REFERRERS),
        true,
        "A referral (schools: status only)",
    ),
    rule(
        "POST",
        "/api/v1/referrals/{id}/triage",
        roles(CASEWORKERS),
        true,
        "Triage a referral: accept and assign, advice only, forward, decline (with version; 409 when stale)",
    ),
    rule(
        "POST",
        "/api/v1/referrals/{id}/withdraw",
        roles(SCHOOL_CONTACTS),
        true,
        "The school withdraws its own referral while not yet triaged (reason; 422 after triage; 409 when stale)",
    ),
    rule(
        "GET",
        "/api/v1/cases",
        roles(CASEWORKERS),
        true,
        "Own or team case files",
    ),
    rule(
        "GET",
        "/api/v1/cases/{id}",
        roles(CASEWORKERS),
        true,
        "A whole case file",
    ),
    rule(
        "PUT",
        "/api/v1/cases/{id}",
        roles(CASEWORKERS),
        true,
        "Change summary, safety flag, review date (with version; 409 when stale)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/contacts",
        roles(CASEWORKERS),
        true,
        "Record a contact",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/time",
        roles(CASEWORKERS),
        true,
        "Record indirect time for a case",
    ),
    rule(
        "GET",
        "/api/v1/consultations",
        roles(REFERRERS),
        true,
        "Consultations of the organisation (advice without a case file; named ones hold personal data); `open`: \
         the schools' requests waiting for an answer; a school contact gets the requests its school sent",
    ),
    rule(
        "POST",
        "/api/v1/consultations/{id}/answer",
        roles(CASEWORKERS),
        true,
        "Answer a school's consultation request and close it (advice, minutes; the school sees the answer)",
    ),
    rule(
        "POST",
        "/api/v1/consultations",
        roles(CASEWORKERS),
        false,
        "Record a consultation (anonymous or named, theme, minutes)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/school-reports",
        roles(CASEWORKERS),
        true,
        "Report to the case's school (needs consent to share with the school, or a legal ground)",
    ),
    rule(
        "PUT",
        "/api/v1/cases/{id}/child",
        roles(CASEWORKERS),
        true,
        "Change the child's class, home language, interpreter needed (with the child's version; 409 when stale)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/guardians",
        roles(CASEWORKERS),
        true,
        "Add a parent or carer (with or without gezag)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/goals",
        roles(CASEWORKERS),
        true,
        "Add a goal with a GAS start score (-2..+2) and a theme",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/goals/{goal_id}/scores",
        roles(CASEWORKERS),
        true,
        "Score a goal: `moment` review or end, `score` -2..+2",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/tasks",
        roles(CASEWORKERS),
        true,
        "Add a task with a due date",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/tasks/{task_id}/done",
        roles(CASEWORKERS),
        true,
        "Complete a task",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/consents",
        roles(CASEWORKERS),
        true,
        "Record consent: party, purpose (help or share with a recipient), information, until when",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/consents/{consent_id}/withdraw",
        roles(CASEWORKERS),
        true,
        "Withdraw consent",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/onward",
        roles(CASEWORKERS),
        true,
        "Propose an onward referral to a target of the directory",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/onward/{onward_id}/status",
        roles(CASEWORKERS),
        true,
        "Move an onward referral on (sending needs consent or a legal ground)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/mandate-decisions",
        roles(MANDATE_HOLDERS),
        true,
        "SMW plus: record a decision authorising youth care (iJw product category, volume with unit, a provider of the case's referral directory with consent to share with it, a period within the organisation's maximum; 422 naming each field that breaks a rule)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/mandate-decisions/{decision_id}/approve",
        roles(APPROVERS),
        true,
        "Approve a mandate decision",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/mandate-decisions/{decision_id}/refuse",
        roles(APPROVERS),
        true,
        "Refuse a mandate decision that waits for approval, with a reason (422 without one)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/transfer",
        roles(CASEWORKERS),
        true,
        "Transfer the case to another worker (another organisation: needs consent to share with it) with a handover note (with version; 409 when stale)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/close",
        roles(CASEWORKERS),
        true,
        "Close the case, or ask the team lead to approve (with version; 409 when stale)",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/close/approve",
        roles(APPROVERS),
        true,
        "Approve a requested closure",
    ),
    rule(
        "POST",
        "/api/v1/cases/{id}/reopen",
        roles(APPROVERS),
        true,
        "Reopen a closed case with a reason (422 without one, or while the child has another open case)",
    ),
    rule(
        "GET",
        "/api/v1/time-per-school",
        roles(CASEWORKERS),
        false,
        "Direct, indirect and consultation time per school (`from`, `until`: dates; default the school year)",
    ),
    rule(
        "GET",
        "/api/v1/mandate-decisions/{id}",
        roles(CASEWORKERS),
        true,
        "A mandate decision as a structured record (for the iJw allocation)",
    ),
];

/// The rule for a method and a matched route path; `None` means the route is unknown and refused.
pub fn rule_for(method: &str, path: &str) -> Option<&'static RouteRule> {
    // HEAD is GET without the body: the same rule, so a load balancer can probe `/healthz`.
    let method = if method == "HEAD" { "GET" } else { method };
    ACCESS_TABLE
        .iter()
        .find(|r| r.method == method && r.path == path)
}

/// The methods the access table knows for a route (for `405 Method Not Allowed` and its `Allow`).
pub fn methods_for(path: &str) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = ACCESS_TABLE
        .iter()
        .filter(|r| r.path == path)
        .map(|r| r.method)
        .collect();
    if methods.contains(&"GET") {
        methods.push("HEAD");
    }
    methods
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_route_appears_once() {
        let mut seen = HashSet::new();
        for r in ACCESS_TABLE {
            assert!(
                seen.insert((r.method, r.path)),
                "duplicate {} {}",
                r.method,
                r.path
            );
        }
    }

    #[test]
    fn unknown_routes_are_refused() {
        assert!(rule_for("GET", "/nope").is_none());
        assert!(rule_for("DELETE", "/schools/{id}").is_none());
    }

    #[test]
    fn head_follows_the_get_rule() {
        assert_eq!(
            rule_for("HEAD", "/healthz").map(|r| r.path),
            Some("/healthz")
        );
        assert!(rule_for("HEAD", "/nope").is_none());
        assert_eq!(methods_for("/healthz"), vec!["GET", "HEAD"]);
        assert!(methods_for("/nope").is_empty());
    }

    #[test]
    fn nobody_anonymous_reaches_personal_data_except_sign_in() {
        for r in ACCESS_TABLE.iter().filter(|r| r.personal_data) {
            if r.permits(None) {
                assert!(
                    r.path.contains("login"),
                    "{} {} is public and personal",
                    r.method,
                    r.path
                );
            }
        }
    }

    #[test]
    fn school_contacts_and_municipalities_never_see_staff_or_audit() {
        for r in ACCESS_TABLE {
            if r.path.contains("/workers") || r.path.contains("/audit") {
                assert!(!r.permits(Some(Role::SchoolContact)), "{}", r.path);
                assert!(!r.permits(Some(Role::Municipality)), "{}", r.path);
            }
        }
    }

    #[test]
    fn only_functional_admins_change_configuration() {
        for r in ACCESS_TABLE.iter().filter(|r| r.method != "GET") {
            let config = [
                "/municipalities",
                "/organisations",
                "/teams",
                "/workers",
                "/schools",
                "/assignments",
            ]
            .iter()
            .any(|p| r.path.contains(p));
            if config {
                for role in Role::ALL {
                    assert_eq!(
                        r.permits(Some(role)),
                        role == Role::FunctionalAdmin,
                        "{} {}",
                        r.method,
                        r.path
                    );
                }
            }
        }
    }
}
