//! The report model: title, sections, tables, rows and cells, each with byte spans into the text.
//!
//! Invariant: every span is a valid char-boundary range of the text the report was parsed from.
//! Rows and tables are identified by their template (see `template.rs`), never by line number.

use crate::template::{Edition, RowTemplate, Template};
use crate::variant::{AddedSection, Format};
use std::ops::Range;

/// A count of a table cell: the one integer type of the tables' arithmetic. Every sum of counts
/// is checked (`checked_add`): a sum that does not fit is reported, never wrapped or saturated
/// (see `arith.rs`). Differences between sums are taken in `i128`, where they always fit.
pub type Count = u64;

/// The six canonical sections, 1-based (一 = 1 … 六 = 6).
pub type SectionId = u8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableKind {
    /// 二、主动公开政府信息情况
    Two,
    /// 三、收到和处理政府信息公开申请情况
    Three,
    /// 四、政府信息公开行政复议、行政诉讼情况
    Four,
}

impl TableKind {
    pub const ALL: [TableKind; 3] = [TableKind::Two, TableKind::Three, TableKind::Four];

    /// The section this table belongs to.
    pub fn section(self) -> SectionId {
        match self {
            TableKind::Two => 2,
            TableKind::Three => 3,
            TableKind::Four => 4,
        }
    }
}

/// Why a cell could not be read as a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Invalid {
    Negative,
    /// A decimal where a count is expected.
    Decimal,
    /// `1,000`
    Separator,
    /// Letter O or 〇 for zero.
    LetterO,
    /// Anything else that is not a number.
    NotANumber,
    /// Larger than any count can be (does not fit in a [`Count`]).
    Overflow,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// An empty cell: counts as 0 in every sum, never an error.
    Blank,
    /// A count (non-negative integer).
    Int(Count),
    /// A non-negative decimal where the column allows one (收费金额).
    Decimal(f64),
    /// An integer written with its sign where the column allows one (本年增/减 of the 2019
    /// format: `-18`, `+3`).
    Signed(i64),
    Invalid(Invalid),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The cell's text (trimmed); for a blank cell, an empty range where it stands.
    pub span: Range<usize>,
    /// The leading number's span (without annotations such as `（含…）`), for fixes.
    pub number: Range<usize>,
    pub value: Value,
    /// Written with full-width digits (`１２`): read as the number, fixable to ASCII.
    pub fullwidth: bool,
}

impl Cell {
    /// The value as a count for arithmetic: blank is 0; invalid, signed or decimal is `None`.
    pub fn count(&self) -> Option<Count> {
        match self.value {
            Value::Blank => Some(0),
            Value::Int(n) => Some(n),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Index into the table template's rows.
    pub id: usize,
    /// The whole row, from its first to its last character (may span lines).
    pub span: Range<usize>,
    /// The row's own label without its enumerator (`予以公开` in `(一) 予以公开`); empty when
    /// the row has no label of its own (table 四's numbers).
    pub label: Range<usize>,
    /// The value cells, in column order. May be fewer or more than the template says
    /// (then the row is malformed).
    pub cells: Vec<Cell>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub kind: TableKind,
    /// From the first header or row line to the end of the last row.
    pub span: Range<usize>,
    /// Recognised rows in text order.
    pub rows: Vec<Row>,
}

impl Table {
    /// The row with template id `id`, if present (the first one when duplicated).
    pub fn row(&self, id: usize) -> Option<&Row> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// The cell in row `id`, column `col`, if present and the row has that many cells.
    pub fn cell(&self, id: usize, col: usize) -> Option<&Cell> {
        self.row(id).and_then(|r| r.cells.get(col))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// Which canonical section (1…6), recognised by the heading's content. A section a variant
    /// adds (`二、工作机制保障` in a Shanghai report) has the id of the section it is part of.
    pub id: SectionId,
    /// For a section a variant adds: which one (see `variant.rs`); `None` for the six.
    pub part: Option<Part>,
    /// The heading line's text (without Markdown `#` and surrounding spaces).
    pub heading: Range<usize>,
    /// The heading's wording after its enumerator (`总体情况` in `一、总体情况`).
    pub core: Range<usize>,
    /// From the heading's line start to the start of the next section (or the end).
    pub body: Range<usize>,
}

/// One of the sections a format variant adds (`variant::Variant::added`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Part {
    pub format: Format,
    /// Index into the variant's added sections.
    pub index: u8,
}

impl Part {
    pub fn added(self) -> &'static AddedSection {
        &self.format.variant().added[self.index as usize]
    }
}

/// The report's own title (see `parse/title.rs`): its words wherever its year and agency stand,
/// on one line or over the lines of a centred title.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Title {
    /// From its first word to the end of its wording, over every line it uses.
    pub span: Range<usize>,
    /// The agency, spaces removed: the words before the year (`孟州市人民政府`), or with the
    /// year first those between `<年份>年` and the wording (`上海市科委`), or the line above.
    pub agency: Option<String>,
    pub year: Option<u32>,
    /// The words naming the report, spaces removed: `政府信息公开工作年度报告`, or a near-miss
    /// (`政府信息公开工作报告`, `信息公开工作年度报告`, `政府信息公开年度报告`) NB308 names.
    pub wording: String,
}

