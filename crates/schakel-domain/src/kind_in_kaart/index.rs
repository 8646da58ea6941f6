//! A latitude/longitude grid over the activities, so a ranking only looks at cells near the child.
//!
//! Cells are about `cell_km` on each side (5 km by default, the default cycling distance). The
//! prepared activities ([`Prepared`]: compact filter and scoring fields, strings interned) are stored
//! sorted by cell, row by row, so the cells of one grid row that overlap the search box are one
//! contiguous slice, and the activities near a child lie together in memory. The search box is the exact
//! latitude/longitude box of the circle of 1.5 × cycling distance (plus a margin) around home and
//! around school; every candidate then goes through the same filters and scoring as [`super::rank`],
//! so both give the same result. Near a pole or across the ±180° meridian the box is not used and
//! every activity is considered (still correct, only slower; never the case in the Netherlands).

use super::Activity;
use super::Ctx;
use super::geo::{BBox, EARTH_RADIUS_M, bbox};
use super::prepared::{Cold, Hot, Prepared};

/// Default cell side in km.
pub const DEFAULT_CELL_KM: f64 = 5.0;
/// Upper bound on the number of cells; larger grids get coarser cells.
const MAX_CELLS: usize = 1 << 20;
/// Kilometres per degree of latitude on the sphere used for distances.
const KM_PER_DEG: f64 = EARTH_RADIUS_M / 1000.0 * std::f64::consts::PI / 180.0;

/// Activities bucketed on a latitude/longitude grid; build once, rank many children against it.
#[derive(Debug, Clone)]
pub struct ActivityIndex {
    activities: Vec<Activity>,
    /// Activities with a valid location, sorted by cell (row-major).
    prepared: Prepared,
    /// `cell_start[c]..cell_start[c + 1]` are the prepared entries in cell `c`; length cells + 1.
    cell_start: Vec<usize>,
    lat_min: f64,
    lon_min: f64,
    cell_lat: f64,
    cell_lon: f64,
    rows: usize,
    cols: usize,
}

impl ActivityIndex {
    /// Builds the index with cells of [`DEFAULT_CELL_KM`].
    pub fn new(activities: Vec<Activity>) -> ActivityIndex {
        ActivityIndex::with_cell_km(activities, DEFAULT_CELL_KM)
    }

    /// Builds the index with cells of about `cell_km` on each side (a non-positive or non-finite
    /// value means the default). Any cell size gives the same rankings; it only changes the speed.
    pub fn with_cell_km(activities: Vec<Activity>, cell_km: f64) -> ActivityIndex {
        let cell_km = if cell_km.is_finite() && cell_km > 0.0 {
            cell_km.max(0.05)
        } else {
            DEFAULT_CELL_KM
        };
        let prepared = Prepared::new(&activities);
        let hot = &prepared.hot;

        let (mut lat_min, mut lat_max, mut lon_min, mut lon_max) =
            (90.0f64, -90.0f64, 180.0f64, -180.0f64);
        for h in hot {
            lat_min = lat_min.min(h.point.lat);
            lat_max = lat_max.max(h.point.lat);
            lon_min = lon_min.min(h.point.lon);
            lon_max = lon_max.max(h.point.lon);
        }
        if hot.is_empty() {
            (lat_min, lat_max, lon_min, lon_max) = (0.0, 0.0, 0.0, 0.0);
        }
        let mid_cos = ((lat_min + lat_max) / 2.0).to_radians().cos().max(0.01);
        let mut cell_lat = cell_km / KM_PER_DEG;
        let mut cell_lon = cell_km / (KM_PER_DEG * mid_cos);
        let dims = |cl: f64, cn: f64| {
            (
                ((lat_max - lat_min) / cl) as usize + 1,
                ((lon_max - lon_min) / cn) as usize + 1,
            )
        };
        let (mut rows, mut cols) = dims(cell_lat, cell_lon);
        while rows.saturating_mul(cols) > MAX_CELLS {
            cell_lat *= 2.0;
            cell_lon *= 2.0;
            (rows, cols) = dims(cell_lat, cell_lon);
        }

        let mut index = ActivityIndex {
            activities: Vec::new(),
            prepared: Prepared::default(),
            cell_start: Vec::new(),
            lat_min,
            lon_min,
            cell_lat,
            cell_lon,
            rows,
            cols,
        };

        // Counting sort of the entries by cell.
        let cells = rows * cols;
        let cell_of: Vec<usize> = hot
            .iter()
            .map(|h| index.row(h.point.lat) * cols + index.col(h.point.lon))
            .collect();
        let mut start = vec![0usize; cells + 1];
        for &c in &cell_of {
            if let Some(n) = start.get_mut(c + 1) {
                *n += 1;
            }
        }
        let mut running = 0;
        for n in &mut start {
            running += *n;
            *n = running;
        }
        let mut next = start.clone();
        let mut order: Vec<usize> = vec![0; hot.len()];
        for (entry, &c) in cell_of.iter().enumerate() {
            if let Some(n) = next.get_mut(c) {
                if let Some(slot) = order.get_mut(*n) {
                    *slot = entry;
                }
                *n += 1;
            }
        }
        index.prepared = prepared.reordered(&order);
        index.activities = activities;
        index.cell_start = start;
        index
    }

