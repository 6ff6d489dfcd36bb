//! NB301 narrative-count: a count in the prose that restates a table value agrees with it.

use super::Context;
use crate::arith::Arith;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::model::TableKind;
use crate::normalize::{first_chars, narrow, without_whitespace};
use crate::prose::{self, finder, percent_matches, Stated, CLAUSE_STOPS};
use crate::template::Name;
use crate::Lang;
use std::ops::Range;

crate::declare_rule! {
    /// Checks that counts stated in the prose agree with the tables, where the sentence clearly
    /// speaks of the same quantity:
    /// - applications received (`收到…申请 N 件` = 一's 总计; `受理…申请 N 件` = 一, or 一 + 二;
    ///   `未收到…申请` means 一 = 0) and carried over (`上年结转 N 件` = 二; `结转下年度 N 件` = 四);
    /// - applications all completed (`…政府信息公开申请均已办结`, `全部按时办结`, `已全部办结`)
    ///   while 四、结转下年度继续办理 is above 0 — in a sentence about 政府信息公开/依申请公开
    ///   whose completed subject is applications (`12345热线47件，已全部办结` is not), and
    ///   not `其余…`, `除…外` or `上年结转的…`;
    /// - applicants (`自然人 80 件`, `商业企业 1 件`, `法人或其他组织 N 件`) against 一 (or 一 + 二);
    /// - outcomes (`予以公开 42 件`, `予以公开及部分公开 N 件`, `不予公开`, `无法提供`,
    ///   `不予处理`, `其他处理`) and their percentages (`占 51.85%`, of （七）总计, 一, or 一 + 二,
    ///   rounded or truncated to the decimals written);
    /// - `行政复议 N 件` / `行政诉讼 N 件` about information disclosure against table 四
    ///   (诉讼 = 直接起诉 + 复议后起诉), except cases handled as a review body (`备案`, `审理`);
    /// - `现行有效…规范性文件 N 件` and `制发…规范性文件 N 件` against table 二.
    ///
    /// When last year's report of the same agency is at hand (same folder or workspace, or
    /// `--previous FILE`), year-on-year figures about these same quantities are recomputed from
    /// both reports' tables:
    /// - differences: `比上年增加 12 件`, `较去年减少 3 件`, `同比增加 12 件`, `比2022年多 5 件`,
    ///   `与上年相比，收到申请增加 12 件`;
    /// - percentages: `同比增长 8.96%`, `同比下降 20%`, `，增长率为 9%` after a difference —
    ///   (this year − last year) / last year, rounded or truncated to the decimals written;
    ///   none when last year's value is 0;
    /// - the direction (`增加`/`增长`/`上升`/`多` against `减少`/`下降`/`少`, also alone: `同比有所下降`)
    ///   and `与上年持平` (equal).
    ///
    /// The figure belongs to the count right before it (`收到申请 146 件，同比…`) or to the words
    /// before it in its clause (`收到申请同比…`). Shares and rates (`占比`, `比例`, `…率`),
    /// approximations (`约`, `10 余件`, `基本持平`), other units (`个百分点`, `倍`), another year
    /// than last year, and subjects whose scope is unclear are not checked. A difference is never
    /// compared with this year's count.
    ///
    /// A finding is a warning when the reading is unambiguous: the words naming the table's
    /// quantity stand in the count's own clause (`收到政府信息公开申请 147 件`,
    /// `因政府信息公开被申请行政复议 5 件`, `制发规范性文件 3 件`), or, for the rows only table
    /// 三 has (结转, the outcomes), its sentence is about applications. When only the sentence
    /// names it (`做好政府信息公开工作，全年办理行政复议 5 件`, `依法予以公开政府文件 100 件` in
    /// a sentence about 主动公开), the finding is info.
    ///
    /// ## Why
    /// Authors update the tables and forget the sentences that repeat them (or copy last
    /// year's); readers see two different numbers for one thing.
    ///
    /// ## Example
    /// `共收到政府信息公开申请 147 件` with 一、本年新收 总计 = 146 gives
    /// `正文称收到申请 147 件，与表格中的 146 不一致`.
    ///
    /// With last year's report saying 134 received, `共收到政府信息公开申请 146 件，同比增长 10.00%`
    /// gives `正文称收到申请同比增长 10.00%，按上年（2022.txt）134 件、本年 146 件计算应为增长 8.96%`.
    ///
    /// ## Fix
    /// None: which of the two is right is for the author to say.
    pub static NB301 = Rule {
        code: "NB301",
        name: "narrative-count",
        severity: Warning,
        fix: None,
        summary_zh: "正文中的数字与表格一致",
        summary_en: "counts in the prose agree with the tables",
        words: ["件", "收到", "办结"],
        check: check,
    };
    doc_zh {
        /// 检查正文中写明的数字与表格是否一致，只检查句子明确说的是同一个数量的情形：
        /// - 收到的申请（`收到…申请 N 件` = 一的总计；`受理…申请 N 件` = 一，或 一 + 二；
        ///   `未收到…申请` 即 一 = 0）和结转的申请（`上年结转 N 件` = 二；`结转下年度 N 件` = 四）；
        /// - 申请已全部办结（`…政府信息公开申请均已办结`、`全部按时办结`、`已全部办结`），而
        ///   四、结转下年度继续办理大于 0——只看谈政府信息公开/依申请公开、且办结的主语是申请的句子
        ///   （`12345热线47件，已全部办结` 不算），`其余…`、`除…外`、`上年结转的…` 也不算；
        /// - 申请人（`自然人 80 件`、`商业企业 1 件`、`法人或其他组织 N 件`），与一（或 一 + 二）核对；
        /// - 办理结果（`予以公开 42 件`、`予以公开及部分公开 N 件`、`不予公开`、`无法提供`、
        ///   `不予处理`、`其他处理`）及其百分比（`占 51.85%`，以（七）总计、一或 一 + 二 为基数，
        ///   按所写的小数位数四舍五入或截断）；
        /// - 关于政府信息公开的 `行政复议 N 件` / `行政诉讼 N 件`，与表四核对
        ///   （诉讼 = 直接起诉 + 复议后起诉），作为复议机关办理的案件（`备案`、`审理`）除外；
        /// - `现行有效…规范性文件 N 件` 和 `制发…规范性文件 N 件`，与表二核对。
        ///
        /// 同一机关上年的报告在手时（在同一文件夹或工作区中，或用 `--previous FILE` 指定），
        /// 关于上述同一数量的同比数字，会用两份报告的表格重新计算：
        /// - 差值：`比上年增加 12 件`、`较去年减少 3 件`、`同比增加 12 件`、`比2022年多 5 件`、
        ///   `与上年相比，收到申请增加 12 件`；
        /// - 百分比：`同比增长 8.96%`、`同比下降 20%`，以及差值之后的 `，增长率为 9%`——即
        ///   （本年 − 上年）/ 上年，按所写的小数位数四舍五入或截断；上年为 0 时不计算；
        /// - 方向（`增加`/`增长`/`上升`/`多` 与 `减少`/`下降`/`少`，也可以单独出现：
        ///   `同比有所下降`）以及 `与上年持平`（相等）。
        ///
        /// 同比数字归属于紧挨在它前面的数（`收到申请 146 件，同比…`），或它所在分句中前面的
        /// 文字（`收到申请同比…`）。占比和比率（`占比`、`比例`、`…率`）、约数（`约`、`10 余件`、
        /// `基本持平`）、其他单位（`个百分点`、`倍`）、上年以外的年份，以及范围不明确的主语，
        /// 都不检查。差值从不与本年的数核对。
        ///
        /// 读法无歧义时提示为警告：指明表格中那个数量的词就在该数所在的分句里
        /// （`收到政府信息公开申请 147 件`、`因政府信息公开被申请行政复议 5 件`、`制发规范性文件 3 件`），
        /// 或者对只有表三才有的行（结转、办理结果）而言，句子谈的是申请。只有句子其他地方点明时
        /// （`做好政府信息公开工作，全年办理行政复议 5 件`，谈主动公开的句子中的
        /// `依法予以公开政府文件 100 件`），提示为提示信息。
        ///
        /// ## 为什么
        /// 作者更新了表格，却忘了正文中重复这些数字的句子（或照抄了上年的句子）；读者会看到
        /// 同一件事有两个不同的数。
        ///
        /// ## 示例
        /// `共收到政府信息公开申请 147 件`，而一、本年新收的总计为 146，提示
        /// `正文称收到申请 147 件，与表格中的 146 不一致`。
        ///
        /// 上年报告写收到 134 件，`共收到政府信息公开申请 146 件，同比增长 10.00%` 提示
        /// `正文称收到申请同比增长 10.00%，按上年（2022.txt）134 件、本年 146 件计算应为增长 8.96%`。
        ///
        /// ## 修复
        /// 无：两者哪个对，应由作者确定。
    }
}

