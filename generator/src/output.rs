//! Writing a generated crate: only files whose bytes changed are written; in check mode nothing
//! is written and the differences are reported instead.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use crate::emit::HEADER;
use crate::error::Error;

/// What a sync did (or, in check mode, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Files written (check mode: that would be written).
    pub written: Vec<String>,
    pub unchanged: Vec<String>,
    /// Generated files that the collection no longer produces: removed (check mode: would be).
    pub removed: Vec<String>,
}

impl Report {
    /// Whether the directory already matched.
    pub fn is_clean(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

/// Makes `dir` hold `files`. Files whose bytes are equal are left alone (their mtime too).
/// Generated `.rs` files under `src/` that are no longer produced are removed; anything without
/// the `@generated` header is never touched.
pub fn sync(dir: &Path, files: &BTreeMap<String, String>, check: bool) -> Result<Report, Error> {
    let mut report = Report::default();
    for (relative, contents) in files {
        let path = dir.join(relative);
        match fs::read(&path) {
            Ok(existing) if existing == contents.as_bytes() => report.unchanged.push(relative.clone()),
            _ => {
                if !check {
                    write(&path, contents)?;
                }
                report.written.push(relative.clone());
            }
        }
    }
    for relative in generated_sources(dir)? {
        if !files.contains_key(&relative) {
            if !check {
                let path = dir.join(&relative);
                fs::remove_file(&path).map_err(|source| Error::Write { path, source })?;
            }
            report.removed.push(relative);
        }
    }
    Ok(report)
}

/// Writes through a temporary file and a rename, so a reader never sees half a file.
fn write(path: &Path, contents: &str) -> Result<(), Error> {
    let error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(error(parent))?;
    }
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = PathBuf::from(temporary);
    fs::write(&temporary, contents).map_err(error(&temporary))?;
    fs::rename(&temporary, path).map_err(error(path))
}

/// `.rs` files under `dir/src` that start with the generated header, relative to `dir`.
fn generated_sources(dir: &Path) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.join("src")];
    while let Some(current) = pending.pop() {
        let entries = match fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(source) => return Err(Error::Write { path: current, source }),
        };
        for entry in entries {
            let entry = entry.map_err(|source| Error::Write { path: current.clone(), source })?;
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs")
                && fs::read_to_string(&path).is_ok_and(|text| text.starts_with(HEADER))
                && let Ok(relative) = path.strip_prefix(dir)
            {
                let relative: Vec<String> =
                    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
                found.push(relative.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}
