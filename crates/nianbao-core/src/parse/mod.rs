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
use crate::template::{Edition, Number, RowTemplate, TableTemplate, Template};
use crate::variant::{self, FormatChoice};
use lex::Class;
use std::ops::Range;

/// Parses a report, detecting its format (see `variant.rs`). Any text is accepted.
pub fn parse(text: &str) -> Report {
    parse_with(text, FormatChoice::Auto)
}

/// Parses a report read as `format` (nianbao.toml `format`).
pub fn parse_with(text: &str, format: FormatChoice) -> Report {
    parse_options(text, Options { format, ..Options::default() })
}

/// How a text is read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Options {
    /// The layout (nianbao.toml `format`).
    pub format: FormatChoice,
    /// Every tab separates one table cell from the next, empty cells included, as the text a
    /// caller extracts from a document's tables is written (nianbao-formats' .docx and .html
    /// readers, `Kind::cell_per_tab`): an empty cell among a row's values is a blank value at
    /// its position (Word and HTML tables leave zeros empty), and empty cells beyond the row's
    /// columns are the fillers of merged cells. Off for typed text, where a run of tabs is often
    /// one gap.
    pub cell_per_tab: bool,
}

/// Parses a report read as `options` say.
pub fn parse_options(text: &str, options: Options) -> Report {
    let (report, reread) = read(text, options, None);
    match reread {
        // Rows were read by another template before the header that names the format: read
        // again by that one (a rare order; the usual one decides before the first row).
        Some(edition) => read(text, options, Some(edition)).0,
        None => report,
    }
}

/// One pass over the text, by the template of `edition` when given, else by the one its table
/// 二's header words or its title's year name; with the edition to read it again by when the
/// header's words came after rows read by another template.
fn read(text: &str, options: Options, edition: Option<Edition>) -> (Report, Option<Edition>) {
    let mut p = Parser {
        text,
        format: options.format,
        report: Report {
            edition: edition.unwrap_or_default(),
            cell_per_tab: options.cell_per_tab,
            ..Report::default()
        },
        edition: match edition {
            Some(_) => EditionBy::Caller,
            None => EditionBy::Default,
        },
        reread: None,
        line_start: 0,
        t3_columns: (None, None),
        t2_open: None,
        t3_blank: None,
        t4_blank_at: None,
        t4_header: false,
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
    (p.report, p.reread)
}

/// What decided the template a report is read by (`Report::edition`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EditionBy {
    /// Nothing yet: the current format.
    Default,
    /// The title's year.
    Title,
    /// Table 二's header words (`Template::marks`), which no title overrides.
    Header,
    /// The caller (a second reading).
    Caller,
}

struct Parser<'a> {
    text: &'a str,
    format: FormatChoice,
    report: Report,
    /// What decided `report.edition` so far.
    edition: EditionBy,
    /// The edition to read the text again by (table 二's header named another format after
    /// rows were read).
    reread: Option<Edition>,
    /// Where the current line starts (before its leading spaces and tabs).
    line_start: usize,
    /// In a document's table (`cell_per_tab`): the grid columns of table 三's first value column
    /// (自然人) and of its last (总计), as its header gives them.
    t3_columns: (Option<usize>, Option<usize>),
    /// A table-二 row copied one cell a line, being gathered (`collect_t2`).
    t2_open: Option<OpenRow>,
    /// Table-三 labels alone on their lines, gathered until the next row starts (`t3_label_line`).
    t3_blank: Option<BlankLabel>,
    /// Where table 四's line of empty cells stands (a line of tabs alone after its header).
    t4_blank_at: Option<usize>,
    /// A header line naming table 四's columns was read in this section.
    t4_header: bool,
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

/// A table-二 row copied one cell a line (`规章 |`, `0 |`, …), being gathered.
struct OpenRow {
    id: usize,
    /// The label cell (trimmed of its trailing pipe).
    label: Range<usize>,
    cells: Vec<Cell>,
    /// Its cells end in ` |`: a `|` alone on a line is then an empty cell (while the row is short).
    piped: bool,
}

