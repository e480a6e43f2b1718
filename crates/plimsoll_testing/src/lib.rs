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
