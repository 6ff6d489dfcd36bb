//! Local variants of the report format, as data: the national 2021 layout (the default) and the
//! layouts some regions publish instead, today Shanghai's. The parser reads headings by them,
//! [`resolve`] decides which one a report is in, and the structure rules (NB101–NB104, NB107)
//! number and name sections by the report's format.
//!
//! ## Shanghai (`format = "shanghai"`)
//!
//! Seen in *2024 年上海市科委政府信息公开工作年度报告* (上海市科学技术委员会; the text of the
//! published PDF is kept as a test fixture of github.com/zxj6827111-blip/KIROGOVCOMPARE,
//! `tests/fixtures/annual-report/kewei-2024-source.md`, whose tests call the layout “two
//! numbering systems”). Its headings, in order:
//!
//! ```text
//! 一、总体情况                       short prose
//! 二、工作机制保障                   ┐ the topics of 一 as sections of their own
//! 三、主动公开工作情况               │ (监督保障, 主动公开, 依申请公开, 政府信息管理,
//! 四、政府信息公开申请情况           │  平台建设), numbered on from 一
//! 五、政府信息管理                   │
//! 六、政府信息公开平台建设           ┘
//! 一、主动公开政府信息情况           table 二   ┐ the statutory sections 二–六, numbered
//! 二、收到和处理政府信息公开申请情况 table 三   │ again from 一: the tables under 一/二/三,
//! 三、政府信息公开行政复议、行政诉讼情况 table 四 │ the last section 五
//! 四、存在的主要问题及改进情况                  │
//! 五、其他需要报告的事项                        ┘
//! ```
//!
//! The tables themselves are the national ones. Notes on that report: its title is broken over
//! two lines by the extraction (so it is recognised by its headings, not its title); the
//! heading 四、存在的主要问题及改进情况 is missing from the extracted text, which goes from table
//! 四 to （一）主要问题; it has no section of its own for 监督保障, whose place 工作机制保障 takes
//! (a coordination group and the request-handling procedure), so here 工作机制保障 covers that
//! topic of 一. KIROGOVCOMPARE's checks flag the layout as a source-format problem; nianbao
//! accepts it as a local layout, as issue 7 asks.
//!
//! Most Shanghai reports keep the national layout
//! (the city's reports for 2022 and 2023, shanghai.gov.cn/nw12344/20230331/4a03b5fa….html and
//! …/20240329/d7775c90….html; 浦东新区 2023, pudong.gov.cn/zwgk/zwgk_zfxxgknb_qzf_gknb/2024/50/323401.html;
//! 市经济信息化委 2021, sheitc.sh.gov.cn/zfxxgknb/20220127/a38d73a2….html; 市政府参事室 2022,
//! css.sh.gov.cn/gknb_lnnb/20230118/300c8948….html; 市政府办公厅 2025 in the same repository,
//! `shanghai-office-sample-source.md`), so the variant accepts the national layout too.
//!
//! ## Invariants
//!
//! - A variant accepts the national layout: a report without the variant's added sections or
//!   numbering gets the same sections, tables and findings read as the variant as read as
//!   national. That is what makes detection by the title alone safe.
//! - Detection costs nothing extra: the parser matches a heading line against the added
//!   sections only when it is a numbered heading, in the same single pass, and [`resolve`]
//!   then looks at the few sections found, never at the text again.
//! - `format = "national"` reads exactly as the parser did before variants existed, and so does
//!   `auto` for a report that shows no variant — except that a heading only a variant knows
//!   (`三、政府信息公开申请情况`) still switches the table context to the table of the section its
//!   words name, so a table under it is read.

use crate::model::{Part, Report, Section, SectionId, TableKind};
use crate::normalize::{contains, label_key, numeral_value};
use crate::template::{self, SECTIONS};

/// A layout of the report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// The national 2021 format (国办公开办函〔2021〕30号).
    #[default]
    National,
    /// Shanghai's layout (see the module documentation).
    Shanghai,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::National, Format::Shanghai];

    /// The name used in nianbao.toml (`format = "shanghai"`).
    pub fn name(self) -> &'static str {
        self.variant().name
    }

    pub fn variant(self) -> &'static Variant {
        match self {
            Format::National => &NATIONAL,
            Format::Shanghai => &SHANGHAI,
        }
    }
}

