//! The HTTP API: `POST /api/check` (the JSON of `nianbao check --format json`), `/api/fix` (the
//! fixed file) and `/api/review` (the review page, or `?format=csv` the CSV), each a multipart
//! form of `file` parts; every error is JSON `{"error": "…"}` with a 4xx status (a 503 when the
//! server is too busy to start a request in time).
//!
//! A request is read whole (at most `--max-upload` bytes, the uploads' `input-bytes` limit:
//! 413 past that, with a message naming the limit, told from
//! `Content-Length` before any of the body is read) and then worked on in a blocking task
//! while it holds one of the server's worker permits ([`App::workers`]); see `mod.rs`.

use super::upload::{self, Form, Upload};
use super::App;
use crate::cli::{check, csv, files, fix, machine, review};
use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use nianbao_core::{FixMode, Lang, Settings};
use serde::Deserialize;
use std::time::Instant;

/// An error answer: a status and its message, in Chinese and English.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    zh: String,
    en: String,
    /// Seconds to wait before trying again (503).
    pub retry_after: Option<u64>,
}

impl ApiError {
    /// An error with its message in both languages.
    pub fn new(status: StatusCode, zh: &str, en: &str) -> ApiError {
        ApiError { status, zh: zh.to_string(), en: en.to_string(), retry_after: None }
    }

    /// An error whose message is already in the request's language.
    pub fn msg(status: StatusCode, message: String) -> ApiError {
        ApiError { status, zh: message.clone(), en: message, retry_after: None }
    }

    /// The message in `lang`.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }

    /// The answer: `{"error": "…"}` in `lang`.
    pub fn respond(self, lang: Lang) -> Response {
        let body = serde_json::json!({ "error": self.message(lang) }).to_string();
        let mut response =
            (self.status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response();
        if let Some(s) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        response
    }
}

/// The query string every API route takes.
#[derive(Debug, Default, Deserialize)]
pub struct Params {
    /// `zh` or `en`: the language of messages (findings, the page, errors).
    lang: Option<String>,
    /// `/api/review`: `html` (default) or `csv`.
    format: Option<String>,
}

/// The language a request asks for, else the server's.
fn lang_of(app: &App, params: &Params) -> Result<Lang, ApiError> {
    match params.lang.as_deref() {
        None | Some("") => Ok(app.lang),
        Some("zh") | Some("zh-CN") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(_) => Err(ApiError::new(StatusCode::BAD_REQUEST, "lang 只能是 zh 或 en", "lang must be zh or en")),
    }
}

type Params_ = Result<Query<Params>, axum::extract::rejection::QueryRejection>;

fn params(app: &App, query: Params_) -> Result<(Params, Lang), ApiError> {
    let Query(params) = query
        .map_err(|_| ApiError::new(StatusCode::BAD_REQUEST, "查询参数无法解析", "the query string cannot be read"))?;
    let lang = lang_of(app, &params)?;
    Ok((params, lang))
}

/// `POST /api/check`: the findings as `nianbao check --format json` prints them.
pub async fn check(State(app): State<App>, query: Params_, req: Request) -> Response {
    let (_, lang) = match params(&app, query) {
        Ok(p) => p,
        Err(e) => return e.respond(app.lang),
    };
    let limits = app.limits;
    serve(&app, lang, req, move |form| {
        let read = upload::read(form.files, &limits, lang, Strict::Yes)?;
        let checked = check::check_read(with_settings(read.inputs, lang), 1);
        let mut response =
            ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], machine::json(&checked) + "\n")
                .into_response();
        skipped_header(response.headers_mut(), read.unreadable.len() + not_reports(&checked));
        Ok(response)
    })
    .await
}

