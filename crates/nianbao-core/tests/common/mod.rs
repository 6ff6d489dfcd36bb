//! Shared helpers for the engine's tests: the seed fixtures and their renderings.
#![allow(dead_code)]

use std::path::PathBuf;

pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The five seed reports: (file name, text).
pub fn seeds() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
        .collect();
    out.sort();
    assert_eq!(out.len(), 5, "expected the five seed reports in tests/fixtures");
    out
}

/// The report with real numbers in every column (`tests/fixtures/cases/ok-all-columns.txt`,
/// made by make_cases.py): every leaf cell of tables 三 and 四 non-zero and distinct across
/// its row and its column, every total the sum of its parts. Leaving any column, outcome row
/// or table-四 part out of a sum makes this report look wrong; a seed, with its zero columns,
/// cannot tell. Asserts that the fixture still has that property.
pub fn all_columns() -> (String, String) {
    use nianbao_core::model::TableKind;
    use nianbao_core::template::{table, Name};
    let t3 = table(TableKind::Three);
    let outcomes: Vec<usize> = t3.rows_named(Name::Outcome).collect();
    let name = "ok-all-columns.txt";
    let text = std::fs::read_to_string(fixtures_dir().join("cases").join(name)).unwrap();
    let report = nianbao_core::parse::parse(&text);
    let t = report.table(TableKind::Three).expect("table 三");
    let leaf_rows = leaf_rows_3();
    let value = |row: usize, col: usize| t.cell(row, col).and_then(|c| c.count()).expect("a count");
    for &row in &leaf_rows {
        let values: Vec<u64> = (0..6).map(|col| value(row, col)).collect();
        assert!(values.iter().all(|&v| v > 0), "{name}: row {row} has a zero: {values:?}");
        let distinct: std::collections::BTreeSet<u64> = values.iter().copied().collect();
        assert_eq!(distinct.len(), 6, "{name}: row {row} repeats a value: {values:?}");
    }
    for col in 0..6 {
        let values: Vec<u64> = outcomes.iter().map(|&row| value(row, col)).collect();
        let distinct: std::collections::BTreeSet<u64> = values.iter().copied().collect();
        assert_eq!(distinct.len(), values.len(), "{name}: column {col} repeats an outcome value: {values:?}");
    }
    let t4 = &report.table(TableKind::Four).expect("table 四").rows[0];
    let parts: Vec<u64> = [0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13].map(|i| t4.cells[i].count().unwrap()).to_vec();
    let distinct: std::collections::BTreeSet<u64> = parts.iter().copied().collect();
    assert!(parts.iter().all(|&v| v > 0) && distinct.len() == 12, "{name}: table 四 parts {parts:?}");
    (name.to_string(), text)
}

/// Table 三's leaf rows (一、本年新收, 二、上年结转, every outcome row, 四、结转下年度继续办理), by name.
pub fn leaf_rows_3() -> Vec<usize> {
    use nianbao_core::model::TableKind;
    use nianbao_core::template::{table, Name};
    let t3 = table(TableKind::Three);
    let row = |n: Name| t3.row(n).unwrap();
    let mut rows = vec![row(Name::New), row(Name::CarriedIn)];
    rows.extend(t3.rows_named(Name::Outcome));
    rows.push(row(Name::CarriedOut));
    rows
}

/// The five seeds and the all-columns report: what the generated tests run over.
pub fn reports() -> Vec<(String, String)> {
    let mut out = seeds();
    out.push(all_columns());
    out
}

/// The same report with every tab replaced by `sep` (runs of spaces instead of tabs).
pub fn with_spaces(text: &str, sep: &str) -> String {
    text.replace('\t', sep)
}

/// The same report with CRLF line endings and a BOM (as decoded text: U+FEFF first).
pub fn with_crlf_bom(text: &str) -> String {
    format!("\u{FEFF}{}", text.replace('\n', "\r\n"))
}

/// The same report as Markdown: `#` title, `##` section headings, pipe tables.
pub fn to_markdown(text: &str) -> String {
    let report = nianbao_core::parse::parse(text);
    let mut out = String::new();
    let mut in_table = false;
    for line in text.split('\n') {
        let trimmed = line.trim();
        let is_heading = report.sections.iter().any(|s| &text[s.heading.clone()] == trimmed);
        let is_title = report.title.as_ref().is_some_and(|t| &text[t.span.clone()] == trimmed);
        if line.contains('\t') {
            let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
            if !in_table {
                out.push_str(&format!("|{}\n", "---|".repeat(cells.len())));
                in_table = true;
            }
            continue;
        }
        in_table = false;
        if is_title {
            out.push_str(&format!("# {trimmed}\n"));
        } else if is_heading {
            out.push_str(&format!("## {trimmed}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.pop();
    out
}
