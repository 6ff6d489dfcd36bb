//! `nianbao check`: read, decode and check each input, then print in the chosen format.

use super::files::{self, Origin};
use super::settings::Configs;
use super::ui::{self, Counts, Paint};
use super::{csv, human, machine, progress, review, Format};
use nianbao_core::config::{self, Ignore};
use nianbao_core::{parse, Companions, Diagnostic, Lang, Previous, Report, Settings};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One checked input.
pub struct Checked {
    pub input: files::Input,
    pub settings: Settings,
    /// Whether the text is a report at all (otherwise `diagnostics` is empty).
    pub is_report: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings dismissed by `[[ignore]]` entries, with their entry (shown greyed on the review
    /// page; listed by `--show-ignored`).
    pub ignored: Vec<Ignored>,
}

impl Checked {
    pub fn path(&self) -> String {
        self.input.origin.display()
    }
    pub fn text(&self) -> &str {
        &self.input.decoded.text
    }
}

/// Finds the settings for `origin` and reads it. `Err(reason)` when it could not be read or
/// configured (the message has been printed; the reason is for the review page).
pub fn prepare(configs: &mut Configs, origin: &Origin, ui_lang: Lang) -> Result<(files::Input, Settings), String> {
    let settings = match configs.for_path(&origin.config_start()) {
        Ok(s) => s,
        Err(msg) => {
            if let Some(msg) = &msg {
                ui::error(ui_lang, msg);
            }
            return Err(msg.unwrap_or_else(|| ui_lang.pick("配置文件无效", "invalid configuration file").to_string()));
        }
    };
    match files::read(origin, settings.lang) {
        Ok(input) => Ok((input, settings)),
        Err(msg) => {
            ui::note(&origin.display(), &msg);
            Err(msg)
        }
    }
}

/// The stderr note for a text that is not a report, if it is not.
pub fn not_a_report_note(text: &str, lang: Lang) -> String {
    if text.trim().is_empty() {
        lang.pick("空文件，已跳过", "empty file, skipped").to_string()
    } else {
        lang.pick("不是年度报告，已跳过", "not an annual report, skipped").to_string()
    }
}

/// The stderr note for a checked text that is not a report.
pub fn skipped_note(checked: &Checked) -> Option<String> {
    (!checked.is_report).then(|| not_a_report_note(checked.text(), checked.settings.lang))
}

/// A finding dismissed by an `[[ignore]]` entry, with that entry.
pub type Ignored = (Diagnostic, Ignore);

/// An input read and parsed, before checking.
struct Parsed {
    input: files::Input,
    settings: Settings,
    report: Report,
}

impl Parsed {
    /// The file it was read from (stdin's `--stdin-filename`), if any.
    fn path(&self) -> Option<&Path> {
        match &self.input.origin {
            Origin::File(f) | Origin::Stdin(Some(f)) => Some(f.as_path()),
            Origin::Stdin(None) => None,
        }
    }

