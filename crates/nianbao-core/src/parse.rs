//! The tolerant parser: text → [`Report`]. Never fails; what it cannot read goes to `unread`.
//!
//! Lines are split into cells (tabs, runs of two or more spaces, Markdown pipes); a cell that
//! starts with a number begins the row's values, the cells before it are its label. Sections
//! are recognised by their heading's wording, rows by the keywords of their canonical label
//! (then by their position among their neighbours), never by line numbers.

use crate::model::{Cell, Invalid, Part, Report, Row, Section, SectionId, Table, TableKind, Title, Unread, Value};
use crate::normalize::{
    contains, enumerator_len, holds_space, is_space, label_key, label_key_into, narrow, norm_into, numeral_value,
    overlap, strip_enumerators, trim_space, ByteMask,
};
use crate::template::{self, t3};
use crate::variant::{self, FormatChoice};
use std::ops::Range;

/// Parses a report, detecting its format (see `variant.rs`). Any text is accepted.
pub fn parse(text: &str) -> Report {
    parse_with(text, FormatChoice::Auto)
}

/// Parses a report read as `format` (nianbao.toml `format`).
pub fn parse_with(text: &str, format: FormatChoice) -> Report {
    let mut p = Parser {
        text,
        format,
        report: Report::default(),
        ctx: None,
        pending: None,
        t3_last: None,
        header: None,
        pieces: Vec::new(),
        cells: Vec::new(),
        // Label keys are a few dozen bytes; label-only lines up to 240 (longer ones are prose).
        key: String::with_capacity(128),
        line_key: String::with_capacity(256),
        rows_seen: [0; 3],
    };
    p.report.len = text.len();
    // Six sections (a few more in a local layout) and three tables: no growing.
    p.report.sections.reserve(8);
    p.report.tables.reserve(3);
    // Lines of a report are some 80 bytes on average.
    p.report.lines.reserve(text.len() / 64 + 8);
    let mut start = 0;
    let bytes = text.as_bytes();
    // Without a carriage return anywhere (most texts) lines end at `\n` alone: a one-byte search,
    // and there is no `\r\n` to look for.
    let has_cr = memchr::memchr(b'\r', bytes).is_some();
    p.report.line_ending = if has_cr && memchr::memmem::find(bytes, b"\r\n").is_some() { "\r\n" } else { "\n" };
    while start < text.len() {
        let mut end = if has_cr {
            memchr_newline(bytes, start)
        } else {
            memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i)
        };
        let next = if end < bytes.len() {
            if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            }
        } else {
            end
        };
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        p.line(start..end);
        start = next;
    }
    p.finish();
    p.report
}

/// Whether a line has a run of two spaces or an ideographic space (a cell separator).
fn has_cell_gap(s: &str) -> bool {
    static TWO_SPACES: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("  "));
    static IDEOGRAPHIC: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("\u{3000}"));
    TWO_SPACES.find(s.as_bytes()).is_some() || IDEOGRAPHIC.find(s.as_bytes()).is_some()
}

fn memchr_newline(b: &[u8], from: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &b[from..]).map_or(b.len(), |i| from + i)
}

struct Parser<'a> {
    text: &'a str,
    format: FormatChoice,
    report: Report,
    /// The table whose rows the current lines belong to.
    ctx: Option<TableKind>,
    /// Label text of a label-only line, kept for a row broken across lines.
    pending: Option<Range<usize>>,
    /// Last recognised table-三 row id, for positional fallback.
    t3_last: Option<usize>,
    /// Where the header of the table being read started (the table begins there).
    header: Option<(TableKind, usize)>,
    /// Buffers reused from line to line by [`split_cells`] (no allocation per line).
    pieces: Vec<Range<usize>>,
    cells: Vec<RawCell>,
    /// Buffer for label keys ([`Parser::with_key`]), reused from line to line.
    key: String,
    /// Bit `id % 64` set for each row id read, per table kind (a quick duplicate test).
    rows_seen: [u64; 3],
    /// Buffer for the key of a whole label-only line ([`Parser::label_only_line`]).
    line_key: String,
}

/// The label cells of a row (the non-empty cells before its first value), without a `Vec`.
#[derive(Clone, Debug, Default)]
struct Labels {
    /// The last label cell: the row's own label (`予以公开` in `三、本年度办理结果 | (一) 予以公开`).
    own: Option<Range<usize>>,
    /// From the first label cell's start to the last one's end.
    all: Option<Range<usize>>,
    /// More than one label cell.
    many: bool,
}

impl Labels {
    fn of(cells: &[RawCell]) -> Labels {
        let non_empty = |c: &&RawCell| !c.span.is_empty();
        let Some(first) = cells.iter().find(non_empty) else { return Labels::default() };
        let last = cells.iter().rfind(non_empty).unwrap_or(first);
        let own = last.span.clone();
        Labels { all: Some(first.span.start..own.end), own: Some(own), many: !std::ptr::eq(first, last) }
    }
}

/// One cell of a line: its trimmed span and whether it begins with a number.
#[derive(Clone, Debug)]
struct RawCell {
    span: Range<usize>,
    numeric: bool,
    /// The value of a cell of at most 19 ASCII digits, read while splitting the line.
    int: Option<u64>,
}

impl RawCell {
    fn new(span: Range<usize>, numeric: bool) -> RawCell {
        RawCell { span, numeric, int: None }
    }

    /// A cell of ASCII digits only (`digits` is its text).
    fn digits(span: Range<usize>, digits: &[u8]) -> RawCell {
        let v = digits.iter().fold(0u64, |v, b| v.wrapping_mul(10).wrapping_add(u64::from(b - b'0')));
        RawCell::read_digits(span, digits.len(), v)
    }

    /// A cell of `n` ASCII digits whose value, read as they were passed, is `v` (wrapped when
    /// they are more than 19, which cannot overflow: then the cell has no value).
    fn read_digits(span: Range<usize>, n: usize, v: u64) -> RawCell {
        RawCell { span, numeric: true, int: (n <= 19).then_some(v) }
    }
}

