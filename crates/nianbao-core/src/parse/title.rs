//! The title: where a report names itself, `<机关名称><年份>年政府信息公开工作年度报告`, judged on
//! its words wherever the year and the agency stand (`2024年上海市科委政府信息公开工作年度报告`:
//! the agency stands between `<年份>年` and the wording) and over the two or three lines of a
//! centred title (the agency above; year and agency above the wording; the wording itself split).
//! Page furniture (breadcrumbs, dates, counters) is never the title; a title that runs into the
//! first sentence (`…年度报告根据《条例》…编制。`) is the title up to its wording; a near-miss
//! wording (`…政府信息公开工作报告`, `…信息公开工作年度报告`) with a year is a title whose wording
//! NB308 names; and a title-like line that names the reports without being one's title (a notice
//! `…关于做好…年度报告编制和发布工作的通知`, a note `…年度报告审核意见`) is a mention.

use crate::model::Title;
use crate::normalize::{enumerator_len, is_space, narrow};
use std::ops::Range;

/// The format's wording of the report's name.
pub const WORDING: &str = "政府信息公开工作年度报告";

/// What a line before the first section is, for the title.
pub(super) enum Found {
    /// The title, ending on this line (it may start on a line above).
    Title(Title),
    /// A title-like line that names the reports but is not a report's own title: its words.
    Mention(Range<usize>),
    Nothing,
}

/// A character of a title's words (spaces dropped, full width narrowed) and its bytes.
#[derive(Clone, Copy, Debug)]
struct Ch {
    c: char,
    at: usize,
    end: usize,
}

/// The title the line `line` (trimmed) ends, with `above` the non-blank lines before it (nearest
/// last) for a title set on several lines.
pub(super) fn find(text: &str, above: &[Range<usize>], line: Range<usize>) -> Found {
    let body = &text[line.clone()];
    let has = |w: &str| memchr::memmem::find(body.as_bytes(), w.as_bytes()).is_some();
    if !(has("报告") || has("年报")) || breadcrumb(body) {
        return Found::Nothing;
    }
    // A title is read from the line's first words: a longer line is prose the title may open.
    let mut joined = chars(text, line);
    let long = joined.len() > LINE;
    joined.truncate(LINE);
    let mut best = match read(&joined) {
        Read::Mention if long => Read::No,
        Read::Mention => return Found::Mention(joined[0].at..joined[joined.len() - 1].end),
        r => r,
    };
    // A centred title on two or three lines: the agency above `2023年政府信息公开工作年度报告`,
    // `2024年南关区永吉街道办事处` above `政府信息公开工作年度报告`, `…2023年政府信息公开工作`
    // above `年度报告`. A line above is used when it completes the title.
    for p in above.iter().rev().take(2) {
        if matches!(&best, Read::Title(r) if r.complete()) || !title_like(text, p) {
            break;
        }
        let mut more = chars(text, p.clone());
        let n = more.len();
        more.extend_from_slice(&joined);
        match read(&more) {
            // A line that adds only words before the year is an agency's name.
            Read::Title(r)
                if r.score() > best.score()
                    && (r.wording.start < n || has_digit(&more[..n]) || agency_like(&more[..n])) =>
            {
                best = Read::Title(r);
                joined = more;
            }
            _ => break,
        }
    }
    match best {
        Read::Title(r) => Found::Title(Title {
            span: joined[0].at..joined[r.end - 1].end,
            agency: r.agency,
            year: r.year,
            wording: joined[r.wording].iter().map(|c| c.c).collect(),
        }),
        Read::Mention | Read::No => Found::Nothing,
    }
}

/// The most words a title line has (a longer line is a sentence, which a title may open).
const LINE: usize = 80;

/// The words of the line `line`: spaces dropped, full width narrowed, Markdown marks
/// (`# …`, `**…**`) around it dropped; one more than [`LINE`] at most.
fn chars(text: &str, line: Range<usize>) -> Vec<Ch> {
    let mark = |c: char| is_space(c) || c == '#' || c == '*';
    let s = &text[line.clone()];
    let inner = s.trim_start_matches(mark);
    let base = line.start + s.len() - inner.len();
    inner
        .trim_end_matches(mark)
        .char_indices()
        .filter(|(_, c)| !is_space(*c))
        .take(LINE + 1)
        .map(|(i, c)| Ch { c: narrow(c), at: base + i, end: base + i + c.len_utf8() })
        .collect()
}

/// How a run of words reads.
enum Read {
    Title(Reading),
    Mention,
    No,
}

impl Read {
    fn score(&self) -> u8 {
        match self {
            Read::Title(r) => r.score(),
            _ => 0,
        }
    }
}

