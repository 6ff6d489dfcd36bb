//! .pdf: text laid out by poppler's `pdftotext -layout` (a subprocess); columns come out as
//! runs of spaces, which the engine splits into cells like tabs.

use std::io::{Read, Write};
use std::ops::Range;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::builder::{Builder, Segs};
use crate::{Error, Extracted, Limit, Limits, Source};

pub(crate) const TOOL: &str = "pdftotext";
pub(crate) const INSTALL: &str = "apt-get install poppler-utils";

/// What is kept of `pdftotext`'s error stream (the rest is read and dropped).
const STDERR_KEPT: u64 = 64 * 1024;

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, Error> {
    let text = run(TOOL, bytes, limits)?;
    Ok(from_layout(&text))
}

/// Runs `program` (pdftotext, or another name in tests) on `bytes` within `limits`: pages
/// (`-l`, one more than the limit so that a longer document is an error rather than cut),
/// seconds of wall-clock time (then it is killed with its process group), and bytes of output
/// (`text_bytes`; stopping there also ends the program). The PDF goes in on standard input,
/// never as an argument. Nothing here is shared between calls: several may run at once.
fn run(program: &str, bytes: &[u8], limits: &Limits) -> Result<String, Error> {
    let pages = limits.pdf_pages.saturating_add(1).to_string();
    let mut command = Command::new(program);
    command
        .args(["-layout", "-enc", "UTF-8", "-l", &pages, "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        // Its own process group, so that a timeout ends whatever it started too.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = match command.spawn() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::MissingTool(TOOL, INSTALL)),
        Err(e) => return Err(Error::Io(e)),
    };
    // Standard input is written and both outputs read on threads of their own, so that none
    // of them can block another; none is waited for past the deadline.
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = bytes.to_vec();
    std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let over = Arc::new(AtomicBool::new(false));
    let cap = limits.text_bytes;
    let stdout = child.stdout.take().expect("piped stdout");
    let out_over = Arc::clone(&over);
    let out = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.take(cap.saturating_add(1)).read_to_end(&mut text);
        if text.len() as u64 > cap {
            out_over.store(true, Ordering::SeqCst);
        }
        text
    });
    let stderr = child.stderr.take().expect("piped stderr");
    let err = std::thread::spawn(move || {
        let mut kept = Vec::new();
        let mut stderr = stderr;
        let _ = (&mut stderr).take(STDERR_KEPT).read_to_end(&mut kept);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        kept
    });
    // A limit too large for the clock is no limit.
    let deadline = Instant::now().checked_add(Duration::from_secs(limits.pdf_seconds));
    let status = loop {
        if over.load(Ordering::SeqCst) {
            stop(&mut child);
            return Err(Error::Limit(Limit::TextBytes, limits.text_bytes));
        }
        if let Some(status) = child.try_wait()? {
            if out.is_finished() && err.is_finished() {
                break status;
            }
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            stop(&mut child);
            return Err(Error::Limit(Limit::PdfSeconds, limits.pdf_seconds));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let text = out.join().unwrap_or_default();
    let errors = err.join().unwrap_or_default();
    if over.load(Ordering::SeqCst) {
        return Err(Error::Limit(Limit::TextBytes, limits.text_bytes));
    }
    if !status.success() {
        let msg = String::from_utf8_lossy(&errors).trim().to_owned();
        return Err(Error::Tool(TOOL, if msg.is_empty() { status.to_string() } else { msg }));
    }
    // pdftotext ends every page with a form feed.
    if text.iter().filter(|&&b| b == b'\x0c').count() as u64 > limits.pdf_pages {
        return Err(Error::Limit(Limit::PdfPages, limits.pdf_pages));
    }
    Ok(String::from_utf8_lossy(&text).into_owned())
}

/// Kills `child` and its process group, and reaps it.
fn stop(child: &mut Child) {
    #[cfg(unix)]
    if let Some(pid) = rustix::process::Pid::from_raw(child.id() as i32) {
        let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Reads `pdftotext -layout` output back as the document's text: pages are split at form
/// feeds and their furniture dropped (page numbers, running heads: [`furniture`]); the pages
/// are joined so that a table or a paragraph crossing a page break reads on ([`document_lines`],
/// which also drops a table header repeated at the top of a page); a number too wide for its
/// cell, wrapped over the lines around its row, is joined back to it ([`wrapped_numbers`]); the
/// cells of table rows that were laid out over several lines are put back on the line of their
/// row's values ([`table_rows`]); the numbers of a partly filled row are placed in the columns
/// of its table, blank cells blank ([`place_numbers`]); and a paragraph wrapped over lines is
/// joined into one line ([`paragraphs`]). Each piece of text points at its page, line and column.
pub(crate) fn from_layout(text: &str) -> Extracted {
    let mut pages: Vec<&str> = text.split('\x0c').collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    let pages: Vec<Vec<&str>> = pages.into_iter().map(|p| p.lines().collect()).collect();
    let (mut lines, headers) = document_lines(&pages);
    wrapped_numbers(&mut lines);
    let rows = table_rows(&mut lines);
    let tables = place_numbers(&lines, &headers);
    let joined = paragraphs(&lines, &rows.in_table);
    let mut out = Builder::default();
    let mut segs = Segs::default();
    for (i, line) in lines.iter().enumerate() {
        let src = |j: usize, column: usize| Some(Source::Pdf { page: lines[j].page, line: lines[j].line, column });
        let moved_out = rows.owner[i].iter().any(|o| o.is_some_and(|o| o != i));
        let moved_in = rows.owned.get(&i);
        let values = line.first_value().map(|fv| match tables.placed.get(&i) {
            Some(cells) => Values::Placed(cells),
            None if !line.wrapped.is_empty() => Values::Joined(i, fv),
            None => Values::Tail(i, fv),
        });
        match (values, moved_in) {
            (Some(v), Some(frags)) => row_line(&lines, frags, Some(v), &mut segs, src),
            // Every label cell went to other rows: the values alone.
            (Some(v), None) if moved_out => row_line(&lines, &[], Some(v), &mut segs, src),
            // The row's own label, and its values rebuilt.
            (Some(v @ (Values::Placed(_) | Values::Joined(..))), None) => {
                let own: Vec<(usize, usize)> = (0..line.first_value().unwrap_or(0)).map(|c| (i, c)).collect();
                row_line(&lines, &own, Some(v), &mut segs, src);
            }
            (None, _) if moved_out || rows.blank.contains_key(&i) => {
                let mut stay: Vec<(usize, usize)> =
                    (0..line.cells.len()).filter(|&c| rows.owner[i][c].is_none()).map(|c| (i, c)).collect();
                let blank = rows.blank.get(&i);
                if let Some((label, _)) = blank {
                    stay.extend(label);
                    stay.sort();
                }
                if stay.is_empty() {
                    continue;
                }
                row_line(&lines, &stay, None, &mut segs, src);
                if let Some((_, n)) = blank {
                    // As many blank cells as the table has columns, where they are known.
                    segs.push("\t".repeat(tables.width(i).unwrap_or(*n)), None);
                }
            }
            _ if joined[i] => {
                // A paragraph's next line: its words, without the indentation.
                let start = line.text.len() - line.text.trim_start().len();
                let prev = segs.0.last().and_then(|s| s.text.chars().next_back());
                if prev.is_some_and(|p| p.is_ascii_alphanumeric())
                    && line.text[start..].starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    segs.push(" ", None);
                }
                segs.push(&line.text[start..], src(i, line.text[..start].chars().count()));
            }
            _ => segs.push(line.text, src(i, 0)),
        }
        if !joined.get(i + 1).copied().unwrap_or(false) {
            out.line(&segs);
            segs = Segs::default();
        }
    }
    out.finish()
}

/// A line of `pdftotext -layout` output (trailing spaces dropped), its cells, and where it is
/// (1-based page and line).
struct Line<'a> {
    text: &'a str,
    cells: Vec<Cell<'a>>,
    page: usize,
    line: usize,
    /// Values of this row that were wrapped over the lines around it ([`wrapped_numbers`]).
    wrapped: Vec<Num<'a>>,
}

/// Text between runs of two or more spaces, with the character columns it covers.
#[derive(Clone)]
struct Cell<'a> {
    col: usize,
    end: usize,
    byte: usize,
    text: &'a str,
    value: bool,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str, page: usize, line: usize) -> Line<'a> {
        let text = raw.trim_end();
        let mut cells = Vec::new();
        let mut start: Option<(usize, usize)> = None; // (byte, col) of the cell being read
        let mut spaces = 0;
        let mut last_end = (0, 0); // (byte, col) after the last non-space char
        for (col, (b, c)) in text.char_indices().enumerate() {
            if c == ' ' {
                spaces += 1;
            } else {
                if spaces >= 2 {
                    if let Some((sb, sc)) = start.take() {
                        cells.push(Cell::new(&text[sb..last_end.0], sb, sc, last_end.1));
                    }
                }
                if start.is_none() {
                    start = Some((b, col));
                }
                spaces = 0;
                last_end = (b + c.len_utf8(), col + 1);
            }
        }
        if let Some((sb, sc)) = start {
            cells.push(Cell::new(&text[sb..last_end.0], sb, sc, last_end.1));
        }
        Line { text, cells, page, line, wrapped: Vec::new() }
    }

    fn is_blank(&self) -> bool {
        self.cells.is_empty()
    }

    /// Index of the first cell of numbers (the values of a table row).
    fn first_value(&self) -> Option<usize> {
        self.cells.iter().position(|c| c.value)
    }

    /// Column where the values of a line of values start.
    fn limit(&self) -> usize {
        self.first_value().map_or(0, |fv| self.cells[fv].col)
    }

    /// A line of words only (no numbers) whose cells all end before column `limit`: it may hold
    /// parts of row labels, if it is next to a row of values starting at `limit`.
    fn fits_label(&self, limit: usize) -> bool {
        !self.cells.is_empty() && self.cells.iter().all(|c| !c.value && c.end <= limit)
    }

    /// The words, spaces taken out (to compare lines laid out twice).
    fn squashed(&self) -> String {
        self.text.chars().filter(|c| !c.is_whitespace()).collect()
    }

    /// The numbers of a line of values, left to right: each number of its value cells (a cell
    /// may hold several one space apart) and the values wrapped around it. `None` when a cell
    /// after the first value is not a number (`无`, an annotation).
    fn numbers(&self) -> Option<Vec<Num<'a>>> {
        let fv = self.first_value()?;
        let mut out = self.wrapped.clone();
        for c in &self.cells[fv..] {
            if !c.value {
                return None;
            }
            let mut col = c.col;
            for t in c.text.split(' ') {
                if !t.is_empty() {
                    out.push(Num::new(Piece { text: t, page: self.page, line: self.line, col }));
                }
                col += t.chars().count() + 1;
            }
        }
        out.sort_by_key(|n| n.span.start);
        Some(out)
    }

    /// The one number of a line that holds nothing else (no label, no other value).
    fn lone_number(&self) -> Option<&Cell<'a>> {
        match &self.cells[..] {
            [c] if c.value && !c.text.contains(' ') => Some(c),
            _ => None,
        }
    }
}

