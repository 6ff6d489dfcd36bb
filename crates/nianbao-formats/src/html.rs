//! .html: text and `<table>`s of a web page (parsed with `scraper`, i.e. html5ever's HTML5
//! tree builder, so unclosed `<p>`/`<td>` are implied as a browser would), rowspan/colspan
//! expanded into empty cells so the columns line up. html5ever keeps no source positions, so
//! each text node is found in the source by searching forward from the previous one.

use std::borrow::Cow;

use crate::builder::{Builder, Segs};
use crate::{CellPos, Extracted, Source};

/// The page as UTF-8: the bytes themselves (without a BOM) when they are UTF-8, otherwise
/// decoded as GB18030 (a superset of GBK/GB2312, what Chinese government sites use).
fn decode(bytes: &[u8]) -> (Cow<'_, str>, usize) {
    let (bytes, bom) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (bytes, 0),
    };
    match std::str::from_utf8(bytes) {
        Ok(s) => (Cow::Borrowed(s), bom),
        Err(_) => (encoding_rs::GB18030.decode_without_bom_handling(bytes).0, 0),
    }
}

const SKIP: &[&str] = &["head", "script", "style", "noscript", "template", "title", "svg", "object", "iframe"];
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "center",
    "dd",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "ul",
    "caption",
];
/// Blocks that make a line even when empty (an empty `<p>` is a blank line).
const PARA: &[&str] = &["p", "h1", "h2", "h3", "h4", "h5", "h6"];

struct Walker<'a> {
    input: &'a str,
    offset: usize,
    /// Where the search for the next text node in the source starts.
    cursor: usize,
    out: Builder,
    line: Segs,
    /// Per open outermost table: rows still covered by a rowspan, per column.
    pending: Vec<usize>,
    depth: usize,
    table: usize,
    row_index: usize,
    row: Option<Vec<Segs>>,
    cell: Option<(Segs, CellPos)>,
}

fn span_attr(tag: &scraper::node::Element, key: &str) -> usize {
    tag.attr(key).and_then(|v| v.trim().parse::<usize>().ok()).unwrap_or(1).clamp(1, 1000)
}

