//! The tolerant parser: text → [`Report`]. Never fails; what it cannot read goes to `unread`.

use crate::model::Report;

pub fn parse(text: &str) -> Report {
    Report {
        line_ending: if text.contains("\r\n") { "\r\n" } else { "\n" },
        len: text.len(),
        ..Report::default()
    }
}
