//! NB106 malformed-row: each table row has as many values as its columns.

use super::Context;
use crate::diagnostic::{Diagnostic, Related};
use crate::extraction::{regroup, Regroup};
use crate::Lang;

crate::declare_rule! {
    /// Checks that each recognised row has the number of values its columns call for: 7 in
    /// table 三, 15 in table 四, 3 or 1 in table 二. Empty cells between values count as blank
    /// (0); trailing empty cells are ignored.
    ///
    /// ## Why
    /// A missing or extra number shifts every later value into the wrong column, so the sums
    /// of that row cannot be trusted.
    ///
    /// ## Example
    /// `(一) 予以公开	53	0	0	48	0	101` (six values) gives
    /// `“（一）予以公开”应有 7 个数值，此处有 6 个`.
    ///
    /// ## Extracted documents
    /// A report read from a .pdf (or .docx, .html) can have a cell split in two by the
    /// extraction (`9  1` for `91`: a value too many) or two neighbouring cells merged (`480`
    /// for `48` and `0`: a value too few). When joining two neighbouring cells, or cutting one
    /// in two, gives the row its number of values and makes its sums hold (总计 in table 三,
    /// each group's 总计 in table 四) in exactly one way, the message names the cells and says
    /// the extraction is probably at fault:
    /// `“一、本年新收”应有 7 个数值，此处有 8 个（可能是提取时把一个单元格拆成了两个：第 1、2 个数值“9”“1”应是一个数“91”，这样本行各项之和相符；请对照原文件核实）`.
    /// Typed text (.txt, the editor) never gets this explanation. Such a row is not summed by
    /// NB201/NB202/NB204 either, so no safe fix rewrites it.
    ///
    /// ## Fix
    /// None: which value is missing is for the author to say (or, for an extracted document,
    /// for a look at the original).
    pub static NB106 = Rule {
        code: "NB106",
        name: "malformed-row",
        severity: Error,
        fix: None,
        summary_zh: "每行数值个数与列数一致",
        summary_en: "each row has one value per column",
        check: check,
    };
    doc_zh {
        /// 检查每个识别出的行的数值个数与其列数一致：表三 7 个，表四 15 个，表二 3 个或 1 个。
        /// 数值之间的空单元格按空白（0）计；行末的空单元格不计。
        ///
        /// ## 为什么
        /// 少一个或多一个数，这一行后面的数值都会错位到别的列，这一行的合计也就不可信了。
        ///
        /// ## 示例
        /// `(一) 予以公开	53	0	0	48	0	101`（6 个数值）提示
        /// `“（一）予以公开”应有 7 个数值，此处有 6 个`。
        ///
        /// ## 从文档提取的报告
        /// 从 .pdf（或 .docx、.html）读取的报告，可能有单元格在提取时被拆成了两个（`9  1` 应为
        /// `91`：多一个数值），或两个相邻单元格被合并（`480` 应为 `48` 和 `0`：少一个数值）。
        /// 如果把两个相邻单元格合为一个、或把一个单元格拆成两个，恰好有唯一一种办法使该行数值
        /// 个数正确、各项之和相符（表三的总计，表四各组的总计），提示会指出是哪些单元格，并说明
        /// 可能是提取造成的：
        /// `“一、本年新收”应有 7 个数值，此处有 8 个（可能是提取时把一个单元格拆成了两个：第 1、2 个数值“9”“1”应是一个数“91”，这样本行各项之和相符；请对照原文件核实）`。
        /// 直接输入的文字（.txt、编辑器）不会得到这一说明。这样的行 NB201、NB202、NB204 也
        /// 不求和，因此不会有安全修复改写它。
        ///
        /// ## 修复
        /// 无：缺的是哪个数，应由作者确定（从文档提取的报告，则需对照原文件）。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// A row's label, the number of values its columns call for and the number it has.
    Count {
        name: &'a str,
        want: usize,
        have: usize,
    },
    /// Added to `Count` for an extracted document whose row adds up once the cells `at` and
    /// `at + 1` (written `first`, `second`) are read as one number, `value`.
    Split {
        at: usize,
        first: &'a str,
        second: &'a str,
        value: u64,
    },
    /// Added to `Count` when the cell `at` (written `cell`) read as two numbers makes it add up.
    Merged {
        at: usize,
        cell: &'a str,
        left: u64,
        right: u64,
    },
    /// The related locations' messages.
    SplitNote,
    MergedNote,
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Count { name, want, have } => lang.pick(
                format!("“{name}”应有 {want} 个数值，此处有 {have} 个"),
                format!("“{name}” should have {want} values, found {have}"),
            ),
            Msg::Split { at, first, second, value } => lang.pick(
                format!("（可能是提取时把一个单元格拆成了两个：第 {}、{} 个数值“{first}”“{second}”应是一个数“{value}”，这样本行各项之和相符；请对照原文件核实）", at + 1, at + 2),
                format!(" (probably the extraction split one cell in two: values {} and {}, “{first}” and “{second}”, are one number, “{value}”, which makes the row's sums agree; check the original document)", at + 1, at + 2),
            ),
            Msg::Merged { at, cell, left, right } => lang.pick(
                format!("（可能是提取时把两个相邻单元格合并了：第 {} 个数值“{cell}”应是“{left}”“{right}”两个数，这样本行各项之和相符；请对照原文件核实）", at + 1),
                format!(" (probably the extraction merged two neighbouring cells: value {}, “{cell}”, is two numbers, “{left}” and “{right}”, which makes the row's sums agree; check the original document)", at + 1),
            ),
            Msg::SplitNote => lang.pick("提取时可能被拆开的单元格", "the cell the extraction probably split").to_owned(),
            Msg::MergedNote => lang.pick("提取时可能被合并的单元格", "the cells the extraction probably merged").to_owned(),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for table in &ctx.report.tables {
        for row in &table.rows {
            let tpl = ctx.report.row_template(table.kind, row.id);
            let want = tpl.columns.len();
            let have = row.cells.len();
            if have == want {
                continue;
            }
            let span = match (row.cells.first(), row.cells.last()) {
                (Some(a), Some(b)) => a.span.start..b.span.end,
                _ => row.span.clone(),
            };
            let name = tpl.short;
            let mut message = Msg::Count { name, want, have }.text(ctx.lang);
            let mut related = Vec::new();
            if let Some(r) = ctx
                .extracted
                .then(|| regroup(ctx.text, ctx.report.template().table(table.kind), row, ctx.arith))
                .flatten()
            {
                let cell = |i: usize| &ctx.text[row.cells[i].span.clone()];
                let (clause, note) = match r {
                    Regroup::Split { at, value } => {
                        (Msg::Split { at, first: cell(at), second: cell(at + 1), value }, Msg::SplitNote)
                    }
                    Regroup::Merged { at, left, right } => {
                        (Msg::Merged { at, cell: cell(at), left, right }, Msg::MergedNote)
                    }
                };
                message.push_str(&clause.text(ctx.lang));
                related.push(Related { span: r.span(row), message: note.text(ctx.lang) });
            }
            out.push(NB106.diag_related(span, message, None, related));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn short_row_is_found() {
        let text = edit(SEED_002, "(一) 予以公开", "\t0\t0\t0\t48", "\t0\t0\t48");
        assert_eq!(codes(&text), vec!["NB106"]);
    }

    #[test]
    fn short_table4_is_found() {
        let text = edit(SEED_002, "2\t0\t1\t1\t4", "\t1\t2", "");
        assert_eq!(codes(&text), vec!["NB106"]);
    }

    /// Messages of `text` checked as extracted from a document (or typed).
    fn messages(text: &str, extracted: bool, lang: crate::Lang) -> Vec<String> {
        let report = crate::parse::parse(text);
        let companions = crate::Companions { extracted, ..Default::default() };
        crate::check_with(text, &report, &crate::Settings::with_lang(lang), companions)
            .into_iter()
            .map(|d| format!("{} {}", d.rule.code, d.message))
            .collect()
    }

    #[test]
    fn a_cell_split_by_the_extraction_is_named() {
        let text = edit(SEED_002, "一、本年新收", "\t91\t", "\t9  1\t");
        assert_eq!(
            messages(&text, true, crate::Lang::Zh),
            ["NB106 “一、本年新收”应有 7 个数值，此处有 8 个（可能是提取时把一个单元格拆成了两个：第 1、2 个数值“9”“1”应是一个数“91”，这样本行各项之和相符；请对照原文件核实）"]
        );
        assert_eq!(
            messages(&text, true, crate::Lang::En),
            ["NB106 “一、本年新收” should have 7 values, found 8 (probably the extraction split one cell in two: values 1 and 2, “9” and “1”, are one number, “91”, which makes the row's sums agree; check the original document)"]
        );
        // The related location is the two cells.
        let report = crate::parse::parse(&text);
        let companions = crate::Companions { extracted: true, ..Default::default() };
        let d = &crate::check_with(&text, &report, &Default::default(), companions)[0];
        assert_eq!(&text[d.related[0].span.clone()], "9  1");
        assert!(d.fix.is_none());
    }

    #[test]
    fn cells_merged_by_the_extraction_are_named() {
        let text = edit(SEED_002, "(一) 予以公开", "\t48\t0\t", "\t480\t");
        assert_eq!(
            messages(&text, true, crate::Lang::Zh),
            ["NB106 “（一）予以公开”应有 7 个数值，此处有 6 个（可能是提取时把两个相邻单元格合并了：第 5 个数值“480”应是“48”“0”两个数，这样本行各项之和相符；请对照原文件核实）"]
        );
        // Table 四: 结果纠正 and 其他结果 of 行政复议 merged (2 0 1 1 4 → 2 0 11 4).
        let text = edit(SEED_002, "2\t0\t1\t1\t4", "\t1\t1\t", "\t11\t");
        assert_eq!(
            messages(&text, true, crate::Lang::En),
            ["NB106 “行政复议、行政诉讼” should have 15 values, found 14 (probably the extraction merged two neighbouring cells: value 3, “11”, is two numbers, “1” and “1”, which makes the row's sums agree; check the original document)"]
        );
    }

    #[test]
    fn near_miss_typed_text_or_no_regrouping_gets_the_plain_message() {
        // Typed text: no word of extraction.
        let split = edit(SEED_002, "一、本年新收", "\t91\t", "\t9  1\t");
        assert_eq!(messages(&split, false, crate::Lang::Zh), ["NB106 “一、本年新收”应有 7 个数值，此处有 8 个"]);
        // Extracted, but a value is really missing: nothing to join or cut.
        let short = edit(SEED_002, "(一) 予以公开", "\t0\t0\t0\t48", "\t0\t0\t48");
        assert_eq!(messages(&short, true, crate::Lang::Zh), ["NB106 “（一）予以公开”应有 7 个数值，此处有 6 个"]);
        // Extracted, a wrong total with the right number of values: NB201 as ever.
        let wrong = edit(SEED_002, "一、本年新收", "146", "147");
        assert_eq!(messages(&wrong, true, crate::Lang::Zh), ["NB201 总计应为 146（91+0+0+0+55+0），此处为 147"]);
    }

    #[test]
    fn near_miss_trailing_empty_cells() {
        let text = edit(SEED_002, "行政许可", "28414", "28414\t\t\t");
        assert!(codes(&text).is_empty());
    }
}
