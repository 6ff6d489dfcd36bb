//! The report format as data: one [`Template`] value per format year, the single source of truth.
//!
//! [`FORMAT_2021`] (国办公开办函〔2021〕30号, the reports for 2021 on) and [`FORMAT_2019`]
//! (国办公开办函〔2019〕60号, the reports for 2019 and 2020). The parser reads sections, table
//! headers and rows by the words here, and tells the two apart by their table 二's column words
//! ([`Template::marks`]) or else by the title's year; the arithmetic and the rules ask a report's template
//! (`Report::template`) for rows, groups of rows and columns by [`Name`], never by position, so
//! they keep working for a format whose tables have other rows; NB101/NB105 insert text rendered
//! from here and `nianbao new` prints [`render_report`]. A new format year is a new `Template`
//! value in [`TEMPLATES`].

use crate::model::{SectionId, TableKind};

/// A format year: its sections, topics, tables and the words that find its table headers.
pub struct Template {
    /// `2021`: the format's year, for messages.
    pub name: &'static str,
    /// The document that issued it.
    pub document: &'static str,
    /// The report years it is for (a report is read by the template its table 二's column words
    /// name, else by the one of its title's year, else by the first of [`TEMPLATES`]). The duties
    /// of a report (section 一's topics, the fee statement) are those of its year's template.
    pub years: std::ops::RangeInclusive<u32>,
    pub sections: &'static [SectionTemplate],
    /// Section 一's topics: (name, English name, keywords any of which shows the topic is covered).
    /// None in the 2019 format, which asks only for 总体情况.
    pub topics: &'static [(&'static str, &'static str, &'static [&'static str])],
    /// Whether section 六 must state the 信息处理费 collected (国办函〔2020〕109号, in force from
    /// 2021-01-01).
    pub fee_statement: bool,
    /// Tables 二, 三 and 四.
    pub tables: [&'static TableTemplate; 3],
    /// A label line is a table's header when it holds every word of one of these groups (the
    /// first that fits, in this order).
    pub headers: &'static [(TableKind, &'static [&'static str])],
    /// Words of table 二's header that only this format uses (`本年新制作数量`, `现行有效件数`): a
    /// header line holding more of one format's than of any other's says the report is in it.
    pub marks: &'static [&'static str],
}

impl Template {
    pub fn table(&self, kind: TableKind) -> &'static TableTemplate {
        self.tables[kind as usize]
    }

    pub fn section(&self, id: SectionId) -> &'static SectionTemplate {
        &self.sections[(id as usize).clamp(1, self.sections.len()) - 1]
    }

    /// The table a section holds, if any.
    pub fn section_table(&self, id: SectionId) -> Option<TableKind> {
        self.sections.iter().find(|s| s.id == id).and_then(|s| s.table)
    }

    /// The table whose header a label line's key (`normalize::label_key`) names.
    pub fn header(&self, key: &str) -> Option<TableKind> {
        // A mask of the key's bytes rules out most words before they are searched for.
        // (Measured: a check costs 6.8% more without it.)
        let mask = crate::normalize::ByteMask::of(key);
        let has = |word: &str| mask.may_contain(word) && crate::normalize::contains(key, word);
        self.headers.iter().find(|(_, words)| words.iter().all(|w| has(w))).map(|(kind, _)| *kind)
    }
}

/// Every format year known, the current one first.
pub static TEMPLATES: [&Template; 2] = [&FORMAT_2021, &FORMAT_2019];

/// Which of [`TEMPLATES`] a report is read by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Edition(u8);

impl Edition {
    pub fn template(self) -> &'static Template {
        TEMPLATES[usize::from(self.0)]
    }

    /// The edition for a report of `year` (the current one when the year is unknown or no
    /// template is for it).
    pub fn for_year(year: Option<u32>) -> Edition {
        let i = year.and_then(|y| TEMPLATES.iter().position(|t| t.years.contains(&y))).unwrap_or(0);
        Edition(i as u8)
    }

    /// The edition whose table-二 header words ([`Template::marks`]) a label line's key holds
    /// more of than any other's, if one does.
    pub fn marked_by(key: &str) -> Option<Edition> {
        let mut best: Option<(usize, usize)> = None;
        let mut tie = false;
        for (i, t) in TEMPLATES.iter().enumerate() {
            let n = t.marks.iter().filter(|m| crate::normalize::contains(key, m)).count();
            match best {
                _ if n == 0 => {}
                Some((b, _)) if b > n => {}
                Some((b, _)) if b == n => tie = true,
                _ => {
                    best = Some((n, i));
                    tie = false;
                }
            }
        }
        best.filter(|_| !tie).map(|(_, i)| Edition(i as u8))
    }
}

