//! Image rules and the package inventory on every image in `../shared/images`, checked
//! against facts obtained without plimsoll: `shared/images/README.md` (users, shells, package
//! managers, secrets, whiteouts) and the layers read by an independent reader
//! (`independent/`: the `tar` crate) for setuid files and package databases, and
//! `python3 scripts/reference-packages.py IMAGE` (a separate Python implementation of the
//! inventory on `tarfile`; its output is recorded below) for sizes and layers.
//!
//! Skips with a message when `../shared` is absent.

mod independent;

use std::path::{Path, PathBuf};

use std::collections::BTreeMap;

use plimsoll_image::{
    AnalysisOptions, CheckContext, ContentCollector, Finding, Package, ReadOptions, RuleSettings,
    SourceSpec, analyze, packages, read_image, rules,
};

fn shared(test: &str, sub: &str) -> Option<PathBuf> {
    plimsoll_testing::shared_path(test, &format!("images/{sub}"))
}

/// Findings and packages, as the CLI computes them.
fn inspect(path: &Path) -> (Vec<Finding>, Vec<Package>) {
    let collector = ContentCollector::new();
    let image = read_image(
        &SourceSpec::Path(path.to_owned()),
        &ReadOptions {
            scanner: Some(&collector),
            ..ReadOptions::default()
        },
    )
    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let analysis = analyze(&image, &AnalysisOptions::default());
    let contents = collector.finish();
    let findings = rules::check(&image, &analysis.fs, &contents, &RuleSettings::default());
    let packages = packages::inventory(&CheckContext::new(&image, &analysis.fs, &contents));
    (findings, packages)
}

fn findings(path: &Path) -> Vec<Finding> {
    inspect(path).0
}

/// name → (version, size in bytes) of the installed packages in a dpkg `status` or
/// `status.d` text, parsed here without plimsoll's parser.
fn independent_dpkg(text: &str, need_status: bool) -> BTreeMap<String, (String, Option<u64>)> {
    let mut packages = BTreeMap::new();
    for block in text.split("\n\n") {
        let field = |key: &str| {
            block
                .lines()
                .find_map(|line| line.strip_prefix(&format!("{key}: ")))
                .map(str::to_owned)
        };
        let Some(name) = field("Package") else {
            continue;
        };
        if need_status && !field("Status").is_some_and(|s| s.ends_with(" installed")) {
            continue;
        }
        let size = field("Installed-Size").map(|kib| kib.parse::<u64>().unwrap() * 1024);
        packages.insert(name, (field("Version").unwrap_or_default(), size));
    }
    packages
}

fn of_ecosystem<'a>(packages: &'a [Package], ecosystem: &str) -> Vec<&'a Package> {
    packages
        .iter()
        .filter(|p| p.ecosystem == ecosystem)
        .collect()
}

fn as_map(packages: &[&Package]) -> BTreeMap<String, (String, Option<u64>)> {
    packages
        .iter()
        .map(|p| (p.name.clone(), (p.version.clone(), p.size)))
        .collect()
}

/// `Name`/`Version` of every `*.dist-info/METADATA` and `*.egg-info/PKG-INFO` the layers
/// leave, read with the independent reader (no whiteout in these images touches them).
fn independent_python(path: &Path) -> BTreeMap<String, String> {
    let layers = independent::layers(path);
    independent::last_versions(&layers)
        .into_iter()
        .filter(|(path, _)| {
            path.ends_with(".dist-info/METADATA") || path.ends_with(".egg-info/PKG-INFO")
        })
        .map(|(_, (_, entry))| {
            let text = String::from_utf8(entry.data).unwrap();
            let field = |key: &str| {
                text.lines()
                    .find_map(|l| l.strip_prefix(&format!("{key}: ")))
                    .unwrap()
                    .to_owned()
            };
            (field("Name"), field("Version"))
        })
        .collect()
}

fn codes(findings: &[Finding]) -> Vec<&'static str> {
    let mut codes: Vec<&str> = findings.iter().map(|f| f.code).collect();
    codes.dedup();
    codes
}

fn one<'a>(findings: &'a [Finding], code: &str) -> &'a Finding {
    let matching: Vec<&Finding> = findings.iter().filter(|f| f.code == code).collect();
    assert_eq!(matching.len(), 1, "{code}: {findings:#?}");
    matching[0]
}

/// Setuid/setgid files of the final filesystem, worked out by the independent reader (no
/// whiteout in these images touches them).
fn independent_setuid(path: &Path) -> Vec<String> {
    let layers = independent::layers(path);
    independent::last_versions(&layers)
        .into_iter()
        .filter(|(_, (_, entry))| entry.kind == b'0' && entry.mode & 0o6000 != 0)
        .map(|(path, _)| format!("/{path}"))
        .collect()
}

