//! Titles as reports really set them, and which texts are reports (issue 13): each test is a
//! reproduction from the corpus of real published reports (`tests/corpus/`) or the issue, and
//! each failed before titles were read from their words over lines (`parse/title.rs`).

mod common;

use nianbao_core::model::NotAReport;
use nianbao_core::parse::parse;
use nianbao_core::{check, companions, Diagnostic, Settings, Severity};

const SEED: &str = include_str!("../../../tests/fixtures/002_57935d37ad0b2f69.txt");
const SEED_TITLE: &str = "孟州市人民政府 2023 年政府信息公开工作年度报告";

fn corpus(path: &str) -> String {
    std::fs::read_to_string(common::fixtures_dir().join("../corpus").join(path)).unwrap()
}

/// Seed 002, a whole real report without findings, with its title set as `title`.
fn seed_titled(title: &str) -> String {
    assert!(SEED.contains(SEED_TITLE));
    SEED.replacen(SEED_TITLE, title, 1)
}

/// NB308's findings at warning or error.
fn nb308(text: &str) -> Vec<Diagnostic> {
    check(text, &Settings::default())
        .into_iter()
        .filter(|d| d.rule.code == "NB308" && d.severity != Severity::Info)
        .collect()
}

/// The title's agency, year and text.
fn title(text: &str) -> (Option<String>, Option<u32>, String) {
    let r = parse(text);
    let t = r.title.unwrap_or_else(|| panic!("no title in {}", &text[..text.len().min(300)]));
    (t.agency, t.year, text[t.span].to_string())
}

#[test]
fn a_title_on_two_centred_lines_is_one_title() {
    // The agency on the line above `<年份>年政府信息公开工作年度报告` (as Word documents and PDFs
    // centre it), in the seed and in eight published openings.
    for (text, agency, year, span) in [
        (
            seed_titled("孟州市人民政府\n2023 年政府信息公开工作年度报告"),
            "孟州市人民政府",
            2023,
            "孟州市人民政府\n2023 年政府信息公开工作年度报告",
        ),
        (
            corpus("openings/2023-高平市人民政府办公室.txt"),
            "高平市人民政府办公室",
            2023,
            "高平市人民政府办公室\n2023年政府信息公开工作年度报告",
        ),
        (
            corpus("openings/2022-高平市人民政府办公室.txt"),
            "高平市人民政府办公室",
            2022,
            "高平市人民政府办公室\n2022年政府信息公开工作年度报告",
        ),
        (
            corpus("openings/2020-广元市人民政府以工代赈办公室.txt"),
            "广元市人民政府以工代赈办公室",
            2020,
            "广元市人民政府以工代赈办公室\n2020年度政府信息公开工作年度报告",
        ),
        (
            corpus("openings/2023-东营市自然资源和规划局东营分局.txt"),
            "东营市自然资源和规划局东营分局",
            2023,
            "东营市自然资源和规划局东营分局\n2023 年政府信息公开工作年度报告",
        ),
        // Page furniture above the agency (`网站支持IPv6`).
        (
            corpus("openings/2023-四川省人力资源和社会保障厅.txt"),
            "四川省人力资源和社会保障厅",
            2023,
            "四川省人力资源和社会保障厅\n2023年政府信息公开工作年度报告",
        ),
        (
            corpus("openings/2024-银川市兴庆区前进街街道办事处.txt"),
            "兴庆区前进街街道办事处",
            2024,
            "兴庆区前进街街道办事处\n2024年政府信息公开工作年度报告",
        ),
        (
            corpus("openings/overview-complete/2020-孝感市人民政府办公室.txt"),
            "孝感市人民政府办公室",
            2020,
            "孝感市人民政府办公室\n2020年政府信息公开工作年度报告",
        ),
        // The second line repeated: the title uses it too.
        (
            corpus("openings/overview-complete/2021-五常市民意乡.txt"),
            "五常市民意乡",
            2021,
            "五常市民意乡\n2021年政府信息公开工作年度报告\n2021年政府信息公开工作年度报告",
        ),
        // Year and agency on the first line, the wording on the second.
        (
            corpus("openings/2024-长春市南关区永吉街道办事处.txt"),
            "南关区永吉街道办事处",
            2024,
            "2024年南关区永吉街道办事处\n政府信息公开工作年度报告",
        ),
        // The wording itself split over lines, a blank line between.
        (
            seed_titled("孟州市人民政府2023年政府信息公开工作\n\n年度报告"),
            "孟州市人民政府",
            2023,
            "孟州市人民政府2023年政府信息公开工作\n\n年度报告",
        ),
    ] {
        assert_eq!(title(&text), (Some(agency.to_string()), Some(year), span.to_string()), "{span}");
        assert!(nb308(&text).is_empty(), "{span}: {:?}", nb308(&text));
    }
    // The seed set on two lines is last year's report's companion as on one line.
    let two = parse(&seed_titled("孟州市人民政府\n2023 年政府信息公开工作年度报告"));
    assert_eq!(companions::key(&two), Some(("孟州市人民政府", 2023)));
}

