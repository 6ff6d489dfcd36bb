//! One language at a time: with the default language `explain`, `rules` and `check` print no
//! English sentence, and with `--lang en` no Chinese sentence outside quoted report text.
//!
//! What counts as a sentence of the other language is kept simple and shown on examples below:
//! in Chinese output, two English words in a row or a lowercase English word of four letters or
//! more, outside `code`, “quotes”, file names, options, rule names, the severity tag of
//! `path:line:col: error[NB201]` (the rustc-style form editors parse) and the report lines quoted
//! under a finding; in English output, Chinese sentence punctuation (，。；：！？) or the words
//! 的 了 个 此 请 outside `code`, “quotes”, brackets and the quoted report lines.

use nianbao_core::rules::RULES;
use std::path::Path;
use std::process::Command;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// stdout and stderr of `nianbao args…` run in the repository root.
fn run(args: &[&str]) -> String {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao")).current_dir(root()).args(args).output().unwrap();
    assert!(o.status.code().is_some_and(|c| c <= 1), "{args:?}: {o:?}");
    let out = format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    assert!(!out.trim().is_empty(), "{args:?} printed nothing");
    out
}

/// `text` without what is between `open` and `close` (both included).
fn without(text: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i + open.len()..].find(close) {
            Some(j) => rest = &rest[i + open.len() + j + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The lines a finding quotes from the report (`39 | 一、本年新收…`, `   |     ^^^`) left out.
fn without_excerpts(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().trim_start_matches(|c: char| c.is_ascii_digit()).trim_start().starts_with('|'))
        .collect::<Vec<_>>()
        .join("\n")
}

/// What an English sentence in Chinese output would leave: see the module docs.
fn english_in(text: &str) -> Vec<String> {
    let mut text = without(&without(&without_excerpts(text), "```", "```"), "`", "`");
    text = without(&text, "“", "”");
    let mut words: Vec<(usize, usize, &str)> = Vec::new(); // (start, end, word)
    let mut found = Vec::new();
    let tokens = text.split(|c: char| c.is_whitespace() || "，。；：、（）()".contains(c));
    let kept: String = tokens
        .filter(|t| {
            // File names, the `error[NB201]` tag, options and rule names are not sentences.
            let file =
                t.contains('/') || [".txt", ".md", ".toml", ".pdf", ".docx", ".html"].iter().any(|e| t.contains(e));
            let tag = t.ends_with(']') && t.contains('[');
            let rule = RULES.iter().any(|r| t.trim_matches(|c: char| !c.is_ascii_alphanumeric() && c != '-') == r.name);
            !file && !tag && !t.starts_with("--") && !rule
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut start = None;
    for (i, c) in kept.char_indices().chain([(kept.len(), ' ')]) {
        match (c.is_ascii_alphabetic(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i, &kept[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    for (k, &(s, e, w)) in words.iter().enumerate() {
        if w.len() >= 4 && w.starts_with(|c: char| c.is_ascii_lowercase()) {
            found.push(w.to_string());
        }
        if let Some(&(s2, e2, w2)) = words.get(k + 1) {
            let between = &kept[e..s2];
            if w.len() >= 2 && w2.len() >= 2 && between.chars().all(|c| c == ' ' || c == ',') {
                found.push(kept[s..e2].to_string());
            }
        }
    }
    found
}

/// What a Chinese sentence in English output would leave: see the module docs.
fn chinese_in(text: &str) -> Vec<String> {
    let mut text = without(&without(&without_excerpts(text), "```", "```"), "`", "`");
    for (open, close) in [("“", "”"), ("（", "）"), ("(", ")"), ("〔", "〕")] {
        text = without(&text, open, close);
    }
    text.lines().filter(|l| l.chars().any(|c| "，。；：！？的了个此请".contains(c))).map(str::to_string).collect()
}

#[test]
fn the_detectors_find_the_other_language() {
    // Mixed messages of the kind this test is for are found …
    assert!(!english_in("无法读取：pdftotext is needed to read this file，已跳过").is_empty());
    assert!(!english_in("默认级别：error").is_empty());
    assert!(!chinese_in("Found 1 error (1 个文件)；").is_empty());
    assert!(!chinese_in("cannot read: 无法读取此文件").is_empty());
    // … and quoted report text, code, file names and rule names are not.
    assert!(english_in("r.txt:1:2: error[NB201] 总计应为 146（`nianbao fix`，row-total）").is_empty());
    assert!(chinese_in("heading differs from the canonical wording “政府信息公开行政复议、行政诉讼情况”").is_empty());
}

const REPORT: &str = "examples/report-with-mistakes.txt";

#[test]
fn the_default_language_prints_no_english_sentence() {
    for args in [&["explain", "NB201"][..], &["rules"], &["check", REPORT]] {
        let out = run(args);
        let english = english_in(&out);
        assert!(english.is_empty(), "{args:?} printed English {english:?}:\n{out}");
    }
    // Every rule's page, not only NB201's.
    for rule in RULES {
        let out = run(&["explain", rule.code]);
        let english = english_in(&out);
        assert!(english.is_empty(), "explain {} printed English {english:?}:\n{out}", rule.code);
    }
}

#[test]
fn lang_en_prints_no_chinese_sentence() {
    for args in
        [&["--lang", "en", "explain", "NB201"][..], &["--lang", "en", "rules"], &["--lang", "en", "check", REPORT]]
    {
        let out = run(args);
        let chinese = chinese_in(&out);
        assert!(chinese.is_empty(), "{args:?} printed Chinese {chinese:?}:\n{out}");
    }
}