/// A piece of text of a table cell and where it was laid out (1-based page and line, column).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Piece<'a> {
    text: &'a str,
    page: usize,
    line: usize,
    col: usize,
}

impl Piece<'_> {
    fn source(&self) -> Source {
        Source::Pdf { page: self.page, line: self.line, column: self.col }
    }
}

/// A number of a table row: its pieces (more than one when it wrapped in its cell) and the
/// columns they cover.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Num<'a> {
    pieces: Vec<Piece<'a>>,
    span: Range<usize>,
}

impl<'a> Num<'a> {
    fn new(piece: Piece<'a>) -> Num<'a> {
        let span = piece.col..piece.col + piece.text.chars().count();
        Num { pieces: vec![piece], span }
    }

    /// Twice the column of its centre.
    fn centre2(&self) -> usize {
        self.span.start + self.span.end
    }
}

impl<'a> Cell<'a> {
    fn new(text: &'a str, byte: usize, col: usize, end: usize) -> Cell<'a> {
        Cell { col, end, byte, text, value: is_number_cell(text) }
    }

    fn overlaps(&self, span: &Range<usize>) -> bool {
        self.col < span.end && span.start < self.end
    }

    /// The cell cut in two before byte `at` of its text (a space before it is dropped).
    fn split(&self, at: usize) -> (Cell<'a>, Cell<'a>) {
        let left = self.text[..at].trim_end();
        let right = &self.text[at..];
        let right_col = self.col + self.text[..at].chars().count();
        (
            Cell::new(left, self.byte, self.col, self.col + left.chars().count()),
            Cell::new(right, self.byte + at, right_col, self.end),
        )
    }
}

/// `12`, `0`, `4351.7195`, `1,234`, `50%`, or several of them separated by single spaces.
fn is_number_cell(text: &str) -> bool {
    text.split(' ').all(|t| {
        let t = t.strip_suffix('%').unwrap_or(t);
        let t = t.strip_prefix('-').unwrap_or(t);
        t.chars().next().is_some_and(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
            && !t.ends_with(['.', '．'])
            && t.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || matches!(c, '.' | ',' | '．' | '，'))
    })
}

/// Text that starts a label of its own (`(二)`, `2.`, `三、`, `注`): never the continuation
/// of a wrapped one.
fn starts_enumerated(text: &str) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else { return false };
    let second = chars.next();
    match first {
        '(' | '（' => true,
        '注' => true,
        c if c.is_ascii_digit() || ('０'..='９').contains(&c) => {
            let rest = text.trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
            rest.starts_with(['.', '．', '、'])
        }
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' => {
            second == Some('、')
                || text
                    .trim_start_matches(['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
                    .starts_with('、')
        }
        _ => false,
    }
}

const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// An enumerator that begins a row label of a table or a heading: `(三)`, `（三）`, `2.`,
/// `2、`, `三、`. Stricter than [`starts_enumerated`]: `(区分处理的` is not one.
fn enumerator(text: &str) -> bool {
    let digits = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    if let Some(rest) = text.strip_prefix(['(', '（']) {
        let rest = rest.trim_start_matches(NUMERALS);
        return rest.len() < text.len() - 1 && rest.starts_with([')', '）']);
    }
    if text.starts_with(digits) {
        let rest = text.trim_start_matches(digits);
        return rest.starts_with(['.', '．', '、'])
            && !rest[rest.chars().next().map_or(0, char::len_utf8)..].starts_with(digits);
    }
    let rest = text.trim_start_matches(NUMERALS);
    rest.len() < text.len() && rest.starts_with('、')
}

/// Printed width: CJK and other wide characters count two.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

// ---------------------------------------------------------------------------------------------
// Pages

/// A page number as offices print them in footers (or heads): `-3-`, `— 3 —`, `第 3 页`,
/// `第 3 页 共 9 页`, `共 9 页 第 3 页`, `3/9`, `Page 3 of 9`, or a bare `3` when it is this
/// page's number (`page`, 1-based).
fn is_page_number(text: &str, page: usize) -> bool {
    let s: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let num = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let dashes = ['-', '—', '–', '－', '─', '_'];
    let inner = s.trim_matches(dashes);
    if inner.len() < s.len() && s.starts_with(dashes) && s.ends_with(dashes) && num(inner) {
        return true;
    }
    // 第N页, 第N页共M页, 第N页，共M页, 第N页/共M页, 共M页第N页
    let nth = |s: &str| s.strip_prefix('第').and_then(|r| r.strip_suffix('页')).is_some_and(num);
    let total = |s: &str| s.strip_prefix('共').and_then(|r| r.strip_suffix('页')).is_some_and(num);
    if nth(&s) {
        return true;
    }
    if let Some(i) = s.find("页") {
        let (a, b) = s.split_at(i + "页".len());
        let b = b.trim_start_matches([',', '，', '/', '、', ' ']);
        if (nth(a) && total(b)) || (total(a) && nth(b)) {
            return true;
        }
    }
    if let Some((a, b)) = s.split_once('/') {
        if num(a) && num(b) {
            return true;
        }
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let rest = rest.split("of").next().unwrap_or("");
        if num(rest) {
            return true;
        }
    }
    num(&s) && s.parse::<usize>().is_ok_and(|n| n == page)
}

/// How many non-blank lines at the top and at the bottom of a page may be furniture.
const FURNITURE_LINES: usize = 2;

/// Indices of the furniture lines of each page: page numbers among the first and last
/// [`FURNITURE_LINES`] non-blank lines, and running heads and feet — the same words (spaces
/// aside) as the first (or last) non-blank line of every page (or of three pages or more), that
/// are not a line of values. (A page number above or below a running head is found first; the
/// head is then the first line left.)
fn furniture(pages: &[Vec<Line>]) -> Vec<Vec<bool>> {
    let ends = |page: &[Line], top: bool| -> Vec<usize> {
        let idx = (0..page.len()).filter(|&k| !page[k].is_blank());
        if top {
            idx.take(FURNITURE_LINES).collect()
        } else {
            let v: Vec<usize> = idx.collect();
            v[v.len().saturating_sub(FURNITURE_LINES)..].to_vec()
        }
    };
    // The first (last) non-blank line of each page, counted by its words.
    let edge = |page: &[Line], top: bool| {
        let mut idx = (0..page.len()).filter(|&k| !page[k].is_blank());
        if top {
            idx.next()
        } else {
            idx.next_back()
        }
    };
    let mut repeated = [std::collections::HashMap::<String, usize>::new(), Default::default()];
    for page in pages {
        for (side, top) in [(0, true), (1, false)] {
            if let Some(k) = edge(page, top).filter(|&k| page[k].first_value().is_none()) {
                *repeated[side].entry(page[k].squashed()).or_default() += 1;
            }
        }
    }
    pages
        .iter()
        .enumerate()
        .map(|(p, page)| {
            let mut drop = vec![false; page.len()];
            for (side, top) in [(0, true), (1, false)] {
                for k in ends(page, top) {
                    if is_page_number(page[k].text, p + 1) {
                        drop[k] = true;
                    }
                }
                // On every page, or on three or more (a table header Word repeats at the top of
                // the pages a table crosses is on fewer, and is handled apart).
                if let Some(k) = edge(page, top) {
                    let l = &page[k];
                    if pages.len() > 1
                        && l.first_value().is_none()
                        && repeated[side].get(&l.squashed()).is_some_and(|&n| n == pages.len() || n >= 3)
                    {
                        drop[k] = true;
                    }
                }
            }
            drop
        })
        .collect()
}

/// The lines of the document with the pages joined: furniture dropped, the blank lines
/// around a page break dropped (a table or a paragraph that crosses it reads on), and a table
/// header that Word repeats at the top of a page (two lines or more, the same words as lines
/// before) dropped — those are returned apart, by page, as the columns of the table there.
fn document_lines<'a>(pages: &[Vec<&'a str>]) -> (Vec<Line<'a>>, Headers<'a>) {
    let pages: Vec<Vec<Line<'a>>> = pages
        .iter()
        .enumerate()
        .map(|(p, lines)| lines.iter().enumerate().map(|(k, l)| Line::new(l, p + 1, k + 1)).collect())
        .collect();
    let drop = furniture(&pages);
    let mut out: Vec<Line<'a>> = Vec::new();
    let mut headers = Headers::new();
    for (p, (page, drop)) in pages.into_iter().zip(drop).enumerate() {
        let mut lines: Vec<Line<'a>> = page.into_iter().zip(drop).filter(|(_, d)| !d).map(|(l, _)| l).collect();
        if p > 0 {
            while out.last().is_some_and(Line::is_blank) {
                out.pop();
            }
            let blank = lines.iter().take_while(|l| l.is_blank()).count();
            lines.drain(..blank);
            let header = repeated_header(&out, &lines);
            if header > 0 {
                headers.insert(p + 1, lines.drain(..header).collect());
            }
        }
        out.extend(lines);
    }
    while out.last().is_some_and(Line::is_blank) {
        out.pop();
    }
    let blank = out.iter().take_while(|l| l.is_blank()).count();
    out.drain(..blank);
    (out, headers)
}

