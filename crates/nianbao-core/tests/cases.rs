//! Snapshot tests over the rule fixtures in tests/fixtures/cases: the diagnostics (Chinese and
//! English) and the text after `fix --unsafe`, as a diff. `NBxxx-*` files must trigger their
//! rule; `ok-*` files must give no findings. `*.extracted.txt` files are checked as text
//! extracted from a document (`Companions::extracted`), and their snapshot also shows the
//! findings of the same text typed.

use nianbao_core::fix::{fix_text, FixMode};
use nianbao_core::lines::LineIndex;
use nianbao_core::{check_with, parse, Companions, Lang, Settings};
use std::fmt::Write;

fn render(text: &str, lang: Lang, extracted: bool) -> String {
    let idx = LineIndex::new(text);
    let mut out = String::new();
    let report = parse::parse(text);
    let companions = Companions { extracted, ..Companions::default() };
    for d in check_with(text, &report, &Settings::with_lang(lang), companions) {
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
        let extracted = name.ends_with(".extracted.txt");
        let zh = render(&text, Lang::Zh, extracted);
        let en = render(&text, Lang::En, extracted);
        if name.starts_with("ok-") {
            assert!(zh.is_empty(), "{name} must give no findings:\n{zh}");
        } else if let Some(code) = name.get(..5).filter(|c| c.starts_with("NB")) {
            assert!(zh.contains(&format!(" {code} ")), "{name} must trigger {code}:\n{zh}");
        }
        let typed =
            if extracted { format!("\n--- typed ---\n{}", render(&text, Lang::Zh, false)) } else { String::new() };
        insta::assert_snapshot!(format!("{zh}\n--- en ---\n{en}\n--- fix --unsafe ---\n{}{typed}", fixed_diff(&text)));
    });
}
