//! Table arithmetic resolved from leaf cells (rules A1–A4 of the format).
//!
//! Totals are derived values. Each derived cell's *expected* value is computed from the leaf
//! cells (the applicant columns of rows 一, 二, the 21 outcome rows and 四; the four parts of
//! each table-四 group), never from other written totals. A wrong total therefore never makes
//! another total look wrong, and setting every wrong total to its expected value reaches the
//! fixed point in one pass.

use crate::model::{Report, TableKind};
use crate::settings::Lang;
use crate::template::{Name, TableTemplate};

/// The most rows and columns a table of a template has (a test in template.rs checks).
pub const MAX_ROWS: usize = 32;
pub const MAX_COLUMNS: usize = 16;

/// Expected values of tables 三 and 四, computed from their leaf cells.
#[derive(Clone, Debug, Default)]
pub struct Arith {
    /// Expected value of every table-三 cell (`t3[row][col]`); `None` when a part is missing,
    /// malformed or not a count. Leaf cells hold their written value.
    t3: Option<Box<[[Option<u64>; MAX_COLUMNS]; MAX_ROWS]>>,
    width: usize,
    /// Expected values of table 四's cells.
    t4: Option<[Option<u64>; MAX_COLUMNS]>,
    t4_width: usize,
}

fn sum(it: impl IntoIterator<Item = Option<u64>>) -> Option<u64> {
    it.into_iter().try_fold(0u64, |acc, v| acc.checked_add(v?))
}

/// Table 三's sums by name: the row the outcome rows add up to, and the column the applicant
/// columns add up to.
struct Sums {
    outcome_total: Option<usize>,
    total_col: Option<usize>,
}

fn sums(t3: &TableTemplate) -> Sums {
    Sums {
        outcome_total: t3.row(Name::OutcomeTotal),
        total_col: t3.rows.first().and_then(|r| r.column(&[Name::Total])),
    }
}

impl Arith {
    pub fn resolve(report: &Report) -> Arith {
        let mut a = Arith::default();
        let template = report.template();
        if let Some(t) = report.table(TableKind::Three) {
            let tpl = template.table(TableKind::Three);
            let Sums { outcome_total, total_col } = sums(tpl);
            let width = tpl.rows.first().map_or(0, |r| r.columns.len());
            let applicants: Vec<usize> =
                tpl.rows.first().map(|r| r.columns_with(&[Name::Applicant]).collect()).unwrap_or_default();
            let mut v = Box::new([[None; MAX_COLUMNS]; MAX_ROWS]);
            // One pass over the rows; the first row of each id counts (as `Table::row` finds it).
            let mut seen = 0u64;
            for r in &t.rows {
                let id = r.id;
                let first = seen & 1 << (id % 64) == 0;
                seen |= 1 << (id % 64);
                if id >= tpl.rows.len() || !first || Some(id) == outcome_total {
                    continue;
                }
                if r.cells.len() == width {
                    let row = &mut v[id];
                    for &c in &applicants {
                        row[c] = r.cells[c].count();
                    }
                    if let Some(total) = total_col {
                        row[total] = sum(applicants.iter().map(|&c| row[c]));
                    }
                }
            }
            if let Some(o) = outcome_total {
                let outcomes: Vec<usize> = tpl.rows_named(Name::Outcome).collect();
                for &c in &applicants {
                    v[o][c] = sum(outcomes.iter().map(|&r| v[r][c]));
                }
                if let Some(total) = total_col {
                    v[o][total] = sum(applicants.iter().map(|&c| v[o][c]));
                }
            }
            a.t3 = Some(v);
            a.width = width;
        }
        let t4 = template.table(TableKind::Four);
        let width = t4.rows.first().map_or(0, |r| r.columns.len());
        if let Some(r) = report.table(TableKind::Four).and_then(|t| t.rows.first()).filter(|r| r.cells.len() == width) {
            let mut v = [None; MAX_COLUMNS];
            for (total, parts) in t4.column_sums() {
                for &c in &parts {
                    v[c] = r.cells[c].count();
                }
                v[total] = sum(parts.iter().map(|&c| v[c]));
            }
            a.t4 = Some(v);
            a.t4_width = width;
        }
        a
    }

