//! The cell lexer: a line → its cells, each classified once by [`classify`].
//!
//! Cells are separated by tabs, by runs of two or more spaces or an ideographic space (U+3000),
//! or by Markdown pipes. A cell is blank, a count (ASCII digits), another number-like value
//! (`１２`, `-1`, `55（含…）`, `无`) or text. This is the one place where the engine may read
//! bytes for speed: each such path keeps a plain character-by-character version that the tests
//! hold it to (`lex_plain`).

use crate::normalize::{enumerator_len, is_space, narrow};
use std::ops::Range;

/// What a cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Nothing but spaces (an empty or merged table cell).
    Blank,
    /// ASCII digits whose value fits in a u64: a count, as most value cells are.
    Count(u64),
    /// Starts a row's values but is not a plain count: full-width digits, a sign, a decimal, an
    /// annotation (`55（含自然失效29件）`), a mark written for none (`无`, `—`) or the letter O.
    Number,
    /// Anything else: a label.
    Text,
}

/// One cell of a line: its span in the text (trimmed; empty where a blank cell stands) and class.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub span: Range<usize>,
    pub class: Class,
}

impl Cell {
    pub fn is_blank(&self) -> bool {
        self.class == Class::Blank
    }

    /// Whether the cell starts a row's values (a number of any kind).
    pub fn starts_values(&self) -> bool {
        matches!(self.class, Class::Count(_) | Class::Number)
    }
}

/// How a trimmed cell reads: the one rule for "is this cell a number?".
pub fn classify(t: &str) -> Class {
    if t.is_empty() {
        Class::Blank
    } else if t.bytes().all(|b| b.is_ascii_digit()) {
        // Twenty digits or more may not fit: then the value is read (and reported) as a number.
        t.parse().map_or(Class::Number, Class::Count)
    } else if starts_values(t) {
        Class::Number
    } else {
        Class::Text
    }
}

/// Whether a cell starts a row's values: a digit of either width that does not begin an
/// enumerator (`1.属于…` and `3、其他` are labels), a sign before a digit, or a mark written for
/// none or zero (`无`, `—`, `O`).
fn starts_values(t: &str) -> bool {
    let mut chars = t.chars().map(narrow);
    match chars.next() {
        Some(c) if c.is_ascii_digit() => enumerator_len(t) == 0,
        Some('-' | '−' | '+') => chars.next().is_some_and(|c| c.is_ascii_digit()),
        // The marks are two characters at most.
        _ => t.len() <= 6 && (is_none_mark(t) || matches!(t, "O" | "o" | "〇" | "Ｏ")),
    }
}

/// Marks written for "none" in a number cell (`无`, `—`, `/`): read as invalid numbers.
fn is_none_mark(t: &str) -> bool {
    matches!(t, "无" | "—" | "——" | "-" | "--" | "/" | "／" | "－" | "空")
}

/// Whether a token is a plain number (digits, `.`, `,`, `-` of either width).
fn is_plain_number(t: &str) -> bool {
    t.chars().map(narrow).all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
}

/// The cells of `line` (a range of `text`) into `cells`, which is cleared first. `false` for a
/// Markdown table's separator row (`|---|:--|`), which has none.
pub fn lex(text: &str, line: Range<usize>, cells: &mut Vec<Cell>) -> bool {
    lex_with(text, line, cells, true)
}

/// [`lex`], with its byte readings (`fast`) or a character at a time: the tests hold the first to
/// the second.
fn lex_with(text: &str, line: Range<usize>, cells: &mut Vec<Cell>, fast: bool) -> bool {
    cells.clear();
    let s = &text[line.clone()];
    match markdown_pieces(s) {
        Some(Some(pieces)) => {
            for p in pieces {
                let spaced = s[p.clone()].contains([' ', '\u{3000}']);
                push_piece(s, line.start, p, spaced, fast, cells);
            }
        }
        Some(None) => return false,
        None if fast => split_bytes(s, line.start, cells),
        None => split_chars(s, &mut |p, spaced| push_piece(s, line.start, p, spaced, false, cells)),
    }
    true
}

/// The pieces of a Markdown table row (`| a | 1 |`), between its pipes: `None` when `s` is not
/// one, `Some(None)` for a separator row (`|---|:--|`).
fn markdown_pieces(s: &str) -> Option<Option<Vec<Range<usize>>>> {
    let body = s.trim_start_matches([' ', '\t']);
    let inner = body.strip_prefix('|')?.trim_end();
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut start = s.len() - body.len() + 1;
    let mut pieces = Vec::new();
    for cell in inner.split('|') {
        pieces.push(start..start + cell.len());
        start += cell.len() + 1;
    }
    let separator = |p: &Range<usize>| {
        let t = s[p.clone()].trim();
        !t.is_empty() && t.chars().all(|c| c == '-' || c == ':')
    };
    Some((!pieces.iter().all(separator)).then_some(pieces))
}

