//! The properties the fuzz targets assert (issue 6), shared by `engine` and `seed_mutations`:
//! nothing panics from bytes to fixed text; every span is inside the text and on char
//! boundaries; counts beyond u64 are reported by NB205 on their own cell, never wrapped (the
//! targets are built with overflow checks, so a wrapped sum panics); after the safe fixes no
//! safe-fixable finding remains and fixing again changes nothing; encode → decode round-trips.

use nianbao_core::arith;
use nianbao_core::fix::{apply_edits, fix_edits, fix_text, Applicability, Edit, FixMode};
use nianbao_core::model::{Report, TableKind, Value};
use nianbao_core::source::{decode, encode, Encoding};
use nianbao_core::{check, check_with_previous, parse::parse, Diagnostic, Lang, Previous, Settings};
use std::ops::Range;

pub mod lsp;
pub mod mutate;
pub mod readers;

/// The five seed reports, compiled in so the targets need no files at run time.
pub const SEEDS: [&str; 5] = [
    include_str!("../../tests/fixtures/000_d07e733a374d2c05.txt"),
    include_str!("../../tests/fixtures/001_68f00f12ba36a829.txt"),
    include_str!("../../tests/fixtures/002_57935d37ad0b2f69.txt"),
    include_str!("../../tests/fixtures/003_f8b21749840a51ab.txt"),
    include_str!("../../tests/fixtures/004_2c7c42b1ba53e565.txt"),
];

pub const ENCODINGS: [Encoding; 5] =
    [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Gb18030];

fn assert_span(text: &str, span: &Range<usize>, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside the text (len {})",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

/// Every span of the parsed model is inside the text and on char boundaries.
pub fn assert_report_spans(text: &str, report: &Report) {
    assert_eq!(report.len, text.len());
    if let Some(t) = &report.title {
        assert_span(text, &t.span, "title");
    }
    for s in &report.sections {
        assert_span(text, &s.heading, "section heading");
        assert_span(text, &s.core, "section core");
        assert_span(text, &s.body, "section body");
    }
    for t in &report.tables {
        assert_span(text, &t.span, "table");
        for r in &t.rows {
            assert_span(text, &r.span, "row");
            assert_span(text, &r.label, "row label");
            for c in &r.cells {
                assert_span(text, &c.span, "cell");
                assert_span(text, &c.number, "cell number");
            }
        }
    }
    for u in &report.unread {
        assert_span(text, &u.span, "unread");
    }
}

fn assert_edits(text: &str, edits: &[Edit], what: &str) {
    for e in edits {
        assert_span(text, &e.span, what);
    }
}

/// Property 4 for diagnostics: spans, related spans and fix edits.
pub fn assert_diagnostic_spans(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert_span(text, &d.span, d.rule.code);
        for r in &d.related {
            assert_span(text, &r.span, d.rule.code);
        }
        if let Some(f) = &d.fix {
            assert_edits(text, &f.edits, d.rule.code);
        }
    }
}

/// Whether `digits` (ASCII or full-width digits only) is a number larger than `u64::MAX`.
fn beyond_u64(digits: &str) -> bool {
    let digits: String = digits
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            c => c,
        })
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let significant = digits.trim_start_matches('0');
    significant.len() > 20 || (significant.len() == 20 && significant > "18446744073709551615")
}

/// Property 2: a count beyond u64 is never read as a number; every cell that is not a valid
/// number gets an NB205 finding on that cell; no arithmetic finding sits on such a cell.
pub fn assert_no_overflow(text: &str, report: &Report, diagnostics: &[Diagnostic]) {
    for t in &report.tables {
        for r in &t.rows {
            for c in &r.cells {
                if beyond_u64(&text[c.number.clone()]) {
                    assert!(
                        matches!(c.value, Value::Invalid(_)),
                        "cell {:?} = {:?} read as {:?}",
                        c.span,
                        &text[c.span.clone()],
                        c.value
                    );
                }
                if !report.is_report() || !matches!(c.value, Value::Invalid(_)) {
                    continue;
                }
                assert!(
                    diagnostics.iter().any(|d| d.rule.code == "NB205" && d.span == c.span),
                    "invalid cell {:?} = {:?} has no NB205 finding",
                    c.span,
                    &text[c.span.clone()]
                );
                for d in diagnostics {
                    if matches!(d.rule.code, "NB201" | "NB202" | "NB203" | "NB204") && d.span == c.span {
                        panic!("arithmetic finding {} on the invalid cell {:?}: {}", d.rule.code, c.span, d.message);
                    }
                }
            }
        }
    }
}

