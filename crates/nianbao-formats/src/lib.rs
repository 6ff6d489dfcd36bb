//! nianbao-formats: reads .docx, .html and .pdf reports into the plain text that
//! `nianbao-core` parses (paragraphs as lines, table rows as tab-separated cells), with a map
//! from every run of extracted text back to where it came from, and writes edits of that text
//! back into a .docx.
//!
//! Data flow: bytes ─[`extract`]→ [`Extracted`] { text, map } ─(engine)→ edits on the text
//! ─[`apply_docx_edits`]→ .docx bytes with only the affected `<w:t>` texts rewritten.
//!
//! Every read is bounded by [`Limits`] (from nianbao-core: bytes of a .docx part unpacked and
//! its compression ratio, zip entries, text extracted, HTML table cells, PDF pages and
//! `pdftotext`'s time and output); going past one is [`Error::Limit`] naming it, never a
//! partial reading. Nothing recurses on the document's nesting, and every pass is linear in
//! its size.

mod builder;
mod docx;
mod html;
mod pdf;

use std::fmt;
use std::ops::Range;
use std::path::Path;

pub use docx::{apply_docx_edits, apply_docx_edits_with};
pub use nianbao_core::limits::{Limit, Limits};
use nianbao_core::Lang;

/// A document format this crate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Docx,
    Html,
    Pdf,
}

/// The format of `path` from its extension (case-insensitive): `.docx`, `.html`/`.htm`/`.shtml`,
/// `.pdf`. Anything else (`.txt`, `.doc`, …) is `None`.
pub fn kind_of(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "docx" => Some(Kind::Docx),
        "html" | "htm" | "shtml" | "xhtml" => Some(Kind::Html),
        "pdf" => Some(Kind::Pdf),
        _ => None,
    }
}

/// The text of a document as the engine reads it, and where each run of it came from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Paragraphs as lines; each table row one line with its cells joined by `\t`.
    pub text: String,
    /// Runs of `text` with a known origin, in text order, not overlapping. Separators the
    /// reader adds (`\t`, `\n`, the empty cells standing for merged ones) are in no piece.
    pub map: Vec<Piece>,
}

impl Extracted {
    /// The piece whose text range contains `at` (a byte offset into [`Extracted::text`]).
    pub fn piece_at(&self, at: usize) -> Option<&Piece> {
        let i = self.map.partition_point(|p| p.text.end <= at);
        self.map.get(i).filter(|p| p.text.start <= at && at < p.text.end)
    }

    /// The pieces overlapping `range` (for a finding's span: which paragraph or cell it is in).
    pub fn pieces_in(&self, range: Range<usize>) -> impl Iterator<Item = &Piece> {
        let i = self.map.partition_point(|p| p.text.end <= range.start);
        self.map[i..].iter().take_while(move |p| p.text.start < range.end.max(range.start + 1))
    }
}

/// One run of extracted text and its origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// Byte range in [`Extracted::text`].
    pub text: Range<usize>,
    pub source: Source,
}

/// Where a [`Piece`] came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// The text of one `<w:t>` element.
    Docx {
        /// Zip entry name, e.g. `word/document.xml`.
        part: String,
        /// Byte range of the element's (XML-escaped) content inside that part.
        bytes: Range<usize>,
        /// Index of the `<w:p>` paragraph in the part, counting every paragraph (also those
        /// in table cells) in document order from 0.
        paragraph: usize,
        /// The table cell it is in, if any.
        cell: Option<CellPos>,
    },
    /// One text node of an HTML document. Text nodes written with entities (`&amp;`,
    /// `&nbsp;`) cannot be found in the source as such and get no piece.
    Html {
        /// Byte range of the node's text (trimmed) in the HTML after decoding it to UTF-8: the
        /// input bytes themselves when they are UTF-8 (a BOM counts as 3 bytes).
        bytes: Range<usize>,
        /// The table cell it is in, if any.
        cell: Option<CellPos>,
    },
    /// Text of one PDF page as laid out by `pdftotext -layout`: a whole line, or (when a
    /// wrapped row label was joined back to its row) one cell of a line.
    Pdf {
        /// 1-based page number.
        page: usize,
        /// 1-based line on that page in `pdftotext -layout` output (blank lines count).
        line: usize,
        /// 0-based character column in that line where the piece's text starts.
        column: usize,
    },
}

/// A table cell: 0-based table (in document order, outermost tables only), row in the table,
/// and column in the row's grid (merged cells count as the columns they cover).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CellPos {
    pub table: usize,
    pub row: usize,
    pub column: usize,
}

