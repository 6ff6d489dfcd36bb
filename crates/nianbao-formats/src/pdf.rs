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

/// Splits `pdftotext` output into pages (form feeds) and lines; each non-empty line is one
/// piece pointing at its page and line, except that a row label wrapped over several lines is
/// joined back to the line of its values (see [`wrapped_labels`]).
pub(crate) fn from_layout(text: &str) -> Extracted {
    let mut out = Builder::default();
    let pages: Vec<&str> = text.split('\x0c').collect();
    let n = pages.len();
    for (i, page) in pages.into_iter().enumerate() {
        if i + 1 == n && page.trim().is_empty() {
            break;
        }
        let page_no = i + 1;
        let lines: Vec<Line> = page.lines().map(Line::new).collect();
        let groups = wrapped_labels(&lines);
        for (k, line) in lines.iter().enumerate() {
            let src = |l: usize, column: usize| Some(Source::Pdf { page: page_no, line: l + 1, column });
            let mut segs = Segs::default();
            match &groups[k] {
                Role::Own => segs.push(line.text, src(k, 0)),
                Role::Joined => continue,
                Role::Row(lines_in) => joined_row(&lines, lines_in.clone(), k, &mut segs, src),
            }
            out.line(&segs);
        }
    }
    out.finish()
}

/// A line of `pdftotext -layout` output (trailing spaces dropped) and its cells.
struct Line<'a> {
    text: &'a str,
    cells: Vec<Cell<'a>>,
}

/// Text between runs of two or more spaces, with the character columns it covers.
struct Cell<'a> {
    col: usize,
    end: usize,
    byte: usize,
    text: &'a str,
    value: bool,
}

