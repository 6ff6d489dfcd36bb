//! Table arithmetic on the numbers as written (rules A1–A4 of the format), and which cell is wrong.
//!
//! Table 三 is redundant. Every cell stands in its row's sum (A1: 总计 = the applicant columns)
//! and in its column's: the outcome rows and （七）总计 in A2 (（七）总计 = the outcome rows),
//! 一、二、（七）总计 and 四 in A3 (一 + 二 = （七）总计 + 四). [`Arith::resolve`] checks every
//! identity on the numbers as written ([`Identity`]), then looks for the smallest set of cells
//! whose change makes every identity hold ([`Verdict`]): a single wrong number, a mistyped part
//! as much as a wrong total, leaves a pattern of broken identities that only that cell explains.
//! Table 四 has one identity per group (A4), which cannot tell a wrong part from a wrong total:
//! its totals are repaired by convention ([`Arith::t4`]).
//!
//! Counts are [`Count`]s and every sum is checked: a sum that does not fit is not compared, and
//! the count that makes it overflow is named ([`Arith::too_large`]). Differences and repairs are
//! computed in `i128`, where the sums of a table's counts always fit.

pub use crate::model::Count;
use crate::model::{Report, TableKind};
use crate::settings::Lang;
use crate::template::{Name, TableTemplate};

/// The most rows and columns a table of a template has (a test in template.rs checks).
pub const MAX_ROWS: usize = 32;
pub const MAX_COLUMNS: usize = 16;
/// The most cells an explanation changes: beyond, the broken identities stand as they are.
pub const MAX_CELLS: usize = 3;

/// A table-三 cell: (row id, column).
pub type At = (usize, usize);

/// What an identity of table 三 says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Law {
    /// A1: in this row, 总计 = the applicant columns.
    Row(usize),
    /// A2: in this column, （七）总计 = the outcome rows.
    Outcomes(usize),
    /// A3: in this column, 一 + 二 = （七）总计 + 四.
    Balance(usize),
}

/// An identity's two sides as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sides {
    /// A cell is missing or not a count: not checked.
    Unknown,
    /// A side's sum does not fit in a [`Count`]: not checked. The cell is the side's largest count.
    TooLarge(At),
    /// The sums of the left and right sides.
    Sums(Count, Count),
}

/// One identity of table 三 on the numbers as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Identity {
    pub law: Law,
    pub sides: Sides,
}

impl Identity {
    pub fn broken(&self) -> bool {
        matches!(self.sides, Sides::Sums(a, b) if a != b)
    }

    /// Left minus right, when both are known.
    fn difference(&self) -> Option<i128> {
        match self.sides {
            Sides::Sums(a, b) => Some(i128::from(a) - i128::from(b)),
            _ => None,
        }
    }
}

/// A cell of an explanation and the value that repairs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    pub at: At,
    pub written: Count,
    pub value: Count,
    /// The broken identities the cell stands in (indices into [`Arith::identities`]).
    pub breaks: Vec<usize>,
}

/// Which cells explain table 三's broken identities.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Verdict {
    /// Every identity that can be checked holds.
    #[default]
    Holds,
    /// Exactly one smallest set of cells (of up to [`MAX_CELLS`]) makes every identity hold once
    /// each cell takes its repairing value: the cells that are wrong.
    Located(Vec<Repair>),
    /// Several single cells would each make every identity hold (the table lacks the identities
    /// that would tell them apart): any one of them may be the wrong one.
    Either(Vec<Repair>),
    /// No set of up to [`MAX_CELLS`] cells does, or several do: the broken identities stand.
    Unexplained,
}

/// Table 三's rows and columns by name, as its identities need them.
#[derive(Clone, Debug, Default)]
pub struct Shape {
    /// Values per row.
    pub width: usize,
    /// The 总计 column.
    pub total: Option<usize>,
    /// The applicant columns 总计 adds up.
    pub applicants: Vec<usize>,
    /// The outcome rows （七）总计 adds up.
    pub outcomes: Vec<usize>,
    pub new: Option<usize>,
    pub carried_in: Option<usize>,
    pub outcome_total: Option<usize>,
    pub carried_out: Option<usize>,
}