/// Why a document could not be read or written.
#[derive(Debug)]
pub enum Error {
    /// An external program is needed: its name and how to install it.
    MissingTool(&'static str, &'static str),
    /// An external program failed: its name and its message.
    Tool(&'static str, String),
    /// The .docx zip could not be read or written.
    Zip(String),
    /// A part of the .docx is not well-formed XML.
    Xml(String),
    /// The .docx has no `word/document.xml`.
    NotDocx,
    /// The .docx (zip) has two entries of this name: which one Word reads is not certain, so
    /// neither is read (nor written).
    DuplicatePart(String),
    /// The document went past a limit (the limit and its value): nothing of it is read.
    Limit(Limit, u64),
    /// The document holds no text at all (a scan, an empty page).
    NoText,
    /// An edit does not fall inside one piece of .docx text (its range in the extracted text).
    EditOutsidePiece(Range<usize>),
    /// The rewritten .docx would not read back as the edited text (so it is not given out).
    Unverified,
    /// Two edits overlap (their ranges in the extracted text).
    OverlappingEdits(Range<usize>, Range<usize>),
    Io(std::io::Error),
}

impl Error {
    /// The message for the user, all in `lang` (Chinese or English).
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Error::MissingTool(tool, install), Lang::Zh) => {
                format!("读取此文件需要 `{tool}`，但在 PATH 中找不到；请安装：{install}")
            }
            (Error::MissingTool(tool, install), Lang::En) => {
                format!("`{tool}` is needed to read this file but was not found on PATH; install it: {install}")
            }
            (Error::Tool(tool, msg), Lang::Zh) => format!("`{tool}` 出错：{msg}"),
            (Error::Tool(tool, msg), Lang::En) => format!("`{tool}` failed: {msg}"),
            (Error::Zip(msg), Lang::Zh) => format!("不是可读的 .docx（zip）：{msg}"),
            (Error::Zip(msg), Lang::En) => format!("not a readable .docx (zip): {msg}"),
            (Error::Xml(msg), Lang::Zh) => format!(".docx 中的 XML 格式错误：{msg}"),
            (Error::Xml(msg), Lang::En) => format!("malformed XML in .docx: {msg}"),
            (Error::NotDocx, Lang::Zh) => "不是 .docx：zip 中没有 word/document.xml".to_string(),
            (Error::NotDocx, Lang::En) => "not a .docx: the zip has no word/document.xml".to_string(),
            (Error::DuplicatePart(name), Lang::Zh) => {
                format!(".docx 中有两个同名部件 {name}：无法确定 Word 读取哪一个，不予读取")
            }
            (Error::DuplicatePart(name), Lang::En) => {
                format!("the .docx has two parts named {name}: which one Word reads is uncertain, so neither is read")
            }
            (Error::Limit(limit, value), lang) => nianbao_core::limits::exceeded(*limit, *value, lang),
            (Error::NoText, Lang::Zh) => "文档中提取不到任何文字（可能是扫描件或空文档）".to_string(),
            (Error::NoText, Lang::En) => "no text could be extracted from the document (a scan, or empty)".to_string(),
            (Error::EditOutsidePiece(r), Lang::Zh) => {
                format!("位置 {}..{} 的修改不在同一段 Word 文字内，不改写此 .docx", r.start, r.end)
            }
            (Error::EditOutsidePiece(r), Lang::En) => format!(
                "edit at {}..{} does not fall inside the text of one Word text run; refusing to rewrite the .docx",
                r.start, r.end
            ),
            (Error::Unverified, Lang::Zh) => {
                "改写后的 .docx 读回的内容与修改不符（原文件结构异常），不改写".to_string()
            }
            (Error::Unverified, Lang::En) => {
                "the rewritten .docx would not read back as the fixed text (the file is malformed); not rewriting it"
                    .to_string()
            }
            (Error::OverlappingEdits(a, b), Lang::Zh) => {
                format!("修改 {}..{} 与 {}..{} 重叠", a.start, a.end, b.start, b.end)
            }
            (Error::OverlappingEdits(a, b), Lang::En) => {
                format!("edits {}..{} and {}..{} overlap", a.start, a.end, b.start, b.end)
            }
            (Error::Io(e), Lang::Zh) => format!("读写出错（{e}）"),
            (Error::Io(e), Lang::En) => format!("{e}"),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// Reads a document of the given kind within the default [`Limits`]. For [`Kind::Pdf`] this
/// runs `pdftotext -layout`.
pub fn extract(kind: Kind, bytes: &[u8]) -> Result<Extracted, Error> {
    extract_with(kind, bytes, &Limits::default())
}

/// Reads a document of the given kind within `limits` (the input's own size is the caller's
/// to bound: see [`read_bounded`]). A document that goes past a limit is [`Error::Limit`]; one
/// with no text at all is [`Error::NoText`]. Safe to call from several threads at once.
pub fn extract_with(kind: Kind, bytes: &[u8], limits: &Limits) -> Result<Extracted, Error> {
    let x = match kind {
        Kind::Docx => docx::extract(bytes, limits)?,
        Kind::Html => html::extract(bytes, limits)?,
        Kind::Pdf => pdf::extract(bytes, limits)?,
    };
    if x.text.len() as u64 > limits.text_bytes {
        return Err(Error::Limit(Limit::TextBytes, limits.text_bytes));
    }
    if x.text.trim().is_empty() {
        return Err(Error::NoText);
    }
    Ok(x)
}

/// Reads the text `pdftotext -layout` printed (pages ended by form feeds) as [`extract`] reads
/// a PDF, without running it: for text already at hand (and the `pdf_layout` fuzz target).
pub fn from_pdftotext_layout(text: &str) -> Extracted {
    pdf::from_layout(text)
}

/// Reads at most `limit` bytes from `reader` (a file, standard input, an upload): one byte
/// more is [`Error::Limit`] with [`Limit::InputBytes`], and nothing past that byte is read.
pub fn read_bounded(reader: impl std::io::Read, limit: u64) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    reader.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(Error::Limit(Limit::InputBytes, limit));
    }
    Ok(bytes)
}
