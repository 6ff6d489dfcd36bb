//! NB101 missing-section: each of the six canonical sections is present.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::template::{self, SECTIONS};

crate::declare_rule! {
    /// Checks that all six sections of the national format are present: 一、总体情况,
    /// 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况,
    /// 四、政府信息公开行政复议、行政诉讼情况, 五、存在的主要问题及改进情况,
    /// 六、其他需要报告的事项. Headings are recognised by their wording, whatever their width,
    /// punctuation or stray spaces.
    ///
    /// ## Why
    /// The format is mandatory (国办公开办函〔2021〕30号); a dropped section is a compliance failure.
    ///
    /// ## Example
    /// A report that goes from 四、… straight to 六、其他需要报告的事项 gets
    /// `缺少第五部分“五、存在的主要问题及改进情况”` on the 六 heading.
    ///
    /// ## Fix
    /// Unsafe: inserts the canonical heading where the section belongs and, for 二/三/四, the
    /// canonical blank table (unless the table is already there without its heading).
    pub static NB101 = Rule {
        code: "NB101",
        name: "missing-section",
        severity: Error,
        fix: Unsafe,
        summary_zh: "六个部分齐全",
        summary_en: "all six sections are present",
        check: check,
    };
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report;
    let eol = report.line_ending;
    for tpl in &SECTIONS {
        if report.section(tpl.id).is_some() {
            continue;
        }
        let table = template::section_table(tpl.id).and_then(|k| report.table(k));
        // Where it belongs: before its own table if that exists, else before the first later section.
        let next = report.sections.iter().filter(|s| s.id > tpl.id).min_by_key(|s| s.heading.start);
        let (span, at) = match (table, next) {
            (Some(t), _) => {
                let start = crate::lines::line_start_at(ctx.text, t.span.start);
                (t.span.start..t.span.start, start)
            }
            (None, Some(s)) => (s.heading.clone(), s.body.start),
            (None, None) => {
                let end = ctx.text.trim_end().len();
                (end..end, ctx.text.len())
            }
        };
        let mut insert = if table.is_some() {
            format!("{}{eol}{eol}", tpl.heading())
        } else {
            template::render_section(tpl.id, eol)
        };
        if at == ctx.text.len() && !ctx.text.is_empty() && !ctx.text.ends_with(['\n', '\r']) {
            insert = format!("{eol}{eol}{insert}");
        }
        let heading = tpl.heading();
        let message = match ctx.lang {
            crate::Lang::Zh => format!("缺少第{}部分“{heading}”", tpl.numeral),
            crate::Lang::En => format!("section {} “{heading}” is missing", tpl.id),
        };
        let fix = Fix {
            applicability: Applicability::Unsafe,
            title: match ctx.lang {
                crate::Lang::Zh => format!("插入“{heading}”"),
                crate::Lang::En => format!("Insert “{heading}”"),
            },
            edits: vec![Edit::insert(at, insert)],
        };
        out.push(NB101.diag(span, message, Some(fix)));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::fix::{fix_text, FixMode};

    fn drop_section(text: &str, from: &str, to: &str) -> String {
        let a = text.find(from).unwrap();
        let b = text.find(to).unwrap();
        format!("{}{}", &text[..a], &text[b..])
    }

    #[test]
    fn missing_prose_section_is_found_and_inserted() {
        let text = drop_section(SEED_002, "五、存在的主要问题", "六、其他需要报告");
        assert_eq!(codes(&text), vec!["NB101"]);
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        assert!(fixed.contains("五、存在的主要问题及改进情况\n\n六、"));
        assert!(codes(&fixed).is_empty(), "{:?}", codes(&fixed));
    }

    #[test]
    fn missing_table_section_gets_heading_and_blank_table() {
        let text = drop_section(SEED_000, "四、政府信息公开行政复议", "五、存在的主要问题");
        assert_eq!(codes(&text), vec!["NB101"]);
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        assert!(codes(&fixed).is_empty(), "{:?}", codes(&fixed));
    }

    #[test]
    fn near_miss_heading_with_spaces_and_width() {
        let text = SEED_002.replace("五、存在的主要问题及改进情况", "五、 存在的主要问题 及改进情况");
        assert!(codes(&text).is_empty());
    }
}
