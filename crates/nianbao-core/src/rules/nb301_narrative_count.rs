//! NB301 narrative-count: a count in the prose that restates a table value agrees with it.

use super::Context;
use crate::diagnostic::{Diagnostic, Related};
use crate::model::TableKind;
use crate::prose::{self, finder, percent_matches};
use crate::template::t3;

crate::declare_rule! {
    /// Checks that counts stated in the prose agree with the tables, where the sentence clearly
    /// speaks of the same quantity:
    /// - applications received (`收到…申请 N 件` = 一's 总计; `受理…申请 N 件` = 一, or 一 + 二;
    ///   `未收到…申请` means 一 = 0) and carried over (`上年结转 N 件` = 二; `结转下年度 N 件` = 四);
    /// - applicants (`自然人 80 件`, `商业企业 1 件`, `法人或其他组织 N 件`) against 一 (or 一 + 二);
    /// - outcomes (`予以公开 42 件`, `予以公开及部分公开 N 件`, `不予公开`, `无法提供`,
    ///   `不予处理`, `其他处理`) and their percentages (`占 51.85%`, of （七）总计, 一, or 一 + 二,
    ///   rounded or truncated to the decimals written);
    /// - `行政复议 N 件` / `行政诉讼 N 件` about information disclosure against table 四
    ///   (诉讼 = 直接起诉 + 复议后起诉), except cases handled as a review body (`备案`, `审理`);
    /// - `现行有效…规范性文件 N 件` and `制发…规范性文件 N 件` against table 二.
    ///
    /// ## Why
    /// Authors update the tables and forget the sentences that repeat them (or copy last
    /// year's); readers see two different numbers for one thing.
    ///
    /// ## Example
    /// `共收到政府信息公开申请 147 件` with 一、本年新收 总计 = 146 gives
    /// `正文称收到申请 147 件，与表三“一、本年新收”总计 146 不一致`.
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
        check: check,
    };
}

/// What a stated count refers to: names, the acceptable table values, and whether the
/// percentages after it are shares of the outcomes.
struct Claim {
    zh: &'static str,
    en: &'static str,
    values: Vec<u64>,
    cells: Vec<std::ops::Range<usize>>,
}

fn t3_total(ctx: &Context, row: usize) -> Option<u64> {
    ctx.arith.t3(row, t3::TOTAL_COL)
}

/// Sum of the rows' totals; `None` when one is unknown or the sum does not fit in u64.
fn t3_sum(ctx: &Context, rows: std::ops::Range<usize>) -> Option<u64> {
    checked_sum(rows.map(|r| t3_total(ctx, r)))
}

/// Sum of counts, `None` when one is unknown or the sum does not fit in u64 (never wrapped).
fn checked_sum(mut values: impl Iterator<Item = Option<u64>>) -> Option<u64> {
    values.try_fold(0u64, |acc, v| acc.checked_add(v?))
}

fn t3_cells(ctx: &Context, rows: std::ops::Range<usize>) -> Vec<std::ops::Range<usize>> {
    let Some(t) = ctx.report.table(TableKind::Three) else { return Vec::new() };
    rows.filter_map(|r| t.cell(r, t3::TOTAL_COL).map(|c| c.span.clone())).collect()
}