/// `POST /api/review`: the review page (or `?format=csv` the CSV) of the files, grouped by
/// agency and year as the CLI groups them. Files that cannot be read are listed on the page
/// with the reason, as the CLI lists them, as long as one file can be read.
pub async fn review(State(app): State<App>, query: Params_, req: Request) -> Response {
    let (params, lang) = match params(&app, query) {
        Ok(p) => p,
        Err(e) => return e.respond(app.lang),
    };
    let csv = match params.format.as_deref() {
        None | Some("") | Some("html") => false,
        Some("csv") => true,
        Some(_) => {
            return ApiError::new(StatusCode::BAD_REQUEST, "format 只能是 html 或 csv", "format must be html or csv")
                .respond(lang)
        }
    };
    let limits = app.limits;
    serve(&app, lang, req, move |form| {
        let read = upload::read(form.files, &limits, lang, Strict::No)?;
        let skipped = read.unreadable.len();
        let checked = check::check_read(with_settings(read.inputs, lang), 1);
        let mut response = if csv {
            let mut r = (
                [(header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8"))],
                csv::render(&checked, lang),
            )
                .into_response();
            r.headers_mut().insert(header::CONTENT_DISPOSITION, attachment(lang.pick("审查结果.csv", "review.csv")));
            r
        } else {
            let page = review::render(&checked, &read.unreadable, lang);
            let mut r =
                ([(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))], page).into_response();
            r.headers_mut().insert(
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'"),
            );
            r
        };
        skipped_header(response.headers_mut(), skipped + not_reports(&checked));
        Ok(response)
    })
    .await
}

/// `POST /api/fix`: one file with its fixes applied (`unsafe=true`: unsafe ones too), in its
/// own format and encoding; `X-Nianbao-Fixes` says how many fixes applied,
/// `X-Nianbao-Remaining` how many findings are left.
pub async fn fix(State(app): State<App>, query: Params_, req: Request) -> Response {
    let (_, lang) = match params(&app, query) {
        Ok(p) => p,
        Err(e) => return e.respond(app.lang),
    };
    let limits = app.limits;
    serve(&app, lang, req, move |form| {
        let Form { mut files, unsafe_fixes } = form;
        if files.len() != 1 {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "修复一次只接受一个文件（一个 file 部分）",
                "fix takes exactly one file (one `file` part)",
            ));
        }
        let Upload { name, bytes } = files.remove(0);
        let input = upload::read_one(&name, bytes, lang, &limits)?;
        fix::rewritable(&input, lang)
            .map_err(|m| ApiError::msg(StatusCode::UNPROCESSABLE_ENTITY, format!("{name}: {m}")))?;
        if let Some(why) = nianbao_core::parse::parse(&input.decoded.text).not_a_report() {
            let note = check::not_a_report_note(&input.decoded.text, &why, lang);
            return Err(ApiError::msg(StatusCode::UNPROCESSABLE_ENTITY, format!("{name}: {note}")));
        }
        let settings = Settings::with_lang(lang);
        let mode = if unsafe_fixes { FixMode::Unsafe } else { FixMode::Safe };
        let fixed = fix::fix_input(&input, &settings, mode);
        let bytes = if fixed.changed {
            fix::fixed_bytes(&input, &fixed.text, lang)
                .map_err(|m| ApiError::msg(StatusCode::UNPROCESSABLE_ENTITY, format!("{name}: {m}")))?
        } else {
            input.bytes.clone()
        };
        let mut response = (StatusCode::OK, Body::from(bytes)).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, content_type(&input));
        headers.insert(header::CONTENT_DISPOSITION, attachment(&name));
        headers.insert(HeaderName::from_static("x-nianbao-fixes"), HeaderValue::from(fixed.fixes));
        headers.insert(HeaderName::from_static("x-nianbao-remaining"), HeaderValue::from(fixed.after.len()));
        Ok(response)
    })
    .await
}

/// Whether a file that cannot be read fails the whole request ([`Strict::Yes`]: check, fix)
/// or is listed as the CLI lists it ([`Strict::No`]: the review page and CSV). Either way a
/// request of which nothing can be read fails.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Strict {
    Yes,
    No,
}

fn with_settings(inputs: Vec<files::Input>, lang: Lang) -> Vec<(files::Input, Settings)> {
    inputs.into_iter().map(|i| (i, Settings::with_lang(lang))).collect()
}