impl Shape {
    pub fn of(t3: &TableTemplate) -> Shape {
        let first = t3.rows.first();
        Shape {
            width: first.map_or(0, |r| r.columns.len()),
            total: first.and_then(|r| r.column(&[Name::Total])),
            applicants: first.map(|r| r.columns_with(&[Name::Applicant]).collect()).unwrap_or_default(),
            outcomes: t3.rows_named(Name::Outcome).collect(),
            new: t3.row(Name::New),
            carried_in: t3.row(Name::CarriedIn),
            outcome_total: t3.row(Name::OutcomeTotal),
            carried_out: t3.row(Name::CarriedOut),
        }
    }

    /// The identities of a table of `rows` rows: A1 for each row, then A2 and A3 for each
    /// applicant column and 总计 (those the template has the rows for).
    fn laws(&self, rows: usize) -> Vec<Law> {
        let Some(total) = self.total else { return Vec::new() };
        let mut laws: Vec<Law> = (0..rows).map(Law::Row).collect();
        let columns = || self.applicants.iter().copied().chain([total]);
        if self.outcome_total.is_some() && !self.outcomes.is_empty() {
            laws.extend(columns().map(Law::Outcomes));
        }
        if self.new.is_some() && self.carried_in.is_some() && self.outcome_total.is_some() && self.carried_out.is_some()
        {
            laws.extend(columns().map(Law::Balance));
        }
        laws
    }

    /// Each cell of the identity with its side: `1` on the left (总计, （七）总计, 一 and 二),
    /// `-1` on the right (the parts, （七）总计 and 四).
    pub fn terms(&self, law: Law, mut f: impl FnMut(At, i8)) {
        match law {
            Law::Row(r) => {
                if let Some(t) = self.total {
                    f((r, t), 1);
                    self.applicants.iter().for_each(|&c| f((r, c), -1));
                }
            }
            Law::Outcomes(c) => {
                if let Some(o) = self.outcome_total {
                    f((o, c), 1);
                    self.outcomes.iter().for_each(|&r| f((r, c), -1));
                }
            }
            Law::Balance(c) => {
                if let (Some(a), Some(b), Some(o), Some(d)) =
                    (self.new, self.carried_in, self.outcome_total, self.carried_out)
                {
                    f((a, c), 1);
                    f((b, c), 1);
                    f((o, c), -1);
                    f((d, c), -1);
                }
            }
        }
    }

    /// The cells of one side of the identity (`left`: the side [`Shape::terms`] gives `1`).
    pub fn side(&self, law: Law, left: bool) -> Vec<At> {
        let mut out = Vec::new();
        self.terms(law, |at, s| {
            if (s > 0) == left {
                out.push(at);
            }
        });
        out
    }

    /// Where a broken identity is reported when no cell explains it: the row's 总计 (A1), the
    /// column's （七）总计 (A2), the column's 四、结转下年度继续办理 (A3).
    pub fn report_at(&self, law: Law) -> Option<At> {
        match law {
            Law::Row(r) => Some((r, self.total?)),
            Law::Outcomes(c) => Some((self.outcome_total?, c)),
            Law::Balance(c) => Some((self.carried_out?, c)),
        }
    }

    /// Whether the cell is derived: in the 总计 column or the （七）总计 row.
    pub fn is_total(&self, (row, col): At) -> bool {
        Some(col) == self.total || Some(row) == self.outcome_total
    }
}

/// Table 三's written values: `None` for a cell that is missing, not a count, or in a row with
/// a value too many or too few.
type Values = [[Option<Count>; MAX_COLUMNS]; MAX_ROWS];

fn get(v: &Values, (r, c): At) -> Option<Count> {
    *v.get(r)?.get(c)?
}

/// The sums of the identity's sides as written.
fn sides(shape: &Shape, v: &Values, law: Law) -> Sides {
    // (sum so far, largest count and its cell) of each side; `None` once a cell is unknown.
    let mut acc: [Option<(Option<Count>, Count, At)>; 2] = [Some((Some(0), 0, (0, 0))); 2];
    shape.terms(law, |at, s| {
        let side = &mut acc[usize::from(s < 0)];
        *side = side.and_then(|(sum, max, max_at)| {
            let x = get(v, at)?;
            let (max, max_at) = if x >= max { (x, at) } else { (max, max_at) };
            Some((sum.and_then(|s| s.checked_add(x)), max, max_at))
        });
    });
    match acc {
        [Some((Some(l), ..)), Some((Some(r), ..))] => Sides::Sums(l, r),
        [Some((None, _, at)), Some(_)] | [Some(_), Some((None, _, at))] => Sides::TooLarge(at),
        _ => Sides::Unknown,
    }
}

