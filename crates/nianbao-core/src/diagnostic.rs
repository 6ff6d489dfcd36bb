//! Diagnostics: what a rule found, where (byte offsets into the text), and how to fix it.

use crate::fix::Fix;
use crate::rules::Rule;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// How serious a finding is. Ordered from most to least severe.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// Parses `error|warning|info|hint` (also `warn`, `information`).
    pub fn parse(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

/// A place related to a finding: for a wrong total, each cell it is made of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    pub span: Range<usize>,
    pub message: String,
}

/// One finding. All positions are byte offsets into the checked text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The rule that produced it (code, name, docs).
    #[serde(serialize_with = "ser_rule")]
    pub rule: &'static Rule,
    /// Severity after configuration was applied.
    pub severity: Severity,
    /// Byte range the finding covers (may be empty: an insertion point).
    pub span: Range<usize>,
    /// Message in the language asked for.
    pub message: String,
    /// A fix, when the rule can compute one.
    pub fix: Option<Fix>,
    /// Other places that explain the finding.
    pub related: Vec<Related>,
}

fn ser_rule<S: serde::Serializer>(rule: &&'static Rule, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(rule.code)
}

impl Diagnostic {
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
}
