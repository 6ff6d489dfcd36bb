//! Finding report files, reading and decoding them, and replacing them atomically.
//!
//! Reading takes regular files only (a FIFO, a device or a socket is refused, and opening never
//! waits for a writer) and at most `input-bytes` of any input ([`Limits`], set once per run by
//! [`set_limits`]). In a folder, symbolic links leading outside the folder are not followed.
//!
//! Writing goes to a temporary file in the target's own directory, which is flushed to disk
//! (fsync) and then renamed over the target, so a reader sees either the old or the new file,
//! never a partial one. The new file gets the old one's permission bits, owner and group
//! (extended attributes and ACLs are not copied). A symbolic link is written through: the file
//! it points to is replaced and the link stays a link. A file is refused, never made writable
//! or given away, when its permission bits say read-only, when the user could not write it in
//! place (`access(W_OK)` with the real user), when its owner or group could not be kept, and
//! when it no longer holds what was read (compared just before the rename).

use nianbao_core::limits::{self, Limit, Limits};
use nianbao_core::source::{self, Decoded};
use nianbao_core::Lang;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the limits of this run (the command line's and the run's configuration's); the first
/// call wins.
pub fn set_limits(limits: Limits) {
    let _ = LIMITS.set(limits);
}

/// The limits of this run ([`Limits::default`] unless [`set_limits`] said otherwise).
pub fn limits() -> &'static Limits {
    LIMITS.get_or_init(Limits::default)
}

/// Where a text came from.
#[derive(Clone, Debug)]
pub enum Origin {
    File(PathBuf),
    /// Standard input, with the name given by `--stdin-filename`, if any.
    Stdin(Option<PathBuf>),
    /// A file uploaded to `nianbao serve`, by the name the client gave it: shown, and its
    /// extension read, never a path on this machine (no nianbao.toml is searched for it).
    Upload(String),
}

impl Origin {
    /// The name shown in messages and output.
    pub fn display(&self) -> String {
        match self {
            Origin::File(p) => display_path(p),
            Origin::Stdin(Some(p)) => display_path(p),
            Origin::Stdin(None) => "-".to_string(),
            Origin::Upload(name) => name.clone(),
        }
    }

    /// Where to start the search for nianbao.toml.
    pub fn config_start(&self) -> PathBuf {
        match self {
            Origin::File(p) | Origin::Stdin(Some(p)) => p.clone(),
            Origin::Stdin(None) | Origin::Upload(_) => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        }
    }
}

fn display_path(p: &Path) -> String {
    let s = p.display().to_string();
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The inputs named on the command line, directories expanded to the report files in them
/// (recursively, sorted, hidden entries skipped, symbolic links to directories not followed,
/// symbolic links to files outside the directory not followed). Missing paths and paths that
/// are not regular files (FIFOs, devices, sockets) are reported on stderr and set `failed`; a
/// symbolic link named on the command line is followed.
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
            Ok(m) if m.is_file() => out.push(Origin::File(p.clone())),
            Ok(_) => {
                super::ui::note(&display_path(p), &not_regular(lang));
                *failed = true;
            }
            Err(e) => {
                super::ui::note(&display_path(p), &io_message(&e, lang));
                *failed = true;
            }
        }
    }
    out
}

/// The message for a path that is not a regular file.
fn not_regular(lang: Lang) -> String {
    lang.pick(
        "不是普通文件（FIFO、设备或套接字），未读取",
        "not a regular file (a FIFO, a device or a socket); not read",
    )
    .to_string()
}

/// The report files under `root` (a directory), without recursion on its depth.
fn walk(root: &Path, out: &mut Vec<PathBuf>, lang: Lang, failed: &mut bool) {
    // Where links may lead: inside the folder as it really is.
    let real_root = fs::canonicalize(root).ok();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(e) => e,
            Err(e) => {
                super::ui::note(&display_path(&dir), &io_message(&e, lang));
                *failed = true;
                continue;
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
                dirs.push(path);
            } else if !is_report_name(&path) {
                continue;
            } else if ft.is_file() {
                out.push(path);
            } else if ft.is_symlink() {
                // Followed only to a regular file inside the folder.
                let Ok(target) = fs::canonicalize(&path) else { continue };
                let inside = real_root.as_ref().is_some_and(|r| target.starts_with(r));
                if !inside {
                    super::ui::note(
                        &display_path(&path),
                        lang.pick(
                            "符号链接指向文件夹之外，未读取（如需检查，请在命令行上直接写出该文件）",
                            "a symbolic link leading outside the folder; not read (name the file on the command line to check it)",
                        ),
                    );
                } else if fs::metadata(&target).is_ok_and(|m| m.is_file()) {
                    out.push(path);
                }
            } else {
                super::ui::note(&display_path(&path), &not_regular(lang));
                *failed = true;
            }
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

/// Opens `path` for reading without waiting (a FIFO would block until a writer came) and
/// checks that it is a regular file of at most `limit` bytes.
fn open_regular(path: &Path, limit: u64, lang: Lang) -> Result<fs::File, String> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path).map_err(|e| io_message(&e, lang))?;
    let meta = file.metadata().map_err(|e| io_message(&e, lang))?;
    if meta.is_dir() {
        return Err(io_message(&io::Error::from(io::ErrorKind::IsADirectory), lang));
    }
    if !meta.is_file() {
        return Err(not_regular(lang));
    }
    if meta.len() > limit {
        return Err(limits::exceeded(Limit::InputBytes, limit, lang));
    }
    Ok(file)
}

