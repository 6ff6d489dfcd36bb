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
            if found.len() < 2 || found[0].1 != 1 {
                continue;
            }
            for w in found.windows(2) {
                let (prev, (span, n)) = (w[0].1, &w[1]);
                if *n == prev + 1 {
                    continue;
                }
                let name = |k: u8| {
                    let numeral =
                        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"][(k as usize).clamp(1, 10) - 1];
                    if ordinal {
                        format!("第{numeral}")
                    } else {
                        format!("{numeral}是")
                    }
                };
                let message =
                    Msg::OutOfSequence { prev: &name(prev), next: &name(prev + 1), found: &name(*n) }.text(ctx.lang);
                out.push(NB305.diag(span.clone(), message, None));
                break;
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

    #[test]
    fn near_miss_split_across_paragraphs_and_words() {
        // 一是 in one paragraph, 二是 in the next; 第一平台 is not an ordinal.
        assert!(codes(SEED_000).is_empty());
        let text = SEED_002.replace("二是一些部门", "\n二是一些部门");
        assert!(codes(&text).is_empty(), "{:?}", codes(&text));
    }
}
