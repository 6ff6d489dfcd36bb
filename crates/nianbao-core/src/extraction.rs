//! Extraction faults in a table row: a row read from a document (a PDF above all) with one
//! value too many or too few, whose sums hold once two neighbouring cells are joined (the
//! extraction split one cell, `9  1` for `91`) or one cell is split in two (it merged two,
//! `30` for `3` and `0`): then it is the extraction's fault, not the report's. NB106 says so.

use crate::arith::Arith;
use crate::model::{Row, TableKind, Value};
use crate::template::{Name, TableTemplate};

/// How the extraction probably regrouped a row's cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Regroup {
    /// Cells `at` and `at + 1` are one cell of the report, holding `value` (their digits joined).
    Split { at: usize, value: u64 },
    /// Cell `at` is two cells of the report, `left` and `right` (its digits cut in two).
    Merged { at: usize, left: u64, right: u64 },
}

/// The one regrouping of `row`'s cells (two neighbours joined, or one cut in two) that gives
/// it the number of values of its template and makes its sums hold: 总计 = the six applicant
/// columns in table 三 (and, for （七）总计, each column = the outcome rows' sum, where known),
/// each group's 总计 = its four results in table 四. `None` when no regrouping does, when
/// several do (for joins, the pair closest together in the text wins), when the row has
/// no sums to confirm it (table 二), or when a cell is not a plain count.
///
/// Only plain digit strings take part; a joined or cut number may not start with `0` (no
/// report writes `05`), and the two cells joined must be on one line.
pub fn regroup(text: &str, tpl: &TableTemplate, row: &Row, arith: &Arith) -> Option<Regroup> {
    if tpl.kind == TableKind::Two {
        return None;
    }
    let want = tpl.rows[row.id].columns.len();
    let mut values = Vec::with_capacity(row.cells.len());
    let mut digits: Vec<Option<&str>> = Vec::with_capacity(row.cells.len());
    for cell in &row.cells {
        match cell.value {
            Value::Blank => {
                values.push(0);
                digits.push(None);
            }
            Value::Int(n) => {
                values.push(n);
                let s = &text[cell.number.clone()];
                let plain = cell.span == cell.number && s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit());
                digits.push(plain.then_some(s));
            }
            _ => return None,
        }
    }
    let holds = |v: &[u64]| sums_hold(tpl, row.id, v, arith);
    if values.len() == want + 1 {
        // The extraction split a cell: join two neighbours.
        let mut best: Option<(usize, usize)> = None; // (gap, at)
        let mut tie = false;
        for at in 0..values.len() - 1 {
            let (Some(a), Some(b)) = (digits[at], digits[at + 1]) else { continue };
            let between = &text[row.cells[at].span.end..row.cells[at + 1].span.start];
            if a.starts_with('0') || between.contains(['\n', '\r']) {
                continue;
            }
            let Some(joined) = number(&format!("{a}{b}")) else { continue };
            let mut v = values.clone();
            v.splice(at..at + 2, [joined]);
            if !holds(&v) {
                continue;
            }
            let gap = between.chars().count();
            match best {
                Some((g, _)) if g < gap => {}
                Some((g, _)) if g == gap => tie = true,
                _ => {
                    best = Some((gap, at));
                    tie = false;
                }
            }
        }
        let (_, at) = best.filter(|_| !tie)?;
        let value = number(&format!("{}{}", digits[at]?, digits[at + 1]?))?;
        return Some(Regroup::Split { at, value });
    }
    if values.len() + 1 == want {
        // The extraction merged two cells: cut one in two.
        let mut found = None;
        for (at, d) in digits.iter().enumerate() {
            let Some(d) = d.filter(|d| d.len() >= 2) else { continue };
            for k in 1..d.len() {
                let (l, r) = d.split_at(k);
                if (l.starts_with('0') && l != "0") || (r.starts_with('0') && r != "0") {
                    continue;
                }
                let (Some(left), Some(right)) = (number(l), number(r)) else { continue };
                let mut v = values.clone();
                v.splice(at..at + 1, [left, right]);
                if holds(&v) {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(Regroup::Merged { at, left, right });
                }
            }
        }
        return found;
    }
    None
}

fn number(s: &str) -> Option<u64> {
    s.parse().ok()
}

fn sum(v: &[u64]) -> Option<u64> {
    v.iter().try_fold(0u64, |acc, &x| acc.checked_add(x))
}

