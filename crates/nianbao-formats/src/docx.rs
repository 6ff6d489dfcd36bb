//! .docx: paragraphs and tables of `word/document.xml` (zip + quick-xml), and writing edits of
//! the extracted text back into the `<w:t>` elements they fall in.

use std::collections::{BTreeMap, HashSet};
use std::io::{Cursor, Read, Write};
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::builder::{Builder, Segs};
use crate::{CellPos, Error, Extracted, Limit, Limits, Source};

const DOCUMENT: &str = "word/document.xml";

fn zip_err(e: zip::result::ZipError) -> Error {
    Error::Zip(e.to_string())
}

/// Below this many bytes unpacked a part is not held to the compression ratio limit (a small
/// part cannot be a bomb, and tiny repetitive XML compresses very well).
const RATIO_FLOOR: u64 = 1024 * 1024;

fn u16_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?).into())
}

fn u32_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?).into())
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

/// Checks the zip's central directory before the zip crate reads it: at most
/// `limits.docx_entries` entries, and no two entries with the same name (ASCII case ignored,
/// as OPC compares part names). The zip crate keeps only one entry per name, so a second
/// `word/document.xml` would otherwise be read by one program and written over by another.
/// A directory this walk cannot follow is left to the zip crate to judge.
fn vet_directory(bytes: &[u8], limits: &Limits) -> Result<(), Error> {
    // End of central directory: the last `PK\x05\x06` in the final 64 KiB + 22 bytes.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let Some(eocd) = (from..=bytes.len().saturating_sub(22)).rev().find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
    else {
        return Ok(());
    };
    let (mut entries, mut size, mut offset) =
        (u16_at(bytes, eocd + 10), u32_at(bytes, eocd + 12), u32_at(bytes, eocd + 16));
    if entries == Some(0xFFFF) || offset == Some(0xFFFF_FFFF) {
        // Zip64: the locator just before points at the zip64 end record.
        let record = eocd
            .checked_sub(20)
            .filter(|&l| bytes[l..].starts_with(b"PK\x06\x07"))
            .and_then(|l| u64_at(bytes, l + 8))
            .and_then(|r| usize::try_from(r).ok())
            .filter(|&r| bytes.get(r..).is_some_and(|b| b.starts_with(b"PK\x06\x06")));
        if let Some(r) = record {
            (entries, size, offset) = (u64_at(bytes, r + 32), u64_at(bytes, r + 40), u64_at(bytes, r + 48));
        }
    }
    let Some(entries) = entries else { return Ok(()) };
    if entries > limits.docx_entries {
        return Err(Error::Limit(Limit::DocxEntries, limits.docx_entries));
    }
    // The directory starts at its offset, or (data prepended to the zip) right before the end.
    let start = [offset, size.and_then(|s| (eocd as u64).checked_sub(s))]
        .into_iter()
        .flatten()
        .filter_map(|o| usize::try_from(o).ok())
        .find(|&o| bytes.get(o..).is_some_and(|b| b.starts_with(b"PK\x01\x02")));
    let Some(start) = start else { return Ok(()) };
    walk_directory(bytes, start, entries).map(|_| ())
}

/// Walks the central directory entries from `at` (at most `max`), refusing two of the same
/// name (ASCII case ignored); returns how many there were.
fn walk_directory(bytes: &[u8], mut at: usize, max: u64) -> Result<u64, Error> {
    let mut names: HashSet<Vec<u8>> = HashSet::new();
    let mut n = 0;
    while n < max && bytes.get(at..).is_some_and(|b| b.starts_with(b"PK\x01\x02")) {
        let (Some(l), Some(e), Some(c)) = (u16_at(bytes, at + 28), u16_at(bytes, at + 30), u16_at(bytes, at + 32))
        else {
            break;
        };
        let (l, e, c) = (l as usize, e as usize, c as usize);
        let Some(name) = bytes.get(at + 46..at + 46 + l) else { break };
        if !names.insert(name.to_ascii_lowercase()) {
            return Err(Error::DuplicatePart(String::from_utf8_lossy(name).into_owned()));
        }
        n += 1;
        at += 46 + l + e + c;
    }
    Ok(n)
}

