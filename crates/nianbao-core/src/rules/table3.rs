//! What NB201–NB203 share: which of them reports which of table 三's findings (by the cell a
//! finding sits on, see [`owner`]), and the words their messages use for table 三's identities.
//!
//! The arithmetic (`arith.rs`) checks table 三's identities on the numbers as written and gives a
//! [`Verdict`]: the cells that explain every broken identity, or several single cells that
//! would each do, or none. A cell it locates is reported by the rule of that cell: a row's 总计
//! by NB201; a cell of （七）总计 or a part of an outcome row by NB202; a part of 一、二 or 四 by
//! NB203. Broken identities that no small set of cells explains are reported by the rule of
//! their identity (A1 NB201, A2 NB202, A3 NB203), as written.

use super::{cell_name, Context};
use crate::arith::{join_parts, At, Count, Identity, Law, Repair, Shape, Sides, Verdict};
use crate::diagnostic::Related;
use crate::model::{Table, TableKind};
use crate::template::TableTemplate;
use crate::Lang;

/// The rules of table 三's sums.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// NB201: a row's 总计 (A1).
    RowTotal,
    /// NB202: a cell of （七）总计 or a part of an outcome row (A2).
    Outcomes,
    /// NB203: a part of 一、二 or 四 (A3).
    Balance,
}

/// The rule that reports a finding sitting on cell `at`.
pub fn owner(shape: &Shape, (row, col): At) -> Owner {
    if Some(row) == shape.outcome_total || (shape.outcomes.contains(&row) && Some(col) != shape.total) {
        Owner::Outcomes
    } else if Some(col) == shape.total {
        Owner::RowTotal
    } else {
        Owner::Balance
    }
}

/// One finding of table 三's sums.
pub enum Finding<'a> {
    /// A cell of the one smallest explanation, with its repairing value. Its fix is safe when
    /// every cell of the explanation is a total (`safe`).
    Located { repair: &'a Repair, safe: bool },
    /// Several single cells would each explain everything; the finding sits on `at`, the cell
    /// that reports the first broken identity.
    Either { at: At, candidates: &'a [Repair] },
    /// A broken identity that no small set of cells explains.
    Broken { identity: &'a Identity },
}

/// The findings `rule` reports.
pub fn findings<'a>(ctx: &Context<'a>, rule: Owner) -> Vec<Finding<'a>> {
    let arith = ctx.arith;
    let shape = arith.shape();
    match arith.verdict() {
        Verdict::Holds => Vec::new(),
        Verdict::Located(repairs) => {
            let safe = repairs.iter().all(|r| shape.is_total(r.at));
            repairs
                .iter()
                .filter(|r| owner(shape, r.at) == rule)
                .map(|repair| Finding::Located { repair, safe })
                .collect()
        }
        Verdict::Either(candidates) => {
            let at = arith.identities().iter().find(|i| i.broken()).and_then(|i| shape.report_at(i.law));
            match at {
                Some(at) if owner(shape, at) == rule => vec![Finding::Either { at, candidates }],
                _ => Vec::new(),
            }
        }
        Verdict::Unexplained => arith
            .identities()
            .iter()
            .filter(|i| i.broken())
            .filter(|i| match i.law {
                Law::Row(_) => rule == Owner::RowTotal,
                // 总计's column sum and its balance follow from the others (each is broken only
                // with one of them: a row's blank 总计 would otherwise read as `应为 0`).
                Law::Outcomes(c) => rule == Owner::Outcomes && Some(c) != shape.total,
                Law::Balance(c) => rule == Owner::Balance && Some(c) != shape.total,
            })
            .map(|identity| Finding::Broken { identity })
            .collect(),
    }
}