/// The rule's messages, Chinese and English side by side. `zh`, `en`: what a claim counts
/// (`予以公开`, `disclosed in full`).
enum Msg<'a> {
    /// The prose says nothing was received; table 三's 一、本年新收 totals `n`.
    NoneReceived {
        n: u64,
    },
    /// The related location of `NoneReceived`.
    NewTotal,
    /// The prose says every application was completed (`phrase`: `均已办结`); table 三's
    /// 四、结转下年度继续办理 totals `n`.
    AllCompleted {
        phrase: &'a str,
        n: u64,
    },
    /// The related location of `AllCompleted`.
    CarriedOutTotal,
    /// A stated count that is none of the table's values for it.
    Differs {
        zh: &'a str,
        en: &'a str,
        value: u64,
        table: &'a [u64],
    },
    /// The related location of `Differs`.
    TableValue,
    /// A stated percentage that fits no base (`share`: the share of the first base).
    Share {
        zh: &'a str,
        value: u64,
        share: &'a str,
        pct: f64,
        bases: &'a str,
    },
    /// A year-on-year change `written` that last year's `b` and this year's `n` do not make.
    YearOnYear {
        zh: &'a str,
        en: &'a str,
        written: &'a str,
        last: &'a str,
        b: u64,
        n: u64,
        expected: &'a str,
    },
    /// The related location of `YearOnYear`.
    ThisYearValue,
    /// What a change is (`expected` of `YearOnYear`), in the form it was stated in.
    Unchanged,
    ChangePercent {
        up: bool,
        pct: f64,
        decimals: usize,
    },
    ChangeCount {
        up: bool,
        diff: u128,
    },
}

impl Msg<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Msg::NoneReceived { n } => lang.pick(
                format!("正文称未收到申请，但表三“一、本年新收”总计为 {n}"),
                format!("the prose says no applications were received, but table 3 row I totals {n}"),
            ),
            Msg::NewTotal => lang.pick("表三“一、本年新收”总计", "table 3, row I, total").to_owned(),
            Msg::AllCompleted { phrase, n } => lang.pick(
                format!("正文称申请{phrase}，但表三“四、结转下年度继续办理”总计为 {n}"),
                format!("the prose says every application was completed ({phrase}), but table 3 row IV (carried over to next year) totals {n}"),
            ),
            Msg::CarriedOutTotal => lang.pick("表三“四、结转下年度继续办理”总计", "table 3, row IV, total").to_owned(),
            Msg::Differs { zh, en, value, table } => {
                let table = table.iter().map(u64::to_string).collect::<Vec<_>>().join(lang.pick(" 或 ", " or "));
                lang.pick(
                    format!("正文称{zh} {value} 件，与表格中的 {table} 不一致"),
                    format!("the prose states {value} {en} ({zh}), but the table has {table}"),
                )
            }
            Msg::TableValue => lang.pick("表格中的数值", "the table's value").to_owned(),
            Msg::Share { zh, value, share, pct, bases } => lang.pick(
                format!("{zh} {value} 件占比应为 {share}，此处为 {pct}%（以 {bases} 为基数均不符）"),
                format!("{zh} {value} is {share} of the total, not {pct}% (no base among {bases} fits)"),
            ),
            Msg::YearOnYear { zh, en, written, last, b, n, expected } => lang.pick(
                format!("正文称{zh}{written}，按上年（{last}）{b} 件、本年 {n} 件计算应为{expected}"),
                format!("the prose says {en} ({zh}) {written}, but last year's {b} ({last}) and this year's {n} make {expected}"),
            ),
            Msg::ThisYearValue => lang.pick("本年表格中的数值", "this year's value in the table").to_owned(),
            Msg::Unchanged => lang.pick("持平", "no change").to_owned(),
            Msg::ChangePercent { up, pct, decimals: d } => lang.pick(
                format!("{} {pct:.d$}%", if up { "增长" } else { "下降" }),
                format!("{} of {pct:.d$}%", if up { "an increase" } else { "a decrease" }),
            ),
            Msg::ChangeCount { up, diff } => lang.pick(
                format!("{} {diff} 件", if up { "增加" } else { "减少" }),
                format!("{} of {diff}", if up { "an increase" } else { "a decrease" }),
            ),
        }
    }
}

/// What a stated count refers to: names, the acceptable table values, and whether the
/// percentages after it are shares of the outcomes.
struct Claim {
    zh: &'static str,
    en: &'static str,
    values: Vec<u64>,
    cells: Vec<std::ops::Range<usize>>,
}

/// The rows of table 三 called `name` (a row or a group of rows), as this report's template has them.
fn t3_rows(ctx: &Context, name: Name) -> Vec<usize> {
    ctx.report.template().table(TableKind::Three).rows_named(name).collect()
}

/// The total (总计 column) of table-三 row `row`.
fn t3_total(ctx: &Context, row: usize) -> Option<u64> {
    ctx.arith.t3(row, ctx.report.template().table(TableKind::Three).rows[row].column(&[Name::Total])?)
}

/// Sum of the totals of the rows called `name`; `None` when there are none, one is unknown or
/// the sum does not fit in u64.
fn t3_sum(ctx: &Context, name: Name) -> Option<u64> {
    let rows = t3_rows(ctx, name);
    if rows.is_empty() {
        return None;
    }
    checked_sum(rows.into_iter().map(|r| t3_total(ctx, r)))
}

/// Sum of counts, `None` when one is unknown or the sum does not fit in u64 (never wrapped).
fn checked_sum(mut values: impl Iterator<Item = Option<u64>>) -> Option<u64> {
    values.try_fold(0u64, |acc, v| acc.checked_add(v?))
}

