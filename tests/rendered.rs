//! Documents read as published (issue 13): every fixture report and seed rendered as offices
//! publish it — a .docx in the official layout and the PDF LibreOffice makes of it
//! (tests/fixtures/rendered, made by scripts/render-fixtures.sh) — gets from `nianbao check`
//! exactly the findings of its text: the same codes on the same cells or phrases, with the same
//! messages (positions differ and are not compared).
//!
//! Differences that need a change in the engine (not in the readers) are listed in [`KNOWN`],
//! each with its cause; the test fails when a difference is found that is not listed and when a
//! listed one is no longer found (then the entry goes). docs/triage-rendered.md describes them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use nianbao_core::model::TableKind;
use nianbao_core::{anchor, parse, rules, Diagnostic, Severity};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rendered_dir() -> PathBuf {
    root().join("tests/fixtures/rendered")
}

/// The fixtures that have no document form (see SKIPPED in scripts/render-fixtures.py).
const NOT_RENDERED: &[&str] = &["NB106-split-or-merged-cells.extracted"];

/// How many characters of a phrase anchor (spaces taken out) are compared.
const PHRASE_CHARS: usize = 10;

/// A finding as compared: its code, where it is in words, and its message (spaces squashed).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Finding {
    code: String,
    anchor: String,
    message: String,
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} @ {} — {}", self.code, self.anchor, self.message)
    }
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Byte offset of a 1-based line and 1-based character column (as the CLI's JSON gives them).
fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    text[start..].char_indices().nth(column - 1).map_or(text.len(), |(i, _)| start + i)
}

/// The text `nianbao check` reads from `path`: the file itself, or what nianbao-formats
/// extracts from a document (the CLI's own reading, files.rs).
fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    match nianbao_formats::kind_of(path) {
        None => String::from_utf8(bytes).unwrap(),
        Some(kind) => nianbao_formats::extract(kind, &bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display())).text,
    }
}

/// `nianbao check --format json` on `path` alone (copied into an empty directory, so no
/// nianbao.toml and no other report of the same agency takes part), findings anchored.
fn findings(path: &Path) -> Vec<Finding> {
    let dir = tempfile::tempdir().unwrap();
    let name = format!("report.{}", path.extension().unwrap().to_str().unwrap());
    std::fs::copy(path, dir.path().join(&name)).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(dir.path())
        .args(["check", "--format", "json", &name])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}: nianbao check failed: {}{}",
        path.display(),
        stdout,
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let text = text_of(path);
    let report = parse::parse(&text);
    let mut found: Vec<Finding> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let n = |k: &str| d[k].as_u64().unwrap() as usize;
            let code = d["code"].as_str().unwrap();
            let start = offset(&text, n("line"), n("column"));
            let end = offset(&text, n("end_line"), n("end_column")).max(start);
            let diagnostic = Diagnostic {
                rule: rules::find(code).unwrap(),
                severity: Severity::Error,
                span: start..end,
                message: String::new(),
                fix: None,
                related: Vec::new(),
            };
            // A cell by its name; a phrase by its first words (the engine keeps 60 characters of
            // the clause, spaces included, and a PDF line has more spaces); an insertion point
            // (a missing row or section) by its message alone, since what follows it depends on
            // the layout (a blank line in the text, the next paragraph in a document).
            let anchor = match anchor::anchor(&text, &report, &diagnostic) {
                _ if start == end => String::new(),
                anchor::Anchor::Cell(cell) => squash(&cell),
                anchor::Anchor::Phrase(words) => squash(&words).chars().take(PHRASE_CHARS).collect(),
            };
            Finding { code: code.to_owned(), anchor, message: squash(d["message"].as_str().unwrap()) }
        })
        .collect();
    found.sort();
    found
}

/// The text a rendered document was made from.
fn source_text(stem: &str) -> PathBuf {
    let fixtures = root().join("tests/fixtures");
    [
        fixtures.join(format!("{stem}.txt")),
        fixtures.join("cases").join(format!("{stem}.txt")),
        rendered_dir().join(format!("{stem}.txt")),
    ]
    .into_iter()
    .find(|p| p.exists())
    .unwrap_or_else(|| panic!("no text for the rendered document {stem}"))
}

/// One difference: in `doc`'s `form` (docx or pdf), a finding of the text is missing (`-`) or
/// one the text does not have is there (`+`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Difference {
    doc: String,
    form: &'static str,
    sign: char,
    finding: Finding,
}

