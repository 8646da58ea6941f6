//! Primary and complementary suppression (placeholder: hides every non-zero figure until the real rule lands).

use super::table::{Cell, CountTable, ProtectedTable};

/// The table as it may be shown with threshold `k` (see the module docs of [`super::table`]).
pub fn protect(table: &CountTable, threshold: u64) -> ProtectedTable {
    let hide = |n: u64| if n == 0 { Cell::Count(0) } else { Cell::Hidden };
    ProtectedTable {
        title: table.title.clone(),
        row_heading: table.row_heading.clone(),
        rows: table.rows.clone(),
        columns: table.columns.clone(),
        threshold,
        cells: table
            .cells
            .iter()
            .map(|r| r.iter().map(|&n| hide(n)).collect())
            .collect(),
        row_totals: (0..table.rows.len())
            .map(|r| hide(table.row_total(r)))
            .collect(),
        column_totals: (0..table.columns.len())
            .map(|c| hide(table.column_total(c)))
            .collect(),
        total: hide(table.total()),
    }
}