/// The 总计 cells of the rows called by `names`, for related locations.
fn t3_cells(ctx: &Context, names: &[Name]) -> Vec<std::ops::Range<usize>> {
    let Some(t) = ctx.report.table(TableKind::Three) else { return Vec::new() };
    let tpl = ctx.report.template().table(TableKind::Three);
    let rows = names.iter().flat_map(|&n| tpl.rows_named(n));
    rows.filter_map(|r| t.cell(r, tpl.rows[r].column(&[Name::Total])?).map(|c| c.span.clone())).collect()
}

/// Outcomes named in prose: (word, English, the rows it counts).
const OUTCOMES: [(&str, &str, Name); 6] = [
    ("予以公开", "disclosed", Name::Disclosed),
    ("部分公开", "partly disclosed", Name::PartlyDisclosed),
    ("不予公开", "not disclosed", Name::Withheld),
    ("无法提供", "could not be provided", Name::NotHeld),
    ("不予处理", "not processed", Name::NotProcessed),
    ("其他处理", "otherwise handled", Name::OtherHandling),
];

/// Applicants named in prose: the table-三 columns whose own name the prose uses.
const APPLICANTS: [Name; 5] = [
    Name::NaturalPersons,
    Name::Businesses,
    Name::ResearchInstitutions,
    Name::PublicInterestOrganisations,
    Name::LegalServiceProviders,
];

fn claim(ctx: &Context, subject: &str, sentence: &str) -> Option<Claim> {
    let has = |w: &str| subject.contains(w);
    let about_requests = sentence.contains("申请");
    let t3 = ctx.report.template().table(TableKind::Three);
    let row = |name| t3.row(name);
    let new = row(Name::New).and_then(|r| t3_total(ctx, r));
    let carried = row(Name::CarriedIn).and_then(|r| t3_total(ctx, r));
    let both = new.zip(carried).and_then(|(a, b)| a.checked_add(b));
    let mk = |zh, en, values: Vec<Option<u64>>, cells| -> Option<Claim> {
        let values: Vec<u64> = values.into_iter().collect::<Option<_>>()?;
        Some(Claim { zh, en, values, cells })
    };
    if has("上年") && has("结转") {
        return mk("上年结转", "carried over from last year", vec![carried], t3_cells(ctx, &[Name::CarriedIn]));
    }
    if has("结转下年") || has("转入下年") {
        let carried_out = row(Name::CarriedOut).and_then(|r| t3_total(ctx, r));
        return mk("结转下年度", "carried over to next year", vec![carried_out], t3_cells(ctx, &[Name::CarriedOut]));
    }
    if has("予以公开") && has("部分公开") {
        let names = [Name::Disclosed, Name::PartlyDisclosed];
        let sum = t3_sum(ctx, names[0]).zip(t3_sum(ctx, names[1])).and_then(|(a, b)| a.checked_add(b));
        return mk("予以公开及部分公开", "disclosed in full or in part", vec![sum], t3_cells(ctx, &names));
    }
    if let Some(&(zh, en, name)) = OUTCOMES.iter().find(|(w, _, _)| has(w)) {
        return mk(zh, en, vec![t3_sum(ctx, name)], t3_cells(ctx, &[name]));
    }
    if about_requests {
        let columns = &t3.rows.first()?;
        let col_value = |cols: &[usize], name| {
            let r = row(name)?;
            checked_sum(cols.iter().map(|&c| ctx.arith.t3(r, c)))
        };
        let named = |cols: Vec<usize>| {
            let n = col_value(&cols, Name::New);
            let b = n.zip(col_value(&cols, Name::CarriedIn)).and_then(|(a, b)| a.checked_add(b));
            vec![n, b]
        };
        let column = APPLICANTS.iter().filter_map(|&n| columns.column(&[n])).find(|&c| has(columns.columns[c]));
        if let Some(c) = column {
            let (zh, en) = (columns.columns[c], t3.column_name(0, c, crate::Lang::En));
            return mk(zh, en, named(vec![c]), Vec::new());
        }
        if has("法人") {
            let cols = columns.columns_with(&[Name::Organisations]).collect();
            return mk("法人或其他组织", "legal persons and other organisations", named(cols), Vec::new());
        }
        if has("收到") || has("新收") {
            return mk("收到申请", "applications received", vec![new], t3_cells(ctx, &[Name::New]));
        }
        if has("受理") {
            return mk(
                "受理申请",
                "applications accepted",
                vec![new, both],
                t3_cells(ctx, &[Name::New, Name::CarriedIn]),
            );
        }
    }
    let about_disclosure = sentence.contains("信息公开") && !sentence.contains("备案") && !sentence.contains("审理");
    if about_disclosure {
        let t4 = ctx.report.template().table(TableKind::Four);
        let row = ctx.report.table(TableKind::Four).and_then(|t| t.rows.first());
        // The 总计 columns of table 四's groups, their sum, and their cells.
        let totals = |groups: &[Name]| {
            let cols: Vec<usize> = groups.iter().filter_map(|&g| t4.rows[0].column(&[g, Name::Total])).collect();
            let value =
                if cols.len() == groups.len() { checked_sum(cols.iter().map(|&c| ctx.arith.t4(c))) } else { None };
            let cells = row.map(|r| cols.iter().filter_map(|&c| r.cells.get(c)).map(|c| c.span.clone()).collect());
            (value, cells.unwrap_or_default())
        };
        if has("行政复议") {
            let (value, cells) = totals(&[Name::Review]);
            return mk("行政复议", "administrative reviews", vec![value], cells);
        }
        if has("行政诉讼") {
            let (value, cells) = totals(&[Name::DirectSuit, Name::SuitAfterReview]);
            return mk("行政诉讼", "lawsuits", vec![value], cells);
        }
    }
    if sentence.contains("规范性文件") {
        let t2 = ctx.report.table(TableKind::Two)?;
        let tpl = ctx.report.template().table(TableKind::Two);
        let id = tpl.row(Name::NormativeDocuments)?;
        let name = if has("现行有效") {
            Name::InForce
        } else if has("制发") || has("印发") || has("出台") {
            Name::Issued
        } else if has("废止") {
            Name::Repealed
        } else {
            return None;
        };
        let col = tpl.rows[id].column(&[name])?;
        let cell = t2.cell(id, col)?;
        let (zh, en) =
            [(Name::Issued, "issued this year"), (Name::Repealed, "repealed this year"), (Name::InForce, "in force")]
                .into_iter()
                .find(|(n, _)| *n == name)
                .map(|(_, en)| (tpl.rows[id].columns[col], en))?;
        return mk(zh, en, vec![cell.count()], vec![cell.span.clone()]);
    }
    None
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.report.table(TableKind::Three).is_none() {
        return;
    }
    let t3 = ctx.report.template().table(TableKind::Three);
    let total = |name| t3.row(name).and_then(|r| t3_total(ctx, r));
    let outcome_base: Vec<u64> = [
        total(Name::OutcomeTotal),
        total(Name::New),
        total(Name::New).zip(total(Name::CarriedIn)).and_then(|(a, b)| a.checked_add(b)),
    ]
    .into_iter()
    .flatten()
    .collect();
    // Last year's table values, resolved once, when a paragraph first compares with last year.
    let last_year = std::cell::OnceCell::new();
    let (mut jian, mut shou_dao) = (ctx.marks.cursor("件"), ctx.marks.cursor("收到"));
    let mut ban_jie = ctx.marks.cursor("办结");
    for para in ctx.paragraphs.iter().cloned() {
        let (shou_dao, jian, ban_jie) = (shou_dao.within(&para), jian.within(&para), ban_jie.within(&para));
        if !ban_jie.is_empty() {
            all_completed(ctx, para.clone(), ban_jie, out);
        }
        // Most paragraphs state no count: nothing to read in them but year-on-year figures.
        if shou_dao.is_empty() && jian.is_empty() && ctx.previous.is_none() {
            continue;
        }
        let p = &ctx.text[para.clone()];
        // `未收到…申请`: nothing was received. Each `收到`, then a look at what precedes it.
        let not_received = shou_dao.iter().filter_map(|at| {
            let head = &p[..at - para.start];
            head.strip_suffix('未').or_else(|| head.strip_suffix("没有")).map(str::len)
        });
        for i in not_received {
            let tail = first_chars(&p[i..], 16);
            if !tail.contains("申请") {
                continue;
            }
            if let Some(n) = total(Name::New).filter(|n| *n != 0) {
                let span = para.start + i..para.start + i + tail.find("申请").unwrap_or(0) + "申请".len();
                let message = Msg::NoneReceived { n }.text(ctx.lang);
                out.push(NB301.diag_related(
                    span,
                    message,
                    None,
                    related(&Msg::NewTotal.text(ctx.lang), t3_cells(ctx, &[Name::New])),
                ));
            }
        }
        let counts = prose::counts(ctx.text, para.clone(), jian);
        for stated in &counts {
            let subject = without_whitespace(&ctx.text[stated.subject.clone()]);
            // `比上年增加 12 件`, `与上年相比，收到申请增加 12 件`: a difference, not the count.
            if compares_years(&subject) || ends_in_change(&subject) {
                continue;
            }
            let sentence = &ctx.text[stated.sentence.clone()];
            let Some(cl) = claim(ctx, &subject, sentence) else { continue };
            let severity = severity(cl.zh, &subject, sentence);
            if !cl.values.contains(&stated.value) {
                let mut values = cl.values.clone();
                values.dedup();
                let message = Msg::Differs { zh: cl.zh, en: cl.en, value: stated.value, table: &values }.text(ctx.lang);
                out.push(with_severity(
                    severity,
                    NB301.diag_related(
                        stated.span.clone(),
                        message,
                        None,
                        related(&Msg::TableValue.text(ctx.lang), cl.cells.clone()),
                    ),
                ));
                continue;
            }
            let Some((pspan, pct, decimals)) = stated.percent.clone() else { continue };
            if !["予以公开", "部分公开", "予以公开及部分公开", "不予公开", "无法提供", "不予处理", "其他处理"]
                .contains(&cl.zh)
            {
                continue;
            }
            if !outcome_base.iter().any(|&base| percent_matches(pct, decimals, stated.value, base)) {
                let bases = outcome_base.iter().map(u64::to_string).collect::<Vec<_>>().join("/");
                let share = share(stated.value, outcome_base.first().copied(), decimals);
                let message =
                    Msg::Share { zh: cl.zh, value: stated.value, share: &share, pct, bases: &bases }.text(ctx.lang);
                out.push(with_severity(severity, NB301.diag(pspan, message, None)));
            }
        }
        if let Some(prev) = ctx.previous {
            year_on_year(ctx, prev, &last_year, para, &counts, out);
        }
    }
}