/// A known difference: the document (a prefix of its name; "" is every document), the form
/// ("docx", "pdf" or "*" for both), `+` or `-`, the code, the anchor (spaces taken out; "*" is
/// any), what has to change (`engine`: crates/nianbao-core; `reader`: a limit of reading
/// `pdftotext -layout` that this branch does not lift) and why. docs/triage-rendered.md has the
/// reproduction and the fix for each.
struct Known {
    doc: &'static str,
    form: &'static str,
    sign: char,
    code: &'static str,
    anchor: &'static str,
    needs: &'static str,
    cause: &'static str,
}

impl Known {
    fn matches(&self, d: &Difference) -> bool {
        d.doc.starts_with(self.doc)
            && (self.form == "*" || self.form == d.form)
            && self.sign == d.sign
            && self.code == d.finding.code
            && (self.anchor == "*" || {
                // A phrase is compared by its first words.
                let a = squash(self.anchor);
                let found = &d.finding.anchor;
                a == *found || (found.chars().count() == PHRASE_CHARS && a.starts_with(found.as_str()))
            })
    }
}

const PARTIAL_ROWS: &str =
    "on a page with no header of its table and no row of values in every column (the last rows of \
    table 三 at the top of page 3: `11  3  1  15`), nothing in the layout says which columns the numbers fill: \
    `pdftotext -layout` counts columns page by page, so the header's columns on the page before do not carry \
    over (docs/triage-rendered.md, 3)";
const MERGED_VALUE: &str = "a value cell merged over two columns (the case's short row: `101` spans 其他 and 总计 in \
    the .docx) reads as the value and an empty cell: the readers write a merged cell's other columns as empty \
    cells, as Word writes a cell left empty, so the text cannot tell them apart, and an empty cell of a \
    document's table is a blank value (docs/triage-rendered.md, 6)";

/// Differences that are not fixed here (see docs/triage-rendered.md).
const KNOWN: &[Known] = &[
    Known {
        doc: "template-partial",
        form: "pdf",
        sign: '+',
        code: "NB106",
        anchor: "（七）总计 11 3 1 15",
        needs: "reader",
        cause: PARTIAL_ROWS,
    },
    Known {
        doc: "NB106-malformed-row",
        form: "docx",
        sign: '-',
        code: "NB106",
        anchor: "*",
        needs: "reader",
        cause: MERGED_VALUE,
    },
    Known {
        doc: "NB106-malformed-row",
        form: "docx",
        sign: '+',
        code: "NB201",
        anchor: "*",
        needs: "reader",
        cause: MERGED_VALUE,
    },
    Known {
        doc: "NB106-malformed-row",
        form: "docx",
        sign: '+',
        code: "NB202",
        anchor: "*",
        needs: "reader",
        cause: MERGED_VALUE,
    },
    Known {
        doc: "template-partial",
        form: "pdf",
        sign: '+',
        code: "NB106",
        anchor: "四、结转下年度继续办理",
        needs: "reader",
        cause: PARTIAL_ROWS,
    },
];

fn differences(doc: &str, form: &'static str, text: &[Finding], other: &[Finding]) -> Vec<Difference> {
    let mut count: BTreeMap<&Finding, i64> = BTreeMap::new();
    for f in text {
        *count.entry(f).or_default() -= 1;
    }
    for f in other {
        *count.entry(f).or_default() += 1;
    }
    let mut out = Vec::new();
    for (f, n) in count {
        for _ in 0..n.abs() {
            out.push(Difference { doc: doc.to_owned(), form, sign: if n > 0 { '+' } else { '-' }, finding: f.clone() });
        }
    }
    out
}

fn pdftotext_present() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

#[test]
fn every_fixture_is_rendered() {
    let fixtures = root().join("tests/fixtures");
    let mut expected: Vec<String> = Vec::new();
    for dir in [fixtures.clone(), fixtures.join("cases")] {
        for e in std::fs::read_dir(dir).unwrap() {
            let name = e.unwrap().file_name().into_string().unwrap();
            if let Some(stem) = name.strip_suffix(".txt") {
                if !NOT_RENDERED.contains(&stem) {
                    expected.push(stem.to_owned());
                }
            }
        }
    }
    expected.extend(["template-blank".to_owned(), "template-partial".to_owned()]);
    expected.sort();
    for stem in &expected {
        for ext in ["docx", "pdf"] {
            let p = rendered_dir().join(format!("{stem}.{ext}"));
            assert!(p.exists(), "{} is missing: run scripts/render-fixtures.sh", p.display());
        }
    }
    assert!(expected.len() >= 37, "only {} documents", expected.len());
}

