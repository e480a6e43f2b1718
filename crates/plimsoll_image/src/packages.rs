//! The package inventory: what the image's package databases say is installed, read from the
//! final filesystem (the contents were collected during the single pass, see
//! [`crate::contents`]).
//!
//! * **deb** — `/var/lib/dpkg/status` (paragraphs whose `Status` ends in `installed`) and
//!   distroless' `/var/lib/dpkg/status.d/<pkg>` files (every paragraph; the `.md5sums` lists
//!   are skipped). Size: `Installed-Size` × 1024 (dpkg counts KiB). The layer of a package
//!   from `status` is the first layer from which every later version of `status` lists it with
//!   the same version: the layer that installed (or last upgraded) it.
//! * **apk** — `/lib/apk/db/installed` (`P:` name, `V:` version, `I:` installed bytes), layers
//!   as for dpkg.
//! * **python** — every `*.dist-info/METADATA`, `*.egg-info/PKG-INFO` and single-file
//!   `*.egg-info` in the final filesystem, anywhere (system `dist-packages`, `/usr/local`,
//!   venvs, `pip --target` trees): `Name:` and `Version:` from the header block. Size: the sum
//!   of the final sizes of the files `RECORD` lists (paths relative to the directory holding
//!   the `.dist-info`, each file once; files missing from the final filesystem count 0), or,
//!   without a `RECORD` (Debian's egg-info), the sum of the files under the directories (and
//!   `name.py` modules) named by `top_level.txt`; unknown otherwise.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::contents::{CollectedFile, Interest};
use crate::path::ImagePath;
use crate::report::Package;
use crate::rules::{CheckContext, Fate};
use crate::tar::EntryKind;

/// The fields of one RFC 822-style paragraph (continuation lines dropped, first value wins).
fn paragraphs(text: &str, separator: char) -> Vec<HashMap<&str, &str>> {
    let mut all = Vec::new();
    let mut current: HashMap<&str, &str> = HashMap::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                all.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        if let Some((key, value)) = line.split_once(separator) {
            current.entry(key.trim()).or_insert(value.trim());
        }
    }
    if !current.is_empty() {
        all.push(current);
    }
    all
}

/// One installed package as a database lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Listed {
    name: String,
    version: String,
    size: Option<u64>,
}

/// Installed packages of a dpkg `status` (or `status.d` file, where there is no `Status`).
fn dpkg_packages(text: &[u8], require_status: bool) -> Vec<Listed> {
    let text = String::from_utf8_lossy(text);
    paragraphs(&text, ':')
        .into_iter()
        .filter_map(|fields| {
            let name = fields.get("Package")?;
            if require_status {
                let installed = fields
                    .get("Status")
                    .and_then(|s| s.split_whitespace().nth(2))
                    .is_some_and(|state| state == "installed");
                if !installed {
                    return None;
                }
            }
            Some(Listed {
                name: (*name).to_owned(),
                version: fields
                    .get("Version")
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                size: fields
                    .get("Installed-Size")
                    .and_then(|s| s.parse::<u64>().ok())
                    .map(|kib| kib * 1024),
            })
        })
        .collect()
}

fn apk_packages(text: &[u8]) -> Vec<Listed> {
    let text = String::from_utf8_lossy(text);
    paragraphs(&text, ':')
        .into_iter()
        .filter_map(|fields| {
            Some(Listed {
                name: (*fields.get("P")?).to_owned(),
                version: fields.get("V").copied().unwrap_or_default().to_owned(),
                size: fields.get("I").and_then(|s| s.parse().ok()),
            })
        })
        .collect()
}

