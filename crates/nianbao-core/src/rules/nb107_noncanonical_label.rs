//! NB107 noncanonical-label: headings and row labels use the canonical wording.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::fix::{Applicability, Edit, Fix};
use crate::model::TableKind;
use crate::normalize::{enumerator_len, label_key};
use crate::template;
use crate::Lang;

crate::declare_rule! {
    /// Checks that section headings and the row labels of tables 二 and 三 use the canonical
    /// wording of the format. Differences in punctuation, width and spacing do not count
    /// (`(一) 予以公开` = `（一）予以公开`); words do (`行政法复议`, `其他法律行政止公开`).
    /// The sections a local layout adds are held to that layout's wording (Shanghai:
    /// 工作机制保障, 主动公开工作情况, 政府信息公开申请情况, 政府信息管理, 政府信息公开平台建设);
    /// the enumerator is not checked, so the layout's own numbering passes.
    ///
    /// ## Why
    /// Mistyped labels are copied from report to report and make the report look careless;
    /// reviewers match rows by their wording.
    ///
    /// ## Example
    /// `四、政府信息公开行政法复议、行政诉讼情况` gives
    /// `标题与规范表述不一致，应为“政府信息公开行政复议、行政诉讼情况”`.
    ///
    /// ## Fix
    /// Unsafe: replaces the wording after the enumerator with the canonical one.
    pub static NB107 = Rule {
        code: "NB107",
        name: "noncanonical-label",
        severity: Warning,
        fix: Unsafe,
        summary_zh: "标题和行名使用规范表述",
        summary_en: "headings and row labels use the canonical wording",
        check: check,
    };
    doc_zh {
        /// 检查各部分标题以及表二、表三的行名是否使用格式的规范表述。标点、全角半角和空格的
        /// 差异不计（`(一) 予以公开` 等同于 `（一）予以公开`）；文字的差异要计（`行政法复议`、
        /// `其他法律行政止公开`）。地方版式增设的部分按该版式的表述检查（上海：工作机制保障、
        /// 主动公开工作情况、政府信息公开申请情况、政府信息管理、政府信息公开平台建设）；序号
        /// 不检查，所以版式自己的编号可以通过。
        ///
        /// ## 为什么
        /// 写错的行名会年复一年地被照抄，显得报告不严谨；审核人员也是按文字对照各行的。
        ///
        /// ## 示例
        /// `四、政府信息公开行政法复议、行政诉讼情况` 提示
        /// `标题与规范表述不一致，应为“政府信息公开行政复议、行政诉讼情况”`。
        ///
        /// ## 修复
        /// 不安全修复：把序号后面的文字替换为规范表述。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// What differs: a heading or a row label (`Heading`, `RowLabel`).
    Differs {
        what: &'a str,
        canonical: &'a str,
    },
    Heading,
    RowLabel,
    /// The fix's title.
    ChangeTo {
        canonical: &'a str,
    },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Differs { what, canonical } => lang.pick(
                format!("{what}与规范表述不一致，应为“{canonical}”"),
                format!("{what} differs from the canonical wording “{canonical}”"),
            ),
            Msg::Heading => lang.pick("标题", "heading").to_owned(),
            Msg::RowLabel => lang.pick("行名", "row label").to_owned(),
            Msg::ChangeTo { canonical } => lang.pick(format!("改为“{canonical}”"), format!("Change to “{canonical}”")),
        }
    }
}

/// The canonical row labels of tables 二 and 三 without their enumerators (`予以公开`), by row
/// id, computed once per program rather than for every row of every report.
static CANONICAL: std::sync::LazyLock<[Vec<&'static str>; 2]> = std::sync::LazyLock::new(|| {
    [TableKind::Two, TableKind::Three]
        .map(|kind| kind.template().rows.iter().map(|t| &t.label[enumerator_len(t.label)..]).collect())
});

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    for s in &ctx.report.sections {
        // A section a local layout adds has that layout's wording (二、工作机制保障).
        let title = s.part.map_or(template::section(s.id).title, |p| p.added().title);
        let written = &ctx.text[s.core.clone()];
        if written == title || label_key(written) == label_key(title) {
            continue;
        }
        push(ctx, out, s.core.clone(), title, Msg::Heading);
    }
    for kind in [TableKind::Two, TableKind::Three] {
        let Some(table) = ctx.report.table(kind) else {
            continue;
        };
        for row in &table.rows {
            if row.label.is_empty() {
                continue;
            }
            let tpl = row.template(kind);
            let canonical = CANONICAL[usize::from(kind == TableKind::Three)][row.id];
            let written = &ctx.text[row.label.clone()];
            if written == canonical || label_key(written).contains(tpl.core) {
                continue;
            }
            push(ctx, out, row.label.clone(), canonical, Msg::RowLabel);
        }
    }
}

fn push(ctx: &Context, out: &mut Vec<Diagnostic>, span: std::ops::Range<usize>, canonical: &str, what: Msg) {
    let message = Msg::Differs { what: &what.text(ctx.lang), canonical }.text(ctx.lang);
    let fix = Fix {
        applicability: Applicability::Unsafe,
        title: Msg::ChangeTo { canonical }.text(ctx.lang),
        edits: vec![Edit::replace(span.clone(), canonical)],
    };
    out.push(NB107.diag(span, message, Some(fix)));
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::fix::{fix_text, FixMode};

    #[test]
    fn heading_typo_is_found_and_fixed() {
        let text = SEED_002.replace("四、政府信息公开行政复议", "四、政府信息公开行政法复议");
        assert_eq!(codes(&text), vec!["NB107"]);
        let fixed = fix_text(&text, &Default::default(), FixMode::Unsafe).unwrap();
        assert_eq!(fixed, SEED_002);
    }

    #[test]
    fn row_label_typo_is_found() {
        let text = SEED_002.replace("2. 其他法律行政法规禁止公开", "2. 其他法律行政止公开");
        assert_eq!(codes(&text), vec!["NB107"]);
    }

    #[test]
    fn shanghai_added_heading_is_held_to_its_wording() {
        const SH: &str = include_str!("../../../../tests/fixtures/cases/ok-shanghai-layout.txt");
        let text = SH.replace("六、政府信息公开平台建设", "六、政府信息公开平台建设工作");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB107"]);
        assert_eq!(ds[0].message, "标题与规范表述不一致，应为“政府信息公开平台建设”");
    }

    #[test]
    fn near_miss_width_and_punctuation() {
        let text = SEED_002.replace(
            "(二) 部分公开 (区分处理的, 只计这一情形, 不计其他情形)",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        );
        assert!(codes(&text).is_empty());
    }
}
