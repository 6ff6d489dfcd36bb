//! The corpus of real published reports (`tests/corpus/`, see its README.md): `nianbao check`
//! on every file gives exactly the findings its `.expected` file lists. A finding at warning or
//! error that is not listed fails, and so does a listed one that is not found — so a false
//! finding that gets fixed forces its `false` entry out, and a miss that gets found forces its
//! `missed` entry to become `ok`. Info findings are counted, never matched. The test also keeps
//! `docs/precision.md` (per rule: findings, confirmed, false) current: run it with
//! `UPDATE_DOCS=1 cargo test --test corpus` to rewrite the page after changing expectations.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("tests/corpus")
}

/// The folders that hold corpus files, each checked in one run (a folder as a review office
/// checks it); each has its own nianbao.toml where rules are off (see tests/corpus/README.md).
const FOLDERS: &[&str] = &["openings", "openings/overview-complete", "openings/table-2", "whole", "not-reports"];
const EXTENSIONS: &[&str] = &["txt", "html", "pdf", "docx"];

/// The row of docs/precision.md for the reading itself: a file read as a report is a finding of
/// its own (confirmed when it is one, false when it is not), a report skipped is a miss.
const READING: &str = "reading";

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Verdict {
    /// A finding a careful reviewer agrees with.
    Ok,
    /// A finding nianbao reports that a careful reviewer would not make.
    False,
    /// A finding a careful reviewer expects that nianbao does not report today.
    Missed,
}

#[derive(Clone, Debug)]
struct Entry {
    verdict: Verdict,
    code: String,
    line: usize,
    /// The text the finding underlines, or its start followed by `…`.
    span: String,
    /// A part of the (Chinese) message, to tell apart findings on the same span.
    message: Option<String>,
    class: Option<String>,
    /// Line in the .expected file, for messages.
    at: usize,
}

#[derive(Debug)]
struct Expected {
    /// `read: report` (the file is read as a report) or `read: skipped`.
    report: bool,
    /// `read: report false:<class> | <note>` (a text that is not a report, read as one) or
    /// `read: skipped missed:<class> | <note>` (a report nianbao skips): the class.
    misread: Option<(Verdict, String)>,
    entries: Vec<Entry>,
}