impl<'a> Parser<'a> {
    /// Calls `f` with the normalised key of `label` (enumerators already stripped), written into
    /// the parser's reused buffer (no allocation per label).
    fn with_key<R>(&mut self, label: &str, f: impl FnOnce(&mut Self, &str) -> R) -> R {
        let mut key = std::mem::take(&mut self.key);
        norm_into(label, &mut key);
        let r = f(self, &key);
        self.key = key;
        r
    }

    fn line(&mut self, range: Range<usize>) {
        let text = self.text;
        let raw = &text[range.clone()];
        let body = trim_space(raw);
        let lead = body.as_ptr() as usize - raw.as_ptr() as usize;
        if body.is_empty() {
            // Blank to the parser; a line of U+FEFF alone still counts as text for the prose.
            if !raw.trim().is_empty() {
                self.report.lines.push(range);
            }
            return;
        }
        self.report.lines.push(range.clone());
        let body_start = range.start + lead;
        let bytes = body.as_bytes();
        // Whether the line has a tab or a pipe: searched for only when it matters (most table
        // rows are short, start with no numeral and come after the title).
        let tabbed = || memchr::memchr2(b'\t', b'|', bytes).is_some();
        // Headings start with `#`, `*` or a section numeral (一…十 start with E4 or E5).
        let heading_like = matches!(bytes[0], b'#' | b'*' | 0xE4 | 0xE5)
            && body.len() <= 200
            && body.starts_with(['#', '*', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'])
            && !tabbed();
        if let Some(sec) = if heading_like { self.heading(range.start, body_start, body) } else { None } {
            self.close_section(sec.body.start);
            // An added section's table context is the one of the section its words may name.
            self.ctx = sec.part.map_or(Some(sec.id), |p| p.added().alias_of).and_then(template::section_table);
            self.pending = None;
            self.header = None;
            self.report.sections.push(sec);
            return;
        }
        if self.report.sections.is_empty() && self.report.title.is_none() && !tabbed() {
            if let Some(t) = title(body_start, body) {
                self.report.title = Some(t);
                return;
            }
        }
        // Prose: a long line with no cell separators is neither a heading, a header nor a row.
        if body.len() > 240 && !tabbed() && !has_cell_gap(body) {
            self.pending = None;
            return;
        }
        let mut cells = std::mem::take(&mut self.cells);
        if split_cells(text, range.clone(), &mut self.pieces, &mut cells) {
            self.cells_line(&cells, body_start, body);
        }
        self.cells = cells;
    }

    /// A line split into cells: a row of values, a table header or a label.
    fn cells_line(&mut self, cells: &[RawCell], body_start: usize, body: &str) {
        let first_value = cells.iter().position(|c| c.numeric);
        let Some(fv) = first_value else {
            self.label_only_line(cells, body_start..body_start + body.len());
            return;
        };
        // A single long cell of prose that starts with a number ("2023 年，…") is not a row.
        let non_empty = cells.iter().filter(|c| !c.span.is_empty()).count();
        if non_empty == 1 && body.chars().count() > 24 {
            return;
        }
        let labels = Labels::of(&cells[..fv]);
        let values = &cells[fv..];
        let kind = match self.ctx {
            Some(k) => Some(k),
            None => self.guess_kind(&labels, values),
        };
        match kind {
            Some(TableKind::Three) => self.t3_row(&labels, values, body_start..body_start + body.len()),
            Some(TableKind::Two) => self.t2_row(&labels, values, body_start..body_start + body.len()),
            Some(TableKind::Four) => self.t4_values(values, body_start..body_start + body.len()),
            None => {}
        }
    }

    /// Ends the last section before the line that starts at `line_start`.
    fn close_section(&mut self, line_start: usize) {
        if let Some(last) = self.report.sections.last_mut() {
            last.body.end = line_start;
        }
    }

    fn finish(&mut self) {
        let len = self.text.len();
        if let Some(last) = self.report.sections.last_mut() {
            last.body.end = len;
        }
        self.report.tables.sort_by_key(|t| t.span.start);
        variant::resolve(&mut self.report, self.text, self.format);
    }

    /// A section heading: an enumerator `一、`…`六、` (or a Markdown heading) and wording that
    /// matches one section's keywords, alone on its line.
    /// `body` (the line from `line_start`, trimmed, starting at `start`) has no tab or pipe.
    fn heading(&mut self, line_start: usize, start: usize, body: &str) -> Option<Section> {
        let mut s = body;
        let mut off = 0;
        let markdown = s.starts_with('#');
        if markdown {
            let t = s.trim_start_matches('#');
            off += s.len() - t.len();
            s = t;
        }
        // A heading that starts with its numeral (E4/E5) and ends with an ideograph (E4–E9), as
        // most do, has nothing to trim.
        if !matches!(s.as_bytes().first(), Some(0xE4 | 0xE5)) {
            let t = s.trim_start_matches(|c: char| is_space(c) || c == '*');
            off += s.len() - t.len();
            s = t;
        }
        if !(s.len() >= 3 && (0xE4..=0xE9).contains(&s.as_bytes()[s.len() - 3])) {
            s = s.trim_end_matches(|c: char| is_space(c) || c == '*' || c == '#');
        }
        // At most 40 characters (160 bytes at most, 40 bytes at least).
        if s.len() > 160 || (s.len() > 40 && s.chars().count() > 40) {
            return None;
        }
        let first = s.chars().next()?;
        let enum_len = enumerator_len(s);
        let numbered = enum_len > 0 && numeral_value(first).is_some();
        if !numbered && !markdown {
            return None;
        }
        // No digit of either width (full-width ones are EF BC 90–99).
        let b = s.as_bytes();
        if b.iter().enumerate().any(|(i, &c)| {
            c.is_ascii_digit() || (c == 0xEF && matches!(b.get(i + 1..i + 3), Some([0xBC, 0x90..=0x99])))
        }) {
            return None;
        }
        let core_str = &s[if numbered { enum_len } else { 0 }..];
        let (id, part) = self.with_key(strip_enumerators(core_str), |p, key| p.heading_id(key, s, numbered))?;
        let hs = start + off;
        Some(Section {
            id,
            part,
            heading: hs..hs + s.len(),
            core: hs + s.len() - core_str.len()..hs + s.len(),
            body: line_start..self.text.len(),
        })
    }

    /// The section (and the variant's part) a heading's key names.
    fn heading_id(&self, key: &str, s: &str, numbered: bool) -> Option<(SectionId, Option<Part>)> {
        // `表二：主动公开政府信息情况` is a table's caption (`label_only_line`), not a heading.
        if key.starts_with('表') && variant::caption(key, s).is_some() {
            return None;
        }
        // The canonical wording itself (most headings): no keyword search; no variant adds a
        // section under a canonical heading (checked by a test in variant.rs).
        static CANONICAL_KEYS: std::sync::LazyLock<Vec<String>> =
            std::sync::LazyLock::new(|| template::SECTIONS.iter().map(|s| label_key(s.title)).collect());
        if let Some(i) = CANONICAL_KEYS.iter().position(|k| k == key) {
            return Some((template::SECTIONS[i].id, None));
        }
        let national = variant::canonical(key);
        // A section a format variant adds (`二、工作机制保障`), numbered like a section.
        let part = if numbered { variant::added(key, national, self.format) } else { None };
        Some((part.map_or(national, |p| Some(p.added().stands_for))?, part))
    }

    fn label_only_line(&mut self, cells: &[RawCell], line: Range<usize>) {
        // The line's key has its own buffer: rows read from this line use `self.key`.
        let mut key = std::mem::take(&mut self.line_key);
        label_key_into(&self.text[line.clone()], &mut key);
        self.label_only_line_keyed(cells, line, &key);
        self.line_key = key;
    }

    fn label_only_line_keyed(&mut self, cells: &[RawCell], line: Range<usize>, key: &str) {
        // A caption (`表一：主动公开政府信息情况`) starts the table it names: numbers in
        // captions are not trusted, variants number the tables 一/二/三.
        if let Some(kind) = (cells.len() <= 2).then(|| variant::caption(key, &self.text[line.clone()])).flatten() {
            self.ctx = kind;
            self.header = None;
            self.pending = None;
            return;
        }
        // Table headers switch the context (tables are found by content, too). Only short
        // lines or lines of several cells can be headers (prose lines are not searched).
        let header_like = cells.iter().filter(|c| !c.span.is_empty()).count() >= 2 || key.chars().count() <= 20;
        let kind = if header_like { header_kind(key) } else { None };
        if let Some(kind) = kind {
            if self.ctx.is_none() || self.ctx == Some(kind) {
                self.ctx = Some(kind);
                if self.header.is_none_or(|(k, _)| k != kind) {
                    self.header = Some((kind, line.start));
                }
            }
            self.pending = None;
            return;
        }
        // A row whose values are all blank (Word and HTML tables leave zeros empty).
        if let Some(last) = cells.iter().rposition(|c| !c.span.is_empty()) {
            let trailing = &cells[last + 1..];
            if !trailing.is_empty() {
                let own = strip_enumerators(&self.text[cells[last].span.clone()]);
                let matched = self.with_key(own, |p, own| match p.ctx {
                    Some(TableKind::Three) => match_t3(own).is_some(),
                    Some(TableKind::Two) => match_t2(own).is_some(),
                    _ => false,
                });
                if matched {
                    let labels = Labels::of(&cells[..=last]);
                    match self.ctx {
                        Some(TableKind::Three) => return self.t3_row(&labels, trailing, line),
                        Some(TableKind::Two) => return self.t2_row(&labels, trailing, line),
                        _ => {}
                    }
                }
            }
        }
        if self.ctx.is_some() && cells.len() <= 4 && key.chars().count() <= 60 {
            self.pending = Some(match self.pending.take() {
                Some(p) if self.text[p.end..line.start].trim_matches(is_space).is_empty() => p.start..line.end,
                _ => line,
            });
        } else {
            self.pending = None;
        }
    }

    fn guess_kind(&mut self, labels: &Labels, values: &[RawCell]) -> Option<TableKind> {
        let n = values.iter().filter(|c| !c.span.is_empty()).count();
        let Some(last) = &labels.own else {
            return (n >= 10).then_some(TableKind::Four);
        };
        self.with_key(strip_enumerators(&self.text[last.clone()]), |_, key| {
            if n >= 5 && match_t3(key).is_some() {
                Some(TableKind::Three)
            } else if n <= 3 && match_t2(key).is_some() {
                Some(TableKind::Two)
            } else {
                None
            }
        })
    }

    fn table_mut(&mut self, kind: TableKind, mut span: Range<usize>) -> &mut Table {
        if let Some((k, start)) = self.header {
            if k == kind {
                span.start = span.start.min(start);
            }
        }
        let i = match self.report.tables.iter().position(|t| t.kind == kind) {
            Some(i) => i,
            None => {
                let rows = Vec::with_capacity(kind.template().rows.len());
                self.report.tables.push(Table { kind, span: span.clone(), rows });
                self.report.tables.len() - 1
            }
        };
        let t = &mut self.report.tables[i];
        t.span.start = t.span.start.min(span.start);
        t.span.end = t.span.end.max(span.end);
        t
    }

    /// Adds a row to its table; a second row with the same id is not read (kept in `unread`).
    fn push_row(&mut self, kind: TableKind, row: Row) {
        // Row ids already read, per table (ids are below 64: the templates have at most 25 rows).
        let bit = 1u64 << (row.id % 64);
        let seen = &mut self.rows_seen[kind as usize];
        let dup = *seen & bit != 0;
        *seen |= bit;
        let table = self.table_mut(kind, row.span.clone());
        if dup && table.rows.iter().any(|r| r.id == row.id) {
            self.report.unread.push(Unread { span: row.span, reason: "duplicate-row" });
        } else {
            table.rows.push(row);
        }
    }

    fn t3_row(&mut self, labels: &Labels, values: &[RawCell], line: Range<usize>) {
        let text = self.text;
        let own = labels.own.clone();
        let expected = self.t3_last.map_or(0, |i| i + 1);
        let mut id = None;
        let mut own_core = None;
        if let Some(l) = &own {
            let core = strip_enumerators(&text[l.clone()]);
            id = match template::TABLE3_ROWS.get(expected) {
                // Worded exactly as the expected row's key (nothing to normalise away): that row,
                // as `match_t3_near` would find it.
                Some(r) if !r.exact && core == r.core => Some(expected),
                _ => self.with_key(core, |_, key| match_t3_near(key, expected)),
            };
            own_core = Some(l.end - core.len()..l.end);
        }
        if let (None, true, Some(all)) = (id, labels.many, &labels.all) {
            id = match_t3(&label_key(&text[all.clone()]));
        }
        let mut label_span = own.clone();
        if id.is_none() {
            if let Some(p) = self.pending.clone() {
                let joined = format!("{}{}", &text[p.clone()], own.as_ref().map_or("", |l| &text[l.clone()]));
                id = match_t3(&label_key(&joined));
                if id.is_some() && label_span.is_none() {
                    label_span = Some(p);
                }
            }
        }
        if id.is_none() {
            id = self.t3_fallback(own.as_ref().map(|l| label_key(&text[l.clone()])));
        }
        let start = self.pending.as_ref().map_or(line.start, |p| p.start.min(line.start));
        self.pending = None;
        let Some(id) = id else {
            self.report.unread.push(Unread { span: line, reason: "table-row" });
            return;
        };
        let label = match label_span {
            Some(l) if Some(&l) == own.as_ref() => own_core.unwrap_or(l),
            Some(l) => core_span(text, l),
            None => line.start..line.start,
        };
        let cells = select_values(text, values, 7, false);
        self.t3_last = Some(id);
        let row = Row { id, span: start..line.end, label, cells };
        self.push_row(TableKind::Three, row);
    }

    /// A row whose label matches no keyword: the most similar canonical row not yet seen,
    /// preferring the one that follows the previous row.
    fn t3_fallback(&self, key: Option<String>) -> Option<usize> {
        let seen: Vec<usize> =
            self.report.table(TableKind::Three).map(|t| t.rows.iter().map(|r| r.id).collect()).unwrap_or_default();
        let next = self.t3_last.map_or(0, |i| i + 1);
        match key {
            Some(k) if !k.is_empty() => {
                let mut best: Option<(f32, usize)> = None;
                for (i, row) in template::TABLE3_ROWS.iter().enumerate() {
                    if seen.contains(&i) {
                        continue;
                    }
                    let score = overlap(&k, row.core) + if i == next { 0.05 } else { 0.0 };
                    if score >= 0.6 && best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, i));
                    }
                }
                best.map(|(_, i)| i)
            }
            _ => (next < template::TABLE3_ROWS.len() && !seen.contains(&next)).then_some(next),
        }
    }

    fn t2_row(&mut self, labels: &Labels, values: &[RawCell], line: Range<usize>) {
        let text = self.text;
        let own = labels.own.clone();
        let mut id = None;
        let mut label = line.start..line.start;
        if let Some(l) = &own {
            let core = strip_enumerators(&text[l.clone()]);
            // Worded exactly as a row's key: that row, as `match_t2` would find it (a test checks).
            id = match template::TABLE2_ROWS.iter().position(|r| r.core == core) {
                Some(i) => Some(i),
                None => self.with_key(core, |_, key| match_t2(key)),
            };
            label = l.end - core.len()..l.end;
        }
        self.pending = None;
        let Some(id) = id else {
            self.report.unread.push(Unread { span: line, reason: "table-row" });
            return;
        };
        let tpl = &template::TABLE2_ROWS[id];
        let cells = select_values(text, values, tpl.columns.len(), tpl.decimal);
        let row = Row { id, span: line, label, cells };
        self.push_row(TableKind::Two, row);
    }

    fn t4_values(&mut self, values: &[RawCell], line: Range<usize>) {
        let text = self.text;
        self.pending = None;
        let table = self.table_mut(TableKind::Four, line.clone());
        if table.rows.is_empty() {
            table.rows.push(Row { id: 0, span: line.clone(), label: line.start..line.start, cells: Vec::new() });
        }
        let row = &mut table.rows[0];
        if row.cells.len() >= 15 {
            return;
        }
        let want = 15 - row.cells.len();
        let cells = select_values(text, values, want, false);
        row.span.end = line.end;
        row.cells.extend(cells);
    }
}