impl Title {
    /// Whether the wording is the format's, `政府信息公开工作年度报告`.
    pub fn worded_as_format(&self) -> bool {
        self.wording == crate::parse::title::WORDING
    }
}

/// The fewest rows of table 二 or 三 that make it one of the report's tables (for a text
/// without a title, [`Report::is_report`]); a quoted row or two is not a table.
pub const TABLE_ROWS: usize = 3;

/// Why a text is not read as a report ([`Report::not_a_report`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum NotAReport {
    /// Nothing but blank lines.
    Empty,
    /// A title-like line names 政府信息公开工作年度报告 without being a report's own title: a
    /// notice (`…关于做好2025年政府信息公开工作年度报告编制和发布工作的通知`), a note's heading
    /// (`…年度报告审核意见`). The span of its words.
    Mention(Range<usize>),
    /// No title and none of a report's tables.
    NoTitleNoTable,
}

impl NotAReport {
    /// The reason in words, for the lists of skipped files (`text` is the one parsed).
    pub fn message(&self, text: &str, lang: crate::Lang) -> String {
        match (self, lang) {
            (NotAReport::Empty, crate::Lang::Zh) => "空文件".to_string(),
            (NotAReport::Empty, crate::Lang::En) => "empty file".to_string(),
            (NotAReport::Mention(span), crate::Lang::Zh) => {
                format!("标题“{}”只是提到年报", text.get(span.clone()).unwrap_or_default())
            }
            (NotAReport::Mention(span), crate::Lang::En) => {
                format!("the title “{}” only mentions the reports", text.get(span.clone()).unwrap_or_default())
            }
            (NotAReport::NoTitleNoTable, crate::Lang::Zh) => "没有标题，也没有年报表格".to_string(),
            (NotAReport::NoTitleNoTable, crate::Lang::En) => "no title and no table of an annual report".to_string(),
        }
    }
}

/// Something the parser saw but could not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unread {
    pub span: Range<usize>,
    pub reason: &'static str,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub title: Option<Title>,
    /// The first title-like line before the first section that names the reports without
    /// being a report's title (a notice, a note's heading): why such a text is not a report.
    pub mention: Option<Range<usize>>,
    /// Recognised section headings in text order (may be duplicated or out of order).
    pub sections: Vec<Section>,
    /// Found tables in text order.
    pub tables: Vec<Table>,
    /// Lines that looked like table rows but could not be placed, and similar.
    pub unread: Vec<Unread>,
    /// `"\r\n"` when the text uses CRLF, else `"\n"`: for inserted lines.
    pub line_ending: &'static str,
    /// Length of the parsed text in bytes.
    pub len: usize,
    /// The layout the report was read as (detected, or forced by the caller; see `variant.rs`).
    pub format: Format,
    /// The format year the report was read by: the one its table 二's header words name, else
    /// the one of its title's year (see `template.rs`).
    pub edition: Edition,
    /// The text's tabs separate table cells one for one, empty cells included (text extracted
    /// from a document's tables; see `parse::Options::cell_per_tab`).
    pub cell_per_tab: bool,
    /// Every line that is not blank, without its line ending, in text order (the parser reads
    /// them once; `prose::paragraphs` picks the prose among them).
    pub lines: Vec<Range<usize>>,
}

