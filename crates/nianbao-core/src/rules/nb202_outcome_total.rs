//! NB202 outcome-total: each cell of （七）总计 is the sum of the 21 outcome rows above it.

use super::{cell_name, Context};
use crate::arith::{join_parts, t3_parts};
use crate::diagnostic::{Diagnostic, Related};
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::template::Name;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A2 of the format: in every column of table 三, （七）总计 equals the sum of
    /// the 21 outcome rows （一）予以公开 … （六）3.其他 (there are no subtotal rows).
    ///
    /// ## Why
    /// （七）总计 is what rule A3 balances against; a wrong sum hides or invents a mismatch.
    ///
    /// ## Example
    /// With the outcome rows of the 自然人 column summing to 93, a （七）总计 row written
    /// `(七) 总计	94	…` gives `（七）总计·自然人应为 93（53+2+2+2+7+11+3+1+12），此处为 94`.
    ///
    /// Expected values come from the outcome rows' own cells, so a wrong row total (NB201)
    /// does not also make （七）总计's 总计 look wrong.
    ///
    /// A （七）总计 row, or an outcome row, with a value too many or too few is not summed:
    /// NB106 reports it (and names the cells when a .pdf's extraction probably split or merged
    /// one), so no safe fix rewrites （七）总计 from misread cells.
    ///
    /// ## Fix
    /// Safe: replaces the cell with the computed sum.
    pub static NB202 = Rule {
        code: "NB202",
        name: "outcome-total",
        severity: Error,
        fix: Safe,
        summary_zh: "（七）总计等于各项办理结果之和",
        summary_en: "(7) total equals the sum of the outcome rows",
        check: check,
    };
    doc_zh {
        /// 检查格式的勾稽关系 A2：表三的每一列，（七）总计等于 21 个办理结果行（一）予以公开
        /// ……（六）3.其他之和（没有小计行）。
        ///
        /// ## 为什么
        /// （七）总计是勾稽关系 A3 要平衡的一方；它算错了，会掩盖一处不平衡，或凭空造出一处。
        ///
        /// ## 示例
        /// 自然人一列各办理结果行之和为 93，而（七）总计行写作 `(七) 总计	94	…`，提示
        /// `（七）总计·自然人应为 93（53+2+2+2+7+11+3+1+12），此处为 94`。
        ///
        /// 应有的值由各办理结果行自己的单元格算出，所以某一行的总计写错（NB201）不会连带使
        /// （七）总计的总计也显得有错。
        ///
        /// （七）总计行或某个办理结果行的数值多一个或少一个时不求和：由 NB106 提示（.pdf 提取
        /// 时可能拆开或合并了单元格的，会指出是哪些单元格），因此不会有安全修复用错读的单元格
        /// 改写（七）总计。
        ///
        /// ## 修复
        /// 安全修复：把该单元格改为算出的和。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// A column of （七）总计 other than its 总计 (`joined`: the outcome rows' values).
    WrongColumn { column: &'a str, expected: u64, joined: &'a str, written: u64 },
    /// The 总计 column of （七）总计.
    WrongTotal { expected: u64, joined: &'a str, written: u64 },
    /// A related location: one part of the sum, named by its cell.
    Part { cell: &'a str, value: u64 },
    /// The fix's title.
    Change { column: &'a str, expected: u64 },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::WrongColumn { column, expected, joined, written } => lang.pick(
                format!("（七）总计·{column}应为 {expected}（{joined}），此处为 {written}"),
                format!("(7) total, {column}, should be {expected} ({joined}), found {written}"),
            ),
            Msg::WrongTotal { expected, joined, written } => lang.pick(
                format!("（七）总计行的总计应为 {expected}（{joined}），此处为 {written}"),
                format!("the (7) total row's total should be {expected} ({joined}), found {written}"),
            ),
            // The same in both languages (the cell's name is in `lang`).
            Msg::Part { cell, value } => format!("{cell}: {value}"),
            Msg::Change { column, expected } => lang.pick(
                format!("将（七）总计·{column}改为 {expected}"),
                format!("Change the (7) total, {column}, to {expected}"),
            ),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(table) = ctx.report.table(TableKind::Three) else {
        return;
    };
    let tpl = ctx.report.template().table(TableKind::Three);
    let Some(id) = tpl.row(Name::OutcomeTotal) else { return };
    let Some(row) = table.row(id).filter(|r| r.cells.len() == tpl.rows[id].columns.len()) else {
        return;
    };
    for (col, cell) in row.cells.iter().enumerate() {
        let (Some(written), Some(expected)) = (cell.count(), ctx.arith.t3(id, col)) else {
            continue;
        };
        if written == expected {
            continue;
        }
        let parts = t3_parts(tpl, id, col);
        let values: Vec<u64> = parts.iter().map(|&(r, c)| ctx.arith.t3(r, c).unwrap_or(0)).collect();
        let joined = join_parts(&values);
        let column = tpl.column_name(id, col, ctx.lang);
        let message = if Some(col) == tpl.rows[id].column(&[Name::Total]) {
            Msg::WrongTotal { expected, joined: &joined, written }
        } else {
            Msg::WrongColumn { column, expected, joined: &joined, written }
        }
        .text(ctx.lang);
        let related = parts
            .iter()
            .zip(&values)
            .filter(|(_, v)| **v != 0)
            .filter_map(|(&(r, c), v)| {
                let cell = table.cell(r, c)?;
                let message = Msg::Part { cell: &cell_name(tpl, r, c, ctx.lang), value: *v }.text(ctx.lang);
                Some(Related { span: cell.span.clone(), message })
            })
            .collect();
        let fix = Fix {
            applicability: Applicability::Safe,
            title: Msg::Change { column, expected }.text(ctx.lang),
            edits: vec![Edit::replace(cell.number.clone(), expected.to_string())],
        };
        out.push(NB202.diag_related(cell.span.clone(), message, Some(fix), related));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn wrong_outcome_total_is_found() {
        let text = edit(SEED_002, "(七) 总计", "93", "94");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB202"]);
        assert_eq!(&text[ds[0].span.clone()], "94");
        assert!(ds[0].message.starts_with("（七）总计·自然人应为 93（53+2+2+2+7+11+3+1+12）"), "{}", ds[0].message);
    }

    #[test]
    fn near_miss_cells_merged_by_an_extraction_are_not_summed_or_fixed() {
        // (七) 总计 93 0 0 0 55 0 148 with 55 and 0 merged into 550: six values.
        let text = edit(SEED_002, "(七) 总计", "\t55\t0\t", "\t550\t");
        assert_extraction_explained(&text, "“550”应是“55”“0”两个数");
    }

    #[test]
    fn near_miss_wrong_row_total_does_not_blame_outcome_total() {
        let text = edit(SEED_002, "(一) 予以公开", "101", "102");
        assert_eq!(codes(&text), vec!["NB201"]);
    }
}
