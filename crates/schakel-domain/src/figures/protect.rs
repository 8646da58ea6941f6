//! Primary and complementary suppression: small numbers never reveal a child (issue 12, ADR 015).
//!
//! **What a reader knows.** Every number shown, every total shown, that a `< k` figure ([`Cell::Small`]) is
//! 1 to k − 1, that a `•` figure ([`Cell::Hidden`]) is at least k (a non-zero figure under k would itself show
//! as `< k`), that a 0 is a 0, and that the rows add up to the row totals, the columns to the column totals and
//! both to the grand total.
//!
//! **The rule.**
//! - *Primary:* every cell and every total (row, column, grand) of 1 to k − 1 shows as `< k`; 0 shows as 0.
//! - *Complementary:* no figure that is not shown may be worked out exactly from what is. Where one could be
//!   (one `< k` in a row whose total is shown: subtract; two `< k` of 4 and 4 under a shown total of 8: both
//!   pinned at their largest), more figures are hidden as `•`, the cheapest first (the smallest counts; a 0
//!   is never hidden, it protects nothing).
//!
//! **The audit.** Write the table with its totals as one grid in which every row and every column adds up to
//! zero (totals with a minus sign). Another table the reader cannot tell apart differs from the true one by
//! such a zero-sum grid on the hidden figures only, and any such difference splits into cycles of +1 and −1
//! that alternate between rows and columns. So a hidden figure can take another value exactly when a cycle of
//! ±1 steps runs through it, over hidden figures only, each step keeping its figure within what the reader
//! knows of it. That is a path search over rows and columns; the audit runs it for every hidden figure, and
//! where none exists it hides the cheapest set of shown figures that closes such a cycle (a shortest path),
//! which protects every figure on it at once. Hiding more only widens what the reader must consider, so
//! figures already protected stay protected and the loop ends.
//!
//! **What it cannot do.** A line of k − 1 ones under a total of k − 1 (four children in four columns of one
//! row, with k = 5) gives itself away through its zeros: every figure is at least 1 and they add up to at most
//! k − 1. No truthful table hides that; [`exposed`] names such figures so the caller withholds the table or
//! merges rows. Differences between two tables (another filter, another period) are not seen here: the caller
//! protects every table it shows, each from its own counts.

use super::SMALL_NUMBER;
use super::table::{Cell, CountTable, ProtectedTable};

/// The threshold for an organisation: its own setting when it raised it, never below [`SMALL_NUMBER`].
pub fn threshold_for(org_setting: Option<u64>) -> u64 {
    let floor = SMALL_NUMBER.unsigned_abs();
    org_setting.map_or(floor, |k| k.max(floor))
}

/// One figure of a shown table: a cell or a total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Figure {
    Cell { row: usize, column: usize },
    RowTotal(usize),
    ColumnTotal(usize),
    Total,
}

/// The table as it may be shown with threshold `k` (raised to [`SMALL_NUMBER`] when lower): small figures
/// as `< k`, and the fewest, smallest other figures as `•` so that none of them can be worked back (see the
/// module docs). The same counts always give the same table.
pub fn protect(table: &CountTable, threshold: u64) -> ProtectedTable {
    let mut grid = Grid::primary(table, threshold_for(Some(threshold)));
    grid.complete();
    grid.shown(table)
}

/// Like [`protect`], for a table some of whose figures a reader already knows from another table on the same
/// page (e.g. the quarter totals of referrals, shown in the table per school): those are never hidden here (hiding
/// them would protect nothing), so the suppression is completed with other figures instead. A `public` figure
/// that is small in this table stays small.
pub fn protect_knowing(table: &CountTable, threshold: u64, public: &[Figure]) -> ProtectedTable {
    protect_and_audit(table, threshold, public).0
}

/// [`protect_knowing`] and, from the same search, what [`exposed`] would list for its result (the figures no
/// truthful table hides), without searching again.
pub fn protect_and_audit(
    table: &CountTable,
    threshold: u64,
    public: &[Figure],
) -> (ProtectedTable, Vec<Figure>) {
    let mut grid = Grid::primary(table, threshold_for(Some(threshold)));
    for f in public {
        let (r, c) = grid.position(*f);
        if grid.mark(r, c) == Mark::Shown {
            let i = grid.index(r, c);
            if let Some(m) = grid.marks.get_mut(i) {
                *m = Mark::Public;
            }
        }
    }
    let hopeless = grid.complete();
    let exposed = grid
        .hidden_figures()
        .filter(|&(r, c)| hopeless.get(grid.index(r, c)).copied().unwrap_or(false))
        .map(|(r, c)| grid.figure(r, c))
        .collect();
    (grid.shown(table), exposed)
}