/// The table whose header a label line's key names, by its keywords (first table 三's, then
/// 四's, then 二's).
fn header_kind(key: &str) -> Option<TableKind> {
    // Up to nine keywords are searched for: a mask of the key's bytes rules out most at once.
    let mask = ByteMask::of(key);
    let has = |kw: &str| mask.may_contain(kw) && contains(key, kw);
    if has("勾稽关系") || has("申请人情况") || has("商业企业") || has("自然人") {
        Some(TableKind::Three)
    } else if (has("行政复议") && has("行政诉讼")) || has("尚未审结") || has("直接起诉") {
        Some(TableKind::Four)
    } else if has("第二十条") || has("信息内容") {
        Some(TableKind::Two)
    } else {
        None
    }
}

/// The span after a label's enumerator(s) (`span` is trimmed: it starts with no space).
fn core_span(text: &str, span: Range<usize>) -> Range<usize> {
    span.end - strip_enumerators(&text[span.clone()]).len()..span.end
}

/// The title: the agency, the year and 政府信息公开工作年度报告, before the first section.
fn title(start: usize, body: &str) -> Option<Title> {
    // Quick rejects before building the space-free key: at most 80 characters (4 bytes each at
    // most), and 政 and 报 somewhere (a stray space can split the words, not the characters).
    if body.len() > 80 * 4 || !contains(body, "政") || !contains(body, "报") {
        return None;
    }
    // The words as they stand (most titles), else with the spaces taken out.
    let words = |t: &str| contains(t, "政府信息公开") && contains(t, "年度报告");
    if !(words(body) || words(&sized_string(body.len(), body.chars().filter(|c| !is_space(*c)))))
        || memchr::memchr(b'\t', body.as_bytes()).is_some()
        || body.chars().count() > 80
    {
        return None;
    }
    let body_t = body.trim_start_matches('#').trim_matches(is_space);
    let off = body.len() - body.trim_start_matches('#').len();
    // Full-width digits (EF BC 90–99) read as ASCII ones; without an EF byte nothing to narrow
    // (U+3000 would become a space: the agency drops spaces either way).
    let s: std::borrow::Cow<str> = if memchr::memchr(0xEF, body_t.as_bytes()).is_some() {
        sized_string(body_t.len(), body_t.chars().map(narrow)).into()
    } else {
        body_t.into()
    };
    let mut year = None;
    let mut agency = None;
    let b = s.as_bytes();
    let mut i = 0;
    while i + 4 <= b.len() {
        if b[i..i + 4].iter().all(u8::is_ascii_digit)
            && !b.get(i + 4).is_some_and(u8::is_ascii_digit)
            && (i == 0 || !b[i - 1].is_ascii_digit())
        {
            let y: u32 = s[i..i + 4].parse().ok()?;
            if (1990..=2100).contains(&y) {
                year = Some(y);
                let a = sized_string(i, s[..i].chars().filter(|c| !is_space(*c)));
                if !a.is_empty() {
                    agency = Some(a);
                }
                break;
            }
        }
        i += 1;
    }
    let ts = start + off + (body.len() - off - body.trim_start_matches('#').trim_start_matches(is_space).len());
    Some(Title { span: ts..ts + body_t.len(), agency, year })
}