/// The zip archive of a .docx, its directory vetted (see [`vet_directory`]).
fn open<'b>(bytes: &'b [u8], limits: &Limits) -> Result<zip::ZipArchive<Cursor<&'b [u8]>>, Error> {
    vet_directory(bytes, limits)?;
    let archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_err)?;
    if archive.len() as u64 > limits.docx_entries {
        return Err(Error::Limit(Limit::DocxEntries, limits.docx_entries));
    }
    // The directory the zip crate chose (it may skip an end record it cannot follow), walked
    // again: it keeps one entry per name, so any second one is found here.
    if let Ok(start) = usize::try_from(archive.central_directory_start()) {
        walk_directory(bytes, start, limits.docx_entries.saturating_add(1))?;
    }
    Ok(archive)
}

/// The unpacked bytes of the part `name`, read no further than `limits` allow: at most
/// `docx_part_bytes`, and (above 1 MiB) at most `docx_ratio` times its packed size, whatever
/// its header declares.
fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limits: &Limits) -> Result<Vec<u8>, Error> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Err(Error::NotDocx),
        Err(e) => return Err(zip_err(e)),
    };
    let by_ratio = file.compressed_size().saturating_mul(limits.docx_ratio).max(RATIO_FLOOR);
    let over = |size: u64| {
        if size > limits.docx_part_bytes {
            Some(Error::Limit(Limit::DocxPartBytes, limits.docx_part_bytes))
        } else if size > by_ratio {
            Some(Error::Limit(Limit::DocxRatio, limits.docx_ratio))
        } else {
            None
        }
    };
    if let Some(e) = over(file.size()) {
        return Err(e);
    }
    let cap = limits.docx_part_bytes.min(by_ratio);
    let mut xml = Vec::new();
    file.take(cap.saturating_add(1)).read_to_end(&mut xml)?;
    match over(xml.len() as u64) {
        Some(e) => Err(e),
        None => Ok(xml),
    }
}

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, Error> {
    let xml = read_part(&mut open(bytes, limits)?, DOCUMENT, limits)?;
    extract_part(&xml, DOCUMENT, limits)
}

/// The local name of an element (`w:tc` → `tc`); docx always uses the `w:` prefix for
/// WordprocessingML but other prefixes (`mc:`) matter too, so the full name is compared.
fn name(e: &BytesStart<'_>) -> Vec<u8> {
    e.name().as_ref().to_vec()
}

fn attr_val(e: &BytesStart<'_>, key: &[u8]) -> Option<String> {
    e.attributes().flatten().find(|a| a.key.as_ref() == key).map(|a| String::from_utf8_lossy(&a.value).into_owned())
}

#[derive(Default)]
struct Cell {
    segs: Segs,
    span: usize,
}

struct Row {
    cells: Vec<Cell>,
    before: usize,
    after: usize,
    /// The columns its cells cover (their spans added up).
    width: usize,
}

struct State<'a> {
    part: &'a str,
    out: Builder,
    line: Segs,
    /// Nesting depth of `w:tbl`.
    depth: usize,
    table: usize,
    row_index: usize,
    row: Option<Row>,
    cell: Option<Cell>,
    paragraph: usize,
    in_run: bool,
    /// Inside `mc:Fallback` (a copy of content already read from `mc:Choice`).
    skip: usize,
    limits: &'a Limits,
    /// Grid cells of the tables read so far (merged cells count the positions they cover).
    cells: u64,
}