impl Report {
    /// The template (format year) the report was read by.
    pub fn template(&self) -> &'static Template {
        self.edition.template()
    }

    /// The template whose duties the report owes (section 一's topics, the fee statement): its
    /// title year's, else the one it was read by.
    pub fn duties(&self) -> &'static Template {
        match self.title.as_ref().and_then(|t| t.year) {
            Some(year) => Edition::for_year(Some(year)).template(),
            None => self.template(),
        }
    }

    /// The template of row `row` of table `kind`, as this report reads it.
    pub fn row_template(&self, kind: TableKind, row: usize) -> &'static RowTemplate {
        &self.template().table(kind).rows[row]
    }

    /// A report is a text with its own title ([`Report::title`]) or, without one, with one of
    /// a report's tables, unless a title-like line names it as something about the reports (a
    /// notice, a note: [`Report::mention`]). Section headings alone do not make a report (a note
    /// or a notice about reports has them too). Other texts get no findings.
    pub fn is_report(&self) -> bool {
        self.has_own_title() || (self.mention.is_none() && self.has_table())
    }

    /// The text names itself: a title, not a mention (`parse/title.rs`).
    fn has_own_title(&self) -> bool {
        self.title.is_some()
    }

    /// One of a report's tables stands in the text: table 二 or 三 with at least
    /// [`TABLE_ROWS`] of its rows read, or table 四's row with all its values. A row or two
    /// quoted in a note about reports is not a table.
    fn has_table(&self) -> bool {
        self.tables.iter().any(|t| match t.kind {
            TableKind::Four => {
                let width = self.template().table(TableKind::Four).rows[0].columns.len();
                t.rows.first().is_some_and(|r| r.cells.len() >= width)
            }
            TableKind::Two | TableKind::Three => t.rows.len() >= TABLE_ROWS,
        })
    }

    /// Why the text is not read as a report; `None` for a report.
    pub fn not_a_report(&self) -> Option<NotAReport> {
        if self.is_report() {
            None
        } else if self.lines.is_empty() {
            Some(NotAReport::Empty)
        } else if let Some(m) = &self.mention {
            Some(NotAReport::Mention(m.clone()))
        } else {
            Some(NotAReport::NoTitleNoTable)
        }
    }

    /// The canonical section `id` (the first one when duplicated), not a section a variant adds.
    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id && s.part.is_none())
    }

    /// Section `id` (its first heading) and the sections a variant adds to it, in text order:
    /// 一、总体情况 and, in a Shanghai report, 二、工作机制保障 … 六、政府信息公开平台建设.
    pub fn with_parts(&self, id: SectionId) -> impl Iterator<Item = &Section> {
        let first = self.sections.iter().position(|s| s.id == id && s.part.is_none());
        self.sections
            .iter()
            .enumerate()
            .filter(move |(i, s)| s.id == id && (s.part.is_some() || Some(*i) == first))
            .map(|(_, s)| s)
    }

    pub fn table(&self, kind: TableKind) -> Option<&Table> {
        self.tables.iter().find(|t| t.kind == kind)
    }

    /// The table cell whose text contains `offset` (or touches it at either end).
    pub fn cell_at(&self, offset: usize) -> Option<(&Table, &Row, usize)> {
        for t in &self.tables {
            if offset < t.span.start || offset > t.span.end {
                continue;
            }
            for r in &t.rows {
                for (i, c) in r.cells.iter().enumerate() {
                    if c.span.start <= offset && offset <= c.span.end {
                        return Some((t, r, i));
                    }
                }
            }
        }
        None
    }
}
