//! NB103 missing-overview-topic: 一、总体情况 covers its five topics.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::normalize::norm;
use crate::template::OVERVIEW_TOPICS;
use crate::Lang;

crate::declare_rule! {
    /// Checks that section 一、总体情况 covers each of its five topics: 主动公开, 依申请公开,
    /// 政府信息管理, 政府信息公开平台建设 and 监督保障 (usually as （一）…（五） sub-headings,
    /// in free wording such as `（四）平台建设` or `(五) 监督保障情况`).
    ///
    /// In a local layout whose topics are sections of their own (Shanghai's 二、工作机制保障,
    /// 三、主动公开工作情况 …), those sections are part of 一: their text counts, and each covers
    /// its topic (工作机制保障 is 监督保障).
    ///
    /// ## Why
    /// The format asks for all five; evaluations deduct points for a missing one.
    ///
    /// ## Example
    /// An overview without any paragraph on platforms gets
    /// `一、总体情况未涉及“政府信息公开平台建设”`.
    ///
    /// ## Fix
    /// None: the author has to write the paragraph.
    pub static NB103 = Rule {
        code: "NB103",
        name: "missing-overview-topic",
        severity: Warning,
        fix: None,
        summary_zh: "总体情况涵盖五个方面",
        summary_en: "the overview covers its five topics",
        check: check,
    };
    doc_zh {
        /// 检查一、总体情况是否涵盖五个方面：主动公开、依申请公开、政府信息管理、政府信息公开
        /// 平台建设和监督保障（通常是（一）至（五）的小标题，措辞可以不同，如 `（四）平台建设`、
        /// `(五) 监督保障情况`）。
        ///
        /// 地方版式把这些方面单列为部分的（上海的二、工作机制保障，三、主动公开工作情况……），
        /// 这些部分属于一：其文字计入一，并且各自涵盖对应的方面（工作机制保障即监督保障）。
        ///
        /// ## 为什么
        /// 格式要求五个方面齐全；评估时缺少一项会扣分。
        ///
        /// ## 示例
        /// 总体情况中没有任何关于平台建设的段落，提示
        /// `一、总体情况未涉及“政府信息公开平台建设”`。
        ///
        /// ## 修复
        /// 无：需要作者补写相关段落。
    }
}

/// The rule's messages, Chinese and English side by side.
enum Msg<'a> {
    /// A topic of 一 (its Chinese and English names) the section does not cover.
    Uncovered { zh: &'a str, en: &'a str },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::Uncovered { zh, en } => {
                lang.pick(format!("一、总体情况未涉及“{zh}”"), format!("the overview does not cover {en} ({zh})"))
            }
        }
    }
}

/// A memmem searcher for each topic's keywords, built once per program (`str::contains` sets up
/// its search again for every keyword and body).
static FINDERS: std::sync::LazyLock<Vec<Vec<memchr::memmem::Finder<'static>>>> = std::sync::LazyLock::new(|| {
    OVERVIEW_TOPICS.iter().map(|(_, _, ks)| ks.iter().map(memchr::memmem::Finder::new).collect()).collect()
});

/// Whether one of `texts` holds one of topic `i`'s keywords.
fn found(i: usize, texts: &[impl AsRef<str>]) -> bool {
    FINDERS[i].iter().any(|k| texts.iter().any(|t| k.find(t.as_ref().as_bytes()).is_some()))
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(section) = ctx.report.section(1) else {
        return;
    };
    // 一 and the sections a local layout adds to it; an added section covers its topic.
    let parts: Vec<&crate::model::Section> = ctx.report.with_parts(1).collect();
    let raws: Vec<&str> = parts.iter().map(|s| &ctx.text[s.body.clone()]).collect();
    let mut normalised: Option<Vec<String>> = None;
    for (i, (zh, en, _)) in OVERVIEW_TOPICS.iter().enumerate() {
        if parts.iter().any(|s| s.part.is_some_and(|p| p.added().topic == Some(i))) || found(i, &raws) {
            continue;
        }
        // Only when the plain text lacks the words: look again ignoring stray spaces.
        let bodies = normalised.get_or_insert_with(|| raws.iter().map(|raw| norm(raw)).collect());
        if found(i, bodies) {
            continue;
        }
        let message = Msg::Uncovered { zh, en }.text(ctx.lang);
        out.push(NB103.diag(section.heading.clone(), message, None));
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    #[test]
    fn missing_topic_is_found() {
        let text = SEED_000.replace("平台", "渠道");
        assert_eq!(codes(&text), vec!["NB103"]);
    }

    #[test]
    fn shanghai_added_sections_cover_their_topics() {
        const SH: &str = include_str!("../../../../tests/fixtures/cases/ok-shanghai-layout.txt");
        assert!(codes(SH).is_empty(), "{:?}", codes(SH));
        // Without 二、工作机制保障, nothing in 一 speaks of oversight.
        let a = SH.find("二、工作机制保障").unwrap();
        let b = SH.find("三、主动公开工作情况").unwrap();
        let text = format!("{}{}", &SH[..a], &SH[b..]);
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB103"]);
        assert!(ds[0].message.contains("监督保障"), "{}", ds[0].message);
    }

    #[test]
    fn near_miss_free_wording_counts() {
        let text = SEED_000.replace("(三) 政府信息管理", "(三) 信息管理情况");
        assert!(codes(&text).is_empty());
    }
}
