//! NB202 outcome-total: each cell of （七）总计 is the sum of the outcome rows above it; a wrong
//! cell of （七）总计 or a mistyped number of an outcome row, found as `arith` locates it.

use super::table3::{self, Finding, Owner};
use super::{cell_name, Context};
use crate::arith::{t3_parts, Count, Law, Sides};
use crate::diagnostic::{Diagnostic, Related};
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A2 of the format: in every column of table 三, （七）总计 equals the sum of
    /// the outcome rows （一）予以公开 … （六）其他处理 (there are no subtotal rows); reports a
    /// wrong cell of （七）总计, and a mistyped number in an outcome row.
    ///
    /// ## Why
    /// （七）总计 is what rule A3 balances against; a wrong sum hides or invents a mismatch.
    /// And when an outcome row's number disagrees with both its row's 总计 and its column's
    /// （七）总计, it is that number, not the two totals, that is wrong.
    ///
    /// ## How the wrong number is found
    /// As for NB201: every sum of table 三 is checked on the numbers as written, and the cell
    /// that alone explains every broken sum carries the finding. An outcome row's number stands
    /// in its row's 总计 (A1) and its column's （七）总计 (A2); a cell of （七）总计 in its row's
    /// 总计, its column's outcome rows and its column's balance (A3). Each pattern points at one
    /// cell.
    ///
    /// ## Example
    /// With the outcome rows of the 自然人 column summing to 93, a （七）总计 row written
    /// `(七) 总计	94	…` breaks its row's sum, the 自然人 column's outcome sum and balance: only
    /// the `94` is in all three, and it gets `（七）总计·自然人应为 93（53+2+2+2+7+11+3+1+12），
    /// 此处为 94`. Had the author typed `56` for `53` in （一）予以公开 instead, that row's sum and
    /// the 自然人 column's outcome sum break, and only the `56` is in both:
    /// `自然人应为 53：此时本行合计 101、（七）总计 93 均成立` on the `56`; neither total is
    /// rewritten.
    ///
    /// When no small set of cells explains what is broken, each column of （七）总计 that does not
    /// add up is reported as written.
    ///
    /// A （七）总计 row, or an outcome row, with a value too many or too few is not summed:
    /// NB106 reports it (and names the cells when a .pdf's extraction probably split or merged
    /// one), so no safe fix rewrites （七）总计 from misread cells.
    ///
    /// ## Fix
    /// A cell of （七）总计 that is the one explanation of what is broken (with other totals
    /// alone): safe, set to the value that makes every sum hold. A number of an outcome row:
    /// unsafe (the author typed it; applied only on request). When the table cannot tell:
    /// unsafe, titled as a guess.
    pub static NB202 = Rule {
        code: "NB202",
        name: "outcome-total",
        severity: Error,
        fix: Sometimes,
        summary_zh: "（七）总计等于各项办理结果之和",
        summary_en: "(7) total equals the sum of the outcome rows",
        check: check,
    };
    doc_zh {
        /// 检查格式的勾稽关系 A2：表三的每一列，（七）总计等于各办理结果行（一）予以公开
        /// ……（六）其他处理之和（没有小计行）；报告（七）总计中写错的单元格，以及办理结果行中
        /// 录错的数。
        ///
        /// ## 为什么
        /// （七）总计是勾稽关系 A3 要平衡的一方；它算错了，会掩盖一处不平衡，或凭空造出一处。
        /// 而某个办理结果行的数与本行总计、本栏（七）总计都不符时，错的是这个数，不是两个总计。
        ///
        /// ## 怎样找出错的数
        /// 与 NB201 相同：表三的各个勾稽关系都按表中所写的数核对，能单独解释全部不符的那个
        /// 单元格承载提示。办理结果行的数同时在本行总计（A1）和本栏（七）总计（A2）中；
        /// （七）总计的单元格同时在本行总计、本栏各办理结果行和本栏栏平衡（A3）中。每种情形
        /// 都指向一个单元格。
        ///
        /// ## 示例
        /// 自然人一列各办理结果行之和为 93，而（七）总计行写作 `(七) 总计	94	…`：破坏了本行
        /// 合计、自然人一栏的办理结果之和与栏平衡，三者都包含的只有 `94`，提示
        /// `（七）总计·自然人应为 93（53+2+2+2+7+11+3+1+12），此处为 94`。如果作者是把
        /// （一）予以公开的 `53` 录成了 `56`，被破坏的是该行合计和自然人一栏的办理结果之和，
        /// 两者都包含的只有 `56`：在 `56` 处提示 `自然人应为 53：此时本行合计 101、（七）总计 93
        /// 均成立`，两个总计都不会被改动。
        ///
        /// 没有少数几格能解释全部不符时，按表中所写逐栏报告不符的（七）总计。
        ///
        /// （七）总计行或某个办理结果行的数值多一个或少一个时不求和：由 NB106 提示（.pdf 提取
        /// 时可能拆开或合并了单元格的，会指出是哪些单元格），因此不会有安全修复用错读的单元格
        /// 改写（七）总计。
        ///
        /// ## 修复
        /// （七）总计的单元格是全部不符的唯一解释（其余要改的也都是总计）时为安全修复：改为使
        /// 各关系都成立的值。办理结果行的数为不安全修复（那是作者录入的数，仅在请求时应用）。
        /// 表中无法判断时为不安全修复，并标为“猜测”。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// A column of （七）总计 other than its 总计 (`joined`: the outcome rows' values).
    WrongColumn { column: &'a str, expected: Count, joined: &'a str, written: Count },
    /// The 总计 column of （七）总计.
    WrongTotal { expected: Count, joined: &'a str, written: Count },
    /// A related location: one part of the sum, named by its cell.
    Part { cell: &'a str, value: Count },
    /// The fix's title.
    Change { column: &'a str, expected: Count },
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
    let shape = ctx.arith.shape();
    let Some(id) = shape.outcome_total else { return };
    for finding in table3::findings(ctx, Owner::Outcomes) {
        let (col, expected, applicability, guess, mut related) = match finding {
            Finding::Located { repair, safe } if repair.at.0 != id => {
                // A number of an outcome row.
                let Some(cell) = table.cell(repair.at.0, repair.at.1) else { continue };
                let (message, title) = table3::part_message(ctx, repair);
                let fix = Fix {
                    applicability: if safe { Applicability::Safe } else { Applicability::Unsafe },
                    title,
                    edits: vec![Edit::replace(cell.number.clone(), repair.value.to_string())],
                };
                let related = table3::broken_related(ctx, table, repair, None);
                out.push(NB202.diag_related(cell.span.clone(), message, Some(fix), related));
                continue;
            }
            Finding::Located { repair, safe } => {
                let applicability = if safe { Applicability::Safe } else { Applicability::Unsafe };
                let law = Law::Outcomes(repair.at.1);
                (repair.at.1, repair.value, applicability, false, table3::broken_related(ctx, table, repair, Some(law)))
            }
            Finding::Either { at, candidates } => {
                let Some(cell) = table.cell(at.0, at.1) else { continue };
                let (message, related) = table3::either_message(ctx, table, candidates);
                let column = tpl.column_name(id, at.1, ctx.lang);
                let fix = candidates.iter().find(|r| r.at == at).map(|r| Fix {
                    applicability: Applicability::Unsafe,
                    title: table3::guess(&Msg::Change { column, expected: r.value }.text(ctx.lang), ctx.lang),
                    edits: vec![Edit::replace(cell.number.clone(), r.value.to_string())],
                });
                out.push(NB202.diag_related(cell.span.clone(), message, fix, related));
                continue;
            }
            Finding::Broken { identity } => {
                let (Law::Outcomes(col), Sides::Sums(_, sum)) = (identity.law, identity.sides) else { continue };
                (col, sum, Applicability::Unsafe, true, Vec::new())
            }
        };
        let Some(cell) = table.cell(id, col) else { continue };
        let Some(written) = cell.count() else { continue };
        // The parts on screen: the outcome rows of the column; for the 总计 column of a located
        // cell, the row's own applicant columns (whose sum it is, as the outcome rows' totals).
        let is_total = Some(col) == shape.total;
        let parts = if is_total && !guess { t3_parts(tpl, id, col) } else { shape.side(Law::Outcomes(col), false) };
        let values: Vec<Count> = parts.iter().map(|&(r, c)| ctx.arith.written(r, c).unwrap_or(0)).collect();
        let joined = table3::joined_on_screen(ctx, &parts);
        let column = tpl.column_name(id, col, ctx.lang);
        let message = if is_total {
            Msg::WrongTotal { expected, joined: &joined, written }
        } else {
            Msg::WrongColumn { column, expected, joined: &joined, written }
        }
        .text(ctx.lang);
        let mut all: Vec<Related> = parts
            .iter()
            .zip(&values)
            .filter(|(_, v)| **v != 0)
            .filter_map(|(&(r, c), v)| {
                let cell = table.cell(r, c)?;
                let message = Msg::Part { cell: &cell_name(tpl, r, c, ctx.lang), value: *v }.text(ctx.lang);
                Some(Related { span: cell.span.clone(), message })
            })
            .collect();
        all.append(&mut related);
        let title = Msg::Change { column, expected }.text(ctx.lang);
        let fix = Fix {
            applicability,
            title: if guess { table3::guess(&title, ctx.lang) } else { title },
            edits: vec![Edit::replace(cell.number.clone(), expected.to_string())],
        };
        out.push(NB202.diag_related(cell.span.clone(), message, Some(fix), all));
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
    fn a_message_shows_the_values_on_screen() {
        // The （七）总计 row's 自然人 and 总计 both wrong (0 and 55, the row adding up as written):
        // both are found, and the 总计's message shows the 0 on screen with its repair, not a
        // sum of values the author does not see.
        let text = edit(SEED_002, "(七) 总计", "93\t0\t0\t0\t55\t0\t148", "0\t0\t0\t0\t55\t0\t55");
        let ds = crate::check(&text, &Default::default());
        let found: Vec<(&str, &str)> = ds.iter().map(|d| (d.rule.code, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                ("NB202", "（七）总计·自然人应为 93（53+2+2+2+7+11+3+1+12），此处为 0"),
                ("NB202", "（七）总计行的总计应为 148（0→93+0+0+0+55+0），此处为 55"),
            ]
        );
        // Both totals, the one explanation: fixed on save.
        assert_eq!(crate::fix_text(&text, &Default::default(), crate::FixMode::Safe).as_deref(), Some(SEED_002));
    }

    #[test]
    fn near_miss_wrong_row_total_does_not_blame_outcome_total() {
        let text = edit(SEED_002, "(一) 予以公开", "101", "102");
        assert_eq!(codes(&text), vec!["NB201"]);
    }
}
