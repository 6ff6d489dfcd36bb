//! Engine values (diagnostics, edits with byte spans) → LSP values (ranges in the negotiated
//! encoding).

use crate::position::{self, Encoding};
use nianbao_core::{Diagnostic, Edit, Severity};
use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString,
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

pub fn text_edit(rope: &Rope, enc: Encoding, e: &Edit) -> TextEdit {
    TextEdit::new(position::range(rope, enc, &e.span), e.new_text.clone())
}

pub fn text_edits(rope: &Rope, enc: Encoding, edits: &[Edit]) -> Vec<TextEdit> {
    edits.iter().map(|e| text_edit(rope, enc, e)).collect()
}
