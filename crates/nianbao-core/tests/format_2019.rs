//! The 2019 format (国办公开办函〔2019〕60号, the reports for 2019 and 2020) read as itself
//! (issue 13): a 2020 report in it gets no format findings and its own arithmetic checked, and
//! the checks across years compare only the cells that mean the same thing in both formats.
//! The fixtures are a 2020 report of 青山县自然资源局 (fictional) in the 2019 format, whose one
//! mistake is （七）总计 20/21 where the outcome rows add up to 26/27, and the same agency's 2021
//! report in the 2021 format.

use nianbao_core::model::{TableKind, Value};
use nianbao_core::parse::parse;
use nianbao_core::{check, check_with_previous, Previous, Settings};

const Y2020: &str = include_str!("../../../tests/fixtures/cases/2019-format-2020-report.txt");
const Y2021: &str = include_str!("../../../tests/fixtures/cases/2019-format-2021-next-year.txt");
const SEED_002: &str = include_str!("../../../tests/fixtures/002_57935d37ad0b2f69.txt");

/// Replaces the first `from` after `anchor` by `to`.
fn edit(text: &str, anchor: &str, from: &str, to: &str) -> String {
    let a = text.find(anchor).expect("anchor");
    let i = a + text[a..].find(from).expect("from");
    format!("{}{}{}", &text[..i], to, &text[i + from.len()..])
}

/// `CODE message` of every finding.
fn findings(text: &str) -> Vec<String> {
    check(text, &Settings::default()).iter().map(|d| format!("{} {}", d.rule.code, d.message)).collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    check(text, &Settings::default()).iter().map(|d| d.rule.code).collect()
}

#[test]
fn a_2020_report_in_the_2019_format_gets_only_its_real_mistake() {
    assert_eq!(
        findings(Y2020),
        [
            "NB202 （七）总计·自然人应为 26（14+2+1+1+5+1+1+1），此处为 20",
            "NB202 （七）总计行的总计应为 27（20→26+0+0+0+1+0），此处为 21",
        ]
    );
}

#[test]
fn its_tables_are_read_by_the_2019_template() {
    let r = parse(Y2020);
    assert_eq!(r.template().name, "2019");
    let t2 = r.table(TableKind::Two).unwrap();
    let widths: Vec<usize> = t2.rows.iter().map(|row| row.cells.len()).collect();
    assert_eq!(widths, [3, 3, 3, 3, 3, 3, 2, 2]);
    let value = |label: &str, col: usize| {
        let row = t2.rows.iter().find(|row| Y2020[row.label.clone()].contains(label)).unwrap();
        row.cells[col].value.clone()
    };
    // 本年增/减 is signed; 采购总金额 an amount.
    assert_eq!(value("行政许可", 1), Value::Signed(-18));
    assert_eq!(value("其他对外管理服务事项", 1), Value::Signed(3));
    assert_eq!(value("行政事业性收费", 1), Value::Signed(-1));
    assert_eq!(value("政府集中采购", 1), Value::Decimal(160.5964));
    // Table 三: （六）其他处理 is one row: 23 rows.
    let t3 = r.table(TableKind::Three).unwrap();
    assert_eq!(t3.rows.len(), 23);
    assert!(t3.rows.iter().all(|row| row.cells.len() == 7));
}

#[test]
fn a_doubled_minus_is_a_typo() {
    let text = edit(Y2020, "行政许可", "-18", "--18");
    let ds = findings(&text);
    assert_eq!(ds.len(), 3, "{ds:#?}");
    assert!(ds[0].starts_with("NB205 行政许可·本年增/减“--18”不是有效的数字"), "{}", ds[0]);
    // A sign is only right in 本年增/减: `-62` as 上一年项目数量 is not.
    let text = edit(Y2020, "行政许可", "62", "-62");
    assert!(findings(&text)[0].starts_with("NB205 行政许可·上一年项目数量“-62”不是有效的数字：不能为负数"));
}

