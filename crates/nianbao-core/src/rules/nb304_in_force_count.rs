//! NB304 in-force-count: documents in force = last year's + issued − repealed.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::TableKind;
use crate::template::Name;
use crate::Lang;

crate::declare_rule! {
    /// Checks, when last year's report of the same agency is at hand, table 二's 规章 and
    /// 行政规范性文件 rows: 现行有效件数 = last year's 现行有效件数 + 本年制发件数 − 本年废止件数.
    ///
    /// ## Why
    /// The three numbers tell one story across two years. Documents also expire on their own
    /// (有效期届满), so a difference is only information, not an error.
    ///
    /// ## Example
    /// Last year 77 in force, this year 5 issued and 18 repealed, but 70 in force:
    /// `现行有效件数应为 64（上年 77 + 制发 5 − 废止 18），此处为 70`.
    ///
    /// ## Fix
    /// None.
    pub static NB304 = Rule {
        code: "NB304",
        name: "in-force-count",
        severity: Info,
        fix: None,
        summary_zh: "现行有效件数与上年及本年增减相符",
        summary_en: "documents in force follow from last year's count",
        check: check,
    };
    doc_zh {
        /// 同一机关上年的报告在手时，检查表二的规章和行政规范性文件两行：
        /// 现行有效件数 = 上年现行有效件数 + 本年制发件数 − 本年废止件数。
        ///
        /// ## 为什么
        /// 这三个数讲的是跨越两年的同一件事。文件也会自行失效（有效期届满），所以不相符只是
        /// 提示，不算错误。
        ///
        /// ## 示例
        /// 上年现行有效 77 件，本年制发 5 件、废止 18 件，现行有效却为 70 件：
        /// `现行有效件数应为 64（上年 77 + 制发 5 − 废止 18），此处为 70`。
        ///
        /// ## 修复
        /// 无。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    InForce { name: &'a str, expected: u64, last_in_force: u64, issued: u64, repealed: u64, in_force: u64 },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::InForce { name, expected, last_in_force, issued, repealed, in_force } => lang.pick(
                format!("{name}现行有效件数应为 {expected}（上年 {last_in_force} + 制发 {issued} − 废止 {repealed}），此处为 {in_force}"),
                format!("{name}: {in_force} in force, but last year's {last_in_force} + {issued} issued − {repealed} repealed = {expected}"),
            ),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(prev) = ctx.previous else { return };
    let (Some(now), Some(before)) = (ctx.report.table(TableKind::Two), prev.report.table(TableKind::Two)) else {
        return;
    };
    let (tpl, last_tpl) = (ctx.report.template().table(TableKind::Two), prev.report.template().table(TableKind::Two));
    for name in [Name::Regulations, Name::NormativeDocuments] {
        let (Some(id), Some(last_id)) = (tpl.row(name), last_tpl.row(name)) else { continue };
        let (rt, last_rt) = (&tpl.rows[id], &last_tpl.rows[last_id]);
        let (Some(row), Some(last)) = (
            now.row(id).filter(|r| r.cells.len() == rt.columns.len()),
            before.row(last_id).filter(|r| r.cells.len() == last_rt.columns.len()),
        ) else {
            continue;
        };
        let [Some(i), Some(r), Some(f), Some(last_f)] = [
            rt.column(&[Name::Issued]),
            rt.column(&[Name::Repealed]),
            rt.column(&[Name::InForce]),
            last_rt.column(&[Name::InForce]),
        ] else {
            continue;
        };
        let (Some(issued), Some(repealed), Some(in_force), Some(last_in_force)) =
            (row.cells[i].count(), row.cells[r].count(), row.cells[f].count(), last.cells[last_f].count())
        else {
            continue;
        };
        let Some(expected) = last_in_force.checked_add(issued).and_then(|v| v.checked_sub(repealed)) else { continue };
        if expected == in_force {
            continue;
        }
        let name = rt.short;
        let message = Msg::InForce { name, expected, last_in_force, issued, repealed, in_force }.text(ctx.lang);
        out.push(NB304.diag(row.cells[f].span.clone(), message, None));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::{check_with_previous, parse::parse, Previous, Severity};

    #[test]
    fn in_force_not_following_is_info() {
        // Last year 80 in force; this year 5 issued, 18 repealed → 67, but 77 is written.
        let last = edit(SEED_002, "行政规范性文件", "77", "80");
        let report = parse(SEED_002);
        let prev = parse(&last);
        let ds: Vec<_> = check_with_previous(
            SEED_002,
            &report,
            &Default::default(),
            Some(Previous { text: &last, report: &prev, name: "2022.txt" }),
        )
        .into_iter()
        .filter(|d| d.rule.code == "NB304")
        .collect();
        assert_eq!(ds.len(), 1);
        assert_eq!((ds[0].rule.code, ds[0].severity), ("NB304", Severity::Info));
    }

    #[test]
    fn near_miss_consistent_years() {
        let last = edit(SEED_002, "行政规范性文件", "77", "90");
        let report = parse(SEED_002);
        let prev = parse(&last);
        let ds = check_with_previous(
            SEED_002,
            &report,
            &Default::default(),
            Some(Previous { text: &last, report: &prev, name: "x" }),
        );
        assert!(!ds.iter().any(|d| d.rule.code == "NB304"), "{ds:#?}");
        assert!(codes(SEED_002).is_empty());
    }

    #[test]
    fn last_year_beyond_u64_is_not_compared() {
        // Found reviewing overflow (issue 6): last year's count + issued was summed with `+`.
        let last = edit(SEED_002, "行政规范性文件", "77", &u64::MAX.to_string());
        let report = parse(SEED_002);
        let prev = parse(&last);
        let ds = check_with_previous(
            SEED_002,
            &report,
            &Default::default(),
            Some(Previous { text: &last, report: &prev, name: "x" }),
        );
        assert!(!ds.iter().any(|d| d.rule.code == "NB304"), "{ds:#?}");
    }
}
