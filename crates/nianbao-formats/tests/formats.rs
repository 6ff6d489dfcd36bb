//! Each rendering of a seed report (.html, .docx, .pdf, with and without merged cells) reads
//! back into text that the engine checks like the seed's .txt; piece maps point at the right
//! source bytes; `.docx` write-back changes only the edited `<w:t>` texts.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use nianbao_core::{apply_edits, check, fix_edits, Edit, FixMode, Settings};
use nianbao_formats::{apply_docx_edits, extract, kind_of, CellPos, Error, Extracted, Kind, Source};

const SEED: &str = "002_57935d37ad0b2f69";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

fn seed_text() -> String {
    std::fs::read_to_string(fixtures().join(format!("{SEED}.txt"))).unwrap().replace("\r\n", "\n")
}

fn rendering(suffix: &str) -> Vec<u8> {
    std::fs::read(fixtures().join("formats").join(format!("{SEED}{suffix}"))).unwrap()
}

fn codes(text: &str) -> Vec<&'static str> {
    check(text, &Settings::default()).iter().map(|d| d.code()).collect()
}

/// Findings as (code, message): what a reader sees, wherever in the text they are.
fn findings(text: &str) -> Vec<(&'static str, String)> {
    check(text, &Settings::default()).into_iter().map(|d| (d.code(), d.message)).collect()
}

fn non_blank_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim().is_empty()).collect()
}

/// The PDF tests need pdftotext: without it they fail (`.ci/run` installs it).
fn need_pdftotext() {
    assert!(
        std::process::Command::new("pdftotext").arg("-v").output().is_ok(),
        "pdftotext not found: apt-get install poppler-utils (`.ci/run` installs it)"
    );
}

/// Every row of every table read from `text`: (table, row id, the cells' values).
fn table_values(text: &str) -> Vec<String> {
    let report = nianbao_core::parse::parse(text);
    let rows = report.tables.iter().flat_map(|t| t.rows.iter().map(move |r| (t.kind, r)));
    rows.map(|(kind, r)| format!("{kind:?} {} {:?}", r.id, r.cells.iter().map(|c| &c.value).collect::<Vec<_>>()))
        .collect()
}

#[test]
fn kinds_from_extensions() {
    assert_eq!(kind_of(Path::new("a/b.DOCX")), Some(Kind::Docx));
    assert_eq!(kind_of(Path::new("x.htm")), Some(Kind::Html));
    assert_eq!(kind_of(Path::new("x.html")), Some(Kind::Html));
    assert_eq!(kind_of(Path::new("x.pdf")), Some(Kind::Pdf));
    assert_eq!(kind_of(Path::new("x.txt")), None);
    assert_eq!(kind_of(Path::new("x.doc")), None);
}

#[test]
fn html_renderings_read_back_exactly() {
    let seed = seed_text();
    for suffix in [".html", ".merged.html"] {
        let x = extract(Kind::Html, &rendering(suffix)).unwrap();
        assert_eq!(x.text.trim_end(), seed.trim_end(), "{suffix}");
        assert_eq!(codes(&x.text), codes(&seed), "{suffix}");
    }
}

#[test]
fn docx_renderings_read_back_line_for_line() {
    // LibreOffice drops the empty paragraphs that stood for blank lines; everything else is
    // the seed's text.
    let seed = seed_text();
    for suffix in [".docx", ".merged.docx"] {
        let x = extract(Kind::Docx, &rendering(suffix)).unwrap();
        assert_eq!(non_blank_lines(&x.text), non_blank_lines(&seed), "{suffix}");
        assert_eq!(codes(&x.text), codes(&seed), "{suffix}");
    }
}

#[test]
fn merged_docx_really_has_merged_cells() {
    let xml = zip_entry(&rendering(".merged.docx"), "word/document.xml");
    let xml = String::from_utf8(xml).unwrap();
    assert!(xml.contains("<w:gridSpan"), "no gridSpan in merged fixture");
    assert!(xml.contains("<w:vMerge"), "no vMerge in merged fixture");
    let html = String::from_utf8(rendering(".merged.html")).unwrap();
    assert!(html.contains("rowspan=") && html.contains("colspan="));
}

