//! Command-line interface: argument parsing (clap) and dispatch to the subcommands.
//!
//! Exit codes: 0 when nothing at error severity is found, 1 when something is, 2 on usage
//! errors, unreadable files or invalid configuration (other files are still processed).

pub(crate) mod check;
pub(crate) mod csv;
pub(crate) mod files;
pub(crate) mod fix;
mod human;
pub(crate) mod machine;
pub(crate) mod progress;
pub(crate) mod review;
mod rules;
mod settings;
mod ui;

use clap::{Parser, Subcommand, ValueEnum};
use nianbao_core::Lang;
use std::path::PathBuf;
use std::process::ExitCode;

/// nianbao：政府信息公开工作年度报告检查工具 / checker for government information-disclosure
/// annual reports.
#[derive(Debug, Parser)]
#[command(
    name = "nianbao",
    version,
    about,
    long_about = None,
    after_help = "Files read: .txt, .md, .docx, .html/.htm, .pdf (folders searched recursively).\n\
                  Output formats (check --format): human, json, sarif, github, html, csv."
)]
pub struct Cli {
    /// Language of messages: zh (default) or en. Wins over `lang` in nianbao.toml.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Use this nianbao.toml for every file instead of searching upward from each file: the
    /// way to use a trusted configuration whatever the checked folders hold (a nianbao.toml in
    /// a folder cannot make nianbao read files outside it, nor raise the limits).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Set a limit, e.g. `--limit input-bytes=100MiB` or `--limit pdf-seconds=120` (repeatable;
    /// wins over `[limits]` in the configuration). Limits: input-bytes, docx-part-bytes,
    /// docx-ratio, docx-entries, text-bytes, html-depth, row-cells, table-cells, pdf-pages, pdf-seconds,
    /// findings-per-file.
    #[arg(long = "limit", global = true, value_name = "NAME=VALUE")]
    pub limits: Vec<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::Zh => Lang::Zh,
            LangArg::En => Lang::En,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc/ruff-style text with the line shown and the cell underlined.
    Human,
    /// One JSON array, one object per diagnostic.
    Json,
    /// SARIF 2.1.0 log, for code-scanning uploads.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// One self-contained HTML review page for all the files (use with -o review.html).
    Html,
    /// CSV, one row per finding, UTF-8 with a byte order mark (for spreadsheets).
    Csv,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check reports: files, or folders searched recursively for .txt, .md, .docx, .html/.htm and
    /// .pdf; `-` reads standard input. A path beginning with `-` goes after `--`
    /// (`nianbao check -- -o.pdf`).
    ///
    /// Reads plain text and Markdown (UTF-8, UTF-16 with a BOM, GB18030), Word (.docx), web pages
    /// (.html, .htm, .shtml, .xhtml) and PDF (.pdf, through poppler's `pdftotext`). Files that are
    /// not annual reports are skipped: one line says how many, --verbose lists them. Output
    /// formats: human (default), json, sarif, github, html, csv.
    ///
    /// Only regular files are read (FIFOs, devices and sockets are refused), and in a folder
    /// symbolic links leading outside it are not followed. Every input is read within limits
    /// (`--limit`, `[limits]` in nianbao.toml): a document that goes past one, or holds no text,
    /// is an error naming the limit.
    ///
    /// Exit status: 0 when nothing at error severity is found, 1 when something is, 2 on usage
    /// errors, unreadable files (binary, unknown encoding, missing, over a limit) and invalid
    /// configuration; the other files are still checked.
    Check {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "human")]
        format: Format,
        /// Name to show (and to find nianbao.toml from) for standard input.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
        /// Last year's report, for the checks across years (NB301, NB303, NB304). Without it, reports
        /// checked together are grouped by agency and year and each is compared with the
        /// previous year's report of the same agency when there is one.
        #[arg(long, value_name = "FILE")]
        previous: Option<PathBuf>,
        /// List the findings dismissed by `[[ignore]]` entries in nianbao.toml.
        #[arg(long)]
        show_ignored: bool,
        /// List every file skipped because it is not an annual report, with the reason (empty; no
        /// title and no table; a title that only mentions the reports), not just how many.
        #[arg(short, long)]
        verbose: bool,
        /// Write the output to FILE instead of standard output.
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Apply fixes in place (safe ones; unsafe ones too with --unsafe). `-` reads standard input
    /// and writes the fixed text to standard output.
    ///
    /// Reads the files `check` reads (.txt, .md, .docx, .html/.htm, .pdf; folders searched
    /// recursively). Text and Markdown files are rewritten; a Word file only in the text of the
    /// wrong cells; web pages and PDFs are checked, never rewritten.
    ///
    /// A file is replaced atomically (a temporary file in the same directory, fsync, rename),
    /// keeping its encoding, BOM, line endings, permission bits, owner and group. A symbolic link
    /// named on the command line is written through: the file it points to is replaced and the
    /// link is kept (in a directory, links leading outside it are not followed). Read-only files
    /// are refused, not made writable; so is a file you could not write in place (another
    /// user's, in a folder you may write), one whose owner or group could not be kept, one that
    /// changed since it was read (compared just before the rename), and a .docx with two parts
    /// of the same name. A file is not written when its encoding would not give the same bytes
    /// back.
    ///
    /// Exit status: 0 when no error remains, 1 when errors remain (with --diff: also when there
    /// is something to fix), 2 on unreadable or unwritable files and invalid configuration.
    Fix {
        /// Files or directories (default: the current directory).
        paths: Vec<PathBuf>,
        /// Also apply unsafe fixes (inserted sections and rows, reworded labels, A3 balance).
        #[arg(long = "unsafe")]
        unsafe_fixes: bool,
        /// Print a unified diff of the fixes and write nothing.
        #[arg(long)]
        diff: bool,
        /// Name to show (and to find nianbao.toml from) for standard input.
        #[arg(long, value_name = "PATH")]
        stdin_filename: Option<PathBuf>,
    },
    /// List the rules.
    Rules {
        /// Output format: a table, or JSON for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Print one rule's documentation page (by code or name, e.g. NB201 or row-total).
    Explain {
        #[arg(value_name = "CODE")]
        code: String,
    },
    /// Print a blank report in the canonical format.
    New {
        /// The agency's name, e.g. 某某局.
        #[arg(long)]
        agency: String,
        /// The report year.
        #[arg(long, value_parser = clap::value_parser!(u32).range(1000..=9999))]
        year: u32,
        /// End lines with CRLF instead of LF.
        #[arg(long)]
        crlf: bool,
    },
    /// Serve the checker in a browser: a page to drop reports on or paste a report into, and
    /// an HTTP API (POST /api/check, /api/fix, /api/review; GET /api/openapi.json describes it).
    ///
    /// Everything the page needs is inside the binary (it works without internet). Uploads are
    /// read in memory and never written to disk, and no request can name a file on this
    /// machine: no nianbao.toml is read for them. Prints the address it listens on; stop it
    /// with Ctrl-C.
    Serve {
        /// Address to listen on. Another host than 127.0.0.1/localhost/::1 (e.g. 0.0.0.0:7878
        /// for the office network) is allowed and logged.
        #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:7878")]
        addr: String,
        /// Largest request accepted (all its files together), in bytes or with a unit:
        /// 20MB, 512KB, 1GB (powers of 1024); larger ones get 413. It is the `input-bytes`
        /// limit of uploads (and of each file in an uploaded .zip); the other limits are the
        /// run's (`--limit`, `[limits]`), `pdf-seconds` at most `--timeout`.
        #[arg(long, value_name = "SIZE", default_value = "20MB", value_parser = parse_size)]
        max_upload: u64,
        /// Reports checked at once (default: one per core); other requests wait their turn.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
        workers: Option<u16>,
        /// Seconds a request may take, waiting included; then it is answered with an error.
        #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
        timeout: u64,
    },
    /// Run the language server over standard input and output.
    Lsp {
        /// Accepted for clients that pass it (vscode-languageclient, others): stdio is the only transport.
        #[arg(long)]
        stdio: bool,
    },
}

