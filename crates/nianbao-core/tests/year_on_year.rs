//! NB301's year-on-year statements (issue 7), checked against last year's report of the same
//! agency: sentences put into seed 002 (孟州市 2023), with last year's report made from the same
//! seed (2022: 134 applications received, 91 disclosed, 5 administrative reviews, 6 lawsuits,
//! 8 normative documents issued; 法律服务机构 applied 0 times).
//!
//! This year: 146 received (+12, +8.955%), 148 with carried-over (+12, +8.824%), 101 disclosed
//! (+10, +10.989%), 4 reviews (−1, −20%), 6 lawsuits (unchanged), 5 documents issued (−3, −37.5%).

use nianbao_core::parse::parse;
use nianbao_core::{check_with_previous, Diagnostic, Lang, Previous, Settings};

const SEED_002: &str = include_str!("../../../tests/fixtures/002_57935d37ad0b2f69.txt");

/// Replaces the first `from` after `anchor` by `to`.
fn edit(text: &str, anchor: &str, from: &str, to: &str) -> String {
    let a = text.find(anchor).expect("anchor");
    let i = a + text[a..].find(from).expect("from");
    format!("{}{}{}", &text[..i], to, &text[i + from.len()..])
}

/// Last year's report of the same agency.
fn last_year() -> String {
    let t = SEED_002.replace("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告");
    let t = edit(&t, "一、本年新收", "\t91\t0\t0\t0\t55\t0\t146", "\t134\t0\t0\t0\t0\t0\t134");
    let t = edit(&t, "(一) 予以公开", "\t53\t0\t0\t0\t48\t0\t101", "\t43\t0\t0\t0\t48\t0\t91");
    let t = edit(&t, "四、政府信息公开行政复议", "2\t0\t1\t1\t4\t", "2\t0\t1\t2\t5\t");
    edit(&t, "行政规范性文件", "\t5\t18\t77", "\t8\t2\t90")
}

/// This year's report with `sentence` as a paragraph of section 一.
fn with_prose(sentence: &str) -> String {
    SEED_002.replacen("二、主动公开政府信息情况", &format!("{sentence}\n\n二、主动公开政府信息情况"), 1)
}

/// NB301's findings in `text`, with `last` as last year's report when given.
fn nb301(text: &str, last: Option<&str>, lang: Lang) -> Vec<Diagnostic> {
    let report = parse(text);
    let last_report = last.map(parse);
    let previous = last.zip(last_report.as_ref()).map(|(text, report)| Previous { text, report, name: "2022.txt" });
    check_with_previous(text, &report, &Settings::with_lang(lang), previous)
        .into_iter()
        .filter(|d| d.rule.code == "NB301")
        .collect()
}

fn render(text: &str, ds: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in ds {
        out.push_str(&format!("  {:?}: {}\n", &text[d.span.clone()], d.message));
        for r in &d.related {
            out.push_str(&format!("    related {:?}: {}\n", &text[r.span.clone()], r.message));
        }
    }
    out
}

/// Wrong figures: (sentence, how many findings).
const WRONG: &[(&str, usize)] = &[
    // absolute difference
    ("共收到政府信息公开申请 146 件，比上年增加 10 件。", 1),
    ("收到政府信息公开申请较2022年多 5 件。", 1),
    ("与上年相比，收到政府信息公开申请增加 11 件。", 1),
    // percentage
    ("共收到政府信息公开申请 146 件，同比增长 10.00%。", 1),
    ("共收到政府信息公开申请 146 件，比上年增加 12 件，增长 9.5%。", 1),
    ("共收到政府信息公开申请 146 件，较去年增加 13 件，增长率为 10%。", 2),
    ("共受理政府信息公开申请 148 件，同比增长 8.96%。", 1),
    // direction
    ("共收到政府信息公开申请 146 件，同比下降 8.96%。", 1),
    ("其中予以公开 101 件，较上年减少 10 件。", 1),
    ("因政府信息公开被申请行政复议 4 件，同比增长 20%。", 1),
    ("本年制发行政规范性文件 5 件，同比增加 3 件。", 1),
    ("共收到政府信息公开申请 146 件，同比有所减少。", 1),
    // 持平
    ("共收到政府信息公开申请 146 件，与上年持平。", 1),
    ("予以公开政府信息公开申请数量与去年持平。", 1),
];

