//! Machine-readable output: JSON, SARIF 2.1.0 and GitHub Actions workflow commands.
//!
//! All positions are 1-based lines and 1-based columns counting Unicode characters (scalar
//! values); an end position is exclusive (it is the position just after the last character).

use super::check::Checked;
use nianbao_core::lines::LineIndex;
use nianbao_core::rules::RULES;
use nianbao_core::{Applicability, Diagnostic, Lang, Severity};
use serde::Serialize;
use serde_json::json;
use std::ops::Range;

/// A 1-based start and exclusive end position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Region {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

fn region(text: &str, index: &LineIndex, span: &Range<usize>) -> Region {
    let (l0, c0) = index.line_col(text, span.start);
    let (l1, c1) = index.line_col(text, span.end.max(span.start));
    Region { line: l0 + 1, column: c0 + 1, end_line: l1 + 1, end_column: c1 + 1 }
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    severity: Severity,
    code: &'static str,
    rule: &'static str,
    message: &'a str,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    title: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    new_text: &'a str,
}

/// One JSON array with an object per diagnostic, over all files.
pub fn json(files: &[Checked]) -> String {
    let mut all = Vec::new();
    let paths: Vec<String> = files.iter().map(Checked::path).collect();
    for (f, path) in files.iter().zip(&paths) {
        let text = f.text();
        let index = LineIndex::new(text);
        for d in &f.diagnostics {
            let r = region(text, &index, &d.span);
            all.push(JsonDiagnostic {
                path,
                line: r.line,
                column: r.column,
                end_line: r.end_line,
                end_column: r.end_column,
                severity: d.severity,
                code: d.rule.code,
                rule: d.rule.name,
                message: &d.message,
                fix: d.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability,
                    title: &fix.title,
                    edits: fix
                        .edits
                        .iter()
                        .map(|e| {
                            let r = region(text, &index, &e.span);
                            JsonEdit {
                                line: r.line,
                                column: r.column,
                                end_line: r.end_line,
                                end_column: r.end_column,
                                new_text: &e.new_text,
                            }
                        })
                        .collect(),
                }),
            });
        }
    }
    serde_json::to_string_pretty(&all).expect("diagnostics serialize")
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// A path as a relative URI reference: forward slashes, spaces and `%` escaped.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for c in path.replace('\\', "/").chars() {
        match c {
            ' ' => out.push_str("%20"),
            '%' => out.push_str("%25"),
            '#' => out.push_str("%23"),
            '?' => out.push_str("%3F"),
            c => out.push(c),
        }
    }
    out
}

/// A minimal valid SARIF 2.1.0 log with one run; columns count Unicode code points.
pub fn sarif(files: &[Checked], lang: Lang) -> String {
    let rules: Vec<_> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary(lang) },
                "fullDescription": { "text": r.summary(lang) },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
            })
        })
        .collect();
    let mut results = Vec::new();
    for f in files {
        let text = f.text();
        let index = LineIndex::new(text);
        let path = f.path();
        for d in &f.diagnostics {
            results.push(sarif_result(&path, text, &index, d));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "nianbao",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&log).expect("SARIF serializes")
}

fn sarif_result(path: &str, text: &str, index: &LineIndex, d: &Diagnostic) -> serde_json::Value {
    let r = region(text, index, &d.span);
    let location = |r: Region| {
        json!({
            "startLine": r.line,
            "startColumn": r.column,
            "endLine": r.end_line,
            "endColumn": r.end_column,
        })
    };
    let mut result = json!({
        "ruleId": d.rule.code,
        "level": sarif_level(d.severity),
        "message": { "text": d.message },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(path) },
                "region": location(r),
            }
        }],
    });
    if let Some(i) = RULES.iter().position(|x| x.code == d.rule.code) {
        result["ruleIndex"] = json!(i);
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<_> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": location(region(text, index, &e.span)),
                    "insertedContent": { "text": e.new_text },
                })
            })
            .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.title },
            "artifactChanges": [{
                "artifactLocation": { "uri": uri(path) },
                "replacements": replacements,
            }],
        }]);
    }
    result
}

/// Escapes a workflow command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow command's property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// One `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=NB201 row-total::message`
/// line per diagnostic (`::warning` for warnings, `::notice` for the rest).
pub fn github(path: &str, text: &str, diagnostics: &[Diagnostic]) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in diagnostics {
        let r = region(text, &index, &d.span);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info | Severity::Hint => "notice",
        };
        out.push_str(&format!(
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
            escape_property(path),
            r.line,
            r.column,
            r.end_line,
            r.end_column,
            escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
            escape_data(&d.message)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_one_based_and_count_characters() {
        let text = "总计\t147\nx";
        let index = LineIndex::new(text);
        let start = text.find("147").unwrap();
        let r = region(text, &index, &(start..start + 3));
        assert_eq!(r, Region { line: 1, column: 4, end_line: 1, end_column: 7 });
    }

    #[test]
    fn workflow_commands_are_escaped() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
