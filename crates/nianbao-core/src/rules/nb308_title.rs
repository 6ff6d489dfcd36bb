//! NB308 title: the title names the agency, the year and 政府信息公开工作年度报告.

use super::Context;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::normalize::first_chars;
use crate::parse::title::WORDING;
use crate::Lang;

crate::declare_rule! {
    /// Checks the title: `<机关名称> <年份> 年政府信息公开工作年度报告`. It must name the year,
    /// the agency and the report in the format's words. The title is read from its words
    /// wherever its year and agency stand (`2024年上海市科委政府信息公开工作年度报告`: the agency
    /// is what stands between `<年份>年` and the wording) and over the lines of a centred title
    /// (the agency on the line above, or year and agency above the wording); page furniture
    /// before it (breadcrumbs, `发布时间:`) is never the title. A near-miss wording
    /// (`政府信息公开工作报告`, `信息公开工作年度报告`) is named with the words it lacks.
    ///
    /// A report read by its tables with no title in its text gets an info finding at its start:
    /// a web page's headline stands outside the article text, so the title may be there.
    ///
    /// A year in the prose that contradicts the title's, in a sentence about this year's work
    /// (`2022年我局收到…` in a 2023 report), is reported at info severity.
    ///
    /// ## Why
    /// Offices file and aggregate reports by agency and year read from the title; copied
    /// reports keep last year's year in their sentences.
    ///
    /// ## Example
    /// `政府信息公开工作年度报告` alone gives `标题缺少年份、机关名称`;
    /// `自然资源部2024年政府信息公开工作报告` gives
    /// `标题中的“政府信息公开工作报告”应为“政府信息公开工作年度报告”（缺少“年度”）`.
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
        /// 检查标题：`<机关名称> <年份> 年政府信息公开工作年度报告`。标题必须写明年份、机关名称，
        /// 并按格式写出报告名称。标题按其文字读取，不论年份和机关名称写在哪里
        /// （`2024年上海市科委政府信息公开工作年度报告`：年份在前，`<年份>年`与报告名称之间即是
        /// 机关名称），也不论居中排成几行（机关名称在上一行，或年份和机关名称在报告名称的上一行）；
        /// 标题前的网页栏目（导航路径、`发布时间:`）不会被当作标题。报告名称写得相近而不同
        /// （`政府信息公开工作报告`、`信息公开工作年度报告`）时，指出缺少的字。
        ///
        /// 正文中没有标题、凭表格认作年报的文本，在开头处给出提示：网页的标题常在正文之外，
        /// 标题未必真的缺少。
        ///
        /// 正文中谈本年工作的句子里出现与标题不一致的年份（2023 年度报告中的
        /// `2022年我局收到…`），以提示级别报告。
        ///
        /// ## 为什么
        /// 各单位按标题中的机关和年份归档、汇总报告；照抄的报告在句子里还留着上年的年份。
        ///
        /// ## 示例
        /// 标题只有 `政府信息公开工作年度报告`，提示 `标题缺少年份、机关名称`；
        /// `自然资源部2024年政府信息公开工作报告` 提示
        /// `标题中的“政府信息公开工作报告”应为“政府信息公开工作年度报告”（缺少“年度”）`。
        ///
        /// ## 修复
        /// 无。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    NoTitle,
    /// What the title lacks: some of `Year`, `Agency`.
    TitleLacks {
        missing: &'a [Msg<'a>],
    },
    Year,
    Agency,
    /// A near-miss wording and the runs of the format's wording it lacks (none when it differs
    /// otherwise).
    Wording {
        wording: &'a str,
        lacks: &'a [String],
    },
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
            Msg::Wording { wording, lacks } => {
                let lacks = match (lacks.is_empty(), lang) {
                    (true, _) => String::new(),
                    (false, Lang::Zh) => format!("（缺少{}）", quoted(lacks, "")),
                    (false, Lang::En) => format!(" (lacking {})", quoted(lacks, ", ")),
                };
                lang.pick(
                    format!("标题中的“{wording}”应为“{WORDING}”{lacks}"),
                    format!("the title's “{wording}” should be “{WORDING}”{lacks}"),
                )
            }
            Msg::OtherYear { y, year } => lang.pick(
                format!("正文中的年份 {y} 与标题年份 {year} 不一致"),
                format!("the year {y} in the prose differs from the title's {year}"),
            ),
            Msg::Title => words("标题", "title"),
        }
    }
}