#[test]
fn documents_give_the_findings_of_their_text() {
    assert!(pdftotext_present(), "pdftotext is needed (apt-get install poppler-utils): the PDFs are read through it");
    let mut docs: Vec<String> = std::fs::read_dir(rendered_dir())
        .unwrap()
        .filter_map(|e| e.unwrap().file_name().into_string().unwrap().strip_suffix(".docx").map(str::to_owned))
        .collect();
    docs.sort();
    assert!(docs.len() >= 37, "only {} rendered documents", docs.len());
    let mut found = Vec::new();
    let mut report = String::new();
    for doc in &docs {
        let text = findings(&source_text(doc));
        for form in ["docx", "pdf"] {
            let other = findings(&rendered_dir().join(format!("{doc}.{form}")));
            let diffs = differences(doc, form, &text, &other);
            if !diffs.is_empty() {
                report.push_str(&format!("\n{doc}.{form} ({} findings in the text):\n", text.len()));
                for d in &diffs {
                    report.push_str(&format!("  {} {}\n", d.sign, d.finding));
                }
            }
            found.extend(diffs);
        }
    }
    let unknown: Vec<&Difference> = found.iter().filter(|d| !KNOWN.iter().any(|k| k.matches(d))).collect();
    let stale: Vec<&Known> = KNOWN.iter().filter(|k| !found.iter().any(|d| k.matches(d))).collect();
    let mut msg = String::new();
    for d in &unknown {
        msg.push_str(&format!("not a known difference: {}.{} {} {}\n", d.doc, d.form, d.sign, d.finding));
    }
    for k in &stale {
        msg.push_str(&format!(
            "known difference no longer found (remove it from KNOWN and docs/triage-rendered.md): {} {} {} {} @ {} ({}: {})\n",
            k.doc, k.form, k.sign, k.code, k.anchor, k.needs, k.cause
        ));
    }
    assert!(msg.is_empty(), "{msg}\nall differences:{report}");
}

/// The official template as offices hand it out (every value cell empty) and one partly filled
/// read like any report: the .docx gives each table-三 row its seven cells, blank ones blank; the
/// text has no finding but the one listed (NB307 on the partly filled one is right: its section 六
/// is not written yet) — no NB104 on table 四, whose one row of values is all blank, nor on
/// tables 二 and 三 of the PDF, whose blank rows are their labels alone (`documents_give_…`
/// compares the forms).
#[test]
fn templates_read_like_any_report() {
    for (doc, expected) in [("template-blank", &[][..]), ("template-partial", &["NB307"][..])] {
        let docx = text_of(&rendered_dir().join(format!("{doc}.docx")));
        let rows: Vec<&str> = docx.lines().filter(|l| l.contains("结转下年度") || l.contains("属于国家秘密")).collect();
        assert_eq!(rows.len(), 2, "{doc}: {rows:?}");
        for row in rows {
            let cells: Vec<&str> = row.split('\t').collect();
            assert!(cells.len() >= 8, "{doc}: {row:?}");
            if doc == "template-blank" || row.contains("国家秘密") {
                assert!(cells[cells.len() - 7..].iter().all(|c| c.is_empty()), "{doc}: {row:?}");
            }
        }
        let found = findings(&source_text(doc));
        let codes: Vec<&str> = found.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(codes, expected, "{doc}: {found:#?}");
        // The PDF's tables, blank rows (a label alone on its line, or wrapped over lines beside
        // the merged labels) and table 四's blank line included, are read whole.
        let pdf = text_of(&rendered_dir().join(format!("{doc}.pdf")));
        let report = parse::parse(&pdf);
        for (kind, rows) in [(TableKind::Two, 6), (TableKind::Three, 25), (TableKind::Four, 1)] {
            let table = report.table(kind).unwrap_or_else(|| panic!("{doc}.pdf: no table {kind:?}"));
            let ids: Vec<usize> = table.rows.iter().map(|r| r.id).collect();
            assert_eq!(ids, (0..rows).collect::<Vec<_>>(), "{doc}.pdf: table {kind:?}");
            if doc == "template-blank" {
                assert!(table.rows.iter().all(|r| r.cells.iter().all(|c| c.span.is_empty())), "{doc}.pdf: {kind:?}");
            }
        }
    }
}
