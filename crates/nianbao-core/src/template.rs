//! The canonical 2021 format (国办公开办函〔2021〕30号) as data: the single source of truth.
//!
//! The parser recognises sections and rows by these keywords, the arithmetic rules take their
//! identities from [`Sum`] here, NB101/NB105 insert text rendered from here, and
//! `nianbao new` prints [`render_report`].

use crate::model::{SectionId, TableKind};

pub struct SectionTemplate {
    pub id: SectionId,
    /// `一`
    pub numeral: &'static str,
    /// Wording after the enumerator: `总体情况`.
    pub title: &'static str,
    /// A heading is this section when its normalised text contains every word of any one
    /// of these groups.
    pub keywords: &'static [&'static [&'static str]],
}

impl SectionTemplate {
    /// `一、总体情况`
    pub fn heading(&self) -> String {
        format!("{}、{}", self.numeral, self.title)
    }
}

pub static SECTIONS: [SectionTemplate; 6] = [
    SectionTemplate { id: 1, numeral: "一", title: "总体情况", keywords: &[&["总体情况"]] },
    SectionTemplate {
        id: 2, numeral: "二", title: "主动公开政府信息情况", keywords: &[&["主动公开", "情况"]]
    },
    SectionTemplate {
        id: 3,
        numeral: "三",
        title: "收到和处理政府信息公开申请情况",
        keywords: &[&["收到", "申请情况"], &["处理", "公开申请情况"]],
    },
    SectionTemplate {
        id: 4,
        numeral: "四",
        title: "政府信息公开行政复议、行政诉讼情况",
        keywords: &[&["复议", "诉讼"]],
    },
    SectionTemplate {
        id: 5,
        numeral: "五",
        title: "存在的主要问题及改进情况",
        keywords: &[&["存在", "问题"], &["改进情况"]],
    },
    SectionTemplate {
        id: 6,
        numeral: "六",
        title: "其他需要报告的事项",
        keywords: &[&["其他需要报告"], &["需要报告的事项"]],
    },
];

pub fn section(id: SectionId) -> &'static SectionTemplate {
    &SECTIONS[(id as usize).clamp(1, 6) - 1]
}

/// Section 一's five topics: (name, keywords any of which shows the topic is covered).
pub static OVERVIEW_TOPICS: [(&str, &str, &[&str]); 5] = [
    ("主动公开", "proactive disclosure", &["主动公开"]),
    ("依申请公开", "disclosure on request", &["依申请公开", "依申请"]),
    ("政府信息管理", "information management", &["信息管理"]),
    ("政府信息公开平台建设", "disclosure platforms", &["平台建设", "平台"]),
    ("监督保障", "oversight and safeguards", &["监督保障", "监督"]),
];

pub struct RowTemplate {
    /// Canonical label of the row itself, with its enumerator: `（一）予以公开`, `1.属于国家秘密`.
    pub label: &'static str,
    /// The label's comparison key: `normalize::label_key(label)` (checked by a test).
    pub core: &'static str,
    /// The enclosing group label, if any: `（三）不予公开`.
    pub group: Option<&'static str>,
    /// Short name for messages and hover: `（三）1.属于国家秘密`.
    pub short: &'static str,
    /// The normalised label must contain one of these (the first row whose keyword matches wins;
    /// `exact` rows instead need the normalised label to equal `core`).
    pub keywords: &'static [&'static str],
    pub exact: bool,
    /// Column names of this row's values.
    pub columns: &'static [&'static str],
    /// Whether decimals are allowed in this row (收费金额).
    pub decimal: bool,
}

pub struct TableTemplate {
    pub kind: TableKind,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub rows: &'static [RowTemplate],
    /// Header lines printed above the rows by [`render_table`] (before row `i` for `(i, line)`).
    pub headers: &'static [(usize, &'static str)],
}

pub const T3_COLUMNS: &[&str] = &["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"];
pub const T3_COLUMNS_EN: &[&str] = &[
    "natural persons",
    "businesses",
    "research institutions",
    "public-interest organisations",
    "legal service providers",
    "others",
    "total",
];

const T2_DOCS: &[&str] = &["本年制发件数", "本年废止件数", "现行有效件数"];
const T2_DECISIONS: &[&str] = &["本年处理决定数量"];
const T2_FEES: &[&str] = &["本年收费金额（单位：万元）"];