/// Reads at most `limit` bytes of `reader`; one more is the `input-bytes` limit's message.
fn read_capped(reader: impl Read, limit: u64, lang: Lang) -> Result<Vec<u8>, String> {
    nianbao_formats::read_bounded(reader, limit).map_err(|e| match e {
        nianbao_formats::Error::Io(e) => io_message(&e, lang),
        e => e.message(lang),
    })
}

/// Reads and decodes `origin` within the run's [`limits`]; the error is a message ready to
/// print after the path. A document (.docx, .html, .pdf) that goes past a limit or holds no
/// text is an error.
pub fn read(origin: &Origin, lang: Lang) -> Result<Input, String> {
    let limits = limits();
    let skipped = lang.pick("，已跳过", "; skipped");
    let bytes = match origin {
        Origin::File(p) => {
            let file = open_regular(p, limits.input_bytes, lang).map_err(|m| format!("{m}{skipped}"))?;
            read_capped(file, limits.input_bytes, lang).map_err(|m| format!("{m}{skipped}"))?
        }
        Origin::Stdin(_) => {
            read_capped(io::stdin().lock(), limits.input_bytes, lang).map_err(|m| format!("{m}{skipped}"))?
        }
        Origin::Upload(_) => return Err(io_message(&io::Error::from(io::ErrorKind::Unsupported), lang)),
    };
    from_bytes(origin, bytes, limits, lang).map_err(|m| format!("{m}{skipped}"))
}

/// Decodes the bytes read from `origin` within `limits` (a document through nianbao-formats,
/// chosen by the name's extension; text by its encoding); the error is a message ready to
/// print after the path. `read` for files and standard input, `nianbao serve` for uploads.
pub fn from_bytes(origin: &Origin, bytes: Vec<u8>, limits: &Limits, lang: Lang) -> Result<Input, String> {
    let kind = match origin {
        Origin::File(p) | Origin::Stdin(Some(p)) => nianbao_formats::kind_of(p),
        Origin::Upload(name) => nianbao_formats::kind_of(Path::new(name)),
        Origin::Stdin(None) => None,
    };
    if let Some(kind) = kind {
        let extracted = nianbao_formats::extract_with(kind, &bytes, limits)
            .map_err(|e| format!("{}{}", lang.pick("无法读取：", "cannot read: "), e.message(lang)))?;
        let decoded = Decoded { text: extracted.text.clone(), encoding: source::Encoding::Utf8 };
        return Ok(Input { origin: origin.clone(), bytes, decoded, extracted: Some((kind, extracted)) });
    }
    let decoded = source::decode(&bytes).map_err(|e| e.message(lang == Lang::En))?;
    Ok(Input { origin: origin.clone(), bytes, decoded, extracted: None })
}

