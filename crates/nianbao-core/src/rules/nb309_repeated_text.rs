//! NB309 repeated-text: a prose section repeats most of the same section of last year's report.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{Report, SectionId};
use crate::Lang;
use std::collections::HashSet;

crate::declare_rule! {
    /// Checks, when last year's report of the same agency is at hand, that the prose of
    /// sections 一, 五 and 六 does not repeat half or more of the same section of last year's
    /// report (一 with the sections a local layout adds to it, such as Shanghai's
    /// 二、工作机制保障), as review offices judge copied reports: section by section, on the
    /// substantive text.
    ///
    /// - **What is compared**: each sentence (up to `。；！？` or a line end) of this year's
    ///   section with the sentences of the same section of last year's, with everything but
    ///   letters removed — numbers, years, spaces, punctuation: a sentence copied with only its
    ///   year or counts changed is the same text.
    /// - **What is not text**: sentences of fewer than 10 characters (`无。`, `存在的主要问题`)
    ///   and the statements the format asks for every year in the same words: the 信息处理费
    ///   statement (`2022年，无收取信息处理费情况。`, `按照…国办函〔2020〕109号…未收费`) and
    ///   `无其他需要报告的事项`.
    /// - **The rate**: the characters of this year's substantive sentences found in last
    ///   year's, over all of this year's substantive characters (rounded down), stated with
    ///   both counts.
    /// - **When**: the rate is 50% or more, of a section with at least 100 characters of
    ///   substantive text; a shorter section has too little of its own for a rate to mean
    ///   anything.
    ///
    /// ## Why
    /// Evaluations of the reports deduct points for copied text, and a copied 存在的主要问题
    /// section says nothing about this year.
    ///
    /// ## Example
    /// A 五、存在的主要问题及改进情况 whose sentences are 80% last year's gives
    /// `“五、存在的主要问题及改进情况”有 80% 的文字与上年报告（2022.txt）相同（412 字中 330 字与上年相同）`.
    ///
    /// ## Fix
    /// None.
    pub static NB309 = Rule {
        code: "NB309",
        name: "repeated-text",
        severity: Warning,
        fix: None,
        summary_zh: "各部分文字不照搬上年报告",
        summary_en: "prose sections are not copied from last year's report",
        check: check,
    };
    doc_zh {
        /// 同一机关上年的报告在手时，检查第一、五、六部分的文字没有一半或以上照搬上年报告的
        /// 同一部分（第一部分连同地方版式增设的部分，如上海的二、工作机制保障），按评估机构审阅
        /// 照搬报告的方式：逐部分、只看实质性文字。
        ///
        /// - **比较什么**：本年该部分的每个句子（到 `。；！？` 或行末为止）与上年同一部分的句子
        ///   比较，只保留文字，去掉数字、年份、空格和标点：只改了年份或数字的照抄句子仍是同样的文字。
        /// - **哪些不算文字**：不足 10 个字的句子（`无。`、`存在的主要问题`），以及格式要求每年用
        ///   同样措辞写的说明：信息处理费说明（`2022年，无收取信息处理费情况。`、
        ///   `按照…国办函〔2020〕109号…未收费`）和 `无其他需要报告的事项`。
        /// - **比例**：本年实质性句子中在上年出现过的字数，除以本年实质性文字的总字数（向下取整），
        ///   提示中同时给出这两个字数。
        /// - **何时提示**：比例达到 50% 或以上，且该部分至少有 100 个字的实质性文字；更短的部分
        ///   自身内容太少，比例说明不了什么。
        ///
        /// ## 为什么
        /// 报告评估对照搬的文字会扣分，而照搬的“存在的主要问题”一节说明不了本年的任何情况。
        ///
        /// ## 示例
        /// 五、存在的主要问题及改进情况中 80% 的句子与上年相同，提示
        /// `“五、存在的主要问题及改进情况”有 80% 的文字与上年报告（2022.txt）相同（412 字中 330 字与上年相同）`。
        ///
        /// ## 修复
        /// 无。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// `pct`% of the section `heading` (`repeated` of its `total` characters of substantive
    /// text) repeats last year's report (named `last`).
    Repeats { heading: &'a str, pct: usize, repeated: usize, total: usize, last: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Repeats { heading, pct, repeated, total, last } => lang.pick(
                format!("“{heading}”有 {pct}% 的文字与上年报告（{last}）相同（{total} 字中 {repeated} 字与上年相同）"),
                format!(
                    "{pct}% of “{heading}” repeats last year's report ({last}): {repeated} of its {total} characters"
                ),
            ),
        }
    }
}

