//! Text normalisation for recognising labels: width, punctuation, spaces and enumerators.
//!
//! `norm("(二) 部分公开（区分处理的, 只计…）")` and the canonical wording normalise to the same
//! string, so label comparisons ignore exactly what the format says does not matter.

/// Maps full-width ASCII variants (U+FF01–U+FF5E) and the ideographic space to ASCII.
pub fn narrow(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Whitespace as the parser sees it: ASCII/Unicode whitespace, ideographic space, BOM, NBSP.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{3000}' || c == '\u{00A0}'
}

/// Whether the first character of `b` (valid UTF-8) certainly is not [`is_space`]: printable
/// ASCII, or a character whose lead byte starts no space (the spaces outside ASCII are U+0085,
/// U+00A0 (C2 ..), U+1680 (E1 ..), U+2000–U+205F (E2 ..), U+3000 (E3 80 80) and U+FEFF
/// (EF BB BF)), so `（`, CJK ideographs and full-width forms are not decoded.
fn plain_start(b: &[u8]) -> bool {
    match b.first().map(|&c| LEAD[usize::from(c)]) {
        Some(PLAIN) => true,
        Some(E3) => b.get(1..3) != Some(&[0x80, 0x80]),
        Some(EF) => b.get(1..3) != Some(&[0xBB, 0xBF]),
        _ => false,
    }
}

/// What a byte tells about the character it starts, for [`plain_start`] (a table: one load
/// instead of a chain of range tests on every trim).
const PLAIN: u8 = 1;
const E3: u8 = 2;
const EF: u8 = 3;
static LEAD: [u8; 256] = {
    let mut t = [0; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = match i as u8 {
            0x21..=0x7F | 0xC3..=0xDF | 0xE0 | 0xE4..=0xEE | 0xF0..=0xF4 => PLAIN,
            0xE3 => E3,
            0xEF => EF,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// The same for the last character of `b`.
fn plain_end(b: &[u8]) -> bool {
    let n = b.len();
    if n == 0 {
        return false;
    }
    if b[n - 1] < 0x80 {
        return b[n - 1] > b' ';
    }
    // A three-byte character at the end (CJK, punctuation, full-width forms).
    n >= 3 && (0xE0..=0xEF).contains(&b[n - 3]) && plain_start(&b[n - 3..])
}

/// `s.trim_start_matches(is_space)`, skipping the search when `s` plainly starts with text.
/// Inlined: most calls end at the first test (the rest is [`trim_start_space_slow`]).
#[inline]
pub fn trim_start_space(s: &str) -> &str {
    if plain_start(s.as_bytes()) {
        return s;
    }
    trim_start_space_slow(s)
}

#[inline(never)]
fn trim_start_space_slow(s: &str) -> &str {
    // ASCII whitespace (the tabs before a table row) is skipped a byte at a time.
    let s = &s[s.bytes().take_while(u8::is_ascii_whitespace).count()..];
    if s.is_empty() || plain_start(s.as_bytes()) {
        s
    } else {
        s.trim_start_matches(is_space)
    }
}

/// `s.trim_matches(is_space)`, skipping the search at an end that is plainly text.
#[inline]
pub fn trim_space(s: &str) -> &str {
    let s = trim_start_space(s);
    if plain_end(s.as_bytes()) {
        return s;
    }
    trim_end_space_slow(s)
}

#[inline(never)]
fn trim_end_space_slow(s: &str) -> &str {
    let s = &s[..s.len() - s.bytes().rev().take_while(u8::is_ascii_whitespace).count()];
    if s.is_empty() || plain_end(s.as_bytes()) {
        s
    } else {
        s.trim_end_matches(is_space)
    }
}

/// Characters that carry no meaning in a label: punctuation of either width, quotes, brackets.
pub fn is_punct(c: char) -> bool {
    let c = narrow(c);
    c.is_ascii_punctuation()
        || matches!(
            c,
            '、' | '，'
                | '。'
                | '：'
                | '；'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '「'
                | '」'
                | '『'
                | '』'
                | '—'
                | '…'
                | '·'
                | '・'
                | '－'
        )
}

/// Keeps only meaningful characters, narrowed: no spaces, no punctuation.
pub fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    norm_into(s, &mut out);
    out
}

/// [`norm`] into a buffer the caller reuses (cleared first): no allocation once it is large enough.
pub fn norm_into(s: &str, out: &mut String) {
    out.clear();
    let b = s.as_bytes();
    // Characters kept unchanged (ASCII letters and digits, and U+4000–U+9FFF — CJK ideographs,
    // lead bytes E4–E9) are copied a run at a time; only the others are decoded.
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            i += 1;
            if !c.is_ascii_alphanumeric() {
                // ASCII spaces, punctuation and controls carry no meaning in a label.
                out.push_str(&s[run..i - 1]);
                run = i;
            }
            continue;
        }
        if (0xE4..=0xE9).contains(&c) {
            i += 3;
            continue;
        }
        // The punctuation of Chinese text, read as bytes: full-width forms of ASCII (EF BC 81 –
        // EF BD 9E, U+FF01–U+FF5E: `（）：，` and full-width digits) become their ASCII character,
        // kept when a letter or digit; U+3000 and `、。〈〉《》「」『』【】〔〕` (E3 80 ..) go.
        let narrow_ascii = match b.get(i..i + 3) {
            Some(&[0xEF, 0xBC, x @ 0x81..=0xBF]) => Some(x - 0x60),
            Some(&[0xEF, 0xBD, x @ 0x80..=0x9E]) => Some(x - 0x20),
            Some(&[0xE3, 0x80, 0x80..=0x82 | 0x88..=0x91 | 0x94 | 0x95]) => Some(b' '),
            _ => None,
        };
        if let Some(a) = narrow_ascii {
            out.push_str(&s[run..i]);
            i += 3;
            run = i;
            if a.is_ascii_alphanumeric() {
                out.push(char::from(a));
            }
            continue;
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push_str(&s[run..i]);
        i += ch.len_utf8();
        run = i;
        if !(is_space(ch) || is_punct(ch)) {
            out.push(narrow(ch));
        }
    }
    out.push_str(&s[run..]);
}

const NUMERALS: &str = "一二三四五六七八九十";

fn is_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十')
}

