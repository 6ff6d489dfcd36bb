//! The page (`GET /`) and its two assets (`GET /assets/app.js`, `/assets/style.css`), inside
//! the binary: no CDN, no web font (the system's fonts, CJK ones first), nothing fetched from
//! elsewhere (the Content-Security-Policy says so). The page posts to the API and shows each
//! answer as the review page shows it (see `app.js`).

use super::api::ApiError;
use super::App;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("index.html");
const APP_JS: &str = include_str!("app.js");
const STYLE_CSS: &str = include_str!("style.css");

/// What the page may load and run: its own script and style, its own API, nothing else.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; \
                   img-src 'self' data: blob:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

fn with_headers(content_type: &'static str, body: String) -> Response {
    let mut r = ([(header::CONTENT_TYPE, HeaderValue::from_static(content_type))], body).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CSP));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    r
}

/// `GET /`: the page, in the server's language until the reader switches.
pub async fn index(State(app): State<App>) -> Response {
    let lang = app.lang.pick("zh", "en");
    let page = INDEX.replace("{{lang}}", lang).replace("{{max_upload}}", &app.max_upload().to_string());
    with_headers("text/html; charset=utf-8", page)
}

/// `GET /assets/{file}`: `app.js` or `style.css`.
pub async fn asset(State(app): State<App>, Path(file): Path<String>) -> Response {
    match file.as_str() {
        "app.js" => with_headers("text/javascript; charset=utf-8", APP_JS.to_string()),
        "style.css" => with_headers("text/css; charset=utf-8", STYLE_CSS.to_string()),
        _ => ApiError::new(StatusCode::NOT_FOUND, "没有这个文件", "no such file").respond(app.lang),
    }
}
