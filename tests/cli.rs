//! End-to-end tests of the `nianbao` command: exit codes, output formats, fixing files in
//! every supported encoding, refusing what must not be written, configuration.

use nianbao_core::{Lang, Settings, Severity};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = "tests/fixtures/002_57935d37ad0b2f69.txt";
const GOOD_ROW: &str = "\t55\t0\t146\t";
const BAD_ROW: &str = "\t55\t0\t147\t";

fn seed() -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED)).unwrap()
}

/// The seed with one row total changed from 146 to 147 (an NB201 error).
fn broken() -> String {
    let s = seed();
    assert_eq!(s.matches(GOOD_ROW).count(), 1);
    s.replace(GOOD_ROW, BAD_ROW)
}

/// 1-based (line, column in characters) of the `147` cell in [`broken`].
fn bad_cell() -> (usize, usize) {
    let text = broken();
    let at = text.find(BAD_ROW).unwrap() + "\t55\t0\t".len();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..].chars().count() + 1;
    (line, col)
}

fn nianbao(dir: &Path, args: &[&str]) -> Output {
    nianbao_stdin(dir, args, None)
}

fn nianbao_stdin(dir: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        use std::io::Write;
        let mut input = child.stdin.take().unwrap();
        if let Some(bytes) = stdin {
            input.write_all(bytes).unwrap();
        }
    }
    child.wait_with_output().unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exited normally")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap();
    p
}

// ---------------------------------------------------------------------------------------------
// check: exit codes and output formats

#[test]
fn clean_seeds_exit_0() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<String> = fs::read_dir(root.join("tests/fixtures"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_file() && e.path().extension().is_some_and(|x| x == "txt"))
        .map(|e| format!("tests/fixtures/{}", e.file_name().to_string_lossy()))
        .collect();
    seeds.sort();
    assert_eq!(seeds.len(), 5);
    let mut args = vec!["check"];
    args.extend(seeds.iter().map(String::as_str));
    let o = nianbao(root, &args);
    assert_eq!(code(&o), 0, "{}{}", stdout(&o), stderr(&o));
    assert!(!stdout(&o).contains("error["), "{}", stdout(&o));
    assert!(stdout(&o).contains("检查了 5 个文件"), "{}", stdout(&o));
}

#[test]
fn broken_total_exits_1_and_points_at_the_cell() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", "broken.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let (line, col) = bad_cell();
    assert!(out.contains(&format!("broken.txt:{line}:{col}: error[NB201] ")), "{out}");
    assert!(out.contains("146"), "{out}");
    insta::assert_snapshot!("human_broken_zh", out);
}

#[test]
fn human_output_in_english() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["--lang", "en", "check", "broken.txt"]);
    assert_eq!(code(&o), 1);
    insta::assert_snapshot!("human_broken_en", stdout(&o));
}

#[test]
fn carets_line_up_under_the_cell() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let out = stdout(&nianbao(dir.path(), &["check", "broken.txt"]));
    let lines: Vec<&str> = out.lines().collect();
    let src = lines.iter().position(|l| l.contains("| 一、本年新收")).unwrap();
    let carets = lines[src + 1];
    let at = carets.find('^').unwrap();
    // Display width of the source line up to the cell: CJK characters count two columns.
    let prefix: String = lines[src].chars().take_while(|_| true).collect();
    let cell = prefix.find("147").unwrap();
    let width: usize = prefix[..cell].chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    assert_eq!(at, width, "\n{}\n{}", lines[src], carets);
    assert_eq!(carets.trim_end().matches('^').count(), 3);
}

#[test]
fn json_output() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", "--format", "json", "broken.txt"]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let arr = v.as_array().unwrap();
    assert_eq!(arr.len(), 1, "{v:#}");
    let d = &arr[0];
    let (line, col) = bad_cell();
    assert_eq!(d["path"], "broken.txt");
    assert_eq!(d["code"], "NB201");
    assert_eq!(d["rule"], "row-total");
    assert_eq!(d["severity"], "error");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(line as u64), Some(col as u64)));
    assert_eq!(d["end_column"].as_u64(), Some(col as u64 + 3));
    assert_eq!(d["fix"]["applicability"], "safe");
    assert_eq!(d["fix"]["edits"][0]["new_text"], "146");
    let keys: Vec<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
    for k in ["path", "line", "column", "end_line", "end_column", "severity", "code", "rule", "message", "fix"] {
        assert!(keys.contains(&k), "{k} missing in {keys:?}");
    }
    assert_eq!(keys.len(), 10);
    insta::assert_snapshot!("json_broken", stdout(&o));
}

