//! Every route, declared once: method, path, who may use it, whether it shows or changes personal data (then each
//! use is written to the access log), one line for people and the OpenAPI document, and the handler. The
//! authorisation layer (`auth::authorise`) reads the rules from here: a route without a declaration does not exist,
//! so deny by default holds by construction. An API route's request and response schemas come from its handler's
//! types (`contract`, ADR 010).

use crate::contract::Documented;
use crate::pages::*;
use crate::{AppState, api, auth, healthz, openapi, static_file};
use axum::Router;
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter, on};
use schakel_domain::access::RouteRule;
use schakel_domain::access::audience::*;
use std::sync::LazyLock;

/// Declares routes as a table, one line each:
/// `page|api METHOD "path" => handler, who, personal|plain, "summary";`
macro_rules! declare {
    ($routes:expr; $($kind:ident $method:ident $path:literal => $handler:path, $access:expr, $data:ident, $summary:literal;)*) => {{
        let routes = $routes;
        $(let routes = routes.$kind(
            RouteRule {
                method: stringify!($method),
                path: $path,
                access: $access,
                personal_data: declare!(@data $data),
                summary: $summary,
            },
            MethodFilter::$method,
            $handler,
        );)*
        routes
    }};
    (@data personal) => { true };
    (@data plain) => { false };
}

/// The router being built, with the rule of every route it serves.
pub(crate) struct Routes {
    pub(crate) router: Router<AppState>,
    pub(crate) rules: Vec<RouteRule>,
    /// The API routes whose handlers describe themselves in the OpenAPI document (by their types).
    pub(crate) documented: Vec<openapi::DocumentedRoute>,
}

impl Routes {
    /// A page (HTML) route.
    fn page<H, T>(mut self, rule: RouteRule, method: MethodFilter, handler: H) -> Self
    where
        H: Handler<T, AppState>,
        T: 'static,
    {
        self.router = self.router.route(rule.path, on(method, handler));
        self.rules.push(rule);
        self
    }

    /// An API route, documented by its handler's types.
    fn api<H, T, A>(mut self, rule: RouteRule, method: MethodFilter, handler: H) -> Self
    where
        H: Handler<T, AppState> + Documented<A>,
        T: 'static,
    {
        self.documented.push(openapi::DocumentedRoute {
            method: rule.method,
            path: rule.path,
            describe: <H as Documented<A>>::describe,
        });
        let route: MethodRouter<AppState> = on(method, handler);
        self.router = self.router.route(rule.path, route);
        self.rules.push(rule);
        self
    }
}

/// The whole route table.
pub(crate) fn routes() -> Routes {
    let routes = Routes {
        router: Router::new(),
        rules: Vec::new(),
        documented: Vec::new(),
    };
    let routes = account(routes);
    let routes = organisation(routes);
    let routes = kind_in_kaart(routes);
    let routes = referrals(routes);
    let routes = cases(routes);
    let routes = monitoring(routes);
    let routes = api_monitoring(routes);
    let routes = group_work(routes);
    let routes = api_group_work(routes);
    let routes = care_meetings(routes);
    let routes = api_care_meetings(routes);
    let routes = presence(routes);
    let routes = api_presence(routes);
    let routes = appointments(routes);
    let routes = api_appointments(routes);
    let routes = api_account(routes);
    let routes = api_organisation(routes);
    let routes = api_casework(routes);
    let routes = api_kind_in_kaart(routes);
    api_referrals(routes)
}

/// Public routes, signing in and the own account, the home page and the access log.
#[rustfmt::skip]
fn account(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/healthz" => healthz, PUBLIC, plain, "Health check: 200 when the database answers";
        page GET "/static/{*file}" => static_file, PUBLIC, plain, "Vendored styles and scripts";
        page GET "/lang/{code}" => auth::switch_language, PUBLIC, plain, "Switch the interface language";
        page GET "/login" => auth::login_page, PUBLIC, plain, "Sign-in page";
        page POST "/login" => auth::login_submit, PUBLIC, personal, "Sign in with username and password";
        page GET "/login/two-factor" => auth::two_factor_page, PUBLIC, plain, "Second sign-in step (TOTP or recovery code)";
        page POST "/login/two-factor" => auth::two_factor_submit, PUBLIC, personal, "Check the second factor";
        page GET "/" => home::home, SIGNED_IN, plain, "Home page for the user's role";
        page POST "/logout" => auth::logout, SIGNED_IN, plain, "Sign out";
        page GET "/account" => account::account, SIGNED_IN, personal, "Own account: two-factor, sessions, API tokens";
        page POST "/account/password" => account::change_password, SIGNED_IN, personal, "Change own password";
        page POST "/account/sign-out-everywhere" => account::sign_out_everywhere, SIGNED_IN, personal, "End all own sessions";
        page GET "/account/two-factor" => account::two_factor_setup, SIGNED_IN, personal, "Enrol in two-factor sign-in (QR code)";
        page POST "/account/two-factor" => account::two_factor_confirm, SIGNED_IN, personal, "Confirm two-factor enrolment; shows recovery codes";
        page POST "/account/tokens" => account::create_token, SIGNED_IN, personal, "Create a personal API token";
        page POST "/account/tokens/{id}/revoke" => account::revoke_token, SIGNED_IN, personal, "Revoke a personal API token";
        page GET "/audit" => audit::audit_search, roles(PRIVACY), personal, "Search the access log";
        page GET "/privacy/consents" => privacy::consents, roles(PRIVACY), personal, "The consents recorded in the organisation, with the party, purpose, recipient, dates and the shares made under each (filter by status and case number)";
    )
}

