//! Uploaded files → the CLI's inputs: each named by the name the client gave it (never a path
//! on this machine), read by its extension through `files::from_bytes` as the CLI reads a
//! file, a `.zip` opened in memory as the CLI walks a folder (report files only, hidden
//! entries and `__MACOSX` skipped, a nested .zip not opened). Nothing is written to disk.
//!
//! Everything is read within the server's upload [`Limits`] (`super::upload_limits`): a
//! .docx by its reader (`docx-entries`, `docx-part-bytes`, `docx-ratio`), and a .zip before
//! anything in it is unpacked into memory — at most `docx-entries` entries, each unpacked to at
//! most `input-bytes` (`--max-upload`: each file in it is an input) and `docx-ratio` times its
//! packed size, and all of a request's .zip files to at most [`ZIP_TOTAL_FACTOR`] ×
//! `input-bytes` (a zip bomb stops at the first byte over, with an error naming the limit).

use super::api::{ApiError, Strict, MAX_FILES};
use crate::cli::files::{self, Origin};
use crate::cli::review::Unreadable;
use axum::http::StatusCode;
use nianbao_core::limits::{self, Limit, Limits};
use nianbao_core::Lang;
use std::io::Read as _;

/// One uploaded file.
pub struct Upload {
    /// The name the client gave it (cleaned by [`clean_name`]).
    pub name: String,
    pub bytes: Vec<u8>,
}

/// A request's form.
#[derive(Default)]
pub struct Form {
    pub files: Vec<Upload>,
    /// `unsafe=true`: apply unsafe fixes too.
    pub unsafe_fixes: bool,
}

/// All the entries of a request's .zip files may unpack to this many times `input-bytes`.
pub const ZIP_TOTAL_FACTOR: u64 = 4;

/// The message for a request or a file over `input-bytes` (`--max-upload`), naming the limit.
pub fn over_max_upload(value: u64, lang: Lang) -> String {
    let shown = Limit::InputBytes.show(value);
    match lang {
        Lang::Zh => format!(
            "超过限制 input-bytes = {shown}（上传的字节数：一次请求的全部文件合计，或 .zip 中一个文件解压后；即服务器的 --max-upload）；请分批上传，或请管理员调高 --max-upload"
        ),
        Lang::En => format!(
            "over the limit input-bytes = {shown} (bytes uploaded: a request's files together, or one file of a .zip unpacked; the server's --max-upload); upload fewer files at a time, or ask for a larger --max-upload"
        ),
    }
}

/// A client's file name as shown: `\` as `/`, control characters dropped, no leading `/`,
/// at most 255 characters; `upload` when nothing is left.
pub fn clean_name(name: &str) -> String {
    let cleaned: String =
        name.chars().filter(|c| !c.is_control()).map(|c| if c == '\\' { '/' } else { c }).take(255).collect();
    let cleaned = cleaned.trim().trim_start_matches('/').to_string();
    if cleaned.is_empty() {
        "upload".to_string()
    } else {
        cleaned
    }
}

/// What a file is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Type {
    /// `.txt`, `.md`, or no extension: text in any encoding the CLI reads.
    Text,
    /// `.docx`, `.html`/`.htm`/…, `.pdf`.
    Document,
    Zip,
}

fn type_of(name: &str) -> Option<Type> {
    let base = name.rsplit('/').next().unwrap_or(name);
    let Some((_, ext)) = base.rsplit_once('.') else { return Some(Type::Text) };
    let ext = ext.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "md" | "markdown" | "text" => Some(Type::Text),
        "zip" => Some(Type::Zip),
        _ if nianbao_formats::kind_of(std::path::Path::new(base)).is_some() => Some(Type::Document),
        _ => None,
    }
}

fn unknown_type(name: &str, lang: Lang) -> ApiError {
    ApiError::msg(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        match lang {
            Lang::Zh => format!(
                "{name}：不支持的文件类型（可上传 .docx、.pdf、.html、.txt、.md，或文件夹打包的 .zip；.doc、.wps 请先另存为 .docx）"
            ),
            Lang::En => format!(
                "{name}: unsupported file type (upload .docx, .pdf, .html, .txt, .md, or a .zip of a folder; save .doc and .wps files as .docx first)"
            ),
        },
    )
}

fn unreadable(name: &str, reason: &str) -> ApiError {
    ApiError::msg(StatusCode::UNPROCESSABLE_ENTITY, format!("{name}: {reason}"))
}

/// The files of a request, read.
pub struct Uploads {
    pub inputs: Vec<files::Input>,
    /// Files that could not be read (with [`Strict::Yes`] only entries of a .zip).
    pub unreadable: Vec<Unreadable>,
}