/// A `String` of `chars`, allocated once for `len` bytes (`collect` grows it step by step).
fn sized_string(len: usize, chars: impl Iterator<Item = char>) -> String {
    let mut s = String::with_capacity(len);
    s.extend(chars);
    s
}

/// Splits a line into `cells` (`pieces` is scratch space). `false` for a Markdown table
/// separator row.
fn split_cells(text: &str, line: Range<usize>, pieces: &mut Vec<Range<usize>>, cells: &mut Vec<RawCell>) -> bool {
    let s = &text[line.clone()];
    let b = s.as_bytes();
    pieces.clear();
    cells.clear();
    let lead = b.iter().take_while(|c| matches!(c, b' ' | b'\t')).count();
    if b.get(lead) == Some(&b'|') {
        // Markdown pipe table row; `|` is ASCII, so byte positions are char boundaries.
        let end = s.trim_end().len();
        let inner_end = if end > lead + 1 && b[end - 1] == b'|' { end - 1 } else { end };
        let mut cell_start = lead + 1;
        for i in memchr::memchr_iter(b'|', &b[lead + 1..inner_end]) {
            pieces.push(cell_start..lead + 1 + i);
            cell_start = lead + 2 + i;
        }
        pieces.push(cell_start..inner_end);
        if pieces.iter().all(|p| {
            let t = s[p.clone()].trim();
            !t.is_empty() && t.bytes().all(|c| c == b'-' || c == b':')
        }) {
            return false;
        }
        for p in pieces.drain(..) {
            push_cell(s, line.start, p, Spaces::Unknown, cells);
        }
    } else {
        // Tabs, and runs of two or more spaces (or an ideographic space U+3000 = E3 80 80).
        // One scalar pass a character at a time: row lines are a few dozen bytes, too short
        // for a vectorised search to pay for its set-up at every separator.
        let is_ideo = |i: usize| b.get(i..i + 3) == Some(&[0xE3, 0x80, 0x80][..]);
        let mut cell_start = 0;
        loop {
            // Fast path: ASCII digits up to a tab or the line's end (most value cells), read
            // as they are passed; nothing before a tab is an empty cell.
            let mut j = cell_start;
            let mut v = 0u64;
            while let Some(d) = b.get(j).filter(|d| d.is_ascii_digit()) {
                v = v.wrapping_mul(10).wrapping_add(u64::from(d - b'0'));
                j += 1;
            }
            if j == b.len() || b[j] == b'\t' {
                let span = line.start + cell_start..line.start + j;
                let n = j - cell_start;
                cells.push(match n {
                    0 => RawCell::new(span, false),
                    _ => RawCell::read_digits(span, n, v),
                });
                if j == b.len() {
                    break;
                }
                cell_start = j + 1;
                continue;
            }
            // Else the cell ends at the next tab, or run of two spaces or an ideographic space
            // (digits hold no separator: the search starts after them).
            // Whether the cell holds a lone space (it may be "(七) 总计 3 0 0"), and after which.
            let mut spaced = Spaces::None;
            let mut i = next_separator(b, j);
            let (end, next) = loop {
                let Some(&c) = b.get(i) else { break (b.len(), None) };
                if c == b'\t' {
                    break (i, Some(i + 1));
                } else if c == b' ' || (c == 0xE3 && is_ideo(i)) {
                    let run_start = i;
                    let mut n = 0;
                    let mut ideo = false;
                    loop {
                        if b.get(i) == Some(&b' ') {
                            i += 1;
                        } else if is_ideo(i) {
                            ideo = true;
                            i += 3;
                        } else {
                            break;
                        }
                        n += 1;
                    }
                    if n >= 2 || ideo {
                        break (run_start, Some(i));
                    }
                    spaced = Spaces::LastEndsAt(i);
                    i = next_separator(b, i);
                } else {
                    // Not a separator (an E3 byte of 、。「…): on to the next candidate.
                    i = next_separator(b, i + 1);
                }
            };
            push_cell(s, line.start, cell_start..end, spaced, cells);
            match next {
                Some(n) => cell_start = n,
                None => break,
            }
        }
    }
    // Once values start, every later cell is a value (a `无` among numbers is a bad value).
    if let Some(fv) = cells.iter().position(|c| c.numeric) {
        for c in &mut cells[fv..] {
            if !c.span.is_empty() {
                c.numeric = true;
            }
        }
    }
    true
}