/// The table header lines repeated at the top of a page (dropped from the text), by page.
type Headers<'a> = std::collections::HashMap<usize, Vec<Line<'a>>>;

/// How many lines at the top of `page` repeat a run of lines before (at least two, none of
/// them blank or a line of values): a table header Word repeats on each page.
fn repeated_header(before: &[Line], page: &[Line]) -> usize {
    let top: Vec<String> =
        page.iter().take_while(|l| !l.is_blank() && l.first_value().is_none()).map(Line::squashed).collect();
    if top.len() < 2 {
        return 0;
    }
    let mut best = 0;
    for j in 0..before.len() {
        let n = (0..top.len()).take_while(|&k| before.get(j + k).is_some_and(|l| l.squashed() == top[k])).count();
        best = best.max(n);
    }
    if best >= 2 {
        best
    } else {
        0
    }
}

// ---------------------------------------------------------------------------------------------
// Tables

/// Lines of words that may hold parts of row labels between two lines of values, or before the
/// first and after the last one of a table.
const MAX_GAP: usize = 5;

/// How the cells of table rows were put back together.
struct Rows {
    /// For each line, for each of its cells: the line of values (the row) it was moved to.
    owner: Vec<Vec<Option<usize>>>,
    /// For each line of values that takes cells from elsewhere (or gives its own away): the
    /// label cells it now has, as (line, cell), in line order.
    owned: std::collections::HashMap<usize, Vec<(usize, usize)>>,
    /// The lines that are part of a table.
    in_table: Vec<bool>,
    /// Rows whose values are all blank (empty cells leave no trace in the layout): the first
    /// line of the row's label, its label cells, and how many blank cells the row has.
    blank: std::collections::HashMap<usize, (Vec<(usize, usize)>, usize)>,
}

/// The runs of lines that make a table: lines of values, and the lines of words between and
/// around them (at most [`MAX_GAP`] in a row) that fit left of the values.
fn regions(lines: &[Line]) -> Vec<Range<usize>> {
    let values: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].first_value().is_some()).collect();
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut k = 0;
    while k < values.len() {
        let first = values[k];
        let floor = out.last().map_or(0, |r| r.end);
        let mut start = first;
        while start > floor && first - (start - 1) <= MAX_GAP && lines[start - 1].fits_label(lines[first].limit()) {
            start -= 1;
        }
        let mut last = first;
        while let Some(&next) = values.get(k + 1) {
            let limit = lines[last].limit().min(lines[next].limit());
            if next - last - 1 > MAX_GAP || !(last + 1..next).all(|j| lines[j].fits_label(limit)) {
                break;
            }
            last = next;
            k += 1;
        }
        let mut end = last + 1;
        while end < lines.len() && end - last <= MAX_GAP && lines[end].fits_label(lines[last].limit()) {
            end += 1;
        }
        out.push(start..end);
        k += 1;
    }
    out
}

/// The text of one table cell as it was laid out: its pieces on successive lines, all in one
/// column (each under the first), with the rows of values that lie within its lines.
struct Block {
    /// Columns the pieces cover.
    cols: Range<usize>,
    /// Column where its first piece starts.
    start: usize,
    /// Printed width of its first piece (a wrapped line is full: the next ones are no wider).
    width: usize,
    first_line: usize,
    last_line: usize,
    /// (line, cell) of each piece.
    pieces: Vec<(usize, usize)>,
    /// Another cell started in its column after it: nothing more continues it.
    closed: bool,
}

/// Puts back together the rows of tables whose cells `pdftotext -layout` laid out over several
/// lines.
///
/// Word and LibreOffice wrap a long label in its cell and centre it vertically (or align it to
/// the top), so a row's values sit on one line and its label is spread over the lines around
/// it; a cell merged down several rows (`三、本年度办理结果`, `（三）不予公开`) is centred over
/// all of them, its pieces on the lines of other rows. The label columns of a table are read
/// as blocks: a piece of words continues the block above it in the same column (their columns
/// overlap, it is no wider than the block's first piece, it does not begin with an enumerator
/// such as `（二）`, `2.`, `三、`, and no other cell started in that column in between); any
/// other piece starts a block. The last label cell on a line of values is that row's own label
/// (unless a block to its right goes on from the line above: the row's label is centred around
/// it): it starts a block unless the block above has no row yet and goes on below (a label
/// centred over three lines). A numbered label with no row of values within its lines, in a
/// table whose rows have values, is a row of blank cells (empty cells leave no trace).
/// A block goes to the first row of values within its lines — its own row, or for a merged
/// cell the first row it covers; a block with no row of values within its lines stays where it
/// is (a caption, a heading, a label of a row without values).
///
/// Cells that `pdftotext` set only one space apart are told apart first: a label cell is cut
/// before an enumerator that follows a space (`理结 (三) 不予 1. 属于国家秘密`), and before a word
/// that starts, after a space, exactly where a block above in that column started (`(五) 不予
/// 物` under `3. 要求提供公开出版`).
fn table_rows(lines: &mut [Line]) -> Rows {
    let mut rows = Rows {
        owner: lines.iter().map(|l| vec![None; l.cells.len()]).collect(),
        owned: Default::default(),
        in_table: vec![false; lines.len()],
        blank: Default::default(),
    };
    for region in regions(lines) {
        for i in region.clone() {
            rows.in_table[i] = true;
            split_at_enumerators(&mut lines[i]);
        }
        let blocks = blocks(lines, region.clone());
        for i in region.clone() {
            rows.owner[i] = vec![None; lines[i].cells.len()];
        }
        let width = row_width(lines, region.clone());
        for b in &blocks {
            let row = (b.first_line..=b.last_line).find(|&j| lines[j].first_value().is_some());
            let row = match row {
                Some(row) => row,
                // A numbered row label (`2. 重复申请`) with no values: a row of blank cells.
                None if width >= 2 && {
                    let (j, c) = b.pieces[0];
                    let t = lines[j].cells[c].text;
                    enumerator(t) && t.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
                } =>
                {
                    rows.blank.insert(b.first_line, (b.pieces.clone(), width));
                    b.first_line
                }
                None => continue,
            };
            for &(j, c) in &b.pieces {
                rows.owner[j][c] = Some(row);
            }
        }
        // Rows whose label is not just their own cells, in place.
        for i in region {
            let Some(fv) = lines[i].first_value() else { continue };
            let mut label: Vec<(usize, usize)> = Vec::new();
            for b in &blocks {
                label.extend(b.pieces.iter().filter(|&&(j, c)| rows.owner[j][c] == Some(i)));
            }
            label.sort();
            let own: Vec<(usize, usize)> = (0..fv).map(|c| (i, c)).collect();
            if label != own {
                rows.owned.insert(i, label);
            }
        }
    }
    rows
}

/// How many values the rows of a table have: the most common count on its lines of values
/// (a cell may hold several numbers one space apart).
fn row_width(lines: &[Line], region: Range<usize>) -> usize {
    let mut counts: std::collections::HashMap<usize, usize> = Default::default();
    for l in &lines[region] {
        if let Some(fv) = l.first_value() {
            let n = l.cells[fv..].iter().map(|c| c.text.split(' ').filter(|t| !t.is_empty()).count()).sum();
            *counts.entry(n).or_default() += 1;
        }
    }
    counts.into_iter().max_by_key(|&(n, k)| (k, n)).map_or(0, |(n, _)| n)
}

/// Cuts the label cells of `line` before an enumerator that follows a single space.
fn split_at_enumerators(line: &mut Line) {
    let n = line.first_value().unwrap_or(line.cells.len());
    let mut cells: Vec<Cell> = Vec::with_capacity(line.cells.len());
    for (k, cell) in line.cells.iter().enumerate() {
        let mut cell = cell.clone();
        if k < n {
            while let Some(at) = cell
                .text
                .char_indices()
                .skip(1)
                .find(|&(b, _)| cell.text[..b].ends_with(' ') && enumerator(&cell.text[b..]))
                .map(|(b, _)| b)
            {
                let (left, right) = cell.split(at);
                cells.push(left);
                cell = right;
            }
        }
        cells.push(cell);
    }
    line.cells = cells;
}