/// Calls `piece` for each piece of `s` between tabs and runs of two or more spaces or an
/// ideographic space (U+3000), with whether it holds a lone space, a character at a time.
fn split_chars(s: &str, piece: &mut dyn FnMut(Range<usize>, bool)) {
    let (mut start, mut spaced) = (0, false);
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c == '\t' {
            piece(start..i, std::mem::take(&mut spaced));
            start = i + 1;
        } else if c == ' ' || c == '\u{3000}' {
            let (mut end, mut n, mut wide) = (i + c.len_utf8(), 1, c == '\u{3000}');
            while let Some((j, d)) = chars.next_if(|&(_, d)| d == ' ' || d == '\u{3000}') {
                (end, n, wide) = (j + d.len_utf8(), n + 1, wide || d == '\u{3000}');
            }
            if n >= 2 || wide {
                piece(start..i, std::mem::take(&mut spaced));
                start = end;
            } else {
                spaced = true;
            }
        }
    }
    piece(start..s.len(), spaced);
}

/// [`split_chars`] and [`push_piece`] reading bytes: a tab and a space are one byte each, and
/// U+3000 (E3 80 80) is told by its first byte, which starts a character wherever it stands, so
/// no character is decoded.
fn split_bytes(s: &str, base: usize, cells: &mut Vec<Cell>) {
    const WIDE: &[u8] = "\u{3000}".as_bytes();
    let b = s.as_bytes();
    let mut start = 0;
    loop {
        // A cell of ASCII digits up to a tab or the line's end (most value cells) is a count,
        // read as it is passed. (Measured: a check costs 10.2% more without it.)
        let mut i = start;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if (b.get(i).is_none() || b[i] == b'\t') && i - start <= 19 {
            match i - start {
                0 => cells.push(Cell { span: base + i..base + i, class: Class::Blank }),
                _ => {
                    let n = b[start..i].iter().fold(0, |n, d| n * 10 + u64::from(d - b'0'));
                    cells.push(Cell { span: base + start..base + i, class: Class::Count(n) });
                }
            }
            if i == b.len() {
                return;
            }
            start = i + 1;
            continue;
        }
        // Else the cell ends at the next tab, run of two spaces or ideographic space.
        let mut spaced = false;
        let (end, next) = loop {
            i = next_separator(b, i);
            match b.get(i) {
                None => break (b.len(), None),
                Some(b'\t') => break (i, Some(i + 1)),
                Some(b' ') | Some(0xE3) if b[i] == b' ' || b[i..].starts_with(WIDE) => {
                    let (run, mut n, mut wide) = (i, 0, false);
                    loop {
                        if b.get(i) == Some(&b' ') {
                            i += 1;
                        } else if b[i..].starts_with(WIDE) {
                            (i, wide) = (i + 3, true);
                        } else {
                            break;
                        }
                        n += 1;
                    }
                    if n >= 2 || wide {
                        break (run, Some(i));
                    }
                    spaced = true;
                }
                // Another character starting with E3 (、。「…).
                Some(_) => i += 1,
            }
        };
        push_piece(s, base, start..end, spaced, true, cells);
        match next {
            Some(n) => start = n,
            None => return,
        }
    }
}

/// The first byte at or after `i` that may separate cells: a tab, a space or E3 (the first byte
/// of U+3000, and of 、。「…), eight bytes at a time (testing every byte of a label of Chinese
/// characters one by one costs a branch after another). None of the three bytes occurs inside a
/// character, so what it finds starts one. (Measured: a check costs 7.1% more without it.)
fn next_separator(b: &[u8], mut i: usize) -> usize {
    // The high bit of each byte of `w` equal to `c`; a borrow may also mark a byte above a true
    // match, never one below the first (so the lowest mark is exact).
    let hits = |w: u64, c: u8| {
        const ONES: u64 = 0x0101_0101_0101_0101;
        let x = w ^ (ONES * u64::from(c));
        x.wrapping_sub(ONES) & !x & (ONES << 7)
    };
    while let Some(w) = b.get(i..i + 8) {
        let w = u64::from_le_bytes(w.try_into().unwrap_or([0; 8]));
        let found = hits(w, b'\t') | hits(w, b' ') | hits(w, 0xE3);
        if found != 0 {
            return i + found.trailing_zeros() as usize / 8;
        }
        i += 8;
    }
    b[i.min(b.len())..].iter().position(|c| matches!(c, b'\t' | b' ' | 0xE3)).map_or(b.len(), |k| i + k)
}

/// `s.trim_matches(is_space)`, not searched when the first and last characters' first bytes
/// cannot start a space ([`may_start_space`]). (Measured: a check costs 1.9% more without it.)
fn trim_bytes(s: &str) -> &str {
    let may_be_space = may_start_space;
    let b = s.as_bytes();
    // The last character's first byte.
    let last = b.iter().rev().find(|&&c| !(0x80..0xC0).contains(&c));
    match (b.first(), last) {
        (Some(&first), Some(&last)) if !may_be_space(first) && !may_be_space(last) => s,
        _ => s.trim_matches(is_space),
    }
}

