//! Readers that hold (issue 18): hostile or unlucky inputs, each generated here, run through the
//! `nianbao` binary. Each test checks the outcome (a clear error naming the limit, or the right
//! reading), that the process ended by itself without a signal, and its peak memory, measured
//! by the kernel (`wait4`'s `ru_maxrss` of that very process). A run that has not ended after a
//! generous timeout is killed and fails the test; no test asserts on wall-clock time.

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Peak memory any run may reach (the issue: "well under 1 GB").
const MAX_RSS_KB: i64 = 512 * 1024;
/// A run still going after this long has hung: it is killed and the test fails.
const TIMEOUT: Duration = Duration::from_secs(300);

struct Run {
    code: i32,
    out: String,
    err: String,
    /// Peak resident memory of the process, in KiB.
    rss_kb: i64,
}

impl Run {
    fn all(&self) -> String {
        format!("exit {}\n--- stdout\n{}\n--- stderr\n{}", self.code, self.out, self.err)
    }
}

/// Runs the binary in `dir` with `args`, `stdin` as its standard input and `path_prefix` put
/// first on its PATH; waits for it with `wait4` to read its peak memory. Fails the test on a
/// signal, a timeout or a peak over [`MAX_RSS_KB`].
fn run_with(dir: &Path, args: &[&str], stdin: Option<Vec<u8>>, path_prefix: Option<&Path>) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    cmd.current_dir(dir).args(args).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    if let Some(prefix) = path_prefix {
        let path = std::env::var("PATH").unwrap_or_default();
        cmd.env("PATH", format!("{}:{path}", prefix.display()));
    }
    let mut child = cmd.spawn().expect("nianbao runs");
    if let Some(input) = stdin {
        let mut w = child.stdin.take().unwrap();
        std::thread::spawn(move || {
            let _ = w.write_all(&input);
        });
    }
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut v = Vec::new();
            let _ = r.read_to_end(&mut v);
            v
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let (status, usage) = reap(child, args);
    let run = Run {
        code: if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -1 },
        out: String::from_utf8_lossy(&out.join().unwrap()).into_owned(),
        err: String::from_utf8_lossy(&err.join().unwrap()).into_owned(),
        rss_kb: usage.ru_maxrss,
    };
    assert!(!libc::WIFSIGNALED(status), "nianbao {args:?} ended by signal {}\n{}", libc::WTERMSIG(status), run.all());
    assert!(run.rss_kb > 0, "the peak memory was measured");
    assert!(run.rss_kb < MAX_RSS_KB, "nianbao {args:?} peaked at {} MiB\n{}", run.rss_kb / 1024, run.all());
    run
}

/// Waits for `child` with `wait4` (which gives its peak memory); kills it and fails the test
/// after [`TIMEOUT`].
fn reap(mut child: std::process::Child, args: &[&str]) -> (libc::c_int, libc::rusage) {
    let pid = child.id() as libc::pid_t;
    let start = Instant::now();
    let mut status: libc::c_int = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: pid is our child's; status and usage are valid for writes.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        assert!(r >= 0, "wait4 failed");
        if r == pid {
            return (status, usage);
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("nianbao {args:?} still running after {TIMEOUT:?}: killed");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn run(dir: &Path, args: &[&str]) -> Run {
    run_with(dir, args, None, None)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)).unwrap()
}

const SEED: &str = "002_57935d37ad0b2f69";

