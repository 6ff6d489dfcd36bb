//! `nianbao serve`: the checker in a browser, an adapter like the CLI and the language server.
//!
//! An axum server on tokio: `GET /` is the page (`page/`, inside the binary), `POST /api/check`,
//! `/api/fix` and `/api/review` take multipart uploads (`api.rs`) and run them through the CLI's
//! own steps — `files::from_bytes` (decode or extract), `check::check_read` (group by agency and
//! year, check), `machine::json`, `review::render`, `csv::render`, `fix::fix_input` and
//! `fix::fixed_bytes` — so the server and the command line give the same answers. The routes
//! are one list ([`ROUTES`]), which `openapi.json` documents (a test holds them together).
//!
//! Uploads are read within the run's [`Limits`] (`--limit`, `[limits]` of the server's own
//! configuration, never of an upload) with two changes ([`upload_limits`]): `input-bytes` is
//! `--max-upload`, and `pdf-seconds` is at most `--timeout`. A .docx is held to the
//! `docx-*` limits by its reader, a folder .zip to the same `docx-entries` and `docx-ratio`
//! while it is unpacked (`upload.rs`).
//!
//! Load is bounded: at most `4 × workers` requests are read at once (the others wait, their
//! bodies unread), each request is at most `--max-upload` bytes, at most `workers` of them are
//! worked on at once (extraction and `pdftotext` included) on tokio's blocking threads, and a
//! request that has not been answered after `--timeout` seconds gets an error (its work, if it
//! started, still holds its worker until it ends). `/healthz` and the page never wait.

mod api;
mod page;
mod upload;

use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{self, MethodFilter, MethodRouter};
use axum::Router;
use nianbao_core::limits::{Limit, Limits};
use nianbao_core::Lang;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// What `nianbao serve` was asked to do.
pub struct Options {
    /// `HOST:PORT` to listen on.
    pub addr: String,
    /// Largest request body, in bytes.
    pub max_upload: u64,
    /// Requests worked on at once.
    pub workers: usize,
    /// Time a request may take, waiting included.
    pub timeout: Duration,
    /// Language of messages unless a request asks (`?lang=en`).
    pub lang: Lang,
    /// The run's limits (`--limit`, `[limits]`), before [`upload_limits`].
    pub limits: Limits,
}

/// The limits uploads are read within: the run's, with `input-bytes` set to `max_upload` (a
/// request, and each file of an uploaded .zip) and `pdf-seconds` no longer than `timeout`.
pub fn upload_limits(run: &Limits, max_upload: u64, timeout: Duration) -> Limits {
    let mut limits = *run;
    limits.input_bytes = max_upload;
    limits.pdf_seconds = limits.pdf_seconds.min(timeout.as_secs().max(1));
    limits
}

/// The server's state, shared by every request.
#[derive(Clone)]
pub struct App(Arc<Inner>);

pub struct Inner {
    /// The limits uploads are read within ([`upload_limits`]); `input_bytes` is `--max-upload`.
    pub limits: Limits,
    pub lang: Lang,
    pub timeout: Duration,
    /// Requests being read or worked on.
    pub admitted: Semaphore,
    /// Requests being worked on (checking, extracting, `pdftotext`).
    pub workers: Arc<Semaphore>,
}

impl std::ops::Deref for App {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl App {
    /// The largest request body (`--max-upload`).
    pub fn max_upload(&self) -> u64 {
        self.limits.input_bytes
    }

