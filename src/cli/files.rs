//! Finding report files, reading and decoding them, and replacing them atomically.
//!
//! Writing goes to a temporary file in the target's own directory, which is flushed to disk
//! (fsync) and then renamed over the target, so a reader sees either the old or the new file,
//! never a partial one. The new file gets the old one's permission bits (and, where allowed,
//! its owner and group; extended attributes and ACLs are not copied). A symbolic link is
//! written through: the file it points to is replaced and the link stays a link. Read-only
//! files are refused, never made writable.

use nianbao_core::source::{self, Decoded};
use nianbao_core::Lang;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// Where a text came from.
#[derive(Clone, Debug)]
pub enum Origin {
    File(PathBuf),
    /// Standard input, with the name given by `--stdin-filename`, if any.
    Stdin(Option<PathBuf>),
}

impl Origin {
    /// The name shown in messages and output.
    pub fn display(&self) -> String {
        match self {
            Origin::File(p) => display_path(p),
            Origin::Stdin(Some(p)) => display_path(p),
            Origin::Stdin(None) => "-".to_string(),
        }
    }

    /// Where to start the search for nianbao.toml.
    pub fn config_start(&self) -> PathBuf {
        match self {
            Origin::File(p) | Origin::Stdin(Some(p)) => p.clone(),
            Origin::Stdin(None) => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        }
    }
}

fn display_path(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The inputs named on the command line, directories expanded to the .txt and .md files in
/// them (recursively, sorted, hidden entries skipped, symbolic links to directories not
/// followed). Missing paths are reported on stderr and set `failed`.
pub fn collect(paths: &[PathBuf], stdin_name: Option<&Path>, lang: Lang, failed: &mut bool) -> Vec<Origin> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Origin::Stdin(stdin_name.map(Path::to_owned)));
            continue;
        }
        match fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                walk(p, &mut found, lang, failed);
                found.sort();
                out.extend(found.into_iter().map(Origin::File));
            }
            Ok(_) => out.push(Origin::File(p.clone())),
            Err(e) => {
                super::ui::note(&display_path(p), &io_message(&e, lang));
                *failed = true;
            }
        }
    }
    out
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, lang: Lang, failed: &mut bool) {
    let entries = match fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            super::ui::note(&display_path(dir), &io_message(&e, lang));
            *failed = true;
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let Ok(ft) = entry.file_type() else { continue };
        if ft.is_dir() {
            walk(&path, out, lang, failed);
        } else if is_report_name(&path) && (ft.is_file() || path.is_file()) {
            out.push(path);
        }
    }
}

/// Files a folder is searched for: text and Markdown, and the Word, HTML and PDF reports
/// offices receive (read through nianbao-formats).
fn is_report_name(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
        || nianbao_formats::kind_of(p).is_some()
}

/// A read and decoded input.
pub struct Input {
    pub origin: Origin,
    /// The bytes as read (to verify nothing changed before writing).
    pub bytes: Vec<u8>,
    pub decoded: Decoded,
    /// For a .docx, .html or .pdf: the document's kind and where each piece of the extracted
    /// text came from (`decoded.text` is the extracted text).
    pub extracted: Option<(nianbao_formats::Kind, nianbao_formats::Extracted)>,
}

impl Input {
    /// Whether the text's tabs separate table cells one for one, empty cells included (a
    /// .docx or .html read through nianbao-formats): the engine then reads an empty cell as a
    /// blank value at its position (`Settings::cell_per_tab`).
    pub fn cell_per_tab(&self) -> bool {
        self.extracted.as_ref().is_some_and(|(kind, _)| kind.cell_per_tab())
    }
}

/// Reads and decodes `origin`; the error is a message ready to print after the path.
pub fn read(origin: &Origin, lang: Lang) -> Result<Input, String> {
    let bytes = match origin {
        Origin::File(p) => fs::read(p).map_err(|e| io_message(&e, lang))?,
        Origin::Stdin(_) => {
            let mut b = Vec::new();
            io::stdin().read_to_end(&mut b).map_err(|e| io_message(&e, lang))?;
            b
        }
    };
    let kind = match origin {
        Origin::File(p) | Origin::Stdin(Some(p)) => nianbao_formats::kind_of(p),
        Origin::Stdin(None) => None,
    };
    if let Some(kind) = kind {
        let extracted = nianbao_formats::extract(kind, &bytes).map_err(|e| {
            format!("{}{e}{}", lang.pick("无法读取：", "cannot read: "), lang.pick("，已跳过", ", skipped"))
        })?;
        let decoded = Decoded { text: extracted.text.clone(), encoding: source::Encoding::Utf8 };
        return Ok(Input { origin: origin.clone(), bytes, decoded, extracted: Some((kind, extracted)) });
    }
    let decoded = source::decode(&bytes)
        .map_err(|e| format!("{}{}", e.message(lang == Lang::En), lang.pick("，已跳过", ", skipped")))?;
    Ok(Input { origin: origin.clone(), bytes, decoded, extracted: None })
}

/// A localised I/O error message.
pub fn io_message(e: &io::Error, lang: Lang) -> String {
    match (e.kind(), lang) {
        (io::ErrorKind::NotFound, Lang::Zh) => "文件或目录不存在".to_string(),
        (io::ErrorKind::NotFound, Lang::En) => "no such file or directory".to_string(),
        (io::ErrorKind::PermissionDenied, Lang::Zh) => "没有权限".to_string(),
        (io::ErrorKind::PermissionDenied, Lang::En) => "permission denied".to_string(),
        (io::ErrorKind::IsADirectory, Lang::Zh) => "是目录".to_string(),
        (io::ErrorKind::IsADirectory, Lang::En) => "is a directory".to_string(),
        (_, Lang::Zh) => format!("无法读写（{e}）"),
        (_, Lang::En) => format!("cannot read or write ({e})"),
    }
}

/// Why a file was not written.
pub enum WriteError {
    ReadOnly,
    /// The file changed on disk since it was read.
    Changed,
    Io(io::Error),
}

impl WriteError {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            WriteError::ReadOnly => lang
                .pick(
                    "文件是只读的，未修改（如需修复请先取消只读）",
                    "the file is read-only; not modified (make it writable to fix it)",
                )
                .to_string(),
            WriteError::Changed => {
                lang.pick("文件在读取后被修改过，未写入", "the file changed after it was read; not written").to_string()
            }
            WriteError::Io(e) => format!("{}{}", lang.pick("写入失败：", "cannot write: "), io_message(e, lang)),
        }
    }
}

impl From<io::Error> for WriteError {
    fn from(e: io::Error) -> WriteError {
        WriteError::Io(e)
    }
}

/// Replaces the file at `path` (through symbolic links) by `bytes`, atomically, keeping its
/// permissions. `expected` is what the file held when it was read: if it holds something
/// else now, nothing is written.
pub fn write_atomic(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    if fs::read(&target)? != expected {
        return Err(WriteError::Changed);
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".nianbao-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        // Keep the owner and group when allowed to (as root, or when they are ours already).
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.as_file().sync_all()?;
    tmp.persist(&target).map_err(|e| e.error)?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}