    /// Expected value of table-三 cell (row, col).
    /// `None` outside the table (a malformed row may have more cells than the template).
    pub fn t3(&self, row: usize, col: usize) -> Option<u64> {
        if col >= self.width {
            return None;
        }
        *self.t3.as_ref()?.get(row)?.get(col)?
    }

    /// Expected value of table-四 cell `col`; `None` outside the table.
    pub fn t4(&self, col: usize) -> Option<u64> {
        *self.t4.as_ref()?.get(col).filter(|_| col < self.t4_width)?
    }
}

/// Whether (row, col) of table 三 is a derived cell (a total).
pub fn t3_is_total(t3: &TableTemplate, row: usize, col: usize) -> bool {
    let Sums { outcome_total, total_col } = sums(t3);
    Some(col) == total_col || Some(row) == outcome_total
}

/// The parts that make up derived table-三 cell (row, col), as (row, col) pairs.
pub fn t3_parts(t3: &TableTemplate, row: usize, col: usize) -> Vec<(usize, usize)> {
    let Sums { outcome_total, total_col } = sums(t3);
    let applicants = || t3.rows.first().into_iter().flat_map(|r| r.columns_with(&[Name::Applicant]));
    if Some(col) == total_col {
        applicants().map(|c| (row, c)).collect()
    } else if Some(row) == outcome_total {
        t3.rows_named(Name::Outcome).map(|r| (r, col)).collect()
    } else {
        Vec::new()
    }
}

/// `a+b+c`: the values joined by `+`; for long lists only the non-zero ones (`0` when none).
pub fn join_parts(values: &[u64]) -> String {
    let shown: Vec<String> = if values.len() > 6 {
        values.iter().filter(|v| **v != 0).map(u64::to_string).collect()
    } else {
        values.iter().map(u64::to_string).collect()
    };
    if shown.is_empty() {
        "0".into()
    } else {
        shown.join("+")
    }
}

