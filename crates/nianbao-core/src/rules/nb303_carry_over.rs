//! NB303 carry-over: this year's 二、上年结转 equals last year's 四、结转下年度继续办理.

use super::{cell_name, Context};
use crate::arith::Arith;
use crate::diagnostic::Diagnostic;
use crate::model::TableKind;
use crate::template::Name;
use crate::Lang;

crate::declare_rule! {
    /// Checks, when last year's report of the same agency is at hand (same folder or workspace,
    /// or `--previous FILE`), that every column of this year's 二、上年结转政府信息公开申请数量
    /// equals last year's 四、结转下年度继续办理.
    ///
    /// ## Why
    /// Requests carried over at the end of a year are the ones carried in at the start of the
    /// next; a difference means one of the two reports is wrong.
    ///
    /// ## Example
    /// Last year's 四 has 自然人 = 2, this year's 二 has 自然人 = 0: `上年结转·自然人为 0，
    /// 但上年报告（2022.txt）结转下年度为 2`.
    ///
    /// Without last year's report nothing is checked.
    ///
    /// ## Fix
    /// None: either report may be the wrong one.
    pub static NB303 = Rule {
        code: "NB303",
        name: "carry-over",
        severity: Warning,
        fix: None,
        summary_zh: "上年结转与上年报告的结转下年度一致",
        summary_en: "carried-in requests equal last year's carried-out",
        check: check,
    };
    doc_zh {
        /// 同一机关上年的报告在手时（在同一文件夹或工作区中，或用 `--previous FILE` 指定），
        /// 检查本年二、上年结转政府信息公开申请数量的每一列，是否等于上年的
        /// 四、结转下年度继续办理。
        ///
        /// ## 为什么
        /// 上年末结转下年度继续办理的申请，就是下一年的上年结转；两者不同，说明两份报告中
        /// 有一份是错的。
        ///
        /// ## 示例
        /// 上年的四中自然人 = 2，本年的二中自然人 = 0：`上年结转·自然人为 0，
        /// 但上年报告（2022.txt）结转下年度为 2`。
        ///
        /// 没有上年报告时不检查。
        ///
        /// ## 修复
        /// 无：错的可能是两份报告中的任何一份。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// 二、上年结转 `cell` (in `column`) is `now`; last year's report (named `last`) carried `before` over.
    Differs { cell: &'a str, column: &'a str, now: u64, last: &'a str, before: u64 },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Differs { cell, column, now, last, before } => lang.pick(
                format!("{cell}为 {now}，但上年报告（{last}）结转下年度为 {before}"),
                format!("carried over from last year ({column}) is {now}, but last year's report ({last}) carried {before} over"),
            ),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(prev) = ctx.previous else { return };
    let Some(table) = ctx.report.table(TableKind::Three) else { return };
    let tpl = ctx.report.template().table(TableKind::Three);
    let Some(carried_in) = tpl.row(Name::CarriedIn) else { return };
    // Last year's table 三 as its own template names it.
    let Some(carried_out) = prev.report.template().table(TableKind::Three).row(Name::CarriedOut) else { return };
    let rt = &tpl.rows[carried_in];
    let Some(row) = table.row(carried_in).filter(|r| r.cells.len() == rt.columns.len()) else { return };
    let last = Arith::resolve(prev.report);
    for col in 0..rt.columns.len() {
        let (Some(now), Some(before)) = (ctx.arith.t3(carried_in, col), last.t3(carried_out, col)) else {
            continue;
        };
        if now == before || (rt.column(&[Name::Total]) == Some(col) && out.iter().any(|d| d.rule == &NB303)) {
            continue;
        }
        let column = tpl.column_name(carried_in, col, ctx.lang);
        let cell = cell_name(tpl, carried_in, col, ctx.lang);
        let message = Msg::Differs { cell: &cell, column, now, last: prev.name, before }.text(ctx.lang);
        out.push(NB303.diag(row.cells[col].span.clone(), message, None));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::{check_with_previous, parse::parse, Previous};

    fn codes_with(text: &str, prev: &str) -> Vec<&'static str> {
        let report = parse(text);
        let prev_report = parse(prev);
        let previous = Previous { text: prev, report: &prev_report, name: "2022.txt" };
        check_with_previous(text, &report, &Default::default(), Some(previous))
            .iter()
            .map(|d| d.rule.code)
            .filter(|c| *c == "NB303")
            .collect()
    }

    #[test]
    fn carried_in_differs_from_last_years_carried_out() {
        // Last year: 四 carried 1 over (自然人); this year 二 says 2.
        let last = edit(
            &edit(SEED_002, "四、结转下年度", "\t0\t", "\t1\t"),
            "四、结转下年度",
            "\t0\t0\t0\t0\t0\t0",
            "\t0\t0\t0\t0\t0\t1",
        );
        assert_eq!(codes_with(SEED_002, &last), vec!["NB303"]);
    }

    #[test]
    fn near_miss_no_previous_report() {
        // This year's 二 (2) would disagree with a previous 四 (0), but none is at hand.
        assert!(codes(SEED_002).is_empty());
    }
}