/// How sure the reading of a count is (see the rule's doc): a warning when the words that
/// name the table's quantity stand in the count's own clause (`subject`), or, for the rows that
/// only table 三 has (结转, the outcomes), when its sentence is about applications; info when
/// only the sentence names it (`做好政府信息公开工作，全年办理行政复议 5 件`: which reviews?).
fn severity(claim: &str, subject: &str, sentence: &str) -> Severity {
    let sure = match claim {
        "收到申请" | "受理申请" => subject.contains("申请"),
        "行政复议" | "行政诉讼" => subject.contains("信息公开"),
        "上年结转" | "结转下年度" | "予以公开及部分公开" => sentence.contains("申请"),
        _ if OUTCOMES.iter().any(|(w, _, _)| *w == claim) => sentence.contains("申请"),
        // The applicants (read only in a sentence about applications, by their own name).
        _ if APPLICANT_WORDS.contains(&claim) => true,
        // Table 二's 规范性文件 columns.
        _ => subject.contains("规范性文件"),
    };
    if sure {
        Severity::Warning
    } else {
        Severity::Info
    }
}

/// The names the applicant claims carry (table 三's column names, and the group's).
const APPLICANT_WORDS: &[&str] = &["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "法人或其他组织"];

fn with_severity(severity: Severity, mut d: Diagnostic) -> Diagnostic {
    d.severity = severity;
    d
}

/// Words that make a completion phrase speak of some applications only, or of others than
/// this year's: `其余…均已办结`, `除…外`, `上年结转的…均已办结`.
const NOT_ALL: &[&str] = &["其余", "剩余", "余下", "除", "其他", "结转"];

/// `…政府信息公开申请均已办结` / `全部按时办结` / `已全部办结` while table 三 carries
/// applications over to next year (四、结转下年度继续办理 above 0). `at`: where `办结` stands
/// in paragraph `para`.
fn all_completed(ctx: &Context, para: Range<usize>, at: &[usize], out: &mut Vec<Diagnostic>) {
    let t3 = ctx.report.template().table(TableKind::Three);
    let Some(carried) = t3.row(Name::CarriedOut).and_then(|r| t3_total(ctx, r)).filter(|n| *n > 0) else { return };
    let p = &ctx.text[para.clone()];
    let clause_start =
        |end: usize| p[..end].rfind(CLAUSE_STOPS).map_or(0, |j| j + p[j..].chars().next().map_or(1, char::len_utf8));
    let stops = prose::sentence_stops(p);
    for i in at.iter().map(|at| at - para.start) {
        let end = i + "办结".len();
        if p[end..].starts_with('率') {
            continue;
        }
        let start = clause_start(i);
        let clause = &p[start..i];
        // `均` or `全部` before it in its clause, and no negation (`尚未全部办结`).
        let Some(q) = [clause.find('均'), clause.find("全部")].into_iter().flatten().min() else { continue };
        if ["未", "没有", "不"].iter().any(|w| clause.contains(w)) {
            continue;
        }
        // What was completed: the words before `均` in the clause, or the clause before it
        // (`收到政府信息公开申请 146 件，全部按时办结`).
        let lead =
            clause[..q].trim_matches(|c: char| c.is_whitespace() || matches!(c, '已' | '并' | '且' | '都' | '也'));
        let subject = if lead.chars().count() >= 2 {
            lead
        } else {
            let before = p[..start].trim_end_matches(CLAUSE_STOPS);
            &before[clause_start(before.len())..]
        };
        let around = prose::sentence_around(&stops, p.len(), i);
        let (sentence, head) = (&p[around.clone()], &p[around.start.min(start + q)..start + q]);
        if !subject.contains("申请")
            || !(sentence.contains("信息公开") || sentence.contains("依申请"))
            || NOT_ALL.iter().any(|w| head.contains(w))
        {
            continue;
        }
        let phrase = &p[start + q..end];
        let message = Msg::AllCompleted { phrase, n: carried }.text(ctx.lang);
        out.push(NB301.diag_related(
            para.start + start + q..para.start + end,
            message,
            None,
            related(&Msg::CarriedOutTotal.text(ctx.lang), t3_cells(ctx, &[Name::CarriedOut])),
        ));
    }
}

// ---------------------------------------------------------------------------------------------
// Year on year: `比上年增加 12 件`, `同比增长 8.96%`, `与上年持平`, recomputed from last year's report.

/// Which way a year-on-year statement goes: 1 up, −1 down, 0 unchanged (`持平`).
type Sign = i8;

/// What a year-on-year statement says after its direction word.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Said {
    /// `增加 12 件`.
    Count(u64),
    /// `增长 8.96%`: the value and the number of decimals written.
    Percent(f64, u32),
    /// `有所增加`, `持平`: the direction alone.
    Direction,
}

