//! The report's prose: paragraphs outside tables and headings, and the counts stated in them
//! (`收到…申请 146 件，占 51.85%`), for the checks that compare prose with tables (NB301, NB302).

use crate::model::Report;
use crate::normalize::narrow;
use std::ops::Range;

/// A substring searcher for a literal, built once per program (memchr's `memmem::Finder`).
/// `finder!("件").find_iter(p.as_bytes())` gives what `p.match_indices('件')` gives, much
/// faster on Chinese text: the char searcher behind `match_indices` stops at every byte equal
/// to the character's last byte, a continuation byte that half the text is made of.
macro_rules! finder {
    ($needle:literal) => {{
        static FINDER: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
            std::sync::LazyLock::new(|| memchr::memmem::Finder::new($needle));
        &*FINDER
    }};
}
pub(crate) use finder;

/// Paragraphs (lines) of prose: not inside a table, not a section heading, not blank.
/// Computed once per check (see `rules::Context::paragraphs`) from the lines the parser
/// recorded (`Report::lines`), walking the tables and headings (in text order, like the lines)
/// alongside.
pub fn paragraphs(report: &Report) -> Vec<Range<usize>> {
    debug_assert!(report.tables.is_sorted_by_key(|t| t.span.start));
    debug_assert!(report.sections.is_sorted_by_key(|s| s.heading.start));
    let mut out = Vec::with_capacity(report.lines.len());
    let mut headings = report.sections.iter().map(|s| &s.heading).peekable();
    let mut push = |lines: &[Range<usize>]| {
        for line in lines {
            // Headings before this line are done with; a line holding a heading is skipped.
            while headings.next_if(|h| h.start < line.start).is_some() {}
            if headings.clone().take_while(|h| h.start <= line.end).any(|h| h.end <= line.end) {
                continue;
            }
            out.push(line.clone());
        }
    };
    // Most lines are table rows: the lines before each table and those touching it (skipped)
    // are found by binary searches, not line by line.
    let mut rest = &report.lines[..];
    for t in &report.tables {
        let before = rest.partition_point(|l| l.end < t.span.start);
        push(&rest[..before]);
        let touching = rest.partition_point(|l| l.start <= t.span.end);
        rest = &rest[touching.max(before)..];
    }
    push(rest);
    out
}

/// A search for all the words the rules declare (`Rule::words`) at once: Teddy, aho-corasick's
/// SIMD search for a few short words, where the CPU has it (SSSE3 or AVX2 on x86-64, NEON on
/// ARM), else an Aho-Corasick automaton. Leftmost-first matches are all the occurrences because
/// no two declared words can overlap (a test in `rules` checks).
enum Search {
    Teddy(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Search {
    fn automaton(words: &[&str]) -> Search {
        let kind = aho_corasick::MatchKind::LeftmostFirst;
        Search::Automaton(aho_corasick::AhoCorasick::builder().match_kind(kind).build(words).expect("the rules' words"))
    }

    /// Calls `found(word, start)` for each word in `hay`, in order.
    fn each(&self, hay: &[u8], mut found: impl FnMut(usize, usize)) {
        match self {
            Search::Teddy(s) => s.find_iter(hay).for_each(|m| found(m.pattern().as_usize(), m.start())),
            Search::Automaton(a) => a.find_iter(hay).for_each(|m| found(m.pattern().as_usize(), m.start())),
        }
    }
}

/// Where each word a rule declares (`Rule::words`, gathered by `rules::words`) stands in the
/// prose paragraphs: absolute byte offsets, in text order. Found once per check
/// (`rules::Context::marks`) for every rule, instead of one substring search per rule and
/// paragraph.
#[derive(Clone, Debug, Default)]
pub struct Marks {
    /// The words searched for, and where each stands.
    words: &'static [&'static str],
    at: Vec<Vec<usize>>,
}

impl Marks {
    /// The marks in `paragraphs` (in text order) of `text`.
    pub fn find(text: &str, paragraphs: &[Range<usize>]) -> Marks {
        static SEARCH: std::sync::LazyLock<Search> = std::sync::LazyLock::new(|| {
            let kind = aho_corasick::packed::MatchKind::LeftmostFirst;
            let words = crate::rules::words();
            let teddy = aho_corasick::packed::Config::new().match_kind(kind).builder().extend(words).build();
            teddy.map_or_else(|| Search::automaton(words), Search::Teddy)
        });
        Marks::find_with(&SEARCH, crate::rules::words(), text, paragraphs)
    }

    /// [`Marks::find`] for other words than the rules' (a rule not in `RULES` yet, in a test).
    pub fn find_words(words: &'static [&'static str], text: &str, paragraphs: &[Range<usize>]) -> Marks {
        Marks::find_with(&Search::automaton(words), words, text, paragraphs)
    }