/// The words of table 三's identities, Chinese and English side by side.
enum Words<'a> {
    /// A1 holds once the cell is repaired: `本行合计 12`.
    RowHolds { total: Count },
    /// A2 holds: `（七）总计 93`.
    OutcomesHold { total: Count },
    /// A3 holds.
    BalanceHolds,
    /// A part's finding: `自然人应为 10：此时本行合计 12、栏平衡 一＋二＝三（七）＋四 均成立`.
    Part { column: &'a str, value: Count, holds: &'a [String] },
    /// A1 as written: `本行：19+0+0+0+55+0 = 74，总计为 146`.
    Row { joined: &'a str, sum: Count, total: Count },
    /// A2 as written.
    Outcomes { column: &'a str, sum: Count, total: Count },
    /// A3 as written.
    Balance { column: &'a str, a: Count, b: Count, o: Count, d: Count },
    /// Several single cells would do: the identity as written, then the cells (`总计 146、自然人 92`).
    Either { broken: &'a str, cells: &'a str, more: usize },
    /// One of those cells, in the list.
    Candidate { cell: &'a str, value: Count },
    /// A related location: one of those cells.
    IfThisCell { value: Count },
    /// The fix title of a part.
    ChangePart { column: &'a str, value: Count },
    /// The fix title of a guess: `猜测：将总计改为 146`.
    Guess { title: &'a str },
}

impl Words<'_> {
    fn text(&self, lang: Lang) -> String {
        match *self {
            Words::RowHolds { total } => lang.pick(format!("本行合计 {total}"), format!("the row total {total}")),
            Words::OutcomesHold { total } => {
                lang.pick(format!("（七）总计 {total}"), format!("(7) total {total}"))
            }
            Words::BalanceHolds => {
                lang.pick("栏平衡 一＋二＝三（七）＋四".into(), "the balance I + II = III(7) + IV".into())
            }
            Words::Part { column, value, holds } => match lang {
                Lang::Zh => format!(
                    "{column}应为 {value}：此时{}{}成立",
                    holds.join("、"),
                    if holds.len() > 1 { " 均" } else { " " }
                ),
                Lang::En => {
                    let list = match holds {
                        [] => String::new(),
                        [one] => one.clone(),
                        [init @ .., last] => format!("{} and {last}", init.join(", ")),
                    };
                    format!("{column} should be {value}: then {list} {}", if holds.len() > 1 { "hold" } else { "holds" })
                }
            },
            Words::Row { joined, sum, total } => lang.pick(
                format!("本行：{joined} = {sum}，总计为 {total}"),
                format!("the row: {joined} = {sum}, total {total}"),
            ),
            Words::Outcomes { column, sum, total } => lang.pick(
                format!("（七）总计·{column}：各项办理结果之和为 {sum}，此处为 {total}"),
                format!("(7) total, {column}: the outcomes add up to {sum}, written {total}"),
            ),
            Words::Balance { column, a, b, o, d } => lang.pick(
                format!(
                    "栏平衡（{column}）：一＋二 = {a} + {b} = {}，三（七）＋四 = {o} + {d} = {}",
                    i128::from(a) + i128::from(b),
                    i128::from(o) + i128::from(d)
                ),
                format!(
                    "balance ({column}): I + II = {a} + {b} = {}, III(7) + IV = {o} + {d} = {}",
                    i128::from(a) + i128::from(b),
                    i128::from(o) + i128::from(d)
                ),
            ),
            Words::Either { broken, cells, more } => lang.pick(
                format!(
                    "{broken}；表中没有别的勾稽关系可判断哪一格有误，改正其中任一格均可：{cells}{}",
                    if more > 0 { format!(" 等 {} 处", more) } else { String::new() }
                ),
                format!(
                    "{broken}; no other sum in the table tells which cell is wrong, and changing any one of these would do: {cells}{}",
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                ),
            ),
            Words::Candidate { cell, value } => {
                lang.pick(format!("{cell} {value}"), format!("{cell} {value}"))
            }
            Words::IfThisCell { value } => lang.pick(
                format!("若是此格有误，应为 {value}"),
                format!("if this cell is the wrong one, it should be {value}"),
            ),
            Words::ChangePart { column, value } => {
                lang.pick(format!("将{column}改为 {value}"), format!("Change {column} to {value}"))
            }
            Words::Guess { title } => lang.pick(format!("猜测：{title}"), format!("Guess: {title}")),
        }
    }
}

/// A cell's value as the arithmetic reads it (repaired when located), 0 when unknown.
fn value(ctx: &Context, (r, c): At) -> Count {
    ctx.arith.t3(r, c).unwrap_or(0)
}

/// An identity as written, for a message or a related location.
pub fn describe(ctx: &Context, tpl: &TableTemplate, identity: &Identity) -> String {
    let shape = ctx.arith.shape();
    let written = |at: At| {
        let (r, c) = at;
        ctx.arith.written(r, c).unwrap_or(0)
    };
    let (left, right) = match identity.sides {
        Sides::Sums(l, r) => (l, r),
        _ => (0, 0),
    };
    let lang = ctx.lang;
    match identity.law {
        Law::Row(_) => {
            let parts: Vec<Count> = shape.side(identity.law, false).into_iter().map(written).collect();
            Words::Row { joined: &join_parts(&parts), sum: right, total: left }.text(lang)
        }
        Law::Outcomes(c) => {
            let column = shape.outcome_total.map_or("", |o| tpl.column_name(o, c, lang));
            Words::Outcomes { column, sum: right, total: left }.text(lang)
        }
        Law::Balance(c) => {
            let at = |row: Option<usize>| row.map_or(0, |r| written((r, c)));
            let column = shape.carried_out.map_or("", |o| tpl.column_name(o, c, lang));
            Words::Balance {
                column,
                a: at(shape.new),
                b: at(shape.carried_in),
                o: at(shape.outcome_total),
                d: at(shape.carried_out),
            }
            .text(lang)
        }
    }
}

/// Where an identity is shown as a related location for a finding on `on`: the cell that
/// reports it, or the first cell of its left side when that is `on` itself.
fn related_at(shape: &Shape, law: Law, on: At) -> Option<At> {
    let at = shape.report_at(law)?;
    if at != on {
        return Some(at);
    }
    shape.side(law, true).into_iter().find(|&c| c != on).or_else(|| shape.side(law, false).into_iter().next())
}

/// The broken identities a located cell stands in, as related locations (each as written).
pub fn broken_related(ctx: &Context, table: &Table, repair: &Repair, but: Option<Law>) -> Vec<Related> {
    let tpl = ctx.report.template().table(TableKind::Three);
    let shape = ctx.arith.shape();
    repair
        .breaks
        .iter()
        .filter_map(|&i| {
            let identity = ctx.arith.identities().get(i)?;
            if Some(identity.law) == but {
                return None;
            }
            let (r, c) = related_at(shape, identity.law, repair.at)?;
            let cell = table.cell(r, c)?;
            Some(Related { span: cell.span.clone(), message: describe(ctx, tpl, identity) })
        })
        .collect()
}

/// The finding of a located part (a cell that is not a total): `自然人应为 10：此时本行合计 12、
/// 栏平衡 一＋二＝三（七）＋四 均成立`, and its fix's title.
pub fn part_message(ctx: &Context, repair: &Repair) -> (String, String) {
    let tpl = ctx.report.template().table(TableKind::Three);
    let shape = ctx.arith.shape();
    let lang = ctx.lang;
    let (row, col) = repair.at;
    let holds: Vec<String> = repair
        .breaks
        .iter()
        .filter_map(|&i| ctx.arith.identities().get(i))
        .map(|identity| match identity.law {
            Law::Row(r) => Words::RowHolds { total: shape.total.map_or(0, |t| value(ctx, (r, t))) }.text(lang),
            Law::Outcomes(c) => {
                Words::OutcomesHold { total: shape.outcome_total.map_or(0, |o| value(ctx, (o, c))) }.text(lang)
            }
            Law::Balance(_) => Words::BalanceHolds.text(lang),
        })
        .collect();
    let column = tpl.column_name(row, col, lang);
    (
        Words::Part { column, value: repair.value, holds: &holds }.text(lang),
        Words::ChangePart { column, value: repair.value }.text(lang),
    )
}

/// The finding of several single cells that would each do, sitting on `at`: the first broken
/// identity as written and the cells, with each cell as a related location.
pub fn either_message(ctx: &Context, table: &Table, candidates: &[Repair]) -> (String, Vec<Related>) {
    let tpl = ctx.report.template().table(TableKind::Three);
    let lang = ctx.lang;
    let broken = ctx.arith.identities().iter().find(|i| i.broken()).map(|i| describe(ctx, tpl, i)).unwrap_or_default();
    let one_row = candidates.windows(2).all(|w| w[0].at.0 == w[1].at.0);
    let name = |(r, c): At| if one_row { tpl.column_name(r, c, lang).to_string() } else { cell_name(tpl, r, c, lang) };
    const SHOWN: usize = 3;
    let cells: Vec<String> = candidates
        .iter()
        .take(SHOWN)
        .map(|r| Words::Candidate { cell: &name(r.at), value: r.value }.text(lang))
        .collect();
    let message = Words::Either {
        broken: &broken,
        cells: &cells.join(lang.pick("、", ", ")),
        more: candidates.len().saturating_sub(SHOWN),
    }
    .text(lang);
    let related = candidates
        .iter()
        .filter_map(|r| {
            let cell = table.cell(r.at.0, r.at.1)?;
            Some(Related { span: cell.span.clone(), message: Words::IfThisCell { value: r.value }.text(lang) })
        })
        .collect();
    (message, related)
}

/// The parts of a sum as they are on screen, joined by `+` (`91+0+0+0+55+0`; for long lists
/// only the non-zero ones): each as written, and a part that is itself found wrong as written
/// and repaired (`0→5`), so that a message never mixes corrected values with the ones the
/// author sees without saying so.
pub fn joined_on_screen(ctx: &Context, cells: &[At]) -> String {
    let shown: Vec<(Count, String)> = cells
        .iter()
        .map(|&(r, c)| {
            let written = ctx.arith.written(r, c).unwrap_or(0);
            match ctx.arith.t3(r, c).unwrap_or(0) {
                v if v != written => (v.max(written), format!("{written}→{v}")),
                _ => (written, written.to_string()),
            }
        })
        .collect();
    let shown: Vec<String> = shown.into_iter().filter(|(v, _)| cells.len() <= 6 || *v != 0).map(|(_, s)| s).collect();
    if shown.is_empty() {
        "0".into()
    } else {
        shown.join("+")
    }
}

/// A fix title marked as a guess.
pub fn guess(title: &str, lang: Lang) -> String {
    Words::Guess { title }.text(lang)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::fix::Applicability;

    /// A finding as (code, the text it sits on, message, fix applicability and text).
    type Found = (&'static str, String, String, Option<(Applicability, String)>);

    /// The findings of `text`.
    fn found(text: &str) -> Vec<Found> {
        crate::check(text, &Default::default())
            .into_iter()
            .map(|d| {
                let fix = d.fix.as_ref().map(|f| (f.applicability, f.edits[0].new_text.clone()));
                (d.rule.code, text[d.span.clone()].to_string(), d.message, fix)
            })
            .collect()
    }

    #[test]
    fn a_mistyped_part_is_found_on_the_part_with_an_unsafe_fix() {
        // The case: 自然人 typed 19 for 91, the total 146 right.
        let text = edit(SEED_002, "一、本年新收", "\t91\t", "\t19\t");
        assert_eq!(
            found(&text),
            [(
                "NB203",
                "19".to_string(),
                "自然人应为 91：此时本行合计 146、栏平衡 一＋二＝三（七）＋四 均成立".to_string(),
                Some((Applicability::Unsafe, "91".to_string()))
            )]
        );
        assert!(crate::fix_text(&text, &Default::default(), crate::FixMode::Safe).is_none());
        // An outcome: NB202, with its row total and （七）总计.
        let text = edit(SEED_002, "(一) 予以公开", "\t53\t", "\t56\t");
        let f = found(&text);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1.as_str()), ("NB202", "56"));
        assert_eq!(f[0].2, "自然人应为 53：此时本行合计 101、（七）总计 93 均成立");
        let settings = crate::Settings { lang: crate::Lang::En, ..Default::default() };
        let d = crate::check(&text, &settings);
        assert_eq!(d[0].message, "natural persons should be 53: then the row total 101 and (7) total 93 hold");
        assert_eq!(d[0].fix.as_ref().unwrap().title, "Change natural persons to 53");
    }

    #[test]
    fn related_locations_are_the_identities_as_written() {
        let text = edit(SEED_002, "一、本年新收", "\t91\t", "\t19\t");
        let d = &crate::check(&text, &Default::default())[0];
        let related: Vec<(&str, &str)> =
            d.related.iter().map(|r| (&text[r.span.clone()], r.message.as_str())).collect();
        assert_eq!(
            related,
            [
                ("146", "本行：19+0+0+0+55+0 = 74，总计为 146"),
                ("0", "栏平衡（自然人）：一＋二 = 19 + 2 = 21，三（七）＋四 = 93 + 0 = 93"),
            ]
        );
    }

    #[test]
    fn several_cells_that_would_do_are_named() {
        // Without row 四 there is no balance: the row total cannot tell its cells apart.
        let at = SEED_002.find("四、结转下年度继续办理").unwrap();
        let eol = at + SEED_002[at..].find('\n').unwrap();
        let without = format!("{}{}", &SEED_002[..at], &SEED_002[eol + 1..]);
        let text = edit(&without, "一、本年新收", "\t91\t", "\t19\t");
        let f: Vec<_> = found(&text).into_iter().filter(|f| f.0.starts_with("NB20")).collect();
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!((f[0].0, f[0].1.as_str()), ("NB201", "146"));
        assert_eq!(
            f[0].2,
            "本行：19+0+0+0+55+0 = 74，总计为 146；表中没有别的勾稽关系可判断哪一格有误，改正其中任一格均可：总计 74、自然人 91、商业企业 72 等 4 处"
        );
        assert_eq!(f[0].3, Some((Applicability::Unsafe, "74".to_string())));
        let d = crate::check(&text, &Default::default()).into_iter().find(|d| d.rule.code == "NB201").unwrap();
        assert_eq!(d.related.len(), 7);
        assert!(d.fix.as_ref().unwrap().title.starts_with("猜测："), "{:?}", d.fix);
    }
}
