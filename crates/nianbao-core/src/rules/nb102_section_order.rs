//! NB102 section-order: the six sections appear once each, in order.

use super::Context;
use crate::diagnostic::{Diagnostic, Related};
use crate::template;

crate::declare_rule! {
    /// Checks that each section heading appears once and after the sections before it
    /// (一 → 六).
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
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let sections = &ctx.report.sections;
    // First occurrence of each section id, and the highest id seen so far (with its index).
    let mut first: [Option<usize>; 7] = [None; 7];
    let mut highest: Option<usize> = None;
    for (i, s) in sections.iter().enumerate() {
        let id = s.id as usize;
        let heading = template::section(s.id).heading();
        if let Some(f) = first[id] {
            let message = match ctx.lang {
                crate::Lang::Zh => format!("“{heading}”重复出现"),
                crate::Lang::En => format!("“{heading}” appears more than once"),
            };
            let related = vec![Related {
                span: sections[f].heading.clone(),
                message: ctx.t("首次出现", "first occurrence").into(),
            }];
            out.push(NB102.diag_related(s.heading.clone(), message, None, related));
            continue;
        }
        first[id] = Some(i);
        match highest {
            Some(h) if sections[h].id > s.id => {
                // The earliest-numbered section already seen that should come after this one.
                let later = (id + 1..7).find_map(|j| first[j].filter(|&k| k < i)).unwrap_or(h);
                let other = template::section(sections[later].id).heading();
                let message = match ctx.lang {
                    crate::Lang::Zh => format!("“{heading}”应在“{other}”之前"),
                    crate::Lang::En => format!("“{heading}” should come before “{other}”"),
                };
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
    fn near_miss_table_row_starting_with_numeral_is_not_a_section() {
        // 四、结转下年度继续办理 (a table-三 row) sits before section 四: no order warning.
        assert!(codes(SEED_002).is_empty());
    }
}
