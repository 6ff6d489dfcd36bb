//! NB201 row-total: in every row of table 三, 总计 is the sum of the six applicant columns.

use super::table3::{self, Finding, Owner};
use super::{cell_name, Context};
use crate::arith::{t3_parts, Count, Law, Sides};
use crate::diagnostic::{Diagnostic, Related};
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A1 of the format: in every row of table 三 (收到和处理政府信息公开申请情况),
    /// 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他 — and, with
    /// NB202 and NB203, finds which number is wrong.
    ///
    /// ## Why
    /// The 总计 column is derived from the row; a wrong total is the most common arithmetic
    /// mistake in published reports and the first thing reviewers check. But a total that
    /// disagrees with its row is not always the wrong number: the author may have mistyped a
    /// part and added up right.
    ///
    /// ## How the wrong number is found
    /// Table 三 is redundant. Every number stands in two sums at least: its row's total (A1)
    /// and its column's — （七）总计 for the outcome rows (A2, NB202), the balance
    /// 一 + 二 = 三（七）+ 四 for rows 一, 二, （七） and 四 (A3, NB203). All of them are checked on
    /// the numbers as written; then the smallest set of cells (up to three) whose change makes
    /// every sum hold is looked for. A wrong total breaks its row's sum and its column's sum of
    /// totals; a mistyped part breaks its row's sum and its column's: each pattern has exactly
    /// one explanation, and the finding sits on that cell with the value that repairs it. This
    /// rule reports the rows' 总计 cells; a mistyped part is reported by NB202 or NB203.
    ///
    /// ## Example
    /// ```text
    /// 一、本年新收政府信息公开申请数量		91	0	0	0	55	0	147
    /// ```
    /// breaks the row's sum and the balance of the 总计 column, and only the `147` is in both:
    /// `总计应为 146（91+0+0+0+55+0），此处为 147` on the `147`. Had the author typed `19` for
    /// `91` with the total `146` right, the row's sum and the balance of the 自然人 column break,
    /// and only the `19` is in both: NB203 reports `自然人应为 91：此时本行合计 146、栏平衡
    /// 一＋二＝三（七）＋四 均成立` on the `19`, and the total is left alone.
    ///
    /// When the table lacks the sums that would tell the cells apart (a row is missing, a cell
    /// is not a number), the finding says so and names every cell that would do. When no
    /// small set of cells explains what is broken, each broken row total is reported as
    /// written (`总计应为 …（the row's numbers），此处为 …`).
    ///
    /// A row with a value too many or too few is not summed: NB106 reports it. That is what a
    /// cell split or merged by the extraction of a .pdf looks like (`9  1` for `91`), and
    /// NB106 then names the cells; so this rule's safe fix never "corrects" the total of such
    /// a row to a sum of misread cells.
    ///
    /// ## Fix
    /// Safe (applied on save and by `nianbao fix`) when the total is the one explanation of
    /// what is broken (with other totals alone): it is set to the value that makes every sum
    /// hold. Otherwise unsafe (applied only on request), and titled as a guess when the table
    /// cannot tell.
    pub static NB201 = Rule {
        code: "NB201",
        name: "row-total",
        severity: Error,
        fix: Sometimes,
        summary_zh: "表三每行的总计等于六类申请人之和",
        summary_en: "each row of table 3 totals its six applicant columns",
        check: check,
    };
    doc_zh {
        /// 检查格式的勾稽关系 A1：表三（收到和处理政府信息公开申请情况）的每一行，
        /// 总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他；并与 NB202、
        /// NB203 一起找出究竟是哪一个数写错了。
        ///
        /// ## 为什么
        /// 总计一列由本行各数算出；总计算错是已公开报告中最常见的计算错误，也是审核人员最先
        /// 核对的地方。但总计与本行不符，错的不一定是总计：也可能是作者把某一项录错了，而总计
        /// 是对的。
        ///
        /// ## 怎样找出错的数
        /// 表三有冗余：每个数至少同时出现在两个勾稽关系中——本行的合计（A1），以及本栏的关系：
        /// 办理结果各行在（七）总计中（A2，NB202），一、二、（七）、四各行在栏平衡
        /// 一 + 二 = 三（七）+ 四 中（A3，NB203）。这些关系都按表中所写的数核对，然后找出改动
        /// 最少（不超过三格）就能让所有关系都成立的单元格。总计写错，会破坏本行合计和总计一栏
        /// 的关系；某一项录错，会破坏本行合计和它所在一栏的关系：每种情形只有一个单元格能解释，
        /// 提示就落在这个单元格上，并给出使各关系成立的值。本规则报告各行的总计单元格；录错的
        /// 某一项由 NB202 或 NB203 报告。
        ///
        /// ## 示例
        /// ```text
        /// 一、本年新收政府信息公开申请数量		91	0	0	0	55	0	147
        /// ```
        /// 破坏了本行合计和总计一栏的栏平衡，同时在这两个关系中的只有 `147`：在 `147` 处提示
        /// `总计应为 146（91+0+0+0+55+0），此处为 147`。如果作者把 `91` 录成了 `19`、总计 `146`
        /// 是对的，被破坏的是本行合计和自然人一栏的栏平衡，同时在两者中的只有 `19`：NB203 在
        /// `19` 处提示 `自然人应为 91：此时本行合计 146、栏平衡 一＋二＝三（七）＋四 均成立`，
        /// 总计不会被改动。
        ///
        /// 表中缺少能区分各单元格的关系时（缺了一行、某格不是数字），提示会说明这一点，并列出
        /// 改正后都能成立的各个单元格。没有少数几格能解释全部不符时，按表中所写逐行报告不符的
        /// 总计（`总计应为 …（本行各数），此处为 …`）。
        ///
        /// 数值多一个或少一个的行不求和，由 NB106 提示。从 .pdf 提取时被拆开或合并的单元格
        /// 就是这个样子（`9  1` 应为 `91`），NB106 会指出是哪些单元格；因此本规则的安全修复
        /// 绝不会把这种行的总计“改正”为错读单元格之和。
        ///
        /// ## 修复
        /// 总计是全部不符的唯一解释（其余要改的也都是总计）时为安全修复（保存时自动应用，
        /// `nianbao fix` 也会应用）：改为使各关系都成立的值。其他情形为不安全修复（仅在请求时
        /// 应用），表中无法判断时标为“猜测”。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// `joined`: the parts the total sums, `91+0+0+0+55+0`.
    WrongTotal { expected: Count, joined: &'a str, written: Count },
    /// A related location: one part of the sum, named by its cell.
    Part { cell: &'a str, value: Count },
    /// The fix's title.
    ChangeTotal { expected: Count },
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
    let shape = ctx.arith.shape();
    let Some(total) = shape.total else { return };
    for finding in table3::findings(ctx, Owner::RowTotal) {
        let (row, expected, applicability, guess, mut related) = match finding {
            Finding::Located { repair, safe } => {
                let applicability = if safe { Applicability::Safe } else { Applicability::Unsafe };
                let law = Law::Row(repair.at.0);
                (repair.at.0, repair.value, applicability, false, table3::broken_related(ctx, table, repair, Some(law)))
            }
            Finding::Either { at, candidates } => {
                let Some(cell) = table.cell(at.0, at.1) else { continue };
                let (message, related) = table3::either_message(ctx, table, candidates);
                let fix = candidates.iter().find(|r| r.at == at).map(|r| Fix {
                    applicability: Applicability::Unsafe,
                    title: table3::guess(&Msg::ChangeTotal { expected: r.value }.text(ctx.lang), ctx.lang),
                    edits: vec![Edit::replace(cell.number.clone(), r.value.to_string())],
                });
                out.push(NB201.diag_related(cell.span.clone(), message, fix, related));
                continue;
            }
            Finding::Broken { identity } => {
                let (Law::Row(row), Sides::Sums(_, sum)) = (identity.law, identity.sides) else { continue };
                (row, sum, Applicability::Unsafe, true, Vec::new())
            }
        };
        let Some(cell) = table.cell(row, total) else { continue };
        let Some(written) = cell.count() else { continue };
        // The parts as on screen (a part located too shows its repair: `19→91`).
        let cells = t3_parts(tpl, row, total);
        let parts: Vec<Count> = cells.iter().map(|&(r, c)| ctx.arith.written(r, c).unwrap_or(0)).collect();
        let joined = table3::joined_on_screen(ctx, &cells);
        let message = Msg::WrongTotal { expected, joined: &joined, written }.text(ctx.lang);
        let mut all: Vec<Related> = cells
            .iter()
            .zip(&parts)
            .filter_map(|(&(r, c), part)| {
                Some(Related {
                    span: table.cell(r, c)?.span.clone(),
                    message: Msg::Part { cell: &cell_name(tpl, r, c, ctx.lang), value: *part }.text(ctx.lang),
                })
            })
            .collect();
        all.append(&mut related);
        let title = Msg::ChangeTotal { expected }.text(ctx.lang);
        let fix = Fix {
            applicability,
            title: if guess { table3::guess(&title, ctx.lang) } else { title },
            edits: vec![Edit::replace(cell.number.clone(), expected.to_string())],
        };
        out.push(NB201.diag_related(cell.span.clone(), message, Some(fix), all));
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
