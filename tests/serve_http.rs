//! HTTP tests of `nianbao serve`, against the real binary on a free loopback port: every
//! endpoint gives what the CLI gives for the same files (the JSON of `check --format json`,
//! the bytes `fix` writes, the CSV), and every bad input gets a JSON error with a 4xx status
//! — empty and malformed requests, unknown types, a .docx that is not a zip, zip bombs (a
//! .docx and a folder .zip), truncated PDFs, undecodable text, a 100 MB upload with and
//! without a length, a client that stops sending — after which `/healthz` still answers.
//! No request reads a file on the server (no nianbao.toml, no path in a name), and nothing is
//! written to the server's temporary folder or working folder.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const SEED: &str = "tests/fixtures/002_57935d37ad0b2f69.txt";
const DOCX: &str = "tests/fixtures/rendered/NB201-row-total.docx";
const SEED_DOCX: &str = "tests/fixtures/rendered/002_57935d37ad0b2f69.docx";
const PDF: &str = "tests/fixtures/rendered/002_57935d37ad0b2f69.pdf";
const MISSING_ROW: &str = "tests/fixtures/cases/NB105-missing-row.txt";
const GOOD_ROW: &str = "\t55\t0\t146\t";
const BAD_ROW: &str = "\t55\t0\t147\t";
const MB: usize = 1 << 20;

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The seed report with one row total wrong (an NB201 error).
fn broken() -> String {
    let s = String::from_utf8(fixture(SEED)).unwrap();
    assert_eq!(s.matches(GOOD_ROW).count(), 1);
    s.replace(GOOD_ROW, BAD_ROW)
}

/// A running `nianbao serve`, stopped when dropped.
struct Server {
    child: Child,
    addr: String,
    /// Its working folder and its TMPDIR: both must stay as they were.
    cwd: tempfile::TempDir,
    tmp: tempfile::TempDir,
}

