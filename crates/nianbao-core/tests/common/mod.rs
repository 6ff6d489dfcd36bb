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