    /// The activities, in the order given to [`ActivityIndex::new`].
    pub fn activities(&self) -> &[Activity] {
        &self.activities
    }

    pub fn len(&self) -> usize {
        self.activities.len()
    }

    pub fn is_empty(&self) -> bool {
        self.activities.is_empty()
    }

    /// Grid size as `(rows, columns)`.
    pub fn grid_size(&self) -> (usize, usize) {
        (self.rows, self.cols)
    }

    pub(crate) fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    /// Row of a latitude; monotone in the latitude and clamped to the grid, so a point inside a
    /// latitude range is in a row between the rows of the range's ends.
    fn row(&self, lat: f64) -> usize {
        (((lat - self.lat_min) / self.cell_lat) as usize).min(self.rows.saturating_sub(1))
    }

    fn col(&self, lon: f64) -> usize {
        (((lon - self.lon_min) / self.cell_lon) as usize).min(self.cols.saturating_sub(1))
    }

    /// Calls `f` for every activity that may be within the search radius of the child's home or
    /// school (each at most once); `f` applies the exact filters.
    pub(crate) fn for_each_candidate<F>(&self, ctx: &Ctx<'_>, mut f: F)
    where
        F: FnMut(&Hot, &Cold),
    {
        let (hot, cold) = (&self.prepared.hot, &self.prepared.cold);
        let mut visit = |from: usize, to: usize| {
            if let (Some(h), Some(c)) = (hot.get(from..to), cold.get(from..to)) {
                for (h, c) in h.iter().zip(c) {
                    f(h, c);
                }
            }
        };
        if ctx.max_m.is_nan() || hot.is_empty() {
            return;
        }
        // A margin over the exact radius: rounding to whole metres and floating-point error.
        let radius = ctx.max_m * (1.0 + 1e-6) + 50.0;
        let mut boxes: Vec<BBox> = Vec::with_capacity(2);
        for o in ctx.origins() {
            match bbox(o, radius) {
                Some(b) => boxes.push(b),
                None => {
                    visit(0, hot.len());
                    return;
                }
            }
        }
        // Cell ranges per box, skipping boxes entirely outside the grid.
        let lat_max = self.lat_min + self.cell_lat * self.rows as f64;
        let lon_max = self.lon_min + self.cell_lon * self.cols as f64;
        let ranges: Vec<(usize, usize, usize, usize)> = boxes
            .iter()
            .filter(|b| {
                b.1 >= self.lat_min && b.0 <= lat_max && b.3 >= self.lon_min && b.2 <= lon_max
            })
            .map(|b| (self.row(b.0), self.row(b.1), self.col(b.2), self.col(b.3)))
            .collect();
        let Some(first_row) = ranges.iter().map(|r| r.0).min() else {
            return;
        };
        let last_row = ranges.iter().map(|r| r.1).max().unwrap_or(first_row);
        for row in first_row..=last_row {
            // Column intervals of this row, merged when they overlap or touch.
            let mut spans: Vec<(usize, usize)> = ranges
                .iter()
                .filter(|r| r.0 <= row && row <= r.1)
                .map(|r| (r.2, r.3))
                .collect();
            spans.sort_unstable();
            let mut merged: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
            for (lo, hi) in spans {
                match merged.last_mut() {
                    Some(last) if lo <= last.1 + 1 => last.1 = last.1.max(hi),
                    _ => merged.push((lo, hi)),
                }
            }
            for (lo, hi) in merged {
                let from = self.cell_start.get(row * self.cols + lo).copied();
                let to = self.cell_start.get(row * self.cols + hi + 1).copied();
                if let (Some(from), Some(to)) = (from, to) {
                    visit(from, to);
                }
            }
        }
    }
}
