//! Generated cases: every total cell of every seed and of the all-columns report changed by one,
//! in every rendering, is caught on the right cell and fixed back to the original byte for byte;
//! every number typed in table 三 (a part) changed by a few units is reported on that cell, left
//! alone by the safe fixes and given back by the unsafe one; every leaf raised by one is caught on
//! itself (table 三) or on its group's total (table 四). The all-columns report
//! (`tests/fixtures/cases/ok-all-columns.txt`, every leaf non-zero) makes these fail when a sum
//! leaves out a column, an outcome row or a table-四 part.

mod common;

use nianbao_core::arith::{Arith, Sides, Verdict};
use nianbao_core::fix::{fix_edits, fix_text, Edit, FixMode};
use nianbao_core::model::TableKind;
use nianbao_core::model::Value;
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
        // Two totals wrong at once, a row's 总计 and a cell of （七）总计: the one smallest
        // explanation, both totals, is fixed in one pass.
        let r = parse(&seed);
        let t3 = r.table(TableKind::Three).unwrap();
        let mut text = seed.clone();
        let mut cells = [
            t3.cell(t3::row(Name::New), t3::total_col()).unwrap().number.clone(),
            t3.cell(t3::row(Name::OutcomeTotal), 0).unwrap().number.clone(),
        ];
        cells.sort_by_key(|c| std::cmp::Reverse(c.start));
        for (i, cell) in cells.into_iter().enumerate() {
            let old: u64 = seed[cell.clone()].parse().unwrap();
            text.replace_range(cell, &(old + 1 + i as u64).to_string());
        }
        let once = fix_text(&text, &Settings::default(), FixMode::Safe).expect("a fix");
        assert!(once == seed, "{name}: the safe fixes did not restore the original");
        assert!(
            fix_text(&once, &Settings::default(), FixMode::Safe).is_none(),
            "{name}: a second pass changed something"
        );
    }
}

/// A number the author typed in table 三 (a part, not a total), changed by a few units, in every
/// report among the fixtures that adds up (the seeds in every rendering): the error sits on that
/// cell with the value that repairs it, no safe fix touches the report (fix-on-save never
/// rewrites the totals to agree with the typo), and `fix --unsafe` gives back the original byte
/// for byte. In a report that lacks a row, the table cannot tell the cell from others: the
/// finding names it, with its repairing value, among the cells that would each do.
#[test]
fn every_part_changed_is_reported_on_it_and_given_back() {
    let (mut on_cell, mut named) = (0, 0);
    let mut reports: Vec<(String, String)> = Vec::new();
    for (name, seed) in common::seeds() {
        for (how, text) in renderings(&seed) {
            reports.push((format!("{name} ({how})"), text));
        }
    }
    // The rule cases that add up (the seeds come first in that list, and are above already).
    reports.extend(reports_that_add_up().into_iter().skip(common::seeds().len()));
    let arith_rules = ["NB201", "NB202", "NB203"];
    for (name, original) in reports {
        let parsed = parse(&original);
        let complete = Arith::resolve(&parsed).identities().iter().all(|i| matches!(i.sides, Sides::Sums(..)));
        let shape = Arith::resolve(&parsed).shape().clone();
        let before: Vec<_> = check(&original, &Settings::default());
        let safe_original: Vec<_> = fix_edits(&original, &Settings::default(), FixMode::Safe)
            .into_iter()
            .map(|e| (e.span, e.new_text))
            .collect();
        let unsafe_original = fix_text(&original, &Settings::default(), FixMode::Unsafe).unwrap_or(original.clone());
        for (row, col, number, value) in t3_cells(&original) {
            if shape.is_total((row, col)) {
                continue;
            }
            for new in [value + 3, value.wrapping_sub(2)] {
                if new > value + 3 {
                    continue;
                }
                let changed = format!("{}{new}{}", &original[..number.start], &original[number.end..]);
                let ctx = format!("{name}: row {row} col {col}: {value} → {new}");
                let found: Vec<_> = check(&changed, &Settings::default())
                    .into_iter()
                    .filter(|d| {
                        arith_rules.contains(&d.rule.code)
                            && !before.iter().any(|b| b.rule.code == d.rule.code && b.message == d.message)
                    })
                    .collect();
                assert_eq!(found.len(), 1, "{ctx}: {found:#?}");
                let d = &found[0];
                assert_eq!(d.severity, Severity::Error, "{ctx}");
                let span = number.start..number.start + new.to_string().len();
                if d.span == span || complete {
                    on_cell += 1;
                    assert_eq!(d.span, span, "{ctx}: not on the cell: {d:#?}");
                    let fix = d.fix.as_ref().unwrap_or_else(|| panic!("{ctx}: no fix"));
                    assert_eq!(fix.applicability, nianbao_core::fix::Applicability::Unsafe, "{ctx}");
                    assert_eq!(fix.edits.len(), 1, "{ctx}");
                    assert_eq!(
                        (fix.edits[0].span.clone(), fix.edits[0].new_text.clone()),
                        (span.clone(), value.to_string()),
                        "{ctx}"
                    );
                    assert!(d.message.contains(&value.to_string()), "{ctx}: {}", d.message);
                } else {
                    named += 1;
                    let r =
                        d.related.iter().find(|r| r.span == span).unwrap_or_else(|| panic!("{ctx}: not named: {d:#?}"));
                    assert!(r.message.contains(&value.to_string()), "{ctx}: {}", r.message);
                }
                // The safe edits are the original's own (a rule case may have findings elsewhere),
                // at the same places: none rewrites the number typed or a total to agree with it.
                let shift = |e: Edit| {
                    let delta = |x: usize| if x >= span.end { x + number.len() - span.len() } else { x };
                    (delta(e.span.start)..delta(e.span.end), e.new_text)
                };
                let safe: Vec<_> =
                    fix_edits(&changed, &Settings::default(), FixMode::Safe).into_iter().map(shift).collect();
                assert_eq!(
                    safe, safe_original,
                    "{ctx}: a safe fix changed the number typed, or a total to agree with it"
                );
                if d.span == span {
                    let fixed = fix_text(&changed, &Settings::default(), FixMode::Unsafe).unwrap_or(changed.clone());
                    assert!(fixed == unsafe_original, "{ctx}: fix --unsafe did not give back the original");
                }
            }
        }
    }
    assert!(on_cell > 3000 && named > 0, "{on_cell} on the cell, {named} named");
}