/// The organisation model: municipalities, organisations, teams, workers, schools and assignments.
#[rustfmt::skip]
fn organisation(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/municipalities" => admin::municipalities, roles(MUNICIPALITY_READERS), plain, "List municipalities";
        page POST "/municipalities" => admin::municipality_create, roles(ADMIN), plain, "Add a municipality";
        page GET "/municipalities/{id}" => admin::municipality_show, roles(MUNICIPALITY_READERS), plain, "Show a municipality";
        page POST "/municipalities/{id}" => admin::municipality_update, roles(ADMIN), plain, "Change a municipality";
        page GET "/organisations" => admin::organisations, roles(ORGANISATION_READERS), plain, "List provider organisations";
        page POST "/organisations" => admin::organisation_create, roles(ADMIN), plain, "Add a provider organisation";
        page GET "/organisations/{id}" => admin::organisation_show, roles(ORGANISATION_READERS), plain, "Show an organisation";
        page POST "/organisations/{id}" => admin::organisation_update, roles(ADMIN), plain, "Change an organisation";
        page GET "/organisations/{id}/casework" => admin::casework_config_show, roles(ADMIN), plain, "Casework settings and lists (signals, goal themes) of the own organisation";
        page POST "/organisations/{id}/casework" => admin::casework_config_update, roles(ADMIN), plain, "Change casework settings and lists (with version)";
        page GET "/organisations/{id}/group-activity-kinds" => group_kind::kinds_show, roles(ADMIN), plain, "The kinds of group activity of the own organisation (offered and retired)";
        page POST "/organisations/{id}/group-activity-kinds" => group_kind::kind_add, roles(ADMIN), plain, "Add a kind of group activity (Dutch and English name)";
        page POST "/organisations/{id}/group-activity-kinds/{code}" => group_kind::kind_change, roles(ADMIN), plain, "Rename a kind of group activity, retire or restore it";
        page GET "/teams" => staff::teams, roles(TEAM_READERS), plain, "List teams";
        page POST "/teams" => staff::team_create, roles(ADMIN), plain, "Add a team";
        page GET "/teams/{id}" => staff::team_show, roles(TEAM_READERS), personal, "Show a team and its workers";
        page POST "/teams/{id}" => staff::team_update, roles(ADMIN), plain, "Change a team";
        page GET "/workers" => staff::workers, roles(STAFF_READERS), personal, "List workers";
        page POST "/workers" => staff::worker_create, roles(ADMIN), personal, "Add a worker";
        page GET "/workers/{id}" => staff::worker_show, roles(STAFF_READERS), personal, "Show a worker";
        page POST "/workers/{id}" => staff::worker_update, roles(ADMIN), personal, "Change a worker";
        page GET "/schools" => schools::schools, roles(SCHOOL_READERS), plain, "List and search schools";
        page POST "/schools" => schools::school_create, roles(ADMIN), plain, "Add a school location";
        page GET "/schools/import" => schools::import_form, roles(ADMIN), plain, "CSV import form for schools";
        page POST "/schools/import" => schools::import_submit, roles(ADMIN), plain, "Import schools from CSV (all rows or none)";
        page GET "/schools/{id}" => schools::school_show, roles(SCHOOL_READERS), plain, "Show a school location";
        page POST "/schools/{id}" => schools::school_update, roles(ADMIN), plain, "Change a school location";
        page POST "/schools/{id}/pupils" => schools::pupils_set, roles(ADMIN), plain, "Record pupils for a school year";
        page POST "/schools/{id}/arrangements" => schools::arrangement_set, roles(ADMIN), plain, "Record that a school started an arrangement in a school year";
        page GET "/assignments" => staff::assignments, roles(ASSIGNMENT_READERS), personal, "List worker assignments to schools";
        page POST "/assignments" => staff::assignment_create, roles(ADMIN), personal, "Assign a worker to a school";
        page POST "/assignments/{id}/end" => staff::assignment_end, roles(ADMIN), personal, "End an assignment";
    )
}

/// Kind in Kaart, the social map and their figures.
#[rustfmt::skip]
fn kind_in_kaart(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/cases/{id}/kind-in-kaart" => kik::show, roles(CASEWORKERS), personal, "Kind in Kaart: profile, suggestions with reasons and barrier plan, map";
        page POST "/cases/{id}/kind-in-kaart" => kik::save_profile, roles(CASEWORKERS), personal, "Save a Kind in Kaart profile";
        page POST "/cases/{id}/kind-in-kaart/plans" => kik::choose, roles(CASEWORKERS), personal, "Choose a suggested activity (plan with barrier actions)";
        page POST "/cases/{id}/kind-in-kaart/plans/{plan_id}/start" => kik::start, roles(CASEWORKERS), personal, "The child started the activity";
        page POST "/cases/{id}/kind-in-kaart/plans/{plan_id}/check" => kik::check, roles(CASEWORKERS), personal, "Participation check at 1 or 3 months";
        page GET "/social-map" => social_map::social_map, roles(SOCIAL_MAP_READERS), plain, "The social map: activities and funds";
        page GET "/social-map/import" => social_map::import_form, roles(SOCIAL_MAP_EDITORS), plain, "Social map import form";
        page POST "/social-map/import" => social_map::import_submit, roles(SOCIAL_MAP_EDITORS), plain, "Import activities from CSV or GeoJSON (all rows or none)";
        page GET "/figures" => kik::figures, roles(FIGURE_READERS), plain, "Kind in Kaart figures (small numbers suppressed for municipalities)";
        page GET "/kind-in-kaart/class" => kik::class_form_page, roles(CASEWORKERS), plain, "Kind in Kaart for a whole class: form";
        page POST "/kind-in-kaart/class" => kik::class_session, roles(CASEWORKERS), plain, "Kind in Kaart for a whole class: suggestions per child, nothing stored";
        page GET "/social-map/export.csv" => social_map::export, roles(SOCIAL_MAP_READERS), plain, "The social map as CSV (the import format)";
        page GET "/social-map/activities/{id}" => social_map::activity_show, roles(SOCIAL_MAP_EDITORS), plain, "An activity of the social map (edit form)";
        page POST "/social-map/activities/{id}" => social_map::activity_update, roles(SOCIAL_MAP_EDITORS), plain, "Change an activity (with version)";
    )
}

/// Monitoring: dashboards for the municipality (aggregates only) and the team, the effect estimate, exports.
#[rustfmt::skip]
fn monitoring(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/monitoring" => monitoring::dashboard, roles(FIGURE_READERS), plain, "Municipality dashboard: referrals, outcomes, who pays, hours per school (aggregates, small numbers protected)";
        page GET "/monitoring/effect" => monitoring::effect, roles(FIGURE_READERS), plain, "The effect of an arrangement: difference in differences with its interval and caveats";
        page GET "/monitoring/export.csv" => monitoring::export_csv, roles(FIGURE_READERS), plain, "The dashboard's tables as CSV (`table=N` for one)";
        page GET "/monitoring/export.xlsx" => monitoring::export_xlsx, roles(FIGURE_READERS), plain, "The dashboard's tables as an Excel workbook";
        page GET "/monitoring/report.pdf" => monitoring::report_pdf, roles(FIGURE_READERS), plain, "The annual report of a municipality as PDF";
        page GET "/monitoring/team" => monitoring::team, roles(CASEWORKERS), personal, "Team dashboard: load against contract, waiting, first contact, hours per school, what is overdue";
    )
}

/// API: monitoring figures.
#[rustfmt::skip]
fn api_monitoring(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/figures/municipality" => api::figures_municipality, roles(FIGURE_READERS), plain, "Municipality dashboard figures (aggregates, small numbers protected per table)";
        api GET "/api/v1/figures/effect" => api::figures_effect, roles(FIGURE_READERS), plain, "Effect estimate of an arrangement (`arrangement`: kind_in_kaart, smw_plus, more_hours)";
        api GET "/api/v1/figures/team" => api::figures_team, roles(CASEWORKERS), personal, "Team dashboard figures (a social worker: their own)";
    )
}

