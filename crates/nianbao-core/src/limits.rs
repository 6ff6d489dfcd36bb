//! Limits on what a reader takes in (bytes read, a .docx part unpacked, text extracted, HTML
//! tables (cells per row and in all), PDF pages and time, findings printed): one plain struct with generous defaults
//! for real reports (the largest are a few MB), settable by name from nianbao.toml `[limits]`
//! and the command line (`--limit NAME=VALUE`), and the message naming the limit when one is
//! hit. The engine itself reads nothing: the CLI, nianbao-formats and a server pass these on.

use crate::settings::Lang;

/// One limit, by the name used in nianbao.toml and on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Limit {
    /// Bytes read from one input (a file, standard input, an upload).
    InputBytes,
    /// Bytes of one .docx part once unpacked (`word/document.xml`).
    DocxPartBytes,
    /// A .docx part's unpacked size over its compressed size.
    DocxRatio,
    /// Entries in a .docx (zip) archive.
    DocxEntries,
    /// Bytes of text extracted from one document (also what is read from `pdftotext`).
    TextBytes,
    /// Depth of nested elements in an HTML page (browsers cap it too: Chromium at 512).
    HtmlDepth,
    /// Cells in one table row (HTML or .docx), merged cells counted as the columns they cover.
    RowCells,
    /// Cells in the tables of one document (HTML or .docx), merged cells counted as the grid
    /// positions they cover (rows × colspan).
    TableCells,
    /// Pages of a PDF read (`pdftotext -l`); later pages are an error, not dropped silently.
    PdfPages,
    /// Seconds `pdftotext` may run (wall clock) before it is killed.
    PdfSeconds,
    /// Findings printed for one file (the rest are counted, not printed).
    FindingsPerFile,
}

/// Sizes are bytes.
const KIB: u64 = 1024;
const MIB: u64 = 1024 * KIB;

impl Limit {
    /// Every limit, in the order the docs list them.
    pub const ALL: [Limit; 11] = [
        Limit::InputBytes,
        Limit::DocxPartBytes,
        Limit::DocxRatio,
        Limit::DocxEntries,
        Limit::TextBytes,
        Limit::HtmlDepth,
        Limit::RowCells,
        Limit::TableCells,
        Limit::PdfPages,
        Limit::PdfSeconds,
        Limit::FindingsPerFile,
    ];

