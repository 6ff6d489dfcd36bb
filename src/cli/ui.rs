//! Terminal helpers: messages on stderr, colours (only when stdout is a terminal and
//! `NO_COLOR` is unset), and the localised summary line.

use nianbao_core::{Diagnostic, Lang, Severity};
use std::io::IsTerminal;

/// Prints `nianbao: 错误：…` / `nianbao: error: …` on stderr.
pub fn error(lang: Lang, message: &str) {
    eprintln!("nianbao: {}{message}", lang.pick("错误：", "error: "));
}

/// Prints a note about one file on stderr: `path: message`.
pub fn note(path: &str, message: &str) {
    eprintln!("{path}: {message}");
}

/// Whether to colour standard output.
pub fn color_stdout() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal()
}

/// ANSI styling that is a no-op when colours are off.
#[derive(Clone, Copy)]
pub struct Paint {
    pub on: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
    pub fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }
    pub fn gutter(self, s: &str) -> String {
        self.wrap("1;34", s)
    }
    pub fn severity(self, sev: Severity, s: &str) -> String {
        let code = match sev {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Hint => "1;32",
        };
        self.wrap(code, s)
    }
}

/// Counts by severity.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    pub others: usize,
    pub fixable: usize,
}

impl Counts {
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info | Severity::Hint => self.others += 1,
            }
            if d.fix.is_some() {
                self.fixable += 1;
            }
        }
    }

    pub fn total(&self) -> usize {
        self.errors + self.warnings + self.others
    }

    /// `2 个错误、1 个警告` / `2 errors, 1 warning`.
    pub fn describe(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => {
                let mut s = format!("{} 个错误、{} 个警告", self.errors, self.warnings);
                if self.others > 0 {
                    s.push_str(&format!("、{} 个提示", self.others));
                }
                s
            }
            Lang::En => {
                let mut s = format!(
                    "{} error{}, {} warning{}",
                    self.errors,
                    plural(self.errors),
                    self.warnings,
                    plural(self.warnings)
                );
                if self.others > 0 {
                    s.push_str(&format!(", {} note{}", self.others, plural(self.others)));
                }
                s
            }
        }
    }

    /// The last line of `check`: `发现 2 个错误、1 个警告（检查了 3 个文件）`.
    pub fn summary(&self, lang: Lang, files: usize) -> String {
        let mut s = match lang {
            Lang::Zh => format!("发现 {}（检查了 {files} 个文件）", self.describe(lang)),
            Lang::En => format!(
                "Found {} ({files} file{} checked)",
                self.describe(lang),
                plural(files)
            ),
        };
        if self.fixable > 0 {
            s.push_str(&match lang {
                Lang::Zh => format!(
                    "；其中 {} 个可以自动修复（`nianbao fix`，部分需要 `--unsafe`）",
                    self.fixable
                ),
                Lang::En => format!(
                    "; {} fixable with `nianbao fix` (some need `--unsafe`)",
                    self.fixable
                ),
            });
        }
        s
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