macro_rules! row {
    ($label:expr, $core:expr, $group:expr, $short:expr, [$($kw:expr),*], $exact:expr, $cols:expr, $dec:expr) => {
        RowTemplate { label: $label, core: $core, group: $group, short: $short, keywords: &[$($kw),*], exact: $exact, columns: $cols, decimal: $dec }
    };
}

pub static TABLE2_ROWS: [RowTemplate; 6] = [
    row!("规章", "规章", Some("第二十条第（一）项"), "规章", ["规章"], false, T2_DOCS, false),
    row!(
        "行政规范性文件",
        "行政规范性文件",
        Some("第二十条第（一）项"),
        "行政规范性文件",
        ["规范性文件"],
        false,
        T2_DOCS,
        false
    ),
    row!("行政许可", "行政许可", Some("第二十条第（五）项"), "行政许可", ["许可"], false, T2_DECISIONS, false),
    row!("行政处罚", "行政处罚", Some("第二十条第（六）项"), "行政处罚", ["处罚"], false, T2_DECISIONS, false),
    row!("行政强制", "行政强制", Some("第二十条第（六）项"), "行政强制", ["强制"], false, T2_DECISIONS, false),
    row!(
        "行政事业性收费",
        "行政事业性收费",
        Some("第二十条第（八）项"),
        "行政事业性收费",
        ["事业性收费", "收费"],
        false,
        T2_FEES,
        true
    ),
];

const C: &[&str] = T3_COLUMNS;
const G3: Option<&str> = Some("三、本年度办理结果");
const G3_3: Option<&str> = Some("（三）不予公开");
const G3_4: Option<&str> = Some("（四）无法提供");
const G3_5: Option<&str> = Some("（五）不予处理");
const G3_6: Option<&str> = Some("（六）其他处理");

pub static TABLE3_ROWS: [RowTemplate; 25] = [
    row!(
        "一、本年新收政府信息公开申请数量",
        "本年新收政府信息公开申请数量",
        None,
        "一、本年新收",
        ["新收"],
        false,
        C,
        false
    ),
    row!(
        "二、上年结转政府信息公开申请数量",
        "上年结转政府信息公开申请数量",
        None,
        "二、上年结转",
        ["上年结转"],
        false,
        C,
        false
    ),
    row!("（一）予以公开", "予以公开", G3, "（一）予以公开", ["予以公开"], false, C, false),
    row!(
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "部分公开区分处理的只计这一情形不计其他情形",
        G3,
        "（二）部分公开",
        ["部分公开"],
        false,
        C,
        false
    ),
    row!("1.属于国家秘密", "属于国家秘密", G3_3, "（三）1.属于国家秘密", ["国家秘密"], false, C, false),
    row!(
        "2.其他法律行政法规禁止公开",
        "其他法律行政法规禁止公开",
        G3_3,
        "（三）2.其他法律行政法规禁止公开",
        ["禁止公开", "法律行政法规", "行政止公开"],
        false,
        C,
        false
    ),
    row!(
        "3.危及“三安全一稳定”",
        "危及三安全一稳定",
        G3_3,
        "（三）3.危及“三安全一稳定”",
        ["三安全", "一稳定", "危及"],
        false,
        C,
        false
    ),
    row!("4.保护第三方合法权益", "保护第三方合法权益", G3_3, "（三）4.保护第三方合法权益", ["第三方"], false, C, false),
    row!(
        "5.属于三类内部事务信息",
        "属于三类内部事务信息",
        G3_3,
        "（三）5.属于三类内部事务信息",
        ["内部事务"],
        false,
        C,
        false
    ),
    row!("6.属于四类过程性信息", "属于四类过程性信息", G3_3, "（三）6.属于四类过程性信息", ["过程性"], false, C, false),
    row!("7.属于行政执法案卷", "属于行政执法案卷", G3_3, "（三）7.属于行政执法案卷", ["执法案卷"], false, C, false),
    row!("8.属于行政查询事项", "属于行政查询事项", G3_3, "（三）8.属于行政查询事项", ["查询事项"], false, C, false),
    row!(
        "1.本机关不掌握相关政府信息",
        "本机关不掌握相关政府信息",
        G3_4,
        "（四）1.本机关不掌握相关政府信息",
        ["不掌握"],
        false,
        C,
        false
    ),
    row!(
        "2.没有现成信息需要另行制作",
        "没有现成信息需要另行制作",
        G3_4,
        "（四）2.没有现成信息需要另行制作",
        ["另行制作", "没有现成"],
        false,
        C,
        false
    ),
    row!(
        "3.补正后申请内容仍不明确",
        "补正后申请内容仍不明确",
        G3_4,
        "（四）3.补正后申请内容仍不明确",
        ["不明确", "补正后"],
        false,
        C,
        false
    ),
    row!(
        "1.信访举报投诉类申请",
        "信访举报投诉类申请",
        G3_5,
        "（五）1.信访举报投诉类申请",
        ["信访", "举报投诉"],
        false,
        C,
        false
    ),
    row!("2.重复申请", "重复申请", G3_5, "（五）2.重复申请", ["重复申请"], false, C, false),
    row!("3.要求提供公开出版物", "要求提供公开出版物", G3_5, "（五）3.要求提供公开出版物", ["出版物"], false, C, false),
    row!(
        "4.无正当理由大量反复申请",
        "无正当理由大量反复申请",
        G3_5,
        "（五）4.无正当理由大量反复申请",
        ["大量反复", "反复申请"],
        false,
        C,
        false
    ),
    row!(
        "5.要求行政机关确认或重新出具已获取信息",
        "要求行政机关确认或重新出具已获取信息",
        G3_5,
        "（五）5.要求行政机关确认或重新出具已获取信息",
        ["重新出具", "已获取信息"],
        false,
        C,
        false
    ),
    row!(
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
        G3_6,
        "（六）1.逾期不补正",
        ["不补正"],
        false,
        C,
        false
    ),
    row!(
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
        G3_6,
        "（六）2.逾期未缴纳费用",
        ["缴纳费用", "收费通知"],
        false,
        C,
        false
    ),
    row!("3.其他", "其他", G3_6, "（六）3.其他", [], true, C, false),
    row!("（七）总计", "总计", G3, "（七）总计", ["总计"], true, C, false),
    row!(
        "四、结转下年度继续办理",
        "结转下年度继续办理",
        None,
        "四、结转下年度",
        ["结转下年度", "下年度继续", "继续办理"],
        false,
        C,
        false
    ),
];