#[test]
fn a_title_with_the_year_first_names_its_agency() {
    // The titles and two published ones: the agency stands between `<年份>年` and the wording.
    for (line, agency, year) in [
        ("2024年上海市科委政府信息公开工作年度报告", "上海市科委", 2024),
        ("2025年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2025),
    ] {
        let text = seed_titled(line);
        assert_eq!(title(&text), (Some(agency.to_string()), Some(year), line.to_string()));
        assert!(nb308(&text).is_empty(), "{line}: {:?}", nb308(&text));
    }
    let text = corpus("openings/2022-上海市.txt");
    assert_eq!(title(&text).0.as_deref(), Some("上海市"));
    assert!(nb308(&text).is_empty());
}

#[test]
fn page_furniture_before_the_title_is_never_the_title() {
    // `长者版 无障碍阅读` / `当前位置:首页 > 政府信息公开 > 政府信息公开年度报告 > 2024 > 乡镇(街道)` / the title.
    let text = corpus("openings/2024-大冶市东风路街道.txt");
    assert_eq!(title(&text).2, "东风路街道2024年政府信息公开工作年度报告");
    assert!(nb308(&text).is_empty(), "{:?}", nb308(&text));
    // The same furniture above a title that lacks its agency is not taken for the agency.
    let text = seed_titled("发布时间：2024-01-22 浏览次数：35\n2023 年政府信息公开工作年度报告");
    assert_eq!(title(&text).0, None);
    assert_eq!(nb308(&text).iter().map(|d| d.message.as_str()).collect::<Vec<_>>(), ["标题缺少机关名称"]);
}

#[test]
fn a_title_running_into_the_first_sentence_is_the_title_up_to_its_wording() {
    for (path, span) in [
        ("openings/2024-无锡市锡山区安镇街道.txt", "安镇街道2024年政府信息公开工作年度报告"),
        ("openings/2019-遂宁市人力资源和社会保障局.txt", "遂宁市人力资源和社会保障局2019年政府信息公开工作年度报告"),
    ] {
        let text = corpus(path);
        assert!(parse(&text).is_report(), "{path}");
        assert_eq!(title(&text).2, span);
        assert!(nb308(&text).is_empty(), "{path}: {:?}", nb308(&text));
    }
}

#[test]
fn a_near_miss_title_is_a_title_whose_wording_nb308_names() {
    for (path, message) in [
        ("openings/2024-自然资源部.txt", "标题中的“政府信息公开工作报告”应为“政府信息公开工作年度报告”（缺少“年度”）"),
        (
            "openings/table-2/2022-固阳县下湿壕镇.txt",
            "标题中的“信息公开工作年度报告”应为“政府信息公开工作年度报告”（缺少“政府”）",
        ),
        (
            "openings/2024-岚皋县民主镇人民政府.txt",
            "标题中的“政府信息公开年度报告”应为“政府信息公开工作年度报告”（缺少“工作”）",
        ),
    ] {
        let text = corpus(path);
        assert!(parse(&text).is_report(), "{path}");
        let found: Vec<String> = nb308(&text).into_iter().map(|d| d.message).collect();
        assert_eq!(found, [message], "{path}");
    }
    // Without a year a near-miss is a page's headline or a menu (`政府信息公开工作年报`), not a title.
    assert!(parse(&seed_titled("政府信息公开工作年报")).title.is_none());
}

#[test]
fn a_notice_about_the_reports_is_not_a_report() {
    // Its title mentions 政府信息公开工作年度报告; its sections are the notice's own.
    let text = corpus("not-reports/2025-武威市人民政府办公室-年报编制通知.txt");
    assert!(!parse(&text).is_report());
    assert!(check(&text, &Settings::default()).is_empty());
}

#[test]
fn a_reviewers_note_about_reports_is_not_a_report() {
    // A review office's note: a heading naming the reports, the six sections' headings, quoted
    // rows and numbers.
    let text = std::fs::read_to_string(common::fixtures_dir().join("notes/审核意见.md")).unwrap();
    let r = parse(&text);
    assert!(r.sections.len() >= 6, "the note has the six headings: {:?}", r.sections.len());
    assert!(!r.is_report());
    assert!(check(&text, &Settings::default()).is_empty());
    // Without the heading, its section headings alone do not make it a report either.
    let readme = std::fs::read_to_string(common::fixtures_dir().join("notes/README.md")).unwrap();
    assert!(!parse(&readme).is_report());
}

/// The seed's table 二, from the line after its section heading to the line before 三's.
fn seed_table_two() -> &'static str {
    let start = SEED.find("二、主动公开政府信息情况\n").unwrap() + "二、主动公开政府信息情况\n".len();
    let end = SEED.find("三、收到和处理政府信息公开申请情况").unwrap();
    &SEED[start..end]
}

