//! Engine values (diagnostics, edits with byte spans) → LSP values (ranges in the negotiated
//! encoding).

use crate::position::{self, Encoding};
use nianbao_core::{Diagnostic, Edit, Severity};
use ropey::Rope;
use tower_lsp_server::ls_types::{
    self as lsp, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, TextEdit,
    Uri,
};

/// Where a rule's documentation lives: `RULE_DOCS_BASE` + code, e.g.
/// `https://nianbao.invalid/rules/NB201`. The `.invalid` host is deliberate (RFC 2606): the
/// rule docs are not published anywhere yet; `nianbao explain NB201` prints the same page.
pub const RULE_DOCS_BASE: &str = "https://nianbao.invalid/rules/";

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

pub fn rule_doc_uri(code: &str) -> Option<Uri> {
    format!("{RULE_DOCS_BASE}{code}").parse().ok()
}

pub fn diagnostic(rope: &Rope, enc: Encoding, uri: &Uri, d: &Diagnostic) -> lsp::Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), position::range(rope, enc, &r.span)),
            message: r.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range: position::range(rope, enc, &d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code.to_string())),
        code_description: rule_doc_uri(d.rule.code).map(|href| CodeDescription { href }),
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
