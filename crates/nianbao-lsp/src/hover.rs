//! Hover: on a table cell, its table, row and column from the template, and for a total its
//! formula with the values (`arith::explain`); on a row's label, what the row counts and the
//! sums it stands in; on a section heading, what the section holds. Rows and sections are
//! described by their names in the report's own template, so every format year reads alike.

use crate::document::Document;
use crate::position::{self, Encoding};
use nianbao_core::model::{Row, TableKind};
use nianbao_core::template::{Name, RowTemplate, TableTemplate, T3_COLUMNS_EN};
use nianbao_core::{arith, Lang};
use std::ops::Range;
use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

/// The column's name in the message language.
fn column_name(kind: TableKind, columns: &[&'static str], col: usize, lang: Lang) -> String {
    match (kind, lang) {
        (TableKind::Three, Lang::En) if col < T3_COLUMNS_EN.len() => T3_COLUMNS_EN[col].to_string(),
        _ => match columns.get(col) {
            Some(name) => (*name).to_string(),
            None => lang.pick("（多余的单元格）", "(extra cell)").to_string(),
        },
    }
}

/// The row's full name: `（三）不予公开 · 1.属于国家秘密`.
fn row_name(kind: TableKind, rt: &RowTemplate) -> String {
    match (kind, rt.group) {
        (TableKind::Four, _) => String::new(),
        (_, Some(group)) => format!("{group} · {}", rt.label),
        (_, None) => rt.label.to_string(),
    }
}

/// The Markdown hover text at byte `offset` (a cell, a row's label, a heading), if there is one.
pub fn hover_text(doc: &Document, offset: usize) -> Option<(String, Range<usize>)> {
    if !doc.is_report() {
        return None;
    }
    let Some((table, row, col)) = doc.report.cell_at(offset) else {
        return row_hover(doc, offset).or_else(|| heading_hover(doc, offset));
    };
    let lang = doc.settings.lang;
    let tt = doc.report.template().table(table.kind);
    let rt = &tt.rows[row.id];
    let mut md = format!("**{}**\n\n", lang.pick(tt.name_zh, tt.name_en));
    let name = row_name(table.kind, rt);
    if !name.is_empty() {
        md.push_str(&format!("{}{name}  \n", lang.pick("行：", "Row: ")));
    }
    md.push_str(&format!("{}{}", lang.pick("列：", "Column: "), column_name(table.kind, rt.columns, col, lang)));
    let explain = || arith::explain(&doc.report, table.kind, row.id, col, lang);
    if let Some(formula) = crate::document::guard("explain", explain).flatten() {
        md.push_str(&format!("\n\n`{formula}`"));
    }
    Some((md, row.cells[col].span.clone()))
}

/// On a table row outside its cells (its label): what the row counts.
fn row_hover(doc: &Document, offset: usize) -> Option<(String, Range<usize>)> {
    let (kind, row) = doc
        .report
        .tables
        .iter()
        .flat_map(|t| t.rows.iter().map(move |r| (t.kind, r)))
        .find(|(_, r)| r.span.start <= offset && offset <= r.span.end)?;
    let lang = doc.settings.lang;
    let tt = doc.report.template().table(kind);
    let mut md = format!("**{}**\n\n", lang.pick(tt.name_zh, tt.name_en));
    let name = row_name(kind, &tt.rows[row.id]);
    if !name.is_empty() {
        md.push_str(&format!("**{name}**\n\n"));
    }
    md.push_str(&row_counts(tt, row, lang));
    let end = row.cells.first().map_or(row.span.end, |c| c.span.start);
    let span = if row.label.is_empty() { row.span.start..end } else { row.label.clone() };
    Some((md, span))
}

/// What a row counts, and the sums it stands in.
pub fn row_counts(tt: &TableTemplate, row: &Row, lang: Lang) -> String {
    let rt = &tt.rows[row.id];
    let named = |n: Name| rt.names.contains(&n);
    match tt.kind {
        TableKind::Three => {
            let what = if named(Name::New) {
                lang.pick("本年度新收到的政府信息公开申请件数。", "The requests received this year.").to_string()
            } else if named(Name::CarriedIn) {
                lang.pick(
                    "上一年度结转、本年度继续办理的申请件数（应等于上年报告的“四、结转下年度继续办理”）。",
                    "The requests carried over from last year (last year's report's IV).",
                )
                .to_string()
            } else if named(Name::OutcomeTotal) {
                lang.pick(
                    "本年度办理完毕的申请件数：（一）至（六）各项办理结果之和。",
                    "The requests handled this year: the sum of the outcomes (1)–(6).",
                )
                .to_string()
            } else if named(Name::CarriedOut) {
                lang.pick(
                    "本年度未办结、结转下年度继续办理的申请件数。",
                    "The requests not yet handled, carried over to next year.",
                )
                .to_string()
            } else if named(Name::Outcome) {
                match lang {
                    Lang::Zh => format!("本年度办理完毕、办理结果为“{}”的申请件数。", rt.short),
                    Lang::En => format!("The requests handled this year with the outcome “{}”.", rt.short),
                }
            } else {
                String::new()
            };
            let sums = if named(Name::Outcome) {
                lang.pick(
                    "本行：总计 = 各类申请人之和。每栏计入（七）总计。",
                    "In the row: total = the applicant columns. Each column adds up to (7) total.",
                )
            } else if named(Name::OutcomeTotal) {
                lang.pick(
                    "本行：总计 = 各类申请人之和；每栏 = （一）至（六）各行之和；一＋二＝三（七）＋四。",
                    "In the row: total = the applicant columns; each column = the outcome rows; I + II = III(7) + IV.",
                )
            } else {
                lang.pick(
                    "本行：总计 = 各类申请人之和。每栏：一＋二＝三（七）＋四。",
                    "In the row: total = the applicant columns. Each column: I + II = III(7) + IV.",
                )
            };
            let columns = lang.pick(
                "按申请人分列：自然人，法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他），总计。",
                "By applicant: natural persons; businesses, research institutions, public-interest organisations, legal service providers, others; total.",
            );
            format!("{what}\n\n{columns}\n\n{sums}")
        }
        TableKind::Two => {
            let columns = rt.columns.join(lang.pick("、", ", "));
            match (lang, rt.group) {
                (Lang::Zh, Some(g)) => format!("政府信息公开条例{g}：{}的{columns}。", rt.label),
                (Lang::Zh, None) => format!("{}：{columns}。", rt.label),
                (Lang::En, Some(g)) => format!("{} ({g} of the Regulations): {columns}.", rt.label),
                (Lang::En, None) => format!("{}: {columns}.", rt.label),
            }
        }
        TableKind::Four => lang
            .pick(
                "政府信息公开行政复议、行政诉讼的件数：行政复议，未经复议直接起诉，复议后起诉；各组为结果维持、结果纠正、其他结果、尚未审结及其总计（总计 = 前四项之和）。",
                "Administrative reviews and lawsuits about disclosure: reviews, lawsuits filed directly, lawsuits after review; each group by upheld, corrected, other, pending and their total (total = the four results).",
            )
            .to_string(),
    }
}

/// On a section heading: what the section holds.
fn heading_hover(doc: &Document, offset: usize) -> Option<(String, Range<usize>)> {
    let section = doc.report.sections.iter().find(|s| s.heading.start <= offset && offset <= s.heading.end)?;
    let lang = doc.settings.lang;
    let template = doc.report.template();
    let st = template.section(section.id);
    let mut md = format!("**{}**\n\n", st.heading());
    if let Some(part) = section.part {
        // A section a local layout adds (`二、工作机制保障` in a Shanghai report).
        let added = part.added();
        md.push_str(&match lang {
            Lang::Zh => format!("本地格式增设的部分（{}），属于“{}”。", added.title, st.heading()),
            Lang::En => format!("A section the local layout adds, part of “{}” ({}).", st.heading(), added.title),
        });
        return Some((md, section.heading.clone()));
    }
    let what = match section.id {
        1 => {
            let topics: Vec<&str> = template.topics.iter().map(|(zh, en, _)| lang.pick(*zh, *en)).collect();
            match lang {
                Lang::Zh => format!("概述本年度政府信息公开工作，应涵盖：{}。", topics.join("、")),
                Lang::En => format!("An overview of the year's disclosure work, covering: {}.", topics.join(", ")),
            }
        }
        5 => lang
            .pick(
                "本年度工作存在的主要问题，以及上一年度问题的改进情况。",
                "This year's main problems, and how last year's were dealt with.",
            )
            .to_string(),
        6 => lang
            .pick(
                "其他需要报告的事项；须说明本年度信息处理费的收取情况（国办函〔2020〕109号），没有收取也要写明。",
                "Other matters; must state the processing fees collected this year (国办函〔2020〕109号), also when none.",
            )
            .to_string(),
        _ => String::new(),
    };
    md.push_str(&what);
    if let Some(kind) = st.table {
        let tt = template.table(kind);
        let rows: Vec<String> = tt
            .rows
            .iter()
            .filter(|r| kind != TableKind::Three || !r.names.contains(&Name::Outcome))
            .map(|r| r.short.to_string())
            .collect();
        let sums = match kind {
            TableKind::Three => lang.pick(
                "勾稽关系：每行总计 = 各类申请人之和；（七）总计 = （一）至（六）之和；每栏 一＋二＝三（七）＋四。",
                "Sums: each row's total = the applicant columns; (7) total = the outcomes (1)–(6); each column I + II = III(7) + IV.",
            ),
            TableKind::Four => lang.pick("勾稽关系：各组总计 = 前四项之和。", "Sums: each group's total = its four results."),
            TableKind::Two => "",
        };
        md.push_str(&match lang {
            Lang::Zh => format!("{}{}：{}。", if what.is_empty() { "" } else { "\n\n" }, tt.name_zh, rows.join("、")),
            Lang::En => format!("{}{}: {}.", if what.is_empty() { "" } else { "\n\n" }, tt.name_en, rows.join(", ")),
        });
        if !sums.is_empty() {
            md.push_str(&format!("\n\n{sums}"));
        }
    }
    Some((md, section.heading.clone()))
}

pub fn hover(doc: &Document, enc: Encoding, offset: usize) -> Option<Hover> {
    let (md, span) = hover_text(doc, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
        range: Some(position::range(&doc.rope, enc, &span)),
    })
}
