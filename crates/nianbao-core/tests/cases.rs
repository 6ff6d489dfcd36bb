//! Snapshot tests over the rule fixtures in tests/fixtures/cases: the diagnostics (Chinese and
//! English) and the text after `fix --unsafe`, as a diff. `NBxxx-*` files must trigger their
//! rule; `ok-*` files must give no findings.

use nianbao_core::fix::{fix_text, FixMode};
use nianbao_core::lines::LineIndex;
use nianbao_core::{check, Lang, Settings};
use std::fmt::Write;

fn render(text: &str, lang: Lang) -> String {
    let idx = LineIndex::new(text);
    let mut out = String::new();
    for d in check(text, &Settings::with_lang(lang)) {
        let (l1, c1) = idx.line_col(text, d.span.start);
        let (l2, c2) = idx.line_col(text, d.span.end);
        writeln!(
            out,
            "{}:{}-{}:{} {} {} {}",
            l1 + 1,
            c1 + 1,
            l2 + 1,
            c2 + 1,
            d.severity.as_str(),
            d.rule.code,
            d.message
        )
        .unwrap();
        writeln!(out, "    on: {:?}", &text[d.span.clone()]).unwrap();
        if let Some(f) = &d.fix {
            writeln!(out, "    fix ({:?}): {}", f.applicability, f.title).unwrap();
        }
    }
    out
}

fn fixed_diff(text: &str) -> String {
    match fix_text(text, &Settings::default(), FixMode::Unsafe) {
        None => "(no change)\n".into(),
        Some(fixed) => similar::TextDiff::from_lines(text, &fixed).unified_diff().context_radius(1).to_string(),
    }
}

#[test]
fn rule_cases() {
    insta::glob!("../../../tests/fixtures/cases", "*.txt", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let zh = render(&text, Lang::Zh);
        let en = render(&text, Lang::En);
        if name.starts_with("ok-") {
            assert!(zh.is_empty(), "{name} must give no findings:\n{zh}");
        } else if let Some(code) = name.get(..5).filter(|c| c.starts_with("NB")) {
            assert!(zh.contains(&format!(" {code} ")), "{name} must trigger {code}:\n{zh}");
        }
        insta::assert_snapshot!(format!("{zh}\n--- en ---\n{en}\n--- fix --unsafe ---\n{}", fixed_diff(&text)));
    });
}
