//! NB302 breakdown-sum: the parts listed after `其中` do not exceed (or, for a partition, equal) the whole.

use super::Context;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::normalize::narrow;
use crate::prose::CLAUSE_STOPS;
use crate::Lang;
use std::ops::Range;

crate::declare_rule! {
    /// Checks `N（其中：A a，B b）` and `N 件，其中 A a 件、B b 件` breakdowns in the prose: the
    /// parts may not add up to more than the whole, and when they split it into a partition
    /// (个人/法人, 自然人/法人) they must add up to it exactly.
    ///
    /// The whole is the count right before `其中` (`1640篇，其中`), or before the annotation
    /// that follows it (`177件(含2022年结转的3件),其中`). The parts are the counts listed after
    /// `其中`, one a clause, up to the end of the sentence (or of the parenthesis `其中` opens)
    /// and only while they are parts of the whole: a clause in another unit (`关注人数达1016823人`
    /// after articles in 篇), with a word of another statement (`共`, `累计`, `达`, `上年`,
    /// `结转`…), with two counts (a part broken down itself) or an approximate count (`60余条`)
    /// ends the list, and `…121篇等` is its last part. Decimals, percentages and dates are not
    /// counts.
    ///
    /// A finding is a warning when the reading is unambiguous: every part in the whole's unit
    /// (or the parts and the whole without one) and the list running to the end of its sentence
    /// or parenthesis; otherwise (parts without a unit after a whole with one, or a list cut by
    /// a clause about something else) it is info.
    ///
    /// A `其中` opening the next sentence (`…共465条。其中…`) is not paired with a whole: which
    /// count of the sentence before it breaks down is a guess, and the parts of a list without
    /// `等` may still leave some out, so a sum below the whole proves nothing.
    ///
    /// ## Why
    /// A breakdown that does not add up is a typo in one of the numbers, and readers notice.
    ///
    /// ## Example
    /// `办理服务事项 245720 件（其中：自然人办件量 42935，法人办件量 202786）` gives
    /// `“其中”各项之和 245721（42935+202786）与总数 245720 不符`.
    ///
    /// A `其中` that lists only some parts (`其中予以公开 42 件`) is fine as long as it does not
    /// exceed the whole.
    ///
    /// ## Fix
    /// None.
    pub static NB302 = Rule {
        code: "NB302",
        name: "breakdown-sum",
        severity: Warning,
        fix: None,
        summary_zh: "“其中”各项之和不超过总数（完整分项时相等）",
        summary_en: "a 其中 breakdown does not exceed its whole",
        words: ["其中"],
        check: check,
    };
    doc_zh {
        /// 检查正文中 `N（其中：A a，B b）` 和 `N 件，其中 A a 件、B b 件` 这类分项：各分项之和
        /// 不能超过总数；分项构成完整划分时（个人/法人，自然人/法人），之和必须正好等于总数。
        ///
        /// 总数是紧挨在 `其中` 前面的数（`1640篇，其中`），或紧跟在它后面的括注之前的数
        /// （`177件(含2022年结转的3件),其中`）。分项是 `其中` 之后逐个分句列出的数，直到句末
        /// （或 `其中` 所在括号的末尾），且只在它们确是总数的组成部分时才算：单位不同的分句
        /// （篇数之后的 `关注人数达1016823人`）、带有另一陈述用语的分句（`共`、`累计`、`达`、`上年`、
        /// `结转`……）、含两个数的分句（本身又有分项）或约数（`60余条`）都会结束列举，
        /// `…121篇等` 是最后一项。小数、百分比和日期不是计数。
        ///
        /// 读法无歧义时提示为警告：每个分项都与总数单位相同（或分项与总数都没有单位），且列举
        /// 一直到句末或括号末尾；否则（总数有单位而分项没有，或列举被另一话题的分句截断）为提示信息。
        ///
        /// 位于下一句开头的 `其中`（`…共465条。其中…`）不与总数配对：前一句中哪个数被分项是猜测，
        /// 而且不带 `等` 的列举仍可能漏列，分项之和小于总数说明不了什么。
        ///
        /// ## 为什么
        /// 分项加起来不对，说明其中某个数写错了，读者也会注意到。
        ///
        /// ## 示例
        /// `办理服务事项 245720 件（其中：自然人办件量 42935，法人办件量 202786）` 提示
        /// `“其中”各项之和 245721（42935+202786）与总数 245720 不符`。
        ///
        /// 只列出部分分项的 `其中`（`其中予以公开 42 件`）只要不超过总数，就没有问题。
        ///
        /// ## 修复
        /// 无。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// The parts after 其中 (`joined`: `12+3`) add up to `sum`, not `whole`.
    Sum { sum: u128, joined: &'a str, whole: u64 },
    /// A related location: one part.
    Part { value: u64 },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Sum { sum, joined, whole } => lang.pick(
                format!("“其中”各项之和 {sum}（{joined}）与总数 {whole} 不符"),
                format!("the parts after 其中 add up to {sum} ({joined}), not the whole {whole}"),
            ),
            Msg::Part { value } => lang.pick(format!("分项 {value}"), format!("part {value}")),
        }
    }
}

