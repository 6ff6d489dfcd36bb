//! Stable anchors for findings: what a suppression (`[[ignore]]` in nianbao.toml) names so that
//! it survives edits elsewhere in the report — a table cell by its row and column, or the
//! phrase of prose a finding sits in. Never a line number.

use crate::diagnostic::Diagnostic;
use crate::model::{Report, TableKind};
use crate::rules::cell_name;
use crate::settings::Lang;

/// Where a finding is, in words that survive edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// A table cell: `表三·一、本年新收·总计`.
    Cell(String),
    /// The clause of prose (or heading text) the finding sits in: `共受理政府信息公开申请 749 件`.
    Phrase(String),
}

impl Anchor {
    pub fn text(&self) -> &str {
        match self {
            Anchor::Cell(s) | Anchor::Phrase(s) => s,
        }
    }
}

fn table_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Two => "表二",
        TableKind::Three => "表三",
        TableKind::Four => "表四",
    }
}

/// The anchor of a table cell of `report`: `表三·一、本年新收·总计`.
pub fn cell_anchor(report: &Report, kind: TableKind, row: usize, col: usize) -> String {
    format!("{}·{}", table_name(kind), cell_name(report.template().table(kind), row, col, Lang::Zh))
}

/// The anchor of `diagnostic` in `text` (parsed as `report`).
pub fn anchor(text: &str, report: &Report, diagnostic: &Diagnostic) -> Anchor {
    let at = diagnostic.span.start;
    for table in &report.tables {
        for row in &table.rows {
            for (col, cell) in row.cells.iter().enumerate() {
                if cell.span.start <= at && at <= cell.span.end && diagnostic.span.end <= cell.span.end {
                    return Anchor::Cell(cell_anchor(report, table.kind, row.id, col));
                }
            }
        }
    }
    Anchor::Phrase(phrase(text, diagnostic.span.clone()))
}

/// The clause around `span`: from the previous `，。；：` (or line start) to the next one.
pub fn phrase(text: &str, span: std::ops::Range<usize>) -> String {
    const STOPS: &[char] = &['，', '。', '；', '：', '\n', '\r', ',', ';'];
    let start = span.start.min(text.len());
    let end = span.end.clamp(start, text.len());
    let a = text[..start].rfind(STOPS).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let b = text[end..].find(STOPS).map_or(text.len(), |i| end + i);
    let clause = text[a..b].trim();
    if clause.is_empty() {
        text[start..end].trim().to_string()
    } else {
        clause.chars().take(60).collect()
    }
}

/// Whether an ignore entry's `key` matches a finding's anchor: a cell must match exactly, a
/// phrase is found inside the finding's clause (or the other way round), spaces ignored.
pub fn matches(key: &str, anchor: &Anchor) -> bool {
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (k, a) = (squash(key), squash(anchor.text()));
    if k.is_empty() {
        return false;
    }
    match anchor {
        Anchor::Cell(_) => k == a,
        Anchor::Phrase(_) => a.contains(&k) || k.contains(&a),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{edit, SEED_002};

    #[test]
    fn anchors_of_cells_and_prose() {
        let text = edit(SEED_002, "一、本年新收", "146", "147")
            .replace("共受理政府信息公开申请 146 件", "共收到政府信息公开申请 140 件");
        let report = crate::parse::parse(&text);
        let ds = crate::check(&text, &Default::default());
        let anchors: Vec<Anchor> = ds.iter().map(|d| anchor(&text, &report, d)).collect();
        assert!(anchors.contains(&Anchor::Cell("表三·一、本年新收·总计".into())), "{anchors:?}");
        assert!(anchors.contains(&Anchor::Phrase("全市各级共收到政府信息公开申请 140 件".into())), "{anchors:?}");
        assert!(
            matches("共收到政府信息公开申请 140 件", &anchors[0])
                || matches("共收到政府信息公开申请 140 件", &anchors[1])
        );
        assert!(!matches("表三·二、上年结转·总计", &Anchor::Cell("表三·一、本年新收·总计".into())));
    }
}
