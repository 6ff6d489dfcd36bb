//! `nianbao check`: read, decode and check each input, then print in the chosen format.

use super::files::{self, Origin};
use super::settings::Configs;
use super::ui::{self, Counts, Paint};
use super::{human, machine, Format};
use nianbao_core::{parse, Diagnostic, Lang, Settings};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One checked input.
pub struct Checked {
    pub input: files::Input,
    pub settings: Settings,
    /// Whether the text is a report at all (otherwise `diagnostics` is empty).
    pub is_report: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn path(&self) -> String {
        self.input.origin.display()
    }
    pub fn text(&self) -> &str {
        &self.input.decoded.text
    }
}

/// Finds the settings for `origin` and reads it. `Err(())` when it could not be read or
/// configured (the message has been printed).
pub fn prepare(configs: &mut Configs, origin: &Origin, ui_lang: Lang) -> Result<(files::Input, Settings), ()> {
    let settings = match configs.for_path(&origin.config_start()) {
        Ok(s) => s,
        Err(msg) => {
            if let Some(msg) = msg {
                ui::error(ui_lang, &msg);
            }
            return Err(());
        }
    };
    match files::read(origin, settings.lang) {
        Ok(input) => Ok((input, settings)),
        Err(msg) => {
            ui::note(&origin.display(), &msg);
            Err(())
        }
    }
}

/// Reads and checks one input (see [`prepare`]).
pub fn load(configs: &mut Configs, origin: &Origin, ui_lang: Lang) -> Result<Checked, ()> {
    let (input, settings) = prepare(configs, origin, ui_lang)?;
    let report = parse::parse(&input.decoded.text);
    let is_report = report.is_report();
    let diagnostics = nianbao_core::check_report(&input.decoded.text, &report, &settings);
    Ok(Checked { input, settings, is_report, diagnostics })
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

pub fn run(configs: &mut Configs, paths: &[PathBuf], format: Format, stdin_name: Option<&Path>) -> u8 {
    let ui_lang = configs.ui_lang();
    let mut failed = false;
    let origins = files::collect(paths, stdin_name, ui_lang, &mut failed);
    let paint = Paint { on: format == Format::Human && ui::color_stdout() };
    let mut counts = Counts::default();
    let mut all: Vec<Checked> = Vec::new();
    let mut checked_files = 0;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for origin in &origins {
        let Ok(checked) = load(configs, origin, ui_lang) else {
            failed = true;
            continue;
        };
        counts.add(&checked.diagnostics);
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
            Format::Json | Format::Sarif => all.push(checked),
        }
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
        Format::Github => {}
    }
    let _ = out.flush();
    if failed {
        2
    } else if counts.errors > 0 {
        1
    } else {
        0
    }
}
