//! The rule catalogue: each rule lives in its own file with its code, name, doc comment and
//! check function; [`RULES`] registers them all. Rule docs printed by `nianbao explain` come
//! from the rules' doc comments via [`declare_rule!`].
//!
//! A rule's messages (findings, fix titles, related locations) are one `enum Msg` in its file,
//! after `declare_rule!`, with one `fn text(&self, lang: Lang) -> String` that holds each
//! message's Chinese and English side by side (`Lang::pick(format!(…zh…), format!(…en…))`);
//! the check code says `Msg::WrongTotal { expected, joined, written }.text(ctx.lang)` and never
//! spells a message itself.

pub mod nb101_missing_section;
pub mod nb102_section_order;
pub mod nb103_missing_overview_topic;
pub mod nb104_missing_table;
pub mod nb105_missing_row;
pub mod nb106_malformed_row;
pub mod nb107_noncanonical_label;
pub mod nb201_row_total;
pub mod nb202_outcome_total;
pub mod nb203_balance;
pub mod nb204_review_total;
pub mod nb205_invalid_number;
pub mod nb301_narrative_count;
pub mod nb302_breakdown_sum;
pub mod nb303_carry_over;
pub mod nb304_in_force_count;
pub mod nb305_enumeration;
pub mod nb306_old_format;
pub mod nb307_processing_fee;
pub mod nb308_title;
pub mod nb309_repeated_text;
pub mod nb310_aggregate;
pub mod table3;

use crate::arith::Arith;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::fix::Fix;
use crate::model::Report;
use crate::settings::Lang;
use std::ops::Range;

/// What kind of fix a rule can offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Safe,
    Unsafe,
    /// Safe for some findings, unsafe or none for others.
    Sometimes,
}

impl FixAvailability {
    pub fn describe(self, lang: Lang) -> &'static str {
        match self {
            FixAvailability::None => lang.pick("无自动修复", "no automatic fix"),
            FixAvailability::Safe => lang.pick("安全修复（保存时自动应用）", "safe fix (applied on save)"),
            FixAvailability::Unsafe => {
                lang.pick("不安全修复（仅在请求时应用）", "unsafe fix (applied only on request)")
            }
            FixAvailability::Sometimes => lang.pick("部分情形可修复", "fixable in some cases"),
        }
    }
}

/// Everything a rule's check function may read.
pub struct Context<'a> {
    pub text: &'a str,
    pub report: &'a Report,
    pub lang: Lang,
    /// Table 三/四 values resolved from their leaf cells (shared by NB201–NB204).
    pub arith: &'a Arith,
    /// Last year's report for the same agency, when the caller has it.
    pub previous: Option<crate::Previous<'a>>,
    /// The reports this one sums up (a summary report declared in nianbao.toml's [[aggregate]]).
    pub parts: &'a [crate::Previous<'a>],
    /// The prose paragraphs (`prose::paragraphs`), computed once for every rule that reads prose.
    pub paragraphs: &'a [Range<usize>],
    /// Where the words NB301, NB302, NB305 and NB308 start from stand in those paragraphs
    /// (`prose::Marks`), found in one pass per check.
    pub marks: &'a crate::prose::Marks,
    /// The text was extracted from a document, not typed (`Companions::extracted`).
    pub extracted: bool,
}

/// A rule's metadata and check function.
pub struct Rule {
    /// Stable code, e.g. `NB201`.
    pub code: &'static str,
    /// Stable kebab-case name, e.g. `row-total`.
    pub name: &'static str,
    pub severity: Severity,
    pub fix: FixAvailability,
    pub summary_zh: &'static str,
    pub summary_en: &'static str,
    /// The rule's English page (Markdown), its doc comment: what it checks, why, an example,
    /// fix safety.
    pub doc: &'static str,
    /// The same page in Chinese (`doc_zh { /// … }` in `declare_rule!`): 检查什么, 为什么, 示例, 修复.
    pub doc_zh: &'static str,
    /// The prose words the rule starts its searches from: where they stand is found once per
    /// check for all rules (`prose::Marks`, `Context::marks`).
    pub words: &'static [&'static str],
    pub check: fn(&Context, &mut Vec<Diagnostic>),
}

