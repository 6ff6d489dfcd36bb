//! NB205 invalid-number: every count is a non-negative integer written in ASCII digits.

use super::{cell_name, Context};
use crate::arith::Count;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::model::{Invalid, Value};
use crate::normalize::narrow;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A5: every cell of tables 二, 三 and 四 is a non-negative integer (the 收费金额
    /// of table 二 may be a decimal; in the 2019 format 采购总金额 may be a decimal and 本年增/减
    /// has a sign: `-18`, `+3`, but not `--253`). Flags negative numbers, decimals in counts, thousands
    /// separators (`1,000`), the letter O for zero, text where a number belongs, numbers too
    /// large to be counts, full-width digits (`１２`), and counts too large to add: a count that
    /// fits (at most 18446744073709551615) but whose sum with the other numbers of a row, a
    /// column or a group of table 三 or 四 does not. A cell holding only a mark for "none" or
    /// "not applicable" (`/`, `—`, `——`, `无`: offices write it in 规章's cells when they make no
    /// 规章) is *info*, not an error: it is not wrong so much as not the format's 0.
    ///
    /// ## Why
    /// A cell that is not a plain count cannot be summed: the arithmetic rules skip it, so the
    /// table may hide other mistakes until it is fixed. Blank cells count as 0 and are fine.
    /// Sums are never wrapped or cut off at the largest count: a sum that does not fit is not
    /// compared, and the largest of its numbers is named here.
    ///
    /// ## Example
    /// `行政许可	O` gives `“O”不是有效的数字：疑为字母 O，应写数字 0`.
    ///
    /// ## Fix
    /// Full-width digits: safe, rewritten as ASCII digits (`１２` → `12`).
    /// Letter O and a mark for "none": unsafe, replaced by `0`. Thousands separators: unsafe, removed.
    /// Other cases have no automatic fix.
    pub static NB205 = Rule {
        code: "NB205",
        name: "invalid-number",
        severity: Error,
        fix: Sometimes,
        summary_zh: "表格数值须为非负整数（收费金额可为小数）",
        summary_en: "table values are non-negative integers (fees may be decimals)",
        check: check,
    };
    doc_zh {
        /// 检查勾稽关系 A5：表二、表三、表四的每个单元格都是非负整数（表二的收费金额可以是
        /// 小数；2019 年版式中采购总金额可以是小数，本年增/减可以带符号：`-18`、`+3`，但
        /// `--253` 不行）。提示负数、件数中的小数、千位分隔符（`1,000`）、把字母 O 当作 0、应填数字处
        /// 填了文字、大到不可能是件数的数、全角数字（`１２`），以及大到无法相加的数：本身不超过
        /// 18446744073709551615，但与表三、表四同一行、同一栏或同一组的其他数相加会超出。只填了
        /// 表示“无”或“不适用”的符号（`/`、`—`、`——`、`无`：没有规章制定权的机关常在规章栏这样填）
        /// 的单元格只作提示，不算错误：它不是填错，只是不合格式要求的 0。
        ///
        /// ## 为什么
        /// 不是普通件数的单元格无法求和：各计算规则会跳过它，所以在它改正之前，表格中的其他
        /// 错误可能被掩盖。空白单元格按 0 计，没有问题。求和从不回绕，也不截断在最大值：和超出
        /// 范围时不作比较，并在这里指出其中最大的那个数。
        ///
        /// ## 示例
        /// `行政许可	O` 提示 `“O”不是有效的数字：疑为字母 O，应写数字 0`。
        ///
        /// ## 修复
        /// 全角数字：安全修复，改写为半角数字（`１２` → `12`）。
        /// 字母 O 和表示“无”的符号：不安全修复，替换为 `0`。千位分隔符：不安全修复，删去分隔符。
        /// 其他情形没有自动修复。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// A cell (`name`) written `raw`, and why it is not a count (one of the reasons below).
    NotValid {
        name: &'a str,
        raw: &'a str,
        why: &'a str,
    },
    Negative,
    Decimal,
    Separator,
    LetterO,
    Overflow,
    NotANumber,
    /// `/`, `—`, `无`: the author's way to say "none" or "not applicable".
    Placeholder,
    FullWidth,
    /// A count whose sum with the others of its row, column or group does not fit.
    TooLarge {
        name: &'a str,
        raw: &'a str,
    },
    /// The fix's title.
    ChangeTo {
        new_text: &'a str,
    },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        let why = |zh: &str, en: &str| lang.pick(zh, en).to_owned();
        match *self {
            Msg::NotValid { name, raw, why } => lang.pick(
                format!("{name}“{raw}”不是有效的数字：{why}"),
                format!("{name}: “{raw}” is not a valid number: {why}"),
            ),
            Msg::Negative => why("不能为负数", "counts cannot be negative"),
            Msg::Decimal => why("件数应为整数", "a count must be a whole number"),
            Msg::Separator => why("不要使用千位分隔符", "do not use thousands separators"),
            Msg::LetterO => why("疑为字母 O，应写数字 0", "looks like the letter O; write the digit 0"),
            Msg::Overflow => why("数值过大", "too large to be a count"),
            Msg::NotANumber => why("应填写数字（没有则填 0）", "write a number (0 for none)"),
            Msg::Placeholder => why(
                "表示“无”或“不适用”的符号，按格式应填 0（不计入合计核对）",
                "a mark for “none” or “not applicable”; the format asks for 0 (not counted in the sums)",
            ),
            Msg::FullWidth => why("使用了全角数字，应使用半角数字", "full-width digits; use ASCII digits"),
            Msg::TooLarge { name, raw } => lang.pick(
                format!("{name}“{raw}”过大：与同一合计中的其他数相加超出计数范围（最大 {}），无法核对", Count::MAX),
                format!(
                    "{name}: “{raw}” is too large: added to the other numbers of its sum it exceeds the largest count ({}), so the sum cannot be checked",
                    Count::MAX
                ),
            ),
            Msg::ChangeTo { new_text } => lang.pick(format!("改为 {new_text}"), format!("Change to {new_text}")),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report.tables {
        for row in &table.rows {
            for (col, cell) in row.cells.iter().enumerate() {
                if !cell.fullwidth && !matches!(cell.value, Value::Invalid(_)) {
                    continue;
                }
                let raw = &ctx.text[cell.span.clone()];
                let (why, fix): (Msg, Option<(Applicability, String)>) = match cell.value {
                    Value::Invalid(Invalid::Negative) => (Msg::Negative, None),
                    Value::Invalid(Invalid::Decimal) => (Msg::Decimal, None),
                    Value::Invalid(Invalid::Separator) => (
                        Msg::Separator,
                        Some((Applicability::Unsafe, ctx.text[cell.number.clone()].replace([',', '，'], ""))),
                    ),
                    Value::Invalid(Invalid::LetterO) => (Msg::LetterO, Some((Applicability::Unsafe, "0".into()))),
                    Value::Invalid(Invalid::Overflow) => (Msg::Overflow, None),
                    Value::Invalid(Invalid::NotANumber) if is_placeholder(raw) => {
                        (Msg::Placeholder, Some((Applicability::Unsafe, "0".into())))
                    }
                    Value::Invalid(Invalid::NotANumber) => (Msg::NotANumber, None),
                    _ if cell.fullwidth => (
                        Msg::FullWidth,
                        Some((Applicability::Safe, ctx.text[cell.number.clone()].chars().map(narrow).collect())),
                    ),
                    _ => continue,
                };
                let name = cell_name(ctx.report.template().table(table.kind), row.id, col, ctx.lang);
                let message = Msg::NotValid { name: &name, raw, why: &why.text(ctx.lang) }.text(ctx.lang);
                let fix = fix.map(|(applicability, new_text)| Fix {
                    applicability,
                    title: Msg::ChangeTo { new_text: &new_text }.text(ctx.lang),
                    edits: vec![Edit::replace(cell.number.clone(), new_text)],
                });
                let mut d = NB205.diag(cell.span.clone(), message, fix);
                if matches!(why, Msg::Placeholder) {
                    // Ambiguous rather than wrong: offices write `/` for a row that does not apply.
                    d.severity = crate::Severity::Info;
                }
                out.push(d);
            }
        }
    }
    // Counts that fit, in sums that do not.
    for &(kind, (r, c)) in ctx.arith.too_large() {
        let Some(cell) = ctx.report.table(kind).and_then(|t| t.cell(r, c)) else { continue };
        let name = cell_name(ctx.report.template().table(kind), r, c, ctx.lang);
        let raw = &ctx.text[cell.span.clone()];
        out.push(NB205.diag(cell.span.clone(), Msg::TooLarge { name: &name, raw }.text(ctx.lang), None));
    }
}

/// A cell holding only a mark for "none" or "not applicable" (`/`, `—`, `——`, `-`, `无`).
fn is_placeholder(raw: &str) -> bool {
    let t = raw.trim();
    let dashes = !t.is_empty() && t.chars().all(|c| matches!(c, '/' | '／' | '-' | '－' | '—' | '–' | '―'));
    dashes || t == "无"
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::fix::Applicability;

    #[test]
    fn invalid_numbers_are_found() {
        for bad in ["-1", "1.5", "O", "99999999999999999999999"] {
            let text = edit(SEED_002, "行政强制", "571", bad);
            assert_eq!(codes(&text), vec!["NB205"], "{bad}");
        }
        let text = edit(SEED_002, "行政许可", "28414", "28,414");
        assert_eq!(codes(&text), vec!["NB205"]);
    }

    #[test]
    fn marks_for_none_are_info_with_an_unsafe_fix() {
        // 区统计局 2023 (tests/corpus): `/` in 规章's cells for a bureau that makes no 规章.
        for mark in ["/", "—", "——", "无"] {
            let text = edit(SEED_002, "行政强制", "571", mark);
            let ds = crate::check(&text, &Default::default());
            let d = ds.iter().find(|d| d.rule.code == "NB205").expect(mark);
            assert_eq!(d.severity, crate::Severity::Info, "{mark}");
            assert!(d.message.contains("不适用"), "{}", d.message);
            assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(Applicability::Unsafe), "{mark}");
        }
        // A word or a typo is still an error.
        for bad in ["O", "1O", "－1"] {
            let text = edit(SEED_002, "行政强制", "571", bad);
            let ds = crate::check(&text, &Default::default());
            let d = ds.iter().find(|d| d.rule.code == "NB205").expect(bad);
            assert_eq!(d.severity, crate::Severity::Error, "{bad}");
        }
    }

    #[test]
    fn counts_too_large_to_add_are_named_not_wrapped() {
        // 2^63 twice in 一、本年新收: each fits, their sum does not. The row is not compared
        // (no NB201 on a wrapped sum) and the larger count is named.
        let big = format!("\t{}\t", 1u64 << 63);
        let text = edit(&edit(SEED_002, "一、本年新收", "\t91\t", &big), "一、本年新收", "\t55\t", &big);
        let ds = crate::check(&text, &Default::default());
        let d = ds.iter().find(|d| d.rule.code == "NB205").expect("NB205");
        assert_eq!(&text[d.span.clone()], "9223372036854775808");
        assert_eq!(
            d.message,
            "一、本年新收·法律服务机构“9223372036854775808”过大：与同一合计中的其他数相加超出计数范围（最大 18446744073709551615），无法核对"
        );
        assert!(ds.iter().all(|d| d.fix.as_ref().is_none_or(|f| f.applicability != Applicability::Safe)), "{ds:#?}");
        // Table 四 too.
        let text = edit(SEED_002, "2\t0\t1\t1\t4", "2\t0", &format!("{}\t{}", u64::MAX, u64::MAX));
        assert!(codes(&text).contains(&"NB205"), "{:?}", codes(&text));
    }

    #[test]
    fn fullwidth_digits_are_read_and_safely_fixed() {
        let text = edit(SEED_002, "一、本年新收", "146", "１４６");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB205"]);
        let fix = ds[0].fix.as_ref().unwrap();
        assert_eq!((fix.applicability, fix.edits[0].new_text.as_str()), (Applicability::Safe, "146"));
    }

    #[test]
    fn near_miss_fee_decimal_and_annotations_are_fine() {
        assert!(codes(SEED_002).is_empty());
        let text = edit(SEED_002, "行政规范性文件", "77", "77（含自然失效29件）");
        assert!(codes(&text).is_empty());
    }
}