/// What a report is read as: detected from its headings and title, or forced (nianbao.toml
/// `format = "auto" | "national" | "shanghai"`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum FormatChoice {
    #[default]
    Auto,
    Is(Format),
}

impl FormatChoice {
    /// `auto` or a format's name (case-insensitive).
    pub fn parse(s: &str) -> Option<FormatChoice> {
        let s = s.trim().to_ascii_lowercase();
        if s == "auto" {
            return Some(FormatChoice::Auto);
        }
        Format::ALL.into_iter().find(|f| f.name() == s).map(FormatChoice::Is)
    }

    /// The accepted names, for messages: `"auto", "national" or "shanghai"`.
    pub fn names(lang: crate::Lang) -> String {
        let mut names = vec!["\"auto\"".to_string()];
        names.extend(Format::ALL.iter().map(|f| format!("\"{}\"", f.name())));
        let last = names.pop().unwrap_or_default();
        format!("{} {} {last}", names.join(lang.pick("、", ", ")), lang.pick("或", "or"))
    }
}

/// A section a variant adds to the national six.
pub struct AddedSection {
    /// Its numeral in the variant's layout (`二`).
    pub numeral: &'static str,
    /// Its wording (`工作机制保障`).
    pub title: &'static str,
    /// A heading is this section when its normalised text contains every word of one group,
    /// none of `not`, and names no canonical section (but see `alias_of`).
    pub keywords: &'static [&'static [&'static str]],
    pub not: &'static [&'static str],
    /// The canonical section it is part of (1: its text is 一、总体情况's).
    pub stands_for: SectionId,
    /// The topic of 一 it covers (index into [`template::OVERVIEW_TOPICS`]).
    pub topic: Option<usize>,
    /// The canonical section the same wording may name instead (`主动公开工作情况` also matches
    /// 二、主动公开政府信息情况's keywords): the heading is that section when the report has no
    /// other heading for it.
    pub alias_of: Option<SectionId>,
    /// Whether a report in the variant's layout may leave it out. A missing optional section
    /// is not NB101's business: NB103 reports the topic when 一 does not cover it elsewhere.
    pub optional: bool,
}

impl AddedSection {
    /// `二、工作机制保障`
    pub fn heading(&self) -> String {
        format!("{}、{}", self.numeral, self.title)
    }
}

/// A layout: the sections it adds after 一、总体情况, how it numbers the canonical ones, and
/// what in a report names it.
pub struct Variant {
    pub format: Format,
    /// nianbao.toml name.
    pub name: &'static str,
    pub name_zh: &'static str,
    pub added: &'static [AddedSection],
    /// Numerals of the six canonical sections when the report numbers them again from 一 after
    /// the added sections (`None`: the national numbering only). Either numbering is accepted.
    pub restart: Option<[&'static str; 6]>,
    /// A title containing one of these is read as this variant (`format = "auto"`).
    pub title_markers: &'static [&'static str],
}

pub static NATIONAL: Variant = Variant {
    format: Format::National,
    name: "national",
    name_zh: "全国统一格式",
    added: &[],
    restart: None,
    title_markers: &[],
};

pub static SHANGHAI: Variant = Variant {
    format: Format::Shanghai,
    name: "shanghai",
    name_zh: "上海版式",
    added: &[
        AddedSection {
            numeral: "二",
            title: "工作机制保障",
            keywords: &[&["工作机制"], &["机制保障"]],
            not: &[],
            stands_for: 1,
            topic: Some(4),
            alias_of: None,
            optional: true,
        },
        AddedSection {
            numeral: "三",
            title: "主动公开工作情况",
            keywords: &[&["主动公开", "工作情况"]],
            not: &[],
            stands_for: 1,
            topic: Some(0),
            alias_of: Some(2),
            optional: true,
        },
        AddedSection {
            numeral: "四",
            title: "政府信息公开申请情况",
            keywords: &[&["公开申请情况"]],
            // 三、收到和处理政府信息公开申请情况 is the statutory section.
            not: &["收到", "处理"],
            stands_for: 1,
            topic: Some(1),
            alias_of: Some(3),
            optional: true,
        },
        AddedSection {
            numeral: "五",
            title: "政府信息管理",
            keywords: &[&["信息管理"]],
            not: &[],
            stands_for: 1,
            topic: Some(2),
            alias_of: None,
            optional: true,
        },
        AddedSection {
            numeral: "六",
            title: "政府信息公开平台建设",
            keywords: &[&["平台建设"]],
            not: &[],
            stands_for: 1,
            topic: Some(3),
            alias_of: None,
            optional: true,
        },
    ],
    restart: Some(["一", "一", "二", "三", "四", "五"]),
    title_markers: &["上海"],
};

