//! `--format csv`: one row per finding, for a spreadsheet.
//!
//! Columns: file, agency, year, code, severity, line, column, message (headers and severity
//! words in the interface language). RFC 4180: fields quoted when needed (by the `csv`
//! crate), CRLF line ends. The output starts with a UTF-8 byte order mark so that Excel opens
//! the Chinese text as UTF-8 instead of the system code page. Lines and columns are 1-based,
//! columns counting Unicode characters, as in the other formats.

use super::check::Checked;
use nianbao_core::lines::LineIndex;
use nianbao_core::{parse, Lang, Severity};

/// The byte order mark written first.
pub const BOM: &str = "\u{feff}";

/// A localised severity word.
pub fn severity_word(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Error => lang.pick("错误", "error"),
        Severity::Warning => lang.pick("警告", "warning"),
        Severity::Info => lang.pick("提示", "info"),
        Severity::Hint => lang.pick("建议", "hint"),
    }
}

/// The whole CSV document (BOM, header, one record per finding over all files).
pub fn render(files: &[Checked], lang: Lang) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let header = match lang {
        Lang::Zh => ["文件", "机关", "年度", "代码", "级别", "行", "列", "说明"],
        Lang::En => ["file", "agency", "year", "code", "severity", "line", "column", "message"],
    };
    w.write_record(header).expect("writing to memory");
    for f in files {
        if f.diagnostics.is_empty() {
            continue;
        }
        let text = f.text();
        let path = f.path();
        let title = parse::parse(text).title;
        let agency = title.as_ref().and_then(|t| t.agency.clone()).unwrap_or_default();
        let year = title.as_ref().and_then(|t| t.year).map(|y| y.to_string()).unwrap_or_default();
        let index = LineIndex::new(text);
        for d in &f.diagnostics {
            let (line, col) = index.line_col(text, d.span.start);
            let (line, col) = ((line + 1).to_string(), (col + 1).to_string());
            w.write_record([
                path.as_str(),
                agency.as_str(),
                year.as_str(),
                d.rule.code,
                severity_word(d.severity, lang),
                line.as_str(),
                col.as_str(),
                d.message.as_str(),
            ])
            .expect("writing to memory");
        }
    }
    let bytes = w.into_inner().expect("writing to memory");
    let mut out = String::from(BOM);
    out.push_str(&String::from_utf8(bytes).expect("all fields are UTF-8"));
    out
}
