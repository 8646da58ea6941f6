//! Charts as SVG, drawn on the server: no script, no external resources, no inline `style` (so a strict CSP
//! allows them inline in a page).
//!
//! Every chart is an image for assistive technology: `role="img"` with `aria-labelledby` naming its `<title>`
//! (the chart's title) and its `<desc>` (the data in words: every value, or "no data" for a gap). It scales
//! with its container (`viewBox`, no fixed size). Series colours have at least 3:1 contrast against white
//! and differ by dash pattern and marker shape too, named in a legend; bars carry their value as a label.
//! Numbers follow the reader's convention (`1.234,5` in Dutch); axis ticks step by 1, 2, 2,5 or 5 times a
//! power of ten. All text is XML-escaped.
//!
//! Ids inside a chart (`<title>`, `<desc>`, the hatch pattern) start with the caller's `id_prefix`, so two
//! charts on one page do not share ids. The prefix is cut down to `A-Z a-z 0-9 - _` (and gets `c-` in front
//! when it does not start with a letter).

mod bar;
pub(crate) mod line;

use schakel_domain::figures::Cell;

pub use bar::bar_chart;
pub use line::line_chart;

/// A named series of values, one per x label; `None` is a gap (no data, or withheld).
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// A line chart: e.g. referrals per 100 pupils for treated and control schools per school year.
#[derive(Debug, Clone, PartialEq)]
pub struct LineChart {
    /// Start of every id in the chart (see the module documentation).
    pub id_prefix: String,
    pub title: String,
    /// What the x labels are (e.g. "Schooljaar").
    pub x_label: String,
    /// What the values are (e.g. "Verwijzingen per 100 leerlingen").
    pub y_label: String,
    pub x_labels: Vec<String>,
    pub series: Vec<Series>,
    /// Decimals shown for a value (in the description and the point tooltips).
    pub decimals: usize,
}

/// The value of a bar as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BarValue {
    Value(f64),
    /// 1 to threshold − 1: a hatched bar up to the threshold, labelled `< k`.
    Small,
    /// Withheld so that a small value cannot be worked back: no bar, labelled `•`.
    Hidden,
}

impl From<Cell> for BarValue {
    fn from(c: Cell) -> Self {
        match c {
            Cell::Count(n) => BarValue::Value(n as f64),
            Cell::Small => BarValue::Small,
            Cell::Hidden => BarValue::Hidden,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    pub value: BarValue,
}

/// A horizontal bar chart: e.g. the answers to one Likert question, or counts per category.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    /// Start of every id in the chart (see the module documentation).
    pub id_prefix: String,
    pub title: String,
    /// What the values are (e.g. "Aantal leerlingen").
    pub value_label: String,
    pub bars: Vec<Bar>,
    /// The suppression threshold behind [`BarValue::Small`] (`< threshold`).
    pub threshold: u64,
    /// Decimals shown for a value.
    pub decimals: usize,
}

impl BarChart {
    /// One bar per column of a protected table's row (`None` for a row the table does not have).
    pub fn from_table_row(
        t: &schakel_domain::figures::ProtectedTable,
        row: usize,
        id_prefix: impl Into<String>,
        value_label: impl Into<String>,
    ) -> Option<BarChart> {
        let label = t.rows.get(row)?;
        let cells = t.cells.get(row)?;
        Some(BarChart {
            id_prefix: id_prefix.into(),
            title: format!("{} — {label}", t.title),
            value_label: value_label.into(),
            bars: t
                .columns
                .iter()
                .zip(cells)
                .map(|(c, v)| Bar {
                    label: c.clone(),
                    value: (*v).into(),
                })
                .collect(),
            threshold: t.threshold,
            decimals: 0,
        })
    }
}

/// Text for XML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Not allowed in XML 1.0 at all: dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

/// The caller's id prefix made into a valid, attribute-safe id start.
pub(crate) fn id_prefix(p: &str) -> String {
    let kept: String = p
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    if kept.starts_with(|c: char| c.is_ascii_alphabetic()) {
        kept
    } else {
        format!("c-{kept}")
    }
}

/// A coordinate with at most two decimals and no trailing zeros (smaller files, stable tests).
pub(crate) fn n(v: f64) -> String {
    let r = (v * 100.0).round() / 100.0;
    if r == r.trunc() {
        format!("{}", r as i64)
    } else {
        format!("{r}")
    }
}

/// The rough width of `text` at `size` px in a sans-serif face (0.55 em a character): for layout only.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.55
}

/// Words into lines of at most `max` characters.
pub(crate) fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// The opening tag of a chart, its `<title>` and `<desc>`.
pub(crate) fn open(p: &str, width: f64, height: f64, title: &str, desc: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" role=\"img\" \
         aria-labelledby=\"{p}-title {p}-desc\" font-family=\"system-ui, -apple-system, 'Segoe UI', \
         Roboto, 'DejaVu Sans', Arial, sans-serif\" font-size=\"12\" fill=\"{text}\">\
         <title id=\"{p}-title\">{title}</title><desc id=\"{p}-desc\">{desc}</desc>\
         <rect width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>",
        w = n(width),
        h = n(height),
        text = crate::chart::hex(crate::chart::TEXT_COLOUR),
        title = esc(title),
        desc = esc(desc),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The chart parses as XML, is an image labelled by its title and description, and has unique ids.
    pub(crate) fn check_accessible(svg: &str, prefix: &str) -> (String, String) {
        let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}\n{svg}"));
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert!(root.attribute("viewBox").is_some());
        assert!(root.attribute("width").is_none() && root.attribute("style").is_none());
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{prefix}-title {prefix}-desc").as_str())
        );
        let text_of = |id: &str| {
            doc.descendants()
                .find(|n| n.attribute("id") == Some(id))
                .unwrap_or_else(|| panic!("no element with id {id}"))
                .text()
                .unwrap_or_default()
                .to_owned()
        };
        let title = text_of(&format!("{prefix}-title"));
        let desc = text_of(&format!("{prefix}-desc"));
        assert!(!title.is_empty() && !desc.is_empty());
        let ids: Vec<_> = doc
            .descendants()
            .filter_map(|n| n.attribute("id"))
            .collect();
        for id in &ids {
            assert!(id.starts_with(prefix), "{id} lacks the prefix {prefix}");
            assert_eq!(ids.iter().filter(|i| *i == id).count(), 1, "{id} twice");
        }
        assert!(!svg.contains("<script"));
        (title, desc)
    }

    #[test]
    fn escaping_and_ids() {
        assert_eq!(
            esc("a<b & \"c\" 'd'>"),
            "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;"
        );
        assert_eq!(esc("x\u{1}y"), "xy");
        assert_eq!(id_prefix("trend-2024"), "trend-2024");
        assert_eq!(id_prefix("\"><script>"), "script");
        assert_eq!(id_prefix("1a"), "c-1a");
        assert_eq!(n(1.0), "1");
        assert_eq!(n(1.256), "1.26");
        assert_eq!(wrap("een twee drie vier", 9), ["een twee", "drie vier"]);
    }

    #[test]
    fn a_table_row_becomes_bars() {
        let t = crate::fixtures::table();
        let c = BarChart::from_table_row(&t, 1, "b", "Aantal").unwrap();
        assert_eq!(c.bars.len(), 2);
        assert_eq!(c.bars[0].value, BarValue::Small);
        assert_eq!(c.bars[1].value, BarValue::Hidden);
        assert!(BarChart::from_table_row(&t, 9, "b", "Aantal").is_none());
    }
}
