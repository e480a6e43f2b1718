//! Image rules (and later the package inventory) on every image in `../shared/images`, checked
//! against facts obtained without plimsoll: `shared/images/README.md` (users, shells, package
//! managers, secrets, whiteouts) and the layers read by an independent reader
//! (`independent/`: the `tar` crate) for setuid files and anything else countable.
//!
//! Skips with a message when `../shared` is absent.

mod independent;

use std::path::{Path, PathBuf};

use plimsoll_image::{
    AnalysisOptions, ContentCollector, Finding, ReadOptions, RuleSettings, SourceSpec, analyze,
    read_image, rules,
};

fn shared(test: &str, sub: &str) -> Option<PathBuf> {
    plimsoll_testing::shared_path(test, &format!("images/{sub}"))
}

fn findings(path: &Path) -> Vec<Finding> {
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
    rules::check(
        &image,
        &analysis.fs,
        &collector.finish(),
        &RuleSettings::default(),
    )
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