/// Reads every upload (opening .zip files). An unknown type is 415 and an empty file 400;
/// with [`Strict::Yes`] a file that cannot be read is 422, with [`Strict::No`] it is listed in
/// [`Uploads::unreadable`] (as are entries of a .zip either way) — unless nothing could be read.
pub fn read(uploads: Vec<Upload>, limits: &Limits, lang: Lang, strict: Strict) -> Result<Uploads, ApiError> {
    let mut read = Uploads { inputs: Vec::new(), unreadable: Vec::new() };
    let mut budget = limits.input_bytes.saturating_mul(ZIP_TOTAL_FACTOR);
    for Upload { name, bytes } in uploads {
        let Some(kind) = type_of(&name) else { return Err(unknown_type(&name, lang)) };
        if bytes.is_empty() {
            return Err(ApiError::msg(
                StatusCode::BAD_REQUEST,
                format!("{name}: {}", lang.pick("空文件", "empty file")),
            ));
        }
        if kind == Type::Zip {
            let entries = unzip(&bytes, limits, &mut budget, lang).map_err(|m| unreadable(&name, &m))?;
            if entries.is_empty() {
                return Err(unreadable(
                    &name,
                    lang.pick(
                        "压缩包中没有报告文件（.docx、.pdf、.html、.txt、.md）",
                        "the .zip holds no report files (.docx, .pdf, .html, .txt, .md)",
                    ),
                ));
            }
            for (entry, bytes) in entries {
                match files::from_bytes(&Origin::Upload(entry.clone()), bytes, limits, lang) {
                    Ok(input) => read.inputs.push(input),
                    Err(reason) => read.unreadable.push(Unreadable { path: entry, reason }),
                }
            }
        } else {
            match files::from_bytes(&Origin::Upload(name.clone()), bytes, limits, lang) {
                Ok(input) => read.inputs.push(input),
                Err(reason) if strict == Strict::Yes => return Err(unreadable(&name, &reason)),
                Err(reason) => read.unreadable.push(Unreadable { path: name, reason }),
            }
        }
        if read.inputs.len() + read.unreadable.len() > MAX_FILES {
            return Err(ApiError::msg(
                StatusCode::BAD_REQUEST,
                match lang {
                    Lang::Zh => format!("一次最多检查 {MAX_FILES} 个文件"),
                    Lang::En => format!("at most {MAX_FILES} files are checked per request"),
                },
            ));
        }
    }
    if read.inputs.is_empty() {
        let first = read.unreadable.first().map(|u| unreadable(&u.path, &u.reason));
        return Err(first
            .unwrap_or_else(|| ApiError::new(StatusCode::BAD_REQUEST, "没有可读取的文件", "no file could be read")));
    }
    Ok(read)
}

/// Reads one upload that is not a .zip (for `/api/fix`).
pub fn read_one(name: &str, bytes: Vec<u8>, lang: Lang, limits: &Limits) -> Result<files::Input, ApiError> {
    match type_of(name) {
        None => Err(unknown_type(name, lang)),
        Some(Type::Zip) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "修复只接受单个报告文件，不接受 .zip",
            "fix takes one report file, not a .zip",
        )),
        Some(_) if bytes.is_empty() => {
            Err(ApiError::msg(StatusCode::BAD_REQUEST, format!("{name}: {}", lang.pick("空文件", "empty file"))))
        }
        Some(_) => {
            files::from_bytes(&Origin::Upload(name.to_string()), bytes, limits, lang).map_err(|m| unreadable(name, &m))
        }
    }
}

/// The name of a zip entry: UTF-8 when it is, else GB18030 (what Chinese Windows writes
/// without saying so).
fn entry_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030.decode_without_bom_handling(raw).0.into_owned(),
    }
}

/// Whether a folder walk would read this entry: a report file, not hidden, not in `__MACOSX`.
fn wanted(name: &str) -> bool {
    let hidden = name.split('/').any(|part| part.starts_with('.') || part == "__MACOSX");
    !hidden
        && matches!(type_of(name), Some(Type::Text | Type::Document))
        && name.rsplit('/').next().is_some_and(|b| b.contains('.'))
}

