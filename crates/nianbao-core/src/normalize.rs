//! Text normalisation for recognising labels: width, punctuation, spaces and enumerators.
//!
//! `norm("(二) 部分公开（区分处理的, 只计…）")` and the canonical wording normalise to the same
//! string, so label comparisons ignore exactly what the format says does not matter.
//!
//! Besides the lexer, the one place of the engine with byte-level speed work: comparing labels
//! (`norm_into`, `contains`, `ByteMask`), each tested against its plain version.

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

/// `s` without leading [`is_space`] characters.
pub fn trim_start_space(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// `s` without leading or trailing [`is_space`] characters.
pub fn trim_space(s: &str) -> &str {
    s.trim_matches(is_space)
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
/// Read as bytes (the test `norm_is_the_character_rule` holds it to the character rule).
/// (Measured: a check costs 9.8% more read a character at a time.)
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

/// One way of writing an enumerator: an optional opening mark, one or more numerals, a closing
/// mark. Characters are compared narrowed (`（一）` is `(一)`, `１．` is `1.`).
struct Form {
    open: Option<char>,
    /// What counts as a numeral, and how many of them there may be.
    numeral: fn(char) -> bool,
    most: usize,
    /// The characters that may close it.
    close: &'static [char],
    /// Not an enumerator when a digit follows (`1.5`, `1. 5` are numbers).
    not_before_digit: bool,
}

/// The enumerators a label may start with; adding a form (`①`, `第一`) is adding a line here.
const FORMS: [Form; 3] = [
    // 三、 十一. 二，
    Form { open: None, numeral: is_numeral, most: 7, close: &['、', '.', ','], not_before_digit: false },
    // (一) （七） (1)
    Form {
        open: Some('('),
        numeral: |c| is_numeral(c) || c.is_ascii_digit(),
        most: 6,
        close: &[')'],
        not_before_digit: false,
    },
    // 1. 1、 12.
    Form { open: None, numeral: |c| c.is_ascii_digit(), most: 2, close: &['.', '、'], not_before_digit: true },
];

/// Length in bytes of a leading enumerator and the spaces after it: `三、`, `（一）`, `(一) `,
/// `1.`, `1、`, `1. `, `１．`. Zero when `s` does not start with one (see [`FORMS`]); only its
/// first eight characters are looked at.
pub fn enumerator_len(s: &str) -> usize {
    // A form starts with its opening mark or a numeral: no two start with the same character.
    let Some(first) = s.chars().next().map(narrow) else { return 0 };
    let form = FORMS.iter().find(|f| f.open.map_or((f.numeral)(first), |open| open == first));
    form.and_then(|form| form_len(s, form)).unwrap_or(0)
}

/// The length of the enumerator of `form` that `s` starts with, and the spaces after it.
fn form_len(s: &str, form: &Form) -> Option<usize> {
    // Each character narrowed, with the offset after it.
    let mut chars = s.char_indices().take(8).map(|(i, c)| (i + c.len_utf8(), narrow(c))).peekable();
    if let Some(open) = form.open {
        chars.next_if(|&(_, c)| c == open)?;
    }
    let mut n = 0;
    while chars.next_if(|&(_, c)| (form.numeral)(c)).is_some() {
        n += 1;
    }
    let (end, close) = chars.next()?;
    if n == 0 || n > form.most || !form.close.contains(&close) {
        return None;
    }
    let rest = trim_start_space(&s[end..]);
    if form.not_before_digit && rest.chars().next().is_some_and(|c| narrow(c).is_ascii_digit()) {
        return None;
    }
    Some(s.len() - rest.len())
}

/// `hay.contains(needle)` for the short keywords matched against labels. A plain scan from
/// each occurrence of the needle's second byte (in Chinese text the first byte, a lead byte
/// E4–E9, is everywhere; the second is much rarer): on haystacks of a few dozen bytes this is
/// much cheaper than setting up the Two-Way searcher behind `str::contains` for every keyword.
/// (Measured: a check costs 2.0% more with `str::contains`; `contains_is_str_contains` tests it.)
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
    fn norm_is_the_character_rule() {
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
    fn enumerator_forms() {
        // The lengths the byte and character readings of the code before the forms were data
        // agreed on.
        for (s, len) in [
            ("1.属于", 2),
            ("1. 属于", 3),
            ("12、x", 5),
            ("123.x", 0),
            ("1.5", 0),
            ("1. 5", 0),
            ("1.５", 0),
            ("1)", 0),
            ("1", 0),
            ("1．x", 4),
            ("(一) 予以公开", 6),
            ("（七）总计", 9),
            ("(1)x", 3),
            ("（１）x", 9),
            ("(一二三四五六)x", 20),
            ("()x", 0),
            ("(一x", 0),
            ("（十）", 9),
            ("(五)\u{3000}x", 8),
            ("(a)", 0),
            ("十、x", 6),
            ("三、本年度办理结果", 6),
            ("十一. x", 8),
            ("二，x", 6),
            ("四．\u{3000}x", 9),
            ("五,x", 4),
            ("六x", 0),
            ("七", 0),
            ("八、", 6),
            ("一二三", 0),
            ("九：x", 0),
        ] {
            assert_eq!(enumerator_len(s), len, "{s:?}");
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
}
