//! Which files `plimsoll lint` reads: explicit files as given, directories searched recursively
//! for Dockerfiles (respecting `.gitignore`), `-` for standard input.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    File(PathBuf),
    Stdin,
}

/// A path that could not be searched.
#[derive(Debug)]
pub struct DiscoveryError {
    pub path: PathBuf,
    pub message: String,
}

/// True for names Docker tooling treats as Dockerfiles: `Dockerfile`, `Dockerfile.*`,
/// `*.Dockerfile`, `*.dockerfile`, `Containerfile`, `Containerfile.*` — but not the
/// `<name>.Dockerfile.dockerignore` files BuildKit reads next to them.
#[must_use]
pub fn is_dockerfile_name(name: &str) -> bool {
    if name.ends_with(".dockerignore") {
        return false;
    }
    name == "Dockerfile"
        || name == "Containerfile"
        || name.starts_with("Dockerfile.")
        || name.starts_with("Containerfile.")
        || name.ends_with(".Dockerfile")
        || name.ends_with(".dockerfile")
}

/// Expands `paths` (the current directory when empty) into inputs, sorted within each directory
/// so output is stable. Explicit files are linted whatever their name.
pub fn discover(paths: &[PathBuf]) -> (Vec<Input>, Vec<DiscoveryError>) {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    // One stat per path, in parallel: CI jobs pass thousands of files on the command line.
    let kinds: Vec<Option<bool>> = paths
        .par_iter()
        .map(|path| {
            (path.as_os_str() != "-")
                .then(|| {
                    std::fs::metadata(path)
                        .map(|metadata| metadata.is_dir())
                        .ok()
                })
                .flatten()
        })
        .collect();
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for (path, is_dir) in paths.iter().zip(kinds) {
        match is_dir {
            _ if path.as_os_str() == "-" => inputs.push(Input::Stdin),
            Some(true) => walk(path, &mut inputs, &mut errors),
            Some(false) => inputs.push(Input::File(path.clone())),
            None => errors.push(DiscoveryError {
                path: path.clone(),
                message: "No such file or directory".to_owned(),
            }),
        }
    }
    (inputs, errors)
}

fn walk(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<DiscoveryError>) {
    let walker = ignore::WalkBuilder::new(root)
        // Dockerfiles live in hidden folders too (`.devcontainer/`, `.github/`).
        .hidden(false)
        .require_git(false)
        .filter_entry(|entry| entry.file_name() != ".git")
        .sort_by_file_name(std::cmp::Ord::cmp)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|kind| kind.is_file());
                let name = entry.file_name().to_string_lossy();
                if is_file && is_dockerfile_name(&name) {
                    inputs.push(Input::File(entry.into_path()));
                }
            }
            Err(error) => errors.push(DiscoveryError {
                path: root.to_path_buf(),
                message: error.to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for name in [
            "Dockerfile",
            "Dockerfile.prod",
            "api.Dockerfile",
            "api.dockerfile",
            "Containerfile",
            "Containerfile.dev",
        ] {
            assert!(is_dockerfile_name(name), "{name}");
        }
        for name in [
            "dockerfile",
            "Dockerfile.dockerignore",
            "api.Dockerfile.dockerignore",
            ".dockerignore",
            "Dockerfiles",
            "README.md",
        ] {
            assert!(!is_dockerfile_name(name), "{name}");
        }
    }

    #[test]
    fn walks_directories_respecting_gitignore_and_keeps_explicit_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let write = |path: &str| {
            let path = root.join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "FROM scratch\n").unwrap();
        };
        write("Dockerfile");
        write("services/api/api.Dockerfile");
        write(".devcontainer/Dockerfile");
        write("build/Dockerfile");
        write(".git/Dockerfile");
        write("notes.txt");
        write("Dockerfile.dockerignore");
        std::fs::write(root.join(".gitignore"), "build/\n").unwrap();

        let (inputs, errors) = discover(&[root.to_path_buf(), root.join("notes.txt"), "-".into()]);
        assert!(errors.is_empty());
        let names: Vec<String> = inputs
            .iter()
            .map(|input| match input {
                Input::File(path) => path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
                Input::Stdin => "-".to_owned(),
            })
            .collect();
        assert_eq!(
            names,
            [
                ".devcontainer/Dockerfile",
                "Dockerfile",
                "services/api/api.Dockerfile",
                "notes.txt",
                "-"
            ]
        );
    }

    #[test]
    fn missing_paths_are_errors() {
        let (inputs, errors) = discover(&["/nonexistent/plimsoll/Dockerfile".into()]);
        assert!(inputs.is_empty());
        assert_eq!(errors.len(), 1);
    }
}