/// Table 三 row ids used by the arithmetic.
pub mod t3 {
    pub const NEW: usize = 0;
    pub const CARRIED_IN: usize = 1;
    /// The 21 outcome rows （一）…（六）3.
    pub const OUTCOMES: std::ops::Range<usize> = 2..23;
    pub const OUTCOME_TOTAL: usize = 23;
    pub const CARRIED_OUT: usize = 24;
    /// Column of 总计.
    pub const TOTAL_COL: usize = 6;
}

pub const T4_COLUMNS: &[&str] = &[
    "行政复议·结果维持",
    "行政复议·结果纠正",
    "行政复议·其他结果",
    "行政复议·尚未审结",
    "行政复议·总计",
    "未经复议直接起诉·结果维持",
    "未经复议直接起诉·结果纠正",
    "未经复议直接起诉·其他结果",
    "未经复议直接起诉·尚未审结",
    "未经复议直接起诉·总计",
    "复议后起诉·结果维持",
    "复议后起诉·结果纠正",
    "复议后起诉·其他结果",
    "复议后起诉·尚未审结",
    "复议后起诉·总计",
];

/// Table 四's groups: (name, first column); each group is 4 parts and its 总计.
pub const T4_GROUPS: [(&str, &str, usize); 3] = [
    ("行政复议", "administrative review", 0),
    ("未经复议直接起诉", "lawsuits filed directly", 5),
    ("复议后起诉", "lawsuits after review", 10),
];

pub static TABLE4_ROWS: [RowTemplate; 1] = [row!("", "", None, "行政复议、行政诉讼", [], false, T4_COLUMNS, false)];

pub static TABLE2: TableTemplate = TableTemplate {
    kind: TableKind::Two,
    name_zh: "表二（主动公开）",
    name_en: "table 2 (proactive disclosure)",
    rows: &TABLE2_ROWS,
    headers: &[
        (0, "第二十条第（一）项\t\t\t"),
        (0, "信息内容\t本年制发件数\t本年废止件数\t现行有效件数"),
        (2, "第二十条第（五）项\t\t\t"),
        (2, "信息内容\t本年处理决定数量\t\t"),
        (3, "第二十条第（六）项\t\t\t"),
        (3, "信息内容\t本年处理决定数量\t\t"),
        (5, "第二十条第（八）项\t\t\t"),
        (5, "信息内容\t本年收费金额（单位：万元）\t\t"),
    ],
};