/// What the parser and the rules call a row, a group of rows or a column. Each template says
/// which of its rows and columns carry each name ([`RowTemplate::names`],
/// [`RowTemplate::column_names`]); a name a template does not use gives nothing, and what needs
/// it is not checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Name {
    // Table 二's rows and columns.
    /// 规章
    Regulations,
    /// 行政规范性文件
    NormativeDocuments,
    /// 本年制发件数
    Issued,
    /// 本年废止件数
    Repealed,
    /// 现行有效件数
    InForce,
    // Table 三's rows and groups of rows.
    /// 一、本年新收
    New,
    /// 二、上年结转
    CarriedIn,
    /// The rows （七）总计 sums: （一）予以公开 … （六）其他处理.
    Outcome,
    /// （一）予以公开
    Disclosed,
    /// （二）部分公开
    PartlyDisclosed,
    /// The （三）不予公开 rows.
    Withheld,
    /// The （四）无法提供 rows.
    NotHeld,
    /// The （五）不予处理 rows.
    NotProcessed,
    /// The （六）其他处理 rows.
    OtherHandling,
    /// （六）3.其他: a label of this one word is this row.
    Other,
    /// （七）总计
    OutcomeTotal,
    /// 四、结转下年度继续办理
    CarriedOut,
    // Table 三's columns.
    /// The six applicant columns, which 总计 sums.
    Applicant,
    /// 自然人
    NaturalPersons,
    /// 法人或其他组织: the five columns after 自然人.
    Organisations,
    /// 商业企业
    Businesses,
    /// 科研机构
    ResearchInstitutions,
    /// 社会公益组织
    PublicInterestOrganisations,
    /// 法律服务机构
    LegalServiceProviders,
    /// 总计, of a row or of a group of columns.
    Total,
    // Table 四's groups of columns.
    /// 行政复议
    Review,
    /// 行政诉讼·未经复议直接起诉
    DirectSuit,
    /// 行政诉讼·复议后起诉
    SuitAfterReview,
}

#[derive(Clone, Copy)]
pub struct SectionTemplate {
    pub id: SectionId,
    /// `一`
    pub numeral: &'static str,
    /// Wording after the enumerator: `总体情况`.
    pub title: &'static str,
    /// A heading is this section when its normalised text contains every word of any one
    /// of these groups.
    pub keywords: &'static [&'static [&'static str]],
    /// The table it holds.
    pub table: Option<TableKind>,
    /// Other wordings that are right in this format (NB107 accepts them).
    pub also: &'static [&'static str],
}

impl SectionTemplate {
    /// `一、总体情况`
    pub fn heading(&self) -> String {
        format!("{}、{}", self.numeral, self.title)
    }
}

/// The sections of the 2021 format.
pub static SECTIONS: [SectionTemplate; 6] = SECTIONS_2021;

const SECTIONS_2021: [SectionTemplate; 6] = [
    SectionTemplate {
        id: 1, numeral: "一", title: "总体情况", keywords: &[&["总体情况"]], table: None, also: &[]
    },
    SectionTemplate {
        id: 2,
        numeral: "二",
        title: "主动公开政府信息情况",
        keywords: &[&["主动公开", "情况"]],
        table: Some(TableKind::Two),
        also: &[],
    },
    SectionTemplate {
        id: 3,
        numeral: "三",
        title: "收到和处理政府信息公开申请情况",
        keywords: &[&["收到", "申请情况"], &["处理", "公开申请情况"]],
        table: Some(TableKind::Three),
        also: &[],
    },
    SectionTemplate {
        id: 4,
        numeral: "四",
        title: "政府信息公开行政复议、行政诉讼情况",
        keywords: &[&["复议", "诉讼"]],
        table: Some(TableKind::Four),
        also: &[],
    },
    SectionTemplate {
        id: 5,
        numeral: "五",
        title: "存在的主要问题及改进情况",
        keywords: &[&["存在", "问题"], &["改进情况"]],
        table: None,
        also: &[],
    },
    SectionTemplate {
        id: 6,
        numeral: "六",
        title: "其他需要报告的事项",
        keywords: &[&["其他需要报告"], &["需要报告的事项"]],
        table: None,
        also: &[],
    },
];

/// Section 一 of the current template (the sections are the same in every format year).
pub fn section(id: SectionId) -> &'static SectionTemplate {
    TEMPLATES[0].section(id)
}

/// Section 一's five topics: (name, English name, keywords any of which shows the topic is covered).
pub static OVERVIEW_TOPICS: [(&str, &str, &[&str]); 5] = [
    ("主动公开", "proactive disclosure", &["主动公开"]),
    ("依申请公开", "disclosure on request", &["依申请公开", "依申请"]),
    ("政府信息管理", "information management", &["信息管理"]),
    ("政府信息公开平台建设", "disclosure platforms", &["平台建设", "平台"]),
    ("监督保障", "oversight and safeguards", &["监督保障", "监督"]),
];

#[derive(Clone, Copy)]
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
    /// What the parser and the rules call this row and the groups it belongs to.
    pub names: &'static [Name],
    /// Column names of this row's values.
    pub columns: &'static [&'static str],
    /// What the rules call each column (one list per column).
    pub column_names: &'static [&'static [Name]],
    /// What each column's cells hold (a count where the list is shorter).
    pub numbers: &'static [Number],
}

/// What a value cell holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Number {
    /// A non-negative integer: every count.
    Count,
    /// A non-negative decimal: an amount (收费金额 in 万元, 采购总金额).
    Decimal,
    /// An integer that may be negative, written with its sign (`-18`, `+3`): 本年增/减.
    Signed,
}

