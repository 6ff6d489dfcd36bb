//! The documentation generated from the rules' own source stays current: `docs/rules/NBxxx.md`
//! (the pages `nianbao explain` prints, linked from editors) and the rule table in README.md.
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
    let dir = root().join("docs/rules");
    std::fs::create_dir_all(&dir).unwrap();
    for rule in RULES {
        let path = dir.join(format!("{}.md", rule.code));
        let want = rule.doc_page();
        if update() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(have == want, "{} is stale: run `UPDATE_DOCS=1 cargo test --test docs`", path.display());
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
