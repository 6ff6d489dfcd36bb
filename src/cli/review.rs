//! `--format html`: one self-contained review page for a whole folder of reports.
//!
//! The page has a summary table (agency, year, findings by severity, a link per report, last
//! year's report when one was checked with it; files that could not be read or are not
//! reports are listed with the reason) and, per report, its
//! tables 二/三/四 rendered from the engine's model with every finding beside the cell it is
//! about, then the findings in the prose beside their paragraph, the span marked. Findings
//! dismissed by `[[ignore]]` entries are shown too, always: greyed, numbered after the others,
//! with their entry's key and reason, counted in their own column and never as errors or
//! warnings (a reviewer checking others' reports must see what was dismissed). Everything
//! shown comes from the text and the engine's findings. The page uses no network: inline CSS
//! and a little inline script, a Content-Security-Policy that forbids loading anything, and
//! every piece of text escaped.

use super::check::Checked;
use super::csv::severity_word;
use nianbao_core::config::Ignore;
use nianbao_core::lines::LineIndex;
use nianbao_core::model::{Row, Table, TableKind};
use nianbao_core::template::{self, T3_COLUMNS, T3_COLUMNS_EN, T4_GROUPS};
use nianbao_core::{parse, Diagnostic, Lang, Report, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

/// A file that could not be checked, with the reason (shown in the summary).
#[derive(Clone, Debug)]
pub struct Unreadable {
    pub path: String,
    pub reason: String,
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Whether a finding's span covers a cell's span. Empty spans (insertion points, blank cells)
/// cover what they stand inside of.
fn covers(d: &Range<usize>, c: &Range<usize>) -> bool {
    match (d.is_empty(), c.is_empty()) {
        (true, true) => d.start == c.start,
        (true, false) => c.start <= d.start && d.start < c.end,
        (false, true) => d.start <= c.start && c.start < d.end,
        (false, false) => d.start < c.end && c.start < d.end,
    }
}

/// Where a finding is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    /// Table index in `Report::tables`, row index in `Table::rows`, cell index.
    Cell(usize, usize, usize),
    /// A finding about a whole row (several cells, or the label).
    Row(usize, usize),
    /// A row the report lacks (table index, template row id): the finding whose fix inserts it.
    Missing(usize, usize),
    /// Inside a table but on no row.
    Table(usize),
    /// In the prose (or a heading, or the title): shown beside its paragraph.
    Prose,
}

fn place(report: &Report, d: &Diagnostic) -> Place {
    for (ti, t) in report.tables.iter().enumerate() {
        for (ri, r) in t.rows.iter().enumerate() {
            let hit: Vec<usize> = (0..r.cells.len()).filter(|&i| covers(&d.span, &r.cells[i].span)).collect();
            match hit.len() {
                0 => {}
                1 => return Place::Cell(ti, ri, hit[0]),
                _ => return Place::Row(ti, ri),
            }
            // An empty span here is an insertion point (a missing row goes before this one):
            // it is about the table, not this row.
            if !d.span.is_empty() && ((!r.label.is_empty() && covers(&d.span, &r.label)) || covers(&d.span, &r.span)) {
                return Place::Row(ti, ri);
            }
        }
    }
    // A missing row (NB105): the fix inserts exactly the template's row.
    if let Some(fix) = &d.fix {
        for (ti, t) in report.tables.iter().enumerate() {
            for id in (0..t.kind.template().rows.len()).filter(|&id| t.row(id).is_none()) {
                let row = template::render_row(t.kind, id);
                if fix.edits.iter().any(|e| e.new_text.trim_matches(['\r', '\n']) == row) {
                    return Place::Missing(ti, id);
                }
            }
        }
    }
    for (ti, t) in report.tables.iter().enumerate() {
        if t.span.start < d.span.start && d.span.end < t.span.end {
            return Place::Table(ti);
        }
    }
    Place::Prose
}

/// Per-severity counts of one file; findings dismissed by `[[ignore]]` entries are counted
/// apart, whatever their severity.
#[derive(Clone, Copy, Default)]
struct Tally {
    errors: usize,
    warnings: usize,
    infos: usize,
    ignored: usize,
}

impl Tally {
    fn of(file: &Checked) -> Tally {
        let mut t = Tally { ignored: file.ignored.len(), ..Tally::default() };
        for d in &file.diagnostics {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
                Severity::Info | Severity::Hint => t.infos += 1,
            }
        }
        t
    }
}

fn sev_class(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "info",
    }
}

/// One checked file as shown on the page.
struct Entry<'a> {
    file: &'a Checked,
    report: Report,
    anchor: String,
}