fn not_reports(checked: &[check::Checked]) -> usize {
    checked.iter().filter(|c| !c.is_report()).count()
}

/// `X-Nianbao-Skipped`: files read that are not reports, and files in a .zip that could not be
/// read (the review page lists them; the JSON and CSV only count them here).
fn skipped_header(headers: &mut HeaderMap, n: usize) {
    headers.insert(HeaderName::from_static("x-nianbao-skipped"), HeaderValue::from(n));
}

/// The content type of a fixed file: the document's, or text in its encoding.
fn content_type(input: &files::Input) -> HeaderValue {
    use nianbao_core::source::Encoding;
    if let Some((kind, _)) = &input.extracted {
        return HeaderValue::from_static(match kind {
            nianbao_formats::Kind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            nianbao_formats::Kind::Html => "text/html",
            nianbao_formats::Kind::Pdf => "application/pdf",
        });
    }
    let markdown = input.origin.display().to_ascii_lowercase().ends_with(".md");
    let charset = match input.decoded.encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => "utf-8",
        Encoding::Utf16Le => "utf-16le",
        Encoding::Utf16Be => "utf-16be",
        Encoding::Gb18030 => "gb18030",
    };
    let t = if markdown { "text/markdown" } else { "text/plain" };
    HeaderValue::from_str(&format!("{t}; charset={charset}")).unwrap_or(HeaderValue::from_static("text/plain"))
}

/// `attachment; filename="…"; filename*=UTF-8''…` for any name (non-ASCII characters are
/// `_` in the plain form and percent-encoded in the other).
fn attachment(name: &str) -> HeaderValue {
    let base = name.rsplit('/').next().unwrap_or(name);
    let plain: String =
        base.chars().map(|c| if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' { c } else { '_' }).collect();
    let mut encoded = String::new();
    for b in base.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    HeaderValue::from_str(&format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}"))
        .unwrap_or(HeaderValue::from_static("attachment"))
}

/// Reads the request's form and runs `job` on it on a worker, within the request's time.
async fn serve<F>(app: &App, lang: Lang, req: Request, job: F) -> Response
where
    F: FnOnce(Form) -> Result<Response, ApiError> + Send + 'static,
{
    let started = Instant::now();
    let deadline = tokio::time::Instant::from_std(started + app.timeout);
    let answer = run(app, lang, req, job, deadline).await;
    match answer {
        Ok(r) => r,
        Err(e) => {
            if e.status.is_server_error() || e.status == StatusCode::REQUEST_TIMEOUT {
                eprintln!("nianbao serve: {} {} ({} ms)", e.status.as_u16(), e.en, started.elapsed().as_millis());
            }
            e.respond(lang)
        }
    }
}

async fn run<F>(
    app: &App,
    lang: Lang,
    req: Request,
    job: F,
    deadline: tokio::time::Instant,
) -> Result<Response, ApiError>
where
    F: FnOnce(Form) -> Result<Response, ApiError> + Send + 'static,
{
    let busy = || {
        let mut e = ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "服务器正忙，请稍后再试",
            "the server is busy; try again later",
        );
        e.retry_after = Some(5);
        e
    };
    let too_large = too_large(app, lang);
    if let Some(len) = content_length(req.headers()) {
        if len > app.max_upload() {
            return Err(too_large);
        }
        if len == 0 {
            return Err(empty());
        }
    }
    // Admitted: its body may now be read (the others wait with theirs unread).
    let _admitted = tokio::time::timeout_at(deadline, app.admitted.acquire()).await.map_err(|_| busy())?;
    let form = tokio::time::timeout_at(deadline, read_form(app, lang, req)).await.map_err(|_| {
        ApiError::new(StatusCode::REQUEST_TIMEOUT, "上传未在时限内完成", "the upload did not complete in time")
    })??;
    let worker = tokio::time::timeout_at(deadline, app.workers.clone().acquire_owned()).await.map_err(|_| busy())?;
    let Ok(worker) = worker else { return Err(busy()) };
    let task = tokio::task::spawn_blocking(move || {
        // Held until the work is done, even when the answer has gone (a timeout).
        let _worker = worker;
        job(form)
    });
    match tokio::time::timeout_at(deadline, task).await {
        Ok(Ok(answer)) => answer,
        Ok(Err(_)) => Err(ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部错误（已记录），请报告此文件",
            "internal error (logged); please report this file",
        )),
        Err(_) => Err(ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "处理时间超过时限（--timeout），已放弃",
            "processing took longer than the time limit (--timeout); given up",
        )),
    }
}