/// Presence at schools, school holidays, holiday cover and the calendar feed (ADR 021).
#[rustfmt::skip]
fn presence(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/schools/{id}/presence" => presence::school, roles(PRESENCE_READERS), personal, "Wie is er wanneer: who is at the school when in the coming weeks, walk-in hours, holidays and who covers";
        page GET "/presence" => presence::patterns, roles(PRESENCE_EDITORS), personal, "Weekly presence patterns and walk-in hours (own, or the organisation's)";
        page POST "/presence/slots" => presence::slot_create, roles(PRESENCE_EDITORS), personal, "Add a presence time or walk-in hour to an assignment's weekly pattern";
        page POST "/presence/slots/{id}/remove" => presence::slot_remove, roles(PRESENCE_EDITORS), personal, "Remove a time from a weekly pattern";
        page POST "/presence/exceptions" => presence::exception_create, roles(PRESENCE_EDITORS), personal, "Cancel one date of a time, or move it";
        page GET "/holidays" => presence::holidays, roles(PRESENCE_READERS), plain, "School holidays per region and school year";
        page POST "/holidays" => presence::holiday_set, roles(ADMIN), plain, "Set a region's school holiday of a school year";
        page GET "/covers" => presence::covers, roles(PRESENCE_READERS), personal, "The cover roster: who covers which school when";
        page POST "/covers" => presence::cover_create, roles(ROSTER_EDITORS), personal, "Put a worker on the cover roster for a school and period";
        page POST "/covers/{id}/remove" => presence::cover_remove, roles(ROSTER_EDITORS), personal, "Take a line off the cover roster";
        page POST "/account/calendar-feed" => account::calendar_feed_renew, SIGNED_IN, personal, "Make or renew the own calendar feed (secret URL shown once; the old one stops)";
        page POST "/account/calendar-feed/revoke" => account::calendar_feed_revoke, SIGNED_IN, personal, "Stop the own calendar feed";
        page GET "/calendar/{token}" => presence::feed, PUBLIC, personal, "The presence calendar (iCalendar) behind a secret feed token; the token is the credential, each fetch is logged";
    )
}

/// API: presence at schools, school holidays, holiday cover and the calendar feed.
#[rustfmt::skip]
fn api_presence(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/schools/{id}/presence" => api::school_presence, roles(PRESENCE_READERS), personal, "Wie is er wanneer of a school (`from`, `weeks`): pattern, times with who covers, holidays, roster";
        api POST "/api/v1/presence/slots" => api::presence_slot_create, roles(PRESENCE_EDITORS), personal, "Add a presence time or walk-in hour to an assignment's weekly pattern";
        api POST "/api/v1/presence/slots/{id}/remove" => api::presence_slot_remove, roles(PRESENCE_EDITORS), personal, "Remove a time from a weekly pattern";
        api POST "/api/v1/presence/exceptions" => api::presence_exception_create, roles(PRESENCE_EDITORS), personal, "Cancel one date of a time, or move it (all three `moved_*` fields)";
        api GET "/api/v1/holidays" => api::holidays, roles(PRESENCE_READERS), plain, "School holidays per region from the current school year on";
        api POST "/api/v1/holidays" => api::holiday_set, roles(ADMIN), plain, "Set a region's school holiday of a school year (replaces its dates)";
        api GET "/api/v1/covers" => api::covers, roles(PRESENCE_READERS), personal, "The cover roster ahead (staff: the organisation's; a school contact: the own school's)";
        api POST "/api/v1/covers" => api::cover_create, roles(ROSTER_EDITORS), personal, "Put a worker on the cover roster for a school and period";
        api POST "/api/v1/covers/{id}/remove" => api::cover_remove, roles(ROSTER_EDITORS), personal, "Take a line off the cover roster";
        api POST "/api/v1/account/calendar-feed" => api::calendar_feed_renew, SIGNED_IN, personal, "Make or renew the own calendar feed: its secret path, shown once";
        api POST "/api/v1/account/calendar-feed/revoke" => api::calendar_feed_revoke, SIGNED_IN, personal, "Stop the own calendar feed";
    )
}

/// Appointments and walk-in slots at schools, with an `.ics` invitation (ADR 025).
#[rustfmt::skip]
fn appointments(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/appointments" => appointment::index, roles(APPOINTMENT_USERS), personal, "Appointments and walk-in slots: free and taken slots of a school, the bookings the reader sees, a form to book";
        page POST "/appointments" => appointment::book, roles(APPOINTMENT_USERS), personal, "Book a walk-in slot or an appointment for a parent or pupil";
        page POST "/appointments/{id}/cancel" => appointment::cancel, roles(APPOINTMENT_USERS), personal, "Cancel a booking (the slot is free again)";
        page POST "/appointments/{id}/status" => appointment::status, roles(CASEWORKERS), personal, "Record that the person came or did not";
        page GET "/appointments/{id}/invite.ics" => appointment::invitation, roles(APPOINTMENT_USERS), personal, "Download the invitation of a booking (iCalendar, Europe/Amsterdam)";
    )
}

/// API: appointments and walk-in slots.
#[rustfmt::skip]
fn api_appointments(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/appointments" => api::appointments, roles(APPOINTMENT_USERS), personal, "Bookings the reader sees (`school_id`, `from`, `until`, `status`); a school contact: its own";
        api GET "/api/v1/appointments/walk-in" => api::walk_in_slots, roles(APPOINTMENT_USERS), personal, "Walk-in hours of a school (`school_id`, `from`, `weeks`) with free and taken slots, without names";
        api GET "/api/v1/appointments/{id}" => api::appointment_one, roles(APPOINTMENT_USERS), personal, "One booking (logged)";
        api POST "/api/v1/appointments" => api::appointment_book, roles(APPOINTMENT_USERS), personal, "Book a walk-in slot (`inloop`) or an appointment (`afspraak`); a slot taken meanwhile is a 422 on `starts_at`";
        api POST "/api/v1/appointments/{id}/cancel" => api::appointment_cancel, roles(APPOINTMENT_USERS), personal, "Cancel a booking (the slot is free again)";
        api POST "/api/v1/appointments/{id}/status" => api::appointment_status, roles(CASEWORKERS), personal, "Record attended (`verschenen`) or not shown (`niet_verschenen`), on or after the day";
        api GET "/api/v1/appointments/{id}/invite.ics" => api::appointment_invitation, roles(APPOINTMENT_USERS), personal, "The invitation of a booking as iCalendar (METHOD:REQUEST, Europe/Amsterdam)";
    )
}

