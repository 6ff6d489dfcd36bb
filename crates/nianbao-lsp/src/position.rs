//! Byte offset ↔ LSP position conversion over a ropey buffer, in the negotiated encoding.
//!
//! This is the only place where engine byte offsets meet LSP positions. Lines end at `\n`,
//! `\r\n` or a lone `\r` (ropey built with `cr_lines` and without `unicode_lines`).
//! Conversions never panic: positions past the end of a line clamp to the line's end (before
//! its line break), lines past the end of the file clamp to the end of the file, and a column
//! inside a UTF-16 surrogate pair or inside a UTF-8 sequence rounds down to the character's start.
//!
//! [`positions`] converts many offsets into one text at once (a publish converts every finding's
//! span and related spans): one sorted sweep over the text instead of a rope query per offset.

use ropey::Rope;
use std::ops::Range;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range as LspRange};

/// The position encoding agreed with the client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// Columns count bytes (LSP `utf-8`).
    Utf8,
    /// Columns count UTF-16 code units (LSP `utf-16`, the default).
    #[default]
    Utf16,
}

impl Encoding {
    /// Picks utf-8 when the client offers it, else utf-16 (which every client must support).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Byte offset where `line`'s content ends (before its line break).
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let start = rope.line_to_byte(line);
    let mut end = rope.line_to_byte(line + 1);
    if end > start && rope.byte(end - 1) == b'\n' {
        end -= 1;
    }
    if end > start && rope.byte(end - 1) == b'\r' {
        end -= 1;
    }
    end
}

/// The LSP position of byte `offset` (clamped to the text; rounded down to a char boundary).
pub fn position(rope: &Rope, enc: Encoding, offset: usize) -> Position {
    let offset = offset.min(rope.len_bytes());
    let ch = rope.byte_to_char(offset);
    let line = rope.char_to_line(ch);
    let col = match enc {
        Encoding::Utf8 => rope.char_to_byte(ch) - rope.line_to_byte(line),
        Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(rope.line_to_char(line)),
    };
    Position::new(to_u32(line), to_u32(col))
}

/// The byte offset of an LSP position, clamped as described in the module docs.
pub fn offset(rope: &Rope, enc: Encoding, pos: Position) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let end = line_content_end(rope, line);
    let col = pos.character as usize;
    match enc {
        Encoding::Utf8 => {
            let b = rope.line_to_byte(line).saturating_add(col).min(end);
            rope.char_to_byte(rope.byte_to_char(b))
        }
        Encoding::Utf16 => {
            let start_cu = rope.char_to_utf16_cu(rope.line_to_char(line));
            let end_cu = rope.char_to_utf16_cu(rope.byte_to_char(end));
            let cu = start_cu.saturating_add(col).min(end_cu);
            rope.char_to_byte(rope.utf16_cu_to_char(cu))
        }
    }
}

/// The LSP positions of many byte offsets into `text`, in the order given; the same as
/// [`position`] over a rope of `text` for each offset (clamped to the text, rounded down to a char
/// boundary), but one sweep over the text in offset order: line breaks are found with memchr
/// between consecutive offsets, and a column is counted from the previous offset when it is on
/// the same line, else from its line's start. Each byte is looked at at most twice, however
/// many offsets share a long line.
pub fn positions(text: &str, enc: Encoding, offsets: &[usize]) -> Vec<Position> {
    let bytes = text.as_bytes();
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![Position::default(); offsets.len()];
    // The sweep: `at` is a char boundary on line `line` (0-based), `col` its column.
    let (mut line, mut at, mut col) = (0usize, 0usize, 0usize);
    for i in order {
        let mut o = offsets[i].min(bytes.len());
        while !text.is_char_boundary(o) {
            o -= 1;
        }
        let mut line_start = None;
        for p in memchr::memchr2_iter(b'\n', b'\r', &bytes[at..o]) {
            let p = at + p;
            // A `\r` followed by `\n` ends its line at the `\n` (an offset at that `\n` is still on
            // the `\r`'s line).
            if bytes[p] == b'\r' && bytes.get(p + 1) == Some(&b'\n') {
                continue;
            }
            line += 1;
            line_start = Some(p + 1);
        }
        if let Some(start) = line_start {
            (at, col) = (start, 0);
        }
        col += match enc {
            Encoding::Utf8 => o - at,
            Encoding::Utf16 => utf16_len(&bytes[at..o]),
        };
        at = o;
        out[i] = Position::new(to_u32(line), to_u32(col));
    }
    out
}

/// UTF-16 code units of valid UTF-8 `bytes`: one per char, two for a 4-byte (non-BMP) char.
fn utf16_len(bytes: &[u8]) -> usize {
    bytes.iter().map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0)).sum()
}

/// The LSP range of a byte range.
pub fn range(rope: &Rope, enc: Encoding, span: &Range<usize>) -> LspRange {
    LspRange::new(position(rope, enc, span.start), position(rope, enc, span.end))
}