impl State<'_> {
    fn cell_pos(&self) -> Option<CellPos> {
        let row = self.row.as_ref()?;
        self.cell.as_ref()?;
        let column = row.before + row.width;
        Some(CellPos { table: self.table, row: self.row_index, column })
    }

    fn target(&mut self) -> &mut Segs {
        match &mut self.cell {
            Some(c) => &mut c.segs,
            None => &mut self.line,
        }
    }

    fn flush_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        self.out.line(&line);
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        let n = name(e);
        if self.skip > 0 {
            return;
        }
        match n.as_slice() {
            b"w:tbl" => {
                self.depth += 1;
                if self.depth == 1 {
                    if !self.line.is_empty() {
                        self.flush_line();
                    }
                    self.row_index = 0;
                }
            }
            b"w:tr" if self.depth == 1 => {
                self.row = Some(Row { cells: Vec::new(), before: 0, after: 0, width: 0 });
            }
            b"w:tc" if self.depth == 1 => self.cell = Some(Cell { segs: Segs::default(), span: 1 }),
            b"w:tc" | b"w:tr" => self.target().space(),
            b"w:p" => {
                if self.cell.is_some() || self.depth > 1 {
                    let t = self.target();
                    if !t.is_empty() {
                        t.space();
                    }
                }
                self.paragraph += 1;
            }
            b"w:r" => self.in_run = true,
            _ => {}
        }
    }

    /// Handles an end tag; a table row too wide, or tables with too many cells, are an error.
    fn end(&mut self, n: &[u8]) -> Result<(), Error> {
        if n == b"mc:Fallback" {
            self.skip = self.skip.saturating_sub(1);
            return Ok(());
        }
        if self.skip > 0 {
            return Ok(());
        }
        match n {
            b"w:tbl" => {
                if self.depth == 1 {
                    self.table += 1;
                }
                self.depth = self.depth.saturating_sub(1);
            }
            b"w:tr" if self.depth == 1 => {
                if let Some(row) = self.row.take() {
                    self.cells += (row.before + row.width + row.after) as u64;
                    if self.cells > self.limits.table_cells {
                        return Err(Error::Limit(Limit::TableCells, self.limits.table_cells));
                    }
                    let mut cells: Vec<Segs> = Vec::new();
                    cells.extend((0..row.before).map(|_| Segs::default()));
                    for cell in row.cells {
                        cells.push(cell.segs);
                        cells.extend((1..cell.span).map(|_| Segs::default()));
                    }
                    cells.extend((0..row.after).map(|_| Segs::default()));
                    self.out.row(&cells);
                    self.row_index += 1;
                }
            }
            b"w:tc" if self.depth == 1 => {
                if let (Some(cell), Some(row)) = (self.cell.take(), self.row.as_mut()) {
                    row.width += cell.span;
                    row.cells.push(cell);
                    if (row.before + row.width + row.after) as u64 > self.limits.row_cells {
                        return Err(Error::Limit(Limit::RowCells, self.limits.row_cells));
                    }
                }
            }
            b"w:p" if self.depth == 0 => self.flush_line(),
            b"w:r" => self.in_run = false,
            _ => {}
        }
        Ok(())
    }

    /// Elements that carry no text of their own but matter (`w:tab`, `w:br`, spans, merges).
    fn empty(&mut self, e: &BytesStart<'_>) {
        if self.skip > 0 {
            return;
        }
        let n = name(e);
        match n.as_slice() {
            b"w:tab" if self.in_run => {
                if self.cell.is_some() || self.depth > 0 {
                    self.target().space();
                } else {
                    self.line.push("\t", None);
                }
            }
            b"w:br" | b"w:cr" if self.in_run => {
                if self.cell.is_some() || self.depth > 0 {
                    self.target().space();
                } else {
                    self.flush_line();
                }
            }
            b"w:gridSpan" if self.depth == 1 => {
                if let (Some(cell), Some(v)) = (self.cell.as_mut(), attr_val(e, b"w:val")) {
                    cell.span = v.trim().parse::<usize>().unwrap_or(1).clamp(1, 64);
                }
            }
            b"w:gridBefore" | b"w:gridAfter" if self.depth == 1 && self.cell.is_none() => {
                let v = attr_val(e, b"w:val").and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(0).min(64);
                if let Some(row) = self.row.as_mut() {
                    if n.as_slice() == b"w:gridBefore" {
                        row.before = v;
                    } else {
                        row.after = v;
                    }
                }
            }
            b"w:p" if self.depth == 0 => {
                self.paragraph += 1;
                self.flush_line();
            }
            b"w:p" => self.paragraph += 1,
            _ => {}
        }
    }
}

