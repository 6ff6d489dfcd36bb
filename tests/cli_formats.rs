//! `nianbao check` and `nianbao fix` on Word, HTML and PDF reports (read through
//! nianbao-formats): the same findings as the text; a .docx is fixed in place, HTML and PDF are
//! only checked.

use std::path::Path;
use std::process::Command;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats").join(name)).unwrap()
}

fn run(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(dir).args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The PDF tests need pdftotext: without it they fail (`.ci/run` installs it).
fn need_pdftotext() {
    assert!(
        Command::new("pdftotext").arg("-v").output().is_ok(),
        "pdftotext not found: apt-get install poppler-utils (`.ci/run` installs it)"
    );
}

/// The seed's .docx with the total of 一、本年新收 changed from 146 to 147.
fn broken_docx() -> Vec<u8> {
    let bytes = fixture("002_57935d37ad0b2f69.docx");
    let ex = nianbao_formats::extract(nianbao_formats::Kind::Docx, &bytes).unwrap();
    let row = ex.text.find("一、本年新收").unwrap();
    let at = row + ex.text[row..].find("146").unwrap();
    nianbao_formats::apply_docx_edits(&bytes, &ex, &[(at..at + 3, "147".to_string())]).unwrap()
}

#[test]
fn correct_documents_give_no_findings_in_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    need_pdftotext();
    // The PDFs have long labels that wrap (read back joined to their rows).
    let names = [
        "002_57935d37ad0b2f69.docx",
        "002_57935d37ad0b2f69.html",
        "003_f8b21749840a51ab.merged.docx",
        "002_57935d37ad0b2f69.pdf",
        "003_f8b21749840a51ab.pdf",
    ];
    for name in names {
        std::fs::write(dir.path().join(name), fixture(name)).unwrap();
    }
    let (code, out, err) = run(dir.path(), &["check", "--format", "json", "."]);
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(out.trim(), "[]");
    // All five were read as reports: none is skipped (as unreadable, or as not a report because
    // its reader returned too little).
    let (code, out, err) = run(dir.path(), &["check", "."]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("跳过") && format!("{out}{err}").contains("检查了 5 个文件"), "{out}{err}");
}

#[test]
fn a_wrong_total_in_a_docx_is_found_and_fixed_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.docx");
    std::fs::write(&p, broken_docx()).unwrap();
    let (code, out, _) = run(dir.path(), &["check", "report.docx"]);
    assert_eq!(code, 1);
    assert!(out.contains("error[NB201] 总计应为 146（91+0+0+0+55+0），此处为 147"), "{out}");
    let (code, out, err) = run(dir.path(), &["fix", "report.docx"]);
    assert_eq!(code, 0, "{out}{err}");
    let (code, out, _) = run(dir.path(), &["check", "report.docx"]);
    assert_eq!(code, 0, "{out}");
    let fixed = nianbao_formats::extract(nianbao_formats::Kind::Docx, &std::fs::read(&p).unwrap()).unwrap();
    let original =
        nianbao_formats::extract(nianbao_formats::Kind::Docx, &fixture("002_57935d37ad0b2f69.docx")).unwrap();
    assert_eq!(fixed.text, original.text);
}

#[test]
fn html_is_checked_but_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let html = String::from_utf8(fixture("002_57935d37ad0b2f69.html")).unwrap();
    let i = html.find("一、本年新收").unwrap();
    let j = i + html[i..].find(">146<").unwrap();
    let broken = format!("{}>147<{}", &html[..j], &html[j + 5..]);
    std::fs::write(dir.path().join("r.html"), &broken).unwrap();
    let (code, out, _) = run(dir.path(), &["check", "r.html"]);
    assert_eq!(code, 1);
    assert!(out.contains("NB201"), "{out}");
    let (code, _, err) = run(dir.path(), &["fix", "r.html"]);
    assert_eq!(code, 2);
    assert!(err.contains("只检查、不修改"), "{err}");
    assert_eq!(std::fs::read_to_string(dir.path().join("r.html")).unwrap(), broken);
}

/// A PDF where pdftotext splits 91 into "9 1" and merges 48 and 0 into "480" (see
/// make_fixtures.py): `nianbao check` says the extraction is probably at fault; the same text
/// typed into a .txt gets the plain message.
#[test]
fn cells_misread_in_a_pdf_are_blamed_on_the_extraction() {
    need_pdftotext();
    let dir = tempfile::tempdir().unwrap();
    let pdf = fixture("002_57935d37ad0b2f69.misread-cells.pdf");
    std::fs::write(dir.path().join("r.pdf"), &pdf).unwrap();
    let (code, out, _) = run(dir.path(), &["check", "r.pdf"]);
    assert_eq!(code, 1);
    assert!(out.contains("第 1、2 个数值“9”“1”应是一个数“91”"), "{out}");
    assert!(out.contains("第 5 个数值“480”应是“48”“0”两个数"), "{out}");
    let (_, out, _) = run(dir.path(), &["check", "--lang", "en", "r.pdf"]);
    assert!(out.contains("probably the extraction split one cell in two"), "{out}");
    let text = nianbao_formats::extract(nianbao_formats::Kind::Pdf, &pdf).unwrap().text;
    std::fs::write(dir.path().join("r.txt"), text).unwrap();
    let (code, out, _) = run(dir.path(), &["check", "r.txt"]);
    assert_eq!(code, 1);
    assert_eq!(out.matches("NB106").count(), 2, "{out}");
    assert!(!out.contains("提取"), "{out}");
}