    pub fn new(opts: &Options) -> App {
        App(Arc::new(Inner {
            limits: upload_limits(&opts.limits, opts.max_upload, opts.timeout),
            lang: opts.lang,
            timeout: opts.timeout,
            admitted: Semaphore::new(opts.workers.saturating_mul(4)),
            workers: Arc::new(Semaphore::new(opts.workers)),
        }))
    }
}

/// Every route the server has, by method and path (as OpenAPI writes them): [`router`] is
/// built from this list and nothing else, and `openapi.json` documents each (a test checks).
pub const ROUTES: [(Method, &str); 7] = [
    (Method::GET, "/"),
    (Method::GET, "/assets/{file}"),
    (Method::GET, "/healthz"),
    (Method::GET, "/api/openapi.json"),
    (Method::POST, "/api/check"),
    (Method::POST, "/api/fix"),
    (Method::POST, "/api/review"),
];

/// The handler of a route in [`ROUTES`], on that route's method only.
fn handler(method: &Method, path: &str) -> MethodRouter<App> {
    let on = MethodFilter::try_from(method.clone()).expect("a method axum routes on");
    match path {
        "/" => routing::on(on, page::index),
        "/assets/{file}" => routing::on(on, page::asset),
        "/healthz" => routing::on(on, healthz),
        "/api/openapi.json" => routing::on(on, openapi),
        "/api/check" => routing::on(on, api::check),
        "/api/fix" => routing::on(on, api::fix),
        "/api/review" => routing::on(on, api::review),
        _ => unreachable!("every path in ROUTES has a handler"),
    }
}

/// The router over [`ROUTES`]; anything else is a JSON 404 (405 for a known path and another
/// method).
pub fn router(app: App) -> Router {
    let mut router = Router::new();
    for (method, path) in &ROUTES {
        router = router.route(path, handler(method, path));
    }
    router
        .fallback(|State(app): State<App>| async move {
            api::ApiError::new(StatusCode::NOT_FOUND, "没有这个地址", "no such path").respond(app.lang)
        })
        .method_not_allowed_fallback(|State(app): State<App>| async move {
            api::ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "此地址不接受这种请求方法", "method not allowed here")
                .respond(app.lang)
        })
        // The body limit is checked again by `api` (as it reads) to answer in JSON.
        .layer(axum::extract::DefaultBodyLimit::max(app.limits.usize(Limit::InputBytes)))
        .with_state(app)
}

/// The OpenAPI description of the interface, served at `/api/openapi.json`.
pub const OPENAPI: &str = include_str!("openapi.json");

async fn healthz() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"))], "ok").into_response()
}

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], OPENAPI).into_response()
}

/// Whether `addr` is reachable from this machine only.
fn loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Runs the server until Ctrl-C or SIGTERM; returns the exit code.
pub fn run(opts: Options) -> u8 {
    let lang = opts.lang;
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        // The blocking threads are where the work is; `App::workers` admits that many at once.
        .max_blocking_threads(opts.workers + 2)
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("nianbao serve: {e}");
            return 2;
        }
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(opts.addr.as_str()).await {
            Ok(l) => l,
            Err(e) => {
                eprintln!("nianbao serve: {}{} ({e})", lang.pick("无法监听 ", "cannot listen on "), opts.addr);
                return 2;
            }
        };
        let Ok(local) = listener.local_addr() else {
            eprintln!("nianbao serve: {}", lang.pick("无法取得监听地址", "no local address"));
            return 2;
        };
        if !loopback(&local) {
            eprintln!(
                "nianbao serve: {}",
                match lang {
                    Lang::Zh => format!("注意：监听 {local}，本机以外的计算机也能访问（无登录验证）"),
                    Lang::En => format!("note: listening on {local}, reachable from other machines (no login)"),
                }
            );
        }
        let host = match local {
            SocketAddr::V6(a) => format!("[{}]:{}", a.ip(), a.port()),
            SocketAddr::V4(a) => a.to_string(),
        };
        println!("nianbao serve: {} http://{host}/", lang.pick("正在监听", "listening on"));
        let app = App::new(&opts);
        let served = axum::serve(listener, router(app)).with_graceful_shutdown(shutdown()).await;
        match served {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("nianbao serve: {e}");
                2
            }
        }
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OpenAPI file parses and documents exactly the routes the router is built from.
    #[test]
    fn openapi_lists_every_route() {
        let doc: serde_json::Value = serde_json::from_str(OPENAPI).expect("openapi.json parses");
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
        let paths = doc["paths"].as_object().expect("paths");
        let mut documented: Vec<(String, String)> = Vec::new();
        for (path, item) in paths {
            for method in item.as_object().expect("path item").keys() {
                if ["get", "post", "put", "delete", "patch", "head", "options"].contains(&method.as_str()) {
                    documented.push((method.to_uppercase(), path.clone()));
                }
            }
        }
        let mut routed: Vec<(String, String)> = ROUTES.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        documented.sort();
        routed.sort();
        assert_eq!(routed.len(), 7);
        assert_eq!(documented, routed);
    }

    #[test]
    fn uploads_take_the_run_limits_with_max_upload_and_the_timeout() {
        let run = Limits { docx_ratio: 50, ..Limits::default() };
        let l = upload_limits(&run, 20 << 20, Duration::from_secs(30));
        assert_eq!((l.input_bytes, l.pdf_seconds, l.docx_ratio), (20 << 20, 30, 50));
        assert_eq!(upload_limits(&run, 1, Duration::from_secs(3600)).pdf_seconds, run.pdf_seconds);
    }
}