/// The row's sums hold with these values (which have the template's count): each total of the
/// row, and in the outcome total's row the sums of the outcome rows.
fn sums_hold(tpl: &TableTemplate, id: usize, v: &[u64], arith: &Arith) -> bool {
    let sums = tpl.column_sums();
    v.len() == tpl.rows[id].columns.len()
        && sums.iter().all(|(total, parts)| sum(&parts.iter().map(|&c| v[c]).collect::<Vec<_>>()) == Some(v[*total]))
        && (tpl.row(Name::OutcomeTotal) != Some(id)
            || sums
                .iter()
                .flat_map(|(_, parts)| parts)
                .all(|&c| arith.outcomes_sum(c).is_none_or(|expected| expected == v[c])))
}

impl Regroup {
    /// The cells involved, as a span of the text (for a related location).
    pub fn span(&self, row: &Row) -> std::ops::Range<usize> {
        match *self {
            Regroup::Split { at, .. } => row.cells[at].span.start..row.cells[at + 1].span.end,
            Regroup::Merged { at, .. } => row.cells[at].span.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{edit, SEED_002};

    fn regroup_row(text: &str, kind: TableKind, label: &str) -> Option<Regroup> {
        let report = crate::parse::parse(text);
        let arith = Arith::resolve(&report);
        let at = text.find(label).unwrap();
        let table = report.table(kind).unwrap();
        let row = table.rows.iter().find(|r| r.span.contains(&at) || (kind == TableKind::Four && r.id == 0))?;
        regroup(text, report.template().table(kind), row, &arith)
    }

    #[test]
    fn a_split_cell_is_joined_back() {
        let text = edit(SEED_002, "一、本年新收", "\t91\t", "\t9  1\t");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), Some(Regroup::Split { at: 0, value: 91 }));
        let text = edit(SEED_002, "一、本年新收", "\t146", "\t14 6");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), Some(Regroup::Split { at: 6, value: 146 }));
    }

    #[test]
    fn a_merged_cell_is_cut_in_two() {
        // (一) 予以公开: 53 0 0 0 48 0 101 → 48 and 0 merged into 480.
        let text = edit(SEED_002, "(一) 予以公开", "\t48\t0\t", "\t480\t");
        assert_eq!(
            regroup_row(&text, TableKind::Three, "(一) 予以公开"),
            Some(Regroup::Merged { at: 4, left: 48, right: 0 })
        );
        // Table 四: 2 0 1 1 4 → 2 0 1 14.
        let text = edit(SEED_002, "2\t0\t1\t1\t4", "\t1\t4", "\t14");
        assert_eq!(
            regroup_row(&text, TableKind::Four, "2\t0\t1\t14"),
            Some(Regroup::Merged { at: 3, left: 1, right: 4 })
        );
    }

    #[test]
    fn near_misses_are_not_explained() {
        // A value missing: no cut makes the sums hold.
        let text = edit(SEED_002, "一、本年新收", "\t91\t", "\t");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), None);
        // An extra value that no join explains.
        let text = edit(SEED_002, "一、本年新收", "\t146", "\t7\t146");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), None);
        // Joining 0 and 5 would make 05 (and the sums hold), but no report writes 05.
        let text = edit(SEED_002, "一、本年新收", "\t91\t0\t0\t0\t55\t0\t146", "\t0\t5\t0\t0\t0\t0\t0\t5");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), None);
        // Table 二 has no sums to confirm a regrouping.
        let text = edit(SEED_002, "行政许可", "28414", "284\t14");
        assert_eq!(regroup_row(&text, TableKind::Two, "行政许可"), None);
        // The right count already.
        assert_eq!(regroup_row(SEED_002, TableKind::Three, "一、本年新收"), None);
    }

    #[test]
    fn two_ways_is_no_explanation_unless_one_pair_is_closer() {
        let row = |values: &str| edit(SEED_002, "一、本年新收", "\t\t91\t0\t0\t0\t55\t0\t146", values);
        // 1+0 or 1+0 joined both give 10 … 11: equally far apart, so neither.
        let text = row("\t1\t0\t1\t0\t0\t0\t0\t11");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), None);
        // With the first pair a single space apart (columns are farther), that one.
        let text = row("    1 0    1    0    0    0    0    11");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), Some(Regroup::Split { at: 0, value: 10 }));
        // 11 11 0 0 0 13: cutting either 11 makes the sums hold.
        let text = row("\t11\t11\t0\t0\t0\t13");
        assert_eq!(regroup_row(&text, TableKind::Three, "一、本年新收"), None);
    }
}