fn parse_expected(path: &Path) -> Result<Expected, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut report = None;
    let mut misread = None;
    let mut entries = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let at = i + 1;
        let line = raw.trim();
        let err = |m: &str| format!("{}:{at}: {m}: {raw}", path.display());
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(v) = line.strip_prefix("read:") {
            let (how, note) = match v.split_once(" | ") {
                Some((how, note)) if !note.trim().is_empty() => (how, Some(note)),
                Some(_) => return Err(err("the note is empty")),
                None => (v, None),
            };
            let words: Vec<&str> = how.split_whitespace().collect();
            let (read, verdict) = match words[..] {
                [read] => (read, None),
                [read, verdict] if note.is_some() => (read, Some(verdict)),
                _ => return Err(err("`read: report|skipped [false:<class>|missed:<class> | <note>]`")),
            };
            report = Some(match read {
                "report" => true,
                "skipped" => false,
                _ => return Err(err("`read:` is `report` or `skipped`")),
            });
            misread = match (read, verdict.map(|v| v.split_once(':'))) {
                (_, None) => None,
                ("report", Some(Some(("false", class)))) => Some((Verdict::False, class.to_string())),
                ("skipped", Some(Some(("missed", class)))) => Some((Verdict::Missed, class.to_string())),
                _ => return Err(err("a report read wrongly is `read: report false:<class>`, a skipped one `read: skipped missed:<class>`")),
            };
            continue;
        }
        // <verdict>[:<class>] <CODE> L<line> 「<span>」 [~<message part>] | <note>
        let (head, note) = line.split_once(" | ").ok_or_else(|| err("an entry ends with ` | <note>`"))?;
        if note.trim().is_empty() {
            return Err(err("the note is empty"));
        }
        let open = head.find('「').ok_or_else(|| err("no 「span」"))?;
        let close = head.rfind('」').ok_or_else(|| err("no 「span」"))?;
        let span = head[open + '「'.len_utf8()..close].to_string();
        let after = head[close + '」'.len_utf8()..].trim();
        let message = match after.strip_prefix('~') {
            Some(m) if !m.trim().is_empty() => Some(m.trim().to_string()),
            None if after.is_empty() => None,
            _ => return Err(err("after 「span」 only `~<message part>`")),
        };
        let words: Vec<&str> = head[..open].split_whitespace().collect();
        let [verdict, code, line_no] = words[..] else {
            return Err(err("an entry is `<verdict>[:<class>] <CODE> L<line> 「<span>」`"));
        };
        let (verdict, class) = match verdict.split_once(':') {
            Some((v, c)) => (v, Some(c.to_string())),
            None => (verdict, None),
        };
        let verdict = match verdict {
            "ok" => Verdict::Ok,
            "false" => Verdict::False,
            "missed" => Verdict::Missed,
            _ => return Err(err("the verdict is `ok`, `false:<class>` or `missed:<class>`")),
        };
        if (verdict == Verdict::Ok) != class.is_none() {
            return Err(err("`false` and `missed` entries name a class; `ok` entries do not"));
        }
        if !code.starts_with("NB") || code.len() != 5 {
            return Err(err("the code is NBxxx"));
        }
        let line_no =
            line_no.strip_prefix('L').and_then(|n| n.parse().ok()).ok_or_else(|| err("the line is L<number>"))?;
        entries.push(Entry { verdict, code: code.to_string(), line: line_no, span, message, class, at });
    }
    let report = report.ok_or_else(|| format!("{}: no `read: report` or `read: skipped` line", path.display()))?;
    Ok(Expected { report, misread, entries })
}

/// One finding of `nianbao check --format json`.
#[derive(Clone, Debug)]
struct Finding {
    code: String,
    severity: String,
    line: usize,
    /// The text it underlines on its first line.
    span: String,
    message: String,
}

/// The lines of `text` as the CLI counts them (`\n`, `\r\n` or a lone `\r` end a line).
fn lines_of(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' || b[i] == b'\r' {
            out.push(&text[start..i]);
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out.push(&text[start..]);
    out
}

/// The text `nianbao` checks for a corpus file: a document's extracted text, or the file itself.
fn text_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    match nianbao_formats::kind_of(path) {
        Some(kind) => {
            nianbao_formats::extract(kind, &bytes).unwrap_or_else(|e| panic!("{}: {e:?}", path.display())).text
        }
        None => String::from_utf8(bytes).unwrap_or_else(|_| panic!("{}: not UTF-8", path.display())),
    }
}

fn span_text(lines: &[&str], d: &serde_json::Value) -> String {
    let get = |k: &str| d[k].as_u64().unwrap_or_else(|| panic!("no {k} in {d}")) as usize;
    let (line, column, end_line, end_column) = (get("line"), get("column"), get("end_line"), get("end_column"));
    let chars: Vec<char> = lines.get(line - 1).copied().unwrap_or("").chars().collect();
    let from = (column - 1).min(chars.len());
    let to = if end_line == line { (end_column - 1).clamp(from, chars.len()) } else { chars.len() };
    chars[from..to].iter().collect()
}

/// The span as an entry writes it: whole up to 30 characters, else its start and `…`.
fn short_span(span: &str) -> String {
    if span.chars().count() <= 30 {
        span.to_string()
    } else {
        format!("{}…", span.chars().take(30).collect::<String>())
    }
}

fn entry_matches(e: &Entry, f: &Finding) -> bool {
    let span = match e.span.strip_suffix('…') {
        Some(start) => f.span.starts_with(start),
        None => f.span == e.span,
    };
    e.code == f.code && e.line == f.line && span && e.message.as_ref().is_none_or(|m| f.message.contains(m.as_str()))
}