impl RowTemplate {
    /// What column `col`'s cells hold.
    pub fn number(&self, col: usize) -> Number {
        self.numbers.get(col).copied().unwrap_or(Number::Count)
    }

    /// The first column that has every one of `names`.
    pub fn column(&self, names: &[Name]) -> Option<usize> {
        self.columns_with(names).next()
    }

    /// The columns that have every one of `names`.
    pub fn columns_with<'a>(&'a self, names: &'a [Name]) -> impl Iterator<Item = usize> + 'a {
        self.column_names.iter().enumerate().filter(|(_, has)| names.iter().all(|n| has.contains(n))).map(|(i, _)| i)
    }
}

pub struct TableTemplate {
    pub kind: TableKind,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub rows: &'static [RowTemplate],
    /// Header lines printed above the rows by [`render_table`] (before row `i` for `(i, line)`).
    pub headers: &'static [(usize, &'static str)],
    /// English names of the columns where they have them (table 三's), else none.
    pub columns_en: &'static [&'static str],
    /// Groups of columns summed to their 总计 (table 四's): (name, English name, [`Name`]).
    pub column_groups: &'static [(&'static str, &'static str, Name)],
}

impl TableTemplate {
    /// The first row called `name`.
    pub fn row(&self, name: Name) -> Option<usize> {
        self.rows_named(name).next()
    }

    /// The rows called `name` (a group's rows), in order.
    pub fn rows_named(&self, name: Name) -> impl Iterator<Item = usize> + '_ {
        self.rows.iter().enumerate().filter(move |(_, r)| r.names.contains(&name)).map(|(i, _)| i)
    }

    /// The row a label's key (`normalize::label_key`) names: a row worded exactly as an `exact`
    /// row's key, a short label ending in the outcome total's (`（七）总计`, `合计总计`), else the
    /// first row holding one of its keywords.
    pub fn match_row(&self, key: &str) -> Option<usize> {
        if key.is_empty() {
            return None;
        }
        if let Some(i) = self.rows.iter().position(|r| r.exact && key == r.core) {
            return Some(i);
        }
        let total = self.row(Name::OutcomeTotal).filter(|&i| key.ends_with(self.rows[i].core));
        if let Some(i) = total.filter(|_| key.chars().count() <= 4) {
            return Some(i);
        }
        self.rows.iter().position(|r| !r.exact && r.keywords.iter().any(|k| crate::normalize::contains(key, k)))
    }

    /// Each total column of the table's rows with the columns it adds up: in table 三 总计 and
    /// the applicant columns, in table 四 each group's 总计 and its four results.
    pub fn column_sums(&self) -> Vec<(usize, Vec<usize>)> {
        let Some(row) = self.rows.first() else { return Vec::new() };
        let sum = |total: Option<usize>, parts: &[Name]| {
            total.map(|total| (total, row.columns_with(parts).filter(|&c| c != total).collect()))
        };
        if self.column_groups.is_empty() {
            return sum(row.column(&[Name::Total]), &[Name::Applicant]).into_iter().collect();
        }
        self.column_groups.iter().filter_map(|&(_, _, g)| sum(row.column(&[g, Name::Total]), &[g])).collect()
    }

    /// The English name of column `col` where it has one, else its name.
    pub fn column_name(&self, row: usize, col: usize, lang: crate::Lang) -> &'static str {
        let zh = self.rows[row].columns.get(col).copied().unwrap_or("");
        lang.pick(zh, self.columns_en.get(col).copied().unwrap_or(zh))
    }
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
const T3_COLUMN_NAMES: &[&[Name]] = {
    use Name::*;
    &[
        &[Applicant, NaturalPersons],
        &[Applicant, Organisations, Businesses],
        &[Applicant, Organisations, ResearchInstitutions],
        &[Applicant, Organisations, PublicInterestOrganisations],
        &[Applicant, Organisations, LegalServiceProviders],
        &[Applicant, Organisations],
        &[Total],
    ]
};

const T2_DOCS: &[&str] = &["本年制发件数", "本年废止件数", "现行有效件数"];
const T2_DOC_NAMES: &[&[Name]] = &[&[Name::Issued], &[Name::Repealed], &[Name::InForce]];
const T2_DECISIONS: &[&str] = &["本年处理决定数量"];
const T2_FEES: &[&str] = &["本年收费金额（单位：万元）"];

/// What table 二's rows share (each row says what differs).
const T2_ROW: RowTemplate = RowTemplate {
    label: "",
    core: "",
    group: None,
    short: "",
    keywords: &[],
    exact: false,
    names: &[],
    columns: T2_DECISIONS,
    column_names: &[&[]],
    numbers: &[],
};

