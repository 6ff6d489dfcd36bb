//! NB305 enumeration: `一是…二是…三是` sequences within a paragraph neither skip nor repeat.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::normalize::{is_punct, is_space, numeral_value};
use crate::Lang;

crate::declare_rule! {
    /// Checks enumerations inside one paragraph: `一是…二是…三是` and `第一，…第二，…` must
    /// count up from 一 without skipping or repeating a number. An enumeration that continues
    /// in the next paragraph is not followed across it.
    ///
    /// `一是` always starts a list: a new one (`一是…三是。在平台建设方面，一是…二是…`, or the
    /// problems then the improvements of section 五 in one paragraph) or one inside an item
    /// (`一是加强领导：一是…二是…；二是完善制度`), after which the outer list may go on. A gap is
    /// only a number that follows no open list: skipped or repeated inside a run
    /// (`一是…三是…三是`). Each run is reported once, at its first gap.
    ///
    /// ## Why
    /// A real report has `一是…三是…三是`: a sign of sentences edited out or copied in.
    ///
    /// ## Example
    /// `一是加强培训；三是完善制度` gives `列举序号不连续：“一是”之后应为“二是”，此处为“三是”`.
    ///
    /// ## Fix
    /// None: the author must see which item is missing or doubled.
    pub static NB305 = Rule {
        code: "NB305",
        name: "enumeration",
        severity: Warning,
        fix: None,
        summary_zh: "“一是、二是……”序号连续",
        summary_en: "一是/二是 enumerations count up without gaps",
        words: ["第", "是"],
        check: check,
    };
    doc_zh {
        /// 检查同一段落内的列举：`一是…二是…三是` 和 `第一，…第二，…` 必须从一开始依次递增，
        /// 不能跳号或重复。延续到下一段的列举不跨段跟踪。
        ///
        /// `一是` 总是开始一个列举：新的列举（`一是…三是。在平台建设方面，一是…二是…`，或第五部分
        /// 同一段里先列问题、再列改进措施），或某一项内部的列举（`一是加强领导：一是…二是…；二是完善制度`），
        /// 之后外层列举可以接着往下数。只有不接续任何已开始列举的序号才算不连续：同一列举内跳号或重复
        /// （`一是…三是…三是`）。每个列举只在第一处不连续时提示一次。
        ///
        /// ## 为什么
        /// 真实报告中出现过 `一是…三是…三是`：说明有句子被删掉了，或被粘贴了进来。
        ///
        /// ## 示例
        /// `一是加强培训；三是完善制度` 提示 `列举序号不连续：“一是”之后应为“二是”，此处为“三是”`。
        ///
        /// ## 修复
        /// 无：需要作者看出缺了或重复了哪一项。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// After the marker `prev` (`一是`, `第一`) comes `next`; `found` stands there.
    OutOfSequence { prev: &'a str, next: &'a str, found: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::OutOfSequence { prev, next, found } => lang.pick(
                format!("列举序号不连续：“{prev}”之后应为“{next}”，此处为“{found}”"),
                format!("enumeration out of sequence: after “{prev}” comes “{next}”, found “{found}”"),
            ),
        }
    }
}