#[test]
fn the_header_words_decide_over_the_title_year() {
    // A 2023 report written in the 2019 format: read as one (no NB106 on its three-column rows),
    // and told it is in the old format.
    let text = Y2020.replacen("2020年政府信息公开工作年度报告", "2023年政府信息公开工作年度报告", 1);
    assert_eq!(parse(&text).template().name, "2019");
    let cs = codes(&text);
    assert!(cs.contains(&"NB306") && !cs.contains(&"NB106") && !cs.contains(&"NB105"), "{cs:?}");
    // A report titled 2020 in the 2021 format is read by the 2021 template.
    let text = SEED_002.replace("2023 年政府信息公开工作年度报告", "2020 年政府信息公开工作年度报告");
    assert_eq!(parse(&text).template().name, "2021");
    assert!(codes(&text).is_empty(), "{:?}", codes(&text));
    // No title: the header words alone.
    let untitled = &Y2020[Y2020.find("一、总体情况").unwrap()..];
    assert_eq!(parse(untitled).template().name, "2019");
    // One old word among the 2021 ones (the NB306 case) does not make a 2019 report.
    let mixed = SEED_002.replace("本年制发件数", "本年新制作数量");
    assert_eq!(parse(&mixed).template().name, "2021");
}

#[test]
fn the_title_year_decides_without_header_words() {
    // Table 二 left out: a 2020 report owes neither the five topics of 一 nor the fee statement.
    let a = Y2020.find("第二十条第（一）项").unwrap();
    let b = Y2020.find("三、收到和处理").unwrap();
    let text = format!("{}{}", &Y2020[..a], &Y2020[b..]);
    assert_eq!(parse(&text).template().name, "2019");
    assert_eq!(codes(&text), ["NB104", "NB202", "NB202"]);
}

#[test]
fn a_2021_report_owes_the_2021_duties() {
    // Its 一 without the five topics, its 六 without the fee statement.
    let a = Y2021.find("（一）主动公开").unwrap();
    let b = Y2021.find("二、主动公开政府信息情况").unwrap();
    let text = format!("{}本年度政府信息公开工作平稳有序。\n\n{}", &Y2021[..a], &Y2021[b..]);
    let text = text.replace("2021年，我局未收取信息处理费。", "无。");
    let cs = codes(&text);
    assert_eq!(cs.iter().filter(|c| **c == "NB103").count(), 5, "{cs:?}");
    assert!(cs.contains(&"NB307"), "{cs:?}");
}

/// Findings of `code` in this year's report with last year's at hand.
fn across(this: &str, last: &str, code: &str) -> Vec<String> {
    let (report, prev) = (parse(this), parse(last));
    let previous = Previous { text: last, report: &prev, name: "2020.txt" };
    check_with_previous(this, &report, &Settings::default(), Some(previous))
        .into_iter()
        .filter(|d| d.rule.code == code)
        .map(|d| d.message)
        .collect()
}

#[test]
fn across_formats_only_cells_that_mean_the_same_are_compared() {
    assert!(check_with_previous(
        Y2021,
        &parse(Y2021),
        &Settings::default(),
        Some(Previous { text: Y2020, report: &parse(Y2020), name: "2020.txt" })
    )
    .is_empty());
    // 对外公开总数量 (45) is not 现行有效件数: no NB304 from it (45 + 2 − 5 ≠ 40).
    assert!(across(Y2021, Y2020, "NB304").is_empty());
    // Table 三's carry-over means the same in both: compared.
    let carried = edit(Y2021, "二、上年结转", "\t2\t0\t0\t0\t0\t0\t2", "\t3\t0\t0\t0\t0\t0\t3");
    let carried = edit(&carried, "一、本年新收", "\t28\t2\t0\t0\t0\t0\t30", "\t27\t2\t0\t0\t0\t0\t29");
    assert_eq!(across(&carried, Y2020, "NB303"), ["二、上年结转·自然人为 3，但上年报告（2020.txt）结转下年度为 2"]);
    // So are the applications received (NB301's year-on-year figures): 30 against 28.
    let wrong = Y2021.replace("比上年增加2件", "比上年增加5件");
    assert_eq!(
        across(&wrong, Y2020, "NB301"),
        ["正文称收到申请比上年增加5件，按上年（2020.txt）28 件、本年 30 件计算应为增加 2 件"]
    );
    // Two 2021-format reports still compare 现行有效件数.
    let last = Y2021.replace("2021年政府信息公开", "2020年政府信息公开");
    assert_eq!(across(Y2021, &last, "NB304").len(), 1);
}