struct Reading {
    year: Option<u32>,
    agency: Option<String>,
    /// The wording (`政府信息公开工作年度报告` or a near-miss), as indices into the words.
    wording: Range<usize>,
    /// Where the title ends (index into the words).
    end: usize,
}

impl Reading {
    fn complete(&self) -> bool {
        self.year.is_some() && self.agency.is_some()
    }

    fn score(&self) -> u8 {
        1 + u8::from(self.year.is_some()) + u8::from(self.agency.is_some())
    }
}

/// Punctuation that makes words a sentence (or a page's field), not a title.
const SENTENCE: &[char] =
    &[',', '，', '。', ';', '；', ':', '：', '!', '！', '?', '？', '《', '》', '“', '”', '"', '「', '」', '<', '>'];

/// Words that start a sentence: running on from the title (`…年度报告根据《条例》…编制。`), or
/// naming the report (`现将我局2023年…年度报告公布如下`: no title).
const SENTENCE_STARTS: &[&str] =
    &["根据", "是根据", "依据", "按照", "遵照", "本报告", "本年度", "现将", "现予", "现公布"];

/// A word that starts a sentence running on from the title (`…年度报告经局务会审议通过，…`) but
/// may start an agency's name (`经济技术开发区管委会…`): looked for after the wording only.
const RUN_ON_STARTS: &[&str] = &["经"];

/// A page's location line (with a breadcrumb): never a title.
const LOCATION: &[&str] = &["当前位置", "现在的位置", "所在位置", "您的位置"];

/// Page furniture besides the location: a page's fields and tools, never part of a title.
const FURNITURE: &[&str] = &[
    "发布时间",
    "发布日期",
    "发表日期",
    "发表时间",
    "发布机构",
    "发布单位",
    "发文日期",
    "成文日期",
    "来源",
    "作者",
    "索引号",
    "字号",
    "字体",
    "浏览",
    "访问量",
    "点击数",
    "点击量",
    "阅读次数",
    "长者版",
    "关怀版",
    "无障碍",
    "IPv6",
    "分享",
    "打印",
    "关闭窗口",
    "主办单位",
    "扫一扫",
    "语音朗读",
    "登录",
];

/// The last character of an agency's name (`…人民政府`, `…办公室`, `…局`, `…街道`, `…乡`).
const AGENCY_ENDS: &str = "府室厅局委会部署办心道乡镇处院所站区县市旗州盟省队馆团场社行关司台校";

/// Whether the words `w` stand in `cs` at `i`.
fn at(cs: &[Ch], i: usize, w: &str) -> bool {
    (i..).zip(w.chars()).all(|(k, c)| cs.get(k).is_some_and(|x| x.c == c))
}

/// Whether a year stands in `cs`.
fn has_year(cs: &[Ch]) -> bool {
    year_and_agency(cs, &[]).0.is_some()
}

fn has_digit(cs: &[Ch]) -> bool {
    cs.iter().any(|c| c.c.is_ascii_digit())
}

/// The wording naming the report: `(政府)信息公开(工作)(年度)报告` or `…年报`; whether it is the
/// format's `政府信息公开工作年度报告`.
fn wording(cs: &[Ch]) -> Option<(Range<usize>, bool)> {
    (0..cs.len()).filter(|&i| at(cs, i, "信息公开")).find_map(|i| {
        let gov = i >= 2 && at(cs, i - 2, "政府");
        let mut j = i + 4;
        let work = at(cs, j, "工作");
        if work {
            j += 2;
        }
        let (end, full) = if at(cs, j, "年度报告") {
            (j + 4, true)
        } else if at(cs, j, "年报") || at(cs, j, "报告") {
            (j + 2, false)
        } else {
            return None;
        };
        Some((if gov { i - 2 } else { i }..end, gov && work && full))
    })
}

