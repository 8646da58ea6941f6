//! Suppression: the classic traps, the boundary, and a property test against an independent solver.
//!
//! The solver here shares nothing with the production audit (which searches cycles of ±1 steps using the true
//! counts): it reads only what a reader sees, writes the reader's knowledge as a linear programme (each row adds
//! up to its total, each column to its total, the row totals to the grand total; `< k` in 1..=k−1, `•` from k
//! up, a shown figure fixed) and asks `microlp` for the least and the greatest value of every figure not shown.
//! The constraint matrix is that of a network (rows and columns, each figure in one row sum and one column
//! sum), so it is totally unimodular and the LP's least and greatest values are whole numbers: they are the
//! least and greatest over integer tables. A figure whose least equals its greatest is pinned.

use std::collections::BTreeSet;

use microlp::{ComparisonOp, OptimizationDirection, Problem};
use proptest::prelude::*;

use super::*;
use crate::figures::rate;

/// Far above any count in these tests: the LP needs an upper bound for `•`. A bound only narrows what the
/// solver considers, so it can only make the check stricter (report a pin that is not there), never looser.
const LARGE: f64 = 1_000_000.0;

fn table(cells: &[&[u64]]) -> CountTable {
    let rows = (0..cells.len()).map(|r| format!("r{r}")).collect();
    let columns = (0..cells.first().map_or(0, |r| r.len()))
        .map(|c| format!("c{c}"))
        .collect();
    let mut t = CountTable::new("t", "rij", rows, columns);
    t.cells = cells.iter().map(|r| r.to_vec()).collect();
    t
}

/// Every figure of a shown table with its place, cells row by row, then row totals, column totals, total.
fn figures(shown: &ProtectedTable) -> Vec<(Figure, Cell)> {
    let mut out = Vec::new();
    for (row, cells) in shown.cells.iter().enumerate() {
        for (column, &cell) in cells.iter().enumerate() {
            out.push((Figure::Cell { row, column }, cell));
        }
    }
    out.extend(
        shown
            .row_totals
            .iter()
            .enumerate()
            .map(|(r, &c)| (Figure::RowTotal(r), c)),
    );
    out.extend(
        shown
            .column_totals
            .iter()
            .enumerate()
            .map(|(c, &cell)| (Figure::ColumnTotal(c), cell)),
    );
    out.push((Figure::Total, shown.total));
    out
}

fn true_value(table: &CountTable, figure: Figure) -> u64 {
    match figure {
        Figure::Cell { row, column } => table.cells[row][column],
        Figure::RowTotal(r) => table.row_total(r),
        Figure::ColumnTotal(c) => table.column_total(c),
        Figure::Total => table.total(),
    }
}

/// The least and greatest value of every figure not shown, over all tables consistent with `shown`.
fn ranges(shown: &ProtectedTable) -> Vec<(Figure, f64, f64)> {
    let k = shown.threshold as f64;
    let all = figures(shown);
    let hidden: Vec<(Figure, Cell)> = all
        .iter()
        .copied()
        .filter(|(_, c)| c.count().is_none())
        .collect();
    let value_of = |f: Figure| all.iter().find(|(g, _)| *g == f).unwrap().1;
    // Each line: the figures on it with their sign; the signed sum is zero.
    let (rows, columns) = (shown.rows.len(), shown.columns.len());
    let mut lines: Vec<Vec<(Figure, f64)>> = Vec::new();
    for r in 0..rows {
        let mut line: Vec<(Figure, f64)> = (0..columns)
            .map(|c| (Figure::Cell { row: r, column: c }, 1.0))
            .collect();
        line.push((Figure::RowTotal(r), -1.0));
        lines.push(line);
    }
    for c in 0..columns {
        let mut line: Vec<(Figure, f64)> = (0..rows)
            .map(|r| (Figure::Cell { row: r, column: c }, 1.0))
            .collect();
        line.push((Figure::ColumnTotal(c), -1.0));
        lines.push(line);
    }
    let mut grand: Vec<(Figure, f64)> = (0..rows).map(|r| (Figure::RowTotal(r), 1.0)).collect();
    grand.push((Figure::Total, -1.0));
    lines.push(grand);

    let solve = |target: Figure, direction: OptimizationDirection| -> f64 {
        let mut lp = Problem::new(direction);
        let vars: Vec<(Figure, microlp::Variable)> = hidden
            .iter()
            .map(|&(f, cell)| {
                let bounds = match cell {
                    Cell::Small => (1.0, k - 1.0),
                    Cell::Hidden => (k, LARGE),
                    Cell::Count(_) => panic!("a shown figure is no variable"),
                };
                (f, lp.add_var(if f == target { 1.0 } else { 0.0 }, bounds))
            })
            .collect();
        for line in &lines {
            let mut terms = Vec::new();
            let mut rhs = 0.0;
            for &(f, sign) in line {
                match value_of(f) {
                    Cell::Count(n) => rhs -= sign * n as f64,
                    _ => terms.push((vars.iter().find(|(g, _)| *g == f).unwrap().1, sign)),
                }
            }
            if terms.is_empty() {
                assert!(rhs.abs() < 0.5, "shown figures of a line do not add up");
            } else {
                lp.add_constraint(terms.as_slice(), ComparisonOp::Eq, rhs);
            }
        }
        let solution = lp
            .solve()
            .expect("what is shown is consistent with some table")
            .into_solution()
            .expect("small problems solve within the default limits");
        solution.objective()
    };
    hidden
        .iter()
        .map(|&(f, _)| {
            (
                f,
                solve(f, OptimizationDirection::Minimize),
                solve(f, OptimizationDirection::Maximize),
            )
        })
        .collect()
}