/// Labels alone on their lines in table 三, gathered: the first (with its enumerator) and the
/// continuations of a label wrapped in its cell.
struct BlankLabel {
    /// From the first line's start to the last one's end.
    span: Range<usize>,
    /// From the first label cell's start to the last one's end.
    label: Range<usize>,
    /// The label cells joined.
    words: String,
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
        self.line_start = range.start;
        let raw = &text[range.clone()];
        let body = raw.trim_start_matches(is_space);
        let body_start = range.end - body.len();
        let body = body.trim_end_matches(is_space);
        if body.is_empty() {
            // Blank to the parser; a line of U+FEFF alone still counts as text for the prose.
            if !raw.trim().is_empty() {
                self.report.lines.push(range.clone());
            }
            // Table 四's one line of values, every cell empty (the blank template).
            if raw.contains('\t') && self.header.is_some_and(|(k, _)| k == TableKind::Four) {
                self.t4_blank_at.get_or_insert(range.start);
            }
            return;
        }
        self.report.lines.push(range.clone());
        let tabbed = memchr::memchr2(b'\t', b'|', body.as_bytes()).is_some();
        let heading_like = !tabbed
            && body.len() <= 200
            && body.starts_with(['#', '*', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']);
        if let Some(sec) = if heading_like { self.heading(range.start, body_start, body) } else { None } {
            self.close_rows();
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
            self.flush_t2();
            self.blank_t3_row();
            return;
        }
        let mut cells = std::mem::take(&mut self.cells);
        if lex::lex(text, range, &mut cells) {
            let line = body_start..body_start + body.len();
            let collecting = self.ctx == Some(TableKind::Two) && self.header.is_some_and(|(k, _)| k == TableKind::Two);
            if !(collecting && self.collect_t2(&cells, line.clone())) {
                self.cells_line(&cells, line);
            }
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
                // The title's year picks the format unless table 二's header or the caller did.
                if matches!(self.edition, EditionBy::Default | EditionBy::Title) {
                    self.report.edition = Edition::for_year(t.year);
                    self.edition = EditionBy::Title;
                }
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

    /// The rows being gathered are read: a table-二 row copied one cell a line, table-三 labels
    /// alone on their lines (rows whose cells are all blank), and table 四 when its header had
    /// only empty cells (or none) under it. At the end of a section, of a table, of the text.
    fn close_rows(&mut self) {
        self.flush_t2();
        self.blank_t3_row();
        if self.ctx == Some(TableKind::Four) && self.t4_header && self.report.table(TableKind::Four).is_none() {
            if let Some((TableKind::Four, start)) = self.header {
                // The blank line's start, else the end of the header's last line.
                let at = self.t4_blank_at.unwrap_or_else(|| {
                    let header_end = self.report.lines.last().map_or(start, |l| l.end);
                    header_end.max(start)
                });
                let width = self.table_template(TableKind::Four).rows[0].columns.len();
                let cells = (0..width).map(|_| parse_cell(self.text, at..at, Number::Count)).collect();
                let table = self.table_mut(TableKind::Four, at..at);
                table.rows.push(Row { id: 0, span: at..at, label: at..at, cells });
            }
        }
        self.t4_blank_at = None;
        self.t4_header = false;
    }

    /// A line of table 二 copied one cell a line (web tables copied as text: `规章 |`, `0 |`, a
    /// `|` alone, blank lines between): a row label opens a row, the values after it fill its
    /// columns (the template's count for that row), a header or anything else ends it. `false`
    /// when the line is left to be read as usual (a header, a row of several cells, prose).
    fn collect_t2(&mut self, cells: &[lex::Cell], line: Range<usize>) -> bool {
        let text = self.text;
        let body = &text[line.clone()];
        if body.bytes().all(|b| b == b'|' || b == b' ') {
            // A `|` alone: an empty cell of a row whose cells end in ` |`, while it is short.
            if let Some(open) = self.t2_open.as_mut().filter(|o| o.piped && body.trim() == "|") {
                let at = line.start;
                open.cells.push(parse_cell(text, at..at, Number::Count));
                self.t2_full();
            }
            return true;
        }
        let mut non_blank = cells.iter().filter(|c| !c.is_blank());
        let (Some(cell), None) = (non_blank.next(), non_blank.next()) else {
            // Several cells: the values of a label alone on the line above, or a row of its own.
            let values = cells.iter().all(|c| c.is_blank() || c.starts_values());
            if let Some(open) = self.t2_open.as_mut().filter(|o| o.cells.is_empty() && values) {
                let row = &self.report.template().table(TableKind::Two).rows[open.id];
                open.cells = select_values(text, cells, row);
                self.flush_t2();
                return true;
            }
            self.flush_t2();
            return false;
        };
        let raw = &text[cell.span.clone()];
        let words = raw.trim_end_matches(|c: char| c == '|' || is_space(c));
        let span = cell.span.start..cell.span.start + words.len();
        let key = label_key(words);
        let header = self.template().header(&key) == Some(TableKind::Two) || Edition::marked_by(&key).is_some();
        if header {
            self.flush_t2();
            return false;
        }
        let t2 = self.table_template(TableKind::Two);
        if let Some(id) = match_t2(t2, &key) {
            self.flush_t2();
            self.t2_open = Some(OpenRow { id, label: span, cells: Vec::new(), piped: raw.ends_with('|') });
            return true;
        }
        let class = lex::classify(words);
        let doubled = words.len() > 1 && words.starts_with(['-', '+']) && words[1..].starts_with(['-', '+']);
        if class == lex::Class::Text && !doubled {
            self.flush_t2();
            return false;
        }
        let Some(open) = self.t2_open.as_mut() else { return false };
        let number = t2.rows[open.id].number(open.cells.len());
        open.cells.push(read_cell(text, &lex::Cell { span, class }, number));
        self.t2_full();
        true
    }

    /// Reads the table-二 row being gathered once it has a value in each column.
    fn t2_full(&mut self) {
        let want = |o: &OpenRow| self.report.template().table(TableKind::Two).rows[o.id].columns.len();
        if self.t2_open.as_ref().is_some_and(|o| o.cells.len() >= want(o)) {
            self.flush_t2();
        }
    }

    /// Reads the table-二 row being gathered; a row label with no value after it is that row
    /// with its cells blank (a blank row of a PDF's table, or of a web table copied as text).
    fn flush_t2(&mut self) {
        let Some(open) = self.t2_open.take() else { return };
        let text = self.text;
        let mut cells = open.cells;
        let end = cells.last().map_or(open.label.end, |c| c.span.end);
        if cells.is_empty() {
            let row = &self.table_template(TableKind::Two).rows[open.id];
            cells = (0..row.columns.len()).map(|i| parse_cell(text, end..end, row.number(i))).collect();
        }
        let label = core_span(text, open.label.clone());
        self.push_row(TableKind::Two, Row { id: open.id, span: open.label.start..end, label, cells });
    }

    /// A label alone on its line in table 三 (a row whose cells are all blank, as a PDF lays it
    /// out): a label with an enumerator (`2.`, `（七）`, `四、`) starts a row, a label without one
    /// continues it (a label wrapped in its cell: `2.其他法律行政法规` / `禁止公开`); the row is
    /// read when the next one starts (`blank_t3_row`), unless values follow it on the next line.
    fn t3_label_line(&mut self, cells: &[lex::Cell], line: Range<usize>) {
        let Some(last) = cells.iter().rfind(|c| !c.is_blank()) else { return };
        let words = &self.text[last.span.clone()];
        // Short label cells only: prose in section 三 is not a row.
        if cells.len() > 4 || words.chars().count() > 40 || words.contains('。') {
            self.blank_t3_row();
            return;
        }
        if enumerator_len(words) > 0 {
            self.blank_t3_row();
            self.t3_blank = Some(BlankLabel { span: line, label: last.span.clone(), words: words.to_string() });
        } else if let Some(b) = self.t3_blank.as_mut() {
            b.words.push_str(words);
            b.span.end = line.end;
            b.label.end = last.span.end;
        }
    }

    /// Reads the table-三 labels gathered by `t3_label_line` as the row they name, its cells blank.
    fn blank_t3_row(&mut self) {
        let Some(b) = self.t3_blank.take() else { return };
        let t3 = self.table_template(TableKind::Three);
        let key = label_key(&b.words);
        let Some(id) = (key.chars().count() <= 45).then(|| t3.match_row(&key)).flatten() else { return };
        if self.report.table(TableKind::Three).is_some_and(|t| t.row(id).is_some()) {
            return;
        }
        let at = b.span.end;
        let cells = (0..t3.rows[id].columns.len()).map(|_| parse_cell(self.text, at..at, Number::Count)).collect();
        // A label on one line is the row's label. One wrapped over lines is in a PDF's layout,
        // where the cells of the labels merged down the rows beside it (`（三）不予公开`,
        // `本年度办理结果`) stand between its pieces or are cut into them (`…区分处理的，度办` /
        // `只计这一情形…）理结`): its wording cannot be judged (NB107), so the row keeps a label
        // span only when the pieces read as the canonical label.
        let wrapped = self.text[b.label.clone()].contains('\n');
        let canonical = key.contains(t3.rows[id].core) && label_key(&self.text[b.label.clone()]) == key;
        let label = if !wrapped || canonical { core_span(self.text, b.label) } else { b.label.start..b.label.start };
        self.t3_last = Some(id);
        self.pending = None;
        self.push_row(TableKind::Three, Row { id, span: b.span, label, cells });
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
        // A document's table: the empty cells right before the first value are values too (a
        // blank 自然人 cell), the labels end before them.
        let fv = match self.report.cell_per_tab {
            true => cells[..fv].iter().rposition(|c| !c.is_blank()).map_or(0, |i| i + 1),
            false => fv,
        };
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
        self.close_rows();
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
            self.close_rows();
            self.ctx = kind;
            self.header = None;
            self.pending = None;
            return;
        }
        // Table headers switch the context (tables are found by content, too). Only short
        // lines or lines of several cells can be headers (prose lines are not searched).
        let header_like = cells.iter().filter(|c| !c.is_blank()).count() >= 2 || key.chars().count() <= 20;
        if header_like && matches!(self.edition, EditionBy::Default | EditionBy::Title) {
            self.detect_edition(key);
        }
        if let Some(kind) = header_like.then(|| self.template().header(key)).flatten() {
            self.blank_t3_row();
            if self.ctx.is_none() || self.ctx == Some(kind) {
                self.ctx = Some(kind);
                if self.header.is_none_or(|(k, _)| k != kind) {
                    self.header = Some((kind, line.start));
                }
                if kind == TableKind::Three && self.report.cell_per_tab {
                    self.t3_header_columns(cells);
                }
                // A header line naming table 四's columns (not only 行政复议 and 行政诉讼, which
                // a sentence may name too): the table is there, even with every cell empty.
                let columns = |(k, words): &(TableKind, &[&str])| {
                    *k == TableKind::Four && words.len() == 1 && contains(key, words[0])
                };
                if kind == TableKind::Four && self.template().headers.iter().any(columns) {
                    self.t4_header = true;
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
        if self.ctx == Some(TableKind::Three) && self.header.is_some_and(|(k, _)| k == TableKind::Three) {
            self.t3_label_line(cells, line.clone());
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

    /// Table 二's header words name the format (`本年新制作数量`: the 2019 one), whatever the
    /// title's year: the first header line that names one decides.
    fn detect_edition(&mut self, key: &str) {
        if !matches!(self.ctx, None | Some(TableKind::Two)) {
            return;
        }
        let Some(edition) = Edition::marked_by(key) else { return };
        self.edition = EditionBy::Header;
        if edition == self.report.edition {
            return;
        }
        if self.report.tables.iter().any(|t| !t.rows.is_empty()) {
            self.reread = Some(edition);
        } else {
            self.report.edition = edition;
        }
    }

    /// The column of a cell of the current line in a document's table (`cell_per_tab`): the
    /// number of tabs before it.
    fn grid_column(&self, cell: &lex::Cell) -> usize {
        memchr::memchr_iter(b'\t', &self.text.as_bytes()[self.line_start..cell.span.start]).count()
    }

    /// Notes the columns of table 三's first and last value columns (自然人, 总计) in a header
    /// line of a document's table.
    fn t3_header_columns(&mut self, cells: &[lex::Cell]) {
        let columns = self.table_template(TableKind::Three).rows[0].columns;
        let (Some(first), Some(last)) = (columns.first(), columns.last()) else { return };
        for c in cells.iter().filter(|c| !c.is_blank()) {
            let words = &self.text[c.span.clone()];
            if words.contains(first) {
                self.t3_columns.0 = Some(self.grid_column(c));
            } else if words.contains(last) {
                self.t3_columns.1 = Some(self.grid_column(c));
            }
        }
    }

    /// The value cells of a row of table `kind` with template `row`: in a document's table, by
    /// their columns (table 三's header gives them) or their positions ([`grid_values`]); else
    /// as typed text reads them ([`select_values`]).
    fn select_values(&self, kind: TableKind, values: &[lex::Cell], row: &RowTemplate) -> Vec<Cell> {
        let want = row.columns.len();
        let grid = match self.report.cell_per_tab {
            true => self.by_header(kind, values, want).or_else(|| grid_values(values, want, kind != TableKind::Two)),
            false => None,
        };
        match grid {
            Some(grid) => grid.iter().enumerate().map(|(i, c)| read_cell(self.text, c, row.number(i))).collect(),
            None => select_values(self.text, values, row),
        }
    }

    /// A table-三 row's value cells in a document's table: the cells in the columns its header
    /// gives (自然人 … 总计), when there is one cell in each and no value outside them.
    fn by_header<'c>(&self, kind: TableKind, values: &'c [lex::Cell], want: usize) -> Option<&'c [lex::Cell]> {
        let (Some(first), Some(last)) = self.t3_columns else { return None };
        if kind != TableKind::Three || last + 1 != first + want {
            return None;
        }
        let columns: Vec<usize> = values.iter().map(|c| self.grid_column(c)).collect();
        let start = columns.iter().position(|&c| c == first)?;
        let inside = columns.get(start..start + want)?;
        let aligned = inside.iter().enumerate().all(|(i, &c)| c == first + i);
        let outside = values.iter().zip(&columns).any(|(v, &c)| !v.is_blank() && !(first..=last).contains(&c));
        (aligned && !outside).then(|| &values[start..start + want])
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
        // Labels alone on the lines above: their own row (blank) when this row has a label of
        // its own (an enumerator, or words naming another row), else this row's label broken
        // across lines (`2.其他法律行政法规` / `禁止公开  1  0 …`, read through `pending`).
        if let Some(b) = &self.t3_blank {
            let t3 = self.table_template(TableKind::Three);
            let above = t3.match_row(&label_key(&b.words));
            let own_row = own.as_ref().is_some_and(|l| {
                let words = &text[l.clone()];
                enumerator_len(words) > 0 || t3.match_row(&label_key(words)).is_some_and(|id| Some(id) != above)
            });
            if own_row {
                self.blank_t3_row();
            } else {
                self.t3_blank = None;
            }
        }
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
        let cells = self.select_values(TableKind::Three, values, &t3.rows[id]);
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
        let cells = self.select_values(TableKind::Two, values, &self.table_template(TableKind::Two).rows[id]);
        let row = Row { id, span: line, label, cells };
        self.push_row(TableKind::Two, row);
    }

    fn t4_values(&mut self, values: &[lex::Cell], line: Range<usize>) {
        let tpl = &self.table_template(TableKind::Four).rows[0];
        let width = tpl.columns.len();
        self.pending = None;
        let grid = self.report.cell_per_tab;
        let text = self.text;
        let table = self.table_mut(TableKind::Four, line.clone());
        if table.rows.is_empty() {
            table.rows.push(Row { id: 0, span: line.clone(), label: line.start..line.start, cells: Vec::new() });
        }
        let row = &mut table.rows[0];
        if row.cells.len() >= width {
            return;
        }
        let want = width - row.cells.len();
        let cells = match grid.then(|| grid_values(values, want, true)).flatten() {
            Some(grid) => grid.iter().map(|c| read_cell(text, c, Number::Count)).collect(),
            None => select_values_n(text, values, want, |_| Number::Count),
        };
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

/// The value cells of a row in a document's table (`Options::cell_per_tab`), every cell in its
/// column, when the cells after the row's labels are as many as its columns (`want`), or more
/// by empty cells that fill merged cells: before the values when the values are the grid's last
/// columns (`at_end`: tables 三 and 四, where a label may span two columns), else after them
/// (table 二's rows fill the grid from the left). `None` for any other count (the cells are then
/// read as typed text reads them).
fn grid_values(values: &[lex::Cell], want: usize, at_end: bool) -> Option<&[lex::Cell]> {
    let extra = values.len().checked_sub(want)?;
    let blank = |cells: &[lex::Cell]| cells.iter().all(lex::Cell::is_blank);
    let (head, tail) = (blank(&values[..extra]), blank(&values[want..]));
    match (head, tail) {
        (true, _) if at_end => Some(&values[extra..]),
        (_, true) => Some(&values[..want]),
        (true, false) => Some(&values[extra..]),
        (false, false) => None,
    }
}

/// Picks a row's value cells: the cells from the first to the last non-blank one when they
/// are exactly as many as the row's columns (blank cells inside count as blanks), else the
/// non-blank ones.
fn select_values(text: &str, values: &[lex::Cell], row: &RowTemplate) -> Vec<Cell> {
    select_values_n(text, values, row.columns.len(), |col| row.number(col))
}

/// [`select_values`] for `want` columns whose cells hold `number(col)`.
fn select_values_n(text: &str, values: &[lex::Cell], want: usize, number: impl Fn(usize) -> Number) -> Vec<Cell> {
    let first = values.iter().position(|c| !c.is_blank());
    let last = values.iter().rposition(|c| !c.is_blank());
    let (Some(first), Some(last)) = (first, last) else {
        // All blank: the row's cells are empty (0), wherever the line ends.
        let at = values.last().map_or(0, |c| c.span.end);
        return (0..want)
            .map(|i| parse_cell(text, values.get(i).map_or(at..at, |c| c.span.clone()), number(i)))
            .collect();
    };
    let span = &values[first..=last];
    let keep_blanks = span.len() == want;
    let mut cells = Vec::with_capacity(span.len());
    for c in span.iter().filter(|c| keep_blanks || !c.is_blank()) {
        cells.push(read_cell(text, c, number(cells.len())));
    }
    cells
}

/// A value cell of the model from a cell of the lexer.
fn read_cell(text: &str, c: &lex::Cell, number: Number) -> Cell {
    match c.class {
        Class::Count(n) => {
            Cell { span: c.span.clone(), number: c.span.clone(), value: Value::Int(n), fullwidth: false }
        }
        _ => parse_cell(text, c.span.clone(), number),
    }
}

/// Reads one cell: the leading number, ignoring annotations such as `（含自然失效29件）`, as the
/// column's `kind` of number allows it (a decimal, a sign).
pub fn parse_cell(text: &str, span: Range<usize>, kind: Number) -> Cell {
    let s = &text[span.clone()];
    if s.is_empty() {
        return Cell { span: span.clone(), number: span, value: Value::Blank, fullwidth: false };
    }
    if matches!(s, "O" | "o" | "〇" | "Ｏ") {
        return Cell { span: span.clone(), number: span, value: Value::Invalid(Invalid::LetterO), fullwidth: false };
    }
    let mut fullwidth = false;
    let mut negative = false;
    let mut plus = false;
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
            plus = true;
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
    let signed = kind == Number::Signed;
    let value = if n_digits == 0 || rest.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()) {
        Value::Invalid(Invalid::NotANumber)
    } else if signed && (negative || plus) && frac_at.is_none() && !separator {
        match int.and_then(|v| i64::try_from(v).ok()) {
            Some(v) => Value::Signed(if negative { -v } else { v }),
            None => Value::Invalid(Invalid::Overflow),
        }
    } else if negative {
        Value::Invalid(Invalid::Negative)
    } else if separator {
        Value::Invalid(Invalid::Separator)
    } else if frac_at.is_some() {
        if kind == Number::Decimal {
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

    /// Rows of table 三 as the HTML of a published report gives them (上海市人民政府办公厅 2019,
    /// tests/corpus/whole): three label columns, zeros left empty, 总计 left empty.
    const GRID_T3: &str = "三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t
\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计
\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t
一、本年新收政府信息公开申请数量\t\t\t821\t35\t\t\t2\t1\t859
三、本年度办理结果\t（一）予以公开\t\t258\t12\t\t\t1\t1\t
\t\t6.属于四类过程性信息\t\t1\t\t\t\t\t1
\t\t7.属于行政执法案卷\t\t\t\t\t\t\t
";

    #[test]
    fn empty_cells_of_a_documents_table_are_blank_values_in_their_columns() {
        let grid = parse_options(GRID_T3, Options { cell_per_tab: true, ..Options::default() });
        let t3 = grid.table(TableKind::Three).unwrap();
        let rows: Vec<Vec<String>> =
            t3.rows.iter().map(|r| r.cells.iter().map(|c| GRID_T3[c.span.clone()].to_string()).collect()).collect();
        assert_eq!(
            rows,
            [
                ["821", "35", "", "", "2", "1", "859"],
                ["258", "12", "", "", "1", "1", ""],
                ["", "1", "", "", "", "", "1"],
                ["", "", "", "", "", "", ""],
            ]
        );
        assert!(t3.rows.iter().flat_map(|r| &r.cells).all(|c| c.span.end <= GRID_T3.len()));
        // Typed, a run of tabs is one gap: the same text has rows of fewer values.
        let typed = parse(GRID_T3);
        let widths: Vec<usize> = typed.table(TableKind::Three).unwrap().rows.iter().map(|r| r.cells.len()).collect();
        assert_eq!(widths, [7, 4, 2, 7]);
    }

    #[test]
    fn a_documents_table_without_header_columns_is_read_by_position() {
        // No header: the cells after the labels, fillers of a merged label cell dropped.
        let text = GRID_T3.lines().filter(|l| !l.contains("自然人") && !l.contains("商业企业")).collect::<Vec<_>>();
        let text = text.join("\n");
        let grid = parse_options(&text, Options { cell_per_tab: true, ..Options::default() });
        let t3 = grid.table(TableKind::Three).unwrap();
        let first: Vec<&str> = t3.rows[1].cells.iter().map(|c| &text[c.span.clone()]).collect();
        assert_eq!(first, ["258", "12", "", "", "1", "1", ""]);
        // Table 二: a row fills the grid from the left; a merged cell among the values is not a value.
        let t2 = "二、主动公开政府信息情况\n信息内容\t本年处理决定数量\t\t\n行政许可\t126\t\t\n规章\t13\t13\t\t524\n";
        let r = parse_options(t2, Options { cell_per_tab: true, ..Options::default() });
        let cells: Vec<Vec<&str>> = r
            .table(TableKind::Two)
            .unwrap()
            .rows
            .iter()
            .map(|row| row.cells.iter().map(|c| &t2[c.span.clone()]).collect())
            .collect();
        assert_eq!(cells, [vec!["126"], vec!["13", "13", "524"]]);
    }

    /// Table 三 of the blank official template as `pdftotext -layout` gives it
    /// (tests/fixtures/rendered/template-blank.pdf): no values, so each row is its label alone,
    /// wrapped over lines beside the labels merged down the rows (`（三）不予公开`, and
    /// `三、本年度办理结果` cut into characters: `本年`, `度办`, `理结`, `果`).
    const PDF_BLANK_T3: &str = r#"  三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二              申请人情况           总计
 项之和，等于第三项加第四项之和）    自然          法人或其他组织
                      人    商业   科研 社会 法律   其他
                           企业   机构 公益 服务
                                 组织   机构
一、本年新收政府信息公开申请数量

二、上年结转政府信息公开申请数量
三、   （一）予以公开
本年
     （二）部分公开（区分处理的，度办
     只计这一情形，不计其他情形）理结
果           1.属于国家秘密
            2.其他法律行政法规
            禁止公开
            3.危及“三安全一稳
            定”
            4.保护第三方合法权
     （三）不   益
     予公开    5.属于三类内部事务
            信息
            6.属于四类过程性信
            息
            7.属于行政执法案卷

            8.属于行政查询事项
            1.本机关不掌握相关
            政府信息
     （四）无   2.没有现成信息需要
     法提供    另行制作
            3.补正后申请内容仍
            不明确
            1.信访举报投诉类申
            请
            2.重复申请
            3.要求提供公开出版
     （五）不   物
     予处理    4.无正当理由大量反
            复申请
            5.要求行政机关确认
            或重新出具已获取信
            息
     （六）其   1.申请人无正当理由
     他处理    逾期不补正、行政机
               关不再处理其政府信
               息公开申请
               2.申请人逾期未按收
               费通知要求缴纳费
               用、行政机关不再处
               理其政府信息公开申
               请
               3.其他

    （七）总计

四、结转下年度继续办理
"#;

    #[test]
    fn blank_rows_of_a_pdf_table_are_rows_of_blank_cells() {
        let r = parse(PDF_BLANK_T3);
        let t3 = r.table(TableKind::Three).unwrap();
        assert_eq!(t3.rows.iter().map(|r| r.id).collect::<Vec<_>>(), (0..25).collect::<Vec<_>>());
        assert!(t3
            .rows
            .iter()
            .all(|r| r.cells.len() == 7 && r.cells.iter().all(|c| c.span.is_empty() && c.value == Value::Blank)));
        let label = |id: usize| &PDF_BLANK_T3[t3.row(id).unwrap().label.clone()];
        // A label on one line, or wrapped with nothing between its pieces, is the row's label.
        assert_eq!(label(4), "属于国家秘密");
        assert_eq!(label_key(label(5)), "其他法律行政法规禁止公开");
        // Pieces of another column's label between its pieces: no label span (not judged).
        assert_eq!((label(3), label(7), label(13)), ("", "", ""));
        // So the blank table gives no finding of the rules on its rows.
        let codes: Vec<&str> = crate::check(PDF_BLANK_T3, &Default::default()).iter().map(|d| d.rule.code).collect();
        assert!(!codes.iter().any(|c| ["NB105", "NB106", "NB107"].contains(c)), "{codes:?}");
    }

    #[test]
    fn a_label_wrapped_above_its_values_is_one_row() {
        let text = "三、收到和处理政府信息公开申请情况\n（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）  申请人情况  总计\n\
            （三）不予公开  1.属于国家秘密  0  0  0  0  0  0  0\n2.其他法律行政法规\n禁止公开  1  0  0  0  0  0  1\n\
            3.危及“三安全一稳定”  0  0  0  0  0  0  0\n";
        let t3 = parse(text).table(TableKind::Three).unwrap().clone();
        let rows: Vec<(usize, Value)> = t3.rows.iter().map(|r| (r.id, r.cells[0].value.clone())).collect();
        assert_eq!(rows, [(4, Value::Int(0)), (5, Value::Int(1)), (6, Value::Int(0))]);
    }

    #[test]
    fn table_four_with_every_cell_blank_is_the_table() {
        let header = "四、政府信息公开行政复议、行政诉讼情况\n行政复议\t\t\t\t\t行政诉讼\n\
            结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\n";
        for after in
            ["\t\t\t\t\t\t\t\t\t\t\t\t\t\t\n五、存在的主要问题及改进情况\n", "五、存在的主要问题及改进情况\n", ""]
        {
            let text = format!("{header}{after}");
            let r = parse(&text);
            let t4 = r.table(TableKind::Four).unwrap_or_else(|| panic!("{after:?}"));
            assert_eq!(t4.rows.len(), 1);
            assert!(
                t4.rows[0].cells.len() == 15 && t4.rows[0].cells.iter().all(|c| c.value == Value::Blank),
                "{after:?}"
            );
        }
        // Section 四 in words only (no header of the table's columns) has no table.
        let prose =
            "四、政府信息公开行政复议、行政诉讼情况\n本年度未发生行政复议、行政诉讼。\n五、存在的主要问题及改进情况\n";
        assert!(parse(prose).table(TableKind::Four).is_none());
    }

    #[test]
    fn table_two_copied_one_cell_a_line_is_read_by_rows() {
        // As web tables copied as text come (tests/corpus/openings/table-2): blank lines between
        // the cells, or each cell ending in ` |` with `|` lines for empty ones.
        let blank_lines =
            "二、主动公开政府信息情况\n\n第二十条第(一)项\n\n信息内容\n\n本年制发件数\n\n本年废止件数\n\n\
            现行有效件数\n\n规章\n\n0\n\n0\n\n3\n\n行政规范性文件\n\n1\n\n0\n\n5\n\n第二十条第(五)项\n\n信息内容\n\n\
            本年处理决定数量\n\n行政许可\n\n126\n\n三、收到和处理政府信息公开申请情况\n";
        let piped = "二、主动公开政府信息情况\n第二十条第(一)项 |\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n\
            规章 |\n0 |\n|\n3 |\n行政规范性文件 |\n1 |\n0 |\n5 |\n第二十条第(五)项 |\n信息内容 |\n本年处理决定数量 |\n\
            行政许可 |\n126 |\n";
        for (text, second) in [(blank_lines, Value::Int(0)), (piped, Value::Blank)] {
            let r = parse(text);
            let rows: Vec<(usize, Vec<Value>)> = r
                .table(TableKind::Two)
                .unwrap()
                .rows
                .iter()
                .map(|row| (row.id, row.cells.iter().map(|c| c.value.clone()).collect()))
                .collect();
            assert_eq!(
                rows,
                [
                    (0, vec![Value::Int(0), second, Value::Int(3)]),
                    (1, vec![Value::Int(1), Value::Int(0), Value::Int(5)]),
                    (2, vec![Value::Int(126)])
                ],
                "{text}"
            );
        }
    }

    #[test]
    fn table_two_keys_name_their_own_row() {
        // A label worded exactly as a row's key names that row.
        for t in crate::template::TEMPLATES {
            let t2 = t.table(TableKind::Two);
            for (i, r) in t2.rows.iter().enumerate() {
                assert_eq!(match_t2(t2, r.core), Some(i), "{}", r.label);
            }
        }
    }

    #[test]
    fn canonical_row_wording_holds_a_keyword() {
        // `match_t3_near` takes a label worded exactly as the expected row's `core` without a
        // keyword search: that is only the same answer if the wording holds one of its keywords.
        for t in crate::template::TEMPLATES {
            let t3 = t.table(TableKind::Three);
            for (i, r) in t3.rows.iter().enumerate().filter(|(_, r)| !r.exact) {
                assert!(r.keywords.iter().any(|k| r.core.contains(k)), "{}", r.label);
                assert_eq!(match_t3_near(t3, r.core, i), Some(i), "{}", r.label);
            }
        }
    }
}
