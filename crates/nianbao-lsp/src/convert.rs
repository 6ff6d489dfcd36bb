//! Engine values (diagnostics, edits with byte spans) → LSP values (ranges in the negotiated
//! encoding), and a document's diagnostics → `publishDiagnostics` params as JSON text
//! ([`write_publish_params`]), the hot path of every keystroke.

use crate::position::{self, Encoding};
use nianbao_core::{Diagnostic, Edit, Severity};
use ropey::Rope;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};
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
    let positions = span_positions(text, enc, ds);
    let mut ranges = positions.chunks_exact(2).map(|p| LspRange::new(p[0], p[1]));
    let links = rule_links(ds, docs);
    ds.iter()
        .map(|d| {
            let link = link_of(&links, d).cloned();
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
/// JSON to `out`, serialised by serde straight from the engine's diagnostics ([`PublishView`]):
/// byte for byte what serde_json makes of
/// `PublishDiagnosticsParams::new(uri, diagnostics(text, enc, uri, ds, docs), version)` (a test
/// compares them), without building those LSP values — a `String` code, a cloned URI and
/// message for every finding and related location — first.
pub fn write_publish_params(
    out: &mut Vec<u8>,
    text: &str,
    enc: Encoding,
    uri: &Uri,
    ds: &[Diagnostic],
    docs: &str,
    version: Option<i32>,
) {
    let positions = span_positions(text, enc, ds);
    let links = rule_links(ds, docs);
    // About what a finding with a related location takes; saves growing the buffer step by step.
    out.reserve(ds.len() * 300 + positions.len() * 100);
    let view = PublishView { uri, ds, positions: &positions, links: &links, version };
    // Serialising these values into a Vec cannot fail.
    let _ = serde_json::to_writer(out, &view);
}

/// The positions of every finding's start and end, then those of its related locations, for all
/// of `ds` in order, converted in one sweep over the text ([`position::positions`]).
fn span_positions(text: &str, enc: Encoding, ds: &[Diagnostic]) -> Vec<Position> {
    let mut offsets = Vec::with_capacity(ds.iter().map(|d| 2 + 2 * d.related.len()).sum());
    for d in ds {
        offsets.extend([d.span.start, d.span.end]);
        for r in &d.related {
            offsets.extend([r.span.start, r.span.end]);
        }
    }
    position::positions(text, enc, &offsets)
}

/// Each rule's doc link among `ds`, built once (a document with hundreds of findings would
/// otherwise build and parse the same link hundreds of times).
fn rule_links<'a>(ds: &'a [Diagnostic], docs: &str) -> Vec<(&'a str, Option<CodeDescription>)> {
    let mut links: Vec<(&str, Option<CodeDescription>)> = Vec::new();
    for d in ds {
        if !links.iter().any(|(c, _)| *c == d.rule.code) {
            links.push((d.rule.code, rule_doc_uri(docs, d.rule.code).map(|href| CodeDescription { href })));
        }
    }
    links
}

/// `d`'s rule's doc link from [`rule_links`].
fn link_of<'l>(links: &'l [(&str, Option<CodeDescription>)], d: &Diagnostic) -> Option<&'l CodeDescription> {
    links.iter().find(|(c, _)| *c == d.rule.code).and_then(|(_, l)| l.as_ref())
}

/// `PublishDiagnosticsParams` as serde writes it, borrowed from the engine's diagnostics:
/// `positions` holds each finding's start and end, then those of its related locations, in order.
struct PublishView<'a> {
    uri: &'a Uri,
    ds: &'a [Diagnostic],
    positions: &'a [Position],
    links: &'a [(&'a str, Option<CodeDescription>)],
    version: Option<i32>,
}

impl Serialize for PublishView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("PublishDiagnosticsParams", 3)?;
        m.serialize_field("uri", self.uri)?;
        m.serialize_field("diagnostics", &DiagnosticsView(self))?;
        if let Some(version) = self.version {
            m.serialize_field("version", &version)?;
        }
        m.end()
    }
}

struct DiagnosticsView<'a>(&'a PublishView<'a>);

impl Serialize for DiagnosticsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut seq = s.serialize_seq(Some(p.ds.len()))?;
        let mut at = 0;
        for d in p.ds {
            seq.serialize_element(&DiagnosticView { p, d, at })?;
            at += 2 + 2 * d.related.len();
        }
        seq.end()
    }
}

/// `lsp::Diagnostic` as serde writes it (its fields in their order, absent options left out).
struct DiagnosticView<'a> {
    p: &'a PublishView<'a>,
    d: &'a Diagnostic,
    /// Where this finding's positions start in `p.positions`.
    at: usize,
}

impl DiagnosticView<'_> {
    fn range(&self, k: usize) -> LspRange {
        let at = self.at + 2 * k;
        match self.p.positions.get(at..at + 2) {
            Some(&[start, end]) => LspRange::new(start, end),
            _ => LspRange::default(),
        }
    }
}

impl Serialize for DiagnosticView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.d;
        let link = link_of(self.p.links, d);
        let mut m = s.serialize_struct("Diagnostic", 7)?;
        m.serialize_field("range", &self.range(0))?;
        m.serialize_field("severity", &severity(d.severity))?;
        // `NumberOrString::String(code)` is written as the bare string.
        m.serialize_field("code", d.rule.code)?;
        if let Some(link) = link {
            m.serialize_field("codeDescription", link)?;
        }
        m.serialize_field("source", SOURCE)?;
        m.serialize_field("message", &d.message)?;
        if !d.related.is_empty() {
            let related: Vec<RelatedView> = d
                .related
                .iter()
                .enumerate()
                .map(|(k, r)| RelatedView {
                    location: LocationView { uri: self.p.uri, range: self.range(k + 1) },
                    message: &r.message,
                })
                .collect();
            m.serialize_field("relatedInformation", &related)?;
        }
        m.end()
    }
}

/// `DiagnosticRelatedInformation` and its `Location`, borrowing the document's URI.
#[derive(Serialize)]
struct RelatedView<'a> {
    location: LocationView<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct LocationView<'a> {
    uri: &'a Uri,
    range: LspRange,
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
