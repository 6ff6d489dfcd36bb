//! `nianbao check`: [`run`] reads every input ([`read_inputs`]), groups the reports with their
//! companions ([`group`]: last year's report, a summary's parts), checks them ([`check_all`])
//! and prints them in the chosen format ([`render`]).

use super::files::{self, Origin};
use super::settings::Configs;
use super::ui::{self, Counts, Paint};
use super::{csv, human, machine, progress, review, Format};
use nianbao_core::companions::{owned_key, Catalog};
use nianbao_core::config::{self, Ignore};
use nianbao_core::model::NotAReport;
use nianbao_core::{parse, Companions, Diagnostic, Lang, Previous, Report, Settings};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One checked input.
pub struct Checked {
    pub input: files::Input,
    pub settings: Settings,
    /// Why the text is not a report, if it is not (then `diagnostics` is empty).
    pub not_a_report: Option<NotAReport>,
    pub diagnostics: Vec<Diagnostic>,
    /// Findings dismissed by `[[ignore]]` entries, with their entry (shown greyed on the review
    /// page; listed by `--show-ignored`).
    pub ignored: Vec<Ignored>,
    /// The name of the report it was checked against as last year's (shown in the review
    /// page's summary), if any.
    pub previous: Option<String>,
}

impl Checked {
    pub fn path(&self) -> String {
        self.input.origin.display()
    }
    pub fn text(&self) -> &str {
        &self.input.decoded.text
    }
    /// Whether the text is a report at all (otherwise `diagnostics` is empty).
    pub fn is_report(&self) -> bool {
        self.not_a_report.is_none()
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

/// The note for a text that is not a report, with the reason (`text` is the one parsed):
/// `不是年度报告（没有标题，也没有年报表格），已跳过`.
pub fn not_a_report_note(text: &str, reason: &NotAReport, lang: Lang) -> String {
    match (reason, lang) {
        (NotAReport::Empty, _) => lang.pick("空文件，已跳过", "empty file, skipped").to_string(),
        (_, Lang::Zh) => format!("不是年度报告（{}），已跳过", reason.message(text, lang)),
        (_, Lang::En) => format!("not an annual report ({}), skipped", reason.message(text, lang)),
    }
}

/// The stderr note for a checked text that is not a report.
pub fn skipped_note(checked: &Checked) -> Option<String> {
    checked.not_a_report.as_ref().map(|r| not_a_report_note(checked.text(), r, checked.settings.lang))
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
            Origin::Stdin(None) | Origin::Upload(_) => None,
        }
    }