/// One year-on-year figure. Offsets are relative to the paragraph.
#[derive(Clone, Debug, PartialEq)]
struct Change {
    /// From the comparison (`同比`, `比上年`) or the chained direction word (`，增长 8.96%`)
    /// to the end of the unit.
    span: Range<usize>,
    sign: Sign,
    said: Said,
}

/// What a year-on-year statement is about.
#[derive(Clone, Debug, PartialEq)]
enum About {
    /// The count whose `件` ends here: `收到申请 146 件，同比增长 10%`.
    CountEndingAt(usize),
    /// The words naming the quantity: `收到申请同比增长 10%`, `与上年相比，收到申请增加 12 件`.
    Words(Range<usize>),
}

/// A comparison with last year and the figures it states (`比上年增加 12 件，增长 8.96%`).
#[derive(Clone, Debug, PartialEq)]
struct Statement {
    about: About,
    /// The sentence it stands in.
    sentence: Range<usize>,
    /// The year named (`比2022年`), if written as a year.
    year: Option<u32>,
    changes: Vec<Change>,
}

/// Direction words, longer first; single characters only count before a number (`多 5 件`).
const DIRECTIONS: &[(&str, Sign)] = &[
    ("持平", 0),
    ("增加", 1),
    ("增长", 1),
    ("上升", 1),
    ("提高", 1),
    ("提升", 1),
    ("上涨", 1),
    ("增多", 1),
    ("减少", -1),
    ("下降", -1),
    ("降低", -1),
    ("下滑", -1),
    ("回落", -1),
    ("增", 1),
    ("多", 1),
    ("减", -1),
    ("降", -1),
    ("少", -1),
];

/// Words before a subject that make it something else than the count: a share, a rate, an average.
const NOT_A_COUNT: &[&str] = &["占", "比例", "比重", "率", "平均", "均", "幅", "分别"];

fn skip_spaces(p: &str, i: usize) -> usize {
    i + p[i..].len() - p[i..].trim_start_matches([' ', '\u{3000}', '\t', '\u{a0}']).len()
}

/// The end of the first of `words` that `p` has at `i`.
fn eat(p: &str, i: usize, words: &[&str]) -> Option<usize> {
    words.iter().find(|w| p[i..].starts_with(**w)).map(|w| i + w.len())
}

/// At a clause or sentence stop, or the end of the paragraph.
fn at_stop(p: &str, i: usize) -> bool {
    p[i..].chars().next().is_none_or(|c| CLAUSE_STOPS.contains(&c))
}

/// `上年`, `上年度`, `上一年度`, `去年`, `2022 年(度)`, then optionally `同期`, from `i`:
/// its end and the year when written as one.
fn period(p: &str, i: usize) -> Option<(usize, Option<u32>)> {
    let j = skip_spaces(p, i);
    let (k, year) = match eat(p, j, &["上一年度", "上一年", "上年度", "上年", "去年"]) {
        Some(k) => (k, None),
        None => {
            let digits: String = p[j..].chars().take_while(|c| narrow(*c).is_ascii_digit()).map(narrow).collect();
            if digits.len() != 4 {
                return None;
            }
            let after = skip_spaces(p, j + first_chars(&p[j..], 4).len());
            let k = eat(p, after, &["年度", "年"])?;
            (k, digits.parse().ok())
        }
    };
    Some((eat(p, k, &["同期"]).unwrap_or(k), year))
}

/// A comparison with last year around the `比`, `较`, `与` or `和` at `i`: `同比(上年)`,
/// `比上年(度)(同期)`, `较去年`, `比2022年`, `与上年(同期)相比`, `与上年持平`. Its start, end,
/// the year it names, and whether it is the `与…相比` kind that may be followed by the subject.
fn comparison_at(p: &str, i: usize) -> Option<(usize, usize, Option<u32>, bool)> {
    let c = p[i..].chars().next()?;
    let next = i + c.len_utf8();
    if c == '比' && p[..i].ends_with('同') {
        let (end, year) = period(p, next).unwrap_or((next, None));
        return Some((i - '同'.len_utf8(), end, year, false));
    }
    if !matches!(c, '比' | '较' | '与' | '和') {
        return None;
    }
    let (end, year) = period(p, next)?;
    if c == '比' || c == '较' {
        return Some((i, end, year, false));
    }
    let j = skip_spaces(p, end);
    if p[j..].starts_with("持平") {
        return Some((i, end, year, false));
    }
    let k = eat(p, j, &["相比", "比较"])?;
    let k = skip_spaces(p, k);
    Some((i, eat(p, k, &["，", ","]).unwrap_or(k), year, true))
}

/// Whether `s` compares with last year (`同比`, `比上年`, `与2022年相比`).
fn compares_years(s: &str) -> bool {
    s.char_indices().any(|(i, c)| matches!(c, '比' | '较' | '与' | '和') && comparison_at(s, i).is_some())
}

/// Whether `s` ends in a change (`收到申请增加`), so that the number after it is a difference.
fn ends_in_change(s: &str) -> bool {
    let s = s.strip_suffix('了').unwrap_or(s);
    // The two-character direction words: those equal to the last two characters.
    let Some((k, _)) = s.char_indices().nth_back(1) else { return false };
    DIRECTIONS.iter().any(|(w, sign)| *sign != 0 && *w == &s[k..])
}

/// A number at `i` (`12`, `8.96`, full-width digits): its digits (narrowed) and end.
fn number(p: &str, i: usize) -> Option<(String, usize)> {
    let len: usize =
        p[i..].chars().take_while(|c| narrow(*c).is_ascii_digit() || narrow(*c) == '.').map(char::len_utf8).sum();
    let digits: String = p[i..i + len].chars().map(narrow).collect();
    let ok =
        digits.starts_with(|c: char| c.is_ascii_digit()) && !digits.ends_with('.') && digits.matches('.').count() <= 1;
    ok.then_some((digits, i + len))
}

