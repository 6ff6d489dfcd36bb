//! Code actions (quick-fixes, `source.fixAll.nianbao`), fix-on-save edits and the
//! "fix all sums" command. Every edit comes from the engine's `fix` module.

use crate::convert;
use crate::document::Document;
use crate::position::Encoding;
use nianbao_core::fix::{select_edits, select_fixes, FixMode};
use nianbao_core::model::TableKind;
use nianbao_core::rules::cell_name;
use nianbao_core::{Applicability, Diagnostic, Edit};
use std::collections::HashMap;
use std::ops::Range;
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Command, TextEdit, Uri, WorkspaceEdit,
};

/// The fix-all kind this server offers (a sub-kind of `source.fixAll`).
pub const FIX_ALL_KIND: &str = "source.fixAll.nianbao";
/// The command behind a table's code lens: `["<uri>", "二"|"三"|"四"]` (table optional:
/// without it, every safe fix in the document).
pub const FIX_SUMS_COMMAND: &str = "nianbao.fixAllSums";
/// The command a fix-all code action carries, run by the client once it has applied the edit:
/// `["<notice>"]`, which the server shows (`window/showMessage`), so that what was fixed — on
/// save above all — is said.
pub const SHOW_FIXES_COMMAND: &str = "nianbao.showFixes";

/// LSP kind filtering: `kind` is wanted when `only` is absent or one of its entries is `kind`
/// itself or a dot-separated prefix of it (`source` matches `source.fixAll.nianbao`).
pub fn kind_wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    match only {
        None => true,
        Some(list) => list.iter().any(|k| {
            let k = k.as_str();
            kind == k || (kind.starts_with(k) && kind.as_bytes().get(k.len()) == Some(&b'.'))
        }),
    }
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit { changes: Some(HashMap::from([(uri.clone(), edits)])), ..WorkspaceEdit::default() }
}

/// Whether two byte ranges overlap or touch (a cursor at either end of a cell counts).
fn touches(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// The lines of the table row a finding sits in (from the start of its first line to the end
/// of its last), when it sits in one: a quick-fix is offered anywhere on the row.
fn row_lines(doc: &Document, span: &Range<usize>) -> Option<Range<usize>> {
    let row = doc
        .report
        .tables
        .iter()
        .flat_map(|t| &t.rows)
        .find(|r| r.span.start <= span.start && span.end <= r.span.end)?;
    let start = doc.text[..row.span.start].rfind('\n').map_or(0, |i| i + 1);
    let end = doc.text[row.span.end..].find('\n').map_or(doc.text.len(), |i| row.span.end + i);
    Some(start..end)
}

/// Whether the finding is offered for `range`: it touches it, or `range` is on its table row.
fn offered(doc: &Document, d: &Diagnostic, range: &Range<usize>) -> bool {
    touches(&d.span, range) || row_lines(doc, &d.span).is_some_and(|row| touches(&row, range))
}

/// What the safe fixes of `doc` change, in words, or `None` when they change nothing:
/// `保存时修正了 1 处合计：一、本年新收·总计 147 → 146` (`on_save`), else `已修正 …`.
pub fn fixes_notice(doc: &Document, on_save: bool) -> Option<String> {
    if !doc.is_report() {
        return None;
    }
    let lang = doc.settings.lang;
    let fixes = select_fixes(&doc.diagnostics, FixMode::Safe);
    let mut changes = Vec::new();
    for d in &fixes {
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            let old = &doc.text[e.span.clone()];
            let name = match doc.report.cell_at(e.span.start) {
                Some((t, r, col)) => cell_name(doc.report.template().table(t.kind), r.id, col, lang),
                None => {
                    let line = doc.text[..e.span.start].matches('\n').count() + 1;
                    match lang {
                        nianbao_core::Lang::Zh => format!("第 {line} 行"),
                        nianbao_core::Lang::En => format!("line {line}"),
                    }
                }
            };
            changes.push(format!("{name} {old} → {}", e.new_text.trim()));
        }
    }
    let n = changes.len();
    if n == 0 {
        return None;
    }
    // The arithmetic rules fix totals; anything else (a digit's width) is a number.
    let sums = fixes.iter().all(|d| matches!(d.rule.code, "NB201" | "NB202" | "NB203" | "NB204"));
    let shown = changes.iter().take(5).cloned().collect::<Vec<_>>();
    let more = n.saturating_sub(shown.len());
    Some(match lang {
        nianbao_core::Lang::Zh => format!(
            "{}{n} 处{}：{}{}",
            if on_save { "保存时修正了 " } else { "已修正 " },
            if sums { "合计" } else { "" },
            shown.join("；"),
            if more > 0 { format!("；另有 {more} 处") } else { String::new() }
        ),
        nianbao_core::Lang::En => format!(
            "Fixed {n} {}{}: {}{}",
            match (sums, n) {
                (true, 1) => "total",
                (true, _) => "totals",
                (false, 1) => "number",
                (false, _) => "numbers",
            },
            if on_save { " on save" } else { "" },
            shown.join("; "),
            if more > 0 { format!("; {more} more") } else { String::new() }
        ),
    })
}