/// Every report among the fixtures (the seeds and the rule cases) whose table 三 adds up.
fn reports_that_add_up() -> Vec<(String, String)> {
    let dir = common::fixtures_dir();
    let mut out = common::seeds();
    let mut cases: Vec<_> = std::fs::read_dir(dir.join("cases"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    cases.sort();
    for p in cases {
        let text = std::fs::read_to_string(&p).unwrap();
        let report = parse(&text);
        if report.table(TableKind::Three).is_some() && *Arith::resolve(&report).verdict() == Verdict::Holds {
            out.push((p.file_name().unwrap().to_string_lossy().into_owned(), text));
        }
    }
    assert!(out.len() > 20, "only {} reports", out.len());
    out
}

/// Every cell of table 三 holding a count, as (row id, column, number span, value), in the rows
/// the arithmetic reads (the first of each id, with as many values as the template says).
fn t3_cells(text: &str) -> Vec<(usize, usize, Range<usize>, u64)> {
    let report = parse(text);
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for row in &report.table(TableKind::Three).unwrap().rows {
        if seen.contains(&row.id) || row.cells.len() != report.row_template(TableKind::Three, row.id).columns.len() {
            continue;
        }
        seen.push(row.id);
        for (col, cell) in row.cells.iter().enumerate() {
            if let Value::Int(v) = cell.value {
                out.push((row.id, col, cell.number.clone(), v));
            }
        }
    }
    out
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

/// Every table-三 cell, part or total, of every report that adds up, changed by a few units:
/// the arithmetic locates that cell, and only it, with its original value. In a report that
/// lacks a row (NB105-missing-row), the identities the row stands in cannot be checked: the
/// cell is then one of several that would each explain the rest.
#[test]
fn every_cell_changed_is_located_on_it() {
    let (mut located, mut either) = (0, 0);
    for (name, original) in reports_that_add_up() {
        let complete =
            Arith::resolve(&parse(&original)).identities().iter().all(|i| matches!(i.sides, Sides::Sums(..)));
        for (row, col, number, value) in t3_cells(&original) {
            for new in [value + 3, value.wrapping_sub(2)] {
                if new > value + 3 {
                    continue;
                }
                let changed = format!("{}{new}{}", &original[..number.start], &original[number.end..]);
                let arith = Arith::resolve(&parse(&changed));
                let ctx = format!("{name}: row {row} col {col}: {value} → {new}: {:?}", arith.verdict());
                let repairs = match arith.verdict() {
                    Verdict::Located(r) => {
                        located += 1;
                        assert_eq!(r.len(), 1, "{ctx}");
                        r
                    }
                    Verdict::Either(r) if !complete => {
                        either += 1;
                        r
                    }
                    _ => panic!("{ctx}"),
                };
                let r = repairs.iter().find(|r| r.at == (row, col)).unwrap_or_else(|| panic!("{ctx}"));
                assert_eq!((r.written, r.value), (new, value), "{ctx}");
                assert!(!r.breaks.is_empty(), "{ctx}");
            }
        }
    }
    assert!(located > 5000 && either > 0, "{located} located, {either} either");
}

/// Every leaf cell of tables 三 and 四 raised by one, over the all-columns report in every
/// rendering (where a sum leaving out the cell's column, row or part would already see the
/// original as wrong) and over the seeds as typed. Table 三: the one finding sits on the cell
/// itself (NB202 for an outcome, NB203 for 一、二、四), its totals are left alone by the safe
/// fixes, and the unsafe fix gives the original back. Table 四, one sum per group, cannot tell a
/// part from its total: the finding sits on its group's total (NB204) and the safe fix raises
/// exactly that total.
#[test]
fn every_leaf_changed_by_one_is_caught_on_itself_or_its_group_total() {
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
            let ctx = format!("{name}: {kind:?} row {row} col {col} raised by one");
            if kind == Four {
                let total = (Four, 0, col / 5 * 5 + 4);
                assert_eq!(placed(&changed), [("NB204".to_string(), Four, 0, total.2)], "{ctx}");
                let fixed = fix_text(&changed, &Settings::default(), FixMode::Safe).expect("a fix");
                assert!(fixed == raised(&changed, &[total]), "{ctx}: the safe fix did not raise exactly its total");
            } else {
                let code = if t3::outcomes().contains(&row) { "NB202" } else { "NB203" };
                assert_eq!(placed(&changed), [(code.to_string(), Three, row, col)], "{ctx}");
                assert_eq!(fix_text(&changed, &Settings::default(), FixMode::Safe), None, "{ctx}: a safe fix");
                let fixed = fix_text(&changed, &Settings::default(), FixMode::Unsafe).expect("an unsafe fix");
                assert!(fixed == *text, "{ctx}: the unsafe fix did not give the original back");
            }
            cases += 1;
        }
    }
    assert_eq!(cases, texts.len() * (24 * 6 + 12));
}