fn suggestion(f: &Finding) -> String {
    format!("ok {} L{} 「{}」 ~{} | <note>  ({})", f.code, f.line, short_span(&f.span), f.message, f.severity)
}

/// Runs `nianbao check --format json` on the files of one folder, in one run.
fn check_folder(files: &[PathBuf]) -> BTreeMap<PathBuf, Vec<serde_json::Value>> {
    let rel: Vec<PathBuf> = files.iter().map(|f| f.strip_prefix(corpus()).unwrap().to_path_buf()).collect();
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(corpus())
        .args(["--lang", "zh", "check", "--format", "json"])
        .args(&rel)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "nianbao check failed on {rel:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("JSON output");
    let mut by_file: BTreeMap<PathBuf, Vec<serde_json::Value>> = rel.iter().map(|r| (r.clone(), Vec::new())).collect();
    for d in all {
        let path = PathBuf::from(d["path"].as_str().expect("path"));
        by_file.get_mut(&path).unwrap_or_else(|| panic!("a finding for {path:?}, not checked")).push(d);
    }
    by_file
}

fn corpus_files() -> Vec<(String, Vec<PathBuf>)> {
    FOLDERS
        .iter()
        .map(|folder| {
            let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join(folder))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| EXTENSIONS.iter().any(|e| x == *e)))
                .collect();
            files.sort();
            (folder.to_string(), files)
        })
        .collect()
}

/// A row of tests/corpus/SOURCES.tsv.
struct Source {
    kind: String,
    year: String,
    format: String,
}

fn sources() -> BTreeMap<String, Source> {
    let text = std::fs::read_to_string(corpus().join("SOURCES.tsv")).unwrap();
    let mut rows = text.lines();
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    assert_eq!(
        header,
        ["file", "kind", "year", "agency", "format", "source", "retrieved", "cut"],
        "SOURCES.tsv header"
    );
    rows.map(|r| {
        let c: Vec<&str> = r.split('\t').collect();
        assert_eq!(c.len(), header.len(), "SOURCES.tsv row: {r}");
        assert!(c.iter().all(|v| !v.trim().is_empty()), "SOURCES.tsv row with an empty field: {r}");
        (c[0].to_string(), Source { kind: c[1].to_string(), year: c[2].to_string(), format: c[4].to_string() })
    })
    .collect()
}

/// Per rule and per false class, what the corpus shows.
#[derive(Default)]
struct Tally {
    /// code → (warning/error findings, confirmed, false, info findings, missed)
    rules: BTreeMap<String, [usize; 5]>,
    /// class → (false findings, missed findings, rules)
    classes: BTreeMap<String, (usize, usize, BTreeSet<String>)>,
    /// folder → (files, read as reports, warning/error findings, false)
    folders: BTreeMap<String, [usize; 4]>,
    /// (kind, year, format) → files
    files: BTreeMap<(String, String, String), usize>,
}

