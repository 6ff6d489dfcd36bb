//! NB203 balance: in every column of table 三, 一 + 二 = 三（七）总计 + 四; a mistyped number of
//! 一, 二 or 四, found as `arith` locates it.

use super::table3::{self, Finding, Owner};
use super::{cell_name, Context};
use crate::arith::{Count, Law};
use crate::diagnostic::{Diagnostic, Related};
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A3, stated in table 三's header: in every column, 一、本年新收 +
    /// 二、上年结转 = 三、本年度办理结果（七）总计 + 四、结转下年度继续办理; reports a mistyped
    /// number of rows 一, 二 and 四.
    ///
    /// ## Why
    /// Every request received or carried in is either handled this year or carried over;
    /// a mismatch means a request was lost or counted twice — or a number was mistyped.
    ///
    /// ## How the wrong number is found
    /// As for NB201: every sum of table 三 is checked on the numbers as written, and the cell
    /// that alone explains every broken sum carries the finding. A number of 一, 二 or 四 stands
    /// in its row's 总计 (A1) and its column's balance (A3): when exactly those two break, it is
    /// that number. A wrong （七）总计 is NB202's, a wrong row total NB201's.
    ///
    /// ## Example
    /// In seed report 002, 一、本年新收 is `91 0 0 0 55 0 146`. Typed `19 0 0 0 55 0 146`, the
    /// row no longer adds up to 146 and the 自然人 column no longer balances (19 + 2 ≠ 93 + 0);
    /// the `19` is the one cell in both, and it gets `自然人应为 91：此时本行合计 146、栏平衡
    /// 一＋二＝三（七）＋四 均成立` — the total 146 is left as it is.
    ///
    /// When the balance is broken and no small set of cells explains it (with `一 = 3, 二 = 0,
    /// （七） = 2, 四 = 0` in the 自然人 column, and 一's total written 3 too, row 一, 二 or 四
    /// could each be the wrong one), it is reported on 四 as written:
    /// `一＋二 应等于 三（七）＋四（自然人）：3 + 0 = 3，而 2 + 0 = 2`. Checked in the applicant
    /// columns (the 总计 column's balance follows from them and the row totals).
    ///
    /// ## Fix
    /// A located number: unsafe (the author typed it; applied only on request), set to the value
    /// that makes every sum hold. An unexplained imbalance: unsafe, offered only when the result
    /// is not negative, and titled as a guess: set 四、结转下年度继续办理 to 一 + 二 − （七）.
    /// Never applied on save.
    pub static NB203 = Rule {
        code: "NB203",
        name: "balance",
        severity: Error,
        fix: Sometimes,
        summary_zh: "一＋二＝三（七）＋四（表三勾稽关系）",
        summary_en: "I + II = III(7) + IV in table 3",
        check: check,
    };
    doc_zh {
        /// 检查表头中写明的勾稽关系 A3：每一列，一、本年新收 + 二、上年结转 =
        /// 三、本年度办理结果（七）总计 + 四、结转下年度继续办理；报告一、二、四各行中录错的数。
        ///
        /// ## 为什么
        /// 本年新收和上年结转的每一件申请，要么本年办理完毕，要么结转下年度继续办理；不相等
        /// 说明有申请漏计或重复计算——或者某个数录错了。
        ///
        /// ## 怎样找出错的数
        /// 与 NB201 相同：表三的各个勾稽关系都按表中所写的数核对，能单独解释全部不符的那个
        /// 单元格承载提示。一、二、四各行的数同时在本行总计（A1）和本栏栏平衡（A3）中：恰好这
        /// 两个关系不成立时，错的就是这个数。（七）总计写错归 NB202，某行总计写错归 NB201。
        ///
        /// ## 示例
        /// 种子报告 002 的一、本年新收为 `91 0 0 0 55 0 146`。若录成 `19 0 0 0 55 0 146`，本行
        /// 各数之和不再是 146，自然人一栏也不再平衡（19 + 2 ≠ 93 + 0）；同时在两者中的只有
        /// `19`，提示 `自然人应为 91：此时本行合计 146、栏平衡 一＋二＝三（七）＋四 均成立`——
        /// 总计 146 保持不变。
        ///
        /// 栏平衡不成立、又没有少数几格能解释时（自然人一列 `一 = 3，二 = 0，（七） = 2，四 = 0`，
        /// 一的总计也写成 3，一、二、四哪一行错了都说得通），按表中所写在四上提示
        /// `一＋二 应等于 三（七）＋四（自然人）：3 + 0 = 3，而 2 + 0 = 2`。在各申请人栏中检查
        /// （总计一栏的平衡由它们和各行总计决定）。
        ///
        /// ## 修复
        /// 找出的数：不安全修复（那是作者录入的数，仅在请求时应用），改为使各关系都成立的值。
        /// 无法解释的不平衡：不安全修复，只在结果不为负数时提供，并标为“猜测”：把
        /// 四、结转下年度继续办理改为 一 + 二 − （七）。保存时绝不自动应用。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// 一 `a` + 二 `b` = `lhs` against 三（七）`o` + 四 `d` = `rhs` in `column`.
    Unbalanced { column: &'a str, a: Count, b: Count, lhs: Count, o: Count, d: Count, rhs: Count },
    /// A related location: one term, named by its cell.
    Part { cell: &'a str, value: Count },
    /// The fix's title.
    Change { column: &'a str, value: Count },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Unbalanced { column, a, b, lhs, o, d, rhs } => lang.pick(
                format!("一＋二 应等于 三（七）＋四（{column}）：{a} + {b} = {lhs}，而 {o} + {d} = {rhs}"),
                format!("I + II must equal III(7) + IV ({column}): {a} + {b} = {lhs}, but {o} + {d} = {rhs}"),
            ),
            // The same in both languages (the cell's name is in `lang`).
            Msg::Part { cell, value } => format!("{cell}: {value}"),
            Msg::Change { column, value } => lang.pick(
                format!("将四、结转下年度继续办理·{column}改为 {value}"),
                format!("Change IV (carried over), {column}, to {value}"),
            ),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(table) = ctx.report.table(TableKind::Three) else {
        return;
    };
    let tpl = ctx.report.template().table(TableKind::Three);
    let shape = ctx.arith.shape();
    let (Some(new), Some(carried_in), Some(outcome_total), Some(carried_out)) =
        (shape.new, shape.carried_in, shape.outcome_total, shape.carried_out)
    else {
        return;
    };
    for finding in table3::findings(ctx, Owner::Balance) {
        match finding {
            Finding::Located { repair, safe } => {
                let Some(cell) = table.cell(repair.at.0, repair.at.1) else { continue };
                let (message, title) = table3::part_message(ctx, repair);
                let fix = Fix {
                    applicability: if safe { Applicability::Safe } else { Applicability::Unsafe },
                    title,
                    edits: vec![Edit::replace(cell.number.clone(), repair.value.to_string())],
                };
                let related = table3::broken_related(ctx, table, repair, None);
                out.push(NB203.diag_related(cell.span.clone(), message, Some(fix), related));
            }
            Finding::Either { at, candidates } => {
                let Some(cell) = table.cell(at.0, at.1) else { continue };
                let (message, related) = table3::either_message(ctx, table, candidates);
                let column = tpl.column_name(carried_out, at.1, ctx.lang);
                let fix = candidates.iter().find(|r| r.at == at).map(|r| Fix {
                    applicability: Applicability::Unsafe,
                    title: table3::guess(&Msg::Change { column, value: r.value }.text(ctx.lang), ctx.lang),
                    edits: vec![Edit::replace(cell.number.clone(), r.value.to_string())],
                });
                out.push(NB203.diag_related(cell.span.clone(), message, fix, related));
            }
            Finding::Broken { identity } => {
                let Law::Balance(col) = identity.law else { continue };
                let Some(cell) = table.cell(carried_out, col) else { continue };
                let w = |r: usize| ctx.arith.written(r, col);
                let (Some(a), Some(b), Some(o), Some(d)) = (w(new), w(carried_in), w(outcome_total), w(carried_out))
                else {
                    continue;
                };
                let (Some(lhs), Some(rhs)) = (a.checked_add(b), o.checked_add(d)) else { continue };
                let column = tpl.column_name(carried_out, col, ctx.lang);
                let message = Msg::Unbalanced { column, a, b, lhs, o, d, rhs }.text(ctx.lang);
                // Which number is wrong the table cannot tell: setting 四 is a guess.
                let fix = lhs.checked_sub(o).map(|v| Fix {
                    applicability: Applicability::Unsafe,
                    title: table3::guess(&Msg::Change { column, value: v }.text(ctx.lang), ctx.lang),
                    edits: vec![Edit::replace(cell.number.clone(), v.to_string())],
                });
                let related = [new, carried_in, outcome_total]
                    .iter()
                    .filter_map(|&r| {
                        let c = table.cell(r, col)?;
                        let value = ctx.arith.written(r, col)?;
                        Some(Related {
                            span: c.span.clone(),
                            message: Msg::Part { cell: &cell_name(tpl, r, col, ctx.lang), value }.text(ctx.lang),
                        })
                    })
                    .collect();
                out.push(NB203.diag_related(cell.span.clone(), message, fix, related));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::fix::Applicability;

    #[test]
    fn imbalance_is_found_with_an_unsafe_fix() {
        // 二、上年结转 自然人 2 → 3 (and its total 2 → 3): now 91+3 ≠ 93+0.
        let text = edit(&edit(SEED_002, "二、上年结转", "\t2\t", "\t3\t"), "二、上年结转", "\t2\t", "\t3\t");
        let ds = crate::check(&text, &Default::default());
        // The prose restates 上年度结转 2 件, so NB301 speaks up too.
        assert_eq!(codes(&text), vec!["NB301", "NB203"], "{ds:#?}");
        let ds: Vec<_> = ds.into_iter().filter(|d| d.rule.code == "NB203").collect();
        assert_eq!(ds[0].message, "一＋二 应等于 三（七）＋四（自然人）：91 + 3 = 94，而 93 + 0 = 93");
        let fix = ds[0].fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Unsafe);
        assert_eq!(fix.edits[0].new_text, "1");
    }

    #[test]
    fn negative_result_gets_no_fix() {
        let text = edit(&edit(SEED_002, "一、本年新收", "91", "1"), "一、本年新收", "146", "56");
        let ds = crate::check(&text, &Default::default());
        let d = ds.iter().find(|d| d.rule.code == "NB203").unwrap();
        assert!(d.fix.is_none());
    }

    #[test]
    fn near_miss_wrong_outcome_total_is_not_an_imbalance() {
        let text = edit(SEED_002, "(七) 总计", "93", "94");
        assert_eq!(codes(&text), vec!["NB202"]);
    }
}
