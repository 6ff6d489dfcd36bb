//! `nianbao check` across years: reports in one run are grouped by agency and year (NB303,
//! NB304), or compared with `--previous FILE`.

use std::path::Path;
use std::process::Command;

const SEED: &str = include_str!("fixtures/002_57935d37ad0b2f69.txt");

fn last_year(carried_out_natural: u64) -> String {
    let prev = SEED.replace("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告");
    let a = prev.find("四、结转下年度继续办理").unwrap();
    let end = a + prev[a..].find('\n').unwrap();
    let n = carried_out_natural;
    format!("{}四、结转下年度继续办理\t\t{n}\t0\t0\t0\t0\t0\t{n}\t{}", &prev[..a], &prev[end..])
}

fn codes(dir: &Path, args: &[&str]) -> Vec<(String, String)> {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(dir).args(args).output().unwrap();
    let v: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    v.as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
        .collect()
}

/// Asserts that `file` was compared with last year's report, which it copies (NB309, repeated
/// text, is found: so the comparison ran), and that nothing else was found in it.
fn compared_and_consistent(found: &[(String, String)], file: &str) {
    let codes: Vec<&str> = found.iter().filter(|(p, _)| p.ends_with(file)).map(|(_, c)| c.as_str()).collect();
    assert!(!codes.is_empty() && codes.iter().all(|c| *c == "NB309"), "{file}: {found:?}");
}

#[test]
fn reports_in_one_folder_are_compared_with_last_year() {
    let dir = tempfile::tempdir().unwrap();
    // Last year carried 1 over, but this year's 二 says 2 (and 77 in force ≠ 77 + 5 − 18).
    std::fs::write(dir.path().join("2022.txt"), last_year(1)).unwrap();
    std::fs::write(dir.path().join("2023.txt"), SEED).unwrap();
    let found = codes(dir.path(), &["check", "--format", "json", "."]);
    // (Last year's report is a copy of this year's, so NB309 also speaks: not checked here.)
    let this_year: Vec<&str> =
        found.iter().filter(|(p, c)| p.ends_with("2023.txt") && c != "NB309").map(|(_, c)| c.as_str()).collect();
    assert_eq!(this_year, vec!["NB304", "NB303"], "{found:?}");
}

#[test]
fn consistent_years_give_nothing_across_them() {
    let dir = tempfile::tempdir().unwrap();
    let mut prev = last_year(2);
    prev = prev.replace("行政规范性文件\t5\t18\t77", "行政规范性文件\t3\t1\t90");
    std::fs::write(dir.path().join("a.txt"), prev).unwrap();
    std::fs::write(dir.path().join("b.txt"), SEED).unwrap();
    let found = codes(dir.path(), &["check", "--format", "json", "b.txt", "a.txt"]);
    compared_and_consistent(&found, "b.txt");
}

#[test]
fn year_on_year_figures_are_recomputed_from_last_years_report() {
    let dir = tempfile::tempdir().unwrap();
    // Last year: 134 applications received (and consistent with this year's 二 and table 二).
    let prev = last_year(2)
        .replace("行政规范性文件\t5\t18\t77", "行政规范性文件\t3\t1\t90")
        .replace("\t91\t0\t0\t0\t55\t0\t146", "\t79\t0\t0\t0\t55\t0\t134")
        .replace("共受理政府信息公开申请 146 件", "共受理政府信息公开申请 134 件");
    std::fs::write(dir.path().join("2022.txt"), prev).unwrap();
    let now =
        |says: &str| SEED.replace("共受理政府信息公开申请 146 件，", &format!("共受理政府信息公开申请 146 件，{says}"));
    std::fs::write(dir.path().join("2023.txt"), now("比上年增加 10 件，")).unwrap();
    let out =
        Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(dir.path()).args(["check", "."]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let found: Vec<&str> = stdout.lines().filter(|l| l.starts_with("2023.txt") && l.contains("[NB301]")).collect();
    assert_eq!(found.len(), 1, "{stdout}");
    assert!(stdout.contains("按上年（2022.txt）134 件、本年 146 件计算应为增加 12 件"), "{stdout}");
    let this_year: Vec<String> = codes(dir.path(), &["check", "--format", "json", "."])
        .into_iter()
        .filter(|(p, c)| p.ends_with("2023.txt") && c != "NB309")
        .map(|(_, c)| c)
        .collect();
    assert_eq!(this_year, vec!["NB301"]);
    // The right difference, or no last year's report, gives nothing.
    std::fs::write(dir.path().join("2023.txt"), now("比上年增加 12 件，增长 8.96%，")).unwrap();
    let found = codes(dir.path(), &["check", "--format", "json", "."]);
    compared_and_consistent(&found, "2023.txt");
    std::fs::write(dir.path().join("2023.txt"), now("比上年增加 10 件，")).unwrap();
    assert!(codes(dir.path(), &["check", "--format", "json", "2023.txt"]).is_empty());
}

#[test]
fn previous_file_is_used_when_given() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("last.txt"), last_year(1)).unwrap();
    std::fs::write(dir.path().join("now.txt"), SEED).unwrap();
    assert!(codes(dir.path(), &["check", "--format", "json", "now.txt"]).is_empty());
    let found = codes(dir.path(), &["check", "--format", "json", "--previous", "last.txt", "now.txt"]);
    let got: Vec<&str> = found.iter().map(|(_, c)| c.as_str()).filter(|c| *c != "NB309").collect();
    assert_eq!(got, vec!["NB304", "NB303"]);
}

#[test]
fn summary_report_is_compared_with_its_parts() {
    let dir = tempfile::tempdir().unwrap();
    let other = include_str!("fixtures/000_d07e733a374d2c05.txt");
    std::fs::write(dir.path().join("a.txt"), SEED).unwrap();
    std::fs::write(dir.path().join("b.txt"), other).unwrap();
    // The summary repeats a.txt only: b.txt's 3 applications are missing from it.
    std::fs::write(dir.path().join("total.txt"), SEED.replace("孟州市人民政府", "孟州市汇总")).unwrap();
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "[[aggregate]]\nreport = \"total.txt\"\nparts = [\"a.txt\", \"b.txt\"]\n",
    )
    .unwrap();
    // Only the summary is named: its parts are read for the comparison.
    let found = codes(dir.path(), &["check", "--format", "json", "total.txt"]);
    let got: Vec<&str> = found.iter().map(|(_, c)| c.as_str()).collect();
    assert_eq!(got, vec!["NB310", "NB310", "NB310"], "{found:?}");
    std::fs::write(dir.path().join("nianbao.toml"), "[[aggregate]]\nreport = \"total.txt\"\nparts = [\"a.txt\"]\n")
        .unwrap();
    assert!(codes(dir.path(), &["check", "--format", "json", "."]).is_empty());
}
