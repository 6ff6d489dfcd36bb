//! NB106 malformed-row: each table row has as many values as its columns.

use super::Context;
use crate::diagnostic::{Diagnostic, Related};
use crate::extraction::regroup;

crate::declare_rule! {
    /// Checks that each recognised row has the number of values its columns call for: 7 in
    /// table 三, 15 in table 四, 3 or 1 in table 二 (3 or 2 in the 2019 format's table 二).
    /// Empty cells between values count as blank (0); trailing empty cells are ignored. In a
    /// table read from a .docx or .html, every cell of the row is in its column, so an empty cell
    /// (Word and web tables leave zeros empty) is a blank value wherever it stands.
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
            let mut message = match ctx.lang {
                crate::Lang::Zh => format!("“{name}”应有 {want} 个数值，此处有 {have} 个"),
                crate::Lang::En => format!("“{name}” should have {want} values, found {have}"),
            };
            let mut related = Vec::new();
            if let Some(r) = ctx
                .extracted
                .then(|| regroup(ctx.text, ctx.report.template().table(table.kind), row, ctx.arith))
                .flatten()
            {
                message.push_str(&r.clause(ctx.text, row, ctx.lang));
                related.push(Related { span: r.span(row), message: r.note(ctx.lang).to_owned() });
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