/// A human-readable formula for the cell at (`kind`, row `id`, column `col`) of `report`, with
/// its values, e.g. `总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✓`; `None` for cells that are neither
/// totals nor 四、结转下年度继续办理.
pub fn explain(report: &Report, kind: TableKind, id: usize, col: usize, lang: Lang) -> Option<String> {
    let arith = Arith::resolve(report);
    let table = report.table(kind)?;
    let written = table.cell(id, col)?.count();
    let mark = |expected: u64| match written {
        Some(w) if w == expected => "✓".to_string(),
        Some(w) => format!("✗（{}{w}）", lang.pick("此处为 ", "written ")),
        None => "✗".to_string(),
    };
    let tpl = report.template().table(kind);
    let t3 = report.template().table(TableKind::Three);
    let (new, carried_in) = (t3.row(Name::New), t3.row(Name::CarriedIn));
    let (outcome_total, carried_out) = (t3.row(Name::OutcomeTotal), t3.row(Name::CarriedOut));
    match kind {
        TableKind::Three if t3_is_total(tpl, id, col) => {
            let parts = t3_parts(tpl, id, col);
            let vals: Vec<u64> = parts.iter().map(|&(r, c)| arith.t3(r, c)).collect::<Option<_>>()?;
            let expected = sum(vals.iter().map(|v| Some(*v)))?;
            let name = if Some(id) == outcome_total && Some(col) != tpl.rows[id].column(&[Name::Total]) {
                lang.pick("（七）总计", "(7) total").to_string()
            } else {
                lang.pick("总计", "total").to_string()
            };
            let terms: Vec<String> = if vals.len() > 6 {
                let nz: Vec<String> = vals.iter().filter(|v| **v != 0).map(u64::to_string).collect();
                if nz.is_empty() {
                    vec!["0".into()]
                } else {
                    nz
                }
            } else {
                vals.iter().map(u64::to_string).collect()
            };
            Some(format!("{name} = {} = {expected} {}", terms.join(" + "), mark(expected)))
        }
        TableKind::Three if Some(id) == carried_out => {
            let (a, b, o) = (arith.t3(new?, col)?, arith.t3(carried_in?, col)?, arith.t3(outcome_total?, col)?);
            let expected = a.checked_add(b)?.checked_sub(o)?;
            Some(format!(
                "{} = {a} + {b} − {o} = {expected} {}",
                lang.pick("四 = 一 + 二 − 三（七）", "IV = I + II − III(7)"),
                mark(expected)
            ))
        }
        TableKind::Four => {
            let row = &tpl.rows[0];
            let &(gname_zh, gname_en, g) =
                tpl.column_groups.iter().find(|(_, _, g)| row.column(&[*g, Name::Total]) == Some(col))?;
            let group = [g];
            let vals: Vec<u64> =
                row.columns_with(&group).filter(|&c| c != col).map(|i| arith.t4(i)).collect::<Option<_>>()?;
            let expected = sum(vals.iter().map(|v| Some(*v)))?;
            let terms: Vec<String> = vals.iter().map(u64::to_string).collect();
            Some(format!(
                "{}{} = {} = {expected} {}",
                lang.pick(gname_zh, gname_en),
                lang.pick("总计", " total"),
                terms.join(" + "),
                mark(expected)
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{edit, SEED_002};
    use crate::template::{table, Name};

    fn t3(name: Name) -> usize {
        table(TableKind::Three).row(name).unwrap()
    }

    fn explain_at(text: &str, kind: TableKind, id: usize, col: usize, lang: Lang) -> Option<String> {
        explain(&crate::parse::parse(text), kind, id, col, lang)
    }

    #[test]
    fn formulas_for_totals() {
        let k = TableKind::Three;
        assert_eq!(
            explain_at(SEED_002, k, t3(Name::New), 6, Lang::Zh).unwrap(),
            "总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, k, t3(Name::OutcomeTotal), 0, Lang::Zh).unwrap(),
            "（七）总计 = 53 + 2 + 2 + 2 + 7 + 11 + 3 + 1 + 12 = 93 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, k, t3(Name::CarriedOut), 0, Lang::En).unwrap(),
            "IV = I + II − III(7) = 91 + 2 − 93 = 0 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, TableKind::Four, 0, 4, Lang::Zh).unwrap(),
            "行政复议总计 = 2 + 0 + 1 + 1 = 4 ✓"
        );
        let wrong = edit(SEED_002, "一、本年新收", "146", "147");
        assert_eq!(
            explain_at(&wrong, k, t3(Name::New), 6, Lang::Zh).unwrap(),
            "总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✗（此处为 147）"
        );
        assert_eq!(explain_at(SEED_002, k, t3(Name::New), 0, Lang::Zh), None);
    }

    #[test]
    fn sums_beyond_u64_have_no_formula() {
        // Found by fuzzing (issue 6): the hover formulas summed with `+` and overflowed.
        let max = u64::MAX.to_string();
        let both = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{max}\t"));
        let both = edit(&both, "一、本年新收", "\t55\t", &format!("\t{max}\t"));
        assert_eq!(explain_at(&both, TableKind::Three, t3(Name::New), 6, Lang::Zh), None);
        // 一's natural persons = u64::MAX, so 一 + 二 does not fit: 四 = 一 + 二 − 三 has no formula.
        assert_eq!(explain_at(&both, TableKind::Three, t3(Name::CarriedOut), 0, Lang::Zh), None);
        let full = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{}\t", u64::MAX - 55));
        assert!(explain_at(&full, TableKind::Three, t3(Name::New), 6, Lang::Zh).unwrap().contains('✗'));
    }

    #[test]
    fn cells_beyond_the_template_have_no_formula() {
        // Found by fuzzing (issue 6): hovering an extra cell of an over-long table-三 row
        // (column 8 of 四、结转下年度继续办理 or （七）总计) indexed past the 7 columns and panicked.
        let k = TableKind::Three;
        for label in ["四、结转下年度继续办理", "(七) 总计"] {
            let at = SEED_002.find(label).unwrap();
            let eol = at + SEED_002[at..].find('\n').unwrap();
            let text = format!("{}\t1\t2{}", SEED_002[..eol].trim_end_matches('\t'), &SEED_002[eol..]);
            let report = crate::parse::parse(&text);
            for row in &report.table(k).unwrap().rows {
                for col in 0..row.cells.len() + 2 {
                    let _ = explain(&report, k, row.id, col, Lang::Zh);
                }
            }
        }
        assert_eq!(Arith::resolve(&crate::parse::parse(SEED_002)).t3(t3(Name::New), 7), None);
    }
}
