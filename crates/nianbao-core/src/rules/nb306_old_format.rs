//! NB306 old-format: a report for 2021 or later written in the 2019 format.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::Lang;

crate::declare_rule! {
    /// Checks that a report for 2021 or later does not use the 2019 format (国办公开办函〔2019〕60号),
    /// recognised by its table wording: `本年新制作数量`, `上一年项目数量`, `本年增/减`,
    /// `其他对外管理服务事项`, `第二十条第（九）项` with 政府集中采购 — all of them in section 二
    /// (the only part searched, or the whole text when there is no section 二). The report is
    /// still checked as far as its tables allow.
    ///
    /// ## Why
    /// Since the reports for 2021 the national format of 国办公开办函〔2021〕30号 is mandatory;
    /// old templates are still copied from year to year.
    ///
    /// ## Example
    /// A 2023 report whose table 二 has a column `本年新制作数量` gets
    /// `2023 年度报告使用了 2019 年旧格式（“本年新制作数量”），应使用国办公开办函〔2021〕30号格式`.
    ///
    /// ## Fix
    /// None here; `nianbao new` prints the current template.
    pub static NB306 = Rule {
        code: "NB306",
        name: "old-format",
        severity: Warning,
        fix: None,
        summary_zh: "2021 年及以后的报告使用新格式",
        summary_en: "reports for 2021 and later use the 2021 format",
        check: check,
    };
    doc_zh {
        /// 检查 2021 年及以后的报告没有使用 2019 年格式（国办公开办函〔2019〕60号），按其表格
        /// 用语识别：`本年新制作数量`、`上一年项目数量`、`本年增/减`、`其他对外管理服务事项`、
        /// 与政府集中采购一起出现的 `第二十条第（九）项`——都在第二部分中（只查第二部分，
        /// 没有第二部分时查全文）。报告仍在其表格允许的范围内照常检查。
        ///
        /// ## 为什么
        /// 自 2021 年度报告起，必须使用国办公开办函〔2021〕30号的全国统一格式；旧模板却仍在
        /// 年复一年地被照抄。
        ///
        /// ## 示例
        /// 2023 年度报告的表二有 `本年新制作数量` 一列，提示
        /// `2023 年度报告使用了 2019 年旧格式（“本年新制作数量”），应使用国办公开办函〔2021〕30号格式`。
        ///
        /// ## 修复
        /// 本规则不修复；`nianbao new` 可输出现行模板。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// A report for `year` with the 2019 table wording `marker`.
    OldFormat { year: u32, marker: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::OldFormat { year, marker } => lang.pick(
                format!("{year} 年度报告使用了 2019 年旧格式（“{marker}”），应使用国办公开办函〔2021〕30号格式"),
                format!("a report for {year} uses the 2019 format (“{marker}”); use the 2021 format (国办公开办函〔2021〕30号)"),
            ),
        }
    }
}

const MARKERS: &[&str] =
    &["本年新制作数量", "上一年项目数量", "本年增/减", "本年增／减", "其他对外管理服务事项", "政府集中采购"];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(year) = ctx.report.title.as_ref().and_then(|t| t.year) else { return };
    if year < 2021 {
        return;
    }
    // One pass over the text for all markers (an Aho-Corasick automaton with a SIMD prefilter,
    // built once per program); the leftmost marker is named. A contiguous NFA, not the default
    // DFA: much cheaper to build (a one-time cost), and searching one section costs about the same.
    static MATCHER: std::sync::LazyLock<aho_corasick::AhoCorasick> = std::sync::LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
            .build(MARKERS)
            .expect("NB306 markers build an automaton")
    });
    // All markers are wording of the 2019 table 二, so section 二 is searched (the whole text
    // when there is no section 二).
    let area = ctx.report.section(2).map_or(0..ctx.text.len(), |s| s.body.clone());
    let Some(m) = MATCHER.find(&ctx.text[area.clone()]) else { return };
    let (at, marker) = (area.start + m.start(), MARKERS[m.pattern().as_usize()]);
    let message = Msg::OldFormat { year, marker }.text(ctx.lang);
    out.push(NB306.diag(at..at + marker.len(), message, None));
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn old_table_wording_is_found() {
        let text = SEED_002.replace("本年制发件数", "本年新制作数量");
        assert_eq!(codes(&text), vec!["NB306"]);
    }

    #[test]
    fn near_miss_old_report_year() {
        let text = SEED_002
            .replace("本年制发件数", "本年新制作数量")
            .replace("孟州市人民政府 2023 年", "孟州市人民政府 2019 年");
        assert!(!codes(&text).contains(&"NB306"));
    }
}