/// How `cs` reads as a title.
fn read(cs: &[Ch]) -> Read {
    let Some((wording, canonical)) = wording(cs) else { return Read::No };
    let head = &cs[..wording.start];
    let head_str: String = head.iter().map(|c| c.c).collect();
    // A sentence naming the report (`现将我局2023年政府信息公开工作年度报告公布如下`) is no title.
    let sentence = head.iter().any(|c| SENTENCE.contains(&c.c)) || SENTENCE_STARTS.iter().any(|w| at(head, 0, w));
    if head.len() > 48 || sentence || enumerator_len(&head_str) > 0 {
        return Read::No;
    }
    let Some(extra) = tail(&cs[wording.end..]) else { return Read::Mention };
    if head_str.contains("关于") {
        return Read::Mention;
    }
    let end = wording.end + extra;
    let (year, agency) = year_and_agency(head, &cs[wording.end..end]);
    // No number but the year (`本次审核县直18个部门…报送的2023年…年度报告，…` is a sentence).
    let digits = head.iter().filter(|c| c.c.is_ascii_digit()).count();
    let year_digits = if has_year(head) { 4 } else { 0 };
    if (!canonical && year.is_none()) || digits != year_digits {
        return Read::No;
    }
    // A title the first sentence runs on from names an agency as agencies are named.
    let runs_on = end < cs.len();
    if runs_on && agency.as_deref().is_some_and(|a| !a.ends_with(|c| AGENCY_ENDS.contains(c))) {
        return Read::No;
    }
    Read::Title(Reading { year, agency, wording, end })
}

/// What follows the wording in a title: how many of its characters belong to the title, or
/// `None` when the words run on into another name (`…年度报告编制和发布工作的通知`: a mention).
fn tail(t: &[Ch]) -> Option<usize> {
    let Some(first) = t.first() else { return Some(0) };
    match first.c {
        // `（摘要）` closing the line is the title's; `(以下简称年报)是根据…` starts the sentence.
        '(' | '【' | '[' | '〔' => {
            let close = t.iter().position(|c| matches!(c.c, ')' | '】' | ']' | '〕'));
            Some(close.filter(|&k| k + 1 == t.len() && k <= 12).map_or(0, |k| k + 1))
        }
        c if c.is_ascii_digit() || c.is_ascii_punctuation() || SENTENCE.contains(&c) || "。、—".contains(c) => {
            Some(0)
        }
        _ if SENTENCE_STARTS.iter().chain(RUN_ON_STARTS).chain(FURNITURE).chain(LOCATION).any(|w| at(t, 0, w)) => {
            Some(0)
        }
        _ => None,
    }
}

/// The year (four digits standing alone, 1990–2100) and the agency: the words before the year,
/// or, with the year first, the words between `<年份>年` (or `年度`) and the wording.
fn year_and_agency(head: &[Ch], after: &[Ch]) -> (Option<u32>, Option<String>) {
    let digit = |k: usize| head.get(k).is_some_and(|c| c.c.is_ascii_digit());
    let found = (0..head.len().saturating_sub(3)).find_map(|i| {
        let alone = (i == 0 || !digit(i - 1)) && !digit(i + 4);
        let y = head[i..i + 4].iter().try_fold(0u32, |v, c| c.c.to_digit(10).map(|d| v * 10 + d))?;
        (alone && (1990..=2100).contains(&y)).then_some((i, y))
    });
    let name = |cs: &[Ch]| Some(cs.iter().map(|c| c.c).collect::<String>()).filter(|s| !s.is_empty());
    match found {
        Some((i, y)) => {
            let mut rest = &head[i + 4..];
            for w in ["年度", "年"] {
                if at(rest, 0, w) {
                    rest = &rest[w.chars().count()..];
                    break;
                }
            }
            (Some(y), name(&head[..i]).or_else(|| name(rest)))
        }
        // A year in the parenthesis after the wording: `…年度报告（2023年）`.
        None if !after.is_empty() => (year_and_agency(after, &[]).0, name(head)),
        None => (None, name(head)),
    }
}

/// A breadcrumb (`当前位置:首页 > 政府信息公开 > 政府信息公开年度报告 > 2024`) or a page's
/// location line: never the title, whatever it names.
fn breadcrumb(s: &str) -> bool {
    let arrows = s.matches(['>', '＞', '»', '›']).count();
    LOCATION.iter().any(|w| s.contains(w))
        || arrows >= 2
        || (s.contains("首页") && (arrows > 0 || s.contains('/') || s.contains('／')))
}

/// Page furniture: a breadcrumb, a page's fields (`发布时间:`, `索引号:`, `浏览次数`) or tools.
fn furniture(s: &str) -> bool {
    breadcrumb(s) || FURNITURE.iter().any(|w| s.contains(w))
}

/// Whether the line `line` may be part of a title set on several lines: short words, no
/// sentence punctuation, no number but a year, no page furniture, not a heading or a row.
fn title_like(text: &str, line: &Range<usize>) -> bool {
    let s = &text[line.clone()];
    if s.contains(['\t', '|']) || furniture(s) {
        return false;
    }
    let cs = chars(text, line.clone());
    let head: String = cs.iter().map(|c| c.c).collect();
    if cs.is_empty() || cs.len() > 40 || cs.iter().any(|c| SENTENCE.contains(&c.c)) || enumerator_len(&head) > 0 {
        return false;
    }
    if head.contains("报告") || head.contains("年报") {
        return false;
    }
    // Letters and digits: only a year.
    let alnum: Vec<&Ch> = cs.iter().filter(|c| c.c.is_ascii_alphanumeric()).collect();
    alnum.is_empty() || (alnum.len() == 4 && year_and_agency(&cs, &[]).0.is_some())
}