/// The 2020 report with its one mistake corrected: （七）总计 26 / 27.
fn corrected() -> String {
    edit(Y2020, "（七）总计", "\t20\t0\t0\t0\t1\t0\t21", "\t26\t0\t0\t0\t1\t0\t27")
}

#[test]
fn its_arithmetic_is_checked_by_the_2019_rows() {
    let ok = corrected();
    assert!(findings(&ok).is_empty(), "{:#?}", findings(&ok));
    // A1: a row's 总计 is the sum of its applicant columns.
    let a1 = edit(&ok, "一、本年新收", "\t28", "\t29");
    assert_eq!(codes(&a1), ["NB201"], "{:#?}", findings(&a1));
    // A2: （七）总计 adds up the outcome rows — the 2019 format's one row （六）其他处理 among them.
    let a2 = edit(&ok, "（六）其他处理", "\t0\t0\t0\t0\t0\t0\t0", "\t1\t0\t0\t0\t0\t0\t1");
    let ds = findings(&a2);
    assert!(ds.iter().any(|f| f.starts_with("NB202 （七）总计·自然人应为 27")), "{ds:#?}");
    // A3: 一 + 二 = 三 + 四 (here 四 goes up by one, 29 against 30).
    let a3 = edit(&ok, "四、结转下年度", "\t2\t0\t0\t0\t0\t0\t2", "\t3\t0\t0\t0\t0\t0\t3");
    assert!(codes(&a3).contains(&"NB203"), "{:#?}", findings(&a3));
    // A4: table 四's 总计 columns.
    let a4 = edit(&ok, "结果维持\t结果纠正", "1\t0\t0\t0\t1\t", "1\t0\t0\t0\t2\t");
    assert_eq!(codes(&a4), ["NB204"], "{:#?}", findings(&a4));
}

#[test]
fn the_old_format_is_only_flagged_in_a_2021_or_later_report() {
    // For 2019 and 2020 the 2019 format is the right one; no title year says nothing either.
    for year in ["2019", "2020"] {
        let text =
            corrected().replacen("2020年政府信息公开工作年度报告", &format!("{year}年政府信息公开工作年度报告"), 1);
        assert!(!codes(&text).contains(&"NB306"), "{year}: {:#?}", findings(&text));
    }
    let untitled = &Y2020[Y2020.find("一、总体情况").unwrap()..];
    assert!(!codes(untitled).contains(&"NB306"));
    // From 2021 on, it is named by its first 2019 wording.
    let text = corrected().replacen("2020年政府信息公开工作年度报告", "2021年政府信息公开工作年度报告", 1);
    let ds = findings(&text);
    assert!(ds.iter().any(|f| f.starts_with("NB306 2021 年度报告使用了 2019 年旧格式（“本年新制作数量”）")), "{ds:#?}");
}

#[test]
fn table_two_figures_across_formats_stay_silent() {
    // 现行有效行政规范性文件 said to change from last year: last year's table 二 (the 2019
    // format) has no 现行有效件数 (its 对外公开总数量 is another count), so nothing is compared.
    let text = Y2021.replace("现行有效行政规范性文件40件", "现行有效行政规范性文件40件，比上年减少7件");
    assert!(across(&text, Y2020, "NB301").is_empty(), "{:?}", across(&text, Y2020, "NB301"));
    // Between two 2021-format reports the same sentence is compared (45 last year: a decrease of 5).
    let last = Y2021
        .replace("2021年政府信息公开", "2020年政府信息公开")
        .replace("行政规范性文件\t2\t5\t40", "行政规范性文件\t2\t5\t45");
    let found = across(&text, &last, "NB301");
    let in_force: Vec<&String> = found.iter().filter(|m| m.contains("现行有效")).collect();
    assert_eq!(in_force, ["正文称现行有效件数比上年减少7件，按上年（2020.txt）45 件、本年 40 件计算应为减少 5 件"]);
}