/// The report files in a .zip, in name order, each unpacked within `limits` (see the module
/// docs); `budget` is what the request's .zip files may still unpack to.
fn unzip(bytes: &[u8], limits: &Limits, budget: &mut u64, lang: Lang) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("{}{e}", lang.pick("不是可读的 .zip：", "not a readable .zip: ")))?;
    if archive.len() as u64 > limits.docx_entries {
        return Err(limits::exceeded(Limit::DocxEntries, limits.docx_entries, lang));
    }
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive
            .by_index(i)
            .map_err(|e| format!("{}{e}", lang.pick("无法读取 .zip：", "cannot read the .zip: ")))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry_name(entry.name_raw());
        if !wanted(&name) {
            continue;
        }
        // Unpacked no further than one byte past the first limit it could reach.
        let by_ratio = entry.compressed_size().max(1).saturating_mul(limits.docx_ratio);
        let cap = limits.input_bytes.min(by_ratio).min(*budget);
        let mut data = Vec::new();
        (&mut entry)
            .take(cap.saturating_add(1))
            .read_to_end(&mut data)
            .map_err(|e| format!("{name}: {}{e}", lang.pick("无法解压：", "cannot unpack: ")))?;
        let size = data.len() as u64;
        if size > cap {
            let which = if size > limits.input_bytes {
                over_max_upload(limits.input_bytes, lang)
            } else if size > by_ratio {
                limits::exceeded(Limit::DocxRatio, limits.docx_ratio, lang)
            } else {
                let total = Limit::InputBytes.show(limits.input_bytes.saturating_mul(ZIP_TOTAL_FACTOR));
                match lang {
                    Lang::Zh => format!(
                        "一次请求中的 .zip 解压后合计超过 {total}（input-bytes 即 --max-upload 的 {ZIP_TOTAL_FACTOR} 倍）；请分批上传"
                    ),
                    Lang::En => format!(
                        "the .zip files of a request unpack to more than {total} in all ({ZIP_TOTAL_FACTOR} times input-bytes, the server's --max-upload); upload fewer at a time"
                    ),
                }
            };
            return Err(format!("{name}: {which}"));
        }
        *budget -= size;
        out.push((name, data));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, bytes) in entries {
            w.start_file(*name, opts).unwrap();
            w.write_all(bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn with_input_bytes(n: u64) -> Limits {
        Limits { input_bytes: n, ..Limits::default() }
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name("C:\\Users\\某\\年报.docx"), "C:/Users/某/年报.docx");
        assert_eq!(clean_name("/etc/passwd"), "etc/passwd");
        assert_eq!(clean_name("a\u{0}\nb.txt"), "ab.txt");
        assert_eq!(clean_name("  "), "upload");
        assert_eq!(clean_name(&"长".repeat(300)).chars().count(), 255);
    }

    #[test]
    fn types_by_extension() {
        assert_eq!(type_of("a.DOCX"), Some(Type::Document));
        assert_eq!(type_of("dir/a.htm"), Some(Type::Document));
        assert_eq!(type_of("a.pdf"), Some(Type::Document));
        assert_eq!(type_of("a.md"), Some(Type::Text));
        assert_eq!(type_of("README"), Some(Type::Text));
        assert_eq!(type_of("a.zip"), Some(Type::Zip));
        assert_eq!(type_of("a.doc"), None);
        assert_eq!(type_of("a.xlsx"), None);
    }

    #[test]
    fn a_zip_gives_its_report_files_in_order() {
        let z = zip_of(&[
            ("各单位/b.txt", b"b"),
            ("各单位/a.md", b"a"),
            ("各单位/.hidden.txt", b"h"),
            ("__MACOSX/各单位/._a.md", b"x"),
            ("各单位/图片.png", b"p"),
            ("各单位/inner.zip", b"z"),
        ]);
        let mut budget = 1 << 20;
        let got = unzip(&z, &with_input_bytes(1 << 20), &mut budget, Lang::En).unwrap();
        let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["各单位/a.md", "各单位/b.txt"]);
        assert_eq!(budget, (1 << 20) - 2);
    }

    #[test]
    fn a_zip_bomb_stops_at_its_limit() {
        // 64 MiB of zeros packs to ~64 KiB: over the ratio long before it is unpacked.
        let zeros = vec![0u8; 64 << 20];
        let z = zip_of(&[("bomb.txt", &zeros)]);
        assert!(z.len() < 1 << 20);
        let mut budget = 1 << 30;
        let err = unzip(&z, &with_input_bytes(1 << 30), &mut budget, Lang::En).unwrap_err();
        assert!(err.starts_with("bomb.txt: over the limit docx-ratio = 200"), "{err}");
        // Within the ratio but over --max-upload.
        let small = with_input_bytes(1000);
        let err = unzip(&zip_of(&[("big.txt", &vec![b'a'; 4096])]), &small, &mut (1 << 30), Lang::En).unwrap_err();
        assert!(err.starts_with("big.txt: over the limit input-bytes = 1000 B"), "{err}");
        assert!(err.contains("--max-upload"), "{err}");
        // Over the total.
        let err = unzip(&zip_of(&[("a.txt", &[b'a'; 600]), ("b.txt", &[b'b'; 600])]), &small, &mut 1000, Lang::En)
            .unwrap_err();
        assert!(err.contains("in all"), "{err}");
        assert!(unzip(b"PK\x03\x04 not a zip", &small, &mut 1000, Lang::En)
            .unwrap_err()
            .contains("not a readable .zip"));
        // More entries than docx-entries.
        let mut few = small;
        few.docx_entries = 1;
        let err = unzip(&zip_of(&[("a.txt", b"a"), ("b.txt", b"b")]), &few, &mut 1000, Lang::Zh).unwrap_err();
        assert!(err.starts_with("超过限制 docx-entries = 1"), "{err}");
    }

    #[test]
    fn gb18030_entry_names() {
        let (raw, _, _) = encoding_rs::GB18030.encode("年报.txt");
        assert_eq!(entry_name(&raw), "年报.txt");
    }
}
