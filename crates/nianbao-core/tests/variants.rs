//! Local variants of the format (issue 7): seed 002 rewritten in the Shanghai layout
//! (tests/fixtures/cases/*shanghai*.txt, made by make_cases.py) is read as that layout whether
//! detected or forced, its arithmetic is checked as the national report's is, and forcing the
//! national format shows what the variant explains. Reports in the national layout read the
//! same whichever format is chosen.

mod common;

use nianbao_core::parse::{parse, parse_with};
use nianbao_core::variant::{Format, FormatChoice};
use nianbao_core::{check, Diagnostic, Settings};

fn case(name: &str) -> String {
    std::fs::read_to_string(common::fixtures_dir().join("cases").join(name)).unwrap()
}

fn settings(format: FormatChoice) -> Settings {
    Settings { format, ..Settings::default() }
}

const SHANGHAI: FormatChoice = FormatChoice::Is(Format::Shanghai);
const NATIONAL: FormatChoice = FormatChoice::Is(Format::National);

fn codes(ds: &[Diagnostic]) -> Vec<&'static str> {
    ds.iter().map(|d| d.rule.code).collect()
}

/// Message, fix title and replacement texts: a finding without its position.
fn gist(ds: &[Diagnostic]) -> Vec<(String, Option<String>, Vec<String>)> {
    ds.iter()
        .map(|d| {
            let fix = d.fix.as_ref();
            (
                d.message.clone(),
                fix.map(|f| f.title.clone()),
                fix.map(|f| f.edits.iter().map(|e| e.new_text.clone()).collect()).unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn shanghai_layout_is_clean_detected_or_forced() {
    let text = case("ok-shanghai-layout.txt");
    assert_eq!(parse(&text).format, Format::Shanghai);
    for choice in [FormatChoice::Auto, SHANGHAI] {
        let ds = check(&text, &settings(choice));
        assert!(ds.is_empty(), "{choice:?}: {:?}", gist(&ds));
    }
}

#[test]
fn forced_national_shows_what_the_variant_explains() {
    let text = case("ok-shanghai-layout.txt");
    let ds = check(&text, &settings(NATIONAL));
    let found = codes(&ds);
    // 三、主动公开工作情况 is read as 二 (wrong wording), so 一、主动公开政府信息情况 repeats it, and
    // 一 ends before its topics.
    for code in ["NB102", "NB103", "NB107"] {
        assert!(found.contains(&code), "{code} missing from {found:?}");
    }
    assert!(ds.iter().any(|d| d.message == "“二、主动公开政府信息情况”重复出现"), "{:?}", gist(&ds));
    // The arithmetic does not care about the layout.
    assert!(!found.iter().any(|c| c.starts_with("NB2")), "{found:?}");
}

#[test]
fn a_wrong_total_is_the_same_finding_in_either_layout() {
    let national = case("NB201-row-total.txt");
    let shanghai = case("NB201-shanghai-row-total.txt");
    let want = gist(&check(&national, &Settings::default()));
    assert_eq!(codes(&check(&national, &Settings::default())), ["NB201"]);
    for choice in [FormatChoice::Auto, SHANGHAI] {
        assert_eq!(gist(&check(&shanghai, &settings(choice))), want, "{choice:?}");
    }
    // On the same cell: the anchor an [[ignore]] entry would name.
    let (a, b) = (&check(&national, &Settings::default())[0], &check(&shanghai, &Settings::default())[0]);
    let anchor = |text: &str, d: &Diagnostic| nianbao_core::anchor::anchor(text, &parse(text), d).text().to_string();
    assert_eq!(anchor(&national, a), anchor(&shanghai, b));
}

#[test]
fn a_missing_statutory_section_is_named_as_the_variant_numbers_it() {
    let text = case("NB101-shanghai-missing-section.txt");
    for choice in [FormatChoice::Auto, SHANGHAI] {
        let ds = check(&text, &settings(choice));
        assert_eq!(codes(&ds), ["NB101"], "{choice:?}");
        assert_eq!(ds[0].message, "缺少第四部分“四、存在的主要问题及改进情况”");
        assert_eq!(&text[ds[0].span.clone()], "五、其他需要报告的事项");
    }
    let fixed = nianbao_core::fix_text(&text, &Settings::default(), nianbao_core::FixMode::Unsafe).unwrap();
    assert!(fixed.contains("\n\n四、存在的主要问题及改进情况\n\n五、其他需要报告的事项\n"));
    assert!(check(&fixed, &Settings::default()).is_empty());
}

#[test]
fn a_missing_added_section_leaves_its_topic_uncovered() {
    let text = case("NB103-shanghai-missing-added-section.txt");
    assert_eq!(parse(&text).format, Format::Shanghai);
    let ds = check(&text, &Settings::default());
    assert_eq!(codes(&ds), ["NB103"]);
    assert_eq!(ds[0].message, "一、总体情况未涉及“监督保障”");
}

#[test]
fn seeds_are_not_read_as_a_variant() {
    for (name, text) in common::seeds() {
        let r = parse(&text);
        assert_eq!(r.format, Format::National, "{name}");
        assert_eq!(r, parse_with(&text, NATIONAL), "{name}");
        assert!(check(&text, &Settings::default()).is_empty(), "{name}");
    }
}

/// Every rule case and seed not written in the Shanghai layout reads exactly as before
/// (auto = national), and, with a Shanghai title, gets the same findings read as Shanghai.
#[test]
fn national_layout_reads_the_same_in_every_format() {
    let mut texts = common::seeds();
    for e in std::fs::read_dir(common::fixtures_dir().join("cases")).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".txt") && !name.contains("shanghai") {
            texts.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    assert!(texts.len() > 20);
    for (name, text) in texts {
        assert_eq!(parse(&text), parse_with(&text, NATIONAL), "{name}");
        let national = gist(&check(&text, &settings(NATIONAL)));
        assert_eq!(gist(&check(&text, &settings(SHANGHAI))), national, "{name} read as shanghai");
        // A Shanghai agency's report in the national layout: detected by its title, same findings.
        let titled = text.replacen("政府信息", "上海市政府信息", 1);
        let r = parse(&titled);
        if r.title.is_some() {
            assert_eq!(r.format, Format::Shanghai, "{name}");
        }
        assert_eq!(gist(&check(&titled, &Settings::default())), gist(&check(&titled, &settings(NATIONAL))), "{name}");
    }
}

#[test]
fn tables_under_captions_are_found_by_their_content() {
    // The statutory headings replaced by captions: 表一/表二/表三 name the tables by their words.
    let text = case("ok-shanghai-layout.txt")
        .replace("一、主动公开政府信息情况", "表一：主动公开政府信息情况")
        .replace("二、收到和处理政府信息公开申请情况", "表二：收到和处理政府信息公开申请情况")
        .replace("三、政府信息公开行政复议、行政诉讼情况", "表三 政府信息公开行政复议、行政诉讼情况");
    let r = parse(&text);
    assert_eq!(r.tables.len(), 3);
    for t in &r.tables {
        assert!(t.rows.iter().all(|row| !row.cells.is_empty()), "{:?}", t.kind);
    }
    assert_eq!(r.table(nianbao_core::model::TableKind::Three).unwrap().rows.len(), 25);
    assert!(r.unread.is_empty(), "{:?}", r.unread);
    // Without their headings the three sections are missing (三、主动公开工作情况 is not taken for
    // 二: the report is in the Shanghai layout), the tables are not; the headings go above them.
    let ds = check(&text, &Settings::default());
    assert_eq!(codes(&ds), ["NB101", "NB101", "NB101"], "{:?}", gist(&ds));
    assert_eq!(ds[0].message, "缺少第一部分“一、主动公开政府信息情况”");
    let fixed = nianbao_core::fix_text(&text, &Settings::default(), nianbao_core::FixMode::Unsafe).unwrap();
    assert!(check(&fixed, &Settings::default()).is_empty(), "{:?}", gist(&check(&fixed, &Settings::default())));
}