/// The variants `format = "auto"` looks for, in order.
pub static DETECTED: [&Variant; 1] = [&SHANGHAI];

/// The canonical section a heading's normalised wording names, if any.
pub fn canonical(key: &str) -> Option<SectionId> {
    SECTIONS.iter().find(|t| t.keywords.iter().any(|group| group.iter().all(|k| contains(key, k)))).map(|t| t.id)
}

/// The added section a heading's normalised wording names, for a report read as `choice`
/// (`national`: the canonical section it names, if any).
pub fn added(key: &str, national: Option<SectionId>, choice: FormatChoice) -> Option<Part> {
    let variants: &[&Variant] = match choice {
        FormatChoice::Is(Format::National) => return None,
        FormatChoice::Is(f) => &[f.variant()][..],
        FormatChoice::Auto => &DETECTED[..],
    };
    for v in variants {
        for (i, a) in v.added.iter().enumerate() {
            if (national.is_none() || national == a.alias_of)
                && a.keywords.iter().any(|group| group.iter().all(|k| contains(key, k)))
                && !a.not.iter().any(|k| contains(key, k))
            {
                return Some(Part { format: v.format, index: i as u8 });
            }
        }
    }
    None
}

/// A line that introduces a table, given its normalised and raw text: `表一：主动公开政府信息情况`
/// starts the table it names (`Some(Some(kind))`: by its words, the number is not trusted —
/// variants number the tables 一/二/三); a bare `表一` or an enumerated table title alone on its
/// line (`（二）收到和处理政府信息公开申请情况`) ends the current table (`Some(None)`), so that the
/// next table is found by its header.
pub fn caption(key: &str, raw: &str) -> Option<Option<TableKind>> {
    if let Some(rest) = key.strip_prefix('表') {
        let mut chars = rest.chars();
        let n = chars.next()?;
        if numeral_value(n).is_none() && !n.is_ascii_digit() {
            return None;
        }
        let name = chars.as_str();
        if name.is_empty() {
            return Some(None);
        }
        return canonical(name).and_then(template::section_table).map(Some);
    }
    let raw = raw.trim_start_matches(|c: char| c == '#' || c == '*' || crate::normalize::is_space(c));
    (crate::normalize::enumerator_len(raw) > 0 && TABLE_TITLE_KEYS.contains(&key)).then_some(None)
}

/// The wording of sections 二, 三 and 四 as `label_key` normalises it (checked by a test): the
/// parser compares label lines with them, so they are not normalised again for every line.
const TABLE_TITLE_KEYS: [&str; 3] =
    ["主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议行政诉讼情况"];

/// Decides the report's format once the text is read and settles the added sections found:
/// an added heading that may name a canonical section is that section when the report has no
/// other heading for it and no added section that could not be a canonical one (then it is in
/// the variant's layout, and the canonical heading is missing); the added headings of a variant
/// the report is not in are read as the national format reads them.
pub fn resolve(report: &mut Report, text: &str, choice: FormatChoice) {
    let format = match choice {
        FormatChoice::Is(f) => f,
        FormatChoice::Auto => {
            DETECTED.iter().find(|v| evidence(report, text, v)).map_or(Format::National, |v| v.format)
        }
    };
    report.format = format;
    let has_canonical = |sections: &[Section], id: SectionId| sections.iter().any(|s| s.part.is_none() && s.id == id);
    let in_layout =
        report.sections.iter().any(|s| s.part.is_some_and(|p| p.format == format && p.added().alias_of.is_none()));
    let mut i = 0;
    while i < report.sections.len() {
        let Some(part) = report.sections[i].part else {
            i += 1;
            continue;
        };
        let read_as = if part.format == format {
            // Kept, unless it is a canonical heading in other words.
            match part.added().alias_of.filter(|&n| !in_layout && !has_canonical(&report.sections, n)) {
                None => {
                    i += 1;
                    continue;
                }
                canonical => canonical,
            }
        } else {
            // Another layout's heading: as the national format reads it.
            canonical(&label_key(&text[report.sections[i].core.clone()]))
        };
        match read_as {
            Some(id) => {
                let s = &mut report.sections[i];
                s.id = id;
                s.part = None;
                i += 1;
            }
            // Not a heading in the national format: its lines belong to the section before.
            None => {
                let removed = report.sections.remove(i);
                if let Some(prev) = i.checked_sub(1).map(|p| &mut report.sections[p]) {
                    prev.body.end = removed.body.end;
                }
            }
        }
    }
}

