//! Code lenses: one per table, saying whether it balances, with a "fix all sums" command when
//! the table has safe fixes. The server asks the client to refresh them when what they say
//! changes (`titles`).

use crate::actions::{self, FIX_SUMS_COMMAND};
use crate::document::Document;
use crate::position::{self, Encoding};
use nianbao_core::fix::{select_edits, FixMode};
use serde_json::json;
use tower_lsp_server::ls_types::{CodeLens, Command, Uri};

pub fn code_lenses(doc: &Document, enc: Encoding, uri: &Uri) -> Vec<CodeLens> {
    let mut out: Vec<CodeLens> = lenses(doc, uri)
        .into_iter()
        .map(|(offset, command)| {
            let start = position::position(&doc.rope, enc, offset);
            CodeLens { range: tower_lsp_server::ls_types::Range::new(start, start), command: Some(command), data: None }
        })
        .collect();
    out.sort_by_key(|l| (l.range.start.line, l.range.start.character));
    out
}

/// What the lenses say, in table order: when it changes, the server asks the client to
/// request them again (`workspace/codeLens/refresh`).
pub fn titles(doc: &Document) -> Vec<String> {
    let uri: Uri = "untitled:lens".parse().expect("a valid URI");
    lenses(doc, &uri).into_iter().map(|(_, c)| c.title).collect()
}

/// Each table's lens: where it goes (a byte offset) and its command.
fn lenses(doc: &Document, uri: &Uri) -> Vec<(usize, Command)> {
    if !doc.is_report() {
        return Vec::new();
    }
    let lang = doc.settings.lang;
    let mut out = Vec::new();
    for table in &doc.report.tables {
        let tt = doc.report.template().table(table.kind);
        let name = lang.pick(tt.name_zh, tt.name_en);
        let problems = actions::table_diagnostics(doc, table.kind);
        let fixable = !select_edits(&problems, FixMode::Safe).is_empty();
        let command = if problems.is_empty() {
            Command::new(format!("✓ {name}{}", lang.pick("：数据平衡", ": balances")), String::new(), None)
        } else if fixable {
            Command::new(
                format!(
                    "✗ {name}{}",
                    if lang == nianbao_core::Lang::Zh {
                        format!("：{} 处问题 — 修复所有合计", problems.len())
                    } else {
                        format!(": {} problem(s) — fix all sums", problems.len())
                    }
                ),
                FIX_SUMS_COMMAND.to_string(),
                Some(vec![json!(uri.as_str()), json!(actions::table_arg(table.kind))]),
            )
        } else {
            Command::new(
                format!(
                    "✗ {name}{}",
                    if lang == nianbao_core::Lang::Zh {
                        format!("：{} 处问题", problems.len())
                    } else {
                        format!(": {} problem(s)", problems.len())
                    }
                ),
                String::new(),
                None,
            )
        };
        out.push((doc.table_range(table).start, command));
    }
    out
}