impl Server {
    fn start(args: &[&str]) -> Server {
        let cwd = tempfile::tempdir().unwrap();
        let tmp = tempfile::tempdir().unwrap();
        // A nianbao.toml where the server runs, turning NB201 off: uploads must not read it.
        std::fs::write(cwd.path().join("nianbao.toml"), "[rules]\nNB201 = \"off\"\n").unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("serve")
            .args(["--addr", "127.0.0.1:0"])
            .args(args)
            .current_dir(cwd.path())
            .env("TMPDIR", tmp.path())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        assert!(addr.starts_with("127.0.0.1:"), "{line}");
        Server { child, addr, cwd, tmp }
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    fn get(&self, path: &str) -> Answer {
        let resp = agent().get(self.url(path)).call().unwrap();
        Answer::of(resp)
    }

    fn post(&self, path: &str, parts: &[Part]) -> Answer {
        let (content_type, body) = multipart(parts);
        self.post_raw(path, &content_type, &body)
    }

    fn post_raw(&self, path: &str, content_type: &str, body: &[u8]) -> Answer {
        let resp = agent().post(self.url(path)).header("Content-Type", content_type).send(body).unwrap();
        Answer::of(resp)
    }

    /// `/healthz` answers `ok`, and the server is still running.
    fn assert_alive(&mut self) {
        assert!(self.child.try_wait().unwrap().is_none(), "the server exited");
        let a = self.get("/healthz");
        assert_eq!((a.status, a.text().as_str()), (200, "ok"));
    }

    /// Nothing was written where the server runs nor in its temporary folder.
    fn assert_wrote_nothing(&self) {
        let names = |p: &Path| -> Vec<String> {
            std::fs::read_dir(p).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
        };
        assert_eq!(names(self.cwd.path()), ["nianbao.toml"]);
        assert!(names(self.tmp.path()).is_empty(), "{:?}", names(self.tmp.path()));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// A response, read whole.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn of(mut resp: ureq::http::Response<ureq::Body>) -> Answer {
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let body = resp.body_mut().with_config().limit(256 << 20).read_to_vec().unwrap();
        Answer { status, headers, body }
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A JSON error with this status; returns its message.
    fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", String::from_utf8_lossy(&self.body));
        assert_eq!(self.header("content-type"), Some("application/json"));
        let v = self.json();
        let msg = v["error"].as_str().unwrap_or_else(|| panic!("no error message: {v}")).to_string();
        assert!(!msg.is_empty());
        msg
    }
}

enum Part<'a> {
    File(&'a str, &'a [u8]),
    Field(&'a str, &'a str),
    /// A `file` part without a filename.
    Nameless(&'a [u8]),
}

const BOUNDARY: &str = "----nianbao-test-boundary-7MA4YWxkTrZu0gW";

fn multipart(parts: &[Part]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let (head, bytes) = match part {
            Part::File(name, bytes) => (
                format!(
                    "Content-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n"
                ),
                *bytes,
            ),
            Part::Field(name, value) => {
                (format!("Content-Disposition: form-data; name=\"{name}\"\r\n"), value.as_bytes())
            }
            Part::Nameless(bytes) => ("Content-Disposition: form-data; name=\"file\"\r\n".to_string(), *bytes),
        };
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// Runs the CLI in `dir`; returns its standard output.
fn cli(dir: &Path, args: &[&str]) -> Vec<u8> {
    let out =
        Command::new(env!("CARGO_BIN_EXE_nianbao")).args(args).current_dir(dir).stdin(Stdio::null()).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// A folder holding `files`.
fn folder(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in entries {
        w.start_file(*name, opts).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// The seed .docx with its `word/document.xml` replaced by `size` bytes that pack tightly: a
/// zip bomb in the shape of a Word file.
fn docx_bomb(size: usize) -> Vec<u8> {
    let mut xml = b"<?xml version=\"1.0\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>".to_vec();
    xml.resize(size, b'a');
    xml.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let seed = fixture(SEED_DOCX);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(seed)).unwrap();
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().to_string();
        w.start_file(name.as_str(), opts).unwrap();
        if name == "word/document.xml" {
            w.write_all(&xml).unwrap();
        } else {
            std::io::copy(&mut f, &mut w).unwrap();
        }
    }
    w.finish().unwrap().into_inner()
}

fn temp_path(dir: &tempfile::TempDir, name: &str) -> PathBuf {
    dir.path().join(name)
}

#[test]
fn health_page_assets_and_openapi() {
    let mut s = Server::start(&[]);
    s.assert_alive();
    let page = s.get("/");
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), Some("text/html; charset=utf-8"));
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), "{csp}");
    let html = page.text();
    assert!(html.contains("政府信息公开工作年度报告检查") && html.contains("/assets/app.js"));
    assert!(!html.contains("http://") && !html.contains("https://"), "the page names no other site");
    for (asset, ty) in [("app.js", "text/javascript"), ("style.css", "text/css")] {
        let a = s.get(&format!("/assets/{asset}"));
        assert_eq!(a.status, 200);
        assert!(a.header("content-type").unwrap().starts_with(ty));
        assert!(!a.text().contains("https://"), "{asset} loads nothing from elsewhere");
    }
    s.get("/assets/nope.js").error(404);
    s.get("/assets/..%2F..%2FCargo.toml").error(404);
    let api = s.get("/api/openapi.json");
    assert_eq!(api.status, 200);
    let doc = api.json();
    for path in ["/api/check", "/api/fix", "/api/review", "/healthz"] {
        assert!(doc["paths"][path].is_object(), "{path}");
    }
    s.get("/nope").error(404);
    s.get("/api/check").error(405);
    s.post("/healthz", &[Part::File("a.txt", b"x")]).error(405);
    s.assert_wrote_nothing();
}