/// Whether the report shows it is in `v`'s layout: its title names the region, or it has one of
/// `v`'s added sections that is not merely a canonical heading in other words.
fn evidence(report: &Report, text: &str, v: &Variant) -> bool {
    let titled = report
        .title
        .as_ref()
        .is_some_and(|t| v.title_markers.iter().any(|m| text.get(t.span.clone()).is_some_and(|s| s.contains(m))));
    titled
        || report.sections.iter().any(|s| {
            s.part.is_some_and(|p| {
                p.format == v.format
                    && p.added().alias_of.is_none_or(|n| report.sections.iter().any(|c| c.part.is_none() && c.id == n))
            })
        })
}

/// Whether the report numbers the canonical sections 二–六 again from 一 (the variant's
/// restart numbering): decided by the numbered headings it has, else by whether it has added
/// sections.
fn restarts(report: &Report, text: &str) -> bool {
    let Some(nums) = report.format.variant().restart else { return false };
    let (mut restart, mut national) = (0, 0);
    for s in report.sections.iter().filter(|s| s.part.is_none() && s.id >= 2) {
        let written = text.get(s.heading.clone()).and_then(|h| h.chars().next()).and_then(numeral_value);
        let as_restart = nums[s.id as usize - 1].chars().next().and_then(numeral_value);
        let as_national = template::section(s.id).numeral.chars().next().and_then(numeral_value);
        if written.is_some() && written == as_restart {
            restart += 1;
        } else if written.is_some() && written == as_national {
            national += 1;
        }
    }
    if restart + national > 0 {
        restart > national
    } else {
        report.sections.iter().any(|s| s.part.is_some())
    }
}

/// The numeral canonical section `id` has in this report (`五` for 六、其他需要报告的事项 in
/// a Shanghai report numbered again from 一).
pub fn numeral(report: &Report, text: &str, id: SectionId) -> &'static str {
    match report.format.variant().restart {
        Some(nums) if restarts(report, text) => nums[(id as usize).clamp(1, 6) - 1],
        _ => template::section(id).numeral,
    }
}

/// Canonical section `id`'s heading as this report numbers it: `四、存在的主要问题及改进情况`.
pub fn heading(report: &Report, text: &str, id: SectionId) -> String {
    format!("{}、{}", numeral(report, text, id), template::section(id).title)
}

/// The canonical heading of a section found in the report (an added one's or a canonical one's).
pub fn section_heading(report: &Report, text: &str, s: &Section) -> String {
    match s.part {
        Some(p) => p.added().heading(),
        None => heading(report, text, s.id),
    }
}