fn extract_part(xml: &[u8], part: &str, limits: &Limits) -> Result<Extracted, Error> {
    // Text taken so far: the extracted text is never larger (separators aside), so going past
    // the limit here stops the reading early.
    let mut taken: u64 = 0;
    let mut reader = Reader::from_reader(xml);
    reader.config_mut().trim_text(false);
    let mut st = State {
        part,
        out: Builder::default(),
        line: Segs::default(),
        depth: 0,
        table: 0,
        row_index: 0,
        row: None,
        cell: None,
        paragraph: 0,
        in_run: false,
        skip: 0,
        limits,
        cells: 0,
    };
    let mut buf = Vec::new();
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| Error::Xml(e.to_string()))?;
        match ev {
            Event::Start(e) if e.name().as_ref() == b"mc:Fallback" => st.skip += 1,
            Event::Start(e) if e.name().as_ref() == b"w:t" && st.skip == 0 => {
                let content_start = reader.buffer_position() as usize;
                let mut end;
                let mut inner = Vec::new();
                loop {
                    end = reader.buffer_position() as usize;
                    match reader.read_event_into(&mut inner).map_err(|e| Error::Xml(e.to_string()))? {
                        Event::End(e) if e.name().as_ref() == b"w:t" => break,
                        Event::Eof => break,
                        _ => {}
                    }
                    inner.clear();
                }
                let raw = std::str::from_utf8(&xml[content_start..end]).map_err(|e| Error::Xml(e.to_string()))?;
                let text = quick_xml::escape::unescape(raw).map_err(|e| Error::Xml(e.to_string()))?.into_owned();
                taken += text.len() as u64;
                if taken > limits.text_bytes {
                    return Err(Error::Limit(Limit::TextBytes, limits.text_bytes));
                }
                let source = Source::Docx {
                    part: st.part.to_owned(),
                    bytes: content_start..end,
                    paragraph: st.paragraph.saturating_sub(1),
                    cell: st.cell_pos(),
                };
                st.target().push(text, Some(source));
            }
            Event::Start(e) => st.start(&e),
            Event::Empty(e) => st.empty(&e),
            Event::End(e) => st.end(e.name().as_ref())?,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // vMerge continuation cells are empty in Word's XML, so they already read as blank cells.
    if !st.line.is_empty() {
        st.flush_line();
    }
    Ok(st.out.finish())
}

/// Applies `edits` (byte ranges in `extracted.text` and their replacements, e.g. the engine's
/// fix edits) to the .docx `bytes` that `extracted` was read from. Each edit must fall inside
/// one `<w:t>` piece (an insertion may also sit at either end of a piece); otherwise nothing
/// is written and [`Error::EditOutsidePiece`] is returned. Only the content of the affected
/// `<w:t>` elements changes (a bare `<w:t>` whose new text starts or ends with a space
/// becomes `<w:t xml:space="preserve">`, or Word would drop the space); every other zip entry
/// is copied raw (same bytes, same compression), in the same order.
pub fn apply_docx_edits(
    bytes: &[u8],
    extracted: &Extracted,
    edits: &[(Range<usize>, String)],
) -> Result<Vec<u8>, Error> {
    apply_docx_edits_with(bytes, extracted, edits, &Limits::default())
}