/// The direction and figure from `i`: `增加 12 件`, `增长 8.96%`, `增长率为 8.96%`, `持平`,
/// `有所下降` (the direction alone only before a stop, and never in a chained figure).
/// `约`, `近`, `余件`, `个百分点`, `倍` and other units give nothing.
fn figure(p: &str, i: usize, chained: bool) -> Option<(Sign, Said, usize)> {
    let mut j = skip_spaces(p, i);
    if !chained {
        j = eat(p, j, &["有所", "略有", "稍有", "大幅", "明显", "显著"]).map_or(j, |k| skip_spaces(p, k));
    }
    let &(word, sign) = DIRECTIONS.iter().find(|(w, _)| p[j..].starts_with(w))?;
    j += word.len();
    if sign == 0 {
        return (!chained && at_stop(p, j)).then_some((0, Said::Direction, j));
    }
    j = eat(p, j, &["了"]).unwrap_or(j);
    let bare = j;
    j = eat(p, j, &["出"]).unwrap_or(j);
    j = eat(p, j, &["率", "幅"]).unwrap_or(j);
    j = skip_spaces(p, j);
    j = eat(p, j, &["为", "达", "是", "：", ":"]).map_or(j, |k| skip_spaces(p, k));
    let Some((digits, k)) = number(p, j) else {
        let alone = !chained && word.chars().count() == 2 && at_stop(p, bare);
        return alone.then_some((sign, Said::Direction, bare));
    };
    let k = skip_spaces(p, k);
    if let Some(end) = eat(p, k, &["件"]) {
        return Some((sign, Said::Count(digits.parse().ok()?), end));
    }
    let end = eat(p, k, &["%", "％"])?;
    let decimals = digits.split_once('.').map_or(0, |(_, f)| f.len() as u32);
    Some((sign, Said::Percent(digits.parse().ok()?, decimals), end))
}

/// `，增长 8.96%` / `（增长 8.96%）` right after a figure at `end`.
fn chained(p: &str, end: usize) -> Option<Change> {
    let j = skip_spaces(p, end);
    let c = p[j..].chars().next().filter(|c| matches!(c, '，' | ',' | '、' | '（' | '('))?;
    let start = skip_spaces(p, j + c.len_utf8());
    let k = eat(p, start, &["同比"]).unwrap_or(start);
    let (sign, said, end) = figure(p, k, true)?;
    Some(Change { span: start..end, sign, said })
}

/// How far a subject may reach from its comparison, in characters: a longer one is unclear.
const SUBJECT_CHARS: usize = 40;

/// The year-on-year statements in paragraph `p`.
fn statements(p: &str) -> Vec<Statement> {
    let mut out = Vec::new();
    let mut free = 0;
    let mut at: Vec<usize> = [finder!("比"), finder!("较"), finder!("与"), finder!("和")]
        .into_iter()
        .flat_map(|f| f.find_iter(p.as_bytes()))
        .collect();
    at.sort_unstable();
    // Sentence stops, found once the first statement is (a paragraph may hold many).
    let mut stops: Option<Vec<Range<usize>>> = None;
    for i in at {
        let Some((start, end, year, subject_after)) = comparison_at(p, i) else { continue };
        if start < free {
            continue;
        }
        // The figure right after the comparison, or (`与上年相比，收到申请增加 12 件`) after the subject.
        let mut words_after = None;
        let mut found = figure(p, end, false).map(|f| (end, f));
        if found.is_none() && subject_after {
            found = p[end..]
                .char_indices()
                .skip(1)
                .take(SUBJECT_CHARS)
                .take_while(|(_, c)| !CLAUSE_STOPS.contains(c))
                .filter(|(_, c)| !c.is_whitespace())
                .find_map(|(k, _)| figure(p, end + k, false).map(|f| (end + k, f)));
            words_after = found.as_ref().map(|(k, _)| end..*k);
        }
        let Some((from, (sign, said, fig_end))) = found else { continue };
        let mut changes = vec![Change { span: if words_after.is_some() { from } else { start }..fig_end, sign, said }];
        free = fig_end;
        if said != Said::Direction {
            while let Some(next) = chained(p, free) {
                free = next.span.end;
                changes.push(next);
            }
        }
        let about = match words_after {
            Some(w) => About::Words(w),
            None => {
                const SPACES: [char; 3] = [' ', '\u{3000}', '\t'];
                let before = p[..start].trim_end_matches(SPACES);
                let after_comma = before.strip_suffix(['，', ',', '（', '(']).map(|b| b.trim_end_matches(SPACES));
                match after_comma {
                    // `146 件，同比增长 10%` / `146 件（同比…）`
                    Some(b) if b.ends_with('件') => About::CountEndingAt(b.len()),
                    // `146 件同比增长 10%`
                    None if before.ends_with('件') => About::CountEndingAt(before.len()),
                    // `收到申请同比增长 10%`: the clause before, when it is short.
                    None if !before.ends_with(CLAUSE_STOPS) => {
                        let mut back = before.char_indices().rev().take(SUBJECT_CHARS + 1);
                        let from = match back.find(|(_, c)| CLAUSE_STOPS.contains(c)) {
                            Some((j, c)) => j + c.len_utf8(),
                            None if before.chars().nth(SUBJECT_CHARS).is_none() => 0,
                            None => continue,
                        };
                        let from = p[from..before.len()].rfind("其中").map_or(from, |k| from + k + "其中".len());
                        About::Words(from..before.len())
                    }
                    // `办理 80 次，同比…`, `；同比…`: no count or subject at hand.
                    _ => continue,
                }
            }
        };
        if let About::Words(w) = &about {
            let words = &p[w.clone()];
            if words.trim().is_empty()
                || words.contains(['件', '%', '％'])
                || NOT_A_COUNT.iter().any(|x| words.contains(x))
            {
                continue;
            }
        }
        let sentence = prose::sentence_around(stops.get_or_insert_with(|| prose::sentence_stops(p)), p.len(), start);
        out.push(Statement { about, sentence, year, changes });
    }
    out
}

/// Whether `change` is right for a quantity that went from `last` to `now`.
fn holds(change: &Change, now: u64, last: u64) -> bool {
    let diff = now as i128 - last as i128;
    let direction_ok = diff.signum() as Sign == change.sign;
    match change.said {
        Said::Direction => direction_ok,
        Said::Count(n) => diff.unsigned_abs() == n as u128 && (diff == 0 || direction_ok),
        // Last year's 0 has no percentage.
        Said::Percent(_, _) if last == 0 => true,
        Said::Percent(pct, decimals) => {
            percent_matches(pct, decimals, diff.unsigned_abs() as u64, last) && (diff == 0 || direction_ok)
        }
    }
}

/// What the change from `last` to `now` is, in the form of `said`: `增加 12 件`, `增长 8.96%`, `持平`.
fn describe(said: Said, now: u64, last: u64, lang: crate::Lang) -> String {
    let diff = now as i128 - last as i128;
    let up = diff > 0;
    match said {
        _ if diff == 0 => Msg::Unchanged,
        Said::Percent(_, decimals) if last > 0 => {
            let pct = diff.unsigned_abs() as f64 * 100.0 / last as f64;
            Msg::ChangePercent { up, pct, decimals: decimals as usize }
        }
        _ => Msg::ChangeCount { up, diff: diff.unsigned_abs() },
    }
    .text(lang)
}

