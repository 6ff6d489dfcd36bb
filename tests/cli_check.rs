//! `nianbao check`'s own messages: files skipped as not reports (one line, or a list with
//! --verbose), a path that does not exist (no summary), the help naming every file type and
//! output format, and which of two reports of the same agency and year is last year's.

use std::path::Path;
use std::process::{Command, Output};

const SEED: &str = include_str!("fixtures/002_57935d37ad0b2f69.txt");

fn nianbao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(dir).args(args).output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A folder with one report, `n` Markdown notes and an empty text file in `notes/`.
fn folder_with_notes(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("2023.txt"), SEED).unwrap();
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    for i in 0..n {
        std::fs::write(dir.path().join(format!("notes/{i}.md")), "# 会议纪要\n\n今天讨论了预算。\n").unwrap();
    }
    std::fs::write(dir.path().join("notes/empty.txt"), "").unwrap();
    dir
}

#[test]
fn files_found_in_folders_that_are_not_reports_are_counted_in_one_line() {
    let dir = folder_with_notes(3);
    let o = nianbao(dir.path(), &["check", "."]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    assert_eq!(err.lines().collect::<Vec<_>>(), ["已跳过 4 个非年报文件；--verbose 列出"], "{err}");
    assert!(out.contains("（检查了 5 个文件）"), "{out}");

    let o = nianbao(dir.path(), &["--lang", "en", "check", "."]);
    let err = text(&o.stderr);
    assert_eq!(err.trim_end(), "skipped 4 files that are not annual reports; --verbose lists them");

    // --verbose: each with its reason, nothing counted.
    let o = nianbao(dir.path(), &["check", "--verbose", "."]);
    let mut err: Vec<String> = text(&o.stderr).lines().map(str::to_string).collect();
    err.sort();
    assert_eq!(
        err,
        [
            "notes/0.md: 不是年度报告（没有标题，也没有年报表格），已跳过",
            "notes/1.md: 不是年度报告（没有标题，也没有年报表格），已跳过",
            "notes/2.md: 不是年度报告（没有标题，也没有年报表格），已跳过",
            "notes/empty.txt: 空文件，已跳过"
        ]
    );

    // A file named on the command line keeps its own note; the folder's are counted.
    std::fs::write(dir.path().join("readme.md"), "# 说明\n").unwrap();
    let o = nianbao(dir.path(), &["check", "readme.md", "notes"]);
    let err = text(&o.stderr);
    assert_eq!(
        err.lines().collect::<Vec<_>>(),
        ["readme.md: 不是年度报告（没有标题，也没有年报表格），已跳过", "已跳过 4 个非年报文件；--verbose 列出"]
    );

    // The machine formats carry them as before, with nothing on stderr.
    let o = nianbao(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!((o.status.code(), text(&o.stderr)), (Some(0), String::new()));
}

#[test]
fn the_verbose_list_says_why_a_file_is_not_a_report() {
    // A review office's folder: reports, the office's note on them and the notice asking for
    // them. The note and the notice name 政府信息公开工作年度报告 in their titles and have the
    // six sections' headings, yet neither is a report.
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::write(dir.path().join("2023.txt"), SEED).unwrap();
    std::fs::copy(root.join("tests/fixtures/notes/审核意见.md"), dir.path().join("审核意见.md")).unwrap();
    std::fs::copy(root.join("tests/fixtures/notes/README.md"), dir.path().join("README.md")).unwrap();
    std::fs::copy(
        root.join("tests/corpus/not-reports/2025-武威市人民政府办公室-年报编制通知.txt"),
        dir.path().join("通知.txt"),
    )
    .unwrap();
    let o = nianbao(dir.path(), &["check", "--verbose", "."]);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(o.status.code(), Some(0), "{out}{err}");
    let mut err: Vec<&str> = err.lines().collect();
    err.sort();
    assert_eq!(
        err,
        [
            "README.md: 不是年度报告（没有标题，也没有年报表格），已跳过",
            "审核意见.md: 不是年度报告（标题“2023年度政府信息公开工作年度报告审核意见”只是提到年报），已跳过",
            "通知.txt: 不是年度报告（标题“武威市人民政府办公室关于做好2025年政府信息公开工作年度报告编制和发布工作的通知”只是提到年报），已跳过",
        ]
    );
    let o = nianbao(dir.path(), &["--lang", "en", "check", "--verbose", "审核意见.md"]);
    assert_eq!(
        text(&o.stderr).trim_end(),
        "审核意见.md: not an annual report (the title “2023年度政府信息公开工作年度报告审核意见” only mentions the reports), skipped"
    );
}

#[test]
fn one_file_that_is_not_a_report_in_english() {
    let dir = folder_with_notes(0);
    let o = nianbao(dir.path(), &["--lang", "en", "check", "."]);
    assert_eq!(text(&o.stderr).trim_end(), "skipped 1 file that is not an annual report; --verbose lists it");
}

#[test]
fn a_path_that_does_not_exist_gets_its_error_and_no_summary() {
    let dir = tempfile::tempdir().unwrap();
    let o = nianbao(dir.path(), &["check", "nonexistent.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(text(&o.stderr).trim_end(), "nonexistent.txt: 文件或目录不存在");
    assert_eq!(text(&o.stdout), "");
    // With a report beside it, the report is checked and summed up; the exit status stays 2.
    std::fs::write(dir.path().join("2023.txt"), SEED).unwrap();
    let o = nianbao(dir.path(), &["check", "nonexistent.txt", "2023.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stdout).contains("（检查了 1 个文件）"), "{}", text(&o.stdout));
}

#[test]
fn help_names_every_file_type_and_output_format() {
    let dir = tempfile::tempdir().unwrap();
    for args in [&["check", "--help"][..], &["--help"], &["help", "check"]] {
        let o = nianbao(dir.path(), args);
        let help = text(&o.stdout);
        for word in [".txt", ".md", ".docx", ".html", ".htm", ".pdf", "human", "json", "sarif", "github", "html", "csv"]
        {
            assert!(help.contains(word), "`nianbao {}` does not name {word}:\n{help}", args.join(" "));
        }
    }
    let o = nianbao(dir.path(), &["fix", "--help"]);
    let help = text(&o.stdout);
    for word in [".txt", ".md", ".docx", ".html", ".pdf"] {
        assert!(help.contains(word), "`nianbao fix --help` does not name {word}:\n{help}");
    }
}

#[test]
fn of_two_reports_for_last_year_the_first_named_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let last = SEED.replace("2023 年政府信息公开", "2022 年政府信息公开");
    // Two copies of last year's report: the findings that name last year's report (NB309, the
    // text copied from it) name the first one given.
    std::fs::write(dir.path().join("a-2022.txt"), &last).unwrap();
    std::fs::write(dir.path().join("b-2022.txt"), &last).unwrap();
    std::fs::write(dir.path().join("2023.txt"), SEED).unwrap();
    let o = nianbao(dir.path(), &["check", "--format", "json", "2023.txt", "b-2022.txt", "a-2022.txt"]);
    let found: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let about_2023: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "2023.txt")
        .filter_map(|d| d["message"].as_str())
        .filter(|m| m.contains("2022.txt"))
        .collect();
    assert!(!about_2023.is_empty(), "{found}");
    assert!(about_2023.iter().all(|m| m.contains("b-2022.txt") && !m.contains("a-2022.txt")), "{about_2023:?}");
}