/// Referrals, triage and consultations.
#[rustfmt::skip]
fn referrals(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/referrals" => referrals::referrals, roles(REFERRERS), personal, "Referrals in scope (a school sees its own, status only)";
        page GET "/referrals/new" => referrals::new_form, roles(REFERRERS), plain, "Referral form";
        page POST "/referrals" => referrals::create, roles(REFERRERS), personal, "Refer a pupil (or ask a consultation without a name)";
        page GET "/referrals/{id}" => referrals::show, roles(REFERRERS), personal, "A referral (a school sees the status only)";
        page POST "/referrals/{id}/triage" => referrals::triage, roles(CASEWORKERS), personal, "Triage: accept and assign, advice only, forward, decline";
        page POST "/referrals/{id}/correct" => referrals::correct, roles(SCHOOL_CONTACTS), personal, "The school corrects what it sent (reason, signals, urgency) before triage";
        page POST "/referrals/{id}/withdraw" => referrals::withdraw, roles(SCHOOL_CONTACTS), personal, "The school withdraws its own referral before triage (with a reason)";
        page GET "/consultations" => referrals::consultations, roles(CASEWORKERS), personal, "Consultations (advice without a case file; named ones hold personal data)";
        page POST "/consultations" => referrals::consultation_create, roles(CASEWORKERS), plain, "Record a consultation";
        page POST "/consultations/{id}/answer" => referrals::consultation_answer, roles(CASEWORKERS), personal, "Answer a school's consultation request and close it";
    )
}

/// The case file and everything done in it.
#[rustfmt::skip]
fn cases(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/cases" => cases::cases, roles(CASEWORKERS), personal, "Own or team case files; search";
        page GET "/cases/{id}" => cases::show, roles(CASEWORKERS), personal, "A case file";
        page POST "/cases/{id}" => cases::edit, roles(CASEWORKERS), personal, "Change summary, safety flag, review date (with version)";
        page POST "/cases/{id}/school-reports" => cases::school_report, roles(CASEWORKERS), personal, "Report to the case's school (needs consent to share with the school, or a legal ground)";
        page POST "/cases/{id}/child" => cases::edit_child, roles(CASEWORKERS), personal, "Change the child's class, home language, interpreter needed (with version)";
        page POST "/cases/{id}/guardians" => cases::add_guardian, roles(CASEWORKERS), personal, "Add a parent or carer";
        page POST "/cases/{id}/contacts" => cases::add_contact, roles(CASEWORKERS), personal, "Record a contact";
        page POST "/cases/{id}/time" => cases::add_indirect_time, roles(CASEWORKERS), personal, "Record indirect time for a case";
        page GET "/time" => cases::time_page, roles(CASEWORKERS), plain, "Direct, indirect and consultation time per school (own, or the organisation's for a team lead)";
        page POST "/time/school" => cases::book_school_time, roles(CASEWORKERS), plain, "Book time at a school outside any case file (presence, walk-in hour, care-team meeting…), for the worker's own work";
        page POST "/cases/{id}/goals" => cases::add_goal, roles(CASEWORKERS), personal, "Add a goal with a GAS start score";
        page POST "/cases/{id}/goals/{goal_id}/score" => cases::score_goal, roles(CASEWORKERS), personal, "Score a goal (review or end)";
        page POST "/cases/{id}/tasks" => cases::add_task, roles(CASEWORKERS), personal, "Add a task";
        page POST "/cases/{id}/tasks/{task_id}/done" => cases::complete_task, roles(CASEWORKERS), personal, "Complete a task";
        page POST "/cases/{id}/consents" => cases::add_consent, roles(CASEWORKERS), personal, "Record consent";
        page POST "/cases/{id}/consents/{consent_id}/withdraw" => cases::withdraw_consent, roles(CASEWORKERS), personal, "Withdraw consent";
        page POST "/cases/{id}/onward" => cases::propose_onward, roles(CASEWORKERS), personal, "Propose an onward referral";
        page POST "/cases/{id}/onward/{onward_id}/status" => cases::advance_onward, roles(CASEWORKERS), personal, "Move an onward referral on";
        page POST "/cases/{id}/mandate" => cases::mandate, roles(MANDATE_HOLDERS), personal, "SMW plus: record a decision authorising youth care";
        page GET "/cases/{id}/mandate/{decision_id}" => cases::show_mandate, roles(CASEWORKERS), personal, "SMW plus: one decision (category, volume, provider, period, reasons, approval or refusal)";
        page GET "/cases/{id}/mandate/{decision_id}/allocation.pdf" => cases::allocation_pdf, roles(CASEWORKERS), personal, "An approved decision as the PDF Toewijzingsbesluit SMW plus for the municipality (logged as an export)";
        page POST "/cases/{id}/mandate/{decision_id}/approve" => cases::approve_mandate, roles(APPROVERS), personal, "Approve a mandate decision";
        page POST "/cases/{id}/mandate/{decision_id}/refuse" => cases::refuse_mandate, roles(APPROVERS), personal, "Refuse a mandate decision, with the reason the worker reads";
        page POST "/cases/{id}/transfer" => cases::transfer, roles(CASEWORKERS), personal, "Transfer the case to another worker";
        page POST "/cases/{id}/close" => cases::close, roles(CASEWORKERS), personal, "Close the case";
        page POST "/cases/{id}/close/approve" => cases::approve_closure, roles(APPROVERS), personal, "Approve a requested closure (when the organisation requires it)";
        page POST "/cases/{id}/reopen" => cases::reopen, roles(APPROVERS), personal, "Reopen a closed case, with a reason (logged, on the timeline)";
        page POST "/cases/{id}/documents" => cases::upload_document, roles(CASEWORKERS), personal, "Add a document to the case file (type and size checked)";
        page GET "/cases/{id}/documents/{document_id}" => cases::download_document, roles(CASEWORKERS), personal, "Download a document (logged)";
    )
}