/// A .docx whose entries are `(name, bytes)`, deflated.
fn docx(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .compression_level(Some(1))
            .large_file(bytes.len() > u32::MAX as usize / 2);
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// `word/document.xml` with one paragraph of `text` repeated `n` times, written as the zip
/// writer streams it (so that 1 GiB never sits in memory here either), compressed as much as
/// deflate can.
fn docx_streamed(text: &str, n: usize) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9))
        .large_file(true);
    w.start_file("word/document.xml", options).unwrap();
    w.write_all(b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>").unwrap();
    for _ in 0..n {
        w.write_all(text.as_bytes()).unwrap();
    }
    w.write_all(b"</w:t></w:r></w:p></w:body></w:document>").unwrap();
    w.finish().unwrap().into_inner()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

// ─── Word ────────────────────────────────────────────────────────────────────────────────

#[test]
fn a_docx_bomb_is_refused_by_its_ratio_and_size() {
    let dir = tempfile::tempdir().unwrap();
    // 1 GiB of one character, deflated to about 1 MB.
    let bomb = docx_streamed(&"0".repeat(1 << 20), 1024);
    assert!(bomb.len() < 2 << 20, "a bomb: {} bytes", bomb.len());
    write(dir.path(), "bomb.docx", bomb);
    let r = run(dir.path(), &["check", "bomb.docx"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("bomb.docx") && r.err.contains("超过限制 docx-part-bytes = 128 MiB"), "{}", r.all());
    assert!(!r.err.contains("空文件"), "not 'empty file, skipped': {}", r.all());
    // Within the part size it is the ratio that holds.
    let r = run(dir.path(), &["--lang", "en", "check", "--limit", "docx-part-bytes=2GiB", "bomb.docx"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit docx-ratio = 200"), "{}", r.all());
}

#[test]
fn a_docx_with_too_much_text_is_refused_by_the_text_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 40 MB of varied text: it compresses too little to look like a bomb.
    let mut text = String::new();
    let mut x: u32 = 7;
    while text.len() < 40 << 20 {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        text.push(char::from_u32(0x4E00 + (x >> 16) % 0x5000).unwrap());
    }
    write(
        dir.path(),
        "big.docx",
        docx(&[(
            "word/document.xml",
            format!("<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>")
                .as_bytes(),
        )]),
    );
    let r = run(dir.path(), &["--lang", "en", "check", "big.docx"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit text-bytes = 16 MiB"), "{}", r.all());
    assert!(r.out.len() < 10_000, "nothing of it is printed: {} bytes", r.out.len());
}

#[test]
fn a_docx_with_too_many_entries_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = (0..20_000).map(|i| format!("x/{i}")).collect();
    let mut entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    entries.push(("word/document.xml", b"<w:document/>"));
    write(dir.path(), "many.docx", docx(&entries));
    let r = run(dir.path(), &["--lang", "en", "check", "many.docx"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit docx-entries = 10000"), "{}", r.all());
}

/// The seed's .docx with its `word/styles.xml` entry renamed `word/document.xml`: two parts of
/// that name (the zip writer refuses to write one, so the name is patched in).
fn docx_with_two_documents() -> Vec<u8> {
    let seed = fixture(&format!("formats/{SEED}.docx"));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&seed)).unwrap();
    let mut entries: Vec<(String, Vec<u8>)> = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        entries.push((f.name().to_string(), bytes));
    }
    // A second document.xml holding other numbers, named so that patching it gives the same name.
    let (_, document) = entries.iter().find(|(n, _)| n == "word/document.xml").unwrap().clone();
    let other = String::from_utf8(document).unwrap().replace(">146<", ">999<");
    entries.push(("word/documenX.xml".to_string(), other.into_bytes()));
    let refs: Vec<(&str, &[u8])> = entries.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    let mut bytes = docx(&refs);
    let (from, to) = (b"word/documenX.xml", b"word/document.xml");
    let mut patched = 0;
    let mut i = 0;
    while i + from.len() <= bytes.len() {
        if &bytes[i..i + from.len()] == from {
            bytes[i..i + from.len()].copy_from_slice(to);
            patched += 1;
        }
        i += 1;
    }
    assert_eq!(patched, 2, "the local header and the central directory");
    bytes
}

#[test]
fn a_docx_with_two_parts_of_one_name_is_refused_by_check_and_fix() {
    let dir = tempfile::tempdir().unwrap();
    let bytes = docx_with_two_documents();
    let p = write(dir.path(), "two.docx", &bytes);
    for cmd in ["check", "fix"] {
        let r = run(dir.path(), &["--lang", "en", cmd, "two.docx"]);
        assert_eq!(r.code, 2, "{cmd}: {}", r.all());
        assert!(r.err.contains("two parts named word/document.xml"), "{cmd}: {}", r.all());
    }
    assert_eq!(std::fs::read(&p).unwrap(), bytes, "fix wrote nothing");
    let r = run(dir.path(), &["check", "two.docx"]);
    assert!(r.err.contains("两个同名部件 word/document.xml"), "{}", r.all());
}

#[test]
fn a_document_without_text_is_an_error_not_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "blank.docx",
        docx(&[("word/document.xml", b"<w:document xmlns:w=\"w\"><w:body><w:p/></w:body></w:document>")]),
    );
    write(dir.path(), "blank.html", "<html><body><img src=scan.png></body></html>");
    let r = run(dir.path(), &["check", "blank.docx", "blank.html"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.err.matches("文档中提取不到任何文字").count(), 2, "{}", r.all());
    assert!(!r.err.contains("空文件"), "{}", r.all());
}

// ─── HTML ────────────────────────────────────────────────────────────────────────────────

#[test]
fn deep_nesting_is_an_error_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let deep = format!("<html><body>{}x{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
    write(dir.path(), "deep.html", &deep);
    write(dir.path(), "deep5000.html", format!("{}x", "<span>".repeat(5_000)));
    write(dir.path(), "report.html", fixture(&format!("formats/{SEED}.html")));
    let r = run(dir.path(), &["--lang", "en", "check", "."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.err.matches("over the limit html-depth = 512").count(), 2, "{}", r.all());
    assert!(r.out.contains("1 file checked"), "the report next to them is checked: {}", r.all());
    // Nesting within the limit reads as usual.
    write(dir.path(), "deep.html", format!("{}<p>一、总体情况</p>{}", "<div>".repeat(400), "</div>".repeat(400)));
    let r = run(dir.path(), &["check", "deep.html"]);
    assert_eq!(r.code, 0, "{}", r.all());
}

#[test]
fn large_pages_with_crlf_and_entities_are_read_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    // An ordinary 2.7 MB page with CRLF paragraphs (each miss used to search to the end).
    let para = "<p>本机关按照条例规定，主动公开政府信息，\r\n依法答复申请，办理结果如下。</p>\r\n";
    let page = format!("<html><body>\r\n{}</body></html>", para.repeat(2_700_000 / para.len()));
    write(dir.path(), "crlf.html", &page);
    // 200,000 short paragraphs with &amp;.
    write(dir.path(), "amp.html", format!("<html><body>{}</body></html>", "<p>a &amp; b</p>".repeat(200_000)));
    let r = run(dir.path(), &["check", "crlf.html", "amp.html"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let skipped = "不是年度报告（没有标题，也没有年报表格），已跳过";
    assert_eq!(r.err.matches(skipped).count(), 2, "both are read (they are no reports): {}", r.all());
}

#[test]
fn spans_of_a_thousand_are_refused_by_the_cell_limits() {
    let dir = tempfile::tempdir().unwrap();
    // 57 KB: every cell spans 1000 rows and 1000 columns.
    let cell = "<td rowspan=1000 colspan=1000>1</td>";
    let page = format!("<table>{}</table>", format!("<tr>{}</tr>", cell.repeat(3)).repeat(500));
    write(dir.path(), "spans.html", &page);
    let r = run(dir.path(), &["--lang", "en", "check", "spans.html"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit row-cells = 1000"), "{}", r.all());
    // One wide cell per row, many rows: the cells of the table add up.
    let page = format!("<table>{}</table>", "<tr><td colspan=999>1</td></tr>".repeat(2_000));
    write(dir.path(), "spans.html", &page);
    let r = run(dir.path(), &["--lang", "en", "check", "spans.html"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit table-cells = 200000"), "{}", r.all());
}

#[test]
fn utf16_pages_read_like_utf8() {
    let dir = tempfile::tempdir().unwrap();
    let page = String::from_utf8(fixture(&format!("formats/{SEED}.html"))).unwrap();
    let le: Vec<u8> = [0xFF, 0xFE].into_iter().chain(page.encode_utf16().flat_map(u16::to_le_bytes)).collect();
    let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(page.encode_utf16().flat_map(u16::to_be_bytes)).collect();
    write(dir.path(), "le.html", le);
    write(dir.path(), "be.html", be);
    let r = run(dir.path(), &["--lang", "en", "check", "le.html", "be.html"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.out.contains("2 files checked") && !r.err.contains("not an annual report"), "{}", r.all());
}

// ─── PDF ─────────────────────────────────────────────────────────────────────────────────

/// A folder holding an executable `pdftotext` running `script` (sh).
fn fake_pdftotext(script: &str) -> tempfile::TempDir {
    let bin = tempfile::tempdir().unwrap();
    let p = bin.path().join("pdftotext");
    std::fs::write(&p, format!("#!/bin/sh\n{script}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    bin
}

#[test]
fn a_pdftotext_that_never_ends_is_killed_with_what_it_started() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.pdf", "%PDF-1.4\n");
    let pids = dir.path().join("pids");
    // It starts a child of its own that would outlive it, and both sleep.
    let bin = fake_pdftotext(&format!("sleep 1000 & echo $! >> {0}; echo $$ >> {0}; wait", pids.display()));
    let r =
        run_with(dir.path(), &["--lang", "en", "check", "--limit", "pdf-seconds=2", "a.pdf"], None, Some(bin.path()));
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit pdf-seconds = 2"), "{}", r.all());
    let pids = std::fs::read_to_string(&pids).unwrap();
    assert_eq!(pids.lines().count(), 2);
    for pid in pids.lines() {
        // Killed and reaped (the grandchild by init): gone, or at most a zombie for a moment.
        let mut gone = false;
        for _ in 0..500 {
            let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            if state.is_empty() || state.split(") ").nth(1).is_some_and(|s| s.starts_with('Z')) {
                gone = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        assert!(gone, "process {pid} still runs");
    }
}

#[test]
fn a_pdftotext_that_prints_forever_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.pdf", "%PDF-1.4\n");
    let bin = fake_pdftotext("cat >/dev/null; yes 一、总体情况");
    let r = run_with(dir.path(), &["--lang", "en", "check", "a.pdf"], None, Some(bin.path()));
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit text-bytes = 16 MiB"), "{}", r.all());
    // On the error stream too: kept short, the rest read and dropped.
    let bin = fake_pdftotext("cat >/dev/null; yes error >&2 & sleep 3; kill $!; exit 3");
    let r = run_with(dir.path(), &["--lang", "en", "check", "a.pdf"], None, Some(bin.path()));
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("`pdftotext` failed: error") && r.err.len() < 100_000, "{}", &r.err[..r.err.len().min(300)]);
}

#[test]
fn a_missing_pdftotext_is_one_message_in_one_language() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.pdf", "%PDF-1.4\n");
    let empty = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    let out = cmd.current_dir(dir.path()).env("PATH", empty.path()).args(["check", "a.pdf"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(err.contains("读取此文件需要 `pdftotext`") && !err.contains("was not found"), "{err}");
    let out = cmd.args(["--lang", "en"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("was not found on PATH") && !err.contains("需要"), "{err}");
}

/// The PDF tests need the real `pdftotext`: without it they fail (`.ci/run` installs it).
fn need_pdftotext() {
    assert!(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        "pdftotext not found: apt-get install poppler-utils (`.ci/run` installs it)"
    );
}

/// A valid PDF of `pages` pages, each with one line of text.
fn pdf(pages: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let obj = |out: &mut Vec<u8>, offsets: &mut Vec<usize>, body: String| {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{body}\nendobj\n", offsets.len()).as_bytes());
    };
    // 1: catalog, 2: pages, 3: font, then a page and its content per page.
    let kids: Vec<String> = (0..pages).map(|i| format!("{} 0 R", 4 + 2 * i)).collect();
    obj(&mut out, &mut offsets, "<< /Type /Catalog /Pages 2 0 R >>".into());
    obj(&mut out, &mut offsets, format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")));
    obj(&mut out, &mut offsets, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for i in 0..pages {
        obj(
            &mut out,
            &mut offsets,
            format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", 5 + 2 * i),
        );
        // Words of its own on every page (a page number alone, or the same line on every page,
        // is page furniture the reader drops).
        let own: String = (i + 1).to_string().bytes().map(|d| char::from(b'a' + (d - b'0'))).collect();
        let text = format!("BT /F1 12 Tf 20 100 Td (text {own}) Tj ET");
        obj(&mut out, &mut offsets, format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()));
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for o in &offsets {
        out.extend(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1).as_bytes(),
    );
    out
}

#[test]
fn a_pdf_of_20000_pages_is_refused_by_the_page_limit() {
    need_pdftotext();
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "long.pdf", pdf(20_000));
    let r = run(dir.path(), &["--lang", "en", "check", "long.pdf"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit pdf-pages = 500"), "{}", r.all());
    // Within the limit it is read: the text of every page (not a report).
    write(dir.path(), "short.pdf", pdf(3));
    let r = run(dir.path(), &["--lang", "en", "check", "--limit", "pdf-pages=3", "short.pdf"]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(r.err.contains("not an annual report"), "{}", r.all());
}

// ─── The walk ────────────────────────────────────────────────────────────────────────────

fn mkfifo(path: &Path) {
    let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a valid C string.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

#[test]
fn fifos_and_devices_are_refused_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    mkfifo(&dir.path().join("pipe.txt"));
    write(dir.path(), "report.txt", fixture(&format!("{SEED}.txt")));
    // Named on the command line.
    let r = run(dir.path(), &["--lang", "en", "check", "pipe.txt", "/dev/zero"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert_eq!(r.err.matches("not a regular file").count(), 2, "{}", r.all());
    // Found in a folder: refused too, the report next to it checked.
    let r = run(dir.path(), &["--lang", "en", "check", "."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("pipe.txt: not a regular file"), "{}", r.all());
    assert!(r.out.contains("1 file checked"), "{}", r.all());
}

#[test]
fn standard_input_is_read_up_to_the_limit_only() {
    let dir = tempfile::tempdir().unwrap();
    let r = run_with(
        dir.path(),
        &["--lang", "en", "check", "--limit", "input-bytes=1KiB", "-"],
        Some(vec![b'x'; 1 << 20]),
        None,
    );
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit input-bytes = 1 KiB"), "{}", r.all());
    let big = write(dir.path(), "big.txt", vec![b'x'; 2048]);
    let r = run(dir.path(), &["--lang", "en", "check", "--limit", "input-bytes=1KiB", big.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit input-bytes = 1 KiB"), "{}", r.all());
}

/// The seed report with a wrong total (a safe fix to apply).
fn broken_report() -> String {
    let seed = String::from_utf8(fixture(&format!("{SEED}.txt"))).unwrap();
    let row = seed.find("一、本年新收").unwrap();
    let at = row + seed[row..].find("146").unwrap();
    format!("{}147{}", &seed[..at], &seed[at + 3..])
}

#[test]
fn links_out_of_a_folder_are_not_followed_and_named_links_are_written_through() {
    let root = tempfile::tempdir().unwrap();
    let outside = root.path().join("outside");
    let folder = root.path().join("folder");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    let secret = write(&outside, "secret.txt", broken_report());
    let inside = write(&folder, "inside.txt", broken_report());
    std::os::unix::fs::symlink(&secret, folder.join("link-out.txt")).unwrap();
    std::os::unix::fs::symlink(&inside, folder.join("link-in.txt")).unwrap();
    let r = run(root.path(), &["--lang", "en", "fix", "folder"]);
    assert!(r.err.contains("link-out.txt: a symbolic link leading outside the folder; not read"), "{}", r.all());
    assert_eq!(std::fs::read_to_string(&secret).unwrap(), broken_report(), "the file outside is untouched");
    assert!(!std::fs::read_to_string(&inside).unwrap().contains("147"), "the file inside is fixed");
    // Named on the command line, a link is written through and stays a link.
    let link = folder.join("link-out.txt");
    let r = run(root.path(), &["fix", link.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.all());
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(!std::fs::read_to_string(&secret).unwrap().contains("147"));
}

#[test]
fn a_path_that_looks_like_an_option_is_a_path_after_double_dash() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "-o.pdf.txt", broken_report());
    write(dir.path(), "other.txt", broken_report());
    // `-o.pdf.txt` is `-o .pdf.txt` to the argument parser: with such a file there, it stops.
    let r = run(dir.path(), &["--lang", "en", "check", "-o.pdf.txt"]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("-- -o.pdf.txt") && !r.err.contains("被读作"), "{}", r.all());
    assert!(!dir.path().join(".pdf.txt").exists(), "no report written to .pdf.txt");
    // After `--` it is the file.
    let r = run(dir.path(), &["--lang", "en", "check", "--", "-o.pdf.txt"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.out.contains("-o.pdf.txt:") && r.out.contains("1 file checked"), "{}", r.all());
    // An output file name that is no file here is taken as such.
    let r = run(dir.path(), &["check", "-oout.json", "--format", "json", "other.txt"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(dir.path().join("out.json").exists());
}

// ─── fix ─────────────────────────────────────────────────────────────────────────────────

/// Runs the binary as the user `nobody` (65534): the tests of ownership need root to set up.
fn run_as_nobody(dir: &Path, args: &[&str]) -> (i32, String) {
    use std::os::unix::process::CommandExt;
    let out =
        Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(dir).args(args).uid(65534).gid(65534).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn is_root() -> bool {
    // SAFETY: no arguments, no failure.
    let root = unsafe { libc::geteuid() } == 0;
    assert!(root, "this test sets files' owners: run the tests as root (CI does)");
    root
}

#[test]
fn fix_refuses_a_file_the_user_may_not_write_and_keeps_owners() {
    use std::os::unix::fs::MetadataExt;
    if !is_root() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    // Root's 0644 file in a folder anyone may write: nobody could rename over it, but must not.
    let p = write(dir.path(), "root.txt", broken_report());
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
    let (code, err) = run_as_nobody(dir.path(), &["--lang", "en", "fix", "root.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("you may not write this file in place"), "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), broken_report());
    assert_eq!(std::fs::metadata(&p).unwrap().uid(), 0, "still root's");
    // A group-writable file of root's: nobody may write it but could not keep its owner.
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
    let (code, err) = run_as_nobody(dir.path(), &["--lang", "en", "fix", "root.txt"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("its owner and group could not be kept"), "{err}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), broken_report());
    assert_eq!(std::fs::metadata(&p).unwrap().uid(), 0);
    // Root fixing nobody's file keeps it nobody's.
    let q = write(dir.path(), "nobody.txt", broken_report());
    std::os::unix::fs::chown(&q, Some(65534), Some(65534)).unwrap();
    let r = run(dir.path(), &["fix", "nobody.txt"]);
    assert_eq!(r.code, 0, "{}", r.all());
    let meta = std::fs::metadata(&q).unwrap();
    assert_eq!((meta.uid(), meta.gid()), (65534, 65534));
    assert!(!std::fs::read_to_string(&q).unwrap().contains("147"));
}

// ─── Configuration ───────────────────────────────────────────────────────────────────────

#[test]
fn a_configuration_naming_files_outside_its_folder_is_an_error() {
    let root = tempfile::tempdir().unwrap();
    let secret_dir = root.path().join("secret");
    let folder = root.path().join("reports");
    std::fs::create_dir_all(&secret_dir).unwrap();
    std::fs::create_dir_all(&folder).unwrap();
    write(&secret_dir, "机密文件.txt", broken_report());
    write(&folder, "total.txt", broken_report());
    for parts in
        ["\"../secret/机密文件.txt\"", "\"/dev/zero\"", &format!("\"{}\"", secret_dir.join("机密文件.txt").display())]
    {
        write(&folder, "nianbao.toml", format!("[[aggregate]]\nreport = \"total.txt\"\nparts = [{parts}]\n"));
        let r = run(root.path(), &["--lang", "en", "check", "reports"]);
        assert_eq!(r.code, 2, "{parts}: {}", r.all());
        assert!(r.err.contains("invalid configuration file") && r.err.contains("--config"), "{parts}: {}", r.all());
        assert!(!r.out.contains("机密文件") && !r.out.contains("147"), "nothing of the secret file: {}", r.all());
    }
    // A configuration given with --config names parts inside its own folder.
    let cfg = write(
        root.path(),
        "trusted.toml",
        "[[aggregate]]\nreport = \"reports/total.txt\"\nparts = [\"secret/机密文件.txt\"]\n",
    );
    let r = run(root.path(), &["--config", cfg.to_str().unwrap(), "check", "reports/total.txt"]);
    assert_eq!(r.code, 1, "{}", r.all());
}

#[test]
fn limits_come_from_the_run_configuration_and_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub")).unwrap();
    write(dir.path(), "sub/r.txt", broken_report());
    // A folder's own nianbao.toml cannot raise the limits (a note says so).
    write(dir.path(), "sub/nianbao.toml", "[limits]\ninput-bytes = 10\n");
    let r = run(dir.path(), &["--lang", "en", "check", "sub"]);
    assert_eq!(r.code, 1, "{}", r.all());
    assert!(r.err.contains("its [limits] are not applied"), "{}", r.all());
    // The current folder's configuration applies them.
    let r = run(&dir.path().join("sub"), &["--lang", "en", "check", "."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("over the limit input-bytes = 10 B"), "{}", r.all());
    // And the command line wins.
    let r = run(&dir.path().join("sub"), &["--lang", "en", "check", "--limit", "input-bytes=1MiB", "."]);
    assert_eq!(r.code, 1, "{}", r.all());
    let r = run(dir.path(), &["--lang", "en", "check", "--limit", "input-byte=1", "."]);
    assert_eq!(r.code, 2, "{}", r.all());
    assert!(r.err.contains("no limit named `input-byte`"), "{}", r.all());
}

#[test]
fn findings_printed_per_file_are_capped_and_all_counted() {
    let dir = tempfile::tempdir().unwrap();
    // Every count of table 三 off by one: many findings.
    let seed = String::from_utf8(fixture(&format!("{SEED}.txt"))).unwrap();
    let broken: String =
        seed.lines().map(|l| if l.contains('\t') { l.replace("\t0", "\t1") } else { l.to_string() } + "\n").collect();
    write(dir.path(), "r.txt", &broken);
    let all = run(dir.path(), &["--lang", "en", "check", "--format", "json", "r.txt"]);
    let n = all.out.matches("\"code\"").count();
    assert!(n > 5, "{}", all.all());
    let r = run(dir.path(), &["--lang", "en", "check", "--limit", "findings-per-file=3", "r.txt"]);
    assert_eq!(r.code, 1, "{}", r.all());
    let shown = r
        .out
        .lines()
        .filter(|l| [": error[", ": warning[", ": info[", ": hint["].iter().any(|k| l.contains(k)))
        .count();
    assert_eq!(shown, 3, "{}", r.all());
    assert!(r.err.contains(&format!("{} more findings not listed", n - 3)), "{}", r.all());
}