#[test]
fn synthetic_image_in_every_format() {
    // README: user 1000; bin/sh and bin/bash (hardlink); usr/bin/apt-get; var/cache/apt/
    // pkgcache.bin (50,000 bytes) deleted by layer 1's directory whiteout; app/.env (an AWS
    // secret key line) and app/id_rsa (a PEM private key header) added by layer 1 and hidden
    // by layer 2's opaque whiteout; Env PASSWORD=hunter2; no healthcheck.
    let mut first: Option<Vec<Finding>> = None;
    for name in [
        "legacy.tar",
        "oci-docker25.tar",
        "oci-nomanifest.tar",
        "oci-gzip.tar",
        "oci-zstd.tar",
        "ocidir",
    ] {
        let Some(path) = shared(
            "synthetic_image_in_every_format",
            &format!("synthetic/{name}"),
        ) else {
            return;
        };
        let found = findings(&path);
        assert_eq!(
            codes(&found),
            [
                "PI201", "PI205", "PI202", "PI302", "PI003", "PI101", "PI102"
            ],
            "{name}"
        );
        let key = one(&found, "PI201");
        assert_eq!(
            (key.path.as_deref(), key.layer, key.removed_in),
            (Some("/app/id_rsa"), Some(1), Some(2))
        );
        assert!(key.message.contains("opaque whiteout in layer 2"));
        let env = one(&found, "PI202");
        assert_eq!(
            (env.path.as_deref(), env.layer, env.removed_in),
            (Some("/app/.env"), Some(1), Some(2))
        );
        assert!(env.message.contains("AWS_SECRET_ACCESS_KEY"));
        assert!(one(&found, "PI205").message.contains("`PASSWORD`"));
        let cache = one(&found, "PI302");
        assert_eq!(
            (cache.path.as_deref(), cache.layer, cache.removed_in),
            (Some("/var/cache/apt"), Some(0), Some(1))
        );
        assert!(cache.message.contains("50.0 kB"));
        assert_eq!(
            one(&found, "PI101").message,
            "the image ships a shell: /bin/sh, /bin/bash"
        );
        assert!(one(&found, "PI102").message.contains("apt-get"));
        match &first {
            None => first = Some(found),
            Some(first) => assert_eq!(
                format!("{first:?}"),
                format!("{found:?}"),
                "{name} differs from legacy.tar"
            ),
        }
    }
}

#[test]
fn synthetic_duplicate_layers_run_as_root() {
    // README: `dup-dedup.tar` has a config without `User`.
    for name in ["dup-dedup.tar", "dup-hardlink.tar"] {
        let Some(path) = shared(
            "synthetic_duplicate_layers_run_as_root",
            &format!("synthetic/{name}"),
        ) else {
            return;
        };
        let found = findings(&path);
        assert_eq!(
            one(&found, "PI001").message,
            "no USER is set: the container runs as root"
        );
    }
}

#[test]
fn python_slim_flask() {
    let Some(path) = shared("python_slim_flask", "python-slim-flask.oci") else {
        return;
    };
    let found = findings(&path);
    // README: user 1000, added to /etc/passwd by layer 5: not root, and known.
    // No secret content in any layer (libssh2's key header literal is a false positive that
    // must not show); no apt lists or caches left (layer 1 cleans in the same RUN); pip ran
    // with PIP_NO_CACHE_DIR. No healthcheck.
    assert_eq!(codes(&found), ["PI003", "PI101", "PI102", "PI103"]);
    // README: shells /bin/sh, /bin/bash, /bin/dash only through the /bin -> usr/bin link.
    assert_eq!(
        one(&found, "PI101").message,
        "the image ships a shell: /bin/sh, /bin/bash, /bin/dash"
    );
    // README: package managers apt, apt-get, dpkg, pip, pip3.
    let managers = &one(&found, "PI102").message;
    for tool in ["apt", "apt-get", "dpkg", "pip", "pip3"] {
        assert!(
            managers.contains(&format!("/bin/{tool}")),
            "{tool}: {managers}"
        );
    }
    let setuid: Vec<String> = found
        .iter()
        .filter(|f| f.code == "PI103")
        .map(|f| f.path.clone().unwrap())
        .collect();
    assert_eq!(setuid, independent_setuid(&path));
    assert_eq!(setuid.len(), 11);
}

#[test]
fn distroless_flask_in_both_forms() {
    for name in ["distroless-flask.oci", "distroless-flask.docker-save.tar"] {
        let Some(path) = shared("distroless_flask_in_both_forms", name) else {
            return;
        };
        let found = findings(&path);
        // README: user 65532:65532, no shell (not even through /bin), no apt/dpkg/pip, /tmp
        // 1777; the only thing missing is a healthcheck.
        assert_eq!(codes(&found), ["PI003"], "{name}: {found:#?}");
        assert!(independent_setuid(&path).is_empty());
    }
}