pub static TABLE3: TableTemplate = TableTemplate {
    kind: TableKind::Three,
    name_zh: "表三（依申请公开）",
    name_en: "table 3 (requests)",
    rows: &TABLE3_ROWS,
    headers: &[
        (0, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）\t\t申请人情况\t\t\t\t\t\t总计"),
        (0, "\t\t自然人\t法人或其他组织\t\t\t\t\t"),
        (0, "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"),
    ],
};

pub static TABLE4: TableTemplate = TableTemplate {
    kind: TableKind::Four,
    name_zh: "表四（行政复议、行政诉讼）",
    name_en: "table 4 (reviews and lawsuits)",
    rows: &TABLE4_ROWS,
    headers: &[
        (0, "行政复议\t\t\t\t\t行政诉讼\t\t\t\t\t\t\t\t\t"),
        (0, "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t"),
        (0, "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计"),
    ],
};

pub fn table(kind: TableKind) -> &'static TableTemplate {
    match kind {
        TableKind::Two => &TABLE2,
        TableKind::Three => &TABLE3,
        TableKind::Four => &TABLE4,
    }
}

/// The table a section holds, if any.
pub fn section_table(id: SectionId) -> Option<TableKind> {
    match id {
        2 => Some(TableKind::Two),
        3 => Some(TableKind::Three),
        4 => Some(TableKind::Four),
        _ => None,
    }
}

/// One row in the canonical tab layout with zero values, without a line ending. Table 三's
/// rows carry their group label on the group's first row, as published reports do.
pub fn render_row(kind: TableKind, id: usize) -> String {
    let row = &table(kind).rows[id];
    let zeros = vec!["0"; row.columns.len()].join("\t");
    match kind {
        TableKind::Four => zeros,
        TableKind::Two => format!("{}\t{}", row.label, zeros),
        TableKind::Three => {
            let first_of_group = id == 0 || TABLE3_ROWS[id - 1].group != row.group;
            match row.group {
                None => format!("{}\t\t{zeros}", row.label),
                Some(g) if id == t3::OUTCOMES.start => format!("{g}\t{}\t{zeros}", row.label),
                Some(_) if row.label.starts_with('（') => format!("\t{}\t{zeros}", row.label),
                Some(g) if first_of_group => format!("\t{g}\t{}\t{zeros}", row.label),
                Some(_) => format!("\t\t{}\t{zeros}", row.label),
            }
        }
    }
}

/// The whole blank table: header lines and every row with zeros, each line ended by `eol`.
pub fn render_table(kind: TableKind, eol: &str) -> String {
    let t = table(kind);
    let mut out = String::new();
    for (i, _) in t.rows.iter().enumerate() {
        for (_, h) in t.headers.iter().filter(|(at, _)| *at == i) {
            out.push_str(h);
            out.push_str(eol);
        }
        out.push_str(&render_row(kind, i));
        out.push_str(eol);
    }
    out
}

/// A section heading and, for 二/三/四, its blank table (一: its five topic headings; 六: a
/// fee statement). Ends with a blank line, so sections can be concatenated.
pub fn render_section(id: SectionId, eol: &str) -> String {
    let s = section(id);
    let mut out = s.heading();
    out.push_str(eol);
    out.push_str(eol);
    if let Some(kind) = section_table(id) {
        out.push_str(&render_table(kind, eol));
        out.push_str(eol);
    } else if id == 1 {
        for (i, (name, _, _)) in OVERVIEW_TOPICS.iter().enumerate() {
            out.push_str(&format!("（{}）{name}{eol}{eol}", SECTIONS[i].numeral));
        }
    } else if id == 6 {
        out.push_str("本年度未收取信息处理费。");
        out.push_str(eol);
        out.push_str(eol);
    }
    out
}

/// A blank report in the canonical format: title, all six sections, all three tables.
pub fn render_report(agency: &str, year: u32, eol: &str) -> String {
    let mut out = format!("{agency} {year} 年政府信息公开工作年度报告{eol}{eol}");
    for s in &SECTIONS {
        out.push_str(&render_section(s.id, eol));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::label_key;

    #[test]
    fn row_cores_are_the_keys_of_their_labels() {
        for t in [&TABLE2, &TABLE3, &TABLE4] {
            for r in t.rows {
                assert_eq!(r.core, label_key(r.label), "{}", r.label);
            }
        }
    }

    #[test]
    fn blank_report_is_a_clean_report() {
        let text = render_report("某某局", 2024, "\n");
        let r = crate::parse::parse(&text);
        assert!(r.is_report());
        assert_eq!(r.title.as_ref().unwrap().year, Some(2024));
        assert!(crate::check(&text, &Default::default()).is_empty(), "{:#?}", crate::check(&text, &Default::default()));
    }
}
