//! NB201 row-total: in every row of table 三, 总计 is the sum of the six applicant columns.

use super::{cell_name, Context};
use crate::arith::{join_parts, t3_parts};
use crate::diagnostic::{Diagnostic, Related};
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::template::Name;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A1 of the format: in every row of table 三 (收到和处理政府信息公开申请情况),
    /// 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他.
    ///
    /// ## Why
    /// The 总计 column is derived from the row; a wrong total is the most common arithmetic
    /// mistake in published reports and the first thing reviewers check.
    ///
    /// ## Example
    /// ```text
    /// 一、本年新收政府信息公开申请数量		91	0	0	0	55	0	147
    /// ```
    /// gives `总计应为 146（91+0+0+0+55+0），此处为 147` on the `147`.
    ///
    /// The expected total is computed from the row's own cells. The （七）总计 row is checked
    /// by NB202 instead, whose parts are the outcome rows.
    ///
    /// A row with a value too many or too few is not summed: NB106 reports it. That is what a
    /// cell split or merged by the extraction of a .pdf looks like (`9  1` for `91`), and
    /// NB106 then names the cells; so this rule's safe fix never "corrects" the total of such
    /// a row to a sum of misread cells.
    ///
    /// ## Fix
    /// Safe: replaces the total with the computed sum (applied on save and by `nianbao fix`).
    pub static NB201 = Rule {
        code: "NB201",
        name: "row-total",
        severity: Error,
        fix: Safe,
        summary_zh: "表三每行的总计等于六类申请人之和",
        summary_en: "each row of table 3 totals its six applicant columns",
        check: check,
    };
    doc_zh {
        /// 检查格式的勾稽关系 A1：表三（收到和处理政府信息公开申请情况）的每一行，
        /// 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他。
        ///
        /// ## 为什么
        /// 总计一列由本行各数算出；总计算错是已公开报告中最常见的计算错误，也是审核人员最先
        /// 核对的地方。
        ///
        /// ## 示例
        /// ```text
        /// 一、本年新收政府信息公开申请数量		91	0	0	0	55	0	147
        /// ```
        /// 会在 `147` 处提示 `总计应为 146（91+0+0+0+55+0），此处为 147`。
        ///
        /// 应有的总计由本行自己的单元格算出。（七）总计行由 NB202 检查，其各项是各办理结果行。
        ///
        /// 数值多一个或少一个的行不求和，由 NB106 提示。从 .pdf 提取时被拆开或合并的单元格
        /// 就是这个样子（`9  1` 应为 `91`），NB106 会指出是哪些单元格；因此本规则的安全修复
        /// 绝不会把这种行的总计“改正”为错读单元格之和。
        ///
        /// ## 修复
        /// 安全修复：把总计改为算出的和（保存时自动应用，`nianbao fix` 也会应用）。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// `joined`: the parts the total sums, `91+0+0+0+55+0`.
    WrongTotal { expected: u64, joined: &'a str, written: u64 },
    /// A related location: one part of the sum, named by its cell.
    Part { cell: &'a str, value: u64 },
    /// The fix's title.
    ChangeTotal { expected: u64 },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::WrongTotal { expected, joined, written } => lang.pick(
                format!("总计应为 {expected}（{joined}），此处为 {written}"),
                format!("total should be {expected} ({joined}), found {written}"),
            ),
            // The same in both languages (the cell's name is in `lang`).
            Msg::Part { cell, value } => format!("{cell}: {value}"),
            Msg::ChangeTotal { expected } => {
                lang.pick(format!("将总计改为 {expected}"), format!("Change the total to {expected}"))
            }
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(table) = ctx.report.table(TableKind::Three) else {
        return;
    };
    let tpl = ctx.report.template().table(TableKind::Three);
    let outcome_total = tpl.row(Name::OutcomeTotal);
    // Only the first row of each id counts (as `Table::row` finds it), told by a bit set of the
    // ids seen (a template has fewer than 64 rows) rather than by a search for each row.
    let mut seen = 0u64;
    for row in &table.rows {
        let first = seen & 1 << row.id == 0;
        seen |= 1 << row.id;
        let rt = &tpl.rows[row.id];
        let Some(total) = rt.column(&[Name::Total]) else { continue };
        if !first || Some(row.id) == outcome_total || row.cells.len() != rt.columns.len() {
            continue;
        }
        let cell = &row.cells[total];
        let (Some(written), Some(expected)) = (cell.count(), ctx.arith.t3(row.id, total)) else {
            continue;
        };
        if written == expected {
            continue;
        }
        let cells = t3_parts(tpl, row.id, total);
        let parts: Vec<u64> = cells.iter().map(|&(r, c)| ctx.arith.t3(r, c).unwrap_or(0)).collect();
        let joined = join_parts(&parts);
        let message = Msg::WrongTotal { expected, joined: &joined, written }.text(ctx.lang);
        let related = cells
            .iter()
            .zip(&parts)
            .map(|(&(_, c), part)| Related {
                span: row.cells[c].span.clone(),
                message: Msg::Part { cell: &cell_name(tpl, row.id, c, ctx.lang), value: *part }.text(ctx.lang),
            })
            .collect();
        let fix = Fix {
            applicability: Applicability::Safe,
            title: Msg::ChangeTotal { expected }.text(ctx.lang),
            edits: vec![Edit::replace(cell.number.clone(), expected.to_string())],
        };
        out.push(NB201.diag_related(cell.span.clone(), message, Some(fix), related));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn wrong_total_is_found_on_its_cell() {
        let text = edit(SEED_002, "一、本年新收", "146", "147");
        let ds = crate::check(&text, &Default::default());
        let d = ds.iter().find(|d| d.rule.code == "NB201").expect("NB201");
        assert_eq!(&text[d.span.clone()], "147");
        assert_eq!(d.message, "总计应为 146（91+0+0+0+55+0），此处为 147");
        assert_eq!(codes(&text), vec!["NB201"]);
    }

    #[test]
    fn near_miss_a_cell_split_by_an_extraction_is_not_summed_or_fixed() {
        // 91 read as 9 and 1: eight values. NB106 explains it; no total is rewritten.
        let text = edit(SEED_002, "一、本年新收", "\t91\t", "\t9  1\t");
        assert_extraction_explained(&text, "“9”“1”应是一个数“91”");
    }

    #[test]
    fn near_miss_annotated_total_is_read_as_its_number() {
        let text = edit(SEED_002, "一、本年新收", "146", "146（含网上申请）");
        assert!(codes(&text).is_empty());
    }
}
