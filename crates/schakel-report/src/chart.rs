//! What the SVG charts and the PDF's trend chart share: axes with round steps, and series styles that differ
//! by more than colour.

/// A value axis from `min` to `max` in steps of `step` (1, 2, 2.5 or 5 times a power of ten).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Axis {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// Decimals a tick label needs to show the step exactly.
    pub decimals: usize,
}

impl Axis {
    /// An axis over `lo..=hi` with about `target` steps. A range of non-negative values starts at zero (a
    /// chart of counts or rates that does not start at zero exaggerates a change). No finite value gives 0..1.
    pub fn nice(lo: f64, hi: f64, target: usize) -> Axis {
        let (lo, hi) = match (lo.is_finite(), hi.is_finite()) {
            (true, true) => (lo.min(0.0), hi.max(0.0)),
            _ => (0.0, 1.0),
        };
        let hi = if hi <= lo { lo + 1.0 } else { hi };
        let raw = (hi - lo) / target.max(1) as f64;
        let exponent = raw.log10().floor();
        let magnitude = 10f64.powf(exponent);
        let norm = raw / magnitude;
        let factor = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .find(|f| *f >= norm - 1e-9)
            .unwrap_or(10.0);
        let step = factor * magnitude;
        let min = (lo / step + 1e-9).floor() * step;
        let max = (hi / step - 1e-9).ceil() * step;
        let base = if exponent < 0.0 { -exponent } else { 0.0 } as usize;
        // 2.5 × 10^e needs one decimal more than 10^e when e ≤ 0 (2,5; 0,25); 25, 250 need none.
        let decimals = if (factor - 2.5).abs() < 1e-9 && exponent <= 0.0 {
            base + 1
        } else {
            base
        };
        Axis {
            min,
            max,
            step,
            decimals,
        }
    }

    /// The tick values from `min` to `max`.
    pub fn ticks(&self) -> Vec<f64> {
        let n = ((self.max - self.min) / self.step).round() as usize;
        (0..=n)
            .map(|i| {
                let v = self.min + i as f64 * self.step;
                // Snap away the floating-point dust (0.30000000000000004).
                let scale = 10f64.powi(self.decimals as i32 + 2);
                (v * scale).round() / scale
            })
            .collect()
    }

    /// Where `v` falls on a line from `from` (the minimum) to `to` (the maximum).
    pub fn place(&self, v: f64, from: f64, to: f64) -> f64 {
        let span = self.max - self.min;
        if span <= 0.0 {
            return from;
        }
        from + (v - self.min) / span * (to - from)
    }
}

/// How a series is drawn: a colour with at least 3:1 contrast against white (WCAG 2.2, 1.4.11), and a dash
/// pattern and a marker shape of its own, so series differ without colour too.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SeriesStyle {
    pub colour: (u8, u8, u8),
    /// Dash and gap lengths in line widths' worth of user units; empty is a solid line.
    pub dash: &'static [f32],
    pub marker: Marker,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

/// Dark blue, dark orange, green, purple, magenta, grey — each with 3:1 or more against white (tested).
const STYLES: [SeriesStyle; 6] = [
    SeriesStyle {
        colour: (0x1d, 0x5d, 0x9b),
        dash: &[],
        marker: Marker::Circle,
    },
    SeriesStyle {
        colour: (0xb0, 0x45, 0x0a),
        dash: &[8.0, 4.0],
        marker: Marker::Square,
    },
    SeriesStyle {
        colour: (0x2e, 0x7d, 0x32),
        dash: &[2.0, 3.0],
        marker: Marker::Triangle,
    },
    SeriesStyle {
        colour: (0x6a, 0x3d, 0x9a),
        dash: &[10.0, 3.0, 2.0, 3.0],
        marker: Marker::Diamond,
    },
    SeriesStyle {
        colour: (0xa0, 0x15, 0x5a),
        dash: &[4.0, 4.0],
        marker: Marker::Circle,
    },
    SeriesStyle {
        colour: (0x4d, 0x4d, 0x4d),
        dash: &[12.0, 4.0],
        marker: Marker::Square,
    },
];

/// The style of the `i`-th series (the styles repeat after six series).
pub(crate) fn series_style(i: usize) -> SeriesStyle {
    STYLES
        .get(i % STYLES.len())
        .copied()
        .unwrap_or(SeriesStyle {
            colour: (0, 0, 0),
            dash: &[],
            marker: Marker::Circle,
        })
}

/// The colour of bars and of text: dark enough for 4.5:1 against white.
pub(crate) const BAR_COLOUR: (u8, u8, u8) = (0x1d, 0x5d, 0x9b);
pub(crate) const TEXT_COLOUR: (u8, u8, u8) = (0x1a, 0x1a, 0x1a);
/// Axes and the outline of a suppressed bar: 3:1 or more against white.
pub(crate) const AXIS_COLOUR: (u8, u8, u8) = (0x59, 0x59, 0x59);
/// Grid lines: decorative (the tick labels carry the values), so lighter.
pub(crate) const GRID_COLOUR: (u8, u8, u8) = (0xd9, 0xd9, 0xd9);

pub(crate) fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The WCAG contrast ratio between a colour and white.
#[cfg(test)]
pub(crate) fn contrast_with_white((r, g, b): (u8, u8, u8)) -> f64 {
    fn channel(c: u8) -> f64 {
        let c = f64::from(c) / 255.0;
        if c <= 0.040_45 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    }
    let l = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    1.05 / (l + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_have_round_steps_and_start_at_zero() {
        let a = Axis::nice(3.0, 87.0, 5);
        assert_eq!((a.min, a.max, a.step, a.decimals), (0.0, 100.0, 20.0, 0));
        assert_eq!(a.ticks(), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        let a = Axis::nice(0.0, 1.3, 5);
        assert_eq!((a.step, a.max, a.decimals), (0.5, 1.5, 1));
        assert_eq!(a.ticks(), [0.0, 0.5, 1.0, 1.5]);
        let a = Axis::nice(0.0, 0.9, 4);
        assert_eq!((a.step, a.decimals), (0.25, 2));
        assert_eq!(a.ticks(), [0.0, 0.25, 0.5, 0.75, 1.0]);
        let a = Axis::nice(-12.0, 30.0, 5);
        assert_eq!((a.min, a.max, a.step), (-20.0, 30.0, 10.0));
        let a = Axis::nice(0.0, 0.0, 5);
        assert_eq!((a.min, a.max), (0.0, 1.0));
        let a = Axis::nice(f64::NAN, f64::NAN, 5);
        assert_eq!((a.min, a.max), (0.0, 1.0));
        let a = Axis::nice(0.0, 12_345.0, 5);
        assert_eq!((a.step, a.max), (2500.0, 12_500.0));
        assert_eq!(a.decimals, 0);
        assert_eq!(a.place(6250.0, 0.0, 100.0), 50.0);
    }

    #[test]
    fn series_colours_stand_out_from_white() {
        for s in STYLES {
            let ratio = contrast_with_white(s.colour);
            assert!(ratio >= 3.0, "{} has {ratio:.2}:1", hex(s.colour));
        }
        assert!(contrast_with_white(TEXT_COLOUR) >= 4.5);
        assert!(contrast_with_white(BAR_COLOUR) >= 4.5);
        assert!(contrast_with_white(AXIS_COLOUR) >= 4.5);
        let dashes: Vec<_> = STYLES.iter().map(|s| (s.dash, s.marker)).collect();
        for (i, d) in dashes.iter().enumerate() {
            assert!(
                !dashes[..i].contains(d),
                "series {i} looks like an earlier one"
            );
        }
    }
}
