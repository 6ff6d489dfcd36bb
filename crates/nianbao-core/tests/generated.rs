//! Generated cases: every total cell of every seed and of the all-columns report changed by one,
//! in every rendering, is caught on the right cell and fixed back to the original byte for byte;
//! every leaf cell changed by one is caught on each total it is part of. The all-columns report
//! (`tests/fixtures/cases/ok-all-columns.txt`, every leaf non-zero) makes these fail when a sum
//! leaves out a column, an outcome row or a table-四 part.

mod common;

use nianbao_core::fix::{fix_text, FixMode};
use nianbao_core::model::TableKind;
use nianbao_core::parse::parse;
use nianbao_core::template::Name;
use nianbao_core::{check, Settings, Severity};
use std::ops::Range;

/// Table 三's rows and columns, by name.
mod t3 {
    use nianbao_core::model::TableKind;
    use nianbao_core::template::{table, Name};

    pub fn row(name: Name) -> usize {
        table(TableKind::Three).row(name).unwrap()
    }

    /// The rows （七）总计 adds up.
    pub fn outcomes() -> Vec<usize> {
        table(TableKind::Three).rows_named(Name::Outcome).collect()
    }

    pub fn total_col() -> usize {
        table(TableKind::Three).rows[0].column(&[Name::Total]).unwrap()
    }
}

/// Every derived cell: table 三's 总计 column and （七）总计 row, table 四's three 总计.
fn total_cells(text: &str) -> Vec<(String, Range<usize>)> {
    let r = parse(text);
    let mut out = Vec::new();
    let t = r.table(TableKind::Three).unwrap();
    for row in &t.rows {
        for (col, cell) in row.cells.iter().enumerate() {
            if col == t3::total_col() || row.id == t3::row(Name::OutcomeTotal) {
                out.push((format!("t3 row {} col {col}", row.id), cell.number.clone()));
            }
        }
    }
    let t4 = &r.table(TableKind::Four).unwrap().rows[0];
    for col in [4, 9, 14] {
        out.push((format!("t4 col {col}"), t4.cells[col].number.clone()));
    }
    out
}

fn findings(text: &str) -> Vec<(String, String, String)> {
    check(text, &Settings::default())
        .into_iter()
        .filter(|d| d.severity <= Severity::Warning)
        .map(|d| (d.rule.code.to_string(), text[d.span.clone()].to_string(), d.message))
        .collect()
}

fn renderings(text: &str) -> Vec<(&'static str, String)> {
    vec![
        ("tabs", text.to_string()),
        ("two spaces", common::with_spaces(text, "  ")),
        ("four spaces", common::with_spaces(text, "    ")),
        ("crlf+bom", common::with_crlf_bom(text)),
        ("markdown", common::to_markdown(text)),
        ("gb18030", gb18030_round_trip(text)),
    ]
}

/// The report stored as GB18030 bytes and read back through the engine's decoder.
fn gb18030_round_trip(text: &str) -> String {
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    let decoded = nianbao_core::source::decode(&bytes).expect("decodes");
    assert_eq!(decoded.encoding, nianbao_core::source::Encoding::Gb18030);
    decoded.text
}

#[test]
fn seeds_have_no_findings_in_any_rendering() {
    for (name, seed) in common::reports() {
        for (how, text) in renderings(&seed) {
            let found = check(&text, &Settings::default());
            assert!(found.is_empty(), "{name} ({how}): {found:#?}");
        }
    }
}

#[test]
fn every_total_changed_by_one_is_caught_and_fixed_back() {
    let mut cases = 0;
    for (name, seed) in common::reports() {
        for (how, original) in renderings(&seed) {
            for (what, number) in total_cells(&original) {
                let value: u64 = original[number.clone()].parse().unwrap();
                for new in [value + 1, value.wrapping_sub(1)] {
                    if new == u64::MAX {
                        continue;
                    }
                    let new = new.to_string();
                    let changed = format!("{}{}{}", &original[..number.start], new, &original[number.end..]);
                    let found = findings(&changed);
                    let ctx = format!("{name} ({how}) {what}: {value} → {new}");
                    assert_eq!(found.len(), 1, "{ctx}: {found:#?}");
                    let (code, cell, _) = &found[0];
                    assert!(["NB201", "NB202", "NB204"].contains(&code.as_str()), "{ctx}: {code}");
                    assert_eq!(cell, &new, "{ctx}: diagnostic on the wrong cell");
                    let fixed = fix_text(&changed, &Settings::default(), FixMode::Safe).expect("a fix");
                    assert!(fixed == original, "{ctx}: fix did not restore the original");
                    cases += 1;
                }
            }
        }
    }
    assert!(cases > 700, "only {cases} generated cases");
}

#[test]
fn renderings_give_the_same_findings() {
    for (name, seed) in common::reports() {
        // A wrong total and a wrong part in every rendering.
        let mut text = seed.clone();
        let r = parse(&text);
        let t3 = r.table(TableKind::Three).unwrap();
        let part = t3.cell(t3::row(Name::New), 0).unwrap().number.clone();
        text.replace_range(part, "7");
        let base: Vec<(String, String)> = findings(&text).into_iter().map(|(c, _, m)| (c, m)).collect();
        assert!(!base.is_empty(), "{name}");
        for (how, rendered) in renderings(&text) {
            let got: Vec<(String, String)> = findings(&rendered).into_iter().map(|(c, _, m)| (c, m)).collect();
            assert_eq!(got, base, "{name} ({how})");
        }
    }
}

