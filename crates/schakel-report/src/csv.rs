//! One protected table as CSV, for a spreadsheet or another program.
//!
//! The file is the table and nothing else, so that it reads back as data:
//!
//! - the first row is the header: the table's `row_heading`, its columns, and `Totaal` (English `Total`);
//! - then one row per table row: its label, its cells and its row total;
//! - the last row holds the column totals and the grand total, labelled `Totaal` / `Total`.
//!
//! Cells are the figures as they may be shown ([`Cell`]):
//!
//! - a count is written as plain digits, without thousands separators (`1234`), so every program reads it
//!   as a number;
//! - `< k` (e.g. `< 5`, the table's threshold) is a count from 1 to k − 1, not shown so that no child can be
//!   recognised;
//! - `•` (U+2022) is a cell withheld so that a small count cannot be worked back from the totals; it is at
//!   least k.
//!
//! The title and the legend of the markers are not in the file (they would break reading it as a table):
//! the page that offers the download shows them, and [`Cell::legend`] words them.
//!
//! **Separator.** Dutch readers ([`Lang::Nl`]) get `;` — Excel with Dutch regional settings uses the comma as
//! the decimal sign and the semicolon as list separator, so it opens a `;` file in columns by a double click.
//! English readers get `,` (RFC 4180). Records end with CRLF (RFC 4180); fields are quoted only when needed.
//! The string has no byte-order mark; a download handler that wants Excel to see UTF-8 (accents in school
//! names) prepends [`UTF8_BOM`].
//!
//! Text cells (labels, headings) starting with `=`, `+`, `-`, `@`, a tab or a carriage return get a leading
//! `'`, so a spreadsheet does not run them as a formula (CSV injection).

use schakel_domain::Lang;
use schakel_domain::figures::{Cell, ProtectedTable};

/// The byte-order mark a download may put before the CSV so that Excel reads it as UTF-8.
pub const UTF8_BOM: &str = "\u{feff}";

/// The field separator for a reader: `;` in Dutch, `,` in English.
pub fn separator(lang: Lang) -> u8 {
    lang.pick(b';', b',')
}

/// The table as CSV (see the module documentation for the layout and the markers).
pub fn table_csv(t: &ProtectedTable, lang: Lang) -> String {
    let total = lang.pick("Totaal", "Total");
    let width = t.columns.len();
    let mut records: Vec<Vec<String>> = Vec::with_capacity(t.rows.len() + 2);

    let mut header = Vec::with_capacity(width + 2);
    header.push(text_field(&t.row_heading));
    header.extend(t.columns.iter().map(|c| text_field(c)));
    header.push(total.to_owned());
    records.push(header);

    for (i, label) in t.rows.iter().enumerate() {
        let cells = t.cells.get(i).map_or(&[][..], Vec::as_slice);
        let row_total = t.row_totals.get(i).copied();
        records.push(record(label, cells, width, row_total, t.threshold));
    }
    records.push(record(
        total,
        &t.column_totals,
        width,
        Some(t.total),
        t.threshold,
    ));

    let mut w = ::csv::WriterBuilder::new()
        .delimiter(separator(lang))
        .terminator(::csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for r in &records {
        // Writing equal-length records into memory cannot fail.
        if w.write_record(r).is_err() {
            return String::new();
        }
    }
    w.into_inner()
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .unwrap_or_default()
}

/// A label, the cells (exactly `width` of them: a malformed table's missing cells are left empty) and a total.
fn record(
    label: &str,
    cells: &[Cell],
    width: usize,
    total: Option<Cell>,
    threshold: u64,
) -> Vec<String> {
    let mut r = Vec::with_capacity(width + 2);
    r.push(text_field(label));
    r.extend((0..width).map(|j| cells.get(j).map_or_else(String::new, |c| c.text(threshold))));
    r.push(total.map_or_else(String::new, |c| c.text(threshold)));
    r
}

/// A text field that a spreadsheet will not run as a formula.
fn text_field(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::table;

    #[test]
    fn dutch_csv_uses_semicolons_and_keeps_the_markers() {
        let csv = table_csv(&table(), Lang::Nl);
        assert_eq!(
            csv,
            "School;Gestart;Afgerond;Totaal\r\n\
             De Eekhoorn;1234;0;1234\r\n\
             \"Sint-Joris; \"\"Zoë\"\"\";< 5;•;•\r\n\
             '=HYPERLINK(1);7;8;15\r\n\
             Totaal;1245;12;1257\r\n"
        );
    }

    #[test]
    fn english_csv_uses_commas_and_reads_back() {
        let csv = table_csv(&table(), Lang::En);
        let mut r = ::csv::ReaderBuilder::new()
            .delimiter(b',')
            .from_reader(csv.as_bytes());
        let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
        assert_eq!(header, ["School", "Gestart", "Afgerond", "Total"]);
        let rows: Vec<Vec<String>> = r
            .records()
            .map(|rec| rec.unwrap().iter().map(String::from).collect())
            .collect();
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[1], ["Sint-Joris; \"Zoë\"", "< 5", "•", "•"]);
        assert_eq!(rows[3], ["Total", "1245", "12", "1257"]);
    }

    #[test]
    fn a_malformed_table_still_gives_equal_rows() {
        let mut t = table();
        t.cells[0].pop();
        t.row_totals.clear();
        let csv = table_csv(&t, Lang::Nl);
        assert!(csv.contains("De Eekhoorn;1234;;\r\n"), "{csv}");
    }
}