/// Checked sum of counts: `None` when one is unknown or the sum does not fit.
pub fn sum(it: impl IntoIterator<Item = Option<Count>>) -> Option<Count> {
    it.into_iter().try_fold(0 as Count, |acc, v| acc.checked_add(v?))
}

/// One identity of table 四: a group's 总计 = its four results, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub total: usize,
    pub parts: Vec<usize>,
    /// Left: the written 总计; right: the parts' sum. `TooLarge` names a column in row 0.
    pub sides: Sides,
}

/// Table 三 and 四 as written, their identities, and which cells explain the broken ones.
#[derive(Clone, Debug, Default)]
pub struct Arith {
    /// Written values of table 三 (`t3[row][col]`), when the report has the table.
    t3: Option<Box<Values>>,
    shape: Shape,
    identities: Vec<Identity>,
    verdict: Verdict,
    /// Written values of table 四's cells.
    t4: Option<[Option<Count>; MAX_COLUMNS]>,
    t4_width: usize,
    groups: Vec<Group>,
    /// Counts too large to add to the others of a sum: (table, cell), each once.
    too_large: Vec<(TableKind, At)>,
}

impl Arith {
    pub fn resolve(report: &Report) -> Arith {
        let mut a = Arith::default();
        let template = report.template();
        if let Some(t) = report.table(TableKind::Three) {
            let tpl = template.table(TableKind::Three);
            let shape = Shape::of(tpl);
            let mut v: Box<Values> = Box::new([[None; MAX_COLUMNS]; MAX_ROWS]);
            // The first row of each id counts (as `Table::row` finds it); a row with a value
            // too many or too few is not read (NB106 reports it).
            let mut seen = 0u64;
            for r in &t.rows {
                let first = seen & 1 << (r.id % 64) == 0;
                seen |= 1 << (r.id % 64);
                if r.id < tpl.rows.len() && first && r.cells.len() == shape.width {
                    for (c, cell) in r.cells.iter().enumerate() {
                        v[r.id][c] = cell.count();
                    }
                }
            }
            a.identities = shape
                .laws(tpl.rows.len())
                .into_iter()
                .map(|law| Identity { law, sides: sides(&shape, &v, law) })
                .collect();
            for i in 0..a.identities.len() {
                if let Sides::TooLarge(at) = a.identities[i].sides {
                    a.note_too_large(TableKind::Three, at);
                }
            }
            a.verdict = locate(&shape, &v, &a.identities);
            a.t3 = Some(v);
            a.shape = shape;
        }
        let t4 = template.table(TableKind::Four);
        let width = t4.rows.first().map_or(0, |r| r.columns.len());
        if let Some(r) = report.table(TableKind::Four).and_then(|t| t.rows.first()).filter(|r| r.cells.len() == width) {
            let mut v = [None; MAX_COLUMNS];
            for (c, cell) in r.cells.iter().enumerate() {
                v[c] = cell.count();
            }
            for (total, parts) in t4.column_sums() {
                let max = parts.iter().filter_map(|&c| Some((v[c]?, c))).max().map_or(total, |(_, c)| c);
                let sides = match (v[total], parts.iter().map(|&c| v[c]).collect::<Option<Vec<_>>>()) {
                    (Some(w), Some(values)) => match sum(values.into_iter().map(Some)) {
                        Some(s) => Sides::Sums(w, s),
                        None => Sides::TooLarge((0, max)),
                    },
                    _ => Sides::Unknown,
                };
                if let Sides::TooLarge(at) = sides {
                    a.note_too_large(TableKind::Four, at);
                }
                a.groups.push(Group { total, parts, sides });
            }
            a.t4 = Some(v);
            a.t4_width = width;
        }
        a
    }

    fn note_too_large(&mut self, kind: TableKind, at: At) {
        if !self.too_large.contains(&(kind, at)) {
            self.too_large.push((kind, at));
        }
    }

    /// Table 三's rows and columns as the identities use them.
    pub fn shape(&self) -> &Shape {
        &self.shape
    }

    /// Table 三's identities, A1 for each row, then A2 and A3 for each column.
    pub fn identities(&self) -> &[Identity] {
        &self.identities
    }

    /// Which cells explain the broken identities.
    pub fn verdict(&self) -> &Verdict {
        &self.verdict
    }

    /// Table 四's groups.
    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    /// Counts too large to add to the others of a sum they stand in: (table, (row, column)).
    pub fn too_large(&self) -> &[(TableKind, At)] {
        &self.too_large
    }