/// Packages of a database file that every layer rewrites whole (dpkg `status`, apk
/// `installed`), each with the layer that installed the version the final file lists.
fn layered_database(
    context: &CheckContext<'_>,
    interest: Interest,
    path: &str,
    ecosystem: &str,
    parse: fn(&[u8]) -> Vec<Listed>,
) -> Vec<Package> {
    let Some(final_file) = context.final_content(path) else {
        return Vec::new();
    };
    let Some(final_layer) = context
        .layers_of(final_file.blob)
        .into_iter()
        .find(|&layer| context.fate(&final_file.path, layer) == Fate::Visible)
    else {
        return Vec::new();
    };
    let mut versions: Vec<(usize, &CollectedFile)> = context
        .versions(interest)
        .filter(|(_, layer)| *layer <= final_layer)
        .map(|(file, layer)| (layer, file))
        .collect();
    versions.sort_by_key(|(layer, _)| *layer);
    let mut since: HashMap<String, (String, usize)> = HashMap::new();
    for (layer, file) in versions {
        let mut next = HashMap::new();
        for listed in parse(&file.content) {
            let first = match since.get(&listed.name) {
                Some((version, first)) if *version == listed.version => *first,
                _ => layer,
            };
            next.insert(listed.name, (listed.version, first));
        }
        since = next;
    }
    parse(&final_file.content)
        .into_iter()
        .map(|listed| Package {
            ecosystem: ecosystem.to_owned(),
            layer: Some(
                since
                    .get(&listed.name)
                    .map_or(final_layer, |(_, layer)| *layer),
            ),
            name: listed.name,
            version: listed.version,
            size: listed.size,
            path: Some(final_file.path.to_absolute_string()),
        })
        .collect()
}