/// The first byte at or after `i` that may separate cells: a tab, a space or E3 (the lead byte
/// of U+3000 — and of 、。「…). Eight bytes at a time: in a label of Chinese characters, testing
/// every character one by one costs a mispredicted branch after another. None of the three
/// bytes occurs inside a UTF-8 sequence, so what it finds is always a character's start.
fn next_separator(b: &[u8], mut i: usize) -> usize {
    while let Some(w) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        let hits = byte_hits(w, b'\t') | byte_hits(w, b' ') | byte_hits(w, 0xE3);
        if hits != 0 {
            return i + hits.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    i + b[i.min(b.len())..].iter().position(|c| matches!(c, b'\t' | b' ' | 0xE3)).unwrap_or(b.len().saturating_sub(i))
}

/// The high bit of each byte of `w` equal to `b`; a borrow may also mark a byte above a true
/// match, never one below the first (so the lowest mark is exact).
fn byte_hits(w: u64, b: u8) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    let x = w ^ (ONES * u64::from(b));
    x.wrapping_sub(ONES) & !x & (ONES << 7)
}

/// Adds the cell(s) of one piece of line `s` (which starts at `base` in the text).
/// `spaced`: what is known of the lone spaces in the piece (without any, it is not searched
/// for tokens).
#[inline(always)]
fn push_cell(s: &str, base: usize, p: Range<usize>, spaced: Spaces, cells: &mut Vec<RawCell>) {
    // Fast paths: an empty piece, or ASCII digits only, untrimmed (most value cells).
    let pb = &s.as_bytes()[p.clone()];
    if pb.is_empty() {
        cells.push(RawCell::new(base + p.start..base + p.start, false));
    } else if pb.iter().all(u8::is_ascii_digit) {
        cells.push(RawCell::digits(base + p.start..base + p.end, pb));
    } else {
        push_text_cell(s, base, p, spaced, cells);
    }
}