/// Markers of one style in a paragraph starting at `base`: (span, number). `at`: where the
/// paragraph's `第` (ordinal) or `是` stand (from `Context::marks`).
fn markers(p: &str, base: usize, ordinal: bool, at: &[usize]) -> Vec<(std::ops::Range<usize>, u8)> {
    let mut out = Vec::new();
    if ordinal {
        // 第一，/ 第一、/ 第一：/ 第一是 — not 第一平台.
        for i in at.iter().map(|at| at - base) {
            let after = &p[i + '第'.len_utf8()..];
            let mut chars = after.chars();
            let Some(n) = chars.next().and_then(numeral_value) else { continue };
            if !chars.next().is_some_and(|d| d == '是' || is_punct(d)) {
                continue;
            }
            out.push((base + i..base + i + '第'.len_utf8() + 3, n));
        }
    } else {
        // 一是, at the start of the paragraph or after punctuation or a space (not 统一是).
        for i in at.iter().map(|at| at - base) {
            let mut before = p[..i].chars().rev();
            let Some(c) = before.next() else { continue };
            let Some(n) = numeral_value(c) else { continue };
            if before.next().is_some_and(|b| !(is_punct(b) || is_space(b))) {
                continue;
            }
            let start = i - c.len_utf8();
            out.push((base + start..base + i + '是'.len_utf8(), n));
        }
    }
    out
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for ordinal in [false, true] {
        let mark = if ordinal { "第" } else { "是" };
        for (para, at) in ctx.marks.in_paragraphs(mark, ctx.paragraphs) {
            let p = &ctx.text[para.clone()];
            let found = markers(p, para.start, ordinal, at);
            // The last number of each list open, the innermost last: `一是` starts a list (a new
            // one, or one inside an item); a number goes on with the innermost list it follows,
            // or with an outer one (after a list inside its item).
            let mut open: Vec<u8> = Vec::new();
            for (span, n) in &found {
                let n = *n;
                if n == 1 {
                    open.push(1);
                    continue;
                }
                if let Some(k) = open.iter().rposition(|&last| n == last + 1) {
                    open.truncate(k + 1);
                    open[k] = n;
                    continue;
                }
                // Numbers before any 一是 are no list that can be read.
                let Some(prev) = open.pop() else { continue };
                let name = |k: u8| {
                    let numeral =
                        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][(k as usize).clamp(1, 10) - 1];
                    if ordinal {
                        format!("第{numeral}")
                    } else {
                        format!("{numeral}是")
                    }
                };
                let (prev, next, found) = (name(prev), name(prev + 1), name(n));
                let message = Msg::OutOfSequence { prev: &prev, next: &next, found: &found }.text(ctx.lang);
                // The list's numbering is broken: reported once, and not followed further.
                out.push(NB305.diag(span.clone(), message, None));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn skipped_and_repeated_numbers_are_found() {
        let text = SEED_002.replace("二是一些部门", "三是一些部门");
        assert_eq!(codes(&text), vec!["NB305"]);
        let text = SEED_002.replace("三是队伍建设", "二是队伍建设");
        assert_eq!(codes(&text), vec!["NB305"]);
    }

    /// The NB305 findings on seed 002 with `paragraph` added to its prose: (underlined, message).
    fn nb305(paragraph: &str) -> Vec<(String, String)> {
        let text =
            SEED_002.replacen("二、主动公开政府信息情况", &format!("{paragraph}\n\n二、主动公开政府信息情况"), 1);
        let ds = crate::check(&text, &Default::default());
        ds.iter()
            .filter(|d| d.rule.code == "NB305")
            .map(|d| (text[d.span.clone()].to_string(), d.message.clone()))
            .collect()
    }

    #[test]
    fn a_list_that_restarts_is_a_new_list() {
        // Issue 13: a second list in the same paragraph starts again at 一是.
        let p = "我局认真做好政务公开工作。一是规范受理。二是按时答复。三是加强沟通。在平台建设方面，一是优化网站栏目，二是加强新媒体管理。";
        assert!(nb305(p).is_empty(), "{:?}", nb305(p));
        // 2025 海丰县联安镇 (tests/corpus): problems, then improvements, in one paragraph.
        let p = "存在问题：一是作用发挥尚不充分；二是公开平台的活跃度有待增强；三是队伍素养有待提升。改进措施：一是进一步规范政务公开的内容；二是丰富信息公开载体；三是组织业务培训。";
        assert!(nb305(p).is_empty(), "{:?}", nb305(p));
        // A list inside an item, then the outer list going on.
        let p = "一是加强组织领导：一是明确分工，二是压实责任，三是定期调度；二是完善制度；三是强化监督。";
        assert!(nb305(p).is_empty(), "{:?}", nb305(p));
    }

    #[test]
    fn a_gap_inside_a_run_is_found_after_a_restart_too() {
        // A real report has 一是…三是…三是: the first gap of the run is reported, once.
        let p = "一是规范受理；三是按时答复；三是加强沟通。";
        let found = nb305(p);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("“一是”之后应为“二是”，此处为“三是”"), "{found:?}");
        let p = "一是规范受理；二是按时答复。在平台建设方面，一是优化网站栏目；二是加强管理；二是加强新媒体管理。";
        let found = nb305(p);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].1.contains("“二是”之后应为“三是”，此处为“二是”"), "{found:?}");
    }

    #[test]
    fn near_miss_split_across_paragraphs_and_words() {
        // 一是 in one paragraph, 二是 in the next; 第一平台 is not an ordinal.
        assert!(codes(SEED_000).is_empty());
        let text = SEED_002.replace("二是一些部门", "\n二是一些部门");
        assert!(codes(&text).is_empty(), "{:?}", codes(&text));
    }
}