pub static TABLE2_ROWS: [RowTemplate; 6] = [
    RowTemplate {
        label: "规章",
        core: "规章",
        group: Some("第二十条第（一）项"),
        short: "规章",
        keywords: &["规章"],
        names: &[Name::Regulations],
        columns: T2_DOCS,
        column_names: T2_DOC_NAMES,
        ..T2_ROW
    },
    RowTemplate {
        label: "行政规范性文件",
        core: "行政规范性文件",
        group: Some("第二十条第（一）项"),
        short: "行政规范性文件",
        keywords: &["规范性文件"],
        names: &[Name::NormativeDocuments],
        columns: T2_DOCS,
        column_names: T2_DOC_NAMES,
        ..T2_ROW
    },
    RowTemplate {
        label: "行政许可",
        core: "行政许可",
        group: Some("第二十条第（五）项"),
        short: "行政许可",
        keywords: &["许可"],
        ..T2_ROW
    },
    RowTemplate {
        label: "行政处罚",
        core: "行政处罚",
        group: Some("第二十条第（六）项"),
        short: "行政处罚",
        keywords: &["处罚"],
        ..T2_ROW
    },
    RowTemplate {
        label: "行政强制",
        core: "行政强制",
        group: Some("第二十条第（六）项"),
        short: "行政强制",
        keywords: &["强制"],
        ..T2_ROW
    },
    RowTemplate {
        label: "行政事业性收费",
        core: "行政事业性收费",
        group: Some("第二十条第（八）项"),
        short: "行政事业性收费",
        keywords: &["事业性收费", "收费"],
        columns: T2_FEES,
        numbers: &[Number::Decimal],
        ..T2_ROW
    },
];

const T2_2019_DOCS: &[&str] = &["本年新制作数量", "本年新公开数量", "对外公开总数量"];
const T2_2019_ITEMS: &[&str] = &["上一年项目数量", "本年增/减", "处理决定数量"];
const T2_2019_ITEM_NUMBERS: &[Number] = &[Number::Count, Number::Signed, Number::Count];
const T2_2019_NO_NAMES: &[&[Name]] = &[&[], &[], &[]];

/// Table 二 of the 2019 format: none of its columns is named `Issued`, `Repealed` or `InForce`
/// (对外公开总数量 counts documents published in total, not those in force), so the checks that
/// need them (NB304, NB301's 规范性文件 figures) find nothing to compare.
pub static TABLE2_2019_ROWS: [RowTemplate; 8] = [
    RowTemplate {
        label: "规章",
        core: "规章",
        group: Some("第二十条第（一）项"),
        short: "规章",
        keywords: &["规章"],
        names: &[Name::Regulations],
        columns: T2_2019_DOCS,
        column_names: T2_2019_NO_NAMES,
        ..T2_ROW
    },
    RowTemplate {
        label: "规范性文件",
        core: "规范性文件",
        group: Some("第二十条第（一）项"),
        short: "规范性文件",
        keywords: &["规范性文件"],
        names: &[Name::NormativeDocuments],
        columns: T2_2019_DOCS,
        column_names: T2_2019_NO_NAMES,
        ..T2_ROW
    },
    RowTemplate {
        label: "行政许可",
        core: "行政许可",
        group: Some("第二十条第（五）项"),
        short: "行政许可",
        keywords: &["许可"],
        columns: T2_2019_ITEMS,
        column_names: T2_2019_NO_NAMES,
        numbers: T2_2019_ITEM_NUMBERS,
        ..T2_ROW
    },
    RowTemplate {
        label: "其他对外管理服务事项",
        core: "其他对外管理服务事项",
        group: Some("第二十条第（五）项"),
        short: "其他对外管理服务事项",
        keywords: &["对外管理", "管理服务"],
        columns: T2_2019_ITEMS,
        column_names: T2_2019_NO_NAMES,
        numbers: T2_2019_ITEM_NUMBERS,
        ..T2_ROW
    },
    RowTemplate {
        label: "行政处罚",
        core: "行政处罚",
        group: Some("第二十条第（六）项"),
        short: "行政处罚",
        keywords: &["处罚"],
        columns: T2_2019_ITEMS,
        column_names: T2_2019_NO_NAMES,
        numbers: T2_2019_ITEM_NUMBERS,
        ..T2_ROW
    },
    RowTemplate {
        label: "行政强制",
        core: "行政强制",
        group: Some("第二十条第（六）项"),
        short: "行政强制",
        keywords: &["强制"],
        columns: T2_2019_ITEMS,
        column_names: T2_2019_NO_NAMES,
        numbers: T2_2019_ITEM_NUMBERS,
        ..T2_ROW
    },
    RowTemplate {
        label: "行政事业性收费",
        core: "行政事业性收费",
        group: Some("第二十条第（八）项"),
        short: "行政事业性收费",
        keywords: &["事业性收费", "收费"],
        columns: &["上一年项目数量", "本年增/减"],
        column_names: &[&[], &[]],
        numbers: &[Number::Count, Number::Signed],
        ..T2_ROW
    },
    RowTemplate {
        label: "政府集中采购",
        core: "政府集中采购",
        group: Some("第二十条第（九）项"),
        short: "政府集中采购",
        keywords: &["集中采购"],
        columns: &["采购项目数量", "采购总金额"],
        column_names: &[&[], &[]],
        numbers: &[Number::Count, Number::Decimal],
        ..T2_ROW
    },
];

