//! NB307 processing-fee: section 六 states the 信息处理费 collected.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::TableKind;
use crate::template::Name;
use crate::Lang;

crate::declare_rule! {
    /// Checks that section 六、其他需要报告的事项 states the 信息处理费 collected under
    /// 国办函〔2020〕109号 — even when it is none (`本年度未收取信息处理费`). Not asked of a report
    /// that received and carried over no applications at all (no fee can have been charged).
    ///
    /// ## Why
    /// The format requires the statement; it is the most often forgotten line of section 六.
    ///
    /// ## Example
    /// A report with applications whose section 六 says only `无` gets
    /// `第六部分未说明信息处理费收取情况（国办函〔2020〕109号）`.
    ///
    /// ## Fix
    /// None.
    pub static NB307 = Rule {
        code: "NB307",
        name: "processing-fee",
        severity: Warning,
        fix: None,
        summary_zh: "第六部分说明信息处理费收取情况",
        summary_en: "section 6 states the processing fees collected",
        check: check,
    };
    doc_zh {
        /// 检查六、其他需要报告的事项是否说明了依照国办函〔2020〕109号收取信息处理费的情况
        /// ——即使没有收取（`本年度未收取信息处理费`）。本年新收和上年结转的申请都为零的报告
        /// 不要求说明（不可能收过费）。
        ///
        /// ## 为什么
        /// 格式要求写明这一点；这是第六部分最常被遗漏的一句。
        ///
        /// ## 示例
        /// 有申请、但第六部分只写了 `无` 的报告，提示
        /// `第六部分未说明信息处理费收取情况（国办函〔2020〕109号）`。
        ///
        /// ## 修复
        /// 无。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg {
    NoFeeStatement,
}

impl Msg {
    fn text(&self, lang: Lang) -> String {
        match self {
            Msg::NoFeeStatement => lang.pick(
                "第六部分未说明信息处理费收取情况（国办函〔2020〕109号）",
                "section 6 does not state the information processing fees collected (国办函〔2020〕109号)",
            ),
        }
        .to_owned()
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(section) = ctx.report.section(6) else { return };
    // Checked: two totals that each fit in u64 may not together (then there were requests).
    let tpl = ctx.report.template().table(TableKind::Three);
    let total = |name| {
        let row = tpl.row(name)?;
        ctx.arith.t3(row, tpl.rows[row].column(&[Name::Total])?)
    };
    let requests = [Name::New, Name::CarriedIn].iter().try_fold(0u64, |acc, &r| acc.checked_add(total(r)?));
    if requests == Some(0) {
        return;
    }
    let body = &ctx.text[section.body.clone()];
    if ["处理费", "收费", "收取费用", "109号", "109 号"].iter().any(|k| body.contains(k)) {
        return;
    }
    out.push(NB307.diag(section.heading.clone(), Msg::NoFeeStatement.text(ctx.lang), None));
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn missing_fee_statement_is_found() {
        let i = SEED_002.find("2023年，依据《国务院办公厅").unwrap();
        let text = format!("{}无。\n", &SEED_002[..i]);
        assert_eq!(codes(&text), vec!["NB307"]);
    }

    #[test]
    fn near_miss_no_requests_no_fee_needed() {
        let seed_001 = include_str!("../../../../tests/fixtures/001_68f00f12ba36a829.txt");
        assert!(codes(seed_001).is_empty());
    }

    #[test]
    fn request_totals_beyond_u64_do_not_overflow() {
        // Found by the property tests (issue 6): 一 + 二 was summed with `+` and overflowed.
        let text = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{}\t", u64::MAX - 55));
        let _ = codes(&text);
    }
}