    fn find_with(search: &Search, words: &'static [&'static str], text: &str, paragraphs: &[Range<usize>]) -> Marks {
        let mut marks = Marks { words, at: words.iter().map(|_| Vec::with_capacity(16)).collect() };
        // Paragraphs are mostly short lines, and each search has a fixed cost: paragraphs less
        // than 64 bytes apart (blank lines, a heading) are searched at once. A mark found between
        // them is skipped by `Cursor::within` like any position outside the paragraphs, and none
        // reaches across a paragraph's end, a line's end.
        let mut rest = paragraphs;
        while let Some(first) = rest.first() {
            let n = 1 + rest.windows(2).take_while(|w| w[1].start - w[0].end < 64).count();
            let run = first.start..rest[n - 1].end;
            rest = &rest[n..];
            search.each(&text.as_bytes()[run.clone()], |mark, start| marks.at[mark].push(run.start + start));
        }
        marks
    }

    /// A reader of the positions of `word` (one a rule declares), paragraph by paragraph.
    pub fn cursor(&self, word: &str) -> Cursor<'_> {
        let i = self.words.iter().position(|w| *w == word);
        debug_assert!(i.is_some() || self.words.is_empty(), "{word:?} is no rule's word (Rule::words)");
        Cursor { rest: i.and_then(|i| self.at.get(i)).map_or(&[], Vec::as_slice) }
    }

    /// The paragraphs holding `word` (of `paragraphs`, those the marks were found in), each with
    /// its positions there, in text order: for the rules that only read around a mark, which
    /// then skip the many paragraphs without one.
    pub fn in_paragraphs<'a>(
        &'a self,
        word: &str,
        paragraphs: &'a [Range<usize>],
    ) -> impl Iterator<Item = (Range<usize>, &'a [usize])> + 'a {
        let mut cursor = self.cursor(word);
        let mut paragraphs = paragraphs.iter();
        std::iter::from_fn(move || {
            // The paragraph holding the next mark, or after it (a mark between paragraphs).
            let &next = cursor.rest.first()?;
            let para = paragraphs.find(|p| p.end > next)?;
            Some((para.clone(), cursor.within(para)))
        })
        .filter(|(_, at)| !at.is_empty())
    }
}

/// The positions of one mark not read yet (see [`Marks::cursor`]).
pub struct Cursor<'a> {
    rest: &'a [usize],
}

impl<'a> Cursor<'a> {
    /// The positions (absolute) in `para`; paragraphs are asked for in text order.
    pub fn within(&mut self, para: &Range<usize>) -> &'a [usize] {
        // Linear, not binary, searches: a paragraph has few marks, most have none.
        let skip = self.rest.iter().take_while(|&&at| at < para.start).count();
        let rest = &self.rest[skip..];
        let n = rest.iter().take_while(|&&at| at < para.end).count();
        self.rest = &rest[n..];
        &rest[..n]
    }
}

/// A number stated in prose, followed by a unit (`件`, `%`).
#[derive(Clone, Debug, PartialEq)]
pub struct Stated {
    /// The digits.
    pub span: Range<usize>,
    pub value: u64,
    /// The clause before the number (after the last `，、：；（` or `其中`): what it counts.
    pub subject: Range<usize>,
    /// The sentence it stands in (between `。；` or line ends).
    pub sentence: Range<usize>,
    /// A percentage right after it (`，占 51.85%`): its span, value and number of decimals.
    pub percent: Option<(Range<usize>, f64, u32)>,
}

pub(crate) const CLAUSE_STOPS: &[char] =
    &['，', ',', '、', '：', ':', '；', ';', '（', '(', '）', ')', '。', '！', '？'];
const SENTENCE_STOPS: &[char] = &['。', '；', ';', '！', '？'];

/// The sentence stops (`。；！？`) of paragraph `p`, in order, for [`sentence_around`].
pub fn sentence_stops(p: &str) -> Vec<Range<usize>> {
    // Every stop is `;` or starts with byte E3 (`。`) or EF (`；！？`), both lead bytes that
    // Chinese text has few of: look at those bytes only instead of decoding every character.
    memchr::memchr3_iter(b';', 0xE3, 0xEF, p.as_bytes())
        .filter_map(|j| p[j..].chars().next().filter(|c| SENTENCE_STOPS.contains(c)).map(|c| j..j + c.len_utf8()))
        .collect()
}

/// The sentence holding byte `at` of a paragraph `len` bytes long: from the end of the stop
/// before it to the start of the stop after it (`stops` from [`sentence_stops`]).
pub fn sentence_around(stops: &[Range<usize>], len: usize, at: usize) -> Range<usize> {
    let k = stops.partition_point(|s| s.end <= at);
    k.checked_sub(1).map_or(0, |k| stops[k].end)..stops.get(k).map_or(len, |s| s.start)
}

