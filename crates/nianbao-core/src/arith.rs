//! Table arithmetic resolved from leaf cells (rules A1–A4 of the format).
//!
//! Totals are derived values. Each derived cell's *expected* value is computed from the leaf
//! cells (the applicant columns of rows 一, 二, the 21 outcome rows and 四; the four parts of
//! each table-四 group), never from other written totals. A wrong total therefore never makes
//! another total look wrong, and setting every wrong total to its expected value reaches the
//! fixed point in one pass.

use crate::model::{Report, TableKind};
use crate::settings::Lang;
use crate::template::{t3, T4_GROUPS};

const ROWS: usize = 25;

/// Expected values of tables 三 and 四, computed from their leaf cells.
#[derive(Clone, Debug, Default)]
pub struct Arith {
    /// `t3[row][col]`: expected value of every table-三 cell; `None` when a part is missing,
    /// malformed or not a count. Leaf cells hold their written value.
    pub t3: Option<[[Option<u64>; 7]; ROWS]>,
    /// Expected values of table 四's 15 cells.
    pub t4: Option<[Option<u64>; 15]>,
}

fn sum(it: impl IntoIterator<Item = Option<u64>>) -> Option<u64> {
    it.into_iter().try_fold(0u64, |acc, v| acc.checked_add(v?))
}

impl Arith {
    pub fn resolve(report: &Report) -> Arith {
        let mut a = Arith::default();
        if let Some(t) = report.table(TableKind::Three) {
            let mut v = [[None; 7]; ROWS];
            // One pass over the rows; the first row of each id counts (as `Table::row` finds it).
            let mut seen = [false; ROWS];
            for r in &t.rows {
                let id = r.id;
                if id >= ROWS || std::mem::replace(&mut seen[id], true) || id == t3::OUTCOME_TOTAL {
                    continue;
                }
                if r.cells.len() == 7 {
                    let row = &mut v[id];
                    for (c, slot) in row.iter_mut().take(6).enumerate() {
                        *slot = r.cells[c].count();
                    }
                    row[6] = sum(row[..6].iter().copied());
                }
            }
            let outcome_totals: [Option<u64>; 6] = std::array::from_fn(|c| sum(t3::OUTCOMES.map(|r| v[r][c])));
            v[t3::OUTCOME_TOTAL][..6].copy_from_slice(&outcome_totals);
            v[t3::OUTCOME_TOTAL][6] = sum(v[t3::OUTCOME_TOTAL][..6].iter().copied());
            a.t3 = Some(v);
        }
        if let Some(r) = report.table(TableKind::Four).and_then(|t| t.rows.first()).filter(|r| r.cells.len() == 15) {
            let mut v = [None; 15];
            for (_, _, g) in T4_GROUPS {
                for (slot, cell) in v[g..g + 4].iter_mut().zip(&r.cells[g..g + 4]) {
                    *slot = cell.count();
                }
                v[g + 4] = sum(v[g..g + 4].iter().copied());
            }
            a.t4 = Some(v);
        }
        a
    }

    /// Expected value of table-三 cell (row, col).
    /// `None` outside the table (a malformed row may have more cells than the template).
    pub fn t3(&self, row: usize, col: usize) -> Option<u64> {
        *self.t3.as_ref()?.get(row)?.get(col)?
    }

    /// Expected value of table-四 cell `col`; `None` outside the table.
    pub fn t4(&self, col: usize) -> Option<u64> {
        *self.t4.as_ref()?.get(col)?
    }
}

/// Whether (row, col) of table 三 is a derived cell (a total).
pub fn t3_is_total(row: usize, col: usize) -> bool {
    col == t3::TOTAL_COL || row == t3::OUTCOME_TOTAL
}

