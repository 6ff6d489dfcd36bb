//! Bad input never crashes: empty, binary-like, non-report and huge texts, and thousands of
//! random mutations of the seeds through parse → check → fix. After the safe fixes, no
//! safe-fixable finding remains.

mod common;

use nianbao_core::fix::{apply_edits, fix_edits, fix_text, Applicability, FixMode};
use nianbao_core::{check, parse::parse, Settings};

const PIECES: &[&str] = &[
    "\t",
    "  ",
    "\n",
    "\r\n",
    "\r",
    "0",
    "7",
    "１",
    "-",
    ".",
    ",",
    "O",
    "|",
    "#",
    "总计",
    "（七）",
    "四、",
    "𠮷",
    "😀",
    "\u{FEFF}",
    "一、总体情况\n",
    "99999999999999999999999",
];

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn exercise(text: &str) {
    let settings = Settings::default();
    let diagnostics = check(text, &settings);
    for d in &diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
    }
    let safe = fix_edits(text, &settings, FixMode::Safe);
    let fixed = apply_edits(text, &safe);
    let remaining = check(&fixed, &settings);
    assert!(
        !remaining.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe)),
        "safe fixes left safe-fixable findings:\n{text}\n{remaining:#?}"
    );
    let _ = fix_text(text, &settings, FixMode::Unsafe);
}

#[test]
fn odd_inputs_do_not_panic() {
    for text in ["", "\u{FEFF}", "\n\n\r\r\n", "\t\t\t", "|||", "# \n## ", "一、", "0\t0\t0", "\0\0\u{1}\u{7f}"] {
        exercise(text);
        assert!(check(text, &Settings::default()).is_empty(), "{text:?}");
    }
    let not_a_report = "这是一段与年度报告无关的文字。\n1\t2\t3\n".repeat(100);
    assert!(check(&not_a_report, &Settings::default()).is_empty());
}

#[test]
fn huge_text_is_handled() {
    let (_, seed) = &common::seeds()[2];
    let big = seed.repeat(50 * 1024 * 1024 / seed.len());
    let r = parse(&big);
    assert!(r.is_report());
    // Duplicated sections are reported, nothing panics.
    assert!(!check(&big, &Settings::default()).is_empty());
}

#[test]
fn random_mutations_do_not_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for (_, seed) in common::seeds() {
        for _ in 0..400 {
            let mut text = seed.clone();
            for _ in 0..1 + rng.below(4) {
                let at = boundary(&text, rng.below(text.len() + 1));
                match rng.below(3) {
                    0 => {
                        let end = boundary(&text, at + rng.below(40));
                        text.replace_range(at..end.max(at), "");
                    }
                    _ => text.insert_str(at, PIECES[rng.below(PIECES.len())]),
                }
            }
            exercise(&text);
        }
    }
}
