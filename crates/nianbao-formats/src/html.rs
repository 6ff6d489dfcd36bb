//! .html: text and `<table>`s of a web page (parsed with `scraper`, i.e. html5ever's HTML5
//! tree builder, so unclosed `<p>`/`<td>` are implied as a browser would), rowspan/colspan
//! expanded into empty cells so the columns line up.
//!
//! The page's encoding: a byte order mark (UTF-8, UTF-16LE/BE), else UTF-8 when the bytes are
//! valid UTF-8, else the `<meta charset>` it declares, else chardetng's guess (Firefox's
//! detector: GBK/GB18030, Big5, …), decoded by encoding_rs.
//!
//! html5ever keeps no source positions. The source's text (what lies between tags, character
//! references decoded and line ends normalised as the tokenizer does) is mapped to source
//! offsets once ([`SourceText`]); each text node is then found in it from where the previous
//! one ended, within a bounded window (and, while a budget of the document's size lasts, further
//! on), so locating is linear in the document. The tree is walked with an explicit stack: no
//! recursion on the document's depth.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use ego_tree::NodeId;
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};

use crate::builder::{Builder, Segs};
use crate::{CellPos, Error, Extracted, Limit, Limits, Source};

/// The page as UTF-8, and the offset of that text in the input (3 after a UTF-8 BOM, whose
/// bytes are then kept out of the text; 0 otherwise).
fn decode(bytes: &[u8]) -> (Cow<'_, str>, usize) {
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = &bytes[bom..];
        if encoding == encoding_rs::UTF_8 {
            if let Ok(s) = std::str::from_utf8(rest) {
                return (Cow::Borrowed(s), bom);
            }
        }
        return (encoding.decode_without_bom_handling(rest).0, 0);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return (Cow::Borrowed(s), 0);
    }
    let encoding = declared(bytes).unwrap_or_else(|| {
        let mut detector = chardetng::EncodingDetector::new();
        detector.feed(bytes, true);
        detector.guess(None, true)
    });
    (encoding.decode_without_bom_handling(bytes).0, 0)
}

/// How far into the page a `<meta charset>` is looked for.
const PRESCAN: usize = 4096;