#[test]
fn corpus_findings_are_the_expected_ones() {
    let sources = sources();
    let mut failures = Vec::new();
    let mut tally = Tally::default();
    let mut seen = BTreeSet::new();
    let names: BTreeMap<String, String> =
        nianbao_core::rules::RULES.iter().map(|r| (r.code.to_string(), r.name.to_string())).collect();
    for (folder, files) in corpus_files() {
        assert!(!files.is_empty(), "no corpus files in {folder}");
        let results = check_folder(&files);
        for file in &files {
            let rel = file.strip_prefix(corpus()).unwrap().to_path_buf();
            let name = rel.to_string_lossy().to_string();
            seen.insert(name.clone());
            match sources.get(&name) {
                Some(s) => *tally.files.entry((s.kind.clone(), s.year.clone(), s.format.clone())).or_default() += 1,
                None => failures.push(format!("{name}: not in SOURCES.tsv")),
            }
            let expected_path = file.with_extension("expected");
            let expected = match parse_expected(&expected_path) {
                Ok(e) => e,
                Err(e) => {
                    failures.push(e);
                    continue;
                }
            };
            let text = text_of(file);
            let lines = lines_of(&text);
            let is_report = nianbao_core::parse::parse(&text).is_report();
            let counts = tally.folders.entry(folder.clone()).or_default();
            counts[0] += 1;
            counts[1] += usize::from(is_report);
            if let Some((verdict, class)) = &expected.misread {
                let rule = tally.rules.entry(READING.to_string()).or_default();
                let class = tally.classes.entry(class.clone()).or_default();
                class.2.insert(READING.to_string());
                if *verdict == Verdict::False {
                    rule[0] += 1;
                    rule[2] += 1;
                    class.0 += 1;
                } else {
                    rule[4] += 1;
                    class.1 += 1;
                }
            } else if is_report {
                let rule = tally.rules.entry(READING.to_string()).or_default();
                rule[0] += 1;
                rule[1] += 1;
            }
            if is_report != expected.report {
                failures.push(format!(
                    "{name}: read as {}, the .expected file says `read: {}`",
                    if is_report { "a report" } else { "not a report (skipped)" },
                    if expected.report { "report" } else { "skipped" }
                ));
            }
            let mut findings = Vec::new();
            for d in &results[&rel] {
                let f = Finding {
                    code: d["code"].as_str().unwrap().to_string(),
                    severity: d["severity"].as_str().unwrap().to_string(),
                    line: d["line"].as_u64().unwrap() as usize,
                    span: span_text(&lines, d),
                    message: d["message"].as_str().unwrap().to_string(),
                };
                let rule = tally.rules.entry(f.code.clone()).or_default();
                if f.severity == "warning" || f.severity == "error" {
                    rule[0] += 1;
                    findings.push(f);
                } else {
                    rule[3] += 1;
                }
            }
            tally.folders.get_mut(&folder).unwrap()[2] += findings.len();
            // Each ok/false entry takes one finding.
            let mut taken = vec![false; findings.len()];
            for e in expected.entries.iter().filter(|e| e.verdict != Verdict::Missed) {
                match (0..findings.len()).find(|&i| !taken[i] && entry_matches(e, &findings[i])) {
                    Some(i) => {
                        taken[i] = true;
                        let rule = tally.rules.entry(e.code.clone()).or_default();
                        if e.verdict == Verdict::Ok {
                            rule[1] += 1;
                        } else {
                            rule[2] += 1;
                            tally.folders.get_mut(&folder).unwrap()[3] += 1;
                            let class = tally.classes.entry(e.class.clone().unwrap()).or_default();
                            class.0 += 1;
                            class.2.insert(e.code.clone());
                        }
                    }
                    None => failures.push(format!(
                        "{}:{}: listed finding not reported at warning or error: {} L{} 「{}」{}{}",
                        expected_path.strip_prefix(root()).unwrap().display(),
                        e.at,
                        e.code,
                        e.line,
                        e.span,
                        e.message.as_ref().map(|m| format!(" ~{m}")).unwrap_or_default(),
                        if e.verdict == Verdict::False { " (a fixed false finding? remove the entry)" } else { "" },
                    )),
                }
            }
            for e in expected.entries.iter().filter(|e| e.verdict == Verdict::Missed) {
                tally.rules.entry(e.code.clone()).or_default()[4] += 1;
                let class = tally.classes.entry(e.class.clone().unwrap()).or_default();
                class.1 += 1;
                class.2.insert(e.code.clone());
            }
            for (i, f) in findings.iter().enumerate().filter(|(i, _)| !taken[*i]) {
                let missed = expected
                    .entries
                    .iter()
                    .find(|e| e.verdict == Verdict::Missed && e.code == f.code && e.line == f.line);
                failures.push(match missed {
                    Some(e) => format!(
                        "{}:{}: the missed finding is now reported; make the entry `ok` (or `false`): {}",
                        expected_path.strip_prefix(root()).unwrap().display(),
                        e.at,
                        suggestion(f)
                    ),
                    None => format!("{name}: unlisted finding #{i}: {}", suggestion(f)),
                });
            }
        }
    }
    for name in sources.keys().filter(|n| !seen.contains(*n)) {
        failures.push(format!("SOURCES.tsv lists {name}, which is not in the corpus"));
    }
    assert!(failures.is_empty(), "{} corpus mismatches:\n{}", failures.len(), failures.join("\n"));

    let page = precision_page(&tally, &names);
    let path = root().join("docs/precision.md");
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &page).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == page, "docs/precision.md is stale: run `UPDATE_DOCS=1 cargo test --test corpus`");
}

