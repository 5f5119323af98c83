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

/// The directory a regen stages its files in, inside the crate directory.
pub const STAGING: &str = ".postman-codegen-staging";
/// Written into the staging directory once every file is staged: the point of no return.
const COMMIT: &str = "COMMIT";

/// Makes `dir` hold `files`. Files whose bytes are equal are left alone (their mtime too).
/// Generated `.rs` files under `src/` and `examples/` that are no longer produced are removed; anything without
/// the `@generated` header is never touched.
///
/// Changes are staged first and applied only once all are staged, so a regen stopped before that
/// point leaves the previous crate as it was; a regen stopped while applying is finished by the
/// next one.
pub fn sync(dir: &Path, files: &BTreeMap<String, String>, check: bool) -> Result<Report, Error> {
    if !check && let Some(mut new) = NewCrate::begin(dir)? {
        for (relative, contents) in files {
            new.add(relative, contents)?;
        }
        return new.finish();
    }
    if !check {
        recover(dir)?;
    }
    let mut report = Report::default();
    for (relative, contents) in files {
        match fs::read(dir.join(relative)) {
            Ok(existing) if existing == contents.as_bytes() => report.unchanged.push(relative.clone()),
            _ => report.written.push(relative.clone()),
        }
    }
    for relative in generated_sources(dir)? {
        if !files.contains_key(&relative) {
            report.removed.push(relative);
        }
    }
    if check || report.is_clean() {
        return Ok(report);
    }
    let staging = dir.join(STAGING);
    remove_dir(&staging)?;
    let mut stager = Stager::default();
    for relative in &report.written {
        // Nothing reads the staging directory before the commit marker exists, so staged files
        // need no temporary name of their own.
        stager.stage(&staging.join(relative), &files[relative])?;
    }
    let mut journal = String::new();
    for relative in &report.written {
        journal.push_str(&format!("write {relative}\n"));
    }
    for relative in &report.removed {
        journal.push_str(&format!("remove {relative}\n"));
    }
    write(&staging.join(COMMIT), &journal)?;
    recover(dir)?;
    Ok(report)
}

/// Finishes a staged regen that was committed, or drops one that was not.
fn recover(dir: &Path) -> Result<(), Error> {
    let staging = dir.join(STAGING);
    let journal = match fs::read_to_string(staging.join(COMMIT)) {
        Ok(journal) => journal,
        Err(_) => return remove_dir(&staging),
    };
    let mut made = std::collections::HashSet::new();
    for line in journal.lines() {
        if let Some(relative) = line.strip_prefix("write ") {
            let (from, to) = (staging.join(relative), dir.join(relative));
            // Already moved by an earlier, interrupted recovery.
            if !from.exists() {
                continue;
            }
            if let Some(parent) = to.parent()
                && made.insert(parent.to_path_buf())
            {
                fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
            }
            fs::rename(&from, &to).map_err(|source| Error::Write { path: to.clone(), source })?;
        } else if let Some(relative) = line.strip_prefix("remove ") {
            let path = dir.join(relative);
            match fs::remove_file(&path) {
                Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Error::Write { path, source: error });
                }
                _ => {}
            }
        }
    }
    remove_dir(&staging)
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

/// Writes staged files, creating each directory once.
#[derive(Default)]
struct Stager {
    made: std::collections::HashSet<PathBuf>,
    pause: Option<u64>,
}

impl Stager {
    fn stage(&mut self, path: &Path, contents: &str) -> Result<(), Error> {
        if let Some(parent) = path.parent()
            && !self.made.contains(parent)
        {
            fs::create_dir_all(parent).map_err(|source| Error::Write { path: parent.to_path_buf(), source })?;
            self.made.insert(parent.to_path_buf());
        }
        fs::write(path, contents).map_err(|source| Error::Write { path: path.to_path_buf(), source })?;
        let pause = *self.pause.get_or_insert_with(|| {
            std::env::var("POSTMAN_CODEGEN_STAGE_DELAY_MS").ok().and_then(|ms| ms.parse().ok()).unwrap_or(0)
        });
        if pause > 0 {
            // Lets tests stop a regen while it stages.
            std::thread::sleep(std::time::Duration::from_millis(pause));
        }
        Ok(())
    }
}