/// The parts that make up derived table-三 cell (row, col), as (row, col) pairs.
pub fn t3_parts(row: usize, col: usize) -> Vec<(usize, usize)> {
    if row == t3::OUTCOME_TOTAL {
        if col == t3::TOTAL_COL {
            (0..6).map(|c| (row, c)).collect()
        } else {
            t3::OUTCOMES.map(|r| (r, col)).collect()
        }
    } else if col == t3::TOTAL_COL {
        (0..6).map(|c| (row, c)).collect()
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
    match kind {
        TableKind::Three if t3_is_total(id, col) => {
            let parts = t3_parts(id, col);
            let vals: Vec<u64> = parts.iter().map(|&(r, c)| arith.t3(r, c)).collect::<Option<_>>()?;
            let expected = sum(vals.iter().map(|v| Some(*v)))?;
            let name = if id == t3::OUTCOME_TOTAL && col != t3::TOTAL_COL {
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
        TableKind::Three if id == t3::CARRIED_OUT => {
            let (a, b, o) =
                (arith.t3(t3::NEW, col)?, arith.t3(t3::CARRIED_IN, col)?, arith.t3(t3::OUTCOME_TOTAL, col)?);
            let expected = a.checked_add(b)?.checked_sub(o)?;
            Some(format!(
                "{} = {a} + {b} − {o} = {expected} {}",
                lang.pick("四 = 一 + 二 − 三（七）", "IV = I + II − III(7)"),
                mark(expected)
            ))
        }
        TableKind::Four => {
            let (gname_zh, gname_en, g) = T4_GROUPS.into_iter().find(|(_, _, g)| col == g + 4)?;
            let vals: Vec<u64> = (g..g + 4).map(|i| arith.t4(i)).collect::<Option<_>>()?;
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

    fn explain_at(text: &str, kind: TableKind, id: usize, col: usize, lang: Lang) -> Option<String> {
        explain(&crate::parse::parse(text), kind, id, col, lang)
    }

    #[test]
    fn formulas_for_totals() {
        let k = TableKind::Three;
        assert_eq!(explain_at(SEED_002, k, t3::NEW, 6, Lang::Zh).unwrap(), "总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✓");
        assert_eq!(
            explain_at(SEED_002, k, t3::OUTCOME_TOTAL, 0, Lang::Zh).unwrap(),
            "（七）总计 = 53 + 2 + 2 + 2 + 7 + 11 + 3 + 1 + 12 = 93 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, k, t3::CARRIED_OUT, 0, Lang::En).unwrap(),
            "IV = I + II − III(7) = 91 + 2 − 93 = 0 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, TableKind::Four, 0, 4, Lang::Zh).unwrap(),
            "行政复议总计 = 2 + 0 + 1 + 1 = 4 ✓"
        );
        let wrong = edit(SEED_002, "一、本年新收", "146", "147");
        assert_eq!(
            explain_at(&wrong, k, t3::NEW, 6, Lang::Zh).unwrap(),
            "总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✗（此处为 147）"
        );
        assert_eq!(explain_at(SEED_002, k, t3::NEW, 0, Lang::Zh), None);
    }

    #[test]
    fn sums_beyond_u64_have_no_formula() {
        // Found by fuzzing (issue 6): the hover formulas summed with `+` and overflowed.
        let max = u64::MAX.to_string();
        let both = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{max}\t"));
        let both = edit(&both, "一、本年新收", "\t55\t", &format!("\t{max}\t"));
        assert_eq!(explain_at(&both, TableKind::Three, t3::NEW, 6, Lang::Zh), None);
        // 一's natural persons = u64::MAX, so 一 + 二 does not fit: 四 = 一 + 二 − 三 has no formula.
        assert_eq!(explain_at(&both, TableKind::Three, t3::CARRIED_OUT, 0, Lang::Zh), None);
        let full = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{}\t", u64::MAX - 55));
        assert!(explain_at(&full, TableKind::Three, t3::NEW, 6, Lang::Zh).unwrap().contains('✗'));
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
        assert_eq!(Arith::resolve(&crate::parse::parse(SEED_002)).t3(t3::NEW, 7), None);
    }
}