/// The code actions for `range` (bytes) of `doc`, filtered by `only`.
pub fn code_actions(
    doc: &Document,
    enc: Encoding,
    uri: &Uri,
    range: Range<usize>,
    only: Option<&[CodeActionKind]>,
    docs: &str,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    if kind_wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        let config = IgnoreTarget::find(doc, enc);
        for d in doc.diagnostics.iter().filter(|d| offered(doc, d, &range)) {
            if let Some(action) = config.as_ref().and_then(|c| c.action(doc, d)) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    diagnostics: Some(vec![convert::diagnostic(&doc.rope, enc, uri, d, docs)]),
                    ..action
                }));
            }
            let Some(fix) = &d.fix else { continue };
            let edits = convert::text_edits(&doc.rope, enc, &fix.edits);
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: fix.title.clone(),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![convert::diagnostic(&doc.rope, enc, uri, d, docs)]),
                edit: Some(workspace_edit(uri, edits)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..CodeAction::default()
            }));
        }
    }
    if kind_wanted(only, FIX_ALL_KIND) {
        let edits = fix_all_edits(doc);
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: doc
                    .settings
                    .lang
                    .pick("修复所有可安全修复的问题", "Fix all safely fixable problems")
                    .to_string(),
                kind: Some(CodeActionKind::from(FIX_ALL_KIND.to_string())),
                edit: Some(workspace_edit(uri, convert::text_edits(&doc.rope, enc, &edits))),
                command: fixes_notice(doc, false).map(|notice| {
                    Command::new(notice.clone(), SHOW_FIXES_COMMAND.to_string(), Some(vec![notice.into()]))
                }),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// Where an "ignore this finding" action appends its `[[ignore]]` entry: the nianbao.toml that
/// applies to the document's file (only when one exists on disk).
struct IgnoreTarget {
    uri: Uri,
    /// The end of the file, where the entry goes.
    end: tower_lsp_server::ls_types::Position,
    /// The document's path relative to the config's folder, with `/` separators.
    file: String,
    /// The file does not end with a line break: start the entry on a new line.
    needs_newline: bool,
}

impl IgnoreTarget {
    fn find(doc: &Document, enc: Encoding) -> Option<IgnoreTarget> {
        let path = doc.path.as_deref()?;
        let config = nianbao_core::config::find(path.parent()?)?;
        let text = std::fs::read_to_string(&config).ok()?;
        let rel = path.strip_prefix(config.parent()?).ok()?;
        let file = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
        let rope = ropey::Rope::from_str(&text);
        Some(IgnoreTarget {
            uri: Uri::from_file_path(&config)?,
            end: crate::position::position(&rope, enc, text.len()),
            file,
            needs_newline: !text.is_empty() && !text.ends_with('\n'),
        })
    }

    fn action(&self, doc: &Document, d: &Diagnostic) -> Option<CodeAction> {
        let entry = nianbao_core::config::ignore_entry(&self.file, &doc.text, &doc.report, d);
        let text = if self.needs_newline { format!("\n{entry}") } else { entry };
        let lang = doc.settings.lang;
        Some(CodeAction {
            title: match lang {
                nianbao_core::Lang::Zh => format!("在 nianbao.toml 中忽略此问题（{}）", d.rule.code),
                nianbao_core::Lang::En => format!("Ignore this {} finding in nianbao.toml", d.rule.code),
            },
            kind: Some(CodeActionKind::QUICKFIX),
            edit: Some(workspace_edit(
                &self.uri,
                vec![TextEdit::new(tower_lsp_server::ls_types::Range::new(self.end, self.end), text)],
            )),
            is_preferred: Some(false),
            ..CodeAction::default()
        })
    }
}

/// Every safe fix of the document, relative to its current text.
///
/// This is `fix::fix_edits` without its re-check: `fix_edits` is `select_edits(check(text),
/// Safe)`, and the document's diagnostics are that check already — with last year's report and
/// the `[[ignore]]` entries applied, so fix-all never touches a finding the editor does not show.
pub fn fix_all_edits(doc: &Document) -> Vec<Edit> {
    if !doc.is_report() {
        return Vec::new();
    }
    crate::document::guard("fix", || select_edits(&doc.diagnostics, FixMode::Safe)).unwrap_or_default()
}

/// Table names used in command arguments.
pub fn table_arg(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Two => "二",
        TableKind::Three => "三",
        TableKind::Four => "四",
    }
}