#[test]
fn check_gives_the_json_of_the_cli() {
    let mut s = Server::start(&[]);
    let text = broken();
    let docx = fixture(DOCX);
    // One text, one .docx: exactly what the CLI prints for the same files (the server ignores
    // its folder's nianbao.toml, which turns NB201 off; the CLI runs where there is none).
    let dir = folder(&[("broken.txt", text.as_bytes()), ("某局.docx", &docx)]);
    for (name, bytes) in [("broken.txt", text.as_bytes()), ("某局.docx", &docx[..])] {
        let a = s.post("/api/check", &[Part::File(name, bytes)]);
        assert_eq!(a.status, 200, "{}", a.text());
        assert_eq!(a.header("content-type"), Some("application/json"));
        assert_eq!(a.body, cli(dir.path(), &["check", "--format", "json", name]), "{name}");
        assert!(a.text().contains("\"NB201\""));
    }
    // Both at once, and English.
    let a = s.post("/api/check?lang=en", &[Part::File("broken.txt", text.as_bytes()), Part::File("某局.docx", &docx)]);
    assert_eq!(a.body, cli(dir.path(), &["--lang", "en", "check", "--format", "json", "broken.txt", "某局.docx"]));
    assert!(a.text().contains("should be 146"));
    s.assert_alive();
    s.assert_wrote_nothing();
}

#[test]
fn two_years_of_one_agency_are_checked_together() {
    let s = Server::start(&[]);
    let this_year = String::from_utf8(fixture(SEED)).unwrap();
    let last_year = this_year.replace("2023 年政府信息公开工作年度报告", "2022 年政府信息公开工作年度报告");
    assert_ne!(last_year, this_year);
    // Last year's report carries forward a different number of requests than this year's says.
    let last_year = last_year.replacen("上年度结转 2 件", "上年度结转 9 件", 1);
    let files: [(&str, &[u8]); 2] = [("孟州/2022.txt", last_year.as_bytes()), ("孟州/2023.txt", this_year.as_bytes())];
    let dir = folder(&files);
    let a = s.post("/api/check", &[Part::File(files[1].0, files[1].1), Part::File(files[0].0, files[0].1)]);
    assert_eq!(a.status, 200);
    let cli_json = cli(dir.path(), &["check", "--format", "json", "孟州/2023.txt", "孟州/2022.txt"]);
    assert_eq!(a.body, cli_json);
    // A folder as a .zip reads as the CLI reads the folder.
    let z = zip_of(&files);
    let a = s.post("/api/check", &[Part::File("孟州.zip", &z)]);
    assert_eq!(a.status, 200, "{}", a.text());
    assert_eq!(a.body, cli(dir.path(), &["check", "--format", "json", "孟州"]));
    // The review page's summary names last year's report on this year's row.
    let page = s.post("/api/review", &[Part::File("孟州.zip", &z)]).text();
    assert!(page.contains("对照上年"), "the summary has the column");
    assert!(page.contains("<td class=\"previous\"><a href=\"#r1\">孟州/2022.txt</a></td>"), "{page}");
}

#[test]
fn review_gives_the_page_and_the_csv_of_the_cli() {
    let mut s = Server::start(&[]);
    let text = broken();
    let dir = folder(&[("broken.txt", text.as_bytes())]);
    let a = s.post("/api/review", &[Part::File("broken.txt", text.as_bytes())]);
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("text/html; charset=utf-8"));
    let page = a.text();
    let cli_page = String::from_utf8(cli(dir.path(), &["check", "--format", "html", "broken.txt"])).unwrap();
    assert_eq!(page, cli_page);
    assert!(page.contains("class=\"num bad error\""));
    let a = s.post("/api/review?format=csv&lang=en", &[Part::File("broken.txt", text.as_bytes())]);
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("text/csv; charset=utf-8"));
    assert!(a.header("content-disposition").unwrap().starts_with("attachment; filename=\"review.csv\""));
    assert_eq!(a.body, cli(dir.path(), &["--lang", "en", "check", "--format", "csv", "broken.txt"]));
    s.post("/api/review?format=xml", &[Part::File("broken.txt", text.as_bytes())]).error(400);
    // A file that cannot be read is listed on the page, as the CLI lists it.
    let a =
        s.post("/api/review", &[Part::File("broken.txt", text.as_bytes()), Part::File("坏.txt", b"\xff\xfe\x00\xd8")]);
    assert_eq!(a.status, 200);
    assert_eq!(a.header("x-nianbao-skipped"), Some("1"));
    assert!(a.text().contains("坏.txt") && a.text().contains("UTF-16"));
    // Not when it is the only one.
    assert!(s.post("/api/review", &[Part::File("坏.txt", b"\xff\xfe\x00\xd8")]).error(422).contains("坏.txt"));
    s.assert_alive();
}