/// Checks the year-on-year statements of paragraph `para` against last year's report.
fn year_on_year(
    ctx: &Context,
    prev: crate::Previous,
    last_year: &std::cell::OnceCell<Arith>,
    para: Range<usize>,
    counts: &[Stated],
    out: &mut Vec<Diagnostic>,
) {
    let p = &ctx.text[para.clone()];
    let statements = statements(p);
    if statements.is_empty() {
        return;
    }
    let last_ctx = Context {
        text: prev.text,
        report: prev.report,
        lang: ctx.lang,
        arith: last_year.get_or_init(|| Arith::resolve(prev.report)),
        previous: None,
        parts: &[],
        paragraphs: &[],
        marks: &prose::Marks::default(),
        extracted: false,
    };
    let this_year = ctx.report.title.as_ref().and_then(|t| t.year);
    let last_title_year = prev.report.title.as_ref().and_then(|t| t.year);
    for st in statements {
        if let Some(y) = st.year {
            if Some(y) != last_title_year && this_year != Some(y + 1) {
                continue;
            }
        }
        let sentence = &p[st.sentence.clone()];
        let (subject, stated) = match &st.about {
            About::Words(w) => (p[w.clone()].to_string(), None),
            About::CountEndingAt(end) => {
                let at = para.start + end;
                let k = counts.partition_point(|c| count_end(ctx.text, c) < at);
                let Some(c) = counts.get(k).filter(|c| count_end(ctx.text, c) == at) else { continue };
                (ctx.text[c.subject.clone()].to_string(), Some(c.value))
            }
        };
        let subject = without_whitespace(&subject);
        if compares_years(&subject) || ends_in_change(&subject) {
            continue;
        }
        let (Some(now), Some(before)) = (claim(ctx, &subject, sentence), claim(&last_ctx, &subject, sentence)) else {
            continue;
        };
        // A stated count says which of the claim's readings is meant; one that fits none is
        // already reported above.
        let pairs: Vec<(u64, u64)> = match stated {
            Some(v) => match now.values.iter().position(|n| *n == v) {
                Some(i) => before.values.get(i).map(|b| vec![(v, *b)]).unwrap_or_default(),
                None => continue,
            },
            None => now.values.iter().copied().zip(before.values.iter().copied()).collect(),
        };
        let Some(&(n, b)) = pairs.first() else { continue };
        for change in &st.changes {
            if pairs.iter().any(|&(n, b)| holds(change, n, b)) {
                continue;
            }
            let written = &p[change.span.clone()];
            let expected = describe(change.said, n, b, ctx.lang);
            let message =
                Msg::YearOnYear { zh: now.zh, en: now.en, written, last: prev.name, b, n, expected: &expected }
                    .text(ctx.lang);
            let span = para.start + change.span.start..para.start + change.span.end;
            out.push(with_severity(
                severity(now.zh, &subject, sentence),
                NB301.diag_related(span, message, None, related(&Msg::ThisYearValue.text(ctx.lang), now.cells.clone())),
            ));
        }
    }
}

/// The end of a stated count's `件`.
fn count_end(text: &str, c: &Stated) -> usize {
    let j = skip_spaces(text, c.span.end);
    j + '件'.len_utf8()
}

fn share(part: u64, base: Option<u64>, decimals: u32) -> String {
    match base {
        Some(b) if b > 0 => format!("{:.*}%", decimals as usize, part as f64 * 100.0 / b as f64),
        _ => "?".into(),
    }
}