pub fn parse_table_arg(s: &str) -> Option<TableKind> {
    TableKind::ALL.into_iter().find(|k| table_arg(*k) == s)
}

/// The diagnostics inside a table.
pub fn table_diagnostics(doc: &Document, kind: TableKind) -> Vec<Diagnostic> {
    let Some(table) = doc.report.table(kind) else {
        return Vec::new();
    };
    doc.diagnostics
        .iter()
        .filter(|d| table.span.start <= d.span.start && d.span.end <= table.span.end)
        .cloned()
        .collect()
}

/// The safe fixes of one table (or of the whole document), as one workspace edit.
pub fn fix_sums_edit(doc: &Document, enc: Encoding, uri: &Uri, table: Option<TableKind>) -> Option<WorkspaceEdit> {
    let edits = match table {
        Some(kind) => select_edits(&table_diagnostics(doc, kind), FixMode::Safe),
        None => fix_all_edits(doc),
    };
    (!edits.is_empty()).then(|| workspace_edit(uri, convert::text_edits(&doc.rope, enc, &edits)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_filter_uses_dot_prefixes() {
        let k = |s: &str| CodeActionKind::from(s.to_string());
        assert!(kind_wanted(None, FIX_ALL_KIND));
        assert!(kind_wanted(Some(&[k("source")]), FIX_ALL_KIND));
        assert!(kind_wanted(Some(&[k("source.fixAll")]), FIX_ALL_KIND));
        assert!(kind_wanted(Some(&[k(FIX_ALL_KIND)]), FIX_ALL_KIND));
        assert!(!kind_wanted(Some(&[k("source.fix")]), FIX_ALL_KIND));
        assert!(!kind_wanted(Some(&[k("quickfix")]), FIX_ALL_KIND));
        assert!(!kind_wanted(Some(&[k("source.fixAll.nianbao.x")]), FIX_ALL_KIND));
        assert!(kind_wanted(Some(&[k("quickfix")]), "quickfix"));
        assert!(!kind_wanted(Some(&[k("refactor")]), "quickfix"));
        assert!(!kind_wanted(Some(&[]), "quickfix"));
    }

    #[test]
    fn table_args_roundtrip() {
        for k in TableKind::ALL {
            assert_eq!(parse_table_arg(table_arg(k)), Some(k));
        }
        assert_eq!(parse_table_arg("五"), None);
    }
}