/// The encoding a `<meta charset=…>` or `<meta http-equiv="Content-Type" content="…;
/// charset=…">` in the first bytes of the page declares, if encoding_rs knows its label. As
/// in browsers, a UTF-16 label there means UTF-8 (bytes read as ASCII cannot be UTF-16).
fn declared(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes[..bytes.len().min(PRESCAN)].to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = find(&head[at..], b"<meta") {
        let tag_start = at + i + 5;
        let tag_end = head[tag_start..].iter().position(|&b| b == b'>').map_or(head.len(), |e| tag_start + e);
        let tag = &head[tag_start..tag_end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.trim_ascii_start();
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = rest.trim_ascii_start();
                let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
                let end = rest
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\'' | b';' | b'/') || b.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                if let Some(encoding) = encoding_rs::Encoding::for_label(&rest[..end]) {
                    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
                        return Some(encoding_rs::UTF_8);
                    }
                    return Some(encoding);
                }
            }
        }
        at = tag_end;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Elements whose content is not markup (the tokenizer reads it as raw text up to the end
/// tag): their text is left out of [`SourceText`].
const RAW_TEXT: &[&str] = &["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea"];

/// The text of the source outside markup, as html5ever's text nodes hold it (character
/// references decoded, CR LF and CR read as LF), with a map back to source offsets.
struct SourceText {
    text: String,
    /// Runs of `text` and where they are in the source, in order: `(text start, source start,
    /// source end)`; a run whose text and source lengths are equal maps byte for byte, any
    /// other (a character reference, a CR LF) maps as a whole.
    runs: Vec<(usize, usize, usize)>,
}

impl SourceText {
    fn new(input: &str) -> SourceText {
        let b = input.as_bytes();
        let mut st = SourceText { text: String::with_capacity(input.len()), runs: Vec::new() };
        // Start of the literal run being copied (text start, source start).
        let mut i = 0;
        let mut lit = 0;
        while i < b.len() {
            let next = memchr::memchr3(b'<', b'&', b'\r', &b[i..]).map_or(b.len(), |k| i + k);
            i = next;
            if i >= b.len() {
                break;
            }
            match b[i] {
                b'<' => {
                    let Some(end) = markup_end(input, i) else {
                        i += 1;
                        continue;
                    };
                    st.literal(input, lit, i);
                    i = end;
                    lit = i;
                }
                b'&' => {
                    let Some((decoded, end)) = char_ref(input, i) else {
                        i += 1;
                        continue;
                    };
                    st.literal(input, lit, i);
                    st.mapped(&decoded, i, end);
                    i = end;
                    lit = i;
                }
                _ => {
                    // CR LF or a lone CR: one LF.
                    st.literal(input, lit, i);
                    let end = if b.get(i + 1) == Some(&b'\n') { i + 2 } else { i + 1 };
                    st.mapped("\n", i, end);
                    i = end;
                    lit = i;
                }
            }
        }
        st.literal(input, lit, b.len());
        st
    }

    fn literal(&mut self, input: &str, from: usize, to: usize) {
        if from < to {
            self.runs.push((self.text.len(), from, to));
            self.text.push_str(&input[from..to]);
        }
    }

    fn mapped(&mut self, text: &str, from: usize, to: usize) {
        self.runs.push((self.text.len(), from, to));
        self.text.push_str(text);
    }

    /// The source range of `text[range]`.
    fn source(&self, range: Range<usize>) -> Range<usize> {
        let run = |at: usize| self.runs.partition_point(|r| r.0 <= at).saturating_sub(1);
        let run_len = |k: usize| self.runs.get(k + 1).map_or(self.text.len(), |r| r.0) - self.runs[k].0;
        let (k, l) = (run(range.start), run(range.end.saturating_sub(1).max(range.start)));
        let (ts, ss, se) = self.runs[k];
        let start = if se - ss == run_len(k) { ss + (range.start - ts) } else { ss };
        let (ts, ss, se) = self.runs[l];
        let end = if se - ss == run_len(l) { ss + (range.end - ts) } else { se };
        start..end.max(start)
    }
}

/// Where the markup starting with the `<` at `at` ends (a tag, comment, doctype or processing
/// instruction; the content of a raw-text element with it), or `None` when that `<` is text.
fn markup_end(input: &str, at: usize) -> Option<usize> {
    let b = input.as_bytes();
    let rest = &b[at + 1..];
    let first = *rest.first()?;
    if rest.starts_with(b"!--") {
        return Some(find_from(b, at + 4, b"-->").map_or(b.len(), |e| e + 3));
    }
    if first == b'!' || first == b'?' {
        return Some(find_from(b, at, b">").map_or(b.len(), |e| e + 1));
    }
    let closing = first == b'/';
    let name_start = at + 1 + usize::from(closing);
    if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    let name_end = b[name_start..]
        .iter()
        .position(|c| c.is_ascii_whitespace() || matches!(c, b'/' | b'>'))
        .map_or(b.len(), |e| name_start + e);
    // The tag ends at the first `>` outside a quoted attribute value.
    let mut i = name_end;
    let mut quote = None;
    let mut after_equals = false;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'>' => break,
            None if (c == b'"' || c == b'\'') && after_equals => quote = Some(c),
            None => {}
        }
        if quote.is_none() && !c.is_ascii_whitespace() {
            after_equals = c == b'=';
        }
        i += 1;
    }
    let end = (i + 1).min(b.len());
    let name = input[name_start..name_end].to_ascii_lowercase();
    if !closing && RAW_TEXT.contains(&name.as_str()) && !b[..end].ends_with(b"/>") {
        // Up to the end tag; the end tag itself is markup.
        let close = format!("</{name}");
        let mut k = end;
        loop {
            let Some(e) = find_from(b, k, b"</") else { return Some(b.len()) };
            if b[e..].len() >= close.len() && b[e..e + close.len()].eq_ignore_ascii_case(close.as_bytes()) {
                return Some(e);
            }
            k = e + 2;
        }
    }
    Some(end)
}

fn find_from(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|e| from + e)
}

/// The longest name of a named character reference (`&CounterClockwiseContourIntegral;`).
const LONGEST_ENTITY: usize = 33;

