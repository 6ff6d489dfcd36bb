//! NB204 review-total: in each group of table 四, 总计 = 维持 + 纠正 + 其他 + 尚未审结.

use super::Context;
use crate::arith::Count;
use crate::diagnostic::{Diagnostic, Related};
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::Lang;

crate::declare_rule! {
    /// Checks rule A4: in each of table 四's three groups (行政复议, 未经复议直接起诉,
    /// 复议后起诉), 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
    ///
    /// ## Why
    /// Table 四 is fifteen numbers on one line; a shifted or mistyped total is easy to miss.
    ///
    /// ## Example
    /// `2	0	1	1	5	…` gives `行政复议总计应为 4（2+0+1+1），此处为 5`.
    ///
    /// Each group of table 四 stands in one sum only: a mistyped result and a wrong total break
    /// it alike, and nothing else in the table tells them apart (table 三, where every number
    /// stands in two sums, can: see NB201). So the 总计, the derived number, is the one
    /// reported and repaired. A result whose sum with the others does not fit in a count is
    /// reported by NB205 instead.
    ///
    /// Table 四 with more or fewer than 15 values is not summed: NB106 reports it (and names
    /// the cells when a .pdf's extraction probably split or merged one), so no safe fix
    /// rewrites a 总计 from shifted values.
    ///
    /// ## Fix
    /// Safe: replaces the 总计 with the computed sum.
    pub static NB204 = Rule {
        code: "NB204",
        name: "review-total",
        severity: Error,
        fix: Safe,
        summary_zh: "表四各组总计等于四项结果之和",
        summary_en: "each group of table 4 totals its four results",
        check: check,
    };
    doc_zh {
        /// 检查勾稽关系 A4：表四三组（行政复议、未经复议直接起诉、复议后起诉）的每一组，
        /// 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结。
        ///
        /// ## 为什么
        /// 表四是一行里的十五个数；总计错位或写错很容易看漏。
        ///
        /// ## 示例
        /// `2	0	1	1	5	…` 提示 `行政复议总计应为 4（2+0+1+1），此处为 5`。
        ///
        /// 表四每一组只有一个勾稽关系：某项结果录错和总计写错破坏的是同一个关系，表中没有别的
        /// 关系能区分二者（表三的每个数都在两个关系中，可以区分，见 NB201）。因此报告并改正的
        /// 是由各项算出的总计。与其他各数相加超出计数范围的数由 NB205 报告。
        ///
        /// 表四的数值多于或少于 15 个时不求和：由 NB106 提示（.pdf 提取时可能拆开或合并了
        /// 单元格的，会指出是哪些单元格），因此不会有安全修复用错位的数值改写总计。
        ///
        /// ## 修复
        /// 安全修复：把总计改为算出的和。
    }
}

/// The rule's messages, Chinese and English side by side (`zh`, `en`: the group's names).
enum Msg<'a> {
    WrongTotal {
        zh: &'a str,
        en: &'a str,
        expected: Count,
        joined: &'a str,
        written: Count,
    },
    /// A related location: one part of the sum, named by its column.
    Part {
        cell: &'a str,
        value: &'a str,
    },
    /// The fix's title.
    ChangeTotal {
        zh: &'a str,
        en: &'a str,
        expected: Count,
    },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::WrongTotal { zh, en, expected, joined, written } => lang.pick(
                format!("{zh}总计应为 {expected}（{joined}），此处为 {written}"),
                format!("{en} total should be {expected} ({joined}), found {written}"),
            ),
            // The same in both languages.
            Msg::Part { cell, value } => format!("{cell}: {value}"),
            Msg::ChangeTotal { zh, en, expected } => {
                lang.pick(format!("将{zh}总计改为 {expected}"), format!("Change the {en} total to {expected}"))
            }
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let tpl = ctx.report.template().table(TableKind::Four);
    let rt = &tpl.rows[0];
    let Some(row) =
        ctx.report.table(TableKind::Four).and_then(|t| t.rows.first()).filter(|r| r.cells.len() == rt.columns.len())
    else {
        return;
    };
    for (&(zh, en, _), (total, columns)) in tpl.column_groups.iter().zip(tpl.column_sums()) {
        let cell = &row.cells[total];
        let (Some(written), Some(expected)) = (cell.count(), ctx.arith.t4(total)) else {
            continue;
        };
        if written == expected {
            continue;
        }
        let parts: Vec<String> = columns.iter().map(|&i| ctx.arith.t4(i).unwrap_or(0).to_string()).collect();
        let joined = parts.join("+");
        let message = Msg::WrongTotal { zh, en, expected, joined: &joined, written }.text(ctx.lang);
        let related = columns
            .iter()
            .zip(&parts)
            .map(|(&i, part)| Related {
                span: row.cells[i].span.clone(),
                message: Msg::Part { cell: rt.columns[i], value: part }.text(ctx.lang),
            })
            .collect();
        let fix = Fix {
            applicability: Applicability::Safe,
            title: Msg::ChangeTotal { zh, en, expected }.text(ctx.lang),
            edits: vec![Edit::replace(cell.number.clone(), expected.to_string())],
        };
        out.push(NB204.diag_related(cell.span.clone(), message, Some(fix), related));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn wrong_review_total_is_found() {
        let text = edit(SEED_002, "2\t0\t1\t1\t4", "2\t0\t1\t1\t4", "2\t0\t1\t1\t5");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB204"]);
        assert_eq!(ds[0].message, "行政复议总计应为 4（2+0+1+1），此处为 5");
    }

    #[test]
    fn near_miss_a_cell_split_by_an_extraction_is_not_summed_or_fixed() {
        // 行政复议 12 0 3 1 16 with 12 read as "1 2": sixteen values.
        let text = edit(SEED_002, "2\t0\t1\t1\t4", "2\t0\t1\t1\t4", "1 2\t0\t3\t1\t16");
        assert_extraction_explained(&text, "“1”“2”应是一个数“12”");
    }

    #[test]
    fn near_miss_blank_cells_count_as_zero() {
        let text = edit(SEED_000, "\n0\t0\t0\t0\t0\t0", "\n0\t0\t0\t0\t0\t0", "\n0\t\t0\t0\t0\t0");
        assert!(codes(&text).is_empty(), "{:?}", codes(&text));
    }
}
