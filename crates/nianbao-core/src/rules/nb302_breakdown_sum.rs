//! NB302 breakdown-sum: the parts listed after `其中` do not exceed (or, for a partition, equal) the whole.

use super::Context;
use crate::diagnostic::{Diagnostic, Related};
use crate::normalize::narrow;
use crate::Lang;

crate::declare_rule! {
    /// Checks `N（其中：A a，B b）` and `N 件，其中 A a 件、B b 件` breakdowns in the prose: the
    /// parts may not add up to more than the whole, and when they split it into a partition
    /// (个人/法人, 自然人/法人) they must add up to it exactly.
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

/// A number in text: (byte range, value).
fn numbers(s: &str, base: usize) -> Vec<(std::ops::Range<usize>, u64, usize)> {
    let mut out = Vec::new();
    let mut iter = s.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if !narrow(c).is_ascii_digit() {
            continue;
        }
        let mut end = i + c.len_utf8();
        let mut v = (narrow(c) as u8 - b'0') as u64;
        let mut ok = true;
        while let Some(&(j, d)) = iter.peek() {
            if narrow(d).is_ascii_digit() {
                v = match v.checked_mul(10).and_then(|x| x.checked_add((narrow(d) as u8 - b'0') as u64)) {
                    Some(x) => x,
                    None => {
                        ok = false;
                        0
                    }
                };
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        // Decimals, percentages and years are not counts.
        let next = s[end..].chars().next();
        if ok && !matches!(next, Some('.' | '．' | '%' | '％' | '年')) {
            out.push((base + i..base + end, v, end));
        }
    }
    out
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for (para, qi_zhong) in ctx.marks.in_paragraphs("其中", ctx.paragraphs) {
        let p = &ctx.text[para.clone()];
        for k in qi_zhong.iter().map(|at| at - para.start) {
            // The whole: the last number before 其中 in the same sentence, at most a few characters back.
            let head = &p[..k];
            // Only a number ending in the last 4 characters can pass the gap test below: read
            // numbers from 5 characters back (widened to a whole digit run), not the whole head.
            let from = head.char_indices().rev().nth(4).map_or(0, |(j, _)| j);
            let from = head[..from]
                .char_indices()
                .rev()
                .take_while(|(_, c)| narrow(*c).is_ascii_digit())
                .last()
                .map_or(from, |(j, _)| j);
            let Some((wspan, whole, wend)) = numbers(&head[from..], para.start + from).into_iter().last() else {
                continue;
            };
            let gap = &head[from + wend..];
            if gap.chars().count() > 4 || gap.contains(['。', '；']) {
                continue;
            }
            // The parts: numbers up to the end of the parenthesis or sentence.
            let tail = &p[k + "其中".len()..];
            let end = tail.find(['）', ')', '。', '；', ';']).unwrap_or(tail.len());
            let body = &tail[..end];
            let base = para.start + k + "其中".len();
            let parts = numbers(body, base);
            if parts.len() < 2 {
                continue;
            }
            // In u128: parts that add up beyond u64 are reported with their true sum, never saturated.
            let sum: u128 = parts.iter().map(|(_, v, _)| *v as u128).sum();
            let partition = (body.contains("自然人") || body.contains("个人")) && body.contains("法人");
            if sum > whole as u128 || (partition && sum != whole as u128) {
                let joined = parts.iter().map(|(_, v, _)| v.to_string()).collect::<Vec<_>>().join("+");
                let message = Msg::Sum { sum, joined: &joined, whole }.text(ctx.lang);
                let related = parts
                    .iter()
                    .map(|(r, v, _)| Related { span: r.clone(), message: Msg::Part { value: *v }.text(ctx.lang) })
                    .collect();
                out.push(NB302.diag_related(wspan, message, None, related));
            }
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
