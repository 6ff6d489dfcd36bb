//! Engine values (diagnostics, edits with byte spans) → LSP values (ranges in the negotiated
//! encoding). [`diagnostic_linked`] is the one place an engine diagnostic becomes an LSP one:
//! for a publish ([`diagnostics`], every keystroke) and for a quick-fix ([`diagnostic`]) alike.

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
/// The same for a document whose messages are in English: the English page
/// (`docs/rules/en/NB201.md`), used while `ruleDocsUrl` is not set.
pub const RULE_DOCS_URL_EN: &str = "https://nianbao.invalid/docs/rules/en/{code}.md";

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
/// `related` (in order). A new diagnostic field is added here.
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

    /// A publish ([`diagnostics`], one sweep over the text) and a quick-fix ([`diagnostic`], rope
    /// queries) give a finding the same LSP value: clients match a code action's diagnostics to
    /// the published ones by equality.
    fn same_as_one_by_one(text: &str, ds: &[Diagnostic], docs: &str) {
        let uri: Uri = "file:///tmp/a%20b/%E5%B9%B4%E6%8A%A5.txt".parse().unwrap();
        let rope = Rope::from_str(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let one_by_one: Vec<lsp::Diagnostic> = ds.iter().map(|d| diagnostic(&rope, enc, &uri, d, docs)).collect();
            assert_eq!(diagnostics(text, enc, &uri, ds, docs), one_by_one);
        }
    }

    #[test]
    fn a_publish_converts_findings_as_a_quick_fix_does() {
        let seed = include_str!("../../../tests/fixtures/002_57935d37ad0b2f69.txt");
        // Twice (duplicate sections: findings with related locations), with an error, in CRLF.
        let text = format!("{seed}\n{seed}").replacen("146", "1469", 1).replace('\n', "\r\n");
        let doc = Document::new(&text, 1, Settings::default());
        assert!(doc.diagnostics.len() > 3 && doc.diagnostics.iter().any(|d| !d.related.is_empty()));
        same_as_one_by_one(&text, &doc.diagnostics, RULE_DOCS_URL);
        // A template that does not make a URI: no codeDescription.
        let ds =
            diagnostics(&text, Encoding::Utf16, &"file:///a".parse().unwrap(), &doc.diagnostics, "not a uri {code}");
        assert!(ds.iter().all(|d| d.code_description.is_none()));
        same_as_one_by_one(&text, &doc.diagnostics, "not a uri {code}");
        // Non-BMP text, spans past the end and inside a char, related locations.
        let text = "𠮷\"总\"\\\t146\n";
        let mut d = doc.diagnostics[0].clone();
        d.span = 1..99;
        d.related =
            vec![Related { span: 0..4, message: "a".to_string() }, Related { span: 5..5, message: String::new() }];
        let mut e = d.clone();
        e.related.clear();
        same_as_one_by_one(text, &[d, e], RULE_DOCS_URL);
    }
}
