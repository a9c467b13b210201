//! Stage 4, *write*: bring the output directory in line with the rendered files, or (in check
//! mode) only report how it differs. The only place the generator writes to disk.

use crate::emit::GeneratedFile;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// How the directory on disk differs from the rendered files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Diff {
    /// Files whose contents differ.
    pub changed: Vec<String>,
    /// Files that are rendered but missing on disk.
    pub added: Vec<String>,
    /// Files on disk that are no longer rendered.
    pub removed: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }

    /// One line per differing file: `changed src/types.rs`.
    pub fn lines(&self) -> Vec<String> {
        let tagged = |tag: &str, files: &[String]| files.iter().map(|f| format!("{tag} {f}")).collect::<Vec<_>>();
        [tagged("changed", &self.changed), tagged("missing", &self.added), tagged("stale", &self.removed)].concat()
    }
}

/// Compares `files` with the contents of `dir`.
pub fn diff(dir: &Path, files: &[GeneratedFile]) -> io::Result<Diff> {
    let on_disk = read_tree(dir)?;
    let mut diff = Diff::default();
    for file in files {
        match on_disk.get(&file.path) {
            None => diff.added.push(file.path.clone()),
            Some(contents) if contents != file.contents.as_bytes() => diff.changed.push(file.path.clone()),
            Some(_) => {}
        }
    }
    let rendered: std::collections::BTreeSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    diff.removed = on_disk.keys().filter(|p| !rendered.contains(p.as_str())).cloned().collect();
    Ok(diff)
}

/// Replaces `dir` with exactly `files`. The new tree is built beside it (`.<dir>.staging`) and
/// swapped in with two renames: `dir` to `.<dir>.old`, then the staging tree to `dir`. Files are
/// never a mix of old and new. A run killed between the two renames leaves the old tree as
/// `.<dir>.old` and no `dir`; the next run puts it back before comparing.
pub fn replace(dir: &Path, files: &[GeneratedFile]) -> io::Result<Diff> {
    let staging = sibling(dir, "staging");
    let old = sibling(dir, "old");
    if !dir.exists() && old.exists() {
        std::fs::rename(&old, dir)?;
    }
    let diff = diff(dir, files)?;
    if diff.is_empty() {
        return Ok(diff);
    }
    for leftover in [&staging, &old] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover)?;
        }
    }
    for file in files {
        let path = staging.join(&file.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, &file.contents)?;
    }
    if dir.exists() {
        std::fs::rename(dir, &old)?;
    }
    std::fs::rename(&staging, dir)?;
    if old.exists() {
        std::fs::remove_dir_all(&old)?;
    }
    Ok(diff)
}

fn sibling(dir: &Path, suffix: &str) -> PathBuf {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    dir.with_file_name(format!(".{name}.{suffix}"))
}

fn read_tree(dir: &Path) -> io::Result<BTreeMap<String, Vec<u8>>> {
    let mut out = BTreeMap::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside dir").to_string_lossy().replace('\\', "/");
                out.insert(relative, std::fs::read(&path)?);
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: contents.into() }
    }

    #[test]
    fn replace_writes_removes_stale_and_then_is_clean() {
        let root = std::env::temp_dir().join(format!("generator-write-test-{}", std::process::id()));
        let dir = root.join("out");
        std::fs::create_dir_all(dir.join("src")).unwrap();
        std::fs::write(dir.join("src/old.rs"), "stale").unwrap();
        std::fs::write(dir.join("keep.txt"), "same").unwrap();
        let files = vec![file("keep.txt", "same"), file("src/new.rs", "fresh")];

        let first = replace(&dir, &files).unwrap();
        assert_eq!(first.added, vec!["src/new.rs"]);
        assert_eq!(first.removed, vec!["src/old.rs"]);
        assert!(!dir.join("src/old.rs").exists());
        assert_eq!(std::fs::read_to_string(dir.join("src/new.rs")).unwrap(), "fresh");
        assert!(diff(&dir, &files).unwrap().is_empty());

        let changed = vec![file("keep.txt", "other"), file("src/new.rs", "fresh")];
        assert_eq!(diff(&dir, &changed).unwrap().changed, vec!["keep.txt"]);
        std::fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_run_killed_between_the_renames_is_recovered_by_the_next() {
        let root = std::env::temp_dir().join(format!("generator-write-recover-{}", std::process::id()));
        let dir = root.join("out");
        let files = vec![file("keep.txt", "same")];
        replace(&dir, &files).unwrap();
        // What the first rename leaves when the process dies before the second.
        std::fs::rename(&dir, sibling(&dir, "old")).unwrap();

        let diff = replace(&dir, &files).unwrap();
        assert!(diff.is_empty(), "the old tree is back and already matches: {diff:?}");
        assert_eq!(std::fs::read_to_string(dir.join("keep.txt")).unwrap(), "same");
        assert!(!sibling(&dir, "old").exists());
        std::fs::remove_dir_all(&root).unwrap();
    }
}