impl Rule {
    pub fn summary(&self, lang: Lang) -> &'static str {
        lang.pick(self.summary_zh, self.summary_en)
    }

    /// The doc page in `lang` as Markdown, without the one leading space `///` leaves on each line.
    pub fn doc_page(&self, lang: Lang) -> String {
        let mut out = format!("# {} {}\n\n", self.code, self.name);
        for line in lang.pick(self.doc_zh, self.doc).lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// A finding of this rule at its default severity.
    pub fn diag(&'static self, span: Range<usize>, message: String, fix: Option<Fix>) -> Diagnostic {
        Diagnostic { rule: self, severity: self.severity, span, message, fix, related: Vec::new() }
    }

    pub fn diag_related(
        &'static self,
        span: Range<usize>,
        message: String,
        fix: Option<Fix>,
        related: Vec<Related>,
    ) -> Diagnostic {
        Diagnostic { rule: self, severity: self.severity, span, message, fix, related }
    }
}

impl PartialEq for Rule {
    fn eq(&self, other: &Rule) -> bool {
        self.code == other.code
    }
}
impl Eq for Rule {}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Declares a rule: its doc comment becomes [`Rule::doc`] (the English page), the doc comment
/// in the `doc_zh { … }` block after it [`Rule::doc_zh`] (the Chinese page, same sections).
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = Rule {
            code: $code:literal,
            name: $name:literal,
            severity: $sev:ident,
            fix: $fix:ident,
            summary_zh: $zh:literal,
            summary_en: $en:literal,
            $(words: [$($word:literal),* $(,)?],)?
            check: $check:path $(,)?
        };
        doc_zh {
            $(#[doc = $doc_zh:literal])*
        }
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            severity: $crate::diagnostic::Severity::$sev,
            fix: $crate::rules::FixAvailability::$fix,
            summary_zh: $zh,
            summary_en: $en,
            doc: concat!($($doc, "\n"),*),
            doc_zh: concat!($($doc_zh, "\n"),*),
            words: &[$($($word),*)?],
            check: $check,
        };
    };
}

/// Every rule, in code order. The one list.
pub static RULES: &[&Rule] = &[
    &nb101_missing_section::NB101,
    &nb102_section_order::NB102,
    &nb103_missing_overview_topic::NB103,
    &nb104_missing_table::NB104,
    &nb105_missing_row::NB105,
    &nb106_malformed_row::NB106,
    &nb107_noncanonical_label::NB107,
    &nb201_row_total::NB201,
    &nb202_outcome_total::NB202,
    &nb203_balance::NB203,
    &nb204_review_total::NB204,
    &nb205_invalid_number::NB205,
    &nb301_narrative_count::NB301,
    &nb302_breakdown_sum::NB302,
    &nb303_carry_over::NB303,
    &nb304_in_force_count::NB304,
    &nb305_enumeration::NB305,
    &nb306_old_format::NB306,
    &nb307_processing_fee::NB307,
    &nb308_title::NB308,
    &nb309_repeated_text::NB309,
    &nb310_aggregate::NB310,
];

/// The prose words the rules declare (`Rule::words`), each once, in rule order.
pub fn words() -> &'static [&'static str] {
    static WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| words_of(RULES));
    &WORDS
}

/// The prose words `rules` declare, each once, in rule order.
pub fn words_of(rules: &[&Rule]) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = Vec::new();
    for w in rules.iter().flat_map(|r| r.words) {
        if !words.contains(w) {
            words.push(w);
        }
    }
    words
}

/// Looks a rule up by code (`NB201`, case-insensitive) or name (`row-total`).
pub fn find(key: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code.eq_ignore_ascii_case(key) || r.name == key)
}