/// [`push_cell`] for a piece that is not plain digits: trimmed, then a label, a number or
/// tokens separated by single spaces.
fn push_text_cell(s: &str, base: usize, p: Range<usize>, spaced: Spaces, cells: &mut Vec<RawCell>) {
    let piece = &s[p.clone()];
    let t = trim_space(piece);
    // Where the trimmed cell starts in the line, and in the text.
    let ts = p.start + (t.as_ptr() as usize - piece.as_ptr() as usize);
    let a = base + ts;
    let tb = t.as_bytes();
    if tb.is_empty() {
        cells.push(RawCell::new(a..a, false));
        return;
    }
    // Fast path: a cell of ASCII digits only (most value cells) is a number.
    if tb.iter().all(u8::is_ascii_digit) {
        cells.push(RawCell::digits(a..a + t.len(), tb));
        return;
    }
    // A cell of single-space separated tokens ending in numbers: "(七) 总计 3 0 0".
    // (U+3000 is E3 80 80.)
    // Only when the last token could be a number (else the cell is one label).
    let spaced = match spaced {
        Spaces::None => false,
        // The splitter saw the last lone space inside the cell: when no other space follows,
        // the last token is what follows it (no backward search through the label).
        Spaces::LastEndsAt(g) if ts < g && g < ts + t.len() && !holds_space(&s[g..ts + t.len()]) => {
            starts_numeric(&s[g..ts + t.len()])
        }
        _ => {
            t.rsplit(is_space).next().is_some_and(starts_numeric)
                && tb
                    .iter()
                    .enumerate()
                    .any(|(i, &c)| c == b' ' || (c == 0xE3 && tb[i + 1..].starts_with(&[0x80, 0x80])))
        }
    };
    if spaced {
        // Tokens after the last one that is not a number are values; the one before is the label.
        let mut n = 0;
        let mut label_end: Option<(usize, usize)> = None; // (token index, end offset in t)
        let mut all_plain = true;
        for (o, tok) in tokens(t) {
            if !starts_numeric(tok) {
                label_end = Some((n, o + tok.len()));
            } else if !is_plain_number(tok) {
                all_plain = false;
            }
            n += 1;
        }
        let k = label_end.map_or(0, |(i, _)| i + 1);
        if n > 1 && k < n && (k > 0 || all_plain) {
            if let Some((_, end)) = label_end {
                cells.push(RawCell::new(a..a + end, false));
            }
            for (o, tok) in tokens(t).skip(k) {
                cells.push(RawCell::new(a + o..a + o + tok.len(), true));
            }
            return;
        }
    }
    cells.push(RawCell::new(a..a + t.len(), starts_numeric(t)));
}

/// What the splitter knows of the lone spaces (single ASCII spaces, not cell separators) in a
/// piece of a line.
#[derive(Clone, Copy, Debug)]
enum Spaces {
    None,
    /// There may be some (a Markdown cell: not searched while splitting).
    Unknown,
    /// The last one ends at this offset in the line.
    LastEndsAt(usize),
}

/// The space-separated tokens of `t` with their offsets.
fn tokens(t: &str) -> impl Iterator<Item = (usize, &str)> {
    t.split(is_space).filter(|tok| !tok.is_empty()).map(move |tok| (tok.as_ptr() as usize - t.as_ptr() as usize, tok))
}

