//! Document symbols: the title, the six sections and, inside them, their tables and rows.

use crate::document::Document;
use crate::position::{self, Encoding};
use std::ops::Range;
use tower_lsp_server::ls_types::{DocumentSymbol, SymbolKind};

#[allow(deprecated)] // `DocumentSymbol::deprecated` must be initialised
#[allow(clippy::too_many_arguments)]
fn symbol(
    doc: &Document,
    enc: Encoding,
    name: String,
    detail: Option<String>,
    kind: SymbolKind,
    range: &Range<usize>,
    selection: &Range<usize>,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name: if name.trim().is_empty() { "?".to_string() } else { name },
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: position::range(&doc.rope, enc, range),
        selection_range: position::range(&doc.rope, enc, selection),
        children: (!children.is_empty()).then_some(children),
    }
}

/// The outline of a report (empty for other documents).
pub fn document_symbols(doc: &Document, enc: Encoding) -> Vec<DocumentSymbol> {
    if !doc.is_report() {
        return Vec::new();
    }
    let report = &doc.report;
    let text = &doc.text;
    let lang = doc.settings.lang;
    let mut tables: Vec<Option<DocumentSymbol>> = report
        .tables
        .iter()
        .map(|t| {
            let tt = t.kind.template();
            let rows = t
                .rows
                .iter()
                .map(|r| {
                    let rt = r.template(t.kind);
                    symbol(doc, enc, rt.short.to_string(), None, SymbolKind::FIELD, &r.span, &r.span, Vec::new())
                })
                .collect();
            Some(symbol(
                doc,
                enc,
                lang.pick(tt.name_zh, tt.name_en).to_string(),
                None,
                SymbolKind::STRUCT,
                &doc.table_range(t),
                &doc.table_range(t),
                rows,
            ))
        })
        .collect();
    let mut out = Vec::new();
    if let Some(title) = &report.title {
        let detail = match (&title.agency, title.year) {
            (Some(a), Some(y)) => Some(format!("{a} · {y}")),
            (Some(a), None) => Some(a.clone()),
            (None, Some(y)) => Some(y.to_string()),
            (None, None) => None,
        };
        out.push(symbol(
            doc,
            enc,
            // A title set on two lines is named on one.
            text.get(title.span.clone()).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" "),
            detail,
            SymbolKind::FILE,
            &title.span,
            &title.span,
            Vec::new(),
        ));
    }
    for s in &report.sections {
        let mut children = Vec::new();
        for (i, t) in report.tables.iter().enumerate() {
            if doc.table_section(t).is_some_and(|ts| ts.body == s.body) {
                if let Some(sym) = tables[i].take() {
                    children.push(sym);
                }
            }
        }
        // The range holds the selection range and the children.
        let end = children
            .iter()
            .map(|c| position::offset(&doc.rope, enc, c.range.end))
            .chain([s.body.end, s.heading.end])
            .max()
            .unwrap_or(s.body.end);
        let range = s.body.start.min(s.heading.start)..end;
        out.push(symbol(
            doc,
            enc,
            text.get(s.heading.clone()).unwrap_or_default().to_string(),
            None,
            SymbolKind::NAMESPACE,
            &range,
            &s.heading,
            children,
        ));
    }
    // Tables outside every recognised section stay at the top level.
    out.extend(tables.into_iter().flatten());
    out.sort_by_key(|s| (s.range.start.line, s.range.start.character));
    out
}
