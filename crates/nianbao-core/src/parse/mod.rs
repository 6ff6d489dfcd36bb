//! The tolerant parser: text → [`Report`]. Never fails; what it cannot read goes to `unread`.
//!
//! Each line is cut into cells by the lexer ([`lex`]); a cell that starts with a number begins
//! the row's values, the cells before it are its label. Sections are recognised by their
//! heading's wording, tables by their header's keywords or a caption, rows by the keywords of
//! their canonical label (then by their position among their neighbours), never by line
//! numbers. All of that wording comes from the template (`template.rs`).

pub mod lex;
pub mod title;

use crate::model::{Cell, Invalid, Part, Report, Row, Section, SectionId, Table, TableKind, Unread, Value};
use crate::normalize::{
    contains, enumerator_len, is_space, label_key, label_key_into, narrow, numeral_value, overlap, strip_enumerators,
};
use crate::template::{Edition, TableTemplate, Template};
use crate::variant::{self, FormatChoice};
use lex::Class;
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
        title_line: None,
        cells: Vec::new(),
        key: String::new(),
        line_key: String::new(),
    };
    p.report.len = text.len();
    p.report.line_ending = if memchr::memmem::find(text.as_bytes(), b"\r\n").is_some() { "\r\n" } else { "\n" };
    // Lines end at `\n`, `\r\n` or a lone `\r`.
    let mut start = 0;
    while start < text.len() {
        let end = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[start..]).map_or(text.len(), |i| start + i);
        p.line(start..end);
        start = if text[end..].starts_with("\r\n") { end + 2 } else { end + 1 };
    }
    p.finish();
    p.report
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
    /// The line the title ends on (a repeat of it right below is the title's too).
    title_line: Option<Range<usize>>,
    /// The cells of the current line (a buffer reused from line to line).
    cells: Vec<lex::Cell>,
    /// Label keys (`label_key`) are written into these buffers, reused from label to label.
    key: String,
    line_key: String,
}

/// The label cells of a row (the non-blank cells before its first value).
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
    fn of(cells: &[lex::Cell]) -> Labels {
        let mut labels = cells.iter().filter(|c| !c.is_blank());
        let Some(first) = labels.next() else { return Labels::default() };
        let last = labels.next_back().unwrap_or(first);
        Labels { all: Some(first.span.start..last.span.end), own: Some(last.span.clone()), many: last != first }
    }
}

