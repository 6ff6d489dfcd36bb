//! nianbao.toml: found upward from a checked file; sets the message language and turns rules
//! off or changes their severity.
//!
//! ```toml
//! lang = "en"            # zh (default) | en
//! [rules]
//! NB107 = "off"          # by code …
//! row-total = "warning"  # … or by name: off | error | warning | info | hint
//! ```

use crate::settings::{Lang, RuleLevel, Settings};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The config file's name.
pub const FILE_NAME: &str = "nianbao.toml";

/// What a nianbao.toml says.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileConfig {
    pub lang: Option<Lang>,
    pub rules: HashMap<String, RuleLevel>,
    /// Where it was read from.
    pub path: Option<PathBuf>,
}

#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ConfigError {}

/// The nearest nianbao.toml in `start` or its ancestors.
pub fn find(start: &Path) -> Option<PathBuf> {
    let _ = start;
    None
}

/// Reads and validates a nianbao.toml.
pub fn load(path: &Path) -> Result<FileConfig, ConfigError> {
    Err(ConfigError { path: path.to_owned(), message: "not implemented yet".into() })
}

impl FileConfig {
    /// Overlays this file's settings on `settings` (the file wins over defaults; callers apply
    /// command-line or editor settings afterwards so that they win over the file).
    pub fn apply(&self, settings: &mut Settings) {
        if let Some(lang) = self.lang {
            settings.lang = lang;
        }
        for (k, v) in &self.rules {
            settings.rules.insert(k.clone(), *v);
        }
    }
}