#[test]
fn fix_gives_the_bytes_the_cli_writes() {
    let mut s = Server::start(&[]);
    let text = broken();
    // UTF-16LE with a BOM and CRLF, GB18030, UTF-8 with a BOM, and a .docx: the same bytes as
    // `nianbao fix` writes in place.
    let crlf = text.replace('\n', "\r\n");
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(crlf.encode_utf16().flat_map(|u| u.to_le_bytes()));
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
    let docx = fixture(DOCX);
    let cases: [(&str, &[u8], &str); 4] = [
        ("utf16.txt", &utf16, "text/plain; charset=utf-16le"),
        ("gb.md", &gb, "text/markdown; charset=gb18030"),
        ("bom.txt", &bom, "text/plain; charset=utf-8"),
        ("某局.docx", &docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ];
    for (name, bytes, ty) in cases {
        let dir = folder(&[(name, bytes)]);
        cli(dir.path(), &["fix", name]);
        let expected = std::fs::read(temp_path(&dir, name)).unwrap();
        assert_ne!(expected, bytes, "{name}: the CLI fixed it");
        let a = s.post("/api/fix", &[Part::File(name, bytes)]);
        assert_eq!(a.status, 200, "{name}: {}", String::from_utf8_lossy(&a.body));
        assert_eq!(a.body, expected, "{name}");
        assert_eq!(a.header("content-type"), Some(ty), "{name}");
        assert_eq!(a.header("x-nianbao-fixes"), Some("1"), "{name}");
        let cd = a.header("content-disposition").unwrap();
        assert!(cd.starts_with("attachment; filename=") && cd.contains("filename*=UTF-8''"), "{cd}");
    }
    // The fixed .docx has no arithmetic error left.
    let a = s.post("/api/fix", &[Part::File("某局.docx", &docx)]);
    let check = s.post("/api/check", &[Part::File("fixed.docx", &a.body)]).json();
    assert!(check.as_array().unwrap().iter().all(|d| !d["code"].as_str().unwrap().starts_with("NB2")), "{check}");
    // Unsafe fixes only when asked for.
    let missing = fixture(MISSING_ROW);
    let safe = s.post("/api/fix", &[Part::File("r.txt", &missing)]);
    assert_eq!((safe.status, safe.header("x-nianbao-fixes")), (200, Some("0")));
    assert_eq!(safe.body, missing, "nothing to fix safely: the file comes back as it was");
    let unsafe_ = s.post("/api/fix", &[Part::File("r.txt", &missing), Part::Field("unsafe", "true")]);
    let dir = folder(&[("r.txt", &missing)]);
    cli(dir.path(), &["fix", "--unsafe", "r.txt"]);
    assert_eq!(unsafe_.body, std::fs::read(temp_path(&dir, "r.txt")).unwrap());
    assert_ne!(unsafe_.body, missing);
    // What fix does not take.
    assert!(s
        .post("/api/fix", &[Part::File("a.txt", text.as_bytes()), Part::File("b.txt", b"x")])
        .error(400)
        .contains("一个"));
    s.post("/api/fix", &[Part::File("r.zip", &zip_of(&[("a.txt", text.as_bytes())]))]).error(400);
    assert!(s.post("/api/fix", &[Part::File("r.pdf", &fixture(PDF))]).error(422).contains("只检查"));
    assert!(s
        .post("/api/fix", &[Part::File("notes.txt", "会议纪要\n".as_bytes())])
        .error(422)
        .contains("不是年度报告"));
    s.assert_alive();
    s.assert_wrote_nothing();
}

#[test]
fn bad_requests_get_json_errors() {
    let mut s = Server::start(&[]);
    let text = broken();
    // Empty body, not multipart, no file part, a file part without a name, a cut-off form.
    s.post_raw("/api/check", "multipart/form-data; boundary=x", b"").error(400);
    s.post_raw("/api/check", "application/json", b"{\"file\": 1}").error(400);
    s.post("/api/check", &[Part::Field("lang", "en")]).error(400);
    s.post("/api/check", &[Part::Nameless(text.as_bytes())]).error(400);
    let (ct, body) = multipart(&[Part::File("a.txt", text.as_bytes())]);
    s.post_raw("/api/check", &ct, &body[..body.len() / 2]).error(400);
    s.post("/api/check", &[Part::File("empty.txt", b"")]).error(400);
    s.post("/api/check?lang=fr", &[Part::File("a.txt", text.as_bytes())]).error(400);
    // Unknown types.
    for name in ["report.doc", "report.wps", "data.xlsx", "../../Cargo.toml", "a.exe"] {
        let msg = s.post("/api/check", &[Part::File(name, text.as_bytes())]).error(415);
        assert!(msg.contains("不支持"), "{msg}");
    }
    s.assert_alive();
}

#[test]
fn unreadable_files_get_json_errors() {
    let mut s = Server::start(&[]);
    let pdf = fixture(PDF);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("not-a-zip.docx", b"this is not a zip".to_vec()),
        ("zip-without-document.docx", zip_of(&[("hello.txt", b"hello")])),
        ("truncated.pdf", pdf[..pdf.len() / 2].to_vec()),
        ("truncated-start.pdf", pdf[..4096].to_vec()),
        ("garbage.pdf", b"%PDF-1.7\n garbage".to_vec()),
        ("binary.txt", b"\xff\xfe\x00\xd8\x00\xd8".to_vec()),
        ("not-a-zip.zip", b"PK\x03\x04 nothing".to_vec()),
        ("no-reports.zip", zip_of(&[("a.png", b"x"), (".hidden.txt", b"y")])),
    ];
    for (name, bytes) in &cases {
        for path in ["/api/check", "/api/review"] {
            let msg = s.post(path, &[Part::File(name, bytes)]).error(422);
            assert!(msg.starts_with(name), "{path} {name}: {msg}");
        }
    }
    // A PDF that reads fine, for comparison.
    assert_eq!(s.post("/api/check", &[Part::File("ok.pdf", &pdf)]).status, 200);
    s.assert_alive();
    s.assert_wrote_nothing();
}