/// Name of a table cell for messages: `（一）予以公开·自然人`.
pub fn cell_name(table: &crate::template::TableTemplate, row: usize, col: usize, lang: Lang) -> String {
    use crate::model::TableKind;
    let tpl = &table.rows[row];
    match table.kind {
        TableKind::Three => {
            let col = col.min(tpl.columns.len().saturating_sub(1));
            format!("{}·{}", tpl.short, table.column_name(row, col, lang))
        }
        TableKind::Two => format!("{}·{}", tpl.short, tpl.columns.get(col).copied().unwrap_or("")),
        TableKind::Four => tpl.columns.get(col).copied().unwrap_or("").to_string(),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the rules' unit tests.
    use crate::settings::Settings;

    pub const SEED_002: &str = include_str!("../../../../tests/fixtures/002_57935d37ad0b2f69.txt");
    pub const SEED_000: &str = include_str!("../../../../tests/fixtures/000_d07e733a374d2c05.txt");

    /// Codes found in `text`, in order.
    pub fn codes(text: &str) -> Vec<&'static str> {
        crate::check(text, &Settings::default()).iter().map(|d| d.rule.code).collect()
    }

    /// Replaces the first occurrence of `from` after `anchor` by `to`.
    pub fn edit(text: &str, anchor: &str, from: &str, to: &str) -> String {
        let a = text.find(anchor).expect("anchor");
        let i = a + text[a..].find(from).expect("from");
        format!("{}{}{}", &text[..i], to, &text[i + from.len()..])
    }

    /// Checks `text` as extracted from a document (a cell split or merged by the extraction):
    /// NB106 alone, its message naming the cells with `explains`, and no fix of any kind (the
    /// sums are not rewritten on a misread row).
    pub fn assert_extraction_explained(text: &str, explains: &str) {
        let report = crate::parse::parse(text);
        let companions = crate::Companions { extracted: true, ..Default::default() };
        let ds = crate::check_with(text, &report, &Settings::default(), companions);
        assert_eq!(ds.iter().map(|d| d.rule.code).collect::<Vec<_>>(), ["NB106"]);
        assert!(ds[0].message.contains(explains), "{}", ds[0].message);
        assert!(crate::fix_edits(text, &Settings::default(), crate::FixMode::Unsafe).is_empty());
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn declared_words_never_overlap() {
        // `prose::Marks` finds every occurrence of every word in one leftmost-first search: that
        // holds only when no word ends with the start of another (or of itself) nor holds one.
        let words = super::words();
        for a in words {
            for b in words {
                let ends_starts = (1..a.len()).filter(|&k| a.is_char_boundary(k)).any(|k| b.starts_with(&a[k..]));
                assert!(!ends_starts && (a == b || !a.contains(b)), "{a:?} and {b:?} overlap");
            }
        }
        assert!(words.contains(&"件") && words.contains(&"年"), "{words:?}");
    }

    #[test]
    fn a_new_rule_with_a_new_word_is_its_file_and_rules() {
        // What a rule file declares is all `Marks` needs: a word no built-in rule uses is found
        // once a rule declares it (here a rule made the way `declare_rule!` makes them).
        crate::declare_rule! {
            /// Test rule.
            pub static NB999 = Rule {
                code: "NB999",
                name: "test-word",
                severity: Info,
                fix: None,
                summary_zh: "测试",
                summary_en: "test",
                words: ["办结"],
                check: check,
            };
            doc_zh {
                /// 测试规则。
            }
        }
        fn check(ctx: &super::Context, out: &mut Vec<crate::Diagnostic>) {
            for (_, at) in ctx.marks.in_paragraphs("办结", ctx.paragraphs) {
                out.extend(at.iter().map(|&i| NB999.diag(i..i + "办结".len(), "办结".into(), None)));
            }
        }
        // Added to `RULES` (here: a list of its own), its word is searched with the others'.
        let rules: Vec<&super::Rule> = super::RULES.iter().copied().chain([&NB999]).collect();
        let words: &'static [&'static str] = super::words_of(&rules).leak();
        assert!(words.contains(&"办结") && words.contains(&"件"));
        let text =
            super::testing::SEED_002.replace("二、主动公开政府信息情况", "全年办结申请。\n\n二、主动公开政府信息情况");
        let report = crate::parse::parse(&text);
        let paragraphs = crate::prose::paragraphs(&report);
        let marks = crate::prose::Marks::find_words(words, &text, &paragraphs);
        let arith = crate::arith::Arith::resolve(&report);
        let ctx = super::Context {
            text: &text,
            report: &report,
            lang: crate::Lang::Zh,
            arith: &arith,
            previous: None,
            parts: &[],
            paragraphs: &paragraphs,
            marks: &marks,
            extracted: false,
        };
        let mut out = Vec::new();
        (NB999.check)(&ctx, &mut out);
        let found: Vec<&str> = out.iter().map(|d| &text[d.span.clone()]).collect();
        assert_eq!(found, ["办结"]);
    }
}