    /// Table-三 cell (row, col) as written; `None` when missing or not a count, and outside
    /// the table (a malformed row may have more cells than the template).
    pub fn written(&self, row: usize, col: usize) -> Option<Count> {
        if col >= self.shape.width {
            return None;
        }
        get(self.t3.as_ref()?, (row, col))
    }

    /// Table-三 cell (row, col) as the arithmetic reads it: its repairing value when the cell
    /// is [`Verdict::Located`], else as written.
    pub fn t3(&self, row: usize, col: usize) -> Option<Count> {
        if let Verdict::Located(repairs) = &self.verdict {
            if let Some(r) = repairs.iter().find(|r| r.at == (row, col)) {
                return Some(r.value);
            }
        }
        self.written(row, col)
    }

    /// The sum of table 三's outcome rows in column `col` as written (what （七）总计 should be).
    pub fn outcomes_sum(&self, col: usize) -> Option<Count> {
        sum(self.shape.outcomes.iter().map(|&r| self.written(r, col)))
    }

    /// Table-四 cell `col`: a part as written, a group's 总计 as its parts' sum (table 四 cannot
    /// tell a wrong part from a wrong total, and its totals are repaired); `None` outside the
    /// table, when a cell is not a count or the sum does not fit.
    pub fn t4(&self, col: usize) -> Option<Count> {
        if col >= self.t4_width {
            return None;
        }
        match self.groups.iter().find(|g| g.total == col) {
            Some(g) => match g.sides {
                Sides::Sums(_, s) => Some(s),
                _ => None,
            },
            None => self.t4.as_ref()?[col],
        }
    }
}

/// The smallest set of cells whose change makes every identity hold (see [`Verdict`]).
fn locate(shape: &Shape, v: &Values, identities: &[Identity]) -> Verdict {
    let broken: u128 = identities.iter().enumerate().filter(|(_, i)| i.broken()).fold(0, |m, (i, _)| m | 1 << i);
    if broken == 0 {
        return Verdict::Holds;
    }
    // Which checked identities each cell stands in, and on which side.
    let mut search = Search {
        shape,
        v,
        identities,
        broken,
        member: Box::new([[0; MAX_COLUMNS]; MAX_ROWS]),
        right: Box::new([[0; MAX_COLUMNS]; MAX_ROWS]),
        most: 0,
        found: Vec::new(),
    };
    for (i, id) in identities.iter().enumerate() {
        if id.difference().is_none() {
            continue;
        }
        shape.terms(id.law, |(r, c), s| {
            search.member[r][c] |= 1 << i;
            if s < 0 {
                search.right[r][c] |= 1 << i;
            }
        });
    }
    search.most = search.member.iter().flatten().map(|m| m.count_ones()).max().unwrap_or(0);
    for k in 1..=MAX_CELLS {
        search.run(&mut Vec::with_capacity(k), 0, k);
        match (k, search.found.len()) {
            (_, 0) => continue,
            (_, 1) => return Verdict::Located(search.found.pop().unwrap_or_default()),
            (1, _) => return Verdict::Either(search.found.into_iter().flatten().collect()),
            _ => return Verdict::Unexplained,
        }
    }
    Verdict::Unexplained
}

/// The search for the smallest explanations.
struct Search<'a> {
    shape: &'a Shape,
    v: &'a Values,
    identities: &'a [Identity],
    broken: u128,
    /// The checked identities each cell stands in (bit `i` for `identities[i]`).
    member: Box<[[u128; MAX_COLUMNS]; MAX_ROWS]>,
    /// Those where it is on the right side.
    right: Box<[[u128; MAX_COLUMNS]; MAX_ROWS]>,
    /// The most identities a cell stands in.
    most: u32,
    /// The explanations of the size searched, each sorted by cell.
    found: Vec<Vec<Repair>>,
}

