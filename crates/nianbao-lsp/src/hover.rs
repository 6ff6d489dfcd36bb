//! Hover on a table cell: table, row and column from the template, and for a total its formula
//! with the values (`arith::explain`).

use crate::document::Document;
use crate::position::{self, Encoding};
use nianbao_core::model::TableKind;
use nianbao_core::template::T3_COLUMNS_EN;
use nianbao_core::{arith, Lang};
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

/// The Markdown hover text for the cell at byte `offset`, if there is one.
pub fn hover_text(doc: &Document, offset: usize) -> Option<(String, std::ops::Range<usize>)> {
    if !doc.is_report() {
        return None;
    }
    let (table, row, col) = doc.report.cell_at(offset)?;
    let lang = doc.settings.lang;
    let tt = doc.report.template().table(table.kind);
    let rt = doc.report.row_template(table.kind, row.id);
    let mut md = format!("**{}**\n\n", lang.pick(tt.name_zh, tt.name_en));
    let row_name = match (table.kind, rt.group) {
        (TableKind::Four, _) => String::new(),
        (_, Some(group)) => format!("{group} · {}", rt.label),
        (_, None) => rt.label.to_string(),
    };
    if !row_name.is_empty() {
        md.push_str(&format!("{}{row_name}  \n", lang.pick("行：", "Row: ")));
    }
    md.push_str(&format!("{}{}", lang.pick("列：", "Column: "), column_name(table.kind, rt.columns, col, lang)));
    let explain = || arith::explain(&doc.report, table.kind, row.id, col, lang);
    if let Some(formula) = crate::document::guard("explain", explain).flatten() {
        md.push_str(&format!("\n\n`{formula}`"));
    }
    Some((md, row.cells[col].span.clone()))
}

pub fn hover(doc: &Document, enc: Encoding, offset: usize) -> Option<Hover> {
    let (md, span) = hover_text(doc, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: md }),
        range: Some(position::range(&doc.rope, enc, &span)),
    })
}