/// Words that can be an agency's name alone on the line above a title: no number, not a word
/// of the title, ending as agencies' names end (before a parenthesis: `…办公室（县政务公开办）`),
/// or the template's placeholder for it (`（行政机关名称）`).
fn agency_like(cs: &[Ch]) -> bool {
    let words: String = cs.iter().map(|c| c.c).collect();
    let name = match words.strip_suffix(')') {
        Some(w) => match w.rfind('(') {
            // The whole line in brackets: the placeholder of the official template.
            Some(0) => return ["名称", "机关", "单位"].iter().any(|p| w.contains(p)),
            Some(open) => &w[..open],
            None => w,
        },
        None => &words,
    };
    name.chars().count() >= 2
        && !name.chars().any(|c| c.is_ascii_alphanumeric())
        && !name.contains("公开")
        && name.ends_with(|c| AGENCY_ENDS.contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title `lines` (the last one ends it) give, as (agency, year, wording, title text).
    fn title(text: &str) -> Option<(Option<String>, Option<u32>, String, String)> {
        let mut lines = Vec::new();
        let mut start = 0;
        for l in text.split('\n') {
            if !l.trim().is_empty() {
                let lead = l.len() - l.trim_start().len();
                lines.push(start + lead..start + l.trim_end().len());
            }
            start += l.len() + 1;
        }
        let (last, above) = lines.split_last()?;
        match find(text, above, last.clone()) {
            Found::Title(t) => Some((t.agency, t.year, t.wording, text[t.span].to_string())),
            _ => None,
        }
    }

    #[test]
    fn words_year_and_agency_on_one_line() {
        for (line, agency, year) in [
            ("孟州市人民政府2023年政府信息公开工作年度报告", "孟州市人民政府", 2023),
            ("孟州市人民政府 ２０２３ 年政府信息公开工作年度报告", "孟州市人民政府", 2023),
            ("# 孟州市 人民政府2022年政府信息 公开工作年度 报告", "孟州市人民政府", 2022),
            ("霞山区教育局2022年度政府信息公开工作年度报告", "霞山区教育局", 2022),
            ("经济技术开发区管委会2023年政府信息公开工作年度报告", "经济技术开发区管委会", 2023),
            // Year first: the agency stands between `<年份>年` and the wording.
            ("2024年上海市科委政府信息公开工作年度报告", "上海市科委", 2024),
            ("2025年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2025),
            ("2022年上海市政府信息公开工作年度报告", "上海市", 2022),
            ("2024年度南关区永吉街道办事处政府信息公开工作年度报告", "南关区永吉街道办事处", 2024),
            ("**孟州市人民政府2023年政府信息公开工作年度报告（摘要）**", "孟州市人民政府", 2023),
        ] {
            let t = title(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((t.0.as_deref(), t.1, t.2.as_str()), (Some(agency), Some(year), WORDING), "{line}");
        }
        assert!(title("政府信息公开工作").is_none());
        // The wording alone is a title, lacking its year and agency.
        assert_eq!(title("政府信息公开工作年度报告").map(|t| (t.0, t.1)), Some((None, None)));
    }

    #[test]
    fn a_title_over_two_or_three_lines() {
        for (text, agency, year, span) in [
            (
                "高平市人民政府办公室\n2023年政府信息公开工作年度报告",
                "高平市人民政府办公室",
                2023,
                "高平市人民政府办公室\n2023年政府信息公开工作年度报告",
            ),
            (
                "广元市人民政府以工代赈办公室\n2020年度政府信息公开工作年度报告",
                "广元市人民政府以工代赈办公室",
                2020,
                "广元市人民政府以工代赈办公室\n2020年度政府信息公开工作年度报告",
            ),
            (
                "网站支持IPv6\n\n四川省人力资源和社会保障厅\n2023年政府信息公开工作年度报告",
                "四川省人力资源和社会保障厅",
                2023,
                "四川省人力资源和社会保障厅\n2023年政府信息公开工作年度报告",
            ),
            (
                "2024年南关区永吉街道办事处\n政府信息公开工作年度报告",
                "南关区永吉街道办事处",
                2024,
                "2024年南关区永吉街道办事处\n政府信息公开工作年度报告",
            ),
            (
                "信丰县卫生健康委2023年政府信息公开工作\n\n年度报告",
                "信丰县卫生健康委",
                2023,
                "信丰县卫生健康委2023年政府信息公开工作\n\n年度报告",
            ),
            (
                "（行政机关名称）\n2024 年政府信息公开工作年度报告",
                "(行政机关名称)",
                2024,
                "（行政机关名称）\n2024 年政府信息公开工作年度报告",
            ),
            (
                "孟州县人民政府办公室（县政务公开办）\n2024年政府信息公开工作年度报告",
                "孟州县人民政府办公室(县政务公开办)",
                2024,
                "孟州县人民政府办公室（县政务公开办）\n2024年政府信息公开工作年度报告",
            ),
            (
                "孟州市人民政府\n2023 年\n政府信息公开工作年度报告",
                "孟州市人民政府",
                2023,
                "孟州市人民政府\n2023 年\n政府信息公开工作年度报告",
            ),
        ] {
            let t = title(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((t.0.as_deref(), t.1, t.3.as_str()), (Some(agency), Some(year), span), "{text}");
        }
    }

    #[test]
    fn lines_above_that_are_not_the_agency() {
        // Page furniture, a menu word, a sentence: the title lacks its agency.
        for above in [
            "发布时间：2024-01-22",
            "政府信息公开",
            "首页",
            "智慧越秀VR旅游平台",
            "现将有关情况报告如下。",
            "（征求意见稿）",
        ] {
            let text = format!("{above}\n2023年政府信息公开工作年度报告");
            let t = title(&text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!((t.0, t.3.as_str()), (None, "2023年政府信息公开工作年度报告"), "{text}");
        }
    }

    #[test]
    fn page_furniture_is_never_the_title() {
        for line in [
            "当前位置:首页 > 政府信息公开 > 政府信息公开年度报告 > 2024 > 乡镇(街道)",
            "您现在的位置：首页 > 政府信息公开年报 > 2023年政府信息公开工作年度报告",
            "首页 / 政府信息公开 / 政府信息公开工作年度报告",
        ] {
            assert!(matches!(find(line, &[], 0..line.len()), Found::Nothing), "{line}");
        }
    }

    #[test]
    fn a_title_running_into_the_first_sentence_is_the_title_up_to_its_wording() {
        for (line, span) in [
            (
                "安镇街道2024年政府信息公开工作年度报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。",
                "安镇街道2024年政府信息公开工作年度报告",
            ),
            (
                "遂宁市人力资源和社会保障局2019年政府信息公开工作年度报告(以下简称年报)是根据《条例》编制。",
                "遂宁市人力资源和社会保障局2019年政府信息公开工作年度报告",
            ),
            ("东风路街道2024年政府信息公开工作年度报告 发布时间：2025-01-16", "东风路街道2024年政府信息公开工作年度报告"),
            ("某县统计局2023年政府信息公开工作年度报告经局务会审议通过，现予公布。", "某县统计局2023年政府信息公开工作年度报告"),
        ] {
            let t = title(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(t.3, span);
        }
    }

    #[test]
    fn a_near_miss_is_a_title_with_its_own_wording() {
        for (line, wording) in [
            ("自然资源部2024年政府信息公开工作报告", "政府信息公开工作报告"),
            ("下湿壕镇政府2022年信息公开工作年度报告", "信息公开工作年度报告"),
            ("民主镇人民政府2024年政府信息公开年度报告", "政府信息公开年度报告"),
            ("某区2023年政府信息公开年报", "政府信息公开年报"),
        ] {
            let t = title(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!((t.1.is_some(), t.2.as_str()), (true, wording), "{line}");
        }
        // Without a year a near-miss is a page's headline or a menu, not a title.
        assert!(title("政府信息公开工作年报").is_none());
    }

    #[test]
    fn a_mention_is_not_a_title() {
        for line in [
            "武威市人民政府办公室关于做好2025年政府信息公开工作年度报告编制和发布工作的通知",
            "# 2023年度政府信息公开工作年度报告审核意见",
            "关于2023年政府信息公开工作年度报告",
            "市政府办公室2023年政府信息公开工作年度报告和政府网站工作年度报表",
        ] {
            assert!(matches!(find(line, &[], 0..line.len()), Found::Mention(_)), "{line}");
        }
        // A sentence naming the reports is neither.
        for line in [
            "根据《条例》规定，现公布区统计局2023年政府信息公开工作年度报告。",
            "现将我局2023年政府信息公开工作年度报告公布如下",
        ] {
            assert!(matches!(find(line, &[], 0..line.len()), Found::Nothing), "{line}");
        }
    }
}