#[test]
fn safe_fixes_reach_the_fixed_point_in_one_pass() {
    for (name, seed) in common::reports() {
        // A part changed: its row total, the （七） cell and （七）总计 all become stale.
        let r = parse(&seed);
        let t3 = r.table(TableKind::Three).unwrap();
        let part = t3.cell(t3::row(Name::Outcome), 0).unwrap().number.clone();
        let old: u64 = seed[part.clone()].parse().unwrap();
        let mut text = seed.clone();
        text.replace_range(part, &(old + 5).to_string());
        // Imbalance (NB203) remains by design: which side is wrong is the author's call.
        let once = fix_text(&text, &Settings::default(), FixMode::Safe).unwrap_or(text.clone());
        let twice = fix_text(&once, &Settings::default(), FixMode::Safe);
        assert!(twice.is_none(), "{name}: a second pass changed something");
        // Exactly the imbalance in the changed column is left (on 四's cell of that column).
        let left: Vec<(String, String)> = findings(&once).into_iter().map(|(c, cell, _)| (c, cell)).collect();
        let carried =
            parse(&once).table(TableKind::Three).unwrap().cell(t3::row(Name::CarriedOut), 0).unwrap().span.clone();
        assert_eq!(left, [("NB203".to_string(), once[carried].to_string())], "{name}");
    }
}

/// A table finding as (rule, table, row id, column) of the cell it is on.
type Placed = (String, TableKind, usize, usize);

fn placed(text: &str) -> Vec<Placed> {
    let report = parse(text);
    let mut out: Vec<Placed> = check(text, &Settings::default())
        .into_iter()
        .filter(|d| d.rule.code.starts_with("NB2"))
        .map(|d| {
            let (t, r, col) = report.cell_at(d.span.start).unwrap_or_else(|| panic!("{d:#?} is not on a cell"));
            assert_eq!(d.span, r.cells[col].span, "{d:#?} is not on a whole cell");
            (d.rule.code.to_string(), t.kind, r.id, col)
        })
        .collect();
    out.sort();
    out
}

/// `text` with the numbers at `cells` (table, row id, column) each raised by one.
fn raised(text: &str, cells: &[(TableKind, usize, usize)]) -> String {
    let report = parse(text);
    let mut spans: Vec<std::ops::Range<usize>> = cells
        .iter()
        .map(|&(kind, row, col)| report.table(kind).unwrap().cell(row, col).unwrap().number.clone())
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.start));
    let mut out = text.to_string();
    for span in spans {
        let value: u64 = out[span.clone()].parse().unwrap();
        out.replace_range(span, &(value + 1).to_string());
    }
    out
}

/// Every leaf cell of tables 三 and 四 raised by one is caught on each total it is part of and
/// nowhere else: its row's 总计 (A1); for an outcome, the （七）总计 of its column and of the
/// total column (A2); the balance of its column (A3, on 四's cell); for table 四, its group's
/// total (A4). The safe fixes then raise exactly those totals. Over the all-columns report in
/// every rendering (where a sum leaving out the cell's column, row or part would already see
/// the original as wrong), and over the seeds as typed.
#[test]
fn every_leaf_changed_by_one_is_caught_on_each_of_its_totals() {
    use TableKind::{Four, Three};
    let mut texts: Vec<(String, String)> = Vec::new();
    let (name, all) = common::all_columns();
    for (how, text) in renderings(&all) {
        texts.push((format!("{name} ({how})"), text));
    }
    texts.extend(common::seeds());
    let mut cases = 0;
    for (name, text) in &texts {
        let t3_leaves = common::leaf_rows_3().into_iter();
        let mut leaves: Vec<(TableKind, usize, usize)> =
            t3_leaves.flat_map(|row| (0..6).map(move |col| (Three, row, col))).collect();
        leaves.extend([0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13].map(|col| (Four, 0, col)));
        for (kind, row, col) in leaves {
            let changed = raised(text, &[(kind, row, col)]);
            let mut totals: Vec<(&str, TableKind, usize, usize)> = Vec::new();
            if kind == Four {
                totals.push(("NB204", Four, 0, col / 5 * 5 + 4));
            } else {
                let (total_row, total_col) = (t3::row(Name::OutcomeTotal), t3::total_col());
                totals.push(("NB201", Three, row, total_col));
                if t3::outcomes().contains(&row) {
                    totals.push(("NB202", Three, total_row, col));
                    totals.push(("NB202", Three, total_row, total_col));
                }
            }
            let mut want: Vec<Placed> = totals.iter().map(|&(code, k, r, c)| (code.to_string(), k, r, c)).collect();
            if kind == Three {
                want.push(("NB203".to_string(), Three, t3::row(Name::CarriedOut), col));
            }
            want.sort();
            let ctx = format!("{name}: {kind:?} row {row} col {col} raised by one");
            assert_eq!(placed(&changed), want, "{ctx}");
            let fixed = fix_text(&changed, &Settings::default(), FixMode::Safe).expect("a fix");
            let totals: Vec<(TableKind, usize, usize)> = totals.iter().map(|&(_, k, r, c)| (k, r, c)).collect();
            assert!(fixed == raised(&changed, &totals), "{ctx}: the safe fixes did not raise exactly its totals");
            cases += 1;
        }
    }
    assert_eq!(cases, texts.len() * (24 * 6 + 12));
}