/// The Chinese numeral of a section enumerator (`一` → 1 … `十` → 10).
pub fn numeral_value(c: char) -> Option<u8> {
    if !is_numeral(c) {
        return None;
    }
    NUMERALS.chars().position(|n| n == c).map(|i| i as u8 + 1)
}

/// Length in bytes of a leading enumerator and the spaces after it: `三、`, `（一）`, `(一) `,
/// `1.`, `1、`, `1. `, `１．`. Zero when `s` does not start with one. A number followed by a
/// digit (`1.5`) is not an enumerator. Only the first eight characters are looked at.
#[inline]
pub fn enumerator_len(s: &str) -> usize {
    // Quick reject: enumerators start with `(`, a digit, a full-width form (EF ..) or a numeral
    // (一…十 all start with E4 or E5).
    match s.as_bytes() {
        [b'(' | b'0'..=b'9', ..]
        // `（` and full-width digits `０`…`９`.
        | [0xEF, 0xBC, 0x88 | 0x90..=0x99, ..]
        // 一 二 三 四 五 六 七 八 九 十
        | [0xE4, 0xB8, 0x80 | 0x89 | 0x83, ..]
        | [0xE4, 0xBA, 0x8C | 0x94, ..]
        | [0xE4, 0xB9, 0x9D, ..]
        | [0xE5, 0x9B, 0x9B, ..]
        | [0xE5, 0x85, 0xAD | 0xAB, ..]
        | [0xE5, 0x8D, 0x81, ..] => enumerator_len_bytes(s),
        _ => 0,
    }
}