/// The figures a reader can work out exactly (least = greatest).
fn pinned(shown: &ProtectedTable) -> BTreeSet<Figure> {
    ranges(shown)
        .into_iter()
        .filter(|&(_, lo, hi)| hi - lo < 0.5)
        .map(|(f, _, _)| f)
        .collect()
}

/// Every figure shown is the true count; `< k` is 1..k−1 and `•` at least k, as the reader is told.
fn assert_truthful(table: &CountTable, shown: &ProtectedTable) {
    let k = shown.threshold;
    for (f, cell) in figures(shown) {
        let truth = true_value(table, f);
        match cell {
            Cell::Count(n) => assert_eq!(n, truth, "{f:?} is shown as {n}, it is {truth}"),
            Cell::Small => assert!((1..k).contains(&truth), "{f:?} = {truth} shown as < {k}"),
            Cell::Hidden => assert!(truth >= k, "{f:?} = {truth} shown as •"),
        }
    }
}

/// The most a truthful table can hide: every non-zero figure suppressed.
fn all_hidden(table: &CountTable, k: u64) -> ProtectedTable {
    let hide = |n: u64| match n {
        0 => Cell::Count(0),
        n if n < k => Cell::Small,
        _ => Cell::Hidden,
    };
    ProtectedTable {
        title: table.title.clone(),
        row_heading: table.row_heading.clone(),
        rows: table.rows.clone(),
        columns: table.columns.clone(),
        threshold: k,
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

/// Protects, then checks it all: truthful, nothing pinned, and `exposed` agrees (empty).
fn protect_safely(t: &CountTable, k: u64) -> ProtectedTable {
    let shown = protect(t, k);
    assert_truthful(t, &shown);
    assert_eq!(pinned(&shown), BTreeSet::new(), "{shown:#?}");
    assert_eq!(exposed(t, &shown), Vec::new());
    shown
}

#[test]
fn the_threshold_is_the_organisations_but_never_below_five() {
    assert_eq!(threshold_for(None), 5);
    assert_eq!(threshold_for(Some(0)), 5);
    assert_eq!(threshold_for(Some(4)), 5);
    assert_eq!(threshold_for(Some(5)), 5);
    assert_eq!(threshold_for(Some(8)), 8);
    assert_eq!(protect(&table(&[&[3]]), 2).threshold, 5);
}

#[test]
fn four_is_small_five_is_shown_and_zero_stays_zero() {
    let t = table(&[&[4, 6, 6], &[6, 6, 6], &[0, 5, 0]]);
    let shown = protect_safely(&t, 5);
    assert_eq!(shown.cells[0][0], Cell::Small);
    assert_eq!(
        shown.cells[2],
        vec![Cell::Count(0), Cell::Count(5), Cell::Count(0)]
    );
    assert_eq!(shown.row_totals[2], Cell::Count(5));
}

#[test]
fn small_totals_are_small_too() {
    let t = table(&[&[2, 2], &[0, 0]]);
    let shown = protect_safely(&t, 5);
    assert_eq!(shown.row_totals, vec![Cell::Small, Cell::Count(0)]);
    assert_eq!(shown.column_totals, vec![Cell::Small, Cell::Small]);
    assert_eq!(shown.total, Cell::Small);
}

#[test]
fn the_checker_finds_a_small_cell_worked_back_from_its_row_total() {
    // Primary suppression alone: 29 − 6 − 20 = 3. The independent checker must see it (else it proves nothing).
    let t = table(&[&[3, 6, 20], &[8, 9, 30]]);
    let mut shown = all_hidden(&t, 5);
    for (r, row) in t.cells.iter().enumerate() {
        for (c, &n) in row.iter().enumerate() {
            if n >= 5 {
                shown.cells[r][c] = Cell::Count(n);
            }
        }
    }
    shown.row_totals = vec![Cell::Count(29), Cell::Count(47)];
    shown.column_totals = vec![Cell::Count(11), Cell::Count(15), Cell::Count(50)];
    shown.total = Cell::Count(76);
    assert_eq!(
        pinned(&shown),
        BTreeSet::from([Figure::Cell { row: 0, column: 0 }])
    );
    assert_eq!(
        exposed(&t, &shown),
        vec![Figure::Cell { row: 0, column: 0 }]
    );
}

#[test]
fn one_small_cell_beside_a_shown_row_total_gets_the_cheapest_partners() {
    let t = table(&[&[3, 6, 20], &[8, 9, 30]]);
    let shown = protect_safely(&t, 5);
    // The cheapest cycle through the 3: the 6 beside it, the 8 below it and the 9 that closes it.
    assert_eq!(
        shown.cells,
        vec![
            vec![Cell::Small, Cell::Hidden, Cell::Count(20)],
            vec![Cell::Hidden, Cell::Hidden, Cell::Count(30)],
        ]
    );
    assert_eq!(shown.row_totals, vec![Cell::Count(29), Cell::Count(47)]);
    assert_eq!(
        shown.column_totals,
        vec![Cell::Count(11), Cell::Count(15), Cell::Count(50)]
    );
    assert_eq!(shown.total, Cell::Count(76));
}

#[test]
fn two_smalls_of_four_under_a_shown_eight_are_not_pinned() {
    // Each row line has two suppressed cells, yet 4 + 4 = 8 pins both at their largest.
    let t = table(&[&[4, 4], &[20, 30]]);
    let shown = protect_safely(&t, 5);
    assert_eq!(shown.cells[0], vec![Cell::Small, Cell::Small]);
    assert_ne!(shown.row_totals[0], Cell::Count(8));
}

#[test]
fn one_small_cell_in_each_column_is_not_left_alone() {
    let t = table(&[&[2, 10, 10], &[10, 3, 10], &[10, 10, 1]]);
    let shown = protect_safely(&t, 5);
    for (r, row) in shown.cells.iter().enumerate() {
        assert_eq!(row[r], Cell::Small);
    }
}

#[test]
fn a_row_with_one_child_in_one_column() {
    let t = table(&[&[0, 1, 0], &[12, 7, 9], &[6, 0, 15]]);
    let shown = protect_safely(&t, 5);
    assert_eq!(shown.cells[0][1], Cell::Small);
    assert_eq!(shown.row_totals[0], Cell::Small);
}

#[test]
fn four_ones_under_a_total_of_four_cannot_be_hidden_and_are_named() {
    // Each figure is at least 1 and they add up to at most 4: the zeros give them away. No truthful table
    // hides that; `exposed` says so and the caller withholds the table.
    let t = table(&[&[1, 1, 1, 1, 0]]);
    let shown = protect(&t, 5);
    assert_truthful(&t, &shown);
    let caught: BTreeSet<Figure> = exposed(&t, &shown).into_iter().collect();
    assert!(caught.contains(&Figure::Cell { row: 0, column: 0 }));
    assert_eq!(caught, pinned(&shown));
    assert_eq!(pinned(&all_hidden(&t, 5)), pinned(&shown));
    // With a higher threshold the same counts are safe.
    protect_safely(&t, 6);
}

#[test]
fn the_same_counts_give_the_same_table() {
    let t = table(&[&[3, 6, 20, 1], &[8, 9, 30, 0], &[4, 4, 5, 12]]);
    assert_eq!(protect(&t, 5), protect(&t, 5));
    protect_safely(&t, 5);
}

#[test]
fn an_empty_table_shows_zeros() {
    let shown = protect_safely(&table(&[&[0, 0], &[0, 0]]), 5);
    assert_eq!(shown.total, Cell::Count(0));
}

#[test]
fn a_rate_is_withheld_when_either_part_is_suppressed() {
    assert_eq!(rate(Cell::Small, Cell::Count(200), 100.0), None);
    assert_eq!(rate(Cell::Hidden, Cell::Count(200), 100.0), None);
    assert_eq!(rate(Cell::Count(10), Cell::Small, 100.0), None);
    assert_eq!(rate(Cell::Count(10), Cell::Hidden, 100.0), None);
    assert_eq!(rate(Cell::Count(10), Cell::Count(200), 100.0), Some(5.0));
    // From a protected table: the 3 and its hidden row total give no rate.
    let shown = protect(&table(&[&[3, 6], &[8, 9]]), 5);
    assert_eq!(rate(shown.cells[0][0], shown.row_totals[0], 100.0), None);
    assert_eq!(rate(shown.cells[0][0], shown.total, 100.0), None);
}

/// Adversarial tables: many small values, zeros, rows with a single non-zero cell, 1–6 × 1–6, k in 5..=10;
/// one table in five holds only zeros and ones (lines of k − 1 ones under a small total: the inherent case).
fn adversarial() -> impl Strategy<Value = (CountTable, u64)> {
    (1..=6usize, 1..=6usize, 5..=10u64, prop::bool::weighted(0.2)).prop_flat_map(
        |(rows, columns, k, ones)| {
            let value = if ones {
                prop_oneof![Just(0u64), Just(1u64)].boxed()
            } else {
                prop_oneof![
                    3 => Just(0u64),
                    4 => 1..10u64,
                    2 => 5..30u64,
                    1 => 30..200u64,
                ]
                .boxed()
            };
            (
                proptest::collection::vec(proptest::collection::vec(value, columns), rows),
                proptest::collection::vec(proptest::option::weighted(0.25, 0..columns), rows),
                Just(k),
            )
                .prop_map(|(mut cells, single, k)| {
                    for (row, keep) in cells.iter_mut().zip(single) {
                        if let Some(keep) = keep {
                            for (c, n) in row.iter_mut().enumerate() {
                                if c != keep {
                                    *n = 0;
                                }
                            }
                        }
                    }
                    let refs: Vec<&[u64]> = cells.iter().map(Vec::as_slice).collect();
                    (table(&refs), k)
                })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn no_suppressed_figure_can_be_worked_out((t, k) in adversarial()) {
        let shown = protect(&t, k);
        assert_truthful(&t, &shown);
        let caught = pinned(&shown);
        // `exposed` (the production audit) names exactly what the independent solver pins.
        let named: BTreeSet<Figure> = exposed(&t, &shown).into_iter().collect();
        prop_assert_eq!(&named, &caught);
        if !caught.is_empty() {
            // Only what no truthful table can hide: pinned even with every non-zero figure suppressed.
            let inherent = pinned(&all_hidden(&t, k));
            prop_assert!(caught.is_subset(&inherent), "{:?} pinned in {:#?}", caught, shown);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The audit that comes with the protection names what a separate audit of the result names, also with
    /// figures known from elsewhere.
    #[test]
    fn the_audit_of_the_search_is_the_audit_of_the_result(
        (t, k) in adversarial(),
        known in proptest::collection::vec(0..8usize, 0..3),
    ) {
        let public: Vec<Figure> = known
            .into_iter()
            .map(|c| if c < t.columns.len() { Figure::ColumnTotal(c) } else { Figure::Total })
            .collect();
        let (shown, named) = protect_and_audit(&t, k, &public);
        prop_assert_eq!(&shown, &protect_knowing(&t, k, &public));
        prop_assert_eq!(named, exposed(&t, &shown));
    }
}