/// A cell that starts a row's values: a digit (either width), a sign before a digit, or a
/// letter O standing for zero. `1.属于…` and `3、其他` are enumerators, not numbers.
fn starts_numeric(t: &str) -> bool {
    let b = t.as_bytes();
    if b.first().is_some_and(u8::is_ascii_digit) {
        // Fast path: ASCII digits not followed by an enumerator mark (`1.` `1、`).
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        return match b.get(n) {
            None => true,
            Some(b'.') | Some(0xE3) => enumerator_len(t) == 0,
            Some(_) => true,
        };
    }
    // Only digits and signs of either width start a number (`−` is E2 88 92; `＋` `－` and the
    // full-width digits are EF BC 8B, 8D, 90–99); anything else is at most a mark.
    if !matches!(b, [b'-' | b'+', ..] | [0xE2, 0x88, 0x92, ..] | [0xEF, 0xBC, 0x8B | 0x8D | 0x90..=0x99, ..]) {
        return t.len() <= 6 && (is_none_mark(t) || matches!(t, "O" | "o" | "〇" | "Ｏ"));
    }
    let mut it = t.chars().map(narrow);
    let Some(c0) = it.next() else { return false };
    if c0.is_ascii_digit() {
        return enumerator_len(t) == 0;
    }
    if matches!(c0, '-' | '−' | '+') {
        return it.next().is_some_and(|c| c.is_ascii_digit());
    }
    // The marks below are at most two characters (six bytes).
    t.len() <= 6 && (is_none_mark(t) || matches!(t, "O" | "o" | "〇" | "Ｏ"))
}

/// Marks written for "none" in a number cell (`无`, `—`, `/`): read as invalid numbers.
fn is_none_mark(t: &str) -> bool {
    matches!(t, "无" | "—" | "——" | "-" | "--" | "/" | "／" | "－" | "空")
}

fn is_plain_number(t: &str) -> bool {
    t.chars().map(narrow).all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
}

/// Picks a row's value cells: the cells from the first to the last non-empty one when they
/// are exactly `want` (blank cells inside count as blanks), else the non-empty ones.
fn select_values(text: &str, values: &[RawCell], want: usize, decimal: bool) -> Vec<Cell> {
    let first = values.iter().position(|c| !c.span.is_empty());
    let last = values.iter().rposition(|c| !c.span.is_empty());
    let (Some(first), Some(last)) = (first, last) else {
        // All blank: the row's cells are empty (0), wherever the line ends.
        let at = values.last().map_or(0, |c| c.span.end);
        return (0..want)
            .map(|i| {
                let span = values.get(i).map_or(at..at, |c| c.span.clone());
                parse_cell(text, span, decimal)
            })
            .collect();
    };
    let span = &values[first..=last];
    let keep_blanks = span.len() == want;
    let mut cells = Vec::with_capacity(span.len());
    for c in span.iter().filter(|c| keep_blanks || !c.span.is_empty()) {
        // Two pushes, not one of a `match`: a cell built field by field on the stack and then
        // copied whole stalls the copy on its one-byte field (a store the wider load cannot
        // take forwarded), once per cell.
        match c.int {
            Some(n) => cells.push(int_cell(c.span.clone(), n)),
            None => cells.push(parse_cell(text, c.span.clone(), decimal)),
        }
    }
    cells
}

/// A cell of a count written in ASCII digits alone.
fn int_cell(span: Range<usize>, n: u64) -> Cell {
    Cell { span: span.clone(), number: span, value: Value::Int(n), fullwidth: false }
}

/// Reads one cell: the leading number, ignoring annotations such as `（含自然失效29件）`.
pub fn parse_cell(text: &str, span: Range<usize>, decimal_ok: bool) -> Cell {
    let s = &text[span.clone()];
    if s.is_empty() {
        return Cell { span: span.clone(), number: span, value: Value::Blank, fullwidth: false };
    }
    // Fast path: a plain count in ASCII digits (nearly every cell), too short to overflow.
    if s.len() <= 19 && s.bytes().all(|b| b.is_ascii_digit()) {
        return int_cell(span, s.bytes().fold(0u64, |v, b| v * 10 + u64::from(b - b'0')));
    }
    if matches!(s, "O" | "o" | "〇" | "Ｏ") {
        return Cell { span: span.clone(), number: span, value: Value::Invalid(Invalid::LetterO), fullwidth: false };
    }
    let mut fullwidth = false;
    let mut negative = false;
    let mut int: Option<u64> = Some(0);
    let mut n_digits = 0;
    let mut separator = false;
    let mut frac_at: Option<usize> = None;
    let mut end = 0;
    let next_is_digit = |i: usize| s[i..].chars().next().is_some_and(|d| narrow(d).is_ascii_digit());
    for (i, c) in s.char_indices() {
        let n = if c.is_ascii() { c } else { narrow(c) };
        if n.is_ascii_digit() {
            fullwidth |= n != c;
            if frac_at.is_none() {
                int = int.and_then(|v| v.checked_mul(10)?.checked_add((n as u8 - b'0') as u64));
                n_digits += 1;
            }
        } else if i == 0 && matches!(n, '-' | '−') {
            negative = true;
        } else if i == 0 && n == '+' {
        } else if n == ',' && frac_at.is_none() && n_digits > 0 && next_is_digit(i + c.len_utf8()) {
            separator = true;
        } else if n == '.' && frac_at.is_none() && n_digits > 0 && next_is_digit(i + c.len_utf8()) {
            frac_at = Some(i);
        } else {
            break;
        }
        end = i + c.len_utf8();
    }
    let rest = &s[end..];
    let number = span.start..span.start + end;
    let value = if n_digits == 0 || rest.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
        Value::Invalid(Invalid::NotANumber)
    } else if negative {
        Value::Invalid(Invalid::Negative)
    } else if separator {
        Value::Invalid(Invalid::Separator)
    } else if frac_at.is_some() {
        if decimal_ok {
            let narrowed: String = s[..end].chars().map(narrow).collect();
            narrowed.parse::<f64>().map(Value::Decimal).unwrap_or(Value::Invalid(Invalid::NotANumber))
        } else {
            Value::Invalid(Invalid::Decimal)
        }
    } else {
        match int {
            Some(n) => Value::Int(n),
            None => Value::Invalid(Invalid::Overflow),
        }
    };
    Cell { span, number, value, fullwidth }
}

