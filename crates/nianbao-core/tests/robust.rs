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

/// The text of an input `seed_mutations` found (kept as `fuzz/seeds/seed_mutations/<name>`; its
/// text, as the fuzz harness's mutations make it, in `tests/fixtures/fuzz/<name>.txt`).
fn fuzz_regression(name: &str) -> String {
    std::fs::read_to_string(common::fixtures_dir().join(format!("fuzz/{name}.txt"))).unwrap()
}

/// The fuzz harness's fixed-point properties: after the safe fixes no safe-fixable finding
/// remains, and a second pass changes nothing.
fn assert_settles(text: &str) {
    exercise(text);
    if let Some(once) = fix_text(text, &Settings::default(), FixMode::Safe) {
        assert_eq!(fix_text(&once, &Settings::default(), FixMode::Safe), None, "fix(fix(x)) != fix(x)");
    }
}

#[test]
fn regress_count_2pow63() {
    // Counts of 2^63 and u64::MAX in rows whose totals are 0: the row sums fit and are
    // reported exactly on the totals; the column sums of those counts with the others do not
    // fit, and are not compared (no sum is wrapped or cut off at u64::MAX). Its safe fixes
    // used to leave a safe-fixable NB201 behind.
    let text = fuzz_regression("regress-count-2pow63");
    assert_settles(&text);
    let ds = check(&text, &Settings::default());
    let nb201: Vec<&str> = ds.iter().filter(|d| d.rule.code == "NB201").map(|d| d.message.as_str()).collect();
    assert_eq!(
        nb201,
        [
            "总计应为 9223372036854775808（0+0+0+9223372036854775808+0+0），此处为 0",
            "总计应为 18446744073709551615（0+0+18446744073709551615+0+0+0），此处为 0",
        ]
    );
}

#[test]
fn regress_nb202_u64max() {
    // u64::MAX typed in an outcome row whose total and （七）总计 are 0: it is the one cell
    // that explains both, and is reported on it; no safe fix rewrites the totals to u64::MAX
    // (they used to be, leaving an NB202 at u64::MAX that the next pass wanted back).
    let text = fuzz_regression("regress-nb202-u64max");
    assert_settles(&text);
    let ds = check(&text, &Settings::default());
    let d = ds.iter().find(|d| d.rule.code == "NB202").expect("NB202");
    assert_eq!(&text[d.span.clone()], "18446744073709551615");
    assert_eq!(d.message, "法律服务机构应为 0：此时本行合计 0、（七）总计 0 均成立");
    assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(Applicability::Unsafe));
    assert_eq!(fix_text(&text, &Settings::default(), FixMode::Safe), None);
}