/// Measure words a count is written with; a longer one before any it ends with or starts with.
const UNITS: &[&str] = &[
    "万人次",
    "人次",
    "场次",
    "万元",
    "亿元",
    "千元",
    "元",
    "件",
    "条",
    "篇",
    "个",
    "项",
    "次",
    "人",
    "份",
    "家",
    "户",
    "场",
    "期",
    "部",
    "本",
    "台",
    "套",
    "起",
    "宗",
    "批",
    "名",
    "所",
    "位",
    "封",
    "张",
    "册",
    "处",
    "笔",
    "例",
];

/// Words of a clause that says something else than a part of the whole: another total, a
/// state, a comparison, another year's quantity.
const OTHER_STATEMENT: &[&str] = &[
    "共计",
    "总计",
    "合计",
    "累计",
    "共有",
    "达",
    "目前",
    "截至",
    "同比",
    "比上年",
    "较上年",
    "上年",
    "去年",
    "结转",
    "增长",
    "增加",
    "减少",
];

/// Words right before a count that make it approximate.
const APPROXIMATE: &[&str] = &["约", "近", "超过", "逾", "超", "余"];

/// A number in prose, read for a breakdown.
#[derive(Clone, Debug, PartialEq)]
enum Number {
    /// A count: its span (absolute), value, unit (`None`: none written) and whether it is
    /// approximate (`60余条`, `约60条`).
    Count { span: Range<usize>, value: u64, unit: Option<&'static str>, approx: bool },
    /// A number followed by something else than a unit (`170包括`), or too large: not a part.
    Other,
}

/// The unit `s` starts with.
fn unit_at(s: &str) -> Option<&'static str> {
    UNITS.iter().copied().find(|u| s.starts_with(u))
}

/// The numbers of `s` (which starts at byte `base` of the text), without decimals,
/// percentages, percentage points and dates, which are never counts.
fn numbers(s: &str, base: usize) -> Vec<Number> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = s[i..].chars().next() {
        if !narrow(c).is_ascii_digit() {
            i += c.len_utf8();
            continue;
        }
        let end = i + s[i..].chars().take_while(|d| narrow(*d).is_ascii_digit()).map(char::len_utf8).sum::<usize>();
        let start = i;
        i = end;
        let rest = s[end..].trim_start_matches([' ', '\u{3000}']);
        if s[..start].ends_with(['.', '．'])
            || rest.starts_with(['.', '．', '%', '％', '年', '月', '日', '号', '时'])
            || rest.starts_with("个百分点")
        {
            continue;
        }
        let value =
            s[start..end].chars().try_fold(0u64, |v, d| v.checked_mul(10)?.checked_add(narrow(d) as u64 - '0' as u64));
        let (unit, approx) = if rest.is_empty() || rest.starts_with(|n: char| CLAUSE_STOPS.contains(&n) || n == '等') {
            (None, false)
        } else if let Some(u) = unit_at(rest) {
            (Some(u), false)
        } else if let Some(more) = rest.strip_prefix(['余', '多']) {
            (unit_at(more), true)
        } else {
            out.push(Number::Other);
            continue;
        };
        let Some(value) = value else {
            out.push(Number::Other);
            continue;
        };
        let approx = approx || APPROXIMATE.iter().any(|w| s[..start].trim_end().ends_with(w));
        out.push(Number::Count { span: base + start..base + end, value, unit, approx });
    }
    out
}