/// For a crate directory that does not exist yet: where to stage it, beside it (removing what
/// an earlier, stopped run left there).
fn fresh_staging(dir: &Path) -> Option<PathBuf> {
    if fs::symlink_metadata(dir).is_ok() {
        return None;
    }
    let name = dir.file_name()?.to_str()?;
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Some(parent.join(format!(".{name}{STAGING}")))
}

/// A crate directory that does not exist yet, written file by file: each file is staged beside
/// it as soon as it is given, and `finish` renames the staging directory into place in one step,
/// so the crate appears complete or not at all. Dropped unfinished (a later file failed to
/// generate or to write), it removes what it staged.
pub struct NewCrate {
    dir: PathBuf,
    staging: PathBuf,
    stager: Stager,
    written: Vec<String>,
    finished: bool,
}

impl NewCrate {
    /// `None` when `dir` already exists: then `sync` compares and replaces file by file.
    pub fn begin(dir: &Path) -> Result<Option<NewCrate>, Error> {
        let Some(staging) = fresh_staging(dir) else { return Ok(None) };
        // What an earlier, stopped run left there.
        remove_dir(&staging)?;
        Ok(Some(NewCrate {
            dir: dir.to_path_buf(),
            staging,
            stager: Stager::default(),
            written: Vec::new(),
            finished: false,
        }))
    }

    /// Stages one file, by path relative to the crate root.
    pub fn add(&mut self, relative: &str, contents: &str) -> Result<(), Error> {
        self.stager.stage(&self.staging.join(relative), contents)?;
        self.written.push(relative.to_string());
        Ok(())
    }

    /// Puts the crate in place.
    pub fn finish(mut self) -> Result<Report, Error> {
        fs::rename(&self.staging, &self.dir).map_err(|source| Error::Write { path: self.dir.clone(), source })?;
        self.finished = true;
        let mut written = std::mem::take(&mut self.written);
        written.sort();
        Ok(Report { written, ..Report::default() })
    }
}

impl Drop for NewCrate {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

fn remove_dir(path: &Path) -> Result<(), Error> {
    match fs::remove_dir_all(path) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
            Err(Error::Write { path: path.to_path_buf(), source: error })
        }
        _ => Ok(()),
    }
}

/// `.rs` files under `dir/src` and `dir/examples` that start with the generated header,
/// relative to `dir`.
fn generated_sources(dir: &Path) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.join("src"), dir.join("examples")];
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
                && starts_with_header(&path)
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

/// Whether a file starts with the generated header (only the header is read).
fn starts_with_header(path: &Path) -> bool {
    use std::io::Read;
    let mut start = vec![0; HEADER.len()];
    fs::File::open(path).and_then(|mut file| file.read_exact(&mut start)).is_ok() && start == HEADER.as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("postman-codegen-output-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_new_crate_appears_only_when_finished() {
        let dir = temp_dir("finished");
        let mut new = NewCrate::begin(&dir).unwrap().expect("the directory does not exist yet");
        new.add("src/lib.rs", "// lib\n").unwrap();
        new.add("Cargo.toml", "[package]\n").unwrap();
        assert!(!dir.exists(), "nothing is in place before `finish`");
        let report = new.finish().unwrap();
        assert_eq!(report.written, ["Cargo.toml", "src/lib.rs"]);
        assert_eq!(fs::read_to_string(dir.join("src/lib.rs")).unwrap(), "// lib\n");
        assert!(NewCrate::begin(&dir).unwrap().is_none(), "an existing directory is synced, not created");
        let _ = fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_new_crate_dropped_unfinished_leaves_nothing() {
        let dir = temp_dir("dropped");
        let mut new = NewCrate::begin(&dir).unwrap().expect("the directory does not exist yet");
        new.add("src/lib.rs", "// lib\n").unwrap();
        let staging = new.staging.clone();
        assert!(staging.join("src/lib.rs").is_file());
        drop(new);
        assert!(!staging.exists() && !dir.exists());
    }
}