/// The whole page. `lang` is the interface language (messages are in each file's language).
pub fn render(files: &[Checked], unreadable: &[Unreadable], lang: Lang) -> String {
    let entries: Vec<Entry> = files
        .iter()
        .enumerate()
        .map(|(i, f)| Entry {
            file: f,
            report: parse::parse_with(f.text(), f.settings.format),
            anchor: format!("r{}", i + 1),
        })
        .collect();
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let mut h = String::new();
    let html_lang = t("zh-CN", "en");
    let _ = writeln!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>",
        t("政府信息公开工作年度报告审查", "Annual report review")
    );
    let total = entries.iter().fold(Tally::default(), |mut acc, e| {
        let x = Tally::of(e.file);
        acc.errors += x.errors;
        acc.warnings += x.warnings;
        acc.infos += x.infos;
        acc.ignored += x.ignored;
        acc
    });
    let ignored_note = match (total.ignored, lang) {
        (0, _) => String::new(),
        (n, Lang::Zh) => format!("（另有 {n} 个已按 nianbao.toml 忽略，以灰色显示，不计入）"),
        (n, Lang::En) => format!(" ({n} more ignored by nianbao.toml, shown greyed, not counted)"),
    };
    let reports = entries.iter().filter(|e| e.file.is_report()).count();
    let _ =
        write!(h, "<header><h1>{}</h1><p class=\"meta\">", t("政府信息公开工作年度报告审查", "Annual report review"));
    let (all, skipped) = (files.len() + unreadable.len(), unreadable.len() + files.len() - reports);
    let (e, w, i) = (total.errors, total.warnings, total.infos);
    let _ = match lang {
        Lang::Zh => write!(
            h,
            "共 {all} 个文件，{reports} 份报告：{e} 个错误、{w} 个警告、{i} 个提示{ignored_note}；{skipped} 个文件已跳过（见总览中的原因）。"
        ),
        Lang::En => write!(
            h,
            "{all} files, {reports} reports: {e} errors, {w} warnings, {i} notes{ignored_note}; {skipped} files skipped (reasons in the summary)."
        ),
    };
    h.push_str("</p></header>\n");
    summary(&mut h, &entries, unreadable, lang);
    for e in entries.iter().filter(|e| e.file.is_report()) {
        report_section(&mut h, e, lang);
    }
    let _ = writeln!(h, "<script>{SCRIPT}</script>\n</body>\n</html>");
    h
}

fn summary(h: &mut String, entries: &[Entry], unreadable: &[Unreadable], lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    // Two years of one agency checked together: the later one's row names the earlier one.
    let years = entries.iter().any(|e| e.file.is_report() && e.file.previous.is_some());
    let years_th = if years {
        format!(
            "<th title=\"{}\">{}</th>",
            t(
                "同一机关上一年度的报告：跨年度的检查（NB301 的同比数字、NB303、NB304、NB309）对照它进行",
                "the same agency's report of the year before: the checks across years (NB301's year-on-year figures, NB303, NB304, NB309) compare with it"
            ),
            t("对照上年", "Previous year")
        )
    } else {
        String::new()
    };
    let _ = writeln!(
        h,
        "<section id=\"summary\"><h2>{}</h2>\n<table class=\"summary sortable\">\n<thead><tr>\
         <th data-type=\"num\">#</th><th>{}</th><th>{}</th><th data-type=\"num\">{}</th>\
         <th data-type=\"num\">{}</th><th data-type=\"num\">{}</th><th data-type=\"num\">{}</th>\
         <th data-type=\"num\" title=\"{}\">{}</th>{years_th}<th>{}</th></tr></thead>\n<tbody>",
        t("总览", "Summary"),
        t("文件", "File"),
        t("机关", "Agency"),
        t("年度", "Year"),
        t("错误", "Errors"),
        t("警告", "Warnings"),
        t("提示", "Notes"),
        t(
            "按 nianbao.toml 的 [[ignore]] 忽略的问题（不计入错误和警告）",
            "findings dismissed by [[ignore]] entries in nianbao.toml (not counted as errors or warnings)"
        ),
        t("已忽略", "Ignored"),
        t("结论", "Result"),
    );
    // Files in path order, the unreadable ones among them.
    let mut rows: Vec<(String, String)> = Vec::new();
    for e in entries {
        let path = e.file.path();
        let title = e.report.title.as_ref();
        let agency = title.and_then(|t| t.agency.clone()).unwrap_or_default();
        let year = title.and_then(|t| t.year).map(|y| y.to_string()).unwrap_or_default();
        let row = if e.file.is_report() {
            let c = Tally::of(e.file);
            let (class, verdict) = if c.errors > 0 {
                ("error", t("有错误", "errors"))
            } else if c.warnings > 0 {
                ("warning", t("有警告", "warnings"))
            } else {
                ("ok", t("未发现错误", "no errors"))
            };
            let previous = match (&e.file.previous, years) {
                (_, false) => String::new(),
                (None, true) => "<td></td>".to_string(),
                (Some(name), true) => match entries.iter().find(|x| x.file.is_report() && x.file.path() == *name) {
                    Some(x) => format!("<td class=\"previous\"><a href=\"#{}\">{}</a></td>", x.anchor, escape(name)),
                    None => format!("<td class=\"previous\">{}</td>", escape(name)),
                },
            };
            format!(
                "<tr class=\"{class}\"><td></td><td><a href=\"#{a}\">{p}</a></td><td>{ag}</td><td>{y}</td>\
                 <td>{}</td><td>{}</td><td>{}</td><td{}>{}</td>{previous}<td>{verdict}</td></tr>\n",
                c.errors,
                c.warnings,
                c.infos,
                if c.ignored > 0 { " class=\"ignored\"" } else { "" },
                c.ignored,
                a = e.anchor,
                p = escape(&path),
                ag = escape(&agency),
                y = escape(&year),
            )
        } else {
            let reason = e
                .file
                .not_a_report
                .as_ref()
                .map_or_else(String::new, |r| super::check::not_a_report_note(e.file.text(), r, lang));
            format!(
                "<tr class=\"skipped\"><td></td><td>{}</td><td></td><td></td><td></td><td></td><td></td><td></td>{}<td>{}</td></tr>\n",
                escape(&path),
                if years { "<td></td>" } else { "" },
                escape(&reason)
            )
        };
        rows.push((path, row));
    }
    for u in unreadable {
        let row = format!(
            "<tr class=\"skipped\"><td></td><td>{}</td><td></td><td></td><td></td><td></td><td></td><td></td>{}<td>{}</td></tr>\n",
            escape(&u.path),
            if years { "<td></td>" } else { "" },
            escape(&u.reason)
        );
        rows.push((u.path.clone(), row));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    for (i, (_, row)) in rows.iter().enumerate() {
        h.push_str(&row.replacen("<td></td>", &format!("<td>{}</td>", i + 1), 1));
    }
    h.push_str("</tbody></table></section>\n");
}

/// A finding with its number on the page and where it is shown.
struct Numbered<'a> {
    n: usize,
    d: &'a Diagnostic,
    place: Place,
    /// The `[[ignore]]` entry that dismissed it, if one did.
    ignore: Option<&'a Ignore>,
}

