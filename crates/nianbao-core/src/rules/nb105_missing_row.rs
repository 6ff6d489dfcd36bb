//! NB105 missing-row: tables 二 and 三 have every canonical row.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::lines::{line_end_at, line_start_at, next_line_start};
use crate::model::TableKind;
use crate::template;
use crate::Lang;

crate::declare_rule! {
    /// Checks that tables 二 and 三 contain every canonical row (6 and 25 rows). Rows are
    /// recognised by the keywords of their label, then by their position among neighbours.
    ///
    /// ## Why
    /// A dropped row silently changes the sums (rules A2 and A3 cannot be checked without it)
    /// and usually means a 2019-format residue, such as （六）其他处理 without its three sub-rows.
    ///
    /// ## Example
    /// A table 三 without `2.重复申请` gets `表三缺少“（五）2.重复申请”行` where that row belongs.
    ///
    /// ## Fix
    /// Unsafe: inserts the row with its canonical label and zeros.
    pub static NB105 = Rule {
        code: "NB105",
        name: "missing-row",
        severity: Error,
        fix: Unsafe,
        summary_zh: "表二、表三各行齐全",
        summary_en: "tables 2 and 3 have every row",
        check: check,
    };
    doc_zh {
        /// 检查表二、表三是否包含全部规范行（分别为 6 行和 25 行）。各行先按行名中的关键词识别，
        /// 再按它在相邻各行中的位置识别。
        ///
        /// ## 为什么
        /// 缺少一行会悄悄改变合计（缺了它，勾稽关系 A2、A3 就无法核对），而且通常是 2019 年旧
        /// 格式的残留，例如只有（六）其他处理，而没有其下的三个子行。
        ///
        /// ## 示例
        /// 表三缺少 `2.重复申请` 行，会在该行应在的位置提示 `表三缺少“（五）2.重复申请”行`。
        ///
        /// ## 修复
        /// 不安全修复：插入该行，使用规范行名，数值填 0。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// A row the table lacks (the table's Chinese and English names, the row's short label).
    NoRow { table_zh: &'a str, table_en: &'a str, name: &'a str },
    /// The fix's title.
    Insert { name: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::NoRow { table_zh, table_en, name } => {
                lang.pick(format!("{table_zh}缺少“{name}”行"), format!("{table_en} has no row “{name}”"))
            }
            Msg::Insert { name } => {
                lang.pick(format!("插入“{name}”行（数值为 0）"), format!("Insert the row “{name}” with zeros"))
            }
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let eol = ctx.report.line_ending;
    for kind in [TableKind::Two, TableKind::Three] {
        let Some(table) = ctx.report.table(kind) else {
            continue;
        };
        if table.rows.is_empty() {
            continue;
        }
        let tpl = kind.template();
        // The ids present, as a bit set (a template has fewer than 64 rows) found in one pass,
        // rather than a search of the rows for each template row.
        let present = table.rows.iter().fold(0u64, |set, r| set | 1 << r.id);
        for id in 0..tpl.rows.len() {
            if present & 1 << id != 0 {
                continue;
            }
            // Where it belongs: after the previous row of its group, else before the next row.
            let group = tpl.rows[id].group;
            let prev = table.rows.iter().filter(|r| r.id < id).max_by_key(|r| r.id);
            let next = table.rows.iter().filter(|r| r.id > id).min_by_key(|r| r.id);
            let after_prev = match (prev, next) {
                (Some(p), Some(n)) => tpl.rows[p.id].group == group || tpl.rows[n.id].group != group,
                (Some(_), None) => true,
                _ => false,
            };
            let (span, at, insert) = match (prev, next) {
                (Some(p), _) if after_prev => {
                    let end = line_end_at(ctx.text, p.span.end);
                    match next_line_start(ctx.text, end) {
                        Some(at) => (at..at, at, format!("{}{eol}", template::render_row(kind, id))),
                        None => (end..end, end, format!("{eol}{}", template::render_row(kind, id))),
                    }
                }
                (_, Some(n)) => {
                    let at = line_start_at(ctx.text, n.span.start);
                    (at..at, at, format!("{}{eol}", template::render_row(kind, id)))
                }
                _ => continue,
            };
            let name = tpl.rows[id].short;
            let message = Msg::NoRow { table_zh: tpl.name_zh, table_en: tpl.name_en, name }.text(ctx.lang);
            let fix = Fix {
                applicability: Applicability::Unsafe,
                title: Msg::Insert { name }.text(ctx.lang),
                edits: vec![Edit::insert(at, insert)],
            };
            out.push(NB105.diag(span, message, Some(fix)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::fix::{fix_text, FixMode};

    fn drop_line(text: &str, needle: &str) -> String {
        let i = text.find(needle).unwrap();
        let a = text[..i].rfind('\n').map_or(0, |j| j + 1);
        let b = i + text[i..].find('\n').unwrap() + 1;
        format!("{}{}", &text[..a], &text[b..])
    }

    #[test]
    fn missing_row_is_found_where_it_belongs_and_inserted() {
        let text = drop_line(SEED_000, "2.重复申请");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB105"]);
        assert!(text[ds[0].span.start..].starts_with("\t\t3.要求提供公开出版物"));
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        assert!(codes(&fixed).is_empty(), "{:?}", codes(&fixed));
    }

    #[test]
    fn missing_last_table2_row_is_inserted_after_the_previous() {
        let text = drop_line(SEED_002, "行政事业性收费");
        assert_eq!(codes(&text), vec!["NB105"]);
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        assert!(codes(&fixed).is_empty(), "{:?}", codes(&fixed));
    }

    #[test]
    fn near_miss_row_without_leading_tabs_and_typo() {
        let text = SEED_000.replace("\t\t2.重复申请", "2、重复 申请");
        assert!(codes(&text).is_empty(), "{:?}", codes(&text));
    }
}