/// The character reference starting with the `&` at `at`, decoded as html5ever decodes it in
/// text, and where it ends; `None` when that `&` is text.
fn char_ref(input: &str, at: usize) -> Option<(String, usize)> {
    let b = input.as_bytes();
    let rest = &b[at + 1..];
    if rest.first() == Some(&b'#') {
        let hex = matches!(rest.get(1), Some(b'x' | b'X'));
        let digits_start = at + 2 + usize::from(hex);
        let digits = b[digits_start..]
            .iter()
            .take_while(|c| if hex { c.is_ascii_hexdigit() } else { c.is_ascii_digit() })
            .count();
        if digits == 0 {
            return None;
        }
        let mut end = digits_start + digits;
        if b.get(end) == Some(&b';') {
            end += 1;
        }
        let text = &input[digits_start..digits_start + digits];
        let n = u32::from_str_radix(text.trim_start_matches('0'), if hex { 16 } else { 10 }).unwrap_or(u32::MAX);
        let n = if text.trim_start_matches('0').is_empty() { 0 } else { n };
        let c = match n {
            0 => '\u{FFFD}',
            0x80..=0x9F => markup5ever::data::C1_REPLACEMENTS[(n - 0x80) as usize]
                .unwrap_or_else(|| char::from_u32(n).unwrap_or('\u{FFFD}')),
            _ => char::from_u32(n).unwrap_or('\u{FFFD}'),
        };
        return Some((c.to_string(), end));
    }
    // Named: the longest name in the table (with its `;`, or a legacy one without).
    let len = rest.iter().take(LONGEST_ENTITY + 1).take_while(|c| c.is_ascii_alphanumeric()).count();
    if len == 0 {
        return None;
    }
    let with_semicolon = rest.get(len) == Some(&b';');
    let candidates = (1..=len).rev().map(|n| (n, false));
    let candidates = std::iter::once((len, with_semicolon)).filter(|c| c.1).chain(candidates);
    for (n, semicolon) in candidates {
        let key = &input[at + 1..at + 1 + n + usize::from(semicolon)];
        // The table also holds every prefix of a name, as (0, 0), for the tokenizer's sake.
        if let Some(&(c1, c2)) = markup5ever::data::NAMED_ENTITIES.get(key).filter(|v| v.0 != 0) {
            let mut s = String::new();
            s.extend(char::from_u32(c1));
            if c2 != 0 {
                s.extend(char::from_u32(c2));
            }
            return Some((s, at + 1 + key.len()));
        }
    }
    None
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

/// How far past the end of the previous text node the next one is looked for first (what lies
/// between them in [`SourceText`] is at most text html5ever dropped, such as whitespace
/// before `<body>`).
const WINDOW: usize = 256;

type Node<'a> = ego_tree::NodeRef<'a, scraper::Node>;

/// What to do when the walk leaves an element (the counterpart of what entering it did).
enum Exit<'a> {
    Table,
    Row,
    Cell(Node<'a>),
    /// An element inside a table row or cell: a space after it if it is a block.
    InRow {
        block: bool,
    },
    Para,
    Block,
}

enum Step<'a> {
    Enter(Node<'a>),
    Leave(Exit<'a>),
}

struct Walker<'a> {
    source: SourceText,
    offset: usize,
    /// Where the search for the next text node in `source.text` starts.
    cursor: usize,
    /// Bytes the searches past the window may still scan (the document's size, twice).
    budget: usize,
    limits: &'a Limits,
    /// Text taken so far.
    taken: u64,
    /// Grid cells of the tables so far.
    cells: u64,
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

/// `at` (at most the text's length) moved back to a character boundary.
fn floor_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
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

    /// Where the text node `s` sits in the source: found in [`SourceText`] from the end of the
    /// previous one. `None` when it is not there (html5ever moved or changed it).
    fn locate(&mut self, s: &str) -> Option<Range<usize>> {
        let s = s.trim();
        if s.is_empty() {
            return None;
        }
        let text = &self.source.text;
        let near_end = floor_boundary(text, self.cursor.saturating_add(s.len() + WINDOW));
        let near = text.get(self.cursor..near_end).and_then(|t| t.find(s));
        let at = match near {
            Some(i) => self.cursor + i,
            None if self.budget > 0 => {
                let far_end = floor_boundary(text, near_end.saturating_add(self.budget));
                let scanned = far_end - self.cursor;
                self.budget = self.budget.saturating_sub(scanned);
                self.cursor + text.get(self.cursor..far_end)?.find(s)?
            }
            None => return None,
        };
        self.cursor = at + s.len();
        let src = self.source.source(at..at + s.len());
        Some(self.offset + src.start..self.offset + src.end)
    }

    fn text(&mut self, decoded: &str) -> Result<(), Error> {
        let located = self.locate(decoded);
        if self.row.is_some() && self.cell.is_none() {
            return Ok(()); // whitespace between cells
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
            return Ok(());
        }
        self.taken += text.len() as u64;
        if self.taken > self.limits.text_bytes {
            return Err(Error::Limit(Limit::TextBytes, self.limits.text_bytes));
        }
        if text == " " {
            self.target().space();
            return Ok(());
        }
        let cell = self.cell.as_ref().map(|(_, p)| *p);
        let source = located.map(|bytes| Source::Html { bytes, cell });
        let text = text.to_owned();
        self.target().push(text, source);
        Ok(())
    }

    /// Walks the tree from `root` in document order, with a stack instead of recursion.
    fn walk<'n>(&mut self, root: Node<'n>) -> Result<(), Error> {
        let mut stack: Vec<Step<'n>> = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Enter(node) => {
                    let exit = self.enter(node)?;
                    let Some(exit) = exit else { continue };
                    stack.push(Step::Leave(exit));
                    let first = stack.len();
                    stack.extend(node.children().map(Step::Enter));
                    stack[first..].reverse();
                }
                Step::Leave(exit) => self.leave(exit)?,
            }
        }
        Ok(())
    }

    /// Enters `node`: what comes before its children. `None` when its children are not
    /// walked (text, skipped elements); otherwise what to do after them.
    fn enter<'n>(&mut self, node: Node<'n>) -> Result<Option<Exit<'n>>, Error> {
        let tag = match node.value() {
            scraper::Node::Text(t) => {
                self.text(t)?;
                return Ok(None);
            }
            scraper::Node::Document | scraper::Node::Fragment => return Ok(Some(Exit::InRow { block: false })),
            scraper::Node::Element(tag) => tag,
            _ => return Ok(None),
        };
        let name = tag.name().to_ascii_lowercase();
        let name = name.as_str();
        if SKIP.contains(&name) {
            // Still move the search cursor past their text.
            for d in node.descendants() {
                if let scraper::Node::Text(t) = d.value() {
                    self.locate(t);
                }
            }
            return Ok(None);
        }
        let exit = match name {
            "table" if self.depth == 0 && !self.in_cell() => {
                self.flush(false);
                self.depth = 1;
                self.pending.clear();
                self.row_index = 0;
                Exit::Table
            }
            "tr" if self.depth == 1 && !self.in_cell() => {
                self.row = Some(Vec::new());
                Exit::Row
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
                Exit::Cell(node)
            }
            "br" => {
                if self.in_cell() || self.row.is_some() {
                    self.target().space();
                } else {
                    self.flush(true);
                }
                return Ok(None);
            }
            _ if self.in_cell() || self.row.is_some() => {
                let block = BLOCK.contains(&name) || PARA.contains(&name) || name == "table" || name == "tr";
                if block && self.in_cell() && !self.target().is_empty() {
                    self.target().space();
                }
                Exit::InRow { block }
            }
            _ if PARA.contains(&name) => {
                self.flush(false);
                Exit::Para
            }
            _ if BLOCK.contains(&name) => {
                self.flush(false);
                Exit::Block
            }
            _ => Exit::InRow { block: false },
        };
        Ok(Some(exit))
    }

    fn leave(&mut self, exit: Exit<'_>) -> Result<(), Error> {
        match exit {
            Exit::Table => {
                self.depth = 0;
                self.table += 1;
            }
            Exit::Row => {
                let mut cells = self.row.take().unwrap_or_default();
                // Columns covered from rows above after the last cell of this row.
                if let Some(last) = self.pending.iter().rposition(|&n| n > 0) {
                    while cells.len() <= last {
                        let col = cells.len();
                        self.pending[col] = self.pending[col].saturating_sub(1);
                        cells.push(Segs::default());
                    }
                }
                self.cells += cells.len() as u64;
                if self.cells > self.limits.table_cells {
                    return Err(Error::Limit(Limit::TableCells, self.limits.table_cells));
                }
                self.out.row(&cells);
                self.row_index += 1;
            }
            Exit::Cell(node) => {
                let (mut segs, _) = self.cell.take().expect("in a cell");
                segs.trim_end();
                let scraper::Node::Element(tag) = node.value() else { unreachable!("a cell is an element") };
                let (colspan, rowspan) = (span_attr(tag, "colspan"), span_attr(tag, "rowspan"));
                let row = self.row.as_mut().expect("in a row");
                let col = row.len();
                if (col + colspan) as u64 > self.limits.row_cells {
                    return Err(Error::Limit(Limit::RowCells, self.limits.row_cells));
                }
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
            Exit::InRow { block } => {
                if block && self.in_cell() && !self.target().is_empty() {
                    self.target().space();
                }
            }
            Exit::Para => self.flush(true),
            Exit::Block => self.flush(false),
        }
        Ok(())
    }
}

