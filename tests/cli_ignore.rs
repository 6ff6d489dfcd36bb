//! `[[ignore]]` entries in nianbao.toml dismiss a finding by its cell or phrase, and
//! `nianbao check --show-ignored` lists what was dismissed.

use std::process::Command;

const SEED: &str = include_str!("fixtures/002_57935d37ad0b2f69.txt");

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `text` with its one occurrence of `old` replaced by `new` (fails when `old` is not there
/// exactly once, so that a seed that changed cannot make a test check an unchanged report).
fn replace_once(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "{old:?} must occur once");
    text.replacen(old, new, 1)
}

#[test]
fn ignored_findings_are_dismissed_and_listed_on_request() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("2023")).unwrap();
    // The prose says 受理 749 件 (a different scope), and 一's total is wrong.
    let text = replace_once(SEED, "共受理政府信息公开申请 146 件", "共收到政府信息公开申请 749 件");
    let text = replace_once(&text, "\t55\t0\t146", "\t55\t0\t147");
    std::fs::write(dir.path().join("2023/a.txt"), &text).unwrap();
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "[[ignore]]\ncode = \"NB301\"\nfile = \"2023/a.txt\"\nphrase = \"共收到政府信息公开申请 749 件\"\nreason = \"含上年结转及转办件\"\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["check", "2023"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(out.contains("NB201") && !out.contains("[NB301]") && !out.contains("warning[NB301]"), "{out}");
    assert!(err.contains("忽略了 1 个问题"), "{err}");
    let (_, out, _) = run(dir.path(), &["check", "--show-ignored", "2023"]);
    assert!(
        out.contains("已忽略：2023/a.txt:9:") && out.contains("[NB301]") && out.contains("（含上年结转及转办件）"),
        "{out}"
    );
    // Without the entry the finding is back.
    std::fs::write(dir.path().join("nianbao.toml"), "").unwrap();
    let (_, out, _) = run(dir.path(), &["check", "2023"]);
    assert!(out.contains("warning[NB301]"), "{out}");
}

#[test]
fn fix_leaves_an_ignored_total_alone() {
    let dir = tempfile::tempdir().unwrap();
    let text = replace_once(SEED, "\t55\t0\t146", "\t55\t0\t147");
    std::fs::write(dir.path().join("a.txt"), &text).unwrap();
    // Without the entry the total is a finding: the entry below is what dismisses it.
    let (code, out, _) = run(dir.path(), &["check", "a.txt"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[NB201] 总计应为 146"), "{out}");
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "[[ignore]]\ncode = \"NB201\"\nfile = \"a.txt\"\ncell = \"表三·一、本年新收·总计\"\n",
    )
    .unwrap();
    let (code, out, err) = run(dir.path(), &["fix", "a.txt"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), text);
    std::fs::write(dir.path().join("nianbao.toml"), "").unwrap();
    let (code, out, err) = run(dir.path(), &["fix", "a.txt"]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).unwrap(), SEED);
}
