//! NB310 aggregate: a summary report's tables 三 and 四 equal the sum of the reports it sums up.

use super::Context;
use crate::arith::Arith;
use crate::diagnostic::{Diagnostic, Related};
use crate::model::TableKind;
use crate::template::Name;
use crate::Lang;

crate::declare_rule! {
    /// Checks a summary report (a city's report summing up its departments, say) declared in
    /// nianbao.toml:
    ///
    /// ```toml
    /// [[aggregate]]
    /// report = "全市汇总.txt"
    /// parts = ["市发改委.txt", "市教育局.txt"]
    /// ```
    ///
    /// Every cell of tables 三 and 四 of the summary must equal the sum of the same cell over
    /// the parts. Only the leaf cells are compared (totals follow from them and have their own
    /// rules), with each part's values as written.
    ///
    /// ## Why
    /// Summary reports are put together by hand from many others; a missed or double-counted
    /// department shows only in the sums.
    ///
    /// ## Example
    /// `表三·一、本年新收·自然人为 90，各组成报告之和为 91（市发改委.txt 40 + 市教育局.txt 51）`.
    ///
    /// ## Fix
    /// None: whether the summary or a part is wrong is for the office to find out.
    pub static NB310 = Rule {
        code: "NB310",
        name: "aggregate",
        severity: Warning,
        fix: None,
        summary_zh: "汇总报告的表三、表四等于各组成报告之和",
        summary_en: "a summary report's tables 3 and 4 equal the sum of its parts",
        check: check,
    };
    doc_zh {
        /// 检查在 nianbao.toml 中声明的汇总报告（例如汇总各部门情况的全市报告）：
        ///
        /// ```toml
        /// [[aggregate]]
        /// report = "全市汇总.txt"
        /// parts = ["市发改委.txt", "市教育局.txt"]
        /// ```
        ///
        /// 汇总报告表三、表四的每个单元格，必须等于各组成报告同一单元格之和。只比较末级单元格
        /// （合计由它们决定，另有规则检查），各组成报告的值按所写的取。
        ///
        /// ## 为什么
        /// 汇总报告是从许多报告手工拼合的；漏算或重复计算了某个部门，只能从合计中看出来。
        ///
        /// ## 示例
        /// `表三·一、本年新收·自然人为 90，各组成报告之和为 91（市发改委.txt 40 + 市教育局.txt 51）`。
        ///
        /// ## 修复
        /// 无：是汇总报告错了还是某个组成报告错了，由汇总单位核查。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// The summary's cell `name` is `own`; its parts (`terms`: `市局 12 + 区局 3`) add up to `sum`.
    /// `sum` exactly (the parts' counts may add up beyond the largest count).
    Sum { name: &'a str, own: u64, sum: u128, terms: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Sum { name, own, sum, terms } => lang.pick(
                format!("{name}为 {own}，各组成报告之和为 {sum}（{terms}）"),
                format!("{name} is {own}, but the reports it sums up add up to {sum} ({terms})"),
            ),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.parts.is_empty() {
        return;
    }
    let parts: Vec<Arith> = ctx.parts.iter().map(|p| Arith::resolve(p.report)).collect();
    let t3 = ctx.report.template().table(TableKind::Three);
    if let Some(table) = ctx.report.table(TableKind::Three) {
        for row in &table.rows {
            // Derived cells follow from the leaves: only the leaves are compared.
            let rt = &t3.rows[row.id];
            if row.cells.len() != rt.columns.len() || t3.row(Name::OutcomeTotal) == Some(row.id) {
                continue;
            }
            for col in rt.columns_with(&[Name::Applicant]) {
                let values: Option<Vec<u64>> = parts.iter().map(|a| a.t3(row.id, col)).collect();
                let (Some(values), Some(own)) = (values, ctx.arith.t3(row.id, col)) else { continue };
                report(ctx, out, &row.cells[col].span, TableKind::Three, row.id, col, own, &values);
            }
        }
    }
    let t4 = ctx.report.template().table(TableKind::Four);
    let width = t4.rows[0].columns.len();
    if let Some(row) = ctx.report.table(TableKind::Four).and_then(|t| t.rows.first()).filter(|r| r.cells.len() == width)
    {
        for col in t4.column_sums().into_iter().flat_map(|(_, parts)| parts) {
            let values: Option<Vec<u64>> = parts.iter().map(|a| a.t4(col)).collect();
            let (Some(values), Some(own)) = (values, ctx.arith.t4(col)) else { continue };
            report(ctx, out, &row.cells[col].span, TableKind::Four, 0, col, own, &values);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn report(
    ctx: &Context,
    out: &mut Vec<Diagnostic>,
    span: &std::ops::Range<usize>,
    kind: TableKind,
    row: usize,
    col: usize,
    own: u64,
    values: &[u64],
) {
    let sum: u128 = values.iter().map(|&v| u128::from(v)).sum();
    if sum == u128::from(own) {
        return;
    }
    let name = crate::anchor::cell_anchor(ctx.report, kind, row, col);
    let terms = ctx.parts.iter().zip(values).map(|(p, v)| format!("{} {v}", p.name)).collect::<Vec<_>>().join(" + ");
    let message = Msg::Sum { name: &name, own, sum, terms: &terms }.text(ctx.lang);
    out.push(NB310.diag_related(span.clone(), message, None, Vec::<Related>::new()));
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::{check_with, parse::parse, Companions, Previous};

    #[test]
    fn parts_beyond_u64_are_summed_exactly() {
        // Two parts at u64::MAX in a cell: the sum is not cut off at u64::MAX (which the
        // summary's own u64::MAX would then equal).
        let max = u64::MAX.to_string();
        let big = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{max}\t"));
        let (a, b) = (parse(&big), parse(&big));
        let parts =
            [Previous { text: &big, report: &a, name: "a.txt" }, Previous { text: &big, report: &b, name: "b.txt" }];
        let summary = parse(&big);
        let ds = check_with(&big, &summary, &Default::default(), Companions { parts: &parts, ..Companions::default() });
        let d = ds.iter().find(|d| d.rule.code == "NB310" && d.message.contains("自然人")).expect("NB310");
        assert!(d.message.contains(&format!("之和为 {}", 2 * u128::from(u64::MAX))), "{}", d.message);
    }

    #[test]
    fn summary_not_equal_to_the_sum_of_parts() {
        // Two parts: seed 002 and seed 000. The summary is seed 002 (missing seed 000's counts).
        let (a, b) = (parse(SEED_002), parse(SEED_000));
        let parts = [
            Previous { text: SEED_002, report: &a, name: "a.txt" },
            Previous { text: SEED_000, report: &b, name: "b.txt" },
        ];
        let summary = parse(SEED_002);
        let ds =
            check_with(SEED_002, &summary, &Default::default(), Companions { parts: &parts, ..Companions::default() });
        let nb310: Vec<_> = ds.iter().filter(|d| d.rule.code == "NB310").collect();
        // Seed 000 has 3 new, 2 disclosed, 1 not held (自然人): three cells differ.
        assert_eq!(nb310.len(), 3, "{nb310:#?}");
        assert!(
            nb310[0].message.starts_with("表三·一、本年新收·自然人为 91，各组成报告之和为 94（a.txt 91 + b.txt 3）"),
            "{}",
            nb310[0].message
        );
    }

    #[test]
    fn near_miss_single_part_equal() {
        let a = parse(SEED_002);
        let parts = [Previous { text: SEED_002, report: &a, name: "a.txt" }];
        let ds = check_with(SEED_002, &a, &Default::default(), Companions { parts: &parts, ..Companions::default() });
        assert!(ds.is_empty());
        assert!(codes(SEED_002).is_empty());
    }
}
