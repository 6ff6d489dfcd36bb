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
    /// Loaded files by path, or why they are invalid.
    loaded: HashMap<PathBuf, Result<FileConfig, String>>,
    reported: HashSet<PathBuf>,
    /// The configuration whose `[limits]` the run applies (`--config`, or the one found from
    /// the current folder); another one's `[limits]` get a note.
    limits_from: Option<PathBuf>,
}

impl Configs {
    /// `forced` is `--config FILE`; an invalid one is an error right away.
    pub fn new(cli_lang: Option<Lang>, forced: Option<&Path>) -> Result<Configs, String> {
        let forced = match forced {
            Some(path) => Some(config::load(path).map_err(|e| describe(&e, cli_lang))?),
            None => None,
        };
        Ok(Configs { cli_lang, forced, loaded: HashMap::new(), reported: HashSet::new(), limits_from: None })
    }

    /// The configuration file whose `[limits]` apply to the run.
    pub fn set_limits_from(&mut self, path: Option<PathBuf>) {
        self.limits_from = path;
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
            if !self.loaded.contains_key(&found) {
                let loaded = match config::load(&found) {
                    Ok(c) => Ok(c),
                    Err(e) => Err(describe(&e, self.cli_lang)),
                };
                let applied =
                    self.limits_from.as_deref().is_some_and(|p| config::normalize(p) == config::normalize(&found));
                if loaded.as_ref().is_ok_and(|c| !c.limits.is_empty()) && !applied {
                    let lang = self.cli_lang.unwrap_or_default();
                    super::ui::note(
                        &found.display().to_string(),
                        lang.pick(
                            "其中的 [limits] 未应用：限制只取自 --config 指定的或当前目录找到的 nianbao.toml",
                            "its [limits] are not applied: limits come only from --config or the nianbao.toml found from the current folder",
                        ),
                    );
                }
                self.loaded.insert(found.clone(), loaded);
            }
            match &self.loaded[&found] {
                Ok(c) => c.apply(&mut settings),
                // Reported with the first file it applies to only.
                Err(msg) => return Err(self.reported.insert(found).then(|| msg.clone())),
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