impl Search<'_> {
    /// Every set of `k` cells, each added to cover the first broken identity the set does not
    /// stand in yet, that explains everything; stops at two explanations when `k > 1` (then the
    /// table cannot tell which).
    fn run(&mut self, chosen: &mut Vec<At>, covered: u128, k: usize) {
        if k > 1 && self.found.len() > 1 {
            return;
        }
        let open = self.broken & !covered;
        if open == 0 {
            if chosen.len() == k {
                let mut cells = chosen.clone();
                cells.sort_unstable();
                if !self.found.iter().any(|f| f.iter().map(|r| r.at).eq(cells.iter().copied())) {
                    if let Some(repairs) = self.solve(&cells) {
                        self.found.push(repairs);
                    }
                }
            }
            return;
        }
        let left = (k - chosen.len()) as u32;
        if left == 0 || open.count_ones() > left * self.most {
            return;
        }
        let i = open.trailing_zeros() as usize;
        let mut cells = Vec::new();
        self.shape.terms(self.identities[i].law, |at, _| cells.push(at));
        for (r, c) in cells {
            if chosen.contains(&(r, c)) || self.v[r][c].is_none() {
                continue;
            }
            chosen.push((r, c));
            self.run(chosen, covered | self.member[r][c], k);
            chosen.pop();
        }
    }

    /// The one change of `cells` (each by a non-zero amount, to a count) that makes every
    /// identity they stand in hold, if there is exactly one.
    fn solve(&self, cells: &[At]) -> Option<Vec<Repair>> {
        let k = cells.len();
        let touched = cells.iter().fold(0u128, |m, &(r, c)| m | self.member[r][c]);
        // One equation per identity: Σ sign·δ = −difference.
        let mut rows: Vec<[i128; MAX_CELLS + 1]> = Vec::new();
        for (i, id) in self.identities.iter().enumerate() {
            if touched & 1 << i == 0 {
                continue;
            }
            let mut row = [0i128; MAX_CELLS + 1];
            for (j, &(r, c)) in cells.iter().enumerate() {
                if self.member[r][c] & 1 << i != 0 {
                    row[j] = if self.right[r][c] & 1 << i != 0 { -1 } else { 1 };
                }
            }
            row[MAX_CELLS] = -id.difference()?;
            rows.push(row);
        }
        let deltas = solve_exactly(&mut rows, k)?;
        cells
            .iter()
            .zip(deltas)
            .map(|(&(r, c), d)| {
                let written = self.v[r][c]?;
                let value = Count::try_from(i128::from(written).checked_add(d)?).ok()?;
                let breaks =
                    (0..self.identities.len()).filter(|&i| self.broken & self.member[r][c] & 1 << i != 0).collect();
                (d != 0).then_some(Repair { at: (r, c), written, value, breaks })
            })
            .collect()
    }
}

/// The unique integer solution of the linear equations `rows` (`k` unknowns, the right-hand
/// side in the last column) by Gauss–Jordan elimination in integers; `None` when there is none,
/// several, or it is not whole.
fn solve_exactly(rows: &mut [[i128; MAX_CELLS + 1]], k: usize) -> Option<Vec<i128>> {
    let rhs = MAX_CELLS;
    let mut pivots = Vec::with_capacity(k);
    for j in 0..k {
        let p = (pivots.len()..rows.len()).find(|&r| rows[r][j] != 0)?;
        rows.swap(pivots.len(), p);
        let p = pivots.len();
        for r in 0..rows.len() {
            if r == p || rows[r][j] == 0 {
                continue;
            }
            let (a, b, pivot) = (rows[p][j], rows[r][j], rows[p]);
            for (x, &px) in rows[r].iter_mut().zip(&pivot) {
                *x = x.checked_mul(a)?.checked_sub(px.checked_mul(b)?)?;
            }
        }
        pivots.push(j);
    }
    // Equations left over must hold (0 = 0).
    if rows[k..].iter().any(|r| r[rhs] != 0) {
        return None;
    }
    (0..k).map(|j| (rows[j][rhs] % rows[j][j] == 0).then(|| rows[j][rhs] / rows[j][j])).collect()
}

/// Whether (row, col) of table 三 is a derived cell (a total).
pub fn t3_is_total(t3: &TableTemplate, row: usize, col: usize) -> bool {
    Shape::of(t3).is_total((row, col))
}

/// The parts that make up derived table-三 cell (row, col), as (row, col) pairs: a row's
/// applicant columns for 总计, the outcome rows for the other cells of （七）总计.
pub fn t3_parts(t3: &TableTemplate, row: usize, col: usize) -> Vec<(usize, usize)> {
    let shape = Shape::of(t3);
    if Some(col) == shape.total {
        shape.side(Law::Row(row), false)
    } else if Some(row) == shape.outcome_total {
        shape.side(Law::Outcomes(col), false)
    } else {
        Vec::new()
    }
}

/// `a+b+c`: the values joined by `+`; for long lists only the non-zero ones (`0` when none).
pub fn join_parts(values: &[Count]) -> String {
    join(values, "+")
}