impl Numbered<'_> {
    /// `error`, `warning`, `info`, or `ignored` for a dismissed finding.
    fn class(&self) -> &'static str {
        match self.ignore {
            Some(_) => "ignored",
            None => sev_class(self.d.severity),
        }
    }
}

/// The class of an element showing `fs` (not empty): the most severe finding that is not
/// ignored, `ignored` when all are.
fn class_of(fs: &[&Numbered]) -> &'static str {
    fs.iter().filter(|f| f.ignore.is_none()).map(|f| f.d.severity).min().map_or("ignored", sev_class)
}

fn report_section(h: &mut String, e: &Entry, lang: Lang) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let text = e.file.text();
    let index = LineIndex::new(text);
    let report = &e.report;
    // The findings, then the ignored ones (numbered after them, so that the numbers of the
    // findings do not depend on what was dismissed).
    let found: Vec<Numbered> = e
        .file
        .diagnostics
        .iter()
        .map(|d| (d, None))
        .chain(e.file.ignored.iter().map(|(d, i)| (d, Some(i))))
        .enumerate()
        .map(|(i, (d, ignore))| Numbered { n: i + 1, d, place: place(report, d), ignore })
        .collect();
    let c = Tally::of(e.file);
    let heading = match &report.title {
        Some(title) => escape(&text[title.span.clone()]),
        None => escape(&e.file.path()),
    };
    let open = if found.is_empty() { "" } else { " open" };
    let _ = write!(
        h,
        "<section class=\"report\" id=\"{a}\"><details{open}><summary><h2>{heading}</h2>\
         <span class=\"path\">{p}</span> <span class=\"counts\">",
        a = e.anchor,
        p = escape(&e.file.path())
    );
    let _ = match lang {
        Lang::Zh => write!(h, "{} 个错误、{} 个警告、{} 个提示", c.errors, c.warnings, c.infos),
        Lang::En => write!(h, "{} errors, {} warnings, {} notes", c.errors, c.warnings, c.infos),
    };
    if c.ignored > 0 {
        let _ = match lang {
            Lang::Zh => write!(h, "，<span class=\"ignored\">{} 个已忽略</span>", c.ignored),
            Lang::En => write!(h, ", <span class=\"ignored\">{} ignored</span>", c.ignored),
        };
    }
    h.push_str("</span></summary>\n");
    if e.file.diagnostics.is_empty() {
        let clean = match (c.ignored, lang) {
            (0, _) => t("未发现问题。", "No findings.").to_string(),
            (n, Lang::Zh) => format!("未发现问题（{n} 个已忽略的问题以灰色列出）。"),
            (n, Lang::En) => format!("No findings ({n} ignored findings shown greyed)."),
        };
        let _ = writeln!(h, "<p class=\"clean\">{clean}</p>");
    }
    for kind in TableKind::ALL {
        let ti = report.tables.iter().position(|x| x.kind == kind);
        let tpl = template::table(kind);
        let _ = writeln!(h, "<h3>{}</h3>", escape(lang.pick(tpl.name_zh, tpl.name_en)));
        match ti {
            Some(ti) => table(h, text, &index, &report.tables[ti], ti, &found, &e.anchor, lang),
            None => {
                let _ = writeln!(
                    h,
                    "<p class=\"absent\">{}</p>",
                    t("报告中未找到此表。", "This table was not found in the report.")
                );
            }
        }
    }
    prose(h, text, &index, &found, &e.anchor, lang);
    let _ = writeln!(
        h,
        "<p class=\"top\"><a href=\"#summary\">{}</a></p>\n</details></section>",
        t("↑ 返回总览", "↑ back to the summary")
    );
}