#[test]
fn pdf_rendering_gives_the_same_findings() {
    need_pdftotext();
    let x = extract(Kind::Pdf, &rendering(".pdf")).unwrap();
    assert!(x.text.contains("孟州市人民政府"), "{}", x.text);
    assert!(x.map.iter().all(|p| matches!(p.source, Source::Pdf { page, line, .. } if page >= 1 && line >= 1)));
    assert!(x.map.iter().any(|p| matches!(p.source, Source::Pdf { page: 2, .. })), "expected several pages");
    // Two of table 三's longest row labels wrap in the PDF: pdftotext prints half of the label
    // above the values and half below; the reader joins them back to their row.
    for label in [
        "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
        "2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    ] {
        let line =
            x.text.lines().find(|l| l.contains(label)).unwrap_or_else(|| panic!("{label} not joined:\n{}", x.text));
        let values: Vec<_> = line[line.find(label).unwrap() + label.len()..].split_whitespace().collect();
        assert_eq!(values, ["0"; 7], "{line}");
    }
    let seed = seed_text();
    assert_eq!(findings(&x.text), findings(&seed));
    assert!(codes(&seed).is_empty());
}

/// Every PDF piece is the text at its page, line and column of `pdftotext -layout` output, also
/// the pieces of wrapped labels joined from other lines.
#[test]
fn pdf_pieces_point_at_their_layout_line_and_column() {
    need_pdftotext();
    let path = fixtures().join("formats").join(format!("{SEED}.pdf"));
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let layout = String::from_utf8(out.stdout).unwrap();
    let pages: Vec<Vec<&str>> = layout.split('\x0c').map(|p| p.lines().collect()).collect();
    let x = extract(Kind::Pdf, &rendering(".pdf")).unwrap();
    let mut joined = 0;
    for p in &x.map {
        let Source::Pdf { page, line, column } = p.source else { panic!("{p:?}") };
        let at: String = pages[page - 1][line - 1].chars().skip(column).collect();
        let text = &x.text[p.text.clone()];
        assert!(at.starts_with(text), "{p:?}: {text:?} is not at {page}:{line}:{column} ({at:?})");
        joined += usize::from(column > 0);
    }
    assert!(joined >= 6, "two wrapped labels of three pieces each: {joined}");
}

/// A rendering where pdftotext reads 91 as "9 1" and 48, 0 as "480" (make_fixtures.py): checked
/// as extracted, NB106 blames the extraction and names the cells; checked as typed, it does not.
#[test]
fn pdf_cells_split_or_merged_by_the_extraction_are_named() {
    need_pdftotext();
    let x = extract(Kind::Pdf, &rendering(".misread-cells.pdf")).unwrap();
    let report = nianbao_core::parse::parse(&x.text);
    let findings = |extracted: bool| -> Vec<String> {
        let companions = nianbao_core::Companions { extracted, ..Default::default() };
        nianbao_core::check_with(&x.text, &report, &Settings::default(), companions)
            .into_iter()
            .map(|d| format!("{} {} on {:?}", d.code(), d.message, &x.text[d.span]))
            .collect()
    };
    let split = "NB106 “一、本年新收”应有 7 个数值，此处有 8 个";
    let merged = "NB106 “（一）予以公开”应有 7 个数值，此处有 6 个";
    let got = findings(true);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(
        got[0].starts_with(&format!("{split}（可能是提取时把一个单元格拆成了两个：第 1、2 个数值“9”“1”应是一个数“91”")),
        "{got:#?}"
    );
    assert!(
        got[1].starts_with(&format!("{merged}（可能是提取时把两个相邻单元格合并了：第 5 个数值“480”应是“48”“0”两个数")),
        "{got:#?}"
    );
    let typed = findings(false);
    assert!(
        typed[0].starts_with(&format!("{split} on")) && typed[1].starts_with(&format!("{merged} on")),
        "{typed:#?}"
    );
    assert!(codes(&seed_text()).is_empty(), "the report itself is right");
}