#[test]
fn python_slim_flask_packages() {
    let Some(path) = shared("python_slim_flask_packages", "python-slim-flask.oci") else {
        return;
    };
    let (_, packages) = inspect(&path);
    let debs = of_ecosystem(&packages, "deb");
    // The final dpkg status is layer 1's (it installed curl), read with the tar crate.
    let layers = independent::layers(&path);
    let status = layers[1]
        .iter()
        .find(|e| e.path == "var/lib/dpkg/status")
        .unwrap();
    let expected = independent_dpkg(std::str::from_utf8(&status.data).unwrap(), true);
    assert_eq!(as_map(&debs), expected);
    // reference-packages.py: 129 deb (119 from layer 0, 10 from layer 1) totalling
    // 172,143,616 bytes; curl 7.88.1-10+deb12u15 (500,736 bytes) from layer 1.
    assert_eq!(debs.len(), 129);
    assert_eq!(debs.iter().filter(|p| p.layer == Some(1)).count(), 10);
    assert_eq!(debs.iter().filter_map(|p| p.size).sum::<u64>(), 172_143_616);
    let curl = debs.iter().find(|p| p.name == "curl").unwrap();
    assert_eq!(
        (curl.version.as_str(), curl.size, curl.layer),
        ("7.88.1-10+deb12u15", Some(500_736), Some(1))
    );

    // README: the 9 pip packages in /usr/local/lib/python3.11/dist-packages (layer 3, flask
    // 3.1.3, gunicorn 23.0.0) plus Debian's pip 23.0.1; Debian's setuptools and wheel are
    // egg-info directories.
    let python = of_ecosystem(&packages, "python");
    let names: BTreeMap<String, String> = python
        .iter()
        .map(|p| (p.name.clone(), p.version.clone()))
        .collect();
    assert_eq!(names, independent_python(&path));
    assert_eq!(names["Flask"], "3.1.3");
    assert_eq!(names["gunicorn"], "23.0.0");
    assert_eq!(names["pip"], "23.0.1");
    assert_eq!(python.len(), 12);
    // Every file of layer 3 belongs to one of its packages' RECORDs: their sizes add up to the
    // layer's 6,699,446 content bytes (reference-waste.py).
    let layer3: u64 = python
        .iter()
        .filter(|p| p.layer == Some(3))
        .map(|p| p.size.unwrap())
        .sum();
    assert_eq!(layer3, 6_699_446);
    // reference-packages.py: pip 6,176,898 (RECORD), setuptools 3,276,035 and wheel 95,910
    // (top_level.txt), Flask 748,588.
    let size = |name: &str| python.iter().find(|p| p.name == name).unwrap().size;
    assert_eq!(size("pip"), Some(6_176_898));
    assert_eq!(size("setuptools"), Some(3_276_035));
    assert_eq!(size("wheel"), Some(95_910));
    assert_eq!(size("Flask"), Some(748_588));
}

#[test]
fn distroless_flask_packages_in_both_forms() {
    for name in ["distroless-flask.oci", "distroless-flask.docker-save.tar"] {
        let Some(path) = shared("distroless_flask_packages_in_both_forms", name) else {
            return;
        };
        let (_, packages) = inspect(&path);
        // README: no dpkg status, 35 packages in status.d (9 in layer 0, 26 in layer 1).
        let mut expected = BTreeMap::new();
        for entry in independent::layers(&path).iter().flatten() {
            if entry.path.starts_with("var/lib/dpkg/status.d/")
                && entry.kind == b'0'
                && !entry.path.ends_with(".md5sums")
            {
                expected.extend(independent_dpkg(
                    std::str::from_utf8(&entry.data).unwrap(),
                    false,
                ));
            }
        }
        let debs = of_ecosystem(&packages, "deb");
        assert_eq!(as_map(&debs), expected, "{name}");
        assert_eq!(debs.len(), 35);
        assert_eq!(debs.iter().filter(|p| p.layer == Some(0)).count(), 9);
        // README: 9 dist-info packages in layer 2, all of that layer's files.
        let python = of_ecosystem(&packages, "python");
        let names: BTreeMap<String, String> = python
            .iter()
            .map(|p| (p.name.clone(), p.version.clone()))
            .collect();
        assert_eq!(names, independent_python(&path));
        assert_eq!(python.len(), 9);
        assert_eq!(
            python.iter().map(|p| p.size.unwrap()).sum::<u64>(),
            6_700_942
        );
    }
}

#[test]
fn synthetic_image_packages() {
    for name in ["legacy.tar", "oci-gzip.tar", "ocidir"] {
        let Some(path) = shared("synthetic_image_packages", &format!("synthetic/{name}")) else {
            return;
        };
        let (_, packages) = inspect(&path);
        // README: requests' METADATA (added in layer 1, no RECORD) is the only package data.
        assert_eq!(packages.len(), 1);
        let requests = &packages[0];
        assert_eq!(
            (
                requests.ecosystem.as_str(),
                requests.name.as_str(),
                requests.version.as_str(),
                requests.size,
                requests.layer
            ),
            ("python", "requests", "2.32.3", None, Some(1))
        );
    }
}