fn empty() -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "请求是空的：请以 multipart/form-data 上传文件（字段名 file）",
        "the request is empty: upload files as multipart/form-data (field `file`)",
    )
}

/// 413, naming the limit (`input-bytes`, which is the server's `--max-upload`).
fn too_large(app: &App, lang: Lang) -> ApiError {
    ApiError::msg(StatusCode::PAYLOAD_TOO_LARGE, upload::over_max_upload(app.max_upload(), lang))
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers.get(header::CONTENT_LENGTH)?.to_str().ok()?.trim().parse().ok()
}

/// Files per request, at most.
pub const MAX_FILES: usize = 1000;

/// Reads the multipart form: `file` parts (each with a filename) and the `unsafe` field.
async fn read_form(app: &App, lang: Lang, req: Request) -> Result<Form, ApiError> {
    let not_multipart = || {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            "请以 multipart/form-data 上传文件（字段名 file，带文件名）",
            "upload files as multipart/form-data (field `file`, with a filename)",
        )
    };
    let mut multipart = Multipart::from_request(req, &()).await.map_err(|_| not_multipart())?;
    let mut form = Form::default();
    let mut total: u64 = 0;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(multipart_error(app, lang, e.status())),
        };
        match field.name().unwrap_or("") {
            "file" => {
                let Some(name) = field.file_name().map(upload::clean_name) else {
                    return Err(ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "file 部分缺少文件名（filename）",
                        "a `file` part has no filename",
                    ));
                };
                if form.files.len() == MAX_FILES {
                    return Err(ApiError::msg(
                        StatusCode::BAD_REQUEST,
                        match lang {
                            Lang::Zh => format!("一次最多上传 {MAX_FILES} 个文件（可打包为 .zip）"),
                            Lang::En => format!("at most {MAX_FILES} files per request (a .zip counts as one)"),
                        },
                    ));
                }
                let bytes = field.bytes().await.map_err(|e| multipart_error(app, lang, e.status()))?;
                total += bytes.len() as u64;
                if total > app.max_upload() {
                    return Err(too_large(app, lang));
                }
                form.files.push(Upload { name, bytes: bytes.to_vec() });
            }
            "unsafe" => {
                let value = field.text().await.map_err(|e| multipart_error(app, lang, e.status()))?;
                form.unsafe_fixes = matches!(value.trim(), "true" | "1" | "on" | "yes");
            }
            _ => {
                // Other fields are read past.
                let _ = field.bytes().await.map_err(|e| multipart_error(app, lang, e.status()))?;
            }
        }
    }
    if form.files.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "没有上传文件：请以 multipart/form-data 上传（字段名 file）",
            "no file uploaded: send multipart/form-data with `file` parts",
        ));
    }
    Ok(form)
}

fn multipart_error(app: &App, lang: Lang, status: StatusCode) -> ApiError {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        return too_large(app, lang);
    }
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "上传的表单不完整或格式错误（multipart/form-data）",
        "the uploaded form is malformed or incomplete (multipart/form-data)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_are_safe_and_keep_chinese() {
        let v = attachment("各单位/某局2023年报.docx");
        let s = v.to_str().unwrap();
        assert!(s.starts_with("attachment; filename=\"__2023__.docx\"; filename*=UTF-8''%E6%9F%90"), "{s}");
        let v = attachment("a\"b\\c.txt");
        assert_eq!(v.to_str().unwrap(), "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%22b%5Cc.txt");
    }
}