/// `--max-upload`: a size read as the limits module reads `input-bytes` (`20MB`, `512 KiB`,
/// `1G`; powers of 1024).
fn parse_size(text: &str) -> Result<u64, String> {
    nianbao_core::limits::Limit::InputBytes.parse_value(text).map_err(|(zh, en)| format!("{zh} / {en}"))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

/// Parses the arguments and runs the command.
pub fn main() -> ExitCode {
    if let Some(msg) = attached_output_names_a_file(std::env::args_os().skip(1)) {
        eprintln!("nianbao: {msg}");
        return ExitCode::from(2);
    }
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    ExitCode::from(run(cli))
}

/// `-o.pdf` is `-o .pdf` to clap (a short option takes the rest of its argument as its
/// value): when a file of that whole name exists, the user most likely meant to check it, and
/// the run stops with a message rather than check the current folder and write `.pdf`. Paths
/// after `--` are paths.
fn attached_output_names_a_file(args: impl Iterator<Item = std::ffi::OsString>) -> Option<String> {
    let args: Vec<std::ffi::OsString> = args.collect();
    // The message's language: --lang as written (the configuration is not read yet).
    let en = args.windows(2).any(|w| w[0] == "--lang" && w[1] == "en") || args.iter().any(|a| a == "--lang=en");
    for arg in &args {
        if arg == "--" {
            return None;
        }
        let Some(s) = arg.to_str() else { continue };
        if s.starts_with("-o") && s.len() > 2 && std::path::Path::new(s).exists() {
            let value = s[2..].trim_start_matches('=');
            return Some(if en {
                format!("`{s}` reads as `-o {value}` (output to {value}); to check the file named {s}, write `-- {s}` or `./{s}`")
            } else {
                format!(
                    "`{s}` 被读作 `-o {value}`（输出写入 {value}）；要检查名为 {s} 的文件，请写 `-- {s}` 或 `./{s}`"
                )
            });
        }
    }
    None
}

/// The limits of the run: the defaults, then `[limits]` of the run's configuration (`--config
/// FILE`, or the nianbao.toml found from the current folder), then `--limit`.
fn run_limits(cli: &Cli, lang: Lang) -> Result<(nianbao_core::limits::Limits, Option<PathBuf>), String> {
    let mut limits = nianbao_core::limits::Limits::default();
    let path = match &cli.config {
        Some(p) => Some(p.clone()),
        None => std::env::current_dir().ok().and_then(|d| nianbao_core::config::find(&d)),
    };
    // An invalid file is reported with the files it applies to (or by --config already).
    if let Some(config) = path.as_deref().and_then(|p| nianbao_core::config::load(p).ok()) {
        config.apply_limits(&mut limits);
    }
    for arg in &cli.limits {
        limits.set_arg(arg, lang).map_err(|e| format!("--limit {arg}: {e}"))?;
    }
    Ok((limits, path))
}

/// Runs a parsed command line; returns the exit code.
pub fn run(cli: Cli) -> u8 {
    let cli_lang = cli.lang.map(Lang::from);
    let mut configs = match settings::Configs::new(cli_lang, cli.config.as_deref()) {
        Ok(c) => c,
        Err(e) => {
            ui::error(cli_lang.unwrap_or_default(), &e);
            return 2;
        }
    };
    match run_limits(&cli, configs.ui_lang()) {
        Ok((limits, from)) => {
            files::set_limits(limits);
            configs.set_limits_from(from);
        }
        Err(e) => {
            ui::error(configs.ui_lang(), &e);
            return 2;
        }
    }
    match cli.command {
        Command::Check { paths, format, stdin_filename, previous, show_ignored, verbose, output } => check::run(
            &mut configs,
            &check::Options {
                paths: &paths,
                format,
                stdin_name: stdin_filename.as_deref(),
                previous: previous.as_deref(),
                show_ignored,
                verbose,
                output: output.as_deref(),
            },
        ),
        Command::Fix { paths, unsafe_fixes, diff, stdin_filename } => fix::run(
            &mut configs,
            &paths,
            fix::Options {
                mode: if unsafe_fixes { nianbao_core::FixMode::Unsafe } else { nianbao_core::FixMode::Safe },
                diff,
            },
            stdin_filename.as_deref(),
        ),
        Command::Rules { format } => rules::list(configs.ui_lang(), format),
        Command::Explain { code } => rules::explain(configs.ui_lang(), &code),
        Command::New { agency, year, crlf } => rules::new(configs.ui_lang(), &agency, year, crlf),
        Command::Serve { addr, max_upload, workers, timeout } => crate::serve::run(crate::serve::Options {
            addr,
            max_upload,
            workers: workers.map_or_else(check::cores, usize::from),
            timeout: std::time::Duration::from_secs(timeout),
            lang: cli_lang.unwrap_or_default(),
            limits: *files::limits(),
        }),
        Command::Lsp { stdio: _ } => match nianbao_lsp::run_stdio() {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("nianbao lsp: {e}");
                2
            }
        },
    }
}
