//! nianbao.toml: found upward from a checked file; sets the message language and the report
//! format, and turns rules off or changes their severity.
//!
//! ```toml
//! lang = "en"            # zh (default) | en
//! format = "shanghai"    # auto (default: detected) | national | shanghai
//! [rules]
//! NB107 = "off"          # by code …
//! row-total = "warning"  # … or by name: off | error | warning | info | hint
//! [limits]
//! input-bytes = "100MiB" # see `limits::Limit`; only the run's own configuration applies them
//! ```

use crate::diagnostic::Severity;
use crate::limits::Limit;
use crate::settings::{Lang, RuleLevel, Settings};
use crate::variant::FormatChoice;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The config file's name.
pub const FILE_NAME: &str = "nianbao.toml";

/// What a nianbao.toml says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileConfig {
    pub lang: Option<Lang>,
    /// `format`: the layout the reports under this file are read as.
    pub format: Option<FormatChoice>,
    pub rules: HashMap<String, RuleLevel>,
    /// Where it was read from.
    pub path: Option<PathBuf>,
    /// `[[ignore]]` entries, their `file` resolved against the config file's folder.
    pub ignores: Vec<Ignore>,
    /// `[[aggregate]]` entries, their paths resolved against the config file's folder (parts
    /// must stay inside it: see [`load`]).
    pub aggregates: Vec<Aggregate>,
    /// `[limits]`: the limits it sets, in the order written. The CLI applies them only from
    /// the configuration of the run (`--config FILE`, or the one found from the current
    /// folder), never from a nianbao.toml inside a checked folder.
    pub limits: Vec<(Limit, u64)>,
}

/// A summary report and the reports it sums up (NB310):
///
/// ```toml
/// [[aggregate]]
/// report = "全市汇总.txt"
/// parts = ["市发改委.txt", "市教育局.txt"]
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aggregate {
    pub report: PathBuf,
    pub parts: Vec<PathBuf>,
}

/// A finding dismissed on purpose:
///
/// ```toml
/// [[ignore]]
/// code = "NB301"
/// file = "2023/某局.txt"                     # relative to this nianbao.toml
/// phrase = "共受理政府信息公开申请 749 件"    # or: cell = "表三·一、本年新收·总计"
/// reason = "受理数含上年结转"                 # optional
/// ```
///
/// The key is a table cell (by row and column) or a phrase of the sentence, never a line number,
/// so the entry survives edits elsewhere in the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignore {
    pub code: String,
    /// The report it applies to (as written until `load` resolves it against the config's folder).
    pub file: PathBuf,
    /// `cell` or `phrase` value (see `anchor::matches`).
    pub key: String,
    pub reason: Option<String>,
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    /// What is wrong, in English (also what `Display` shows after the path).
    pub message: String,
    /// The same in Chinese.
    pub message_zh: String,
}

