//! Property tests (proptest) of the engine, issue 6: no panic on any input (bytes or mutated
//! seed reports); counts beyond u64 are reported by NB205 on their cell and never wrapped;
//! after the safe fixes no safe-fixable finding remains and fix(fix(x)) = fix(x); every span
//! is inside the text and on char boundaries; encode → decode round-trips. The same properties
//! are fuzzed for longer by `fuzz/` (cargo-fuzz).

mod common;

use nianbao_core::fix::{apply_edits, fix_edits, fix_text, Applicability, FixMode};
use nianbao_core::model::{TableKind, Value};
use nianbao_core::source::{decode, encode, Encoding};
use nianbao_core::{arith, check, parse::parse, Diagnostic, Lang, Settings};
use proptest::prelude::*;
use std::ops::Range;
use std::sync::OnceLock;

const ENCODINGS: [Encoding; 5] =
    [Encoding::Utf8, Encoding::Utf8Bom, Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Gb18030];

fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| common::seeds().into_iter().map(|(_, t)| t).collect())
}

fn in_text(text: &str, span: &Range<usize>) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

fn assert_spans(text: &str, ds: &[Diagnostic]) {
    for d in ds {
        assert!(in_text(text, &d.span), "{} span {:?}", d.rule.code, d.span);
        for r in &d.related {
            assert!(in_text(text, &r.span), "{} related {:?}", d.rule.code, r.span);
        }
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            assert!(in_text(text, &e.span), "{} edit {:?}", d.rule.code, e.span);
        }
    }
}

fn safe_fixable(ds: &[Diagnostic]) -> Option<&Diagnostic> {
    ds.iter().find(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe))
}

/// Every property for one text; the parts that can fail as test failures return an error.
fn properties(text: &str, lang: Lang) -> Result<(), TestCaseError> {
    let settings = Settings { lang, ..Settings::default() };
    let report = parse(text);
    for t in &report.tables {
        for r in &t.rows {
            for c in &r.cells {
                prop_assert!(in_text(text, &c.span) && in_text(text, &c.number));
            }
        }
    }
    let ds = check(text, &settings);
    assert_spans(text, &ds);
    // Invalid cells (overflow included) are reported on themselves by NB205.
    if report.is_report() {
        for c in report.tables.iter().flat_map(|t| &t.rows).flat_map(|r| &r.cells) {
            if matches!(c.value, Value::Invalid(_)) {
                prop_assert!(
                    ds.iter().any(|d| d.rule.code == "NB205" && d.span == c.span),
                    "no NB205 on {:?}",
                    &text[c.span.clone()]
                );
            }
        }
    }
    // Hover formulas.
    for kind in TableKind::ALL {
        for r in report.table(kind).iter().flat_map(|t| &t.rows) {
            for col in 0..r.cells.len() {
                let _ = arith::explain(&report, kind, r.id, col, lang);
            }
        }
    }
    let safe = fix_edits(text, &settings, FixMode::Safe);
    let fixed = apply_edits(text, &safe);
    let again = check(&fixed, &settings);
    assert_spans(&fixed, &again);
    if let Some(d) = safe_fixable(&again) {
        prop_assert!(false, "safe-fixable {} remains after the safe fixes: {}", d.rule.code, d.message);
    }
    let once = fix_text(text, &settings, FixMode::Safe);
    prop_assert_eq!(once.as_deref().unwrap_or(text), fixed.as_str());
    if let Some(once) = &once {
        prop_assert_eq!(fix_text(once, &settings, FixMode::Safe), None, "fix(fix(x)) != fix(x)");
    }
    let unsafe_edits = fix_edits(text, &settings, FixMode::Unsafe);
    for e in &unsafe_edits {
        prop_assert!(in_text(text, &e.span));
    }
    let _ = fix_text(text, &settings, FixMode::Unsafe);
    Ok(())
}

