//! A report's companions — last year's report of the same agency (NB301, NB303, NB304, NB309)
//! and a summary report's `[[aggregate]]` parts (NB310) — found among the reports a caller has
//! at hand. The adapters read the reports (the CLI the files it was given, the language server
//! its open documents and the workspace folder) and name each by an id of their own (an index,
//! a path, a URI); a [`Catalog`] matches titles and paths to those ids and never reads a file.

use crate::{Report, Settings};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

/// A report's agency and year, as its title gives them.
pub type Key = (String, u32);

/// A report's agency and year from its title, when both are known.
pub fn key(report: &Report) -> Option<(&str, u32)> {
    let title = report.title.as_ref()?;
    Some((title.agency.as_deref()?, title.year?))
}

/// [`key`], owned.
pub fn owned_key(report: &Report) -> Option<Key> {
    key(report).map(|(agency, year)| (agency.to_string(), year))
}

/// The reports a caller has at hand, by agency and year and, for `[[aggregate]]` parts, by
/// path. When several have the same agency and year, the smallest id is the one used.
#[derive(Clone, Debug)]
pub struct Catalog<I> {
    by_agency: HashMap<String, BTreeMap<u32, BTreeSet<I>>>,
    by_path: HashMap<PathBuf, I>,
}

impl<I> Default for Catalog<I> {
    fn default() -> Self {
        Catalog { by_agency: HashMap::new(), by_path: HashMap::new() }
    }
}

impl<I: Ord + Clone> Catalog<I> {
    /// Adds the report `id`, whose title gives `key` ([`owned_key`]); without a key it can still
    /// be found by path ([`Catalog::add_path`]).
    pub fn add(&mut self, id: I, key: Option<Key>) {
        if let Some((agency, year)) = key {
            self.by_agency.entry(agency).or_default().entry(year).or_default().insert(id);
        }
    }

    /// Makes the report `id` a possible `[[aggregate]]` part, at `path` (normalised as
    /// `config::normalize` does, as the parts in the settings are).
    pub fn add_path(&mut self, id: I, path: PathBuf) {
        self.by_path.insert(path, id);
    }

    /// Forgets that the report `id` has `key` (the key it was added with).
    pub fn remove(&mut self, id: &I, key: Option<&Key>) {
        let Some((agency, year)) = key else { return };
        let Some(years) = self.by_agency.get_mut(agency) else { return };
        if let Some(ids) = years.get_mut(year) {
            ids.remove(id);
            if ids.is_empty() {
                years.remove(year);
            }
        }
        if years.is_empty() {
            self.by_agency.remove(agency);
        }
    }

    /// The reports of `agency` for `year`, smallest id first.
    pub fn with_key(&self, agency: &str, year: u32) -> impl Iterator<Item = &I> {
        self.by_agency.get(agency).and_then(|years| years.get(&year)).into_iter().flatten()
    }

    /// Last year's report for `report`: the first of the same agency a year earlier.
    pub fn previous(&self, report: &Report) -> Option<&I> {
        let (agency, year) = key(report)?;
        self.with_key(agency, year.checked_sub(1)?).next()
    }

    /// The reports checked against the report with `key` as last year's: the same agency's a
    /// year later.
    pub fn next_year<'a>(&'a self, key: Option<&Key>) -> impl Iterator<Item = &'a I> {
        key.and_then(|(agency, year)| Some(self.with_key(agency, year.checked_add(1)?))).into_iter().flatten()
    }

    /// The parts of the summary report at `path` (normalised) that `settings`' `[[aggregate]]`
    /// entries list, in their order: the id of a part at hand, or the path of one the caller
    /// has to read.
    pub fn parts<'a>(
        &'a self,
        path: &'a Path,
        settings: &'a Settings,
    ) -> impl Iterator<Item = Result<&'a I, &'a Path>> {
        settings
            .aggregates
            .iter()
            .filter(move |ag| ag.report == path)
            .flat_map(|ag| &ag.parts)
            .map(|part| self.by_path.get(part).ok_or(part.as_path()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Aggregate;
    use crate::parse;

    const SEED: &str = include_str!("../../../tests/fixtures/002_57935d37ad0b2f69.txt");

    fn in_year(year: u32) -> Report {
        parse::parse(&SEED.replace("2023 年政府信息公开", &format!("{year} 年政府信息公开")))
    }

    #[test]
    fn last_years_report_is_the_first_of_the_agency_a_year_earlier() {
        let (this, last) = (in_year(2023), in_year(2022));
        let key = owned_key(&last);
        assert_eq!(key.as_ref().map(|k| k.1), Some(2022));
        let mut c = Catalog::default();
        assert_eq!(c.previous(&this), None);
        c.add(7, key.clone());
        c.add(3, key.clone());
        c.add(5, owned_key(&this));
        assert_eq!(c.previous(&this), Some(&3));
        assert_eq!(c.previous(&last), None);
        assert_eq!(c.next_year(key.as_ref()).collect::<Vec<_>>(), [&5]);
        c.remove(&3, key.as_ref());
        assert_eq!(c.previous(&this), Some(&7), "the next one takes over");
        c.remove(&7, key.as_ref());
        assert_eq!(c.previous(&this), None);
        assert_eq!(c.next_year(None).count(), 0);
        // A report without a year in its title has no key and no last year's report.
        let untitled = parse::parse(&SEED.replace("2023 年政府信息公开", "政府信息公开"));
        assert_eq!((owned_key(&untitled), c.previous(&untitled)), (None, None));
    }

    #[test]
    fn parts_are_the_ids_at_hand_or_the_paths_to_read() {
        let sum = PathBuf::from("/r/汇总.txt");
        let (a, b) = (PathBuf::from("/r/a.txt"), PathBuf::from("/r/b.txt"));
        let settings = Settings {
            aggregates: vec![
                Aggregate { report: PathBuf::from("/r/other.txt"), parts: vec![a.clone()] },
                Aggregate { report: sum.clone(), parts: vec![a.clone(), b.clone()] },
            ],
            ..Settings::default()
        };
        let mut c = Catalog::default();
        c.add_path(1, a.clone());
        let parts: Vec<_> = c.parts(&sum, &settings).collect();
        assert_eq!(parts, [Ok(&1), Err(b.as_path())]);
        assert_eq!(c.parts(&a, &settings).count(), 0, "a part is not a summary");
    }
}
