//! Test support: where the shared data lives, and a clear skip when it does not.
//!
//! CI checks the repository out next to `shared/`; a user's fresh clone has no such folder, so
//! every test that reads it must skip with a message instead of failing.

use std::path::{Path, PathBuf};

pub mod images;

/// The workspace root (the folder holding the top-level `Cargo.toml`).
#[must_use]
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("crates/<name> lies two levels below the workspace root")
        .to_path_buf()
}

/// The shared data folder: `$PLIMSOLL_SHARED` when set, else `../shared` beside the checkout.
/// Returns `None` (after printing why) when it is absent, so callers can skip.
#[must_use]
pub fn shared_dir(test: &str) -> Option<PathBuf> {
    let dir = std::env::var_os("PLIMSOLL_SHARED")
        .map_or_else(|| workspace_root().join("../shared"), PathBuf::from);
    if dir.is_dir() {
        Some(dir)
    } else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "skipping {test}: shared data not found at {} (set PLIMSOLL_SHARED or check out next to shared/)",
                dir.display()
            );
        }
        None
    }
}

/// Like [`shared_dir`], joined with `sub`; `None` with a message when that path is absent.
#[must_use]
pub fn shared_path(test: &str, sub: &str) -> Option<PathBuf> {
    let path = shared_dir(test)?.join(sub);
    if path.exists() {
        Some(path)
    } else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("skipping {test}: {} not found", path.display());
        }
        None
    }
}

/// The hadolint 2.15.1 binary used to confirm the drop-in's behaviour: `$PLIMSOLL_HADOLINT`
/// when set, else the development machine's install. Returns `None` (after printing why) when
/// it is absent, so callers can skip.
#[must_use]
pub fn hadolint_binary(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PLIMSOLL_HADOLINT").map_or_else(
        || PathBuf::from("/root/.pyenv/versions/3.11.7/bin/hadolint"),
        PathBuf::from,
    );
    if path.is_file() {
        Some(path)
    } else {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "skipping {test}: hadolint not found at {} (set PLIMSOLL_HADOLINT)",
                path.display()
            );
        }
        None
    }
}

/// Every file under `dir` (recursively), sorted by path, read as text with invalid UTF-8
/// replaced (a few corpus files are Latin-1). For tests and benchmarks over the shared corpus.
#[must_use]
pub fn corpus_files(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut paths = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                paths.push(path);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let bytes = std::fs::read(&path).ok()?;
            Some((path, String::from_utf8_lossy(&bytes).into_owned()))
        })
        .collect()
}
