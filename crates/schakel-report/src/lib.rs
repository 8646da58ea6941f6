//! Protected figures as files and charts: pure functions from the tables of
//! [`schakel_domain::figures`] to bytes and strings. No IO, no clock (the report date is passed in).
//!
//! - [`csv`]: one table as CSV (`;`-separated for Dutch readers, `,` for English).
//! - [`xlsx`]: tables as an Excel workbook, one worksheet each.
//! - [`svg`]: accessible line and bar charts, server-rendered, no script.
//! - [`pdf`]: the annual report for a municipality, and the sheet of an approved SMW-plus decision
//!   ([`pdf::allocation`]), fonts embedded.
//!
//! Every figure passed in is already protected (a [`ProtectedTable`](schakel_domain::figures::ProtectedTable)
//! or values taken from one); this crate never sees a raw count. Suppressed cells keep their markers
//! everywhere: `< k` for a count under the threshold ([`Cell::Small`](schakel_domain::figures::Cell::Small)),
//! `•` for a cell withheld so that a small one cannot be worked back
//! ([`Cell::Hidden`](schakel_domain::figures::Cell::Hidden)).

pub mod csv;
pub mod number;
pub mod pdf;
pub mod svg;
pub mod xlsx;

mod chart;

pub use pdf::AnnualReport;
pub use pdf::allocation::{AllocationSheet, allocation_decision};
pub use svg::{Bar, BarChart, BarValue, LineChart, Series};

/// What can go wrong making a file (the CSV and SVG functions cannot fail).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The workbook library refused the workbook.
    #[error("xlsx: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// The PDF library refused the document.
    #[error("pdf: {0}")]
    Pdf(String),
    /// The vendored font could not be read (a broken build, not bad input).
    #[error("font: {0}")]
    Font(&'static str),
}

#[cfg(test)]
mod fixtures;