    /// This report as another's companion, named `name` in messages.
    fn companion<'a>(&'a self, name: &'a str) -> Previous<'a> {
        Previous { text: &self.input.decoded.text, report: &self.report, name }
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
                Origin::Stdin(_) | Origin::Upload(_) => None,
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

/// The number of cores to work on.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Maps `f` over `items` on every available core, results in input order. Workers take items
/// one at a time from a shared counter, so a slow file does not hold up a whole chunk.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    par_map_on(cores(), items, f)
}

/// [`par_map`] on at most `threads` threads (1: on this thread).
pub fn par_map_on<T: Sync, R: Send>(threads: usize, items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = threads.min(items.len());
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

/// What `nianbao check` was asked to do.
pub struct Options<'a> {
    pub paths: &'a [PathBuf],
    pub format: Format,
    /// `--stdin-filename`.
    pub stdin_name: Option<&'a Path>,
    /// `--previous`: last year's report for every input.
    pub previous: Option<&'a Path>,
    pub show_ignored: bool,
    /// List every file skipped as not a report, not just how many.
    pub verbose: bool,
    /// `-o`: where the output goes instead of standard output.
    pub output: Option<&'a Path>,
}

/// Runs `nianbao check`; returns the exit code.
pub fn run(configs: &mut Configs, opts: &Options) -> u8 {
    let ui_lang = configs.ui_lang();
    let mut failed = false;
    let origins = files::collect(opts.paths, opts.stdin_name, ui_lang, &mut failed);
    if origins.is_empty() && failed {
        // Nothing to check because no path named exists or can be read (said on stderr): no
        // summary.
        return 2;
    }
    let progress = progress::Progress::new(origins.len(), ui_lang);
    let (parsed, unreadable) = read_inputs(configs, &origins, &progress, ui_lang);
    failed |= !unreadable.is_empty();
    let Some(group) = group(configs, parsed, opts.previous, ui_lang, &mut failed) else {
        return 2;
    };
    let mut checked = check_all(group, &progress, ui_lang, cores());
    progress.finish();
    // Counted in full, printed up to the findings-per-file limit.
    let mut counts = Counts::default();
    for c in &mut checked {
        counts.add(&c.diagnostics);
        let path = c.path();
        files::cap_findings(&mut c.diagnostics, &path, c.settings.lang);
    }
    if !write_output(&checked, &unreadable, &counts, opts, ui_lang) {
        return 2;
    }
    if failed {
        2
    } else if counts.errors > 0 {
        1
    } else {
        0
    }
}

/// Reads, decodes and parses every input, files on every core and standard input on this
/// thread. Returns them in input order, and the ones that could not be read (their message
/// printed, in input order, once every input has been read).
fn read_inputs(
    configs: &mut Configs,
    origins: &[Origin],
    progress: &progress::Progress,
    ui_lang: Lang,
) -> (Vec<Parsed>, Vec<review::Unreadable>) {
    progress.stage(ui_lang.pick("读取", "reading"));
    let settings = settings_for(configs, origins);
    let read_one = |origin: &Origin, settings: &Settings| -> Result<Parsed, Skip> {
        progress.inc(&origin.display());
        let mut input = files::read(origin, settings.lang).map_err(Skip::Read)?;
        // The raw bytes are kept for `fix` (to verify the file before writing); checking only
        // needs the decoded text, so 10,000 files do not keep a second copy of themselves.
        input.bytes = Vec::new();
        let report = parse::parse_with(&input.decoded.text, settings.format);
        Ok(Parsed { input, settings: settings.clone(), report })
    };
    let jobs: Vec<(&Origin, &Result<Settings, Skip>)> = origins.iter().zip(&settings).collect();
    let mut files: Vec<Option<Result<Parsed, Skip>>> = par_map(&jobs, |(origin, settings)| match settings {
        Ok(s) if matches!(origin, Origin::File(_)) => Some(read_one(origin, s)),
        _ => None,
    });
    let mut parsed = Vec::with_capacity(origins.len());
    let mut unreadable = Vec::new();
    for ((origin, settings), file) in jobs.iter().zip(&mut files) {
        let result = match (file.take(), settings) {
            (Some(r), _) => r,
            (None, Ok(s)) => read_one(origin, s),
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
        unreadable.push(review::Unreadable { path: origin.display(), reason });
    }
    (parsed, unreadable)
}

/// The reports to check and the reports they are checked against.
struct Group {
    /// The inputs, then the reports read only as companions (`--previous`, `[[aggregate]]` parts
    /// that are not inputs).
    reports: Vec<Parsed>,
    /// Each input's companions, as indices into `reports`.
    companions: Vec<CompanionIds>,
}

struct CompanionIds {
    previous: Option<usize>,
    parts: Vec<usize>,
}

/// Finds each input's companions: the `--previous` report, else last year's report of the same
/// agency among the inputs; a summary report's `[[aggregate]]` parts among the inputs, else read
/// here. `None` when the `--previous` report cannot be read (its message is printed); a part
/// that cannot be read sets `failed`.
fn group(
    configs: &mut Configs,
    mut reports: Vec<Parsed>,
    previous: Option<&Path>,
    ui_lang: Lang,
    failed: &mut bool,
) -> Option<Group> {
    let inputs = reports.len();
    let mut read = |path: &Path| parse_input(configs, &Origin::File(path.to_path_buf()), ui_lang).ok();
    let explicit = match previous {
        Some(path) => {
            reports.push(read(path)?);
            Some(reports.len() - 1)
        }
        None => None,
    };
    Some(group_with(reports, inputs, explicit, read, failed))
}

/// [`group`] once `--previous` (`explicit`, an index into `reports`, after the `inputs`) is
/// read: `read` reads the `[[aggregate]]` parts that are not inputs.
fn group_with(
    mut reports: Vec<Parsed>,
    inputs: usize,
    explicit: Option<usize>,
    mut read: impl FnMut(&Path) -> Option<Parsed>,
    failed: &mut bool,
) -> Group {
    let mut read_extra = |reports: &mut Vec<Parsed>, path: &Path| {
        reports.push(read(path)?);
        Some(reports.len() - 1)
    };
    let mut catalog = Catalog::default();
    // Paths are only normalised when some nianbao.toml declares an aggregate: it costs a
    // `getcwd` per file.
    let any_aggregate = reports[..inputs].iter().any(|p| !p.settings.aggregates.is_empty());
    for (i, p) in reports[..inputs].iter().enumerate() {
        catalog.add(i, owned_key(&p.report));
        if let Some(path) = p.path().filter(|_| any_aggregate) {
            catalog.add_path(i, config::normalize(path));
        }
    }
    let mut companions = Vec::with_capacity(inputs);
    for i in 0..inputs {
        let p = &reports[i];
        let previous = explicit.or_else(|| catalog.previous(&p.report).copied());
        let me = p.path().filter(|_| !p.settings.aggregates.is_empty()).map(config::normalize);
        let wanted: Vec<Result<usize, PathBuf>> = match &me {
            Some(me) => catalog.parts(me, &p.settings).map(|r| r.copied().map_err(Path::to_path_buf)).collect(),
            None => Vec::new(),
        };
        let mut parts = Vec::with_capacity(wanted.len());
        for part in wanted {
            let at = match part {
                Ok(j) => Some(j),
                Err(path) => read_extra(&mut reports, &path),
            };
            match at {
                Some(j) => parts.push(j),
                None => *failed = true,
            }
        }
        companions.push(CompanionIds { previous, parts });
    }
    Group { reports, companions }
}

/// Groups and checks inputs already read ([`files::from_bytes`]: `nianbao serve`'s uploads),
/// as `run` does files, on at most `threads` threads: each report is checked against last
/// year's report of its agency among them. Nothing is read from disk (no `--previous`; an
/// `[[aggregate]]` part that is not among them is not read).
pub fn check_read(inputs: Vec<(files::Input, Settings)>, threads: usize) -> Vec<Checked> {
    let reports =
        par_map_on(threads, &inputs, |(input, settings)| parse::parse_with(&input.decoded.text, settings.format));
    let parsed: Vec<Parsed> =
        inputs.into_iter().zip(reports).map(|((input, settings), report)| Parsed { input, settings, report }).collect();
    let inputs = parsed.len();
    let mut failed = false;
    let group = group_with(parsed, inputs, None, |_| None, &mut failed);
    check_all(group, &progress::Progress::hidden(), Lang::Zh, threads)
}

/// Checks every input with its companions, on every core; the findings `[[ignore]]` entries
/// dismiss are set apart.
fn check_all(group: Group, progress: &progress::Progress, ui_lang: Lang, threads: usize) -> Vec<Checked> {
    progress.stage(ui_lang.pick("检查", "checking"));
    let Group { mut reports, companions } = group;
    let jobs: Vec<(&Parsed, &CompanionIds)> = reports.iter().zip(&companions).collect();
    let findings: Vec<(Vec<Diagnostic>, Vec<Ignored>)> = par_map_on(threads, &jobs, |&(p, ids)| {
        progress.inc(&p.input.origin.display());
        let name = |&j: &usize| reports[j].input.origin.display();
        let (previous_name, part_names): (Option<String>, Vec<String>) =
            (ids.previous.as_ref().map(name), ids.parts.iter().map(name).collect());
        let previous = ids.previous.zip(previous_name.as_deref()).map(|(j, name)| reports[j].companion(name));
        let parts: Vec<Previous> =
            ids.parts.iter().zip(&part_names).map(|(&j, name)| reports[j].companion(name)).collect();
        // A document read through nianbao-formats (files.rs): NB106 may blame the extraction.
        let companions = Companions { previous, parts: &parts, extracted: p.input.extracted.is_some() };
        let found = nianbao_core::check_with(&p.input.decoded.text, &p.report, &p.settings, companions);
        config::split_ignored(p.path(), &p.input.decoded.text, &p.report, found, &p.settings)
    });
    let previous: Vec<Option<String>> =
        companions.iter().map(|ids| ids.previous.map(|j| reports[j].input.origin.display())).collect();
    // The reports read only as companions are done with.
    reports.truncate(findings.len());
    reports
        .into_iter()
        .zip(findings)
        .zip(previous)
        .map(|((p, (diagnostics, ignored)), previous)| Checked {
            not_a_report: p.report.not_a_report(),
            input: p.input,
            settings: p.settings,
            diagnostics,
            ignored,
            previous,
        })
        .collect()
}

/// Renders `checked` to standard output, or to `-o`'s file, with `counts` (of every finding,
/// printed or not) in the summary. `false` when that file cannot be written (the message is
/// printed).
fn write_output(
    checked: &[Checked],
    unreadable: &[review::Unreadable],
    counts: &Counts,
    opts: &Options,
    ui_lang: Lang,
) -> bool {
    // With -o the output is gathered and written once at the end.
    let (mut stdout, mut buffer) = (std::io::stdout().lock(), Vec::new());
    let out: &mut dyn Write = if opts.output.is_some() { &mut buffer } else { &mut stdout };
    render(checked, unreadable, counts, opts, ui_lang, out);
    let _ = out.flush();
    if let Some(path) = opts.output {
        if let Err(e) = std::fs::write(path, &buffer) {
            ui::note(&path.display().to_string(), &files::io_message(&e, ui_lang));
            return false;
        }
    }
    true
}

/// Writes the findings in `opts.format` to `out` with `counts` in the summary, and notes about
/// skipped and ignored findings to stderr.
fn render(
    checked: &[Checked],
    unreadable: &[review::Unreadable],
    counts: &Counts,
    opts: &Options,
    ui_lang: Lang,
    out: &mut dyn Write,
) {
    let format = opts.format;
    let paint = Paint { on: format == Format::Human && opts.output.is_none() && ui::color_stdout() };
    let mut skipped = 0;
    for c in checked {
        if let Some(note) = skipped_note(c) {
            // A file named on the command line is named in its note; the ones found in folders
            // are counted, and listed with --verbose.
            if opts.verbose || (format == Format::Human && named(&c.input.origin, opts.paths)) {
                ui::note(&c.path(), &note);
            } else {
                skipped += 1;
            }
        }
        let text = match format {
            Format::Human => human::render(&c.path(), c.text(), &c.diagnostics, c.settings.lang, paint),
            Format::Github => machine::github(&c.path(), c.text(), &c.diagnostics),
            Format::Json | Format::Sarif | Format::Html | Format::Csv => continue,
        };
        let _ = out.write_all(text.as_bytes());
    }
    if skipped > 0 && format == Format::Human {
        eprintln!("{}", skipped_summary(skipped, ui_lang));
    }
    write_ignored(checked, opts, ui_lang, out);
    let _ = match format {
        Format::Human => writeln!(out, "{}", paint.bold(&counts.summary(ui_lang, checked.len()))),
        Format::Json => writeln!(out, "{}", machine::json(checked)),
        Format::Sarif => writeln!(out, "{}", machine::sarif(checked, ui_lang)),
        Format::Html => out.write_all(review::render(checked, unreadable, ui_lang).as_bytes()),
        Format::Csv => out.write_all(csv::render(checked, ui_lang).as_bytes()),
        Format::Github => Ok(()),
    };
}

/// Whether `origin` was named on the command line (rather than found in a folder).
fn named(origin: &Origin, paths: &[PathBuf]) -> bool {
    match origin {
        Origin::File(f) => paths.contains(f),
        Origin::Stdin(_) | Origin::Upload(_) => true,
    }
}

/// `已跳过 29 个非年报文件；--verbose 列出`.
fn skipped_summary(n: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("已跳过 {n} 个非年报文件；--verbose 列出"),
        Lang::En if n == 1 => "skipped 1 file that is not an annual report; --verbose lists it".to_string(),
        Lang::En => format!("skipped {n} files that are not annual reports; --verbose lists them"),
    }
}

/// The findings `[[ignore]]` entries dismissed: listed with --show-ignored, else counted.
fn write_ignored(checked: &[Checked], opts: &Options, ui_lang: Lang, out: &mut dyn Write) {
    let format = opts.format;
    let lines = ignored_lines(checked);
    if opts.show_ignored {
        for line in &lines {
            let line = format!("{}{line}", ui_lang.pick("已忽略：", "ignored: "));
            // A page or a spreadsheet must stay well-formed: the list goes to stderr then.
            if matches!(format, Format::Html | Format::Csv) {
                eprintln!("{line}");
            } else {
                let _ = writeln!(out, "{line}");
            }
        }
    } else if !lines.is_empty() {
        let n = lines.len();
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
}

/// `path:line:column: [code] message（reason）` for each dismissed finding.
fn ignored_lines(checked: &[Checked]) -> Vec<String> {
    let mut lines = Vec::new();
    for c in checked.iter().filter(|c| !c.ignored.is_empty()) {
        let index = nianbao_core::lines::LineIndex::new(c.text());
        for (d, entry) in &c.ignored {
            let (line, col) = index.line_col(c.text(), d.span.start);
            let reason = entry.reason.as_deref().map(|r| format!("（{r}）")).unwrap_or_default();
            lines.push(format!("{}:{}:{}: [{}] {}{reason}", c.path(), line + 1, col + 1, d.rule.code, d.message));
        }
    }
    lines
}