#[test]
fn json_of_clean_file_is_an_empty_array() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = nianbao(root, &["check", "--format", "json", SEED]);
    assert_eq!(code(&o), 0);
    assert_eq!(stdout(&o).trim(), "[]");
}

#[test]
fn sarif_output() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", "--format", "sarif", "broken.txt"]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "nianbao");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), nianbao_core::rules::RULES.len());
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    let r = &results[0];
    assert_eq!(r["ruleId"], "NB201");
    assert_eq!(r["level"], "error");
    let idx = r["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[idx]["id"], "NB201");
    let region = &r["locations"][0]["physicalLocation"]["region"];
    let (line, col) = bad_cell();
    assert_eq!(region["startLine"].as_u64(), Some(line as u64));
    assert_eq!(region["startColumn"].as_u64(), Some(col as u64));
    assert_eq!(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "broken.txt");
}

#[test]
fn github_output() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", "--format", "github", "broken.txt"]);
    assert_eq!(code(&o), 1);
    let (line, col) = bad_cell();
    let expected = format!(
        "::error file=broken.txt,line={line},col={col},endLine={line},endColumn={},title=NB201 row-total::",
        col + 3
    );
    assert!(stdout(&o).starts_with(&expected), "{}", stdout(&o));
    assert_eq!(stdout(&o).lines().count(), 1);
}

#[test]
fn stdin_is_checked() {
    let dir = tempdir();
    let o = nianbao_stdin(dir.path(), &["check", "-"], Some(broken().as_bytes()));
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("-:"), "{}", stdout(&o));
    let o = nianbao_stdin(dir.path(), &["check", "-"], Some(seed().as_bytes()));
    assert_eq!(code(&o), 0);
}

#[test]
fn unreadable_path_is_reported_and_others_are_still_checked() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", "missing.txt", "broken.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing.txt"), "{}", stderr(&o));
    assert!(stdout(&o).contains("error[NB201]"), "{}", stdout(&o));
}

#[test]
fn directories_are_searched_for_txt_and_md() {
    let dir = tempdir();
    let s = seed();
    write(dir.path(), "a/one.txt", s.as_bytes());
    write(dir.path(), "a/b/two.md", broken().as_bytes());
    write(dir.path(), "a/three.csv", broken().as_bytes());
    write(dir.path(), "a/.hidden/four.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", "--format", "json", "a"]);
    assert_eq!(code(&o), 1);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v.as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["a/b/two.md"]);
    let o = nianbao(dir.path(), &["check", "a"]);
    assert!(stdout(&o).contains("检查了 2 个文件"), "{}", stdout(&o));
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempdir();
    assert_eq!(code(&nianbao(dir.path(), &["check", "--format", "xml"])), 2);
    assert_eq!(code(&nianbao(dir.path(), &["frobnicate"])), 2);
    assert_eq!(code(&nianbao(dir.path(), &["--lang", "fr", "rules"])), 2);
    assert_eq!(code(&nianbao(dir.path(), &["--help"])), 0);
}

// ---------------------------------------------------------------------------------------------
// files that are not reports

#[test]
fn empty_file_is_skipped_with_a_message() {
    let dir = tempdir();
    let p = write(dir.path(), "empty.txt", b"");
    let o = nianbao(dir.path(), &["check", "empty.txt"]);
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).contains("空文件，已跳过"), "{}", stderr(&o));
    let o = nianbao(dir.path(), &["fix", "--unsafe", "empty.txt"]);
    assert_eq!(code(&o), 0);
    assert_eq!(fs::read(&p).unwrap(), b"");
}