    /// The name in nianbao.toml `[limits]` and in `--limit NAME=VALUE`.
    pub fn name(self) -> &'static str {
        match self {
            Limit::InputBytes => "input-bytes",
            Limit::DocxPartBytes => "docx-part-bytes",
            Limit::DocxRatio => "docx-ratio",
            Limit::DocxEntries => "docx-entries",
            Limit::TextBytes => "text-bytes",
            Limit::HtmlDepth => "html-depth",
            Limit::RowCells => "row-cells",
            Limit::TableCells => "table-cells",
            Limit::PdfPages => "pdf-pages",
            Limit::PdfSeconds => "pdf-seconds",
            Limit::FindingsPerFile => "findings-per-file",
        }
    }

    /// The limit called `name`.
    pub fn from_name(name: &str) -> Option<Limit> {
        Limit::ALL.into_iter().find(|l| l.name() == name)
    }

    /// Whether the value is a size in bytes (shown as KiB/MiB/GiB, and accepted so).
    pub fn is_bytes(self) -> bool {
        matches!(self, Limit::InputBytes | Limit::DocxPartBytes | Limit::TextBytes)
    }

    /// What it limits, for docs and messages.
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            Limit::InputBytes => lang.pick("读取一个输入的字节数", "bytes read from one input"),
            Limit::DocxPartBytes => lang.pick(".docx 部件解压后的字节数", "bytes of a .docx part once unpacked"),
            Limit::DocxRatio => {
                lang.pick(".docx 部件的压缩比（解压后/压缩后）", "a .docx part's compression ratio (unpacked/packed)")
            }
            Limit::DocxEntries => lang.pick(".docx（zip）中的条目数", "entries in a .docx (zip)"),
            Limit::TextBytes => lang.pick("从一个文档提取的文字字节数", "bytes of text extracted from one document"),
            Limit::HtmlDepth => lang.pick("HTML 元素的嵌套层数", "depth of nested HTML elements"),
            Limit::RowCells => lang.pick(
                "表格一行的单元格数（合并单元格按所占列数计）",
                "cells in one table row (a merged cell counts the columns it covers)",
            ),
            Limit::TableCells => lang.pick(
                "一个文档中表格的单元格总数（合并单元格按所占格数计）",
                "cells in the tables of one document (a merged cell counts the grid positions it covers)",
            ),
            Limit::PdfPages => lang.pick("读取的 PDF 页数", "PDF pages read"),
            Limit::PdfSeconds => {
                lang.pick("pdftotext 运行的秒数（超时即终止）", "seconds pdftotext may run (then it is killed)")
            }
            Limit::FindingsPerFile => {
                lang.pick("每个文件显示的问题数（其余只计数）", "findings printed per file (the rest are counted)")
            }
        }
    }

    /// `value` as people read it: `64 MiB` for sizes, the number otherwise.
    pub fn show(self, value: u64) -> String {
        if self.is_bytes() {
            if value >= MIB && value % MIB == 0 {
                return format!("{} MiB", value / MIB);
            }
            if value >= KIB && value % KIB == 0 {
                return format!("{} KiB", value / KIB);
            }
            return format!("{value} B");
        }
        value.to_string()
    }

    /// Reads a value: a positive integer, for sizes also with a unit (`64MiB`, `512 KiB`,
    /// `1GiB`, `100B`). The error is in Chinese and English.
    pub fn parse_value(self, text: &str) -> Result<u64, (String, String)> {
        let t = text.trim();
        let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (number, unit) = t.split_at(digits);
        let unit = unit.trim();
        let scale = match unit.to_ascii_lowercase().as_str() {
            "" => Some(1),
            "b" if self.is_bytes() => Some(1),
            "k" | "kib" | "kb" if self.is_bytes() => Some(KIB),
            "m" | "mib" | "mb" if self.is_bytes() => Some(MIB),
            "g" | "gib" | "gb" if self.is_bytes() => Some(1024 * MIB),
            _ => None,
        };
        let value = number.parse::<u64>().ok().zip(scale).and_then(|(n, s)| n.checked_mul(s)).filter(|&v| v > 0);
        value.ok_or_else(|| {
            let units = if self.is_bytes() { "（可带单位 KiB、MiB、GiB）" } else { "" };
            let units_en = if self.is_bytes() { " (a unit KiB, MiB or GiB may follow)" } else { "" };
            (
                format!("{} = {text}：应为正整数{units}", self.name()),
                format!("{} = {text}: expected a positive integer{units_en}", self.name()),
            )
        })
    }
}

/// The limits in force. `Limits::default()` are the defaults documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub input_bytes: u64,
    pub docx_part_bytes: u64,
    pub docx_ratio: u64,
    pub docx_entries: u64,
    pub text_bytes: u64,
    pub html_depth: u64,
    pub row_cells: u64,
    pub table_cells: u64,
    pub pdf_pages: u64,
    pub pdf_seconds: u64,
    pub findings_per_file: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            input_bytes: 64 * MIB,
            docx_part_bytes: 128 * MIB,
            docx_ratio: 200,
            docx_entries: 10_000,
            text_bytes: 16 * MIB,
            html_depth: 512,
            row_cells: 1_000,
            table_cells: 200_000,
            pdf_pages: 500,
            pdf_seconds: 60,
            findings_per_file: 500,
        }
    }
}

impl Limits {
    /// The value of `limit`.
    pub fn get(&self, limit: Limit) -> u64 {
        match limit {
            Limit::InputBytes => self.input_bytes,
            Limit::DocxPartBytes => self.docx_part_bytes,
            Limit::DocxRatio => self.docx_ratio,
            Limit::DocxEntries => self.docx_entries,
            Limit::TextBytes => self.text_bytes,
            Limit::HtmlDepth => self.html_depth,
            Limit::RowCells => self.row_cells,
            Limit::TableCells => self.table_cells,
            Limit::PdfPages => self.pdf_pages,
            Limit::PdfSeconds => self.pdf_seconds,
            Limit::FindingsPerFile => self.findings_per_file,
        }
    }

    /// Sets `limit` to `value`.
    pub fn set(&mut self, limit: Limit, value: u64) {
        let field = match limit {
            Limit::InputBytes => &mut self.input_bytes,
            Limit::DocxPartBytes => &mut self.docx_part_bytes,
            Limit::DocxRatio => &mut self.docx_ratio,
            Limit::DocxEntries => &mut self.docx_entries,
            Limit::TextBytes => &mut self.text_bytes,
            Limit::HtmlDepth => &mut self.html_depth,
            Limit::RowCells => &mut self.row_cells,
            Limit::TableCells => &mut self.table_cells,
            Limit::PdfPages => &mut self.pdf_pages,
            Limit::PdfSeconds => &mut self.pdf_seconds,
            Limit::FindingsPerFile => &mut self.findings_per_file,
        };
        *field = value;
    }