impl Block {
    /// Whether the label of the row on line `i` is the middle of this block (a label wrapped
    /// over three lines or more and centred): the block has no row of values yet and the line
    /// after `i` continues it.
    fn centred_on(&self, lines: &[Line], i: usize) -> bool {
        let no_row = (self.first_line..i).all(|j| lines[j].first_value().is_none());
        let below = lines.get(i + 1).is_some_and(|l| {
            l.first_value().is_none()
                && l.cells
                    .iter()
                    .any(|c| c.overlaps(&self.cols) && width(c.text) <= self.width + 1 && !enumerator(c.text))
        });
        no_row && below
    }
}

fn blocks(lines: &mut [Line], region: Range<usize>) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    for i in region {
        let fv = lines[i].first_value();
        let mut c = 0;
        while c < fv.unwrap_or(lines[i].cells.len()) {
            // A word one space after another cell's, where a block above started.
            let cell = &lines[i].cells[c];
            let cut = cell.text.char_indices().skip(1).find_map(|(b, _)| {
                let col = cell.col + cell.text[..b].chars().count();
                (cell.text[..b].ends_with(' ')
                    && !cell.text[b..].starts_with(' ')
                    && blocks.iter().any(|bl| !bl.closed && bl.start == col && i - bl.last_line <= MAX_GAP))
                .then_some(b)
            });
            if let Some(at) = cut {
                let (left, right) = cell.split(at);
                lines[i].cells.splice(c..=c, [left, right]);
            }
            let fv = lines[i].first_value();
            let cell = &lines[i].cells[c];
            // The last label cell on a line of values is the row's own label, unless the row's
            // label is a block to its right that goes on around this line (centred over it).
            let own_label = fv.is_some_and(|fv| c + 1 == fv)
                && !blocks.iter().any(|b| !b.closed && b.cols.start >= cell.end && b.last_line + 1 == i);
            let span = cell.col..cell.end;
            let cont = if enumerator(cell.text) || starts_enumerated(cell.text) && cell.text.starts_with('注') {
                None
            } else {
                blocks.iter().rposition(|b| {
                    !b.closed
                        && cell.overlaps(&b.cols)
                        && i - b.last_line <= MAX_GAP
                        && width(cell.text) <= b.width + 1
                        && (!own_label || b.centred_on(lines, i))
                })
            };
            for (k, b) in blocks.iter_mut().enumerate() {
                if Some(k) != cont && !b.closed && cell.overlaps(&b.cols) {
                    b.closed = true;
                }
            }
            match cont {
                Some(k) => {
                    let b = &mut blocks[k];
                    b.cols = b.cols.start.min(span.start)..b.cols.end.max(span.end);
                    b.last_line = i;
                    b.pieces.push((i, c));
                }
                None => blocks.push(Block {
                    cols: span.clone(),
                    start: span.start,
                    width: width(cell.text),
                    first_line: i,
                    last_line: i,
                    pieces: vec![(i, c)],
                    closed: false,
                }),
            }
            c += 1;
        }
    }
    blocks
}

/// The values of a row as they are written out.
enum Values<'v, 'a> {
    /// Line `.0`'s, as laid out, from its cell `.1` on.
    Tail(usize, usize),
    /// Line `.0`'s value cells from its cell `.1` on, with the numbers wrapped around it
    /// ([`Line::wrapped`]) in their places.
    Joined(usize, usize),
    /// One cell per column of the table, blank (`None`) or not, joined by tabs.
    Placed(&'v [Option<Num<'a>>]),
}

