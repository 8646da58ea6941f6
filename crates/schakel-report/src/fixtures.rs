//! Tables and charts for the tests of every format.
#![allow(clippy::unwrap_used)]

use schakel_domain::figures::{Cell, ProtectedTable};

use crate::svg::{LineChart, Series};

pub(crate) fn table() -> ProtectedTable {
    ProtectedTable {
        title: "Verwijzingen per school".into(),
        row_heading: "School".into(),
        rows: vec![
            "De Eekhoorn".into(),
            "Sint-Joris; \"Zoë\"".into(),
            "=HYPERLINK(1)".into(),
        ],
        columns: vec!["Gestart".into(), "Afgerond".into()],
        threshold: 5,
        cells: vec![
            vec![Cell::Count(1234), Cell::Count(0)],
            vec![Cell::Small, Cell::Hidden],
            vec![Cell::Count(7), Cell::Count(8)],
        ],
        row_totals: vec![Cell::Count(1234), Cell::Hidden, Cell::Count(15)],
        column_totals: vec![Cell::Count(1245), Cell::Count(12)],
        total: Cell::Count(1257),
    }
}

pub(crate) fn trend() -> LineChart {
    LineChart {
        id_prefix: "trend".into(),
        title: "Verwijzingen <per> 100 leerlingen & \"trend\"".into(),
        x_label: "Schooljaar".into(),
        y_label: "Verwijzingen per 100 leerlingen".into(),
        x_labels: vec![
            "2020-2021".into(),
            "2021-2022".into(),
            "2022-2023".into(),
            "2023-2024".into(),
            "2024-2025".into(),
        ],
        series: vec![
            Series {
                name: "Scholen met SMW".into(),
                values: vec![Some(12.5), Some(11.0), None, Some(9.25), Some(1234.5)],
            },
            Series {
                name: "Vergelijkingsscholen <b>".into(),
                values: vec![Some(10.0), Some(10.5), Some(10.75), None, Some(11.0)],
            },
        ],
        decimals: 1,
    }
}
