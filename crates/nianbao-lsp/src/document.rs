//! An open document: its ropey buffer, version, and the engine's analysis of its current text.

use crate::position::{self, Encoding};
use nianbao_core::companions::{self, Key};
use nianbao_core::model::{Section, Table};
use nianbao_core::{config, parse, Diagnostic, Previous, Report, Settings};
use ropey::Rope;
use std::ops::Range;
use std::path::PathBuf;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

/// One open document. The analysis (`text`, `report`, `diagnostics`) always matches `rope`
/// after [`Document::analyze`].
#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// `rope` as one string: the engine works on `&str` with byte spans into it.
    pub text: String,
    pub report: Report,
    /// Empty when the text does not look like a report.
    pub diagnostics: Vec<Diagnostic>,
    /// Engine settings for this document (editor settings over its nianbao.toml).
    pub settings: Settings,
    /// The file behind a `file:` document: nianbao.toml's `[[ignore]]` entries name it.
    pub path: Option<PathBuf>,
}

impl Document {
    pub fn new(text: &str, version: i32, settings: Settings) -> Document {
        let mut doc = Document {
            rope: Rope::from_str(text),
            version,
            text: text.to_string(),
            report: Report::default(),
            diagnostics: Vec::new(),
            settings,
            path: None,
        };
        doc.analyze();
        doc
    }

    /// Applies one content change (a full replacement when it has no range) to the rope and to
    /// `text` alike. Ranges are clamped to the document; never panics. Call [`analyze`] after
    /// the last change of a notification.
    ///
    /// [`analyze`]: Document::analyze
    pub fn apply_change(&mut self, change: &TextDocumentContentChangeEvent, enc: Encoding) {
        match change.range {
            None => {
                self.rope = Rope::from_str(&change.text);
                self.text = change.text.clone();
            }
            Some(range) => {
                let bytes = position::byte_range(&self.rope, enc, range);
                let start = self.rope.byte_to_char(bytes.start);
                let end = self.rope.byte_to_char(bytes.end);
                if start < end {
                    self.rope.remove(start..end);
                }
                if !change.text.is_empty() {
                    self.rope.insert(start, &change.text);
                }
                // Offsets from the rope are char boundaries, so this cannot panic.
                self.text.replace_range(bytes, &change.text);
            }
        }
    }

    /// Whether the rope and the string copy agree (they always should).
    pub fn consistent(&self) -> bool {
        self.rope.len_bytes() == self.text.len() && self.rope == self.text.as_str()
    }

    /// Re-parses and re-checks the whole text. An engine panic leaves an empty analysis (and a
    /// log line) instead of taking the server down.
    pub fn analyze(&mut self) {
        self.analyze_with(|_| None);
    }

    /// [`analyze`](Document::analyze) with last year's report for the checks across years:
    /// `previous` is asked for it once the text is parsed (it needs this year's title).
    pub fn analyze_with<'p>(&mut self, previous: impl FnOnce(&Report) -> Option<Previous<'p>>) {
        let (text, settings, path) = (&self.text, &self.settings, self.path.as_deref());
        let analysis = guard("check", || {
            let report = parse::parse_with(text, settings.format);
            let diagnostics = if report.is_report() {
                let found = nianbao_core::check_with_previous(text, &report, settings, previous(&report));
                // Findings dismissed by `[[ignore]]` entries in nianbao.toml are not shown.
                config::split_ignored(path, text, &report, found, settings).0
            } else {
                Vec::new()
            };
            (report, diagnostics)
        });
        (self.report, self.diagnostics) = analysis.unwrap_or_default();
    }

    /// The report's agency and year from its title, when both are known.
    pub fn key(&self) -> Option<Key> {
        companions::owned_key(&self.report)
    }

    pub fn is_report(&self) -> bool {
        self.report.is_report()
    }

    /// The section a table belongs to: the one its first row is in (falling back to the
    /// table's start), so that a header-like prose line earlier in the text does not move it.
    pub fn table_section(&self, table: &Table) -> Option<&Section> {
        let anchor = table.rows.first().map_or(table.span.start, |r| r.span.start);
        self.report.sections.iter().rev().find(|s| s.body.start <= anchor && anchor <= s.body.end)
    }

    /// Where a table starts for display (outline, code lens): its span, but never before the
    /// start of the section its rows are in.
    pub fn table_range(&self, table: &Table) -> Range<usize> {
        let start = match self.table_section(table) {
            Some(s) => table.span.start.max(s.body.start),
            None => table.span.start,
        };
        start..table.span.end.max(start)
    }
}

/// Runs an engine call, turning a panic into `None` and an error log line.
pub fn guard<T>(what: &str, f: impl FnOnce() -> T) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)) {
        Ok(v) => Some(v),
        Err(e) => {
            let msg = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!("engine panicked in {what}: {msg}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn the_format_setting_decides_how_the_report_is_read() {
        use nianbao_core::variant::{Format, FormatChoice};
        let text = include_str!("../../../tests/fixtures/cases/ok-shanghai-layout.txt");
        let d = Document::new(text, 1, Settings::default());
        assert_eq!(d.report.format, Format::Shanghai);
        assert!(d.diagnostics.is_empty());
        let national = Settings { format: FormatChoice::Is(Format::National), ..Settings::default() };
        let d = Document::new(text, 1, national);
        assert_eq!(d.report.format, Format::National);
        assert!(d.diagnostics.iter().any(|x| x.rule.code == "NB102"));
    }

    #[test]
    fn incremental_changes_in_both_encodings() {
        let mut d = Document::new("𠮷总\t146\nb", 1, Settings::default());
        d.apply_change(&change(0, 3, 0, 4, "X"), Encoding::Utf16);
        assert_eq!(d.rope.to_string(), "𠮷总X146\nb");
        d.apply_change(&change(0, 11, 0, 11, "7"), Encoding::Utf8);
        assert_eq!(d.rope.to_string(), "𠮷总X1467\nb");
        // Reversed and out-of-range ranges are clamped, not a panic.
        d.apply_change(&change(9, 0, 0, 99, "!"), Encoding::Utf16);
        assert_eq!(d.rope.to_string(), "𠮷总X1467!");
        assert!(d.consistent());
        d.apply_change(
            &TextDocumentContentChangeEvent { range: None, range_length: None, text: "new".into() },
            Encoding::Utf16,
        );
        d.analyze();
        assert_eq!(d.text, "new");
        assert!(!d.is_report());
    }

    #[test]
    fn guard_turns_a_panic_into_none() {
        assert_eq!(guard("test", || 1), Some(1));
        assert_eq!(guard("test", || -> i32 { panic!("boom") }), None);
    }
}
