//! A table of counts as computed, and the same table as it may be shown to a funder.
//!
//! Every figure a municipality sees is a cell of a [`ProtectedTable`]: counts under the threshold show as
//! `< k` ([`Cell::Small`]), and cells hidden only so that a small one cannot be worked back from the totals show
//! as `•` ([`Cell::Hidden`]). A reader therefore knows a `Small` cell lies in `1..k` and a `Hidden` cell is at
//! least `k` (a non-zero cell under `k` would itself be `Small`).

use serde::Serialize;

use crate::Lang;

/// Counts as computed from the records: `cells[row][column]`. Totals are not stored: they are the sums.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountTable {
    pub title: String,
    /// What the rows are (e.g. "School").
    pub row_heading: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub cells: Vec<Vec<u64>>,
}

impl CountTable {
    pub fn new(
        title: impl Into<String>,
        row_heading: impl Into<String>,
        rows: Vec<String>,
        columns: Vec<String>,
    ) -> Self {
        let cells = vec![vec![0; columns.len()]; rows.len()];
        CountTable {
            title: title.into(),
            row_heading: row_heading.into(),
            rows,
            columns,
            cells,
        }
    }

    pub fn row_total(&self, row: usize) -> u64 {
        self.cells.get(row).map_or(0, |r| r.iter().sum())
    }

    pub fn column_total(&self, column: usize) -> u64 {
        self.cells.iter().filter_map(|r| r.get(column)).sum()
    }

    pub fn total(&self) -> u64 {
        self.cells.iter().flatten().sum()
    }
}

/// One figure as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "shown", content = "value", rename_all = "snake_case")]
pub enum Cell {
    /// The count, shown as it is (0 reveals no one).
    Count(u64),
    /// 1 to threshold − 1: shown as `< k`.
    Small,
    /// Hidden so that a small cell cannot be recovered from the totals: shown as `•`.
    Hidden,
}

impl Cell {
    /// The count, when it may be shown.
    pub fn count(self) -> Option<u64> {
        match self {
            Cell::Count(n) => Some(n),
            Cell::Small | Cell::Hidden => None,
        }
    }

    /// The text of the cell (numbers with the language's grouping are the caller's; this is the plain count).
    pub fn text(self, threshold: u64) -> String {
        match self {
            Cell::Count(n) => n.to_string(),
            Cell::Small => format!("< {threshold}"),
            Cell::Hidden => "•".to_owned(),
        }
    }

    /// What a suppressed cell means, for a footnote under the table.
    pub fn legend(threshold: u64, lang: Lang) -> String {
        lang.pick(
            format!(
                "< {threshold}: minder dan {threshold}, niet getoond zodat geen kind herkenbaar is. \
                 •: afgeschermd, zodat een klein aantal niet uit de totalen terug te rekenen is."
            ),
            format!(
                "< {threshold}: fewer than {threshold}, not shown so that no child can be recognised. \
                 •: withheld so that a small number cannot be worked back from the totals."
            ),
        )
    }
}

/// A table as it may be shown: every cell and every total it shows is protected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ProtectedTable {
    pub title: String,
    pub row_heading: String,
    pub rows: Vec<String>,
    pub columns: Vec<String>,
    pub threshold: u64,
    pub cells: Vec<Vec<Cell>>,
    pub row_totals: Vec<Cell>,
    pub column_totals: Vec<Cell>,
    pub total: Cell,
}

/// A rate (e.g. referrals per 100 pupils) from two shown figures: withheld when either is.
pub fn rate(numerator: Cell, denominator: Cell, per: f64) -> Option<f64> {
    match (numerator.count(), denominator.count()) {
        (Some(n), Some(d)) if d > 0 => Some(n as f64 * per / d as f64),
        _ => None,
    }
}
