//! Editor settings (`initializationOptions`, `workspace/didChangeConfiguration`) and how they
//! merge over the workspace's nianbao.toml.
//!
//! Shape (all keys optional; also accepted wrapped as `{"nianbao": {…}}`):
//! `{"lang": "en", "fixOnSave": false, "rules": {"NB107": "off", "row-total": "warning"}}`.

use nianbao_core::config::{self, FileConfig};
use nianbao_core::{Lang, RuleLevel, Settings};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// What the editor asked for. Unset values fall back to nianbao.toml, then to the defaults.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientSettings {
    pub lang: Option<Lang>,
    /// Return the safe fixes from `textDocument/willSaveWaitUntil` (default true).
    pub fix_on_save: bool,
    pub rules: HashMap<String, RuleLevel>,
    /// `codeDescription.href` template with `{code}` (default [`crate::convert::RULE_DOCS_URL`]).
    pub rule_docs_url: String,
}

impl Default for ClientSettings {
    fn default() -> Self {
        ClientSettings {
            lang: None,
            fix_on_save: true,
            rules: HashMap::new(),
            rule_docs_url: crate::convert::RULE_DOCS_URL.to_string(),
        }
    }
}

impl ClientSettings {
    /// Reads settings from a JSON value. Unknown keys and bad values are skipped and reported
    /// in the returned warnings (for the log, in the language the settings ask for); they never
    /// make the whole settings fail.
    pub fn from_json(value: Option<&Value>) -> (ClientSettings, Vec<String>) {
        let (out, warnings) = ClientSettings::read_json(value);
        let lang = out.lang.unwrap_or_default();
        (out, warnings.into_iter().map(|(zh, en)| lang.pick(zh, en)).collect())
    }

    /// The rule-docs link template for a document in `lang`: `ruleDocsUrl` when set, else the
    /// generated page in that language.
    pub fn rule_docs(&self, lang: Lang) -> &str {
        match lang {
            Lang::En if self.rule_docs_url == crate::convert::RULE_DOCS_URL => crate::convert::RULE_DOCS_URL_EN,
            _ => &self.rule_docs_url,
        }
    }

    /// The settings and the warnings about them, each in Chinese and English.
    fn read_json(value: Option<&Value>) -> (ClientSettings, Vec<(String, String)>) {
        let mut out = ClientSettings::default();
        let mut warnings = Vec::new();
        let Some(mut value) = value else {
            return (out, warnings);
        };
        if let Some(inner) = value.get("nianbao").filter(|v| v.is_object()) {
            value = inner;
        }
        let Some(obj) = value.as_object() else {
            if !value.is_null() {
                warnings.push((
                    format!("设置应为对象，此处为 {value}"),
                    format!("settings must be an object, got {value}"),
                ));
            }
            return (out, warnings);
        };
        for (key, v) in obj {
            match key.as_str() {
                "lang" => match v.as_str().and_then(Lang::parse) {
                    Some(lang) => out.lang = Some(lang),
                    None if v.is_null() => {}
                    None => warnings.push((
                        format!("lang：应为 \"zh\" 或 \"en\"，此处为 {v}"),
                        format!("lang: expected \"zh\" or \"en\", got {v}"),
                    )),
                },
                "fixOnSave" => match v.as_bool() {
                    Some(b) => out.fix_on_save = b,
                    None => warnings.push((
                        format!("fixOnSave：应为 true 或 false，此处为 {v}"),
                        format!("fixOnSave: expected true or false, got {v}"),
                    )),
                },
                "rules" => match v.as_object() {
                    Some(rules) => {
                        for (rule, level) in rules {
                            let parsed = match level {
                                Value::String(s) => RuleLevel::parse(s),
                                Value::Bool(false) => Some(RuleLevel::Off),
                                _ => None,
                            };
                            match parsed {
                                Some(l) => {
                                    out.rules.insert(rule.clone(), l);
                                }
                                None => warnings.push((
                                    format!("rules.{rule}：应为 off|error|warning|info|hint，此处为 {level}"),
                                    format!("rules.{rule}: expected off|error|warning|info|hint, got {level}"),
                                )),
                            }
                        }
                    }
                    None => warnings
                        .push((format!("rules：应为对象，此处为 {v}"), format!("rules: expected an object, got {v}"))),
                },
                "ruleDocsUrl" => match v.as_str() {
                    Some(t) if crate::convert::rule_doc_uri(t, "NB201").is_some() => out.rule_docs_url = t.to_string(),
                    _ => warnings.push((
                        format!("ruleDocsUrl：应为含 {{code}} 的网址模板，此处为 {v}"),
                        format!("ruleDocsUrl: expected a URL template with {{code}}, got {v}"),
                    )),
                },
                other => warnings.push((format!("未知的设置 {other:?}"), format!("unknown setting {other:?}"))),
            }
        }
        (out, warnings)
    }

