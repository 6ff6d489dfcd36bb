//! nianbao-core: parse, check and fix 政府信息公开工作年度报告 (government information-disclosure
//! annual reports). Knows nothing of LSP or files: text in, diagnostics with byte spans out.
//!
//! Data flow: bytes ─[`source::decode`]→ text ─[`parse::parse`]→ [`model::Report`]
//! ─[`rules`]→ [`Diagnostic`]s with [`fix::Fix`]es ─[`fix::apply_edits`]→ text.

pub mod anchor;
pub mod arith;
pub mod companions;
pub mod config;
pub mod diagnostic;
pub mod extraction;
pub mod fix;
pub mod limits;
pub mod lines;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod prose;
pub mod rules;
pub mod settings;
pub mod source;
pub mod template;
pub mod variant;

pub use diagnostic::{Diagnostic, Related, Severity};
pub use fix::{apply_edits, fix_edits, fix_text, Applicability, Edit, Fix, FixMode};
pub use model::Report;
pub use settings::{Lang, RuleLevel, Settings};

/// Parses and checks `text`. A text that does not look like a report gets no findings.
pub fn check(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    let report = parse::parse_with(text, settings.format);
    check_report(text, &report, settings)
}

/// Runs every enabled rule over an already parsed report (parsed with
/// `parse::parse_with(text, settings.format)`), sorted by position then code.
pub fn check_report(text: &str, report: &Report, settings: &Settings) -> Vec<Diagnostic> {
    check_with_previous(text, report, settings, None)
}

/// Last year's report for the same agency, for the checks across years (NB303, NB304).
#[derive(Clone, Copy, Debug)]
pub struct Previous<'a> {
    pub text: &'a str,
    pub report: &'a Report,
    /// How to name it in messages (a file name).
    pub name: &'a str,
}

/// What the caller knows besides the text: other reports a check can use (last year's report
/// of the same agency for NB303, NB304, NB309; for a summary report, the reports it sums up for
/// NB310) and where the text came from.
#[derive(Clone, Copy, Debug, Default)]
pub struct Companions<'a> {
    pub previous: Option<Previous<'a>>,
    pub parts: &'a [Previous<'a>],
    /// The text was extracted from a document (.docx, .html, .pdf) rather than typed: a table
    /// row that reads right once two cells are joined or one is split is then probably the
    /// extraction's fault, and NB106 says so (see [`extraction`]). Set by the CLI for the
    /// documents it reads through nianbao-formats; `false` for text files and editors.
    pub extracted: bool,
}

/// [`check_report`] with last year's report at hand.
pub fn check_with_previous(
    text: &str,
    report: &Report,
    settings: &Settings,
    previous: Option<Previous<'_>>,
) -> Vec<Diagnostic> {
    check_with(text, report, settings, Companions { previous, ..Companions::default() })
}

/// [`check_report`] with other reports at hand (see [`Companions`]).
pub fn check_with(text: &str, report: &Report, settings: &Settings, companions: Companions<'_>) -> Vec<Diagnostic> {
    if !report.is_report() {
        return Vec::new();
    }
    // A report read as another format than the settings force (parsed with `parse::parse`
    // instead of `parse::parse_with`) is read again as the settings say.
    let reread;
    let report = match settings.format {
        variant::FormatChoice::Is(f) if f != report.format => {
            reread = parse::parse_with(text, settings.format);
            &reread
        }
        _ => report,
    };
    let Companions { previous, parts, extracted } = companions;
    let arith = arith::Arith::resolve(report);
    let paragraphs = prose::paragraphs(report);
    let marks = prose::Marks::find(text, &paragraphs);
    let ctx = rules::Context {
        text,
        report,
        lang: settings.lang,
        arith: &arith,
        previous,
        parts,
        paragraphs: &paragraphs,
        marks: &marks,
        extracted,
    };
    let mut out = Vec::new();
    for rule in rules::RULES {
        let level = settings.level(rule.code, rule.name, rule.severity);
        let RuleLevel::On(severity) = level else {
            continue;
        };
        let start = out.len();
        (rule.check)(&ctx, &mut out);
        // A configured level overrides; otherwise each finding keeps its own (NB308's prose
        // years are info while the rule is a warning).
        if severity != rule.severity || settings.rules.contains_key(rule.code) || settings.rules.contains_key(rule.name)
        {
            for d in &mut out[start..] {
                d.severity = severity;
            }
        }
    }
    out.sort_by(|a, b| (a.span.start, a.span.end, a.rule.code).cmp(&(b.span.start, b.span.end, b.rule.code)));
    out
}