/// The hover formulas of every table cell (the server calls `arith::explain` on hover).
pub fn explain_all(report: &Report) {
    for kind in TableKind::ALL {
        let Some(t) = report.table(kind) else { continue };
        for r in &t.rows {
            for col in 0..r.cells.len() {
                let _ = arith::explain(report, kind, r.id, col, Lang::Zh);
            }
        }
    }
}

/// Property 3: safe fixes reach the fixed point in one round and fixing is idempotent.
pub fn assert_fixes(text: &str, settings: &Settings) {
    let safe = fix_edits(text, settings, FixMode::Safe);
    assert_edits(text, &safe, "safe fix edit");
    let fixed = apply_edits(text, &safe);
    let remaining = check(&fixed, settings);
    assert_diagnostic_spans(&fixed, &remaining);
    if let Some(d) = remaining.iter().find(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)) {
        panic!("after the safe fixes a safe-fixable finding remains: {} {:?} {}", d.rule.code, d.span, d.message);
    }
    let once = fix_text(text, settings, FixMode::Safe);
    assert_eq!(once.as_deref().unwrap_or(text), fixed, "fix_text(Safe) differs from one round of safe edits");
    if let Some(once) = &once {
        assert_eq!(fix_text(once, settings, FixMode::Safe), None, "fix(fix(x)) != fix(x)");
    }

    let unsafe_edits = fix_edits(text, settings, FixMode::Unsafe);
    assert_edits(text, &unsafe_edits, "unsafe fix edit");
    let _ = apply_edits(text, &unsafe_edits);
    if let Some(all) = fix_text(text, settings, FixMode::Unsafe) {
        let ds = check(&all, settings);
        assert_diagnostic_spans(&all, &ds);
    }
}

/// Property 5: whatever `encode` accepts decodes back to the same text.
pub fn assert_round_trips(text: &str) {
    for enc in ENCODINGS {
        if let Ok(bytes) = encode(text, enc) {
            let back = decode(&bytes).unwrap_or_else(|e| panic!("{enc}: encoded bytes do not decode: {e}"));
            assert_eq!(back.text, text, "{enc}: round trip changed the text");
        }
    }
}

/// Everything above for one text. `previous` is last year's report for NB303/NB304.
pub fn check_text(text: &str, lang: Lang, previous: Option<&str>) {
    let settings = Settings { lang, ..Settings::default() };
    let report = parse(text);
    assert_report_spans(text, &report);
    let diagnostics = check(text, &settings);
    assert_diagnostic_spans(text, &diagnostics);
    assert_no_overflow(text, &report, &diagnostics);
    explain_all(&report);
    if let Some(prev) = previous {
        let prev_report = parse(prev);
        let ds = check_with_previous(
            text,
            &report,
            &settings,
            Some(Previous { text: prev, report: &prev_report, name: "previous.txt" }),
        );
        assert_diagnostic_spans(text, &ds);
    }
    assert_fixes(text, &settings);
}

/// Bytes as a file: decode, then every property on the text; the text must encode back in
/// the encoding it was read in unless encode refuses (then it says why).
pub fn check_bytes(data: &[u8], lang: Lang) {
    let Ok(decoded) = decode(data) else { return };
    if let Ok(bytes) = encode(&decoded.text, decoded.encoding) {
        assert_eq!(decode(&bytes).map(|d| d.text).as_deref(), Ok(decoded.text.as_str()));
    }
    assert_round_trips(&decoded.text);
    check_text(&decoded.text, lang, None);
}