    /// Engine settings: defaults, then `file` (nianbao.toml), then these editor settings.
    pub fn merge(&self, file: Option<&FileConfig>) -> Settings {
        let mut settings = Settings::default();
        if let Some(file) = file {
            file.apply(&mut settings);
        }
        if let Some(lang) = self.lang {
            settings.lang = lang;
        }
        for (k, v) in &self.rules {
            settings.rules.insert(k.clone(), *v);
        }
        settings
    }
}

/// The settings object itself, unwrapping `{"nianbao": {…}}`.
fn unwrap_section(v: &Value) -> &Value {
    v.get("nianbao").filter(|v| v.is_object()).unwrap_or(v)
}

/// `over` (from `didChangeConfiguration`) laid over `base` (`initializationOptions`), key by
/// top-level key: a key in `over` replaces the same key of `base` (so a `rules` object sent
/// again without a rule drops it). A null or empty `over` keeps `base`.
pub fn overlay(base: Option<&Value>, over: &Value) -> Value {
    let mut out = base.map(unwrap_section).cloned().unwrap_or(Value::Null);
    let over = unwrap_section(over);
    match (out.as_object_mut(), over.as_object()) {
        (Some(out_obj), Some(over_obj)) => {
            for (k, v) in over_obj {
                out_obj.insert(k.clone(), v.clone());
            }
            out
        }
        (_, Some(o)) if o.is_empty() => out,
        _ if over.is_null() => out,
        _ => over.clone(),
    }
}

