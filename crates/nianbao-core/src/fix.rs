//! Fixes as data: minimal text edits plus an applicability, and the one function that applies them.
//!
//! Every consumer (the CLI's `fix`, LSP quick-fixes, `source.fixAll`, fix-on-save) goes
//! through [`fix_edits`] / [`apply_edits`]; nothing else rewrites report text.

use crate::diagnostic::Diagnostic;
use crate::settings::Settings;
use serde::Serialize;
use std::ops::Range;

/// Whether a fix may be applied without asking.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Derived values only (a total that is the one explanation of its table's broken sums,
    /// digit normalisation): applied on save.
    Safe,
    /// Changes what the author wrote or inserts new text: applied only on request.
    Unsafe,
}

/// Replace `span` (byte offsets into the original text) by `new_text`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Edit {
    pub span: Range<usize>,
    pub new_text: String,
}

impl Edit {
    pub fn replace(span: Range<usize>, new_text: impl Into<String>) -> Edit {
        Edit { span, new_text: new_text.into() }
    }
    pub fn insert(at: usize, new_text: impl Into<String>) -> Edit {
        Edit { span: at..at, new_text: new_text.into() }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub applicability: Applicability,
    /// Short description for a code action title, in the message language.
    pub title: String,
    pub edits: Vec<Edit>,
}

/// Which fixes to apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only (fix-on-save, `nianbao fix`).
    Safe,
    /// Safe and unsafe fixes (`nianbao fix --unsafe`).
    Unsafe,
}

impl FixMode {
    pub fn allows(self, a: Applicability) -> bool {
        matches!((self, a), (FixMode::Unsafe, _) | (FixMode::Safe, Applicability::Safe))
    }
}

/// Applies non-overlapping edits to `text`. Edits are sorted by position first; an edit
/// overlapping an earlier one is skipped (the first one wins) and counted in the result.
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 16);
    let mut pos = 0;
    for e in sorted {
        if e.span.start < pos || e.span.end > text.len() || e.span.start > e.span.end {
            continue;
        }
        if !text.is_char_boundary(e.span.start) || !text.is_char_boundary(e.span.end) {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new_text);
        pos = e.span.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Selects the findings whose fixes `mode` allows and applies, in order, dropping a fix whose
/// edits overlap one already chosen (so that the chosen edits can be applied in one pass).
pub fn select_fixes(diagnostics: &[Diagnostic], mode: FixMode) -> Vec<&Diagnostic> {
    let mut chosen: Vec<&Diagnostic> = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if !mode.allows(fix.applicability) {
            continue;
        }
        let overlaps = fix.edits.iter().any(|e| {
            chosen.iter().flat_map(|c| c.fix.iter().flat_map(|f| &f.edits)).any(|c| {
                (e.span.start < c.span.end && c.span.start < e.span.end)
                    || (e.span.is_empty() && c.span.is_empty() && e.span.start == c.span.start)
                    || e == c
            })
        });
        if !overlaps {
            chosen.push(d);
        }
    }
    chosen
}

/// The edits of [`select_fixes`], sorted by position.
pub fn select_edits(diagnostics: &[Diagnostic], mode: FixMode) -> Vec<Edit> {
    let mut chosen: Vec<Edit> =
        select_fixes(diagnostics, mode).into_iter().flat_map(|d| d.fix.iter().flat_map(|f| f.edits.clone())).collect();
    chosen.sort_by_key(|e| (e.span.start, e.span.end));
    chosen
}

/// The edits that fix `text` as far as `mode` allows, relative to `text` itself.
///
/// A safe fix of the arithmetic changes a total only when that total is the one explanation of
/// every broken identity of its table (`arith::Verdict::Located`), to the value that makes them
/// all hold: one round of edits already reaches the fixed point, and checking again finds
/// nothing that a safe fix would change.
pub fn fix_edits(text: &str, settings: &Settings, mode: FixMode) -> Vec<Edit> {
    let diagnostics = crate::check(text, settings);
    select_edits(&diagnostics, mode)
}

/// The fixed text, or `None` when nothing changes.
///
/// Safe fixes reach the fixed point in one round. An unsafe fix can leave a sum broken (a
/// guess at 四 in NB203 changes a part of a row whose total then needs another fix), so rounds
/// repeat until nothing changes (at most a few times).
pub fn fix_text(text: &str, settings: &Settings, mode: FixMode) -> Option<String> {
    fix_text_with(text, mode, |t| crate::check(t, settings))
}

/// [`fix_text`] with the findings of each round given by `diagnose` (callers that dismiss
/// some findings — `[[ignore]]` entries — pass a check that leaves them out).
pub fn fix_text_with(text: &str, mode: FixMode, mut diagnose: impl FnMut(&str) -> Vec<Diagnostic>) -> Option<String> {
    let mut current = text.to_string();
    for _ in 0..4 {
        let edits = select_edits(&diagnose(&current), mode);
        if edits.is_empty() {
            break;
        }
        let next = apply_edits(&current, &edits);
        if next == current {
            break;
        }
        current = next;
    }
    (current != text).then_some(current)
}