fn claim(ctx: &Context, subject: &str, sentence: &str) -> Option<Claim> {
    let has = |w: &str| subject.contains(w);
    let about_requests = sentence.contains("申请");
    let new = t3_total(ctx, t3::NEW);
    let carried = t3_total(ctx, t3::CARRIED_IN);
    let both = new.zip(carried).and_then(|(a, b)| a.checked_add(b));
    let mk = |zh, en, values: Vec<Option<u64>>, cells| -> Option<Claim> {
        let values: Vec<u64> = values.into_iter().collect::<Option<_>>()?;
        Some(Claim { zh, en, values, cells })
    };
    if has("上年") && has("结转") {
        return mk("上年结转", "carried over from last year", vec![carried], t3_cells(ctx, 1..2));
    }
    if has("结转下年") || has("转入下年") {
        return mk(
            "结转下年度",
            "carried over to next year",
            vec![t3_total(ctx, t3::CARRIED_OUT)],
            t3_cells(ctx, 24..25),
        );
    }
    {
        if has("予以公开") && has("部分公开") {
            return mk(
                "予以公开及部分公开",
                "disclosed in full or in part",
                vec![t3_sum(ctx, 2..4)],
                t3_cells(ctx, 2..4),
            );
        }
        let outcome: Option<(&str, &str, std::ops::Range<usize>)> = if has("予以公开") {
            Some(("予以公开", "disclosed", 2..3))
        } else if has("部分公开") {
            Some(("部分公开", "partly disclosed", 3..4))
        } else if has("不予公开") {
            Some(("不予公开", "not disclosed", 4..12))
        } else if has("无法提供") {
            Some(("无法提供", "could not be provided", 12..15))
        } else if has("不予处理") {
            Some(("不予处理", "not processed", 15..20))
        } else if has("其他处理") {
            Some(("其他处理", "otherwise handled", 20..23))
        } else {
            None
        };
        if let Some((zh, en, rows)) = outcome {
            return mk(zh, en, vec![t3_sum(ctx, rows.clone())], t3_cells(ctx, rows));
        }
    }
    if about_requests {
        let column = [
            ("自然人", "natural persons", 0),
            ("商业企业", "businesses", 1),
            ("科研机构", "research institutions", 2),
            ("社会公益组织", "public-interest organisations", 3),
            ("法律服务机构", "legal service providers", 4),
        ]
        .into_iter()
        .find(|(w, _, _)| has(w));
        let col_value = |cols: std::ops::Range<usize>, row: usize| checked_sum(cols.map(|c| ctx.arith.t3(row, c)));
        if let Some((zh, en, c)) = column {
            let n = col_value(c..c + 1, t3::NEW);
            let b = n.zip(col_value(c..c + 1, t3::CARRIED_IN)).and_then(|(a, b)| a.checked_add(b));
            return mk(zh, en, vec![n, b], Vec::new()).map(|mut cl| {
                cl.values.dedup();
                cl
            });
        }
        if has("法人") {
            let n = col_value(1..6, t3::NEW);
            let b = n.zip(col_value(1..6, t3::CARRIED_IN)).and_then(|(a, b)| a.checked_add(b));
            return mk("法人或其他组织", "legal persons and other organisations", vec![n, b], Vec::new());
        }
        if has("收到") || has("新收") {
            return mk("收到申请", "applications received", vec![new], t3_cells(ctx, 0..1));
        }
        if has("受理") {
            return mk("受理申请", "applications accepted", vec![new, both], t3_cells(ctx, 0..2));
        }
    }
    let about_disclosure = sentence.contains("信息公开") && !sentence.contains("备案") && !sentence.contains("审理");
    if about_disclosure {
        let t4 = ctx.report.table(TableKind::Four).and_then(|t| t.rows.first());
        if has("行政复议") {
            let cells = t4.and_then(|r| r.cells.get(4)).map(|c| vec![c.span.clone()]).unwrap_or_default();
            return mk("行政复议", "administrative reviews", vec![ctx.arith.t4(4)], cells);
        }
        if has("行政诉讼") {
            let cells = t4
                .map(|r| {
                    r.cells
                        .iter()
                        .enumerate()
                        .filter(|(i, _)| *i == 9 || *i == 14)
                        .map(|(_, c)| c.span.clone())
                        .collect()
                })
                .unwrap_or_default();
            return mk(
                "行政诉讼",
                "lawsuits",
                vec![ctx.arith.t4(9).zip(ctx.arith.t4(14)).and_then(|(a, b)| a.checked_add(b))],
                cells,
            );
        }
    }
    if sentence.contains("规范性文件") {
        let t2 = ctx.report.table(TableKind::Two)?;
        let col = if has("现行有效") {
            2
        } else if has("制发") || has("印发") || has("出台") {
            0
        } else if has("废止") {
            1
        } else {
            return None;
        };
        let cell = t2.cell(1, col)?;
        let (zh, en) = [
            ("本年制发件数", "issued this year"),
            ("本年废止件数", "repealed this year"),
            ("现行有效件数", "in force"),
        ][col];
        return mk(zh, en, vec![cell.count()], vec![cell.span.clone()]);
    }
    None
}

