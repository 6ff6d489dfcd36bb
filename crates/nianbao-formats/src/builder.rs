//! Assembles extracted text line by line: segments with an optional origin, table rows as
//! cells joined by tabs.

use crate::{Extracted, Piece, Source};

/// A run of text and where it came from (`None` for separators the reader adds).
#[derive(Clone, Debug)]
pub(crate) struct Seg {
    pub text: String,
    pub source: Option<Source>,
}

/// Segments making up one line or one cell.
#[derive(Clone, Debug, Default)]
pub(crate) struct Segs(pub Vec<Seg>);

impl Segs {
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|s| s.text.is_empty())
    }

    pub fn ends_with_space(&self) -> bool {
        self.0.iter().rev().find(|s| !s.text.is_empty()).is_none_or(|s| s.text.ends_with(char::is_whitespace))
    }

    pub fn push(&mut self, text: impl Into<String>, source: Option<Source>) {
        let text = text.into();
        if !text.is_empty() {
            self.0.push(Seg { text, source });
        }
    }

    /// Adds a separating space unless the buffer is empty or already ends in whitespace.
    pub fn space(&mut self) {
        if !self.ends_with_space() {
            self.push(" ", None);
        }
    }
}

#[derive(Default)]
pub(crate) struct Builder {
    out: Extracted,
}

impl Builder {
    fn append(&mut self, segs: &Segs) {
        for seg in &segs.0 {
            let start = self.out.text.len();
            self.out.text.push_str(&seg.text);
            if let Some(source) = &seg.source {
                self.out.map.push(Piece { text: start..self.out.text.len(), source: source.clone() });
            }
        }
    }

    /// One line of text.
    pub fn line(&mut self, segs: &Segs) {
        self.append(segs);
        self.out.text.push('\n');
    }

    /// One table row: cells joined by tabs.
    pub fn row(&mut self, cells: &[Segs]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.text.push('\t');
            }
            self.append(cell);
        }
        self.out.text.push('\n');
    }

    pub fn finish(self) -> Extracted {
        self.out
    }
}

impl Segs {
    /// Drops trailing whitespace (shrinking the last segments).
    pub fn trim_end(&mut self) {
        while let Some(last) = self.0.last_mut() {
            let kept = last.text.trim_end().len();
            last.text.truncate(kept);
            if kept > 0 {
                break;
            }
            self.0.pop();
        }
    }
}
