//! NB106 malformed-row: each table row has as many values as its columns.

use super::Context;
use crate::diagnostic::Diagnostic;

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
    /// ## Fix
    /// None: which value is missing is for the author to say.
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
            let tpl = row.template(table.kind);
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
            let message = match ctx.lang {
                crate::Lang::Zh => format!("“{name}”应有 {want} 个数值，此处有 {have} 个"),
                crate::Lang::En => format!("“{name}” should have {want} values, found {have}"),
            };
            out.push(NB106.diag(span, message, None));
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

    #[test]
    fn near_miss_trailing_empty_cells() {
        let text = edit(SEED_002, "行政许可", "28414", "28414\t\t\t");
        assert!(codes(&text).is_empty());
    }
}
