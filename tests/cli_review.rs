//! End-to-end tests of the review outputs of `nianbao check`: the HTML review page
//! (`--format html -o FILE`), CSV (`--format csv`), and the progress bar staying off when
//! stderr is not a terminal.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SEED: &str = "tests/fixtures/002_57935d37ad0b2f69.txt";
const CLEAN: &str = "tests/fixtures/000_d07e733a374d2c05.txt";
const GOOD_ROW: &str = "\t55\t0\t146\t";
const BAD_ROW: &str = "\t55\t0\t147\t";
const PROSE: &str = "上年度结转 2 件，均依法依规予以答复处理。";
const BAD_PROSE: &str = "上年度结转 3 件，均依法依规予以答复处理<script>alert(\"x\")</script>。";

fn fixture(path: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The seed with one row total changed from 146 to 147 (an NB201 error).
fn broken() -> String {
    let s = fixture(SEED);
    assert_eq!(s.matches(GOOD_ROW).count(), 1);
    s.replace(GOOD_ROW, BAD_ROW)
}

/// [`broken`], and a prose count changed (an NB301 warning) on a line that also holds markup.
fn broken_with_markup() -> String {
    let s = broken();
    assert_eq!(s.matches(PROSE).count(), 1);
    s.replace(PROSE, BAD_PROSE)
}

fn nianbao(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap()
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

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).unwrap();
    p
}

/// A folder with a broken report and a clean one.
fn broken_and_clean() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.txt", broken().as_bytes());
    write(dir.path(), "clean.txt", fixture(CLEAN).as_bytes());
    dir
}

