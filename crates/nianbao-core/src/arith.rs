//! Table arithmetic resolved from leaf cells (rules A1–A4 of the format).

use crate::model::Report;

/// Derived values of tables 三 and 四, computed from their leaf cells.
#[derive(Clone, Debug, Default)]
pub struct Arith {}

impl Arith {
    pub fn resolve(_report: &Report) -> Arith {
        Arith {}
    }
}

/// A human-readable formula for the cell at (`kind`, row `id`, column `col`) of `report`, with
/// its values, e.g. `总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✓`; `None` for cells that are not
/// totals. (Filled in with the arithmetic rules.)
pub fn explain(
    report: &Report,
    kind: crate::model::TableKind,
    id: usize,
    col: usize,
    lang: crate::settings::Lang,
) -> Option<String> {
    let _ = (report, kind, id, col, lang);
    None
}
