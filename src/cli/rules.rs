//! `nianbao rules`, `nianbao explain CODE` and `nianbao new`.

use super::csv::severity_word;
use super::ui;
use super::RulesFormat;
use nianbao_core::rules::{self, FixAvailability, RULES};
use nianbao_core::{template, Lang};
use unicode_width::UnicodeWidthStr;

fn fix_short(f: FixAvailability, lang: Lang) -> &'static str {
    match f {
        FixAvailability::None => "-",
        FixAvailability::Safe => lang.pick("安全", "safe"),
        FixAvailability::Unsafe => lang.pick("不安全", "unsafe"),
        FixAvailability::Sometimes => lang.pick("部分", "some"),
    }
}

fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Lists every rule: code, name, default severity, fix, summary.
pub fn list(lang: Lang, format: RulesFormat) -> u8 {
    if format == RulesFormat::Json {
        let rules: Vec<_> = RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.code,
                    "name": r.name,
                    "severity": r.severity,
                    "fix": match r.fix {
                        FixAvailability::None => "none",
                        FixAvailability::Safe => "safe",
                        FixAvailability::Unsafe => "unsafe",
                        FixAvailability::Sometimes => "sometimes",
                    },
                    "summary": r.summary(lang),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rules).expect("rules serialize"));
        return 0;
    }
    let head = [
        lang.pick("代码", "code"),
        lang.pick("名称", "name"),
        lang.pick("级别", "severity"),
        lang.pick("修复", "fix"),
        lang.pick("说明", "summary"),
    ];
    let rows: Vec<[String; 5]> = RULES
        .iter()
        .map(|r| {
            [
                r.code.to_string(),
                r.name.to_string(),
                severity_word(r.severity, lang).to_string(),
                fix_short(r.fix, lang).to_string(),
                r.summary(lang).to_string(),
            ]
        })
        .collect();
    let mut widths = head.map(UnicodeWidthStr::width);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let line = |cells: [&str; 5]| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            if i == 4 {
                s.push_str(c);
            } else {
                s.push_str(&pad(c, widths[i] + 2));
            }
        }
        s.trim_end().to_string()
    };
    println!("{}", line(head));
    for row in &rows {
        println!("{}", line([&row[0], &row[1], &row[2], &row[3], &row[4]]));
    }
    println!(
        "{}",
        match lang {
            Lang::Zh => format!(
                "\n共 {} 条规则。`nianbao explain 代码` 查看详细说明；在 nianbao.toml 的 [rules] 中关闭规则或调整级别。",
                RULES.len()
            ),
            Lang::En => format!(
                "\n{} rules. `nianbao explain CODE` shows a rule's page; turn rules off or change their severity in nianbao.toml's [rules].",
                RULES.len()
            ),
        }
    );
    0
}

/// Prints one rule's documentation page in `lang` (the Chinese page by default).
pub fn explain(lang: Lang, key: &str) -> u8 {
    let Some(rule) = rules::find(key.trim()).or_else(|| rules::find(&key.trim().to_ascii_uppercase())) else {
        ui::error(
            lang,
            &match lang {
                Lang::Zh => format!("没有规则 `{key}`（`nianbao rules` 列出所有规则）"),
                Lang::En => format!("no rule `{key}` (`nianbao rules` lists them all)"),
            },
        );
        return 2;
    };
    let mut page = rule.doc_page(lang);
    let sev = lang.pick("默认级别", "Default severity");
    let fix = lang.pick("修复", "Fix");
    let summary = lang.pick("概要", "Summary");
    let colon = lang.pick("：", ": ");
    // In Chinese the severity's word, then how nianbao.toml's [rules] spells it.
    let severity = match lang {
        Lang::Zh => format!("{}（`{}`）", severity_word(rule.severity, lang), rule.severity.as_str()),
        Lang::En => rule.severity.as_str().to_string(),
    };
    page.push_str(&format!(
        "\n{summary}{colon}{}\n{sev}{colon}{severity}\n{fix}{colon}{}\n",
        rule.summary(lang),
        rule.fix.describe(lang)
    ));
    print!("{page}");
    0
}

/// Prints a blank report in the canonical format.
pub fn new(lang: Lang, agency: &str, year: u32, crlf: bool) -> u8 {
    let agency = agency.trim();
    if agency.is_empty() || agency.contains(['\n', '\r']) {
        ui::error(
            lang,
            lang.pick("--agency 必须是一行非空的机关名称", "--agency must be a non-empty, single-line agency name"),
        );
        return 2;
    }
    let text = template::render_report(agency, year, if crlf { "\r\n" } else { "\n" });
    print!("{text}");
    0
}
