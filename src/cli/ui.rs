//! Terminal helpers: messages on stderr, colours (only when stdout is a terminal and
//! `NO_COLOR` is unset), and the localised summary line.

use nianbao_core::{Applicability, Diagnostic, Lang, Severity};
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
    /// Findings with a safe fix (applied by `nianbao fix`).
    pub safe_fixes: usize,
    /// Findings with an unsafe fix (applied by `nianbao fix --unsafe`).
    pub unsafe_fixes: usize,
}

impl Counts {
    pub fn add(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info | Severity::Hint => self.others += 1,
            }
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.safe_fixes += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixes += 1,
                None => {}
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
            Lang::En => format!("Found {} ({files} file{} checked)", self.describe(lang), plural(files)),
        };
        let (safe, unsafe_) = (self.safe_fixes, self.unsafe_fixes);
        match lang {
            Lang::Zh if safe + unsafe_ > 0 => {
                s.push_str("；其中 ");
                if safe > 0 {
                    s.push_str(&format!("{safe} 个可用 `nianbao fix` 自动修复"));
                }
                if safe > 0 && unsafe_ > 0 {
                    s.push('，');
                }
                if unsafe_ > 0 {
                    s.push_str(&format!("{unsafe_} 个可用 `nianbao fix --unsafe` 修复"));
                }
            }
            Lang::En if safe + unsafe_ > 0 => {
                s.push_str("; ");
                if safe > 0 {
                    s.push_str(&format!("{safe} fixable with `nianbao fix`"));
                }
                if safe > 0 && unsafe_ > 0 {
                    s.push_str(", ");
                }
                if unsafe_ > 0 {
                    s.push_str(&format!("{unsafe_} with `nianbao fix --unsafe`"));
                }
            }
            _ => {}
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
