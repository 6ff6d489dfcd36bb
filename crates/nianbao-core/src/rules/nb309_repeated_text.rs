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
    /// 二、工作机制保障). Sentences are compared with numbers, years and spaces removed (a
    /// copied sentence with only its year or counts changed is still a copy); sentences
    /// shorter than 8 characters (`无。`) do not count.
    ///
    /// ## Why
    /// Evaluations of the reports deduct points for copied text, and a copied 存在的主要问题
    /// section says nothing about this year.
    ///
    /// ## Example
    /// A 五、存在的主要问题及改进情况 whose sentences are 80% last year's gives
    /// `“五、存在的主要问题及改进情况”有 80% 的文字与上年报告（2022.txt）相同`.
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
        /// 同一部分（第一部分连同地方版式增设的部分，如上海的二、工作机制保障）。比较句子时
        /// 去掉数字、年份和空格（只改了年份或数字的照抄句子仍算照抄）；少于 8 个字的句子
        /// （`无。`）不计。
        ///
        /// ## 为什么
        /// 报告评估对照搬的文字会扣分，而照搬的“存在的主要问题”一节说明不了本年的任何情况。
        ///
        /// ## 示例
        /// 五、存在的主要问题及改进情况中 80% 的句子与上年相同，提示
        /// `“五、存在的主要问题及改进情况”有 80% 的文字与上年报告（2022.txt）相同`。
        ///
        /// ## 修复
        /// 无。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// `pct`% of the section `heading` repeats last year's report (named `last`).
    Repeats { heading: &'a str, pct: usize, last: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Repeats { heading, pct, last } => lang.pick(
                format!("“{heading}”有 {pct}% 的文字与上年报告（{last}）相同"),
                format!("{pct}% of “{heading}” repeats last year's report ({last})"),
            ),
        }
    }
}

/// The section's sentences (with the sections a local layout adds to it), normalised: no
/// digits, no spaces.
fn sentences(text: &str, report: &Report, id: SectionId) -> Vec<String> {
    report
        .with_parts(id)
        .flat_map(|section| {
            text[section.heading.end.min(section.body.end)..section.body.end]
                .split(['。', '；', '！', '？', '\n', '\r'])
        })
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_whitespace() && !crate::normalize::narrow(*c).is_ascii_digit())
                .collect::<String>()
        })
        .filter(|s| s.chars().count() >= 8)
        .collect()
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(prev) = ctx.previous else { return };
    for id in [1, 5, 6] {
        let now = sentences(ctx.text, ctx.report, id);
        let before: HashSet<String> = sentences(prev.text, prev.report, id).into_iter().collect();
        let total: usize = now.iter().map(|s| s.chars().count()).sum();
        if total == 0 || before.is_empty() {
            continue;
        }
        let repeated: usize = now.iter().filter(|s| before.contains(*s)).map(|s| s.chars().count()).sum();
        let pct = repeated * 100 / total;
        if pct < 50 {
            continue;
        }
        let Some(section) = ctx.report.section(id) else { continue };
        let heading = crate::variant::heading(ctx.report, ctx.text, id);
        let message = Msg::Repeats { heading: &heading, pct, last: prev.name }.text(ctx.lang);
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

    #[test]
    fn near_miss_rewritten_and_short_sections() {
        // Section 六 of seed 001 is "无": too short to count; other seeds differ.
        let seed_001 = include_str!("../../../../tests/fixtures/001_68f00f12ba36a829.txt");
        assert!(codes_with(SEED_002, SEED_000).is_empty());
        assert!(codes_with(seed_001, seed_001).iter().all(|c| *c == "NB309"));
        assert!(codes(SEED_002).is_empty());
    }
}
