//! NB101 missing-section: each of the six canonical sections is present.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::variant;
use crate::Lang;

crate::declare_rule! {
    /// Checks that all six sections of the national format are present: 一、总体情况,
    /// 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况,
    /// 四、政府信息公开行政复议、行政诉讼情况, 五、存在的主要问题及改进情况,
    /// 六、其他需要报告的事项. Headings are recognised by their wording, whatever their width,
    /// punctuation or stray spaces.
    ///
    /// In a report in a local layout (nianbao.toml `format`, or detected) the sections are
    /// named and inserted as that layout numbers them: a Shanghai report that numbers the
    /// statutory sections again from 一 after its added sections (二、工作机制保障 …) is missing
    /// “四、存在的主要问题及改进情况”, not “五、…”. The added sections are optional: a topic of
    /// 一 that none of them covers is NB103's.
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
    /// canonical blank table (unless the table is already there without its heading). When the
    /// section's text is there without its heading (`（一）主动公开…` right under the title, or
    /// after table 四 where 五 belongs), the heading goes before that text.
    pub static NB101 = Rule {
        code: "NB101",
        name: "missing-section",
        severity: Error,
        fix: Unsafe,
        summary_zh: "六个部分齐全",
        summary_en: "all six sections are present",
        check: check,
    };
    doc_zh {
        /// 检查国家格式的六个部分是否齐全：一、总体情况，二、主动公开政府信息情况，
        /// 三、收到和处理政府信息公开申请情况，四、政府信息公开行政复议、行政诉讼情况，
        /// 五、存在的主要问题及改进情况，六、其他需要报告的事项。标题按文字识别，全角半角、
        /// 标点和多余的空格都不影响识别。
        ///
        /// 按地方版式撰写的报告（nianbao.toml 的 `format`，或自动识别），按该版式的编号称呼和
        /// 插入缺少的部分：上海的报告在增设部分（二、工作机制保障……）之后把法定部分重新从一
        /// 编号，缺少的就是“四、存在的主要问题及改进情况”，而不是“五、……”。增设部分可以
        /// 省略：一的某个方面在增设部分中都没有涉及的，由 NB103 提示。
        ///
        /// ## 为什么
        /// 格式是强制的（国办公开办函〔2021〕30号），缺少一个部分就是不合规。
        ///
        /// ## 示例
        /// 报告从四、……直接跳到六、其他需要报告的事项，会在“六”的标题处提示
        /// `缺少第五部分“五、存在的主要问题及改进情况”`。
        ///
        /// ## 修复
        /// 不安全修复：在该部分应在的位置插入规范标题；第二、三、四部分同时插入规范的空白
        /// 表格（表格已经存在、只缺标题的除外）。该部分的正文还在、只缺标题时（标题下面直接是
        /// `（一）主动公开…`，或表四之后直接是第五部分的内容），标题插在这段正文之前。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// One of the six sections, named and numbered as the report numbers them.
    Missing { numeral: &'a str, heading: &'a str, id: u8 },
    /// A section a local layout adds.
    MissingAdded { heading: &'a str },
    /// The fix's title.
    Insert { heading: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Missing { numeral, heading, id } => {
                let n = numeral.chars().next().and_then(crate::normalize::numeral_value).unwrap_or(id);
                lang.pick(format!("缺少第{numeral}部分“{heading}”"), format!("section {n} “{heading}” is missing"))
            }
            Msg::MissingAdded { heading } => {
                lang.pick(format!("缺少“{heading}”"), format!("section “{heading}” is missing"))
            }
            Msg::Insert { heading } => lang.pick(format!("插入“{heading}”"), format!("Insert “{heading}”")),
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let report = ctx.report;
    let eol = report.line_ending;
    let template = report.template();
    for tpl in template.sections {
        if report.section(tpl.id).is_some() {
            continue;
        }
        let table = template.section_table(tpl.id).and_then(|k| report.table(k));
        // Where it belongs: before its own table if that exists, else before the first later
        // section (a variant's added sections come after 一).
        let next = report.sections.iter().filter(|s| variant::rank(s) > (tpl.id, 0)).min_by_key(|s| s.heading.start);
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
        let heading = variant::heading(report, ctx.text, tpl.id);
        // Its text may be there without its heading (`（一）主动公开…` under the title): the
        // heading goes before that text, not after it.
        let orphan = if table.is_none() { orphaned_text(ctx, tpl.id, at) } else { None };
        let at = orphan.unwrap_or(at);
        let mut insert = if orphan.is_some() {
            format!("{heading}{eol}")
        } else if table.is_some() {
            format!("{heading}{eol}{eol}")
        } else {
            // The blank section, under the heading as this report numbers it.
            format!("{heading}{}", &template.render_section(tpl.id, eol)[tpl.heading().len()..])
        };
        if at == ctx.text.len() && !ctx.text.is_empty() && !ctx.text.ends_with(['\n', '\r']) {
            insert = format!("{eol}{eol}{insert}");
        }
        let numeral = variant::numeral(report, ctx.text, tpl.id);
        let message = Msg::Missing { numeral, heading: &heading, id: tpl.id }.text(ctx.lang);
        let fix = Fix {
            applicability: Applicability::Unsafe,
            title: Msg::Insert { heading: &heading }.text(ctx.lang),
            edits: vec![Edit::insert(at, insert)],
        };
        out.push(NB101.diag(span, message, Some(fix)));
    }
    for (i, added) in missing_added(report, report.format.variant()) {
        // Where it belongs: before the next added section found, else before 二.
        let next = report
            .sections
            .iter()
            .filter(|s| s.part.is_some_and(|p| p.index as usize > i) || variant::rank(s) > (1, 1))
            .min_by_key(|s| s.heading.start);
        let Some(next) = next else { continue };
        let heading = added.heading();
        let message = Msg::MissingAdded { heading: &heading }.text(ctx.lang);
        let fix = Fix {
            applicability: Applicability::Unsafe,
            title: Msg::Insert { heading: &heading }.text(ctx.lang),
            edits: vec![Edit::insert(next.body.start, format!("{heading}{eol}{eol}"))],
        };
        out.push(NB101.diag(next.heading.clone(), message, Some(fix)));
    }
}

/// The added sections `v` does not let a report leave out that it lacks, when the report is in
/// `v`'s layout (has any of its added sections).
/// Where the text of missing section `id` starts when it is there without its heading: the line
/// of its first part, `（一）…`, the last such line before `at` (where the heading would go
/// otherwise) and after the section before it — after its table, for a table section; after the
/// title, for 一. `None` when the section before is prose: its own `（一）` could not be told
/// from the missing one's.
fn orphaned_text(ctx: &Context, id: crate::model::SectionId, at: usize) -> Option<usize> {
    let report = ctx.report;
    let before = report.sections.iter().filter(|s| variant::rank(s) < (id, 0)).max_by_key(|s| s.heading.start);
    let from = match before {
        Some(s) => {
            let table = report.template().section_table(s.id).and_then(|k| report.table(k))?;
            if !s.body.contains(&table.span.start) {
                return None;
            }
            table.span.end
        }
        None => report.title.as_ref().map_or(0, |t| t.span.end),
    };
    let in_table = |i: usize| report.tables.iter().any(|t| t.span.contains(&i));
    report
        .lines
        .iter()
        .filter(|l| l.start >= from && l.start < at && !in_table(l.start))
        .filter(|l| {
            let mut cs =
                crate::normalize::trim_start_space(&ctx.text[(*l).clone()]).chars().map(crate::normalize::narrow);
            (cs.next(), cs.next(), cs.next()) == (Some('('), Some('一'), Some(')'))
        })
        .map(|l| crate::lines::line_start_at(ctx.text, l.start))
        .next_back()
}

fn missing_added<'v>(
    report: &'v crate::Report,
    v: &'v variant::Variant,
) -> impl Iterator<Item = (usize, &'v variant::AddedSection)> {
    let found = |i: usize| {
        report.sections.iter().any(|s| s.part.is_some_and(|p| p.format == v.format && p.index as usize == i))
    };
    let in_layout = report.sections.iter().any(|s| s.part.is_some_and(|p| p.format == v.format));
    v.added.iter().enumerate().filter(move |(i, a)| in_layout && !a.optional && !found(*i))
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

    const SH: &str = include_str!("../../../../tests/fixtures/cases/ok-shanghai-layout.txt");

    #[test]
    fn missing_section_of_a_shanghai_report_is_named_and_inserted_as_it_numbers_them() {
        let text = drop_section(SH, "四、存在的主要问题", "五、其他需要报告");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB101"]);
        assert_eq!(ds[0].message, "缺少第四部分“四、存在的主要问题及改进情况”");
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        assert!(fixed.contains("四、存在的主要问题及改进情况\n\n五、"));
        assert!(codes(&fixed).is_empty(), "{:?}", codes(&fixed));
    }

    #[test]
    fn a_required_added_section_is_missing_only_in_the_variant_layout() {
        use crate::variant::{AddedSection, Variant, SHANGHAI};
        static ADDED: [AddedSection; 1] = [AddedSection {
            numeral: "二",
            title: "工作机制保障",
            keywords: &[],
            not: &[],
            stands_for: 1,
            topic: None,
            alias_of: None,
            optional: false,
        }];
        let strict = Variant { added: &ADDED, ..SHANGHAI };
        let without = drop_section(SH, "二、工作机制保障", "三、主动公开工作情况");
        let r = crate::parse::parse(&without);
        assert_eq!(super::missing_added(&r, &strict).map(|(_, a)| a.title).collect::<Vec<_>>(), ["工作机制保障"]);
        let r = crate::parse::parse(SH);
        assert_eq!(super::missing_added(&r, &strict).count(), 0);
        // A report in the national layout lacks nothing of the variant's.
        let r = crate::parse::parse(SEED_002);
        assert_eq!(super::missing_added(&r, &strict).count(), 0);
    }

    #[test]
    fn a_missing_heading_goes_before_its_orphaned_text() {
        // 一、总体情况 missing, its text （一）主动公开… still there under the title.
        let text = SEED_002.replacen("一、总体情况\n", "", 1);
        assert_eq!(codes(&text), vec!["NB101"]);
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        let at = fixed.find("一、总体情况").expect("the heading inserted");
        let part = fixed.find("(一) 主动公开").unwrap();
        assert!(at < part && fixed[at..part].trim() == "一、总体情况", "{}", &fixed[..part + 20]);
        assert!(codes(&fixed).is_empty(), "{:?}", codes(&fixed));
        // 五 missing after table 四, its （一）… there: before that text too.
        let five = SEED_002.find("五、存在的主要问题").unwrap();
        let eol = five + SEED_002[five..].find('\n').unwrap();
        let text = format!("{}（一）存在的问题{}", &SEED_002[..five], &SEED_002[eol..]);
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        assert!(fixed.contains("五、存在的主要问题及改进情况\n（一）存在的问题"), "{}", &fixed[five - 40..five + 200]);
    }

    #[test]
    fn near_miss_heading_with_spaces_and_width() {
        let text = SEED_002.replace("五、存在的主要问题及改进情况", "五、 存在的主要问题 及改进情况");
        assert!(codes(&text).is_empty());
    }
}