#[test]
fn pdf_garbage_is_a_tool_error() {
    need_pdftotext();
    assert!(matches!(extract(Kind::Pdf, b"not a pdf"), Err(Error::Tool("pdftotext", _))));
}

/// Byte offset of the total (146) in row 一、本年新收 of table 三 in `text`.
fn total_146(text: &str) -> std::ops::Range<usize> {
    let line_start = text.find("一、本年新收政府信息公开申请数量").unwrap();
    let line_end = line_start + text[line_start..].find('\n').unwrap();
    let at = line_start + text[line_start..line_end].find("\t146").unwrap() + 1;
    at..at + 3
}

fn check_147(x: &Extracted, what: &str) -> nianbao_core::Diagnostic {
    let diags = check(&x.text, &Settings::default());
    let codes: Vec<_> = diags.iter().map(|d| d.code()).collect();
    assert_eq!(codes, vec!["NB201"], "{what}: {diags:#?}");
    let d = diags.into_iter().next().unwrap();
    let want = total_146(&x.text.replace("\t147", "\t146"));
    assert_eq!(d.span, want, "{what}: NB201 must point at the total cell");
    d
}

#[test]
fn html_wrong_total_is_nb201_on_that_cell() {
    for suffix in [".html", ".merged.html"] {
        let html = String::from_utf8(rendering(suffix)).unwrap();
        assert_eq!(html.matches("<td>146</td>").count(), 1);
        let bad = html.replace("<td>146</td>", "<td>147</td>");
        let x = extract(Kind::Html, bad.as_bytes()).unwrap();
        let d = check_147(&x, suffix);
        let piece = x.piece_at(d.span.start).unwrap();
        let Source::Html { bytes, cell } = &piece.source else { panic!("{piece:?}") };
        assert_eq!(&bad[bytes.clone()], "147");
        let cell = cell.expect("in a table cell");
        assert_eq!((cell.row, cell.column), (3, 8), "{suffix}: {cell:?}");
    }
}

fn zip_entry(bytes: &[u8], name: &str) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    archive.by_name(name).unwrap().read_to_end(&mut out).unwrap();
    out
}

/// (name, compression, uncompressed content) of every entry, in order.
fn entries(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut f = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            f.read_to_end(&mut content).unwrap();
            (f.name().to_owned(), f.compression(), content)
        })
        .collect()
}

fn assert_only_document_changed(before: &[u8], after: &[u8]) {
    let (a, b) = (entries(before), entries(after));
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!((&x.0, x.1), (&y.0, y.1), "entry order or compression changed");
        if x.0 != "word/document.xml" {
            assert!(x.2 == y.2, "{} changed", x.0);
        }
    }
}

/// The seed's .docx with the total of row 一 changed to 147 through the write-back itself.
fn docx_147(suffix: &str) -> Vec<u8> {
    let good = rendering(suffix);
    let x = extract(Kind::Docx, &good).unwrap();
    let span = total_146(&x.text);
    let bad = apply_docx_edits(&good, &x, &[(span, "147".to_owned())]).unwrap();
    assert_only_document_changed(&good, &bad);
    bad
}

#[test]
fn docx_wrong_total_is_nb201_on_that_cell_and_maps_to_its_w_t() {
    for suffix in [".docx", ".merged.docx"] {
        let bad = docx_147(suffix);
        let x = extract(Kind::Docx, &bad).unwrap();
        let d = check_147(&x, suffix);
        let piece = x.piece_at(d.span.start).unwrap();
        let Source::Docx { part, bytes, cell, .. } = &piece.source else { panic!("{piece:?}") };
        assert_eq!(part, "word/document.xml");
        let xml = zip_entry(&bad, part);
        assert_eq!(&xml[bytes.clone()], b"147");
        assert!(xml[..bytes.start].ends_with(b">") && xml[bytes.end..].starts_with(b"</w:t>"));
        let cell: CellPos = cell.expect("in a table cell");
        assert_eq!((cell.row, cell.column), (3, 8), "{suffix}: {cell:?}");
    }
}

