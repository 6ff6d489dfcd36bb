//! Engine settings: message language, the report format and per-rule severity overrides (from
//! nianbao.toml, the command line or an editor's configuration, merged by the caller).

use crate::diagnostic::Severity;
use std::collections::HashMap;

/// Language of messages and fix titles.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `zh`, `zh-CN`, `cn` → Zh; `en`, `en-US` → En.
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "cn" {
            Some(Lang::Zh)
        } else if s.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// Picks the Chinese or English text (a `&str`, a `String`, or anything else given in both).
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// What a rule is set to: off, or on with a severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    Off,
    On(Severity),
}

impl RuleLevel {
    /// `off`/`false`/`none` or a severity name.
    pub fn parse(s: &str) -> Option<RuleLevel> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" | "false" | "none" | "ignore" => Some(RuleLevel::Off),
            other => Severity::parse(other).map(RuleLevel::On),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    pub lang: Lang,
    /// The layout reports are read as: detected (default) or forced (`format = "shanghai"`);
    /// see `variant.rs`. Callers that parse before checking pass it to `parse::parse_with`.
    pub format: crate::variant::FormatChoice,
    /// Keyed by rule code (`NB201`) or rule name (`row-total`).
    pub rules: HashMap<String, RuleLevel>,
    /// Findings dismissed on purpose (`[[ignore]]` in nianbao.toml); applied by the callers that
    /// know the file (see `config::split_ignored`).
    pub ignores: Vec<crate::config::Ignore>,
    /// Summary reports and the reports they sum up (`[[aggregate]]` in nianbao.toml), for NB310;
    /// applied by callers that read several files.
    pub aggregates: Vec<crate::config::Aggregate>,
}

impl Settings {
    pub fn with_lang(lang: Lang) -> Settings {
        Settings { lang, ..Settings::default() }
    }

    /// The configured level of a rule, given its code, name and default severity.
    pub fn level(&self, code: &str, name: &str, default: Severity) -> RuleLevel {
        self.rules.get(code).or_else(|| self.rules.get(name)).copied().unwrap_or(RuleLevel::On(default))
    }
}
