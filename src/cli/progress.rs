//! A progress bar on stderr while many files are checked (indicatif).
//!
//! Shown only when stderr is a terminal and there are more than [`MIN_FILES`] files: never
//! when stderr is piped or redirected (scripts, CI, tests), so it never mixes with output
//! that is read by a program. It is cleared when checking ends.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use nianbao_core::Lang;
use std::io::IsTerminal;

/// Fewer files than this are checked too quickly for a bar to help.
pub const MIN_FILES: usize = 20;

/// A progress bar that may be hidden; every method is a no-op when it is. `inc` takes `&self`
/// so that files checked in parallel can advance it.
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// A bar over `files` files, visible only when it should be (see the module docs).
    pub fn new(files: usize, lang: Lang) -> Progress {
        let visible = files > MIN_FILES && std::io::stderr().is_terminal();
        Progress::with_visibility(files, lang, visible)
    }

    /// A bar never shown (`nianbao serve`: its stderr is the server's log).
    pub fn hidden() -> Progress {
        Progress { bar: ProgressBar::hidden() }
    }

    fn with_visibility(files: usize, lang: Lang, visible: bool) -> Progress {
        if !visible {
            return Progress { bar: ProgressBar::hidden() };
        }
        let bar = ProgressBar::with_draw_target(Some(files as u64), ProgressDrawTarget::stderr());
        let template = match lang {
            Lang::Zh => "{prefix} [{bar:30}] {pos}/{len} 个文件 {elapsed} {wide_msg}",
            Lang::En => "{prefix} [{bar:30}] {pos}/{len} files {elapsed} {wide_msg}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress { bar }
    }

    /// Starts a stage (`读取`, `检查`): the bar starts again from zero under this name.
    pub fn stage(&self, name: &str) {
        self.bar.set_prefix(name.to_string());
        self.bar.set_position(0);
    }

    /// One more file done; `name` is shown after the bar.
    pub fn inc(&self, name: &str) {
        if !self.bar.is_hidden() {
            self.bar.set_message(name.to_string());
        }
        self.bar.inc(1);
    }

    /// Removes the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }

    #[cfg(test)]
    fn is_hidden(&self) -> bool {
        self.bar.is_hidden()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_for_few_files_and_a_no_op_when_hidden() {
        assert!(Progress::new(3, Lang::Zh).is_hidden());
        let p = Progress::with_visibility(3, Lang::En, false);
        p.stage("check");
        p.inc("a.txt");
        p.finish();
        assert!(p.is_hidden());
    }
}