/// A line of the label cells `frags` (as (line, cell)) and, for a row, its `values`: the
/// pieces of each label column in line order (the columns are the cells that overlap), padded
/// to where they stood, at least two spaces apart so that the engine splits them as before.
fn row_line(
    lines: &[Line],
    frags: &[(usize, usize)],
    values: Option<Values>,
    segs: &mut Segs,
    src: impl Fn(usize, usize) -> Option<Source>,
) {
    type Column = (Range<usize>, Vec<(usize, usize)>);
    let mut columns: Vec<Column> = Vec::new();
    for &(j, k) in frags {
        let c = &lines[j].cells[k];
        match columns.iter_mut().find(|(span, _)| c.overlaps(span)) {
            Some((span, pieces)) => {
                *span = span.start.min(c.col)..span.end.max(c.end);
                pieces.push((j, k));
            }
            None => columns.push((c.col..c.end, vec![(j, k)])),
        }
    }
    columns.sort_by_key(|(span, _)| span.start);
    let mut at = 0; // columns written so far
    let pad = |segs: &mut Segs, at: &mut usize, to: usize| {
        let n = if *at == 0 { to } else { to.saturating_sub(*at).max(2) };
        segs.push(" ".repeat(n), None);
        *at += n;
    };
    for (span, pieces) in &columns {
        pad(segs, &mut at, span.start);
        let mut prev: Option<char> = None;
        for &(j, k) in pieces {
            let c = &lines[j].cells[k];
            if prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && c.text.starts_with(|n: char| n.is_ascii_alphanumeric())
            {
                segs.push(" ", None);
                at += 1;
            }
            segs.push(c.text, src(j, c.col));
            at += c.text.chars().count();
            prev = c.text.chars().next_back();
        }
    }
    match values {
        None => {}
        Some(Values::Tail(i, fv)) => {
            let values = &lines[i].cells[fv];
            pad(segs, &mut at, values.col);
            segs.push(&lines[i].text[values.byte..], src(i, values.col));
        }
        Some(Values::Joined(i, fv)) => {
            let l = &lines[i];
            let mut cells: Vec<Num> = l.wrapped.clone();
            cells.extend(
                l.cells[fv..].iter().map(|c| Num::new(Piece { text: c.text, page: l.page, line: l.line, col: c.col })),
            );
            cells.sort_by_key(|c| c.span.start);
            for c in &cells {
                pad(segs, &mut at, c.span.start);
                for p in &c.pieces {
                    segs.push(p.text, Some(p.source()));
                    at += p.text.chars().count();
                }
            }
        }
        Some(Values::Placed(cells)) => {
            let first = cells.iter().flatten().next().map_or(at, |c| c.span.start);
            pad(segs, &mut at, first);
            for (k, c) in cells.iter().enumerate() {
                if k > 0 {
                    segs.push("\t", None);
                }
                for p in c.iter().flat_map(|c| &c.pieces) {
                    segs.push(p.text, Some(p.source()));
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Columns

/// Whether two spans of columns overlap.
fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Joins back a number too wide for its cell. Word and LibreOffice wrap it in the cell and
/// centre it vertically, so its first part is on a line of its own just above the row's values
/// and the rest just below (`１４６` in full-width digits in table 三's narrow 总计 column: `１４`
/// above, `６` below). Two lines that hold one number each and nothing else, directly above and
/// below a line of values on the same page, are the parts of one value of that row when their
/// columns overlap, the upper part is no narrower than the lower (a wrapped line is full), the
/// two read as one number, the row has no number in those columns, and the nearest other line
/// of values above or below (within [`MAX_GAP`] lines, same page) has one there — so they stand
/// in a column of the table where the row has a blank. The parts go to the row
/// ([`Line::wrapped`]) and their lines are dropped; anything else keeps its reading.
fn wrapped_numbers(lines: &mut Vec<Line<'_>>) {
    let mut gone = vec![false; lines.len()];
    for b in 1..lines.len().saturating_sub(1) {
        let (a, c) = (b - 1, b + 1);
        let page = lines[b].page;
        if gone[a] || lines[a].page != page || lines[c].page != page {
            continue;
        }
        let (Some(top), Some(bottom), Some(row)) = (lines[a].lone_number(), lines[c].lone_number(), lines[b].numbers())
        else {
            continue;
        };
        let span = top.col.min(bottom.col)..top.end.max(bottom.end);
        let has_number_here = |l: &Line| l.numbers().is_some_and(|ns| ns.iter().any(|n| overlap(&n.span, &span)));
        let fits = overlap(&(top.col..top.end), &(bottom.col..bottom.end))
            && width(top.text) >= width(bottom.text)
            && is_number_cell(&format!("{}{}", top.text, bottom.text))
            && !row.iter().any(|n| overlap(&n.span, &span));
        if !fits {
            continue;
        }
        let is_row = |k: &usize| !gone[*k] && lines[*k].page == page && lines[*k].first_value().is_some();
        let above = (a.saturating_sub(MAX_GAP)..a).rev().find(is_row);
        let below = (c + 1..lines.len().min(c + 1 + MAX_GAP)).find(is_row);
        if !above.into_iter().chain(below).any(|k| has_number_here(&lines[k])) {
            continue;
        }
        let pieces = vec![
            Piece { text: top.text, page, line: lines[a].line, col: top.col },
            Piece { text: bottom.text, page, line: lines[c].line, col: bottom.col },
        ];
        lines[b].wrapped.push(Num { pieces, span });
        gone[a] = true;
        gone[c] = true;
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !gone[k - 1]
    });
}

/// Lines above the first row of a table read for its header (words of columns).
const MAX_HEADER: usize = 8;

/// The tables whose columns were found, and their rows placed in them.
#[derive(Default)]
struct Tables<'a> {
    /// The rows with fewer numbers than columns that were placed: one cell per column, `None`
    /// where the cell is blank.
    placed: std::collections::HashMap<usize, Vec<Option<Num<'a>>>>,
    /// For each table whose columns are known: its lines (first row to last) and its columns.
    widths: Vec<(Range<usize>, usize)>,
}

impl Tables<'_> {
    /// How many columns the table around line `i` has, when they are known.
    fn width(&self, i: usize) -> Option<usize> {
        self.widths.iter().find(|(lines, _)| lines.contains(&i)).map(|&(_, n)| n)
    }
}

/// Places the numbers of partly filled rows in their columns. An empty cell leaves nothing in
/// the layout, so `12   3      1     16` under a header of seven columns has lost which four of
/// them it fills; `pdftotext` keeps each piece of text in the order of its place across the page,
/// so the columns of the page can say.
///
/// A table here is a run of lines of values on one page with only labels ([`Line::fits_label`])
/// and blank lines between them. Its columns come from its header: the words above its first
/// row (at most [`MAX_HEADER`] lines, the page's repeated header when it starts the page) that
/// stand right of every label of its rows ([`header_columns`]). A table at the top of a page with
/// no header there goes on from the one that ended the page before, with its count of columns.
/// The rows with a number in every column (full rows) must each have their numbers nearest
/// their own columns of the header, and then give the columns' places themselves (the numbers of
/// a column line up more closely than with the header's words); without a full row the header's
/// words give them, and without either nothing is placed. No row may have more numbers than
/// columns. Each number of a row with fewer goes to the column whose centre is nearest, when
/// it is well inside that column (within a quarter of the way to either neighbour) and in the
/// order of the columns ([`assign`]). If any row of the table cannot be placed that way, no row
/// of it is: its columns are not what they seem. (The columns are counted in characters of the
/// layout, which `pdftotext` squeezes around words set one space apart, so a header's word can
/// stand a few characters off the numbers under it; the numbers of a column stand within one.)
fn place_numbers<'a>(lines: &[Line<'a>], headers: &Headers<'a>) -> Tables<'a> {
    let mut tables = Tables::default();
    let mut runs: Vec<Vec<usize>> = Vec::new();
    for i in (0..lines.len()).filter(|&i| lines[i].first_value().is_some()) {
        let same = runs.last().and_then(|r| r.last()).is_some_and(|&j| {
            let limit = lines[j].limit().min(lines[i].limit());
            lines[j].page == lines[i].page && (j + 1..i).all(|k| lines[k].is_blank() || lines[k].fits_label(limit))
        });
        match runs.last_mut() {
            Some(run) if same => run.push(i),
            _ => runs.push(vec![i]),
        }
    }
    // The page and columns of the last table, when nothing but labels follow it on its page.
    let mut carried: Option<(usize, usize)> = None;
    for run in &runs {
        let carry = carried.take();
        let (first, last) = (run[0], run[run.len() - 1]);
        let page = lines[first].page;
        let label_end = (first..=last)
            .flat_map(|k| {
                let l = &lines[k];
                l.cells[..l.first_value().unwrap_or(l.cells.len())].iter().map(|c| c.end)
            })
            .max()
            .unwrap_or(0);
        // The lines above the first row, up to a line of values or the top of the page.
        let above: Vec<&Line<'a>> =
            lines[..first].iter().rev().take_while(|l| l.page == page && l.first_value().is_none()).collect();
        let page_top = above.len() == first || lines[first - above.len() - 1].page != page;
        let mut header: Vec<&Line<'a>> = above.iter().filter(|l| !l.is_blank()).take(MAX_HEADER).copied().collect();
        header.reverse();
        if page_top {
            if let Some(repeated) = headers.get(&page) {
                header.splice(0..0, repeated.iter());
            }
        }
        let columns = header_columns(&header, label_end);
        let n = match (&columns, carry) {
            (Some(c), _) => c.len(),
            // Only labels above it on its page: the table of the page before goes on.
            (None, Some((p, n)))
                if page_top
                    && p + 1 == page
                    && above.iter().all(|l| l.is_blank() || l.fits_label(lines[first].limit())) =>
            {
                n
            }
            _ => continue,
        };
        let numbers: Vec<Option<Vec<Num<'a>>>> = run.iter().map(|&i| lines[i].numbers()).collect();
        if numbers.iter().flatten().any(|ns| ns.len() > n) {
            continue;
        }
        let full: Vec<&Vec<Num>> = numbers.iter().flatten().filter(|ns| ns.len() == n).collect();
        let centres: Vec<usize> = if full.is_empty() {
            match &columns {
                Some(c) => c.iter().map(|c| c.start + c.end).collect(),
                None => continue,
            }
        } else {
            if let Some(c) = &columns {
                let words: Vec<usize> = c.iter().map(|c| c.start + c.end).collect();
                if !full.iter().all(|ns| ns.iter().enumerate().all(|(k, num)| nearest(&words, num.centre2()) == k)) {
                    continue;
                }
            }
            (0..n).map(|k| full.iter().map(|ns| ns[k].centre2()).sum::<usize>() / full.len()).collect()
        };
        let mut placed = Vec::new();
        for (&i, ns) in run.iter().zip(&numbers) {
            match ns {
                Some(ns) if ns.len() < n => placed.push((i, assign(&centres, ns))),
                _ => {}
            }
        }
        if placed.iter().any(|(_, cells)| cells.is_none()) {
            continue;
        }
        tables.placed.extend(placed.into_iter().map(|(i, cells)| (i, cells.expect("placed"))));
        tables.widths.push((first..last + 1, n));
        let ends_page = lines[last + 1..]
            .iter()
            .take_while(|l| l.page == page)
            .all(|l| l.is_blank() || l.fits_label(lines[last].limit()));
        if ends_page {
            carried = Some((page, n));
        }
    }
    tables
}

/// The columns of a table from its header lines: the words (cells split at single spaces too,
/// `社会 法律`) that start at or right of `label_end`, less the words of merged cells — a word
/// over words of two columns (`申请人情况` over `科研` and `社会`), or one over no word that has
/// words on lower lines to its left and to its right (`第二十条第（五）项` centred between
/// `信息内容` and `本年处理决定数量`) — grouped where they overlap (`自然` over `人`). At least two
/// columns.
fn header_columns(header: &[&Line], label_end: usize) -> Option<Vec<Range<usize>>> {
    let mut words: Vec<(usize, Range<usize>)> = Vec::new(); // (header line, columns)
    for (h, l) in header.iter().enumerate() {
        for c in &l.cells {
            let mut col = c.col;
            for w in c.text.split(' ') {
                let n = w.chars().count();
                if n > 0 {
                    words.push((h, col..col + n));
                }
                col += n + 1;
            }
        }
    }
    let merged = |w: usize| {
        let (line, span) = &words[w];
        let over = || (0..words.len()).filter(|&o| o != w && overlap(&words[o].1, span)).map(|o| &words[o].1);
        // Two of the words it overlaps do not overlap each other.
        let two_columns = match (over().map(|o| o.end).min(), over().map(|o| o.start).max()) {
            (Some(end), Some(start)) => end <= start,
            _ => false,
        };
        let below = || words.iter().filter(|(l, _)| l > line).map(|(_, b)| b);
        let between =
            over().next().is_none() && below().any(|b| b.end <= span.start) && below().any(|b| b.start >= span.end);
        two_columns || between
    };
    let mut leaves: Vec<Range<usize>> =
        (0..words.len()).filter(|&w| words[w].1.start >= label_end && !merged(w)).map(|w| words[w].1.clone()).collect();
    leaves.sort_by_key(|w| w.start);
    let mut columns: Vec<Range<usize>> = Vec::new();
    for w in leaves {
        match columns.last_mut() {
            Some(c) if c.end > w.start => c.end = c.end.max(w.end),
            _ => columns.push(w),
        }
    }
    (columns.len() >= 2).then_some(columns)
}

/// Index of the centre (twice its column) nearest to `x` (twice a column).
fn nearest(centres: &[usize], x: usize) -> usize {
    (0..centres.len()).min_by_key(|&k| centres[k].abs_diff(x)).unwrap_or(0)
}

/// The numbers of a row placed in the columns whose centres (twice their column) are
/// `centres`: each in the column nearest to it, when it stands in the middle half of that
/// column's share of the row — no further from its centre than a quarter of the way to the
/// centre of either neighbour (beyond the first and the last column, an imagined neighbour as
/// far as the other one) — and in the order of the columns. `None` if a number cannot be
/// placed so.
fn assign<'a>(centres: &[usize], numbers: &[Num<'a>]) -> Option<Vec<Option<Num<'a>>>> {
    let n = centres.len();
    if n < 2 || centres.windows(2).any(|w| w[0] >= w[1]) {
        return None;
    }
    let mut cells: Vec<Option<Num<'a>>> = vec![None; n];
    let mut next = 0;
    for num in numbers {
        let x = num.centre2();
        let k = nearest(centres, x);
        let left = if k > 0 { centres[k] - centres[k - 1] } else { centres[1] - centres[0] };
        let right = if k + 1 < n { centres[k + 1] - centres[k] } else { centres[k] - centres[k - 1] };
        if 4 * centres[k].abs_diff(x) > left.min(right) || k < next {
            return None;
        }
        cells[k] = Some(num.clone());
        next = k + 1;
    }
    Some(cells)
}

// ---------------------------------------------------------------------------------------------
// Paragraphs