/// [`enumerator_len`] past its quick reject (which is inlined where it is called).
#[inline(never)]
fn enumerator_len_bytes(s: &str) -> usize {
    // ASCII digits (`1.`, `12、`), the common case in table 三, read as bytes.
    let b = s.as_bytes();
    if b[0].is_ascii_digit() {
        let n = b.iter().take_while(|c| c.is_ascii_digit()).count();
        let off = match &b[n..] {
            [b'.', ..] if n <= 2 => n + 1,
            [0xE3, 0x80, 0x81, ..] if n <= 2 => n + 3,
            // `１．` and other full-width marks are not ASCII; `1)` is not an enumerator.
            [0xEF, ..] if n <= 2 => return enumerator_len_chars(s),
            _ => return 0,
        };
        let rest = trim_start_space(&s[off..]);
        // `1.5` and `1. 5` are numbers, not enumerators.
        if rest.chars().next().is_some_and(|c| narrow(c).is_ascii_digit()) {
            return 0;
        }
        return s.len() - rest.len();
    }
    // `三、` / `十一.` / `二，`, read as bytes; anything unusual goes the slow way.
    if b.len() >= 3 && is_numeral_bytes([b[0], b[1], b[2]]) {
        let mut i = 3;
        while b.len() >= i + 3 && is_numeral_bytes([b[i], b[i + 1], b[i + 2]]) {
            i += 3;
        }
        let off = match &b[i..] {
            // 、 ， ．
            [0xE3, 0x80, 0x81, ..] | [0xEF, 0xBC, 0x8C | 0x8E, ..] => i + 3,
            [b'.' | b',', ..] => i + 1,
            _ => return enumerator_len_chars(s),
        };
        return with_spaces_after(s, off);
    }
    // `(一)` / `（一）` / `(1)`, read as bytes; anything unusual goes the slow way.
    let open = match b {
        [b'(', ..] => 1,
        [0xEF, 0xBC, 0x88, ..] => 3,
        _ => return enumerator_len_chars(s),
    };
    let mut i = open;
    let mut n = 0;
    loop {
        match &b[i..] {
            [c, ..] if c.is_ascii_digit() => i += 1,
            [x, y, z, ..] if is_numeral_bytes([*x, *y, *z]) => i += 3,
            _ => break,
        }
        n += 1;
    }
    let close = match &b[i..] {
        [b')', ..] => 1,
        [0xEF, 0xBC, 0x89, ..] => 3,
        _ => return enumerator_len_chars(s),
    };
    if n == 0 || n > 5 {
        return enumerator_len_chars(s);
    }
    with_spaces_after(s, i + close)
}

/// `off` moved past the spaces that follow it in `s` (an enumerator's end).
fn with_spaces_after(s: &str, off: usize) -> usize {
    off + (s[off..].len() - trim_start_space(&s[off..]).len())
}

/// Whether three bytes are the UTF-8 of one of 一…十.
fn is_numeral_bytes(c: [u8; 3]) -> bool {
    matches!(
        c,
        [0xE4, 0xB8, 0x80 | 0x89 | 0x83]
            | [0xE4, 0xBA, 0x8C | 0x94]
            | [0xE4, 0xB9, 0x9D]
            | [0xE5, 0x9B, 0x9B]
            | [0xE5, 0x85, 0xAD | 0xAB]
            | [0xE5, 0x8D, 0x81]
    )
}