/// The whole a `其中` at byte `k` of paragraph `p` breaks down.
struct Whole {
    /// Relative to the paragraph.
    span: Range<usize>,
    value: u64,
    unit: Option<&'static str>,
    /// `N 件（其中…）`: the list ends with the parenthesis.
    in_paren: bool,
    /// `177件(含2022年结转的3件),其中`: the whole carries an annotation.
    annotated: bool,
}

/// The count right before `其中` (`1640篇，其中`, `245720 件（其中`, `177件(含…3件),其中`).
fn whole_before(p: &str, k: usize) -> Option<Whole> {
    const SPACES: [char; 3] = [' ', '\u{3000}', '\t'];
    let mut head = p[..k].trim_end_matches(SPACES);
    let mut in_paren = false;
    if let Some(h) = head.strip_suffix(['（', '(']) {
        (head, in_paren) = (h, true);
    } else if let Some(h) = head.strip_suffix(['，', ',', '：', ':']) {
        head = h;
    }
    head = head.trim_end_matches(SPACES);
    // An annotation of the whole (`(含2022年结转的3件)`, `（含上年结转）`): a short parenthesis.
    let mut annotated = false;
    if !in_paren && head.ends_with(['）', ')']) {
        let open = head.rfind(['（', '('])?;
        let inside = &head[open..];
        // Between the brackets (each one or three bytes: `(` or `（`).
        let inner = inside.strip_prefix(['（', '(']).and_then(|s| s.strip_suffix(['）', ')'])).unwrap_or("");
        if inside.chars().count() > 30 || inner.contains(['）', ')']) {
            return None;
        }
        head = head[..open].trim_end_matches(SPACES);
        annotated = true;
    }
    let unit = UNITS.iter().copied().find(|u| head.ends_with(u));
    head = head[..head.len() - unit.map_or(0, str::len)].trim_end_matches(SPACES);
    let digits = head.char_indices().rev().take_while(|(_, c)| narrow(*c).is_ascii_digit()).last()?.0;
    let before = &head[..digits];
    if before.ends_with(['.', '．']) || APPROXIMATE.iter().any(|w| before.trim_end().ends_with(w)) {
        return None;
    }
    let value =
        head[digits..].chars().try_fold(0u64, |v, d| v.checked_mul(10)?.checked_add(narrow(d) as u64 - '0' as u64))?;
    Some(Whole { span: digits..head.len(), value, unit, in_paren, annotated })
}

/// One part of a breakdown: its count and the words before it in its clause.
struct Part {
    span: Range<usize>,
    value: u64,
    unit: Option<&'static str>,
    label: Range<usize>,
}

/// The parts listed from byte `from` of paragraph `p` (at `base` in the text), one a clause,
/// while they are parts of `whole`; and whether the list was cut short by a clause about
/// something else (rather than ending with its sentence, parenthesis or `等`).
fn parts_after(p: &str, from: usize, base: usize, whole: &Whole) -> (Vec<Part>, bool) {
    let mut parts = Vec::new();
    // Clauses at parenthesis depth 0; a parenthesis inside the list is an annotation.
    let mut depth = 0usize;
    let mut clause = from;
    let item = |start: usize, end: usize, parens: &[Range<usize>], parts: &mut Vec<Part>| -> Option<bool> {
        // Some(cut) ends the list.
        let text = &p[start..end];
        if text.trim_matches(SPACES_AND_COLON).is_empty() {
            return None;
        }
        let nums: Vec<Number> = numbers(text, start)
            .into_iter()
            .filter(|n| !matches!(n, Number::Count { span, .. } if parens.iter().any(|r| r.contains(&span.start))))
            .collect();
        let [Number::Count { span, value, unit, approx }] = &nums[..] else {
            // No count: the list is over; two counts or another number: a clause of another shape.
            return Some(!nums.is_empty());
        };
        let label = start..span.start;
        let words = &p[label.clone()];
        let unit_fits = unit.is_none() || whole.unit.is_none() || *unit == whole.unit;
        if *approx || !unit_fits || OTHER_STATEMENT.iter().any(|w| words.contains(w)) {
            return Some(true);
        }
        parts.push(Part { span: base + span.start..base + span.end, value: *value, unit: *unit, label });
        p[span.end..end].contains('等').then_some(false)
    };
    let mut parens: Vec<Range<usize>> = Vec::new();
    let mut open = 0;
    for (j, c) in p[from..].char_indices().map(|(j, c)| (from + j, c)) {
        match c {
            '（' | '(' => {
                if depth == 0 {
                    open = j;
                }
                depth += 1;
            }
            '）' | ')' if depth == 0 => {
                // The end of the parenthesis `其中` stands in, or a stray one: the list ends.
                let cut = item(clause, j, &parens, &mut parts).unwrap_or(false) && !whole.in_paren;
                return (parts, cut);
            }
            '）' | ')' => {
                depth -= 1;
                if depth == 0 {
                    parens.push(open..j + c.len_utf8());
                }
            }
            '。' | '；' | ';' | '！' | '？' => {
                let cut = item(clause, j, &parens, &mut parts).unwrap_or(false);
                return (parts, cut);
            }
            '，' | ',' | '、' if depth == 0 => {
                if let Some(cut) = item(clause, j, &parens, &mut parts) {
                    return (parts, cut);
                }
                clause = j + c.len_utf8();
            }
            _ => {}
        }
    }
    let cut = item(clause, p.len(), &parens, &mut parts).unwrap_or(false);
    (parts, cut)
}

