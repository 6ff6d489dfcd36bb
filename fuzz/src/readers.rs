//! The properties the reader targets (`docx`, `html`, `pdf_layout`) assert (issue 18): no
//! panic and no hang on any input, within small limits (so the limits' own paths run too);
//! every piece of the map is inside the extracted text, on char boundaries, in order and not
//! overlapping, and points back at the source: a .docx piece at the XML-escaped text of its
//! `<w:t>` (and writing an edit into it gives that edit back on reading), an HTML piece at the
//! node's text in the page (literally, where it holds no reference, line end or markup), a PDF
//! piece at its page, line and column of the layout text.

use nianbao_formats::{apply_docx_edits_with, extract_with, Error, Extracted, Kind, Limits, Source};
use std::io::Write;

/// Limits small enough that inputs of a few KB reach them.
pub fn small_limits() -> Limits {
    Limits {
        docx_part_bytes: 1 << 20,
        docx_entries: 64,
        text_bytes: 256 << 10,
        html_depth: 64,
        row_cells: 64,
        table_cells: 4096,
        ..Limits::default()
    }
}

fn assert_map(x: &Extracted) {
    let mut end = 0;
    for p in &x.map {
        assert!(p.text.start >= end, "pieces in order, not overlapping: {:?}", x.map);
        assert!(p.text.start < p.text.end && p.text.end <= x.text.len(), "piece {p:?} inside the text");
        assert!(
            x.text.is_char_boundary(p.text.start) && x.text.is_char_boundary(p.text.end),
            "piece {p:?} on char boundaries"
        );
        end = p.text.end;
    }
}

/// A .docx whose `word/document.xml` is `xml` (stored, so the fuzzer's bytes are the part).
pub fn wrap_docx(xml: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    w.start_file("word/document.xml", options).unwrap();
    w.write_all(xml).unwrap();
    w.finish().unwrap().into_inner()
}

/// `data` as a .docx: a zip when it starts like one, else the content of `word/document.xml`.
pub fn check_docx(data: &[u8]) {
    let bytes = if data.starts_with(b"PK") { data.to_vec() } else { wrap_docx(data) };
    let limits = small_limits();
    let Ok(x) = extract_with(Kind::Docx, &bytes, &limits) else { return };
    assert_map(&x);
    let xml = read_document(&bytes);
    for p in &x.map {
        let Source::Docx { part, bytes: range, .. } = &p.source else { panic!("a .docx piece: {p:?}") };
        assert_eq!(part, "word/document.xml");
        let raw = std::str::from_utf8(&xml[range.clone()]).expect("a piece's source is text");
        let shown = quick_xml::escape::unescape(raw).expect("a piece's source unescapes");
        assert_eq!(shown, &x.text[p.text.clone()], "a piece is the text of its <w:t>");
    }
    // Writing an edit into the first piece reads back as that edit.
    let Some(p) = x.map.first() else { return };
    let edit = (p.text.clone(), "9&<".to_string());
    match apply_docx_edits_with(&bytes, &x, std::slice::from_ref(&edit), &limits) {
        Ok(out) => {
            let y = extract_with(Kind::Docx, &out, &limits).expect("the written .docx reads back");
            let mut expected = x.text.clone();
            expected.replace_range(p.text.clone(), &edit.1);
            assert_eq!(y.text, expected, "the edit reads back, nothing else changed");
        }
        // Refusing is right when the limits are reached or another entry of the zip is broken
        // (it is copied raw, and cannot be).
        Err(Error::Limit(..) | Error::Zip(_) | Error::Io(_) | Error::Unverified) => {}
        Err(e) => panic!("writing into a piece failed: {e}"),
    }
}

fn read_document(bytes: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut xml = Vec::new();
    archive.by_name("word/document.xml").unwrap().read_to_end(&mut xml).unwrap();
    xml
}

/// `data` as an HTML page.
pub fn check_html(data: &[u8]) {
    let Ok(x) = extract_with(Kind::Html, data, &small_limits()) else { return };
    assert_map(&x);
    // Positions are checked against the input where it is UTF-8 as it is.
    let Ok(input) = std::str::from_utf8(data) else { return };
    for p in &x.map {
        let Source::Html { bytes, .. } = &p.source else { panic!("an HTML piece: {p:?}") };
        assert!(bytes.start <= bytes.end && bytes.end <= input.len(), "{p:?} inside the page");
        assert!(input.is_char_boundary(bytes.start) && input.is_char_boundary(bytes.end), "{p:?} on char boundaries");
        let source = &input[bytes.clone()];
        if !source.contains(['&', '\r', '<', '\0']) {
            let collapsed: String =
                source.split(|c: char| c.is_whitespace()).filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            let text: String =
                x.text[p.text.clone()].split(' ').filter(|w| !w.is_empty()).collect::<Vec<_>>().join(" ");
            assert_eq!(collapsed, text, "an HTML piece is its text in the page");
        }
    }
}

/// `data` as the output of `pdftotext -layout`.
pub fn check_pdf_layout(data: &[u8]) {
    let layout = String::from_utf8_lossy(data);
    let x = nianbao_formats::from_pdftotext_layout(&layout);
    assert_map(&x);
    let pages: Vec<&str> = layout.split('\x0c').collect();
    for p in &x.map {
        let Source::Pdf { page, line, column } = p.source else { panic!("a PDF piece: {p:?}") };
        let page_text = pages.get(page - 1).unwrap_or_else(|| panic!("{p:?}: no page {page}"));
        let line_text = page_text.lines().nth(line - 1).unwrap_or_else(|| panic!("{p:?}: no line {line}"));
        let at: String = line_text.chars().skip(column).collect();
        assert!(
            at.starts_with(&x.text[p.text.clone()]),
            "a PDF piece is the text at its page, line and column: {p:?} {:?} in {line_text:?}",
            &x.text[p.text.clone()]
        );
    }
}

#[cfg(test)]
mod tests {
    /// The committed seeds hold the properties (what each run starts from).
    #[test]
    fn seeds_hold() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut n = 0;
        for (target, check) in [
            ("docx", super::check_docx as fn(&[u8])),
            ("html", super::check_html),
            ("pdf_layout", super::check_pdf_layout),
        ] {
            for entry in std::fs::read_dir(seeds.join(target)).unwrap() {
                check(&std::fs::read(entry.unwrap().path()).unwrap());
                n += 1;
            }
        }
        assert!(n >= 8, "{n} seeds");
    }
}
