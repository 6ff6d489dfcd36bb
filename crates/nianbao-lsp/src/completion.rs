//! Completion: missing section headings (with their blank tables), the missing rows of the
//! table the cursor is in, and a snippet that inserts a whole blank report.

use crate::document::Document;
use nianbao_core::template::{self, SECTIONS};
use nianbao_core::Lang;
use tower_lsp_server::ls_types::{CompletionItem, CompletionItemKind, InsertTextFormat};

/// Escapes `$`, `}` and `\` for LSP snippet syntax.
fn escape_snippet(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '$' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The year a report written now is most likely about: last year.
fn default_report_year() -> u32 {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    // 365.2425 days per year is exact enough away from New Year's Day.
    1970 + (secs / 31_556_952) as u32 - 1
}

/// The blank-report item: a snippet with the agency and year as placeholders when the client
/// supports snippets, else plain text.
pub fn blank_report_item(eol: &str, snippets: bool, year: u32, lang: Lang) -> CompletionItem {
    const AGENCY: &str = "机关名称";
    let text = template::render_report(AGENCY, year, eol);
    let (insert, format) = if snippets {
        let title = format!("{AGENCY} {year} ");
        let rest = text.strip_prefix(&title).unwrap_or(&text);
        (format!("${{1:{AGENCY}}} ${{2:{year}}} {}$0", escape_snippet(rest)), InsertTextFormat::SNIPPET)
    } else {
        (text, InsertTextFormat::PLAIN_TEXT)
    };
    CompletionItem {
        label: "政府信息公开工作年度报告".to_string(),
        kind: Some(CompletionItemKind::SNIPPET),
        detail: Some(
            lang.pick(
                "空白年度报告（国办公开办函〔2021〕30号格式）",
                "blank annual report (the 国办公开办函〔2021〕30号 format)",
            )
            .to_string(),
        ),
        insert_text: Some(insert),
        insert_text_format: Some(format),
        ..CompletionItem::default()
    }
}

fn plain(label: String, kind: CompletionItemKind, detail: &str, insert: String) -> CompletionItem {
    CompletionItem {
        label,
        kind: Some(kind),
        detail: Some(detail.to_string()),
        insert_text: Some(insert),
        insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
        ..CompletionItem::default()
    }
}

/// Completion items at byte `offset` of `doc`.
pub fn completions(doc: &Document, offset: usize, snippets: bool) -> Vec<CompletionItem> {
    let report = &doc.report;
    let eol = report.line_ending;
    let lang = doc.settings.lang;
    if !doc.is_report() {
        return vec![blank_report_item(eol, snippets, default_report_year(), lang)];
    }
    let mut out = Vec::new();
    for s in &SECTIONS {
        if report.section(s.id).is_none() {
            let detail = lang.pick("缺少的章节", "missing section");
            // Numbered as the report's layout numbers it (as NB101's fix inserts it).
            let heading = nianbao_core::variant::heading(report, &doc.text, s.id);
            let insert = format!("{heading}{}", &template::render_section(s.id, eol)[s.heading().len()..]);
            out.push(plain(heading, CompletionItemKind::MODULE, detail, insert));
        }
    }
    let here = report
        .sections
        .iter()
        .filter(|s| s.body.start <= offset && offset <= s.body.end)
        .filter_map(|s| template::section_table(s.id))
        .next();
    if let Some(kind) = here {
        let tt = kind.template();
        match report.table(kind) {
            None => out.push(plain(
                lang.pick(tt.name_zh, tt.name_en).to_string(),
                CompletionItemKind::STRUCT,
                lang.pick("空白表格", "blank table"),
                template::render_table(kind, eol),
            )),
            Some(table) => {
                for (id, rt) in tt.rows.iter().enumerate() {
                    if table.row(id).is_none() && !rt.label.is_empty() {
                        out.push(plain(
                            rt.label.to_string(),
                            CompletionItemKind::FIELD,
                            lang.pick("缺少的行", "missing row"),
                            template::render_row(kind, id) + eol,
                        ));
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_escapes_and_keeps_placeholders() {
        assert_eq!(escape_snippet("a$b}c\\"), "a\\$b\\}c\\\\");
        let item = blank_report_item("\n", true, 2025, Lang::Zh);
        let text = item.insert_text.unwrap();
        assert!(text.starts_with("${1:机关名称} ${2:2025} 年政府信息公开工作年度报告\n"), "{text}");
        assert!(text.ends_with("$0"));
        let plain = blank_report_item("\r\n", false, 2025, Lang::Zh).insert_text.unwrap();
        assert_eq!(plain, template::render_report("机关名称", 2025, "\r\n"));
    }

    #[test]
    fn a_missing_section_is_offered_as_the_layout_numbers_it() {
        let sh = include_str!("../../../tests/fixtures/cases/ok-shanghai-layout.txt");
        let a = sh.find("四、存在的主要问题").unwrap();
        let b = sh.find("五、其他需要报告").unwrap();
        let text = format!("{}{}", &sh[..a], &sh[b..]);
        let doc = crate::document::Document::new(&text, 1, Default::default());
        let labels: Vec<String> = completions(&doc, 0, false).into_iter().map(|i| i.label).collect();
        assert_eq!(labels, ["四、存在的主要问题及改进情况"]);
    }

    #[test]
    fn report_year_is_plausible() {
        let y = default_report_year();
        assert!((2024..2200).contains(&y), "{y}");
    }
}