fn join(values: &[Count], sep: &str) -> String {
    let shown: Vec<String> = if values.len() > 6 {
        values.iter().filter(|v| **v != 0).map(Count::to_string).collect()
    } else {
        values.iter().map(Count::to_string).collect()
    };
    if shown.is_empty() {
        "0".into()
    } else {
        shown.join(sep)
    }
}

/// A human-readable formula for the cell at (`kind`, row `id`, column `col`) of `report`, with
/// the values as written, e.g. `总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✓`; `None` for cells that
/// are neither totals nor 四、结转下年度继续办理, and when a sum does not fit.
pub fn explain(report: &Report, kind: TableKind, id: usize, col: usize, lang: Lang) -> Option<String> {
    let arith = Arith::resolve(report);
    let table = report.table(kind)?;
    let written = table.cell(id, col)?.count();
    let mark = |expected: Count| match written {
        Some(w) if w == expected => "✓".to_string(),
        Some(w) => format!("✗（{}{w}）", lang.pick("此处为 ", "written ")),
        None => "✗".to_string(),
    };
    let tpl = report.template().table(kind);
    let shape = arith.shape();
    match kind {
        TableKind::Three if shape.is_total((id, col)) => {
            let parts = t3_parts(tpl, id, col);
            let vals: Vec<Count> = parts.iter().map(|&(r, c)| arith.written(r, c)).collect::<Option<_>>()?;
            let expected = sum(vals.iter().map(|v| Some(*v)))?;
            let name = if Some(col) != shape.total {
                lang.pick("（七）总计", "(7) total")
            } else {
                lang.pick("总计", "total")
            };
            Some(format!("{name} = {} = {expected} {}", join(&vals, " + "), mark(expected)))
        }
        TableKind::Three if Some(id) == shape.carried_out => {
            let w = |row: Option<usize>| arith.written(row?, col);
            let (a, b, o) = (w(shape.new)?, w(shape.carried_in)?, w(shape.outcome_total)?);
            let expected = a.checked_add(b)?.checked_sub(o)?;
            Some(format!(
                "{} = {a} + {b} − {o} = {expected} {}",
                lang.pick("四 = 一 + 二 − 三（七）", "IV = I + II − III(7)"),
                mark(expected)
            ))
        }
        TableKind::Four => {
            let row = &tpl.rows[0];
            let &(gname_zh, gname_en, g) =
                tpl.column_groups.iter().find(|(_, _, g)| row.column(&[*g, Name::Total]) == Some(col))?;
            let group = [g];
            let vals: Vec<Count> =
                row.columns_with(&group).filter(|&c| c != col).map(|i| arith.t4(i)).collect::<Option<_>>()?;
            let expected = sum(vals.iter().map(|v| Some(*v)))?;
            let terms: Vec<String> = vals.iter().map(Count::to_string).collect();
            Some(format!(
                "{}{} = {} = {expected} {}",
                lang.pick(gname_zh, gname_en),
                lang.pick("总计", " total"),
                terms.join(" + "),
                mark(expected)
            ))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{edit, SEED_002};
    use crate::template::{table, Name};

    fn t3(name: Name) -> usize {
        table(TableKind::Three).row(name).unwrap()
    }

    fn explain_at(text: &str, kind: TableKind, id: usize, col: usize, lang: Lang) -> Option<String> {
        explain(&crate::parse::parse(text), kind, id, col, lang)
    }

    fn verdict(text: &str) -> Verdict {
        Arith::resolve(&crate::parse::parse(text)).verdict
    }

    /// The located cells as (row, col, written, value).
    fn located(text: &str) -> Vec<(usize, usize, Count, Count)> {
        match verdict(text) {
            Verdict::Located(rs) => rs.iter().map(|r| (r.at.0, r.at.1, r.written, r.value)).collect(),
            other => panic!("not located: {other:?}"),
        }
    }

    #[test]
    fn formulas_for_totals() {
        let k = TableKind::Three;
        assert_eq!(
            explain_at(SEED_002, k, t3(Name::New), 6, Lang::Zh).unwrap(),
            "总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, k, t3(Name::OutcomeTotal), 0, Lang::Zh).unwrap(),
            "（七）总计 = 53 + 2 + 2 + 2 + 7 + 11 + 3 + 1 + 12 = 93 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, k, t3(Name::CarriedOut), 0, Lang::En).unwrap(),
            "IV = I + II − III(7) = 91 + 2 − 93 = 0 ✓"
        );
        assert_eq!(
            explain_at(SEED_002, TableKind::Four, 0, 4, Lang::Zh).unwrap(),
            "行政复议总计 = 2 + 0 + 1 + 1 = 4 ✓"
        );
        let wrong = edit(SEED_002, "一、本年新收", "146", "147");
        assert_eq!(
            explain_at(&wrong, k, t3(Name::New), 6, Lang::Zh).unwrap(),
            "总计 = 91 + 0 + 0 + 0 + 55 + 0 = 146 ✗（此处为 147）"
        );
        assert_eq!(explain_at(SEED_002, k, t3(Name::New), 0, Lang::Zh), None);
    }

    #[test]
    fn formulas_show_the_values_as_written() {
        // A mistyped part: the row's formula adds up what the row shows.
        let wrong = edit(SEED_002, "一、本年新收", "\t91\t", "\t19\t");
        assert_eq!(
            explain_at(&wrong, TableKind::Three, t3(Name::New), 6, Lang::Zh).unwrap(),
            "总计 = 19 + 0 + 0 + 0 + 55 + 0 = 74 ✗（此处为 146）"
        );
    }

    #[test]
    fn a_seed_holds() {
        assert_eq!(verdict(SEED_002), Verdict::Holds);
    }

    #[test]
    fn a_mistyped_part_is_located_on_its_cell() {
        // 一、本年新收 自然人 91 typed 19: the row total and the balance of 自然人 break, and only
        // that cell stands in both.
        let wrong = edit(SEED_002, "一、本年新收", "\t91\t", "\t19\t");
        assert_eq!(located(&wrong), [(t3(Name::New), 0, 19, 91)]);
        // An outcome: its row total and （七）总计·自然人.
        let wrong = edit(SEED_002, "(一) 予以公开", "\t53\t", "\t56\t");
        assert_eq!(located(&wrong), [(t3(Name::Disclosed), 0, 56, 53)]);
        let a = Arith::resolve(&crate::parse::parse(&wrong));
        // The arithmetic reads the cell as repaired, the rest as written.
        assert_eq!(a.t3(t3(Name::Disclosed), 0), Some(53));
        assert_eq!(a.written(t3(Name::Disclosed), 0), Some(56));
        let Verdict::Located(rs) = a.verdict() else { unreachable!() };
        let laws: Vec<Law> = rs[0].breaks.iter().map(|&i| a.identities()[i].law).collect();
        assert_eq!(laws, [Law::Row(t3(Name::Disclosed)), Law::Outcomes(0)]);
    }

    #[test]
    fn a_wrong_total_is_located_on_its_cell() {
        let wrong = edit(SEED_002, "一、本年新收", "146", "147");
        assert_eq!(located(&wrong), [(t3(Name::New), 6, 147, 146)]);
        let wrong = edit(SEED_002, "(七) 总计", "93", "94");
        assert_eq!(located(&wrong), [(t3(Name::OutcomeTotal), 0, 94, 93)]);
    }

    #[test]
    fn two_wrong_totals_are_located_together() {
        let wrong = edit(&edit(SEED_002, "一、本年新收", "146", "147"), "(一) 予以公开", "101", "100");
        assert_eq!(located(&wrong), [(t3(Name::New), 6, 147, 146), (t3(Name::Disclosed), 6, 100, 101)]);
    }

    #[test]
    fn several_single_cells_are_named() {
        // Without row 四 there is no balance: the row total cannot tell its cells apart.
        let at = SEED_002.find("四、结转下年度继续办理").unwrap();
        let eol = at + SEED_002[at..].find('\n').unwrap();
        let without = format!("{}{}", &SEED_002[..at], &SEED_002[eol + 1..]);
        let wrong = edit(&without, "一、本年新收", "\t91\t", "\t19\t");
        let Verdict::Either(rs) = verdict(&wrong) else { panic!("{:?}", verdict(&wrong)) };
        let cells: Vec<At> = rs.iter().map(|r| r.at).collect();
        // The total first (as the identity lists its cells), then each part.
        assert_eq!(cells, [6, 0, 1, 2, 3, 4, 5].map(|c| (t3(Name::New), c)));
        assert_eq!((rs[0].value, rs[1].value), (74, 91));
    }

    #[test]
    fn a_value_moved_between_rows_is_not_guessed() {
        // 3 of （一）予以公开's 自然人 written under （二）: both row totals break, （七）总计 holds.
        // The two parts moved back explain it, and so do the two row totals moved alike: the
        // table cannot tell which, so nothing is located.
        let wrong = edit(&edit(SEED_002, "(一) 予以公开", "\t53\t", "\t50\t"), "(二) 部分公开", "\t2\t", "\t5\t");
        assert_eq!(verdict(&wrong), Verdict::Unexplained);
        // A part and its total changed alike: row 一, 二 or 四 could be the one (the balance
        // alone says so): nothing is guessed.
        let wrong = edit(&edit(SEED_002, "一、本年新收", "\t91\t", "\t95\t"), "一、本年新收", "146", "150");
        assert_eq!(verdict(&wrong), Verdict::Unexplained);
    }

    #[test]
    fn a_repair_is_a_count() {
        // 四's 自然人 would have to be −5: no single cell; a negative value explains nothing.
        let wrong = edit(&edit(SEED_002, "一、本年新收", "\t91\t", "\t86\t"), "一、本年新收", "146", "141");
        assert_eq!(verdict(&wrong), Verdict::Unexplained);
    }

    #[test]
    fn sums_beyond_a_count_are_named_not_wrapped() {
        // 2^63 twice in a row: the row's sum does not fit; the identity is not checked, the
        // larger count is named, and nothing is located.
        let big = format!("\t{}\t", 1u64 << 63);
        let both = edit(&edit(SEED_002, "一、本年新收", "\t91\t", &big), "一、本年新收", "\t55\t", &big);
        let a = Arith::resolve(&crate::parse::parse(&both));
        assert!(a.too_large().contains(&(TableKind::Three, (t3(Name::New), 4))), "{:?}", a.too_large());
        assert_eq!(a.identities()[t3(Name::New)].sides, Sides::TooLarge((t3(Name::New), 4)));
    }

    #[test]
    fn sums_beyond_u64_have_no_formula() {
        // Found by fuzzing (issue 6): the hover formulas summed with `+` and overflowed.
        let max = u64::MAX.to_string();
        let both = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{max}\t"));
        let both = edit(&both, "一、本年新收", "\t55\t", &format!("\t{max}\t"));
        assert_eq!(explain_at(&both, TableKind::Three, t3(Name::New), 6, Lang::Zh), None);
        // 一's natural persons = u64::MAX, so 一 + 二 does not fit: 四 = 一 + 二 − 三 has no formula.
        assert_eq!(explain_at(&both, TableKind::Three, t3(Name::CarriedOut), 0, Lang::Zh), None);
        let full = edit(SEED_002, "一、本年新收", "\t91\t", &format!("\t{}\t", u64::MAX - 55));
        assert!(explain_at(&full, TableKind::Three, t3(Name::New), 6, Lang::Zh).unwrap().contains('✗'));
    }

    #[test]
    fn cells_beyond_the_template_have_no_formula() {
        // Found by fuzzing (issue 6): hovering an extra cell of an over-long table-三 row
        // (column 8 of 四、结转下年度继续办理 or （七）总计) indexed past the 7 columns and panicked.
        let k = TableKind::Three;
        for label in ["四、结转下年度继续办理", "(七) 总计"] {
            let at = SEED_002.find(label).unwrap();
            let eol = at + SEED_002[at..].find('\n').unwrap();
            let text = format!("{}\t1\t2{}", SEED_002[..eol].trim_end_matches('\t'), &SEED_002[eol..]);
            let report = crate::parse::parse(&text);
            for row in &report.table(k).unwrap().rows {
                for col in 0..row.cells.len() + 2 {
                    let _ = explain(&report, k, row.id, col, Lang::Zh);
                }
            }
        }
        assert_eq!(Arith::resolve(&crate::parse::parse(SEED_002)).t3(t3(Name::New), 7), None);
    }

    #[test]
    fn solving_is_exact() {
        // δ1 + δ2 = 3, δ1 − δ2 = 1 → (2, 1); and a system with no whole solution.
        let mut rows = [[1, 1, 0, 3], [1, -1, 0, 1]];
        assert_eq!(solve_exactly(&mut rows, 2), Some(vec![2, 1]));
        let mut rows = [[1, 1, 0, 3], [1, -1, 0, 0]];
        assert_eq!(solve_exactly(&mut rows, 2), None);
        // Too few equations: several solutions.
        let mut rows = [[1, 1, 0, 3]];
        assert_eq!(solve_exactly(&mut rows, 2), None);
        // Inconsistent.
        let mut rows = [[1, 0, 0, 3], [1, 0, 0, 4]];
        assert_eq!(solve_exactly(&mut rows, 1), None);
    }
}