    /// (agency, year) from the title, for finding last year's report of the same agency.
    fn key(&self) -> Option<(String, u32)> {
        let t = self.report.title.as_ref()?;
        Some((t.agency.clone()?, t.year?))
    }
}

fn parse_input(configs: &mut Configs, origin: &Origin, ui_lang: Lang) -> Result<Parsed, String> {
    let (input, settings) = prepare(configs, origin, ui_lang)?;
    let report = parse::parse_with(&input.decoded.text, settings.format);
    Ok(Parsed { input, settings, report })
}

/// Why an input was not read, printed in input order once every input has been read.
enum Skip {
    /// An invalid nianbao.toml (the message is printed with the first file it applies to only).
    Config(Option<String>),
    /// An unreadable or undecodable file.
    Read(String),
}

/// Settings for each input, in order. nianbao.toml is searched for once per directory, not
/// once per file (10,000 files in one folder would otherwise stat every parent 10,000 times).
fn settings_for(configs: &mut Configs, origins: &[Origin]) -> Vec<Result<Settings, Skip>> {
    let mut by_dir: HashMap<PathBuf, Result<Settings, ()>> = HashMap::new();
    origins
        .iter()
        .map(|origin| {
            // Lexically: the same parent path is the same directory (the cwd does not change).
            let dir = match origin {
                Origin::File(p) => p.parent().map(Path::to_path_buf),
                Origin::Stdin(_) => None,
            };
            if let Some(hit) = dir.as_ref().and_then(|d| by_dir.get(d)) {
                // Same directory, same file found, same result (an error is only reported once).
                return hit.clone().map_err(|()| Skip::Config(None));
            }
            let result = configs.for_path(&origin.config_start());
            if let Some(d) = dir {
                by_dir.insert(d, result.clone().map_err(|_| ()));
            }
            result.map_err(Skip::Config)
        })
        .collect()
}

/// Maps `f` over `items` on every available core, results in input order. Workers take items
/// one at a time from a shared counter, so a slow file does not hold up a whole chunk.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        for w in workers {
            for (i, r) in w.join().expect("worker panicked") {
                slots[i] = Some(r);
            }
        }
    });
    slots.into_iter().map(|r| r.expect("every item mapped")).collect()
}

