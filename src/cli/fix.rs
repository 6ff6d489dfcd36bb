//! `nianbao fix`: apply the engine's fixes ([`nianbao_core::fix::fix_text_with`] over the findings
//! `config::check_path` leaves after `[[ignore]]`, repeating [`nianbao_core::fix_edits`] rounds
//! until nothing changes) and write each file
//! back atomically in its own encoding, or print a unified diff (`--diff`) and write nothing.
//!
//! A file is written only when the fixed text differs, the original bytes decode and encode
//! back to themselves exactly, the fixed text encodes back exactly, the file is not read-only,
//! the user may write it in place keeping its owner and group, and it still holds what was
//! read just before the rename (`files::write_atomic`). Standard input (`-`) is fixed to
//! standard output.

use super::check::{self, not_a_report_note};
use super::files::{self, Origin};
use super::human;
use super::settings::Configs;
use super::ui::{self, Counts, Paint};
use nianbao_core::{config, parse, source, FixMode, Lang};
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Options {
    pub mode: FixMode,
    pub diff: bool,
}

pub fn run(configs: &mut Configs, paths: &[PathBuf], opts: Options, stdin_name: Option<&Path>) -> u8 {
    let ui_lang = configs.ui_lang();
    let mut failed = false;
    let origins = files::collect(paths, stdin_name, ui_lang, &mut failed);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let paint = Paint { on: !opts.diff && ui::color_stdout() };
    let mut remaining = Counts::default();
    let mut edits_total = 0;
    let mut files_changed = 0;
    // With --diff or stdin, standard output carries only the diff or the fixed text.
    let quiet_stdout = opts.diff || origins.iter().any(|o| matches!(o, Origin::Stdin(_)));
    for origin in &origins {
        let is_stdin = matches!(origin, Origin::Stdin(_));
        let Ok((input, settings)) = check::prepare(configs, origin, ui_lang) else {
            failed = true;
            continue;
        };
        let lang = settings.lang;
        let path = origin.display();
        let text = input.decoded.text.as_str();
        if let Some(reason) = parse::parse(text).not_a_report() {
            ui::note(&path, &not_a_report_note(text, &reason, lang));
            if is_stdin && !opts.diff {
                let _ = out.write_all(&input.bytes);
            }
            continue;
        }
        let Fixed { changed, text: fixed, before: found_before, after, fixes, applied } =
            fix_input(&input, &settings, opts.mode);
        if changed {
            if opts.diff {
                let _ = out.write_all(diff(&path, text, &fixed).as_bytes());
            } else {
                match write(&input, &fixed, lang) {
                    Ok(bytes) if is_stdin => {
                        let _ = out.write_all(&bytes);
                    }
                    Ok(_) => {}
                    Err(msg) => {
                        ui::note(&path, &msg);
                        failed = true;
                        // Nothing was written: everything found in the file remains.
                        remaining.add(&found_before);
                        continue;
                    }
                }
            }
            edits_total += fixes;
            files_changed += 1;
        } else if is_stdin && !opts.diff {
            let _ = out.write_all(&input.bytes);
        }
        let mut here = Counts::default();
        here.add(&after);
        remaining.add(&after);
        if changed || here.total() > 0 {
            ui::note(&path, &file_status(lang, opts.diff, changed.then_some(fixes), &here));
        }
        // Each change, where it was made: on standard error when standard output carries the
        // diff or the fixed text.
        for change in &applied {
            let line = format!("{path}:{change}");
            if quiet_stdout {
                eprintln!("{line}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
        if !quiet_stdout && !after.is_empty() {
            let mut after = after;
            files::cap_findings(&mut after, &path, lang);
            let shown = human::render(&path, &fixed, &after, lang, paint);
            let _ = out.write_all(shown.as_bytes());
        }
    }
    let summary = summary(ui_lang, opts.diff, edits_total, files_changed, &remaining);
    if quiet_stdout {
        eprintln!("{summary}");
    } else {
        let _ = writeln!(out, "{}", paint.bold(&summary));
    }
    let _ = out.flush();
    if failed {
        2
    } else if remaining.errors > 0 || (opts.diff && files_changed > 0) {
        1
    } else {
        0
    }
}

/// One change `fix` made: `41:34: 147 → 146 (NB201 将总计改为 146)`, line and column (in
/// characters, 1-based) in the text as it was when the change was made (the file as read,
/// unless an earlier round of unsafe fixes inserted lines above it).
fn changes(rounds: &[(String, Vec<nianbao_core::Diagnostic>)], mode: FixMode) -> Vec<String> {
    let mut out = Vec::new();
    for (text, found) in rounds {
        let fixes = nianbao_core::fix::select_fixes(found, mode);
        let edits = nianbao_core::fix::select_edits(found, mode);
        // A round whose edits change nothing was not applied (`fix_text_with` stops there).
        if edits.is_empty() || nianbao_core::apply_edits(text, &edits) == *text {
            break;
        }
        let index = nianbao_core::lines::LineIndex::new(text);
        for d in fixes {
            let Some(fix) = &d.fix else { continue };
            for e in &fix.edits {
                let (line, col) = index.line_col(text, e.span.start);
                let old = shown(&text[e.span.clone()]);
                let new = shown(&e.new_text);
                out.push(format!("{}:{}: {old} → {new} ({} {})", line + 1, col + 1, d.rule.code, fix.title));
            }
        }
    }
    out
}

/// Text of an edit on one line: `“…”` around text with spaces or none, line ends as `⏎`, long
/// text cut after 40 characters.
fn shown(s: &str) -> String {
    let one: String = s.replace("\r\n", "⏎").replace(['\n', '\r'], "⏎");
    let cut: String = one.chars().take(40).collect();
    let cut = if cut.len() < one.len() { format!("{cut}…") } else { cut };
    if cut.is_empty() || cut.chars().any(|c| c.is_whitespace() || c == '⏎') {
        format!("“{cut}”")
    } else {
        cut
    }
}

/// An input's text with its fixes applied.
pub struct Fixed {
    /// Whether any fix applied.
    pub changed: bool,
    /// The fixed text (the input's when nothing changed).
    pub text: String,
    /// The findings before and after.
    pub before: Vec<nianbao_core::Diagnostic>,
    pub after: Vec<nianbao_core::Diagnostic>,
    /// Fixes applied, counted as findings that are gone (at least 1 when something changed).
    pub fixes: usize,
    /// Each change made, `41:34: 147 → 146 (NB201 将总计改为 146)` (see [`changes`]).
    pub applied: Vec<String>,
}

/// Applies the fixes of `mode` to a report's text (rounds of [`nianbao_core::fix::fix_text_with`]
/// over the findings `config::check_path` leaves after `[[ignore]]`).
pub fn fix_input(input: &files::Input, settings: &nianbao_core::Settings, mode: FixMode) -> Fixed {
    let text = input.decoded.text.as_str();
    // Findings dismissed by [[ignore]] entries are neither fixed nor counted.
    let file = match &input.origin {
        Origin::File(f) | Origin::Stdin(Some(f)) => Some(f.as_path()),
        Origin::Stdin(None) | Origin::Upload(_) => None,
    };
    // Each round's findings are kept: the first round's are the file's, and the last round
    // usually checked the fixed text already (no check is run twice on the same text).
    let mut rounds: Vec<(String, Vec<nianbao_core::Diagnostic>)> = Vec::new();
    let fixed = nianbao_core::fix::fix_text_with(text, mode, |t| {
        let found = config::check_path(file, t, settings);
        rounds.push((t.to_string(), found.clone()));
        found
    });
    let changed = fixed.is_some();
    let fixed = fixed.unwrap_or_else(|| text.to_string());
    let applied = if changed { changes(&rounds, mode) } else { Vec::new() };
    let before = rounds.first().map(|(_, d)| d.clone()).unwrap_or_default();
    let after = match rounds.pop() {
        Some((t, found)) if t == fixed => found,
        _ => config::check_path(file, &fixed, settings),
    };
    let fixes = if changed { before.len().saturating_sub(after.len()).max(1) } else { 0 };
    Fixed { changed, text: fixed, before, after, fixes, applied }
}

/// Encodes `fixed` like the input and writes it (files) or returns it (stdin).
fn write(input: &files::Input, fixed: &str, lang: Lang) -> Result<Vec<u8>, String> {
    let bytes = fixed_bytes(input, fixed, lang)?;
    if let Origin::File(path) = &input.origin {
        files::write_atomic(path, &input.bytes, &bytes).map_err(|e| e.message(lang))?;
    }
    Ok(bytes)
}

/// The input's bytes with its text replaced by `fixed`: text in its own encoding (BOM and line
/// endings are the text's), a .docx with only the changed Word runs rewritten. The error (a
/// message ready to print after the path) when that cannot be done exactly.
pub fn fixed_bytes(input: &files::Input, fixed: &str, lang: Lang) -> Result<Vec<u8>, String> {
    if let Some((_, extracted)) = &input.extracted {
        return document_bytes(input, extracted, fixed, lang);
    }
    let encoding = input.decoded.encoding;
    let en = lang == Lang::En;
    match source::encode(&input.decoded.text, encoding) {
        Ok(b) if b == input.bytes => {}
        _ => {
            return Err(lang
                .pick(
                    "文件的编码无法原样写回（读入再写出会改变其他字节），未修改",
                    "the file's encoding does not round-trip exactly; not modified",
                )
                .to_string())
        }
    }
    source::encode(fixed, encoding).map_err(|e| format!("{}{}", e.message(en), lang.pick("，未修改", "; not modified")))
}

/// Whether fixes can be written back into the input: text and .docx can, HTML and PDF reports
/// are only checked (the error says so).
pub fn rewritable(input: &files::Input, lang: Lang) -> Result<(), String> {
    match &input.extracted {
        Some((kind, _)) if *kind != nianbao_formats::Kind::Docx => Err(lang
            .pick(
                "HTML 和 PDF 报告只检查、不修改（请在原文档中修改），未修改",
                "HTML and PDF reports are checked, not rewritten; not modified",
            )
            .to_string()),
        _ => Ok(()),
    }
}

/// The fix written back into a .docx: only the text of the Word runs that hold the changed
/// characters is rewritten; every other part of the file stays byte for byte. HTML and PDF
/// reports are only checked.
fn document_bytes(
    input: &files::Input,
    extracted: &nianbao_formats::Extracted,
    fixed: &str,
    lang: Lang,
) -> Result<Vec<u8>, String> {
    rewritable(input, lang)?;
    // The edits that turn the extracted text into the fixed one, from a character diff.
    let old = &input.decoded.text;
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let diff = similar::TextDiff::from_chars(old.as_str(), fixed);
    let (mut at, mut pending): (usize, Option<(std::ops::Range<usize>, String)>) = (0, None);
    for change in diff.iter_all_changes() {
        let v = change.value();
        match change.tag() {
            similar::ChangeTag::Equal => {
                if let Some(e) = pending.take() {
                    edits.push(e);
                }
                at += v.len();
            }
            similar::ChangeTag::Delete => {
                let e = pending.get_or_insert((at..at, String::new()));
                e.0.end = at + v.len();
                at += v.len();
            }
            similar::ChangeTag::Insert => pending.get_or_insert((at..at, String::new())).1.push_str(v),
        }
    }
    edits.extend(pending);
    nianbao_formats::apply_docx_edits_with(&input.bytes, extracted, &edits, files::limits())
        .map_err(|e| format!("{}{}", e.message(lang), lang.pick("，未修改", "; not modified")))
}

/// A unified diff of the fix, with the path on both header lines.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(path, path).to_string()
}

fn file_status(lang: Lang, diff: bool, edits: Option<usize>, left: &Counts) -> String {
    let did = match (edits, diff, lang) {
        (None, _, Lang::Zh) => "没有可应用的修复".to_string(),
        (None, _, Lang::En) => "no fixes to apply".to_string(),
        (Some(n), false, Lang::Zh) => format!("已应用 {n} 处修复"),
        (Some(n), true, Lang::Zh) => format!("可应用 {n} 处修复（--diff，未写入）"),
        (Some(n), false, Lang::En) => format!("applied {n} fix{}", es(n)),
        (Some(n), true, Lang::En) => format!("{n} fix{} to apply (--diff, not written)", es(n)),
    };
    match lang {
        Lang::Zh => format!("{did}；剩余 {}", left.describe(lang)),
        Lang::En => format!("{did}; {} remaining", left.describe(lang)),
    }
}

fn summary(lang: Lang, diff: bool, edits: usize, files: usize, left: &Counts) -> String {
    match (lang, diff) {
        (Lang::Zh, false) => format!("已修复 {files} 个文件中的 {edits} 处；剩余 {}", left.describe(lang)),
        (Lang::Zh, true) => {
            format!("{files} 个文件中有 {edits} 处可修复（未写入）；修复后剩余 {}", left.describe(lang))
        }
        (Lang::En, false) => format!(
            "Applied {edits} fix{} in {files} file{}; {} remaining",
            es(edits),
            ui::plural(files),
            left.describe(lang)
        ),
        (Lang::En, true) => format!(
            "{edits} fix{} to apply in {files} file{} (not written); {} would remain",
            es(edits),
            ui::plural(files),
            left.describe(lang)
        ),
    }
}

fn es(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "es"
    }
}