/// [`enumerator_len`] for a string that passed its quick reject, a character at a time.
fn enumerator_len_chars(s: &str) -> usize {
    // Characters are decoded (and narrowed) one at a time, only as far as needed:
    // (narrowed char, byte offset just after it).
    let mut it = s.char_indices().take(8).map(|(o, c)| (narrow(c), o + c.len_utf8())).peekable();
    // The end of an enumerator whose last character ends at `off`, plus the spaces after it.
    let end_at = |off: usize| with_spaces_after(s, off);
    let Some((c0, _)) = it.next() else { return 0 };
    // 三、 / 三. / 三．
    if is_numeral(c0) {
        while it.next_if(|&(c, _)| is_numeral(c)).is_some() {}
        return match it.next() {
            Some(('、' | '.' | ',' | '，', off)) => end_at(off),
            _ => 0,
        };
    }
    // (一) / （一） / (1)
    if c0 == '(' {
        let mut n = 0;
        while it.next_if(|&(c, _)| is_numeral(c) || c.is_ascii_digit()).is_some() {
            n += 1;
        }
        return match it.next() {
            Some((')', off)) if n > 0 => end_at(off),
            _ => 0,
        };
    }
    // 1. / 1、 / 12.
    if c0.is_ascii_digit() {
        let mut n = 1;
        while it.next_if(|&(c, _)| c.is_ascii_digit()).is_some() {
            n += 1;
        }
        if n <= 2 {
            if let Some((_, off)) = it.next_if(|&(c, _)| matches!(c, '.' | '、')) {
                // `1.5` and `1. 5` are numbers, not enumerators.
                let rest = trim_start_space(&s[off..]);
                if rest.chars().next().is_some_and(|c| narrow(c).is_ascii_digit()) {
                    return 0;
                }
                return end_at(off);
            }
        }
    }
    0
}

/// `hay.contains(needle)` for the short keywords matched against labels. A plain scan from
/// each occurrence of the needle's second byte (in Chinese text the first byte, a lead byte
/// E4–E9, is everywhere; the second is much rarer): on haystacks of a few dozen bytes this is
/// much cheaper than setting up the Two-Way searcher behind `str::contains` for every keyword.
pub fn contains(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.len() > h.len() {
        return false;
    }
    let k = match n.len() {
        0 => return true,
        1 => 0,
        _ => 1,
    };
    // `j` counts from `h[k]`, so the candidate starts at `h[j]`.
    memchr::memchr_iter(n[k], &h[k..=h.len() - n.len() + k]).any(|j| &h[j..j + n.len()] == n)
}

/// Which bytes a string holds, as a 64-bit mask (one bit per byte value modulo 64): a quick
/// test before [`contains`] when one key is searched for many keywords.
/// `ByteMask::of(h).may_contain(n)` is true whenever `contains(h, n)` is (a test checks): a
/// substring's bytes are among the string's. False answers are certain, true ones are to be
/// confirmed. (A CJK keyword's continuation bytes spread over the 64 bits, so a short label
/// rules out most keywords.)
#[derive(Clone, Copy, Debug)]
pub struct ByteMask(u64);

impl ByteMask {
    pub fn of(s: &str) -> ByteMask {
        // No branch per byte: every byte sets its bit.
        ByteMask(s.bytes().fold(0u64, |m, c| m | 1 << (c & 63)))
    }

    /// False when `needle` has a byte `self`'s string has not.
    pub fn may_contain(self, needle: &str) -> bool {
        ByteMask::of(needle).0 & !self.0 == 0
    }
}

/// Whether `t` holds an [`is_space`] character. A character at a time: only those whose lead
/// byte may start a space (not [`plain_start`]) are decoded.
pub fn holds_space(t: &str) -> bool {
    let b = t.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if !plain_start(&b[i..]) && t[i..].chars().next().is_some_and(is_space) {
            return true;
        }
        i += match c {
            0x00..=0xBF => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
    }
    false
}

/// `s` without whitespace (`char::is_whitespace`): borrowed when it is one word between spaces
/// (the usual case), else copied a word at a time.
pub fn without_whitespace(s: &str) -> std::borrow::Cow<'_, str> {
    let mut words = s.split_whitespace();
    let first = words.next().unwrap_or("");
    match words.next() {
        None => first.into(),
        Some(second) => [first, second].into_iter().chain(words).collect::<String>().into(),
    }
}

/// The first `n` characters of `s` (all of it when shorter), without copying.
pub fn first_chars(s: &str, n: usize) -> &str {
    &s[..s.char_indices().nth(n).map_or(s.len(), |(k, _)| k)]
}