pub fn run(
    configs: &mut Configs,
    paths: &[PathBuf],
    format: Format,
    stdin_name: Option<&Path>,
    previous: Option<&Path>,
    show_ignored: bool,
    output: Option<&Path>,
) -> u8 {
    let ui_lang = configs.ui_lang();
    let mut failed = false;
    let origins = files::collect(paths, stdin_name, ui_lang, &mut failed);
    // Everything is read and parsed first: reports are grouped by agency and year so that each
    // can be compared with last year's report of the same agency (NB303, NB304).
    // Files are read, decoded and parsed on every core; standard input is read on this thread.
    // Messages about unreadable inputs are printed afterwards, in input order.
    let mut parsed: Vec<Parsed> = Vec::with_capacity(origins.len());
    let mut unreadable: Vec<review::Unreadable> = Vec::new();
    let progress = progress::Progress::new(origins.len(), ui_lang);
    progress.stage(ui_lang.pick("读取", "reading"));
    let settings = settings_for(configs, &origins);
    let read_one = |origin: &Origin, settings: &Settings| -> Result<Parsed, Skip> {
        let mut input = files::read(origin, settings.lang).map_err(Skip::Read)?;
        // The raw bytes are kept for `fix` (to verify the file before writing); checking only
        // needs the decoded text, so 10,000 files do not keep a second copy of themselves.
        input.bytes = Vec::new();
        let report = parse::parse_with(&input.decoded.text, settings.format);
        Ok(Parsed { input, settings: settings.clone(), report })
    };
    let jobs: Vec<(&Origin, &Result<Settings, Skip>)> = origins.iter().zip(&settings).collect();
    let mut results: Vec<Option<Result<Parsed, Skip>>> = par_map(&jobs, |(origin, settings)| match settings {
        Ok(s) if matches!(origin, Origin::File(_)) => {
            let r = read_one(origin, s);
            progress.inc(&origin.display());
            Some(r)
        }
        _ => None,
    });
    for ((origin, settings), result) in jobs.iter().zip(&mut results) {
        let result = match (result.take(), settings) {
            (Some(r), _) => r,
            (None, Ok(s)) => {
                progress.inc(&origin.display());
                read_one(origin, s)
            }
            (None, Err(Skip::Config(msg))) => Err(Skip::Config(msg.clone())),
            (None, Err(Skip::Read(msg))) => Err(Skip::Read(msg.clone())),
        };
        let reason = match result {
            Ok(p) => {
                parsed.push(p);
                continue;
            }
            Err(Skip::Config(msg)) => {
                if let Some(msg) = &msg {
                    ui::error(ui_lang, msg);
                }
                msg.unwrap_or_else(|| ui_lang.pick("配置文件无效", "invalid configuration file").to_string())
            }
            Err(Skip::Read(msg)) => {
                ui::note(&origin.display(), &msg);
                msg
            }
        };
        failed = true;
        unreadable.push(review::Unreadable { path: origin.display(), reason });
    }
    let explicit_previous = match previous {
        Some(path) => match parse_input(configs, &Origin::File(path.to_path_buf()), ui_lang) {
            Ok(p) => Some(p),
            Err(_) => return 2,
        },
        None => None,
    };
    let by_key: HashMap<(String, u32), usize> =
        parsed.iter().enumerate().filter_map(|(i, p)| p.key().map(|k| (k, i))).collect();
    // Summary reports ([[aggregate]] in nianbao.toml): their parts, read here when they are not
    // among the checked files.
    // (Paths are only normalised when some nianbao.toml declares an aggregate: it costs a
    // `getcwd` per file.)
    let any_aggregate = parsed.iter().any(|p| !p.settings.aggregates.is_empty());
    let by_path: HashMap<PathBuf, usize> = if any_aggregate {
        parsed.iter().enumerate().filter_map(|(i, p)| p.path().map(|f| (config::normalize(f), i))).collect()
    } else {
        HashMap::new()
    };
    let mut extra: Vec<Parsed> = Vec::new();
    let mut part_refs: Vec<Vec<(bool, usize)>> = Vec::with_capacity(parsed.len());
    for p in &parsed {
        let mut refs = Vec::new();
        if p.settings.aggregates.is_empty() {
            part_refs.push(refs);
            continue;
        }
        let me = p.path().map(config::normalize);
        for ag in p.settings.aggregates.iter().filter(|a| Some(&a.report) == me.as_ref()) {
            for part in &ag.parts {
                match by_path.get(part) {
                    Some(&i) => refs.push((false, i)),
                    None => match parse_input(configs, &Origin::File(part.clone()), ui_lang) {
                        Ok(x) => {
                            extra.push(x);
                            refs.push((true, extra.len() - 1));
                        }
                        Err(_) => failed = true,
                    },
                }
            }
        }
        part_refs.push(refs);
    }
    progress.stage(ui_lang.pick("检查", "checking"));
    let jobs: Vec<(&Parsed, &Vec<(bool, usize)>)> = parsed.iter().zip(&part_refs).collect();
    let findings: Vec<(Vec<Diagnostic>, Vec<Ignored>)> = par_map(&jobs, |&(p, refs)| {
        progress.inc(&p.input.origin.display());
        let last = explicit_previous.as_ref().or_else(|| {
            let (agency, year) = p.key()?;
            by_key.get(&(agency, year.checked_sub(1)?)).map(|&i| &parsed[i])
        });
        let name = last.map(|l| l.input.origin.display()).unwrap_or_default();
        let prev = last.map(|l| Previous { text: &l.input.decoded.text, report: &l.report, name: &name });
        let part_inputs: Vec<&Parsed> =
            refs.iter().map(|&(is_extra, i)| if is_extra { &extra[i] } else { &parsed[i] }).collect();
        let part_names: Vec<String> = part_inputs.iter().map(|x| x.input.origin.display()).collect();
        let parts: Vec<Previous> = part_inputs
            .iter()
            .zip(&part_names)
            .map(|(x, name)| Previous { text: &x.input.decoded.text, report: &x.report, name })
            .collect();
        // A document read through nianbao-formats (files.rs): NB106 may blame the extraction.
        let companions = Companions { previous: prev, parts: &parts, extracted: p.input.extracted.is_some() };
        let found = nianbao_core::check_with(&p.input.decoded.text, &p.report, &p.settings, companions);
        config::split_ignored(p.path(), &p.input.decoded.text, &p.report, found, &p.settings)
    });
    progress.finish();
    let mut ignored_lines = Vec::new();
    for (p, (_, ignored)) in parsed.iter().zip(&findings) {
        for (d, entry) in ignored {
            let (line, col) = nianbao_core::lines::LineIndex::new(&p.input.decoded.text)
                .line_col(&p.input.decoded.text, d.span.start);
            let reason = entry.reason.as_deref().map(|r| format!("（{r}）")).unwrap_or_default();
            ignored_lines.push(format!(
                "{}:{}:{}: [{}] {}{reason}",
                p.input.origin.display(),
                line + 1,
                col + 1,
                d.rule.code,
                d.message
            ));
        }
    }
    let checked = parsed.into_iter().zip(findings).map(|(p, (diagnostics, ignored))| Checked {
        is_report: p.report.is_report(),
        input: p.input,
        settings: p.settings,
        diagnostics,
        ignored,
    });
    let paint = Paint { on: format == Format::Human && output.is_none() && ui::color_stdout() };
    let mut counts = Counts::default();
    let mut all: Vec<Checked> = Vec::new();
    let mut checked_files = 0;
    // With -o the output is gathered and written once at the end.
    let (mut stdout, mut buffer) = (std::io::stdout().lock(), Vec::new());
    let out: &mut dyn Write = if output.is_some() { &mut buffer } else { &mut stdout };
    for mut checked in checked {
        counts.add(&checked.diagnostics);
        // Counted in full, printed up to the findings-per-file limit.
        let path = checked.path();
        files::cap_findings(&mut checked.diagnostics, &path, checked.settings.lang);
        checked_files += 1;
        match format {
            Format::Human => {
                if let Some(note) = skipped_note(&checked) {
                    ui::note(&checked.path(), &note);
                }
                let text =
                    human::render(&checked.path(), checked.text(), &checked.diagnostics, checked.settings.lang, paint);
                let _ = out.write_all(text.as_bytes());
            }
            Format::Github => {
                let text = machine::github(&checked.path(), checked.text(), &checked.diagnostics);
                let _ = out.write_all(text.as_bytes());
            }
            Format::Json | Format::Sarif | Format::Html | Format::Csv => all.push(checked),
        }
    }
    if show_ignored {
        for line in &ignored_lines {
            let line = format!("{}{line}", ui_lang.pick("已忽略：", "ignored: "));
            // A page or a spreadsheet must stay well-formed: the list goes to stderr then.
            if matches!(format, Format::Html | Format::Csv) {
                eprintln!("{line}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
    } else if !ignored_lines.is_empty() {
        let n = ignored_lines.len();
        ui::note(
            "nianbao.toml",
            &match (ui_lang, format) {
                // The review page always shows them (greyed, with their entry).
                (Lang::Zh, Format::Html) => format!("按 [[ignore]] 忽略了 {n} 个问题（审查页上以灰色列出）"),
                (Lang::En, Format::Html) => {
                    format!("{n} findings ignored by [[ignore]] entries (shown greyed on the review page)")
                }
                (Lang::Zh, _) => format!("按 [[ignore]] 忽略了 {n} 个问题（--show-ignored 列出）"),
                (Lang::En, _) => {
                    format!("{n} findings ignored by [[ignore]] entries (list them with --show-ignored)")
                }
            },
        );
    }
    match format {
        Format::Human => {
            let _ = writeln!(out, "{}", paint.bold(&counts.summary(ui_lang, checked_files)));
        }
        Format::Json => {
            let _ = writeln!(out, "{}", machine::json(&all));
        }
        Format::Sarif => {
            let _ = writeln!(out, "{}", machine::sarif(&all, ui_lang));
        }
        Format::Html => {
            let _ = out.write_all(review::render(&all, &unreadable, ui_lang).as_bytes());
        }
        Format::Csv => {
            let _ = out.write_all(csv::render(&all, ui_lang).as_bytes());
        }
        Format::Github => {}
    }
    let _ = out.flush();
    if let Some(path) = output {
        if let Err(e) = std::fs::write(path, &buffer) {
            ui::note(&path.display().to_string(), &files::io_message(&e, ui_lang));
            return 2;
        }
    }
    if failed {
        2
    } else if counts.errors > 0 {
        1
    } else {
        0
    }
}