fn check(ctx: &Context, out: &mut Vec<Diagnostic>) {
    if ctx.report.table(TableKind::Three).is_none() {
        return;
    }
    let outcome_base: Vec<u64> = [
        t3_total(ctx, t3::OUTCOME_TOTAL),
        t3_total(ctx, t3::NEW),
        t3_total(ctx, t3::NEW).zip(t3_total(ctx, t3::CARRIED_IN)).and_then(|(a, b)| a.checked_add(b)),
    ]
    .into_iter()
    .flatten()
    .collect();
    for para in ctx.paragraphs.iter().cloned() {
        let p = &ctx.text[para.clone()];
        // `未收到…申请`: nothing was received.
        for i in finder!("未收到").find_iter(p.as_bytes()).chain(finder!("没有收到").find_iter(p.as_bytes())) {
            let tail: String = p[i..].chars().take(16).collect();
            if !tail.contains("申请") {
                continue;
            }
            if let Some(n) = t3_total(ctx, t3::NEW).filter(|n| *n != 0) {
                let span = para.start + i..para.start + i + tail.find("申请").unwrap_or(0) + "申请".len();
                let message = match ctx.lang {
                    crate::Lang::Zh => format!("正文称未收到申请，但表三“一、本年新收”总计为 {n}"),
                    crate::Lang::En => {
                        format!("the prose says no applications were received, but table 3 row I totals {n}")
                    }
                };
                out.push(NB301.diag_related(
                    span,
                    message,
                    None,
                    related(ctx.t("表三“一、本年新收”总计", "table 3, row I, total"), t3_cells(ctx, 0..1)),
                ));
            }
        }
        for stated in prose::counts(ctx.text, para.clone()) {
            let subject: String = ctx.text[stated.subject.clone()].chars().filter(|c| !c.is_whitespace()).collect();
            let sentence = &ctx.text[stated.sentence.clone()];
            let Some(cl) = claim(ctx, &subject, sentence) else { continue };
            if !cl.values.contains(&stated.value) {
                let expected = cl.values.iter().map(u64::to_string).collect::<Vec<_>>().join(ctx.t(" 或 ", " or "));
                let message = match ctx.lang {
                    crate::Lang::Zh => format!("正文称{} {} 件，与表格中的 {} 不一致", cl.zh, stated.value, expected),
                    crate::Lang::En => format!(
                        "the prose states {} {} ({}), but the table has {}",
                        stated.value, cl.en, cl.zh, expected
                    ),
                };
                out.push(NB301.diag_related(
                    stated.span.clone(),
                    message,
                    None,
                    related(ctx.t("表格中的数值", "the table's value"), cl.cells.clone()),
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
                let message = match ctx.lang {
                    crate::Lang::Zh => format!(
                        "{} {} 件占比应为 {}，此处为 {pct}%（以 {bases} 为基数均不符）",
                        cl.zh,
                        stated.value,
                        share(stated.value, outcome_base.first().copied(), decimals)
                    ),
                    crate::Lang::En => format!(
                        "{} {} is {} of the total, not {pct}% (no base among {bases} fits)",
                        cl.zh,
                        stated.value,
                        share(stated.value, outcome_base.first().copied(), decimals)
                    ),
                };
                out.push(NB301.diag(pspan, message, None));
            }
        }
    }
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
}
