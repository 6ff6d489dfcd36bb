//! Human-readable diagnostics in the style of rustc and ruff:
//!
//! ```text
//! report.txt:37:38: error[NB201] 总计应为 146（91+0+0+0+55+0），此处为 147
//!    |
//! 37 | 一、本年新收政府信息公开申请数量        91  0   0   0   55  0   147
//!    |                                                                ^^^
//!    = 可修复（安全）：改为 146
//! ```
//!
//! Columns in the header count Unicode characters (1-based), like the JSON output. In the
//! source excerpt tabs are expanded to the next multiple of [`TAB_WIDTH`] columns, East Asian
//! wide characters take two columns (unicode-width) and control characters are shown as `�`,
//! so the carets line up in a terminal. Very long lines are shown as a window around the span.

use super::ui::Paint;
use nianbao_core::lines::LineIndex;
use nianbao_core::{Applicability, Diagnostic, Lang};
use std::fmt::Write;
use unicode_width::UnicodeWidthChar;

/// Tab stops every this many columns.
pub const TAB_WIDTH: usize = 4;
/// Lines wider than this are shown as a window of this width around the span.
const MAX_WIDTH: usize = 120;

/// Renders all diagnostics of one file.
pub fn render(path: &str, text: &str, diagnostics: &[Diagnostic], lang: Lang, paint: Paint) -> String {
    let mut out = String::new();
    if diagnostics.is_empty() {
        return out;
    }
    let index = LineIndex::new(text);
    for d in diagnostics {
        render_one(&mut out, path, text, &index, d, lang, paint);
    }
    out
}

fn render_one(out: &mut String, path: &str, text: &str, index: &LineIndex, d: &Diagnostic, lang: Lang, paint: Paint) {
    let (line, col) = index.line_col(text, d.span.start);
    let sev = d.severity.as_str();
    let _ = writeln!(
        out,
        "{}: {} {}",
        paint.bold(&format!("{path}:{}:{}", line + 1, col + 1)),
        paint.severity(d.severity, &format!("{sev}[{}]", d.rule.code)),
        d.message
    );
    let range = index.line_range(text, line);
    let line_text = &text[range.clone()];
    let start = d.span.start.clamp(range.start, range.end) - range.start;
    let end = d.span.end.clamp(range.start, range.end) - range.start;
    let (shown, caret_at, caret_len) = excerpt(line_text, start, end.max(start));
    let num = (line + 1).to_string();
    let pad = " ".repeat(num.len());
    let bar = paint.gutter("|");
    let _ = writeln!(out, "{pad} {bar}");
    let _ = writeln!(out, "{} {bar} {}", paint.gutter(&num), shown.trim_end());
    let _ = writeln!(
        out,
        "{pad} {bar} {}{}",
        " ".repeat(caret_at),
        paint.severity(d.severity, &"^".repeat(caret_len.max(1)))
    );
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            Applicability::Safe => lang.pick("可修复（安全）", "fix (safe)"),
            Applicability::Unsafe => lang.pick("可修复（不安全，需 --unsafe）", "fix (unsafe, needs --unsafe)"),
        };
        let colon = lang.pick("：", ": ");
        let _ = writeln!(out, "{pad} {} {kind}{colon}{}", paint.gutter("="), fix.title);
    }
    out.push('\n');
}

/// The line as displayed (tabs expanded, possibly windowed), the display column where the
/// carets start and how many carets to draw, for the byte range `start..end` of `line`.
fn excerpt(line: &str, start: usize, end: usize) -> (String, usize, usize) {
    // Each character's display text and width.
    let mut pieces: Vec<(usize, String, usize)> = Vec::new(); // (byte offset, text, width)
    let mut col = 0;
    for (i, c) in line.char_indices() {
        let (s, w) = if c == '\t' {
            let w = TAB_WIDTH - col % TAB_WIDTH;
            (" ".repeat(w), w)
        } else if c.is_control() {
            ("\u{FFFD}".to_string(), 1)
        } else {
            (c.to_string(), c.width().unwrap_or(0))
        };
        col += w;
        pieces.push((i, s, w));
    }
    let total = col;
    let col_at = |byte: usize| -> usize { pieces.iter().take_while(|(i, _, _)| *i < byte).map(|(_, _, w)| w).sum() };
    let caret_start = col_at(start);
    let caret_end = col_at(end);
    let caret_len = caret_end.saturating_sub(caret_start).max(1);
    if total <= MAX_WIDTH {
        let shown: String = pieces.iter().map(|(_, s, _)| s.as_str()).collect();
        return (shown, caret_start, caret_len);
    }
    // A window of MAX_WIDTH columns that starts a little before the span.
    let lo = caret_start.saturating_sub(MAX_WIDTH / 3);
    let hi = lo + MAX_WIDTH;
    let mut shown = String::new();
    let mut c = 0;
    let mut first_col = None;
    for (_, s, w) in &pieces {
        if c >= lo && c + w <= hi {
            if first_col.is_none() {
                first_col = Some(c);
            }
            shown.push_str(s);
        }
        c += w;
    }
    let first_col = first_col.unwrap_or(lo);
    let mut prefix = String::new();
    let mut shift = 0;
    if first_col > 0 {
        prefix.push('…');
        shift = 1;
    }
    if lo + MAX_WIDTH < total {
        shown.push('…');
    }
    let caret_at = caret_start.saturating_sub(first_col) + shift;
    let caret_len = caret_len.min(MAX_WIDTH.saturating_sub(caret_at).max(1));
    (prefix + &shown, caret_at, caret_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_wide_characters_move_the_carets() {
        let line = "一、新收\t91\t146";
        let start = line.find("146").unwrap();
        let (shown, at, len) = excerpt(line, start, start + 3);
        // 一、新收 is 8 columns, the tab goes to 12, 91 to 14, the tab to 16.
        assert_eq!(shown, "一、新收    91  146");
        assert_eq!((at, len), (16, 3));
    }

    #[test]
    fn empty_span_gets_one_caret() {
        let (_, at, len) = excerpt("ab", 1, 1);
        assert_eq!((at, len), (1, 1));
        let (_, at, len) = excerpt("", 0, 0);
        assert_eq!((at, len), (0, 1));
    }

    #[test]
    fn long_lines_are_windowed_around_the_span() {
        let line = format!("{}X{}", "啊".repeat(200), "b".repeat(300));
        let start = line.find('X').unwrap();
        let (shown, at, len) = excerpt(&line, start, start + 1);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(len, 1);
        // The caret points at the X in the displayed window.
        let before: String = shown.chars().take_while(|c| *c != 'X').collect();
        let width: usize = before.chars().map(|c| c.width().unwrap_or(0)).sum();
        assert_eq!(at, width);
    }
}
