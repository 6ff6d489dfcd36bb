//! Engine values (diagnostics, edits with byte spans) → LSP values (ranges in the negotiated
//! encoding), and a document's diagnostics → `publishDiagnostics` params as JSON text
//! ([`write_publish_params`]), the hot path of every keystroke.

use crate::position::{self, Encoding};
use nianbao_core::{Diagnostic, Edit, Severity};
use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position,
    Range as LspRange, TextEdit, Uri,
};

/// The default `codeDescription.href` template: `{code}` is replaced by the rule's code. The path
/// is the repository path of the generated rule page (`docs/rules/NB201.md`); the `.invalid`
/// host is deliberate (RFC 2606) as the docs have no published home yet. Override it with the
/// `ruleDocsUrl` setting, e.g. `https://github.com/ORG/nianbao/blob/main/docs/rules/{code}.md`.
pub const RULE_DOCS_URL: &str = "https://nianbao.invalid/docs/rules/{code}.md";

/// The `source` of every diagnostic.
pub const SOURCE: &str = "nianbao";

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The rule's doc link from a `{code}` template; `None` when the result is not a URI.
pub fn rule_doc_uri(template: &str, code: &str) -> Option<Uri> {
    template.replace("{code}", code).parse().ok()
}

pub fn diagnostic(rope: &Rope, enc: Encoding, uri: &Uri, d: &Diagnostic, docs: &str) -> lsp::Diagnostic {
    let link = rule_doc_uri(docs, d.rule.code).map(|href| CodeDescription { href });
    let range = position::range(rope, enc, &d.span);
    let related = d.related.iter().map(|r| position::range(rope, enc, &r.span));
    diagnostic_linked(uri, d, link, range, related)
}

/// Every diagnostic of a document whose text is `text`, with each rule's doc link built once (a
/// document with hundreds of findings would otherwise build and parse the same link hundreds of
/// times) and all spans converted in one sweep over the text ([`position::positions`]).
pub fn diagnostics(text: &str, enc: Encoding, uri: &Uri, ds: &[Diagnostic], docs: &str) -> Vec<lsp::Diagnostic> {
    let mut offsets = Vec::with_capacity(ds.iter().map(|d| 2 + 2 * d.related.len()).sum());
    for d in ds {
        offsets.extend([d.span.start, d.span.end]);
        for r in &d.related {
            offsets.extend([r.span.start, r.span.end]);
        }
    }
    let positions = position::positions(text, enc, &offsets);
    let mut ranges = positions.chunks_exact(2).map(|p| LspRange::new(p[0], p[1]));
    let mut links: Vec<(&str, Option<CodeDescription>)> = Vec::new();
    ds.iter()
        .map(|d| {
            let link = match links.iter().find(|(c, _)| *c == d.rule.code) {
                Some((_, l)) => l.clone(),
                None => {
                    let l = rule_doc_uri(docs, d.rule.code).map(|href| CodeDescription { href });
                    links.push((d.rule.code, l.clone()));
                    l
                }
            };
            let range = ranges.next().unwrap_or_default();
            let related = ranges.by_ref().take(d.related.len());
            diagnostic_linked(uri, d, link, range, related)
        })
        .collect()
}