/// The table-三 row a normalised label names.
pub fn match_t3(key: &str) -> Option<usize> {
    if key.is_empty() {
        return None;
    }
    if key == "其他" {
        return Some(22);
    }
    if key.ends_with("总计") && key.chars().count() <= 4 {
        return Some(t3::OUTCOME_TOTAL);
    }
    template::TABLE3_ROWS.iter().position(|r| !r.exact && r.keywords.iter().any(|k| contains(key, k)))
}

/// [`match_t3`], trying the row expected at this position first (rows are usually in order).
fn match_t3_near(key: &str, expected: usize) -> Option<usize> {
    if let Some(r) = template::TABLE3_ROWS.get(expected) {
        // `key == r.core`: the canonical wording, which holds a keyword (see the test below).
        if !r.exact && (key == r.core || r.keywords.iter().any(|k| contains(key, k))) {
            return Some(expected);
        }
    }
    match_t3(key)
}

/// The table-二 row a normalised label names.
pub fn match_t2(key: &str) -> Option<usize> {
    if key.chars().count() > 20 {
        return None;
    }
    template::TABLE2_ROWS.iter().position(|r| r.keywords.iter().any(|k| contains(key, k)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_digits_are_read_while_splitting() {
        let line = "x\t(一) 予以公开\t91\t\t0\t12345678901234567890\t3 件\t7";
        let (mut pieces, mut cells) = (Vec::new(), Vec::new());
        assert!(split_cells(line, 2..line.len(), &mut pieces, &mut cells));
        let got: Vec<(&str, bool, Option<u64>)> =
            cells.iter().map(|c| (&line[c.span.clone()], c.numeric, c.int)).collect();
        assert_eq!(
            got,
            [
                ("(一) 予以公开", false, None),
                ("91", true, Some(91)),
                ("", false, None),
                ("0", true, Some(0)),
                ("12345678901234567890", true, None),
                ("3 件", true, None),
                ("7", true, Some(7)),
            ]
        );
        for (line, last) in [("a\t", ""), ("a\t12", "12"), ("a  12", "12"), ("a\t12  ", "")] {
            cells.clear();
            split_cells(line, 0..line.len(), &mut pieces, &mut cells);
            assert_eq!(&line[cells.last().unwrap().span.clone()], last, "{line:?}");
        }
    }

    #[test]
    fn heading_forms() {
        for (line, heading) in [
            ("一、总体情况", "一、总体情况"),
            ("**一、总体情况**", "一、总体情况"),
            ("## 一、总体情况 ##", "一、总体情况"),
            ("一、总体情况\u{3000}", "一、总体情况"),
            ("\u{3000}一、总体情况", "一、总体情况"),
            ("一、 总体情况*", "一、 总体情况"),
        ] {
            let text = format!("{line}\n正文\n");
            let r = parse(&text);
            assert_eq!(r.sections.len(), 1, "{line:?}");
            assert_eq!((r.sections[0].id, &text[r.sections[0].heading.clone()]), (1, heading), "{line:?}");
            assert_eq!(r.sections[0].body, 0..text.len(), "{line:?}");
        }
        for line in ["一、总体情况 2023", "一、总体情况２", "一、总体情况\t1"] {
            assert!(parse(&format!("{line}\n")).sections.is_empty(), "{line:?}");
        }
    }

    #[test]
    fn title_words_year_and_agency() {
        for (line, agency, year) in [
            ("孟州市人民政府2023年政府信息公开工作年度报告", "孟州市人民政府", 2023),
            ("孟州市人民政府 ２０２３ 年政府信息公开工作年度报告", "孟州市人民政府", 2023),
            ("# 孟州市 人民政府2022年政府信息 公开工作年度 报告", "孟州市人民政府", 2022),
        ] {
            let t = title(0, line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((t.agency.as_deref(), t.year), (Some(agency), Some(year)), "{line}");
        }
        assert!(title(0, "政府信息公开工作").is_none());
        assert!(title(0, "2023年政府信息公开\t年度报告").is_none());
    }

    #[test]
    fn next_separator_is_the_first_tab_space_or_e3() {
        let texts = [
            "",
            "a",
            "abcdefgh",
            "ab\tdefghijk",
            "\t\t\t\t\t\t\t\t\t",
            "abcdefghijklmno p",
            "一、二。三（四） 五\u{3000}六",
            "0\t0\t0",
            "长长长长长长长长长长长长\t1",
        ];
        for t in texts {
            let b = t.as_bytes();
            for i in 0..=b.len() {
                let want = b[i..].iter().position(|c| matches!(c, b'\t' | b' ' | 0xE3)).map_or(b.len(), |k| i + k);
                assert_eq!(next_separator(b, i), want, "{t:?} from {i}");
            }
        }
        // Bytes 0x01 under a match: the borrow must not mark anything below the first match.
        let tricky = [0x01u8, 0x00, 0x09, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01];
        assert_eq!(next_separator(&tricky, 0), 2);
    }

    #[test]
    fn table_two_keys_name_their_own_row() {
        // `t2_row` takes a label worded exactly as a row's key without `match_t2`: the same answer.
        for (i, r) in template::TABLE2_ROWS.iter().enumerate() {
            assert_eq!(match_t2(r.core), Some(i), "{}", r.label);
        }
    }

    #[test]
    fn canonical_row_wording_holds_a_keyword() {
        // `match_t3_near` takes a label worded exactly as the expected row's `core` without a
        // keyword search: that is only the same answer if the wording holds one of its keywords.
        for (i, r) in template::TABLE3_ROWS.iter().enumerate().filter(|(_, r)| !r.exact) {
            assert!(r.keywords.iter().any(|k| contains(r.core, k)), "{}", r.label);
            assert_eq!(match_t3_near(r.core, i), Some(i), "{}", r.label);
        }
    }
}
