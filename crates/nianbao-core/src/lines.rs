//! Line index over a text: byte offset ↔ (line, column in Unicode characters), for human and
//! machine output. LSP position encodings are not here: they belong to the server.

/// Start offsets of every line. Lines end at `\n`, `\r\n` or a lone `\r`.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        let b = text.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match b[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if b.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts, len: text.len() }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 0-based line containing `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset where 0-based `line` starts (the text's length past the end).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The byte range of 0-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1).min(self.len);
        let b = text.as_bytes();
        if end > start && b[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && b[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// 0-based (line, column in chars) of `offset`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_start(line);
        (line, text[start..offset].chars().count())
    }

    /// Byte offset of 0-based (line, column in chars); clamped to the line's end.
    pub fn offset(&self, text: &str, line: usize, col: usize) -> usize {
        let range = self.line_range(text, line);
        text[range.clone()].char_indices().nth(col).map(|(i, _)| range.start + i).unwrap_or(range.end)
    }
}

/// Byte offset where the line containing `at` starts.
pub fn line_start_at(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// Byte offset where the line containing `at` ends (before its line ending).
pub fn line_end_at(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// Start of the line after the line ending at `end` (`\n`, `\r\n` or `\r`), if there is one.
pub fn next_line_start(text: &str, end: usize) -> Option<usize> {
    let rest = &text[end..];
    let n = if rest.starts_with("\r\n") {
        2
    } else if rest.starts_with(['\n', '\r']) {
        1
    } else {
        return None;
    };
    Some(end + n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_chars_and_all_line_endings() {
        let text = "ab\r\n总计\r3\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, text.find('计').unwrap()), (1, 1));
        assert_eq!(idx.line_col(text, text.find('3').unwrap()), (2, 0));
        assert_eq!(idx.offset(text, 1, 1), text.find('计').unwrap());
        assert_eq!(idx.line_range(text, 0), 0..2);
    }
}