fn related(message: &str, cells: Vec<std::ops::Range<usize>>) -> Vec<Related> {
    cells.into_iter().map(|span| Related { span, message: message.to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;

    fn with_prose(text: &str, sentence: &str) -> String {
        text.replacen("二、主动公开政府信息情况", &format!("{sentence}\n\n二、主动公开政府信息情况"), 1)
    }

    #[test]
    fn received_count_disagreeing_is_found() {
        let text = SEED_002.replace("共受理政府信息公开申请 146 件", "共收到政府信息公开申请 147 件");
        let ds = crate::check(&text, &Default::default());
        assert_eq!(codes(&text), vec!["NB301"], "{ds:#?}");
        assert_eq!(&text[ds[0].span.clone()], "147");
    }

    #[test]
    fn not_received_with_requests_is_found() {
        let text = with_prose(SEED_002, "本年度未收到政府信息公开申请。");
        assert_eq!(codes(&text), vec!["NB301"]);
    }

    #[test]
    fn outcome_and_percentage() {
        let ok = with_prose(SEED_002, "其中予以公开 101 件，占 68.2%。");
        assert!(codes(&ok).is_empty(), "{:?}", codes(&ok));
        let rounded = with_prose(SEED_002, "其中予以公开 101 件，占 68.24%。");
        assert!(codes(&rounded).is_empty());
        let bad_pct = with_prose(SEED_002, "其中予以公开 101 件，占 75%。");
        assert_eq!(codes(&bad_pct), vec!["NB301"]);
        let bad_count = with_prose(SEED_002, "全年受理申请中予以公开 100 件。");
        assert_eq!(codes(&bad_count), vec!["NB301"]);
    }

    #[test]
    fn reviews_and_lawsuits() {
        let ok = with_prose(SEED_002, "因政府信息公开被申请行政复议 4 件、提起行政诉讼 6 件。");
        assert!(codes(&ok).is_empty(), "{:?}", codes(&ok));
        let bad = with_prose(SEED_002, "因政府信息公开被申请行政复议 5 件。");
        assert_eq!(codes(&bad), vec!["NB301"]);
        let other_scope = with_prose(SEED_002, "全年备案审查政府信息公开行政复议案件 134 件。");
        assert!(codes(&other_scope).is_empty());
    }

    #[test]
    fn near_miss_accepted_includes_carried_over() {
        let text = SEED_002.replace("共受理政府信息公开申请 146 件", "共受理政府信息公开申请 148 件");
        assert!(codes(&text).is_empty());
    }

    #[test]
    fn counts_adding_up_beyond_u64_are_not_compared() {
        // Found by fuzzing (issue 6): 一 + 二 was summed with `+` and overflowed.
        let text = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{}\t", u64::MAX - 55));
        let text = with_prose(&text, "本年度共受理政府信息公开申请 148 件，其中法人或其他组织申请 3 件。");
        let _ = codes(&text);
    }

    /// Seed 002 with 2 applications carried over to next year (四、结转下年度继续办理) and
    /// `sentence` added to its prose; its NB301 findings: (underlined, message, severity).
    fn carrying_over(sentence: &str) -> Vec<(String, String, crate::Severity)> {
        let text = SEED_002
            .replace("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0", "四、结转下年度继续办理\t\t2\t0\t0\t0\t0\t0\t2");
        assert_ne!(text, SEED_002);
        let text = with_prose(&text, sentence);
        let ds = crate::check(&text, &Default::default());
        ds.iter()
            .filter(|d| d.rule.code == "NB301")
            .map(|d| (text[d.span.clone()].to_string(), d.message.clone(), d.severity))
            .collect()
    }

    #[test]
    fn all_completed_while_some_are_carried_over_is_found() {
        // Issue 13's miss: the prose says every application was completed, table 三 carries 2 over.
        for (sentence, phrase) in [
            ("本年度收到的政府信息公开申请均已办结。", "均已办结"),
            ("全年共收到政府信息公开申请 146 件，全部按时办结。", "全部按时办结"),
            ("依申请公开方面，本年度共受理申请 148 件，已全部办结。", "全部办结"),
            ("全市各级各部门办理政府信息公开申请 148 件，均在法定期限内予以办结。", "均在法定期限内予以办结"),
        ] {
            let found = carrying_over(sentence);
            assert_eq!(found.len(), 1, "{sentence}: {found:?}");
            assert_eq!(found[0].0, phrase, "{sentence}: {found:?}");
            assert!(found[0].1.contains("“四、结转下年度继续办理”总计为 2"), "{found:?}");
            assert_eq!(found[0].2, crate::Severity::Warning);
        }
    }

    #[test]
    fn near_miss_completed_is_about_something_else() {
        for sentence in [
            // Another subject: the hotline, complaints, last year's carried-over applications.
            "2023年，共办理政府12345热线47件，已全部办结，回复率和满意率均达100%。",
            "收到微博投诉12条，均已完全办结。",
            "依申请公开方面，收到政府信息公开申请 146 件；受理群众来信 47 件，已全部办结。",
            "上年结转的 2 件政府信息公开申请均已办结。",
            // Not all: the rest, not yet.
            "除 2 件结转下年度办理外，其余政府信息公开申请均已办结。",
            "收到的政府信息公开申请尚未全部办结。",
        ] {
            let found = carrying_over(sentence);
            assert!(found.iter().all(|f| !f.1.contains("结转下年度继续办理")), "{sentence}: {found:?}");
        }
        // Nothing carried over: all completed is right.
        assert!(codes(&with_prose(SEED_002, "本年度收到的政府信息公开申请均已办结。")).is_empty());
    }

    #[test]
    fn a_count_read_from_its_sentence_only_is_info() {
        // `予以公开` in a sentence about applications names table 三's row: a warning. In a
        // sentence about something else (主动公开) it may count other things: info.
        let on = |s: &str| {
            let text = with_prose(SEED_002, s);
            let ds = crate::check(&text, &Default::default());
            ds.iter().filter(|d| d.rule.code == "NB301").map(|d| d.severity).collect::<Vec<_>>()
        };
        assert_eq!(on("全年受理申请中予以公开 100 件。"), [crate::Severity::Warning]);
        assert_eq!(on("全年依法依规予以公开政府文件 100 件。"), [crate::Severity::Info]);
        // 行政复议 named with 信息公开 in its own clause, or only somewhere in the sentence.
        assert_eq!(on("因政府信息公开被申请行政复议 5 件。"), [crate::Severity::Warning]);
        assert_eq!(on("做好政府信息公开工作，全年办理行政复议 5 件。"), [crate::Severity::Info]);
        // 收到 with 申请 in its clause, or 申请 elsewhere.
        assert_eq!(on("共收到政府信息公开申请 147 件。"), [crate::Severity::Warning]);
        assert_eq!(on("全年收到群众来信 147 件，均按申请人要求答复。"), [crate::Severity::Info]);
    }

    /// A statement's figures as written, with their sign and what they say.
    type Figures<'a> = Vec<(&'a str, i8, super::Said)>;

    /// The year-on-year statements of `p`: what they are about and their figures.
    fn parsed(p: &str) -> Vec<(String, Figures<'_>)> {
        super::statements(p)
            .into_iter()
            .map(|st| {
                let about = match st.about {
                    super::About::Words(w) => p[w].to_string(),
                    super::About::CountEndingAt(e) => format!("count before {}", &p[e - "件".len()..]),
                };
                (about, st.changes.iter().map(|c| (&p[c.span.clone()], c.sign, c.said)).collect())
            })
            .collect()
    }

    #[test]
    fn year_on_year_statements_are_read() {
        use super::Said::*;
        let t = "共收到申请 146 件，比上年增加 12 件，增长 8.96%；予以公开 101 件（同比下降 8.9%）。";
        let got = parsed(t);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].0.starts_with("count before 件，比上年"), "{got:?}");
        assert_eq!(got[0].1, vec![("比上年增加 12 件", 1, Count(12)), ("增长 8.96%", 1, Percent(8.96, 2))]);
        assert_eq!(got[1].1, vec![("同比下降 8.9%", -1, Percent(8.9, 1))]);
        fn words(t: &str) -> Vec<(String, Vec<(&str, i8)>)> {
            parsed(t).into_iter().map(|(a, c)| (a, c.into_iter().map(|c| (c.0, c.1)).collect())).collect()
        }
        assert_eq!(words("收到申请同比增长率为 10.5%。"), vec![("收到申请".into(), vec![("同比增长率为 10.5%", 1)])]);
        assert_eq!(words("收到申请与去年持平"), vec![("收到申请".into(), vec![("与去年持平", 0)])]);
        assert_eq!(words("收到申请较 2022 年度多 5 件"), vec![("收到申请".into(), vec![("较 2022 年度多 5 件", 1)])]);
        assert_eq!(super::statements("收到申请较 2022 年度多 5 件")[0].year, Some(2022));
        assert_eq!(words("与上年同期相比，收到申请减少了 3 件"), vec![("收到申请".into(), vec![("减少了 3 件", -1)])]);
        assert_eq!(words("与上年相比，收到申请 减少 3 件"), vec![("收到申请 ".into(), vec![("减少 3 件", -1)])]);
        assert_eq!(
            words("2023 年收到申请同比有所下降。"),
            vec![("2023 年收到申请".into(), vec![("同比有所下降", -1)])]
        );
        assert_eq!(words("收到申请同比上年增加１２件"), vec![("收到申请".into(), vec![("同比上年增加１２件", 1)])]);
    }

    #[test]
    fn near_miss_statements_that_are_not_read() {
        for t in [
            "收到申请与上年基本持平。",                  // roughly equal
            "收到申请同比增长约 10%。",                  // approximate
            "收到申请比上年增加 10 余件。",              // approximate
            "收到申请同比增长 2 个百分点。",             // percentage points
            "收到申请同比增长 1 倍。",                   // another unit
            "收到申请和予以公开同比分别增长 10%、20%。", // two quantities
            "予以公开占比同比提高 5%。",                 // a share
            "公开率同比提高 5%。",                       // a rate
            "信息公开比例较高，比较好。",                // no comparison with a year
            "予以公开 101 件，占 68.2%；同比增长 5%。",  // no subject in its clause
            "办理 80 次，同比增长 5%。",                 // a count of something else before it
            "收到申请同比增长较快。",                    // direction with more words after it
            "比上年多渠道公开。",                        // `多` not before a number
        ] {
            assert!(parsed(t).is_empty(), "{t}: {:?}", parsed(t));
        }
    }

    #[test]
    fn differences_are_not_compared_as_counts() {
        // Without last year's report, a difference is never checked against this year's total.
        for s in [
            "收到政府信息公开申请较上年增加 12 件。",
            "与上年相比，收到政府信息公开申请增加 11 件。",
            "共收到政府信息公开申请 146 件，比上年增加 12 件。",
        ] {
            assert!(codes(&with_prose(SEED_002, s)).is_empty(), "{s}: {:?}", codes(&with_prose(SEED_002, s)));
        }
        // A total reached is a count: `增加至 150 件` is checked.
        assert_eq!(codes(&with_prose(SEED_002, "收到政府信息公开申请增加至 150 件。")), vec!["NB301"]);
    }
}