/// The end of the last stop character before a position, for positions that only increase.
struct StopScan {
    stops: &'static [char],
    /// Scanned up to here.
    pos: usize,
    /// Just after the last stop seen (0: none yet).
    start: usize,
}

impl StopScan {
    fn new(stops: &'static [char]) -> StopScan {
        StopScan { stops, pos: 0, start: 0 }
    }

    /// Where the clause or sentence holding `at` starts: `s[..at].rfind(stops)` + its length.
    fn start_before(&mut self, s: &str, at: usize) -> usize {
        if at < self.pos {
            // Not monotonic (never happens in `counts`): search from scratch.
            return s[..at].rfind(self.stops).map_or(0, |j| j + s[j..].chars().next().map_or(1, char::len_utf8));
        }
        // The nearest stop is usually close: search back from `at`, but only over what was not
        // searched before.
        if let Some(j) = s[self.pos..at].rfind(self.stops) {
            let j = self.pos + j;
            self.start = j + s[j..].chars().next().map_or(1, char::len_utf8);
        }
        self.pos = at;
        self.start
    }
}

/// Every `N 件` in `para` (ASCII or full-width digits; `500 余件` is not a count), given where
/// its `件` stand (absolute offsets, from [`Marks`]).
pub fn counts(text: &str, para: Range<usize>, jian: &[usize]) -> Vec<Stated> {
    let s = &text[para.clone()];
    let mut out = Vec::new();
    // Clause and sentence bounds are found in one pass over the paragraph each (counts come
    // left to right), so a long paragraph without stops costs linear, not quadratic, time.
    let mut clauses = StopScan::new(CLAUSE_STOPS);
    let mut stops: Option<Vec<Range<usize>>> = None;
    for i in jian.iter().map(|at| at - para.start) {
        // Walk back over spaces, then digits.
        let before = &s[..i];
        let trimmed = before.trim_end_matches([' ', '\u{3000}']);
        let digits_start =
            trimmed.char_indices().rev().take_while(|(_, c)| narrow(*c).is_ascii_digit()).last().map(|(j, _)| j);
        let Some(ds) = digits_start else { continue };
        let digits = &trimmed[ds..];
        // A number glued to letters or a decimal point is not a count.
        if trimmed[..ds].ends_with(['.', '．']) {
            continue;
        }
        let value =
            digits.chars().try_fold(0u64, |acc, c| acc.checked_mul(10)?.checked_add(narrow(c) as u64 - '0' as u64));
        let Some(value) = value else { continue };
        let mut clause_start = clauses.start_before(s, ds);
        // The last `其中` (it cannot overlap itself): a prebuilt finder, not `str::rfind`, which
        // sets up a Two-Way search for every count.
        if let Some(k) = finder!("其中").find_iter(&s.as_bytes()[clause_start..ds]).last() {
            clause_start += k + "其中".len();
        }
        let sentence = sentence_around(stops.get_or_insert_with(|| sentence_stops(s)), s.len(), ds);
        let after = i + '件'.len_utf8();
        let percent = percent_after(s, after).map(|(r, v, d)| (para.start + r.start..para.start + r.end, v, d));
        out.push(Stated {
            span: para.start + ds..para.start + ds + digits.len(),
            value,
            subject: para.start + clause_start..para.start + ds,
            sentence: para.start + sentence.start..para.start + sentence.end,
            percent,
        });
    }
    out
}

/// `，占 51.85%` / `（占比 51.9%）` right after a count: (span of the number and sign, value, decimals).
fn percent_after(s: &str, from: usize) -> Option<(Range<usize>, f64, u32)> {
    let rest = &s[from..];
    let lead: usize = rest
        .char_indices()
        .take(6)
        .take_while(|(_, c)| matches!(c, '，' | ',' | '（' | '(' | '占' | '比' | ' ' | '约' | '为'))
        .map(|(_, c)| c.len_utf8())
        .sum();
    if !rest[..lead].contains('占') {
        return None;
    }
    let num = &rest[lead..];
    let len = num
        .char_indices()
        .take_while(|(_, c)| narrow(*c).is_ascii_digit() || narrow(*c) == '.')
        .map(|(_, c)| c.len_utf8())
        .sum::<usize>();
    let sign = num[len..].chars().next().filter(|c| matches!(c, '%' | '％'))?;
    let digits: String = num[..len].chars().map(narrow).collect();
    let value: f64 = digits.parse().ok()?;
    let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    let start = from + lead;
    Some((start..start + len + sign.len_utf8(), value, decimals))
}