/// The final versions of every collected file with this interest, with their layer.
fn final_versions<'a>(
    context: &'a CheckContext<'_>,
    interest: Interest,
) -> impl Iterator<Item = (&'a CollectedFile, usize)> + 'a {
    context
        .versions(interest)
        .filter(|(file, layer)| context.fate(&file.path, *layer) == Fate::Visible)
}

fn status_d(context: &CheckContext<'_>) -> Vec<Package> {
    final_versions(context, Interest::DpkgStatusD)
        .flat_map(|(file, layer)| {
            dpkg_packages(&file.content, false)
                .into_iter()
                .map(move |listed| Package {
                    ecosystem: "deb".to_owned(),
                    name: listed.name,
                    version: listed.version,
                    size: listed.size,
                    path: Some(file.path.to_absolute_string()),
                    layer: Some(layer),
                })
        })
        .collect()
}

/// `Name` and `Version` from the header block of `METADATA` / `PKG-INFO` (the body after the
/// first blank line is the long description and is not read).
fn python_name_version(text: &[u8]) -> Option<(String, String)> {
    let text = String::from_utf8_lossy(text);
    let (mut name, mut version) = (None, None);
    for line in text.lines() {
        if line.trim().is_empty() {
            break;
        }
        if let Some((key, value)) = line.split_once(':') {
            match key.trim().to_ascii_lowercase().as_str() {
                "name" if name.is_none() => name = Some(value.trim().to_owned()),
                "version" if version.is_none() => version = Some(value.trim().to_owned()),
                _ => {}
            }
        }
    }
    Some((name?, version.unwrap_or_default()))
}

/// The paths of a `RECORD` (CSV: path, hash, size; the path quoted when it holds a comma).
fn record_paths(text: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(text)
        .lines()
        .filter_map(|line| {
            let path = if let Some(quoted) = line.strip_prefix('"') {
                quoted.split_once('"')?.0.replace("\"\"", "\"")
            } else {
                line.split(',').next()?.to_owned()
            };
            (!path.is_empty()).then_some(path)
        })
        .collect()
}

/// Σ sizes of regular files under `path` (or of `path` itself), each inode once.
fn tree_size(context: &CheckContext<'_>, path: &str, seen: &mut HashSet<u32>) -> u64 {
    let Some(entry) = context.fs.lookup(path) else {
        return 0;
    };
    match entry.kind {
        EntryKind::File | EntryKind::Hardlink => match entry.inode {
            Some(inode) if seen.insert(inode) => entry.size,
            _ => 0,
        },
        EntryKind::Dir => context
            .fs
            .read_dir(path)
            .iter()
            .map(|child| tree_size(context, &child.path.to_relative_string(), seen))
            .sum(),
        _ => 0,
    }
}

fn python_size(context: &CheckContext<'_>, metadata: &ImagePath) -> Option<u64> {
    let info_dir = metadata.parent();
    let site = info_dir.parent();
    let info_name = info_dir.file_name();
    let mut seen = HashSet::new();
    if info_name.ends_with(b".dist-info") {
        let record = context.final_content(&info_dir.join(b"RECORD").to_relative_string())?;
        let size = record_paths(&record.content)
            .iter()
            .map(|relative| {
                let path = site.join(relative.as_bytes());
                tree_size(context, &path.to_relative_string(), &mut seen)
            })
            .sum();
        return Some(size);
    }
    if info_name.ends_with(b".egg-info") {
        let top_level =
            context.final_content(&info_dir.join(b"top_level.txt").to_relative_string())?;
        let text = String::from_utf8_lossy(&top_level.content);
        let size = text
            .lines()
            .map(str::trim)
            .filter(|name| !name.is_empty())
            .map(|name| {
                let package = site.join(name.as_bytes()).to_relative_string();
                let module = site
                    .join(format!("{name}.py").as_bytes())
                    .to_relative_string();
                tree_size(context, &package, &mut seen) + tree_size(context, &module, &mut seen)
            })
            .sum();
        return Some(size);
    }
    None
}

fn python(context: &CheckContext<'_>) -> Vec<Package> {
    final_versions(context, Interest::PythonMetadata)
        .filter_map(|(file, layer)| {
            let (name, version) = python_name_version(&file.content)?;
            let in_info_dir = file.path.parent().file_name().ends_with(b".dist-info")
                || file.path.parent().file_name().ends_with(b".egg-info");
            let (path, size) = if in_info_dir {
                (file.path.parent(), python_size(context, &file.path))
            } else {
                (file.path.clone(), None)
            };
            Some(Package {
                ecosystem: "python".to_owned(),
                name,
                version,
                size,
                path: Some(path.to_absolute_string()),
                layer: Some(layer),
            })
        })
        .collect()
}

/// Every installed package, sorted by ecosystem, name, version and path.
#[must_use]
pub fn inventory(context: &CheckContext<'_>) -> Vec<Package> {
    let mut packages = layered_database(
        context,
        Interest::DpkgStatus,
        "var/lib/dpkg/status",
        "deb",
        |text| dpkg_packages(text, true),
    );
    packages.extend(status_d(context));
    for path in ["lib/apk/db/installed", "usr/lib/apk/db/installed"] {
        if context
            .fs
            .lookup(path)
            .is_some_and(|e| e.kind == EntryKind::File)
        {
            packages.extend(layered_database(
                context,
                Interest::ApkInstalled,
                path,
                "apk",
                apk_packages,
            ));
            break;
        }
    }
    packages.extend(python(context));
    packages.sort_by(|a, b| {
        (&a.ecosystem, &a.name, &a.version, &a.path).cmp(&(
            &b.ecosystem,
            &b.name,
            &b.version,
            &b.path,
        ))
    });
    packages
}

/// Package counts by ecosystem, for summaries.
#[must_use]
pub fn counts(packages: &[Package]) -> BTreeMap<&str, usize> {
    let mut counts = BTreeMap::new();
    for package in packages {
        *counts.entry(package.ecosystem.as_str()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use plimsoll_testing::images::{ImageSpec, Tar};

    use super::*;
    use crate::rules::test_support::with_context;

    fn inventory_of(spec: &ImageSpec) -> Vec<Package> {
        with_context(spec, inventory)
    }

    fn summary(packages: &[Package]) -> Vec<(String, String, Option<u64>, Option<usize>)> {
        packages
            .iter()
            .map(|p| (p.name.clone(), p.version.clone(), p.size, p.layer))
            .collect()
    }

    const STATUS_BASE: &str = "Package: libc6\nStatus: install ok installed\nInstalled-Size: 12000\nVersion: 2.36-9\nDescription: GNU C Library\n Package: not-a-field\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\nPackage: tzdata\nStatus: install ok installed\nInstalled-Size: 3\nVersion: 2024a-0\n";

    #[test]
    fn dpkg_status_with_layers() {
        let base = Tar::new()
            .file("var/lib/dpkg/status", STATUS_BASE.as_bytes())
            .finish();
        let upgraded = format!(
            "{}\nPackage: curl\nStatus: install ok installed\nInstalled-Size: 500\nVersion: 7.88.1-10\n",
            STATUS_BASE.replace("2024a-0", "2024b-0")
        );
        let install = Tar::new()
            .file("var/lib/dpkg/status", upgraded.as_bytes())
            .finish();
        let unrelated = Tar::new().file("app/main.py", b"print()\n").finish();
        let packages = inventory_of(&ImageSpec::new(vec![base, install, unrelated]));
        assert_eq!(
            summary(&packages),
            [
                ("curl".into(), "7.88.1-10".into(), Some(512_000), Some(1)),
                ("libc6".into(), "2.36-9".into(), Some(12_288_000), Some(0)),
                ("tzdata".into(), "2024b-0".into(), Some(3_072), Some(1)),
            ]
        );
        assert!(
            packages
                .iter()
                .all(|p| p.ecosystem == "deb" && p.path.as_deref() == Some("/var/lib/dpkg/status"))
        );
    }

    #[test]
    fn distroless_status_d_and_apk() {
        let layer = Tar::new()
            .file("var/lib/dpkg/status.d/libc6", b"Package: libc6\nVersion: 2.36-9+deb12u4\nInstalled-Size: 12000\n")
            .file("var/lib/dpkg/status.d/libc6.md5sums", b"abc  usr/lib/x\n")
            .file("lib/apk/db/installed", b"C:Q1abc=\nP:musl\nV:1.2.5-r0\nA:x86_64\nI:622592\n\nP:busybox\nV:1.36.1-r29\nI:946176\n")
            .finish();
        let packages = inventory_of(&ImageSpec::new(vec![layer]));
        let found: Vec<(&str, &str, &str, Option<u64>)> = packages
            .iter()
            .map(|p| {
                (
                    p.ecosystem.as_str(),
                    p.name.as_str(),
                    p.version.as_str(),
                    p.size,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("apk", "busybox", "1.36.1-r29", Some(946_176)),
                ("apk", "musl", "1.2.5-r0", Some(622_592)),
                ("deb", "libc6", "2.36-9+deb12u4", Some(12_288_000)),
            ]
        );
    }

    #[test]
    fn python_dist_info_and_egg_info() {
        let site = "venv/lib/python3.12/site-packages";
        let record = "flask/__init__.py,sha256=x,100\nflask/app.py,sha256=y,300\n../../../bin/flask,sha256=z,50\n\"odd,name.txt\",,\nflask-3.1.3.dist-info/METADATA,,\nflask-3.1.3.dist-info/RECORD,,\n";
        let metadata = "Metadata-Version: 2.4\nName: Flask\nVersion: 3.1.3\n\nName: not-this\n";
        let layer = Tar::new()
            .file(&format!("{site}/flask/__init__.py"), &[0; 100])
            .file(&format!("{site}/flask/app.py"), &[0; 300])
            .file("venv/bin/flask", &[0; 50])
            .file(&format!("{site}/odd,name.txt"), &[0; 7])
            .file(
                &format!("{site}/flask-3.1.3.dist-info/METADATA"),
                metadata.as_bytes(),
            )
            .file(
                &format!("{site}/flask-3.1.3.dist-info/RECORD"),
                record.as_bytes(),
            )
            .file(
                "usr/lib/python3/dist-packages/wheel-0.38.4.egg-info/PKG-INFO",
                b"Metadata-Version: 2.1\nName: wheel\nVersion: 0.38.4\n",
            )
            .file(
                "usr/lib/python3/dist-packages/wheel-0.38.4.egg-info/top_level.txt",
                b"wheel\nmissing\n",
            )
            .file("usr/lib/python3/dist-packages/wheel/__init__.py", &[0; 20])
            .file("usr/lib/python3/dist-packages/wheel/cli/x.py", &[0; 30])
            .file(
                "usr/lib/python3/dist-packages/distro_info-1.0.egg-info",
                b"Name: distro-info\nVersion: 1.0\n",
            )
            .finish();
        // A later layer deletes a file of the package: it no longer counts.
        let trim = Tar::new()
            .file(&format!("{site}/flask/.wh.app.py"), b"")
            .finish();
        let packages = inventory_of(&ImageSpec::new(vec![layer, trim]));
        let metadata_len = metadata.len() as u64;
        let record_len = record.len() as u64;
        assert_eq!(
            summary(&packages),
            [
                (
                    "Flask".into(),
                    "3.1.3".into(),
                    Some(100 + 50 + 7 + metadata_len + record_len),
                    Some(0)
                ),
                ("distro-info".into(), "1.0".into(), None, Some(0)),
                ("wheel".into(), "0.38.4".into(), Some(50), Some(0)),
            ]
        );
        assert_eq!(
            packages[0].path.as_deref(),
            Some("/venv/lib/python3.12/site-packages/flask-3.1.3.dist-info")
        );
    }
}