/// Keeps the first `findings-per-file` findings of a file for printing; the others are
/// counted (by the caller, before) and named in a note.
pub fn cap_findings(found: &mut Vec<nianbao_core::Diagnostic>, path: &str, lang: Lang) {
    let limit = limits().usize(Limit::FindingsPerFile);
    if found.len() <= limit {
        return;
    }
    let more = found.len() - limit;
    found.truncate(limit);
    let value = limits().findings_per_file;
    super::ui::note(
        path,
        &match lang {
            Lang::Zh => format!(
                "另有 {more} 个问题未列出（限制 findings-per-file = {value}，可用 --limit findings-per-file=… 调高）；计数包括全部问题"
            ),
            Lang::En => format!(
                "{more} more findings not listed (limit findings-per-file = {value}; raise it with --limit findings-per-file=…); the counts include them all"
            ),
        },
    );
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
#[derive(Debug)]
pub enum WriteError {
    /// Its permission bits say read-only.
    ReadOnly,
    /// The user could not write it in place (`access(W_OK)`).
    NotWritable,
    /// Its owner or group could not be kept (it belongs to someone else).
    Owner,
    /// It is not a regular file (once links are followed).
    NotRegular,
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
            WriteError::NotWritable => lang
                .pick(
                    "当前用户没有写入此文件的权限，未修改（替换它会改变其所有者）",
                    "you may not write this file in place; not modified (replacing it would change its owner)",
                )
                .to_string(),
            WriteError::Owner => lang
                .pick(
                    "无法保持文件原有的所有者和组（文件属于其他用户），未修改",
                    "its owner and group could not be kept (the file belongs to someone else); not modified",
                )
                .to_string(),
            WriteError::NotRegular => lang.pick("不是普通文件，未修改", "not a regular file; not modified").to_string(),
            WriteError::Changed => lang
                .pick(
                    "文件在读取后被修改过，未写入（请重新运行）",
                    "the file changed after it was read; not written (run again)",
                )
                .to_string(),
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
/// permissions, owner and group. `expected` is what the file held when it was read: if it
/// holds something else just before the rename, nothing is written.
pub fn write_atomic(path: &Path, expected: &[u8], bytes: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, expected, bytes, || {})
}

/// [`write_atomic`], calling `before_check` right before the last comparison (tests change the
/// file there, as another program could).
fn write_atomic_with(
    path: &Path,
    expected: &[u8],
    bytes: &[u8],
    before_check: impl FnOnce(),
) -> Result<(), WriteError> {
    let target = fs::canonicalize(path)?;
    let meta = fs::metadata(&target)?;
    if !meta.is_file() {
        return Err(WriteError::NotRegular);
    }
    if meta.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    match rustix::fs::access(&target, rustix::fs::Access::WRITE_OK) {
        Ok(()) => {}
        Err(rustix::io::Errno::ACCESS | rustix::io::Errno::PERM | rustix::io::Errno::ROFS) => {
            return Err(WriteError::NotWritable)
        }
        Err(e) => return Err(WriteError::Io(e.into())),
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let mut tmp = tempfile::Builder::new().prefix(".nianbao-").suffix(".tmp").tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().set_permissions(meta.permissions())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let now = tmp.as_file().metadata()?;
        if (now.uid(), now.gid()) != (meta.uid(), meta.gid())
            && std::os::unix::fs::fchown(tmp.as_file(), Some(meta.uid()), Some(meta.gid())).is_err()
        {
            return Err(WriteError::Owner);
        }
        // chown may clear set-id bits: the permissions once more.
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.as_file().sync_all()?;
    before_check();
    if !holds(&target, expected)? {
        return Err(WriteError::Changed);
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// Whether the regular file at `path` holds exactly `expected` (read no further than one byte
/// past it).
fn holds(path: &Path, expected: &[u8]) -> Result<bool, WriteError> {
    let file = match open_regular(path, expected.len() as u64, Lang::En) {
        Ok(f) => f,
        Err(_) => return Ok(false),
    };
    let mut now = Vec::with_capacity(expected.len());
    file.take(expected.len() as u64 + 1).read_to_end(&mut now)?;
    Ok(now == expected)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_append_just_before_the_rename_is_not_lost() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        fs::write(&path, "old\n").unwrap();
        let appender = path.clone();
        let result = write_atomic_with(&path, b"old\n", b"new\n", move || {
            // Another program appends from another thread while fix is about to rename.
            std::thread::spawn(move || {
                let mut f = fs::OpenOptions::new().append(true).open(appender).unwrap();
                f.write_all(b"appended\n").unwrap();
            })
            .join()
            .unwrap();
        });
        assert!(matches!(result, Err(WriteError::Changed)), "the change is detected");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old\nappended\n", "nothing is lost");
        // No temporary file is left behind.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        // Without a change it is written.
        write_atomic(&path, b"old\nappended\n", b"new\n").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new\n");
    }

    #[test]
    fn a_file_replaced_by_a_fifo_is_not_waited_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.txt");
        rustix::fs::mknodat(rustix::fs::CWD, &path, rustix::fs::FileType::Fifo, rustix::fs::Mode::from(0o644), 0)
            .unwrap();
        assert!(!holds(&path, b"x").unwrap());
        assert!(open_regular(&path, 10, Lang::En).unwrap_err().contains("not a regular file"));
    }
}