/// An LSP diagnostic from an engine one whose span is `range` and whose related spans are
/// `related` (in order).
fn diagnostic_linked(
    uri: &Uri,
    d: &Diagnostic,
    link: Option<CodeDescription>,
    range: LspRange,
    related: impl Iterator<Item = LspRange>,
) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .zip(related)
        .map(|(r, range)| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: r.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: link,
        source: Some(SOURCE.to_string()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Writes the `textDocument/publishDiagnostics` params for `ds` (the diagnostics of `text`) as
/// JSON to `out`: byte for byte what serialising
/// `PublishDiagnosticsParams::new(uri, diagnostics(text, enc, uri, ds, docs), version)` with
/// serde_json gives (keys in declaration order, absent options left out), without building it.
/// The URI is escaped once per publish, not once per related location; codes and doc links once
/// per rule; strings are escaped by serde_json as before.
pub fn write_publish_params(
    out: &mut Vec<u8>,
    text: &str,
    enc: Encoding,
    uri: &Uri,
    ds: &[Diagnostic],
    docs: &str,
    version: Option<i32>,
) {
    let mut offsets = Vec::with_capacity(ds.iter().map(|d| 2 + 2 * d.related.len()).sum());
    for d in ds {
        offsets.extend([d.span.start, d.span.end]);
        for r in &d.related {
            offsets.extend([r.span.start, r.span.end]);
        }
    }
    let positions = position::positions(text, enc, &offsets);
    let mut ranges = positions.chunks_exact(2);
    let uri_json = json(&uri);
    // About what a finding with a related location takes; saves growing the buffer step by step.
    out.reserve(ds.len() * 300 + offsets.len() * (uri_json.len() + 60));
    // Per rule: `"code":…` and `,"codeDescription":{"href":…}` when the link is a URI.
    let mut codes: Vec<(&str, Vec<u8>)> = Vec::new();
    out.extend_from_slice(b"{\"uri\":");
    out.extend_from_slice(&uri_json);
    out.extend_from_slice(b",\"diagnostics\":[");
    for (i, d) in ds.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(b"{\"range\":");
        write_range(out, ranges.next().unwrap_or(&[Position::default(); 2]));
        out.extend_from_slice(b",\"severity\":");
        write_json(out, &severity(d.severity));
        let code = match codes.iter().position(|(c, _)| *c == d.rule.code) {
            Some(at) => &codes[at].1,
            None => {
                let mut code = b",\"code\":".to_vec();
                write_json(&mut code, &NumberOrString::String(d.rule.code.to_string()));
                if let Some(href) = rule_doc_uri(docs, d.rule.code) {
                    code.extend_from_slice(b",\"codeDescription\":");
                    write_json(&mut code, &CodeDescription { href });
                }
                codes.push((d.rule.code, code));
                &codes[codes.len() - 1].1
            }
        };
        out.extend_from_slice(code);
        out.extend_from_slice(b",\"source\":");
        write_json(out, SOURCE);
        out.extend_from_slice(b",\"message\":");
        write_json(out, &d.message);
        if !d.related.is_empty() {
            out.extend_from_slice(b",\"relatedInformation\":[");
            for (j, r) in d.related.iter().enumerate() {
                if j > 0 {
                    out.push(b',');
                }
                out.extend_from_slice(b"{\"location\":{\"uri\":");
                out.extend_from_slice(&uri_json);
                out.extend_from_slice(b",\"range\":");
                write_range(out, ranges.next().unwrap_or(&[Position::default(); 2]));
                out.extend_from_slice(b"},\"message\":");
                write_json(out, &r.message);
                out.push(b'}');
            }
            out.push(b']');
        }
        out.push(b'}');
    }
    out.push(b']');
    if let Some(v) = version {
        out.extend_from_slice(b",\"version\":");
        write_json(out, &v);
    }
    out.push(b'}');
}

/// `{"start":{"line":…,"character":…},"end":{…}}` for a start and an end position.
fn write_range(out: &mut Vec<u8>, p: &[Position]) {
    out.extend_from_slice(b"{\"start\":");
    write_position(out, p[0]);
    out.extend_from_slice(b",\"end\":");
    write_position(out, p[1]);
    out.push(b'}');
}

fn write_position(out: &mut Vec<u8>, p: Position) {
    out.extend_from_slice(b"{\"line\":");
    write_json(out, &p.line);
    out.extend_from_slice(b",\"character\":");
    write_json(out, &p.character);
    out.push(b'}');
}

fn write_json<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, value: &T) {
    // Writing these LSP values to a Vec cannot fail.
    let _ = serde_json::to_writer(out, value);
}

fn json<T: serde::Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut out = Vec::new();
    write_json(&mut out, value);
    out
}

pub fn text_edit(rope: &Rope, enc: Encoding, e: &Edit) -> TextEdit {
    TextEdit::new(position::range(rope, enc, &e.span), e.new_text.clone())
}

pub fn text_edits(rope: &Rope, enc: Encoding, edits: &[Edit]) -> Vec<TextEdit> {
    edits.iter().map(|e| text_edit(rope, enc, e)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use nianbao_core::{Related, Settings};
    use tower_lsp_server::ls_types::PublishDiagnosticsParams;

    /// [`write_publish_params`] writes exactly what serde_json makes of the LSP values.
    fn same_json(text: &str, ds: &[Diagnostic], docs: &str) {
        let uri: Uri = "file:///tmp/a%20b/%E5%B9%B4%E6%8A%A5.txt".parse().unwrap();
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for version in [Some(7), None] {
                let mut out = Vec::new();
                write_publish_params(&mut out, text, enc, &uri, ds, docs, version);
                let lsp = PublishDiagnosticsParams::new(uri.clone(), diagnostics(text, enc, &uri, ds, docs), version);
                let expected = serde_json::to_vec(&lsp).unwrap();
                assert_eq!(String::from_utf8(out).unwrap(), String::from_utf8(expected).unwrap());
            }
        }
    }

    #[test]
    fn publish_json_is_what_serde_writes() {
        let seed = include_str!("../../../tests/fixtures/002_57935d37ad0b2f69.txt");
        // Twice (duplicate sections: findings with related locations), with an error, in CRLF.
        let text = format!("{seed}\n{seed}").replacen("146", "1469", 1).replace('\n', "\r\n");
        let doc = Document::new(&text, 1, Settings::default());
        assert!(doc.diagnostics.len() > 3 && doc.diagnostics.iter().any(|d| !d.related.is_empty()));
        same_json(&text, &doc.diagnostics, RULE_DOCS_URL);
        // A template that does not make a URI: no codeDescription.
        same_json(&text, &doc.diagnostics, "not a uri {code}");
        same_json(&text, &[], RULE_DOCS_URL);
        // Strings that need escaping, non-BMP text, spans past the end and inside a char.
        let text = "𠮷\"总\"\\\t146\n";
        let mut d = doc.diagnostics[0].clone();
        d.message = "\"引号\" \\ \u{1}\n😀".to_string();
        d.span = 1..99;
        d.related = vec![
            Related { span: 0..4, message: "</script>\u{7f}\u{2028}".to_string() },
            Related { span: 5..5, message: String::new() },
        ];
        let mut e = d.clone();
        e.related.clear();
        same_json(text, &[d, e], RULE_DOCS_URL);
    }
}