const G3: Option<&str> = Some("三、本年度办理结果");
const G3_3: Option<&str> = Some("（三）不予公开");
const G3_4: Option<&str> = Some("（四）无法提供");
const G3_5: Option<&str> = Some("（五）不予处理");
const G3_6: Option<&str> = Some("（六）其他处理");

/// What table 三's rows share (each row says what differs).
const T3_ROW: RowTemplate = RowTemplate {
    label: "",
    core: "",
    group: None,
    short: "",
    keywords: &[],
    exact: false,
    names: &[],
    columns: T3_COLUMNS,
    column_names: T3_COLUMN_NAMES,
    numbers: &[],
};

/// Table 三 of the 2021 format: 25 rows.
const T3_2021: [RowTemplate; 25] = [
    RowTemplate {
        label: "一、本年新收政府信息公开申请数量",
        core: "本年新收政府信息公开申请数量",
        short: "一、本年新收",
        keywords: &["新收"],
        names: &[Name::New],
        ..T3_ROW
    },
    RowTemplate {
        label: "二、上年结转政府信息公开申请数量",
        core: "上年结转政府信息公开申请数量",
        short: "二、上年结转",
        keywords: &["上年结转"],
        names: &[Name::CarriedIn],
        ..T3_ROW
    },
    RowTemplate {
        label: "（一）予以公开",
        core: "予以公开",
        group: G3,
        short: "（一）予以公开",
        keywords: &["予以公开"],
        names: &[Name::Outcome, Name::Disclosed],
        ..T3_ROW
    },
    RowTemplate {
        label: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        core: "部分公开区分处理的只计这一情形不计其他情形",
        group: G3,
        short: "（二）部分公开",
        keywords: &["部分公开"],
        names: &[Name::Outcome, Name::PartlyDisclosed],
        ..T3_ROW
    },
    RowTemplate {
        label: "1.属于国家秘密",
        core: "属于国家秘密",
        group: G3_3,
        short: "（三）1.属于国家秘密",
        keywords: &["国家秘密"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "2.其他法律行政法规禁止公开",
        core: "其他法律行政法规禁止公开",
        group: G3_3,
        short: "（三）2.其他法律行政法规禁止公开",
        keywords: &["禁止公开", "法律行政法规", "行政止公开"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "3.危及“三安全一稳定”",
        core: "危及三安全一稳定",
        group: G3_3,
        short: "（三）3.危及“三安全一稳定”",
        keywords: &["三安全", "一稳定", "危及"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "4.保护第三方合法权益",
        core: "保护第三方合法权益",
        group: G3_3,
        short: "（三）4.保护第三方合法权益",
        keywords: &["第三方"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "5.属于三类内部事务信息",
        core: "属于三类内部事务信息",
        group: G3_3,
        short: "（三）5.属于三类内部事务信息",
        keywords: &["内部事务"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "6.属于四类过程性信息",
        core: "属于四类过程性信息",
        group: G3_3,
        short: "（三）6.属于四类过程性信息",
        keywords: &["过程性"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "7.属于行政执法案卷",
        core: "属于行政执法案卷",
        group: G3_3,
        short: "（三）7.属于行政执法案卷",
        keywords: &["执法案卷"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "8.属于行政查询事项",
        core: "属于行政查询事项",
        group: G3_3,
        short: "（三）8.属于行政查询事项",
        keywords: &["查询事项"],
        names: &[Name::Outcome, Name::Withheld],
        ..T3_ROW
    },
    RowTemplate {
        label: "1.本机关不掌握相关政府信息",
        core: "本机关不掌握相关政府信息",
        group: G3_4,
        short: "（四）1.本机关不掌握相关政府信息",
        keywords: &["不掌握"],
        names: &[Name::Outcome, Name::NotHeld],
        ..T3_ROW
    },
    RowTemplate {
        label: "2.没有现成信息需要另行制作",
        core: "没有现成信息需要另行制作",
        group: G3_4,
        short: "（四）2.没有现成信息需要另行制作",
        keywords: &["另行制作", "没有现成"],
        names: &[Name::Outcome, Name::NotHeld],
        ..T3_ROW
    },
    RowTemplate {
        label: "3.补正后申请内容仍不明确",
        core: "补正后申请内容仍不明确",
        group: G3_4,
        short: "（四）3.补正后申请内容仍不明确",
        keywords: &["不明确", "补正后"],
        names: &[Name::Outcome, Name::NotHeld],
        ..T3_ROW
    },
    RowTemplate {
        label: "1.信访举报投诉类申请",
        core: "信访举报投诉类申请",
        group: G3_5,
        short: "（五）1.信访举报投诉类申请",
        keywords: &["信访", "举报投诉"],
        names: &[Name::Outcome, Name::NotProcessed],
        ..T3_ROW
    },
    RowTemplate {
        label: "2.重复申请",
        core: "重复申请",
        group: G3_5,
        short: "（五）2.重复申请",
        keywords: &["重复申请"],
        names: &[Name::Outcome, Name::NotProcessed],
        ..T3_ROW
    },
    RowTemplate {
        label: "3.要求提供公开出版物",
        core: "要求提供公开出版物",
        group: G3_5,
        short: "（五）3.要求提供公开出版物",
        keywords: &["出版物"],
        names: &[Name::Outcome, Name::NotProcessed],
        ..T3_ROW
    },
    RowTemplate {
        label: "4.无正当理由大量反复申请",
        core: "无正当理由大量反复申请",
        group: G3_5,
        short: "（五）4.无正当理由大量反复申请",
        keywords: &["大量反复", "反复申请"],
        names: &[Name::Outcome, Name::NotProcessed],
        ..T3_ROW
    },
    RowTemplate {
        label: "5.要求行政机关确认或重新出具已获取信息",
        core: "要求行政机关确认或重新出具已获取信息",
        group: G3_5,
        short: "（五）5.要求行政机关确认或重新出具已获取信息",
        keywords: &["重新出具", "已获取信息"],
        names: &[Name::Outcome, Name::NotProcessed],
        ..T3_ROW
    },
    RowTemplate {
        label: "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        core: "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
        group: G3_6,
        short: "（六）1.逾期不补正",
        keywords: &["不补正"],
        names: &[Name::Outcome, Name::OtherHandling],
        ..T3_ROW
    },
    RowTemplate {
        label: "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        core: "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
        group: G3_6,
        short: "（六）2.逾期未缴纳费用",
        keywords: &["缴纳费用", "收费通知"],
        names: &[Name::Outcome, Name::OtherHandling],
        ..T3_ROW
    },
    RowTemplate {
        label: "3.其他",
        core: "其他",
        group: G3_6,
        short: "（六）3.其他",
        exact: true,
        names: &[Name::Outcome, Name::OtherHandling, Name::Other],
        ..T3_ROW
    },
    RowTemplate {
        label: "（七）总计",
        core: "总计",
        group: G3,
        short: "（七）总计",
        keywords: &["总计"],
        exact: true,
        names: &[Name::OutcomeTotal],
        ..T3_ROW
    },
    RowTemplate {
        label: "四、结转下年度继续办理",
        core: "结转下年度继续办理",
        short: "四、结转下年度",
        keywords: &["结转下年度", "下年度继续", "继续办理"],
        names: &[Name::CarriedOut],
        ..T3_ROW
    },
];

pub static TABLE3_ROWS: [RowTemplate; 25] = T3_2021;

/// （六）其他处理 as one row, as the 2019 format has it.
const T3_OTHER_HANDLING: RowTemplate = RowTemplate {
    label: "（六）其他处理",
    core: "其他处理",
    group: G3,
    short: "（六）其他处理",
    keywords: &["其他处理"],
    names: &[Name::Outcome, Name::OtherHandling],
    ..T3_ROW
};

/// Table 三 of the 2019 format: the 2021 rows with （六）其他处理 as one row in place of its three
/// sub-rows (23 rows).
pub static TABLE3_2019_ROWS: [RowTemplate; 23] = {
    let mut rows = [T3_ROW; 23];
    let mut i = 0;
    // 一, 二 and （一）…（五）5.
    while i < 20 {
        rows[i] = T3_2021[i];
        i += 1;
    }
    rows[20] = T3_OTHER_HANDLING;
    // （七）总计 and 四、结转下年度继续办理.
    rows[21] = T3_2021[23];
    rows[22] = T3_2021[24];
    rows
};

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
const T4_COLUMN_NAMES: &[&[Name]] = {
    use Name::*;
    &[
        &[Review],
        &[Review],
        &[Review],
        &[Review],
        &[Review, Total],
        &[DirectSuit],
        &[DirectSuit],
        &[DirectSuit],
        &[DirectSuit],
        &[DirectSuit, Total],
        &[SuitAfterReview],
        &[SuitAfterReview],
        &[SuitAfterReview],
        &[SuitAfterReview],
        &[SuitAfterReview, Total],
    ]
};

/// Table 四's groups of columns, each its parts and its 总计: (name, English name, [`Name`]).
pub const T4_GROUPS: [(&str, &str, Name); 3] = [
    ("行政复议", "administrative review", Name::Review),
    ("未经复议直接起诉", "lawsuits filed directly", Name::DirectSuit),
    ("复议后起诉", "lawsuits after review", Name::SuitAfterReview),
];

pub static TABLE4_ROWS: [RowTemplate; 1] =
    [RowTemplate {
        short: "行政复议、行政诉讼", columns: T4_COLUMNS, column_names: T4_COLUMN_NAMES, ..T3_ROW
    }];

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
    columns_en: &[],
    column_groups: &[],
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
    columns_en: T3_COLUMNS_EN,
    column_groups: &[],
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
    columns_en: &[],
    column_groups: &T4_GROUPS,
};

pub static TABLE2_2019: TableTemplate = TableTemplate {
    kind: TableKind::Two,
    name_zh: "表二（主动公开）",
    name_en: "table 2 (proactive disclosure)",
    rows: &TABLE2_2019_ROWS,
    headers: &[
        (0, "第二十条第（一）项\t\t\t"),
        (0, "信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量"),
        (2, "第二十条第（五）项\t\t\t"),
        (2, "信息内容\t上一年项目数量\t本年增/减\t处理决定数量"),
        (4, "第二十条第（六）项\t\t\t"),
        (4, "信息内容\t上一年项目数量\t本年增/减\t处理决定数量"),
        (6, "第二十条第（八）项\t\t\t"),
        (6, "信息内容\t上一年项目数量\t本年增/减\t"),
        (7, "第二十条第（九）项\t\t\t"),
        (7, "信息内容\t采购项目数量\t采购总金额\t"),
    ],
    columns_en: &[],
    column_groups: &[],
};

pub static TABLE3_2019: TableTemplate = TableTemplate { rows: &TABLE3_2019_ROWS, ..TABLE3 };

/// The sections of the 2019 format: the same six, with wordings reports of those years carry
/// over from the earlier format (`五、政府信息公开工作存在的主要问题及改进情况`).
pub static SECTIONS_2019: [SectionTemplate; 6] = {
    let mut s = SECTIONS_2021;
    s[3].also = &[
        "因政府信息公开工作被申请行政复议、提起行政诉讼情况",
        "因政府信息公开申请行政复议、提起行政诉讼的情况",
        "因政府信息公开申请行政复议、提起行政诉讼情况",
    ];
    s[4].also = &["政府信息公开工作存在的主要问题及改进情况"];
    s
};

/// Words of the table-二 headers both formats share, and those of each (`Template::marks`).
const T2_HEADERS: [(TableKind, &[&str]); 2] = [(TableKind::Two, &["第二十条"]), (TableKind::Two, &["信息内容"])];

/// The format of 国办公开办函〔2019〕60号, for the reports of 2019 and 2020.
pub static FORMAT_2019: Template = Template {
    name: "2019",
    document: "国办公开办函〔2019〕60号",
    years: 2019..=2020,
    sections: &SECTIONS_2019,
    topics: &[],
    fee_statement: false,
    tables: [&TABLE2_2019, &TABLE3_2019, &TABLE4],
    headers: &[
        (TableKind::Three, &["勾稽关系"]),
        (TableKind::Three, &["申请人情况"]),
        (TableKind::Three, &["商业企业"]),
        (TableKind::Three, &["自然人"]),
        (TableKind::Four, &["行政复议", "行政诉讼"]),
        (TableKind::Four, &["尚未审结"]),
        (TableKind::Four, &["直接起诉"]),
        T2_HEADERS[0],
        T2_HEADERS[1],
        (TableKind::Two, &["本年新制作数量"]),
        (TableKind::Two, &["上一年项目数量"]),
        (TableKind::Two, &["采购项目数量"]),
    ],
    marks: &[
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "本年增减",
        "采购项目数量",
        "采购总金额",
    ],
};

/// The national format of 国办公开办函〔2021〕30号, for the reports of 2021 on.
pub static FORMAT_2021: Template = Template {
    name: "2021",
    document: "国办公开办函〔2021〕30号",
    years: 2021..=u32::MAX,
    sections: &SECTIONS,
    topics: &OVERVIEW_TOPICS,
    fee_statement: true,
    tables: [&TABLE2, &TABLE3, &TABLE4],
    headers: &[
        (TableKind::Three, &["勾稽关系"]),
        (TableKind::Three, &["申请人情况"]),
        (TableKind::Three, &["商业企业"]),
        (TableKind::Three, &["自然人"]),
        (TableKind::Four, &["行政复议", "行政诉讼"]),
        (TableKind::Four, &["尚未审结"]),
        (TableKind::Four, &["直接起诉"]),
        T2_HEADERS[0],
        T2_HEADERS[1],
    ],
    marks: &["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"],
};

/// A table of the current template (see `Report::template` for a report's own).
pub fn table(kind: TableKind) -> &'static TableTemplate {
    TEMPLATES[0].table(kind)
}

/// The table a section holds in the current template, if any.
pub fn section_table(id: SectionId) -> Option<TableKind> {
    TEMPLATES[0].section_table(id)
}

/// One row of the current template in the canonical tab layout with zero values (see
/// [`Template::render_row`]).
pub fn render_row(kind: TableKind, id: usize) -> String {
    TEMPLATES[0].render_row(kind, id)
}

/// The whole blank table of the current template (see [`Template::render_table`]).
pub fn render_table(kind: TableKind, eol: &str) -> String {
    TEMPLATES[0].render_table(kind, eol)
}

/// A section heading of the current template and its blank content (see
/// [`Template::render_section`]).
pub fn render_section(id: SectionId, eol: &str) -> String {
    TEMPLATES[0].render_section(id, eol)
}

/// A blank report in the current format: title, all six sections, all three tables.
pub fn render_report(agency: &str, year: u32, eol: &str) -> String {
    TEMPLATES[0].render_report(agency, year, eol)
}

impl Template {
    /// One row in the canonical tab layout with zero values, without a line ending. Table 三's
    /// rows carry their group label on the group's first row, as published reports do.
    pub fn render_row(&self, kind: TableKind, id: usize) -> String {
        let table = self.table(kind);
        let row = &table.rows[id];
        let zeros = vec!["0"; row.columns.len()].join("\t");
        match kind {
            TableKind::Four => zeros,
            TableKind::Two => format!("{}\t{}", row.label, zeros),
            TableKind::Three => {
                let first_of_group = id == 0 || table.rows[id - 1].group != row.group;
                match row.group {
                    None => format!("{}\t\t{zeros}", row.label),
                    Some(g) if table.row(Name::Outcome) == Some(id) => format!("{g}\t{}\t{zeros}", row.label),
                    Some(_) if row.label.starts_with('（') => format!("\t{}\t{zeros}", row.label),
                    Some(g) if first_of_group => format!("\t{g}\t{}\t{zeros}", row.label),
                    Some(_) => format!("\t\t{}\t{zeros}", row.label),
                }
            }
        }
    }

    /// The whole blank table: header lines and every row with zeros, each line ended by `eol`.
    pub fn render_table(&self, kind: TableKind, eol: &str) -> String {
        let t = self.table(kind);
        let mut out = String::new();
        for (i, _) in t.rows.iter().enumerate() {
            for (_, h) in t.headers.iter().filter(|(at, _)| *at == i) {
                out.push_str(h);
                out.push_str(eol);
            }
            out.push_str(&self.render_row(kind, i));
            out.push_str(eol);
        }
        out
    }

    /// A section heading and, for 二/三/四, its blank table (一: its topic headings; 六: a fee
    /// statement). Ends with a blank line, so sections can be concatenated.
    pub fn render_section(&self, id: SectionId, eol: &str) -> String {
        let s = self.section(id);
        let mut out = s.heading();
        out.push_str(eol);
        out.push_str(eol);
        if let Some(kind) = self.section_table(id) {
            out.push_str(&self.render_table(kind, eol));
            out.push_str(eol);
        } else if id == 1 {
            for (i, (name, _, _)) in self.topics.iter().enumerate() {
                out.push_str(&format!("（{}）{name}{eol}{eol}", self.sections[i].numeral));
            }
        } else if id == 6 {
            out.push_str("本年度未收取信息处理费。");
            out.push_str(eol);
            out.push_str(eol);
        }
        out
    }

    /// A blank report in this format: title, all six sections, all three tables.
    pub fn render_report(&self, agency: &str, year: u32, eol: &str) -> String {
        let mut out = format!("{agency} {year} 年政府信息公开工作年度报告{eol}{eol}");
        for s in self.sections {
            out.push_str(&self.render_section(s.id, eol));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::label_key;

    #[test]
    fn tables_fit_the_arithmetic() {
        for t in TEMPLATES.iter().flat_map(|t| t.tables) {
            assert!(t.rows.len() <= crate::arith::MAX_ROWS, "{}", t.name_zh);
            assert!(t.rows.iter().all(|r| r.columns.len() <= crate::arith::MAX_COLUMNS), "{}", t.name_zh);
            assert!(t.rows.iter().all(|r| r.column_names.len() == r.columns.len()), "{}", t.name_zh);
        }
    }

    #[test]
    fn row_cores_are_the_keys_of_their_labels() {
        for t in TEMPLATES.iter().flat_map(|t| t.tables) {
            for r in t.rows {
                assert_eq!(r.core, label_key(r.label), "{}", r.label);
            }
        }
    }

    #[test]
    fn blank_report_is_a_clean_report() {
        for (template, year) in [(&FORMAT_2021, 2024), (&FORMAT_2019, 2020)] {
            let text = template.render_report("某某局", year, "\n");
            let r = crate::parse::parse(&text);
            assert!(r.is_report());
            assert_eq!(r.title.as_ref().unwrap().year, Some(year));
            assert_eq!(r.template().name, template.name);
            let found = crate::check(&text, &Default::default());
            assert!(found.is_empty(), "{}: {found:#?}", template.name);
        }
    }

    #[test]
    fn each_format_is_told_by_its_own_header_words() {
        for (i, t) in TEMPLATES.iter().enumerate() {
            let header = t.table(TableKind::Two).headers.iter().map(|(_, h)| label_key(h)).collect::<String>();
            assert_eq!(Edition::marked_by(&header), Some(Edition(i as u8)), "{}", t.name);
            assert_eq!(Edition(i as u8).template().name, t.name);
        }
        // Each format's years are its own.
        assert_eq!(Edition::for_year(Some(2020)).template().name, "2019");
        assert_eq!(Edition::for_year(Some(2021)).template().name, "2021");
        assert_eq!(Edition::for_year(Some(2018)).template().name, "2021");
    }

    #[test]
    fn the_2019_rows_are_the_2021_ones_but_for_other_handling() {
        let (old, new) = (FORMAT_2019.table(TableKind::Three), FORMAT_2021.table(TableKind::Three));
        assert_eq!(old.rows.len(), 23);
        let other = |t: &TableTemplate| t.rows_named(Name::OtherHandling).map(|i| t.rows[i].label).collect::<Vec<_>>();
        assert_eq!(other(old), ["（六）其他处理"]);
        assert_eq!(other(new).len(), 3);
        let kept = |t: &TableTemplate| {
            t.rows.iter().filter(|r| !r.names.contains(&Name::OtherHandling)).map(|r| r.label).collect::<Vec<_>>()
        };
        assert_eq!(kept(old), kept(new));
    }
}