// ---------------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_one_row_per_finding_with_bom() {
    let dir = broken_and_clean();
    let o = nianbao(dir.path(), &["check", ".", "--format", "csv"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    let out = stdout(&o);
    let body = out.strip_prefix('\u{feff}').expect("starts with a UTF-8 BOM");
    assert!(body.lines().all(|l| !l.is_empty()));
    assert!(body.ends_with("\r\n"), "RFC 4180 line ends");
    insta::assert_snapshot!("csv_broken_and_clean_zh", body);
}

#[test]
fn csv_in_english() {
    let dir = broken_and_clean();
    let o = nianbao(dir.path(), &["--lang", "en", "check", ".", "--format", "csv"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    insta::assert_snapshot!("csv_broken_and_clean_en", stdout(&o).trim_start_matches('\u{feff}'));
}

#[test]
fn csv_quotes_fields_by_rfc_4180() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "报告,\"副本\".txt", broken().as_bytes());
    let o = nianbao(dir.path(), &["check", ".", "--format", "csv"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let row = out.lines().nth(1).unwrap();
    assert!(row.starts_with("\"报告,\"\"副本\"\".txt\",孟州市人民政府,2023,NB201,错误,"), "{row}");
}

#[test]
fn csv_to_a_file_with_output() {
    let dir = broken_and_clean();
    let o = nianbao(dir.path(), &["check", "broken.txt", "--format", "csv", "-o", "out.csv"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let written = fs::read(dir.path().join("out.csv")).unwrap();
    assert!(written.starts_with(b"\xef\xbb\xbf"));
    assert_eq!(String::from_utf8(written).unwrap().lines().count(), 2);
}

// ---------------------------------------------------------------------------------------------
// HTML

/// Renders the review page for a folder with a broken report (a wrong total, a wrong prose
/// count next to markup), a clean one, a text that is not a report (named and filled with
/// markup) and a file that cannot be decoded.
fn review_page(lang: &str) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "broken.txt", broken_with_markup().as_bytes());
    write(dir.path(), "clean.txt", fixture(CLEAN).as_bytes());
    write(dir.path(), "<b>&notes.txt", b"<script>alert(1)</script> hello\n");
    write(dir.path(), "undecodable.txt", b"\xff\xfe\x00\xd8");
    let o = nianbao(dir.path(), &["--lang", lang, "check", ".", "--format", "html", "-o", "review.html"]);
    let page = fs::read_to_string(dir.path().join("review.html")).expect("the page is written");
    (o, page)
}

/// The summary table's body rows.
fn summary_rows(page: &str) -> Vec<&str> {
    let start = page.find("<table class=\"summary").unwrap();
    let end = start + page[start..].find("</table>").unwrap();
    page[start..end].split("<tr").skip(2).collect()
}

#[test]
fn html_summary_lists_every_file_with_reasons() {
    let (o, page) = review_page("zh");
    // An unreadable file makes the exit status 2; the page is written all the same.
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
    let rows = summary_rows(&page);
    assert_eq!(rows.len(), 4, "{rows:#?}");
    assert!(rows[0].contains("&lt;b&gt;&amp;notes.txt") && rows[0].contains("不是年度报告"), "{}", rows[0]);
    assert!(rows[1].contains("href=\"#r2\">broken.txt</a>"), "{}", rows[1]);
    assert!(rows[1].contains("<td>孟州市人民政府</td><td>2023</td><td>1</td><td>1</td><td>0</td>"), "{}", rows[1]);
    assert!(rows[2].contains("href=\"#r3\">clean.txt</a>") && rows[2].contains("未发现错误"), "{}", rows[2]);
    assert!(rows[3].contains("undecodable.txt") && rows[3].contains("UTF-16"), "{}", rows[3]);
    assert!(page.contains("<section class=\"report\" id=\"r2\"><details open>"));
    // A clean report is collapsed.
    assert!(page.contains("<section class=\"report\" id=\"r3\"><details>"));
}

#[test]
fn html_marks_the_wrong_cell_with_its_finding() {
    let (_, page) = review_page("zh");
    let message = "总计应为 146（91+0+0+0+55+0），此处为 147";
    let cell = format!(
        "<td class=\"num bad error\" title=\"2. NB201 {message}\" data-f=\"r2-f2\">147<a class=\"badge error\" href=\"#r2-f2\">2</a></td>"
    );
    assert_eq!(page.matches(&cell).count(), 1, "the highlighted cell");
    assert_eq!(page.matches("class=\"num bad").count(), 1, "only that cell is highlighted");
    // The finding is listed beside the table, with where it is and its fix.
    let item = &page[page.find("<li id=\"r2-f2\"").expect("the finding's list item")..];
    let item = &item[..item.find("</li>").unwrap()];
    assert!(item.contains("NB201") && item.contains(message), "{item}");
    assert!(item.contains("一、本年新收 · 总计 · 第 39 行"), "{item}");
    assert!(item.contains("将总计改为 146"), "{item}");
    // The six parts of the total, and the balance of the 总计 column it breaks too, are marked
    // as related to it (lit up on hover).
    assert_eq!(page.matches("data-rel=\"r2-f2\"").count(), 7);
    // The prose finding is shown with its paragraph, the count marked.
    assert!(page.contains("上年度结转 <mark class=\"warning\" title=\"1. NB301 "), "prose mark");
    assert!(page.contains("<li id=\"r2-f1\" class=\"warning\" data-f=\"r2-f1\">"));
}

#[test]
fn html_escapes_report_text_and_file_names() {
    let (_, page) = review_page("zh");
    assert!(!page.contains("<script>alert"), "markup from a report must be escaped");
    assert!(page.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert!(!page.contains("<b>&notes"));
    // Our own inline script is the only one.
    assert_eq!(page.matches("<script").count(), 1);
}

#[test]
fn html_is_self_contained() {
    let (_, page) = review_page("zh");
    for needle in ["http://", "https://", "<link", " src=", "url(", "@import", "<iframe", "<img", "//fonts"] {
        assert!(!page.contains(needle), "the page must not load anything: found {needle:?}");
    }
    let hrefs: Vec<&str> = page.split("href=\"").skip(1).collect();
    assert!(hrefs.len() > 3, "the summary links to the reports and the badges to their findings");
    for href in hrefs {
        assert!(href.starts_with('#'), "only in-page links: {}", &href[..href.len().min(40)]);
    }
    assert!(page.contains("Content-Security-Policy\" content=\"default-src 'none';"));
}

#[test]
fn html_in_english() {
    let (o, page) = review_page("en");
    assert_eq!(code(&o), 2);
    assert!(page.contains("<html lang=\"en\">"));
    assert!(page.contains("<h2>Summary</h2>"));
    assert!(page.contains("total should be 146 (91+0+0+0+55+0), found 147"), "messages follow --lang");
    assert!(page.contains("not an annual report"));
    assert!(page.contains("<th>natural persons</th>"));
}

#[test]
fn unwritable_output_exits_2() {
    let dir = broken_and_clean();
    let o = nianbao(dir.path(), &["check", "clean.txt", "--format", "html", "-o", "no/such/dir/review.html"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(stderr(&o).contains("no/such/dir/review.html"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------------
// Progress bar

#[test]
fn no_progress_bar_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let clean = fixture(CLEAN);
    for i in 0..25 {
        write(dir.path(), &format!("{i:02}.txt"), clean.as_bytes());
    }
    let o = nianbao(dir.path(), &["check", "."]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "nothing on stderr when it is piped");
    assert!(stdout(&o).contains("检查了 25 个文件"));
}

#[test]
fn show_ignored_keeps_csv_and_html_well_formed() {
    let dir = tempfile::tempdir().unwrap();
    let text = broken().replace("共受理政府信息公开申请 146 件", "共收到政府信息公开申请 749 件");
    write(dir.path(), "a.txt", text.as_bytes());
    write(
        dir.path(),
        "nianbao.toml",
        "[[ignore]]\ncode = \"NB301\"\nfile = \"a.txt\"\nphrase = \"共收到政府信息公开申请 749 件\"\n".as_bytes(),
    );
    let o = nianbao(dir.path(), &["check", ".", "--format", "csv", "--show-ignored"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stdout(&o).starts_with('\u{feff}'), "{}", stdout(&o));
    assert!(!stdout(&o).contains("NB301"), "{}", stdout(&o));
    assert!(stderr(&o).contains("[NB301]"), "the ignored finding is listed on stderr: {}", stderr(&o));
    let o = nianbao(dir.path(), &["check", ".", "--format", "html", "--show-ignored", "-o", "r.html"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(fs::read_to_string(dir.path().join("r.html")).unwrap().starts_with("<!DOCTYPE html>"));
}

#[test]
fn html_shows_a_missing_row_with_its_finding() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.txt", fixture("tests/fixtures/cases/NB105-missing-row.txt").as_bytes());
    let o = nianbao(dir.path(), &["check", "a.txt", "--format", "html", "-o", "r.html"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let page = fs::read_to_string(dir.path().join("r.html")).unwrap();
    let rows: Vec<&str> = page.split("<tr class=\"missing bad error\"").skip(1).collect();
    assert_eq!(rows.len(), 2, "both missing rows carry their NB105 finding");
    assert!(rows[0].contains("NB105") && rows[0].contains("<th>行政强制<a class=\"badge error\""), "{}", rows[0]);
    assert!(rows[1].contains("（五）2.重复申请"), "{}", rows[1]);
}

/// [`broken`] (a wrong total in 一、本年新收, not ignored), with a second wrong total and a
/// wrong prose count that `[[ignore]]` entries in nianbao.toml dismiss (one with a reason).
fn with_ignored_findings(dir: &Path) {
    const ROW: &str = "\t7\t0\t0\t0\t0\t0\t7\n";
    let text = broken();
    assert_eq!(text.matches(ROW).count(), 1);
    let text = text
        .replace(ROW, "\t7\t0\t0\t0\t0\t0\t9\n")
        .replace("共受理政府信息公开申请 146 件", "共收到政府信息公开申请 749 件");
    write(dir, "a.txt", text.as_bytes());
    write(dir, "clean.txt", fixture(CLEAN).as_bytes());
    write(
        dir,
        "nianbao.toml",
        "[[ignore]]\ncode = \"NB201\"\nfile = \"a.txt\"\ncell = \"表三·（三）8.属于行政查询事项·总计\"\n\
         reason = \"含转办件，<与上级口径一致>\"\n\n\
         [[ignore]]\ncode = \"NB301\"\nfile = \"a.txt\"\nphrase = \"共收到政府信息公开申请 749 件\"\n"
            .as_bytes(),
    );
}

/// The element of the page that starts with `start`, up to its closing `end`.
fn element<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page.find(start).unwrap_or_else(|| panic!("{start} not on the page"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap() + end.len()]
}

#[test]
fn html_shows_ignored_findings_greyed_and_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    with_ignored_findings(dir.path());
    // Always on the page, without --show-ignored.
    let o = nianbao(dir.path(), &["check", ".", "--format", "html", "-o", "r.html"]);
    assert_eq!(code(&o), 1, "only the error that is not ignored counts: {}", stderr(&o));
    assert!(stderr(&o).contains("忽略了 2 个问题（审查页上以灰色列出）"), "{}", stderr(&o));
    let page = fs::read_to_string(dir.path().join("r.html")).unwrap();
    // Summary: 1 error, 0 warnings, 0 notes, 2 ignored.
    let rows = summary_rows(&page);
    assert!(page.contains("<th data-type=\"num\" title=\"按 nianbao.toml 的 [[ignore]] 忽略的问题"), "the column");
    assert!(
        rows[0].contains("<td>1</td><td>0</td><td>0</td><td class=\"ignored\">2</td><td>有错误</td>"),
        "{}",
        rows[0]
    );
    assert!(rows[1].contains("<td>0</td><td>0</td><td>0</td><td>0</td><td>未发现错误</td>"), "{}", rows[1]);
    assert!(page.contains("1 个错误、0 个警告、0 个提示（另有 2 个已按 nianbao.toml 忽略，以灰色显示，不计入）"));
    assert!(page.contains("1 个错误、0 个警告、0 个提示，<span class=\"ignored\">2 个已忽略</span>"));
    // Findings first (1), then the ignored ones in text order (2: the prose count, 3: the total).
    assert_eq!(page.matches("class=\"num bad").count(), 1, "only the live finding's cell is highlighted");
    let cell = element(&page, "<td class=\"num ignored\"", "</td>");
    assert_eq!(
        cell,
        "<td class=\"num ignored\" title=\"3. NB201（已忽略） 总计应为 7（7+0+0+0+0+0），此处为 9\" \
         data-f=\"r1-f3\">9<a class=\"badge ignored\" href=\"#r1-f3\">3</a></td>"
    );
    let item = element(&page, "<li id=\"r1-f3\"", "</li>");
    assert!(item.starts_with("<li id=\"r1-f3\" class=\"ignored\""), "{item}");
    assert!(item.contains("<span class=\"sev\">已忽略（错误）</span>"), "{item}");
    assert!(item.contains("（三）8.属于行政查询事项 · 总计 · 第 50 行"), "{item}");
    assert!(
        item.contains("按 nianbao.toml 忽略：<code>表三·（三）8.属于行政查询事项·总计</code>；理由：含转办件，&lt;与上级口径一致&gt;"),
        "the entry's key and reason, escaped: {item}"
    );
    assert!(!item.contains("将总计改为"), "an ignored finding is not fixed, so no fix is offered: {item}");
    // The ignored prose count is marked grey beside its paragraph; its entry has no reason.
    assert!(page.contains("共收到政府信息公开申请 <mark class=\"ignored\" title=\"2. NB301（已忽略） "), "prose mark");
    let item = element(&page, "<li id=\"r1-f2\"", "</li>");
    assert!(
        item.contains("已忽略（警告）") && item.ends_with("<code>共收到政府信息公开申请 749 件</code></span></li>"),
        "{item}"
    );
    // The live finding keeps its number, colour and fix.
    assert!(page.contains("<li id=\"r1-f1\" class=\"error\""));
    assert!(element(&page, "<li id=\"r1-f1\"", "</li>").contains("将总计改为 146"));

    // In English.
    let o = nianbao(dir.path(), &["--lang", "en", "check", "a.txt", "clean.txt", "--format", "html", "-o", "r.html"]);
    assert_eq!(code(&o), 1);
    let page = fs::read_to_string(dir.path().join("r.html")).unwrap();
    assert!(page.contains(">Ignored</th>"));
    let meta = element(&page, "<p class=\"meta\">", "</p>");
    assert!(
        meta.contains("1 errors, 0 warnings, 0 notes (2 more ignored by nianbao.toml, shown greyed, not counted)"),
        "{meta}"
    );
    let item = element(&page, "<li id=\"r1-f3\"", "</li>");
    assert!(item.contains("ignored (error)") && item.contains("; reason: "), "{item}");

    // With every finding dismissed the report is clean (exit 0), its ignored findings still shown.
    let toml = fs::read_to_string(dir.path().join("nianbao.toml")).unwrap();
    let all = format!("{toml}\n[[ignore]]\ncode = \"NB201\"\nfile = \"a.txt\"\ncell = \"表三·一、本年新收·总计\"\n");
    write(dir.path(), "nianbao.toml", all.as_bytes());
    let o = nianbao(dir.path(), &["check", "a.txt", "clean.txt", "--format", "html", "-o", "r.html"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = fs::read_to_string(dir.path().join("r.html")).unwrap();
    let rows = summary_rows(&page);
    assert!(
        rows[0].contains("<td>0</td><td>0</td><td>0</td><td class=\"ignored\">3</td><td>未发现错误</td>"),
        "{}",
        rows[0]
    );
    assert!(page.contains("<section class=\"report\" id=\"r1\"><details open>"), "shown open: it has ignored findings");
    assert!(page.contains("未发现问题（3 个已忽略的问题以灰色列出）。"));
    assert_eq!(page.matches("class=\"num ignored\"").count(), 2);
    assert!(!page.contains("class=\"num bad"));
}