/// Right figures (rounded or truncated) and statements whose scope is unclear.
const NEAR_MISSES: &[&str] = &[
    "共收到政府信息公开申请 146 件，比上年增加 12 件，增长 8.96%。",
    "共收到政府信息公开申请 146 件，同比增长 8.95%。",
    "共收到政府信息公开申请 146 件，同比增长 9%。",
    "共收到政府信息公开申请 146 件，同比增长 8.9%。",
    "收到政府信息公开申请同比增长 8.96%。",
    "共受理政府信息公开申请 148 件，同比增长 8.82%。",
    "共受理政府信息公开申请 146 件，比上年增加 12 件。",
    "其中予以公开 101 件，较去年增长 10.99%。",
    "其中予以公开 101 件，同比增长率为 10.98%。",
    "因政府信息公开被申请行政复议 4 件，同比下降 20%；提起行政诉讼 6 件，与上年持平。",
    "本年制发行政规范性文件 5 件，同比减少 3 件，下降 37.5%。",
    // last year's 0: no percentage
    "申请人中法律服务机构 55 件，同比增长 50%。",
    // a year that is not last year's
    "共收到政府信息公开申请 146 件，较2021年多 5 件。",
    // qualified or approximate
    "共收到政府信息公开申请 146 件，与上年基本持平。",
    "共收到政府信息公开申请 146 件，同比增长约 10%。",
    "共收到政府信息公开申请 146 件，同比增长 2 个百分点。",
    // unclear subject or scope
    "办理政府信息公开申请同比增长 10%。",
    "受理政府信息公开申请 148 件（含上年结转），同比增长 10%。",
    "全年备案审查政府信息公开行政复议案件 134 件，同比增长 10%。",
    // percentages of another base
    "其中予以公开 101 件，占 68.24%，同比增长 5%。",
    "予以公开占比同比提高 5%。",
    // quantities NB301 does not identify
    "通过河南省政务服务网办理服务事项 245720 件，同比增长 12%。",
    "通过孟州市人民政府网站发布信息 3017 条，同比增长 30%。",
];

#[test]
fn wrong_year_on_year_figures_are_found() {
    let last = last_year();
    let mut zh = String::new();
    let mut en = String::new();
    for &(sentence, n) in WRONG {
        let text = with_prose(sentence);
        let found = nb301(&text, Some(&last), Lang::Zh);
        assert_eq!(found.len(), n, "{sentence}\n{}", render(&text, &found));
        zh.push_str(&format!("{sentence}\n{}", render(&text, &found)));
        en.push_str(&format!("{sentence}\n{}", render(&text, &nb301(&text, Some(&last), Lang::En))));
    }
    insta::assert_snapshot!(format!("{zh}\n--- en ---\n{en}"));
}

#[test]
fn near_miss_without_last_years_report() {
    for &(sentence, _) in WRONG {
        let text = with_prose(sentence);
        let found = nb301(&text, None, Lang::Zh);
        assert!(found.is_empty(), "{sentence}\n{}", render(&text, &found));
    }
}

#[test]
fn near_miss_right_or_unclear_figures() {
    let last = last_year();
    for sentence in NEAR_MISSES {
        let text = with_prose(sentence);
        let found = nb301(&text, Some(&last), Lang::Zh);
        assert!(found.is_empty(), "{sentence}\n{}", render(&text, &found));
    }
}

#[test]
fn near_miss_seeds_against_last_year() {
    // No seed states a year-on-year figure, and no two seeds are of one agency: each is compared
    // with a copy of itself dated a year earlier (same figures), and with the report made above.
    for (name, text) in [
        ("000", include_str!("../../../tests/fixtures/000_d07e733a374d2c05.txt")),
        ("001", include_str!("../../../tests/fixtures/001_68f00f12ba36a829.txt")),
        ("002", SEED_002),
        ("003", include_str!("../../../tests/fixtures/003_f8b21749840a51ab.txt")),
        ("004", include_str!("../../../tests/fixtures/004_2c7c42b1ba53e565.txt")),
    ] {
        let copy = text.replacen(" 2023 年", " 2022 年", 1);
        assert_ne!(copy, text, "{name}");
        let found = nb301(text, Some(&copy), Lang::Zh);
        assert!(found.is_empty(), "{name}\n{}", render(text, &found));
    }
    let found = nb301(SEED_002, Some(&last_year()), Lang::Zh);
    assert!(found.is_empty(), "{}", render(SEED_002, &found));
}

#[test]
fn year_on_year_words_in_any_order_never_crash() {
    const PIECES: &[&str] = &[
        "同",
        "比",
        "较",
        "与",
        "和",
        "上年",
        "去年",
        "上一年度",
        "2022",
        "２０２２",
        "年",
        "度",
        "同期",
        "相比",
        "，",
        "。",
        "（",
        "增加",
        "减少",
        "增长",
        "下降",
        "多",
        "少",
        "持平",
        "有所",
        "了",
        "率",
        "为",
        "约",
        "12",
        "8.96",
        "１２",
        ".",
        "%",
        "％",
        "件",
        " ",
        "\u{3000}",
        "收到政府信息公开申请",
        "予以公开",
        "行政复议",
        "其中",
        "占",
        "146",
        "𠮷",
        "99999999999999999999999",
        "共收到政府信息公开申请 146 件",
        "同比",
        "比上年",
        "较2022年",
        "与上年相比",
        "与去年持平",
        " 12 件",
        " 8.96%",
        "率为",
    ];
    let last = last_year();
    let last_report = parse(&last);
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..2000 {
        let len = 1 + next(24);
        let soup: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
        let text = with_prose(&soup);
        let report = parse(&text);
        let previous = Previous { text: &last, report: &last_report, name: "2022.txt" };
        for d in check_with_previous(&text, &report, &Settings::default(), Some(previous)) {
            for span in std::iter::once(&d.span).chain(d.related.iter().map(|r| &r.span)) {
                assert!(text.get(span.clone()).is_some(), "{soup}: {d:?}");
            }
        }
    }
}