#[test]
fn text_that_is_not_a_report_is_skipped() {
    let dir = tempdir();
    let text = "# 会议纪要\n\n今天讨论了预算。\n";
    let p = write(dir.path(), "notes.md", text.as_bytes());
    let o = nianbao(dir.path(), &["check", "notes.md"]);
    assert_eq!(code(&o), 0);
    assert!(stderr(&o).contains("不是年度报告（没有标题，也没有年报表格），已跳过"), "{}", stderr(&o));
    let o = nianbao(dir.path(), &["--lang", "en", "check", "notes.md"]);
    assert!(
        stderr(&o).contains("not an annual report (no title and no table of an annual report), skipped"),
        "{}",
        stderr(&o)
    );
    let o = nianbao(dir.path(), &["fix", "--unsafe", "notes.md"]);
    assert_eq!(code(&o), 0);
    assert_eq!(fs::read_to_string(&p).unwrap(), text);
}

#[test]
fn binary_file_is_refused_and_untouched() {
    let dir = tempdir();
    let mut bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    bytes.extend((0..=255u8).cycle().take(4096));
    let p = write(dir.path(), "image.txt", &bytes);
    let o = nianbao(dir.path(), &["check", "image.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("image.txt: 二进制文件"), "{}", stderr(&o));
    let o = nianbao(dir.path(), &["fix", "--unsafe", "image.txt"]);
    assert_eq!(code(&o), 2);
    assert_eq!(fs::read(&p).unwrap(), bytes);
}

#[test]
fn fifty_megabyte_file_is_handled_without_modification() {
    // Many copies of a broken report in one 50 MB file: findings, a diff, no change on disk.
    large_file(50 << 20);
}

fn large_file(size: usize) {
    let dir = tempdir();
    let b = broken();
    let mut text = String::with_capacity(size + b.len());
    while text.len() < size {
        text.push_str(&b);
    }
    let p = write(dir.path(), "big.txt", text.as_bytes());
    let (line, column) = bad_cell();
    // The first copy is the report (its wrong total is found, once); every later copy repeats
    // its sections (NB102 warnings).
    let o = nianbao(dir.path(), &["check", "--format", "json", "big.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let found = v.as_array().unwrap();
    let errors: Vec<&serde_json::Value> = found.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{:#}", errors.first().copied().unwrap_or(&serde_json::Value::Null));
    assert_eq!(errors[0]["code"], "NB201");
    assert_eq!((errors[0]["line"].as_u64(), errors[0]["column"].as_u64()), (Some(line as u64), Some(column as u64)));
    assert_eq!(errors[0]["message"], "总计应为 146（91+0+0+0+55+0），此处为 147");
    // Printed up to the findings-per-file limit (500), with a note naming it.
    assert!(found.len() == 500 && found.iter().skip(1).all(|d| d["code"] == "NB102"), "{}", found.len());
    assert!(stderr(&o).contains("findings-per-file = 500"), "{}", stderr(&o));
    // The diff fixes that one total and writes nothing.
    let o = nianbao(dir.path(), &["fix", "--diff", "big.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let diff = stdout(&o);
    let minus: Vec<&str> = diff.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    let plus: Vec<&str> = diff.lines().filter(|l| l.starts_with('+') && !l.starts_with("+++")).collect();
    let bad_line = text.lines().nth(line - 1).unwrap();
    assert!(bad_line.contains(BAD_ROW), "{bad_line}");
    assert_eq!(minus, [format!("-{bad_line}")], "{diff}");
    assert_eq!(plus, [format!("+{}", bad_line.replace(BAD_ROW, GOOD_ROW))], "{diff}");
    assert!(fs::read(&p).unwrap() == text.as_bytes(), "big.txt changed on disk");
}

// ---------------------------------------------------------------------------------------------
// fix

/// Renders a text as the bytes of a file in one encoding.
type Encoder = fn(&str) -> Vec<u8>;

fn encodings() -> Vec<(&'static str, Encoder)> {
    vec![
        ("utf8", (|t: &str| t.as_bytes().to_vec()) as Encoder),
        (
            "utf8-bom-crlf",
            (|t: &str| {
                let mut b = b"\xEF\xBB\xBF".to_vec();
                b.extend(t.replace('\n', "\r\n").as_bytes());
                b
            }),
        ),
        (
            "utf16le-bom",
            (|t: &str| {
                let mut b = vec![0xFF, 0xFE];
                for u in t.encode_utf16() {
                    b.extend(u.to_le_bytes());
                }
                b
            }),
        ),
        (
            "gb18030",
            (|t: &str| {
                let (b, _, bad) = encoding_rs::GB18030.encode(t);
                assert!(!bad);
                b.into_owned()
            }),
        ),
    ]
}

#[test]
fn fix_gives_back_the_original_byte_for_byte_in_every_encoding() {
    for (name, enc) in encodings() {
        let dir = tempdir();
        let original = enc(&seed());
        let p = write(dir.path(), "report.txt", &enc(&broken()));
        let o = nianbao(dir.path(), &["fix", "report.txt"]);
        assert_eq!(code(&o), 0, "{name}: {}{}", stdout(&o), stderr(&o));
        assert!(fs::read(&p).unwrap() == original, "{name}: not restored");
        assert!(stderr(&o).contains("已应用 1 处修复"), "{name}: {}", stderr(&o));
        // A second run changes nothing.
        let o = nianbao(dir.path(), &["fix", "report.txt"]);
        assert_eq!(code(&o), 0, "{name}");
        assert!(fs::read(&p).unwrap() == original, "{name}: second run");
        // And the checker is happy with it.
        assert_eq!(code(&nianbao(dir.path(), &["check", "report.txt"])), 0, "{name}");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{name}: {names:?}");
    }
}

#[test]
fn every_encoding_gives_the_same_findings() {
    let mut seen = Vec::new();
    for (name, enc) in encodings() {
        let dir = tempdir();
        write(dir.path(), "r.txt", &enc(&broken()));
        let o = nianbao(dir.path(), &["check", "--format", "json", "r.txt"]);
        assert_eq!(code(&o), 1, "{name}");
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        let found: Vec<_> =
            v.as_array().unwrap().iter().map(|d| (d["code"].clone(), d["line"].clone(), d["column"].clone())).collect();
        seen.push((name, found));
    }
    for (name, found) in &seen[1..] {
        assert_eq!(found, &seen[0].1, "{name} differs from {}", seen[0].0);
    }
}

#[test]
fn fix_diff_writes_nothing() {
    let dir = tempdir();
    let p = write(dir.path(), "broken.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["fix", "--diff", "broken.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&p).unwrap(), broken());
    let diff = stdout(&o);
    assert!(diff.starts_with("--- broken.txt\n+++ broken.txt\n"), "{diff}");
    let minus: Vec<&str> = diff.lines().filter(|l| l.starts_with('-') && !l.starts_with("---")).collect();
    let plus: Vec<&str> = diff.lines().filter(|l| l.starts_with('+') && !l.starts_with("+++")).collect();
    assert_eq!(minus.len(), 1, "{diff}");
    assert_eq!(plus.len(), 1, "{diff}");
    assert!(minus[0].contains("\t147\t") && plus[0].contains("\t146\t"), "{diff}");
    // A clean file has an empty diff and exits 0.
    let q = write(dir.path(), "clean.txt", seed().as_bytes());
    let o = nianbao(dir.path(), &["fix", "--diff", "clean.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    assert_eq!(fs::read_to_string(q).unwrap(), seed());
}

#[test]
fn fix_lists_each_change() {
    // file:line:col old → new (rule, title), on standard output; on standard error when
    // standard output carries the diff.
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    let (line, col) = bad_cell();
    let want = format!("broken.txt:{line}:{col}: 147 → 146 (NB201 将总计改为 146)");
    let o = nianbao(dir.path(), &["fix", "--diff", "broken.txt"]);
    assert!(stderr(&o).lines().any(|l| l == want), "{}", stderr(&o));
    assert!(!stdout(&o).contains(&want), "{}", stdout(&o));
    let o = nianbao(dir.path(), &["fix", "--lang", "en", "broken.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let want = format!("broken.txt:{line}:{col}: 147 → 146 (NB201 Change the total to 146)");
    assert_eq!(stdout(&o).lines().filter(|l| l.starts_with("broken.txt:")).collect::<Vec<_>>(), [want.as_str()]);
    // Nothing left to fix: nothing listed.
    let o = nianbao(dir.path(), &["fix", "broken.txt"]);
    assert!(!stdout(&o).contains("broken.txt:"), "{}", stdout(&o));
}

#[test]
fn fix_reads_stdin_and_writes_stdout() {
    let dir = tempdir();
    let o = nianbao_stdin(dir.path(), &["fix", "-"], Some(broken().as_bytes()));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(o.stdout == seed().as_bytes());
}

#[cfg(unix)]
#[test]
fn read_only_file_is_refused_and_untouched() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let p = write(dir.path(), "broken.txt", broken().as_bytes());
    fs::set_permissions(&p, fs::Permissions::from_mode(0o444)).unwrap();
    let o = nianbao(dir.path(), &["fix", "broken.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("只读"), "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&p).unwrap(), broken());
    assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o444);
}

#[cfg(unix)]
#[test]
fn fix_keeps_permissions_and_writes_through_symlinks() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir();
    let target = write(dir.path(), "real/report.txt", broken().as_bytes());
    fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real/report.txt", dir.path().join("link.txt")).unwrap();
    let o = nianbao(dir.path(), &["fix", "link.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(fs::read_to_string(&target).unwrap(), seed());
    let link = fs::symlink_metadata(dir.path().join("link.txt")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(fs::metadata(&target).unwrap().permissions().mode() & 0o777, 0o640);
}

#[test]
fn fix_reports_what_remains() {
    // A balance error (A3) has no safe fix: it remains after `fix`, and exit is 1.
    let dir = tempdir();
    let text = seed().replace(
        "一、本年新收政府信息公开申请数量\t\t91\t0\t0\t0\t55\t0\t146\t",
        "一、本年新收政府信息公开申请数量\t\t92\t0\t0\t0\t55\t0\t147\t",
    );
    assert_ne!(text, seed());
    let p = write(dir.path(), "r.txt", text.as_bytes());
    let o = nianbao(dir.path(), &["fix", "r.txt"]);
    assert_eq!(code(&o), 1, "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("error[NB203]"), "{}", stdout(&o));
    assert!(stdout(&o).contains("剩余 "), "{}", stdout(&o));
    assert_eq!(fs::read_to_string(&p).unwrap(), text);
}

// ---------------------------------------------------------------------------------------------
// rules, explain, new

#[test]
fn rules_lists_every_rule() {
    let dir = tempdir();
    let o = nianbao(dir.path(), &["rules"]);
    assert_eq!(code(&o), 0);
    let out = stdout(&o);
    assert!(!nianbao_core::rules::RULES.is_empty());
    for r in nianbao_core::rules::RULES {
        let line = out.lines().find(|l| l.starts_with(r.code)).unwrap();
        assert!(line.contains(r.name) && line.contains(r.summary(Lang::Zh)), "{line}");
    }
    let o = nianbao(dir.path(), &["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v.as_array().unwrap().len(), nianbao_core::rules::RULES.len());
}

#[test]
fn explain_prints_the_rule_page() {
    let dir = tempdir();
    let o = nianbao(dir.path(), &["explain", "NB201"]);
    assert_eq!(code(&o), 0);
    let rule = nianbao_core::rules::find("NB201").unwrap();
    assert!(stdout(&o).starts_with(&rule.doc_page(Lang::Zh)), "{}", stdout(&o));
    assert!(stdout(&o).contains("## 为什么"), "{}", stdout(&o));
    let en = nianbao(dir.path(), &["--lang", "en", "explain", "NB201"]);
    assert!(stdout(&en).starts_with(&rule.doc_page(Lang::En)), "{}", stdout(&en));
    assert!(stdout(&en).contains("## Why"), "{}", stdout(&en));
    let by_name = nianbao(dir.path(), &["explain", "row-total"]);
    assert_eq!(by_name.stdout, o.stdout);
    let lower = nianbao(dir.path(), &["explain", "nb201"]);
    assert_eq!(lower.stdout, o.stdout);
    let o = nianbao(dir.path(), &["explain", "NB999"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("NB999"));
}

#[test]
fn new_prints_a_clean_report() {
    let dir = tempdir();
    for args in [
        &["new", "--agency", "某某局", "--year", "2024"][..],
        &["new", "--agency", "某某局", "--year", "2024", "--crlf"][..],
    ] {
        let o = nianbao(dir.path(), args);
        assert_eq!(code(&o), 0);
        let text = stdout(&o);
        assert!(text.starts_with("某某局 2024 年政府信息公开工作年度报告"));
        assert_eq!(text.contains("\r\n"), args.contains(&"--crlf"));
        let report = nianbao_core::parse::parse(&text);
        assert!(report.is_report());
        let errors: Vec<_> = nianbao_core::check(&text, &Settings::default())
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        // And `check` agrees when given the output on stdin.
        let o = nianbao_stdin(dir.path(), &["check", "-"], Some(text.as_bytes()));
        assert_eq!(code(&o), 0, "{}", stdout(&o));
    }
    assert_eq!(code(&nianbao(dir.path(), &["new", "--agency", "", "--year", "2024"])), 2);
    assert_eq!(code(&nianbao(dir.path(), &["new", "--agency", "x", "--year", "24"])), 2);
}

// ---------------------------------------------------------------------------------------------
// nianbao.toml

#[test]
fn config_turns_a_rule_off_or_changes_its_severity() {
    let dir = tempdir();
    write(dir.path(), "reports/broken.txt", broken().as_bytes());
    // Turned off by code, from a config two levels up.
    write(dir.path(), "nianbao.toml", b"[rules]\nNB201 = \"off\"\n");
    let o = nianbao(dir.path(), &["check", "--format", "json", "reports"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "[]");
    // Downgraded by name: reported, but exit 0.
    write(dir.path(), "nianbao.toml", b"[rules]\nrow-total = \"warning\"\n");
    let o = nianbao(dir.path(), &["check", "reports/broken.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("warning[NB201]"), "{}", stdout(&o));
    // A nearer config wins over a farther one.
    write(dir.path(), "reports/nianbao.toml", b"");
    let o = nianbao(dir.path(), &["check", "reports/broken.txt"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
}

#[test]
fn config_sets_the_language_and_the_command_line_wins() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    write(dir.path(), "nianbao.toml", b"lang = \"en\"\n");
    let o = nianbao(dir.path(), &["check", "broken.txt"]);
    assert!(stdout(&o).contains("found 147"), "{}", stdout(&o));
    let o = nianbao(dir.path(), &["--lang", "zh", "check", "broken.txt"]);
    assert!(stdout(&o).contains("此处为 147"), "{}", stdout(&o));
}

#[test]
fn explicit_config_overrides_discovery() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    write(dir.path(), "nianbao.toml", b"[rules]\nNB201 = \"off\"\n");
    write(dir.path(), "strict.toml", b"[rules]\nNB201 = \"error\"\n");
    let o = nianbao(dir.path(), &["--config", "strict.toml", "check", "broken.txt"]);
    assert_eq!(code(&o), 1);
    let o = nianbao(dir.path(), &["--config", "missing.toml", "check", "broken.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("missing.toml"), "{}", stderr(&o));
}

#[test]
fn invalid_config_is_an_error_naming_the_file() {
    let dir = tempdir();
    write(dir.path(), "broken.txt", broken().as_bytes());
    for bad in [&b"[rules]\nNB999 = \"off\"\n"[..], b"[rules]\nNB201 = \"loud\"\n", b"colour = true\n", b"lang = \n"] {
        write(dir.path(), "nianbao.toml", bad);
        let o = nianbao(dir.path(), &["check", "broken.txt"]);
        assert_eq!(code(&o), 2, "{}", String::from_utf8_lossy(bad));
        assert!(stderr(&o).contains("nianbao.toml"), "{}", stderr(&o));
    }
}

#[test]
fn fix_refuses_a_file_whose_encoding_does_not_round_trip() {
    // GB18030 bytes A3 A0 decode to U+E5E5, which the encoder cannot write back: fixing the
    // total would silently change those bytes, so the file is left alone.
    let dir = tempdir();
    let text = broken();
    let (body, _, bad) = encoding_rs::GB18030.encode(&text);
    assert!(!bad);
    let mut bytes = b"\xA3\xA0\n".to_vec();
    bytes.extend_from_slice(&body);
    let p = write(dir.path(), "r.txt", &bytes);
    let o = nianbao(dir.path(), &["check", "r.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let o = nianbao(dir.path(), &["fix", "r.txt"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("r.txt: "), "{}", stderr(&o));
    assert_eq!(fs::read(&p).unwrap(), bytes);
}

#[test]
fn stdin_filename_names_the_input_and_finds_its_config() {
    let dir = tempdir();
    write(dir.path(), "sub/nianbao.toml", b"[rules]\nrow-total = \"warning\"\n");
    let o = nianbao_stdin(dir.path(), &["check", "--stdin-filename", "sub/r.txt", "-"], Some(broken().as_bytes()));
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stdout(&o).contains("sub/r.txt:"), "{}", stdout(&o));
    assert!(stdout(&o).contains("warning[NB201]"), "{}", stdout(&o));
}

#[test]
fn crlf_lines_are_shown_without_carriage_returns() {
    let dir = tempdir();
    write(dir.path(), "r.txt", broken().replace('\n', "\r\n").as_bytes());
    let o = nianbao(dir.path(), &["check", "r.txt"]);
    assert_eq!(code(&o), 1);
    assert!(!stdout(&o).contains('\r'));
    let (line, col) = bad_cell();
    assert!(stdout(&o).contains(&format!("r.txt:{line}:{col}: error[NB201]")), "{}", stdout(&o));
}

#[test]
fn invalid_config_is_reported_once_and_its_files_are_skipped() {
    let dir = tempdir();
    write(dir.path(), "a/one.txt", broken().as_bytes());
    write(dir.path(), "a/two.txt", broken().as_bytes());
    write(dir.path(), "a/nianbao.toml", b"lang = \"fr\"\n");
    write(dir.path(), "b/three.txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", "--format", "json", "a", "b"]);
    assert_eq!(code(&o), 2);
    assert_eq!(stderr(&o).matches("nianbao.toml").count(), 1, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v.as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap()).collect();
    assert_eq!(paths, ["b/three.txt"]);
}

#[test]
fn config_format_decides_how_reports_are_read() {
    // Seed 002 in the Shanghai layout (tests/fixtures/cases/make_cases.py).
    let shanghai =
        fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/cases/ok-shanghai-layout.txt")).unwrap();
    let dir = tempdir();
    write(dir.path(), "r.txt", &shanghai);
    // Detected without configuration, and forced.
    for toml in [&b""[..], b"format = \"auto\"\n", b"format = \"shanghai\"\n"] {
        write(dir.path(), "nianbao.toml", toml);
        let o = nianbao(dir.path(), &["check", "--format", "json", "r.txt"]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert_eq!(stdout(&o).trim(), "[]", "{}", String::from_utf8_lossy(toml));
    }
    // Read as the national format, its added sections and numbering are structure findings.
    write(dir.path(), "nianbao.toml", b"format = \"national\"\nlang = \"en\"\n");
    let o = nianbao(dir.path(), &["check", "r.txt"]);
    assert!(stdout(&o).contains("warning[NB102]"), "{}", stdout(&o));
    assert!(stdout(&o).contains("“二、主动公开政府信息情况” appears more than once"), "{}", stdout(&o));
    // A wrong total is found as in the national layout, under the variant's numbering.
    write(dir.path(), "nianbao.toml", b"format = \"shanghai\"\n");
    let text = String::from_utf8(shanghai).unwrap().replace(GOOD_ROW, BAD_ROW);
    write(dir.path(), "r.txt", text.as_bytes());
    let o = nianbao(dir.path(), &["check", "r.txt"]);
    assert_eq!(code(&o), 1, "{}", stdout(&o));
    assert!(stdout(&o).contains("error[NB201]"), "{}", stdout(&o));
    assert_eq!(stdout(&o).matches("[NB").count(), 1, "{}", stdout(&o));
}

#[test]
fn unknown_format_in_config_is_an_error_naming_the_choices() {
    let dir = tempdir();
    write(dir.path(), "r.txt", seed().as_bytes());
    write(dir.path(), "nianbao.toml", b"format = \"beijing\"\n");
    let o = nianbao(dir.path(), &["--lang", "en", "check", "r.txt"]);
    assert_eq!(code(&o), 2, "{}", stdout(&o));
    assert!(stderr(&o).contains("nianbao.toml"), "{}", stderr(&o));
    assert!(stderr(&o).contains(r#"format = "beijing": expected "auto", "national" or "shanghai""#), "{}", stderr(&o));
    let o = nianbao(dir.path(), &["check", "r.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains(r#"format = "beijing"：应为 "auto"、"national" 或 "shanghai""#), "{}", stderr(&o));
}