/// The figures of `shown` whose value a reader can still work out exactly (empty for a safe table).
///
/// `shown` must be a truthful showing of `table` (as [`protect`] makes it). After [`protect`] this lists only
/// the figures no truthful table can hide (k − 1 ones under a total of k − 1); the caller then withholds the
/// table or merges rows.
pub fn exposed(table: &CountTable, shown: &ProtectedTable) -> Vec<Figure> {
    let grid = Grid::from_shown(table, shown);
    grid.hidden_figures()
        .filter(|&(r, c)| !grid.can_change(r, c))
        .map(|(r, c)| grid.figure(r, c))
        .collect()
}

/// How a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    Shown,
    /// Shown, and shown elsewhere too (another table on the same page): never hidden to protect this table.
    Public,
    Small,
    Hidden,
}

/// A node of the path search: a row or a column of the grid (the totals row and column included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Node {
    Row(usize),
    Column(usize),
}

/// The table and its totals as one grid of `(rows + 1) × (columns + 1)` figures: row `rows` holds the column
/// totals, column `columns` the row totals, and the corner the grand total. With the totals taken negatively
/// (the corner positively) every row and every column of the grid adds up to zero.
struct Grid {
    rows: usize,
    columns: usize,
    k: u64,
    values: Vec<u64>,
    marks: Vec<Mark>,
}

impl Grid {
    /// The counts and their totals, with the primary rule applied: 1 to k − 1 is small.
    fn primary(table: &CountTable, k: u64) -> Self {
        let mut grid = Grid::counts(table, k);
        grid.marks = grid
            .values
            .iter()
            .map(|&v| {
                if (1..k).contains(&v) {
                    Mark::Small
                } else {
                    Mark::Shown
                }
            })
            .collect();
        grid
    }

    /// The counts and their totals, marked as `shown` shows them.
    fn from_shown(table: &CountTable, shown: &ProtectedTable) -> Self {
        let mut grid = Grid::counts(table, shown.threshold);
        let mark = |cell: Option<&Cell>| match cell {
            Some(Cell::Small) => Mark::Small,
            Some(Cell::Hidden) => Mark::Hidden,
            Some(Cell::Count(_)) | None => Mark::Shown,
        };
        grid.marks = (0..=grid.rows)
            .flat_map(|r| (0..=grid.columns).map(move |c| (r, c)))
            .map(|(r, c)| {
                mark(match (r == grid.rows, c == grid.columns) {
                    (false, false) => shown.cells.get(r).and_then(|row| row.get(c)),
                    (false, true) => shown.row_totals.get(r),
                    (true, false) => shown.column_totals.get(c),
                    (true, true) => Some(&shown.total),
                })
            })
            .collect();
        grid
    }

    fn counts(table: &CountTable, k: u64) -> Self {
        let (rows, columns) = (table.rows.len(), table.columns.len());
        let count = |r: usize, c: usize| {
            table
                .cells
                .get(r)
                .and_then(|row| row.get(c))
                .copied()
                .unwrap_or(0)
        };
        let row_total = |r: usize| (0..columns).map(|c| count(r, c)).sum::<u64>();
        let column_total = |c: usize| (0..rows).map(|r| count(r, c)).sum::<u64>();
        let values = (0..=rows)
            .flat_map(|r| (0..=columns).map(move |c| (r, c)))
            .map(|(r, c)| match (r == rows, c == columns) {
                (false, false) => count(r, c),
                (false, true) => row_total(r),
                (true, false) => column_total(c),
                (true, true) => (0..rows).map(row_total).sum(),
            })
            .collect();
        Grid {
            rows,
            columns,
            k,
            values,
            marks: Vec::new(),
        }
    }

    fn index(&self, r: usize, c: usize) -> usize {
        r * (self.columns + 1) + c
    }

    fn value(&self, r: usize, c: usize) -> u64 {
        self.values.get(self.index(r, c)).copied().unwrap_or(0)
    }

    fn mark(&self, r: usize, c: usize) -> Mark {
        self.marks
            .get(self.index(r, c))
            .copied()
            .unwrap_or(Mark::Shown)
    }

    fn hide(&mut self, r: usize, c: usize) {
        let i = self.index(r, c);
        if let Some(mark) = self.marks.get_mut(i) {
            *mark = Mark::Hidden;
        }
    }

