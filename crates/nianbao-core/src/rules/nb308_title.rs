//! NB308 title: the title names the agency, the year and 政府信息公开工作年度报告.

use super::Context;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::normalize::first_chars;
use crate::parse::title::WORDING;

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
}

const THIS_YEAR_VERBS: &[&str] = &["收到", "受理", "共收到", "共受理", "主动公开", "发布", "新收"];

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(title) = &ctx.report.title else {
        // A report read by its tables whose title is not in the text: a web page's headline
        // stands outside the article's text, so a missing title may not be missing (info).
        let first = ctx.text.find(|c: char| !c.is_whitespace() && c != '\u{FEFF}').unwrap_or(0);
        let end = ctx.text[first..].find(['\n', '\r']).map_or(ctx.text.len(), |i| first + i);
        let message = ctx.t(
            "缺少标题“<机关名称><年份>年政府信息公开工作年度报告”",
            "no title line “<agency> <year> 年政府信息公开工作年度报告”",
        );
        let mut d = NB308.diag(first..end, message.to_string(), None);
        d.severity = Severity::Info;
        out.push(d);
        return;
    };
    let missing: Vec<(&str, &str)> =
        [(title.year.is_none(), ("年份", "the year")), (title.agency.is_none(), ("机关名称", "the agency"))]
            .into_iter()
            .filter(|(m, _)| *m)
            .map(|(_, w)| w)
            .collect();
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(match ctx.lang {
            crate::Lang::Zh => format!("标题缺少{}", missing.iter().map(|m| m.0).collect::<Vec<_>>().join("、")),
            crate::Lang::En => {
                format!("the title lacks {}", missing.iter().map(|m| m.1).collect::<Vec<_>>().join(", "))
            }
        });
    }
    // A near-miss wording (`政府信息公开工作报告`): named, with the words it lacks.
    if !title.worded_as_format() {
        let lacks = lacking(&title.wording);
        parts.push(match ctx.lang {
            crate::Lang::Zh => format!(
                "标题中的“{}”应为“{WORDING}”{}",
                title.wording,
                if lacks.is_empty() {
                    String::new()
                } else {
                    format!("（缺少{}）", quoted(&lacks, "“", "”", ""))
                }
            ),
            crate::Lang::En => format!(
                "the title's “{}” should be “{WORDING}”{}",
                title.wording,
                if lacks.is_empty() {
                    String::new()
                } else {
                    format!(" (lacking {})", quoted(&lacks, "“", "”", ", "))
                }
            ),
        });
    }
    if !parts.is_empty() {
        let sep = ctx.t("；", "; ");
        out.push(NB308.diag(title.span.clone(), parts.join(sep), None));
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
            let message = match ctx.lang {
                crate::Lang::Zh => format!("正文中的年份 {y} 与标题年份 {year} 不一致"),
                crate::Lang::En => format!("the year {y} in the prose differs from the title's {year}"),
            };
            let mut d = NB308.diag_related(
                start..start + 4,
                message,
                None,
                vec![Related { span: title.span.clone(), message: ctx.t("标题", "title").into() }],
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

fn quoted(words: &[String], open: &str, close: &str, sep: &str) -> String {
    words.iter().map(|w| format!("{open}{w}{close}")).collect::<Vec<_>>().join(sep)
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
        let (arith, paragraphs) = (crate::arith::Arith::resolve(&report), crate::prose::paragraphs(&report));
        let marks = crate::prose::Marks::find(&text, &paragraphs);
        let ctx = super::super::Context {
            text: &text,
            report: &report,
            lang: crate::Lang::Zh,
            arith: &arith,
            previous: None,
            parts: &[],
            paragraphs: &paragraphs,
            marks: &marks,
            extracted: false,
        };
        let mut out = Vec::new();
        super::check(&ctx, &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!(
            (out[0].severity, out[0].message.as_str()),
            (Severity::Info, "缺少标题“<机关名称><年份>年政府信息公开工作年度报告”")
        );
    }

    #[test]
    fn near_miss_last_years_problems() {
        // "对于2022年存在的问题" speaks of last year on purpose.
        assert!(codes(SEED_000).is_empty());
    }
}