impl<'a> Parser<'a> {
    /// The template the report is read by (chosen by its title's year).
    fn template(&self) -> &'static Template {
        self.report.template()
    }

    fn table_template(&self, kind: TableKind) -> &'static TableTemplate {
        self.template().table(kind)
    }

    /// The label key of `label` (`normalize::label_key`), in a buffer reused from label to label.
    fn key(&mut self, label: &str) -> &str {
        label_key_into(label, &mut self.key);
        &self.key
    }

    fn line(&mut self, range: Range<usize>) {
        let text = self.text;
        let raw = &text[range.clone()];
        let body = raw.trim_start_matches(is_space);
        let body_start = range.end - body.len();
        let body = body.trim_end_matches(is_space);
        if body.is_empty() {
            // Blank to the parser; a line of U+FEFF alone still counts as text for the prose.
            if !raw.trim().is_empty() {
                self.report.lines.push(range);
            }
            return;
        }
        self.report.lines.push(range.clone());
        let tabbed = memchr::memchr2(b'\t', b'|', body.as_bytes()).is_some();
        let heading_like = !tabbed
            && body.len() <= 200
            && body.starts_with(['#', '*', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']);
        if let Some(sec) = if heading_like { self.heading(range.start, body_start, body) } else { None } {
            self.close_section(sec.body.start);
            // An added section's table context is the one of the section its words may name.
            let tpl = self.template();
            self.ctx = sec.part.map_or(Some(sec.id), |p| p.added().alias_of).and_then(|id| tpl.section_table(id));
            self.pending = None;
            self.header = None;
            self.report.sections.push(sec);
            return;
        }
        if self.report.sections.is_empty() && !tabbed && self.title(body_start..body_start + body.len()) {
            return;
        }
        // Prose: a long line with no cell separators is neither a heading, a header nor a row.
        let gap = |g: &str| memchr::memmem::find(body.as_bytes(), g.as_bytes()).is_some();
        if body.len() > 240 && !tabbed && !gap("  ") && !gap("\u{3000}") {
            self.pending = None;
            return;
        }
        let mut cells = std::mem::take(&mut self.cells);
        if lex::lex(text, range, &mut cells) {
            self.cells_line(&cells, body_start..body_start + body.len());
        }
        self.cells = cells;
    }

    /// Before the first section: whether the line `body` (trimmed) is the title's (see
    /// `title.rs`). A title lacking its year or agency gives way to a later, fuller one; a
    /// title-like line that only mentions the reports is remembered (`Report::mention`).
    fn title(&mut self, body: Range<usize>) -> bool {
        let text = self.text;
        let above = &self.report.lines[..self.report.lines.len() - 1];
        if let Some(t) = &mut self.report.title {
            // The title's last line repeated right below it (`五常市民意乡` / `2021年…年度报告` ×2).
            if let Some(last) = self.title_line.as_ref().filter(|l| above.last().is_some_and(|a| a.contains(&l.start)))
            {
                let words = |s: &str| s.chars().filter(|c| !is_space(*c)).collect::<String>();
                if words(&text[last.clone()]) == words(&text[body.clone()]) {
                    t.span.end = body.end;
                    self.title_line = Some(body);
                    return true;
                }
            }
            if t.year.is_some() && t.agency.is_some() {
                return false;
            }
        }
        match title::find(text, above, body.clone()) {
            title::Found::Title(t) if self.report.title.as_ref().is_none_or(|old| score(&t) > score(old)) => {
                self.report.edition = Edition::for_year(t.year);
                self.report.title = Some(t);
                self.title_line = Some(body);
                self.pending = None;
                true
            }
            title::Found::Mention(words) if self.report.mention.is_none() => {
                self.report.mention = Some(words);
                false
            }
            _ => false,
        }
    }

    /// A line cut into cells: a row of values, a table header or a label.
    fn cells_line(&mut self, cells: &[lex::Cell], line: Range<usize>) {
        let Some(fv) = cells.iter().position(lex::Cell::starts_values) else {
            self.label_only_line(cells, line);
            return;
        };
        // A single long cell of prose that starts with a number ("2023 年，…") is not a row.
        if cells.iter().filter(|c| !c.is_blank()).count() == 1 && self.text[line.clone()].chars().count() > 24 {
            return;
        }
        let labels = Labels::of(&cells[..fv]);
        let values = &cells[fv..];
        match self.ctx.or_else(|| self.guess_kind(&labels, values)) {
            Some(TableKind::Three) => self.t3_row(&labels, values, line),
            Some(TableKind::Two) => self.t2_row(&labels, values, line),
            Some(TableKind::Four) => self.t4_values(values, line),
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
        let markdown = body.starts_with('#');
        let s = body.trim_start_matches('#').trim_start_matches(|c: char| is_space(c) || c == '*');
        let off = body.len() - s.len();
        let s = s.trim_end_matches(|c: char| is_space(c) || c == '*' || c == '#');
        // At most 40 characters, no digit of either width.
        if s.chars().count() > 40 || s.chars().any(|c| narrow(c).is_ascii_digit()) {
            return None;
        }
        let enum_len = enumerator_len(s);
        let numbered = enum_len > 0 && s.chars().next().and_then(numeral_value).is_some();
        if !numbered && !markdown {
            return None;
        }
        let core_str = &s[if numbered { enum_len } else { 0 }..];
        // A heading worded as its section's title needs no normalising (no variant adds a section
        // under a canonical heading; tests in variant.rs check both). (Measured: a check costs
        // 3.7% more without it.)
        let canonical = self.template().sections.iter().find(|t| numbered && core_str == t.title);
        let (id, part) = match canonical {
            Some(t) => (t.id, None),
            None => {
                label_key_into(core_str, &mut self.key);
                self.heading_id(&self.key, s, numbered)?
            }
        };
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
        let national = variant::canonical(key);
        // A section a format variant adds (`二、工作机制保障`), numbered like a section.
        let part = if numbered { variant::added(key, national, self.format) } else { None };
        Some((part.map_or(national, |p| Some(p.added().stands_for))?, part))
    }

    fn label_only_line(&mut self, cells: &[lex::Cell], line: Range<usize>) {
        let mut key = std::mem::take(&mut self.line_key);
        label_key_into(&self.text[line.clone()], &mut key);
        self.label_only_line_keyed(cells, line, &key);
        self.line_key = key;
    }

    /// [`Parser::label_only_line`] with the line's label key.
    fn label_only_line_keyed(&mut self, cells: &[lex::Cell], line: Range<usize>, key: &str) {
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
        let header_like = cells.iter().filter(|c| !c.is_blank()).count() >= 2 || key.chars().count() <= 20;
        if let Some(kind) = header_like.then(|| self.template().header(key)).flatten() {
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
        if let Some(last) = cells.iter().rposition(|c| !c.is_blank()) {
            let trailing = &cells[last + 1..];
            if !trailing.is_empty() {
                let ctx = self.ctx;
                let (t2, t3) = (self.table_template(TableKind::Two), self.table_template(TableKind::Three));
                let own = self.key(&self.text[cells[last].span.clone()]);
                let labels = Labels::of(&cells[..=last]);
                match ctx {
                    Some(TableKind::Three) if t3.match_row(own).is_some() => {
                        return self.t3_row(&labels, trailing, line)
                    }
                    Some(TableKind::Two) if match_t2(t2, own).is_some() => return self.t2_row(&labels, trailing, line),
                    _ => {}
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

    fn guess_kind(&mut self, labels: &Labels, values: &[lex::Cell]) -> Option<TableKind> {
        let n = values.iter().filter(|c| !c.is_blank()).count();
        let Some(last) = &labels.own else {
            return (n >= 10).then_some(TableKind::Four);
        };
        let (t2, t3) = (self.table_template(TableKind::Two), self.table_template(TableKind::Three));
        let key = self.key(&self.text[last.clone()]);
        if n >= 5 && t3.match_row(key).is_some() {
            Some(TableKind::Three)
        } else if n <= 3 && match_t2(t2, key).is_some() {
            Some(TableKind::Two)
        } else {
            None
        }
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
                self.report.tables.push(Table { kind, span: span.clone(), rows: Vec::new() });
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
        let table = self.table_mut(kind, row.span.clone());
        if table.rows.iter().any(|r| r.id == row.id) {
            self.report.unread.push(Unread { span: row.span, reason: "duplicate-row" });
        } else {
            table.rows.push(row);
        }
    }

    fn t3_row(&mut self, labels: &Labels, values: &[lex::Cell], line: Range<usize>) {
        let text = self.text;
        let own = labels.own.clone();
        let t3 = self.table_template(TableKind::Three);
        let expected = self.t3_last.map_or(0, |i| i + 1);
        // The row's own label after its enumerator(s).
        let own_core = own.as_ref().map(|l| l.end - strip_enumerators(&text[l.clone()]).len()..l.end);
        let mut id = own_core.clone().and_then(|core| {
            // A label worded as the expected row's key needs no normalising: that row, as
            // `match_t3_near` finds it (a test checks). (Measured, with the same for table 二: a
            // check costs 5.7% more without them.)
            match t3.rows.get(expected) {
                Some(r) if !r.exact && text[core.clone()] == *r.core => Some(expected),
                _ => match_t3_near(t3, self.key(&text[core]), expected),
            }
        });
        if let (None, true, Some(all)) = (id, labels.many, &labels.all) {
            id = t3.match_row(&label_key(&text[all.clone()]));
        }
        let mut label_span = own.clone();
        if id.is_none() {
            if let Some(p) = self.pending.clone() {
                let joined = format!("{}{}", &text[p.clone()], own.as_ref().map_or("", |l| &text[l.clone()]));
                id = t3.match_row(&label_key(&joined));
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
        let cells = select_values(text, values, t3.rows[id].columns.len(), false);
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
                let t3 = self.table_template(TableKind::Three);
                for (i, row) in t3.rows.iter().enumerate() {
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
            _ => (next < self.table_template(TableKind::Three).rows.len() && !seen.contains(&next)).then_some(next),
        }
    }

    fn t2_row(&mut self, labels: &Labels, values: &[lex::Cell], line: Range<usize>) {
        let text = self.text;
        let own = labels.own.clone();
        let id = own.as_ref().and_then(|l| {
            // A label worded as a row's key names that row (as `match_t2` finds it; a test checks).
            let (t2, core) = (self.table_template(TableKind::Two), strip_enumerators(&text[l.clone()]));
            t2.rows.iter().position(|r| r.core == core).or_else(|| match_t2(t2, self.key(core)))
        });
        let label = own.map_or(line.start..line.start, |l| core_span(text, l));
        self.pending = None;
        let Some(id) = id else {
            self.report.unread.push(Unread { span: line, reason: "table-row" });
            return;
        };
        let tpl = &self.table_template(TableKind::Two).rows[id];
        let cells = select_values(text, values, tpl.columns.len(), tpl.decimal);
        let row = Row { id, span: line, label, cells };
        self.push_row(TableKind::Two, row);
    }

    fn t4_values(&mut self, values: &[lex::Cell], line: Range<usize>) {
        let text = self.text;
        let width = self.table_template(TableKind::Four).rows[0].columns.len();
        self.pending = None;
        let table = self.table_mut(TableKind::Four, line.clone());
        if table.rows.is_empty() {
            table.rows.push(Row { id: 0, span: line.clone(), label: line.start..line.start, cells: Vec::new() });
        }
        let row = &mut table.rows[0];
        if row.cells.len() >= width {
            return;
        }
        let want = width - row.cells.len();
        let cells = select_values(text, values, want, false);
        row.span.end = line.end;
        row.cells.extend(cells);
    }
}

/// The span after a label's enumerator(s) (`span` is trimmed: it starts with no space).
fn core_span(text: &str, span: Range<usize>) -> Range<usize> {
    span.end - strip_enumerators(&text[span.clone()]).len()..span.end
}

/// How much of its title a title names: its year and its agency.
fn score(t: &crate::model::Title) -> u8 {
    u8::from(t.year.is_some()) + u8::from(t.agency.is_some())
}

/// Picks a row's value cells: the cells from the first to the last non-blank one when they
/// are exactly `want` (blank cells inside count as blanks), else the non-blank ones.
fn select_values(text: &str, values: &[lex::Cell], want: usize, decimal: bool) -> Vec<Cell> {
    let first = values.iter().position(|c| !c.is_blank());
    let last = values.iter().rposition(|c| !c.is_blank());
    let (Some(first), Some(last)) = (first, last) else {
        // All blank: the row's cells are empty (0), wherever the line ends.
        let at = values.last().map_or(0, |c| c.span.end);
        return (0..want)
            .map(|i| parse_cell(text, values.get(i).map_or(at..at, |c| c.span.clone()), decimal))
            .collect();
    };
    let span = &values[first..=last];
    let keep_blanks = span.len() == want;
    let mut cells = Vec::with_capacity(span.len());
    for c in span.iter().filter(|c| keep_blanks || !c.is_blank()) {
        cells.push(read_cell(text, c, decimal));
    }
    cells
}

/// A value cell of the model from a cell of the lexer.
fn read_cell(text: &str, c: &lex::Cell, decimal: bool) -> Cell {
    match c.class {
        Class::Count(n) => {
            Cell { span: c.span.clone(), number: c.span.clone(), value: Value::Int(n), fullwidth: false }
        }
        _ => parse_cell(text, c.span.clone(), decimal),
    }
}

/// Reads one cell: the leading number, ignoring annotations such as `（含自然失效29件）`.
pub fn parse_cell(text: &str, span: Range<usize>, decimal_ok: bool) -> Cell {
    let s = &text[span.clone()];
    if s.is_empty() {
        return Cell { span: span.clone(), number: span, value: Value::Blank, fullwidth: false };
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

/// [`TableTemplate::match_row`] for table 三, trying the row expected at this position first
/// (rows are usually in order).
fn match_t3_near(t3: &TableTemplate, key: &str, expected: usize) -> Option<usize> {
    if let Some(r) = t3.rows.get(expected) {
        // `key == r.core`: the canonical wording, which holds a keyword (see the test below).
        if !r.exact && (key == r.core || r.keywords.iter().any(|k| contains(key, k))) {
            return Some(expected);
        }
    }
    t3.match_row(key)
}

/// The table-二 row a normalised label names (a short one: longer labels are prose).
fn match_t2(t2: &TableTemplate, key: &str) -> Option<usize> {
    if key.chars().count() > 20 {
        return None;
    }
    t2.match_row(key)
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn table_two_keys_name_their_own_row() {
        // A label worded exactly as a row's key names that row.
        let t2 = crate::template::table(TableKind::Two);
        for (i, r) in t2.rows.iter().enumerate() {
            assert_eq!(match_t2(t2, r.core), Some(i), "{}", r.label);
        }
    }

    #[test]
    fn canonical_row_wording_holds_a_keyword() {
        // `match_t3_near` takes a label worded exactly as the expected row's `core` without a
        // keyword search: that is only the same answer if the wording holds one of its keywords.
        let t3 = crate::template::table(TableKind::Three);
        for (i, r) in t3.rows.iter().enumerate().filter(|(_, r)| !r.exact) {
            assert!(r.keywords.iter().any(|k| r.core.contains(k)), "{}", r.label);
            assert_eq!(match_t3_near(t3, r.core, i), Some(i), "{}", r.label);
        }
    }
}
