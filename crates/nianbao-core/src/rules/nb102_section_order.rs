//! NB102 section-order: the six sections appear once each, in order.

use super::Context;
use crate::diagnostic::{Diagnostic, Related};
use crate::variant;
use crate::Lang;

crate::declare_rule! {
    /// Checks that each section heading appears once and after the sections before it
    /// (一 → 六). The sections a local layout adds (Shanghai's 二、工作机制保障 …) belong after 一
    /// and before the statutory 二; numbering the statutory sections again from 一 after them,
    /// as Shanghai reports do, is not a repetition.
    ///
    /// ## Why
    /// Reviewers and aggregating offices read reports by position; a section pasted twice or
    /// moved is usually a copy-and-paste accident.
    ///
    /// ## Example
    /// `六、其他需要报告的事项` followed later by `五、存在的主要问题及改进情况` gives
    /// `“五、存在的主要问题及改进情况”应在“六、其他需要报告的事项”之前`.
    ///
    /// ## Fix
    /// None: moving text is left to the author.
    pub static NB102 = Rule {
        code: "NB102",
        name: "section-order",
        severity: Warning,
        fix: None,
        summary_zh: "各部分不重复且顺序正确",
        summary_en: "sections appear once, in order",
        check: check,
    };
    doc_zh {
        /// 检查每个部分的标题只出现一次，并且排在它前面各部分之后（一 → 六）。地方版式增设的
        /// 部分（上海的二、工作机制保障……）应在一之后、法定的二之前；像上海的报告那样在增设
        /// 部分之后把法定部分重新从一编号，不算重复。
        ///
        /// ## 为什么
        /// 审核人员和汇总单位按位置阅读报告；某个部分被粘贴了两次或被挪了位置，通常是复制
        /// 粘贴时的失误。
        ///
        /// ## 示例
        /// `六、其他需要报告的事项` 之后又出现 `五、存在的主要问题及改进情况`，提示
        /// `“五、存在的主要问题及改进情况”应在“六、其他需要报告的事项”之前`。
        ///
        /// ## 修复
        /// 无：移动文字由作者处理。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    Repeated {
        heading: &'a str,
    },
    /// The related location of `Repeated`.
    First,
    Before {
        heading: &'a str,
        other: &'a str,
    },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Repeated { heading } => {
                lang.pick(format!("“{heading}”重复出现"), format!("“{heading}” appears more than once"))
            }
            Msg::First => lang.pick("首次出现", "first occurrence").to_owned(),
            Msg::Before { heading, other } => {
                lang.pick(format!("“{heading}”应在“{other}”之前"), format!("“{heading}” should come before “{other}”"))
            }
        }
    }
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let sections = &ctx.report.sections;
    let name = |s: &crate::model::Section| variant::section_heading(ctx.report, ctx.text, s);
    // First occurrence of each section (the six by id, added ones by which), and the one of
    // the highest rank seen so far.
    let same = |a: &crate::model::Section, b: &crate::model::Section| a.id == b.id && a.part == b.part;
    let mut first: Vec<usize> = Vec::with_capacity(sections.len());
    let mut highest: Option<usize> = None;
    for (i, s) in sections.iter().enumerate() {
        // Headings are named only for a finding (most reports have none).
        if let Some(&f) = first.iter().find(|&&f| same(&sections[f], s)) {
            let heading = name(s);
            let message = Msg::Repeated { heading: &heading }.text(ctx.lang);
            let related = vec![Related { span: sections[f].heading.clone(), message: Msg::First.text(ctx.lang) }];
            out.push(NB102.diag_related(s.heading.clone(), message, None, related));
            continue;
        }
        first.push(i);
        match highest {
            Some(h) if variant::rank(&sections[h]) > variant::rank(s) => {
                // The lowest-ranked section already seen that should come after this one.
                let later = first
                    .iter()
                    .copied()
                    .filter(|&k| k < i && variant::rank(&sections[k]) > variant::rank(s))
                    .min_by_key(|&k| (variant::rank(&sections[k]), k))
                    .unwrap_or(h);
                let heading = name(s);
                let other = name(&sections[later]);
                let message = Msg::Before { heading: &heading, other: &other }.text(ctx.lang);
                let related = vec![Related { span: sections[later].heading.clone(), message: other }];
                out.push(NB102.diag_related(s.heading.clone(), message, None, related));
            }
            _ => highest = Some(i),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn swapped_sections_are_found() {
        let a = SEED_002.find("五、存在的主要问题").unwrap();
        let b = SEED_002.find("六、其他需要报告").unwrap();
        let text = format!("{}{}\n{}", &SEED_002[..a], &SEED_002[b..], &SEED_002[a..b]);
        assert_eq!(codes(&text), vec!["NB102"]);
    }

    #[test]
    fn duplicated_section_is_found() {
        let text = format!("{SEED_002}\n六、其他需要报告的事项\n无。\n");
        assert_eq!(codes(&text), vec!["NB102"]);
    }

    #[test]
    fn added_section_after_the_tables_is_out_of_order() {
        const SH: &str = include_str!("../../../../tests/fixtures/cases/ok-shanghai-layout.txt");
        let a = SH.find("五、政府信息管理").unwrap();
        let b = SH.find("六、政府信息公开平台建设").unwrap();
        let text = format!("{}{}\n{}", &SH[..a], &SH[b..], &SH[a..b]);
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB102"]);
        assert_eq!(ds[0].message, "“五、政府信息管理”应在“一、主动公开政府信息情况”之前");
    }

    #[test]
    fn near_miss_table_row_starting_with_numeral_is_not_a_section() {
        // 四、结转下年度继续办理 (a table-三 row) sits before section 四: no order warning.
        assert!(codes(SEED_002).is_empty());
    }
}