/// Adds the cell(s) of piece `p` of line `s` (which starts at `base` in the text): one cell, or
/// when it holds a lone space (`spaced`), maybe a label and values (`(七) 总计 3 0 0`).
fn push_piece(s: &str, base: usize, p: Range<usize>, spaced: bool, fast: bool, cells: &mut Vec<Cell>) {
    let piece = &s[p.clone()];
    let t = if fast { trim_bytes(piece) } else { piece.trim_matches(is_space) };
    // Where the trimmed cell starts (for a blank one, where the spaces end).
    let lead = if t.is_empty() { piece.len() } else { t.as_ptr() as usize - piece.as_ptr() as usize };
    let at = base + p.start + lead;
    if spaced && push_tokens(t, at, cells) {
        return;
    }
    cells.push(Cell { span: at..at + t.len(), class: classify(t) });
}

/// Whether a character starting with byte `c` may be a space ([`is_space`]): ASCII controls and
/// space, and the first bytes of U+0085, U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2), U+3000
/// (E3) and U+FEFF (EF).
fn may_start_space(c: u8) -> bool {
    c <= b' ' || c == 0x7F || matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// A cell whose last space-separated tokens are numbers (a row whose tabs were lost): the tokens
/// after the last one that is not a number are values, the text before them is the label.
/// `false` (nothing pushed) when the cell is one label or one value.
fn push_tokens(t: &str, at: usize, cells: &mut Vec<Cell>) -> bool {
    if !t.rsplit(is_space).next().is_some_and(starts_values) {
        return false;
    }
    let tokens: Vec<(usize, &str)> = t
        .split(is_space)
        .filter(|tok| !tok.is_empty())
        .map(|tok| (tok.as_ptr() as usize - t.as_ptr() as usize, tok))
        .collect();
    // Values start after the last token that is not one.
    let k = tokens.iter().rposition(|(_, tok)| !starts_values(tok)).map_or(0, |i| i + 1);
    // A cell of numbers alone is split only when they are all plain (`12 5`, not `12 3件`).
    if tokens.len() < 2 || k == tokens.len() || (k == 0 && !tokens.iter().all(|(_, tok)| is_plain_number(tok))) {
        return false;
    }
    if k > 0 {
        let (o, tok) = tokens[k - 1];
        cells.push(Cell { span: at..at + o + tok.len(), class: Class::Text });
    }
    for &(o, tok) in &tokens[k..] {
        cells.push(Cell { span: at + o..at + o + tok.len(), class: classify(tok) });
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexed(line: &str) -> Vec<(&str, Class)> {
        let mut cells = Vec::new();
        assert!(lex(line, 0..line.len(), &mut cells), "{line:?}");
        cells.iter().map(|c| (&line[c.span.clone()], c.class)).collect()
    }

    #[test]
    fn cells_and_their_classes() {
        use Class::*;
        let line = "x\t(一) 予以公开\t91\t\t0\t12345678901234567890\t3 件\t7\t99999999999999999999";
        assert_eq!(
            lexed(line),
            [
                ("x", Text),
                ("(一) 予以公开", Text),
                ("91", Count(91)),
                ("", Blank),
                ("0", Count(0)),
                ("12345678901234567890", Count(12345678901234567890)),
                ("3 件", Number),
                ("7", Count(7)),
                ("99999999999999999999", Number),
            ]
        );
        for (line, last) in [("a\t", ""), ("a\t12", "12"), ("a  12", "12"), ("a\t12  ", "")] {
            assert_eq!(lexed(line).last().unwrap().0, last, "{line:?}");
        }
        assert_eq!(lexed("(七) 总计 3 0 0"), [("(七) 总计", Text), ("3", Count(3)), ("0", Count(0)), ("0", Count(0))]);
        assert_eq!(
            lexed("1.属于国家秘密\t１２\t无\tO"),
            [("1.属于国家秘密", Text), ("１２", Number), ("无", Number), ("O", Number)]
        );
        assert_eq!(lexed("| a | 1 |"), [("a", Text), ("1", Count(1))]);
        assert!(!lex("|---|:--|", 0..9, &mut Vec::new()));
    }

    /// The byte reading gives the cells the character reading gives.
    fn agrees(line: &str) {
        let (mut fast, mut plain) = (Vec::new(), Vec::new());
        let a = lex_with(line, 0..line.len(), &mut fast, true);
        let b = lex_with(line, 0..line.len(), &mut plain, false);
        assert_eq!((a, &fast), (b, &plain), "{line:?}");
    }

    #[test]
    fn bytes_read_as_characters_do_on_the_seeds() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        let mut n = 0;
        for dir in [dir.clone(), dir.join("cases")] {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.extension().is_some_and(|x| x == "txt") {
                    std::fs::read_to_string(&p).unwrap().lines().for_each(agrees);
                    n += 1;
                }
            }
        }
        assert!(n >= 30, "{n} fixtures");
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            agrees(&format!("{c}a{c}\t{c}  1{c}\u{3000}{c}"));
        }
    }

    proptest::proptest! {
        #[test]
        fn bytes_read_as_characters_do(
            line in "[ \\t\\u{3000}\\u{a0}\\u{feff}\\u{2003}|a019２.、一（）(-无O件]{0,32}",
            digits in "[0-9\\t ]{0,48}",
        ) {
            agrees(&line);
            agrees(&digits);
        }
    }
}