/// Where a section belongs in the order of the report: canonical sections by number, the
/// added sections after 一 and before 二 (in any order among themselves).
pub fn rank(s: &Section) -> (SectionId, u8) {
    (s.id, u8::from(s.part.is_some()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::{parse, parse_with};
    use crate::rules::testing::SEED_002;

    const SH: &str = include_str!("../../../tests/fixtures/cases/ok-shanghai-layout.txt");

    #[test]
    fn added_keywords_match_their_titles_and_no_canonical_heading() {
        for v in DETECTED {
            for (i, a) in v.added.iter().enumerate() {
                let key = label_key(a.title);
                let national = canonical(&key);
                assert!(national.is_none() || national == a.alias_of, "{}", a.title);
                let part = added(&key, national, FormatChoice::Is(v.format));
                assert_eq!(part, Some(Part { format: v.format, index: i as u8 }), "{}", a.title);
            }
            for s in &SECTIONS {
                let key = label_key(s.title);
                assert_eq!(added(&key, canonical(&key), FormatChoice::Is(v.format)), None, "{}", s.title);
            }
        }
    }

    #[test]
    fn canonical_titles_name_their_own_section() {
        // The parser takes a heading worded exactly as the template for that section without
        // searching keywords: the search must agree.
        for s in &SECTIONS {
            assert_eq!(canonical(&label_key(s.title)), Some(s.id), "{}", s.title);
        }
    }

    #[test]
    fn names_parse() {
        assert_eq!(FormatChoice::parse("Shanghai"), Some(FormatChoice::Is(Format::Shanghai)));
        assert_eq!(FormatChoice::parse("national"), Some(FormatChoice::Is(Format::National)));
        assert_eq!(FormatChoice::parse("auto"), Some(FormatChoice::Auto));
        assert_eq!(FormatChoice::parse("beijing"), None);
        assert_eq!(FormatChoice::names(crate::Lang::En), "\"auto\", \"national\" or \"shanghai\"");
        assert_eq!(FormatChoice::names(crate::Lang::Zh), "\"auto\"、\"national\" 或 \"shanghai\"");
    }

    #[test]
    fn shanghai_layout_is_detected_by_its_headings() {
        let r = parse(SH);
        assert_eq!(r.format, Format::Shanghai);
        let read: Vec<(SectionId, Option<u8>)> = r.sections.iter().map(|s| (s.id, s.part.map(|p| p.index))).collect();
        let want = [(1, None), (1, Some(0)), (1, Some(1)), (1, Some(2)), (1, Some(3)), (1, Some(4))];
        assert_eq!(read[..6], want[..]);
        assert_eq!(read[6..].iter().map(|s| s.0).collect::<Vec<_>>(), vec![2, 3, 4, 5, 6]);
        assert_eq!(r.tables.len(), 3);
        assert_eq!(heading(&r, SH, 6), "五、其他需要报告的事项");
        assert_eq!(parse_with(SH, FormatChoice::Is(Format::Shanghai)), r);
    }

    #[test]
    fn a_shanghai_title_alone_reads_the_national_layout_unchanged() {
        let text = SEED_002.replace("孟州市人民政府", "上海市某区人民政府");
        let r = parse(&text);
        assert_eq!(r.format, Format::Shanghai);
        let national = parse_with(&text, FormatChoice::Is(Format::National));
        assert_eq!(r.sections, national.sections);
        assert_eq!(r.tables, national.tables);
        assert_eq!(heading(&r, &text, 6), "六、其他需要报告的事项");
    }

    #[test]
    fn a_canonical_heading_in_other_words_stays_canonical() {
        // 主动公开工作情况 as the only heading of 二 in a national report is 二 (NB107's business).
        let text = SEED_002.replace("二、主动公开政府信息情况", "二、主动公开工作情况");
        let r = parse(&text);
        assert_eq!(r.format, Format::National);
        assert_eq!(r.sections.iter().map(|s| s.id).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
        assert_eq!(r, parse_with(&text, FormatChoice::Is(Format::National)));
        let forced = parse_with(&text, FormatChoice::Is(Format::Shanghai));
        assert_eq!(
            forced.sections.iter().map(|s| (s.id, s.part)).collect::<Vec<_>>(),
            r.sections.iter().map(|s| (s.id, s.part)).collect::<Vec<_>>()
        );
    }

    #[test]
    fn forced_national_does_not_see_added_sections() {
        let r = parse_with(SH, FormatChoice::Is(Format::National));
        assert_eq!(r.format, Format::National);
        assert!(r.sections.iter().all(|s| s.part.is_none()));
        // 三、主动公开工作情况 and 一、主动公开政府信息情况 are both 二.
        assert_eq!(r.sections.iter().filter(|s| s.id == 2).count(), 2);
    }

    #[test]
    fn table_title_keys_are_the_normalised_titles() {
        let keys: Vec<String> =
            TableKind::ALL.iter().map(|k| label_key(template::section(k.section()).title)).collect();
        assert_eq!(keys, TABLE_TITLE_KEYS);
    }

    #[test]
    fn captions_name_tables_by_content() {
        let k = |s: &str| caption(&label_key(s), s);
        assert_eq!(k("表一：主动公开政府信息情况"), Some(Some(TableKind::Two)));
        assert_eq!(k("表3 政府信息公开行政复议、行政诉讼情况"), Some(Some(TableKind::Four)));
        assert_eq!(k("（二）收到和处理政府信息公开申请情况"), Some(None));
        assert_eq!(k("表二"), Some(None));
        assert_eq!(k("主动公开政府信息情况"), None);
        assert_eq!(k("（二）依申请公开"), None);
        assert_eq!(k("表示感谢"), None);
    }
}