#[test]
fn a_text_without_a_title_is_a_report_by_its_tables() {
    // A page whose title is its headline, outside the article text: 一 and table 二 (a pipe table),
    // two section headings, no title.
    let text = corpus("openings/table-2/2023-长春市某局.txt");
    let r = parse(&text);
    assert!(r.title.is_none() && r.sections.len() == 2, "{:?} {}", r.title, r.sections.len());
    assert!(r.is_report() && r.not_a_report().is_none());
    let found: Vec<(&str, Severity)> = check(&text, &Settings::default())
        .iter()
        .filter(|d| ["NB103", "NB308"].contains(&d.rule.code))
        .map(|d| (d.rule.code, d.severity))
        .collect();
    // 一 lacks three topics; the missing title is info.
    assert_eq!(
        found,
        [
            ("NB103", Severity::Warning),
            ("NB103", Severity::Warning),
            ("NB103", Severity::Warning),
            ("NB308", Severity::Info)
        ]
    );
    // The seed's table 二 alone, without its heading: a report by that table.
    let r = parse(seed_table_two());
    assert!(r.title.is_none() && r.sections.is_empty());
    assert!(r.is_report());
}

#[test]
fn a_row_or_two_quoted_in_a_note_is_not_a_table() {
    // The note quotes 三's rows with their numbers: a row is read, but a row is not a table.
    let readme = std::fs::read_to_string(common::fixtures_dir().join("notes/README.md")).unwrap();
    let r = parse(&readme);
    assert!(!r.tables.is_empty(), "the note's quoted row is read as a row");
    assert_eq!(r.not_a_report(), Some(NotAReport::NoTitleNoTable));
    assert!(check(&readme, &Settings::default()).is_empty());
    // A notice about the reports with the blank table it asks for is still a notice.
    let notice = corpus("not-reports/2025-武威市人民政府办公室-年报编制通知.txt");
    let text = format!("{notice}\n{}", seed_table_two());
    let r = parse(&text);
    assert!(r.tables.iter().any(|t| t.rows.len() >= 3), "the table is read");
    assert!(matches!(r.not_a_report(), Some(NotAReport::Mention(_))));
    assert!(check(&text, &Settings::default()).is_empty());
}