const SPACES_AND_COLON: [char; 5] = [' ', '\u{3000}', '\t', '：', ':'];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (para, qi_zhong) in ctx.marks.in_paragraphs("其中", ctx.paragraphs) {
        let p = &ctx.text[para.clone()];
        for k in qi_zhong.iter().map(|at| at - para.start) {
            let Some(whole) = whole_before(p, k) else { continue };
            let (parts, cut) = parts_after(p, k + "其中".len(), para.start, &whole);
            if parts.len() < 2 {
                continue;
            }
            // In u128: parts that add up beyond u64 are reported with their true sum, never saturated.
            let sum: u128 = parts.iter().map(|part| part.value as u128).sum();
            let label = |part: &Part, words: &[&str]| words.iter().any(|w| p[part.label.clone()].contains(w));
            let (natural, legal) = (["自然人", "个人", "公民"], ["法人", "组织", "企业"]);
            let partition = parts.iter().all(|x| label(x, &natural) || label(x, &legal))
                && parts.iter().any(|x| label(x, &natural))
                && parts.iter().any(|x| label(x, &legal));
            let exceeds = sum > whole.value as u128;
            if !(exceeds || (partition && sum != whole.value as u128)) {
                continue;
            }
            // Unambiguous: the parts in one unit, the whole's (or none), the list whole, and a
            // partition's equality owed by a whole that is not annotated (`含上年结转`).
            let unit = parts[0].unit;
            let one_unit = parts.iter().all(|x| x.unit == unit) && (unit.is_none() || unit == whole.unit);
            let sure = one_unit && !cut && (exceeds || !whole.annotated);
            let joined = parts.iter().map(|x| x.value.to_string()).collect::<Vec<_>>().join("+");
            let message = Msg::Sum { sum, joined: &joined, whole: whole.value }.text(ctx.lang);
            let related = parts
                .iter()
                .map(|x| Related { span: x.span.clone(), message: Msg::Part { value: x.value }.text(ctx.lang) })
                .collect();
            let span = para.start + whole.span.start..para.start + whole.span.end;
            let mut d = NB302.diag_related(span, message, None, related);
            if !sure {
                d.severity = Severity::Info;
            }
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn partition_not_adding_up_is_found() {
        let text = SEED_002.replace("法人办件量 202785", "法人办件量 202786");
        assert_eq!(codes(&text), vec!["NB302"]);
    }

    #[test]
    fn parts_exceeding_the_whole_are_found() {
        let text = SEED_002.replace("发布信息 3017 条", "发布信息 30 条（其中政策文件 20 条、解读 15 条）");
        assert_eq!(codes(&text), vec!["NB302"]);
    }

    #[test]
    fn near_miss_partial_breakdown() {
        assert!(codes(SEED_002).is_empty());
        let text = SEED_002.replace("发布信息 3017 条", "发布信息 3017 条（其中政策文件 20 条、解读 15 条）");
        assert!(codes(&text).is_empty());
    }

    /// The NB302 findings on seed 002 with `sentence` added to its prose: (underlined, severity).
    fn nb302(sentence: &str) -> Vec<(String, crate::Severity)> {
        let text = SEED_002.replacen("二、主动公开政府信息情况", &format!("{sentence}\n\n二、主动公开政府信息情况"), 1);
        let ds = crate::check(&text, &Default::default());
        ds.iter().filter(|d| d.rule.code == "NB302").map(|d| (text[d.span.clone()].to_string(), d.severity)).collect()
    }

    #[test]
    fn parts_in_another_unit_are_not_parts() {
        // Issue 13: a count of followers (人) after a breakdown of articles (篇), a count of
        // cases (件) in a breakdown of money (元).
        assert!(nb302("全年共编发文章1640篇，其中原创文章294篇，微信公众号目前关注人数达1016823人。").is_empty());
        assert!(nb302("收取信息处理费共计380元，其中民政局1件，收取380元。").is_empty());
        // In the whole's unit, the same parts exceeding it are found.
        assert_eq!(
            nb302("全年共编发文章1640篇，其中原创文章1294篇，转载文章400篇，微信公众号目前关注人数达1016823人。"),
            [("1640".to_string(), crate::Severity::Info)]
        );
    }

    #[test]
    fn a_breakdown_in_the_wholes_unit_is_a_warning() {
        // 2022 湛江市霞山区教育局 (tests/corpus): four parts in 篇, the list ending at the `；`.
        let found = nb302("霞山区教育局网站2022年累计发布信息53篇，其中组织机构2篇、部门文件5篇、工作动态43篇、财政预算4篇；“霞山教育”微信公众号发布信息158条。");
        assert_eq!(found, [("53".to_string(), crate::Severity::Warning)]);
    }

    #[test]
    fn the_whole_is_before_its_annotation() {
        // 2023 东阳市自然资源和规划局 (tests/corpus): `177件(含2022年结转的3件),其中…` — the whole
        // is 177, not the 3 of the parenthesis; the six outcomes add up to it.
        let s = "办结依申请公开件177件(含2022年结转的3件),其中,予以公开60件,部分公开51件,不予公开4件,信息无法提供30件、不予处理3件,其他处理29件。";
        assert!(nb302(s).is_empty());
        let s = "办结依申请公开件177件(含2022年结转的3件),其中,予以公开60件,部分公开51件,不予公开4件,信息无法提供30件、不予处理3件,其他处理30件。";
        assert_eq!(nb302(s), [("177".to_string(), crate::Severity::Warning)]);
        // Full-width brackets (three bytes each): read the same, never sliced inside a character
        // (the seed_mutations fuzz target found `…（七）其中` panicking here).
        let s = "办结依申请公开件177件（含2022年结转的3件），其中，予以公开60件，部分公开51件，不予公开4件，信息无法提供30件、不予处理3件，其他处理30件。";
        assert_eq!(nb302(s), [("177".to_string(), crate::Severity::Warning)]);
        for s in ["共办理5件（七），其中予以公开2件。", "（）其中1件", "共5件（(）），其中予以公开2件。"]
        {
            let _ = nb302(s);
        }
    }

    #[test]
    fn a_clause_about_something_else_ends_the_list() {
        // 2022 高平市人民政府办公室 (tests/corpus), with last year's carry-over not 0: the
        // applicants split the 12 received; 上年度结转 is another quantity.
        let s = "全年共收到和办理依申请公开12件,其中自然人申请件12件,法人或其他组织申请件0件,上年度结转政府信息公开申请2件。";
        assert!(nb302(s).is_empty());
        // A part that is itself broken down (2023 绵阳市安州区人社局) ends the list.
        let s = "全年主动公开信息219条，其中:机构职能类1条,领导简介及分工类1条,公示公告类36条,财政类信息11条,其他类170包括社会保障类127条,就业创业类36条,农民工服务保障类5条,人才人事类2条。";
        assert!(nb302(s).is_empty());
    }

    #[test]
    fn approximate_parts_are_not_summed() {
        assert!(nb302("全年发布信息100条，其中政策文件60余条、工作动态50条。").is_empty());
    }

    #[test]
    fn parts_beyond_u64_are_summed_exactly() {
        // Found reviewing overflow (issue 6): the parts were summed saturating at u64::MAX.
        let max = u64::MAX.to_string();
        let text = SEED_002
            .replace("自然人办件量 42935", &format!("自然人办件量 {max}"))
            .replace("法人办件量 202785", &format!("法人办件量 {max}"));
        let ds = crate::check(&text, &Default::default());
        let d = ds.iter().find(|d| d.rule.code == "NB302").expect("NB302");
        assert!(d.message.contains("36893488147419103230"), "{}", d.message);
    }
}