/// scraper's tree sink, noting how deep the elements it is given are nested. html5ever scans
/// its stack of open elements for many start tags, so a page nested many thousands deep takes
/// time quadratic in its depth: [`parse`] stops at `html-depth`, as browsers cap the depth too.
struct DepthSink {
    inner: scraper::HtmlTreeSink,
    depth: RefCell<HashMap<NodeId, u64>>,
    deepest: Rc<Cell<u64>>,
}

impl DepthSink {
    fn placed(&self, node: &NodeOrText<NodeId>, depth: u64) {
        if let NodeOrText::AppendNode(id) = node {
            self.depth.borrow_mut().insert(*id, depth);
            if depth > self.deepest.get() {
                self.deepest.set(depth);
            }
        }
    }

    fn depth_of(&self, id: &NodeId) -> u64 {
        self.depth.borrow().get(id).copied().unwrap_or(0)
    }
}

impl TreeSink for DepthSink {
    type Handle = NodeId;
    type Output = scraper::Html;
    type ElemName<'a> = <scraper::HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> scraper::Html {
        self.inner.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg)
    }
    fn get_document(&self) -> NodeId {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(&child, self.depth_of(parent) + 1);
        self.inner.append(parent, child)
    }
    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        self.placed(&child, self.depth_of(element).max(self.depth_of(prev_element)) + 1);
        self.inner.append_based_on_parent_node(element, prev_element, child)
    }
    fn append_doctype_to_document(&self, name: StrTendril, public_id: StrTendril, system_id: StrTendril) {
        self.inner.append_doctype_to_document(name, public_id, system_id)
    }
    fn mark_script_already_started(&self, node: &NodeId) {
        self.inner.mark_script_already_started(node)
    }
    fn pop(&self, node: &NodeId) {
        self.inner.pop(node)
    }
    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode)
    }
    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.placed(&new_node, self.depth_of(sibling));
        self.inner.append_before_sibling(sibling, new_node)
    }
    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs)
    }
    fn associate_with_form(&self, target: &NodeId, form: &NodeId, nodes: (&NodeId, Option<&NodeId>)) {
        self.inner.associate_with_form(target, form, nodes)
    }
    fn remove_from_parent(&self, target: &NodeId) {
        self.inner.remove_from_parent(target)
    }
    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.inner.reparent_children(node, new_parent)
    }
    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.inner.is_mathml_annotation_xml_integration_point(handle)
    }
    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number)
    }
    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }
    fn attach_declarative_shadow(&self, location: &NodeId, template: &NodeId, attrs: &[Attribute]) -> bool {
        self.inner.attach_declarative_shadow(location, template, attrs)
    }
    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.inner.maybe_clone_an_option_into_selectedcontent(option)
    }
}