/// Byte ranges of the runs of ASCII or full-width digits.
fn numbers(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        match (digit, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Debug)]
enum Op {
    /// Replace the n-th number (of the numbers in the text, modulo) by a value.
    Cell(usize, String),
    Insert(usize, String),
    Delete(usize, usize),
    Heading(usize, &'static str),
    Separator(usize, &'static str),
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("99999999999999999999".to_string()),
        Just(u64::MAX.to_string()),
        Just("18446744073709551616".to_string()),
        "[0-9]{1,4}",
        "[1-9][0-9]{19,40}",
        "[０-９]{1,3}",
        Just("-1".to_string()),
        Just("1.5".to_string()),
        Just("1,000".to_string()),
        Just("O".to_string()),
        Just(String::new()),
    ]
}

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "\t",
            "  ",
            "\n",
            "\r\n",
            "\r",
            "|",
            " | ",
            "\u{FEFF}",
            "𠮷",
            "😀",
            "总计",
            "（七）",
            "四、",
            "，占 51.85%"
        ])
        .prop_map(str::to_string),
        "[0-9]{1,25}",
        "\\PC{0,8}",
    ]
}

const HEADINGS: &[&str] = &[
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "## 三、收到和处理政府信息公开申请情况",
];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (any::<usize>(), value()).prop_map(|(n, v)| Op::Cell(n, v)),
        2 => (any::<usize>(), piece()).prop_map(|(at, s)| Op::Insert(at, s)),
        1 => (any::<usize>(), 0usize..60).prop_map(|(at, n)| Op::Delete(at, n)),
        1 => (any::<usize>(), prop::sample::select(HEADINGS)).prop_map(|(at, h)| Op::Heading(at, h)),
        1 => (any::<usize>(), prop::sample::select(&["|", " | ", "  ", " ", "\u{3000}", ""][..]))
            .prop_map(|(n, s)| Op::Separator(n, s)),
    ]
}

fn apply_op(text: &mut String, op: &Op) {
    match op {
        Op::Cell(n, v) => {
            let nums = numbers(text);
            if !nums.is_empty() {
                text.replace_range(nums[n % nums.len()].clone(), v);
            }
        }
        Op::Insert(at, s) => {
            let at = boundary(text, at % (text.len() + 1));
            text.insert_str(at, s);
        }
        Op::Delete(at, n) => {
            let a = boundary(text, at % (text.len() + 1));
            let b = boundary(text, a + n);
            text.replace_range(a..b.max(a), "");
        }
        Op::Heading(at, h) => {
            let at = boundary(text, at % (text.len() + 1));
            let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            text.insert_str(start, &format!("{h}\n"));
        }
        Op::Separator(n, s) => {
            let tabs: Vec<usize> = text.match_indices('\t').map(|(i, _)| i).collect();
            if !tabs.is_empty() {
                let i = tabs[n % tabs.len()];
                text.replace_range(i..i + 1, s);
            }
        }
    }
}

