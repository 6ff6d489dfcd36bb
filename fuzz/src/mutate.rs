//! Structured mutations of the seed reports, driven by fuzzer bytes: the input is read as a
//! program (seed, layout flags, then operations), so every input is a valid program and the
//! fuzzer's byte mutations become cell edits, insertions, deletions, headings and layout changes.

use crate::{ENCODINGS, SEEDS};
use nianbao_core::source::Encoding;
use nianbao_core::Lang;

/// Values written into cells: huge, boundary, negative, decimal, full-width, separators, text.
pub const VALUES: &[&str] = &[
    "99999999999999999999",
    "18446744073709551615",
    "18446744073709551616",
    "9223372036854775808",
    "340282366920938463463374607431768211456",
    "0",
    "00000000000000000000000001",
    "1",
    "１２３",
    "１８４４６７４４０７３７０９５５１６１５",
    "-1",
    "1.5",
    "0.00",
    "1,000",
    "1，000",
    "O",
    "〇",
    "无",
    "",
    "12（含自然失效3件）",
    "7|8",
    "1e3",
];

/// Pieces inserted anywhere.
pub const PIECES: &[&str] = &[
    "\t",
    "  ",
    " ",
    "\n",
    "\r\n",
    "\r",
    "|",
    " | ",
    "#",
    "## ",
    "\u{FEFF}",
    "\u{3000}",
    "0",
    "7",
    "１",
    "-",
    ".",
    ",",
    "O",
    "总计",
    "（七）",
    "四、",
    "𠮷",
    "😀",
    "é",
    "\u{200B}",
    "共",
    "件",
    "占",
    "%",
    "，占 51.85%",
    "（一）",
    "1.",
];

/// Section headings, canonical and not.
pub const HEADINGS: &[&str] = &[
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "# 2023年某某市人民政府政府信息公开工作年度报告",
    "## 三、收到和处理政府信息公开申请情况",
    "（一）主动公开",
    "三、 收到和处理 政府信息公开申请情况",
    "七、附则",
];

/// A mutated report, with how to present it.
pub struct Mutated {
    pub text: String,
    pub lang: Lang,
    /// Another (mutated-free) seed as last year's report, for NB303/NB304.
    pub previous: Option<String>,
    pub encoding: Encoding,
}

struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> Option<u8> {
        let (&b, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(b)
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }
    fn pick<'s>(&mut self, list: &[&'s str]) -> Option<&'s str> {
        Some(list[self.byte()? as usize % list.len()])
    }
}

/// The char boundary at or before `v / 65536` of the text.
fn position(text: &str, v: u16) -> usize {
    let mut i = (text.len() as u64 * v as u64 / 65536) as usize;
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// Byte ranges of the runs of ASCII or full-width digits (the numbers of the tables and prose).
fn numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let digit = c.is_ascii_digit() || ('０'..='９').contains(&c);
        match (digit, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

impl Mutated {
    pub fn from_program(data: &[u8]) -> Mutated {
        let mut p = Bytes(data);
        let seed = p.byte().unwrap_or(0) as usize % SEEDS.len();
        let flags = p.byte().unwrap_or(0);
        let mut text = SEEDS[seed].to_string();
        let mut ops = 0;
        while let Some(op) = p.byte() {
            ops += 1;
            if ops > 64 {
                break;
            }
            if apply(&mut text, op, &mut p).is_none() {
                break;
            }
        }
        // Layout changes last, so they cover the inserted text too.
        if flags & 0x04 != 0 {
            text = text.replace('\t', if flags & 0x40 != 0 { "  " } else { "   " });
        }
        if flags & 0x08 != 0 {
            text = text
                .lines()
                .map(|l| if l.contains('\t') { format!("| {} |", l.replace('\t', " | ")) } else { l.to_string() })
                .collect::<Vec<_>>()
                .join("\n");
        }
        if flags & 0x10 != 0 {
            text = text.replace("\r\n", "\n").replace('\n', "\r\n");
        }
        if flags & 0x20 != 0 {
            text.insert(0, '\u{FEFF}');
        }
        Mutated {
            text,
            lang: if flags & 0x01 != 0 { Lang::En } else { Lang::Zh },
            previous: (flags & 0x02 != 0).then(|| SEEDS[(seed + 1 + (flags as usize >> 6)) % SEEDS.len()].to_string()),
            encoding: ENCODINGS[(flags as usize >> 5) % ENCODINGS.len()],
        }
    }
}

/// One operation; `None` when the program ran out of bytes.
fn apply(text: &mut String, op: u8, p: &mut Bytes) -> Option<()> {
    match op % 9 {
        // Cell edit: replace the n-th number by a chosen value.
        0 | 1 => {
            let nums = numbers(text);
            let n = p.u16()? as usize;
            let value = p.pick(VALUES)?;
            if let Some(r) = nums.get(n % nums.len().max(1)) {
                text.replace_range(r.clone(), value);
            }
        }
        // A digit string of any length, from the program's bytes.
        2 => {
            let nums = numbers(text);
            let n = p.u16()? as usize;
            let len = p.byte()? as usize % 48 + 1;
            let digits: String =
                (0..len).map(|_| p.byte().map(|b| char::from(b'0' + b % 10))).collect::<Option<_>>()?;
            if let Some(r) = nums.get(n % nums.len().max(1)) {
                text.replace_range(r.clone(), &digits);
            }
        }
        3 => {
            let at = position(text, p.u16()?);
            let piece = p.pick(PIECES)?;
            text.insert_str(at, piece);
        }
        4 => {
            let at = position(text, p.u16()?);
            let mut end = (at + p.byte()? as usize).min(text.len());
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end.max(at), "");
        }
        // A section heading on its own line.
        5 => {
            let at = line_start(text, position(text, p.u16()?));
            let heading = p.pick(HEADINGS)?;
            text.insert_str(at, &format!("{heading}\n"));
        }
        // Duplicate or delete a whole line.
        6 => {
            let at = line_start(text, position(text, p.u16()?));
            let end = line_end(text, at);
            if p.byte()? % 2 == 0 {
                let line = text[at..end].to_string();
                text.insert_str(end, &line);
            } else {
                text.replace_range(at..end, "");
            }
        }
        // Change one cell separator.
        7 => {
            let tabs: Vec<usize> = text.match_indices('\t').map(|(i, _)| i).collect();
            let n = p.u16()? as usize;
            let sep = p.pick(&["|", " | ", "  ", " ", "\t\t", "\u{3000}", ""])?;
            if let Some(&i) = tabs.get(n % tabs.len().max(1)) {
                text.replace_range(i..i + 1, sep);
            }
        }
        // Raw text from the program (lossy UTF-8).
        _ => {
            let at = position(text, p.u16()?);
            let len = p.byte()? as usize % 16;
            let raw: Vec<u8> = (0..len).map(|_| p.byte()).collect::<Option<_>>()?;
            text.insert_str(at, &String::from_utf8_lossy(&raw));
        }
    }
    Some(())
}