/// A sentence shorter than this (in characters, normalised) is not substantive text.
const MIN_SENTENCE: usize = 10;
/// A section with less substantive text than this (characters) is not judged.
const MIN_SECTION: usize = 100;
/// The share of repeated text (percent) from which a section is reported.
const THRESHOLD: usize = 50;

/// Words of the statements the format asks for every year in the same words.
const STATUTORY: &[&str] = &["处理费", "国办函", "需要报告的事项", "需报告的事项"];

/// The section's substantive sentences (with the sections a local layout adds to it),
/// normalised: letters only (no digits, spaces or punctuation), each with its length in
/// characters.
fn sentences(text: &str, report: &Report, id: SectionId) -> Vec<(String, usize)> {
    report
        .with_parts(id)
        .flat_map(|section| {
            text[section.heading.end.min(section.body.end)..section.body.end]
                .split(['。', '；', ';', '！', '？', '\n', '\r'])
        })
        .map(letters)
        .filter(|(s, n)| *n >= MIN_SENTENCE && !STATUTORY.iter().any(|w| s.contains(w)))
        .collect()
}

/// The letters of `s` (no digits, spaces or punctuation) and their number, without the years
/// written in Chinese numerals (`二〇二三年`): a sentence with only its year changed is the same.
fn letters(s: &str) -> (String, usize) {
    const NUMERALS: &[char] = &['〇', '零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let chars: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    let mut out = String::with_capacity(s.len());
    let mut n = 0;
    let mut i = 0;
    while i < chars.len() {
        let year = chars.get(i..i + 5).is_some_and(|w| w[..4].iter().all(|c| NUMERALS.contains(c)) && w[4] == '年');
        if year {
            i += 4;
            continue;
        }
        out.push(chars[i]);
        n += 1;
        i += 1;
    }
    (out, n)
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(prev) = ctx.previous else { return };
    for id in [1, 5, 6] {
        let now = sentences(ctx.text, ctx.report, id);
        let total: usize = now.iter().map(|(_, n)| n).sum();
        if total < MIN_SECTION {
            continue;
        }
        let before: HashSet<String> = sentences(prev.text, prev.report, id).into_iter().map(|(s, _)| s).collect();
        let repeated: usize = now.iter().filter(|(s, _)| before.contains(s)).map(|(_, n)| n).sum();
        let pct = repeated * 100 / total;
        if pct < THRESHOLD {
            continue;
        }
        let Some(section) = ctx.report.section(id) else { continue };
        let heading = crate::variant::heading(ctx.report, ctx.text, id);
        let message = Msg::Repeats { heading: &heading, pct, repeated, total, last: prev.name }.text(ctx.lang);
        out.push(NB309.diag(section.heading.clone(), message, None));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::{check_with_previous, parse::parse, Previous};

    fn codes_with(text: &str, prev: &str) -> Vec<&'static str> {
        let (r, p) = (parse(text), parse(prev));
        check_with_previous(text, &r, &Default::default(), Some(Previous { text: prev, report: &p, name: "2022.txt" }))
            .iter()
            .map(|d| d.rule.code)
            .filter(|c| *c == "NB309")
            .collect()
    }

    #[test]
    fn copied_sections_are_found_even_with_new_numbers() {
        let last = SEED_002.replace("2023", "2022").replace("3017", "2890");
        assert_eq!(codes_with(SEED_002, &last), vec!["NB309", "NB309", "NB309"]);
    }

    #[test]
    fn the_sections_shanghai_adds_to_the_overview_are_compared_too() {
        // Both years in the Shanghai layout; only the overview's opening sentence was rewritten:
        // 一 is still a copy, through 二、工作机制保障 … 六、政府信息公开平台建设.
        const SH: &str = include_str!("../../../../tests/fixtures/cases/ok-shanghai-layout.txt");
        let last = SH.replace("2023", "2022").replace("扎实推进政府信息公开工作", "全面推进政务公开各项工作");
        let (r, p) = (parse(SH), parse(&last));
        let prev = Some(Previous { text: &last, report: &p, name: "2022.txt" });
        let ds = check_with_previous(SH, &r, &Default::default(), prev);
        let messages: Vec<&str> = ds.iter().filter(|d| d.rule.code == "NB309").map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("“一、总体情况”有 9"), "{messages:?}");
        assert!(messages[1].starts_with("“四、存在的主要问题及改进情况”有 100%"), "{messages:?}");
    }

    /// `text` with section 六's body replaced by `body`.
    fn with_six(text: &str, body: &str) -> String {
        let i = text.find("六、其他需要报告的事项").expect("section 六");
        format!("{}六、其他需要报告的事项\n\n{body}\n", &text[..i])
    }

    /// The NB309 messages of `text` against `prev`.
    fn messages(text: &str, prev: &str) -> Vec<String> {
        let (r, p) = (parse(text), parse(prev));
        let prev = Some(Previous { text: prev, report: &p, name: "2022.txt" });
        let ds = check_with_previous(text, &r, &Default::default(), prev);
        ds.iter().filter(|d| d.rule.code == "NB309").map(|d| d.message.clone()).collect()
    }

    #[test]
    fn statutory_statements_never_count() {
        // Issue 13: section 六 says, as it must every year, that no fee was collected.
        let now = with_six(SEED_002, "2022年，无收取信息处理费情况。");
        let last = with_six(SEED_000, "2021年，无收取信息处理费情况。");
        assert!(messages(&now, &last).is_empty(), "{:?}", messages(&now, &last));
        // Nor `无。`, nor the fee statement beside a rewritten text.
        let now = with_six(SEED_002, "无。");
        let last = with_six(SEED_000, "无。");
        assert!(messages(&now, &last).is_empty(), "{:?}", messages(&now, &last));
        let fee = "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）规定的按件、按量收费标准，本年度没有产生政府信息公开处理费。";
        let now = with_six(
            SEED_002,
            &format!(
                "本年度我市办理人大代表建议12件、政协委员提案8件，均按时办结并公开答复全文，满意率百分之百。{fee}"
            ),
        );
        let last = with_six(SEED_000, &format!("上年度无人大代表建议和政协委员提案办理事项。{fee}"));
        assert!(messages(&now, &last).is_empty(), "{:?}", messages(&now, &last));
    }

    #[test]
    fn years_in_chinese_numerals_are_not_text() {
        assert_eq!(
            super::letters("二〇二三年，我局共收到申请 12 件。").0,
            super::letters("二〇二二年，我局共收到申请 9 件").0
        );
        assert_ne!(super::letters("一是加强培训").0, super::letters("二是加强培训").0);
    }

    #[test]
    fn a_short_section_gives_no_rate() {
        // Two sentences alike are no copied section: too little text for a rate to mean anything.
        let six = "本机关将持续做好政务公开工作要点的落实，按时报送工作进展情况。";
        let now = with_six(SEED_002, six);
        let last = with_six(SEED_000, six);
        assert!(messages(&now, &last).is_empty(), "{:?}", messages(&now, &last));
    }

    #[test]
    fn the_rate_is_stated_with_its_base() {
        // Seed 002 against itself a year earlier: 五 is the same but for its years.
        let last = SEED_002.replace("2023", "2022");
        let found = messages(SEED_002, &last);
        let five = found.iter().find(|m| m.starts_with("“五、存在的主要问题及改进情况”有 100%")).expect("五");
        assert!(five.contains(" 字中 ") && five.contains(" 字与上年相同"), "{found:?}");
    }

    #[test]
    fn near_miss_rewritten_and_short_sections() {
        // Section 六 of seed 001 is "无": too short to count; other seeds differ.
        let seed_001 = include_str!("../../../../tests/fixtures/001_68f00f12ba36a829.txt");
        assert!(codes_with(SEED_002, SEED_000).is_empty());
        assert!(codes_with(seed_001, seed_001).iter().all(|c| *c == "NB309"));
        assert!(codes(SEED_002).is_empty());
    }
}