#[test]
fn docx_safe_fix_round_trips() {
    for suffix in [".docx", ".merged.docx"] {
        let bad = docx_147(suffix);
        let x = extract(Kind::Docx, &bad).unwrap();
        let edits: Vec<Edit> = fix_edits(&x.text, &Settings::default(), FixMode::Safe);
        assert!(!edits.is_empty(), "the engine offers a safe fix for NB201");
        let fixed_text = apply_edits(&x.text, &edits);
        let pairs: Vec<_> = edits.iter().map(|e| (e.span.clone(), e.new_text.clone())).collect();
        let fixed = apply_docx_edits(&bad, &x, &pairs).unwrap();
        let y = extract(Kind::Docx, &fixed).unwrap();
        assert_eq!(y.text, fixed_text, "{suffix}");
        assert!(codes(&y.text).is_empty() || codes(&y.text) == codes(&seed_text()));
        assert_only_document_changed(&bad, &fixed);
        // Everything but the edited text is byte for byte the same part.
        let (before, after) = (zip_entry(&bad, "word/document.xml"), zip_entry(&fixed, "word/document.xml"));
        assert_eq!(before.len(), after.len(), "147 → 146 keeps the length");
        let diff: Vec<usize> = (0..before.len()).filter(|&i| before[i] != after[i]).collect();
        assert!(!diff.is_empty() && diff.len() <= 3, "{diff:?}");
    }
}

#[test]
fn docx_edit_across_pieces_is_refused() {
    let good = rendering(".docx");
    let x = extract(Kind::Docx, &good).unwrap();
    let span = total_146(&x.text);
    // From the value before the total (a tab away) into the total: spans two cells.
    let err = apply_docx_edits(&good, &x, &[(span.start - 2..span.end, "1".to_owned())]).unwrap_err();
    assert!(matches!(err, Error::EditOutsidePiece(_)), "{err}");
}

#[test]
fn docx_escapes_written_text() {
    let good = rendering(".docx");
    let x = extract(Kind::Docx, &good).unwrap();
    let span = total_146(&x.text);
    let out = apply_docx_edits(&good, &x, &[(span, "1<4&6".to_owned())]).unwrap();
    let y = extract(Kind::Docx, &out).unwrap();
    assert!(y.text.contains("\t1<4&6\t"));
}

#[test]
fn html_merges_entities_and_blocks() {
    let html = "<html><head><title>t</title><style>p{}</style></head><body>\
        <h1>标题&nbsp;一</h1><div>段落<br>第二行</div>\
        <table><tr><td rowspan=2>A</td><td colspan=2>B</td><td>C</td></tr>\
        <tr><td>1</td><td></td><td>3</td></tr><tr><td>x &amp; y</td><td><p>p1</p><p>p2</p></td></tr></table>\
        <p>尾</p></body></html>";
    let x = extract(Kind::Html, html.as_bytes()).unwrap();
    assert_eq!(x.text, "标题 一\n段落\n第二行\nA\tB\t\tC\n\t1\t\t3\nx & y\tp1 p2\n尾\n");
    // Text written with entities is found too: its piece covers the source as written.
    let p = x.piece_at(x.text.find("x & y").unwrap()).unwrap();
    let Source::Html { bytes, .. } = &p.source else { panic!() };
    assert_eq!(&html[bytes.clone()], "x &amp; y");
    let p = x.piece_at(0).unwrap();
    let Source::Html { bytes, cell: None } = &p.source else { panic!() };
    assert_eq!(&html[bytes.clone()], "标题&nbsp;一");
    let p = x.piece_at(x.text.find("p2").unwrap()).unwrap();
    let Source::Html { bytes, cell } = &p.source else { panic!() };
    assert_eq!(&html[bytes.clone()], "p2");
    assert_eq!(*cell, Some(CellPos { table: 0, row: 2, column: 1 }));
    let p = x.piece_at(x.text.find('3').unwrap()).unwrap();
    assert!(matches!(&p.source, Source::Html { cell: Some(CellPos { row: 1, column: 3, .. }), .. }), "{p:?}");
}