/// `第 39 行` / `line 39`.
fn line_label(index: &LineIndex, text: &str, offset: usize, lang: Lang) -> String {
    let (l, _) = index.line_col(text, offset);
    match lang {
        Lang::Zh => format!("第 {} 行", l + 1),
        Lang::En => format!("line {}", l + 1),
    }
}

fn badge(anchor: &str, f: &Numbered) -> String {
    format!("<a class=\"badge {}\" href=\"#{anchor}-f{n}\">{n}</a>", f.class(), n = f.n)
}

/// `data-f="r2-f1 r2-f3"`: the findings an element shows (the page's script lights up their
/// related cells while the pointer is on it).
fn data_f(anchor: &str, fs: &[&Numbered]) -> String {
    let ids: Vec<String> = fs.iter().map(|f| format!("{anchor}-f{}", f.n)).collect();
    format!(" data-f=\"{}\"", ids.join(" "))
}

/// The hover title of a cell or mark: one line per finding.
fn hover(found: &[&Numbered], lang: Lang) -> String {
    let lines: Vec<String> = found
        .iter()
        .map(|f| {
            let ignored = if f.ignore.is_some() { lang.pick("（已忽略）", " (ignored)") } else { "" };
            format!("{}. {}{ignored} {}", f.n, f.d.rule.code, f.d.message)
        })
        .collect();
    escape(&lines.join("\n"))
}

fn finding_item(h: &mut String, f: &Numbered, where_: &str, anchor: &str, lang: Lang) {
    let sev = f.d.severity;
    let sw = match f.ignore {
        None => severity_word(sev, lang).to_string(),
        Some(_) => match lang {
            Lang::Zh => format!("已忽略（{}）", severity_word(sev, lang)),
            Lang::En => format!("ignored ({})", severity_word(sev, lang)),
        },
    };
    let _ = write!(
        h,
        "<li id=\"{anchor}-f{n}\" class=\"{cls}\" data-f=\"{anchor}-f{n}\">{b} <code>{code}</code> <span class=\"sev\">{sw}</span> \
         <span class=\"where\">{w}</span><br>{msg}",
        n = f.n,
        cls = f.class(),
        b = badge(anchor, f),
        code = f.d.rule.code,
        w = escape(where_),
        msg = escape(&f.d.message),
    );
    if let Some(entry) = f.ignore {
        // The entry that dismissed it (its fix is not applied either, so none is shown).
        let _ = write!(
            h,
            "<br><span class=\"ignore-entry\">{}<code>{}</code>",
            lang.pick("按 nianbao.toml 忽略：", "ignored by nianbao.toml: "),
            escape(&entry.key)
        );
        if let Some(reason) = &entry.reason {
            let _ = match lang {
                Lang::Zh => write!(h, "；理由：{}", escape(reason)),
                Lang::En => write!(h, "; reason: {}", escape(reason)),
            };
        }
        h.push_str("</span></li>\n");
        return;
    }
    if let Some(fix) = &f.d.fix {
        let kind = match fix.applicability {
            nianbao_core::Applicability::Safe => lang.pick("可自动修复", "safe fix"),
            nianbao_core::Applicability::Unsafe => lang.pick("可修复（需确认）", "unsafe fix"),
        };
        let _ = write!(h, "<br><span class=\"fix\">{kind}：{}</span>", escape(&fix.title));
    }
    h.push_str("</li>\n");
}

/// The column names of table 四 as two header rows.
fn table4_header(h: &mut String, lang: Lang) {
    let parts: [&str; 5] = match lang {
        Lang::Zh => ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        Lang::En => ["upheld", "corrected", "other result", "pending", "total"],
    };
    h.push_str("<thead><tr><th rowspan=\"2\"></th>");
    for (zh, en, _) in T4_GROUPS {
        let _ = write!(h, "<th colspan=\"5\">{}</th>", escape(lang.pick(zh, en)));
    }
    h.push_str("</tr><tr>");
    for _ in 0..3 {
        for p in parts {
            let _ = write!(h, "<th>{p}</th>");
        }
    }
    h.push_str("</tr></thead>\n");
}

