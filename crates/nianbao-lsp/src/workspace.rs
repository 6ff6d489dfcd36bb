//! The workspace folder's reports on disk, indexed by agency and year, so that an open report
//! is checked against last year's report of the same agency even when that file is not open
//! (NB303, NB304, NB309).

use nianbao_core::companions::{owned_key, Catalog, Key};
use nianbao_core::{parse, source, Previous, Report};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// At most this many files are read when the workspace is scanned.
pub const MAX_FILES: usize = 5000;
/// Files larger than this are not reports.
const MAX_BYTES: u64 = 4 << 20;

/// A report read from disk.
#[derive(Debug)]
pub struct DiskReport {
    pub text: String,
    pub report: Report,
    /// The file name, for messages.
    pub name: String,
}

/// The reports under the workspace folder, by (agency, year); the first file by path wins when
/// two have the same agency and year.
#[derive(Debug, Default)]
pub struct WorkspaceIndex {
    files: HashMap<PathBuf, DiskReport>,
    catalog: Catalog<PathBuf>,
}

fn is_report_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("md"))
}

fn read(path: &Path) -> Option<DiskReport> {
    let meta = std::fs::metadata(path).ok()?;
    if !meta.is_file() || meta.len() > MAX_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    let text = source::decode(&bytes).ok()?.text;
    let report = parse::parse(&text);
    if !report.is_report() {
        return None;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Some(DiskReport { text, report, name })
}

impl WorkspaceIndex {
    /// Reads the .txt and .md reports under `root` (hidden folders, `target` and
    /// `node_modules` skipped; at most [`MAX_FILES`] files).
    pub fn scan(root: &Path) -> WorkspaceIndex {
        let mut index = WorkspaceIndex::default();
        let mut stack = vec![root.to_path_buf()];
        let mut seen = 0;
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            let mut entries: Vec<_> = entries.filter_map(|e| e.ok()).collect();
            entries.sort_by_key(|e| e.file_name());
            for entry in entries {
                let path = entry.path();
                let name = entry.file_name();
                let name = name.to_string_lossy();
                let Ok(kind) = entry.file_type() else { continue };
                if kind.is_dir() {
                    if !name.starts_with('.') && name != "target" && name != "node_modules" {
                        stack.push(path);
                    }
                } else if kind.is_file() && is_report_file(&path) {
                    seen += 1;
                    if seen > MAX_FILES {
                        return index;
                    }
                    index.update(&path);
                }
            }
        }
        index
    }

    pub fn len(&self) -> usize {
        self.files.len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Re-reads `path` (created, changed or deleted). Returns the (agency, year) it had before
    /// and has now, so that next year's open reports can be re-checked.
    pub fn update(&mut self, path: &Path) -> (Option<Key>, Option<Key>) {
        let before = self.files.remove(path).and_then(|d| owned_key(&d.report));
        self.catalog.remove(&path.to_path_buf(), before.as_ref());
        let after = if is_report_file(path) { read(path) } else { None };
        let after_key = after.as_ref().and_then(|d| owned_key(&d.report));
        if let Some(d) = after {
            self.catalog.add(path.to_path_buf(), after_key.clone());
            self.files.insert(path.to_path_buf(), d);
        }
        (before, after_key)
    }

    /// Last year's report for `report` (same agency, year − 1), if one is on disk.
    pub fn previous(&self, report: &Report) -> Option<Previous<'_>> {
        let d = self.files.get(self.catalog.previous(report)?)?;
        Some(Previous { text: &d.text, report: &d.report, name: &d.name })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_last_years_report_on_disk_and_follows_changes() {
        let dir = std::env::temp_dir().join(format!("nianbao-ws-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let seed = include_str!("../../../tests/fixtures/002_57935d37ad0b2f69.txt");
        let last = seed.replace("2023 年政府信息公开", "2022 年政府信息公开");
        std::fs::write(dir.join("sub/2022.txt"), &last).unwrap();
        std::fs::write(dir.join("notes.md"), "与报告无关").unwrap();
        let mut index = WorkspaceIndex::scan(&dir);
        assert_eq!(index.len(), 1);
        let this_year = parse::parse(seed);
        assert_eq!(index.previous(&this_year).map(|p| p.name), Some("2022.txt"));
        // A second file with the same agency and year: the first by path is used, and the other
        // takes over when it goes.
        std::fs::write(dir.join("sub/2022-copy.txt"), &last).unwrap();
        index.update(&dir.join("sub/2022-copy.txt"));
        assert_eq!(index.previous(&this_year).map(|p| p.name), Some("2022-copy.txt"));
        std::fs::remove_file(dir.join("sub/2022-copy.txt")).unwrap();
        index.update(&dir.join("sub/2022-copy.txt"));
        assert_eq!(index.previous(&this_year).map(|p| p.name), Some("2022.txt"));
        std::fs::remove_file(dir.join("sub/2022.txt")).unwrap();
        let (before, after) = index.update(&dir.join("sub/2022.txt"));
        assert_eq!((before.map(|k| k.1), after), (Some(2022), None));
        assert!(index.previous(&this_year).is_none());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