#[test]
fn zip_bombs_are_refused() {
    let mut s = Server::start(&[]);
    // A folder .zip whose one report unpacks to 1 GiB of spaces.
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    w.start_file("各单位/年报.txt", opts).unwrap();
    let chunk = vec![b' '; MB];
    for _ in 0..1024 {
        w.write_all(&chunk).unwrap();
    }
    let bomb = w.finish().unwrap().into_inner();
    assert!(bomb.len() < 2 * MB, "{}", bomb.len());
    let msg = s.post("/api/check?lang=en", &[Part::File("bomb.zip", &bomb)]).error(422);
    assert!(msg.starts_with("bomb.zip: 各单位/年报.txt: over the limit input-bytes = 20 MiB"), "{msg}");
    assert!(msg.contains("--max-upload"), "{msg}");
    // In Chinese by default.
    let msg = s.post("/api/check", &[Part::File("bomb.zip", &bomb)]).error(422);
    assert!(msg.starts_with("bomb.zip: 各单位/年报.txt: 超过限制 input-bytes = 20 MiB"), "{msg}");
    // One that unpacks to less than --max-upload, but 200 times its packed size.
    let bomb = zip_of(&[("年报.txt", &vec![b' '; 16 * MB])]);
    let msg = s.post("/api/check?lang=en", &[Part::File("bomb.zip", &bomb)]).error(422);
    assert!(msg.starts_with("bomb.zip: 年报.txt: over the limit docx-ratio = 200"), "{msg}");
    // A .docx whose document.xml unpacks to 256 MiB.
    let docx = docx_bomb(256 * MB);
    assert!(docx.len() < 2 * MB, "{}", docx.len());
    for path in ["/api/check?lang=en", "/api/fix?lang=en", "/api/review?lang=en"] {
        let msg = s.post(path, &[Part::File("bomb.docx", &docx)]).error(422);
        assert!(msg.starts_with("bomb.docx: cannot read: over the limit docx-part-bytes = 128 MiB"), "{path}: {msg}");
    }
    for path in ["/api/check", "/api/fix", "/api/review"] {
        let msg = s.post(path, &[Part::File("bomb.docx", &docx)]).error(422);
        assert!(msg.starts_with("bomb.docx: 无法读取：超过限制 docx-part-bytes = 128 MiB"), "{path}: {msg}");
    }
    // Under docx-part-bytes but over docx-ratio: the run's limits are the server's.
    let docx = docx_bomb(64 * MB);
    let msg = s.post("/api/check?lang=en", &[Part::File("bomb.docx", &docx)]).error(422);
    assert!(msg.starts_with("bomb.docx: cannot read: over the limit docx-ratio = 200"), "{msg}");
    let mut strict = Server::start(&["--limit", "docx-part-bytes=1MiB", "--limit", "docx-entries=5"]);
    let msg = strict.post("/api/fix?lang=en", &[Part::File("a.docx", &fixture(SEED_DOCX))]).error(422);
    assert!(msg.starts_with("a.docx: cannot read: over the limit docx-entries = 5"), "{msg}");
    strict.assert_alive();
    s.assert_alive();
}