/// Columns a full line of a paragraph may fall short of the widest one (justified text is
/// laid out with a few columns' slack).
const FULL_SLACK: usize = 4;

/// For each line: whether it continues the paragraph of the line before. A line of prose (one
/// cell, no values, not in a table) continues the one before when that one is full (it ends
/// within [`FULL_SLACK`] columns of the widest line of prose on its page) and this one starts
/// at the page's left margin (a paragraph's first line is indented) without an enumerator
/// (`三、`, `（二）`).
fn paragraphs(lines: &[Line], in_table: &[bool]) -> Vec<bool> {
    let prose = |i: usize| !in_table[i] && lines[i].cells.len() == 1 && lines[i].first_value().is_none();
    let end = |l: &Line| l.cells[0].col + width(l.cells[0].text);
    let mut right: std::collections::HashMap<usize, usize> = Default::default();
    let mut margin: std::collections::HashMap<usize, usize> = Default::default();
    for (i, l) in lines.iter().enumerate() {
        if prose(i) {
            let r = right.entry(l.page).or_default();
            *r = (*r).max(end(l));
            let m = margin.entry(l.page).or_insert(usize::MAX);
            *m = (*m).min(l.cells[0].col);
        }
    }
    (0..lines.len())
        .map(|i| {
            i > 0
                && prose(i)
                && prose(i - 1)
                && end(&lines[i - 1]) + FULL_SLACK >= right[&lines[i - 1].page]
                && lines[i].cells[0].col <= margin[&lines[i].page]
                && !enumerator(lines[i].cells[0].text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tool_says_how_to_install_it() {
        let err = run("pdftotext-not-installed-here", b"%PDF-1.4", &Limits::default()).unwrap_err();
        assert!(matches!(err, Error::MissingTool("pdftotext", "apt-get install poppler-utils")), "{err:?}");
        assert!(err.to_string().contains("apt-get install poppler-utils"));
        let zh = err.message(nianbao_core::Lang::Zh);
        assert!(zh.contains("找不到") && zh.contains("apt-get install poppler-utils"), "{zh}");
        assert!(!err.message(nianbao_core::Lang::En).contains("找不到"));
    }

    #[test]
    fn pages_and_lines() {
        let x = from_layout("a  1\n\nb\n\x0cc  2\n\x0c");
        assert_eq!(x.text, "a  1\n\nb\nc  2\n");
        let pages: Vec<_> = x.map.iter().map(|p| (&x.text[p.text.clone()], p.source.clone())).collect();
        assert_eq!(
            pages,
            vec![
                ("a  1", Source::Pdf { page: 1, line: 1, column: 0 }),
                ("b", Source::Pdf { page: 1, line: 3, column: 0 }),
                ("c  2", Source::Pdf { page: 2, line: 1, column: 0 })
            ]
        );
    }

    fn text(layout: &str) -> String {
        from_layout(layout).text
    }

    /// (text, line, column) of each piece.
    fn pieces(layout: &str) -> Vec<(String, usize, usize)> {
        let x = from_layout(layout);
        x.map
            .iter()
            .map(|p| {
                let Source::Pdf { line, column, .. } = p.source else { panic!() };
                (x.text[p.text.clone()].to_owned(), line, column)
            })
            .collect()
    }

    /// As LibreOffice lays out a cell centred vertically whose label wraps in two (the seeds'
    /// PDFs): the values on a line of their own between the label's halves.
    #[test]
    fn label_wrapped_around_its_values_is_joined() {
        let layout = "\
甲、第一行            1     2
          (二) 部分公开 (区分处理的,
                           0     0
          不计其他情形)
乙、第三行            3     4
";
        assert_eq!(
            text(layout),
            "甲、第一行            1     2\n          (二) 部分公开 (区分处理的,不计其他情形)  0     0\n乙、第三行            3     4\n"
        );
        assert_eq!(
            pieces(layout)[1..4],
            [
                ("(二) 部分公开 (区分处理的,".to_owned(), 2, 10),
                ("不计其他情形)".to_owned(), 4, 10),
                ("0     0".to_owned(), 3, 27)
            ]
        );
    }

    #[test]
    fn label_in_three_lines_centred_is_joined() {
        let layout =
            concat!("          第一段很长的文字\n", "          第二段文字            7    8\n", "          第三段\n",);
        assert_eq!(text(layout), "          第一段很长的文字第二段文字第三段  7    8\n");
    }

    #[test]
    fn label_aligned_to_the_top_is_joined() {
        let layout = concat!(
            "一、本年新收政府信息公       5    6\n",
            "开申请数量\n",
            "二、上年结转政府信息公       1    2\n",
            "开申请数量\n",
        );
        assert_eq!(
            text(layout),
            "一、本年新收政府信息公开申请数量  5    6\n二、上年结转政府信息公开申请数量  1    2\n"
        );
    }

    #[test]
    fn several_label_columns_are_joined_column_by_column() {
        let layout =
            concat!("三、本年度      (三) 不予\n", "                              0    0\n", "办理结果        公开\n",);
        // Columns keep their places where there is room.
        assert_eq!(text(layout), "三、本年度办理结果  (三) 不予公开           0    0\n");
    }

    /// Lines that only look like pieces of a label stay as they are.
    #[test]
    fn captions_headers_prose_and_own_labels_are_not_joined() {
        for layout in [
            // A caption wider than the label above it, then a header.
            "行政规范性文件    5    18    77\n第二十条第（五）项\n信息内容    本年处理决定数量\n",
            // A header over the values is wider than the label column.
            "              申请人情况    总计\n                     0         0\n",
            // Prose starting at the margin runs over the values' column.
            "一段很长很长的正文文字，一直写到右边\n      3    4\n",
            // A label of its own (enumerated), below a row.
            "  (一) 予以公开    1    1\n  (二) 部分公开\n",
            // Separated by a blank line.
            "  不计其他情\n\n              0    0\n",
            // A row with a label and nothing below: the line above is not its label.
            "  第二十条\n  规章      0    0\n",
            // Table 四: values at the margin.
            "复议    诉讼\n2    0    1\n",
        ] {
            assert_eq!(text(layout), layout, "{layout}");
        }
    }

    #[test]
    fn numbers_make_a_line_of_values() {
        for v in ["0", "12", "4351.7195", "1,234", "50%", "１２", "3 0 0"] {
            assert!(is_number_cell(v), "{v}");
        }
        for w in ["2.", "2. 重复申请", "无", "-", "- 3 -", "第3页", ""] {
            assert!(!is_number_cell(w), "{w}");
        }
        for e in ["(二) 部分公开", "（三）", "2. 重复", "12、", "三、本年", "十一、", "注：单位"]
        {
            assert!(starts_enumerated(e), "{e}");
        }
        for c in ["形)", "开申请", "三安全", "二者"] {
            assert!(!starts_enumerated(c), "{c}");
        }
    }

    /// The lines of the text (tabs shown as →), without trailing spaces.
    fn text_lines(layout: &str) -> Vec<String> {
        text(layout).lines().map(|l| l.replace('\t', "→").trim_end().to_owned()).collect()
    }

    #[test]
    fn page_numbers_are_recognised() {
        for (t, page) in [
            ("-2-", 2),
            ("                -12-", 12),
            ("— 3 —", 3),
            ("- 3 -", 3),
            ("第 3 页", 3),
            ("第3页共9页", 3),
            ("第 3 页，共 9 页", 3),
            ("共 9 页 第 3 页", 3),
            ("3/9", 3),
            ("3 / 9", 3),
            ("Page 3 of 9", 3),
            ("   4", 4),
        ] {
            assert!(is_page_number(t, page), "{t}");
        }
        for (t, page) in [
            ("2023", 2),
            ("4", 3),
            ("-", 1),
            ("一、总体情况", 1),
            ("第二十条第（一）项", 1),
            ("0    0", 1),
            ("共 3 件", 1),
        ] {
            assert!(!is_page_number(t, page), "{t}");
        }
    }

    /// Footers `-N-` and `第 N 页 共 M 页` and a running head (the same words at the top of every
    /// page) are not text; a paragraph that crosses the page break reads on.
    #[test]
    fn page_furniture_is_dropped_and_pages_join() {
        let page = |head: bool, body: &str, foot: &str| {
            format!("{}{body}\n\n\n{foot}\n\x0c", if head { "        某某局政府信息公开工作年度报告\n\n" } else { "" })
        };
        let layout = [
            page(true, "  一、总体情况\n  （一）主动公开。全年主动公开政府信息 236 条，其中政策文件\n12 条、政策解读 8 条、通知公告 30 条，政务微博发布信息共", "                -1-"),
            page(true, "758 条。\n  二、主动公开政府信息情况", "              第 2 页 共 3 页"),
            page(true, "  三、收到和处理政府信息公开申请情况", "                -3-"),
        ]
        .concat();
        assert_eq!(
            text_lines(&layout),
            [
                "  一、总体情况",
                "  （一）主动公开。全年主动公开政府信息 236 条，其中政策文件12 条、政策解读 8 条、通知公告 30 条，政务微博发布信息共758 条。",
                "  二、主动公开政府信息情况",
                "  三、收到和处理政府信息公开申请情况",
            ]
        );
    }

    /// A row whose label Word broke over a page break, with the table header repeated at the
    /// top of the next page (LibreOffice's rendering of seed 002, (六) rows): the header is read
    /// once and the label is joined back to its values.
    #[test]
    fn a_row_cut_by_a_page_break_is_joined_and_the_repeated_header_dropped() {
        let header = concat!(
            "(本列数据的勾稽关系为：第一项加第二项                 申请人情况            总计\n",
            "   之和，等于第三项加第四项之和)       自然          法人或其他组织\n",
            "                          人    商业   科研 社会 法律    其他\n",
        );
        let layout = format!(
            "  三、收到和处理政府信息公开申请情况\n{header}{}\n\n\n                -3-\n\x0c{header}{}",
            concat!(
                "    (六) 其他    1. 申请人无正当理由    0     0        0       0     0    0    0\n",
                "    处理        逾期不补正、行政机",
            ),
            concat!(
                "              关不再处理其政府信\n",
                "              息公开申请\n",
                "              2. 申请人逾期未按收    0     0        0       0     0    0    0\n",
                "              费通知要求缴纳费\n",
                "              用、行政机关不再处\n",
                "              理其政府信息公开申\n",
                "              请\n",
            )
        );
        let lines = text_lines(&layout);
        assert_eq!(lines.iter().filter(|l| l.contains("勾稽关系")).count(), 1, "{lines:#?}");
        assert_eq!(
            lines[4..],
            [
                "    (六) 其他处理  1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请  0     0        0       0     0    0    0",
                "              2. 申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请  0     0        0       0     0    0    0",
            ]
        );
    }

    /// Table 三 as LibreOffice lays out the official grid (seed 002): `三、本年度办理结果` merged
    /// down the outcome rows and `(三) 不予公开` down its eight, both centred over the lines of
    /// other rows, cells one space apart, long labels wrapped around their values.
    #[test]
    fn cells_merged_down_rows_go_to_their_first_row() {
        let layout = concat!(
            "一、本年新收政府信息公开申请数量         91    0     0  0  55   0    146\n",
            "二、上年结转政府信息公开申请数量          2    0     0  0   0   0     2\n",
            "三、 (一) 予以公开              53    0     0  0  48   0    101\n",
            "本年 (二) 部分公开 (区分处理的, 只计    0    0     0  0   0   0     0\n",
            "度办 这一情形, 不计其他情形)\n",
            "理结 (三) 不予 1. 属于国家秘密      0     0    0   0   0   0    0\n",
            " 果  公开     2. 其他法律行政法规   0     0    0   0   0   0    0\n",
            "           禁止公开\n",
            "           3. 危及“三安全一稳   0     0    0   0   0   0    0\n",
            "           定”\n",
            "           4. 保护第三方合法权   2     0    0   0   0   0    2\n",
            "           益\n",
        );
        assert_eq!(
            text_lines(layout),
            [
                "一、本年新收政府信息公开申请数量         91    0     0  0  55   0    146",
                "二、上年结转政府信息公开申请数量          2    0     0  0   0   0     2",
                "三、本年度办理结果  (一) 予以公开      53    0     0  0  48   0    101",
                "   (二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)  0    0     0  0   0   0     0",
                "   (三) 不予公开  1. 属于国家秘密   0     0    0   0   0   0    0",
                "           2. 其他法律行政法规禁止公开  0     0    0   0   0   0    0",
                "           3. 危及“三安全一稳定”  0     0    0   0   0   0    0",
                "           4. 保护第三方合法权益  2     0    0   0   0   0    2",
            ]
        );
    }

    /// Cells set one space apart (`(六) 其他 1. 申请人…`, `(五) 不予 物`) are told apart, and
    /// a merged cell's pieces (`(五) 不予` … `处理`) are not read into the labels they sit beside
    /// (seed 001, cells aligned to the top).
    #[test]
    fn cells_one_space_apart_are_told_apart() {
        let layout = concat!(
            "            3. 要求提供公开出版\n",
            "                           0   0   0   0   0   0   0\n",
            "     (五) 不予 物\n",
            "     处理     4. 无正当理由大量反\n",
            "                           0   0   0   0   0   0   0\n",
            "            复申请\n",
            "     (六) 其他 1. 申请人无正当理由\n",
            "     处理     逾期不补正、行政机\n",
            "                           0   0   0   0   0   0   0\n",
            "            关不再处理其政府信\n",
            "            息公开申请\n",
        );
        assert_eq!(
            text_lines(layout),
            [
                "            3. 要求提供公开出版物   0   0   0   0   0   0   0",
                // A merged cell with no row of values within its lines stays where it is.
                "     (五) 不予",
                "     处理",
                "            4. 无正当理由大量反复申请  0   0   0   0   0   0   0",
                "     (六) 其他",
                "     处理",
                "            1. 申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请  0   0   0   0   0   0   0",
            ]
        );
    }

    /// A piece of a merged cell alone on a line of values, beside a label centred around that
    /// line, is not the row's own label (a short row of seed 002's case NB106-malformed-row).
    #[test]
    fn a_merged_cells_piece_on_a_row_is_not_its_label() {
        let layout = concat!(
            "三、 (一) 予以公开               53   0    0   48   0   101\n",
            "本年\n",
            "    (二) 部分公开 (区分处理的, 只计\n",
            "度办                        0    0    0   0    0   0     0\n",
            "    这一情形, 不计其他情形)\n",
            "理结\n",
            "           1. 属于国家秘密      0    0    0   0    0   0     0\n",
            " 果\n",
        );
        assert_eq!(
            text_lines(layout),
            [
                "三、本年度办理结果  (一) 予以公开       53   0    0   48   0   101",
                "    (二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)  0    0    0   0    0   0     0",
                "           1. 属于国家秘密      0    0    0   0    0   0     0",
            ]
        );
    }

    /// A numbered row whose cells are all blank shows only its label: it is read with as many
    /// blank cells as the table's rows have values (case ok-blank-cells).
    #[test]
    fn a_numbered_row_without_values_has_blank_cells() {
        let layout = concat!(
            "    (二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)  0    0    0   0    0   0     0\n",
            "    (三) 不予   1. 属于国家秘密\n",
            "    公开       2. 其他法律行政法规   0    0    0   0    0   0     0\n",
            "              禁止公开\n",
        );
        assert_eq!(
            text_lines(layout),
            [
                "    (二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)  0    0    0   0    0   0     0",
                "             1. 属于国家秘密→→→→→→→",
                // The merged cell goes to the first row of values within its lines.
                "    (三) 不予公开  2. 其他法律行政法规禁止公开  0    0    0   0    0   0     0",
            ]
        );
    }

    /// Lines of a paragraph are joined when the line before is full and the next is not
    /// indented; a heading, a short last line and an indented first line end or start one.
    #[test]
    fn wrapped_paragraphs_are_joined() {
        let layout = concat!(
            "  五、存在的主要问题及改进情况\n",
            "  存在的主要问题：一是重点领域信息公开有待加强，公开\n",
            "内容单一，质量不高。二是一些部门对政府信息公开工作重视\n",
            "程度不足。\n",
            "  改进情况：一是结合政务公开工作要点，积极督促指导各\n",
            "部门做好政府信息公开工作。\n",
        );
        assert_eq!(
            text_lines(layout),
            [
                "  五、存在的主要问题及改进情况",
                "  存在的主要问题：一是重点领域信息公开有待加强，公开内容单一，质量不高。二是一些部门对政府信息公开工作重视程度不足。",
                "  改进情况：一是结合政务公开工作要点，积极督促指导各部门做好政府信息公开工作。",
            ]
        );
    }

    /// Table 三's header as LibreOffice lays out the official grid (the partly filled template,
    /// tests/fixtures/rendered/template-partial.pdf, page 2): the column words wrapped in their
    /// narrow cells, `申请人情况` and `法人或其他组织` merged over several columns, two columns' words
    /// set one space apart (`社会 法律`), the note of the label column beside them.
    const PARTIAL_HEADER: &str = concat!(
        "     三、收到和处理政府信息公开申请情况\n",
        "                                    申请人情况\n",
        "                                     法人或其他组织\n",
        "（本列数据的勾稽关系为：第一项加第二\n",
        "                         自然            社会 法律        总计\n",
        " 项之和，等于第三项加第四项之和）              商业   科研\n",
        "                          人            公益 服务   其他\n",
        "                               企业   机构\n",
        "                                       组织 机构\n",
    );

    /// Blank cells leave nothing in the layout: each number of a partly filled row goes to the
    /// column of the header above it, and the row gets one cell per column, blank ones blank
    /// (as the .docx reads: `12→3→→→1→→16`, → a tab); a numbered row with no values gets as many blank
    /// cells as the table has columns.
    #[test]
    fn partly_filled_rows_are_placed_in_the_columns_of_their_header() {
        let layout = format!(
            "{PARTIAL_HEADER}{}",
            concat!(
                "一、本年新收政府信息公开申请数量         12    3          1         16\n",
                "\n",
                "二、上年结转政府信息公开申请数量          1                         1\n",
                "三、   （一）予以公开             9     2          1         12\n",
                "            8.属于行政查询事项\n",
                "            1.本机关不掌握相关\n",
                "                         2     1                    3\n",
                "            政府信息\n",
            )
        );
        let lines = text_lines(&layout);
        let first = lines.iter().position(|l| l.starts_with("一、")).unwrap();
        let rows: Vec<&str> = lines[first..].iter().map(String::as_str).collect();
        assert_eq!(
            rows,
            [
                "一、本年新收政府信息公开申请数量         12→3→→→1→→16",
                "",
                "二、上年结转政府信息公开申请数量          1→→→→→→1",
                "三、   （一）予以公开             9→2→→→1→→12",
                "            8.属于行政查询事项→→→→→→→",
                "            1.本机关不掌握相关政府信息  2→1→→→→→3",
            ],
            "{lines:#?}"
        );
        // Each number still points at its place in the layout.
        let x = from_layout(&layout);
        let sixteen = x.text.find("16").unwrap();
        let piece = x.map.iter().find(|p| p.text.start == sixteen).unwrap();
        assert_eq!(piece.source, Source::Pdf { page: 1, line: 10, column: 52 });
    }

    /// A table that goes on over a page break with no header on the next page (`pdftotext`
    /// counts columns page by page, so the columns of the page before say nothing there): the
    /// rows with a number in every column give the columns (seed 000 rendered, page 3, with a
    /// row partly filled).
    #[test]
    fn a_table_going_on_to_the_next_page_is_placed_by_its_full_rows() {
        let layout = concat!(
            "  三、收到和处理政府信息公开申请情况\n",
            "                                 申请人情况\n",
            "                                  法人或其他组织\n",
            "(本列数据的勾稽关系为：第一项加第二项\n",
            "                      自然            社会 法律        总计\n",
            "   之和，等于第三项加第四项之和)          商业   科研\n",
            "                       人            公益 服务   其他\n",
            "                            企业   机构\n",
            "                                    组织 机构\n",
            "一、本年新收政府信息公开申请数量      3     0     0  0  0   0    3\n",
            "二、上年结转政府信息公开申请数量      0     0     0  0  0   0    0\n",
            "\n\n\n                      -2-\n\x0c",
            "三、   (一) 予以公开            2     0   0   0   0   0   2\n",
            "本年   (二) 部分公开（区分处理的，只\n",
            "                         0     0   0   0   0   0   0\n",
            "度办   计这一情形，不计其他情形）\n",
            "理结          1.属于国家秘密     1                         1\n",
            "果           2.其他法律行政法规\n",
            "                         0     0   0   0   0   0   0\n",
            "            禁止公开\n",
        );
        let lines = text_lines(layout);
        assert!(lines.iter().any(|l| l.ends_with("1.属于国家秘密     1→→→→→→1")), "{lines:#?}");
        // Without a full row on that page nothing says which columns the numbers stand in
        // (template-partial.pdf, page 3): the rows read as laid out.
        let layout = format!(
            "{PARTIAL_HEADER}{}",
            concat!(
                "一、本年新收政府信息公开申请数量         12    3          1         16\n",
                "               3.其他\n",
                "\n\n\n                         -2-\n\x0c",
                "               3.其他\n",
                "\n",
                "    （七）总计                        11    3             1       15\n",
                "\n",
                "四、结转下年度继续办理                      2                           2\n",
            )
        );
        let lines = text_lines(&layout);
        assert!(
            lines.contains(&"    （七）总计                        11    3             1       15".to_owned()),
            "{lines:#?}"
        );
        assert!(lines.contains(&"四、结转下年度继续办理                      2                           2".to_owned()));
    }

    /// The header Word repeats at the top of the next page is dropped from the text, but it
    /// still gives that page's columns, where no row has a number in every column (case
    /// NB101-missing-table-section rendered, page 4, with its rows blank or partly filled).
    #[test]
    fn a_repeated_header_gives_the_columns_of_its_page() {
        let header = concat!(
            "(本列数据的勾稽关系为：第一项加第二项                 申请人情况            总计\n",
            "   之和，等于第三项加第四项之和)       自然          法人或其他组织\n",
            "                          人    商业   科研 社会 法律    其他\n",
            "                               企业   机构 公益 服务\n",
            "                                       组织 机构\n",
        );
        let layout = format!(
            "  三、收到和处理政府信息公开申请情况\n{header}{}\n\n\n                        -3-\n\x0c{header}{}",
            "一、本年新收政府信息公开申请数量         3     0    0   0   0   0    3",
            concat!(
                "            不明确\n",
                "   (五) 不予   1.信访举报投诉类申\n",
                "   处理       请\n",
                "            2.重复申请       2                           2\n",
            )
        );
        let lines = text_lines(&layout);
        assert_eq!(lines.iter().filter(|l| l.contains("勾稽关系")).count(), 1, "{lines:#?}");
        assert_eq!(lines.last().unwrap(), "            2.重复申请       2→→→→→→2", "{lines:#?}");
    }

    /// Numbers are placed only where the layout says so unambiguously; otherwise the row reads
    /// as laid out.
    #[test]
    fn numbers_are_not_placed_where_the_columns_do_not_say() {
        let placed = [
            // No header and no full row.
            ("no columns", "一、本年新收政府信息公开申请数量         12    3          1         16\n二、上年结转          1                         1\n".to_owned()),
            // `4` stands between the columns of `商业` and `科研`.
            ("between two columns", format!("{PARTIAL_HEADER}一、本年新收政府信息公开申请数量         12       4       1         16\n")),
            // More numbers than the header has columns.
            ("too many numbers", format!("{PARTIAL_HEADER}一、本年新收政府信息公开申请数量         12    3  0  0  0  1  0  1  16\n")),
            // Table 四 (case NB106-malformed-row rendered): the header's one-character words stand
            // several characters off the numbers under them, so the 13 numbers of a row of 15
            // cells cannot be placed.
            (
                "table 四",
                concat!(
                    "    四、政府信息公开行政复议、行政诉讼情况\n",
                    "        行政复议                           行政诉讼\n",
                    "                           未经复议直接起诉                     复议后起诉\n",
                    "结   结    其     尚\n",
                    "                       结    结  其 尚             结       结  其  尚\n",
                    "果   果    他     未   总\n",
                    "                       果    果  他 未     总       果       果  他  未    总\n",
                    "维   纠    结     审   计\n",
                    "                       维    纠  结 审     计       维       纠  结  审    计\n",
                    "持   正    果     结\n",
                    "                       持    正  果 结             持       正  果  结\n",
                    "2   0    1     1   4   0    4  0  0    4       1       0      0\n",
                )
                .to_owned(),
            ),
        ]
        .into_iter()
        .filter(|(_, layout)| text(layout).contains('\t'))
        .map(|(why, layout)| format!("{why}: {:#?}", text_lines(&layout)))
        .collect::<Vec<_>>();
        assert!(placed.is_empty(), "{placed:#?}");
    }

    /// A number too wide for its narrow cell (`１４６` in full-width digits in table 三's 总计
    /// column, case NB205-invalid-number rendered) wraps above and below its row's line: its
    /// parts are joined back into the row's cell, where the row has none.
    #[test]
    fn a_number_wrapped_in_its_cell_is_joined_to_its_row() {
        let layout = concat!(
            "   三、收到和处理政府信息公开申请情况\n",
            "                                    申请人情况\n",
            "                                     法人或其他组织\n",
            "(本列数据的勾稽关系为：第一项加第二项\n",
            "                         自然            社会 法律          总计\n",
            "   之和，等于第三项加第四项之和)             商业   科研\n",
            "                          人            公益 服务     其他\n",
            "                               企业   机构\n",
            "                                       组织 机构\n",
            "                                                      １４\n",
            "一、本年新收政府信息公开申请数量         91    0    0   0   55   0\n",
            "                                                       ６\n",
            "二、上年结转政府信息公开申请数量          2    0    0   0    0   0     2\n",
            "三、 (一) 予以公开              53    0    0   0   48   0    101\n",
        );
        let lines = text_lines(layout);
        let first = lines.iter().position(|l| l.starts_with("一、")).unwrap();
        assert_eq!(
            lines[first..],
            [
                "一、本年新收政府信息公开申请数量         91    0    0   0   55   0    １４６",
                "二、上年结转政府信息公开申请数量          2    0    0   0    0   0     2",
                "三、 (一) 予以公开              53    0    0   0   48   0    101",
            ]
        );
        // Its two parts point at their lines.
        let parts: Vec<_> = pieces(layout).into_iter().filter(|(t, _, _)| t.starts_with(['１', '６'])).collect();
        assert_eq!(parts, [("１４".to_owned(), 10, 54), ("６".to_owned(), 12, 55)]);
    }

    /// Lines of one number around a row are its wrapped value only when everything fits; else
    /// they stay lines of values.
    #[test]
    fn lone_numbers_around_a_row_are_not_joined_when_they_do_not_fit() {
        let row = "一、本年新收政府信息公开申请数量         91    0    0   0   55   0\n";
        let next = "二、上年结转政府信息公开申请数量          2    0    0   0    0   0     2\n";
        for (why, layout) in [
            // No other row has a number in that column.
            (
                "no column",
                format!(
                    "{}{row}{}",
                    "                                                      １４\n",
                    "                                                       ６\n"
                ),
            ),
            // The row has a number there already.
            (
                "row has it",
                format!(
                    "{}{next}{}{row}",
                    "                                                      １４\n",
                    "                                                       ６\n"
                ),
            ),
            // The upper part is narrower than the lower one.
            (
                "narrower",
                format!(
                    "{}{row}{}{next}",
                    "                                                       ６\n",
                    "                                                      １４\n"
                ),
            ),
            // The parts do not overlap.
            (
                "apart",
                format!(
                    "{}{row}{}{next}",
                    "                                                      １４\n",
                    "                                                            ６\n"
                ),
            ),
        ] {
            let lines = text_lines(&layout);
            assert!(lines.iter().any(|l| l.trim() == "６"), "{why}: {lines:#?}");
        }
    }
}
