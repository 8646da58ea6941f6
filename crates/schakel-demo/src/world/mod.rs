//! Synthetic worlds: the demo dataset (`schakel demo`) and generated datasets of realistic size
//! (`schakel generate --scale team|city|country --seed N`). Everything here is invented; no real
//! person or school appears. A world is plain data; `load` writes it through the Store.

#[cfg(test)]
mod checks;
mod demo;
mod generate;
mod names;
mod pupils;

pub use demo::demo_world;
pub use generate::{Scale, generate_world};

/// A municipality (gemeente) with its CBS code, e.g. `GM0439`.
#[derive(Debug, Clone, PartialEq)]
pub struct WorldMunicipality {
    pub cbs_code: String,
    pub name: String,
}

/// A provider organisation (welzijnsorganisatie, wijkteam-organisatie, CJG).
#[derive(Debug, Clone, PartialEq)]
pub struct WorldOrganisation {
    /// Stable key inside the world, used by teams and workers to refer to it.
    pub key: String,
    pub name: String,
    /// CBS code of the municipality the organisation mainly works for.
    pub municipality: String,
    /// Whether its workers may hold the SMW-plus mandate (source 001).
    pub smw_plus: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorldTeam {
    pub key: String,
    pub organisation: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct WorldWorker {
    pub key: String,
    pub organisation: String,
    pub team: String,
    pub name: String,
    pub email: String,
    /// SKJ or BIG registration number, optional.
    pub registration_number: Option<String>,
    /// The SMW-plus mandate: may authorise youth care on behalf of the municipality.
    pub may_authorise_youth_care: bool,
    /// Hours a week in the contract; `None` when not recorded (the generator leaves it empty).
    pub contract_hours: Option<f64>,
}

/// A school location (vestiging).
#[derive(Debug, Clone, PartialEq)]
pub struct WorldSchool {
    /// BRIN6 (e.g. `31XK00`), BRIN4, or an own code for pre-school locations (e.g. `HVS-PSZ-03`).
    pub code: String,
    pub name: String,
    /// One of `PO`, `SBO`, `SO`, `VSO`, `VO`, `MBO`, `ISK`, `VOORSCHOOL`.
    pub school_type: String,
    pub municipality: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub latitude: f64,
    pub longitude: f64,
    /// `noord`, `midden` or `zuid`.
    pub holiday_region: String,
    /// Pupils per school year, e.g. `("2025-2026", 312)`.
    pub pupils: Vec<(String, i64)>,
}

/// A worker's presence at a school. `hours_per_week == None` means "as needed" (source 003b).
#[derive(Debug, Clone, PartialEq)]
pub struct WorldAssignment {
    pub worker: String,
    pub school: String,
    pub hours_per_week: Option<f64>,
    /// ISO date `YYYY-MM-DD`.
    pub starts_on: String,
    pub ends_on: Option<String>,
}

/// A sign-in account. `role` is one of `social_worker`, `team_lead`, `school_contact`, `municipality`,
/// `functional_admin`, `privacy_officer`.
#[derive(Debug, Clone, PartialEq)]
pub struct WorldAccount {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub organisation: Option<String>,
    pub team: Option<String>,
    /// School code for school contacts.
    pub school: Option<String>,
    /// CBS code for municipality accounts.
    pub municipality: Option<String>,
    /// Worker key when the account belongs to a worker.
    pub worker: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct World {
    pub municipalities: Vec<WorldMunicipality>,
    pub organisations: Vec<WorldOrganisation>,
    pub teams: Vec<WorldTeam>,
    pub workers: Vec<WorldWorker>,
    pub schools: Vec<WorldSchool>,
    pub assignments: Vec<WorldAssignment>,
    pub accounts: Vec<WorldAccount>,
}