/// How much of the page html5ever is given at a time (the depth is checked in between).
const CHUNK: usize = 4 * 1024;

/// Parses the page as `scraper::Html::parse_document` does, a piece at a time, stopping with
/// the `html-depth` limit when elements nest deeper than it.
fn parse(input: &str, limits: &Limits) -> Result<scraper::Html, Error> {
    let deepest = Rc::new(Cell::new(0));
    let sink = DepthSink {
        inner: scraper::HtmlTreeSink::new(scraper::Html::new_document()),
        depth: RefCell::new(HashMap::new()),
        deepest: Rc::clone(&deepest),
    };
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut at = 0;
    while at < input.len() {
        let end = floor_boundary(input, at + CHUNK).max(ceil_boundary(input, at + 1));
        parser.process(StrTendril::from_slice(&input[at..end]));
        if deepest.get() > limits.html_depth {
            return Err(Error::Limit(Limit::HtmlDepth, limits.html_depth));
        }
        at = end;
    }
    Ok(parser.finish())
}

/// `at` moved forward to a character boundary (at most the text's length).
fn ceil_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

pub(crate) fn extract(bytes: &[u8], limits: &Limits) -> Result<Extracted, Error> {
    let (input, offset) = decode(bytes);
    let dom = parse(&input, limits)?;
    let source = SourceText::new(&input);
    let mut w = Walker {
        budget: source.text.len().saturating_mul(2),
        source,
        offset,
        cursor: 0,
        limits,
        taken: 0,
        cells: 0,
        out: Builder::default(),
        line: Segs::default(),
        pending: Vec::new(),
        depth: 0,
        table: 0,
        row_index: 0,
        row: None,
        cell: None,
    };
    w.walk(dom.tree.root())?;
    w.flush(false);
    Ok(w.out.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_text_maps_references_and_line_ends_back() {
        let html = "<p class=\"a>b\">x &amp; y\r\nz&#x4E00;</p><!-- <p>no</p> --><script>if (a<b) {}</script>&nbsp";
        let st = SourceText::new(html);
        assert_eq!(st.text, "x & y\nz一\u{a0}");
        let at = |s: &str| {
            let i = st.text.find(s).unwrap();
            let r = st.source(i..i + s.len());
            &html[r]
        };
        assert_eq!(at("x & y"), "x &amp; y");
        assert_eq!(at("y\nz一"), "y\r\nz&#x4E00;");
        assert_eq!(at("\u{a0}"), "&nbsp");
    }

    #[test]
    fn character_references_as_html5ever_reads_them() {
        for (source, text) in [
            ("&amp;", "&"),
            ("&ampx", "&x"),
            ("&notit;", "¬it;"),
            ("&#38;", "&"),
            ("&#x80;", "€"),
            ("&#0;", "\u{FFFD}"),
            ("&#xD800;", "\u{FFFD}"),
            ("&#99999999999;", "\u{FFFD}"),
            ("&nosuch;", "&nosuch;"),
            ("a & b", "a & b"),
        ] {
            assert_eq!(SourceText::new(source).text, text, "{source}");
            let x = extract(format!("<p>{source}</p>").as_bytes(), &Limits::default()).unwrap();
            assert_eq!(x.text.trim_end(), text.replace('\u{a0}', " "), "{source} as html5ever reads it");
        }
    }

    #[test]
    fn encodings() {
        let page = "<html><body><p>一、总体情况</p></body></html>";
        let read = |bytes: &[u8]| extract(bytes, &Limits::default()).unwrap().text;
        let utf16le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(page.encode_utf16().flat_map(u16::to_le_bytes)).collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(page.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        assert_eq!(read(&utf16le), "一、总体情况\n");
        assert_eq!(read(&utf16be), "一、总体情况\n");
        let long = "本机关依法公开政府信息，按时答复申请人，办理结果如下。".repeat(20);
        let big5_page = format!("<p>{long}</p>");
        let (big5, _, _) = encoding_rs::BIG5.encode(&big5_page);
        assert_eq!(read(&big5).trim_end(), long, "Big5 without a declaration is detected");
        let (gbk, _, _) = encoding_rs::GBK.encode(&big5_page);
        assert_eq!(read(&gbk).trim_end(), long, "GBK without a declaration is detected");
        let declared_page = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=big5\"><p>年度報告</p>";
        let (declared_big5, _, _) = encoding_rs::BIG5.encode(declared_page);
        assert_eq!(read(&declared_big5), "年度報告\n", "a short page read by its <meta>");
        assert_eq!(declared(b"<META CHARSET='gb2312'>"), Some(encoding_rs::GBK));
        assert_eq!(declared(b"<meta charset=utf-16>"), Some(encoding_rs::UTF_8));
        assert_eq!(declared(b"<p>charset=big5</p>"), None);
    }
}
