//! Protected tables as an Excel workbook: one worksheet per table.
//!
//! Each worksheet holds, from the top: the table's title (bold), an empty row, the header (bold: the row
//! heading, the columns, `Totaal`/`Total`), one row per table row with its row total, the row of column
//! totals (bold), an empty row and the legend of the markers ([`Cell::legend`]). The header is frozen so it
//! stays in view while scrolling.
//!
//! Counts are written as numbers (format `#,##0`, which Excel shows in the reader's own convention), so they
//! can be summed and charted; a suppressed cell is the text `< k` or `•`, right-aligned like the numbers.
//!
//! Worksheet names come from the table titles, made valid for Excel: at most 31 characters (UTF-16 code
//! units), none of `[ ] : * ? / \`, no apostrophe at either end, not `History`, and unique without regard to
//! case (a repeated title gets ` (2)`, ` (3)`, …). An empty title becomes `Tabel n` / `Table n`.

use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet};
use schakel_domain::Lang;
use schakel_domain::figures::{Cell, ProtectedTable};

use crate::ReportError;

/// Excel's limit on a worksheet name, in UTF-16 code units.
const SHEET_NAME_MAX: usize = 31;

/// The tables as an `.xlsx` file (see the module documentation for the layout). No tables gives a workbook
/// with one empty worksheet (a workbook must have one).
pub fn tables_xlsx(tables: &[ProtectedTable], lang: Lang) -> Result<Vec<u8>, ReportError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let mut names: Vec<String> = Vec::with_capacity(tables.len());
    for (i, t) in tables.iter().enumerate() {
        let fallback = format!("{} {}", lang.pick("Tabel", "Table"), i + 1);
        let name = sheet_name(&t.title, &fallback, &names);
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name)?;
        write_table(sheet, t, lang, &formats)?;
        names.push(name);
    }
    Ok(workbook.save_to_buffer()?)
}

struct Formats {
    bold: Format,
    count: Format,
    count_bold: Format,
    marker: Format,
    marker_bold: Format,
    header_number: Format,
}

impl Formats {
    fn new() -> Self {
        Formats {
            bold: Format::new().set_bold(),
            count: Format::new().set_num_format("#,##0"),
            count_bold: Format::new().set_num_format("#,##0").set_bold(),
            marker: Format::new().set_align(FormatAlign::Right),
            marker_bold: Format::new().set_align(FormatAlign::Right).set_bold(),
            header_number: Format::new()
                .set_bold()
                .set_align(FormatAlign::Right)
                .set_text_wrap(),
        }
    }
}

/// The first row of the header (the title is row 0, row 1 is empty).
const HEADER_ROW: u32 = 2;

fn write_table(
    sheet: &mut Worksheet,
    t: &ProtectedTable,
    lang: Lang,
    f: &Formats,
) -> Result<(), ReportError> {
    let total = lang.pick("Totaal", "Total");
    let width = t.columns.len();
    let last_col = col(width + 1);

    sheet.write_string_with_format(0, 0, &t.title, &f.bold)?;

    sheet.write_string_with_format(HEADER_ROW, 0, &t.row_heading, &f.bold)?;
    for (j, c) in t.columns.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col(j + 1), c, &f.header_number)?;
    }
    sheet.write_string_with_format(HEADER_ROW, last_col, total, &f.header_number)?;

    let mut row = HEADER_ROW + 1;
    for (i, label) in t.rows.iter().enumerate() {
        sheet.write_string(row, 0, label)?;
        let cells = t.cells.get(i).map_or(&[][..], Vec::as_slice);
        for j in 0..width {
            if let Some(c) = cells.get(j) {
                write_cell(sheet, row, col(j + 1), *c, t.threshold, f, false)?;
            }
        }
        if let Some(c) = t.row_totals.get(i) {
            write_cell(sheet, row, last_col, *c, t.threshold, f, false)?;
        }
        row += 1;
    }

    sheet.write_string_with_format(row, 0, total, &f.bold)?;
    for (j, c) in t.column_totals.iter().take(width).enumerate() {
        write_cell(sheet, row, col(j + 1), *c, t.threshold, f, true)?;
    }
    write_cell(sheet, row, last_col, t.total, t.threshold, f, true)?;

    sheet.write_string(row + 2, 0, Cell::legend(t.threshold, lang))?;

    let label_width = t
        .rows
        .iter()
        .chain([&t.row_heading])
        .map(|s| s.chars().count())
        .max()
        .unwrap_or(10)
        .clamp(10, 60);
    sheet.set_column_width(0, label_width as f64 + 2.0)?;
    for j in 1..=width + 1 {
        sheet.set_column_width(col(j), 12)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    Ok(())
}

fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    column: u16,
    cell: Cell,
    threshold: u64,
    f: &Formats,
    bold: bool,
) -> Result<(), ReportError> {
    match cell {
        Cell::Count(n) => {
            let format = if bold { &f.count_bold } else { &f.count };
            sheet.write_number_with_format(row, column, n as f64, format)?;
        }
        Cell::Small | Cell::Hidden => {
            let format = if bold { &f.marker_bold } else { &f.marker };
            sheet.write_string_with_format(row, column, cell.text(threshold), format)?;
        }
    }
    Ok(())
}

/// A column index; a table wider than Excel's 16 384 columns is refused by the writer at the last column.
fn col(j: usize) -> u16 {
    u16::try_from(j).unwrap_or(u16::MAX)
}

/// A valid worksheet name from a title, unique among `taken` without regard to case.
fn sheet_name(title: &str, fallback: &str, taken: &[String]) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut base = truncate_utf16(cleaned.trim_matches('\''), SHEET_NAME_MAX);
    if base.is_empty() || base.eq_ignore_ascii_case("history") {
        base = if base.is_empty() {
            fallback.to_owned()
        } else {
            format!("{base} (1)")
        };
    }
    let is_taken = |name: &str| {
        let lower = name.to_lowercase();
        taken.iter().any(|t| t.to_lowercase() == lower)
    };
    if !is_taken(&base) {
        return base;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            let room = SHEET_NAME_MAX.saturating_sub(suffix.len());
            let stem = truncate_utf16(&base, room);
            format!("{}{suffix}", stem.trim_end_matches('\''))
        })
        .find(|name| !is_taken(name))
        .unwrap_or(base)
}

/// The longest prefix of `s` of at most `max` UTF-16 code units, without trailing spaces or apostrophes.
fn truncate_utf16(s: &str, max: usize) -> String {
    let mut units = 0;
    let mut out = String::new();
    for c in s.chars() {
        units += c.len_utf16();
        if units > max {
            break;
        }
        out.push(c);
    }
    out.trim_end_matches([' ', '\'']).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::table;
    use calamine::{Data, Reader, Xlsx};
    use std::io::Cursor;

    #[test]
    fn tables_read_back_with_numbers_as_numbers_and_markers_as_text() {
        let mut second = table();
        second.title = "Verwijzingen per school".into(); // the same title again
        let bytes = tables_xlsx(&[table(), second], Lang::Nl).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            ["Verwijzingen per school", "Verwijzingen per school (2)"]
        );
        let range = book.worksheet_range("Verwijzingen per school").unwrap();
        let at = |r: u32, c: u32| range.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(at(0, 0), Data::String("Verwijzingen per school".into()));
        assert_eq!(at(2, 0), Data::String("School".into()));
        assert_eq!(at(2, 3), Data::String("Totaal".into()));
        assert_eq!(at(3, 0), Data::String("De Eekhoorn".into()));
        assert_eq!(at(3, 1), Data::Float(1234.0));
        assert_eq!(at(3, 2), Data::Float(0.0));
        assert_eq!(at(4, 0), Data::String("Sint-Joris; \"Zoë\"".into()));
        assert_eq!(at(4, 1), Data::String("< 5".into()));
        assert_eq!(at(4, 2), Data::String("•".into()));
        assert_eq!(at(4, 3), Data::String("•".into()));
        assert_eq!(at(6, 0), Data::String("Totaal".into()));
        assert_eq!(at(6, 3), Data::Float(1257.0));
        assert_eq!(at(8, 0), Data::String(Cell::legend(5, Lang::Nl)));
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let long = "Verwijzingen per school naar reden en schooljaar";
        let mut taken = Vec::new();
        for _ in 0..3 {
            let n = sheet_name(long, "Tabel 1", &taken);
            assert!(n.encode_utf16().count() <= SHEET_NAME_MAX, "{n}");
            rust_xlsxwriter::utility::check_sheet_name(&n).unwrap();
            taken.push(n);
        }
        assert_eq!(taken[0], "Verwijzingen per school naar re");
        assert_eq!(taken[1], "Verwijzingen per school naa (2)");
        assert_eq!(taken[2], "Verwijzingen per school naa (3)");
        assert_eq!(sheet_name("'a/b: c?'", "x", &[]), "a b c");
        assert_eq!(sheet_name("  ", "Tabel 4", &[]), "Tabel 4");
        assert_eq!(sheet_name("History", "x", &[]), "History (1)");
        assert_eq!(sheet_name("TABEL", "x", &["tabel".into()]), "TABEL (2)");
        // 16 emoji are 32 UTF-16 units: one must go.
        assert_eq!(
            sheet_name(&"😀".repeat(16), "x", &[])
                .encode_utf16()
                .count(),
            30
        );
    }

    #[test]
    fn no_tables_still_make_a_workbook() {
        let bytes = tables_xlsx(&[], Lang::En).unwrap();
        let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
        assert_eq!(book.sheet_names().len(), 1);
    }
}