/// A seed report after a few mutations, then a layout: tabs, spaces, pipes, CRLF, BOM.
fn mutated_report() -> impl Strategy<Value = String> {
    (0usize..5, prop::collection::vec(op(), 0..6), 0u8..6).prop_map(|(seed, ops, layout)| {
        let mut text = seeds()[seed].clone();
        for op in &ops {
            apply_op(&mut text, op);
        }
        match layout {
            1 => common::with_spaces(&text, "  "),
            2 => common::with_crlf_bom(&text),
            3 => text.replace('\t', " | "),
            4 => text.replace('\n', "\r\n"),
            _ => text,
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_handled(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        if let Ok(d) = decode(&bytes) {
            properties(&d.text, Lang::Zh)?;
            if let Ok(back) = encode(&d.text, d.encoding) {
                prop_assert_eq!(decode(&back).map(|x| x.text), Ok(d.text));
            }
        }
    }

    #[test]
    fn mutated_seeds_keep_every_property(text in mutated_report(), en in any::<bool>()) {
        properties(&text, if en { Lang::En } else { Lang::Zh })?;
    }

    /// Property 2: a table count beyond u64 yields NB205 on that cell, and no arithmetic
    /// finding is made from a wrapped value (the tests run with overflow checks: a wrapped
    /// sum would panic).
    #[test]
    fn counts_beyond_u64_are_invalid_never_wrapped(seed in 0usize..5, which in any::<usize>(), big in "[1-9][0-9]{20,30}|1844674407370955161[6-9]|99999999999999999999") {
        let text = &seeds()[seed];
        let report = parse(text);
        let cells: Vec<Range<usize>> = report.tables.iter().flat_map(|t| &t.rows).flat_map(|r| &r.cells)
            .filter(|c| matches!(c.value, Value::Int(_))).map(|c| c.number.clone()).collect();
        prop_assume!(!cells.is_empty());
        let at = cells[which % cells.len()].clone();
        let edited = format!("{}{}{}", &text[..at.start], big, &text[at.end..]);
        let ds = check(&edited, &Settings::default());
        let span = at.start..at.start + big.len();
        let on_cell: Vec<&str> = ds.iter().filter(|d| d.span.start <= span.start && span.end <= d.span.end).map(|d| d.rule.code).collect();
        prop_assert!(on_cell.contains(&"NB205"), "no NB205 on {big}: {on_cell:?}");
        for d in &ds {
            prop_assert!(!(matches!(d.rule.code, "NB201" | "NB202" | "NB203" | "NB204") && d.span == span), "{} on the overflowing cell", d.rule.code);
            prop_assert!(!d.message.contains(&big[..big.len().min(20)]) || d.rule.code == "NB205" || d.rule.code == "NB107" || d.rule.code == "NB106", "{}: {}", d.rule.code, d.message);
        }
        properties(&edited, Lang::Zh)?;
    }

    /// Sums of counts that each fit in u64 but not together: the checks that need them are
    /// skipped, nothing panics or wraps.
    #[test]
    fn sums_beyond_u64_do_not_wrap(seed in 0usize..5, picks in prop::collection::vec(any::<usize>(), 2..6)) {
        let text = &seeds()[seed];
        let report = parse(text);
        let mut cells: Vec<Range<usize>> = report.tables.iter().flat_map(|t| &t.rows).flat_map(|r| &r.cells)
            .filter(|c| matches!(c.value, Value::Int(_))).map(|c| c.number.clone()).collect();
        prop_assume!(!cells.is_empty());
        let mut chosen: Vec<Range<usize>> = picks.iter().map(|p| cells[p % cells.len()].clone()).collect();
        chosen.sort_by_key(|r| std::cmp::Reverse(r.start));
        chosen.dedup();
        let mut edited = text.clone();
        for r in &chosen {
            edited.replace_range(r.clone(), &u64::MAX.to_string());
        }
        cells.clear();
        properties(&edited, Lang::Zh)?;
        properties(&edited, Lang::En)?;
    }

    /// Property 5: whatever encode accepts decodes back to the same text.
    #[test]
    fn encodings_round_trip(text in "\\PC{0,40}|[\\u{4e00}-\\u{9fff}\\t\\r\\n0-9𠮷😀\\u{FEFF}]{0,40}") {
        for enc in ENCODINGS {
            if let Ok(bytes) = encode(&text, enc) {
                prop_assert_eq!(decode(&bytes).map(|d| d.text), Ok(text.clone()), "{}", enc);
            }
        }
        // Chinese text without BOM or controls always encodes in every encoding.
        if text.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            for enc in ENCODINGS {
                prop_assert!(encode(&text, enc).is_ok(), "{}", enc);
            }
        }
    }
}

/// The examples of issue 6, fixed: a 20-digit count on a cell of each seed.
#[test]
fn twenty_nines_on_a_cell_is_nb205() {
    let text = &seeds()[2];
    let at = text.find("一、本年新收").unwrap();
    let at = at + text[at..].find("146").unwrap();
    let edited = format!("{}99999999999999999999{}", &text[..at], &text[at + 3..]);
    let ds = check(&edited, &Settings::default());
    let span = at..at + 20;
    assert!(ds.iter().any(|d| d.rule.code == "NB205" && d.span == span), "{ds:#?}");
    assert!(!ds.iter().any(|d| d.rule.code != "NB205" && d.message.contains("99999999999999999999")), "{ds:#?}");
}