impl Walker<'_> {
    fn in_cell(&self) -> bool {
        self.cell.is_some()
    }

    fn target(&mut self) -> &mut Segs {
        match &mut self.cell {
            Some((c, _)) => c,
            None => &mut self.line,
        }
    }

    fn flush(&mut self, force: bool) {
        self.line.trim_end();
        if force || !self.line.is_empty() {
            let line = std::mem::take(&mut self.line);
            self.out.line(&line);
        }
        self.line = Segs::default();
    }

    /// Where the text node `s` sits in the source: searched for literally from the end of
    /// the previous one. `None` when it is not there as such (it was written with entities).
    fn locate(&mut self, s: &str) -> Option<std::ops::Range<usize>> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        let at = self.cursor + self.input.get(self.cursor..)?.find(s)?;
        self.cursor = at + s.len();
        Some(self.offset + at..self.offset + at + s.len())
    }

    fn text(&mut self, decoded: &str) {
        let located = self.locate(decoded);
        if self.row.is_some() && self.cell.is_none() {
            return; // whitespace between cells
        }
        // Collapse whitespace (incl. no-break spaces) as a browser does.
        let mut text = String::with_capacity(decoded.len());
        for c in decoded.chars() {
            if c.is_whitespace() {
                if !text.ends_with(' ') {
                    text.push(' ');
                }
            } else {
                text.push(c);
            }
        }
        let target_ends_space = self.target().ends_with_space();
        let text = if target_ends_space { text.trim_start() } else { &text[..] };
        if text.is_empty() {
            return;
        }
        if text == " " {
            self.target().space();
            return;
        }
        let cell = self.cell.as_ref().map(|(_, p)| *p);
        let source = located.map(|bytes| Source::Html { bytes, cell });
        let text = text.to_owned();
        self.target().push(text, source);
    }

    fn walk(&mut self, node: ego_tree::NodeRef<'_, scraper::Node>) {
        match node.value() {
            scraper::Node::Text(t) => self.text(t),
            scraper::Node::Document | scraper::Node::Fragment => self.children(node),
            scraper::Node::Element(tag) => {
                let name = tag.name().to_ascii_lowercase();
                let name = name.as_str();
                if SKIP.contains(&name) {
                    // Still move the search cursor past their text.
                    for d in node.descendants() {
                        if let scraper::Node::Text(t) = d.value() {
                            self.locate(t);
                        }
                    }
                    return;
                }
                match name {
                    "table" if self.depth == 0 && !self.in_cell() => {
                        self.flush(false);
                        self.depth = 1;
                        self.pending.clear();
                        self.row_index = 0;
                        self.children(node);
                        self.depth = 0;
                        self.table += 1;
                    }
                    "tr" if self.depth == 1 && !self.in_cell() => {
                        self.row = Some(Vec::new());
                        self.children(node);
                        let mut cells = self.row.take().unwrap_or_default();
                        // Columns covered from rows above after the last cell of this row.
                        if let Some(last) = self.pending.iter().rposition(|&n| n > 0) {
                            while cells.len() <= last {
                                let col = cells.len();
                                self.pending[col] = self.pending[col].saturating_sub(1);
                                cells.push(Segs::default());
                            }
                        }
                        self.out.row(&cells);
                        self.row_index += 1;
                    }
                    "td" | "th" if self.row.is_some() && !self.in_cell() => {
                        let mut col = self.row.as_ref().map_or(0, Vec::len);
                        while self.pending.get(col).is_some_and(|&n| n > 0) {
                            self.pending[col] -= 1;
                            self.row.as_mut().expect("in a row").push(Segs::default());
                            col += 1;
                        }
                        let pos = CellPos { table: self.table, row: self.row_index, column: col };
                        self.cell = Some((Segs::default(), pos));
                        self.children(node);
                        let (mut segs, _) = self.cell.take().expect("in a cell");
                        segs.trim_end();
                        let (colspan, rowspan) = (span_attr(tag, "colspan"), span_attr(tag, "rowspan"));
                        let row = self.row.as_mut().expect("in a row");
                        row.push(segs);
                        row.extend((1..colspan).map(|_| Segs::default()));
                        if rowspan > 1 {
                            if self.pending.len() < col + colspan {
                                self.pending.resize(col + colspan, 0);
                            }
                            for p in &mut self.pending[col..col + colspan] {
                                *p = rowspan - 1;
                            }
                        }
                    }
                    "br" => {
                        if self.in_cell() || self.row.is_some() {
                            self.target().space();
                        } else {
                            self.flush(true);
                        }
                    }
                    _ if self.in_cell() || self.row.is_some() => {
                        let block = BLOCK.contains(&name) || PARA.contains(&name) || name == "table" || name == "tr";
                        if block && self.in_cell() && !self.target().is_empty() {
                            self.target().space();
                        }
                        self.children(node);
                        if block && self.in_cell() && !self.target().is_empty() {
                            self.target().space();
                        }
                    }
                    _ if PARA.contains(&name) => {
                        self.flush(false);
                        self.children(node);
                        self.flush(true);
                    }
                    _ if BLOCK.contains(&name) => {
                        self.flush(false);
                        self.children(node);
                        self.flush(false);
                    }
                    _ => self.children(node),
                }
            }
            _ => {}
        }
    }

    fn children(&mut self, node: ego_tree::NodeRef<'_, scraper::Node>) {
        for child in node.children() {
            self.walk(child);
        }
    }
}

pub(crate) fn extract(bytes: &[u8]) -> Extracted {
    let (input, offset) = decode(bytes);
    let dom = scraper::Html::parse_document(&input);
    let mut w = Walker {
        input: &input,
        offset,
        cursor: 0,
        out: Builder::default(),
        line: Segs::default(),
        pending: Vec::new(),
        depth: 0,
        table: 0,
        row_index: 0,
        row: None,
        cell: None,
    };
    w.walk(dom.tree.root());
    w.flush(false);
    w.out.finish()
}