impl<'a> Line<'a> {
    fn new(raw: &'a str) -> Line<'a> {
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
        Line { text, cells }
    }

    /// Index of the first cell of numbers (the values of a table row).
    fn first_value(&self) -> Option<usize> {
        self.cells.iter().position(|c| c.value)
    }

    /// A line of words only (no numbers) whose cells all end before column `limit`: it may be
    /// part of a label that wrapped, if it is next to a row of values starting at `limit`.
    fn fits_label(&self, limit: usize) -> bool {
        !self.cells.is_empty() && self.cells.iter().all(|c| !c.value && c.end <= limit)
    }
}

impl<'a> Cell<'a> {
    fn new(text: &'a str, byte: usize, col: usize, end: usize) -> Cell<'a> {
        Cell { col, end, byte, text, value: is_number_cell(text) }
    }

    fn overlaps(&self, span: &Range<usize>) -> bool {
        self.col < span.end && span.start < self.end
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

/// What becomes of a line of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Role {
    /// Kept as it is.
    Own,
    /// A piece of a wrapped label, moved into its row's line.
    Joined,
    /// A row of values that takes the label pieces on these lines (itself included).
    Row(Range<usize>),
}

/// Lines of labels around a value line that can be joined to it, at most this many each side.
const MAX_WRAP: usize = 3;

/// Finds the row labels that `pdftotext -layout` printed over several lines.
///
/// A table cell whose label wraps is laid out line by line, and the row's values sit on one of
/// those lines: the middle one when the cell is centred vertically (LibreOffice's and most
/// reports' tables), so a label wrapped in two prints half above and half below a line of
/// values with no label at all; the first one when it is aligned to the top.
///
/// A group is a first line of label pieces and the lines that continue it: each of their
/// pieces lies under a piece of the first line (their columns overlap), is no wider than it
/// (a wrapped line is full) and does not start with an enumerator (`(二)`, `2.`, `三、`, `注`),
/// which begins a label of its own. All of them end before the row's values start (a header
/// or a prose line is wider) and hold no numbers; a blank line ends a group.
///
/// 1. A line of values with nothing to its left (indented: the label column is empty) takes
///    up to [`MAX_WRAP`] such lines directly above it (the first one the farthest) and below.
/// 2. Then a line of values with a label takes such lines directly below its label (a label
///    aligned to the top), and then also the line directly above if the label starts there
///    (a label wrapped in three and centred).
///
/// Every line is joined to one row at most.
fn wrapped_labels(lines: &[Line]) -> Vec<Role> {
    let mut role = vec![Role::Own; lines.len()];
    // 1. Values with an empty label column.
    for (i, line) in lines.iter().enumerate() {
        if line.first_value() != Some(0) || line.cells[0].col == 0 {
            continue;
        }
        let limit = line.cells[0].col;
        let mut above = Vec::new();
        while above.len() < MAX_WRAP {
            let j = i - above.len();
            if j == 0 || !free(&role, lines, j - 1, limit) {
                break;
            }
            above.push(j - 1);
        }
        // The farthest first line that the lines between continue.
        let top =
            above.iter().rev().copied().find(|&t| (t + 1..i).all(|j| continues(&lines[t].cells, &lines[j].cells)));
        let Some(top) = top else { continue };
        let bottom = below(&role, lines, i, limit, &lines[top].cells);
        claim(&mut role, top..bottom, i);
    }
    // 2. Values with a label: lines under it.
    for (i, line) in lines.iter().enumerate() {
        let Some(fv) = line.first_value().filter(|&fv| fv > 0) else { continue };
        if role[i] != Role::Own {
            continue;
        }
        let limit = line.cells[fv].col;
        let label = &line.cells[..fv];
        let bottom = below(&role, lines, i, limit, label);
        if bottom == i + 1 {
            continue;
        }
        let top = if i > 0 && free(&role, lines, i - 1, limit) {
            let first = &lines[i - 1].cells;
            let starts_above = continues(first, label) && below(&role, lines, i, limit, first) == bottom;
            if starts_above {
                i - 1
            } else {
                i
            }
        } else {
            i
        };
        claim(&mut role, top..bottom, i);
    }
    role
}

/// Line `j` is not joined yet and holds only words ending before column `limit`.
fn free(role: &[Role], lines: &[Line], j: usize, limit: usize) -> bool {
    role[j] == Role::Own && lines[j].fits_label(limit)
}

/// The end of the lines after row `i` that continue `first`.
fn below(role: &[Role], lines: &[Line], i: usize, limit: usize, first: &[Cell]) -> usize {
    let mut end = i + 1;
    while end < lines.len()
        && end - i <= MAX_WRAP
        && free(role, lines, end, limit)
        && continues(first, &lines[end].cells)
    {
        end += 1;
    }
    end
}

/// Every cell of `next` continues a cell of `first`: under it, no wider, not enumerated.
fn continues(first: &[Cell], next: &[Cell]) -> bool {
    next.iter().all(|c| {
        !starts_enumerated(c.text)
            && first.iter().any(|f| c.overlaps(&(f.col..f.end)) && width(c.text) <= width(f.text) + 1)
    })
}

/// Printed width: CJK and other wide characters count two.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn claim(role: &mut [Role], lines: Range<usize>, row: usize) {
    for j in lines.clone() {
        role[j] = Role::Joined;
    }
    role[row] = Role::Row(lines);
}

/// The line of row `row` with the label pieces on `lines` joined: the pieces of each label
/// column in line order (the columns are the pieces that overlap), then the values. Columns
/// are padded to where they stood, at least two spaces apart, so the engine splits them as
/// before.
fn joined_row(
    lines: &[Line],
    range: Range<usize>,
    row: usize,
    segs: &mut Segs,
    src: impl Fn(usize, usize) -> Option<Source>,
) {
    let fv = lines[row].first_value().expect("a row of values");
    // Label columns: (span of columns, pieces as (line, cell)).
    type Column = (Range<usize>, Vec<(usize, usize)>);
    let mut columns: Vec<Column> = Vec::new();
    for j in range {
        let cells = if j == row { &lines[j].cells[..fv] } else { &lines[j].cells[..] };
        for (k, c) in cells.iter().enumerate() {
            match columns.iter_mut().find(|(span, _)| c.overlaps(span)) {
                Some((span, pieces)) => {
                    *span = span.start.min(c.col)..span.end.max(c.end);
                    pieces.push((j, k));
                }
                None => columns.push((c.col..c.end, vec![(j, k)])),
            }
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
    let values = &lines[row].cells[fv];
    pad(segs, &mut at, values.col);
    segs.push(&lines[row].text[values.byte..], src(row, values.col));
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
}