const THIS_YEAR_VERBS: &[&str] = &["收到", "受理", "共收到", "共受理", "主动公开", "发布", "新收"];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(title) = &ctx.report.title else {
        // A report read by its tables whose title is not in the text: a web page's headline
        // stands outside the article's text, so a missing title may not be missing (info).
        let first = ctx.text.find(|c: char| !c.is_whitespace() && c != '\u{FEFF}').unwrap_or(0);
        let end = ctx.text[first..].find(['\n', '\r']).map_or(ctx.text.len(), |i| first + i);
        let mut d = NB308.diag(first..end, Msg::NoTitle.text(ctx.lang), None);
        d.severity = Severity::Info;
        out.push(d);
        return;
    };
    let missing: Vec<Msg> = [(title.year.is_none(), Msg::Year), (title.agency.is_none(), Msg::Agency)]
        .into_iter()
        .filter(|(m, _)| *m)
        .map(|(_, w)| w)
        .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(Msg::TitleLacks { missing: &missing }.text(ctx.lang));
    }
    // A near-miss wording (`政府信息公开工作报告`): named, with the words it lacks.
    if !title.worded_as_format() {
        let lacks = lacking(&title.wording);
        parts.push(Msg::Wording { wording: &title.wording, lacks: &lacks }.text(ctx.lang));
    }
    if !parts.is_empty() {
        out.push(NB308.diag(title.span.clone(), parts.join(ctx.lang.pick("；", "; ")), None));
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

/// The runs of the format's wording a near-miss lacks, when it is the wording with words left
/// out (`政府信息公开工作报告` lacks `年度`); empty when it differs otherwise (`…年报`).
fn lacking(wording: &str) -> Vec<String> {
    let mut have = wording.chars().peekable();
    let mut runs: Vec<String> = Vec::new();
    let mut run = String::new();
    for c in WORDING.chars() {
        if have.next_if_eq(&c).is_some() {
            if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
        } else {
            run.push(c);
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    if have.next().is_some() || runs.iter().any(|r| r == "告" || r == "度") {
        return Vec::new();
    }
    runs
}

/// The words, each in “”, joined by `sep`.
fn quoted(words: &[String], sep: &str) -> String {
    words.iter().map(|w| format!("“{w}”")).collect::<Vec<_>>().join(sep)
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
    fn a_report_without_a_title_in_its_text_gets_an_info() {
        // A web page's text whose headline (the title) stands outside it, read as a report by
        // its tables: the title may well be there, so the missing title is only a note.
        let text = SEED_002.replacen(
            "孟州市人民政府 2023 年政府信息公开工作年度报告",
            "根据《条例》，现将我办年度报告公布如下。",
            1,
        );
        let report = crate::parse::parse(&text);
        assert!(report.title.is_none() && report.is_report());
        let found: Vec<_> = crate::check(&text, &Default::default())
            .into_iter()
            .filter(|d| d.rule.code == "NB308")
            .map(|d| (d.severity, d.message))
            .collect();
        assert_eq!(found, [(Severity::Info, "缺少标题“<机关名称><年份>年政府信息公开工作年度报告”".to_string())]);
    }

    #[test]
    fn near_miss_last_years_problems() {
        // "对于2022年存在的问题" speaks of last year on purpose.
        assert!(codes(SEED_000).is_empty());
    }
}