#[test]
fn html_unclosed_cells_and_paragraphs_are_implied() {
    let x = extract(Kind::Html, b"<table><tr><td>a<td>b<tr><td>1<td>2</table><p>x<p>y").unwrap();
    assert_eq!(x.text, "a\tb\n1\t2\nx\ny\n");
}

#[test]
fn html_in_gb18030_is_decoded() {
    let (bytes, _, _) = encoding_rs::GB18030.encode("<p>政府信息公开</p>");
    let x = extract(Kind::Html, &bytes).unwrap();
    assert_eq!(x.text, "政府信息公开\n");
}

/// Every seed rendered by `make_fixtures.py` (not only 002) reads back like its .txt.
#[test]
fn every_rendered_seed_reads_back() {
    let dir = fixtures().join("formats");
    let mut seeds: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".merged.html").map(str::to_owned))
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 2, "{seeds:?}");
    need_pdftotext();
    for seed in &seeds {
        let txt = std::fs::read_to_string(fixtures().join(format!("{seed}.txt"))).unwrap().replace("\r\n", "\n");
        let want = findings(&txt);
        for suffix in [".html", ".merged.html", ".docx", ".merged.docx", ".pdf"] {
            let kind = kind_of(Path::new(&format!("x{suffix}"))).unwrap();
            let bytes = std::fs::read(dir.join(format!("{seed}{suffix}"))).unwrap();
            let x = extract(kind, &bytes).unwrap();
            let got = findings(&x.text);
            match kind {
                Kind::Html => assert_eq!(x.text.trim_end(), txt.trim_end(), "{seed}{suffix}"),
                Kind::Docx => assert_eq!(non_blank_lines(&x.text), non_blank_lines(&txt), "{seed}{suffix}"),
                // Laid out by pdftotext: the text differs, the tables read from it do not.
                Kind::Pdf => assert_eq!(table_values(&x.text), table_values(&txt), "{seed}{suffix}"),
            }
            assert_eq!(got, want, "{seed}{suffix}");
        }
    }
}

#[test]
fn docx_edge_spaces_are_preserved() {
    let good = rendering(".docx");
    let x = extract(Kind::Docx, &good).unwrap();
    let span = total_146(&x.text);
    let out = apply_docx_edits(&good, &x, &[(span, " 146 ".to_owned())]).unwrap();
    let xml = String::from_utf8(zip_entry(&out, "word/document.xml")).unwrap();
    assert!(xml.contains(r#"<w:t xml:space="preserve"> 146 </w:t>"#), "no preserve");
    let y = extract(Kind::Docx, &out).unwrap();
    assert!(y.text.contains("\t 146 \t"));
}

/// Found by the `docx` fuzz target: a zip read only by luck (data before it, an archive comment)
/// came out of `apply_docx_edits` unreadable. Write-back now reads its result back and refuses
/// one that does not give the edited text.
#[test]
fn a_rewritten_docx_that_would_not_read_back_is_refused() {
    let bytes = std::fs::read(fixtures().join("../../fuzz/seeds/docx/regress-rewritten-unreadable")).unwrap();
    let x = extract(Kind::Docx, &bytes).unwrap();
    let first = x.map.first().unwrap().text.clone();
    let err = apply_docx_edits(&bytes, &x, &[(first, "9".to_owned())]).unwrap_err();
    assert!(matches!(err, Error::Unverified), "{err}");
    assert!(err.message(nianbao_core::Lang::Zh).contains("不改写"));
}