/// Sends `head` and then `body_len` bytes of body (chunked when `chunked`) on a raw
/// connection while reading the answer; returns its status and body. The server may answer
/// and close before the body is sent: writing then fails, which is expected.
fn raw_upload(addr: &str, head: &str, body_len: usize, chunked: bool) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut writer = stream.try_clone().unwrap();
    let head = head.to_string();
    let sender = std::thread::spawn(move || -> std::io::Result<()> {
        writer.write_all(head.as_bytes())?;
        let part =
            format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n");
        let chunk = vec![b'a'; 64 * 1024];
        let mut sent = 0;
        let mut first = true;
        while sent < body_len {
            let mut piece = if first { part.as_bytes().to_vec() } else { Vec::new() };
            first = false;
            piece.extend_from_slice(&chunk[..chunk.len().min(body_len - sent)]);
            sent += piece.len();
            if chunked {
                writer.write_all(format!("{:x}\r\n", piece.len()).as_bytes())?;
                writer.write_all(&piece)?;
                writer.write_all(b"\r\n")?;
            } else {
                writer.write_all(&piece)?;
            }
        }
        if chunked {
            writer.write_all(b"0\r\n\r\n")?;
        }
        Ok(())
    });
    let mut answer = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                answer.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&answer);
                if let Some(at) = text.find("\r\n\r\n") {
                    let len: usize = text[..at]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    if answer.len() >= at + 4 + len {
                        break;
                    }
                }
            }
            Err(e) => panic!("reading the answer: {e} (so far: {})", String::from_utf8_lossy(&answer)),
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = sender.join();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status: {text:?}"));
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn uploads_over_the_limit_get_413() {
    let mut s = Server::start(&[]);
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    // 100 MB with its length said: refused before the body is read.
    let len = 100 * MB;
    let head = format!("POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: {ct}\r\nContent-Length: {len}\r\n\r\n");
    let (status, body) = raw_upload(&s.addr, &head, len, false);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"error\"") && body.contains("超过限制 input-bytes = 20 MiB"), "{body}");
    s.assert_alive();
    // 100 MB sent in chunks, with no length: refused once 20 MB have come.
    let head =
        format!("POST /api/review HTTP/1.1\r\nHost: x\r\nContent-Type: {ct}\r\nTransfer-Encoding: chunked\r\n\r\n");
    let (status, body) = raw_upload(&s.addr, &head, len, true);
    assert_eq!(status, 413, "{body}");
    assert!(body.contains("\"error\""), "{body}");
    s.assert_alive();
    // Just over the limit.
    let head =
        format!("POST /api/fix HTTP/1.1\r\nHost: x\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n", 20 * MB + 1);
    assert_eq!(raw_upload(&s.addr, &head, 20 * MB + 1, false).0, 413);
    s.assert_alive();
    // A smaller limit, through an ordinary client.
    let small = Server::start(&["--max-upload", "64KB"]);
    let text = broken();
    assert_eq!(small.post("/api/check", &[Part::File("a.txt", text.as_bytes())]).status, 200);
    let twice = [text.as_bytes(); 10].concat();
    let msg = small.post("/api/check?lang=en", &[Part::File("b.txt", &twice)]).error(413);
    assert!(msg.starts_with("over the limit input-bytes = 64 KiB") && msg.contains("--max-upload"), "{msg}");
    s.assert_wrote_nothing();
}

