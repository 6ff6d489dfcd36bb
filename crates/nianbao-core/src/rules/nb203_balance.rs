//! NB203 balance: in every column of table 三, 一 + 二 = 三（七）总计 + 四.

use super::{cell_name, Context};
use crate::diagnostic::{Diagnostic, Related};
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::template::Name;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A3, stated in table 三's header: in every column, 一、本年新收 +
    /// 二、上年结转 = 三、本年度办理结果（七）总计 + 四、结转下年度继续办理.
    ///
    /// ## Why
    /// Every request received or carried in is either handled this year or carried over;
    /// a mismatch means a request was lost or counted twice.
    ///
    /// ## Example
    /// `一 = 3, 二 = 0, （七） = 2, 四 = 0` in the 自然人 column gives
    /// `一＋二 应等于 三（七）＋四（自然人）：3 + 0 = 3，而 2 + 0 = 2`.
    ///
    /// Checked in the six applicant columns (the 总计 column follows from them), with values
    /// recomputed from leaf cells so that a wrong total does not also count as an imbalance.
    ///
    /// ## Fix
    /// Unsafe, and offered only when the result is not negative: set 四、结转下年度继续办理 to
    /// 一 + 二 − （七）. Which number is wrong is the author's call, so it is never applied on save.
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
        /// 三、本年度办理结果（七）总计 + 四、结转下年度继续办理。
        ///
        /// ## 为什么
        /// 本年新收和上年结转的每一件申请，要么本年办理完毕，要么结转下年度继续办理；不相等
        /// 说明有申请漏计或重复计算。
        ///
        /// ## 示例
        /// 自然人一列 `一 = 3，二 = 0，（七） = 2，四 = 0`，提示
        /// `一＋二 应等于 三（七）＋四（自然人）：3 + 0 = 3，而 2 + 0 = 2`。
        ///
        /// 在六类申请人的各列中检查（总计列由它们决定），各值由末级单元格重新算出，所以某个
        /// 总计写错不会再算作一处不平衡。
        ///
        /// ## 修复
        /// 不安全修复，并且只在结果不为负数时提供：把四、结转下年度继续办理改为
        /// 一 + 二 − （七）。究竟哪个数错了由作者判断，因此保存时绝不自动应用。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// 一 `a` + 二 `b` = `lhs` against 三（七）`o` + 四 `d` = `rhs` in `column`.
    Unbalanced { column: &'a str, a: u64, b: u64, lhs: u64, o: u64, d: u64, rhs: u64 },
    /// A related location: one term, named by its cell.
    Part { cell: &'a str, value: u64 },
    /// The fix's title.
    Change { column: &'a str, value: u64 },
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
    let rows = [Name::New, Name::CarriedIn, Name::OutcomeTotal, Name::CarriedOut].map(|n| tpl.row(n));
    let [Some(new), Some(carried_in), Some(outcome_total), Some(carried_out)] = rows else { return };
    let rt = &tpl.rows[carried_out];
    let Some(carried) = table.row(carried_out).filter(|r| r.cells.len() == rt.columns.len()) else {
        return;
    };
    // The applicant columns (总计 follows from them).
    for col in rt.columns_with(&[Name::Applicant]) {
        let (Some(a), Some(b), Some(o), Some(d)) = (
            ctx.arith.t3(new, col),
            ctx.arith.t3(carried_in, col),
            ctx.arith.t3(outcome_total, col),
            ctx.arith.t3(carried_out, col),
        ) else {
            continue;
        };
        let (Some(lhs), Some(rhs)) = (a.checked_add(b), o.checked_add(d)) else {
            continue;
        };
        if lhs == rhs {
            continue;
        }
        let column = tpl.column_name(carried_out, col, ctx.lang);
        let message = Msg::Unbalanced { column, a, b, lhs, o, d, rhs }.text(ctx.lang);
        let cell = &carried.cells[col];
        let fix = lhs.checked_sub(o).map(|v| Fix {
            applicability: Applicability::Unsafe,
            title: Msg::Change { column, value: v }.text(ctx.lang),
            edits: vec![Edit::replace(cell.number.clone(), v.to_string())],
        });
        let related = [new, carried_in, outcome_total]
            .iter()
            .filter_map(|&r| {
                let c = table.cell(r, col)?;
                let value = ctx.arith.t3(r, col)?;
                Some(Related {
                    span: c.span.clone(),
                    message: Msg::Part { cell: &cell_name(tpl, r, col, ctx.lang), value }.text(ctx.lang),
                })
            })
            .collect();
        out.push(NB203.diag_related(cell.span.clone(), message, fix, related));
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