    fn position(&self, f: Figure) -> (usize, usize) {
        match f {
            Figure::Cell { row, column } => (row, column),
            Figure::RowTotal(r) => (r, self.columns),
            Figure::ColumnTotal(c) => (self.rows, c),
            Figure::Total => (self.rows, self.columns),
        }
    }

    fn figure(&self, r: usize, c: usize) -> Figure {
        match (r == self.rows, c == self.columns) {
            (false, false) => Figure::Cell { row: r, column: c },
            (false, true) => Figure::RowTotal(r),
            (true, false) => Figure::ColumnTotal(c),
            (true, true) => Figure::Total,
        }
    }

    /// Every figure not shown, row by row.
    fn hidden_figures(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..=self.rows)
            .flat_map(move |r| (0..=self.columns).map(move |c| (r, c)))
            .filter(|&(r, c)| !matches!(self.mark(r, c), Mark::Shown | Mark::Public))
    }

    /// Hides more until every hidden figure can take another value, or is one that no truthful table hides
    /// (no cycle even with every shown figure opened: that stays so, whatever else is hidden). Returns the
    /// latter, marked by grid index: after this they are exactly the hidden figures that cannot change.
    ///
    /// Hiding more only adds steps, so a figure once seen able to change stays so and is not searched again
    /// (the same choices as searching it on every round, in fewer searches).
    fn complete(&mut self) -> Vec<bool> {
        let mut hopeless = vec![false; self.values.len()];
        let mut free = vec![false; self.values.len()];
        loop {
            let mut hid_more = false;
            let figures: Vec<(usize, usize)> = self.hidden_figures().collect();
            for (r, c) in figures {
                let i = self.index(r, c);
                if hopeless.get(i).copied().unwrap_or(true) || free.get(i).copied().unwrap_or(true)
                {
                    continue;
                }
                if self.can_change(r, c) {
                    if let Some(f) = free.get_mut(i) {
                        *f = true;
                    }
                    continue;
                }
                if self.repair(r, c) {
                    hid_more = true;
                } else if let Some(h) = hopeless.get_mut(i) {
                    *h = true;
                }
            }
            if !hid_more {
                break;
            }
        }
        hopeless
    }

    /// Whether the hidden figure at `(r, c)` can take another value: a cycle of ±1 steps through it over
    /// hidden figures only.
    fn can_change(&self, r: usize, c: usize) -> bool {
        let up = self.steps(r, c, true, false).is_some()
            && self
                .cheapest_path(Node::Column(c), Node::Row(r), (r, c), false)
                .is_some();
        up || (self.steps(r, c, false, false).is_some()
            && self
                .cheapest_path(Node::Row(r), Node::Column(c), (r, c), false)
                .is_some())
    }

    /// Hides the cheapest set of shown figures that closes a cycle through `(r, c)`; false when none does.
    fn repair(&mut self, r: usize, c: usize) -> bool {
        let rise = self
            .steps(r, c, true, false)
            .and_then(|_| self.cheapest_path(Node::Column(c), Node::Row(r), (r, c), true));
        let fall = self
            .steps(r, c, false, false)
            .and_then(|_| self.cheapest_path(Node::Row(r), Node::Column(c), (r, c), true));
        let best = match (rise, fall) {
            (Some(a), Some(b)) => Some(if b.0 < a.0 { b } else { a }),
            (a, b) => a.or(b),
        };
        let Some((_, path)) = best else {
            return false;
        };
        for (pr, pc) in path {
            if self.mark(pr, pc) == Mark::Shown {
                self.hide(pr, pc);
            }
        }
        true
    }

    /// The cost of one ±1 step on the figure at `(r, c)`, or `None` when the step is not possible.
    ///
    /// `up` is a step up in the grid's signs (row to column in the search): the count itself rises for a cell
    /// or the grand total, and falls for a row or column total. A hidden figure steps for free when it stays
    /// within what the reader knows (`< k`: 1 to k − 1; `•`: k or more). With `open`, a shown non-zero figure
    /// may step too, at the cost of its count: it would then be hidden as `•` (it is at least k).
    fn steps(&self, r: usize, c: usize, up: bool, open: bool) -> Option<u64> {
        let v = self.value(r, c);
        let is_total = (r == self.rows) != (c == self.columns);
        let rises = up != is_total;
        let within = |mark: Mark| match (mark, rises) {
            (Mark::Small, true) => v.saturating_add(1) < self.k,
            (Mark::Small, false) => v > 1,
            (Mark::Hidden, true) => true,
            (Mark::Hidden, false) => v > self.k,
            (Mark::Shown | Mark::Public, _) => false,
        };
        match self.mark(r, c) {
            Mark::Shown if open && v > 0 => within(Mark::Hidden).then_some(v),
            Mark::Public => None,
            mark => within(mark).then_some(0),
        }
    }

    fn node_count(&self) -> usize {
        self.rows + self.columns + 2
    }

    fn node_id(&self, node: Node) -> usize {
        match node {
            Node::Row(r) => r,
            Node::Column(c) => self.rows + 1 + c,
        }
    }

    fn node(&self, id: usize) -> Node {
        if id <= self.rows {
            Node::Row(id)
        } else {
            Node::Column(id - self.rows - 1)
        }
    }

    /// The figure between two nodes and the direction of the step: row to column is up.
    fn edge(from: Node, to: Node) -> Option<((usize, usize), bool)> {
        match (from, to) {
            (Node::Row(r), Node::Column(c)) => Some(((r, c), true)),
            (Node::Column(c), Node::Row(r)) => Some(((r, c), false)),
            _ => None,
        }
    }

    /// The cheapest path of steps from `from` to `to` that does not use the figure `skip` (Dijkstra over the
    /// few rows and columns; ties go to the lowest row or column, so the result is always the same). Returns
    /// its cost and the figures on it.
    fn cheapest_path(
        &self,
        from: Node,
        to: Node,
        skip: (usize, usize),
        open: bool,
    ) -> Option<(u64, Vec<(usize, usize)>)> {
        use std::cmp::Reverse;
        let n = self.node_count();
        let mut dist: Vec<Option<u64>> = vec![None; n];
        let mut prev: Vec<Option<usize>> = vec![None; n];
        let mut done = vec![false; n];
        let (start, goal) = (self.node_id(from), self.node_id(to));
        if let Some(d) = dist.get_mut(start) {
            *d = Some(0);
        }
        // The unfinished node with the lowest (distance, id) next, as a scan over all nodes would pick it: a
        // node's smallest entry in the heap is its current distance; entries of finished nodes are skipped.
        let mut queue = std::collections::BinaryHeap::from([Reverse((0u64, start))]);
        loop {
            let Reverse((d, id)) = queue.pop()?;
            if done.get(id).copied().unwrap_or(true) {
                continue;
            }
            if id == goal {
                break;
            }
            if let Some(finished) = done.get_mut(id) {
                *finished = true;
            }
            let here = self.node(id);
            // Steps go between a row and a column only: a row's neighbours are the columns, a column's the
            // rows, each in the order of their ids.
            let neighbours = match here {
                Node::Row(_) => (self.rows + 1)..n,
                Node::Column(_) => 0..(self.rows + 1),
            };
            for other in neighbours {
                let Some(((r, c), up)) = Grid::edge(here, self.node(other)) else {
                    continue;
                };
                if (r, c) == skip || done.get(other).copied().unwrap_or(true) {
                    continue;
                }
                let Some(cost) = self.steps(r, c, up, open) else {
                    continue;
                };
                let through = d.saturating_add(cost);
                if let Some(slot) = dist.get_mut(other)
                    && slot.is_none_or(|known| through < known)
                {
                    *slot = Some(through);
                    if let Some(p) = prev.get_mut(other) {
                        *p = Some(id);
                    }
                    queue.push(Reverse((through, other)));
                }
            }
        }
        let mut path = Vec::new();
        let mut at = goal;
        while at != start {
            let before = prev.get(at).copied().flatten()?;
            let ((r, c), _) = Grid::edge(self.node(before), self.node(at))?;
            path.push((r, c));
            at = before;
        }
        path.reverse();
        Some((dist.get(goal).copied().flatten()?, path))
    }

    fn cell(&self, r: usize, c: usize) -> Cell {
        match self.mark(r, c) {
            Mark::Shown | Mark::Public => Cell::Count(self.value(r, c)),
            Mark::Small => Cell::Small,
            Mark::Hidden => Cell::Hidden,
        }
    }

    fn shown(&self, table: &CountTable) -> ProtectedTable {
        ProtectedTable {
            title: table.title.clone(),
            row_heading: table.row_heading.clone(),
            rows: table.rows.clone(),
            columns: table.columns.clone(),
            threshold: self.k,
            cells: (0..self.rows)
                .map(|r| (0..self.columns).map(|c| self.cell(r, c)).collect())
                .collect(),
            row_totals: (0..self.rows).map(|r| self.cell(r, self.columns)).collect(),
            column_totals: (0..self.columns).map(|c| self.cell(self.rows, c)).collect(),
            total: self.cell(self.rows, self.columns),
        }
    }
}

#[cfg(test)]
mod tests;