/// `s` without leading spaces and enumerator(s) (`三、（一）予以公开` → `予以公开`).
pub fn strip_enumerators(s: &str) -> &str {
    let mut s = trim_start_space(s);
    loop {
        let n = enumerator_len(s);
        if n == 0 {
            return s;
        }
        s = &s[n..];
    }
}

/// Normalised label without its leading enumerator(s) (`三、本年度办理结果` → `本年度办理结果`).
pub fn label_key(s: &str) -> String {
    norm(strip_enumerators(s))
}

/// [`label_key`] into a buffer the caller reuses.
pub fn label_key_into(s: &str, out: &mut String) {
    norm_into(strip_enumerators(s), out)
}

/// Fraction of `canonical`'s characters that also occur in `label` (bag of characters).
pub fn overlap(label: &str, canonical: &str) -> f32 {
    let total = canonical.chars().count();
    if total == 0 {
        return 0.0;
    }
    let mut pool: Vec<char> = label.chars().collect();
    let mut hit = 0;
    for c in canonical.chars() {
        if let Some(i) = pool.iter().position(|&p| p == c) {
            pool.swap_remove(i);
            hit += 1;
        }
    }
    hit as f32 / total as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norm_byte_paths_agree_with_the_character_rule() {
        // The rule norm_into implements: ASCII letters and digits stay; other characters stay
        // narrowed unless they are spaces or punctuation.
        let by_chars = |s: &str| -> String {
            s.chars()
                .filter_map(|c| match c {
                    _ if c.is_ascii() => c.is_ascii_alphanumeric().then_some(c),
                    _ if is_space(c) || is_punct(c) => None,
                    _ => Some(narrow(c)),
                })
                .collect()
        };
        let mut samples: Vec<String> =
            (0x3000..=0x303F).chain(0xFF00..=0xFF65).filter_map(char::from_u32).map(|c| format!("予{c}以")).collect();
        samples.extend(
            [
                "（一）予以公开：",
                "第二十条第（五）项",
                "本年收费金额（单位：万元）",
                "ＡＢ１２ｚ",
                "“引号”—…·・－",
                "1. 属于\t国家秘密",
            ]
            .map(String::from),
        );
        for s in &samples {
            assert_eq!(norm(s), by_chars(s), "{s:?}");
        }
    }

    #[test]
    fn holds_space_is_any_is_space_char() {
        let spaces = (0..=0x10FFFFu32).filter_map(char::from_u32).filter(|&c| is_space(c));
        for c in spaces {
            for t in [format!("{c}"), format!("予以{c}公开"), format!("1{c}"), format!("（一）{c}")] {
                assert!(holds_space(&t), "{t:?}");
            }
        }
        for t in ["予以公开", "（一）", "1.5", "“其他”", "、。「」", "０１２", "Ａ\u{FEFE}", "\u{1F}x", ""]
        {
            assert_eq!(holds_space(t), t.chars().any(is_space), "{t:?}");
        }
    }

    #[test]
    fn byte_mask_never_rules_out_a_substring() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
        let mut texts: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        texts.push("ASCII 1.5、（一）“引号”\u{3000}𠮷 emoji 🙂 é".to_string());
        for text in &texts {
            for line in text.lines() {
                let mask = ByteMask::of(line);
                let starts: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
                for (k, &a) in starts.iter().enumerate() {
                    for &b in starts[k..].iter().skip(1).take(6).chain([&line.len()]) {
                        assert!(mask.may_contain(&line[a..b]), "{:?} in {line:?}", &line[a..b]);
                    }
                }
            }
        }
        assert!(!ByteMask::of("予以公开").may_contain("勾稽关系"));
        assert!(ByteMask::of("").may_contain(""));
    }

    #[test]
    fn enumerators() {
        assert_eq!(enumerator_len("三、本年度"), "三、".len());
        assert_eq!(enumerator_len("(一) 予以公开"), "(一) ".len());
        assert_eq!(enumerator_len("（七）总计"), "（七）".len());
        assert_eq!(enumerator_len("1.属于"), 2);
        assert_eq!(enumerator_len("1. 属于"), 3);
        assert_eq!(enumerator_len("3、其他"), "3、".len());
        assert_eq!(enumerator_len("１．属于"), "１．".len());
        assert_eq!(enumerator_len("1.5"), 0);
        assert_eq!(enumerator_len("146"), 0);
        assert_eq!(enumerator_len("总计"), 0);
        for (i, n) in "一二三四五六七八九十".chars().enumerate() {
            assert_eq!(enumerator_len(&format!("{n}、x")), n.len_utf8() + "、".len(), "{n}");
            assert_eq!(numeral_value(n), Some(i as u8 + 1));
        }
        assert_eq!(enumerator_len("（１）x"), "（１）".len());
        assert_eq!(enumerator_len("５．x"), "５．".len());
    }

    #[test]
    fn byte_paths_agree_with_the_character_path() {
        for s in [
            "1.属于",
            "1. 属于",
            "12、x",
            "123.x",
            "1.5",
            "1. 5",
            "1.５",
            "1)",
            "1",
            "1．x",
            "(一) 予以公开",
            "（七）总计",
            "(1)x",
            "（１）x",
            "(一二三四五六)x",
            "()x",
            "(一x",
            "（十）",
            "(五)\u{3000}x",
            "(a)",
            "十、x",
            "三、本年度办理结果",
            "十一. x",
            "二，x",
            "四．\u{3000}x",
            "五,x",
            "六x",
            "七",
            "八、",
            "一二三",
            "九：x",
        ] {
            assert_eq!(enumerator_len(s), enumerator_len_chars(s), "{s:?}");
        }
        for c in NUMERALS.chars() {
            let mut b = [0; 4];
            c.encode_utf8(&mut b);
            assert!(is_numeral_bytes([b[0], b[1], b[2]]), "{c}");
        }
    }

    #[test]
    fn keys_ignore_width_punctuation_and_spaces() {
        assert_eq!(
            label_key("(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)"),
            label_key("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        );
        assert_eq!(label_key("3.危及“三安全一稳定”"), "危及三安全一稳定");
        assert_eq!(label_key("三、本年度办理结果"), "本年度办理结果");
    }

    #[test]
    fn trims_are_str_trims() {
        for s in [
            "",
            " ",
            "a",
            " a ",
            "\u{3000}予以公开\u{3000}",
            "予以公开",
            "公开 ",
            "\u{FEFF}x",
            "x\u{00A0}",
            "\u{2003}总计",
            "\t\t（一）予以公开\t0\t",
            " \t\u{3000}x\u{3000}\t ",
            "\t\r\n",
            "x\u{000B}\u{0085}",
        ] {
            assert_eq!(trim_space(s), s.trim_matches(is_space), "{s:?}");
            assert_eq!(trim_start_space(s), s.trim_start_matches(is_space), "{s:?}");
        }
    }

    #[test]
    fn plain_characters_are_not_spaces() {
        // Every character `plain_start`/`plain_end` skip the search for is really not a space.
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let mut buf = [0; 4];
            let b = c.encode_utf8(&mut buf).as_bytes();
            if plain_start(b) || plain_end(b) {
                assert!(!is_space(c), "{c:?}");
            }
        }
    }

    #[test]
    fn contains_is_str_contains() {
        for hay in ["", "予以公开", "部分公开区分处理的", "ab", "其他", "本年度办理结果予以公开", "a其他b其他", "ba"]
        {
            for needle in
                ["", "公开", "予以公开", "其他", "b", "a", "ab", "部分公开区分处理的只计", "果予", "他b", "度办理结果"]
            {
                assert_eq!(contains(hay, needle), hay.contains(needle), "{hay:?} {needle:?}");
            }
        }
    }
}
