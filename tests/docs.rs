//! The documentation generated from the rules' own source stays current: `docs/rules/NBxxx.md`
//! (the Chinese pages `nianbao explain` prints, linked from editors), `docs/rules/en/NBxxx.md`
//! (the English ones, `--lang en`) and the rule table in README.md.
//! Run with `UPDATE_DOCS=1` to rewrite them after changing a rule.

use nianbao_core::rules::RULES;
use nianbao_core::Lang;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn update() -> bool {
    std::env::var_os("UPDATE_DOCS").is_some()
}

#[test]
fn rule_pages_match_the_rules() {
    for (lang, folder) in [(Lang::Zh, "docs/rules"), (Lang::En, "docs/rules/en")] {
        let dir = root().join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        for rule in RULES {
            let path = dir.join(format!("{}.md", rule.code));
            let want = rule.doc_page(lang);
            if update() {
                std::fs::write(&path, &want).unwrap();
            }
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(have == want, "{} is stale: run `UPDATE_DOCS=1 cargo test --test docs`", path.display());
        }
    }
}

/// The `## ` headings of a page, in order.
fn headings(page: &str) -> Vec<&str> {
    page.lines().filter(|l| l.starts_with("## ")).collect()
}

#[test]
fn each_rule_has_a_chinese_and_an_english_page_with_the_same_sections() {
    let names = |zh: &str| match zh {
        "## 为什么" => "## Why",
        "## 示例" => "## Example",
        "## 修复" => "## Fix",
        "## 从文档提取的报告" => "## Extracted documents",
        "## 怎样找出错的数" => "## How the wrong number is found",
        other => panic!("a Chinese page's section {other:?} has no English name here"),
    };
    for rule in RULES {
        let (zh, en) = (rule.doc_page(Lang::Zh), rule.doc_page(Lang::En));
        let translated: Vec<&str> = headings(&zh).into_iter().map(names).collect();
        assert_eq!(translated, headings(&en), "{}: the two pages' sections differ", rule.code);
        for section in ["## Why", "## Example", "## Fix"] {
            assert!(headings(&en).contains(&section), "{} lacks {section}", rule.code);
        }
        // The Chinese page is Chinese: its prose (outside `code`) has more CJK than ASCII letters.
        let prose: String = zh.split('`').step_by(2).collect();
        let cjk = prose.chars().filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c)).count();
        let ascii = prose.chars().filter(char::is_ascii_alphabetic).count();
        assert!(cjk > 4 * ascii, "{}: the Chinese page reads as English ({cjk} CJK, {ascii} ASCII letters)", rule.code);
        assert_ne!(zh, en);
    }
}

fn rule_table() -> String {
    let mut out = String::from("| code | name | severity | fix | 说明 | what it checks |\n|---|---|---|---|---|---|\n");
    for r in RULES {
        out.push_str(&format!(
            "| [{code}](docs/rules/{code}.md) | `{}` | {} | {} | {} | {} |\n",
            r.name,
            r.severity.as_str(),
            r.fix.describe(Lang::En),
            r.summary_zh,
            r.summary_en,
            code = r.code
        ));
    }
    out
}

#[test]
fn readme_lists_every_rule() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- rules:start -->\n", "<!-- rules:end -->");
    let a = readme.find(start).expect("rules:start marker") + start.len();
    let b = readme.find(end).expect("rules:end marker");
    let want = rule_table();
    if update() {
        std::fs::write(&path, format!("{}{}{}", &readme[..a], want, &readme[b..])).unwrap();
        return;
    }
    assert!(readme[a..b] == want, "README rule table is stale: run `UPDATE_DOCS=1 cargo test --test docs`");
}