/// Group activities and live polls (issue 13). The participant's poll pages are the one public write: no
/// account, nothing personal shown or stored (a keyed hash of a random device cookie), see `pages::poll`.
#[rustfmt::skip]
fn group_work(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/group-activities" => group::activities, roles(GROUP_READERS), personal, "Group activities of the organisation (a school contact: those at the own school)";
        page POST "/group-activities" => group::activity_create, roles(GROUP_ORGANISERS), plain, "Plan a group activity for one or more schools";
        page GET "/group-activities/{id}" => group::activity_show, roles(GROUP_READERS), personal, "A group activity with its sessions (a school contact: without evaluations and hours) and polls";
        page POST "/group-activities/{id}/sessions" => group::session_create, roles(GROUP_ORGANISERS), plain, "Plan a session: date, times, place, theme, materials";
        page GET "/group-activities/{id}/sessions/{session_id}" => group::session_show, roles(GROUP_READERS), personal, "A session: attendance, evaluation, hours, polls";
        page POST "/group-activities/{id}/sessions/{session_id}" => group::session_record, roles(GROUP_ORGANISERS), plain, "Record a session: parents and children counted, evaluation, hours booked to the school";
        page POST "/group-activities/{id}/participants" => group_participant::participant_add, roles(GROUP_ORGANISERS), personal, "Name a child as a participant (only with consent to share with the school)";
        page POST "/group-activities/{id}/participants/remove" => group_participant::participant_remove, roles(GROUP_ORGANISERS), personal, "Take a named participant off the activity, with the reason (consent withdrawn, added by mistake); the case's timeline shows it";
        page POST "/group-activities/{id}/sessions/{session_id}/presence" => group_participant::presence_record, roles(GROUP_ORGANISERS), plain, "Record which named participants were present";
        page POST "/group-activities/{id}/sessions/{session_id}/polls" => group::poll_create, roles(GROUP_ORGANISERS), plain, "Make a poll of statements for a session";
        page GET "/polls/{id}" => poll::show, roles(GROUP_ORGANISERS), plain, "The organiser's poll screen: code, QR code, results as they come in";
        page GET "/polls/{id}/live" => poll::live, roles(GROUP_ORGANISERS), plain, "The results part of the poll screen (asked every two seconds)";
        page POST "/polls/{id}/open" => poll::open, roles(GROUP_ORGANISERS), plain, "Open a poll under a fresh short code";
        page POST "/polls/{id}/close" => poll::close, roles(GROUP_ORGANISERS), plain, "Close a poll";
        page POST "/polls/{id}/paper" => poll::paper, roles(GROUP_ORGANISERS), plain, "Paper answers: the number per option of each statement";
        page GET "/polls/{id}/export.csv" => poll::export, roles(GROUP_ORGANISERS), plain, "A poll's results as CSV";
        page GET "/poll" => poll::code_form, PUBLIC, plain, "Join a poll: type its code (no account)";
        page GET "/poll/{code}" => poll::answer_form, PUBLIC, plain, "An open poll's statements on a participant's phone (no account, nothing personal)";
        page POST "/poll/{code}" => poll::answer_submit, PUBLIC, plain, "A participant's answers: once per device per statement (no account, nothing personal)";
    )
}

/// Care meetings (zorgoverleg / ZAT / MDO) and pre-school group reviews (issue 13, ADR 020). Reads are personal:
/// a meeting can name pupils (only with consent to share with the school), and each named pupil shown is logged.
#[rustfmt::skip]
fn care_meetings(routes: Routes) -> Routes {
    declare!(routes;
        page GET "/care-meetings" => care::meetings_page, roles(CARE_MEETING_READERS), personal, "Care meetings and group reviews of the organisation (a school contact: those at the own school), held vs planned";
        page POST "/care-meetings" => care::meeting_create, roles(CARE_MEETING_STAFF), plain, "Plan a care meeting or group review, or a series (n meetings every k weeks)";
        page GET "/care-meetings/{id}" => care::meeting_show, roles(CARE_MEETING_READERS), personal, "A care meeting: agenda, participants, pupils discussed (named only with consent), actions, minutes";
        page POST "/care-meetings/{id}/minutes" => care::minutes, roles(CARE_MEETING_STAFF), plain, "Record the minutes (group review: children counted, what follows): the meeting is held";
        page POST "/care-meetings/{id}/pupils" => care::pupil_add, roles(CARE_MEETING_STAFF), personal, "Add a pupil discussed: by name only with consent to share with the school (422 otherwise), or anonymously";
        page POST "/care-meetings/{id}/actions" => care::action_add, roles(CARE_MEETING_STAFF), plain, "Add an agreed action with owner and due date (shown on the owner's home page)";
        page POST "/care-meetings/{id}/actions/{action_id}/done" => care::action_done, roles(CARE_MEETING_STAFF), plain, "Mark an action done";
    )
}

/// API: care meetings and group reviews, and the own open actions.
#[rustfmt::skip]
fn api_care_meetings(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/care-meetings" => api::care_meetings, roles(CARE_MEETING_READERS), personal, "Care meetings and group reviews (a school contact: those at the own school)";
        api POST "/api/v1/care-meetings" => api::care_meeting_create, roles(CARE_MEETING_STAFF), plain, "Plan a care meeting or group review, or a series (count, every_weeks); gives the new ids";
        api GET "/api/v1/care-meetings/{id}" => api::care_meeting, roles(CARE_MEETING_READERS), personal, "A care meeting with its pupils (a school contact: named only while consent to share with the school holds) and actions";
        api POST "/api/v1/care-meetings/{id}/minutes" => api::care_meeting_minutes, roles(CARE_MEETING_STAFF), plain, "Record the minutes (422 before the day)";
        api POST "/api/v1/care-meetings/{id}/pupils" => api::care_meeting_pupil, roles(CARE_MEETING_STAFF), personal, "Add a pupil discussed: case_id (by name; 422 without consent to share with the school) or a description (anonymous)";
        api POST "/api/v1/care-meetings/{id}/actions" => api::care_meeting_action, roles(CARE_MEETING_STAFF), plain, "Add an agreed action (description, owner_user_id, due_on)";
        api POST "/api/v1/care-meetings/{id}/actions/{action_id}/done" => api::care_meeting_action_done, roles(CARE_MEETING_STAFF), plain, "Mark an action done";
        api GET "/api/v1/my-actions" => api::my_actions, roles(CARE_MEETING_STAFF), plain, "The caller's open actions from care meetings (the task list)";
    )
}

