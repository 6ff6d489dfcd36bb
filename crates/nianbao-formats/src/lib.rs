//! nianbao-formats: reads .docx, .html and .pdf reports into the plain text that
//! `nianbao-core` parses (paragraphs as lines, table rows as tab-separated cells), with a map
//! from every run of extracted text back to where it came from, and writes edits of that text
//! back into a .docx.
//!
//! Data flow: bytes ─[`extract`]→ [`Extracted`] { text, map } ─(engine)→ edits on the text
//! ─[`apply_docx_edits`]→ .docx bytes with only the affected `<w:t>` texts rewritten.

mod builder;
mod docx;
mod html;
mod pdf;

use std::fmt;
use std::ops::Range;
use std::path::Path;

pub use docx::apply_docx_edits;

/// A document format this crate reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    Docx,
    Html,
    Pdf,
}

impl Kind {
    /// Whether the extracted text writes every cell of a table row, empty ones included, each
    /// after one tab (so an empty cell stands at its column): .docx and .html (merged cells are
    /// written as empty cells too, so the columns line up). Not .pdf, whose rows are rebuilt from
    /// the page layout, where an empty cell leaves nothing.
    pub fn cell_per_tab(self) -> bool {
        matches!(self, Kind::Docx | Kind::Html)
    }
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
    /// An edit does not fall inside one piece of .docx text (its range in the extracted text).
    EditOutsidePiece(Range<usize>),
    /// Two edits overlap (their ranges in the extracted text).
    OverlappingEdits(Range<usize>, Range<usize>),
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingTool(tool, install) => {
                write!(f, "`{tool}` is needed to read this file but was not found on PATH; install it: {install}")
            }
            Error::Tool(tool, msg) => write!(f, "`{tool}` failed: {msg}"),
            Error::Zip(msg) => write!(f, "not a readable .docx (zip): {msg}"),
            Error::Xml(msg) => write!(f, "malformed XML in .docx: {msg}"),
            Error::NotDocx => f.write_str("not a .docx: the zip has no word/document.xml"),
            Error::EditOutsidePiece(r) => write!(
                f,
                "edit at {}..{} does not fall inside the text of one Word text run; refusing to rewrite the .docx",
                r.start, r.end
            ),
            Error::OverlappingEdits(a, b) => {
                write!(f, "edits {}..{} and {}..{} overlap", a.start, a.end, b.start, b.end)
            }
            Error::Io(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// Reads a document of the given kind. For [`Kind::Pdf`] this runs `pdftotext -layout`.
pub fn extract(kind: Kind, bytes: &[u8]) -> Result<Extracted, Error> {
    match kind {
        Kind::Docx => docx::extract(bytes),
        Kind::Html => Ok(html::extract(bytes)),
        Kind::Pdf => pdf::extract(bytes),
    }
}