fn precision_page(t: &Tally, names: &BTreeMap<String, String>) -> String {
    let mut s = String::new();
    let files: usize = t.files.values().sum();
    let sum = |k: usize| t.rules.values().map(|r| r[k]).sum::<usize>();
    let _ = writeln!(s, "# Precision on real reports\n");
    let _ = writeln!(
        s,
        "Generated by `tests/corpus.rs` from the corpus in `tests/corpus/` (real published reports, see its \
         README.md and SOURCES.tsv) and the `.expected` file beside each report; do not edit by hand \
         (`UPDATE_DOCS=1 cargo test --test corpus` rewrites it). A finding is *confirmed* when a careful \
         reviewer agrees with it and *false* when a reviewer would not make it; *missed* counts findings a \
         reviewer expects that nianbao does not report. Only warnings and errors count as findings; info \
         findings are listed apart. `docs/triage.md` explains every false class.\n"
    );
    let _ = writeln!(
        s,
        "**{files} files; {} findings at warning or error: {} confirmed, {} false; {} info; {} known misses.**\n",
        sum(0),
        sum(1),
        sum(2),
        sum(3),
        sum(4)
    );
    let _ = writeln!(s, "## Per rule\n");
    let _ = writeln!(s, "| rule | findings | confirmed | false | precision | info | missed |");
    let _ = writeln!(s, "|---|---|---|---|---|---|---|");
    // The reading first, then the rules in code order.
    let key = READING.to_string();
    let reading = t.rules.get(&key).map(|r| (&key, r));
    for (code, r) in reading.into_iter().chain(t.rules.iter().filter(|(c, _)| **c != key)) {
        let precision =
            if r[0] == 0 { "–".to_string() } else { format!("{:.0}%", 100.0 * r[1] as f64 / r[0] as f64) };
        let name = match names.get(code) {
            Some(name) => format!("{code} `{name}`"),
            None => "read as a report".to_string(),
        };
        let _ = writeln!(s, "| {name} | {} | {} | {} | {precision} | {} | {} |", r[0], r[1], r[2], r[3], r[4]);
    }
    let _ = writeln!(s, "\n## False findings and misses per class\n");
    let _ = writeln!(s, "| class | false | missed | rules |");
    let _ = writeln!(s, "|---|---|---|---|");
    for (class, (false_, missed, rules)) in &t.classes {
        let rules: Vec<&str> = rules.iter().map(String::as_str).collect();
        let _ = writeln!(s, "| `{class}` | {false_} | {missed} | {} |", rules.join(", "));
    }
    let _ = writeln!(s, "\n## Per folder\n");
    let _ = writeln!(s, "| folder | files | read as reports | findings | false |");
    let _ = writeln!(s, "|---|---|---|---|---|");
    for (folder, f) in &t.folders {
        let _ = writeln!(s, "| `{folder}/` | {} | {} | {} | {} |", f[0], f[1], f[2], f[3]);
    }
    let _ = writeln!(s, "\n## The corpus\n");
    let _ = writeln!(s, "| kind | year | format | files |");
    let _ = writeln!(s, "|---|---|---|---|");
    for ((kind, year, format), n) in &t.files {
        let _ = writeln!(s, "| {kind} | {year} | {format} | {n} |");
    }
    s
}