/// Whether `pct` is `part / base` as a percentage, rounded or truncated to `decimals` places.
pub fn percent_matches(pct: f64, decimals: u32, part: u64, base: u64) -> bool {
    if base == 0 {
        return false;
    }
    let exact = part as f64 * 100.0 / base as f64;
    let unit = 10f64.powi(-(decimals as i32));
    (pct - exact).abs() < unit * 1.0001
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_are_the_prose_lines_of_the_text() {
        // Each line between line breaks (\n or \r), not blank, not touching a table, not a heading.
        let by_lines = |text: &str, report: &Report| -> Vec<Range<usize>> {
            let mut out = Vec::new();
            let mut start = 0;
            for (i, c) in text.char_indices().chain([(text.len(), '\n')]) {
                if c != '\n' && c != '\r' {
                    continue;
                }
                let line = start..i;
                start = i + 1;
                let blank = crate::normalize::trim_space(&text[line.clone()]).is_empty()
                    && text[line.clone()].trim().is_empty();
                let in_table = report.tables.iter().any(|t| line.start <= t.span.end && t.span.start <= line.end);
                let heading =
                    report.sections.iter().any(|s| line.start <= s.heading.start && s.heading.end <= line.end);
                if !blank && !in_table && !heading {
                    out.push(line);
                }
            }
            out
        };
        let seeds = [crate::rules::testing::SEED_000, crate::rules::testing::SEED_002];
        let crlf = seeds[0].replace('\n', "\r\n");
        let cr = seeds[1].replace('\n', "\r");
        let odd = format!("\u{FEFF}\n \n\u{3000}\n{}\n\n\u{FEFF}", seeds[1]);
        for text in [seeds[0], seeds[1], &crlf, &cr, &odd] {
            let report = crate::parse::parse(text);
            assert_eq!(paragraphs(&report), by_lines(text, &report));
        }
    }

    #[test]
    fn marks_are_what_a_search_of_each_paragraph_finds() {
        // Marks at paragraph edges, repeated, split over two paragraphs, and on a line between
        // paragraphs that is not one (a heading).
        let odd = "第一，收到收到其中其 中件件 2022年是一是第\n年收\r\n\n到其\n第件年是其中\n收到 第";
        for text in [crate::rules::testing::SEED_000, crate::rules::testing::SEED_002, odd] {
            let report = crate::parse::parse(text);
            let mut paras = paragraphs(&report);
            if text == odd {
                // Every line without its line end, but the blank one and `第件年是其中`.
                paras.clear();
                let mut start = 0;
                for line in odd.split_inclusive('\n') {
                    let body = line.trim_end_matches(['\r', '\n']);
                    if !body.is_empty() && body != "第件年是其中" {
                        paras.push(start..start + body.len());
                    }
                    start += line.len();
                }
            }
            // The search of this CPU, and the automaton others fall back to.
            let words = crate::rules::words();
            for marks in [Marks::find(text, &paras), Marks::find_words(words, text, &paras)] {
                for &word in words {
                    let searched: Vec<usize> = paras
                        .iter()
                        .flat_map(|p| text[p.clone()].match_indices(word).map(|(i, _)| p.start + i))
                        .collect();
                    let mut cursor = marks.cursor(word);
                    let found: Vec<usize> = paras.iter().flat_map(|p| cursor.within(p).to_vec()).collect();
                    assert_eq!(found, searched, "{word}");
                    let by_paragraph: Vec<(Range<usize>, Vec<usize>)> = paras
                        .iter()
                        .map(|p| (p.clone(), searched.iter().copied().filter(|at| p.contains(at)).collect::<Vec<_>>()))
                        .filter(|(_, at)| !at.is_empty())
                        .collect();
                    let read: Vec<(Range<usize>, Vec<usize>)> =
                        marks.in_paragraphs(word, &paras).map(|(p, at)| (p, at.to_vec())).collect();
                    assert_eq!(read, by_paragraph, "{word}");
                }
            }
        }
    }

    #[test]
    fn counts_with_subjects_and_percentages() {
        let t = "2023 年，全市各级共受理政府信息公开申请 146 件，上年度结转 2 件；予以公开 42 件，占 51.85%；500 余件不算。";
        let para = 0..t.len();
        let found = counts(t, para.clone(), Marks::find(t, std::slice::from_ref(&para)).cursor("件").within(&para));
        let v: Vec<(u64, &str)> = found.iter().map(|c| (c.value, &t[c.subject.clone()])).collect();
        assert_eq!(v, vec![(146, "全市各级共受理政府信息公开申请 "), (2, "上年度结转 "), (42, "予以公开 ")]);
        let (r, p, d) = found[2].percent.clone().unwrap();
        assert_eq!((&t[r], p, d), ("51.85%", 51.85, 2));
        assert!(percent_matches(51.85, 2, 42, 81));
        assert!(percent_matches(51.9, 1, 42, 81));
        assert!(!percent_matches(52.0, 1, 42, 81));
    }
}
