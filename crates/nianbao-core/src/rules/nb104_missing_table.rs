//! NB104 missing-table: sections 二, 三 and 四 contain their tables.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::template;
use crate::Lang;

crate::declare_rule! {
    /// Checks that when section 二, 三 or 四 is present, its table is present too (found by
    /// its header, its rows or a caption such as `表一：主动公开政府信息情况`, anywhere in the
    /// report). The heading is named as the report numbers it: in a Shanghai report the tables
    /// are under 一、二、三 (`“一、主动公开政府信息情况”缺少表格`).
    ///
    /// ## Why
    /// The tables are the report's statistics; a section with only prose cannot be checked
    /// or aggregated.
    ///
    /// ## Example
    /// `四、政府信息公开行政复议、行政诉讼情况` followed only by `无。` gives
    /// `“四、政府信息公开行政复议、行政诉讼情况”缺少表格`.
    ///
    /// ## Fix
    /// None here; `nianbao new` prints the blank tables to paste.
    pub static NB104 = Rule {
        code: "NB104",
        name: "missing-table",
        severity: Error,
        fix: None,
        summary_zh: "第二、三、四部分须有表格",
        summary_en: "sections 2, 3 and 4 contain their tables",
        check: check,
    };
    doc_zh {
        /// 检查第二、三、四部分存在时，其表格也存在（按表头、各行或 `表一：主动公开政府信息情况`
        /// 这样的表题识别，表格在报告中的任何位置均可）。标题按报告自己的编号称呼：上海报告的
        /// 表格在一、二、三之下（`“一、主动公开政府信息情况”缺少表格`）。
        ///
        /// ## 为什么
        /// 表格是报告的统计数据；只有文字的部分既无法核对，也无法汇总。
        ///
        /// ## 示例
        /// `四、政府信息公开行政复议、行政诉讼情况` 之后只有 `无。`，提示
        /// `“四、政府信息公开行政复议、行政诉讼情况”缺少表格`。
        ///
        /// ## 修复
        /// 本规则不修复；`nianbao new` 可输出空白表格供粘贴。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    NoTable { heading: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::NoTable { heading } => lang.pick(format!("“{heading}”缺少表格"), format!("“{heading}” has no table")),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for id in [2, 3, 4] {
        let Some(section) = ctx.report.section(id) else {
            continue;
        };
        let Some(kind) = template::section_table(id) else {
            continue;
        };
        if ctx.report.table(kind).is_some() {
            continue;
        }
        let heading = crate::variant::heading(ctx.report, ctx.text, id);
        let message = Msg::NoTable { heading: &heading }.text(ctx.lang);
        out.push(NB104.diag(section.heading.clone(), message, None));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn section_without_table_is_found() {
        let a = SEED_002.find("行政复议\t").unwrap();
        let b = SEED_002.find("五、存在的主要问题").unwrap();
        let text = format!("{}无。\n\n{}", &SEED_002[..a], &SEED_002[b..]);
        assert_eq!(codes(&text), vec!["NB104"]);
    }

    #[test]
    fn shanghai_table_section_without_table_is_found() {
        const SH: &str = include_str!("../../../../tests/fixtures/cases/ok-shanghai-layout.txt");
        let a = SH.find("行政复议\t").unwrap();
        let b = SH.find("四、存在的主要问题").unwrap();
        let text = format!("{}无。\n\n{}", &SH[..a], &SH[b..]);
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB104"]);
        assert_eq!(ds[0].message, "“三、政府信息公开行政复议、行政诉讼情况”缺少表格");
    }

    #[test]
    fn near_miss_table_without_blank_line() {
        let text =
            SEED_002.replace("四、政府信息公开行政复议、行政诉讼情况\n\n", "四、政府信息公开行政复议、行政诉讼情况\n");
        assert!(codes(&text).is_empty());
    }
}