#[allow(clippy::too_many_arguments)]
fn table(
    h: &mut String,
    text: &str,
    index: &LineIndex,
    tab: &Table,
    ti: usize,
    found: &[Numbered],
    anchor: &str,
    lang: Lang,
) {
    let t = |zh: &'static str, en: &'static str| lang.pick(zh, en);
    let kind = tab.kind;
    let tpl = template::table(kind);
    let here: Vec<&Numbered> = found
        .iter()
        .filter(|f| match f.place {
            Place::Cell(x, _, _) | Place::Row(x, _) | Place::Missing(x, _) | Place::Table(x) => x == ti,
            Place::Prose => false,
        })
        .collect();
    let width =
        tab.rows.iter().map(|r| r.cells.len()).chain(tpl.rows.iter().map(|r| r.columns.len())).max().unwrap_or(0);
    let class = match kind {
        TableKind::Two => "t2",
        TableKind::Three => "t3",
        TableKind::Four => "t4",
    };
    let _ = writeln!(h, "<div class=\"pair\"><div class=\"scroll\"><table class=\"report-table {class}\">");
    match kind {
        TableKind::Three => {
            let _ = write!(h, "<thead><tr><th>{}</th>", t("项目", "item"));
            let names = lang.pick_slice(T3_COLUMNS, T3_COLUMNS_EN);
            for name in names {
                let _ = write!(h, "<th>{}</th>", escape(name));
            }
            for _ in names.len()..width {
                h.push_str("<th></th>");
            }
            h.push_str("</tr></thead>\n");
        }
        TableKind::Four => table4_header(h, lang),
        TableKind::Two => {}
    }
    h.push_str("<tbody>\n");
    let mut last_columns: Option<&[&str]> = None;
    for (id, rt) in tpl.rows.iter().enumerate() {
        if kind == TableKind::Two && last_columns != Some(rt.columns) {
            let _ = write!(h, "<tr class=\"sub\"><th>{}</th>", escape(rt.group.unwrap_or("")));
            for c in rt.columns {
                let _ = write!(h, "<th>{}</th>", escape(c));
            }
            for _ in rt.columns.len()..width {
                h.push_str("<th></th>");
            }
            h.push_str("</tr>\n");
            last_columns = Some(rt.columns);
        }
        let label = match kind {
            TableKind::Three => rt.short,
            TableKind::Two => rt.label,
            TableKind::Four => t("案件数", "cases"),
        };
        let Some(ri) = tab.rows.iter().position(|r| r.id == id) else {
            let missing: Vec<&Numbered> = here.iter().copied().filter(|f| f.place == Place::Missing(ti, id)).collect();
            let _ = write!(h, "<tr class=\"missing");
            if missing.is_empty() {
                h.push('"');
            } else {
                let _ =
                    write!(h, " {}\" title=\"{}\"{}", marks(&missing), hover(&missing, lang), data_f(anchor, &missing));
            }
            let _ = write!(h, "><th>{}", escape(label));
            for f in &missing {
                h.push_str(&badge(anchor, f));
            }
            let _ =
                writeln!(h, "</th><td colspan=\"{width}\">{}</td></tr>", t("报告中没有此行", "row not in the report"));
            continue;
        };
        let row: &Row = &tab.rows[ri];
        let row_found: Vec<&Numbered> = here.iter().copied().filter(|f| f.place == Place::Row(ti, ri)).collect();
        if row_found.is_empty() {
            h.push_str("<tr><th");
        } else {
            let _ = write!(
                h,
                "<tr class=\"{}\"><th title=\"{}\"{}",
                marks(&row_found),
                hover(&row_found, lang),
                data_f(anchor, &row_found)
            );
        }
        let _ = write!(h, ">{}", escape(label));
        for f in &row_found {
            h.push_str(&badge(anchor, f));
        }
        h.push_str("</th>");
        for col in 0..width {
            let Some(cell) = row.cells.get(col) else {
                let cls = if col < rt.columns.len() { "absent" } else { "pad" };
                let _ = write!(h, "<td class=\"{cls}\"></td>");
                continue;
            };
            let cell_found: Vec<&Numbered> =
                here.iter().copied().filter(|f| f.place == Place::Cell(ti, ri, col)).collect();
            let column = rt.columns.get(col).copied().unwrap_or("?");
            let mut cls = String::from("num");
            if cell.span.is_empty() {
                cls.push_str(" blank");
            }
            if col >= rt.columns.len() {
                cls.push_str(" extra");
            }
            // Findings this cell helps explain (the parts of a wrong total, a count the prose
            // contradicts): lit up while the pointer is on the finding.
            let rel: Vec<String> = found
                .iter()
                .filter(|f| f.d.related.iter().any(|r| covers(&r.span, &cell.span)))
                .map(|f| format!("{anchor}-f{}", f.n))
                .collect();
            let mut attrs = String::new();
            if !rel.is_empty() {
                let _ = write!(attrs, " data-rel=\"{}\"", rel.join(" "));
            }
            if !cell_found.is_empty() {
                attrs.push_str(&data_f(anchor, &cell_found));
            }
            let title = if cell_found.is_empty() {
                escape(&format!("{} · {column}", rt.short))
            } else {
                cls.push(' ');
                cls.push_str(&marks(&cell_found));
                hover(&cell_found, lang)
            };
            let _ = write!(h, "<td class=\"{cls}\" title=\"{title}\"{attrs}>{}", escape(&text[cell.span.clone()]));
            for f in &cell_found {
                h.push_str(&badge(anchor, f));
            }
            h.push_str("</td>");
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody></table></div>\n");
    if !here.is_empty() {
        h.push_str("<ol class=\"findings\">\n");
        for f in &here {
            let mut where_ = match f.place {
                Place::Cell(_, ri, col) => {
                    let row = &tab.rows[ri];
                    let rt = row.template(kind);
                    let column = match kind {
                        TableKind::Three => lang.pick_slice(T3_COLUMNS, T3_COLUMNS_EN).get(col).copied(),
                        _ => rt.columns.get(col).copied(),
                    };
                    format!("{} · {}", rt.short, column.unwrap_or("?"))
                }
                Place::Row(_, ri) => tab.rows[ri].template(kind).short.to_string(),
                Place::Missing(_, id) => tpl.rows[id].short.to_string(),
                _ => String::new(),
            };
            if !where_.is_empty() {
                where_.push_str(" · ");
            }
            where_.push_str(&line_label(index, text, f.d.span.start, lang));
            finding_item(h, f, &where_, anchor, lang);
        }
        h.push_str("</ol>\n");
    }
    h.push_str("</div>\n");
}

/// Findings outside the tables, grouped by the line (paragraph) they start on, each line shown
/// with the findings' spans marked.
fn prose(h: &mut String, text: &str, index: &LineIndex, found: &[Numbered], anchor: &str, lang: Lang) {
    let mut by_line: BTreeMap<usize, Vec<&Numbered>> = BTreeMap::new();
    for f in found.iter().filter(|f| f.place == Place::Prose) {
        by_line.entry(index.line_of(f.d.span.start)).or_default().push(f);
    }
    if by_line.is_empty() {
        return;
    }
    let _ = writeln!(h, "<h3>{}</h3>", lang.pick("正文与结构", "Prose and structure"));
    for (line, fs) in by_line {
        let range = index.line_range(text, line);
        h.push_str("<div class=\"pair para\"><p class=\"text\">");
        if text[range.clone()].trim().is_empty() {
            let _ = write!(
                h,
                "<span class=\"empty\">{}</span>",
                lang.pick("（空行或文末）", "(blank line or end of text)")
            );
        }
        marked_line(h, text, range.clone(), &fs, anchor, lang);
        h.push_str("</p><ol class=\"findings\">\n");
        for f in &fs {
            finding_item(h, f, &line_label(index, text, f.d.span.start, lang), anchor, lang);
        }
        h.push_str("</ol></div>\n");
    }
}

/// One line of text with each finding's span (clipped to the line) in a `<mark>` and its
/// number after it; an empty span (an insertion point) shows as a caret with its number.
fn marked_line(h: &mut String, text: &str, line: Range<usize>, fs: &[&Numbered], anchor: &str, lang: Lang) {
    let clip = |r: &Range<usize>| {
        let s = r.start.clamp(line.start, line.end);
        let e = r.end.clamp(s, line.end);
        s..e
    };
    let spans: Vec<Range<usize>> = fs.iter().map(|f| clip(&f.d.span)).collect();
    let mut points: Vec<usize> = spans.iter().flat_map(|r| [r.start, r.end]).chain([line.start, line.end]).collect();
    points.sort_unstable();
    points.dedup();
    for (k, &p) in points.iter().enumerate() {
        // Numbers of the findings that end here, and insertion points here.
        for (f, s) in fs.iter().zip(&spans) {
            if s.end == p && (s.is_empty() || s.start < p) {
                if s.is_empty() {
                    h.push_str("<span class=\"caret\">⁁</span>");
                }
                h.push_str(&badge(anchor, f));
            }
        }
        let Some(&next) = points.get(k + 1) else { break };
        let seg = p..next;
        let over: Vec<&Numbered> =
            fs.iter().zip(&spans).filter(|(_, s)| s.start <= seg.start && seg.end <= s.end).map(|(f, _)| *f).collect();
        let body = escape(&text[seg]);
        if over.is_empty() {
            h.push_str(&body);
        } else {
            let _ = write!(
                h,
                "<mark class=\"{}\" title=\"{}\"{}>{body}</mark>",
                class_of(&over),
                hover(&over, lang),
                data_f(anchor, &over)
            );
        }
    }
}

/// The classes of an element showing `fs` (not empty): `bad error` (`warning`, `info`) for the
/// most severe finding that is not ignored, `ignored` when all of them are.
fn marks(fs: &[&Numbered]) -> String {
    match class_of(fs) {
        "ignored" => "ignored".to_string(),
        sev => format!("bad {sev}"),
    }
}

/// A small extension to pick a slice by language.
trait PickSlice {
    fn pick_slice<'a>(self, zh: &'a [&'a str], en: &'a [&'a str]) -> &'a [&'a str];
}

impl PickSlice for Lang {
    fn pick_slice<'a>(self, zh: &'a [&'a str], en: &'a [&'a str]) -> &'a [&'a str] {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

const CSS: &str = r#"
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Micro Hei","Microsoft YaHei","PingFang SC",sans-serif;margin:0 auto;padding:1em 2em;max-width:1400px;color:#222;line-height:1.5}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;display:inline;margin:0}h3{font-size:1em;margin:1.2em 0 .4em}
.meta,.path{color:#555}.path{font-size:.9em;margin-left:.6em}.counts{font-size:.9em;margin-left:.6em}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #bbb;padding:.15em .45em}
th{background:#f2f2f2;font-weight:600;text-align:left}
table.summary{width:100%}table.summary th{cursor:pointer;user-select:none}table.summary th.asc::after{content:" ▲"}table.summary th.desc::after{content:" ▼"}
table.summary tr.error td:last-child{color:#b00020;font-weight:600}table.summary tr.warning td:last-child{color:#8a6100}
table.summary tr.ok td:last-child{color:#1b7a1b}table.summary tr.skipped{color:#666;background:#fafafa}
section.report{border-top:2px solid #ddd;margin-top:1.5em;padding-top:.5em}
details>summary{cursor:pointer;list-style-position:outside}
.pair{display:flex;flex-wrap:wrap;gap:1em;align-items:flex-start;margin-bottom:.6em}
.scroll{overflow-x:auto;max-width:100%}
.report-table td.num{text-align:right;white-space:nowrap;min-width:2.2em}
.report-table th{white-space:nowrap}.t4 th{text-align:center}
.report-table tr.sub th{background:#e8eef6}
td.absent{background:repeating-linear-gradient(45deg,#fff,#fff 4px,#eee 4px,#eee 8px)}
tr.missing th,tr.missing td{color:#999;font-style:italic;background:#fafafa}
td.rel{background:#e3efff;outline:2px dashed #3a78c2;outline-offset:-2px}
td.extra{outline:2px dashed #c60}
td.bad.error,tr.bad.error th{background:#ffd6d6;outline:2px solid #d00;outline-offset:-2px}
td.bad.warning,tr.bad.warning th{background:#fff0b3;outline:2px solid #c90;outline-offset:-2px}
tr.bad.error td{background:#fff3f3}tr.bad.warning td{background:#fffbe8}
td.bad.info,tr.bad.info th{background:#dcecff;outline:2px solid #48c;outline-offset:-2px}
mark.error{background:#ffd6d6;border-bottom:2px solid #d00}mark.warning{background:#fff0b3;border-bottom:2px solid #c90}mark.info{background:#dcecff;border-bottom:2px solid #48c}
.badge{display:inline-block;min-width:1.3em;padding:0 .25em;margin-left:.2em;border-radius:.7em;font-size:.75em;line-height:1.3em;text-align:center;color:#fff;text-decoration:none;vertical-align:super}
.badge.error{background:#c00}.badge.warning{background:#b07d00}.badge.info{background:#3a78c2}.badge.ignored{background:#999}
.report-table td.ignored,.report-table tr.ignored th{background:#ededed;color:#777;outline:2px dashed #999;outline-offset:-2px}
mark.ignored{background:#ededed;color:#666;border-bottom:2px dashed #999}
table.summary td.ignored,.counts .ignored{color:#777}
.caret{color:#d00;font-weight:bold}
ol.findings{list-style:none;margin:0;padding:0;flex:1 1 22em;min-width:18em;font-size:.9em}
ol.findings li{border-left:4px solid #999;padding:.2em .6em;margin-bottom:.4em;background:#fafafa}
ol.findings li.error{border-color:#d00}ol.findings li.warning{border-color:#c90}ol.findings li.info{border-color:#48c}
ol.findings li.ignored{border-left:4px dashed #aaa;color:#777;background:#f2f2f2}.ignore-entry{color:#666;font-size:.9em}
ol.findings li:target{background:#fff7d6}
ol.findings .badge{vertical-align:baseline;margin:0 .3em 0 0}.sev,.where{color:#555;font-size:.9em}.fix{color:#1b5e20}
.para p.text{flex:2 1 30em;margin:0;padding:.4em .6em;background:#fcfcfc;border:1px solid #e4e4e4;white-space:pre-wrap}
.empty{color:#999}.clean{color:#1b7a1b}.absent{color:#999}
@media print{.badge{color:#000;border:1px solid #000}}
"#;

/// Lights up the related cells of the finding under the pointer; sorts the summary table when
/// a column heading is clicked (numbers numerically).
const SCRIPT: &str = r#"
function rel(id,on){document.querySelectorAll('[data-rel~="'+id+'"]').forEach(function(e){e.classList.toggle('rel',on);});}
document.querySelectorAll('[data-f]').forEach(function(e){
  var ids=e.dataset.f.split(' ');
  e.addEventListener('mouseenter',function(){ids.forEach(function(i){rel(i,true);});});
  e.addEventListener('mouseleave',function(){ids.forEach(function(i){rel(i,false);});});
});
document.querySelectorAll('table.sortable').forEach(function(t){
  var hs=t.tHead.rows[0].cells;
  Array.prototype.forEach.call(hs,function(th,i){
    th.addEventListener('click',function(){
      var asc=!th.classList.contains('asc');
      Array.prototype.forEach.call(hs,function(x){x.classList.remove('asc','desc');});
      th.classList.add(asc?'asc':'desc');
      var num=th.dataset.type==='num', b=t.tBodies[0];
      var rows=Array.prototype.slice.call(b.rows);
      rows.sort(function(r1,r2){
        var a=r1.cells[i].textContent.trim(), c=r2.cells[i].textContent.trim();
        var x=num?(a===''?-1:parseFloat(a)):a, y=num?(c===''?-1:parseFloat(c)):c;
        var r=num?x-y:String(x).localeCompare(String(y),'zh');
        return asc?r:-r;
      });
      rows.forEach(function(r){b.appendChild(r);});
    });
  });
});
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(escape("<script>a&b\"c'</script>"), "&lt;script&gt;a&amp;b&quot;c&#39;&lt;/script&gt;");
    }

    fn checked(name: &str, text: &str) -> Checked {
        let bytes = text.as_bytes().to_vec();
        let decoded = nianbao_core::source::decode(&bytes).unwrap();
        let settings = nianbao_core::Settings::default();
        let report = parse::parse(&decoded.text);
        let diagnostics = nianbao_core::check_report(&decoded.text, &report, &settings);
        Checked {
            input: super::super::files::Input {
                origin: super::super::files::Origin::File(name.into()),
                bytes,
                decoded,
                extracted: None,
            },
            settings,
            not_a_report: report.not_a_report(),
            diagnostics,
            ignored: Vec::new(),
            previous: None,
        }
    }

    /// Every fixture, cut short at many places and with CRLF line ends, renders without a
    /// panic into a page whose tables and lists are balanced.
    #[test]
    fn truncated_and_crlf_reports_render() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut texts = Vec::new();
        for dir in [root.clone(), root.join("cases")] {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                if e.path().extension().is_some_and(|x| x == "txt") {
                    texts.push(std::fs::read_to_string(e.path()).unwrap());
                }
            }
        }
        assert!(texts.len() > 20);
        let mut files = Vec::new();
        for text in &texts {
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(211).collect();
            for &cut in &bounds {
                files.push(checked("cut.txt", &text[..cut]));
            }
            files.push(checked("crlf.txt", &text.replace('\n', "\r\n")));
        }
        // Every other finding of every other file dismissed, as an `[[ignore]]` entry would.
        for f in files.iter_mut().step_by(2) {
            let all = std::mem::take(&mut f.diagnostics);
            for (i, d) in all.into_iter().enumerate() {
                if i % 2 == 0 {
                    f.diagnostics.push(d);
                } else {
                    let entry = Ignore { code: d.rule.code.into(), file: "x".into(), key: "<k>".into(), reason: None };
                    f.ignored.push((d, entry));
                }
            }
        }
        let page = render(&files, &[], Lang::Zh);
        assert_eq!(page.matches("<table").count(), page.matches("</table>").count());
        assert_eq!(page.matches("<ol").count(), page.matches("</ol>").count());
        assert_eq!(page.matches("<mark").count(), page.matches("</mark>").count());
        assert!(page.contains("class=\"num bad"));
        assert!(page.contains("class=\"num ignored"));
        assert!(page.contains("<mark class=\"ignored"));
        assert!(!page.contains("<k>"));
    }

    #[test]
    fn empty_spans_cover_what_they_stand_in() {
        assert!(covers(&(3..3), &(2..5)));
        assert!(!covers(&(5..5), &(2..5)));
        assert!(covers(&(4..4), &(4..4)));
        assert!(covers(&(2..6), &(4..4)));
        assert!(!covers(&(2..4), &(4..6)));
    }
}