/// API: group activities and polls.
#[rustfmt::skip]
fn api_group_work(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/group-activities" => api::group_activities, roles(GROUP_READERS), personal, "Group activities of the organisation (a school contact: those at the own school)";
        api POST "/api/v1/group-activities" => api::group_activity_create, roles(GROUP_ORGANISERS), plain, "Plan a group activity (kind, title, schools, organisers, outside partners)";
        api GET "/api/v1/group-activities/{id}" => api::group_activity, roles(GROUP_READERS), personal, "A group activity with its sessions and polls (a school contact: without evaluations, hours and polls)";
        api POST "/api/v1/group-activities/{id}/sessions" => api::group_session_create, roles(GROUP_ORGANISERS), plain, "Plan a session (date, HH:MM times, place, theme, materials, school)";
        api POST "/api/v1/group-activities/{id}/sessions/{session_id}" => api::group_session_record, roles(GROUP_ORGANISERS), plain, "Record a session: parents and children counted, evaluation, preparation and session minutes (booked to the school; 422 before the day)";
        api GET "/api/v1/group-activities/{id}/participants" => api::group_participants, roles(GROUP_READERS), personal, "The named participants with their presence per session (a name only while consent to share with the school holds; a school contact: the own school's pupils)";
        api POST "/api/v1/group-activities/{id}/participants" => api::group_participant_add, roles(GROUP_ORGANISERS), personal, "Name a child as a participant by case_id (422 without consent to share with the school: count the child anonymously)";
        api POST "/api/v1/group-activities/{id}/participants/remove" => api::group_participant_remove, roles(GROUP_ORGANISERS), personal, "Take a named participant off the activity (participant_id, reason `toestemming_ingetrokken` or `vergissing`; every wrong field at once): the row and the child's presence per session go, the case's timeline shows it";
        api POST "/api/v1/group-activities/{id}/sessions/{session_id}/presence" => api::group_session_presence, roles(GROUP_ORGANISERS), plain, "Record which named participants were present at a held session (participant_ids; replacing)";
        api POST "/api/v1/group-activities/{id}/sessions/{session_id}/polls" => api::poll_create, roles(GROUP_ORGANISERS), plain, "Make a poll of 1-20 statements for a session";
        api GET "/api/v1/polls/{id}" => api::poll, roles(GROUP_ORGANISERS), plain, "A poll's state, code and results: n and the distribution per statement";
        api POST "/api/v1/polls/{id}/open" => api::poll_open, roles(GROUP_ORGANISERS), plain, "Open a poll under a fresh short code (422 when opened before)";
        api POST "/api/v1/polls/{id}/close" => api::poll_close, roles(GROUP_ORGANISERS), plain, "Close a poll: its code takes no more answers";
        api POST "/api/v1/polls/{id}/paper" => api::poll_paper, roles(GROUP_ORGANISERS), plain, "Paper answers per statement: five numbers, score 1 to 5 (replacing earlier ones)";
    )
}

/// API: the document itself, signing in, the own account and tokens, the access log.
#[rustfmt::skip]
fn api_account(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/openapi.json" => openapi::document, PUBLIC, plain, "This OpenAPI document";
        api POST "/api/v1/auth/login" => api::login, PUBLIC, personal, "Sign in; returns a bearer token";
        api POST "/api/v1/auth/logout" => api::logout, SIGNED_IN, plain, "End the bearer token's session";
        api GET "/api/v1/me" => api::me, SIGNED_IN, personal, "The signed-in user and scope";
        api POST "/api/v1/tokens/{id}/revoke" => api::token_revoke, SIGNED_IN, personal, "Revoke one of your own personal API tokens";
        api POST "/api/v1/auth/sign-out-everywhere" => api::sign_out_everywhere, SIGNED_IN, personal, "End all own sessions and revoke all own personal API tokens (this one too)";
        api POST "/api/v1/tokens" => api::create_token, SIGNED_IN, personal, "Create a personal API token";
        api GET "/api/v1/audit" => api::audit, roles(PRIVACY), personal, "Search the access log";
        api GET "/api/v1/privacy/consents" => api::consents, roles(PRIVACY), personal, "The consents recorded in the organisation with the party that gave them, purpose, recipient, dates and the shares made under each (`status`: valid, expired or withdrawn; `case_number`; 422 naming `status` for another)";
    )
}

/// API: the organisation model.
#[rustfmt::skip]
fn api_organisation(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/municipalities" => api::municipalities, roles(MUNICIPALITY_READERS), plain, "List municipalities";
        api POST "/api/v1/municipalities" => api::municipality_create, roles(ADMIN), plain, "Add a municipality";
        api GET "/api/v1/municipalities/{id}" => api::municipality, roles(MUNICIPALITY_READERS), plain, "Get a municipality";
        api PUT "/api/v1/municipalities/{id}" => api::municipality_update, roles(ADMIN), plain, "Change a municipality (with version)";
        api GET "/api/v1/organisations" => api::organisations, roles(ORGANISATION_READERS), plain, "List organisations";
        api POST "/api/v1/organisations" => api::organisation_create, roles(ADMIN), plain, "Add an organisation";
        api GET "/api/v1/organisations/{id}" => api::organisation, roles(ORGANISATION_READERS), plain, "Get an organisation";
        api PUT "/api/v1/organisations/{id}" => api::organisation_update, roles(ADMIN), plain, "Change an organisation (with version)";
        api GET "/api/v1/organisations/{id}/casework" => api::casework_config, roles(ADMIN), plain, "Casework settings and lists (signals, goal themes) of the own organisation";
        api PUT "/api/v1/organisations/{id}/casework" => api::casework_config_update, roles(ADMIN), plain, "Change casework settings and lists (with version; lists as labels in order)";
        api GET "/api/v1/organisations/{id}/group-activity-kinds" => api::group_kinds, roles(GROUP_KIND_READERS), plain, "The kinds of group activity of the own organisation: code, label, label_en, active (the defaults until first changed); for its functional admin and its planners";
        api POST "/api/v1/organisations/{id}/group-activity-kinds" => api::group_kind_add, roles(ADMIN), plain, "Add a kind of group activity (label, label_en; 422 naming each wrong field); gives its code";
        api PUT "/api/v1/organisations/{id}/group-activity-kinds/{code}" => api::group_kind_change, roles(ADMIN), plain, "Rename a kind (label, label_en), retire it (active false) or restore it; its code stays";
        api GET "/api/v1/teams" => api::teams, roles(TEAM_READERS), plain, "List teams";
        api POST "/api/v1/teams" => api::team_create, roles(ADMIN), plain, "Add a team";
        api GET "/api/v1/teams/{id}" => api::team, roles(TEAM_READERS), plain, "Get a team";
        api PUT "/api/v1/teams/{id}" => api::team_update, roles(ADMIN), plain, "Change a team (with version)";
        api GET "/api/v1/workers" => api::workers, roles(STAFF_READERS), personal, "List workers";
        api POST "/api/v1/workers" => api::worker_create, roles(ADMIN), personal, "Add a worker";
        api GET "/api/v1/workers/{id}" => api::worker, roles(STAFF_READERS), personal, "Get a worker";
        api PUT "/api/v1/workers/{id}" => api::worker_update, roles(ADMIN), personal, "Change a worker (with version)";
        api GET "/api/v1/schools" => api::schools, roles(SCHOOL_READERS), plain, "List schools";
        api POST "/api/v1/schools" => api::school_create, roles(ADMIN), plain, "Add a school location";
        api POST "/api/v1/schools/import" => api::schools_import, roles(ADMIN), plain, "Import schools from CSV (all rows or none)";
        api GET "/api/v1/schools/{id}" => api::school, roles(SCHOOL_READERS), plain, "Get a school location";
        api PUT "/api/v1/schools/{id}" => api::school_update, roles(ADMIN), plain, "Change a school location (with version)";
        api POST "/api/v1/assignments/{id}/end" => api::assignment_end, roles(ADMIN), plain, "End an assignment (409 on a stale version)";
        api PUT "/api/v1/schools/{id}/pupils" => api::school_pupils, roles(ADMIN), plain, "Set a school's number of pupils for a school year";
        api PUT "/api/v1/schools/{id}/arrangements" => api::school_arrangement, roles(ADMIN), plain, "Record that a school started an arrangement (Kind in Kaart, SMW plus, more hours) in a school year";
        api GET "/api/v1/assignments" => api::assignments, roles(ASSIGNMENT_READERS), personal, "List assignments";
        api POST "/api/v1/assignments" => api::assignment_create, roles(ADMIN), personal, "Assign a worker to a school";
    )
}

