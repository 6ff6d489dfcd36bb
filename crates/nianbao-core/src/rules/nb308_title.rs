//! NB308 title: the title names the agency, the year and 政府信息公开工作年度报告.

use super::Context;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::normalize::{first_chars, without_whitespace};
use crate::prose::finder;
use crate::Lang;

crate::declare_rule! {
    /// Checks the title line: `<机关名称> <年份> 年政府信息公开工作年度报告`. It must contain the
    /// year, the agency (text before the year) and 政府信息公开工作年度报告. A report without
    /// any title line gets this warning at its start.
    ///
    /// A year in the prose that contradicts the title's, in a sentence about this year's work
    /// (`2022年我局收到…` in a 2023 report), is reported at info severity.
    ///
    /// ## Why
    /// Offices file and aggregate reports by agency and year read from the title; copied
    /// reports keep last year's year in their sentences.
    ///
    /// ## Example
    /// `政府信息公开工作年度报告` alone gives `标题缺少年份、机关名称`.
    ///
    /// ## Fix
    /// None.
    pub static NB308 = Rule {
        code: "NB308",
        name: "title",
        severity: Warning,
        fix: None,
        summary_zh: "标题含机关、年份和“政府信息公开工作年度报告”",
        summary_en: "the title names agency, year and 政府信息公开工作年度报告",
        words: ["年"],
        check: check,
    };
    doc_zh {
        /// 检查标题行：`<机关名称> <年份> 年政府信息公开工作年度报告`。标题必须包含年份、机关
        /// 名称（年份前面的文字）和“政府信息公开工作年度报告”。完全没有标题行的报告，在开头
        /// 处给出这一警告。
        ///
        /// 正文中谈本年工作的句子里出现与标题不一致的年份（2023 年度报告中的
        /// `2022年我局收到…`），以提示级别报告。
        ///
        /// ## 为什么
        /// 各单位按标题中的机关和年份归档、汇总报告；照抄的报告在句子里还留着上年的年份。
        ///
        /// ## 示例
        /// 标题只有 `政府信息公开工作年度报告`，提示 `标题缺少年份、机关名称`。
        ///
        /// ## 修复
        /// 无。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    NoTitle,
    /// What the title lacks: some of `Year`, `Agency`, `ReportWords`.
    TitleLacks {
        missing: &'a [Msg<'a>],
    },
    Year,
    Agency,
    ReportWords,
    /// A year `y` in a sentence about this year's work, in a report for `year`.
    OtherYear {
        y: u32,
        year: u32,
    },
    /// The related location of `OtherYear`.
    Title,
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        let words = |zh: &str, en: &str| lang.pick(zh, en).to_owned();
        match *self {
            Msg::NoTitle => words(
                "缺少标题“<机关名称><年份>年政府信息公开工作年度报告”",
                "no title line “<agency> <year> 年政府信息公开工作年度报告”",
            ),
            Msg::TitleLacks { missing } => {
                let missing = missing.iter().map(|m| m.text(lang)).collect::<Vec<_>>().join(lang.pick("、", ", "));
                lang.pick(format!("标题缺少{missing}"), format!("the title lacks {missing}"))
            }
            Msg::Year => words("年份", "the year"),
            Msg::Agency => words("机关名称", "the agency"),
            Msg::ReportWords => words("“政府信息公开工作年度报告”", "“政府信息公开工作年度报告”"),
            Msg::OtherYear { y, year } => lang.pick(
                format!("正文中的年份 {y} 与标题年份 {year} 不一致"),
                format!("the year {y} in the prose differs from the title's {year}"),
            ),
            Msg::Title => words("标题", "title"),
        }
    }
}

const THIS_YEAR_VERBS: &[&str] = &["收到", "受理", "共收到", "共受理", "主动公开", "发布", "新收"];

/// Whether a title names the report (`政府信息公开工作年度报告`), spaces ignored.
fn names_report(title: &str) -> bool {
    let words = finder!("政府信息公开工作年度报告");
    // Usually written as is: no copy without the spaces needed.
    words.find(title.as_bytes()).is_some() || words.find(without_whitespace(title).as_bytes()).is_some()
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(title) = &ctx.report.title else {
        let first = ctx.text.find(|c: char| !c.is_whitespace() && c != '\u{FEFF}').unwrap_or(0);
        let end = ctx.text[first..].find(['\n', '\r']).map_or(ctx.text.len(), |i| first + i);
        out.push(NB308.diag(first..end, Msg::NoTitle.text(ctx.lang), None));
        return;
    };
    let missing: Vec<Msg> = [
        (title.year.is_none(), Msg::Year),
        (title.agency.is_none(), Msg::Agency),
        (!names_report(&ctx.text[title.span.clone()]), Msg::ReportWords),
    ]
    .into_iter()
    .filter(|(m, _)| *m)
    .map(|(_, w)| w)
    .collect();
    if !missing.is_empty() {
        let message = Msg::TitleLacks { missing: &missing }.text(ctx.lang);
        out.push(NB308.diag(title.span.clone(), message, None));
    }
    let Some(year) = title.year else { return };
    for (para, nian) in ctx.marks.in_paragraphs("年", ctx.paragraphs) {
        let p = &ctx.text[para.clone()];
        for i in nian.iter().map(|at| at - para.start) {
            // Exactly four ASCII digits (then spaces) before 年.
            let head = p[..i].trim_end();
            let hb = head.as_bytes();
            let n = hb.iter().rev().take_while(|c| c.is_ascii_digit()).count();
            if n != 4 {
                continue;
            }
            let y = hb[hb.len() - 4..].iter().fold(0u32, |v, d| v * 10 + u32::from(d - b'0'));
            if y == year || y == 0 {
                continue;
            }
            // Only a sentence about this year's work: 2022年(度)(我局|本单位|全市)…收到….
            let tail = first_chars(&p[i + '年'.len_utf8()..], 12);
            let speaks_of_work = (tail.starts_with('我')
                || tail.starts_with('本')
                || tail.starts_with("度我")
                || tail.starts_with("度本")
                || tail.starts_with('全'))
                && THIS_YEAR_VERBS.iter().any(|v| tail.contains(v));
            if !speaks_of_work {
                continue;
            }
            let start = para.start + head.len() - 4;
            let message = Msg::OtherYear { y, year }.text(ctx.lang);
            let mut d = NB308.diag_related(
                start..start + 4,
                message,
                None,
                vec![Related { span: title.span.clone(), message: Msg::Title.text(ctx.lang) }],
            );
            d.severity = Severity::Info;
            out.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::Severity;

    #[test]
    fn title_without_year_and_agency() {
        let text = SEED_002.replace("孟州市人民政府 2023 年政府信息公开工作年度报告", "政府信息公开工作年度报告");
        assert_eq!(codes(&text), vec!["NB308"]);
    }

    #[test]
    fn contradicting_year_in_prose_is_info() {
        let text = SEED_000.replace("2023 年我局收到", "2022 年我局收到");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB308"]);
        assert_eq!(ds[0].severity, Severity::Info);
    }

    #[test]
    fn near_miss_last_years_problems() {
        // "对于2022年存在的问题" speaks of last year on purpose.
        assert!(codes(SEED_000).is_empty());
    }
}