impl ConfigError {
    /// The message in the language asked for, without the path.
    pub fn message(&self, lang: Lang) -> &str {
        lang.pick(&self.message_zh, &self.message)
    }
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The nearest nianbao.toml in `start` or its ancestors. `start` may be a file (the search
/// begins in its directory) or a directory; a relative path is taken from the current
/// directory. Symbolic links are not resolved: a linked report uses the configuration of the
/// directory the link is in.
pub fn find(start: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(start).unwrap_or_else(|_| start.to_owned());
    let mut dir = if start.is_dir() { Some(start.as_path()) } else { start.parent() };
    while let Some(d) = dir {
        let candidate = d.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = d.parent();
    }
    None
}

/// Reads and validates a nianbao.toml. The parts of an `[[aggregate]]` are files the checker
/// opens, so they must lie inside the configuration file's folder: an absolute path, a `..`
/// leading out of it or a symbolic link resolving outside it is a configuration error (a
/// nianbao.toml that came with a folder of reports cannot make nianbao read other files; use
/// `--config FILE` for a trusted configuration).
pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
    let text =
        read_small(path).map_err(|(message_zh, message)| ConfigError { path: path.to_owned(), message, message_zh })?;
    let mut config = parse_bilingual(&text).map_err(|(message_zh, message)| ConfigError {
        path: path.to_owned(),
        message,
        message_zh,
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    for ig in &mut config.ignores {
        ig.file = normalize(&dir.join(&ig.file));
    }
    let root = normalize(dir);
    for ag in &mut config.aggregates {
        ag.report = normalize(&dir.join(&ag.report));
        for p in &mut ag.parts {
            let written = p.clone();
            *p = normalize(&dir.join(&*p));
            confine(&written, p, &root).map_err(|(message_zh, message)| ConfigError {
                path: path.to_owned(),
                message,
                message_zh,
            })?;
        }
    }
    config.path = Some(path.to_owned());
    Ok(config)
}

/// The most a nianbao.toml may hold (a real one is a few KB).
const MAX_CONFIG_BYTES: u64 = 1024 * 1024;

/// The text of the configuration file at `path`: a regular file (a FIFO is not waited on) of
/// at most [`MAX_CONFIG_BYTES`]. The error is in Chinese and English.
fn read_small(path: &Path) -> Result<String, (String, String)> {
    use std::io::Read;
    let io = |e: std::io::Error| (format!("无法读取：{e}"), format!("cannot read: {e}"));
    let meta = std::fs::metadata(path).map_err(io)?;
    if !meta.is_file() {
        return Err(("不是普通文件".to_string(), "not a regular file".to_string()));
    }
    let too_big = || {
        (
            format!("文件超过 {} KiB，不像配置文件", MAX_CONFIG_BYTES / 1024),
            format!("larger than {} KiB: not a configuration file", MAX_CONFIG_BYTES / 1024),
        )
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path).map_err(io)?.take(MAX_CONFIG_BYTES + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| ("不是 UTF-8 文本".to_string(), "not UTF-8 text".to_string()))
}

/// Checks that the `[[aggregate]]` part written `written` (resolved to `resolved`) is inside
/// `root`, the configuration file's folder: lexically, and once symbolic links are resolved
/// when the file exists.
fn confine(written: &Path, resolved: &Path, root: &Path) -> Result<(), (String, String)> {
    let shown = written.display();
    if written.is_absolute() || written.has_root() {
        return Err((
            format!("[[aggregate]] 的 parts 中的 `{shown}` 是绝对路径：组成报告须写成相对于 nianbao.toml 所在文件夹的路径（可信的配置请用 --config 指定）"),
            format!("[[aggregate]] part `{shown}` is an absolute path: parts must be paths inside the folder of nianbao.toml (use --config FILE for a trusted configuration)"),
        ));
    }
    if !resolved.starts_with(root) || resolved == root {
        return Err((
            format!("[[aggregate]] 的 parts 中的 `{shown}` 指向 nianbao.toml 所在文件夹之外：组成报告须在该文件夹内（可信的配置请用 --config 指定）"),
            format!("[[aggregate]] part `{shown}` leads outside the folder of nianbao.toml: parts must be inside it (use --config FILE for a trusted configuration)"),
        ));
    }
    if let (Ok(real), Ok(real_root)) = (std::fs::canonicalize(resolved), std::fs::canonicalize(root)) {
        if !real.starts_with(&real_root) {
            return Err((
                format!("[[aggregate]] 的 parts 中的 `{shown}` 是指向 nianbao.toml 所在文件夹之外的符号链接：组成报告须在该文件夹内"),
                format!("[[aggregate]] part `{shown}` is a symbolic link leading outside the folder of nianbao.toml: parts must be inside it"),
            ));
        }
    }
    Ok(())
}

/// An absolute path without `.` and `..` components (lexically: the file need not exist).
pub fn normalize(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for c in abs.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Splits `diagnostics` of the report at `path` into the kept ones and the ignored ones (with
/// the entry that dismissed each), by the `[[ignore]]` entries in `settings`.
pub fn split_ignored(
    path: Option<&Path>,
    text: &str,
    report: &crate::model::Report,
    diagnostics: Vec<crate::Diagnostic>,
    settings: &Settings,
) -> (Vec<crate::Diagnostic>, Vec<(crate::Diagnostic, Ignore)>) {
    let Some(path) = path.filter(|_| !settings.ignores.is_empty()) else { return (diagnostics, Vec::new()) };
    let path = normalize(path);
    let entries: Vec<&Ignore> = settings.ignores.iter().filter(|i| i.file == path).collect();
    if entries.is_empty() {
        return (diagnostics, Vec::new());
    }
    let mut kept = Vec::new();
    let mut ignored = Vec::new();
    for d in diagnostics {
        let anchor = crate::anchor::anchor(text, report, &d);
        match entries.iter().find(|i| i.code == d.rule.code && crate::anchor::matches(&i.key, &anchor)) {
            Some(i) => ignored.push((d, (*i).clone())),
            None => kept.push(d),
        }
    }
    (kept, ignored)
}

/// The findings of the report at `path` that are not dismissed by `[[ignore]]` entries.
pub fn check_path(path: Option<&Path>, text: &str, settings: &Settings) -> Vec<crate::Diagnostic> {
    let report = crate::parse::parse_with(text, settings.format);
    let found = crate::check_report(text, &report, settings);
    split_ignored(path, text, &report, found, settings).0
}

/// `fix::fix_text` for the report at `path`: a finding dismissed by an `[[ignore]]` entry is
/// not fixed either.
pub fn fix_text_for(path: Option<&Path>, text: &str, settings: &Settings, mode: crate::FixMode) -> Option<String> {
    crate::fix::fix_text_with(text, mode, |t| check_path(path, t, settings))
}

/// The `[[ignore]]` entry that dismisses `diagnostic`, as TOML to append to nianbao.toml.
/// `file` is the report's path relative to the config file's folder, with `/` separators.
pub fn ignore_entry(file: &str, text: &str, report: &crate::model::Report, diagnostic: &crate::Diagnostic) -> String {
    let anchor = crate::anchor::anchor(text, report, diagnostic);
    let key = match &anchor {
        crate::anchor::Anchor::Cell(_) => "cell",
        crate::anchor::Anchor::Phrase(_) => "phrase",
    };
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    format!("\n[[ignore]]\ncode = {}\nfile = {}\n{key} = {}\n", q(diagnostic.rule.code), q(file), q(anchor.text()))
}

/// Parses and validates the text of a nianbao.toml. Unknown keys, unknown rules and unknown
/// values are errors (a misspelt setting must not be silently ignored). Rule keys are stored
/// by rule code (`row-total` and `nb201` both become `NB201`). The error is in English.
pub fn parse(text: &str) -> Result<FileConfig, String> {
    parse_bilingual(text).map_err(|(_, en)| en)
}

/// [`parse`] with the error in Chinese and English.
fn parse_bilingual(text: &str) -> Result<FileConfig, (String, String)> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let msg = e.to_string();
        let msg = msg.trim_end();
        (format!("不是有效的 TOML：{msg}"), format!("invalid TOML: {msg}"))
    })?;
    let mut config = FileConfig::default();
    for (key, value) in &table {
        match key.as_str() {
            "lang" => {
                let lang = value.as_str().and_then(Lang::parse).ok_or_else(|| {
                    (
                        format!("lang = {value}：应为 \"zh\" 或 \"en\""),
                        format!("lang = {value}: expected \"zh\" or \"en\""),
                    )
                })?;
                config.lang = Some(lang);
            }
            "format" => {
                let format = value.as_str().and_then(FormatChoice::parse).ok_or_else(|| {
                    (
                        format!("format = {value}：应为 {}", FormatChoice::names(Lang::Zh)),
                        format!("format = {value}: expected {}", FormatChoice::names(Lang::En)),
                    )
                })?;
                config.format = Some(format);
            }
            "rules" => {
                let rules = value.as_table().ok_or_else(|| {
                    ("`rules` 应为表：[rules]".to_string(), "`rules` must be a table: [rules]".to_string())
                })?;
                for (rule, level) in rules {
                    let found = crate::rules::find(rule)
                        .or_else(|| crate::rules::find(&rule.to_ascii_uppercase()))
                        .ok_or_else(|| {
                            (
                                format!("[rules] 中的规则 `{rule}` 不存在（`nianbao rules` 列出所有规则）"),
                                format!("unknown rule `{rule}` in [rules] (see `nianbao rules`)"),
                            )
                        })?;
                    let level = level.as_str().and_then(parse_level).ok_or_else(|| {
                        (
                            format!(
                                "rules.{rule} = {level}：应为 \"off\"、\"error\"、\"warning\"、\"info\" 或 \"hint\""
                            ),
                            format!(
                                "rules.{rule} = {level}: expected \"off\", \"error\", \"warning\", \"info\" or \"hint\""
                            ),
                        )
                    })?;
                    config.rules.insert(found.code.to_string(), level);
                }
            }
            "ignore" => {
                let entries = value.as_array().ok_or_else(|| {
                    ("`ignore` 应写成 [[ignore]] 表".to_string(), "`ignore` must be [[ignore]] tables".to_string())
                })?;
                for entry in entries {
                    config.ignores.push(parse_ignore(entry)?);
                }
            }
            "aggregate" => {
                let bad = || {
                    (
                        "[[aggregate]] 应为 report = \"…\" 和 parts = [\"…\", …]".to_string(),
                        "[[aggregate]] needs report = \"…\" and parts = [\"…\", …]".to_string(),
                    )
                };
                for entry in value.as_array().ok_or_else(bad)? {
                    let t = entry.as_table().ok_or_else(bad)?;
                    if t.keys().any(|k| k != "report" && k != "parts") {
                        return Err(bad());
                    }
                    let report = t.get("report").and_then(|v| v.as_str()).ok_or_else(bad)?;
                    let parts = t.get("parts").and_then(|v| v.as_array()).ok_or_else(bad)?;
                    let parts: Option<Vec<PathBuf>> = parts.iter().map(|p| p.as_str().map(PathBuf::from)).collect();
                    config.aggregates.push(Aggregate { report: PathBuf::from(report), parts: parts.ok_or_else(bad)? });
                }
            }
            "limits" => {
                let table = value.as_table().ok_or_else(|| {
                    ("`limits` 应为表：[limits]".to_string(), "`limits` must be a table: [limits]".to_string())
                })?;
                for (name, value) in table {
                    let limit = Limit::from_name(name).ok_or_else(|| {
                        (
                            format!("[limits]：{}", crate::limits::unknown(name, Lang::Zh)),
                            format!("[limits]: {}", crate::limits::unknown(name, Lang::En)),
                        )
                    })?;
                    let text = match value {
                        toml::Value::Integer(n) => n.to_string(),
                        toml::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    let (zh, en) = match limit.parse_value(&text) {
                        Ok(v) => {
                            config.limits.push((limit, v));
                            continue;
                        }
                        Err(e) => e,
                    };
                    return Err((format!("[limits]：{zh}"), format!("[limits]: {en}")));
                }
            }
            other => {
                return Err((
                    format!(
                    "未知的设置 `{other}`（只能有 `lang`、`format`、[rules]、[[ignore]]、[[aggregate]] 和 [limits]）"
                ),
                    format!(
                    "unknown key `{other}` (expected `lang`, `format`, [rules], [[ignore]], [[aggregate]] or [limits])"
                ),
                ))
            }
        }
    }
    Ok(config)
}

fn parse_ignore(entry: &toml::Value) -> Result<Ignore, (String, String)> {
    let bad = |zh: &str, en: &str| (format!("[[ignore]]：{zh}"), format!("[[ignore]]: {en}"));
    let t = entry.as_table().ok_or_else(|| bad("应为表", "must be a table"))?;
    let get = |k: &str| t.get(k).and_then(|v| v.as_str()).map(str::to_string);
    for k in t.keys() {
        if !["code", "file", "cell", "phrase", "reason"].contains(&k.as_str()) {
            return Err(bad(&format!("未知的键 `{k}`"), &format!("unknown key `{k}`")));
        }
    }
    let code = get("code").ok_or_else(|| bad("缺少 code", "missing code"))?;
    let rule = crate::rules::find(&code)
        .or_else(|| crate::rules::find(&code.to_ascii_uppercase()))
        .ok_or_else(|| bad(&format!("规则 `{code}` 不存在"), &format!("unknown rule `{code}`")))?;
    let file = get("file").ok_or_else(|| bad("缺少 file", "missing file"))?;
    let key = match (get("cell"), get("phrase")) {
        (Some(k), None) | (None, Some(k)) => k,
        _ => return Err(bad("需要 cell 或 phrase 之一", "needs exactly one of cell or phrase")),
    };
    Ok(Ignore { code: rule.code.to_string(), file: PathBuf::from(file), key, reason: get("reason") })
}

fn parse_level(s: &str) -> Option<RuleLevel> {
    match s {
        "off" => Some(RuleLevel::Off),
        "error" => Some(RuleLevel::On(Severity::Error)),
        "warning" => Some(RuleLevel::On(Severity::Warning)),
        "info" => Some(RuleLevel::On(Severity::Info)),
        "hint" => Some(RuleLevel::On(Severity::Hint)),
        _ => None,
    }
}

impl FileConfig {
    /// Overlays this file's settings on `settings` (the file wins over defaults; callers apply
    /// command-line or editor settings afterwards so that they win over the file).
    pub fn apply(&self, settings: &mut Settings) {
        if let Some(lang) = self.lang {
            settings.lang = lang;
        }
        if let Some(format) = self.format {
            settings.format = format;
        }
        for (k, v) in &self.rules {
            settings.rules.insert(k.clone(), *v);
        }
        settings.ignores.extend(self.ignores.iter().cloned());
        settings.aggregates.extend(self.aggregates.iter().cloned());
    }

    /// Overlays this file's `[limits]` on `limits` (only for the run's own configuration).
    pub fn apply_limits(&self, limits: &mut crate::limits::Limits) {
        for &(limit, value) in &self.limits {
            limits.set(limit, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lang_is_read_and_validated() {
        assert_eq!(parse("lang = \"en\"").unwrap().lang, Some(Lang::En));
        assert_eq!(parse("").unwrap(), FileConfig::default());
        assert!(parse("lang = \"fr\"").unwrap_err().contains("fr"));
        assert!(parse_bilingual("lang = \"fr\"").unwrap_err().0.contains("应为"));
        assert!(parse("lang = 3").is_err());
    }

    #[test]
    fn format_is_read_and_validated() {
        use crate::variant::Format;
        assert_eq!(parse("format = \"shanghai\"").unwrap().format, Some(FormatChoice::Is(Format::Shanghai)));
        assert_eq!(parse("format = \"auto\"").unwrap().format, Some(FormatChoice::Auto));
        assert_eq!(parse("").unwrap().format, None);
        let err = parse("format = \"beijing\"").unwrap_err();
        assert_eq!(err, "format = \"beijing\": expected \"auto\", \"national\" or \"shanghai\"");
        assert!(parse_bilingual("format = \"beijing\"").unwrap_err().0.contains("应为 \"auto\""));
        assert!(parse("format = 1").is_err());
        let mut settings = Settings::default();
        parse("format = \"national\"").unwrap().apply(&mut settings);
        assert_eq!(settings.format, FormatChoice::Is(Format::National));
    }

    #[test]
    fn unknown_keys_and_bad_toml_are_errors() {
        assert!(parse("colour = true").unwrap_err().contains("colour"));
        assert!(parse("rules = 1").is_err());
        assert!(parse("lang = ").unwrap_err().contains("invalid TOML"));
    }

    #[test]
    fn rules_must_exist() {
        let err = parse("[rules]\nNB999 = \"off\"").unwrap_err();
        assert!(err.contains("NB999"), "{err}");
    }

    #[test]
    fn rules_by_code_or_name_are_stored_by_code() {
        let rule = crate::rules::RULES.first().expect("RULES lists the rules");
        let text = format!("[rules]\n{} = \"off\"\n{} = \"hint\"\n", rule.code.to_ascii_lowercase(), rule.name);
        // Both keys name the same rule: the later one wins.
        let config = parse(&text).unwrap();
        assert_eq!(config.rules.len(), 1);
        assert!(config.rules.contains_key(rule.code));
        let bad = format!("[rules]\n{} = \"loud\"\n", rule.code);
        assert!(parse(&bad).unwrap_err().contains("loud"));
    }

    #[test]
    fn find_searches_upward_from_a_file() {
        let dir = std::env::temp_dir().join(format!("nianbao-config-{}", std::process::id()));
        let deep = dir.join("a").join("b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(dir.join(FILE_NAME), "lang = \"en\"\n").unwrap();
        let report = deep.join("r.txt");
        std::fs::write(&report, "x").unwrap();
        assert_eq!(find(&report), Some(dir.join(FILE_NAME)));
        assert_eq!(find(&deep), Some(dir.join(FILE_NAME)));
        let config = load(&find(&report).unwrap()).unwrap();
        assert_eq!(config.lang, Some(Lang::En));
        assert_eq!(config.path, Some(dir.join(FILE_NAME)));
        let mut settings = Settings::default();
        config.apply(&mut settings);
        assert_eq!(settings.lang, Lang::En);
        std::fs::write(dir.join(FILE_NAME), "lang = \"xx\"\n").unwrap();
        let err = load(&dir.join(FILE_NAME)).unwrap_err();
        assert!(err.to_string().contains(FILE_NAME));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[cfg(test)]
mod ignore_tests {
    use super::*;
    use crate::rules::testing::{edit, SEED_002};

    #[test]
    fn ignore_entries_dismiss_only_their_finding() {
        let dir = std::env::temp_dir().join(format!("nianbao-ignore-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("2023")).unwrap();
        let cfg = dir.join(FILE_NAME);
        std::fs::write(
            &cfg,
            "[[ignore]]\ncode = \"NB301\"\nfile = \"2023/a.txt\"\nphrase = \"共收到政府信息公开申请 140 件\"\nreason = \"口径不同\"\n",
        )
        .unwrap();
        let config = load(&cfg).unwrap();
        let mut settings = Settings::default();
        config.apply(&mut settings);
        let text = edit(SEED_002, "一、本年新收", "146", "147")
            .replace("共受理政府信息公开申请 146 件", "共收到政府信息公开申请 140 件");
        let report = crate::parse::parse(&text);
        let all = crate::check(&text, &settings);
        let (kept, ignored) = split_ignored(Some(&dir.join("2023/./a.txt")), &text, &report, all.clone(), &settings);
        assert_eq!(kept.iter().map(|d| d.rule.code).collect::<Vec<_>>(), vec!["NB201"]);
        assert_eq!(ignored.len(), 1);
        assert_eq!(ignored[0].1.reason.as_deref(), Some("口径不同"));
        // Another file is not affected.
        let (kept, _) = split_ignored(Some(&dir.join("2023/b.txt")), &text, &report, all.clone(), &settings);
        assert_eq!(kept.len(), all.len());
        // The entry a client would write dismisses the finding it was made from.
        let nb201 = all.iter().find(|d| d.rule.code == "NB201").unwrap();
        let entry = ignore_entry("2023/a.txt", &text, &report, nb201);
        let parsed = parse(&entry).unwrap();
        assert_eq!(parsed.ignores[0].key, "表三·一、本年新收·总计");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn bad_ignore_entries_are_errors() {
        assert!(parse("[[ignore]]\ncode = \"NB999\"\nfile = \"a\"\ncell = \"x\"").is_err());
        assert!(parse("[[ignore]]\ncode = \"NB201\"\nfile = \"a\"").is_err());
        assert!(parse("[[ignore]]\ncode = \"NB201\"\nfile = \"a\"\ncell = \"x\"\nline = 3").is_err());
    }
}

#[cfg(test)]
mod confinement_tests {
    use super::*;
    use crate::limits::Limits;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("nianbao-confine-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        dir
    }

    #[test]
    fn aggregate_parts_must_stay_inside_the_folder() {
        let dir = folder("parts");
        let cfg = dir.join(FILE_NAME);
        let write = |parts: &str| {
            std::fs::write(&cfg, format!("[[aggregate]]\nreport = \"all.txt\"\nparts = [{parts}]\n")).unwrap();
            load(&cfg)
        };
        let ok = write("\"a.txt\", \"sub/b.txt\", \"sub/../c.txt\"").unwrap();
        assert_eq!(ok.aggregates[0].parts, vec![dir.join("a.txt"), dir.join("sub/b.txt"), dir.join("c.txt")]);
        for (parts, zh, en) in [
            ("\"/etc/passwd\"", "绝对路径", "absolute path"),
            ("\"/dev/zero\"", "绝对路径", "absolute path"),
            ("\"../secret.txt\"", "之外", "leads outside"),
            ("\"sub/../../secret.txt\"", "之外", "leads outside"),
        ] {
            let err = write(parts).unwrap_err();
            assert!(err.message.contains(en) && err.message.contains("--config"), "{parts}: {}", err.message);
            assert!(err.message_zh.contains(zh), "{parts}: {}", err.message_zh);
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", dir.join("link.txt")).unwrap();
            let err = write("\"link.txt\"").unwrap_err();
            assert!(err.message.contains("symbolic link"), "{}", err.message);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn limits_are_read_and_validated() {
        let config = parse("[limits]\ninput-bytes = \"100MiB\"\npdf-pages = 20\n").unwrap();
        let mut limits = Limits::default();
        config.apply_limits(&mut limits);
        assert_eq!(limits.input_bytes, 100 * 1024 * 1024);
        assert_eq!(limits.pdf_pages, 20);
        assert_eq!(limits.text_bytes, Limits::default().text_bytes);
        assert!(parse("[limits]\npdf-page = 20\n").unwrap_err().contains("pdf-pages"));
        assert!(parse("[limits]\npdf-pages = 0\n").unwrap_err().contains("positive"));
        assert!(parse("[limits]\npdf-pages = -3\n").is_err());
        assert!(parse("limits = 3\n").is_err());
        assert!(parse_bilingual("[limits]\nx = 1\n").unwrap_err().0.contains("没有名为"));
    }
}