/// API: the case file, time and mandate decisions.
#[rustfmt::skip]
fn api_casework(routes: Routes) -> Routes {
    declare!(routes;
        api POST "/api/v1/cases/{id}/documents" => api::case_document_upload, roles(CASEWORKERS), personal, "Add a document to a case file (the file is the body; type detected from content)";
        api GET "/api/v1/cases/{id}/documents/{document_id}" => api::case_document, roles(CASEWORKERS), personal, "Download a document of a case file (logged as an export)";
        api GET "/api/v1/cases" => api::cases, roles(CASEWORKERS), personal, "Own or team case files";
        api GET "/api/v1/cases/{id}" => api::case, roles(CASEWORKERS), personal, "A case file with its newest 50 contacts and timeline entries (links to the older ones)";
        api GET "/api/v1/cases/{id}/contacts" => api::case_contacts, roles(CASEWORKERS), personal, "A case's contacts, newest first, a page at a time (`before`: cursor, `limit`: 1–200)";
        api GET "/api/v1/cases/{id}/timeline" => api::case_timeline, roles(CASEWORKERS), personal, "A case's timeline, newest first, a page at a time (`before`: cursor, `limit`: 1–200)";
        api PUT "/api/v1/cases/{id}" => api::case_update, roles(CASEWORKERS), personal, "Change summary, safety flag, review date (with version; 409 when stale)";
        api POST "/api/v1/cases/{id}/contacts" => api::case_contact, roles(CASEWORKERS), personal, "Record a contact";
        api POST "/api/v1/cases/{id}/time" => api::case_time, roles(CASEWORKERS), personal, "Record indirect time for a case";
        api POST "/api/v1/cases/{id}/school-reports" => api::case_school_report, roles(CASEWORKERS), personal, "Report to the case's school (needs consent to share with the school, or a legal ground)";
        api PUT "/api/v1/cases/{id}/child" => api::case_child, roles(CASEWORKERS), personal, "Change the child's class, home language, interpreter needed (with the child's version; 409 when stale)";
        api POST "/api/v1/cases/{id}/guardians" => api::case_guardian, roles(CASEWORKERS), personal, "Add a parent or carer (with or without gezag)";
        api POST "/api/v1/cases/{id}/goals" => api::case_goal, roles(CASEWORKERS), personal, "Add a goal with a GAS start score (-2..+2) and a theme";
        api POST "/api/v1/cases/{id}/goals/{goal_id}/scores" => api::case_goal_score, roles(CASEWORKERS), personal, "Score a goal: `moment` review or end, `score` -2..+2";
        api POST "/api/v1/cases/{id}/tasks" => api::case_task, roles(CASEWORKERS), personal, "Add a task with a due date";
        api POST "/api/v1/cases/{id}/tasks/{task_id}/done" => api::case_task_done, roles(CASEWORKERS), personal, "Complete a task";
        api POST "/api/v1/cases/{id}/consents" => api::case_consent, roles(CASEWORKERS), personal, "Record consent: party, purpose (help or share with a recipient), information, until when";
        api POST "/api/v1/cases/{id}/consents/{consent_id}/withdraw" => api::case_consent_withdraw, roles(CASEWORKERS), personal, "Withdraw consent";
        api POST "/api/v1/cases/{id}/onward" => api::case_onward, roles(CASEWORKERS), personal, "Propose an onward referral to a target of the directory";
        api POST "/api/v1/cases/{id}/onward/{onward_id}/status" => api::case_onward_status, roles(CASEWORKERS), personal, "Move an onward referral on (sending needs consent or a legal ground)";
        api POST "/api/v1/cases/{id}/mandate-decisions" => api::case_mandate, roles(MANDATE_HOLDERS), personal, "SMW plus: record a decision authorising youth care (iJw product category, volume with unit, a provider of the case's referral directory with consent to share with it, a period within the organisation's maximum; optionally the child's BSN (elfproef), the provider's AGB code and the product code for the allocation, kept with the decision only; 422 naming each field that breaks a rule)";
        api POST "/api/v1/cases/{id}/mandate-decisions/{decision_id}/approve" => api::case_mandate_approve, roles(APPROVERS), personal, "Approve a mandate decision";
        api POST "/api/v1/cases/{id}/mandate-decisions/{decision_id}/refuse" => api::case_mandate_refuse, roles(APPROVERS), personal, "Refuse a mandate decision that waits for approval, with a reason (422 without one)";
        api POST "/api/v1/cases/{id}/transfer" => api::case_transfer, roles(CASEWORKERS), personal, "Transfer the case to another worker (another organisation: needs consent to share with it) with a handover note (with version; 409 when stale)";
        api POST "/api/v1/cases/{id}/close" => api::case_close, roles(CASEWORKERS), personal, "Close the case, or ask the team lead to approve (with version; 409 when stale)";
        api POST "/api/v1/cases/{id}/close/approve" => api::case_close_approve, roles(APPROVERS), personal, "Approve a requested closure";
        api POST "/api/v1/cases/{id}/reopen" => api::case_reopen, roles(APPROVERS), personal, "Reopen a closed case with a reason (422 without one, or while the child has another open case)";
        api POST "/api/v1/time/school" => api::school_time_create, roles(CASEWORKERS), plain, "Book time at a school outside any case file (presence, walk-in hour, care-team meeting…), for the worker's own work";
        api GET "/api/v1/time-per-school" => api::time_per_school, roles(CASEWORKERS), plain, "Direct, indirect and consultation time per school (`from`, `until`: dates; default the school year)";
        api GET "/api/v1/mandate-decisions/{id}" => api::mandate_decision, roles(CASEWORKERS), personal, "A mandate decision as a structured record (for the iJw allocation)";
        api GET "/api/v1/mandate-decisions/{id}/allocation" => api::mandate_allocation, roles(CASEWORKERS), personal, "An approved mandate decision as the data of the municipality's iJw allocation (JW301): client, product category, volume with iJw unit and frequency, period, provider, who decided and approved, the mandating municipality (422 naming `status` when not approved; logged as an export)";
    )
}