#[test]
fn a_client_that_stops_sending_gets_408_and_others_are_served() {
    let mut s = Server::start(&["--timeout", "2"]);
    let ct = format!("multipart/form-data; boundary={BOUNDARY}");
    let mut stream = TcpStream::connect(&s.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        stream,
        "POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Type: {ct}\r\nContent-Length: 100000\r\n\r\n--{BOUNDARY}\r\n"
    )
    .unwrap();
    // While it waits, the server answers others.
    s.assert_alive();
    let text = broken();
    assert_eq!(s.post("/api/check", &[Part::File("a.txt", text.as_bytes())]).status, 200);
    let mut answer = String::new();
    let _ = stream.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"error\""), "{answer}");
    s.assert_alive();
}

#[test]
fn no_request_reads_a_file_on_the_server() {
    let mut s = Server::start(&[]);
    let text = broken();
    // A name that is a path: only a name (the uploaded bytes are checked; the server's
    // nianbao.toml, which turns NB201 off, is not read).
    for name in ["/etc/passwd", "../../../../etc/hosts.txt", "C:\\Users\\某\\年报.txt"] {
        let a = s.post("/api/check", &[Part::File(name, text.as_bytes())]);
        assert_eq!(a.status, 200, "{name}: {}", a.text());
        let v = a.json();
        assert_eq!(v[0]["code"], "NB201", "{name}");
        let shown = v[0]["path"].as_str().unwrap();
        assert!(!shown.starts_with('/') && !shown.contains('\\'), "{shown}");
    }
    // An [[aggregate]] or --previous cannot be asked for: only files in the request count.
    let a = s.post("/api/check?previous=/etc/passwd&config=/etc/passwd", &[Part::File("a.txt", text.as_bytes())]);
    assert_eq!(a.status, 200);
    s.assert_alive();
    s.assert_wrote_nothing();
}

#[test]
fn concurrent_requests_are_all_answered() {
    let mut s = Server::start(&["--workers", "2"]);
    let text = broken();
    let docx = fixture(DOCX);
    let expected_txt = s.post("/api/check", &[Part::File("a.txt", text.as_bytes())]).body;
    let expected_docx = s.post("/api/check", &[Part::File("a.docx", &docx)]).body;
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..16)
            .map(|i| {
                let (s, text, docx) = (&s, &text, &docx);
                scope.spawn(move || {
                    let a = if i % 2 == 0 {
                        s.post("/api/check", &[Part::File("a.txt", text.as_bytes())])
                    } else {
                        s.post("/api/check", &[Part::File("a.docx", docx)])
                    };
                    (i, a.status, a.body)
                })
            })
            .collect();
        for h in handles {
            let (i, status, body) = h.join().unwrap();
            assert_eq!(status, 200);
            assert_eq!(&body, if i % 2 == 0 { &expected_txt } else { &expected_docx });
        }
    });
    s.assert_alive();
}

#[test]
fn another_address_than_loopback_is_allowed_and_logged() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["serve", "--addr", "0.0.0.0:0"])
        .current_dir(tempfile::tempdir().unwrap().path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut note = String::new();
    BufReader::new(child.stderr.take().unwrap()).read_line(&mut note).unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
    let port = line.trim().trim_end_matches('/').rsplit(':').next().unwrap().to_string();
    assert!(line.contains("http://0.0.0.0:"), "{line}");
    assert!(note.contains("本机以外的计算机也能访问"), "{note}");
    // Reached here through loopback only.
    let resp = agent().get(format!("http://127.0.0.1:{port}/healthz")).call().unwrap();
    assert_eq!(resp.status(), 200);
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn an_address_that_cannot_be_used_is_an_error() {
    // A port in use, no port, a port out of range, no address at all (nothing is looked up).
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let taken = taken.local_addr().unwrap().to_string();
    for addr in [taken.as_str(), "127.0.0.1", "127.0.0.1:99999", "nowhere"] {
        let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .args(["serve", "--addr", addr])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{addr}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(addr), "{addr}");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).args(["serve", "--max-upload", "lots"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}
