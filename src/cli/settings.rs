//! Per-file engine settings: the nearest nianbao.toml (or `--config`), then `--lang`.

use nianbao_core::config::{self, ConfigError, FileConfig};
use nianbao_core::{Lang, Settings};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Loads configuration files once each and merges them with the command line.
pub struct Configs {
    cli_lang: Option<Lang>,
    /// `--config FILE`: used for every file.
    forced: Option<FileConfig>,
    /// Loaded files by path; `None` when the file is invalid (already reported).
    loaded: HashMap<PathBuf, Option<FileConfig>>,
    reported: HashSet<PathBuf>,
}

impl Configs {
    /// `forced` is `--config FILE`; an invalid one is an error right away.
    pub fn new(cli_lang: Option<Lang>, forced: Option<&Path>) -> Result<Configs, String> {
        let forced = match forced {
            Some(path) => Some(config::load(path).map_err(|e| describe(&e, cli_lang))?),
            None => None,
        };
        Ok(Configs { cli_lang, forced, loaded: HashMap::new(), reported: HashSet::new() })
    }

    /// The language for messages that belong to no file (summaries, usage errors):
    /// `--lang`, else the `--config` file's, else the one of the nianbao.toml found from the
    /// current directory, else Chinese.
    pub fn ui_lang(&self) -> Lang {
        if let Some(lang) = self.cli_lang {
            return lang;
        }
        if let Some(f) = &self.forced {
            return f.lang.unwrap_or_default();
        }
        // Errors in that file are reported with the files it applies to, not here.
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
        config::find(&cwd).and_then(|p| config::load(&p).ok()).and_then(|c| c.lang).unwrap_or_default()
    }

    /// Settings for the file at `path` (or for a directory, as a start for the search).
    /// `Err` carries a message when the applicable nianbao.toml is invalid; it is returned
    /// once per configuration file, and `Err(None)` for later files under the same one.
    pub fn for_path(&mut self, path: &Path) -> Result<Settings, Option<String>> {
        let mut settings = Settings::default();
        if let Some(f) = &self.forced {
            f.apply(&mut settings);
        } else if let Some(found) = config::find(path) {
            let cli_lang = self.cli_lang;
            let entry = self.loaded.entry(found.clone()).or_insert_with(|| None);
            if entry.is_none() {
                match config::load(&found) {
                    Ok(c) => *entry = Some(c),
                    Err(e) => {
                        if self.reported.insert(found) {
                            return Err(Some(describe(&e, cli_lang)));
                        }
                        return Err(None);
                    }
                }
            }
            if let Some(c) = entry {
                c.apply(&mut settings);
            }
        }
        if let Some(lang) = self.cli_lang {
            settings.lang = lang;
        }
        Ok(settings)
    }
}

fn describe(e: &ConfigError, lang: Option<Lang>) -> String {
    let lang = lang.unwrap_or_default();
    let colon = lang.pick("：", ": ");
    format!(
        "{}{}{colon}{}",
        lang.pick("配置文件无效：", "invalid configuration file "),
        e.path.display(),
        e.message(lang)
    )
}