/// [`apply_docx_edits`] reading the parts it rewrites within `limits` (a .docx with two parts
/// of the same name is refused here too).
pub fn apply_docx_edits_with(
    bytes: &[u8],
    extracted: &Extracted,
    edits: &[(Range<usize>, String)],
    limits: &Limits,
) -> Result<Vec<u8>, Error> {
    let mut sorted: Vec<&(Range<usize>, String)> = edits.iter().collect();
    sorted.sort_by_key(|(r, _)| (r.start, r.end));
    for w in sorted.windows(2) {
        if w[0].0.end > w[1].0.start {
            return Err(Error::OverlappingEdits(w[0].0.clone(), w[1].0.clone()));
        }
    }
    // piece index → edits inside it
    let mut per_piece: BTreeMap<usize, Vec<&(Range<usize>, String)>> = BTreeMap::new();
    for edit in sorted.iter().copied() {
        let r = &edit.0;
        let found = extracted.map.iter().position(|p| {
            matches!(p.source, Source::Docx { .. })
                && p.text.start <= r.start
                && r.end <= p.text.end
                && (r.start < p.text.end || r.start == r.end)
        });
        let Some(i) = found else {
            return Err(Error::EditOutsidePiece(r.clone()));
        };
        per_piece.entry(i).or_default().push(edit);
    }
    // part → (byte range in part, new escaped content)
    let mut per_part: BTreeMap<String, Vec<(Range<usize>, String)>> = BTreeMap::new();
    for (i, edits) in per_piece {
        let piece = &extracted.map[i];
        let Source::Docx { part, bytes: src, .. } = &piece.source else { unreachable!() };
        let old = &extracted.text[piece.text.clone()];
        let mut new = String::new();
        let mut at = 0;
        for (r, replacement) in edits {
            let (s, e) = (r.start - piece.text.start, r.end - piece.text.start);
            new.push_str(&old[at..s]);
            new.push_str(replacement);
            at = e;
        }
        new.push_str(&old[at..]);
        per_part.entry(part.clone()).or_default().push((src.clone(), quick_xml::escape::escape(&new).into_owned()));
    }

    let mut archive = open(bytes, limits)?;
    let mut new_parts: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (part, mut changes) in per_part {
        let xml = read_part(&mut archive, &part, limits)?;
        // Word drops leading and trailing spaces of a `<w:t>` without xml:space="preserve".
        for (r, content) in &mut changes {
            let edge_space = content.starts_with(char::is_whitespace) || content.ends_with(char::is_whitespace);
            if edge_space && xml[..r.start].ends_with(b"<w:t>") {
                r.start -= b"<w:t>".len();
                content.insert_str(0, "<w:t xml:space=\"preserve\">");
            }
        }
        changes.sort_by_key(|(r, _)| r.start);
        let mut out = Vec::with_capacity(xml.len());
        let mut at = 0;
        for (r, content) in changes {
            out.extend_from_slice(&xml[at..r.start]);
            out.extend_from_slice(content.as_bytes());
            at = r.end;
        }
        out.extend_from_slice(&xml[at..]);
        new_parts.insert(part, out);
    }

    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let file = archive.by_index_raw(i).map_err(zip_err)?;
        match new_parts.get(file.name()) {
            Some(content) => {
                let mut options = zip::write::SimpleFileOptions::default().compression_method(file.compression());
                if let Some(t) = file.last_modified() {
                    options = options.last_modified_time(t);
                }
                if let Some(mode) = file.unix_mode() {
                    options = options.unix_permissions(mode);
                }
                let name = file.name().to_owned();
                drop(file);
                writer.start_file(name, options).map_err(zip_err)?;
                writer.write_all(content)?;
            }
            None => writer.raw_copy_file(file).map_err(zip_err)?,
        }
    }
    writer.set_raw_comment(archive.comment().to_vec().into_boxed_slice());
    let out = writer.finish().map_err(zip_err)?.into_inner();
    // What is written must read back as the edited text, or it is not written: a zip that
    // only read by luck (data before it, a comment holding another end record) can come out
    // unreadable once rewritten.
    let mut expected = String::with_capacity(extracted.text.len());
    let mut at = 0;
    for (r, new) in sorted {
        expected.push_str(&extracted.text[at..r.start]);
        expected.push_str(new);
        at = r.end;
    }
    expected.push_str(&extracted.text[at..]);
    match extract(&out, limits) {
        Ok(back) if back.text == expected => Ok(out),
        _ => Err(Error::Unverified),
    }
}