    /// Sets limits from `NAME=VALUE` (the command line's `--limit`). The error is in `lang`.
    pub fn set_arg(&mut self, arg: &str, lang: Lang) -> Result<(), String> {
        let (name, value) = arg.split_once('=').unwrap_or((arg, ""));
        let limit = Limit::from_name(name.trim()).ok_or_else(|| unknown(name.trim(), lang))?;
        let value = limit.parse_value(value).map_err(|(zh, en)| lang.pick(&zh, &en).to_string())?;
        self.set(limit, value);
        Ok(())
    }

    /// The value of `limit` as a `usize` (saturating: a limit beyond memory is no limit).
    pub fn usize(&self, limit: Limit) -> usize {
        usize::try_from(self.get(limit)).unwrap_or(usize::MAX)
    }
}

/// The message for an unknown limit name, listing the known ones.
pub fn unknown(name: &str, lang: Lang) -> String {
    let names: Vec<&str> = Limit::ALL.iter().map(|l| l.name()).collect();
    match lang {
        Lang::Zh => format!("没有名为 `{name}` 的限制（可用：{}）", names.join("、")),
        Lang::En => format!("no limit named `{name}` (known: {})", names.join(", ")),
    }
}

/// The message when a document or input goes past `limit` (whose value is `value`): names the
/// limit, its value and how to raise it.
pub fn exceeded(limit: Limit, value: u64, lang: Lang) -> String {
    let name = limit.name();
    let shown = limit.show(value);
    match lang {
        Lang::Zh => format!(
            "超过限制 {name} = {shown}（{}）；如确需读取，可在 nianbao.toml 的 [limits] 中或用 --limit {name}=… 调高",
            limit.describe(lang)
        ),
        Lang::En => format!(
            "over the limit {name} = {shown} ({}); to read it anyway raise it in nianbao.toml [limits] or with --limit {name}=…",
            limit.describe(lang)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_limit_has_a_distinct_name_and_round_trips() {
        let mut limits = Limits::default();
        for (i, limit) in Limit::ALL.into_iter().enumerate() {
            assert_eq!(Limit::from_name(limit.name()), Some(limit));
            assert!(limits.get(limit) > 0, "{limit:?} has a default");
            limits.set(limit, 1000 + i as u64);
            assert_eq!(limits.get(limit), 1000 + i as u64);
        }
        assert_eq!(Limit::from_name("nope"), None);
    }

    #[test]
    fn values_and_units() {
        assert_eq!(Limit::InputBytes.parse_value("64MiB"), Ok(64 * MIB));
        assert_eq!(Limit::InputBytes.parse_value(" 512 KiB "), Ok(512 * KIB));
        assert_eq!(Limit::InputBytes.parse_value("100"), Ok(100));
        assert_eq!(Limit::PdfPages.parse_value("20"), Ok(20));
        assert!(Limit::PdfPages.parse_value("20MiB").is_err(), "a count takes no unit");
        assert!(Limit::PdfPages.parse_value("0").is_err());
        assert!(Limit::PdfPages.parse_value("-1").is_err());
        assert!(Limit::InputBytes.parse_value("99999999999999999999GiB").is_err());
        assert_eq!(Limit::InputBytes.show(64 * MIB), "64 MiB");
        assert_eq!(Limit::PdfSeconds.show(60), "60");
    }

    #[test]
    fn command_line_form() {
        let mut limits = Limits::default();
        limits.set_arg("pdf-seconds=5", Lang::En).unwrap();
        assert_eq!(limits.pdf_seconds, 5);
        assert!(limits.set_arg("pdf-second=5", Lang::En).unwrap_err().contains("pdf-seconds"));
        assert!(limits.set_arg("pdf-seconds", Lang::Zh).unwrap_err().contains("正整数"));
    }

    #[test]
    fn the_message_names_the_limit_in_one_language() {
        let zh = exceeded(Limit::TextBytes, 16 * MIB, Lang::Zh);
        assert!(zh.contains("text-bytes = 16 MiB") && zh.contains("超过限制"), "{zh}");
        let en = exceeded(Limit::TextBytes, 16 * MIB, Lang::En);
        assert!(
            en.contains("text-bytes = 16 MiB") && !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{en}"
        );
    }
}