/// API: the social map.
#[rustfmt::skip]
fn api_kind_in_kaart(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/social-map" => social_map::api_social_map, roles(SOCIAL_MAP_READERS), plain, "Activities and funds of the social map";
        api POST "/api/v1/social-map/import" => social_map::api_import, roles(SOCIAL_MAP_EDITORS), plain, "Import activities from CSV or GeoJSON (all rows or none)";
        api PUT "/api/v1/social-map/activities/{id}" => api::social_map_activity_update, roles(SOCIAL_MAP_EDITORS), plain, "Change an activity of the social map (with version; 409 when stale)";
        api POST "/api/v1/kind-in-kaart/class" => api::kind_in_kaart_class, roles(CASEWORKERS), plain, "Kind in Kaart for a whole class: three suggestions per child, nothing stored (the session is logged)";
        api GET "/api/v1/cases/{id}/kind-in-kaart" => api::case_kind_in_kaart, roles(CASEWORKERS), personal, "Kind in Kaart of a case: the newest profile, its suggestions with reasons, the plans";
        api POST "/api/v1/cases/{id}/kind-in-kaart" => api::case_kind_in_kaart_profile, roles(CASEWORKERS), personal, "Record a Kind in Kaart profile (the newest counts)";
        api POST "/api/v1/cases/{id}/kind-in-kaart/plans" => api::case_kind_in_kaart_plan, roles(CASEWORKERS), personal, "Choose a suggested activity: a plan with the barrier actions and the fund";
        api POST "/api/v1/cases/{id}/kind-in-kaart/plans/{plan_id}/start" => api::case_kind_in_kaart_start, roles(CASEWORKERS), personal, "The child started the activity (checks due at 1 and 3 months)";
        api POST "/api/v1/cases/{id}/kind-in-kaart/plans/{plan_id}/check" => api::case_kind_in_kaart_check, roles(CASEWORKERS), personal, "Participation check at 1 or 3 months (422 before it is due)";
    )
}

/// API: referrals, triage and consultations.
#[rustfmt::skip]
fn api_referrals(routes: Routes) -> Routes {
    declare!(routes;
        api GET "/api/v1/referrals" => api::referrals, roles(REFERRERS), personal, "Referrals in scope (schools: status only)";
        api POST "/api/v1/referrals" => api::referral_create, roles(REFERRERS), personal, "Refer a pupil";
        api GET "/api/v1/referrals/{id}" => api::referral, roles(REFERRERS), personal, "A referral (schools: status only)";
        api POST "/api/v1/referrals/{id}/triage" => api::referral_triage, roles(CASEWORKERS), personal, "Triage a referral: accept and assign, advice only, forward, decline (with version; 409 when stale)";
        api PUT "/api/v1/referrals/{id}" => api::referral_correct, roles(SCHOOL_CONTACTS), personal, "The school corrects what it sent (reason, signals, urgency) while not yet triaged (all field errors at once; 422 after triage; 409 when stale)";
        api POST "/api/v1/referrals/{id}/withdraw" => api::referral_withdraw, roles(SCHOOL_CONTACTS), personal, "The school withdraws its own referral while not yet triaged (reason; 422 after triage; 409 when stale)";
        api GET "/api/v1/consultations" => api::consultations, roles(REFERRERS), personal, "Consultations of the organisation (advice without a case file; named ones hold personal data); `open`: \
         the schools' requests waiting for an answer; a school contact gets the requests its school sent";
        api POST "/api/v1/consultations/{id}/answer" => api::consultation_answer, roles(CASEWORKERS), personal, "Answer a school's consultation request and close it (advice, minutes; the school sees the answer)";
        api POST "/api/v1/consultations" => api::consultation_create, roles(CASEWORKERS), plain, "Record a consultation (anonymous or named, theme, minutes)";
        api POST "/api/v1/consultation-requests" => api::consultation_request, roles(SCHOOL_CONTACTS), personal, "The school asks its social worker for a consultation without a pupil's name (theme, question; every wrong field at once); the worker sees it among the open consultations";
    )
}

static TABLE: LazyLock<Vec<RouteRule>> = LazyLock::new(|| routes().rules);

/// Every route's rule, in declaration order.
pub fn access_table() -> &'static [RouteRule] {
    &TABLE
}

/// The rule for a method and a matched route path; `None` means the route is unknown and refused.
pub fn rule_for(method: &str, path: &str) -> Option<&'static RouteRule> {
    // HEAD is GET without the body: the same rule, so a load balancer can probe `/healthz`.
    let method = if method == "HEAD" { "GET" } else { method };
    access_table()
        .iter()
        .find(|r| r.method == method && r.path == path)
}

/// The methods declared for a route (for `405 Method Not Allowed` and its `Allow`).
pub fn methods_for(path: &str) -> Vec<&'static str> {
    let mut methods: Vec<&'static str> = access_table()
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
    use schakel_domain::Role;
    use std::collections::HashSet;

    #[test]
    fn every_route_appears_once() {
        let mut seen = HashSet::new();
        for r in access_table() {
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
    fn nobody_anonymous_reaches_personal_data_except_sign_in_and_a_feed_token() {
        for r in access_table().iter().filter(|r| r.personal_data) {
            if r.permits(None) {
                // The calendar feed: GET only, its secret token is the credential (ADR 021).
                assert!(
                    r.path.contains("login")
                        || (r.path == "/calendar/{token}" && r.method == "GET"),
                    "{} {} is public and personal",
                    r.method,
                    r.path
                );
            }
        }
    }

    #[test]
    fn the_only_anonymous_writes_are_signing_in_and_answering_a_poll() {
        let public_writes: Vec<&str> = access_table()
            .iter()
            .filter(|r| r.method != "GET" && r.permits(None))
            .map(|r| r.path)
            .collect();
        assert_eq!(
            public_writes,
            vec![
                "/login",
                "/login/two-factor",
                "/poll/{code}",
                "/api/v1/auth/login"
            ]
        );
        for r in access_table()
            .iter()
            .filter(|r| r.path.starts_with("/poll"))
        {
            assert!(!r.personal_data, "{} {}", r.method, r.path);
        }
    }

    #[test]
    fn school_contacts_and_municipalities_never_see_staff_or_audit() {
        for r in access_table() {
            if r.path.contains("/workers") || r.path.contains("/audit") {
                assert!(!r.permits(Some(Role::SchoolContact)), "{}", r.path);
                assert!(!r.permits(Some(Role::Municipality)), "{}", r.path);
            }
        }
    }

    #[test]
    fn only_functional_admins_change_configuration() {
        for r in access_table().iter().filter(|r| r.method != "GET") {
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