/// The nianbao.toml that applies to a document in directory `dir`, if any, or the error
/// message when one exists but cannot be read.
pub fn load_file_config(dir: &Path, lang: Lang) -> Result<Option<FileConfig>, String> {
    match config::find(dir) {
        None => Ok(None),
        Some(path) => config::load(&path)
            .map(Some)
            .map_err(|e| format!("{}{}{}", e.path.display(), lang.pick("：", ": "), e.message(lang))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::variant::{Format, FormatChoice};
    use nianbao_core::Severity;
    use serde_json::json;

    #[test]
    fn reads_the_documented_shape() {
        let v = json!({"lang": "en", "fixOnSave": false, "rules": {"NB107": "off", "row-total": "warning"}});
        let (s, w) = ClientSettings::from_json(Some(&v));
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(s.lang, Some(Lang::En));
        assert!(!s.fix_on_save);
        assert_eq!(s.rules["NB107"], RuleLevel::Off);
        assert_eq!(s.rules["row-total"], RuleLevel::On(Severity::Warning));
    }

    #[test]
    fn rule_docs_link_the_page_in_the_documents_language_unless_set() {
        let (s, _) = ClientSettings::from_json(None);
        assert_eq!(s.rule_docs(Lang::Zh), crate::convert::RULE_DOCS_URL);
        assert_eq!(s.rule_docs(Lang::En), crate::convert::RULE_DOCS_URL_EN);
        let (s, _) = ClientSettings::from_json(Some(&json!({"ruleDocsUrl": "https://example.org/{code}"})));
        assert_eq!(s.rule_docs(Lang::En), "https://example.org/{code}");
    }

    #[test]
    fn warnings_are_in_the_language_the_settings_ask_for() {
        let (_, zh) = ClientSettings::from_json(Some(&json!({"fixOnSave": 1})));
        assert_eq!(zh, ["fixOnSave：应为 true 或 false，此处为 1"]);
        let (_, en) = ClientSettings::from_json(Some(&json!({"lang": "en", "fixOnSave": 1})));
        assert_eq!(en, ["fixOnSave: expected true or false, got 1"]);
    }

    #[test]
    fn rule_docs_url_is_a_template() {
        let v = json!({"ruleDocsUrl": "https://example.org/docs/rules/{code}.md"});
        let (s, w) = ClientSettings::from_json(Some(&v));
        assert!(w.is_empty(), "{w:?}");
        let uri = crate::convert::rule_doc_uri(&s.rule_docs_url, "NB201").unwrap();
        assert_eq!(uri.as_str(), "https://example.org/docs/rules/NB201.md");
        let (s, w) = ClientSettings::from_json(Some(&json!({"ruleDocsUrl": "not a url {code}"})));
        assert_eq!((s.rule_docs_url.as_str(), w.len()), (crate::convert::RULE_DOCS_URL, 1));
    }

    #[test]
    fn accepts_a_wrapped_section_and_reports_bad_values() {
        let v = json!({"nianbao": {"lang": "klingon", "fixOnSave": "yes", "rules": {"NB1": 3}, "x": 1}});
        let (s, w) = ClientSettings::from_json(Some(&v));
        assert_eq!(s, ClientSettings::default());
        assert_eq!(w.len(), 4, "{w:?}");
        let (s, w) = ClientSettings::from_json(Some(&json!(null)));
        assert_eq!((s, w.len()), (ClientSettings::default(), 0));
        let (_, w) = ClientSettings::from_json(Some(&json!([1])));
        assert_eq!(w.len(), 1);
    }

    #[test]
    fn configuration_overlays_initialization_options() {
        let init = json!({"lang": "en", "fixOnSave": false, "rules": {"NB107": "off"}});
        assert_eq!(overlay(Some(&init), &json!(null)), init);
        assert_eq!(overlay(Some(&init), &json!({})), init);
        assert_eq!(
            overlay(Some(&init), &json!({"nianbao": {"lang": "zh", "rules": {"NB201": "hint"}}})),
            json!({"lang": "zh", "fixOnSave": false, "rules": {"NB201": "hint"}})
        );
        assert_eq!(overlay(None, &json!({"lang": "zh"})), json!({"lang": "zh"}));
        assert_eq!(overlay(None, &json!(null)), json!(null));
        assert_eq!(overlay(Some(&json!({"nianbao": {"lang": "en"}})), &json!({})), json!({"lang": "en"}));
    }

    #[test]
    fn editor_settings_win_over_the_file() {
        let file = FileConfig {
            lang: Some(Lang::En),
            rules: HashMap::from([
                ("NB201".to_string(), RuleLevel::Off),
                ("NB107".to_string(), RuleLevel::On(Severity::Hint)),
            ]),
            format: Some(FormatChoice::Is(Format::Shanghai)),
            path: None,
            ignores: Vec::new(),
            aggregates: Vec::new(),
            limits: Vec::new(),
        };
        let client = ClientSettings {
            lang: Some(Lang::Zh),
            rules: HashMap::from([("NB201".to_string(), RuleLevel::On(Severity::Error))]),
            ..ClientSettings::default()
        };
        let s = client.merge(Some(&file));
        assert_eq!(s.lang, Lang::Zh);
        assert_eq!(s.rules["NB201"], RuleLevel::On(Severity::Error));
        assert_eq!(s.rules["NB107"], RuleLevel::On(Severity::Hint));
        assert_eq!(s.format, FormatChoice::Is(Format::Shanghai), "format comes from nianbao.toml");
        let s = ClientSettings::default().merge(Some(&file));
        assert_eq!(s.lang, Lang::En);
        assert_eq!(ClientSettings::default().merge(None), Settings::default());
    }
}