/// The byte range of an LSP range; a reversed range is put in order.
pub fn byte_range(rope: &Rope, enc: Encoding, r: LspRange) -> Range<usize> {
    let a = offset(rope, enc, r.start);
    let b = offset(rope, enc, r.end);
    a.min(b)..a.max(b)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: u32, character: u32) -> Position {
        Position::new(line, character)
    }

    /// Every char boundary (except between the `\r` and `\n` of a CRLF, which is not a position
    /// in LSP) maps to a position and back to itself, in both encodings.
    fn roundtrip(text: &str) {
        let rope = Rope::from_str(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (i, _) in text.char_indices().chain([(text.len(), ' ')]) {
                if text[..i].ends_with('\r') && text[i..].starts_with('\n') {
                    assert_eq!(offset(&rope, enc, position(&rope, enc, i)), i - 1);
                    continue;
                }
                let p = position(&rope, enc, i);
                assert_eq!(offset(&rope, enc, p), i, "{enc:?} offset {i} in {text:?}");
            }
        }
    }

    #[test]
    fn cjk_is_one_utf16_unit_and_three_bytes() {
        let text = "总计\t146\n";
        let rope = Rope::from_str(text);
        let at = text.find("146").unwrap();
        assert_eq!(at, 7);
        assert_eq!(position(&rope, Encoding::Utf16, at), pos(0, 3));
        assert_eq!(position(&rope, Encoding::Utf8, at), pos(0, 7));
        assert_eq!(offset(&rope, Encoding::Utf16, pos(0, 3)), at);
        assert_eq!(offset(&rope, Encoding::Utf8, pos(0, 7)), at);
        roundtrip(text);
    }

    #[test]
    fn non_bmp_is_two_utf16_units_and_four_bytes() {
        let text = "x\n𠮷😀总\t147\n";
        let rope = Rope::from_str(text);
        let at = text.find("147").unwrap();
        // 𠮷 (4 bytes, 2 units) 😀 (4, 2) 总 (3, 1) \t (1, 1)
        assert_eq!(position(&rope, Encoding::Utf16, at), pos(1, 6));
        assert_eq!(position(&rope, Encoding::Utf8, at), pos(1, 12));
        assert_eq!(offset(&rope, Encoding::Utf16, pos(1, 6)), at);
        assert_eq!(offset(&rope, Encoding::Utf8, pos(1, 12)), at);
        roundtrip(text);
    }

    #[test]
    fn inside_a_surrogate_pair_or_utf8_sequence_rounds_down() {
        let text = "𠮷a";
        let rope = Rope::from_str(text);
        assert_eq!(offset(&rope, Encoding::Utf16, pos(0, 1)), 0);
        assert_eq!(offset(&rope, Encoding::Utf16, pos(0, 2)), 4);
        for c in 1..4 {
            assert_eq!(offset(&rope, Encoding::Utf8, pos(0, c)), 0);
        }
        // A byte offset inside a char maps to that char's position.
        assert_eq!(position(&rope, Encoding::Utf16, 2), pos(0, 0));
    }

    #[test]
    fn past_line_or_file_end_clamps() {
        let text = "ab\r\ncd\re\n";
        let rope = Rope::from_str(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset(&rope, enc, pos(0, 99)), 2, "before \\r\\n");
            assert_eq!(offset(&rope, enc, pos(1, 99)), 6, "before lone \\r");
            assert_eq!(offset(&rope, enc, pos(2, 99)), 8);
            assert_eq!(offset(&rope, enc, pos(3, 0)), 9);
            assert_eq!(offset(&rope, enc, pos(4, 0)), 9);
            assert_eq!(offset(&rope, enc, pos(u32::MAX, u32::MAX)), 9);
            assert_eq!(position(&rope, enc, 999), pos(3, 0));
        }
        roundtrip(text);
    }

    #[test]
    fn only_lsp_line_breaks_count() {
        // U+2028, U+0085 are not line breaks in LSP.
        let text = "a\u{2028}b\u{85}c\nd";
        let rope = Rope::from_str(text);
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(position(&rope, Encoding::Utf16, text.find('d').unwrap()), pos(1, 0));
        assert_eq!(position(&rope, Encoding::Utf16, text.find('c').unwrap()), pos(0, 4));
        roundtrip(text);
    }

    /// [`positions`] agrees with [`position`] for every byte offset (char boundaries and inside
    /// chars) and past the end, in both encodings, given in reverse and in shuffled order.
    fn batch_matches_single(text: &str) {
        let rope = Rope::from_str(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
        // A deterministic shuffle, with repeats.
        offsets.extend((0..offsets.len()).map(|i| (i * 7919 + 13) % (text.len() + 3)));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let batch = positions(text, enc, &offsets);
            for (&o, p) in offsets.iter().zip(&batch) {
                assert_eq!(*p, position(&rope, enc, o), "{enc:?} offset {o} in {text:?}");
            }
        }
    }

    #[test]
    fn batch_positions_match_single_ones() {
        for text in [
            "",
            "总计\t146\n",
            "x\n𠮷😀总\t147\n",
            "𠮷a",
            "ab\r\ncd\re\n",
            "a\u{2028}b\u{85}c\nd",
            "\r\n\r\n\r\r\n\n\n\r",
            "一、本年新收\t146\r\n二\r😀\r\n\r\n𠮷\u{FEFF}é\n",
            "no line break at the end: 总计 146 𠮷",
        ] {
            batch_matches_single(text);
        }
        assert!(positions("abc", Encoding::Utf16, &[]).is_empty());
    }

    #[test]
    fn negotiation_prefers_utf8() {
        use PositionEncodingKind as K;
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16, K::UTF32])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(Some(&[K::UTF16, K::UTF8])), Encoding::Utf8);
    }
}
