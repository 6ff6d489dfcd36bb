//! .pdf: text laid out by poppler's `pdftotext -layout` (a subprocess); columns come out as
//! runs of spaces, which the engine splits into cells like tabs.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::builder::{Builder, Segs};
use crate::{Error, Extracted, Source};

pub(crate) const TOOL: &str = "pdftotext";
pub(crate) const INSTALL: &str = "apt-get install poppler-utils";

pub(crate) fn extract(bytes: &[u8]) -> Result<Extracted, Error> {
    run(TOOL, bytes)
}

/// Runs `program` (pdftotext, or another name in tests) on `bytes`.
fn run(program: &str, bytes: &[u8]) -> Result<Extracted, Error> {
    let mut child = match Command::new(program)
        .args(["-layout", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Error::MissingTool(TOOL, INSTALL)),
        Err(e) => return Err(Error::Io(e)),
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let input = bytes.to_vec();
    // Write on another thread so a large output cannot dead-lock against our input.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let output = child.wait_with_output()?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(Error::Tool(TOOL, String::from_utf8_lossy(&output.stderr).trim().to_owned()));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(from_layout(&text))
}

/// Splits `pdftotext` output into pages (form feeds) and lines; each non-empty line is one
/// piece pointing at its page.
pub(crate) fn from_layout(text: &str) -> Extracted {
    let mut out = Builder::default();
    let pages: Vec<&str> = text.split('\x0c').collect();
    let n = pages.len();
    for (i, page) in pages.into_iter().enumerate() {
        if i + 1 == n && page.trim().is_empty() {
            break;
        }
        for line in page.lines() {
            let line = line.trim_end();
            let mut segs = Segs::default();
            segs.push(line, Some(Source::Pdf { page: i + 1 }));
            out.line(&segs);
        }
    }
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_tool_says_how_to_install_it() {
        let err = run("pdftotext-not-installed-here", b"%PDF-1.4").unwrap_err();
        assert!(matches!(err, Error::MissingTool("pdftotext", "apt-get install poppler-utils")), "{err:?}");
        assert!(err.to_string().contains("apt-get install poppler-utils"));
    }

    #[test]
    fn pages_and_lines() {
        let x = from_layout("a  1\nb\n\x0cc  2\n\x0c");
        assert_eq!(x.text, "a  1\nb\nc  2\n");
        let pages: Vec<_> = x.map.iter().map(|p| (&x.text[p.text.clone()], p.source.clone())).collect();
        assert_eq!(
            pages,
            vec![("a  1", Source::Pdf { page: 1 }), ("b", Source::Pdf { page: 1 }), ("c  2", Source::Pdf { page: 2 })]
        );
    }
}
